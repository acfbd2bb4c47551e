//! Separate `plenary serve` processes for tests that kill, restart or federate real binaries:
//! init, start (reading the first admin password and the address it prints), API tokens, and
//! paging through what a node holds.

use std::path::{Path, PathBuf};
use std::time::Duration;

use plenary::model::{Record, RecordId};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// A running `plenary serve`.
pub struct Running {
    /// The process (killed when dropped).
    pub child: Child,
    /// `http://ADDR` it listens on.
    pub url: String,
    /// The first admin's password, printed on the first start only.
    pub first_password: Option<String>,
}

/// The `plenary` binary under test, with a quiet log.
pub fn plenary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plenary"));
    command.env_remove("PLENARY_CONFIG").env("PLENARY_LOG", "warn");
    command
}

/// Starts `plenary serve` and waits for it to print its address.
pub async fn start(config: &Path) -> Running {
    let mut child = plenary()
        .arg("serve")
        .arg("--config")
        .arg(config)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut first_password = None;
    let read = async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(password) = line.trim().strip_prefix("password: ") {
                first_password = Some(password.to_owned());
            }
            if let Some((_, url)) = line.split_once(" listening on ") {
                return url.to_owned();
            }
        }
        panic!("plenary serve exited before listening");
    };
    let url =
        tokio::time::timeout(Duration::from_secs(30), read).await.expect("node starts within 30 s");
    Running { child, url, first_password }
}

/// Runs `plenary init` in a new directory listening on `listen`; returns the directory and
/// its config file.
pub async fn init(name: &str, acronym: &str, listen: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let status = plenary()
        .args(["init", "--name", name, "--acronym", acronym, "--listen", listen])
        .arg("--dir")
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .status()
        .await
        .unwrap();
    assert!(status.success(), "plenary init");
    let config = dir.path().join("plenary.toml");
    (dir, config)
}

/// An API token of the first admin (logging in with its password).
pub async fn create_token(url: &str, password: &str) -> String {
    let http = reqwest::Client::new();
    let session: Value = http
        .post(format!("{url}/api/v1/session"))
        .json(&json!({"username": "admin", "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let created: Value = http
        .post(format!("{url}/api/v1/tokens"))
        .bearer_auth(session["token"].as_str().unwrap())
        .json(&json!({"name": "durability", "username": "admin"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    created["token"].as_str().unwrap().to_owned()
}

/// Pages through one origin's log, oldest first.
pub async fn own_log(url: &str, token: &str, origin: &str) -> Vec<Record> {
    let http = reqwest::Client::new();
    let mut records = Vec::new();
    let mut after = 0;
    loop {
        let page: Value = http
            .get(format!("{url}/api/v1/records?origin={origin}&after={after}&limit=500"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for record in page["records"].as_array().unwrap() {
            records.push(serde_json::from_value::<Record>(record.clone()).unwrap());
        }
        match page["next_after"].as_u64() {
            Some(next) => after = next,
            None => return records,
        }
    }
}

/// Every record in arrival order (the other index over the same records), duplicates kept.
pub async fn arrival_ids(url: &str, token: &str) -> Vec<RecordId> {
    let http = reqwest::Client::new();
    let mut ids = Vec::new();
    let mut after = 0;
    loop {
        let page: Value = http
            .get(format!("{url}/api/v1/records?after={after}&limit=500"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        for record in page["records"].as_array().unwrap() {
            ids.push(serde_json::from_value::<Record>(record.clone()).unwrap().id());
        }
        match page["next_after"].as_u64() {
            Some(next) => after = next,
            None => return ids,
        }
    }
}
