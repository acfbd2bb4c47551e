//! The storage engine seam: a few named ordered trees, atomic multi-tree batches and an explicit
//! durability point. `SledEngine` is the production engine; `MemoryEngine` exists so the engine
//! test suite (`engine_suite`) has a second implementation to hold the contract to, and for fast
//! unit tests. Nothing outside `store` sees an engine type.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::Mutex;

use super::StoreError;

/// The trees a node keeps, each named for what it maps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TreeName {
    /// record id → stored record (wire JSON plus local facts).
    Records,
    /// origin ‖ seq (big-endian) → record id: every origin's log.
    Log,
    /// arrival position (big-endian) → record id: the order records reached this node.
    Arrivals,
    /// kind ‖ origin ‖ seq → record id: each origin's records of one kind.
    ByKind,
    /// file sha256 ‖ record id → (): which records list a file.
    FileRefs,
    /// old record id ‖ new record id → (): supersessions.
    Supersessions,
    /// record id → retraction record id.
    Retractions,
    /// origin ‖ key → key history entry.
    Keys,
    /// origin ‖ seq ‖ record id → the refused record: proof of equivocation.
    Equivocations,
    /// username → account.
    Users,
    /// sha256(token) → API token.
    Tokens,
    /// sha256(session secret) → login session.
    Sessions,
    /// target record id ‖ source record id → the body field of the source that names the
    /// target (`edition_of`, `about`, `agenda` …): what refers to a record.
    References,
    /// sha256(feed secret) → the user whose personal feed it opens.
    FeedTokens,
    /// delivery key → a webhook notice waiting to be delivered (and the outbox's cursor).
    Outbox,
    /// origin ‖ seq → record id: records held without their body although their audience
    /// names this node (a relay outside the audience passed on the header alone).
    Bodiless,
    /// level ‖ index (big-endian) → hash: the complete subtrees of the Merkle tree over this
    /// node's own log (leaf n: the canonical header of seq n + 1).
    Merkle,
}

impl TreeName {
    /// Every tree.
    pub const ALL: [TreeName; 17] = [
        TreeName::Records,
        TreeName::Log,
        TreeName::Arrivals,
        TreeName::ByKind,
        TreeName::FileRefs,
        TreeName::Supersessions,
        TreeName::Retractions,
        TreeName::Keys,
        TreeName::Equivocations,
        TreeName::Users,
        TreeName::Tokens,
        TreeName::Sessions,
        TreeName::References,
        TreeName::FeedTokens,
        TreeName::Outbox,
        TreeName::Bodiless,
        TreeName::Merkle,
    ];

    /// The on-disk tree name.
    pub fn as_str(self) -> &'static str {
        match self {
            TreeName::Records => "records",
            TreeName::Log => "log",
            TreeName::Arrivals => "arrivals",
            TreeName::ByKind => "by_kind",
            TreeName::FileRefs => "file_refs",
            TreeName::Supersessions => "supersessions",
            TreeName::Retractions => "retractions",
            TreeName::Keys => "keys",
            TreeName::Equivocations => "equivocations",
            TreeName::Users => "users",
            TreeName::Tokens => "tokens",
            TreeName::Sessions => "sessions",
            TreeName::References => "references",
            TreeName::FeedTokens => "feed_tokens",
            TreeName::Outbox => "outbox",
            TreeName::Bodiless => "bodiless",
            TreeName::Merkle => "merkle",
        }
    }

    fn index(self) -> usize {
        TreeName::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// A set of writes applied all together or not at all.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// (tree, key, Some(value) to set or None to remove), applied in order.
    pub ops: Vec<(TreeName, Vec<u8>, Option<Vec<u8>>)>,
}

impl Batch {
    /// Sets `key` to `value`.
    pub fn put(&mut self, tree: TreeName, key: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) {
        self.ops.push((tree, key.into(), Some(value.into())));
    }

    /// Removes `key`.
    pub fn remove(&mut self, tree: TreeName, key: impl Into<Vec<u8>>) {
        self.ops.push((tree, key.into(), None));
    }

    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }
}

/// One key and value read from a tree.
pub type Entry = (Vec<u8>, Vec<u8>);

/// What [`Engine::scan`] shows each entry (key, value) to.
pub type Visit<'a> = dyn FnMut(&[u8], &[u8]) -> Result<(), StoreError> + 'a;

/// What a storage engine must provide. Reads see every applied batch; only `flush` makes them
/// durable.
pub trait Engine: Send + Sync + 'static {
    /// The value at `key`.
    fn get(&self, tree: TreeName, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
    /// Shows `visit` up to `limit` entries with `start <= key < end` (no end: to the tree's
    /// end), ascending, without copying them out of the engine.
    fn scan(
        &self,
        tree: TreeName,
        bounds: (&[u8], Option<&[u8]>),
        limit: usize,
        visit: &mut Visit<'_>,
    ) -> Result<(), StoreError>;
    /// Up to `limit` entries with `start <= key < end` (no end: to the tree's end), ascending.
    fn range(
        &self,
        tree: TreeName,
        start: &[u8],
        end: Option<&[u8]>,
        limit: usize,
    ) -> Result<Vec<Entry>, StoreError> {
        let mut entries = Vec::new();
        self.scan(tree, (start, end), limit, &mut |key, value| {
            entries.push((key.to_vec(), value.to_vec()));
            Ok(())
        })?;
        Ok(entries)
    }
    /// The greatest entry whose key starts with `prefix`.
    fn last_with_prefix(&self, tree: TreeName, prefix: &[u8]) -> Result<Option<Entry>, StoreError>;
    /// Applies every op of `batch` atomically.
    fn apply(&self, batch: &Batch) -> Result<(), StoreError>;
    /// Makes every applied batch durable.
    fn flush(&self) -> Result<(), StoreError>;
}

/// The sled engine.
pub struct SledEngine {
    db: sled::Db,
    trees: Vec<sled::Tree>,
}

impl SledEngine {
    /// Opens (or creates) the database in `dir` with a bounded page cache.
    pub fn open(dir: &Path, cache_bytes: u64) -> Result<SledEngine, StoreError> {
        let db = sled::Config::new()
            .path(dir)
            .cache_capacity(cache_bytes)
            .mode(sled::Mode::HighThroughput)
            .open()
            .map_err(map_open_error)?;
        let trees = TreeName::ALL
            .iter()
            .map(|name| db.open_tree(name.as_str()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(sled_error)?;
        Ok(SledEngine { db, trees })
    }

    fn tree(&self, name: TreeName) -> &sled::Tree {
        &self.trees[name.index()]
    }
}

fn map_open_error(err: sled::Error) -> StoreError {
    match err {
        sled::Error::Io(io) if io.kind() == std::io::ErrorKind::WouldBlock => StoreError::Locked,
        sled::Error::Io(io) if io.to_string().contains("could not acquire lock") => {
            StoreError::Locked
        }
        other => sled_error(other),
    }
}

fn sled_error(err: impl std::fmt::Display) -> StoreError {
    StoreError::Engine(err.to_string())
}

impl Engine for SledEngine {
    fn get(&self, tree: TreeName, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.tree(tree).get(key).map_err(sled_error)?.map(|v| v.to_vec()))
    }

    fn scan(
        &self,
        tree: TreeName,
        (start, end): (&[u8], Option<&[u8]>),
        limit: usize,
        visit: &mut Visit<'_>,
    ) -> Result<(), StoreError> {
        let upper = end.map_or(Bound::Unbounded, Bound::Excluded);
        for item in self.tree(tree).range::<&[u8], _>((Bound::Included(start), upper)).take(limit) {
            let (key, value) = item.map_err(sled_error)?;
            visit(&key, &value)?;
        }
        Ok(())
    }

    fn last_with_prefix(&self, tree: TreeName, prefix: &[u8]) -> Result<Option<Entry>, StoreError> {
        match self.tree(tree).scan_prefix(prefix).next_back() {
            Some(item) => item.map(|(k, v)| Some((k.to_vec(), v.to_vec()))).map_err(sled_error),
            None => Ok(None),
        }
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        use sled::transaction::{ConflictableTransactionError, TransactionError, Transactional};
        if batch.ops.is_empty() {
            return Ok(());
        }
        // Only the trees the batch touches take part: a sled transaction's cost grows with
        // the number of trees in it.
        let mut touched: Vec<usize> = batch.ops.iter().map(|(tree, _, _)| tree.index()).collect();
        touched.sort_unstable();
        touched.dedup();
        let trees: Vec<sled::Tree> = touched.iter().map(|&n| self.trees[n].clone()).collect();
        let result = trees.as_slice().transaction(|trees| {
            for (tree, key, value) in &batch.ops {
                let Ok(position) = touched.binary_search(&tree.index()) else { continue };
                let tx_tree = &trees[position];
                match value {
                    Some(value) => tx_tree.insert(key.as_slice(), value.as_slice())?,
                    None => tx_tree.remove(key.as_slice())?,
                };
            }
            Ok::<(), ConflictableTransactionError<()>>(())
        });
        match result {
            Ok(()) => Ok(()),
            Err(TransactionError::Abort(())) => {
                Err(StoreError::Engine("transaction aborted".into()))
            }
            Err(TransactionError::Storage(err)) => Err(sled_error(err)),
        }
    }

    fn flush(&self) -> Result<(), StoreError> {
        self.db.flush().map(|_| ()).map_err(sled_error)
    }
}

/// Every tree of the memory engine in one ordered map keyed by (tree, key).
type MemoryTrees = BTreeMap<(TreeName, Vec<u8>), Vec<u8>>;

/// An engine in memory: everything is "durable" at once and lost at drop.
#[derive(Default)]
pub struct MemoryEngine {
    trees: Mutex<MemoryTrees>,
}

impl MemoryEngine {
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, MemoryTrees>, StoreError> {
        self.trees.lock().map_err(|_| StoreError::Engine("memory engine poisoned".into()))
    }
}

impl Engine for MemoryEngine {
    fn get(&self, tree: TreeName, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.lock()?.get(&(tree, key.to_vec())).cloned())
    }

    fn scan(
        &self,
        tree: TreeName,
        (start, end): (&[u8], Option<&[u8]>),
        limit: usize,
        visit: &mut Visit<'_>,
    ) -> Result<(), StoreError> {
        let map = self.lock()?;
        let lower = Bound::Included((tree, start.to_vec()));
        map.range((lower, Bound::Unbounded))
            .take_while(|((t, k), _)| *t == tree && end.is_none_or(|end| k.as_slice() < end))
            .take(limit)
            .try_for_each(|((_, key), value)| visit(key, value))
    }

    fn last_with_prefix(&self, tree: TreeName, prefix: &[u8]) -> Result<Option<Entry>, StoreError> {
        let map = self.lock()?;
        let lower = Bound::Included((tree, prefix.to_vec()));
        Ok(map
            .range((lower, Bound::Unbounded))
            .take_while(|((t, k), _)| *t == tree && k.starts_with(prefix))
            .last()
            .map(|((_, k), v)| (k.clone(), v.clone())))
    }

    fn apply(&self, batch: &Batch) -> Result<(), StoreError> {
        let mut map = self.lock()?;
        for (tree, key, value) in &batch.ops {
            match value {
                Some(value) => map.insert((*tree, key.clone()), value.clone()),
                None => map.remove(&(*tree, key.clone())),
            };
        }
        Ok(())
    }

    fn flush(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// The contract every engine must meet; run against each engine by the tests below.
#[cfg(test)]
pub(crate) fn engine_suite(engine: &dyn Engine) {
    let t = TreeName::Log;
    assert_eq!(engine.get(t, b"a").unwrap(), None);
    let mut batch = Batch::default();
    for key in [&b"a1"[..], b"a2", b"a3", b"b1"] {
        batch.put(t, key, key);
    }
    batch.put(TreeName::Users, &b"a9"[..], &b"other tree"[..]);
    engine.apply(&batch).unwrap();
    engine.flush().unwrap();
    assert_eq!(engine.get(t, b"a2").unwrap().as_deref(), Some(&b"a2"[..]));
    // Ranges are ordered, bounded, limited and never cross into another tree.
    let keys = |entries: Vec<Entry>| entries.into_iter().map(|(k, _)| k).collect::<Vec<_>>();
    assert_eq!(keys(engine.range(t, b"a", None, 10).unwrap()), [&b"a1"[..], b"a2", b"a3", b"b1"]);
    assert_eq!(keys(engine.range(t, b"a2", Some(b"b"), 10).unwrap()), [&b"a2"[..], b"a3"]);
    assert_eq!(keys(engine.range(t, b"a", None, 2).unwrap()), [&b"a1"[..], b"a2"]);
    assert_eq!(engine.last_with_prefix(t, b"a").unwrap().unwrap().0, b"a3");
    assert_eq!(engine.last_with_prefix(t, b"c").unwrap(), None);
    assert_eq!(engine.last_with_prefix(TreeName::Users, b"a").unwrap().unwrap().1, b"other tree");
    // Removal and overwrite inside one batch, applied in order.
    let mut batch = Batch::default();
    batch.remove(t, &b"a1"[..]);
    batch.put(t, &b"a2"[..], &b"new"[..]);
    batch.put(t, &b"a2"[..], &b"newer"[..]);
    engine.apply(&batch).unwrap();
    assert_eq!(engine.get(t, b"a1").unwrap(), None);
    assert_eq!(engine.get(t, b"a2").unwrap().as_deref(), Some(&b"newer"[..]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_engine_meets_the_contract() {
        engine_suite(&MemoryEngine::default());
    }

    #[test]
    fn sled_engine_meets_the_contract_and_survives_reopen() {
        let dir = tempfile::tempdir().unwrap();
        {
            let engine = SledEngine::open(dir.path(), 8 << 20).unwrap();
            engine_suite(&engine);
        }
        // sled's background flusher may hold the file lock a moment after the engine is
        // dropped; a new process never sees that, a reopen in the same one may.
        let mut attempts = 0;
        let engine = loop {
            match SledEngine::open(dir.path(), 8 << 20) {
                Err(StoreError::Locked) if attempts < 100 => attempts += 1,
                other => break other.unwrap(),
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        };
        assert_eq!(engine.get(TreeName::Log, b"a2").unwrap().as_deref(), Some(&b"newer"[..]));
    }
}
