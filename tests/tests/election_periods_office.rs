//! The Kanwil sets a regency's election period on the office screen, in headless
//! Chromium: dates in the wrong order are refused by field, the period saved is listed as
//! running, and the regency's tablet pulls it. The political activity the tablet then
//! finds shows on the page's map and list, narrowed by period and by area.

use pantau_e2e::device::{NativeDevice, fields};
use pantau_e2e::{Browser, PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::json;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_kanwil_sets_a_regencys_election_period() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team("jembrana", "51.01", &[("ayu", "field", "IMIGRASI")])?;
    product.team("kanwil-bali", "51", &[("kanwil", "central", "KANWIL")])?;
    product.serve()?;
    let bali = time::macros::offset!(+8);
    let today = time::OffsetDateTime::now_utc().to_offset(bali).date();
    let day = |offset: i64| (today + time::Duration::days(offset)).to_string();

    let office = Browser::start().await?;
    office
        .sign_in_at(&product.url, "/kantor/pemilu", "kanwil")
        .await?;
    office
        .wait_for_text("#elections-empty", "Belum ada")
        .await?;
    // The teams' regions are offered: the regency, and the Kanwil's province.
    let offered = office
        .wait_for_text("#election-region", "Kabupaten Jembrana")
        .await?;
    assert!(offered.contains("Bali (51)"), "{offered}");
    office
        .find("#election-region")
        .await?
        .select_by_value("51.01")
        .await?;
    office
        .find("#election-name")
        .await?
        .send_keys("Pilkada Contoh Jembrana")
        .await?;
    office
        .set_value("#election-campaign-start", &day(-2))
        .await?;
    office.set_value("#election-campaign-end", &day(-5)).await?;
    office.set_value("#election-voting-day", &day(20)).await?;
    office.click("#save-election").await?;
    office
        .wait_for_text("#election-error", "Akhir kampanye: terlalu awal")
        .await?;
    office.set_value("#election-campaign-end", &day(14)).await?;
    office.click("#save-election").await?;
    let listed = office
        .wait_for_text("#elections", "Pilkada Contoh Jembrana")
        .await?;
    assert!(listed.contains("Berjalan"), "{listed}");
    assert!(listed.contains("Kabupaten Jembrana"), "{listed}");

    // The regency's tablet holds it, running today.
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    ayu.sync().await?;
    let running = ayu
        .state
        .active_election(&today.to_string())
        .map(|(_, name)| name.to_string());
    assert_eq!(running.as_deref(), Some("Pilkada Contoh Jembrana"));
    let (period_id, _) = ayu
        .state
        .active_election(&today.to_string())
        .expect("running");
    let period_id = period_id.to_string();

    // The tablet finds a foreigner speaking at a rally, in Negara (51.01.02).
    let (person, rally) = (Uuid::now_v7(), Uuid::now_v7());
    ayu.edit(
        EntityKind::Subject,
        person,
        fields(
            json!({"region_code": "51.01.02", "full_name": "CONTOH PEMBICARA KAMPANYE",
            "nationality": "NZL", "sex": "M", "passport_number": "LA0000001"}),
        ),
    )?;
    ayu.edit(
        EntityKind::Inspection,
        rally,
        fields(
            json!({"region_code": "51.01.02", "started_at": format!("{}T16:00:00+08:00", day(0)),
            "place_name": "Lapangan Contoh", "place_type": "campaign_event",
            "warrant_number": "SP-CONTOH/1", "election_period_id": period_id}),
        ),
    )?;
    ayu.edit(
        EntityKind::Finding,
        Uuid::now_v7(),
        fields(
            json!({"region_code": "51.01.02", "inspection_id": rally, "subject_id": person,
            "violations": ["political_activity"], "political_activity": "rally",
            "political_activity_place": "Panggung utama", "recommended_action": "deportation"}),
        ),
    )?;
    let report = ayu.sync().await?;
    assert_eq!(report.rejected, 0, "{report:?}");

    office.client.refresh().await?;
    let list = office
        .wait_for_text("#political-activity-list", "CONTOH PEMBICARA KAMPANYE")
        .await?;
    for expected in [
        "Panggung utama",
        "Lapangan Contoh",
        "Selandia Baru",
        "Deportasi",
    ] {
        assert!(list.contains(expected), "{expected}: {list}");
    }
    office
        .wait_until(
            "document.querySelector('#political-activity path[data-region=\"51.01\"]')\
             ?.getAttribute('data-count') === '1'",
            20,
        )
        .await?;
    // All periods, then this one again; a click on the regency narrows the list to it and
    // the map drills into its districts.
    office
        .find("#political-period")
        .await?
        .select_by_value("")
        .await?;
    office
        .find("#political-period")
        .await?
        .select_by_value(&period_id)
        .await?;
    office
        .wait_for_text("#political-activity-list", "CONTOH PEMBICARA KAMPANYE")
        .await?;
    let jembrana = office
        .find("#political-activity path[data-region='51.01']")
        .await?;
    office.tap(&jembrana).await?;
    office
        .wait_until(
            "document.querySelector('#political-activity path[data-region=\"51.01.02\"]')\
             ?.getAttribute('data-count') === '1'",
            20,
        )
        .await?;
    office.client.clone().close().await?;
    Ok(())
}
