//! Election periods as the office reads them.

use super::Db;
use pantau_shared::election::ElectionPeriod;
use pantau_shared::entity::{Entity, FieldMap};

impl Db {
    /// Every live election period's id and stored values.
    pub async fn election_period_records(&self) -> sqlx::Result<Vec<(String, FieldMap)>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, fields FROM records WHERE entity = 'election_period' AND deleted = 0",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, fields)| Some((id, serde_json::from_str(&fields).ok()?)))
            .collect())
    }

    /// Every live election period that reads as one.
    pub async fn election_periods(&self) -> sqlx::Result<Vec<ElectionPeriod>> {
        Ok(self
            .election_period_records()
            .await?
            .iter()
            .filter_map(|(_, fields)| ElectionPeriod::from_fields(fields).ok())
            .collect())
    }
}
