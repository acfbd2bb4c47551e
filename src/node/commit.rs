//! The writer: the one thread that appends records. It takes every job waiting in its queue,
//! checks each against the state the previous ones left (chain, keys, references), signs local
//! drafts, applies each record atomically, then makes the whole batch durable with one flush
//! (group commit) before anyone is told "done". Readers never see this node's own records past
//! the last flush, so nothing unacknowledged can leave the node.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};

use serde_json::Value;
use tokio::sync::{broadcast, oneshot};

use super::error::NodeError;
use super::flows;
use super::rules::{self, ChainPosition, Effects, Strictness};
use crate::crypto::NodeKey;
use crate::model::links::Links;
use crate::model::record::{PROTOCOL_VERSION, format_utc_timestamp};
use crate::model::{Header, Kind, NodeId, Record, RecordId, Sha256, Visibility};
use crate::store::blobs::BlobStore;
use crate::store::{Batch, Store, StoredRecord};

/// A local record ready to be signed: validated, with its links read.
pub(crate) struct Draft {
    pub kind: Kind,
    pub visibility: Visibility,
    pub body: Value,
    pub body_hash: Sha256,
    pub links: Links,
}

/// A record from elsewhere whose signature verified; the body checks ran in parallel and their
/// verdict is reported in protocol order (after the chain check).
pub(crate) struct Arrived {
    pub record: Record,
    pub body_verdict: Result<Links, NodeError>,
}

type Reply = oneshot::Sender<Result<Committed, NodeError>>;

pub(crate) enum Job {
    Publish(Box<Draft>, Reply),
    Ingest(Box<Arrived>, Reply),
}

/// A record that is durably held.
#[derive(Debug, Clone)]
pub struct Committed {
    /// Its id.
    pub id: RecordId,
    /// The record as stored.
    pub record: Record,
    /// Its arrival position here.
    pub arrival: u64,
    /// True when the exact record was already held (ingest is idempotent).
    pub already_held: bool,
}

/// Announced after each durable batch, for the index and federation to follow.
#[derive(Debug, Clone)]
pub struct Appended {
    /// Arrival position.
    pub arrival: u64,
    /// Record id.
    pub id: RecordId,
    /// Its origin.
    pub origin: NodeId,
    /// Its seq.
    pub seq: u64,
}

/// The handle that queues jobs for the writer thread.
#[derive(Clone)]
pub(crate) struct Committer {
    queue: SyncSender<Job>,
}

impl Committer {
    /// Queues a job and waits for its durable outcome.
    pub async fn submit(&self, make: impl FnOnce(Reply) -> Job) -> Result<Committed, NodeError> {
        let (reply, outcome) = oneshot::channel();
        self.enqueue(vec![make(reply)]).await?;
        outcome.await.map_err(|_| NodeError::Unavailable)?
    }

    /// Queues arrivals in order and waits for their durable outcomes (in the same order).
    /// Queued together, they share group commits: a page of a peer's log costs a few flushes,
    /// not one per record.
    pub async fn ingest_all(&self, arrivals: Vec<Arrived>) -> Vec<Result<Committed, NodeError>> {
        let (mut jobs, mut outcomes) = (Vec::new(), Vec::new());
        for arrived in arrivals {
            let (reply, outcome) = oneshot::channel();
            jobs.push(Job::Ingest(Box::new(arrived), reply));
            outcomes.push(outcome);
        }
        if self.enqueue(jobs).await.is_err() {
            return outcomes.iter().map(|_| Err(NodeError::Unavailable)).collect();
        }
        let mut results = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            results.push(outcome.await.unwrap_or(Err(NodeError::Unavailable)));
        }
        results
    }

    /// Puts jobs on the queue in order; when it is full, waits for room without blocking the
    /// async runtime (back-pressure).
    async fn enqueue(&self, jobs: Vec<Job>) -> Result<(), NodeError> {
        let mut jobs = jobs.into_iter();
        while let Some(job) = jobs.next() {
            match self.queue.try_send(job) {
                Ok(()) => {}
                Err(TrySendError::Full(job)) => {
                    let queue = self.queue.clone();
                    let rest: Vec<Job> = std::iter::once(job).chain(jobs).collect();
                    let sent = tokio::task::spawn_blocking(move || {
                        rest.into_iter().try_for_each(|job| queue.send(job))
                    });
                    return sent
                        .await
                        .map_err(|_| NodeError::Unavailable)?
                        .map_err(|_| NodeError::Unavailable);
                }
                Err(TrySendError::Disconnected(_)) => return Err(NodeError::Unavailable),
            }
        }
        Ok(())
    }
}

/// State owned by the writer thread.
pub(crate) struct Writer {
    pub store: Arc<Store>,
    pub blobs: BlobStore,
    /// Extracted text of files, removed with the files.
    pub texts: crate::store::texts::TextCache,
    pub key: Arc<NodeKey>,
    pub id: NodeId,
    /// Highest own seq known durable; readers hide own records above it.
    pub durable_own_seq: Arc<AtomicU64>,
    pub events: broadcast::Sender<Appended>,
    pub max_batch: usize,
}

/// The writer's running position, derived from the store at start.
struct Position {
    own_head: Option<(u64, RecordId)>,
    next_arrival: u64,
    /// After a failed flush nothing more is written: what is durable is unknown.
    poisoned: bool,
}

/// Starts the writer thread; the thread ends when every [`Committer`] is dropped.
pub(crate) fn start(
    writer: Writer,
    queue_depth: usize,
) -> Result<(Committer, std::thread::JoinHandle<()>), NodeError> {
    let own_head = writer.store.head(&writer.id)?;
    let next_arrival = writer.store.last_arrival()? + 1;
    writer.durable_own_seq.store(own_head.map_or(0, |(seq, _)| seq), Ordering::SeqCst);
    let (queue, jobs) = std::sync::mpsc::sync_channel(queue_depth);
    let position = Position { own_head, next_arrival, poisoned: false };
    let handle = std::thread::Builder::new()
        .name("plenary-writer".into())
        .spawn(move || writer.run(jobs, position))
        .map_err(|err| NodeError::Store(err.into()))?;
    Ok((Committer { queue }, handle))
}

impl Writer {
    fn run(self, jobs: Receiver<Job>, mut position: Position) {
        while let Ok(first) = jobs.recv() {
            let mut batch = vec![first];
            while batch.len() < self.max_batch {
                match jobs.try_recv() {
                    Ok(job) => batch.push(job),
                    Err(_) => break,
                }
            }
            self.commit(batch, &mut position);
        }
        if let Err(err) = self.store.flush() {
            tracing::error!(error = %err, "final flush failed");
        }
    }

    fn commit(&self, jobs: Vec<Job>, position: &mut Position) {
        let mut outcomes = Vec::with_capacity(jobs.len());
        let mut retracted = Vec::new();
        for job in jobs {
            let (reply, outcome) = match job {
                _ if position.poisoned => (reply_of(job), Err(NodeError::Unavailable)),
                Job::Publish(draft, reply) => {
                    (reply, self.publish(*draft, position, &mut retracted))
                }
                Job::Ingest(arrived, reply) => {
                    (reply, self.ingest(*arrived, position, &mut retracted))
                }
            };
            outcomes.push((reply, outcome));
        }
        if let Err(err) = self.store.flush() {
            tracing::error!(error = %err, "flush failed; refusing further writes");
            position.poisoned = true;
            for (reply, _) in outcomes {
                let _ = reply.send(Err(NodeError::Unavailable));
            }
            return;
        }
        let own_seq = position.own_head.map_or(0, |(seq, _)| seq);
        self.durable_own_seq.store(own_seq, Ordering::SeqCst);
        self.delete_orphaned_files(&retracted);
        for (reply, outcome) in outcomes {
            if let Ok(committed) = &outcome
                && !committed.already_held
            {
                let header = &committed.record.header;
                let appended = Appended {
                    arrival: committed.arrival,
                    id: committed.id,
                    origin: header.origin,
                    seq: header.seq,
                };
                let _ = self.events.send(appended);
            }
            let _ = reply.send(outcome);
        }
    }

    fn publish(
        &self,
        draft: Draft,
        position: &mut Position,
        retracted: &mut Vec<Record>,
    ) -> Result<Committed, NodeError> {
        let (seq, prev) = match position.own_head {
            Some((seq, id)) => (seq + 1, Some(id)),
            None => (1, None),
        };
        let header = Header {
            plenary: PROTOCOL_VERSION,
            origin: self.id,
            key: self.key.key_id(),
            seq,
            prev,
            kind: draft.kind,
            created_at: format_utc_timestamp(time::OffsetDateTime::now_utc()),
            visibility: draft.visibility,
            body_hash: draft.body_hash,
        };
        let effects = rules::check_links(&self.store, &header, &draft.links, Strictness::Publish)?;
        flows::check(&self.store, &header, Some(&draft.body), Strictness::Publish)?;
        let sig = self.key.sign_header(&header);
        let record = Record { header, sig, body: Some(draft.body) };
        let committed = self.append(record, (effects, None), &draft.links, position, retracted)?;
        position.own_head = Some((seq, committed.id));
        Ok(committed)
    }

    fn ingest(
        &self,
        arrived: Arrived,
        position: &mut Position,
        retracted: &mut Vec<Record>,
    ) -> Result<Committed, NodeError> {
        let Arrived { record, body_verdict } = arrived;
        let id = record.id();
        rules::check_key(&self.store, &record.header)?;
        match rules::check_chain(&self.store, &record.header, &id)? {
            ChainPosition::AlreadyHeld => {
                return self.fill_or_keep(Arrived { record, body_verdict }, position, retracted);
            }
            ChainPosition::Conflict => {
                let mut evidence = Batch::default();
                Store::stage_equivocation(&mut evidence, &record);
                self.store.apply(&evidence)?;
                let (origin, seq) = (record.header.origin, record.header.seq);
                tracing::warn!(%origin, seq, "equivocation: a second record for one seq; both kept");
                return Err(NodeError::Equivocation { origin, seq });
            }
            ChainPosition::Next => {}
        }
        if record.header.origin == self.id {
            return Err(NodeError::Forbidden("only this node writes its own log".into()));
        }
        let links = body_verdict?;
        let effects = self.ingest_rules(&record, &links)?;
        self.append(record, (effects, None), &links, position, retracted)
    }

    /// The reference and flow rules an arriving record (with its body, when it has one) must
    /// pass, and the effects it has.
    fn ingest_rules(&self, record: &Record, links: &Links) -> Result<Effects, NodeError> {
        let header = &record.header;
        let effects = rules::check_links(&self.store, header, links, Strictness::Ingest)?;
        flows::check(&self.store, header, record.body.as_ref(), Strictness::Ingest)?;
        Ok(effects)
    }

    /// A record already held. When this copy brings the body the held one lacks (withheld by
    /// a relay outside its audience) and the origin has not retracted it, the body is checked
    /// as any arriving body is and installed as a new arrival. A body that does not hash to the
    /// header's `body_hash` or fails its schema is refused like any such record (the body is
    /// still awaited); a genuine body the rules refuse is dropped (the header stays, and is no
    /// longer awaited). Otherwise nothing changes.
    fn fill_or_keep(
        &self,
        arrived: Arrived,
        position: &mut Position,
        retracted: &mut Vec<Record>,
    ) -> Result<Committed, NodeError> {
        let Arrived { record, body_verdict } = arrived;
        let id = record.id();
        let held = match self.store.record(&id)? {
            Some(held) if held.record.body.is_none() && record.body.is_some() => held,
            other => {
                let arrival = other.map_or(0, |stored| stored.arrival);
                return Ok(Committed { id, record, arrival, already_held: true });
            }
        };
        let kept = Committed {
            id,
            record: held.record.clone(),
            arrival: held.arrival,
            already_held: true,
        };
        if self.store.retraction_of(&id)?.is_some() {
            return Ok(kept);
        }
        let links = body_verdict?;
        let effects = self.ingest_rules(&record, &links);
        match effects {
            Ok(effects) => self.append(record, (effects, Some(&held)), &links, position, retracted),
            Err(err) => {
                tracing::warn!(%id, error = %err, "a held record's body was refused; its header stays");
                let mut batch = Batch::default();
                Store::unstage_bodiless(&mut batch, &record.header.origin, record.header.seq);
                self.store.apply(&batch)?;
                Ok(kept)
            }
        }
    }

    /// Stores `record` as the next arrival — a new record, or (`held`) one already held that
    /// now comes with its body — with its effects.
    fn append(
        &self,
        record: Record,
        (effects, held): (Effects, Option<&StoredRecord>),
        links: &Links,
        position: &mut Position,
        retracted: &mut Vec<Record>,
    ) -> Result<Committed, NodeError> {
        let id = record.id();
        let arrival = position.next_arrival;
        let stored = StoredRecord { record, arrival, supersedes: effects.supersedes };
        let files: Vec<Sha256> = links.attachments.iter().map(|a| a.sha256).collect();
        let mut batch = Batch::default();
        if stored.record.header.origin == self.id {
            Store::stage_merkle(&mut batch, &self.store.merkle_appended(&stored.record.header)?);
        }
        match held {
            Some(held) => Store::stage_filled(&mut batch, held, &stored, &files),
            None if self.awaits_body(&stored.record.header, stored.record.body.is_none()) => {
                Store::stage_record(&mut batch, &stored, &files);
                Store::stage_bodiless(&mut batch, &stored);
            }
            None => Store::stage_record(&mut batch, &stored, &files),
        }
        if let Some(target) = &effects.retracts {
            Store::stage_retraction(&mut batch, target, &id);
            retracted.push(target.record.clone());
        }
        if let Some((key, history)) = &effects.key {
            Store::stage_key(&mut batch, &stored.record.header.origin, key, history);
        }
        self.store.apply(&batch)?;
        position.next_arrival += 1;
        Ok(Committed { id, record: stored.record, arrival, already_held: false })
    }

    /// Whether a record of another origin that arrives without its body (`bodiless`) may be
    /// owed it: its audience names this node, or a working group this node may belong to (the
    /// origin decides when asked).
    fn awaits_body(&self, header: &Header, bodiless: bool) -> bool {
        bodiless
            && header.origin != self.id
            && match &header.visibility {
                Visibility::Nodes { nodes } => nodes.contains(&self.id),
                Visibility::Group { .. } => true,
                Visibility::Named(_) => false,
            }
    }

    /// After a retraction is durable, deletes the bytes of its files that no remaining
    /// (unretracted) record lists.
    fn delete_orphaned_files(&self, retracted: &[Record]) {
        for record in retracted {
            let Some(body) = &record.body else { continue };
            let Ok(links) = crate::model::links::links(record.header.kind, body) else { continue };
            for attachment in links.attachments {
                if let Err(err) = self.delete_if_orphaned(&attachment.sha256) {
                    tracing::warn!(file = %attachment.sha256, error = %err, "could not remove retracted file");
                }
            }
        }
    }

    fn delete_if_orphaned(&self, sha256: &Sha256) -> Result<(), NodeError> {
        for id in self.store.records_listing(sha256)? {
            let live = self.store.record(&id)?.is_some_and(|stored| stored.record.body.is_some());
            if live {
                return Ok(());
            }
        }
        self.blobs.delete(sha256).map_err(|err| NodeError::Store(err.into()))?;
        self.texts.remove(sha256).map_err(|err| NodeError::Store(err.into()))
    }
}

fn reply_of(job: Job) -> Reply {
    match job {
        Job::Publish(_, reply) | Job::Ingest(_, reply) => reply,
    }
}
