//! Officer accounts.

use super::{Db, is_unique_violation, now_ms};
use pantau_shared::team::{Officer, Role};
use uuid::Uuid;

/// An account as stored, with what authentication needs.
#[derive(Debug, Clone)]
pub struct Account {
    pub officer: Officer,
    pub username: String,
    pub password_hash: String,
    pub active: bool,
}

/// A new account to create.
pub struct NewAccount<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub team_id: Option<&'a str>,
    pub agency: &'a str,
    pub password_hash: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("the username is already taken")]
    UsernameTaken,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub(super) type AccountRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    i64,
);

pub(super) fn account_from_row(row: AccountRow) -> Option<Account> {
    let (id, username, name, role, team_id, agency, password_hash, active) = row;
    Some(Account {
        officer: Officer {
            id: Uuid::parse_str(&id).ok()?,
            name,
            role: Role::parse(&role).ok()?,
            team_id,
            agency,
        },
        username,
        password_hash,
        active: active != 0,
    })
}

const ACCOUNT_COLUMNS: &str = "id, username, name, role, team_id, agency, password_hash, active";
/// The same columns of an `officers o` in a join.
pub(super) const ACCOUNT_COLUMNS_OF_O: &str =
    "o.id, o.username, o.name, o.role, o.team_id, o.agency, o.password_hash, o.active";

impl Db {
    pub async fn create_account(&self, account: &NewAccount<'_>) -> Result<Uuid, AccountError> {
        let id = Uuid::now_v7();
        let result = sqlx::query(
            "INSERT INTO officers (id, username, name, role, team_id, agency, password_hash, active, created_at_ms)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)",
        )
        .bind(id.to_string())
        .bind(account.username)
        .bind(account.name)
        .bind(account.role.code())
        .bind(account.team_id)
        .bind(account.agency)
        .bind(account.password_hash)
        .bind(now_ms())
        .execute(&self.pool)
        .await;
        match result {
            Ok(_) => Ok(id),
            Err(error) if is_unique_violation(&error) => Err(AccountError::UsernameTaken),
            Err(error) => Err(error.into()),
        }
    }

    pub async fn account_by_username(&self, username: &str) -> sqlx::Result<Option<Account>> {
        let row: Option<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM officers WHERE username = $1"
        )))
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(account_from_row))
    }

    pub async fn account_by_id(&self, id: Uuid) -> sqlx::Result<Option<Account>> {
        let row: Option<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM officers WHERE id = $1"
        )))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.and_then(account_from_row))
    }

    pub async fn set_password_hash(&self, username: &str, hash: &str) -> sqlx::Result<bool> {
        let done = sqlx::query("UPDATE officers SET password_hash = $1 WHERE username = $2")
            .bind(hash)
            .bind(username)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn set_account_agency(&self, username: &str, agency: &str) -> sqlx::Result<bool> {
        let done = sqlx::query("UPDATE officers SET agency = $1 WHERE username = $2")
            .bind(agency)
            .bind(username)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn count_accounts(&self) -> sqlx::Result<i64> {
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM officers")
            .fetch_one(&self.pool)
            .await?;
        Ok(count)
    }

    /// The officers of a team, for rosters and attendance.
    pub async fn team_roster(&self, team_id: &str) -> sqlx::Result<Vec<Officer>> {
        let rows: Vec<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {ACCOUNT_COLUMNS} FROM officers WHERE team_id = $1 AND active = 1 ORDER BY name"
        )))
        .bind(team_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(account_from_row)
            .map(|account| account.officer)
            .collect())
    }
}
