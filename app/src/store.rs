//! The device store in IndexedDB: records, the outbox of unsent writes and sync metadata
//! (cursor, clock). Every batch of [`StoreWrite`]s lands in one transaction, so a record
//! and its outbox entry are saved together or not at all. Values are JSON text.

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
        let text = format!("{error:?}");
        if text.contains("QuotaExceeded") {
            StoreError::QuotaExceeded
        } else {
            StoreError::Failed(text)
        }
    }
}

/// The open device database.
pub struct Store {
    db: Database,
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

fn key(id: Uuid) -> JsValue {
    JsValue::from_str(&id.to_string())
}

impl Store {
    pub async fn open() -> Result<Store, StoreError> {
        let factory = Factory::new().map_err(|e| StoreError::Unavailable(format!("{e:?}")))?;
        let mut request = factory
            .open(DB_NAME, Some(DB_VERSION))
            .map_err(|e| StoreError::Unavailable(format!("{e:?}")))?;
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
            .map_err(|e| StoreError::Unavailable(format!("{e:?}")))?;
        Ok(Store { db })
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
        let records: Vec<LocalRecord> = all(RECORDS)?
            .await
            .map_err(StoreError::from_idb)?
            .iter()
            .filter_map(parse)
            .collect();
        let outbox: Vec<OutboxEntry> = all(OUTBOX)?
            .await
            .map_err(StoreError::from_idb)?
            .iter()
            .filter_map(parse)
            .collect();
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
        if writes.is_empty() {
            return Ok(());
        }
        let tx = self
            .db
            .transaction(&[RECORDS, OUTBOX, META], TransactionMode::ReadWrite)
            .map_err(StoreError::from_idb)?;
        let store = |name: &str| tx.object_store(name).map_err(StoreError::from_idb);
        let (records, outbox, meta) = (store(RECORDS)?, store(OUTBOX)?, store(META)?);
        for write in writes {
            let request = match write {
                StoreWrite::PutRecord(record) => records
                    .put(&json(record)?, Some(&key(record.id)))
                    .map(|_| ()),
                StoreWrite::DeleteRecord(id) => records.delete(key(*id)).map(|_| ()),
                StoreWrite::PutOutbox(entry) => outbox
                    .put(&json(entry)?, Some(&key(entry.mutation.op_id)))
                    .map(|_| ()),
                StoreWrite::DeleteOutbox(op) => outbox.delete(key(*op)).map(|_| ()),
                StoreWrite::PutCursor(cursor) => meta
                    .put(&json(cursor)?, Some(&JsValue::from_str("cursor")))
                    .map(|_| ()),
                StoreWrite::PutClock(clock) => meta
                    .put(&json(clock)?, Some(&JsValue::from_str("clock")))
                    .map(|_| ()),
                StoreWrite::PutEpoch(epoch) => meta
                    .put(&json(epoch)?, Some(&JsValue::from_str("epoch")))
                    .map(|_| ()),
            };
            request.map_err(StoreError::from_idb)?;
        }
        tx.commit()
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        Ok(())
    }

    /// Keeps the device's signing key: the private key as the browser's own key object
    /// (never extractable), beside its public half.
    pub async fn keep_signing_key(
        &self,
        key: &crate::signing::SigningKey,
    ) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(&[META], TransactionMode::ReadWrite)
            .map_err(StoreError::from_idb)?;
        let kept = js_sys::Array::of2(&key.private, &JsValue::from_str(&key.public_hex));
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

    /// The device's signing key, if it has one.
    pub async fn signing_key(&self) -> Option<crate::signing::SigningKey> {
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
        Some(crate::signing::SigningKey {
            private: kept.get(0),
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
        let tx = self
            .db
            .transaction(&[PHOTOS, UPLOADS], TransactionMode::ReadWrite)
            .map_err(StoreError::from_idb)?;
        let key = JsValue::from_str(sha256);
        let photos = tx.object_store(PHOTOS).map_err(StoreError::from_idb)?;
        photos
            .put(&js_sys::Uint8Array::from(bytes).into(), Some(&key))
            .map_err(StoreError::from_idb)?;
        let uploads = tx.object_store(UPLOADS).map_err(StoreError::from_idb)?;
        uploads
            .put(&JsValue::from_str(region), Some(&key))
            .map_err(StoreError::from_idb)?;
        tx.commit()
            .map_err(StoreError::from_idb)?
            .await
            .map_err(StoreError::from_idb)?;
        Ok(())
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
        Ok(value.map(|v| js_sys::Uint8Array::new(&v).to_vec()))
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
