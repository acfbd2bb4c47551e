//! Every example configuration in `node-config/` parses, validates and says what its comments
//! claim; the embedded default is what `plenary serve` runs on.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use plenary::config::Config;

fn example(name: &str) -> Config {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("node-config").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    Config::parse(&text, name, path.parent().unwrap(), [])
        .unwrap_or_else(|err| panic!("{name}: {err}"))
}

#[test]
fn every_example_config_parses_and_validates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("node-config");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && n != "groups.toml")
        .collect();
    names.sort();
    assert_eq!(names, ["oecd.toml", "who.toml", "wto.toml"]);
    // Beside the node configs: the working-group seed `plenary group seed` publishes.
    let seed = std::fs::read_to_string(dir.join("groups.toml")).unwrap();
    let seed = plenary::config::groups::GroupSeed::parse(&seed, "groups.toml").unwrap();
    assert_eq!(seed.groups.len(), 5);
    for name in &names {
        example(name).validate().unwrap();
    }
}

#[test]
fn examples_say_what_they_mean() {
    let oecd = example("oecd.toml");
    assert_eq!(oecd.node.acronym, "OECD");
    assert_eq!(oecd.federation.peers.len(), 2);
    assert_eq!(oecd.limits.record_bytes, 1 << 20);
    assert_eq!(oecd.node.data_dir, PathBuf::from("/var/lib/plenary/oecd"));

    let wto = example("wto.toml");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("node-config");
    assert_eq!(wto.node.data_dir, dir.join("data"), "relative paths resolve against the file");
    assert_eq!(wto.limits.file_bytes, 256 << 20, "omitted sections take the defaults");
    let pinned = wto.federation.peers[0].node_id.unwrap();
    assert_eq!(
        Some(pinned),
        example("who.toml").federation.peers[0].node_id,
        "WTO and WHO pin the same OECD id"
    );

    let who = example("who.toml");
    assert_eq!(who.limits.file_bytes, 100 << 20);
    assert_eq!(who.federation.peers[1].node_id, None, "a peer may be pinned on first contact");
    assert_eq!(who.federation.trusted.len(), 1);
    assert_eq!(who.accounts.session_hours, 24);
    assert_eq!(who.notifications.webhook_url, None, "the example webhook is commented out");
}
