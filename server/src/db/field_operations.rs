//! Operations under one written order (entity `operation`) as the office reads them:
//! the operations, and the live records made under one — its inspections (through the
//! link kept from the change log with the counted units), their findings, the persons
//! those cite and the office's decisions on them.

use super::Db;
use super::stats::EngineSql;
use pantau_shared::entity::FieldMap;
use std::collections::HashMap;

/// A live record as read: its id, region and fields.
#[derive(Debug, Clone)]
pub struct ReadRecord {
    pub id: String,
    pub region_code: String,
    pub fields: FieldMap,
}

/// The live records made under one operation.
#[derive(Debug, Default)]
pub struct UnderOperation {
    pub inspections: Vec<ReadRecord>,
    pub findings: Vec<ReadRecord>,
    /// The persons the findings cite, and those they were merged into.
    pub subjects: HashMap<String, ReadRecord>,
    pub decisions: Vec<ReadRecord>,
}

/// The operation's live inspections' links, joined as `i` (`$1` is the operation).
const INSPECTIONS: &str = "stat_links i JOIN records ir ON ir.id = i.record_id \
     AND ir.entity = 'inspection' AND ir.deleted = 0";

impl Db {
    async fn read_records(&self, sql: &str, bind: Option<&str>) -> sqlx::Result<Vec<ReadRecord>> {
        let mut query = sqlx::query_as::<_, (String, String, String)>(sqlx::AssertSqlSafe(sql));
        if let Some(value) = bind {
            query = query.bind(value);
        }
        Ok(query
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .filter_map(|(id, region_code, fields)| {
                Some(ReadRecord {
                    id,
                    region_code,
                    fields: serde_json::from_str(&fields).ok()?,
                })
            })
            .collect())
    }

    /// Every live operation.
    pub async fn operation_records(&self) -> sqlx::Result<Vec<ReadRecord>> {
        self.read_records(
            "SELECT id, region_code, fields FROM records WHERE entity = 'operation' AND deleted = 0",
            None,
        )
        .await
    }

    /// How many live inspections were made under each operation that has any.
    pub async fn inspections_per_operation(&self) -> sqlx::Result<HashMap<String, i64>> {
        self.refresh_stat_units().await?;
        let sql = format!(
            "SELECT i.operation_id, COUNT(*) FROM {INSPECTIONS} \
             WHERE i.operation_id IS NOT NULL GROUP BY i.operation_id"
        );
        Ok(sqlx::query_as::<_, (String, i64)>(sqlx::AssertSqlSafe(sql))
            .fetch_all(&self.pool)
            .await?
            .into_iter()
            .collect())
    }

    /// The live records made under `operation`, over every write committed before; its
    /// inspections and findings as their amendments correct them.
    pub async fn records_under_operation(&self, operation: &str) -> sqlx::Result<UnderOperation> {
        self.refresh_stat_units().await?;
        let inspections = self
            .read_records(
                &format!(
                    "SELECT ir.id, ir.region_code, {} FROM {INSPECTIONS}{} \
                     WHERE i.operation_id = $1",
                    EngineSql::amended_fields("ir"),
                    EngineSql::amended_join("ir"),
                ),
                Some(operation),
            )
            .await?;
        let findings_of = "JOIN stat_links f ON f.inspection_id = i.record_id";
        let findings = self
            .read_records(
                &format!(
                    "SELECT r.id, r.region_code, {} FROM {INSPECTIONS} {findings_of} \
                     JOIN records r ON r.id = f.record_id AND r.entity = 'finding' AND r.deleted = 0{} \
                     WHERE i.operation_id = $1",
                    EngineSql::amended_fields("r"),
                    EngineSql::amended_join("r"),
                ),
                Some(operation),
            )
            .await?;
        // The persons cited, and those they were merged into: a finding counts the
        // survivor's details.
        let cited = format!(
            "SELECT f.subject_id FROM {INSPECTIONS} {findings_of} WHERE i.operation_id = $1"
        );
        let subjects = self
            .read_records(
                &format!(
                    "SELECT s.id, s.region_code, s.fields FROM records s \
                     WHERE s.entity = 'subject' AND (s.id IN ({cited}) OR s.id IN \
                     (SELECT m.merged_into FROM stat_links m WHERE m.record_id IN ({cited})))"
                ),
                Some(operation),
            )
            .await?
            .into_iter()
            .map(|subject| (subject.id.clone(), subject))
            .collect();
        let decisions = self
            .read_records(
                &format!(
                    "SELECT d.id, d.region_code, d.fields FROM {INSPECTIONS} {findings_of} \
                     JOIN records d ON d.id = SUBSTR(f.record_id, 1, 14) || '8' || SUBSTR(f.record_id, 16) \
                     AND d.entity = 'decision' AND d.deleted = 0 \
                     WHERE i.operation_id = $1"
                ),
                Some(operation),
            )
            .await?;
        Ok(UnderOperation {
            inspections,
            findings,
            subjects,
            decisions,
        })
    }
}
