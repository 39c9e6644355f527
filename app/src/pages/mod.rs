//! The app's screens.

pub mod home;
pub mod login;
