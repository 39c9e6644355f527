//! What an administrator reads and changes: accounts (list, disable, enable, a new
//! password) and devices (list, revoke).

use super::Db;
use super::officers::{ACCOUNT_COLUMNS_OF_O, Account, AccountRow, account_from_row};

/// A device as the administrator sees it.
#[derive(Debug, Clone)]
pub struct DeviceListing {
    pub id: String,
    pub username: String,
    pub name: String,
    pub last_seen_ms: i64,
    pub pulled_cursor: i64,
    pub revoked: bool,
}

impl Db {
    /// Every account, by username.
    pub async fn accounts(&self) -> sqlx::Result<Vec<Account>> {
        let rows: Vec<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS_OF_O} FROM officers o ORDER BY o.username"
        )))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().filter_map(account_from_row).collect())
    }

    /// The id of every team.
    pub async fn team_ids(&self) -> sqlx::Result<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM teams ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Enables or disables an account; a disabled one's sessions end at once. Answers
    /// whether the account exists.
    pub async fn set_account_active(&self, username: &str, active: bool) -> sqlx::Result<bool> {
        let done = sqlx::query("UPDATE officers SET active = $1 WHERE username = $2")
            .bind(i64::from(active))
            .bind(username)
            .execute(&self.pool)
            .await?;
        if !active {
            self.end_sessions_of(username).await?;
        }
        Ok(done.rows_affected() > 0)
    }

    /// Ends every session of an account (a new password, a disabled account).
    pub async fn end_sessions_of(&self, username: &str) -> sqlx::Result<u64> {
        self.end_sessions_but(username, "").await
    }

    /// Ends every session of the account but the one whose token hashes to `kept`: an
    /// administrator who sets their own password stays signed in where they did it.
    pub async fn end_sessions_but(&self, username: &str, kept: &str) -> sqlx::Result<u64> {
        let done = sqlx::query(
            "DELETE FROM sessions WHERE token_hash <> $2
             AND officer_id IN (SELECT id FROM officers WHERE username = $1)",
        )
        .bind(username)
        .bind(kept)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// The devices, most recently seen first; of one account when `username` is given.
    pub async fn devices(&self, username: Option<&str>) -> sqlx::Result<Vec<DeviceListing>> {
        let rows: Vec<(String, String, String, i64, i64, i64)> = sqlx::query_as(
            "SELECT d.id, o.username, d.name, d.last_seen_ms, d.pulled_cursor, d.revoked
             FROM devices d JOIN officers o ON o.id = d.officer_id
             WHERE $1 = '' OR o.username = $1
             ORDER BY d.last_seen_ms DESC",
        )
        .bind(username.unwrap_or_default())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, username, name, last_seen_ms, pulled_cursor, revoked)| DeviceListing {
                    id,
                    username,
                    name,
                    last_seen_ms,
                    pulled_cursor,
                    revoked: revoked != 0,
                },
            )
            .collect())
    }
}
