//! Survey results: the time to aggregate 200 responses (200 organisations answering once, and
//! 20 organisations answering ten times each, only the newest counting) through the node core,
//! as the API and the portal ask for them — against a baseline measured in the same run: reading
//! the same 200 response records from the store with the viewer's visibility applied. Target:
//! aggregation within 20 ms.
//!
//! `cargo bench --bench survey` (full) or `cargo bench --bench survey -- --smoke` (seconds).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::{Duration, Instant};

use plenary::config::{Config, EMBEDDED_DEFAULT};
use plenary::crypto::NodeKey;
use plenary::model::record::{body_hash, format_utc_timestamp};
use plenary::model::{Header, Kind, Record, RecordId, Visibility};
use plenary::node::{Account, Node, PublishRequest, Role, Viewer};
use serde_json::{Value, json};

/// Target for aggregating 200 responses.
const TARGET: Duration = Duration::from_millis(20);

fn editor() -> Viewer {
    Viewer::Local(Account { username: "bench".into(), role: Role::Editor })
}

fn survey_body() -> Value {
    json!({
        "title": "Regulatory practice survey",
        "closes_at": "2099-01-01T00:00:00Z",
        "questions": [
            {"id": "q1", "text": "Which approach?", "type": "single_choice", "options": ["all laws", "major laws", "none"], "required": true},
            {"id": "q2", "text": "Which tools?", "type": "multiple_choice", "options": ["RIA", "consultation", "ex-post review", "sunset clauses"]},
            {"id": "q3", "text": "How useful?", "type": "scale", "scale": {"min": 1, "max": 5, "min_label": "Not at all", "max_label": "Very"}},
            {"id": "q4", "text": "How many staff?", "type": "integer"},
            {"id": "q5", "text": "Do you publish assessments?", "type": "yes_no"},
            {"id": "q6", "text": "What would help?", "type": "text"}
        ]
    })
}

fn answers(n: usize) -> Value {
    let choices = ["all laws", "major laws", "none"];
    let tools = ["RIA", "consultation", "ex-post review", "sunset clauses"];
    json!([
        {"question": "q1", "value": choices[n % 3]},
        {"question": "q2", "value": [tools[n % 4], tools[(n + 1) % 4]]},
        {"question": "q3", "value": (n % 5) as i64 + 1},
        {"question": "q4", "value": (n * 37 % 1000) as i64},
        {"question": "q5", "value": n.is_multiple_of(2)},
        {"question": "q6", "value": format!("Shared guidance and training, answer {n}.")}
    ])
}

/// One foreign organisation's log, signed with its own key.
struct Log {
    key: NodeKey,
    last: Option<Record>,
}

impl Log {
    fn new(seed: u32) -> Log {
        let mut bytes = [7u8; 32];
        bytes[..4].copy_from_slice(&seed.to_be_bytes());
        Log { key: NodeKey::from_seed(bytes), last: None }
    }

    fn next(&mut self, kind: Kind, visibility: Visibility, body: Value) -> Record {
        let header = Header {
            plenary: 1,
            origin: self.key.node_id(),
            key: self.key.key_id(),
            seq: self.last.as_ref().map_or(1, |r| r.header.seq + 1),
            prev: self.last.as_ref().map(Record::id),
            kind,
            created_at: format_utc_timestamp(time::OffsetDateTime::now_utc()),
            visibility,
            body_hash: body_hash(&body),
        };
        let record = Record { sig: self.key.sign_header(&header), header, body: Some(body) };
        self.last = Some(record.clone());
        record
    }
}

/// A node holding a survey and `origins` × `revisions` responses to it; the survey's id and
/// the response ids.
async fn prepared(
    dir: &std::path::Path,
    origins: u32,
    revisions: usize,
) -> (Node, RecordId, Vec<RecordId>) {
    let mut config = Config::parse(EMBEDDED_DEFAULT, "bench", dir, []).unwrap();
    config.limits.concurrent_password_hashes = 1;
    let node = Node::open(&config, NodeKey::from_seed([2; 32])).await.unwrap();
    let request = PublishRequest {
        kind: "survey".into(),
        visibility: Some(json!("partners")),
        body: survey_body(),
    };
    let survey = node.publish(&editor(), request).await.unwrap().id;
    let to_origin = Visibility::Nodes { nodes: vec![node.id()] };
    let mut responses = Vec::new();
    for seed in 0..origins {
        let mut log = Log::new(seed);
        let about =
            json!({"name": format!("Organisation {seed}"), "acronym": format!("ORG{seed}")});
        node.ingest(log.next(Kind::Node, Visibility::PUBLIC, about)).await.unwrap();
        for revision in 0..revisions {
            let body = json!({"survey": survey, "answers": answers(seed as usize + revision)});
            let record = log.next(Kind::SurveyResponse, to_origin.clone(), body);
            responses.push(record.id());
            node.ingest(record).await.unwrap();
        }
    }
    (node, survey, responses)
}

/// The median of `runs` timings of `work`.
fn median(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

struct Measured {
    name: &'static str,
    counted: usize,
    baseline: Duration,
    aggregate: Duration,
}

async fn measure(name: &'static str, origins: u32, revisions: usize, runs: usize) -> Measured {
    let dir = tempfile::tempdir().unwrap();
    let (node, survey, responses) = prepared(dir.path(), origins, revisions).await;
    let viewer = editor();
    let now = time::OffsetDateTime::now_utc();
    let counted = node.survey_results(&viewer, &survey, now).unwrap().1.respondents;
    assert_eq!(counted, origins as usize, "one counted response per organisation");
    let baseline = median(runs, || {
        for id in &responses {
            std::hint::black_box(node.get(&viewer, id).unwrap());
        }
    });
    let aggregate = median(runs, || {
        std::hint::black_box(node.survey_results(&viewer, &survey, now).unwrap());
    });
    node.shutdown().await;
    Measured { name, counted, baseline, aggregate }
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let runs = if smoke { 5 } else { 101 };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let results = [
        runtime.block_on(measure("200 organisations × 1 response", 200, 1, runs)),
        runtime.block_on(measure("20 organisations × 10 revisions", 20, 10, runs)),
    ];
    println!(
        "# survey results benchmark{}",
        if smoke { " (smoke: figures are not meaningful)" } else { "" }
    );
    println!();
    println!(
        "| 200 responses | counted | baseline: read the 200 records | aggregate results | ratio | target ≤ 20 ms |"
    );
    println!("|---|---|---|---|---|---|");
    for m in &results {
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "| {} | {} | {:.2} ms | {:.2} ms | {:.2}× | {} |",
            m.name,
            m.counted,
            ms(m.baseline),
            ms(m.aggregate),
            m.aggregate.as_secs_f64() / m.baseline.as_secs_f64(),
            if m.aggregate <= TARGET { "met" } else { "MISSED" }
        );
    }
}
