//! Errors: typed for the library, turned into JSON or an HTML page at the edge of a request.

use std::net::SocketAddr;

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// What can stop the server or a request.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The address could not be bound. (Causes are not repeated in messages: the binary
    /// prints the chain of causes after them.)
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// Another IO failure.
    #[error(transparent)]
    Io {
        /// The cause.
        source: std::io::Error,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] parallax_store::StoreError),
    /// The search index failed.
    #[error(transparent)]
    Search(#[from] parallax_search::SearchError),
    /// The engine failed (deriving, or reading derived data).
    #[error(transparent)]
    Engine(#[from] parallax_engine::EngineError),
}

/// The body of every error answer of the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong, for a person.
    pub error: String,
}

/// An error answer of the API: a status and a message.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The message.
    pub message: String,
}

impl ApiError {
    /// 404 for the thing named.
    pub fn not_found(what: impl std::fmt::Display) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, message: format!("no {what}") }
    }

    /// 400 with the reason.
    pub fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError { status: StatusCode::BAD_REQUEST, message: message.into() }
    }

    /// 500, logged in full; the reader gets a short message (the detail may name files).
    pub fn internal(error: impl std::fmt::Display) -> ApiError {
        tracing::error!(%error, "request failed");
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: "the server failed to answer; its log says why".into(),
        }
    }
}

impl From<parallax_search::SearchError> for ApiError {
    fn from(error: parallax_search::SearchError) -> ApiError {
        match error {
            parallax_search::SearchError::Query { .. } => ApiError::bad_request(error.to_string()),
            other => ApiError::internal(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(ErrorBody { error: self.message })).into_response()
    }
}

/// Query parameters of an API request; a malformed one is a JSON 400 like every other error.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T, S> axum::extract::FromRequestParts<S> for ApiQuery<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(value)| ApiQuery(value))
            .map_err(|rejection| ApiError::bad_request(rejection.body_text()))
    }
}
