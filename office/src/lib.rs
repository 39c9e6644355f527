//! Pantau's office screens, under `/kantor/`: administration of accounts and devices for
//! the administrator; the figures, the review of findings awaiting the office's decision
//! and the review of possible duplicates for coordinators and the Kanwil.
//! They are a bundle of their own, so that what a field tablet downloads and keeps
//! offline stays small; they share the field app's HTTP client, texts and sign-in rules.
//!
//! - [`session`] keeps the office's own session, apart from the field app's, so that
//!   signing in here never makes a tablet sync under an office account.
//! - [`api`] calls the administration and stats APIs, and [`kept`] keeps their last
//!   answers for reading without the server; [`i18n`] holds the office's texts;
//!   [`geo`] projects Bali's boundaries for the map.
//! - [`pages`] are the screens.

pub mod api;
pub mod geo;
pub mod i18n;
pub mod kept;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use pantau_shared::Lang;
use pantau_shared::lang::Label;
use pantau_shared::team::Role;

/// State every office component may read.
#[derive(Clone, Copy)]
pub struct OfficeContext {
    pub lang: RwSignal<Lang>,
    pub session: RwSignal<Option<app::session::StoredSession>>,
    /// The regulation code tables, loaded once signed in and again after an
    /// administrator changes one.
    pub code_tables: RwSignal<pantau_shared::code_table::CodeTables>,
}

impl OfficeContext {
    pub fn t(&self, label: Label) -> &'static str {
        label.get(self.lang.get())
    }

    /// The session's token, if signed in.
    pub fn token(&self) -> Option<String> {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.token.clone()))
    }

    /// The name of an administrative action in `lang`, from the table; a code the table
    /// does not hold reads as itself.
    pub fn action_label(&self, code: &str, lang: Lang) -> String {
        self.code_tables.with(|tables| {
            tables
                .administrative_actions
                .label_of(code, lang)
                .to_string()
        })
    }

    /// The name of a violation code in `lang`, from the table; a code the table does not
    /// hold reads as itself.
    pub fn violation_label(&self, code: &str, lang: Lang) -> String {
        self.code_tables
            .with(|tables| tables.violation_codes.label_of(code, lang).to_string())
    }

    /// The name of a member agency in `lang`, from the table; a code the table does not
    /// hold reads as itself.
    pub fn agency_label(&self, code: &str, lang: Lang) -> String {
        self.code_tables
            .with(|tables| tables.agencies.label_of(code, lang).to_string())
    }

    /// The member agencies in force today, (code, name in `lang`) each, as a form offers
    /// them.
    pub fn agencies_in_force(&self, lang: Lang) -> Vec<(String, String)> {
        let now = js_sys::Date::now() as i64;
        let Some(today) = pantau_shared::code_table::office_day(now) else {
            return Vec::new();
        };
        self.code_tables.with(|tables| {
            tables
                .agencies
                .in_force_on(today)
                .map(|agency| (agency.code.clone(), agency.label(lang).to_string()))
                .collect()
        })
    }

    /// Loads the code tables from the server; kept as they were when it cannot answer.
    pub fn load_code_tables(&self) {
        let Some(token) = self.token() else {
            return;
        };
        let tables = self.code_tables;
        leptos::task::spawn_local(async move {
            if let Ok(loaded) = api::code_tables(&token).await {
                tables.set(loaded);
            }
        });
    }

    pub fn sign_out(&self) {
        if let Some(token) = self.token() {
            leptos::task::spawn_local(async move { app::api::logout(&token).await });
        }
        session::save(None);
        kept::forget_all();
        self.session.set(None);
    }
}

#[component]
pub fn Office() -> impl IntoView {
    let stored = session::load().filter(|s| app::session_is_current(s, js_sys::Date::now()));
    let context = OfficeContext {
        lang: RwSignal::new(app::session::load_lang()),
        session: RwSignal::new(stored),
        code_tables: RwSignal::new(Default::default()),
    };
    provide_context(context);
    Effect::new(move |_| {
        if context.session.with(Option::is_some) {
            context.load_code_tables();
        }
    });
    Effect::new(move |_| {
        let lang = context.lang.get();
        app::session::save_lang(lang);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    let role = move || context.session.with(|s| s.as_ref().map(|s| s.officer.role));
    view! {
        <header class="app-header">
            <div class="brand">
                <span class="brand-name">{move || context.t(app::i18n::APP_NAME)}</span>
                <span class="brand-tagline">{move || context.t(i18n::OFFICE_TITLE)}</span>
            </div>
            <div class="header-actions">
                <button
                    class="button secondary"
                    id="language-switch"
                    on:click=move |_| {
                        context.lang.update(|lang| {
                            *lang = match lang {
                                Lang::Id => Lang::En,
                                Lang::En => Lang::Id,
                            }
                        })
                    }
                >
                    {move || context.t(app::i18n::LANGUAGE_SWITCH)}
                </button>
                <Show when=move || role().is_some()>
                    <button class="button secondary" id="office-sign-out" on:click=move |_| context.sign_out()>
                        {move || context.t(i18n::SIGN_OUT)}
                    </button>
                </Show>
            </div>
        </header>
        <main class="content">
            {move || match role() {
                None => view! { <pages::login::OfficeLogin /> }.into_any(),
                Some(Role::Admin) => view! { <pages::admin::AdminPage /> }.into_any(),
                Some(Role::Coordinator | Role::Central) => view! { <Reviewer /> }.into_any(),
                Some(Role::Field) => view! { <pages::not_admin::NotAdmin /> }.into_any(),
            }}
        </main>
    }
}

/// The address of the review of possible duplicates; the table of counts is the rest.
const DUPLICATES_PATH: &str = "/kantor/ganda";

/// The screens of coordinators and the Kanwil, one per address.
#[component]
fn Reviewer() -> impl IntoView {
    let context = expect_context::<OfficeContext>();
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    let on_duplicates = path.trim_end_matches('/') == DUPLICATES_PATH;
    let on_report = path.trim_end_matches('/') == pages::report::REPORT_PATH;
    let on_summary = path.trim_end_matches('/') == pages::summary::SUMMARY_PATH;
    let on_trend = path.trim_end_matches('/') == pages::trend::TREND_PATH;
    let on_teams = path.trim_end_matches('/') == pages::teams::TEAMS_PATH;
    let on_case_review = path.trim_end_matches('/') == pages::case_review::CASE_REVIEW_PATH;
    let on_voter_list = path.trim_end_matches('/') == pages::voter_list::VOTER_LIST_PATH;
    let on_elections = path.trim_end_matches('/') == pages::elections::ELECTIONS_PATH;
    let on_conflicts = path.trim_end_matches('/') == pages::conflicts::CONFLICTS_PATH;
    let history_of = pages::history::record_in_path(&path);
    let operation_of = pages::operations::operation_in_path(&path);
    let on_operations =
        operation_of.is_some() || path.trim_end_matches('/') == pages::operations::OPERATIONS_PATH;
    let current = |here: bool| if here { "page" } else { "false" };
    // Where the links scroll sideways (a narrow screen), the current one is brought in.
    request_animation_frame(|| {
        use wasm_bindgen::JsCast;
        let nav = document().query_selector(".office-nav").ok().flatten();
        let here = document()
            .query_selector(".office-nav [aria-current=page]")
            .ok()
            .flatten()
            .and_then(|link| link.dyn_into::<web_sys::HtmlElement>().ok());
        if let (Some(nav), Some(here)) = (nav, here) {
            nav.set_scroll_left(here.offset_left() - 16);
        }
    });
    // The summary, the table and the trends share the filter bar: moving between them
    // keeps its choice.
    let keep_question = |path: &'static str| {
        move |ev: web_sys::MouseEvent| {
            let search = window().location().search().unwrap_or_default();
            if !search.is_empty() {
                ev.prevent_default();
                let _ = window().location().set_href(&format!("{path}{search}"));
            }
        }
    };
    view! {
        {move || kept::shown_since().get().map(|since| view! {
            <p class="notice" id="offline-figures" role="status">
                {move || context.t(i18n::OFFLINE_FIGURES)} " "
                <strong>{pages::admin::local_time(since as i64)}</strong>
            </p>
        })}
        <nav class="office-nav">
            <a href=pages::summary::SUMMARY_PATH id="nav-summary" on:click=keep_question(pages::summary::SUMMARY_PATH)
                aria-current=current(on_summary)>
                {move || context.t(i18n::NAV_SUMMARY)}
            </a>
            <a href="/kantor/" id="nav-table" on:click=keep_question("/kantor/")
                aria-current=current(history_of.is_none() && !on_duplicates && !on_report && !on_summary && !on_trend && !on_teams && !on_case_review && !on_voter_list && !on_elections && !on_conflicts && !on_operations)>
                {move || context.t(i18n::NAV_TABLE)}
            </a>
            <a href=pages::trend::TREND_PATH id="nav-trend" on:click=keep_question(pages::trend::TREND_PATH)
                aria-current=current(on_trend)>
                {move || context.t(i18n::NAV_TREND)}
            </a>
            <a href=pages::teams::TEAMS_PATH id="nav-teams" aria-current=current(on_teams)>
                {move || context.t(i18n::NAV_TEAMS)}
            </a>
            <a href=pages::case_review::CASE_REVIEW_PATH id="nav-case-review" aria-current=current(on_case_review)>
                {move || context.t(i18n::NAV_CASE_REVIEW)}
            </a>
            <a href=pages::voter_list::VOTER_LIST_PATH id="nav-voter-list" aria-current=current(on_voter_list)>
                {move || context.t(i18n::NAV_VOTER_LIST)}
            </a>
            <a href=pages::operations::OPERATIONS_PATH id="nav-operations" aria-current=current(on_operations)>
                {move || context.t(i18n::NAV_OPERATIONS)}
            </a>
            <a href=pages::elections::ELECTIONS_PATH id="nav-elections" aria-current=current(on_elections)>
                {move || context.t(i18n::NAV_ELECTIONS)}
            </a>
            <a href=DUPLICATES_PATH id="nav-duplicates" aria-current=current(on_duplicates)>
                {move || context.t(i18n::NAV_DUPLICATES)}
            </a>
            <a href=pages::conflicts::CONFLICTS_PATH id="nav-conflicts" aria-current=current(on_conflicts)>
                {move || context.t(i18n::NAV_CONFLICTS)}
            </a>
            <a href=pages::report::REPORT_PATH id="nav-report" aria-current=current(on_report)>
                {move || context.t(i18n::NAV_REPORT)}
            </a>
        </nav>
        {if let Some(id) = history_of {
            view! { <pages::history::HistoryPage id=id /> }.into_any()
        } else if let Some(id) = operation_of {
            view! { <pages::operations::OperationPage id=id /> }.into_any()
        } else if on_operations {
            view! { <pages::operations::OperationsPage /> }.into_any()
        } else if on_duplicates {
            view! { <pages::duplicates::DuplicatesPage /> }.into_any()
        } else if on_report {
            view! { <pages::report::ReportPage /> }.into_any()
        } else if on_summary {
            view! { <pages::summary::SummaryPage /> }.into_any()
        } else if on_case_review {
            view! { <pages::case_review::CaseReviewPage /> }.into_any()
        } else if on_voter_list {
            view! { <pages::voter_list::VoterListPage /> }.into_any()
        } else if on_elections {
            view! { <pages::elections::ElectionsPage /> }.into_any()
        } else if on_conflicts {
            view! { <pages::conflicts::ConflictsPage /> }.into_any()
        } else if on_teams {
            view! { <pages::teams::TeamsPage /> }.into_any()
        } else if on_trend {
            view! { <pages::trend::TrendPage /> }.into_any()
        } else {
            view! { <pages::table::TablePage /> }.into_any()
        }}
    }
}
