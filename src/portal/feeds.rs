//! Atom feeds, written by `atom_syndication`: `/feed.atom` (the newest current documents),
//! `/groups/{id}/feed.atom` (a working group's documents), `/search/feed.atom?…` (a saved
//! search: the same query string as `/search`, newest first) and `/meetings/feed.atom`
//! (reminders: meetings starting within the next fortnight, soonest first). Each holds only what
//! the subscriber (cookie or API token) may see, as the node's reads decide; entries carry the
//! record id as a URN, the publishing organisation's acronym, and a plain-text summary.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::i18n::Tr;
use super::problem::Problem;
use super::record_id;
use super::records::path_of;
use super::search::SearchForm;
use super::subscriber::{Subscriber, absolute, blocking, typed};
use super::views::{Names, short_id};
use crate::http::AppState;
use crate::index::{Hit, IndexError};
use crate::model::bodies::{DocumentBody, MeetingBody};
use crate::model::record::format_utc_timestamp;
use crate::model::{Kind, RecordId};
use crate::node::catalog::Item;
use crate::node::{Node, NodeError, Viewer};

/// Entries in a feed.
pub const FEED_ENTRIES: usize = 50;
/// The Atom media type.
const ATOM_TYPE: &str = "application/atom+xml";
/// Longest summary taken from a document's text when it has no summary (characters).
const EXCERPT_CHARS: usize = 400;

/// One entry before it is written.
pub(super) struct FeedEntry {
    pub(super) id: String,
    pub(super) path: String,
    pub(super) title: String,
    pub(super) created_at: String,
    pub(super) author: String,
    pub(super) summary: Option<String>,
}

/// What a feed says about itself.
pub(super) struct FeedHead {
    pub(super) title: String,
    pub(super) self_path: String,
    pub(super) page_path: String,
}

/// `GET /feed.atom`.
pub async fn recent(
    State(state): State<AppState>,
    subscriber: Subscriber,
) -> Result<Response, Problem> {
    let viewer = subscriber.reader.viewer.clone();
    let entries = blocking(&state, move |node| {
        let hits = node.recent_documents(&viewer, FEED_ENTRIES)?;
        of_hits(node, &viewer, hits)
    })
    .await?;
    let tr = &subscriber.reader.tr;
    let head = FeedHead {
        title: tr.t("feed-recent-title"),
        self_path: "/feed.atom".to_owned(),
        page_path: "/search?kind=document&current=true&sort=newest".to_owned(),
    };
    Ok(atom(&state, tr, head, entries))
}

/// `GET /groups/{id}/feed.atom`.
pub async fn group(
    State(state): State<AppState>,
    subscriber: Subscriber,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&id)?;
    let viewer = subscriber.reader.viewer.clone();
    let details = blocking(&state, move |node| node.group_details(&viewer, &id))
        .await?
        .ok_or(Problem::NotFound)?;
    let names = Names::new(&state.node);
    let entries =
        details.documents.iter().take(FEED_ENTRIES).map(|doc| of_item(doc, &names)).collect();
    let tr = &subscriber.reader.tr;
    let current = details.group.id;
    let head = FeedHead {
        title: tr.t_args("feed-group-title", &[("name", &details.group.body.name)]),
        self_path: format!("/groups/{current}/feed.atom"),
        page_path: format!("/groups/{current}"),
    };
    Ok(atom(&state, tr, head, entries))
}

/// `GET /search/feed.atom`.
pub async fn search(
    State(state): State<AppState>,
    subscriber: Subscriber,
    form: Result<Query<SearchForm>, QueryRejection>,
) -> Result<Response, Problem> {
    let Query(form) = form.map_err(|err| Problem::BadRequest(err.body_text()))?;
    let reader = &subscriber.reader;
    let mut request = form.request(reader, FEED_ENTRIES).map_err(|errors| {
        Problem::BadRequest(
            errors.into_iter().map(|(_, message)| message).collect::<Vec<_>>().join(" "),
        )
    })?;
    request.newest_first = true;
    request.offset = 0;
    request.facets = false;
    let viewer = reader.viewer.clone();
    let entries = blocking(&state, move |node| {
        let hits = node.search(&viewer, &request)?.hits;
        of_hits(node, &viewer, hits)
    })
    .await
    .map_err(|problem| match problem {
        Problem::Node(NodeError::Index(IndexError::BadQuery(reason))) => {
            Problem::BadRequest(reason)
        }
        other => other,
    })?;
    let title = match form.q.trim() {
        "" => reader.tr.t("feed-search-title-all"),
        query => reader.tr.t_args("feed-search-title", &[("query", query)]),
    };
    let head = FeedHead {
        title,
        self_path: format!("/search/feed.atom?{}", form.with(&[])),
        page_path: format!("/search?{}", form.with(&[("sort", Some("newest"))])),
    };
    Ok(atom(&state, &reader.tr, head, entries))
}

/// How far ahead the meetings feed reminds (days).
pub const REMINDER_DAYS: i64 = 14;

/// `GET /meetings/feed.atom`: the meetings the subscriber may see that start within
/// [`REMINDER_DAYS`] days, soonest first; a new version of a meeting updates its entry.
pub async fn meetings(
    State(state): State<AppState>,
    subscriber: Subscriber,
) -> Result<Response, Problem> {
    let viewer = subscriber.reader.viewer.clone();
    let now = time::OffsetDateTime::now_utc();
    let meetings =
        blocking(&state, move |node| node.meeting_reminders(&viewer, now, REMINDER_DAYS)).await?;
    let tr = &subscriber.reader.tr;
    let names = Names::new(&state.node);
    let entries = meetings.iter().take(FEED_ENTRIES).map(|m| of_meeting(m, tr, &names)).collect();
    let head = FeedHead {
        title: tr.t("feed-meetings-title"),
        self_path: "/meetings/feed.atom".to_owned(),
        page_path: "/meetings".to_owned(),
    };
    Ok(atom(&state, tr, head, entries))
}

/// The reminder of a meeting: when it starts (UTC) and where, or that it is cancelled.
fn of_meeting(m: &Item<MeetingBody>, tr: &Tr, names: &Names<'_>) -> FeedEntry {
    let venue = m.body.location.as_ref().and_then(|l| l.name.clone().or(l.online_url.clone()));
    let key = match m.body.status.as_deref() {
        Some("cancelled") => "feed-meeting-cancelled",
        _ => "feed-meeting-starts",
    };
    let starts = tr.t_args(key, &[("starts", &m.body.starts_at)]);
    FeedEntry {
        id: m.id.to_string(),
        path: path_of(Kind::Meeting, &m.id),
        title: m.body.title.clone(),
        created_at: m.created_at.clone(),
        author: names.acronym(&m.origin),
        summary: Some(venue.map_or(starts.clone(), |venue| format!("{starts} · {venue}"))),
    }
}

/// Entries of search hits: a document's summary, else the hit's snippet as plain text.
fn of_hits(node: &Node, viewer: &Viewer, hits: Vec<Hit>) -> Result<Vec<FeedEntry>, NodeError> {
    let mut entries = Vec::with_capacity(hits.len());
    for hit in hits {
        let Ok(id) = hit.id.parse::<RecordId>() else { continue };
        let kind = hit.kind.parse::<Kind>().unwrap_or(Kind::Document);
        let summary = match kind {
            Kind::Document => node.item::<DocumentBody>(viewer, &id)?.and_then(|d| d.body.summary),
            _ => None,
        };
        let snippet = Some(plain_text(&hit.snippet)).filter(|s| !s.trim().is_empty());
        entries.push(FeedEntry {
            path: path_of(kind, &id),
            id: hit.id,
            title: hit.title,
            created_at: hit.created_at,
            author: hit.origin_name.unwrap_or_else(|| short_id(&hit.origin)),
            summary: summary.or(snippet),
        });
    }
    Ok(entries)
}

/// The entry of a document: its summary, else the opening of its text.
fn of_item(doc: &Item<DocumentBody>, names: &Names<'_>) -> FeedEntry {
    let excerpt = doc.body.text.as_ref().map(|text| text.chars().take(EXCERPT_CHARS).collect());
    FeedEntry {
        id: doc.id.to_string(),
        path: path_of(Kind::Document, &doc.id),
        title: doc.body.title.clone(),
        created_at: doc.created_at.clone(),
        author: names.acronym(&doc.origin),
        summary: doc.body.summary.clone().or(excerpt),
    }
}

/// The feed of `entries`, as a response.
pub(super) fn atom(state: &AppState, tr: &Tr, head: FeedHead, entries: Vec<FeedEntry>) -> Response {
    let now = format_utc_timestamp(time::OffsetDateTime::now_utc());
    let updated = entries
        .iter()
        .filter_map(|e| when(&e.created_at))
        .max()
        .or_else(|| when(&now))
        .unwrap_or_default();
    let self_url = absolute(state, &head.self_path);
    let feed = Feed {
        title: Text::plain(head.title),
        id: self_url.clone(),
        updated,
        authors: vec![person(state.node.settings().name())],
        links: vec![
            link("self", self_url, ATOM_TYPE),
            link("alternate", absolute(state, &head.page_path), "text/html"),
        ],
        lang: Some(tr.tag().to_owned()),
        entries: entries.into_iter().map(|e| entry(state, e)).collect(),
        ..Feed::default()
    };
    typed(feed.to_string(), ATOM_TYPE)
}

fn entry(state: &AppState, e: FeedEntry) -> Entry {
    let at = when(&e.created_at).unwrap_or_default();
    Entry {
        id: format!("urn:plenary:record:{}", e.id),
        title: Text::plain(e.title),
        updated: at,
        published: Some(at),
        authors: vec![person(&e.author)],
        links: vec![link("alternate", absolute(state, &e.path), "text/html")],
        summary: e.summary.map(Text::plain),
        ..Entry::default()
    }
}

fn person(name: &str) -> Person {
    Person { name: name.to_owned(), ..Person::default() }
}

fn link(rel: &str, href: String, media_type: &str) -> Link {
    Link { href, rel: rel.to_owned(), mime_type: Some(media_type.to_owned()), ..Link::default() }
}

/// An RFC 3339 time as the feed crate's.
fn when(at: &str) -> Option<FixedDateTime> {
    FixedDateTime::parse_from_rfc3339(at).ok()
}

/// The text of a snippet (HTML with `<mark>`s and escaped characters).
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for ch in html.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => text.push(ch),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(
            plain_text("The <mark>rule</mark> &lt;b&gt; &amp;lt; O&#39;Neil &quot;x&quot;"),
            "The rule <b> &lt; O'Neil \"x\""
        );
        assert_eq!(plain_text(""), "");
    }

    #[test]
    fn times_read_as_rfc_3339() {
        assert!(when("2027-06-15T07:30:00Z").is_some());
        assert!(when("yesterday").is_none());
    }
}
