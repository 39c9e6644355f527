//! Sign-in: username and password, with errors the officer can act on.

use crate::AppContext;
use crate::api::{self, ApiFailure};
use crate::i18n;
use crate::session::{self, StoredSession};
use leptos::prelude::*;
use pantau_shared::lang::Label;
use pantau_shared::sync::wire::LoginRequest;
use pantau_shared::team::Role;

/// What to tell the officer about a failed sign-in.
pub fn failure_message(failure: &ApiFailure) -> Label {
    match failure.code() {
        "network" => i18n::ERROR_NO_CONNECTION,
        "invalid_credentials" => i18n::ERROR_INVALID_CREDENTIALS,
        "too_many_attempts" => i18n::ERROR_TOO_MANY_ATTEMPTS,
        "device_revoked" => i18n::ERROR_DEVICE_REVOKED,
        _ => i18n::ERROR_SERVER,
    }
}

/// A failed sign-in as the officer reads it: what went wrong, and how long to wait when
/// the server said.
#[derive(Clone, Copy)]
pub struct LoginError {
    label: Label,
    wait_minutes: Option<u32>,
}

impl LoginError {
    pub fn of(failure: &ApiFailure) -> Self {
        LoginError {
            label: failure_message(failure),
            wait_minutes: failure
                .wait_minutes()
                .filter(|_| failure.code() == "too_many_attempts"),
        }
    }

    pub fn text(self, t: impl Fn(Label) -> &'static str) -> String {
        match self.wait_minutes {
            Some(minutes) => {
                t(i18n::ERROR_TOO_MANY_ATTEMPTS_WAIT).replace("{}", &minutes.to_string())
            }
            None => t(self.label).to_string(),
        }
    }
}

impl From<Label> for LoginError {
    fn from(label: Label) -> Self {
        LoginError {
            label,
            wait_minutes: None,
        }
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<crate::device::Device>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<LoginError>);
    // An administrator's work is on the office screens; the field app holds no session
    // for it.
    let office_only = RwSignal::new(false);
    let submit = crate::task::Task::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        async move {
            // A key pair of the tablet's own: what the officer finalizes here is signed. The
            // same officer on the same tablet keeps the key that signed what is unsent.
            let key = match device.kept_signing_key_for(&request.username).await {
                Some(key) => Some(key),
                None => crate::signing::generate().await,
            };
            let request = LoginRequest {
                signing_key: key.as_ref().map(|key| key.public_hex.clone()),
                ..request
            };
            match api::login(&request).await {
                Ok(response) if response.officer.role == Role::Admin => {
                    api::logout(&response.token).await;
                    office_only.set(true);
                }
                Ok(response) => {
                    // A shared tablet: another officer's data is never shown, and never
                    // sent under this officer's name.
                    // The device syncs under the id the server bound to this officer.
                    let owner = session::data_owner();
                    let other_officer = owner.is_some_and(|owner| owner != response.officer.id);
                    let other_device =
                        device.state.with_untracked(|s| s.device_id()) != response.device_id;
                    if other_officer || other_device {
                        // Counted in the store: while locked, nothing is in memory.
                        if device.unsent_count().await > 0 {
                            api::logout(&response.token).await;
                            error.set(Some(i18n::ERROR_OTHER_OFFICER_PENDING.into()));
                            return;
                        }
                        session::set_device_id(&request.username, response.device_id);
                        device.wipe().await;
                    } else {
                        session::set_device_id(&request.username, response.device_id);
                    }
                    session::set_data_owner(response.officer.id);
                    if let Some(key) = key {
                        device.keep_signing_key(key).await;
                    }
                    context.sign_in(
                        StoredSession {
                            token: response.token,
                            expires_at: response.expires_at,
                            officer: response.officer,
                        },
                        response.lease,
                    );
                    // Every sign-in starts at home, whatever page the last officer left open.
                    leptos_router::hooks::use_navigate()("/", Default::default());
                }
                Err(failure) => {
                    // A revoked device keeps nothing, whatever the request that learnt it.
                    if failure.code() == "device_revoked" {
                        device.wipe().await;
                    }
                    error.set(Some(LoginError::of(&failure)));
                }
            }
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (name, secret) = (username.get_untracked(), password.get_untracked());
        if name.trim().is_empty() {
            error.set(Some(i18n::ERROR_REQUIRED_USERNAME.into()));
            return;
        }
        if secret.is_empty() {
            error.set(Some(i18n::ERROR_REQUIRED_PASSWORD.into()));
            return;
        }
        error.set(None);
        office_only.set(false);
        submit.dispatch(LoginRequest {
            username: name.trim().to_string(),
            password: secret,
            device_id: session::device_id_for(name.trim()),
            device_name: session::device_name(),
            signing_key: None,
        });
    };
    view! {
        <section class="card login">
            <h1>{move || context.t(i18n::LOGIN_TITLE)}</h1>
            <form on:submit=on_submit novalidate>
                <label for="username">{move || context.t(i18n::USERNAME)}</label>
                <input
                    id="username"
                    name="username"
                    autocomplete="username"
                    autocapitalize="none"
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))
                />
                <label for="password">{move || context.t(i18n::PASSWORD)}</label>
                <input
                    id="password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
                <Show when=move || context.sign_out_reason.get().is_some()>
                    <p class="form-error" id="login-notice" role="alert">
                        {move || context.sign_out_reason.get().map(|label| context.t(label))}
                        " "
                        {move || (context.lost_writes.get() > 0).then(|| {
                            context.t(i18n::LOST_WRITES).replace("{}", &context.lost_writes.get().to_string())
                        })}
                    </p>
                </Show>
                <Show when=move || error.get().is_some()>
                    <p class="form-error" id="login-error" role="alert">
                        {move || error.get().map(|error| error.text(|label| context.t(label)))}
                    </p>
                </Show>
                <Show when=move || office_only.get()>
                    <p class="notice" id="login-office" role="alert">
                        {move || context.t(i18n::ADMIN_USES_OFFICE)} " "
                        <a href="/kantor/" rel="external">{move || context.t(i18n::OPEN_OFFICE)}</a>
                    </p>
                </Show>
                <button class="button primary" id="login-submit" type="submit" disabled=move || submit.pending().get()>
                    {move || context.t(if submit.pending().get() { i18n::LOGGING_IN } else { i18n::LOGIN_BUTTON })}
                </button>
            </form>
        </section>
    }
}
