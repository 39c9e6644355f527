//! *Peta pengawasan*: the chosen measure by area, as a choropleth of Bali's regencies or
//! of one regency's districts, drawn as SVG from the boundaries in `shared/data`. A click
//! on an area narrows the whole page to it (the table below follows) and drills down.

use super::table::Question;
use crate::{OfficeContext, api, geo, i18n};
use leptos::prelude::*;
use std::collections::HashMap;

/// Fill colours: no records, then five classes from few to many.
const CLASS_COLOURS: [&str; 6] = [
    "#eef2f4", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c",
];

/// The class (1–5) of `count` when the largest area holds `max`; 0 for none.
pub fn class_of(count: i64, max: i64) -> usize {
    if count <= 0 || max <= 0 {
        return 0;
    }
    ((count * 5 + max - 1) / max).clamp(1, 5) as usize
}

/// The counts each class stands for, as (class, lowest, highest); classes that no whole
/// number falls in are left out.
pub fn legend(max: i64) -> Vec<(usize, i64, i64)> {
    (1..=5)
        .map(|k| (k, (k as i64 - 1) * max / 5 + 1, k as i64 * max / 5))
        .filter(|(_, low, high)| low <= high)
        .collect()
}

/// The region a map shows for the question's region: a district is shown among its
/// regency's districts.
pub fn map_region(region: &str) -> String {
    let segments: Vec<&str> = region.split('.').collect();
    segments[..segments.len().min(2)].join(".")
}

/// The areas one level below the answer's region, coloured by their counts, with the
/// legend; `on_area` is told of a click on an area. Text for a region no boundaries are
/// shipped for.
pub fn area_map(
    answer: &pantau_shared::stats::StatsAnswer,
    chosen: Option<&str>,
    on_area: Option<Callback<String>>,
) -> AnyView {
    let context = expect_context::<OfficeContext>();
    let Some(layer) = geo::layer_below(&answer.region) else {
        return view! { <p class="muted" id="map-unavailable">{context.t(i18n::MAP_UNAVAILABLE)}</p> }
            .into_any();
    };
    let by_area: HashMap<String, i64> = answer
        .rows
        .iter()
        .filter_map(|row| Some((row.keys.first()?.clone()?, row.count)))
        .collect();
    let max = by_area.values().copied().max().unwrap_or(0);
    let areas = layer
        .areas
        .into_iter()
        .map(|area| {
            let count = by_area.get(&area.code).copied().unwrap_or(0);
            let class = class_of(count, max);
            let code = area.code.clone();
            let selected = chosen == Some(area.code.as_str());
            view! {
                <path
                    class="map-area"
                    class:selected=selected
                    d=area.path
                    fill=CLASS_COLOURS[class]
                    data-region=area.code.clone()
                    data-count=count.to_string()
                    data-class=class.to_string()
                    on:click=move |_| {
                        if let Some(on_area) = on_area {
                            on_area.run(code.clone());
                        }
                    }
                >
                    <title>{format!("{}: {count}", area.name)}</title>
                </path>
            }
        })
        .collect_view();
    let legend_items = legend(max)
        .into_iter()
        .map(|(class, low, high)| {
            let range = if low == high {
                low.to_string()
            } else {
                format!("{low}–{high}")
            };
            view! {
                <li><span class="swatch" style=format!("background:{}", CLASS_COLOURS[class])></span>{range}</li>
            }
        })
        .collect_view();
    view! {
        <svg class="region-map" id="region-map" viewBox=layer.view_box role="img"
            preserveAspectRatio="xMidYMid meet">
            {areas}
        </svg>
        <ul class="map-legend" id="map-legend">
            <li><span class="swatch" style=format!("background:{}", CLASS_COLOURS[0])></span>
                {context.t(i18n::MAP_NONE)}</li>
            {legend_items}
        </ul>
    }
    .into_any()
}

#[component]
pub fn RegionMap(question: RwSignal<Question>, scope: RwSignal<Option<String>>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let counts = LocalResource::new(move || {
        let question = question.get();
        let token = context.token().unwrap_or_default();
        async move {
            // A district is shown among its regency's districts.
            let region = question.region.as_deref().map(map_region);
            let query = question.api_query_in(
                &[pantau_shared::stats::Dimension::Region],
                region.as_deref(),
            );
            api::stats(&token, &query).await
        }
    });
    let drill = move |code: String| question.update(|q| q.region = Some(code));
    let up = move |_| {
        question.update(|q| {
            let parent = q
                .region
                .as_deref()
                .and_then(|r| r.rsplit_once('.').map(|(parent, _)| parent.to_string()));
            let at_scope = scope.with_untracked(|s| {
                s.as_deref()
                    .is_none_or(|s| parent.as_deref().is_none_or(|p| p.len() <= s.len()))
            });
            q.region = if at_scope { None } else { parent };
        })
    };
    let draw = move |answer: pantau_shared::stats::StatsAnswer| {
        if question.with_untracked(|q| q.region.is_none()) {
            scope.set(Some(answer.region.clone()));
        }
        let chosen = question.with_untracked(|q| q.region.clone());
        area_map(&answer, chosen.as_deref(), Some(Callback::new(drill)))
    };
    view! {
        <section class="card" id="map-page">
            <h1>{move || context.t(i18n::MAP_TITLE)}</h1>
            <p class="muted">{move || context.t(i18n::MAP_HINT)}</p>
            <Show when=move || question.with(|q| q.region.is_some())>
                <button class="button secondary" id="map-up" on:click=up>
                    {move || context.t(i18n::MAP_UP)}
                </button>
            </Show>
            {move || match counts.get() {
                None => view! { <p class="muted">{move || context.t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(_)) => view! {
                    <p class="form-error" id="map-error">{move || context.t(app::i18n::ERROR_SERVER)}</p>
                }.into_any(),
                Some(Ok(answer)) => draw(answer),
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_fall_in_the_class_their_legend_says() {
        for max in 1..=40 {
            for count in 1..=max {
                let class = class_of(count, max);
                let (_, low, high) = legend(max)
                    .into_iter()
                    .find(|(k, _, _)| *k == class)
                    .expect("the class is in the legend");
                assert!((low..=high).contains(&count), "{count} of {max}");
            }
        }
        assert_eq!(class_of(0, 10), 0);
        assert_eq!(class_of(10, 10), 5);
    }
}
