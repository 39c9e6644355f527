//! The voter-list cross-check's tables: the foreign nationals a check compares against,
//! each check made, the matched rows and their reviews (see `crate::voter_list`).

use super::records::{in_scope, scope_params};
use super::stats::EngineSql;
use super::{Db, WriteTx};
use crate::db::write::on_write_tx;
use crate::voter_list::{Foreigner, Matched};
use pantau_shared::voter_list::{MatchReview, MatchStatus, VoterMatch};
use sqlx::Row;

/// A check as written: who checked which region, and what it read.
pub struct CheckMade<'a> {
    pub id: &'a str,
    pub region: &'a str,
    pub checked_by: &'a str,
    pub checked_at_ms: i64,
    pub rows_read: u64,
    pub rows_refused: u64,
}

/// A match's review step as written.
pub struct ReviewMade<'a> {
    pub match_id: &'a str,
    pub status: MatchStatus,
    pub note: Option<&'a str>,
    pub reviewed_by: &'a str,
    pub at_ms: i64,
}

/// A foreign national holding a NIK, as stored.
#[derive(sqlx::FromRow)]
pub struct NikHolderRow {
    pub id: String,
    pub region_code: String,
    pub full_name: Option<String>,
    pub nationality: Option<String>,
    pub date_of_birth: Option<String>,
    pub nik: String,
    pub permit_type: Option<String>,
    pub permit_expiry: Option<String>,
    /// `true` when recorded as naturalised (as JSON text on either engine).
    pub naturalised: Option<String>,
}

/// Whether a JSON flag read as text is set.
pub fn flag_set(text: Option<&str>) -> bool {
    matches!(text, Some("true" | "1"))
}

/// A review step as stored, with the reviewer's name.
#[derive(sqlx::FromRow)]
struct ReviewRow {
    status: String,
    note: Option<String>,
    reviewed_by: String,
    reviewed_by_name: Option<String>,
    reviewed_at_ms: i64,
}

/// The columns of a match and of its foreign national, as [`match_from_row`] reads them.
fn match_columns(sql: &EngineSql) -> String {
    let field = |name: &str| sql.field("s", name);
    format!(
        "m.id, m.strength, m.status, m.voter_nik, m.voter_name, m.tps, m.kelurahan, \
         m.subject_id, m.region, {}, {}, {}, {}, {}, {}, {}, m.first_found_at_ms",
        field("full_name"),
        field("nationality"),
        field("date_of_birth"),
        field("nik"),
        field("permit_type"),
        field("permit_expiry"),
        text_of(sql, &field("naturalised")),
    )
}

/// A JSON value as text on either engine (`true` stays `true`).
fn text_of(sql: &EngineSql, expression: &str) -> String {
    match sql.0 {
        super::Backend::Sqlite => format!("CAST({expression} AS TEXT)"),
        super::Backend::Postgres => expression.to_string(),
    }
}

fn match_from_row(row: &sqlx::any::AnyRow) -> sqlx::Result<VoterMatch> {
    let naturalised: Option<String> = row.try_get(15)?;
    Ok(VoterMatch {
        id: row.try_get(0)?,
        strength: row.try_get(1)?,
        status: row.try_get(2)?,
        voter_nik: row.try_get(3)?,
        voter_name: row.try_get(4)?,
        tps: row.try_get(5)?,
        kelurahan: row.try_get(6)?,
        subject_id: row.try_get(7)?,
        region_code: row.try_get(8)?,
        full_name: row.try_get(9)?,
        nationality: row.try_get(10)?,
        date_of_birth: row.try_get(11)?,
        nik: row.try_get(12)?,
        permit_type: row.try_get(13)?,
        permit_expiry: row.try_get(14)?,
        marked_naturalised: flag_set(naturalised.as_deref()),
        first_found_at_ms: row.try_get(16)?,
        reviews: Vec::new(),
    })
}

impl Db {
    /// The foreign nationals in `scope` as a check compares them: live, not merged into
    /// another record.
    pub async fn foreigners_in(&self, scope: &str) -> sqlx::Result<Vec<Foreigner>> {
        let sql = EngineSql(self.backend);
        let (exact, below) = scope_params(scope);
        let statement = format!(
            "SELECT id, region_code AS region, {} AS nik, {} AS full_name, \
             {} AS date_of_birth FROM records \
             WHERE entity = 'subject' AND deleted = 0 AND {} IS NULL AND {}",
            sql.field("records", "nik"),
            sql.field("records", "full_name"),
            sql.field("records", "date_of_birth"),
            sql.field("records", "merged_into"),
            in_scope("region_code", 1, 2),
        );
        sqlx::query_as(sqlx::AssertSqlSafe(statement))
            .bind(exact)
            .bind(below)
            .fetch_all(&self.pool)
            .await
    }

    /// The live foreign nationals in `scope` holding a KTP-el number, by name.
    pub async fn nik_holders(&self, scope: &str) -> sqlx::Result<Vec<NikHolderRow>> {
        let sql = EngineSql(self.backend);
        let (exact, below) = scope_params(scope);
        let field = |name: &str| sql.field("records", name);
        let statement = format!(
            "SELECT id, region_code, {} AS full_name, {} AS nationality, \
             {} AS date_of_birth, {} AS nik, {} AS permit_type, {} AS permit_expiry, \
             {} AS naturalised FROM records \
             WHERE entity = 'subject' AND deleted = 0 AND {} IS NULL AND {} IS NOT NULL \
             AND {} ORDER BY 3, id",
            field("full_name"),
            field("nationality"),
            field("date_of_birth"),
            field("nik"),
            field("permit_type"),
            field("permit_expiry"),
            text_of(&sql, &field("naturalised")),
            field("merged_into"),
            field("nik"),
            in_scope("region_code", 1, 2),
        );
        sqlx::query_as(sqlx::AssertSqlSafe(statement))
            .bind(exact)
            .bind(below)
            .fetch_all(&self.pool)
            .await
    }

    /// How many voter-list matches of foreign nationals in `scope` stand in each review
    /// status.
    pub async fn voter_match_counts(
        &self,
        scope: &str,
    ) -> sqlx::Result<std::collections::BTreeMap<String, i64>> {
        let (exact, below) = scope_params(scope);
        let rows: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT status, COUNT(*) FROM voter_list_matches m WHERE {} GROUP BY status",
            in_scope("m.region", 1, 2)
        )))
        .bind(exact)
        .bind(below)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().collect())
    }

    /// Writes a check and its matches in one transaction. A row found before stays the
    /// same match, its review kept; answers how many matches are new.
    pub async fn save_check(
        &self,
        check: &CheckMade<'_>,
        matched: &[Matched],
    ) -> sqlx::Result<u64> {
        let mut tx = self.begin_write().await?;
        let new = tx.save_check(check, matched).await?;
        tx.commit().await?;
        Ok(new)
    }

    /// The matches of foreign nationals in `scope`, those with `status` if given, in the
    /// order they were first found, with their reviews; and how many there are in all.
    pub async fn voter_matches(
        &self,
        scope: &str,
        status: Option<MatchStatus>,
        limit: i64,
        offset: i64,
    ) -> sqlx::Result<(Vec<VoterMatch>, i64)> {
        let sql = EngineSql(self.backend);
        let (exact, below) = scope_params(scope);
        let chosen = if status.is_some() {
            " AND m.status = $3"
        } else {
            ""
        };
        let from = format!(
            "FROM voter_list_matches m LEFT JOIN records s ON s.id = m.subject_id \
             WHERE {}{chosen}",
            in_scope("m.region", 1, 2)
        );
        let mut count =
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) {from}")))
                .bind(exact.clone())
                .bind(below.clone());
        let mut page = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} {from} ORDER BY m.first_found_at_ms, m.id LIMIT {} OFFSET {}",
            match_columns(&sql),
            limit.max(0),
            offset.max(0)
        )))
        .bind(exact)
        .bind(below);
        if let Some(status) = status {
            count = count.bind(status.code());
            page = page.bind(status.code());
        }
        let total = count.fetch_one(&self.pool).await?;
        let mut matches = page
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(match_from_row)
            .collect::<sqlx::Result<Vec<_>>>()?;
        for found in &mut matches {
            found.reviews = self.match_reviews(&found.id).await?;
        }
        Ok((matches, total))
    }

    /// One match, if it concerns a foreign national in `scope`.
    pub async fn voter_match(&self, scope: &str, id: &str) -> sqlx::Result<Option<VoterMatch>> {
        let sql = EngineSql(self.backend);
        let (exact, below) = scope_params(scope);
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {} FROM voter_list_matches m LEFT JOIN records s ON s.id = m.subject_id \
             WHERE m.id = $3 AND {}",
            match_columns(&sql),
            in_scope("m.region", 1, 2)
        )))
        .bind(exact)
        .bind(below)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let mut found = match_from_row(&row)?;
        found.reviews = self.match_reviews(id).await?;
        Ok(Some(found))
    }

    async fn match_reviews(&self, id: &str) -> sqlx::Result<Vec<MatchReview>> {
        let rows: Vec<ReviewRow> = sqlx::query_as(
            "SELECT r.status, r.note, r.reviewed_by, o.name AS reviewed_by_name, r.reviewed_at_ms \
             FROM voter_list_reviews r LEFT JOIN officers o ON o.id = r.reviewed_by \
             WHERE r.match_id = $1 ORDER BY r.reviewed_at_ms, r.status",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|row| MatchReview {
                status: row.status,
                note: row.note,
                reviewed_by: row.reviewed_by,
                reviewed_by_name: row.reviewed_by_name,
                reviewed_at_ms: row.reviewed_at_ms,
            })
            .collect())
    }

    /// The confirmed and reported matches in `scope`: the annex to the letter to KPU and
    /// Bawaslu.
    pub async fn annex_matches(&self, scope: &str) -> sqlx::Result<Vec<VoterMatch>> {
        let mut annex = Vec::new();
        for status in [MatchStatus::Confirmed, MatchStatus::Reported] {
            let (matches, _) = self.voter_matches(scope, Some(status), i64::MAX, 0).await?;
            annex.extend(matches);
        }
        annex.sort_by(|a, b| {
            (&a.kelurahan, &a.tps, &a.voter_name).cmp(&(&b.kelurahan, &b.tps, &b.voter_name))
        });
        Ok(annex)
    }
}

impl WriteTx {
    /// Moves a match from `from` to the review's status and writes the step, unless
    /// another reviewer moved it first; answers whether it moved.
    pub async fn review_match(
        &mut self,
        from: MatchStatus,
        review: &ReviewMade<'_>,
    ) -> sqlx::Result<bool> {
        let moved = on_write_tx!(self.tx, |conn| {
            sqlx::query("UPDATE voter_list_matches SET status = $1 WHERE id = $2 AND status = $3")
                .bind(review.status.code())
                .bind(review.match_id)
                .bind(from.code())
                .execute(conn)
                .await?
                .rows_affected()
        });
        if moved == 0 {
            return Ok(false);
        }
        on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "INSERT INTO voter_list_reviews (match_id, status, note, reviewed_by, reviewed_at_ms) \
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(review.match_id)
            .bind(review.status.code())
            .bind(review.note)
            .bind(review.reviewed_by)
            .bind(review.at_ms)
            .execute(conn)
            .await?
            .rows_affected()
        });
        Ok(true)
    }

    /// Forgets the voter-list matches of an erased foreign national and their reviews:
    /// the matched row names the person.
    pub async fn forget_voter_matches_of(&mut self, subject_id: &str) -> sqlx::Result<()> {
        on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "DELETE FROM voter_list_reviews WHERE match_id IN \
                 (SELECT id FROM voter_list_matches WHERE subject_id = $1)",
            )
            .bind(subject_id)
            .execute(conn)
            .await?
            .rows_affected()
        });
        on_write_tx!(self.tx, |conn| {
            sqlx::query("DELETE FROM voter_list_matches WHERE subject_id = $1")
                .bind(subject_id)
                .execute(conn)
                .await?
                .rows_affected()
        });
        Ok(())
    }

    async fn save_check(
        &mut self,
        check: &CheckMade<'_>,
        matched: &[Matched],
    ) -> sqlx::Result<u64> {
        let found = matched.len() as i64;
        on_write_tx!(self.tx, |conn| {
            sqlx::query(
                "INSERT INTO voter_list_checks \
                 (id, region, checked_by, checked_at_ms, rows_read, rows_refused, matches_found) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(check.id)
            .bind(check.region)
            .bind(check.checked_by)
            .bind(check.checked_at_ms)
            .bind(check.rows_read as i64)
            .bind(check.rows_refused as i64)
            .bind(found)
            .execute(conn)
            .await?
            .rows_affected()
        });
        let mut new = 0;
        for one in matched {
            let id = uuid::Uuid::now_v7().to_string();
            let inserted = on_write_tx!(self.tx, |conn| {
                sqlx::query(
                    "INSERT INTO voter_list_matches \
                     (id, subject_id, region, strength, voter_nik, voter_name, tps, kelurahan, \
                      status, first_check_id, first_found_at_ms, last_check_id) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                     ON CONFLICT (subject_id, voter_nik, tps, kelurahan) DO NOTHING",
                )
                .bind(&id)
                .bind(&one.subject_id)
                .bind(&one.region)
                .bind(one.strength.code())
                .bind(&one.voter_nik)
                .bind(&one.voter_name)
                .bind(&one.tps)
                .bind(&one.kelurahan)
                .bind(MatchStatus::Unreviewed.code())
                .bind(check.id)
                .bind(check.checked_at_ms)
                .bind(check.id)
                .execute(conn)
                .await?
                .rows_affected()
            });
            if inserted > 0 {
                new += 1;
                continue;
            }
            // Found again: the same match, its review kept; the newer name and strength.
            on_write_tx!(self.tx, |conn| {
                sqlx::query(
                    "UPDATE voter_list_matches SET last_check_id = $1, voter_name = $2, strength = $3 \
                     WHERE subject_id = $4 AND voter_nik = $5 AND tps = $6 AND kelurahan = $7",
                )
                .bind(check.id)
                .bind(&one.voter_name)
                .bind(one.strength.code())
                .bind(&one.subject_id)
                .bind(&one.voter_nik)
                .bind(&one.tps)
                .bind(&one.kelurahan)
                .execute(conn)
                .await?
                .rows_affected()
            });
        }
        Ok(new)
    }
}
