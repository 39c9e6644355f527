//! Fuzzing with proptest: the push body decoder, the MRZ parser and the merge take any
//! input without panicking, and keep their promises on what they accept. The suite runs
//! a bounded number of cases; `PROPTEST_CASES=100000 cargo test -p pantau-shared --test
//! fuzz` runs a longer campaign.

use pantau_shared::identity::IsoDate;
use pantau_shared::invalid::Invalid;
use pantau_shared::mrz::{LINE_LEN, parse_td3};
use pantau_shared::sync::wire::{CheckedMutation, PushRequest};
use pantau_shared::sync::{EntityKind, Hlc, Record};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use uuid::Uuid;

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| json!(f)),
        ".{0,24}".prop_map(Value::String),
        "[A-Z0-9.<-]{0,16}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            btree_map(".{0,10}", inner, 0..6)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// A name some entity knows, or any text.
fn field_name() -> impl Strategy<Value = String> {
    let known: Vec<&'static str> = EntityKind::ALL
        .iter()
        .flat_map(|kind| kind.fields().iter().map(|spec| spec.name))
        .chain(["deleted"])
        .collect();
    prop_oneof![
        4 => proptest::sample::select(known).prop_map(str::to_string),
        1 => ".{0,12}",
    ]
}

/// A value of the kind fields hold, or any JSON.
fn field_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[A-Za-z0-9 .,/-]{0,30}".prop_map(Value::String),
        "(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]".prop_map(Value::String),
        "5[0-9](\\.[0-9]{2}){0,2}".prop_map(Value::String),
        proptest::sample::select(vec!["AUS", "IDN", "ITAS", "draft", "final", "M", "F"])
            .prop_map(|s| Value::String(s.into())),
        any_json(),
    ]
}

/// A mutation that is mostly well formed, so the fuzzing reaches the value checks.
fn mutation() -> impl Strategy<Value = Value> {
    let entity = prop_oneof![
        4 => proptest::sample::select(EntityKind::ALL.to_vec()).prop_map(|k| json!(k.name())),
        1 => any_json(),
    ];
    let hlc = prop_oneof![
        4 => (0u64..=9_999_999_999_999, 0u32..=99_999, any::<u128>()).prop_map(|(millis, counter, d)| {
            json!(Hlc { millis, counter, device: Uuid::from_u128(d) }.to_string())
        }),
        1 => any_json(),
    ];
    let fields = prop_oneof![
        4 => btree_map(field_name(), field_value(), 0..10)
            .prop_map(|map| Value::Object(map.into_iter().collect())),
        1 => any_json(),
    ];
    let base_seq = prop_oneof![
        Just(None),
        any::<i64>().prop_map(|n| Some(json!(n))),
        any_json().prop_map(Some)
    ];
    (
        any::<u128>(),
        entity,
        any::<u128>(),
        hlc,
        fields,
        base_seq,
        any::<bool>(),
    )
        .prop_map(|(op, entity, id, hlc, fields, base_seq, drop_one)| {
            let mut object = Map::new();
            object.insert("op_id".into(), json!(Uuid::from_u128(op)));
            object.insert("entity".into(), entity);
            object.insert("id".into(), json!(Uuid::from_u128(id)));
            object.insert("hlc".into(), hlc);
            object.insert("fields".into(), fields);
            if let Some(base_seq) = base_seq {
                object.insert("base_seq".into(), base_seq);
            }
            if drop_one {
                let key = ["op_id", "entity", "id", "hlc", "fields"][(op % 5) as usize];
                object.remove(key);
            }
            Value::Object(object)
        })
}

const SPECIMEN: &str =
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10";

fn specimen_lower() -> String {
    SPECIMEN.lines().nth(1).unwrap_or_default().to_string()
}

fn today() -> IsoDate {
    IsoDate::parse("2026-11-28").expect("a valid date")
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 512,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// The decoder answers every mutation with a value or a named error, and what it
    /// accepts is checked by the entity's rules without a panic either.
    #[test]
    fn the_push_decoder_takes_any_mutation(raw in prop_oneof![mutation(), any_json()]) {
        match CheckedMutation::from_json(&raw) {
            Ok(checked) => {
                prop_assert!(raw.get("fields").is_some_and(Value::is_object));
                // An error names a field that was sent, one the entity requires, or the
                // field map as a whole.
                let named = |field: &str| {
                    field == "fields"
                        || checked.fields.contains_key(field)
                        || checked.entity.fields().iter().any(|spec| spec.name == field)
                };
                for creates in [true, false] {
                    if let Err(error) = checked.entity.validate_write(&checked.fields, creates) {
                        prop_assert!(named(&error.field), "{}", error.field);
                    }
                }
                if let Err(error) = checked.entity.check_merged(&checked.fields) {
                    prop_assert!(named(&error.field), "{}", error.field);
                }
            }
            Err(error) => prop_assert!(
                ["mutation", "op_id", "entity", "id", "hlc", "fields", "base_seq"]
                    .contains(&error.field.as_str()),
                "{}", error.field
            ),
        }
    }

    /// A whole push body from arbitrary bytes: refused or read, never a panic.
    #[test]
    fn push_bodies_from_any_bytes(bytes in vec(any::<u8>(), 0..512)) {
        let _ = serde_json::from_slice::<PushRequest>(&bytes);
        if let Ok(value) = serde_json::from_slice::<Value>(&bytes) {
            let _ = CheckedMutation::from_json(&value);
        }
    }

    /// Any text given as an MRZ: parsed or refused with named fields.
    #[test]
    fn the_mrz_parser_takes_any_text(text in prop_oneof![
        ".{0,100}",
        "[A-Z0-9<]{44}\n[A-Z0-9<]{44}",
        "P[A-Z0-9<]{43}\n[A-Z0-9<]{44}",
        "P.{43}\n.{44}",
    ]) {
        if let Err(problems) = parse_td3(&text, today()) {
            prop_assert!(!problems.is_empty());
        }
    }

    /// One digit of the specimen's lower line changed to another: the weights 7, 3, 1
    /// catch every single-digit change, so the parse fails and names the field whose
    /// check digit broke (the composite check names `mrz` too).
    #[test]
    fn a_changed_digit_names_its_field(
        (at, replacement) in (0usize..LINE_LEN)
            .prop_filter("a digit", |at| specimen_lower().as_bytes()[*at].is_ascii_digit())
            .prop_flat_map(|at| (Just(at), 0u8..10))
            .prop_filter("another digit", |(at, d)| specimen_lower().as_bytes()[*at] != b'0' + d)
    ) {
        let mut lower = specimen_lower().into_bytes();
        lower[at] = b'0' + replacement;
        let lower = String::from_utf8(lower).expect("ASCII");
        let upper = SPECIMEN.lines().next().expect("two lines");
        let field = match at {
            0..=9 => "passport_number",
            13..=19 => "date_of_birth",
            21..=27 => "passport_expiry",
            _ => "mrz",
        };
        let problems = parse_td3(&format!("{upper}\n{lower}"), today())
            .expect_err("a changed digit must not parse");
        prop_assert!(
            problems.iter().any(|p| p.field == field && p.reason == Invalid::CheckDigit),
            "changing position {} names {:?}, expected {}", at, problems, field
        );
    }

    /// The specimen with any characters changed: refused with named fields or parsed,
    /// never a panic.
    #[test]
    fn the_mrz_parser_takes_any_corruption(
        changes in vec((0usize..89, proptest::char::any()), 1..4)
    ) {
        let mut chars: Vec<char> = SPECIMEN.chars().collect();
        for (at, c) in changes {
            chars[at] = c;
        }
        let text: String = chars.into_iter().collect();
        if let Err(problems) = parse_td3(&text, today()) {
            prop_assert!(!problems.is_empty());
        }
    }

    /// Merging any values under any names and stamps never panics, and merging the
    /// same writes again changes nothing.
    #[test]
    fn the_merge_takes_any_values(writes in vec(
        (btree_map(".{0,8}", any_json(), 0..6), 0u64..1_000, 0u32..3, 0u128..4), 0..12)
    ) {
        let writes: Vec<(Map<String, Value>, Hlc)> = writes
            .into_iter()
            .map(|(fields, millis, counter, device)| {
                (fields.into_iter().collect(), Hlc { millis, counter, device: Uuid::from_u128(device) })
            })
            .collect();
        let mut record = Record::default();
        for (fields, hlc) in &writes {
            record.merge(fields.clone(), *hlc);
        }
        let once = record.clone();
        for (fields, hlc) in &writes {
            let outcome = record.merge(fields.clone(), *hlc);
            prop_assert!(outcome.changed.is_empty());
        }
        prop_assert_eq!(record, once);
    }
}
