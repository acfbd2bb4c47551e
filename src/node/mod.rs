//! The node core: the only place the invariants live. Two ways in for records — `publish` (a
//! local user's draft: validated, signed, appended) and `ingest` (a record signed elsewhere:
//! checked in the protocol's order) — both ending in the writer's group commit; reads that apply
//! visibility; and local accounts. Federation, search and the portal plug in here.

pub mod access;
pub mod accounts;
mod commit;
pub mod error;
mod ingest;
mod publish;
pub mod reads;
mod rules;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{Semaphore, broadcast};

use crate::config::Config;
use crate::crypto::NodeKey;
use crate::model::schema::Schemas;
use crate::model::{Header, NodeId};
use crate::store::Store;
use crate::store::blobs::BlobStore;

pub use access::{Account, Role, Viewer};
pub use commit::{Appended, Committed};
pub use error::NodeError;
pub use publish::PublishRequest;

/// Page cache given to sled (it grows to about twice this).
const SLED_CACHE_BYTES: u64 = 64 << 20;

/// Jobs that may wait for the writer before publishers are slowed down.
const WRITER_QUEUE_DEPTH: usize = 4096;

/// The limits and settings the core enforces, taken from the config.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Largest record, in bytes of JSON.
    pub record_bytes: usize,
    /// Largest file.
    pub file_bytes: u64,
    /// Hours a login session lasts.
    pub session_hours: u64,
    /// Most records per group commit.
    pub commit_batch: usize,
    /// The node record this node publishes about itself.
    pub identity: serde_json::Value,
}

/// A running node's core.
pub struct Node {
    id: NodeId,
    store: Arc<Store>,
    blobs: BlobStore,
    schemas: Schemas,
    settings: Settings,
    committer: commit::Committer,
    /// The writer thread; joined on shutdown so the last flush completes.
    writer: std::sync::Mutex<Option<std::thread::JoinHandle<()>>>,
    durable_own_seq: Arc<AtomicU64>,
    events: broadcast::Sender<Appended>,
    /// Bounds concurrent argon2 hashing (each takes 19 MiB).
    hash_permits: Semaphore,
    data_dir: PathBuf,
}

impl Node {
    /// Opens the node described by `config`, signing with `key`; publishes the genesis node
    /// record on first start and a node update when the config's identity changed.
    pub async fn open(config: &Config, key: NodeKey) -> Result<Node, NodeError> {
        let data_dir = config.node.data_dir.clone();
        std::fs::create_dir_all(&data_dir).map_err(|err| NodeError::Store(err.into()))?;
        let store = Store::open_sled(&data_dir.join("db"), SLED_CACHE_BYTES)?;
        let blobs =
            BlobStore::open(&data_dir.join("files")).map_err(|err| NodeError::Store(err.into()))?;
        let settings = Settings::from_config(config);
        let node = Node::assemble(
            store,
            blobs,
            key,
            settings,
            data_dir,
            config.limits.concurrent_password_hashes,
        )?;
        node.publish_identity().await?;
        Ok(node)
    }

    fn assemble(
        store: Store,
        blobs: BlobStore,
        key: NodeKey,
        settings: Settings,
        data_dir: PathBuf,
        hash_permits: usize,
    ) -> Result<Node, NodeError> {
        let schemas = Schemas::load()
            .map_err(|err| NodeError::Store(crate::store::StoreError::Engine(err.to_string())))?;
        let id = key.node_id();
        let store = Arc::new(store);
        let durable_own_seq = Arc::new(AtomicU64::new(0));
        let (events, _) = broadcast::channel(1024);
        let writer = commit::Writer {
            store: store.clone(),
            blobs: blobs.clone(),
            key: Arc::new(key),
            id,
            durable_own_seq: durable_own_seq.clone(),
            events: events.clone(),
            max_batch: settings.commit_batch,
        };
        let (committer, handle) = commit::start(writer, WRITER_QUEUE_DEPTH)?;
        Ok(Node {
            id,
            store,
            blobs,
            schemas,
            settings,
            committer,
            writer: std::sync::Mutex::new(Some(handle)),
            durable_own_seq,
            events,
            hash_permits: Semaphore::new(hash_permits),
            data_dir,
        })
    }

    /// This node's id.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Where this node keeps its data.
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// The content-addressed file store.
    pub fn blobs(&self) -> &BlobStore {
        &self.blobs
    }

    /// Announcements of every durable append, for followers (index, federation).
    pub fn subscribe(&self) -> broadcast::Receiver<Appended> {
        self.events.subscribe()
    }

    /// False for this node's own records that are not yet durable (they may still be lost).
    fn is_settled(&self, header: &Header) -> bool {
        header.origin != self.id || header.seq <= self.durable_own_seq.load(Ordering::SeqCst)
    }

    /// The newest `(seq, id)` of this node's own log that is durable.
    pub fn own_head(&self) -> Result<Option<(u64, crate::model::RecordId)>, NodeError> {
        let durable = self.durable_own_seq.load(Ordering::SeqCst);
        if durable == 0 {
            return Ok(None);
        }
        Ok(self.store.id_at(&self.id, durable)?.map(|id| (durable, id)))
    }

    /// Stops the writer after it has flushed everything queued.
    pub fn shutdown(self) {
        let handle = self.writer.lock().ok().and_then(|mut guard| guard.take());
        drop(self.committer);
        if let Some(handle) = handle
            && handle.join().is_err()
        {
            tracing::error!("writer thread panicked");
        }
    }
}

impl Settings {
    /// The core's settings from a config.
    pub fn from_config(config: &Config) -> Settings {
        let node = &config.node;
        let mut identity = serde_json::json!({
            "name": node.name,
            "acronym": node.acronym,
            "url": node.public_url,
        });
        if let Some(description) = &node.description {
            identity["description"] = description.clone().into();
        }
        if !node.languages.is_empty() {
            identity["languages"] = node.languages.clone().into();
        }
        Settings {
            record_bytes: config.limits.record_bytes,
            file_bytes: config.limits.file_bytes,
            session_hours: config.accounts.session_hours,
            commit_batch: config.limits.commit_batch,
            identity,
        }
    }
}
