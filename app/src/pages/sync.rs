//! Sync and account: the sync status, every unsent change with the server's refusal
//! where there is one, the device's storage use, the language, and sign-out — which
//! refuses to drop unsent changes without an explicit choice.

use crate::AppContext;
use crate::api;
use crate::device::Device;
use crate::i18n::{self, fields::field_name};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::Lang;
use pantau_shared::sync::wire::ErrorDetail;
use pantau_shared::team::Role;
use wasm_bindgen::JsCast;

/// The server's refusal in the officer's language: the field and why.
pub fn rejection_text(error: &ErrorDetail, lang: Lang) -> String {
    let field = error
        .field
        .as_deref()
        .map(|f| field_name(f, lang))
        .unwrap_or_default();
    let reason = match error.code.as_str() {
        "forbidden" => i18n::REJECT_FORBIDDEN.get(lang).to_string(),
        "finalized" => i18n::REJECT_FINALIZED.get(lang).to_string(),
        "purged" => i18n::REJECT_PURGED.get(lang).to_string(),
        "signature_required" => i18n::REJECT_SIGNATURE_REQUIRED.get(lang).to_string(),
        "unknown_operation" => i18n::REJECT_UNKNOWN_OPERATION.get(lang).to_string(),
        _ if lang == Lang::En && !error.message.is_empty() => error.message.clone(),
        code => format!("{} ({code})", i18n::REJECT_OTHER.get(lang)),
    };
    if field.is_empty() {
        reason
    } else {
        format!("{field}: {reason}")
    }
}

/// Used and available bytes of the origin's storage, where the browser tells.
async fn storage_estimate() -> Option<(f64, f64)> {
    let promise = window().navigator().storage().estimate().ok()?;
    let estimate = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
    let estimate: web_sys::StorageEstimate = estimate.unchecked_into();
    Some((estimate.get_usage()?, estimate.get_quota()?))
}

fn megabytes(bytes: f64) -> String {
    let megabytes = pantau_shared::decimal::fixed_decimals(bytes / 1_048_576.0, 1);
    format!("{megabytes} MB")
}

#[component]
pub fn SyncPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let storage = RwSignal::new(None);
    spawn_local(async move { storage.set(Some(storage_estimate().await)) });
    let confirm_logout = RwSignal::new(false);
    let sign_out = move |discard: bool| {
        let pending = device.state.with_untracked(|s| s.pending_count());
        if pending > 0 && !discard {
            confirm_logout.set(true);
            return;
        }
        let token = context
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
        spawn_local(async move {
            if let Some(token) = token {
                api::logout(&token).await;
            }
            // Signing out destroys the data key with the data: nothing readable is left.
            device.wipe().await;
            context.sign_out();
        });
    };
    let pending = move || device.state.with(|s| s.outbox().to_vec());
    view! {
        <section class="card" id="sync-page">
            <h1>{move || context.t(i18n::NAV_SYNC)}</h1>
            <button class="button primary" id="sync-now" on:click=move |_| device.sync_by_officer(context)
                disabled=move || device.status.with(|s| s.running)>
                {move || context.t(if device.status.with(|s| s.running) { i18n::SYNCING } else { i18n::SYNC_NOW })}
            </button>
            <Show when=move || context.session.with(|s| s.as_ref().is_some_and(|s| {
                matches!(s.officer.role, Role::Coordinator | Role::Central)
            }))>
                // The conflict log lives on the server: its review is an office screen.
                <a href="/kantor/konflik" rel="external" class="button secondary" id="review-conflicts">{move || context.t(i18n::REVIEW_CONFLICTS)}</a>
            </Show>
            <h2>{move || context.t(i18n::PENDING_LIST)}</h2>
            <Show when=move || device.state.with(|s| s.pending_count() == 0)>
                <p class="muted">{move || context.t(i18n::NOTHING_PENDING)}</p>
            </Show>
            <ul class="pending-list" id="pending-list">
                <For each=pending key=|entry| entry.mutation.op_id let:entry>
                    {
                        let op = entry.mutation.op_id;
                        let name = device.state.with_untracked(|s| s.record(entry.mutation.id)
                            .and_then(|r| r.title().map(str::to_string)))
                            .unwrap_or_else(|| entry.mutation.entity.clone());
                        let rejected = entry.rejected.clone();
                        let is_rejected = rejected.is_some();
                        view! {
                            <li class:rejected=is_rejected>
                                <span>{name}</span>
                                {rejected.map(|error| view! {
                                    <span class="field-error">{move || rejection_text(&error, context.lang.get())}</span>
                                    <button class="button secondary" on:click=move |_| { spawn_local(async move { let _ = device.discard(op).await; }); }>
                                        {move || context.t(i18n::DISCARD)}
                                    </button>
                                })}
                            </li>
                        }
                    }
                </For>
            </ul>
            <h2>{move || context.t(i18n::STORAGE_USE)}</h2>
            <p id="storage-use">
                {move || storage.get().flatten().map(|(used, quota)| {
                    format!("{} {} {}", megabytes(used), context.t(i18n::STORAGE_OF), megabytes(quota))
                })}
            </p>
            <Show when=move || device.storage_not_persistent.get()>
                <p class="form-error" id="storage-not-persistent">{move || context.t(i18n::STORAGE_NOT_PERSISTENT)}</p>
            </Show>
            <h2>{move || context.t(i18n::LANGUAGE)}</h2>
            <select id="language-select" on:change=move |ev| context.lang.set(Lang::from_tag(&event_target_value(&ev)))
                prop:value=move || context.lang.get().tag()>
                <option value="id">"Bahasa Indonesia"</option>
                <option value="en">"English"</option>
            </select>
            <div class="actions">
                <button class="button secondary" id="logout" on:click=move |_| sign_out(false)>
                    {move || context.t(i18n::LOGOUT_BUTTON)}
                </button>
            </div>
            <Show when=move || confirm_logout.get()>
                <div class="form-error" role="alertdialog" id="logout-warning">
                    <p>{move || context.t(i18n::LOGOUT_UNSYNCED)}</p>
                    <button class="button secondary" id="logout-keep" on:click=move |_| confirm_logout.set(false)>
                        {move || context.t(i18n::LOGOUT_KEEP)}
                    </button>
                    <button class="button danger" id="logout-discard" on:click=move |_| sign_out(true)>
                        {move || context.t(i18n::LOGOUT_DISCARD)}
                    </button>
                </div>
            </Show>
        </section>
    }
}
