//! Teams and the region each covers.

use super::{Db, now_ms};
use pantau_shared::region::RegionCode;
use pantau_shared::team::Team;

impl Db {
    /// Adds a team, or renames it and moves its region when the id exists.
    pub async fn upsert_team(&self, team: &Team) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO teams (id, name, region_code, created_at_ms) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, region_code = excluded.region_code",
        )
        .bind(&team.id)
        .bind(&team.name)
        .bind(team.region_code.as_str())
        .bind(now_ms())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn team(&self, id: &str) -> sqlx::Result<Option<Team>> {
        let row: Option<(String, String, String)> =
            sqlx::query_as("SELECT id, name, region_code FROM teams WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.and_then(|(id, name, region)| {
            Some(Team {
                id,
                name,
                region_code: RegionCode::parse(&region).ok()?,
            })
        }))
    }

    /// Every team, by id.
    pub async fn teams(&self) -> sqlx::Result<Vec<Team>> {
        let rows: Vec<(String, String, String)> =
            sqlx::query_as("SELECT id, name, region_code FROM teams ORDER BY id")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, name, region)| {
                Some(Team {
                    id,
                    name,
                    region_code: RegionCode::parse(&region).ok()?,
                })
            })
            .collect())
    }
}
