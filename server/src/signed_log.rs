//! The append-only log of signed records: an RFC 6962 Merkle tree whose root the
//! server signs in every receipt, and the checks a signed mutation passes first.
//!
//! The tree is kept as its frontier (the roots of its perfect subtrees), so appending
//! costs a few hashes whatever the log's size. The hashing is RFC 6962's own (a 0x00
//! prefix for leaves, 0x01 for nodes), so any RFC 6962 verifier can check a root.

use anyhow::Context;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use pantau_shared::signing::{RECEIPT_KIND, Receipt, STATEMENT_KIND, Signed, Statement};
use pantau_shared::sync::EntityKind;
use pantau_shared::sync::wire::CheckedMutation;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;
use uuid::Uuid;

/// RFC 8785 JSON of a value whose every part serializes (maps with text keys).
pub fn canonical<T: Serialize>(value: &T) -> String {
    // Serializing plain data into memory fails only for maps with non-text keys, which
    // none of these types has.
    serde_json_canonicalizer::to_string(value).unwrap_or_default()
}

/// Whether two values have one canonical text: `5.0` sent is `5` once signed.
pub fn same_value(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    a == b || canonical(a) == canonical(b)
}

/// Why a statement's text is not one the server takes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatementError {
    #[error("the statement is not a signed-record statement: {0}")]
    Unreadable(String),
    #[error("the statement is not in canonical form (RFC 8785)")]
    NotCanonical,
}

/// Reads a statement as received, which must be exactly its own canonical text:
/// otherwise two texts could carry one statement, and a signature one of them.
pub fn read_statement(text: &str) -> Result<Statement, StatementError> {
    let statement: Statement =
        serde_json::from_str(text).map_err(|e| StatementError::Unreadable(e.to_string()))?;
    if statement.kind != STATEMENT_KIND {
        return Err(StatementError::Unreadable(format!(
            "kind {:?} is not {STATEMENT_KIND:?}",
            statement.kind
        )));
    }
    if canonical(&statement) != text {
        return Err(StatementError::NotCanonical);
    }
    Ok(statement)
}

#[derive(Serialize)]
struct ReceiptBody<'a> {
    kind: &'a str,
    index: u64,
    leaf_hash: &'a str,
    tree_size: u64,
    root: &'a str,
}

/// The canonical text the server signs for a receipt.
pub fn receipt_text(receipt: &Receipt) -> String {
    canonical(&ReceiptBody {
        kind: RECEIPT_KIND,
        index: receipt.index,
        leaf_hash: &receipt.leaf_hash,
        tree_size: receipt.tree_size,
        root: &receipt.root,
    })
}

/// The file in the data directory that holds the server's log key.
pub const KEY_FILE: &str = "log-signing.key";

pub type Hash = [u8; 32];

/// The server's Ed25519 key, which signs receipts.
pub struct LogKey {
    signing: SigningKey,
}

impl LogKey {
    /// Reads the key from `path`, or makes one there when there is none: a server signs
    /// from its first start on.
    pub fn load_or_create(path: &Path) -> anyhow::Result<Self> {
        if path.exists() {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the log key {}", path.display()))?;
            let seed: Hash = hex::decode(text.trim())
                .ok()
                .and_then(|bytes| bytes.try_into().ok())
                .with_context(|| {
                    format!("the log key {} is not 32 bytes in hex", path.display())
                })?;
            return Ok(LogKey {
                signing: SigningKey::from_bytes(&seed),
            });
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let seed: Hash = rand::random();
        write_private(path, &hex::encode(seed))
            .with_context(|| format!("cannot write the log key {}", path.display()))?;
        Ok(LogKey {
            signing: SigningKey::from_bytes(&seed),
        })
    }

    pub fn public_hex(&self) -> String {
        hex::encode(self.signing.verifying_key().as_bytes())
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.signing.verifying_key()
    }

    /// The receipt for the leaf at `index` of a log whose root is now `root`.
    pub fn receipt(&self, index: u64, leaf_hash: &Hash, root: &Hash) -> Receipt {
        let mut receipt = Receipt {
            index,
            leaf_hash: hex::encode(leaf_hash),
            tree_size: index,
            root: hex::encode(root),
            signature: String::new(),
        };
        let signature = self.signing.sign(receipt_text(&receipt).as_bytes());
        receipt.signature = hex::encode(signature.to_bytes());
        receipt
    }
}

/// Writes a secret readable by the server's user alone.
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Whether `receipt` was signed by `key` as it stands.
pub fn receipt_verifies(key: &VerifyingKey, receipt: &Receipt) -> bool {
    signature_verifies(key, receipt_text(receipt).as_bytes(), &receipt.signature)
}

/// Whether `signature_hex` is `key`'s signature over `message` (RFC 8032, strict).
pub fn signature_verifies(key: &VerifyingKey, message: &[u8], signature_hex: &str) -> bool {
    let Some(signature) = hex::decode(signature_hex)
        .ok()
        .and_then(|bytes| Signature::from_slice(&bytes).ok())
    else {
        return false;
    };
    key.verify_strict(message, &signature).is_ok()
}

/// A device's public key as registered: 32 bytes in hex that make a valid point.
pub fn parse_public_key(hex_key: &str) -> Option<VerifyingKey> {
    let bytes: Hash = hex::decode(hex_key).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

/// RFC 6962 leaf hash: SHA-256(0x00 ‖ leaf).
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    Sha256::new()
        .chain_update([0])
        .chain_update(leaf)
        .finalize()
        .into()
}

/// RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right).
fn node_hash(left: &Hash, right: &Hash) -> Hash {
    Sha256::new()
        .chain_update([1])
        .chain_update(left)
        .chain_update(right)
        .finalize()
        .into()
}

/// The log as the roots of its perfect subtrees: `peaks[level]` is set when the log's
/// size has bit `level` set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Frontier {
    pub size: u64,
    pub peaks: Vec<Option<Hash>>,
}

impl Frontier {
    pub fn push(&mut self, leaf: Hash) {
        let mut carry = leaf;
        let mut level = 0;
        while self.size >> level & 1 == 1 {
            let left = self.peaks[level].take().unwrap_or_default();
            carry = node_hash(&left, &carry);
            level += 1;
        }
        if self.peaks.len() <= level {
            self.peaks.resize(level + 1, None);
        }
        self.peaks[level] = Some(carry);
        self.size += 1;
    }

    /// The Merkle tree hash of the whole log (RFC 6962 §2.1): the smaller subtrees on
    /// the right fold into the larger ones on their left.
    pub fn root(&self) -> Hash {
        self.peaks
            .iter()
            .flatten()
            .fold(None, |right: Option<Hash>, peak| {
                Some(right.map_or(*peak, |right| node_hash(peak, &right)))
            })
            .unwrap_or_else(|| Sha256::digest([]).into())
    }
}

/// What a log leaf holds: the signed record and the change-log row it arrived as. Both
/// by their SHA-256, so that retention may erase their personal data and the log still
/// re-computes.
#[derive(Serialize)]
pub struct Leaf<'a> {
    pub entity: &'a str,
    pub record_id: &'a str,
    pub op_id: &'a str,
    pub change_seq: i64,
    /// Of the change-log row's `changes`, so an edited row no longer matches.
    pub change_digest: &'a str,
    pub key: &'a str,
    pub statement_digest: &'a str,
    pub signature: &'a str,
    pub logged_at_ms: i64,
}

impl Leaf<'_> {
    pub fn hash(&self) -> Hash {
        leaf_hash(canonical(self).as_bytes())
    }
}

/// SHA-256 of a text, hex: how a leaf covers a statement and a change-log row.
pub fn text_digest(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// Why a signed mutation is refused: its code and what to tell the officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureRefusal {
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

fn refuse(code: &'static str, message: impl Into<String>) -> SignatureRefusal {
    SignatureRefusal {
        code,
        message: message.into(),
        field: Some("signed".into()),
    }
}

/// Checks a signed mutation before anything of it is applied: the key is the writing
/// device's, the signature is over the statement, the statement is for this very write,
/// and every field the write sets is as signed.
pub fn check_signed(
    mutation: &CheckedMutation,
    signed: &Signed,
    device_keys: &[String],
    officer: Uuid,
    device: Uuid,
) -> Result<Statement, SignatureRefusal> {
    if !matches!(
        mutation.entity,
        EntityKind::Inspection | EntityKind::Amendment
    ) {
        return Err(refuse(
            "not_signable",
            "only an inspection's finalization and an amendment are signed",
        ));
    }
    let key = device_keys
        .iter()
        .find(|known| known.eq_ignore_ascii_case(&signed.key))
        .and_then(|known| parse_public_key(known))
        .ok_or_else(|| {
            refuse(
                "unknown_device_key",
                "the signing key is not registered for this device and officer; sign in again",
            )
        })?;
    if !signature_verifies(&key, signed.statement.as_bytes(), &signed.signature) {
        return Err(refuse(
            "bad_signature",
            "the signature does not match the signed statement",
        ));
    }
    let statement = read_statement(&signed.statement)
        .map_err(|error| refuse("bad_signature", error.to_string()))?;
    let same_write = statement.entity == mutation.entity.name()
        && statement.id == mutation.id
        && statement.hlc == mutation.hlc.to_string()
        && statement.device == device
        && statement.officer == officer;
    if !same_write {
        return Err(refuse(
            "signature_replayed",
            "the signature was made for another record, write, device or officer",
        ));
    }
    if let Some(field) = mutation
        .fields
        .iter()
        .find(|(field, value)| {
            !statement
                .record
                .get(*field)
                .is_some_and(|signed| same_value(signed, value))
        })
        .map(|(field, _)| field)
    {
        return Err(SignatureRefusal {
            code: "signature_mismatch",
            message: format!("{field} is not what the officer signed"),
            field: Some(field.clone()),
        });
    }
    Ok(statement)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6962's reference hashes for the first leaves of its test vectors (as used by
    /// Certificate Transparency implementations).
    #[test]
    fn roots_match_rfc_6962_reference_trees() {
        let leaves: Vec<Vec<u8>> = vec![
            vec![],
            vec![0x00],
            vec![0x10],
            vec![0x20, 0x21],
            vec![0x30, 0x31],
            vec![0x40, 0x41, 0x42, 0x43],
            vec![0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
            vec![
                0x60, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d,
                0x6e, 0x6f,
            ],
        ];
        let expected = [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        let mut frontier = Frontier::default();
        assert_eq!(
            hex::encode(frontier.root()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        for (leaf, root) in leaves.iter().zip(expected) {
            frontier.push(leaf_hash(leaf));
            assert_eq!(hex::encode(frontier.root()), root, "size {}", frontier.size);
        }
    }

    /// RFC 8032 §7.1, test 1 and test 2: the key and signature crate the server uses
    /// gives the RFC's values.
    #[test]
    fn ed25519_matches_rfc_8032_test_vectors() {
        let cases = [
            (
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
            ),
            (
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
            ),
        ];
        for (secret, public, message, signature) in cases {
            let seed: Hash = hex::decode(secret)
                .expect("hex")
                .try_into()
                .expect("32 bytes");
            let key = SigningKey::from_bytes(&seed);
            assert_eq!(hex::encode(key.verifying_key().as_bytes()), public);
            let message = hex::decode(message).expect("hex");
            assert_eq!(hex::encode(key.sign(&message).to_bytes()), signature);
            let verifying = parse_public_key(public).expect("a public key");
            assert!(signature_verifies(&verifying, &message, signature));
            assert!(!signature_verifies(&verifying, b"other", signature));
        }
    }

    #[test]
    fn a_number_written_as_a_float_matches_its_signed_integer() {
        use pantau_shared::sync::hlc::Hlc;
        let key = SigningKey::from_bytes(&[3; 32]);
        let (officer, device, id) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let hlc = Hlc {
            millis: 1_700_000_000_000,
            counter: 0,
            device,
        };
        let fields = serde_json::json!({"status": "final", "accuracy_m": 5.0});
        let fields = fields.as_object().cloned().unwrap_or_default();
        let statement = Statement {
            kind: STATEMENT_KIND.into(),
            entity: "inspection".into(),
            id,
            record: fields.clone(),
            findings: vec![],
            photos: vec![],
            officer,
            device,
            hlc: hlc.to_string(),
        };
        let statement = canonical(&statement);
        let signed = Signed {
            key: hex::encode(key.verifying_key().as_bytes()),
            signature: hex::encode(key.sign(statement.as_bytes()).to_bytes()),
            statement,
        };
        let mutation = CheckedMutation {
            op_id: Uuid::from_u128(4),
            entity: EntityKind::Inspection,
            id,
            hlc,
            fields,
            base_seq: None,
            signed: Some(signed.clone()),
            acked_epoch: None,
        };
        let keys = [signed.key.clone()];
        assert!(check_signed(&mutation, &signed, &keys, officer, device).is_ok());
        let other_officer = check_signed(&mutation, &signed, &keys, device, device);
        assert_eq!(
            other_officer.map(|_| ()).expect_err("another officer").code,
            "signature_replayed"
        );
    }

    fn statement() -> Statement {
        Statement {
            kind: STATEMENT_KIND.into(),
            entity: "inspection".into(),
            id: Uuid::from_u128(1),
            record: serde_json::json!({"status": "final", "place_name": "Hotel Demo", "lat": -8.5, "b": 5.0})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            findings: vec![],
            photos: vec![],
            officer: Uuid::from_u128(2),
            device: Uuid::from_u128(3),
            hlc: "1700000000000-00000-00000000-0000-0000-0000-000000000003".into(),
        }
    }

    #[test]
    fn the_canonical_text_sorts_keys_and_writes_numbers_as_ecmascript_does() {
        let text = canonical(&statement());
        assert!(text.starts_with(r#"{"device":"#), "{text}");
        assert!(
            text.contains(
                r#""record":{"b":5,"lat":-8.5,"place_name":"Hotel Demo","status":"final"}"#
            ),
            "{text}"
        );
        // Read back, 5.0 is the integer 5: the text, not the number type, is what was signed.
        let read = read_statement(&text).expect("canonical");
        assert_eq!(canonical(&read), text);
    }

    #[test]
    fn a_statement_not_in_canonical_form_is_refused() {
        let text = canonical(&statement()).replacen(r#""device":"#, r#" "device":"#, 1);
        assert_eq!(read_statement(&text), Err(StatementError::NotCanonical));
        let other_kind = canonical(&statement()).replace(STATEMENT_KIND, "other/1");
        assert!(matches!(
            read_statement(&other_kind),
            Err(StatementError::Unreadable(_))
        ));
    }
}
