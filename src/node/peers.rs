//! Pinned peers changed while the node runs (`plenary peer add|remove` on a running node,
//! `POST`/`DELETE /api/v1/peers`): the node edits its own config file (through
//! `config::edit`, so the change survives a restart), then its membership, then starts or stops
//! the peer's replication tasks through the [`PeerLinks`] the sync layer attached. Edits are
//! serialised. Also the node's current signing keys, for its well-known document.

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};

use super::error::NodeError;
use super::{Node, Role, Viewer};
use crate::config::PeerConfig;
use crate::config::edit::{self, EditError};
use crate::model::{KeyId, NodeId};
use crate::store::StoreError;

/// Starts and stops the replication tasks of one peer. The sync layer, which sits above the
/// core, implements it and attaches itself with [`Node::attach_peer_links`].
pub trait PeerLinks: Send + Sync {
    /// Starts pulling from and notifying `peer` (a pinned peer), unless that already runs.
    fn start(&self, peer: &PeerConfig);
    /// Stops pulling from and notifying `peer`; resolves once its tasks have ended.
    fn stop<'a>(&'a self, peer: &'a NodeId) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>>;
}

/// The core's part of live peer changes.
#[derive(Default)]
pub(super) struct PeerControl {
    /// The replication tasks, once the sync layer has started.
    links: OnceLock<Arc<dyn PeerLinks>>,
    /// One edit of the config file and the live state at a time.
    edits: tokio::sync::Mutex<()>,
}

impl Node {
    /// Lets the node start and stop replication tasks when peers change (once; later calls
    /// are ignored).
    pub fn attach_peer_links(&self, links: Arc<dyn PeerLinks>) {
        let _ = self.federation.control.links.set(links);
    }

    /// Pins `node_id` at `url` (admins): written to the config file, a member at once, and
    /// pulled from and notified without a restart. The id is not checked against the peer
    /// here; its signed requests name it as their destination, so a wrong id is refused by the
    /// peer on first contact. Returns the peer as written.
    pub async fn add_peer(
        &self,
        viewer: &Viewer,
        url: &str,
        node_id: NodeId,
    ) -> Result<PeerConfig, NodeError> {
        viewer.require_role(Role::Admin)?;
        let file = self.config_file()?;
        let _edit = self.federation.control.edits.lock().await;
        let peer = PeerConfig { url: url.to_owned(), node_id: Some(node_id) };
        let own = self.id;
        let peer = blocking(move || edit::add_peer(&file, &peer, &own)).await?;
        self.federation.pin(node_id);
        // Listed at once (not contacted yet), before its pulling task first reports.
        let url = peer.url.clone();
        self.update_peer(node_id, |status| status.url = url);
        if let Some(links) = self.federation.control.links.get() {
            links.start(&peer);
        }
        tracing::info!(peer = %node_id, url = %peer.url, "peer added");
        Ok(peer)
    }

    /// Removes the peer pinned as `node_id` (admins): from the config file, from the
    /// membership (unless trusted otherwise, its requests are then refused), and its tasks are
    /// stopped. Returns the peer as it was configured.
    pub async fn remove_peer(
        &self,
        viewer: &Viewer,
        node_id: &NodeId,
    ) -> Result<PeerConfig, NodeError> {
        viewer.require_role(Role::Admin)?;
        let file = self.config_file()?;
        let _edit = self.federation.control.edits.lock().await;
        let id = *node_id;
        let peer = blocking(move || edit::remove_peer(&file, &id)).await?;
        if let Some(links) = self.federation.control.links.get() {
            links.stop(node_id).await;
        }
        self.federation.unpin(node_id);
        tracing::info!(peer = %node_id, url = %peer.url, "peer removed");
        Ok(peer)
    }

    fn config_file(&self) -> Result<PathBuf, NodeError> {
        self.settings.config_file.clone().ok_or_else(|| {
            NodeError::Conflict(
                "this node runs without a config file (on the embedded default); create one \
                 with `plenary init` and start the node with --config FILE to pin peers"
                    .into(),
            )
        })
    }

    /// This node's signing keys in force now: the genesis key unless its history retired or
    /// revoked it, then every key its records added that is not retired or revoked (nor yet
    /// to take effect).
    pub fn current_keys(&self) -> Result<Vec<KeyId>, NodeError> {
        let now = time::OffsetDateTime::now_utc();
        let genesis = self.id.genesis_key();
        let mut keys = Vec::new();
        if super::rules::key_admitted(&self.store, &self.id, &genesis, now)? {
            keys.push(genesis);
        }
        for (key, _) in self.store.keys_of(&self.id)? {
            if key != genesis && super::rules::key_admitted(&self.store, &self.id, &key, now)? {
                keys.push(key);
            }
        }
        Ok(keys)
    }
}

/// Runs a config file edit off the async threads and maps its refusals.
async fn blocking(
    job: impl FnOnce() -> Result<PeerConfig, EditError> + Send + 'static,
) -> Result<PeerConfig, NodeError> {
    let outcome = tokio::task::spawn_blocking(job)
        .await
        .map_err(|err| NodeError::Store(StoreError::Engine(format!("config edit: {err}"))))?;
    outcome.map_err(refusal)
}

fn refusal(err: EditError) -> NodeError {
    let message = err.to_string();
    match err {
        EditError::BadUrl(_) => NodeError::invalid("url", message),
        EditError::OwnId(_) | EditError::Blocked(_) => NodeError::invalid("node_id", message),
        EditError::DuplicateUrl { .. } | EditError::DuplicateId { .. } => {
            NodeError::Conflict(message)
        }
        EditError::UnknownId { node_id, .. } => {
            NodeError::NotFound { code: "peer_not_found", what: format!("peer {node_id}") }
        }
        // The file on disk is not one the node can edit: the operator has to look at it.
        EditError::Config(_) | EditError::Layout { .. } => {
            NodeError::Conflict(format!("the config file cannot be edited: {message}"))
        }
        EditError::Write { .. } => NodeError::Store(StoreError::Engine(message)),
    }
}
