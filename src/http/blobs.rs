//! File routes: upload (streamed to disk while hashed, size-limited) and download (only when
//! the caller may see a record that lists the file).

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use tokio::io::{AsyncReadExt, AsyncSeekExt};
use tokio_util::io::ReaderStream;

use super::AppState;
use super::error::ApiError;
use super::extract::Caller;
use super::records::parse_path;
use crate::model::Sha256;
use crate::node::{NodeError, Role, Viewer};
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

/// `GET /api/v1/blobs/{sha256}` (with `Range` for resumable downloads).
pub async fn download(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(sha256): Path<String>,
    request_headers: HeaderMap,
) -> Result<Response, ApiError> {
    let sha256: Sha256 = parse_path(&sha256, "sha256")?;
    serve(&state, &viewer, &sha256, &request_headers).await
}

/// The file `sha256` as `viewer` may receive it: whole, or the one byte range asked for.
pub async fn serve(
    state: &AppState,
    viewer: &Viewer,
    sha256: &Sha256,
    request_headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let access = state.node.open_blob(viewer, sha256)?;
    let mut file =
        tokio::fs::File::open(&access.path).await.map_err(|err| NodeError::Blob(err.into()))?;
    let mut headers = HeaderMap::new();
    let media_type = HeaderValue::from_str(&access.attachment.media_type)
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, media_type);
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    headers.insert(
        header::ETAG,
        HeaderValue::from_str(&format!("\"{sha256}\"")).unwrap_or(HeaderValue::from_static("")),
    );
    let media_type = access.attachment.media_type.as_str();
    let disposition = content_disposition(&access.attachment.name, shown_inline(media_type));
    if let Ok(disposition) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, disposition);
    }
    // A file is someone's upload: never sniffed into another type, never run as a page here.
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox"));
    let asked = request_headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let Some(asked) = asked else {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(access.size));
        return Ok((headers, Body::from_stream(ReaderStream::new(file))).into_response());
    };
    let Some((start, end)) = byte_range(asked, access.size) else {
        return Ok(unsatisfiable(access.size));
    };
    file.seek(std::io::SeekFrom::Start(start)).await.map_err(|err| NodeError::Blob(err.into()))?;
    let length = end - start + 1;
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    let range = format!("bytes {start}-{end}/{}", access.size);
    headers.insert(
        header::CONTENT_RANGE,
        HeaderValue::from_str(&range).unwrap_or(HeaderValue::from_static("")),
    );
    let body = Body::from_stream(ReaderStream::new(file.take(length)));
    Ok((StatusCode::PARTIAL_CONTENT, headers, body).into_response())
}

/// The inclusive byte span of a single-range `Range` header (`bytes=a-b`, `bytes=a-`,
/// `bytes=-n`) within a file of `size` bytes; `None` when it is malformed, a multi-range or
/// unsatisfiable (answered with 416).
fn byte_range(header: &str, size: u64) -> Option<(u64, u64)> {
    let spec = header.trim().strip_prefix("bytes=")?;
    let (first, last) = spec.split_once('-')?;
    let number = |text: &str| text.trim().parse::<u64>().ok();
    let (start, end) = match (first.trim().is_empty(), last.trim().is_empty()) {
        (true, false) => {
            let suffix = number(last)?.min(size);
            (size.checked_sub(suffix)?, size.checked_sub(1)?)
        }
        (false, true) => (number(first)?, size.checked_sub(1)?),
        (false, false) => (number(first)?, number(last)?.min(size.checked_sub(1)?)),
        (true, true) => return None,
    };
    (start <= end && end < size).then_some((start, end))
}

fn unsatisfiable(size: u64) -> Response {
    let body = serde_json::json!({
        "code": "range_not_satisfiable",
        "message": format!("the range is not a single satisfiable byte range of {size} bytes"),
    });
    let range =
        HeaderValue::from_str(&format!("bytes */{size}")).unwrap_or(HeaderValue::from_static(""));
    (StatusCode::RANGE_NOT_SATISFIABLE, [(header::CONTENT_RANGE, range)], Json(body))
        .into_response()
}

/// Types a browser may show in place: documents and pictures that cannot run script in this
/// origin. Everything else (HTML, SVG, office files …) is downloaded.
fn shown_inline(media_type: &str) -> bool {
    matches!(
        media_type,
        "application/pdf" | "image/png" | "image/jpeg" | "image/gif" | "image/webp" | "text/plain"
    )
}

/// `inline` or `attachment; filename*=UTF-8''…` with the name percent-encoded (RFC 6266 /
/// 5987).
fn content_disposition(name: &str, inline: bool) -> String {
    let mut encoded = String::new();
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    let disposition = if inline { "inline" } else { "attachment" };
    format!("{disposition}; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn byte_ranges_are_single_and_satisfiable() {
        use super::byte_range;
        assert_eq!(byte_range("bytes=0-99", 1000), Some((0, 99)));
        assert_eq!(byte_range("bytes=900-", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=-100", 1000), Some((900, 999)));
        assert_eq!(byte_range("bytes=-5000", 1000), Some((0, 999)));
        assert_eq!(byte_range("bytes=990-5000", 1000), Some((990, 999)));
        for refused in
            ["bytes=1000-", "bytes=5-4", "bytes=0-1,5-6", "items=0-1", "bytes=-", "bytes=a-"]
        {
            assert_eq!(byte_range(refused, 1000), None, "{refused}");
        }
        assert_eq!(byte_range("bytes=0-", 0), None);
    }

    #[test]
    fn content_disposition_encodes_everything_unsafe() {
        assert_eq!(
            super::content_disposition("a b\"é.pdf", false),
            "attachment; filename*=UTF-8''a%20b%22%C3%A9.pdf"
        );
        assert_eq!(super::content_disposition("a.pdf", true), "inline; filename*=UTF-8''a.pdf");
        assert!(super::shown_inline("application/pdf"));
        assert!(!super::shown_inline("text/html") && !super::shown_inline("image/svg+xml"));
    }
}
