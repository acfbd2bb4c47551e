//! The federation as the node core sees it (DESIGN §3): who belongs to this node's federation,
//! whether a signed `/fed/v1` request is admitted — destination, time window, membership, key,
//! signature, nonce, checked before any handler work — and what a peer is served: the heads
//! of every origin held, and pages of an origin's log with the bodies it may not see withheld
//! (their headers and signatures still chain). Refused requests are counted per calling node.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Mutex, RwLock};

use serde::Serialize;

use super::error::NodeError;
use super::{Node, Viewer};
use crate::config::Config;
use crate::crypto;
use crate::model::request::{RequestAuth, RequestLine};
use crate::model::{NodeId, Record, RecordId};

/// How far a request's timestamp may be from this node's clock, in seconds.
pub const REQUEST_WINDOW_SECS: i64 = 300;

/// Most nonces remembered at once; beyond it requests are refused as busy rather than the
/// cache growing without bound.
const MAX_NONCES: usize = 1_000_000;

/// Most records in one log page.
pub const MAX_PAGE_RECORDS: usize = 1000;

/// A page stops growing past this many bytes of JSON (it always holds at least one record).
pub const MAX_PAGE_BYTES: usize = 4 << 20;

/// Why a signed request was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// No `Authorization: Plenary …` header, or a malformed one.
    #[error("{0}")]
    Malformed(String),
    /// The request names another node as its destination.
    #[error("the request is for another node")]
    WrongDestination,
    /// The timestamp is more than the window away from this node's clock.
    #[error("the request's timestamp is more than {REQUEST_WINDOW_SECS} s from this node's clock")]
    Stale,
    /// The calling node is not in this node's federation (or is blocked).
    #[error("{0} is not in this node's federation")]
    NotInFederation(NodeId),
    /// The key is not a current key of the calling node.
    #[error("key {key} is not a current key of {origin}")]
    UnknownKey {
        /// The calling node.
        origin: NodeId,
        /// The key it used.
        key: String,
    },
    /// The signature does not verify.
    #[error("the request signature does not verify")]
    BadSignature,
    /// The nonce was already used within the window.
    #[error("the request's nonce was already used")]
    Replayed,
    /// Too many requests in the window to remember their nonces.
    #[error("too many signed requests; retry shortly")]
    Busy,
}

impl Refusal {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Malformed(_) => "unsigned_request",
            Refusal::WrongDestination => "wrong_destination",
            Refusal::Stale => "stale_request",
            Refusal::NotInFederation(_) => "not_in_federation",
            Refusal::UnknownKey { .. } => "unknown_key",
            Refusal::BadSignature => "bad_request_signature",
            Refusal::Replayed => "replayed_request",
            Refusal::Busy => "busy",
        }
    }
}

/// Who this node's federation is, from its config (pinned peers change while the node runs:
/// see `node::peers`).
#[derive(Debug, Clone, Default)]
pub struct Membership {
    /// Pinned ids of configured peers.
    pub peers: HashSet<NodeId>,
    /// Extra trusted ids.
    pub trusted: HashSet<NodeId>,
    /// Ids refused whatever else says.
    pub blocked: HashSet<NodeId>,
    /// Whether origins that peers relay (any origin this node holds) are members.
    pub relayed_trust: bool,
}

impl Membership {
    /// The membership a config describes.
    pub fn from_config(config: &Config) -> Membership {
        let federation = &config.federation;
        Membership {
            peers: federation.peers.iter().filter_map(|p| p.node_id).collect(),
            trusted: federation.trusted.iter().copied().collect(),
            blocked: federation.blocked.iter().copied().collect(),
            relayed_trust: federation.relayed_trust,
        }
    }
}

/// Nonces seen within the window, forgotten in the order they were remembered.
#[derive(Default)]
struct Nonces {
    seen: HashSet<(NodeId, String)>,
    /// `(forget after, origin, nonce)`, oldest first.
    order: VecDeque<(i64, NodeId, String)>,
}

impl Nonces {
    /// Remembers `nonce` of `origin` at `now`; false if it was already seen.
    fn remember(&mut self, origin: NodeId, nonce: &str, now: i64) -> Result<bool, Refusal> {
        while self.order.front().is_some_and(|(forget, _, _)| *forget < now) {
            if let Some((_, origin, nonce)) = self.order.pop_front() {
                self.seen.remove(&(origin, nonce));
            }
        }
        if self.seen.len() >= MAX_NONCES {
            return Err(Refusal::Busy);
        }
        if !self.seen.insert((origin, nonce.to_owned())) {
            return Ok(false);
        }
        // A request signed at ts is accepted until ts + window, and ts ≤ now + window.
        self.order.push_back((now + 2 * REQUEST_WINDOW_SECS, origin, nonce.to_owned()));
        Ok(true)
    }
}

/// The federation state the core keeps in memory.
#[derive(Default)]
pub struct Federation {
    membership: RwLock<Membership>,
    nonces: Mutex<Nonces>,
    /// What the pulling tasks last saw of each peer.
    peers: Mutex<BTreeMap<NodeId, PeerStatus>>,
    /// What wakes the pulling task of each peer (see [`Node::pull_signal`]).
    pull_signals: Mutex<HashMap<NodeId, std::sync::Arc<tokio::sync::Notify>>>,
    /// Refused requests by calling node and code; callers outside the federation share one
    /// entry (under this node's own id would mislead, so `None`), so the map stays bounded.
    refused: Mutex<HashMap<Option<NodeId>, BTreeMap<&'static str, u64>>>,
    /// What adds and removes peers while the node runs.
    pub(super) control: super::peers::PeerControl,
}

impl Federation {
    /// Federation state for `membership`.
    pub fn new(membership: Membership) -> Federation {
        Federation { membership: RwLock::new(membership), ..Default::default() }
    }

    /// What the pulling tasks last saw of each peer.
    pub(super) fn peer_statuses(&self) -> Vec<PeerStatus> {
        self.peers.lock().unwrap_or_else(|p| p.into_inner()).values().cloned().collect()
    }

    /// Makes `peer` a pinned peer (a member).
    pub(super) fn pin(&self, peer: NodeId) {
        let mut membership = self.membership.write().unwrap_or_else(|p| p.into_inner());
        membership.peers.insert(peer);
    }

    /// Forgets `peer` as a pinned peer: membership, status and pull signal (its tasks have
    /// stopped).
    pub(super) fn unpin(&self, peer: &NodeId) {
        let mut membership = self.membership.write().unwrap_or_else(|p| p.into_inner());
        membership.peers.remove(peer);
        drop(membership);
        self.peers.lock().unwrap_or_else(|p| p.into_inner()).remove(peer);
        self.pull_signals.lock().unwrap_or_else(|p| p.into_inner()).remove(peer);
    }
}

/// What this node knows of a peer it pulls from (`GET /api/v1/peers`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct PeerStatus {
    /// The peer's node id.
    pub node_id: Option<NodeId>,
    /// Where it is reached.
    pub url: String,
    /// Whether the last attempt reached it.
    pub reachable: bool,
    /// When a pull last completed (RFC 3339).
    pub last_sync: Option<String>,
    /// The last failure, if the last attempt failed.
    pub last_error: Option<String>,
    /// Per origin the peer serves: how many records it holds that this node does not.
    pub lag: BTreeMap<NodeId, u64>,
    /// Records from this peer that this node refused, by reason code (each record once).
    pub refused_records: BTreeMap<String, u64>,
    /// Log pages from this peer refused whole (too large, too many records, not a page).
    pub refused_pages: u64,
    /// Files from this peer refused because their bytes were not what the records state.
    pub refused_files: u64,
    /// The seq of the last refused record per origin: a peer keeps serving it until it
    /// changes, and it is counted once.
    #[serde(skip)]
    pub last_refused: BTreeMap<NodeId, u64>,
}

/// Origins whose last refusal a peer's status remembers (a peer could serve any number).
const MAX_REMEMBERED_REFUSALS: usize = 10_000;

impl PeerStatus {
    /// Counts the refusal of `origin`'s record `seq` with `code`, unless it is the one last
    /// counted for that origin.
    pub fn count_refusal(&mut self, origin: NodeId, seq: u64, code: &str) -> bool {
        if self.last_refused.get(&origin) == Some(&seq) {
            return false;
        }
        if self.last_refused.len() >= MAX_REMEMBERED_REFUSALS {
            self.last_refused.clear();
        }
        self.last_refused.insert(origin, seq);
        *self.refused_records.entry(code.to_owned()).or_default() += 1;
        true
    }
}

/// One origin's head.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Head {
    /// The origin.
    pub origin: NodeId,
    /// Its highest sequence number held.
    pub seq: u64,
    /// The record at that seq.
    pub id: RecordId,
}

/// A head as a notice names it (the sender's [`Head`]; its record id is not needed here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
pub struct NoticedHead {
    /// The origin.
    pub origin: NodeId,
    /// The sender's highest sequence number of it.
    pub seq: u64,
}

/// A page of an origin's log.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct LogPage {
    /// Records with seq > `after`, in order; bodies the caller may not see are absent.
    pub records: Vec<Record>,
    /// Whether the log holds more after the last record of this page.
    pub more: bool,
}

impl Node {
    /// Signs a federation request to `destination` now: `request` is (method, path and
    /// query, body).
    pub fn sign_request(&self, destination: NodeId, request: (&str, &str, &[u8])) -> RequestAuth {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        crypto::sign_request(&self.key, self.id, destination, request, now)
    }

    /// Records what a pulling task saw of `peer` (the sync layer calls this).
    pub fn update_peer(&self, peer: NodeId, update: impl FnOnce(&mut PeerStatus)) {
        let mut peers = self.federation.peers.lock().unwrap_or_else(|p| p.into_inner());
        let status = peers.entry(peer).or_default();
        status.node_id = Some(peer);
        update(status);
    }

    /// What this node knows of each peer it pulls from (admins).
    pub fn peers(&self, viewer: &Viewer) -> Result<Vec<PeerStatus>, NodeError> {
        viewer.require_role(super::Role::Admin)?;
        Ok(self.federation.peer_statuses())
    }

    /// The signal that wakes the task pulling from `peer` (created on first use).
    pub fn pull_signal(&self, peer: NodeId) -> std::sync::Arc<tokio::sync::Notify> {
        let mut signals = self.federation.pull_signals.lock().unwrap_or_else(|p| p.into_inner());
        signals.entry(peer).or_default().clone()
    }

    /// `peer` says it holds news (`POST /fed/v1/notify`) and names the heads that advanced:
    /// wakes the task pulling from it, if this node pulls from it — unless this node already
    /// holds every head named (a notice echoing records this node sent, or got elsewhere). A
    /// notice naming no heads (a file arrived there) always wakes the pull, which asks for
    /// files. Returns whether a pull was woken.
    pub fn peer_has_news(&self, peer: &NodeId, heads: &[NoticedHead]) -> bool {
        let held = |head: &NoticedHead| {
            self.head_of(&head.origin).ok().flatten().is_some_and(|(seq, _)| seq >= head.seq)
        };
        if !heads.is_empty() && heads.iter().all(held) {
            return false;
        }
        let signals = self.federation.pull_signals.lock().unwrap_or_else(|p| p.into_inner());
        signals.get(peer).map(|signal| signal.notify_one()).is_some()
    }

    /// Whether `node` belongs to this node's federation.
    pub fn is_member(&self, node: &NodeId) -> Result<bool, NodeError> {
        let membership = self.federation.membership.read().unwrap_or_else(|p| p.into_inner());
        if membership.blocked.contains(node) {
            return Ok(false);
        }
        if *node == self.id || membership.peers.contains(node) || membership.trusted.contains(node)
        {
            return Ok(true);
        }
        let relayed = membership.relayed_trust;
        drop(membership);
        Ok(relayed && self.store.head(node)?.is_some())
    }

    /// Admits a signed request or says why not; `now` is this node's clock in unix seconds.
    /// Returns the calling node.
    pub fn admit_request(
        &self,
        auth: &RequestAuth,
        line: &RequestLine<'_>,
        now: i64,
    ) -> Result<NodeId, NodeError> {
        let checked = self.check_request(auth, line, now);
        if let Err(refusal) = &checked {
            let member = self.is_member(&auth.origin).unwrap_or(false);
            self.count_refusal(member.then_some(auth.origin), refusal);
        }
        checked.map_err(NodeError::Refused)?;
        Ok(auth.origin)
    }

    fn check_request(
        &self,
        auth: &RequestAuth,
        line: &RequestLine<'_>,
        now: i64,
    ) -> Result<(), Refusal> {
        if auth.destination != self.id {
            return Err(Refusal::WrongDestination);
        }
        if (now - auth.ts).abs() > REQUEST_WINDOW_SECS {
            return Err(Refusal::Stale);
        }
        if !self.is_member(&auth.origin).map_err(|_| Refusal::Busy)? {
            return Err(Refusal::NotInFederation(auth.origin));
        }
        let unknown = || Refusal::UnknownKey { origin: auth.origin, key: auth.key.to_string() };
        let at = time::OffsetDateTime::from_unix_timestamp(now).map_err(|_| Refusal::Stale)?;
        if !super::rules::key_admitted(&self.store, &auth.origin, &auth.key, at)
            .map_err(|_| Refusal::Busy)?
        {
            return Err(unknown());
        }
        crypto::verify_request(auth, line).map_err(|_| Refusal::BadSignature)?;
        let mut nonces = self.federation.nonces.lock().map_err(|_| Refusal::Busy)?;
        if !nonces.remember(auth.origin, &auth.nonce, now)? {
            return Err(Refusal::Replayed);
        }
        Ok(())
    }

    fn count_refusal(&self, caller: Option<NodeId>, refusal: &Refusal) {
        if let Ok(mut refused) = self.federation.refused.lock() {
            *refused.entry(caller).or_default().entry(refusal.code()).or_default() += 1;
        }
        tracing::debug!(caller = ?caller, code = refusal.code(), "refused a signed request");
    }

    /// Refused signed requests of `caller` (`None`: callers outside the federation), by code.
    pub fn refused_requests(&self, caller: Option<&NodeId>) -> BTreeMap<&'static str, u64> {
        let refused = self.federation.refused.lock();
        refused.ok().and_then(|r| r.get(&caller.copied()).cloned()).unwrap_or_default()
    }

    /// The head of every origin this node holds.
    pub fn heads(&self) -> Result<Vec<Head>, NodeError> {
        let mut heads = Vec::new();
        for origin in self.store.origins()? {
            if let Some((seq, id)) = self.head_of(&origin)? {
                heads.push(Head { origin, seq, id });
            }
        }
        Ok(heads)
    }

    /// `origin`'s records after `after`, at most `limit` (and [`MAX_PAGE_BYTES`]), as `viewer`
    /// may receive them: a body (and so its files) only where the record's visibility admits
    /// the viewer.
    pub fn log_page(
        &self,
        viewer: &Viewer,
        origin: &NodeId,
        after: u64,
        limit: usize,
    ) -> Result<LogPage, NodeError> {
        let limit = limit.clamp(1, MAX_PAGE_RECORDS);
        let head = self.head_of(origin)?.map_or(0, |(seq, _)| seq);
        let mut records = Vec::new();
        let mut bytes = 0;
        for (seq, id) in self.store.log_after(origin, after, limit)? {
            if seq > head || (bytes >= MAX_PAGE_BYTES && !records.is_empty()) {
                break;
            }
            let stored = self.store.record(&id)?.ok_or_else(|| NodeError::record_not_found(&id))?;
            let mut record = stored.record;
            if !self.may_see(viewer, &record.header)? {
                record.body = None;
            }
            bytes += serde_json::to_vec(&record).map_or(0, |json| json.len());
            records.push(record);
        }
        let last = records.last().map_or(after, |r| r.header.seq);
        Ok(LogPage { more: last < head, records })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_refused_twice_and_forgotten_after_the_window() {
        let mut nonces = Nonces::default();
        let origin = NodeId([1; 32]);
        assert_eq!(nonces.remember(origin, "n1", 1000), Ok(true));
        assert_eq!(nonces.remember(origin, "n1", 1100), Ok(false));
        assert_eq!(nonces.remember(NodeId([2; 32]), "n1", 1100), Ok(true), "per origin");
        assert_eq!(nonces.remember(origin, "n1", 1000 + 2 * REQUEST_WINDOW_SECS + 1), Ok(true));
        assert!(nonces.seen.len() <= 2);
    }
}
