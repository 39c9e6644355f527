//! A regulation code that is only a name in force for a while (`code_table`): the
//! stay permit types, the administrative actions and the violation codes are each a
//! table of these. One type for all, so the field bundle carries one copy of each
//! table's code; how a table's codes are spelled is the table's (`code_table::Spelling`).

use crate::code_table::{CodeTable, DatedCode};
use crate::identity::IsoDate;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// One code of a table of named codes: its names and its days in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedCode {
    pub code: String,
    /// Its name in Bahasa Indonesia and in English.
    pub label_id: String,
    pub label_en: String,
    /// The first day in force; `None` from the start of the records.
    #[serde(default)]
    pub valid_from: Option<IsoDate>,
    /// The last day in force; `None` while it stays.
    #[serde(default)]
    pub valid_to: Option<IsoDate>,
    /// The code that takes its place once it is retired.
    #[serde(default)]
    pub successor: Option<String>,
}

impl NamedCode {
    /// A code in force from the start of the records until retired.
    pub fn new(
        code: impl Into<String>,
        label_id: impl Into<String>,
        label_en: impl Into<String>,
    ) -> Self {
        NamedCode {
            code: code.into(),
            label_id: label_id.into(),
            label_en: label_en.into(),
            valid_from: None,
            valid_to: None,
            successor: None,
        }
    }

    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Id => &self.label_id,
            Lang::En => &self.label_en,
        }
    }
}

impl DatedCode for NamedCode {
    const LABEL_FIELDS: [&'static str; 2] = ["label_id", "label_en"];

    fn code(&self) -> &str {
        &self.code
    }

    fn labels(&self) -> [&str; 2] {
        [&self.label_id, &self.label_en]
    }

    fn valid_from(&self) -> Option<IsoDate> {
        self.valid_from
    }

    fn valid_to(&self) -> Option<IsoDate> {
        self.valid_to
    }

    fn successor(&self) -> Option<&str> {
        self.successor.as_deref()
    }
}

/// A table of named codes.
pub type NamedCodes = CodeTable<NamedCode>;

impl CodeTable<NamedCode> {
    /// The label of `code` in `lang`; a code the table does not hold reads as itself.
    pub fn label_of<'a>(&'a self, code: &'a str, lang: Lang) -> &'a str {
        self.find(code).map_or(code, |entry| entry.label(lang))
    }
}
