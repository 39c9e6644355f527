//! The one error type of the HTTP API. Client errors carry a specific code, message and
//! field; server errors are logged in full and answered with a safe message.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use pantau_shared::FieldError;
use pantau_shared::sync::wire::{ErrorBody, ErrorDetail};

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A 4xx answer with its code, message and optional field.
    #[error("{status}: {code}: {message}")]
    Client {
        status: StatusCode,
        code: &'static str,
        message: String,
        field: Option<String>,
    },
    /// 429: too many attempts; the caller may try again after `retry_after_s` seconds,
    /// which the answer's `Retry-After` header says.
    #[error("429: {code}: {message}")]
    Throttled {
        code: &'static str,
        message: String,
        retry_after_s: u64,
    },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("internal error: {0}")]
    Internal(#[from] anyhow::Error),
}

/// The codes of a refused value (`pantau_shared::Invalid::code`).
const FIELD_CODES: &[&str] = &[
    "required",
    "wrong_type",
    "too_long",
    "too_short",
    "invalid_format",
    "invalid_date",
    "not_allowed_value",
    "out_of_range",
    "unknown_field",
    "read_only",
    "too_early",
    "too_late",
];

impl ApiError {
    pub fn client(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError::Client {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    /// A write the push path refused, answered by an office screen's API: `forbidden`
    /// as 403, a refused value as 422 with its code and field.
    pub fn push_refusal(error: pantau_shared::sync::wire::ErrorDetail) -> Self {
        let (status, code) = match error.code.as_str() {
            "forbidden" => (StatusCode::FORBIDDEN, "forbidden"),
            code => (
                StatusCode::UNPROCESSABLE_ENTITY,
                FIELD_CODES
                    .iter()
                    .find(|known| **known == code)
                    .copied()
                    .unwrap_or("rejected"),
            ),
        };
        ApiError::Client {
            status,
            code,
            message: error.message,
            field: error.field,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::client(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn with_field(self, name: impl Into<String>) -> Self {
        match self {
            ApiError::Client {
                status,
                code,
                message,
                ..
            } => ApiError::Client {
                status,
                code,
                message,
                field: Some(name.into()),
            },
            other => other,
        }
    }

    pub fn unauthorized(code: &'static str, message: impl Into<String>) -> Self {
        Self::client(StatusCode::UNAUTHORIZED, code, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::client(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::client(StatusCode::NOT_FOUND, "not_found", message)
    }

    pub fn invalid(error: &FieldError) -> Self {
        ApiError::Client {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: error.code(),
            message: error.message(pantau_shared::Lang::En),
            field: Some(error.field.clone()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut retry_after_s = None;
        let (status, detail) = match self {
            ApiError::Client {
                status,
                code,
                message,
                field,
            } => (status, ErrorDetail::new(code, message, field)),
            ApiError::Throttled {
                code,
                message,
                retry_after_s: wait,
            } => {
                retry_after_s = Some(wait);
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    ErrorDetail::new(code, message, None),
                )
            }
            server_error => {
                tracing::error!(error = %server_error, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorDetail::new(
                        "internal_error",
                        "the server could not complete the request",
                        None,
                    ),
                )
            }
        };
        let revoked = detail.code == "device_revoked";
        let mut response = (status, Json(ErrorBody { error: detail })).into_response();
        if let Some(wait) = retry_after_s {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, wait.into());
        }
        // A revoked device is told to forget everything it holds for this origin: its
        // store, its session, its cached app. The app wipes itself too, as a browser
        // may not honour the header.
        if revoked {
            response.headers_mut().insert(
                axum::http::HeaderName::from_static("clear-site-data"),
                axum::http::HeaderValue::from_static("\"storage\""),
            );
        }
        response
    }
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        match rejection {
            JsonRejection::MissingJsonContentType(_) => ApiError::client(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "the body must be JSON with Content-Type: application/json",
            ),
            JsonRejection::JsonSyntaxError(error) => ApiError::bad_request(
                "malformed_json",
                format!("the body is not valid JSON: {}", error.body_text()),
            ),
            JsonRejection::JsonDataError(error) => ApiError::bad_request(
                "invalid_body",
                format!(
                    "the body does not have the expected shape: {}",
                    error.body_text()
                ),
            ),
            JsonRejection::BytesRejection(_) => ApiError::client(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "the body is too large or could not be read",
            ),
            other => ApiError::bad_request("invalid_body", other.body_text()),
        }
    }
}

/// `axum::Json` whose rejections answer in the API's own error shape.
#[derive(Debug, Clone, Copy, Default, axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

impl<T: serde::Serialize> IntoResponse for ApiJson<T> {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}
