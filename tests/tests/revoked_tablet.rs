//! A tablet lost while offline is revoked by the administrator from the office screen;
//! when it reconnects it empties itself — IndexedDB, localStorage, the cached app — and
//! the sign-in page says why.

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

/// The administrator, in a browser of their own, signs in to the office screen, revokes
/// `device` after confirming, and disables another officer's account on the way.
async fn revoke_from_the_office_screen(product: &Product, device: &str) -> anyhow::Result<()> {
    let office = Browser::start().await?;
    office
        .client
        .goto(&format!("{}/kantor/", product.url))
        .await?;
    let sign_in = |username: &'static str, password: &'static str| {
        let office = &office;
        async move {
            let field = office.find("#username").await?;
            field.clear().await?;
            field.send_keys(username).await?;
            let field = office.find("#password").await?;
            field.clear().await?;
            field.send_keys(password).await?;
            office.click("#login-submit").await
        }
    };
    // A wrong password is named; an officer is sent back to the field app.
    sign_in("root", "bukan-kata-sandinya").await?;
    office
        .wait_for_text("#login-error", "kata sandi salah")
        .await?;
    sign_in("made", PASSWORD).await?;
    office
        .wait_for_text("#not-admin", "untuk administrator")
        .await?;
    office.click("#office-sign-out").await?;
    sign_in("root", PASSWORD).await?;
    let row = format!("#device-table tr[data-device='{device}']");
    office.wait_for_text(&row, "Aktif").await?;
    office.click(&format!("{row} .revoke")).await?;
    office
        .wait_for_text(&format!("{row} .revoke-question"), "menghapus semua data")
        .await?;
    office.click(&format!("{row} .revoke-confirm")).await?;
    office
        .wait_for_text(&format!("{row} .device-status"), "Dicabut")
        .await?;
    // The administrator's own account cannot be disabled from here; another one can.
    office
        .wait_for_text("#account-table tr[data-account='root']", "akun Anda")
        .await?;
    office
        .click("#account-table tr[data-account='made'] .account-toggle")
        .await?;
    office
        .wait_for_text(
            "#account-table tr[data-account='made'] .account-status",
            "Nonaktif",
        )
        .await?;
    office.client.clone().close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_tablet_empties_itself_on_its_next_contact() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("ayu", "field", "IMIGRASI"),
            ("made", "field", "POLRES"),
            ("root", "admin", "IMIGRASI"),
        ],
    )?;
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
    revoke_from_the_office_screen(&product, &device).await?;
    let refused = reqwest::Client::new()
        .post(format!("{}/api/auth/login", product.url))
        .json(
            &serde_json::json!({"username": "made", "password": PASSWORD,
            "device_id": uuid::Uuid::now_v7(), "device_name": "uji"}),
        )
        .send()
        .await?;
    assert_eq!(refused.status(), 401, "the disabled account cannot sign in");

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
