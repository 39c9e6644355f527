//! Planning and withdrawing versions of the overstay rule, for `pantau overstay` and
//! the administrator's API alike: a version begins today or later, and one already in
//! force stays, so every past record keeps the rule of its own date.

use crate::clock::ChangeMade;
use crate::db::Db;
use pantau_shared::identity::IsoDate;
use pantau_shared::permit::{
    DAILY_FEE_RANGE, DEPORTATION_DAYS_RANGE, OverstayRule, OverstayRules, RuleFault,
};

/// What was refused and why, in words for the one who asked.
pub fn explain(fault: RuleFault) -> String {
    match fault {
        RuleFault::ValidFromPast => {
            "a new version begins today or later: the past keeps the rule it had".into()
        }
        RuleFault::DailyFeeOutOfRange => format!(
            "overstay_daily_fee_idr must be from {} to {}",
            DAILY_FEE_RANGE.start(),
            DAILY_FEE_RANGE.end()
        ),
        RuleFault::DeportationDaysOutOfRange => format!(
            "overstay_deportation_days must be from {} to {}",
            DEPORTATION_DAYS_RANGE.start(),
            DEPORTATION_DAYS_RANGE.end()
        ),
        RuleFault::InForce => {
            "that version is in force already and stays, as the rule of its days".into()
        }
        RuleFault::NoSuchVersion => "no version of the rule begins on that day".into(),
    }
}

/// Keeps `rule` as the version from its day on, once checked; answers every version.
pub async fn plan(
    db: &Db,
    rule: &OverstayRule,
    change: &ChangeMade,
) -> sqlx::Result<Result<OverstayRules, RuleFault>> {
    if let Err(fault) = OverstayRules::check_planned(rule, change.today) {
        return Ok(Err(fault));
    }
    db.put_overstay_rule(rule, &change.by, change.at_ms).await?;
    Ok(Ok(db.overstay_rules().await?))
}

/// Drops the version planned from `from`, if it is not in force yet; answers every
/// version left.
pub async fn withdraw(
    db: &Db,
    from: IsoDate,
    change: &ChangeMade,
) -> sqlx::Result<Result<OverstayRules, RuleFault>> {
    if let Err(fault) = db
        .overstay_rules()
        .await?
        .check_withdrawn(from, change.today)
    {
        return Ok(Err(fault));
    }
    db.delete_overstay_rule(from).await?;
    Ok(Ok(db.overstay_rules().await?))
}

/// One line per version, as `pantau overstay` prints them.
pub fn listing(rules: &OverstayRules) -> String {
    let mut lines = String::from("valid_from  daily_fee_idr  deportation_days\n");
    for version in rules.versions() {
        let from = version
            .valid_from
            .map_or_else(|| "(start)".to_string(), |d| d.to_string());
        lines.push_str(&format!(
            "{from:<11} {:>13}  {:>16}\n",
            version.daily_fee_idr, version.deportation_days
        ));
    }
    lines
}
