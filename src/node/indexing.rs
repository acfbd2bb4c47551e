//! The index follower: one task that keeps the search index following the store in arrival
//! order. It turns each record into its index document (text, language, audience, current or
//! superseded), refreshes the documents a record affects (the version it supersedes, the record
//! it retracts), has attached files' text extracted in worker processes, and commits in batches
//! on a short interval. Each commit records the arrival position up to which everything is
//! indexed (records still waiting for extraction hold it back), so after a crash the follower
//! resumes from there and the index is always rebuildable from the store.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;
use tokio::sync::{Semaphore, broadcast, mpsc, watch};
use tokio::time::Instant;

use super::commit::Appended;
use super::error::NodeError;
use crate::extract::{self, Limits, Outcome};
use crate::index::analysis::detect;
use crate::index::{IndexDoc, Position, SearchIndex};
use crate::model::links::links;
use crate::model::{Audience, Header, Kind, NodeId, RecordId, Sha256, Visibility};
use crate::store::blobs::BlobStore;
use crate::store::texts::TextCache;
use crate::store::{Store, StoredRecord};

/// More segments than this at start are merged into one (see `State::merge_if_fragmented`);
/// the live merge policy keeps fewer per size tier.
const MAX_IDLE_SEGMENTS: usize = 8;

/// Kinds that have a search document.
const INDEXED: [Kind; 7] = [
    Kind::Node,
    Kind::Document,
    Kind::Meeting,
    Kind::WorkingGroup,
    Kind::Comment,
    Kind::Survey,
    Kind::Endorsement,
];

/// Body fields that hold identifiers, times or codes rather than words.
const NOT_TEXT: [&str; 28] = [
    "supersedes",
    "edition_of",
    "working_group",
    "about",
    "in_reply_to",
    "minutes",
    "meeting",
    "survey",
    "sha256",
    "media_type",
    "size",
    "url",
    "online_url",
    "key",
    "effective_at",
    "starts_at",
    "ends_at",
    "comment_until",
    "closes_at",
    "timezone",
    "relation",
    "status",
    "language",
    "members",
    "convenors",
    "invited",
    "host",
    "documents",
];

/// Top-level body fields indexed on their own rather than as body text.
const OWN_FIELDS: [&str; 3] = ["title", "name", "symbol"];

/// Records read from the store per blocking step.
const SCAN_CHUNK: usize = 512;

/// Longest time between commits while working through a backlog.
const BACKLOG_COMMIT: Duration = Duration::from_secs(5);

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
}

/// The node's handle on the follower.
pub(crate) struct Follower {
    pub control: mpsc::UnboundedSender<Control>,
    /// The committed `indexed_up_to` position.
    pub progress: watch::Receiver<u64>,
    /// The task; it ends when the node's event channel closes.
    pub task: tokio::task::JoinHandle<()>,
}

/// Starts the follower task on the current runtime.
pub(crate) fn start(
    core: Arc<IndexingCore>,
    events: broadcast::Receiver<Appended>,
    interval: Duration,
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
        interval,
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
    dirty: bool,
    last_commit: Instant,
    interval: Duration,
    extracted: mpsc::UnboundedSender<Sha256>,
    permits: Arc<Semaphore>,
    progress: watch::Sender<u64>,
}

/// How far a scan got, and which records (by arrival) wait for which files.
struct Scanned {
    position: u64,
    waiting: Vec<(u64, Vec<Missing>)>,
}

/// A file a document is waiting for.
struct Missing {
    sha256: Sha256,
    media_type: String,
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
            let deadline = if self.dirty {
                self.last_commit + self.interval
            } else {
                Instant::now() + Duration::from_secs(3600)
            };
            tokio::select! {
                event = events.recv() => {
                    if matches!(event, Err(broadcast::error::RecvError::Closed)) {
                        return;
                    }
                }
                Some(sha256) = extracted.recv() => self.on_extracted(sha256).await,
                Some(Control::Rebuild(done)) = control.recv() => {
                    self.rebuild().await;
                    let _ = done.send(());
                }
                () = tokio::time::sleep_until(deadline) => {}
            }
        }
    }

    /// Indexes what arrived since the last scan and commits when the interval has passed.
    /// While working through a backlog (a start after a crash, a rebuild) it commits only every
    /// [`BACKLOG_COMMIT`] — each commit seals a segment, and many small ones slow every query —
    /// and merges the index into one segment once the backlog is done.
    async fn step(&mut self) -> Result<(), NodeError> {
        let mut backlog = 0;
        loop {
            let core = self.core.clone();
            let (after, written) = (self.scanned, self.written);
            let scanned = self.worker.run(move || scan(&core, after, written)).await?;
            if scanned.position == after {
                break;
            }
            if !self.bulk && scanned.position - after == SCAN_CHUNK as u64 {
                self.core.index.set_bulk_mode(true)?;
                self.bulk = true;
            }
            backlog += scanned.position - after;
            self.scanned = scanned.position;
            self.written = self.written.max(scanned.position);
            self.dirty = true;
            for (arrival, files) in scanned.waiting {
                self.wait_for(arrival, files);
            }
            if self.last_commit.elapsed() >= BACKLOG_COMMIT {
                self.commit().await?;
            }
        }
        if self.dirty && self.last_commit.elapsed() >= self.interval {
            self.commit().await?;
        }
        if self.bulk {
            let (index, compact) = (self.core.index.clone(), backlog >= COMPACT_AFTER);
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

    /// Merges an index left in many segments — a rebuild or catch-up stopped before its final
    /// merge — into one. Nothing else would: merges follow commits, and an idle node makes
    /// none, while every query visits every segment (74 segments made searches ten times
    /// slower).
    async fn merge_if_fragmented(&self) -> Result<(), NodeError> {
        let segments = self.core.index.segments();
        if segments <= MAX_IDLE_SEGMENTS {
            return Ok(());
        }
        tracing::info!(segments, "merging the index's segments");
        let index = self.core.index.clone();
        self.worker.run(move || Ok(index.compact()?)).await
    }

    fn wait_for(&mut self, arrival: u64, files: Vec<Missing>) {
        let Some(extraction) = self.core.extraction.clone() else { return };
        for file in files {
            self.pending.entry(arrival).or_default().insert(file.sha256);
            if self.in_flight.insert(file.sha256) {
                let (core, extraction) = (self.core.clone(), extraction.clone());
                let (done, permits) = (self.extracted.clone(), self.permits.clone());
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
        }
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

    async fn commit(&mut self) -> Result<(), NodeError> {
        let complete =
            self.pending.keys().next().map_or(self.scanned, |first| first - 1).max(self.committed);
        let position = Position { indexed_up_to: complete, written_up_to: self.written };
        let index = self.core.index.clone();
        self.worker.run(move || Ok(index.commit(position)?)).await?;
        let position = complete;
        self.committed = position;
        self.dirty = false;
        self.last_commit = Instant::now();
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
    write_document(core, id, document_for(core, &stored)?, first_write)
}

/// Rewrites (or removes) one record's document from what the store holds now.
fn refresh(core: &IndexingCore, id: &RecordId) -> Result<Vec<Missing>, NodeError> {
    let built = match core.store.record(id)? {
        Some(stored) => document_for(core, &stored)?,
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

/// The document of a stored record, and the files whose text it still lacks; `None` when the
/// record has no document (its kind is not searchable, or its body is withheld or retracted).
fn document_for(
    core: &IndexingCore,
    stored: &StoredRecord,
) -> Result<Option<(IndexDoc, Vec<Missing>)>, NodeError> {
    let record = &stored.record;
    let header = &record.header;
    let Some(body) = &record.body else { return Ok(None) };
    if !INDEXED.contains(&header.kind) {
        return Ok(None);
    }
    let id = record.id();
    let title = text_field(body, "title").or_else(|| text_field(body, "name")).unwrap_or_default();
    let mut words = Vec::new();
    if let Some(map) = body.as_object() {
        for (key, value) in map.iter().filter(|(key, _)| !OWN_FIELDS.contains(&key.as_str())) {
            if !NOT_TEXT.contains(&key.as_str()) {
                collect_text(value, &mut words);
            }
        }
    }
    let main_text = words.join("\n");
    let lang = text_field(body, "language")
        .map(|tag| tag.split('-').next().unwrap_or_default().to_ascii_lowercase())
        .or_else(|| detect(&format!("{title}\n{main_text}")).map(str::to_owned))
        .unwrap_or_else(|| "und".to_owned());
    let mut texts = Vec::new();
    if !main_text.is_empty() {
        texts.push((core.analyzer_for(&lang), main_text));
    }
    let missing = attachment_texts(core, header.kind, body, &lang, &mut texts);
    let doc = IndexDoc {
        id: id.to_string(),
        kind: header.kind.as_str().to_owned(),
        origin: header.origin.to_string(),
        lang,
        created: header.created_at_time(),
        created_at: header.created_at.clone(),
        title,
        texts,
        symbol: text_field(body, "symbol"),
        group: text_field(body, "working_group"),
        status: text_field(body, "status"),
        current: core.store.superseded_by(&id)?.is_empty(),
        audience: audience_terms(header, &core.node_id),
    };
    Ok(Some((doc, missing)))
}

fn attachment_texts(
    core: &IndexingCore,
    kind: Kind,
    body: &Value,
    lang: &str,
    texts: &mut Vec<(String, String)>,
) -> Vec<Missing> {
    let attachments = links(kind, body).map(|l| l.attachments).unwrap_or_default();
    let mut missing = Vec::new();
    for attachment in attachments {
        match core.texts.get::<Outcome>(&attachment.sha256) {
            Some(Outcome::Text { text }) => {
                texts.push((attachment.language.unwrap_or_else(|| lang.to_owned()), text))
            }
            Some(Outcome::Unavailable { .. }) => {}
            None if core.blobs.size(&attachment.sha256).is_some() => {
                missing
                    .push(Missing { sha256: attachment.sha256, media_type: attachment.media_type });
            }
            None => {}
        }
    }
    missing
}

impl IndexingCore {
    /// The language whose analyzer text tagged `tag` gets: its primary subtag when the node
    /// analyses it, else the default analyzer's.
    fn analyzer_for(&self, tag: &str) -> String {
        let primary = tag.split('-').next().unwrap_or_default().to_ascii_lowercase();
        if self.languages.contains(&primary) {
            primary
        } else {
            crate::index::analysis::OTHER.to_owned()
        }
    }
}

fn text_field(body: &Value, name: &str) -> Option<String> {
    body.get(name).and_then(Value::as_str).map(str::to_owned)
}

/// Every string of a body that holds words, depth-first, skipping identifiers and codes.
fn collect_text(value: &Value, out: &mut Vec<String>) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            Value::String(text) if !looks_like_identifier(text) => out.push(text.clone()),
            Value::Array(items) => stack.extend(items.iter().rev()),
            Value::Object(map) => stack.extend(
                map.iter()
                    .rev()
                    .filter(|(key, _)| !NOT_TEXT.contains(&key.as_str()))
                    .map(|(_, v)| v),
            ),
            _ => {}
        }
    }
}

fn looks_like_identifier(text: &str) -> bool {
    let hex = text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit());
    let b64 = text.len() == 43
        && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    hex || b64
}

/// The visibility terms a record's document carries (matched against [`crate::index::Audience`]):
/// what its visibility names, plus `local` when this node — and so its logged-in users — is
/// admitted without depending on a working group's membership, so a local search filters on one
/// term instead of a union.
pub(crate) fn audience_terms(header: &Header, this_node: &NodeId) -> Vec<String> {
    let origin = format!("origin:{}", header.origin);
    let mut terms = match &header.visibility {
        Visibility::Named(Audience::Public) => vec!["public".into()],
        Visibility::Named(Audience::Partners) => vec!["partners".into(), origin],
        Visibility::Nodes { nodes } => {
            nodes.iter().map(|n| format!("node:{n}")).chain([origin]).collect()
        }
        Visibility::Group { group } => vec![format!("group:{group}"), origin],
    };
    let local = match &header.visibility {
        Visibility::Named(_) => true,
        Visibility::Nodes { nodes } => nodes.contains(this_node),
        Visibility::Group { .. } => false,
    };
    if local || header.origin == *this_node {
        terms.push(LOCAL_AUDIENCE.into());
    }
    terms
}

/// The audience term of documents this node's users may see whatever groups say.
pub(crate) const LOCAL_AUDIENCE: &str = "local";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_collected_without_identifiers_or_codes() {
        let body = json!({
            "title": "T", "summary": "A summary.", "status": "final", "tags": ["trade", "services"],
            "supersedes": "ab".repeat(32),
            "agenda": [{"title": "Opening", "documents": ["cd".repeat(32)]}],
            "attachments": [{"sha256": "ef".repeat(32), "name": "annex.pdf", "media_type": "application/pdf", "size": 3}],
        });
        let mut words = Vec::new();
        collect_text(&body, &mut words);
        assert_eq!(words, ["Opening", "annex.pdf", "A summary.", "trade", "services", "T"]);
    }
}
