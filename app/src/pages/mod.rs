//! The app's screens.

pub mod finding_form;
pub mod history;
pub mod home;
pub mod inspection_detail;
pub mod inspection_form;
pub mod inspections;
pub mod login;
pub mod meeting_detail;
pub mod meeting_form;
pub mod meetings;
pub mod not_found;
pub mod review;
pub mod subject_detail;
pub mod subject_form;
pub mod subjects;
pub mod sync;

use crate::device::SaveError;
use crate::i18n;
use pantau_shared::lang::Label;

/// What to tell the officer when a save did not happen.
pub fn save_failure(error: &SaveError) -> Label {
    match error {
        SaveError::Edit(pantau_shared::device::EditError::Invalid(_)) => i18n::FIX_ERRORS,
        SaveError::Edit(pantau_shared::device::EditError::Refused(_)) => i18n::REJECT_FINALIZED,
        SaveError::Store(crate::store::StoreError::QuotaExceeded) => i18n::STORAGE_FULL,
        SaveError::Store(_) | SaveError::NotReady => i18n::STORAGE_UNAVAILABLE,
    }
}
