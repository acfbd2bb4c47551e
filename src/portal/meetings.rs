//! Meeting pages: `/meetings` (upcoming meetings, then the archive by year and by series, with
//! the years and series as links that narrow) and `/meetings/{id}` (type, status, time in the
//! venue's zone and the reader's, venue, agenda linked to the exact document versions with a
//! mark where a document was revised since, minutes, invited organisations, participants,
//! working group, provenance, and the meeting's `.ics`; the attendance — each invited
//! organisation with its answer or none yet — and, for a signed-in reader whose organisation
//! may still answer, the RSVP form of [`rsvp`](super::rsvp)). The node decides every list
//! ([`Node::meetings_archive`](crate::node::Node::meetings_archive),
//! [`Node::meeting_details`](crate::node::Node::meeting_details)); this module lays them out.

use askama::Template;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use super::forms::FieldErrors;
use super::organisations::OrgLink;
use super::problem::Problem;
use super::reader::Reader;
use super::record_id;
use super::records::{Provenance, path_of};
use super::render::{Chrome, Section, page, page_with_status, see_other, url_encode};
use super::rsvp::RsvpValues;
use super::subscriber::blocking;
use super::views::{MeetingLine, Names};
use crate::http::AppState;
use crate::model::Kind;
use crate::model::RecordId;
use crate::model::bodies::MeetingBody;
use crate::node::meetings::{
    AgendaEntry, ArchiveFilter, Lineage, LinkedDocument, MeetingDetails, RsvpStanding,
    attendance_of,
};

/// The query string of `/meetings`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ArchiveQuery {
    /// Year of the start.
    pub year: Option<String>,
    /// Series.
    pub series: Option<String>,
}

impl ArchiveQuery {
    /// The node's filter, or the reason the query is malformed.
    fn filter(&self, reader: &Reader) -> Result<ArchiveFilter, Problem> {
        let year = match self.year.as_deref().map(str::trim).filter(|y| !y.is_empty()) {
            None => None,
            Some(text) => Some(
                text.parse::<i32>()
                    .ok()
                    .filter(|year| (1..=9999).contains(year))
                    .ok_or_else(|| Problem::BadRequest(reader.tr.t("meetings-error-year")))?,
            ),
        };
        let series = self.series.as_deref().map(str::trim).filter(|s| !s.is_empty());
        Ok(ArchiveFilter { year, series: series.map(str::to_owned) })
    }
}

/// The archive's address with `year` and `series`.
fn archive_href(year: Option<i32>, series: Option<&str>) -> String {
    let mut pairs = Vec::new();
    if let Some(year) = year {
        pairs.push(format!("year={year}"));
    }
    if let Some(series) = series {
        pairs.push(format!("series={}", url_encode(series)));
    }
    if pairs.is_empty() { "/meetings".to_owned() } else { format!("/meetings?{}", pairs.join("&")) }
}

/// A year or series that narrows the archive.
struct FilterLink {
    label: String,
    count: usize,
    href: String,
    active: bool,
}

/// One series of one year of the archive.
struct SeriesView {
    name: Option<String>,
    meetings: Vec<MeetingLine>,
}

/// One year of the archive.
struct YearView {
    year: i32,
    series: Vec<SeriesView>,
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsPage<'a> {
    c: Chrome<'a>,
    filter: ArchiveFilter,
    upcoming: Vec<MeetingLine>,
    past: Vec<YearView>,
    years: Vec<FilterLink>,
    series: Vec<FilterLink>,
    all_years: String,
    all_series: String,
}

/// `GET /meetings`.
pub async fn list(
    State(state): State<AppState>,
    reader: Reader,
    query: Result<Query<ArchiveQuery>, QueryRejection>,
) -> Result<Response, Problem> {
    let Query(query) = query.map_err(|err| Problem::BadRequest(err.body_text()))?;
    let filter = query.filter(&reader)?;
    let viewer = reader.viewer.clone();
    let asked = filter.clone();
    let now = time::OffsetDateTime::now_utc();
    let archive = blocking(&state, move |node| node.meetings_archive(&viewer, &asked, now)).await?;
    let names = Names::new(&state.node);
    let lines = |meetings: &[crate::node::catalog::Item<MeetingBody>]| -> Vec<MeetingLine> {
        meetings.iter().map(|m| MeetingLine::of(m, &names)).collect()
    };
    let series_filter = filter.series.as_deref();
    let template = MeetingsPage {
        upcoming: lines(&archive.upcoming),
        past: archive
            .past
            .iter()
            .map(|year| YearView {
                year: year.year,
                series: year
                    .series
                    .iter()
                    .map(|s| SeriesView { name: s.series.clone(), meetings: lines(&s.meetings) })
                    .collect(),
            })
            .collect(),
        years: archive
            .years
            .iter()
            .map(|(year, count)| FilterLink {
                label: year.to_string(),
                count: *count,
                href: archive_href(Some(*year), series_filter),
                active: filter.year == Some(*year),
            })
            .collect(),
        series: archive
            .series
            .iter()
            .map(|(name, count)| FilterLink {
                label: name.clone(),
                count: *count,
                href: archive_href(filter.year, Some(name)),
                active: series_filter == Some(name.as_str()),
            })
            .collect(),
        all_years: archive_href(None, series_filter),
        all_series: archive_href(filter.year, None),
        c: Chrome::new(&state, &reader, Section::Meetings),
        filter,
    };
    page(&reader, &template)
}

/// A participant as the page lists it.
struct ParticipantLine {
    response: String,
    attendees: Vec<String>,
    id: String,
}

/// One organisation of the attendance list.
struct AttendanceLine {
    org: OrgLink,
    invited: bool,
    answer: Option<ParticipantLine>,
}

/// The RSVP form: the version answered, what it holds, its errors.
struct RsvpForm {
    meeting: String,
    v: RsvpValues,
    answered: bool,
    errors: FieldErrors,
    /// Whether the organisation may (still) answer: the form is shown, not only the errors.
    open: bool,
}

/// A participant's answer as the page lists it.
fn participant_line(p: crate::node::meetings::Participant) -> ParticipantLine {
    ParticipantLine { response: p.response, attendees: p.attendees, id: p.id.to_string() }
}

/// What the meeting page shows besides provenance (absent when the body is withheld).
struct MeetingView {
    body: MeetingBody,
    zone: String,
    same_zone: bool,
    cancelled: bool,
    publisher: OrgLink,
    host: Option<OrgLink>,
    invited: Vec<OrgLink>,
    agenda: Vec<AgendaEntry>,
    minutes: Option<LinkedDocument>,
    group: Option<(String, String)>,
    attendance: Vec<AttendanceLine>,
    lineage: Lineage,
}

impl MeetingView {
    fn of(state: &AppState, reader: &Reader, details: MeetingDetails) -> MeetingView {
        let node = &state.node;
        let body = details.meeting.body;
        let zone = body.timezone.clone().unwrap_or_else(|| "UTC".to_owned());
        let reader_zone = reader.timezone.iana_name().unwrap_or("UTC");
        MeetingView {
            same_zone: reader_zone == zone,
            cancelled: body.status.as_deref() == Some("cancelled"),
            publisher: OrgLink::of(node, &details.meeting.origin),
            host: body.host.as_ref().map(|host| OrgLink::of(node, host)),
            invited: body.invited.iter().map(|id| OrgLink::of(node, id)).collect(),
            group: details.group.map(|g| (g.id.to_string(), g.body.name)),
            attendance: attendance_of(&body.invited, &details.participants)
                .into_iter()
                .map(|line| AttendanceLine {
                    org: OrgLink::of(node, &line.origin),
                    invited: line.invited,
                    answer: line.answer.map(participant_line),
                })
                .collect(),

            agenda: details.agenda,
            minutes: details.minutes,
            lineage: details.lineage,
            zone,
            body,
        }
    }
}

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage<'a> {
    c: Chrome<'a>,
    id: String,
    m: Option<MeetingView>,
    rsvp: Option<RsvpForm>,
    prov: Provenance,
}

/// The RSVP form as sent back with its errors, or `None` for a plain view.
pub type Sent = Option<(RsvpValues, FieldErrors)>;

/// `GET /meetings/{id}`.
pub async fn show(
    State(state): State<AppState>,
    reader: Reader,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&id)?;
    render(&state, &reader, &id, None, StatusCode::OK).await
}

/// The page of meeting `id`, with the RSVP form as `sent` (or as the organisation last
/// answered), under `status`.
pub async fn render(
    state: &AppState,
    reader: &Reader,
    id: &RecordId,
    sent: Sent,
    status: StatusCode,
) -> Result<Response, Problem> {
    let (viewer, id) = (reader.viewer.clone(), *id);
    let now = time::OffsetDateTime::now_utc();
    let (view, details, standing) = blocking(state, move |node| {
        let view = node.get(&viewer, &id)?;
        let details = match view.record.header.kind {
            Kind::Meeting => node.meeting_details(&viewer, &id)?,
            _ => None,
        };
        let standing = match &details {
            Some(d) => node.rsvp_standing(&viewer, d, now)?,
            None => None,
        };
        Ok((view, details, standing))
    })
    .await?;
    let kind = view.record.header.kind;
    if kind != Kind::Meeting {
        return Ok(see_other(&path_of(kind, &id)));
    }
    let template = MeetingPage {
        c: Chrome::new(state, reader, Section::Meetings),
        id: id.to_string(),
        m: details.map(|d| MeetingView::of(state, reader, d)),
        rsvp: rsvp_form(standing, sent, &id),
        prov: Provenance::of(state, &view),
    };
    if status == StatusCode::OK {
        page(reader, &template)
    } else {
        page_with_status(reader, status, &template)
    }
}

/// The RSVP form: as sent, else prefilled with the organisation's answer so far; when the
/// organisation may not answer, only the refusal of what it sent (or nothing).
fn rsvp_form(standing: Option<RsvpStanding>, sent: Sent, id: &RecordId) -> Option<RsvpForm> {
    let Some(standing) = standing else {
        let (v, errors) = sent?;
        return Some(RsvpForm { meeting: id.to_string(), v, answered: false, errors, open: false });
    };
    let answered = standing.own.is_some();
    let (v, errors) = sent.unwrap_or_else(|| {
        let v = standing.own.map_or_else(RsvpValues::default, |p| RsvpValues::of(&p));
        (v, FieldErrors::default())
    });
    Some(RsvpForm { meeting: standing.meeting.to_string(), v, answered, errors, open: true })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn archive_links_keep_the_other_filter() {
        assert_eq!(archive_href(None, None), "/meetings");
        assert_eq!(archive_href(Some(2026), None), "/meetings?year=2026");
        assert_eq!(
            archive_href(Some(2026), Some("Annual meeting & co")),
            "/meetings?year=2026&series=Annual%20meeting%20%26%20co"
        );
    }
}
