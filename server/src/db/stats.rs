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
    /// Each unit is one row, so counting rows counts units. A breakdown by agency reads
    /// the variant with a row per agency, where a record counts once under each of its
    /// agencies; its total then comes from the plain variant, where it counts once.
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
                "SELECT {}, COUNT(*) FROM stat_units WHERE {} GROUP BY {} ORDER BY {}",
                columns.join(", "),
                rows_plan.conditions,
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
            "SELECT COUNT(*) FROM stat_units WHERE {}",
            total_plan.conditions
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
    let plan = Plan::new(query, false);
    (
        format!("SELECT record_id FROM stat_units WHERE {}", plan.conditions),
        plan.binds,
    )
}

/// The conditions of one question over `stat_units`, and their parameters.
struct Plan {
    /// The variant of the units read.
    variant: String,
    conditions: String,
    binds: Vec<String>,
    /// The length of a region code one level below the region asked about.
    region_length: usize,
}

impl Plan {
    /// The plan over the units with a row per agency when `by_agency` or when the
    /// question keeps one agency (a record then counts once, under it).
    fn new(query: &StatsQuery, by_agency: bool) -> Plan {
        let by_agency = by_agency || query.filters.iter().any(|(d, _)| *d == Dimension::Agency);
        let variant = variant(query.measure, by_agency);
        // Codes below `R` begin with `R.`: a comparison of that many characters per row,
        // where LIKE would match a pattern.
        let region = query.region.as_str();
        let mut binds = vec![variant.clone(), region.to_string(), format!("{region}.")];
        let mut conditions = vec![
            "variant = $1".to_string(),
            format!(
                "(region = $2 OR SUBSTR(region, 1, {}) = $3)",
                region.len() + 1
            ),
        ];
        let mut plan = Plan {
            variant,
            conditions: String::new(),
            binds: Vec::new(),
            region_length: below_length(query.region.as_str()),
        };
        if query.measure.is_dated() && (query.from.is_some() || query.to.is_some()) {
            // A unit without a date ('') lies in no period.
            conditions.push("day <> ''".to_string());
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

    /// The expression of a dimension's key over `stat_units`.
    fn key(&self, dimension: Dimension) -> String {
        match dimension {
            Dimension::Region => format!(
                "CASE WHEN LENGTH(region) >= {0} THEN SUBSTR(region, 1, {0}) END",
                self.region_length
            ),
            Dimension::Month => "NULLIF(SUBSTR(day, 1, 7), '')".to_string(),
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
