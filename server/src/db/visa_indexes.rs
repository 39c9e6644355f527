//! The visa index codes (migration 0026); an empty day or text stands for none.

use super::write::on_write_tx;
use super::{Db, WriteTx};
use pantau_shared::identity::IsoDate;
use pantau_shared::permit::PermitType;
use pantau_shared::visa::{VisaIndex, VisaIndexes};

type Row = (String, String, String, String, String, String, String);

fn none_if_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

fn text_of(day: Option<IsoDate>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}

const SELECT_ALL: &str = "SELECT code, purpose_id, purpose_en, permit_type, valid_from, \
     valid_to, successor FROM visa_indexes ORDER BY code";

fn table_of(rows: Vec<Row>) -> VisaIndexes {
    let indexes = rows
        .into_iter()
        .map(
            |(code, purpose_id, purpose_en, permit, from, to, successor)| VisaIndex {
                code,
                purpose_id,
                purpose_en,
                permit_type: PermitType::parse(&permit).ok(),
                valid_from: IsoDate::parse(&from).ok(),
                valid_to: IsoDate::parse(&to).ok(),
                successor: none_if_empty(successor),
            },
        )
        .collect();
    VisaIndexes(indexes)
}

impl WriteTx {
    /// Every visa index code, as a push judges the codes it sets.
    pub async fn visa_indexes(&mut self) -> sqlx::Result<VisaIndexes> {
        let rows: Vec<Row> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as(SELECT_ALL).fetch_all(conn).await?
        });
        Ok(table_of(rows))
    }
}

impl Db {
    /// Every visa index code, in code order.
    pub async fn visa_indexes(&self) -> sqlx::Result<VisaIndexes> {
        let rows: Vec<Row> = sqlx::query_as(SELECT_ALL).fetch_all(&self.pool).await?;
        Ok(table_of(rows))
    }

    pub async fn add_visa_index(
        &self,
        index: &VisaIndex,
        set_by: &str,
        now_ms: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO visa_indexes (code, purpose_id, purpose_en, permit_type, valid_from, \
             set_by, set_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&index.code)
        .bind(&index.purpose_id)
        .bind(&index.purpose_en)
        .bind(index.permit_type.map(|p| p.code()).unwrap_or_default())
        .bind(text_of(index.valid_from))
        .bind(set_by)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Sets the last day of `code` and the code that takes its place.
    pub async fn retire_visa_index(
        &self,
        code: &str,
        valid_to: IsoDate,
        successor: &str,
        set_by: &str,
        now_ms: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE visa_indexes SET valid_to = $2, successor = $3, set_by = $4, set_at_ms = $5 \
             WHERE code = $1",
        )
        .bind(code)
        .bind(valid_to.to_string())
        .bind(successor)
        .bind(set_by)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
