//! Pantau's field app: a client-side Leptos app compiled to WebAssembly.
//!
//! - [`App`] holds the app-wide state ([`AppContext`]) and shows the sign-in page or the
//!   signed-in shell.
//! - [`api`] talks to the server; [`session`] keeps the device id, session and language
//!   in localStorage.
//! - [`i18n`] is the catalogue of every text, Bahasa Indonesia first.
//! - [`components`] are the building blocks (header, status bar); [`pages`] the screens.

pub mod api;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod session;

use leptos::prelude::*;
use pantau_shared::Lang;
use pantau_shared::lang::Label;
use session::StoredSession;

/// State every component may read.
#[derive(Clone, Copy)]
pub struct AppContext {
    pub lang: RwSignal<Lang>,
    pub session: RwSignal<Option<StoredSession>>,
}

impl AppContext {
    /// A catalogue text in the current language (reactive).
    pub fn t(&self, label: Label) -> &'static str {
        label.get(self.lang.get())
    }

    pub fn sign_in(&self, session: StoredSession) {
        session::save_session(Some(&session));
        self.session.set(Some(session));
    }

    pub fn sign_out(&self) {
        session::save_session(None);
        self.session.set(None);
    }
}

/// Whether a stored session is still valid at `now_ms`.
pub fn session_is_current(session: &StoredSession, now_ms: f64) -> bool {
    pantau_shared::identity::Timestamp::parse(&session.expires_at)
        .is_ok_and(|expiry| (expiry.unix_ms() as f64) > now_ms)
}

#[component]
pub fn App() -> impl IntoView {
    let stored = session::load_session().filter(|s| session_is_current(s, js_sys::Date::now()));
    let context = AppContext {
        lang: RwSignal::new(session::load_lang()),
        session: RwSignal::new(stored),
    };
    provide_context(context);
    // Keep the page's language attribute in step with the chosen language.
    Effect::new(move |_| {
        let lang = context.lang.get();
        session::save_lang(lang);
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    view! {
        <components::header::Header />
        <components::status_bar::StatusBar />
        <main class="content">
            <Show
                when=move || context.session.with(Option::is_some)
                fallback=|| view! { <pages::login::LoginPage /> }
            >
                <pages::home::HomePage />
            </Show>
        </main>
    }
}
