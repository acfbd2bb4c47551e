//! Replication by pull (DESIGN §3): one task per configured peer pulls every origin the peer
//! holds that this node's federation admits, from this node's head of that origin — the
//! durable cursor: the store keeps each origin's highest contiguous seq — page by page through
//! `Node::ingest_page` (one group commit per page), so each record is verified as if it came
//! from anywhere (the origin's signature, never the sender's) — then fetches the attached files this node lacks from the
//! peer (`files`). It pulls on the configured interval; an unreachable peer is retried with
//! capped exponential backoff and logged once per outage. Bodies a relay withheld from this
//! node although their audience admits it are fetched from their origin (`withheld`).

mod files;
mod tasks;
mod withheld;

use std::sync::Arc;
use std::time::Duration;

use crate::client::peer::{PeerClient, PeerError, PeerHead, PeerPage};
use crate::config::PeerConfig;
use crate::model::NodeId;
use crate::node::federation::Head;
use crate::node::{Node, NodeError};
pub use tasks::PeerTasks;

/// Records asked for per page.
const PAGE_RECORDS: usize = 1000;

/// Longest wait between attempts to reach an unreachable peer.
const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// Starts the pulling and notifying tasks of every configured peer with a pinned node id (the
/// destination its signed requests name; peers without one are skipped with a warning), and
/// attaches the registry of those tasks to the node, so peers added or removed while it runs
/// get theirs started or stopped.
pub fn start(node: Arc<Node>, peers: &[PeerConfig], interval: Duration) -> Arc<PeerTasks> {
    let tasks = Arc::new(PeerTasks::new(&node, interval));
    for peer in peers {
        tasks.start_peer(peer);
    }
    tokio::spawn(withheld::fetch_forever(node.clone(), interval));
    node.attach_peer_links(tasks.clone());
    tasks
}

async fn pull_forever(
    node: Arc<Node>,
    client: Arc<PeerClient>,
    peer: NodeId,
    url: String,
    interval: Duration,
) {
    let signal = node.pull_signal(peer);
    node.update_peer(peer, |status| status.url = url.clone());
    let mut failures = 0u32;
    loop {
        let mut outcome = pull_once(&node, &client, peer).await;
        if outcome.is_ok() {
            let fetched = files::fetch_wanted(&node, &client, peer).await;
            outcome = outcome.and_then(|pulled| Ok(pulled + fetched?));
        }
        note_outcome(&node, peer, &outcome);
        let wait = match outcome {
            Ok(pulled) => {
                if failures > 0 {
                    tracing::info!(%url, "peer reachable again");
                }
                if pulled > 0 {
                    tracing::debug!(%url, pulled, "pulled records");
                }
                failures = 0;
                interval
            }
            Err(err) => {
                if failures == 0 {
                    tracing::warn!(%url, error = %err, "cannot pull from peer; retrying with backoff");
                }
                failures = failures.saturating_add(1);
                backoff(failures)
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = signal.notified() => {}
        }
    }
}

/// Records in the peer's status whether the round reached it, and when it last completed.
fn note_outcome(node: &Node, peer: NodeId, outcome: &Result<usize, PullError>) {
    node.update_peer(peer, |status| {
        status.reachable = outcome.is_ok();
        status.last_error = outcome.as_ref().err().map(ToString::to_string);
        if outcome.is_ok() {
            let now = time::OffsetDateTime::now_utc();
            status.last_sync = Some(crate::model::record::format_utc_timestamp(now));
        }
    });
}

/// Tells `peer` whenever this node's holdings advance (its own publishes and every ingest, so
/// relayed records cross each hop in about one round trip). Events that arrive while a notice
/// is on its way are folded into the next one; a failed notice is only logged (the peer's
/// interval pull repairs it).
async fn notify_forever(node: Arc<Node>, client: Arc<PeerClient>, peer: NodeId, url: String) {
    let mut events = node.subscribe();
    let mut files = node.files_received();
    loop {
        let mut origins = std::collections::BTreeSet::new();
        tokio::select! {
            event = events.recv() => match event {
                Ok(event) => { origins.insert(event.origin); }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => {}
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            },
            // A file arrived: the peer may want it (a notice with no new heads still makes it
            // pull, and its pull asks for the files it lacks).
            changed = files.changed() => if changed.is_err() { return },
        }
        while let Ok(event) = events.try_recv() {
            origins.insert(event.origin);
        }
        let heads: Vec<Head> = origins
            .iter()
            .filter_map(|&origin| {
                let (seq, id) = node.head_of(&origin).ok().flatten()?;
                Some(Head { origin, seq, id })
            })
            .collect();
        let signer =
            |method: &str, path: &str, body: &[u8]| node.sign_request(peer, (method, path, body));
        if let Err(err) = client.notify(&signer, &heads).await {
            tracing::debug!(%url, error = %err, "peer not notified");
        }
    }
}

/// 1 s after the first failure, doubling up to [`MAX_BACKOFF`].
fn backoff(failures: u32) -> Duration {
    Duration::from_secs(1u64 << failures.saturating_sub(1).min(16)).min(MAX_BACKOFF)
}

/// Why a pull stopped.
#[derive(Debug, thiserror::Error)]
pub enum PullError {
    /// The peer could not be reached or answered badly.
    #[error(transparent)]
    Peer(#[from] PeerError),
    /// This node failed (not a refusal of a record).
    #[error(transparent)]
    Node(#[from] NodeError),
    /// A log page held more records than asked for.
    #[error("the peer sent a page of {records} records; at most {PAGE_RECORDS} were asked for")]
    OversizedPage {
        /// How many it held.
        records: usize,
    },
}

/// Counts a log page refused whole (too large, too many records, not a page); nothing of it
/// is stored and the pull stops, so the peer is retried with backoff.
fn refuse_page(node: &Node, peer: NodeId, err: impl Into<PullError>) -> PullError {
    let err = err.into();
    tracing::debug!(%peer, error = %err, "refused a log page");
    node.update_peer(peer, |status| status.refused_pages += 1);
    err
}

/// Pulls everything new from `peer` once; returns how many records were stored.
pub async fn pull_once(node: &Node, client: &PeerClient, peer: NodeId) -> Result<usize, PullError> {
    let signer =
        move |method: &str, path: &str, body: &[u8]| node.sign_request(peer, (method, path, body));
    let mut pulled = 0;
    let heads = client.heads(&signer).await?;
    for head in &heads {
        if head.origin == node.id() || !admits(node, head, &peer)? {
            continue;
        }
        pulled += pull_origin(node, client, &signer, head, peer).await?;
    }
    let mut lag = std::collections::BTreeMap::new();
    for head in heads.iter().filter(|h| h.origin != node.id()) {
        let ours = node.head_of(&head.origin)?.map_or(0, |(seq, _)| seq);
        lag.insert(head.origin, head.seq.saturating_sub(ours));
    }
    node.update_peer(peer, |status| status.lag = lag);
    Ok(pulled)
}

/// Whether records of `head.origin` served by `peer` are taken: members, and — with relayed
/// trust — origins a member peer vouches for by serving them; never blocked ones.
fn admits(node: &Node, head: &PeerHead, peer: &NodeId) -> Result<bool, NodeError> {
    let membership = &node.settings().membership;
    if membership.blocked.contains(&head.origin) {
        return Ok(false);
    }
    Ok(node.is_member(&head.origin)? || (membership.relayed_trust && node.is_member(peer)?))
}

async fn pull_origin(
    node: &Node,
    client: &PeerClient,
    signer: &crate::client::peer::Signer<'_>,
    head: &PeerHead,
    peer: NodeId,
) -> Result<usize, PullError> {
    let mut after = node.head_of(&head.origin)?.map_or(0, |(seq, _)| seq);
    if after >= head.seq {
        return Ok(0);
    }
    let mut pulled = 0;
    let mut page = fetch_page(node, client, signer, (head.origin, after), peer).await?;
    while let Some(PeerPage { records, more }) = page {
        after += records.len() as u64;
        // While this page is verified and stored, the next one is on its way.
        let next = async {
            if more && after < head.seq {
                fetch_page(node, client, signer, (head.origin, after), peer).await
            } else {
                Ok(None)
            }
        };
        let (stored, next) = tokio::join!(store_page(node, head.origin, peer, records), next);
        let (count, whole) = stored?;
        pulled += count;
        if !whole {
            return Ok(pulled);
        }
        page = next?;
    }
    Ok(pulled)
}

/// `origin`'s page after `after` (origin, after) from the peer; `None` when it is empty. A
/// page larger than asked for is refused whole.
async fn fetch_page(
    node: &Node,
    client: &PeerClient,
    signer: &crate::client::peer::Signer<'_>,
    (origin, after): (NodeId, u64),
    peer: NodeId,
) -> Result<Option<PeerPage>, PullError> {
    let page = match client.log(signer, &origin, after, PAGE_RECORDS).await {
        Err(err @ PeerError::BadResponse { .. }) => return Err(refuse_page(node, peer, err)),
        page => page?,
    };
    if page.records.len() > PAGE_RECORDS {
        let err = PullError::OversizedPage { records: page.records.len() };
        return Err(refuse_page(node, peer, err));
    }
    Ok(Some(page).filter(|page| !page.records.is_empty()))
}

/// Ingests a page; returns how many records were taken and whether all were. The first
/// refused record ends the page (those after it cannot chain); it is counted and logged once,
/// although the peer serves it again at every pull until it changes.
async fn store_page(
    node: &Node,
    origin: NodeId,
    peer: NodeId,
    records: Vec<serde_json::Value>,
) -> Result<(usize, bool), PullError> {
    let mut taken = 0;
    for outcome in node.ingest_page(records).await {
        let err = match outcome {
            Ok(_) => {
                taken += 1;
                continue;
            }
            Err(err @ (NodeError::Store(_) | NodeError::Unavailable)) => return Err(err.into()),
            Err(err) => err,
        };
        let seq = node.head_of(&origin)?.map_or(0, |(s, _)| s) + 1;
        node.update_peer(peer, |status| {
            if status.count_refusal(origin, seq, err.code()) {
                tracing::warn!(%origin, seq, error = %err, "refused a pulled record");
            }
        });
        return Ok((taken, false));
    }
    Ok((taken, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let waits: Vec<u64> = (1..=12).map(|n| backoff(n).as_secs()).collect();
        assert_eq!(&waits[..5], [1, 2, 4, 8, 16]);
        assert_eq!(waits[11], MAX_BACKOFF.as_secs());
        assert_eq!(backoff(u32::MAX), MAX_BACKOFF);
    }
}
