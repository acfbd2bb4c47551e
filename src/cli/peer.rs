//! `plenary peer add|list|remove`: the federation peers pinned in the node's config file. `add`
//! fetches the peer's `/.well-known/plenary`, shows its id and fingerprint, and pins the id (or,
//! with `--node-id`, pins without contact when the peer cannot be reached). On a stopped node
//! the commands edit the config file (`config::edit`); on a running one they go through its API
//! with the control token, and the node edits the same file and changes its running federation
//! at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Subcommand;
use serde::Deserialize;
use serde_json::{Value, json};

use super::ConfigArg;
use crate::client::ApiClient;
use crate::client::peer::{PeerClient, PeerError, WellKnown};
use crate::config::edit;
use crate::config::{Config, PeerConfig};
use crate::model::NodeId;
use crate::server::{CONTROL_FILE, Control};
use crate::store::{Store, StoreError};

/// `plenary peer …`.
#[derive(Subcommand, Debug)]
pub enum PeerCommand {
    /// Pin a partner node: fetch its /.well-known/plenary, show its id and fingerprint, pin it.
    Add {
        /// The peer's base URL (http://host:port or https://host[/path])
        url: String,
        /// The id to pin; must match the peer's if it answers. Without contact when it does not
        /// (then the id is checked on first contact)
        #[arg(long, value_name = "ID", allow_hyphen_values = true)]
        node_id: Option<NodeId>,
        #[command(flatten)]
        config: ConfigArg,
    },
    /// List the pinned peers, with their status when the node is running.
    List {
        #[command(flatten)]
        config: ConfigArg,
    },
    /// Remove a pinned peer.
    Remove {
        /// The peer's node id (one starting with `-` is taken as an id)
        #[arg(allow_hyphen_values = true)]
        node_id: NodeId,
        #[command(flatten)]
        config: ConfigArg,
    },
}

/// Runs a peer command.
pub async fn peer(command: PeerCommand) -> anyhow::Result<()> {
    match command {
        PeerCommand::Add { url, node_id, config } => add(&url, node_id, &config).await,
        PeerCommand::List { config } => list(&config).await,
        PeerCommand::Remove { node_id, config } => remove(&node_id, &config).await,
    }
}

/// The config and the file it came from; the embedded default has no file to pin peers in.
fn node_file(arg: &ConfigArg) -> anyhow::Result<(Config, PathBuf)> {
    let (config, _) = arg.load()?;
    let Some(file) = config.source.clone() else {
        bail!(
            "no config file: ./plenary.toml does not exist and --config was not given, so this \
             is the embedded default, which has no peers; create a node with `plenary init \
             --dir DIR …` and pass --config DIR/plenary.toml"
        );
    };
    Ok((config, file))
}

async fn add(url: &str, pinned: Option<NodeId>, arg: &ConfigArg) -> anyhow::Result<()> {
    let (config, file) = node_file(arg)?;
    let own = super::load_key(&config)?.node_id();
    let url = url.trim_end_matches('/').to_owned();
    // What the edit would refuse is refused before anyone is contacted.
    edit::check_new_peer(&config, &PeerConfig { url: url.clone(), node_id: pinned }, &own)?;
    let node_id = match PeerClient::new(&url)?.well_known().await {
        Ok(known) => {
            show(&url, &known);
            if let Some(pinned) = pinned.filter(|p| *p != known.node_id) {
                bail!(
                    "{url} is node {}, not {pinned} as --node-id says; nothing was pinned (check \
                     the id with the peer's operator: `plenary id` prints it)",
                    known.node_id
                );
            }
            known.node_id
        }
        Err(err) if reachable_elsewhere(&err) => match pinned {
            Some(id) => {
                eprintln!(
                    "cannot reach {url} ({err}); pinning {id} without contact: the peer checks \
                     the id on first contact and refuses requests meant for another node"
                );
                println!("url:          {url}");
                println!("node id:      {id}");
                println!("fingerprint:  {}", id.fingerprint());
                id
            }
            None => bail!(
                "cannot reach {url}: {err}; to pin a peer that cannot be reached now, pass \
                 --node-id ID (its operator reads it with `plenary id`)"
            ),
        },
        Err(err) => bail!("{url} does not serve a plenary node's /.well-known/plenary: {err}"),
    };
    let peer = PeerConfig { url, node_id: Some(node_id) };
    edit::check_new_peer(&config, &peer, &own)?;
    let written: PeerConfig = match running_node(&config)? {
        Some(api) => {
            let body = json!({"url": peer.url, "node_id": node_id});
            let written = api.post("/api/v1/peers", &body).await?;
            eprintln!("the running node pulls from it now");
            written
        }
        None => {
            let written = edit::add_peer(&file, &peer, &own)?;
            eprintln!("the node pulls from it when it starts");
            written
        }
    };
    println!("pinned {node_id} at {} in {}", written.url, file.display());
    Ok(())
}

/// Whether a failed well-known fetch may still be a plenary node that is down or unreachable
/// (as opposed to something else answering at that URL).
fn reachable_elsewhere(err: &PeerError) -> bool {
    match err {
        PeerError::Unreachable { .. } => true,
        PeerError::Status { status, .. } => *status >= 500,
        _ => false,
    }
}

/// Prints what the peer says of itself, for the operator to compare with what its operator
/// reads out.
fn show(url: &str, known: &WellKnown) {
    let text = |value: &Value| match value {
        Value::String(text) => text.clone(),
        Value::Null => "(not given)".into(),
        other => other.to_string(),
    };
    println!("name:         {}", text(&known.name));
    println!("acronym:      {}", text(&known.acronym));
    println!("url:          {url}");
    println!("public url:   {}", text(&known.public_url));
    println!("node id:      {}", known.node_id);
    println!("fingerprint:  {}", known.node_id.fingerprint());
}

/// A peer's status as `GET /api/v1/peers` reports it.
#[derive(Debug, Deserialize)]
struct Status {
    node_id: Option<NodeId>,
    url: String,
    reachable: bool,
    last_sync: Option<String>,
    last_error: Option<String>,
    #[serde(default)]
    lag: BTreeMap<String, u64>,
    #[serde(default)]
    refused_records: BTreeMap<String, u64>,
}

async fn list(arg: &ConfigArg) -> anyhow::Result<()> {
    let (config, file) = node_file(arg)?;
    let statuses: Option<Vec<Status>> = match running_node(&config)? {
        Some(api) => Some(api.get("/api/v1/peers").await?),
        None => None,
    };
    let peers = &config.federation.peers;
    if peers.is_empty() {
        eprintln!("no peers in {}", file.display());
    }
    for peer in peers {
        let id = peer.node_id.map_or_else(|| "(not pinned)".to_owned(), |id| id.to_string());
        let Some(statuses) = &statuses else {
            println!("{id}\t{}", peer.url);
            continue;
        };
        let status = statuses.iter().find(|s| s.node_id.is_some() && s.node_id == peer.node_id);
        println!("{id}\t{}\t{}", peer.url, describe(status));
    }
    match &statuses {
        None => eprintln!("the node is stopped: no live status"),
        Some(statuses) => {
            let unlisted = statuses
                .iter()
                .filter(|s| !peers.iter().any(|p| p.node_id.is_some() && p.node_id == s.node_id));
            for status in unlisted {
                let id = status.node_id.map(|id| id.to_string()).unwrap_or_default();
                let state = describe(Some(status));
                println!("{id}\t{}\t{state}\t(running, no longer in the config file)", status.url);
            }
        }
    }
    Ok(())
}

/// One peer's live status on one line.
fn describe(status: Option<&Status>) -> String {
    let Some(status) = status else {
        return "not pulled by the running node (no pinned id, or the file was edited by hand \
                since it started)"
            .into();
    };
    let state = match (&status.last_error, status.reachable) {
        (_, true) => "reachable".to_owned(),
        (Some(error), false) => format!("unreachable ({error})"),
        (None, false) => "connecting".to_owned(),
    };
    let lag: u64 = status.lag.values().sum();
    let refused: u64 = status.refused_records.values().sum();
    let last = status.last_sync.as_deref().unwrap_or("never");
    format!("{state}\tlast sync {last}\tlag {lag}\trefused {refused}")
}

async fn remove(node_id: &NodeId, arg: &ConfigArg) -> anyhow::Result<()> {
    let (config, file) = node_file(arg)?;
    let url = match running_node(&config)? {
        Some(api) => {
            api.delete(&format!("/api/v1/peers/{node_id}")).await?;
            let peers = &config.federation.peers;
            peers.iter().find(|p| p.node_id == Some(*node_id)).map(|p| p.url.clone())
        }
        None => Some(edit::remove_peer(&file, node_id)?.url),
    };
    let at = url.map(|url| format!(" ({url})")).unwrap_or_default();
    println!("removed {node_id}{at} from {}", file.display());
    Ok(())
}

/// Sled pages cached while checking whether the node runs.
const PROBE_CACHE_BYTES: u64 = 1 << 20;

/// The running node's API (with its control token), or `None` when the node is stopped:
/// it has never run (no control file), or its database is not locked by a running process.
fn running_node(config: &Config) -> anyhow::Result<Option<ApiClient>> {
    let data = &config.node.data_dir;
    let control = data.join(CONTROL_FILE);
    if !control.exists() {
        return Ok(None);
    }
    match Store::open_sled(&data.join("db"), PROBE_CACHE_BYTES) {
        Ok(_) => Ok(None),
        Err(StoreError::Locked) => control_client(&control).map(Some),
        Err(err) => Err(err).context("cannot open the node's data"),
    }
}

fn control_client(path: &Path) -> anyhow::Result<ApiClient> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("the node is running but {} is unreadable", path.display()))?;
    let control: Control =
        serde_json::from_str(&text).with_context(|| format!("{} is damaged", path.display()))?;
    Ok(ApiClient::new(&control.url, Some(control.token))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Sha256;

    #[test]
    fn fingerprints_are_sixteen_groups_of_four_hex_digits() {
        let print = NodeId([1; 32]).fingerprint();
        let groups: Vec<&str> = print.split(' ').collect();
        assert_eq!(groups.len(), 16, "{print}");
        assert!(groups.iter().all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_hexdigit())));
        assert_eq!(print.replace(' ', ""), Sha256::of(&[1; 32]).to_string());
        assert_ne!(print, NodeId([2; 32]).fingerprint());
    }
}
