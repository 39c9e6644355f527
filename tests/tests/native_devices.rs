//! Two officers' devices, each running the shared sync engine over real HTTP against the
//! real server: offline edits reach the teammate, concurrent edits converge, and the
//! losing value is in the conflict log, not lost.

use pantau_e2e::device::{NativeDevice, fields, wall_ms};
use pantau_e2e::{PASSWORD, Product};
use pantau_shared::sync::EntityKind;
use serde_json::json;
use uuid::Uuid;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_converge_and_keep_the_losing_value() -> anyhow::Result<()> {
    let mut product = Product::new()?;
    product.team(
        "jembrana",
        "51.01",
        &[("ayu", "field", "IMIGRASI"), ("made", "field", "IMIGRASI")],
    )?;
    product.serve()?;
    let mut ayu = NativeDevice::sign_in(&product.url, "ayu", PASSWORD).await?;
    let mut made = NativeDevice::sign_in(&product.url, "made", PASSWORD).await?;

    // Ayu registers a foreign national while offline, then syncs.
    let id = Uuid::now_v7();
    ayu.edit(EntityKind::Subject, id, fields(json!({"region_code": "51.01.04.1001", "full_name": "DEMO ORANG", "nationality": "NZL"})))?;
    assert_eq!(ayu.state.pending_count(), 1);
    let report = ayu.sync().await?;
    assert_eq!((report.pushed, ayu.state.pending_count()), (1, 0));

    let report = made.sync().await?;
    assert!(report.pulled >= 1);
    assert_eq!(
        made.state.record(id).and_then(|r| r.text("full_name")),
        Some("DEMO ORANG")
    );

    // Both edit the address without seeing each other's edit; Made's comes later.
    let now = wall_ms();
    ayu.edit_at(
        EntityKind::Subject,
        id,
        fields(json!({"address": "Jl. Ayu (fiktif)"})),
        now,
    )?;
    made.edit_at(
        EntityKind::Subject,
        id,
        fields(json!({"address": "Jl. Made (fiktif)", "notes": "dicek"})),
        now + 1_000,
    )?;
    made.sync().await?;
    let report = ayu.sync().await?;
    assert_eq!(report.conflicts, 1, "Ayu's older address lost");
    made.sync().await?;
    for device in [&ayu, &made] {
        let record = device.state.record(id).expect("record");
        assert_eq!(record.text("address"), Some("Jl. Made (fiktif)"));
        assert_eq!(record.text("notes"), Some("dicek"));
        assert_eq!(device.state.pending_count(), 0);
    }
    assert_eq!(
        ayu.state.record(id).map(|r| r.lost_fields.clone()),
        Some(vec!["address".to_string()])
    );

    // An invalid record never leaves a device; a record outside the region is refused
    // by the server and stays on the device with its error.
    assert!(
        ayu.edit(
            EntityKind::Subject,
            Uuid::now_v7(),
            fields(json!({"region_code": "51.01", "full_name": "X", "nik": "1"}))
        )
        .is_err()
    );
    let outside = Uuid::now_v7();
    ayu.edit(
        EntityKind::Subject,
        outside,
        fields(json!({"region_code": "51.08", "full_name": "DEMO LUAR"})),
    )?;
    let report = ayu.sync().await?;
    assert_eq!(report.rejected, 1);
    assert_eq!(
        ayu.state.rejection(outside).map(|e| e.code.as_str()),
        Some("forbidden")
    );
    assert_eq!(ayu.state.pending_count(), 1);
    Ok(())
}
