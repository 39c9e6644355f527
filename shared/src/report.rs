//! The monthly report of a Tim PORA (Laporan Bulanan), as `GET /api/reports/monthly`
//! answers it and the office screen prints it.

use crate::stats::StatsAnswer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The report's header: the team and its region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamHeader {
    pub id: String,
    pub name: String,
    pub region_code: String,
    pub region_name: Option<String>,
}

/// Section I: one Rakor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingLine {
    pub date: String,
    pub theme: String,
    pub place: String,
    pub chair: String,
    /// Agency codes.
    pub agencies: Vec<String>,
    pub decisions: String,
}

/// Section IV: one follow-up action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpLine {
    pub due_date: String,
    pub description: String,
    /// An agency code.
    pub owner_agency: String,
    /// An action status code; empty when none was set.
    pub status: String,
}

/// Section V: an election period that runs (campaign to voting day) during the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionPeriodLine {
    pub name: String,
    pub region_code: String,
    pub campaign_start: String,
    pub campaign_end: String,
    pub voting_day: String,
}

/// Section V, the election watch, in a month an election period of the team's region
/// runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElectionSection {
    pub periods: Vec<ElectionPeriodLine>,
    /// Findings of the month with a political-activity violation.
    pub political_activity_findings: i64,
    /// Checks of the month at campaign events and at polling stations.
    pub inspections_at_campaign_events: i64,
    pub inspections_at_polling_stations: i64,
    /// Foreign nationals of the region holding a NIK, and those of them who hold no
    /// running ITAP (as of the report's making).
    pub nik_holders: i64,
    pub nik_concerns: i64,
    /// The region's voter-list matches by review status, as they stand.
    pub voter_matches: BTreeMap<String, i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthlyReport {
    pub team: TeamHeader,
    /// `YYYY-MM`, and its first and last day.
    pub month: String,
    pub from: String,
    pub to: String,
    /// When the figures were computed (RFC 3339).
    pub as_of: String,
    pub meetings: Vec<MeetingLine>,
    /// Section II: checks by place type and by status, the written orders they ran
    /// under, and the foreign nationals checked by nationality × permit.
    pub inspections_by_place_type: StatsAnswer,
    pub inspections_by_status: StatsAnswer,
    /// The checks by area one level below the team's region (its districts, for a
    /// regency's team), for the report's map.
    #[serde(default = "StatsAnswer::empty_by_region")]
    pub inspections_by_region: StatsAnswer,
    pub warrant_numbers: Vec<String>,
    pub foreigners_checked: StatsAnswer,
    /// Section III: violations by code; administrative actions recommended in the
    /// field and decided by the office, by action code.
    pub violations: StatsAnswer,
    pub recommended_actions: BTreeMap<String, i64>,
    pub decided_actions: BTreeMap<String, i64>,
    pub follow_ups: Vec<FollowUpLine>,
    /// Section V, only in a month an election period runs.
    #[serde(default)]
    pub election: Option<ElectionSection>,
    /// The log of signed records as it stood at the month's end, signed by the server:
    /// printed, it anchors the log from outside.
    #[serde(default)]
    pub log_checkpoint: Option<LogCheckpoint>,
}

/// The signed-record log's size and root at a moment, with the server's signature over
/// them (the receipt of the entry that made the log that size) and its public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogCheckpoint {
    pub tree_size: u64,
    /// RFC 6962 root, hex; the hash of nothing for an empty log.
    pub root: String,
    /// The leaf hash and server signature of the receipt at `tree_size`; empty for an
    /// empty log.
    pub leaf_hash: String,
    pub signature: String,
    /// The server's Ed25519 public key, hex.
    pub server_key: String,
}
