//! One write an office screen makes: the signed-in officer's own mutation through the
//! push path (checked, merged, logged, pulled by every device), stamped just after the
//! record's newest value because the office writes over what it sees on screen.

use super::push::{Incoming, Writer, apply_in};
use super::restore::stamp_after;
use crate::db::WriteTx;
use pantau_shared::meeting::RakorRight;
use pantau_shared::sync::Hlc;
use pantau_shared::sync::wire::{ErrorDetail, PushStatus};
use serde_json::{Value, json};
use uuid::Uuid;

impl Writer {
    /// The office's writer for `scope`: it writes over what it sees, as a conflict
    /// restore does, and holds no special power until the caller grants one.
    pub fn office(
        officer_id: Uuid,
        device_id: Uuid,
        scope: pantau_shared::region::RegionCode,
    ) -> Writer {
        Writer {
            officer_id,
            device_id,
            scope: Some(scope),
            pulled_cursor: i64::MAX,
            merges: false,
            decides: false,
            issues_orders: false,
            manages_elections: false,
            rakor: RakorRight::Reads,
        }
    }
}

/// Writes `fields` on record `id` of `entity` as `writer`, stamped after `latest` (the
/// record's newest stamp); answers the push's refusal, if it refused.
pub async fn write_for_office(
    tx: &mut WriteTx,
    writer: &Writer,
    (entity, id): (&str, Uuid),
    latest: Option<Hlc>,
    fields: Value,
    now_ms: i64,
) -> anyhow::Result<Result<(), ErrorDetail>> {
    let mutation = json!({
        "op_id": Uuid::now_v7(),
        "entity": entity,
        "id": id,
        "hlc": stamp_after(latest, now_ms, writer.device_id).to_string(),
        "fields": fields,
    });
    let result = apply_in(tx, writer, vec![Incoming::from_value(mutation)], now_ms)
        .await?
        .pop()
        .ok_or_else(|| anyhow::anyhow!("a push answered no result"))?;
    if result.status == PushStatus::Rejected {
        return Ok(Err(result.error.unwrap_or_else(|| {
            ErrorDetail::new("rejected", "the write was refused", None)
        })));
    }
    Ok(Ok(()))
}
