//! One foreign national: documents, permit standing, stay, and whether the record has
//! unsent or refused changes.

use crate::AppContext;
use crate::components::form::{code_names, shown_value, violation_table};
use crate::components::permit_badge::PermitBadge;
use crate::components::photo_picker::PhotoPicker;
use crate::device::Device;
use crate::i18n::{self, fields::field_name};
use crate::pages::subject_form::FORM as SUBJECT_FORM;
use crate::pages::sync::rejection_text;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use pantau_shared::identity::IsoDate;
use pantau_shared::sync::EntityKind;
use uuid::Uuid;

/// The fields the page lists, in order.
pub(crate) const SHOWN: &[&str] = &[
    "nationality",
    "sex",
    "date_of_birth",
    "place_of_birth",
    "document_type",
    "passport_number",
    "passport_issuing_country",
    "passport_expiry",
    "visa_code",
    "permit_type",
    "permit_number",
    "permit_start",
    "permit_expiry",
    "region_code",
    "stay_type",
    "address",
    "sponsor_type",
    "sponsor_name",
    "sponsor_business_id",
    "employer",
    "position",
    "work_permit_ref",
    "nik",
    "observer_accreditation",
    "observer_accreditation_issuer",
    "observer_accreditation_valid_until",
    "notes",
];

#[component]
pub fn SubjectDetailPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let params = use_params_map();
    // A record merged into another opens the one it was merged into.
    let id = Memo::new(move |_| {
        let asked = params
            .with(|p| p.get("id"))
            .and_then(|id| Uuid::parse_str(&id).ok())?;
        let survivor = device
            .state
            .with(|s| s.record(asked).and_then(|r| r.merged_into()));
        Some(survivor.unwrap_or(asked))
    });
    // Drawn again only when this record changes, not on every change of the store.
    let record = device.record_memo(id);
    let pending = Memo::new(move |_| {
        id.get()
            .is_some_and(|id| device.state.with(|s| s.has_pending(id)))
    });
    let rejection = Memo::new(move |_| {
        id.get()
            .and_then(|id| device.state.with(|s| s.rejection(id).cloned()))
    });
    // Every inspection where this person was checked, newest first.
    let history = Memo::new(move |_| {
        let Some(id) = id.get() else {
            return Vec::new();
        };
        device.state.with(|s| {
            // Findings of records merged into this one count too: finalized ones keep
            // citing the merged record.
            let cites_this = |finding: &pantau_shared::device::LocalRecord| {
                let cited = finding
                    .text("subject_id")
                    .and_then(|c| Uuid::parse_str(c).ok());
                cited.is_some_and(|cited| {
                    cited == id || s.record(cited).and_then(|r| r.merged_into()) == Some(id)
                })
            };
            let mut rows: Vec<_> = s
                .records()
                .filter(|r| r.entity == "finding" && cites_this(r))
                .filter_map(|finding| {
                    let inspection =
                        s.record(Uuid::parse_str(finding.text("inspection_id")?).ok()?)?;
                    let violations: Vec<String> = finding
                        .fields
                        .get("violations")
                        .and_then(|v| v.as_array())
                        .map(|list| {
                            list.iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect()
                        })
                        .unwrap_or_default();
                    Some((
                        inspection.id,
                        inspection
                            .text("started_at")
                            .unwrap_or_default()
                            .get(..10)
                            .unwrap_or_default()
                            .to_string(),
                        inspection
                            .text("place_name")
                            .unwrap_or_default()
                            .to_string(),
                        violations,
                    ))
                })
                .collect();
            rows.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            rows
        })
    });
    move || {
        let Some(record) = record.get() else {
            return view! { <super::not_found::NotFound /> }.into_any();
        };
        let id = record.id;
        let expiry = record
            .text("permit_expiry")
            .and_then(|d| IsoDate::parse(d).ok());
        // An accreditation recorded but ended, or with no end date, is no accreditation.
        let unaccredited = record.text("observer_accreditation").is_some()
            && record
                .text("observer_accreditation_valid_until")
                .is_none_or(|until| until < crate::today().to_string().as_str());
        let pending = pending.get();
        let rejection = rejection.get();
        let lost = record.lost_fields.clone();
        let facts = SHOWN
            .iter()
            .filter_map(|name| record.text(name).map(|value| (*name, value.to_string())))
            .map(|(name, value)| {
                view! {
                    <dt>{move || field_name(name, context.lang.get())}</dt>
                    <dd id=format!("detail-{name}")>{move || {
                        let lang = context.lang.get();
                        // A visa code reads with its purpose, from the table the device holds.
                        let purpose = (name == pantau_shared::visa::VISA_CODE)
                            .then(|| device.code_tables.with(|tables| tables.visa_indexes.find(&value).map(|index| index.purpose(lang).to_string())))
                            .flatten();
                        match purpose {
                            Some(purpose) => format!("{value} — {purpose}"),
                            None => shown_value(SUBJECT_FORM, name, &value, lang),
                        }
                    }}</dd>
                }
            })
            .collect_view();
        view! {
            <section class="card" id="subject-detail">
                <div class="row">
                    <h1 id="detail-name">{record.text("full_name").unwrap_or_default().to_string()}</h1>
                    {context.writes_records().then(|| view! {
                        <A href=format!("/orang-asing/{id}/ubah") attr:class="button secondary" attr:id="edit-subject">
                            {move || context.t(i18n::EDIT)}
                        </A>
                    })}
                <crate::components::history_link::HistoryLink id=id />
                </div>
                <p class="badges">
                    <PermitBadge expiry=Signal::derive(move || expiry) />
                    {record.fields.get("nik").is_some().then(|| view! { <span class="badge warn">{move || context.t(i18n::HAS_NIK)}</span> })}
                    {unaccredited.then(|| view! { <span class="badge danger" id="detail-unaccredited">{move || context.t(i18n::ACCREDITATION_INVALID)}</span> })}
                    {pending.then(|| view! { <span class="badge neutral" id="detail-pending">{move || context.t(i18n::PENDING_RECORD)}</span> })}
                </p>
                {rejection.map(|error| view! {
                    <p class="form-error" id="detail-rejection">{move || context.t(i18n::REJECTED_RECORD)} ": " {rejection_text(&error, context.lang.get())}</p>
                })}
                {(!lost.is_empty()).then(|| view! {
                    <p class="notice">{move || context.t(i18n::CONFLICT_RECORD)} ": "
                        {lost.iter().map(|f| field_name(f, context.lang.get())).collect::<Vec<_>>().join(", ")}</p>
                })}
                <dl class="facts">{facts}</dl>
                <PhotoPicker entity=EntityKind::Subject id photos=record.texts("photos") editable=context.writes_records() />
                <h2>{move || context.t(i18n::INSPECTION_HISTORY)}</h2>
                <ul class="result-list" id="subject-inspections">
                    {history.get().into_iter().map(|(inspection, date, place, violations)| view! {
                        <li>
                            <A href=format!("/pemeriksaan/{inspection}") attr:class="result">
                                <span class="result-name">{place}</span>
                                <span class="result-meta">{date}</span>
                                <span class="result-meta">{move || code_names(violation_table, violations.iter().map(String::as_str), context.lang.get())}</span>
                            </A>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        }
        .into_any()
    }
}
