//! The main navigation, big enough for a thumb.

use crate::AppContext;
use crate::i18n;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn Nav() -> impl IntoView {
    let context = expect_context::<AppContext>();
    view! {
        <nav class="main-nav">
            <A href="/" exact=true>{move || context.t(i18n::NAV_HOME)}</A>
            <A href="/orang-asing" attr:id="nav-subjects">{move || context.t(i18n::NAV_SUBJECTS)}</A>
            <A href="/pemeriksaan" attr:id="nav-inspections">{move || context.t(i18n::NAV_INSPECTIONS)}</A>
            <A href="/rakor" attr:id="nav-meetings">{move || context.t(i18n::NAV_MEETINGS)}</A>
            <A href="/sinkronisasi" attr:id="nav-sync">{move || context.t(i18n::NAV_SYNC)}</A>
        </nav>
    }
}
