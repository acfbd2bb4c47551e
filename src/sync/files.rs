//! Fetching attached files from a peer: after each pull, the files this node lacks (records
//! replicate ahead of their files) are asked of the peer by SHA-256 — a peer serves a file only
//! to nodes that may see a record listing it — resumed from whatever an interrupted transfer
//! left, bounded by the size the records state, and installed only if the bytes hash to the
//! name. A peer that does not hold a file yet answers 404; the file is asked for again at the
//! next pull, which the peer's notice of new files (or the interval) triggers.

use crate::client::peer::{PeerClient, PeerError, Signer};
use crate::model::NodeId;
use crate::node::wanted::Claim;
use crate::node::{Node, NodeError};
use crate::store::blobs::BlobError;

/// Files asked of one peer per pull.
const FILES_PER_ROUND: usize = 64;

/// Why a file did not arrive from a peer.
#[derive(Debug, thiserror::Error)]
enum FetchError {
    /// The peer does not hold it or may not give it to this node.
    #[error("the peer does not serve it")]
    NotServed,
    /// The transfer broke off or the peer failed.
    #[error(transparent)]
    Peer(#[from] PeerError),
    /// The bytes were refused (too long, wrong hash) or could not be stored.
    #[error(transparent)]
    Node(#[from] NodeError),
    /// The transfer broke off; what arrived is kept.
    #[error("transfer interrupted: {0}")]
    Interrupted(String),
    /// The transfer ended before the stated size.
    #[error("the transfer ended at {got} of {size} bytes")]
    Short {
        /// Bytes held.
        got: u64,
        /// Bytes stated.
        size: u64,
    },
}

/// Asks `peer` for the files this node lacks; returns how many arrived. Fails only when the
/// peer cannot be reached (the pull reports that).
pub async fn fetch_wanted(
    node: &Node,
    client: &PeerClient,
    peer: NodeId,
) -> Result<usize, NodeError> {
    let signer =
        move |method: &str, path: &str, body: &[u8]| node.sign_request(peer, (method, path, body));
    let mut fetched = 0;
    for claim in node.claim_wanted(FILES_PER_ROUND)? {
        match fetch_one(node, client, &signer, &claim).await {
            Ok(()) => fetched += 1,
            Err(FetchError::NotServed) => {}
            Err(FetchError::Node(NodeError::Blob(
                err @ (BlobError::TooLarge { .. } | BlobError::HashMismatch { .. }),
            ))) => {
                // Too long or the wrong bytes: what arrived is gone; the file stays wanted.
                tracing::warn!(file = %claim.file.sha256, %peer, error = %err, "refused a file from a peer");
                node.update_peer(peer, |status| status.refused_files += 1);
            }
            Err(FetchError::Node(err)) => return Err(err),
            Err(err) => {
                tracing::debug!(file = %claim.file.sha256, %peer, error = %err, "file transfer stopped; it resumes at the next pull");
            }
        }
    }
    Ok(fetched)
}

async fn fetch_one(
    node: &Node,
    client: &PeerClient,
    signer: &Signer<'_>,
    claim: &Claim,
) -> Result<(), FetchError> {
    let (sha256, size) = (claim.file.sha256, claim.file.size);
    let mut held = node.blobs().partial_len(&sha256);
    if held < size {
        let download = match client.blob(signer, &sha256, held).await {
            Err(PeerError::Status { status: 403 | 404 | 416, .. }) => {
                return Err(FetchError::NotServed);
            }
            other => other?,
        };
        let appended =
            node.blobs().append_partial(&sha256, download.stream, download.from, size).await;
        held = match appended {
            Ok(held) => held,
            Err(BlobError::Interrupted(reason)) => return Err(FetchError::Interrupted(reason)),
            Err(err) => return Err(NodeError::from(err).into()),
        };
    }
    if held < size {
        return Err(FetchError::Short { got: held, size });
    }
    node.receive_file(claim).await?;
    Ok(())
}
