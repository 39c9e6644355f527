//! The office's table of counts in a real browser: a coordinator breaks the team's
//! foreign nationals down by district and nationality, the figures equal the stats API's,
//! the question survives a reload (it is in the address), the CSV download holds the
//! same counts, an empty period says so, and the Kanwil sees its province by regency on
//! the map and drills into one.

use pantau_e2e::device::{NativeDevice, fields};
use pantau_e2e::{Browser, PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// The stats API's answer to `query`, asked as `username`.
async fn stats(product: &Product, username: &str, query: &str) -> anyhow::Result<Value> {
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{}/api/auth/login", product.url))
        .json(&json!({"username": username, "password": PASSWORD,
            "device_id": uuid::Uuid::now_v7(), "device_name": "uji"}))
        .send()
        .await?
        .json()
        .await?;
    let token = login["token"].as_str().unwrap_or_default();
    Ok(http
        .get(format!("{}/api/stats?{query}", product.url))
        .bearer_auth(token)
        .send()
        .await?
        .json()
        .await?)
}

/// Each row of the answer as (labels joined by " / ", count).
fn rows(answer: &Value) -> BTreeMap<String, i64> {
    answer["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|row| {
            let labels: Vec<&str> = row["labels"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l["id"].as_str())
                .collect();
            (labels.join(" / "), row["count"].as_i64().unwrap_or(-1))
        })
        .collect()
}

/// The table on screen: each body row's header and its cells.
async fn table_on_screen(browser: &Browser) -> anyhow::Result<Vec<Vec<String>>> {
    let value = browser
        .client
        .execute(
            "return Array.from(document.querySelectorAll('#stats-table tr')).map(
               (tr) => Array.from(tr.children).map((cell) => cell.textContent.trim()));",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(value)?)
}

async fn sign_in_at_office(browser: &Browser, url: &str, username: &str) -> anyhow::Result<()> {
    browser.sign_in_at(url, "/kantor/", username).await?;
    browser.find("#stats-table").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_table_shows_what_the_api_counts() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("ayu", "field", "IMIGRASI"),
            ("kadek", "coordinator", "IMIGRASI"),
        ],
    )?;
    product.team("kanwil-bali", "51", &[("kanwil", "central", "KANWIL")])?;
    product.serve()?;
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    for (n, (region, nationality, permit)) in [
        ("51.01.01", "AUS", "ITK"),
        ("51.01.01", "AUS", "ITAS"),
        ("51.01.02", "DEU", "ITAS"),
    ]
    .into_iter()
    .enumerate()
    {
        ayu.edit(
            EntityKind::Subject,
            uuid::Uuid::now_v7(),
            fields(
                json!({"region_code": region, "full_name": format!("CONTOH TABEL {n}"),
                "nationality": nationality, "permit_type": permit}),
            ),
        )?;
    }
    ayu.sync().await?;

    let browser = Browser::start().await?;
    sign_in_at_office(&browser, &product.url, "kadek").await?;
    browser.wait_for_text("#table-total", "3").await?;
    let by_district = rows(&stats(&product, "kadek", "measure=subjects&by=region").await?);
    assert_eq!(by_district.values().sum::<i64>(), 3);
    let shown = table_on_screen(&browser).await?;
    for (label, count) in &by_district {
        assert!(
            shown.contains(&vec![label.clone(), count.to_string()]),
            "{label}: {count} is not on screen: {shown:?}"
        );
    }

    // A pivot: districts by nationality, each cell as the API counts it.
    browser
        .find("#table-columns")
        .await?
        .select_by_value("nationality")
        .await?;
    browser
        .wait_until(
            "document.querySelectorAll('#stats-table thead th').length === 4",
            10,
        )
        .await?;
    let pivot = rows(
        &stats(
            &product,
            "kadek",
            "measure=subjects&by=region&by=nationality",
        )
        .await?,
    );
    let shown = table_on_screen(&browser).await?;
    let header = &shown[0];
    for (labels, count) in &pivot {
        let (district, nationality) = labels.split_once(" / ").expect("two labels");
        let column = header
            .iter()
            .position(|h| h == nationality)
            .ok_or_else(|| anyhow::anyhow!("no column {nationality}: {header:?}"))?;
        let line = shown
            .iter()
            .find(|line| line[0] == district)
            .ok_or_else(|| anyhow::anyhow!("no row {district}: {shown:?}"))?;
        assert_eq!(line[column], count.to_string(), "{labels}");
    }

    // The question is in the address: a reload asks it again.
    browser.client.refresh().await?;
    browser.find("#stats-table").await?;
    assert_eq!(browser.value_of("#table-columns").await?, "nationality");
    assert!(
        browser
            .client
            .current_url()
            .await?
            .as_str()
            .contains("columns=nationality")
    );

    // The CSV download holds the same counts.
    let downloads = tempfile::tempdir()?;
    browser
        .cdp(
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": downloads.path().display().to_string()}),
        )
        .await?;
    browser.click("#download-csv").await?;
    let file = downloads.path().join("pantau-stats-51.01.csv");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !file.exists() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let csv = std::fs::read_to_string(&file)?;
    let lines: Vec<&str> = csv.lines().skip(1).collect();
    assert_eq!(lines.len(), pivot.len(), "{csv}");
    for (labels, count) in &pivot {
        let (district, nationality) = labels.split_once(" / ").expect("two labels");
        assert!(
            lines.iter().any(|line| line.contains(district)
                && line.contains(nationality)
                && line.ends_with(&format!(",{count}"))),
            "{labels}: {count} not in {csv}"
        );
    }

    // One nationality only: the figures narrow, as the API counts them; a permit type
    // besides narrows them further, both filters holding at once.
    browser
        .find("#filter-nationality option[value='AUS']")
        .await?;
    browser
        .find("#filter-nationality")
        .await?
        .select_by_value("AUS")
        .await?;
    browser.wait_for_text("#table-total", "2").await?;
    let australians = stats(&product, "kadek", "measure=subjects&nationality=AUS").await?;
    assert_eq!(australians["total"], 2);
    browser
        .find("#filter-permit_type option[value='ITAS']")
        .await?;
    browser
        .find("#filter-permit_type")
        .await?
        .select_by_value("ITAS")
        .await?;
    let both = stats(
        &product,
        "kadek",
        "measure=subjects&nationality=AUS&permit_type=ITAS",
    )
    .await?;
    assert_eq!(both["total"], 1);
    browser.wait_for_text("#table-total", "1").await?;
    let url = browser.client.current_url().await?;
    assert!(
        url.as_str().contains("nationality=AUS") && url.as_str().contains("permit_type=ITAS"),
        "{url}"
    );
    // Both survive a reload, shown as chosen.
    browser.client.goto(url.as_str()).await?;
    browser.wait_for_text("#table-total", "1").await?;
    browser
        .wait_until(
            "document.querySelector('#filter-nationality').value === 'AUS' \
               && document.querySelector('#filter-permit_type').value === 'ITAS'",
            10,
        )
        .await?;
    for dimension in ["nationality", "permit_type"] {
        browser
            .find(&format!("#filter-{dimension}"))
            .await?
            .select_by_value("")
            .await?;
    }
    browser.wait_for_text("#table-total", "3").await?;

    // An empty period says so, with zeros.
    browser
        .find("#table-measure")
        .await?
        .select_by_value("inspections")
        .await?;
    browser.click(".preset[data-preset='0']").await?;
    browser
        .wait_for_text("#table-empty", "semua angka nol")
        .await?;
    browser.wait_for_text("#table-total", "0").await?;
    assert!(
        browser
            .client
            .current_url()
            .await?
            .as_str()
            .contains("from=")
    );

    // The Kanwil sees its province, by regency, on the map and in the table.
    browser.click("#office-sign-out").await?;
    sign_in_at_office(&browser, &product.url, "kanwil").await?;
    let by_regency = rows(&stats(&product, "kanwil", "measure=subjects&by=region").await?);
    assert_eq!(by_regency.len(), 1, "{by_regency:?}");
    browser.wait_for_text("#table-total", "3").await?;
    let shown = table_on_screen(&browser).await?;
    for (label, count) in &by_regency {
        assert!(
            shown.contains(&vec![label.clone(), count.to_string()]),
            "{label}: {count} is not on screen: {shown:?}"
        );
    }
    browser
        .wait_until(
            "document.querySelectorAll('#region-map path.map-area').length === 9",
            10,
        )
        .await?;
    let jembrana = browser
        .find("#region-map path[data-region='51.01']")
        .await?;
    assert_eq!(jembrana.attr("data-count").await?.as_deref(), Some("3"));
    assert_eq!(jembrana.attr("data-class").await?.as_deref(), Some("5"));
    let elsewhere = browser
        .find("#region-map path[data-region='51.08']")
        .await?;
    assert_eq!(elsewhere.attr("data-count").await?.as_deref(), Some("0"));

    // A click on Jembrana narrows the page to it: its districts on the map, in the table.
    browser.tap(&jembrana).await?;
    browser
        .wait_until(
            "document.querySelectorAll('#region-map path.map-area').length === 5",
            10,
        )
        .await?;
    assert!(
        browser
            .client
            .current_url()
            .await?
            .as_str()
            .contains("region=51.01")
    );
    let by_district = rows(
        &stats(
            &product,
            "kanwil",
            "measure=subjects&by=region&region=51.01",
        )
        .await?,
    );
    for (code, count) in [("51.01.01", 2), ("51.01.02", 1)] {
        let area = browser
            .find(&format!("#region-map path[data-region='{code}']"))
            .await?;
        assert_eq!(
            area.attr("data-count").await?,
            Some(count.to_string()),
            "{code}"
        );
    }
    browser.wait_for_text("#table-total", "3").await?;
    let shown = table_on_screen(&browser).await?;
    for (label, count) in &by_district {
        assert!(
            shown.contains(&vec![label.clone(), count.to_string()]),
            "{label}: {count} is not on screen: {shown:?}"
        );
    }
    browser.click("#map-up").await?;
    browser
        .wait_until(
            "document.querySelectorAll('#region-map path.map-area').length === 9",
            10,
        )
        .await?;

    // On a phone the office's links are one row that scrolls sideways, and the current
    // one is in view.
    browser.client.set_window_size(390, 844).await?;
    browser
        .client
        .goto(&format!("{}/kantor/laporan", product.url))
        .await?;
    browser.find("#nav-report[aria-current=page]").await?;
    browser
        .wait_until(
            "(() => { const nav = document.querySelector('.office-nav').getBoundingClientRect(); \
               const here = document.querySelector('#nav-report').getBoundingClientRect(); \
               const first = document.querySelector('#nav-summary').getBoundingClientRect(); \
               return nav.height < 60 && first.top === here.top \
                 && here.left >= nav.left && here.right <= nav.right + 1; })()",
            10,
        )
        .await?;
    browser.keep_screenshot("office-nav-narrow").await;
    browser.client.clone().close().await?;
    Ok(())
}
