//! After the field: a finalized finding with overstay reaches the office's review queue.
//! The coordinator opens it, sees it was signed on the tablet and is as signed, is told
//! what a decision lacks, and decides deportation; the Kanwil sees the decision and no
//! button to change it; the field tablet pulls it and the officer sees it on the
//! inspection's page.

use pantau_e2e::device::{NativeDevice, fields};
use pantau_e2e::{Browser, PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// A valid PNG of one transparent pixel.
const ONE_PIXEL_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44,
    0xae, 0x42, 0x60, 0x82,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_decides_a_finding_and_the_kanwil_reads_it() -> anyhow::Result<()> {
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

    // Ten days ago Ayu found a foreign national 70 days past his permit, recommended
    // deportation and finalized the inspection.
    let bali = time::macros::offset!(+8);
    let inspected = time::OffsetDateTime::now_utc().to_offset(bali) - time::Duration::days(10);
    let expired = inspected.date() - time::Duration::days(70);
    let mut ayu = NativeDevice::sign_in_signing(&product.url, "ayu", PASSWORD).await?;
    // A photo of the passport page: a made-up image of one pixel.
    let photo = ONE_PIXEL_PNG.to_vec();
    let sha = pantau_e2e::sha256_hex(&photo);
    ayu.upload(&sha, "image/png", "51.01.04", photo).await?;
    let (subject, inspection, finding) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    ayu.edit(
        EntityKind::Subject,
        subject,
        fields(
            json!({"region_code": "51.01.04", "full_name": "CONTOH TINJAU KASUS",
            "nationality": "NZL", "passport_number": "DM5556667", "permit_type": "ITK",
            "permit_expiry": expired.to_string()}),
        ),
    )?;
    ayu.edit(
        EntityKind::Inspection,
        inspection,
        fields(
            json!({"region_code": "51.01.04", "started_at": inspected.format(&Rfc3339)?,
            "place_name": "Vila Contoh Tinjau", "warrant_number": "SPRIN/UJI/77"}),
        ),
    )?;
    ayu.edit(
        EntityKind::Finding,
        finding,
        fields(
            json!({"region_code": "51.01.04", "inspection_id": inspection,
            "subject_id": subject, "violations": ["overstay"],
            "recommended_action": "deportation", "photos": [sha]}),
        ),
    )?;
    ayu.edit(
        EntityKind::Inspection,
        inspection,
        fields(json!({"status": "final"})),
    )?;
    ayu.sign_finalization(inspection)?;
    ayu.sync().await?;

    // The office marks reviews overdue after a week; ten days have passed.
    let policy = product.run(&["review", "policy", "--overdue-days", "7"], "")?;
    assert_eq!(policy.trim(), "--overdue-days 7");

    // The coordinator's queue holds it, overdue; a decision without its number is refused.
    let office = Browser::start().await?;
    office
        .sign_in_at(&product.url, "/kantor/tinjauan", "kadek")
        .await?;
    let row = format!("#review-{finding}");
    office.wait_for_text(&row, "CONTOH TINJAU KASUS").await?;
    office.wait_for_text(&row, "Melebihi izin tinggal").await?;
    office.wait_for_text(&row, "Terlambat").await?;
    office.click(&format!("{row} button")).await?;
    office
        .wait_for_text(".case-detail", "70 hari · Rp70.000.000")
        .await?;
    // Signed on her tablet, logged with a receipt, and stored as she signed it.
    let signature = office
        .wait_for_text(
            "#case-signature",
            "Ditandatangani oleh Petugas ayu di native ayu, tanda terima #1",
        )
        .await?;
    assert!(!signature.contains("BERBEDA"), "{signature}");
    office.keep_screenshot("case-signature").await;
    // The photo is fetched with the session and drawn.
    office
        .wait_until(
            "[...document.querySelectorAll('.case-photo')] \
             .filter((photo) => photo.complete && photo.naturalWidth === 1).length === 1",
            10,
        )
        .await?;
    // The actions offered are the table's in force on the decision date.
    office
        .wait_until(
            "document.querySelector('#decided-action option[value=deportation]') !== null",
            10,
        )
        .await?;
    office
        .find("#decided-action")
        .await?
        .select_by_value("deportation")
        .await?;
    office.click("#save-decision").await?;
    office
        .wait_for_text("#decision-error", "Nomor keputusan: wajib diisi")
        .await?;
    office
        .find("#decision-number")
        .await?
        .send_keys("W20.IMI.1-GR.04.01-0077 (uji)")
        .await?;
    office.click("#save-decision").await?;
    office.find("#review-empty").await?;

    // Decided, it is on the decided list with the fee of the inspection's date.
    office
        .find("#review-filter")
        .await?
        .select_by_value("decided")
        .await?;
    office.click(&format!("{row} button")).await?;
    office.wait_for_text("#decision-facts", "Deportasi").await?;
    office
        .wait_for_text("#decision-facts", "Rp70.000.000")
        .await?;
    office.find("#close-form").await?;

    // The Kanwil reads the same decision, with no form and no button but the one that
    // opens the case.
    let kanwil = Browser::start().await?;
    kanwil
        .sign_in_at(&product.url, "/kantor/tinjauan", "kanwil")
        .await?;
    kanwil.find("#review-empty").await?;
    kanwil
        .find("#review-filter")
        .await?
        .select_by_value("decided")
        .await?;
    kanwil.click(&format!("{row} button")).await?;
    kanwil
        .wait_for_text("#decision-facts", "W20.IMI.1-GR.04.01-0077 (uji)")
        .await?;
    let writable = kanwil
        .client
        .execute(
            "return document.querySelectorAll('main form, main input, .case button').length;",
            vec![],
        )
        .await?;
    assert_eq!(
        writable.as_i64(),
        Some(0),
        "the Kanwil sees no write control"
    );

    // The field tablet pulls the decision.
    ayu.sync().await?;
    let decision = ayu
        .state
        .records()
        .find(|r| r.entity == "decision" && r.is_live())
        .map(|r| r.fields.clone())
        .expect("the tablet holds the decision");
    assert_eq!(decision["decided_action"], json!("deportation"));
    assert_eq!(decision["state"], json!("decided"));

    // On her other tablet, the inspection's page shows the office's decision.
    let field = Browser::start().await?;
    field.sign_in(&product.url, "ayu", PASSWORD).await?;
    field
        .client
        .goto(&format!("{}/pemeriksaan/{inspection}", product.url))
        .await?;
    field.pass_lock().await?;
    let line = field
        .wait_for_text(
            &format!("#decision-{finding}"),
            "Keputusan kantor: Deportasi",
        )
        .await?;
    assert!(
        line.contains("W20.IMI.1-GR.04.01-0077 (uji)") && line.contains("Diputuskan"),
        "{line}"
    );
    field.keep_screenshot("field-decision").await;
    field.client.clone().close().await?;

    // In the field app the Kanwil reads the province: the decision shows, and nothing
    // offers a write the server would refuse.
    kanwil.sign_in(&product.url, "kanwil", PASSWORD).await?;
    let no_write_control = |page: &'static str| {
        let kanwil = &kanwil;
        async move {
            let found = kanwil
                .client
                .execute(
                    "return document.querySelectorAll('#register-subject, #start-inspection, \
                     #edit-subject, #edit-inspection, #amendment-form, #finalize, \
                     .photo-input, #new-meeting').length;",
                    vec![],
                )
                .await?;
            anyhow::ensure!(
                found.as_i64() == Some(0),
                "{page} offers the Kanwil a write"
            );
            anyhow::Ok(())
        }
    };
    kanwil.find("#welcome").await?;
    no_write_control("home").await?;
    for (nav, page) in [
        ("#nav-subjects", "subjects"),
        ("#nav-inspections", "inspections"),
    ] {
        kanwil.click(nav).await?;
        kanwil.find("main h1").await?;
        no_write_control(page).await?;
    }
    kanwil
        .client
        .goto(&format!("{}/pemeriksaan/{inspection}", product.url))
        .await?;
    kanwil.pass_lock().await?;
    kanwil
        .wait_for_text(
            &format!("#decision-{finding}"),
            "Keputusan kantor: Deportasi",
        )
        .await?;
    no_write_control("the inspection").await?;
    kanwil
        .client
        .goto(&format!("{}/orang-asing/{subject}", product.url))
        .await?;
    kanwil.pass_lock().await?;
    kanwil
        .wait_for_text("#detail-name", "CONTOH TINJAU KASUS")
        .await?;
    no_write_control("the foreign national").await?;
    // A form reached by its address says why instead.
    kanwil
        .client
        .goto(&format!("{}/orang-asing/baru", product.url))
        .await?;
    kanwil.pass_lock().await?;
    kanwil
        .wait_for_text("#read-only", "hanya dapat membaca")
        .await?;
    kanwil.client.clone().close().await?;
    Ok(())
}
