//! `plenary search` (through a running node's API) and `plenary reindex`.

use anyhow::Context;
use clap::Args;
use serde_json::Value;

use super::admin::{Target, open_target};
use super::{ConfigArg, NodeArgs};
use crate::client::ApiClient;

/// Arguments of `plenary search`.
#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Words, "phrases", AND/OR/NOT, field prefixes (title:, symbol:, kind: …) or a symbol
    query: String,
    /// Only this kind (document, meeting …)
    #[arg(long)]
    kind: Option<String>,
    /// Only this origin (node id)
    #[arg(long)]
    origin: Option<String>,
    /// Only this language
    #[arg(long)]
    lang: Option<String>,
    /// Only this working group (record id)
    #[arg(long)]
    group: Option<String>,
    /// Only this status (draft, consultation, final, withdrawn)
    #[arg(long)]
    status: Option<String>,
    /// Created on or after (YYYY-MM-DD or RFC 3339)
    #[arg(long)]
    from: Option<String>,
    /// Created before (YYYY-MM-DD or RFC 3339)
    #[arg(long)]
    to: Option<String>,
    /// Only current versions
    #[arg(long)]
    current: bool,
    /// Results per page
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Results to skip
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Print the API's JSON instead of a listing
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    node: NodeArgs,
}

/// Runs a search and prints the hits.
pub async fn search(args: &SearchArgs) -> anyhow::Result<()> {
    let api = ApiClient::new(&args.node.node, args.node.token.clone())?;
    let mut query = vec![
        ("q", args.query.clone()),
        ("limit", args.limit.to_string()),
        ("offset", args.offset.to_string()),
    ];
    let optional = [
        ("kind", &args.kind),
        ("origin", &args.origin),
        ("lang", &args.lang),
        ("group", &args.group),
        ("status", &args.status),
        ("from", &args.from),
        ("to", &args.to),
    ];
    query.extend(optional.into_iter().filter_map(|(name, value)| value.clone().map(|v| (name, v))));
    if args.current {
        query.push(("current", "true".into()));
    }
    let page: Value = api.get_query("/api/v1/search", &query).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&page)?);
        return Ok(());
    }
    print_page(&page, args.offset);
    Ok(())
}

fn print_page(page: &Value, offset: usize) {
    let hits = page["hits"].as_array().cloned().unwrap_or_default();
    println!("{} results", page["total"]);
    for (n, hit) in hits.iter().enumerate() {
        let text = |key: &str| hit[key].as_str().unwrap_or_default().to_owned();
        let origin =
            hit["origin_name"].as_str().map(str::to_owned).unwrap_or_else(|| text("origin"));
        let version = if hit["current"] == Value::Bool(false) { " (superseded)" } else { "" };
        println!("\n{}. {}{version}", offset + n + 1, text("title"));
        println!("   {} · {} · {} · {}", origin, text("kind"), text("lang"), text("created_at"));
        if let Some(symbol) = hit["symbol"].as_str() {
            println!("   {symbol}");
        }
        println!("   {}", plain_snippet(&text("snippet")));
        println!("   {}", text("id"));
    }
}

/// The snippet with `<mark>` shown as `[…]` and HTML entities decoded.
fn plain_snippet(html: &str) -> String {
    html.replace("<mark>", "[")
        .replace("</mark>", "]")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .replace('\n', " ")
}

/// Rebuilds the search index from the store: directly when the node is stopped (waiting until
/// done), or by asking the running node (which rebuilds in the background).
pub async fn reindex(args: &ConfigArg) -> anyhow::Result<()> {
    match open_target(args).await? {
        Target::Local(node) => {
            let target = node.last_arrival()?;
            node.reindex().await?;
            node.wait_indexed(target).await.context("the index did not finish rebuilding")?;
            node.shutdown().await;
            println!("reindexed {target} records");
        }
        Target::Remote(api) => {
            api.post::<Value>("/api/v1/reindex", &serde_json::json!({})).await?;
            println!("the running node is rebuilding its index");
        }
    }
    Ok(())
}
