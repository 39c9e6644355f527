//! The office's counted units (`stat_units`), kept beside the records so that a stats
//! question scans narrow typed rows instead of parsing every record's JSON.
//!
//! Each measure is a set of units — one per record, or per record and list value (a
//! finding's violations, an inspection's agencies) — with the unit's region, its
//! office-local date and one column per dimension. The units follow the change log like
//! the duplicate keys do: a refresh recomputes the units of the records written since the
//! last one (`stat_units_seq` in `settings`) and of the findings that depend on them (a
//! finding counts its inspection's date and place and its person's nationality), so a
//! push pays nothing for them and a question sees every write committed before it. With
//! no cursor a refresh builds every unit, record by record. Either works in steps of a
//! few thousand records, each its own short write transaction. Once the units are up to
//! date, the same steps recount the monthly pre-counts their changes touched
//! ([`super::stat_counts`]).

use super::stats::{EngineSql, OFFICE_TIME_ZONE, OFFICE_UTC_OFFSET_HOURS};
use super::{Backend, Db, WriteTx};
use crate::db::write::on_write_tx;
use pantau_shared::stats::{Dimension, Measure};

/// The change-log sequence number the units are up to date with; absent until they
/// have been built.
const UNITS_CURSOR: &str = "stat_units_seq";
/// While the units are being built: the sequence number the build started at, and the
/// last record id it has counted.
const BUILD_SEQ: &str = "stat_units_build_seq";
const BUILD_AFTER: &str = "stat_units_build_after";

/// Records counted, or changes followed, per transaction: each step holds the write lock
/// for a fraction of a second, so tablets keep syncing while a province is counted.
const RECORDS_PER_STEP: i64 = 5_000;

/// The dimensions stored as columns `d_<code>`, in the table's column order. Region and
/// month are read from `region` and `day`.
pub(super) const STORED: [Dimension; 9] = [
    Dimension::Nationality,
    Dimension::PermitType,
    Dimension::PlaceType,
    Dimension::Status,
    Dimension::ElectionPeriod,
    Dimension::Agency,
    Dimension::Violation,
    Dimension::Stage,
    Dimension::Action,
];

/// The columns of the stored dimensions, in the tables' order, as a SELECT list.
pub(super) fn stored_columns() -> String {
    STORED
        .iter()
        .map(|dimension| format!("d_{}", dimension.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every variant kept: each measure, and a second copy of those whose agency is a list,
/// with a unit per agency.
const VARIANTS: [(Measure, bool); 9] = [
    (Measure::Subjects, false),
    (Measure::Inspections, false),
    (Measure::Inspections, true),
    (Measure::Findings, false),
    (Measure::Violations, false),
    (Measure::Actions, false),
    (Measure::Meetings, false),
    (Measure::Meetings, true),
    (Measure::FollowUps, false),
];

/// The variant a question about `measure` reads: the one with a unit per agency when it
/// breaks down or filters by agency and the measure has agencies as a list.
pub(super) fn variant(measure: Measure, by_agency: bool) -> String {
    if by_agency && has_agency_list(measure) {
        format!("{}_by_agency", measure.code())
    } else {
        measure.code().to_string()
    }
}

fn has_agency_list(measure: Measure) -> bool {
    matches!(measure, Measure::Inspections | Measure::Meetings)
}

/// Which records a step counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending<'a> {
    /// Records written since the cursor: their old links and units go, and the findings
    /// that depend on them are counted again with them.
    Changed,
    /// The next records of a build, ids `after` (excluded) to `last`, counted for the
    /// first time: the build emptied the tables, so there is nothing of theirs to remove,
    /// and their units are found by that id range. (With the removals and the lookups by
    /// pending id, PostgreSQL's first count of a province had not finished after 23
    /// minutes; without them it takes under 10, see `docs/benchmarks.md`.)
    Built { after: &'a str, last: &'a str },
}

/// How a refresh shares the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pace {
    /// The server is running: pause between steps so that other writers get their turn.
    BesideOthers,
    /// Nothing else is writing: no pauses.
    Alone,
}

impl Db {
    /// Brings the units up to date with every write committed so far, a step at a time;
    /// nothing to do is found without waiting for the writers.
    pub async fn refresh_stat_units(&self) -> sqlx::Result<()> {
        if self.stat_units_current().await? {
            return Ok(());
        }
        self.count_in_steps(Pace::BesideOthers).await
    }

    /// Whether the units, and the pre-counts made from them, are up to date with every
    /// write committed so far.
    async fn stat_units_current(&self) -> sqlx::Result<bool> {
        let cursor: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE key = $1")
            .bind(UNITS_CURSOR)
            .fetch_optional(&self.pool)
            .await?;
        let (newest,): (i64,) = sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM change_log")
            .fetch_one(&self.pool)
            .await?;
        let (marked,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM (SELECT 1 FROM stat_dirty LIMIT 1) AS m")
                .fetch_one(&self.pool)
                .await?;
        let cursor = cursor.and_then(|(value,)| value.parse::<i64>().ok());
        Ok(marked == 0 && cursor.is_some_and(|cursor| cursor >= newest))
    }

    /// Takes steps until the units are up to date, one counter at a time.
    async fn count_in_steps(&self, pace: Pace) -> sqlx::Result<()> {
        let _counting = self.counting.lock().await;
        loop {
            let started = std::time::Instant::now();
            let mut tx = self.begin_write().await?;
            let more = tx.stat_units_step().await?;
            tx.commit().await?;
            if !more {
                return Ok(());
            }
            if pace == Pace::BesideOthers {
                // SQLite's other connections retry a busy database every 100 ms at most:
                // a pause as long as the step, and never shorter than that, lets a
                // sign-in or a sync write through between two steps.
                let pause = started.elapsed().max(std::time::Duration::from_millis(100));
                tokio::time::sleep(pause).await;
            }
        }
    }

    /// Builds every unit again from the records, at full speed (the server is not
    /// running); answers how many there are.
    pub async fn rebuild_stat_units(&self) -> sqlx::Result<i64> {
        let mut tx = self.begin_write().await?;
        for key in [UNITS_CURSOR, BUILD_SEQ, BUILD_AFTER] {
            on_write_tx!(tx.tx, |conn| {
                sqlx::query("DELETE FROM settings WHERE key = $1")
                    .bind(key)
                    .execute(conn)
                    .await?
                    .rows_affected()
            });
        }
        tx.commit().await?;
        self.count_in_steps(Pace::Alone).await?;
        let (units,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM stat_units")
            .fetch_one(&self.pool)
            .await?;
        Ok(units)
    }
}

impl WriteTx {
    /// One step of bringing the units up to date; answers whether there is more to do.
    ///
    /// Built, the units follow the change log: a step recomputes the units of the records
    /// written in the next stretch of it, and of the findings that depend on them. Not
    /// yet built (a new or upgraded database, or a rebuild), a step counts the next
    /// records in id order; once all are counted, the cursor starts at the sequence
    /// number the build started at, so what was written meanwhile is followed next.
    async fn stat_units_step(&mut self) -> sqlx::Result<bool> {
        let started = std::time::Instant::now();
        let (newest,): (i64,) = on_write_tx!(self.tx, |conn| {
            sqlx::query_as("SELECT COALESCE(MAX(seq), 0) FROM change_log")
                .fetch_one(conn)
                .await?
        });
        let cursor = self
            .setting(UNITS_CURSOR)
            .await?
            .and_then(|value| value.parse::<i64>().ok());
        if let Some(cursor) = cursor {
            if cursor >= newest {
                return self.recount_marked_cells(started).await;
            }
            let upto = newest.min(cursor + RECORDS_PER_STEP);
            on_write_tx!(self.tx, |conn| {
                sqlx::query(
                    "INSERT INTO stat_pending (id, entity)
                     SELECT DISTINCT record_id, entity FROM change_log WHERE seq > $1 AND seq <= $2",
                )
                .bind(cursor)
                .bind(upto)
                .execute(conn)
                .await?
                .rows_affected()
            });
            self.count_pending(Pending::Changed).await?;
            self.set_setting(UNITS_CURSOR, &upto.to_string()).await?;
            if upto < newest {
                return Ok(true);
            }
            // Caught up: the cells just marked are recounted in the same step, so a
            // question after a small push waits for one step only.
            return self.recount_marked_cells(started).await;
        }
        let started_at = match self.setting(BUILD_SEQ).await? {
            Some(seq) => seq,
            None => {
                // Both empty a table at once, inside the transaction.
                let empty = match self.backend {
                    Backend::Sqlite => "DELETE FROM",
                    Backend::Postgres => "TRUNCATE",
                };
                self.run(&format!("{empty} stat_links")).await?;
                self.run(&format!("{empty} review_entries")).await?;
                self.run(&format!("{empty} amended_fields")).await?;
                self.run(&format!("{empty} stat_units")).await?;
                self.forget_counts(empty).await?;
                self.set_setting(BUILD_SEQ, &newest.to_string()).await?;
                self.set_setting(BUILD_AFTER, "").await?;
                newest.to_string()
            }
        };
        let after = self.setting(BUILD_AFTER).await?.unwrap_or_default();
        let taken = on_write_tx!(self.tx, |conn| {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO stat_pending (id, entity)
                 SELECT id, entity FROM records WHERE id > $1 ORDER BY id LIMIT {RECORDS_PER_STEP}"
            )))
            .bind(&after)
            .execute(conn)
            .await?
            .rows_affected()
        });
        if taken == 0 {
            self.set_setting(UNITS_CURSOR, &started_at).await?;
            for key in [BUILD_SEQ, BUILD_AFTER] {
                on_write_tx!(self.tx, |conn| {
                    sqlx::query("DELETE FROM settings WHERE key = $1")
                        .bind(key)
                        .execute(conn)
                        .await?
                        .rows_affected()
                });
            }
            return Ok(true);
        }
        let (last,): (String,) = on_write_tx!(self.tx, |conn| {
            sqlx::query_as("SELECT MAX(id) FROM stat_pending")
                .fetch_one(conn)
                .await?
        });
        self.count_pending(Pending::Built {
            after: &after,
            last: &last,
        })
        .await?;
        self.set_setting(BUILD_AFTER, &last).await?;
        Ok(true)
    }

    /// Writes the links and the units of the records in `stat_pending` (again, for
    /// changed records, with those of the findings that depend on them), marks the cells
    /// to recount, and empties it.
    async fn count_pending(&mut self, pending: Pending<'_>) -> sqlx::Result<()> {
        let sql = EngineSql(self.backend);
        if self.backend == Backend::Postgres {
            // The planner's idea of how many records are pending decides whether it looks
            // them up one by one; its figures for a table that is empty between steps
            // are stale.
            self.run("ANALYZE stat_pending").await?;
        }
        let changed = pending == Pending::Changed;
        if changed {
            // An amendment counts with the record it corrects, and that record's
            // dependents with it.
            self.run(&format!(
                "INSERT INTO stat_pending (id, entity) \
                 SELECT {0}, {1} FROM records a \
                 WHERE a.id IN (SELECT id FROM stat_pending WHERE entity = 'amendment') \
                 AND a.entity = 'amendment' AND {0} IS NOT NULL AND {1} IS NOT NULL \
                 ON CONFLICT (id) DO NOTHING",
                sql.field("a", "original_id"),
                sql.field("a", "original_entity"),
            ))
            .await?;
            self.run("DELETE FROM stat_links WHERE record_id IN (SELECT id FROM stat_pending)")
                .await?;
        }
        self.run(&sql.links()).await?;
        if changed {
            // A decision counts with its finding.
            let decided = format!(
                "SELECT {}, 'finding' FROM records d \
                 WHERE d.id IN (SELECT id FROM stat_pending WHERE entity = 'decision') \
                 AND d.entity = 'decision'",
                sql.field("d", "finding_id")
            );
            for depending in [
                "SELECT record_id, 'finding' FROM stat_links WHERE inspection_id IN (SELECT id FROM stat_pending)",
                "SELECT record_id, 'finding' FROM stat_links WHERE subject_id IN (SELECT id FROM stat_pending)",
                "SELECT f.record_id, 'finding' FROM stat_links f JOIN stat_links s ON s.record_id = f.subject_id \
                 WHERE s.merged_into IN (SELECT id FROM stat_pending)",
                decided.as_str(),
            ] {
                self.run(&format!(
                    "INSERT INTO stat_pending (id, entity) {depending} ON CONFLICT (id) DO NOTHING"
                ))
                .await?;
            }
            self.mark_pending_cells().await?;
            self.run("DELETE FROM stat_units WHERE record_id IN (SELECT id FROM stat_pending)")
                .await?;
        }
        self.amend_pending().await?;
        for (measure, by_agency) in VARIANTS {
            self.run(&sql.insert_units(measure, by_agency)).await?;
        }
        // The review queue's entries of the findings pending, their dependents included.
        if changed {
            self.run(
                "DELETE FROM review_entries WHERE finding_id IN (SELECT id FROM stat_pending)",
            )
            .await?;
        }
        self.run(&sql.review_entries()).await?;
        match pending {
            Pending::Changed => self.mark_pending_cells().await?,
            Pending::Built { after, last } => self.mark_built_cells(after, last).await?,
        }
        self.run("DELETE FROM stat_pending").await
    }

    async fn setting(&mut self, key: &str) -> sqlx::Result<Option<String>> {
        let value: Option<(String,)> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as("SELECT value FROM settings WHERE key = $1")
                .bind(key)
                .fetch_optional(conn)
                .await?
        });
        Ok(value.map(|(value,)| value))
    }

    async fn set_setting(&mut self, key: &str, value: &str) -> sqlx::Result<()> {
        on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(())
    }

    /// Runs one statement without parameters.
    pub(super) async fn run(&mut self, sql: &str) -> sqlx::Result<()> {
        let sql = sql.to_string();
        on_write_tx!(self.tx, |conn| {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(conn)
                .await?
                .rows_affected()
        });
        Ok(())
    }
}

/// One SELECT of units: the record each comes from (its alias), the part of the record
/// it is when a record gives several, its date, its dimensions, and the joins and
/// conditions that find it.
struct UnitSelect {
    record: &'static str,
    part: String,
    day: String,
    dimensions: Vec<(Dimension, String)>,
    /// `FROM … [JOIN …]`.
    from: String,
    condition: String,
}

impl UnitSelect {
    /// The select in the column order of `stat_units`; its record comes from
    /// [`EngineSql::pending`].
    fn render(&self, variant: &str) -> String {
        let columns: Vec<String> = STORED
            .iter()
            .map(|stored| {
                self.dimensions
                    .iter()
                    .find(|(d, _)| d == stored)
                    .map_or_else(|| "NULL".to_string(), |(_, value)| value.clone())
            })
            .collect();
        format!(
            "SELECT '{variant}', COALESCE({day}, ''), {record}.id, {part}, {record}.region_code, {columns} \
             {from} WHERE {condition}",
            day = self.day,
            part = self.part,
            record = self.record,
            columns = columns.join(", "),
            from = self.from,
            condition = self.condition,
        )
    }
}

impl EngineSql {
    /// The records of `entities` in `stat_pending`, as the table `alias`: what a step
    /// counts.
    fn pending(&self, alias: &str, entities: &[&str]) -> String {
        let entities = entities
            .iter()
            .map(|entity| format!("'{entity}'"))
            .collect::<Vec<_>>()
            .join(", ");
        match self.0 {
            Backend::Sqlite => format!(
                "(SELECT * FROM records WHERE id IN \
                 (SELECT id FROM stat_pending WHERE entity IN ({entities}))) AS {alias}"
            ),
            // Fenced (OFFSET 0), so the planner looks the few pending records up by id
            // before anything else instead of reading every record and checking each.
            Backend::Postgres => format!(
                "(SELECT r.* FROM stat_pending p JOIN records r ON r.id = p.id \
                 WHERE p.entity IN ({entities}) OFFSET 0) AS {alias}"
            ),
        }
    }

    /// Makes the fields of the record `alias`, as its amendments correct them
    /// (`amended_fields`), readable by [`Self::value`], as joins to follow it: PostgreSQL
    /// parses the stored text once per row there rather than once per field read.
    pub(super) fn parsed(&self, alias: &str) -> String {
        let amended = Self::amended_join(alias);
        let fields = Self::amended_fields(alias);
        match self.0 {
            Backend::Sqlite => amended,
            // OFFSET 0 keeps the planner from folding the parse back into each read.
            Backend::Postgres => format!(
                "{amended} CROSS JOIN LATERAL (SELECT {fields}::jsonb AS j OFFSET 0) AS {alias}_j"
            ),
        }
    }

    /// One field of the record `alias` as amended, made readable by [`Self::parsed`].
    pub(super) fn value(&self, alias: &str, name: &str) -> String {
        match self.0 {
            Backend::Sqlite => format!("json_extract({}, '$.{name}')", Self::amended_fields(alias)),
            Backend::Postgres => format!("({alias}_j.j ->> '{name}')"),
        }
    }

    /// A join to follow the record `alias` that makes [`Self::amended_fields`] readable.
    pub(super) fn amended_join(alias: &str) -> String {
        format!(" LEFT JOIN amended_fields {alias}_am ON {alias}_am.id = {alias}.id")
    }

    /// The stored fields of the record `alias` as its amendments correct them, once
    /// [`Self::amended_join`] follows it (the counted units' refresh keeps them).
    pub(super) fn amended_fields(alias: &str) -> String {
        format!("COALESCE({alias}_am.fields, {alias}.fields)")
    }

    /// The office-local date of a timestamp field (RFC 3339 with its own offset).
    fn local_date(&self, alias: &str, name: &str) -> String {
        let value = self.value(alias, name);
        match self.0 {
            Backend::Sqlite => format!("date({value}, '{OFFICE_UTC_OFFSET_HOURS:+} hours')"),
            Backend::Postgres => format!(
                "to_char(({value}::timestamptz AT TIME ZONE '{OFFICE_TIME_ZONE}'), 'YYYY-MM-DD')"
            ),
        }
    }

    /// A join yielding each element of a JSON list field of the record `record` as
    /// `{alias}.value`; `outer` keeps records whose list is empty or absent (with a NULL
    /// value).
    fn each(&self, record: &str, name: &str, alias: &str, outer: bool) -> String {
        let join = if outer { "LEFT JOIN" } else { "JOIN" };
        match self.0 {
            Backend::Sqlite => format!(
                "{join} json_each({}, '$.{name}') AS {alias}",
                Self::amended_fields(record)
            ),
            Backend::Postgres => format!(
                "{join} LATERAL jsonb_array_elements_text(COALESCE({record}_j.j -> '{name}', '[]'::jsonb)) AS {alias}(value) ON TRUE"
            ),
        }
    }

    /// Writes the links of the findings, foreign nationals and inspections under an
    /// operation in `stat_pending`, deleted ones too: a deleted inspection's findings come
    /// back with it.
    fn links(&self) -> String {
        let operation = self.value("r", "operation_id");
        format!(
            "INSERT INTO stat_links (record_id, inspection_id, subject_id, merged_into, operation_id) \
             SELECT r.id, {}, {}, {}, {operation} FROM {}{} \
             WHERE r.entity IN ('finding', 'subject') \
             OR (r.entity = 'inspection' AND {operation} IS NOT NULL)",
            self.value("r", "inspection_id"),
            self.value("r", "subject_id"),
            self.value("r", "merged_into"),
            self.pending("r", &["finding", "subject", "inspection"]),
            self.parsed("r"),
        )
    }

    /// Writes the review queue's entries of the findings in `stat_pending`: those of a
    /// live, finalized inspection with a violation, a recommended action or a decision,
    /// standing `awaiting` or as their decision does.
    fn review_entries(&self) -> String {
        format!(
            "INSERT INTO review_entries (finding_id, region, started_at, state) \
             SELECT f.id, f.region_code, COALESCE({started_at}, ''), COALESCE({state}, 'awaiting') \
             FROM {pending}{parsed} \
             JOIN records i ON i.id = {inspection_id} AND i.entity = 'inspection' AND i.deleted = 0 \
             LEFT JOIN {decision} \
             WHERE f.entity = 'finding' AND f.deleted = 0 AND {status} = 'final' \
             AND (d.id IS NOT NULL OR {recommended} IS NOT NULL \
             OR COALESCE({violations}, '[]') <> '[]')",
            started_at = self.field("i", "started_at"),
            state = self.field("d", "state"),
            pending = self.pending("f", &["finding"]),
            parsed = self.parsed("f"),
            inspection_id = self.field("f", "inspection_id"),
            decision = self.decision_of("f", "d"),
            status = self.field("i", "status"),
            recommended = self.value("f", "recommended_action"),
            violations = self.value("f", "violations"),
        )
    }

    /// Writes the units of one variant for the records in `stat_pending`.
    fn insert_units(&self, measure: Measure, by_agency: bool) -> String {
        let variant = variant(measure, by_agency);
        let selects: Vec<String> = self
            .unit_selects(measure, by_agency)
            .iter()
            .map(|select| select.render(&variant))
            .collect();
        let conflict = match self.0 {
            // SQLite cannot tell an upsert's ON from a join's without a WHERE between.
            Backend::Sqlite => "",
            Backend::Postgres => " ON CONFLICT DO NOTHING",
        };
        let insert = match self.0 {
            Backend::Sqlite => "INSERT OR IGNORE INTO",
            Backend::Postgres => "INSERT INTO",
        };
        format!(
            "{insert} stat_units (variant, day, record_id, part, region, {}) {}{conflict}",
            stored_columns(),
            selects.join(" UNION ALL ")
        )
    }

    /// Findings `fi` with their inspection `i` and the foreign national `s` they are
    /// about (the survivor, where the one cited was merged into another).
    fn live_findings(&self) -> String {
        format!(
            "FROM {}{} \
             JOIN records i ON i.id = {} AND i.entity = 'inspection'{} \
             LEFT JOIN records cited ON cited.id = {} AND cited.entity = 'subject'{} \
             LEFT JOIN records s ON s.id = COALESCE({}, cited.id){}",
            self.pending("fi", &["finding"]),
            self.parsed("fi"),
            self.value("fi", "inspection_id"),
            self.parsed("i"),
            self.value("fi", "subject_id"),
            self.parsed("cited"),
            self.value("cited", "merged_into"),
            self.parsed("s"),
        )
    }

    /// Keeps the findings of [`Self::live_findings`] that, with their inspection, are not
    /// deleted.
    fn live_findings_condition(&self) -> String {
        format!(
            "fi.entity = 'finding' AND {} AND {}",
            self.live("fi"),
            self.live("i")
        )
    }

    /// The agency dimension, the part it makes and its join: a unit per agency in the
    /// record's list `name` for the variant by agency (one agency listed twice is one
    /// unit), else none (no join, which keeps the other variant cheap).
    fn agencies_of(
        &self,
        wanted: bool,
        record: &str,
        name: &str,
    ) -> (Vec<(Dimension, String)>, String, String) {
        if wanted {
            (
                vec![(Dimension::Agency, "ag.value".to_string())],
                "COALESCE(ag.value, '')".to_string(),
                format!(" {}", self.each(record, name, "ag", true)),
            )
        } else {
            (Vec::new(), "''".to_string(), String::new())
        }
    }

    /// The units of `measure`. A foreign national merged into another is not counted; a
    /// finding citing one counts its survivor's details.
    fn unit_selects(&self, measure: Measure, by_agency: bool) -> Vec<UnitSelect> {
        use Dimension::*;
        let f = |alias: &str, name: &str| self.value(alias, name);
        match measure {
            Measure::Subjects => vec![UnitSelect {
                record: "s",
                part: "''".to_string(),
                day: "NULL".to_string(),
                dimensions: vec![
                    (Nationality, f("s", "nationality")),
                    (PermitType, f("s", "permit_type")),
                ],
                from: format!(
                    "FROM {}{}",
                    self.pending("s", &["subject"]),
                    self.parsed("s")
                ),
                condition: format!(
                    "s.entity = 'subject' AND {} AND {} IS NULL",
                    self.live("s"),
                    f("s", "merged_into")
                ),
            }],
            Measure::Inspections => {
                let (mut dimensions, part, join) = self.agencies_of(by_agency, "i", "agencies");
                dimensions.extend([
                    (PlaceType, f("i", "place_type")),
                    (Status, f("i", "status")),
                    (ElectionPeriod, f("i", "election_period_id")),
                ]);
                vec![UnitSelect {
                    record: "i",
                    part,
                    day: self.local_date("i", "started_at"),
                    dimensions,
                    from: format!(
                        "FROM {}{}{join}",
                        self.pending("i", &["inspection"]),
                        self.parsed("i")
                    ),
                    condition: format!("i.entity = 'inspection' AND {}", self.live("i")),
                }]
            }
            Measure::Findings | Measure::Violations => {
                let mut dimensions = vec![
                    (PlaceType, f("i", "place_type")),
                    (ElectionPeriod, f("i", "election_period_id")),
                    (Nationality, f("s", "nationality")),
                    (PermitType, f("s", "permit_type")),
                ];
                let (part, join) = if measure == Measure::Violations {
                    dimensions.push((Violation, "v.value".to_string()));
                    (
                        "COALESCE(v.value, '')".to_string(),
                        format!(" {}", self.each("fi", "violations", "v", false)),
                    )
                } else {
                    ("''".to_string(), String::new())
                };
                vec![UnitSelect {
                    record: "fi",
                    part,
                    day: self.local_date("i", "started_at"),
                    dimensions,
                    from: format!("{}{join}", self.live_findings()),
                    condition: self.live_findings_condition(),
                }]
            }
            // Recommended in the field, on the finding; decided by the office, on the
            // finding's decision record unless that was cancelled.
            Measure::Actions => {
                let decision = format!(" JOIN {}{}", self.decision_of("fi", "d"), self.parsed("d"));
                [
                    (
                        "recommended",
                        f("fi", "recommended_action"),
                        String::new(),
                        String::new(),
                    ),
                    (
                        "decided",
                        f("d", "decided_action"),
                        decision,
                        format!(" AND {} <> 'cancelled'", f("d", "state")),
                    ),
                ]
                .into_iter()
                .map(|(stage, action, join, kept)| UnitSelect {
                    record: "fi",
                    part: format!("'{stage}'"),
                    day: self.local_date("i", "started_at"),
                    dimensions: vec![
                        (Stage, format!("'{stage}'")),
                        (Action, action.clone()),
                        (PlaceType, f("i", "place_type")),
                        (Nationality, f("s", "nationality")),
                        (PermitType, f("s", "permit_type")),
                    ],
                    from: format!("{}{join}", self.live_findings()),
                    condition: format!(
                        "{} AND {action} IS NOT NULL{kept}",
                        self.live_findings_condition()
                    ),
                })
                .collect()
            }
            Measure::Meetings => {
                let (dimensions, part, join) =
                    self.agencies_of(by_agency, "m", "attending_agencies");
                vec![UnitSelect {
                    record: "m",
                    part,
                    day: f("m", "date"),
                    dimensions,
                    from: format!(
                        "FROM {}{}{join}",
                        self.pending("m", &["meeting"]),
                        self.parsed("m")
                    ),
                    condition: format!("m.entity = 'meeting' AND {}", self.live("m")),
                }]
            }
            Measure::FollowUps => vec![UnitSelect {
                record: "a",
                part: "''".to_string(),
                day: f("a", "due_date"),
                dimensions: vec![(Agency, f("a", "owner_agency")), (Status, f("a", "status"))],
                from: format!(
                    "FROM {}{}",
                    self.pending("a", &["action_item"]),
                    self.parsed("a")
                ),
                condition: format!("a.entity = 'action_item' AND {}", self.live("a")),
            }],
        }
    }
}
