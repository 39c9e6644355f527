//! Signing in to the office screens, with the field app's texts and errors. The session
//! is the office's own (see `session`).

use crate::{OfficeContext, session};
use app::api;
use app::i18n;
use app::pages::login::LoginError;
use app::session::StoredSession;
use leptos::prelude::*;
use pantau_shared::sync::wire::LoginRequest;

#[component]
pub fn OfficeLogin() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<LoginError>);
    let submit = Action::new_local(move |request: &LoginRequest| {
        let request = request.clone();
        async move {
            match api::login(&request).await {
                Ok(response) => {
                    session::remember_device(&request.username, response.device_id);
                    let stored = StoredSession {
                        token: response.token,
                        expires_at: response.expires_at,
                        officer: response.officer,
                    };
                    session::save(Some(&stored));
                    context.session.set(Some(stored));
                }
                Err(failure) => error.set(Some(LoginError::of(&failure))),
            }
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let (name, secret) = (username.get_untracked(), password.get_untracked());
        let name = name.trim().to_string();
        if name.is_empty() {
            error.set(Some(i18n::ERROR_REQUIRED_USERNAME.into()));
            return;
        }
        if secret.is_empty() {
            error.set(Some(i18n::ERROR_REQUIRED_PASSWORD.into()));
            return;
        }
        error.set(None);
        submit.dispatch(LoginRequest {
            device_id: session::device_id_for(&name),
            username: name,
            password: secret,
            device_name: app::session::device_name(),
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
                    autocomplete="username"
                    autocapitalize="none"
                    prop:value=move || username.get()
                    on:input=move |ev| username.set(event_target_value(&ev))
                />
                <label for="password">{move || context.t(i18n::PASSWORD)}</label>
                <input
                    id="password"
                    type="password"
                    autocomplete="current-password"
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
                <Show when=move || error.get().is_some()>
                    <p class="form-error" id="login-error" role="alert">
                        {move || error.get().map(|error| error.text(|label| context.t(label)))}
                    </p>
                </Show>
                <button class="button primary" id="login-submit" type="submit" disabled=move || submit.pending().get()>
                    {move || context.t(if submit.pending().get() { i18n::LOGGING_IN } else { i18n::LOGIN_BUTTON })}
                </button>
            </form>
        </section>
    }
}
