//! The Kanwil opens a team's monthly report on the office screen, in headless Chromium
//! against the real `pantau` binary: every section shows the month's records with the
//! figures the API gives, the choice survives a reload, and the page prints to PDF.

use pantau_e2e::device::NativeDevice;
use pantau_e2e::{Browser, PASSWORD, Product};
use pantau_shared::decision::decision_id;
use pantau_shared::sync::Hlc;
use serde_json::json;
use uuid::Uuid;

/// The month's records, written by the team's coordinator as a tablet would push them.
async fn a_month_of_work(coordinator: &NativeDevice) -> anyhow::Result<()> {
    let device = coordinator.state.device_id();
    let millis = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_millis() as u64;
    let (meeting, inspection, subject) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let finding = Uuid::now_v7();
    let records = [
        (
            "meeting",
            meeting,
            json!({"region_code": "51.01", "date": "2026-11-12", "place": "Aula Kantor Imigrasi (uji)",
            "theme": "Kewaspadaan Pemilu (uji)", "attending_agencies": ["KPU", "BAWASLU"], "decisions": "Patroli gabungan ke vila (uji)"}),
        ),
        (
            "action_item",
            Uuid::now_v7(),
            json!({"region_code": "51.01", "meeting_id": meeting, "description": "Data vila disampaikan (uji)",
            "owner_agency": "KPU", "due_date": "2026-11-25", "status": "in_progress"}),
        ),
        (
            "meeting",
            Uuid::now_v7(),
            json!({"region_code": "51.01", "date": "2026-10-30", "place": "Aula (uji)", "theme": "Rakor bulan lalu (uji)"}),
        ),
        (
            "subject",
            subject,
            json!({"region_code": "51.01.02", "full_name": "CONTOH LAPORAN", "nationality": "AUS", "permit_type": "ITK"}),
        ),
        (
            "inspection",
            inspection,
            json!({"region_code": "51.01.02", "started_at": "2026-11-10T10:00:00+08:00", "place_name": "Vila uji",
            "place_type": "villa", "warrant_number": "SP-UJI/11/2026"}),
        ),
        (
            "finding",
            finding,
            json!({"region_code": "51.01.02", "inspection_id": inspection, "subject_id": subject,
            "violations": ["overstay", "political_activity"], "recommended_action": "deportation"}),
        ),
        // Finalized, the finding is decided by the office: a fee instead of deportation.
        ("inspection", inspection, json!({"status": "final"})),
        (
            "decision",
            decision_id(finding),
            json!({"region_code": "51.01.02", "finding_id": finding, "state": "decided",
            "decided_action": "overstay_fee", "decision_number": "KEP-UJI/11/2026",
            "decision_date": "2026-11-13", "decided_by": Uuid::now_v7()}),
        ),
        // An election in the regency that month: the report gains section V.
        (
            "election_period",
            Uuid::now_v7(),
            json!({"region_code": "51.01", "name": "Pemilihan Uji (contoh)", "campaign_start": "2026-11-01",
            "campaign_end": "2026-11-21", "voting_day": "2026-11-27"}),
        ),
        // The same month a year before, for the trends.
        (
            "inspection",
            Uuid::now_v7(),
            json!({"region_code": "51.01.04", "started_at": "2025-11-20T09:00:00+08:00", "place_name": "Hotel uji",
            "place_type": "hotel", "warrant_number": "SP-UJI/11/2025"}),
        ),
    ];
    let mutations: Vec<_> = records
        .into_iter()
        .enumerate()
        .map(|(n, (entity, id, fields))| {
            let hlc = Hlc { millis, counter: n as u32, device };
            json!({"op_id": Uuid::now_v7(), "entity": entity, "id": id, "hlc": hlc.to_string(), "fields": fields})
        })
        .collect();
    let (status, body) = coordinator
        .call(
            "/api/sync/push",
            Some(json!({"device_id": device, "mutations": mutations})),
        )
        .await?;
    anyhow::ensure!(status == 200, "push: {status} {body}");
    anyhow::ensure!(
        body["results"]
            .as_array()
            .is_some_and(|r| r.iter().all(|r| r["status"] == "applied")),
        "push: {body}"
    );
    Ok(())
}

/// A served product with Jembrana's coordinator, the Kanwil, and the month's records;
/// the Kanwil signed in as a device.
async fn serving_a_month_of_work() -> anyhow::Result<(Product, NativeDevice)> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[("koordinator", "coordinator", "IMIGRASI")],
    )?;
    product.team("kanwil-bali", "51", &[("kanwil", "central", "KANWIL")])?;
    product.serve()?;
    let coordinator = NativeDevice::sign_in(&product.url, "koordinator", PASSWORD).await?;
    a_month_of_work(&coordinator).await?;
    let kanwil = NativeDevice::sign_in(&product.url, "kanwil", PASSWORD).await?;
    Ok((product, kanwil))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kanwil_prints_a_teams_monthly_report() -> anyhow::Result<()> {
    let (product, kanwil) = serving_a_month_of_work().await?;
    let (status, api) = kanwil
        .call("/api/reports/monthly?team=jembrana&month=2026-11", None)
        .await?;
    anyhow::ensure!(status == 200, "report: {status} {api}");
    assert_eq!(api["inspections_by_place_type"]["total"], 1, "{api}");

    let browser = Browser::start().await?;
    browser
        .sign_in_at(
            &product.url,
            "/kantor/laporan?team=jembrana&month=2026-11",
            "kanwil",
        )
        .await?;
    browser
        .wait_for_text(
            "#report-period",
            "Periode 2026-11 (2026-11-01 – 2026-11-30)",
        )
        .await?;
    browser
        .wait_for_text("#report-team", "Tim uji jembrana — Kabupaten Jembrana")
        .await?;
    // I. The month's Rakor, not last month's, with the agencies that came.
    let meetings = browser
        .wait_for_text("#report-meetings", "Kewaspadaan Pemilu (uji)")
        .await?;
    assert!(meetings.contains("KPU, Bawaslu"), "{meetings}");
    assert!(
        meetings.contains("Patroli gabungan ke vila (uji)"),
        "{meetings}"
    );
    assert!(!meetings.contains("Rakor bulan lalu"), "{meetings}");
    // II. Checks by place type with the API's total, and the written order.
    browser
        .wait_for_text("#report-warrants", "SP-UJI/11/2026")
        .await?;
    let places = browser.wait_for_text("#report-places", "Vila").await?;
    assert!(
        places.contains("Jumlah\t1") || places.contains("Jumlah 1"),
        "{places}"
    );
    browser
        .wait_for_text("#report-foreigners", "Australia")
        .await?;
    // The map: the month's one check in its district, none in the others.
    let district = browser
        .find("#report-map path[data-region='51.01.02']")
        .await?;
    assert_eq!(district.attr("data-count").await?.as_deref(), Some("1"));
    assert_eq!(district.attr("data-class").await?.as_deref(), Some("5"));
    let areas = browser
        .client
        .find_all(fantoccini::Locator::Css("#report-map path.map-area"))
        .await?;
    assert!(areas.len() >= 5, "Jembrana's districts: {}", areas.len());
    // III. The violation, and the action recommended beside the one decided.
    browser
        .wait_for_text("#report-violation-table", "Melebihi izin tinggal")
        .await?;
    let actions = browser
        .wait_for_text("#report-actions", "Deportasi")
        .await?;
    assert!(actions.contains("Pengenaan biaya beban"), "{actions}");
    // IV. The follow-up with its owner and status.
    let follow_ups = browser
        .wait_for_text("#report-follow-ups", "Data vila disampaikan (uji)")
        .await?;
    assert!(follow_ups.contains("Dalam proses"), "{follow_ups}");
    // V. The election watch, with the month's election period.
    let election = browser
        .wait_for_text("#report-election", "V. Pengawasan pemilu")
        .await?;
    assert!(election.contains("Pemilihan Uji (contoh)"), "{election}");
    assert!(election.contains("Pemeriksaan di TPS"), "{election}");
    browser.wait_for_text("#report-as-of", "Data per").await?;
    // The signed-record log's checkpoint, under the server's key as the server states it.
    let (_, health) = kanwil.call("/api/health", None).await?;
    let key = health["log_public_key"].as_str().unwrap_or("missing");
    browser
        .wait_for_text("#report-log-checkpoint", "Titik periksa log")
        .await?;
    browser.wait_for_text("#checkpoint-key", key).await?;
    assert_eq!(api["log_checkpoint"]["server_key"], key, "{api}");

    // The choice is in the address: a reload shows the same report.
    browser.client.refresh().await?;
    browser
        .wait_for_text("#report-period", "Periode 2026-11")
        .await?;
    browser
        .wait_for_text("#report-warrants", "SP-UJI/11/2026")
        .await?;

    // The recap workbook downloads with the same figures, one sheet per table.
    let downloads = tempfile::tempdir()?;
    browser
        .cdp(
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": downloads.path().display().to_string()}),
        )
        .await?;
    browser.click("#report-xlsx").await?;
    let file = downloads
        .path()
        .join("laporan-bulanan-jembrana-2026-11.xlsx");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !file.exists() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&file)?;
    let places = calamine::Reader::worksheet_range(&mut workbook, "II Jenis tempat")?;
    let rows: Vec<Vec<String>> = places
        .rows()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect();
    assert_eq!(rows[1], ["Vila", "1"], "{rows:?}");
    assert_eq!(rows[2], ["Jumlah", "1"], "{rows:?}");
    // Agencies read by their names, as on the screen.
    let meetings = calamine::Reader::worksheet_range(&mut workbook, "I Rakor")?;
    let attended: Vec<String> = meetings
        .rows()
        .skip(1)
        .map(|row| row.get(4).map(|cell| cell.to_string()).unwrap_or_default())
        .collect();
    assert!(
        attended.iter().any(|cell| cell == "KPU; Bawaslu"),
        "{attended:?}"
    );

    // It prints: a PDF of the page, as the browser's print makes it.
    let pdf = browser
        .client
        .print(fantoccini::wd::PrintConfiguration::default())
        .await?;
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    assert!(pdf.len() > 5_000, "{} bytes", pdf.len());

    // On a phone the preview fits the screen: only a wide table scrolls, inside itself.
    browser.client.set_window_size(390, 844).await?;
    browser.client.refresh().await?;
    browser
        .wait_for_text("#report-log-checkpoint", "Titik periksa log")
        .await?;
    let fits = browser
        .wait_until(
            "document.documentElement.scrollWidth <= window.innerWidth",
            10,
        )
        .await;
    if fits.is_err() {
        // Name the outermost elements that reach past the screen's edge.
        let wide = browser
            .client
            .execute(
                "return Array.from(document.querySelectorAll('body *'))
                   .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
                   .filter((e) => !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth + 1))
                   .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`);",
                vec![],
            )
            .await?;
        anyhow::bail!("the report is wider than a phone's screen: {wide}");
    }
    browser.keep_screenshot("monthly-report-phone").await;
    browser.client.clone().close().await?;
    Ok(())
}

/// The figure a summary card shows under `part` (`summary-figure`, `summary-year`).
async fn card_text(browser: &Browser, card: &str, part: &str) -> anyhow::Result<String> {
    Ok(browser
        .find(&format!(".summary-card[data-card='{card}'] .{part}"))
        .await?
        .text()
        .await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_summary_shows_the_regions_figures_as_the_api_counts_them() -> anyhow::Result<()> {
    let (product, kanwil) = serving_a_month_of_work().await?;

    let browser = Browser::start().await?;
    browser
        .sign_in_at(&product.url, "/kantor/ringkasan", "kanwil")
        .await?;
    let period = browser
        .wait_for_text("#summary-period", "11 bulan sebelumnya")
        .await?;
    // "… 2025-12 – 2026-12": the first and last month shown.
    let months: Vec<&str> = period
        .split_whitespace()
        .filter(|word| word.len() == 7 && word.as_bytes()[4] == b'-')
        .collect();
    let (first, last) = (months[0], months[1]);
    for (card, question) in [
        ("inspections", "measure=inspections"),
        ("findings", "measure=findings"),
        ("violations", "measure=violations"),
        ("actions_recommended", "measure=actions&stage=recommended"),
        ("actions_decided", "measure=actions&stage=decided"),
        (
            "overstay_fees",
            "measure=actions&stage=decided&action=overstay_fee",
        ),
        (
            "political_activity",
            "measure=violations&violation=political_activity",
        ),
        ("meetings", "measure=meetings"),
        ("follow_ups", "measure=follow_ups"),
    ] {
        let (status, answer) = kanwil
            .call(
                &format!("/api/stats?{question}&by=month&from={first}-01&to=9999-12-31"),
                None,
            )
            .await?;
        anyhow::ensure!(status == 200, "{card}: {answer}");
        let this_month = answer["rows"]
            .as_array()
            .and_then(|rows| rows.iter().find(|row| row["keys"][0] == last))
            .map_or(0, |row| row["count"].as_i64().unwrap_or(0));
        let in_window: i64 = answer["rows"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .filter(|row| row["keys"][0].as_str().is_some_and(|m| m <= last))
                    .map(|row| row["count"].as_i64().unwrap_or(0))
                    .sum()
            })
            .unwrap_or(0);
        assert_eq!(
            card_text(&browser, card, "summary-figure").await?,
            this_month.to_string(),
            "{card}"
        );
        assert_eq!(
            card_text(&browser, card, "summary-year").await?,
            format!("12 bulan: {in_window}"),
            "{card}"
        );
    }
    // The one finding: deportation recommended, an overstay fee decided.
    assert_eq!(
        card_text(&browser, "overstay_fees", "summary-year").await?,
        "12 bulan: 1"
    );
    // The one foreign national, by permit; the follow-up still in progress.
    browser
        .wait_for_text("#summary-permits", "Izin Tinggal Kunjungan")
        .await?;
    browser
        .wait_for_text("#summary-subjects-total", "1")
        .await?;
    browser.wait_for_text("#follow-ups-open", "1").await?;

    // The filter bar narrows every card whose measure has the dimension, as the API
    // counts it; the others say the filter does not apply. A reload keeps the choice.
    browser
        .find("#filter-place_type option[value='villa']")
        .await?;
    browser
        .find("#filter-place_type")
        .await?
        .select_by_value("villa")
        .await?;
    for reloaded in [false, true] {
        if reloaded {
            let url = browser.client.current_url().await?;
            assert!(url.as_str().contains("place_type=villa"), "{url}");
            browser.client.goto(url.as_str()).await?;
        }
        for (card, question) in [
            ("inspections", "measure=inspections&place_type=villa"),
            ("findings", "measure=findings&place_type=villa"),
            (
                "actions_decided",
                "measure=actions&stage=decided&place_type=villa",
            ),
        ] {
            let (status, answer) = kanwil
                .call(
                    &format!("/api/stats?{question}&from={first}-01&to=9999-12-31"),
                    None,
                )
                .await?;
            anyhow::ensure!(status == 200, "{card}: {answer}");
            browser
                .wait_for_text(
                    &format!(".summary-card[data-card='{card}'] .summary-year"),
                    &format!("12 bulan: {}", answer["total"]),
                )
                .await?;
        }
        for card in ["meetings", "follow_ups", "follow_ups_open"] {
            browser
                .wait_for_text(
                    &format!(".summary-card[data-card='{card}'] .summary-unfiltered"),
                    "tidak berlaku untuk angka ini: Jenis tempat",
                )
                .await?;
        }
    }
    // The region chosen elsewhere (Buleleng, where nothing happened) narrows it too.
    browser
        .client
        .goto(&format!("{}/kantor/ringkasan?region=51.08", product.url))
        .await?;
    browser.wait_for_text("#filter-region", "Buleleng").await?;
    browser
        .wait_for_text(
            ".summary-card[data-card='inspections'] .summary-year",
            "12 bulan: 0",
        )
        .await?;
    browser.client.clone().close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trend_sets_each_month_beside_the_year_before() -> anyhow::Result<()> {
    let (product, kanwil) = serving_a_month_of_work().await?;
    let browser = Browser::start().await?;
    browser
        .sign_in_at(&product.url, "/kantor/tren?measure=inspections", "kanwil")
        .await?;
    browser
        .wait_for_text("#trend-table", "November 2026")
        .await?;
    let (status, answer) = kanwil
        .call(
            "/api/stats?measure=inspections&by=month&from=2024-01-01&to=9999-12-31",
            None,
        )
        .await?;
    anyhow::ensure!(status == 200, "{answer}");
    let count_in = |month: &str| {
        answer["rows"]
            .as_array()
            .and_then(|rows| rows.iter().find(|row| row["keys"][0] == month))
            .map_or(0, |row| row["count"].as_i64().unwrap_or(0))
    };
    let cell = async |month: &str, class: &str| -> anyhow::Result<String> {
        Ok(browser
            .find(&format!("#trend-table tr[data-month='{month}'] .{class}"))
            .await?
            .text()
            .await?)
    };
    for (month, before) in [("2026-11", "2025-11"), ("2026-10", "2025-10")] {
        assert_eq!(
            cell(month, "trend-count").await?,
            count_in(month).to_string()
        );
        assert_eq!(
            cell(month, "trend-year-before").await?,
            count_in(before).to_string()
        );
    }
    assert_eq!(cell("2026-11", "trend-count").await?, "1");
    assert_eq!(cell("2026-11", "trend-year-before").await?, "1");
    // The chart draws a pair of bars for each of the twelve months.
    let bars = browser
        .client
        .find_all(fantoccini::Locator::Css(".trend-chart .trend-month"))
        .await?;
    assert_eq!(bars.len(), 12);

    // Another measure, and the choice survives a reload through the address.
    browser
        .client
        .find(fantoccini::Locator::Css(
            "#trend-measure option[value='meetings']",
        ))
        .await?
        .click()
        .await?;
    browser.wait_for_text("#trend-total", "2").await?;
    browser.client.refresh().await?;
    browser.wait_for_text("#trend-total", "2").await?;
    let url = browser.client.current_url().await?;
    assert!(url.as_str().contains("measure=meetings"), "{url}");
    browser.client.clone().close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_team_shows_its_rakor_follow_ups_and_last_contact() -> anyhow::Result<()> {
    let (product, kanwil) = serving_a_month_of_work().await?;
    // A team whose tablets have never been in touch.
    product.team(
        "buleleng",
        "51.08",
        &[("koordinator-buleleng", "coordinator", "IMIGRASI")],
    )?;
    let browser = Browser::start().await?;
    browser
        .sign_in_at(&product.url, "/kantor/tim", "kanwil")
        .await?;
    let jembrana = "article[data-team='jembrana']";
    browser
        .wait_for_text(&format!("{jembrana} .team-meetings-held"), "2")
        .await?;
    let (status, meetings) = kanwil
        .call(
            "/api/stats?measure=meetings&by=agency&region=51.01&from=2025-12-01&to=9999-12-31",
            None,
        )
        .await?;
    anyhow::ensure!(status == 200, "{meetings}");
    assert_eq!(meetings["total"], 2, "{meetings}");
    let text =
        async |css: &str| -> anyhow::Result<String> { Ok(browser.find(css).await?.text().await?) };
    // KPU attended one of the two Rakor, and owns the follow-up still in progress.
    assert_eq!(
        text(&format!(
            "{jembrana} .team-attendance tr[data-agency='KPU'] td"
        ))
        .await?,
        "1 / 2"
    );
    assert_eq!(
        text(&format!(
            "{jembrana} .team-follow-ups tr[data-agency='KPU'] td[data-status='in_progress']"
        ))
        .await?,
        "1"
    );
    assert!(
        !text(&format!("{jembrana} .team-contact"))
            .await?
            .contains("belum pernah"),
        "Jembrana's coordinator signed in"
    );
    let buleleng = "article[data-team='buleleng']";
    assert_eq!(text(&format!("{buleleng} .team-meetings-held")).await?, "0");
    assert!(
        text(&format!("{buleleng} .team-contact"))
            .await?
            .contains("belum pernah"),
        "no device of Buleleng's team was ever in touch"
    );
    // The Kanwil's own team is the province: its figures are the summary's, not a card.
    let cards = browser
        .client
        .find_all(fantoccini::Locator::Css("article.team-card"))
        .await?;
    assert_eq!(cards.len(), 2);
    browser.client.clone().close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_server_the_last_figures_show_with_their_time() -> anyhow::Result<()> {
    let (mut product, _kanwil) = serving_a_month_of_work().await?;
    let browser = Browser::start().await?;
    browser
        .sign_in_at(&product.url, "/kantor/ringkasan", "kanwil")
        .await?;
    browser
        .wait_for_text("#summary-period", "11 bulan sebelumnya")
        .await?;
    let figure = |card: &'static str| card_text(&browser, card, "summary-year");
    let (inspections, fees) = (figure("inspections").await?, figure("overstay_fees").await?);
    // The office screens are kept once the service worker says so.
    browser
        .wait_until("document.documentElement.dataset.officeKept === '1'", 30)
        .await?;
    assert!(
        browser
            .client
            .find(fantoccini::Locator::Css("#offline-figures"))
            .await
            .is_err(),
        "online, nothing is said about kept figures"
    );

    product.stop();
    browser.client.refresh().await?;
    browser
        .wait_for_text("#offline-figures", "data per")
        .await?;
    browser
        .wait_for_text("#summary-period", "11 bulan sebelumnya")
        .await?;
    assert_eq!(figure("inspections").await?, inspections);
    assert_eq!(figure("overstay_fees").await?, fees);

    // A question never asked before has nothing kept: it says the server is unreachable.
    browser
        .client
        .goto(&format!("{}/kantor/tim", product.url))
        .await?;
    browser.wait_for_text("#teams-error", "server").await?;
    browser.client.clone().close().await?;
    Ok(())
}
