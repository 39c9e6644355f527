//! The voter-list cross-check: a team or the Kanwil checks an extract of the final voter
//! list (DPT) against the foreign nationals in its scope. Foreigners may not vote, and
//! only ITAP holders may hold a KTP-el, so a foreign national on the list is a case for
//! KPU and Bawaslu — unless they were naturalised (a known false positive).
//!
//! Only the matched voter-list rows are kept (NIK, name, TPS, kelurahan); the rest of the
//! list is other citizens' personal data and is read once, never stored.

use crate::entity::code_enum;
use crate::permit::ITAP;

code_enum! {
    /// How a voter-list row matched a foreign national.
    pub enum MatchStrength {
        Nik = "nik" ("NIK sama", "Same NIK"),
        NameBirth = "name_birth" ("Nama dan tanggal lahir sama", "Same name and date of birth"),
    }
}

code_enum! {
    /// Where a person's review of a match stands.
    pub enum MatchStatus {
        Unreviewed = "unreviewed" ("Belum ditinjau", "Not reviewed"),
        Confirmed = "confirmed" ("WNA terkonfirmasi", "Confirmed foreign national"),
        Naturalised = "naturalised" ("Sudah WNI (bukan WNA)", "Naturalised (false positive)"),
        Reported = "reported" ("Dilaporkan ke KPU/Bawaslu", "Reported to KPU/Bawaslu"),
    }
}

impl MatchStatus {
    /// Whether a reviewer may move a match from `self` to `next`. Reported is the end: the
    /// letter has gone to KPU and Bawaslu. A match found naturalised may be confirmed
    /// after all; nothing goes back to unreviewed.
    pub fn may_become(self, next: MatchStatus) -> bool {
        use MatchStatus::*;
        matches!(
            (self, next),
            (Unreviewed, Confirmed | Naturalised | Reported)
                | (Confirmed, Naturalised | Reported)
                | (Naturalised, Confirmed)
        )
    }

    /// Whether moving to this status needs a note saying why.
    pub fn needs_note(self) -> bool {
        self == MatchStatus::Naturalised
    }
}

/// The columns a voter-list extract must have, in any order.
pub const REQUIRED_COLUMNS: [&str; 5] = ["nik", "nama", "tanggal_lahir", "tps", "kelurahan"];

/// A row of the extract that could not be checked, by its line in the file (the header
/// is line 1) and the column at fault.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    pub line: u64,
    pub field: String,
    pub code: String,
    pub message: String,
}

/// What one check of an extract found.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckSummary {
    pub check_id: String,
    /// The region checked: the caller's scope.
    pub region: String,
    /// Data rows read (the header not counted).
    pub rows_read: u64,
    /// Rows that could not be checked; the first of them are in `problems`.
    pub rows_refused: u64,
    pub problems: Vec<RowProblem>,
    /// Matches found by this check, and how many of them were not known before.
    pub matches_found: u64,
    pub matches_new: u64,
    /// Foreign nationals in scope the extract was checked against.
    pub foreigners_checked: u64,
}

/// One step of a match's review.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchReview {
    pub status: String,
    pub note: Option<String>,
    pub reviewed_by: String,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at_ms: i64,
}

/// A voter-list row that matched a foreign national, with its review.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoterMatch {
    pub id: String,
    pub strength: String,
    pub status: String,
    /// As the voter list has them.
    pub voter_nik: String,
    pub voter_name: String,
    pub tps: String,
    pub kelurahan: String,
    /// The foreign national matched, as the register has them now.
    pub subject_id: String,
    pub region_code: String,
    pub full_name: Option<String>,
    pub nationality: Option<String>,
    pub date_of_birth: Option<String>,
    pub nik: Option<String>,
    pub permit_type: Option<String>,
    pub permit_expiry: Option<String>,
    /// The register already marks this person as naturalised.
    pub marked_naturalised: bool,
    pub first_found_at_ms: i64,
    /// Oldest first.
    pub reviews: Vec<MatchReview>,
}

/// A page of matches, in the order they were first found.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatchPage {
    pub items: Vec<VoterMatch>,
    pub total: i64,
}

code_enum! {
    /// Why a foreign national's KTP-el number needs looking into: only ITAP holders may
    /// hold a KTP-el, valid as long as the ITAP.
    pub enum NikConcern {
        NotItap = "not_itap" ("Bukan pemegang ITAP", "Not an ITAP holder"),
        ItapExpired = "itap_expired" ("ITAP sudah berakhir", "ITAP has expired"),
    }
}

impl NikConcern {
    /// The concern about a NIK holder with `permit_type` ending on `permit_expiry`
    /// (`YYYY-MM-DD`), as of `today`; none for an ITAP holder whose ITAP runs.
    pub fn of(
        permit_type: Option<&str>,
        permit_expiry: Option<&str>,
        today: &str,
    ) -> Option<NikConcern> {
        match (permit_type, permit_expiry) {
            (Some(ITAP), Some(expiry)) if expiry < today => Some(NikConcern::ItapExpired),
            (Some(ITAP), _) => None,
            _ => Some(NikConcern::NotItap),
        }
    }
}

/// A foreign national holding a KTP-el number.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NikHolder {
    pub subject_id: String,
    pub region_code: String,
    pub full_name: Option<String>,
    pub nationality: Option<String>,
    pub date_of_birth: Option<String>,
    pub nik: String,
    pub permit_type: Option<String>,
    pub permit_expiry: Option<String>,
    /// Recorded as naturalised: a citizen now, not a concern.
    pub naturalised: bool,
    /// `not_itap` or `itap_expired`; none when the NIK is in order or the person is
    /// naturalised.
    pub concern: Option<String>,
}

/// The NIK holders of a region, those with a concern first.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NikHolders {
    pub items: Vec<NikHolder>,
    /// The office's date the concerns were judged on.
    pub as_of: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_running_itap_holds_a_nik_in_order() {
        let today = "2026-12-03";
        assert_eq!(
            NikConcern::of(Some("ITAP"), Some("2027-01-01"), today),
            None
        );
        assert_eq!(NikConcern::of(Some("ITAP"), Some(today), today), None);
        assert_eq!(
            NikConcern::of(Some("ITAP"), Some("2026-12-02"), today),
            Some(NikConcern::ItapExpired)
        );
        assert_eq!(
            NikConcern::of(Some("ITAS"), Some("2027-01-01"), today),
            Some(NikConcern::NotItap)
        );
        assert_eq!(NikConcern::of(None, None, today), Some(NikConcern::NotItap));
    }

    #[test]
    fn reported_is_the_end_of_a_review() {
        use MatchStatus::*;
        assert!(Unreviewed.may_become(Reported));
        assert!(Naturalised.may_become(Confirmed));
        assert!(!Reported.may_become(Naturalised));
        assert!(!Confirmed.may_become(Unreviewed));
        assert!(!Confirmed.may_become(Confirmed));
    }
}
