//! Who a calendar or a feed is for, and the small helpers the reading pages share. A browser
//! subscribes with its session cookie (the [`Reader`]'s viewer); a calendar or feed client,
//! which has no cookie, sends `Authorization: Bearer <API token>`. A bearer that does not
//! authenticate is refused (401), never read as anonymous: a client would otherwise silently
//! lose what it subscribed to.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::problem::Problem;
use super::reader::Reader;
use crate::http::AppState;
use crate::node::{Node, NodeError, Viewer};

/// The reader of a calendar or a feed: their viewer (cookie or bearer) and language.
pub struct Subscriber {
    /// The reader, whose viewer is the bearer's account when one was sent.
    pub reader: Reader,
}

impl FromRequestParts<AppState> for Subscriber {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Subscriber, Response> {
        let mut reader =
            Reader::from_request_parts(parts, state).await.map_err(IntoResponse::into_response)?;
        if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
            let secret = value.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).map(str::trim);
            match secret.map(|secret| state.node.authenticate(secret)) {
                Some(Ok(account)) => reader.viewer = Viewer::Local(account),
                _ => return Err(unauthorized()),
            }
        }
        Ok(Subscriber { reader })
    }
}

/// The answer to a bearer that does not authenticate.
fn unauthorized() -> Response {
    let mut response = (StatusCode::UNAUTHORIZED, "the API token is not valid\n").into_response();
    let headers = response.headers_mut();
    headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"plenary\""));
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    response
}

/// Runs a node read off the async threads (reads walk the store and the index).
pub async fn blocking<T: Send + 'static>(
    state: &AppState,
    read: impl FnOnce(&Node) -> Result<T, NodeError> + Send + 'static,
) -> Result<T, Problem> {
    let node = state.node.clone();
    tokio::task::spawn_blocking(move || read(&node))
        .await
        .map_err(|_| Problem::Render("a page's read failed".into()))?
        .map_err(Problem::from)
}

/// The absolute URL of `path` on this node (its public URL).
pub fn absolute(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.node.settings().public_url().trim_end_matches('/'))
}

/// `body` as a response of `content_type`, never cached (what it holds depends on who asks).
pub fn typed(body: String, content_type: &'static str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::VARY, HeaderValue::from_static("Authorization, Cookie"));
    response
}
