//! Federation benchmarks (issue 4): real nodes in this process, each on its own tokio runtime
//! with its HTTP server on loopback, replicating through `/fed/v1` exactly as `plenary serve`
//! does. Measured in one run, against a baseline from the same run:
//!
//! - **catch-up**: node A holds 100,000 documents of real text (IETF RFC sections, as the search
//!   benchmark builds them); a fresh node B with A as its pinned peer starts, and the time until
//!   B holds every record of A's log and has indexed them gives records/s (verification,
//!   storage and indexing included), against raw `verify_strict` over the same records'
//!   canonical headers on one thread; again with the sync loop run in process (no HTTP), and
//!   again through the counting proxy; with the CPU time per record of B's work and A's serving;
//! - **propagation**: a line A – B – C (A and C peer only with B) on default settings; records
//!   published on A one at a time at a steady rate, each timed from A's acknowledgement to the
//!   moment C holds it and the moment C's index commit makes it searchable (confirmed by a
//!   search over C's HTTP API for the record's unique word);
//! - **bytes on the wire**: a counting TCP proxy between each node and each of its peers, by
//!   request kind (heads, log pages, notices), per record replicated, next to the mean size of a
//!   record's canonical JSON.
//!
//! `PLENARY_CORPUS=../shared/corpus cargo bench --bench federation` (full, a few minutes), or
//! `-- --smoke` (2,000 records, 20 propagations, seconds; figures not meaningful; exits non-zero
//! if replication does not complete within its deadline). Without `PLENARY_CORPUS` the text is
//! generated (the output says so); with it set, it must point at the corpus, and `zstd` and
//! `tar` unpack the RFCs.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "common/mod.rs"]
mod common;

use common::Section;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use plenary::config::{Config, EMBEDDED_DEFAULT, PeerConfig};
use plenary::crypto::NodeKey;
use plenary::model::json::canonical_bytes;
use plenary::model::{NodeId, RecordId};
use plenary::node::{Account, Node, PublishRequest, Role, Viewer};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

struct Scale {
    records: usize,
    propagations: usize,
    /// Longest a catch-up may take before the run fails.
    catch_up_deadline: Duration,
    /// Longest the propagation run may take (after its last publish) before it fails.
    propagation_deadline: Duration,
    /// Longest wait for the process to become idle between measurements.
    quiet_limit: Duration,
}

const FULL: Scale = Scale {
    records: 100_000,
    propagations: 200,
    catch_up_deadline: Duration::from_secs(900),
    propagation_deadline: Duration::from_secs(60),
    quiet_limit: Duration::from_secs(120),
};
const SMOKE: Scale = Scale {
    records: 2_000,
    propagations: 20,
    catch_up_deadline: Duration::from_secs(30),
    propagation_deadline: Duration::from_secs(15),
    quiet_limit: Duration::from_secs(5),
};

/// Time between two publishes on A in the propagation run.
const PUBLISH_EVERY: Duration = Duration::from_millis(40);

/// How often the bench looks at a node's holdings or HTTP search.
const POLL: Duration = Duration::from_millis(5);

// ---------------------------------------------------------------------------------------------
// Text: RFC sections from the corpus, or generated text without it.

/// The documents' text and a line saying where it came from.
fn texts(wanted: usize, smoke: bool, scratch: &Path) -> (Vec<Section>, String) {
    let Some(corpus) = std::env::var_os("PLENARY_CORPUS").map(PathBuf::from) else {
        let note = "PLENARY_CORPUS is not set: GENERATED text (random words), not RFC sections";
        return (generated(wanted), note.into());
    };
    assert!(corpus.is_dir(), "PLENARY_CORPUS={} is not a directory", corpus.display());
    let (files, archive) = common::unpack_rfcs(&corpus, scratch, smoke);
    let sections = common::rfc_sections(&files, wanted);
    (sections, format!("RFC sections from {}", archive.display()))
}

/// Sections of random words, about the size of an RFC section (2–4 KB).
fn generated(wanted: usize) -> Vec<Section> {
    use rand::{Rng, SeedableRng};
    const WORDS: [&str; 24] = [
        "network",
        "protocol",
        "message",
        "header",
        "routing",
        "congestion",
        "security",
        "address",
        "server",
        "client",
        "session",
        "option",
        "packet",
        "timer",
        "state",
        "field",
        "value",
        "request",
        "response",
        "transport",
        "error",
        "length",
        "encoding",
        "channel",
    ];
    let mut rng = rand::rngs::StdRng::seed_from_u64(4);
    (0..wanted)
        .map(|n| {
            let words = rng.gen_range(300..600);
            let mut text = String::new();
            for w in 0..words {
                text.push_str(WORDS[rng.gen_range(0..WORDS.len())]);
                text.push(if w % 12 == 11 { '\n' } else { ' ' });
            }
            Section { title: format!("Generated section {n}"), text }
        })
        .collect()
}

fn document(section: &Section, n: usize) -> PublishRequest {
    let status = ["draft", "consultation", "final"][n % 3];
    let body =
        json!({"title": section.title, "language": "en", "text": section.text, "status": status});
    PublishRequest { kind: "document".into(), visibility: Some(json!("public")), body }
}

fn editor() -> Viewer {
    Viewer::Local(Account { username: "bench".into(), role: Role::Editor })
}

// ---------------------------------------------------------------------------------------------
// Nodes: the same wiring as `plenary serve` (server::prepare, then server::run on a listener).
// Each node runs on its own tokio runtime with two worker threads, as a `plenary serve` process
// on this two-core machine would: a node's handlers, pulls and notices then compete with
// another node's only for the cores, not for the same two worker threads.

struct Running {
    node: Arc<Node>,
    url: String,
    /// Stops the HTTP server when dropped.
    _stop: tokio::sync::oneshot::Sender<()>,
    /// The node's own runtime (its server, pulling and notifying tasks, index follower).
    runtime: Option<tokio::runtime::Runtime>,
    /// Holds the data directory alive (removed once the node stopped, see [`stop_all`]).
    dir: Option<tempfile::TempDir>,
}

impl Running {
    fn id(&self) -> NodeId {
        self.node.id()
    }

    /// The seq this node holds of `origin` (0: none).
    fn holds(&self, origin: &NodeId) -> u64 {
        self.node.head_of(origin).unwrap().map_or(0, |(seq, _)| seq)
    }

    /// Runs `task` on this node's runtime (what its HTTP handlers or sync tasks would do).
    fn spawn<T: Send + 'static>(
        &self,
        task: impl Future<Output = T> + Send + 'static,
    ) -> tokio::task::JoinHandle<T> {
        self.runtime.as_ref().unwrap().spawn(task)
    }
}

/// Stops every node — their runtimes (servers, pulling and notifying tasks), then the bench's
/// (proxies, watchers holding node handles), then each node's writer and index follower — and
/// only then removes their data: a store still open while its directory goes would leave files.
fn stop_all(nodes: Vec<Running>, bench: tokio::runtime::Runtime) {
    let mut parts = Vec::new();
    for Running { node, runtime, dir, .. } in nodes {
        if let Some(runtime) = runtime {
            runtime.shutdown_timeout(Duration::from_secs(10));
        }
        parts.push((node, dir));
    }
    bench.shutdown_timeout(Duration::from_secs(10));
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    for (node, dir) in parts {
        match Arc::into_inner(node) {
            Some(node) => runtime.block_on(node.shutdown()),
            None => eprintln!("a node is still referenced at the end; removing its data anyway"),
        }
        drop(dir);
    }
}

/// A loopback listener on a free port, not yet tied to any runtime.
fn bind() -> std::net::TcpListener {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    listener
}

fn url_of(address: SocketAddr) -> String {
    format!("http://{address}")
}

/// Starts a node serving on `listener`, on the embedded default config adjusted by `tweak`.
async fn start(
    label: &str,
    listener: std::net::TcpListener,
    key: NodeKey,
    tweak: impl FnOnce(&mut Config),
) -> Running {
    let dir = tempfile::tempdir_in(SCRATCH.get().unwrap()).unwrap();
    let mut config = Config::parse(EMBEDDED_DEFAULT, "bench", dir.path(), []).unwrap();
    let bound = listener.local_addr().unwrap();
    config.node.listen = bound;
    config.node.public_url = url_of(bound);
    config.limits.concurrent_password_hashes = 1;
    tweak(&mut config);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(format!("rt-{label}"))
        .enable_all()
        .build()
        .unwrap();
    let (node, stop) = runtime
        .spawn(async move {
            let listener = TcpListener::from_std(listener).unwrap();
            let prepared = plenary::server::prepare(&config, key, bound).await.unwrap();
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            tokio::spawn(plenary::server::run(listener, prepared.state, async {
                let _ = stopped.await;
            }));
            (prepared.node, stop)
        })
        .await
        .unwrap();
    Running { node, url: url_of(bound), _stop: stop, runtime: Some(runtime), dir: Some(dir) }
}

fn peer(url: &str, node_id: NodeId) -> PeerConfig {
    PeerConfig { url: url.to_owned(), node_id: Some(node_id) }
}

/// Polls `done` until it holds, failing the run (non-zero exit) past `deadline`.
async fn wait_until(what: &str, deadline: Instant, mut done: impl FnMut() -> bool) {
    while !done() {
        if Instant::now() > deadline {
            fail(&format!("{what}: not done within the deadline"));
        }
        tokio::time::sleep(POLL).await;
    }
}

/// Waits until this process (every node in it) has been idle for half a second — under 10 % of
/// one core — or `limit` has passed; returns how long that took.
async fn wait_quiet(limit: Duration) -> Duration {
    let begin = Instant::now();
    let mut last = cpu("").0;
    loop {
        tokio::time::sleep(Duration::from_millis(500)).await;
        let now = cpu("").0;
        if now - last <= Duration::from_millis(50) || begin.elapsed() >= limit {
            return begin.elapsed();
        }
        last = now;
    }
}

/// CPU time (user + system) this process has used, and the part used by its live threads whose
/// name starts with `prefix` (each node's runtime threads are named `rt-<node>`).
fn cpu(prefix: &str) -> (Duration, Duration) {
    /// utime + stime of a `/proc/…/stat` line, in clock ticks (USER_HZ, 100 on Linux).
    fn ticks(stat: &str) -> (String, u64) {
        let (name, rest) = stat.rsplit_once(')').unwrap();
        let name = name.split_once('(').unwrap().1.to_owned();
        let fields: Vec<&str> = rest.split_whitespace().collect();
        (name, fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap())
    }
    let tick = |n: u64| Duration::from_millis(n * 10);
    let total = ticks(&std::fs::read_to_string("/proc/self/stat").unwrap()).1;
    let mut named = 0;
    for task in std::fs::read_dir("/proc/self/task").unwrap().flatten() {
        // A thread may end between the listing and the read.
        if let Ok(stat) = std::fs::read_to_string(task.path().join("stat")) {
            let (name, used) = ticks(&stat);
            if name.starts_with(prefix) {
                named += used;
            }
        }
    }
    (tick(total), tick(named))
}

/// Bytes this process has passed to write calls (`wchar`: files and sockets) and its write
/// calls (`syscw`), from `/proc/self/io`.
fn written() -> (u64, u64) {
    let io = std::fs::read_to_string("/proc/self/io").unwrap();
    let field = |name: &str| {
        let line = io.lines().find(|l| l.starts_with(name)).unwrap();
        line[name.len()..].trim().parse::<u64>().unwrap()
    };
    (field("wchar:"), field("syscw:"))
}

/// Bytes of the files under `dir`.
fn disk_usage(dir: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        total += if meta.is_dir() { disk_usage(&entry.path()) } else { meta.len() };
    }
    total
}

/// The directory every node's data and the unpacked RFCs live under (removed at the end, and
/// by [`fail`], which exits without running destructors).
static SCRATCH: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

fn fail(message: &str) -> ! {
    eprintln!("FEDERATION BENCHMARK FAILED: {message}");
    if let Some(scratch) = SCRATCH.get() {
        let _ = std::fs::remove_dir_all(scratch);
    }
    std::process::exit(1)
}

// ---------------------------------------------------------------------------------------------
// The counting proxy: forwards a TCP connection to `target` and counts bytes by direction and
// by the kind of the HTTP/1.1 request they belong to (a response belongs to the request before
// it: the peer client sends one request at a time per connection).

const KINDS: [&str; 4] = ["heads", "log", "notify", "other"];

#[derive(Default)]
struct Traffic {
    /// Per kind: bytes to the peer (requests), bytes from it (responses).
    bytes: [[AtomicU64; 2]; KINDS.len()],
    requests: [AtomicU64; KINDS.len()],
    connections: AtomicU64,
}

/// A copy of the counters.
#[derive(Clone, Copy, Default)]
struct Counts {
    bytes: [[u64; 2]; KINDS.len()],
    requests: [u64; KINDS.len()],
    connections: u64,
}

impl Traffic {
    fn add(&self, kind: usize, direction: usize, bytes: usize) {
        self.bytes[kind][direction].fetch_add(bytes as u64, Ordering::Relaxed);
    }

    fn snapshot(&self) -> Counts {
        let mut counts =
            Counts { connections: self.connections.load(Ordering::Relaxed), ..Default::default() };
        for kind in 0..KINDS.len() {
            counts.requests[kind] = self.requests[kind].load(Ordering::Relaxed);
            for direction in 0..2 {
                counts.bytes[kind][direction] = self.bytes[kind][direction].load(Ordering::Relaxed);
            }
        }
        counts
    }
}

impl Counts {
    fn total(&self) -> u64 {
        self.bytes.iter().flatten().sum()
    }

    fn minus(&self, before: &Counts) -> Counts {
        let mut out = *self;
        out.connections -= before.connections;
        for kind in 0..KINDS.len() {
            out.requests[kind] -= before.requests[kind];
            for direction in 0..2 {
                out.bytes[kind][direction] -= before.bytes[kind][direction];
            }
        }
        out
    }

    fn plus(&self, other: &Counts) -> Counts {
        let mut out = *self;
        out.connections += other.connections;
        for kind in 0..KINDS.len() {
            out.requests[kind] += other.requests[kind];
            for direction in 0..2 {
                out.bytes[kind][direction] += other.bytes[kind][direction];
            }
        }
        out
    }
}

/// Starts a proxy to `target`; returns its URL and counters.
async fn proxy(target: SocketAddr) -> (String, Arc<Traffic>) {
    let listener = TcpListener::from_std(bind()).unwrap();
    let url = url_of(listener.local_addr().unwrap());
    let traffic = Arc::new(Traffic::default());
    let counters = traffic.clone();
    tokio::spawn(async move {
        loop {
            let Ok((inbound, _)) = listener.accept().await else { continue };
            let traffic = counters.clone();
            tokio::spawn(async move {
                let Ok(outbound) = TcpStream::connect(target).await else { return };
                traffic.connections.fetch_add(1, Ordering::Relaxed);
                // Both ends without Nagle, like the node's own sockets: the proxy adds a copy,
                // not a delay.
                let _ = (inbound.set_nodelay(true), outbound.set_nodelay(true));
                let kind = Arc::new(AtomicUsize::new(KINDS.len() - 1));
                let (from_client, to_client) = inbound.into_split();
                let (from_peer, to_peer) = outbound.into_split();
                let mut parser = RequestParser::default();
                let (t, k) = (traffic.clone(), kind.clone());
                let up = pump(from_client, to_peer, move |data| parser.feed(data, &k, &t));
                let down = pump(from_peer, to_client, move |data| {
                    traffic.add(kind.load(Ordering::Relaxed), 1, data.len());
                });
                tokio::join!(up, down);
            });
        }
    });
    (url, traffic)
}

async fn pump(
    mut from: tokio::net::tcp::OwnedReadHalf,
    mut to: tokio::net::tcp::OwnedWriteHalf,
    mut count: impl FnMut(&[u8]),
) {
    let mut buffer = vec![0; 64 << 10];
    loop {
        let n = match from.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        count(&buffer[..n]);
        if to.write_all(&buffer[..n]).await.is_err() {
            break;
        }
    }
    let _ = to.shutdown().await;
}

/// Follows the HTTP/1.1 requests on a connection: head, then `content-length` bytes of body.
#[derive(Default)]
struct RequestParser {
    head: Vec<u8>,
    body_left: usize,
}

impl RequestParser {
    fn feed(&mut self, mut data: &[u8], kind: &AtomicUsize, traffic: &Traffic) {
        while !data.is_empty() {
            if self.body_left > 0 {
                let n = self.body_left.min(data.len());
                traffic.add(kind.load(Ordering::Relaxed), 0, n);
                self.body_left -= n;
                data = &data[n..];
                continue;
            }
            let before = self.head.len();
            self.head.extend_from_slice(data);
            let Some(end) = self.head.windows(4).position(|w| w == b"\r\n\r\n") else { return };
            let head_len = end + 4;
            let head = String::from_utf8_lossy(&self.head[..head_len]).into_owned();
            let path = head.split_whitespace().nth(1).unwrap_or("");
            let k = if path.starts_with("/fed/v1/heads") {
                0
            } else if path.starts_with("/fed/v1/log/") {
                1
            } else if path.starts_with("/fed/v1/notify") {
                2
            } else {
                3
            };
            kind.store(k, Ordering::Relaxed);
            traffic.requests[k].fetch_add(1, Ordering::Relaxed);
            traffic.add(k, 0, head_len);
            self.body_left = head
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse().ok())?
                })
                .unwrap_or(0);
            self.head.clear();
            data = &data[head_len - before..];
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Catch-up.

/// A's log as a peer receives it: every record's canonical header and signature (for the
/// baseline) and the mean size of a record's canonical JSON.
struct Log {
    headers: Vec<(ed25519_dalek::VerifyingKey, Vec<u8>, ed25519_dalek::Signature)>,
    mean_canonical_bytes: f64,
}

fn read_log(a: &Node, reader: NodeId) -> Log {
    let viewer = Viewer::Peer(reader);
    let (mut headers, mut bytes, mut after) = (Vec::new(), 0usize, 0);
    loop {
        let page = a.log_page(&viewer, &a.id(), after, 1000).unwrap();
        for record in &page.records {
            bytes += canonical_bytes(&serde_json::to_value(record).unwrap()).len();
            let key =
                ed25519_dalek::VerifyingKey::from_bytes(record.header.key.as_bytes()).unwrap();
            let sig = plenary::crypto::parse_signature(&record.sig).unwrap();
            headers.push((key, record.header.canonical_bytes(), sig));
            after = record.header.seq;
        }
        if !page.more {
            break;
        }
    }
    let mean_canonical_bytes = bytes as f64 / headers.len() as f64;
    Log { headers, mean_canonical_bytes }
}

/// Raw `verify_strict` over every header, one thread: records/s.
fn raw_verify(log: &Log) -> f64 {
    let start = Instant::now();
    for (key, message, sig) in &log.headers {
        key.verify_strict(std::hint::black_box(message), sig).unwrap();
    }
    log.headers.len() as f64 / start.elapsed().as_secs_f64()
}

struct CatchUp {
    /// From B's start until it held A's whole log.
    held: Duration,
    /// From B's start until its index was committed past every record.
    indexed: Duration,
    /// B's index segments right after, and once the process is idle again (and how long
    /// that took).
    segments_after: usize,
    merged: (usize, Duration),
    /// CPU time used meanwhile: by everything but A's runtime threads (B's work: its pulls,
    /// writer, index follower, tantivy's and sled's threads; also the proxy when there is one,
    /// and A's page reads when fed in process), and by A's runtime threads (serving pages).
    cpu: (Duration, Duration),
    /// What this process wrote meanwhile: bytes passed to write calls, write calls.
    written: (u64, u64),
    /// Bytes of B's store (sled) and index once caught up.
    sizes: (u64, u64),
    node: Running,
}

/// Starts a fresh node B pulling from A at `a_url` (or, without one, fed in process by
/// [`feed`]) and times its catch-up to `a_head`.
async fn catch_up(
    a: &Running,
    a_url: Option<&str>,
    key: NodeKey,
    a_head: u64,
    (deadline, quiet_limit): (Duration, Duration),
) -> CatchUp {
    let listener = bind();
    let peers: Vec<PeerConfig> = a_url.map(|url| peer(url, a.id())).into_iter().collect();
    let begin = Instant::now();
    let until = begin + deadline;
    let label = if a_url.is_some() { "B" } else { "B-in-process" };
    let cpu_before = cpu("rt-A");
    let written_before = written();
    let b = start(label, listener, key, |c| c.federation.peers = peers).await;
    let a_id = a.id();
    if a_url.is_none() {
        b.spawn(feed(a.node.clone(), b.node.clone()));
    }
    wait_until("catch-up: B holds A's log", until, || b.holds(&a_id) >= a_head).await;
    let held = begin.elapsed();
    let last = b.node.last_arrival().unwrap();
    let left = until.saturating_duration_since(Instant::now());
    if tokio::time::timeout(left, b.node.wait_indexed(last)).await.is_err() {
        fail("catch-up: B's index did not reach its last record");
    }
    let indexed = begin.elapsed();
    let cpu_after = cpu("rt-A");
    let written_after = written();
    let written = (written_after.0 - written_before.0, written_after.1 - written_before.1);
    let a_cpu = cpu_after.1 - cpu_before.1;
    let cpu = (cpu_after.0 - cpu_before.0 - a_cpu, a_cpu);
    let segments_after = b.node.index_segments();
    // Merges may still run after the commit that made everything searchable: wait until the
    // process is idle, so the next measurement does not share the cores with them.
    let quiet = wait_quiet(quiet_limit).await;
    let merged = (b.node.index_segments(), quiet);
    let data = b.node.data_dir();
    let sizes = (disk_usage(&data.join("db")), disk_usage(&data.join("index")));
    CatchUp { held, indexed, segments_after, merged, cpu, written, sizes, node: b }
}

/// The loop the sync task runs for one origin — pages of 1000 records of A's log, each page
/// through `Node::ingest_page` — in process: no HTTP, no signed requests, no notices.
async fn feed(a: Arc<Node>, b: Arc<Node>) {
    let viewer = Viewer::Peer(b.id());
    let mut after = 0;
    loop {
        let page = a.log_page(&viewer, &a.id(), after, 1000).unwrap();
        after = page.records.last().map_or(after, |r| r.header.seq);
        let values = page.records.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
        for outcome in b.ingest_page(values).await {
            outcome.unwrap();
        }
        if !page.more {
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Propagation along A – B – C.

#[derive(Default, Clone, Copy)]
struct Times {
    acknowledged: Option<Instant>,
    held_on_c: Option<Instant>,
    indexed_on_c: Option<Instant>,
    found_over_http: Option<Instant>,
}

struct Propagation {
    /// Per record: acknowledged on A → held by C, → C's index commit, → found by C's search.
    held: Vec<Duration>,
    indexed: Vec<Duration>,
    found: Vec<Duration>,
    /// Traffic per hop (A–B, B–C) while the records crossed, both directions of each link.
    hops: [Counts; 2],
    /// Mean size of these records' canonical JSON.
    mean_canonical_bytes: f64,
}

async fn propagation(
    texts: &[Section],
    count: usize,
    deadline: Duration,
) -> (Propagation, Vec<Running>) {
    let keys = [31u8, 32, 33].map(|seed| NodeKey::from_seed([seed; 32]));
    let [a_id, b_id, c_id] = [0, 1, 2].map(|n| keys[n].node_id());
    let (a_listener, b_listener, c_listener) = (bind(), bind(), bind());
    let address = |l: &std::net::TcpListener| l.local_addr().unwrap();
    // Every directed link goes through its own counting proxy.
    let (a_to_b, a_to_b_traffic) = proxy(address(&b_listener)).await;
    let (b_to_a, b_to_a_traffic) = proxy(address(&a_listener)).await;
    let (b_to_c, b_to_c_traffic) = proxy(address(&c_listener)).await;
    let (c_to_b, c_to_b_traffic) = proxy(address(&b_listener)).await;
    let [ka, kb, kc] = keys;
    let a =
        start("line-A", a_listener, ka, |c| c.federation.peers = vec![peer(&a_to_b, b_id)]).await;
    let b = start("line-B", b_listener, kb, |c| {
        c.federation.peers = vec![peer(&b_to_a, a_id), peer(&b_to_c, c_id)];
    })
    .await;
    let c =
        start("line-C", c_listener, kc, |c| c.federation.peers = vec![peer(&c_to_b, b_id)]).await;
    let settle = Instant::now() + Duration::from_secs(20);
    wait_until("line: C holds A's node record", settle, || c.holds(&a_id) >= 1).await;
    wait_until("line: A holds C's node record", settle, || a.holds(&c_id) >= 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let times: Arc<Mutex<HashMap<RecordId, Times>>> = Arc::default();
    let mut events = c.node.subscribe();
    let (c_node, c_url, watched) = (c.node.clone(), c.url.clone(), times.clone());
    let words: Arc<Mutex<HashMap<RecordId, String>>> = Arc::default();
    let word_of = words.clone();
    tokio::spawn(async move {
        let http = reqwest::Client::new();
        while let Ok(event) = events.recv().await {
            if event.origin != a_id {
                continue;
            }
            watched.lock().unwrap().entry(event.id).or_default().held_on_c = Some(Instant::now());
            let (node, url, times, words, http) =
                (c_node.clone(), c_url.clone(), watched.clone(), word_of.clone(), http.clone());
            tokio::spawn(async move {
                node.wait_indexed(event.arrival).await.unwrap();
                times.lock().unwrap().entry(event.id).or_default().indexed_on_c =
                    Some(Instant::now());
                // The record's word is known once A acknowledged it, which comes first.
                let word = loop {
                    if let Some(word) = words.lock().unwrap().get(&event.id).cloned() {
                        break word;
                    }
                    tokio::time::sleep(POLL).await;
                };
                common::until_found(&http, &url, &word, POLL).await;
                times.lock().unwrap().entry(event.id).or_default().found_over_http =
                    Some(Instant::now());
            });
        }
    });

    let links = [&a_to_b_traffic, &b_to_a_traffic, &b_to_c_traffic, &c_to_b_traffic];
    let before: Vec<Counts> = links.iter().map(|t| t.snapshot()).collect();
    let mut ticks = tokio::time::interval(PUBLISH_EVERY);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut ids = Vec::with_capacity(count);
    let mut canonical = 0;
    for n in 0..count {
        ticks.tick().await;
        let word = format!("fedprobe{n}q{}", rand::random::<u32>());
        let section = &texts[n % texts.len()];
        let mut request = document(section, n);
        request.body["title"] = format!("Propagation probe {word}").into();
        let node = a.node.clone();
        let committed = a.spawn(async move { node.publish(&editor(), request).await.unwrap() });
        let committed = committed.await.unwrap();
        let acknowledged = Instant::now();
        canonical += canonical_bytes(&serde_json::to_value(&committed.record).unwrap()).len();
        words.lock().unwrap().insert(committed.id, word);
        times.lock().unwrap().entry(committed.id).or_default().acknowledged = Some(acknowledged);
        ids.push(committed.id);
    }
    let until = Instant::now() + deadline;
    wait_until("propagation: every record found by C's search", until, || {
        let times = times.lock().unwrap();
        ids.iter().all(|id| times.get(id).is_some_and(|t| t.found_over_http.is_some()))
    })
    .await;
    // Let the last notices and the pulls they wake (the echo back towards A) finish.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let after: Vec<Counts> = links.iter().map(|t| t.snapshot()).collect();
    let diff = |n: usize| after[n].minus(&before[n]);
    let hops = [diff(0).plus(&diff(1)), diff(2).plus(&diff(3))];

    let times = times.lock().unwrap();
    let since = |t: &Times, at: Option<Instant>| at.unwrap() - t.acknowledged.unwrap();
    let mut held = Vec::new();
    let mut indexed = Vec::new();
    let mut found = Vec::new();
    for id in &ids {
        let t = &times[id];
        held.push(since(t, t.held_on_c));
        indexed.push(since(t, t.indexed_on_c));
        found.push(since(t, t.found_over_http));
    }
    for list in [&mut held, &mut indexed, &mut found] {
        list.sort();
    }
    let mean_canonical_bytes = canonical as f64 / count as f64;
    (Propagation { held, indexed, found, hops, mean_canonical_bytes }, vec![a, b, c])
}

// ---------------------------------------------------------------------------------------------

/// Builds node A: publishes every text through the node core (16 tasks, as the search
/// benchmark does) and waits until A has indexed them, so A's indexing does not overlap the
/// catch-ups. Returns A and its publish rate.
async fn build_a(
    texts: Vec<Section>,
    trusted: Vec<NodeId>,
    quiet_limit: Duration,
) -> (Running, f64) {
    let a =
        start("A", bind(), NodeKey::from_seed([21; 32]), |c| c.federation.trusted = trusted).await;
    let texts = Arc::new(texts);
    let begin = Instant::now();
    let tasks: Vec<_> = (0..16)
        .map(|task| {
            let (node, texts) = (a.node.clone(), texts.clone());
            a.spawn(async move {
                for (n, section) in texts.iter().enumerate().skip(task).step_by(16) {
                    node.publish(&editor(), document(section, n)).await.unwrap();
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.unwrap();
    }
    let rate = texts.len() as f64 / begin.elapsed().as_secs_f64();
    a.node.wait_indexed(a.node.last_arrival().unwrap()).await.unwrap();
    // A long backlog ends with a merge into one segment; let it finish before measuring.
    wait_quiet(quiet_limit).await;
    println!("A's index: {} segments", a.node.index_segments());
    (a, rate)
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let scale = if smoke { SMOKE } else { FULL };
    let began = Instant::now();
    let scratch = tempfile::tempdir().unwrap();
    SCRATCH.set(scratch.path().to_owned()).unwrap();
    let rfcs = tempfile::tempdir_in(scratch.path()).unwrap();
    let (texts, source) = texts(scale.records, smoke, rfcs.path());
    drop(rfcs);
    let mean_text = texts.iter().map(|s| s.text.len()).sum::<usize>() / texts.len();
    println!("text: {source}; {} documents, mean {mean_text} bytes of text", texts.len());
    let propagation_texts: Vec<Section> = texts
        .iter()
        .take(scale.propagations)
        .map(|s| Section { title: s.title.clone(), text: s.text.clone() })
        .collect();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let (report, nodes) = runtime.block_on(async {
        let (b1_key, b2_key) = (NodeKey::from_seed([22; 32]), NodeKey::from_seed([23; 32]));
        let (a, publish_rate) =
            build_a(texts, vec![b1_key.node_id(), b2_key.node_id()], scale.quiet_limit).await;
        let a_head = a.holds(&a.id());
        println!("A holds {a_head} records ({publish_rate:.0} records/s published); catching up");
        let log = read_log(&a.node, b1_key.node_id());
        let verify_rate = raw_verify(&log);
        let limits = (scale.catch_up_deadline, scale.quiet_limit);
        let direct = catch_up(&a, Some(&a.url), b1_key, a_head, limits).await;
        println!("catch-up done; again in process (no HTTP)");
        let in_process = catch_up(&a, None, NodeKey::from_seed([24; 32]), a_head, limits).await;
        println!("in-process catch-up done; again through the counting proxy");
        let a_address = a.url.trim_start_matches("http://").parse().unwrap();
        let (a_proxy, traffic) = proxy(a_address).await;
        let proxied = catch_up(&a, Some(&a_proxy), b2_key, a_head, limits).await;
        let wire = traffic.snapshot();
        println!("proxied catch-up done; propagation along A – B – C");
        let (line, mut nodes) =
            propagation(&propagation_texts, scale.propagations, scale.propagation_deadline).await;
        nodes.extend([a, direct.node, in_process.node, proxied.node]);
        let report = Report {
            records: a_head,
            verify_rate,
            mean_canonical_bytes: log.mean_canonical_bytes,
            direct: (direct.held, direct.indexed, direct.segments_after, direct.merged),
            cpu: [direct.cpu, in_process.cpu, proxied.cpu],
            written: direct.written,
            sizes: direct.sizes,
            proxied: (proxied.held, proxied.indexed),
            in_process: (in_process.held, in_process.indexed),
            wire,
            line,
        };
        (report, nodes)
    });
    report.print(smoke, mean_text);
    stop_all(nodes, runtime);
    println!("\nwhole run {:.1} s", began.elapsed().as_secs_f64());
}

struct Report {
    records: u64,
    verify_rate: f64,
    mean_canonical_bytes: f64,
    direct: (Duration, Duration, usize, (usize, Duration)),
    /// Per catch-up (direct, in process, proxied): CPU of B's work, of A's serving.
    cpu: [(Duration, Duration); 3],
    /// During the direct catch-up: bytes passed to write calls, write calls.
    written: (u64, u64),
    /// B's store and index once caught up (direct), bytes.
    sizes: (u64, u64),
    proxied: (Duration, Duration),
    in_process: (Duration, Duration),
    wire: Counts,
    line: Propagation,
}

impl Report {
    fn print(&self, smoke: bool, mean_text: usize) {
        let records = self.records as f64;
        let rate = |d: Duration| records / d.as_secs_f64();
        let (held, indexed, segments, merged) = self.direct;
        println!(
            "\n# federation benchmark{}",
            if smoke { " (smoke: figures are not meaningful)" } else { "" }
        );
        println!(
            "\ncatch-up: A's log of {} records (mean {mean_text} bytes of text, {:.0} bytes of canonical JSON per record)\n",
            self.records, self.mean_canonical_bytes
        );
        println!("| measurement | value | ratio |\n|---|---|---|");
        println!(
            "| raw `verify_strict`, canonical headers, 1 thread | {:.0} records/s ({:.1} µs) | 1.00× |",
            self.verify_rate,
            1e6 / self.verify_rate
        );
        println!(
            "| catch-up: held (verified, stored, durable) | {:.0} records/s ({:.1} s) | {:.2}× |",
            rate(held),
            held.as_secs_f64(),
            rate(held) / self.verify_rate
        );
        println!(
            "| **catch-up: held and indexed** (goal ≥ 3,000/s) | **{:.0} records/s** ({:.1} s) | {:.2}× |",
            rate(indexed),
            indexed.as_secs_f64(),
            rate(indexed) / self.verify_rate
        );
        let rows = [
            ("same loop in process (no HTTP, no notices)", self.in_process),
            ("catch-up through the counting proxy", self.proxied),
        ];
        for (label, (held, indexed)) in rows {
            println!(
                "| {label}: held / indexed | {:.0} / {:.0} records/s | {:.2}× |",
                rate(held),
                rate(indexed),
                rate(indexed) / self.verify_rate
            );
        }
        let us = |d: Duration| d.as_secs_f64() * 1e6 / records;
        let [direct, in_process, proxied] = self.cpu.map(|(b, a)| (us(b), us(a)));
        println!(
            "| CPU per record (direct / in process / proxied): B's work | {:.0} / {:.0} / {:.0} µs | |",
            direct.0, in_process.0, proxied.0
        );
        println!(
            "| CPU per record (direct / in process / proxied): A serving pages | {:.0} / {:.0} / {:.0} µs | |",
            direct.1, in_process.1, proxied.1
        );
        println!(
            "| passed to write calls during the direct catch-up (files, and A's responses) | {:.1} KB per record in {:.1} calls | |",
            self.written.0 as f64 / records / 1e3,
            self.written.1 as f64 / records
        );
        println!(
            "| B's data once caught up: store (sled) / index | {:.0} MB / {:.0} MB | |",
            self.sizes.0 as f64 / 1e6,
            self.sizes.1 as f64 / 1e6
        );
        println!(
            "| B's index when caught up | {segments} segments; {} once B was idle, {:.1} s later | |",
            merged.0,
            merged.1.as_secs_f64()
        );

        let wire = &self.wire;
        println!(
            "\nbytes on the wire, catch-up (B ↔ A, both directions, {} connections): {:.0} bytes per record = {:.3}× the canonical JSON\n",
            wire.connections,
            wire.total() as f64 / records,
            wire.total() as f64 / records / self.mean_canonical_bytes
        );
        print_traffic(wire, records);

        let line = &self.line;
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        let at =
            |list: &[Duration], q: f64| ms(list[((list.len() - 1) as f64 * q).round() as usize]);
        println!(
            "\npropagation A → B → C: {} records published on A one every {} ms (default sync interval and commit interval)\n",
            line.found.len(),
            PUBLISH_EVERY.as_millis()
        );
        println!("| acknowledged on A → | p50 | p99 | max |\n|---|---|---|---|");
        for (name, list) in [
            ("held by C (durable)", &line.held),
            ("C's index committed (searchable)", &line.indexed),
            ("**found by a search over C's HTTP API** (goal p50 ≤ 500 ms)", &line.found),
        ] {
            println!(
                "| {name} | {:.1} ms | {:.1} ms | {:.1} ms |",
                at(list, 0.5),
                at(list, 0.99),
                ms(*list.last().unwrap())
            );
        }
        let count = line.found.len() as f64;
        for (name, hop) in [("A ↔ B", &line.hops[0]), ("B ↔ C", &line.hops[1])] {
            println!(
                "\nbytes on the wire, propagation hop {name} (both links, both directions): {:.0} bytes per record = {:.2}× the canonical JSON ({:.0} bytes)\n",
                hop.total() as f64 / count,
                hop.total() as f64 / count / line.mean_canonical_bytes,
                line.mean_canonical_bytes
            );
            print_traffic(hop, count);
        }
    }
}

fn print_traffic(counts: &Counts, records: f64) {
    println!(
        "| request | requests | per record | bytes sent | bytes received | bytes per record |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for (kind, name) in KINDS.iter().enumerate() {
        let [sent, received] = counts.bytes[kind];
        if counts.requests[kind] == 0 && sent + received == 0 {
            continue;
        }
        println!(
            "| {name} | {} | {:.3} | {sent} | {received} | {:.0} |",
            counts.requests[kind],
            counts.requests[kind] as f64 / records,
            (sent + received) as f64 / records
        );
    }
}
