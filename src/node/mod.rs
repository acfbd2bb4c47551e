//! The node core: the only place the invariants live. Two ways in for records — `publish` (a
//! local user's draft: validated, signed, appended) and `ingest` (a record signed elsewhere:
//! checked in the protocol's order) — both ending in the writer's group commit; reads that apply
//! visibility; and local accounts. Federation, search and the portal plug in here.

pub mod access;
pub mod accounts;
pub mod catalog;
pub mod checkpoints;
mod commit;
pub mod consultations;
mod documents;
pub mod drafts;
pub mod error;
pub mod federation;
pub mod feed_tokens;
pub mod flows;
pub mod inbox;
pub mod indexing;
mod ingest;
pub mod meetings;
pub mod outbox;
pub mod overview;
pub mod peers;
pub mod profile;
mod publish;
pub mod reads;
mod rules;
pub mod search;
pub mod surveys;
pub mod throttle;
pub mod wanted;
pub mod withheld;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{Semaphore, broadcast};

use crate::config::Config;
use crate::crypto::NodeKey;
use crate::index::SearchIndex;
use crate::model::schema::Schemas;
use crate::model::{Header, NodeId};
use crate::store::Store;
use crate::store::blobs::BlobStore;
use crate::store::texts::TextCache;

pub use access::{Account, Role, Viewer};
pub use commit::{Appended, Committed};
pub use error::NodeError;
pub use publish::PublishRequest;

/// Page cache given to sled (it grows to about twice this).
const SLED_CACHE_BYTES: u64 = 32 << 20;

/// Jobs that may wait for the writer before publishers are slowed down.
const WRITER_QUEUE_DEPTH: usize = 4096;

/// Memory the index writer may buffer before it flushes a segment.
pub const INDEX_WRITER_HEAP: usize = 32 << 20;

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
    /// Time between index commits.
    pub commit_interval: std::time::Duration,
    /// Longest time between index commits while working through a backlog (a rebuild, a
    /// start after a crash, a catch-up): each commit seals a segment.
    pub backlog_commit: std::time::Duration,
    /// How attached files' text is extracted (none: attachments are not searched).
    pub extraction: Option<indexing::Extraction>,
    /// Languages analysed with their own analyzer.
    pub languages: Vec<String>,
    /// Who belongs to this node's federation at start (pinned peers then change through
    /// `Node::add_peer` / `remove_peer`).
    pub membership: federation::Membership,
    /// The config file the node was started from, which it edits when peers change (`None`:
    /// the embedded default or a config built in memory; peers cannot be changed live).
    pub config_file: Option<PathBuf>,
}

impl Settings {
    /// The organisation's name, as this node publishes it.
    pub fn name(&self) -> &str {
        self.identity.get("name").and_then(|v| v.as_str()).unwrap_or_default()
    }

    /// The organisation's acronym.
    pub fn acronym(&self) -> &str {
        self.identity.get("acronym").and_then(|v| v.as_str()).unwrap_or_default()
    }

    /// The URL partners and users reach this node at.
    pub fn public_url(&self) -> &str {
        self.identity.get("url").and_then(|v| v.as_str()).unwrap_or_default()
    }

    /// Whether people reach this node over https (cookies are then `Secure`).
    pub fn public_url_is_https(&self) -> bool {
        self.public_url().starts_with("https://")
    }
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
    writer: Option<std::thread::JoinHandle<()>>,
    durable_own_seq: Arc<AtomicU64>,
    events: broadcast::Sender<Appended>,
    /// Bounds concurrent argon2 hashing (each takes 19 MiB).
    hash_permits: Semaphore,
    data_dir: PathBuf,
    /// The full-text index, written only by the follower.
    index: Arc<SearchIndex>,
    /// The index follower task.
    follower: indexing::Follower,
    /// Nonces and refusal counts of signed requests.
    federation: federation::Federation,
    /// The signing key (also the writer's), for signed federation requests.
    key: Arc<NodeKey>,
    /// Attached files this node lacks, for the sync layer to fetch.
    wanted: wanted::Wanted,
    /// What every search looks up in the store, kept until the store changes.
    search_memo: search::SearchMemo,
    /// Failed sign-ins, which slow further attempts.
    throttle: throttle::LoginThrottle,
    /// Dashboards already made, while the index is unchanged.
    dashboard_memo: overview::DashboardMemo,
    /// Comment signature checks and threaded rounds already made.
    consultation_memo: consultations::ConsultationMemo,
    /// Wakes the fetcher of bodies a relay withheld (`withheld`).
    withheld: tokio::sync::Notify,
}

impl Node {
    /// Opens the node described by `config`, signing with `key`; publishes the genesis node
    /// record on first start and a node update when the config's identity changed.
    pub async fn open(config: &Config, key: NodeKey) -> Result<Node, NodeError> {
        Node::open_with(config, key, Settings::from_config(config)).await
    }

    /// Opens with explicit settings (tests choose the extraction worker binary).
    pub async fn open_with(
        config: &Config,
        key: NodeKey,
        settings: Settings,
    ) -> Result<Node, NodeError> {
        let data_dir = config.node.data_dir.clone();
        let io = |err: std::io::Error| NodeError::Store(err.into());
        std::fs::create_dir_all(&data_dir).map_err(io)?;
        let store = Store::open_sled(&data_dir.join("db"), SLED_CACHE_BYTES)?;
        store.ensure_references()?;
        store.ensure_merkle(&key.node_id())?;
        let blobs = BlobStore::open(&data_dir.join("files")).map_err(io)?;
        let texts = TextCache::open(&data_dir.join("texts")).map_err(io)?;
        let index = SearchIndex::open(&data_dir.join("index"), INDEX_WRITER_HEAP)
            .map_err(NodeError::Index)?;
        let parts = Parts { store, blobs, texts, index, key, data_dir };
        let node = Node::assemble(parts, settings, config.limits.concurrent_password_hashes)?;
        node.publish_identity().await?;
        node.scan_wanted()?;
        Ok(node)
    }

    fn assemble(parts: Parts, settings: Settings, hash_permits: usize) -> Result<Node, NodeError> {
        let Parts { store, blobs, texts, index, key, data_dir } = parts;
        let key = Arc::new(key);
        let schemas = Schemas::load()
            .map_err(|err| NodeError::Store(crate::store::StoreError::Engine(err.to_string())))?;
        let id = key.node_id();
        let store = Arc::new(store);
        let durable_own_seq = Arc::new(AtomicU64::new(0));
        let (events, _) = broadcast::channel(1024);
        let index = Arc::new(index);
        let core = indexing::IndexingCore {
            store: store.clone(),
            index: index.clone(),
            blobs: blobs.clone(),
            texts: texts.clone(),
            extraction: settings.extraction.clone(),
            node_id: id,
            languages: settings.languages.clone(),
        };
        let follower =
            indexing::start(Arc::new(core), events.subscribe(), indexing::Cadence::of(&settings))?;
        let writer = commit::Writer {
            store: store.clone(),
            blobs: blobs.clone(),
            texts,
            key: key.clone(),
            id,
            durable_own_seq: durable_own_seq.clone(),
            events: events.clone(),
            max_batch: settings.commit_batch,
        };
        let (committer, handle) = commit::start(writer, WRITER_QUEUE_DEPTH)?;
        let federation = federation::Federation::new(settings.membership.clone());
        Ok(Node {
            id,
            store,
            blobs,
            schemas,
            settings,
            committer,
            writer: Some(handle),
            durable_own_seq,
            events,
            hash_permits: Semaphore::new(hash_permits),
            data_dir,
            index,
            follower,
            federation,
            key,
            wanted: wanted::Wanted::default(),
            search_memo: search::SearchMemo::default(),
            throttle: throttle::LoginThrottle::default(),
            dashboard_memo: overview::DashboardMemo::default(),
            consultation_memo: consultations::ConsultationMemo::default(),
            withheld: tokio::sync::Notify::new(),
        })
    }

    /// Drops the search index and starts rebuilding it from the store; returns once the old
    /// index is gone (use [`Node::wait_indexed`] to wait for the rebuild).
    pub async fn reindex(&self) -> Result<(), NodeError> {
        let (done, cleared) = tokio::sync::oneshot::channel();
        self.follower
            .control
            .send(indexing::Control::Rebuild(done))
            .map_err(|_| NodeError::Unavailable)?;
        cleared.await.map_err(|_| NodeError::Unavailable)
    }

    /// Waits until the index is committed up to arrival position `arrival`.
    pub async fn wait_indexed(&self, arrival: u64) -> Result<(), NodeError> {
        let mut progress = self.follower.progress.clone();
        progress
            .wait_for(|indexed| *indexed >= arrival)
            .await
            .map(|_| ())
            .map_err(|_| NodeError::Unavailable)
    }

    /// The arrival position of the newest record this node holds.
    pub fn last_arrival(&self) -> Result<u64, NodeError> {
        Ok(self.store.last_arrival()?)
    }

    /// How many segments searches visit (diagnostics).
    pub fn index_segments(&self) -> usize {
        self.index.segments()
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

    /// Stops the writer after it has flushed everything queued, and the index follower (the
    /// index keeps its last commit; the next start catches up from there). Every handle on the
    /// store is released when this returns.
    pub async fn shutdown(self) {
        let Node { committer, writer, events, follower, .. } = self;
        drop(committer);
        if let Some(handle) = writer {
            let joined = tokio::task::spawn_blocking(move || handle.join()).await;
            if !matches!(joined, Ok(Ok(()))) {
                tracing::error!("writer thread panicked");
            }
        }
        drop(events);
        if follower.task.await.is_err() {
            tracing::error!("index follower panicked");
        }
    }
}

/// What `open_with` assembles a node from.
struct Parts {
    store: Store,
    blobs: BlobStore,
    texts: TextCache,
    index: SearchIndex,
    key: NodeKey,
    data_dir: PathBuf,
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
        let worker = crate::extract::worker_executable().filter(|exe| {
            exe.file_name().is_some_and(|name| name.to_string_lossy().starts_with("plenary"))
        });
        let limits = crate::extract::Limits {
            max_input_bytes: config.limits.file_bytes,
            ..Default::default()
        };
        Settings {
            commit_interval: std::time::Duration::from_millis(config.search.commit_interval_ms),
            backlog_commit: indexing::BACKLOG_COMMIT,
            languages: config.search.languages.clone(),
            extraction: worker.map(|worker| indexing::Extraction {
                worker,
                limits,
                concurrency: 1,
            }),
            record_bytes: config.limits.record_bytes,
            file_bytes: config.limits.file_bytes,
            session_hours: config.accounts.session_hours,
            commit_batch: config.limits.commit_batch,
            identity,
            membership: federation::Membership::from_config(config),
            config_file: config.source.clone(),
        }
    }
}
