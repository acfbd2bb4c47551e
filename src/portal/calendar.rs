//! iCalendar: `/meetings/{id}/calendar.ics` (one meeting, its current version) and
//! `/calendar.ics` (every meeting the subscriber may see), written by the `icalendar` crate.
//! A meeting keeps one UID across its updates (its lineage's first record), and its SEQUENCE
//! counts the versions before the current one, so calendar clients replace an event rather
//! than add another; a cancelled meeting stays in the feed as `STATUS:CANCELLED`, which is how
//! clients learn to remove it. Times are written in UTC.

use axum::extract::{Path, State};
use axum::response::Response;
use chrono::{DateTime, Utc};
use icalendar::{Calendar, Component, Event, EventLike, EventStatus, Property};

use super::problem::Problem;
use super::record_id;
use super::subscriber::{Subscriber, absolute, blocking, typed};
use crate::http::AppState;
use crate::model::bodies::MeetingBody;
use crate::model::record::parse_utc_timestamp;
use crate::node::meetings::CalendarEntry;

/// The calendar media type.
const CALENDAR_TYPE: &str = "text/calendar; charset=utf-8";

/// `GET /meetings/{id}/calendar.ics`.
pub async fn meeting(
    State(state): State<AppState>,
    subscriber: Subscriber,
    Path(id): Path<String>,
) -> Result<Response, Problem> {
    let id = record_id(&id)?;
    let viewer = subscriber.reader.viewer.clone();
    let entry = blocking(&state, move |node| node.calendar_entry(&viewer, &id))
        .await?
        .ok_or(Problem::NotFound)?;
    let mut calendar = published();
    calendar.push(event(&state, &entry));
    Ok(typed(calendar.done().to_string(), CALENDAR_TYPE))
}

/// `GET /calendar.ics`.
pub async fn all(
    State(state): State<AppState>,
    subscriber: Subscriber,
) -> Result<Response, Problem> {
    let viewer = subscriber.reader.viewer.clone();
    let entries = blocking(&state, move |node| node.calendar(&viewer)).await?;
    let settings = state.node.settings();
    let mut calendar = published();
    calendar
        .name(&subscriber.reader.tr.t_args("calendar-name", &[("acronym", settings.acronym())]));
    for entry in &entries {
        calendar.push(event(&state, entry));
    }
    Ok(typed(calendar.done().to_string(), CALENDAR_TYPE))
}

/// An empty calendar this node publishes.
fn published() -> Calendar {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//Plenary//Plenary portal//EN"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    calendar
}

/// The event of a meeting's current version.
fn event(state: &AppState, entry: &CalendarEntry) -> Event {
    let meeting = &entry.meeting;
    let body = &meeting.body;
    let mut event = Event::new();
    event
        .uid(&format!("{}@{}", entry.lineage.root, host_of(state.node.settings().public_url())))
        .sequence(u32::try_from(entry.lineage.sequence).unwrap_or(u32::MAX))
        .summary(&body.title)
        .url(&absolute(state, &format!("/meetings/{}", meeting.id)))
        .status(status_of(body.status.as_deref()));
    if let Some(start) = utc(&body.starts_at) {
        event.starts(start);
    }
    if let Some(end) = body.ends_at.as_deref().and_then(utc) {
        event.ends(end);
    }
    if let Some(location) = location_of(body) {
        event.location(&location);
    }
    if let Some(description) = description_of(body) {
        event.description(&description);
    }
    if let Some(signed) = utc(&meeting.created_at) {
        event.timestamp(signed).last_modified(signed);
    }
    event.done()
}

/// A meeting's status as a calendar's: held and confirmed meetings are confirmed, planned ones
/// (or ones that say nothing) tentative.
fn status_of(status: Option<&str>) -> EventStatus {
    match status {
        Some("cancelled") => EventStatus::Cancelled,
        Some("confirmed" | "held") => EventStatus::Confirmed,
        _ => EventStatus::Tentative,
    }
}

/// Venue and address on one line; the online link when there is no venue.
fn location_of(body: &MeetingBody) -> Option<String> {
    let location = body.location.as_ref()?;
    let mut parts: Vec<String> = Vec::new();
    parts.extend(location.name.clone());
    if let Some(address) = &location.address {
        parts.extend(address.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned));
    }
    if parts.is_empty() {
        return location.online_url.clone();
    }
    Some(parts.join(", "))
}

/// The meeting's description, then its online link when the location does not carry it.
fn description_of(body: &MeetingBody) -> Option<String> {
    let online = body.location.as_ref().and_then(|l| {
        let has_venue = l.name.is_some() || l.address.is_some();
        l.online_url.clone().filter(|_| has_venue)
    });
    let parts: Vec<String> = body.description.clone().into_iter().chain(online).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// An RFC 3339 UTC time as the calendar crate's.
fn utc(at: &str) -> Option<DateTime<Utc>> {
    let at = parse_utc_timestamp(at)?;
    DateTime::from_timestamp(at.unix_timestamp(), 0)
}

/// The host of a URL (the right-hand side of a UID).
fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    let host = match host.find(']') {
        Some(end) if host.starts_with('[') => &host[..=end],
        _ => host.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() { "plenary".to_owned() } else { host.to_ascii_lowercase() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bodies::Location;

    #[test]
    fn statuses_map_to_the_calendar_s() {
        assert_eq!(status_of(Some("cancelled")), EventStatus::Cancelled);
        assert_eq!(status_of(Some("held")), EventStatus::Confirmed);
        assert_eq!(status_of(Some("confirmed")), EventStatus::Confirmed);
        assert_eq!(status_of(Some("planned")), EventStatus::Tentative);
        assert_eq!(status_of(None), EventStatus::Tentative);
    }

    #[test]
    fn hosts_lose_scheme_port_and_path() {
        assert_eq!(host_of("https://Portal.example.org:8443/base"), "portal.example.org");
        assert_eq!(host_of("http://127.0.0.1:7700"), "127.0.0.1");
        assert_eq!(host_of("http://[::1]:7700/"), "[::1]");
        assert_eq!(host_of(""), "plenary");
    }

    #[test]
    fn the_location_is_the_venue_or_else_the_link() {
        let mut body = MeetingBody {
            location: Some(Location {
                name: Some("Palais".into()),
                address: Some("Rue 1\n1211 Geneva".into()),
                online_url: Some("https://meet.example/1".into()),
            }),
            description: Some("Hybrid.".into()),
            ..MeetingBody::default()
        };
        assert_eq!(location_of(&body).as_deref(), Some("Palais, Rue 1, 1211 Geneva"));
        assert_eq!(description_of(&body).as_deref(), Some("Hybrid.\n\nhttps://meet.example/1"));
        body.location = Some(Location {
            online_url: Some("https://meet.example/1".into()),
            ..Location::default()
        });
        assert_eq!(location_of(&body).as_deref(), Some("https://meet.example/1"));
        assert_eq!(description_of(&body).as_deref(), Some("Hybrid."));
        assert_eq!(utc("2027-06-15T07:30:00Z").map(|t| t.timestamp()), Some(1_813_044_600));
    }
}
