//! Regulation tables as data, changed on the administrator's screen. The overstay fee
//! changes from next month, and a finding of last month still shows the fee of its own
//! date: to the coordinator who reviews it, and on the field tablet, which holds every
//! version of the rule. A new visa index code reaches the tablet's registration form,
//! leading to a stay permit type the administrator added the same way, and a code in
//! force is not retired without a successor. A member agency added on the same screen is
//! offered for new accounts and on the tablet's inspection form.

use pantau_e2e::device::{NativeDevice, fields};
use pantau_e2e::{Browser, PASSWORD, Product};
use pantau_shared::device::EditError;
use pantau_shared::sync::EntityKind;
use serde_json::json;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

/// Scrolls to `css` and keeps a screenshot of it, when screenshots are asked for.
async fn shown(browser: &Browser, css: &str, label: &str) -> anyhow::Result<()> {
    browser
        .client
        .execute(
            "document.querySelector(arguments[0]).scrollIntoView();",
            vec![json!(css)],
        )
        .await?;
    browser.keep_screenshot(label).await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_changes_the_fee_and_the_visa_codes_and_the_tablet_follows() -> anyhow::Result<()>
{
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("ayu", "field", "IMIGRASI"),
            ("kadek", "coordinator", "IMIGRASI"),
            ("root", "admin", "IMIGRASI"),
        ],
    )?;
    product.serve()?;

    // Last month Ayu found a foreign national 20 days past his permit and finalized.
    let bali = time::macros::offset!(+8);
    let now = time::OffsetDateTime::now_utc().to_offset(bali);
    let inspected = now.replace_day(1)? - time::Duration::days(10);
    let expired = inspected.date() - time::Duration::days(20);
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    let (subject, inspection, finding) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    ayu.edit(
        EntityKind::Subject,
        subject,
        fields(
            json!({"region_code": "51.01.04", "full_name": "CONTOH TARIF LAMA",
            "nationality": "NZL", "passport_number": "DM5550001", "permit_type": "ITK",
            "permit_expiry": expired.to_string()}),
        ),
    )?;
    ayu.edit(
        EntityKind::Inspection,
        inspection,
        fields(
            json!({"region_code": "51.01.04", "started_at": inspected.format(&Rfc3339)?,
            "place_name": "Vila Contoh Tarif", "warrant_number": "SPRIN/UJI/88"}),
        ),
    )?;
    ayu.edit(
        EntityKind::Finding,
        finding,
        fields(
            json!({"region_code": "51.01.04", "inspection_id": inspection,
            "subject_id": subject, "violations": ["overstay"],
            "recommended_action": "overstay_fee"}),
        ),
    )?;
    ayu.edit(
        EntityKind::Inspection,
        inspection,
        fields(json!({"status": "final"})),
    )?;
    ayu.sync().await?;

    // The administrator plans Rp2,000,000 a day from the first of next month (the day
    // the form offers), after a day in the past is refused by name.
    let admin = Browser::start().await?;
    admin.sign_in_at(&product.url, "/kantor/", "root").await?;
    admin
        .wait_for_text("#overstay-start", "Rp1.000.000")
        .await?;
    let next_month = admin.value_of("#overstay-from").await?;
    let first_of_next = if now.month() == time::Month::December {
        format!("{:04}-01-01", now.year() + 1)
    } else {
        format!("{:04}-{:02}-01", now.year(), u8::from(now.month()) + 1)
    };
    assert_eq!(next_month, first_of_next);
    let yesterday = (now.date() - time::Duration::days(1)).to_string();
    admin.set_value("#overstay-from", &yesterday).await?;
    admin.set_value("#overstay-fee", "2000000").await?;
    admin.set_value("#overstay-days", "30").await?;
    admin.click("#overstay-save").await?;
    admin
        .wait_for_text(
            "#overstay-outcome",
            "Berlaku sejak: harus hari ini atau sesudahnya",
        )
        .await?;
    admin
        .wait_for_element_count(
            "#overstay-rules tbody tr",
            1,
            "#overstay-start",
            "Rp1.000.000",
        )
        .await?;
    admin.set_value("#overstay-from", &first_of_next).await?;
    admin.click("#overstay-save").await?;
    admin
        .wait_for_text("#overstay-outcome", "Perubahan disimpan")
        .await?;
    let planned = format!("#overstay-{first_of_next}");
    admin.wait_for_text(&planned, "Rp2.000.000").await?;
    shown(&admin, "#admin-overstay", "overstay-rules").await?;
    let last_old_day = (time::Date::parse(
        &first_of_next,
        time::macros::format_description!("[year]-[month]-[day]"),
    )? - time::Duration::days(1))
    .to_string();
    admin
        .wait_for_text("#overstay-start", &last_old_day)
        .await?;
    let listed = product.run(&["overstay", "list"], "")?;
    assert!(
        listed
            .lines()
            .any(|line| line.starts_with(&first_of_next) && line.contains(" 2000000 ")),
        "{listed}"
    );

    // A new stay permit type from today, spelled as permit types are.
    for (input, text) in [
        ("#permit-code", "itku"),
        ("#permit-label-id", "Izin Tinggal Uji (fiktif)"),
        ("#permit-label-en", "Trial stay permit (fictitious)"),
    ] {
        admin.find(input).await?.send_keys(text).await?;
    }
    admin.click("#permit-add").await?;
    admin
        .wait_for_text("#permit-outcome", "Kode: 1–10 huruf kapital dan angka")
        .await?;
    admin.set_value("#permit-code", "ITKU").await?;
    admin.click("#permit-add").await?;
    admin
        .wait_for_text("#permit-ITKU", "Izin Tinggal Uji (fiktif)")
        .await?;
    shown(&admin, "#permit-admin", "permit-types").await?;
    let listed = product.run(&["permits", "list"], "")?;
    assert!(
        listed.lines().any(|line| line.starts_with("ITKU ")),
        "{listed}"
    );

    // A new visa index code from today, leading to the new permit type; a code in force
    // is retired only for a successor.
    admin.find("#visa-code").await?.send_keys("Z1").await?;
    admin
        .find("#visa-label-id")
        .await?
        .send_keys("Uji coba (fiktif)")
        .await?;
    admin
        .find("#visa-label-en")
        .await?
        .send_keys("Trial (fictitious)")
        .await?;
    admin
        .find("#visa-own")
        .await?
        .select_by_value("ITKU")
        .await?;
    admin.click("#visa-add").await?;
    admin.wait_for_text("#visa-Z1", "Uji coba (fiktif)").await?;
    admin
        .find("#visa-retire-code")
        .await?
        .select_by_value("C1")
        .await?;
    admin.click("#visa-retire").await?;
    admin
        .wait_for_text(
            "#visa-outcome",
            "Pengganti: wajib kode yang berlaku sehari sesudahnya",
        )
        .await?;
    admin.wait_for_text("#visa-C1", "Kunjungan wisata").await?;
    shown(&admin, "#visa-admin", "visa-indexes").await?;
    let c1_row = admin.find("#visa-C1").await?.text().await?;
    assert!(
        !c1_row.contains(&now.date().to_string()),
        "C1 stays in force: {c1_row}"
    );

    // A new administrative action from today, offered to the office by its name.
    admin
        .find("#action-code")
        .await?
        .send_keys("area_ban")
        .await?;
    admin
        .find("#action-label-id")
        .await?
        .send_keys("Larangan berada di wilayah (uji)")
        .await?;
    admin
        .find("#action-label-en")
        .await?
        .send_keys("Area ban (test)")
        .await?;
    admin.click("#action-add").await?;
    admin
        .wait_for_text("#action-area_ban", "Larangan berada di wilayah (uji)")
        .await?;
    let listed = product.run(&["actions", "list"], "")?;
    assert!(
        listed.lines().any(|line| line.starts_with("area_ban ")),
        "{listed}"
    );

    // A new violation code from today, the same way.
    for (input, text) in [
        ("#violation-code", "sham_sponsor"),
        ("#violation-label-id", "Penjamin palsu (uji)"),
        ("#violation-label-en", "Sham sponsor (test)"),
    ] {
        admin.find(input).await?.send_keys(text).await?;
    }
    admin.click("#violation-add").await?;
    admin
        .wait_for_text("#violation-sham_sponsor", "Penjamin palsu (uji)")
        .await?;
    let listed = product.run(&["violations", "list"], "")?;
    assert!(
        listed.lines().any(|line| line.starts_with("sham_sponsor ")),
        "{listed}"
    );

    // A new member agency from today, spelled as agencies are, offered for new accounts.
    for (input, text) in [
        ("#agency-code", "badan uji"),
        ("#agency-label-id", "Badan Uji (fiktif)"),
        ("#agency-label-en", "Trial agency (fictitious)"),
    ] {
        admin.find(input).await?.send_keys(text).await?;
    }
    admin.click("#agency-add").await?;
    admin
        .wait_for_text(
            "#agency-outcome",
            "Kode: 1–20 huruf kapital, angka dan garis bawah, diawali huruf",
        )
        .await?;
    admin.set_value("#agency-code", "BADAN_UJI").await?;
    admin.click("#agency-add").await?;
    admin
        .wait_for_text("#agency-BADAN_UJI", "Badan Uji (fiktif)")
        .await?;
    shown(&admin, "#agency-admin", "agencies").await?;
    admin
        .wait_for_text("#account-agency", "Badan Uji (fiktif)")
        .await?;
    let listed = product.run(&["agencies", "list"], "")?;
    assert!(
        listed.lines().any(|line| line.starts_with("BADAN_UJI ")),
        "{listed}"
    );

    // The coordinator reviews last month's finding at last month's fee.
    let office = Browser::start().await?;
    office
        .sign_in_at(&product.url, "/kantor/tinjauan", "kadek")
        .await?;
    let row = format!("#review-{finding}");
    office.wait_for_text(&row, "CONTOH TARIF LAMA").await?;
    office.click(&format!("{row} button")).await?;
    office
        .wait_for_text(".case-detail", "20 hari · Rp20.000.000")
        .await?;

    // The field tablet gets both versions with its sync and judges the finding alike.
    let field = Browser::start().await?;
    field.sign_in(&product.url, "ayu", PASSWORD).await?;
    field
        .wait_until(
            "(localStorage.getItem('pantau.overstay_rules') || '').includes('2000000')",
            30,
        )
        .await?;
    field
        .client
        .goto(&format!("{}/pemeriksaan/{inspection}", product.url))
        .await?;
    field.pass_lock().await?;
    field
        .wait_for_text("#finding-list", "20 hari · Rp20.000.000")
        .await?;
    // Its violations read by the table's names, and a correction of them offers the
    // code added today by its name.
    field
        .wait_for_text("#finding-list", "Melebihi izin tinggal (overstay)")
        .await?;
    field
        .find("#amendment-target")
        .await?
        .select_by_label("CONTOH TARIF LAMA")
        .await?;
    field
        .find("#amendment-field")
        .await?
        .select_by_value("violations")
        .await?;
    field
        .wait_for_text("#violations", "Penjamin palsu (uji)")
        .await?;

    // Registering a foreign national, the tablet offers the new code with its purpose,
    // and choosing it fills the stay permit it leads to.
    field.click("#nav-subjects").await?;
    field.click("#register-subject").await?;
    field
        .wait_for_text("#visa_code", "Z1 — Uji coba (fiktif)")
        .await?;
    field
        .find("#visa_code")
        .await?
        .select_by_value("Z1")
        .await?;
    field
        .wait_until(
            "document.getElementById('permit_type').value === 'ITKU'",
            10,
        )
        .await?;
    shown(&field, "#visa_code", "registration-visa-code").await?;
    // Saved, the registry shows the code with its purpose, and the server takes it.
    field
        .find("#full_name")
        .await?
        .send_keys("CONTOH VISA BARU")
        .await?;
    field
        .find("#region_code")
        .await?
        .send_keys("51.01.04")
        .await?;
    field.click("#subject-save").await?;
    field
        .wait_for_text("#detail-visa_code", "Z1 — Uji coba (fiktif)")
        .await?;
    field
        .wait_for_text("#detail-permit_type", "Izin Tinggal Uji (fiktif)")
        .await?;
    field.wait_for_number("#pending-count", 0).await?;
    ayu.sync().await?;
    let registered = ayu
        .state
        .records()
        .find(|r| r.entity == "subject" && r.text("full_name") == Some("CONTOH VISA BARU"))
        .map(|r| r.fields.clone());
    assert_eq!(
        registered.and_then(|fields| fields.get("visa_code").cloned()),
        Some(json!("Z1")),
        "the server holds the new registration with its visa code"
    );

    // A device judges the permit type it writes by the tables it last received, as the
    // server does: the new type is taken, an unknown one refused before it is queued.
    ayu.load_code_tables().await?;
    let queued = ayu.state.outbox().len();
    let person = |permit: &str| {
        fields(
            json!({"region_code": "51.01.04", "full_name": "CONTOH IZIN UJI",
            "nationality": "NZL", "passport_number": "DM5550002", "permit_type": permit}),
        )
    };
    match ayu.edit(EntityKind::Subject, Uuid::now_v7(), person("ITKX")) {
        Err(EditError::Invalid(error)) => assert_eq!(
            (error.field.as_str(), error.code()),
            ("permit_type", "not_allowed_value")
        ),
        other => anyhow::bail!("an unknown permit type was not refused: {other:?}"),
    }
    assert_eq!(ayu.state.outbox().len(), queued);
    ayu.edit(EntityKind::Subject, Uuid::now_v7(), person("ITKU"))?;
    let report = ayu.sync().await?;
    assert_eq!(report.rejected, 0, "{report:?}");

    // The agencies present at an inspection are chosen from the table: the tablet offers
    // the agency added today by its name, and a device refuses a code the table lacks.
    field
        .client
        .goto(&format!("{}/pemeriksaan/baru", product.url))
        .await?;
    field.pass_lock().await?;
    field
        .wait_for_text("#agencies", "Badan Uji (fiktif)")
        .await?;
    shown(&field, "#agencies", "inspection-agencies").await?;
    let started_at = now.format(&Rfc3339)?;
    let inspection_naming = |agency: &str| {
        fields(json!({"region_code": "51.01.04", "started_at": started_at,
            "place_name": "Vila Uji (fiktif)", "warrant_number": "SPRIN/UJI/009",
            "agencies": ["IMIGRASI", agency]}))
    };
    match ayu.edit(
        EntityKind::Inspection,
        Uuid::now_v7(),
        inspection_naming("TIDAK_ADA"),
    ) {
        Err(EditError::Invalid(error)) => assert_eq!(
            (error.field.as_str(), error.code()),
            ("agencies", "not_allowed_value")
        ),
        other => anyhow::bail!("an unknown agency was not refused: {other:?}"),
    }
    ayu.edit(
        EntityKind::Inspection,
        Uuid::now_v7(),
        inspection_naming("BADAN_UJI"),
    )?;
    let report = ayu.sync().await?;
    assert_eq!(report.rejected, 0, "{report:?}");
    Ok(())
}
