//! The office's screens.

pub mod admin;
pub mod admin_forms;
pub mod duplicates;
pub mod login;
pub mod map;
pub mod not_admin;
pub mod report;
pub mod summary;
pub mod table;
