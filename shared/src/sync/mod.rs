//! Sync: the hybrid logical clock, the field-level merge, the entity registry with its
//! write rules, and the JSON shapes exchanged between device and server.

pub mod engine;
pub mod entities;
pub mod hlc;
pub mod merge;
pub mod review;
pub mod wire;

pub use entities::EntityKind;
pub use hlc::{Hlc, HlcClock};
pub use merge::{MergeOutcome, Record, Stamped};
