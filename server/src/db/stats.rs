//! The central office's counts (`GET /api/stats`), computed in SQL on either engine over
//! the counted units kept beside the records (`stat_units`, see [`super::stat_units`]).
//! A question reads one variant's units within its region and period; the breakdown
//! groups them and the total counts each unit once.

use super::stat_units::variant;
use super::{Backend, Db};
use pantau_shared::region::RegionCode;
use pantau_shared::stats::{Dimension, Measure};
use sqlx::Row;

/// The office's time zone: Bali and the rest of central Indonesia keep WITA, UTC+8, with
/// no daylight saving. A month or a period is read in it.
pub const OFFICE_TIME_ZONE: &str = "Asia/Makassar";
pub(super) const OFFICE_UTC_OFFSET_HOURS: i32 = 8;

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
    /// The breakdown and the total for `query`, over every write committed before it.
    ///
    /// Each unit is one row of `stat_units`, or one of `n` in a pre-count, so adding up
    /// `n` counts units. A breakdown by agency reads the variant with a row per agency,
    /// where a record counts once under each of its agencies; its total then comes from
    /// the plain variant, where it counts once.
    pub async fn stats(&self, query: &StatsQuery) -> sqlx::Result<(Vec<CountRow>, i64)> {
        self.refresh_stat_units().await?;
        let rows_plan = Plan::new(query, query.by.contains(&Dimension::Agency));
        let mut rows = Vec::new();
        if !query.by.is_empty() {
            let keys: Vec<String> = query.by.iter().map(|d| rows_plan.key(*d)).collect();
            let columns: Vec<String> = keys
                .iter()
                .enumerate()
                .map(|(n, key)| format!("{key} AS k{n}"))
                .collect();
            let positions: Vec<String> = (1..=keys.len()).map(|n| n.to_string()).collect();
            let sql = format!(
                "SELECT {}, CAST(SUM(u.n) AS BIGINT) FROM {} GROUP BY {} ORDER BY {}",
                columns.join(", "),
                rows_plan.source,
                positions.join(", "),
                positions.join(", ")
            );
            let mut statement = sqlx::query(sqlx::AssertSqlSafe(sql));
            for value in &rows_plan.binds {
                statement = statement.bind(value.clone());
            }
            for row in statement.fetch_all(&self.pool).await? {
                let keys = (0..query.by.len())
                    .map(|n| row.try_get::<Option<String>, _>(n))
                    .collect::<sqlx::Result<Vec<_>>>()?;
                rows.push((keys, row.try_get::<i64, _>(query.by.len())?));
            }
        }
        let total_plan = Plan::new(query, false);
        if !query.by.is_empty() && total_plan.variant == rows_plan.variant {
            let total = rows.iter().map(|(_, count)| count).sum();
            return Ok((rows, total));
        }
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(u.n), 0) AS BIGINT) FROM {}",
            total_plan.source
        );
        let mut statement = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql));
        for value in &total_plan.binds {
            statement = statement.bind(value.clone());
        }
        let (total,) = statement.fetch_one(&self.pool).await?;
        Ok((rows, total))
    }
}

/// The ids of the records a question counts (for `subjects`, `inspections`, `findings`
/// and `follow_ups`), as a subquery, and the parameters it binds. The units must have
/// been refreshed first ([`Db::refresh_stat_units`]).
pub(super) fn counted_ids(query: &StatsQuery) -> (String, Vec<String>) {
    let mut conditions = Conditions::new(query, false);
    let mut days = Vec::new();
    if query.measure.is_dated() && (query.from.is_some() || query.to.is_some()) {
        // A unit without a date ('') lies in no period.
        days.push("day <> ''".to_string());
        for (bound, comparison) in [(&query.from, ">="), (&query.to, "<=")] {
            if let Some(date) = bound {
                days.push(format!("day {comparison} {}", conditions.bind(date)));
            }
        }
    }
    let sql = format!(
        "SELECT record_id FROM stat_units WHERE {}",
        conditions.with(&[&days.join(" AND ")])
    );
    (sql, conditions.binds)
}

/// The conditions every row a question reads must meet — its variant, its region and
/// its filters — which hold alike for the units and for the pre-counts, with their
/// parameters.
struct Conditions {
    variant: String,
    shared: Vec<String>,
    binds: Vec<String>,
}

impl Conditions {
    /// The conditions over the units with a row per agency when `by_agency` or when the
    /// question keeps one agency (a record then counts once, under it).
    fn new(query: &StatsQuery, by_agency: bool) -> Conditions {
        let by_agency = by_agency || query.filters.iter().any(|(d, _)| *d == Dimension::Agency);
        let variant = variant(query.measure, by_agency);
        let mut conditions = Conditions {
            variant: variant.clone(),
            shared: Vec::new(),
            binds: Vec::new(),
        };
        let variant = conditions.bind(&variant);
        conditions.shared.push(format!("variant = {variant}"));
        // Codes below `R` begin with `R.`: a comparison of that many characters per row,
        // where LIKE would match a pattern.
        let region = query.region.as_str();
        let exact = conditions.bind(region);
        let below = conditions.bind(&format!("{region}."));
        conditions.shared.push(format!(
            "(region = {exact} OR SUBSTR(region, 1, {}) = {below})",
            region.len() + 1
        ));
        if region.len() >= REGENCY_LENGTH {
            // The same expression as the units' regency index, so that a regency or a
            // district reads only its own units.
            let regency = conditions.bind(&region[..REGENCY_LENGTH]);
            conditions
                .shared
                .push(format!("SUBSTR(region, 1, {REGENCY_LENGTH}) = {regency}"));
        }
        for (dimension, value) in &query.filters {
            let value = conditions.bind(value);
            conditions
                .shared
                .push(format!("d_{} = {value}", dimension.code()));
        }
        conditions
    }

    /// Adds a parameter; answers its placeholder.
    fn bind(&mut self, value: &str) -> String {
        self.binds.push(value.to_string());
        format!("${}", self.binds.len())
    }

    /// The shared conditions and those of `more` that are not empty, joined.
    fn with(&self, more: &[&str]) -> String {
        let more = more.iter().filter(|c| !c.is_empty()).map(|c| c.to_string());
        self.shared
            .iter()
            .cloned()
            .chain(more)
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}

/// The length of a regency's code (`51.03`), and of a district's (`51.03.01`): the
/// pre-counts keep regions down to districts.
const REGENCY_LENGTH: usize = 5;
const DISTRICT_LENGTH: usize = 8;

/// One question's rows: where they come from, and their parameters.
struct Plan {
    /// The variant of the units read.
    variant: String,
    /// `(SELECT region, month, d_…, n …) AS u`: the pre-counts of the whole months asked
    /// about, and the units of the rest, each row standing for `n` units.
    source: String,
    binds: Vec<String>,
    /// The length of a region code one level below the region asked about.
    region_length: usize,
}

impl Plan {
    fn new(query: &StatsQuery, by_agency: bool) -> Plan {
        let mut conditions = Conditions::new(query, by_agency);
        let region_length = below_length(query.region.as_str());
        // The pre-counts hold districts: a village, or a district's villages, is read
        // from the units.
        let counts_serve = query.region.as_str().len() <= DISTRICT_LENGTH
            && !(query.by.contains(&Dimension::Region) && region_length > DISTRICT_LENGTH);
        let dated_period = query.measure.is_dated() && (query.from.is_some() || query.to.is_some());
        let columns = format!("region, {}", super::stat_units::stored_columns());
        // With no filter and at most one dimension besides region and month, the counts
        // by that dimension (or the cells' totals) hold every row needed.
        let alone = single_dimension(query);
        // By one dimension, the whole months come from its monthly counts and the days
        // at the edges from its daily counts (`month` is then the day's month).
        let by_dimension = |conditions: &mut Conditions, per_day: bool, range: &str| {
            let dimension = alone.flatten();
            let values = super::stat_units::STORED
                .iter()
                .map(|stored| {
                    if Some(*stored) == dimension {
                        format!("value AS d_{}", stored.code())
                    } else {
                        format!("CAST(NULL AS TEXT) AS d_{}", stored.code())
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            let code = conditions.bind(dimension.map_or("", |d| d.code()));
            let (table, month) = if per_day {
                ("stat_day_counts", "SUBSTR(day, 1, 7)")
            } else {
                ("stat_dimension_counts", "month")
            };
            format!(
                "SELECT region, {values}, {month} AS month, n FROM {table} WHERE {}",
                conditions.with(&[&format!("dimension = {code}"), range])
            )
        };
        let from_counts = |conditions: &mut Conditions, months: &str| {
            if alone.is_some() {
                by_dimension(conditions, false, months)
            } else {
                format!(
                    "SELECT {columns}, month, n FROM stat_counts WHERE {}",
                    conditions.with(&[months])
                )
            }
        };
        // The daily counts keep regencies: they serve a question that needs no finer
        // region.
        let finest_region = if query.by.contains(&Dimension::Region) {
            region_length
        } else {
            query.region.as_str().len()
        };
        let day_counts_serve = alone.is_some() && finest_region <= REGENCY_LENGTH;
        let from_units = |conditions: &Conditions, days: &str| {
            format!(
                "SELECT {columns}, SUBSTR(day, 1, 7) AS month, 1 AS n FROM stat_units WHERE {}",
                conditions.with(&[days])
            )
        };
        let mut selects = Vec::new();
        if !dated_period {
            selects.push(if counts_serve {
                from_counts(&mut conditions, "")
            } else {
                from_units(&conditions, "")
            });
        } else if !counts_serve {
            let days = day_conditions(&mut conditions, query.from.as_deref(), query.to.as_deref());
            selects.push(from_units(&conditions, &days));
        } else {
            let split = split_period(query.from.as_deref(), query.to.as_deref());
            if let Some((first, last)) = &split.months {
                let mut months = vec!["month <> ''".to_string()];
                for (bound, comparison) in [(first, ">="), (last, "<=")] {
                    if let Some(month) = bound {
                        months.push(format!("month {comparison} {}", conditions.bind(month)));
                    }
                }
                let months = months.join(" AND ");
                selects.push(from_counts(&mut conditions, &months));
            }
            // One select per edge: each reads one range of days from the index, where
            // the edges joined by OR would make the engine read every day of the variant.
            for (from, to) in &split.edges {
                let days = day_conditions(&mut conditions, Some(from), Some(to));
                selects.push(if day_counts_serve {
                    by_dimension(&mut conditions, true, &days)
                } else {
                    from_units(&conditions, &days)
                });
            }
        }
        Plan {
            variant: conditions.variant,
            source: format!("({}) AS u", selects.join(" UNION ALL ")),
            binds: conditions.binds,
            region_length,
        }
    }

    /// The expression of a dimension's key over the rows read (`u`).
    fn key(&self, dimension: Dimension) -> String {
        match dimension {
            Dimension::Region => format!(
                "CASE WHEN LENGTH(u.region) >= {0} THEN SUBSTR(u.region, 1, {0}) END",
                self.region_length
            ),
            Dimension::Month => "NULLIF(u.month, '')".to_string(),
            other => format!("u.d_{}", other.code()),
        }
    }
}

/// The one dimension a question breaks down by besides region and month (`Some(None)`
/// for none), when it has no filter: what `stat_dimension_counts` answers.
fn single_dimension(query: &StatsQuery) -> Option<Option<Dimension>> {
    if !query.filters.is_empty() {
        return None;
    }
    let mut others = query
        .by
        .iter()
        .copied()
        .filter(|d| !matches!(d, Dimension::Region | Dimension::Month));
    match (others.next(), others.next()) {
        (first, None) => Some(first),
        _ => None,
    }
}

/// The conditions on a unit's date for the inclusive local dates `from` and `to`; a
/// unit without a date ('') lies in no period.
fn day_conditions(conditions: &mut Conditions, from: Option<&str>, to: Option<&str>) -> String {
    let mut days = vec!["day <> ''".to_string()];
    for (bound, comparison) in [(from, ">="), (to, "<=")] {
        if let Some(date) = bound {
            days.push(format!("day {comparison} {}", conditions.bind(date)));
        }
    }
    days.join(" AND ")
}

/// A period cut into the whole months the pre-counts answer and the days at its edges
/// that only the units can.
#[derive(Debug, PartialEq, Eq)]
struct SplitPeriod {
    /// The first and the last whole month (`YYYY-MM`; `None` is open-ended), or `None`
    /// when the period holds no whole month.
    months: Option<(Option<String>, Option<String>)>,
    /// Inclusive date ranges outside those months.
    edges: Vec<(String, String)>,
}

/// Cuts the inclusive period `from..=to` (dates `YYYY-MM-DD`, either open-ended).
fn split_period(from: Option<&str>, to: Option<&str>) -> SplitPeriod {
    let first = from.map(|from| {
        if from.ends_with("-01") {
            from[..7].to_string()
        } else {
            shift_month(&from[..7], 1)
        }
    });
    let last = to.map(|to| {
        if to == last_day(&to[..7]) {
            to[..7].to_string()
        } else {
            shift_month(&to[..7], -1)
        }
    });
    if let (Some(first), Some(last), Some(from), Some(to)) = (&first, &last, from, to)
        && first > last
    {
        return SplitPeriod {
            months: None,
            edges: vec![(from.to_string(), to.to_string())],
        };
    }
    let mut edges = Vec::new();
    if let Some(from) = from
        && !from.ends_with("-01")
    {
        edges.push((from.to_string(), last_day(&from[..7])));
    }
    if let Some(to) = to
        && to != last_day(&to[..7])
    {
        edges.push((format!("{}-01", &to[..7]), to.to_string()));
    }
    SplitPeriod {
        months: Some((first, last)),
        edges,
    }
}

/// `YYYY-MM` moved by `by` months (±1).
fn shift_month(month: &str, by: i32) -> String {
    let (year, month) = year_month(month);
    let index = year * 12 + (month - 1) + by;
    format!(
        "{:04}-{:02}",
        index.div_euclid(12),
        index.rem_euclid(12) + 1
    )
}

/// The last date of the month `YYYY-MM`.
fn last_day(month: &str) -> String {
    let (year, number) = year_month(month);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match number {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    format!("{month}-{days}")
}

/// The year and month of a validated `YYYY-MM`.
fn year_month(month: &str) -> (i32, i32) {
    let year = month[..4].parse().unwrap_or_default();
    let number = month[5..7].parse().unwrap_or(1);
    (year, number)
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

/// What differs between the engines: reading a JSON field (the counted units add a local
/// date and unnesting a JSON list, see [`super::stat_units`]).
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

    /// A join of the office's decision `decision` on the finding `finding`, by the id
    /// that follows from the finding's (its version nibble set to 8, see
    /// `pantau_shared::decision::decision_id`): a primary-key lookup on both engines.
    pub(super) fn decision_of(&self, finding: &str, decision: &str) -> String {
        format!(
            "records {decision} ON {decision}.id = \
             SUBSTR({finding}.id, 1, 14) || '8' || SUBSTR({finding}.id, 16) \
             AND {decision}.entity = 'decision' AND {decision}.deleted = 0"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(from: Option<&str>, to: Option<&str>) -> SplitPeriod {
        split_period(from, to)
    }

    fn months(first: Option<&str>, last: Option<&str>) -> Option<(Option<String>, Option<String>)> {
        Some((first.map(String::from), last.map(String::from)))
    }

    #[test]
    fn a_period_of_whole_months_needs_no_units() {
        let whole = split(Some("2025-12-01"), Some("2026-11-30"));
        assert_eq!(whole.months, months(Some("2025-12"), Some("2026-11")));
        assert!(whole.edges.is_empty());
        assert_eq!(split(Some("2024-02-01"), Some("2024-02-29")).edges, vec![]);
    }

    #[test]
    fn part_months_at_either_edge_are_read_from_the_units() {
        let period = split(Some("2025-12-15"), Some("2026-11-03"));
        assert_eq!(period.months, months(Some("2026-01"), Some("2026-10")));
        assert_eq!(
            period.edges,
            vec![
                ("2025-12-15".to_string(), "2025-12-31".to_string()),
                ("2026-11-01".to_string(), "2026-11-03".to_string())
            ]
        );
        // February of a common year ends on the 28th.
        let period = split(None, Some("2026-02-28"));
        assert_eq!(period.months, months(None, Some("2026-02")));
        assert!(period.edges.is_empty());
        let period = split(Some("2026-01-31"), None);
        assert_eq!(period.months, months(Some("2026-02"), None));
        assert_eq!(
            period.edges,
            vec![("2026-01-31".to_string(), "2026-01-31".to_string())]
        );
    }

    #[test]
    fn a_period_holding_no_whole_month_is_read_from_the_units_alone() {
        for (from, to) in [
            ("2026-11-02", "2026-11-29"),
            ("2026-11-01", "2026-11-29"),
            ("2026-12-31", "2027-01-30"),
        ] {
            let period = split(Some(from), Some(to));
            assert_eq!(period.months, None, "{from}..{to}");
            assert_eq!(period.edges, vec![(from.to_string(), to.to_string())]);
        }
    }

    #[test]
    fn region_breaks_down_one_level_below() {
        assert_eq!(below_length("51"), "51.01".len());
        assert_eq!(below_length("51.01"), "51.01.04".len());
        assert_eq!(below_length("51.01.04"), "51.01.04.1001".len());
    }
}
