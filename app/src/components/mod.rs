//! Building blocks shared by the pages.

pub mod form;
pub mod header;
pub mod history_link;
pub mod nav;
pub mod options;
pub mod permit_badge;
pub mod photo_picker;
pub mod region_picker;
pub mod roster_picker;
pub mod status_bar;
pub mod update_prompt;
