//! Login and logout: `POST /api/v1/session` returns a session token (and sets the web session
//! cookie); `DELETE /api/v1/session` ends it.

use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use axum::extract::Request;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Deserialize;

use super::AppState;
use super::error::ApiError;
use super::extract::{SESSION_COOKIE, StrictJson, bearer};
use crate::node::NodeError;

/// `{username, password}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Login {
    username: String,
    password: String,
}

/// `POST /api/v1/session`.
pub async fn login(
    State(state): State<AppState>,
    connection: Option<Extension<ConnectInfo<SocketAddr>>>,
    StrictJson(login): StrictJson<Login>,
) -> Result<Response, ApiError> {
    let address = connection.map(|Extension(ConnectInfo(address))| address.ip());
    let secret = state.node.login_from(&login.username, &login.password, address).await?;
    let hours = state.node.settings().session_hours;
    let cookie = format!(
        "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}",
        secret.token,
        hours.saturating_mul(3600)
    );
    let mut response = Json(secret).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// `DELETE /api/v1/session`.
pub async fn logout(State(state): State<AppState>, request: Request) -> Result<Response, ApiError> {
    let (parts, _) = request.into_parts();
    let secret = bearer(&parts).ok_or(NodeError::Unauthenticated)?;
    state.node.logout(&secret)?;
    let clear = format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    let mut response = StatusCode::NO_CONTENT.into_response();
    if let Ok(value) = HeaderValue::from_str(&clear) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    Ok(response)
}
