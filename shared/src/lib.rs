//! Pantau's shared core: everything the field app and the sync server must agree on.
//!
//! The crate is pure — no I/O, no async — so it compiles for the browser (wasm32) and
//! for the server alike, and every rule lives here exactly once.
//!
//! A tour:
//! - [`lang`] and [`invalid`]: the two UI languages and the one validation error type,
//!   whose messages come in Bahasa Indonesia and English.
//! - Validated values, built only through `parse`: [`region`] (Kemendagri codes and
//!   scope), [`identity`] (names, sex, dates, nationality, passport number, NIK).
//! - [`mrz`]: the ICAO 9303 TD3 machine-readable zone with every check digit verified;
//!   [`icao`]: the country and category codes it writes, with their names.
//! - [`permit`]: stay permit types and the overstay computation; [`visa`]: the visa
//!   index codes, kept as data with the days each is in force.
//! - The synced entities, each a typed view over a field map: [`subject`] (a foreign
//!   national), [`inspection`] (inspections, findings, amendments), [`meeting`] (Rakor and
//!   follow-up actions), [`decision`] (the office's decision on a finding), [`operation`]
//!   (an operation under one written order). [`entity`]
//!   holds the machinery they share.
//! - [`team`]: teams, officers, roles and agencies; [`election`]: election periods;
//!   [`wilayah`]: the shipped table of Bali's regions.
//! - [`stats`]: the central office's measures and dimensions and their labels;
//!   [`duplicates`]: when two records may be one person.
//! - [`signing`]: what an officer signs at finalization, and the server's receipt.
//! - [`sync`]: the hybrid logical clock, the field-level merge and the wire types.

pub mod action_codes;
pub mod code_table;
pub mod correction;
pub mod decimal;
pub mod decision;
pub mod device;
pub mod duplicates;
pub mod election;
pub mod entity;
pub mod icao;
pub mod identity;
pub mod inspection;
pub mod invalid;
pub mod lang;
pub mod meeting;
pub mod mrz;
pub mod named_code;
pub mod operation;
pub mod permit;
pub mod pin;
pub mod region;
pub mod report;
pub mod search;
pub mod signing;
pub mod stats;
pub mod subject;
pub mod sync;
pub mod team;
pub mod violation_codes;
pub mod visa;
pub mod voter_list;
pub mod wilayah;

pub use invalid::{FieldError, Invalid};
pub use lang::Lang;
