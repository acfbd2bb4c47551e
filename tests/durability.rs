//! Crash durability of the real binary: several clients publish (documents with files)
//! concurrently while the node is `kill -9`ed at random moments, over and over. After the last
//! restart every acknowledged record is present with its file, the log's chain verifies from
//! seq 1 to the head, and every record that is there is whole (body, hash, files, indexes) —
//! whether or not its publisher heard back — and the search index catches up with all of it.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use plenary::model::record::body_hash;
use plenary::model::{Record, RecordId, Sha256};
use rand::Rng;
use serde_json::{Value, json};

mod common;

use common::process::{arrival_ids, create_token, eventually, get_json, init, own_log, serve};

const KILLS: usize = 24;
const CLIENTS: usize = 6;

/// A publish the node acknowledged: the record and the file it lists.
#[derive(Debug, Clone)]
struct Acked {
    id: RecordId,
    file: Sha256,
}

/// Publishes documents with a fresh file each until the node stops answering.
async fn publish_until_dead(
    url: String,
    token: String,
    client_no: usize,
    acked: Arc<Mutex<Vec<Acked>>>,
) {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    for n in 0.. {
        let bytes = format!("client {client_no} file {n} {}", rand::random::<u64>()).into_bytes();
        let Ok(upload) = http
            .post(format!("{url}/api/v1/blobs"))
            .bearer_auth(&token)
            .body(bytes.clone())
            .send()
            .await
        else {
            return;
        };
        if upload.status() != 201 {
            return;
        }
        let Ok(stored) = upload.json::<Value>().await else { return };
        let body = json!({
            "kind": "document",
            "visibility": if n % 2 == 0 { "public" } else { "partners" },
            "body": {
                "title": format!("client {client_no} document {n}"),
                "language": "en",
                "attachments": [{"sha256": stored["sha256"], "size": bytes.len(), "media_type": "text/plain", "name": "f.txt"}],
            },
        });
        let Ok(response) =
            http.post(format!("{url}/api/v1/records")).bearer_auth(&token).json(&body).send().await
        else {
            return;
        };
        if response.status() != 201 {
            return;
        }
        let Ok(published) = response.json::<Value>().await else { return };
        let id = published["id"].as_str().unwrap().parse().unwrap();
        acked.lock().unwrap().push(Acked { id, file: Sha256::of(&bytes) });
    }
}

/// Waits until search counts `documents` documents: the index caught up from the store after
/// the kills (it commits only every 250 ms, so most kills left it behind).
async fn assert_searchable(url: &str, token: &str, documents: usize) {
    let search = format!("{url}/api/v1/search?kind=document&limit=1&facets=false");
    let what = format!("the index counts all {documents} documents");
    eventually(&what, Duration::from_secs(180), || async {
        get_json(&search, token).await["total"].as_u64() == Some(documents as u64)
    })
    .await;
}

fn verify_chain(records: &[Record]) {
    let mut prev = None;
    for (index, record) in records.iter().enumerate() {
        let header = &record.header;
        assert_eq!(header.seq, index as u64 + 1, "seq has no gaps");
        assert_eq!(header.prev, prev, "prev chains seq {}", header.seq);
        plenary::crypto::verify_header(header, &record.sig).unwrap();
        let body = record.body.as_ref().expect("every stored record is whole");
        assert_eq!(
            body_hash(body),
            header.body_hash,
            "body matches its hash at seq {}",
            header.seq
        );
        prev = Some(record.id());
    }
}

async fn check_files(url: &str, token: &str, records: &[Record]) {
    let http = reqwest::Client::new();
    for record in records.iter().filter(|r| r.header.seq > 1) {
        let sha = record.body.as_ref().unwrap()["attachments"][0]["sha256"].as_str().unwrap();
        let bytes = http
            .get(format!("{url}/api/v1/blobs/{sha}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert_eq!(
            Sha256::of(&bytes).to_string(),
            sha,
            "file of seq {} is whole",
            record.header.seq
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_records_survive_repeated_kill_dash_nine() {
    let dir = tempfile::tempdir().unwrap();
    let config =
        init(dir.path(), "Durability Test Organisation", "DTO", "127.0.0.1:0").await.config;
    let mut running = serve(&config).await;
    let token = create_token(&running.url, running.password.as_deref().unwrap()).await;
    let origin = reqwest::get(format!("{}/healthz", running.url))
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap()["node_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let acked = Arc::new(Mutex::new(Vec::new()));
    for _ in 0..KILLS {
        let clients: Vec<_> = (0..CLIENTS)
            .map(|n| {
                tokio::spawn(publish_until_dead(
                    running.url.clone(),
                    token.clone(),
                    n,
                    acked.clone(),
                ))
            })
            .collect();
        let pause = rand::thread_rng().gen_range(50..400);
        tokio::time::sleep(Duration::from_millis(pause)).await;
        running.stop().await;
        for client in clients {
            client.await.unwrap();
        }
        running = serve(&config).await;
        assert!(running.password.is_none(), "accounts survive: no second first-admin");
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() > KILLS * 5,
        "the clients got work done between kills ({} acked)",
        acked.len()
    );

    let records = own_log(&running.url, &token, &origin).await;
    verify_chain(&records);
    let held: BTreeMap<RecordId, &Record> = records.iter().map(|r| (r.id(), r)).collect();
    for ack in &acked {
        let listed =
            held.get(&ack.id).unwrap_or_else(|| panic!("acknowledged record {} was lost", ack.id));
        assert_eq!(listed.body.as_ref().unwrap()["attachments"][0]["sha256"], ack.file.to_string());
    }
    check_files(&running.url, &token, &records).await;
    assert_searchable(&running.url, &token, records.len() - 1).await;
    let logged: BTreeSet<RecordId> = held.into_keys().collect();
    assert_eq!(
        arrival_ids(&running.url, &token).await.into_iter().collect::<BTreeSet<_>>(),
        logged,
        "the arrival index and the log agree"
    );
    eprintln!(
        "{KILLS} kills: {} acknowledged, {} in the log ({} committed but unacknowledged)",
        acked.len(),
        records.len() - 1,
        records.len() - 1 - acked.len()
    );
    running.stop().await;
}
