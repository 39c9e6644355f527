//! What a coordinator reviews: the conflict log (values that lost a merge, beside the
//! values that were kept) and a record's history from the change log. The server answers
//! these shapes and the app reads them.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// Who wrote a value, from which device, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Author {
    pub officer_id: Option<Uuid>,
    pub officer_name: Option<String>,
    pub device_id: Option<Uuid>,
    pub device_name: Option<String>,
    /// When the officer made the write, by the device's corrected clock.
    pub written_at_ms: u64,
    /// When the server received it; absent if the write never reached the change log.
    pub received_at_ms: Option<i64>,
}

/// One side of a conflict: a value and its author.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictSide {
    pub value: Value,
    pub hlc: String,
    pub author: Author,
}

/// What became of a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictStatus {
    Open,
    Restored,
    Dismissed,
}

impl ConflictStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictStatus::Open => "open",
            ConflictStatus::Restored => "restored",
            ConflictStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [
            ConflictStatus::Open,
            ConflictStatus::Restored,
            ConflictStatus::Dismissed,
        ]
        .into_iter()
        .find(|status| status.as_str() == raw)
    }
}

/// One value that lost a merge, for review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    pub id: i64,
    pub entity: String,
    pub record_id: Uuid,
    /// What a list calls the record (a person's name, a place, a meeting's theme), for
    /// a screen that does not hold the records itself.
    #[serde(default)]
    pub record_title: Option<String>,
    pub region_code: String,
    pub field: String,
    pub kept: ConflictSide,
    pub losing: ConflictSide,
    pub detected_at_ms: i64,
    pub status: ConflictStatus,
    pub resolved_by_name: Option<String>,
    pub resolved_at_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictList {
    pub conflicts: Vec<Conflict>,
}

/// One field a write changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub old: Option<Value>,
    pub new: Value,
}

/// One field value of a write that lost to a newer one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LostValue {
    pub field: String,
    pub value: Value,
}

/// One write to a record, as the change log holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub seq: i64,
    pub op_id: Uuid,
    pub author: Author,
    pub changes: Vec<FieldChange>,
    /// Values of this write that lost to newer ones (and are in the conflict log).
    pub lost: Vec<LostValue>,
}

/// A record's whole history, oldest write first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordHistory {
    pub record_id: Uuid,
    pub entity: String,
    pub entries: Vec<HistoryEntry>,
}
