//! The HTTP interface (axum): the JSON API of DESIGN §4.2 and node metadata, and the router
//! that mounts the portal beside them. Handlers translate between HTTP and the node core and
//! nothing more; errors become responses in `error` only.

pub mod admin;
pub mod blobs;
pub mod checkpoints;
pub mod consultations;
pub mod error;
pub mod extract;
pub mod fed;
pub mod meetings;
pub mod meta;
pub mod peers;
pub mod records;
pub mod search;
pub mod session;
pub mod surveys;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use tower_http::timeout::TimeoutLayer;

use crate::model::Sha256;
use crate::node::{Node, NodeError};
use error::ApiError;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The node core.
    pub node: Arc<Node>,
    /// SHA-256 of the operator's control token (written to the data directory at start), if any.
    pub control_token: Option<Sha256>,
    /// Time allowed for a JSON request.
    pub request_timeout: Duration,
    /// Time allowed for a file upload or download.
    pub transfer_timeout: Duration,
}

impl AppState {
    /// Whether `secret` is the operator's control token.
    pub fn is_control_token(&self, secret: &str) -> bool {
        self.control_token.is_some_and(|hash| hash == Sha256::of(secret.as_bytes()))
    }
}

/// The whole router.
pub fn app(state: AppState) -> Router {
    let record_limit = state.node.settings().record_bytes;
    let api = Router::new()
        .route("/api/v1/session", post(session::login).delete(session::logout))
        .route("/api/v1/records", post(records::create).get(records::list))
        .route("/api/v1/records/{id}", get(records::get))
        .route("/api/v1/records/{id}/comments", get(consultations::json))
        .route("/api/v1/records/{id}/comments.csv", get(consultations::csv))
        .route("/api/v1/lookup/{sha256}", get(records::lookup))
        .route("/api/v1/search", get(search::search))
        .route("/api/v1/meetings", get(meetings::list))
        .route("/api/v1/surveys", get(surveys::list))
        .route("/api/v1/surveys/{id}", get(surveys::get))
        .route("/api/v1/surveys/{id}/results.csv", get(surveys::results_csv))
        .route("/api/v1/reindex", post(search::reindex))
        .route("/api/v1/users", get(admin::list_users).post(admin::add_user))
        .route("/api/v1/users/{username}", delete(admin::remove_user))
        .route("/api/v1/users/{username}/password", put(admin::set_password))
        .route("/api/v1/tokens", get(admin::list_tokens).post(admin::create_token))
        .route("/api/v1/tokens/{name}", delete(admin::revoke_token))
        .route("/api/v1/equivocations", get(admin::equivocations))
        .route("/api/v1/peers", get(admin::peers).post(peers::add))
        .route("/api/v1/peers/{node_id}", delete(peers::remove))
        .route("/fed/v1/heads", get(fed::heads))
        .route("/fed/v1/notify", post(fed::notify))
        .route("/fed/v1/log/{origin}", get(fed::log))
        .route("/fed/v1/checkpoint", get(checkpoints::fed_checkpoint))
        .route("/fed/v1/proof/inclusion", get(checkpoints::fed_inclusion))
        .route("/fed/v1/proof/consistency", get(checkpoints::fed_consistency))
        .route("/api/v1/checkpoint", get(checkpoints::checkpoint))
        .route("/api/v1/proof/inclusion", get(checkpoints::inclusion))
        .route("/api/v1/proof/consistency", get(checkpoints::consistency))
        .route("/healthz", get(meta::healthz))
        .route("/.well-known/plenary", get(meta::well_known))
        .layer(DefaultBodyLimit::max(record_limit))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, state.request_timeout));
    let transfers = Router::new()
        .route("/api/v1/blobs", post(blobs::upload))
        .route("/api/v1/blobs/{sha256}", get(blobs::download))
        .route("/fed/v1/blobs/{sha256}", get(fed::blob))
        .layer(DefaultBodyLimit::disable())
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, state.transfer_timeout));
    let portal = crate::portal::routes(state.clone());
    api.merge(transfers).merge(portal).fallback(not_found).with_state(state)
}

/// Paths nothing answers: JSON under the API's prefixes, the portal's styled page elsewhere.
async fn not_found(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path();
    if ["/api/", "/fed/", "/.well-known/"].iter().any(|prefix| path.starts_with(prefix)) {
        return ApiError::from(NodeError::NotFound {
            code: "route_not_found",
            what: "route".into(),
        })
        .into_response();
    }
    let method = request.method().clone();
    let headers = request.headers().clone();
    let here = request.uri().path_and_query().map_or("/".to_owned(), |pq| pq.as_str().to_owned());
    crate::portal::render::problem_page(
        &state,
        &method,
        &headers,
        here,
        crate::portal::problem::Problem::NotFound,
    )
}
