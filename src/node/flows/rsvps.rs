//! RSVPs: an organisation answers the invitation to a meeting version, to the meeting's
//! audience; when the meeting lists whom it invites, only those (and the host) answer. On
//! publish the meeting is current, not cancelled and not over.

use super::{Flow, audience_of, refuse};
use crate::model::Kind;
use crate::model::bodies::{self, MeetingBody, RsvpBody};
use crate::model::record::parse_utc_timestamp;
use crate::node::error::NodeError;

pub(super) fn check(flow: &Flow) -> Result<(), NodeError> {
    let field = "/body/meeting";
    let Some(rsvp) = bodies::read::<RsvpBody>(flow.body) else { return Ok(()) };
    let Some(stored) = flow.target(&rsvp.meeting, field, Kind::Meeting)? else { return Ok(()) };
    let header = &stored.record.header;
    flow.audience_is(&audience_of(header))?;
    flow.admitted_by(header, field)?;
    let Some(meeting) = stored.record.body.as_ref().and_then(bodies::read::<MeetingBody>) else {
        return Ok(());
    };
    let origin = flow.header.origin;
    let invited = meeting.invited.is_empty()
        || meeting.invited.contains(&origin)
        || header.origin == origin
        || meeting.host == Some(origin);
    if !invited {
        return Err(refuse(
            "not_invited",
            field,
            "this organisation is not invited to that meeting",
        ));
    }
    if !flow.publishing() {
        return Ok(());
    }
    flow.open_version(&stored, &rsvp.meeting, field)?;
    if meeting.status.as_deref() == Some("cancelled") {
        return Err(refuse("meeting_cancelled", field, "that meeting is cancelled"));
    }
    let ends = meeting.ends_at.as_deref().or(Some(meeting.starts_at.as_str()));
    let over =
        ends.and_then(parse_utc_timestamp).zip(flow.signed_at()).is_some_and(|(e, now)| now >= e);
    if over {
        return Err(refuse(
            "meeting_over",
            field,
            "that meeting is over; an answer is no longer taken",
        ));
    }
    Ok(())
}
