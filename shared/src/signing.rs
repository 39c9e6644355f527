//! What an officer signs when finalizing an inspection or recording an amendment, and
//! the server's receipt for it.
//!
//! The device signs a *statement*: the record as finalized, its findings, the SHA-256
//! of its photos, who, on which device and when, in the canonical JSON of RFC 8785. The
//! statement travels as the exact text signed, so the server checks the very bytes the
//! officer's key signed. RFC 8785 writes numbers as ECMAScript does, so a browser makes
//! the text with its own `JSON.stringify` over sorted keys; the server's canonical form
//! and checks are in the server's `signed_log`.

use crate::entity::FieldMap;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Names the statement format, so a later format is never mistaken for this one.
pub const STATEMENT_KIND: &str = "pantau.signed-record/1";
/// Names what a receipt's server signature covers.
pub const RECEIPT_KIND: &str = "pantau.receipt/1";

/// Whether a write to an entity (by its name) is one the officer signs: an amendment,
/// or the write that finalizes an inspection. By name, so that the device's outbox
/// asks without parsing the kind.
pub fn is_signable(entity: &str, fields: &FieldMap) -> bool {
    use crate::sync::EntityKind;
    entity == EntityKind::Amendment.name()
        || (entity == EntityKind::Inspection.name()
            && fields.get("status").and_then(|s| s.as_str()) == Some("final"))
}

/// A signed mutation's proof, carried beside its fields (`signed` on the wire).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signed {
    /// The device's Ed25519 public key, 32 bytes in hex.
    pub key: String,
    /// The canonical JSON text that was signed.
    pub statement: String,
    /// The Ed25519 signature over the statement's UTF-8 bytes, 64 bytes in hex.
    pub signature: String,
}

/// A record one finding of the statement holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedRecord {
    pub id: Uuid,
    pub record: FieldMap,
}

/// What the officer signs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    pub kind: String,
    /// `inspection` or `amendment`.
    pub entity: String,
    pub id: Uuid,
    /// The whole record as the officer finalized it.
    pub record: FieldMap,
    pub findings: Vec<SignedRecord>,
    /// The SHA-256 of every photo of the record and its findings (photos are stored
    /// by it), sorted.
    pub photos: Vec<String>,
    pub officer: Uuid,
    pub device: Uuid,
    /// The clock stamp of the mutation that carries the signature.
    pub hlc: String,
}

/// The server's receipt for a signed record: where it sits in the append-only log, and
/// the log's root once it was added, signed with the server's key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    /// The record's position in the log, from 1 ("receipt #n").
    pub index: u64,
    /// RFC 6962 leaf hash, hex.
    pub leaf_hash: String,
    /// How many records the log held once this one was added.
    pub tree_size: u64,
    /// RFC 6962 Merkle tree hash of the log at `tree_size`, hex.
    pub root: String,
    /// The server's Ed25519 signature over the receipt's canonical text (its kind,
    /// index, leaf hash, tree size and root), hex.
    pub signature: String,
}

/// How a finalized record stands against what its officer signed, for the office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignatureCheck {
    /// The signing officer's name, and the device's name.
    pub officer: String,
    pub device: String,
    /// The receipt's number: the signed record's place in the log.
    pub receipt_index: u64,
    pub logged_at_ms: i64,
    /// The fields of the inspection or the finding that differ from what was signed,
    /// as `inspection.<field>` or `finding.<field>`; empty when all is as signed.
    pub differing: Vec<String>,
}
