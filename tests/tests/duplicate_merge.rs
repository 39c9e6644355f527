//! One person registered twice, offline, on two tablets: after both sync, the
//! coordinator finds the pair on the office's review screen and merges it; then each
//! tablet shows one person, and that person's page lists both inspections.

use pantau_e2e::device::{NativeDevice, fields};
use pantau_e2e::{Browser, PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::json;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tablets_register_one_person_and_the_office_merges_them() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("ayu", "field", "IMIGRASI"),
            ("made", "field", "POLRES"),
            ("kadek", "coordinator", "IMIGRASI"),
        ],
    )?;
    product.serve()?;

    // Ayu's tablet, offline: she registers the person and checks her at a villa.
    let tablet = Browser::start().await?;
    tablet.sign_in(&product.url, "ayu", PASSWORD).await?;
    tablet.set_offline(true).await?;
    tablet.click("#nav-subjects").await?;
    tablet.click("#register-subject").await?;
    for (field, value) in [
        ("#full_name", "CONTOH GANDA SATU"),
        ("#nationality", "NZL"),
        ("#passport_number", "DM7778889"),
        ("#region_code", "51.01.04"),
    ] {
        tablet.find(field).await?.send_keys(value).await?;
    }
    tablet.click("#subject-save").await?;
    tablet
        .wait_for_text("#detail-name", "CONTOH GANDA SATU")
        .await?;
    tablet.click("#nav-inspections").await?;
    tablet.click("#start-inspection").await?;
    tablet
        .find("#place_name")
        .await?
        .send_keys("Vila Contoh Ayu")
        .await?;
    tablet
        .find("#region_code")
        .await?
        .send_keys("51.01.04")
        .await?;
    tablet.click("#inspection-save").await?;
    tablet
        .wait_for_text("#inspection-place", "Vila Contoh Ayu")
        .await?;
    tablet
        .find("#finding-subject-search")
        .await?
        .send_keys("ganda satu")
        .await?;
    tablet.click(".pick").await?;
    tablet
        .wait_for_text("#finding-chosen", "CONTOH GANDA SATU")
        .await?;
    tablet.click("#finding-save").await?;
    tablet
        .wait_for_text("#finding-list", "CONTOH GANDA SATU")
        .await?;

    // Made's tablet meets her too, elsewhere, and registers her again from the same
    // passport, her name written the other way round.
    let mut made = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;
    let (again, inspection, finding) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    made.edit(
        EntityKind::Subject,
        again,
        fields(
            json!({"region_code": "51.01.02", "full_name": "Satu Ganda Contoh",
            "nationality": "NZL", "passport_number": "DM7778889", "address": "Jl. Contoh Dua"}),
        ),
    )?;
    made.edit(
        EntityKind::Inspection,
        inspection,
        fields(
            json!({"region_code": "51.01.02", "started_at": "2026-11-30T09:00:00+08:00",
            "place_name": "Homestay Contoh Made"}),
        ),
    )?;
    made.edit(
        EntityKind::Finding,
        finding,
        fields(
            json!({"region_code": "51.01.02", "inspection_id": inspection,
            "subject_id": again}),
        ),
    )?;
    made.sync().await?;

    // Ayu is back online and syncs.
    tablet.set_offline(false).await?;
    tablet.click("#nav-sync").await?;
    tablet.click("#sync-now").await?;
    tablet.wait_for_number("#pending-count", 0).await?;

    // The coordinator sees one possible duplicate and merges it, keeping Ayu's record
    // and Made's address.
    tablet.sign_in_at(&product.url, "/kantor/", "kadek").await?;
    tablet.click("#nav-duplicates").await?;
    tablet
        .wait_for_element_count(".duplicate-pair", 1, "h1", "Orang asing")
        .await?;
    tablet
        .wait_for_text(
            ".duplicate-reasons",
            "nomor paspor dan kewarganegaraan sama",
        )
        .await?;
    let ayu_side = tablet
        .client
        .execute(
            "const pair = document.querySelector('.duplicate-pair');
             const names = Array.from(pair.querySelectorAll('tbody tr:first-child td'))
               .map((td) => td.textContent.trim());
             return names.indexOf('CONTOH GANDA SATU');",
            vec![],
        )
        .await?;
    let ayu_side = ayu_side.as_i64().unwrap_or(-1);
    assert!(ayu_side == 0 || ayu_side == 1, "Ayu's record is on screen");
    tablet
        .click(&format!(
            ".duplicate-pair input.keep[data-side='{ayu_side}']"
        ))
        .await?;
    tablet
        .click(&format!(
            ".duplicate-pair input[data-field=full_name][data-side='{ayu_side}']"
        ))
        .await?;
    tablet.click(".duplicate-pair .merge").await?;
    tablet
        .wait_for_text("#duplicate-outcome", "Digabungkan")
        .await?;
    tablet.find("#no-duplicates").await?;

    // Ayu's tablet: one person, with both inspections.
    tablet.client.goto(&product.url).await?;
    tablet.pass_lock().await?;
    tablet.click("#nav-sync").await?;
    tablet.click("#sync-now").await?;
    tablet.wait_for_number("#pending-count", 0).await?;
    tablet.search_subjects("ganda").await?;
    tablet
        .wait_for_element_count(
            "#subject-results li",
            1,
            "#subject-results",
            "CONTOH GANDA SATU",
        )
        .await?;
    tablet.click("#subject-results a").await?;
    tablet
        .wait_for_text("#detail-name", "CONTOH GANDA SATU")
        .await?;
    tablet
        .wait_for_text("#detail-address", "Jl. Contoh Dua")
        .await?;
    tablet
        .wait_for_element_count(
            "#subject-inspections li",
            2,
            "#subject-inspections",
            "Homestay Contoh Made",
        )
        .await?;
    tablet
        .wait_for_text("#subject-inspections", "Homestay Contoh Made")
        .await?;
    // Made's old link opens the person kept.
    tablet
        .client
        .goto(&format!("{}/orang-asing/{again}", product.url))
        .await?;
    tablet.pass_lock().await?;
    tablet
        .wait_for_text("#detail-name", "CONTOH GANDA SATU")
        .await?;

    // Made's tablet: one person too, and the finding now cites her.
    made.sync().await?;
    let live: Vec<String> = made
        .state
        .records()
        .filter(|r| r.entity == "subject" && r.is_live())
        .filter_map(|r| r.title().map(str::to_string))
        .collect();
    assert_eq!(live, ["CONTOH GANDA SATU"]);
    let cited = made
        .state
        .record(finding)
        .and_then(|r| r.text("subject_id").map(str::to_string));
    assert_ne!(cited, Some(again.to_string()));
    tablet.client.clone().close().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_sees_why_a_renewed_passport_is_the_same_person() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("ayu", "field", "IMIGRASI"),
            ("kadek", "coordinator", "IMIGRASI"),
        ],
    )?;
    product.serve()?;
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    let (renewed, old) = (Uuid::now_v7(), Uuid::now_v7());
    ayu.edit(
        EntityKind::Subject,
        renewed,
        fields(
            json!({"region_code": "51.01", "full_name": "CONTOH PERPANJANG",
            "nationality": "NZL", "passport_number": "LA1234567"}),
        ),
    )?;
    ayu.sync().await?;
    ayu.edit(
        EntityKind::Subject,
        renewed,
        fields(json!({"passport_number": "LB7654321"})),
    )?;
    ayu.edit(
        EntityKind::Subject,
        old,
        fields(json!({"region_code": "51.01", "full_name": "CONTOH LAMA",
            "nationality": "NZL", "passport_number": "LA1234567"})),
    )?;
    ayu.sync().await?;

    let browser = Browser::start().await?;
    browser
        .sign_in_at(&product.url, "/kantor/ganda", "kadek")
        .await?;
    browser
        .wait_for_text(".duplicate-pair", "Dokumen sebelumnya")
        .await?;
    browser
        .wait_for_text(".duplicate-pair", "NZL:LA1234567")
        .await?;
    browser
        .wait_for_text(
            ".duplicate-reasons",
            "nomor paspor dan kewarganegaraan sama",
        )
        .await?;
    browser.client.clone().close().await?;
    Ok(())
}
