//! Closing a conflict: restoring the losing value as a new write, or dismissing it.
//!
//! A restore is an ordinary mutation by the coordinator — checked, merged and logged like
//! any push, and pulled by every device — stamped just after the value it replaces so it
//! wins. The write and the closing of the conflict commit together or not at all.

use super::push::{Incoming, Writer, apply_in};
use crate::db::Db;
use pantau_shared::region::RegionCode;
use pantau_shared::sync::Hlc;
use pantau_shared::sync::hlc::HlcClock;
use pantau_shared::sync::review::{Conflict, ConflictStatus};
use pantau_shared::sync::wire::{ErrorDetail, PushStatus};
use serde_json::json;
use uuid::Uuid;

/// Why a conflict could not be closed.
#[derive(Debug)]
pub enum CloseRefused {
    /// No such conflict in the officer's region.
    NotFound,
    /// Someone closed it already.
    AlreadyClosed(ConflictStatus),
    /// The restoring write was refused (a finalized record, a value no longer valid).
    WriteRefused(ErrorDetail),
}

/// A stamp just after `current` and no earlier than `now_ms`, from `device`.
pub(crate) fn stamp_after(current: Option<Hlc>, now_ms: i64, device: Uuid) -> Hlc {
    HlcClock::following(device, current.as_ref()).tick(now_ms.max(0) as u64)
}

/// Closes conflict `id` in `scope` as `status`; a restore writes the losing value back.
pub async fn close_conflict(
    db: &Db,
    writer: &Writer,
    scope: &RegionCode,
    id: i64,
    status: ConflictStatus,
    now_ms: i64,
) -> sqlx::Result<Result<Conflict, CloseRefused>> {
    let mut tx = db.begin_write().await?;
    let Some(conflict) = tx.conflict(id).await? else {
        return Ok(Err(CloseRefused::NotFound));
    };
    let in_scope = RegionCode::parse(&conflict.region_code).is_ok_and(|r| scope.covers(&r));
    if !in_scope {
        return Ok(Err(CloseRefused::NotFound));
    }
    if conflict.status != ConflictStatus::Open {
        return Ok(Err(CloseRefused::AlreadyClosed(conflict.status)));
    }
    if status == ConflictStatus::Restored {
        let record_id = conflict.record_id.to_string();
        let current = tx
            .load_record(&record_id)
            .await?
            .and_then(|stored| stored.record.fields.get(&conflict.field).map(|s| s.hlc));
        let mutation = json!({
            "op_id": Uuid::now_v7(),
            "entity": conflict.entity,
            "id": record_id,
            "hlc": stamp_after(current, now_ms, writer.device_id).to_string(),
            "fields": {conflict.field.clone(): conflict.losing.value},
        });
        let Some(result) = apply_in(
            &mut tx,
            writer,
            vec![Incoming::from_value(mutation)],
            now_ms,
        )
        .await?
        .pop() else {
            return Err(sqlx::Error::Protocol("a push answered no result".into()));
        };
        if result.status == PushStatus::Rejected {
            let error = result
                .error
                .unwrap_or_else(|| ErrorDetail::new("rejected", "the write was refused", None));
            return Ok(Err(CloseRefused::WriteRefused(error)));
        }
    }
    let officer_id = writer.officer_id.to_string();
    if !tx.close_conflict(id, status, &officer_id, now_ms).await? {
        return Ok(Err(CloseRefused::AlreadyClosed(conflict.status)));
    }
    let closed = tx.conflict(id).await?;
    tx.commit().await?;
    Ok(closed.ok_or(CloseRefused::NotFound))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pantau_shared::sync::hlc::MAX_COUNTER;

    #[test]
    fn a_restore_is_stamped_after_the_value_it_replaces() {
        let device = Uuid::from_u128(9);
        let other = Uuid::from_u128(1);
        let ahead = Hlc {
            millis: 5_000,
            counter: 3,
            device: other,
        };
        assert!(stamp_after(Some(ahead), 4_000, device) > ahead);
        let full = Hlc {
            counter: MAX_COUNTER,
            ..ahead
        };
        assert!(stamp_after(Some(full), 4_000, device) > full);
        assert_eq!(stamp_after(Some(ahead), 6_000, device).millis, 6_000);
        assert_eq!(stamp_after(None, 6_000, device).millis, 6_000);
    }
}
