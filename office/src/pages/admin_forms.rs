//! The administrator's forms: teams (add, or rename and re-region), new accounts, and a
//! password reset. Each asks the server, which checks every field as `pantau team|user
//! add` does; a refusal names the field and why, in the administrator's language.

use crate::api::{self, Refusal, TeamRow};
use crate::{OfficeContext, i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::lang::{Label, Lang};
use pantau_shared::region::RegionLevel;
use pantau_shared::team::{IMIGRASI, Role};
use serde_json::json;

/// A form's outcome as shown under it.
#[derive(Clone, PartialEq)]
pub enum Outcome {
    Done(Label),
    Refused(Refusal),
}

/// How a form's refusal reads: "Field: why", in the administrator's language.
impl Outcome {
    /// The outcome of a request that answers nothing but success.
    pub fn of(done: Label, answer: Result<(), Refusal>) -> Outcome {
        match answer {
            Ok(()) => Outcome::Done(done),
            Err(refusal) => Outcome::Refused(refusal),
        }
    }

    pub fn text(&self, lang: Lang, explain: impl Fn(&Refusal, Lang) -> String) -> String {
        match self {
            Outcome::Done(label) => label.get(lang).to_string(),
            Outcome::Refused(refusal) => explain(refusal, lang),
        }
    }

    fn is_refusal(&self) -> bool {
        matches!(self, Outcome::Refused(_))
    }
}

/// "Field: why", in the administrator's language where the code is known.
fn refusal_text(refusal: &Refusal, lang: Lang) -> String {
    let field = refusal.field.as_deref().unwrap_or_default();
    let field_label = match field {
        "username" => Some(app::i18n::USERNAME),
        "password" => Some(app::i18n::PASSWORD),
        "name" => Some(i18n::COLUMN_NAME),
        "role" => Some(i18n::COLUMN_ROLE),
        "team" => Some(i18n::COLUMN_TEAM),
        "agency" => Some(i18n::AGENCY),
        "id" => Some(i18n::TEAM_ID),
        "region" => Some(i18n::REGION),
        _ => None,
    };
    let reason = match (field, refusal.failure.code()) {
        ("region", _) => Some(i18n::REASON_REGION),
        ("name", "invalid_format") => Some(i18n::REASON_CONTROL),
        (_, "required") => Some(i18n::REASON_REQUIRED),
        (_, "too_long") => Some(i18n::REASON_TOO_LONG),
        (_, "invalid_format") => Some(i18n::REASON_FORMAT),
        (_, "too_short") => Some(i18n::REASON_TOO_SHORT),
        (_, "username_taken") => Some(i18n::REASON_TAKEN),
        (_, "unknown_team") => Some(i18n::REASON_UNKNOWN_TEAM),
        (_, "not_allowed_value") => Some(i18n::REASON_NOT_ALLOWED),
        _ => None,
    };
    match (field_label, reason) {
        (Some(field), Some(reason)) => format!("{}: {}", field.get(lang), reason.get(lang)),
        _ => super::admin::failure_label(&refusal.failure)
            .get(lang)
            .to_string(),
    }
}

/// The outcome line under a form, a refusal read by `explain`.
pub fn outcome_line(
    context: OfficeContext,
    outcome: RwSignal<Option<Outcome>>,
    id: impl Into<String>,
    explain: impl Fn(&Refusal, Lang) -> String + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id: String = id.into();
    move || {
        let id = id.clone();
        outcome.get().map(|shown| {
            let class = if shown.is_refusal() {
                "form-error"
            } else {
                "form-ok"
            };
            view! { <p class=class id=id role="status">{shown.text(context.lang.get(), explain)}</p> }
        })
    }
}

/// A text input bound to a signal.
pub fn text_input(
    id: impl Into<String>,
    value: RwSignal<String>,
    kind: &'static str,
) -> impl IntoView {
    let id: String = id.into();
    view! {
        <input
            id=id
            type=kind
            autocomplete="off"
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}

/// Sends `body` to `path` and reports the outcome; a success reloads the lists, if any.
fn send(
    context: OfficeContext,
    path: String,
    body: serde_json::Value,
    done: Label,
    outcome: RwSignal<Option<Outcome>>,
    reload: Option<RwSignal<u32>>,
    after: impl FnOnce() + 'static,
) {
    let token = context.token().unwrap_or_default();
    spawn_local(async move {
        match api::submit(&token, &path, &body).await {
            Ok(()) => {
                outcome.set(Some(Outcome::Done(done)));
                after();
                if let Some(reload) = reload {
                    reload.update(|n| *n += 1);
                }
            }
            Err(refusal) => outcome.set(Some(Outcome::Refused(refusal))),
        }
    });
}

/// The teams, and the form that adds one or changes one.
#[component]
pub fn TeamsSection(reload: RwSignal<u32>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let teams = LocalResource::new(move || {
        reload.track();
        let token = context.token().unwrap_or_default();
        async move { api::teams(&token).await }
    });
    let (id, name, region) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("51".to_string()),
    );
    let outcome = RwSignal::new(None::<Outcome>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = json!({"id": id.get_untracked(), "name": name.get_untracked(), "region_code": region.get_untracked()});
        send(
            context,
            "teams".into(),
            body,
            i18n::TEAM_SAVED,
            outcome,
            Some(reload),
            move || {
                id.set(String::new());
                name.set(String::new());
            },
        );
    };
    // Teams cover the province or one of its regencies.
    let regions: Vec<(String, String)> = pantau_shared::wilayah::bali_regions()
        .into_iter()
        .filter(|r| matches!(r.level, RegionLevel::Province | RegionLevel::Regency))
        .map(|r| {
            (
                r.code.as_str().to_string(),
                format!("{} — {}", r.code.as_str(), r.name),
            )
        })
        .collect();
    let team_row = |team: TeamRow| {
        let key = team.id.clone();
        let region_name = pantau_shared::wilayah::name_of(&team.region_code).unwrap_or_default();
        view! {
            <tr data-team=key>
                <td>{team.id}</td>
                <td>{team.name}</td>
                <td>{format!("{} {}", team.region_code, region_name)}</td>
            </tr>
        }
    };
    view! {
        <section class="card" id="admin-teams">
            <h1>{move || context.t(i18n::TEAMS)}</h1>
            {move || match teams.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error">{move || context.t(super::admin::failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="muted">{move || context.t(i18n::NO_TEAMS)}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="table-scroll">
                        <table class="admin-table" id="team-table">
                            <thead><tr>
                                <th>{move || context.t(i18n::TEAM_ID)}</th>
                                <th>{move || context.t(i18n::COLUMN_NAME)}</th>
                                <th>{move || context.t(i18n::REGION)}</th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(team_row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
            <form class="admin-form" id="team-form" on:submit=on_submit novalidate>
                <h2>{move || context.t(i18n::NEW_TEAM)}</h2>
                <label for="team-id">{move || context.t(i18n::TEAM_ID)}</label>
                {text_input("team-id", id, "text")}
                <p class="muted">{move || context.t(i18n::TEAM_ID_HINT)}</p>
                <label for="team-name">{move || context.t(i18n::COLUMN_NAME)}</label>
                {text_input("team-name", name, "text")}
                <label for="team-region">{move || context.t(i18n::REGION)}</label>
                <select id="team-region" on:change=move |ev| region.set(event_target_value(&ev))>
                    {regions.into_iter().map(|(code, shown)| {
                        let selected = code == region.get_untracked();
                        view! { <option value=code selected=selected>{shown}</option> }
                    }).collect_view()}
                </select>
                <button class="button primary" id="team-submit" type="submit">{move || context.t(i18n::SAVE_TEAM)}</button>
                {outcome_line(context, outcome, "team-outcome", refusal_text)}
            </form>
        </section>
    }
}

/// The form that creates an account.
#[component]
pub fn NewAccountForm(reload: RwSignal<u32>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let teams = LocalResource::new(move || {
        reload.track();
        let token = context.token().unwrap_or_default();
        async move { api::teams(&token).await.unwrap_or_default() }
    });
    let username = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Field.code().to_string());
    let team = RwSignal::new(String::new());
    let agency = RwSignal::new(IMIGRASI.to_string());
    let password = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let team_id = team.get_untracked();
        let body = json!({
            "username": username.get_untracked(),
            "name": name.get_untracked(),
            "role": role.get_untracked(),
            "team_id": (!team_id.is_empty()).then_some(team_id),
            "agency": agency.get_untracked(),
            "password": password.get_untracked(),
        });
        send(
            context,
            "accounts".into(),
            body,
            i18n::ACCOUNT_CREATED,
            outcome,
            Some(reload),
            move || {
                username.set(String::new());
                name.set(String::new());
                password.set(String::new());
            },
        );
    };
    view! {
        <form class="admin-form" id="account-form" on:submit=on_submit novalidate>
            <h2>{move || context.t(i18n::NEW_ACCOUNT)}</h2>
            <label for="account-username">{move || context.t(app::i18n::USERNAME)}</label>
            {text_input("account-username", username, "text")}
            <label for="account-name">{move || context.t(i18n::COLUMN_NAME)}</label>
            {text_input("account-name", name, "text")}
            <label for="account-role">{move || context.t(i18n::COLUMN_ROLE)}</label>
            <select id="account-role" on:change=move |ev| role.set(event_target_value(&ev))>
                {Role::ALL.iter().map(|r| view! {
                    <option value=r.code() selected=*r == Role::Field>{move || r.label(context.lang.get())}</option>
                }).collect_view()}
            </select>
            <label for="account-team">{move || context.t(i18n::COLUMN_TEAM)}</label>
            <select id="account-team" on:change=move |ev| team.set(event_target_value(&ev))>
                <option value="">{move || context.t(i18n::NO_TEAM_CHOSEN)}</option>
                {move || teams.get().unwrap_or_default().into_iter().map(|t| {
                    let selected = t.id == team.get_untracked();
                    view! { <option value=t.id.clone() selected=selected>{format!("{} — {}", t.id, t.name)}</option> }
                }).collect_view()}
            </select>
            <label for="account-agency">{move || context.t(i18n::AGENCY)}</label>
            <select id="account-agency" on:change=move |ev| agency.set(event_target_value(&ev))>
                {move || context.agencies_in_force(context.lang.get()).into_iter().map(|(code, label)| {
                    let selected = code == agency.get_untracked();
                    view! { <option value=code selected=selected>{label}</option> }
                }).collect_view()}
            </select>
            <label for="account-password">{move || context.t(app::i18n::PASSWORD)}</label>
            {text_input("account-password", password, "password")}
            <button class="button primary" id="account-submit" type="submit">{move || context.t(i18n::CREATE_ACCOUNT)}</button>
            {outcome_line(context, outcome, "account-outcome", refusal_text)}
        </form>
    }
}

/// A password reset for one account, opened from its row.
#[component]
pub fn PasswordReset(username: String, close: Callback<()>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let password = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let path = format!("accounts/{username}/password");
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let body = json!({"password": password.get_untracked()});
        // Nothing listed changes: the account's sessions end on the server.
        send(
            context,
            path.clone(),
            body,
            i18n::PASSWORD_RESET,
            outcome,
            None,
            move || {
                password.set(String::new());
            },
        );
    };
    view! {
        <form class="admin-form password-reset" on:submit=on_submit novalidate>
            <label for="reset-password">{move || context.t(i18n::NEW_PASSWORD)}</label>
            {text_input("reset-password", password, "password")}
            <button class="button primary" id="reset-submit" type="submit">{move || context.t(i18n::SAVE_PASSWORD)}</button>
            <button class="button secondary" type="button" on:click=move |_| close.run(())>{move || context.t(i18n::CANCEL)}</button>
            {outcome_line(context, outcome, "reset-outcome", refusal_text)}
        </form>
    }
}
