//! The administrator's settings: when a case review is overdue, and how tablets lock
//! their data. The server checks every value against its bounds and keeps all or none; a
//! refusal names the setting and its bounds in the administrator's language.

use crate::api::{self, AdminSettings, Refusal, SettingValue};
use crate::{OfficeContext, i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::lang::{Label, Lang};
use serde_json::{Map, Value};

/// A setting's name on the screen, by its key.
fn setting_label(key: &str) -> Option<Label> {
    match key {
        "review_overdue_days" => Some(i18n::SETTING_REVIEW_OVERDUE_DAYS),
        "device_lease_days" => Some(i18n::SETTING_DEVICE_LEASE_DAYS),
        "pin_attempts" => Some(i18n::SETTING_PIN_ATTEMPTS),
        "idle_lock_minutes" => Some(i18n::SETTING_IDLE_LOCK_MINUTES),
        "require_signatures" => Some(i18n::SETTING_REQUIRE_SIGNATURES),
        _ => None,
    }
}

/// `min–max, default d`.
fn bounds(value: &SettingValue, lang: Lang) -> String {
    format!(
        "{}–{}, {} {}",
        value.min,
        value.max,
        i18n::DEFAULT.get(lang),
        value.default
    )
}

/// "Setting: why", with the setting's bounds when it was out of them.
fn refusal_text(refusal: &Refusal, settings: &AdminSettings, lang: Lang) -> String {
    let field = refusal.field.as_deref().unwrap_or_default();
    let reason = match refusal.failure.code() {
        "out_of_range" => settings
            .values
            .iter()
            .find(|value| value.key == field)
            .map(|value| {
                format!(
                    "{} {} {} {}",
                    i18n::BETWEEN.get(lang),
                    value.min,
                    i18n::AND.get(lang),
                    value.max
                )
            }),
        "wrong_type" => Some(i18n::REASON_WHOLE_NUMBER.get(lang).to_string()),
        _ => None,
    };
    match (setting_label(field), reason) {
        (Some(label), Some(reason)) => format!("{}: {reason}", label.get(lang)),
        _ => super::admin::failure_label(&refusal.failure)
            .get(lang)
            .to_string(),
    }
}

/// The form's fields as the server takes them: a number as a number, anything else as
/// typed, for the server to refuse by name.
fn body_of(typed: &[(String, RwSignal<String>)], signatures: bool) -> Value {
    let mut body = Map::new();
    for (key, text) in typed {
        let text = text.get_untracked();
        let value = text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or(Value::String(text));
        body.insert(key.clone(), value);
    }
    body.insert("require_signatures".into(), Value::Bool(signatures));
    Value::Object(body)
}

#[component]
pub fn SettingsSection() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let reload = RwSignal::new(0u32);
    let settings = LocalResource::new(move || {
        reload.track();
        let token = context.token().unwrap_or_default();
        async move { api::admin_settings(&token).await }
    });
    let outcome = RwSignal::new(None::<Result<(), Refusal>>);
    let form = move |loaded: AdminSettings| {
        let typed: Vec<(String, RwSignal<String>)> = loaded
            .values
            .iter()
            .map(|value| (value.key.clone(), RwSignal::new(value.value.to_string())))
            .collect();
        let signatures = RwSignal::new(loaded.require_signatures);
        let fields = loaded
            .values
            .iter()
            .zip(typed.iter().map(|(_, text)| *text))
            .map(|(value, text)| {
                let id = format!("setting-{}", value.key);
                let label = setting_label(&value.key);
                let value = value.clone();
                view! {
                    <label for=id.clone()>
                        {move || label.map(|label| context.t(label)).unwrap_or_default()}
                        <span class="muted">{move || format!(" ({})", bounds(&value, context.lang.get()))}</span>
                    </label>
                    <input
                        id=id
                        type="number"
                        inputmode="numeric"
                        prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                }
            })
            .collect_view();
        let on_submit = move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            let body = body_of(&typed, signatures.get_untracked());
            let token = context.token().unwrap_or_default();
            spawn_local(async move {
                let saved = api::submit(&token, "settings", &body).await;
                if saved.is_ok() {
                    reload.update(|n| *n += 1);
                }
                outcome.set(Some(saved));
            });
        };
        let said = move || {
            outcome.get().map(|shown| {
                let lang = context.lang.get();
                let (class, text) = match &shown {
                    Ok(()) => ("form-ok", i18n::SETTINGS_SAVED.get(lang).to_string()),
                    Err(refusal) => ("form-error", refusal_text(refusal, &loaded, lang)),
                };
                view! { <p class=class id="settings-outcome" role="status">{text}</p> }
            })
        };
        view! {
            <form class="admin-form" id="settings-form" on:submit=on_submit>
                {fields}
                <label class="choice">
                    <input
                        id="setting-require_signatures"
                        type="checkbox"
                        prop:checked=move || signatures.get()
                        on:change=move |ev| signatures.set(event_target_checked(&ev))
                    />
                    {move || context.t(i18n::SETTING_REQUIRE_SIGNATURES)}
                </label>
                <button class="button" id="settings-save" type="submit">
                    {move || context.t(i18n::SETTINGS_SAVE)}
                </button>
                {said}
            </form>
        }
    };
    view! {
        <section class="card" id="admin-settings">
            <h1>{move || context.t(i18n::SETTINGS)}</h1>
            <p class="muted">{move || context.t(i18n::SETTINGS_HINT)}</p>
            {move || match settings.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error">{move || context.t(super::admin::failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(loaded)) => form(loaded).into_any(),
            }}
        </section>
    }
}
