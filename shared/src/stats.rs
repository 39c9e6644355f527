//! The central office's counts: which measures and dimensions the stats API knows, which
//! dimension applies to which measure, the labels of their keys, and the answer's shape.
//! The server computes the counts in SQL over the consolidated records; the office's
//! screens read the same names from here.

use crate::inspection::{InspectionStatus, PlaceType};
use crate::lang::Lang;
use crate::meeting::ActionStatus;
use serde::{Deserialize, Serialize};

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Foreign nationals as they stand now (not deleted); dates do not apply.
    Subjects,
    /// Inspections whose local start date lies in the period.
    Inspections,
    /// Findings of those inspections.
    Findings,
    /// Pairs of a finding and one of its violation codes.
    Violations,
    /// Coordination meetings (Rakor) dated in the period; by agency, the agencies that
    /// attended.
    Meetings,
    /// Follow-up actions due in the period.
    FollowUps,
    /// Administrative actions (TAK) on the findings of those inspections: each finding
    /// counts once for the action the field recommended and once for the one the office
    /// decided, told apart by [`Dimension::Stage`].
    Actions,
}

/// What the counts are broken down by (or filtered on, given as a parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The region one level below the one asked about.
    Region,
    Nationality,
    PermitType,
    /// `YYYY-MM` of the measure's date, in the office's time zone.
    Month,
    Violation,
    PlaceType,
    Agency,
    Status,
    ElectionPeriod,
    /// An administrative action's code.
    Action,
    /// Whether an administrative action was recommended in the field or decided by the
    /// office: [`STAGES`].
    Stage,
}

/// The keys of [`Dimension::Stage`].
pub const STAGES: [(&str, crate::lang::Label); 2] = [
    (
        "recommended",
        crate::lang::Label {
            id: "Direkomendasikan",
            en: "Recommended",
        },
    ),
    (
        "decided",
        crate::lang::Label {
            id: "Diputuskan",
            en: "Decided",
        },
    ),
];

impl Measure {
    pub const ALL: &'static [Measure] = &[
        Measure::Subjects,
        Measure::Inspections,
        Measure::Findings,
        Measure::Violations,
        Measure::Meetings,
        Measure::FollowUps,
        Measure::Actions,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Measure::Subjects => "subjects",
            Measure::Inspections => "inspections",
            Measure::Findings => "findings",
            Measure::Violations => "violations",
            Measure::Meetings => "meetings",
            Measure::FollowUps => "follow_ups",
            Measure::Actions => "actions",
        }
    }

    pub fn parse(raw: &str) -> Option<Measure> {
        Measure::ALL.iter().copied().find(|m| m.code() == raw)
    }

    /// Whether the period (`from`..`to`) applies: every measure but `subjects`.
    pub fn is_dated(self) -> bool {
        self != Measure::Subjects
    }

    /// The dimensions this measure can be broken down by or filtered on.
    pub fn dimensions(self) -> &'static [Dimension] {
        use Dimension::*;
        match self {
            Measure::Subjects => &[Region, Nationality, PermitType],
            Measure::Inspections => &[Region, Month, PlaceType, Agency, Status, ElectionPeriod],
            Measure::Findings => &[
                Region,
                Month,
                PlaceType,
                Nationality,
                PermitType,
                ElectionPeriod,
            ],
            Measure::Violations => &[
                Region,
                Month,
                PlaceType,
                Nationality,
                PermitType,
                Violation,
                ElectionPeriod,
            ],
            Measure::Meetings => &[Region, Month, Agency],
            Measure::FollowUps => &[Region, Month, Agency, Status],
            Measure::Actions => &[
                Region,
                Month,
                Stage,
                Action,
                Nationality,
                PermitType,
                PlaceType,
            ],
        }
    }
}

impl Dimension {
    pub const ALL: &'static [Dimension] = &[
        Dimension::Region,
        Dimension::Nationality,
        Dimension::PermitType,
        Dimension::Month,
        Dimension::Violation,
        Dimension::PlaceType,
        Dimension::Agency,
        Dimension::Status,
        Dimension::ElectionPeriod,
        Dimension::Action,
        Dimension::Stage,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Dimension::Region => "region",
            Dimension::Nationality => "nationality",
            Dimension::PermitType => "permit_type",
            Dimension::Month => "month",
            Dimension::Violation => "violation",
            Dimension::PlaceType => "place_type",
            Dimension::Agency => "agency",
            Dimension::Status => "status",
            Dimension::ElectionPeriod => "election_period",
            Dimension::Action => "action",
            Dimension::Stage => "stage",
        }
    }

    pub fn parse(raw: &str) -> Option<Dimension> {
        Dimension::ALL.iter().copied().find(|d| d.code() == raw)
    }

    /// Whether a record can have several values of this dimension (an inspection's
    /// agencies, a Rakor's), and so count in several rows of a breakdown.
    pub fn is_list(self) -> bool {
        self == Dimension::Agency
    }
}

/// What an export can hold: the records behind a measure, or a table of counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportTable {
    Subjects,
    Inspections,
    Findings,
    FollowUps,
    Meetings,
    Stats,
}

impl ExportTable {
    pub const ALL: &'static [ExportTable] = &[
        ExportTable::Subjects,
        ExportTable::Inspections,
        ExportTable::Findings,
        ExportTable::FollowUps,
        ExportTable::Meetings,
        ExportTable::Stats,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ExportTable::Subjects => "subjects",
            ExportTable::Inspections => "inspections",
            ExportTable::Findings => "findings",
            ExportTable::FollowUps => "follow_ups",
            ExportTable::Meetings => "meetings",
            ExportTable::Stats => "stats",
        }
    }

    pub fn parse(raw: &str) -> Option<ExportTable> {
        ExportTable::ALL.iter().copied().find(|t| t.code() == raw)
    }

    /// The measure whose records the table lists; `None` for a table of counts, whose
    /// measure is asked for.
    pub fn measure(self) -> Option<Measure> {
        match self {
            ExportTable::Subjects => Some(Measure::Subjects),
            ExportTable::Inspections => Some(Measure::Inspections),
            ExportTable::Findings => Some(Measure::Findings),
            ExportTable::FollowUps => Some(Measure::FollowUps),
            ExportTable::Meetings => Some(Measure::Meetings),
            ExportTable::Stats => None,
        }
    }

    /// Whether the table lists named people (foreign nationals): for coordinators and the
    /// Kanwil only.
    pub fn names_people(self) -> bool {
        matches!(self, ExportTable::Subjects | ExportTable::Findings)
    }
}

/// A key's label in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyLabel {
    pub id: String,
    pub en: String,
}

impl KeyLabel {
    /// The label in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.id,
            Lang::En => &self.en,
        }
    }

    fn same(text: &str) -> KeyLabel {
        KeyLabel {
            id: text.to_string(),
            en: text.to_string(),
        }
    }

    fn of(label: crate::lang::Label) -> KeyLabel {
        KeyLabel {
            id: label.id.to_string(),
            en: label.en.to_string(),
        }
    }
}

/// One line of a breakdown: its keys (one per dimension, `None` where the record has no
/// value), their labels, and the count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsRow {
    pub keys: Vec<Option<String>>,
    pub labels: Vec<KeyLabel>,
    pub count: i64,
}

/// The answer of `GET /api/stats`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsAnswer {
    pub measure: Measure,
    pub by: Vec<Dimension>,
    /// The region counted (the one asked, or the caller's whole scope); `region` rows
    /// break down one level below it.
    #[serde(default)]
    pub region: String,
    pub rows: Vec<StatsRow>,
    /// Every counted unit once, however many rows it appears in (an inspection with two
    /// agencies is in two rows of a breakdown by agency, and once in the total).
    pub total: i64,
    /// When the figures were computed (RFC 3339).
    pub as_of: String,
}

impl StatsAnswer {
    /// The count of the row whose first key is `key`; 0 when there is none.
    pub fn count_of(&self, key: &str) -> i64 {
        self.rows
            .iter()
            .filter(|row| row.keys.first().and_then(Option::as_deref) == Some(key))
            .map(|row| row.count)
            .sum()
    }

    /// No counts by region: what a report written before its map had.
    pub fn empty_by_region() -> StatsAnswer {
        StatsAnswer {
            measure: Measure::Inspections,
            by: vec![Dimension::Region],
            region: String::new(),
            rows: Vec::new(),
            total: 0,
            as_of: String::new(),
        }
    }
}

const NOT_RECORDED: crate::lang::Label = crate::lang::Label {
    id: "Tidak diisi",
    en: "Not recorded",
};

const MONTHS: [(&str, &str); 12] = [
    ("Januari", "January"),
    ("Februari", "February"),
    ("Maret", "March"),
    ("April", "April"),
    ("Mei", "May"),
    ("Juni", "June"),
    ("Juli", "July"),
    ("Agustus", "August"),
    ("September", "September"),
    ("Oktober", "October"),
    ("November", "November"),
    ("Desember", "December"),
];

/// The label of a key of `dimension`: a region's name, a month in words, a code's label;
/// a value with no label of its own is shown as it is.
pub fn key_label(dimension: Dimension, key: Option<&str>) -> KeyLabel {
    let Some(key) = key else {
        return KeyLabel::of(NOT_RECORDED);
    };
    let labelled = match dimension {
        Dimension::Region => crate::wilayah::name_of(key).map(KeyLabel::same),
        Dimension::Month => month_label(key),
        Dimension::PlaceType => PlaceType::parse(key).ok().map(|v| both(|l| v.label(l))),
        Dimension::Status => InspectionStatus::parse(key)
            .ok()
            .map(|v| both(|l| v.label(l)))
            .or_else(|| ActionStatus::parse(key).ok().map(|v| both(|l| v.label(l)))),
        Dimension::Nationality => crate::icao::lookup(key).map(|entry| both(|l| entry.name(l))),
        Dimension::Stage => STAGES
            .iter()
            .find(|(code, _)| *code == key)
            .map(|(_, label)| KeyLabel::of(*label)),
        // Election periods are records, and actions, violations, permit types and
        // agencies code tables: named where they are stored.
        Dimension::ElectionPeriod
        | Dimension::Action
        | Dimension::Violation
        | Dimension::PermitType
        | Dimension::Agency => None,
    };
    labelled.unwrap_or_else(|| KeyLabel::same(key))
}

fn both(label: impl Fn(Lang) -> &'static str) -> KeyLabel {
    KeyLabel {
        id: label(Lang::Id).to_string(),
        en: label(Lang::En).to_string(),
    }
}

fn month_label(key: &str) -> Option<KeyLabel> {
    let (year, month) = key.split_once('-')?;
    let index: usize = month.parse().ok()?;
    let (id, en) = MONTHS.get(index.checked_sub(1)?)?;
    (year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit())).then(|| KeyLabel {
        id: format!("{id} {year}"),
        en: format!("{en} {year}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_parse_back() {
        for measure in Measure::ALL {
            assert_eq!(Measure::parse(measure.code()), Some(*measure));
            for dimension in measure.dimensions() {
                assert_eq!(Dimension::parse(dimension.code()), Some(*dimension));
            }
        }
        assert_eq!(Measure::parse("people"), None);
        assert_eq!(Dimension::parse("colour"), None);
    }

    #[test]
    fn keys_read_as_words() {
        assert_eq!(
            key_label(Dimension::Month, Some("2026-11")).id,
            "November 2026"
        );
        assert_eq!(key_label(Dimension::Month, Some("2026-05")).en, "May 2026");
        assert_eq!(
            key_label(Dimension::Region, Some("51.01")).id,
            "Kabupaten Jembrana"
        );
        assert_eq!(key_label(Dimension::Nationality, None).id, "Tidak diisi");
        assert_eq!(key_label(Dimension::Month, Some("2026-13")).id, "2026-13");
    }
}
