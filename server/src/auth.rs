//! Passwords, tokens and the signed-in officer. Passwords are argon2id hashes computed
//! off the async runtime; tokens are random, opaque, and stored only as SHA-256.

use crate::db::Db;
use crate::db::sessions::DeviceSyncState;
use crate::error::{ApiError, Result};
use crate::state::AppState;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use pantau_shared::region::RegionCode;
use pantau_shared::team::{Officer, Role};
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// Hashes a password with argon2id on the blocking pool.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| anyhow::anyhow!("password hashing failed: {e}"))
    })
    .await?
}

/// Checks a password against a stored hash on the blocking pool.
pub async fn verify_password(password: String, hash: String) -> anyhow::Result<bool> {
    tokio::task::spawn_blocking(move || {
        let parsed =
            PasswordHash::new(&hash).map_err(|e| anyhow::anyhow!("stored hash unreadable: {e}"))?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await?
}

/// A new random token (256 bits, hex) and the hash under which it is stored.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A generated password for the first admin account and the demo accounts.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..16)
        .map(|_| ALPHABET[(rng.next_u32() as usize) % ALPHABET.len()] as char)
        .collect()
}

/// One sign-in attempt, written to the database under the username and the client
/// address before the password is checked. Attempts beyond the limits within the window
/// are refused with how long to wait; a successful one is forgotten, so what stays are
/// failures.
pub struct LoginAttempt {
    ids: Vec<i64>,
}

impl LoginAttempt {
    pub async fn begin(state: &AppState, username: &str, address: &str) -> Result<LoginAttempt> {
        let settings = &state.settings;
        let now_ms = settings.clock.now_ms();
        let window_ms = settings.login_window.as_millis() as i64;
        let keys = [format!("user:{username}"), format!("addr:{address}")];
        let limits = [
            settings.login_max_failures,
            settings.login_max_failures_per_address,
        ];
        let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        let (ids, counts) = state
            .db
            .begin_login_attempt(&key_refs, now_ms, window_ms)
            .await?;
        let over = keys
            .iter()
            .zip(limits)
            .zip(&counts)
            .find(|((_, limit), count)| **count > *limit as i64)
            .map(|((key, _), _)| key);
        let Some(key) = over else {
            return Ok(LoginAttempt { ids });
        };
        // A refused attempt does not count: hammering must not lengthen the lockout.
        state.db.forget_login_attempts(&ids).await?;
        let oldest = state
            .db
            .oldest_login_attempt(key, now_ms, window_ms)
            .await?
            .unwrap_or(now_ms);
        let wait_s = ((oldest + window_ms - now_ms).max(0) as u64)
            .div_ceil(1000)
            .max(1);
        Err(ApiError::Throttled {
            code: "too_many_attempts",
            message: format!(
                "too many failed sign-ins; try again in {} minute(s)",
                wait_s.div_ceil(60)
            ),
            retry_after_s: wait_s,
        })
    }

    pub async fn succeeded(self, state: &AppState) -> Result<()> {
        state.db.forget_login_attempts(&self.ids).await?;
        Ok(())
    }
}

/// The hash an unknown username's password is checked against, so that a sign-in takes
/// as long whether or not the account exists.
pub async fn unknown_user_hash() -> anyhow::Result<String> {
    static HASH: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    HASH.get_or_try_init(|| hash_password(generate_password()))
        .await
        .cloned()
}

/// The officer behind a request's bearer token.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub officer: Officer,
    pub device_id: Uuid,
    pub token_hash: String,
    /// The region of the officer's team; `None` for accounts without a team.
    pub scope: Option<RegionCode>,
    /// What the server remembers of this device's pulls, as the request began.
    pub device_state: DeviceSyncState,
}

impl SignedIn {
    /// The region whose records this officer may read.
    pub fn read_scope(&self) -> Result<&RegionCode> {
        match (&self.scope, self.officer.role.reads_records()) {
            (Some(scope), true) => Ok(scope),
            _ => Err(ApiError::forbidden(
                "this account does not work with field records",
            )),
        }
    }

    pub fn require_role(&self, allowed: &[Role]) -> Result<()> {
        if allowed.contains(&self.officer.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden("this account's role may not do this"))
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| {
                ApiError::unauthorized("missing_token", "sign in first: no bearer token was sent")
            })?;
        authenticate(&state.db, token, state.settings.clock.now_ms()).await
    }
}

async fn authenticate(db: &Db, token: &str, now_ms: i64) -> Result<SignedIn> {
    let hash = token_hash(token);
    let session = db.session(&hash).await?.ok_or_else(|| {
        ApiError::unauthorized("invalid_token", "the session is unknown; sign in again")
    })?;
    if session.device_revoked {
        return Err(ApiError::client(
            StatusCode::UNAUTHORIZED,
            "device_revoked",
            "this device was revoked; its local data must be wiped",
        ));
    }
    if session.expires_at_ms <= now_ms {
        return Err(ApiError::unauthorized(
            "token_expired",
            "the session has expired; sign in again",
        ));
    }
    if !session.account.active {
        return Err(ApiError::unauthorized(
            "invalid_token",
            "the account is no longer active",
        ));
    }
    Ok(SignedIn {
        officer: session.account.officer,
        device_id: session.device_id,
        token_hash: hash,
        scope: session
            .team_region
            .and_then(|region| RegionCode::parse(&region).ok()),
        device_state: session.device_state,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn password_hashes_verify_only_the_right_password() {
        let hash = hash_password("rahasia-demo".into()).await.expect("hash");
        assert!(hash.starts_with("$argon2id$"));
        assert!(
            verify_password("rahasia-demo".into(), hash.clone())
                .await
                .expect("verify")
        );
        assert!(!verify_password("salah".into(), hash).await.expect("verify"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, hash_a) = new_token();
        let (b, _) = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a), hash_a);
        assert_ne!(a, hash_a);
    }
}
