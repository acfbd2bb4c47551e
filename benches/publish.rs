//! Durable publish throughput through the node core, with 1 and 16 concurrent publishers,
//! against baselines measured in the same run: raw Ed25519 signing and a raw "sled insert +
//! flush" loop (the cost of making one record durable without group commit).
//!
//! `cargo bench --bench publish` (full) or `cargo bench --bench publish -- --smoke` (seconds).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use plenary::config::{Config, EMBEDDED_DEFAULT};
use plenary::crypto::NodeKey;
use plenary::model::Visibility;
use plenary::model::json::canonical_bytes;
use plenary::model::record::body_hash;
use plenary::node::{Account, Node, PublishRequest, Role, Viewer};
use serde_json::{Value, json};

/// How much work each measurement does.
struct Scale {
    signatures: usize,
    raw_flushes: usize,
    single: usize,
    concurrent: usize,
}

const FULL: Scale =
    Scale { signatures: 20_000, raw_flushes: 5_000, single: 3_000, concurrent: 40_000 };
const SMOKE: Scale = Scale { signatures: 500, raw_flushes: 200, single: 200, concurrent: 1_600 };

/// A realistic document body (about 1.6 KB canonical).
fn body(n: usize) -> Value {
    let summary = "This study reviews how member organisations assess the regulatory impact of new \
        rules, how they consult stakeholders before adoption, and how ex-post evaluation feeds back \
        into the design of later regulation. It draws on survey answers from partner secretariats \
        and on case studies presented at the working group's meetings. ";
    json!({
        "title": format!("Regulatory policy outlook, part {n}"),
        "symbol": format!("OECD/GOV/RPC(2026){n}"),
        "language": "en",
        "doc_type": "study",
        "status": "consultation",
        "tags": ["regulatory policy", "impact assessment", "stakeholder engagement"],
        "authors": ["Secretariat"],
        "summary": summary.repeat(4),
    })
}

fn publisher() -> Viewer {
    Viewer::Local(Account { username: "bench".into(), role: Role::Editor })
}

fn request(n: usize) -> PublishRequest {
    PublishRequest { kind: "document".into(), visibility: Some(json!("partners")), body: body(n) }
}

/// Microseconds per signature over a real header's canonical bytes.
fn raw_sign_us(scale: &Scale) -> f64 {
    let key = NodeKey::from_seed([1; 32]);
    let header = serde_json::to_value(plenary::model::Header {
        plenary: 1,
        origin: key.node_id(),
        key: key.key_id(),
        seq: 42,
        prev: None,
        kind: plenary::model::Kind::Document,
        created_at: "2026-11-29T09:30:00Z".into(),
        visibility: Visibility::PARTNERS,
        body_hash: body_hash(&body(0)),
    })
    .unwrap();
    let bytes = canonical_bytes(&header);
    let start = Instant::now();
    for _ in 0..scale.signatures {
        std::hint::black_box(key.sign(std::hint::black_box(&bytes)));
    }
    start.elapsed().as_secs_f64() * 1e6 / scale.signatures as f64
}

/// Microseconds per record for "insert one record-sized value, then flush" in raw sled.
fn raw_sled_flush_us(scale: &Scale) -> f64 {
    let dir = tempfile::tempdir().unwrap();
    let db = sled::Config::new().path(dir.path()).cache_capacity(64 << 20).open().unwrap();
    let value = serde_json::to_vec(&body(0)).unwrap();
    let start = Instant::now();
    for n in 0..scale.raw_flushes {
        db.insert((n as u64).to_be_bytes(), value.as_slice()).unwrap();
        db.flush().unwrap();
    }
    start.elapsed().as_secs_f64() * 1e6 / scale.raw_flushes as f64
}

struct Run {
    records_per_sec: f64,
    p50: Duration,
    p99: Duration,
}

async fn open_node(dir: &std::path::Path) -> Arc<Node> {
    let mut config = Config::parse(EMBEDDED_DEFAULT, "bench", dir, []).unwrap();
    config.limits.concurrent_password_hashes = 1;
    Arc::new(Node::open(&config, NodeKey::from_seed([2; 32])).await.unwrap())
}

async fn publish_run(publishers: usize, total: usize) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let node = open_node(dir.path()).await;
    let per_task = total / publishers;
    let start = Instant::now();
    let tasks: Vec<_> = (0..publishers)
        .map(|task| {
            let node = node.clone();
            tokio::spawn(async move {
                let viewer = publisher();
                let mut latencies = Vec::with_capacity(per_task);
                for n in 0..per_task {
                    let begin = Instant::now();
                    node.publish(&viewer, request(task * per_task + n)).await.unwrap();
                    latencies.push(begin.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let elapsed = start.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
    Run {
        records_per_sec: latencies.len() as f64 / elapsed.as_secs_f64(),
        p50: at(0.5),
        p99: at(0.99),
    }
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let scale = if smoke { SMOKE } else { FULL };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let sign_us = raw_sign_us(&scale);
    let flush_us = raw_sled_flush_us(&scale);
    let raw_limit = 1e6 / (sign_us + flush_us);
    let single = runtime.block_on(publish_run(1, scale.single));
    let concurrent = runtime.block_on(publish_run(16, scale.concurrent));
    println!(
        "# publish benchmark{}",
        if smoke { " (smoke: figures are not meaningful)" } else { "" }
    );
    println!();
    println!("| measurement | value | ratio |");
    println!("|---|---|---|");
    println!("| raw Ed25519 sign | {sign_us:.1} µs ({:.0}/s) | |", 1e6 / sign_us);
    println!("| raw sled insert + flush | {flush_us:.1} µs ({:.0}/s) | |", 1e6 / flush_us);
    println!("| raw limit: sign + insert + flush per record | {raw_limit:.0} records/s | 1.00× |");
    for (name, run) in [("1 publisher", &single), ("16 publishers", &concurrent)] {
        println!(
            "| durable publish, {name} | {:.0} records/s (p50 {:.2} ms, p99 {:.2} ms) | {:.2}× |",
            run.records_per_sec,
            run.p50.as_secs_f64() * 1e3,
            run.p99.as_secs_f64() * 1e3,
            run.records_per_sec / raw_limit
        );
    }
}
