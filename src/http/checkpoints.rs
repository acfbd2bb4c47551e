//! This node's log as a Merkle tree, for readers (`/api/v1`, no sign-in: the tree commits to
//! headers only, which every reader may see) and for peers (`/fed/v1`, signed requests):
//! `GET …/checkpoint` (the C2SP signed note, `text/plain`), `GET …/proof/inclusion?seq=N[&size=S]`
//! and `GET …/proof/consistency?old=M[&new=N]` (JSON, hashes in standard base64).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::error::ApiError;
use super::fed::SignedPeer;
use crate::node::NodeError;
use crate::node::checkpoints::Proof;

/// Query of the inclusion proof.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InclusionParams {
    seq: u64,
    size: Option<u64>,
}

/// Query of the consistency proof.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConsistencyParams {
    old: u64,
    new: Option<u64>,
}

/// `GET /api/v1/checkpoint`.
pub async fn checkpoint(State(state): State<AppState>) -> Result<Response, ApiError> {
    let note = state.node.checkpoint()?.to_text();
    Ok(([(CONTENT_TYPE, "text/plain; charset=utf-8")], note).into_response())
}

/// `GET /api/v1/proof/inclusion?seq=N[&size=S]`.
pub async fn inclusion(
    State(state): State<AppState>,
    params: Result<Query<InclusionParams>, QueryRejection>,
) -> Result<Json<Proof>, ApiError> {
    let Query(params) = params.map_err(query_error)?;
    Ok(Json(state.node.inclusion_proof(params.seq, params.size)?))
}

/// `GET /api/v1/proof/consistency?old=M[&new=N]`.
pub async fn consistency(
    State(state): State<AppState>,
    params: Result<Query<ConsistencyParams>, QueryRejection>,
) -> Result<Json<Proof>, ApiError> {
    let Query(params) = params.map_err(query_error)?;
    Ok(Json(state.node.consistency_proof(params.old, params.new)?))
}

/// `GET /fed/v1/checkpoint` (signed).
pub async fn fed_checkpoint(state: State<AppState>, _: SignedPeer) -> Result<Response, ApiError> {
    checkpoint(state).await
}

/// `GET /fed/v1/proof/inclusion` (signed).
pub async fn fed_inclusion(
    state: State<AppState>,
    params: Result<Query<InclusionParams>, QueryRejection>,
    _: SignedPeer,
) -> Result<Json<Proof>, ApiError> {
    inclusion(state, params).await
}

/// `GET /fed/v1/proof/consistency` (signed).
pub async fn fed_consistency(
    state: State<AppState>,
    params: Result<Query<ConsistencyParams>, QueryRejection>,
    _: SignedPeer,
) -> Result<Json<Proof>, ApiError> {
    consistency(state, params).await
}

fn query_error(err: QueryRejection) -> ApiError {
    ApiError(NodeError::invalid("query", err.body_text()))
}
