//! A coordinator reviews a conflict in the browser: two officers' devices changed the
//! same address without seeing each other's edit; from the tablet's sync page the
//! coordinator goes to the office's conflict review, sees both values side by side with
//! who wrote them, restores the losing one — which reaches the officers' devices — and
//! reads the record's history, linked from the tablet, on the office's screen. Offline,
//! the review says it needs the server.

use pantau_e2e::device::{NativeDevice, fields, wall_ms};
use pantau_e2e::{Browser, PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::json;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_restores_a_losing_value_and_reads_the_history() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("ketua", "coordinator", "IMIGRASI"),
            ("ayu", "field", "IMIGRASI"),
            ("made", "field", "POLRES"),
        ],
    )?;
    product.serve()?;
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    let mut made = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;
    let id = Uuid::now_v7();
    ayu.edit(
        EntityKind::Subject,
        id,
        fields(
            json!({"region_code": "51.01.04", "full_name": "DEMO KONFLIK", "nationality": "NZL"}),
        ),
    )?;
    ayu.sync().await?;
    made.sync().await?;
    // Both change the address without seeing each other's edit; Made's is later and wins.
    let now = wall_ms();
    ayu.edit_at(
        EntityKind::Subject,
        id,
        fields(json!({"address": "Jl. Ayu (fiktif)"})),
        now,
    )?;
    made.edit_at(
        EntityKind::Subject,
        id,
        fields(json!({"address": "Jl. Made (fiktif)"})),
        now + 1_000,
    )?;
    made.sync().await?;
    assert_eq!(ayu.sync().await?.conflicts, 1);

    let browser = Browser::start().await?;
    browser.sign_in(&product.url, "ketua", PASSWORD).await?;
    browser.click("#nav-sync").await?;
    // The conflict log lives on the server: the review is an office screen, signed in
    // to apart from the tablet's own session.
    browser.click("#review-conflicts").await?;
    browser
        .wait_until("location.pathname === '/kantor/konflik'", 10)
        .await?;
    browser
        .sign_in_at(&product.url, "/kantor/konflik", "ketua")
        .await?;
    browser
        .wait_for_text("#conflict-list", "DEMO KONFLIK")
        .await?;
    let kept = browser
        .wait_for_text(".conflict-side.kept", "Jl. Made (fiktif)")
        .await?;
    assert!(kept.contains("Petugas made"), "{kept}");
    let losing = browser
        .wait_for_text(".conflict-side.losing", "Jl. Ayu (fiktif)")
        .await?;
    assert!(losing.contains("Petugas ayu"), "{losing}");
    browser.keep_screenshot("conflict-review").await;

    browser.click(".conflict .restore").await?;
    browser
        .wait_for_text("#conflict-notice", "Nilai dipulihkan")
        .await?;
    browser
        .wait_for_text("#no-conflicts", "Tidak ada konflik")
        .await?;
    // The restored value reaches the officers' devices.
    for device in [&mut ayu, &mut made] {
        device.sync().await?;
        assert_eq!(
            device.state.record(id).and_then(|r| r.text("address")),
            Some("Jl. Ayu (fiktif)")
        );
    }

    // The history, from the record's page: who changed what, old → new.
    browser
        .client
        .goto(&format!("{}/orang-asing/{id}", product.url))
        .await?;
    browser.pass_lock().await?;
    browser.click("#history-link").await?;
    let history = browser
        .wait_for_text("#history-list", "Petugas ketua")
        .await?;
    assert!(
        history.contains("Jl. Made (fiktif) → Jl. Ayu (fiktif)"),
        "{history}"
    );
    assert!(history.contains("Petugas ayu"), "{history}");
    assert!(history.contains("DEMO KONFLIK"), "{history}");
    browser.keep_screenshot("record-history").await;

    // Without a connection the review says so, and nothing breaks.
    browser
        .client
        .goto(&format!("{}/kantor/konflik", product.url))
        .await?;
    browser.find("#conflicts-page").await?;
    browser.set_offline(true).await?;
    browser.client.refresh().await?;
    browser
        .wait_for_text("#conflicts-error", "Butuh koneksi ke server")
        .await?;
    browser.client.clone().close().await?;
    Ok(())
}
