//! The device's data as a pure model: its records, its outbox of unsent writes, its pull
//! cursor and its clock. Every change returns the [`StoreWrite`]s that make it durable;
//! the app applies them to IndexedDB in one transaction before it says "saved", and the
//! tests keep them in memory.

use crate::entity::{DELETED, FieldMap, PURGED_AT};
use crate::invalid::FieldError;
use crate::region::RegionCode;
use crate::subject::{MERGED_INTO, Subject};
use crate::sync::engine::{
    Acknowledged, EpochChange, OutboxEntry, PullEffects, PushEffects, REPLAY_ATTEMPTS,
};
use crate::sync::entities::WriteRefused;
use crate::sync::merge::Record;
use crate::sync::wire::{ErrorDetail, Mutation};
use crate::sync::{EntityKind, HlcClock};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use uuid::Uuid;

/// A record as the device holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalRecord {
    pub entity: String,
    pub id: Uuid,
    /// The record as the server last sent it (empty until the first pull brings it).
    pub server: FieldMap,
    /// What the officer sees: the server's record with the device's unsent writes laid
    /// over it.
    pub fields: FieldMap,
    /// Fields whose last write here lost to newer writes elsewhere.
    #[serde(default)]
    pub lost_fields: Vec<String>,
    /// The server's receipt for the signed finalization made on this device, as the
    /// server sent it (see `crate::signing::Receipt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receipt: Option<serde_json::Value>,
    /// The writes the server's values came from, as the last pull said: what the device
    /// sends again should the server be restored from a backup that lost them.
    /// (A pull's `stamps`, see [`crate::sync::wire::stamp_groups`].)
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub stamps: Value,
}

impl LocalRecord {
    pub fn text(&self, field: &str) -> Option<&str> {
        self.fields.get(field).and_then(Value::as_str)
    }

    pub fn is_deleted(&self) -> bool {
        self.fields.get(DELETED) == Some(&Value::Bool(true))
    }

    /// The record a foreign national's record was merged into, if a reviewer merged it.
    pub fn merged_into(&self) -> Option<Uuid> {
        Uuid::parse_str(self.text(MERGED_INTO)?).ok()
    }

    /// Whether lists show the record: neither deleted nor merged into another.
    pub fn is_live(&self) -> bool {
        !self.is_deleted() && self.merged_into().is_none()
    }

    /// What a list calls the record: a person's name, a place, a meeting's theme.
    pub fn title(&self) -> Option<&str> {
        TITLE_FIELDS.into_iter().find_map(|field| self.text(field))
    }

    /// The texts of a list field (photos, ids, codes); empty when unset.
    pub fn texts(&self, field: &str) -> Vec<String> {
        self.fields
            .get(field)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The fields that name a record in a list, the first one set: a person's name, a
/// place, a meeting's theme, an action's description.
pub const TITLE_FIELDS: [&str; 4] = ["full_name", "place_name", "theme", "description"];

/// One durable change to the device store.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreWrite {
    PutRecord(LocalRecord),
    DeleteRecord(Uuid),
    PutOutbox(OutboxEntry),
    DeleteOutbox(Uuid),
    PutCursor(i64),
    PutClock(HlcClock),
    /// The server epoch the device last heard of.
    PutEpoch(Uuid),
}

/// How long an acknowledged write is kept for a restore when no backup is known to
/// hold it: longer than an office would wait to restore a lost server.
pub const KEEP_ACKNOWLEDGED_MS: u64 = 30 * 24 * 3600 * 1000;

/// Why a local edit was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error(transparent)]
    Invalid(#[from] FieldError),
    #[error(transparent)]
    Refused(#[from] WriteRefused),
}

/// Everything the device holds.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceState {
    records: BTreeMap<Uuid, LocalRecord>,
    outbox: Vec<OutboxEntry>,
    /// Acknowledged writes, kept to be sent again should the server be restored from a
    /// backup that predates them; stored with the outbox, marked acknowledged.
    kept: Vec<OutboxEntry>,
    cursor: i64,
    clock: HlcClock,
    server_epoch: Option<Uuid>,
}

impl DeviceState {
    pub fn new(device_id: Uuid) -> Self {
        DeviceState {
            records: BTreeMap::new(),
            outbox: Vec::new(),
            kept: Vec::new(),
            cursor: 0,
            clock: HlcClock::new(device_id),
            server_epoch: None,
        }
    }

    /// Rebuilds the state from what the store held; the outbox is put back in the order
    /// its entries were written.
    pub fn restore(
        records: Vec<LocalRecord>,
        entries: Vec<OutboxEntry>,
        cursor: i64,
        clock: HlcClock,
        server_epoch: Option<Uuid>,
    ) -> Self {
        let (mut kept, mut outbox): (Vec<_>, Vec<_>) = entries
            .into_iter()
            .partition(|entry| entry.acknowledged.is_some());
        // One order for both: one copy of the sort in the field bundle.
        outbox.sort_unstable_by_key(OutboxEntry::send_order);
        kept.sort_unstable_by_key(OutboxEntry::send_order);
        // Inserted one by one: collecting into a map sorts first, and each sort costs the
        // field bundle kilobytes.
        let mut by_id = BTreeMap::new();
        by_id.extend(records.into_iter().map(|record| (record.id, record)));
        DeviceState {
            records: by_id,
            outbox,
            kept,
            cursor,
            clock,
            server_epoch,
        }
    }

    /// The server epoch the device last heard of.
    pub fn server_epoch(&self) -> Option<Uuid> {
        self.server_epoch
    }

    /// Acknowledged writes kept in case the server is restored.
    pub fn kept_count(&self) -> usize {
        self.kept.len()
    }

    pub fn device_id(&self) -> Uuid {
        self.clock.device()
    }

    pub fn cursor(&self) -> i64 {
        self.cursor
    }

    pub fn clock_mut(&mut self) -> &mut HlcClock {
        &mut self.clock
    }

    pub fn outbox(&self) -> &[OutboxEntry] {
        &self.outbox
    }

    pub fn pending_count(&self) -> usize {
        self.outbox.len()
    }

    pub fn rejected(&self) -> impl Iterator<Item = &OutboxEntry> {
        self.outbox.iter().filter(|entry| entry.rejected.is_some())
    }

    pub fn record(&self, id: Uuid) -> Option<&LocalRecord> {
        self.records.get(&id)
    }

    pub fn records(&self) -> impl Iterator<Item = &LocalRecord> {
        self.records.values()
    }

    /// `records` as the amendments held here correct them (`crate::correction`), in one
    /// pass over the store.
    pub fn amended(&self, mut records: Vec<LocalRecord>) -> Vec<LocalRecord> {
        let amendments: Vec<&LocalRecord> =
            self.records().filter(|r| r.entity == "amendment").collect();
        for record in &mut records {
            let id = record.id.to_string();
            let corrections = amendments
                .iter()
                .filter(|a| a.text("original_id") == Some(id.as_str()))
                .map(|a| (a.id, &a.fields));
            record.fields = crate::correction::amended(&record.fields, corrections);
        }
        records
    }

    /// The election period held here that runs on `today` (`YYYY-MM-DD`: its campaign,
    /// or its voting day), the one voting soonest if several: its id and name.
    pub fn active_election(&self, today: &str) -> Option<(Uuid, &str)> {
        self.records()
            .filter(|r| r.entity == EntityKind::ElectionPeriod.name() && r.is_live())
            .filter(|r| {
                let day = |field: &str| r.text(field).unwrap_or_default();
                (day("campaign_start") <= today && today <= day("campaign_end"))
                    || day("voting_day") == today
            })
            .min_by_key(|r| r.text("voting_day"))
            .map(|r| (r.id, r.text("name").unwrap_or_default()))
    }

    /// The operations held here whose period holds `today` (`YYYY-MM-DD`), the first
    /// recorded first: their ids and written order numbers.
    pub fn operations_on<'a>(&'a self, today: &'a str) -> impl Iterator<Item = (Uuid, &'a str)> {
        self.records()
            .filter(|r| r.entity == EntityKind::Operation.name() && r.is_live())
            .filter(move |r| {
                let day = |field: &str| r.text(field).unwrap_or_default();
                day("period_start") <= today && today <= day("period_end")
            })
            .map(|r| (r.id, r.text("order_number").unwrap_or_default()))
    }

    /// The server's refusal of the latest write to a record, if it has one.
    pub fn rejection(&self, id: Uuid) -> Option<&ErrorDetail> {
        self.outbox
            .iter()
            .rev()
            .find(|e| e.mutation.id == id)
            .and_then(|e| e.rejected.as_ref())
    }

    /// Whether the record has writes not yet answered by the server.
    pub fn has_pending(&self, id: Uuid) -> bool {
        self.outbox.iter().any(|e| e.mutation.id == id)
    }

    /// Writes `fields` of a record locally, with the same rules the server applies, and
    /// queues the write. A rejected write to the same record is folded into this one, so
    /// fixing a record resends it whole.
    pub fn edit(
        &mut self,
        entity: EntityKind,
        id: Uuid,
        fields: FieldMap,
        op_id: Uuid,
        now_ms: u64,
    ) -> Result<Vec<StoreWrite>, EditError> {
        let existing = self.records.get(&id);
        let mut combined = FieldMap::new();
        // What the officer had seen: this device's cursor, or an older one when a refused
        // write made earlier is folded into this one.
        let mut base_seq = self.cursor;
        let rejected: Vec<Uuid> = self
            .outbox
            .iter()
            .filter(|e| e.mutation.id == id && e.rejected.is_some())
            .map(|e| e.mutation.op_id)
            .collect();
        for entry in self
            .outbox
            .iter()
            .filter(|e| rejected.contains(&e.mutation.op_id))
        {
            combined.extend(entry.mutation.fields.clone());
            base_seq = base_seq.min(entry.mutation.base_seq.unwrap_or(0));
        }
        combined.extend(fields);
        let creates = existing.is_none_or(|r| r.fields.is_empty());
        entity.validate_write(&combined, creates)?;
        let current = existing
            .map(|r| stamped_view(&r.fields))
            .unwrap_or_default();
        let parent = match entity {
            EntityKind::Finding => combined
                .get("inspection_id")
                .or_else(|| existing.and_then(|r| r.fields.get("inspection_id")))
                .and_then(Value::as_str)
                .and_then(|s| Uuid::parse_str(s).ok())
                .and_then(|parent| self.records.get(&parent))
                .map(|r| stamped_view(&r.fields)),
            _ => None,
        };
        // Finalized is final on the device too, synced or not.
        entity.check_mutable(&current, parent.as_ref())?;
        let mut merged = existing.map(|r| r.fields.clone()).unwrap_or_default();
        merged.extend(combined.clone());
        entity.check_merged(&merged)?;
        if entity == EntityKind::Subject {
            Subject::check_permit_period(
                |name| combined.contains_key(name),
                |name| merged.get(name),
            )?;
        }

        // The server sent this record, or acknowledged its creation from here, so a
        // refusal for its absence means the server was restored and the creation has yet
        // to be sent again (by another device, or by this one once it learns of the
        // restore from that very answer). So too for a decision on a finding the server
        // sent: the finding, or its inspection's finalization, may still be on its way.
        let decided_finding = (entity == EntityKind::Decision)
            .then(|| merged.get("finding_id")?.as_str()?.parse::<Uuid>().ok())
            .flatten();
        let server_had_it = existing.is_some_and(|r| !r.server.is_empty())
            || self.kept.iter().any(|kept| kept.mutation.id == id)
            || decided_finding
                .and_then(|finding| self.records.get(&finding))
                .is_some_and(|finding| !finding.server.is_empty());
        let hlc = self.clock.tick(now_ms);
        let entry = OutboxEntry {
            mutation: Mutation {
                op_id,
                entity: entity.name().to_string(),
                id,
                hlc,
                fields: combined,
                base_seq: Some(base_seq),
                signed: None,
                acked_epoch: None,
            },
            rejected: None,
            acknowledged: None,
            replays_left: if server_had_it { REPLAY_ATTEMPTS } else { 0 },
        };
        let mut writes: Vec<StoreWrite> = rejected
            .iter()
            .map(|op| StoreWrite::DeleteOutbox(*op))
            .collect();
        self.outbox
            .retain(|e| !rejected.contains(&e.mutation.op_id));
        self.outbox.push(entry.clone());
        let record = self.records.entry(id).or_insert_with(|| LocalRecord {
            entity: entity.name().to_string(),
            id,
            server: FieldMap::new(),
            fields: FieldMap::new(),
            lost_fields: Vec::new(),
            receipt: None,
            stamps: Value::Null,
        });
        record.fields = merged;
        writes.push(StoreWrite::PutOutbox(entry));
        writes.push(StoreWrite::PutRecord(record.clone()));
        writes.push(StoreWrite::PutClock(self.clock.clone()));
        Ok(writes)
    }

    /// What the officer signs to finalize `inspection_id`: the inspection as it now
    /// stands here, its findings, its photos' SHA-256, and the unsent write that
    /// finalized it, whose op id is returned beside. `None` when no such write waits.
    pub fn finalization_statement(
        &self,
        inspection_id: Uuid,
        officer: Uuid,
    ) -> Option<(Uuid, crate::signing::Statement)> {
        let write = self.outbox.iter().rev().find(|entry| {
            entry.mutation.id == inspection_id
                && entry.acknowledged.is_none()
                && entry.mutation.hlc.device == self.device_id()
                && entry.mutation.fields.get("status").and_then(|s| s.as_str()) == Some("final")
        })?;
        let inspection = self.records.get(&inspection_id)?;
        let id_text = inspection_id.to_string();
        let mut findings: Vec<&LocalRecord> = self
            .records
            .values()
            .filter(|r| r.entity == "finding" && r.text("inspection_id") == Some(&id_text))
            .filter(|r| !r.is_deleted())
            .collect();
        findings.sort_unstable_by_key(|r| r.id);
        let mut photos: Vec<String> = std::iter::once(inspection)
            .chain(findings.iter().copied())
            .flat_map(|r| r.texts("photos"))
            .collect();
        photos.sort_unstable();
        photos.dedup();
        let statement = crate::signing::Statement {
            kind: crate::signing::STATEMENT_KIND.into(),
            entity: "inspection".into(),
            id: inspection_id,
            record: inspection.fields.clone(),
            findings: findings
                .into_iter()
                .map(|r| crate::signing::SignedRecord {
                    id: r.id,
                    record: r.fields.clone(),
                })
                .collect(),
            photos,
            officer,
            device: self.device_id(),
            hlc: write.mutation.hlc.to_string(),
        };
        Some((write.mutation.op_id, statement))
    }

    /// The statement the officer signs for the unsent write that created the amendment
    /// `amendment_id`: the amendment as written, its photos, the officer, the device and
    /// the write's clock stamp.
    pub fn amendment_statement(
        &self,
        amendment_id: Uuid,
        officer: Uuid,
    ) -> Option<(Uuid, crate::signing::Statement)> {
        let write = self.outbox.iter().rev().find(|entry| {
            entry.mutation.id == amendment_id
                && entry.acknowledged.is_none()
                && entry.mutation.hlc.device == self.device_id()
        })?;
        let amendment = self.records.get(&amendment_id)?;
        let mut photos = amendment.texts("photos");
        photos.sort_unstable();
        let statement = crate::signing::Statement {
            kind: crate::signing::STATEMENT_KIND.into(),
            entity: "amendment".into(),
            id: amendment_id,
            record: amendment.fields.clone(),
            findings: Vec::new(),
            photos,
            officer,
            device: self.device_id(),
            hlc: write.mutation.hlc.to_string(),
        };
        Some((write.mutation.op_id, statement))
    }

    /// The unsent writes the officer signs that carry no signature yet (the app closed
    /// between saving one and signing it), as the entity and id to sign for.
    pub fn unsigned(&self) -> Vec<(crate::sync::EntityKind, Uuid)> {
        self.outbox
            .iter()
            .filter(|entry| {
                entry.acknowledged.is_none()
                    && entry.mutation.signed.is_none()
                    && entry.mutation.hlc.device == self.device_id()
            })
            .filter_map(|entry| {
                let entity = crate::sync::EntityKind::parse(&entry.mutation.entity).ok()?;
                crate::signing::is_signable(&entry.mutation.entity, &entry.mutation.fields)
                    .then_some((entity, entry.mutation.id))
            })
            .collect()
    }

    /// Makes the unsent writes the server refused with `code` sendable again, once what
    /// the refusal asked for is done (a signing key registered again, say).
    pub fn send_again(&mut self, code: &str) -> Vec<StoreWrite> {
        self.outbox
            .iter_mut()
            .filter(|entry| entry.rejected.as_ref().is_some_and(|e| e.code == code))
            .map(|entry| {
                entry.rejected = None;
                StoreWrite::PutOutbox(entry.clone())
            })
            .collect()
    }

    /// Puts the officer's signature on the unsent write `op_id`.
    pub fn attach_signature(&mut self, op_id: Uuid, signed: serde_json::Value) -> Vec<StoreWrite> {
        match self
            .outbox
            .iter_mut()
            .find(|entry| entry.mutation.op_id == op_id && entry.acknowledged.is_none())
        {
            Some(entry) => {
                entry.mutation.signed = Some(signed);
                vec![StoreWrite::PutOutbox(entry.clone())]
            }
            None => Vec::new(),
        }
    }

    /// Drops an unsent write the officer chose to abandon, and shows the record as the
    /// server has it again.
    pub fn discard(&mut self, op_id: Uuid) -> Vec<StoreWrite> {
        let Some(position) = self.outbox.iter().position(|e| e.mutation.op_id == op_id) else {
            return Vec::new();
        };
        let entry = self.outbox.remove(position);
        let mut writes = vec![StoreWrite::DeleteOutbox(op_id)];
        writes.extend(self.refresh(entry.mutation.id));
        writes
    }

    /// Takes in the answer to a push.
    pub fn apply_push(&mut self, effects: &PushEffects) -> Vec<StoreWrite> {
        let mut writes = Vec::new();
        // A relayed write (stamped by another device) is answered for the server's sake
        // alone: taken or refused, it leaves the outbox and says nothing of the officer's
        // own writes.
        let own = self.device_id();
        let answered = |op: &Uuid| {
            effects.acknowledged.contains(op) || effects.rejected.iter().any(|(id, _)| id == op)
        };
        self.outbox.retain(|e| {
            let relayed_and_answered = e.mutation.hlc.device != own && answered(&e.mutation.op_id);
            if relayed_and_answered {
                writes.push(StoreWrite::DeleteOutbox(e.mutation.op_id));
            }
            !relayed_and_answered
        });
        let record_of: std::collections::HashMap<Uuid, Uuid> = self
            .outbox
            .iter()
            .map(|e| (e.mutation.op_id, e.mutation.id))
            .collect();
        for op in &effects.acknowledged {
            if let Some(position) = self.outbox.iter().position(|e| e.mutation.op_id == *op) {
                let mut entry = self.outbox.remove(position);
                entry.acknowledged = Some(Acknowledged::default());
                entry.replays_left = 0;
                writes.push(StoreWrite::PutOutbox(entry.clone()));
                self.kept.push(entry);
            }
        }
        for entry in self.outbox.iter_mut() {
            let op = entry.mutation.op_id;
            if let Some((_, error)) = effects.rejected.iter().find(|(id, _)| *id == op) {
                entry.rejected = Some(error.clone());
                writes.push(StoreWrite::PutOutbox(entry.clone()));
            }
            if let Some((_, hlc)) = effects.restamped.iter().find(|(id, _)| *id == op) {
                entry.mutation.hlc = *hlc;
                writes.push(StoreWrite::PutOutbox(entry.clone()));
            }
            if effects.deferred.contains(&op) {
                entry.replays_left = entry.replays_left.saturating_sub(1);
                writes.push(StoreWrite::PutOutbox(entry.clone()));
            }
        }
        for op in &effects.acknowledged {
            let lost = effects
                .conflicts
                .iter()
                .find(|(id, _)| id == op)
                .map(|(_, lost)| lost.clone());
            let Some(record) = record_of.get(op).and_then(|id| self.records.get_mut(id)) else {
                continue;
            };
            let lost = lost.unwrap_or_default();
            if record.lost_fields != lost {
                record.lost_fields = lost;
                writes.push(StoreWrite::PutRecord(record.clone()));
            }
        }
        for (op, receipt) in &effects.receipts {
            if let Some(record) = record_of.get(op).and_then(|id| self.records.get_mut(id)) {
                record.receipt = Some(receipt.clone());
                writes.push(StoreWrite::PutRecord(record.clone()));
            }
        }
        // A write to a record merged into another landed on the survivor, whose pull
        // brings it back: the merged record shows what the server holds of it.
        let merged: Vec<Uuid> = effects
            .acknowledged
            .iter()
            .filter_map(|op| record_of.get(op).copied())
            .filter(|id| self.record(*id).is_some_and(|r| r.merged_into().is_some()))
            .collect();
        for id in merged {
            writes.extend(self.refresh(id));
        }
        if !effects.restamped.is_empty() {
            writes.push(StoreWrite::PutClock(self.clock.clone()));
        }
        writes.extend(self.take_epoch(effects.epoch_change));
        writes
    }

    /// Takes in what an answer said of the server's epoch. On a restored server every
    /// kept write goes back into the outbox, with its own stamp and id — the server
    /// answers those it still has as duplicates —, so does every record held here, as
    /// relayed writes, and the next pull starts over.
    fn take_epoch(&mut self, change: Option<EpochChange>) -> Vec<StoreWrite> {
        let (epoch, restored) = match change {
            None => return Vec::new(),
            Some(EpochChange::Learned(epoch)) => (epoch, false),
            Some(EpochChange::Restored(epoch)) => (epoch, true),
        };
        let acked_epoch = self.server_epoch.replace(epoch);
        let mut writes = vec![StoreWrite::PutEpoch(epoch)];
        if restored {
            for entry in self.relays(acked_epoch) {
                writes.push(StoreWrite::PutOutbox(entry.clone()));
                self.outbox.push(entry);
            }
            // Each says which server took it: that one took it before any write it took
            // later, a finalization included, and the restored server can trust the order.
            for mut entry in std::mem::take(&mut self.kept) {
                entry.acknowledged = None;
                entry.mutation.acked_epoch = acked_epoch;
                entry.replays_left = REPLAY_ATTEMPTS;
                writes.push(StoreWrite::PutOutbox(entry.clone()));
                self.outbox.push(entry);
            }
            self.outbox.sort_unstable_by_key(OutboxEntry::send_order);
            self.cursor = 0;
            writes.push(StoreWrite::PutCursor(0));
        }
        writes
    }

    /// The records held here, for a server restored from a backup that may have lost
    /// them (their writers may never sync again): each as the server last sent it, one
    /// relayed write per stamp, under that stamp, so that the server's merge keeps
    /// whichever value is newest. This device's own writes are left out, since its kept
    /// writes go again as they were; erased records are never sent again.
    fn relays(&self, acked_epoch: Option<Uuid>) -> Vec<OutboxEntry> {
        let own = self.device_id();
        let mut relays = Vec::new();
        for record in self.records.values() {
            if record.server.contains_key(PURGED_AT) {
                continue;
            }
            // Read in place (see `stamp_groups` for the shape): no list is built per
            // record, which keeps the field bundle small.
            for group in record.stamps.as_array().into_iter().flatten() {
                let stamp = group.get("h").and_then(Value::as_str);
                let Some(hlc) = stamp.and_then(|stamp| crate::sync::Hlc::parse(stamp).ok()) else {
                    continue;
                };
                if hlc.device == own {
                    continue;
                }
                let names = group
                    .get("f")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten();
                let mut fields = FieldMap::new();
                for name in names.filter_map(Value::as_str) {
                    if let Some(value) = record.server.get(name) {
                        fields.insert(name.to_string(), value.clone());
                    }
                }
                if fields.is_empty() {
                    continue;
                }
                relays.push(OutboxEntry {
                    mutation: Mutation {
                        op_id: Uuid::now_v7(),
                        entity: record.entity.clone(),
                        id: record.id,
                        hlc,
                        fields,
                        base_seq: None,
                        signed: None,
                        // The server pulled from took every write its copy holds.
                        acked_epoch,
                    },
                    rejected: None,
                    acknowledged: None,
                    replays_left: REPLAY_ATTEMPTS,
                });
            }
        }
        relays
    }

    /// After a complete pull: kept writes are covered by the cursor reached, and those a
    /// backup holds, kept long enough, or of a record since erased (they hold the values
    /// erased) are let go.
    fn settle_kept(
        &mut self,
        complete: bool,
        cursor: i64,
        backed_up_seq: Option<i64>,
        server_time_ms: u64,
    ) -> Vec<StoreWrite> {
        let mut writes = Vec::new();
        if !complete {
            return writes;
        }
        for entry in &mut self.kept {
            if let Some(acknowledged) = entry
                .acknowledged
                .as_mut()
                .filter(|a| a.covered_by_cursor.is_none())
            {
                acknowledged.covered_by_cursor = Some(cursor);
                writes.push(StoreWrite::PutOutbox(entry.clone()));
            }
        }
        let backed_up = |entry: &OutboxEntry| {
            let covered = entry.acknowledged.and_then(|a| a.covered_by_cursor);
            matches!((covered, backed_up_seq), (Some(c), Some(b)) if c <= b)
        };
        let old = |entry: &OutboxEntry| {
            entry
                .mutation
                .hlc
                .millis
                .saturating_add(KEEP_ACKNOWLEDGED_MS)
                < server_time_ms
        };
        let records = &self.records;
        let erased = |entry: &OutboxEntry| {
            records
                .get(&entry.mutation.id)
                .is_some_and(|r| r.server.contains_key(PURGED_AT))
        };
        self.kept.retain(|entry| {
            let release = backed_up(entry) || old(entry) || erased(entry);
            if release {
                writes.push(StoreWrite::DeleteOutbox(entry.mutation.op_id));
            }
            !release
        });
        writes
    }

    /// Takes in a stored pull page and moves the cursor.
    pub fn apply_pull(&mut self, effects: PullEffects) -> Vec<StoreWrite> {
        let mut writes = self.take_epoch(effects.epoch_change);
        // Once the upserts are in, so that a record erased in this pull lets go too.
        let (complete, cursor, backed_up_seq, server_time_ms) = (
            effects.complete,
            effects.cursor,
            effects.backed_up_seq,
            effects.server_time_ms,
        );
        if let Some(scope) = effects
            .keep_only_scope
            .as_deref()
            .and_then(|s| RegionCode::parse(s).ok())
        {
            let outside: Vec<Uuid> = self
                .records
                .values()
                .filter(|r| {
                    // Election periods of the regions above the scope run in it too.
                    let above = r.entity == EntityKind::ElectionPeriod.name();
                    r.text("region_code")
                        .and_then(|code| RegionCode::parse(code).ok())
                        .is_none_or(|code| !(scope.covers(&code) || (above && code.covers(&scope))))
                })
                .map(|r| r.id)
                .collect();
            for id in outside {
                self.records.remove(&id);
                writes.push(StoreWrite::DeleteRecord(id));
            }
        }
        for id in effects.removals {
            if self.records.remove(&id).is_some() {
                writes.push(StoreWrite::DeleteRecord(id));
            }
        }
        for change in effects.upserts {
            let record = self
                .records
                .entry(change.id)
                .or_insert_with(|| LocalRecord {
                    entity: change.entity.clone(),
                    id: change.id,
                    server: FieldMap::new(),
                    fields: FieldMap::new(),
                    lost_fields: Vec::new(),
                    receipt: None,
                    stamps: Value::Null,
                });
            record.server = change.record;
            record.stamps = change.stamps;
            writes.extend(self.refresh(change.id));
        }
        self.cursor = effects.cursor;
        writes.push(StoreWrite::PutCursor(self.cursor));
        writes.push(StoreWrite::PutClock(self.clock.clone()));
        writes.extend(self.settle_kept(complete, cursor, backed_up_seq, server_time_ms));
        writes
    }

    /// Recomputes what the officer sees of a record: the server's fields with every
    /// unsent write laid over them, so an officer never sees their own edit vanish.
    fn refresh(&mut self, id: Uuid) -> Vec<StoreWrite> {
        // Relayed writes (stamped elsewhere) hold what the server sent, not the officer's.
        let own = self.device_id();
        let pending: Vec<&FieldMap> = self
            .outbox
            .iter()
            .filter(|e| e.mutation.id == id && e.mutation.hlc.device == own)
            .map(|e| &e.mutation.fields)
            .collect();
        let Some(record) = self.records.get_mut(&id) else {
            return Vec::new();
        };
        let mut fields = record.server.clone();
        for write in pending {
            fields.extend(write.clone());
        }
        if fields.is_empty() {
            self.records.remove(&id);
            return vec![StoreWrite::DeleteRecord(id)];
        }
        record.fields = fields;
        vec![StoreWrite::PutRecord(record.clone())]
    }
}

/// The device's fields as a record for the shared rules (stamps do not matter there).
fn stamped_view(fields: &FieldMap) -> Record {
    let mut record = Record::default();
    record.merge(
        fields.clone(),
        crate::sync::Hlc {
            millis: 0,
            counter: 0,
            device: Uuid::nil(),
        },
    );
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::engine::{PullEffects, PushEffects};
    use crate::sync::wire::Change;
    use serde_json::json;

    fn fields(value: Value) -> FieldMap {
        value.as_object().cloned().unwrap_or_default()
    }

    fn subject(name: &str) -> FieldMap {
        fields(json!({"region_code": "51.01", "full_name": name}))
    }

    fn op(n: u128) -> Uuid {
        Uuid::from_u128(0xff00 + n)
    }

    #[test]
    fn an_edit_is_validated_queued_and_made_durable() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let id = Uuid::from_u128(10);
        let bad = device.edit(
            EntityKind::Subject,
            id,
            fields(json!({"full_name": "X"})),
            op(0),
            1_000,
        );
        assert!(matches!(bad, Err(EditError::Invalid(e)) if e.field == "region_code"));
        assert_eq!(device.pending_count(), 0, "nothing invalid is saved");
        let writes = device
            .edit(EntityKind::Subject, id, subject("DEMO"), op(1), 1_000)
            .expect("valid");
        assert!(matches!(&writes[0], StoreWrite::PutOutbox(e) if e.mutation.op_id == op(1)));
        assert!(
            writes.iter().any(
                |w| matches!(w, StoreWrite::PutRecord(r) if r.text("full_name") == Some("DEMO"))
            )
        );
        assert!(writes.iter().any(|w| matches!(w, StoreWrite::PutClock(_))));
        assert_eq!(device.pending_count(), 1);
    }

    #[test]
    fn an_amendment_is_signed_as_written_by_this_device_and_officer() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let amendment = Uuid::from_u128(20);
        let written = fields(json!({
            "region_code": "51.01", "original_entity": "inspection",
            "original_id": Uuid::from_u128(10).to_string(),
            "reason": "Salah ketik", "changes": "Nomor surat: CONTOH/2"
        }));
        device
            .edit(
                EntityKind::Amendment,
                amendment,
                written.clone(),
                op(1),
                1_000,
            )
            .expect("a valid amendment");
        let officer = Uuid::from_u128(7);
        let (op_id, statement) = device
            .amendment_statement(amendment, officer)
            .expect("an unsent amendment");
        assert_eq!(op_id, op(1));
        assert_eq!(
            (statement.entity.as_str(), statement.id, statement.officer),
            ("amendment", amendment, officer)
        );
        assert_eq!(statement.device, Uuid::from_u128(1));
        assert!(statement.findings.is_empty());
        for (field, value) in &written {
            assert_eq!(
                statement.record.get(field),
                Some(value),
                "{field} as written"
            );
        }
        assert_eq!(statement.hlc, device.outbox()[0].mutation.hlc.to_string());
        assert!(
            device
                .amendment_statement(Uuid::from_u128(21), officer)
                .is_none(),
            "nothing to sign for a record with no unsent write"
        );
    }

    #[test]
    fn an_unsigned_finalization_or_amendment_waits_to_be_signed() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let (inspection, amendment) = (Uuid::from_u128(10), Uuid::from_u128(20));
        device
            .edit(
                EntityKind::Subject,
                Uuid::from_u128(5),
                subject("DEMO"),
                op(1),
                1_000,
            )
            .expect("a valid subject");
        let draft = fields(json!({
            "region_code": "51.01", "place_name": "Vila Contoh",
            "started_at": "2026-12-01T09:00:00+08:00", "warrant_number": "SPRIN/UJI/1"
        }));
        device
            .edit(EntityKind::Inspection, inspection, draft, op(2), 1_000)
            .expect("a valid inspection");
        assert!(device.unsigned().is_empty(), "a draft is not signed");
        device
            .edit(
                EntityKind::Inspection,
                inspection,
                fields(json!({"status": "final"})),
                op(3),
                2_000,
            )
            .expect("finalized");
        device
            .edit(
                EntityKind::Amendment,
                amendment,
                fields(json!({
                    "region_code": "51.01", "original_entity": "inspection",
                    "original_id": inspection.to_string(),
                    "reason": "Salah ketik", "changes": "Nomor surat: CONTOH/2"
                })),
                op(4),
                3_000,
            )
            .expect("a valid amendment");
        assert_eq!(
            device.unsigned(),
            vec![
                (EntityKind::Inspection, inspection),
                (EntityKind::Amendment, amendment)
            ]
        );
        device.attach_signature(op(3), json!({"signature": "…"}));
        assert_eq!(device.unsigned(), vec![(EntityKind::Amendment, amendment)]);
    }

    #[test]
    fn pulled_records_keep_unsent_edits_on_top() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let id = Uuid::from_u128(10);
        device
            .edit(EntityKind::Subject, id, subject("MINE"), op(1), 1_000)
            .expect("edit");
        let change = Change {
            seq: 3,
            entity: "subject".into(),
            id,
            record: fields(json!({"region_code": "51.01", "full_name": "SERVER", "notes": "n"})),
            stamps: Value::Null,
            deleted: false,
        };
        device.apply_pull(PullEffects {
            upserts: vec![change],
            cursor: 3,
            ..PullEffects::default()
        });
        let record = device.record(id).expect("record");
        assert_eq!(record.text("full_name"), Some("MINE"));
        assert_eq!(record.text("notes"), Some("n"));
        assert_eq!(device.cursor(), 3);
        device.apply_push(&PushEffects {
            acknowledged: vec![op(1)],
            ..PushEffects::default()
        });
        assert_eq!(device.pending_count(), 0);
    }

    #[test]
    fn a_rejected_write_stays_and_a_fix_resends_it_whole() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let id = Uuid::from_u128(10);
        device
            .edit(EntityKind::Subject, id, subject("DEMO"), op(1), 1_000)
            .expect("edit");
        let error = ErrorDetail::new("forbidden", "outside", Some("region_code".into()));
        device.apply_push(&PushEffects {
            rejected: vec![(op(1), error.clone())],
            ..PushEffects::default()
        });
        assert_eq!(device.rejection(id), Some(&error));
        assert_eq!(device.pending_count(), 1);
        device
            .edit(
                EntityKind::Subject,
                id,
                fields(json!({"region_code": "51.01.04"})),
                op(2),
                2_000,
            )
            .expect("fix");
        assert_eq!(
            device.pending_count(),
            1,
            "the fix replaces the rejected write"
        );
        let resent = &device.outbox()[0].mutation;
        assert_eq!(resent.op_id, op(2));
        assert_eq!(resent.fields.get("full_name"), Some(&json!("DEMO")));
        assert_eq!(resent.fields.get("region_code"), Some(&json!("51.01.04")));
        assert!(device.rejection(id).is_none());
    }

    #[test]
    fn finalized_inspections_refuse_local_edits() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let inspection = Uuid::from_u128(20);
        let base = fields(
            json!({"region_code": "51.01", "started_at": "2026-11-28T09:00:00+08:00", "place_name": "Vila", "warrant_number": "SPRIN/1", "status": "final"}),
        );
        device
            .edit(EntityKind::Inspection, inspection, base, op(1), 1_000)
            .expect("finalize");
        let later = device.edit(
            EntityKind::Inspection,
            inspection,
            fields(json!({"notes": "x"})),
            op(2),
            2_000,
        );
        assert_eq!(later, Err(EditError::Refused(WriteRefused::Finalized)));
        let finding = fields(
            json!({"region_code": "51.01", "inspection_id": inspection.to_string(), "subject_id": Uuid::from_u128(5).to_string()}),
        );
        let refused = device.edit(
            EntityKind::Finding,
            Uuid::from_u128(21),
            finding,
            op(3),
            3_000,
        );
        assert_eq!(refused, Err(EditError::Refused(WriteRefused::Finalized)));
    }

    #[test]
    fn leaving_the_scope_drops_records_but_not_elections_above_it() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let (a, b) = (Uuid::from_u128(10), Uuid::from_u128(11));
        device
            .edit(EntityKind::Subject, a, subject("A"), op(1), 1_000)
            .expect("edit");
        device
            .edit(
                EntityKind::Subject,
                b,
                fields(json!({"region_code": "51.08", "full_name": "B"})),
                op(2),
                1_000,
            )
            .expect("edit");
        let (province, elsewhere) = (Uuid::from_u128(12), Uuid::from_u128(13));
        for (n, id, region) in [(3, province, "51"), (4, elsewhere, "51.08")] {
            let period = json!({"region_code": region, "name": "Pemilu Uji",
                "campaign_start": "2027-01-10", "campaign_end": "2027-02-10",
                "voting_day": "2027-02-14"});
            device
                .edit(EntityKind::ElectionPeriod, id, fields(period), op(n), 1_000)
                .expect("edit");
        }
        device.apply_push(&PushEffects {
            acknowledged: vec![op(1), op(2), op(3), op(4)],
            conflicts: vec![(op(1), vec!["full_name".into()])],
            ..PushEffects::default()
        });
        assert_eq!(
            device.record(a).map(|r| r.lost_fields.clone()),
            Some(vec!["full_name".to_string()])
        );
        let writes = device.apply_pull(PullEffects {
            keep_only_scope: Some("51.01".into()),
            cursor: 9,
            ..PullEffects::default()
        });
        assert!(writes.contains(&StoreWrite::DeleteRecord(b)));
        assert!(device.record(a).is_some());
        assert!(device.record(b).is_none());
        // A province-wide election runs in the new scope; another regency's does not.
        assert!(device.record(province).is_some());
        assert!(device.record(elsewhere).is_none());
    }

    #[test]
    fn acknowledged_writes_are_kept_until_a_backup_holds_them() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let epoch = Uuid::from_u128(77);
        for n in 1..=2 {
            device
                .edit(
                    EntityKind::Subject,
                    Uuid::from_u128(10 + n),
                    subject("A"),
                    op(n),
                    1_000,
                )
                .expect("edit");
        }
        let writes = device.apply_push(&PushEffects {
            acknowledged: vec![op(1), op(2)],
            epoch_change: Some(EpochChange::Learned(epoch)),
            ..PushEffects::default()
        });
        assert_eq!((device.pending_count(), device.kept_count()), (0, 2));
        assert!(writes.contains(&StoreWrite::PutEpoch(epoch)));
        assert!(
            !writes
                .iter()
                .any(|w| matches!(w, StoreWrite::DeleteOutbox(_))),
            "kept in the store, marked acknowledged"
        );
        assert_eq!(device.server_epoch(), Some(epoch));
        // A complete pull to cursor 12, when no backup holds change 12 yet: kept.
        device.apply_pull(PullEffects {
            cursor: 12,
            complete: true,
            backed_up_seq: Some(11),
            server_time_ms: 2_000,
            ..PullEffects::default()
        });
        assert_eq!(device.kept_count(), 2);
        // A backup holds everything to 12: let go.
        let writes = device.apply_pull(PullEffects {
            cursor: 12,
            complete: true,
            backed_up_seq: Some(12),
            server_time_ms: 3_000,
            ..PullEffects::default()
        });
        assert_eq!(device.kept_count(), 0);
        assert!(writes.contains(&StoreWrite::DeleteOutbox(op(1))));
    }

    #[test]
    fn kept_writes_are_let_go_after_a_month_without_a_backup() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        device
            .edit(
                EntityKind::Subject,
                Uuid::from_u128(10),
                subject("A"),
                op(1),
                1_000,
            )
            .expect("edit");
        device.apply_push(&PushEffects {
            acknowledged: vec![op(1)],
            ..PushEffects::default()
        });
        device.apply_pull(PullEffects {
            cursor: 3,
            complete: true,
            server_time_ms: 1_000 + KEEP_ACKNOWLEDGED_MS,
            ..PullEffects::default()
        });
        assert_eq!(device.kept_count(), 1);
        device.apply_pull(PullEffects {
            cursor: 3,
            complete: true,
            server_time_ms: 2_000 + KEEP_ACKNOWLEDGED_MS,
            ..PullEffects::default()
        });
        assert_eq!(device.kept_count(), 0);
    }

    #[test]
    fn a_restored_server_gets_the_kept_writes_again_in_order() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let (old, new) = (Uuid::from_u128(77), Uuid::from_u128(78));
        for n in 1..=3 {
            device
                .edit(
                    EntityKind::Subject,
                    Uuid::from_u128(10 + n),
                    subject("A"),
                    op(n),
                    1_000 + n as u64,
                )
                .expect("edit");
        }
        device.apply_push(&PushEffects {
            acknowledged: vec![op(1), op(2)],
            epoch_change: Some(EpochChange::Learned(old)),
            ..PushEffects::default()
        });
        device.apply_pull(PullEffects {
            cursor: 40,
            complete: true,
            server_time_ms: 2_000,
            ..PullEffects::default()
        });
        let writes = device.apply_pull(PullEffects {
            cursor: 0,
            epoch_change: Some(EpochChange::Restored(new)),
            ..PullEffects::default()
        });
        let queued: Vec<Uuid> = device.outbox().iter().map(|e| e.mutation.op_id).collect();
        assert_eq!(
            queued,
            [op(1), op(2), op(3)],
            "in the order they were written"
        );
        assert!(device.outbox().iter().all(OutboxEntry::is_sendable));
        let claims: Vec<Option<Uuid>> = device
            .outbox()
            .iter()
            .map(|e| e.mutation.acked_epoch)
            .collect();
        assert_eq!(
            claims,
            [Some(old), Some(old), None],
            "the writes the old server took name it; the one never sent does not"
        );
        assert_eq!((device.kept_count(), device.cursor()), (0, 0));
        assert!(writes.contains(&StoreWrite::PutCursor(0)));
        assert!(writes.contains(&StoreWrite::PutEpoch(new)));
        // What the store holds brings the same state back.
        let entries: Vec<OutboxEntry> = device.outbox().to_vec();
        let again = DeviceState::restore(Vec::new(), entries, 0, device.clock.clone(), Some(new));
        assert_eq!(
            (again.pending_count(), again.server_epoch()),
            (3, Some(new))
        );
    }

    #[test]
    fn a_restored_server_gets_the_records_held_here_relayed_under_their_stamps() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let other = Uuid::from_u128(2);
        let stamp = |millis| crate::sync::Hlc {
            millis,
            counter: 0,
            device: other,
        };
        let (subject_id, inspection_id) = (Uuid::from_u128(10), Uuid::from_u128(11));
        let group =
            |millis, names: &[&str]| json!({"h": stamp(millis).to_string(), "s": 1, "f": names});
        let pulled = |id, entity: &str, record: Value, stamps| Change {
            seq: 1,
            entity: entity.into(),
            id,
            record: fields(record),
            stamps,
            deleted: false,
        };
        device.apply_pull(PullEffects {
            upserts: vec![
                pulled(
                    subject_id,
                    "subject",
                    json!({"full_name": "A", "region_code": "51.01", "address": "Jl. (fiktif)"}),
                    json!([
                        group(900, &["full_name", "region_code"]),
                        group(950, &["address"]),
                    ]),
                ),
                pulled(
                    inspection_id,
                    "inspection",
                    json!({"place_name": "Vila", "status": "final"}),
                    json!([group(500, &["place_name"]), group(960, &["status"])]),
                ),
            ],
            cursor: 2,
            epoch_change: Some(EpochChange::Learned(Uuid::from_u128(77))),
            complete: true,
            ..PullEffects::default()
        });
        device.apply_pull(PullEffects {
            epoch_change: Some(EpochChange::Restored(Uuid::from_u128(78))),
            ..PullEffects::default()
        });
        let queued: Vec<(Uuid, u64, Vec<&str>)> = device
            .outbox()
            .iter()
            .map(|e| {
                assert!(e.mutation.hlc.device == other && e.mutation.base_seq.is_none());
                // The server the copy came from took every write in it.
                assert_eq!(e.mutation.acked_epoch, Some(Uuid::from_u128(77)));
                let names = e.mutation.fields.keys().map(String::as_str).collect();
                (e.mutation.id, e.mutation.hlc.millis, names)
            })
            .collect();
        assert_eq!(
            queued,
            [
                (inspection_id, 500, vec!["place_name"]),
                (subject_id, 900, vec!["full_name", "region_code"]),
                (subject_id, 950, vec!["address"]),
                (inspection_id, 960, vec!["status"]),
            ],
            "one write per stamp, in stamp order, the finalization last"
        );
        // Relays never show over what the server sends, and are never signed here.
        assert_eq!(
            device.record(subject_id).map(|r| r.text("full_name")),
            Some(Some("A"))
        );
        assert!(device.unsigned().is_empty());
        let ops: Vec<Uuid> = device.outbox().iter().map(|e| e.mutation.op_id).collect();
        let writes = device.apply_push(&PushEffects {
            acknowledged: vec![ops[0], ops[1]],
            rejected: vec![(ops[3], ErrorDetail::new("signature_required", "", None))],
            ..PushEffects::default()
        });
        assert_eq!(
            device.pending_count(),
            1,
            "taken or refused, a relay leaves"
        );
        assert_eq!(device.kept_count(), 0, "and is not kept");
        assert!(writes.contains(&StoreWrite::DeleteOutbox(ops[3])));
        assert!(
            device
                .record(subject_id)
                .is_some_and(|r| r.lost_fields.is_empty())
        );
    }

    #[test]
    fn an_edit_of_a_record_whose_creation_was_acknowledged_may_wait_for_it() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let id = Uuid::from_u128(10);
        device
            .edit(EntityKind::Subject, id, subject("A"), op(1), 1_000)
            .expect("create");
        device.apply_push(&PushEffects {
            acknowledged: vec![op(1)],
            ..PushEffects::default()
        });
        // Not pulled yet: only the kept creation says the server had the record.
        device
            .edit(EntityKind::Subject, id, subject("B"), op(2), 1_001)
            .expect("edit");
        let edit = device.outbox().last().expect("queued");
        assert_eq!(edit.replays_left, REPLAY_ATTEMPTS);
        let other = Uuid::from_u128(11);
        device
            .edit(EntityKind::Subject, other, subject("C"), op(3), 1_002)
            .expect("create");
        assert_eq!(device.outbox().last().expect("queued").replays_left, 0);
    }

    #[test]
    fn a_decision_on_a_finding_the_server_sent_may_wait_for_it() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let (sent, local) = (Uuid::from_u128(20), Uuid::from_u128(21));
        device.apply_pull(PullEffects {
            upserts: vec![Change {
                seq: 3,
                entity: "finding".into(),
                id: sent,
                record: fields(
                    json!({"region_code": "51.01", "inspection_id": Uuid::from_u128(9)}),
                ),
                stamps: Value::Null,
                deleted: false,
            }],
            cursor: 3,
            complete: true,
            ..PullEffects::default()
        });
        let decide = |device: &mut DeviceState, finding: Uuid, n: u128| {
            device
                .edit(
                    EntityKind::Decision,
                    crate::decision::decision_id(finding),
                    fields(json!({
                        "region_code": "51.01", "finding_id": finding, "state": "decided",
                        "decided_action": "deportation", "decision_number": "KEP/UJI/1",
                        "decision_date": "2026-12-01", "decided_by": Uuid::from_u128(1),
                    })),
                    op(n),
                    1_000,
                )
                .expect("decided");
            device.outbox().last().expect("queued").replays_left
        };
        // After a restore, the finding or its finalization may reach the server later.
        assert_eq!(decide(&mut device, sent, 1), REPLAY_ATTEMPTS);
        assert_eq!(decide(&mut device, local, 2), 0, "a finding never sent");
    }

    #[test]
    fn a_write_to_a_merged_record_is_shown_on_its_survivor_not_on_it() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let (merged, survivor) = (Uuid::from_u128(10), Uuid::from_u128(11));
        let pulled = |id, record| Change {
            seq: 5,
            entity: "subject".into(),
            id,
            record,
            stamps: Value::Null,
            deleted: false,
        };
        device.apply_pull(PullEffects {
            upserts: vec![
                pulled(
                    merged,
                    fields(json!({"region_code": "51.01", "full_name": "A",
                    "merged_into": survivor.to_string()})),
                ),
                pulled(
                    survivor,
                    fields(json!({"region_code": "51.01", "full_name": "A"})),
                ),
            ],
            cursor: 5,
            complete: true,
            ..PullEffects::default()
        });
        assert!(!device.record(merged).is_some_and(LocalRecord::is_live));
        device
            .edit(
                EntityKind::Subject,
                merged,
                fields(json!({"address": "Jl. Contoh"})),
                op(1),
                1_000,
            )
            .expect("edit");
        device.apply_push(&PushEffects {
            acknowledged: vec![op(1)],
            ..PushEffects::default()
        });
        let record = device.record(merged).expect("kept");
        assert_eq!(record.fields, record.server);
    }

    #[test]
    fn an_erased_record_leaves_no_kept_write_behind() {
        let mut device = DeviceState::new(Uuid::from_u128(1));
        let (erased, other) = (Uuid::from_u128(10), Uuid::from_u128(11));
        device
            .edit(EntityKind::Subject, erased, subject("A"), op(1), 1_000)
            .expect("edit");
        device
            .edit(EntityKind::Subject, other, subject("B"), op(2), 1_001)
            .expect("edit");
        device.apply_push(&PushEffects {
            acknowledged: vec![op(1), op(2)],
            ..PushEffects::default()
        });
        assert_eq!(device.kept_count(), 2);
        let tombstone = Change {
            seq: 9,
            entity: "subject".into(),
            id: erased,
            record: fields(json!({"region_code": "51.01", "deleted": true, "purged_at_ms": 5})),
            stamps: Value::Null,
            deleted: true,
        };
        let writes = device.apply_pull(PullEffects {
            upserts: vec![tombstone],
            cursor: 9,
            complete: true,
            ..PullEffects::default()
        });
        assert_eq!(
            device.kept_count(),
            1,
            "the other record's write is still kept"
        );
        assert!(writes.contains(&StoreWrite::DeleteOutbox(op(1))));
        assert_eq!(
            device.record(erased).and_then(|r| r.text("full_name")),
            None
        );
    }
}
