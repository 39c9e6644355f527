//! The app's screens.

pub mod home;
pub mod login;
pub mod not_found;
pub mod subject_detail;
pub mod subject_form;
pub mod subjects;
pub mod sync;
