//! Publish: a local user's `{kind, visibility, body}` becomes a signed record in this node's
//! log. Everything that needs no log state (role, strict JSON, size, schema, visibility,
//! attachments) is checked here, in the caller's task; the writer does the rest.

use serde::Deserialize;
use serde_json::Value;

use super::commit::{Committed, Draft, Job};
use super::error::NodeError;
use super::{Node, Viewer};
use crate::model::json::{canonical_bytes, check_strict};
use crate::model::links::{Links, links};
use crate::model::{Kind, Sha256, Visibility};

/// The body of `POST /api/v1/records`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishRequest {
    /// The record kind's wire name.
    pub kind: String,
    /// Who may see it. Comments, RSVPs and survey responses may leave it out: their audience
    /// follows from what they respond to (and if given, must be that audience).
    #[serde(default)]
    pub visibility: Option<Value>,
    /// The kind-specific body.
    pub body: Value,
}

/// Room kept for the header and signature when checking a body against the record limit.
const HEADER_ALLOWANCE: usize = 1024;

impl Node {
    /// Publishes a record for a logged-in user; returns once it is durable.
    pub async fn publish(
        &self,
        viewer: &Viewer,
        request: PublishRequest,
    ) -> Result<Committed, NodeError> {
        let account = viewer.require_account()?;
        let kind: Kind =
            request.kind.parse().map_err(|_| NodeError::UnknownKind(request.kind.clone()))?;
        if matches!(kind, Kind::Node | Kind::Key) {
            return Err(NodeError::KindNotPublishable(kind));
        }
        if !account.role.may_publish(kind) {
            return Err(NodeError::Forbidden(format!(
                "the {} role may not publish {kind} records",
                account.role
            )));
        }
        let visibility = match request.visibility {
            Some(visibility) => visibility,
            None => self.derived_visibility(kind, &request.body)?,
        };
        let draft = self.prepare(kind, &visibility, request.body)?;
        self.committer.submit(|reply| Job::Publish(Box::new(draft), reply)).await
    }

    /// Publishes this node's own `node` record when the log is empty or the config's identity
    /// differs from the newest one.
    pub(crate) async fn publish_identity(&self) -> Result<(), NodeError> {
        let wanted = self.settings.identity.clone();
        self.schemas.validate_body(Kind::Node, &wanted).map_err(|err| NodeError::InvalidInput {
            field: format!("config [node]{}", err.pointer.replace('/', ".")),
            reason: format!("{} (the node record is published from these fields)", err.message),
        })?;
        if let Some(id) = self.store.latest_of_kind(Kind::Node, &self.id)? {
            let current = self.store.record(&id)?.and_then(|stored| stored.record.body);
            if current.as_ref() == Some(&wanted) {
                return Ok(());
            }
        }
        let draft = self.prepare(Kind::Node, &serde_json::json!("public"), wanted)?;
        let committed = self.committer.submit(|reply| Job::Publish(Box::new(draft), reply)).await?;
        tracing::info!(id = %committed.id, seq = committed.record.header.seq, "published node record");
        Ok(())
    }

    /// The audience of a contribution published without one, from what it responds to.
    fn derived_visibility(&self, kind: Kind, body: &Value) -> Result<Value, NodeError> {
        let missing = || NodeError::Schema {
            pointer: "/visibility".into(),
            message: format!("required for a {kind} record"),
        };
        let derived = super::flows::audience(&self.store, kind, body)?.ok_or_else(missing)?;
        serde_json::to_value(derived).map_err(|_| missing())
    }

    fn prepare(&self, kind: Kind, visibility: &Value, body: Value) -> Result<Draft, NodeError> {
        check_strict(&body).map_err(|err| prefix_json_error(err, "/body"))?;
        let canonical = canonical_bytes(&body);
        if canonical.len() + HEADER_ALLOWANCE > self.settings.record_bytes {
            return Err(NodeError::TooLarge { limit: self.settings.record_bytes });
        }
        self.schemas.validate_body(kind, &body).map_err(|err| NodeError::Schema {
            pointer: format!("/body{}", err.pointer),
            message: err.message,
        })?;
        crate::model::semantics::check(kind, &body).map_err(|err| NodeError::Schema {
            pointer: format!("/body{}", err.field),
            message: err.reason,
        })?;
        let visibility = self.parse_visibility(visibility)?;
        let links = links(kind, &body).map_err(|err| NodeError::Schema {
            pointer: format!("/body{}", err.field),
            message: err.reason,
        })?;
        self.check_attachments(&links)?;
        Ok(Draft { kind, visibility, body_hash: Sha256::of(&canonical), body, links })
    }

    /// Reads a visibility and holds it to exactly the rules the header schema applies on every
    /// receiving node, so this node never signs a header a partner would refuse.
    fn parse_visibility(&self, value: &Value) -> Result<Visibility, NodeError> {
        let probe = serde_json::json!({
            "plenary": 1, "origin": self.id, "key": self.id.genesis_key(), "seq": 2,
            "prev": crate::model::RecordId([0; 32]), "kind": "document",
            "created_at": "2026-01-01T00:00:00Z", "visibility": value, "body_hash": Sha256([0; 32]),
        });
        self.schemas.validate_header(&probe).map_err(|err| NodeError::Schema {
            pointer: err.pointer,
            message: format!(
                "{} (visibility is \"public\", \"partners\", {{\"nodes\": [node ids]}} or {{\"group\": id}})",
                err.message
            ),
        })?;
        let visibility = Visibility::deserialize(value).map_err(|err| NodeError::Schema {
            pointer: "/visibility".into(),
            message: err.to_string(),
        })?;
        if let Visibility::Group { group } = &visibility {
            let is_group = self
                .store
                .record(group)?
                .is_some_and(|s| s.record.header.kind == Kind::WorkingGroup);
            if !is_group {
                return Err(NodeError::InvalidReference {
                    field: "/visibility/group".into(),
                    reason: format!("{group} is not a working group this node holds"),
                });
            }
        }
        Ok(visibility)
    }

    fn check_attachments(&self, links: &Links) -> Result<(), NodeError> {
        for attachment in &links.attachments {
            let refuse =
                |reason: String| NodeError::Attachment { sha256: attachment.sha256, reason };
            match self.blobs.size(&attachment.sha256) {
                None => {
                    return Err(refuse(
                        "not uploaded; POST the file to /api/v1/blobs first".into(),
                    ));
                }
                Some(size) if size != attachment.size => {
                    return Err(refuse(format!(
                        "size is {size} bytes, the body says {}",
                        attachment.size
                    )));
                }
                Some(_) => {}
            }
        }
        Ok(())
    }
}

/// Re-roots a strict-JSON error's pointer under `prefix`.
pub(crate) fn prefix_json_error(err: crate::model::json::JsonError, prefix: &str) -> NodeError {
    use crate::model::json::JsonError;
    let re = |pointer: String| format!("{prefix}{pointer}");
    NodeError::Json(match err {
        JsonError::Syntax(reason) => JsonError::Syntax(reason),
        JsonError::Float { pointer } => JsonError::Float { pointer: re(pointer) },
        JsonError::IntegerOutOfRange { pointer } => {
            JsonError::IntegerOutOfRange { pointer: re(pointer) }
        }
        JsonError::DuplicateKey { pointer, key } => {
            JsonError::DuplicateKey { pointer: re(pointer), key }
        }
        JsonError::TooDeep { pointer } => JsonError::TooDeep { pointer: re(pointer) },
    })
}
