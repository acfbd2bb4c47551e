//! Working-group pages: `/groups` (name, theme, status, progress, member count) and
//! `/groups/{id}` (mandate, convenors, members as organisation links, progress, the group's
//! documents and meetings, the dated milestone log, the group's consultations (documents with
//! a comment period, open or past), provenance, the group's feed). The node decides what a reader may
//! see ([`Node::group_details`](crate::node::Node::group_details)), so material restricted to
//! the group reaches members only. An older version's address leads to the current version.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

use super::organisations::OrgLink;
use super::problem::Problem;
use super::reader::Reader;
use super::record_id;
use super::records::{Provenance, path_of};
use super::render::{Chrome, Section, page, see_other};
use super::subscriber::blocking;
use super::views::{DocumentLine, GroupLine, MeetingLine, Names};
use crate::http::AppState;
use crate::model::Kind;
use crate::model::bodies::{Milestone, WorkingGroupBody};
use crate::node::catalog::closes_at;

#[derive(Template)]
#[template(path = "groups.html")]
struct GroupsPage<'a> {
    c: Chrome<'a>,
    groups: Vec<GroupLine>,
}

/// `GET /groups`.
pub async fn list(State(state): State<AppState>, reader: Reader) -> Result<Response, Problem> {
    let viewer = reader.viewer.clone();
    let groups = blocking(&state, move |node| node.groups_by_name(&viewer)).await?;
    let template = GroupsPage {
        c: Chrome::new(&state, &reader, Section::Groups),
        groups: groups.iter().map(GroupLine::of).collect(),
    };
    page(&reader, &template)
}

/// What the group page shows besides provenance.
struct GroupView {
    body: WorkingGroupBody,
    publisher: OrgLink,
    convenors: Vec<OrgLink>,
    members: Vec<OrgLink>,
    documents: Vec<DocumentLine>,
    meetings: Vec<MeetingLine>,
    milestones: Vec<Milestone>,
    /// Documents with a comment period: the line, the closing time, whether still open.
    consultations: Vec<(DocumentLine, String, bool)>,
    may_update: bool,
}

#[derive(Template)]
#[template(path = "group.html")]
struct GroupPage<'a> {
    c: Chrome<'a>,
    id: String,
    g: Option<GroupView>,
    prov: Provenance,
}

/// `GET /groups/{id}`.
pub async fn show(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&id)?;
    let viewer = reader.viewer.clone();
    let (view, details) = blocking(&state, move |node| {
        let view = node.get(&viewer, &id)?;
        let details = match view.record.header.kind {
            Kind::WorkingGroup => node.group_details(&viewer, &id)?,
            _ => None,
        };
        Ok((view, details))
    })
    .await?;
    let kind = view.record.header.kind;
    if kind != Kind::WorkingGroup {
        return Ok(see_other(&path_of(kind, &id)));
    }
    if let Some(details) = details.as_ref().filter(|d| d.group.id != id) {
        return Ok(see_other(&format!("/groups/{}", details.group.id)));
    }
    let node = &state.node;
    let names = Names::new(node);
    let now = time::OffsetDateTime::now_utc();
    let own = node.id();
    let g = details.map(|d| GroupView {
        may_update: reader.is_editor() && d.group.origin == own,
        milestones: sorted_milestones(&d.group.body.milestones),
        consultations: d
            .consultations
            .iter()
            .map(|doc| {
                let until = doc.body.comment_until.clone().unwrap_or_default();
                let open = closes_at(&until).is_some_and(|at| at > now);
                (DocumentLine::of_item(doc, &names), until, open)
            })
            .collect(),
        publisher: OrgLink::of(node, &d.group.origin),
        convenors: d.group.body.convenors.iter().map(|id| OrgLink::of(node, id)).collect(),
        members: d.members.iter().map(|id| OrgLink::of(node, id)).collect(),
        documents: d.documents.iter().map(|doc| DocumentLine::of_item(doc, &names)).collect(),
        meetings: d.meetings.iter().map(|m| MeetingLine::of(m, &names)).collect(),
        body: d.group.body,
    });
    let template = GroupPage {
        c: Chrome::new(&state, &reader, Section::Groups),
        id: id.to_string(),
        prov: Provenance::of(&state, &view),
        g,
    };
    page(&reader, &template)
}

/// A milestone log by day, earliest first.
fn sorted_milestones(milestones: &[Milestone]) -> Vec<Milestone> {
    let mut log = milestones.to_vec();
    log.sort_by(|a, b| a.date.cmp(&b.date));
    log
}
