//! When a sync meets what retrying cannot mend, the officer is told why and nothing is
//! lost: an answer the sync engine refuses stops automatic syncing (the same batch is
//! never sent again and again), and a page the device cannot store is neither shown nor
//! skipped.

use pantau_e2e::device::{NativeDevice, fields};
use pantau_e2e::fault_proxy::FaultProxy;
use pantau_e2e::{Browser, PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::json;
use std::sync::atomic::Ordering;
use std::time::Duration;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_answer_stops_syncing_until_the_officer_asks() -> anyhow::Result<()> {
    let product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    let server = product.start_server(0)?;
    let (proxy, _kills) = FaultProxy::start(server.port, 1).await?;
    let browser = Browser::start().await?;
    browser.sign_in(&proxy.url, "ayu", PASSWORD).await?;
    proxy.set_tamper_push_answers(true);

    browser
        .register_subject("CONTOH JAWABAN SATU", "51.01.02")
        .await?;
    browser
        .wait_for_text("#sync-error", "Sinkronisasi dihentikan")
        .await?;
    let pushes = || proxy.counts().pushes.load(Ordering::SeqCst);
    assert_eq!(pushes(), 1, "the refused answer's batch was sent once");

    // The officer keeps working: a save would sync by itself, but syncing is halted.
    browser
        .register_subject("CONTOH JAWABAN DUA", "51.01.02")
        .await?;
    browser.wait_for_number("#pending-count", 2).await?;
    // Long enough for the save's own sync (0.8 s after it) and any loop to show.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(pushes(), 1, "nothing was sent again without the officer");
    browser
        .wait_for_text("#sync-error", "Sinkronisasi dihentikan")
        .await?;

    // Mended: the officer asks, and both writes arrive (the first one answered
    // `duplicate`, having been applied the first time).
    proxy.set_tamper_push_answers(false);
    browser.click("#nav-sync").await?;
    browser.click("#sync-now").await?;
    browser.wait_for_number("#pending-count", 0).await?;
    browser
        .wait_until("!document.querySelector('#sync-error')", 10)
        .await?;
    let mut check = NativeDevice::sign_in(&server.url, "ayu", PASSWORD).await?;
    check.sync().await?;
    let names: Vec<_> = check
        .state
        .records()
        .filter_map(|r| r.text("full_name"))
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    browser.client.clone().close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_the_device_cannot_store_is_reported_and_fetched_again() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[("ayu", "field", "IMIGRASI"), ("rekan", "field", "POLRES")],
    )?;
    product.serve()?;
    let browser = Browser::start().await?;
    browser.sign_in(&product.url, "ayu", PASSWORD).await?;
    browser.wait_for_number("#pending-count", 0).await?;

    // The browser's storage fills up: from now on IndexedDB refuses every write as a
    // full disk makes it, so the next page from the server cannot be stored.
    browser
        .client
        .execute(
            "window.realPut = IDBObjectStore.prototype.put;
             IDBObjectStore.prototype.put = function () {
                 throw new DOMException('the storage quota is used up', 'QuotaExceededError');
             };",
            vec![],
        )
        .await?;
    let mut rekan = NativeDevice::sign_in(&product.url, "rekan", PASSWORD).await?;
    rekan.edit(
        EntityKind::Subject,
        Uuid::now_v7(),
        fields(json!({"region_code": "51.01.03", "full_name": "CONTOH KUOTA PENUH"})),
    )?;
    rekan.sync().await?;

    browser.click("#nav-sync").await?;
    browser.click("#sync-now").await?;
    browser
        .wait_for_text("#sync-error", "gagal menyimpan data yang diterima")
        .await?;
    browser
        .wait_for_text("#storage-error", "Penyimpanan perangkat penuh")
        .await?;
    browser.search_subjects("kuota").await?;
    browser
        .wait_for_text("section.card", "Tidak ada yang cocok")
        .await?;

    // Room again: the same page is fetched again, since its cursor was never committed.
    browser
        .client
        .execute("IDBObjectStore.prototype.put = window.realPut;", vec![])
        .await?;
    browser.click("#nav-sync").await?;
    browser.click("#sync-now").await?;
    browser.search_subjects("kuota").await?;
    browser
        .wait_for_text("#subject-results", "CONTOH KUOTA PENUH")
        .await?;
    browser.client.clone().close().await?;
    Ok(())
}
