//! The log's Merkle tree at scale: a sled store holding the tree of a log of 1,000,000 records
//! (built as the writer builds it, one leaf's subtrees per append), then
//!
//! - proof generation from the stored subtrees: inclusion proofs of random records and
//!   consistency proofs between random sizes, p50 and p99 (target: p99 ≤ 1 ms);
//! - what checking a record against a checkpoint costs a verifier with no node — the
//!   checkpoint's Ed25519 signature, the record's leaf hash and its inclusion proof — against
//!   raw Ed25519 verification and raw SHA-256 of a header measured in the same run (target:
//!   ≤ 2× one raw verify).
//!
//! `cargo bench --bench merkle` (1,000,000 leaves; about a minute to build) or `-- --smoke`
//! (10,000 leaves; seconds; figures not meaningful). Exits 1 when a target is missed (not in
//! smoke mode).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::time::{Duration, Instant};

use plenary::crypto::{NodeKey, verify_checkpoint, verify_strict_raw};
use plenary::model::checkpoint::{Checkpoint, NoteSignature, SignedCheckpoint, key_hash};
use plenary::model::merkle::{self, Hash, leaf_hash};
use plenary::store::{Batch, Store};

const PROOF_TARGET: Duration = Duration::from_millis(1);
const VERIFY_TARGET: f64 = 2.0;

/// A header-sized leaf (a record's canonical header is about this long).
fn leaf_data(n: u64) -> Vec<u8> {
    format!(
        "{{\"body_hash\":\"{:064x}\",\"created_at\":\"2026-12-05T10:00:00Z\",\"key\":\"k\",\"kind\":\"document\",\"origin\":\"o\",\"plenary\":1,\"prev\":\"{:064x}\",\"seq\":{},\"visibility\":\"public\"}}",
        n,
        n.wrapping_sub(1),
        n + 1
    )
    .into_bytes()
}

/// A tiny deterministic generator (no dependency needed for picking indices).
struct Picks(u64);

impl Picks {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn percentiles(mut times: Vec<Duration>) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    (at(0.5), at(0.99))
}

fn median(f: &mut dyn FnMut(), runs: usize) -> Duration {
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    percentiles(times).0
}

fn build(store: &Store, leaves: u64) -> Duration {
    let start = Instant::now();
    for n in 0..leaves {
        let added = merkle::appended(store, n, leaf_hash(&leaf_data(n))).unwrap();
        let mut batch = Batch::default();
        Store::stage_merkle(&mut batch, &added);
        store.apply(&batch).unwrap();
    }
    store.flush().unwrap();
    start.elapsed()
}

fn us(d: Duration) -> String {
    format!("{:.1} µs", d.as_secs_f64() * 1e6)
}

fn main() {
    let smoke = std::env::args().any(|a| a == "--smoke");
    let (leaves, samples) = if smoke { (10_000u64, 1_000) } else { (1_000_000u64, 10_000) };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_sled(dir.path(), 64 << 20).unwrap();
    let built = build(&store, leaves);

    let mut picks = Picks(0x9e37_79b9_7f4a_7c15);
    let inclusion: Vec<Duration> = (0..samples)
        .map(|_| {
            let index = picks.below(leaves);
            let start = Instant::now();
            std::hint::black_box(merkle::inclusion_proof(&store, index, leaves).unwrap());
            start.elapsed()
        })
        .collect();
    let consistency: Vec<Duration> = (0..samples)
        .map(|_| {
            let old = 1 + picks.below(leaves - 1);
            let new = old + picks.below(leaves - old + 1);
            let start = Instant::now();
            std::hint::black_box(merkle::consistency_proof(&store, old, new).unwrap());
            start.elapsed()
        })
        .collect();
    let root_time = median(&mut || drop(std::hint::black_box(merkle::root(&store, leaves))), 101);
    let (inclusion, consistency) = (percentiles(inclusion), percentiles(consistency));

    // A verifier holding a checkpoint, a record's header and its proof.
    let key = NodeKey::from_seed([7; 32]);
    let root: Hash = merkle::root(&store, leaves).unwrap();
    let checkpoint =
        Checkpoint { origin: Checkpoint::origin_of(&key.node_id()), size: leaves, root };
    let name = checkpoint.origin.clone();
    let body = checkpoint.body();
    let signature = key.sign_raw(body.as_bytes());
    let line = NoteSignature { key_hash: key_hash(&name, &key.key_id()), name, signature };
    let note = SignedCheckpoint { checkpoint, signatures: vec![line] };
    let index = leaves / 3;
    let data = leaf_data(index);
    let proof = merkle::inclusion_proof(&store, index, leaves).unwrap();
    let raw_verify = median(
        &mut || verify_strict_raw(key.key_id().as_bytes(), body.as_bytes(), &signature).unwrap(),
        2_001,
    );
    let raw_sha = median(
        &mut || {
            std::hint::black_box(plenary::model::Sha256::of(&data));
        },
        2_001,
    );
    let check_record = median(
        &mut || {
            verify_checkpoint(&note, &key.key_id()).unwrap();
            let leaf = leaf_hash(&data);
            merkle::verify_inclusion(&leaf, index, leaves, &proof, &root).unwrap();
        },
        2_001,
    );
    let ratio = check_record.as_secs_f64() / raw_verify.as_secs_f64();

    println!(
        "# Merkle tree benchmark{}",
        if smoke { " (smoke: figures are not meaningful)" } else { "" }
    );
    println!();
    println!(
        "{leaves} leaves built in {:.1} s (one sled transaction per append); {samples} proofs each",
        built.as_secs_f64()
    );
    println!();
    println!("| measurement | p50 | p99 | ratio |");
    println!("|---|---|---|---|");
    println!("| inclusion proof from the store | {} | {} | |", us(inclusion.0), us(inclusion.1));
    println!(
        "| consistency proof from the store | {} | {} | |",
        us(consistency.0),
        us(consistency.1)
    );
    println!("| root of the whole tree | {} | | |", us(root_time));
    println!(
        "| raw SHA-256 of a header | {} | | {:.2}× of a verify |",
        us(raw_sha),
        raw_sha.as_secs_f64() / raw_verify.as_secs_f64()
    );
    println!("| raw Ed25519 verify | {} | | 1.00× |", us(raw_verify));
    println!(
        "| check a record: checkpoint signature + leaf hash + inclusion proof ({} hashes) | {} | | {ratio:.2}× |",
        proof.len(),
        us(check_record)
    );
    let worst = inclusion.1.max(consistency.1);
    let met = worst <= PROOF_TARGET && ratio <= VERIFY_TARGET;
    println!();
    println!(
        "proof p99 {} (target ≤ {}), record check {ratio:.2}× a verify (target ≤ {VERIFY_TARGET}×): {}",
        us(worst),
        us(PROOF_TARGET),
        if met { "met" } else { "NOT met" }
    );
    if !met && !smoke {
        std::process::exit(1);
    }
}
