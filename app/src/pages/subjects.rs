//! The registry of foreign nationals on the device, with instant search.

use crate::AppContext;
use crate::components::form::country_text;
use crate::components::permit_badge::PermitBadge;
use crate::device::Device;
use crate::i18n;
use leptos::prelude::*;
use leptos_router::components::A;
use pantau_shared::identity::IsoDate;
use pantau_shared::search::SearchIndex;

/// At most this many results are drawn; the search narrows them down.
const SHOWN: usize = 100;

#[component]
pub fn SubjectListPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let query = RwSignal::new(String::new());
    // Rebuilt when the data changes, not on every keystroke.
    let index = Memo::new(move |_| device.state.with(|s| SearchIndex::build(s.records())));
    let results = Memo::new(move |_| index.with(|index| query.with(|q| index.search(q, SHOWN))));
    view! {
        <section class="card">
            <div class="row">
                <h1>{move || context.t(i18n::NAV_SUBJECTS)}</h1>
                {context.writes_records().then(|| view! {
                    <A href="/orang-asing/baru" attr:class="button primary" attr:id="register-subject">
                        {move || context.t(i18n::REGISTER_SUBJECT)}
                    </A>
                })}
            </div>
            <input
                id="subject-search"
                type="search"
                class="search"
                placeholder=move || context.t(i18n::SEARCH_PLACEHOLDER)
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <Show when=move || results.with(Vec::is_empty) && device.ready.get()>
                <p class="muted">{move || context.t(i18n::NO_RESULTS)}</p>
            </Show>
            <ul class="result-list" id="subject-results">
                <For each=move || results.get() key=|id| *id let:id>
                    {move || device.state.with(|s| s.record(id).cloned()).map(|record| {
                        let expiry = record.text("permit_expiry").and_then(|d| IsoDate::parse(d).ok());
                        let pending = device.state.with(|s| s.has_pending(id));
                        view! {
                            <li>
                                <A href=format!("/orang-asing/{id}") attr:class="result">
                                    <span class="result-name">{record.text("full_name").unwrap_or_default().to_string()}</span>
                                    <span class="result-meta">
                                        {record.text("nationality").map_or_else(|| "—".to_string(), |code| country_text(code, context.lang.get()))} " · "
                                        {record.text("passport_number").unwrap_or("—").to_string()} " · "
                                        {record.text("region_code").unwrap_or_default().to_string()}
                                    </span>
                                    <PermitBadge expiry=Signal::derive(move || expiry) />
                                    {pending.then(|| view! { <span class="badge neutral">{context.t(i18n::PENDING_RECORD)}</span> })}
                                </A>
                            </li>
                        }
                    })}
                </For>
            </ul>
        </section>
    }
}
