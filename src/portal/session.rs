//! Signing in and out, and switching language. The sign-in form carries the signed-out
//! reader's form token (login CSRF), failed attempts are throttled by the node per account and
//! address, and the session cookie is `HttpOnly`, `SameSite=Lax`, and `Secure` when the node's
//! public URL is https.

use std::net::SocketAddr;

use askama::Template;
use axum::Extension;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Deserialize;

use super::problem::Problem;
use super::reader::{LANGUAGE_COOKIE, Reader, expired_cookie};
use super::render::{Chrome, Section, page_with_status, see_other, set_cookies};
use crate::http::AppState;
use crate::http::extract::SESSION_COOKIE;
use crate::node::NodeError;
use crate::node::profile::Preferences;

/// `?next=` of the sign-in page.
#[derive(Deserialize)]
pub struct Next {
    next: Option<String>,
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct LoginForm {
    csrf: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    c: Chrome<'a>,
    username: String,
    next: String,
    error: Option<String>,
}

/// `GET /login`.
pub async fn form(
    State(state): State<AppState>,
    reader: Reader,
    Query(query): Query<Next>,
) -> Result<Response, Problem> {
    let next = query.next.unwrap_or_else(|| "/".into());
    let template = LoginPage {
        c: Chrome::new(&state, &reader, Section::Account),
        username: String::new(),
        next,
        error: None,
    };
    page_with_status(&reader, StatusCode::OK, &template)
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    connection: Option<Extension<ConnectInfo<SocketAddr>>>,
    reader: Reader,
    form: Result<Form<LoginForm>, FormRejection>,
) -> Result<Response, Problem> {
    let Form(form) = form.map_err(|err| Problem::BadRequest(err.body_text()))?;
    reader.check_form(&form.csrf)?;
    let address = connection.map(|Extension(ConnectInfo(address))| address.ip());
    match state.node.login_from(form.username.trim(), &form.password, address).await {
        Ok(secret) => {
            let hours = state.node.settings().session_hours;
            let cookie = format!(
                "{SESSION_COOKIE}={}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
                secret.token,
                hours.saturating_mul(3600),
                if reader.secure { "; Secure" } else { "" }
            );
            let mut response = see_other(&form.next);
            if let Ok(value) = HeaderValue::from_str(&cookie) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            Ok(response)
        }
        Err(err) => refused(&state, &reader, form, &err),
    }
}

/// The sign-in page again, with why the attempt failed and the name kept.
fn refused(
    state: &AppState,
    reader: &Reader,
    form: LoginForm,
    err: &NodeError,
) -> Result<Response, Problem> {
    let (status, error) = match err {
        NodeError::BadCredentials | NodeError::InvalidInput { .. } => {
            (StatusCode::UNAUTHORIZED, reader.tr.t("login-error-credentials"))
        }
        NodeError::TooManyAttempts { retry_after } => {
            (StatusCode::TOO_MANY_REQUESTS, reader.tr.count("login-error-throttled", *retry_after))
        }
        _ => return Err(Problem::Node(NodeError::Unavailable)),
    };
    let template = LoginPage {
        c: Chrome::new(state, reader, Section::Account),
        username: form.username,
        next: form.next,
        error: Some(error),
    };
    page_with_status(reader, status, &template)
}

/// A form that only carries its token.
#[derive(Deserialize)]
pub struct TokenOnly {
    csrf: String,
}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<TokenOnly>, FormRejection>,
) -> Result<Response, Problem> {
    let Form(form) = form.map_err(|err| Problem::BadRequest(err.body_text()))?;
    reader.check_form(&form.csrf)?;
    if let Some(secret) = &reader.session {
        state.node.logout(secret)?;
    }
    let mut response = see_other("/");
    if let Ok(value) = HeaderValue::from_str(&expired_cookie(SESSION_COOKIE, reader.secure)) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// The language switch.
#[derive(Deserialize)]
pub struct LanguageForm {
    csrf: String,
    lang: String,
    #[serde(default)]
    next: String,
}

/// `POST /language`: remembered in the account when signed in, in a cookie otherwise.
pub async fn language(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<LanguageForm>, FormRejection>,
) -> Result<Response, Problem> {
    let Form(form) = form.map_err(|err| Problem::BadRequest(err.body_text()))?;
    reader.check_form(&form.csrf)?;
    let language = super::i18n::supported(&form.lang)
        .ok_or_else(|| Problem::BadRequest(format!("no interface language {:?}", form.lang)))?;
    if let Some(account) = reader.account() {
        let mut preferences = state.node.preferences(&account.username)?;
        preferences.language = Some(language.tag.clone());
        state.node.set_preferences(account, Preferences { ..preferences })?;
    }
    let mut response = see_other(&form.next);
    let cookie = format!(
        "{LANGUAGE_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000{}",
        language.tag,
        if reader.secure { "; Secure" } else { "" }
    );
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    set_cookies(&mut response, &reader);
    Ok(response)
}
