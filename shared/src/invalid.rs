//! Why a value was refused, in both languages, and which field it was.

use crate::lang::Lang;
use std::fmt;

/// Why a single value is not acceptable. Each reason has a stable snake_case code for
/// the wire and a message in Bahasa Indonesia and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Invalid {
    Required,
    WrongType {
        expected: &'static str,
    },
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    /// The text does not have the expected shape; `example` shows one that does.
    Format {
        example: &'static str,
    },
    Date,
    UnknownCountry,
    IndonesianCitizen,
    NotOneOf {
        allowed: Vec<&'static str>,
    },
    /// A code of a table kept as data that is not in force on the record's date.
    NotInForce,
    NikDate,
    CheckDigit,
    OutOfRange {
        min: String,
        max: String,
    },
    UnknownField,
    ReadOnly,
    /// A date earlier than the first one allowed (`earliest`, `YYYY-MM-DD`).
    TooEarly {
        earliest: String,
    },
    /// A date later than the last one allowed (`latest`, `YYYY-MM-DD`).
    TooLate {
        latest: String,
    },
}

impl Invalid {
    /// The stable code sent on the wire.
    pub fn code(&self) -> &'static str {
        match self {
            Invalid::Required => "required",
            Invalid::WrongType { .. } => "wrong_type",
            Invalid::TooLong { .. } => "too_long",
            Invalid::TooShort { .. } => "too_short",
            Invalid::Format { .. } => "invalid_format",
            Invalid::Date => "invalid_date",
            Invalid::UnknownCountry => "unknown_country",
            Invalid::IndonesianCitizen => "indonesian_citizen",
            Invalid::NotOneOf { .. } | Invalid::NotInForce => "not_allowed_value",
            Invalid::NikDate => "invalid_nik",
            Invalid::CheckDigit => "check_digit",
            Invalid::OutOfRange { .. } => "out_of_range",
            Invalid::UnknownField => "unknown_field",
            Invalid::ReadOnly => "read_only",
            Invalid::TooEarly { .. } => "too_early",
            Invalid::TooLate { .. } => "too_late",
        }
    }

    /// The reason as a sentence fragment in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let en = lang == Lang::En;
        match self {
            Invalid::Required => pick(en, "wajib diisi", "is required"),
            Invalid::WrongType { expected } => {
                let (id, en_name) = type_name(expected);
                if en {
                    format!("must be {en_name}")
                } else {
                    format!("harus berupa {id}")
                }
            }
            Invalid::TooLong { max } => {
                if en {
                    format!("must be at most {max} characters")
                } else {
                    format!("paling banyak {max} karakter")
                }
            }
            Invalid::TooShort { min } => {
                if en {
                    format!("must be at least {min} characters")
                } else {
                    format!("paling sedikit {min} karakter")
                }
            }
            Invalid::Format { example } => {
                if en {
                    format!("has the wrong format (example: {example})")
                } else {
                    format!("formatnya salah (contoh: {example})")
                }
            }
            Invalid::Date => pick(
                en,
                "bukan tanggal yang valid (TTTT-BB-HH)",
                "is not a valid date (YYYY-MM-DD)",
            ),
            Invalid::UnknownCountry => pick(
                en,
                "bukan kode negara ISO 3166 alpha-3 atau kategori ICAO 9303 yang dikenal",
                "is not a known ISO 3166 alpha-3 country code or ICAO 9303 category",
            ),
            Invalid::IndonesianCitizen => pick(
                en,
                "WNI bukan orang asing",
                "an Indonesian citizen is not a foreign national",
            ),
            Invalid::NotOneOf { allowed } => {
                let list = allowed.join(", ");
                if en {
                    format!("must be one of: {list}")
                } else {
                    format!("harus salah satu dari: {list}")
                }
            }
            Invalid::NotInForce => pick(
                en,
                "bukan kode yang berlaku pada tanggal itu",
                "is not a code in force on that date",
            ),
            Invalid::NikDate => pick(
                en,
                "bukan NIK yang valid (16 angka dengan kode wilayah dan tanggal lahir)",
                "is not a valid NIK (16 digits with a region code and date of birth)",
            ),
            Invalid::CheckDigit => pick(
                en,
                "digit pemeriksa tidak cocok",
                "check digit does not match",
            ),
            Invalid::OutOfRange { min, max } => {
                if en {
                    format!("must be between {min} and {max}")
                } else {
                    format!("harus antara {min} dan {max}")
                }
            }
            Invalid::UnknownField => pick(en, "bukan kolom yang dikenal", "is not a known field"),
            Invalid::ReadOnly => pick(en, "tidak boleh diubah", "cannot be changed"),
            Invalid::TooEarly { earliest } => {
                if en {
                    format!("must not be before {earliest}")
                } else {
                    format!("tidak boleh sebelum {earliest}")
                }
            }
            Invalid::TooLate { latest } => {
                if en {
                    format!("must not be after {latest}")
                } else {
                    format!("tidak boleh sesudah {latest}")
                }
            }
        }
    }
}

fn pick(en: bool, id: &str, english: &str) -> String {
    if en { english } else { id }.to_string()
}

fn type_name(expected: &str) -> (&'static str, &'static str) {
    match expected {
        "boolean" => ("benar/salah", "true or false"),
        "number" => ("angka", "a number"),
        "count" => ("bilangan bulat 0 atau lebih", "a whole number, 0 or more"),
        "list" => ("daftar", "a list"),
        _ => ("teks", "text"),
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Invalid {}

/// A refused value together with the field it was given for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct FieldError {
    pub field: String,
    pub reason: Invalid,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: Invalid) -> Self {
        FieldError {
            field: field.into(),
            reason,
        }
    }

    pub fn code(&self) -> &'static str {
        self.reason.code()
    }

    /// The full message, naming the field, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        format!("{} {}", self.field, self.reason.message(lang))
    }
}
