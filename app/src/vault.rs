//! The device's data key, under which everything the tablet keeps about people is
//! encrypted at rest (AES-256-GCM through WebCrypto, each record and photo on its own).
//!
//! The key is made on the device and never leaves it unwrapped. It is kept wrapped by a
//! key derived with Argon2id from the officer's PIN, with the server's share of the device
//! lease as Argon2's secret: the PIN alone opens nothing. Once unwrapped, it lives only in
//! memory as a non-extractable WebCrypto key, and is dropped when the app locks.
//! Destroying the wrapped copy (sign-out, revoke, too many wrong PINs) leaves whatever
//! ciphertext remains unreadable.

use argon2::{Algorithm, Argon2, Params, Version};
use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use pantau_shared::sync::wire::DeviceLease;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// AES-GCM's nonce length, in bytes.
const NONCE_BYTES: usize = 12;
/// Argon2id's cost: 64 MiB, three passes, one lane: above OWASP's floor (19 MiB, two
/// passes), since a copied profile lets PINs be tried offline; about 0.2 s on the build
/// machine (docs/benchmarks.md).
const ARGON2_KIB: u32 = 64 * 1024;
const ARGON2_PASSES: u32 = 3;

/// The unwrapped data key: a WebCrypto AES-GCM key that cannot be exported.
#[derive(Clone)]
pub struct DataKey(JsValue);

/// What the device keeps of its data key between visits: the wrapped key, the salt of
/// its derivation, and the lease it was unlocked under last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptKey {
    pub salt: String,
    pub wrapped: String,
    pub lease: DeviceLease,
    /// Wrong PINs entered in a row, across reloads.
    #[serde(default)]
    pub wrong_pins: u32,
}

thread_local! {
    static UNLOCKED: RefCell<Option<DataKey>> = const { RefCell::new(None) };
}

/// The data key while the app is unlocked.
pub fn unlocked() -> Option<DataKey> {
    UNLOCKED.with(|key| key.borrow().clone())
}

pub fn set_unlocked(key: Option<DataKey>) {
    UNLOCKED.with(|kept| *kept.borrow_mut() = key);
}

/// Calls `crypto.subtle.<method>(args…)` and waits for its promise.
pub async fn subtle(method: &str, args: &Array) -> Result<JsValue, JsValue> {
    let function: Function = Reflect::get(&subtle_object()?, &method.into())?.dyn_into()?;
    JsFuture::from(start(&function, args)?).await
}

fn subtle_object() -> Result<JsValue, JsValue> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into())?;
    Reflect::get(&crypto, &"subtle".into())
}

fn start(function: &Function, args: &Array) -> Result<Promise, JsValue> {
    function.apply(&subtle_object()?, args)?.dyn_into()
}

/// `n` random bytes from the browser's generator.
pub fn random_bytes(n: usize) -> Vec<u8> {
    let bytes = Uint8Array::new_with_length(n as u32);
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).unwrap_or(JsValue::NULL);
    if let Ok(fill) =
        Reflect::get(&crypto, &"getRandomValues".into()).and_then(|f| f.dyn_into::<Function>())
    {
        let _ = fill.call1(&crypto, &bytes);
    }
    bytes.to_vec()
}

fn aes_gcm(nonce: &[u8]) -> Object {
    let algorithm = Object::new();
    let _ = Reflect::set(&algorithm, &"name".into(), &"AES-GCM".into());
    let _ = Reflect::set(&algorithm, &"iv".into(), &Uint8Array::from(nonce));
    algorithm
}

/// Imports 32 raw bytes as a non-extractable AES-256-GCM key.
async fn import(raw: &[u8]) -> Result<DataKey, JsValue> {
    let usages = Array::of2(&"encrypt".into(), &"decrypt".into());
    let args = [
        JsValue::from("raw"),
        Uint8Array::from(raw).into(),
        "AES-GCM".into(),
        JsValue::FALSE,
        usages.into(),
    ];
    Ok(DataKey(subtle("importKey", &args.iter().collect()).await?))
}

/// The key that wraps the data key: Argon2id over the PIN, with the lease's share as
/// Argon2's secret input.
async fn wrapping_key(pin: &str, salt: &[u8], share: &str) -> Result<DataKey, JsValue> {
    let share = hex::decode(share).map_err(|_| JsValue::from("share"))?;
    let params = Params::new(ARGON2_KIB, ARGON2_PASSES, 1, Some(32))
        .map_err(|_| JsValue::from("argon2 params"))?;
    let argon2 = Argon2::new_with_secret(&share, Algorithm::Argon2id, Version::V0x13, params)
        .map_err(|_| JsValue::from("argon2 secret"))?;
    let mut derived = [0u8; 32];
    argon2
        .hash_password_into(pin.as_bytes(), salt, &mut derived)
        .map_err(|_| JsValue::from("argon2"))?;
    let key = import(&derived).await;
    derived.fill(0);
    key
}

/// Makes a new data key for `pin` under `lease`: the key, unlocked, and what to keep.
pub async fn create(pin: &str, lease: DeviceLease) -> Result<(DataKey, KeptKey), JsValue> {
    let salt = random_bytes(16);
    let mut raw = random_bytes(32);
    let wrapper = wrapping_key(pin, &salt, &lease.share).await?;
    let wrapped = seal(&wrapper, &raw).await?;
    let key = import(&raw).await;
    raw.fill(0);
    let kept = KeptKey {
        salt: hex::encode(salt),
        wrapped: hex::encode(wrapped.to_vec()),
        lease,
        wrong_pins: 0,
    };
    Ok((key?, kept))
}

/// The data key `kept` wraps, if `pin` is the one it was made with.
pub async fn unlock(pin: &str, kept: &KeptKey) -> Option<DataKey> {
    let salt = hex::decode(&kept.salt).ok()?;
    let wrapper = wrapping_key(pin, &salt, &kept.lease.share).await.ok()?;
    let wrapped = Uint8Array::from(hex::decode(&kept.wrapped).ok()?.as_slice());
    let mut raw = open(&wrapper, &wrapped).await?;
    let key = import(&raw).await.ok();
    raw.fill(0);
    key
}

/// `plain` encrypted under `key`: a fresh nonce, then the ciphertext and its tag.
pub async fn seal(key: &DataKey, plain: &[u8]) -> Result<Uint8Array, JsValue> {
    Ok(seal_all(key, &[plain]).await?.remove(0))
}

/// Each of `plains` encrypted under `key`, all at once.
pub async fn seal_all(key: &DataKey, plains: &[&[u8]]) -> Result<Vec<Uint8Array>, JsValue> {
    let encrypt: Function = Reflect::get(&subtle_object()?, &"encrypt".into())?.dyn_into()?;
    let mut nonces = Vec::with_capacity(plains.len());
    let promises = Array::new();
    for plain in plains {
        let nonce = random_bytes(NONCE_BYTES);
        let args = Array::of3(&aes_gcm(&nonce), &key.0, &Uint8Array::from(*plain));
        let promise = start(&encrypt, &args)?;
        promises.push(&promise);
        nonces.push(nonce);
    }
    let sealed = JsFuture::from(Promise::all(&promises)).await?;
    Ok(Array::from(&sealed)
        .iter()
        .zip(nonces)
        .map(|(ciphertext, nonce)| {
            let ciphertext = Uint8Array::new(&ciphertext);
            let out = Uint8Array::new_with_length(NONCE_BYTES as u32 + ciphertext.length());
            out.set(&Uint8Array::from(nonce.as_slice()), 0);
            out.set(&ciphertext, NONCE_BYTES as u32);
            out
        })
        .collect())
}

/// What `sealed` holds, if `key` sealed it and nothing changed it since.
pub async fn open(key: &DataKey, sealed: &JsValue) -> Option<Vec<u8>> {
    open_all(key, &Array::of1(sealed)).await.ok()?.remove(0)
}

/// Each of `sealed` opened under `key`, all at once; `None` for a value that does not
/// open (another key, or changed).
pub async fn open_all(key: &DataKey, sealed: &Array) -> Result<Vec<Option<Vec<u8>>>, JsValue> {
    let decrypt: Function = Reflect::get(&subtle_object()?, &"decrypt".into())?.dyn_into()?;
    let promises = Array::new();
    // A value that does not open answers undefined instead of failing the whole batch.
    let as_undefined = Closure::<dyn FnMut(JsValue)>::new(|_| {});
    for value in sealed.iter() {
        let bytes = Uint8Array::new(&value);
        let promise = if bytes.length() > NONCE_BYTES as u32 {
            let nonce = bytes.subarray(0, NONCE_BYTES as u32).to_vec();
            let ciphertext = bytes.subarray(NONCE_BYTES as u32, bytes.length());
            let args = Array::of3(&aes_gcm(&nonce), &key.0, &ciphertext);
            start(&decrypt, &args)?.catch(&as_undefined)
        } else {
            Promise::resolve(&JsValue::UNDEFINED)
        };
        promises.push(&promise);
    }
    let opened = JsFuture::from(Promise::all(&promises)).await?;
    Ok(Array::from(&opened)
        .iter()
        .map(|plain| (!plain.is_undefined()).then(|| Uint8Array::new(&plain).to_vec()))
        .collect())
}
