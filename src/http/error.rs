//! The one mapping from errors to HTTP responses: `{"code", "message", "field"?}` with the right
//! status. Internal causes are logged here and never sent.

use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::index::IndexError;
use crate::model::json::JsonError;
use crate::node::NodeError;
use crate::node::federation::Refusal;
use crate::store::blobs::BlobError;

/// An error on its way to becoming a response.
#[derive(Debug)]
pub struct ApiError(pub NodeError);

impl From<NodeError> for ApiError {
    fn from(err: NodeError) -> ApiError {
        ApiError(err)
    }
}

impl From<JsonError> for ApiError {
    fn from(err: JsonError) -> ApiError {
        ApiError(NodeError::Json(err))
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    code: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
}

/// The status a node error is reported with.
pub fn status_of(err: &NodeError) -> StatusCode {
    use NodeError as E;
    match err {
        E::Json(_) | E::Schema { .. } | E::UnknownKind(_) | E::KindNotPublishable(_) => {
            StatusCode::BAD_REQUEST
        }
        E::BadSignature(_) | E::BodyHashMismatch | E::InvalidInput { .. } => {
            StatusCode::BAD_REQUEST
        }
        E::Blob(BlobError::HashMismatch { .. } | BlobError::Interrupted(_)) => {
            StatusCode::BAD_REQUEST
        }
        E::TooLarge { .. } | E::Blob(BlobError::TooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
        E::Unauthenticated | E::BadCredentials => StatusCode::UNAUTHORIZED,
        E::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
        E::Forbidden(_) | E::NotOrigin { .. } => StatusCode::FORBIDDEN,
        E::NotFound { .. } => StatusCode::NOT_FOUND,
        E::SeqGap { .. } | E::PrevMismatch { .. } | E::Equivocation { .. } | E::Conflict(_) => {
            StatusCode::CONFLICT
        }
        E::KeyNotValid { .. }
        | E::ReferenceNotFound { .. }
        | E::InvalidReference { .. }
        | E::Attachment { .. }
        | E::Flow { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        E::Index(IndexError::BadQuery(_)) => StatusCode::BAD_REQUEST,
        E::Unavailable | E::Refused(Refusal::Busy) => StatusCode::SERVICE_UNAVAILABLE,
        E::Refused(Refusal::NotInFederation(_)) => StatusCode::FORBIDDEN,
        E::Refused(_) => StatusCode::UNAUTHORIZED,
        E::Store(_) | E::Index(_) | E::Blob(BlobError::Io(_)) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = status_of(&self.0);
        let message = if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(error = %self.0, "internal error");
            "internal error; see the node's log".to_owned()
        } else {
            self.0.to_string()
        };
        let body = ErrorBody { code: self.0.code(), message, field: self.0.field() };
        let mut response = (status, Json(body)).into_response();
        if let NodeError::TooManyAttempts { retry_after } = self.0 {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        response
    }
}
