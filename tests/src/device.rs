//! A native device: the shared sync engine and device model, driven over real HTTP with
//! the data kept in memory — the same code the app runs in the browser.

use anyhow::{Context, bail};
use pantau_shared::code_table::CodeTables;
use pantau_shared::device::{DeviceState, EditError};
use pantau_shared::entity::FieldMap;
use pantau_shared::sync::EntityKind;
use pantau_shared::sync::engine::{Request, SyncReport, SyncRun};
use pantau_shared::sync::wire::{LoginRequest, LoginResponse, PullResponse, PushResponse};
use std::time::{SystemTime, UNIX_EPOCH};
use uuid::Uuid;

/// The fields of a JSON object literal, as a device writes them.
pub fn fields(value: serde_json::Value) -> FieldMap {
    value.as_object().cloned().unwrap_or_default()
}

pub fn wall_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

pub struct NativeDevice {
    http: reqwest::Client,
    base: String,
    token: String,
    officer_id: Uuid,
    /// The key finalizations are signed with, registered at sign-in, if any.
    signing_key: Option<ed25519_dalek::SigningKey>,
    /// The regulation code tables as the server last sent them: the device judges the
    /// codes it writes by them, as a tablet does.
    pub code_tables: CodeTables,
    pub state: DeviceState,
}

impl NativeDevice {
    /// Signs `username` in from a new device.
    pub async fn sign_in(
        base: &str,
        username: &str,
        password: &str,
    ) -> anyhow::Result<NativeDevice> {
        Self::sign_in_with(base, username, password, None).await
    }

    /// Signs `username` in from a new device that signs what it finalizes with a key
    /// of its own, registered with the server at sign-in.
    pub async fn sign_in_signing(
        base: &str,
        username: &str,
        password: &str,
    ) -> anyhow::Result<NativeDevice> {
        let key = ed25519_dalek::SigningKey::from_bytes(&rand::random());
        Self::sign_in_with(base, username, password, Some(key)).await
    }

    async fn sign_in_with(
        base: &str,
        username: &str,
        password: &str,
        signing_key: Option<ed25519_dalek::SigningKey>,
    ) -> anyhow::Result<NativeDevice> {
        // A request the network swallowed must fail, not hang the sync forever.
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(15))
            .build()?;
        let device_id = Uuid::now_v7();
        let response = http
            .post(format!("{base}/api/auth/login"))
            .json(&LoginRequest {
                username: username.into(),
                password: password.into(),
                device_id,
                device_name: format!("native {username}"),
                signing_key: signing_key
                    .as_ref()
                    .map(|key| hex::encode(key.verifying_key().as_bytes())),
            })
            .send()
            .await?;
        if !response.status().is_success() {
            bail!("sign-in of {username} failed: {}", response.text().await?);
        }
        let login: LoginResponse = response.json().await?;
        let mut device = NativeDevice {
            http,
            base: base.into(),
            token: login.token,
            officer_id: login.officer.id,
            signing_key,
            code_tables: CodeTables::default(),
            state: DeviceState::new(login.device_id),
        };
        device.load_code_tables().await?;
        Ok(device)
    }

    /// Receives the regulation code tables, as a tablet does at sign-in and each sync.
    pub async fn load_code_tables(&mut self) -> anyhow::Result<()> {
        self.code_tables = self
            .http
            .get(format!("{}/api/settings", self.base))
            .bearer_auth(&self.token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await
            .context("the settings' code tables")?;
        Ok(())
    }

    /// Signs `username` in again on this device, keeping everything it holds: after a
    /// session ended, or a server restored from a backup that predates the session.
    pub async fn sign_in_again(&mut self, username: &str, password: &str) -> anyhow::Result<()> {
        let response = self
            .http
            .post(format!("{}/api/auth/login", self.base))
            .json(&LoginRequest {
                username: username.into(),
                password: password.into(),
                device_id: self.state.device_id(),
                device_name: format!("native {username}"),
                // Registered again: a server restored from an older backup may not know it.
                signing_key: self
                    .signing_key
                    .as_ref()
                    .map(|key| hex::encode(key.verifying_key().as_bytes())),
            })
            .send()
            .await?;
        if !response.status().is_success() {
            bail!("sign-in of {username} failed: {}", response.text().await?);
        }
        let login: LoginResponse = response.json().await?;
        anyhow::ensure!(
            login.device_id == self.state.device_id(),
            "the server gave this device another id"
        );
        self.token = login.token;
        Ok(())
    }

    /// Signs the unsent write that finalized `inspection`, as the officer does when
    /// finalizing: the canonical statement (RFC 8785) of the inspection, its findings
    /// and photos, under this device's key.
    pub fn sign_finalization(&mut self, inspection: Uuid) -> anyhow::Result<()> {
        use ed25519_dalek::Signer;
        let key = self
            .signing_key
            .as_ref()
            .context("this device signed in without a signing key")?;
        let (op_id, statement) = self
            .state
            .finalization_statement(inspection, self.officer_id)
            .context("no unsent finalization of that inspection")?;
        let text = serde_json_canonicalizer::to_string(&statement)?;
        let signature = key.sign(text.as_bytes());
        let signed = serde_json::json!({
            "key": hex::encode(key.verifying_key().as_bytes()),
            "statement": text,
            "signature": hex::encode(signature.to_bytes()),
        });
        anyhow::ensure!(
            !self.state.attach_signature(op_id, signed).is_empty(),
            "the finalization was sent before it was signed"
        );
        Ok(())
    }

    /// Uploads a photo as the app does.
    pub async fn upload(
        &self,
        sha256: &str,
        content_type: &str,
        region: &str,
        bytes: Vec<u8>,
    ) -> anyhow::Result<()> {
        self.http
            .put(format!(
                "{}/api/attachments/{sha256}?region={region}",
                self.base
            ))
            .bearer_auth(&self.token)
            .header("content-type", content_type)
            .body(bytes)
            .send()
            .await?
            .error_for_status()?;
        Ok(())
    }

    /// An API call as this officer: the status and the JSON answer (`null` when there is
    /// none). `body` makes it a POST.
    pub async fn call(
        &self,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> anyhow::Result<(u16, serde_json::Value)> {
        let url = format!("{}{path}", self.base);
        let request = match body {
            Some(body) => self.http.post(url).json(&body),
            None => self.http.get(url),
        };
        let response = request.bearer_auth(&self.token).send().await?;
        let status = response.status().as_u16();
        let text = response.text().await?;
        Ok((status, serde_json::from_str(&text).unwrap_or_default()))
    }

    /// A record's history as the server shows it to this officer.
    pub async fn history(&self, id: Uuid) -> anyhow::Result<serde_json::Value> {
        Ok(self
            .http
            .get(format!("{}/api/records/{id}/history", self.base))
            .bearer_auth(&self.token)
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?)
    }

    /// A photo's bytes as the server serves them to this officer.
    pub async fn attachment(&self, sha256: &str) -> anyhow::Result<Vec<u8>> {
        let response = self
            .http
            .get(format!("{}/api/attachments/{sha256}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await?
            .error_for_status()?;
        Ok(response.bytes().await?.to_vec())
    }

    /// An edit made on the device, online or not.
    pub fn edit(
        &mut self,
        entity: EntityKind,
        id: Uuid,
        fields: FieldMap,
    ) -> Result<(), EditError> {
        self.edit_at(entity, id, fields, wall_ms())
    }

    /// An edit made when the device's wall clock shows `wall_ms`: tests that need one
    /// write to come after another say so, instead of sleeping between them.
    pub fn edit_at(
        &mut self,
        entity: EntityKind,
        id: Uuid,
        fields: FieldMap,
        wall_ms: u64,
    ) -> Result<(), EditError> {
        // Codes are judged by the tables the device last received, as the app judges
        // them before it saves.
        if CodeTables::judges(entity, &fields) {
            let before = self.state.record(id).map(|r| r.fields.clone());
            let before = before.unwrap_or_default();
            let millis = i64::try_from(wall_ms).unwrap_or(i64::MAX);
            self.code_tables
                .check_write(entity, &fields, |f| before.get(f), millis)?;
        }
        self.state
            .edit(entity, id, fields, Uuid::now_v7(), wall_ms)
            .map(|_| ())
    }

    /// One full sync run: push the outbox, then pull until the server has no more.
    pub async fn sync(&mut self) -> anyhow::Result<SyncReport> {
        self.sync_run(true).await
    }

    /// Pushes the outbox and pulls nothing, as a tablet whose signal drops once its
    /// writes are sent: it holds none of what others wrote meanwhile.
    pub async fn push_only(&mut self) -> anyhow::Result<SyncReport> {
        self.sync_run(false).await
    }

    async fn sync_run(&mut self, pulls: bool) -> anyhow::Result<SyncReport> {
        let mut run = SyncRun::new(self.state.device_id(), self.state.cursor(), 200)
            .knowing_epoch(self.state.server_epoch());
        while let Some(request) = run.next_request(self.state.outbox()) {
            match request {
                Request::Pull { .. } if !pulls => break,
                Request::Push(body) => {
                    let response: PushResponse = self
                        .http
                        .post(format!("{}/api/sync/push", self.base))
                        .bearer_auth(&self.token)
                        .json(&body)
                        .send()
                        .await?
                        .error_for_status()?
                        .json()
                        .await?;
                    let effects = run.on_push(&response, self.state.clock_mut(), wall_ms())?;
                    self.state.apply_push(&effects);
                }
                Request::Pull { cursor, limit } => {
                    let response: PullResponse = self
                        .http
                        .get(format!(
                            "{}/api/sync/pull?cursor={cursor}&limit={limit}",
                            self.base
                        ))
                        .bearer_auth(&self.token)
                        .send()
                        .await?
                        .error_for_status()?
                        .json()
                        .await
                        .context("pull answer")?;
                    let effects = run.on_pull(response, self.state.clock_mut(), wall_ms())?;
                    self.state.apply_pull(effects);
                }
            }
        }
        Ok(run.report().clone())
    }
}
