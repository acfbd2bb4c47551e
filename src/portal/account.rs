//! The signed-in reader's own account (`/account`): their name and role, changing their password
//! (with the current one; the node then ends every session of the account, so the page signs
//! them in again with the new one), their interface language and time zone, and their own API
//! tokens — created by name with the secret shown once, and revoked. Also the form helpers the
//! account and admin pages share: reading a url-encoded form (a missing token is a stale form,
//! not a malformed one) and the node's refusals as errors next to the field they name.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use super::forms::FieldErrors;
use super::i18n::{self, Tr};
use super::problem::Problem;
use super::reader::Reader;
use super::render::{Chrome, Section, page_with_status, see_other};
use crate::http::AppState;
use crate::http::extract::SESSION_COOKIE;
use crate::node::accounts::{MIN_PASSWORD_CHARS, NewSecret, TokenInfo};
use crate::node::profile::Preferences;
use crate::node::{Account, NodeError, Role};

/// Time zones offered as suggestions (any IANA name is accepted).
pub const COMMON_ZONES: &[&str] = &[
    "UTC",
    "Africa/Abidjan",
    "Africa/Addis_Ababa",
    "Africa/Cairo",
    "Africa/Johannesburg",
    "Africa/Lagos",
    "Africa/Nairobi",
    "America/Bogota",
    "America/Buenos_Aires",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Mexico_City",
    "America/New_York",
    "America/Sao_Paulo",
    "America/Toronto",
    "Asia/Bangkok",
    "Asia/Dubai",
    "Asia/Jakarta",
    "Asia/Kolkata",
    "Asia/Riyadh",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Europe/Berlin",
    "Europe/Brussels",
    "Europe/Istanbul",
    "Europe/London",
    "Europe/Madrid",
    "Europe/Moscow",
    "Europe/Paris",
    "Europe/Rome",
    "Europe/Vienna",
    "Europe/Zurich",
    "Pacific/Auckland",
];

/// `?done=` after a change: which confirmation to show.
#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

impl Done {
    /// The value of `?done=`.
    pub fn done(&self) -> Option<&str> {
        self.done.as_deref()
    }
}

/// The password form.
#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    confirm_password: String,
}

/// The preferences form.
#[derive(Deserialize)]
pub struct PreferencesForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    language: String,
    #[serde(default)]
    timezone: String,
}

/// The new-token form.
#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    token_name: String,
}

/// The revoke form of one token.
#[derive(Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage<'a> {
    c: Chrome<'a>,
    account: Account,
    /// Message id of a confirmation to show.
    done: Option<&'static str>,
    /// Errors of every form of the page (their field names differ).
    errors: FieldErrors,
    /// The language and time zone as chosen or typed.
    language: String,
    timezone: String,
    zones: &'static [&'static str],
    tokens: Vec<TokenInfo>,
    token_name: String,
    /// A token just created: its secret, shown this once.
    new_token: Option<(String, NewSecret)>,
    /// The reader's personal feed link, if they made one (see `portal::notifications`).
    feed: Option<crate::node::feed_tokens::FeedLink>,
}

/// What the account page shows besides the frame.
struct PageState {
    done: Option<&'static str>,
    errors: FieldErrors,
    language: Option<String>,
    timezone: Option<String>,
    token_name: String,
    new_token: Option<(String, NewSecret)>,
}

impl PageState {
    /// The page as stored: no errors, the saved preferences.
    fn stored(state: &AppState, account: &Account) -> Result<PageState, Problem> {
        let saved = state.node.preferences(&account.username)?;
        Ok(PageState {
            done: None,
            errors: FieldErrors::default(),
            language: saved.language,
            timezone: saved.timezone,
            token_name: String::new(),
            new_token: None,
        })
    }
}

fn draw(
    state: &AppState,
    reader: &Reader,
    account: &Account,
    shown: PageState,
    status: StatusCode,
) -> Result<Response, Problem> {
    let template = AccountPage {
        c: Chrome::new(state, reader, Section::Account),
        account: account.clone(),
        done: shown.done,
        errors: shown.errors,
        language: shown.language.unwrap_or_default(),
        timezone: shown.timezone.unwrap_or_default(),
        zones: COMMON_ZONES,
        tokens: state.node.own_tokens(account)?,
        token_name: shown.token_name,
        new_token: shown.new_token,
        feed: state.node.feed_link(&account.username)?,
    };
    page_with_status(reader, status, &template)
}

/// `GET /account` (signed in).
pub async fn show(
    State(state): State<AppState>,
    reader: Reader,
    Query(query): Query<Done>,
) -> Result<Response, Problem> {
    let account = reader.require(Role::Member)?.clone();
    let mut shown = PageState::stored(&state, &account)?;
    shown.done = query.done().and_then(confirmation);
    draw(&state, &reader, &account, shown, StatusCode::OK)
}

/// The message of a `?done=` value.
fn confirmation(done: &str) -> Option<&'static str> {
    match done {
        "password" => Some("account-done-password"),
        "preferences" => Some("account-done-preferences"),
        "revoked" => Some("account-done-revoked"),
        "feed-revoked" => Some("notifications-feed-revoked"),
        _ => None,
    }
}

/// `POST /account/password`: on success the reader is signed in again with the new password
/// (the node ended their sessions) and sent back to the page.
pub async fn password(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Result<Response, Problem> {
    let form = read_form(form)?;
    reader.check_form(&form.csrf)?;
    let account = reader.require(Role::Member)?.clone();
    let errors = password_errors(&reader.tr, &form);
    if !errors.is_empty() {
        return refused(&state, &reader, &account, errors, StatusCode::BAD_REQUEST);
    }
    let node = &state.node;
    if let Err(err) =
        node.change_own_password(&account, &form.current_password, &form.new_password).await
    {
        let mut errors = FieldErrors::default();
        let status = refusal(&reader.tr, err, &mut errors, password_field)?;
        return refused(&state, &reader, &account, errors, status);
    }
    let secret = node.login(&account.username, &form.new_password).await?;
    let mut response = see_other("/account?done=password");
    let cookie = session_cookie(&secret.token, node.settings().session_hours, reader.secure);
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// The `Set-Cookie` of a web session, as signing in sets it.
fn session_cookie(token: &str, hours: u64, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        hours.saturating_mul(3600),
        if secure { "; Secure" } else { "" }
    )
}

/// What is wrong with the password form before asking the node.
fn password_errors(tr: &Tr, form: &PasswordForm) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if form.current_password.is_empty() {
        errors.add("current_password", tr.t("account-error-required"));
    }
    if form.new_password.is_empty() {
        errors.add("new_password", tr.t("account-error-required"));
    } else if form.new_password != form.confirm_password {
        errors.add("confirm_password", tr.t("account-error-mismatch"));
    }
    errors
}

/// The field of the password form a node refusal names.
fn password_field(field: &str) -> &str {
    match field {
        "password" => "new_password",
        other => other,
    }
}

/// `POST /account/preferences`: the interface language (or the browser's) and the time zone.
pub async fn preferences(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<PreferencesForm>, FormRejection>,
) -> Result<Response, Problem> {
    let form = read_form(form)?;
    reader.check_form(&form.csrf)?;
    let account = reader.require(Role::Member)?.clone();
    let mut errors = FieldErrors::default();
    let language = match form.language.trim() {
        "" => None,
        tag => match i18n::languages().iter().find(|l| l.tag == tag) {
            Some(language) => Some(language.tag.clone()),
            None => {
                errors.add("language", reader.tr.t("account-error-language"));
                None
            }
        },
    };
    let timezone = match form.timezone.trim() {
        "" => None,
        name => match TimeZone::get(name) {
            Ok(zone) => Some(zone.iana_name().unwrap_or(name).to_owned()),
            Err(_) => {
                errors.add("timezone", reader.tr.t("account-error-timezone"));
                None
            }
        },
    };
    if errors.is_empty()
        && let Err(err) = state.node.set_preferences(&account, Preferences { language, timezone })
    {
        refusal(&reader.tr, err, &mut errors, same_field)?;
    }
    if errors.is_empty() {
        return Ok(see_other("/account?done=preferences"));
    }
    let mut shown = PageState::stored(&state, &account)?;
    shown.errors = errors;
    shown.language = Some(form.language);
    shown.timezone = Some(form.timezone);
    draw(&state, &reader, &account, shown, StatusCode::BAD_REQUEST)
}

/// `POST /account/tokens`: a new API token acting as the reader; its secret is on the page
/// that answers, and nowhere else ever again.
pub async fn create_token(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, Problem> {
    let form = read_form(form)?;
    reader.check_form(&form.csrf)?;
    let account = reader.require(Role::Member)?.clone();
    let name = form.token_name.trim().to_owned();
    let mut shown = PageState::stored(&state, &account)?;
    let outcome = if name.is_empty() {
        shown.errors.add("token_name", reader.tr.t("account-error-required"));
        StatusCode::BAD_REQUEST
    } else {
        match state.node.create_token(&name, &account.username) {
            Ok(secret) => {
                shown.new_token = Some((name, secret));
                StatusCode::CREATED
            }
            Err(err) => refusal(&reader.tr, err, &mut shown.errors, token_field)?,
        }
    };
    if shown.new_token.is_none() {
        shown.token_name = form.token_name;
    }
    draw(&state, &reader, &account, shown, outcome)
}

/// The field of the token form a node refusal names (a duplicate name is the name's fault).
fn token_field(field: &str) -> &str {
    match field {
        "name" | "" => "token_name",
        other => other,
    }
}

/// `POST /account/tokens/revoke`: one of the reader's own tokens (another's is not found).
pub async fn revoke_token(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<RevokeForm>, FormRejection>,
) -> Result<Response, Problem> {
    let form = read_form(form)?;
    reader.check_form(&form.csrf)?;
    let account = reader.require(Role::Member)?.clone();
    state.node.revoke_own_token(&account, &form.name)?;
    Ok(see_other("/account?done=revoked"))
}

fn refused(
    state: &AppState,
    reader: &Reader,
    account: &Account,
    errors: FieldErrors,
    status: StatusCode,
) -> Result<Response, Problem> {
    let mut shown = PageState::stored(state, account)?;
    shown.errors = errors;
    draw(state, reader, account, shown, status)
}

/// A url-encoded form, or a 400 page when it cannot be read at all.
pub fn read_form<T: DeserializeOwned>(form: Result<Form<T>, FormRejection>) -> Result<T, Problem> {
    form.map(|Form(form)| form).map_err(|err| Problem::BadRequest(err.body_text()))
}

/// Records the node's refusal `err` as an error on the form field it names (renamed by
/// `field_of`; a refusal naming no field goes to `field_of("")`), in the reader's language
/// with the node's own words after, and returns the status of the page. A failure that is not
/// a refusal of this input becomes a problem page.
pub fn refusal(
    tr: &Tr,
    err: NodeError,
    errors: &mut FieldErrors,
    field_of: fn(&str) -> &str,
) -> Result<StatusCode, Problem> {
    let (status, message) = match &err {
        NodeError::InvalidInput { field, reason } => {
            (StatusCode::BAD_REQUEST, input_message(tr, field, reason))
        }
        NodeError::Conflict(reason) => {
            (StatusCode::CONFLICT, format!("{} ({reason})", tr.t("account-error-conflict")))
        }
        _ => return Err(Problem::from(err)),
    };
    let named = err.field().unwrap_or_default();
    errors.add(field_of(&named), message);
    Ok(status)
}

/// The message of an invalid field, in the reader's language where the rule is known.
fn input_message(tr: &Tr, field: &str, reason: &str) -> String {
    match field {
        "username" => tr.t("account-error-username"),
        "password" => tr.count("account-error-password-length", MIN_PASSWORD_CHARS as u64),
        "current_password" => tr.t("account-error-current-password"),
        "name" => tr.t("account-error-token-name"),
        "timezone" => tr.t("account-error-timezone"),
        "language" => tr.t("account-error-language"),
        _ => format!("{} ({reason})", tr.t("account-error-invalid")),
    }
}

/// A field name unchanged.
pub fn same_field(field: &str) -> &str {
    field
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_zones_exist() {
        for zone in COMMON_ZONES {
            assert!(TimeZone::get(zone).is_ok(), "{zone}");
        }
    }

    #[test]
    fn confirmations_are_only_the_known_ones() {
        assert_eq!(confirmation("password"), Some("account-done-password"));
        assert_eq!(confirmation("<script>"), None);
    }
}
