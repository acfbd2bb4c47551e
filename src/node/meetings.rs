//! What the meetings, working-group and organisation pages and the calendar show, decided here
//! rather than in a handler or template: the meetings archive (upcoming first, then past
//! meetings by year and by series, narrowed by year and series), a meeting's agenda with each
//! document as the exact version the agenda names and whether it has been revised since, its
//! minutes, working group and participants (the newest RSVP of each organisation), a meeting's
//! place in its lineage (the calendar's UID and SEQUENCE), a working group's members, documents
//! and meetings, and an organisation's publications, meetings and groups. Every list holds
//! current versions only, and only what the viewer may see. Also who may still answer a
//! meeting's invitation, the attendance (each invited organisation with its answer or none yet,
//! then the others that answered), the reminders of meetings soon to start, and a group's
//! milestone log and consultations.

use std::collections::{BTreeMap, BTreeSet};

use time::OffsetDateTime;

use super::catalog::{Item, Organisation};
use super::error::NodeError;
use super::search::SearchPage;
use super::{Node, Viewer};
use crate::index::SearchRequest;
use crate::model::bodies::{DocumentBody, MeetingBody, RsvpBody, WorkingGroupBody};
use crate::model::record::parse_utc_timestamp;
use crate::model::{Kind, NodeId, RecordId};

/// Which meetings the archive shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArchiveFilter {
    /// Only meetings starting in this year (UTC).
    pub year: Option<i32>,
    /// Only meetings of this series.
    pub series: Option<String>,
}

/// The meetings archive as a viewer may see it.
#[derive(Debug, Clone, Default)]
pub struct MeetingsArchive {
    /// Meetings not yet over (cancelled ones included, so readers learn of it), soonest first.
    pub upcoming: Vec<Item<MeetingBody>>,
    /// Meetings that are over, newest year first.
    pub past: Vec<ArchiveYear>,
    /// Every year with a meeting matching the series filter, with its count, newest first.
    pub years: Vec<(i32, usize)>,
    /// Every series with a meeting matching the year filter, with its count, by name.
    pub series: Vec<(String, usize)>,
}

/// One year of the archive.
#[derive(Debug, Clone)]
pub struct ArchiveYear {
    /// The year (of the start, UTC).
    pub year: i32,
    /// Its meetings by series (named series by name, then meetings of no series).
    pub series: Vec<ArchiveSeries>,
}

/// The meetings of one series in one year.
#[derive(Debug, Clone)]
pub struct ArchiveSeries {
    /// The series (`None`: meetings of no series).
    pub series: Option<String>,
    /// Its meetings, newest first.
    pub meetings: Vec<Item<MeetingBody>>,
}

/// A document a meeting links to, as the exact version it names.
#[derive(Debug, Clone)]
pub struct LinkedDocument {
    /// The version the meeting names.
    pub id: RecordId,
    /// Its body, when the viewer may see it (title, symbol…).
    pub body: Option<DocumentBody>,
    /// The current version of its lineage when that is another record the viewer may see:
    /// the document was revised since the meeting named it.
    pub revised: Option<RecordId>,
}

/// One agenda item with its documents.
#[derive(Debug, Clone)]
pub struct AgendaEntry {
    /// Number as printed.
    pub number: Option<String>,
    /// Title.
    pub title: String,
    /// Notes.
    pub description: Option<String>,
    /// The documents, in the agenda's order.
    pub documents: Vec<LinkedDocument>,
}

/// One organisation's answer to a meeting invitation.
#[derive(Debug, Clone)]
pub struct Participant {
    /// The RSVP record.
    pub id: RecordId,
    /// The organisation that answered.
    pub origin: NodeId,
    /// `accept`, `decline` or `tentative`.
    pub response: String,
    /// Who will attend.
    pub attendees: Vec<String>,
    /// When it answered.
    pub created_at: String,
}

/// A meeting version's place in its lineage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lineage {
    /// The lineage's first record (a calendar's stable UID).
    pub root: RecordId,
    /// The lineage's current version.
    pub current: RecordId,
    /// How many versions came before this one (a calendar's SEQUENCE).
    pub sequence: usize,
    /// How many versions the lineage has.
    pub versions: usize,
}

/// A meeting as its page shows it.
#[derive(Debug, Clone)]
pub struct MeetingDetails {
    /// The version asked for.
    pub meeting: Item<MeetingBody>,
    /// Its place in its lineage.
    pub lineage: Lineage,
    /// The agenda, documents as the exact versions named.
    pub agenda: Vec<AgendaEntry>,
    /// The minutes.
    pub minutes: Option<LinkedDocument>,
    /// The working group holding it (current version), if the viewer may see it.
    pub group: Option<Item<WorkingGroupBody>>,
    /// The newest answer of each organisation, to any version of the meeting.
    pub participants: Vec<Participant>,
}

/// One line of a meeting's attendance.
#[derive(Debug, Clone)]
pub struct Attendance {
    /// The organisation.
    pub origin: NodeId,
    /// Whether the meeting invites it.
    pub invited: bool,
    /// Its newest answer, if it answered.
    pub answer: Option<Participant>,
}

/// Whether this node's organisation may answer a meeting now, and its answer so far.
#[derive(Debug, Clone)]
pub struct RsvpStanding {
    /// The version an answer names (the meeting's current version).
    pub meeting: RecordId,
    /// This organisation's newest answer, to any version.
    pub own: Option<Participant>,
}

/// A meeting as a calendar lists it: its current version and its lineage.
#[derive(Debug, Clone)]
pub struct CalendarEntry {
    /// The current version.
    pub meeting: Item<MeetingBody>,
    /// Its place in its lineage.
    pub lineage: Lineage,
}

/// A working group as its page shows it.
#[derive(Debug, Clone)]
pub struct GroupDetails {
    /// The current version.
    pub group: Item<WorkingGroupBody>,
    /// Member organisations, the convening origin included (as visibility counts them).
    pub members: Vec<NodeId>,
    /// Current documents naming the group, newest first.
    pub documents: Vec<Item<DocumentBody>>,
    /// Current meetings naming the group, latest start first.
    pub meetings: Vec<Item<MeetingBody>>,
    /// The group's documents open to comment or once open (`comment_until` set), the period
    /// closing last first.
    pub consultations: Vec<Item<DocumentBody>>,
}

/// An organisation as its page shows it.
#[derive(Debug, Clone)]
pub struct OrganisationDetails {
    /// What this node knows of it.
    pub organisation: Organisation,
    /// Its fingerprint.
    pub fingerprint: String,
    /// A page of its current documents, newest first.
    pub documents: SearchPage,
    /// Current meetings it published or hosts, latest start first.
    pub meetings: Vec<Item<MeetingBody>>,
    /// Working groups it published, convenes or belongs to, by name.
    pub groups: Vec<Item<WorkingGroupBody>>,
}

/// The year of an RFC 3339 start (UTC).
pub fn year_of(starts_at: &str) -> Option<i32> {
    parse_utc_timestamp(starts_at).map(|at| at.year())
}

/// Whether a meeting is not yet over at `now`: its end, or its start when it gives no end,
/// is not past.
pub fn is_upcoming(meeting: &MeetingBody, now: OffsetDateTime) -> bool {
    let end = meeting.ends_at.as_deref().unwrap_or(&meeting.starts_at);
    parse_utc_timestamp(end).is_some_and(|end| end >= now)
}

/// The archive of `meetings` (current versions the viewer may see) at `now`, narrowed by
/// `filter`.
pub fn archive_of(
    meetings: Vec<Item<MeetingBody>>,
    filter: &ArchiveFilter,
    now: OffsetDateTime,
) -> MeetingsArchive {
    let year_matches = |m: &Item<MeetingBody>| {
        filter.year.is_none_or(|year| year_of(&m.body.starts_at) == Some(year))
    };
    let series_matches = |m: &Item<MeetingBody>| {
        filter.series.is_none() || m.body.series.as_deref() == filter.series.as_deref()
    };
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    let mut series: BTreeMap<String, usize> = BTreeMap::new();
    for meeting in &meetings {
        if let Some(year) = year_of(&meeting.body.starts_at).filter(|_| series_matches(meeting)) {
            *years.entry(year).or_default() += 1;
        }
        if let Some(name) = meeting.body.series.as_ref().filter(|_| year_matches(meeting)) {
            *series.entry(name.clone()).or_default() += 1;
        }
    }
    let (mut upcoming, past): (Vec<_>, Vec<_>) = meetings
        .into_iter()
        .filter(|m| year_matches(m) && series_matches(m))
        .partition(|m| is_upcoming(&m.body, now));
    upcoming.sort_by(|a, b| a.body.starts_at.cmp(&b.body.starts_at));
    let mut series_list: Vec<(String, usize)> = series.into_iter().collect();
    series_list.sort_by_key(|(name, _)| name.to_lowercase());
    MeetingsArchive {
        upcoming,
        past: by_year_and_series(past),
        years: years.into_iter().rev().collect(),
        series: series_list,
    }
}

/// One year's meetings by series: named series by lowercased name, then meetings of no series.
type BySeries = BTreeMap<(bool, String), Vec<Item<MeetingBody>>>;

/// Past meetings by year (newest first), then by series (by name, no series last), newest
/// meeting first.
fn by_year_and_series(past: Vec<Item<MeetingBody>>) -> Vec<ArchiveYear> {
    let mut grouped: BTreeMap<i32, BySeries> = BTreeMap::new();
    for meeting in past {
        let Some(year) = year_of(&meeting.body.starts_at) else { continue };
        let key = match &meeting.body.series {
            Some(name) => (false, name.to_lowercase()),
            None => (true, String::new()),
        };
        grouped.entry(year).or_default().entry(key).or_default().push(meeting);
    }
    grouped
        .into_iter()
        .rev()
        .map(|(year, by_series)| ArchiveYear {
            year,
            series: by_series
                .into_values()
                .map(|mut meetings| {
                    meetings.sort_by(|a, b| b.body.starts_at.cmp(&a.body.starts_at));
                    ArchiveSeries { series: meetings[0].body.series.clone(), meetings }
                })
                .collect(),
        })
        .collect()
}

/// The newest answer of each organisation: the one latest in its log (`seq`), so a revision
/// signed within the same second still replaces the answer before it.
pub fn newest_per_origin(rsvps: Vec<(u64, Item<RsvpBody>)>) -> Vec<Participant> {
    let mut newest: BTreeMap<NodeId, (u64, Item<RsvpBody>)> = BTreeMap::new();
    for (seq, rsvp) in rsvps {
        let newer = newest.get(&rsvp.origin).is_none_or(|(held, _)| seq > *held);
        if newer {
            newest.insert(rsvp.origin, (seq, rsvp));
        }
    }
    let mut out: Vec<Participant> = newest
        .into_values()
        .map(|(_, item)| Participant {
            id: item.id,
            origin: item.origin,
            response: item.body.response,
            attendees: item.body.attendees,
            created_at: item.created_at,
        })
        .collect();
    out.sort_by(|a, b| a.created_at.cmp(&b.created_at));
    out
}

/// The attendance of a meeting inviting `invited`: each invited organisation in the order
/// invited with its answer or none, then the organisations that answered uninvited (a host,
/// the organiser, or every answer when nobody is listed), by the time they answered.
pub fn attendance_of(invited: &[NodeId], participants: &[Participant]) -> Vec<Attendance> {
    let mut out: Vec<Attendance> = Vec::new();
    for origin in invited {
        if out.iter().any(|line| line.origin == *origin) {
            continue;
        }
        let answer = participants.iter().find(|p| p.origin == *origin).cloned();
        out.push(Attendance { origin: *origin, invited: true, answer });
    }
    for p in participants.iter().filter(|p| !invited.contains(&p.origin)) {
        out.push(Attendance { origin: p.origin, invited: false, answer: Some(p.clone()) });
    }
    out
}

/// Whether organisation `org` may answer `meeting` (published by `publisher`) at `now`: it is
/// invited, or nobody is listed, or it organises or hosts; the meeting is neither cancelled
/// nor over.
pub fn may_answer(
    meeting: &MeetingBody,
    publisher: &NodeId,
    org: &NodeId,
    now: OffsetDateTime,
) -> bool {
    let invited = meeting.invited.is_empty()
        || meeting.invited.contains(org)
        || publisher == org
        || meeting.host.as_ref() == Some(org);
    invited && meeting.status.as_deref() != Some("cancelled") && is_upcoming(meeting, now)
}

/// The meetings among `meetings` that start between `now` and `days` days later, soonest first.
pub fn starting_within(
    mut meetings: Vec<Item<MeetingBody>>,
    now: OffsetDateTime,
    days: i64,
) -> Vec<Item<MeetingBody>> {
    let until = now + time::Duration::days(days);
    meetings.retain(|m| {
        parse_utc_timestamp(&m.body.starts_at).is_some_and(|start| start >= now && start <= until)
    });
    meetings.sort_by(|a, b| a.body.starts_at.cmp(&b.body.starts_at));
    meetings
}

/// Most meetings an archive or calendar reads (a guard against a hostile log).
const MAX_MEETINGS: usize = 10_000;

impl Node {
    /// The meetings archive as `viewer` may see it at `now`.
    pub fn meetings_archive(
        &self,
        viewer: &Viewer,
        filter: &ArchiveFilter,
        now: OffsetDateTime,
    ) -> Result<MeetingsArchive, NodeError> {
        let mut meetings = self.current_of_kind::<MeetingBody>(viewer, Kind::Meeting)?;
        meetings.truncate(MAX_MEETINGS);
        Ok(archive_of(meetings, filter, now))
    }

    /// Meeting `id` as its page shows it, if `viewer` may see it and it is a meeting whose
    /// body is held (not retracted).
    pub fn meeting_details(
        &self,
        viewer: &Viewer,
        id: &RecordId,
    ) -> Result<Option<MeetingDetails>, NodeError> {
        let Some(meeting) = self.item::<MeetingBody>(viewer, id)? else { return Ok(None) };
        if !self.is_kind(id, Kind::Meeting)? {
            return Ok(None);
        }
        let lineage = self.lineage_of(viewer, id)?;
        let agenda = meeting
            .body
            .agenda
            .iter()
            .map(|item| {
                Ok(AgendaEntry {
                    number: item.number.clone(),
                    title: item.title.clone(),
                    description: item.description.clone(),
                    documents: item
                        .documents
                        .iter()
                        .map(|doc| self.linked_document(viewer, doc))
                        .collect::<Result<_, NodeError>>()?,
                })
            })
            .collect::<Result<Vec<_>, NodeError>>()?;
        let minutes = meeting.body.minutes.map(|m| self.linked_document(viewer, &m)).transpose()?;
        let group = match meeting.body.working_group {
            Some(group) => self.current_item::<WorkingGroupBody>(viewer, &group)?,
            None => None,
        };
        let participants = self.participants(viewer, id)?;
        Ok(Some(MeetingDetails { meeting, lineage, agenda, minutes, group, participants }))
    }

    /// Whether the organisation of this node may answer meeting `id` (as its page shows it,
    /// `details`) at `now` — `None` when the viewer is not signed in, or the current version is
    /// hidden, cancelled, over or does not invite it — with its answer so far.
    pub fn rsvp_standing(
        &self,
        viewer: &Viewer,
        details: &MeetingDetails,
        now: OffsetDateTime,
    ) -> Result<Option<RsvpStanding>, NodeError> {
        if viewer.account().is_none() {
            return Ok(None);
        }
        let current = details.lineage.current;
        let meeting = if current == details.meeting.id {
            Some(details.meeting.clone())
        } else {
            self.item::<MeetingBody>(viewer, &current)?
        };
        let Some(meeting) = meeting else { return Ok(None) };
        let own = self.id();
        if !may_answer(&meeting.body, &meeting.origin, &own, now) {
            return Ok(None);
        }
        let answer = details.participants.iter().find(|p| p.origin == own).cloned();
        Ok(Some(RsvpStanding { meeting: current, own: answer }))
    }

    /// The meetings `viewer` may see that start within `days` days of `now` (current versions,
    /// cancelled ones included so a reminder tells of it), soonest first.
    pub fn meeting_reminders(
        &self,
        viewer: &Viewer,
        now: OffsetDateTime,
        days: i64,
    ) -> Result<Vec<Item<MeetingBody>>, NodeError> {
        let mut meetings = self.current_of_kind::<MeetingBody>(viewer, Kind::Meeting)?;
        meetings.truncate(MAX_MEETINGS);
        Ok(starting_within(meetings, now, days))
    }

    /// The current version of the meeting `id` belongs to, for a calendar, if `viewer` may
    /// see it.
    pub fn calendar_entry(
        &self,
        viewer: &Viewer,
        id: &RecordId,
    ) -> Result<Option<CalendarEntry>, NodeError> {
        if self.item::<MeetingBody>(viewer, id)?.is_none() || !self.is_kind(id, Kind::Meeting)? {
            return Ok(None);
        }
        let current = self.current_version(id)?;
        let Some(meeting) = self.item::<MeetingBody>(viewer, &current)? else { return Ok(None) };
        Ok(Some(CalendarEntry { lineage: self.lineage_of(viewer, &current)?, meeting }))
    }

    /// Every meeting `viewer` may see, as a calendar lists them, by start.
    pub fn calendar(&self, viewer: &Viewer) -> Result<Vec<CalendarEntry>, NodeError> {
        let mut meetings = self.current_of_kind::<MeetingBody>(viewer, Kind::Meeting)?;
        meetings.truncate(MAX_MEETINGS);
        meetings.sort_by(|a, b| a.body.starts_at.cmp(&b.body.starts_at));
        meetings
            .into_iter()
            .map(|meeting| {
                Ok(CalendarEntry { lineage: self.lineage_of(viewer, &meeting.id)?, meeting })
            })
            .collect()
    }

    /// Working group `id` as its page shows it (its current version), if `viewer` may see it.
    pub fn group_details(
        &self,
        viewer: &Viewer,
        id: &RecordId,
    ) -> Result<Option<GroupDetails>, NodeError> {
        if !self.is_kind(id, Kind::WorkingGroup)? {
            return Ok(None);
        }
        let Some(group) = self.current_item::<WorkingGroupBody>(viewer, id)? else {
            return Ok(None);
        };
        let mut members = self.group_members(&group.id)?;
        members.sort();
        members.dedup();
        let documents = self.group_documents(viewer, &group.id)?;
        let mut consultations: Vec<Item<DocumentBody>> =
            documents.iter().filter(|d| d.body.comment_until.is_some()).cloned().collect();
        consultations.sort_by(|a, b| b.body.comment_until.cmp(&a.body.comment_until));
        Ok(Some(GroupDetails {
            consultations,
            documents,
            meetings: self.group_meetings(viewer, &group.id)?,
            members,
            group,
        }))
    }

    /// The current documents naming working group `id` (any version of it) that `viewer` may
    /// see, newest first.
    pub fn group_documents(
        &self,
        viewer: &Viewer,
        id: &RecordId,
    ) -> Result<Vec<Item<DocumentBody>>, NodeError> {
        let mut documents = self.naming_group::<DocumentBody>(viewer, id, Kind::Document)?;
        documents.sort_by(|a, b| b.created_at.cmp(&a.created_at));
        Ok(documents)
    }

    /// The current meetings naming working group `id` that `viewer` may see, latest start
    /// first.
    pub fn group_meetings(
        &self,
        viewer: &Viewer,
        id: &RecordId,
    ) -> Result<Vec<Item<MeetingBody>>, NodeError> {
        let mut meetings = self.naming_group::<MeetingBody>(viewer, id, Kind::Meeting)?;
        meetings.sort_by(|a, b| b.body.starts_at.cmp(&a.body.starts_at));
        Ok(meetings)
    }

    /// Organisation `id` as its page shows it, with page `page` (from 0) of `per_page` of
    /// its current documents; not found when this node holds no log of it.
    pub fn organisation_details(
        &self,
        viewer: &Viewer,
        id: &NodeId,
        page: usize,
        per_page: usize,
    ) -> Result<OrganisationDetails, NodeError> {
        if self.head_of(id)?.is_none() {
            return Err(NodeError::NotFound {
                code: "organisation_not_found",
                what: format!("organisation {id}"),
            });
        }
        let request = SearchRequest {
            kind: Some(Kind::Document.as_str().to_owned()),
            origin: Some(id.to_string()),
            current_only: true,
            newest_first: true,
            limit: per_page,
            offset: page.saturating_mul(per_page),
            ..SearchRequest::default()
        };
        let mut meetings: Vec<Item<MeetingBody>> = self
            .current_of_kind::<MeetingBody>(viewer, Kind::Meeting)?
            .into_iter()
            .filter(|m| m.origin == *id || m.body.host == Some(*id))
            .collect();
        meetings.sort_by(|a, b| b.body.starts_at.cmp(&a.body.starts_at));
        let groups = self
            .groups_by_name(viewer)?
            .into_iter()
            .filter(|g| {
                g.origin == *id || g.body.convenors.contains(id) || g.body.members.contains(id)
            })
            .collect();
        Ok(OrganisationDetails {
            organisation: self.organisation(id)?,
            fingerprint: id.fingerprint(),
            documents: self.search(viewer, &request)?,
            meetings,
            groups,
        })
    }

    /// Whether record `id` is held and of `kind`.
    fn is_kind(&self, id: &RecordId, kind: Kind) -> Result<bool, NodeError> {
        Ok(self.store.record(id)?.is_some_and(|stored| stored.record.header.kind == kind))
    }

    /// The current version of the lineage of `id` as an item, if `viewer` may see both.
    fn current_item<T: serde::de::DeserializeOwned>(
        &self,
        viewer: &Viewer,
        id: &RecordId,
    ) -> Result<Option<Item<T>>, NodeError> {
        if self.visible(viewer, id)?.is_none() {
            return Ok(None);
        }
        self.item(viewer, &self.current_version(id)?)
    }

    /// Where version `id` stands in its lineage (versions `viewer` may not see count too:
    /// a calendar's sequence must only grow).
    fn lineage_of(&self, viewer: &Viewer, id: &RecordId) -> Result<Lineage, NodeError> {
        let versions = self.versions(viewer, id)?;
        let sequence = versions.iter().position(|v| v.id == *id).unwrap_or(0);
        Ok(Lineage {
            root: versions.first().map_or(*id, |v| v.id),
            current: versions.iter().find(|v| v.current).map_or(*id, |v| v.id),
            sequence,
            versions: versions.len().max(1),
        })
    }

    /// A document as a meeting names it.
    fn linked_document(&self, viewer: &Viewer, id: &RecordId) -> Result<LinkedDocument, NodeError> {
        let body = self.item::<DocumentBody>(viewer, id)?.map(|item| item.body);
        let revised = if body.is_some() {
            let current = self.current_version(id)?;
            let visible = current != *id && self.visible(viewer, &current)?.is_some();
            visible.then_some(current)
        } else {
            None
        };
        Ok(LinkedDocument { id: *id, body, revised })
    }

    /// The newest answer of each organisation to any version of meeting `id`.
    fn participants(&self, viewer: &Viewer, id: &RecordId) -> Result<Vec<Participant>, NodeError> {
        let mut rsvps = Vec::new();
        for version in self.versions(viewer, id)? {
            for rsvp in self.referring::<RsvpBody>(viewer, &version.id, "meeting", Kind::Rsvp)? {
                let seq = self.store.record(&rsvp.id)?.map_or(0, |s| s.record.header.seq);
                rsvps.push((seq, rsvp));
            }
        }
        Ok(newest_per_origin(rsvps))
    }

    /// The current records of `kind` that name any version of working group `id` in
    /// `working_group`, as `viewer` may see them.
    fn naming_group<T: serde::de::DeserializeOwned>(
        &self,
        viewer: &Viewer,
        id: &RecordId,
        kind: Kind,
    ) -> Result<Vec<Item<T>>, NodeError> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for version in self.versions(viewer, id)? {
            for item in self.referring::<T>(viewer, &version.id, "working_group", kind)? {
                if seen.insert(item.id) && self.current_version(&item.id)? == item.id {
                    out.push(item);
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::bodies::MeetingBody;
    use time::macros::datetime;

    fn meeting(
        n: u8,
        series: Option<&str>,
        starts_at: &str,
        ends_at: Option<&str>,
    ) -> Item<MeetingBody> {
        Item {
            id: RecordId([n; 32]),
            origin: NodeId([1; 32]),
            created_at: "2026-01-01T00:00:00Z".into(),
            body: MeetingBody {
                title: format!("Meeting {n}"),
                series: series.map(str::to_owned),
                starts_at: starts_at.into(),
                ends_at: ends_at.map(str::to_owned),
                ..MeetingBody::default()
            },
        }
    }

    fn titles(items: &[Item<MeetingBody>]) -> Vec<&str> {
        items.iter().map(|m| m.body.title.as_str()).collect()
    }

    fn sample() -> Vec<Item<MeetingBody>> {
        vec![
            meeting(1, Some("Annual"), "2025-06-15T07:30:00Z", Some("2025-06-16T15:00:00Z")),
            meeting(2, Some("Annual"), "2026-06-15T07:30:00Z", None),
            meeting(3, None, "2026-03-01T10:00:00Z", None),
            meeting(4, Some("Webinars"), "2026-02-01T10:00:00Z", None),
            meeting(5, Some("Annual"), "2027-06-15T07:30:00Z", None),
            meeting(6, Some("Webinars"), "2026-12-01T10:00:00Z", Some("2026-12-01T12:00:00Z")),
        ]
    }

    const NOW: OffsetDateTime = datetime!(2026-12-01 11:00 UTC);

    #[test]
    fn a_meeting_is_upcoming_until_it_ends() {
        let ongoing = meeting(1, None, "2026-12-01T10:00:00Z", Some("2026-12-01T12:00:00Z"));
        assert!(is_upcoming(&ongoing.body, NOW));
        let started = meeting(2, None, "2026-12-01T10:00:00Z", None);
        assert!(!is_upcoming(&started.body, NOW), "no end: over once started");
        let malformed = meeting(3, None, "tomorrow", None);
        assert!(!is_upcoming(&malformed.body, NOW));
        assert_eq!(year_of("2027-01-01T00:00:00Z"), Some(2027));
        assert_eq!(year_of("2027"), None);
    }

    #[test]
    fn the_archive_puts_upcoming_first_then_years_and_series() {
        let archive = archive_of(sample(), &ArchiveFilter::default(), NOW);
        assert_eq!(titles(&archive.upcoming), ["Meeting 6", "Meeting 5"]);
        let years: Vec<i32> = archive.past.iter().map(|y| y.year).collect();
        assert_eq!(years, [2026, 2025]);
        let y2026: Vec<(Option<&str>, Vec<&str>)> = archive.past[0]
            .series
            .iter()
            .map(|s| (s.series.as_deref(), titles(&s.meetings)))
            .collect();
        assert_eq!(
            y2026,
            [
                (Some("Annual"), vec!["Meeting 2"]),
                (Some("Webinars"), vec!["Meeting 4"]),
                (None, vec!["Meeting 3"]),
            ]
        );
        assert_eq!(archive.years, [(2027, 1), (2026, 4), (2025, 1)]);
        assert_eq!(archive.series, [("Annual".to_owned(), 3), ("Webinars".to_owned(), 2)]);
    }

    #[test]
    fn filters_narrow_both_lists_and_count_like_facets() {
        let by_series = ArchiveFilter { series: Some("Annual".into()), year: None };
        let archive = archive_of(sample(), &by_series, NOW);
        assert_eq!(titles(&archive.upcoming), ["Meeting 5"]);
        assert_eq!(archive.past.len(), 2);
        assert_eq!(archive.years, [(2027, 1), (2026, 1), (2025, 1)], "years within the series");
        assert_eq!(archive.series.len(), 2, "every series stays offered");
        let by_year = ArchiveFilter { year: Some(2026), series: None };
        let archive = archive_of(sample(), &by_year, NOW);
        assert_eq!(titles(&archive.upcoming), ["Meeting 6"]);
        assert_eq!(archive.past.iter().map(|y| y.year).collect::<Vec<_>>(), [2026]);
        assert_eq!(archive.series, [("Annual".to_owned(), 1), ("Webinars".to_owned(), 2)]);
        let nothing = ArchiveFilter { year: Some(1999), series: None };
        let archive = archive_of(sample(), &nothing, NOW);
        assert!(archive.upcoming.is_empty() && archive.past.is_empty());
        assert_eq!(archive.years.len(), 3, "the year list still offers every year");
    }

    #[test]
    fn the_newest_answer_of_each_organisation_counts() {
        let answer = |n: u8, origin: u8, response: &str, at: &str| {
            (
                u64::from(n),
                Item {
                    id: RecordId([n; 32]),
                    origin: NodeId([origin; 32]),
                    created_at: at.to_owned(),
                    body: RsvpBody {
                        meeting: RecordId([9; 32]),
                        response: response.to_owned(),
                        attendees: vec![format!("Person {n}")],
                    },
                },
            )
        };
        let participants = newest_per_origin(vec![
            answer(1, 1, "tentative", "2026-01-01T00:00:00Z"),
            answer(2, 2, "decline", "2026-01-02T00:00:00Z"),
            answer(3, 1, "accept", "2026-01-01T00:00:00Z"),
        ]);
        let seen: Vec<(&str, &str)> =
            participants.iter().map(|p| (p.response.as_str(), p.attendees[0].as_str())).collect();
        assert_eq!(
            seen,
            [("accept", "Person 3"), ("decline", "Person 2")],
            "a later seq wins a tie"
        );
    }

    fn participant(origin: u8, response: &str) -> Participant {
        Participant {
            id: RecordId([origin; 32]),
            origin: NodeId([origin; 32]),
            response: response.to_owned(),
            attendees: Vec::new(),
            created_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn attendance_lists_the_invited_then_the_others() {
        let invited = [NodeId([1; 32]), NodeId([2; 32]), NodeId([1; 32])];
        let lines = attendance_of(&invited, &[participant(3, "accept"), participant(2, "decline")]);
        let seen: Vec<(u8, bool, Option<&str>)> = lines
            .iter()
            .map(|l| (l.origin.0[0], l.invited, l.answer.as_ref().map(|a| a.response.as_str())))
            .collect();
        assert_eq!(seen, [(1, true, None), (2, true, Some("decline")), (3, false, Some("accept"))]);
    }

    #[test]
    fn only_the_invited_answer_a_meeting_ahead_and_not_cancelled() {
        let publisher = NodeId([7; 32]);
        let mut m = meeting(1, None, "2026-12-10T10:00:00Z", None).body;
        assert!(may_answer(&m, &publisher, &NodeId([1; 32]), NOW), "no list: anyone admitted");
        m.invited = vec![NodeId([2; 32])];
        assert!(!may_answer(&m, &publisher, &NodeId([1; 32]), NOW));
        assert!(may_answer(&m, &publisher, &NodeId([2; 32]), NOW));
        assert!(may_answer(&m, &publisher, &publisher, NOW), "the organiser always may");
        assert!(!may_answer(&m, &publisher, &NodeId([2; 32]), datetime!(2026-12-11 00:00 UTC)));
        m.status = Some("cancelled".into());
        assert!(!may_answer(&m, &publisher, &NodeId([2; 32]), NOW));
    }

    #[test]
    fn reminders_hold_the_next_days_soonest_first() {
        let soon = starting_within(sample(), datetime!(2026-11-25 00:00 UTC), 14);
        assert_eq!(titles(&soon), ["Meeting 6"]);
        let later = starting_within(sample(), datetime!(2027-06-10 00:00 UTC), 14);
        assert_eq!(titles(&later), ["Meeting 5"]);
        assert!(starting_within(sample(), datetime!(2028-01-01 00:00 UTC), 14).is_empty());
    }
}
