//! The meeting form (`/publish/meeting`, URL-encoded): a meeting, or an update of one of this
//! node's meetings (`?supersedes=`). Start and end are typed as a date and a time on the clock
//! of the meeting's time zone and published in UTC; the agenda is a set of rows (more on
//! request, without JavaScript), each naming the exact document versions it discusses.

use askama::Template;
use axum::Form;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jiff::tz::TimeZone;
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::agenda::{self, AgendaRow, MAX_ROWS, MIN_ROWS, MORE_ROWS};
use super::clock::{local_of, utc_of};
use super::{
    Choices, Fields, VisibilityValues, publish, published, record_ref, unreadable, visible_ref,
};
use crate::http::AppState;
use crate::model::bodies::MeetingBody;
use crate::model::{Kind, NodeId};
use crate::node::drafts::Revisable;
use crate::node::{Node, Role};
use crate::portal::forms::{FieldErrors, optional, required};
use crate::portal::i18n::Tr;
use crate::portal::problem::Problem;
use crate::portal::reader::Reader;
use crate::portal::record_id;
use crate::portal::render::{Chrome, Section, page_with_status};

/// Kinds of meeting.
const TYPES: [&str; 5] = ["plenary", "working_group", "workshop", "webinar", "other"];
/// A meeting's statuses.
const STATUSES: [&str; 4] = ["planned", "confirmed", "held", "cancelled"];
/// Time zones the zone field suggests (any IANA name is accepted).
const ZONES: [&str; 15] = [
    "UTC",
    "Europe/Paris",
    "Europe/Zurich",
    "Europe/Brussels",
    "Europe/Vienna",
    "Europe/London",
    "Europe/Rome",
    "America/New_York",
    "America/Sao_Paulo",
    "Africa/Nairobi",
    "Africa/Addis_Ababa",
    "Asia/Bangkok",
    "Asia/Singapore",
    "Asia/Tokyo",
    "Australia/Sydney",
];
/// `?supersedes=<id>`: an update of a meeting.
#[derive(Debug, Deserialize)]
pub struct Prefill {
    supersedes: Option<String>,
}

/// What the form holds, as typed.
#[derive(Debug, Clone, Default)]
struct MeetingValues {
    title: String,
    series: String,
    meeting_type: String,
    status: String,
    start_date: String,
    start_time: String,
    end_date: String,
    end_time: String,
    timezone: String,
    location_name: String,
    location_address: String,
    location_online_url: String,
    description: String,
    working_group: String,
    host: String,
    minutes: String,
    supersedes: String,
    invited: Vec<String>,
    agenda: Vec<AgendaRow>,
    vis: VisibilityValues,
}

impl MeetingValues {
    /// A blank form in the reader's time zone.
    fn new(zone: &TimeZone) -> MeetingValues {
        let mut values = MeetingValues {
            meeting_type: "plenary".into(),
            status: "planned".into(),
            timezone: zone.iana_name().unwrap_or("UTC").to_owned(),
            ..Default::default()
        };
        values.pad_rows(MIN_ROWS);
        values
    }

    /// As sent; `more` adds rows.
    fn read(fields: &Fields) -> MeetingValues {
        let agenda = AgendaRow::read_all(fields);
        MeetingValues {
            title: fields.text("title"),
            series: fields.text("series"),
            meeting_type: fields.text("meeting_type"),
            status: fields.text("status"),
            start_date: fields.text("start_date"),
            start_time: fields.text("start_time"),
            end_date: fields.text("end_date"),
            end_time: fields.text("end_time"),
            timezone: fields.text("timezone"),
            location_name: fields.text("location_name"),
            location_address: fields.text("location_address"),
            location_online_url: fields.text("location_online_url"),
            description: fields.text("description"),
            working_group: fields.text("working_group"),
            host: fields.text("host"),
            minutes: fields.text("minutes"),
            supersedes: fields.text("supersedes"),
            invited: fields.all("invited"),
            agenda,
            vis: VisibilityValues::read(fields),
        }
    }

    /// An update of `source`: everything it says, times on its own clock.
    fn update_of(source: &Revisable<MeetingBody>) -> MeetingValues {
        let body = &source.item.body;
        let zone_name = body.timezone.clone().unwrap_or_else(|| "UTC".into());
        let zone = TimeZone::get(&zone_name).unwrap_or(TimeZone::UTC);
        let (start_date, start_time) = local_of(&body.starts_at, &zone);
        let (end_date, end_time) =
            body.ends_at.as_deref().map(|e| local_of(e, &zone)).unwrap_or_default();
        let location = body.location.clone().unwrap_or_default();
        let mut values = MeetingValues {
            title: body.title.clone(),
            series: body.series.clone().unwrap_or_default(),
            meeting_type: body.meeting_type.clone(),
            status: body.status.clone().unwrap_or_default(),
            timezone: zone_name,
            location_name: location.name.unwrap_or_default(),
            location_address: location.address.unwrap_or_default(),
            location_online_url: location.online_url.unwrap_or_default(),
            description: body.description.clone().unwrap_or_default(),
            working_group: body.working_group.map(|g| g.to_string()).unwrap_or_default(),
            host: body.host.map(|h| h.to_string()).unwrap_or_default(),
            minutes: body.minutes.map(|m| m.to_string()).unwrap_or_default(),
            supersedes: source.item.id.to_string(),
            invited: body.invited.iter().map(ToString::to_string).collect(),
            agenda: AgendaRow::of_items(&body.agenda),
            vis: VisibilityValues::of(&source.visibility),
            start_date,
            start_time,
            end_date,
            end_time,
        };
        values.pad_rows((values.agenda.len() + MORE_ROWS).max(MIN_ROWS));
        values
    }

    /// Adds blank rows until there are `rows` (at most [`MAX_ROWS`]).
    fn pad_rows(&mut self, rows: usize) {
        while self.agenda.len() < rows.min(MAX_ROWS) {
            self.agenda.push(AgendaRow::blank(self.agenda.len()));
        }
    }

    /// Whether organisation `id` is invited.
    fn invites(&self, id: &str) -> bool {
        self.invited.iter().any(|i| i == id)
    }

    /// The visibility and body to publish, or errors next to the fields.
    fn draft(
        &self,
        node: &Node,
        reader: &Reader,
        errors: &mut FieldErrors,
    ) -> Result<Option<(Value, Value)>, Problem> {
        let (tr, viewer) = (&reader.tr, &reader.viewer);
        let mut body = Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                body.insert(key.to_owned(), value);
            }
        };
        put("title", required(errors, tr, "title", &self.title).map(Value::from));
        put("series", optional(&self.series).map(Value::from));
        put(
            "meeting_type",
            required(errors, tr, "meeting_type", &self.meeting_type).map(Value::from),
        );
        put("status", optional(&self.status).map(Value::from));
        let (starts_at, ends_at, zone) = self.times(errors, tr);
        put("starts_at", starts_at.map(Value::from));
        put("ends_at", ends_at.map(Value::from));
        put("timezone", zone.map(Value::from));
        put("location", self.location());
        put("description", optional(&self.description).map(Value::from));
        let group = visible_ref(
            node,
            viewer,
            (errors, tr),
            "working_group",
            &self.working_group,
            Kind::WorkingGroup,
        )?;
        put("working_group", group.map(|g| json!(g)));
        let minutes =
            visible_ref(node, viewer, (errors, tr), "minutes", &self.minutes, Kind::Document)?;
        put("minutes", minutes.map(|m| json!(m)));
        put(
            "host",
            node_ids(errors, tr, "host", optional(&self.host).as_slice()).pop().map(|h| json!(h)),
        );
        let invited = node_ids(errors, tr, "invited", &self.invited);
        put("invited", (!invited.is_empty()).then(|| json!(invited)));
        put("agenda", agenda::items(&self.agenda, node, reader, errors)?);
        put("supersedes", self.previous(node, reader, errors)?.map(|id| json!(id)));
        let visibility = self.vis.to_json(errors, tr);
        Ok(visibility.filter(|_| errors.is_empty()).map(|v| (v, Value::Object(body))))
    }

    /// Start and end in UTC and the zone, each checked, the end after the start.
    fn times(
        &self,
        errors: &mut FieldErrors,
        tr: &Tr,
    ) -> (Option<String>, Option<String>, Option<String>) {
        let zone_name = self.timezone.trim();
        let zone = match TimeZone::get(zone_name) {
            Ok(zone) if !zone_name.is_empty() => Some(zone),
            _ => {
                errors.add("timezone", tr.t_args("publish-error-timezone", &[("zone", zone_name)]));
                None
            }
        };
        let Some(zone) = zone else { return (None, None, None) };
        let starts_at = match utc_of(&self.start_date, &self.start_time, &zone) {
            Ok(at) => Some(at),
            Err(key) => {
                errors.add("starts_at", tr.t(key));
                None
            }
        };
        let ends_at = self.ends_at(&zone, starts_at.as_deref(), errors, tr);
        (starts_at, ends_at, Some(zone_name.to_owned()))
    }

    /// The end, when one is given: its date defaults to the start's; it must follow the start.
    fn ends_at(
        &self,
        zone: &TimeZone,
        starts_at: Option<&str>,
        errors: &mut FieldErrors,
        tr: &Tr,
    ) -> Option<String> {
        if self.end_date.trim().is_empty() && self.end_time.trim().is_empty() {
            return None;
        }
        let date = if self.end_date.trim().is_empty() { &self.start_date } else { &self.end_date };
        let ends_at = match utc_of(date, &self.end_time, zone) {
            Ok(at) => at,
            Err(key) => {
                errors.add("ends_at", tr.t(key));
                return None;
            }
        };
        let after = |start: &str| matches!((start.parse::<jiff::Timestamp>(), ends_at.parse::<jiff::Timestamp>()), (Ok(s), Ok(e)) if e > s);
        if starts_at.is_some_and(|start| !after(start)) {
            errors.add("ends_at", tr.t("publish-error-end-before-start"));
            return None;
        }
        Some(ends_at)
    }

    /// The venue: the fields given, or nothing.
    fn location(&self) -> Option<Value> {
        let location: Map<String, Value> = [
            ("name", &self.location_name),
            ("address", &self.location_address),
            ("online_url", &self.location_online_url),
        ]
        .into_iter()
        .filter_map(|(key, value)| optional(value).map(|v| (key.to_owned(), Value::from(v))))
        .collect();
        (!location.is_empty()).then_some(Value::Object(location))
    }

    /// The meeting this one updates, if any: one this node may supersede.
    fn previous(
        &self,
        node: &Node,
        reader: &Reader,
        errors: &mut FieldErrors,
    ) -> Result<Option<crate::model::RecordId>, Problem> {
        if self.supersedes.is_empty() {
            return Ok(None);
        }
        let id = record_ref(&self.supersedes).ok_or(Problem::NotFound)?;
        if let Err(err) = node.revisable::<MeetingBody>(&reader.viewer, &id, Kind::Meeting) {
            errors.add_node(&reader.tr, &err);
        }
        Ok(Some(id))
    }
}

/// Node ids as sent; malformed ones are an error under `field`.
fn node_ids(errors: &mut FieldErrors, tr: &Tr, field: &str, values: &[String]) -> Vec<NodeId> {
    let ids: Vec<NodeId> = values.iter().filter_map(|v| v.parse().ok()).collect();
    if ids.len() != values.len() {
        errors.add(field, tr.t("publish-error-organisation"));
    }
    ids
}

#[derive(Template)]
#[template(path = "publish_meeting.html")]
struct MeetingPage<'a> {
    c: Chrome<'a>,
    v: MeetingValues,
    errors: FieldErrors,
    choices: Choices,
    /// The meeting this updates: id and title.
    previous: Option<(String, String)>,
    types: &'static [&'static str],
    statuses: &'static [&'static str],
    zones: &'static [&'static str],
}

fn show(
    state: &AppState,
    reader: &Reader,
    status: StatusCode,
    values: MeetingValues,
    errors: FieldErrors,
) -> Result<Response, Problem> {
    let node = &state.node;
    let previous = record_ref(&values.supersedes)
        .and_then(|id| node.revisable::<MeetingBody>(&reader.viewer, &id, Kind::Meeting).ok())
        .map(|p| (p.item.id.to_string(), p.item.body.title));
    let template = MeetingPage {
        c: Chrome::new(state, reader, Section::Publish),
        choices: Choices::load(node, &reader.viewer)?,
        types: &TYPES,
        statuses: &STATUSES,
        zones: &ZONES,
        v: values,
        errors,
        previous,
    };
    page_with_status(reader, status, &template)
}

/// `GET /publish/meeting[?supersedes=<id>]`.
pub async fn form(
    State(state): State<AppState>,
    reader: Reader,
    query: Result<Query<Prefill>, QueryRejection>,
) -> Result<Response, Problem> {
    reader.require(Role::Editor)?;
    let Query(prefill) = query.map_err(|err| Problem::BadRequest(err.body_text()))?;
    let values = match prefill.supersedes {
        Some(id) => MeetingValues::update_of(&state.node.revisable(
            &reader.viewer,
            &record_id(&id)?,
            Kind::Meeting,
        )?),
        None => MeetingValues::new(&reader.timezone),
    };
    show(&state, &reader, StatusCode::OK, values, FieldErrors::default())
}

/// `POST /publish/meeting`: publishes, or — "more rows" pressed — shows the form with more.
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
    let mut values = MeetingValues::read(&fields);
    if !fields.text("more").is_empty() {
        values.pad_rows(values.agenda.len() + MORE_ROWS);
        return show(&state, &reader, StatusCode::OK, values, FieldErrors::default());
    }
    let node = &state.node;
    let mut errors = FieldErrors::default();
    let status = match values.draft(node, &reader, &mut errors)? {
        Some(draft) if errors.is_empty() => {
            match publish(node, &reader, Kind::Meeting, draft, &mut errors).await? {
                Ok(id) => return Ok(published(Kind::Meeting, &id)),
                Err(status) => status,
            }
        }
        _ => StatusCode::BAD_REQUEST,
    };
    show(&state, &reader, status, values, errors)
}
