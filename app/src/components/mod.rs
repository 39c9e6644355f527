//! Building blocks shared by the pages.

pub mod header;
pub mod nav;
pub mod permit_badge;
pub mod status_bar;
pub mod update_prompt;
