//! Live peer changes (admin role or the control token): `POST /api/v1/peers` pins a peer and
//! `DELETE /api/v1/peers/{node_id}` removes one, in the node's config file and in its running
//! federation at once. `plenary peer add|remove` uses these when the node is running.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::ApiError;
use super::extract::{Caller, StrictJson};
use crate::config::PeerConfig;
use crate::model::NodeId;
use crate::node::NodeError;

/// `{url, node_id}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPeer {
    url: String,
    node_id: String,
}

/// `POST /api/v1/peers` → `201 {url, node_id}` as written to the config file.
pub async fn add(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    StrictJson(peer): StrictJson<NewPeer>,
) -> Result<(StatusCode, Json<PeerConfig>), ApiError> {
    let node_id = node_id(&peer.node_id)?;
    let added = state.node.add_peer(&viewer, &peer.url, node_id).await?;
    Ok((StatusCode::CREATED, Json(added)))
}

/// `DELETE /api/v1/peers/{node_id}` → `{url, node_id}` of the removed peer.
pub async fn remove(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(id): Path<String>,
) -> Result<Json<PeerConfig>, ApiError> {
    let node_id = node_id(&id)?;
    Ok(Json(state.node.remove_peer(&viewer, &node_id).await?))
}

fn node_id(text: &str) -> Result<NodeId, NodeError> {
    text.parse()
        .map_err(|err: crate::model::ids::IdError| NodeError::invalid("node_id", err.to_string()))
}
