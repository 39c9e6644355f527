//! The lock screen. After the first sign-in on a tablet the officer sets a PIN, which
//! makes the data key; from then on the PIN opens it whenever the app opens or was left
//! alone. Too many wrong PINs in a row wipe the tablet. After the lease runs out without
//! a sync, the PIN opens the key only once the server renews the lease.

use crate::AppContext;
use crate::api;
use crate::device::Device;
use crate::i18n;
use crate::session;
use crate::store::Store;
use crate::vault::{self, DataKey, KeptKey};
use leptos::prelude::*;
use pantau_shared::lang::Label;
use pantau_shared::pin::{PinProblem, check_pin};

/// Why the PIN did not open the tablet.
#[derive(Clone)]
enum Refusal {
    Said(Label),
    WrongPin { tries_left: u32 },
}

fn problem_text(problem: PinProblem) -> Label {
    match problem {
        PinProblem::TooShort => i18n::PIN_TOO_SHORT,
        PinProblem::NotDigits => i18n::PIN_NOT_DIGITS,
        PinProblem::OneDigit => i18n::PIN_ONE_DIGIT,
    }
}

#[component]
pub fn LockPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    // `Some(None)`: the tablet has no data key yet; the officer sets a PIN.
    let kept = RwSignal::new(None::<Option<KeptKey>>);
    leptos::task::spawn_local(async move {
        let Ok(store) = Store::open().await else {
            return kept.set(Some(None));
        };
        let found = store.kept_key().await;
        // A kept session without a kept key and without a fresh sign-in: the browser
        // cleared the key (or the app predates it). Say so, and what could not be kept.
        if found.is_none() && context.fresh_lease.get_untracked().is_none() {
            let unreadable = store.unsent_count().await;
            // An app from before the data key kept its token (64 hex digits) and its
            // data in clear: that data is sealed after the next sign-in. Otherwise what
            // is left was sealed under the lost key and can never be read.
            let kept_in_clear = context
                .session
                .with_untracked(|s| s.as_ref().is_some_and(|s| s.token.len() == 64));
            if !kept_in_clear {
                let _ = store.wipe().await;
                context.lost_writes.set(unreadable);
            }
            context.sign_out();
            let reason = if kept_in_clear {
                i18n::SIGN_IN_AGAIN
            } else {
                i18n::KEY_LOST
            };
            context.sign_out_reason.set(Some(reason));
            return;
        }
        kept.set(Some(found));
    });
    let setting = move || kept.get().is_some_and(|kept| kept.is_none());
    let pin = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<Refusal>);
    let open = crate::task::Task::new_local(move |(pin, kept): &(String, Option<KeptKey>)| {
        let (pin, kept) = (pin.clone(), kept.clone());
        async move {
            let opened = match kept {
                None => make_key(context, &pin).await,
                Some(kept) => open_key(context, device, &pin, kept).await,
            };
            match opened {
                Ok(key) => finish(context, device, key).await,
                Err(reason) => refusal.set(Some(reason)),
            }
        }
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(kept) = kept.get_untracked() else {
            return;
        };
        let entered = pin.get_untracked();
        if kept.is_none() {
            if let Err(problem) = check_pin(&entered) {
                refusal.set(Some(Refusal::Said(problem_text(problem))));
                return;
            }
            if entered != again.get_untracked() {
                refusal.set(Some(Refusal::Said(i18n::PIN_MISMATCH)));
                return;
            }
        }
        refusal.set(None);
        open.dispatch((entered, kept));
    };
    let officer = move || {
        context
            .session
            .with(|s| s.as_ref().map(|s| s.officer.name.clone()))
    };
    view! {
        <section class="card login" id="lock-page">
            <h1>{move || context.t(if setting() { i18n::PIN_SET_TITLE } else { i18n::PIN_ENTER_TITLE })}</h1>
            <p class="muted">{officer}</p>
            <Show when=setting>
                <p>{move || context.t(i18n::PIN_SET_HINT)}</p>
            </Show>
            <form on:submit=on_submit novalidate>
                <label for="pin">{move || context.t(i18n::PIN)}</label>
                <input id="pin" type="password" inputmode="numeric" autocomplete="off"
                    prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev)) />
                <Show when=setting>
                    <label for="pin-again">{move || context.t(i18n::PIN_CONFIRM)}</label>
                    <input id="pin-again" type="password" inputmode="numeric" autocomplete="off"
                        prop:value=move || again.get() on:input=move |ev| again.set(event_target_value(&ev)) />
                </Show>
                <Show when=move || refusal.with(Option::is_some)>
                    <p class="form-error" id="pin-error" role="alert">
                        {move || refusal.get().map(|refusal| match refusal {
                            Refusal::Said(label) => context.t(label).to_string(),
                            Refusal::WrongPin { tries_left } => {
                                context.t(i18n::PIN_WRONG).replace("{}", &tries_left.to_string())
                            }
                        })}
                    </p>
                </Show>
                <button class="button primary" id="pin-submit" type="submit"
                    disabled=move || open.pending().get() || kept.get().is_none()>
                    {move || context.t(if open.pending().get() { i18n::PIN_WORKING }
                        else if setting() { i18n::PIN_SET_BUTTON } else { i18n::PIN_UNLOCK_BUTTON })}
                </button>
            </form>
        </section>
    }
}

/// The first PIN on this tablet: a new data key, wrapped under it and the fresh lease.
async fn make_key(context: AppContext, pin: &str) -> Result<DataKey, Refusal> {
    let Some(lease) = context.fresh_lease.get_untracked() else {
        return Err(Refusal::Said(i18n::KEY_LOST));
    };
    let store = Store::open()
        .await
        .map_err(|_| Refusal::Said(i18n::ERROR_SERVER))?;
    let (key, kept) = vault::create(pin, lease)
        .await
        .map_err(|_| Refusal::Said(i18n::ERROR_SERVER))?;
    store
        .keep_key(&kept)
        .await
        .map_err(|_| Refusal::Said(i18n::ERROR_SERVER))?;
    Ok(key)
}

/// The PIN against the kept key: a wrong one is counted before it is tried, so a reload
/// never gives a try back.
async fn open_key(
    context: AppContext,
    device: Device,
    pin: &str,
    mut kept: KeptKey,
) -> Result<DataKey, Refusal> {
    let failed = |_| Refusal::Said(i18n::ERROR_SERVER);
    let store = Store::open().await.map_err(failed)?;
    // The count as kept now, not as it was when the screen opened.
    if let Some(now) = store.kept_key().await {
        kept = now;
    }
    kept.wrong_pins += 1;
    let wrong = kept.wrong_pins;
    store.keep_key(&kept).await.map_err(failed)?;
    let Some(key) = vault::unlock(pin, &kept).await else {
        let allowed = kept.lease.pin_attempts;
        if wrong >= allowed {
            device.wipe_all(context, i18n::PIN_WIPED).await;
            return Err(Refusal::Said(i18n::PIN_WIPED));
        }
        return Err(Refusal::WrongPin {
            tries_left: allowed - wrong,
        });
    };
    // The right PIN, even where the lease then keeps the tablet locked.
    kept.wrong_pins = 0;
    store.keep_key(&kept).await.map_err(failed)?;
    let lease = match context.fresh_lease.get_untracked() {
        Some(lease) => Some(lease),
        None if (kept.lease.until_ms as f64) < js_sys::Date::now() => {
            Some(renewed_lease(context, device, &key).await?)
        }
        None => None,
    };
    if let Some(lease) = lease {
        // The share stays the one the key was wrapped with.
        kept.lease = pantau_shared::sync::wire::DeviceLease {
            share: kept.lease.share.clone(),
            ..lease
        };
        store.keep_key(&kept).await.map_err(failed)?;
    }
    Ok(key)
}

/// A lease from the server, for a tablet whose lease ran out offline.
async fn renewed_lease(
    context: AppContext,
    device: Device,
    key: &DataKey,
) -> Result<pantau_shared::sync::wire::DeviceLease, Refusal> {
    let kept_session = context.session.get_untracked();
    let session = match kept_session {
        Some(session) => session::open_session(session, key).await,
        None => None,
    };
    let Some(session) = session else {
        return Err(Refusal::Said(i18n::LEASE_EXPIRED));
    };
    match api::lease(&session.token).await {
        Ok(lease) => Ok(lease),
        Err(failure) if failure.code() == "device_revoked" => {
            device.wipe_all(context, i18n::ERROR_DEVICE_REVOKED).await;
            Err(Refusal::Said(i18n::ERROR_DEVICE_REVOKED))
        }
        Err(failure) if matches!(failure.code(), "invalid_token" | "token_expired") => {
            context.sign_out();
            context.sign_out_reason.set(Some(i18n::SIGN_IN_AGAIN));
            Err(Refusal::Said(i18n::SIGN_IN_AGAIN))
        }
        Err(_) => Err(Refusal::Said(i18n::LEASE_EXPIRED)),
    }
}

/// The key is open: the session's token, the drafts and the device's data follow.
async fn finish(context: AppContext, device: Device, key: DataKey) {
    let Some(session) = context.session.get_untracked() else {
        return;
    };
    let session = if context.fresh_lease.get_untracked().is_some() {
        session::save_session(&session, &key).await;
        Some(session)
    } else {
        session::open_session(session, &key).await
    };
    let Some(session) = session else {
        context.sign_out();
        context.sign_out_reason.set(Some(i18n::SIGN_IN_AGAIN));
        return;
    };
    vault::set_unlocked(Some(key.clone()));
    crate::drafts::open_kept(&key).await;
    context.fresh_lease.set(None);
    context.session.set(Some(session));
    device.open(context, key);
    context.unlocked.set(true);
}
