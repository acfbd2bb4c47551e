//! The dashboard (`/`): upcoming meetings, recent documents, open consultations, working groups
//! and their progress, the federation's health — the node decides each list
//! ([`Node::dashboard`](crate::node::Node::dashboard)); this page only lays them out.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::problem::Problem;
use super::reader::Reader;
use super::render::{Chrome, Section, page};
use super::views::{DocumentLine, GroupLine, MeetingLine, rfc3339};
use crate::http::AppState;
use crate::node::overview::Health;

#[derive(Template)]
#[template(path = "dashboard.html")]
struct Dashboard<'a> {
    c: Chrome<'a>,
    upcoming: Vec<MeetingLine>,
    recent: Vec<DocumentLine>,
    consultations: Vec<(DocumentLine, String)>,
    groups: Vec<GroupLine>,
    health: Health,
    for_you: Option<super::notifications::ForYou>,
}

/// `GET /`.
pub async fn show(State(state): State<AppState>, reader: Reader) -> Result<Response, Problem> {
    let node = state.node.clone();
    let viewer = reader.viewer.clone();
    let now = time::OffsetDateTime::now_utc();
    let data = tokio::task::spawn_blocking(move || node.dashboard(&viewer, now))
        .await
        .map_err(|_| Problem::Render("dashboard task failed".into()))??;
    let names = super::views::Names::new(&state.node);
    let template = Dashboard {
        c: Chrome::new(&state, &reader, Section::Home),
        upcoming: data.upcoming.iter().map(|m| MeetingLine::of(m, &names)).collect(),
        recent: data.recent.iter().map(DocumentLine::of_hit).collect(),
        consultations: data
            .consultations
            .iter()
            .map(|(item, closes)| {
                let until = item.body.comment_until.clone();
                (DocumentLine::of_item(item, &names), until.unwrap_or_else(|| rfc3339(*closes)))
            })
            .collect(),
        groups: data.groups.iter().map(GroupLine::of).collect(),
        health: data.health,
        for_you: super::notifications::for_you(&state, &reader).await?,
    };
    page(&reader, &template)
}
