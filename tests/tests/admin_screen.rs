//! The administrator makes a team and an officer from the office screen, resets a
//! password and changes the settings there, in headless Chromium against the real `pantau` binary; a refused field
//! is named in Bahasa Indonesia and changes nothing.

use pantau_e2e::{Browser, Product};

/// Replaces the text of the input `css` with `text`.
async fn type_into(browser: &Browser, css: &str, text: &str) -> anyhow::Result<()> {
    let field = browser.find(css).await?;
    field.clear().await?;
    field.send_keys(text).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrator_makes_a_team_and_an_officer_and_resets_a_password() -> anyhow::Result<()>
{
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("root", "admin", "IMIGRASI")])?;
    product.serve()?;
    let office = Browser::start().await?;
    // The field app is not the administrator's: it points to the office screens and
    // keeps no session.
    office.sign_in_at(&product.url, "/", "root").await?;
    office
        .wait_for_text(
            "#login-office",
            "Akun administrator bekerja di layar kantor",
        )
        .await?;
    anyhow::ensure!(
        office.stored_text("pantau.session").await?.is_none(),
        "the field app kept the administrator's session"
    );
    office.sign_in_at(&product.url, "/kantor/", "root").await?;

    // The server's receipt key, as `pantau audit verify` states it beside an intact log.
    let verified = product.run(&["audit", "verify"], "")?;
    let key = verified
        .rsplit("server key ")
        .next()
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_default();
    anyhow::ensure!(key.len() == 64, "{verified}");
    office.wait_for_text("#admin-log-public-key", key).await?;

    // A team for Tabanan, its regency picked by name.
    office.wait_for_text("#team-table", "jembrana").await?;
    type_into(&office, "#team-id", "tabanan").await?;
    type_into(&office, "#team-name", "Tim PORA Tabanan (uji)").await?;
    office
        .find("#team-region")
        .await?
        .select_by_value("51.02")
        .await?;
    office.click("#team-submit").await?;
    office
        .wait_for_text("#team-outcome", "Tim disimpan")
        .await?;
    office
        .wait_for_text(
            "#team-table tr[data-team='tabanan']",
            "51.02 Kabupaten Tabanan",
        )
        .await?;

    // An officer on it: a short password is refused by name, then the account is made.
    type_into(&office, "#account-username", "wayan.uji").await?;
    type_into(&office, "#account-name", "Wayan Uji Coba").await?;
    office
        .find("#account-agency")
        .await?
        .select_by_value("POLRES")
        .await?;
    office
        .wait_until(
            "document.querySelector(\"#account-team option[value='tabanan']\") !== null",
            10,
        )
        .await?;
    office
        .find("#account-team")
        .await?
        .select_by_value("tabanan")
        .await?;
    type_into(&office, "#account-password", "pendek").await?;
    office.click("#account-submit").await?;
    office
        .wait_for_text("#account-outcome", "Kata sandi: minimal 8 karakter")
        .await?;
    assert_eq!(product.sign_in_status("wayan.uji", "pendek").await?, 401);
    type_into(&office, "#account-password", "sandi-awal-123").await?;
    office.click("#account-submit").await?;
    office
        .wait_for_text("#account-outcome", "Akun dibuat")
        .await?;
    office
        .wait_for_text("#account-table tr[data-account='wayan.uji']", "tabanan")
        .await?;
    assert_eq!(
        product
            .sign_in_status("wayan.uji", "sandi-awal-123")
            .await?,
        200
    );
    let users = product.run(&["user", "list"], "")?;
    assert!(
        users
            .lines()
            .any(|l| l.starts_with("wayan.uji\tWayan Uji Coba\tfield\ttabanan\tPOLRES\tactive")),
        "{users}"
    );

    // The same username again is named as taken; an empty one as missing.
    office.click("#account-submit").await?;
    office
        .wait_for_text("#account-outcome", "Nama pengguna: wajib diisi")
        .await?;
    type_into(&office, "#account-username", "wayan.uji").await?;
    type_into(&office, "#account-name", "Wayan Kedua Uji").await?;
    type_into(&office, "#account-password", "sandi-lain-789").await?;
    office.click("#account-submit").await?;
    office
        .wait_for_text("#account-outcome", "Nama pengguna: sudah dipakai")
        .await?;

    // A forgotten password: the administrator sets a new one; only it signs in.
    office
        .click("#account-table tr[data-account='wayan.uji'] .account-reset")
        .await?;
    office.wait_for_text("#reset-title", "wayan.uji").await?;
    type_into(&office, "#reset-password", "sandi-baru-456").await?;
    office.click("#reset-submit").await?;
    office
        .wait_for_text("#reset-outcome", "Kata sandi diganti")
        .await?;
    assert_eq!(
        product
            .sign_in_status("wayan.uji", "sandi-awal-123")
            .await?,
        401
    );
    assert_eq!(
        product
            .sign_in_status("wayan.uji", "sandi-baru-456")
            .await?,
        200
    );

    // The officer signs in on a tablet; then the administrator moves them to another
    // agency, and the tablet's next sync shows it.
    let tablet = Browser::start().await?;
    tablet
        .sign_in(&product.url, "wayan.uji", "sandi-baru-456")
        .await?;
    tablet.wait_for_text("#officer-agency", "Polres").await?;
    office
        .find("#account-table tr[data-account='wayan.uji'] .account-agency")
        .await?
        .select_by_value("SATPOL_PP")
        .await?;
    office
        .wait_until(
            "document.querySelector(\"#account-table tr[data-account='wayan.uji'] .account-agency\")?.value === 'SATPOL_PP'",
            10,
        )
        .await?;
    let users = product.run(&["user", "list"], "")?;
    assert!(
        users
            .lines()
            .any(|l| l.starts_with("wayan.uji\tWayan Uji Coba\tfield\ttabanan\tSATPOL_PP\t")),
        "{users}"
    );
    tablet.click("#nav-sync").await?;
    tablet.click("#sync-now").await?;
    tablet
        .wait_until(
            "(localStorage.getItem('pantau.session') || '').includes('SATPOL_PP')",
            30,
        )
        .await?;
    tablet.click(".main-nav a[href='/']").await?;
    tablet.wait_for_text("#officer-agency", "Satpol PP").await?;
    tablet.client.clone().close().await?;

    // The settings: a value out of its bounds is refused by name and nothing is kept;
    // then the review deadline and the PIN attempts change, and stay after a reload.
    office
        .wait_until(
            "document.querySelector('#setting-review_overdue_days')?.value === '14'",
            10,
        )
        .await?;
    type_into(&office, "#setting-review_overdue_days", "7").await?;
    type_into(&office, "#setting-pin_attempts", "50").await?;
    office.click("#settings-save").await?;
    office
        .wait_for_text(
            "#settings-outcome",
            "Salah PIN berturut-turut sebelum tablet dihapus: harus antara 3 dan 20",
        )
        .await?;
    let review_policy = product.run(&["review", "policy"], "")?;
    assert!(
        review_policy.contains("--overdue-days 14"),
        "{review_policy}"
    );
    type_into(&office, "#setting-pin_attempts", "5").await?;
    office.click("#settings-save").await?;
    office
        .wait_for_text("#settings-outcome", "Pengaturan disimpan")
        .await?;
    let review_policy = product.run(&["review", "policy"], "")?;
    assert!(
        review_policy.contains("--overdue-days 7"),
        "{review_policy}"
    );
    let device_policy = product.run(&["device", "policy"], "")?;
    assert!(
        device_policy.contains("--pin-attempts 5"),
        "{device_policy}"
    );
    office.client.refresh().await?;
    office
        .wait_until(
            "document.querySelector('#setting-review_overdue_days')?.value === '7' \
             && document.querySelector('#setting-pin_attempts')?.value === '5'",
            10,
        )
        .await?;
    office.client.clone().close().await?;
    Ok(())
}
