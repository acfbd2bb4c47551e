//! `GET /api/v1/meetings?from=&to=`: the current version of every meeting the caller may see
//! whose start falls in the range, by start, with its lineage (the calendar's UID and SEQUENCE).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::AppState;
use super::error::ApiError;
use super::extract::Caller;
use super::search::parse_time;
use crate::model::record::parse_utc_timestamp;
use crate::model::{NodeId, RecordId};
use crate::node::NodeError;
use crate::node::meetings::CalendarEntry;

/// Query string of `GET /api/v1/meetings`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeetingParams {
    from: Option<String>,
    to: Option<String>,
}

/// One meeting of the listing.
#[derive(Debug, Serialize)]
pub struct MeetingLine {
    id: RecordId,
    origin: NodeId,
    title: String,
    meeting_type: String,
    series: Option<String>,
    status: Option<String>,
    starts_at: String,
    ends_at: Option<String>,
    timezone: Option<String>,
    invited: Vec<NodeId>,
    /// The lineage's first version (a calendar's UID).
    lineage: RecordId,
    /// Versions before this one (a calendar's SEQUENCE).
    sequence: usize,
}

/// `GET /api/v1/meetings?from=&to=` (each an RFC 3339 time or a date; `to` excluded).
pub async fn list(
    State(state): State<AppState>,
    Caller(viewer): Caller,
    params: Result<Query<MeetingParams>, QueryRejection>,
) -> Result<Json<Vec<MeetingLine>>, ApiError> {
    let Query(params) = params.map_err(|err| NodeError::invalid("query", err.body_text()))?;
    let from = params.from.as_deref().map(|t| parse_time("from", t)).transpose()?;
    let to = params.to.as_deref().map(|t| parse_time("to", t)).transpose()?;
    if let (Some(from), Some(to)) = (from, to)
        && to <= from
    {
        return Err(NodeError::invalid("to", "must come after from").into());
    }
    let node = state.node.clone();
    let entries = tokio::task::spawn_blocking(move || node.calendar(&viewer))
        .await
        .map_err(|_| NodeError::Unavailable)??;
    let within = |entry: &CalendarEntry| in_range(&entry.meeting.body.starts_at, from, to);
    Ok(Json(entries.into_iter().filter(within).map(line_of).collect()))
}

fn in_range(starts_at: &str, from: Option<OffsetDateTime>, to: Option<OffsetDateTime>) -> bool {
    let Some(start) = parse_utc_timestamp(starts_at) else { return false };
    from.is_none_or(|from| start >= from) && to.is_none_or(|to| start < to)
}

fn line_of(entry: CalendarEntry) -> MeetingLine {
    let (meeting, lineage) = (entry.meeting, entry.lineage);
    let body = meeting.body;
    MeetingLine {
        id: meeting.id,
        origin: meeting.origin,
        title: body.title,
        meeting_type: body.meeting_type,
        series: body.series,
        status: body.status,
        starts_at: body.starts_at,
        ends_at: body.ends_at,
        timezone: body.timezone,
        invited: body.invited,
        lineage: lineage.root,
        sequence: lineage.sequence,
    }
}
