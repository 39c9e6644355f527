//! `pantau serve --demo`: an empty system fills with the clearly fictitious demo teams,
//! one in each of Bali's nine regencies and cities with 18 months of history, whose
//! accounts work with the published password; a database with real data in it is
//! refused, and nothing is added to it.

use anyhow::Context;
use pantau_e2e::Product;
use pantau_e2e::device::NativeDevice;
use std::collections::BTreeSet;

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

    // The Kanwil sees its province alive: every regency, every month of the last 18.
    let kanwil = NativeDevice::sign_in(&demo.url, "kanwil", "demo-pantau").await?;
    let (status, teams) = kanwil.call("/api/teams", None).await?;
    anyhow::ensure!(status == 200, "{teams}");
    let regions: BTreeSet<&str> = teams
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|team| team["region_code"].as_str())
        .filter(|code| code.len() == 5)
        .collect();
    assert_eq!(
        regions.len(),
        9,
        "a team in every regency and city: {teams}"
    );
    // Each team was in touch, one of them over a week ago.
    let now_ms = time::OffsetDateTime::now_utc().unix_timestamp() * 1000;
    let days_since: Vec<i64> = teams
        .as_array()
        .into_iter()
        .flatten()
        .filter(|team| {
            team["region_code"]
                .as_str()
                .is_some_and(|code| code.len() == 5)
        })
        .filter_map(|team| team["last_sync_ms"].as_i64())
        .map(|ms| (now_ms - ms) / 86_400_000)
        .collect();
    assert_eq!(days_since.len(), 9, "every team was in touch: {teams}");
    assert_eq!(
        days_since.iter().filter(|days| **days > 7).count(),
        1,
        "{days_since:?}"
    );
    let today = time::OffsetDateTime::now_utc()
        .to_offset(time::macros::offset!(+8))
        .date();
    let first = today - time::Duration::days(540);
    let by_region_and_month =
        format!("/api/stats?measure=inspections&by=region&by=month&from={first}&to={today}");
    let (status, answer) = kanwil.call(&by_region_and_month, None).await?;
    anyhow::ensure!(status == 200, "{answer}");
    let cells: BTreeSet<(String, String)> = answer["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|row| {
            Some((
                row["keys"][0].as_str()?.into(),
                row["keys"][1].as_str()?.into(),
            ))
        })
        .collect();
    let regencies: BTreeSet<&String> = cells.iter().map(|(region, _)| region).collect();
    let months: BTreeSet<&String> = cells.iter().map(|(_, month)| month).collect();
    assert_eq!(regencies.len(), 9, "inspections in every regency: {answer}");
    assert!(
        months.len() >= 17,
        "inspections through 18 months: {months:?}"
    );
    let (status, answer) = kanwil
        .call(
            &format!("/api/stats?measure=actions&by=stage&from={first}&to={today}"),
            None,
        )
        .await?;
    anyhow::ensure!(status == 200, "{answer}");
    let stages: BTreeSet<&str> = answer["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|row| row["count"].as_i64() > Some(0))
        .filter_map(|row| row["keys"][0].as_str())
        .collect();
    assert_eq!(
        stages,
        BTreeSet::from(["decided", "recommended"]),
        "actions recommended in the field and decided by the office: {answer}"
    );
    // Jembrana's past election: checks tagged to it, political activity found at some.
    let (status, answer) = kanwil
        .call(
            &format!(
                "/api/stats?measure=violations&violation=political_activity&region=51.01&from={first}&to={today}"
            ),
            None,
        )
        .await?;
    anyhow::ensure!(status == 200, "{answer}");
    assert!(
        answer["total"].as_i64() > Some(0),
        "political activity found in Jembrana's campaign: {answer}"
    );
    let (status, answer) = kanwil
        .call(
            &format!("/api/stats?measure=inspections&by=election_period&region=51.01&from={first}&to={today}"),
            None,
        )
        .await?;
    anyhow::ensure!(status == 200, "{answer}");
    assert!(
        answer["rows"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|row| !row["keys"][0].is_null() && row["count"].as_i64() > Some(0)),
        "checks tagged to the election: {answer}"
    );
    let coordinator = NativeDevice::sign_in(&demo.url, "koordinator-badung", "demo-pantau").await?;
    // The province's 2024 elections are listed to every regency's coordinator.
    let (status, answer) = coordinator.call("/api/election-periods", None).await?;
    anyhow::ensure!(status == 200, "{answer}");
    let names: BTreeSet<&str> = answer["periods"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|period| period["fields"]["name"].as_str())
        .collect();
    assert!(
        names.contains("Pemilu 2024") && names.contains("Pilkada Serentak 2024"),
        "{answer}"
    );
    let (status, answer) = coordinator
        .call("/api/stats?measure=subjects&by=region", None)
        .await?;
    anyhow::ensure!(status == 200, "{answer}");
    assert_eq!(
        answer["region"], "51.03",
        "Badung's coordinator sees Badung: {answer}"
    );
    assert!(answer["total"].as_i64() > Some(0), "{answer}");
    drop(demo);

    let real = Product::new()?;
    real.team("tim-nyata", "51.02", &[("wayan", "field", "IMIGRASI")])?;
    let refused = real
        .run(&["serve", "--demo", "--listen", "127.0.0.1:0"], "")
        .expect_err("refused");
    let said = format!("{refused:#}");
    assert!(
        said.contains("--demo refused") && said.contains("team tim-nyata"),
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
    real.team("tim-nyata", "51.02", &[("wayan", "field", "IMIGRASI")])?;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_generate_fills_the_province_at_the_size_asked() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    let said = product.run(
        &[
            "demo",
            "generate",
            "--subjects",
            "400",
            "--inspections",
            "300",
        ],
        "",
    )?;
    assert!(said.contains("done: "), "{said}");
    product.serve()?;
    let kanwil = NativeDevice::sign_in(&product.url, "kanwil", "demo-pantau").await?;
    let count = async |query: &str| -> anyhow::Result<i64> {
        let (status, answer) = kanwil.call(&format!("/api/stats?{query}"), None).await?;
        anyhow::ensure!(status == 200, "{answer}");
        answer["total"].as_i64().context("a total")
    };
    // The demo's own 2,600 and 480, then at least the 400 and 300 asked for, shared out
    // among the nine teams (each at least a few).
    let subjects = count("measure=subjects").await?;
    assert!((3_000..3_200).contains(&subjects), "{subjects}");
    let inspections = count("measure=inspections").await?;
    assert!((780..1_000).contains(&inspections), "{inspections}");
    let badung = count("measure=subjects&region=51.03").await?;
    let bangli = count("measure=subjects&region=51.06").await?;
    assert!(
        badung > 5 * bangli,
        "Badung sees far more foreigners than Bangli: {badung} {bangli}"
    );
    drop(product);

    let real = Product::new()?;
    real.team("tim-nyata", "51.02", &[("wayan", "field", "IMIGRASI")])?;
    let refused = real
        .run(
            &[
                "demo",
                "generate",
                "--subjects",
                "10",
                "--inspections",
                "10",
            ],
            "",
        )
        .expect_err("refused beside real data");
    assert!(
        format!("{refused:#}").contains("--demo refused"),
        "{refused:#}"
    );
    Ok(())
}
