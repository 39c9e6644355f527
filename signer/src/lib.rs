//! Ed25519 for a tablet whose browser has no Ed25519 in WebCrypto. The field app loads
//! this module only there (it is not part of the field bundle), keeps the 32-byte seed
//! sealed under its data key, and asks this module for the public key and signatures.

use ed25519_dalek::{Signer, SigningKey};
use wasm_bindgen::prelude::wasm_bindgen;

fn key(seed: &[u8]) -> Option<SigningKey> {
    Some(SigningKey::from_bytes(seed.try_into().ok()?))
}

/// The public key (32 bytes) of the key pair made from `seed`; nothing if the seed is
/// not 32 bytes.
#[wasm_bindgen]
pub fn public_key(seed: &[u8]) -> Option<Vec<u8>> {
    Some(key(seed)?.verifying_key().to_bytes().to_vec())
}

/// The signature (64 bytes, RFC 8032) over `message` by the key pair made from `seed`;
/// nothing if the seed is not 32 bytes.
#[wasm_bindgen]
pub fn sign(seed: &[u8], message: &[u8]) -> Option<Vec<u8>> {
    Some(key(seed)?.sign(message).to_bytes().to_vec())
}
