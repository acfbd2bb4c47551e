//! "Verify a file" (`/verify`): anyone, signed in or not, gives a file (uploaded or dropped on
//! the file field — it is only hashed, never stored) or types its SHA-256, and the page says
//! which records this node holds list it, as far as the reader may see them: who signed each
//! (organisation, node id, fingerprint), whether the signature verifies, whether the record is
//! current, superseded or retracted, and when it was signed — or, plainly, that no record here
//! lists it. The answer is [`Node::lookup`](crate::node::Node::lookup), the same call as
//! `GET /api/v1/lookup/{sha256}`.

use askama::Template;
use axum::extract::{DefaultBodyLimit, Multipart, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::forms::{self, FieldErrors, Files};
use super::problem::Problem;
use super::reader::Reader;
use super::records::path_of;
use super::render::{Chrome, Section, page_with_status};
use crate::http::AppState;
use crate::model::{Kind, Sha256};
use crate::node::reads::FileListing;
use crate::node::{Node, NodeError, Viewer};
use crate::store::blobs::BlobError;

/// The form field that carries the file.
const FILE_FIELD: &str = "file";

/// Bytes of a verify form besides the file: boundaries, headers, the token.
const FORM_OVERHEAD: u64 = 64 * 1024;

/// `?sha256=` of the verify page.
#[derive(Deserialize)]
pub struct VerifyQuery {
    sha256: Option<String>,
}

/// One record that lists the file, as the page shows it.
pub struct Listing {
    /// Record id.
    pub id: String,
    /// Where its page is.
    pub path: String,
    /// Its kind (`document`, `meeting`, …).
    pub kind: String,
    /// Its title, when it has one the reader may see.
    pub title: Option<String>,
    /// The signing organisation's name (its node id when unknown).
    pub signer: String,
    /// Its acronym (empty when unknown).
    pub acronym: String,
    /// Its node id.
    pub origin: String,
    /// Its fingerprint.
    pub fingerprint: String,
    /// When the record was signed (RFC 3339).
    pub created_at: String,
    /// Whether the signature verifies now.
    pub verified: bool,
    /// Whether it is the current version and not retracted.
    pub current: bool,
    /// Whether the origin retracted it.
    pub retracted: bool,
    /// The current version of its lineage, when that is another record the reader may see.
    pub newer: Option<String>,
}

impl Listing {
    /// The line of `listing` for `viewer`.
    fn of(node: &Node, viewer: &Viewer, listing: FileListing) -> Listing {
        let about = node.organisation(&listing.origin).ok().and_then(|org| org.about);
        let newer = if listing.current || listing.retracted {
            None
        } else {
            node.current_version(&listing.id)
                .ok()
                .filter(|current| *current != listing.id && node.get(viewer, current).is_ok())
                .map(|current| current.to_string())
        };
        Listing {
            id: listing.id.to_string(),
            path: path_of(listing.kind, &listing.id),
            kind: listing.kind.as_str().to_owned(),
            title: listing.title,
            signer: about.as_ref().map_or_else(|| listing.origin.to_string(), |a| a.name.clone()),
            acronym: about.map(|a| a.acronym).unwrap_or_default(),
            origin: listing.origin.to_string(),
            fingerprint: listing.origin.fingerprint(),
            created_at: listing.created_at,
            verified: listing.verified,
            current: listing.current,
            retracted: listing.retracted,
            newer,
        }
    }

    /// Whether the record has versions (a superseded one says so).
    pub fn versioned(&self) -> bool {
        self.kind
            .parse::<Kind>()
            .is_ok_and(|kind| matches!(kind, Kind::Document | Kind::Meeting | Kind::WorkingGroup))
    }
}

/// What the page found for one file.
pub struct Outcome {
    /// The file's SHA-256.
    pub sha256: String,
    /// Its size, when the file itself was given.
    pub size: Option<u64>,
    /// Its name as sent, when the file itself was given.
    pub name: Option<String>,
    /// The records that list it, as far as the reader may see.
    pub listings: Vec<Listing>,
}

#[derive(Template)]
#[template(path = "verify.html")]
struct VerifyPage<'a> {
    c: Chrome<'a>,
    /// The hash as typed (kept when refused).
    typed: String,
    errors: FieldErrors,
    outcome: Option<Outcome>,
    /// The largest file the node hashes.
    limit: u64,
}

/// `GET /verify`, and `GET /verify?sha256=…` for a hash typed or pasted (what `sha256sum`
/// prints: the hash, optionally followed by the file name).
pub async fn show(
    State(state): State<AppState>,
    reader: Reader,
    Query(query): Query<VerifyQuery>,
) -> Result<Response, Problem> {
    let typed = query.sha256.unwrap_or_default();
    if typed.trim().is_empty() {
        return draw(&state, &reader, typed, FieldErrors::default(), None, StatusCode::OK);
    }
    let Some(sha256) = typed_hash(&typed) else {
        let mut errors = FieldErrors::default();
        errors.add("sha256", reader.tr.t("verify-error-hash"));
        return draw(&state, &reader, typed, errors, None, StatusCode::BAD_REQUEST);
    };
    let outcome = look_up(&state.node, &reader.viewer, sha256, None, None)?;
    draw(&state, &reader, typed, FieldErrors::default(), Some(outcome), StatusCode::OK)
}

/// `POST /verify` (multipart, `csrf` first, then `file`): the file is hashed as it arrives and
/// dropped; a file over the node's file limit is refused on the page (413).
pub async fn check(
    State(state): State<AppState>,
    reader: Reader,
    multipart: Multipart,
) -> Result<Response, Problem> {
    let limit = state.node.settings().file_bytes;
    let upload = match forms::read_multipart(multipart, &reader, &state.node, Files::Digest(limit))
        .await
    {
        Ok(upload) => upload,
        Err(problem) if too_large(&problem) => {
            let mut errors = FieldErrors::default();
            let size = reader.tr.size(limit);
            errors.add(FILE_FIELD, reader.tr.t_args("verify-error-too-large", &[("limit", &size)]));
            return draw(
                &state,
                &reader,
                String::new(),
                errors,
                None,
                StatusCode::PAYLOAD_TOO_LARGE,
            );
        }
        Err(problem) => return Err(problem),
    };
    let Some(file) = upload.files.into_iter().find(|f| f.field == FILE_FIELD) else {
        let mut errors = FieldErrors::default();
        errors.add(FILE_FIELD, reader.tr.t("verify-error-no-file"));
        return draw(&state, &reader, String::new(), errors, None, StatusCode::BAD_REQUEST);
    };
    let outcome = look_up(
        &state.node,
        &reader.viewer,
        file.stored.sha256,
        Some(file.stored.size),
        Some(file.name),
    )?;
    draw(&state, &reader, String::new(), FieldErrors::default(), Some(outcome), StatusCode::OK)
}

/// The body limit of the verify form: the node's file limit and room for the form around the
/// file (the file itself is counted while it is hashed).
pub fn body_limit(state: &AppState) -> DefaultBodyLimit {
    let bytes = state.node.settings().file_bytes.saturating_add(FORM_OVERHEAD);
    DefaultBodyLimit::max(usize::try_from(bytes).unwrap_or(usize::MAX))
}

/// Whether a form was refused for its size.
fn too_large(problem: &Problem) -> bool {
    matches!(
        problem,
        Problem::Node(NodeError::TooLarge { .. } | NodeError::Blob(BlobError::TooLarge { .. }))
    )
}

/// The SHA-256 in what someone typed or pasted: the first word, in either case.
fn typed_hash(text: &str) -> Option<Sha256> {
    let first = text.split_whitespace().next()?;
    first.trim_start_matches('\\').to_ascii_lowercase().parse().ok()
}

/// The records `viewer` may see that list `sha256`.
fn look_up(
    node: &Node,
    viewer: &Viewer,
    sha256: Sha256,
    size: Option<u64>,
    name: Option<String>,
) -> Result<Outcome, Problem> {
    let listings = node
        .lookup(viewer, &sha256)?
        .into_iter()
        .map(|listing| Listing::of(node, viewer, listing))
        .collect();
    Ok(Outcome { sha256: sha256.to_string(), size, name, listings })
}

fn draw(
    state: &AppState,
    reader: &Reader,
    typed: String,
    errors: FieldErrors,
    outcome: Option<Outcome>,
    status: StatusCode,
) -> Result<Response, Problem> {
    let template = VerifyPage {
        c: Chrome::new(state, reader, Section::Verify),
        typed,
        errors,
        outcome,
        limit: state.node.settings().file_bytes,
    };
    page_with_status(reader, status, &template)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_hash_may_carry_a_file_name_and_capitals() {
        let hex = "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
        let expected: Sha256 = hex.to_ascii_lowercase().parse().unwrap();
        assert_eq!(typed_hash(hex), Some(expected));
        assert_eq!(typed_hash(&format!("  {}  report.pdf\n", hex.to_lowercase())), Some(expected));
        assert_eq!(typed_hash(&format!("\\{hex}  a\\\\b")), Some(expected));
        assert_eq!(typed_hash("not a hash"), None);
        assert_eq!(typed_hash(&hex[1..]), None);
    }
}
