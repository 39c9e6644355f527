//! The choices of every coded field, with their labels in the current language.

use pantau_shared::Lang;
use pantau_shared::inspection::{
    DocumentShown, FieldAction, NoWarrantReason, OperationType, PlaceType, PoliticalActivity,
};
use pantau_shared::meeting::ActionStatus;
use pantau_shared::permit::DocumentType;
use pantau_shared::subject::{Sex, SponsorType, StayType};

macro_rules! options_of {
    ($($name:ident => $ty:ty),* $(,)?) => {$(
        pub fn $name(lang: Lang) -> Vec<(&'static str, &'static str)> {
            <$ty>::ALL.iter().map(|v| (v.code(), v.label(lang))).collect()
        }
    )*};
}

options_of!(
    sexes => Sex,
    document_types => DocumentType,
    stay_types => StayType,
    sponsor_types => SponsorType,
    place_types => PlaceType,
    operation_types => OperationType,
    no_warrant_reasons => NoWarrantReason,
    documents_shown => DocumentShown,
    political_activities => PoliticalActivity,
    field_actions => FieldAction,
    action_statuses => ActionStatus,
);
