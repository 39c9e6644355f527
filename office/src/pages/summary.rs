//! Ringkasan: the region's figures at a glance. One card per measure with this month's
//! count, the change against last month and a 12-month sparkline — administrative actions
//! recommended and decided, overstay fees decided and political activity by foreigners
//! among them; foreign nationals by permit type; follow-ups open and overdue. Every
//! figure is a `GET /api/stats` answer in office time, over the region and filter of the
//! shared filter bar (a card whose measure lacks the filter's dimension counts everything
//! and says so).

use super::filter_bar::FILTER_DIMENSIONS;
use super::table::Question;
use crate::{OfficeContext, api, i18n};
use app::api::ApiFailure;
use leptos::prelude::*;
use pantau_shared::lang::{Label, Lang};
use pantau_shared::stats::{Dimension, Measure, StatsAnswer};

/// The address of the summary.
pub const SUMMARY_PATH: &str = "/kantor/ringkasan";

/// One card: its key (the page's `data-card`), the measure and question it counts by
/// month, and its title.
struct Card {
    key: &'static str,
    measure: Measure,
    question: &'static str,
    title: Label,
}

/// The dated figures shown as cards.
const CARDS: [Card; 9] = [
    Card {
        key: "inspections",
        measure: Measure::Inspections,
        question: "measure=inspections",
        title: i18n::CARD_INSPECTIONS,
    },
    Card {
        key: "findings",
        measure: Measure::Findings,
        question: "measure=findings",
        title: i18n::CARD_FINDINGS,
    },
    Card {
        key: "violations",
        measure: Measure::Violations,
        question: "measure=violations",
        title: i18n::CARD_VIOLATIONS,
    },
    Card {
        key: "actions_recommended",
        measure: Measure::Actions,
        question: "measure=actions&stage=recommended",
        title: i18n::CARD_ACTIONS_RECOMMENDED,
    },
    Card {
        key: "actions_decided",
        measure: Measure::Actions,
        question: "measure=actions&stage=decided",
        title: i18n::CARD_ACTIONS_DECIDED,
    },
    Card {
        key: "overstay_fees",
        measure: Measure::Actions,
        question: "measure=actions&stage=decided&action=overstay_fee",
        title: i18n::CARD_OVERSTAY_FEES,
    },
    Card {
        key: "political_activity",
        measure: Measure::Violations,
        question: "measure=violations&violation=political_activity",
        title: i18n::CARD_POLITICAL_ACTIVITY,
    },
    Card {
        key: "meetings",
        measure: Measure::Meetings,
        question: "measure=meetings",
        title: i18n::CARD_MEETINGS,
    },
    Card {
        key: "follow_ups",
        measure: Measure::FollowUps,
        question: "measure=follow_ups",
        title: i18n::CARD_FOLLOW_UPS_DUE,
    },
];

/// One card's figures: the count per month (oldest first).
#[derive(Clone)]
struct Series {
    key: &'static str,
    title: Label,
    counts: Vec<i64>,
    /// The bar's filters that do not narrow it: a card of a measure without their
    /// dimension counts without them and says so.
    not_applied: Vec<Dimension>,
}

/// Everything the summary shows, fetched together.
#[derive(Clone)]
struct Summary {
    series: Vec<Series>,
    months: Vec<String>,
    subjects: StatsAnswer,
    subjects_not_applied: Vec<Dimension>,
    follow_ups_not_applied: Vec<Dimension>,
    /// Follow-ups not done or cancelled: all of them, and those past their due date.
    open_follow_ups: i64,
    overdue_follow_ups: i64,
}

/// Follow-ups in `answer` (by status) that are still to do.
fn still_open(answer: &StatsAnswer) -> i64 {
    answer
        .rows
        .iter()
        .filter(|row| {
            !matches!(
                row.keys.first().and_then(|k| k.as_deref()),
                Some("done" | "cancelled")
            )
        })
        .map(|row| row.count)
        .sum()
}

/// What narrows a question about `measure` as the filter bar asks (`&region=…&D=…`), and
/// the bar's filters that do not apply to it.
fn narrowing(question: &Question, measure: Measure) -> (String, Vec<Dimension>) {
    let mut query = String::new();
    if let Some(region) = &question.region {
        query.push_str(&format!("&region={region}"));
    }
    query.push_str(&question.filters_query(measure));
    (query, question.filters_not_of(measure))
}

/// The note on a figure that some of the bar's filters do not narrow, naming them.
fn not_narrowed(dimensions: &[Dimension], lang: Lang) -> Option<impl IntoView + use<>> {
    let names: Vec<&str> = dimensions
        .iter()
        .map(|d| i18n::dimension_label(*d).get(lang))
        .collect();
    (!names.is_empty()).then(|| {
        view! {
            <p class="muted summary-unfiltered">
                {format!("{} {}", i18n::NOT_NARROWED.get(lang), names.join(", "))}
            </p>
        }
    })
}

async fn fetch(token: String, question: Question) -> Result<Summary, ApiFailure> {
    let months = super::months_ending_now(12);
    let today = js_sys::Date::new_0();
    let from = format!("{}-01", months[0]);
    let to = super::table::ymd(&today);
    let mut series = Vec::new();
    for card in CARDS {
        let (narrow, not_applied) = narrowing(&question, card.measure);
        let answer = api::stats(
            &token,
            &format!("{}&by=month&from={from}&to={to}{narrow}", card.question),
        )
        .await?;
        let counts = months
            .iter()
            .map(|month| {
                answer
                    .rows
                    .iter()
                    .find(|row| row.keys.first().and_then(|k| k.as_deref()) == Some(month))
                    .map_or(0, |row| row.count)
            })
            .collect();
        series.push(Series {
            key: card.key,
            title: card.title,
            counts,
            not_applied,
        });
    }
    let (narrow, subjects_not_applied) = narrowing(&question, Measure::Subjects);
    let subjects = api::stats(&token, &format!("measure=subjects&by=permit_type{narrow}")).await?;
    let (narrow, follow_ups_not_applied) = narrowing(&question, Measure::FollowUps);
    let open = api::stats(&token, &format!("measure=follow_ups&by=status{narrow}")).await?;
    let yesterday = js_sys::Date::new_with_year_month_day(
        today.get_full_year(),
        today.get_month() as i32,
        today.get_date() as i32 - 1,
    );
    let overdue = api::stats(
        &token,
        &format!(
            "measure=follow_ups&by=status&to={}{narrow}",
            super::table::ymd(&yesterday)
        ),
    )
    .await?;
    Ok(Summary {
        series,
        months,
        subjects,
        subjects_not_applied,
        follow_ups_not_applied,
        open_follow_ups: still_open(&open),
        overdue_follow_ups: still_open(&overdue),
    })
}

/// A polyline of the counts, scaled to the card.
fn sparkline(counts: &[i64]) -> impl IntoView + use<> {
    let (width, height) = (120.0, 32.0);
    let top = counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = width / (counts.len().max(2) - 1) as f64;
    let points: Vec<String> = counts
        .iter()
        .enumerate()
        .map(|(n, count)| {
            let x = n as f64 * step;
            let y = height - 2.0 - (*count as f64 / top) * (height - 4.0);
            format!("{x:.1},{y:.1}")
        })
        .collect();
    view! {
        <svg class="sparkline" viewBox="0 0 120 32" width="120" height="32" role="img" aria-hidden="true">
            <polyline points=points.join(" ") fill="none" stroke="currentColor" stroke-width="2" />
        </svg>
    }
}

fn card(series: Series, lang: Lang) -> impl IntoView {
    let now = series.counts.last().copied().unwrap_or(0);
    let before = series.counts.iter().rev().nth(1).copied().unwrap_or(0);
    let change = now - before;
    let change_text = format!(
        "{}{change} {}",
        if change > 0 { "+" } else { "" },
        i18n::AGAINST_LAST_MONTH.get(lang)
    );
    let year: i64 = series.counts.iter().sum();
    view! {
        <article class="summary-card" data-card=series.key>
            <h2>{series.title.get(lang)}</h2>
            <p class="summary-figure">{now}</p>
            <p class="muted summary-change">{change_text}</p>
            {sparkline(&series.counts)}
            <p class="muted summary-year">{format!("{} {year}", i18n::LAST_12_MONTHS_TOTAL.get(lang))}</p>
            {not_narrowed(&series.not_applied, lang)}
        </article>
    }
}

#[component]
pub fn SummaryPage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let search = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let question = RwSignal::new(Question::parse(&search));
    Effect::new(move |_| {
        let search = question.with(Question::search);
        super::show_in_address(&format!("{SUMMARY_PATH}?{search}"));
    });
    let summary = LocalResource::new(move || {
        let (question, token) = (question.get(), context.token().unwrap_or_default());
        async move { fetch(token, question).await }
    });
    view! {
        <section class="card" id="summary">
            <h1>{move || context.t(i18n::NAV_SUMMARY)}</h1>
            <super::filter_bar::FilterBar question dimensions=FILTER_DIMENSIONS.to_vec() />
            {move || match summary.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error" id="summary-error">{move || context.t(super::reading_failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(summary)) => {
                    let lang = context.lang.get();
                    let period = format!(
                        "{} {} – {}",
                        i18n::MONTHS_SHOWN.get(lang),
                        summary.months.first().cloned().unwrap_or_default(),
                        summary.months.last().cloned().unwrap_or_default()
                    );
                    let permits: Vec<(String, i64)> = summary
                        .subjects
                        .rows
                        .iter()
                        .map(|row| (row.labels.first().map(|l| l.get(lang).to_string()).unwrap_or_default(), row.count))
                        .collect();
                    view! {
                        <p class="muted" id="summary-period">{period}</p>
                        <div class="summary-cards">
                            {summary.series.into_iter().map(|s| card(s, lang)).collect_view()}
                            <article class="summary-card" data-card="follow_ups_open">
                                <h2>{i18n::CARD_FOLLOW_UPS_OPEN.get(lang)}</h2>
                                <p class="summary-figure" id="follow-ups-open">{summary.open_follow_ups}</p>
                                <p class="muted" id="follow-ups-overdue">
                                    {format!("{} {}", summary.overdue_follow_ups, i18n::OVERDUE.get(lang))}
                                </p>
                                {not_narrowed(&summary.follow_ups_not_applied, lang)}
                            </article>
                        </div>
                        <h2>{i18n::SUBJECTS_BY_PERMIT.get(lang)}</h2>
                        {not_narrowed(&summary.subjects_not_applied, lang)}
                        <table class="admin-table" id="summary-permits">
                            <tbody>
                                {permits.into_iter().map(|(name, count)| view! {
                                    <tr><td>{name}</td><td class="number">{count}</td></tr>
                                }).collect_view()}
                            </tbody>
                            <tfoot><tr><th>{i18n::TOTAL.get(lang)}</th><th class="number" id="summary-subjects-total">{summary.subjects.total}</th></tr></tfoot>
                        </table>
                    }.into_any()
                }
            }}
        </section>
    }
}
