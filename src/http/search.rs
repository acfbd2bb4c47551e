//! `GET /api/v1/search` and `POST /api/v1/reindex`.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use serde::Deserialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::AppState;
use super::error::ApiError;
use super::extract::Caller;
use crate::index::SearchRequest;
use crate::node::search::SearchPage;
use crate::node::{NodeError, Role};

/// Query string of `GET /api/v1/search`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchParams {
    q: Option<String>,
    kind: Option<String>,
    origin: Option<String>,
    lang: Option<String>,
    group: Option<String>,
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
    current: Option<bool>,
    ui_lang: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
    facets: Option<bool>,
    sort: Option<String>,
}

/// `GET /api/v1/search?q=&kind=&origin=&lang=&group=&status=&from=&to=&current=&sort=&limit=&offset=`.
pub async fn search(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Json<SearchPage>, ApiError> {
    let Query(params) = params.map_err(|err| NodeError::invalid("query", err.body_text()))?;
    let request = SearchRequest {
        text: params.q.unwrap_or_default(),
        kind: params.kind,
        origin: params.origin,
        lang: params.lang,
        group: params.group,
        status: params.status,
        from: params.from.as_deref().map(|t| parse_time("from", t)).transpose()?,
        to: params.to.as_deref().map(|t| parse_time("to", t)).transpose()?,
        current_only: params.current.unwrap_or(false),
        prefer_lang: params.ui_lang,
        limit: params.limit.unwrap_or(10),
        offset: params.offset.unwrap_or(0),
        facets: params.facets.unwrap_or(true),
        newest_first: newest_first(params.sort.as_deref())?,
        snippets: true,
        ..SearchRequest::default()
    };
    let node = state.node.clone();
    let page = tokio::task::spawn_blocking(move || node.search(&viewer, &request))
        .await
        .map_err(|_| NodeError::Unavailable)??;
    Ok(Json(page))
}

/// `sort=relevance` (the default) or `sort=newest`.
pub fn newest_first(sort: Option<&str>) -> Result<bool, NodeError> {
    match sort {
        None | Some("relevance") => Ok(false),
        Some("newest") => Ok(true),
        Some(_) => Err(NodeError::invalid("sort", "must be relevance or newest")),
    }
}

/// An RFC 3339 time or a `YYYY-MM-DD` date (midnight UTC).
pub fn parse_time(field: &str, text: &str) -> Result<OffsetDateTime, NodeError> {
    let full = if text.len() == 10 { format!("{text}T00:00:00Z") } else { text.to_owned() };
    OffsetDateTime::parse(&full, &Rfc3339)
        .map_err(|_| NodeError::invalid(field, "must be an RFC 3339 time or a YYYY-MM-DD date"))
}

/// `POST /api/v1/reindex` (admins): rebuild the index from the store in the background.
pub async fn reindex(
    State(state): State<AppState>,
    Caller(viewer): Caller,
) -> Result<StatusCode, ApiError> {
    viewer.require_role(Role::Admin)?;
    state.node.reindex().await?;
    Ok(StatusCode::ACCEPTED)
}
