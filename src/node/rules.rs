//! The rules a record must satisfy against what the node already holds: its place in the
//! origin's chain, the authority of its signing key, and what it may do to other records (only
//! the origin may supersede, retract or rotate its own). Called by the writer, one record at a
//! time, so every check sees every record committed before it.

use time::OffsetDateTime;

use super::error::NodeError;
use crate::model::links::{KeyAction, Links};
use crate::model::record::parse_utc_timestamp;
use crate::model::{Header, KeyId, Kind, NodeId, RecordId};
use crate::store::{KeyHistory, Store, StoreError, StoredRecord};

/// Publish is held to stricter rules than ingest: a local user may not fork a lineage or act on
/// a retracted record, but a record the origin already signed is accepted as long as it breaks
/// no rule that makes the origin untrustworthy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// A local user's new record.
    Publish,
    /// A record signed elsewhere.
    Ingest,
}

/// Where a record falls in its origin's log.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ChainPosition {
    /// It is the next record.
    Next,
    /// This exact record is already held.
    AlreadyHeld,
    /// A different record is held at its seq.
    Conflict,
}

/// What committing a record does besides storing it.
#[derive(Debug, Default)]
pub(crate) struct Effects {
    /// The record it supersedes.
    pub supersedes: Option<RecordId>,
    /// The record it retracts (as stored now).
    pub retracts: Option<StoredRecord>,
    /// The key history entry it changes.
    pub key: Option<(crate::model::KeyId, KeyHistory)>,
}

/// Places `header` (with id `id`) in its origin's log.
pub(crate) fn check_chain(
    store: &Store,
    header: &Header,
    id: &RecordId,
) -> Result<ChainPosition, NodeError> {
    let head = store.head(&header.origin)?;
    let held = head.map_or(0, |(seq, _)| seq);
    if header.seq <= held {
        return Ok(match store.id_at(&header.origin, header.seq)? {
            Some(existing) if existing == *id => ChainPosition::AlreadyHeld,
            _ => ChainPosition::Conflict,
        });
    }
    if header.seq > held + 1 {
        return Err(NodeError::SeqGap { origin: header.origin, held, got: header.seq });
    }
    if header.prev != head.map(|(_, id)| id) {
        return Err(NodeError::PrevMismatch { origin: header.origin, seq: header.seq });
    }
    Ok(ChainPosition::Next)
}

/// Checks that `header.key` may sign for `header.origin` at `header.created_at`.
pub(crate) fn check_key(store: &Store, header: &Header) -> Result<(), NodeError> {
    let refuse = || NodeError::KeyNotValid {
        origin: header.origin,
        key: header.key.to_string(),
        at: header.created_at.clone(),
    };
    let at = header.created_at_time().ok_or_else(refuse)?;
    if header.seq == 1 && header.key != header.origin.genesis_key() {
        return Err(refuse());
    }
    if key_admitted(store, &header.origin, &header.key, at)? { Ok(()) } else { Err(refuse()) }
}

/// Whether `key` may sign for `origin` at `at`: the genesis key until its history says
/// otherwise, any other key within its added–retired/revoked span.
pub(crate) fn key_admitted(
    store: &Store,
    origin: &NodeId,
    key: &KeyId,
    at: OffsetDateTime,
) -> Result<bool, StoreError> {
    Ok(match store.key_history(origin, key)? {
        Some(history) => history_admits(&history, at),
        None => *key == origin.genesis_key(),
    })
}

fn history_admits(history: &KeyHistory, at: OffsetDateTime) -> bool {
    let before = |limit: &Option<String>| {
        limit.as_deref().and_then(parse_utc_timestamp).is_none_or(|limit| at < limit)
    };
    let started =
        history.added_at.as_deref().and_then(parse_utc_timestamp).is_none_or(|added| added <= at);
    started && before(&history.retired_at) && before(&history.revoked_at)
}

/// Checks what the body does to other records and returns the effects of committing it.
pub(crate) fn check_links(
    store: &Store,
    header: &Header,
    links: &Links,
    strictness: Strictness,
) -> Result<Effects, NodeError> {
    let mut effects = Effects::default();
    if let Some(target) = links.supersedes {
        check_supersedes(store, header, &target, strictness)?;
        effects.supersedes = Some(target);
    }
    if let Some(target) = links.retracts {
        effects.retracts = Some(check_retracts(store, header, &target, strictness)?);
    }
    if let Some(change) = &links.key_change {
        effects.key = Some(check_key_change(store, header, change)?);
    }
    Ok(effects)
}

fn own_target(
    store: &Store,
    header: &Header,
    target: &RecordId,
    field: &str,
    action: &'static str,
) -> Result<StoredRecord, NodeError> {
    let stored = store
        .record(target)?
        .ok_or_else(|| NodeError::ReferenceNotFound { field: field.into(), id: *target })?;
    if stored.record.header.origin != header.origin {
        return Err(NodeError::NotOrigin { action, target: *target });
    }
    if stored.record.header.seq >= header.seq {
        return Err(NodeError::InvalidReference {
            field: field.into(),
            reason: "must name an earlier record".into(),
        });
    }
    Ok(stored)
}

fn check_supersedes(
    store: &Store,
    header: &Header,
    target: &RecordId,
    strictness: Strictness,
) -> Result<(), NodeError> {
    let field = "/body/supersedes";
    let stored = own_target(store, header, target, field, "supersede")?;
    let invalid = |reason: &str| {
        Err(NodeError::InvalidReference { field: field.into(), reason: reason.into() })
    };
    if stored.record.header.kind != header.kind {
        return invalid(&format!(
            "a {} cannot supersede a {}",
            header.kind, stored.record.header.kind
        ));
    }
    if strictness == Strictness::Publish {
        if !store.superseded_by(target)?.is_empty() {
            return invalid("that version is already superseded; supersede the current version");
        }
        if store.retraction_of(target)?.is_some() {
            return invalid("that record is retracted");
        }
    }
    Ok(())
}

fn check_retracts(
    store: &Store,
    header: &Header,
    target: &RecordId,
    strictness: Strictness,
) -> Result<StoredRecord, NodeError> {
    let field = "/body/about";
    let stored = own_target(store, header, target, field, "retract")?;
    let kind = stored.record.header.kind;
    if matches!(kind, Kind::Node | Kind::Key | Kind::Retraction) {
        return Err(NodeError::InvalidReference {
            field: field.into(),
            reason: format!("a {kind} record cannot be retracted"),
        });
    }
    if strictness == Strictness::Publish && store.retraction_of(target)?.is_some() {
        return Err(NodeError::InvalidReference {
            field: field.into(),
            reason: "already retracted".into(),
        });
    }
    Ok(stored)
}

fn check_key_change(
    store: &Store,
    header: &Header,
    change: &crate::model::links::KeyChange,
) -> Result<(crate::model::KeyId, KeyHistory), NodeError> {
    let field = "/body/key";
    let invalid =
        |reason: &str| NodeError::InvalidReference { field: field.into(), reason: reason.into() };
    parse_utc_timestamp(&change.effective_at).ok_or_else(|| NodeError::Schema {
        pointer: "/body/effective_at".into(),
        message: "not an rfc 3339 utc time".into(),
    })?;
    let genesis = change.key == header.origin.genesis_key();
    let existing = store.key_history(&header.origin, &change.key)?;
    let known = genesis || existing.is_some();
    let mut history = existing.unwrap_or_default();
    match change.action {
        KeyAction::Add if known => return Err(invalid("key is already a key of this node")),
        KeyAction::Add => history.added_at = Some(change.effective_at.clone()),
        KeyAction::Retire | KeyAction::Revoke if !known => {
            return Err(invalid("not a key of this node"));
        }
        KeyAction::Retire => history.retired_at = Some(change.effective_at.clone()),
        KeyAction::Revoke => history.revoked_at = Some(change.effective_at.clone()),
    }
    Ok((change.key, history))
}
