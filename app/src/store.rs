//! The device store in IndexedDB: records, the outbox of unsent writes and sync metadata
//! (cursor, clock). Every batch of [`StoreWrite`]s lands in one transaction, so a record
//! and its outbox entry are saved together or not at all.
//!
//! Records, outbox entries and photos are sealed one by one under the device's data key
//! ([`crate::vault`]): the database holds no name, passport number or NIK in clear. They
//! are sealed before the transaction opens, since IndexedDB commits a transaction that
//! waits on anything else. Sync metadata and the wrapped key are kept as JSON text.

use crate::vault::{self, DataKey, KeptKey};
use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use pantau_shared::device::{DeviceState, LocalRecord, StoreWrite};
use pantau_shared::sync::HlcClock;
use pantau_shared::sync::engine::OutboxEntry;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use wasm_bindgen::JsValue;

const DB_NAME: &str = "pantau";
const DB_VERSION: u32 = 2;
const RECORDS: &str = "records";
const OUTBOX: &str = "outbox";
const META: &str = "meta";
/// The key in `META` of the device's signing key.
const SIGNING_KEY: &str = "signing_key";
/// Marks a signing key kept as a sealed seed rather than a browser key.
const SEALED_SEED: &str = "sealed-seed";
/// The key in `META` of the wrapped data key ([`KeptKey`]).
const KEPT_KEY: &str = "data_key";
/// The key in `META` of how many writes are unsent, readable while locked.
const UNSENT: &str = "unsent";
/// Photo bytes by SHA-256.
const PHOTOS: &str = "photos";
/// Photos still to upload: SHA-256 → the region of their record.
const UPLOADS: &str = "uploads";

/// Why the store could not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The browser's storage quota is used up.
    QuotaExceeded,
    /// IndexedDB is missing or refused (private mode, blocked storage).
    Unavailable(String),
    Failed(String),
}

impl StoreError {
    fn from_idb(error: idb::Error) -> Self {
        let text = error.to_string();
        if text.contains("QuotaExceeded") {
            StoreError::QuotaExceeded
        } else {
            StoreError::Failed(text)
        }
    }
}

/// The open device database; it reads and writes people's data only once unlocked.
pub struct Store {
    db: Database,
    key: Option<DataKey>,
}

fn json<T: serde::Serialize>(value: &T) -> Result<JsValue, StoreError> {
    serde_json::to_string(value)
        .map(|s| JsValue::from_str(&s))
        .map_err(|e| StoreError::Failed(e.to_string()))
}

fn parse<T: DeserializeOwned>(value: &JsValue) -> Option<T> {
    value
        .as_string()
        .and_then(|text| serde_json::from_str(&text).ok())
}

fn failed(error: JsValue) -> StoreError {
    StoreError::Failed(format!("{error:?}"))
}

/// A value to put in one of the stores, or a key to delete.
struct Planned {
    store: &'static str,
    key: JsValue,
    value: Option<JsValue>,
}

fn key(id: Uuid) -> JsValue {
    JsValue::from_str(&id.to_string())
}

impl Store {
    pub async fn open() -> Result<Store, StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::Unavailable(e.to_string()))?;
        let mut request = factory
            .open(DB_NAME, Some(DB_VERSION))
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        request.on_upgrade_needed(|event| {
            let Ok(database) = event.database() else {
                return;
            };
            for name in [RECORDS, OUTBOX, META, PHOTOS, UPLOADS] {
                if !database
                    .store_names()
                    .iter()
                    .any(|existing| existing == name)
                {
                    let _ = database.create_object_store(name, ObjectStoreParams::new());
                }
            }
        });
        let db = request
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(Store { db, key: None })
    }

    /// The store, reading and writing under `key` from now on.
    pub fn unlocked(self, key: DataKey) -> Store {
        Store {
            key: Some(key),
            ..self
        }
    }

    fn key(&self) -> Result<&DataKey, StoreError> {
        self.key
            .as_ref()
            .ok_or_else(|| StoreError::Failed("locked".into()))
    }

    /// Each value's JSON, sealed under the data key.
    async fn seal_json<T: serde::Serialize>(
        &self,
        values: &[&T],
    ) -> Result<Vec<JsValue>, StoreError> {
        let texts = values
            .iter()
            .map(|value| serde_json::to_string(value).map(String::into_bytes))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::Failed(e.to_string()))?;
        let plains: Vec<&[u8]> = texts.iter().map(Vec::as_slice).collect();
        Ok(vault::seal_all(self.key()?, &plains)
            .await
            .map_err(failed)?
            .into_iter()
            .map(JsValue::from)
            .collect())
    }

    /// Opens each sealed value of a store and parses it; a value that does not open is
    /// left out (it was sealed under a key the device no longer has). Values kept in
    /// clear by an app from before the data key are read as they are, and counted.
    async fn open_json<T: DeserializeOwned>(
        &self,
        values: Vec<JsValue>,
        in_clear: &mut usize,
    ) -> Result<Vec<T>, StoreError> {
        let (clear, sealed): (Vec<JsValue>, Vec<JsValue>) =
            values.into_iter().partition(JsValue::is_string);
        *in_clear += clear.len();
        let mut opened: Vec<T> = clear.iter().filter_map(parse).collect();
        opened.extend(
            vault::open_all(self.key()?, &sealed.into_iter().collect())
                .await
                .map_err(failed)?
                .into_iter()
                .flatten()
                .filter_map(|plain| serde_json::from_str(&String::from_utf8(plain).ok()?).ok()),
        );
        Ok(opened)
    }

    /// Everything the device holds, or a fresh state for `device_id`.
    pub async fn load(&self, device_id: Uuid) -> Result<DeviceState, StoreError> {
        let tx = self
            .db
            .transaction(&[RECORDS, OUTBOX, META], TransactionMode::ReadOnly)
            .map_err(StoreError::from_idb)?;
        let all = |name: &str| -> Result<_, StoreError> {
            tx.object_store(name)
                .map_err(StoreError::from_idb)?
                .get_all(None, None)
                .map_err(StoreError::from_idb)
        };
        let records = all(RECORDS)?.await.map_err(StoreError::from_idb)?;
        let outbox = all(OUTBOX)?.await.map_err(StoreError::from_idb)?;
        let meta = tx.object_store(META).map_err(StoreError::from_idb)?;
        let cursor: Option<i64> = meta
            .get(JsValue::from_str("cursor"))
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?
            .and_then(|v| parse(&v));
        let clock: Option<HlcClock> = meta
            .get(JsValue::from_str("clock"))
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?
            .and_then(|v| parse(&v));
        let epoch: Option<Uuid> = meta
            .get(JsValue::from_str("epoch"))
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?
            .and_then(|v| parse(&v));
        let clock = clock
            .filter(|c| c.device() == device_id)
            .unwrap_or_else(|| HlcClock::new(device_id));
        // Decrypted once, here, into memory: searches never decrypt.
        let mut in_clear = 0;
        let records: Vec<LocalRecord> = self.open_json(records, &mut in_clear).await?;
        let outbox: Vec<OutboxEntry> = self.open_json(outbox, &mut in_clear).await?;
        if in_clear > 0 {
            // Kept before the device had a data key: sealed now, nothing dropped.
            let resealed: Vec<StoreWrite> = records
                .iter()
                .cloned()
                .map(StoreWrite::PutRecord)
                .chain(outbox.iter().cloned().map(StoreWrite::PutOutbox))
                .collect();
            self.apply(&resealed).await?;
        }
        Ok(DeviceState::restore(
            records,
            outbox,
            cursor.unwrap_or(0),
            clock,
            epoch,
        ))
    }

    /// Makes `writes` durable in one transaction; returns when it has committed.
    pub async fn apply(&self, writes: &[StoreWrite]) -> Result<(), StoreError> {
        self.apply_counted(writes, None).await
    }

    /// [`Store::apply`], keeping beside the writes how many are unsent once they land:
    /// the outbox also keeps acknowledged writes, and its entries are sealed, so a
    /// locked tablet could not tell them apart.
    pub async fn apply_counted(
        &self,
        writes: &[StoreWrite],
        unsent: Option<usize>,
    ) -> Result<(), StoreError> {
        if writes.is_empty() {
            return Ok(());
        }
        let records: Vec<&LocalRecord> = writes
            .iter()
            .filter_map(|w| match w {
                StoreWrite::PutRecord(record) => Some(record),
                _ => None,
            })
            .collect();
        let entries: Vec<&OutboxEntry> = writes
            .iter()
            .filter_map(|w| match w {
                StoreWrite::PutOutbox(entry) => Some(entry),
                _ => None,
            })
            .collect();
        let mut sealed_records = self.seal_json(&records).await?.into_iter();
        let mut sealed_entries = self.seal_json(&entries).await?.into_iter();
        let meta = |name: &str| JsValue::from_str(name);
        let mut planned = Vec::with_capacity(writes.len());
        for write in writes {
            let (store, key, value) = match write {
                StoreWrite::PutRecord(record) => (RECORDS, key(record.id), sealed_records.next()),
                StoreWrite::DeleteRecord(id) => (RECORDS, key(*id), None),
                StoreWrite::PutOutbox(entry) => {
                    (OUTBOX, key(entry.mutation.op_id), sealed_entries.next())
                }
                StoreWrite::DeleteOutbox(op) => (OUTBOX, key(*op), None),
                StoreWrite::PutCursor(cursor) => (META, meta("cursor"), Some(json(cursor)?)),
                StoreWrite::PutClock(clock) => (META, meta("clock"), Some(json(clock)?)),
                StoreWrite::PutEpoch(epoch) => (META, meta("epoch"), Some(json(epoch)?)),
            };
            planned.push(Planned { store, key, value });
        }
        if let Some(unsent) = unsent {
            planned.push(Planned {
                store: META,
                key: meta(UNSENT),
                value: Some(json(&unsent)?),
            });
        }
        self.write(&[RECORDS, OUTBOX, META], planned).await
    }

    /// Puts and deletes `planned` in one transaction over `stores`.
    async fn write(&self, stores: &[&str], planned: Vec<Planned>) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(stores, TransactionMode::ReadWrite)
            .map_err(StoreError::from_idb)?;
        for Planned { store, key, value } in planned {
            let store = tx.object_store(store).map_err(StoreError::from_idb)?;
            let request = match value {
                Some(value) => store.put(&value, Some(&key)).map(|_| ()),
                None => store.delete(key).map(|_| ()),
            };
            request.map_err(StoreError::from_idb)?;
        }
        tx.commit()
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        Ok(())
    }

    /// A value kept in `META` as JSON text.
    async fn meta<T: DeserializeOwned>(&self, name: &str) -> Option<T> {
        let tx = self
            .db
            .transaction(&[META], TransactionMode::ReadOnly)
            .ok()?;
        let value = tx
            .object_store(META)
            .ok()?
            .get(JsValue::from_str(name))
            .ok()?
            .await
            .ok()??;
        parse(&value)
    }

    async fn put_meta<T: serde::Serialize>(&self, name: &str, value: &T) -> Result<(), StoreError> {
        let planned = Planned {
            store: META,
            key: JsValue::from_str(name),
            value: Some(json(value)?),
        };
        self.write(&[META], vec![planned]).await
    }

    /// The wrapped data key, if the device has one.
    pub async fn kept_key(&self) -> Option<KeptKey> {
        self.meta(KEPT_KEY).await
    }

    pub async fn keep_key(&self, kept: &KeptKey) -> Result<(), StoreError> {
        self.put_meta(KEPT_KEY, kept).await
    }

    /// How many unsent writes the device holds, readable while locked: what a wipe
    /// would lose. A store from before the count was kept answers every outbox entry,
    /// acknowledged or not: too many rather than too few.
    pub async fn unsent_count(&self) -> usize {
        if let Some(unsent) = self.meta(UNSENT).await {
            return unsent;
        }
        let Ok(tx) = self.db.transaction(&[OUTBOX], TransactionMode::ReadOnly) else {
            return 0;
        };
        let Ok(request) = tx.object_store(OUTBOX).and_then(|store| store.count(None)) else {
            return 0;
        };
        request.await.map_or(0, |count| count as usize)
    }

    /// Keeps the device's signing key. A seed is kept sealed, so it waits for the store
    /// to be unlocked: a locked store refuses it.
    pub async fn keep_signing_key(
        &self,
        key: &crate::signing::SigningKey,
    ) -> Result<(), StoreError> {
        use crate::signing::PrivateKey;
        let kept = match &key.private {
            PrivateKey::Browser(private) => {
                js_sys::Array::of2(private, &JsValue::from_str(&key.public_hex))
            }
            PrivateKey::Seed(seed) => {
                let sealed = vault::seal(self.key()?, seed).await.map_err(failed)?;
                js_sys::Array::of3(
                    &sealed,
                    &JsValue::from_str(&key.public_hex),
                    &JsValue::from_str(SEALED_SEED),
                )
            }
        };
        let tx = self
            .db
            .transaction(&[META], TransactionMode::ReadWrite)
            .map_err(StoreError::from_idb)?;
        tx.object_store(META)
            .map_err(StoreError::from_idb)?
            .put(&kept, Some(&JsValue::from_str(SIGNING_KEY)))
            .map_err(StoreError::from_idb)?;
        tx.commit()
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        Ok(())
    }

    /// The device's signing key, if it has one (a sealed seed only once unlocked).
    pub async fn signing_key(&self) -> Option<crate::signing::SigningKey> {
        use crate::signing::PrivateKey;
        let tx = self
            .db
            .transaction(&[META], TransactionMode::ReadOnly)
            .ok()?;
        let kept = tx
            .object_store(META)
            .ok()?
            .get(JsValue::from_str(SIGNING_KEY))
            .ok()?
            .await
            .ok()??;
        let kept = js_sys::Array::from(&kept);
        let private = if kept.get(2).as_string().as_deref() == Some(SEALED_SEED) {
            let seed = vault::open(self.key.as_ref()?, &kept.get(0)).await?;
            PrivateKey::Seed(std::rc::Rc::new(seed))
        } else {
            PrivateKey::Browser(kept.get(0))
        };
        Some(crate::signing::SigningKey {
            private,
            public_hex: kept.get(1).as_string()?,
        })
    }

    /// Keeps a photo and queues it for upload, in one transaction.
    pub async fn keep_photo(
        &self,
        sha256: &str,
        bytes: &[u8],
        region: &str,
    ) -> Result<(), StoreError> {
        let sealed = vault::seal(self.key()?, bytes).await.map_err(failed)?;
        let key = JsValue::from_str(sha256);
        let planned = vec![
            Planned {
                store: PHOTOS,
                key: key.clone(),
                value: Some(sealed.into()),
            },
            Planned {
                store: UPLOADS,
                key,
                value: Some(JsValue::from_str(region)),
            },
        ];
        self.write(&[PHOTOS, UPLOADS], planned).await
    }

    /// A kept photo's bytes.
    pub async fn photo(&self, sha256: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let tx = self
            .db
            .transaction(&[PHOTOS], TransactionMode::ReadOnly)
            .map_err(StoreError::from_idb)?;
        let value = tx
            .object_store(PHOTOS)
            .map_err(StoreError::from_idb)?
            .get(JsValue::from_str(sha256))
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        match value {
            Some(sealed) => Ok(vault::open(self.key()?, &sealed).await),
            None => Ok(None),
        }
    }

    /// Photos waiting for upload: SHA-256 and the region of their record.
    pub async fn pending_uploads(&self) -> Result<Vec<(String, String)>, StoreError> {
        let tx = self
            .db
            .transaction(&[UPLOADS], TransactionMode::ReadOnly)
            .map_err(StoreError::from_idb)?;
        let store = tx.object_store(UPLOADS).map_err(StoreError::from_idb)?;
        let keys = store
            .get_all_keys(None, None)
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        let regions = store
            .get_all(None, None)
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        Ok(keys
            .iter()
            .zip(regions.iter())
            .filter_map(|(k, r)| Some((k.as_string()?, r.as_string()?)))
            .collect())
    }

    /// Queues photos for upload again, with the region of their record: after the server
    /// was restored from a backup older than their upload.
    pub async fn queue_uploads(&self, photos: &[(String, String)]) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[UPLOADS], TransactionMode::ReadWrite)
            .map_err(StoreError::from_idb)?;
        let uploads = tx.object_store(UPLOADS).map_err(StoreError::from_idb)?;
        for (sha256, region) in photos {
            uploads
                .put(&JsValue::from_str(region), Some(&JsValue::from_str(sha256)))
                .map_err(StoreError::from_idb)?;
        }
        tx.commit()
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        Ok(())
    }

    /// Marks a photo as uploaded.
    pub async fn uploaded(&self, sha256: &str) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[UPLOADS], TransactionMode::ReadWrite)
            .map_err(StoreError::from_idb)?;
        tx.object_store(UPLOADS)
            .map_err(StoreError::from_idb)?
            .delete(JsValue::from_str(sha256))
            .map_err(StoreError::from_idb)?;
        tx.commit()
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        Ok(())
    }

    /// Deletes everything on this device (a revoked device, or sign-out with a choice).
    pub async fn wipe(&self) -> Result<(), StoreError> {
        let all = [RECORDS, OUTBOX, META, PHOTOS, UPLOADS];
        let tx = self
            .db
            .transaction(&all, TransactionMode::ReadWrite)
            .map_err(StoreError::from_idb)?;
        for name in all {
            tx.object_store(name)
                .map_err(StoreError::from_idb)?
                .clear()
                .map_err(StoreError::from_idb)?;
        }
        tx.commit()
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        Ok(())
    }
}
