//! The rules of the collaboration flows: what a comment, an RSVP or a survey response may name,
//! who may send it, and the audience it is published to. The writer checks them against the
//! records held, after the chain and link rules, so every check sees the records committed
//! before it.
//!
//! Publishing holds a local user to everything the node can know: the target is held, open and
//! current, the user's organisation is admitted, the answers fit. Ingesting refuses only what
//! an honest node could never have signed and this node can decide from what it holds, because
//! a refused record stops that origin's log here; a target this node does not hold, or holds
//! without its body, is accepted, and lateness is not refused but shown where it is read (a
//! contribution signed after the closing time is marked late).

mod comments;
mod rsvps;
mod surveys;

use serde_json::Value;
use time::OffsetDateTime;

use super::error::NodeError;
use super::rules::Strictness;
use crate::model::links::links;
use crate::model::record::{Audience, parse_utc_timestamp};
use crate::model::{Header, Kind, NodeId, RecordId, Visibility};
use crate::store::{Store, StoredRecord};

pub use surveys::{AnswerFault, check_answers};

/// Most versions followed when looking for a record's current version.
const MAX_VERSIONS: usize = 1000;

/// Checks a comment, RSVP or survey response against the records held; other kinds pass.
pub(crate) fn check(
    store: &Store,
    header: &Header,
    body: Option<&Value>,
    strictness: Strictness,
) -> Result<(), NodeError> {
    let Some(body) = body else { return Ok(()) };
    let flow = Flow { store, header, body, strictness };
    match header.kind {
        Kind::Comment => comments::check(&flow),
        Kind::Rsvp => rsvps::check(&flow),
        Kind::SurveyResponse => surveys::check(&flow),
        _ => Ok(()),
    }
}

/// The audience a contribution of `kind` with `body` is published to, derived from what it
/// names; `None` for kinds whose audience the publisher chooses.
pub(crate) fn audience(
    store: &Store,
    kind: Kind,
    body: &Value,
) -> Result<Option<Visibility>, NodeError> {
    let target = |field: &str| -> Result<StoredRecord, NodeError> {
        let id = body.get(field).and_then(Value::as_str).and_then(|s| s.parse::<RecordId>().ok());
        let pointer = format!("/body/{field}");
        let Some(id) = id else { return Err(NodeError::invalid(&pointer, "not a record id")) };
        store.record(&id)?.ok_or(NodeError::ReferenceNotFound { field: pointer, id })
    };
    Ok(match kind {
        Kind::Comment => Some(audience_of(&target("about")?.record.header)),
        Kind::Rsvp => Some(audience_of(&target("meeting")?.record.header)),
        Kind::SurveyResponse => Some(surveys::response_audience(&target("survey")?)),
        _ => None,
    })
}

/// The audience of contributions to a record: the record's own, with its origin always in it.
pub fn audience_of(target: &Header) -> Visibility {
    match &target.visibility {
        Visibility::Nodes { nodes } => {
            let mut nodes = nodes.clone();
            if !nodes.contains(&target.origin) {
                nodes.push(target.origin);
            }
            Visibility::Nodes { nodes }
        }
        other => other.clone(),
    }
}

/// Whether two visibilities admit the same nodes (node lists compared as sets).
pub fn same_audience(a: &Visibility, b: &Visibility) -> bool {
    match (a, b) {
        (Visibility::Nodes { nodes: x }, Visibility::Nodes { nodes: y }) => {
            x.iter().all(|n| y.contains(n)) && y.iter().all(|n| x.contains(n))
        }
        _ => a == b,
    }
}

/// One contribution being checked.
struct Flow<'a> {
    store: &'a Store,
    header: &'a Header,
    body: &'a Value,
    strictness: Strictness,
}

impl Flow<'_> {
    fn publishing(&self) -> bool {
        self.strictness == Strictness::Publish
    }

    /// The record named in `field`: on publish it must be held and of `kind`; on ingest a record
    /// not held is `None` (nothing to check against), one of another kind is refused.
    fn target(
        &self,
        id: &RecordId,
        field: &str,
        kind: Kind,
    ) -> Result<Option<StoredRecord>, NodeError> {
        let Some(stored) = self.store.record(id)? else {
            return if self.publishing() {
                Err(NodeError::ReferenceNotFound { field: field.into(), id: *id })
            } else {
                Ok(None)
            };
        };
        let found = stored.record.header.kind;
        if found != kind {
            return Err(refuse("wrong_target", field, format!("names a {found}, not a {kind}")));
        }
        Ok(Some(stored))
    }

    /// On publish, that `target` is neither retracted nor replaced by a newer version.
    fn open_version(
        &self,
        target: &StoredRecord,
        id: &RecordId,
        field: &str,
    ) -> Result<(), NodeError> {
        if !self.publishing() {
            return Ok(());
        }
        if self.store.retraction_of(id)?.is_some() {
            return Err(refuse("target_retracted", field, "that record has been retracted"));
        }
        if !self.store.superseded_by(id)?.is_empty() {
            let kind = target.record.header.kind;
            return Err(refuse(
                "target_superseded",
                field,
                format!("a newer version of this {kind} exists; respond to the current version"),
            ));
        }
        Ok(())
    }

    /// That the contribution's visibility is `expected`.
    fn audience_is(&self, expected: &Visibility) -> Result<(), NodeError> {
        if same_audience(&self.header.visibility, expected) {
            return Ok(());
        }
        let expected = serde_json::to_string(expected).unwrap_or_default();
        Err(refuse(
            "visibility_mismatch",
            "/visibility",
            format!("must be {expected}, the audience of the record it responds to"),
        ))
    }

    /// That the audience of `target` admits the contribution's origin. Group membership can
    /// change, so on ingest only a node list is decisive.
    fn admitted_by(&self, target: &Header, field: &str) -> Result<(), NodeError> {
        let origin = self.header.origin;
        let admitted = match &target.visibility {
            _ if target.origin == origin => true,
            Visibility::Named(Audience::Public | Audience::Partners) => true,
            Visibility::Nodes { nodes } => nodes.contains(&origin),
            Visibility::Group { .. } if !self.publishing() => true,
            Visibility::Group { group } => group_members(self.store, group)?.contains(&origin),
        };
        if admitted {
            Ok(())
        } else {
            Err(refuse(
                "not_admitted",
                field,
                "the audience of that record does not include this organisation",
            ))
        }
    }

    /// The time the contribution was signed.
    fn signed_at(&self) -> Option<OffsetDateTime> {
        parse_utc_timestamp(&self.header.created_at)
    }
}

/// A flow refusal.
fn refuse(code: &'static str, field: &str, reason: impl Into<String>) -> NodeError {
    NodeError::Flow { code, field: field.into(), reason: reason.into() }
}

/// The member nodes of the current version of working group `group`, with its convenor.
fn group_members(store: &Store, group: &RecordId) -> Result<Vec<NodeId>, NodeError> {
    let current = current_version(store, group)?;
    let Some(stored) = store.record(&current)? else { return Ok(Vec::new()) };
    if stored.record.header.kind != Kind::WorkingGroup {
        return Ok(Vec::new());
    }
    let body = stored.record.body.as_ref();
    let mut members =
        body.and_then(|b| links(Kind::WorkingGroup, b).ok()).map(|l| l.members).unwrap_or_default();
    members.push(stored.record.header.origin);
    Ok(members)
}

/// The newest version reachable from `id` through supersessions (the writer's view: everything
/// held is settled).
fn current_version(store: &Store, id: &RecordId) -> Result<RecordId, NodeError> {
    let mut current = *id;
    for _ in 0..MAX_VERSIONS {
        let newer = store.superseded_by(&current)?;
        let mut best: Option<(u64, RecordId)> = None;
        for candidate in newer {
            let seq = store.record(&candidate)?.map_or(0, |s| s.record.header.seq);
            if best.is_none_or(|(b, _)| seq > b) {
                best = Some((seq, candidate));
            }
        }
        match best {
            Some((_, next)) => current = next,
            None => break,
        }
    }
    Ok(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(n: u8) -> NodeId {
        NodeId([n; 32])
    }

    #[test]
    fn node_lists_compare_as_sets() {
        let a = Visibility::Nodes { nodes: vec![node(1), node(2)] };
        let b = Visibility::Nodes { nodes: vec![node(2), node(1)] };
        let c = Visibility::Nodes { nodes: vec![node(2)] };
        assert!(same_audience(&a, &b));
        assert!(!same_audience(&a, &c));
        assert!(!same_audience(&a, &Visibility::Named(Audience::Partners)));
        assert!(same_audience(
            &Visibility::Named(Audience::Public),
            &Visibility::Named(Audience::Public)
        ));
    }
}
