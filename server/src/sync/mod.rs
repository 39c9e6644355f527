//! The server side of sync: applying pushed mutations through the shared merge, and
//! reading pages of changes for a device's scope.

pub mod office_write;
pub mod pull;
pub mod push;
pub mod recode;
pub mod restore;
pub mod subject_merge;
