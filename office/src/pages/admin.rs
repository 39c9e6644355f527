//! The administrator's screen: devices (revoke a lost tablet), accounts (create,
//! disable, enable, reset a password), teams, settings, the overstay fee and the
//! regulation code tables (permit types, visa index codes, actions, violations, member
//! agencies). Each change asks the server, then reloads the lists from it.

use super::admin_codes::{
    ActionSection, AgencySection, PermitSection, ViolationSection, VisaSection,
};
use super::admin_forms::{NewAccountForm, PasswordReset, TeamsSection};
use super::admin_overstay::OverstaySection;
use super::admin_settings::SettingsSection;
use crate::api::{self, AccountRow, DeviceRow};
use crate::{OfficeContext, i18n};
use app::api::ApiFailure;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::lang::Label;

/// What to tell the administrator when a request failed.
pub fn failure_label(failure: &ApiFailure) -> Label {
    match failure.code() {
        "network" => app::i18n::ERROR_NO_CONNECTION,
        "own_account" => i18n::ERROR_OWN_ACCOUNT,
        "own_device" => i18n::ERROR_OWN_DEVICE,
        "not_found" => i18n::ERROR_GONE,
        _ => app::i18n::ERROR_SERVER,
    }
}

/// A moment in the reader's local time.
pub fn local_time(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    String::from(date.to_locale_string("id-ID", &wasm_bindgen::JsValue::UNDEFINED))
}

#[component]
pub fn AdminPage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let reload = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<Label>);
    // The device whose revocation awaits the administrator's confirmation.
    let confirming = RwSignal::new(None::<String>);
    // The account whose new password is being typed.
    let resetting = RwSignal::new(None::<String>);
    let token = move || context.token().unwrap_or_default();
    let devices = LocalResource::new(move || {
        reload.track();
        let token = token();
        async move { api::devices(&token).await }
    });
    let accounts = LocalResource::new(move || {
        reload.track();
        let token = token();
        async move { api::accounts(&token).await }
    });
    let log_key = LocalResource::new(api::log_public_key);
    // An expired or ended session sends the administrator back to sign in.
    let check_session = move |failure: &ApiFailure| {
        if matches!(
            failure.code(),
            "invalid_token" | "token_expired" | "missing_token"
        ) {
            context.sign_out();
        }
    };
    let change = move |path: String| {
        let token = token();
        spawn_local(async move {
            match api::change(&token, &path).await {
                Ok(()) => notice.set(None),
                Err(failure) => {
                    check_session(&failure);
                    notice.set(Some(failure_label(&failure)));
                }
            }
            confirming.set(None);
            reload.update(|n| *n += 1);
        });
    };
    let device_row = move |device: DeviceRow| {
        let id = device.id.clone();
        let revoked = device.revoked;
        let action = {
            let id = id.clone();
            move || {
                let id = id.clone();
                if revoked {
                    ().into_any()
                } else if confirming.get().as_deref() == Some(id.as_str()) {
                    let path = format!("devices/{id}/revoke");
                    view! {
                        <p class="revoke-question">{move || context.t(i18n::REVOKE_QUESTION)}</p>
                        <button class="button danger revoke-confirm" on:click=move |_| change(path.clone())>
                            {move || context.t(i18n::REVOKE_YES)}
                        </button>
                        <button class="button secondary revoke-cancel" on:click=move |_| confirming.set(None)>
                            {move || context.t(i18n::CANCEL)}
                        </button>
                    }
                    .into_any()
                } else {
                    view! {
                        <button class="button secondary revoke" on:click=move |_| confirming.set(Some(id.clone()))>
                            {move || context.t(i18n::REVOKE)}
                        </button>
                    }
                    .into_any()
                }
            }
        };
        view! {
            <tr data-device=id>
                <td>{device.username}</td>
                <td class="device-name">{device.name}</td>
                <td>{local_time(device.last_seen_ms)}</td>
                <td class="device-status">
                    {move || context.t(if revoked { i18n::STATUS_REVOKED } else { i18n::STATUS_ACTIVE })}
                </td>
                <td>{action}</td>
            </tr>
        }
    };

    // Moves an account to another agency (its own retired for a successor, say).
    let move_to_agency = move |username: String, agency: String| {
        let token = token();
        spawn_local(async move {
            let path = format!("accounts/{username}/agency");
            match api::submit(&token, &path, &serde_json::json!({"agency": agency})).await {
                Ok(()) => notice.set(None),
                Err(refusal) => {
                    check_session(&refusal.failure);
                    notice.set(Some(failure_label(&refusal.failure)));
                }
            }
            reload.update(|n| *n += 1);
        });
    };
    let account_row = move |account: AccountRow| {
        let lang = context.lang.get_untracked();
        // The agencies in force today, and the account's own even when retired.
        let mut agencies = context.agencies_in_force(lang);
        if !agencies.iter().any(|(code, _)| *code == account.agency) {
            let label = context.agency_label(&account.agency, lang);
            agencies.push((account.agency.clone(), label));
        }
        let agency_choice = {
            let username = account.username.clone();
            let current = account.agency.clone();
            view! {
                <select class="account-agency" aria-label=move || context.t(i18n::AGENCY)
                    on:change=move |ev| move_to_agency(username.clone(), event_target_value(&ev))>
                    {agencies.into_iter().map(|(code, label)| {
                        let selected = code == current;
                        view! { <option value=code selected=selected>{label}</option> }
                    }).collect_view()}
                </select>
            }
        };
        let is_self = context.session.with_untracked(|s| {
            s.as_ref()
                .is_some_and(|s| s.officer.id.to_string() == account.id)
        });
        let (label, action) = if account.active {
            (i18n::DISABLE, "disable")
        } else {
            (i18n::ENABLE, "enable")
        };
        let path = format!("accounts/{}/{action}", account.username);
        view! {
            <tr data-account=account.username.clone()>
                <td>{account.username.clone()}</td>
                <td>{account.name.clone()}</td>
                <td>{account.role.label(lang)}</td>
                <td>{account.team_id.clone().unwrap_or_default()}</td>
                <td>{agency_choice}</td>
                <td class="account-status">
                    {move || context.t(if account.active { i18n::STATUS_ACTIVE } else { i18n::STATUS_DISABLED })}
                </td>
                <td>
                    {if is_self {
                        view! { <span class="muted">{move || context.t(i18n::OWN_ACCOUNT)}</span> }.into_any()
                    } else {
                        let username = account.username.clone();
                        view! {
                            <button class="button secondary account-toggle" on:click=move |_| change(path.clone())>
                                {move || context.t(label)}
                            </button>
                            <button class="button secondary account-reset" on:click=move |_| resetting.set(Some(username.clone()))>
                                {move || context.t(i18n::RESET_PASSWORD)}
                            </button>
                        }.into_any()
                    }}
                </td>
            </tr>
        }
    };

    view! {
        <section class="card" id="admin-log-key">
            <h2>{move || context.t(i18n::SERVER_KEY)}</h2>
            <p class="muted">{move || context.t(i18n::SERVER_KEY_HINT)}</p>
            <p class="hash" id="admin-log-public-key">
                {move || log_key.get().and_then(Result::ok).unwrap_or_default()}
            </p>
        </section>
        <section class="card" id="admin-devices">
            <h1>{move || context.t(i18n::DEVICES)}</h1>
            {move || notice.get().map(|label| view! {
                <p class="form-error" id="admin-notice" role="alert">{move || context.t(label)}</p>
            })}
            {move || match devices.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => {
                    check_session(&failure);
                    view! { <p class="form-error" id="devices-error">{move || context.t(failure_label(&failure))}</p> }.into_any()
                }
                Some(Ok(list)) if list.is_empty() => view! {
                    <p class="muted">{move || context.t(i18n::NO_DEVICES)}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="table-scroll">
                        <table class="admin-table" id="device-table">
                            <thead><tr>
                                <th>{move || context.t(i18n::COLUMN_USER)}</th>
                                <th>{move || context.t(i18n::COLUMN_DEVICE)}</th>
                                <th>{move || context.t(i18n::COLUMN_LAST_SEEN)}</th>
                                <th>{move || context.t(i18n::COLUMN_STATUS)}</th>
                                <th></th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(device_row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
        </section>
        <section class="card" id="admin-accounts">
            <h1>{move || context.t(i18n::ACCOUNTS)}</h1>
            {move || match accounts.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error">{move || context.t(failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <div class="table-scroll">
                        <table class="admin-table" id="account-table">
                            <thead><tr>
                                <th>{move || context.t(i18n::COLUMN_USER)}</th>
                                <th>{move || context.t(i18n::COLUMN_NAME)}</th>
                                <th>{move || context.t(i18n::COLUMN_ROLE)}</th>
                                <th>{move || context.t(i18n::COLUMN_TEAM)}</th>
                                <th>{move || context.t(i18n::AGENCY)}</th>
                                <th>{move || context.t(i18n::COLUMN_STATUS)}</th>
                                <th></th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(account_row).collect_view()}</tbody>
                        </table>
                    </div>
                }.into_any(),
            }}
            {move || resetting.get().map(|username| view! {
                <h2 id="reset-title">{format!("{} — {}", context.t(i18n::RESET_PASSWORD), username)}</h2>
                <PasswordReset username=username close=Callback::new(move |()| resetting.set(None)) />
            })}
            <NewAccountForm reload=reload />
        </section>
        <TeamsSection reload=reload />
        <SettingsSection />
        <OverstaySection />
        <PermitSection />
        <VisaSection />
        <ActionSection />
        <ViolationSection />
        <AgencySection />
    }
}
