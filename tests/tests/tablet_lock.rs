//! A lost tablet gives nothing away: the officer sets a PIN at the first sign-in, works
//! offline, reloads and unlocks with it; the raw store shows no one's name; a tablet
//! whose lease ran out opens only once it reaches the server; signing out destroys the
//! data key; and too many wrong PINs wipe the tablet and say what unsent work went.

use pantau_e2e::{Browser, PASSWORD, PIN, Product};
use serde_json::{Value, json};

/// Moves the kept lease's end to the past, as days away from the server would.
async fn let_lease_run_out(browser: &Browser) -> anyhow::Result<()> {
    browser
        .client
        .execute_async(
            "const done = arguments[0];
             const opening = indexedDB.open('pantau');
             opening.onsuccess = () => {
               const db = opening.result;
               const meta = db.transaction(['meta'], 'readwrite').objectStore('meta');
               const reading = meta.get('data_key');
               reading.onsuccess = () => {
                 const kept = JSON.parse(reading.result);
                 kept.lease.until_ms = Date.now() - 1000;
                 meta.put(JSON.stringify(kept), 'data_key').onsuccess = () => { db.close(); done(true); };
               };
             };",
            vec![],
        )
        .await?;
    Ok(())
}

async fn enter_pin(browser: &Browser, pin: &str) -> anyhow::Result<()> {
    browser
        .wait_until(
            "document.querySelector('#pin-submit') && !document.querySelector('#pin-submit').disabled",
            30,
        )
        .await?;
    let field = browser.find("#pin").await?;
    field.clear().await?;
    field.send_keys(pin).await?;
    browser.click("#pin-submit").await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pin_locks_the_tablet_and_nothing_readable_stays_behind() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    let policy = product.run(&["device", "policy", "--pin-attempts", "3"], "")?;
    assert!(policy.contains("--pin-attempts 3"), "{policy}");
    product.serve()?;
    let browser = Browser::start().await?;
    browser.client.goto(&format!("{}/", product.url)).await?;
    browser.find("#username").await?.send_keys("ayu").await?;
    browser.find("#password").await?.send_keys(PASSWORD).await?;
    browser.click("#login-submit").await?;

    // The first PIN: too short, one digit repeated, or typed differently twice is refused.
    browser.find("#pin-again").await?;
    for (pin, again, said) in [
        ("12345", "12345", "PIN minimal 6 angka"),
        ("777777", "777777", "satu angka yang diulang"),
        ("246810", "246811", "Kedua PIN tidak sama"),
    ] {
        browser.set_value("#pin", pin).await?;
        browser.set_value("#pin-again", again).await?;
        browser.click("#pin-submit").await?;
        browser.wait_for_text("#pin-error", said).await?;
    }
    browser.keep_screenshot("pin-refused").await;
    browser.set_value("#pin", PIN).await?;
    browser.set_value("#pin-again", PIN).await?;
    browser.click("#pin-submit").await?;
    browser.find("#welcome").await?;

    // Offline work, then a reload: the tablet is locked, and a wrong PIN says how many
    // tries are left.
    browser
        .wait_until("navigator.serviceWorker.controller !== null", 20)
        .await?;
    browser.set_offline(true).await?;
    browser
        .register_subject("CONTOH RAHASIA KUNCI", "51.01.02")
        .await?;
    browser.client.refresh().await?;
    enter_pin(&browser, "135790").await?;
    browser
        .wait_for_text("#pin-error", "Sisa 2 percobaan")
        .await?;
    browser.keep_screenshot("pin-wrong").await;
    enter_pin(&browser, PIN).await?;
    browser.wait_for_number("#pending-count", 1).await?;
    browser.search_subjects("kunci").await?;
    browser
        .wait_for_element_count(
            "#subject-results li",
            1,
            "#subject-results",
            "CONTOH RAHASIA KUNCI",
        )
        .await?;

    // What a copy of the browser's profile holds: no name in clear, no token in clear.
    let records = browser.indexed_db("records", None).await?.to_string();
    let outbox = browser.indexed_db("outbox", None).await?.to_string();
    assert!(
        records.len() > 100 && outbox.len() > 100,
        "{records} {outbox}"
    );
    for secret in ["RAHASIA", "full_name", "51.01.02"] {
        assert!(
            !records.contains(secret) && !outbox.contains(secret),
            "{secret} in clear"
        );
    }
    let kept_session = browser.stored_text("pantau.session").await;
    let token_in_clear = browser
        .client
        .execute(
            "return JSON.parse(localStorage.getItem('pantau.session')).token.length;",
            vec![],
        )
        .await?;
    assert_ne!(
        token_in_clear,
        json!(64),
        "the token is sealed: {kept_session:?}"
    );

    // Signal returns: the write goes, and the sync renews the lease as it ends.
    browser.set_offline(false).await?;
    browser.wait_for_number("#pending-count", 0).await?;
    browser.click("#nav-sync").await?;
    browser
        .wait_until("!document.querySelector('#sync-now').disabled", 30)
        .await?;

    // A lease run out offline: the PIN alone no longer opens the tablet.
    let_lease_run_out(&browser).await?;
    browser.set_offline(true).await?;
    browser.client.refresh().await?;
    enter_pin(&browser, PIN).await?;
    browser
        .wait_for_text("#pin-error", "terlalu lama tidak tersambung")
        .await?;
    browser.keep_screenshot("lease-expired").await;
    browser.set_offline(false).await?;
    enter_pin(&browser, PIN).await?;
    browser.find("#sync-page").await?;
    let kept_key = browser.indexed_db("meta", Some("data_key")).await?;
    let lease_until =
        serde_json::from_str::<Value>(kept_key.as_str().unwrap_or("{}"))?["lease"]["until_ms"]
            .as_f64()
            .unwrap_or(0.0);
    assert!(
        lease_until
            > (std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_millis() as f64),
        "the server renewed the lease: {kept_key}"
    );

    // Signing out destroys the wrapped data key with the data: what was copied before
    // cannot be opened by anything left on the tablet.
    browser.click("#nav-sync").await?;
    browser.click("#logout").await?;
    browser.find("#username").await?;
    assert_eq!(
        browser.indexed_db("meta", Some("data_key")).await?,
        Value::Null
    );
    assert_eq!(browser.indexed_db("records", None).await?, json!([]));
    assert_eq!(browser.stored_text("pantau.session").await?, None::<String>);

    // Too many wrong PINs: the tablet wipes itself and says what unsent work went.
    browser.find("#username").await?.send_keys("ayu").await?;
    browser.find("#password").await?.send_keys(PASSWORD).await?;
    browser.click("#login-submit").await?;
    browser.pass_lock().await?;
    browser.find("#welcome").await?;
    browser.set_offline(true).await?;
    browser
        .register_subject("CONTOH BELUM TERKIRIM", "51.01.02")
        .await?;
    browser.client.refresh().await?;
    for tries_left in ["Sisa 2", "Sisa 1"] {
        enter_pin(&browser, "135790").await?;
        browser.wait_for_text("#pin-error", tries_left).await?;
    }
    enter_pin(&browser, "135790").await?;
    let notice = browser
        .wait_for_text("#login-notice", "Terlalu banyak PIN salah")
        .await?;
    assert!(
        notice.contains("1 perubahan yang belum terkirim ikut terhapus"),
        "{notice}"
    );
    browser.keep_screenshot("pin-wiped").await;
    assert_eq!(
        browser.indexed_db("meta", Some("data_key")).await?,
        Value::Null
    );
    assert_eq!(browser.indexed_db("outbox", None).await?, json!([]));
    browser.client.clone().close().await?;
    Ok(())
}
