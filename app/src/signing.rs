//! The tablet's signing key and what it signs: an Ed25519 key pair made by the browser
//! (WebCrypto) at sign-in, its private half never extractable, kept in the device store
//! until the device is wiped; and the officer's signature on a finalization.
//!
//! The statement is signed in RFC 8785 form. RFC 8785 writes numbers and strings as
//! ECMAScript's `JSON.stringify` does, so the browser's own serializer makes it once the
//! keys are sorted: no canonical-JSON library in the bundle.

use crate::vault::subtle;
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde::Serialize;
use wasm_bindgen::JsValue;

const ALGORITHM: &str = "Ed25519";

/// The device's key pair: the private key as the browser holds it, the public key as
/// the server registers it (32 bytes in hex).
#[derive(Clone)]
pub struct SigningKey {
    pub private: JsValue,
    pub public_hex: String,
}

/// Makes a new key pair; `None` where the browser has no Ed25519.
pub async fn generate() -> Option<SigningKey> {
    let algorithm = Object::new();
    Reflect::set(&algorithm, &"name".into(), &ALGORITHM.into()).ok()?;
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let pair = subtle(
        "generateKey",
        &Array::of3(&algorithm, &JsValue::FALSE, &usages),
    )
    .await
    .ok()?;
    let public = Reflect::get(&pair, &"publicKey".into()).ok()?;
    let private = Reflect::get(&pair, &"privateKey".into()).ok()?;
    let raw = subtle("exportKey", &Array::of2(&"raw".into(), &public))
        .await
        .ok()?;
    Some(SigningKey {
        private,
        public_hex: hex::encode(Uint8Array::new(&raw).to_vec()),
    })
}

/// The RFC 8785 text of `value`: keys sorted (a `serde_json` map keeps them so), numbers
/// and strings written by the browser's `JSON.stringify`.
pub fn canonical(value: &impl Serialize) -> Option<String> {
    let sorted = serde_json::to_value(value).ok()?.to_string();
    let parsed = js_sys::JSON::parse(&sorted).ok()?;
    js_sys::JSON::stringify(&parsed).ok()?.as_string()
}

/// The Ed25519 signature over `text`, in hex.
pub async fn sign(key: &SigningKey, text: &str) -> Option<String> {
    let data = Uint8Array::from(text.as_bytes());
    let signature = subtle("sign", &Array::of3(&ALGORITHM.into(), &key.private, &data))
        .await
        .ok()?;
    Some(hex::encode(Uint8Array::new(&signature).to_vec()))
}
