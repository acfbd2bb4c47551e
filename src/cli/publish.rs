//! `plenary publish` (upload files, then publish a document listing them) and `plenary get`.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use serde_json::{Value, json};

use super::NodeArgs;
use crate::client::{ApiClient, ClientError};
use crate::model::RecordId;

/// Arguments of `plenary publish`.
#[derive(Args, Debug)]
pub struct PublishArgs {
    /// Files to attach (PDF, DOCX, ODT, HTML, text …)
    #[arg(value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The document's title
    #[arg(long)]
    title: String,
    /// Language (BCP 47)
    #[arg(long, default_value = "en", value_name = "LANG")]
    lang: String,
    /// Document symbol, e.g. OECD/GOV/RPC(2017)5/REV1
    #[arg(long)]
    symbol: Option<String>,
    /// Working group record id
    #[arg(long, value_name = "ID")]
    group: Option<RecordId>,
    /// public, partners, or JSON such as {"nodes":["…"]}
    #[arg(long, default_value = "partners", value_name = "V")]
    visibility: String,
    /// The record id of the version this one replaces
    #[arg(long, value_name = "ID")]
    supersedes: Option<RecordId>,
    /// Inline text when there is no file
    #[arg(long)]
    text: Option<String>,
    #[command(flatten)]
    node: NodeArgs,
}

/// Arguments of `plenary get`.
#[derive(Args, Debug)]
pub struct GetArgs {
    /// Record id
    id: RecordId,
    #[command(flatten)]
    node: NodeArgs,
}

/// Uploads every file, publishes the document, prints its id.
pub async fn publish(args: &PublishArgs) -> anyhow::Result<()> {
    let api = ApiClient::new(&args.node.node, args.node.token.clone())?;
    let visibility = visibility(&args.visibility)?;
    for path in &args.files {
        if !path.is_file() {
            bail!("{} is not a readable file", path.display());
        }
    }
    let mut attachments = Vec::new();
    for path in &args.files {
        attachments.push(upload(&api, path).await?);
    }
    let mut body = json!({"title": args.title, "language": args.lang});
    let optional = [
        ("symbol", args.symbol.clone().map(Value::from)),
        ("working_group", args.group.map(|g| g.to_string().into())),
        ("supersedes", args.supersedes.map(|s| s.to_string().into())),
        ("text", args.text.clone().map(Value::from)),
        ("attachments", (!attachments.is_empty()).then(|| attachments.into())),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            body[field] = value;
        }
    }
    let request = json!({"kind": "document", "visibility": visibility, "body": body});
    let published: Value = api.post("/api/v1/records", &request).await.map_err(with_hint)?;
    println!("{}", published["id"].as_str().unwrap_or_default());
    Ok(())
}

async fn upload(api: &ApiClient, path: &Path) -> anyhow::Result<Value> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .with_context(|| format!("{} has no usable file name", path.display()))?;
    let stored = api.upload(path).await.map_err(with_hint)?;
    Ok(json!({
        "sha256": stored["sha256"],
        "size": stored["size"],
        "media_type": media_type(path),
        "name": name,
    }))
}

pub(super) fn visibility(text: &str) -> anyhow::Result<Value> {
    match text {
        "public" | "partners" => Ok(Value::from(text)),
        json if json.trim_start().starts_with('{') => {
            serde_json::from_str(json).context("--visibility is not valid JSON")
        }
        other => bail!("--visibility must be public, partners or a JSON object, not {other:?}"),
    }
}

/// The media type for a file name's extension.
pub fn media_type(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("odt") => "application/vnd.oasis.opendocument.text",
        Some("html" | "htm") => "text/html",
        Some("txt" | "text") => "text/plain",
        Some("md") => "text/markdown",
        Some("csv") => "text/csv",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("pptx") => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        Some("zip") => "application/zip",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        _ => "application/octet-stream",
    }
}

/// Adds what to do about a refused or missing token.
pub(super) fn with_hint(err: ClientError) -> anyhow::Error {
    match err {
        ClientError::Api { status: 401, .. } => anyhow::Error::new(err)
            .context("the node wants a valid token: pass --token or set PLENARY_TOKEN"),
        other => other.into(),
    }
}

/// Prints the record view as pretty JSON.
pub async fn get(args: &GetArgs) -> anyhow::Result<()> {
    let api = ApiClient::new(&args.node.node, args.node.token.clone())?;
    let view: Value = api.get(&format!("/api/v1/records/{}", args.id)).await.map_err(with_hint)?;
    println!("{}", serde_json::to_string_pretty(&view)?);
    Ok(())
}
