//! Adding and retiring the codes of a regulation table (visa index codes, permit types,
//! administrative actions, violation codes), for the CLI and the administrator's API
//! alike: a new code comes into force today or later, spelled as the table's codes are,
//! and a code in force is retired only with a successor in force the day after. Nothing
//! is ever deleted, so every record keeps a code that reads.

use crate::clock::ChangeMade;
use crate::db::Db;
use crate::db::code_tables::{PermitTable, StoredTable};
use pantau_shared::code_table::{CodeTable, DatedCode, TableFault};
use pantau_shared::identity::IsoDate;

/// What was refused and why, in words for the one who asked.
pub fn explain<T: StoredTable>(fault: TableFault) -> String {
    match fault {
        TableFault::BadCode => format!("a {} is {}", T::WHAT, T::SPELLING.describe()),
        TableFault::BadLabel(_) => {
            let [first, second] = <T::Entry as DatedCode>::LABEL_FIELDS;
            format!("{first} and {second} are required, up to 200 characters")
        }
        TableFault::CodeTaken => "that code is in the table already".into(),
        TableFault::UnknownCode => format!("there is no such {}", T::WHAT),
        TableFault::ValidFromPast => "a new code comes into force today or later".into(),
        TableFault::ValidToPast => "a code is retired from today on".into(),
        TableFault::EndsBeforeStart => "the last day comes before the code's first".into(),
        TableFault::SuccessorRequired => {
            "a code in force is retired only with a successor in force the day after".into()
        }
        TableFault::Retired => "that code is retired already".into(),
        TableFault::UnknownPermitType => {
            "permit_type must be a permit type in force on the code's first day".into()
        }
    }
}

/// Adds `entry` once checked; answers the whole table.
pub async fn add<T: StoredTable>(
    db: &Db,
    entry: &T::Entry,
    change: &ChangeMade,
) -> sqlx::Result<Result<CodeTable<T::Entry>, TableFault>> {
    if let Err(fault) = db
        .code_table::<T>()
        .await?
        .check_new(entry, T::SPELLING, change.today)
    {
        return Ok(Err(fault));
    }
    if let Some(permit) = T::leads_to_permit(entry) {
        let first_day = entry.valid_from().unwrap_or(change.today);
        let permits = db.code_table::<PermitTable>().await?;
        if permits
            .find(permit)
            .is_none_or(|p| !p.in_force_on(first_day))
        {
            return Ok(Err(TableFault::UnknownPermitType));
        }
    }
    db.add_code::<T>(entry, &change.by, change.at_ms).await?;
    Ok(Ok(db.code_table::<T>().await?))
}

/// Retires `code` after `valid_to` in favour of `successor`, once checked; answers the
/// whole table.
pub async fn retire<T: StoredTable>(
    db: &Db,
    code: &str,
    valid_to: IsoDate,
    successor: Option<&str>,
    change: &ChangeMade,
) -> sqlx::Result<Result<CodeTable<T::Entry>, TableFault>> {
    let table = db.code_table::<T>().await?;
    if let Err(fault) = table.check_retirement(code, valid_to, successor, change.today) {
        return Ok(Err(fault));
    }
    let successor = successor.unwrap_or_default();
    db.retire_code::<T>(code, valid_to, successor, &change.by, change.at_ms)
        .await?;
    Ok(Ok(db.code_table::<T>().await?))
}

/// One line per code, as the CLI's `list` prints them.
pub fn listing<T: StoredTable>(table: &CodeTable<T::Entry>) -> String {
    let day = |d: Option<IsoDate>| d.map_or_else(|| "-".to_string(), |d| d.to_string());
    let dash = |text: &str| match text {
        "" => "-".to_string(),
        text => text.to_string(),
    };
    let own = T::OWN_COLUMN.unwrap_or("-");
    let mut lines = format!(
        "{:<22} {own:<11} {:<11} {:<11} {:<22} label\n",
        "code", "valid_from", "valid_to", "successor"
    );
    for entry in &table.0 {
        lines.push_str(&format!(
            "{:<22} {:<11} {:<11} {:<11} {:<22} {}\n",
            entry.code(),
            dash(&T::own_value(entry)),
            day(entry.valid_from()),
            day(entry.valid_to()),
            dash(entry.successor().unwrap_or_default()),
            entry.labels()[1]
        ));
    }
    lines
}
