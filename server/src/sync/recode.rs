//! Rewrites stored documents' country codes that ICAO spells its own way (`D` for
//! Germany, `GBN` for a British National (Overseas)…) as the ISO code Pantau now stores,
//! so that one nationality counts once. Each rewrite is an ordinary write by the server
//! — merged, logged in the record's history, and pulled by every device — stamped just
//! after the value it replaces. Running it again finds nothing to do.

use super::push::{Incoming, Writer, apply_in};
use crate::db::Db;
use pantau_shared::icao::{self, CodeKind};
use pantau_shared::meeting::RakorRight;
use pantau_shared::region::RegionCode;
use pantau_shared::sync::hlc::HlcClock;
use pantau_shared::sync::wire::PushStatus;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The fields of a foreign national's record that hold a country code.
const COUNTRY_FIELDS: &[&str] = &["nationality", "passport_issuing_country"];

/// The officer and device the server's own writes are made by: no account has it.
pub const SERVER_WRITER: Uuid = Uuid::nil();

/// How many records one write transaction rewrites.
const RECORDS_PER_WRITE: usize = 500;

/// Rewrites every stored country code ICAO spells its own way; returns how many records
/// changed.
pub async fn recode_document_countries(db: &Db, now_ms: i64) -> anyhow::Result<usize> {
    let variants: Vec<&'static str> = variant_codes().collect();
    let found = db.subjects_with_codes(COUNTRY_FIELDS, &variants).await?;
    let mut changed = 0;
    for chunk in found.chunks(RECORDS_PER_WRITE) {
        let mut tx = db.begin_write().await?;
        let mut by_region: BTreeMap<&str, Vec<Incoming>> = BTreeMap::new();
        for (id, region) in chunk {
            let Some(stored) = tx.load_record(id).await? else {
                continue;
            };
            let mut fields = Map::new();
            let mut newest = None;
            for field in COUNTRY_FIELDS {
                let Some(stamped) = stored.record.fields.get(*field) else {
                    continue;
                };
                let Some(code) = stamped.value.as_str() else {
                    continue;
                };
                let Some(entry) = icao::lookup(code).filter(|e| e.kind == CodeKind::Variant) else {
                    continue;
                };
                fields.insert((*field).to_string(), Value::String(entry.stored_as.into()));
                newest = newest.max(Some(stamped.hlc));
            }
            if fields.is_empty() {
                continue;
            }
            let hlc =
                HlcClock::following(SERVER_WRITER, newest.as_ref()).tick(now_ms.max(0) as u64);
            by_region
                .entry(region.as_str())
                .or_default()
                .push(Incoming::from_value(json!({
                    "op_id": Uuid::now_v7(),
                    "entity": stored.entity,
                    "id": id,
                    "hlc": hlc.to_string(),
                    "fields": fields,
                })));
        }
        for (region, mutations) in by_region {
            let writer = Writer {
                officer_id: SERVER_WRITER,
                device_id: SERVER_WRITER,
                scope: Some(RegionCode::parse(region).map_err(|e| {
                    anyhow::anyhow!("a stored record has an unreadable region {region}: {e:?}")
                })?),
                // No device's write is overwritten unseen: nothing goes to review.
                pulled_cursor: i64::MAX,
                merges: false,
                decides: false,
                issues_orders: false,
                manages_elections: false,
                // The server's own rewrite of stored codes, wherever they are.
                rakor: RakorRight::KeepsMinutes,
            };
            for result in apply_in(&mut tx, &writer, mutations, now_ms).await? {
                match result.status {
                    PushStatus::Applied => changed += 1,
                    PushStatus::Duplicate | PushStatus::Conflict => {}
                    PushStatus::Rejected => {
                        anyhow::bail!("rewriting a country code was refused: {:?}", result.error)
                    }
                }
            }
        }
        tx.commit().await?;
    }
    Ok(changed)
}

/// ICAO's own spellings of countries, as the code table lists them.
fn variant_codes() -> impl Iterator<Item = &'static str> {
    icao::codes()
        .iter()
        .filter(|entry| entry.kind == CodeKind::Variant)
        .map(|entry| entry.code)
}
