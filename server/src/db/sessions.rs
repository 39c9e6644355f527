//! Devices and the sessions (bearer tokens) issued to them. Tokens are stored only as
//! their SHA-256, so a copy of the database does not let anyone sign in.

use super::officers::Account;
use super::{Db, now_ms};
use uuid::Uuid;

/// A session found by its token.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub device_id: Uuid,
    pub expires_at_ms: i64,
    pub device_revoked: bool,
    pub device_state: DeviceSyncState,
    pub account: Account,
    /// The region of the officer's team, if the officer has one.
    pub team_region: Option<String>,
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    device_id: String,
    expires_at_ms: i64,
    revoked: i64,
    scope: Option<String>,
    pulled_cursor: i64,
    last_seen_ms: i64,
    team_region: Option<String>,
    id: String,
    username: String,
    name: String,
    role: String,
    team_id: Option<String>,
    agency: String,
    password_hash: String,
    active: i64,
}

/// What the server remembers of a device between pulls.
#[derive(Debug, Clone, Default)]
pub struct DeviceSyncState {
    pub scope: Option<String>,
    pub pulled_cursor: i64,
    pub last_seen_ms: i64,
}

impl Db {
    /// Registers the device for the officer and answers the device the session is for,
    /// and whether it was revoked. A device id belongs to the officer who first registered
    /// it: another officer presenting it (a shared tablet) gets a new device of their own,
    /// never the first one's identity, sync position or revocation state.
    pub async fn register_device(
        &self,
        device_id: Uuid,
        officer_id: Uuid,
        name: &str,
    ) -> sqlx::Result<(Uuid, bool)> {
        let mut device_id = device_id;
        loop {
            sqlx::query(
                "INSERT INTO devices (id, officer_id, name, revoked, pulled_cursor, last_seen_ms)
                 VALUES ($1, $2, $3, 0, 0, $4)
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(device_id.to_string())
            .bind(officer_id.to_string())
            .bind(name)
            .bind(now_ms())
            .execute(&self.pool)
            .await?;
            let (owner, revoked): (String, i64) =
                sqlx::query_as("SELECT officer_id, revoked FROM devices WHERE id = $1")
                    .bind(device_id.to_string())
                    .fetch_one(&self.pool)
                    .await?;
            if owner == officer_id.to_string() {
                sqlx::query("UPDATE devices SET name = $1, last_seen_ms = $2 WHERE id = $3")
                    .bind(name)
                    .bind(now_ms())
                    .bind(device_id.to_string())
                    .execute(&self.pool)
                    .await?;
                return Ok((device_id, revoked != 0));
            }
            device_id = Uuid::now_v7();
        }
    }

    /// Sets when a device was last in touch: the demo's made-up tablets.
    pub async fn set_device_last_seen(&self, device_id: Uuid, at_ms: i64) -> sqlx::Result<()> {
        sqlx::query("UPDATE devices SET last_seen_ms = $1 WHERE id = $2")
            .bind(at_ms)
            .bind(device_id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn create_session(
        &self,
        token_hash: &str,
        officer_id: Uuid,
        device_id: Uuid,
        expires_at_ms: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, officer_id, device_id, created_at_ms, expires_at_ms)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash)
        .bind(officer_id.to_string())
        .bind(device_id.to_string())
        .bind(now_ms())
        .bind(expires_at_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The session behind a token with everything a request needs to know about it —
    /// the device, the officer's account and the team's region — in one query.
    pub async fn session(&self, token_hash: &str) -> sqlx::Result<Option<SessionInfo>> {
        let row: Option<SessionRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT s.device_id, s.expires_at_ms, d.revoked, d.scope, d.pulled_cursor, d.last_seen_ms,
                    t.region_code AS team_region, {}
             FROM sessions s
             JOIN devices d ON d.id = s.device_id
             JOIN officers o ON o.id = s.officer_id
             LEFT JOIN teams t ON t.id = o.team_id
             WHERE s.token_hash = $1",
            super::officers::ACCOUNT_COLUMNS_OF_O
        )))
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(|row| {
            Some(SessionInfo {
                device_id: Uuid::parse_str(&row.device_id).ok()?,
                expires_at_ms: row.expires_at_ms,
                device_revoked: row.revoked != 0,
                device_state: DeviceSyncState {
                    scope: row.scope,
                    pulled_cursor: row.pulled_cursor,
                    last_seen_ms: row.last_seen_ms,
                },
                team_region: row.team_region,
                account: super::officers::account_from_row((
                    row.id,
                    row.username,
                    row.name,
                    row.role,
                    row.team_id,
                    row.agency,
                    row.password_hash,
                    row.active,
                ))?,
            })
        }))
    }

    pub async fn delete_session(&self, token_hash: &str) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Revokes a lost device: its sessions end and its next contact tells it to wipe.
    pub async fn revoke_device(&self, device_id: Uuid) -> sqlx::Result<bool> {
        let done = sqlx::query("UPDATE devices SET revoked = 1 WHERE id = $1")
            .bind(device_id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Records how far a device has pulled (see `pull_cursors`).
    pub async fn record_pull(&self, device_id: Uuid, scope: &str, cursor: i64) -> sqlx::Result<()> {
        self.cursors.record(device_id, scope, cursor).await
    }
}

impl Db {
    /// The device's lease share: the one it was given before, else `candidate`, kept.
    pub async fn device_lease_share(&self, device: Uuid, candidate: &str) -> sqlx::Result<String> {
        sqlx::query("UPDATE devices SET lease_share = $1 WHERE id = $2 AND lease_share IS NULL")
            .bind(candidate)
            .bind(device.to_string())
            .execute(&self.pool)
            .await?;
        sqlx::query_scalar("SELECT lease_share FROM devices WHERE id = $1")
            .bind(device.to_string())
            .fetch_one(&self.pool)
            .await
    }
}
