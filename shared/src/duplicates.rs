//! When two records may be one person. Offline-first makes that common: two officers on
//! two tablets with no signal meet the same foreigner and both register her. Each record
//! gives keys; two records sharing a key are a potential duplicate, for a coordinator to
//! review. The same keys serve the tablet, before it registers someone, and the server,
//! after sync.

use crate::entity::FieldMap;
use crate::identity::PassportNumber;
use crate::search::fold;
use serde::{Deserialize, Serialize};

/// Why two records may be one person, strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The same passport number of the same nationality.
    Passport,
    /// The same NIK (KTP-el number).
    Nik,
    /// The same name — accents, case, spacing and the order of names aside — and the same
    /// date of birth: weaker, since two people can share both.
    NameAndBirth,
}

impl DuplicateReason {
    pub fn code(self) -> &'static str {
        match self {
            DuplicateReason::Passport => "passport",
            DuplicateReason::Nik => "nik",
            DuplicateReason::NameAndBirth => "name_and_birth",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Passport, Self::Nik, Self::NameAndBirth]
            .into_iter()
            .find(|reason| reason.code() == code)
    }

    /// Whether a match by this reason alone is as good as proof.
    pub fn is_strong(self) -> bool {
        !matches!(self, DuplicateReason::NameAndBirth)
    }
}

/// A name as compared: folded, words sorted, so `José  MARIA Contoh` and
/// `contoh maria jose` compare equal.
pub fn normalise_name(name: &str) -> String {
    let folded = fold(name);
    let mut words: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || c.is_ascii_punctuation())
        .filter(|word| !word.is_empty())
        .collect();
    words.sort_unstable();
    words.join(" ")
}

/// The keys of a foreign national's record: two records sharing one may be one person.
pub fn duplicate_keys(fields: &FieldMap) -> Vec<(DuplicateReason, String)> {
    let text = |name: &str| fields.get(name).and_then(|v| v.as_str()).map(str::trim);
    let mut keys = Vec::new();
    if let (Some(number), Some(nationality)) = (text("passport_number"), text("nationality"))
        && let Ok(number) = PassportNumber::parse(number)
    {
        keys.push((
            DuplicateReason::Passport,
            format!("{}:{}", nationality.to_ascii_uppercase(), number.as_str()),
        ));
    }
    // An earlier passport is the same person's: its key is the one it had when current.
    let previous = fields
        .get(crate::subject::PREVIOUS_DOCUMENTS)
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .filter(|doc| !doc.starts_with(':'));
    for document in previous {
        keys.push((DuplicateReason::Passport, document.to_string()));
    }
    if let Some(nik) = text("nik").filter(|nik| !nik.is_empty()) {
        keys.push((DuplicateReason::Nik, nik.to_string()));
    }
    if let (Some(name), Some(born)) = (text("full_name"), text("date_of_birth")) {
        let name = normalise_name(name);
        if !name.is_empty() && !born.is_empty() {
            keys.push((DuplicateReason::NameAndBirth, format!("{name}|{born}")));
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(value: serde_json::Value) -> FieldMap {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn a_renewed_passport_is_the_same_person() {
        let renewed = fields(json!({"full_name": "CONTOH BARU", "nationality": "NZL",
            "passport_number": "LB7654321", "previous_documents": ["NZL:LA1234567"]}));
        let registered_with_the_old_one = fields(json!({"full_name": "CONTOH LAMA",
            "nationality": "NZL", "passport_number": "la 1234567"}));
        assert!(
            duplicate_keys(&renewed)
                .iter()
                .any(|key| duplicate_keys(&registered_with_the_old_one).contains(key))
        );
    }

    #[test]
    fn names_compare_without_accents_case_spacing_or_order() {
        assert_eq!(normalise_name("José  MARIA Contoh"), "contoh jose maria");
        assert_eq!(normalise_name("contoh, maría josé"), "contoh jose maria");
        assert_ne!(
            normalise_name("Contoh Maria"),
            normalise_name("Contoh Mario")
        );
    }

    #[test]
    fn the_same_person_written_twice_shares_keys() {
        let first = fields(
            json!({"full_name": "ERIKA MUSTERMANN", "nationality": "DEU",
            "passport_number": "c01x00t47", "date_of_birth": "1964-08-12"}),
        );
        let second = fields(
            json!({"full_name": "Mustermann  Erika", "nationality": "DEU",
            "passport_number": "C01X00T47<", "date_of_birth": "1964-08-12", "nik": "5101010101010001"}),
        );
        let shared: Vec<DuplicateReason> = duplicate_keys(&first)
            .into_iter()
            .filter(|key| duplicate_keys(&second).contains(key))
            .map(|(reason, _)| reason)
            .collect();
        assert_eq!(
            shared,
            [DuplicateReason::Passport, DuplicateReason::NameAndBirth]
        );
        // The same number from another country is another document.
        let other_country = fields(json!({"nationality": "AUT", "passport_number": "C01X00T47"}));
        assert!(
            duplicate_keys(&other_country)
                .iter()
                .all(|key| !duplicate_keys(&first).contains(key))
        );
        assert!(duplicate_keys(&fields(json!({"full_name": "TANPA TANGGAL"}))).is_empty());
    }
}
