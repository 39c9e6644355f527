//! The annex to the letter to KPU and Bawaslu, as a page to print on A4: under the
//! office's header, the voter-list entries whose match a person confirmed as a foreign
//! national or reported, with the person the register holds. The same rows as the XLSX
//! annex.

use crate::{OfficeContext, api, i18n};
use leptos::prelude::*;
use pantau_shared::Lang;
use pantau_shared::lang::Label;
use pantau_shared::stats::{Dimension, key_label};
use pantau_shared::voter_list::{MatchStatus, MatchStrength, VoterMatch};

/// The matches an annex lists, in the order they were first found.
async fn annexed(token: String) -> Result<Vec<VoterMatch>, app::api::ApiFailure> {
    let mut rows = Vec::new();
    for status in [MatchStatus::Confirmed, MatchStatus::Reported] {
        rows.extend(api::voter_matches(&token, Some(status.code())).await?.items);
    }
    rows.sort_by_key(|found| found.first_found_at_ms);
    Ok(rows)
}

fn annex_row(number: usize, found: VoterMatch, lang: Lang) -> impl IntoView {
    let nationality = found
        .nationality
        .as_deref()
        .map(|code| {
            key_label(Dimension::Nationality, Some(code))
                .get(lang)
                .to_string()
        })
        .unwrap_or_default();
    let strength = MatchStrength::parse(&found.strength)
        .map_or(found.strength.clone(), |s| s.label(lang).to_string());
    let status = MatchStatus::parse(&found.status)
        .map_or(found.status.clone(), |s| s.label(lang).to_string());
    view! {
        <tr>
            <td>{number}</td>
            <td>{found.voter_nik}</td>
            <td>{found.voter_name}</td>
            <td>{found.tps}</td>
            <td>{found.kelurahan}</td>
            <td>{found.full_name.unwrap_or_default()}</td>
            <td>{nationality}</td>
            <td>{found.date_of_birth.unwrap_or_default()}</td>
            <td>{found.permit_type.unwrap_or_default()}</td>
            <td>{strength}</td>
            <td>{status}</td>
        </tr>
    }
}

/// The printable annex; `close` goes back to the check.
#[component]
pub fn AnnexPrint(close: Callback<()>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let rows = LocalResource::new(move || annexed(context.token().unwrap_or_default()));
    let today = super::table::ymd(&js_sys::Date::new_0());
    view! {
        <section class="card report-controls no-print">
            <button class="button primary" id="dpt-annex-print-now" on:click=move |_| {
                if let Some(window) = web_sys::window() {
                    let _ = window.print();
                }
            }>{move || t(i18n::PRINT)}</button>
            <button class="button secondary" id="dpt-annex-close" on:click=move |_| close.run(())>
                {move || t(i18n::BACK_TO_CHECK)}
            </button>
        </section>
        <article class="report" id="dpt-annex-page">
            <header class="report-header">
                <p class="report-office">{move || t(i18n::REPORT_OFFICE)}</p>
                <h1>{move || t(i18n::ANNEX_TITLE)}</h1>
                <p>{move || format!("{} {today}", t(i18n::DATE))}</p>
            </header>
            {move || rows.get().map(|answer| match answer {
                Err(failure) => view! {
                    <p class="form-error" role="alert">{move || t(super::reading_failure_label(&failure))}</p>
                }.into_any(),
                Ok(found) if found.is_empty() => view! {
                    <p id="dpt-annex-empty">{move || t(i18n::ANNEX_EMPTY)}</p>
                }.into_any(),
                Ok(found) => {
                    let lang = context.lang.get();
                    let lines = found
                        .into_iter()
                        .enumerate()
                        .map(|(n, found)| annex_row(n + 1, found, lang))
                        .collect_view();
                    view! {
                        <table class="admin-table report-table" id="dpt-annex-table">
                            <thead><tr>
                                <th>"No"</th>
                                <th>"NIK (DPT)"</th>
                                <th>{t(i18n::ANNEX_VOTER_NAME)}</th>
                                <th>"TPS"</th>
                                <th>"Kelurahan/Desa"</th>
                                <th>{t(i18n::FOREIGN_NATIONAL)}</th>
                                <th>{t(i18n::NATIONALITY)}</th>
                                <th>{t(i18n::DATE_OF_BIRTH)}</th>
                                <th>{t(i18n::PERMIT)}</th>
                                <th>{t(i18n::MATCH_STRENGTH)}</th>
                                <th>{t(i18n::COLUMN_STATUS)}</th>
                            </tr></thead>
                            <tbody>{lines}</tbody>
                        </table>
                    }.into_any()
                }
            })}
        </article>
    }
}
