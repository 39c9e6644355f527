//! Values an office sets within bounds — how tablets lock their data, when a review is
//! overdue — each with its settings key, its default and the range it must lie in. A
//! policy command checks every value it is given before it keeps any.

use crate::db::Db;
use anyhow::bail;

/// One policy value: its settings key, its default, and the range it must lie in.
pub struct PolicyValue {
    pub key: &'static str,
    pub default: i64,
    pub range: std::ops::RangeInclusive<i64>,
}

impl PolicyValue {
    /// The value in force: the setting when it is set and in range, else the default.
    pub async fn current(&self, db: &Db) -> sqlx::Result<i64> {
        Ok(db
            .setting_i64(self.key)
            .await?
            .filter(|value| self.range.contains(value))
            .unwrap_or(self.default))
    }
}

/// A value a policy command was given (or not), with the flag it came by.
pub type Asked<'a> = (&'a PolicyValue, &'static str, Option<i64>);

/// Keeps the values given once every one is in range: a bad one changes nothing.
pub async fn keep(db: &Db, asked: &[Asked<'_>]) -> anyhow::Result<()> {
    for (policy, flag, value) in asked {
        if let Some(value) = value
            && !policy.range.contains(value)
        {
            bail!(
                "{flag} {value}: must be from {} to {}",
                policy.range.start(),
                policy.range.end()
            );
        }
    }
    for (policy, _, value) in asked {
        if let Some(value) = value {
            db.put_setting(policy.key, &value.to_string()).await?;
        }
    }
    Ok(())
}

/// Each value in force, one `--flag value` line each.
pub async fn in_force(db: &Db, asked: &[Asked<'_>]) -> sqlx::Result<String> {
    let mut said = String::new();
    for (policy, flag, _) in asked {
        said.push_str(&format!("{flag} {}\n", policy.current(db).await?));
    }
    Ok(said)
}

/// Every value an administrator sets within bounds, in the order the settings screen
/// shows them; each is known to the API by its settings key.
pub const ALL: [&PolicyValue; 4] = [
    &REVIEW_OVERDUE_DAYS,
    &crate::lease::LEASE_DAYS,
    &crate::lease::PIN_ATTEMPTS,
    &crate::lease::IDLE_LOCK_MINUTES,
];

/// Days after which a finding still awaiting the office's decision is marked overdue.
pub const REVIEW_OVERDUE_DAYS: PolicyValue = PolicyValue {
    key: "review_overdue_days",
    default: 14,
    range: 1..=365,
};

/// `pantau review policy`: sets the days after which a review is overdue, if given, and
/// says the value in force.
pub async fn set_review_policy(db: &Db, overdue_days: Option<i64>) -> anyhow::Result<String> {
    let asked = [(&REVIEW_OVERDUE_DAYS, "--overdue-days", overdue_days)];
    keep(db, &asked).await?;
    Ok(in_force(db, &asked).await?)
}
