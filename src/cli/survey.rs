//! `plenary survey results ID [--csv]`: a survey's results through a running node's API — a
//! summary per question, or the counted responses as the API's CSV. The node decides whether
//! the token's account may see them.

use clap::{Args, Subcommand};
use serde_json::Value;

use super::NodeArgs;
use crate::client::ApiClient;

/// `plenary survey …`.
#[derive(Subcommand, Debug)]
pub enum SurveyCommand {
    /// Print a survey's results (only for those who may see them).
    Results(ResultsArgs),
}

/// Arguments of `plenary survey results`.
#[derive(Args, Debug)]
pub struct ResultsArgs {
    /// Record id of the survey
    id: String,
    /// Print the counted responses as CSV (one row per organisation)
    #[arg(long)]
    csv: bool,
    #[command(flatten)]
    node: NodeArgs,
}

/// Runs a `survey` command.
pub async fn survey(command: SurveyCommand) -> anyhow::Result<()> {
    let SurveyCommand::Results(args) = command;
    let api = ApiClient::new(&args.node.node, args.node.token.clone())?;
    if args.csv {
        let csv = api.get_text(&format!("/api/v1/surveys/{}/results.csv", args.id)).await?;
        print!("{csv}");
        return Ok(());
    }
    let view: Value = api.get(&format!("/api/v1/surveys/{}", args.id)).await?;
    let Some(results) = view.get("results") else {
        anyhow::bail!("the results of this survey are not yours to see (yet)");
    };
    print!("{}", summary(&view, results));
    Ok(())
}

/// The results as text: the survey, then each question's counts or figures.
fn summary(view: &Value, results: &Value) -> String {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_owned();
    let questions = view["survey"]["questions"].as_array().cloned().unwrap_or_default();
    let mut out = format!(
        "{} ({})\n{} organisations counted, {} late\n",
        text(&view["survey"], "title"),
        text(view, "state"),
        results["respondents"],
        results["late"].as_array().map_or(0, Vec::len)
    );
    let tallies = results["questions"].as_array().cloned().unwrap_or_default();
    for (question, result) in questions.iter().zip(&tallies) {
        out.push_str(&format!("\n{}  ({} answered)\n", text(question, "text"), result["answered"]));
        let tally = &result["tally"];
        let counts = ["options", "points", "answers"].iter().find_map(|k| tally[*k].as_array());
        for entry in counts.into_iter().flatten() {
            match entry.get("count") {
                Some(count) => out.push_str(&format!(
                    "  {}: {} ({} %)\n",
                    text(entry, "label"),
                    count,
                    text(entry, "percent")
                )),
                None => out.push_str(&format!("  {}: {}\n", entry["origin"], text(entry, "text"))),
            }
        }
        for key in ["mean", "min", "max", "median"] {
            if let Some(value) = tally.get(key).filter(|v| !v.is_null()) {
                out.push_str(&format!(
                    "  {key}: {}\n",
                    value.as_str().map_or(value.to_string(), str::to_owned)
                ));
            }
        }
    }
    out
}
