//! One inspection: where and how, the findings, and — while it is a draft — adding
//! findings and finalizing. A final inspection is corrected only by amendments, shown
//! with it.

use crate::AppContext;
use crate::components::form::{
    Field, FormState, Input, changed_fields, code_names, shown_value as form_value, to_json,
    violation_table,
};
use crate::components::permit_badge::rupiah;
use crate::components::photo_picker::PhotoPicker;
use crate::device::Device;
use crate::i18n::{self, fields::field_name};
use crate::pages::finding_form::{FindingForm, overstay_on};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use pantau_shared::Lang;
use pantau_shared::correction::{CORRECTIONS, correctable};
use pantau_shared::decision::{DecisionState, decision_id};
use pantau_shared::device::{EditError, LocalRecord};
use pantau_shared::inspection::{
    AmendableEntity, FieldAction, NoWarrantReason, OperationType, PlaceType,
};
use pantau_shared::sync::EntityKind;
use pantau_shared::violation_codes::VIOLATIONS;
use serde_json::{Value, json};
use uuid::Uuid;

pub(crate) const AMENDMENT_FORM: &[(&str, Input)] =
    &[("reason", Input::LongText), ("changes", Input::LongText)];

/// A finding's violations by their names.
fn violations_of(record: &LocalRecord, lang: Lang) -> String {
    let codes = record.fields.get(VIOLATIONS).and_then(Value::as_array);
    let codes = codes.into_iter().flatten().filter_map(Value::as_str);
    code_names(violation_table, codes, lang)
}

/// A fact as the officer reads it: coded values by their label, the start time without
/// seconds and offset.
fn shown_value(name: &str, value: &str, lang: Lang) -> String {
    let label = match name {
        "place_type" => PlaceType::parse(value).ok().map(|v| v.label(lang)),
        "operation_type" => OperationType::parse(value).ok().map(|v| v.label(lang)),
        "no_warrant_reason" => NoWarrantReason::parse(value).ok().map(|v| v.label(lang)),
        "started_at" => return value.get(..16).unwrap_or(value).replace('T', " "),
        _ => None,
    };
    label.map_or_else(|| value.to_string(), str::to_string)
}

#[component]
pub fn InspectionDetailPage() -> impl IntoView {
    let device = expect_context::<Device>();
    let id = Memo::new(move |_| {
        use_params_map()
            .with(|p| p.get("id"))
            .and_then(|id| Uuid::parse_str(&id).ok())
    });
    // Drawn again only when this inspection changes, not on every change of the store.
    let inspection = device.record_memo(id);
    move || match (id.get(), inspection.get()) {
        (Some(id), Some(inspection)) => view! { <InspectionView id inspection /> }.into_any(),
        _ => view! { <super::not_found::NotFound /> }.into_any(),
    }
}

#[component]
fn InspectionView(id: Uuid, inspection: LocalRecord) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let is_final = inspection.text("status") == Some("final");
    // The Kanwil reads the province: nothing here is its to write.
    let writes = context.writes_records();
    let editable = writes && !is_final;
    let officers = inspection.texts("officer_ids");
    let photos = inspection.texts("photos");
    let started_at = inspection.text("started_at").map(str::to_string);
    // Signed on this tablet and taken by the server: who signed, and the receipt's number.
    let signed_here = inspection
        .receipt
        .as_ref()
        .and_then(|receipt| receipt.get("index")?.as_u64())
        .zip(
            context
                .session
                .with_untracked(|s| s.as_ref().map(|s| s.officer.name.clone())),
        )
        .map(|(n, officer)| (officer, n.to_string()));
    let findings = Memo::new(move |_| {
        device.state.with(|s| {
            let findings = s
                .records()
                .filter(|r| {
                    r.entity == "finding"
                        && !r.is_deleted()
                        && r.text("inspection_id") == Some(&id.to_string())
                })
                .cloned()
                .collect::<Vec<_>>();
            // Each finding as its amendments correct it; the list keys a finding by its
            // values too, so a correction redraws it.
            s.amended(findings)
        })
    });
    // The amendments of the inspection and of its findings.
    let amendments = Memo::new(move |_| {
        let mut originals = vec![id.to_string()];
        findings.with(|list| originals.extend(list.iter().map(|f| f.id.to_string())));
        device.state.with(|s| {
            s.records()
                .filter(|r| {
                    r.entity == "amendment"
                        && r.text("original_id")
                            .is_some_and(|original| originals.iter().any(|o| o == original))
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let subject_text = move |id: Option<&str>, field: &str| {
        let id = id.and_then(|s| Uuid::parse_str(s).ok())?;
        device
            .state
            .with(|s| s.record(id).and_then(|r| r.text(field).map(str::to_string)))
    };
    let confirm = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let finalize = crate::task::Task::new_local(move |_: &()| async move {
        if let Err(error) = device.finalize(context, id).await {
            let text = match &error {
                crate::device::SaveError::Edit(pantau_shared::device::EditError::Invalid(e)) => {
                    format!(
                        "{}: {}",
                        field_name(&e.field, context.lang.get_untracked()),
                        e.reason.message(context.lang.get_untracked())
                    )
                }
                other => context.t(crate::pages::save_failure(other)).to_string(),
            };
            problem.set(Some(text));
        }
        confirm.set(false);
    });
    let (amendment, _) = FormState::new(format!("amendment.{id}"), None);
    // What the amendment corrects ("" for the inspection, else a finding's id), and the
    // field it corrects, if any.
    let (target, corrected) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let region = inspection
        .fields
        .get("region_code")
        .cloned()
        .unwrap_or(Value::Null);
    let add_amendment = crate::task::Task::new_local(move |_: &()| {
        let region = region.clone();
        async move {
            let mut write = amendment
                .values
                .with_untracked(|v| changed_fields(AMENDMENT_FORM, v, None));
            let finding = target.get_untracked();
            let (entity, original) = match finding.as_str() {
                "" => (AmendableEntity::Inspection, id.to_string()),
                _ => (AmendableEntity::Finding, finding),
            };
            if let Some((name, input)) = correctable_input(entity, &corrected.get_untracked()) {
                let lang = context.lang.get_untracked();
                let typed = amendment
                    .values
                    .with_untracked(|v| v.get(name).cloned().unwrap_or_default());
                let value = to_json(input, &typed).unwrap_or(Value::Null);
                // The correction in words, unless the officer wrote them.
                if !write.contains_key("changes") {
                    let shown = form_value(form_of(entity), name, &typed, lang);
                    write.insert(
                        "changes".into(),
                        json!(format!("{}: {shown}", field_name(name, lang))),
                    );
                }
                write.insert(CORRECTIONS.into(), json!({ name: value }));
            }
            write.insert("region_code".into(), region);
            write.insert("original_entity".into(), json!(entity.code()));
            write.insert("original_id".into(), json!(original));
            let problems = EntityKind::Amendment.field_errors(&write, true);
            if !problems.is_empty() {
                amendment.errors.set(problems);
                return;
            }
            match device
                .save_signed(context, EntityKind::Amendment, Uuid::now_v7(), write)
                .await
            {
                Ok(()) => {
                    amendment.clear_draft();
                    amendment.values.set(Default::default());
                    amendment.errors.set(Vec::new());
                    corrected.set(String::new());
                }
                // A correction refused is shown under the field it corrects.
                Err(crate::device::SaveError::Edit(EditError::Invalid(mut error))) => {
                    if let Some(field) = error.field.strip_prefix("corrections.") {
                        error.field = field.to_string();
                    }
                    amendment.errors.set(vec![error]);
                }
                Err(_) => {}
            }
        }
    });
    let facts: Vec<(&'static str, String)> = [
        "started_at",
        "region_code",
        "place_type",
        "address",
        "operation_type",
        "warrant_number",
        "no_warrant_reason",
    ]
    .into_iter()
    .filter_map(|name| inspection.text(name).map(|v| (name, v.to_string())))
    .collect();
    let position = inspection
        .fields
        .get("latitude")
        .zip(inspection.fields.get("longitude"))
        .map(|(lat, lon)| {
            let accuracy = inspection
                .fields
                .get("gps_accuracy_m")
                .map(|a| format!(" ±{a} m"))
                .unwrap_or_default();
            format!("{lat}, {lon}{accuracy}")
        });
    view! {
        <section class="card" id="inspection-detail">
            <div class="row">
                <h1 id="inspection-place">{inspection.text("place_name").unwrap_or_default().to_string()}</h1>
                <span class=if is_final { "badge ok" } else { "badge neutral" } id="inspection-status">
                    {move || context.t(if is_final { i18n::FINAL } else { i18n::DRAFT })}
                </span>
            </div>
            <dl class="facts">
                {facts.into_iter().map(|(name, value)| view! {
                    <dt>{move || field_name(name, context.lang.get())}</dt><dd>{move || shown_value(name, &value, context.lang.get())}</dd>
                }).collect_view()}
                {position.map(|p| view! { <dt>"GPS"</dt><dd id="inspection-gps">{p}</dd> })}
                <dt>{move || context.t(i18n::OFFICERS_PRESENT)}</dt>
                <dd id="inspection-officers">{move || device.roster.with(|roster| {
                    roster.iter().filter(|o| officers.contains(&o.id.to_string())).map(|o| o.name.clone()).collect::<Vec<_>>().join(", ")
                })}</dd>
            </dl>
            {signed_here.map(|(officer, n)| view! {
                <p class="muted" id="inspection-signed">
                    {move || context.t(i18n::SIGNED_HERE).replace("{officer}", &officer).replace("{n}", &n)}
                </p>
            })}
            {editable.then(|| view! {
                <A href=format!("/pemeriksaan/{id}/ubah") attr:class="button secondary" attr:id="edit-inspection">{move || context.t(i18n::EDIT)}</A>
            })}
            <crate::components::history_link::HistoryLink id=id />

            <PhotoPicker entity=EntityKind::Inspection id photos=photos editable />

            <h2>{move || context.t(i18n::FINDINGS)}</h2>
            <Show when=move || findings.with(Vec::is_empty)>
                <p class="muted">{move || context.t(i18n::NO_FINDINGS)}</p>
            </Show>
            <ul class="result-list" id="finding-list">
                <For each=move || findings.get() key=|f| (f.id, serde_json::to_string(&f.fields).unwrap_or_default()) let:finding>
                    {
                        let subject = finding.text("subject_id").map(str::to_string);
                        let overstay = overstay_on(subject_text(subject.as_deref(), "permit_expiry").as_deref(), started_at.as_deref(), &device.overstay_rules.read_untracked());
                        let action = finding.text("field_action").and_then(|c| FieldAction::parse(c).ok());
                        let finding_photos = finding.texts("photos");
                        let finding_id = finding.id;
                        view! {
                            <li class="finding">
                                <span class="result-name">{subject_text(subject.as_deref(), "full_name").unwrap_or_default()}</span>
                                <span class="result-meta">{move || violations_of(&finding, context.lang.get())}</span>
                                {action.map(|a| view! { <span class="result-meta">{move || a.label(context.lang.get())}</span> })}
                                {overstay.map(|(days, fee)| view! {
                                    <span class="badge danger">{move || context.t(i18n::PERMIT_OVERSTAY)} " " {days} " " {move || context.t(i18n::DAYS)} " · " {rupiah(fee)}</span>
                                })}
                                {move || office_decision(&device, finding_id, context.lang.get()).map(|line| view! {
                                    <span class="result-meta" id=format!("decision-{finding_id}")>
                                        {context.t(i18n::OFFICE_DECISION)} ": " {line}
                                    </span>
                                })}
                                <PhotoPicker entity=EntityKind::Finding id=finding_id photos=finding_photos editable compact=true />
                            </li>
                        }
                    }
                </For>
            </ul>

            {editable.then(|| view! {
                <FindingForm inspection_id=id />
                <div class="subform">
                    <Show when=move || problem.get().is_some()>
                        <p class="form-error" role="alert" id="finalize-error">{move || problem.get()}</p>
                    </Show>
                    <Show when=move || !confirm.get() fallback=move || view! {
                        <p class="notice">{move || context.t(i18n::FINALIZE_WARNING)}</p>
                        <button class="button danger" id="confirm-finalize" on:click=move |_| { finalize.dispatch(()); }>
                            {move || context.t(i18n::CONFIRM_FINALIZE)}
                        </button>
                    }>
                        <button class="button primary" id="finalize" on:click=move |_| confirm.set(true)>
                            {move || context.t(i18n::FINALIZE)}
                        </button>
                    </Show>
                </div>
            })}

            {is_final.then(|| view! {
                <h2>{move || context.t(i18n::AMENDMENTS)}</h2>
                <ul class="result-list" id="amendment-list">
                    <For each=move || amendments.get() key=|a| a.id let:entry>
                        <li>
                            <span class="result-name">{entry.text("changes").unwrap_or_default().to_string()}</span>
                            <span class="result-meta">{entry.text("reason").unwrap_or_default().to_string()}</span>
                        </li>
                    </For>
                </ul>
                {writes.then(|| view! {
                    <div class="subform" id="amendment-form">
                        <label for="amendment-target">{move || context.t(i18n::AMENDMENT_TARGET)}</label>
                        <select id="amendment-target" on:change=move |ev| { target.set(event_target_value(&ev)); corrected.set(String::new()); }>
                            <option value="">{move || context.t(i18n::THIS_INSPECTION)}</option>
                            {move || findings.get().into_iter().map(|finding| {
                                let name = subject_text(finding.text("subject_id"), "full_name").unwrap_or_default();
                                view! { <option value=finding.id.to_string()>{name}</option> }
                            }).collect_view()}
                        </select>
                        <label for="amendment-field">{move || context.t(i18n::AMENDMENT_FIELD)}</label>
                        <select id="amendment-field" on:change=move |ev| corrected.set(event_target_value(&ev))>
                            <option value="" selected=move || corrected.with(String::is_empty)>"—"</option>
                            {move || {
                                let entity = entity_of(&target.get());
                                correctable(entity).iter().map(|name| view! {
                                    <option value=*name>{move || field_name(name, context.lang.get())}</option>
                                }).collect_view()
                            }}
                        </select>
                        {move || correctable_input(entity_of(&target.get()), &corrected.get())
                            .map(|(name, input)| view! { <Field form=amendment name input /> })}
                        {AMENDMENT_FORM.iter().map(|(name, input)| view! { <Field form=amendment name=*name input=*input /> }).collect_view()}
                        <button class="button primary" id="amendment-save" on:click=move |_| { add_amendment.dispatch(()); }>
                            {move || context.t(i18n::ADD_AMENDMENT)}
                        </button>
                    </div>
                })}
            })}
        </section>
    }
}

/// What an amendment corrects, by the target chosen: "" for the inspection.
fn entity_of(target: &str) -> AmendableEntity {
    match target {
        "" => AmendableEntity::Inspection,
        _ => AmendableEntity::Finding,
    }
}

/// The form a correction of `entity` reads its inputs from.
fn form_of(entity: AmendableEntity) -> &'static [(&'static str, Input)] {
    match entity {
        AmendableEntity::Inspection => crate::pages::inspection_form::FORM,
        AmendableEntity::Finding => crate::pages::finding_form::FORM,
    }
}

/// The field `name` of `entity` an amendment may correct, with its input.
fn correctable_input(entity: AmendableEntity, name: &str) -> Option<(&'static str, Input)> {
    correctable(entity)
        .contains(&name)
        .then(|| {
            form_of(entity)
                .iter()
                .find(|(field, _)| *field == name)
                .copied()
        })
        .flatten()
}

/// The office's decision on a finding, as the tablet holds it: the action, its number and
/// where it stands.
fn office_decision(device: &Device, finding: Uuid, lang: Lang) -> Option<String> {
    device.state.with(|state| {
        let decision = state.record(decision_id(finding))?;
        let action = decision.text("decided_action")?;
        let standing = DecisionState::parse(decision.text("state")?).ok()?;
        let action = device.code_tables.with(|tables| {
            tables
                .administrative_actions
                .label_of(action, lang)
                .to_string()
        });
        Some(format!(
            "{} · {} · {}",
            action,
            decision.text("decision_number")?,
            standing.label(lang)
        ))
    })
}
