//! Operator routes (admin role or the control token): users, API tokens and equivocation
//! evidence. The CLI uses these when the node is running and holds the database.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Deserialize;

use super::AppState;
use super::error::ApiError;
use super::extract::{Caller, StrictJson};
use crate::node::accounts::{NewSecret, TokenInfo, UserInfo};
use crate::node::reads::Equivocation;
use crate::node::{NodeError, Role};

/// `{username, role, password}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewUser {
    username: String,
    role: String,
    password: String,
}

/// `{password}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPassword {
    password: String,
}

/// `{name, username}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewToken {
    name: String,
    username: String,
}

/// `GET /api/v1/users`.
pub async fn list_users(
    State(state): State<AppState>,
    Caller(viewer): Caller,
) -> Result<Json<Vec<UserInfo>>, ApiError> {
    viewer.require_role(Role::Admin)?;
    Ok(Json(state.node.list_users()?))
}

/// `POST /api/v1/users`.
pub async fn add_user(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    StrictJson(user): StrictJson<NewUser>,
) -> Result<(StatusCode, Json<UserInfo>), ApiError> {
    viewer.require_role(Role::Admin)?;
    let role: Role = user.role.parse()?;
    let info = state.node.add_user(&user.username, role, &user.password).await?;
    Ok((StatusCode::CREATED, Json(info)))
}

/// `PUT /api/v1/users/{username}/password` (an admin, or the user themselves).
pub async fn set_password(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(username): Path<String>,
    StrictJson(body): StrictJson<NewPassword>,
) -> Result<StatusCode, ApiError> {
    let account = viewer.require_account()?;
    if account.role != Role::Admin && account.username != username {
        return Err(
            NodeError::Forbidden("only admins may change other users' passwords".into()).into()
        );
    }
    state.node.set_password(&username, &body.password).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/users/{username}`.
pub async fn remove_user(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(username): Path<String>,
) -> Result<StatusCode, ApiError> {
    viewer.require_role(Role::Admin)?;
    state.node.remove_user(&username)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/tokens`.
pub async fn list_tokens(
    State(state): State<AppState>,
    Caller(viewer): Caller,
) -> Result<Json<Vec<TokenInfo>>, ApiError> {
    viewer.require_role(Role::Admin)?;
    Ok(Json(state.node.list_tokens()?))
}

/// `POST /api/v1/tokens`.
pub async fn create_token(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    StrictJson(token): StrictJson<NewToken>,
) -> Result<(StatusCode, Json<NewSecret>), ApiError> {
    viewer.require_role(Role::Admin)?;
    Ok((StatusCode::CREATED, Json(state.node.create_token(&token.name, &token.username)?)))
}

/// `DELETE /api/v1/tokens/{name}`.
pub async fn revoke_token(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    Path(name): Path<String>,
) -> Result<StatusCode, ApiError> {
    viewer.require_role(Role::Admin)?;
    state.node.revoke_token(&name)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/equivocations`.
pub async fn equivocations(
    State(state): State<AppState>,
    Caller(viewer): Caller,
) -> Result<Json<Vec<Equivocation>>, ApiError> {
    Ok(Json(state.node.equivocations(&viewer)?))
}

/// `GET /api/v1/peers` (admin): each peer this node pulls from — reachability, last
/// successful sync, lag per origin, refused records.
pub async fn peers(
    State(state): State<AppState>,
    Caller(viewer): Caller,
) -> Result<Json<Vec<crate::node::federation::PeerStatus>>, ApiError> {
    Ok(Json(state.node.peers(&viewer)?))
}
