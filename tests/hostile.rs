//! A node pulling from a hostile peer: a test double (a plain HTTP server holding its own key,
//! not a node) that forges another origin, tampers with a body, leaves a seq gap, equivocates,
//! sends oversized pages, breaks off file transfers and serves wrong file bytes. Each is
//! refused, nothing of it is stored, and it is counted in the peer's status; a broken-off
//! transfer resumes where it stopped. (Refusals of the double's own requests — replay, wrong
//! destination, stale, bad signature — are in `federation.rs`.)

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use common::{ForeignLog, TestNode, document};
use plenary::crypto::NodeKey;
use plenary::model::{Kind, NodeId, Record, Sha256, Visibility};
use serde_json::{Value, json};

type Logs = Arc<Mutex<Vec<(NodeId, Vec<Value>)>>>;
/// File bytes by SHA-256, and whether the first transfer of each breaks off halfway.
type Files = Arc<Mutex<HashMap<String, (Vec<u8>, bool)>>>;
/// File requests so far: (sha256, Range header).
type FileRequests = Arc<Mutex<Vec<(String, Option<String>)>>>;

/// The double: serves whatever logs and files it is given (every log page from seq 1,
/// whatever `after` asks), and records the `Range` of each file request.
struct HostilePeer {
    url: String,
    logs: Logs,
    files: Files,
    requests: FileRequests,
}

impl HostilePeer {
    async fn start(logs: Vec<(NodeId, Vec<Value>)>) -> HostilePeer {
        let logs: Logs = Arc::new(Mutex::new(logs));
        let files = Arc::new(Mutex::new(HashMap::new()));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (heads_logs, page_logs) = (logs.clone(), logs.clone());
        let (served, seen) = (files.clone(), requests.clone());
        let app = axum::Router::new()
            .route("/fed/v1/heads", get(move || heads(heads_logs.clone())))
            .route("/fed/v1/log/{origin}", get(move |origin| page(page_logs.clone(), origin)))
            .route(
                "/fed/v1/blobs/{sha256}",
                get(move |sha, headers| blob(served.clone(), seen.clone(), sha, headers)),
            );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        HostilePeer { url, logs, files, requests }
    }

    fn set_log(&self, origin: NodeId, records: Vec<Value>) {
        let mut logs = self.logs.lock().unwrap();
        logs.retain(|(id, _)| *id != origin);
        logs.push((origin, records));
    }
}

async fn heads(logs: Logs) -> axum::Json<Value> {
    let logs = logs.lock().unwrap();
    let heads = logs.iter().map(|(origin, records)| {
        let seq = records.last().map_or(json!(0), |r| r["header"]["seq"].clone());
        json!({"origin": origin, "seq": seq, "id": "0".repeat(64)})
    });
    axum::Json(heads.collect())
}

async fn page(logs: Logs, Path(origin): Path<String>) -> axum::Json<Value> {
    let logs = logs.lock().unwrap();
    let records = logs.iter().find(|(id, _)| id.to_string() == origin).map(|(_, r)| r.clone());
    axum::Json(json!({"records": records.unwrap_or_default(), "more": false}))
}

/// Serves a file: with `Range: bytes=N-` the rest from N (206); without, the whole file — or,
/// for a file marked to break off, the whole length announced but the connection broken after
/// the first half.
async fn blob(
    files: Files,
    requests: FileRequests,
    Path(sha256): Path<String>,
    headers: HeaderMap,
) -> Response {
    let range = headers.get("range").map(|v| v.to_str().unwrap().to_owned());
    requests.lock().unwrap().push((sha256.clone(), range.clone()));
    let Some((bytes, break_off)) = files.lock().unwrap().get(&sha256).cloned() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let total = bytes.len();
    match range.and_then(|r| r.strip_prefix("bytes=")?.strip_suffix('-')?.parse::<usize>().ok()) {
        Some(from) => {
            let content_range = format!("bytes {from}-{}/{total}", total - 1);
            let headers = [("content-range", content_range)];
            (StatusCode::PARTIAL_CONTENT, headers, bytes[from..].to_vec()).into_response()
        }
        None if !break_off => bytes.into_response(),
        None => {
            let half = bytes[..total / 2].to_vec();
            let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
                vec![Ok(half), Err(std::io::Error::other("connection dropped"))];
            let body = Body::from_stream(futures_util::stream::iter(chunks));
            ([("content-length", total.to_string())], body).into_response()
        }
    }
}

fn value(record: &Record) -> Value {
    serde_json::to_value(record).unwrap()
}

/// A node pulling only from `peer` every second.
async fn pulling_from(peer: &HostilePeer, id: NodeId) -> TestNode {
    let hostile = plenary::config::PeerConfig { url: peer.url.clone(), node_id: Some(id) };
    TestNode::start_with(|c| {
        c.federation.peers = vec![hostile];
        c.federation.sync_interval_secs = 1;
    })
    .await
}

/// Waits until the peer's status satisfies `done`; returns it.
async fn status_when(node: &TestNode, done: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, peers) = node.get("/api/v1/peers", Some(&node.admin)).await;
        if done(&peers[0]) {
            return peers[0].clone();
        }
        assert!(Instant::now() < deadline, "peer status never got there: {peers}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn refused(status: &Value, code: &str) -> u64 {
    status["refused_records"][code].as_u64().unwrap_or(0)
}

#[tokio::test]
async fn records_a_hostile_peer_forges_or_tampers_with_are_refused_counted_and_not_stored() {
    // Its own log, with a body changed after signing at seq 2.
    let mut own = ForeignLog::new(91);
    let mut tampered = value(&own.append(Kind::Document, Visibility::PUBLIC, document("Real")));
    tampered["body"]["title"] = json!("Rewritten");
    // Another origin's log served from seq 2 without seq 1.
    let mut gapped = ForeignLog::new(92);
    gapped.append(Kind::Document, Visibility::PUBLIC, document("Second"));
    // A record claiming a third origin, signed with the hostile peer's key.
    let victim = NodeKey::from_seed([93; 32]).node_id();
    let mut forged = value(&own.records[0]);
    forged["header"]["origin"] = json!(victim.to_string());
    let peer = HostilePeer::start(vec![
        (own.key.node_id(), vec![value(&own.records[0]), tampered]),
        (gapped.key.node_id(), vec![value(&gapped.records[1])]),
        (victim, vec![forged]),
    ])
    .await;
    let b = pulling_from(&peer, own.key.node_id()).await;

    let status =
        status_when(&b, |s| s["refused_records"].as_object().map_or(0, |m| m.len()) == 3).await;
    assert_eq!(refused(&status, "body_hash_mismatch"), 1, "{status}");
    assert_eq!(refused(&status, "seq_gap"), 1, "{status}");
    assert_eq!(refused(&status, "bad_signature"), 1, "{status}");
    // Only the untampered genesis record of the hostile peer's own log was stored.
    assert_eq!(b.node.head_of(&own.key.node_id()).unwrap().map(|(seq, _)| seq), Some(1));
    assert_eq!(b.node.head_of(&gapped.key.node_id()).unwrap(), None);
    assert_eq!(b.node.head_of(&victim).unwrap(), None);
    // The peer keeps serving the same records; each is counted once.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let (_, again) = b.get("/api/v1/peers", Some(&b.admin)).await;
    assert_eq!(again[0]["refused_records"], status["refused_records"], "{again}");
}

#[tokio::test]
async fn an_equivocating_peer_is_refused_and_the_evidence_kept_and_shown() {
    let mut own = ForeignLog::new(94);
    let first = own.append(Kind::Document, Visibility::PUBLIC, document("First version"));
    let peer = HostilePeer::start(vec![(own.key.node_id(), vec![value(&own.records[0])])]).await;
    peer.set_log(own.key.node_id(), own.records.iter().map(value).collect());
    let b = pulling_from(&peer, own.key.node_id()).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    while b.node.head_of(&own.key.node_id()).unwrap().map(|(seq, _)| seq) != Some(2) {
        assert!(Instant::now() < deadline, "B never took the first seq 2");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The origin signs a different seq 2 (and a seq 3 on it) and serves that history.
    own.records.pop();
    let other = own.append(Kind::Document, Visibility::PUBLIC, document("Rewritten history"));
    own.append(Kind::Document, Visibility::PUBLIC, document("Built on the rewrite"));
    peer.set_log(own.key.node_id(), own.records.iter().map(value).collect());

    let status = status_when(&b, |s| refused(s, "equivocation") == 1).await;
    assert_eq!(status["refused_records"].as_object().unwrap().len(), 1, "{status}");
    assert_eq!(b.node.head_of(&own.key.node_id()).unwrap(), Some((2, first.id())));
    let (code, evidence) = b.get("/api/v1/equivocations", Some(&b.admin)).await;
    assert_eq!(code, 200, "{evidence}");
    assert_eq!(evidence[0]["held"], first.id().to_string(), "{evidence}");
    assert_eq!(evidence[0]["refused"], value(&other), "the refused record is kept: {evidence}");
    let (_, got) = b.get(&format!("/api/v1/records/{}", first.id()), Some(&b.admin)).await;
    assert_eq!(got["record"]["body"]["title"], "First version", "the held record is unchanged");
}

#[tokio::test]
async fn oversized_pages_are_refused_counted_and_nothing_of_them_stored() {
    let mut own = ForeignLog::new(95);
    // More records than the 1,000 asked for…
    for n in 0..1000 {
        own.append(Kind::Document, Visibility::PUBLIC, document(&format!("Flood {n}")));
    }
    let peer =
        HostilePeer::start(vec![(own.key.node_id(), own.records.iter().map(value).collect())])
            .await;
    // …and, from another origin, one page of more than 16 MiB.
    let huge = ForeignLog::new(96);
    let mut padded = value(&huge.records[0]);
    padded["body"]["description"] = json!("x".repeat(17 << 20));
    peer.set_log(huge.key.node_id(), vec![padded]);
    let b = pulling_from(&peer, own.key.node_id()).await;

    let status = status_when(&b, |s| s["refused_pages"].as_u64() >= Some(2)).await;
    assert!(status["last_error"].is_string(), "{status}");
    assert_eq!(b.node.head_of(&own.key.node_id()).unwrap(), None);
    assert_eq!(b.node.head_of(&huge.key.node_id()).unwrap(), None);
}

#[tokio::test]
async fn a_broken_off_file_transfer_resumes_and_wrong_bytes_are_refused() {
    let mut own = ForeignLog::new(97);
    let good: Vec<u8> = (0..300_000u32).flat_map(|n| n.to_le_bytes()).collect();
    let wrong = b"these are not the bytes the record names".to_vec();
    let named = b"the bytes the record names, same length!".to_vec();
    assert_eq!(wrong.len(), named.len());
    let attachment = |bytes: &[u8], name: &str| json!({"sha256": Sha256::of(bytes), "size": bytes.len(), "media_type": "application/octet-stream", "name": name});
    let body = json!({"title": "Annexes", "language": "en",
        "attachments": [attachment(&good, "good.bin"), attachment(&named, "named.bin")]});
    own.append(Kind::Document, Visibility::PUBLIC, body);
    let peer =
        HostilePeer::start(vec![(own.key.node_id(), own.records.iter().map(value).collect())])
            .await;
    let good_sha = Sha256::of(&good).to_string();
    peer.files.lock().unwrap().insert(good_sha.clone(), (good.clone(), true));
    peer.files.lock().unwrap().insert(Sha256::of(&named).to_string(), (wrong, false));
    let b = pulling_from(&peer, own.key.node_id()).await;

    let status = status_when(&b, |s| s["refused_files"].as_u64() >= Some(1)).await;
    assert!(status["refused_files"].as_u64() >= Some(1), "{status}");
    let deadline = Instant::now() + Duration::from_secs(20);
    let path = format!("/api/v1/blobs/{good_sha}");
    let bytes = loop {
        let response = b.request(reqwest::Method::GET, &path, None).send().await.unwrap();
        if response.status() == 200 {
            break response.bytes().await.unwrap();
        }
        assert!(Instant::now() < deadline, "the file never arrived");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(Sha256::of(&bytes).to_string(), good_sha, "whole and right");
    let requests = peer.requests.lock().unwrap().clone();
    let asked: Vec<Option<String>> =
        requests.iter().filter(|(sha, _)| *sha == good_sha).map(|(_, r)| r.clone()).collect();
    assert_eq!(
        asked,
        [None, Some(format!("bytes={}-", good.len() / 2))],
        "the second request resumes where the first broke off"
    );
    let named_path = format!("/api/v1/blobs/{}", Sha256::of(&named));
    assert_eq!(b.get(&named_path, None).await.0, 404, "wrong bytes are never installed");
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let visits = Arc::new(AtomicUsize::new(0));
    let counted = visits.clone();
    let elsewhere = axum::Router::new().fallback(move || {
        counted.fetch_add(1, Ordering::SeqCst);
        async { axum::Json(json!([])) }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let target = format!("http://{}/fed/v1/heads", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, elsewhere).await.unwrap() });
    let redirecting = axum::Router::new().fallback(move || {
        let target = target.clone();
        async move { axum::response::Redirect::temporary(&target) }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, redirecting).await.unwrap() });

    let id = NodeKey::from_seed([98; 32]).node_id();
    let peer = plenary::config::PeerConfig { url, node_id: Some(id) };
    let b = TestNode::start_with(|c| c.federation.peers = vec![peer]).await;
    let status = status_when(&b, |s| s["last_error"].is_string()).await;
    assert!(status["last_error"].as_str().unwrap().contains("307"), "{status}");
    assert_eq!(status["reachable"], false);
    assert_eq!(visits.load(Ordering::SeqCst), 0, "the other host was never called");
}

#[tokio::test]
async fn a_comment_or_a_survey_answer_altered_by_a_relaying_peer_is_refused() {
    let relay = ForeignLog::new(97);
    let peer =
        HostilePeer::start(vec![(relay.key.node_id(), vec![value(&relay.records[0])])]).await;
    let b = pulling_from(&peer, relay.key.node_id()).await;
    let draft =
        json!({"title": "Draft for comment", "language": "en", "comment_until": "2099-01-31"});
    let draft = b.publish(&b.admin, "document", json!("partners"), draft).await;
    let questions = json!([{"id": "ria", "text": "Do you assess impact?", "type": "yes_no"}]);
    let survey = json!({"title": "Practice survey", "questions": questions});
    let survey = b.publish(&b.admin, "survey", json!("partners"), survey).await;

    // Another organisation's comment and answer, signed by it, relayed by the double.
    let mut commenter = ForeignLog::new(96);
    let text = json!({"about": draft.to_string(), "text": "We support option B."});
    let comment = value(&commenter.append(Kind::Comment, Visibility::PARTNERS, text));
    let to_b = Visibility::Nodes { nodes: vec![b.node.id()] };
    let answers =
        json!({"survey": survey.to_string(), "answers": [{"question": "ria", "value": true}]});
    let answer = value(&commenter.append(Kind::SurveyResponse, to_b, answers));
    let origin = commenter.key.node_id();
    let genesis = value(&commenter.records[0]);
    let held = |b: &TestNode| b.node.head_of(&origin).unwrap().map(|(seq, _)| seq);

    let mut altered = comment.clone();
    altered["body"]["text"] = json!("We oppose option B.");
    peer.set_log(origin, vec![genesis.clone(), altered]);
    let status = status_when(&b, |s| refused(s, "body_hash_mismatch") == 1).await;
    assert_eq!(held(&b), Some(1), "the altered comment is not stored: {status}");

    let mut altered = answer.clone();
    altered["body"]["answers"][0]["value"] = json!(false);
    peer.set_log(origin, vec![genesis.clone(), comment.clone(), altered]);
    let status = status_when(&b, |s| refused(s, "body_hash_mismatch") == 2).await;
    assert_eq!(held(&b), Some(2), "the true comment is stored, the altered answer not: {status}");

    peer.set_log(origin, vec![genesis, comment, answer]);
    let deadline = Instant::now() + Duration::from_secs(20);
    while held(&b) != Some(3) {
        assert!(Instant::now() < deadline, "the true answer never arrived");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let id = commenter.records[2].id();
    let (_, view) = b.get(&format!("/api/v1/records/{id}"), Some(&b.admin)).await;
    assert_eq!(view["record"]["body"]["answers"][0]["value"], true, "{view}");
    assert_eq!(view["verified"], true);
}
