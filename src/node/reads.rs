//! Reads: one record with its verification status and lineage, listings, "which records list
//! this file", file access and equivocation evidence. Every read applies the viewer's visibility
//! and hides this node's own records until they are durable.

use std::collections::{BTreeSet, VecDeque};

use serde::Serialize;

use super::error::NodeError;
use super::{Node, Role, Viewer};
use crate::crypto;
use crate::model::links::{Attachment, links};
use crate::model::record::body_hash;
use crate::model::{KeyId, Kind, NodeId, Record, RecordId, Sha256};
use crate::store::StoredRecord;

/// Most versions followed when walking a lineage (a guard against hostile logs).
const MAX_LINEAGE: usize = 10_000;

/// Largest page of a listing.
pub const MAX_PAGE: usize = 500;

/// One record as shown to a reader.
#[derive(Debug, Clone, Serialize)]
pub struct RecordView {
    /// The wire form (without body when retracted or not visible).
    pub record: Record,
    /// Its id.
    pub id: RecordId,
    /// Whether the signature verifies (strict) and the body, if present, matches its hash.
    pub verified: bool,
    /// The retraction that withdrew its body and files.
    pub retracted_by: Option<RecordId>,
    /// Records that supersede it.
    pub superseded_by: Vec<RecordId>,
    /// For versioned kinds: the id of the first version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lineage: Option<RecordId>,
    /// For versioned kinds: the current version of the lineage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<RecordId>,
    /// Position in this node's arrival order.
    pub arrival: u64,
}

/// Which records to list.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only this origin; `after` is then a seq in its log, otherwise an arrival position.
    pub origin: Option<NodeId>,
    /// Cursor: return entries after this position.
    pub after: u64,
    /// Page size (capped at [`MAX_PAGE`]).
    pub limit: usize,
}

/// A page of a listing.
#[derive(Debug, Clone, Serialize)]
pub struct ListPage {
    /// The records the viewer may see.
    pub records: Vec<Record>,
    /// Pass as `after` for the next page; absent at the end.
    pub next_after: Option<u64>,
}

/// One record that lists a file.
#[derive(Debug, Clone, Serialize)]
pub struct FileListing {
    /// The record.
    pub id: RecordId,
    /// Its kind.
    pub kind: Kind,
    /// Who published it.
    pub origin: NodeId,
    /// The key that signed it.
    pub signed_by: KeyId,
    /// When it was signed.
    pub created_at: String,
    /// Its title, if its body has one and is held.
    pub title: Option<String>,
    /// Whether the signature verifies.
    pub verified: bool,
    /// Whether it is the current version (nothing supersedes it) and not retracted.
    pub current: bool,
    /// Whether the origin retracted it.
    pub retracted: bool,
}

/// A file the viewer may read.
#[derive(Debug, Clone)]
pub struct BlobAccess {
    /// Where its bytes are.
    pub path: std::path::PathBuf,
    /// Its length.
    pub size: u64,
    /// How a visible record lists it (name, media type).
    pub attachment: Attachment,
}

/// Proof that an origin signed two records for one seq.
#[derive(Debug, Clone, Serialize)]
pub struct Equivocation {
    /// The origin.
    pub origin: NodeId,
    /// The contested seq.
    pub seq: u64,
    /// The record held in the log.
    pub held: Option<RecordId>,
    /// The conflicting record that was refused.
    pub refused: Record,
}

impl Node {
    /// A stored record if it exists, is settled and `viewer` may see it (else not found).
    pub(super) fn visible(
        &self,
        viewer: &Viewer,
        id: &RecordId,
    ) -> Result<Option<StoredRecord>, NodeError> {
        let Some(stored) = self.store.record(id)? else { return Ok(None) };
        let header = &stored.record.header;
        if !self.is_settled(header) || !self.may_see(viewer, header)? {
            return Ok(None);
        }
        Ok(Some(stored))
    }

    /// One record as `viewer` may see it.
    pub fn get(&self, viewer: &Viewer, id: &RecordId) -> Result<RecordView, NodeError> {
        let stored = self.visible(viewer, id)?.ok_or_else(|| NodeError::record_not_found(id))?;
        let versioned = matches!(
            stored.record.header.kind,
            Kind::Document | Kind::Meeting | Kind::WorkingGroup
        );
        let (lineage, current) = if versioned {
            let root = self.lineage_root(&stored)?;
            (Some(root), Some(self.current_version(&root)?))
        } else {
            (None, None)
        };
        Ok(RecordView {
            id: *id,
            verified: verify(&stored.record),
            retracted_by: self.store.retraction_of(id)?,
            superseded_by: self.store.superseded_by(id)?,
            lineage,
            current,
            arrival: stored.arrival,
            record: stored.record,
        })
    }

    /// The first version of `stored`'s lineage.
    pub(super) fn lineage_root(&self, stored: &StoredRecord) -> Result<RecordId, NodeError> {
        let mut id = stored.record.id();
        let mut previous = stored.supersedes;
        for _ in 0..MAX_LINEAGE {
            let Some(older) = previous else { break };
            id = older;
            previous = self.store.record(&older)?.and_then(|s| s.supersedes);
        }
        Ok(id)
    }

    /// The current version of the lineage that `id` belongs to or starts: the newest record
    /// reachable through supersessions that nothing supersedes.
    pub fn current_version(&self, id: &RecordId) -> Result<RecordId, NodeError> {
        let mut best: Option<(u64, RecordId)> = None;
        let mut queue = VecDeque::from([*id]);
        let mut seen = BTreeSet::new();
        while let Some(next) = queue.pop_front() {
            if !seen.insert(next) || seen.len() > MAX_LINEAGE {
                continue;
            }
            let newer = self.store.superseded_by(&next)?;
            let settled: Vec<RecordId> = newer.into_iter().filter(|n| self.settled_id(n)).collect();
            if settled.is_empty() {
                let seq = self.store.record(&next)?.map_or(0, |s| s.record.header.seq);
                if best.is_none_or(|(best_seq, _)| seq > best_seq) {
                    best = Some((seq, next));
                }
            }
            queue.extend(settled);
        }
        Ok(best.map_or(*id, |(_, id)| id))
    }

    pub(super) fn settled_id(&self, id: &RecordId) -> bool {
        matches!(self.store.record(id), Ok(Some(stored)) if self.is_settled(&stored.record.header))
    }

    /// A page of records `viewer` may see.
    pub fn list(&self, viewer: &Viewer, query: &ListQuery) -> Result<ListPage, NodeError> {
        let limit = query.limit.clamp(1, MAX_PAGE);
        let scan_budget = limit * 10 + 100;
        let mut records = Vec::new();
        let mut cursor = query.after;
        let mut scanned = 0;
        loop {
            let chunk = self.list_chunk(query, cursor, limit)?;
            let exhausted = chunk.len() < limit;
            for (position, id) in chunk {
                cursor = position;
                scanned += 1;
                if let Some(stored) = self.visible(viewer, &id)?
                    && query.kind.is_none_or(|kind| kind == stored.record.header.kind)
                {
                    records.push(stored.record);
                }
                if records.len() == limit {
                    return Ok(ListPage { records, next_after: Some(cursor) });
                }
            }
            if exhausted {
                return Ok(ListPage { records, next_after: None });
            }
            if scanned >= scan_budget {
                return Ok(ListPage { records, next_after: Some(cursor) });
            }
        }
    }

    fn list_chunk(
        &self,
        query: &ListQuery,
        after: u64,
        limit: usize,
    ) -> Result<Vec<(u64, RecordId)>, NodeError> {
        Ok(match (query.origin, query.kind) {
            (Some(origin), Some(kind)) => self.store.kind_after(kind, &origin, after, limit)?,
            (Some(origin), None) => self.store.log_after(&origin, after, limit)?,
            (None, _) => self.store.arrivals_after(after, limit)?,
        })
    }

    /// Every record `viewer` may see that lists the file `sha256`.
    pub fn lookup(&self, viewer: &Viewer, sha256: &Sha256) -> Result<Vec<FileListing>, NodeError> {
        let mut out = Vec::new();
        for id in self.store.records_listing(sha256)? {
            let Some(stored) = self.visible(viewer, &id)? else { continue };
            let retracted = self.store.retraction_of(&id)?.is_some();
            let header = &stored.record.header;
            let title = stored
                .record
                .body
                .as_ref()
                .and_then(|b| b.get("title"))
                .and_then(|t| t.as_str())
                .map(String::from);
            out.push(FileListing {
                id,
                kind: header.kind,
                origin: header.origin,
                signed_by: header.key,
                created_at: header.created_at.clone(),
                title,
                verified: verify(&stored.record),
                current: !retracted && self.current_version(&id)? == id,
                retracted,
            });
        }
        Ok(out)
    }

    /// Whether any record this node holds lists the file `sha256` (whoever may see it).
    pub fn is_listed(&self, sha256: &Sha256) -> Result<bool, NodeError> {
        Ok(!self.store.records_listing(sha256)?.is_empty())
    }

    /// Where a file is and how a visible record describes it, if `viewer` may see an
    /// unretracted record that lists it.
    pub fn open_blob(&self, viewer: &Viewer, sha256: &Sha256) -> Result<BlobAccess, NodeError> {
        for id in self.store.records_listing(sha256)? {
            let Some(stored) = self.visible(viewer, &id)? else { continue };
            let Some(body) = &stored.record.body else { continue };
            let attachments =
                links(stored.record.header.kind, body).map(|l| l.attachments).unwrap_or_default();
            let Some(attachment) = attachments.into_iter().find(|a| a.sha256 == *sha256) else {
                continue;
            };
            if let Some(size) = self.blobs.size(sha256) {
                return Ok(BlobAccess { path: self.blobs.path(sha256), size, attachment });
            }
        }
        Err(NodeError::NotFound { code: "blob_not_found", what: format!("file {sha256}") })
    }

    /// The newest `(seq, id)` this node holds of `origin`'s log (settled records only).
    pub fn head_of(&self, origin: &NodeId) -> Result<Option<(u64, RecordId)>, NodeError> {
        if *origin == self.id {
            return self.own_head();
        }
        Ok(self.store.head(origin)?)
    }

    /// Every equivocation this node has seen (admins only).
    pub fn equivocations(&self, viewer: &Viewer) -> Result<Vec<Equivocation>, NodeError> {
        viewer.require_role(Role::Admin)?;
        let mut out = Vec::new();
        for (origin, seq, refused) in self.store.equivocations()? {
            out.push(Equivocation { origin, seq, held: self.store.id_at(&origin, seq)?, refused });
        }
        Ok(out)
    }
}

/// Whether a record's signature verifies strictly and its body (if held) matches its hash.
pub fn verify(record: &Record) -> bool {
    crypto::verify_header(&record.header, &record.sig).is_ok()
        && record.body.as_ref().is_none_or(|body| body_hash(body) == record.header.body_hash)
}
