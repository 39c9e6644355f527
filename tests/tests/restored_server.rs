//! The office restores its server from a backup older than a tablet's latest work. The
//! tablet, whose session the backup predates, asks its officer to sign in again, keeps
//! everything, and sends again what the server lost; another tablet then receives it.

use anyhow::Context;
use pantau_e2e::device::{NativeDevice, fields};
use pantau_e2e::{Browser, PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::json;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tablet_sends_again_what_a_restored_server_lost() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("ayu", "field", "IMIGRASI"),
            ("komang", "coordinator", "IMIGRASI"),
        ],
    )?;
    product.serve()?;
    // The nightly backup, taken before the tablet's day began.
    let backups = tempfile::tempdir()?;
    let backup = backups.path().join("cadangan.db");
    product.run(&["backup", "--out", &backup.display().to_string()], "")?;

    let browser = Browser::start().await?;
    browser.sign_in(&product.url, "ayu", PASSWORD).await?;
    browser
        .register_subject("CONTOH SETELAH CADANGAN", "51.01.04")
        .await?;
    let photos = tempfile::tempdir()?;
    browser
        .take_photo(
            &photos.path().join("paspor.bmp"),
            pantau_e2e::bmp(1200, 800),
        )
        .await?;
    browser.wait_for_number("#pending-count", 0).await?;
    browser
        .wait_until("!document.querySelector('#photos-waiting')", 20)
        .await?;

    // The server's disk fails; the office restores last night's backup.
    browser.set_offline(true).await?;
    product.stop();
    product.restore_from(&backup)?;
    product.start_again()?;

    // Signal returns: the restored server does not know the tablet's session.
    browser.set_offline(false).await?;
    browser
        .wait_for_text("#login-notice", "Sesi berakhir")
        .await?;
    browser.find("#username").await?.send_keys("ayu").await?;
    browser.find("#password").await?.send_keys(PASSWORD).await?;
    browser.click("#login-submit").await?;
    browser.pass_lock().await?;
    browser.find("#welcome").await?;

    // The tablet kept the record, and sends it again once it hears the new epoch.
    let mut komang = NativeDevice::sign_in(&product.url, "komang", PASSWORD).await?;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        komang.sync().await?;
        let received = komang
            .state
            .records()
            .find(|r| r.text("full_name") == Some("CONTOH SETELAH CADANGAN"))
            .map(|r| r.texts("photos"));
        // The photo, uploaded after the backup too, is sent again.
        if let Some([photo]) = received.as_deref()
            && komang
                .attachment(photo)
                .await
                .is_ok_and(|bytes| !bytes.is_empty())
        {
            break;
        }
        anyhow::ensure!(
            std::time::Instant::now() < deadline,
            "the record and photo made after the backup never reached the restored server"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    browser.client.clone().close().await?;
    Ok(())
}

/// A tablet that never syncs again after the restore loses nothing another tablet held:
/// that tablet sends the records it holds again, each write under its own stamp and
/// finalizations last, so the finding made before the inspection was finalized is taken.
/// When the writer does come back, what it sends again is what the server already holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_held_by_another_tablet_reach_a_restored_server() -> anyhow::Result<()> {
    use pantau_shared::sync::wire::stamp_groups;

    let (mut product, mut ayu, mut budi) = ayu_and_budi_served().await?;
    let backups = tempfile::tempdir()?;
    let backup = backups.path().join("cadangan.db");
    product.run(&["backup", "--out", &backup.display().to_string()], "")?;

    // Ayu registers a foreign national and inspects; Budi, who pulled it, finalizes.
    let (subject, inspection, finding) = inspect_with_a_finding(&mut ayu, "RELAI", "XR0001")?;
    ayu.sync().await?;
    budi.sync().await?;
    budi.edit(
        EntityKind::Inspection,
        inspection,
        fields(json!({"status": "final"})),
    )?;
    budi.sign_finalization(inspection)?;
    budi.sync().await?;
    ayu.edit(
        EntityKind::Subject,
        subject,
        fields(json!({"address": "Jl. Relai No. 1 (fiktif)"})),
    )?;
    ayu.sync().await?;
    budi.sync().await?;
    anyhow::ensure!(ayu.state.pending_count() == 0 && budi.state.pending_count() == 0);

    // The server's disk fails; the office restores the backup. Ayu's tablet is gone.
    product.stop();
    product.restore_from(&backup)?;
    product.start_again()?;
    sync_until_sent(&mut budi).await?;
    anyhow::ensure!(
        budi.state.pending_count() == 0,
        "Budi's tablet still holds {} writes for the restored server",
        budi.state.pending_count()
    );

    // The coordinator, signing in afresh, receives all of it: Ayu's values under Ayu's
    // stamps, the finding, and the inspection final.
    let mut komang = NativeDevice::sign_in(&product.url, "komang", PASSWORD).await?;
    komang.sync().await?;
    let held = |device: &NativeDevice, id: Uuid| device.state.record(id).cloned();
    let person = held(&komang, subject).context("the foreign national reached the server")?;
    assert_eq!(person.text("address"), Some("Jl. Relai No. 1 (fiktif)"));
    let address_stamp = stamp_groups(&person.stamps)
        .into_iter()
        .find_map(|(hlc, fields)| fields.contains(&"address").then_some(hlc))
        .context("the address comes with its stamp")?;
    assert_eq!(
        address_stamp.device,
        ayu.state.device_id(),
        "Ayu's write, not Budi's"
    );
    let visit = held(&komang, inspection).context("the inspection reached the server")?;
    assert_eq!(visit.text("status"), Some("final"));
    let found = held(&komang, finding).context("the finding reached the server")?;
    assert_eq!(
        found.text("inspection_id"),
        Some(inspection.to_string().as_str())
    );

    // Ayu's tablet comes back and sends its own writes again: the final inspection's
    // finding among them is what the server holds, and nothing is refused.
    sync_until_sent(&mut ayu).await?;
    let refused: Vec<_> = ayu.state.rejected().map(|e| e.rejected.clone()).collect();
    assert!(refused.is_empty(), "refused: {refused:?}");
    assert_eq!(ayu.state.pending_count(), 0);
    komang.sync().await?;
    assert_eq!(
        held(&komang, finding).map(|r| r.fields),
        Some(found.fields),
        "the final finding is unchanged"
    );
    Ok(())
}

/// The finalizing tablet reaches the restored server first, without ever having held a
/// finding's last edit that the server took just before the finalization. The edit,
/// sent again by its author naming the server that took it, is taken on the final
/// inspection as it was then: nothing acknowledged is lost, and nothing is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_taken_before_a_finalization_survives_the_finalization_arriving_first()
-> anyhow::Result<()> {
    let (mut product, mut ayu, mut budi) = ayu_and_budi_served().await?;
    let (_, inspection, finding) = inspect_with_a_finding(&mut ayu, "URUTAN", "XR0002")?;
    ayu.sync().await?;
    budi.sync().await?;
    let backups = tempfile::tempdir()?;
    let backup = backups.path().join("cadangan.db");
    product.run(&["backup", "--out", &backup.display().to_string()], "")?;

    // Ayu notes the overstay; the server takes it. Budi, who never pulls it, finalizes.
    ayu.edit(
        EntityKind::Finding,
        finding,
        fields(json!({"notes": "Lewat 12 hari (fiktif)"})),
    )?;
    ayu.sync().await?;
    budi.edit(
        EntityKind::Inspection,
        inspection,
        fields(json!({"status": "final"})),
    )?;
    budi.sign_finalization(inspection)?;
    budi.push_only().await?;
    anyhow::ensure!(
        budi.state.pending_count() == 0,
        "the finalization was taken"
    );
    anyhow::ensure!(
        budi.state
            .record(finding)
            .and_then(|r| r.text("notes"))
            .is_none(),
        "Budi's tablet never held Ayu's note"
    );

    // The restore; Budi's tablet syncs first and sends the finalization again.
    product.stop();
    product.restore_from(&backup)?;
    product.start_again()?;
    sync_until_sent(&mut budi).await?;
    let mut komang = NativeDevice::sign_in(&product.url, "komang", PASSWORD).await?;
    komang.sync().await?;
    assert_eq!(
        komang
            .state
            .record(inspection)
            .and_then(|r| r.text("status")),
        Some("final"),
        "the restored server holds the inspection final before Ayu is back"
    );

    // Ayu's tablet sends its note again, naming the server that took it: taken.
    sync_until_sent(&mut ayu).await?;
    let refused: Vec<_> = ayu.state.rejected().map(|e| e.rejected.clone()).collect();
    assert!(refused.is_empty(), "refused: {refused:?}");
    komang.sync().await?;
    let found = komang.state.record(finding).context("the finding")?;
    assert_eq!(found.text("notes"), Some("Lewat 12 hari (fiktif)"));
    assert_eq!(
        komang
            .state
            .record(inspection)
            .and_then(|r| r.text("status")),
        Some("final")
    );
    Ok(())
}

/// Ayu and Budi (field officers, each signing on a tablet) and Komang (coordinator) in
/// Jembrana's team, on a served product.
async fn ayu_and_budi_served() -> anyhow::Result<(Product, NativeDevice, NativeDevice)> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[
            ("ayu", "field", "IMIGRASI"),
            ("budi", "field", "IMIGRASI"),
            ("komang", "coordinator", "IMIGRASI"),
        ],
    )?;
    product.serve()?;
    let ayu = NativeDevice::sign_in_signing(&product.url, "ayu", PASSWORD).await?;
    let budi = NativeDevice::sign_in_signing(&product.url, "budi", PASSWORD).await?;
    Ok((product, ayu, budi))
}

/// On `device`: a foreign national registered, a villa inspected (a draft) and an
/// overstay found there, all fictitious and named after `label`. Answers the three ids
/// (subject, inspection, finding).
fn inspect_with_a_finding(
    device: &mut NativeDevice,
    label: &str,
    passport: &str,
) -> anyhow::Result<(Uuid, Uuid, Uuid)> {
    let ids = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let (subject, inspection, finding) = ids;
    device.edit(
        EntityKind::Subject,
        subject,
        fields(json!({
            "region_code": "51.01.04", "full_name": format!("CONTOH {label}"), "nationality": "AUS",
            "sex": "F", "passport_number": passport,
        })),
    )?;
    device.edit(
        EntityKind::Inspection,
        inspection,
        fields(json!({
            "region_code": "51.01.04", "started_at": "2026-11-28T09:00:00+08:00",
            "place_name": format!("Vila Contoh {label}"), "warrant_number": format!("SPRIN/UJI/{label}"),
            "status": "draft",
        })),
    )?;
    device.edit(
        EntityKind::Finding,
        finding,
        fields(json!({
            "region_code": "51.01.04", "inspection_id": inspection, "subject_id": subject,
            "violations": ["overstay"],
        })),
    )?;
    Ok(ids)
}

/// Syncs until nothing waits to be sent, five times at most: after a restore, a write may
/// wait a sync for another device's.
async fn sync_until_sent(device: &mut NativeDevice) -> anyhow::Result<()> {
    for _ in 0..5 {
        device.sync().await?;
        if device.state.pending_count() == 0 {
            break;
        }
    }
    Ok(())
}
