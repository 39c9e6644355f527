//! The inspections on the device, newest first.

use crate::AppContext;
use crate::device::Device;
use crate::i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn InspectionListPage() -> impl IntoView {
    let context = expect_context::<AppContext>();
    let device = expect_context::<Device>();
    let inspections = Memo::new(move |_| {
        device.state.with(|s| {
            let mut list: Vec<(String, uuid::Uuid, String, bool)> = s
                .records()
                .filter(|r| r.entity == "inspection" && !r.is_deleted())
                .map(|r| {
                    let started = r.text("started_at").unwrap_or_default().to_string();
                    (
                        started,
                        r.id,
                        r.text("place_name").unwrap_or_default().to_string(),
                        r.text("status") == Some("final"),
                    )
                })
                .collect();
            list.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            list
        })
    });
    view! {
        <section class="card">
            <div class="row">
                <h1>{move || context.t(i18n::NAV_INSPECTIONS)}</h1>
                {context.writes_records().then(|| view! {
                    <A href="/pemeriksaan/baru" attr:class="button primary" attr:id="start-inspection">
                        {move || context.t(i18n::START_INSPECTION)}
                    </A>
                })}
            </div>
            <Show when=move || inspections.with(Vec::is_empty)>
                <p class="muted">{move || context.t(i18n::NO_INSPECTIONS)}</p>
            </Show>
            <ul class="result-list" id="inspection-results">
                <For each=move || inspections.get() key=|item| item.1 let:item>
                    <li>
                        <A href=format!("/pemeriksaan/{}", item.1) attr:class="result">
                            <span class="result-name">{item.2.clone()}</span>
                            <span class="result-meta">{item.0.get(..16).unwrap_or(&item.0).replace('T', " ")}</span>
                            <span class=if item.3 { "badge ok" } else { "badge neutral" }>
                                {move || context.t(if item.3 { i18n::FINAL } else { i18n::DRAFT })}
                            </span>
                        </A>
                    </li>
                </For>
            </ul>
        </section>
    }
}
