//! Test harness: real nodes in-process on port 0 with real sled and file directories, real HTTP
//! clients, and a foreign origin that signs its own log for ingest tests.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod browser;
pub mod org;
pub mod pdf;
pub mod process;

use std::sync::Arc;

use plenary::config::{Config, EMBEDDED_DEFAULT};
use plenary::crypto::NodeKey;
use plenary::model::record::{body_hash, format_utc_timestamp};
use plenary::model::{Header, Kind, Record, RecordId, Visibility};
use plenary::node::{Node, Role};
use plenary::server;
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::oneshot;

/// A node serving on loopback for the duration of a test.
pub struct TestNode {
    /// Holds the data directory alive.
    pub dir: TempDir,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The core, for assertions below the HTTP layer.
    pub node: Arc<Node>,
    /// A session token of the first admin.
    pub admin: String,
    stop: Option<oneshot::Sender<()>>,
}

/// A config for a node in `dir`, adjusted by `tweak`.
pub fn config_in(dir: &std::path::Path, tweak: impl FnOnce(&mut Config)) -> Config {
    let mut config = Config::parse(EMBEDDED_DEFAULT, "test", dir, []).unwrap();
    config.node.listen = "127.0.0.1:0".parse().unwrap();
    tweak(&mut config);
    config
}

/// Node settings from `config`, with text extraction run by the real `plenary` binary.
pub fn settings(config: &Config) -> plenary::node::Settings {
    let mut settings = plenary::node::Settings::from_config(config);
    let limits = plenary::extract::Limits {
        timeout: std::time::Duration::from_secs(20),
        ..Default::default()
    };
    let worker = env!("CARGO_BIN_EXE_plenary").into();
    settings.extraction =
        Some(plenary::node::indexing::Extraction { worker, limits, concurrency: 1 });
    settings
}

impl TestNode {
    /// A node on the default limits.
    pub async fn start() -> TestNode {
        TestNode::start_with(|_| {}).await
    }

    /// A node whose config `tweak` adjusts.
    pub async fn start_with(tweak: impl FnOnce(&mut Config)) -> TestNode {
        TestNode::start_keyed(NodeKey::generate(), tweak).await
    }

    /// A node with a given key (so others can trust its id before it starts).
    pub async fn start_keyed(key: NodeKey, tweak: impl FnOnce(&mut Config)) -> TestNode {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        TestNode::start_on(listener, key, tweak).await
    }

    /// A node serving on `listener` (bound beforehand, so peers can know its URL).
    pub async fn start_on(
        listener: tokio::net::TcpListener,
        key: NodeKey,
        tweak: impl FnOnce(&mut Config),
    ) -> TestNode {
        let dir = tempfile::tempdir().unwrap();
        let config = config_in(dir.path(), tweak);
        let url = format!("http://{}", listener.local_addr().unwrap());
        let bound = listener.local_addr().unwrap();
        let prepared = server::prepare_with(&config, key, bound, settings(&config)).await.unwrap();
        let password = prepared.first_admin_password.clone().expect("first start creates an admin");
        let (stop, stopped) = oneshot::channel::<()>();
        tokio::spawn(server::run(listener, prepared.state, async {
            let _ = stopped.await;
        }));
        let mut node =
            TestNode { dir, url, node: prepared.node, admin: String::new(), stop: Some(stop) };
        node.admin = node.login("admin", &password).await;
        node
    }

    /// Logs in and returns the session token.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let response = self
            .post_json(
                "/api/v1/session",
                None,
                &json!({"username": username, "password": password}),
            )
            .await;
        assert_eq!(response.status(), 200, "login as {username}");
        response.json::<Value>().await.unwrap()["token"].as_str().unwrap().to_owned()
    }

    /// Creates a user with `role` and returns an API token for it.
    pub async fn user_token(&self, username: &str, role: Role) -> String {
        self.node.add_user(username, role, "a long test password").await.unwrap();
        self.node.create_token(&format!("{username}-token"), username).unwrap().token
    }

    /// A request builder for `path` with an optional bearer token.
    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let builder = reqwest::Client::new().request(method, format!("{}{path}", self.url));
        match token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    /// `POST` a JSON value.
    pub async fn post_json(
        &self,
        path: &str,
        token: Option<&str>,
        body: &Value,
    ) -> reqwest::Response {
        self.request(reqwest::Method::POST, path, token).json(body).send().await.unwrap()
    }

    /// `POST` raw bytes.
    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> reqwest::Response {
        self.request(reqwest::Method::POST, path, token).body(body).send().await.unwrap()
    }

    /// `GET` and return status and JSON (Null when the body is not JSON).
    pub async fn get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let response = self.request(reqwest::Method::GET, path, token).send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Publishes through the API and returns the new record id.
    pub async fn publish(
        &self,
        token: &str,
        kind: &str,
        visibility: Value,
        body: Value,
    ) -> RecordId {
        let response = self
            .post_json(
                "/api/v1/records",
                Some(token),
                &json!({"kind": kind, "visibility": visibility, "body": body}),
            )
            .await;
        let status = response.status();
        let value: Value = response.json().await.unwrap();
        assert_eq!(status, 201, "publish {kind}: {value}");
        value["id"].as_str().unwrap().parse().unwrap()
    }

    /// Uploads bytes and returns the attachment entry for a body.
    pub async fn upload(&self, token: &str, bytes: &'static [u8], name: &str) -> Value {
        let response = self.post_raw("/api/v1/blobs", Some(token), bytes).await;
        assert_eq!(response.status(), 201);
        let stored: Value = response.json().await.unwrap();
        json!({"sha256": stored["sha256"], "size": stored["size"], "media_type": "text/plain", "name": name})
    }

    /// Waits (up to 20 s) until everything this node holds is searchable.
    pub async fn indexed(&self) {
        let target = self.node.last_arrival().unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(20), self.node.wait_indexed(target))
            .await
            .expect("the index catches up within 20 s")
            .unwrap();
    }

    /// Rebuilds the index from the store and waits until it is complete.
    pub async fn reindexed(&self) {
        self.node.reindex().await.unwrap();
        self.indexed().await;
    }

    /// `GET /api/v1/search` with `query` (already URL-encoded pairs) as `token`.
    pub async fn search(&self, token: Option<&str>, query: &[(&str, &str)]) -> (u16, Value) {
        let response = self
            .request(reqwest::Method::GET, "/api/v1/search", token)
            .query(query)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// Number of records in this node's own log.
    pub fn own_log_len(&self) -> u64 {
        self.node.own_head().unwrap().map_or(0, |(seq, _)| seq)
    }
}

impl Drop for TestNode {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Another organisation's log, signed with its own key, for feeding `ingest`.
pub struct ForeignLog {
    pub key: NodeKey,
    pub records: Vec<Record>,
}

impl ForeignLog {
    /// A new origin whose seq 1 (its node record) is already made.
    pub fn new(seed: u8) -> ForeignLog {
        let mut log = ForeignLog { key: NodeKey::from_seed([seed; 32]), records: Vec::new() };
        log.append(
            Kind::Node,
            Visibility::PUBLIC,
            json!({"name": format!("Org {seed}"), "acronym": format!("ORG{seed}")}),
        );
        log
    }

    /// Builds (without storing) the next record, signed.
    pub fn next(&self, kind: Kind, visibility: Visibility, body: Value) -> Record {
        let prev = self.records.last();
        let header = Header {
            plenary: 1,
            origin: self.key.node_id(),
            key: self.key.key_id(),
            seq: prev.map_or(1, |r| r.header.seq + 1),
            prev: prev.map(Record::id),
            kind,
            created_at: format_utc_timestamp(time::OffsetDateTime::now_utc()),
            visibility,
            body_hash: body_hash(&body),
        };
        self.sign(header, Some(body))
    }

    /// Signs a header as this origin.
    pub fn sign(&self, header: Header, body: Option<Value>) -> Record {
        let sig = self.key.sign_header(&header);
        Record { header, sig, body }
    }

    /// Builds the next record and appends it to the log.
    pub fn append(&mut self, kind: Kind, visibility: Visibility, body: Value) -> Record {
        let record = self.next(kind, visibility, body);
        self.records.push(record.clone());
        record
    }
}

/// The record ids of a search page's hits, in order.
pub fn hit_ids(page: &Value) -> Vec<String> {
    page["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect()
}

/// An English document body with a summary.
pub fn summarised(title: &str, summary: &str) -> Value {
    json!({"title": title, "language": "en", "summary": summary})
}

/// A minimal valid document body.
pub fn document(title: &str) -> Value {
    json!({"title": title, "language": "en"})
}
