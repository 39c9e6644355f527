//! The languages of the user interface and a bilingual label.

use serde::{Deserialize, Serialize};

/// A UI language. Bahasa Indonesia is the default for every user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Id,
    En,
}

impl Lang {
    /// The BCP 47 tag, as used in the `lang` attribute of the page.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Id => "id",
            Lang::En => "en",
        }
    }

    /// Parses a tag such as `id`, `en` or `en-US`; anything else falls back to Indonesian.
    pub fn from_tag(tag: &str) -> Lang {
        if tag.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Id
        }
    }
}

/// A fixed text in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Label {
    pub id: &'static str,
    pub en: &'static str,
}

impl Label {
    pub const fn new(id: &'static str, en: &'static str) -> Self {
        Label { id, en }
    }

    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Id => self.id,
            Lang::En => self.en,
        }
    }
}
