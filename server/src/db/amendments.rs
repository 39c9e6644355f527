//! The amendments that correct records, laid over them: whoever shows a finalized record
//! shows it amended (`pantau_shared::correction::amended`). The server keeps each
//! amended finding and inspection in `amended_fields`, from the change log with the
//! counted units; what the office counts, exports, lists and reviews reads it there.

use super::WriteTx;
use super::stats::EngineSql;
use crate::db::write::on_write_tx;
use pantau_shared::correction::{CORRECTIONS, amended};
use pantau_shared::entity::FieldMap;
use serde_json::Value;
use uuid::Uuid;

/// A record as stored and the amendments that correct it.
struct Corrected {
    id: String,
    fields: FieldMap,
    amendments: Vec<(Uuid, FieldMap)>,
}

impl WriteTx {
    /// Writes `amended_fields` again for the findings and inspections in `stat_pending`:
    /// a row for each that has a live amendment, as its amendments correct it.
    pub(super) async fn amend_pending(&mut self) -> sqlx::Result<()> {
        self.run("DELETE FROM amended_fields WHERE id IN (SELECT id FROM stat_pending)")
            .await?;
        let sql = EngineSql(self.backend);
        // Through the index of amendments by original, one lookup per pending record.
        let select = format!(
            "SELECT o.id, o.fields, a.id, a.fields FROM stat_pending p \
             JOIN records o ON o.id = p.id AND {live_original} \
             JOIN records a ON a.entity = 'amendment' AND {original} = p.id AND {live} \
             WHERE p.entity IN ('finding', 'inspection') ORDER BY o.id",
            original = sql.field("a", "original_id"),
            live = sql.live("a"),
            live_original = sql.live("o"),
        );
        let rows: Vec<(String, String, String, String)> = on_write_tx!(self.tx, |conn| {
            sqlx::query_as(sqlx::AssertSqlSafe(select.clone()))
                .fetch_all(conn)
                .await?
        });
        let mut by_original: Vec<Corrected> = Vec::new();
        for (original, fields, id, amendment) in rows {
            let (Ok(id), Ok(amendment)) = (
                Uuid::parse_str(&id),
                serde_json::from_str::<FieldMap>(&amendment),
            ) else {
                continue;
            };
            if amendment.get(CORRECTIONS).is_none_or(Value::is_null) {
                continue;
            }
            if by_original.last().is_none_or(|last| last.id != original) {
                let Ok(fields) = serde_json::from_str::<FieldMap>(&fields) else {
                    continue;
                };
                by_original.push(Corrected {
                    id: original,
                    fields,
                    amendments: Vec::new(),
                });
            }
            if let Some(last) = by_original.last_mut() {
                last.amendments.push((id, amendment));
            }
        }
        for record in by_original {
            let amendments = record.amendments.iter().map(|(id, f)| (*id, f));
            let fields = amended(&record.fields, amendments);
            let fields = serde_json::to_string(&fields)
                .map_err(|error| sqlx::Error::Encode(Box::new(error)))?;
            on_write_tx!(self.tx, |conn| {
                sqlx::query("INSERT INTO amended_fields (id, fields) VALUES ($1, $2)")
                    .bind(&record.id)
                    .bind(&fields)
                    .execute(conn)
                    .await?
                    .rows_affected()
            });
        }
        Ok(())
    }

    /// Takes an erased record's values out of `amended_fields` at once, not at the next
    /// refresh: the record's own amended copy, and, for an amendment, its original's
    /// (counted again without it at the next refresh).
    pub(super) async fn forget_amended(
        &mut self,
        id: &str,
        original: Option<&str>,
    ) -> sqlx::Result<()> {
        for id in std::iter::once(id).chain(original) {
            on_write_tx!(self.tx, |conn| {
                sqlx::query("DELETE FROM amended_fields WHERE id = $1")
                    .bind(id)
                    .execute(conn)
                    .await?
                    .rows_affected()
            });
        }
        Ok(())
    }
}
