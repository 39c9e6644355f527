//! A tablet handed from one officer to another: the next officer never sees the data the
//! previous one left on the device.

use pantau_e2e::device::{NativeDevice, fields};
use pantau_e2e::{Browser, PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::json;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_next_officer_does_not_see_the_previous_officers_data() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    product.team("buleleng", "51.08", &[("wayan", "field", "POLRES")])?;
    product.serve()?;
    // Wayan's own team has one foreign national whose name also matches the search, so
    // the search below is seen to have drawn its results.
    let mut wayan_tablet = NativeDevice::sign_in(&product.url, "wayan", PASSWORD).await?;
    wayan_tablet.edit(
        EntityKind::Subject,
        Uuid::now_v7(),
        fields(json!({"region_code": "51.08.01", "full_name": "CONTOH RAHASIA BULELENG"})),
    )?;
    wayan_tablet.sync().await?;
    let browser = Browser::start().await?;
    browser.sign_in(&product.url, "ayu", PASSWORD).await?;
    browser
        .register_subject("CONTOH RAHASIA", "51.01.02")
        .await?;
    // The save counted one pending write before the page changed: 0 now means it synced.
    browser.wait_for_number("#pending-count", 0).await?;
    browser.click("#nav-sync").await?;
    browser.click("#logout").await?;

    browser.find("#username").await?.send_keys("wayan").await?;
    browser.find("#password").await?.send_keys(PASSWORD).await?;
    browser.click("#login-submit").await?;
    browser.pass_lock().await?;
    browser.wait_for_text("#welcome", "Petugas wayan").await?;
    browser.wait_for_number("#subject-count", 1).await?;
    browser.search_subjects("rahasia").await?;
    browser
        .wait_for_element_count(
            "#subject-results li",
            1,
            "#subject-results",
            "CONTOH RAHASIA BULELENG",
        )
        .await?;
    // Wayan's work syncs under a device id of his own: the tablet never speaks for Ayu.
    browser
        .register_subject("CONTOH MILIK WAYAN", "51.08.02")
        .await?;
    browser.wait_for_number("#pending-count", 0).await?;
    wayan_tablet.sync().await?;
    assert!(
        wayan_tablet
            .state
            .records()
            .any(|r| r.text("full_name") == Some("CONTOH MILIK WAYAN"))
    );
    let (devices, owners): (i64, i64) = sqlx_counts(&product).await?;
    assert_eq!(
        (devices, owners),
        (3, 2),
        "Ayu's tablet id, Wayan's on it, Wayan's native one"
    );
    browser.client.clone().close().await?;
    Ok(())
}

/// How many devices the server knows, and how many officers own one.
async fn sqlx_counts(product: &Product) -> anyhow::Result<(i64, i64)> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&product.database_url()).await?;
    let counts = sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT officer_id) FROM devices")
        .fetch_one(&pool)
        .await?;
    pool.close().await;
    Ok(counts)
}
