//! Merging two records of one foreign national, and undoing it. A merge is a set of
//! ordinary writes by the reviewer — merged, logged in each record's history and pulled
//! by every device — made in one transaction:
//!
//! - the survivor takes the merged record's value of each field the reviewer chose (by
//!   default, a value the survivor lacks or an older one),
//! - the merged record gets `merged_into`, so every screen and count shows the survivor,
//! - findings citing the merged record cite the survivor; finalized ones are evidence
//!   and are not rewritten: they resolve through `merged_into`,
//! - records merged earlier into the merged one point to the survivor, so a
//!   `merged_into` is never followed more than once.
//!
//! The merge log keeps what moved, so an unmerge moves back what still points where the
//! merge put it.

use super::push::{Incoming, Writer, apply_in};
use crate::db::merges::MergeEntry;
use crate::db::records::StoredRecord;
use crate::db::retention::PURGED_AT;
use crate::db::{Db, WriteTx};
use pantau_shared::entity::Entity;
use pantau_shared::identity::{PassportNumber, PreviousDocument};
use pantau_shared::subject::{MERGED_INTO, PREVIOUS_DOCUMENTS, Subject};
use pantau_shared::sync::hlc::HlcClock;
use pantau_shared::sync::wire::{ErrorDetail, PushResult, PushStatus};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Whose value of a field the survivor keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Survivor,
    Merged,
}

/// The two records of a merge, as the request names them.
#[derive(Debug, Clone, Copy)]
pub enum Party {
    Survivor,
    Merged,
}

impl Party {
    pub fn field(self) -> &'static str {
        match self {
            Party::Survivor => "survivor",
            Party::Merged => "merged",
        }
    }
}

/// Why a merge or an unmerge was refused; nothing was written.
#[derive(Debug)]
pub enum MergeRefused {
    SameRecord,
    NotFound(Party),
    OutOfScope(Party),
    /// The survivor was itself merged into another record.
    SurvivorMerged,
    /// The record was merged into another survivor already.
    AlreadyMerged,
    NotMerged,
    UnknownField(String),
    WriteRefused(ErrorDetail),
}

/// A merge as done (or found done, for a retry).
#[derive(Debug)]
pub struct MergeDone {
    /// The fields the survivor took from the merged record.
    pub fields_taken: Vec<String>,
    pub moved_findings: usize,
    /// True when the same merge had been made before: nothing changed.
    pub repeated: bool,
}

/// An unmerge as done.
#[derive(Debug)]
pub struct UnmergeDone {
    pub moved_back_findings: usize,
}

/// Merges `merged` into `survivor` for `writer`, a reviewer whose scope covers both.
pub async fn merge_subjects(
    db: &Db,
    writer: &Writer,
    survivor_id: Uuid,
    merged_id: Uuid,
    choices: &BTreeMap<String, Side>,
    now_ms: i64,
) -> anyhow::Result<Result<MergeDone, MergeRefused>> {
    if survivor_id == merged_id {
        return Ok(Err(MergeRefused::SameRecord));
    }
    if let Some(field) = choices.keys().find(|name| {
        name.as_str() == MERGED_INTO || !Subject::FIELDS.iter().any(|f| f.name == *name)
    }) {
        return Ok(Err(MergeRefused::UnknownField(field.clone())));
    }
    let mut tx = db.begin_write().await?;
    let survivor = match subject_in_scope(&mut tx, writer, survivor_id, Party::Survivor).await? {
        Ok(stored) => stored,
        Err(refused) => return Ok(Err(refused)),
    };
    let merged = match subject_in_scope(&mut tx, writer, merged_id, Party::Merged).await? {
        Ok(stored) => stored,
        Err(refused) => return Ok(Err(refused)),
    };
    let survivor_text = survivor_id.to_string();
    match merged_into(&merged) {
        Some(into) if into == survivor_text => {
            return Ok(Ok(MergeDone {
                fields_taken: Vec::new(),
                moved_findings: 0,
                repeated: true,
            }));
        }
        Some(_) => return Ok(Err(MergeRefused::AlreadyMerged)),
        None => {}
    }
    if merged_into(&survivor).is_some() {
        return Ok(Err(MergeRefused::SurvivorMerged));
    }

    let mut taken = fields_taken(&survivor, &merged, choices);
    if let Some(documents) = previous_documents_after(&survivor, &merged, &taken) {
        taken.insert(PREVIOUS_DOCUMENTS.to_string(), documents);
    }
    let merged_text = merged_id.to_string();
    let findings = tx
        .live_records_citing("finding", "subject_id", &merged_text)
        .await?;
    let pointing = tx
        .live_records_citing("subject", MERGED_INTO, &merged_text)
        .await?;
    let citing = tx
        .load_records(&[findings.clone(), pointing.clone()].concat())
        .await?;

    let mut writes = Writes::new(writer, now_ms);
    if !taken.is_empty() {
        writes.push(&survivor_text, &survivor, taken.clone());
    }
    writes.push(
        &merged_text,
        &merged,
        Map::from_iter([(MERGED_INTO.to_string(), json!(survivor_text))]),
    );
    let first_finding = writes.len();
    for (ids, field) in [(&findings, "subject_id"), (&pointing, MERGED_INTO)] {
        for id in ids {
            if let Some(stored) = citing.get(id) {
                writes.push(
                    id,
                    stored,
                    Map::from_iter([(field.to_string(), json!(survivor_text))]),
                );
            }
        }
    }
    let results = apply_in(&mut tx, writer, writes.mutations, now_ms).await?;
    if let Some(refused) = results[..first_finding].iter().find_map(refusal) {
        return Ok(Err(MergeRefused::WriteRefused(refused)));
    }
    // A finalized finding refuses the rewrite: it is evidence, and resolves through
    // `merged_into` instead.
    let moved: Vec<String> = writes.ids[first_finding..]
        .iter()
        .zip(&results[first_finding..])
        .filter(|(_, result)| refusal(result).is_none())
        .map(|(id, _)| id.clone())
        .collect();
    let (moved_findings, repointed): (Vec<String>, Vec<String>) =
        moved.into_iter().partition(|id| findings.contains(id));
    tx.log_merge(&MergeEntry {
        merged_id: &merged_text,
        survivor_id: &survivor_text,
        merged_by: &writer.officer_id.to_string(),
        merged_at_ms: now_ms,
        moved_findings: &moved_findings,
        repointed: &repointed,
    })
    .await?;
    tx.commit().await?;
    Ok(Ok(MergeDone {
        fields_taken: taken.keys().cloned().collect(),
        moved_findings: moved_findings.len(),
        repeated: false,
    }))
}

/// Undoes the merge of `merged_id`: it shows as its own person again, and the findings
/// and records the merge moved, where they still point to the survivor, move back. The
/// survivor keeps the values it took; its history shows them.
pub async fn unmerge_subject(
    db: &Db,
    writer: &Writer,
    merged_id: Uuid,
    now_ms: i64,
) -> anyhow::Result<Result<UnmergeDone, MergeRefused>> {
    let mut tx = db.begin_write().await?;
    let merged = match subject_in_scope(&mut tx, writer, merged_id, Party::Merged).await? {
        Ok(stored) => stored,
        Err(refused) => return Ok(Err(refused)),
    };
    let merged_text = merged_id.to_string();
    let Some(merge) = tx.open_merge(&merged_text).await? else {
        return Ok(Err(MergeRefused::NotMerged));
    };
    if merged_into(&merged) != Some(merge.survivor_id.as_str()) {
        return Ok(Err(MergeRefused::NotMerged));
    }
    let moved = tx
        .load_records(&[merge.moved_findings.clone(), merge.repointed.clone()].concat())
        .await?;
    let mut writes = Writes::new(writer, now_ms);
    writes.push(
        &merged_text,
        &merged,
        Map::from_iter([(MERGED_INTO.to_string(), Value::Null)]),
    );
    let first_moved = writes.len();
    for (ids, field) in [
        (&merge.moved_findings, "subject_id"),
        (&merge.repointed, MERGED_INTO),
    ] {
        for id in ids {
            let Some(stored) = moved.get(id) else {
                continue;
            };
            let still_moved = stored.record.value(field).and_then(Value::as_str)
                == Some(merge.survivor_id.as_str());
            if still_moved && !stored.record.is_deleted() {
                writes.push(
                    id,
                    stored,
                    Map::from_iter([(field.to_string(), json!(merged_text))]),
                );
            }
        }
    }
    let results = apply_in(&mut tx, writer, writes.mutations, now_ms).await?;
    if let Some(refused) = results[..first_moved].iter().find_map(refusal) {
        return Ok(Err(MergeRefused::WriteRefused(refused)));
    }
    let moved_back_findings = writes.ids[first_moved..]
        .iter()
        .zip(&results[first_moved..])
        .filter(|(id, result)| refusal(result).is_none() && merge.moved_findings.contains(id))
        .count();
    tx.log_unmerge(&merged_text, &writer.officer_id.to_string(), now_ms)
        .await?;
    tx.commit().await?;
    Ok(Ok(UnmergeDone {
        moved_back_findings,
    }))
}

/// A live foreign national's record within the writer's scope.
async fn subject_in_scope(
    tx: &mut WriteTx,
    writer: &Writer,
    id: Uuid,
    role: Party,
) -> sqlx::Result<Result<StoredRecord, MergeRefused>> {
    let Some(stored) = tx.load_record(&id.to_string()).await? else {
        return Ok(Err(MergeRefused::NotFound(role)));
    };
    if stored.entity != Subject::KIND
        || stored.record.is_deleted()
        || stored.record.value(PURGED_AT).is_some()
    {
        return Ok(Err(MergeRefused::NotFound(role)));
    }
    let covered = writer.scope.as_ref().is_some_and(|scope| {
        pantau_shared::region::RegionCode::parse(&stored.region_code)
            .is_ok_and(|region| scope.covers(&region))
    });
    if !covered {
        return Ok(Err(MergeRefused::OutOfScope(role)));
    }
    Ok(Ok(stored))
}

fn merged_into(stored: &StoredRecord) -> Option<&str> {
    stored.record.value(MERGED_INTO)?.as_str()
}

/// The merged record's values the survivor takes: those the reviewer chose, and where
/// they did not choose, a value the survivor lacks or one written later than its own.
fn fields_taken(
    survivor: &StoredRecord,
    merged: &StoredRecord,
    choices: &BTreeMap<String, Side>,
) -> Map<String, Value> {
    let mut taken = Map::new();
    for spec in Subject::FIELDS {
        // Previous documents are joined, not chosen (`previous_documents_after`).
        if spec.name == MERGED_INTO || spec.name == PREVIOUS_DOCUMENTS {
            continue;
        }
        let ours = survivor
            .record
            .fields
            .get(spec.name)
            .filter(|s| !s.value.is_null());
        let theirs = merged
            .record
            .fields
            .get(spec.name)
            .filter(|s| !s.value.is_null());
        let take = match (choices.get(spec.name), ours, theirs) {
            (Some(Side::Survivor), _, _) => false,
            (Some(Side::Merged), _, _) => !spec.required || theirs.is_some(),
            (None, _, None) => false,
            (None, None, Some(_)) => true,
            (None, Some(ours), Some(theirs)) => theirs.hlc > ours.hlc,
        };
        let value = theirs.map_or(Value::Null, |s| s.value.clone());
        if take && ours.map_or(&Value::Null, |s| &s.value) != &value {
            taken.insert(spec.name.to_string(), value);
        }
    }
    taken
}

/// The survivor's previous documents once merged: its own and the merged record's, and
/// each of the two passports that is no longer the current one. `None` when unchanged.
fn previous_documents_after(
    survivor: &StoredRecord,
    merged: &StoredRecord,
    taken: &Map<String, Value>,
) -> Option<Value> {
    let number = |raw: &str| PassportNumber::parse(raw).ok();
    let current = taken
        .get("passport_number")
        .or_else(|| survivor.record.value("passport_number"))
        .and_then(Value::as_str)
        .and_then(number);
    let listed = |stored: &StoredRecord| {
        stored
            .record
            .value(PREVIOUS_DOCUMENTS)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let mut documents: Vec<Value> = listed(survivor);
    let before = documents.clone();
    let passports = [survivor, merged].map(|stored| {
        let held = stored
            .record
            .value("passport_number")
            .and_then(Value::as_str)?;
        let country = stored
            .record
            .value("nationality")
            .and_then(Value::as_str)
            .unwrap_or_default();
        PreviousDocument::parse(&format!("{country}:{held}"))
            .ok()
            .map(|d| Value::String(d.into()))
    });
    for document in listed(merged)
        .into_iter()
        .chain(passports.into_iter().flatten())
    {
        let its_number = document
            .as_str()
            .and_then(|d| d.split_once(':'))
            .and_then(|(_, n)| number(n));
        if its_number.is_some() && its_number != current && !documents.contains(&document) {
            documents.push(document);
        }
    }
    (documents != before).then_some(Value::Array(documents))
}

/// The mutations of one merge or unmerge, each stamped after its record's latest write.
struct Writes<'w> {
    writer: &'w Writer,
    now_ms: i64,
    ids: Vec<String>,
    mutations: Vec<Incoming>,
}

impl<'w> Writes<'w> {
    fn new(writer: &'w Writer, now_ms: i64) -> Self {
        Writes {
            writer,
            now_ms,
            ids: Vec::new(),
            mutations: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn push(&mut self, id: &str, stored: &StoredRecord, fields: Map<String, Value>) {
        let hlc = HlcClock::following(self.writer.device_id, stored.record.latest().as_ref())
            .tick(self.now_ms.max(0) as u64);
        self.ids.push(id.to_string());
        self.mutations.push(Incoming::from_value(json!({
            "op_id": Uuid::now_v7(),
            "entity": stored.entity,
            "id": id,
            "hlc": hlc.to_string(),
            "fields": fields,
        })));
    }
}

fn refusal(result: &PushResult) -> Option<ErrorDetail> {
    (result.status == PushStatus::Rejected).then(|| {
        result
            .error
            .clone()
            .unwrap_or_else(|| ErrorDetail::new("refused", "the write was refused", None::<String>))
    })
}
