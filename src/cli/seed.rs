//! `plenary group seed`: publishes the partnership's thematic working groups from a seed file
//! (the embedded `node-config/groups.toml` unless `--file` names another) through a running
//! node's API. Each group belongs to its first convenor's node, so the command publishes only
//! the groups this node's organisation convenes, skips any whose slug this node has already
//! published (it can be run again safely), and resolves every acronym to a node id from the
//! node records the node holds before publishing anything — an unknown acronym stops it with
//! the list, unless `--allow-missing` leaves those organisations out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use serde_json::{Value, json};

use super::NodeArgs;
use super::publish::with_hint;
use crate::client::ApiClient;
use crate::config::groups::{EMBEDDED_GROUPS, GroupSeed, SeedGroup};
use crate::model::NodeId;

/// Arguments of `plenary group seed`.
#[derive(Args, Debug)]
pub struct SeedArgs {
    /// The seed file (default: the five thematic groups of node-config/groups.toml)
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Leave out organisations this node does not know yet instead of stopping
    #[arg(long)]
    allow_missing: bool,
    #[command(flatten)]
    node: NodeArgs,
}

/// Runs `plenary group seed`.
pub async fn seed(args: &SeedArgs) -> anyhow::Result<()> {
    let seed = read_seed(args)?;
    let api = ApiClient::new(&args.node.node, args.node.token.clone())?;
    let me: Value = api.get("/.well-known/plenary").await.map_err(with_hint)?;
    let my_id: NodeId = me["node_id"].as_str().unwrap_or_default().parse()?;
    let my_acronym = me["acronym"].as_str().unwrap_or_default().to_uppercase();
    let known = organisations(&api).await?;
    let published = own_slugs(&api, &my_id).await?;
    let (mine, others): (Vec<&SeedGroup>, Vec<&SeedGroup>) =
        seed.groups.iter().partition(|g| g.convenors[0].to_uppercase() == my_acronym);
    let missing = unknown(&mine, &known);
    if !missing.is_empty() && !args.allow_missing {
        bail!(
            "this node knows no organisation with the acronym {}: pin their nodes first \
             (plenary peer add) and wait for their node records, or pass --allow-missing to \
             leave them out for now",
            missing.into_iter().collect::<Vec<_>>().join(", ")
        );
    }
    for group in mine {
        if published.contains(&group.slug) {
            println!("{}: already published by this node; left as it is", group.slug);
            continue;
        }
        let id = publish(&api, group, &known).await?;
        println!("{}: published {id}", group.slug);
    }
    for group in others {
        println!("{}: convened by {}; run the seed on its node", group.slug, group.convenors[0]);
    }
    Ok(())
}

fn read_seed(args: &SeedArgs) -> anyhow::Result<GroupSeed> {
    Ok(match &args.file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the seed file {}", path.display()))?;
            GroupSeed::parse(&text, &path.display().to_string())?
        }
        None => GroupSeed::parse(EMBEDDED_GROUPS, "embedded seed")?,
    })
}

/// Every organisation the node holds a node record of, by upper-case acronym (the newest
/// record of each origin wins).
async fn organisations(api: &ApiClient) -> anyhow::Result<BTreeMap<String, NodeId>> {
    let mut by_origin: BTreeMap<NodeId, String> = BTreeMap::new();
    for record in listing(api, "kind=node").await? {
        let origin = record["header"]["origin"].as_str().unwrap_or_default().parse::<NodeId>();
        if let (Ok(origin), Some(acronym)) = (origin, record["body"]["acronym"].as_str()) {
            by_origin.insert(origin, acronym.to_uppercase());
        }
    }
    Ok(by_origin.into_iter().map(|(origin, acronym)| (acronym, origin)).collect())
}

/// The slugs of the working groups this node has published (any version).
async fn own_slugs(api: &ApiClient, me: &NodeId) -> anyhow::Result<BTreeSet<String>> {
    let records = listing(api, &format!("kind=working_group&origin={me}")).await?;
    Ok(records.iter().filter_map(|r| r["body"]["slug"].as_str().map(str::to_owned)).collect())
}

/// Every record of `GET /api/v1/records?{filter}`, page by page.
async fn listing(api: &ApiClient, filter: &str) -> anyhow::Result<Vec<Value>> {
    let mut out = Vec::new();
    let mut after = 0u64;
    loop {
        let path = format!("/api/v1/records?{filter}&after={after}&limit=500");
        let page: Value = api.get(&path).await.map_err(with_hint)?;
        out.extend(page["records"].as_array().cloned().unwrap_or_default());
        match page["next_after"].as_u64() {
            Some(next) if next > after => after = next,
            _ => return Ok(out),
        }
    }
}

/// The acronyms `groups` name that `known` lacks.
fn unknown(groups: &[&SeedGroup], known: &BTreeMap<String, NodeId>) -> BTreeSet<String> {
    groups
        .iter()
        .flat_map(|g| g.convenors.iter().chain(&g.members))
        .map(|acronym| acronym.to_uppercase())
        .filter(|acronym| !known.contains_key(acronym))
        .collect()
}

/// Publishes `group` with the node ids of the organisations `known` holds; returns its id.
async fn publish(
    api: &ApiClient,
    group: &SeedGroup,
    known: &BTreeMap<String, NodeId>,
) -> anyhow::Result<String> {
    let ids = |acronyms: &[String]| -> Vec<String> {
        acronyms
            .iter()
            .filter_map(|a| known.get(&a.to_uppercase()))
            .map(ToString::to_string)
            .collect()
    };
    let mut body = json!({
        "slug": group.slug,
        "name": group.name,
        "status": "active",
        "convenors": ids(&group.convenors),
        "members": ids(&group.members),
    });
    if let Some(theme) = &group.theme {
        body["theme"] = json!(theme);
    }
    if let Some(description) = &group.description {
        body["description"] = json!(description);
    }
    let request = json!({"kind": "working_group", "visibility": "partners", "body": body});
    let published: Value = api
        .post("/api/v1/records", &request)
        .await
        .map_err(with_hint)
        .with_context(|| format!("group {:?}", group.slug))?;
    Ok(published["id"].as_str().unwrap_or_default().to_owned())
}
