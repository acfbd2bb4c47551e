//! Record pages: `/records/{id}` sends the reader to the page of the record's kind; the document
//! page (`/documents/{id}`: metadata, version lineage, language editions, files, endorsements,
//! the consultation's comments from `portal::consultations`);
//! a plain page for other kinds; and the provenance panel they share — who signed (organisation,
//! node id, fingerprint, key), whether the signature verifies now, whether this is the current
//! version, any retraction, and the raw signed record.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;

use super::consultations::{CommentValues, CommentsPage, Discussion, LANGUAGES, Labels};
use super::forms::FieldErrors;
use super::problem::Problem;
use super::reader::Reader;
use super::record_id;
use super::render::{Chrome, Section, page, see_other};
use super::views::{DocumentLine, Names};
use crate::http::AppState;
use crate::model::bodies::{self, DocumentBody, EndorsementBody, WorkingGroupBody};
use crate::model::links::Attachment;
use crate::model::{Kind, RecordId};
use crate::node::catalog::Version;
use crate::node::reads::RecordView;

/// What the provenance panel shows.
pub struct Provenance {
    /// Record id.
    pub id: String,
    /// The signing organisation's name (its id when unknown).
    pub signer: String,
    /// Its acronym.
    pub acronym: String,
    /// Its node id.
    pub origin: String,
    /// Its fingerprint.
    pub fingerprint: String,
    /// The signing key.
    pub key: String,
    /// When it was signed.
    pub created_at: String,
    /// Position in the origin's log.
    pub seq: u64,
    /// Whether the signature (and body hash) verify now.
    pub verified: bool,
    /// The current version of its lineage, when that is another record.
    pub newer: Option<String>,
    /// Whether it is versioned (documents, meetings, groups).
    pub versioned: bool,
    /// The retraction that withdrew it.
    pub retracted_by: Option<String>,
    /// The signed record as JSON, indented.
    pub raw: String,
}

impl Provenance {
    /// The panel of `view`.
    pub fn of(state: &AppState, view: &RecordView) -> Provenance {
        let header = &view.record.header;
        let about = state.node.organisation(&header.origin).ok().and_then(|org| org.about);
        Provenance {
            id: view.id.to_string(),
            signer: about.as_ref().map_or_else(|| header.origin.to_string(), |a| a.name.clone()),
            acronym: about.map(|a| a.acronym).unwrap_or_default(),
            origin: header.origin.to_string(),
            fingerprint: header.origin.fingerprint(),
            key: header.key.to_string(),
            created_at: header.created_at.clone(),
            seq: header.seq,
            verified: view.verified,
            newer: view.current.filter(|current| *current != view.id).map(|c| c.to_string()),
            versioned: view.current.is_some(),
            retracted_by: view.retracted_by.map(|r| r.to_string()),
            raw: serde_json::to_string_pretty(&view.record).unwrap_or_default(),
        }
    }
}

/// The page path of a record of `kind`.
pub fn path_of(kind: Kind, id: &RecordId) -> String {
    match kind {
        Kind::Document => format!("/documents/{id}"),
        Kind::Meeting => format!("/meetings/{id}"),
        Kind::WorkingGroup => format!("/groups/{id}"),
        Kind::Survey => format!("/surveys/{id}"),
        _ => format!("/records/{id}/signed"),
    }
}

/// `GET /records/{id}`: to the page of its kind (a node record: the organisation's page).
pub async fn show(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&id)?;
    let view = state.node.get(&reader.viewer, &id)?;
    let header = &view.record.header;
    if header.kind == Kind::Node {
        return Ok(see_other(&format!("/organisations/{}", header.origin)));
    }
    Ok(see_other(&path_of(header.kind, &id)))
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage<'a> {
    c: Chrome<'a>,
    kind: String,
    prov: Provenance,
    about: Option<String>,
}

/// `GET /records/{id}/signed`: any record, with its provenance.
pub async fn signed(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&id)?;
    let view = state.node.get(&reader.viewer, &id)?;
    let about = view.record.body.as_ref().and_then(|b| b.get("about")).and_then(|a| a.as_str());
    let template = RecordPage {
        c: Chrome::new(&state, &reader, Section::None),
        kind: view.record.header.kind.as_str().to_owned(),
        about: about.map(str::to_owned),
        prov: Provenance::of(&state, &view),
    };
    page(&reader, &template)
}

/// An endorsement as the document page lists it.
struct Endorsement {
    id: String,
    by: String,
    statement: String,
    note: Option<String>,
    created_at: String,
}

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage<'a> {
    c: Chrome<'a>,
    id: String,
    doc: Option<DocumentBody>,
    publisher: String,
    group: Option<(String, String)>,
    versions: Vec<Version>,
    editions: Vec<DocumentLine>,
    files: Vec<Attachment>,
    endorsements: Vec<Endorsement>,
    prov: Provenance,
    may_revise: bool,
    discussion: Discussion,
    languages: &'static [&'static str],
    v: CommentValues,
    errors: FieldErrors,
    labels: Labels,
}

/// `GET /documents/{id}[?comments=N]` (N: the page of comment threads, from 1).
pub async fn document(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
    query: Result<Query<CommentsPage>, QueryRejection>,
) -> Result<Response, Problem> {
    let id = record_id(&id)?;
    let Query(query) = query.map_err(|err| Problem::BadRequest(err.body_text()))?;
    let node = &state.node;
    let viewer = &reader.viewer;
    let view = node.get(viewer, &id)?;
    if view.record.header.kind != Kind::Document {
        return Ok(see_other(&path_of(view.record.header.kind, &id)));
    }
    let doc: Option<DocumentBody> = view.record.body.as_ref().and_then(bodies::read);
    let names = Names::new(node);
    let group = doc.as_ref().and_then(|d| d.working_group).and_then(|group| {
        let item = node.item::<WorkingGroupBody>(viewer, &group).ok().flatten()?;
        Some((group.to_string(), item.body.name))
    });
    let endorsements = node
        .referring::<EndorsementBody>(viewer, &id, "about", Kind::Endorsement)?
        .into_iter()
        .map(|item| Endorsement {
            id: item.id.to_string(),
            by: names.acronym(&item.origin),
            statement: item.body.statement,
            note: item.body.note,
            created_at: item.created_at,
        })
        .collect();
    let template = DocumentPage {
        c: Chrome::new(&state, &reader, Section::None),
        id: id.to_string(),
        publisher: names.acronym(&view.record.header.origin),
        files: doc.as_ref().map(|d| d.attachments.clone()).unwrap_or_default(),
        versions: node.versions(viewer, &id)?,
        editions: node
            .editions(viewer, &id)?
            .iter()
            .map(|e| DocumentLine::of_item(e, &names))
            .collect(),
        may_revise: reader.is_editor() && view.record.header.origin == node.id(),
        prov: Provenance::of(&state, &view),
        discussion: Discussion::load(node, &reader, &id, Some(query.comments.unwrap_or(1)))?,
        languages: &LANGUAGES,
        v: CommentValues { language: reader.tr.tag().to_owned(), ..CommentValues::default() },
        errors: FieldErrors::default(),
        labels: Labels::new(&reader.tr),
        endorsements,
        group,
        doc,
    };
    page(&reader, &template)
}
