//! Administration from the command line (DESIGN §7): accounts, devices, audit and
//! retention. Each function answers the text to print, or an error that names what was
//! wrong.

use crate::auth::hash_password;
use crate::cli::MIN_PASSWORD_LEN;
use crate::db::Db;
use anyhow::bail;
use std::fmt::Write;
use uuid::Uuid;

/// Every account: username, name, role, team, agency and whether it may sign in.
pub async fn list_users(db: &Db) -> anyhow::Result<String> {
    let mut out = String::from("username\tname\trole\tteam\tagency\tstatus\n");
    for account in db.accounts().await? {
        let officer = &account.officer;
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            account.username,
            officer.name,
            officer.role.code(),
            officer.team_id.as_deref().unwrap_or("-"),
            officer.agency.as_str(),
            if account.active { "active" } else { "disabled" }
        )?;
    }
    Ok(out)
}

/// Disables or enables an account; disabling ends its sessions at once.
pub async fn set_active(db: &Db, username: &str, active: bool) -> anyhow::Result<String> {
    if !db.set_account_active(username, active).await? {
        bail!("--username {username}: no such account (see `pantau user list`)");
    }
    Ok(if active {
        format!("user {username} enabled")
    } else {
        format!("user {username} disabled; their sessions have ended")
    })
}

/// Sets a new password and ends every session of the account.
pub async fn set_password(db: &Db, username: &str, password: String) -> anyhow::Result<String> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        bail!("the password must be at least {MIN_PASSWORD_LEN} characters");
    }
    if db.account_by_username(username).await?.is_none() {
        bail!("--username {username}: no such account (see `pantau user list`)");
    }
    let hash = hash_password(password).await?;
    db.set_password_hash(username, &hash).await?;
    let ended = db.end_sessions_of(username).await?;
    Ok(format!(
        "password of {username} changed; {ended} session(s) ended"
    ))
}

/// The devices (of one account, given a username), most recently seen first.
pub async fn list_devices(db: &Db, username: Option<&str>) -> anyhow::Result<String> {
    if let Some(username) = username
        && db.account_by_username(username).await?.is_none()
    {
        bail!("--username {username}: no such account (see `pantau user list`)");
    }
    let mut out = String::from("device\tusername\tlast seen (UTC)\tpulled up to\tstatus\tname\n");
    for device in db.devices(username).await? {
        let seen = utc(device.last_seen_ms);
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            device.id,
            device.username,
            seen,
            device.pulled_cursor,
            if device.revoked { "revoked" } else { "active" },
            device.name
        )?;
    }
    Ok(out)
}

/// Revokes a lost device: from its next request on it is told to wipe itself.
pub async fn revoke_device(db: &Db, id: &str) -> anyhow::Result<String> {
    let Ok(device) = Uuid::parse_str(id.trim()) else {
        bail!("--id {id}: not a device id (see `pantau device list`)");
    };
    if !db.revoke_device(device).await? {
        bail!("--id {id}: no such device (see `pantau device list`)");
    }
    Ok(format!(
        "device {device} revoked; on its next contact it wipes what it holds"
    ))
}

/// What a device received (`pantau audit device`): its reads, then every record whose
/// data reached it — for the breach notice after a theft (UU PDP Pasal 46).
pub async fn audit_device(db: &Db, device_id: &str) -> anyhow::Result<String> {
    let id = Uuid::parse_str(device_id)
        .map_err(|_| {
            anyhow::anyhow!("--id {device_id}: not a device id (see `pantau device list`)")
        })?
        .to_string();
    if !db.devices(None).await?.iter().any(|d| d.id == id) {
        bail!("--id {id}: no such device (see `pantau device list`)");
    }
    let mut out = String::from("time (UTC)\tofficer\taction\ttarget\trows\n");
    for read in db.reads_by_device(&id).await? {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            utc(read.at_ms),
            read.officer,
            read.action,
            read.target,
            read.rows
        )?;
    }
    let records = db.records_read_by_device(&id).await?;
    let people = records.iter().filter(|r| r.entity == "subject").count();
    writeln!(
        out,
        "\n{} records reached this device, {people} of them foreign nationals:\nentity\tid\tname",
        records.len()
    )?;
    for record in records {
        writeln!(out, "{}\t{}\t{}", record.entity, record.id, record.label)?;
    }
    Ok(out)
}

/// Every read and write of one foreign national's record (`pantau audit person`): each
/// write, each pull that carried it, each view of its history, each download of its
/// photos — who, role, device, when, what.
pub async fn audit_person(db: &Db, subject_id: &str) -> anyhow::Result<String> {
    let id = Uuid::parse_str(subject_id)
        .map_err(|_| anyhow::anyhow!("--subject {subject_id}: not a record id"))?
        .to_string();
    let Some(record) = db.labelled_record(&id).await? else {
        bail!("--subject {id}: no such record");
    };
    let mut out = format!(
        "{} {} {}\ntime (UTC)\tofficer\trole\tdevice\taction\n",
        record.entity, record.id, record.label
    );
    let mut trail = db.writes_of_record(&id).await?;
    trail.extend(db.reads_of_record(&id).await?);
    trail.sort_by_key(|entry| entry.at_ms);
    for entry in trail {
        writeln!(
            out,
            "{}\t{}\t{}\t{} ({})\t{}",
            utc(entry.at_ms),
            entry.officer,
            entry.role.as_deref().unwrap_or("-"),
            entry.device_id.as_deref().unwrap_or("-"),
            entry.device_name.as_deref().unwrap_or("-"),
            entry.action
        )?;
    }
    Ok(out)
}

/// A moment as the device list writes it (RFC 3339, UTC).
fn utc(ms: i64) -> String {
    pantau_shared::identity::Timestamp::from_unix_ms(ms)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

/// What a retention run erased, or with `dry_run` would erase, per kind of record.
pub fn describe_retention(report: &crate::retention::RetentionReport, dry_run: bool) -> String {
    let mut out = String::new();
    let verb = if dry_run { "due" } else { "erased" };
    if report.purged.is_empty() {
        out.push_str("nothing is due for erasure\n");
    }
    for (entity, (deleted, expired)) in &report.purged {
        let _ = writeln!(
            out,
            "{entity}: {} {verb} ({deleted} deleted by an officer, {expired} past retention)",
            deleted + expired
        );
    }
    if report.held > 0 {
        let _ = writeln!(out, "{} kept under legal hold", report.held);
    }
    if !dry_run && report.photos_deleted > 0 {
        let _ = writeln!(
            out,
            "{} photo(s) no record shows any more deleted",
            report.photos_deleted
        );
    }
    if dry_run {
        out.push_str("dry run: nothing was changed\n");
    }
    out
}

/// Each kind of record's retention period and the legal holds in place.
pub async fn show_retention(db: &Db) -> anyhow::Result<String> {
    let mut out = String::from("entity\tkept (days after last change)\n");
    for (entity, days) in db.retention_days().await? {
        writeln!(out, "{entity}\t{days}")?;
    }
    let holds = db.legal_holds().await?;
    writeln!(out, "\nlegal holds: {}", holds.len())?;
    if !holds.is_empty() {
        out.push_str("record\tplaced\tby\treason\n");
    }
    for hold in holds {
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            hold.record_id,
            utc(hold.placed_at_ms),
            hold.placed_by,
            hold.reason
        )?;
    }
    Ok(out)
}
