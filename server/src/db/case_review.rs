//! The office's review queue: the findings of finalized inspections in a region that have
//! something to decide (a violation or a recommended action) or a decision already, each
//! beside its inspection, its foreign national and its decision if there is one.
//!
//! Which findings stand where is kept in `review_entries`, a read model refreshed from
//! the change log with the counted units (see `super::stat_units`): a page reads its
//! entries in order, then the records around those few findings. A finding's decision
//! has an id that follows from the finding's (the version nibble set to 8, see
//! `pantau_shared::decision::decision_id`), so it is joined by primary key.

use super::records::{in_scope, scope_params};
use super::stats::EngineSql;
use super::{Backend, Db};
use pantau_shared::decision::ReviewFilter;
use pantau_shared::entity::FieldMap;
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
        // The entries keep where each finding stands; the page's few rows are then read
        // with the records around them.
        self.refresh_stat_units().await?;
        let sql = EngineSql(self.backend);
        let chosen = format!(
            "FROM review_entries e WHERE e.state = $3 AND {}",
            in_scope("e.region", 1, 2)
        );
        let counted = format!("SELECT COUNT(*) {chosen}");
        let page = format!(
            "SELECT f.id, {finding}, {inspection}, {subject}, {decision_fields} \
             FROM (SELECT e.finding_id, e.started_at {chosen} \
             ORDER BY e.started_at, e.finding_id LIMIT {limit} OFFSET {offset}) AS e \
             JOIN records f ON f.id = e.finding_id{finding_amended} \
             JOIN records i ON i.id = {inspection_id}{inspection_amended} \
             LEFT JOIN {decision} \
             LEFT JOIN records s ON s.id = {subject_id} AND s.entity = 'subject' \
             ORDER BY e.started_at, e.finding_id",
            // Reviewed as their amendments correct them.
            finding = EngineSql::amended_fields("f"),
            finding_amended = EngineSql::amended_join("f"),
            inspection = EngineSql::amended_fields("i"),
            inspection_amended = EngineSql::amended_join("i"),
            subject = self.text("s.fields"),
            decision_fields = self.text("d.fields"),
            inspection_id = sql.field("f", "inspection_id"),
            decision = sql.decision_of("f", "d"),
            subject_id = sql.field("f", "subject_id"),
            limit = limit.max(0),
            offset = offset.max(0),
        );
        let (exact, below) = scope_params(scope);
        let count = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(counted))
            .bind(exact.clone())
            .bind(below.clone())
            .bind(filter.code());
        let query = sqlx::query(sqlx::AssertSqlSafe(page))
            .bind(exact)
            .bind(below)
            .bind(filter.code());
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

    /// A nullable text column, read the same on both engines.
    pub(super) fn text(&self, column: &str) -> String {
        match self.backend {
            Backend::Sqlite => format!("CAST({column} AS TEXT)"),
            Backend::Postgres => format!("{column}::text"),
        }
    }
}
