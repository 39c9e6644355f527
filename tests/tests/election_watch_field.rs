//! The election watch on the field tablet, in headless Chromium: while the coordinator's
//! election period runs, every screen says so, a new inspection is tagged to it, a
//! finding of political activity says what was seen and where, an observer whose
//! accreditation has ended is flagged and found, and the officer can take the tag off
//! only by saying why.

use pantau_e2e::device::{NativeDevice, fields};
use pantau_e2e::{Browser, PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::json;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_running_election_tags_new_inspections_unless_the_officer_says_why_not()
-> anyhow::Result<()> {
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

    // The coordinator sets the regency's election period: the campaign runs today.
    let bali = time::macros::offset!(+8);
    let today = time::OffsetDateTime::now_utc().to_offset(bali).date();
    let day = |offset: i64| (today + time::Duration::days(offset)).to_string();
    let mut kadek = NativeDevice::sign_in(&product.url, "kadek", PASSWORD).await?;
    let period = Uuid::now_v7();
    kadek.edit(
        EntityKind::ElectionPeriod,
        period,
        fields(
            json!({"region_code": "51.01", "name": "Pemilihan Uji Lapangan",
            "campaign_start": day(-3), "campaign_end": day(10), "voting_day": day(15)}),
        ),
    )?;
    kadek.sync().await?;

    let tablet = Browser::start().await?;
    tablet.sign_in(&product.url, "ayu", PASSWORD).await?;
    tablet
        .wait_for_text("#election-notice", "Masa pemilu: Pemilihan Uji Lapangan")
        .await?;

    // An election observer whose accreditation ended days ago (whatever the browser's
    // time zone): the record says so.
    tablet.click("#nav-subjects").await?;
    tablet.click("#register-subject").await?;
    for (field, value) in [
        ("#full_name", "CONTOH PEMANTAU ASING"),
        ("#region_code", "51.01.04"),
        ("#observer_accreditation", "PEMANTAU-UJI-001"),
        ("#observer_accreditation_issuer", "KPU"),
    ] {
        tablet.find(field).await?.send_keys(value).await?;
    }
    tablet
        .set_value("#observer_accreditation_valid_until", &day(-3))
        .await?;
    tablet.click("#subject-save").await?;
    tablet
        .wait_for_text("#detail-unaccredited", "Akreditasi pemantau tidak berlaku")
        .await?;
    tablet
        .wait_for_text("#detail-observer_accreditation_issuer", "KPU")
        .await?;

    // A new inspection is tagged to the period.
    tablet
        .register_subject("CONTOH PESERTA KAMPANYE", "51.01.04")
        .await?;
    tablet.click("#nav-inspections").await?;
    tablet
        .wait_for_text("#election-notice", "Pemilihan Uji Lapangan")
        .await?;
    tablet.click("#start-inspection").await?;
    tablet
        .wait_for_text("#election-tag", "Pemilihan Uji Lapangan")
        .await?;
    for (field, value) in [
        ("#place_name", "Lapangan Kampanye Contoh"),
        ("#region_code", "51.01.04"),
    ] {
        tablet.find(field).await?.send_keys(value).await?;
    }
    tablet.click("#inspection-save").await?;
    tablet
        .wait_for_text("#inspection-place", "Lapangan Kampanye Contoh")
        .await?;
    // A foreigner seen at the rally: what and where are asked once political activity is
    // ticked.
    tablet
        .find("#finding-subject-search")
        .await?
        .send_keys("peserta kampanye")
        .await?;
    tablet.click(".pick").await?;
    assert!(
        tablet
            .client
            .find(fantoccini::Locator::Css("#political_activity"))
            .await
            .is_err(),
        "not asked before the violation is ticked"
    );
    tablet
        .click("#violations input[value=political_activity]")
        .await?;
    tablet
        .find("#political_activity")
        .await?
        .select_by_value("rally")
        .await?;
    tablet
        .find("#political_activity_place")
        .await?
        .send_keys("Lapangan Kampanye Contoh, panggung utama")
        .await?;
    tablet.click("#finding-save").await?;
    tablet
        .wait_for_text("#finding-list", "CONTOH PESERTA KAMPANYE")
        .await?;
    // The observer, there without a valid accreditation, is a finding of its own.
    tablet
        .find("#finding-subject-search")
        .await?
        .send_keys("pemantau asing")
        .await?;
    tablet.click(".pick").await?;
    tablet
        .click("#violations input[value=unaccredited_observer]")
        .await?;
    tablet.click("#finding-save").await?;
    tablet
        .wait_for_text("#finding-list", "CONTOH PEMANTAU ASING")
        .await?;

    // Another is not part of the watch: the tag comes off only with the reason.
    tablet.click("#nav-inspections").await?;
    tablet.click("#start-inspection").await?;
    for (field, value) in [
        ("#place_name", "Vila Contoh Biasa"),
        ("#region_code", "51.01.04"),
    ] {
        tablet.find(field).await?.send_keys(value).await?;
    }
    tablet.click("#election-untag").await?;
    tablet.click("#inspection-save").await?;
    tablet
        .wait_for_text("#form-notice", "Tulis alasan melepas tanda pemilu.")
        .await?;
    tablet
        .find("#election-untag-reason")
        .await?
        .send_keys("Pemeriksaan rutin izin tinggal, bukan kegiatan pemilu")
        .await?;
    tablet.click("#inspection-save").await?;
    tablet
        .wait_for_text("#inspection-place", "Vila Contoh Biasa")
        .await?;
    tablet.click("#nav-sync").await?;
    tablet.click("#sync-now").await?;
    tablet.wait_for_number("#pending-count", 0).await?;

    // The server holds both as the officer saved them.
    kadek.sync().await?;
    let inspection = |place: &str| {
        kadek
            .state
            .records()
            .find(|r| r.entity == "inspection" && r.text("place_name") == Some(place))
            .cloned()
    };
    let tagged = inspection("Lapangan Kampanye Contoh").expect("the tagged inspection");
    assert_eq!(
        tagged.text("election_period_id"),
        Some(period.to_string().as_str())
    );
    let seen = kadek
        .state
        .records()
        .find(|r| {
            r.entity == "finding" && r.text("inspection_id") == Some(tagged.id.to_string().as_str())
        })
        .cloned()
        .expect("the finding at the rally");
    assert_eq!(seen.text("political_activity"), Some("rally"));
    assert_eq!(
        seen.text("political_activity_place"),
        Some("Lapangan Kampanye Contoh, panggung utama")
    );
    let observer = kadek
        .state
        .records()
        .find(|r| r.entity == "subject" && r.text("full_name") == Some("CONTOH PEMANTAU ASING"))
        .cloned()
        .expect("the observer");
    assert_eq!(
        observer.text("observer_accreditation_valid_until"),
        Some(day(-3).as_str())
    );
    assert!(
        kadek.state.records().any(|r| r.entity == "finding"
            && r.text("subject_id") == Some(observer.id.to_string().as_str())
            && r.fields.get("violations") == Some(&json!(["unaccredited_observer"]))),
        "the observer's finding"
    );
    let untagged = inspection("Vila Contoh Biasa").expect("the untagged inspection");
    assert_eq!(untagged.text("election_period_id"), None);
    assert_eq!(
        untagged.text("election_untag_reason"),
        Some("Pemeriksaan rutin izin tinggal, bukan kegiatan pemilu")
    );
    tablet.client.clone().close().await?;
    Ok(())
}
