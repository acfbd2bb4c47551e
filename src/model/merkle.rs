//! Merkle trees over a log, as RFC 6962 §2.1 (and RFC 9162 §2.1) define them: leaf and interior
//! hashing with domain-separating prefixes, the tree head of any size, inclusion and consistency
//! proofs, and their verification. Proofs are built from stored complete subtrees ([`Nodes`]:
//! the hash of leaves `[index·2^level, (index+1)·2^level)`), which an appending log writes as it
//! grows ([`appended`]), so a proof in a tree of a million leaves costs about forty lookups.
//! Verification needs nothing but the proof. Pure: no I/O.

use sha2::{Digest, Sha256};

/// A SHA-256 hash in the tree.
pub type Hash = [u8; 32];

/// Why a proof was refused, in words that name what failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProofError {
    /// The leaf is not inside the tree.
    #[error("leaf {index} is outside a tree of {size} leaves")]
    IndexOutOfRange {
        /// The leaf's index.
        index: u64,
        /// The tree's size.
        size: u64,
    },
    /// The proof holds too few or too many hashes for its shape.
    #[error("the proof holds {got} hashes where a proof of this shape holds {expected}")]
    WrongLength {
        /// Hashes in the proof.
        got: usize,
        /// Hashes a proof of that shape holds.
        expected: usize,
    },
    /// The root the proof leads to is not the stated one.
    #[error("the proof leads to root {computed}, not the stated root {stated}")]
    RootMismatch {
        /// The root computed from the proof (hex).
        computed: String,
        /// The root stated by the checkpoint (hex).
        stated: String,
    },
    /// A consistency proof from a larger tree to a smaller one.
    #[error("a tree of {old} leaves cannot grow into one of {new}")]
    Shrinks {
        /// The earlier size.
        old: u64,
        /// The later size.
        new: u64,
    },
    /// A consistency proof between equal sizes whose roots differ, or that is not empty.
    #[error("two trees of the same size must have the same root and an empty proof")]
    SameSizeDiffers,
    /// The proof does not show the earlier tree is a prefix of the later one.
    #[error(
        "the proof does not show that the tree of {old} leaves is the start of the tree of {new}"
    )]
    Inconsistent {
        /// The earlier size.
        old: u64,
        /// The later size.
        new: u64,
    },
    /// A subtree the proof needs is not stored.
    #[error("the tree lacks the hash of leaves {start}..{end}")]
    Missing {
        /// First leaf of the subtree.
        start: u64,
        /// One past its last leaf.
        end: u64,
    },
}

/// The complete subtrees of a tree, as stored.
pub trait Nodes {
    /// The hash of leaves `[index·2^level, (index+1)·2^level)`, when that subtree is complete.
    fn node(&self, level: u8, index: u64) -> Option<Hash>;
}

/// The hash of a leaf holding `data`: SHA-256(0x00 ‖ data).
pub fn leaf_hash(data: &[u8]) -> Hash {
    Sha256::new().chain_update([0u8]).chain_update(data).finalize().into()
}

/// The hash of an interior node: SHA-256(0x01 ‖ left ‖ right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    Sha256::new().chain_update([1u8]).chain_update(left).chain_update(right).finalize().into()
}

/// The root of the empty tree: SHA-256 of nothing.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The subtrees to store once leaf `index` (hashed `leaf`) is appended, given the tree before
/// it: the leaf itself, then each subtree it completes, as `(level, index, hash)`.
pub fn appended(
    nodes: &impl Nodes,
    index: u64,
    leaf: Hash,
) -> Result<Vec<(u8, u64, Hash)>, ProofError> {
    let mut out = vec![(0u8, index, leaf)];
    let (mut level, mut at, mut hash) = (0u8, index, leaf);
    while !at.is_multiple_of(2) {
        let left = stored(nodes, level, at - 1)?;
        hash = node_hash(&left, &hash);
        level += 1;
        at /= 2;
        out.push((level, at, hash));
    }
    Ok(out)
}

/// The root of the first `size` leaves.
pub fn root(nodes: &impl Nodes, size: u64) -> Result<Hash, ProofError> {
    if size == 0 {
        return Ok(empty_root());
    }
    range_hash(nodes, 0, size)
}

/// The inclusion proof of leaf `index` in the tree of `size` leaves (RFC 6962 §2.1.1), nearest
/// sibling first.
pub fn inclusion_proof(nodes: &impl Nodes, index: u64, size: u64) -> Result<Vec<Hash>, ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    // Walk down from the root, noting the sibling of each subtree that holds the leaf.
    let (mut start, mut end) = (0u64, size);
    let mut siblings = Vec::new();
    while end - start > 1 {
        let split = start + largest_power_of_two_below(end - start);
        if index < split {
            siblings.push((split, end));
            end = split;
        } else {
            siblings.push((start, split));
            start = split;
        }
    }
    siblings.into_iter().rev().map(|(from, to)| range_hash(nodes, from, to)).collect()
}

/// The consistency proof from the tree of `old` leaves to the tree of `new` leaves (RFC 6962
/// §2.1.2); empty when `old` is 0 or equals `new`.
pub fn consistency_proof(nodes: &impl Nodes, old: u64, new: u64) -> Result<Vec<Hash>, ProofError> {
    if old > new {
        return Err(ProofError::Shrinks { old, new });
    }
    if old == 0 || old == new {
        return Ok(Vec::new());
    }
    let mut proof = Vec::new();
    subproof(nodes, old, (0, new), true, &mut proof)?;
    Ok(proof)
}

/// SUBPROOF(m, D[start:end], b) of RFC 6962 §2.1.2, appending to `proof` in its order.
fn subproof(
    nodes: &impl Nodes,
    m: u64,
    (start, end): (u64, u64),
    whole: bool,
    proof: &mut Vec<Hash>,
) -> Result<(), ProofError> {
    let n = end - start;
    if m == n {
        if !whole {
            proof.push(range_hash(nodes, start, end)?);
        }
        return Ok(());
    }
    let k = largest_power_of_two_below(n);
    if m <= k {
        subproof(nodes, m, (start, start + k), whole, proof)?;
        proof.push(range_hash(nodes, start + k, end)?);
    } else {
        subproof(nodes, m - k, (start + k, end), false, proof)?;
        proof.push(range_hash(nodes, start, start + k)?);
    }
    Ok(())
}

/// Checks that `leaf` is leaf `index` of the tree of `size` leaves whose root is `root`
/// (RFC 9162 §2.1.3.2).
pub fn verify_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    proof: &[Hash],
    root: &Hash,
) -> Result<(), ProofError> {
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    let expected = inclusion_length(index, size);
    if proof.len() != expected {
        return Err(ProofError::WrongLength { got: proof.len(), expected });
    }
    let (mut f_n, mut s_n) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if f_n % 2 == 1 || f_n == s_n {
            r = node_hash(p, &r);
            while f_n % 2 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    same_root(&r, root)
}

/// Checks that the tree of `old` leaves with root `old_root` is the start of the tree of `new`
/// leaves with root `new_root` (RFC 9162 §2.1.4.2).
pub fn verify_consistency(
    (old, old_root): (u64, &Hash),
    (new, new_root): (u64, &Hash),
    proof: &[Hash],
) -> Result<(), ProofError> {
    if old > new {
        return Err(ProofError::Shrinks { old, new });
    }
    if old == new {
        return if proof.is_empty() && old_root == new_root {
            Ok(())
        } else {
            Err(ProofError::SameSizeDiffers)
        };
    }
    if old == 0 {
        return match proof.len() {
            0 => Ok(()),
            got => Err(ProofError::WrongLength { got, expected: 0 }),
        };
    }
    let expected = consistency_length(old, new);
    if proof.len() != expected {
        return Err(ProofError::WrongLength { got: proof.len(), expected });
    }
    // With `old` a power of two, its root is the proof's implicit first hash.
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if old.is_power_of_two() {
        path.push(*old_root);
    }
    path.extend_from_slice(proof);
    let (mut f_n, mut s_n) = (old - 1, new - 1);
    while f_n % 2 == 1 {
        f_n >>= 1;
        s_n >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if s_n == 0 {
            return Err(ProofError::Inconsistent { old, new });
        }
        if f_n % 2 == 1 || f_n == s_n {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f_n % 2 == 0 && f_n != 0 {
                f_n >>= 1;
                s_n >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f_n >>= 1;
        s_n >>= 1;
    }
    if s_n != 0 {
        return Err(ProofError::Inconsistent { old, new });
    }
    same_root(&fr, old_root)?;
    same_root(&sr, new_root)
}

/// Hashes in the inclusion proof of leaf `index` in a tree of `size` leaves.
fn inclusion_length(index: u64, size: u64) -> usize {
    let (mut start, mut end, mut n) = (0u64, size, 0usize);
    while end - start > 1 {
        let split = start + largest_power_of_two_below(end - start);
        if index < split {
            end = split;
        } else {
            start = split;
        }
        n += 1;
    }
    n
}

/// Hashes in the consistency proof from `old` to `new` leaves (0 < old < new).
fn consistency_length(old: u64, new: u64) -> usize {
    let (mut m, mut n, mut whole, mut count) = (old, new, true, 0usize);
    while m != n {
        let k = largest_power_of_two_below(n);
        if m <= k {
            n = k;
        } else {
            m -= k;
            n -= k;
            whole = false;
        }
        count += 1;
    }
    count + usize::from(!whole)
}

fn same_root(computed: &Hash, stated: &Hash) -> Result<(), ProofError> {
    if computed == stated {
        Ok(())
    } else {
        Err(ProofError::RootMismatch { computed: hex(computed), stated: hex(stated) })
    }
}

/// The hash of leaves `[start, end)` (non-empty), from the stored complete subtrees.
fn range_hash(nodes: &impl Nodes, start: u64, end: u64) -> Result<Hash, ProofError> {
    let n = end - start;
    if n.is_power_of_two() && start.is_multiple_of(n) {
        return stored(nodes, n.trailing_zeros() as u8, start / n);
    }
    let k = largest_power_of_two_below(n);
    let left = range_hash(nodes, start, start + k)?;
    let right = range_hash(nodes, start + k, end)?;
    Ok(node_hash(&left, &right))
}

fn stored(nodes: &impl Nodes, level: u8, index: u64) -> Result<Hash, ProofError> {
    nodes
        .node(level, index)
        .ok_or(ProofError::Missing { start: index << level, end: (index + 1) << level })
}

/// The largest power of two smaller than `n` (n ≥ 2).
fn largest_power_of_two_below(n: u64) -> u64 {
    1u64 << (63 - (n - 1).leading_zeros())
}

/// Lowercase hex of a hash.
pub fn hex(hash: &Hash) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}
