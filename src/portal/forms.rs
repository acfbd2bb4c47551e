//! What every portal form shares: errors kept per field (shown next to the field, in the
//! reader's language, with what was typed kept), the node's refusals turned into such errors,
//! and multipart uploads — the token checked before any file is read, text fields bounded,
//! files streamed to the blob store (or only hashed), and files this request alone added
//! removed again when the form is refused, so nothing is left half-stored.

use std::collections::HashMap;

use axum::extract::Multipart;
use axum::extract::multipart::Field;

use super::i18n::Tr;
use super::problem::Problem;
use super::reader::Reader;
use crate::model::Sha256;
use crate::node::{Node, NodeError};
use crate::store::blobs::{BlobError, BlobStore, Stored};

/// Longest text field of a multipart form.
const MAX_FIELD_BYTES: usize = 512 * 1024;
/// Most parts of a multipart form.
const MAX_PARTS: usize = 400;

/// Errors by field name (a form-wide error under `""`).
#[derive(Debug, Clone, Default)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    /// Adds `message` for `field`.
    pub fn add(&mut self, field: &str, message: String) {
        self.0.push((field.to_owned(), message));
    }

    /// The first error of `field`.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|(f, _)| f == field).map(|(_, m)| m.as_str())
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every error, in the order found (for the summary at the top of a form).
    pub fn all(&self) -> &[(String, String)] {
        &self.0
    }

    /// The node's refusal as an error on the form field it names: a body pointer
    /// (`/body/title`, `/body/location/name`) names the field after `/body/` with `/` as `.`;
    /// other refusals are form-wide. The node's own words follow the translated lead.
    pub fn add_node(&mut self, tr: &Tr, err: &NodeError) {
        let field = err
            .field()
            .map(|pointer| {
                let inner =
                    pointer.strip_prefix("/body/").unwrap_or(pointer.trim_start_matches('/'));
                inner.split('/').next().unwrap_or_default().to_owned()
            })
            .unwrap_or_default();
        let lead = match err {
            NodeError::Schema { .. } | NodeError::InvalidInput { .. } => "form-error-invalid",
            NodeError::TooLarge { .. } | NodeError::Blob(BlobError::TooLarge { .. }) => {
                "form-error-too-large"
            }
            NodeError::ReferenceNotFound { .. } | NodeError::InvalidReference { .. } => {
                "form-error-reference"
            }
            NodeError::Conflict(_) => "form-error-conflict",
            _ => "form-error-refused",
        };
        self.add(&field, format!("{} ({err})", tr.t(lead)));
    }
}

/// A required text field: trimmed, or an error under its name.
pub fn required(errors: &mut FieldErrors, tr: &Tr, field: &str, value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, tr.t("form-error-required"));
        return None;
    }
    Some(value.to_owned())
}

/// An optional text field: trimmed, `None` when blank.
pub fn optional(value: &str) -> Option<String> {
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// A file a form carried.
#[derive(Debug, Clone)]
pub struct UploadedFile {
    /// The form field it came in.
    pub field: String,
    /// Its name as sent, reduced to a bare file name.
    pub name: String,
    /// Its media type as sent (lowercase, without parameters), or guessed from the name.
    pub media_type: String,
    /// Hash, size, and whether this request added it to the store.
    pub stored: Stored,
}

/// A multipart form read whole.
#[derive(Debug, Default)]
pub struct Upload {
    /// Text fields by name, in order (a name may repeat).
    pub fields: HashMap<String, Vec<String>>,
    /// Files, in order.
    pub files: Vec<UploadedFile>,
}

impl Upload {
    /// The first value of text field `name` ("" when absent).
    pub fn text(&self, name: &str) -> &str {
        self.fields.get(name).and_then(|v| v.first()).map_or("", String::as_str)
    }

    /// Every value of text field `name`.
    pub fn all(&self, name: &str) -> &[String] {
        self.fields.get(name).map_or(&[], Vec::as_slice)
    }

    /// Removes the files this request added that no record lists (the form was refused).
    pub fn discard(&self, node: &Node) {
        for file in self.files.iter().filter(|f| f.stored.new) {
            if node.is_listed(&file.stored.sha256).is_ok_and(|listed| !listed) {
                let _ = node.blobs().delete(&file.stored.sha256);
            }
        }
    }
}

/// Where a form's files go.
#[derive(Clone, Copy)]
pub enum Files<'a> {
    /// Into the blob store, each at most this many bytes.
    Store(&'a BlobStore, u64),
    /// Only hashed, at most this many bytes (nothing is written).
    Digest(u64),
}

/// Reads a multipart form: the `csrf` field must come first and match `reader`'s token before
/// any file is read. Text fields are bounded; files go where `files` says. On any failure the
/// files already stored by this request are removed.
pub async fn read_multipart(
    multipart: Multipart,
    reader: &Reader,
    node: &Node,
    files: Files<'_>,
) -> Result<Upload, Problem> {
    read_multipart_keeping(multipart, reader, node, files).await.map_err(|refused| refused.problem)
}

/// A multipart form refused while it was read (a file too large, a broken stream), with the
/// text fields that arrived before the refusal — so the form can be shown again with what was
/// typed. Its files are already removed. No field is kept when the token did not match.
#[derive(Debug)]
pub struct Refused {
    /// Why.
    pub problem: Problem,
    /// Text fields read before the refusal (only after the token matched).
    pub fields: HashMap<String, Vec<String>>,
}

/// [`read_multipart`], keeping the text fields read before a refusal.
pub async fn read_multipart_keeping(
    mut multipart: Multipart,
    reader: &Reader,
    node: &Node,
    files: Files<'_>,
) -> Result<Upload, Refused> {
    let mut upload = Upload::default();
    let mut checked = false;
    let mut parts = 0;
    let outcome: Result<(), Problem> = async {
        while let Some(field) = multipart.next_field().await.map_err(bad_form)? {
            parts += 1;
            if parts > MAX_PARTS {
                return Err(Problem::BadRequest("too many form fields".into()));
            }
            let name = field.name().unwrap_or_default().to_owned();
            if !checked {
                if name != "csrf" {
                    return Err(Problem::StaleForm);
                }
                reader.check_form(&read_text(field).await?)?;
                checked = true;
                continue;
            }
            match field.file_name().map(str::to_owned) {
                Some(file_name) => read_file(field, &name, &file_name, files, &mut upload).await?,
                None => {
                    let value = read_text(field).await?;
                    upload.fields.entry(name).or_default().push(value);
                }
            }
        }
        if checked { Ok(()) } else { Err(Problem::StaleForm) }
    }
    .await;
    match outcome {
        Ok(()) => Ok(upload),
        Err(problem) => {
            upload.discard(node);
            Err(Refused { problem, fields: upload.fields })
        }
    }
}

async fn read_file(
    field: Field<'_>,
    name: &str,
    file_name: &str,
    files: Files<'_>,
    upload: &mut Upload,
) -> Result<(), Problem> {
    let sent_type = field.content_type().map(str::to_owned);
    let stored = match files {
        Files::Store(blobs, limit) => blobs.put_stream_noting(field, limit).await,
        Files::Digest(limit) => BlobStore::digest(field, limit)
            .await
            .map(|(sha256, size)| Stored { sha256, size, new: false }),
    }
    .map_err(|err| Problem::Node(NodeError::Blob(err)))?;
    if file_name.is_empty() && stored.size == 0 {
        return Ok(()); // a file input left empty
    }
    let file_name = bare_name(file_name);
    let media_type = media_type(sent_type.as_deref(), &file_name);
    upload.files.push(UploadedFile { field: name.to_owned(), name: file_name, media_type, stored });
    Ok(())
}

async fn read_text(field: Field<'_>) -> Result<String, Problem> {
    let mut field = field;
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(bad_form)? {
        bytes.extend_from_slice(&chunk);
        if bytes.len() > MAX_FIELD_BYTES {
            return Err(Problem::Node(NodeError::TooLarge { limit: MAX_FIELD_BYTES }));
        }
    }
    String::from_utf8(bytes).map_err(|_| Problem::BadRequest("a form field is not UTF-8".into()))
}

fn bad_form(err: axum::extract::multipart::MultipartError) -> Problem {
    if err.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        return Problem::Node(NodeError::TooLarge { limit: 0 });
    }
    Problem::BadRequest(err.body_text())
}

/// The last path segment of a sent file name, without control characters; "file" when
/// nothing usable is left.
pub fn bare_name(sent: &str) -> String {
    let last = sent.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).take(255).collect();
    if clean.trim_matches(|c| c == '.' || c == ' ').is_empty() { "file".to_owned() } else { clean }
}

/// A lowercase `type/subtype` for a file: the one sent when well-formed and specific, else
/// guessed from the name's extension.
pub fn media_type(sent: Option<&str>, name: &str) -> String {
    let sent = sent
        .map(|t| t.split(';').next().unwrap_or_default().trim().to_ascii_lowercase())
        .filter(|t| well_formed_type(t) && t != "application/octet-stream");
    if let Some(sent) = sent {
        return sent;
    }
    let extension = name.rsplit('.').next().unwrap_or_default().to_ascii_lowercase();
    match extension.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt" => "application/vnd.oasis.opendocument.text",
        "html" | "htm" => "text/html",
        "txt" => "text/plain",
        "md" => "text/markdown",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    }
    .to_owned()
}

fn well_formed_type(text: &str) -> bool {
    let Some((kind, subtype)) = text.split_once('/') else { return false };
    let part = |p: &str| {
        !p.is_empty()
            && p.len() <= 127
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"!#$&^_.+-".contains(&b))
    };
    part(kind) && part(subtype)
}

/// The SHA-256 a text field holds, if it is one.
pub fn sha256_field(value: &str) -> Option<Sha256> {
    value.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sent_names_become_bare_file_names() {
        assert_eq!(bare_name("C:\\Users\\me\\report.pdf"), "report.pdf");
        assert_eq!(bare_name("../../etc/passwd"), "passwd");
        assert_eq!(bare_name(".."), "file");
        assert_eq!(bare_name("a\u{0}b.txt"), "ab.txt");
    }

    #[test]
    fn media_types_are_kept_when_specific_and_guessed_otherwise() {
        assert_eq!(media_type(Some("application/pdf"), "x"), "application/pdf");
        assert_eq!(media_type(Some("Text/HTML; charset=utf-8"), "x"), "text/html");
        assert_eq!(media_type(Some("application/octet-stream"), "a.PDF"), "application/pdf");
        assert_eq!(media_type(Some("bogus"), "a.odt"), "application/vnd.oasis.opendocument.text");
        assert_eq!(media_type(None, "noext"), "application/octet-stream");
    }
}
