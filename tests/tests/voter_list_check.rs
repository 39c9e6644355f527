//! The voter-list cross-check on the office screen, in headless Chromium against the demo:
//! Jembrana's coordinator uploads the sample voter-list extract in the repository, sees
//! the matches, the rows that could not be checked and the region's NIK holders, marks
//! one match naturalised (the note is asked for first) and one reported, downloads and
//! prints the annex to the letter, and checks the same file again without losing a
//! review.

use pantau_e2e::{Browser, Product, workspace_root};
use serde_json::json;

const DEMO_PASSWORD: &str = "demo-pantau";

/// The id of the matches table's row whose text holds `name`.
async fn row_of(office: &Browser, name: &str) -> anyhow::Result<String> {
    let id = office
        .client
        .execute(
            "return [...document.querySelectorAll('#dpt-matches tbody tr')] \
             .find((row) => row.textContent.includes(arguments[0]))?.id ?? null",
            vec![json!(name)],
        )
        .await?;
    id.as_str()
        .map(|id| format!("#{id}"))
        .ok_or_else(|| anyhow::anyhow!("no match row for {name}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coordinator_checks_the_voter_list_and_reviews_the_matches() -> anyhow::Result<()> {
    let mut demo = Product::new()?;
    demo.serve_demo()?;
    let office = Browser::start().await?;
    office
        .client
        .goto(&format!("{}/kantor/dpt", demo.url))
        .await?;
    office
        .find("#username")
        .await?
        .send_keys("koordinator")
        .await?;
    office
        .find("#password")
        .await?
        .send_keys(DEMO_PASSWORD)
        .await?;
    office.click("#login-submit").await?;
    office.wait_for_text("h1", "Cek DPT").await?;

    // The sample extract: 33 rows, five of them foreign nationals of Jembrana.
    let sample = workspace_root().join("docs/examples/dpt-contoh-jembrana.csv");
    office
        .find("#dpt-file")
        .await?
        .send_keys(&sample.display().to_string())
        .await?;
    office.click("#dpt-check").await?;
    let summary = office.wait_for_text("#dpt-summary", "5 (5 baru)").await?;
    assert!(summary.contains("33"), "{summary}");
    // The short NIK, the impossible date and the empty name, by line and column.
    let problems = office.wait_for_text("#dpt-problems", "23").await?;
    for expected in [
        "nik",
        "29",
        "tanggal_lahir",
        "30",
        "nama",
        "NIK harus 16 angka",
    ] {
        assert!(problems.contains(expected), "{expected}: {problems}");
    }
    office
        .wait_for_element_count(
            "#dpt-matches tbody tr",
            5,
            "#dpt-matches",
            "Avery Pemilih Contoh",
        )
        .await?;
    let jordan = row_of(&office, "Jordan Pemilih Fiktif").await?;
    office.wait_for_text(&jordan, "ITAP sudah berakhir").await?;
    let kim = row_of(&office, "Kim Pemilih Sampel").await?;
    office.wait_for_text(&kim, "Bukan pemegang ITAP").await?;
    let renee = row_of(&office, "Renée Tanpa-NIK Contoh").await?;
    office
        .wait_for_text(&renee, "Nama dan tanggal lahir sama")
        .await?;
    let morgan = row_of(&office, "Morgan Naturalisasi Contoh").await?;
    office.wait_for_text(&morgan, "Tercatat sudah WNI").await?;

    // The region's NIK holders: the one who holds no ITAP at all comes first.
    office
        .wait_for_text("#nik-holders tbody tr:first-child", "Kim Pemilih Sampel")
        .await?;
    office
        .wait_for_text("#nik-holders tbody tr:first-child", "Bukan pemegang ITAP")
        .await?;

    // Naturalised asks for the note first, then is kept with who said so.
    office
        .find(&format!("{morgan} .match-next"))
        .await?
        .select_by_value("naturalised")
        .await?;
    office.click(&format!("{morgan} .match-save")).await?;
    office
        .wait_for_text(&morgan, "Catatan (wajib untuk naturalisasi): wajib diisi")
        .await?;
    office
        .find(&format!("{morgan} .match-note"))
        .await?
        .send_keys("Keppres kewarganegaraan contoh")
        .await?;
    office.click(&format!("{morgan} .match-save")).await?;
    office
        .wait_until(
            &format!("document.querySelector('{morgan}')?.dataset.status === 'naturalised'"),
            10,
        )
        .await?;
    let morgan_row = office
        .wait_for_text(&morgan, "Keppres kewarganegaraan contoh")
        .await?;
    assert!(morgan_row.contains("Koordinator"), "{morgan_row}");

    // Jordan, whose ITAP has ended, is reported to KPU and Bawaslu.
    office
        .find(&format!("{jordan} .match-next"))
        .await?
        .select_by_value("reported")
        .await?;
    office.click(&format!("{jordan} .match-save")).await?;
    // The status list offers that text before the save: wait for the saved status.
    office
        .wait_until(
            &format!("document.querySelector('{jordan}')?.dataset.status === 'reported'"),
            10,
        )
        .await?;
    office
        .wait_for_text(&jordan, "Dilaporkan ke KPU/Bawaslu")
        .await?;

    // The annex holds the reported match and nothing else.
    let downloads = tempfile::tempdir()?;
    office
        .cdp(
            "Browser.setDownloadBehavior",
            json!({"behavior": "allow", "downloadPath": downloads.path().display().to_string()}),
        )
        .await?;
    office.click("#dpt-annex").await?;
    let file = downloads.path().join("lampiran-dpt-51-01.xlsx");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !file.exists() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(&file)?;
    let annex = calamine::Reader::worksheet_range(&mut workbook, "Lampiran DPT")?;
    let rows: Vec<Vec<String>> = annex
        .rows()
        .map(|row| row.iter().map(|cell| cell.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][1], "5101021203750002", "{rows:?}");
    assert_eq!(rows[1][5], "Jordan Pemilih Fiktif", "{rows:?}");
    // And the same rows printed under the office's header.
    office.click("#dpt-print-annex").await?;
    let printed = office
        .wait_for_text("#dpt-annex-page", "Jordan Pemilih Fiktif")
        .await?;
    // The title is set in capitals by the stylesheet.
    for expected in [
        "kantor wilayah bali",
        "daftar pemilih tetap",
        "5101021203750002",
    ] {
        assert!(
            printed.to_lowercase().contains(expected),
            "{expected}: {printed}"
        );
    }
    assert_eq!(
        office
            .client
            .find_all(fantoccini::Locator::Css("#dpt-annex-table tbody tr"))
            .await?
            .len(),
        1
    );
    office.click("#dpt-annex-close").await?;

    // The same file checked again: no new match, and the reviews stand.
    office.click("#dpt-check").await?;
    office.wait_for_text("#dpt-summary", "5 (0 baru)").await?;
    office
        .wait_for_text(&jordan, "Dilaporkan ke KPU/Bawaslu")
        .await?;
    office
        .wait_until(
            &format!("document.querySelector('{morgan}')?.dataset.status === 'naturalised'"),
            10,
        )
        .await?;
    office.client.clone().close().await?;
    Ok(())
}
