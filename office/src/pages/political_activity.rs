//! Political activity by foreign nationals, on the election page: the findings of the
//! `political_activity` violation for one election period or all of them, as a map of
//! the caller's region and as a list of what was seen and where. A click on an area
//! narrows both to it and drills down.

use crate::{OfficeContext, api, i18n};
use leptos::prelude::*;
use pantau_shared::Lang;
use pantau_shared::election::PoliticalActivityItem;
use pantau_shared::inspection::PoliticalActivity;
use pantau_shared::lang::Label;
use pantau_shared::stats::{Dimension, key_label};

/// The question both views ask, as URL parameters after the fixed ones.
fn narrowing(period: &str, region: Option<&str>) -> String {
    let mut query = String::new();
    if !period.is_empty() {
        query.push_str(&format!(
            "&election_period={}",
            js_sys::encode_uri_component(period)
        ));
    }
    if let Some(region) = region {
        query.push_str(&format!("&region={region}"));
    }
    query
}

fn label_of<T: Copy>(
    code: Option<&str>,
    parse: impl Fn(&str) -> Option<T>,
    label: impl Fn(T, Lang) -> &'static str,
    lang: Lang,
) -> String {
    match code {
        Some(code) => parse(code).map_or(code.to_string(), |value| label(value, lang).to_string()),
        None => String::new(),
    }
}

fn item_row(item: PoliticalActivityItem, lang: Lang) -> impl IntoView {
    let seen = label_of(
        item.political_activity.as_deref(),
        |c| PoliticalActivity::parse(c).ok(),
        PoliticalActivity::label,
        lang,
    );
    let context = expect_context::<crate::OfficeContext>();
    let action = |code: Option<&str>| {
        code.map_or_else(|| "—".to_string(), |c| context.action_label(c, lang))
    };
    let region = key_label(Dimension::Region, item.region_code.as_deref())
        .get(lang)
        .to_string();
    let nationality = item
        .nationality
        .as_deref()
        .map(|code| {
            key_label(Dimension::Nationality, Some(code))
                .get(lang)
                .to_string()
        })
        .unwrap_or_default();
    let day: String = item
        .inspection_started_at
        .unwrap_or_default()
        .chars()
        .take(10)
        .collect();
    view! {
        <tr>
            <td>{day}</td>
            <td>{region}</td>
            <td>{item.place_name.unwrap_or_default()}</td>
            <td>{item.full_name.unwrap_or_default()}</td>
            <td>{nationality}</td>
            <td class="political-seen">{seen}</td>
            <td>{item.political_activity_place.unwrap_or_default()}</td>
            <td>{action(item.recommended_action.as_deref())}</td>
            <td>{action(item.decided_action.as_deref())}</td>
        </tr>
    }
}

#[component]
pub fn PoliticalActivitySection(periods: Signal<Vec<(String, String)>>) -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let t = move |label: Label| context.t(label);
    let period = RwSignal::new(String::new());
    let region = RwSignal::new(None::<String>);
    let counts = LocalResource::new(move || {
        // A district is shown among its regency's districts.
        let shown = region.get().as_deref().map(super::map::map_region);
        let query = narrowing(&period.get(), shown.as_deref());
        let token = context.token().unwrap_or_default();
        async move {
            api::stats(
                &token,
                &format!("measure=violations&by=region&violation=political_activity{query}"),
            )
            .await
        }
    });
    let list = LocalResource::new(move || {
        let query = narrowing(&period.get(), region.get().as_deref());
        let token = context.token().unwrap_or_default();
        async move { api::political_activity(&token, query.trim_start_matches('&')).await }
    });
    let drill = Callback::new(move |code: String| region.set(Some(code)));
    view! {
        <section class="card" id="political-activity">
            <h2>{move || t(i18n::POLITICAL_ACTIVITY_TITLE)}</h2>
            <p class="muted">{move || t(i18n::POLITICAL_ACTIVITY_HINT)}</p>
            <div class="table-controls">
                <label>
                    {move || t(i18n::ELECTION_PERIOD)}
                    <select id="political-period" on:change=move |ev| period.set(event_target_value(&ev))>
                        <option value="">{move || t(i18n::ALL_ELECTION_PERIODS)}</option>
                        {move || periods.get().into_iter().map(|(id, name)| {
                            let chosen = id.clone();
                            view! { <option value=id selected=move || period.get() == chosen>{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <Show when=move || region.with(Option::is_some)>
                    <button class="button secondary" id="political-whole-scope"
                        on:click=move |_| region.set(None)>
                        {move || t(i18n::WHOLE_SCOPE)}
                    </button>
                </Show>
            </div>
            {move || match counts.get() {
                None => view! { <p class="muted">{move || t(i18n::LOADING)}</p> }.into_any(),
                Some(Err(failure)) => view! {
                    <p class="form-error" role="alert">{move || t(super::reading_failure_label(&failure))}</p>
                }.into_any(),
                Some(Ok(answer)) => {
                    let chosen = region.get_untracked();
                    super::map::area_map(&answer, chosen.as_deref(), Some(drill))
                }
            }}
            {move || list.get().map(|answer| match answer {
                Err(failure) => view! {
                    <p class="form-error" role="alert">{move || t(super::reading_failure_label(&failure))}</p>
                }.into_any(),
                Ok(found) if found.items.is_empty() => view! {
                    <p id="political-activity-empty">{move || t(i18n::NO_POLITICAL_ACTIVITY)}</p>
                }.into_any(),
                Ok(found) => {
                    let lang = context.lang.get();
                    let rows = found.items.into_iter().map(|item| item_row(item, lang)).collect_view();
                    view! {
                        <div class="table-scroll"><table class="admin-table" id="political-activity-list">
                            <thead><tr>
                                <th>{t(i18n::INSPECTED_ON)}</th>
                                <th>{t(i18n::REGION)}</th>
                                <th>{t(i18n::PLACE)}</th>
                                <th>{t(i18n::FOREIGN_NATIONAL)}</th>
                                <th>{t(i18n::NATIONALITY)}</th>
                                <th>{t(i18n::WHAT_SEEN)}</th>
                                <th>{t(i18n::WHERE_SEEN)}</th>
                                <th>{t(i18n::RECOMMENDED)}</th>
                                <th>{t(i18n::DECIDED)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table></div>
                        {found.more.then(|| view! { <p class="muted" id="political-activity-cut">{t(i18n::LIST_CUT)}</p> })}
                    }.into_any()
                }
            })}
        </section>
    }
}
