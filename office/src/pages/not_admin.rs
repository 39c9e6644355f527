//! What an account that is not an administrator is told here.

use crate::{OfficeContext, i18n};
use leptos::prelude::*;

#[component]
pub fn NotAdmin() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    view! {
        <section class="card" id="not-admin">
            <p>{move || context.t(i18n::NOT_ADMIN)}</p>
            <a class="button primary" href="/">{move || context.t(i18n::OPEN_FIELD_APP)}</a>
        </section>
    }
}
