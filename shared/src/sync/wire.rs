//! The JSON shapes of the sync API (`/api/auth/login`, `/api/sync/push`,
//! `/api/sync/pull`) and of its errors. See `docs/sync-protocol.md`.

use super::entities::EntityKind;
use super::hlc::Hlc;
use crate::entity::FieldMap;
use crate::invalid::{FieldError, Invalid};
use crate::signing::Signed;
use crate::team::Officer;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// Most mutations one push may carry.
pub const MAX_BATCH_MUTATIONS: usize = 1_000;
/// Largest push body, in bytes.
pub const MAX_BATCH_BYTES: usize = 4 * 1024 * 1024;
/// How far ahead of the server's clock a mutation's timestamp may be.
pub const MAX_CLOCK_SKEW_MS: u64 = 10 * 60 * 1000;
/// Pull page size when none is asked for, and the largest allowed.
pub const DEFAULT_PULL_LIMIT: u32 = 500;
pub const MAX_PULL_LIMIT: u32 = 5_000;

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// A machine code, a human message and, where one field is to blame, its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ErrorDetail {
    pub fn new(code: impl Into<String>, message: impl Into<String>, field: Option<String>) -> Self {
        ErrorDetail {
            code: code.into(),
            message: message.into(),
            field,
        }
    }

    /// The wire form of a validation error; the message is in English, the app shows
    /// its own translation from the code.
    pub fn from_field_error(error: &FieldError) -> Self {
        ErrorDetail::new(
            error.code(),
            error.message(crate::Lang::En),
            Some(error.field.clone()),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    pub device_id: Uuid,
    pub device_name: String,
    /// The device's Ed25519 public key (32 bytes in hex), made on the device: what the
    /// officer finalizes on it is signed with the matching private key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_key: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginResponse {
    pub token: String,
    /// The device this session is for: the one presented, unless it belongs to another
    /// officer, in which case a new one. The device uses it from then on.
    pub device_id: Uuid,
    /// RFC 3339.
    pub expires_at: String,
    pub officer: Officer,
    /// What the tablet needs to lock its data: absent from servers older than the lease.
    #[serde(default)]
    pub lease: Option<DeviceLease>,
}

/// The server's part of a tablet's data key and how long the tablet may use it without
/// reaching the server again. Renewed at every sync (`GET /api/device/lease`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceLease {
    /// 32 bytes in hex, the same for the device until it is revoked; mixed into the key
    /// that wraps the device's data key, beside the officer's PIN.
    pub share: String,
    /// Until when (milliseconds since the epoch) the tablet may unlock offline.
    pub until_ms: i64,
    /// Wrong PINs in a row after which the tablet wipes itself.
    pub pin_attempts: u32,
    /// Minutes without a touch after which the tablet locks.
    pub idle_lock_minutes: u32,
}

/// One write of some fields of one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mutation {
    pub op_id: Uuid,
    pub entity: String,
    pub id: Uuid,
    pub hlc: Hlc,
    pub fields: FieldMap,
    /// The device's pull cursor when the officer made the write: changes after it were
    /// not on the officer's screen, so a value they overwrite is a conflict to review.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_seq: Option<i64>,
    /// The officer's signature, on the write that finalizes an inspection or records an
    /// amendment: a [`Signed`], kept as it came (the server reads it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<Value>,
    /// On a write sent again to a server restored from a backup: the epoch of the server
    /// that acknowledged it before. Such a write was taken before anything that came
    /// after it there, a finalization included (see `docs/sync-protocol.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked_epoch: Option<Uuid>,
}

/// A mutation whose envelope was checked: the entity is known and every part parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedMutation {
    pub op_id: Uuid,
    pub entity: EntityKind,
    pub id: Uuid,
    pub hlc: Hlc,
    pub fields: FieldMap,
    pub base_seq: Option<i64>,
    pub signed: Option<Signed>,
    pub acked_epoch: Option<Uuid>,
}

impl CheckedMutation {
    /// Reads one element of a push's `mutations`, naming the part that is wrong.
    pub fn from_json(value: &Value) -> Result<Self, FieldError> {
        Self::from_value(value.clone())
    }

    /// As [`CheckedMutation::from_json`], keeping the fields without copying them.
    pub fn from_value(mut value: Value) -> Result<Self, FieldError> {
        let object = value.as_object_mut().ok_or_else(|| {
            FieldError::new("mutation", Invalid::WrongType { expected: "object" })
        })?;
        let fields = object.remove("fields");
        let object = &*object;
        let text = |name: &str| match object.get(name) {
            None | Some(Value::Null) => Err(FieldError::new(name, Invalid::Required)),
            Some(Value::String(s)) => Ok(s.as_str()),
            Some(_) => Err(FieldError::new(
                name,
                Invalid::WrongType { expected: "text" },
            )),
        };
        let uuid = |name: &str| {
            Uuid::try_parse(text(name)?).map_err(|_| {
                FieldError::new(
                    name,
                    Invalid::Format {
                        example: "0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8c",
                    },
                )
            })
        };
        let op_id = uuid("op_id")?;
        let entity =
            EntityKind::parse(text("entity")?).map_err(|r| FieldError::new("entity", r))?;
        let id = uuid("id")?;
        let hlc = Hlc::parse(text("hlc")?).map_err(|r| FieldError::new("hlc", r))?;
        let fields = match fields {
            Some(Value::Object(fields)) => fields,
            None | Some(Value::Null) => return Err(FieldError::new("fields", Invalid::Required)),
            Some(_) => {
                return Err(FieldError::new(
                    "fields",
                    Invalid::WrongType { expected: "object" },
                ));
            }
        };
        let base_seq = match object.get("base_seq") {
            None | Some(Value::Null) => None,
            Some(value) => Some(value.as_i64().filter(|seq| *seq >= 0).ok_or_else(|| {
                FieldError::new("base_seq", Invalid::WrongType { expected: "count" })
            })?),
        };
        let signed = match object.get("signed") {
            None | Some(Value::Null) => None,
            Some(value) => Some(Signed::deserialize(value).map_err(|_| {
                FieldError::new("signed", Invalid::WrongType { expected: "object" })
            })?),
        };
        let acked_epoch = match object.get("acked_epoch") {
            None | Some(Value::Null) => None,
            Some(_) => Some(uuid("acked_epoch")?),
        };
        Ok(CheckedMutation {
            op_id,
            entity,
            id,
            hlc,
            fields,
            base_seq,
            signed,
            acked_epoch,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushRequest {
    pub device_id: Uuid,
    pub mutations: Vec<Mutation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    Applied,
    Conflict,
    Duplicate,
    Rejected,
}

/// The answer to one mutation. `op_id` echoes what was sent, even when it was not a UUID.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResult {
    pub op_id: Value,
    pub status: PushStatus,
    #[serde(default)]
    pub lost_fields: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
    /// For a signed mutation that was applied: the server's [`crate::signing::Receipt`], kept as it came
    /// so that a device holds it exactly as the server signed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    pub results: Vec<PushResult>,
    pub server_time_ms: u64,
    /// The server's epoch: it changes when the server is restored from a backup, which
    /// may have lost writes it had acknowledged (see `docs/sync-protocol.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<Uuid>,
}

/// One record as a pull delivers it: the whole merged record, not a delta. A record
/// that left the reader's scope comes as `deleted` with an empty `record`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub seq: i64,
    pub entity: String,
    pub id: Uuid,
    pub record: FieldMap,
    /// The writes the record's values came from, so that a device holding the record
    /// can send it again, under the same stamps, to a server restored from a backup:
    /// `[{"h": hlc, "s": seq, "f": [field, …]}, …]`, read with [`stamp_groups`]. Kept as
    /// JSON, untyped, because the field app's bundle has no room for another typed shape.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub stamps: Value,
    pub deleted: bool,
}

/// The writes a pull's `stamps` names: each write's clock stamp and the fields it set
/// (the server's `s`, the write's sequence number there, is of no use to a device).
/// Groups that do not read are left out.
pub fn stamp_groups(stamps: &Value) -> Vec<(Hlc, Vec<&str>)> {
    let Some(groups) = stamps.as_array() else {
        return Vec::new();
    };
    groups
        .iter()
        .filter_map(|group| {
            let hlc = Hlc::parse(group.get("h")?.as_str()?).ok()?;
            let fields = group.get("f")?.as_array()?;
            Some((hlc, fields.iter().filter_map(Value::as_str).collect()))
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    pub changes: Vec<Change>,
    pub cursor: i64,
    pub more: bool,
    pub server_time_ms: u64,
    /// The region the reader's records are in; a device drops what lies outside it.
    pub scope: Option<String>,
    /// Set when the reader's scope changed since its last pull: the pull restarted from
    /// the beginning, and the device keeps only what this pull sequence delivers.
    #[serde(default)]
    pub reset: bool,
    /// The server's epoch, as in [`PushResponse::epoch`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epoch: Option<Uuid>,
    /// Every change up to this sequence number is in a backup: a device no longer needs
    /// to keep its own acknowledged writes up to it for a restore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backed_up_seq: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn valid() -> Value {
        json!({
            "op_id": "0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8c",
            "entity": "subject",
            "id": "0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8d",
            "hlc": "1700000000000-00000-0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8e",
            "fields": {"full_name": "DEMO"}
        })
    }

    #[test]
    fn reads_a_valid_mutation() {
        let mutation = CheckedMutation::from_json(&valid()).expect("valid");
        assert_eq!(mutation.entity, EntityKind::Subject);
        assert_eq!(mutation.base_seq, None);
        let mut with_base = valid();
        with_base["base_seq"] = json!(42);
        let mutation = CheckedMutation::from_json(&with_base).expect("valid");
        assert_eq!(mutation.base_seq, Some(42));
    }

    #[test]
    fn names_the_part_that_is_wrong() {
        let cases = [
            ("op_id", json!("nope"), "invalid_format"),
            ("entity", json!("spaceship"), "not_allowed_value"),
            ("id", json!(7), "wrong_type"),
            ("hlc", json!("yesterday"), "invalid_format"),
            ("fields", json!([1]), "wrong_type"),
            ("base_seq", json!(-1), "wrong_type"),
            ("base_seq", json!("12"), "wrong_type"),
        ];
        for (field, value, code) in cases {
            let mut mutation = valid();
            mutation[field] = value;
            let error = CheckedMutation::from_json(&mutation).expect_err(field);
            assert_eq!((error.field.as_str(), error.code()), (field, code));
        }
        let error = CheckedMutation::from_json(&json!("x")).expect_err("not an object");
        assert_eq!(error.field, "mutation");
    }
}
