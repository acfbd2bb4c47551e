//! The federation endpoints over real HTTP: signed-request admission (each refusal with its
//! status and code, counted) and what a peer is served (heads, log pages with bodies withheld
//! where the record's visibility does not admit the peer).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{TestNode, document};
use plenary::crypto::{NodeKey, sign_request};
use plenary::model::NodeId;
use plenary::model::request::RequestAuth;
use serde_json::{Value, json};

/// A node that is not a `plenary serve` process: it only holds a key and signs requests.
struct Caller {
    key: NodeKey,
}

impl Caller {
    fn new(seed: u8) -> Caller {
        Caller { key: NodeKey::from_seed([seed; 32]) }
    }

    fn id(&self) -> NodeId {
        self.key.node_id()
    }

    /// A signed GET of `path` on `node`, signed for `destination` at `ts` (defaults: the node,
    /// now), returning status, code and body.
    async fn get_as(
        &self,
        node: &TestNode,
        path: &str,
        tweak: impl FnOnce(&mut RequestAuth),
    ) -> (u16, Value) {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut auth = sign_request(&self.key, self.id(), node.node.id(), ("GET", path, b""), now);
        tweak(&mut auth);
        let response = reqwest::Client::new()
            .get(format!("{}{path}", node.url))
            .header("authorization", auth.to_string())
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, node: &TestNode, path: &str) -> (u16, Value) {
        self.get_as(node, path, |_| {}).await
    }

    /// A signed POST of JSON `body` to `path` on `node`: status and body.
    async fn post(&self, node: &TestNode, path: &str, body: &Value) -> (u16, Value) {
        let bytes = serde_json::to_vec(body).unwrap();
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let auth = sign_request(&self.key, self.id(), node.node.id(), ("POST", path, &bytes), now);
        let response = reqwest::Client::new()
            .post(format!("{}{path}", node.url))
            .header("authorization", auth.to_string())
            .header("content-type", "application/json")
            .body(bytes)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
    }
}

async fn trusting(callers: &[&Caller]) -> TestNode {
    let ids: Vec<NodeId> = callers.iter().map(|c| c.id()).collect();
    TestNode::start_with(|c| c.federation.trusted = ids).await
}

#[tokio::test]
async fn signed_requests_are_admitted_and_each_bad_one_refused_and_counted() {
    let peer = Caller::new(41);
    let node = trusting(&[&peer]).await;
    let (status, heads) = peer.get(&node, "/fed/v1/heads").await;
    assert_eq!(status, 200, "{heads}");
    let own = heads.as_array().unwrap().iter().find(|h| h["origin"] == node.node.id().to_string());
    assert_eq!(own.expect("the node's own head")["seq"], 1, "{heads}");

    let unsigned = reqwest::get(format!("{}/fed/v1/heads", node.url)).await.unwrap();
    assert_eq!(unsigned.status(), 401);
    let bearer = node.get("/fed/v1/heads", Some(&node.admin)).await;
    assert_eq!((bearer.0, bearer.1["code"].as_str()), (401, Some("unsigned_request")));

    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    type Tweak = Box<dyn FnOnce(&mut RequestAuth)>;
    let cases: Vec<(&str, Tweak)> = vec![
        ("wrong_destination", Box::new(|a| a.destination = NodeId([7; 32]))),
        ("stale_request", Box::new(move |a| a.ts = now - 301)),
        ("stale_request", Box::new(move |a| a.ts = now + 301)),
        ("bad_request_signature", Box::new(|a| a.nonce = "BBBBBBBBBBBBBBBBBBBBBB".into())),
        ("unknown_key", Box::new(|a| a.key = NodeKey::from_seed([42; 32]).key_id())),
    ];
    for (code, tweak) in cases {
        let (status, body) = peer.get_as(&node, "/fed/v1/heads", tweak).await;
        assert_eq!((status, body["code"].as_str()), (401, Some(code)), "{body}");
    }
    let request = ("GET", "/fed/v1/heads", &b""[..]);
    let captured = sign_request(&peer.key, peer.id(), node.node.id(), request, now);
    let again = captured.clone();
    assert_eq!(peer.get_as(&node, "/fed/v1/heads", move |a| *a = captured).await.0, 200);
    let (status, body) = peer.get_as(&node, "/fed/v1/heads", move |a| *a = again).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("replayed_request")), "{body}");

    let outsider = Caller::new(43);
    let (status, body) = outsider.get(&node, "/fed/v1/heads").await;
    assert_eq!((status, body["code"].as_str()), (403, Some("not_in_federation")), "{body}");

    let counted = node.node.refused_requests(Some(&peer.id()));
    for code in ["wrong_destination", "bad_request_signature", "unknown_key", "replayed_request"] {
        assert_eq!(counted.get(code), Some(&1), "{code}: {counted:?}");
    }
    assert_eq!(counted.get("stale_request"), Some(&2), "{counted:?}");
    assert_eq!(node.node.refused_requests(None).get("not_in_federation"), Some(&1));
}

#[tokio::test]
async fn log_pages_withhold_bodies_the_peer_may_not_see() {
    let peer = Caller::new(51);
    let other = Caller::new(52);
    let node = trusting(&[&peer, &other]).await;
    let token = node.admin.clone();
    let public = node.publish(&token, "document", json!("public"), document("Open report")).await;
    let only_other = json!({"nodes": [other.id().to_string()]});
    let restricted = node.publish(&token, "document", only_other, document("Closed report")).await;
    let origin = node.node.id().to_string();

    let (status, page) = peer.get(&node, &format!("/fed/v1/log/{origin}?after=0")).await;
    assert_eq!(status, 200, "{page}");
    let records = page["records"].as_array().unwrap();
    let seqs: Vec<u64> = records.iter().map(|r| r["header"]["seq"].as_u64().unwrap()).collect();
    assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>(), "in order from 1");
    let by_id = |id: &plenary::model::RecordId| {
        let id_of =
            |r: &Value| serde_json::from_value::<plenary::model::Record>(r.clone()).unwrap().id();
        records.iter().find(|r| id_of(r) == *id).cloned().unwrap()
    };
    assert!(by_id(&public)["body"].is_object());
    let hidden = by_id(&restricted);
    assert!(hidden.get("body").is_none(), "{hidden}");
    assert!(hidden["sig"].is_string(), "the header and signature still come");
    assert_eq!(page["more"], false);

    let (_, page) = other.get(&node, &format!("/fed/v1/log/{origin}?after=0")).await;
    let records = page["records"].as_array().unwrap();
    assert!(records.iter().all(|r| r["body"].is_object()), "the named node sees every body");

    let (_, page) = peer.get(&node, &format!("/fed/v1/log/{origin}?after=1&limit=1")).await;
    assert_eq!(page["records"].as_array().unwrap().len(), 1);
    assert_eq!(page["records"][0]["header"]["seq"], 2);
    assert_eq!(page["more"], true);

    let (status, body) = peer.get(&node, "/fed/v1/log/not-a-node?after=0").await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_input")), "{body}");
    let (status, body) = peer.get(&node, &format!("/fed/v1/log/{origin}?after=x")).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_input")), "{body}");
}

#[tokio::test]
async fn files_go_only_to_peers_that_may_see_a_record_listing_them_and_resume_by_range() {
    let peer = Caller::new(61);
    let other = Caller::new(62);
    let node = trusting(&[&peer, &other]).await;
    let bytes: &'static [u8] = b"Annex: the complete schedule of tariff lines, 2026 edition.\n";
    let attachment = node.upload(&node.admin, bytes, "annex.txt").await;
    let sha256 = attachment["sha256"].as_str().unwrap().to_owned();
    let mut body = document("Restricted schedule");
    body["attachments"] = json!([attachment]);
    let only_other = json!({"nodes": [other.id().to_string()]});
    node.publish(&node.admin, "document", only_other, body).await;
    let path = format!("/fed/v1/blobs/{sha256}");

    let (status, refused) = peer.get(&node, &path).await;
    assert!(matches!(status, 403 | 404), "{status} {refused}");

    let fetch = |range: Option<&'static str>| {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let auth = sign_request(&other.key, other.id(), node.node.id(), ("GET", &path, b""), now);
        let mut request = reqwest::Client::new()
            .get(format!("{}{path}", node.url))
            .header("authorization", auth.to_string());
        if let Some(range) = range {
            request = request.header("range", range);
        }
        request.send()
    };
    let whole = fetch(None).await.unwrap();
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.bytes().await.unwrap(), bytes);

    // A transfer cut after 20 bytes resumes from there; the pieces hash to the file's id.
    let first = fetch(Some("bytes=0-19")).await.unwrap();
    assert_eq!(first.status(), 206);
    let rest = fetch(Some("bytes=20-")).await.unwrap();
    assert_eq!(rest.status(), 206);
    let total = bytes.len();
    assert_eq!(rest.headers()["content-range"], format!("bytes 20-{}/{total}", total - 1).as_str());
    let mut joined = first.bytes().await.unwrap().to_vec();
    joined.extend_from_slice(&rest.bytes().await.unwrap());
    assert_eq!(plenary::model::Sha256::of(&joined).to_string(), sha256);

    let beyond = fetch(Some("bytes=5000-")).await.unwrap();
    assert_eq!(beyond.status(), 416);
    assert_eq!(beyond.headers()["content-range"], format!("bytes */{total}").as_str());
}

#[tokio::test]
async fn a_node_pulls_a_peers_log_and_withheld_bodies_stay_withheld() {
    let b_key = NodeKey::from_seed([71; 32]);
    let b_id = b_key.node_id();
    let a = TestNode::start_with(|c| c.federation.trusted = vec![b_id]).await;
    let elsewhere = Caller::new(72);
    let token = a.admin.clone();
    let public = a.publish(&token, "document", json!("public"), document("Tariff schedule")).await;
    let not_b = json!({"nodes": [elsewhere.id().to_string()]});
    let hidden = a.publish(&token, "document", not_b, document("Closed tariff note")).await;
    let peer = plenary::config::PeerConfig { url: a.url.clone(), node_id: Some(a.node.id()) };
    let b = TestNode::start_keyed(b_key, |c| {
        c.federation.peers = vec![peer];
        c.federation.sync_interval_secs = 1;
    })
    .await;

    let a_head = a.node.head_of(&a.node.id()).unwrap().unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while b.node.head_of(&a.node.id()).unwrap() != Some(a_head) {
        assert!(std::time::Instant::now() < deadline, "B never caught up with A");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (status, got) = b.get(&format!("/api/v1/records/{public}"), Some(&b.admin)).await;
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["verified"], true, "{got}");
    assert_eq!(got["record"]["body"]["title"], "Tariff schedule");
    let (status, got) = b.get(&format!("/api/v1/records/{hidden}"), Some(&b.admin)).await;
    assert_eq!(status, 404, "not visible to B's users: {got}");
    // B holds the header (its chain is whole) but never received the body: not even a node
    // the record names could get it from B.
    let named = plenary::node::Viewer::Peer(elsewhere.id());
    let page = b.node.log_page(&named, &a.node.id(), 0, 100).unwrap();
    let held = page.records.iter().find(|r| r.id() == hidden).expect("header held");
    assert!(held.body.is_none());
    assert!(page.records.iter().find(|r| r.id() == public).unwrap().body.is_some());

    // The pull that brought the records in reports when it completes.
    let peers = loop {
        let (status, peers) = b.get("/api/v1/peers", Some(&b.admin)).await;
        assert_eq!(status, 200, "{peers}");
        if peers[0]["last_sync"].is_string() {
            break peers;
        }
        assert!(std::time::Instant::now() < deadline, "no completed pull: {peers}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    let a_status = &peers[0];
    assert_eq!(a_status["node_id"], a.node.id().to_string(), "{peers}");
    assert_eq!(a_status["url"], a.url.as_str());
    assert_eq!(a_status["reachable"], true);
    assert!(a_status["last_sync"].is_string(), "{peers}");
    assert_eq!(a_status["lag"][a.node.id().to_string()], 0, "{peers}");
    assert_eq!(a_status["refused_records"], json!({}));
    assert_eq!(b.get("/api/v1/peers", None).await.0, 401, "admins only");

    b.indexed().await;
    let (_, page) = b.search(Some(&b.admin), &[("q", "tariff")]).await;
    let titles: Vec<&str> =
        page["hits"].as_array().unwrap().iter().filter_map(|h| h["title"].as_str()).collect();
    assert_eq!(titles, ["Tariff schedule"], "{page}");
}

#[tokio::test]
async fn a_publish_is_pushed_to_peers_without_waiting_for_the_interval() {
    let (a_key, b_key) = (NodeKey::from_seed([81; 32]), NodeKey::from_seed([82; 32]));
    let (a_id, b_id) = (a_key.node_id(), b_key.node_id());
    let bind = || tokio::net::TcpListener::bind("127.0.0.1:0");
    let (a_listener, b_listener) = (bind().await.unwrap(), bind().await.unwrap());
    let url = |l: &tokio::net::TcpListener| format!("http://{}", l.local_addr().unwrap());
    let peer = |url: String, id| plenary::config::PeerConfig { url, node_id: Some(id) };
    let (a_peer, b_peer) = (peer(url(&a_listener), a_id), peer(url(&b_listener), b_id));
    // An hour between pulls: only a notice can bring a record across within the test.
    let a = TestNode::start_on(a_listener, a_key, |c| {
        c.federation.peers = vec![b_peer];
        c.federation.sync_interval_secs = 3600;
    })
    .await;
    let b = TestNode::start_on(b_listener, b_key, |c| {
        c.federation.peers = vec![a_peer];
        c.federation.sync_interval_secs = 3600;
    })
    .await;
    let holds = |node: &TestNode, origin: NodeId, seq: u64| {
        node.node.head_of(&origin).unwrap().is_some_and(|(held, _)| held >= seq)
    };
    let wait_until = |what: &'static str, done: Box<dyn Fn() -> bool>| async move {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !done() {
            assert!(std::time::Instant::now() < deadline, "{what}");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    };
    for n in 0..3 {
        let title = format!("Pushed report {n}");
        let id = a.publish(&a.admin, "document", json!("public"), document(&title)).await;
        let seq = a.node.head_of(&a_id).unwrap().unwrap().0;
        let b_node = b.node.clone();
        let arrived =
            Box::new(move || b_node.head_of(&a_id).unwrap().is_some_and(|(s, _)| s >= seq));
        wait_until("A's record never reached B", arrived).await;
        assert!(holds(&b, a_id, seq), "{id}");
    }
    let id = b.publish(&b.admin, "document", json!("public"), document("Reply from B")).await;
    let seq = b.node.head_of(&b_id).unwrap().unwrap().0;
    let a_node = a.node.clone();
    let arrived = Box::new(move || a_node.head_of(&b_id).unwrap().is_some_and(|(s, _)| s >= seq));
    wait_until("B's record never reached A", arrived).await;
    assert!(holds(&a, b_id, seq), "{id}");
}

#[tokio::test]
async fn a_notice_wakes_the_pull_only_for_news() {
    let peer = Caller::new(85);
    // The node pulls from the caller (nothing listens at its URL: the pull just fails).
    let url = format!("http://{}", common::process::released_address());
    let pinned = plenary::config::PeerConfig { url, node_id: Some(peer.id()) };
    let node = TestNode::start_with(|c| c.federation.peers = vec![pinned]).await;
    let own = node.node.id().to_string();
    let stranger = Caller::new(86).id().to_string();
    let cases = [
        (json!([]), true, "no heads named: a file arrived there"),
        (json!([{"origin": own, "seq": 1}]), false, "an echo of what this node holds"),
        (json!([{"origin": own, "seq": 2}]), true, "a head this node lacks"),
        (json!([{"origin": stranger, "seq": 1}]), true, "an origin this node lacks"),
    ];
    for (heads, pulling, why) in cases {
        let (status, body) = peer.post(&node, "/fed/v1/notify", &json!({ "heads": heads })).await;
        assert_eq!((status, body["pulling"].as_bool()), (202, Some(pulling)), "{why}: {body}");
    }
    for bad in [json!({"news": []}), json!({"heads": [{"origin": "nobody", "seq": 1}]})] {
        let (status, body) = peer.post(&node, "/fed/v1/notify", &bad).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
}
