//! The codes ICAO Doc 9303 Part 3 writes in a travel document's issuing state and
//! nationality fields, kept as data in `data/icao-9303-codes.tsv` with their names in
//! both languages. Most are ISO 3166-1 alpha-3 countries; ICAO adds its own: `D` for
//! Germany, five British nationality variants, stateless persons and refugees, and
//! international organisations. Pantau stores a country as its ISO code, so that the
//! German `D` and `DEU` count as one nationality.

use crate::lang::Lang;
use std::sync::LazyLock;

/// What a code stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// An ISO 3166-1 alpha-3 country.
    Country,
    /// ICAO's other spelling of a country (`D`, `GBD`…): stored as that country's code.
    Variant,
    /// A place with no ISO code of its own (Kosovo).
    Territory,
    /// A stateless person (1954 Convention).
    Stateless,
    /// A refugee.
    Refugee,
    /// A person of unspecified nationality.
    Unspecified,
    /// An international organisation that issues travel documents.
    Organisation,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IcaoCode {
    pub code: &'static str,
    pub kind: CodeKind,
    /// The code Pantau stores and sends: the code itself, or the country a variant is.
    pub stored_as: &'static str,
    pub name_id: &'static str,
    pub name_en: &'static str,
}

impl IcaoCode {
    pub fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Id => self.name_id,
            Lang::En => self.name_en,
        }
    }
}

const TABLE: &str = include_str!("../data/icao-9303-codes.tsv");

/// The table, sorted by code as the file is.
static CODES: LazyLock<Vec<IcaoCode>> = LazyLock::new(|| {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .filter_map(|line| {
            let mut columns = line.split('\t');
            let code = columns.next()?;
            let kind = match columns.next()? {
                "country" => CodeKind::Country,
                "variant" => CodeKind::Variant,
                "territory" => CodeKind::Territory,
                "stateless" => CodeKind::Stateless,
                "refugee" => CodeKind::Refugee,
                "unspecified" => CodeKind::Unspecified,
                "organisation" => CodeKind::Organisation,
                _ => return None,
            };
            Some(IcaoCode {
                code,
                kind,
                stored_as: columns.next()?,
                name_id: columns.next()?,
                name_en: columns.next()?,
            })
        })
        .collect()
});

/// Every row of the table, sorted by code.
pub fn codes() -> &'static [IcaoCode] {
    &CODES
}

/// The entry for `code` exactly as ICAO writes it (upper case, no filler).
pub fn lookup(code: &str) -> Option<&'static IcaoCode> {
    let codes = &*CODES;
    codes
        .binary_search_by(|entry| entry.code.cmp(code))
        .ok()
        .map(|at| &codes[at])
}

/// The code Pantau stores for a code read off a document: `D` → `DEU`, `GBN` → `GBR`.
pub fn stored_code(document_code: &str) -> Option<&'static str> {
    lookup(document_code.trim_end_matches('<')).map(|entry| entry.stored_as)
}

/// The name of a stored code in `lang`, or `None` for a code not in the table.
pub fn name(code: &str, lang: Lang) -> Option<&'static str> {
    lookup(code).map(|entry| entry.name(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every code ICAO Doc 9303 Part 3 lists besides the ISO countries.
    const ICAO_OWN_CODES: &[&str] = &[
        "D", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XBA", "XIM", "XCC", "XCE",
        "XCO", "XEC", "XPO", "XES", "XMP", "XOM", "XDC", "EUE", "XXA", "XXB", "XXC", "XXX",
    ];

    #[test]
    fn the_table_reads_whole_and_sorted() {
        let rows = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty());
        for row in rows.clone() {
            assert_eq!(row.split('\t').count(), 5, "{row}");
        }
        assert_eq!(CODES.len(), rows.count(), "every row has a known kind");
        assert!(CODES.windows(2).all(|w| w[0].code < w[1].code));
        assert_eq!(
            CODES.iter().filter(|c| c.kind == CodeKind::Country).count(),
            249,
            "every ISO 3166-1 country"
        );
    }

    #[test]
    fn every_icao_code_is_a_country_or_a_category() {
        for code in ICAO_OWN_CODES {
            let entry = lookup(code).unwrap_or_else(|| panic!("{code} is missing"));
            let stored = lookup(entry.stored_as).expect("stored code is in the table");
            assert_ne!(stored.kind, CodeKind::Variant, "{code}");
            assert!(!entry.name_id.is_empty() && !entry.name_en.is_empty());
        }
        for entry in CODES.iter() {
            match entry.kind {
                CodeKind::Variant => assert_ne!(entry.stored_as, entry.code),
                _ => assert_eq!(entry.stored_as, entry.code),
            }
        }
    }

    #[test]
    fn documents_are_stored_as_one_nationality() {
        assert_eq!(stored_code("D<<"), Some("DEU"));
        assert_eq!(stored_code("D"), Some("DEU"));
        assert_eq!(stored_code("DEU"), Some("DEU"));
        for british in ["GBD", "GBN", "GBO", "GBP", "GBS", "GBR"] {
            assert_eq!(stored_code(british), Some("GBR"), "{british}");
        }
        assert_eq!(lookup("XXA").map(|c| c.kind), Some(CodeKind::Stateless));
        assert_eq!(lookup("XXB").map(|c| c.kind), Some(CodeKind::Refugee));
        assert_eq!(
            stored_code("UTO"),
            None,
            "the specimen's Utopia is no country"
        );
        assert_eq!(name("DEU", Lang::Id), Some("Jerman"));
        assert_eq!(name("DEU", Lang::En), Some("Germany"));
    }
}
