//! The record: header, signature and body in their wire form (DESIGN §2.1), the record id, the
//! body hash, kinds and visibility. Pure data; signing and verification live in `crypto`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::ids::{KeyId, NodeId, RecordId, Sha256};
use super::json::canonical_bytes;

/// The protocol version this code speaks, the header's `plenary` field.
pub const PROTOCOL_VERSION: u32 = 1;

/// What a record is (DESIGN §2.3); each kind has a body schema in `schemas/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Who a node is: seq 1 of every log, and later updates.
    Node,
    /// One version of a document.
    Document,
    /// A meeting and its updates.
    Meeting,
    /// A thematic working group.
    WorkingGroup,
    /// A comment on a record.
    Comment,
    /// An answer to a meeting invitation.
    Rsvp,
    /// A survey sent to IOs.
    Survey,
    /// One IO's answers to a survey.
    SurveyResponse,
    /// One IO's signed statement about another's record.
    Endorsement,
    /// The origin withdraws one of its records' bodies and files.
    Retraction,
    /// Adds, retires or revokes a signing key.
    Key,
}

impl Kind {
    /// Every kind, in schema-file order.
    pub const ALL: [Kind; 11] = [
        Kind::Node,
        Kind::Document,
        Kind::Meeting,
        Kind::WorkingGroup,
        Kind::Comment,
        Kind::Rsvp,
        Kind::Survey,
        Kind::SurveyResponse,
        Kind::Endorsement,
        Kind::Retraction,
        Kind::Key,
    ];

    /// The wire name (`working_group`, …), also the schema file's stem.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Node => "node",
            Kind::Document => "document",
            Kind::Meeting => "meeting",
            Kind::WorkingGroup => "working_group",
            Kind::Comment => "comment",
            Kind::Rsvp => "rsvp",
            Kind::Survey => "survey",
            Kind::SurveyResponse => "survey_response",
            Kind::Endorsement => "endorsement",
            Kind::Retraction => "retraction",
            Kind::Key => "key",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A kind name that is not one of [`Kind::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind {0:?}")]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;

    fn from_str(name: &str) -> Result<Kind, UnknownKind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name).ok_or_else(|| UnknownKind(name.into()))
    }
}

/// Who may see a record's body, files and search hits (DESIGN §2.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Visibility {
    /// `"public"` or `"partners"`.
    Named(Audience),
    /// `{"nodes": [...]}`: only these nodes.
    Nodes {
        /// The admitted nodes.
        nodes: Vec<NodeId>,
    },
    /// `{"group": id}`: the member nodes of a working group.
    Group {
        /// The working group's record id.
        group: RecordId,
    },
}

/// The two named audiences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Anyone, including anonymous visitors.
    Public,
    /// Every node of the federation and their logged-in users.
    Partners,
}

impl Visibility {
    /// Anyone may see it.
    pub const PUBLIC: Visibility = Visibility::Named(Audience::Public);
    /// The federation may see it.
    pub const PARTNERS: Visibility = Visibility::Named(Audience::Partners);

    /// True for `"public"`.
    pub fn is_public(&self) -> bool {
        *self == Visibility::PUBLIC
    }
}

/// The signed part of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Protocol version, always [`PROTOCOL_VERSION`].
    pub plenary: u32,
    /// The node whose log this record belongs to.
    pub origin: NodeId,
    /// The key that signed it.
    pub key: KeyId,
    /// Position in the origin's log, from 1, without gaps.
    pub seq: u64,
    /// The record id at `seq - 1`, or null for seq 1.
    pub prev: Option<RecordId>,
    /// What the body is.
    pub kind: Kind,
    /// RFC 3339 UTC time with `Z`, kept as signed.
    pub created_at: String,
    /// Who may see the body.
    pub visibility: Visibility,
    /// SHA-256 of the body's canonical bytes.
    pub body_hash: Sha256,
}

impl Header {
    /// The canonical (RFC 8785) bytes that are hashed into the id and signed.
    pub fn canonical_bytes(&self) -> Vec<u8> {
        match serde_json::to_value(self) {
            Ok(value) => canonical_bytes(&value),
            // Every field serialises to a string, integer or object of them.
            Err(_) => Vec::new(),
        }
    }

    /// The record id: SHA-256 of the canonical header bytes.
    pub fn id(&self) -> RecordId {
        RecordId(Sha256::of(&self.canonical_bytes()).0)
    }

    /// `created_at` as a time, if it is valid RFC 3339 UTC with `Z`.
    pub fn created_at_time(&self) -> Option<OffsetDateTime> {
        parse_utc_timestamp(&self.created_at)
    }
}

/// A record in its wire form: `{header, sig, body?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The signed header.
    pub header: Header,
    /// Unpadded base64url Ed25519 signature over the header's canonical bytes.
    pub sig: String,
    /// The body; absent when withheld from the reader or retracted by the origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
}

impl Record {
    /// The record id.
    pub fn id(&self) -> RecordId {
        self.header.id()
    }

    /// The same record without its body (withheld or retracted form).
    pub fn without_body(&self) -> Record {
        Record { header: self.header.clone(), sig: self.sig.clone(), body: None }
    }
}

/// SHA-256 of a body's canonical bytes: the header's `body_hash`.
pub fn body_hash(body: &Value) -> Sha256 {
    Sha256::of(&canonical_bytes(body))
}

/// Parses an RFC 3339 timestamp that must be in UTC written with `Z`.
pub fn parse_utc_timestamp(text: &str) -> Option<OffsetDateTime> {
    if !text.ends_with('Z') {
        return None;
    }
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// Formats a time as RFC 3339 UTC with `Z`, to the second (the form this node signs).
pub fn format_utc_timestamp(at: OffsetDateTime) -> String {
    let at = at.to_offset(time::UtcOffset::UTC).replace_nanosecond(0).unwrap_or(at);
    at.format(&Rfc3339).unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            plenary: 1,
            origin: NodeId([1; 32]),
            key: KeyId([1; 32]),
            seq: 1,
            prev: None,
            kind: Kind::Node,
            created_at: "2026-11-29T09:30:00Z".into(),
            visibility: Visibility::PUBLIC,
            body_hash: body_hash(&serde_json::json!({"name": "x"})),
        }
    }

    #[test]
    fn header_wire_form_keeps_null_prev_and_named_visibility() {
        let value = serde_json::to_value(header()).unwrap();
        assert_eq!(value["prev"], Value::Null);
        assert_eq!(value["visibility"], "public");
        assert_eq!(value["kind"], "node");
    }

    #[test]
    fn visibility_forms_round_trip() {
        for text in [
            r#""public""#,
            r#""partners""#,
            r#"{"nodes":["AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE"]}"#,
            r#"{"group":"0101010101010101010101010101010101010101010101010101010101010101"}"#,
        ] {
            let visibility: Visibility = serde_json::from_str(text).unwrap();
            assert_eq!(serde_json::to_string(&visibility).unwrap(), text);
        }
        assert!(serde_json::from_str::<Visibility>(r#""everyone""#).is_err());
    }

    #[test]
    fn id_is_hash_of_canonical_header() {
        let header = header();
        let bytes = header.canonical_bytes();
        assert!(bytes.starts_with(br#"{"body_hash":""#));
        assert_eq!(header.id().0, Sha256::of(&bytes).0);
    }

    #[test]
    fn timestamps_must_be_utc_with_z() {
        assert!(parse_utc_timestamp("2026-11-29T09:30:00Z").is_some());
        assert!(parse_utc_timestamp("2026-11-29T09:30:00+01:00").is_none());
        assert!(parse_utc_timestamp("2026-13-29T09:30:00Z").is_none());
        let now = OffsetDateTime::now_utc();
        assert!(parse_utc_timestamp(&format_utc_timestamp(now)).is_some());
    }
}
