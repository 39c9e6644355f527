//! The filter bar the office's pages share: the region (narrowed on the map, or the
//! caller's whole scope), a value for each dimension the page can be narrowed by (a
//! nationality and a place type, say: they hold together) and, on a page without a
//! period of its own, the period with its presets. It edits the page's [`Question`],
//! which the page keeps in its address, so a narrowed view survives a reload and
//! follows the office from one page to the next.

use super::table::{Question, ymd};
use crate::{OfficeContext, api, i18n};
use app::api::ApiFailure;
use leptos::prelude::*;
use pantau_shared::lang::Label;
use pantau_shared::stats::{Dimension, KeyLabel, Measure, key_label};

/// What a page can be narrowed by besides its region and period.
pub const FILTER_DIMENSIONS: [Dimension; 5] = [
    Dimension::Nationality,
    Dimension::PermitType,
    Dimension::Violation,
    Dimension::PlaceType,
    Dimension::Agency,
];

/// The measure whose records list the values `dimension` takes, for a page that does
/// not count one measure.
fn listing_measure(dimension: Dimension) -> Measure {
    match dimension {
        Dimension::Nationality | Dimension::PermitType => Measure::Subjects,
        Dimension::Violation => Measure::Violations,
        _ => Measure::Inspections,
    }
}

/// The values `dimension` takes in the question's region (and period, where the
/// question's measure has the dimension), each with its label. The other filters do not
/// narrow the list: a value is offered wherever it occurs.
async fn values_of(
    token: String,
    question: Question,
    dimension: Dimension,
) -> Result<Vec<(String, KeyLabel)>, ApiFailure> {
    let listing = if question.measure.dimensions().contains(&dimension) {
        Question {
            filters: Vec::new(),
            ..question
        }
    } else {
        Question {
            measure: listing_measure(dimension),
            filters: Vec::new(),
            from: String::new(),
            to: String::new(),
            ..question
        }
    };
    let answer = api::stats(&token, &listing.api_query(&[dimension])).await?;
    Ok(answer
        .rows
        .into_iter()
        .filter_map(|row| Some((row.keys.first()?.clone()?, row.labels.first()?.clone())))
        .collect())
}

/// The period of a preset, as (from, to).
fn preset(which: usize) -> (String, String) {
    let today = js_sys::Date::new_0();
    let (year, month) = (today.get_full_year(), today.get_month() as i32);
    let day = |y: u32, m: i32, d: i32| js_sys::Date::new_with_year_month_day(y, m, d);
    match which {
        0 => (ymd(&day(year, month, 1)), ymd(&today)),
        // Day 0 of this month is the last of the one before.
        1 => (ymd(&day(year, month - 1, 1)), ymd(&day(year, month, 0))),
        2 => (ymd(&day(year, month - month % 3, 1)), ymd(&today)),
        3 => (
            ymd(&day(year, month - month % 3 - 3, 1)),
            ymd(&day(year, month - month % 3, 0)),
        ),
        4 => (ymd(&day(year, month - 11, 1)), ymd(&today)),
        _ => (String::new(), String::new()),
    }
}

const PRESETS: [Label; 6] = [
    i18n::PRESET_THIS_MONTH,
    i18n::PRESET_LAST_MONTH,
    i18n::PRESET_THIS_QUARTER,
    i18n::PRESET_LAST_QUARTER,
    i18n::PRESET_LAST_12_MONTHS,
    i18n::PRESET_ALL,
];

/// The bar. `dimensions` are those the page can be narrowed by; `period` shows the
/// period and its presets (a page with a period of its own leaves it out).
#[component]
pub fn FilterBar(
    question: RwSignal<Question>,
    #[prop(into)] dimensions: Signal<Vec<Dimension>>,
    #[prop(optional)] period: bool,
) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let set = move |change: &dyn Fn(&mut Question)| question.update(|q| change(q));
    let region = view! {
        <p class="muted" id="filter-region">
            {move || context.t(i18n::REGION_FILTER)} ": "
            {move || match question.with(|q| q.region.clone()) {
                Some(code) => key_label(Dimension::Region, Some(&code)).get(context.lang.get()).to_string(),
                None => context.t(i18n::WHOLE_SCOPE).to_string(),
            }}
        </p>
        <Show when=move || question.with(|q| q.region.is_some())>
            <button class="button secondary" id="filter-whole-scope"
                on:click=move |_| set(&|q| q.region = None)>
                {move || context.t(i18n::WHOLE_SCOPE)}
            </button>
        </Show>
    };
    let filters = move || {
        dimensions
            .get()
            .into_iter()
            .filter(|d| !matches!(d, Dimension::Region | Dimension::Month))
            .map(|dimension| view! { <DimensionFilter question dimension /> })
            .collect_view()
    };
    let period = period.then(|| {
        view! {
            <Show
                when=move || question.with(|q| q.measure.is_dated())
                fallback=move || view! { <p class="muted" id="period-not-applied">{move || context.t(i18n::PERIOD_NOT_APPLIED)}</p> }
            >
                <label>
                    {move || context.t(i18n::PERIOD_FROM)}
                    <input type="date" id="period-from" prop:value=move || question.with(|q| q.from.clone())
                        on:change=move |ev| { let value = event_target_value(&ev); set(&|q| q.from = value.clone()); } />
                </label>
                <label>
                    {move || context.t(i18n::PERIOD_TO)}
                    <input type="date" id="period-to" prop:value=move || question.with(|q| q.to.clone())
                        on:change=move |ev| { let value = event_target_value(&ev); set(&|q| q.to = value.clone()); } />
                </label>
                <div class="presets">
                    {PRESETS.iter().enumerate().map(|(n, &label)| view! {
                        <button class="button secondary preset" data-preset=n.to_string() on:click=move |_| {
                            let (from, to) = preset(n);
                            set(&|q| { q.from = from.clone(); q.to = to.clone(); });
                        }>
                            {move || context.t(label)}
                        </button>
                    }).collect_view()}
                </div>
            </Show>
        }
    });
    view! {
        <div class="table-controls filter-bar">
            {region}
            {filters}
            {period}
        </div>
    }
}

/// One dimension's filter: every value it takes where the question looks, or all of
/// them. The value kept shows even before the list arrives, or when it no longer occurs.
#[component]
fn DimensionFilter(question: RwSignal<Question>, dimension: Dimension) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    // The list depends on where and when the question looks, not on its filters.
    let looking_at = Memo::new(move |_| {
        question.with(|q| Question {
            filters: Vec::new(),
            ..q.clone()
        })
    });
    let values = LocalResource::new(move || {
        let (listing, token) = (looking_at.get(), context.token().unwrap_or_default());
        values_of(token, listing, dimension)
    });
    let chosen = move || question.with(|q| q.filter_value(dimension).map(str::to_string));
    let options = move || {
        let lang = context.lang.get();
        let chosen = chosen();
        let mut listed = values.get().and_then(Result::ok).unwrap_or_default();
        if let Some(kept) = &chosen
            && !listed.iter().any(|(key, _)| key == kept)
        {
            listed.push((kept.clone(), key_label(dimension, Some(kept))));
        }
        listed
            .into_iter()
            .map(|(key, label)| {
                let selected = chosen.as_deref() == Some(key.as_str());
                view! { <option value=key selected=selected>{label.get(lang).to_string()}</option> }
            })
            .collect_view()
    };
    view! {
        <label>
            {move || context.t(i18n::dimension_label(dimension))}
            <select id=format!("filter-{}", dimension.code()) class="filter-value"
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    question.update(|q| q.set_filter(dimension, &value));
                }>
                <option value="" selected=move || chosen().is_none()>{move || context.t(i18n::ALL_VALUES)}</option>
                {options}
            </select>
        </label>
    }
}
