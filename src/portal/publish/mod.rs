//! The publishing forms editors use: a landing page (`/publish`), and the forms that turn what
//! an editor types into a body and a visibility for [`Node::publish`] — a document with its
//! files, a new version or a language edition of one (`document`), a meeting with its agenda
//! (`meeting`), a working group (`group`). What this module shares: reading a form's fields,
//! the lists editors choose from (working groups, organisations), the visibility choice, and
//! turning the node's refusal into errors next to the fields. Which record may be superseded,
//! and which records a body may name, the node decides (`node::drafts`).

pub mod agenda;
pub mod clock;
pub mod document;
pub mod group;
pub mod meeting;
pub mod milestones;
pub mod survey;

use std::collections::HashMap;

use askama::Template;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::forms::FieldErrors;
use super::i18n::Tr;
use super::problem::Problem;
use super::reader::Reader;
use super::render::{Chrome, Section, page, see_other};
use super::views::short_id;
use crate::http::AppState;
use crate::http::error::status_of;
use crate::model::{Kind, NodeId, RecordId, Visibility};
use crate::node::{Node, NodeError, PublishRequest, Role, Viewer};

#[derive(Template)]
#[template(path = "publish_index.html")]
struct Landing<'a> {
    c: Chrome<'a>,
}

/// `GET /publish`: what an editor can publish.
pub async fn landing(State(state): State<AppState>, reader: Reader) -> Result<Response, Problem> {
    reader.require(Role::Editor)?;
    page(&reader, &Landing { c: Chrome::new(&state, &reader, Section::Publish) })
}

/// A form's fields by name; a name repeats for checkboxes.
#[derive(Debug, Clone, Default)]
pub struct Fields(HashMap<String, Vec<String>>);

impl From<HashMap<String, Vec<String>>> for Fields {
    fn from(map: HashMap<String, Vec<String>>) -> Fields {
        Fields(map)
    }
}

impl Fields {
    /// The fields of a URL-encoded form, in the order sent.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Fields {
        let mut map: HashMap<String, Vec<String>> = HashMap::new();
        for (name, value) in pairs {
            map.entry(name).or_default().push(value);
        }
        Fields(map)
    }

    /// The first value of `name` ("" when absent).
    pub fn text(&self, name: &str) -> String {
        self.0.get(name).and_then(|v| v.first()).cloned().unwrap_or_default()
    }

    /// Every non-blank value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        let values = self.0.get(name).map(Vec::as_slice).unwrap_or_default();
        values.iter().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()).collect()
    }
}

/// One option of a select or a list of checkboxes.
#[derive(Debug, Clone)]
pub struct Choice {
    /// What the form sends.
    pub value: String,
    /// What the editor reads.
    pub label: String,
}

/// What editors choose from: the working groups they may see and the organisations this node
/// knows.
#[derive(Debug, Clone, Default)]
pub struct Choices {
    /// Working groups, by name.
    pub groups: Vec<Choice>,
    /// Organisations, by acronym.
    pub orgs: Vec<Choice>,
}

impl Choices {
    /// The choices `viewer` has on `node`.
    pub fn load(node: &Node, viewer: &Viewer) -> Result<Choices, Problem> {
        let groups = node
            .groups_by_name(viewer)?
            .into_iter()
            .map(|g| Choice { value: g.id.to_string(), label: g.body.name })
            .collect();
        let orgs = node
            .organisations()?
            .into_iter()
            .map(|org| Choice {
                value: org.id.to_string(),
                label: org.about.map_or_else(
                    || short_id(&org.id.to_string()),
                    |about| format!("{} — {}", about.acronym, about.name),
                ),
            })
            .collect();
        Ok(Choices { groups, orgs })
    }
}

/// Who may see a record, as the form's radio buttons, group select and organisation
/// checkboxes hold it.
#[derive(Debug, Clone)]
pub struct VisibilityValues {
    /// `public`, `partners`, `group` or `nodes`.
    pub choice: String,
    /// The working group whose members may see it (`group`).
    pub group: String,
    /// The organisations that may see it (`nodes`).
    pub nodes: Vec<String>,
}

impl Default for VisibilityValues {
    fn default() -> VisibilityValues {
        VisibilityValues { choice: "partners".into(), group: String::new(), nodes: Vec::new() }
    }
}

impl VisibilityValues {
    /// As sent.
    pub fn read(fields: &Fields) -> VisibilityValues {
        VisibilityValues {
            choice: fields.text("visibility"),
            group: fields.text("visibility_group"),
            nodes: fields.all("visibility_nodes"),
        }
    }

    /// The form of a record's visibility.
    pub fn of(visibility: &Visibility) -> VisibilityValues {
        match visibility {
            Visibility::Group { group } => VisibilityValues {
                choice: "group".into(),
                group: group.to_string(),
                nodes: Vec::new(),
            },
            Visibility::Nodes { nodes } => VisibilityValues {
                choice: "nodes".into(),
                group: String::new(),
                nodes: nodes.iter().map(ToString::to_string).collect(),
            },
            named if named.is_public() => {
                VisibilityValues { choice: "public".into(), ..Default::default() }
            }
            _ => VisibilityValues::default(),
        }
    }

    /// Whether organisation `id` is checked.
    pub fn has_node(&self, id: &str) -> bool {
        self.nodes.iter().any(|n| n == id)
    }

    /// The visibility as the node takes it, or an error under `visibility`.
    pub fn to_json(&self, errors: &mut FieldErrors, tr: &Tr) -> Option<Value> {
        match self.choice.as_str() {
            "public" | "partners" => Some(json!(self.choice)),
            "group" => match self.group.parse::<RecordId>() {
                Ok(group) => Some(json!({ "group": group })),
                Err(_) => refuse(errors, tr, "visibility", "publish-error-visibility-group"),
            },
            "nodes" => {
                let nodes: Vec<NodeId> = self.nodes.iter().filter_map(|n| n.parse().ok()).collect();
                if nodes.is_empty() || nodes.len() != self.nodes.len() {
                    return refuse(errors, tr, "visibility", "publish-error-visibility-nodes");
                }
                Some(json!({ "nodes": nodes }))
            }
            _ => refuse(errors, tr, "visibility", "publish-error-visibility"),
        }
    }
}

/// Adds message `key` under `field` and gives nothing.
fn refuse<T>(errors: &mut FieldErrors, tr: &Tr, field: &str, key: &str) -> Option<T> {
    errors.add(field, tr.t(key));
    None
}

/// A comma-separated list: trimmed, blanks and repeats left out.
pub fn comma_list(text: &str) -> Vec<String> {
    distinct(text.split(','))
}

/// One entry per line: trimmed, blanks and repeats left out.
pub fn line_list(text: &str) -> Vec<String> {
    distinct(text.lines())
}

fn distinct<'a>(parts: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in parts.map(str::trim).filter(|p| !p.is_empty()) {
        if !out.iter().any(|seen| seen == part) {
            out.push(part.to_owned());
        }
    }
    out
}

/// A record id as typed: bare, or the last segment of a pasted link to its page.
pub fn record_ref(text: &str) -> Option<RecordId> {
    let text = text.trim().trim_end_matches('/');
    let last = text.rsplit('/').next().unwrap_or_default();
    let last = last.split(['?', '#']).next().unwrap_or_default();
    last.parse().ok()
}

/// The record of `kind` field `field` names: none when blank; an error under `field` when it is
/// not an id or not a record of `kind` `viewer` may see.
pub fn visible_ref(
    node: &Node,
    viewer: &Viewer,
    (errors, tr): (&mut FieldErrors, &Tr),
    field: &str,
    text: &str,
    kind: Kind,
) -> Result<Option<RecordId>, Problem> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    match record_ref(text) {
        Some(id) if node.holds_visible(viewer, &id, kind)? => Ok(Some(id)),
        _ => {
            let key = format!("publish-error-unknown-{}", kind.as_str());
            errors.add(field, tr.t_args(&key, &[("id", text.trim())]));
            Ok(None)
        }
    }
}

/// Publishes `body` as `kind` for `reader`: the new record's id, or — the node refused what
/// was sent — its refusal next to the fields in `errors` and the status to show the form again
/// with (413 when too large, else 400). A failure of the node itself is a problem page.
pub async fn publish(
    node: &Node,
    reader: &Reader,
    kind: Kind,
    (visibility, body): (Value, Value),
    errors: &mut FieldErrors,
) -> Result<Result<RecordId, StatusCode>, Problem> {
    let request =
        PublishRequest { kind: kind.as_str().to_owned(), visibility: Some(visibility), body };
    match node.publish(&reader.viewer, request).await {
        Ok(committed) => Ok(Ok(committed.id)),
        Err(err) if status_of(&err).is_client_error() => {
            add_refusal(errors, &reader.tr, &err);
            Ok(Err(refused_status(is_too_large_error(&err))))
        }
        Err(err) => Err(Problem::Node(err)),
    }
}

/// The node's refusal next to its field; a refused file is shown at the file input.
fn add_refusal(errors: &mut FieldErrors, tr: &Tr, err: &NodeError) {
    if !matches!(err, NodeError::Attachment { .. }) {
        return errors.add_node(tr, err);
    }
    let mut inner = FieldErrors::default();
    inner.add_node(tr, err);
    for (_, message) in inner.all() {
        errors.add("files", message.clone());
    }
}

/// The status of a form shown again: 413 when something sent was too large, else 400.
pub fn refused_status(too_large: bool) -> StatusCode {
    if too_large { StatusCode::PAYLOAD_TOO_LARGE } else { StatusCode::BAD_REQUEST }
}

fn is_too_large_error(err: &NodeError) -> bool {
    status_of(err) == StatusCode::PAYLOAD_TOO_LARGE
}

/// Whether a problem is something sent being too large (a file, the whole form).
pub fn is_too_large(problem: &Problem) -> bool {
    matches!(problem, Problem::Node(err) if is_too_large_error(err))
}

/// The problem of a URL-encoded form that could not be read: larger than `limit` (413), or
/// malformed.
pub fn unreadable(err: FormRejection, limit: usize) -> Problem {
    if err.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return Problem::Node(NodeError::TooLarge { limit });
    }
    Problem::BadRequest(err.body_text())
}

/// Where the published record is shown.
pub fn published(kind: Kind, id: &RecordId) -> Response {
    see_other(&super::records::path_of(kind, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_trimmed_and_distinct() {
        assert_eq!(comma_list(" trade, , policy,trade "), ["trade", "policy"]);
        assert_eq!(line_list("A. Author\r\n\r\nB. Author\nA. Author"), ["A. Author", "B. Author"]);
    }

    #[test]
    fn record_refs_accept_ids_and_links() {
        let id = "ab".repeat(32);
        assert_eq!(record_ref(&id).map(|r| r.to_string()), Some(id.clone()));
        let link = format!("https://portal.example/documents/{id}/");
        assert_eq!(record_ref(&link).map(|r| r.to_string()), Some(id.clone()));
        assert_eq!(record_ref(&format!("/documents/{id}?x#y")).map(|r| r.to_string()), Some(id));
        assert!(record_ref("not an id").is_none());
    }
}
