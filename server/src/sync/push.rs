//! Applies a batch of mutations. Each is checked on its own — envelope, values, scope,
//! amend-only rules — and a refused one changes nothing while the rest still apply. The
//! batch commits in one transaction before the answer is sent.
//!
//! The database sees a handful of statements per batch, not per mutation: the batch's
//! op ids and records are read at once, the mutations are merged in memory in order (a
//! later one sees what an earlier one wrote), and the change log, conflict log and
//! records are written in multi-row statements.

use crate::db::records::{ChangeEntry, ConflictEntry, StoredRecord};
use crate::db::retention::PURGED_AT;
use crate::db::signed_log::LogEntry;
use crate::db::{Db, WriteTx};
use crate::signed_log::{Frontier, Leaf, LogKey, check_signed, text_digest};
use pantau_shared::code_table::CodeTables;
use pantau_shared::decision::{Decision, decision_id};
use pantau_shared::entity::{DELETED, Entity, FieldMap};
use pantau_shared::identity::{PassportNumber, PreviousDocument};
use pantau_shared::inspection::Inspection;
use pantau_shared::meeting::{FollowUpFault, RakorRight};
use pantau_shared::region::RegionCode;
use pantau_shared::signing::{Receipt, Signed};
use pantau_shared::subject::{
    MERGED_INTO, PERMIT_EXPIRY, PERMIT_START, PREVIOUS_DOCUMENTS, Subject,
};
use pantau_shared::sync::merge::{LostWrite, MergeOutcome};
use pantau_shared::sync::wire::{
    CheckedMutation, ErrorDetail, MAX_CLOCK_SKEW_MS, PushResult, PushStatus,
};
use pantau_shared::sync::{EntityKind, Record};
use pantau_shared::{FieldError, Invalid};
use serde::Serialize;
use serde_json::Value;
use serde_json::value::RawValue;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use uuid::Uuid;

/// Who is pushing, and what they may touch.
#[derive(Debug, Clone)]
pub struct Writer {
    pub officer_id: Uuid,
    pub device_id: Uuid,
    /// The region the writer may write in; `None` when the role may not write at all.
    pub scope: Option<RegionCode>,
    /// The last change sequence number the device has pulled.
    pub pulled_cursor: i64,
    /// Whether the write is a reviewer's merge, the only writer of `merged_into`.
    pub merges: bool,
    /// Whether the writer records the office's decisions on findings (a coordinator).
    pub decides: bool,
    /// Whether the writer sets election periods (a coordinator, or the Kanwil through
    /// the office's screen).
    pub manages_elections: bool,
    /// Whether the writer records operations and their written orders (a coordinator).
    pub issues_orders: bool,
    /// What the writer may write of the team's Rakor: meetings and follow-ups.
    pub rakor: RakorRight,
}

/// Why one mutation was refused.
enum Refusal {
    Invalid(FieldError),
    Other(ErrorDetail),
}

impl Refusal {
    fn code(code: &str, message: impl Into<String>, field: Option<&str>) -> Self {
        Refusal::Other(ErrorDetail::new(code, message, field.map(str::to_string)))
    }
}

impl From<FieldError> for Refusal {
    fn from(error: FieldError) -> Self {
        Refusal::Invalid(error)
    }
}

/// One mutation of a push, read and checked on its own before the write begins.
pub struct Incoming {
    /// The op id as sent, echoed in the answer even when it is not a UUID.
    op_id: Value,
    mutation: Result<CheckedMutation, FieldError>,
    /// The checks of its values that hold whether or not its record exists yet.
    values: Result<(), FieldError>,
}

impl Incoming {
    pub fn from_value(value: Value) -> Self {
        let op_id = value.get("op_id").cloned().unwrap_or(Value::Null);
        let mutation = CheckedMutation::from_value(value);
        let values = match &mutation {
            Ok(mutation) => mutation.entity.validate_values(&mutation.fields),
            Err(_) => Ok(()),
        };
        Incoming {
            op_id,
            mutation,
            values,
        }
    }
}

/// A push body's mutation that is not JSON a value can be read from (nested too deep).
#[derive(Debug)]
pub struct UnreadableMutation {
    pub index: usize,
    pub error: serde_json::Error,
}

/// The inspection's field that names the operation it was made under.
const OPERATION_ID: &str = "operation_id";

/// Batches smaller than this are read on the request's own thread.
const READ_ON_TWO_THREADS_FROM: usize = 100;

/// Reads and checks a push body's mutations, a large batch on two threads at once: the
/// write has not begun, so the database's thread leaves a core idle.
pub async fn read_mutations(raw: Vec<Box<RawValue>>) -> Result<Vec<Incoming>, UnreadableMutation> {
    fn read(raw: &[Box<RawValue>], first: usize) -> Result<Vec<Incoming>, UnreadableMutation> {
        raw.iter()
            .enumerate()
            .map(|(n, raw)| match serde_json::from_str(raw.get()) {
                Ok(value) => Ok(Incoming::from_value(value)),
                Err(error) => Err(UnreadableMutation {
                    index: first + n,
                    error,
                }),
            })
            .collect()
    }
    if raw.len() < READ_ON_TWO_THREADS_FROM {
        return read(&raw, 0);
    }
    let mut first_half = raw;
    let second_half: Arc<[Box<RawValue>]> = first_half.split_off(first_half.len() / 2).into();
    let offset = first_half.len();
    let there = {
        let second_half = Arc::clone(&second_half);
        tokio::task::spawn_blocking(move || read(&second_half, offset))
    };
    let mut read_here = read(&first_half, 0)?;
    let read_there = match there.await {
        Ok(read_there) => read_there,
        Err(failed) if failed.is_panic() => std::panic::resume_unwind(failed.into_panic()),
        // Only a runtime shutting down cancels a blocking task: read the rest here.
        Err(_) => read(&second_half, offset),
    }?;
    read_here.extend(read_there);
    Ok(read_here)
}

/// Applies the mutations in order and answers each one. `answer` turns the results into
/// the reply while the database commits; the reply is handed back only once committed.
pub async fn apply_batch<T>(
    db: &Db,
    writer: &Writer,
    mutations: Vec<Incoming>,
    now_ms: i64,
    answer: impl FnOnce(Vec<PushResult>) -> T,
) -> sqlx::Result<T> {
    let mut tx = db.begin_write().await?;
    let results = apply_in(&mut tx, writer, mutations, now_ms).await?;
    // `biased`: the commit is sent to the database before the answer is built.
    let (committed, answered) = tokio::join!(biased; tx.commit(), async { answer(results) });
    committed?;
    Ok(answered)
}

/// Applies the mutations inside a write the caller commits.
pub async fn apply_in(
    tx: &mut WriteTx,
    writer: &Writer,
    mutations: Vec<Incoming>,
    now_ms: i64,
) -> sqlx::Result<Vec<PushResult>> {
    let count = mutations.len();
    let checked = || mutations.iter().filter_map(|m| m.mutation.as_ref().ok());
    let op_ids: Vec<String> = checked().map(|m| m.op_id.to_string()).collect();
    let applied_before = tx.applied_ops(&op_ids).await?;
    let mut records = tx
        .load_records(&checked().flat_map(record_ids).collect::<Vec<_>>())
        .await?;
    // A record already stored names its parent in the stored fields, and a decision's
    // finding names the inspection: two more rounds reach every record a check needs.
    for _ in 0..2 {
        let mut missing: Vec<String> = checked()
            .flat_map(|m| lineage(m, &records))
            .filter(|id| !records.contains_key(id))
            .collect();
        missing.sort_unstable();
        missing.dedup();
        if missing.is_empty() {
            break;
        }
        records.extend(tx.load_records(&missing).await?);
    }
    // A write to a merged record lands on its survivor.
    let survivors: Vec<String> = checked()
        .filter_map(|m| records.get(&m.id.to_string()))
        .filter_map(merged_into)
        .filter(|id| !records.contains_key(*id))
        .map(str::to_string)
        .collect();
    records.extend(tx.load_records(&survivors).await?);
    // Room for every record the batch may create, so the map never grows mid-merge.
    records.reserve(count);
    let signing = match checked().any(|m| m.signed.is_some()) {
        true => Some(Signing::load(tx, writer, &op_ids).await?),
        false => None,
    };
    // The setting is read only for a batch it could refuse something in.
    let signatures_required =
        checked().any(|m| m.signed.is_none() && is_signable(m)) && tx.signatures_required().await?;
    let replaced_epochs = match checked().any(|m| m.acked_epoch.is_some()) {
        true => tx.replaced_epochs(now_ms).await?,
        false => Vec::new(),
    };
    // The code tables are read only for a batch that sets a code they judge.
    let code_tables = match checked().any(|m| CodeTables::judges(m.entity, &m.fields)) {
        true => Some(tx.code_tables().await?),
        false => None,
    };

    let mut merging = Merging {
        writer,
        now_ms,
        pending: mutations.into_iter(),
        applied_before,
        seen_ops: HashSet::with_capacity(count),
        records,
        batch: Batch::new(writer, tx.next_seq().await?, count),
        results: Vec::with_capacity(count),
        signing,
        signatures_required,
        replaced_epochs,
        code_tables,
    };
    // Mutations merge as the change-log statements are taken, a statement's worth at a
    // time, so merging the next rows overlaps with writing the ones before; conflicts
    // and records follow once every mutation has merged.
    let backend = tx.backend;
    let rows = backend.rows_per_statement();
    let mut after_changes = None;
    let statements = std::iter::from_fn(|| {
        if after_changes.is_none() {
            let changes = merging.next_changes(rows);
            if !changes.is_empty() {
                return Some(Ok(backend.insert_changes(changes)));
            }
            let (conflicts, written) = merging.take_writes();
            after_changes = Some(backend.conflicts_and_records(conflicts, written, now_ms));
        }
        after_changes.as_mut()?.next()
    });
    tx.run_pipelined(statements).await?;
    if let Some(signing) = merging.signing.take()
        && !signing.entries.is_empty()
    {
        tx.append_signed_log(signing.entries, &signing.frontier)
            .await?;
    }
    Ok(merging.results)
}

/// What a batch with signed mutations needs: the device's keys, the log as it stands,
/// and the server's key for the receipts.
struct Signing {
    device_keys: Vec<String>,
    frontier: Frontier,
    key: Option<Arc<LogKey>>,
    /// Receipts of signed mutations applied before, for a device that sends one again
    /// because the answer never reached it.
    earlier_receipts: HashMap<String, Receipt>,
    entries: Vec<LogEntry>,
}

impl Signing {
    async fn load(tx: &mut WriteTx, writer: &Writer, op_ids: &[String]) -> sqlx::Result<Self> {
        Ok(Signing {
            device_keys: tx
                .device_keys(
                    &writer.device_id.to_string(),
                    &writer.officer_id.to_string(),
                )
                .await?,
            frontier: tx.signed_log_frontier().await?,
            key: tx.log_key.clone(),
            earlier_receipts: tx.receipts_for_ops(op_ids).await?,
            entries: Vec::new(),
        })
    }

    /// Appends a signed mutation just recorded as `change`, and makes its receipt.
    fn append(
        &mut self,
        mutation: &CheckedMutation,
        signed: &Signed,
        change: &ChangeEntry,
        now_ms: i64,
    ) -> Option<Receipt> {
        let key = self.key.as_ref()?;
        let change_digest = text_digest(&change.changes);
        let statement_digest = text_digest(&signed.statement);
        let leaf = Leaf {
            entity: mutation.entity.name(),
            record_id: &change.record_id,
            op_id: &change.op_id,
            change_seq: change.seq,
            change_digest: &change_digest,
            key: &signed.key,
            statement_digest: &statement_digest,
            signature: &signed.signature,
            logged_at_ms: now_ms,
        }
        .hash();
        self.frontier.push(leaf);
        let receipt = key.receipt(self.frontier.size, &leaf, &self.frontier.root());
        self.entries.push(LogEntry {
            index: self.frontier.size as i64,
            entity: mutation.entity.name(),
            record_id: change.record_id.clone(),
            op_id: change.op_id.clone(),
            change_seq: change.seq,
            change_digest,
            public_key: signed.key.clone(),
            statement: signed.statement.clone(),
            statement_digest,
            signature: signed.signature.clone(),
            logged_at_ms: now_ms,
            receipt: receipt.clone(),
        });
        Some(receipt)
    }
}

/// A batch being merged, one mutation at a time, in order.
struct Merging<'w> {
    writer: &'w Writer,
    now_ms: i64,
    pending: std::vec::IntoIter<Incoming>,
    applied_before: HashSet<Uuid>,
    seen_ops: HashSet<Uuid>,
    /// The batch's records as stored, then as merged so far.
    records: HashMap<String, StoredRecord>,
    batch: Batch,
    results: Vec<PushResult>,
    signing: Option<Signing>,
    /// Unsigned finalizations and amendments are refused.
    signatures_required: bool,
    /// Epochs this server had before a restore, recently enough that a tablet may still
    /// send again the writes they acknowledged.
    replaced_epochs: Vec<Uuid>,
    /// The regulation code tables, when the batch sets a code they judge.
    code_tables: Option<CodeTables>,
}

/// Whether a device sends a write it did not make: one stamped by another device's
/// clock, which it holds as the server sent it and sends again to a server restored
/// from a backup (see `docs/sync-protocol.md`).
fn is_relayed(mutation: &CheckedMutation, writer_device: Uuid) -> bool {
    mutation.hlc.device != writer_device
}

fn is_signable(mutation: &CheckedMutation) -> bool {
    pantau_shared::signing::is_signable(mutation.entity.name(), &mutation.fields)
}

impl Merging<'_> {
    /// Merges mutations until `count` change-log entries are ready or none is left, and
    /// hands those entries over.
    fn next_changes(&mut self, count: usize) -> Vec<ChangeEntry> {
        while self.batch.changes.len() < count {
            let Some(incoming) = self.pending.next() else {
                break;
            };
            let result = self.merge(incoming);
            self.results.push(result);
        }
        std::mem::replace(&mut self.batch.changes, Vec::with_capacity(count))
    }

    /// Merges one mutation and answers it.
    fn merge(&mut self, incoming: Incoming) -> PushResult {
        let Incoming {
            op_id,
            mutation,
            values,
        } = incoming;
        let mut mutation = match mutation {
            Err(error) => return rejected(op_id, Refusal::Invalid(error)),
            Ok(mutation) => mutation,
        };
        if !self.seen_ops.insert(mutation.op_id) || self.applied_before.contains(&mutation.op_id) {
            let receipt = self.signing.as_ref().and_then(|signing| {
                let op = mutation.op_id.to_string();
                let earlier = signing.earlier_receipts.get(&op);
                earlier
                    .or_else(|| {
                        signing
                            .entries
                            .iter()
                            .find(|e| e.op_id == op)
                            .map(|e| &e.receipt)
                    })
                    .cloned()
            });
            return PushResult {
                receipt: receipt.and_then(|r| serde_json::to_value(r).ok()),
                ..duplicate(op_id)
            };
        }
        if self.signatures_required && mutation.signed.is_none() && is_signable(&mutation) {
            return rejected(
                op_id,
                Refusal::code(
                    "signature_required",
                    "finalizations and amendments must be signed on the device",
                    Some("signed"),
                ),
            );
        }
        if let Some(signed) = &mutation.signed {
            let keys = self
                .signing
                .as_ref()
                .map_or(&[][..], |s| &s.device_keys[..]);
            if let Err(refusal) = check_signed(
                &mutation,
                signed,
                keys,
                self.writer.officer_id,
                self.writer.device_id,
            ) {
                return rejected(
                    op_id,
                    Refusal::code(refusal.code, refusal.message, refusal.field.as_deref()),
                );
            }
        }
        if let Some(survivor) = self.survivor_of(&mutation) {
            mutation.id = survivor;
        }
        let record_id = mutation.id.to_string();
        let existing = self.records.get(&record_id).cloned();
        let parent = parent_id(&mutation, existing.as_ref()).and_then(|id| self.records.get(&id));
        // A decision's finding names the inspection whose date and status it is judged by.
        let inspection = parent
            .filter(|_| mutation.entity == EntityKind::Decision)
            .and_then(|finding| finding.record.value("inspection_id")?.as_str())
            .and_then(|id| self.records.get(id));
        let taken_before = self.taken_before(&mutation);
        if let Some(tables) = &self.code_tables {
            let before = |field: &str| existing.as_ref().and_then(|e| e.record.value(field));
            let millis = i64::try_from(mutation.hlc.millis).unwrap_or(i64::MAX);
            if let Err(error) =
                tables.check_write(mutation.entity, &mutation.fields, before, millis)
            {
                return rejected(op_id, error.into());
            }
        }
        match prepare(
            self.writer,
            &mut mutation,
            values,
            existing,
            Parents { parent, inspection },
            taken_before,
            self.now_ms,
        ) {
            Err(refusal) => rejected(op_id, refusal),
            // A relayed write the server already holds, or holds newer, leaves no trace:
            // every device holding the record sends it after a restore.
            Ok(prepared)
                if is_relayed(&mutation, self.writer.device_id)
                    && prepared.outcome.changed.is_empty() =>
            {
                duplicate(op_id)
            }
            Ok(prepared) => {
                let (stored, lost_fields) =
                    self.batch
                        .record(&mutation, &record_id, prepared, self.now_ms);
                self.records.insert(record_id, stored);
                let receipt = match (&mutation.signed, self.signing.as_mut()) {
                    (Some(signed), Some(signing)) => match self.batch.changes.last() {
                        Some(change) => signing.append(&mutation, signed, change, self.now_ms),
                        None => None,
                    },
                    _ => None,
                };
                PushResult {
                    receipt: receipt.and_then(|r| serde_json::to_value(r).ok()),
                    op_id,
                    status: if lost_fields.is_empty() {
                        PushStatus::Applied
                    } else {
                        PushStatus::Conflict
                    },
                    lost_fields,
                    error: None,
                }
            }
        }
    }

    /// Whether a server this one was restored over had taken the write (the device's
    /// own, acknowledged; or one relayed from a copy pulled from it): it was taken then
    /// before anything taken after it, so a finalization that reached the restored
    /// server first does not refuse it (see `docs/sync-protocol.md`).
    fn taken_before(&self, mutation: &CheckedMutation) -> bool {
        mutation
            .acked_epoch
            .is_some_and(|epoch| self.replaced_epochs.contains(&epoch))
    }

    /// Where a device's edit of a record merged into another goes: to the survivor, so
    /// that it is neither lost nor hidden on a record no screen shows. A deletion stays
    /// on the merged record: it must never delete the person it was merged into.
    fn survivor_of(&self, mutation: &CheckedMutation) -> Option<Uuid> {
        // A relayed write is the merged record's own, as the server once had it.
        if self.writer.merges
            || is_relayed(mutation, self.writer.device_id)
            || mutation.fields.contains_key(DELETED)
        {
            return None;
        }
        let survivor = merged_into(self.records.get(&mutation.id.to_string())?)?;
        self.records
            .contains_key(survivor)
            .then(|| Uuid::parse_str(survivor).ok())
            .flatten()
    }

    /// The values that lost and the records written, once every mutation has merged.
    fn take_writes(&mut self) -> (Vec<ConflictEntry>, Vec<(String, StoredRecord)>) {
        let written = std::mem::take(&mut self.batch.written)
            .into_iter()
            .filter_map(|id| self.records.remove(&id).map(|stored| (id, stored)))
            .collect();
        (std::mem::take(&mut self.batch.conflicts), written)
    }
}

/// The field that names a record's parent: a finding's inspection, a decision's finding,
/// an amendment's original, an inspection's operation.
fn parent_field(entity: EntityKind) -> Option<&'static str> {
    match entity {
        EntityKind::Finding => Some("inspection_id"),
        EntityKind::Inspection => Some(OPERATION_ID),
        EntityKind::Decision => Some("finding_id"),
        EntityKind::Amendment => Some("original_id"),
        _ => None,
    }
}

/// The records a mutation needs: its own, and the parent its fields name.
fn record_ids(mutation: &CheckedMutation) -> Vec<String> {
    let mut ids = vec![mutation.id.to_string()];
    if let Some(parent) = parent_field(mutation.entity)
        .and_then(|field| mutation.fields.get(field))
        .and_then(Value::as_str)
    {
        ids.push(parent.to_string());
    }
    ids
}

/// The ancestors a mutation's checks need, as far as the loaded records name them: its
/// parent, and for a decision the finding's inspection.
fn lineage(mutation: &CheckedMutation, records: &HashMap<String, StoredRecord>) -> Vec<String> {
    let existing = records.get(&mutation.id.to_string());
    let Some(parent) = parent_id(mutation, existing) else {
        return Vec::new();
    };
    let inspection = records
        .get(&parent)
        .filter(|_| mutation.entity == EntityKind::Decision)
        .and_then(|finding| finding.record.value("inspection_id")?.as_str())
        .map(str::to_string);
    std::iter::once(parent).chain(inspection).collect()
}

/// The record a stored foreign national was merged into, if it was.
fn merged_into(stored: &StoredRecord) -> Option<&str> {
    stored.record.value(MERGED_INTO)?.as_str()
}

/// A record's parent, as the mutation or the stored record says.
fn parent_id(mutation: &CheckedMutation, existing: Option<&StoredRecord>) -> Option<String> {
    let field = parent_field(mutation.entity)?;
    mutation
        .fields
        .get(field)
        .or_else(|| existing.and_then(|e| e.record.value(field)))
        .and_then(Value::as_str)
        .map(str::to_string)
}

fn duplicate(op_id: Value) -> PushResult {
    PushResult {
        receipt: None,
        op_id,
        status: PushStatus::Duplicate,
        lost_fields: Vec::new(),
        error: None,
    }
}

fn rejected(op_id: Value, refusal: Refusal) -> PushResult {
    let error = match refusal {
        Refusal::Invalid(error) => ErrorDetail::from_field_error(&error),
        Refusal::Other(detail) => detail,
    };
    PushResult {
        op_id,
        status: PushStatus::Rejected,
        lost_fields: Vec::new(),
        error: Some(error),
        receipt: None,
    }
}

/// A mutation that passed every check, merged but not yet written.
struct Prepared {
    stored: StoredRecord,
    old_region: Option<String>,
    outcome: MergeOutcome,
}

/// The stored records a mutation is judged against besides its own.
struct Parents<'a> {
    /// A finding's inspection, a decision's finding, an amendment's original, an
    /// inspection's operation.
    parent: Option<&'a StoredRecord>,
    /// A decision's finding's inspection.
    inspection: Option<&'a StoredRecord>,
}

/// Checks a mutation against the writer's rights and the record as stored, and merges
/// it. Its fields move into the merged record.
fn prepare(
    writer: &Writer,
    mutation: &mut CheckedMutation,
    values: Result<(), FieldError>,
    existing: Option<StoredRecord>,
    Parents { parent, inspection }: Parents,
    taken_before: bool,
    now_ms: i64,
) -> Result<Prepared, Refusal> {
    let scope = writer
        .scope
        .as_ref()
        .ok_or_else(|| Refusal::code("forbidden", "this account may not write records", None))?;
    if mutation.hlc.millis > (now_ms.max(0) as u64).saturating_add(MAX_CLOCK_SKEW_MS) {
        return Err(Refusal::code(
            "clock_skew",
            format!(
                "the mutation is stamped more than {} minutes ahead of the server's clock; \
                 re-stamp and resend",
                MAX_CLOCK_SKEW_MS / 60_000
            ),
            Some("hlc"),
        ));
    }
    if existing
        .as_ref()
        .is_some_and(|existing| existing.entity != mutation.entity.name())
    {
        return Err(Refusal::code(
            "entity_mismatch",
            "a record with this id exists as another entity",
            Some("entity"),
        ));
    }
    if existing
        .as_ref()
        .is_some_and(|existing| existing.record.value(PURGED_AT).is_some())
    {
        return Err(Refusal::code(
            "purged",
            "the record was deleted and its data erased; it cannot be written again",
            None,
        ));
    }
    if mutation.entity == EntityKind::Decision && !writer.decides {
        return Err(Refusal::code(
            "forbidden",
            "only the team's coordinator records the office's decision on a finding",
            None,
        ));
    }
    if mutation.entity == EntityKind::ElectionPeriod && !writer.manages_elections {
        return Err(Refusal::code(
            "forbidden",
            "election periods are set by the team's coordinator or the Kanwil",
            None,
        ));
    }
    if mutation.entity == EntityKind::Operation && !writer.issues_orders {
        return Err(Refusal::code(
            "forbidden",
            "operations and their written orders are recorded by the team's coordinator",
            None,
        ));
    }
    check_rakor_right(&writer.rakor, mutation, existing.as_ref())?;
    if !writer.merges && mutation.fields.contains_key(MERGED_INTO) {
        return Err(Refusal::code(
            "forbidden",
            "only a coordinator's or the central office's merge of duplicates sets this field",
            Some(MERGED_INTO),
        ));
    }
    values?;
    check_previous_documents(mutation)?;
    if existing.is_none() {
        mutation.entity.check_creates(&mutation.fields)?;
    }
    let outside =
        |region: &str| RegionCode::parse(region).map_or(true, |region| !scope.covers(&region));
    let old_region = existing.as_ref().map(|e| e.region_code.clone());
    if old_region.as_deref().is_some_and(outside) {
        return Err(Refusal::code(
            "forbidden",
            "the record lies outside your team's region",
            Some("region_code"),
        ));
    }
    let new_region = mutation
        .fields
        .get("region_code")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| old_region.clone())
        .unwrap_or_default();
    if outside(&new_region) {
        return Err(Refusal::code(
            "forbidden",
            "the region is outside your team's region",
            Some("region_code"),
        ));
    }
    let mut stored = existing.unwrap_or_else(|| StoredRecord {
        entity: mutation.entity.name().to_string(),
        region_code: new_region.clone(),
        record: Record::default(),
        field_seqs: Default::default(),
        seq: 0,
    });
    keep_previous_document(&stored, mutation);
    let parent_record = parent
        .filter(|_| mutation.entity == EntityKind::Finding)
        .map(|p| &p.record);
    // A write that sets nothing leaves a final record as it was: one sent again after a
    // restore, say, that the record already holds (or holds newer). Nor does one the
    // server took before the restore, when the finalization was still to come.
    let final_record = !taken_before
        && mutation
            .entity
            .check_mutable(&stored.record, parent_record)
            .is_err();
    if final_record && stored.record.would_change(&mutation.fields, mutation.hlc) {
        return Err(Refusal::code(
            "finalized",
            "the record is finalized; record an amendment instead",
            None,
        ));
    }
    let checks_merged = mutation.entity.checks_merged(&mutation.fields);
    // Only a new operation is judged: one the record holds already stays.
    let operation_named = mutation
        .fields
        .get(OPERATION_ID)
        .is_some_and(|id| !id.is_null() && stored.record.value(OPERATION_ID) != Some(id));
    let permit_dates_set = (
        mutation.fields.contains_key(PERMIT_START),
        mutation.fields.contains_key(PERMIT_EXPIRY),
    );
    let outcome = stored
        .record
        .merge(std::mem::take(&mut mutation.fields), mutation.hlc);
    if mutation.entity == EntityKind::Subject {
        // Read by name from the merged record: no copy of it for every foreign national.
        Subject::check_permit_period(
            |name| match name {
                PERMIT_START => permit_dates_set.0,
                _ => permit_dates_set.1,
            },
            |name| stored.record.value(name),
        )?;
    }
    if checks_merged {
        let merged = stored.record.values();
        mutation.entity.check_merged(&merged)?;
        if mutation.entity == EntityKind::Decision {
            check_decision(mutation.id, &merged, parent, inspection)?;
        }
        if mutation.entity == EntityKind::Amendment {
            check_corrected_original(&merged, parent, outside)?;
        }
    }
    if mutation.entity == EntityKind::Inspection
        && operation_named
        && !is_relayed(mutation, writer.device_id)
    {
        check_operation(parent, outside)?;
    }
    stored.region_code = stored
        .record
        .value("region_code")
        .and_then(Value::as_str)
        .unwrap_or(&new_region)
        .to_string();
    Ok(Prepared {
        stored,
        old_region,
        outcome,
    })
}

/// An amendment that corrects values must correct a record the server holds, of the kind
/// it names, in the writer's region: every reader lays the corrections over that record.
fn check_corrected_original(
    amendment: &FieldMap,
    original: Option<&StoredRecord>,
    outside: impl Fn(&str) -> bool,
) -> Result<(), Refusal> {
    let names = amendment.get("original_entity").and_then(Value::as_str);
    match original {
        Some(stored)
            if !stored.record.is_deleted()
                && Some(stored.entity.as_str()) == names
                && !outside(&stored.region_code) =>
        {
            Ok(())
        }
        _ => Err(Refusal::code(
            "unknown_original",
            "there is no such record in your team's region to correct",
            Some("original_id"),
        )),
    }
}

/// The operation an inspection is put under must be one the server holds, not
/// deleted, in the writer's region: its report would otherwise never show the
/// inspection. A write that leaves the operation as it was is not judged again, and a
/// relayed write is the record as the server once held it.
fn check_operation(
    operation: Option<&StoredRecord>,
    outside: impl Fn(&str) -> bool,
) -> Result<(), Refusal> {
    match operation {
        Some(stored)
            if stored.entity == EntityKind::Operation.name()
                && !stored.record.is_deleted()
                && !outside(&stored.region_code) =>
        {
            Ok(())
        }
        _ => Err(Refusal::code(
            "unknown_operation",
            "there is no such operation in your team's region; choose one the tablet lists, \
             or record the written order or the reason there is none",
            Some(OPERATION_ID),
        )),
    }
}

/// A decision must be the one of its finding (its id follows from the finding's), and the
/// finding must be under a finalized inspection in the store: the office reviews what
/// the field finalized. It cannot be dated before the inspection.
fn check_decision(
    id: Uuid,
    merged: &FieldMap,
    finding: Option<&StoredRecord>,
    inspection: Option<&StoredRecord>,
) -> Result<(), Refusal> {
    let decision = Decision::from_fields(merged)?;
    if id != decision_id(decision.finding_id) {
        return Err(Refusal::code(
            "wrong_decision_id",
            "a decision's id follows from its finding's id; this one does not",
            Some("id"),
        ));
    }
    let live = |stored: &&StoredRecord| !stored.record.is_deleted();
    finding
        .filter(|f| f.entity == EntityKind::Finding.name())
        .filter(live)
        .ok_or_else(|| {
            Refusal::code(
                "unknown_finding",
                "there is no such finding on the server",
                Some("finding_id"),
            )
        })?;
    let inspection = inspection
        .filter(live)
        .and_then(|stored| Inspection::from_fields(&stored.record.values()).ok())
        .filter(Inspection::is_final)
        .ok_or_else(|| {
            Refusal::code(
                "not_final",
                "the finding's inspection is not finalized; the office reviews finalized findings",
                Some("finding_id"),
            )
        })?;
    let inspected_on = inspection.date();
    if decision.decision_date < inspected_on {
        return Err(FieldError::new(
            "decision_date",
            Invalid::TooEarly {
                earliest: inspected_on.to_string(),
            },
        )
        .into());
    }
    Ok(())
}

/// Each previous document must read as `NAT:NUMBER` (the shared field list checks text
/// only, to keep the field bundle small).
/// Only the coordinator keeps the Rakor's minutes; a field officer moves along the
/// follow-ups their own agency owns (status and notes) and writes nothing else of it.
fn check_rakor_right(
    right: &RakorRight,
    mutation: &CheckedMutation,
    existing: Option<&StoredRecord>,
) -> Result<(), Refusal> {
    if right.keeps_minutes() {
        return Ok(());
    }
    let keeper_only = |field: Option<&str>| {
        Refusal::code(
            "forbidden",
            "only the team's coordinator records Rakor and their follow-ups",
            field,
        )
    };
    match mutation.entity {
        EntityKind::Meeting => Err(keeper_only(None)),
        EntityKind::ActionItem => {
            let Some(existing) = existing else {
                return Err(keeper_only(None));
            };
            let owner = existing
                .record
                .value("owner_agency")
                .and_then(Value::as_str);
            let names = mutation.fields.keys().map(String::as_str);
            match right.follow_up_fault(owner, names) {
                None => Ok(()),
                Some(FollowUpFault::NotTheirs) => Err(Refusal::code(
                    "forbidden",
                    "a follow-up is moved along by its coordinator or the agency that owns it",
                    Some("owner_agency"),
                )),
                Some(FollowUpFault::Field(field)) => Err(keeper_only(Some(field))),
            }
        }
        _ => Ok(()),
    }
}

fn check_previous_documents(mutation: &CheckedMutation) -> Result<(), FieldError> {
    let Some(Value::Array(documents)) = mutation.fields.get(PREVIOUS_DOCUMENTS) else {
        return Ok(());
    };
    for document in documents {
        PreviousDocument::parse(document.as_str().unwrap_or_default())
            .map_err(|reason| FieldError::new(PREVIOUS_DOCUMENTS, reason))?;
    }
    Ok(())
}

/// A foreign national's passport replaced by a newer one: the old one joins their
/// previous documents in the same write, so that the old number still finds the person.
fn keep_previous_document(stored: &StoredRecord, mutation: &mut CheckedMutation) {
    if mutation.entity != EntityKind::Subject || mutation.fields.contains_key(PREVIOUS_DOCUMENTS) {
        return;
    }
    let Some(new) = mutation
        .fields
        .get("passport_number")
        .and_then(Value::as_str)
    else {
        return;
    };
    let Some(old) = stored.record.fields.get("passport_number") else {
        return;
    };
    // An older write loses to the stored number: nothing is replaced.
    let Some(old_number) = old.value.as_str().filter(|_| old.hlc < mutation.hlc) else {
        return;
    };
    if PassportNumber::parse(old_number).ok() == PassportNumber::parse(new).ok() {
        return;
    }
    let country = stored
        .record
        .value("nationality")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let Ok(document) = PreviousDocument::parse(&format!("{country}:{old_number}")) else {
        return;
    };
    let mut kept: Vec<Value> = stored
        .record
        .value(PREVIOUS_DOCUMENTS)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let document = Value::String(document.into());
    if !kept.contains(&document) {
        kept.push(document);
    }
    mutation
        .fields
        .insert(PREVIOUS_DOCUMENTS.to_string(), Value::Array(kept));
}

/// What a batch writes once every mutation has been merged.
struct Batch {
    next_seq: i64,
    /// The writer's ids as stored, formatted once per batch.
    officer_id: String,
    device_id: Uuid,
    device_text: String,
    pulled_cursor: i64,
    changes: Vec<ChangeEntry>,
    conflicts: Vec<ConflictEntry>,
    /// Ids of the records written, each once, in the order first written.
    written: Vec<String>,
    written_set: HashSet<String>,
}

/// One entry of a change-log row's `changes`, serialized straight from the merge. A
/// field set for the first time has no `old` (most of a new record's fields).
#[derive(Serialize)]
struct ChangedField<'a> {
    field: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<&'a Value>,
    new: &'a Value,
}

impl Batch {
    fn new(writer: &Writer, next_seq: i64, mutations: usize) -> Self {
        Batch {
            next_seq,
            officer_id: writer.officer_id.to_string(),
            device_id: writer.device_id,
            device_text: writer.device_id.to_string(),
            pulled_cursor: writer.pulled_cursor,
            changes: Vec::new(),
            conflicts: Vec::new(),
            written: Vec::with_capacity(mutations),
            written_set: HashSet::with_capacity(mutations),
        }
    }

    /// Records one merged mutation under the next sequence number; returns the record as
    /// it now stands and the fields whose incoming value lost.
    fn record(
        &mut self,
        mutation: &CheckedMutation,
        record_id: &str,
        prepared: Prepared,
        now_ms: i64,
    ) -> (StoredRecord, Vec<String>) {
        let Prepared {
            mut stored,
            old_region,
            outcome,
        } = prepared;
        let seq = self.next_seq;
        self.next_seq += 1;
        let op_id = mutation.op_id.to_string();
        let hlc = mutation.hlc.to_string();
        // What a changed field holds now: the value this write set.
        let new_value = |field: &str| stored.record.value(field).unwrap_or(&Value::Null);
        let changes: Vec<ChangedField> = outcome
            .changed
            .iter()
            .map(|c| ChangedField {
                field: &c.field,
                old: c.old.as_ref().map(|o| &o.value),
                new: new_value(&c.field),
            })
            .collect();
        let changes = serde_json::to_string(&changes).unwrap_or_else(|_| "[]".into());
        let lost_fields: Vec<String> = outcome.lost.iter().map(|l| l.field.clone()).collect();

        // (field, kept value, kept stamp, losing value, losing stamp). A relayed write is
        // not its sender's: the device held it as the server had sent it, and what it
        // loses, or overwrites unseen, is no review matter for its sender's officer.
        let relayed = is_relayed(mutation, self.device_id);
        let counted_losses: &[LostWrite] = if relayed { &[] } else { &outcome.lost };
        let mut losers: Vec<(&str, &Value, String, &Value, String)> = counted_losses
            .iter()
            .map(|l| {
                (
                    l.field.as_str(),
                    &l.kept.value,
                    l.kept.hlc.to_string(),
                    &l.losing.value,
                    l.losing.hlc.to_string(),
                )
            })
            .collect();
        // A value from another device that this device had not pulled when the officer
        // made the write is overwritten by a concurrent edit: it lost too, and is kept
        // for review. A device never saw more than it has pulled, whatever it claims.
        let seen_up_to = mutation
            .base_seq
            .map_or(self.pulled_cursor, |base| base.min(self.pulled_cursor));
        for change in outcome.changed.iter().filter(|_| !relayed) {
            let Some(old) = &change.old else { continue };
            let set_by_seq = stored.field_seqs.get(&change.field).copied().unwrap_or(0);
            let new = new_value(&change.field);
            if old.hlc.device != self.device_id && set_by_seq > seen_up_to && old.value != *new {
                losers.push((
                    &change.field,
                    new,
                    hlc.clone(),
                    &old.value,
                    old.hlc.to_string(),
                ));
            }
        }
        let entity = mutation.entity.name();
        for (field, kept_value, kept_hlc, losing_value, losing_hlc) in losers {
            self.conflicts.push(ConflictEntry {
                entity,
                record_id: record_id.to_string(),
                region_code: stored.region_code.clone(),
                field: field.to_string(),
                kept_value: kept_value.to_string(),
                kept_hlc,
                losing_value: losing_value.to_string(),
                losing_hlc,
                op_id: op_id.clone(),
                officer_id: self.officer_id.clone(),
                device_id: self.device_text.clone(),
                detected_at_ms: now_ms,
            });
        }
        self.changes.push(ChangeEntry {
            seq,
            op_id,
            entity,
            record_id: record_id.to_string(),
            officer_id: self.officer_id.clone(),
            device_id: self.device_text.clone(),
            hlc,
            received_at_ms: now_ms,
            old_region,
            new_region: stored.region_code.clone(),
            changes,
            status: if lost_fields.is_empty() {
                "applied"
            } else {
                "conflict"
            },
        });
        for change in outcome.changed {
            stored.field_seqs.insert(change.field, seq);
        }
        stored.seq = seq;
        if self.written_set.insert(record_id.to_string()) {
            self.written.push(record_id.to_string());
        }
        (stored, lost_fields)
    }
}
