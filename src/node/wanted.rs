//! Files this node lacks: attachments of records it holds with their bodies whose bytes have
//! not arrived (a record replicates ahead of its files). The set is derived — from the store's
//! file references at open, then from each ingested record — so it has no durable state of its
//! own. The sync layer claims wanted files, fetches them from peers into partial files, and
//! hands each over with [`Node::receive_file`], which installs it only if it hashes to its
//! name, then tells the index follower (the file's text becomes searchable) and the notifying
//! tasks (peers may want it from here).

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::sync::watch;

use super::error::NodeError;
use super::{Node, indexing};
use crate::model::links::links;
use crate::model::{Record, Sha256};

/// A file to fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WantedFile {
    /// Its name.
    pub sha256: Sha256,
    /// Its length, as the records listing it state.
    pub size: u64,
    /// Its media type (for text extraction).
    pub media_type: String,
}

/// The wanted files and who is fetching which.
pub(crate) struct Wanted {
    files: Mutex<BTreeMap<Sha256, WantedFile>>,
    claimed: Arc<Mutex<HashSet<Sha256>>>,
    /// Counts files received, so notifying tasks can tell peers.
    received: watch::Sender<u64>,
}

impl Default for Wanted {
    fn default() -> Wanted {
        Wanted { files: Mutex::default(), claimed: Arc::default(), received: watch::channel(0).0 }
    }
}

/// A wanted file one fetcher works on; others skip it until the claim is dropped.
pub struct Claim {
    /// The file.
    pub file: WantedFile,
    claimed: Arc<Mutex<HashSet<Sha256>>>,
}

impl Drop for Claim {
    fn drop(&mut self) {
        lock(&self.claimed).remove(&self.file.sha256);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Node {
    /// Finds, at open, the files listed by held records whose bytes are absent, and removes
    /// partial transfers of files nothing wants any more.
    pub(crate) fn scan_wanted(&self) -> Result<(), NodeError> {
        let mut last = None;
        for (sha256, id) in self.store.file_refs()? {
            if last == Some(sha256) || self.blobs.size(&sha256).is_some() {
                continue;
            }
            if let Some(stored) = self.store.record(&id)? {
                self.want_attachments(&stored.record);
            }
            last = Some(sha256);
        }
        let files = lock(&self.wanted.files);
        self.blobs
            .prune_partials(|sha256| files.contains_key(sha256))
            .map_err(|err| NodeError::Store(err.into()))
    }

    /// Notes the attachments of `record` (held with its body) that are not on disk. A file
    /// larger than this node accepts is never wanted.
    pub(crate) fn want_attachments(&self, record: &Record) {
        let Some(body) = &record.body else { return };
        let Ok(links) = links(record.header.kind, body) else { return };
        let mut files = lock(&self.wanted.files);
        for attachment in links.attachments {
            if attachment.size > self.settings.file_bytes
                || self.blobs.size(&attachment.sha256).is_some()
            {
                continue;
            }
            files.entry(attachment.sha256).or_insert(WantedFile {
                sha256: attachment.sha256,
                size: attachment.size,
                media_type: attachment.media_type,
            });
        }
    }

    /// How many files this node lacks.
    pub fn wanted_count(&self) -> usize {
        lock(&self.wanted.files).len()
    }

    /// Up to `limit` wanted files nobody is fetching, claimed for the caller. Files that no
    /// held, unretracted record lists any more (a retraction arrived) are dropped.
    pub fn claim_wanted(&self, limit: usize) -> Result<Vec<Claim>, NodeError> {
        let candidates: Vec<WantedFile> = {
            let claimed = lock(&self.wanted.claimed);
            let files = lock(&self.wanted.files);
            files.values().filter(|f| !claimed.contains(&f.sha256)).take(limit).cloned().collect()
        };
        let mut claims = Vec::new();
        for file in candidates {
            if !self.still_wanted(&file.sha256)? {
                lock(&self.wanted.files).remove(&file.sha256);
                continue;
            }
            if lock(&self.wanted.claimed).insert(file.sha256) {
                claims.push(Claim { file, claimed: self.wanted.claimed.clone() });
            }
        }
        Ok(claims)
    }

    /// Whether a held record with its body, not retracted, lists the file, and it is absent.
    fn still_wanted(&self, sha256: &Sha256) -> Result<bool, NodeError> {
        if self.blobs.size(sha256).is_some() {
            return Ok(false);
        }
        for id in self.store.records_listing(sha256)? {
            let held = self.store.record(&id)?.is_some_and(|stored| stored.record.body.is_some());
            if held && self.store.retraction_of(&id)?.is_none() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Installs the fetched file of `claim` (its partial transfer must be complete) if it
    /// hashes to its name, and tells the index follower and the peers. Returns its size.
    pub async fn receive_file(&self, claim: &Claim) -> Result<u64, NodeError> {
        let file = &claim.file;
        let size = self.blobs.install_partial(&file.sha256).await?;
        lock(&self.wanted.files).remove(&file.sha256);
        let arrived = indexing::Control::FileArrived(file.sha256, file.media_type.clone());
        let _ = self.follower.control.send(arrived);
        self.wanted.received.send_modify(|count| *count += 1);
        Ok(size)
    }

    /// Changes each time a fetched file is installed.
    pub fn files_received(&self) -> watch::Receiver<u64> {
        self.wanted.received.subscribe()
    }
}
