//! `PUT` and `GET /api/attachments/{sha256}`: photos, addressed by the SHA-256 of their
//! bytes. An upload is verified against its address and is idempotent.

use crate::auth::SignedIn;
use crate::error::{ApiError, Result};
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::put;
use axum::{Json, Router};
use pantau_shared::Lang;
use pantau_shared::region::RegionCode;
use serde_json::json;
use sha2::{Digest, Sha256};

/// The largest photo accepted; the app sends JPEGs of at most 1600 px.
pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;
const ACCEPTED_TYPES: &[&str] = &["image/jpeg", "image/png", "image/webp"];

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/attachments/{sha256}",
        put(upload)
            .get(download)
            .layer(DefaultBodyLimit::max(MAX_ATTACHMENT_BYTES)),
    )
}

fn check_address(sha256: &str) -> Result<()> {
    if sha256.len() == 64
        && sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            "invalid_hash",
            "the address must be a SHA-256 in 64 lowercase hex digits",
        )
        .with_field("sha256"))
    }
}

/// The region of the record the photo belongs to; the uploader's region when absent.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct UploadQuery {
    region: Option<String>,
}

#[utoipa::path(
    put,
    path = "/api/attachments/{sha256}",
    summary = "Upload a photo under the SHA-256 of its bytes",
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    params(("sha256" = String, Path, description = "64 lowercase hex digits"), UploadQuery),
    responses((status = 201, description = "stored (200 when it was already there)"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn upload(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(sha256): Path<String>,
    Query(query): Query<UploadQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response> {
    check_address(&sha256)?;
    let scope = signed_in.read_scope()?.clone();
    if !signed_in.officer.role.writes_records() {
        return Err(ApiError::forbidden("this account may not upload"));
    }
    state.check_storage_floor()?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !ACCEPTED_TYPES.contains(&content_type) {
        return Err(ApiError::client(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("attachments must be one of: {}", ACCEPTED_TYPES.join(", ")),
        ));
    }
    if body.is_empty() {
        return Err(ApiError::bad_request(
            "empty_body",
            "the attachment has no bytes",
        ));
    }
    if hex::encode(Sha256::digest(&body)) != sha256 {
        return Err(ApiError::bad_request(
            "hash_mismatch",
            "the bytes do not have the SHA-256 of the address",
        )
        .with_field("sha256"));
    }
    let region = match query.region.as_deref() {
        None => scope.clone(),
        Some(raw) => RegionCode::parse(raw).map_err(|e| {
            ApiError::bad_request(e.code(), e.message(Lang::En)).with_field("region")
        })?,
    };
    if !scope.covers(&region) {
        return Err(
            ApiError::forbidden("the region is outside your team's region").with_field("region"),
        );
    }
    let officer = signed_in.officer.id.to_string();
    let created = state
        .db
        .put_attachment(&sha256, content_type, &body, region.as_str(), &officer)
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(json!({"sha256": sha256, "size": body.len()}))).into_response())
}

#[utoipa::path(
    get,
    path = "/api/attachments/{sha256}",
    summary = "A photo shown by a record the caller may read",
    params(("sha256" = String, Path, description = "64 lowercase hex digits")),
    responses((status = 200, description = "the bytes"), (status = "4XX", description = "refused: the error body names the code and, where one is to blame, the field", body = pantau_shared::sync::wire::ErrorBody)),
    security(("bearer" = []))
)]
pub(crate) async fn download(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Path(sha256): Path<String>,
) -> Result<Response> {
    check_address(&sha256)?;
    let scope = signed_in.read_scope()?;
    let attachment = state
        .db
        .attachment_in_scope(&sha256, scope.as_str())
        .await?
        .ok_or_else(|| ApiError::not_found("no such attachment in your region"))?;
    state.log_read(&signed_in, "photo", &sha256, "", 1).await?;
    let mut response = attachment.bytes.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&attachment.content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    // A photo of a person's documents must not outlive a wipe in the browser's cache:
    // the device keeps its own copy in its store.
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}
