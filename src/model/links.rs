//! What a body points at: the fields the node's invariants depend on (supersedes, retractions,
//! attachments, key changes, group members), read from a body that already passed its schema.

use serde::Deserialize;
use serde_json::Value;

use super::ids::{KeyId, NodeId, RecordId, Sha256};
use super::record::Kind;

/// A file a body lists (bytes never travel inline).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Attachment {
    /// SHA-256 of the bytes.
    pub sha256: Sha256,
    /// Length in bytes.
    pub size: u64,
    /// MIME type.
    pub media_type: String,
    /// File name shown to people (no path separators).
    pub name: String,
    /// BCP 47 language, when it differs from the body's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// What a key record does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyAction {
    /// Start signing with a new key.
    Add,
    /// Stop signing with a key; its past signatures stay valid.
    Retire,
    /// The key is compromised: its signatures after `effective_at` are refused.
    Revoke,
}

/// A key record's change.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct KeyChange {
    /// Add, retire or revoke.
    pub action: KeyAction,
    /// The key concerned.
    pub key: KeyId,
    /// RFC 3339 UTC time from which the change holds.
    pub effective_at: String,
}

/// The references in one body that rules are checked against.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Links {
    /// The earlier record this one replaces (documents, meetings, working groups).
    pub supersedes: Option<RecordId>,
    /// The record a retraction withdraws.
    pub retracts: Option<RecordId>,
    /// Files the body lists.
    pub attachments: Vec<Attachment>,
    /// A key record's change.
    pub key_change: Option<KeyChange>,
    /// A working group's member nodes.
    pub members: Vec<NodeId>,
}

/// A body field that has the right JSON type but not the form these rules need.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("body field {field}: {reason}")]
pub struct LinkError {
    /// JSON pointer of the field.
    pub field: String,
    /// What is wrong with it.
    pub reason: String,
}

#[derive(Deserialize, Default)]
struct RawLinks {
    #[serde(default)]
    supersedes: Option<RecordId>,
    #[serde(default)]
    about: Option<RecordId>,
    #[serde(default)]
    attachments: Vec<Attachment>,
    #[serde(default)]
    members: Vec<NodeId>,
}

/// Reads the links of a `kind` body.
pub fn links(kind: Kind, body: &Value) -> Result<Links, LinkError> {
    let raw: RawLinks = field_parse("", body)?;
    let key_change = match kind {
        Kind::Key => Some(field_parse("", body)?),
        _ => None,
    };
    Ok(Links {
        supersedes: raw.supersedes,
        retracts: if kind == Kind::Retraction { raw.about } else { None },
        attachments: raw.attachments,
        key_change,
        members: if kind == Kind::WorkingGroup { raw.members } else { Vec::new() },
    })
}

/// Body fields that name another record, for the store's reverse index: a language edition's
/// work, a document's or meeting's working group, what a comment or endorsement is about, the
/// comment replied to, a meeting's minutes, an RSVP's meeting, a response's survey.
pub const REFERENCE_FIELDS: [&str; 7] =
    ["edition_of", "working_group", "about", "in_reply_to", "minutes", "meeting", "survey"];

/// Every record a body names (besides `supersedes`, which the store keeps apart), with the field
/// that names it; a meeting's agenda documents are named by `agenda`. Malformed values are
/// skipped: the body passed its schema, and a reverse index needs no more than the ids.
pub fn references(body: &Value) -> Vec<(RecordId, &'static str)> {
    let id = |value: &Value| value.as_str().and_then(|text| text.parse::<RecordId>().ok());
    let mut out: Vec<(RecordId, &'static str)> = REFERENCE_FIELDS
        .iter()
        .filter_map(|field| Some((id(body.get(*field)?)?, *field)))
        .collect();
    let items = body.get("agenda").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    for item in items {
        let documents = item.get("documents").and_then(Value::as_array);
        for document in documents.map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(target) = id(document) {
                out.push((target, "agenda"));
            }
        }
    }
    out
}

fn field_parse<T: for<'de> Deserialize<'de>>(field: &str, value: &Value) -> Result<T, LinkError> {
    T::deserialize(value).map_err(|err| LinkError { field: field.into(), reason: err.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_document_links() {
        let hash = "ab".repeat(32);
        let body = json!({
            "title": "t", "language": "en", "supersedes": "cd".repeat(32),
            "attachments": [{"sha256": hash, "size": 3, "media_type": "text/plain", "name": "a.txt"}]
        });
        let links = links(Kind::Document, &body).unwrap();
        assert_eq!(links.supersedes.unwrap().to_string(), "cd".repeat(32));
        assert_eq!(links.attachments[0].sha256.to_string(), hash);
        assert!(links.retracts.is_none());
    }

    #[test]
    fn about_is_a_retraction_only_in_a_retraction() {
        let body = json!({"about": "ab".repeat(32), "text": "x"});
        assert!(links(Kind::Comment, &body).unwrap().retracts.is_none());
        assert!(links(Kind::Retraction, &body).unwrap().retracts.is_some());
    }

    #[test]
    fn references_name_the_field_and_the_agenda() {
        let (a, b, c) = ("aa".repeat(32), "bb".repeat(32), "cc".repeat(32));
        let body = json!({
            "title": "t", "edition_of": a, "working_group": "not an id",
            "agenda": [{"title": "1", "documents": [b, c]}, {"title": "2"}]
        });
        let found: Vec<(String, &str)> =
            references(&body).into_iter().map(|(id, field)| (id.to_string(), field)).collect();
        assert_eq!(found, [(a, "edition_of"), (b, "agenda"), (c, "agenda")]);
    }
}
