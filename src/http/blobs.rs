//! File routes: upload (streamed to disk while hashed, size-limited) and download (only when
//! the caller may see a record that lists the file).

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tokio_util::io::ReaderStream;

use super::AppState;
use super::error::ApiError;
use super::extract::Caller;
use super::records::parse_path;
use crate::model::Sha256;
use crate::node::{NodeError, Role};
use crate::store::blobs::BlobError;

/// `201 {sha256, size}`.
#[derive(Serialize)]
pub struct Stored {
    sha256: Sha256,
    size: u64,
}

/// `POST /api/v1/blobs` (raw body).
pub async fn upload(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Stored>), ApiError> {
    viewer.require_role(Role::Editor)?;
    let limit = state.node.settings().file_bytes;
    let declared =
        headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit) {
        return Err(NodeError::Blob(BlobError::TooLarge { limit }).into());
    }
    let (sha256, size) = state
        .node
        .blobs()
        .put_stream(body.into_data_stream(), limit)
        .await
        .map_err(NodeError::from)?;
    Ok((StatusCode::CREATED, Json(Stored { sha256, size })))
}

/// `GET /api/v1/blobs/{sha256}`.
pub async fn download(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(sha256): Path<String>,
) -> Result<Response, ApiError> {
    let sha256: Sha256 = parse_path(&sha256, "sha256")?;
    let access = state.node.open_blob(&viewer, &sha256)?;
    let file =
        tokio::fs::File::open(&access.path).await.map_err(|err| NodeError::Blob(err.into()))?;
    let mut headers = HeaderMap::new();
    let media_type = HeaderValue::from_str(&access.attachment.media_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, media_type);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(access.size));
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{sha256}\"")).unwrap_or(HeaderValue::from_static("")),
    );
    if let Ok(disposition) = HeaderValue::from_str(&content_disposition(&access.attachment.name)) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    Ok((headers, Body::from_stream(ReaderStream::new(file))).into_response())
}

/// `attachment; filename*=UTF-8''…` with the name percent-encoded (RFC 6266 / 5987).
fn content_disposition(name: &str) -> String {
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn content_disposition_encodes_everything_unsafe() {
        assert_eq!(
            super::content_disposition("a b\"é.pdf"),
            "attachment; filename*=UTF-8''a%20b%22%C3%A9.pdf"
        );
    }
}
