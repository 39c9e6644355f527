//! The field officer's day, offline: sign in, lose signal, register a foreign national
//! from the passport's MRZ (a mistyped check digit is caught on its field) in a region
//! chosen by its names, see the
//! overstay, reload the app with no network and find everything there, get signal back,
//! and watch it sync — then a teammate gets the record, over the API and in their own
//! browser.

use pantau_e2e::device::NativeDevice;
use pantau_e2e::{Browser, PASSWORD, Product, mrz};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_registers_a_foreign_national_offline_and_it_reaches_the_team()
-> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("petugas", "field", "IMIGRASI"),
            ("rekan", "field", "IMIGRASI"),
        ],
    )?;
    product.serve()?;
    let officer = Browser::start().await?;
    officer.sign_in(&product.url, "petugas", PASSWORD).await?;
    officer.ready_for_offline().await?;

    officer.set_offline(true).await?;
    officer
        .wait_for_text("#connection-status", "Luring")
        .await?;

    officer.click("#register-subject").await?;
    // A German passport: ICAO writes Germany as `D<<`.
    let good = mrz(
        "DM4455667",
        "D",
        "880214",
        'F',
        "310101",
        "CONTOH<<DEMO<UJI",
    );
    // The same MRZ with the document number's check digit off by one.
    let mistyped = {
        let (upper, lower) = good.split_once('\n').unwrap_or_default();
        let digit = lower[9..10].parse::<u32>().unwrap_or(0);
        format!(
            "{upper}\n{}{}{}",
            &lower[..9],
            (digit + 1) % 10,
            &lower[10..]
        )
    };
    officer
        .find("#mrz-input")
        .await?
        .send_keys(&mistyped)
        .await?;
    officer.click("#mrz-fill").await?;
    officer
        .wait_for_text("#passport_number-error", "digit pemeriksa tidak cocok")
        .await?;
    assert_eq!(
        officer.value_of("#full_name").await?,
        "",
        "nothing is filled from a broken MRZ"
    );

    officer.find("#mrz-input").await?.clear().await?;
    officer.find("#mrz-input").await?.send_keys(&good).await?;
    officer.click("#mrz-fill").await?;
    officer
        .wait_for_text("#form-notice", "diisi dari MRZ")
        .await?;
    assert_eq!(officer.value_of("#full_name").await?, "CONTOH DEMO UJI");
    assert_eq!(officer.value_of("#nationality").await?, "DEU");
    assert_eq!(officer.value_of("#passport_issuing_country").await?, "DEU");
    assert_eq!(officer.value_of("#passport_expiry").await?, "2031-01-01");

    // Another person's document, of the fictional Utopia: nothing of the first stays.
    let utopian = mrz("UT1122334", "UTO", "700101", 'M', "300101", "LAIN<<ORANG");
    officer.find("#mrz-input").await?.clear().await?;
    officer
        .find("#mrz-input")
        .await?
        .send_keys(&utopian)
        .await?;
    officer.click("#mrz-fill").await?;
    // Asked whether to keep anything of the first person: no.
    officer.client.accept_alert().await?;
    officer
        .wait_until(
            "document.getElementById('full_name').value === 'LAIN ORANG'",
            10,
        )
        .await?;
    assert_eq!(officer.value_of("#nationality").await?, "");
    assert_eq!(officer.value_of("#passport_issuing_country").await?, "");
    assert_eq!(officer.value_of("#passport_number").await?, "UT1122334");
    officer.find("#mrz-input").await?.clear().await?;
    officer.find("#mrz-input").await?.send_keys(&good).await?;
    officer.click("#mrz-fill").await?;
    officer.client.accept_alert().await?;
    officer
        .wait_until("document.getElementById('nationality').value === 'DEU'", 10)
        .await?;

    // A bad NIK is refused on its field, and nothing is saved.
    officer.find("#nik").await?.send_keys("12345").await?;
    officer.click("#subject-save").await?;
    officer
        .wait_for_text("#nik-error", "formatnya salah")
        .await?;
    officer
        .wait_for_text("#region_code-error", "wajib diisi")
        .await?;
    officer.wait_for_number("#pending-count", 0).await?;

    officer.find("#nik").await?.clear().await?;
    // The region is chosen by its names, level by level, with no signal: the names come
    // from the copy the app keeps offline.
    for (level, code) in [
        ("province", "51"),
        ("regency", "51.01"),
        ("district", "51.01.04"),
        ("village", "51.01.04.1001"),
    ] {
        officer
            .find(&format!("#region_code-{level}"))
            .await?
            .select_by_value(code)
            .await?;
        officer
            .wait_until(
                &format!("document.getElementById('region_code').value === '{code}'"),
                10,
            )
            .await?;
    }
    officer
        .client
        .execute(
            "document.getElementById('region_code').scrollIntoView();",
            vec![],
        )
        .await?;
    officer.keep_screenshot("region-picker").await;
    officer.find("#permit_type").await?.send_keys("ITK").await?;
    officer
        .find("#permit_expiry")
        .await?
        .send_keys("01012020")
        .await?;
    // A permit that would end before it starts is refused on the date at fault.
    officer
        .find("#permit_start")
        .await?
        .send_keys("03012020")
        .await?;
    officer.click("#subject-save").await?;
    officer
        .wait_for_text("#permit_expiry-error", "tidak boleh sebelum 2020-03-01")
        .await?;
    officer.wait_for_number("#pending-count", 0).await?;
    officer.find("#permit_start").await?.clear().await?;
    officer
        .find("#permit_start")
        .await?
        .send_keys("06012019")
        .await?;
    officer
        .find("#place_of_birth")
        .await?
        .send_keys("Kota Contoh")
        .await?;
    officer.click("#subject-save").await?;
    officer
        .wait_for_text("#detail-name", "CONTOH DEMO UJI")
        .await?;
    officer
        .wait_for_text("#detail-permit_start", "2019-06-01")
        .await?;
    officer
        .wait_for_text("#detail-place_of_birth", "Kota Contoh")
        .await?;
    officer.wait_for_text(".permit", "Overstay").await?;
    // Coded values read as words, never as their codes.
    officer
        .wait_for_text("#detail-permit_type", "Izin Tinggal Kunjungan")
        .await?;
    officer
        .wait_for_text("#detail-document_type", "Paspor")
        .await?;
    officer
        .wait_for_text("#detail-nationality", "Jerman (DEU)")
        .await?;
    // Exactly one: the refused save above wrote nothing (offline, nothing is sent).
    officer.wait_for_number("#pending-count", 1).await?;
    let detail_url = officer.client.current_url().await?;

    // A photo of the passport, kept on the tablet until it can be uploaded.
    let photo_dir = tempfile::tempdir()?;
    officer
        .take_photo(
            &photo_dir.path().join("paspor.bmp"),
            pantau_e2e::bmp(1800, 900),
        )
        .await?;
    officer.wait_for_number("#photos-waiting", 1).await?;

    // An inspection at the place, still offline: a photo, a finding with the overstay
    // computed, then finalized.
    officer.click("#nav-inspections").await?;
    officer.click("#start-inspection").await?;
    officer
        .find("#place_name")
        .await?
        .send_keys("Vila Contoh Pantai")
        .await?;
    officer
        .find("#region_code")
        .await?
        .send_keys("51.01.04.1001")
        .await?;
    officer
        .find("#address")
        .await?
        .send_keys("Jl. Fiktif No. 9")
        .await?;
    officer
        .wait_for_text("#officers-present", "Petugas petugas")
        .await?;
    let me = officer
        .find("#officers-present input[type=checkbox]")
        .await?;
    officer.tap(&me).await?;
    officer
        .find("#operation_type")
        .await?
        .send_keys("Operasi gabungan")
        .await?;
    officer.click("#inspection-save").await?;
    officer
        .wait_for_text("#inspection-officers", "Petugas")
        .await?;
    officer
        .wait_for_text("#inspection-detail", "Operasi gabungan")
        .await?;
    officer
        .wait_for_text("#inspection-place", "Vila Contoh Pantai")
        .await?;
    officer
        .take_photo(
            &photo_dir.path().join("vila.bmp"),
            pantau_e2e::bmp(1700, 1000),
        )
        .await?;
    officer.wait_for_number("#photos-waiting", 2).await?;

    officer.click("#finding-save").await?;
    officer
        .wait_for_text("#finding-error", "Pilih orang asing yang diperiksa")
        .await?;
    officer
        .find("#finding-subject-search")
        .await?
        .send_keys("contoh demo")
        .await?;
    officer.click(".pick").await?;
    officer
        .wait_for_text("#finding-chosen", "CONTOH DEMO UJI")
        .await?;
    officer
        .wait_for_text("#finding-overstay", "Overstay")
        .await?;
    officer
        .wait_until(
            "document.querySelector('#violations input[value=overstay]').checked",
            5,
        )
        .await?;
    // The actions offered are the table the tablet received, by name, offline too.
    officer
        .wait_for_text("#recommended_action", "Deportasi")
        .await?;
    officer
        .find("#recommended_action")
        .await?
        .select_by_value("deportation")
        .await?;
    officer.click("#finding-save").await?;
    officer
        .wait_for_text("#finding-list", "CONTOH DEMO UJI")
        .await?;

    // Someone not yet on the register is registered from the inspection and checked.
    officer.click("#register-inline").await?;
    officer
        .find("#full_name")
        .await?
        .send_keys("CONTOH KEDUA")
        .await?;
    officer
        .find("#region_code")
        .await?
        .send_keys("51.01.04.1001")
        .await?;
    officer.click("#subject-save").await?;
    officer
        .wait_for_text("#inspection-place", "Vila Contoh Pantai")
        .await?;
    officer
        .find("#finding-subject-search")
        .await?
        .send_keys("kedua")
        .await?;
    officer.click(".pick").await?;
    officer
        .wait_for_text("#finding-chosen", "CONTOH KEDUA")
        .await?;
    officer.click("#finding-save").await?;
    officer
        .wait_for_text("#finding-list", "CONTOH KEDUA")
        .await?;

    officer.click("#finalize").await?;
    officer.click("#confirm-finalize").await?;
    officer
        .wait_for_text("#finalize-error", "Nomor surat perintah")
        .await?;
    officer
        .client
        .execute("window.scrollTo(0, 0);", vec![])
        .await?;
    officer.click("#edit-inspection").await?;
    officer
        .find("#warrant_number")
        .await?
        .send_keys("SPRIN/UJI/007")
        .await?;
    officer.click("#inspection-save").await?;
    officer.click("#finalize").await?;
    officer.click("#confirm-finalize").await?;
    officer.wait_for_text("#inspection-status", "Final").await?;
    let inspection_url = officer.client.current_url().await?;
    officer.find("#amendment-form").await?;
    officer.click("#amendment-save").await?;
    officer
        .wait_for_text("#reason-error", "wajib diisi")
        .await?;
    // An amendment is signed on the tablet as the finalization was.
    officer
        .find("#reason")
        .await?
        .send_keys("Salah ketik nomor surat")
        .await?;
    officer
        .find("#changes")
        .await?
        .send_keys("Nomor surat: SPRIN/UJI/008")
        .await?;
    officer.click("#amendment-save").await?;
    officer
        .wait_for_text("#amendment-list", "Salah ketik nomor surat")
        .await?;
    // A finding is corrected field by field: the list reads it corrected at once.
    officer
        .find("#amendment-target")
        .await?
        .select_by_label("CONTOH KEDUA")
        .await?;
    officer
        .find("#amendment-field")
        .await?
        .select_by_value("violations")
        .await?;
    officer
        .click("#violations input[value=no_document]")
        .await?;
    officer
        .find("#reason")
        .await?
        .send_keys("Paspor tidak ditunjukkan, terlewat dicatat")
        .await?;
    officer.click("#amendment-save").await?;
    officer
        .wait_for_text("#amendment-list", "Paspor tidak ditunjukkan")
        .await?;
    officer
        .wait_for_text("#finding-list", "Tidak dapat menunjukkan dokumen")
        .await?;
    officer.client.goto(detail_url.as_str()).await?;
    officer.pass_lock().await?;
    officer
        .wait_for_text("#subject-inspections", "Vila Contoh Pantai")
        .await?;
    officer
        .wait_for_text("#subject-inspections", "Melebihi izin tinggal")
        .await?;

    // No network: the app opens from its cache with the data and the pending count.
    officer.client.refresh().await?;
    officer.pass_lock().await?;
    officer
        .wait_for_text("#detail-name", "CONTOH DEMO UJI")
        .await?;
    officer.wait_for_number("#pending-count", 11).await?;
    officer.wait_for_number("#photos-waiting", 2).await?;
    officer
        .wait_for_text("#connection-status", "Luring")
        .await?;

    // Signal returns: the app syncs by itself.
    officer.set_offline(false).await?;
    officer
        .wait_for_text("#connection-status", "Daring")
        .await?;
    officer.wait_for_number("#pending-count", 0).await?;
    officer
        .wait_until("!document.querySelector('#photos-waiting')", 20)
        .await?;
    // The finalization and the two amendments were signed on the tablet, offline, with
    // the key it made at sign-in; the server checked the signatures and logged them.
    let verified = product.run(&["audit", "verify"], "")?;
    assert!(verified.contains("intact: 3 entries"), "{verified}");
    // The tablet keeps the server's receipt with the inspection and says so.
    officer.client.goto(inspection_url.as_str()).await?;
    officer.pass_lock().await?;
    officer
        .wait_for_text(
            "#inspection-signed",
            "Ditandatangani oleh Petugas petugas di tablet ini, tanda terima #1",
        )
        .await?;
    officer.keep_screenshot("inspection-signed").await;
    officer.client.goto(detail_url.as_str()).await?;
    officer.pass_lock().await?;

    // A teammate sees it over the API…
    let mut teammate = NativeDevice::sign_in(&product.url, "rekan", PASSWORD).await?;
    teammate.sync().await?;
    let record = teammate
        .state
        .records()
        .find(|r| r.text("full_name") == Some("CONTOH DEMO UJI"))
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("the teammate did not receive the record"))?;
    assert_eq!(record.text("passport_number"), Some("DM4455667"));
    assert_eq!(record.text("region_code"), Some("51.01.04.1001"));
    assert_eq!(record.text("permit_expiry"), Some("2020-01-01"));
    assert!(detail_url.as_str().ends_with(&record.id.to_string()));
    let inspection = teammate
        .state
        .records()
        .find(|r| r.entity == "inspection")
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("the teammate did not receive the inspection"))?;
    assert_eq!(inspection.text("status"), Some("final"));
    assert_eq!(inspection.text("warrant_number"), Some("SPRIN/UJI/007"));
    let finding = teammate
        .state
        .records()
        .find(|r| {
            r.entity == "finding" && r.text("subject_id") == Some(record.id.to_string().as_str())
        })
        .cloned()
        .expect("finding");
    assert_eq!(
        finding.text("subject_id"),
        Some(record.id.to_string().as_str())
    );
    assert_eq!(
        finding.fields["violations"],
        serde_json::json!(["overstay"])
    );
    assert_eq!(finding.text("recommended_action"), Some("deportation"));
    // The correction of the second finding reached the team with the values it sets.
    let corrected = teammate
        .state
        .records()
        .find(|r| r.entity == "amendment" && r.fields.contains_key("corrections"))
        .cloned()
        .expect("the correction");
    assert_eq!(
        corrected.fields["corrections"],
        serde_json::json!({"violations": ["no_document"]})
    );
    let photo = inspection.fields["photos"][0]
        .as_str()
        .expect("photo hash")
        .to_string();
    let bytes = teammate.attachment(&photo).await?;
    assert_eq!(&bytes[..2], &[0xff, 0xd8], "kept as JPEG");
    assert_eq!(
        pantau_e2e::sha256_hex(&bytes),
        photo,
        "named by its content"
    );
    let passport_photo = record.texts("photos");
    assert_eq!(passport_photo.len(), 1);
    assert_eq!(
        &teammate.attachment(&passport_photo[0]).await?[..2],
        &[0xff, 0xd8]
    );

    // …and in their own browser.
    let colleague = Browser::start().await?;
    colleague.sign_in(&product.url, "rekan", PASSWORD).await?;
    colleague.click("#nav-subjects").await?;
    colleague
        .find("#subject-search")
        .await?
        .send_keys("dm4455667")
        .await?;
    colleague
        .wait_for_text("#subject-results", "CONTOH DEMO UJI")
        .await?;

    officer.client.clone().close().await?;
    colleague.client.clone().close().await?;
    Ok(())
}
