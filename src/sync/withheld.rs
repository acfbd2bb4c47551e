//! Fetches the bodies relays withheld (`node::withheld`): for each record this node holds
//! header-only although its audience admits this node, it asks the record's origin itself —
//! at the address the origin's signed node record gives, with a request signed for that
//! origin — for that one entry of its log, and hands the answer to ingest, which installs the
//! body only if it hashes to the header's `body_hash`. An origin that cannot be reached, or
//! answers with a body its header does not sign, is retried with the pull's backoff; an origin
//! that still withholds the body is taken at its word (the record stops being awaited).

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::Duration;

use tokio::time::Instant;

use super::{PullError, backoff};
use crate::client::peer::PeerClient;
use crate::model::NodeId;
use crate::node::Node;
use crate::node::withheld::Awaited;

/// Records asked for per round.
const PER_ROUND: usize = 256;

/// Runs forever: a round whenever a record arrives without its body, and every `interval`.
pub async fn fetch_forever(node: Arc<Node>, interval: Duration) {
    let mut unreachable: HashMap<NodeId, (u32, Instant)> = HashMap::new();
    loop {
        fetch_round(&node, &mut unreachable).await;
        tokio::select! {
            () = tokio::time::sleep(interval) => {}
            () = node.bodiless_arrived() => {}
        }
    }
}

/// Asks each origin with awaited bodies (unless it is backing off) for them, once.
async fn fetch_round(node: &Node, unreachable: &mut HashMap<NodeId, (u32, Instant)>) {
    let awaited = match node.bodies_awaited(PER_ROUND) {
        Ok(awaited) => awaited,
        Err(err) => {
            tracing::warn!(error = %err, "cannot list the bodies awaited");
            return;
        }
    };
    let mut by_origin: BTreeMap<NodeId, Vec<Awaited>> = BTreeMap::new();
    for record in awaited {
        by_origin.entry(record.origin).or_default().push(record);
    }
    let now = Instant::now();
    for (origin, records) in by_origin {
        if unreachable.get(&origin).is_some_and(|(_, until)| now < *until) {
            continue;
        }
        match fetch_from_origin(node, &records).await {
            Ok(filled) => {
                unreachable.remove(&origin);
                if filled > 0 {
                    tracing::debug!(%origin, filled, "bodies fetched from their origin");
                }
            }
            Err(err) => {
                let failures = unreachable.get(&origin).map_or(0, |(n, _)| *n) + 1;
                if failures == 1 {
                    tracing::info!(%origin, error = %err, "cannot fetch withheld bodies from their origin; retrying with backoff");
                }
                unreachable.insert(origin, (failures, Instant::now() + backoff(failures)));
            }
        }
    }
}

/// Asks the origin of `records` (all of one origin) for each; returns how many bodies arrived.
async fn fetch_from_origin(node: &Node, records: &[Awaited]) -> Result<usize, PullError> {
    let Some(first) = records.first() else { return Ok(0) };
    let origin = first.origin;
    let client = PeerClient::new(&first.url)?;
    let signer = move |method: &str, path: &str, body: &[u8]| {
        node.sign_request(origin, (method, path, body))
    };
    let mut filled = 0;
    for record in records {
        let page = client.log(&signer, &origin, record.seq.saturating_sub(1), 1).await?;
        let entry = page.records.into_iter().next();
        let outcome = match entry {
            Some(value) => node.ingest_page(vec![value]).await.into_iter().next(),
            None => None,
        };
        match outcome {
            Some(Ok(committed)) if committed.id == record.id && committed.record.body.is_some() => {
                filled += 1;
            }
            // Not the body the header signs (or not a body at all): still awaited, and the
            // origin is asked again after a backoff.
            Some(Err(err)) => return Err(err.into()),
            _ => node.forget_body(&origin, record.seq)?,
        }
    }
    Ok(filled)
}
