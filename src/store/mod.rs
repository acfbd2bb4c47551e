//! Durable state: records, logs and their indexes in a storage engine (sled), files in a
//! content-addressed directory. This module knows key layouts and encodings, not rules: what may be
//! written is decided by `node`, which hands over complete batches.

pub mod blobs;
pub mod engine;
pub mod texts;

use serde::{Deserialize, Serialize};

use crate::model::merkle;
use crate::model::{Header, KeyId, Kind, NodeId, Record, RecordId, Sha256};
pub use engine::{Batch, Engine, Entry, MemoryEngine, SledEngine, TreeName};

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process (usually a running node) holds the database.
    #[error("the database is locked by another process (is the node running?)")]
    Locked,
    /// The engine failed (I/O, corruption).
    #[error("storage engine: {0}")]
    Engine(String),
    /// A stored value did not decode: the data directory is damaged or from another version.
    #[error("stored value in {tree} does not decode: {reason}")]
    Corrupt {
        /// Which tree.
        tree: &'static str,
        /// The decoder's message.
        reason: String,
    },
    /// A file operation failed.
    #[error("file store: {0}")]
    Io(#[from] std::io::Error),
}

/// A record as this node keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredRecord {
    /// The wire form (body absent when withheld from this node or retracted).
    pub record: Record,
    /// Position in this node's arrival order ([`TreeName::Arrivals`]).
    pub arrival: u64,
    /// The record this one supersedes, kept outside the body so lineage survives retraction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<RecordId>,
}

/// A signing key's history for one origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct KeyHistory {
    /// When the key started signing (the genesis key: the node record's time).
    pub added_at: Option<String>,
    /// Signatures made after this time are refused; earlier ones stay valid.
    pub retired_at: Option<String>,
    /// The key is compromised: its signatures after this time are refused.
    pub revoked_at: Option<String>,
}

/// Typed access to the engine's trees.
pub struct Store {
    engine: Box<dyn Engine>,
}

/// The key of `seq` in `origin`'s log.
pub fn log_key(origin: &NodeId, seq: u64) -> Vec<u8> {
    let mut key = origin.as_bytes().to_vec();
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

/// The `ByKind` key (or prefix, without seq) of `origin`'s records of `kind`.
fn kind_key(kind: Kind, origin: &NodeId, seq: Option<u64>) -> Vec<u8> {
    let index = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u8;
    let mut key = vec![index];
    key.extend_from_slice(origin.as_bytes());
    if let Some(seq) = seq {
        key.extend_from_slice(&seq.to_be_bytes());
    }
    key
}

fn pair_key(first: &[u8; 32], second: &[u8; 32]) -> Vec<u8> {
    let mut key = first.to_vec();
    key.extend_from_slice(second);
    key
}

fn decode<T: for<'de> Deserialize<'de>>(tree: TreeName, bytes: &[u8]) -> Result<T, StoreError> {
    serde_json::from_slice(bytes)
        .map_err(|err| StoreError::Corrupt { tree: tree.as_str(), reason: err.to_string() })
}

fn id_from(tree: TreeName, bytes: &[u8]) -> Result<[u8; 32], StoreError> {
    bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt { tree: tree.as_str(), reason: "not 32 bytes".into() })
}

fn be_u64(tree: TreeName, bytes: Option<&[u8]>) -> Result<u64, StoreError> {
    let bytes: [u8; 8] = bytes
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| StoreError::Corrupt { tree: tree.as_str(), reason: "bad key".into() })?;
    Ok(u64::from_be_bytes(bytes))
}

/// The seq inside a `origin ‖ seq ‖ …` key.
fn seq_from(key: &[u8]) -> Result<u64, StoreError> {
    be_u64(TreeName::Log, key.get(32..40))
}

/// Marks a store whose reverse index of references is complete and says each source's kind
/// (a key no 64-byte entry can equal). A store marked only `built` holds entries without the
/// kind and is indexed again at its next open.
const REFERENCES_BUILT: &[u8] = b"built-v2";

/// A Merkle subtree's key: its level, then its index (big-endian).
fn merkle_key(level: u8, index: u64) -> Vec<u8> {
    let mut key = vec![level];
    key.extend_from_slice(&index.to_be_bytes());
    key
}

impl merkle::Nodes for Store {
    fn node(&self, level: u8, index: u64) -> Option<merkle::Hash> {
        let value = self.engine.get(TreeName::Merkle, &merkle_key(level, index)).ok()??;
        value.try_into().ok()
    }
}

/// A record whose body names another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The naming record.
    pub source: RecordId,
    /// The body field that names the target (`about`, `edition_of`, `agenda` …).
    pub field: String,
    /// The naming record's kind.
    pub kind: Option<Kind>,
}

impl Reference {
    /// Whether it is a record of `kind` naming the target in `field`.
    pub fn is(&self, field: &str, kind: Kind) -> bool {
        self.field == field && self.kind == Some(kind)
    }
}

/// A reference entry's value: the field, a line break, the source's kind.
fn reference_value(field: &str, kind: Kind) -> Vec<u8> {
    format!("{field}\n{kind}").into_bytes()
}

/// Encodes a value for the store.
pub fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}

impl Store {
    /// A store over `engine`.
    pub fn new(engine: Box<dyn Engine>) -> Store {
        Store { engine }
    }

    /// A sled store in `dir`.
    pub fn open_sled(dir: &std::path::Path, cache_bytes: u64) -> Result<Store, StoreError> {
        Ok(Store::new(Box::new(SledEngine::open(dir, cache_bytes)?)))
    }

    /// The raw engine, for the account tables and batches built by the node.
    pub fn engine(&self) -> &dyn Engine {
        self.engine.as_ref()
    }

    /// Applies a batch atomically (not yet durable).
    pub fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        self.engine.apply(batch)
    }

    /// Makes everything applied so far durable.
    pub fn flush(&self) -> Result<(), StoreError> {
        self.engine.flush()
    }

    /// A stored record.
    pub fn record(&self, id: &RecordId) -> Result<Option<StoredRecord>, StoreError> {
        self.engine
            .get(TreeName::Records, id.as_bytes())?
            .map(|bytes| decode(TreeName::Records, &bytes))
            .transpose()
    }

    /// Up to `limit` stored records with ids after `after` (from the first when `None`), in id
    /// order: reading every record this way visits each of the store's pages once, where
    /// reading them in arrival order reads a page for every record.
    pub fn records_after(
        &self,
        after: Option<&RecordId>,
        limit: usize,
    ) -> Result<Vec<(RecordId, StoredRecord)>, StoreError> {
        let start = match after {
            Some(id) => [id.as_bytes().as_slice(), &[0]].concat(),
            None => Vec::new(),
        };
        let mut records = Vec::with_capacity(limit.min(1024));
        self.engine.scan(TreeName::Records, (&start, None), limit, &mut |key, value| {
            let id = RecordId(id_from(TreeName::Records, key)?);
            records.push((id, decode(TreeName::Records, value)?));
            Ok(())
        })?;
        Ok(records)
    }

    /// The newest `(seq, id)` of `origin`'s log.
    pub fn head(&self, origin: &NodeId) -> Result<Option<(u64, RecordId)>, StoreError> {
        match self.engine.last_with_prefix(TreeName::Log, origin.as_bytes())? {
            Some((key, value)) => {
                Ok(Some((seq_from(&key)?, RecordId(id_from(TreeName::Log, &value)?))))
            }
            None => Ok(None),
        }
    }

    /// The id at `seq` in `origin`'s log.
    pub fn id_at(&self, origin: &NodeId, seq: u64) -> Result<Option<RecordId>, StoreError> {
        match self.engine.get(TreeName::Log, &log_key(origin, seq))? {
            Some(value) => Ok(Some(RecordId(id_from(TreeName::Log, &value)?))),
            None => Ok(None),
        }
    }

    /// Up to `limit` `(seq, id)` of `origin`'s log with seq > `after`.
    pub fn log_after(
        &self,
        origin: &NodeId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<(u64, RecordId)>, StoreError> {
        let start = log_key(origin, after.saturating_add(1));
        let end = log_key(origin, u64::MAX);
        let mut out = Vec::new();
        for (key, value) in self.engine.range(TreeName::Log, &start, Some(&end), limit)? {
            out.push((seq_from(&key)?, RecordId(id_from(TreeName::Log, &value)?)));
        }
        Ok(out)
    }

    /// Every origin this node holds a log for.
    pub fn origins(&self) -> Result<Vec<NodeId>, StoreError> {
        let mut origins = Vec::new();
        let mut start = vec![0u8; 32];
        while let Some((key, _)) = self.engine.range(TreeName::Log, &start, None, 1)?.pop() {
            let origin = id_from(TreeName::Log, key.get(..32).unwrap_or_default())?;
            origins.push(NodeId(origin));
            match next_prefix(&origin) {
                Some(next) => start = next.to_vec(),
                None => break,
            }
        }
        Ok(origins)
    }

    /// The last arrival position used (0 when nothing has arrived).
    pub fn last_arrival(&self) -> Result<u64, StoreError> {
        match self.engine.last_with_prefix(TreeName::Arrivals, &[])? {
            Some((key, _)) => be_u64(TreeName::Arrivals, Some(&key)),
            None => Ok(0),
        }
    }

    /// Up to `limit` `(arrival, id)` with arrival > `after`, in arrival order.
    pub fn arrivals_after(
        &self,
        after: u64,
        limit: usize,
    ) -> Result<Vec<(u64, RecordId)>, StoreError> {
        let start = after.saturating_add(1).to_be_bytes();
        let mut out = Vec::new();
        for (key, value) in self.engine.range(TreeName::Arrivals, &start, None, limit)? {
            let arrival = be_u64(TreeName::Arrivals, Some(&key))?;
            out.push((arrival, RecordId(id_from(TreeName::Arrivals, &value)?)));
        }
        Ok(out)
    }

    /// The newest record of `kind` in `origin`'s log.
    pub fn latest_of_kind(
        &self,
        kind: Kind,
        origin: &NodeId,
    ) -> Result<Option<RecordId>, StoreError> {
        match self.engine.last_with_prefix(TreeName::ByKind, &kind_key(kind, origin, None))? {
            Some((_, value)) => Ok(Some(RecordId(id_from(TreeName::ByKind, &value)?))),
            None => Ok(None),
        }
    }

    /// Up to `limit` `(seq, id)` of `origin`'s records of `kind` with seq > `after`.
    pub fn kind_after(
        &self,
        kind: Kind,
        origin: &NodeId,
        after: u64,
        limit: usize,
    ) -> Result<Vec<(u64, RecordId)>, StoreError> {
        let start = kind_key(kind, origin, Some(after.saturating_add(1)));
        let end = kind_key(kind, origin, Some(u64::MAX));
        let mut out = Vec::new();
        for (key, value) in self.engine.range(TreeName::ByKind, &start, Some(&end), limit)? {
            let seq = be_u64(TreeName::ByKind, key.get(33..41))?;
            out.push((seq, RecordId(id_from(TreeName::ByKind, &value)?)));
        }
        Ok(out)
    }

    /// Records that supersede `id`.
    pub fn superseded_by(&self, id: &RecordId) -> Result<Vec<RecordId>, StoreError> {
        self.second_halves(TreeName::Supersessions, id.as_bytes())
            .map(|ids| ids.into_iter().map(RecordId).collect())
    }

    /// Records that list the file `sha256`.
    pub fn records_listing(&self, sha256: &Sha256) -> Result<Vec<RecordId>, StoreError> {
        self.second_halves(TreeName::FileRefs, sha256.as_bytes())
            .map(|ids| ids.into_iter().map(RecordId).collect())
    }

    /// Every `(file, record listing it)` pair, in file order.
    pub fn file_refs(&self) -> Result<Vec<(Sha256, RecordId)>, StoreError> {
        let tree = TreeName::FileRefs;
        let entries = self.engine.range(tree, &[], None, usize::MAX)?;
        entries
            .iter()
            .map(|(key, _)| {
                let file = id_from(tree, key.get(..32).unwrap_or_default())?;
                Ok((Sha256(file), RecordId(id_from(tree, key.get(32..).unwrap_or_default())?)))
            })
            .collect()
    }

    fn second_halves(
        &self,
        tree: TreeName,
        prefix: &[u8; 32],
    ) -> Result<Vec<[u8; 32]>, StoreError> {
        let end = next_prefix(prefix);
        let entries =
            self.engine.range(tree, prefix, end.as_ref().map(|e| e.as_slice()), usize::MAX)?;
        entries.iter().map(|(key, _)| id_from(tree, key.get(32..).unwrap_or_default())).collect()
    }

    /// The records whose bodies name `id`, with the field that names it and their kind.
    pub fn references_to(&self, id: &RecordId) -> Result<Vec<Reference>, StoreError> {
        let tree = TreeName::References;
        let end = next_prefix(id.as_bytes());
        let entries = self.engine.range(
            tree,
            id.as_bytes(),
            end.as_ref().map(|e| e.as_slice()),
            usize::MAX,
        )?;
        entries
            .iter()
            .map(|(key, value)| {
                let source = RecordId(id_from(tree, key.get(32..).unwrap_or_default())?);
                let value = String::from_utf8_lossy(value);
                let (field, kind) = value.split_once('\n').unwrap_or((&value, ""));
                Ok(Reference { source, field: field.to_owned(), kind: kind.parse().ok() })
            })
            .collect()
    }

    /// Builds the reverse index of references from every stored record, once: a store written
    /// before the index (or its current form) existed gets it at its first open, which marks
    /// it done. Each entry is rewritten whole, so entries of the older form do not survive.
    pub fn ensure_references(&self) -> Result<(), StoreError> {
        if self.engine.get(TreeName::References, REFERENCES_BUILT)?.is_some() {
            return Ok(());
        }
        let mut after: Option<RecordId> = None;
        loop {
            let chunk = self.records_after(after.as_ref(), 1024)?;
            let Some((last, _)) = chunk.last() else { break };
            after = Some(*last);
            let mut batch = Batch::default();
            for (_, stored) in &chunk {
                Store::stage_references(&mut batch, stored);
            }
            self.apply(&batch)?;
        }
        let mut batch = Batch::default();
        batch.put(TreeName::References, REFERENCES_BUILT, Vec::new());
        self.apply(&batch)?;
        self.flush()
    }

    /// The retraction that withdrew `id`, if any.
    pub fn retraction_of(&self, id: &RecordId) -> Result<Option<RecordId>, StoreError> {
        match self.engine.get(TreeName::Retractions, id.as_bytes())? {
            Some(value) => Ok(Some(RecordId(id_from(TreeName::Retractions, &value)?))),
            None => Ok(None),
        }
    }

    /// `key`'s history as a signer for `origin`.
    pub fn key_history(
        &self,
        origin: &NodeId,
        key: &KeyId,
    ) -> Result<Option<KeyHistory>, StoreError> {
        self.engine
            .get(TreeName::Keys, &pair_key(origin.as_bytes(), key.as_bytes()))?
            .map(|bytes| decode(TreeName::Keys, &bytes))
            .transpose()
    }

    /// Every key `origin`'s records have added, retired or revoked, with its history, in key
    /// order (the genesis key appears only once a record changed it).
    pub fn keys_of(&self, origin: &NodeId) -> Result<Vec<(KeyId, KeyHistory)>, StoreError> {
        let tree = TreeName::Keys;
        let end = next_prefix(origin.as_bytes());
        let entries = self.engine.range(
            tree,
            origin.as_bytes(),
            end.as_ref().map(|e| e.as_slice()),
            usize::MAX,
        )?;
        entries
            .iter()
            .map(|(key, value)| {
                let id = KeyId(id_from(tree, key.get(32..).unwrap_or_default())?);
                Ok((id, decode(tree, value)?))
            })
            .collect()
    }

    /// Every piece of equivocation evidence: `(origin, seq, refused record)`.
    pub fn equivocations(&self) -> Result<Vec<(NodeId, u64, Record)>, StoreError> {
        let mut out = Vec::new();
        for (key, value) in self.engine.range(TreeName::Equivocations, &[], None, usize::MAX)? {
            let origin =
                NodeId(id_from(TreeName::Equivocations, key.get(..32).unwrap_or_default())?);
            out.push((origin, seq_from(&key)?, decode(TreeName::Equivocations, &value)?));
        }
        Ok(out)
    }
}

/// Batch writers: the key layouts of every record-related tree, in one place.
impl Store {
    /// Stages a new record: its entry, log position, arrival, kind index, file refs and
    /// supersession.
    pub fn stage_record(batch: &mut Batch, stored: &StoredRecord, files: &[Sha256]) {
        let id = stored.record.id();
        let header = &stored.record.header;
        batch.put(TreeName::Records, id.as_bytes().to_vec(), encode(stored));
        batch.put(TreeName::Log, log_key(&header.origin, header.seq), id.as_bytes().to_vec());
        batch.put(
            TreeName::Arrivals,
            stored.arrival.to_be_bytes().to_vec(),
            id.as_bytes().to_vec(),
        );
        batch.put(
            TreeName::ByKind,
            kind_key(header.kind, &header.origin, Some(header.seq)),
            id.as_bytes().to_vec(),
        );
        for file in files {
            batch.put(TreeName::FileRefs, pair_key(file.as_bytes(), id.as_bytes()), Vec::new());
        }
        if let Some(old) = &stored.supersedes {
            batch.put(TreeName::Supersessions, pair_key(old.as_bytes(), id.as_bytes()), Vec::new());
        }
        Store::stage_references(batch, stored);
    }

    /// Stages the reverse index of what `stored`'s body names.
    fn stage_references(batch: &mut Batch, stored: &StoredRecord) {
        let Some(body) = &stored.record.body else { return };
        let id = stored.record.id();
        let kind = stored.record.header.kind;
        for (target, field) in crate::model::links::references(body) {
            let key = pair_key(target.as_bytes(), id.as_bytes());
            batch.put(TreeName::References, key, reference_value(field, kind));
        }
    }

    /// Stages the Merkle subtrees `nodes` (`(level, index, hash)`) of this node's own log.
    pub fn stage_merkle(batch: &mut Batch, nodes: &[(u8, u64, merkle::Hash)]) {
        for (level, index, hash) in nodes {
            batch.put(TreeName::Merkle, merkle_key(*level, *index), hash.to_vec());
        }
    }

    /// The subtrees to stage when `header` (the next record of this node's own log) is
    /// appended: its leaf is its canonical header, at index seq − 1.
    pub fn merkle_appended(
        &self,
        header: &Header,
    ) -> Result<Vec<(u8, u64, merkle::Hash)>, StoreError> {
        let leaf = merkle::leaf_hash(&header.canonical_bytes());
        merkle::appended(self, header.seq.saturating_sub(1), leaf).map_err(|err| {
            StoreError::Corrupt { tree: TreeName::Merkle.as_str(), reason: err.to_string() }
        })
    }

    /// Completes the Merkle tree of `own`'s log up to its head: a store written before the
    /// tree existed (or whose last append a crash cut short) gets the missing leaves at open.
    pub fn ensure_merkle(&self, own: &NodeId) -> Result<(), StoreError> {
        let head = self.head(own)?.map_or(0, |(seq, _)| seq);
        let mut size = self.merkle_size()?;
        while size < head {
            let id = self.id_at(own, size + 1)?;
            let stored = match id {
                Some(id) => self.record(&id)?,
                None => None,
            };
            let Some(stored) = stored else {
                return Err(StoreError::Corrupt {
                    tree: "log",
                    reason: format!("own seq {} is missing", size + 1),
                });
            };
            let mut batch = Batch::default();
            Store::stage_merkle(&mut batch, &self.merkle_appended(&stored.record.header)?);
            self.apply(&batch)?;
            size += 1;
        }
        Ok(())
    }

    /// Leaves in the Merkle tree of this node's own log.
    pub fn merkle_size(&self) -> Result<u64, StoreError> {
        match self.engine.last_with_prefix(TreeName::Merkle, &[0])? {
            Some((key, _)) => Ok(be_u64(TreeName::Merkle, key.get(1..9))? + 1),
            None => Ok(0),
        }
    }

    /// Stages that `stored` (held without its body) awaits its body from the origin.
    pub fn stage_bodiless(batch: &mut Batch, stored: &StoredRecord) {
        let header = &stored.record.header;
        let id = stored.record.id();
        batch.put(TreeName::Bodiless, log_key(&header.origin, header.seq), id.as_bytes().to_vec());
    }

    /// Stages that the record at `(origin, seq)` no longer awaits its body.
    pub fn unstage_bodiless(batch: &mut Batch, origin: &NodeId, seq: u64) {
        batch.remove(TreeName::Bodiless, log_key(origin, seq));
    }

    /// Stages `filled`, a held record `held` now with its body, as a new arrival (so everything
    /// that follows arrivals — the index, notices — takes it up as news).
    pub fn stage_filled(
        batch: &mut Batch,
        held: &StoredRecord,
        filled: &StoredRecord,
        files: &[Sha256],
    ) {
        batch.remove(TreeName::Arrivals, held.arrival.to_be_bytes().to_vec());
        Store::stage_record(batch, filled, files);
        let header = &filled.record.header;
        Store::unstage_bodiless(batch, &header.origin, header.seq);
    }

    /// Up to `limit` records held without their body that await it, in origin and seq order.
    pub fn bodiless(&self, limit: usize) -> Result<Vec<(NodeId, u64, RecordId)>, StoreError> {
        let tree = TreeName::Bodiless;
        let entries = self.engine.range(tree, &[], None, limit)?;
        entries
            .iter()
            .map(|(key, value)| {
                let origin = NodeId(id_from(tree, key.get(..32).unwrap_or_default())?);
                Ok((origin, seq_from(key)?, RecordId(id_from(tree, value)?)))
            })
            .collect()
    }

    /// Stages a retraction's effect: the target keeps only its header.
    pub fn stage_retraction(batch: &mut Batch, target: &StoredRecord, retraction: &RecordId) {
        let stripped = StoredRecord { record: target.record.without_body(), ..target.clone() };
        let target_id = target.record.id();
        let header = &target.record.header;
        Store::unstage_bodiless(batch, &header.origin, header.seq);
        batch.put(TreeName::Records, target_id.as_bytes().to_vec(), encode(&stripped));
        batch.put(
            TreeName::Retractions,
            target_id.as_bytes().to_vec(),
            retraction.as_bytes().to_vec(),
        );
    }

    /// Stages a key history entry.
    pub fn stage_key(batch: &mut Batch, origin: &NodeId, key: &KeyId, history: &KeyHistory) {
        batch.put(TreeName::Keys, pair_key(origin.as_bytes(), key.as_bytes()), encode(history));
    }

    /// Stages proof that `record` conflicts with the one already held at its `(origin, seq)`.
    pub fn stage_equivocation(batch: &mut Batch, record: &Record) {
        let mut key = log_key(&record.header.origin, record.header.seq);
        key.extend_from_slice(record.id().as_bytes());
        batch.put(TreeName::Equivocations, key, encode(record));
    }
}

/// The smallest 32-byte string greater than every string starting with `prefix`.
fn next_prefix(prefix: &[u8; 32]) -> Option<[u8; 32]> {
    let mut next = *prefix;
    for byte in next.iter_mut().rev() {
        if *byte == u8::MAX {
            *byte = 0;
        } else {
            *byte += 1;
            return Some(next);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Header, Kind, Visibility};

    fn record(origin: NodeId, seq: u64) -> Record {
        let header = Header {
            plenary: 1,
            origin,
            key: origin.genesis_key(),
            seq,
            prev: None,
            kind: Kind::Comment,
            created_at: "2026-01-01T00:00:00Z".into(),
            visibility: Visibility::PUBLIC,
            body_hash: Sha256([seq as u8; 32]),
        };
        Record { header, sig: "s".into(), body: Some(serde_json::json!({"n": seq})) }
    }

    #[test]
    fn logs_heads_origins_and_arrivals() {
        let store = Store::new(Box::new(MemoryEngine::default()));
        let (a, b) = (NodeId([1; 32]), NodeId([0xff; 32]));
        let mut batch = Batch::default();
        for (arrival, (origin, seq)) in (1..).zip([(a, 1), (a, 2), (b, 1), (a, 3)]) {
            Store::stage_record(
                &mut batch,
                &StoredRecord { record: record(origin, seq), arrival, supersedes: None },
                &[],
            );
        }
        store.apply(&batch).unwrap();
        assert_eq!(store.head(&a).unwrap().unwrap().0, 3);
        assert_eq!(store.head(&b).unwrap().unwrap().0, 1);
        assert_eq!(store.head(&NodeId([2; 32])).unwrap(), None);
        assert_eq!(store.origins().unwrap(), vec![a, b]);
        let seqs: Vec<u64> =
            store.log_after(&a, 1, 10).unwrap().into_iter().map(|(s, _)| s).collect();
        assert_eq!(seqs, [2, 3]);
        assert_eq!(store.last_arrival().unwrap(), 4);
        assert_eq!(store.arrivals_after(2, 10).unwrap().len(), 2);
        let kinds: Vec<u64> = store
            .kind_after(Kind::Comment, &a, 0, 10)
            .unwrap()
            .into_iter()
            .map(|(s, _)| s)
            .collect();
        assert_eq!(kinds, [1, 2, 3]);
        assert_eq!(store.latest_of_kind(Kind::Comment, &b).unwrap(), store.id_at(&b, 1).unwrap());
        assert_eq!(store.latest_of_kind(Kind::Document, &a).unwrap(), None);
        let id = store.id_at(&a, 2).unwrap().unwrap();
        assert_eq!(store.record(&id).unwrap().unwrap().record.header.seq, 2);
    }

    #[test]
    fn file_refs_supersessions_and_retractions() {
        let store = Store::new(Box::new(MemoryEngine::default()));
        let origin = NodeId([3; 32]);
        let (first, second) = (record(origin, 1), record(origin, 2));
        let file = Sha256([9; 32]);
        let mut batch = Batch::default();
        let stored_first = StoredRecord { record: first.clone(), arrival: 1, supersedes: None };
        let stored_second =
            StoredRecord { record: second.clone(), arrival: 2, supersedes: Some(first.id()) };
        Store::stage_record(&mut batch, &stored_first, &[file]);
        Store::stage_record(&mut batch, &stored_second, &[file]);
        Store::stage_retraction(&mut batch, &stored_first, &second.id());
        store.apply(&batch).unwrap();
        assert_eq!(store.records_listing(&file).unwrap().len(), 2);
        assert_eq!(store.superseded_by(&first.id()).unwrap(), vec![second.id()]);
        assert_eq!(store.retraction_of(&first.id()).unwrap(), Some(second.id()));
        assert_eq!(store.record(&first.id()).unwrap().unwrap().record.body, None);
    }

    #[test]
    fn references_say_their_kind_and_an_older_index_is_rebuilt() {
        let store = Store::new(Box::new(MemoryEngine::default()));
        let target = RecordId([7; 32]);
        let mut comment = record(NodeId([6; 32]), 1);
        comment.body = Some(serde_json::json!({"about": target.to_string(), "text": "t"}));
        let stored = StoredRecord { record: comment.clone(), arrival: 1, supersedes: None };
        // An index of the older form: the field alone, marked built.
        let mut batch = Batch::default();
        batch.put(TreeName::Records, comment.id().as_bytes().to_vec(), encode(&stored));
        let key = pair_key(target.as_bytes(), comment.id().as_bytes());
        batch.put(TreeName::References, key, b"about".to_vec());
        batch.put(TreeName::References, b"built", Vec::new());
        store.apply(&batch).unwrap();
        let old = store.references_to(&target).unwrap();
        assert_eq!(old[0].kind, None, "an entry of the older form has no kind");
        assert!(!old[0].is("about", Kind::Comment));

        store.ensure_references().unwrap();
        let rebuilt = store.references_to(&target).unwrap();
        assert_eq!(rebuilt.len(), 1);
        assert_eq!(rebuilt[0].source, comment.id());
        assert!(rebuilt[0].is("about", Kind::Comment));
        assert!(!rebuilt[0].is("about", Kind::Endorsement));
    }

    #[test]
    fn an_own_log_without_its_merkle_tree_gets_it_at_open() {
        let own = NodeId([8; 32]);
        let built = Store::new(Box::new(MemoryEngine::default()));
        let older = Store::new(Box::new(MemoryEngine::default()));
        for seq in 1..=11 {
            let stored = StoredRecord { record: record(own, seq), arrival: seq, supersedes: None };
            let mut batch = Batch::default();
            Store::stage_record(&mut batch, &stored, &[]);
            older.apply(&batch).unwrap();
            Store::stage_merkle(&mut batch, &built.merkle_appended(&stored.record.header).unwrap());
            built.apply(&batch).unwrap();
        }
        assert_eq!(older.merkle_size().unwrap(), 0);
        older.ensure_merkle(&own).unwrap();
        assert_eq!(older.merkle_size().unwrap(), 11);
        assert_eq!(merkle::root(&older, 11).unwrap(), merkle::root(&built, 11).unwrap());
        older.ensure_merkle(&own).unwrap(); // nothing left to do
        assert_eq!(older.merkle_size().unwrap(), 11);
    }

    #[test]
    fn keys_of_lists_one_origins_keys_only() {
        let store = Store::new(Box::new(MemoryEngine::default()));
        let (a, b) = (NodeId([4; 32]), NodeId([5; 32]));
        let history = |at: &str| KeyHistory { added_at: Some(at.into()), ..Default::default() };
        let mut batch = Batch::default();
        Store::stage_key(&mut batch, &a, &KeyId([2; 32]), &history("2026-01-02T00:00:00Z"));
        Store::stage_key(&mut batch, &a, &KeyId([1; 32]), &history("2026-01-01T00:00:00Z"));
        Store::stage_key(&mut batch, &b, &KeyId([1; 32]), &history("2026-01-03T00:00:00Z"));
        store.apply(&batch).unwrap();
        let keys = store.keys_of(&a).unwrap();
        assert_eq!(
            keys.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            [KeyId([1; 32]), KeyId([2; 32])]
        );
        assert_eq!(keys[1].1, history("2026-01-02T00:00:00Z"));
        assert_eq!(store.keys_of(&b).unwrap().len(), 1);
        assert!(store.keys_of(&NodeId([0xff; 32])).unwrap().is_empty());
    }
}
