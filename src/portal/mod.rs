//! The web portal: server-rendered pages (askama templates compiled into the binary, escaping
//! on) over the same [`Node`](crate::node::Node) methods the JSON API calls — no business rule
//! lives here or in a template. It works without JavaScript, speaks the reader's language
//! (`i18n`), and every form that changes state carries the reader's token (`reader`). Shares
//! axum with `http`, whose router mounts it.

pub mod account;
pub mod admin;
pub mod calendar;
pub mod charts;
pub mod consultations;
pub mod dashboard;
pub mod feeds;
pub mod forms;
pub mod groups;
pub mod i18n;
pub mod meetings;
pub mod notifications;
pub mod organisations;
pub mod problem;
pub mod publish;
pub mod reader;
pub mod records;
pub mod render;
pub mod rsvp;
pub mod search;
pub mod session;
pub mod subscriber;
pub mod surveys;
pub mod verify;
pub mod views;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};

use crate::http::AppState;
use problem::Problem;
use render::asset;

/// The portal's stylesheet.
const STYLESHEET: &[u8] = include_bytes!("../../static/portal.css");
/// The portal's icon.
const ICON: &[u8] = include_bytes!("../../static/icon.svg");

/// Every portal route, with problem pages drawn and security headers set. Form posts are
/// bounded by the record limit; file uploads (publish, verify) set their own.
pub fn routes(state: AppState) -> Router<AppState> {
    let form_limit = state.node.settings().record_bytes;
    Router::new()
        .route("/", get(dashboard::show))
        .route("/search", get(search::show))
        .route("/records/{id}", get(records::show))
        .route("/records/{id}/signed", get(records::signed))
        .route("/documents/{id}", get(records::document))
        .route("/documents/{id}/comment", get(consultations::form))
        .route("/documents/{id}/comments", post(consultations::submit))
        .route("/documents/{id}/comments.csv", get(consultations::csv))
        .route("/documents/{id}/comments/print", get(consultations::print))
        .route("/meetings", get(meetings::list))
        .route("/meetings/{id}", get(meetings::show))
        .route("/meetings/{id}/rsvp", post(rsvp::submit))
        .route("/meetings/feed.atom", get(feeds::meetings))
        .route("/meetings/{id}/calendar.ics", get(calendar::meeting))
        .route("/calendar.ics", get(calendar::all))
        .route("/surveys", get(surveys::list))
        .route("/surveys/{id}", get(surveys::show))
        .route("/surveys/{id}/answer", post(surveys::answer))
        .route("/groups", get(groups::list))
        .route("/groups/{id}", get(groups::show))
        .route("/groups/{id}/feed.atom", get(feeds::group))
        .route("/organisations", get(organisations::list))
        .route("/organisations/{node_id}", get(organisations::show))
        .route("/feed.atom", get(feeds::recent))
        .route("/search/feed.atom", get(feeds::search))
        .route("/publish", get(publish::landing))
        .route(
            "/publish/document",
            get(publish::document::form)
                .post(publish::document::submit)
                .layer(DefaultBodyLimit::disable()), // each file and field is bounded as it is read
        )
        .route("/publish/meeting", get(publish::meeting::form).post(publish::meeting::submit))
        .route("/publish/group", get(publish::group::form).post(publish::group::submit))
        .route("/publish/survey", get(publish::survey::form).post(publish::survey::submit))
        .route("/login", get(session::form).post(session::login))
        .route("/logout", post(session::logout))
        .route("/language", post(session::language))
        .route("/verify", get(verify::show).post(verify::check).layer(verify::body_limit(&state)))
        .route("/account", get(account::show))
        .route("/account/password", post(account::password))
        .route("/account/preferences", post(account::preferences))
        .route("/account/tokens", post(account::create_token))
        .route("/account/tokens/revoke", post(account::revoke_token))
        .route("/account/feed", post(notifications::create))
        .route("/account/feed/revoke", post(notifications::revoke))
        .route("/feeds/me/{file}", get(notifications::feed))
        .route("/admin", get(admin::overview))
        .route("/admin/users", get(admin::users).post(admin::add_user))
        .route("/admin/users/role", post(admin::set_role))
        .route("/admin/users/remove", post(admin::remove_user))
        .route("/admin/peers", get(admin::peers).post(admin::add_peer))
        .route("/admin/peers/remove", post(admin::remove_peer))
        .route("/static/portal.css", get(|| async { asset(STYLESHEET, "text/css; charset=utf-8") }))
        .route("/static/icon.svg", get(|| async { asset(ICON, "image/svg+xml") }))
        .layer(DefaultBodyLimit::max(form_limit))
        .layer(from_fn_with_state(state, render::render_problems))
        .layer(from_fn(render::security_headers))
}

/// The styled 404 for paths nothing else answers (the API's own paths answer JSON).
pub async fn not_found() -> Problem {
    Problem::NotFound
}

/// Parses a record id from a path, or answers 404.
pub fn record_id(text: &str) -> Result<crate::model::RecordId, Problem> {
    text.parse().map_err(|_| Problem::NotFound)
}
