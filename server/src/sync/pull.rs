//! Reads one page of changes for a device. The page walks the change log from the
//! device's cursor, so nothing committed is ever skipped (writers commit in sequence
//! order, see `Db::begin_write`), and answers each touched record with its whole current
//! state — or, when the record has left the reader's scope, with an order to drop it.
//!
//! A page is written out as the wire's `PullResponse`, but straight from the stored
//! JSON: each field's value is copied as it is stored, never parsed into a value tree.

use crate::db::Db;
use crate::db::records::PullRow;
use pantau_shared::region::RegionCode;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::collections::BTreeMap;
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
    record: BTreeMap<Cow<'a, str>, &'a RawValue>,
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
}

/// A stored field (`{"v": value, "h": stamp}`) read for its value alone; the stamp is
/// skipped unparsed.
#[derive(Deserialize)]
struct StoredValue<'a> {
    #[serde(borrow)]
    v: &'a RawValue,
}

impl Page {
    /// The changes to send to a reader of `scope`.
    pub fn changes<'a>(&'a self, scope: &RegionCode) -> sqlx::Result<Vec<OutgoingChange<'a>>> {
        let mut changes = Vec::with_capacity(self.rows.len());
        for row in &self.rows {
            if let Some(change) = to_change(scope, row)? {
                changes.push(change);
            }
        }
        Ok(changes)
    }
}

fn covers(scope: &RegionCode, region: &str) -> bool {
    RegionCode::parse(region).is_ok_and(|region| scope.covers(&region))
}

fn decode_error(error: impl std::error::Error + Send + Sync + 'static) -> sqlx::Error {
    sqlx::Error::Decode(Box::new(error))
}

/// The change to send for one change-log row, if any: a record in scope is sent once, at
/// its latest change (earlier rows on the page are superseded by that one); a record out
/// of scope is sent as a drop at the change that moved it out.
fn to_change<'a>(scope: &RegionCode, row: &'a PullRow) -> sqlx::Result<Option<OutgoingChange<'a>>> {
    let id = Uuid::parse_str(&row.record_id).map_err(decode_error)?;
    if covers(scope, &row.region_code) {
        if row.seq != row.record_seq {
            return Ok(None);
        }
        let stored: BTreeMap<Cow<'a, str>, StoredValue<'a>> =
            serde_json::from_str(&row.fields).map_err(decode_error)?;
        return Ok(Some(OutgoingChange {
            seq: row.seq,
            entity: &row.entity,
            id,
            record: stored
                .into_iter()
                .map(|(name, field)| (name, field.v))
                .collect(),
            deleted: row.deleted != 0,
        }));
    }
    let moved_out = row
        .old_region
        .as_deref()
        .is_some_and(|old| covers(scope, old))
        && !covers(scope, &row.new_region);
    Ok(moved_out.then(|| OutgoingChange {
        seq: row.seq,
        entity: &row.entity,
        id,
        record: BTreeMap::new(),
        deleted: true,
    }))
}
