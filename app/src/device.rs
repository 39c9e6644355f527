//! The device in the browser: the shared [`DeviceState`] kept in memory for instant
//! reads, made durable in IndexedDB before any save is reported, and synced with the
//! server by the shared engine — at start, when the connection returns, every few
//! minutes, after a save, and on demand, with backoff after failures.

use crate::AppContext;
use crate::api::{self, ApiFailure};
use crate::store::{Store, StoreError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::device::{DeviceState, EditError, LocalRecord, StoreWrite};
use pantau_shared::entity::FieldMap;
use pantau_shared::sync::EntityKind;
use pantau_shared::sync::engine::{Backoff, ProtocolError, Request, SyncRun};
use std::rc::Rc;
use std::time::Duration;
use uuid::Uuid;

/// How often to sync while online.
const SYNC_INTERVAL: Duration = Duration::from_secs(3 * 60);
const PULL_PAGE: u32 = 500;
/// How many tenths of a second a finalization waits for a running sync to end.
const SIGNING_WAIT_ROUNDS: u32 = 300;

/// What the status bar shows about syncing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStatus {
    pub running: bool,
    /// Writes sent and to send in the running sync.
    pub pushed: usize,
    pub to_push: usize,
    /// Records received in the running sync.
    pub pulled: usize,
    pub last_success_ms: Option<f64>,
    pub last_failure: Option<SyncFailure>,
    /// Automatic syncing is stopped until the officer asks for a sync: the engine refused
    /// the server's answer, and sending the same batch again would only repeat it.
    pub halted: bool,
    /// The officer must sign in again before syncing can go on (data stays).
    pub needs_sign_in: bool,
    /// Photos kept on the device and not yet uploaded.
    pub photos_waiting: usize,
}

/// Why a sync run stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyncFailure {
    /// The request failed or the server refused it.
    Api(ApiFailure),
    /// The server's answer does not fit what was sent; the engine refused it.
    Protocol(ProtocolError),
    /// What the server sent could not be stored on the device.
    Storage(StoreError),
}

impl From<ApiFailure> for SyncFailure {
    fn from(failure: ApiFailure) -> Self {
        SyncFailure::Api(failure)
    }
}

/// Why a save did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveError {
    Edit(EditError),
    Store(StoreError),
    NotReady,
}

/// The device's data and its sync, shared by every page.
#[derive(Clone, Copy)]
pub struct Device {
    pub state: RwSignal<DeviceState>,
    pub ready: RwSignal<bool>,
    pub status: RwSignal<SyncStatus>,
    pub store_error: RwSignal<Option<StoreError>>,
    /// The team's officers, kept for use offline.
    pub roster: RwSignal<Vec<pantau_shared::team::Officer>>,
    /// The overstay fee and deportation threshold in every version, as the server keeps them.
    pub overstay_rules: RwSignal<pantau_shared::permit::OverstayRules>,
    /// The visa index codes with the days each is in force, as the server keeps them.
    pub code_tables: RwSignal<pantau_shared::code_table::CodeTables>,
    store: StoredValue<Option<Rc<Store>>, LocalStorage>,
    backoff: StoredValue<Backoff, LocalStorage>,
    /// The key the officer's finalizations are signed with, made at sign-in.
    signing_key: StoredValue<Option<crate::signing::SigningKey>, LocalStorage>,
    /// Set while a finalization is being signed: no sync may send it unsigned.
    signing: StoredValue<bool, LocalStorage>,
    /// Minutes without a touch before the app locks, from the lease.
    idle_lock_minutes: StoredValue<u32, LocalStorage>,
    /// The browser refused to keep the device's data under storage pressure.
    pub storage_not_persistent: RwSignal<bool>,
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

impl Device {
    /// Opens the store, loads the device's data and starts syncing.
    pub fn start(context: AppContext) -> Device {
        let device_id = crate::session::device_id();
        let device = Device {
            state: RwSignal::new(DeviceState::new(device_id)),
            ready: RwSignal::new(false),
            status: RwSignal::new(SyncStatus {
                last_success_ms: crate::session::load_last_sync(),
                ..SyncStatus::default()
            }),
            store_error: RwSignal::new(None),
            roster: RwSignal::new(crate::session::load_roster()),
            overstay_rules: RwSignal::new(crate::session::load_overstay_rules()),
            code_tables: RwSignal::new(crate::session::load_code_tables()),
            store: StoredValue::new_local(None),
            backoff: StoredValue::new_local(Backoff::new(2_000, 5 * 60_000)),
            signing_key: StoredValue::new_local(None),
            signing: StoredValue::new_local(false),
            idle_lock_minutes: StoredValue::new_local(15),
            storage_not_persistent: RwSignal::new(false),
        };
        let _ = window_event_listener(leptos::ev::online, move |_| device.sync_now(context));
        let _ = set_interval_with_handle(move || device.sync_now(context), SYNC_INTERVAL);
        device.lock_when_idle(context);
        request_persistent_storage(device);
        device
    }

    /// Loads the device's data under the opened data key and starts syncing.
    pub fn open(&self, context: AppContext, key: crate::vault::DataKey) {
        let device = *self;
        let device_id = crate::session::device_id();
        spawn_local(async move {
            let store = match Store::open().await {
                Ok(store) => store.unlocked(key),
                Err(error) => return device.store_error.set(Some(error)),
            };
            match store.load(device_id).await {
                Ok(state) => {
                    device.state.set(state);
                    // A seed made at sign-in, while the store was still locked, is
                    // kept now that it can be sealed.
                    let kept = match store.signing_key().await {
                        Some(kept) => Some(kept),
                        None => {
                            let made = device.signing_key.get_value();
                            if let Some(key) = &made {
                                let _ = store.keep_signing_key(key).await;
                            }
                            made
                        }
                    };
                    device.signing_key.set_value(kept);
                    let waiting = store.pending_uploads().await.map_or(0, |w| w.len());
                    device.status.update(|s| s.photos_waiting = waiting);
                    if let Some(kept) = store.kept_key().await {
                        device
                            .idle_lock_minutes
                            .set_value(kept.lease.idle_lock_minutes);
                    }
                    device.store.set_value(Some(Rc::new(store)));
                    device.ready.set(true);
                    // A write saved but not yet signed when the app closed is signed
                    // before anything is sent.
                    device.sign_unsigned(context).await;
                    device.sync_now(context);
                }
                Err(error) => device.store_error.set(Some(error)),
            }
        });
    }

    fn store(&self) -> Option<Rc<Store>> {
        self.store.get_value()
    }

    /// The open store, or else the store as it is while locked (for what needs no key).
    async fn any_store(&self) -> Option<Rc<Store>> {
        match self.store() {
            Some(store) => Some(store),
            None => Store::open().await.ok().map(Rc::new),
        }
    }

    async fn register_key_again(&self, token: &str) {
        const UNKNOWN_KEY: &str = "unknown_device_key";
        let refused = self.state.with_untracked(|s| {
            s.outbox()
                .iter()
                .any(|e| e.rejected.as_ref().is_some_and(|e| e.code == UNKNOWN_KEY))
        });
        let (Some(key), Some(store)) = (self.signing_key.get_value(), self.store()) else {
            return;
        };
        if refused
            && api::register_signing_key(token, &key.public_hex)
                .await
                .is_ok()
        {
            let mut writes = Vec::new();
            self.state.update(|s| writes = s.send_again(UNKNOWN_KEY));
            if self.persist(&store, &writes).await.is_ok() {
                self.backoff.update_value(Backoff::reset);
            }
        }
    }

    /// The signing key this device keeps for `username`, if it is that officer's device:
    /// signing in again keeps the key that signed what is still unsent.
    pub async fn kept_signing_key_for(&self, username: &str) -> Option<crate::signing::SigningKey> {
        if crate::session::device_id_for(username) != crate::session::device_id() {
            return None;
        }
        self.any_store().await?.signing_key().await
    }

    /// Unsent writes on the device, counted even while it is locked.
    pub async fn unsent_count(&self) -> usize {
        let in_memory = self.state.with_untracked(DeviceState::pending_count);
        match self.any_store().await {
            Some(store) => in_memory.max(store.unsent_count().await),
            None => in_memory,
        }
    }

    /// Keeps a renewed lease with the data key: how long the tablet may unlock offline,
    /// and its lock policy. The share stays the one the key was wrapped with.
    async fn keep_lease(&self, lease: pantau_shared::sync::wire::DeviceLease) {
        let Some(store) = self.store() else {
            return;
        };
        if let Some(mut kept) = store.kept_key().await {
            self.idle_lock_minutes.set_value(lease.idle_lock_minutes);
            kept.lease = pantau_shared::sync::wire::DeviceLease {
                share: kept.lease.share,
                ..lease
            };
            let _ = store.keep_key(&kept).await;
        }
    }

    /// Locks the app after the minutes of the lease's policy without a touch: the page
    /// reloads, so nothing opened stays in memory.
    fn lock_when_idle(&self, context: AppContext) {
        let last_touch = StoredValue::new_local(js_sys::Date::now());
        let touched = move |_| last_touch.set_value(js_sys::Date::now());
        let _ = window_event_listener(leptos::ev::pointerdown, touched);
        let _ = window_event_listener(leptos::ev::keydown, move |_| {
            last_touch.set_value(js_sys::Date::now())
        });
        let device = *self;
        let _ = set_interval_with_handle(
            move || {
                let idle_ms = f64::from(device.idle_lock_minutes.get_value()) * 60_000.0;
                if context.unlocked.get_untracked()
                    && js_sys::Date::now() - last_touch.get_value() > idle_ms
                {
                    let _ = window().location().reload();
                }
            },
            Duration::from_secs(15),
        );
    }

    /// Saves a write locally — validated, then durable in IndexedDB — before returning;
    /// then syncs soon if the browser is online.
    pub async fn save(
        &self,
        context: AppContext,
        entity: EntityKind,
        id: Uuid,
        fields: FieldMap,
    ) -> Result<(), SaveError> {
        let store = self.store().ok_or(SaveError::NotReady)?;
        // Codes are judged by the tables this device last received, as the server
        // judges them by its own.
        if pantau_shared::code_table::CodeTables::judges(entity, &fields) {
            let before = self
                .state
                .with_untracked(|s| s.record(id).map(|r| r.fields.clone()));
            let before = before.unwrap_or_default();
            self.code_tables
                .with_untracked(|tables| {
                    tables.check_write(entity, &fields, |f| before.get(f), now_ms() as i64)
                })
                .map_err(|error| SaveError::Edit(error.into()))?;
        }
        let mut result = Ok(Vec::new());
        // A refused edit changed nothing: tell no one, so open forms keep their state.
        self.state.update_untracked(|state| {
            result = state.edit(entity, id, fields, Uuid::now_v7(), now_ms())
        });
        let writes = result.map_err(SaveError::Edit)?;
        self.state.notify();
        self.persist(&store, &writes)
            .await
            .map_err(SaveError::Store)?;
        let device = *self;
        set_timeout(move || device.sync_now(context), Duration::from_millis(800));
        Ok(())
    }

    /// Keeps the key made at sign-in: finalizations on this device are signed with it.
    pub async fn keep_signing_key(&self, key: crate::signing::SigningKey) {
        if let Some(store) = self.any_store().await {
            let _ = store.keep_signing_key(&key).await;
        }
        self.signing_key.set_value(Some(key));
    }

    /// Finalizes an inspection, signed by the officer with this device's key: the
    /// statement of the inspection, its findings and photos (RFC 8785) is signed before
    /// any sync can send the finalizing write. A device without a key (signed in before
    /// it had one, or a browser without Ed25519) finalizes unsigned.
    pub async fn finalize(&self, context: AppContext, inspection: Uuid) -> Result<(), SaveError> {
        let mut fields = FieldMap::new();
        fields.insert("status".into(), "final".into());
        self.save_signed(context, EntityKind::Inspection, inspection, fields)
            .await
    }

    /// Saves a write the officer signs — a finalization or an amendment — and signs it
    /// before any sync can send it.
    pub async fn save_signed(
        &self,
        context: AppContext,
        entity: EntityKind,
        id: Uuid,
        fields: FieldMap,
    ) -> Result<(), SaveError> {
        self.signing.set_value(true);
        // A sync under way finishes first; one that hangs on a stalled connection must
        // not keep the officer from finalizing, so the wait is bounded.
        for _ in 0..SIGNING_WAIT_ROUNDS {
            if !self.status.with_untracked(|s| s.running) {
                break;
            }
            pause(100).await;
        }
        let saved = self.save(context, entity, id, fields).await;
        if saved.is_ok() {
            self.sign_unsigned(context).await;
        }
        self.signing.set_value(false);
        self.sync_now(context);
        saved
    }

    /// Signs every unsent write that waits for the officer's signature: the one just
    /// saved, and any the app closed before signing.
    async fn sign_unsigned(&self, context: AppContext) {
        let held = self.signing.get_value();
        self.signing.set_value(true);
        for (entity, id) in self.state.with_untracked(DeviceState::unsigned) {
            self.sign_write(context, entity, id).await;
        }
        self.signing.set_value(held);
    }

    async fn sign_write(&self, context: AppContext, entity: EntityKind, id: Uuid) {
        let (Some(key), Some(store)) = (self.signing_key.get_value(), self.store()) else {
            return;
        };
        let Some(officer) = context
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.officer.id))
        else {
            return;
        };
        let Some((op_id, statement)) = self.state.with_untracked(|s| match entity {
            EntityKind::Amendment => s.amendment_statement(id, officer),
            _ => s.finalization_statement(id, officer),
        }) else {
            return;
        };
        let Some(text) = crate::signing::canonical(&statement) else {
            return;
        };
        let Some(signature) = crate::signing::sign(&key, &text).await else {
            return;
        };
        let signed = serde_json::json!({
            "key": key.public_hex,
            "statement": text,
            "signature": signature,
        });
        let mut writes = Vec::new();
        self.state
            .update_untracked(|state| writes = state.attach_signature(op_id, signed));
        let _ = self.persist(&store, &writes).await;
    }

    /// Drops an unsent write the officer chose to abandon.
    pub async fn discard(&self, op_id: Uuid) -> Result<(), SaveError> {
        let store = self.store().ok_or(SaveError::NotReady)?;
        let mut writes = Vec::new();
        self.state.update(|state| writes = state.discard(op_id));
        self.persist(&store, &writes)
            .await
            .map_err(SaveError::Store)
    }

    /// Writes to IndexedDB; if that fails, the memory state is reloaded from the store so
    /// the screen never shows what was not saved.
    async fn persist(&self, store: &Store, writes: &[StoreWrite]) -> Result<(), StoreError> {
        let unsent = self.state.with_untracked(DeviceState::pending_count);
        if let Err(error) = store.apply_counted(writes, Some(unsent)).await {
            if let Ok(state) = store
                .load(self.state.with_untracked(DeviceState::device_id))
                .await
            {
                self.state.set(state);
            }
            self.store_error.set(Some(error.clone()));
            return Err(error);
        }
        // A write that succeeds again ends the storage warning.
        if self.store_error.with_untracked(Option::is_some) {
            self.store_error.set(None);
        }
        Ok(())
    }

    /// Starts a sync unless one is running, the device is offline or not signed in, or
    /// automatic syncing was halted by an answer the engine refused.
    pub fn sync_now(&self, context: AppContext) {
        if self.status.with_untracked(|s| s.halted) {
            return;
        }
        self.start_sync(context);
    }

    /// The officer asked for a sync: it runs even after a halt.
    pub fn sync_by_officer(&self, context: AppContext) {
        self.status.update(|s| s.halted = false);
        self.start_sync(context);
    }

    fn start_sync(&self, context: AppContext) {
        let device = *self;
        let online = window().navigator().on_line();
        let token = context
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()));
        let Some(token) = token.filter(|_| online && self.ready.get_untracked()) else {
            return;
        };
        if self.status.with_untracked(|s| s.running) || self.signing.get_value() {
            return;
        }
        self.status.update(|s| {
            s.running = true;
            s.pushed = 0;
            s.pulled = 0;
            s.to_push = device
                .state
                .with_untracked(|state| state.outbox().iter().filter(|e| e.is_sendable()).count());
        });
        spawn_local(async move {
            let epoch_before = device.state.with_untracked(|s| s.server_epoch());
            let mut outcome = device.run_sync(&token).await;
            let epoch_now = device.state.with_untracked(|s| s.server_epoch());
            if epoch_before.is_some() && epoch_now != epoch_before {
                device.queue_held_photos().await;
            }
            // Photos go after the records, one at a time.
            if outcome.is_ok() {
                outcome = device.upload_photos(&token).await.map_err(SyncFailure::Api);
            }
            // The roster is refreshed with every good sync, for attendance offline.
            let roster = if outcome.is_ok() {
                api::roster(&token).await.ok()
            } else {
                None
            };
            let regulation = if outcome.is_ok() {
                api::regulation(&token).await.ok()
            } else {
                None
            };
            // Each good sync renews the lease: the tablet may unlock offline for as long.
            if outcome.is_ok()
                && let Ok(lease) = api::lease(&token).await
            {
                device.keep_lease(lease).await;
            }
            // A server that lost this device's key (restored from a backup) refused what
            // it signed: register the key again and send those writes once more.
            if outcome.is_ok() {
                device.register_key_again(&token).await;
            }
            if let Some(regulation) = regulation {
                let overstay_rules = regulation.overstay_rules.clone();
                if device
                    .overstay_rules
                    .with_untracked(|old| *old != overstay_rules)
                {
                    crate::session::save_overstay_rules(&overstay_rules);
                    device.overstay_rules.set(overstay_rules);
                }
                let tables = regulation.code_tables();
                if device.code_tables.with_untracked(|old| *old != tables) {
                    crate::session::save_code_tables(&tables);
                    device.code_tables.set(tables);
                }
            }
            // Only a changed roster is set, so an open attendance list is not redrawn.
            if let Some(roster) = roster.filter(|r| device.roster.with_untracked(|old| old != r)) {
                // The roster describes the officer too: what the server judges their
                // Rakor rights by, so the screens offer what it takes.
                let changed_self = context.session.with_untracked(|s| {
                    s.as_ref().and_then(|s| {
                        roster
                            .iter()
                            .find(|o| o.id == s.officer.id && **o != s.officer)
                            .cloned()
                    })
                });
                if let Some(officer) = changed_self {
                    crate::session::keep_officer(&officer);
                    context.session.update(|s| {
                        if let Some(s) = s {
                            s.officer = officer;
                        }
                    });
                }
                crate::session::save_roster(&roster);
                device.roster.set(roster);
            }
            device.status.update(|s| {
                s.running = false;
                match &outcome {
                    Ok(()) => {
                        s.last_success_ms = Some(js_sys::Date::now());
                        crate::session::save_last_sync(js_sys::Date::now());
                        s.last_failure = None;
                        s.needs_sign_in = false;
                    }
                    Err(failure) => {
                        s.last_failure = Some(failure.clone());
                        s.needs_sign_in = matches!(failure, SyncFailure::Api(api) if matches!(api.code(), "token_expired" | "invalid_token"));
                        s.halted = matches!(failure, SyncFailure::Protocol(_));
                    }
                }
            });
            match outcome {
                Ok(()) => device.backoff.update_value(Backoff::reset),
                Err(SyncFailure::Api(failure)) if failure.code() == "device_revoked" => {
                    device
                        .wipe_all(context, crate::i18n::ERROR_DEVICE_REVOKED)
                        .await
                }
                // The server no longer knows the session (it expired, or the server was
                // restored from a backup older than it): the officer signs in again, and
                // the same officer on the same tablet keeps everything it holds.
                Err(SyncFailure::Api(failure))
                    if matches!(failure.code(), "invalid_token" | "token_expired") =>
                {
                    context.sign_out();
                    context
                        .sign_out_reason
                        .set(Some(crate::i18n::SIGN_IN_AGAIN));
                }
                Err(SyncFailure::Api(failure))
                    if failure == ApiFailure::Network
                        || matches!(failure.code(), "internal_error" | "storage_full") =>
                {
                    let mut delay = 0;
                    device
                        .backoff
                        .update_value(|b| delay = b.next_delay_ms(js_sys::Math::random()));
                    set_timeout(
                        move || device.sync_now(context),
                        Duration::from_millis(delay.max(1_000)),
                    );
                }
                Err(_) => {}
            }
        });
    }

    /// One run of the shared engine. An answer the engine refuses ends the run with
    /// its error, exactly as the native test driver does: never a silent retry.
    async fn run_sync(&self, token: &str) -> Result<(), SyncFailure> {
        let store = self
            .store()
            .ok_or(SyncFailure::Storage(StoreError::Unavailable(String::new())))?;
        let (device_id, cursor, epoch) = self
            .state
            .with_untracked(|s| (s.device_id(), s.cursor(), s.server_epoch()));
        let mut run = SyncRun::new(device_id, cursor, PULL_PAGE).knowing_epoch(epoch);
        loop {
            let request = self.state.with_untracked(|s| run.next_request(s.outbox()));
            let Some(request) = request else {
                return Ok(());
            };
            let writes = match request {
                Request::Push(body) => {
                    let sent = body.mutations.len();
                    let response = api::push(token, &body).await?;
                    let mut applied = Ok(Vec::new());
                    self.state.update(|state| {
                        applied = run
                            .on_push(&response, state.clock_mut(), now_ms())
                            .map(|effects| state.apply_push(&effects));
                    });
                    self.status.update(|s| s.pushed += sent);
                    applied.map_err(SyncFailure::Protocol)?
                }
                Request::Pull { cursor, limit } => {
                    let response = api::pull(token, cursor, limit).await?;
                    let received = response.changes.len();
                    let mut applied = Ok(Vec::new());
                    self.state.update(|state| {
                        applied = run
                            .on_pull(response, state.clock_mut(), now_ms())
                            .map(|effects| state.apply_pull(effects));
                    });
                    self.status.update(|s| s.pulled += received);
                    applied.map_err(SyncFailure::Protocol)?
                }
            };
            // The cursor moves only with the page it belongs to, in one transaction.
            self.persist(&store, &writes)
                .await
                .map_err(SyncFailure::Storage)?;
        }
    }

    /// Queues every photo the records show for upload again: the server was restored
    /// from a backup and may lack those uploaded since. The server keeps one copy of
    /// each; a photo this device does not hold is skipped at upload.
    async fn queue_held_photos(&self) {
        let Some(store) = self.store() else {
            return;
        };
        let photos: Vec<(String, String)> = self.state.with_untracked(|state| {
            state
                .records()
                .flat_map(|record| {
                    let region = record.text("region_code").unwrap_or_default().to_string();
                    let mut shas = record.texts("photos");
                    shas.extend(record.text("photo").map(str::to_string));
                    shas.into_iter().map(move |sha| (sha, region.clone()))
                })
                .collect()
        });
        // A failure leaves the photos as they were; the next restore check is the same.
        let _ = store.queue_uploads(&photos).await;
    }

    /// Uploads the waiting photos one by one, stopping at the first failure.
    async fn upload_photos(&self, token: &str) -> Result<(), ApiFailure> {
        let Some(store) = self.store() else {
            return Ok(());
        };
        let waiting = store.pending_uploads().await.unwrap_or_default();
        self.status.update(|s| s.photos_waiting = waiting.len());
        for (sha256, region) in waiting {
            let Ok(Some(bytes)) = store.photo(&sha256).await else {
                let _ = store.uploaded(&sha256).await;
                continue;
            };
            api::upload_photo(token, &sha256, &region, &bytes).await?;
            let _ = store.uploaded(&sha256).await;
            self.status
                .update(|s| s.photos_waiting = s.photos_waiting.saturating_sub(1));
        }
        Ok(())
    }

    /// Keeps a photo on the device, queues its upload, and adds it to the record's
    /// `photos` — all before returning.
    pub async fn add_photo(
        &self,
        context: AppContext,
        entity: EntityKind,
        id: Uuid,
        photo: crate::photos::Photo,
    ) -> Result<(), SaveError> {
        let store = self.store().ok_or(SaveError::NotReady)?;
        let (region, mut photos) = self.state.with_untracked(|s| {
            let record = s.record(id);
            let region = record
                .and_then(|r| r.text("region_code"))
                .unwrap_or_default()
                .to_string();
            let photos = record
                .and_then(|r| r.fields.get("photos"))
                .and_then(|p| p.as_array().cloned())
                .unwrap_or_default();
            (region, photos)
        });
        store
            .keep_photo(&photo.sha256, &photo.bytes, &region)
            .await
            .map_err(SaveError::Store)?;
        self.status.update(|s| s.photos_waiting += 1);
        let sha = serde_json::Value::String(photo.sha256);
        if !photos.contains(&sha) {
            photos.push(sha);
        }
        let fields =
            FieldMap::from_iter([("photos".to_string(), serde_json::Value::Array(photos))]);
        self.save(context, entity, id, fields).await
    }

    /// The record with the id `id` gives, as its amendments correct it, redrawn only when
    /// what the officer sees of it changes — not when a sync merely confirms it.
    pub fn record_memo(&self, id: Memo<Option<Uuid>>) -> Memo<Option<LocalRecord>> {
        let state = self.state;
        Memo::new_with_compare(
            move |_| {
                let id = id.get()?;
                state.with(|s| s.amended(vec![s.record(id)?.clone()]).pop())
            },
            |old, new| shown(old) != shown(new),
        )
    }

    /// A thumbnail URL for a photo kept on this device.
    pub async fn photo_url(&self, sha256: &str) -> Option<String> {
        let bytes = self.store()?.photo(sha256).await.ok()??;
        crate::photos::object_url(&bytes)
    }

    /// A revoked device, or one that met too many wrong PINs, keeps nothing: its store
    /// with the wrapped data key, everything in localStorage, the cached app and its
    /// service worker go, and the officer is signed out and told why and what unsent
    /// work went with it. The server's `Clear-Site-Data` asks the browser for the same
    /// on a revoke; this does not rely on it.
    pub async fn wipe_all(&self, context: AppContext, reason: pantau_shared::lang::Label) {
        let lost = self.unsent_count().await;
        self.wipe().await;
        crate::session::forget_everything();
        forget_cached_app().await;
        // A new device id, now that the old one is forgotten.
        self.state
            .set(DeviceState::new(crate::session::device_id()));
        context.sign_out();
        context.sign_out_reason.set(Some(reason));
        context.lost_writes.set(lost);
    }

    /// Wipes the device's data and its data key (sign-out, another officer).
    pub async fn wipe(&self) {
        if let Some(store) = self.any_store().await {
            let _ = store.wipe().await;
        }
        // Nor does the data key stay in memory with the store that held it.
        self.store.set_value(None);
        self.ready.set(false);
        self.signing_key.set_value(None);
        self.state
            .set(DeviceState::new(crate::session::device_id()));
    }
}

/// What the officer sees of a record: its fields, which of them lost, and the receipt
/// for its signature.
type Shown<'a> = (&'a FieldMap, &'a Vec<String>, &'a Option<serde_json::Value>);

fn shown(record: Option<&Option<LocalRecord>>) -> Option<Shown<'_>> {
    record
        .and_then(Option::as_ref)
        .map(|r| (&r.fields, &r.lost_fields, &r.receipt))
}

/// Deletes every cache of the app shell and unregisters the service worker.
async fn forget_cached_app() {
    use wasm_bindgen_futures::JsFuture;
    if let Ok(caches) = window().caches()
        && let Ok(keys) = JsFuture::from(caches.keys()).await
    {
        for key in js_sys::Array::from(&keys).iter() {
            if let Some(name) = key.as_string() {
                let _ = JsFuture::from(caches.delete(&name)).await;
            }
        }
    }
    let workers = window().navigator().service_worker();
    if let Ok(registrations) = JsFuture::from(workers.get_registrations()).await {
        for registration in js_sys::Array::from(&registrations).iter() {
            let registration: web_sys::ServiceWorkerRegistration = registration.into();
            if let Ok(done) = registration.unregister() {
                let _ = JsFuture::from(done).await;
            }
        }
    }
}

/// Waits `ms` milliseconds.
async fn pause(ms: i32) {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
}

/// Asks the browser not to evict the device's data under storage pressure, and notes
/// a refusal for the officer to see.
fn request_persistent_storage(device: Device) {
    if let Ok(promise) = window().navigator().storage().persist() {
        spawn_local(async move {
            let granted = wasm_bindgen_futures::JsFuture::from(promise).await;
            device
                .storage_not_persistent
                .set(granted.is_ok_and(|granted| granted.is_falsy()));
        });
    }
}
