//! Creating teams and accounts, checked the same way whether an administrator uses the
//! command line (`pantau team add`, `pantau user add`) or the admin screen.

use crate::auth::hash_password;
use crate::db::Db;
use crate::db::code_tables::AgencyTable;
use crate::db::officers::{AccountError, NewAccount};
use pantau_shared::Lang;
use pantau_shared::code_table::DatedCode;
use pantau_shared::identity::IsoDate;
use pantau_shared::region::RegionCode;
use pantau_shared::team::{Role, Team};

/// The minimum password length for accounts.
pub const MIN_PASSWORD_LEN: usize = 8;
/// The longest username or team id: bounded before anything else is done with it.
pub const MAX_ID_LEN: usize = 64;
/// The longest display name of an account or a team.
pub const MAX_NAME_LEN: usize = 200;

/// Why a team or an account was not created: the field at fault, a code and a message.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("{field}: {message}")]
    Field {
        field: &'static str,
        code: &'static str,
        message: String,
    },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl Refused {
    /// The refusal as the command line says it, naming the option at fault.
    pub fn for_command_line(self) -> anyhow::Error {
        match self {
            Refused::Field {
                field: "password",
                message,
                ..
            } => anyhow::anyhow!("the password {message}"),
            Refused::Field { field, message, .. } => anyhow::anyhow!("--{field} {message}"),
            Refused::Internal(error) => error,
        }
    }
}

impl From<sqlx::Error> for Refused {
    fn from(error: sqlx::Error) -> Self {
        Refused::Internal(error.into())
    }
}

fn refuse<T>(
    field: &'static str,
    code: &'static str,
    message: impl Into<String>,
) -> Result<T, Refused> {
    Err(Refused::Field {
        field,
        code,
        message: message.into(),
    })
}

/// An id of letters, digits and the `allowed` punctuation, at most [`MAX_ID_LEN`] long.
fn check_id(field: &'static str, value: &str, allowed: &str) -> Result<(), Refused> {
    if value.is_empty() {
        return refuse(field, "required", "is required");
    }
    if value.chars().count() > MAX_ID_LEN {
        return refuse(
            field,
            "too_long",
            format!("at most {MAX_ID_LEN} characters"),
        );
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || allowed.contains(c))
    {
        let punctuation: Vec<String> = allowed.chars().map(|c| format!("'{c}'")).collect();
        return refuse(
            field,
            "invalid_format",
            format!("must be letters, digits, {}", punctuation.join(", ")),
        );
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), Refused> {
    if name.is_empty() {
        return refuse("name", "required", "is required");
    }
    if name.chars().count() > MAX_NAME_LEN {
        return refuse(
            "name",
            "too_long",
            format!("at most {MAX_NAME_LEN} characters"),
        );
    }
    if name.chars().any(char::is_control) {
        return refuse(
            "name",
            "invalid_format",
            "must not hold control characters (tabs, line breaks)",
        );
    }
    Ok(())
}

/// Creates the team, or renames and re-regions it when the id exists.
pub async fn add_team(db: &Db, id: &str, name: &str, region: &str) -> Result<Team, Refused> {
    let (id, name) = (id.trim(), name.trim());
    check_id("id", id, "-_")?;
    check_name(name)?;
    let region_code = match RegionCode::parse(region.trim()) {
        Ok(code) => code,
        Err(error) => return refuse("region", error.code(), error.message(Lang::En)),
    };
    let team = Team {
        id: id.to_string(),
        name: name.to_string(),
        region_code,
    };
    db.upsert_team(&team).await?;
    Ok(team)
}

/// An account as an administrator gives it, before it is checked.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub team: Option<&'a str>,
    pub agency: &'a str,
}

/// A password long enough for an account.
pub fn check_password(password: &str) -> Result<(), Refused> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return refuse(
            "password",
            "too_short",
            format!("must be at least {MIN_PASSWORD_LEN} characters"),
        );
    }
    Ok(())
}

/// An agency of the table in force on `today`: what an account belongs to.
async fn check_agency(db: &Db, agency: &str, today: IsoDate) -> Result<(), Refused> {
    let agencies = db.code_table::<AgencyTable>().await?;
    if agencies.find(agency).is_none_or(|a| !a.in_force_on(today)) {
        return refuse(
            "agency",
            "not_allowed_value",
            format!(
                "must be an agency in force today, not {agency:?} (see `pantau agencies list`)"
            ),
        );
    }
    Ok(())
}

/// Moves an account to another agency in force on `today` (its own retired for a
/// successor, say). Answers whether the account exists.
pub async fn set_agency(
    db: &Db,
    username: &str,
    agency: &str,
    today: IsoDate,
) -> Result<bool, Refused> {
    let agency = agency.trim();
    check_agency(db, agency, today).await?;
    Ok(db.set_account_agency(username, agency).await?)
}

/// Creates an account; its agency is one of the agencies table in force on `today`.
pub async fn add_user(
    db: &Db,
    user: &NewUser<'_>,
    password: String,
    today: IsoDate,
) -> Result<(), Refused> {
    let username = user.username.trim();
    check_id("username", username, ".-_")?;
    let name = user.name.trim();
    check_name(name)?;
    let role = match Role::parse(user.role) {
        Ok(role) => role,
        Err(error) => return refuse("role", error.code(), error.message(Lang::En)),
    };
    let agency = user.agency.trim();
    check_agency(db, agency, today).await?;
    let team = user.team.map(str::trim).filter(|team| !team.is_empty());
    match team {
        Some(team) if db.team(team).await?.is_none() => {
            return refuse("team", "unknown_team", format!("{team}: no such team"));
        }
        None if role != Role::Admin => {
            return refuse(
                "team",
                "required",
                format!("is required for the {} role", role.code()),
            );
        }
        _ => {}
    }
    check_password(&password)?;
    let hash = hash_password(password).await?;
    let account = NewAccount {
        username,
        name,
        role,
        team_id: team,
        agency,
        password_hash: &hash,
    };
    match db.create_account(&account).await {
        Ok(_) => Ok(()),
        Err(AccountError::UsernameTaken) => refuse(
            "username",
            "username_taken",
            format!("{username} is already taken"),
        ),
        Err(AccountError::Database(error)) => Err(error.into()),
    }
}
