//! The federation endpoints under `/fed/v1` (DESIGN §3) and the extractor that admits their
//! signed requests: every handler takes a [`SignedPeer`], so nothing runs before the node has
//! checked destination, time, membership, key, signature and nonce.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::HeaderMap;
use axum::response::Response;
use bytes::Bytes;
use serde::Deserialize;

use super::AppState;
use super::error::ApiError;
use crate::model::ids::IdError;
use crate::model::request::{RequestAuth, RequestLine};
use crate::model::{NodeId, Sha256};
use crate::node::federation::{Head, LogPage, MAX_PAGE_RECORDS, NoticedHead, Refusal};
use crate::node::{NodeError, Viewer};

/// A request admitted as coming from `origin`, with its body.
pub struct SignedPeer {
    /// The calling node.
    pub origin: NodeId,
    /// The request body (empty for GET).
    pub body: Bytes,
}

impl FromRequest<AppState> for SignedPeer {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<SignedPeer, ApiError> {
        let (parts, body) = request.into_parts();
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .ok_or_else(|| refused(Refusal::Malformed("a signed request is required".into())))?;
        let auth = RequestAuth::parse(header).map_err(|err| refused(Refusal::Malformed(err.0)))?;
        let limit = state.node.settings().record_bytes;
        let body =
            axum::body::to_bytes(body, limit).await.map_err(|_| NodeError::TooLarge { limit })?;
        let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let line = RequestLine {
            method: parts.method.as_str(),
            path_and_query: path,
            body: Sha256::of(&body),
        };
        let origin = state.node.admit_request(&auth, &line, now)?;
        Ok(SignedPeer { origin, body })
    }
}

fn refused(refusal: Refusal) -> ApiError {
    ApiError(NodeError::Refused(refusal))
}

/// `GET /fed/v1/heads`: `[{origin, seq, id}]` for every origin this node holds.
pub async fn heads(
    State(state): State<AppState>,
    _: SignedPeer,
) -> Result<Json<Vec<Head>>, ApiError> {
    Ok(Json(state.node.heads()?))
}

/// Query of `GET /fed/v1/log/{origin}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogParams {
    after: Option<u64>,
    limit: Option<usize>,
}

/// `GET /fed/v1/log/{origin}?after=N&limit=M`: the origin's records with seq > N, in order,
/// bodies withheld where the caller may not see them.
pub async fn log(
    State(state): State<AppState>,
    Path(origin): Path<String>,
    params: Result<Query<LogParams>, QueryRejection>,
    peer: SignedPeer,
) -> Result<Json<LogPage>, ApiError> {
    let Query(params) = params.map_err(|err| NodeError::invalid("query", err.body_text()))?;
    let origin: NodeId =
        origin.parse().map_err(|err: IdError| NodeError::invalid("origin", err.to_string()))?;
    let limit = params.limit.unwrap_or(MAX_PAGE_RECORDS);
    let viewer = Viewer::Peer(peer.origin);
    Ok(Json(state.node.log_page(&viewer, &origin, params.after.unwrap_or(0), limit)?))
}

/// `GET /fed/v1/blobs/{sha256}`: the file (with `Range`), only if the calling node may see a
/// record that lists it.
pub async fn blob(
    State(state): State<AppState>,
    Path(sha256): Path<String>,
    headers: HeaderMap,
    peer: SignedPeer,
) -> Result<Response, ApiError> {
    let sha256: Sha256 =
        sha256.parse().map_err(|err: IdError| NodeError::invalid("sha256", err.to_string()))?;
    super::blobs::serve(&state, &Viewer::Peer(peer.origin), &sha256, &headers).await
}

/// `POST /fed/v1/notify` `{heads: [...]}`: the caller holds news; if this node pulls from it
/// and lacks one of those heads (or none is named), its pulling task wakes now instead of at
/// the next interval. `202 {"pulling": bool}`.
pub async fn notify(
    State(state): State<AppState>,
    peer: SignedPeer,
) -> Result<(axum::http::StatusCode, Json<serde_json::Value>), ApiError> {
    #[derive(Deserialize)]
    struct Notice {
        heads: Vec<NoticedHead>,
    }
    let value = crate::model::json::parse_strict(&peer.body)?;
    let notice: Notice = serde_json::from_value(value).map_err(|err| {
        NodeError::invalid(
            "heads",
            format!("expected {{\"heads\": [{{origin, seq}}, ...]}}: {err}"),
        )
    })?;
    let pulling = state.node.peer_has_news(&peer.origin, &notice.heads);
    Ok((axum::http::StatusCode::ACCEPTED, Json(serde_json::json!({ "pulling": pulling }))))
}
