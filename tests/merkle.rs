//! The node's RFC 6962 Merkle code (`model::merkle`) against published known answers — the
//! leaf inputs, subtree hashes, roots and proofs of the transparency-dev/merkle project's test
//! data — and against an independent implementation (tests/merkle/reference.py, the RFC's
//! recursive definitions in Python) for every root, inclusion proof and consistency proof of
//! trees up to 40 leaves; every proof the node makes verifies, and altered proofs are refused
//! with an error that names what failed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};

use plenary::model::merkle::{
    self, Hash, Nodes, ProofError, consistency_proof, inclusion_proof, leaf_hash, root,
    verify_consistency, verify_inclusion,
};
use serde_json::{Value, json};

/// A tree in memory, grown as a log grows: by storing what `appended` says to store.
#[derive(Default)]
struct Tree {
    nodes: HashMap<(u8, u64), Hash>,
    size: u64,
}

impl Nodes for Tree {
    fn node(&self, level: u8, index: u64) -> Option<Hash> {
        self.nodes.get(&(level, index)).copied()
    }
}

impl Tree {
    fn of(leaves: &[Vec<u8>]) -> Tree {
        let mut tree = Tree::default();
        for data in leaves {
            let added = merkle::appended(&tree, tree.size, leaf_hash(data)).unwrap();
            for (level, index, hash) in added {
                tree.nodes.insert((level, index), hash);
            }
            tree.size += 1;
        }
        tree
    }
}

fn h(text: &str) -> Hash {
    let bytes: Vec<u8> = (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect();
    bytes.try_into().unwrap()
}

/// The known-answer leaf inputs.
fn leaf_inputs() -> Vec<Vec<u8>> {
    [
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    ]
    .iter()
    .map(|text| {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    })
    .collect()
}

const ROOTS: [&str; 9] = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// Subtree hashes by level, left to right.
const NODES: [&[&str]; 4] = [
    &[
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    &[
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    &[
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    &["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
];

#[test]
fn known_answers_roots_subtrees_and_proofs() {
    let leaves = leaf_inputs();
    for (size, expected) in ROOTS.iter().enumerate() {
        let tree = Tree::of(&leaves[..size]);
        assert_eq!(root(&tree, size as u64).unwrap(), h(expected), "root of {size} leaves");
    }
    let tree = Tree::of(&leaves);
    for (level, hashes) in NODES.iter().enumerate() {
        for (index, expected) in hashes.iter().enumerate() {
            assert_eq!(
                tree.node(level as u8, index as u64),
                Some(h(expected)),
                "node {level}/{index}"
            );
        }
    }
    // (index, size, proof) and (old, new, proof), as published.
    let inclusions: [(u64, u64, &[&str]); 6] = [
        (0, 1, &[]),
        (0, 2, &[NODES[0][1]]),
        (1, 2, &[NODES[0][0]]),
        (2, 3, &[NODES[1][0]]),
        (1, 5, &[NODES[0][0], NODES[1][1], NODES[0][4]]),
        (5, 8, &[NODES[0][4], NODES[1][3], NODES[2][0]]),
    ];
    for (index, size, expected) in inclusions {
        let proof = inclusion_proof(&tree, index, size).unwrap();
        assert_eq!(proof, expected.iter().map(|e| h(e)).collect::<Vec<_>>(), "{index} in {size}");
        let leaf = leaf_hash(&leaves[index as usize]);
        verify_inclusion(&leaf, index, size, &proof, &h(ROOTS[size as usize])).unwrap();
    }
    let consistencies: [(u64, u64, &[&str]); 4] = [
        (1, 1, &[]),
        (1, 8, &[NODES[0][1], NODES[1][1], NODES[2][1]]),
        (2, 5, &[NODES[1][1], NODES[0][4]]),
        (6, 8, &[NODES[1][2], NODES[1][3], NODES[2][0]]),
    ];
    for (old, new, expected) in consistencies {
        let proof = consistency_proof(&tree, old, new).unwrap();
        assert_eq!(proof, expected.iter().map(|e| h(e)).collect::<Vec<_>>(), "{old} to {new}");
        let roots = (h(ROOTS[old as usize]), h(ROOTS[new as usize]));
        verify_consistency((old, &roots.0), (new, &roots.1), &proof).unwrap();
    }
}

/// Runs the Python reference on `leaves` for `sizes`.
fn reference(leaves: &[Vec<u8>], sizes: &[u64]) -> Vec<Value> {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/merkle/reference.py");
    let mut child = Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs the reference implementation");
    let hex: Vec<String> =
        leaves.iter().map(|l| l.iter().map(|b| format!("{b:02x}")).collect()).collect();
    let request = json!({"leaves": hex, "sizes": sizes});
    child.stdin.take().unwrap().write_all(request.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the reference failed");
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

fn hexes(proof: &[Hash]) -> Vec<String> {
    proof.iter().map(merkle::hex).collect()
}

#[test]
fn every_root_and_proof_agrees_with_the_independent_reference_and_verifies() {
    let leaves: Vec<Vec<u8>> =
        (0u32..40).map(|n| format!("record {n}").repeat(n as usize % 3 + 1).into_bytes()).collect();
    let sizes: Vec<u64> = (1..=40).collect();
    let tree = Tree::of(&leaves);
    for expected in reference(&leaves, &sizes) {
        let size = expected["size"].as_u64().unwrap();
        let head = root(&tree, size).unwrap();
        assert_eq!(merkle::hex(&head), expected["root"], "root of {size}");
        for index in 0..size {
            let proof = inclusion_proof(&tree, index, size).unwrap();
            assert_eq!(
                json!(hexes(&proof)),
                expected["inclusion"][index as usize],
                "{index} in {size}"
            );
            verify_inclusion(&leaf_hash(&leaves[index as usize]), index, size, &proof, &head)
                .unwrap();
        }
        for old in 1..size {
            let proof = consistency_proof(&tree, old, size).unwrap();
            assert_eq!(
                json!(hexes(&proof)),
                expected["consistency"][old as usize - 1],
                "{old} to {size}"
            );
            let old_head = root(&tree, old).unwrap();
            verify_consistency((old, &old_head), (size, &head), &proof).unwrap();
        }
    }
}

#[test]
fn altered_proofs_are_refused_naming_what_failed() {
    let leaves: Vec<Vec<u8>> = (0u8..13).map(|n| vec![n; 3]).collect();
    let tree = Tree::of(&leaves);
    let head = root(&tree, 13).unwrap();
    let leaf = leaf_hash(&leaves[5]);
    let proof = inclusion_proof(&tree, 5, 13).unwrap();

    let mut flipped = proof.clone();
    flipped[1][0] ^= 1;
    let err = verify_inclusion(&leaf, 5, 13, &flipped, &head).unwrap_err();
    assert!(
        matches!(err, ProofError::RootMismatch { .. }) && err.to_string().contains("root"),
        "{err}"
    );
    let err = verify_inclusion(&leaf_hash(b"another"), 5, 13, &proof, &head).unwrap_err();
    assert!(matches!(err, ProofError::RootMismatch { .. }));
    let err = verify_inclusion(&leaf, 5, 13, &proof[..proof.len() - 1], &head).unwrap_err();
    assert!(err.to_string().contains("hashes"), "{err}");
    let err = verify_inclusion(&leaf, 13, 13, &proof, &head).unwrap_err();
    assert_eq!(err, ProofError::IndexOutOfRange { index: 13, size: 13 });
    assert_eq!(
        inclusion_proof(&tree, 13, 13).unwrap_err(),
        ProofError::IndexOutOfRange { index: 13, size: 13 }
    );

    let old = root(&tree, 6).unwrap();
    let growth = consistency_proof(&tree, 6, 13).unwrap();
    verify_consistency((6, &old), (13, &head), &growth).unwrap();
    let mut bent = growth.clone();
    bent[0][31] ^= 0x80;
    assert!(verify_consistency((6, &old), (13, &head), &bent).is_err());
    let other = root(&tree, 7).unwrap();
    let err = verify_consistency((6, &other), (13, &head), &growth).unwrap_err();
    assert!(matches!(err, ProofError::RootMismatch { .. }), "{err}");
    let err = verify_consistency((13, &head), (6, &old), &growth).unwrap_err();
    assert_eq!(err, ProofError::Shrinks { old: 13, new: 6 });
    assert_eq!(
        consistency_proof(&tree, 13, 6).unwrap_err(),
        ProofError::Shrinks { old: 13, new: 6 }
    );
    let err = verify_consistency((13, &head), (13, &old), &[]).unwrap_err();
    assert_eq!(err, ProofError::SameSizeDiffers);
    let err = verify_consistency((6, &old), (13, &head), &growth[1..]).unwrap_err();
    assert!(matches!(err, ProofError::WrongLength { .. }), "{err}");

    // A proof asked of a tree that lacks a subtree names the leaves it lacks.
    let mut gappy = Tree::of(&leaves);
    gappy.nodes.remove(&(0, 12));
    let err = inclusion_proof(&gappy, 3, 13).unwrap_err();
    assert_eq!(err, ProofError::Missing { start: 12, end: 13 });
}
