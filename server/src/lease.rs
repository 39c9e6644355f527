//! The device lease: the server's share of each tablet's data key, and the policy the
//! tablet locks by (how long it may unlock offline, how many wrong PINs wipe it, how soon
//! it locks when left alone). The policy lives in settings; `pantau device policy` shows
//! and changes it.

use crate::db::Db;
use crate::policy::PolicyValue;
use pantau_shared::sync::wire::DeviceLease;
use rand::RngCore;
use uuid::Uuid;

/// Days a tablet may unlock without reaching the server.
pub const LEASE_DAYS: PolicyValue = PolicyValue {
    key: "device_lease_days",
    default: 7,
    range: 1..=90,
};
/// Wrong PINs in a row that wipe a tablet.
pub const PIN_ATTEMPTS: PolicyValue = PolicyValue {
    key: "pin_attempts",
    default: 10,
    range: 3..=20,
};
/// Minutes without a touch after which a tablet locks.
pub const IDLE_LOCK_MINUTES: PolicyValue = PolicyValue {
    key: "idle_lock_minutes",
    default: 15,
    range: 1..=240,
};

/// The settings key of whether finalizations and amendments must come signed ("1").
pub const REQUIRE_SIGNATURES: &str = "require_signatures";

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// A fresh lease for `device`, running from `now_ms`.
pub async fn lease_for(db: &Db, device: Uuid, now_ms: i64) -> sqlx::Result<DeviceLease> {
    let mut candidate = [0u8; 32];
    rand::rng().fill_bytes(&mut candidate);
    let share = db
        .device_lease_share(device, &hex::encode(candidate))
        .await?;
    Ok(DeviceLease {
        share,
        until_ms: now_ms + LEASE_DAYS.current(db).await? * DAY_MS,
        pin_attempts: PIN_ATTEMPTS.current(db).await? as u32,
        idle_lock_minutes: IDLE_LOCK_MINUTES.current(db).await? as u32,
    })
}

/// What `pantau device policy` may change; `None` leaves a value as it is.
#[derive(Debug, Default)]
pub struct PolicyChange {
    pub lease_days: Option<i64>,
    pub pin_attempts: Option<i64>,
    pub idle_lock_minutes: Option<i64>,
    pub require_signatures: Option<bool>,
}

/// `pantau device policy`: sets the values given, then says every value in force.
pub async fn set_policy(db: &Db, change: PolicyChange) -> anyhow::Result<String> {
    let PolicyChange {
        lease_days,
        pin_attempts,
        idle_lock_minutes,
        require_signatures,
    } = change;
    let asked = [
        (&LEASE_DAYS, "--lease-days", lease_days),
        (&PIN_ATTEMPTS, "--pin-attempts", pin_attempts),
        (&IDLE_LOCK_MINUTES, "--idle-lock-minutes", idle_lock_minutes),
    ];
    crate::policy::keep(db, &asked).await?;
    if let Some(required) = require_signatures {
        db.put_setting(REQUIRE_SIGNATURES, if required { "1" } else { "0" })
            .await?;
    }
    let mut said = crate::policy::in_force(db, &asked).await?;
    let required = db.setting_i64(REQUIRE_SIGNATURES).await? == Some(1);
    said.push_str(&format!("--require-signatures {required}\n"));
    said.push_str("(tablets take the new values at their next sync)");
    Ok(said)
}
