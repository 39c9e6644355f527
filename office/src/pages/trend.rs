//! *Tren*: a dated measure month by month over the last twelve months, each beside the
//! same month a year earlier, as grouped bars and as a table. The measure, the region and
//! a filter come from the page's address (the same as the table's), so a view narrowed on
//! the map keeps its region here.

use super::table::{Question, ymd};
use super::{months_ending_now, year_before};
use crate::{OfficeContext, api, i18n};
use app::api::ApiFailure;
use leptos::prelude::*;
use pantau_shared::lang::{Label, Lang};
use pantau_shared::stats::{Dimension, Measure, key_label};

/// The address of the trends.
pub const TREND_PATH: &str = "/kantor/tren";

/// One month's count and the same month's a year earlier.
#[derive(Debug, Clone, PartialEq)]
struct MonthPair {
    month: String,
    count: i64,
    year_before: i64,
}

#[derive(Debug, Clone, PartialEq)]
struct Trend {
    months: Vec<MonthPair>,
    as_of: String,
}

/// The question made fit for a trend: a dated measure, over the 24 months shown.
fn trend_question(mut question: Question) -> Question {
    if !question.measure.is_dated() {
        question.measure = Measure::Inspections;
    }
    let months = months_ending_now(12);
    question.from = format!("{}-01", year_before(&months[0]));
    question.to = ymd(&js_sys::Date::new_0());
    question.valid()
}

async fn fetch(token: String, question: Question) -> Result<Trend, ApiFailure> {
    let question = trend_question(question);
    let answer = api::stats(&token, &question.api_query(&[Dimension::Month])).await?;
    let count_in = |month: &str| {
        answer
            .rows
            .iter()
            .find(|row| row.keys.first().and_then(|k| k.as_deref()) == Some(month))
            .map_or(0, |row| row.count)
    };
    let months = months_ending_now(12)
        .into_iter()
        .map(|month| MonthPair {
            count: count_in(&month),
            year_before: count_in(&year_before(&month)),
            month,
        })
        .collect();
    Ok(Trend {
        months,
        as_of: answer.as_of,
    })
}

/// Grouped bars: this year's month in the brand colour, the year before's in grey.
fn bars(months: &[MonthPair], lang: Lang) -> impl IntoView + use<> {
    let (width, height, base) = (600.0, 180.0, 160.0);
    let top = months
        .iter()
        .flat_map(|m| [m.count, m.year_before])
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let slot = width / months.len().max(1) as f64;
    let bar = slot * 0.35;
    let scale = |count: i64| count as f64 / top * (base - 10.0);
    let groups = months
        .iter()
        .enumerate()
        .map(|(n, pair)| {
            let x = n as f64 * slot + slot * 0.12;
            let label = key_label(Dimension::Month, Some(&pair.month));
            let short: String = label.get(lang).chars().take(3).collect();
            view! {
                <g class="trend-month" data-month=pair.month.clone()>
                    <rect class="trend-before" x=format!("{x:.1}") y=format!("{:.1}", base - scale(pair.year_before))
                        width=format!("{bar:.1}") height=format!("{:.1}", scale(pair.year_before))>
                        <title>{format!("{} {}: {}", year_before(&pair.month), label.get(lang), pair.year_before)}</title>
                    </rect>
                    <rect class="trend-now" x=format!("{:.1}", x + bar) y=format!("{:.1}", base - scale(pair.count))
                        width=format!("{bar:.1}") height=format!("{:.1}", scale(pair.count))>
                        <title>{format!("{}: {}", label.get(lang), pair.count)}</title>
                    </rect>
                    <text x=format!("{:.1}", x + bar) y="175" text-anchor="middle">{short}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="trend-chart" viewBox=format!("0 0 {width} {height}") role="img"
            aria-label=i18n::TREND_TITLE.get(lang)>
            <line x1="0" x2=width.to_string() y1=base.to_string() y2=base.to_string() class="trend-axis" />
            {groups}
        </svg>
    }
}

/// `+3`, `-2` or `0`.
fn signed(change: i64) -> String {
    if change > 0 {
        format!("+{change}")
    } else {
        change.to_string()
    }
}

fn failure_label(failure: &ApiFailure) -> Label {
    match failure.code() {
        "network" => app::i18n::ERROR_NO_CONNECTION,
        "invalid_query" | "forbidden_scope" => i18n::ERROR_QUERY,
        _ => app::i18n::ERROR_SERVER,
    }
}

fn table(trend: &Trend, lang: Lang) -> impl IntoView + use<> {
    let total_now: i64 = trend.months.iter().map(|m| m.count).sum();
    let total_before: i64 = trend.months.iter().map(|m| m.year_before).sum();
    let rows = trend
        .months
        .iter()
        .map(|pair| {
            view! {
                <tr data-month=pair.month.clone()>
                    <th scope="row">{key_label(Dimension::Month, Some(&pair.month)).get(lang).to_string()}</th>
                    <td class="number trend-count">{pair.count}</td>
                    <td class="number trend-year-before">{pair.year_before}</td>
                    <td class="number">{signed(pair.count - pair.year_before)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="admin-table" id="trend-table">
            <thead>
                <tr>
                    <th scope="col">{i18n::MONTH.get(lang)}</th>
                    <th scope="col" class="number">{i18n::TREND_THIS_YEAR.get(lang)}</th>
                    <th scope="col" class="number">{i18n::TREND_YEAR_BEFORE.get(lang)}</th>
                    <th scope="col" class="number">{i18n::TREND_CHANGE.get(lang)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
            <tfoot>
                <tr>
                    <th scope="row">{i18n::TOTAL.get(lang)}</th>
                    <th class="number" id="trend-total">{total_now}</th>
                    <th class="number" id="trend-total-before">{total_before}</th>
                    <th class="number">{signed(total_now - total_before)}</th>
                </tr>
            </tfoot>
        </table>
    }
}

#[component]
pub fn TrendPage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let question = RwSignal::new(trend_question(Question::from_search(&search)));
    Effect::new(move |_| {
        // The period is the trend's own; the address keeps what the table shares.
        let search = question.with(|q| {
            Question {
                from: String::new(),
                to: String::new(),
                ..q.clone()
            }
            .search()
        });
        super::show_in_address(&format!("{TREND_PATH}?{search}"));
    });
    let trend = LocalResource::new(move || {
        let (question, token) = (question.get(), context.token().unwrap_or_default());
        async move { fetch(token, question).await }
    });
    let dated: Vec<Measure> = Measure::ALL
        .iter()
        .copied()
        .filter(|m| m.is_dated())
        .collect();
    view! {
        <section class="card" id="trend">
            <h1>{move || context.t(i18n::TREND_TITLE)}</h1>
            <p class="muted">{move || context.t(i18n::TREND_INTRO)}</p>
            <div class="table-controls">
                <label>
                    {move || context.t(i18n::MEASURE)}
                    <select id="trend-measure" on:change=move |ev| {
                        let value = event_target_value(&ev);
                        question.update(|q| {
                            q.measure = Measure::parse(&value).unwrap_or(q.measure);
                            *q = q.clone().valid();
                        });
                    }>
                        {dated.into_iter().map(|m| view! {
                            <option value=m.code() selected=move || question.with(|q| q.measure == m)>
                                {move || context.t(i18n::measure_label(m))}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <super::filter_bar::FilterBar
                question
                dimensions=Signal::derive(move || question.with(|q| q.measure.dimensions().to_vec()))
            />
            {move || match trend.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error" id="trend-error">{move || context.t(failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(trend)) => {
                    let lang = context.lang.get();
                    let empty = trend.months.iter().all(|m| m.count == 0 && m.year_before == 0);
                    view! {
                        <p class="muted" id="trend-as-of">{i18n::DATA_AS_OF.get(lang)} " " {super::as_of_text(&trend.as_of)}</p>
                        {empty.then(|| view! { <p class="notice" id="trend-empty">{i18n::EMPTY_PERIOD.get(lang)}</p> })}
                        <p class="trend-legend">
                            <span class="trend-key trend-now"></span> {i18n::TREND_THIS_YEAR.get(lang)} " "
                            <span class="trend-key trend-before"></span> {i18n::TREND_YEAR_BEFORE.get(lang)}
                        </p>
                        {bars(&trend.months, lang)}
                        {table(&trend, lang)}
                    }.into_any()
                }
            }}
        </section>
    }
}
