//! "What's new for me": for a signed-in local user, what asks for their organisation's attention
//! — consultations closing soon that it may comment on, open surveys it has not answered,
//! upcoming meetings it is invited to and has not answered, and recent comments from other
//! organisations on its documents. Every section reads a bounded number of records (through the
//! index where it can), applies the reader's visibility, and keeps at most [`PER_SECTION`]
//! items. The same decisions say which single record deserves a webhook notice
//! ([`Node::notice_of`]).

use serde::de::DeserializeOwned;
use time::{Duration, OffsetDateTime};

use super::catalog::{Item, closes_at};
use super::error::NodeError;
use super::{Node, Viewer};
use crate::index::SearchRequest;
use crate::model::bodies::{self, CommentBody, DocumentBody, MeetingBody, SurveyBody};
use crate::model::record::{format_utc_timestamp, parse_utc_timestamp};
use crate::model::{Kind, NodeId, RecordId};

/// Most items one section shows.
pub const PER_SECTION: usize = 20;
/// A consultation is "closing soon" when it closes within this many days.
pub const CLOSING_SOON_DAYS: i64 = 14;
/// Comments newer than this many days are "recent".
pub const RECENT_COMMENT_DAYS: i64 = 30;
/// Records read from the index per section (the newest or soonest first), before filtering.
const READ_PER_SECTION: usize = 200;

/// Which section an item belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InboxKind {
    /// A consultation closing soon: `at` is its closing time.
    Consultation,
    /// An open survey awaiting this organisation's answer: `at` is its closing time, if any.
    Survey,
    /// An upcoming meeting this organisation is invited to: `at` is its start.
    Meeting,
    /// A comment from another organisation on one of this organisation's documents: `at` is
    /// when it was signed.
    Comment,
}

impl InboxKind {
    /// The name used in feeds and webhook payloads.
    pub fn as_str(self) -> &'static str {
        match self {
            InboxKind::Consultation => "consultation",
            InboxKind::Survey => "survey",
            InboxKind::Meeting => "invitation",
            InboxKind::Comment => "comment",
        }
    }
}

/// One thing new for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxItem {
    /// Which section.
    pub kind: InboxKind,
    /// The record that asks for attention (the comment itself, for comments).
    pub id: RecordId,
    /// Its title (for a comment: the title of the document commented on).
    pub title: String,
    /// The portal path to open (`/documents/…`, `/meetings/…`, `/records/…`).
    pub link: String,
    /// The deadline or start (RFC 3339), or, for a comment, when it was signed.
    pub at: Option<String>,
    /// When the record was signed (RFC 3339).
    pub signed_at: String,
    /// The organisation that published it.
    pub origin: NodeId,
}

/// What is new for a reader, by section.
#[derive(Debug, Clone, Default)]
pub struct Inbox {
    /// Consultations closing within [`CLOSING_SOON_DAYS`], soonest first.
    pub consultations: Vec<InboxItem>,
    /// Open surveys not yet answered, closing soonest first (those without a deadline last).
    pub surveys: Vec<InboxItem>,
    /// Upcoming meetings not yet answered, soonest first.
    pub meetings: Vec<InboxItem>,
    /// Recent comments on this organisation's documents, newest first.
    pub comments: Vec<InboxItem>,
}

impl Inbox {
    /// Every item, sections in order.
    pub fn all(&self) -> impl Iterator<Item = &InboxItem> {
        self.consultations.iter().chain(&self.surveys).chain(&self.meetings).chain(&self.comments)
    }

    /// How many items there are in all.
    pub fn len(&self) -> usize {
        self.all().count()
    }

    /// Whether nothing is new.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Node {
    /// What is new for `viewer` at `now`; only signed-in local users have an inbox.
    pub fn inbox(&self, viewer: &Viewer, now: OffsetDateTime) -> Result<Inbox, NodeError> {
        viewer.require_account()?;
        Ok(Inbox {
            consultations: self.consultations_closing_soon(viewer, now)?,
            surveys: self.surveys_awaiting(viewer, now)?,
            meetings: self.invitations_awaiting(viewer, now)?,
            comments: self.comments_on_ours(viewer, now)?,
        })
    }

    /// Consultations of other organisations open for comment and closing within two weeks.
    fn consultations_closing_soon(
        &self,
        viewer: &Viewer,
        now: OffsetDateTime,
    ) -> Result<Vec<InboxItem>, NodeError> {
        let soon = now + Duration::days(CLOSING_SOON_DAYS);
        let mut out = Vec::new();
        for (item, closes) in self.open_consultations(viewer, now, READ_PER_SECTION)? {
            if item.origin != self.id && closes <= soon {
                out.push(consultation_item(&item, closes));
            }
        }
        out.truncate(PER_SECTION);
        Ok(out)
    }

    /// Open surveys of other organisations this node has not answered (that version).
    fn surveys_awaiting(
        &self,
        viewer: &Viewer,
        now: OffsetDateTime,
    ) -> Result<Vec<InboxItem>, NodeError> {
        let mut out = Vec::new();
        for item in self.newest_of::<SurveyBody>(viewer, Kind::Survey, None)? {
            if item.origin != self.id && survey_open(&item.body, now) && !self.answered(&item.id)? {
                out.push(survey_item(&item));
            }
        }
        out.sort_by_key(|item| (item.at.is_none(), item.at.clone()));
        out.truncate(PER_SECTION);
        Ok(out)
    }

    /// Upcoming meetings of other organisations that invite this node, not yet answered.
    fn invitations_awaiting(
        &self,
        viewer: &Viewer,
        now: OffsetDateTime,
    ) -> Result<Vec<InboxItem>, NodeError> {
        let mut out = Vec::new();
        for item in self.upcoming_meetings(viewer, now, READ_PER_SECTION)? {
            if self.invites_us(&item) && !self.rsvped(viewer, &item.id)? {
                out.push(meeting_item(&item));
            }
            if out.len() == PER_SECTION {
                break;
            }
        }
        Ok(out)
    }

    /// Comments of the last 30 days from other organisations about this node's documents.
    fn comments_on_ours(
        &self,
        viewer: &Viewer,
        now: OffsetDateTime,
    ) -> Result<Vec<InboxItem>, NodeError> {
        let since = now - Duration::days(RECENT_COMMENT_DAYS);
        let mut out = Vec::new();
        for item in self.newest_of::<CommentBody>(viewer, Kind::Comment, Some(since))? {
            if let Some(notice) = self.comment_item(viewer, &item)? {
                out.push(notice);
            }
            if out.len() == PER_SECTION {
                break;
            }
        }
        Ok(out)
    }

    /// The newest records of `kind` (signed since `since`) `viewer` may see, through the index.
    fn newest_of<T: DeserializeOwned>(
        &self,
        viewer: &Viewer,
        kind: Kind,
        since: Option<OffsetDateTime>,
    ) -> Result<Vec<Item<T>>, NodeError> {
        let request = SearchRequest {
            kind: Some(kind.as_str().to_owned()),
            current_only: true,
            newest_first: true,
            from: since,
            limit: READ_PER_SECTION,
            ..SearchRequest::default()
        };
        let mut items = Vec::new();
        for hit in self.search(viewer, &request)?.hits {
            let Ok(id) = hit.id.parse() else { continue };
            if let Some(item) = self.item::<T>(viewer, &id)? {
                items.push(item);
            }
        }
        Ok(items)
    }

    /// Whether this node has answered survey version `survey`.
    fn answered(&self, survey: &RecordId) -> Result<bool, NodeError> {
        self.has_own_reference(survey, "survey", Kind::SurveyResponse)
    }

    /// Whether this node has answered any version of meeting `meeting`.
    fn rsvped(&self, viewer: &Viewer, meeting: &RecordId) -> Result<bool, NodeError> {
        for version in self.versions(viewer, meeting)? {
            if self.has_own_reference(&version.id, "meeting", Kind::Rsvp)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether one of this node's own durable records of `kind` names `target` in `field`.
    fn has_own_reference(
        &self,
        target: &RecordId,
        field: &str,
        kind: Kind,
    ) -> Result<bool, NodeError> {
        for reference in self.store.references_to(target)? {
            if !reference.is(field, kind) {
                continue;
            }
            let Some(stored) = self.store.record(&reference.source)? else { continue };
            let header = &stored.record.header;
            if header.origin == self.id && header.kind == kind && self.is_settled(header) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether another organisation's meeting lists this node among those it invites.
    fn invites_us(&self, meeting: &Item<MeetingBody>) -> bool {
        meeting.origin != self.id && meeting.body.invited.contains(&self.id)
    }

    /// A comment as an inbox item, when it comes from another organisation and is about a
    /// document of this node that `viewer` may see.
    fn comment_item(
        &self,
        viewer: &Viewer,
        comment: &Item<CommentBody>,
    ) -> Result<Option<InboxItem>, NodeError> {
        if comment.origin == self.id {
            return Ok(None);
        }
        let Some(document) = self.item::<DocumentBody>(viewer, &comment.body.about)? else {
            return Ok(None);
        };
        if document.origin != self.id {
            return Ok(None);
        }
        Ok(Some(InboxItem {
            kind: InboxKind::Comment,
            id: comment.id,
            title: document.body.title,
            link: format!("/documents/{}", document.id),
            at: Some(comment.created_at.clone()),
            signed_at: comment.created_at.clone(),
            origin: comment.origin,
        }))
    }

    /// The notice one newly held record deserves, if any: a comment of another organisation on
    /// this node's documents, a consultation or survey of another organisation this node may
    /// answer and that is still open, an invitation of this node to another organisation's
    /// meeting. Judged as this node's own users would see it.
    pub fn notice_of(
        &self,
        id: &RecordId,
        now: OffsetDateTime,
    ) -> Result<Option<InboxItem>, NodeError> {
        let viewer = Viewer::Peer(self.id);
        let Some(stored) = self.visible(&viewer, id)? else { return Ok(None) };
        let header = &stored.record.header;
        if header.origin == self.id || self.store.retraction_of(id)?.is_some() {
            return Ok(None);
        }
        let Some(body) = stored.record.body.as_ref() else { return Ok(None) };
        let created_at = header.created_at.clone();
        let origin = header.origin;
        Ok(match header.kind {
            Kind::Comment => bodies::read::<CommentBody>(body)
                .map(|body| Item { id: *id, origin, created_at, body })
                .map(|item| self.comment_item(&viewer, &item))
                .transpose()?
                .flatten(),
            Kind::Survey => bodies::read::<SurveyBody>(body)
                .filter(|survey| {
                    survey
                        .closes_at
                        .as_deref()
                        .and_then(parse_utc_timestamp)
                        .is_none_or(|c| c > now)
                })
                .map(|body| survey_item(&Item { id: *id, origin, created_at, body })),
            Kind::Document => bodies::read::<DocumentBody>(body)
                .filter(|d| d.status.as_deref() == Some("consultation"))
                .and_then(|body| {
                    let closes = body.comment_until.as_deref().and_then(closes_at)?;
                    let item = Item { id: *id, origin, created_at, body };
                    (closes > now).then(|| consultation_item(&item, closes))
                }),
            Kind::Meeting => bodies::read::<MeetingBody>(body)
                .map(|body| Item { id: *id, origin, created_at, body })
                .filter(|item| self.invites_us(item))
                .map(|item| meeting_item(&item)),
            _ => None,
        })
    }
}

/// Whether a survey takes answers at `now` (no opening time: open; no closing time: open).
fn survey_open(survey: &SurveyBody, now: OffsetDateTime) -> bool {
    let at = |time: &Option<String>| time.as_deref().and_then(parse_utc_timestamp);
    at(&survey.opens_at).is_none_or(|opens| opens <= now)
        && at(&survey.closes_at).is_none_or(|closes| now < closes)
}

fn consultation_item(item: &Item<DocumentBody>, closes: OffsetDateTime) -> InboxItem {
    InboxItem {
        kind: InboxKind::Consultation,
        id: item.id,
        title: item.body.title.clone(),
        link: format!("/documents/{}", item.id),
        at: Some(format_utc_timestamp(closes)),
        signed_at: item.created_at.clone(),
        origin: item.origin,
    }
}

fn survey_item(item: &Item<SurveyBody>) -> InboxItem {
    InboxItem {
        kind: InboxKind::Survey,
        id: item.id,
        title: item.body.title.clone(),
        link: format!("/records/{}", item.id),
        at: item.body.closes_at.clone(),
        signed_at: item.created_at.clone(),
        origin: item.origin,
    }
}

fn meeting_item(item: &Item<MeetingBody>) -> InboxItem {
    InboxItem {
        kind: InboxKind::Meeting,
        id: item.id,
        title: item.body.title.clone(),
        link: format!("/meetings/{}", item.id),
        at: Some(item.body.starts_at.clone()),
        signed_at: item.created_at.clone(),
        origin: item.origin,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn survey(opens: Option<&str>, closes: Option<&str>) -> SurveyBody {
        let mut body = serde_json::json!({"title": "t", "questions": []});
        if let Some(opens) = opens {
            body["opens_at"] = opens.into();
        }
        if let Some(closes) = closes {
            body["closes_at"] = closes.into();
        }
        bodies::read(&body).unwrap_or_else(|| panic!("a survey body: {body}"))
    }

    #[test]
    fn a_survey_is_open_from_its_opening_until_its_closing() {
        let now = parse_utc_timestamp("2027-01-10T12:00:00Z").unwrap_or(OffsetDateTime::UNIX_EPOCH);
        assert!(survey_open(&survey(None, None), now));
        assert!(survey_open(
            &survey(Some("2027-01-10T12:00:00Z"), Some("2027-01-11T00:00:00Z")),
            now
        ));
        assert!(!survey_open(&survey(Some("2027-01-10T12:00:01Z"), None), now));
        assert!(!survey_open(&survey(None, Some("2027-01-10T12:00:00Z")), now));
    }
}
