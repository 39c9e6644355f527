//! The device side of sync as a pure state machine: which request to send next, and
//! what each answer means for the device's data. No I/O — the app drives it with
//! `fetch` and IndexedDB, the tests with native HTTP and memory.
//!
//! One run pushes the outbox in batches, then pulls pages until the server has no more:
//!
//! ```text
//! Push ──(outbox empty or nothing sendable)──▶ Pull ──(more = false)──▶ Done
//!  ▲ │ answer applied                           ▲ │ page stored
//!  └─┘                                          └─┘
//! ```

use super::hlc::HlcClock;
use super::wire::{
    Change, ErrorDetail, MAX_BATCH_BYTES, MAX_BATCH_MUTATIONS, Mutation, PullResponse, PushRequest,
    PushResponse, PushStatus,
};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use uuid::Uuid;

/// A write waiting on the device until the server answers it — and, once answered, kept
/// a while longer in case the server is restored from a backup that predates it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub mutation: Mutation,
    /// Set when the server refused it: the entry stays, shown with its error, until the
    /// officer fixes the record (which replaces the entry) or discards it.
    pub rejected: Option<ErrorDetail>,
    /// Set once the server has acknowledged it: the write is kept only to be sent again
    /// should the server lose it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<Acknowledged>,
    /// For a write to a record the server had — an edit of a record it sent, or a write
    /// sent again to a restored server, a decision on a finding the server sent — how
    /// many more refusals for something missing (`required`, `unknown_finding`,
    /// `not_final`) are taken as "not yet" before the refusal stands: after a restore,
    /// another device may still have to send the record's creation again.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub replays_left: u8,
}

/// A refusal for something a restored server may not hold yet, which another device is
/// to send again: a record (`required`), or a decision's finding or that finding's
/// finalization (`unknown_finding`, `not_final`).
fn waits_for_a_resend(code: &str) -> bool {
    matches!(code, "required" | "unknown_finding" | "not_final")
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// How many syncs a write may find its record missing on a restored server before the
/// refusal stands.
pub const REPLAY_ATTEMPTS: u8 = 10;

impl OutboxEntry {
    pub fn is_sendable(&self) -> bool {
        self.rejected.is_none() && self.acknowledged.is_none()
    }

    /// Where the entry goes in the outbox: by clock stamp, but finalizations and
    /// amendments after every other write. Nothing depends on them but each other, and
    /// a server restored from a backup must meet the writes it took before a record was
    /// finalized before it meets the finalization, or it would refuse them.
    pub fn send_order(&self) -> (bool, super::hlc::Hlc) {
        let signable = crate::signing::is_signable(&self.mutation.entity, &self.mutation.fields);
        (signable, self.mutation.hlc)
    }
}

/// An acknowledged write kept for a restore.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledged {
    /// A pull cursor at or past the change the write made: once a backup holds every
    /// change up to it, the write need not be kept.
    pub covered_by_cursor: Option<i64>,
}

/// What an answer says about the server's epoch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EpochChange {
    /// The first epoch this device hears of.
    Learned(Uuid),
    /// A new epoch: the server was restored from a backup and may have lost writes it
    /// acknowledged. The device sends its kept writes again and pulls from the start.
    Restored(Uuid),
}

/// The next request of a run.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Push(PushRequest),
    Pull { cursor: i64, limit: u32 },
}

/// What a push answer means for the outbox.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PushEffects {
    /// Answered (applied, conflict or duplicate): drop from the outbox.
    pub acknowledged: Vec<Uuid>,
    /// Refused: keep, with the error.
    pub rejected: Vec<(Uuid, ErrorDetail)>,
    /// Stamped too far ahead of the server: keep, with this new stamp, and resend.
    pub restamped: Vec<(Uuid, super::hlc::Hlc)>,
    /// Recorded, but these fields lost to newer writes.
    pub conflicts: Vec<(Uuid, Vec<String>)>,
    /// Writes refused because the server lacks a record it had: kept, to try at a later
    /// sync (see [`OutboxEntry::replays_left`]).
    pub deferred: Vec<Uuid>,
    pub epoch_change: Option<EpochChange>,
    /// The server's receipts for signed writes it took, kept with their records.
    pub receipts: Vec<(Uuid, serde_json::Value)>,
}

/// What a pull page means for the device's records.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PullEffects {
    /// Records to store as the server has them.
    pub upserts: Vec<Change>,
    /// Records to drop: they left the reader's scope.
    pub removals: Vec<Uuid>,
    /// The cursor to commit once the page is stored.
    pub cursor: i64,
    /// When the reader's scope changed, drop every record outside this region.
    pub keep_only_scope: Option<String>,
    pub epoch_change: Option<EpochChange>,
    /// The last page of the run: the device holds everything the server had.
    pub complete: bool,
    /// From the page: see [`PullResponse::backed_up_seq`].
    pub backed_up_seq: Option<i64>,
    pub server_time_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Push,
    Pull,
    Done,
}

/// Totals of one run, for the status bar.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncReport {
    pub pushed: usize,
    pub rejected: usize,
    pub conflicts: usize,
    pub pulled: usize,
}

/// A problem the run cannot go on from.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProtocolError {
    #[error("the server answered {got} results for {sent} mutations")]
    ResultCount { sent: usize, got: usize },
    #[error("the server answered out of order")]
    ResultOrder,
    #[error("an answer arrived that no request was waiting for")]
    Unexpected,
}

/// One sync run.
#[derive(Debug, Clone)]
pub struct SyncRun {
    device_id: Uuid,
    /// The server epoch the device last heard of.
    epoch: Option<Uuid>,
    phase: Phase,
    cursor: i64,
    pull_limit: u32,
    in_flight: Vec<Uuid>,
    /// Of those in flight, the writes that may wait for a record's creation.
    in_flight_replays: HashSet<Uuid>,
    /// Writes put off in this run: not sent again until the next.
    deferred: HashSet<Uuid>,
    restamped_once: HashSet<Uuid>,
    report: SyncReport,
}

impl SyncRun {
    pub fn new(device_id: Uuid, cursor: i64, pull_limit: u32) -> Self {
        SyncRun {
            device_id,
            epoch: None,
            phase: Phase::Push,
            cursor,
            pull_limit,
            in_flight: Vec::new(),
            in_flight_replays: HashSet::new(),
            deferred: HashSet::new(),
            restamped_once: HashSet::new(),
            report: SyncReport::default(),
        }
    }

    /// The server epoch the device last heard of, to notice a restored server.
    pub fn knowing_epoch(mut self, epoch: Option<Uuid>) -> Self {
        self.epoch = epoch;
        self
    }

    pub fn report(&self) -> &SyncReport {
        &self.report
    }

    /// Compares an answer's epoch with the one the device knows. On a restored server
    /// the run starts over: push (the device re-queues its kept writes), then pull from
    /// the beginning.
    fn check_epoch(&mut self, answered: Option<Uuid>) -> Option<EpochChange> {
        let answered = answered?;
        match self.epoch.replace(answered) {
            None => Some(EpochChange::Learned(answered)),
            Some(known) if known == answered => None,
            Some(_) => {
                self.phase = Phase::Push;
                self.cursor = 0;
                Some(EpochChange::Restored(answered))
            }
        }
    }

    pub fn is_done(&self) -> bool {
        self.phase == Phase::Done
    }

    /// The next request, given the outbox in the order its entries were written; `None`
    /// when the run is over.
    pub fn next_request(&mut self, outbox: &[OutboxEntry]) -> Option<Request> {
        if self.phase == Phase::Push {
            let batch = take_batch(outbox, &self.deferred);
            if batch.is_empty() {
                self.phase = Phase::Pull;
            } else {
                self.in_flight = batch.iter().map(|e| e.mutation.op_id).collect();
                self.in_flight_replays = batch
                    .iter()
                    .filter(|e| e.replays_left > 1)
                    .map(|e| e.mutation.op_id)
                    .collect();
                return Some(Request::Push(PushRequest {
                    device_id: self.device_id,
                    mutations: batch.into_iter().map(|e| e.mutation.clone()).collect(),
                }));
            }
        }
        match self.phase {
            Phase::Pull => Some(Request::Pull {
                cursor: self.cursor,
                limit: self.pull_limit,
            }),
            _ => None,
        }
    }

    /// Reads the answer to the push in flight. `now_ms` is the device's wall clock when
    /// the answer arrived; the clock learns the server's time from it.
    pub fn on_push(
        &mut self,
        response: &PushResponse,
        clock: &mut HlcClock,
        now_ms: u64,
    ) -> Result<PushEffects, ProtocolError> {
        if self.phase != Phase::Push || self.in_flight.is_empty() {
            return Err(ProtocolError::Unexpected);
        }
        let sent = std::mem::take(&mut self.in_flight);
        if response.results.len() != sent.len() {
            return Err(ProtocolError::ResultCount {
                sent: sent.len(),
                got: response.results.len(),
            });
        }
        clock.correct_from_server(response.server_time_ms, now_ms);
        let mut effects = PushEffects::default();
        for (op_id, result) in sent.into_iter().zip(&response.results) {
            if result.op_id.as_str() != Some(op_id.to_string().as_str()) {
                return Err(ProtocolError::ResultOrder);
            }
            if let Some(receipt) = &result.receipt {
                effects.receipts.push((op_id, receipt.clone()));
            }
            match result.status {
                PushStatus::Applied | PushStatus::Duplicate => effects.acknowledged.push(op_id),
                PushStatus::Conflict => {
                    effects.acknowledged.push(op_id);
                    effects.conflicts.push((op_id, result.lost_fields.clone()));
                }
                PushStatus::Rejected => {
                    let error = result
                        .error
                        .clone()
                        .unwrap_or_else(|| ErrorDetail::new("rejected", "", None));
                    // A stamp ahead of the server is the device's fault, not the
                    // officer's: re-stamp with the corrected clock and resend, once.
                    if error.code == "clock_skew" && self.restamped_once.insert(op_id) {
                        effects.restamped.push((op_id, clock.tick(now_ms)));
                    } else if waits_for_a_resend(&error.code)
                        && self.in_flight_replays.contains(&op_id)
                    {
                        self.deferred.insert(op_id);
                        effects.deferred.push(op_id);
                    } else {
                        effects.rejected.push((op_id, error));
                    }
                }
            }
        }
        self.report.pushed += effects.acknowledged.len();
        self.report.rejected += effects.rejected.len();
        self.report.conflicts += effects.conflicts.len();
        effects.epoch_change = self.check_epoch(response.epoch);
        Ok(effects)
    }

    /// Reads a pull page. Store its effects, then commit `effects.cursor`.
    pub fn on_pull(
        &mut self,
        response: PullResponse,
        clock: &mut HlcClock,
        now_ms: u64,
    ) -> Result<PullEffects, ProtocolError> {
        if self.phase != Phase::Pull {
            return Err(ProtocolError::Unexpected);
        }
        clock.correct_from_server(response.server_time_ms, now_ms);
        let epoch_change = self.check_epoch(response.epoch);
        if let Some(EpochChange::Restored(_)) = epoch_change {
            // The page answers a cursor of the server's past: drop it and start over.
            return Ok(PullEffects {
                cursor: 0,
                epoch_change,
                server_time_ms: response.server_time_ms,
                ..PullEffects::default()
            });
        }
        let mut effects = PullEffects {
            cursor: response.cursor,
            keep_only_scope: response.reset.then(|| response.scope.clone()).flatten(),
            epoch_change,
            complete: !response.more,
            backed_up_seq: response.backed_up_seq,
            server_time_ms: response.server_time_ms,
            ..PullEffects::default()
        };
        for change in response.changes {
            if change.deleted && change.record.is_empty() {
                effects.removals.push(change.id);
            } else {
                effects.upserts.push(change);
            }
        }
        self.report.pulled += effects.upserts.len() + effects.removals.len();
        self.cursor = response.cursor;
        if !response.more {
            self.phase = Phase::Done;
        }
        Ok(effects)
    }
}

/// The oldest sendable entries that fit one push, but those put off until the next run.
fn take_batch<'a>(outbox: &'a [OutboxEntry], deferred: &HashSet<Uuid>) -> Vec<&'a OutboxEntry> {
    // Leave room for the envelope around the mutations.
    let mut budget = MAX_BATCH_BYTES - 1024;
    let mut batch = Vec::new();
    for entry in outbox
        .iter()
        .filter(|e| e.is_sendable() && !deferred.contains(&e.mutation.op_id))
    {
        let size = serde_json::to_string(&entry.mutation).map_or(usize::MAX, |s| s.len() + 1);
        if batch.len() == MAX_BATCH_MUTATIONS || (size > budget && !batch.is_empty()) {
            break;
        }
        budget = budget.saturating_sub(size);
        batch.push(entry);
    }
    batch
}

/// Exponential backoff with full jitter between failed attempts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backoff {
    attempt: u32,
    base_ms: u64,
    max_ms: u64,
}

impl Backoff {
    pub fn new(base_ms: u64, max_ms: u64) -> Self {
        Backoff {
            attempt: 0,
            base_ms,
            max_ms,
        }
    }

    /// The wait before the next attempt; `unit` is a random number in `[0, 1)`.
    pub fn next_delay_ms(&mut self, unit: f64) -> u64 {
        let ceiling = self
            .base_ms
            .saturating_mul(1u64 << self.attempt.min(20))
            .min(self.max_ms);
        self.attempt = self.attempt.saturating_add(1);
        (ceiling as f64 * unit.clamp(0.0, 1.0)) as u64
    }

    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sync::hlc::Hlc;
    use crate::sync::wire::PushResult;
    use serde_json::{Map, Value, json};

    fn entry(device: Uuid, n: u32) -> OutboxEntry {
        OutboxEntry {
            mutation: Mutation {
                op_id: Uuid::from_u128(1000 + u128::from(n)),
                entity: "subject".into(),
                id: Uuid::from_u128(u128::from(n)),
                hlc: Hlc {
                    millis: 1_000,
                    counter: n,
                    device,
                },
                fields: Map::new(),
                base_seq: None,
                signed: None,
                acked_epoch: None,
            },
            rejected: None,
            acknowledged: None,
            replays_left: 0,
        }
    }

    fn result(op: Uuid, status: PushStatus, error: Option<&str>) -> PushResult {
        PushResult {
            op_id: Value::String(op.to_string()),
            status,
            lost_fields: if status == PushStatus::Conflict {
                vec!["address".into()]
            } else {
                vec![]
            },
            error: error.map(|code| ErrorDetail::new(code, "", None)),
            receipt: None,
        }
    }

    #[test]
    fn pushes_then_pulls_until_no_more() {
        let device = Uuid::from_u128(7);
        let mut clock = HlcClock::new(device);
        let outbox: Vec<_> = (0..3).map(|n| entry(device, n)).collect();
        let mut run = SyncRun::new(device, 40, 100);
        let Some(Request::Push(push)) = run.next_request(&outbox) else {
            panic!("push first")
        };
        assert_eq!(push.mutations.len(), 3);
        let ops: Vec<Uuid> = push.mutations.iter().map(|m| m.op_id).collect();
        let answer = PushResponse {
            results: vec![
                result(ops[0], PushStatus::Applied, None),
                result(ops[1], PushStatus::Conflict, None),
                result(ops[2], PushStatus::Rejected, Some("invalid_format")),
            ],
            server_time_ms: 5_000,
            epoch: None,
        };
        let effects = run
            .on_push(&answer, &mut clock, 4_000)
            .expect("push answer");
        assert_eq!(effects.acknowledged, vec![ops[0], ops[1]]);
        assert_eq!(
            effects.conflicts,
            vec![(ops[1], vec!["address".to_string()])]
        );
        assert_eq!(effects.rejected[0].0, ops[2]);
        assert_eq!(clock.offset_ms(), 1_000);

        let mut rest = outbox[2].clone();
        rest.rejected = Some(effects.rejected[0].1.clone());
        assert_eq!(
            run.next_request(&[rest]),
            Some(Request::Pull {
                cursor: 40,
                limit: 100
            })
        );
        let page = |cursor, more| PullResponse {
            changes: vec![
                Change {
                    seq: cursor,
                    entity: "subject".into(),
                    id: Uuid::from_u128(9),
                    record: json!({"full_name": "X"})
                        .as_object()
                        .cloned()
                        .unwrap_or_default(),
                    stamps: serde_json::Value::Null,
                    deleted: false,
                },
                Change {
                    seq: cursor + 1,
                    entity: "subject".into(),
                    id: Uuid::from_u128(8),
                    record: Map::new(),
                    stamps: serde_json::Value::Null,
                    deleted: true,
                },
            ],
            cursor: cursor + 1,
            more,
            server_time_ms: 5_000,
            scope: Some("51.01".into()),
            reset: false,
            epoch: None,
            backed_up_seq: None,
        };
        let first = run
            .on_pull(page(41, true), &mut clock, 4_000)
            .expect("page");
        assert_eq!(
            (first.upserts.len(), first.removals, first.cursor),
            (1, vec![Uuid::from_u128(8)], 42)
        );
        assert_eq!(
            run.next_request(&[]),
            Some(Request::Pull {
                cursor: 42,
                limit: 100
            })
        );
        run.on_pull(page(43, false), &mut clock, 4_000)
            .expect("last page");
        assert!(run.is_done());
        assert_eq!(run.next_request(&[]), None);
        assert_eq!(
            run.report(),
            &SyncReport {
                pushed: 2,
                rejected: 1,
                conflicts: 1,
                pulled: 4
            }
        );
    }

    #[test]
    fn clock_skew_is_restamped_once_with_the_corrected_clock() {
        let device = Uuid::from_u128(7);
        let mut clock = HlcClock::new(device);
        let outbox = vec![entry(device, 0)];
        let mut run = SyncRun::new(device, 0, 100);
        let Some(Request::Push(push)) = run.next_request(&outbox) else {
            panic!("push")
        };
        let op = push.mutations[0].op_id;
        let skewed = PushResponse {
            results: vec![result(op, PushStatus::Rejected, Some("clock_skew"))],
            server_time_ms: 1_000_000,
            epoch: None,
        };
        let effects = run.on_push(&skewed, &mut clock, 9_000_000).expect("answer");
        assert_eq!(effects.restamped.len(), 1);
        assert!(
            effects.restamped[0].1.millis < 1_100_000,
            "stamped with the server's time"
        );
        run.next_request(&outbox);
        let again = run.on_push(&skewed, &mut clock, 9_000_000).expect("answer");
        assert_eq!(
            again.rejected.len(),
            1,
            "a second skew is shown, not retried forever"
        );
    }

    #[test]
    fn refuses_answers_that_do_not_match_the_request() {
        let device = Uuid::from_u128(7);
        let mut clock = HlcClock::new(device);
        let outbox = vec![entry(device, 0), entry(device, 1)];
        let mut run = SyncRun::new(device, 0, 100);
        run.next_request(&outbox);
        let short = PushResponse {
            results: vec![result(outbox[0].mutation.op_id, PushStatus::Applied, None)],
            server_time_ms: 0,
            epoch: None,
        };
        assert_eq!(
            run.on_push(&short, &mut clock, 0),
            Err(ProtocolError::ResultCount { sent: 2, got: 1 })
        );
    }

    #[test]
    fn batches_respect_the_count_limit_and_skip_rejected_entries() {
        let device = Uuid::from_u128(7);
        let mut outbox: Vec<_> = (0..1_005).map(|n| entry(device, n)).collect();
        outbox[0].rejected = Some(ErrorDetail::new("invalid_format", "", None));
        let batch = take_batch(&outbox, &HashSet::new());
        assert_eq!(batch.len(), MAX_BATCH_MUTATIONS);
        assert_eq!(batch[0].mutation.op_id, outbox[1].mutation.op_id);
    }

    #[test]
    fn backoff_grows_to_its_ceiling_with_jitter() {
        let mut backoff = Backoff::new(1_000, 60_000);
        let delays: Vec<u64> = (0..10).map(|_| backoff.next_delay_ms(0.999_999)).collect();
        assert!(delays.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(delays[0], 999);
        assert!(delays[9] <= 60_000 && delays[9] > 59_000);
        assert_eq!(backoff.next_delay_ms(0.0), 0);
        backoff.reset();
        assert!(backoff.next_delay_ms(0.5) <= 500);
    }

    #[test]
    fn a_restored_server_starts_the_run_over() {
        let device = Uuid::from_u128(7);
        let (old, new) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let mut clock = HlcClock::new(device);
        let mut run = SyncRun::new(device, 40, 100).knowing_epoch(Some(old));
        assert_eq!(
            run.next_request(&[]),
            Some(Request::Pull {
                cursor: 40,
                limit: 100
            })
        );
        let page = PullResponse {
            changes: Vec::new(),
            cursor: 41,
            more: false,
            server_time_ms: 5_000,
            scope: None,
            reset: false,
            epoch: Some(new),
            backed_up_seq: None,
        };
        let effects = run.on_pull(page, &mut clock, 5_000).expect("page");
        assert_eq!(effects.epoch_change, Some(EpochChange::Restored(new)));
        assert_eq!((effects.cursor, effects.complete), (0, false));
        let kept = entry(device, 1);
        let Some(Request::Push(push)) = run.next_request(std::slice::from_ref(&kept)) else {
            panic!("the kept writes are pushed again first")
        };
        assert_eq!(push.mutations.len(), 1);
        let answer = PushResponse {
            results: vec![result(push.mutations[0].op_id, PushStatus::Applied, None)],
            server_time_ms: 5_000,
            epoch: Some(new),
        };
        let effects = run.on_push(&answer, &mut clock, 5_000).expect("answer");
        assert_eq!(effects.epoch_change, None, "the same epoch again");
        assert_eq!(
            run.next_request(&[]),
            Some(Request::Pull {
                cursor: 0,
                limit: 100
            })
        );
    }

    /// Three writes, waiting `replays` more times, pushed and refused with `codes`: the
    /// run, the outbox, the op ids and what the answer does.
    fn refused(
        replays: [u8; 3],
        codes: [&str; 3],
    ) -> (SyncRun, Vec<OutboxEntry>, Vec<Uuid>, PushEffects) {
        let device = Uuid::from_u128(7);
        let mut clock = HlcClock::new(device);
        let mut outbox: Vec<_> = (0..3).map(|n| entry(device, n)).collect();
        for (waiting, replays) in outbox.iter_mut().zip(replays) {
            waiting.replays_left = replays;
        }
        let mut run = SyncRun::new(device, 0, 100);
        let Some(Request::Push(push)) = run.next_request(&outbox) else {
            panic!("push")
        };
        let ops: Vec<Uuid> = push.mutations.iter().map(|m| m.op_id).collect();
        let answer = PushResponse {
            results: ops
                .iter()
                .zip(codes)
                .map(|(op, code)| result(*op, PushStatus::Rejected, Some(code)))
                .collect(),
            server_time_ms: 1_000,
            epoch: None,
        };
        let effects = run.on_push(&answer, &mut clock, 1_000).expect("answer");
        (run, outbox, ops, effects)
    }

    #[test]
    fn a_write_whose_record_is_missing_after_a_restore_waits_for_a_later_sync() {
        let (mut run, outbox, ops, effects) = refused(
            [REPLAY_ATTEMPTS, 1, 0],
            ["required", "required", "required"],
        );
        assert_eq!(
            effects.deferred,
            vec![ops[0]],
            "the last attempt's refusal stands"
        );
        let refused: Vec<Uuid> = effects.rejected.iter().map(|(op, _)| *op).collect();
        assert_eq!(refused, vec![ops[1], ops[2]]);
        assert_eq!(
            run.next_request(&outbox[..1]),
            Some(Request::Pull {
                cursor: 0,
                limit: 100
            }),
            "not sent again in the same run"
        );
    }

    #[test]
    fn a_decision_whose_finding_is_not_back_yet_waits_too() {
        let (_, _, ops, effects) = refused(
            [REPLAY_ATTEMPTS; 3],
            ["unknown_finding", "not_final", "forbidden"],
        );
        assert_eq!(effects.deferred, vec![ops[0], ops[1]]);
        let refused: Vec<Uuid> = effects.rejected.iter().map(|(op, _)| *op).collect();
        assert_eq!(refused, vec![ops[2]], "any other refusal stands at once");
    }
}
