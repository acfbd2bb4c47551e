//! "What's new for me" on the portal: the dashboard's "For you" section (the node's
//! [`Inbox`](crate::node::inbox::Inbox) laid out with counts, links and empty states), the
//! personal Atom feed `GET /feeds/me/{secret}.atom` (the same items, opened only by the secret
//! in its URL, since feed readers send no headers; an unknown or revoked secret, or a removed
//! user's, is a 404), and the account page's forms that create (the URL shown once) and revoke
//! that secret.

use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::account::read_form;
use super::feeds::{FEED_ENTRIES, FeedEntry, FeedHead, atom};
use super::i18n::{self, Tr};
use super::problem::Problem;
use super::reader::Reader;
use super::render::{Chrome, Section, page_with_status, see_other};
use super::subscriber::{absolute, blocking};
use super::views::Names;
use crate::http::AppState;
use crate::node::inbox::{Inbox, InboxItem, InboxKind};
use crate::node::{NodeError, Role, Viewer};

/// One line of the "For you" section.
pub struct ForYouLine {
    /// What it is about.
    pub title: String,
    /// Where it opens.
    pub link: String,
    /// The deadline, start or signing time (RFC 3339), if known.
    pub at: Option<String>,
    /// The publishing organisation's acronym.
    pub origin: String,
}

/// One section of "For you": its key (heading and empty-state messages) and its lines.
pub struct ForYouSection {
    /// `consultations`, `surveys`, `meetings` or `comments`.
    pub key: &'static str,
    /// The message that says when (closes, starts, signed).
    pub when_key: &'static str,
    /// The lines.
    pub lines: Vec<ForYouLine>,
}

/// The dashboard's "For you" section of a signed-in reader.
pub struct ForYou {
    /// The four sections, in order.
    pub sections: Vec<ForYouSection>,
    /// Items in all.
    pub total: usize,
}

/// "For you" for `reader`, or `None` when signed out.
pub async fn for_you(state: &AppState, reader: &Reader) -> Result<Option<ForYou>, Problem> {
    if reader.account().is_none() {
        return Ok(None);
    }
    let viewer = reader.viewer.clone();
    let now = time::OffsetDateTime::now_utc();
    let inbox = blocking(state, move |node| node.inbox(&viewer, now)).await?;
    let names = Names::new(&state.node);
    let line = |item: &InboxItem| ForYouLine {
        title: item.title.clone(),
        link: item.link.clone(),
        at: item.at.clone(),
        origin: names.acronym(&item.origin),
    };
    let section = |key, when_key, items: &[InboxItem]| ForYouSection {
        key,
        when_key,
        lines: items.iter().map(line).collect(),
    };
    Ok(Some(ForYou {
        total: inbox.len(),
        sections: vec![
            section("consultations", "notifications-when-consultations", &inbox.consultations),
            section("surveys", "notifications-when-surveys", &inbox.surveys),
            section("meetings", "notifications-when-meetings", &inbox.meetings),
            section("comments", "notifications-when-comments", &inbox.comments),
        ],
    }))
}

/// `GET /feeds/me/{secret}.atom`.
pub async fn feed(
    State(state): State<AppState>,
    reader: Reader,
    Path(file): Path<String>,
) -> Result<Response, Problem> {
    let secret = file.strip_suffix(".atom").ok_or(Problem::NotFound)?.to_owned();
    let now = time::OffsetDateTime::now_utc();
    let (inbox, language) = blocking(&state, move |node| {
        let account = node.feed_account(&secret)?;
        let language = node.preferences(&account.username)?.language;
        Ok((node.inbox(&Viewer::Local(account), now)?, language))
    })
    .await
    .map_err(|problem| match problem {
        Problem::Node(NodeError::NotFound { .. }) => Problem::NotFound,
        other => other,
    })?;
    let tr = match language.as_deref().and_then(i18n::supported) {
        Some(language) => Tr::new(language),
        None => reader.tr.clone(),
    };
    let names = Names::new(&state.node);
    let entries = inbox_entries(&tr, &names, &inbox);
    let head = FeedHead {
        title: tr.t_args("notifications-feed-title", &[("name", state.node.settings().name())]),
        self_path: "/feeds/me".to_owned(),
        page_path: "/".to_owned(),
    };
    Ok(atom(&state, &tr, head, entries))
}

/// The feed entries of every inbox item, newest signing time first.
fn inbox_entries(tr: &Tr, names: &Names<'_>, inbox: &Inbox) -> Vec<FeedEntry> {
    let mut entries: Vec<FeedEntry> = inbox
        .all()
        .map(|item| {
            let title = tr.t_args(entry_key(item.kind), &[("title", &item.title)]);
            let origin = names.acronym(&item.origin);
            let when = item.at.as_deref().and_then(|at| i18n::zoned(at, None));
            let summary = match when {
                Some(at) => tr.t_args(
                    summary_key(item.kind),
                    &[("origin", &origin), ("date", &tr.date_time(&at))],
                ),
                None => tr.t_args("notifications-summary-from", &[("origin", &origin)]),
            };
            FeedEntry {
                id: item.id.to_string(),
                path: item.link.clone(),
                title,
                created_at: item.signed_at.clone(),
                author: origin,
                summary: Some(summary),
            }
        })
        .collect();
    entries.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    entries.truncate(FEED_ENTRIES);
    entries
}

fn entry_key(kind: InboxKind) -> &'static str {
    match kind {
        InboxKind::Consultation => "notifications-entry-consultation",
        InboxKind::Survey => "notifications-entry-survey",
        InboxKind::Meeting => "notifications-entry-meeting",
        InboxKind::Comment => "notifications-entry-comment",
    }
}

fn summary_key(kind: InboxKind) -> &'static str {
    match kind {
        InboxKind::Consultation => "notifications-summary-consultation",
        InboxKind::Survey => "notifications-summary-survey",
        InboxKind::Meeting => "notifications-summary-meeting",
        InboxKind::Comment => "notifications-summary-comment",
    }
}

/// The create and revoke forms (only the form token).
#[derive(Deserialize)]
pub struct FeedForm {
    #[serde(default)]
    csrf: String,
}

#[derive(Template)]
#[template(path = "feed_created.html")]
struct FeedCreated<'a> {
    c: Chrome<'a>,
    url: String,
}

/// `POST /account/feed`: a new feed secret for the reader (replacing any earlier one); the
/// page that answers shows its URL this once.
pub async fn create(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<FeedForm>, FormRejection>,
) -> Result<Response, Problem> {
    let form = read_form(form)?;
    reader.check_form(&form.csrf)?;
    let account = reader.require(Role::Member)?.clone();
    let secret = state.node.create_feed_token(&account.username)?;
    let template = FeedCreated {
        c: Chrome::new(&state, &reader, Section::None),
        url: absolute(&state, &format!("/feeds/me/{secret}.atom")),
    };
    page_with_status(&reader, StatusCode::CREATED, &template)
}

/// `POST /account/feed/revoke`: the reader's feed link stops working.
pub async fn revoke(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<FeedForm>, FormRejection>,
) -> Result<Response, Problem> {
    let form = read_form(form)?;
    reader.check_form(&form.csrf)?;
    let account = reader.require(Role::Member)?.clone();
    state.node.revoke_feed_token(&account.username)?;
    Ok(see_other("/account?done=feed-revoked"))
}
