//! Typed views of the bodies people read — node, document, meeting, working group, endorsement,
//! RSVP — with the fields pages and feeds show. A body has passed its schema before anyone reads
//! it, so these are lenient: a missing optional field is empty, and a body that does not fit (a
//! withheld or foreign one) reads as `None`.

use serde::Deserialize;
use serde_json::Value;

use super::ids::{NodeId, RecordId};
use super::links::Attachment;

/// Reads `body` as `T`, or `None` when it does not fit.
pub fn read<T: for<'de> Deserialize<'de>>(body: &Value) -> Option<T> {
    T::deserialize(body).ok()
}

/// Who a node is.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NodeBody {
    /// Full name.
    pub name: String,
    /// Short name.
    pub acronym: String,
    /// The organisation's public web site.
    #[serde(default)]
    pub url: Option<String>,
    /// What the organisation does.
    #[serde(default)]
    pub description: Option<String>,
    /// Working languages.
    #[serde(default)]
    pub languages: Vec<String>,
}

/// One version of a document.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DocumentBody {
    /// Title.
    pub title: String,
    /// Official symbol.
    #[serde(default)]
    pub symbol: Option<String>,
    /// Abstract.
    #[serde(default)]
    pub summary: Option<String>,
    /// BCP 47 language.
    #[serde(default)]
    pub language: String,
    /// Free-form type.
    #[serde(default)]
    pub doc_type: Option<String>,
    /// `draft`, `consultation`, `final` or `withdrawn`.
    #[serde(default)]
    pub status: Option<String>,
    /// End of the comment period: a date or a timestamp.
    #[serde(default)]
    pub comment_until: Option<String>,
    /// The working group it belongs to.
    #[serde(default)]
    pub working_group: Option<RecordId>,
    /// Keywords.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Authors.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Inline text.
    #[serde(default)]
    pub text: Option<String>,
    /// Files.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// The version it replaces.
    #[serde(default)]
    pub supersedes: Option<RecordId>,
    /// `revision`, `corrigendum` or `addendum`.
    #[serde(default)]
    pub relation: Option<String>,
    /// The same work in another language.
    #[serde(default)]
    pub edition_of: Option<RecordId>,
}

/// Where a meeting takes place.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Location {
    /// Venue.
    #[serde(default)]
    pub name: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub address: Option<String>,
    /// Link to join online.
    #[serde(default)]
    pub online_url: Option<String>,
}

/// One agenda item.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AgendaItem {
    /// Number as printed.
    #[serde(default)]
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// The exact document versions for the item.
    #[serde(default)]
    pub documents: Vec<RecordId>,
    /// Notes.
    #[serde(default)]
    pub description: Option<String>,
}

/// A meeting (one version).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MeetingBody {
    /// Title.
    pub title: String,
    /// Series, for the archive.
    #[serde(default)]
    pub series: Option<String>,
    /// `plenary`, `working_group`, `workshop`, `webinar` or `other`.
    #[serde(default)]
    pub meeting_type: String,
    /// Hosting node.
    #[serde(default)]
    pub host: Option<NodeId>,
    /// Start (RFC 3339 UTC).
    pub starts_at: String,
    /// End (RFC 3339 UTC).
    #[serde(default)]
    pub ends_at: Option<String>,
    /// IANA time zone of the venue.
    #[serde(default)]
    pub timezone: Option<String>,
    /// Purpose and practical information.
    #[serde(default)]
    pub description: Option<String>,
    /// Venue.
    #[serde(default)]
    pub location: Option<Location>,
    /// Agenda.
    #[serde(default)]
    pub agenda: Vec<AgendaItem>,
    /// Invited nodes.
    #[serde(default)]
    pub invited: Vec<NodeId>,
    /// `planned`, `confirmed`, `held` or `cancelled`.
    #[serde(default)]
    pub status: Option<String>,
    /// The minutes document.
    #[serde(default)]
    pub minutes: Option<RecordId>,
    /// The working group holding it.
    #[serde(default)]
    pub working_group: Option<RecordId>,
    /// The earlier version.
    #[serde(default)]
    pub supersedes: Option<RecordId>,
}

/// A working group (one version).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WorkingGroupBody {
    /// URL slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Theme.
    #[serde(default)]
    pub theme: Option<String>,
    /// Mandate and work programme.
    #[serde(default)]
    pub description: Option<String>,
    /// Convening nodes.
    #[serde(default)]
    pub convenors: Vec<NodeId>,
    /// Member nodes.
    #[serde(default)]
    pub members: Vec<NodeId>,
    /// `active`, `paused` or `closed`.
    #[serde(default)]
    pub status: Option<String>,
    /// Percent done.
    #[serde(default)]
    pub progress: Option<u8>,
    /// The progress log, oldest first.
    #[serde(default)]
    pub milestones: Vec<Milestone>,
}

/// One entry of a working group's progress log.
#[derive(Debug, Clone, Deserialize)]
pub struct Milestone {
    /// When it was reached or is due (YYYY-MM-DD).
    pub date: String,
    /// What it is.
    pub text: String,
    /// Whether it has been reached.
    #[serde(default = "reached")]
    pub done: bool,
}

fn reached() -> bool {
    true
}

/// One organisation's statement about another's record.
#[derive(Debug, Clone, Deserialize)]
pub struct EndorsementBody {
    /// The record concerned.
    pub about: RecordId,
    /// `endorses`, `co-authored`, `reviewed`, `acknowledges` or `objects`.
    pub statement: String,
    /// Qualification.
    #[serde(default)]
    pub note: Option<String>,
}

/// One organisation's answer to a meeting invitation.
#[derive(Debug, Clone, Deserialize)]
pub struct RsvpBody {
    /// The meeting (the version answered).
    pub meeting: RecordId,
    /// `accept`, `decline` or `tentative`.
    pub response: String,
    /// Who will attend, as display names.
    #[serde(default)]
    pub attendees: Vec<String>,
}

/// A comment on a record (a draft for comment), possibly a reply to another comment.
#[derive(Debug, Clone, Deserialize)]
pub struct CommentBody {
    /// The record commented on (the exact version).
    pub about: RecordId,
    /// The comment.
    pub text: String,
    /// The comment this one answers.
    #[serde(default)]
    pub in_reply_to: Option<RecordId>,
    /// The part of the document it is about.
    #[serde(default)]
    pub section: Option<String>,
    /// Its language.
    #[serde(default)]
    pub language: Option<String>,
}

/// A survey sent to other organisations.
#[derive(Debug, Clone, Deserialize)]
pub struct SurveyBody {
    /// Title.
    pub title: String,
    /// Purpose and instructions.
    #[serde(default)]
    pub description: Option<String>,
    /// When answers are first accepted (RFC 3339); absent: from publication.
    #[serde(default)]
    pub opens_at: Option<String>,
    /// When the survey closes (RFC 3339); absent: never.
    #[serde(default)]
    pub closes_at: Option<String>,
    /// `originator` (default) or `respondents`.
    #[serde(default)]
    pub results: Option<String>,
    /// The questions, in order.
    pub questions: Vec<Question>,
}

/// One survey question.
#[derive(Debug, Clone, Deserialize)]
pub struct Question {
    /// Unique within the survey.
    pub id: String,
    /// The question.
    pub text: String,
    /// `text`, `single_choice`, `multiple_choice`, `integer`, `yes_no` or `scale`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Options of a choice question.
    #[serde(default)]
    pub options: Vec<String>,
    /// Whether an answer is required.
    #[serde(default)]
    pub required: bool,
    /// The points of a scale question.
    #[serde(default)]
    pub scale: Option<Scale>,
}

/// The points of a scale question.
#[derive(Debug, Clone, Deserialize)]
pub struct Scale {
    /// Lowest point.
    pub min: i64,
    /// Highest point.
    pub max: i64,
    /// What the lowest point means.
    #[serde(default)]
    pub min_label: Option<String>,
    /// What the highest point means.
    #[serde(default)]
    pub max_label: Option<String>,
}

/// One organisation's answers to a survey.
#[derive(Debug, Clone, Deserialize)]
pub struct SurveyResponseBody {
    /// The survey.
    pub survey: RecordId,
    /// The answers.
    pub answers: Vec<Answer>,
}

/// The answer to one question: text, an option, options, a number or yes/no.
#[derive(Debug, Clone, Deserialize)]
pub struct Answer {
    /// The question id.
    pub question: String,
    /// The value as signed.
    pub value: Value,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_meeting_and_refuses_what_does_not_fit() {
        let body = json!({
            "title": "Plenary", "meeting_type": "plenary", "starts_at": "2027-03-01T09:00:00Z",
            "agenda": [{"title": "Opening"}], "location": {"name": "Palais"}
        });
        let meeting: MeetingBody = read(&body).unwrap();
        assert_eq!(meeting.agenda[0].title, "Opening");
        assert_eq!(meeting.location.unwrap().name.as_deref(), Some("Palais"));
        assert!(read::<MeetingBody>(&json!({"title": "no start"})).is_none());
    }
}
