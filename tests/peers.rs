//! `plenary peer add|list|remove` as an operator runs them — the real binary on nodes created
//! with `plenary init` in temp directories — on a stopped node (its config file edited in place,
//! comments kept) and on a running one (through its API: the peer is pulled from at once and,
//! once removed, refused), and `/.well-known/plenary` listing the node's current keys.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;
use std::time::Duration;

use common::process::{
    Init, Server, eventually, get_json, init, released_address, run, serve, session_token,
};
use plenary::config::{Config, PeerConfig};
use plenary::crypto::{NodeKey, sign_request};
use plenary::model::{NodeId, Sha256};
use plenary::store::{Batch, KeyHistory, Store};
use serde_json::{Value, json};

/// How long a pulled record, or a peer's status, may take to show.
const DEADLINE: Duration = Duration::from_secs(30);

/// `plenary init` in `DIR/NAME` for "Organisation NAME".
async fn named_node(dir: &Path, name: &str, listen: &str) -> Init {
    init(&dir.join(name), &format!("Organisation {name}"), &name.to_uppercase(), listen).await
}

/// What `plenary peer add` shows: SHA-256 of the id's bytes, hex, in groups of four.
fn fingerprint(id: &NodeId) -> String {
    let hex = Sha256::of(id.as_bytes()).to_string();
    hex.as_bytes().chunks(4).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join(" ")
}

/// A node id that starts with `-`.
fn dashed_id() -> String {
    let ids = std::iter::repeat_with(|| NodeKey::generate().node_id().to_string());
    ids.take(100_000).find(|id| id.starts_with('-')).unwrap()
}

/// A signed `GET /fed/v1/heads` from `caller` to the node `to` at `url`: status and code.
async fn heads_as(caller: &Init, to: &Init, url: &str) -> (u16, Option<String>) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let auth = sign_request(&caller.key(), caller.id, to.id, ("GET", "/fed/v1/heads", b""), now);
    let response = reqwest::Client::new()
        .get(format!("{url}/fed/v1/heads"))
        .header("authorization", auth.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap_or(Value::Null);
    (status, body["code"].as_str().map(str::to_owned))
}

#[tokio::test]
async fn peer_commands_edit_a_stopped_nodes_config_keeping_its_comments() {
    let dir = tempfile::tempdir().unwrap();
    let a = named_node(dir.path(), "a", &released_address()).await;
    let b = named_node(dir.path(), "b", "127.0.0.1:0").await;
    let server_b = serve(&b.config).await;
    let url_b = server_b.url.clone();
    let commented = format!("# Operator's note: keep this.\n{}", a.text())
        .replace("[federation]\n", "[federation]\n# Partners we pull from.\n")
        .replace("sync_interval_secs = 30", "sync_interval_secs = 30 # repair pulls");
    std::fs::write(&a.config, &commented).unwrap();
    // Ids may start with `-` (one in 64): they are ids, not options.
    let other = dashed_id();
    let (id_a, id_b) = (a.id.to_string(), b.id.to_string());

    let unreachable = format!("http://{}", released_address());
    let out = a.run(&["peer", "add", &unreachable]).await;
    out.fails_saying("an unreachable peer without --node-id", &["cannot reach", "--node-id"]);
    let out = a.run(&["peer", "add", &url_b, "--node-id", &other]).await;
    out.fails_saying("a --node-id the peer contradicts", &[&id_b, &other, "nothing was pinned"]);
    assert!(out.stdout.contains(&fingerprint(&b.id)), "the peer's real id is shown: {out:?}");
    let out = a.run(&["peer", "add", &url_b, "--node-id", &id_a]).await;
    out.fails_saying("the node's own id", &["own id"]);
    let out = a.run(&["peer", "add", "ftp://b.example", "--node-id", &id_b]).await;
    out.fails_saying("a bad url", &["not a peer url"]);
    let out = a.run(&["peer", "add", &url_b, "--node-id", "not-an-id"]).await;
    out.fails_saying("a malformed id", &["--node-id", "node id must be"]);
    assert_eq!(a.text(), commented, "refused commands leave the file alone");

    let out = a.run(&["peer", "add", &format!("{url_b}/")]).await;
    let shown = out.ok("peer add of a reachable node");
    for expected in [id_b.as_str(), &fingerprint(&b.id), "Organisation b", "B", &url_b] {
        assert!(shown.contains(expected), "add shows {expected:?}: {out:?}");
    }
    assert!(shown.contains(&format!("pinned {id_b} at {url_b} in ")), "{out:?}");
    let text = a.text();
    for line in commented.lines().filter(|l| *l != "peers = []") {
        assert!(text.contains(line), "the edit keeps {line:?}:\n{text}");
    }
    assert_eq!(a.peers(), [PeerConfig { url: url_b.clone(), node_id: Some(b.id) }]);

    let listed = a.run(&["peer", "list"]).await;
    assert_eq!(listed.ok("peer list"), format!("{id_b}\t{url_b}\n"));
    assert!(listed.stderr.contains("stopped"), "{listed:?}");
    a.run(&["peer", "add", &url_b]).await.fails_saying("a duplicate", &["already a peer", &id_b]);

    let out = a.run(&["peer", "add", &unreachable, "--node-id", &other]).await;
    assert!(out.ok("pinning without contact").contains(&format!("pinned {other}")), "{out:?}");
    assert!(out.stderr.contains("without contact"), "{out:?}");
    assert_eq!(a.peers().len(), 2);
    let dup_url = a.run(&["peer", "add", &format!("{unreachable}/"), "--node-id", &id_b]).await;
    dup_url.fails_saying("a duplicate url", &["already a peer"]);

    let third = dashed_id();
    a.run(&["peer", "remove", &third]).await.fails_saying("an unknown id", &[&third, "not a peer"]);
    a.run(&["peer", "remove", "nonsense"])
        .await
        .fails_saying("a malformed id", &["node id must be"]);
    let out = a.run(&["peer", "remove", &id_b]).await;
    assert!(out.ok("peer remove").starts_with(&format!("removed {id_b} ({url_b})")), "{out:?}");
    a.run(&["peer", "remove", &other]).await.ok("peer remove of the second");
    assert_eq!(a.text(), commented, "removing both restores the file byte for byte");
    let listed = a.run(&["peer", "list"]).await;
    assert_eq!(listed.ok("empty peer list"), "");
    assert!(listed.stderr.contains("no peers"), "{listed:?}");

    // Without a config file there is nothing to pin peers in.
    let empty = tempfile::tempdir().unwrap();
    for args in [vec!["peer", "list"], vec!["peer", "add", &url_b], vec!["peer", "remove", &id_b]] {
        run(empty.path(), &args)
            .await
            .fails_saying("no config file", &["no config file", "plenary init"]);
    }
    assert!(std::fs::read_dir(empty.path()).unwrap().next().is_none(), "and creates nothing");
    server_b.stop().await;
}

#[tokio::test]
async fn a_running_node_takes_and_drops_a_peer_without_restart() {
    let dir = tempfile::tempdir().unwrap();
    let a = named_node(dir.path(), "a", &released_address()).await;
    let b = named_node(dir.path(), "b", &released_address()).await;
    // A counts no relayed origins: B is a member only while pinned.
    std::fs::write(&a.config, a.text().replace("relayed_trust = true", "relayed_trust = false"))
        .unwrap();
    let (id_a, id_b) = (a.id.to_string(), b.id.to_string());

    // B pins A while A is down: without contact.
    let a_listen = Config::load(&a.config).unwrap().node.listen;
    let out = b.run(&["peer", "add", &format!("http://{a_listen}"), "--node-id", &id_a]).await;
    assert!(out.ok("B pins A").contains(&format!("pinned {id_a}")), "{out:?}");
    assert!(out.stderr.contains("without contact"), "{out:?}");

    let server_a = serve(&a.config).await;
    let server_b = serve(&b.config).await;
    let url_a = server_a.url.clone();
    let url_b = server_b.url.clone();
    assert_eq!(heads_as(&b, &a, &url_a).await, (403, Some("not_in_federation".into())));

    let out = a.run(&["peer", "add", &url_b]).await;
    assert!(out.ok("peer add on a running node").contains(&format!("pinned {id_b}")), "{out:?}");
    assert!(out.stderr.contains("pulls from it now"), "through the running node: {out:?}");
    assert_eq!(a.peers(), [PeerConfig { url: url_b.clone(), node_id: Some(b.id) }]);
    assert_eq!(heads_as(&b, &a, &url_a).await, (200, None), "B is a member now");
    a.run(&["peer", "add", &url_b]).await.fails_saying("a duplicate, online", &["already a peer"]);

    // Published on B after the add, the record reaches A without a restart.
    let client = reqwest::Client::new();
    let password = server_b.password.clone().expect("first start prints the admin password");
    let token = session_token(&url_b, "admin", &password).await;
    let body = json!({"kind": "document", "visibility": "public",
        "body": {"title": "Live peering notes", "language": "en"}});
    let response = client
        .post(format!("{url_b}/api/v1/records"))
        .bearer_auth(&token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let published: Value = response.json().await.unwrap();
    let record = format!("{url_a}/api/v1/records/{}", published["id"].as_str().unwrap());
    eventually("A holds B's new record", DEADLINE, || async {
        client.get(&record).send().await.is_ok_and(|r| r.status() == 200)
    })
    .await;
    eventually("peer list shows B reachable", DEADLINE, || async {
        let listed = a.run(&["peer", "list"]).await;
        let line = format!("{id_b}\t{url_b}\treachable\tlast sync 20");
        listed.status.success() && listed.stdout.lines().any(|l| l.starts_with(&line))
    })
    .await;

    let out = a.run(&["peer", "remove", &id_b]).await;
    assert!(out.ok("peer remove on a running node").starts_with(&format!("removed {id_b}")));
    assert!(a.peers().is_empty());
    assert_eq!(heads_as(&b, &a, &url_a).await, (403, Some("not_in_federation".into())));
    let listed = a.run(&["peer", "list"]).await;
    assert!(!listed.ok("peer list after remove").contains(&id_b), "{listed:?}");
    let unknown = a.run(&["peer", "remove", &id_b]).await;
    unknown.fails_saying("removing it again, online", &["peer_not_found"]);

    // The API refuses what the CLI would, with its error codes.
    let control: Value =
        serde_json::from_str(&std::fs::read_to_string(a.dir.join("data/control.json")).unwrap())
            .unwrap();
    let operator = control["token"].as_str().unwrap();
    let add = |body: Value| {
        client.post(format!("{url_a}/api/v1/peers")).bearer_auth(operator).json(&body).send()
    };
    let own = add(json!({"url": url_b, "node_id": id_a})).await.unwrap();
    assert_eq!(own.status(), 400);
    let bad = add(json!({"url": url_b, "node_id": "nope"})).await.unwrap();
    assert_eq!(bad.json::<Value>().await.unwrap()["field"], "node_id");
    let anonymous = client
        .post(format!("{url_a}/api/v1/peers"))
        .json(&json!({"url": url_b, "node_id": id_b}))
        .send();
    assert_eq!(anonymous.await.unwrap().status(), 401);

    // Pinned through the API (no contact), a wrong id is refused by the peer on first contact.
    let wrong = NodeKey::generate().node_id().to_string();
    let pinned = add(json!({"url": url_b, "node_id": wrong})).await.unwrap();
    assert_eq!(pinned.status(), 201);
    let peers = format!("{url_a}/api/v1/peers");
    eventually(
        "A's pull from the wrongly pinned B is refused as wrong_destination",
        DEADLINE,
        || async {
            let statuses = get_json(&peers, operator).await;
            statuses.as_array().unwrap().iter().any(|s| {
                s["node_id"] == wrong.as_str()
                    && s["last_error"].as_str().is_some_and(|e| e.contains("wrong_destination"))
            })
        },
    )
    .await;
    let removed = client.delete(format!("{peers}/{wrong}")).bearer_auth(operator).send().await;
    let removed: Value = removed.unwrap().json().await.unwrap();
    assert_eq!(removed, json!({"url": url_b, "node_id": wrong}));
    assert!(a.peers().is_empty());
    server_a.stop().await;
    server_b.stop().await;
}

#[tokio::test]
async fn well_known_lists_the_nodes_current_keys() {
    let dir = tempfile::tempdir().unwrap();
    let node = named_node(dir.path(), "k", "127.0.0.1:0").await;
    let keys = |server: &Server| {
        let url = format!("{}/.well-known/plenary", server.url);
        async move {
            let known: Value = reqwest::get(url).await.unwrap().json().await.unwrap();
            assert_eq!(known["node_id"], node.id.to_string());
            let keys = known["keys"].as_array().unwrap().iter();
            keys.map(|k| k.as_str().unwrap().to_owned()).collect::<Vec<_>>()
        }
    };
    let server = serve(&node.config).await;
    assert_eq!(keys(&server).await, [node.id.to_string()], "the genesis key alone");
    server.stop().await;

    // Key history as the node's own key records would leave it.
    let key = |seed: u8| NodeKey::from_seed([seed; 32]).key_id();
    let history = |added: &str, retired: Option<&str>, revoked: Option<&str>| KeyHistory {
        added_at: Some(added.into()),
        retired_at: retired.map(Into::into),
        revoked_at: revoked.map(Into::into),
    };
    let store = Store::open_sled(&node.dir.join("data/db"), 1 << 20).unwrap();
    let mut batch = Batch::default();
    let past = "2020-01-01T00:00:00Z";
    let entries = [
        (key(1), history(past, None, None)),
        (key(2), history(past, Some("2021-01-01T00:00:00Z"), None)),
        (key(3), history(past, None, Some("2021-01-01T00:00:00Z"))),
        (key(4), history(past, Some("2999-01-01T00:00:00Z"), None)),
        (key(5), history("2999-01-01T00:00:00Z", None, None)),
    ];
    for (key, history) in &entries {
        Store::stage_key(&mut batch, &node.id, key, history);
    }
    Store::stage_key(&mut batch, &NodeKey::from_seed([6; 32]).node_id(), &key(6), &entries[0].1);
    store.apply(&batch).unwrap();
    store.flush().unwrap();
    drop(store);

    let server = serve(&node.config).await;
    let listed = keys(&server).await;
    assert_eq!(listed[0], node.id.to_string(), "the genesis key first: {listed:?}");
    let mut rest = listed[1..].to_vec();
    rest.sort();
    let mut expected = vec![key(1).to_string(), key(4).to_string()];
    expected.sort();
    assert_eq!(rest, expected, "added keys in force; not retired, revoked or future ones");
    server.stop().await;
}

#[tokio::test]
async fn peer_commands_have_help() {
    let dir = tempfile::tempdir().unwrap();
    for command in [&["peer"][..], &["peer", "add"], &["peer", "list"], &["peer", "remove"]] {
        let mut args = command.to_vec();
        args.push("--help");
        let out = run(dir.path(), &args).await;
        let usage = format!("Usage: plenary {}", command.join(" "));
        assert!(out.ok("help").contains(&usage), "{args:?} prints its usage: {out:?}");
    }
    let help = run(dir.path(), &["peer", "add", "--help"]).await;
    assert!(help.ok("peer add --help").contains("--node-id <ID>"), "{help:?}");
    run(dir.path(), &["peer", "frobnicate"])
        .await
        .fails_saying("an unknown subcommand", &["frobnicate"]);
}

#[tokio::test]
async fn the_peer_routes_need_an_admin_and_a_config_file() {
    let node = common::TestNode::start().await;
    let body = json!({"url": "http://127.0.0.1:9", "node_id": NodeId([7; 32]).to_string()});
    let member = node.user_token("mia", plenary::node::Role::Member).await;
    let response = node.post_json("/api/v1/peers", Some(&member), &body).await;
    assert_eq!(response.status(), 403);
    let response = node.post_json("/api/v1/peers", Some(&node.admin), &body).await;
    assert_eq!(response.status(), 409, "an in-memory config has no file to pin peers in");
    let refusal: Value = response.json().await.unwrap();
    assert!(refusal["message"].as_str().unwrap().contains("plenary init"), "{refusal}");
    let path = format!("/api/v1/peers/{}", NodeId([7; 32]));
    let response = node.request(reqwest::Method::DELETE, &path, Some(&node.admin)).send().await;
    assert_eq!(response.unwrap().status(), 409);
    let (status, peers) = node.get("/api/v1/peers", Some(&node.admin)).await;
    assert_eq!((status, peers), (200, json!([])), "nothing changed");
}
