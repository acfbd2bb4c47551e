//! The node's one error type. Every refusal a caller can cause has its own variant with a
//! stable machine code; `http` maps variants to statuses in one place.

use crate::model::json::JsonError;
use crate::model::{Kind, NodeId, RecordId, Sha256};
use crate::store::StoreError;
use crate::store::blobs::BlobError;

/// Why the node refused or failed a request.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// The JSON itself is unacceptable (syntax, float, duplicate key, unsafe integer, depth).
    #[error(transparent)]
    Json(#[from] JsonError),
    /// A value does not match its schema; `pointer` names it from the record's root.
    #[error("{pointer}: {message}")]
    Schema {
        /// JSON pointer of the failing value (`/body/title`).
        pointer: String,
        /// What was expected.
        message: String,
    },
    /// A kind name that does not exist.
    #[error("unknown kind {0:?}")]
    UnknownKind(String),
    /// A kind that the node publishes itself, never on a user's request.
    #[error("{0} records are published by the node itself, not through the api")]
    KindNotPublishable(Kind),
    /// A record larger than the configured limit.
    #[error("record exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: usize,
    },
    /// The signature does not verify.
    #[error("signature does not verify: {0}")]
    BadSignature(String),
    /// The signing key is not (or no longer) a key of the origin.
    #[error("key {key} may not sign for {origin} at {at}")]
    KeyNotValid {
        /// The origin.
        origin: NodeId,
        /// The key.
        key: String,
        /// The record's time.
        at: String,
    },
    /// A record skips sequence numbers.
    #[error("seq gap for {origin}: holding up to {held}, got {got}")]
    SeqGap {
        /// The origin.
        origin: NodeId,
        /// Highest held seq.
        held: u64,
        /// The record's seq.
        got: u64,
    },
    /// `prev` is not the id of the record before.
    #[error("prev of {origin} seq {seq} does not match the record held at seq {}", seq - 1)]
    PrevMismatch {
        /// The origin.
        origin: NodeId,
        /// The record's seq.
        seq: u64,
    },
    /// A different record is already held at this `(origin, seq)`; both are kept as evidence.
    #[error("equivocation: {origin} signed two different records at seq {seq}")]
    Equivocation {
        /// The origin.
        origin: NodeId,
        /// The contested seq.
        seq: u64,
    },
    /// The body does not hash to the header's `body_hash`.
    #[error("body does not hash to the header's body_hash")]
    BodyHashMismatch,
    /// The record acts on a record of another origin (supersede, retract, rotate).
    #[error("only the origin of {target} may {action} it")]
    NotOrigin {
        /// What was attempted.
        action: &'static str,
        /// The other origin's record.
        target: RecordId,
    },
    /// A referenced record does not exist here.
    #[error("{field} names record {id}, which this node does not hold")]
    ReferenceNotFound {
        /// JSON pointer of the reference.
        field: String,
        /// The missing id.
        id: RecordId,
    },
    /// A reference is to a record that cannot be used that way.
    #[error("{field}: {reason}")]
    InvalidReference {
        /// JSON pointer of the reference.
        field: String,
        /// Why.
        reason: String,
    },
    /// A contribution a flow does not take: a comment after the period closed, an RSVP from an
    /// organisation not invited, an answer that does not fit its question …
    #[error("{field}: {reason}")]
    Flow {
        /// Stable code (`comment_period_closed`, `not_invited`, `answer_invalid` …).
        code: &'static str,
        /// JSON pointer of the field concerned.
        field: String,
        /// Why.
        reason: String,
    },
    /// A listed file was never uploaded, or its size differs.
    #[error("attachment {sha256}: {reason}")]
    Attachment {
        /// The file.
        sha256: Sha256,
        /// Why.
        reason: String,
    },
    /// No credentials, or credentials that are not valid.
    #[error("authentication required")]
    Unauthenticated,
    /// Wrong username or password.
    #[error("wrong username or password")]
    BadCredentials,
    /// Too many failed sign-ins: the next attempt is allowed after a wait.
    #[error("too many failed sign-ins; try again in {retry_after} s")]
    TooManyAttempts {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// The caller may not do this.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// A thing the caller asked for does not exist (or is not visible to them).
    #[error("{what} not found")]
    NotFound {
        /// Stable code (`record_not_found`).
        code: &'static str,
        /// What was looked for.
        what: String,
    },
    /// The request conflicts with existing state (a user that already exists, …).
    #[error("{0}")]
    Conflict(String),
    /// An argument is not acceptable (bad username, weak password, bad query).
    #[error("{field}: {reason}")]
    InvalidInput {
        /// The field.
        field: String,
        /// Why.
        reason: String,
    },
    /// A file upload failed.
    #[error(transparent)]
    Blob(#[from] BlobError),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The search index refused (a bad query) or failed.
    #[error(transparent)]
    Index(#[from] crate::index::IndexError),
    /// The node is shutting down or its writer has stopped.
    #[error("the node is not accepting writes")]
    Unavailable,
    /// A signed federation request was refused.
    #[error(transparent)]
    Refused(#[from] super::federation::Refusal),
}

impl NodeError {
    /// A stable, lowercase machine code for the error body.
    pub fn code(&self) -> &'static str {
        match self {
            NodeError::Json(JsonError::Syntax(_)) => "invalid_json",
            NodeError::Json(JsonError::Float { .. }) => "float_not_allowed",
            NodeError::Json(JsonError::DuplicateKey { .. }) => "duplicate_key",
            NodeError::Json(JsonError::IntegerOutOfRange { .. }) => "integer_out_of_range",
            NodeError::Json(JsonError::TooDeep { .. }) => "json_too_deep",
            NodeError::Schema { .. } => "schema_violation",
            NodeError::UnknownKind(_) => "unknown_kind",
            NodeError::KindNotPublishable(_) => "kind_not_publishable",
            NodeError::TooLarge { .. } => "record_too_large",
            NodeError::BadSignature(_) => "bad_signature",
            NodeError::KeyNotValid { .. } => "key_not_valid",
            NodeError::SeqGap { .. } => "seq_gap",
            NodeError::PrevMismatch { .. } => "prev_mismatch",
            NodeError::Equivocation { .. } => "equivocation",
            NodeError::BodyHashMismatch => "body_hash_mismatch",
            NodeError::NotOrigin { .. } => "not_origin",
            NodeError::ReferenceNotFound { .. } => "reference_not_found",
            NodeError::InvalidReference { .. } => "invalid_reference",
            NodeError::Attachment { .. } => "attachment_invalid",
            NodeError::Flow { code, .. } => code,
            NodeError::Unauthenticated => "unauthenticated",
            NodeError::BadCredentials => "bad_credentials",
            NodeError::TooManyAttempts { .. } => "too_many_attempts",
            NodeError::Forbidden(_) => "forbidden",
            NodeError::NotFound { code, .. } => code,
            NodeError::Conflict(_) => "conflict",
            NodeError::InvalidInput { .. } => "invalid_input",
            NodeError::Blob(BlobError::TooLarge { .. }) => "file_too_large",
            NodeError::Blob(BlobError::HashMismatch { .. }) => "file_hash_mismatch",
            NodeError::Blob(BlobError::Interrupted(_)) => "upload_interrupted",
            NodeError::Index(crate::index::IndexError::BadQuery(_)) => "bad_query",
            NodeError::Blob(BlobError::Io(_)) | NodeError::Store(_) | NodeError::Index(_) => {
                "internal"
            }
            NodeError::Unavailable => "unavailable",
            NodeError::Refused(refusal) => refusal.code(),
        }
    }

    /// The JSON pointer of the offending field, when there is one.
    pub fn field(&self) -> Option<String> {
        match self {
            NodeError::Json(err) => err.pointer().map(str::to_owned),
            NodeError::Schema { pointer, .. } => Some(pointer.clone()),
            NodeError::ReferenceNotFound { field, .. }
            | NodeError::InvalidReference { field, .. }
            | NodeError::Flow { field, .. } => Some(field.clone()),
            NodeError::InvalidInput { field, .. } => Some(field.clone()),
            _ => None,
        }
    }

    /// A record-not-found error.
    pub fn record_not_found(id: &RecordId) -> NodeError {
        NodeError::NotFound { code: "record_not_found", what: format!("record {id}") }
    }

    /// An invalid-input error.
    pub fn invalid(field: &str, reason: impl Into<String>) -> NodeError {
        NodeError::InvalidInput { field: field.into(), reason: reason.into() }
    }
}
