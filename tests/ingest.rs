//! Ingest of records signed elsewhere, through the full check order: every refusal has its
//! status (through the one HTTP mapping) and leaves nothing stored, equivocations keep both
//! records as evidence, and only an origin may act on its own records and keys.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{ForeignLog, TestNode, document};
use plenary::crypto::NodeKey;
use plenary::http::error::status_of;
use plenary::model::record::body_hash;
use plenary::model::{Kind, Record, Visibility};
use plenary::node::{Account, Role, Viewer};
use serde_json::json;

fn admin() -> Viewer {
    Viewer::Local(Account { username: "admin".into(), role: Role::Admin })
}

async fn ingest_all(node: &TestNode, log: &ForeignLog) {
    for record in &log.records {
        node.node.ingest(record.clone()).await.unwrap();
    }
}

/// Asserts `record` is refused with `code` and `status` and that nothing was stored.
async fn assert_refused(node: &TestNode, record: Record, code: &str, status: u16) {
    let origin = record.header.origin;
    let head = node.node.head_of(&origin).unwrap();
    let id = record.id();
    let err = node.node.ingest(record).await.unwrap_err();
    assert_eq!((err.code(), status_of(&err).as_u16()), (code, status), "{err}");
    assert_eq!(node.node.head_of(&origin).unwrap(), head, "the log must not move");
    assert!(node.node.get(&admin(), &id).is_err(), "refused record {id} must not be stored");
}

#[tokio::test]
async fn a_valid_chain_is_accepted_once_and_reingest_is_idempotent() {
    let node = TestNode::start().await;
    let mut log = ForeignLog::new(1);
    log.append(Kind::Document, Visibility::PARTNERS, document("WTO trade policy review"));
    ingest_all(&node, &log).await;
    let last = log.records.last().unwrap().clone();
    let again = node.node.ingest(last.clone()).await.unwrap();
    assert!(again.already_held);
    assert_eq!(node.node.head_of(&log.key.node_id()).unwrap(), Some((2, last.id())));
    let view = node.node.get(&admin(), &last.id()).unwrap();
    assert!(view.verified);
    assert_eq!(view.record, last);
}

#[tokio::test]
async fn tampering_and_malformed_records_are_refused() {
    let node = TestNode::start().await;
    let log = ForeignLog::new(2);
    ingest_all(&node, &log).await;
    let good = log.next(Kind::Document, Visibility::PUBLIC, document("Original"));

    let mut wrong_body = good.clone();
    wrong_body.body = Some(document("Altered after signing"));
    assert_refused(&node, wrong_body, "body_hash_mismatch", 400).await;

    let mut bad_sig = good.clone();
    let mut sig = bad_sig.sig.into_bytes();
    sig[10] = if sig[10] == b'A' { b'B' } else { b'A' };
    bad_sig.sig = String::from_utf8(sig).unwrap();
    assert_refused(&node, bad_sig, "bad_signature", 400).await;

    let mut altered_header = good.clone();
    altered_header.header.visibility = Visibility::PARTNERS;
    assert_refused(&node, altered_header, "bad_signature", 400).await;

    let float_body = json!({"title": "t", "language": "en", "pages": 1.5});
    let mut header = good.header.clone();
    header.body_hash = body_hash(&float_body);
    assert_refused(&node, log.sign(header, Some(float_body)), "float_not_allowed", 400).await;

    let bad_schema = json!({"title": "t", "language": "en", "status": "secret"});
    let mut header = good.header.clone();
    header.body_hash = body_hash(&bad_schema);
    assert_refused(&node, log.sign(header, Some(bad_schema)), "schema_violation", 400).await;

    node.node.ingest(good).await.unwrap();
}

#[tokio::test]
async fn raw_bytes_with_duplicates_floats_unknown_kinds_or_excess_size_are_refused() {
    let node = TestNode::start_with(|c| c.limits.record_bytes = 8192).await;
    let log = ForeignLog::new(3);
    let genesis = serde_json::to_string(&log.records[0]).unwrap();
    let duplicate = format!("{},\"sig\":\"again\"}}", &genesis[..genesis.len() - 1]);
    let cases = [
        (duplicate.into_bytes(), "duplicate_key", 400),
        (genesis.replace("\"seq\":1", "\"seq\":1.0").into_bytes(), "float_not_allowed", 400),
        (
            genesis.replace("\"kind\":\"node\"", "\"kind\":\"memo\"").into_bytes(),
            "schema_violation",
            400,
        ),
        (b"{\"header\":".to_vec(), "invalid_json", 400),
        (vec![b' '; 9000], "record_too_large", 413),
    ];
    for (bytes, code, status) in cases {
        let err = node.node.ingest_bytes(&bytes).await.unwrap_err();
        assert_eq!((err.code(), status_of(&err).as_u16()), (code, status), "{err}");
    }
    assert_eq!(node.node.head_of(&log.key.node_id()).unwrap(), None);
    node.node.ingest_bytes(genesis.as_bytes()).await.unwrap();
}

#[tokio::test]
async fn the_header_schema_pins_seq_one_to_the_node_record() {
    let node = TestNode::start().await;
    let mut log = ForeignLog::new(4);
    log.records.clear();
    let not_genesis = log.next(Kind::Document, Visibility::PUBLIC, document("first"));
    assert_refused(&node, not_genesis, "schema_violation", 400).await;
}

#[tokio::test]
async fn gaps_and_broken_chains_are_refused() {
    let node = TestNode::start().await;
    let mut log = ForeignLog::new(5);
    ingest_all(&node, &log).await;
    let second = log.append(Kind::Document, Visibility::PUBLIC, document("two"));
    let third = log.append(Kind::Document, Visibility::PUBLIC, document("three"));
    assert_refused(&node, third.clone(), "seq_gap", 409).await;
    let mut header = second.header.clone();
    header.prev = Some(third.id());
    assert_refused(&node, log.sign(header, second.body.clone()), "prev_mismatch", 409).await;
    node.node.ingest(second).await.unwrap();
    node.node.ingest(third).await.unwrap();
}

#[tokio::test]
async fn an_equivocation_is_refused_and_both_records_are_kept_as_evidence() {
    let node = TestNode::start().await;
    let mut log = ForeignLog::new(6);
    let held = log.append(Kind::Document, Visibility::PUBLIC, document("the version we saw"));
    ingest_all(&node, &log).await;
    log.records.pop();
    let conflicting = log.next(Kind::Document, Visibility::PUBLIC, document("a different story"));
    assert_eq!(conflicting.header.seq, held.header.seq);
    let err = node.node.ingest(conflicting.clone()).await.unwrap_err();
    assert_eq!((err.code(), status_of(&err).as_u16()), ("equivocation", 409));
    assert_eq!(node.node.head_of(&log.key.node_id()).unwrap(), Some((2, held.id())));
    let evidence = node.node.equivocations(&admin()).unwrap();
    assert_eq!(evidence.len(), 1);
    assert_eq!((evidence[0].held, &evidence[0].refused), (Some(held.id()), &conflicting));
    // The operator sees it over the API too; other users do not.
    let (status, listed) = node.get("/api/v1/equivocations", Some(&node.admin)).await;
    assert_eq!((status, listed[0]["seq"].as_u64()), (200, Some(2)));
    let member = node.user_token("m", Role::Member).await;
    assert_eq!(node.get("/api/v1/equivocations", Some(&member)).await.0, 403);
}

#[tokio::test]
async fn only_the_origin_may_supersede_or_retract_its_records() {
    let node = TestNode::start().await;
    let local =
        node.publish(&node.admin, "document", json!("public"), document("OECD study")).await;
    let mut other = ForeignLog::new(7);
    let theirs = other.append(Kind::Document, Visibility::PUBLIC, document("their study"));
    ingest_all(&node, &other).await;

    let mut hijack = document("OECD study (hijacked)");
    hijack["supersedes"] = json!(local.to_string());
    let record = other.next(Kind::Document, Visibility::PUBLIC, hijack);
    assert_refused(&node, record, "not_origin", 403).await;

    let retract = json!({"about": local.to_string(), "reason": "we say so"});
    assert_refused(
        &node,
        other.next(Kind::Retraction, Visibility::PUBLIC, retract),
        "not_origin",
        403,
    )
    .await;

    let mut unknown = document("v2");
    unknown["supersedes"] = json!("cd".repeat(32));
    assert_refused(
        &node,
        other.next(Kind::Document, Visibility::PUBLIC, unknown),
        "reference_not_found",
        422,
    )
    .await;

    // A local user cannot supersede the other origin's record either.
    let mut body = document("our v2 of their study");
    body["supersedes"] = json!(theirs.id().to_string());
    let response = node
        .post_json(
            "/api/v1/records",
            Some(&node.admin),
            &json!({"kind": "document", "visibility": "public", "body": body}),
        )
        .await;
    assert_eq!(response.status(), 403);

    // The origin itself may.
    let mut v2 = document("their study, revised");
    v2["supersedes"] = json!(theirs.id().to_string());
    let revised = other.append(Kind::Document, Visibility::PUBLIC, v2);
    node.node.ingest(revised.clone()).await.unwrap();
    assert_eq!(node.node.current_version(&theirs.id()).unwrap(), revised.id());
}

#[tokio::test]
async fn a_retraction_from_the_origin_drops_the_body_everywhere_it_is_held() {
    let node = TestNode::start().await;
    let mut log = ForeignLog::new(8);
    let doc = log.append(Kind::Document, Visibility::PUBLIC, document("to withdraw"));
    log.append(
        Kind::Retraction,
        Visibility::PUBLIC,
        json!({"about": doc.id().to_string(), "reason": "error"}),
    );
    ingest_all(&node, &log).await;
    let view = node.node.get(&Viewer::Anonymous, &doc.id()).unwrap();
    assert!(view.record.body.is_none());
    assert!(view.verified);
    assert!(view.retracted_by.is_some());
}

#[tokio::test]
async fn withheld_records_keep_the_chain_verifiable() {
    let node = TestNode::start().await;
    let mut log = ForeignLog::new(9);
    let private = log.append(
        Kind::Document,
        Visibility::Nodes { nodes: vec![log.key.node_id()] },
        document("internal"),
    );
    let public = log.append(Kind::Document, Visibility::PUBLIC, document("public"));
    node.node.ingest(log.records[0].clone()).await.unwrap();
    node.node.ingest(private.without_body()).await.unwrap();
    node.node.ingest(public.clone()).await.unwrap();
    assert_eq!(node.node.head_of(&log.key.node_id()).unwrap(), Some((3, public.id())));
    assert!(node.node.get(&admin(), &private.id()).is_err(), "this node is outside its audience");
}

#[tokio::test]
async fn signing_keys_follow_the_origins_key_history() {
    let node = TestNode::start().await;
    let mut log = ForeignLog::new(10);
    ingest_all(&node, &log).await;
    let rotated = NodeKey::from_seed([99; 32]);

    // An unknown key claiming the origin is refused, even with a valid signature of its own.
    let mut header = log.next(Kind::Document, Visibility::PUBLIC, document("forged")).header;
    header.key = rotated.key_id();
    let forged =
        Record { sig: rotated.sign_header(&header), header, body: Some(document("forged")) };
    assert_refused(&node, forged, "key_not_valid", 422).await;

    // Once the origin adds the key, records it signs are accepted.
    let add = json!({"action": "add", "key": rotated.key_id().to_string(), "effective_at": "2020-01-01T00:00:00Z"});
    node.node.ingest(log.append(Kind::Key, Visibility::PUBLIC, add)).await.unwrap();
    let mut header =
        log.next(Kind::Document, Visibility::PUBLIC, document("signed by the new key")).header;
    header.key = rotated.key_id();
    let by_new_key = Record {
        sig: rotated.sign_header(&header),
        header,
        body: Some(document("signed by the new key")),
    };
    log.records.push(by_new_key.clone());
    node.node.ingest(by_new_key).await.unwrap();

    // After revocation, its signatures are refused.
    let revoke = json!({"action": "revoke", "key": rotated.key_id().to_string(), "effective_at": "2021-01-01T00:00:00Z"});
    node.node.ingest(log.append(Kind::Key, Visibility::PUBLIC, revoke)).await.unwrap();
    let mut header =
        log.next(Kind::Document, Visibility::PUBLIC, document("after revocation")).header;
    header.key = rotated.key_id();
    let late = Record {
        sig: rotated.sign_header(&header),
        header,
        body: Some(document("after revocation")),
    };
    assert_refused(&node, late, "key_not_valid", 422).await;

    // Another origin cannot rotate keys for this one: its key record names its own log only,
    // and a key added by origin B gives no authority over origin A.
    let mut intruder = ForeignLog::new(11);
    ingest_all(&node, &intruder).await;
    let claim = json!({"action": "add", "key": NodeKey::from_seed([98; 32]).key_id().to_string(), "effective_at": "2020-01-01T00:00:00Z"});
    node.node.ingest(intruder.append(Kind::Key, Visibility::PUBLIC, claim)).await.unwrap();
    let mut header = log.next(Kind::Document, Visibility::PUBLIC, document("x")).header;
    let stranger = NodeKey::from_seed([98; 32]);
    header.key = stranger.key_id();
    let record = Record { sig: stranger.sign_header(&header), header, body: Some(document("x")) };
    assert_refused(&node, record, "key_not_valid", 422).await;
}

#[tokio::test]
async fn this_nodes_own_records_reingest_as_already_held() {
    let node = TestNode::start().await;
    let own = node.node.get(&admin(), &node.node.own_head().unwrap().unwrap().1).unwrap().record;
    assert!(node.node.ingest(own).await.unwrap().already_held);
}

#[tokio::test]
async fn a_withheld_body_is_installed_when_the_genuine_one_arrives_and_only_then() {
    let node = TestNode::start().await;
    let mut log = ForeignLog::new(12);
    let addressed = Visibility::Nodes { nodes: vec![node.node.id()] };
    let mut body = document("Addressed to this node");
    body["summary"] = json!("Zanzibar sandbox findings");
    let record = log.append(Kind::Document, addressed, body);
    node.node.ingest(log.records[0].clone()).await.unwrap();
    node.node.ingest(record.without_body()).await.unwrap();
    let view = node.node.get(&admin(), &record.id()).unwrap();
    assert!(view.record.body.is_none(), "a relay passed on the header alone");

    // A body the header does not sign is refused; the record stays header-only.
    let mut forged = record.clone();
    forged.body = Some(document("Forged in transit"));
    let err = node.node.ingest(forged).await.unwrap_err();
    assert_eq!((err.code(), status_of(&err).as_u16()), ("body_hash_mismatch", 400), "{err}");
    assert!(node.node.get(&admin(), &record.id()).unwrap().record.body.is_none());

    // The genuine body is installed, once; the record becomes searchable.
    let filled = node.node.ingest(record.clone()).await.unwrap();
    assert!(!filled.already_held, "installing the body is news");
    let view = node.node.get(&admin(), &record.id()).unwrap();
    assert_eq!(view.record.body, record.body);
    assert!(node.node.ingest(record.clone()).await.unwrap().already_held, "then it is held");
    let token = node.admin.clone();
    let deadline = std::time::Duration::from_secs(20);
    common::process::eventually("the filled record is searchable", deadline, || {
        let (node, token) = (&node, &token);
        async move {
            let (_, hits) = node.search(Some(token), &[("q", "Zanzibar")]).await;
            hits["total"] == 1
        }
    })
    .await;
}
