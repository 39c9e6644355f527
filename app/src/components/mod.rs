//! Building blocks shared by the pages.

pub mod header;
pub mod status_bar;
