//! The central office's counts (`GET /api/stats`), computed in SQL over the consolidated
//! records on either engine.
//!
//! Each measure is first a derived table of counted units — one row per record, or per
//! record and list value where a dimension is a list (an inspection's agencies, a
//! finding's violations) — with the unit's region, its local date and one column per
//! dimension. The breakdown groups that table; the total counts each unit once.

use super::records::scope_params;
use super::{Backend, Db};
use pantau_shared::region::RegionCode;
use pantau_shared::stats::{Dimension, Measure};
use sqlx::Row;

/// The office's time zone: Bali and the rest of central Indonesia keep WITA, UTC+8, with
/// no daylight saving. A month or a period is read in it.
pub const OFFICE_TIME_ZONE: &str = "Asia/Makassar";
const OFFICE_UTC_OFFSET_HOURS: i32 = 8;

/// A validated stats question.
#[derive(Debug, Clone)]
pub struct StatsQuery {
    pub measure: Measure,
    pub by: Vec<Dimension>,
    /// The region asked about; `region` breaks down one level below it.
    pub region: RegionCode,
    /// Inclusive local dates `YYYY-MM-DD`; ignored for undated measures.
    pub from: Option<String>,
    pub to: Option<String>,
    /// `dimension = value` filters.
    pub filters: Vec<(Dimension, String)>,
}

/// One breakdown line as read: keys in the order of `by`, and the count.
pub type CountRow = (Vec<Option<String>>, i64);

impl Db {
    /// The breakdown and the total for `query`.
    pub async fn stats(&self, query: &StatsQuery) -> sqlx::Result<(Vec<CountRow>, i64)> {
        let plan = Plan::new(self.backend, query);
        let keys: Vec<String> = query.by.iter().map(|d| plan.key(*d)).collect();
        let grouped = if keys.is_empty() {
            None
        } else {
            let columns: Vec<String> = keys
                .iter()
                .enumerate()
                .map(|(n, key)| format!("{key} AS k{n}"))
                .collect();
            let positions: Vec<String> = (1..=keys.len()).map(|n| n.to_string()).collect();
            Some(format!(
                "SELECT {}, COUNT(DISTINCT unit) FROM {} WHERE {} GROUP BY {} ORDER BY {}",
                columns.join(", "),
                plan.base,
                plan.conditions,
                positions.join(", "),
                positions.join(", ")
            ))
        };
        let total_sql = format!(
            "SELECT COUNT(DISTINCT unit) FROM {} WHERE {}",
            plan.base, plan.conditions
        );
        let mut rows = Vec::new();
        if let Some(sql) = grouped {
            let mut statement = sqlx::query(sqlx::AssertSqlSafe(sql));
            for value in &plan.binds {
                statement = statement.bind(value.clone());
            }
            for row in statement.fetch_all(&self.pool).await? {
                let keys = (0..query.by.len())
                    .map(|n| row.try_get::<Option<String>, _>(n))
                    .collect::<sqlx::Result<Vec<_>>>()?;
                rows.push((keys, row.try_get::<i64, _>(query.by.len())?));
            }
        }
        // Without a list dimension every unit is in exactly one row, so the rows add up
        // to the total and the derived table need not be read a second time.
        if !query.by.is_empty() && !query.by.iter().any(|d| d.is_list()) {
            let total = rows.iter().map(|(_, count)| count).sum();
            return Ok((rows, total));
        }
        let mut statement = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(total_sql));
        for value in &plan.binds {
            statement = statement.bind(value.clone());
        }
        let (total,) = statement.fetch_one(&self.pool).await?;
        Ok((rows, total))
    }
}

/// The ids of the records a question counts (for `subjects`, `inspections`, `findings`
/// and `follow_ups`), as a subquery, and the parameters it binds.
pub(super) fn counted_ids(backend: Backend, query: &StatsQuery) -> (String, Vec<String>) {
    let plan = Plan::new(backend, query);
    (
        format!("SELECT unit FROM {} WHERE {}", plan.base, plan.conditions),
        plan.binds,
    )
}

/// The SQL of one question: the derived table, its conditions and their parameters.
struct Plan {
    base: String,
    conditions: String,
    binds: Vec<String>,
    /// The length of a region code one level below the region asked about.
    region_length: usize,
}

impl Plan {
    fn new(backend: Backend, query: &StatsQuery) -> Plan {
        let uses = |dimension: Dimension| {
            query.by.contains(&dimension) || query.filters.iter().any(|(d, _)| *d == dimension)
        };
        let sql = EngineSql(backend);
        let base = sql.base(query.measure, uses(Dimension::Agency));
        let (exact, below) = scope_params(query.region.as_str());
        let mut binds = vec![exact, below];
        let mut conditions = vec!["(region = $1 OR region LIKE $2)".to_string()];
        let mut plan = Plan {
            base: format!("({base}) AS base"),
            conditions: String::new(),
            binds: Vec::new(),
            region_length: below_length(query.region.as_str()),
        };
        if query.measure.is_dated() {
            for (bound, comparison) in [(&query.from, ">="), (&query.to, "<=")] {
                if let Some(date) = bound {
                    binds.push(date.clone());
                    conditions.push(format!("day {comparison} ${}", binds.len()));
                }
            }
        }
        for (dimension, value) in &query.filters {
            binds.push(value.clone());
            conditions.push(format!("{} = ${}", plan.key(*dimension), binds.len()));
        }
        plan.conditions = conditions.join(" AND ");
        plan.binds = binds;
        plan
    }

    /// The expression of a dimension's key over the derived table.
    fn key(&self, dimension: Dimension) -> String {
        match dimension {
            Dimension::Region => format!(
                "CASE WHEN LENGTH(region) >= {0} THEN SUBSTR(region, 1, {0}) END",
                self.region_length
            ),
            Dimension::Month => "SUBSTR(day, 1, 7)".to_string(),
            other => format!("d_{}", other.code()),
        }
    }
}

/// The code length one level below `region`: province `51` → regency `51.01` → district
/// `51.01.01` → village `51.01.01.2001`; a village has nothing below it.
fn below_length(region: &str) -> usize {
    match region.len() {
        0..=2 => 5,
        3..=5 => 8,
        _ => 13,
    }
}

/// What differs between the engines: reading a JSON field, a local date, and unnesting a
/// JSON list.
pub(super) struct EngineSql(pub Backend);

impl EngineSql {
    pub(super) fn field(&self, alias: &str, name: &str) -> String {
        match self.0 {
            Backend::Sqlite => format!("json_extract({alias}.fields, '$.{name}')"),
            Backend::Postgres => format!("({alias}.fields::jsonb ->> '{name}')"),
        }
    }

    pub(super) fn live(&self, alias: &str) -> String {
        format!("{alias}.deleted = 0")
    }

    /// The office-local date of a timestamp field (RFC 3339 with its own offset).
    pub(super) fn local_date(&self, alias: &str, name: &str) -> String {
        match self.0 {
            Backend::Sqlite => format!(
                "date({}, '{:+} hours')",
                self.field(alias, name),
                OFFICE_UTC_OFFSET_HOURS
            ),
            Backend::Postgres => format!(
                "to_char(({}::timestamptz AT TIME ZONE '{OFFICE_TIME_ZONE}'), 'YYYY-MM-DD')",
                self.field(alias, name)
            ),
        }
    }

    /// A join yielding each element of a JSON list field as `{alias}.value`; `outer`
    /// keeps records whose list is empty or absent (with a NULL value).
    fn each(&self, record: &str, name: &str, alias: &str, outer: bool) -> String {
        let join = if outer { "LEFT JOIN" } else { "JOIN" };
        match self.0 {
            Backend::Sqlite => format!("{join} json_each({record}.fields, '$.{name}') AS {alias}"),
            Backend::Postgres => format!(
                "{join} LATERAL jsonb_array_elements_text(COALESCE({record}.fields::jsonb -> '{name}', '[]'::jsonb)) AS {alias}(value) ON TRUE"
            ),
        }
    }

    /// Findings `fi` with their inspection `i` and the foreign national `s` they are
    /// about (the survivor, where the one cited was merged into another).
    fn live_findings(&self) -> String {
        format!(
            "FROM records fi \
             JOIN records i ON i.id = {} AND i.entity = 'inspection' \
             LEFT JOIN records cited ON cited.id = {} AND cited.entity = 'subject' \
             LEFT JOIN records s ON s.id = COALESCE({}, cited.id)",
            self.field("fi", "inspection_id"),
            self.field("fi", "subject_id"),
            self.field("cited", "merged_into"),
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

    /// The agency column and its join: a unit per agency in the record's list `name`
    /// when the question is about agencies, else one unit with no agency (no join, which
    /// keeps other questions cheap).
    fn agencies_of(&self, wanted: bool, record: &str, name: &str) -> (String, String) {
        if wanted {
            ("ag.value".to_string(), self.each(record, name, "ag", true))
        } else {
            ("NULL".to_string(), String::new())
        }
    }

    /// The derived table of counted units for `measure`. A foreign national merged into
    /// another is not counted; a finding citing one counts its survivor's details.
    fn base(&self, measure: Measure, by_agency: bool) -> String {
        let f = |alias: &str, name: &str| self.field(alias, name);
        match measure {
            Measure::Subjects => format!(
                "SELECT s.id AS unit, s.region_code AS region, NULL AS day, \
                 {} AS d_nationality, {} AS d_permit_type \
                 FROM records s WHERE s.entity = 'subject' AND {} AND {} IS NULL",
                f("s", "nationality"),
                f("s", "permit_type"),
                self.live("s"),
                f("s", "merged_into")
            ),
            Measure::Inspections => {
                let (agency, join) = self.agencies_of(by_agency, "i", "agencies");
                format!(
                    "SELECT i.id AS unit, i.region_code AS region, {} AS day, \
                     {} AS d_place_type, {} AS d_status, {} AS d_election_period, \
                     {agency} AS d_agency \
                     FROM records i {join} WHERE i.entity = 'inspection' AND {}",
                    self.local_date("i", "started_at"),
                    f("i", "place_type"),
                    f("i", "status"),
                    f("i", "election_period_id"),
                    self.live("i")
                )
            }
            Measure::Findings | Measure::Violations => {
                let (unit, violation, join) = if measure == Measure::Violations {
                    (
                        "fi.id || ':' || v.value".to_string(),
                        "v.value".to_string(),
                        self.each("fi", "violations", "v", false),
                    )
                } else {
                    ("fi.id".to_string(), "NULL".to_string(), String::new())
                };
                format!(
                    "SELECT {unit} AS unit, fi.region_code AS region, {} AS day, \
                     {} AS d_place_type, {} AS d_election_period, \
                     {} AS d_nationality, {} AS d_permit_type, {violation} AS d_violation \
                     {} {join} WHERE {}",
                    self.local_date("i", "started_at"),
                    f("i", "place_type"),
                    f("i", "election_period_id"),
                    f("s", "nationality"),
                    f("s", "permit_type"),
                    self.live_findings(),
                    self.live_findings_condition(),
                )
            }
            Measure::Actions => {
                let stage = |stage: &str| {
                    format!(
                        "SELECT fi.id || ':{stage}' AS unit, fi.region_code AS region, {} AS day, \
                         '{stage}' AS d_stage, {} AS d_action, {} AS d_place_type, \
                         {} AS d_nationality, {} AS d_permit_type \
                         {} WHERE {} AND {} IS NOT NULL",
                        self.local_date("i", "started_at"),
                        f("fi", &format!("{stage}_action")),
                        f("i", "place_type"),
                        f("s", "nationality"),
                        f("s", "permit_type"),
                        self.live_findings(),
                        self.live_findings_condition(),
                        f("fi", &format!("{stage}_action")),
                    )
                };
                format!("{} UNION ALL {}", stage("recommended"), stage("decided"))
            }
            Measure::Meetings => {
                let (agency, join) = self.agencies_of(by_agency, "m", "attending_agencies");
                format!(
                    "SELECT m.id AS unit, m.region_code AS region, {} AS day, {agency} AS d_agency \
                     FROM records m {join} WHERE m.entity = 'meeting' AND {}",
                    f("m", "date"),
                    self.live("m")
                )
            }
            Measure::FollowUps => format!(
                "SELECT a.id AS unit, a.region_code AS region, {} AS day, \
                 {} AS d_agency, {} AS d_status \
                 FROM records a WHERE a.entity = 'action_item' AND {}",
                f("a", "due_date"),
                f("a", "owner_agency"),
                f("a", "status"),
                self.live("a")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_breaks_down_one_level_below() {
        assert_eq!(below_length("51"), "51.01".len());
        assert_eq!(below_length("51.01"), "51.01.04".len());
        assert_eq!(below_length("51.01.04"), "51.01.04.1001".len());
    }
}
