//! Request extractors: who is calling (bearer token, session cookie or the operator's control
//! token) and strict JSON bodies (no floats, no duplicate keys, size-limited).

use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::AppState;
use super::error::ApiError;
use crate::model::json::parse_strict;
use crate::node::{Account, NodeError, Role, Viewer};

/// Name of the web session cookie.
pub const SESSION_COOKIE: &str = "plenary_session";

/// The caller as a [`Viewer`]. Bad credentials are refused (401), never downgraded to anonymous.
pub struct Caller(pub Viewer);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Caller, ApiError> {
        let Some(secret) = bearer(parts).or_else(|| session_cookie(parts)) else {
            return Ok(Caller(Viewer::Anonymous));
        };
        if state.is_control_token(&secret) {
            return Ok(Caller(Viewer::Local(Account {
                username: "operator".into(),
                role: Role::Admin,
            })));
        }
        Ok(Caller(Viewer::Local(state.node.authenticate(&secret)?)))
    }
}

/// The secret of an `Authorization: Bearer` header.
pub fn bearer(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(|s| s.trim().to_owned())
}

fn session_cookie(parts: &Parts) -> Option<String> {
    parts
        .headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            pair.trim().strip_prefix(SESSION_COOKIE)?.strip_prefix('=').map(str::to_owned)
        })
}

/// A JSON body parsed strictly, then into `T`.
pub struct StrictJson<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for StrictJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &AppState) -> Result<StrictJson<T>, ApiError> {
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                NodeError::TooLarge { limit: state.node.settings().record_bytes }
            } else {
                NodeError::invalid("body", rejection.body_text())
            }
        })?;
        let value = parse_strict(&bytes)?;
        let typed = serde_json::from_value(value)
            .map_err(|err| NodeError::invalid("body", err.to_string()))?;
        Ok(StrictJson(typed))
    }
}
