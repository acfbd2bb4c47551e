//! Unauthenticated node metadata: `/healthz` and `/.well-known/plenary`.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use serde_json::Value;

use super::AppState;
use super::error::ApiError;
use crate::model::record::PROTOCOL_VERSION;
use crate::model::{KeyId, NodeId, RecordId};

/// `GET /healthz`.
pub async fn healthz(State(state): State<AppState>) -> Json<Value> {
    Json(serde_json::json!({"status": "ok", "node_id": state.node.id()}))
}

/// The well-known document.
#[derive(Serialize)]
pub struct WellKnown {
    node_id: NodeId,
    name: Value,
    acronym: Value,
    public_url: Value,
    /// The node's signing keys in force (genesis and added keys not retired or revoked).
    keys: Vec<KeyId>,
    protocol_versions: Vec<u32>,
    head: Option<Head>,
}

/// A log head.
#[derive(Serialize)]
pub struct Head {
    seq: u64,
    id: RecordId,
}

/// `GET /.well-known/plenary`.
pub async fn well_known(State(state): State<AppState>) -> Result<Json<WellKnown>, ApiError> {
    let node = &state.node;
    let identity = &node.settings().identity;
    let head = node.own_head()?.map(|(seq, id)| Head { seq, id });
    Ok(Json(WellKnown {
        node_id: node.id(),
        name: identity["name"].clone(),
        acronym: identity["acronym"].clone(),
        public_url: identity["url"].clone(),
        keys: node.current_keys()?,
        protocol_versions: vec![PROTOCOL_VERSION],
        head,
    }))
}
