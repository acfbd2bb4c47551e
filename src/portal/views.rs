//! The lines pages list — a document, a meeting, a working group — built once from what the
//! node returns, so templates only print fields. Organisation acronyms are looked up once per
//! page.

use std::cell::RefCell;
use std::collections::HashMap;

use time::OffsetDateTime;

use crate::index::Hit;
use crate::model::NodeId;
use crate::model::bodies::{DocumentBody, MeetingBody, WorkingGroupBody};
use crate::model::record::format_utc_timestamp;
use crate::node::Node;
use crate::node::catalog::Item;

/// Organisation acronyms by node id, looked up at most once each.
pub struct Names<'a> {
    node: &'a Node,
    known: RefCell<HashMap<NodeId, String>>,
}

impl<'a> Names<'a> {
    /// Names as `node` knows them.
    pub fn new(node: &'a Node) -> Names<'a> {
        Names { node, known: RefCell::new(HashMap::new()) }
    }

    /// The acronym of `id` (a shortened id when the node does not know it).
    pub fn acronym(&self, id: &NodeId) -> String {
        if let Some(known) = self.known.borrow().get(id) {
            return known.clone();
        }
        let name = self.node.acronym_of(id).unwrap_or_else(|| short_id(&id.to_string()));
        self.known.borrow_mut().insert(*id, name.clone());
        name
    }
}

/// The first characters of an id, for display where a name is unknown.
pub fn short_id(id: &str) -> String {
    format!("{}…", id.chars().take(10).collect::<String>())
}

/// RFC 3339 UTC.
pub fn rfc3339(at: OffsetDateTime) -> String {
    format_utc_timestamp(at)
}

/// A document in a list.
#[derive(Debug, Clone)]
pub struct DocumentLine {
    /// Record id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Symbol.
    pub symbol: Option<String>,
    /// Publishing organisation's acronym.
    pub origin: String,
    /// Signed at.
    pub created_at: String,
    /// Language.
    pub lang: String,
    /// Status.
    pub status: Option<String>,
}

impl DocumentLine {
    /// From a search hit.
    pub fn of_hit(hit: &Hit) -> DocumentLine {
        DocumentLine {
            id: hit.id.clone(),
            title: hit.title.clone(),
            symbol: hit.symbol.clone(),
            origin: hit.origin_name.clone().unwrap_or_else(|| short_id(&hit.origin)),
            created_at: hit.created_at.clone(),
            lang: hit.lang.clone(),
            status: None,
        }
    }

    /// From a document item.
    pub fn of_item(item: &Item<DocumentBody>, names: &Names<'_>) -> DocumentLine {
        DocumentLine {
            id: item.id.to_string(),
            title: item.body.title.clone(),
            symbol: item.body.symbol.clone(),
            origin: names.acronym(&item.origin),
            created_at: item.created_at.clone(),
            lang: item.body.language.clone(),
            status: item.body.status.clone(),
        }
    }
}

/// A meeting in a list.
#[derive(Debug, Clone)]
pub struct MeetingLine {
    /// Record id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Series.
    pub series: Option<String>,
    /// Start (RFC 3339 UTC).
    pub starts_at: String,
    /// The venue's time zone.
    pub timezone: String,
    /// Venue name, or "online".
    pub venue: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Organising organisation.
    pub origin: String,
    /// Meeting type.
    pub meeting_type: String,
}

impl MeetingLine {
    /// From a meeting item.
    pub fn of(item: &Item<MeetingBody>, names: &Names<'_>) -> MeetingLine {
        let body = &item.body;
        let venue = body.location.as_ref().and_then(|l| l.name.clone());
        MeetingLine {
            id: item.id.to_string(),
            title: body.title.clone(),
            series: body.series.clone(),
            starts_at: body.starts_at.clone(),
            timezone: body.timezone.clone().unwrap_or_else(|| "UTC".to_owned()),
            venue,
            status: body.status.clone(),
            origin: names.acronym(&item.origin),
            meeting_type: body.meeting_type.clone(),
        }
    }
}

/// A working group in a list.
#[derive(Debug, Clone)]
pub struct GroupLine {
    /// Record id (current version).
    pub id: String,
    /// Name.
    pub name: String,
    /// Theme.
    pub theme: Option<String>,
    /// Status.
    pub status: Option<String>,
    /// Percent done.
    pub progress: Option<u8>,
    /// Member organisations (the convening origin included, as visibility counts them).
    pub members: usize,
    /// The latest milestone reached: its day and text.
    pub latest_milestone: Option<(String, String)>,
}

impl GroupLine {
    /// From a working-group item.
    pub fn of(item: &Item<WorkingGroupBody>) -> GroupLine {
        let body = &item.body;
        let mut members = body.members.clone();
        members.push(item.origin);
        members.sort();
        members.dedup();
        GroupLine {
            id: item.id.to_string(),
            name: body.name.clone(),
            theme: body.theme.clone(),
            status: body.status.clone(),
            progress: body.progress,
            members: members.len(),
            latest_milestone: body
                .milestones
                .iter()
                .filter(|m| m.done)
                .max_by(|a, b| a.date.cmp(&b.date))
                .map(|m| (m.date.clone(), m.text.clone())),
        }
    }
}
