//! The tablet's signing key and what it signs: an Ed25519 key pair made at sign-in and
//! kept in the device store until the device is wiped; and the officer's signature on a
//! finalization or an amendment.
//!
//! Where the browser has Ed25519 in WebCrypto, it makes the key pair and its private half
//! is never extractable. Where it has not, the key pair comes from a 32-byte random seed
//! and the signer module (`signer/`, Ed25519 in wasm, loaded only then): the seed is kept
//! sealed under the data key like the records.
//!
//! The statement is signed in RFC 8785 form. RFC 8785 writes numbers and strings as
//! ECMAScript's `JSON.stringify` does, so the browser's own serializer makes it once the
//! keys are sorted: no canonical-JSON library in the bundle.

use crate::vault::subtle;
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use serde::Serialize;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const ALGORITHM: &str = "Ed25519";

/// The device's key pair: its private half, the public key as the server registers it
/// (32 bytes in hex).
#[derive(Clone)]
pub struct SigningKey {
    pub private: PrivateKey,
    pub public_hex: String,
}

/// The private half of a key pair.
#[derive(Clone)]
pub enum PrivateKey {
    /// A WebCrypto key the browser will not export.
    Browser(JsValue),
    /// The seed the signer module signs with.
    Seed(Rc<Vec<u8>>),
}

/// Makes a new key pair: the browser's own, or else the signer module's. `None` only
/// where neither can (the module could not be loaded).
pub async fn generate() -> Option<SigningKey> {
    match generate_in_browser().await {
        Some(key) => Some(key),
        None => generate_in_module().await,
    }
}

async fn generate_in_browser() -> Option<SigningKey> {
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
        private: PrivateKey::Browser(private),
        public_hex: hex::encode(Uint8Array::new(&raw).to_vec()),
    })
}

async fn generate_in_module() -> Option<SigningKey> {
    let seed = crate::vault::random_bytes(32);
    let public = call_module("public_key", &[&seed]).await?;
    Some(SigningKey {
        private: PrivateKey::Seed(Rc::new(seed)),
        public_hex: hex::encode(public),
    })
}

/// Calls `function` of the signer module with byte arrays; its bytes back, if any. The
/// module is loaded (once) by `window.pantauSigner`, which the boot script defines.
async fn call_module(function: &str, args: &[&[u8]]) -> Option<Vec<u8>> {
    let loader: Function = Reflect::get(&js_sys::global(), &"pantauSigner".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let loading: Promise = loader.call0(&JsValue::NULL).ok()?.dyn_into().ok()?;
    let module = JsFuture::from(loading).await.ok()?;
    let function: Function = Reflect::get(&module, &function.into())
        .ok()?
        .dyn_into()
        .ok()?;
    let args: Array = args.iter().map(|bytes| Uint8Array::from(*bytes)).collect();
    let result = function.apply(&JsValue::NULL, &args).ok()?;
    result
        .is_instance_of::<Uint8Array>()
        .then(|| Uint8Array::new(&result).to_vec())
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
    let signature = match &key.private {
        PrivateKey::Browser(private) => {
            let data = Uint8Array::from(text.as_bytes());
            let signature = subtle("sign", &Array::of3(&ALGORITHM.into(), private, &data))
                .await
                .ok()?;
            Uint8Array::new(&signature).to_vec()
        }
        PrivateKey::Seed(seed) => call_module("sign", &[seed, text.as_bytes()]).await?,
    };
    Some(hex::encode(signature))
}
