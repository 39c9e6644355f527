//! Ticks officers of the team roster, grouped by agency, into a form field holding their
//! ids: attendance of a meeting, officers present at an inspection.

use crate::AppContext;
use crate::components::form::{FormState, agency_table, code_names};
use crate::device::Device;
use crate::i18n;
use leptos::prelude::*;
use pantau_shared::lang::Label;
use pantau_shared::team::Officer;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The roster grouped by agency, in code order.
pub fn by_agency(roster: &[Officer]) -> BTreeMap<String, Vec<Officer>> {
    let mut groups: BTreeMap<String, Vec<Officer>> = BTreeMap::new();
    for officer in roster {
        groups
            .entry(officer.agency.clone())
            .or_default()
            .push(officer.clone());
    }
    groups
}

/// The ids ticked in `field` (kept as comma-separated text by the form).
pub fn ticked(form: FormState, field: &str) -> Vec<String> {
    form.get(field)
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The agency codes of the ticked officers, each once.
pub fn ticked_agencies<'a>(roster: &'a [Officer], ids: &[String]) -> Vec<&'a str> {
    let mut codes: Vec<&str> = roster
        .iter()
        .filter(|o| ids.contains(&o.id.to_string()))
        .map(|o| o.agency.as_str())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

#[component]
pub fn RosterPicker(
    form: FormState,
    field: &'static str,
    title: Label,
    id: &'static str,
) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let toggle = move |officer: Uuid| {
        let mut ids = ticked(form, field);
        let key = officer.to_string();
        match ids.iter().position(|i| *i == key) {
            Some(position) => {
                ids.remove(position);
            }
            None => ids.push(key),
        }
        form.set(field, ids.join(","));
    };
    let present = move |officer: Uuid| ticked(form, field).contains(&officer.to_string());
    view! {
        <fieldset class="attendance" id=id>
            <legend>{move || context.t(title)}</legend>
            <Show when=move || device.roster.with(Vec::is_empty)>
                <p class="muted">{move || context.t(i18n::ROSTER_EMPTY)}</p>
            </Show>
            {move || by_agency(&device.roster.get()).into_iter().map(|(agency, officers)| view! {
                <div class="agency-group">
                    <h3>{move || code_names(agency_table, [agency.as_str()], context.lang.get())}</h3>
                    {officers.into_iter().map(|officer| {
                        let officer_id = officer.id;
                        view! {
                            <label class="choice">
                                <input type="checkbox" prop:checked=move || present(officer_id) on:change=move |_| toggle(officer_id) />
                                <span>{officer.name.clone()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            }).collect_view()}
        </fieldset>
    }
}
