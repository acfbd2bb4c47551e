//! `plenary comment`: a comment (or a reply) on a draft circulated for comment, through a
//! running node's API; the node takes the audience from the draft and enforces the comment
//! period, so a refusal comes back as the node's reason.

use clap::Args;
use serde_json::{Value, json};

use super::NodeArgs;
use crate::client::{ApiClient, ClientError};
use crate::model::RecordId;

/// Arguments of `plenary comment`.
#[derive(Args, Debug)]
pub struct CommentArgs {
    /// The document version commented on (its record id)
    #[arg(value_name = "RECORD_ID")]
    about: RecordId,
    /// The comment
    #[arg(long)]
    text: String,
    /// Part of the document it is about, e.g. "Section 3.2, paragraph 14"
    #[arg(long)]
    section: Option<String>,
    /// The comment this one answers (its record id)
    #[arg(long, value_name = "ID")]
    reply_to: Option<RecordId>,
    /// Language of the comment (BCP 47)
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    #[command(flatten)]
    node: NodeArgs,
}

/// Publishes the comment and prints its id.
pub async fn comment(args: &CommentArgs) -> anyhow::Result<()> {
    let api = ApiClient::new(&args.node.node, args.node.token.clone())?;
    let mut body = json!({"about": args.about.to_string(), "text": args.text});
    let optional = [
        ("section", args.section.clone()),
        ("in_reply_to", args.reply_to.map(|id| id.to_string())),
        ("language", args.lang.clone()),
    ];
    for (field, value) in optional {
        if let Some(value) = value {
            body[field] = Value::from(value);
        }
    }
    let request = json!({"kind": "comment", "body": body});
    let published: Value = api.post("/api/v1/records", &request).await.map_err(explain)?;
    println!("{}", published["id"].as_str().unwrap_or_default());
    Ok(())
}

/// The node's refusal in the CLI's words: which option it concerns, and the node's reason.
fn explain(err: ClientError) -> anyhow::Error {
    let hint = match &err {
        ClientError::Api { status: 401, .. } => {
            Some("the node wants a valid token: pass --token or set PLENARY_TOKEN")
        }
        ClientError::Api { code, .. } => match code.as_str() {
            "comment_period_closed" => Some("the comment period of that draft has closed"),
            "not_open_for_comment" => Some("that document version is not circulated for comment"),
            "target_superseded" => Some("a newer version exists: comment on the current version"),
            "reply_target_invalid" => Some("--reply-to must name a comment on the same version"),
            "reference_not_found" => Some("the node does not hold the record named"),
            "not_admitted" => Some("the draft was not circulated to this organisation"),
            _ => None,
        },
        _ => None,
    };
    match hint {
        Some(hint) => anyhow::Error::new(err).context(format!("comment refused: {hint}")),
        None => anyhow::Error::new(err).context("comment refused"),
    }
}
