//! The consultation on document pages: the Comments section (`Discussion`: round history, the
//! threaded comments — [`THREADS_PER_PAGE`] top-level threads at a time, `?comments=N` for page
//! N — and the comment form while the current round is open), the comment page
//! (`GET /documents/{id}/comment[?reply_to=ID]`: a reply with its parent quoted, or the form
//! shown again with the node's refusal next to its field), the form's target
//! (`POST /documents/{id}/comments`, 303 back to the document), and the exports: CSV
//! (`/documents/{id}/comments.csv`) and a printable page of every round
//! (`/documents/{id}/comments/print`). What a reader sees is what `Node::consultation` gives
//! them; the node decides whether a comment may be made.

use std::collections::HashMap;
use std::ops::Range;

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::forms::{FieldErrors, optional, required};
use super::i18n::Tr;
use super::problem::Problem;
use super::publish::{Fields, unreadable};
use super::reader::Reader;
use super::record_id;
use super::render::{Chrome, Section, page, page_with_status, see_other};
use super::views::Names;
use crate::http::AppState;
use crate::http::error::status_of;
use crate::model::bodies::{self, DocumentBody, WorkingGroupBody};
use crate::model::{Audience, Kind, RecordId, Visibility};
use crate::node::consultations::{Comment, Consultation, Round};
use crate::node::{Node, NodeError, PublishRequest, Role, Viewer};

/// Top-level threads (each with all its replies) a document page shows at once; the printable
/// page and the CSV hold every comment.
pub const THREADS_PER_PAGE: usize = 50;

/// The languages a comment may be marked with (blank: not said).
pub const LANGUAGES: [&str; 6] = ["en", "fr", "es", "ar", "ru", "zh"];

/// One comment as a page lists it, with the markup that nests it among its neighbours.
pub struct Entry {
    /// Record id.
    pub id: String,
    /// Number within its round (1, 2, …), for "in reply to #n" on paper.
    pub number: u64,
    /// The number of the comment it answers, when that one is shown.
    pub reply_to: Option<u64>,
    /// Depth in the thread (0: top level).
    pub depth: usize,
    /// A list of replies opens before it.
    pub opens: bool,
    /// Its list item closes after it (it has no replies shown below it).
    pub ends: bool,
    /// Lists of replies that close after it.
    pub unwind: usize,
    /// The commenter's node id.
    pub origin: String,
    /// The commenter's acronym.
    pub acronym: String,
    /// The commenter's name.
    pub organisation: String,
    /// When it was signed (RFC 3339).
    pub created_at: String,
    /// When it was signed, in the reader's words and time zone.
    pub signed: String,
    /// Whether its signature verifies.
    pub verified: bool,
    /// Signed after the round closed.
    pub late: bool,
    /// Part of the document.
    pub section: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// The language's name in the reader's language.
    pub language_name: Option<String>,
    /// The comment.
    pub text: String,
}

/// Words every comment shows, looked up once per page.
pub struct Labels {
    /// "Signature verified".
    pub verified: String,
    /// "Signature does not verify".
    pub not_verified: String,
    /// "Late".
    pub late: String,
    /// "On:" (before the section).
    pub section: String,
    /// "Reply".
    pub reply: String,
}

impl Labels {
    /// The labels in `tr`'s language.
    pub fn new(tr: &Tr) -> Labels {
        Labels {
            verified: tr.t("comments-verified"),
            not_verified: tr.t("comments-not-verified"),
            late: tr.t("comments-late"),
            section: tr.t("comments-section"),
            reply: tr.t("comments-reply"),
        }
    }
}

/// Marks standing for a message's arguments in a pattern filled per comment.
const DATE_MARK: &str = "\u{E000}";
const TIME_MARK: &str = "\u{E001}";
const ZONE_MARK: &str = "\u{E002}";

/// Signed times and language names in the reader's words, each message looked up once per
/// page: a page of thousands of comments asks Fluent a handful of times, not per comment.
pub struct Formats<'a> {
    reader: &'a Reader,
    /// `date-time` with marks for its date, time and zone.
    date_time: String,
    /// `time-short` with a mark for its time.
    time: String,
    /// Dates already written, by local calendar day.
    dates: HashMap<(i16, i8, i8), String>,
    /// Language names already looked up, by code.
    languages: HashMap<String, String>,
}

impl<'a> Formats<'a> {
    /// Formats for `reader`.
    pub fn new(reader: &'a Reader) -> Formats<'a> {
        let tr = &reader.tr;
        Formats {
            reader,
            date_time: tr.t_args(
                "date-time",
                &[("date", DATE_MARK), ("time", TIME_MARK), ("zone", ZONE_MARK)],
            ),
            time: tr.t_args("time-short", &[("time", TIME_MARK)]),
            dates: HashMap::new(),
            languages: HashMap::new(),
        }
    }

    /// Date and time of RFC 3339 `at` in the reader's zone, as `Chrome::date_time` writes it.
    pub fn signed(&mut self, at: &str) -> String {
        let Some(utc) = super::i18n::zoned(at, None) else { return at.to_owned() };
        let local = utc.with_time_zone(self.reader.timezone.clone());
        let tr = &self.reader.tr;
        let day = (local.year(), local.month(), local.day());
        let date = self.dates.entry(day).or_insert_with(|| tr.date(&local));
        let time =
            self.time.replace(TIME_MARK, &format!("{:02}:{:02}", local.hour(), local.minute()));
        let zone = local.time_zone().iana_name().unwrap_or("UTC");
        self.date_time.replace(DATE_MARK, date).replace(TIME_MARK, &time).replace(ZONE_MARK, zone)
    }

    /// The name of language `code` in the reader's language (the code when unknown).
    pub fn language(&mut self, code: &str) -> String {
        let tr = &self.reader.tr;
        self.languages
            .entry(code.to_owned())
            .or_insert_with(|| {
                let key = format!("lang-{code}");
                if tr.has(&key) { tr.t(&key) } else { code.to_owned() }
            })
            .clone()
    }
}

/// One round as a page shows it.
pub struct RoundView {
    /// Round number, from 1 (oldest).
    pub number: u64,
    /// The version's id.
    pub id: String,
    /// Who it was circulated to, in words.
    pub audience: String,
    /// When the version was signed (the round opened).
    pub opened_at: String,
    /// The end of the comment period as written.
    pub comment_until: String,
    /// Whether comments are taken now.
    pub open: bool,
    /// Whether the reader may comment on it and reply to its comments now.
    pub may_comment: bool,
    /// Whether it is the current version.
    pub current: bool,
    /// Whether it is the version the page shows.
    pub shown: bool,
    /// Its top-level threads, on every page.
    pub threads: usize,
    /// Its comments on this page, in reading order.
    pub entries: Vec<Entry>,
}

/// The Comments section of a document page.
pub struct Discussion {
    /// Rounds, oldest first.
    pub rounds: Vec<RoundView>,
    /// Comments the reader may see, over all rounds.
    pub total: usize,
    /// Which threads this page shows.
    pub window: Window,
    /// The open round the reader may comment on (the current version), if any.
    pub open_round: Option<String>,
    /// Whether a round is open (a signed-out reader is asked to sign in to comment).
    pub any_open: bool,
    /// The document page's id (exports and links).
    pub document: String,
}

/// Which top-level threads a page shows, counted over all rounds (oldest round first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Page number, from 1.
    pub page: usize,
    /// Pages in all (at least 1).
    pub pages: usize,
    /// First thread shown (from 0).
    pub first: usize,
    /// One past the last thread shown.
    pub end: usize,
    /// Top-level threads over all rounds.
    pub threads: usize,
}

impl Window {
    /// Page `page` (from 1; past the last: the last) of `threads` threads, `per_page` at once.
    pub fn page(page: usize, per_page: usize, threads: usize) -> Window {
        let per_page = per_page.max(1);
        let pages = threads.div_ceil(per_page).max(1);
        let page = page.clamp(1, pages);
        let first = (page - 1) * per_page;
        Window { page, pages, first, end: threads.min(first + per_page), threads }
    }

    /// Every thread on one page.
    pub fn all(threads: usize) -> Window {
        Window { page: 1, pages: 1, first: 0, end: threads, threads }
    }

    /// The page holding thread `thread` (from 0).
    pub fn page_of(thread: usize) -> usize {
        thread / THREADS_PER_PAGE + 1
    }
}

impl Discussion {
    /// The section for document `id` as `reader` sees it: page `page` of its threads, or
    /// every thread when `None`.
    pub fn load(
        node: &Node,
        reader: &Reader,
        id: &RecordId,
        page: Option<usize>,
    ) -> Result<Discussion, Problem> {
        let consultation = node.consultation(&reader.viewer, id)?;
        let threads = consultation.rounds.iter().map(|r| r.comments.len()).sum();
        let window = match page {
            Some(page) => Window::page(page, THREADS_PER_PAGE, threads),
            None => Window::all(threads),
        };
        Ok(Discussion::of(node, reader, id, &consultation, window))
    }

    fn of(
        node: &Node,
        reader: &Reader,
        id: &RecordId,
        consultation: &Consultation,
        window: Window,
    ) -> Discussion {
        let names = Names::new(node);
        let mut formats = Formats::new(reader);
        let signed_in = reader.account().is_some();
        let mut before = 0; // threads in earlier rounds
        let mut total = 0;
        let mut rounds = Vec::with_capacity(consultation.rounds.len());
        for (round, number) in consultation.rounds.iter().zip(1u64..) {
            let threads = round.comments.len();
            let local = window.first.saturating_sub(before).min(threads)
                ..window.end.saturating_sub(before).min(threads);
            before += threads;
            let (entries, count) = entries(round, local, &mut formats);
            total += count;
            rounds.push(RoundView {
                number,
                id: round.id.to_string(),
                audience: audience_words(reader, node, &names, &round.audience),
                opened_at: round.opened_at.clone(),
                comment_until: round.comment_until.clone(),
                open: round.open,
                may_comment: round.open && signed_in,
                current: round.current,
                shown: round.id == *id,
                threads,
                entries,
            });
        }
        let open_round =
            consultation.rounds.iter().find(|r| r.open && signed_in).map(|r| r.id.to_string());
        Discussion {
            any_open: consultation.rounds.iter().any(|r| r.open),
            total,
            window,
            rounds,
            open_round,
            document: id.to_string(),
        }
    }

    /// The link to page `page` of the comments.
    pub fn page_href(&self, page: usize) -> String {
        format!("/documents/{}?comments={page}#comments", self.document)
    }
}

/// The comments of a round's top-level threads `threads` in reading order, numbered over the
/// whole round, with the tags that nest replies; and how many comments the round has in all.
fn entries(round: &Round, threads: Range<usize>, formats: &mut Formats<'_>) -> (Vec<Entry>, usize) {
    let order = round.in_order();
    let numbers: HashMap<RecordId, u64> =
        order.iter().zip(1u64..).map(|((_, c), number)| (c.id, number)).collect();
    // Reading-order positions of the top-level comments; a window starts and ends at one.
    let roots: Vec<usize> =
        order.iter().enumerate().filter(|(_, (depth, _))| *depth == 0).map(|(n, _)| n).collect();
    let start = roots.get(threads.start).copied().unwrap_or(order.len());
    let end = roots.get(threads.end).copied().unwrap_or(order.len()).max(start);
    let shown = &order[start..end];
    let mut out = Vec::with_capacity(shown.len());
    for (n, (depth, comment)) in shown.iter().enumerate() {
        let previous = n.checked_sub(1).and_then(|p| shown.get(p)).map_or(0, |(d, _)| *d);
        let next = shown.get(n + 1).map_or(0, |(d, _)| *d);
        let number = numbers.get(&comment.id).copied().unwrap_or_default();
        let place = Place { number, depth: *depth, previous, next };
        out.push(entry(comment, place, &numbers, formats));
    }
    (out, order.len())
}

/// Where a comment stands in a round's reading order.
struct Place {
    number: u64,
    depth: usize,
    /// Depth of the comment before it (0 for the first).
    previous: usize,
    /// Depth of the comment after it (0 for the last).
    next: usize,
}

fn entry(
    comment: &Comment,
    Place { number, depth, previous, next }: Place,
    numbers: &HashMap<RecordId, u64>,
    formats: &mut Formats<'_>,
) -> Entry {
    Entry {
        id: comment.id.to_string(),
        number,
        reply_to: comment.in_reply_to.and_then(|p| numbers.get(&p).copied()),
        depth,
        opens: depth > previous,
        ends: next <= depth,
        unwind: depth.saturating_sub(next),
        origin: comment.origin.to_string(),
        acronym: comment.acronym(),
        organisation: comment.organisation.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
        created_at: comment.created_at.clone(),
        signed: formats.signed(&comment.created_at),
        verified: comment.verified,
        late: comment.late,
        section: comment.section.clone(),
        language: comment.language.clone(),
        language_name: comment.language.as_deref().map(|code| formats.language(code)),
        text: comment.text.clone(),
    }
}

/// Who a round was circulated to, in the reader's words.
fn audience_words(
    reader: &Reader,
    node: &Node,
    names: &Names<'_>,
    audience: &Visibility,
) -> String {
    let tr = &reader.tr;
    match audience {
        Visibility::Named(Audience::Public) => tr.t("comments-audience-public"),
        Visibility::Named(_) => tr.t("comments-audience-partners"),
        Visibility::Nodes { nodes } => {
            let acronyms: Vec<String> = nodes.iter().map(|n| names.acronym(n)).collect();
            tr.t_args("comments-audience-nodes", &[("orgs", &acronyms.join(", "))])
        }
        Visibility::Group { group } => {
            let item = node.item::<WorkingGroupBody>(&reader.viewer, group).ok().flatten();
            let name =
                item.map_or_else(|| super::views::short_id(&group.to_string()), |g| g.body.name);
            tr.t_args("comments-audience-group", &[("group", &name)])
        }
    }
}

/// `?comments=N`: the page of comment threads a document page shows (from 1).
#[derive(Debug, Deserialize)]
pub struct CommentsPage {
    /// Page number.
    pub comments: Option<usize>,
}

/// `?reply_to=ID`.
#[derive(Debug, Deserialize)]
pub struct ReplyTo {
    reply_to: Option<String>,
}

/// What the comment form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct CommentValues {
    /// The comment.
    pub text: String,
    /// Part of the document.
    pub section: String,
    /// Language code, or blank.
    pub language: String,
    /// The comment answered, or blank.
    pub in_reply_to: String,
}

/// The parent of a reply, quoted.
pub struct Quoted {
    /// Its entry (number 0: it stands alone).
    pub entry: Entry,
}

#[derive(Template)]
#[template(path = "comment_form_page.html")]
struct CommentPage<'a> {
    c: Chrome<'a>,
    id: String,
    title: String,
    open: bool,
    parent: Option<Quoted>,
    v: CommentValues,
    errors: FieldErrors,
    languages: &'static [&'static str],
    labels: Labels,
}

/// The document `id` as `viewer` sees it, with its title (else not found).
fn document_of(node: &Node, viewer: &Viewer, id: &RecordId) -> Result<DocumentBody, Problem> {
    let view = node.get(viewer, id)?;
    if view.record.header.kind != Kind::Document {
        return Err(Problem::NotFound);
    }
    view.record.body.as_ref().and_then(bodies::read).ok_or(Problem::NotFound)
}

/// The comment `parent` on document `id`, as the reader may see it (else not found).
fn parent_of(
    node: &Node,
    reader: &Reader,
    id: &RecordId,
    parent: &str,
) -> Result<Option<Quoted>, Problem> {
    if parent.trim().is_empty() {
        return Ok(None);
    }
    let parent = record_id(parent.trim())?;
    let consultation = node.consultation(&reader.viewer, id)?;
    let round = consultation.rounds.iter().find(|r| r.id == *id).ok_or(Problem::NotFound)?;
    let found = round.in_order().into_iter().find(|(_, c)| c.id == parent);
    let (_, comment) = found.ok_or(Problem::NotFound)?;
    let place = Place { number: 0, depth: 0, previous: 0, next: 0 };
    let entry = entry(comment, place, &HashMap::new(), &mut Formats::new(reader));
    Ok(Some(Quoted { entry }))
}

fn show_form(
    state: &AppState,
    reader: &Reader,
    status: StatusCode,
    (id, values): (&RecordId, CommentValues),
    errors: FieldErrors,
) -> Result<Response, Problem> {
    let node = &state.node;
    let document = document_of(node, &reader.viewer, id)?;
    // A parent that cannot be shown is not found when asked for, and left out when the form
    // comes back refused (the refusal then says what is wrong with it).
    let parent = match parent_of(node, reader, id, &values.in_reply_to) {
        Err(Problem::NotFound) if !errors.is_empty() => None,
        other => other?,
    };
    let template = CommentPage {
        c: Chrome::new(state, reader, Section::None),
        id: id.to_string(),
        title: document.title,
        open: node.open_round(&reader.viewer, id)?,
        parent,
        v: values,
        errors,
        languages: &LANGUAGES,
        labels: Labels::new(&reader.tr),
    };
    page_with_status(reader, status, &template)
}

/// `GET /documents/{id}/comment[?reply_to=ID]`.
pub async fn form(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
    query: Result<Query<ReplyTo>, QueryRejection>,
) -> Result<Response, Problem> {
    reader.require(Role::Member)?;
    let id = record_id(&id)?;
    let Query(query) = query.map_err(|err| Problem::BadRequest(err.body_text()))?;
    let values = CommentValues {
        in_reply_to: query.reply_to.unwrap_or_default(),
        language: reader.tr.tag().to_owned(),
        ..CommentValues::default()
    };
    show_form(&state, &reader, StatusCode::OK, (&id, values), FieldErrors::default())
}

/// `POST /documents/{id}/comments`: publishes the comment, then back to the document.
pub async fn submit(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, Problem> {
    reader.require(Role::Member)?;
    let id = record_id(&id)?;
    let limit = state.node.settings().record_bytes;
    let Form(pairs) = form.map_err(|err| unreadable(err, limit))?;
    let fields = Fields::from_pairs(pairs);
    reader.check_form(&fields.text("csrf"))?;
    let values = CommentValues {
        text: fields.text("text"),
        section: fields.text("section"),
        language: fields.text("language"),
        in_reply_to: fields.text("in_reply_to"),
    };
    let mut errors = FieldErrors::default();
    let status = match body_of(&id, &values, &reader.tr, &mut errors) {
        Some(body) => {
            let request = PublishRequest { kind: "comment".into(), visibility: None, body };
            match state.node.publish(&reader.viewer, request).await {
                Ok(made) => return Ok(see_other(&link_to(&state.node, &reader, &id, &made.id))),
                Err(err) if status_of(&err).is_client_error() => {
                    add_refusal(&mut errors, &reader.tr, &err);
                    status_of(&err)
                }
                Err(err) => return Err(Problem::Node(err)),
            }
        }
        None => StatusCode::BAD_REQUEST,
    };
    show_form(&state, &reader, status, (&id, values), errors)
}

/// Where comment `comment` stands on document `id`'s page: its page of threads and its anchor.
fn link_to(node: &Node, reader: &Reader, id: &RecordId, comment: &RecordId) -> String {
    let consultation = node.consultation(&reader.viewer, id).ok();
    let thread = consultation.and_then(|c| thread_of(&c, comment));
    let page = thread.map_or(1, Window::page_of);
    format!("/documents/{id}?comments={page}#comment-{comment}")
}

/// The top-level thread (counted over all rounds) that holds `comment`.
fn thread_of(consultation: &Consultation, comment: &RecordId) -> Option<usize> {
    let roots = consultation.rounds.iter().flat_map(|round| round.comments.iter());
    for (n, root) in roots.enumerate() {
        let mut stack = vec![root];
        while let Some(c) = stack.pop() {
            if c.id == *comment {
                return Some(n);
            }
            stack.extend(c.replies.iter());
        }
    }
    None
}

/// The comment's body, or errors next to the fields.
fn body_of(
    id: &RecordId,
    values: &CommentValues,
    tr: &Tr,
    errors: &mut FieldErrors,
) -> Option<Value> {
    let mut body = Map::new();
    body.insert("about".into(), Value::from(id.to_string()));
    if let Some(text) = required(errors, tr, "text", &values.text) {
        body.insert("text".into(), Value::from(text));
    }
    if let Some(section) = optional(&values.section) {
        body.insert("section".into(), Value::from(section));
    }
    match optional(&values.language) {
        Some(language) if LANGUAGES.contains(&language.as_str()) => {
            body.insert("language".into(), Value::from(language));
        }
        Some(_) => errors.add("language", tr.t("comments-error-language")),
        None => {}
    }
    if let Some(parent) = optional(&values.in_reply_to) {
        match parent.parse::<RecordId>() {
            Ok(parent) => {
                body.insert("in_reply_to".into(), Value::from(parent.to_string()));
            }
            Err(_) => errors.add("in_reply_to", tr.t("comments-refused-reply_target_invalid")),
        }
    }
    errors.is_empty().then_some(Value::Object(body))
}

/// The node's refusal next to its field: what the comment names (`about`) is shown at the
/// comment's text, the parent at the quoted comment; a flow refusal in words of its own.
fn add_refusal(errors: &mut FieldErrors, tr: &Tr, err: &NodeError) {
    let field = err.field().unwrap_or_default();
    let field = match field.strip_prefix("/body/").unwrap_or_default() {
        "about" | "text" => "text",
        "in_reply_to" => "in_reply_to",
        "section" => "section",
        "language" => "language",
        _ => "",
    };
    let key = format!("comments-refused-{}", err.code());
    if tr.has(&key) {
        errors.add(field, tr.t(&key));
        return;
    }
    let mut inner = FieldErrors::default();
    inner.add_node(tr, err);
    for (_, message) in inner.all() {
        errors.add(field, message.clone());
    }
}

/// `GET /documents/{id}/comments.csv`.
pub async fn csv(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&id)?;
    let consultation = state.node.consultation(&reader.viewer, &id)?;
    Ok(crate::http::consultations::csv_response(&id, &consultation)?)
}

#[derive(Template)]
#[template(path = "comments_print.html")]
struct PrintPage<'a> {
    c: Chrome<'a>,
    id: String,
    doc: DocumentBody,
    d: Discussion,
    labels: Labels,
}

/// `GET /documents/{id}/comments/print`: every round and comment, for the drafting team.
pub async fn print(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&id)?;
    let node = &state.node;
    let doc = document_of(node, &reader.viewer, &id)?;
    let d = Discussion::load(node, &reader, &id, None)?;
    let template = PrintPage {
        c: Chrome::new(&state, &reader, Section::None),
        id: id.to_string(),
        labels: Labels::new(&reader.tr),
        doc,
        d,
    };
    page(&reader, &template)
}
