//! Serves the built app: hashed assets cached for a year, everything else revalidated
//! (so `index.html` and the service worker are never stale), a real 404 for a missing
//! asset, and `index.html` for client-side routes.

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The app's files under `dir`, as a router to fall back to after the API.
pub fn router<S: Clone + Send + Sync + 'static>(dir: PathBuf) -> Router<S> {
    let index = dir.join("index.html");
    let client_route = move |request: Request| {
        let index = index.clone();
        async move {
            if looks_like_asset(request.uri().path()) {
                return (StatusCode::NOT_FOUND, "not found").into_response();
            }
            match ServeFile::new(index).oneshot(request).await {
                Ok(response) => response.map(Body::new),
                Err(error) => match error {},
            }
        }
    };
    let files = ServeDir::new(dir).fallback(tower::service_fn(move |request: Request| {
        let respond = client_route.clone();
        async move { Ok::<_, std::convert::Infallible>(respond(request).await) }
    }));
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
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
    fn recognises_hashed_names() {
        assert!(is_hashed("/pantau-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("/pantau-0123456789abcdef.js"));
        assert!(!is_hashed("/sw.js"));
        assert!(!is_hashed("/index.html"));
    }
}
