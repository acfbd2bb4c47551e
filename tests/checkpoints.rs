//! The node's log as a Merkle tree, over real HTTP: the signed checkpoint (C2SP signed note)
//! verifies under the node's key and states the durable size; every record's inclusion proof,
//! recomputed from its canonical header, leads to the checkpoint's root; a later checkpoint is
//! proved consistent with an earlier one; the tree survives a restart; bad queries are refused
//! naming the parameter, and `/fed/v1` asks for a signed request.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestNode, document};
use plenary::crypto::verify_checkpoint;
use plenary::model::Header;
use plenary::model::checkpoint::{Checkpoint, SignedCheckpoint};
use plenary::model::ids::decode_b64_std;
use plenary::model::merkle::{Hash, leaf_hash, verify_consistency, verify_inclusion};
use serde_json::{Value, json};

async fn checkpoint(node: &TestNode) -> SignedCheckpoint {
    let response =
        node.request(reqwest::Method::GET, "/api/v1/checkpoint", None).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/plain"));
    let text = response.text().await.unwrap();
    let note = SignedCheckpoint::parse(&text).unwrap();
    assert_eq!(note.to_text(), text, "the note reads back to the same text");
    note
}

fn hashes(proof: &Value) -> Vec<Hash> {
    let list = proof["hashes"].as_array().unwrap();
    list.iter().map(|h| decode_b64_std(h.as_str().unwrap()).unwrap().try_into().unwrap()).collect()
}

/// This node's own record headers, by seq.
async fn own_headers(node: &TestNode) -> Vec<Header> {
    let origin = node.node.id();
    let path = format!("/api/v1/records?origin={origin}&limit=500");
    let (status, page) = node.get(&path, Some(&node.admin)).await;
    assert_eq!(status, 200, "{page}");
    let records = page["records"].as_array().unwrap();
    records.iter().map(|r| serde_json::from_value(r["header"].clone()).unwrap()).collect()
}

#[tokio::test]
async fn checkpoints_and_proofs_verify_and_bad_queries_are_named() {
    let node = TestNode::start().await;
    for n in 0..6 {
        node.publish(&node.admin, "document", json!("public"), document(&format!("Paper {n}")))
            .await;
    }
    let first = checkpoint(&node).await;
    let key = node.node.id().genesis_key();
    verify_checkpoint(&first, &key).unwrap();
    assert_eq!(first.checkpoint.origin, Checkpoint::origin_of(&node.node.id()));
    let headers = own_headers(&node).await;
    assert_eq!(
        first.checkpoint.size,
        headers.len() as u64,
        "the checkpoint covers the durable log"
    );

    for header in &headers {
        let path = format!("/api/v1/proof/inclusion?seq={}", header.seq);
        let (status, proof) = node.get(&path, None).await;
        assert_eq!(status, 200, "{proof}");
        assert_eq!(proof["tree_size"], first.checkpoint.size);
        let leaf = leaf_hash(&header.canonical_bytes());
        let (index, size) = (header.seq - 1, first.checkpoint.size);
        verify_inclusion(&leaf, index, size, &hashes(&proof), &first.checkpoint.root).unwrap();
    }

    for n in 6..9 {
        node.publish(&node.admin, "document", json!("partners"), document(&format!("Paper {n}")))
            .await;
    }
    let second = checkpoint(&node).await;
    verify_checkpoint(&second, &key).unwrap();
    assert_eq!(second.checkpoint.size, first.checkpoint.size + 3);
    let path = format!("/api/v1/proof/consistency?old={}", first.checkpoint.size);
    let (status, proof) = node.get(&path, None).await;
    assert_eq!(status, 200, "{proof}");
    let old = (first.checkpoint.size, &first.checkpoint.root);
    let new = (second.checkpoint.size, &second.checkpoint.root);
    verify_consistency(old, new, &hashes(&proof)).unwrap();
    // An older record proved in the older tree still leads to the older root.
    let (_, proof) = node
        .get(&format!("/api/v1/proof/inclusion?seq=2&size={}", first.checkpoint.size), None)
        .await;
    let leaf = leaf_hash(&headers[1].canonical_bytes());
    verify_inclusion(&leaf, 1, first.checkpoint.size, &hashes(&proof), &first.checkpoint.root)
        .unwrap();

    // A checkpoint altered after signing, or checked under another key, is refused.
    let mut altered = second.clone();
    altered.checkpoint.size += 1;
    assert!(verify_checkpoint(&altered, &key).is_err());
    let stranger = plenary::crypto::NodeKey::generate().key_id();
    assert!(verify_checkpoint(&second, &stranger).is_err());
    let text = second.to_text().replace("\n\n", "\n");
    assert!(SignedCheckpoint::parse(&text).unwrap_err().to_string().contains("blank line"));

    let size = second.checkpoint.size;
    for (query, field) in [
        ("/api/v1/proof/inclusion?seq=0".to_owned(), "seq"),
        (format!("/api/v1/proof/inclusion?seq={}", size + 1), "seq"),
        (format!("/api/v1/proof/inclusion?seq=1&size={}", size + 5), "size"),
        ("/api/v1/proof/inclusion?seq=first".to_owned(), "query"),
        ("/api/v1/proof/inclusion?seq=1&colour=red".to_owned(), "query"),
        (format!("/api/v1/proof/consistency?old={}&new=2", size), "old"),
        (format!("/api/v1/proof/consistency?old=1&new={}", size + 1), "new"),
    ] {
        let (status, problem) = node.get(&query, None).await;
        assert_eq!(status, 400, "{query}: {problem}");
        assert_eq!(problem["field"], field, "{query}: {problem}");
    }
    let (status, _) = node.get("/fed/v1/checkpoint", None).await;
    assert_eq!(status, 401, "peers ask with a signed request");
}

#[tokio::test]
async fn the_tree_survives_kill_9_and_matches_after_the_restart() {
    let mut org = common::org::Org::new("Tree Organisation", "TREE").await;
    org.start().await;
    for n in 0..4 {
        org.publish("document", json!("public"), document(&format!("Note {n}"))).await;
    }
    let text = |org: &common::org::Org| {
        let url = format!("{}/api/v1/checkpoint", org.url);
        async move { reqwest::get(url).await.unwrap().text().await.unwrap() }
    };
    let before = SignedCheckpoint::parse(&text(&org).await).unwrap().checkpoint;
    org.kill().await;
    org.start().await;
    org.publish("document", json!("public"), document("After the restart")).await;
    let after = SignedCheckpoint::parse(&text(&org).await).unwrap();
    verify_checkpoint(&after, &org.id().genesis_key()).unwrap();
    assert_eq!(after.checkpoint.size, before.size + 1);
    let (status, proof) = org.get(&format!("/api/v1/proof/consistency?old={}", before.size)).await;
    assert_eq!(status, 200, "{proof}");
    let old = (before.size, &before.root);
    let new = (after.checkpoint.size, &after.checkpoint.root);
    verify_consistency(old, new, &hashes(&proof)).unwrap();
}
