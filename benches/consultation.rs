//! Consultation page benchmark: one node serving on loopback holds a public draft with 2,000
//! comments from 20 organisations (100 each, hand-signed and ingested as they would arrive from
//! peers; every fourth one a reply to another organisation's earlier comment). Over real HTTP,
//! one request at a time, it measures p50 and p99 of
//!
//! - `GET /documents/{id}`, the document page with its Comments section (the first 50
//!   top-level threads with all their replies), read anonymously and signed in (then with the
//!   comment form and a Reply link per comment), and its last page of threads;
//! - `GET /documents/{id}/comments/print`, every comment on one printable page (for scale; no
//!   target);
//! - `GET /api/v1/records/{id}/comments`, the threaded JSON;
//! - the document page read right after a new comment arrived, each time (a round's threaded
//!   comments are kept only until anything new arrives, so this is the page built from the
//!   store);
//!
//! against the baseline measured in the same run: `GET /api/v1/records/{id}` of the same
//! document (one record read, verified and serialised). Target: document page p99 ≤ 50 ms.
//!
//! `cargo bench --bench consultation` (2,000 comments, 300 requests per measurement) or
//! `-- --smoke` (200 comments, 30 requests; seconds; figures not meaningful). Before timing,
//! the run checks that the pages of threads together hold every comment exactly once and that
//! each timed page holds what it should.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use plenary::config::{Config, EMBEDDED_DEFAULT};
use plenary::crypto::NodeKey;
use plenary::model::record::{body_hash, format_utc_timestamp};
use plenary::model::{Header, Kind, Record, RecordId, Visibility};
use plenary::node::{Account, Node, PublishRequest, Role, Viewer};
use plenary::server;
use serde_json::{Value, json};

struct Scale {
    origins: usize,
    per_origin: usize,
    requests: usize,
}

const FULL: Scale = Scale { origins: 20, per_origin: 100, requests: 300 };
const SMOKE: Scale = Scale { origins: 20, per_origin: 10, requests: 30 };

/// The page's target.
const TARGET_P99: Duration = Duration::from_millis(50);

/// One organisation's log, signed with its own key.
struct Origin {
    key: NodeKey,
    records: Vec<Record>,
}

impl Origin {
    fn new(n: usize) -> Origin {
        let mut origin =
            Origin { key: NodeKey::from_seed([n as u8 + 10; 32]), records: Vec::new() };
        let body = json!({"name": format!("Organisation {n}"), "acronym": format!("IO{n}")});
        origin.append(Kind::Node, Visibility::PUBLIC, body, format_utc_timestamp(now()));
        origin
    }

    fn append(&mut self, kind: Kind, visibility: Visibility, body: Value, at: String) -> RecordId {
        let prev = self.records.last();
        let header = Header {
            plenary: 1,
            origin: self.key.node_id(),
            key: self.key.key_id(),
            seq: prev.map_or(1, |r| r.header.seq + 1),
            prev: prev.map(Record::id),
            kind,
            created_at: at,
            visibility,
            body_hash: body_hash(&body),
        };
        let sig = self.key.sign_header(&header);
        let record = Record { header, sig, body: Some(body) };
        let id = record.id();
        self.records.push(record);
        id
    }
}

fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}

/// A comment of realistic length.
fn comment_text(origin: usize, n: usize) -> String {
    format!(
        "Organisation {origin}, point {n}: the draft's treatment of ex-post evaluation should \
         distinguish rules adopted under urgency from those that went through full consultation, \
         and the annex should list the data sources used for each country table."
    )
}

/// The logs of `scale.origins` organisations commenting on `draft`, in arrival order.
fn comments(scale: &Scale, draft: &RecordId) -> Vec<Origin> {
    let mut origins: Vec<Origin> = (0..scale.origins).map(Origin::new).collect();
    let start = now() - time::Duration::hours(2);
    let mut previous: Vec<Option<RecordId>> = vec![None; scale.origins];
    let mut step = 0i64;
    for n in 0..scale.per_origin {
        for o in 0..scale.origins {
            step += 1;
            let mut body =
                json!({"about": draft.to_string(), "text": comment_text(o, n), "language": "en"});
            if n % 4 == 3 {
                if let Some(parent) = previous[(o + 1) % scale.origins] {
                    body["in_reply_to"] = json!(parent.to_string());
                }
            } else if n % 5 == 0 {
                body["section"] = json!(format!("Section {}", n % 7 + 1));
            }
            let at = format_utc_timestamp(start + time::Duration::seconds(step));
            previous[o] = Some(origins[o].append(Kind::Comment, Visibility::PUBLIC, body, at));
        }
    }
    origins
}

/// p50 and p99 of `requests` sequential GETs of `path` (after a few to warm up), checking each.
async fn measure(
    client: &reqwest::Client,
    url: &str,
    cookie: Option<&str>,
    requests: usize,
    check: impl Fn(&str),
) -> (Duration, Duration) {
    let get = || {
        let request = client.get(url);
        match cookie {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        }
    };
    for _ in 0..5 {
        let body = get().send().await.unwrap().text().await.unwrap();
        check(&body);
    }
    let mut times = Vec::with_capacity(requests);
    for _ in 0..requests {
        let start = Instant::now();
        let response = get().send().await.unwrap();
        assert_eq!(response.status(), 200, "{url}");
        let body = response.bytes().await.unwrap();
        times.push(start.elapsed());
        std::hint::black_box(body);
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    (at(0.5), at(0.99))
}

struct Setup {
    node: Arc<Node>,
    url: String,
    draft: RecordId,
    cookie: String,
    ingest: Duration,
    _dir: tempfile::TempDir,
}

async fn setup(scale: &Scale) -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bound = listener.local_addr().unwrap();
    let mut config = Config::parse(EMBEDDED_DEFAULT, "bench", dir.path(), []).unwrap();
    config.node.listen = bound;
    config.limits.concurrent_password_hashes = 1;
    let mut settings = plenary::node::Settings::from_config(&config);
    settings.extraction = None;
    let prepared =
        server::prepare_with(&config, NodeKey::from_seed([2; 32]), bound, settings).await.unwrap();
    let node: Arc<Node> = prepared.node.clone();
    let password = prepared.first_admin_password.clone().unwrap();
    tokio::spawn(server::run(listener, prepared.state, std::future::pending()));
    let editor = Viewer::Local(Account { username: "admin".into(), role: Role::Admin });
    let body = json!({"title": "Regulatory policy outlook (draft)", "language": "en",
        "status": "consultation", "comment_until": "2099-12-31", "symbol": "IO/GOV/RPC(2026)1/DRAFT",
        "summary": "A draft circulated to the public for comment."});
    let request =
        PublishRequest { kind: "document".into(), visibility: Some(json!("public")), body };
    let draft = node.publish(&editor, request).await.unwrap().id;
    let started = Instant::now();
    for origin in comments(scale, &draft) {
        let values = origin.records.iter().map(|r| serde_json::to_value(r).unwrap()).collect();
        for outcome in node.ingest_page(values).await {
            outcome.unwrap();
        }
    }
    let ingest = started.elapsed();
    let url = format!("http://{bound}");
    let login: Value = reqwest::Client::new()
        .post(format!("{url}/api/v1/session"))
        .json(&json!({"username": "admin", "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cookie = format!("plenary_session={}", login["token"].as_str().unwrap());
    Setup { node, url, draft, cookie, ingest, _dir: dir }
}

/// p50 and p99 of the document page read anonymously right after a new comment arrived each
/// time (nothing kept from the read before).
/// Reads every page of threads once: together they hold each of the `total` comments exactly
/// once. Returns the number of pages and how many comments the first one holds.
async fn check_pages(client: &reqwest::Client, page: &str, total: usize) -> (usize, usize) {
    let mut seen = std::collections::HashSet::new();
    let mut first = 0;
    for n in 1.. {
        let html = client.get(format!("{page}?comments={n}")).send().await.unwrap();
        let html = html.text().await.unwrap();
        let ids: Vec<&str> = html
            .split("<li id=\"comment-")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        if n == 1 {
            first = ids.len();
        }
        for id in &ids {
            assert!(seen.insert(id.to_string()), "comment {id} shown on two pages");
        }
        if !html.contains("rel=\"next\"") {
            assert_eq!(seen.len(), total, "the pages hold every comment");
            return (n, first);
        }
    }
    unreachable!("pages are counted up to the last")
}

async fn cold_pages(
    setup: &Setup,
    scale: &Scale,
    client: &reqwest::Client,
    page: &str,
) -> (Duration, Duration) {
    let mut latecomer = Origin::new(scale.origins);
    setup.node.ingest(latecomer.records[0].clone()).await.unwrap();
    let mut times = Vec::new();
    for n in 0..scale.requests.min(100) {
        let body =
            json!({"about": setup.draft.to_string(), "text": comment_text(scale.origins, n)});
        latecomer.append(Kind::Comment, Visibility::PUBLIC, body, format_utc_timestamp(now()));
        let record = latecomer.records.last().cloned().unwrap();
        setup.node.ingest(record).await.unwrap();
        let start = Instant::now();
        let response = client.get(page).send().await.unwrap();
        assert_eq!(response.status(), 200);
        std::hint::black_box(response.bytes().await.unwrap());
        times.push(start.elapsed());
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    (at(0.5), at(0.99))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

async fn run(scale: &Scale, smoke: bool) -> bool {
    let setup = setup(scale).await;
    let total = scale.origins * scale.per_origin;
    let client = reqwest::Client::new();
    let draft = setup.draft;
    let page = format!("{}/documents/{draft}", setup.url);
    let api = format!("{}/api/v1/records/{draft}", setup.url);
    let (pages, first_page) = check_pages(&client, &page, total).await;
    let holds_first = |html: &str| {
        assert_eq!(html.matches("<article class=\"comment\"").count(), first_page);
    };
    let baseline = measure(&client, &api, None, scale.requests, |_| {}).await;
    let anonymous = measure(&client, &page, None, scale.requests, holds_first).await;
    let signed_in = measure(&client, &page, Some(&setup.cookie), scale.requests, |html| {
        holds_first(html);
        assert_eq!(html.matches("?reply_to=").count(), first_page, "a Reply link per comment");
    })
    .await;
    let last_url = format!("{page}?comments={pages}");
    let last = measure(&client, &last_url, None, scale.requests, |_| {}).await;
    let print_url = format!("{page}/comments/print");
    let print = measure(&client, &print_url, None, scale.requests.min(50), |html| {
        assert_eq!(html.matches("<th scope=\"row\">").count(), total, "a row per comment");
    })
    .await;
    let json_url = format!("{}/api/v1/records/{draft}/comments", setup.url);
    let threaded = measure(&client, &json_url, None, scale.requests, |_| {}).await;
    let bytes = client.get(&page).send().await.unwrap().bytes().await.unwrap().len();
    let cold = cold_pages(&setup, scale, &client, &page).await;

    println!(
        "# consultation benchmark{}",
        if smoke { " (smoke: figures are not meaningful)" } else { "" }
    );
    println!();
    println!(
        "{total} comments from {} organisations ({} each, every fourth a reply), ingested in {:.2} s; \
         {} sequential requests per row; {pages} pages of threads; first page {} KiB",
        scale.origins,
        scale.per_origin,
        setup.ingest.as_secs_f64(),
        scale.requests,
        bytes / 1024
    );
    println!();
    println!("| request | p50 | p99 | p50 ratio | p99 ratio |");
    println!("|---|---|---|---|---|");
    let row = |name: &str, (p50, p99): (Duration, Duration)| {
        println!(
            "| {name} | {} | {} | {:.1}× | {:.1}× |",
            ms(p50),
            ms(p99),
            p50.as_secs_f64() / baseline.0.as_secs_f64(),
            p99.as_secs_f64() / baseline.1.as_secs_f64()
        );
    };
    row("baseline: `GET /api/v1/records/{id}` (the draft)", baseline);
    row("`GET /documents/{id}`, anonymous", anonymous);
    row("`GET /documents/{id}`, signed in (form, Reply links)", signed_in);
    row("`GET /documents/{id}?comments=N`, the last page of threads, anonymous", last);
    row("`GET /documents/{id}/comments/print`, all comments (no target)", print);
    row("`GET /api/v1/records/{id}/comments`", threaded);
    row("`GET /documents/{id}`, anonymous, each right after a new comment arrived", cold);
    let worst = anonymous.1.max(signed_in.1).max(last.1).max(cold.1);
    let met = worst <= TARGET_P99;
    println!();
    println!(
        "document page p99 {} — target ≤ {}: {}",
        ms(worst),
        ms(TARGET_P99),
        if met { "met" } else { "NOT met" }
    );
    met || smoke
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let scale = if smoke { SMOKE } else { FULL };
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    if !runtime.block_on(run(&scale, smoke)) {
        std::process::exit(1);
    }
}
