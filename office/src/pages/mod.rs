//! The office's screens.

pub mod admin;
pub mod login;
pub mod not_admin;
pub mod table;
