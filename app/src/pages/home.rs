//! The signed-in home screen: who is signed in, for which team and agency.

use crate::AppContext;
use crate::api;
use crate::i18n;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn HomePage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let officer = move || {
        context
            .session
            .with(|s| s.as_ref().map(|s| s.officer.clone()))
    };
    let logout = move |_| {
        if let Some(token) = context
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
        {
            spawn_local(async move { api::logout(&token).await });
        }
        context.sign_out();
    };
    view! {
        <section class="card home" id="home">
            {move || officer().map(|officer| {
                let lang = context.lang.get();
                view! {
                    <h1 id="welcome">{context.t(i18n::WELCOME)} ", " {officer.name.clone()}</h1>
                    <dl class="facts">
                        <dt>{context.t(i18n::ROLE)}</dt>
                        <dd id="officer-role">{officer.role.label(lang)}</dd>
                        <dt>{context.t(i18n::TEAM)}</dt>
                        <dd>{officer.team_id.clone().unwrap_or_else(|| context.t(i18n::NO_TEAM).to_string())}</dd>
                        <dt>{context.t(i18n::AGENCY)}</dt>
                        <dd>{officer.agency.label(lang)}</dd>
                    </dl>
                }
            })}
            <button class="button secondary" id="logout" on:click=logout>
                {move || context.t(i18n::LOGOUT_BUTTON)}
            </button>
        </section>
    }
}
