//! The app's screens.

pub mod finding_form;
pub mod home;
pub mod inspection_detail;
pub mod inspection_form;
pub mod inspections;
pub mod lock;
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

/// Forms and detail pages name fields as text: these checks make a misspelt or unknown
/// field, a field without a label, or a code shown in place of its label fail here
/// rather than at save time or on a tablet.
#[cfg(test)]
mod field_name_tests {
    use crate::components::form::{Input, shown_value};
    use crate::i18n::fields::field_label;
    use pantau_shared::Lang;
    use pantau_shared::sync::EntityKind;

    fn forms() -> Vec<(EntityKind, &'static [(&'static str, Input)])> {
        vec![
            (EntityKind::Subject, super::subject_form::FORM),
            (EntityKind::Inspection, super::inspection_form::FORM),
            (EntityKind::Finding, super::finding_form::FORM),
            (EntityKind::Meeting, super::meeting_form::FORM),
            (
                EntityKind::ActionItem,
                super::meeting_detail::FOLLOW_UP_FORM,
            ),
            (
                EntityKind::Amendment,
                super::inspection_detail::AMENDMENT_FORM,
            ),
        ]
    }

    fn shown() -> Vec<(EntityKind, &'static str)> {
        let forms = forms()
            .into_iter()
            .flat_map(|(kind, form)| form.iter().map(move |(name, _)| (kind, *name)));
        let pages = super::subject_detail::SHOWN
            .iter()
            .map(|name| (EntityKind::Subject, *name));
        forms.chain(pages).collect()
    }

    #[test]
    fn every_field_a_screen_names_belongs_to_its_entity() {
        for (kind, name) in shown() {
            assert!(
                kind.fields().iter().any(|spec| spec.name == name),
                "{kind:?} has no field {name:?}"
            );
        }
    }

    #[test]
    fn every_field_a_screen_names_has_a_label_in_both_languages() {
        for (kind, name) in shown() {
            let label = field_label(name).unwrap_or_else(|| panic!("{kind:?}.{name} has no label"));
            for lang in [Lang::Id, Lang::En] {
                let text = label.get(lang);
                assert!(
                    !text.is_empty() && text != name,
                    "{kind:?}.{name} in {lang:?}: {text:?}"
                );
            }
        }
    }

    #[test]
    fn coded_values_on_the_subject_page_show_their_labels() {
        let form = super::subject_form::FORM;
        let mut coded = 0;
        for name in super::subject_detail::SHOWN {
            let Some(Input::Choice(options)) = form
                .iter()
                .find(|(field, _)| field == name)
                .map(|(_, input)| *input)
            else {
                continue;
            };
            for lang in [Lang::Id, Lang::En] {
                for (code, label) in options(lang) {
                    assert_eq!(
                        shown_value(form, name, code, lang),
                        label,
                        "{name} = {code}"
                    );
                    coded += 1;
                }
            }
        }
        assert!(coded > 0, "the subject page shows coded fields");
        assert_eq!(shown_value(form, "full_name", "CONTOH", Lang::Id), "CONTOH");
    }
}
