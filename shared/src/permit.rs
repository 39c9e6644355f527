//! Stay permits (izin tinggal) and the overstay rule.
//!
//! The daily fee and the deportation threshold change with regulation, so they are
//! passed in as an [`OverstayRule`] (the server keeps them as data), never fixed here.

use crate::entity::code_enum;
use crate::identity::IsoDate;

code_enum! {
    /// The kind of stay permit.
    pub enum PermitType {
        Itk = "ITK" ("Izin Tinggal Kunjungan", "Visit stay permit"),
        Itas = "ITAS" ("Izin Tinggal Terbatas (KITAS)", "Limited stay permit (KITAS)"),
        Itap = "ITAP" ("Izin Tinggal Tetap (KITAP)", "Permanent stay permit (KITAP)"),
        Itd = "ITD" ("Izin Tinggal Diplomatik", "Diplomatic stay permit"),
        Itdinas = "ITDINAS" ("Izin Tinggal Dinas", "Service stay permit"),
    }
}

code_enum! {
    /// The kind of travel document shown.
    pub enum DocumentType {
        Passport = "passport" ("Paspor", "Passport"),
        Splp = "splp" ("SPLP", "Travel document in lieu of passport (SPLP)"),
        UnTravelDocument = "un_travel_document" ("Dokumen perjalanan PBB", "UN travel document"),
    }
}

/// The overstay fee and the threshold at which overstay means deportation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OverstayRule {
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
        daily_fee_idr: 1_000_000,
        deportation_days: 60,
    };
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
}
