//! The real `plenary` binary as a subprocess, for tests that run its commands or kill, restart
//! and federate separate `plenary serve` processes: a command with a clean environment, a
//! finished command's status and output, `plenary init`, `plenary serve` (its node id, address,
//! the first admin's password and its stderr when it fails to start), logging in and API
//! tokens, paging through what a node holds, and polling until something holds.

use std::path::{Path, PathBuf};
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use plenary::config::{Config, PeerConfig};
use plenary::crypto::NodeKey;
use plenary::model::{NodeId, Record, RecordId};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout, Command};
use tokio::task::JoinHandle;

/// How long a node may take to print its address.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// How long a command other than `serve` may take to finish.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// The `plenary` binary under test in `dir`, with a quiet log, no `PLENARY_*` variable
/// inherited from the test's environment, and killed when dropped.
pub fn plenary(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_plenary"));
    command.current_dir(dir);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("PLENARY_") {
            command.env_remove(name);
        }
    }
    command.env("PLENARY_LOG", "warn").kill_on_drop(true);
    command
}

/// What a finished command did.
#[derive(Debug)]
pub struct Out {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// Asserts success and returns stdout.
    pub fn ok(&self, what: &str) -> &str {
        assert!(self.status.success(), "{what} should succeed: {self:#?}");
        &self.stdout
    }

    /// Asserts failure with a non-empty stderr and returns it.
    pub fn fails(&self, what: &str) -> &str {
        assert!(!self.status.success(), "{what} should fail: {self:#?}");
        assert!(!self.stderr.trim().is_empty(), "{what} explains its failure: {self:#?}");
        &self.stderr
    }

    /// Asserts failure with a stderr containing every one of `needles`.
    pub fn fails_saying(&self, what: &str, needles: &[&str]) {
        let stderr = self.fails(what);
        for needle in needles {
            assert!(stderr.contains(needle), "{what}: stderr should mention {needle:?}: {self:#?}");
        }
    }
}

/// Runs `command` to completion with `stdin` piped in (or an empty, non-terminal stdin).
pub async fn finish(mut command: Command, stdin: Option<&str>) -> Out {
    command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        // A command that refuses before reading its input exits and closes the pipe; its
        // status and output are what the test judges.
        if let Err(err) = pipe.write_all(text.as_bytes()).await {
            assert_eq!(err.kind(), std::io::ErrorKind::BrokenPipe, "{err}");
        }
    }
    drop(pipe);
    let output = tokio::time::timeout(RUN_TIMEOUT, child.wait_with_output())
        .await
        .expect("command finishes within 60 s")
        .unwrap();
    Out {
        status: output.status,
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// Runs `plenary ARGS` in `dir`.
pub async fn run(dir: &Path, args: &[&str]) -> Out {
    run_env(dir, args, &[]).await
}

/// Runs `plenary ARGS` in `dir` with extra environment variables.
pub async fn run_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Out {
    let mut command = plenary(dir);
    command.args(args).envs(env.iter().copied());
    finish(command, None).await
}

/// Runs `plenary ARGS` in `dir` with `stdin` piped in.
pub async fn run_stdin(dir: &Path, args: &[&str], stdin: &str) -> Out {
    let mut command = plenary(dir);
    command.args(args);
    finish(command, Some(stdin)).await
}

/// A node created with `plenary init`.
pub struct Init {
    /// Its directory.
    pub dir: PathBuf,
    /// `DIR/plenary.toml`.
    pub config: PathBuf,
    /// The id `plenary init` printed.
    pub id: NodeId,
}

/// Runs `plenary init --dir DIR` (from DIR's parent, creating DIR if missing) for an
/// organisation listening on `listen`.
pub async fn init(dir: &Path, name: &str, acronym: &str, listen: &str) -> Init {
    let parent = dir.parent().expect("a node directory has a parent");
    let dir_arg = dir.to_str().unwrap();
    let args = ["init", "--dir", dir_arg, "--name", name, "--acronym", acronym, "--listen", listen];
    let out = run(parent, &args).await;
    let id = out.ok("plenary init").trim().parse().unwrap();
    Init { dir: dir.to_owned(), config: dir.join("plenary.toml"), id }
}

impl Init {
    /// The config path as an argument.
    pub fn config_arg(&self) -> &str {
        self.config.to_str().unwrap()
    }

    /// The config file's text.
    pub fn text(&self) -> String {
        std::fs::read_to_string(&self.config).unwrap()
    }

    /// The peers the config file pins.
    pub fn peers(&self) -> Vec<PeerConfig> {
        Config::load(&self.config).unwrap().federation.peers
    }

    /// The node's key, as `plenary init` wrote it.
    pub fn key(&self) -> NodeKey {
        NodeKey::load(&self.dir.join("node.key")).unwrap()
    }

    /// Runs `plenary ARGS --config CONFIG` in the node's directory.
    pub async fn run(&self, args: &[&str]) -> Out {
        let mut all = args.to_vec();
        all.extend(["--config", self.config_arg()]);
        run(&self.dir, &all).await
    }
}

/// A running `plenary serve` (killed when dropped).
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT` it listens on.
    pub url: String,
    /// The node id it printed with its address.
    pub node_id: String,
    /// The first admin's password, printed on the first start only.
    pub password: Option<String>,
    /// Lines printed before the listening line.
    pub banner: Vec<String>,
    stdout: Lines<BufReader<ChildStdout>>,
    stderr: JoinHandle<String>,
}

/// Starts `plenary serve ARGS` in `dir` and waits for it to print its address; `Err(stderr)`
/// when it exits before listening.
pub async fn try_serve(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Result<Server, String> {
    let mut child = plenary(dir)
        .arg("serve")
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr_pipe = child.stderr.take().unwrap();
    let stderr = tokio::spawn(async move {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text).await;
        text
    });
    let mut stdout = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut banner = Vec::new();
    let listening = async {
        while let Some(line) = stdout.next_line().await.unwrap() {
            let parsed = line
                .strip_prefix("plenary node ")
                .and_then(|rest| rest.split_once(" listening on "))
                .map(|(id, url)| (id.to_owned(), url.to_owned()));
            if parsed.is_some() {
                return parsed;
            }
            banner.push(line);
        }
        None
    };
    let parsed =
        tokio::time::timeout(START_TIMEOUT, listening).await.expect("serve starts in time");
    let Some((node_id, url)) = parsed else {
        let _ = child.wait().await;
        return Err(stderr.await.unwrap());
    };
    assert!(url.starts_with("http://127.0.0.1:"), "listening url {url}");
    let password = banner.iter().find_map(|l| l.strip_prefix("  password: ")).map(str::to_owned);
    Ok(Server { child, url, node_id, password, banner, stdout, stderr })
}

/// Starts `plenary serve --config CONFIG` in the config's directory.
pub async fn serve(config: &Path) -> Server {
    let dir = config.parent().expect("a config file has a directory");
    try_serve(dir, &["--config", config.to_str().unwrap()], &[])
        .await
        .unwrap_or_else(|stderr| panic!("plenary serve exited before listening: {stderr}"))
}

impl Server {
    /// Kills the node (`kill -9`); returns everything it printed on stdout after the listening
    /// line.
    pub async fn stop(mut self) -> Vec<String> {
        self.child.start_kill().unwrap();
        self.child.wait().await.unwrap();
        let mut rest = Vec::new();
        while let Some(line) = self.stdout.next_line().await.unwrap() {
            rest.push(line);
        }
        let _ = self.stderr.await;
        rest
    }
}

/// A loopback address nothing listens on (a port the kernel handed out, then released).
pub fn released_address() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().to_string()
}

/// Logs in over HTTP; returns the status and body.
pub async fn login(url: &str, username: &str, password: &str) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(format!("{url}/api/v1/session"))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A session token of `username` (who must be able to log in with `password`).
pub async fn session_token(url: &str, username: &str, password: &str) -> String {
    let (status, session) = login(url, username, password).await;
    assert_eq!(status, 200, "{username} logs in: {session}");
    session["token"].as_str().unwrap().to_owned()
}

/// An API token of the first admin (logging in with its password).
pub async fn create_token(url: &str, password: &str) -> String {
    let session = session_token(url, "admin", password).await;
    let request = reqwest::Client::new()
        .post(format!("{url}/api/v1/tokens"))
        .bearer_auth(session)
        .json(&json!({"name": "tests", "username": "admin"}));
    json_of(request).await["token"].as_str().unwrap().to_owned()
}

/// `GET URL` with `token`, its body as JSON.
pub async fn get_json(url: &str, token: &str) -> Value {
    json_of(reqwest::Client::new().get(url).bearer_auth(token)).await
}

/// Sends `request`; its response's body as JSON.
async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// Pages through one origin's log, oldest first.
pub async fn own_log(url: &str, token: &str, origin: &str) -> Vec<Record> {
    listing(url, token, &format!("origin={origin}&")).await
}

/// Every record in arrival order (the other index over the same records), duplicates kept.
pub async fn arrival_ids(url: &str, token: &str) -> Vec<RecordId> {
    listing(url, token, "").await.iter().map(Record::id).collect()
}

/// Every record `GET /api/v1/records?{filter}` lists, page by page.
async fn listing(url: &str, token: &str, filter: &str) -> Vec<Record> {
    let mut records = Vec::new();
    let mut after = 0;
    loop {
        let page =
            get_json(&format!("{url}/api/v1/records?{filter}after={after}&limit=500"), token).await;
        for record in page["records"].as_array().unwrap() {
            records.push(serde_json::from_value::<Record>(record.clone()).unwrap());
        }
        match page["next_after"].as_u64() {
            Some(next) => after = next,
            None => return records,
        }
    }
}

/// Polls `check` every 50 ms until it holds; panics naming `what` after `deadline`.
pub async fn eventually<F, Fut>(what: &str, deadline: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let until = tokio::time::Instant::now() + deadline;
    while !check().await {
        assert!(tokio::time::Instant::now() < until, "{what} within {deadline:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
