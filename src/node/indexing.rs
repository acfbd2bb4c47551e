//! The index follower: one task that keeps the search index following the store in arrival
//! order. It turns each record into its index document (`documents`: text, language, audience, current or
//! superseded), refreshes the documents a record affects (the version it supersedes, the record
//! it retracts), has attached files' text extracted in worker processes, and commits in batches
//! on a short interval. Each commit records the arrival position up to which everything is
//! indexed (records still waiting for extraction hold it back), so after a crash the follower
//! resumes from there and the index is always rebuildable from the store.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Semaphore, broadcast, mpsc, watch};
use tokio::time::Instant;

use super::commit::Appended;
use super::documents::{Missing, document_for};
use super::error::NodeError;
use crate::extract::{self, Limits};
use crate::index::{IndexDoc, Position, SearchIndex};
use crate::model::links::links;
use crate::model::{Kind, NodeId, RecordId, Sha256};
use crate::store::Store;
use crate::store::blobs::BlobStore;
use crate::store::texts::TextCache;

/// More segments than this, at start or once the node has been idle for [`IDLE_MERGE_AFTER`],
/// are merged into one (see `State::merge_if_fragmented`); the live merge policy keeps fewer
/// per size tier.
const MAX_IDLE_SEGMENTS: usize = 8;

/// How long after its last commit the follower checks whether the index is fragmented (a
/// catch-up from a peer arrives page by page, each indexed in bulk mode, and leaves a segment
/// per page that no later commit merges).
const IDLE_MERGE_AFTER: Duration = Duration::from_secs(5);

/// Records read from the store per blocking step.
const SCAN_CHUNK: usize = 512;

/// Longest time between commits while working through a backlog, by default.
pub const BACKLOG_COMMIT: Duration = Duration::from_secs(5);

/// A backlog at least this long is followed by merging the index into one segment.
const COMPACT_AFTER: u64 = 10_000;

/// How text extraction runs, when it does.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The `plenary` binary that runs `extract-worker`.
    pub worker: PathBuf,
    /// Bounds per file.
    pub limits: Limits,
    /// Files extracted at once.
    pub concurrency: usize,
}

/// What the follower reads and writes.
pub(crate) struct IndexingCore {
    pub store: Arc<Store>,
    pub index: Arc<SearchIndex>,
    pub blobs: BlobStore,
    pub texts: TextCache,
    pub extraction: Option<Extraction>,
    /// This node, for the `local` audience term.
    pub node_id: NodeId,
    /// Languages analysed with their own analyzer (`[search] languages`); others get the
    /// default analyzer.
    pub languages: Vec<String>,
}

/// Requests to the follower.
pub(crate) enum Control {
    /// Drop the index and rebuild it from the store; answered once the index is empty and the
    /// progress reset, so waiting for progress afterwards waits for the rebuild.
    Rebuild(tokio::sync::oneshot::Sender<()>),
    /// A file (sha256, media type) arrived after the records listing it were indexed: its text
    /// is extracted and those records' documents rewritten.
    FileArrived(Sha256, String),
}

/// The node's handle on the follower.
pub(crate) struct Follower {
    pub control: mpsc::UnboundedSender<Control>,
    /// The committed `indexed_up_to` position.
    pub progress: watch::Receiver<u64>,
    /// The task; it ends when the node's event channel closes.
    pub task: tokio::task::JoinHandle<()>,
}

/// How often the follower commits.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cadence {
    /// After new records, at most this long.
    interval: Duration,
    /// While working through a backlog, at most this long.
    backlog: Duration,
}

impl Cadence {
    pub(crate) fn of(settings: &super::Settings) -> Cadence {
        Cadence { interval: settings.commit_interval, backlog: settings.backlog_commit }
    }
}

/// Starts the follower task on the current runtime.
pub(crate) fn start(
    core: Arc<IndexingCore>,
    events: broadcast::Receiver<Appended>,
    cadence: Cadence,
) -> Result<Follower, NodeError> {
    let position = core.index.position()?;
    let committed = position.indexed_up_to;
    let (control, control_rx) = mpsc::unbounded_channel();
    let (progress_tx, progress) = watch::channel(committed);
    let (extracted, extracted_rx) = mpsc::unbounded_channel();
    let permits =
        Arc::new(Semaphore::new(core.extraction.as_ref().map_or(1, |e| e.concurrency.max(1))));
    let state = State {
        worker: IndexThread::start()?,
        core,
        scanned: committed,
        committed,
        written: position.written_up_to,
        bulk: false,
        pending: BTreeMap::new(),
        in_flight: HashSet::new(),
        dirty: false,
        last_commit: Instant::now(),
        merge_check: None,
        cadence,
        extracted,
        permits,
        progress: progress_tx,
    };
    let task = tokio::spawn(state.run(events, control_rx, extracted_rx));
    Ok(Follower { control, progress, task })
}

struct State {
    /// Where the blocking work runs.
    worker: IndexThread,
    core: Arc<IndexingCore>,
    /// Arrival position read from the store (documents written, maybe not committed).
    scanned: u64,
    /// Position in the last commit.
    committed: u64,
    /// No record after this arrival has a document in the index (new ones are added without
    /// looking for an old copy).
    written: u64,
    /// Working through a backlog: segments are left unmerged until it is done.
    bulk: bool,
    /// Records (by arrival) whose documents wait for these files' text.
    pending: BTreeMap<u64, BTreeSet<Sha256>>,
    /// Files being extracted now.
    in_flight: HashSet<Sha256>,
    /// Documents written since the last commit.
    dirty: bool,
    last_commit: Instant,
    /// When to check for fragmentation, once nothing more arrives.
    merge_check: Option<Instant>,
    cadence: Cadence,
    extracted: mpsc::UnboundedSender<Sha256>,
    permits: Arc<Semaphore>,
    progress: watch::Sender<u64>,
}

/// How far a scan got, and which records (by arrival) wait for which files.
struct Scanned {
    position: u64,
    waiting: Vec<(u64, Vec<Missing>)>,
}

impl State {
    async fn run(
        mut self,
        mut events: broadcast::Receiver<Appended>,
        mut control: mpsc::UnboundedReceiver<Control>,
        mut extracted: mpsc::UnboundedReceiver<Sha256>,
    ) {
        if let Err(err) = self.merge_if_fragmented().await {
            tracing::warn!(error = %err, "cannot merge the index's segments");
        }
        loop {
            if let Err(err) = self.step().await {
                tracing::error!(error = %err, "indexing failed; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            let deadline = match (self.uncommitted(), self.merge_check) {
                (true, _) => self.last_commit + self.cadence.interval,
                (false, Some(at)) => at,
                (false, None) => Instant::now() + Duration::from_secs(3600),
            };
            tokio::select! {
                event = events.recv() => {
                    if matches!(event, Err(broadcast::error::RecvError::Closed)) {
                        return;
                    }
                }
                Some(sha256) = extracted.recv() => self.on_extracted(sha256).await,
                Some(request) = control.recv() => match request {
                    Control::Rebuild(done) => {
                        self.rebuild().await;
                        let _ = done.send(());
                    }
                    Control::FileArrived(sha256, media_type) => {
                        self.on_file_arrived(Missing { sha256, media_type });
                    }
                },
                () = tokio::time::sleep_until(deadline) => self.merge_when_idle().await,
            }
        }
    }

    /// Indexes what arrived since the last scan and commits when the interval has passed.
    /// While working through a backlog (a start after a crash, a rebuild) it commits only at
    /// the backlog cadence ([`BACKLOG_COMMIT`] by default) — each commit seals a segment, and
    /// many small ones slow every query — and merges the index into one segment once the
    /// backlog is done.
    async fn step(&mut self) -> Result<(), NodeError> {
        let mut backlog = 0;
        let started = Instant::now();
        if self.scanned == 0 {
            backlog = self.fill_in_store_order().await?;
        }
        loop {
            let core = self.core.clone();
            let (after, written) = (self.scanned, self.written);
            let scanned = self.worker.run(move || scan(&core, after, written)).await?;
            if scanned.position == after {
                break;
            }
            if scanned.position - after == SCAN_CHUNK as u64 {
                self.enter_bulk()?;
            }
            backlog += scanned.position - after;
            self.scanned = scanned.position;
            self.written = self.written.max(scanned.position);
            self.written_chunk(scanned.waiting).await?;
        }
        // The end of a backlog is committed at once, before its merge (which takes seconds).
        if self.uncommitted() && (self.bulk || self.last_commit.elapsed() >= self.cadence.interval)
        {
            self.commit().await?;
        }
        if self.bulk {
            let (index, compact) = (self.core.index.clone(), backlog >= COMPACT_AFTER);
            let seconds = started.elapsed().as_secs_f64();
            if compact {
                tracing::info!(records = backlog, seconds, "indexed a backlog; merging the index");
            } else {
                tracing::debug!(records = backlog, seconds, "indexed a backlog");
            }
            self.worker
                .run(move || {
                    if compact {
                        index.compact()?;
                    }
                    Ok(index.set_bulk_mode(false)?)
                })
                .await?;
            self.bulk = false;
        }
        Ok(())
    }

    /// Fills an index that has nothing complete (a new index, one just cleared for a rebuild, or
    /// one whose fill a crash stopped) from every record stored so far, read in the store's key
    /// order — a third of the cost of reading them one by one in arrival order
    /// (BENCHMARKS.md) — with documents built from what the store holds now, so no record
    /// needs refreshing later. Records that arrive meanwhile are left to the arrival-order scan
    /// that follows. Until the pass ends, commits record that documents may exist up to the
    /// last arrival but none is known complete: a crash midway makes the next start fill
    /// again, replacing rather than duplicating. Returns the number of records read.
    async fn fill_in_store_order(&mut self) -> Result<u64, NodeError> {
        let store = self.core.store.clone();
        let last = self.worker.run(move || Ok(store.last_arrival()?)).await?;
        if last == 0 {
            return Ok(0);
        }
        self.enter_bulk()?;
        let fresh = self.written == 0;
        self.written = self.written.max(last);
        let (mut after, mut read) = (None, 0);
        loop {
            let core = self.core.clone();
            let chunk = self.worker.run(move || fill_chunk(&core, after, last, fresh)).await?;
            read += chunk.read;
            self.written_chunk(chunk.waiting).await?;
            let Some(next) = chunk.next else { break };
            after = Some(next);
        }
        self.scanned = last;
        Ok(read)
    }

    /// Bulk mode for a backlog (left by `step` once the backlog is done).
    fn enter_bulk(&mut self) -> Result<(), NodeError> {
        if !self.bulk {
            self.core.index.set_bulk_mode(true)?;
            self.bulk = true;
        }
        Ok(())
    }

    /// After a chunk of records is written: their waits for files, and a commit once the
    /// backlog cadence has passed since the last (so a long backlog commits as it goes).
    async fn written_chunk(&mut self, waiting: Vec<(u64, Vec<Missing>)>) -> Result<(), NodeError> {
        self.dirty = true;
        for (arrival, files) in waiting {
            self.wait_for(arrival, files);
        }
        if self.last_commit.elapsed() >= self.cadence.backlog {
            self.commit().await?;
        }
        Ok(())
    }

    /// Merges a fragmented index once nothing has been committed for [`IDLE_MERGE_AFTER`].
    async fn merge_when_idle(&mut self) {
        if self.uncommitted() || self.merge_check.is_none_or(|at| at > Instant::now()) {
            return;
        }
        self.merge_check = None;
        if let Err(err) = self.merge_if_fragmented().await {
            tracing::warn!(error = %err, "cannot merge the index's segments");
        }
    }

    /// Merges an index left in many segments — a rebuild or catch-up stopped before its final
    /// merge — into one. Nothing else would: merges follow commits, and an idle node makes
    /// none, while every query visits every segment (74 segments made searches ten times
    /// slower).
    async fn merge_if_fragmented(&self) -> Result<(), NodeError> {
        let index = self.core.index.clone();
        // Background merges since the last commit are not shown to searches until a reload.
        self.worker.run(move || Ok(index.refresh()?)).await?;
        let segments = self.core.index.segments();
        if segments <= MAX_IDLE_SEGMENTS {
            return Ok(());
        }
        tracing::info!(segments, "merging the index's segments");
        let index = self.core.index.clone();
        self.worker.run(move || Ok(index.compact()?)).await
    }

    fn wait_for(&mut self, arrival: u64, files: Vec<Missing>) {
        if self.core.extraction.is_none() {
            return;
        }
        for file in files {
            self.pending.entry(arrival).or_default().insert(file.sha256);
            self.extract(file);
        }
    }

    /// A file arrived after the records listing it were written: extract it (unless its text
    /// is known) and rewrite them.
    fn on_file_arrived(&mut self, file: Missing) {
        if self.core.texts.get::<extract::Outcome>(&file.sha256).is_some() {
            let _ = self.extracted.send(file.sha256);
        } else {
            self.extract(file);
        }
    }

    /// Has a worker extract `file`'s text unless one already is; the result comes back on
    /// `extracted`.
    fn extract(&mut self, file: Missing) {
        let Some(extraction) = self.core.extraction.clone() else { return };
        if !self.in_flight.insert(file.sha256) {
            return;
        }
        let (core, done, permits) =
            (self.core.clone(), self.extracted.clone(), self.permits.clone());
        tokio::spawn(async move {
            let _permit = permits.acquire().await;
            let outcome = extract::extract_isolated(
                &extraction.worker,
                &core.blobs.path(&file.sha256),
                &file.media_type,
                &extraction.limits,
            )
            .await;
            if let Err(err) = core.texts.put(&file.sha256, &outcome) {
                tracing::warn!(file = %file.sha256, error = %err, "cannot store extracted text");
            }
            let _ = done.send(file.sha256);
        });
    }

    async fn on_extracted(&mut self, sha256: Sha256) {
        self.in_flight.remove(&sha256);
        let (core, scanned) = (self.core.clone(), self.scanned);
        if let Err(err) = self.worker.run(move || refresh_listing(&core, &sha256, scanned)).await {
            tracing::warn!(file = %sha256, error = %err, "cannot re-index records listing a file");
        }
        self.pending.retain(|_, files| {
            files.remove(&sha256);
            !files.is_empty()
        });
        self.dirty = true;
    }

    /// The arrival up to which everything is indexed: nothing past the scan (during a fill in
    /// store order, nothing at all), nor from the first record still waiting for a file's text.
    fn complete(&self) -> u64 {
        self.pending
            .keys()
            .next()
            .map_or(self.scanned, |first| (first - 1).min(self.scanned))
            .max(self.committed)
    }

    /// Whether a commit is owed: documents written since the last, or a position it did not
    /// record (the end of a fill whose last chunk was committed as "none complete" — left to
    /// `dirty` alone, that fill was never committed and `plenary reindex` waited forever).
    fn uncommitted(&self) -> bool {
        self.dirty || self.complete() > self.committed
    }

    async fn commit(&mut self) -> Result<(), NodeError> {
        let complete = self.complete();
        let position = Position { indexed_up_to: complete, written_up_to: self.written };
        let index = self.core.index.clone();
        self.worker.run(move || Ok(index.commit(position)?)).await?;
        let position = complete;
        self.committed = position;
        self.dirty = false;
        self.last_commit = Instant::now();
        self.merge_check = Some(self.last_commit + IDLE_MERGE_AFTER);
        let _ = self.progress.send(position);
        Ok(())
    }

    async fn rebuild(&mut self) {
        let index = self.core.index.clone();
        if let Err(err) = self.worker.run(move || Ok(index.clear()?)).await {
            tracing::error!(error = %err, "cannot clear the index");
            return;
        }
        self.scanned = 0;
        self.committed = 0;
        self.written = 0;
        self.pending.clear();
        self.dirty = true;
        let _ = self.progress.send(0);
    }
}

/// The one thread that does the follower's work (reading the store, writing and committing
/// the index), at lowered priority: tantivy starts its analysing threads from the thread that
/// commits, so they inherit it, and on a busy node acknowledging writes and answering
/// searches come first.
struct IndexThread {
    jobs: std::sync::mpsc::Sender<Box<dyn FnOnce() + Send>>,
}

impl IndexThread {
    fn start() -> Result<IndexThread, NodeError> {
        let (jobs, queue) = std::sync::mpsc::channel::<Box<dyn FnOnce() + Send>>();
        std::thread::Builder::new()
            .name("plenary-indexer".into())
            .spawn(move || {
                crate::index::lower_current_thread_priority();
                while let Ok(job) = queue.recv() {
                    job();
                }
            })
            .map_err(|err| NodeError::Store(err.into()))?;
        Ok(IndexThread { jobs })
    }

    /// Runs `work` on the index thread and waits for its result.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, NodeError> + Send + 'static,
    ) -> Result<T, NodeError> {
        let (done, result) = tokio::sync::oneshot::channel();
        let job = Box::new(move || {
            let _ = done.send(work());
        });
        self.jobs.send(job).map_err(|_| NodeError::Unavailable)?;
        result.await.map_err(|_| NodeError::Unavailable)?
    }
}

/// One step of [`State::fill_in_store_order`].
struct Filled {
    /// Where the next step starts (`None`: the store has been read to its end).
    next: Option<RecordId>,
    read: u64,
    waiting: Vec<(u64, Vec<Missing>)>,
}

/// Writes the documents of up to [`SCAN_CHUNK`] records after id `after` that arrived by
/// `last` (added without looking for an old copy when the index held none).
fn fill_chunk(
    core: &IndexingCore,
    after: Option<RecordId>,
    last: u64,
    fresh: bool,
) -> Result<Filled, NodeError> {
    let records = core.store.records_after(after.as_ref(), SCAN_CHUNK)?;
    let next = (records.len() == SCAN_CHUNK).then(|| records.last().map(|(id, _)| *id)).flatten();
    let mut waiting = Vec::new();
    for (id, stored) in records.iter().filter(|(_, stored)| stored.arrival <= last) {
        let missing = write_document(core, id, document_for(core, id, stored)?, fresh)?;
        if !missing.is_empty() {
            waiting.push((stored.arrival, missing));
        }
    }
    Ok(Filled { next, read: records.len() as u64, waiting })
}

/// Indexes up to [`SCAN_CHUNK`] records after `after` (those after `written` for the first
/// time); returns the new position and the files documents are waiting for.
fn scan(core: &IndexingCore, after: u64, written: u64) -> Result<Scanned, NodeError> {
    let mut position = after;
    let mut waiting = Vec::new();
    for (arrival, id) in core.store.arrivals_after(after, SCAN_CHUNK)? {
        let missing = index_record(core, &id, arrival > written)?;
        if !missing.is_empty() {
            waiting.push((arrival, missing));
        }
        position = arrival;
    }
    Ok(Scanned { position, waiting })
}

/// Indexes one new record and refreshes the documents it changes.
fn index_record(
    core: &IndexingCore,
    id: &RecordId,
    first_write: bool,
) -> Result<Vec<Missing>, NodeError> {
    let Some(stored) = core.store.record(id)? else { return Ok(Vec::new()) };
    if let Some(older) = stored.supersedes {
        refresh(core, &older)?;
    }
    if stored.record.header.kind == Kind::Retraction
        && let Some(body) = &stored.record.body
        && let Ok(links) = links(Kind::Retraction, body)
        && let Some(target) = links.retracts
    {
        refresh(core, &target)?;
    }
    write_document(core, id, document_for(core, id, &stored)?, first_write)
}

/// Rewrites (or removes) one record's document from what the store holds now.
fn refresh(core: &IndexingCore, id: &RecordId) -> Result<Vec<Missing>, NodeError> {
    let built = match core.store.record(id)? {
        Some(stored) => document_for(core, id, &stored)?,
        None => None,
    };
    write_document(core, id, built, false)
}

fn write_document(
    core: &IndexingCore,
    id: &RecordId,
    built: Option<(IndexDoc, Vec<Missing>)>,
    first_write: bool,
) -> Result<Vec<Missing>, NodeError> {
    match built {
        Some((doc, missing)) => {
            let written = if first_write { core.index.add(&doc) } else { core.index.upsert(&doc) };
            written?;
            Ok(missing)
        }
        None if first_write => Ok(Vec::new()),
        None => {
            core.index.delete(&id.to_string())?;
            Ok(Vec::new())
        }
    }
}

/// Rewrites the documents of records listing a file whose text just arrived — those already
/// scanned; the scan handles the rest.
fn refresh_listing(core: &IndexingCore, sha256: &Sha256, scanned: u64) -> Result<(), NodeError> {
    for id in core.store.records_listing(sha256)? {
        if core.store.record(&id)?.is_some_and(|stored| stored.arrival <= scanned) {
            refresh(core, &id)?;
        }
    }
    Ok(())
}
