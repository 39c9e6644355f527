//! Adding and retiring visa index codes, for `pantau visa` and the administrator's API
//! alike: a new code comes into force today or later, and a code in force is retired
//! only with a successor in force the day after. Nothing is ever deleted, so every
//! record keeps a code that reads.

use crate::clock::ChangeMade;
use crate::db::Db;
use pantau_shared::identity::IsoDate;
use pantau_shared::visa::{VisaFault, VisaIndex, VisaIndexes};

/// What was refused and why, in words for the one who asked.
pub fn explain(fault: VisaFault) -> String {
    match fault {
        VisaFault::BadCode => "a visa index code is 1 to 8 capital letters and digits".into(),
        VisaFault::BadPurpose => {
            "purpose_id and purpose_en are required, up to 200 characters".into()
        }
        VisaFault::CodeTaken => "that code is in the table already".into(),
        VisaFault::UnknownCode => "there is no such visa index code".into(),
        VisaFault::ValidFromPast => "a new code comes into force today or later".into(),
        VisaFault::ValidToPast => "a code is retired from today on".into(),
        VisaFault::EndsBeforeStart => "the last day comes before the code's first".into(),
        VisaFault::SuccessorRequired => {
            "a code in force is retired only with a successor in force the day after".into()
        }
        VisaFault::Retired => "that code is retired already".into(),
    }
}

/// Adds `index` once checked; answers the whole table.
pub async fn add(
    db: &Db,
    index: &VisaIndex,
    change: &ChangeMade,
) -> sqlx::Result<Result<VisaIndexes, VisaFault>> {
    if let Err(fault) = db.visa_indexes().await?.check_new(index, change.today) {
        return Ok(Err(fault));
    }
    db.add_visa_index(index, &change.by, change.at_ms).await?;
    Ok(Ok(db.visa_indexes().await?))
}

/// Retires `code` after `valid_to` in favour of `successor`, once checked; answers the
/// whole table.
pub async fn retire(
    db: &Db,
    code: &str,
    valid_to: IsoDate,
    successor: Option<&str>,
    change: &ChangeMade,
) -> sqlx::Result<Result<VisaIndexes, VisaFault>> {
    let table = db.visa_indexes().await?;
    if let Err(fault) = table.check_retirement(code, valid_to, successor, change.today) {
        return Ok(Err(fault));
    }
    let successor = successor.unwrap_or_default();
    db.retire_visa_index(code, valid_to, successor, &change.by, change.at_ms)
        .await?;
    Ok(Ok(db.visa_indexes().await?))
}

/// One line per code, as `pantau visa list` prints them.
pub fn listing(table: &VisaIndexes) -> String {
    let day = |d: Option<IsoDate>| d.map_or_else(|| "-".to_string(), |d| d.to_string());
    let mut lines = String::from("code      permit   valid_from  valid_to    successor  purpose\n");
    for index in &table.0 {
        lines.push_str(&format!(
            "{:<9} {:<8} {:<11} {:<11} {:<10} {}\n",
            index.code,
            index.permit_type.map(|p| p.code()).unwrap_or("-"),
            day(index.valid_from),
            day(index.valid_to),
            index.successor.as_deref().unwrap_or("-"),
            index.purpose_en
        ));
    }
    lines
}
