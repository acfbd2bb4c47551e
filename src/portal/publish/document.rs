//! The document form (`/publish/document`): a new document with its files, a new version of
//! one of this node's current documents (`?supersedes=`: prefilled, a relation, the previous
//! files kept by choice), or a language edition of a document (`?edition_of=`). The form is
//! multipart with the files last, so every text field has arrived before the first file byte;
//! files stream to the blob store and are removed again when the form is refused.

use askama::Template;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::{
    Choices, Fields, VisibilityValues, comma_list, is_too_large, line_list, publish, published,
    record_ref, visible_ref,
};
use crate::http::AppState;
use crate::model::bodies::DocumentBody;
use crate::model::links::Attachment;
use crate::model::{Kind, RecordId};
use crate::node::drafts::Revisable;
use crate::node::{Node, NodeError, Role};
use crate::portal::forms::{
    FieldErrors, Files, UploadedFile, optional, read_multipart_keeping, required,
};
use crate::portal::problem::Problem;
use crate::portal::reader::Reader;
use crate::portal::record_id;
use crate::portal::render::{Chrome, Section, page_with_status};
use crate::store::blobs::BlobError;

/// Languages the select offers (the six UN languages); any other BCP 47 tag is typed.
const LANGUAGES: [&str; 6] = ["en", "fr", "es", "ru", "ar", "zh"];
/// A document version's statuses.
const STATUSES: [&str; 4] = ["draft", "consultation", "final", "withdrawn"];
/// How a new version relates to the one it supersedes.
const RELATIONS: [&str; 3] = ["revision", "corrigendum", "addendum"];

/// `?supersedes=<id>` (a new version) or `?edition_of=<id>` (a language edition).
#[derive(Debug, Deserialize)]
pub struct Prefill {
    supersedes: Option<String>,
    edition_of: Option<String>,
}

/// What the form holds, as typed.
#[derive(Debug, Clone, Default)]
struct DocumentValues {
    title: String,
    symbol: String,
    summary: String,
    /// A tag of [`LANGUAGES`], `other` (then `language_other`), or blank.
    language: String,
    language_other: String,
    doc_type: String,
    status: String,
    comment_until: String,
    working_group: String,
    tags: String,
    authors: String,
    text: String,
    relation: String,
    supersedes: String,
    edition_of: String,
    /// SHA-256 of the previous version's files to keep.
    keep: Vec<String>,
    vis: VisibilityValues,
}

impl DocumentValues {
    /// A blank form in `language`.
    fn new(language: &str) -> DocumentValues {
        let mut values = DocumentValues { status: "draft".into(), ..Default::default() };
        values.set_language(language);
        values
    }

    /// As sent.
    fn read(fields: &Fields) -> DocumentValues {
        DocumentValues {
            title: fields.text("title"),
            symbol: fields.text("symbol"),
            summary: fields.text("summary"),
            language: fields.text("language"),
            language_other: fields.text("language_other"),
            doc_type: fields.text("doc_type"),
            status: fields.text("status"),
            comment_until: fields.text("comment_until"),
            working_group: fields.text("working_group"),
            tags: fields.text("tags"),
            authors: fields.text("authors"),
            text: fields.text("text"),
            relation: fields.text("relation"),
            supersedes: fields.text("supersedes"),
            edition_of: fields.text("edition_of"),
            keep: fields.all("keep"),
            vis: VisibilityValues::read(fields),
        }
    }

    /// A new version of `source`: everything it says, its files kept.
    fn revision_of(source: &Revisable<DocumentBody>) -> DocumentValues {
        let body = &source.item.body;
        let mut values = DocumentValues {
            title: body.title.clone(),
            symbol: body.symbol.clone().unwrap_or_default(),
            summary: body.summary.clone().unwrap_or_default(),
            doc_type: body.doc_type.clone().unwrap_or_default(),
            status: body.status.clone().unwrap_or_default(),
            comment_until: body.comment_until.clone().unwrap_or_default(),
            working_group: body.working_group.map(|g| g.to_string()).unwrap_or_default(),
            tags: body.tags.join(", "),
            authors: body.authors.join("\n"),
            text: body.text.clone().unwrap_or_default(),
            relation: "revision".into(),
            supersedes: source.item.id.to_string(),
            edition_of: body.edition_of.map(|e| e.to_string()).unwrap_or_default(),
            keep: body.attachments.iter().map(|a| a.sha256.to_string()).collect(),
            vis: VisibilityValues::of(&source.visibility),
            ..Default::default()
        };
        values.set_language(&body.language);
        values
    }

    /// An edition of `source` in another language: its symbol, group, status and visibility.
    fn edition_of(source: &Revisable<DocumentBody>) -> DocumentValues {
        let body = &source.item.body;
        DocumentValues {
            symbol: body.symbol.clone().unwrap_or_default(),
            status: body.status.clone().unwrap_or_default(),
            comment_until: body.comment_until.clone().unwrap_or_default(),
            working_group: body.working_group.map(|g| g.to_string()).unwrap_or_default(),
            edition_of: source.item.id.to_string(),
            vis: VisibilityValues::of(&source.visibility),
            ..Default::default()
        }
    }

    fn set_language(&mut self, tag: &str) {
        if LANGUAGES.contains(&tag) {
            self.language = tag.to_owned();
        } else {
            self.language = "other".into();
            self.language_other = tag.to_owned();
        }
    }

    /// The language chosen or typed.
    fn language_tag(&self) -> Option<String> {
        match self.language.as_str() {
            "other" => optional(&self.language_other),
            tag => optional(tag),
        }
    }

    /// Whether the previous version's file `sha256` is kept.
    fn keeps(&self, sha256: &str) -> bool {
        self.keep.iter().any(|k| k == sha256)
    }

    /// The version this one supersedes, if the form names one: it must be one this node may
    /// supersede (else the node's reason, form-wide).
    fn previous(
        &self,
        node: &Node,
        reader: &Reader,
        errors: &mut FieldErrors,
    ) -> Result<Option<Revisable<DocumentBody>>, Problem> {
        if self.supersedes.is_empty() {
            return Ok(None);
        }
        let id = record_ref(&self.supersedes).ok_or(Problem::NotFound)?;
        match node.revisable(&reader.viewer, &id, Kind::Document) {
            Ok(previous) => Ok(Some(previous)),
            Err(err) => {
                errors.add_node(&reader.tr, &err);
                Ok(None)
            }
        }
    }

    /// The visibility and body to publish, or errors next to the fields.
    fn draft(
        &self,
        node: &Node,
        reader: &Reader,
        errors: &mut FieldErrors,
        previous: Option<&Revisable<DocumentBody>>,
        files: &[&UploadedFile],
    ) -> Result<Option<(Value, Value)>, Problem> {
        let tr = &reader.tr;
        let mut body = Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                body.insert(key.to_owned(), value);
            }
        };
        put("title", required(errors, tr, "title", &self.title).map(Value::from));
        put("symbol", optional(&self.symbol).map(Value::from));
        put("summary", optional(&self.summary).map(Value::from));
        let language = self.language_tag();
        if language.is_none() {
            errors.add("language", tr.t("form-error-required"));
        }
        put("language", language.clone().map(Value::from));
        put("doc_type", optional(&self.doc_type).map(Value::from));
        put("status", optional(&self.status).map(Value::from));
        put("comment_until", self.comment_until(errors, reader).map(Value::from));
        let group = visible_ref(
            node,
            &reader.viewer,
            (errors, tr),
            "working_group",
            &self.working_group,
            Kind::WorkingGroup,
        )?;
        put("working_group", group.map(|g| json!(g)));
        put("tags", Some(comma_list(&self.tags)).filter(|t| !t.is_empty()).map(Value::from));
        put("authors", Some(line_list(&self.authors)).filter(|a| !a.is_empty()).map(Value::from));
        put("text", optional(&self.text).map(Value::from));
        put("attachments", self.attachments(previous, files));
        if let Some(previous) = previous {
            put("supersedes", Some(json!(previous.item.id)));
            if !RELATIONS.contains(&self.relation.as_str()) {
                errors.add("relation", tr.t("form-error-required"));
            }
            put("relation", Some(json!(self.relation)));
        }
        put(
            "edition_of",
            self.edition(node, reader, errors, language.as_deref()).map(|e| json!(e)),
        );
        let visibility = self.vis.to_json(errors, tr);
        Ok(visibility.filter(|_| errors.is_empty()).map(|v| (v, Value::Object(body))))
    }

    /// The end of the comment period, for a draft under consultation only.
    fn comment_until(&self, errors: &mut FieldErrors, reader: &Reader) -> Option<String> {
        if self.status != "consultation" {
            return None;
        }
        let date = optional(&self.comment_until)?;
        if date.parse::<jiff::civil::Date>().is_err() {
            errors.add("comment_until", reader.tr.t("publish-error-date"));
            return None;
        }
        Some(date)
    }

    /// The work this edition belongs to, checked by the node against the language.
    fn edition(
        &self,
        node: &Node,
        reader: &Reader,
        errors: &mut FieldErrors,
        language: Option<&str>,
    ) -> Option<RecordId> {
        if self.edition_of.is_empty() {
            return None;
        }
        let Some(id) = record_ref(&self.edition_of) else {
            errors.add("edition_of", reader.tr.t("publish-error-edition"));
            return None;
        };
        if let Err(err) = node.check_edition(&reader.viewer, &id, language.unwrap_or_default()) {
            errors.add_node(&reader.tr, &err);
        }
        Some(id)
    }

    /// The previous version's files kept, then the files sent (a file listed twice once).
    fn attachments(
        &self,
        previous: Option<&Revisable<DocumentBody>>,
        files: &[&UploadedFile],
    ) -> Option<Value> {
        let kept = previous
            .map(|p| p.item.body.attachments.as_slice())
            .unwrap_or_default()
            .iter()
            .filter(|a| self.keeps(&a.sha256.to_string()))
            .cloned();
        let sent = files.iter().map(|file| Attachment {
            sha256: file.stored.sha256,
            size: file.stored.size,
            media_type: file.media_type.clone(),
            name: file.name.clone(),
            language: None,
        });
        let mut all: Vec<Attachment> = Vec::new();
        for attachment in kept.chain(sent) {
            if !all.contains(&attachment) {
                all.push(attachment);
            }
        }
        (!all.is_empty()).then(|| serde_json::to_value(all).unwrap_or_default())
    }
}

/// A document the form starts from, as the page names it.
struct Source {
    id: String,
    title: String,
    files: Vec<Attachment>,
}

impl Source {
    fn of(source: &Revisable<DocumentBody>) -> Source {
        Source {
            id: source.item.id.to_string(),
            title: source.item.body.title.clone(),
            files: source.item.body.attachments.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "publish_document.html")]
struct DocumentPage<'a> {
    c: Chrome<'a>,
    v: DocumentValues,
    errors: FieldErrors,
    choices: Choices,
    /// The version this one supersedes.
    previous: Option<Source>,
    /// The document this is an edition of.
    edition: Option<Source>,
    /// Files were sent with a refused form: they must be chosen again.
    files_again: bool,
    file_limit: u64,
    languages: &'static [&'static str],
    statuses: &'static [&'static str],
    relations: &'static [&'static str],
}

/// The form with `values`, `errors` and `status`.
fn show(
    state: &AppState,
    reader: &Reader,
    status: StatusCode,
    values: DocumentValues,
    errors: FieldErrors,
    files_again: bool,
) -> Result<Response, Problem> {
    let node = &state.node;
    let viewer = &reader.viewer;
    let previous = record_ref(&values.supersedes)
        .and_then(|id| node.revisable(viewer, &id, Kind::Document).ok())
        .map(|p| Source::of(&p));
    let edition = record_ref(&values.edition_of)
        .and_then(|id| node.edition_source(viewer, &id).ok())
        .map(|e| Source::of(&e));
    let template = DocumentPage {
        c: Chrome::new(state, reader, Section::Publish),
        choices: Choices::load(node, viewer)?,
        file_limit: node.settings().file_bytes,
        languages: &LANGUAGES,
        statuses: &STATUSES,
        relations: &RELATIONS,
        v: values,
        errors,
        previous,
        edition,
        files_again,
    };
    page_with_status(reader, status, &template)
}

/// `GET /publish/document[?supersedes=<id>|?edition_of=<id>]`.
pub async fn form(
    State(state): State<AppState>,
    reader: Reader,
    query: Result<Query<Prefill>, QueryRejection>,
) -> Result<Response, Problem> {
    reader.require(Role::Editor)?;
    let Query(prefill) = query.map_err(|err| Problem::BadRequest(err.body_text()))?;
    let node = &state.node;
    let values = if let Some(id) = prefill.supersedes {
        DocumentValues::revision_of(&node.revisable(
            &reader.viewer,
            &record_id(&id)?,
            Kind::Document,
        )?)
    } else if let Some(id) = prefill.edition_of {
        DocumentValues::edition_of(&node.edition_source(&reader.viewer, &record_id(&id)?)?)
    } else {
        DocumentValues::new(reader.tr.tag())
    };
    show(&state, &reader, StatusCode::OK, values, FieldErrors::default(), false)
}

/// `POST /publish/document` (multipart, files last).
pub async fn submit(
    State(state): State<AppState>,
    reader: Reader,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, Problem> {
    reader.require(Role::Editor)?;
    let multipart = multipart.map_err(|err| Problem::BadRequest(err.body_text()))?;
    let node = &state.node;
    let limit = node.settings().file_bytes;
    let read = read_multipart_keeping(multipart, &reader, node, Files::Store(node.blobs(), limit));
    let upload = match read.await {
        Ok(upload) => upload,
        Err(refused) if is_too_large(&refused.problem) => {
            let values = DocumentValues::read(&Fields::from(refused.fields));
            let mut errors = FieldErrors::default();
            too_large(&reader, &refused.problem, &mut errors, limit);
            return show(&state, &reader, StatusCode::PAYLOAD_TOO_LARGE, values, errors, true);
        }
        Err(refused) => return Err(refused.problem),
    };
    let values = DocumentValues::read(&Fields::from(upload.fields.clone()));
    let files: Vec<&UploadedFile> = upload.files.iter().filter(|f| f.field == "files").collect();
    let outcome = accept(node, &reader, &values, &files).await;
    if !matches!(outcome, Ok(Ok(_))) {
        upload.discard(node);
    }
    match outcome? {
        Ok(id) => Ok(published(Kind::Document, &id)),
        Err((status, errors)) => show(&state, &reader, status, values, errors, !files.is_empty()),
    }
}

/// Why a form that was too large was refused: a file over the node's limit (next to the file
/// input), or a text field over the form's (form-wide).
fn too_large(reader: &Reader, problem: &Problem, errors: &mut FieldErrors, file_limit: u64) {
    let tr = &reader.tr;
    if matches!(problem, Problem::Node(NodeError::Blob(BlobError::TooLarge { .. }))) {
        let limit = tr.size(file_limit);
        errors.add("files", tr.t_args("publish-error-file-too-large", &[("limit", &limit)]));
    } else {
        errors.add("", tr.t("publish-error-too-large"));
    }
}

/// Publishes the form, or says why not (the errors and the status to show them with).
async fn accept(
    node: &Node,
    reader: &Reader,
    values: &DocumentValues,
    files: &[&UploadedFile],
) -> Result<Result<RecordId, (StatusCode, FieldErrors)>, Problem> {
    let mut errors = FieldErrors::default();
    let previous = values.previous(node, reader, &mut errors)?;
    let draft = values.draft(node, reader, &mut errors, previous.as_ref(), files)?;
    let Some(draft) = draft.filter(|_| errors.is_empty()) else {
        return Ok(Err((StatusCode::BAD_REQUEST, errors)));
    };
    Ok(publish(node, reader, Kind::Document, draft, &mut errors)
        .await?
        .map_err(|status| (status, errors)))
}
