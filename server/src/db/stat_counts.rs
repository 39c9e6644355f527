//! The office's monthly pre-counts (`stat_counts`): the counted units of each variant
//! added up per month, district and dimension values, so that a question over whole
//! months reads a few rows per district instead of every unit.
//!
//! Beside them, `stat_dimension_counts` adds those rows up by one dimension at a time
//! (and the cell's total): a question by at most one dimension besides region and month,
//! with no filter, reads a few rows per district and month from it. `stat_day_counts`
//! does the same per day and regency, for the days at a period's edges.
//!
//! They are kept exact by recounting rather than by adding and subtracting: a refresh
//! marks the cell — variant, month and regency — of every unit it removes or writes
//! (`stat_dirty`), and once the units are up to date recounts each marked cell from
//! them. A cell is one regency's month, read through the units' regency index, so a
//! push recounts a few small slices, and a first build recounts everything once.

use super::WriteTx;
use super::stat_units::{STORED, stored_columns};
use crate::db::write::on_write_tx;
use std::time::{Duration, Instant};

/// The codes of the dimensions counted alone, and '' for the cells' totals, as an SQL
/// list.
fn dimension_codes() -> String {
    std::iter::once("''".to_string())
        .chain(STORED.iter().map(|d| format!("'{}'", d.code())))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rows of `stat_dimension_counts` for the cell `cell` (conditions on `stat_counts`):
/// its total per district, and the count of each value of each stored dimension.
fn by_dimension(cell: &str) -> String {
    let total = format!(
        "SELECT variant, '', month, region, CAST(NULL AS TEXT), SUM(n) FROM stat_counts \
         WHERE {cell} GROUP BY variant, month, region"
    );
    let each = STORED.iter().map(|dimension| {
        let column = format!("d_{}", dimension.code());
        format!(
            "SELECT variant, '{}', month, region, {column}, SUM(n) FROM stat_counts \
             WHERE {cell} GROUP BY variant, month, region, {column}",
            dimension.code()
        )
    });
    std::iter::once(total)
        .chain(each)
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

/// The rows of `stat_day_counts` for the units selected by `units` (conditions on
/// `stat_units` as `u`), all of the regency `$3`: per day, the total and the count of each
/// value of each stored dimension. The units are read once, each standing for one row
/// per dimension.
fn by_dimension_per_day(units: &str) -> String {
    let dimensions = std::iter::once("SELECT '' AS code".to_string())
        .chain(
            STORED
                .iter()
                .map(|d| format!("SELECT '{}' AS code", d.code())),
        )
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let value = STORED
        .iter()
        .map(|d| format!("WHEN '{0}' THEN u.d_{0}", d.code()))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "SELECT u.variant, dimensions.code, u.day, $3, CASE dimensions.code {value} END, COUNT(*) \
         FROM stat_units AS u CROSS JOIN ({dimensions}) AS dimensions \
         WHERE {units} GROUP BY 1, 2, 3, 5"
    )
}

/// The conditions that `column` holds a date of the month `$2`: a range first, which an
/// index on the column reads.
fn month_days(column: &str) -> String {
    format!(
        "{column} >= ($2 || '-01') AND {column} <= ($2 || '-31') AND SUBSTR({column}, 1, 7) = $2"
    )
}

/// How long one step may spend recounting before it lets other writers in.
const RECOUNT_BUDGET: Duration = Duration::from_millis(250);

impl WriteTx {
    /// Marks for recounting the cells of the units of the records in `stat_pending`:
    /// called before their units are removed, and again once their new units are
    /// written.
    pub(super) async fn mark_pending_cells(&mut self) -> sqlx::Result<()> {
        self.run(
            "INSERT INTO stat_dirty (variant, month, regency) \
             SELECT DISTINCT variant, SUBSTR(day, 1, 7), SUBSTR(region, 1, 5) FROM stat_units \
             WHERE record_id IN (SELECT id FROM stat_pending) ON CONFLICT DO NOTHING",
        )
        .await
    }

    /// Marks for recounting the cells of the units a build step just wrote: those of the
    /// records with ids `after` (excluded) to `last`, read through the units' record
    /// index as a range.
    pub(super) async fn mark_built_cells(&mut self, after: &str, last: &str) -> sqlx::Result<()> {
        on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "INSERT INTO stat_dirty (variant, month, regency) \
                 SELECT DISTINCT variant, SUBSTR(day, 1, 7), SUBSTR(region, 1, 5) FROM stat_units \
                 WHERE record_id > $1 AND record_id <= $2 ON CONFLICT DO NOTHING",
            )
            .bind(after)
            .bind(last)
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(())
    }

    /// Forgets every pre-count and every mark, for a build of the units from nothing.
    pub(super) async fn forget_counts(&mut self, empty: &str) -> sqlx::Result<()> {
        self.run(&format!("{empty} stat_counts")).await?;
        self.run(&format!("{empty} stat_dimension_counts")).await?;
        self.run(&format!("{empty} stat_day_counts")).await?;
        self.run(&format!("{empty} stat_dirty")).await
    }

    /// Recounts marked cells until the step's budget is spent; answers whether marked
    /// cells remain.
    pub(super) async fn recount_marked_cells(&mut self, started: Instant) -> sqlx::Result<bool> {
        loop {
            let cell: Option<(String, String, String)> = on_write_tx!(self.tx, |conn| {
                sqlx::query_as("SELECT variant, month, regency FROM stat_dirty LIMIT 1")
                    .fetch_optional(conn)
                    .await?
            });
            let Some((variant, month, regency)) = cell else {
                return Ok(false);
            };
            self.recount_cell(&variant, &month, &regency).await?;
            if started.elapsed() >= RECOUNT_BUDGET {
                return Ok(true);
            }
        }
    }

    /// Counts one cell again from its units and clears its mark.
    async fn recount_cell(
        &mut self,
        variant: &str,
        month: &str,
        regency: &str,
    ) -> sqlx::Result<()> {
        let columns = stored_columns();
        // A dated month is a range of the index's last column; '' is the undated units.
        let days = if month.is_empty() {
            "day = ''".to_string()
        } else {
            month_days("day")
        };
        // The cell's rows of either table: a range of the read index, then the regency
        // exactly (a province-level code such as `51` is a cell of its own).
        let cell = "variant = $1 AND month = $2 AND region >= $3 AND region < ($3 || '/') \
                    AND SUBSTR(region, 1, 5) = $3";
        let mut statements = vec![
            format!("DELETE FROM stat_counts WHERE {cell}"),
            format!(
                "DELETE FROM stat_dimension_counts WHERE dimension IN ({}) AND {cell}",
                dimension_codes()
            ),
            format!(
                "INSERT INTO stat_counts (variant, month, region, {columns}, n) \
                 SELECT variant, $2, SUBSTR(region, 1, 8), {columns}, COUNT(*) FROM stat_units \
                 WHERE variant = $1 AND SUBSTR(region, 1, 5) = $3 AND {days} \
                 GROUP BY variant, SUBSTR(region, 1, 8), {columns}"
            ),
            format!(
                "INSERT INTO stat_dimension_counts (variant, dimension, month, region, value, n) {}",
                by_dimension(cell)
            ),
        ];
        // The daily rows are the regency's own, and an undated cell has none.
        if !month.is_empty() {
            statements.push(
                "DELETE FROM stat_day_counts WHERE variant = $1 AND day >= ($2 || '-01') \
                 AND day <= ($2 || '-31') AND region = $3"
                    .to_string(),
            );
            statements.push(format!(
                "INSERT INTO stat_day_counts (variant, dimension, day, region, value, n) {}",
                by_dimension_per_day(&format!(
                    "u.variant = $1 AND SUBSTR(u.region, 1, 5) = $3 AND {}",
                    month_days("u.day")
                ))
            ));
        }
        statements.push(
            "DELETE FROM stat_dirty WHERE variant = $1 AND month = $2 AND regency = $3".to_string(),
        );
        for sql in statements {
            on_write_tx!(self.tx, |conn| {
                sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                    .bind(variant)
                    .bind(month)
                    .bind(regency)
                    .execute(conn)
                    .await?
                    .rows_affected()
            });
        }
        Ok(())
    }
}
