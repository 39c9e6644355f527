//! The voter-list cross-check: a coordinator or the Kanwil uploads an extract of the
//! voter list (DPT), sees which rows matched foreign nationals in its region and which
//! rows could not be checked, reviews each match (a confirmed foreign national,
//! naturalised, reported to KPU and Bawaslu) and downloads the annex to the letter, or
//! prints it under the office's header ([`super::voter_list_annex`]).

use crate::api::{self, Refusal};
use crate::{OfficeContext, i18n};
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::Lang;
use pantau_shared::lang::Label;
use pantau_shared::voter_list::{
    CheckSummary, MatchStatus, MatchStrength, NikConcern, NikHolder, RowProblem, VoterMatch,
};
use serde_json::json;

/// The address of the voter-list check.
pub const VOTER_LIST_PATH: &str = "/kantor/dpt";

/// Why the server refused an extract or a review, in the reader's language.
fn refusal_text(refusal: &Refusal, lang: Lang) -> String {
    let reason = match refusal.failure.code() {
        "missing_column" => {
            let column = refusal.field.clone().unwrap_or_default();
            return format!("{column}: {}", i18n::ERROR_MISSING_COLUMN.get(lang));
        }
        "bad_encoding" => i18n::ERROR_ENCODING,
        "too_large" => {
            // The server's message names its limit, which is a setting.
            let limit = match &refusal.failure {
                app::api::ApiFailure::Server { message, .. } => message
                    .split_once("at most ")
                    .and_then(|(_, rest)| rest.split(';').next())
                    .unwrap_or_default(),
                _ => "",
            };
            return format!("{} ({limit})", i18n::ERROR_TOO_LARGE.get(lang));
        }
        "empty_file" => i18n::ERROR_EMPTY_FILE,
        "malformed_csv" | "upload_broken" => i18n::ERROR_NOT_CSV,
        "bad_transition" | "match_changed" | "not_found" => i18n::ERROR_MATCH_CHANGED,
        "required" => {
            return format!(
                "{}: {}",
                i18n::MATCH_NOTE.get(lang),
                i18n::REASON_REQUIRED.get(lang)
            );
        }
        "too_long" => i18n::REASON_TOO_LONG,
        _ => super::admin::failure_label(&refusal.failure),
    };
    reason.get(lang).to_string()
}

/// Why a row of the extract could not be checked.
fn problem_reason(problem: &RowProblem, lang: Lang) -> &'static str {
    match problem.code.as_str() {
        "invalid_format" | "invalid_nik" => i18n::REASON_BAD_NIK.get(lang),
        "invalid_date" => i18n::REASON_DATE.get(lang),
        "required" => i18n::REASON_REQUIRED.get(lang),
        _ => i18n::REASON_NOT_ALLOWED.get(lang),
    }
}

#[component]
pub fn VoterListPage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let summary = RwSignal::new(None::<CheckSummary>);
    let refusal = RwSignal::new(None::<Refusal>);
    let checking = RwSignal::new(false);
    let no_file = RwSignal::new(false);
    let reload = RwSignal::new(0u32);
    let filter = RwSignal::new(String::new());
    let download_failed = RwSignal::new(false);
    let file_input = NodeRef::<leptos::html::Input>::new();
    let check = move |_| {
        let file = file_input
            .get_untracked()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        no_file.set(file.is_none());
        let Some(file) = file else { return };
        let token = context.token().unwrap_or_default();
        checking.set(true);
        refusal.set(None);
        summary.set(None);
        spawn_local(async move {
            match api::check_voter_list(&token, &file).await {
                Ok(found) => {
                    summary.set(Some(found));
                    reload.update(|n| *n += 1);
                }
                Err(refused) => refusal.set(Some(refused)),
            }
            checking.set(false);
        });
    };
    let matches = LocalResource::new(move || {
        reload.track();
        let status = filter.get();
        let token = context.token().unwrap_or_default();
        async move {
            let status = (!status.is_empty()).then_some(status);
            api::voter_matches(&token, status.as_deref()).await
        }
    });
    let annex = move |_| {
        let token = context.token().unwrap_or_default();
        spawn_local(async move {
            match api::download(&token, "/api/voter-list/annex.xlsx", "lampiran-dpt.xlsx").await {
                Ok((bytes, name)) => {
                    download_failed.set(super::table::save_file(&bytes, &name).is_none());
                }
                Err(_) => download_failed.set(true),
            }
        });
    };
    let printing = RwSignal::new(false);
    let close_print = Callback::new(move |()| printing.set(false));
    let page = view! {
        <h1>{move || t(i18n::NAV_VOTER_LIST)}</h1>
        <p class="muted">{move || t(i18n::VOTER_LIST_HINT)}</p>
        <section class="form dpt-upload">
            <label class="field">
                <span>{move || t(i18n::VOTER_LIST_FILE)}</span>
                <input type="file" id="dpt-file" accept=".csv,text/csv" node_ref=file_input />
            </label>
            <button class="button primary" id="dpt-check" on:click=check disabled=move || checking.get()>
                {move || t(i18n::VOTER_LIST_CHECK)}
            </button>
            <Show when=move || checking.get()>
                <p class="muted" id="dpt-checking" role="status">{move || t(i18n::VOTER_LIST_CHECKING)}</p>
            </Show>
            <Show when=move || no_file.get()>
                <p class="form-error" role="alert">{move || t(i18n::VOTER_LIST_CHOOSE_FILE)}</p>
            </Show>
            {move || refusal.get().map(|refused| view! {
                <p class="form-error" id="dpt-error" role="alert">{refusal_text(&refused, context.lang.get())}</p>
            })}
        </section>
        {move || summary.get().map(|found| summary_view(found, context.lang.get()))}
        <section class="dpt-matches">
            <div class="report-actions">
                <label class="field">
                    <span>{move || t(i18n::CASE_REVIEW_SHOW)}</span>
                    <select id="dpt-filter" on:change=move |ev| filter.set(event_target_value(&ev))>
                        <option value="">{move || t(i18n::ALL_VALUES)}</option>
                        {MatchStatus::ALL.iter().map(|status| view! {
                            <option value=status.code()>{move || status.label(context.lang.get())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button class="button secondary" id="dpt-annex" on:click=annex>
                    {move || t(i18n::DOWNLOAD_ANNEX)}
                </button>
                <button class="button secondary" id="dpt-print-annex" on:click=move |_| printing.set(true)>
                    {move || t(i18n::PRINT_ANNEX)}
                </button>
            </div>
            <Show when=move || download_failed.get()>
                <p class="form-error" id="dpt-download-error">{move || t(i18n::ERROR_DOWNLOAD)}</p>
            </Show>
            <Suspense fallback=move || view! { <p>{move || t(i18n::LOADING)}</p> }>
                {move || matches.get().map(|answer| match answer {
                    Err(failure) => view! {
                        <p class="form-error" role="alert">{move || t(super::reading_failure_label(&failure))}</p>
                    }.into_any(),
                    Ok(page) if page.items.is_empty() => view! {
                        <p id="dpt-empty">{move || t(i18n::MATCHES_EMPTY)}</p>
                    }.into_any(),
                    Ok(page) => {
                        let today = super::table::ymd(&js_sys::Date::new_0());
                        let rows = page.items.into_iter().map(|found| {
                            view! { <MatchRow found=found today=today.clone() reload=reload /> }
                        }).collect_view();
                        view! {
                            <div class="table-scroll"><table class="admin-table" id="dpt-matches">
                                <thead><tr>
                                    <th>{t(i18n::FOREIGN_NATIONAL)}</th>
                                    <th>{t(i18n::PERMIT)}</th>
                                    <th>{t(i18n::VOTER_ROW)}</th>
                                    <th>{t(i18n::MATCH_STRENGTH)}</th>
                                    <th>{t(i18n::COLUMN_STATUS)}</th>
                                    <th>{t(i18n::MATCH_NEXT)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table></div>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
        <NikHolderList reload=reload />
    };
    // The printed annex stands alone on the page, as it goes on paper.
    view! {
        // Kept, not dropped, so the check's answer is still there on the way back.
        <div style:display=move || if printing.get() { "none" } else { "block" }>{page}</div>
        <Show when=move || printing.get()>
            <super::voter_list_annex::AnnexPrint close=close_print />
        </Show>
    }
}

/// The foreign nationals of the region holding a KTP-el number, those who may not hold
/// one (no ITAP, or an ITAP that has ended) first.
#[component]
fn NikHolderList(reload: RwSignal<u32>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let holders = LocalResource::new(move || {
        reload.track();
        let token = context.token().unwrap_or_default();
        async move { api::nik_holders(&token).await }
    });
    view! {
        <section class="nik-holders">
            <h2>{move || t(i18n::NIK_HOLDERS)}</h2>
            <p class="muted">{move || t(i18n::NIK_HOLDERS_HINT)}</p>
            <Suspense fallback=move || view! { <p>{move || t(i18n::LOADING)}</p> }>
                {move || holders.get().map(|answer| match answer {
                    Err(failure) => view! {
                        <p class="form-error" role="alert">{move || t(super::reading_failure_label(&failure))}</p>
                    }.into_any(),
                    Ok(list) if list.items.is_empty() => view! {
                        <p id="nik-holders-empty">{move || t(i18n::NIK_HOLDERS_EMPTY)}</p>
                    }.into_any(),
                    Ok(list) => {
                        let lang = context.lang.get_untracked();
                        let rows = list.items.into_iter().map(|holder| nik_holder_row(holder, lang)).collect_view();
                        view! {
                            <div class="table-scroll"><table class="admin-table" id="nik-holders">
                                <thead><tr>
                                    <th>{t(i18n::FOREIGN_NATIONAL)}</th>
                                    <th>"NIK"</th>
                                    <th>{t(i18n::PERMIT)}</th>
                                    <th>{t(i18n::REGION)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table></div>
                        }.into_any()
                    }
                })}
            </Suspense>
        </section>
    }
}

fn nik_holder_row(holder: NikHolder, lang: Lang) -> impl IntoView {
    let concern = holder
        .concern
        .as_deref()
        .and_then(|code| NikConcern::parse(code).ok());
    let region = pantau_shared::wilayah::name_of(&holder.region_code)
        .unwrap_or(&holder.region_code)
        .to_string();
    view! {
        <tr data-concern=holder.concern.clone().unwrap_or_default()>
            <td>
                {holder.full_name.clone().unwrap_or_default()}
                " (" {holder.nationality.clone().unwrap_or_default()} ")"
                {holder.naturalised.then(|| view! { " " <span class="badge">{i18n::MARKED_NATURALISED.get(lang)}</span> })}
            </td>
            <td>{holder.nik.clone()}</td>
            <td>
                {holder.permit_type.clone().unwrap_or_else(|| "—".into())}
                " · " {holder.permit_expiry.clone().unwrap_or_default()}
                {concern.map(|concern| view! { " " <span class="badge warn">{concern.label(lang)}</span> })}
            </td>
            <td>{region}</td>
        </tr>
    }
}

fn summary_view(found: CheckSummary, lang: Lang) -> impl IntoView {
    let figure = |label: Label, value: String| {
        view! { <dt>{label.get(lang)}</dt><dd>{value}</dd> }
    };
    let listed = found.problems.len() as u64;
    let problems = (!found.problems.is_empty()).then(|| {
        let rows = found
            .problems
            .iter()
            .map(|problem| {
                view! {
                    <tr>
                        <td class="number">{problem.line}</td>
                        <td>{problem.field.clone()}</td>
                        <td>{problem_reason(problem, lang)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="admin-table" id="dpt-problems">
                <thead><tr>
                    <th>{i18n::LINE.get(lang)}</th>
                    <th>{i18n::COLUMN.get(lang)}</th>
                    <th>{i18n::REASON.get(lang)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    });
    let more = (found.rows_refused > listed)
        .then(|| view! { <p class="muted">{i18n::MORE_PROBLEMS.get(lang)}</p> });
    view! {
        <section id="dpt-summary" role="status">
            <dl class="facts">
                {figure(i18n::ROWS_READ, found.rows_read.to_string())}
                {figure(i18n::FOREIGNERS_COMPARED, found.foreigners_checked.to_string())}
                {figure(i18n::MATCHES_FOUND, format!("{} ({} {})", found.matches_found, found.matches_new, i18n::MATCHES_NEW.get(lang)))}
                {figure(i18n::ROWS_REFUSED, found.rows_refused.to_string())}
            </dl>
            {problems}
            {more}
        </section>
    }
}

/// One match: the foreign national, their permit standing, the voter-list row, and the
/// review with its history and the next steps allowed.
#[component]
fn MatchRow(found: VoterMatch, today: String, reload: RwSignal<u32>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let lang = context.lang.get_untracked();
    let status = MatchStatus::parse(&found.status).unwrap_or(MatchStatus::Unreviewed);
    let strength = MatchStrength::parse(&found.strength).ok();
    let next_steps: Vec<MatchStatus> = MatchStatus::ALL
        .iter()
        .copied()
        .filter(|next| status.may_become(*next))
        .collect();
    // Only ITAP holders may hold a KTP-el: say when this one is not, or no longer is.
    let standing = NikConcern::of(
        found.permit_type.as_deref(),
        found.permit_expiry.as_deref(),
        &today,
    );
    let id = found.id.clone();
    let next = RwSignal::new(
        next_steps
            .first()
            .map_or(String::new(), |s| s.code().to_string()),
    );
    let note = RwSignal::new(String::new());
    let refusal = RwSignal::new(None::<Refusal>);
    let save = {
        let id = id.clone();
        move |_| {
            let token = context.token().unwrap_or_default();
            let id = id.clone();
            let note_text = note.get_untracked();
            let body = json!({
                "status": next.get_untracked(),
                "note": (!note_text.trim().is_empty()).then(|| note_text.trim().to_string()),
            });
            spawn_local(async move {
                match api::review_voter_match(&token, &id, &body).await {
                    Ok(()) => reload.update(|n| *n += 1),
                    Err(refused) => {
                        let changed =
                            matches!(refused.failure.code(), "bad_transition" | "match_changed");
                        refusal.set(Some(refused));
                        if changed {
                            reload.update(|n| *n += 1);
                        }
                    }
                }
            });
        }
    };
    let history = found
        .reviews
        .iter()
        .map(|review| {
            let label = MatchStatus::parse(&review.status)
                .map_or(review.status.clone(), |s| s.label(lang).to_string());
            let who = review
                .reviewed_by_name
                .clone()
                .unwrap_or_else(|| review.reviewed_by.clone());
            let note = review
                .note
                .as_ref()
                .map(|note| format!(" — {note}"))
                .unwrap_or_default();
            view! {
                <li>{format!("{label}: {who}, {}{note}", super::admin::local_time(review.reviewed_at_ms))}</li>
            }
        })
        .collect_view();
    let row_id = format!("match-{id}");
    let actions = (!next_steps.is_empty()).then(|| {
        view! {
            <select class="match-next" on:change=move |ev| next.set(event_target_value(&ev))>
                {next_steps.iter().map(|step| view! {
                    <option value=step.code()>{step.label(lang)}</option>
                }).collect_view()}
            </select>
            <input class="match-note" type="text" autocomplete="off"
                placeholder=move || t(i18n::MATCH_NOTE)
                prop:value=move || note.get()
                on:input=move |ev| note.set(event_target_value(&ev)) />
            <button class="button secondary match-save" on:click=save>{move || t(i18n::SAVE_REVIEW)}</button>
        }
    });
    view! {
        <tr id=row_id data-status=found.status.clone()>
            <td>
                {found.full_name.clone().unwrap_or_default()}
                " (" {found.nationality.clone().unwrap_or_default()} ")"
                {found.marked_naturalised.then(|| view! { " " <span class="badge">{t(i18n::MARKED_NATURALISED)}</span> })}
                <br /><span class="muted">{found.date_of_birth.clone().unwrap_or_default()}</span>
            </td>
            <td>
                {found.permit_type.clone().unwrap_or_else(|| "—".into())}
                " · " {found.permit_expiry.clone().unwrap_or_default()}
                {standing.map(|concern| view! { " " <span class="badge warn">{concern.label(lang)}</span> })}
            </td>
            <td>
                {found.voter_name.clone()} <br />
                <span class="muted">{format!("NIK {} · TPS {} · {}", found.voter_nik, found.tps, found.kelurahan)}</span>
            </td>
            <td>
                {strength.map_or(found.strength.clone(), |s| s.label(lang).to_string())}
                {(strength == Some(MatchStrength::NameBirth)).then(|| view! { " " <span class="badge warn">"?"</span> })}
            </td>
            <td class="match-status">
                {status.label(lang)}
                <ul class="match-history" aria-label=move || t(i18n::MATCH_HISTORY)>{history}</ul>
            </td>
            <td class="match-actions">
                {actions}
                {move || refusal.get().map(|refused| view! {
                    <p class="form-error" role="alert">{refusal_text(&refused, context.lang.get())}</p>
                })}
            </td>
        </tr>
    }
}
