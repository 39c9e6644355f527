//! Potential duplicates, for a coordinator (their region) or the Kanwil (the province):
//! two records that may be one person, side by side with why they were paired. The
//! reviewer picks the record to keep and, where the two differ, whose value it keeps,
//! then merges them — or says they are two people, and the pair is never offered again.
//! The last merge can be undone from the notice that confirms it.

use crate::api::{self, DuplicatePair, Person};
use crate::{OfficeContext, i18n};
use app::api::ApiFailure;
use leptos::prelude::*;
use leptos::task::spawn_local;
use pantau_shared::lang::Label;
use serde_json::json;
use std::collections::BTreeMap;

/// The fields shown side by side, and whether the reviewer may choose between them.
const COMPARED: &[&str] = &[
    "full_name",
    "nationality",
    "passport_number",
    "previous_documents",
    "date_of_birth",
    "nik",
    "region_code",
];

fn value_of(person: &Person, field: &str) -> Option<String> {
    let text = |value: &Option<String>| value.clone();
    match field {
        "previous_documents" => {
            (!person.previous_documents.is_empty()).then(|| person.previous_documents.join(", "))
        }
        "full_name" => text(&person.full_name),
        "nationality" => text(&person.nationality),
        "passport_number" => text(&person.passport_number),
        "date_of_birth" => text(&person.date_of_birth),
        "nik" => text(&person.nik),
        "region_code" => text(&person.region_code),
        _ => None,
    }
}

/// A value as the reviewer reads it: a country's or a region's name, not its code.
fn shown(field: &str, value: Option<&str>, lang: pantau_shared::Lang) -> String {
    let Some(value) = value else {
        return "—".to_string();
    };
    let named = match field {
        "nationality" => pantau_shared::icao::name(value, lang),
        "region_code" => pantau_shared::wilayah::name_of(value),
        _ => None,
    };
    named.map_or_else(|| value.to_string(), |name| format!("{name} ({value})"))
}

/// A row's name; previous documents are named here, the field app never shows them.
fn row_name(field: &str, lang: pantau_shared::Lang) -> String {
    match field {
        "previous_documents" => i18n::PREVIOUS_DOCUMENTS.get(lang).to_string(),
        _ => app::i18n::fields::field_name(field, lang),
    }
}

fn reason_label(code: &str) -> Label {
    match code {
        "passport" => i18n::REASON_PASSPORT,
        "nik" => i18n::REASON_NIK,
        _ => i18n::REASON_NAME_AND_BIRTH,
    }
}

fn failure_label(failure: &ApiFailure) -> Label {
    match failure.code() {
        "network" => app::i18n::ERROR_NO_CONNECTION,
        "already_merged" | "survivor_merged" | "not_found" | "not_merged" => {
            i18n::ERROR_PAIR_CHANGED
        }
        "out_of_scope" => i18n::ERROR_OUT_OF_SCOPE,
        _ => app::i18n::ERROR_SERVER,
    }
}

/// What the reviewer was told after a decision, and the merge it may undo.
#[derive(Clone)]
struct Outcome {
    label: Label,
    undo: Option<String>,
}

#[component]
pub fn DuplicatesPage() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let reload = RwSignal::new(0u32);
    let outcome = RwSignal::new(None::<Outcome>);
    let pairs = LocalResource::new(move || {
        reload.track();
        let token = context.token().unwrap_or_default();
        async move { api::duplicates(&token).await }
    });
    let decide = move |action: &'static str, body: serde_json::Value, done: Outcome| {
        let token = context.token().unwrap_or_default();
        spawn_local(async move {
            match api::decide(&token, action, &body).await {
                Ok(_) => outcome.set(Some(done)),
                Err(failure) => {
                    if matches!(failure.code(), "invalid_token" | "token_expired") {
                        context.sign_out();
                    }
                    outcome.set(Some(Outcome {
                        label: failure_label(&failure),
                        undo: None,
                    }));
                }
            }
            reload.update(|n| *n += 1);
        });
    };
    let pair_view = move |pair: DuplicatePair| {
        let lang = context.lang.get_untracked();
        let key = format!("{}-{}", pair.first.id, pair.second.id);
        // Which record is kept (0 first, 1 second), and whose value per differing field.
        let keep = RwSignal::new(0usize);
        let choices = RwSignal::new(BTreeMap::<&'static str, usize>::new());
        let people = [pair.first.clone(), pair.second.clone()];
        let rows = COMPARED
            .iter()
            .map(|&field| {
                let values = [value_of(&people[0], field), value_of(&people[1], field)];
                // Previous documents are joined by a merge, never chosen between.
                let differs = values[0] != values[1]
                    && values.iter().all(Option::is_some)
                    && field != "previous_documents";
                let cell = |side: usize| {
                    let text = shown(field, values[side].as_deref(), lang);
                    let name = format!("{key}-{field}");
                    if differs {
                        view! {
                            <td>
                                <label class="choice">
                                    <input
                                        type="radio"
                                        name=name
                                        data-field=field
                                        data-side=side
                                        on:change=move |_| choices.update(|c| {
                                            c.insert(field, side);
                                        })
                                    />
                                    {text}
                                </label>
                            </td>
                        }
                        .into_any()
                    } else {
                        view! { <td>{text}</td> }.into_any()
                    }
                };
                view! {
                    <tr class=if differs { "differs" } else { "" }>
                        <th scope="row">{row_name(field, lang)}</th>
                        {cell(0)}
                        {cell(1)}
                    </tr>
                }
            })
            .collect_view();
        let ids = [pair.first.id.clone(), pair.second.id.clone()];
        let merge = {
            let ids = ids.clone();
            move |_| {
                let kept = keep.get_untracked();
                let (survivor, merged) = (ids[kept].clone(), ids[1 - kept].clone());
                let choose: serde_json::Map<String, serde_json::Value> = choices
                    .get_untracked()
                    .into_iter()
                    .map(|(field, side)| {
                        let whose = if side == kept { "survivor" } else { "merged" };
                        (field.to_string(), json!(whose))
                    })
                    .collect();
                decide(
                    "merge",
                    json!({"survivor": survivor, "merged": merged, "choose": choose}),
                    Outcome {
                        label: i18n::MERGED,
                        undo: Some(merged),
                    },
                );
            }
        };
        let not_same = move |_| {
            decide(
                "not-same",
                json!({"first": ids[0], "second": ids[1]}),
                Outcome {
                    label: i18n::NOT_SAME_RECORDED,
                    undo: None,
                },
            );
        };
        let reasons = pair
            .reasons
            .iter()
            .map(|code| context.t(reason_label(code)))
            .collect::<Vec<_>>()
            .join(", ");
        let keep_name = format!("{key}-keep");
        view! {
            <section class="card duplicate-pair" data-first=pair.first.id.clone() data-second=pair.second.id.clone()>
                <p class="duplicate-reasons">
                    <strong>{move || context.t(if pair.strong { i18n::STRONG_MATCH } else { i18n::WEAK_MATCH })}</strong>
                    ": " {reasons}
                </p>
                <table class="comparison">
                    <thead>
                        <tr>
                            <th></th>
                            {[0usize, 1].map(|side| {
                                let name = keep_name.clone();
                                view! {
                                    <th>
                                        <label class="choice">
                                            <input
                                                type="radio"
                                                class="keep"
                                                name=name
                                                data-side=side
                                                prop:checked=move || keep.get() == side
                                                on:change=move |_| keep.set(side)
                                            />
                                            {move || context.t(i18n::KEEP_THIS)}
                                        </label>
                                    </th>
                                }
                            })}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                <p class="hint">{move || context.t(i18n::CHOICE_HINT)}</p>
                <div class="actions">
                    <button class="button primary merge" on:click=merge>{move || context.t(i18n::MERGE)}</button>
                    <button class="button secondary not-same" on:click=not_same>{move || context.t(i18n::NOT_SAME)}</button>
                </div>
            </section>
        }
    };
    view! {
        <h1>{move || context.t(i18n::DUPLICATES_TITLE)}</h1>
        <p class="hint">{move || context.t(i18n::DUPLICATES_INTRO)}</p>
        {move || outcome.get().map(|Outcome { label, undo }| view! {
            <p class="notice" id="duplicate-outcome" role="status">
                {move || context.t(label)}
                {undo.map(|merged| view! {
                    " "
                    <button class="button secondary" id="unmerge" on:click=move |_| decide(
                        "unmerge",
                        json!({"merged": merged}),
                        Outcome { label: i18n::UNMERGED, undo: None },
                    )>
                        {move || context.t(i18n::UNMERGE)}
                    </button>
                })}
            </p>
        })}
        <Suspense fallback=move || view! { <p>{move || context.t(i18n::LOADING)}</p> }>
            {move || pairs.get().map(|answer| match answer {
                Ok(list) if list.is_empty() => view! {
                    <p id="no-duplicates">{move || context.t(i18n::NO_DUPLICATES)}</p>
                }.into_any(),
                Ok(list) => list.into_iter().map(pair_view).collect_view().into_any(),
                Err(failure) => view! {
                    <p class="error" role="alert">{move || context.t(failure_label(&failure))}</p>
                }.into_any(),
            })}
        </Suspense>
    }
}
