//! `plenary rsvp` (answer a meeting invitation for the node's organisation) and `plenary group
//! create|update|seed` (a working group, or a new signed version of one: members added or
//! removed, a milestone logged, progress or status changed; `seed`, in `cli::seed`: the
//! partnership's thematic groups from a file), through a running node's API — so an operator
//! can script the partnership's groups. What the node refuses is printed as one line
//! naming the field.

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use serde_json::{Map, Value, json};

use super::NodeArgs;
use super::publish::{visibility, with_hint};
use crate::client::ApiClient;
use crate::model::{NodeId, RecordId};

/// An answer to a meeting invitation.
#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum Response {
    /// Will attend.
    Accept,
    /// Will not attend.
    Decline,
    /// May attend.
    Tentative,
}

impl Response {
    fn as_str(self) -> &'static str {
        match self {
            Response::Accept => "accept",
            Response::Decline => "decline",
            Response::Tentative => "tentative",
        }
    }
}

/// Arguments of `plenary rsvp`.
#[derive(Args, Debug)]
pub struct RsvpArgs {
    /// The meeting's record id (any version: the answer names the current one)
    #[arg(value_name = "MEETING_ID")]
    meeting: RecordId,
    /// The organisation's answer
    #[arg(long, value_enum)]
    response: Response,
    /// Someone who will attend (repeat for each)
    #[arg(long = "attendee", value_name = "NAME")]
    attendees: Vec<String>,
    #[command(flatten)]
    node: NodeArgs,
}

/// `plenary group …`.
#[derive(Subcommand, Debug)]
pub enum GroupCommand {
    /// Create a working group.
    Create(CreateArgs),
    /// Publish a new version of a working group.
    Update(UpdateArgs),
    /// Publish the partnership's thematic groups this node's organisation convenes, from a
    /// seed file (default: the five groups of node-config/groups.toml)
    Seed(super::seed::SeedArgs),
}

/// Arguments of `plenary group create`.
#[derive(Args, Debug)]
pub struct CreateArgs {
    /// Short name: lowercase words joined by hyphens
    #[arg(long)]
    slug: String,
    /// The group's name
    #[arg(long)]
    name: String,
    /// Its theme
    #[arg(long)]
    theme: Option<String>,
    /// A member organisation's node id (repeat for each)
    #[arg(long = "member", value_name = "NODE_ID")]
    members: Vec<NodeId>,
    /// A convening organisation's node id (repeat for each)
    #[arg(long = "convenor", value_name = "NODE_ID")]
    convenors: Vec<NodeId>,
    /// public, partners, or JSON such as {"nodes":["…"]}
    #[arg(long, default_value = "partners", value_name = "V")]
    visibility: String,
    #[command(flatten)]
    node: NodeArgs,
}

/// Arguments of `plenary group update`.
#[derive(Args, Debug)]
pub struct UpdateArgs {
    /// The group's record id (any version: the new one supersedes the current)
    #[arg(value_name = "GROUP_ID")]
    group: RecordId,
    /// Add a member organisation (repeat for each)
    #[arg(long = "add-member", value_name = "NODE_ID")]
    add_members: Vec<NodeId>,
    /// Remove a member organisation (repeat for each)
    #[arg(long = "remove-member", value_name = "NODE_ID")]
    remove_members: Vec<NodeId>,
    /// Log a milestone reached, as YYYY-MM-DD:TEXT (repeat for each)
    #[arg(long = "milestone", value_name = "DATE:TEXT", value_parser = milestone)]
    milestones: Vec<(String, String)>,
    /// Percent done (0–100)
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=100))]
    progress: Option<u8>,
    /// active, paused or closed
    #[arg(long)]
    status: Option<String>,
    #[command(flatten)]
    node: NodeArgs,
}

/// A `--milestone` value: a calendar day, a colon, a text.
fn milestone(text: &str) -> Result<(String, String), String> {
    let (day, what) = text.split_once(':').ok_or("expected YYYY-MM-DD:TEXT")?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    if day.len() != 10 || time::Date::parse(day, format).is_err() {
        return Err(format!("{day:?} is not a day written YYYY-MM-DD"));
    }
    if what.trim().is_empty() {
        return Err("the milestone's text is empty".into());
    }
    Ok((day.to_owned(), what.trim().to_owned()))
}

/// Publishes the organisation's answer to the meeting's current version; prints its id.
pub async fn rsvp(args: &RsvpArgs) -> anyhow::Result<()> {
    let api = ApiClient::new(&args.node.node, args.node.token.clone())?;
    let current = current_version(&api, &args.meeting, "meeting").await?;
    let body = json!({
        "meeting": current,
        "response": args.response.as_str(),
        "attendees": args.attendees,
    });
    let request = json!({"kind": "rsvp", "body": body});
    let published: Value = api.post("/api/v1/records", &request).await.map_err(with_hint)?;
    println!("{}", published["id"].as_str().unwrap_or_default());
    Ok(())
}

/// Runs `plenary group …`.
pub async fn group(command: GroupCommand) -> anyhow::Result<()> {
    match command {
        GroupCommand::Create(args) => create(&args).await,
        GroupCommand::Update(args) => update(&args).await,
        GroupCommand::Seed(args) => super::seed::seed(&args).await,
    }
}

async fn create(args: &CreateArgs) -> anyhow::Result<()> {
    let api = ApiClient::new(&args.node.node, args.node.token.clone())?;
    let mut body = json!({"slug": args.slug, "name": args.name, "status": "active"});
    if let Some(theme) = &args.theme {
        body["theme"] = json!(theme);
    }
    if !args.members.is_empty() {
        body["members"] = json!(args.members);
    }
    if !args.convenors.is_empty() {
        body["convenors"] = json!(args.convenors);
    }
    let request = json!({
        "kind": "working_group",
        "visibility": visibility(&args.visibility)?,
        "body": body,
    });
    let published: Value = api.post("/api/v1/records", &request).await.map_err(with_hint)?;
    println!("{}", published["id"].as_str().unwrap_or_default());
    Ok(())
}

async fn update(args: &UpdateArgs) -> anyhow::Result<()> {
    let api = ApiClient::new(&args.node.node, args.node.token.clone())?;
    let current = current_version(&api, &args.group, "working_group").await?;
    let view: Value = api.get(&format!("/api/v1/records/{current}")).await.map_err(with_hint)?;
    let record = &view["record"];
    let Some(mut body) = record["body"].as_object().cloned() else {
        bail!("the node does not show the body of working group {current}");
    };
    change(&mut body, args)?;
    body.insert("supersedes".into(), json!(current));
    let request = json!({
        "kind": "working_group",
        "visibility": record["header"]["visibility"],
        "body": body,
    });
    let published: Value = api.post("/api/v1/records", &request).await.map_err(with_hint)?;
    println!("{}", published["id"].as_str().unwrap_or_default());
    Ok(())
}

/// Applies the asked changes to a group's body.
fn change(body: &mut Map<String, Value>, args: &UpdateArgs) -> anyhow::Result<()> {
    let mut members: Vec<String> = body
        .get("members")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default();
    for removed in &args.remove_members {
        let before = members.len();
        members.retain(|m| *m != removed.to_string());
        if members.len() == before {
            bail!("--remove-member {removed}: not a member of this group");
        }
    }
    for added in &args.add_members {
        let added = added.to_string();
        if !members.contains(&added) {
            members.push(added);
        }
    }
    body.insert("members".into(), json!(members));
    if !args.milestones.is_empty() {
        let log = body.entry("milestones").or_insert_with(|| json!([]));
        let list = log.as_array_mut().context("the group's milestones are not a list")?;
        for (date, text) in &args.milestones {
            list.push(json!({"date": date, "text": text, "done": true}));
        }
    }
    if let Some(progress) = args.progress {
        body.insert("progress".into(), json!(progress));
    }
    if let Some(status) = &args.status {
        if !["active", "paused", "closed"].contains(&status.as_str()) {
            bail!("--status must be active, paused or closed, not {status:?}");
        }
        body.insert("status".into(), json!(status));
    }
    Ok(())
}

/// The current version of record `id`, which must be of `kind`.
async fn current_version(api: &ApiClient, id: &RecordId, kind: &str) -> anyhow::Result<String> {
    let view: Value = api.get(&format!("/api/v1/records/{id}")).await.map_err(with_hint)?;
    let found = view["record"]["header"]["kind"].as_str().unwrap_or_default();
    if found != kind {
        bail!("{id} is a {found}, not a {kind}");
    }
    Ok(view["current"].as_str().map_or_else(|| id.to_string(), str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn milestones_are_a_day_and_a_text() {
        assert_eq!(
            milestone("2026-03-01:Scope agreed: phase 1"),
            Ok(("2026-03-01".to_owned(), "Scope agreed: phase 1".to_owned()))
        );
        assert!(milestone("2026-02-30:Nope").is_err());
        assert!(milestone("2026-03-01:  ").is_err());
        assert!(milestone("no colon").is_err());
    }
}
