//! `pantau export person`: everything Pantau holds about one foreign national, for a data
//! subject's request (UU PDP Pasal 32) — the record, the findings that cite it, its
//! history, its photos and who read or wrote it — as one ZIP archive. The export itself
//! goes to the access log.

use crate::admin;
use crate::db::Db;
use crate::db::export::AccessEntry;
use anyhow::{Context, bail};
use serde_json::json;
use std::io::Write;
use std::path::Path;
use uuid::Uuid;

/// What went into an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonExport {
    pub findings: usize,
    pub history_entries: usize,
    pub photos: usize,
}

/// Writes the archive of record `subject_id` to `out`; nothing is left at `out` on failure.
pub async fn export_person(db: &Db, subject_id: &str, out: &Path) -> anyhow::Result<PersonExport> {
    let id = Uuid::parse_str(subject_id)
        .map_err(|_| anyhow::anyhow!("--subject {subject_id}: not a record id"))?
        .to_string();
    let Some((entity, fields, deleted)) = db.record_fields(&id).await? else {
        bail!("--subject {id}: no such record");
    };
    if entity != "subject" {
        bail!("--subject {id}: the record is a {entity}, not a foreign national");
    }
    let findings = db.findings_citing(&id).await?;
    let history = db.record_history(&id).await?;
    let trail = admin::audit_person(db, &id).await?;
    let photos = crate::db::audit::photos_shown(&fields);

    let directory = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let partial = tempfile::Builder::new()
        .prefix(".pantau-person-")
        .suffix(".partial")
        .tempfile_in(directory)
        .with_context(|| format!("cannot write {}", out.display()))?;
    let mut zip = zip::ZipWriter::new(partial.as_file());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        zip.start_file(name, options)?;
        zip.write_all(bytes)?;
        Ok(())
    };
    let record = json!({"entity": entity, "id": id, "deleted": deleted, "fields": fields});
    put("record.json", &serde_json::to_vec_pretty(&record)?)?;
    put("findings.json", &serde_json::to_vec_pretty(&findings)?)?;
    put("history.json", &serde_json::to_vec_pretty(&history)?)?;
    put("access-trail.tsv", trail.as_bytes())?;
    let mut found = 0;
    for sha256 in &photos {
        if let Some(photo) = db.attachment(sha256).await? {
            let extension = photo.content_type.rsplit('/').next().unwrap_or("bin");
            put(&format!("photos/{sha256}.{extension}"), &photo.bytes)?;
            found += 1;
        }
    }
    zip.finish()?;
    partial.as_file().sync_all()?;
    partial
        .persist(out)
        .with_context(|| format!("cannot write {}", out.display()))?;
    let target = format!("person/{id}");
    db.log_access(&AccessEntry {
        officer_id: "command-line",
        device_id: "",
        action: "export",
        target: &target,
        filters: &out.display().to_string(),
        row_count: 1,
        at_ms: crate::db::now_ms(),
    })
    .await?;
    Ok(PersonExport {
        findings: findings.len(),
        history_entries: history.len(),
        photos: found,
    })
}
