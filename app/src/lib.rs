//! Pantau's field app: a client-side Leptos app compiled to WebAssembly, offline-first.
//!
//! - [`App`] holds the app-wide state ([`AppContext`], the [`device::Device`]) and the
//!   routes.
//! - [`device`] keeps the device's data in memory and in IndexedDB ([`store`]) and syncs
//!   it with the server through the shared engine; [`api`] is the HTTP client.
//! - [`session`] keeps the device id, session and language in localStorage; [`drafts`]
//!   the forms being typed.
//! - [`i18n`] is the catalogue of every text, Bahasa Indonesia first.
//! - [`components`] are the building blocks; [`pages`] the screens.

pub mod api;
pub mod components;
pub mod device;
pub mod drafts;
pub mod gps;
pub mod i18n;
pub mod pages;
pub mod photos;
pub mod session;
pub mod signing;
pub mod store;
pub mod task;
pub mod vault;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use pages::not_found::{WritersOnly, Writes};
use pantau_shared::Lang;
use pantau_shared::identity::IsoDate;
use pantau_shared::lang::Label;
use pantau_shared::meeting::RakorRight;
use pantau_shared::sync::wire::DeviceLease;
use session::StoredSession;

/// State every component may read.
#[derive(Clone, Copy)]
pub struct AppContext {
    pub lang: RwSignal<Lang>,
    pub session: RwSignal<Option<StoredSession>>,
    /// Why the officer was signed out, shown on the sign-in page (a revoked device).
    pub sign_out_reason: RwSignal<Option<Label>>,
    /// What was lost with a wipe the officer did not ask for, shown beside the reason.
    pub lost_writes: RwSignal<usize>,
    /// Whether the data key is open: the app's screens show only then.
    pub unlocked: RwSignal<bool>,
    /// The lease that came with the sign-in, until the data key is made or opened.
    pub fresh_lease: RwSignal<Option<DeviceLease>>,
}

impl AppContext {
    /// A catalogue text in the current language (reactive).
    pub fn t(&self, label: Label) -> &'static str {
        label.get(self.lang.get())
    }

    /// A new session: it is kept (its token sealed) once the data key is unlocked.
    pub fn sign_in(&self, session: StoredSession, lease: Option<DeviceLease>) {
        self.sign_out_reason.set(None);
        self.lost_writes.set(0);
        self.fresh_lease.set(lease);
        self.unlocked.set(false);
        self.session.set(Some(session));
    }

    /// Whether the signed-in officer writes field records (the Kanwil only reads): a
    /// button whose write the server would refuse is never shown.
    pub fn writes_records(&self) -> bool {
        self.session
            .with(|s| s.as_ref().is_some_and(|s| s.officer.role.writes_records()))
    }

    /// What the signed-in officer may write of the team's Rakor.
    pub fn rakor_right(&self) -> RakorRight {
        self.session.with(|s| {
            s.as_ref().map_or(RakorRight::Reads, |s| {
                RakorRight::of(s.officer.role, &s.officer.agency)
            })
        })
    }

    pub fn sign_out(&self) {
        session::forget_session();
        self.session.set(None);
        self.lock();
    }

    /// Drops the data key from memory; the lock screen asks for the PIN again.
    pub fn lock(&self) {
        vault::set_unlocked(None);
        self.unlocked.set(false);
    }
}

/// Whether a stored session is still valid at `now_ms`.
pub fn session_is_current(session: &StoredSession, now_ms: f64) -> bool {
    pantau_shared::identity::Timestamp::parse(&session.expires_at)
        .is_ok_and(|expiry| (expiry.unix_ms() as f64) > now_ms)
}

/// Today on the device's calendar.
pub fn today() -> IsoDate {
    let now = js_sys::Date::new_0();
    IsoDate::from_ymd(
        now.get_full_year() as i32,
        now.get_month() as u8 + 1,
        now.get_date() as u8,
    )
    .unwrap_or_else(|_| IsoDate::from(time::Date::MIN))
}

/// Now, in RFC 3339 with the device's UTC offset (the officer's local time), to the
/// second.
pub fn now_rfc3339() -> String {
    let now = js_sys::Date::new_0();
    let offset_seconds = -(now.get_timezone_offset() as i32) * 60;
    let whole_seconds = (now.get_time() as i64).div_euclid(1000) * 1000;
    pantau_shared::identity::Timestamp::from_unix_ms(whole_seconds)
        .map(|moment| moment.at_offset(offset_seconds).to_string())
        .unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    let stored = session::load_session().filter(|s| session_is_current(s, js_sys::Date::now()));
    let context = AppContext {
        lang: RwSignal::new(session::load_lang()),
        session: RwSignal::new(stored),
        sign_out_reason: RwSignal::new(None),
        lost_writes: RwSignal::new(0),
        unlocked: RwSignal::new(false),
        fresh_lease: RwSignal::new(None),
    };
    provide_context(context);
    let device = device::Device::start(context);
    provide_context(device);
    // Signing in starts a sync at once, so a new device fills up without waiting.
    Effect::new(move |was_signed_in: Option<bool>| {
        let signed_in = context.session.with(Option::is_some);
        if signed_in && was_signed_in == Some(false) {
            device.sync_now(context);
        }
        signed_in
    });
    // Keep the page's language attribute in step with the chosen language.
    Effect::new(move |_| {
        let lang = context.lang.get();
        session::save_lang(lang);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    // Marks when the first screen is drawn, for the cold-open benchmark.
    Effect::new(move |_| {
        if let Some(performance) = window().performance() {
            let _ = performance.mark("pantau-first-screen");
        }
    });
    view! {
        <Router>
            <components::header::Header />
            <components::status_bar::StatusBar />
            <components::update_prompt::UpdatePrompt />
            <Show
                when=move || context.session.with(Option::is_some)
                fallback=|| view! { <main class="content"><pages::login::LoginPage /></main> }
            >
                <Show
                    when=move || context.unlocked.get()
                    fallback=|| view! { <main class="content"><pages::lock::LockPage /></main> }
                >
                <components::nav::Nav />
                <main class="content">
                    <Routes fallback=|| view! { <pages::not_found::NotFound /> }>
                        <Route path=path!("/") view=pages::home::HomePage />
                        <Route path=path!("/orang-asing") view=pages::subjects::SubjectListPage />
                        <Route path=path!("/orang-asing/baru") view=|| view! { <WritersOnly writes=Writes::Records><pages::subject_form::SubjectFormPage /></WritersOnly> } />
                        <Route path=path!("/orang-asing/:id") view=pages::subject_detail::SubjectDetailPage />
                        <Route path=path!("/orang-asing/:id/ubah") view=|| view! { <WritersOnly writes=Writes::Records><pages::subject_form::SubjectFormPage /></WritersOnly> } />
                        <Route path=path!("/pemeriksaan") view=pages::inspections::InspectionListPage />
                        <Route path=path!("/pemeriksaan/baru") view=|| view! { <WritersOnly writes=Writes::Records><pages::inspection_form::InspectionFormPage /></WritersOnly> } />
                        <Route path=path!("/pemeriksaan/:id") view=pages::inspection_detail::InspectionDetailPage />
                        <Route path=path!("/pemeriksaan/:id/ubah") view=|| view! { <WritersOnly writes=Writes::Records><pages::inspection_form::InspectionFormPage /></WritersOnly> } />
                        <Route path=path!("/rakor") view=pages::meetings::MeetingListPage />
                        <Route path=path!("/rakor/baru") view=|| view! { <WritersOnly writes=Writes::Minutes><pages::meeting_form::MeetingFormPage /></WritersOnly> } />
                        <Route path=path!("/rakor/:id") view=pages::meeting_detail::MeetingDetailPage />
                        <Route path=path!("/rakor/:id/ubah") view=|| view! { <WritersOnly writes=Writes::Minutes><pages::meeting_form::MeetingFormPage /></WritersOnly> } />
                        <Route path=path!("/sinkronisasi") view=pages::sync::SyncPage />
                    </Routes>
                </main>
                </Show>
            </Show>
        </Router>
    }
}
