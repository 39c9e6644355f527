//! Reads one page of changes for a device. The page walks the change log from the
//! device's cursor, so nothing committed is ever skipped (writers commit in sequence
//! order, see `Db::begin_write`), and answers each touched record with its whole current
//! state — or, when the record has left the reader's scope, with an order to drop it.

use crate::db::Db;
use crate::db::records::PullRow;
use pantau_shared::region::RegionCode;
use pantau_shared::sync::wire::Change;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use uuid::Uuid;

/// One page of changes and where the next one starts.
pub struct Page {
    pub changes: Vec<Change>,
    pub cursor: i64,
    pub more: bool,
}

pub async fn read_page(db: &Db, scope: &RegionCode, cursor: i64, limit: u32) -> sqlx::Result<Page> {
    let rows = db
        .pull_page(scope.as_str(), cursor, i64::from(limit))
        .await?;
    let more = rows.len() as i64 == i64::from(limit);
    let next_cursor = rows.last().map_or(cursor, |row| row.seq);
    let mut changes = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(change) = to_change(scope, row)? {
            changes.push(change);
        }
    }
    Ok(Page {
        changes,
        cursor: next_cursor,
        more,
    })
}

/// A stored field (`{"v": value, "h": stamp}`) read for its value alone.
#[derive(Deserialize)]
struct StoredValue {
    v: Value,
}

fn covers(scope: &RegionCode, region: &str) -> bool {
    RegionCode::parse(region).is_ok_and(|region| scope.covers(&region))
}

/// The change to send for one change-log row, if any: a record in scope is sent once, at
/// its latest change (earlier rows on the page are superseded by that one); a record out
/// of scope is sent as a drop at the change that moved it out.
fn to_change(scope: &RegionCode, row: PullRow) -> sqlx::Result<Option<Change>> {
    let id = Uuid::parse_str(&row.record_id).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    if covers(scope, &row.region_code) {
        if row.seq != row.record_seq {
            return Ok(None);
        }
        // Only the values go out: skip parsing every field's stamp.
        let stored: BTreeMap<String, StoredValue> =
            serde_json::from_str(&row.fields).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        return Ok(Some(Change {
            seq: row.seq,
            entity: row.entity,
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
    Ok(moved_out.then(|| Change {
        seq: row.seq,
        entity: row.entity,
        id,
        record: Map::new(),
        deleted: true,
    }))
}
