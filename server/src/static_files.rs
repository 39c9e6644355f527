//! Serves the built app: hashed assets cached for a year, everything else revalidated
//! (so `index.html` and the service worker are never stale), a real 404 for a missing
//! asset, and `index.html` for client-side routes (`kantor/index.html` for the office
//! screens under `/kantor`).

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// Where the office screens live: their own page, beside the field app's.
const OFFICE_PATH: &str = "/kantor";

/// The app's files under `dir`, as a router to fall back to after the API. On a `demo`
/// system every page carries a banner saying so.
pub fn router<S: Clone + Send + Sync + 'static>(dir: PathBuf, demo: bool) -> Router<S> {
    let (index, office_index) = (dir.join("index.html"), dir.join("kantor/index.html"));
    let client_route = move |request: Request| {
        let path = request.uri().path();
        let page = if is_office_route(path) {
            office_index.clone()
        } else {
            index.clone()
        };
        let asset = looks_like_asset(path);
        async move {
            if asset {
                return (StatusCode::NOT_FOUND, "not found").into_response();
            }
            match ServeFile::new(page).oneshot(request).await {
                Ok(response) => response.map(Body::new),
                Err(error) => match error {},
            }
        }
    };
    let files = ServeDir::new(dir).fallback(tower::service_fn(move |request: Request| {
        let respond = client_route.clone();
        async move { Ok::<_, std::convert::Infallible>(respond(request).await) }
    }));
    let router = Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers));
    if demo {
        router.layer(middleware::from_fn(mark_demo))
    } else {
        router
    }
}

/// What a demo page says above everything else, in both languages.
const DEMO_BANNER: &str = "<p class=\"demo-banner\" id=\"demo-banner\" role=\"note\">DEMO — \
    data dan akun di sini fiktif, kata sandinya diumumkan; jangan masukkan data sebenarnya. \
    / Demo: the data and accounts here are fictitious and their password is public; \
    enter no real data.</p>";

/// Puts the demo banner at the top of a page's body. The page changes with the mode, so
/// it carries no validator a browser could revalidate a page of the other mode with.
async fn mark_demo(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !is_page || response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, PAGE_LIMIT).await else {
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            "the page could not be read",
        )
            .into_response();
    };
    let page =
        String::from_utf8_lossy(&bytes).replacen("<body>", &format!("<body>{DEMO_BANNER}"), 1);
    for name in [header::ETAG, header::LAST_MODIFIED, header::CONTENT_LENGTH] {
        parts.headers.remove(name);
    }
    Response::from_parts(parts, Body::from(page))
}

/// The largest page the demo banner is added to; the app's pages are a few hundred bytes.
const PAGE_LIMIT: usize = 1024 * 1024;

/// Whether a client route belongs to the office screens.
fn is_office_route(path: &str) -> bool {
    path.strip_prefix(OFFICE_PATH)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A path whose last segment has an extension names a file, never a client route.
fn looks_like_asset(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|segment| segment.contains('.'))
}

/// Whether a file name carries a content hash (`app-0123456789abcdef.wasm`): such a
/// file never changes, so it can be cached forever.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split(['-', '_', '.'])
        .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let policy = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_assets_from_client_routes() {
        assert!(looks_like_asset("/sw.js"));
        assert!(looks_like_asset("/assets/app-0123456789abcdef.wasm"));
        assert!(!looks_like_asset("/subjects/0190f3a2"));
        assert!(!looks_like_asset("/"));
    }

    #[test]
    fn office_routes_open_the_office_page() {
        assert!(is_office_route("/kantor"));
        assert!(is_office_route("/kantor/perangkat"));
        assert!(!is_office_route("/kantorku"));
        assert!(!is_office_route("/orang-asing"));
    }

    #[test]
    fn recognises_hashed_names() {
        assert!(is_hashed("/pantau-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("/pantau-0123456789abcdef.js"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/index.html"));
    }
}
