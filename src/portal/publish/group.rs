//! The working-group form (`/publish/group`, URL-encoded): a new working group, or a new
//! version of one of this node's groups (`?supersedes=`) — a change of members, convenors,
//! status or progress is a new version, which the group's visibility then follows. The
//! milestone log is a set of rows (`milestones`), the published ones prefilled.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::milestones::{self, MilestoneRow};
use super::{Choices, Fields, VisibilityValues, publish, published, record_ref, unreadable};
use crate::http::AppState;
use crate::model::bodies::WorkingGroupBody;
use crate::model::{Kind, NodeId, RecordId};
use crate::node::drafts::Revisable;
use crate::node::{Node, Role};
use crate::portal::forms::{FieldErrors, optional, required};
use crate::portal::i18n::Tr;
use crate::portal::problem::Problem;
use crate::portal::reader::Reader;
use crate::portal::record_id;
use crate::portal::render::{Chrome, Section, page_with_status};

/// A working group's statuses.
const STATUSES: [&str; 3] = ["active", "paused", "closed"];

/// `?supersedes=<id>`: a new version of a group.
#[derive(Debug, Deserialize)]
pub struct Prefill {
    supersedes: Option<String>,
}

/// What the form holds, as typed.
#[derive(Debug, Clone, Default)]
struct GroupValues {
    slug: String,
    name: String,
    theme: String,
    description: String,
    convenors: Vec<String>,
    members: Vec<String>,
    status: String,
    progress: String,
    supersedes: String,
    milestones: Vec<MilestoneRow>,
    vis: VisibilityValues,
}

impl GroupValues {
    /// A blank form: an active group, visible to partners.
    fn new() -> GroupValues {
        let mut milestones = Vec::new();
        milestones::pad(&mut milestones);
        GroupValues { status: "active".into(), milestones, ..Default::default() }
    }

    /// As sent.
    fn read(fields: &Fields) -> GroupValues {
        GroupValues {
            slug: fields.text("slug"),
            name: fields.text("name"),
            theme: fields.text("theme"),
            description: fields.text("description"),
            convenors: fields.all("convenors"),
            members: fields.all("members"),
            status: fields.text("status"),
            progress: fields.text("progress"),
            supersedes: fields.text("supersedes"),
            milestones: MilestoneRow::read_all(fields),
            vis: VisibilityValues::read(fields),
        }
    }

    /// A new version of `source`.
    fn update_of(source: &Revisable<WorkingGroupBody>) -> GroupValues {
        let body = &source.item.body;
        let ids = |ids: &[NodeId]| ids.iter().map(ToString::to_string).collect();
        GroupValues {
            slug: body.slug.clone(),
            name: body.name.clone(),
            theme: body.theme.clone().unwrap_or_default(),
            description: body.description.clone().unwrap_or_default(),
            convenors: ids(&body.convenors),
            members: ids(&body.members),
            status: body.status.clone().unwrap_or_default(),
            progress: body.progress.map(|p| p.to_string()).unwrap_or_default(),
            supersedes: source.item.id.to_string(),
            milestones: MilestoneRow::of_milestones(&body.milestones),
            vis: VisibilityValues::of(&source.visibility),
        }
    }

    /// Whether organisation `id` convenes the group.
    fn convenes(&self, id: &str) -> bool {
        self.convenors.iter().any(|c| c == id)
    }

    /// Whether organisation `id` is a member.
    fn has_member(&self, id: &str) -> bool {
        self.members.iter().any(|m| m == id)
    }

    /// The visibility and body to publish, or errors next to the fields.
    fn draft(
        &self,
        node: &Node,
        reader: &Reader,
        errors: &mut FieldErrors,
    ) -> Result<Option<(Value, Value)>, Problem> {
        let tr = &reader.tr;
        let mut body = Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                body.insert(key.to_owned(), value);
            }
        };
        put("slug", self.slug(errors, tr).map(Value::from));
        put("name", required(errors, tr, "name", &self.name).map(Value::from));
        put("theme", optional(&self.theme).map(Value::from));
        put("description", optional(&self.description).map(Value::from));
        put("convenors", organisations(errors, tr, "convenors", &self.convenors));
        put("members", organisations(errors, tr, "members", &self.members));
        put("status", optional(&self.status).map(Value::from));
        put("progress", self.progress(errors, tr).map(Value::from));
        put("milestones", milestones::milestones(&self.milestones, errors, tr));
        put("supersedes", self.previous(node, reader, errors)?.map(|id| json!(id)));
        let visibility = self.vis.to_json(errors, tr);
        Ok(visibility.filter(|_| errors.is_empty()).map(|v| (v, Value::Object(body))))
    }

    /// The slug: lowercase ASCII words joined by single hyphens.
    fn slug(&self, errors: &mut FieldErrors, tr: &Tr) -> Option<String> {
        let slug = required(errors, tr, "slug", &self.slug)?;
        let words_ok = slug.split('-').all(|w| {
            !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        if !words_ok || slug.len() > 64 {
            errors.add("slug", tr.t("publish-error-slug"));
            return None;
        }
        Some(slug)
    }

    /// Progress: blank, or a whole number from 0 to 100.
    fn progress(&self, errors: &mut FieldErrors, tr: &Tr) -> Option<u8> {
        let text = optional(&self.progress)?;
        match text.parse::<u8>() {
            Ok(percent) if percent <= 100 => Some(percent),
            _ => {
                errors.add("progress", tr.t("publish-error-progress"));
                None
            }
        }
    }

    /// The version this one supersedes, if any: one this node may supersede.
    fn previous(
        &self,
        node: &Node,
        reader: &Reader,
        errors: &mut FieldErrors,
    ) -> Result<Option<RecordId>, Problem> {
        if self.supersedes.is_empty() {
            return Ok(None);
        }
        let id = record_ref(&self.supersedes).ok_or(Problem::NotFound)?;
        if let Err(err) =
            node.revisable::<WorkingGroupBody>(&reader.viewer, &id, Kind::WorkingGroup)
        {
            errors.add_node(&reader.tr, &err);
        }
        Ok(Some(id))
    }
}

/// Checked organisations as node ids (none: nothing), or an error under `field`.
fn organisations(
    errors: &mut FieldErrors,
    tr: &Tr,
    field: &str,
    values: &[String],
) -> Option<Value> {
    let ids: Vec<NodeId> = values.iter().filter_map(|v| v.parse().ok()).collect();
    if ids.len() != values.len() {
        errors.add(field, tr.t("publish-error-organisation"));
    }
    (!ids.is_empty()).then(|| json!(ids))
}

#[derive(Template)]
#[template(path = "publish_group.html")]
struct GroupPage<'a> {
    c: Chrome<'a>,
    v: GroupValues,
    errors: FieldErrors,
    choices: Choices,
    /// The group this updates: id and name.
    previous: Option<(String, String)>,
    statuses: &'static [&'static str],
}

fn show(
    state: &AppState,
    reader: &Reader,
    status: StatusCode,
    values: GroupValues,
    errors: FieldErrors,
) -> Result<Response, Problem> {
    let node = &state.node;
    let previous = record_ref(&values.supersedes)
        .and_then(|id| {
            node.revisable::<WorkingGroupBody>(&reader.viewer, &id, Kind::WorkingGroup).ok()
        })
        .map(|p| (p.item.id.to_string(), p.item.body.name));
    let template = GroupPage {
        c: Chrome::new(state, reader, Section::Publish),
        choices: Choices::load(node, &reader.viewer)?,
        statuses: &STATUSES,
        v: values,
        errors,
        previous,
    };
    page_with_status(reader, status, &template)
}

/// `GET /publish/group[?supersedes=<id>]`.
pub async fn form(
    State(state): State<AppState>,
    reader: Reader,
    query: Result<Query<Prefill>, QueryRejection>,
) -> Result<Response, Problem> {
    reader.require(Role::Editor)?;
    let Query(prefill) = query.map_err(|err| Problem::BadRequest(err.body_text()))?;
    let values = match prefill.supersedes {
        Some(id) => {
            let id = record_id(&id)?;
            GroupValues::update_of(&state.node.revisable(
                &reader.viewer,
                &id,
                Kind::WorkingGroup,
            )?)
        }
        None => GroupValues::new(),
    };
    show(&state, &reader, StatusCode::OK, values, FieldErrors::default())
}

/// `POST /publish/group`.
pub async fn submit(
    State(state): State<AppState>,
    reader: Reader,
    form: Result<Form<Vec<(String, String)>>, FormRejection>,
) -> Result<Response, Problem> {
    reader.require(Role::Editor)?;
    let limit = state.node.settings().record_bytes;
    let Form(pairs) = form.map_err(|err| unreadable(err, limit))?;
    let fields = Fields::from_pairs(pairs);
    reader.check_form(&fields.text("csrf"))?;
    let values = GroupValues::read(&fields);
    let node = &state.node;
    let mut errors = FieldErrors::default();
    let status = match values.draft(node, &reader, &mut errors)? {
        Some(draft) if errors.is_empty() => {
            match publish(node, &reader, Kind::WorkingGroup, draft, &mut errors).await? {
                Ok(id) => return Ok(published(Kind::WorkingGroup, &id)),
                Err(status) => status,
            }
        }
        _ => StatusCode::BAD_REQUEST,
    };
    show(&state, &reader, status, values, errors)
}
