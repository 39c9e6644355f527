//! Case review: the findings of finalized inspections awaiting the office's decision,
//! oldest first, with their age and those overdue marked. A coordinator opens one, reads
//! what the field found and recommended, and records the decided action; later, that it
//! was carried out or cancelled. The Kanwil reads the same queue and decisions for its
//! province, with no buttons: deciding is the team's immigration office's.

use crate::api::{self, Refusal};
use crate::{OfficeContext, i18n};
use app::components::permit_badge::rupiah;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::Lang;
use pantau_shared::code_table::DatedCode;
use pantau_shared::decision::{DecisionState, ReviewFilter, ReviewItem};
use pantau_shared::identity::IsoDate;
use pantau_shared::inspection::FieldAction;
use pantau_shared::lang::Label;
use pantau_shared::signing::SignatureCheck;
use pantau_shared::team::Role;
use serde_json::{Value, json};

/// The address of the review queue.
pub const CASE_REVIEW_PATH: &str = "/kantor/tinjauan";

/// A code's label, or the code where it is unknown.
fn label_of<T: Copy>(
    code: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    label: impl Fn(T, Lang) -> &'static str,
    lang: Lang,
) -> String {
    match code {
        None => "—".to_string(),
        Some(code) => {
            parse(code).map_or_else(|| code.to_string(), |value| label(value, lang).to_string())
        }
    }
}

/// An administrative action by its name in the table; "—" for none.
fn action_label(code: Option<&str>, lang: Lang) -> String {
    code.map_or_else(
        || "—".to_string(),
        |code| expect_context::<OfficeContext>().action_label(code, lang),
    )
}

fn state_label(code: Option<&str>, lang: Lang) -> String {
    label_of(
        code,
        |c| DecisionState::parse(c).ok(),
        DecisionState::label,
        lang,
    )
}

fn violations_text(codes: &[String], lang: Lang) -> String {
    if codes.is_empty() {
        return "—".to_string();
    }
    let context = expect_context::<OfficeContext>();
    codes
        .iter()
        .map(|code| context.violation_label(code, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

fn decision_text(item: &ReviewItem, field: &str) -> Option<String> {
    match item.decision.as_ref()?.get(field)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Why the server refused a decision, in the reviewer's language.
fn refusal_text(refusal: &Refusal, lang: Lang) -> String {
    let reason = match refusal.failure.code() {
        "required" => i18n::REASON_REQUIRED,
        "too_early" if refusal.field.as_deref() == Some("decision_date") => {
            i18n::REASON_BEFORE_INSPECTION
        }
        "too_early" => i18n::REASON_BEFORE_DECISION,
        "not_allowed_value" => i18n::REASON_NOT_ALLOWED,
        "too_long" => i18n::REASON_TOO_LONG,
        "invalid_date" => i18n::REASON_DATE,
        "already_decided" | "decision_closed" | "not_found" => i18n::ERROR_CASE_CHANGED,
        "forbidden" => i18n::ERROR_NOT_YOURS,
        _ => super::admin::failure_label(&refusal.failure),
    };
    let field = match refusal.field.as_deref() {
        _ if refusal.failure.code() == "not_found" => None,
        Some("decided_action") => Some(i18n::DECIDED_ACTION.get(lang).to_string()),
        Some("decision_number") => Some(i18n::DECISION_NUMBER.get(lang).to_string()),
        Some("decision_date") => Some(i18n::DECISION_DATE.get(lang).to_string()),
        Some("carried_out_on") => Some(i18n::CARRIED_OUT_ON.get(lang).to_string()),
        Some("receipt_number") => Some(i18n::RECEIPT_NUMBER.get(lang).to_string()),
        Some("cancel_reason") => Some(i18n::CANCEL_REASON.get(lang).to_string()),
        Some("notes") => Some(i18n::DECISION_NOTES.get(lang).to_string()),
        Some(other) => Some(app::i18n::fields::field_name(other, lang)),
        None => None,
    };
    match field {
        Some(field) => format!("{field}: {}", reason.get(lang)),
        None => reason.get(lang).to_string(),
    }
}

/// Who signed the finalization, on which device, its receipt, and anything stored that
/// is no longer as signed.
fn signature_text(check: Option<&SignatureCheck>, lang: Lang) -> String {
    let Some(check) = check else {
        return i18n::NOT_SIGNED.get(lang).to_string();
    };
    let signed = match lang {
        Lang::Id => format!(
            "Ditandatangani oleh {} di {}, tanda terima #{}",
            check.officer, check.device, check.receipt_index
        ),
        Lang::En => format!(
            "Signed by {} on {}, receipt #{}",
            check.officer, check.device, check.receipt_index
        ),
    };
    if check.differing.is_empty() {
        return signed;
    }
    format!(
        "{signed} — {}: {}",
        i18n::DIFFERS_FROM_SIGNED.get(lang),
        check.differing.join(", ")
    )
}

#[component]
pub fn CaseReviewPage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let decides = context
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.officer.role))
        == Some(Role::Coordinator);
    let filter = RwSignal::new(ReviewFilter::Awaiting);
    let reload = RwSignal::new(0u32);
    let open = RwSignal::new(None::<String>);
    let queue = LocalResource::new(move || {
        reload.track();
        let state = filter.get().code();
        let token = context.token().unwrap_or_default();
        async move { api::review_queue(&token, state).await }
    });
    let t = move |label: Label| context.t(label);
    view! {
        <h1>{move || t(i18n::NAV_CASE_REVIEW)}</h1>
        <p class="muted">{move || t(if decides { i18n::CASE_REVIEW_HINT } else { i18n::CASE_REVIEW_READ_ONLY })}</p>
        <label class="field">
            <span>{move || t(i18n::CASE_REVIEW_SHOW)}</span>
            <select
                id="review-filter"
                on:change=move |ev| {
                    if let Ok(chosen) = ReviewFilter::parse(&event_target_value(&ev)) {
                        open.set(None);
                        filter.set(chosen);
                    }
                }
            >
                {ReviewFilter::ALL.iter().map(|choice| {
                    let code = choice.code();
                    view! {
                        <option value=code selected=move || filter.get() == *choice>
                            {move || choice.label(context.lang.get())}
                        </option>
                    }
                }).collect_view()}
            </select>
        </label>
        <Suspense fallback=move || view! { <p>{move || t(i18n::LOADING)}</p> }>
            {move || queue.get().map(|answer| match answer {
                Err(failure) => view! {
                    <p class="form-error" role="alert">{move || t(super::reading_failure_label(&failure))}</p>
                }.into_any(),
                Ok(queue) if queue.items.is_empty() => view! {
                    <p id="review-empty">{move || t(i18n::CASE_REVIEW_EMPTY)}</p>
                }.into_any(),
                Ok(queue) => {
                    let lang = context.lang.get_untracked();
                    let rows = queue.items.into_iter().map(|item| {
                        let id = item.finding_id.to_string();
                        let row_id = format!("review-{id}");
                        let overdue = item.overdue;
                        let shown = id.clone();
                        view! {
                            <tr id=row_id class:overdue=overdue>
                                <td>
                                    {format!("{} {}", item.age_days, t(i18n::DAYS))}
                                    {overdue.then(|| view! { " " <span class="badge warn">{t(i18n::REVIEW_OVERDUE)}</span> })}
                                </td>
                                <td>{item.inspected_on.clone()}</td>
                                <td>
                                    {item.full_name.clone().unwrap_or_default()}
                                    " (" {item.nationality.clone().unwrap_or_default()} ")"
                                </td>
                                <td>{pantau_shared::wilayah::name_of(&item.region_code).unwrap_or(&item.region_code).to_string()}</td>
                                <td>{violations_text(&item.violations, lang)}</td>
                                <td>{action_label(item.recommended_action.as_deref(), lang)}</td>
                                <td>
                                    <button class="button secondary" on:click=move |_| {
                                        open.update(|o| *o = if o.as_deref() == Some(shown.as_str()) { None } else { Some(shown.clone()) })
                                    }>
                                        {t(i18n::OPEN_CASE)}
                                    </button>
                                </td>
                            </tr>
                            <Show when={ let id = id.clone(); move || open.get().as_deref() == Some(id.as_str()) }>
                                <tr class="case-detail">
                                    <td colspan="7">
                                        <CaseDetail item=item.clone() decides=decides reload=reload />
                                    </td>
                                </tr>
                            </Show>
                        }
                    }).collect_view();
                    view! {
                        <p id="review-total">{format!("{}: {}", t(i18n::CASE_REVIEW_TOTAL), queue.total)}</p>
                        <div class="table-scroll"><table class="admin-table" id="review-queue">
                            <thead><tr>
                                <th>{t(i18n::AGE)}</th>
                                <th>{t(i18n::INSPECTED_ON)}</th>
                                <th>{t(i18n::FOREIGN_NATIONAL)}</th>
                                <th>{t(i18n::REGION)}</th>
                                <th>{t(i18n::VIOLATIONS)}</th>
                                <th>{t(i18n::FIELD_RECOMMENDATION)}</th>
                                <th></th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table></div>
                    }.into_any()
                }
            })}
        </Suspense>
    }
}

/// One finding opened: what the field found, and the decision or the form to make it.
#[component]
fn CaseDetail(item: ReviewItem, decides: bool, reload: RwSignal<u32>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let lang = context.lang.get_untracked();
    let state = decision_text(&item, "state").and_then(|s| DecisionState::parse(&s).ok());
    let fact = |label: Label, value: String| {
        view! { <dt>{t(label)}</dt><dd>{value}</dd> }
    };
    let overstay = if item.overstay_days > 0 {
        format!(
            "{} {} · {}",
            item.overstay_days,
            t(i18n::DAYS),
            rupiah(item.overstay_fee_idr)
        )
    } else {
        "—".to_string()
    };
    let facts = view! {
        <dl class="facts">
            {fact(i18n::PLACE, item.place_name.clone().unwrap_or_default())}
            {fact(i18n::WARRANT, item.warrant_number.clone().unwrap_or_else(|| "—".into()))}
            {fact(i18n::PERMIT, format!("{} · {}", item.permit_type.clone().unwrap_or_default(), item.permit_expiry.clone().unwrap_or_default()))}
            {fact(i18n::OVERSTAY_AT_INSPECTION, overstay)}
            {fact(i18n::FIELD_ACTION, label_of(item.field_action.as_deref(), |c| FieldAction::parse(c).ok(), FieldAction::label, lang))}
            {fact(i18n::FIELD_RECOMMENDATION, action_label(item.recommended_action.as_deref(), lang))}
            {fact(i18n::PHOTOS, item.photos.len().to_string())}
            {fact(i18n::FIELD_NOTES, item.notes.clone().unwrap_or_else(|| "—".into()))}
            <dt>{t(i18n::SIGNATURE)}</dt>
            <dd id="case-signature">{signature_text(item.signature.as_ref(), lang)}</dd>
        </dl>
    };
    let decision = item.decision.as_ref().map(|_| {
        let stored_fee = decision_text(&item, "overstay_fee_idr")
            .and_then(|fee| fee.parse::<f64>().ok())
            .map_or_else(|| "—".to_string(), |fee| rupiah(fee as u64));
        view! {
            <h3>{t(i18n::DECISION)}</h3>
            <dl class="facts" id="decision-facts">
                {fact(i18n::DECISION_STATE, state_label(decision_text(&item, "state").as_deref(), lang))}
                {fact(i18n::DECIDED_ACTION, action_label(decision_text(&item, "decided_action").as_deref(), lang))}
                {fact(i18n::DECISION_NUMBER, decision_text(&item, "decision_number").unwrap_or_default())}
                {fact(i18n::DECISION_DATE, decision_text(&item, "decision_date").unwrap_or_default())}
                {fact(i18n::STORED_FEE, stored_fee)}
                {fact(i18n::CARRIED_OUT_ON, decision_text(&item, "carried_out_on").unwrap_or_else(|| "—".into()))}
                {fact(i18n::RECEIPT_NUMBER, decision_text(&item, "receipt_number").unwrap_or_else(|| "—".into()))}
                {fact(i18n::CANCEL_REASON, decision_text(&item, "cancel_reason").unwrap_or_else(|| "—".into()))}
            </dl>
        }
    });
    let finding_id = item.finding_id.to_string();
    let form = match (decides, state) {
        (true, None) => {
            Some(view! { <DecisionForm finding_id=finding_id reload=reload /> }.into_any())
        }
        (true, Some(DecisionState::Decided)) => {
            Some(view! { <CloseForm finding_id=finding_id reload=reload /> }.into_any())
        }
        _ => None,
    };
    let photos =
        (!item.photos.is_empty()).then(|| view! { <CasePhotos ids=item.photos.clone() /> });
    view! { <div class="case">{facts}{photos}{decision}{form}</div> }
}

/// The finding's photos, fetched with the session (they are personal data: every view
/// is on the access log) and shown from memory.
#[component]
fn CasePhotos(ids: Vec<String>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let shown_urls = StoredValue::new(Vec::<String>::new());
    on_cleanup(move || {
        for url in shown_urls.get_value() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let photos = LocalResource::new(move || {
        let token = context.token().unwrap_or_default();
        let ids = ids.clone();
        async move {
            let mut shown = Vec::new();
            for id in ids {
                let url = format!("/api/attachments/{id}");
                if let Ok((bytes, _)) = api::download(&token, &url, &id).await {
                    shown.extend(app::photos::object_url(&bytes));
                }
            }
            shown
        }
    });
    view! {
        <div class="case-photos" id="case-photos">
            {move || photos.get().inspect(|urls| shown_urls.set_value(urls.clone())).map(|urls| urls.into_iter().map(|url| view! {
                <img class="case-photo" src=url alt=move || context.t(i18n::PHOTOS) />
            }).collect_view())}
        </div>
    }
}

/// Sends a decision form and shows the refusal, or reloads the queue.
fn send_decision(
    context: OfficeContext,
    finding_id: String,
    creates: bool,
    body: Value,
    refusal: RwSignal<Option<Refusal>>,
    reload: RwSignal<u32>,
) {
    let token = context.token().unwrap_or_default();
    spawn_local(async move {
        match api::save_decision(&token, &finding_id, creates, &body).await {
            Ok(()) => {
                refusal.set(None);
                reload.update(|n| *n += 1);
            }
            Err(refused) => refusal.set(Some(refused)),
        }
    });
}

fn refusal_line(context: OfficeContext, refusal: RwSignal<Option<Refusal>>) -> impl IntoView {
    move || {
        refusal.get().map(|refused| {
            view! { <p class="form-error" id="decision-error" role="alert">{refusal_text(&refused, context.lang.get())}</p> }
        })
    }
}

fn input(id: &'static str, kind: &'static str, value: RwSignal<String>) -> impl IntoView {
    view! {
        <input id=id type=kind autocomplete="off"
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev)) />
    }
}

/// Today's date in the browser, `YYYY-MM-DD`.
fn today() -> String {
    super::table::ymd(&js_sys::Date::new_0())
}

#[component]
fn DecisionForm(finding_id: String, reload: RwSignal<u32>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let action = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let date = RwSignal::new(today());
    let notes = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<Refusal>);
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let text = |value: RwSignal<String>| {
            let value = value.get_untracked();
            if value.trim().is_empty() {
                Value::Null
            } else {
                json!(value.trim())
            }
        };
        let body = json!({
            "decided_action": text(action),
            "decision_number": text(number),
            "decision_date": text(date),
            "notes": text(notes),
        });
        send_decision(context, finding_id.clone(), true, body, refusal, reload);
    };
    view! {
        <form class="form" id="decision-form" on:submit=submit>
            <h3>{move || t(i18n::RECORD_DECISION)}</h3>
            <label class="field">
                <span>{move || t(i18n::DECIDED_ACTION)}</span>
                <select id="decided-action" on:change=move |ev| action.set(event_target_value(&ev))>
                    <option value="">"—"</option>
                    {move || {
                        let lang = context.lang.get();
                        let day = date.get();
                        context.code_tables.with(|tables| {
                            let on = IsoDate::parse(&day).ok();
                            tables
                                .administrative_actions
                                .0
                                .iter()
                                .filter(|choice| on.is_none_or(|day| choice.in_force_on(day)))
                                .map(|choice| view! {
                                    <option value=choice.code.clone() selected=choice.code == action.get_untracked()>{choice.label(lang).to_string()}</option>
                                })
                                .collect_view()
                        })
                    }}
                </select>
            </label>
            <label class="field">
                <span>{move || t(i18n::DECISION_NUMBER)}</span>
                {input("decision-number", "text", number)}
            </label>
            <label class="field">
                <span>{move || t(i18n::DECISION_DATE)}</span>
                {input("decision-date", "date", date)}
            </label>
            <label class="field">
                <span>{move || t(i18n::DECISION_NOTES)}</span>
                {input("decision-notes", "text", notes)}
            </label>
            {refusal_line(context, refusal)}
            <button class="button" type="submit" id="save-decision">{move || t(i18n::SAVE_DECISION)}</button>
        </form>
    }
}

/// Records a decided case as carried out, or cancels it with a reason.
#[component]
fn CloseForm(finding_id: String, reload: RwSignal<u32>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let carried_on = RwSignal::new(today());
    let receipt = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<Refusal>);
    let close = move |state: DecisionState| {
        let filled: &[(&str, RwSignal<String>)] = match state {
            DecisionState::CarriedOut => {
                &[("carried_out_on", carried_on), ("receipt_number", receipt)]
            }
            _ => &[("cancel_reason", reason)],
        };
        let mut body = serde_json::Map::new();
        body.insert("state".into(), json!(state.code()));
        for (name, value) in filled {
            let value = value.get_untracked();
            if !value.trim().is_empty() {
                body.insert(name.to_string(), json!(value.trim()));
            }
        }
        send_decision(
            context,
            finding_id.clone(),
            false,
            Value::Object(body),
            refusal,
            reload,
        );
    };
    let close_again = close.clone();
    view! {
        <div class="form" id="close-form">
            <h3>{move || t(i18n::CARRY_OUT_OR_CANCEL)}</h3>
            <label class="field">
                <span>{move || t(i18n::CARRIED_OUT_ON)}</span>
                {input("carried-out-on", "date", carried_on)}
            </label>
            <label class="field">
                <span>{move || t(i18n::RECEIPT_NUMBER)}</span>
                {input("receipt-number", "text", receipt)}
            </label>
            <button class="button" id="mark-carried-out" on:click=move |_| close(DecisionState::CarriedOut)>
                {move || t(i18n::MARK_CARRIED_OUT)}
            </button>
            <label class="field">
                <span>{move || t(i18n::CANCEL_REASON)}</span>
                {input("cancel-reason", "text", reason)}
            </label>
            <button class="button secondary" id="cancel-decision" on:click=move |_| close_again(DecisionState::Cancelled)>
                {move || t(i18n::CANCEL_DECISION)}
            </button>
            {refusal_line(context, refusal)}
        </div>
    }
}
