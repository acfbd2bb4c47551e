//! The replication tasks of each pinned peer — its pulling task and its notifying task — kept
//! by peer id, so a running node starts them for a peer added with `plenary peer add` and stops
//! them for one removed, without a restart. The node reaches this registry through the
//! `PeerLinks` seam of the core (`node::peers`).

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio::task::JoinHandle;

use crate::client::peer::PeerClient;
use crate::config::PeerConfig;
use crate::model::NodeId;
use crate::node::Node;
use crate::node::peers::PeerLinks;

/// The running replication tasks, by peer.
pub struct PeerTasks {
    /// The node (weak: the node holds this registry).
    node: Weak<Node>,
    /// Time between repair pulls.
    interval: Duration,
    running: Mutex<HashMap<NodeId, Running>>,
}

/// One peer's tasks.
struct Running {
    pull: JoinHandle<()>,
    notify: JoinHandle<()>,
}

impl PeerTasks {
    /// An empty registry for `node`, pulling every `interval` besides wake-ups.
    pub fn new(node: &Arc<Node>, interval: Duration) -> PeerTasks {
        PeerTasks { node: Arc::downgrade(node), interval, running: Mutex::default() }
    }

    /// Starts pulling from and notifying `peer`; false (with a warning) when it has no pinned
    /// id — the destination its signed requests name — or no client can be made, and false when
    /// its tasks already run. Must be called within the async runtime.
    pub fn start_peer(&self, peer: &PeerConfig) -> bool {
        let Some(peer_id) = peer.node_id else {
            tracing::warn!(url = %peer.url, "peer has no pinned node_id; not pulling from it");
            return false;
        };
        let Some(node) = self.node.upgrade() else { return false };
        let mut running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        if running.contains_key(&peer_id) {
            return false;
        }
        let client = match PeerClient::new(&peer.url) {
            Ok(client) => Arc::new(client),
            Err(err) => {
                tracing::warn!(error = %err, "cannot set up a client for the peer");
                return false;
            }
        };
        let url = peer.url.clone();
        let notify =
            tokio::spawn(super::notify_forever(node.clone(), client.clone(), peer_id, url.clone()));
        let pull = tokio::spawn(super::pull_forever(node, client, peer_id, url, self.interval));
        running.insert(peer_id, Running { pull, notify });
        true
    }

    /// Stops `peer`'s tasks and waits until they have ended (nothing of theirs runs after);
    /// false when none ran.
    pub async fn stop_peer(&self, peer: &NodeId) -> bool {
        let stopped = self.running.lock().unwrap_or_else(|p| p.into_inner()).remove(peer);
        let Some(Running { pull, notify }) = stopped else { return false };
        pull.abort();
        notify.abort();
        // An aborted task ends at its next await; a panic was already logged by the runtime.
        let _ = pull.await;
        let _ = notify.await;
        true
    }

    /// The peers whose tasks run, in id order.
    pub fn running(&self) -> Vec<NodeId> {
        let running = self.running.lock().unwrap_or_else(|p| p.into_inner());
        let mut ids: Vec<NodeId> = running.keys().copied().collect();
        ids.sort();
        ids
    }
}

impl PeerLinks for PeerTasks {
    fn start(&self, peer: &PeerConfig) {
        self.start_peer(peer);
    }

    fn stop<'a>(&'a self, peer: &'a NodeId) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        Box::pin(async move {
            self.stop_peer(peer).await;
        })
    }
}
