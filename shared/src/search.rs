//! Instant search over the foreign nationals on the device: by name, passport number,
//! nationality, region or permit number. The index folds case and accents once per
//! change of the data, so each keystroke only scans prepared text.

use crate::device::LocalRecord;
use uuid::Uuid;

/// The fields a search looks in.
const SEARCHED: &[&str] = &[
    "full_name",
    "passport_number",
    "nationality",
    "region_code",
    "permit_number",
    "nik",
    "address",
];

/// Prepared search text for every live foreign national.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchIndex {
    entries: Vec<(Uuid, String, String)>,
}

/// Lower-cases and strips the common Latin accents, so `José` is found by `jose`.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => {
                'a'
            }
            'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => {
                'o'
            }
            'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => 'u',
            'ç' | 'Ç' => 'c',
            'ñ' | 'Ñ' => 'n',
            other => other.to_lowercase().next().unwrap_or(other),
        })
        .collect()
}

impl SearchIndex {
    /// Indexes the subjects among `records`, leaving out deleted ones.
    pub fn build<'a>(records: impl Iterator<Item = &'a LocalRecord>) -> Self {
        let mut entries: Vec<(Uuid, String, String)> = records
            .filter(|r| r.entity == "subject" && r.is_live())
            .map(|r| {
                let text = SEARCHED
                    .iter()
                    .filter_map(|f| r.text(f))
                    .collect::<Vec<_>>()
                    .join(" ");
                (
                    r.id,
                    fold(&text),
                    fold(r.text("full_name").unwrap_or_default()),
                )
            })
            .collect();
        // Unstable with the id as tie-break: the same order, and a smaller field bundle.
        entries.sort_unstable_by(|a, b| a.2.cmp(&b.2).then(a.0.cmp(&b.0)));
        SearchIndex { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The ids of subjects matching every word of `query`, by name, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Uuid> {
        let words: Vec<String> = fold(query).split_whitespace().map(str::to_string).collect();
        self.entries
            .iter()
            .filter(|(_, text, _)| words.iter().all(|w| text.contains(w.as_str())))
            .take(limit)
            .map(|(id, _, _)| *id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn subject(n: u128, fields: serde_json::Value) -> LocalRecord {
        LocalRecord {
            entity: "subject".into(),
            id: Uuid::from_u128(n),
            server: Default::default(),
            fields: fields.as_object().cloned().unwrap_or_default(),
            lost_fields: vec![],
            receipt: None,
            stamps: serde_json::Value::Null,
        }
    }

    #[test]
    fn finds_by_any_field_and_every_word() {
        let records = [
            subject(
                1,
                json!({"full_name": "José Contoh", "nationality": "ESP", "passport_number": "DM123", "region_code": "51.01"}),
            ),
            subject(
                2,
                json!({"full_name": "Alex Demo", "nationality": "AUS", "passport_number": "DM999", "region_code": "51.08"}),
            ),
            subject(3, json!({"full_name": "Gone", "deleted": true})),
        ];
        let index = SearchIndex::build(records.iter());
        assert_eq!(index.len(), 2);
        assert_eq!(index.search("jose", 10), vec![Uuid::from_u128(1)]);
        assert_eq!(index.search("dm999", 10), vec![Uuid::from_u128(2)]);
        assert_eq!(index.search("aus 51.08", 10), vec![Uuid::from_u128(2)]);
        assert_eq!(index.search("aus 51.01", 10), Vec::<Uuid>::new());
        assert_eq!(
            index.search("", 10),
            vec![Uuid::from_u128(2), Uuid::from_u128(1)],
            "all, by name"
        );
        assert!(index.search("gone", 10).is_empty());
    }
}
