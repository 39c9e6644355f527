//! The machinery every synced entity shares: how a JSON field value becomes a validated
//! Rust value, stable-code enums with bilingual labels, and the `entity!` declaration
//! that gives each entity its field list, its validation and a typed view.

use crate::invalid::{FieldError, Invalid};
use serde_json::{Map, Value};
use uuid::Uuid;

/// The fields of a record or of a write, as on the wire.
pub type FieldMap = Map<String, Value>;

/// The tombstone field every entity has.
pub const DELETED: &str = "deleted";

/// The field a tombstone carries once its record's data is erased.
pub const PURGED_AT: &str = "purged_at_ms";

/// A value that can be read from, and written to, one JSON field.
pub trait FieldValue: Sized {
    fn from_json(value: &Value) -> Result<Self, Invalid>;
    fn to_json(&self) -> Value;
}

pub(crate) fn expect_str(value: &Value) -> Result<&str, Invalid> {
    value
        .as_str()
        .ok_or(Invalid::WrongType { expected: "text" })
}

/// Implements [`FieldValue`] for a type with `parse(&str)` and `Display`.
macro_rules! text_field {
    ($($name:ty),* $(,)?) => {$(
        impl $crate::entity::FieldValue for $name {
            fn from_json(value: &serde_json::Value) -> Result<Self, $crate::invalid::Invalid> {
                <$name>::parse($crate::entity::expect_str(value)?)
            }
            fn to_json(&self) -> serde_json::Value {
                serde_json::Value::String(self.to_string())
            }
        }
    )*};
}
pub(crate) use text_field;

impl FieldValue for bool {
    fn from_json(value: &Value) -> Result<Self, Invalid> {
        value.as_bool().ok_or(Invalid::WrongType {
            expected: "boolean",
        })
    }
    fn to_json(&self) -> Value {
        Value::Bool(*self)
    }
}

impl FieldValue for Uuid {
    fn from_json(value: &Value) -> Result<Self, Invalid> {
        Uuid::parse_str(expect_str(value)?).map_err(|_| Invalid::Format {
            example: "0190f3a2-7c1e-7d6a-9c1b-2a4e5f6a7b8c",
        })
    }
    fn to_json(&self) -> Value {
        Value::String(self.to_string())
    }
}

impl<T: FieldValue> FieldValue for Vec<T> {
    fn from_json(value: &Value) -> Result<Self, Invalid> {
        let items = value
            .as_array()
            .ok_or(Invalid::WrongType { expected: "list" })?;
        if items.len() > 500 {
            return Err(Invalid::TooLong { max: 500 });
        }
        items.iter().map(T::from_json).collect()
    }
    fn to_json(&self) -> Value {
        Value::Array(self.iter().map(T::to_json).collect())
    }
}

/// A number of metres, days or rupiah: finite and not negative.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, serde::Serialize, serde::Deserialize)]
pub struct Amount(pub f64);

impl FieldValue for Amount {
    fn from_json(value: &Value) -> Result<Self, Invalid> {
        let number = value
            .as_f64()
            .ok_or(Invalid::WrongType { expected: "number" })?;
        if number.is_finite() && number >= 0.0 {
            Ok(Amount(number))
        } else {
            Err(Invalid::OutOfRange {
                min: "0".into(),
                max: "∞".into(),
            })
        }
    }
    fn to_json(&self) -> Value {
        serde_json::Number::from_f64(self.0).map_or(Value::Null, Value::Number)
    }
}

macro_rules! degrees_field {
    ($($name:ty),*) => {$(
        impl FieldValue for $name {
            fn from_json(value: &Value) -> Result<Self, Invalid> {
                <$name>::parse(value.as_f64().ok_or(Invalid::WrongType { expected: "number" })?)
            }
            fn to_json(&self) -> Value {
                serde_json::Number::from_f64(self.degrees()).map_or(Value::Null, Value::Number)
            }
        }
    )*};
}
degrees_field!(crate::identity::Latitude, crate::identity::Longitude);

text_field!(
    crate::region::RegionCode,
    crate::identity::ShortText,
    crate::identity::LongText,
    crate::identity::IsoDate,
    crate::identity::Nationality,
    crate::identity::ForeignNationality,
    crate::identity::Timestamp,
    crate::identity::PassportNumber,
    crate::identity::PreviousDocument,
    crate::identity::Nik,
);

/// Declares an enum whose variants have a stable wire code and a label in Bahasa
/// Indonesia and English.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $variant:ident = $code:literal ($id:literal, $en:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code used on the wire and in the database.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The label shown to users.
            pub fn label(self, lang: $crate::lang::Lang) -> &'static str {
                match (self, lang) {
                    $( ($name::$variant, $crate::lang::Lang::Id) => $id,
                       ($name::$variant, $crate::lang::Lang::En) => $en, )+
                }
            }

            pub fn parse(raw: &str) -> Result<Self, $crate::invalid::Invalid> {
                match raw.trim() {
                    $($code => Ok($name::$variant),)+
                    _ => Err($crate::invalid::Invalid::NotOneOf { allowed: vec![$($code),+] }),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::invalid::Invalid;
            fn try_from(value: String) -> Result<Self, Self::Error> { $name::parse(&value) }
        }

        impl From<$name> for String {
            fn from(value: $name) -> Self { value.code().to_string() }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { f.write_str(self.code()) }
        }

        $crate::entity::text_field!($name);
    };
}
pub(crate) use code_enum;

/// One field of an entity as the validator sees it.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub required: bool,
    /// Checks a non-null value for this field.
    pub check: fn(&Value) -> Result<(), Invalid>,
}

/// What every synced entity offers.
pub trait Entity: Sized {
    /// The entity's name on the wire.
    const KIND: &'static str;
    /// Its fields, `deleted` excluded.
    const FIELDS: &'static [FieldSpec];
    /// Builds the typed view of a merged record.
    fn from_fields(fields: &FieldMap) -> Result<Self, FieldError>;
    /// The record's fields, absent optional values left out.
    fn to_fields(&self) -> FieldMap;
}

pub(crate) fn read_required<T: FieldValue>(fields: &FieldMap, name: &str) -> Result<T, FieldError> {
    match fields.get(name) {
        None | Some(Value::Null) => Err(FieldError::new(name, Invalid::Required)),
        Some(value) => T::from_json(value).map_err(|reason| FieldError::new(name, reason)),
    }
}

pub(crate) fn read_optional<T: FieldValue>(
    fields: &FieldMap,
    name: &str,
) -> Result<Option<T>, FieldError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => T::from_json(value)
            .map(Some)
            .map_err(|reason| FieldError::new(name, reason)),
    }
}

pub(crate) fn check_as<T: FieldValue>(value: &Value) -> Result<(), Invalid> {
    T::from_json(value).map(|_| ())
}

/// Declares a synced entity: a struct with required fields as plain values and optional
/// ones as `Option`, its [`FieldSpec`] list and its conversions from and to a field map.
macro_rules! entity {
    (
        $(#[$meta:meta])*
        pub struct $name:ident = $kind:literal {
            required { $( $(#[$rmeta:meta])* $req:ident : $rty:ty ),* $(,)? }
            optional { $( $(#[$ometa:meta])* $opt:ident : $oty:ty ),* $(,)? }
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            $( $(#[$rmeta])* pub $req: $rty, )*
            $( $(#[$ometa])* pub $opt: Option<$oty>, )*
        }

        impl $crate::entity::Entity for $name {
            const KIND: &'static str = $kind;
            const FIELDS: &'static [$crate::entity::FieldSpec] = &[
                $( $crate::entity::FieldSpec { name: stringify!($req), required: true, check: $crate::entity::check_as::<$rty> }, )*
                $( $crate::entity::FieldSpec { name: stringify!($opt), required: false, check: $crate::entity::check_as::<$oty> }, )*
            ];

            fn from_fields(fields: &$crate::entity::FieldMap) -> Result<Self, $crate::invalid::FieldError> {
                Ok($name {
                    $( $req: $crate::entity::read_required(fields, stringify!($req))?, )*
                    $( $opt: $crate::entity::read_optional(fields, stringify!($opt))?, )*
                })
            }

            fn to_fields(&self) -> $crate::entity::FieldMap {
                use $crate::entity::FieldValue;
                let mut fields = $crate::entity::FieldMap::new();
                $( fields.insert(stringify!($req).to_string(), self.$req.to_json()); )*
                $( if let Some(value) = &self.$opt { fields.insert(stringify!($opt).to_string(), value.to_json()); } )*
                fields
            }
        }
    };
}
pub(crate) use entity;

/// Every problem with a write at once, one per field, for a form to show in place.
pub fn field_errors(specs: &[FieldSpec], fields: &FieldMap, creates: bool) -> Vec<FieldError> {
    let mut errors: Vec<FieldError> = fields
        .iter()
        .filter_map(|(name, value)| {
            let mut single = FieldMap::new();
            single.insert(name.clone(), value.clone());
            validate_values(specs, &single).err()
        })
        .collect();
    if creates {
        let missing: Vec<FieldError> = specs
            .iter()
            .filter(|spec| spec.required && fields.get(spec.name).is_none_or(Value::is_null))
            .filter(|spec| !errors.iter().any(|e| e.field == spec.name))
            .map(|spec| FieldError::new(spec.name, Invalid::Required))
            .collect();
        errors.extend(missing);
    }
    errors
}

/// Checks the values of a write to an entity with the given field list, whether or not
/// the record exists yet: every name known, every value valid, required fields never
/// cleared.
pub fn validate_values(specs: &[FieldSpec], fields: &FieldMap) -> Result<(), FieldError> {
    for (name, value) in fields {
        if name == DELETED {
            bool::from_json(value).map_err(|reason| FieldError::new(name, reason))?;
            continue;
        }
        let spec = specs
            .iter()
            .find(|spec| spec.name == name)
            .ok_or_else(|| FieldError::new(name, Invalid::UnknownField))?;
        if value.is_null() {
            if spec.required {
                return Err(FieldError::new(name, Invalid::Required));
            }
            continue;
        }
        (spec.check)(value).map_err(|reason| FieldError::new(name, reason))?;
    }
    Ok(())
}

/// The check a write that creates a record adds: every required field is present.
pub fn check_required_present(specs: &[FieldSpec], fields: &FieldMap) -> Result<(), FieldError> {
    match specs
        .iter()
        .find(|spec| spec.required && !fields.contains_key(spec.name))
    {
        Some(missing) => Err(FieldError::new(missing.name, Invalid::Required)),
        None => Ok(()),
    }
}
