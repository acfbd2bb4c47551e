//! Organisation pages: `/organisations` lists every node the federation knows (name, acronym,
//! node id, fingerprint, records held); `/organisations/{node_id}` adds what it published (its
//! current documents newest first, paginated, only what the reader may see), its meetings and
//! its working groups ([`Node::organisation_details`](crate::node::Node::organisation_details)).

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

use super::problem::Problem;
use super::reader::Reader;
use super::render::{Chrome, Section, page};
use super::subscriber::blocking;
use super::views::{DocumentLine, GroupLine, MeetingLine, Names, short_id};
use crate::http::AppState;
use crate::model::NodeId;
use crate::model::bodies::NodeBody;
use crate::node::Node;
use crate::node::catalog::Organisation;

/// Documents per page of an organisation's publications.
pub const PAGE_SIZE: usize = 20;
/// The deepest page offered.
const MAX_PAGE: usize = 500;

/// An organisation as a link: its page, acronym and name.
#[derive(Debug, Clone)]
pub struct OrgLink {
    /// Node id.
    pub id: String,
    /// Acronym (a shortened id when this node does not know it).
    pub acronym: String,
    /// Full name, when known.
    pub name: Option<String>,
}

impl OrgLink {
    /// The link to organisation `id` as `node` knows it.
    pub fn of(node: &Node, id: &NodeId) -> OrgLink {
        let about = node.organisation(id).ok().and_then(|org| org.about);
        OrgLink::from_about(id, about.as_ref())
    }

    fn from_about(id: &NodeId, about: Option<&NodeBody>) -> OrgLink {
        OrgLink {
            id: id.to_string(),
            acronym: about.map_or_else(|| short_id(&id.to_string()), |a| a.acronym.clone()),
            name: about.map(|a| a.name.clone()),
        }
    }
}

/// One organisation in the list.
struct OrgRow {
    link: OrgLink,
    fingerprint: String,
    records: u64,
    this_node: bool,
}

impl OrgRow {
    fn of(org: &Organisation, this_node: &NodeId) -> OrgRow {
        OrgRow {
            link: OrgLink::from_about(&org.id, org.about.as_ref()),
            fingerprint: org.id.fingerprint(),
            records: org.records,
            this_node: org.id == *this_node,
        }
    }
}

#[derive(Template)]
#[template(path = "organisations.html")]
struct OrganisationsPage<'a> {
    c: Chrome<'a>,
    rows: Vec<OrgRow>,
}

/// `GET /organisations`.
pub async fn list(State(state): State<AppState>, reader: Reader) -> Result<Response, Problem> {
    let organisations = blocking(&state, |node| node.organisations()).await?;
    let this_node = state.node.id();
    let template = OrganisationsPage {
        c: Chrome::new(&state, &reader, Section::Organisations),
        rows: organisations.iter().map(|org| OrgRow::of(org, &this_node)).collect(),
    };
    page(&reader, &template)
}

/// The query string of an organisation's page.
#[derive(Debug, Default, Deserialize)]
pub struct OrgQuery {
    /// Page of publications, from 1.
    pub page: Option<String>,
}

#[derive(Template)]
#[template(path = "organisation.html")]
struct OrganisationPage<'a> {
    c: Chrome<'a>,
    row: OrgRow,
    about: Option<NodeBody>,
    total: usize,
    documents: Vec<DocumentLine>,
    meetings: Vec<MeetingLine>,
    groups: Vec<GroupLine>,
    page: usize,
    pages: usize,
    previous: Option<String>,
    next: Option<String>,
}

/// `GET /organisations/{node_id}`.
pub async fn show(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
    query: Result<Query<OrgQuery>, QueryRejection>,
) -> Result<Response, Problem> {
    let id: NodeId = id.parse().map_err(|_| Problem::NotFound)?;
    let wanted =
        query.ok().and_then(|Query(q)| q.page).and_then(|p| p.trim().parse::<usize>().ok());
    let page_number = wanted.unwrap_or(1).clamp(1, MAX_PAGE);
    let viewer = reader.viewer.clone();
    let details = blocking(&state, move |node| {
        node.organisation_details(&viewer, &id, page_number - 1, PAGE_SIZE)
    })
    .await?;
    let names = Names::new(&state.node);
    let pages = details.documents.total.div_ceil(PAGE_SIZE).min(MAX_PAGE);
    let link = |n: usize| format!("/organisations/{id}?page={n}");
    let template = OrganisationPage {
        row: OrgRow::of(&details.organisation, &state.node.id()),
        about: details.organisation.about.clone(),
        total: details.documents.total,
        documents: details.documents.hits.iter().map(DocumentLine::of_hit).collect(),
        meetings: details.meetings.iter().map(|m| MeetingLine::of(m, &names)).collect(),
        groups: details.groups.iter().map(GroupLine::of).collect(),
        previous: (page_number > 1).then(|| link(page_number - 1)),
        next: (page_number < pages).then(|| link(page_number + 1)),
        page: page_number,
        pages,
        c: Chrome::new(&state, &reader, Section::Organisations),
    };
    page(&reader, &template)
}
