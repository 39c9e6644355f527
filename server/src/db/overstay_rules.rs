//! The overstay rule's versions (migration 0025): each kept by the day it comes into
//! force, the one in force from the start of the records by the empty day.

use super::Db;
use pantau_shared::identity::IsoDate;
use pantau_shared::permit::{OverstayRule, OverstayRules};

impl Db {
    /// Every version of the overstay rule, earliest first.
    pub async fn overstay_rules(&self) -> sqlx::Result<OverstayRules> {
        let rows: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT valid_from, daily_fee_idr, deportation_days FROM overstay_rules",
        )
        .fetch_all(&self.pool)
        .await?;
        let versions = rows
            .into_iter()
            .map(
                |(valid_from, daily_fee_idr, deportation_days)| OverstayRule {
                    valid_from: IsoDate::parse(&valid_from).ok(),
                    daily_fee_idr: daily_fee_idr.max(0) as u64,
                    deportation_days,
                },
            )
            .collect();
        Ok(OverstayRules::new(versions))
    }

    /// Keeps a planned version, replacing one planned for the same day.
    pub async fn put_overstay_rule(
        &self,
        rule: &OverstayRule,
        set_by: &str,
        now_ms: i64,
    ) -> sqlx::Result<()> {
        let valid_from = rule.valid_from.map(|d| d.to_string()).unwrap_or_default();
        sqlx::query(
            "INSERT INTO overstay_rules (valid_from, daily_fee_idr, deportation_days, set_by, set_at_ms) \
             VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (valid_from) DO UPDATE SET daily_fee_idr = excluded.daily_fee_idr, \
             deportation_days = excluded.deportation_days, set_by = excluded.set_by, \
             set_at_ms = excluded.set_at_ms",
        )
        .bind(valid_from)
        .bind(rule.daily_fee_idr as i64)
        .bind(rule.deportation_days)
        .bind(set_by)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Drops the version planned to begin on `from`.
    pub async fn delete_overstay_rule(&self, from: IsoDate) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM overstay_rules WHERE valid_from = $1")
            .bind(from.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
