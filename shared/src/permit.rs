//! Stay permits (izin tinggal) and the overstay rule.
//!
//! The daily fee and the deportation threshold change with regulation, so they are
//! passed in as [`OverstayRules`] (the server keeps them as data, each version with the
//! date it comes into force, and sends them to the devices), never fixed here. A record
//! is judged by the version in force on its own date, on the tablet and the server alike.

use crate::code_table::CodeTable;
use crate::entity::code_enum;
use crate::identity::IsoDate;
use crate::named_code::NamedCode;

/// The subject's field that holds the type of their stay permit.
pub const PERMIT_TYPE: &str = "permit_type";
/// The permanent stay permit (KITAP): the only one whose holder may have a KTP-el.
pub const ITAP: &str = "ITAP";

/// The types of stay permit (ITK, ITAS, ITAP, ...) as a regulation code table
/// (`code_table`): each with its name and its days in force, a subject's type judged by
/// the table of the day it is written.
pub type PermitTypes = CodeTable<NamedCode>;

code_enum! {
    /// The kind of travel document shown.
    pub enum DocumentType {
        Passport = "passport" ("Paspor", "Passport"),
        Splp = "splp" ("SPLP", "Travel document in lieu of passport (SPLP)"),
        UnTravelDocument = "un_travel_document" ("Dokumen perjalanan PBB", "UN travel document"),
    }
}

/// The overstay fee and the threshold at which overstay means deportation, as one
/// version of the rule sets them from `valid_from` until the next version begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OverstayRule {
    /// The first day this version is in force; `None` for the version in force from
    /// the start of the records.
    #[serde(default)]
    pub valid_from: Option<IsoDate>,
    /// Rupiah per day past the permit's end.
    #[serde(rename = "overstay_daily_fee_idr")]
    pub daily_fee_idr: u64,
    /// Days of overstay from which deportation and an entry ban apply.
    #[serde(rename = "overstay_deportation_days")]
    pub deportation_days: i64,
}

impl OverstayRule {
    /// PP 28/2019: Rp1,000,000 a day; 60 days or more leads to deportation.
    pub const PP_28_2019: OverstayRule = OverstayRule {
        valid_from: None,
        daily_fee_idr: 1_000_000,
        deportation_days: 60,
    };
}

/// Bounds of an overstay rule an administrator sets.
pub const DAILY_FEE_RANGE: std::ops::RangeInclusive<u64> = 0..=100_000_000;
pub const DEPORTATION_DAYS_RANGE: std::ops::RangeInclusive<i64> = 1..=3650;

/// Why a planned version of the overstay rule is refused, and the field at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleFault {
    /// A version begins today or later: the past is judged by the rules it had.
    ValidFromPast,
    DailyFeeOutOfRange,
    DeportationDaysOutOfRange,
    /// A version already in force is history and stays.
    InForce,
    /// No version begins on that day.
    NoSuchVersion,
}

impl RuleFault {
    pub fn code(self) -> &'static str {
        match self {
            RuleFault::ValidFromPast => "valid_from_past",
            RuleFault::DailyFeeOutOfRange | RuleFault::DeportationDaysOutOfRange => "out_of_range",
            RuleFault::InForce => "rule_in_force",
            RuleFault::NoSuchVersion => "not_found",
        }
    }

    pub fn field(self) -> &'static str {
        match self {
            RuleFault::DailyFeeOutOfRange => "overstay_daily_fee_idr",
            RuleFault::DeportationDaysOutOfRange => "overstay_deportation_days",
            _ => "valid_from",
        }
    }
}

/// Every version of the overstay rule, earliest first.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(from = "Vec<OverstayRule>")]
pub struct OverstayRules(Vec<OverstayRule>);

/// Versions arrive in whatever order they were sent; they are judged in date order.
impl From<Vec<OverstayRule>> for OverstayRules {
    fn from(versions: Vec<OverstayRule>) -> OverstayRules {
        OverstayRules::new(versions)
    }
}

impl OverstayRules {
    /// The versions in date order. Each day begins at most one version (the server keys
    /// them by it); should two arrive for one day, the same one is kept whatever the order.
    pub fn new(versions: Vec<OverstayRule>) -> OverstayRules {
        // Put in place one at a time: a handful of versions, and no general sort in the
        // field bundle for them.
        let key = |v: &OverstayRule| (v.valid_from, v.daily_fee_idr, v.deportation_days);
        let mut sorted: Vec<OverstayRule> = Vec::with_capacity(versions.len());
        for version in versions {
            let at = sorted.partition_point(|kept| key(kept) < key(&version));
            if at > 0 && sorted[at - 1].valid_from == version.valid_from {
                continue;
            }
            match sorted.get_mut(at) {
                Some(kept) if kept.valid_from == version.valid_from => *kept = version,
                _ => sorted.insert(at, version),
            }
        }
        OverstayRules(sorted)
    }

    pub fn versions(&self) -> &[OverstayRule] {
        &self.0
    }

    /// The version in force on `day`: the latest to begin on or before it. A day before
    /// every version is judged by the earliest; with no versions, by PP 28/2019.
    pub fn on(&self, day: IsoDate) -> OverstayRule {
        let begun = self
            .0
            .iter()
            .rev()
            .find(|v| v.valid_from.is_none_or(|from| from <= day));
        begun
            .or(self.0.first())
            .copied()
            .unwrap_or(OverstayRule::PP_28_2019)
    }

    /// Checks a version planned to begin on a day from `today` on (one on the same day
    /// replaces the version planned for it).
    pub fn check_planned(rule: &OverstayRule, today: IsoDate) -> Result<(), RuleFault> {
        if rule.valid_from.is_none_or(|from| from < today) {
            return Err(RuleFault::ValidFromPast);
        }
        if !DAILY_FEE_RANGE.contains(&rule.daily_fee_idr) {
            return Err(RuleFault::DailyFeeOutOfRange);
        }
        if !DEPORTATION_DAYS_RANGE.contains(&rule.deportation_days) {
            return Err(RuleFault::DeportationDaysOutOfRange);
        }
        Ok(())
    }

    /// Checks that the version beginning on `from` may be withdrawn: it exists and has
    /// not come into force by `today`.
    pub fn check_withdrawn(&self, from: IsoDate, today: IsoDate) -> Result<(), RuleFault> {
        if !self.0.iter().any(|v| v.valid_from == Some(from)) {
            return Err(RuleFault::NoSuchVersion);
        }
        if from <= today {
            return Err(RuleFault::InForce);
        }
        Ok(())
    }
}

/// Where a permit stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PermitStanding {
    /// Valid; `days_left` counts the days until the last valid day.
    Valid { days_left: i64 },
    /// Past its end by `days`; the fee is owed, and `deportation` is set at the threshold.
    Overstay {
        days: i64,
        fee_idr: u64,
        deportation: bool,
    },
}

/// The standing of a permit whose last valid day is `expiry`, as of `on`.
pub fn permit_standing(expiry: IsoDate, on: IsoDate, rule: OverstayRule) -> PermitStanding {
    let days_past = expiry.days_until(on);
    if days_past <= 0 {
        return PermitStanding::Valid {
            days_left: -days_past,
        };
    }
    PermitStanding::Overstay {
        days: days_past,
        fee_idr: rule.daily_fee_idr.saturating_mul(days_past as u64),
        deportation: days_past >= rule.deportation_days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(s: &str) -> IsoDate {
        IsoDate::parse(s).expect("date")
    }

    #[test]
    fn last_valid_day_is_not_overstay() {
        let rule = OverstayRule::PP_28_2019;
        assert_eq!(
            permit_standing(date("2026-11-28"), date("2026-11-28"), rule),
            PermitStanding::Valid { days_left: 0 }
        );
        assert_eq!(
            permit_standing(date("2026-12-08"), date("2026-11-28"), rule),
            PermitStanding::Valid { days_left: 10 }
        );
    }

    #[test]
    fn overstay_counts_days_and_fee() {
        let rule = OverstayRule::PP_28_2019;
        assert_eq!(
            permit_standing(date("2026-11-25"), date("2026-11-28"), rule),
            PermitStanding::Overstay {
                days: 3,
                fee_idr: 3_000_000,
                deportation: false
            }
        );
    }

    #[test]
    fn sixty_days_is_deportation_level() {
        let rule = OverstayRule::PP_28_2019;
        let end = date("2026-01-01");
        let at = |d: &str| permit_standing(end, date(d), rule);
        assert!(matches!(
            at("2026-03-01"),
            PermitStanding::Overstay {
                days: 59,
                deportation: false,
                ..
            }
        ));
        assert!(matches!(
            at("2026-03-02"),
            PermitStanding::Overstay {
                days: 60,
                deportation: true,
                fee_idr: 60_000_000
            }
        ));
        let cheaper = OverstayRule {
            valid_from: None,
            daily_fee_idr: 500,
            deportation_days: 90,
        };
        assert_eq!(
            permit_standing(end, date("2026-03-02"), cheaper),
            PermitStanding::Overstay {
                days: 60,
                fee_idr: 30_000,
                deportation: false
            }
        );
    }

    fn version(from: Option<&str>, fee: u64) -> OverstayRule {
        OverstayRule {
            valid_from: from.map(date),
            daily_fee_idr: fee,
            deportation_days: 60,
        }
    }

    #[test]
    fn each_day_is_judged_by_the_version_in_force_on_it() {
        let rules = OverstayRules::new(vec![
            version(Some("2027-01-01"), 2_000_000),
            version(None, 1_000_000),
        ]);
        assert_eq!(rules.on(date("2026-12-31")).daily_fee_idr, 1_000_000);
        assert_eq!(rules.on(date("2027-01-01")).daily_fee_idr, 2_000_000);
        let later_only = OverstayRules::new(vec![version(Some("2027-01-01"), 3)]);
        assert_eq!(later_only.on(date("2020-01-01")).daily_fee_idr, 3);
        assert_eq!(
            OverstayRules::default().on(date("2020-01-01")),
            OverstayRule::PP_28_2019
        );
    }

    #[test]
    fn only_the_future_is_planned_or_withdrawn() {
        let today = date("2026-12-07");
        let planned = |from: &str, fee: u64, days: i64| {
            let rule = OverstayRule {
                deportation_days: days,
                ..version(Some(from), fee)
            };
            OverstayRules::check_planned(&rule, today)
        };
        assert_eq!(planned("2026-12-07", 5, 60), Ok(()));
        assert_eq!(planned("2026-12-06", 5, 60), Err(RuleFault::ValidFromPast));
        assert_eq!(
            planned("2027-01-01", 100_000_001, 60),
            Err(RuleFault::DailyFeeOutOfRange)
        );
        assert_eq!(
            planned("2027-01-01", 5, 0),
            Err(RuleFault::DeportationDaysOutOfRange)
        );
        assert_eq!(
            OverstayRules::check_planned(&version(None, 5), today),
            Err(RuleFault::ValidFromPast)
        );
        let rules = OverstayRules::new(vec![
            version(None, 1),
            version(Some("2026-12-07"), 2),
            version(Some("2027-01-01"), 3),
        ]);
        assert_eq!(rules.check_withdrawn(date("2027-01-01"), today), Ok(()));
        assert_eq!(
            rules.check_withdrawn(date("2026-12-07"), today),
            Err(RuleFault::InForce)
        );
        assert_eq!(
            rules.check_withdrawn(date("2027-02-01"), today),
            Err(RuleFault::NoSuchVersion)
        );
    }

    fn any_day() -> impl Strategy<Value = IsoDate> {
        (0i64..4000)
            .prop_map(|n| IsoDate::from(date("2018-01-01").date() + time::Duration::days(n)))
    }

    proptest! {
        /// The server judges with the versions it keeps; the tablet with the same
        /// versions as they reach it over the wire, in whatever order they were sent.
        /// Both find the latest version begun by the record's date, and the same standing.
        #[test]
        fn the_tablet_and_the_server_judge_a_record_alike(
            versions in proptest::collection::vec((proptest::option::of(any_day()), 0u64..5_000_000, 1i64..400), 0..6),
            sent_order in any::<u64>(),
            expiry in any_day(),
            day in any_day(),
        ) {
            let mut seen = std::collections::HashSet::new();
            let versions: Vec<OverstayRule> = versions
                .into_iter()
                .filter(|(valid_from, _, _)| seen.insert(*valid_from))
                .map(|(valid_from, daily_fee_idr, deportation_days)| OverstayRule { valid_from, daily_fee_idr, deportation_days })
                .collect();
            let server = OverstayRules::new(versions.clone());
            let mut sent = versions.clone();
            if !sent.is_empty() {
                let turn = (sent_order % sent.len() as u64) as usize;
                sent.rotate_left(turn);
                sent.reverse();
            }
            let wire = serde_json::to_string(&sent).expect("versions as JSON");
            let tablet: OverstayRules = serde_json::from_str(&wire).expect("versions from JSON");

            let expected = versions
                .iter()
                .filter(|v| v.valid_from.is_none_or(|from| from <= day))
                .max_by_key(|v| v.valid_from)
                .or_else(|| versions.iter().min_by_key(|v| v.valid_from))
                .map(|v| (v.daily_fee_idr, v.deportation_days));
            let judged_by_server = server.on(day);
            if let Some(expected) = expected {
                prop_assert_eq!(expected.0, judged_by_server.daily_fee_idr);
                prop_assert_eq!(expected.1, judged_by_server.deportation_days);
            }
            prop_assert_eq!(
                permit_standing(expiry, day, judged_by_server),
                permit_standing(expiry, day, tablet.on(day))
            );
        }
    }
}
