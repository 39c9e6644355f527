//! The office's review queue: the findings of finalized inspections in a region that have
//! something to decide (a violation or a recommended action) or a decision already, each
//! beside its inspection, its foreign national and its decision if there is one.
//!
//! A finding's decision has an id that follows from the finding's (the version nibble
//! set to 8, see `pantau_shared::decision::decision_id`), so it is joined by primary key.

use super::records::{in_scope, scope_params};
use super::stats::EngineSql;
use super::{Backend, Db};
use pantau_shared::decision::ReviewFilter;
use pantau_shared::entity::FieldMap;
use pantau_shared::permit::OverstayRule;
use sqlx::Row;

/// A finding of the queue as stored: its id and the fields of the records around it.
pub struct QueueRow {
    pub finding_id: String,
    pub finding: FieldMap,
    pub inspection: FieldMap,
    pub subject: FieldMap,
    pub decision: Option<FieldMap>,
}

impl Db {
    /// The findings in `scope` that `filter` selects, oldest inspection first, and how
    /// many there are in all.
    pub async fn review_queue(
        &self,
        scope: &str,
        filter: ReviewFilter,
        limit: i64,
        offset: i64,
    ) -> sqlx::Result<(Vec<QueueRow>, i64)> {
        let sql = EngineSql(self.backend);
        let state = sql.field("d", "state");
        let chosen = match filter {
            // A finding with no violation and no recommended action has nothing for the
            // office to decide: it awaits nothing.
            ReviewFilter::Awaiting => format!(
                "d.id IS NULL AND ({recommended} IS NOT NULL \
                 OR COALESCE({violations}, '[]') <> '[]')",
                recommended = sql.field("f", "recommended_action"),
                violations = sql.field("f", "violations"),
            ),
            _ => format!("{state} = $3"),
        };
        let from = format!(
            "FROM records f \
             JOIN records i ON i.id = {inspection_id} AND i.entity = 'inspection' \
             AND i.deleted = 0 \
             LEFT JOIN {decision} \
             LEFT JOIN records s ON s.id = {subject_id} AND s.entity = 'subject' \
             WHERE f.entity = 'finding' AND f.deleted = 0 AND {scoped} \
             AND {status} = 'final' AND {chosen}",
            inspection_id = sql.field("f", "inspection_id"),
            decision = sql.decision_of("f", "d"),
            subject_id = sql.field("f", "subject_id"),
            scoped = in_scope("f.region_code", 1, 2),
            status = sql.field("i", "status"),
        );
        let counted = format!("SELECT COUNT(*) {from}");
        let page = format!(
            "SELECT f.id, f.fields, i.fields, {subject}, {decision} {from} \
             ORDER BY {started_at}, f.id LIMIT {limit} OFFSET {offset}",
            subject = self.text("s.fields"),
            decision = self.text("d.fields"),
            started_at = sql.field("i", "started_at"),
            limit = limit.max(0),
            offset = offset.max(0),
        );
        let (exact, below) = scope_params(scope);
        let state_code = (filter != ReviewFilter::Awaiting).then(|| filter.code());
        let mut count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(counted))
            .bind(exact.clone())
            .bind(below.clone());
        let mut query = sqlx::query(sqlx::AssertSqlSafe(page))
            .bind(exact)
            .bind(below);
        if let Some(code) = state_code {
            count = count.bind(code);
            query = query.bind(code);
        }
        let total = count.fetch_one(&self.pool).await?;
        let rows = query.fetch_all(&self.pool).await?;
        let object =
            |text: Option<String>| -> Option<FieldMap> { serde_json::from_str(&text?).ok() };
        let rows = rows
            .into_iter()
            .map(|row| QueueRow {
                finding_id: row.get(0),
                finding: object(row.get(1)).unwrap_or_default(),
                inspection: object(row.get(2)).unwrap_or_default(),
                subject: object(row.get(3)).unwrap_or_default(),
                decision: object(row.get(4)),
            })
            .collect();
        Ok((rows, total))
    }

    /// The overstay fee and deportation threshold in force, as the settings keep them.
    pub async fn overstay_rule(&self) -> sqlx::Result<OverstayRule> {
        let default = OverstayRule::PP_28_2019;
        let daily_fee_idr = self
            .setting_i64("overstay_daily_fee_idr")
            .await?
            .map_or(default.daily_fee_idr, |v| v.max(0) as u64);
        let deportation_days = self
            .setting_i64("overstay_deportation_days")
            .await?
            .unwrap_or(default.deportation_days);
        Ok(OverstayRule {
            daily_fee_idr,
            deportation_days,
        })
    }

    /// A nullable text column, read the same on both engines.
    fn text(&self, column: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("CAST({column} AS TEXT)"),
            Backend::Postgres => format!("{column}::text"),
        }
    }
}
