//! A path the app does not know, or a record not on this device; and a form the
//! signed-in account may not write.

use crate::AppContext;
use crate::i18n;
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let context = expect_context::<AppContext>();
    view! { <section class="card"><p>{move || context.t(i18n::NOT_FOUND)}</p></section> }
}

/// What the Rakor's forms need: the coordinator keeps the minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writes {
    Records,
    Minutes,
}

/// Shows a form only to an account whose writes the server takes; anyone else (the
/// Kanwil, or a field officer on a Rakor form) reads why instead of a form it could not
/// save.
#[component]
pub fn WritersOnly(writes: Writes, children: ChildrenFn) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let allowed = move || match writes {
        Writes::Records => context.writes_records(),
        Writes::Minutes => context.rakor_right().keeps_minutes(),
    };
    view! {
        <Show when=allowed fallback=move || view! {
            <section class="card" id="read-only"><p class="notice">{move || context.t(i18n::READ_ONLY)}</p></section>
        }>
            {children()}
        </Show>
    }
}
