//! One organisation's node as a separate `plenary serve` process: made by `plenary init`, or
//! from one of the example configs in `node-config/` (its name, acronym and settings, with the
//! paths, address and peers of this test), driven through its HTTP API with the first admin's
//! token.

use std::path::PathBuf;
use std::time::Duration;

use plenary::config::{Config, PeerConfig};
use plenary::crypto::NodeKey;
use plenary::model::{NodeId, RecordId};
use serde_json::{Value, json};

use super::process::{Server, create_token, init, released_address, serve};

/// One organisation's node: its directory, config and, while it runs, its process.
pub struct Org {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
    pub url: String,
    pub key: NodeKey,
    pub running: Option<Server>,
    pub token: String,
}

impl Org {
    /// A node made by `plenary init` for `name` (`acronym`).
    pub async fn new(name: &str, acronym: &str) -> Org {
        let dir = tempfile::tempdir().unwrap();
        let listen = released_address();
        let node = init(dir.path(), name, acronym, &listen).await;
        let (config, key, url) = (node.config.clone(), node.key(), format!("http://{listen}"));
        Org { dir, config, url, key, running: None, token: String::new() }
    }

    /// A node configured as `node-config/EXAMPLE.toml` says, with this test's directory,
    /// address and key, no peers yet, and a short sync interval.
    pub async fn from_example(example: &str) -> Org {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("node-config/{example}.toml"));
        let mut config = Config::load(&path).unwrap();
        let mut org = Org::new(&config.node.name, &config.node.acronym).await;
        let made = Config::load(&org.config).unwrap();
        config.node.data_dir = made.node.data_dir;
        config.node.key_file = made.node.key_file;
        config.node.listen = made.node.listen;
        config.node.public_url = org.url.clone();
        config.federation.peers = Vec::new();
        config.federation.sync_interval_secs = 2;
        std::fs::write(&org.config, config.to_toml()).unwrap();
        org.token.clear();
        org
    }

    /// OECD, WTO and WHO from `node-config/`, started in a line — OECD – WTO – WHO — so OECD
    /// and WHO are two hops apart and WTO relays between them.
    pub async fn example_line() -> (Org, Org, Org) {
        let (mut oecd, mut wto, mut who) = (
            Org::from_example("oecd").await,
            Org::from_example("wto").await,
            Org::from_example("who").await,
        );
        oecd.pin(&[wto.peer()]);
        wto.pin(&[oecd.peer(), who.peer()]);
        who.pin(&[wto.peer()]);
        for org in [&mut oecd, &mut wto, &mut who] {
            org.start().await;
        }
        (oecd, wto, who)
    }

    pub fn id(&self) -> NodeId {
        self.key.node_id()
    }

    /// Pins `peers` (url and id) in the config.
    pub fn pin(&self, peers: &[(&str, NodeId)]) {
        let mut config = Config::load(&self.config).unwrap();
        config.federation.peers = peers
            .iter()
            .map(|(url, id)| PeerConfig { url: (*url).to_owned(), node_id: Some(*id) })
            .collect();
        std::fs::write(&self.config, config.to_toml()).unwrap();
    }

    pub fn peer(&self) -> (&str, NodeId) {
        (&self.url, self.id())
    }

    /// Starts the process (the first start makes the admin and this token).
    pub async fn start(&mut self) {
        let running = serve(&self.config).await;
        assert_eq!(running.url, self.url);
        if let Some(password) = &running.password {
            self.token = create_token(&running.url, password).await;
        }
        self.running = Some(running);
    }

    /// Kills the process (`kill -9`).
    pub async fn kill(&mut self) {
        self.running.take().expect("running").stop().await;
    }

    pub async fn upload(&self, bytes: Vec<u8>, media_type: &str, name: &str) -> Value {
        let size = bytes.len();
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/blobs", self.url))
            .bearer_auth(&self.token)
            .body(bytes)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        let stored: Value = response.json().await.unwrap();
        json!({"sha256": stored["sha256"], "size": size, "media_type": media_type, "name": name})
    }

    /// Posts `{kind, visibility?, body}`: status and answer.
    pub async fn try_publish(
        &self,
        kind: &str,
        visibility: Option<Value>,
        body: Value,
    ) -> (u16, Value) {
        let mut request = json!({"kind": kind, "body": body});
        if let Some(visibility) = visibility {
            request["visibility"] = visibility;
        }
        let response = reqwest::Client::new()
            .post(format!("{}/api/v1/records", self.url))
            .bearer_auth(&self.token)
            .json(&request)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
    }

    pub async fn publish(&self, kind: &str, visibility: Value, body: Value) -> RecordId {
        let (status, value) = self.try_publish(kind, Some(visibility), body).await;
        assert_eq!(status, 201, "{value}");
        value["id"].as_str().unwrap().parse().unwrap()
    }

    /// Publishes a contribution whose audience the node derives from its target.
    pub async fn contribute(&self, kind: &str, body: Value) -> RecordId {
        let (status, value) = self.try_publish(kind, None, body).await;
        assert_eq!(status, 201, "{value}");
        value["id"].as_str().unwrap().parse().unwrap()
    }

    /// GET as the admin.
    pub async fn get(&self, path: &str) -> (u16, Value) {
        self.get_as(path, Some(&self.token)).await
    }

    /// GET with `token`, or anonymously.
    pub async fn get_as(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut request = reqwest::Client::new().get(format!("{}{path}", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
    }

    /// A `/fed/v1` GET of `to`, signed by this node; status and body bytes.
    pub async fn signed_get(&self, to: &Org, path: &str) -> (u16, Vec<u8>) {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let auth =
            plenary::crypto::sign_request(&self.key, self.id(), to.id(), ("GET", path, b""), now);
        let response = reqwest::Client::new()
            .get(format!("{}{path}", to.url))
            .header("authorization", auth.to_string())
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.bytes().await.unwrap().to_vec())
    }

    /// The seq of `origin` this node holds, asked as `asker` (a member of its federation).
    pub async fn head_of(&self, asker: &Org, origin: NodeId) -> u64 {
        let (status, body) = asker.signed_get(self, "/fed/v1/heads").await;
        assert_eq!(status, 200);
        let heads: Vec<Value> = serde_json::from_slice(&body).unwrap();
        let head = heads.iter().find(|h| h["origin"] == origin.to_string());
        head.map_or(0, |h| h["seq"].as_u64().unwrap())
    }

    pub async fn search_ids(&self, query: &str) -> Vec<String> {
        let (status, page) = self.get(&format!("/api/v1/search?q={query}")).await;
        assert_eq!(status, 200, "{page}");
        super::hit_ids(&page)
    }

    pub fn holds_file(&self, sha256: &str) -> bool {
        self.dir.path().join("data/files/sha256").join(&sha256[..2]).join(sha256).exists()
    }

    /// Whether this node holds record `id` with its body (as its admin reads it).
    pub async fn holds_body(&self, id: &RecordId) -> bool {
        let (status, view) = self.get(&format!("/api/v1/records/{id}")).await;
        status == 200 && !view["record"]["body"].is_null()
    }

    /// Waits (up to `seconds`) until this node holds `id` with its body.
    pub async fn receives(&self, id: &RecordId, seconds: u64) {
        super::process::eventually(
            &format!("{} receives {id}", self.url),
            Duration::from_secs(seconds),
            || async { self.holds_body(id).await },
        )
        .await;
    }
}
