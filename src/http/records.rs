//! Record routes: publish, get, list, and "which records list this file".

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use super::AppState;
use super::error::ApiError;
use super::extract::{Caller, StrictJson};
use crate::model::{Kind, NodeId, Record, RecordId, Sha256};
use crate::node::reads::{FileListing, ListPage, ListQuery, RecordView};
use crate::node::{NodeError, PublishRequest};

/// `201 {id, record}`.
#[derive(Serialize)]
pub struct Published {
    id: RecordId,
    record: Record,
}

/// `POST /api/v1/records`.
pub async fn create(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    StrictJson(request): StrictJson<PublishRequest>,
) -> Result<(StatusCode, Json<Published>), ApiError> {
    let committed = state.node.publish(&viewer, request).await?;
    Ok((StatusCode::CREATED, Json(Published { id: committed.id, record: committed.record })))
}

/// `GET /api/v1/records/{id}`.
pub async fn get(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(id): Path<String>,
) -> Result<Json<RecordView>, ApiError> {
    let id: RecordId = parse_path(&id, "id")?;
    Ok(Json(state.node.get(&viewer, &id)?))
}

/// Query of `GET /api/v1/records`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    kind: Option<String>,
    origin: Option<String>,
    after: Option<u64>,
    limit: Option<usize>,
}

/// `GET /api/v1/records?kind=&origin=&after=&limit=`.
pub async fn list(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    params: Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<ListPage>, ApiError> {
    let Query(params) = params.map_err(|err| NodeError::invalid("query", err.body_text()))?;
    let kind = params
        .kind
        .map(|k| k.parse::<Kind>().map_err(|_| NodeError::UnknownKind(k)))
        .transpose()?;
    let origin = params.origin.map(|o| parse_path::<NodeId>(&o, "origin")).transpose()?;
    let query = ListQuery {
        kind,
        origin,
        after: params.after.unwrap_or(0),
        limit: params.limit.unwrap_or(50),
    };
    Ok(Json(state.node.list(&viewer, &query)?))
}

/// `GET /api/v1/lookup/{sha256}`.
pub async fn lookup(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(sha256): Path<String>,
) -> Result<Json<LookupResponse>, ApiError> {
    let sha256: Sha256 = parse_path(&sha256, "sha256")?;
    Ok(Json(LookupResponse { sha256, records: state.node.lookup(&viewer, &sha256)? }))
}

/// What lookup returns.
#[derive(Serialize)]
pub struct LookupResponse {
    sha256: Sha256,
    records: Vec<FileListing>,
}

/// Parses a path or query identifier, naming the field when it is malformed.
pub fn parse_path<T: std::str::FromStr<Err = crate::model::ids::IdError>>(
    text: &str,
    field: &str,
) -> Result<T, NodeError> {
    text.parse()
        .map_err(|err: crate::model::ids::IdError| NodeError::invalid(field, err.to_string()))
}
