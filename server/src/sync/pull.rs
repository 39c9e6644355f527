//! Reads one page of changes for a device. The page walks the change log from the
//! device's cursor, so nothing committed is ever skipped (writers commit in sequence
//! order, see `Db::begin_write`), and answers each touched record with its whole current
//! state — or, when the record has left the reader's scope, with an order to drop it.
//!
//! A page is written out as the wire's `PullResponse`, but straight from the stored
//! JSON: a record's values are stored as the wire carries them and copied out whole,
//! never parsed into a value tree.

use crate::db::records::PullRow;
use crate::db::{Db, decode_error};
use pantau_shared::region::RegionCode;
use serde::Serialize;
use serde_json::value::RawValue;
use uuid::Uuid;

/// One page of change-log rows and where the next page starts.
pub struct Page {
    rows: Vec<PullRow>,
    pub cursor: i64,
    pub more: bool,
}

pub async fn read_page(db: &Db, scope: &RegionCode, cursor: i64, limit: u32) -> sqlx::Result<Page> {
    let rows = db
        .pull_page(scope.as_str(), cursor, i64::from(limit))
        .await?;
    let more = rows.len() as i64 == i64::from(limit);
    let cursor = rows.last().map_or(cursor, |row| row.seq);
    Ok(Page { rows, cursor, more })
}

/// The wire's `Change`, borrowing the stored record.
#[derive(Serialize)]
pub struct OutgoingChange<'a> {
    seq: i64,
    entity: &'a str,
    id: Uuid,
    record: &'a RawValue,
    stamps: &'a RawValue,
    deleted: bool,
}

/// The wire's `PullResponse`, with borrowed changes.
#[derive(Serialize)]
pub struct PullBody<'a> {
    pub changes: Vec<OutgoingChange<'a>>,
    pub cursor: i64,
    pub more: bool,
    pub server_time_ms: u64,
    pub scope: Option<&'a str>,
    pub reset: bool,
    pub epoch: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backed_up_seq: Option<i64>,
}

/// The record sent with an order to drop it.
const NO_VALUES: &str = "{}";
const NO_STAMPS: &str = "[]";

impl Page {
    /// The changes to send to the reader the page was read for.
    pub fn changes(&self) -> sqlx::Result<Vec<OutgoingChange<'_>>> {
        let mut changes = Vec::with_capacity(self.rows.len());
        for row in &self.rows {
            if let Some(change) = to_change(row)? {
                changes.push(change);
            }
        }
        Ok(changes)
    }
}

/// The change to send for one change-log row, if any: a record in scope is sent once, at
/// its latest change (earlier rows on the page are superseded by that one); a record out
/// of scope is sent as a drop at the change that moved it out.
fn to_change(row: &PullRow) -> sqlx::Result<Option<OutgoingChange<'_>>> {
    let id = Uuid::parse_str(&row.record_id).map_err(decode_error)?;
    if row.record_in_scope != 0 {
        if row.seq != row.record_seq {
            return Ok(None);
        }
        return Ok(Some(OutgoingChange {
            seq: row.seq,
            entity: &row.entity,
            id,
            record: serde_json::from_str(&row.fields).map_err(decode_error)?,
            stamps: serde_json::from_str(&row.stamps).map_err(decode_error)?,
            deleted: row.deleted != 0,
        }));
    }
    if row.moved_out == 0 {
        return Ok(None);
    }
    Ok(Some(OutgoingChange {
        seq: row.seq,
        entity: &row.entity,
        id,
        record: serde_json::from_str(NO_VALUES).map_err(decode_error)?,
        stamps: serde_json::from_str(NO_STAMPS).map_err(decode_error)?,
        deleted: true,
    }))
}
