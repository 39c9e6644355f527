//! A tablet lost while offline is revoked by the administrator; when it reconnects it
//! empties itself — IndexedDB, localStorage, the cached app — and the sign-in page says
//! why.

use pantau_e2e::{Browser, PASSWORD, Product};

/// How many entries the device's IndexedDB store holds, over every object store.
const STORED_ENTRIES: &str = "const done = arguments[arguments.length - 1];
const open = indexedDB.open('pantau');
open.onerror = () => done(-1);
open.onsuccess = () => {
  const db = open.result;
  const names = Array.from(db.objectStoreNames);
  if (names.length === 0) { db.close(); done(0); return; }
  const tx = db.transaction(names, 'readonly');
  let total = 0;
  names.forEach((name) => { tx.objectStore(name).count().onsuccess = (e) => { total += e.target.result; }; });
  tx.oncomplete = () => { db.close(); done(total); };
};";

async fn stored_entries(browser: &Browser) -> anyhow::Result<i64> {
    let value = browser.client.execute_async(STORED_ENTRIES, vec![]).await?;
    value
        .as_i64()
        .ok_or_else(|| anyhow::anyhow!("no count: {value}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_tablet_empties_itself_on_its_next_contact() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    product.serve()?;
    let browser = Browser::start().await?;
    browser.sign_in(&product.url, "ayu", PASSWORD).await?;
    browser
        .register_subject("CONTOH TABLET HILANG", "51.01.01")
        .await?;
    browser.wait_for_number("#pending-count", 0).await?;
    browser
        .wait_until("navigator.serviceWorker.controller !== null", 10)
        .await?;
    assert!(
        stored_entries(&browser).await? > 0,
        "the tablet holds the record"
    );

    // Lost while offline; the administrator revokes it.
    browser.set_offline(true).await?;
    let device = browser
        .stored_text("pantau.device_id")
        .await?
        .ok_or_else(|| anyhow::anyhow!("the app keeps its device id"))?;
    product.run(&["device", "revoke", "--id", &device], "")?;

    // Signal returns: the next sync hears `device_revoked`.
    browser.set_offline(false).await?;
    browser
        .wait_for_text("#login-notice", "Perangkat ini telah dicabut")
        .await?;
    // What localStorage holds now is the new, empty device's own: a fresh device id
    // and the chosen language, nothing of the officer's.
    let keys: Vec<String> = serde_json::from_value(
        browser
            .client
            .execute("return Object.keys(localStorage).sort();", vec![])
            .await?,
    )?;
    assert!(
        keys.iter()
            .all(|k| k == "pantau.device_id" || k == "pantau.lang"),
        "{keys:?}"
    );
    let now = browser.stored_text("pantau.device_id").await?;
    assert_ne!(
        now.as_deref(),
        Some(device.as_str()),
        "the revoked identity is gone"
    );
    assert_eq!(
        stored_entries(&browser).await?,
        0,
        "nothing left in IndexedDB"
    );
    let caches = browser
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             Promise.all([caches.keys(), navigator.serviceWorker.getRegistrations()])
               .then(([keys, workers]) => done(keys.length + workers.length));",
            vec![],
        )
        .await?;
    assert_eq!(
        caches,
        serde_json::json!(0),
        "no cached app, no service worker"
    );
    browser.client.clone().close().await?;
    Ok(())
}
