//! A path the app does not know, or a record not on this device.

use crate::AppContext;
use crate::i18n;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let context = expect_context::<AppContext>();
    view! { <section class="card"><p>{move || context.t(i18n::NOT_FOUND)}</p></section> }
}
