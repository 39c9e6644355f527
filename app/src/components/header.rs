//! The top bar: the app's name and the language switch.

use crate::AppContext;
use crate::i18n;
use leptos::prelude::*;
use pantau_shared::Lang;

#[component]
pub fn Header() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let switch = move |_| {
        context.lang.update(|lang| {
            *lang = match lang {
                Lang::Id => Lang::En,
                Lang::En => Lang::Id,
            }
        })
    };
    view! {
        <header class="app-header">
            <div class="brand">
                <span class="brand-name">{move || context.t(i18n::APP_NAME)}</span>
                <span class="brand-tagline">{move || context.t(i18n::APP_TAGLINE)}</span>
            </div>
            <button
                class="button secondary"
                id="language-switch"
                on:click=switch
                title=move || context.t(i18n::LANGUAGE_SWITCH_HINT)
            >
                {move || context.t(i18n::LANGUAGE_SWITCH)}
            </button>
        </header>
    }
}
