//! `pantau serve --demo`: an empty system fills with the clearly fictitious demo team,
//! whose accounts work with the published password; a database with real data in it is
//! refused, and nothing is added to it.

use pantau_e2e::Product;
use pantau_e2e::device::NativeDevice;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_fills_an_empty_system_and_refuses_real_data() -> anyhow::Result<()> {
    let mut demo = Product::new()?;
    demo.serve_demo()?;
    let mut petugas = NativeDevice::sign_in(&demo.url, "petugas", "demo-pantau").await?;
    petugas.sync().await?;
    let subjects = petugas
        .state
        .records()
        .filter(|r| r.entity == "subject")
        .count();
    assert!(subjects > 0, "the demo team sees its foreign nationals");
    assert!(
        petugas
            .state
            .records()
            .filter_map(|r| r.text("passport_number"))
            .all(|p| p.starts_with("DM")),
        "demo passports are marked as such"
    );
    drop(demo);

    let real = Product::new()?;
    real.team("tabanan", "51.02", &[("wayan", "field", "IMIGRASI")])?;
    let refused = real
        .run(&["serve", "--demo", "--listen", "127.0.0.1:0"], "")
        .expect_err("refused");
    let said = format!("{refused:#}");
    assert!(
        said.contains("--demo refused") && said.contains("team tabanan"),
        "{said}"
    );
    assert!(said.contains("account wayan"), "{said}");
    let users = real.run(&["user", "list"], "")?;
    assert!(
        !users.contains("petugas"),
        "nothing of the demo was added: {users}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_of_the_demo_says_so_and_no_other_system_does() -> anyhow::Result<()> {
    use pantau_e2e::Browser;
    let mut demo = Product::new()?;
    demo.serve_demo()?;
    let browser = Browser::start().await?;
    browser.client.goto(&demo.url).await?;
    browser.wait_for_text("#demo-banner", "DEMO").await?;
    browser.sign_in(&demo.url, "petugas", "demo-pantau").await?;
    browser.click("#nav-subjects").await?;
    browser
        .wait_for_text("#demo-banner", "kata sandinya diumumkan")
        .await?;
    browser
        .client
        .goto(&format!("{}/kantor/", demo.url))
        .await?;
    browser.wait_for_text("#demo-banner", "DEMO").await?;
    drop(demo);

    let mut real = Product::new()?;
    real.team("tabanan", "51.02", &[("wayan", "field", "IMIGRASI")])?;
    real.serve()?;
    browser.client.goto(&real.url).await?;
    browser.find("#username").await?;
    let banner = browser
        .client
        .execute(
            "return document.getElementById('demo-banner') === null;",
            vec![],
        )
        .await?;
    assert_eq!(
        banner,
        serde_json::Value::Bool(true),
        "no banner on a real system"
    );
    browser.client.clone().close().await?;
    Ok(())
}
