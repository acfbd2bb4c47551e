//! This node's log as a Merkle tree (RFC 6962; leaf n is the canonical header of seq n + 1,
//! kept in the store's `merkle` tree by the writer): signed checkpoints of it in the C2SP
//! signed-note form, and inclusion and consistency proofs — always within what is durable,
//! since readers never see this node's own records past the durable watermark.

use std::sync::atomic::Ordering;

use serde::Serialize;

use super::Node;
use super::error::NodeError;
use crate::model::checkpoint::{Checkpoint, NoteSignature, SignedCheckpoint, key_hash};
use crate::model::ids::encode_b64_std;
use crate::model::merkle::{self, Hash};

/// A proof as the API serves it: hashes in standard base64, nearest the leaf first.
#[derive(Debug, Clone, Serialize)]
pub struct Proof {
    /// For an inclusion proof: the leaf's index (seq − 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leaf_index: Option<u64>,
    /// For a consistency proof: the earlier tree's size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_size: Option<u64>,
    /// The tree the proof is for.
    pub tree_size: u64,
    /// The proof's hashes.
    pub hashes: Vec<String>,
}

impl Node {
    /// Records in this node's log that are durable: the size of the tree readers may see.
    fn durable_size(&self) -> u64 {
        self.durable_own_seq.load(Ordering::SeqCst)
    }

    /// The signed checkpoint of this node's log at its durable size.
    pub fn checkpoint(&self) -> Result<SignedCheckpoint, NodeError> {
        let size = self.durable_size();
        let checkpoint =
            Checkpoint { origin: Checkpoint::origin_of(&self.id()), size, root: self.root(size)? };
        let name = checkpoint.origin.clone();
        let signature = self.key.sign_raw(checkpoint.body().as_bytes());
        let line = NoteSignature { key_hash: key_hash(&name, &self.key.key_id()), name, signature };
        Ok(SignedCheckpoint { checkpoint, signatures: vec![line] })
    }

    /// The proof that this node's record `seq` is in its tree of `size` records (default:
    /// the durable size).
    pub fn inclusion_proof(&self, seq: u64, size: Option<u64>) -> Result<Proof, NodeError> {
        let size = self.within_durable("size", size)?;
        if seq == 0 || seq > size {
            return Err(NodeError::invalid(
                "seq",
                format!("must be from 1 to the tree size {size}"),
            ));
        }
        let hashes = merkle::inclusion_proof(&*self.store, seq - 1, size).map_err(corrupt)?;
        Ok(Proof {
            leaf_index: Some(seq - 1),
            old_size: None,
            tree_size: size,
            hashes: b64(&hashes),
        })
    }

    /// The proof that this node's tree of `old` records is the start of its tree of `new`
    /// records (default: the durable size).
    pub fn consistency_proof(&self, old: u64, new: Option<u64>) -> Result<Proof, NodeError> {
        let new = self.within_durable("new", new)?;
        if old > new {
            return Err(NodeError::invalid("old", format!("must not exceed the tree size {new}")));
        }
        let hashes = merkle::consistency_proof(&*self.store, old, new).map_err(corrupt)?;
        Ok(Proof { leaf_index: None, old_size: Some(old), tree_size: new, hashes: b64(&hashes) })
    }

    fn root(&self, size: u64) -> Result<Hash, NodeError> {
        merkle::root(&*self.store, size).map_err(corrupt)
    }

    /// `size` if given and within the durable tree, else the durable size.
    fn within_durable(&self, field: &str, size: Option<u64>) -> Result<u64, NodeError> {
        let durable = self.durable_size();
        match size {
            Some(size) if size > durable => Err(NodeError::invalid(
                field,
                format!("the log holds {durable} records; a tree of {size} does not exist yet"),
            )),
            Some(0) => Err(NodeError::invalid(field, "an empty tree has no proofs")),
            Some(size) => Ok(size),
            None => Ok(durable),
        }
    }
}

fn b64(hashes: &[Hash]) -> Vec<String> {
    hashes.iter().map(|h| encode_b64_std(h)).collect()
}

/// A proof the store cannot make: its tree is damaged.
fn corrupt(err: merkle::ProofError) -> NodeError {
    NodeError::Store(crate::store::StoreError::Corrupt { tree: "merkle", reason: err.to_string() })
}
