//! The amendments that correct records, read beside them: whoever shows a finalized
//! record shows it amended (`pantau_shared::correction::amended`).

use super::Db;
use super::stats::EngineSql;
use pantau_shared::correction::amended;
use pantau_shared::entity::FieldMap;
use sqlx::Row;
use std::collections::HashMap;
use uuid::Uuid;

impl Db {
    /// The corrections each of `originals` has, by original id: each amendment's id and
    /// fields.
    pub async fn amendments_of(
        &self,
        originals: &[String],
    ) -> sqlx::Result<HashMap<String, Vec<(Uuid, FieldMap)>>> {
        let mut found: HashMap<String, Vec<(Uuid, FieldMap)>> = HashMap::new();
        if originals.is_empty() {
            return Ok(found);
        }
        let sql = EngineSql(self.backend);
        let placeholders: Vec<String> = (1..=originals.len()).map(|n| format!("${n}")).collect();
        let select = format!(
            "SELECT a.id, {fields}, {original} FROM records a \
             WHERE a.entity = 'amendment' AND {live} AND {original} IN ({list})",
            fields = self.text("a.fields"),
            original = sql.field("a", "original_id"),
            live = sql.live("a"),
            list = placeholders.join(", "),
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(select));
        for original in originals {
            query = query.bind(original);
        }
        for row in query.fetch_all(&self.pool).await? {
            let id: String = row.get(0);
            let fields: Option<String> = row.get(1);
            let original: Option<String> = row.get(2);
            let (Ok(id), Some(fields), Some(original)) = (
                Uuid::parse_str(&id),
                fields.and_then(|f| serde_json::from_str::<FieldMap>(&f).ok()),
                original,
            ) else {
                continue;
            };
            found.entry(original).or_default().push((id, fields));
        }
        Ok(found)
    }

    /// `fields` of the record `id` as its amendments correct them.
    pub fn read_amended(
        fields: &FieldMap,
        id: &str,
        amendments: &HashMap<String, Vec<(Uuid, FieldMap)>>,
    ) -> FieldMap {
        match amendments.get(id) {
            Some(found) => amended(fields, found.iter().map(|(id, f)| (*id, f))),
            None => fields.clone(),
        }
    }
}
