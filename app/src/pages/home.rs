//! The signed-in home screen: who is signed in, what the device holds, where to go.

use crate::AppContext;
use crate::components::form::{agency_table, code_names};
use crate::device::Device;
use crate::i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn HomePage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let officer = move || {
        context
            .session
            .with(|s| s.as_ref().map(|s| s.officer.clone()))
    };
    let subjects = move || {
        device.state.with(|s| {
            s.records()
                .filter(|r| r.entity == "subject" && r.is_live())
                .count()
        })
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
                        <dd id="officer-agency">{code_names(agency_table, [officer.agency.as_str()], lang)}</dd>
                    </dl>
                }
            })}
            <p class="big-number"><strong id="subject-count">{subjects}</strong> " " {move || context.t(i18n::SUBJECT_COUNT)}</p>
            <div class="actions">
                <A href="/orang-asing" attr:class="button primary">{move || context.t(i18n::NAV_SUBJECTS)}</A>
                {context.writes_records().then(|| view! {
                    <A href="/orang-asing/baru" attr:class="button secondary" attr:id="register-subject">
                        {move || context.t(i18n::REGISTER_SUBJECT)}
                    </A>
                })}
            </div>
        </section>
    }
}
