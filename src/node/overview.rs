//! The dashboard's facts, decided here rather than in a template: which meetings are upcoming,
//! which documents are newest, which consultations are open and until when, the working groups
//! and their progress, and the federation's health — all as the viewer may see them. Meetings
//! and consultations are found through the index (it knows when each starts and ends), so a
//! dashboard costs the same with a large archive.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use time::OffsetDateTime;

use super::catalog::{Item, closes_at};
use super::error::NodeError;
use super::{Node, Viewer};
use crate::index::{Hit, SearchRequest};
use crate::model::Kind;
use crate::model::bodies::{DocumentBody, MeetingBody, WorkingGroupBody};

/// Meetings the dashboard lists.
const UPCOMING: usize = 5;
/// Documents the dashboard lists.
const RECENT: usize = 8;
/// Consultations the dashboard lists.
const CONSULTATIONS: usize = 8;
/// Meetings read beyond the limit, in case some are cancelled.
const CANCELLED_SLACK: usize = 10;
/// Open consultations read to find those closing soonest (the index filters by deadline but
/// cannot order by it: the deadline is not a fast field, see `index::schema`).
const CONSULTATIONS_READ: usize = 100;

/// What the dashboard shows.
#[derive(Debug, Clone)]
pub struct Dashboard {
    /// Meetings not yet over and not cancelled, soonest first.
    pub upcoming: Vec<Item<MeetingBody>>,
    /// The newest current document versions.
    pub recent: Vec<Hit>,
    /// Open consultations, closing soonest first, with their closing time.
    pub consultations: Vec<(Item<DocumentBody>, OffsetDateTime)>,
    /// Working groups, by name.
    pub groups: Vec<Item<WorkingGroupBody>>,
    /// The federation at a glance.
    pub health: Health,
}

/// The federation at a glance: no addresses or errors, only counts and times.
#[derive(Debug, Clone, Default)]
pub struct Health {
    /// Organisations whose logs this node holds (itself included).
    pub organisations: usize,
    /// Peers this node pulls from.
    pub peers: usize,
    /// Peers reached at the last attempt.
    pub reachable: usize,
    /// The most recent completed pull from any peer (RFC 3339).
    pub last_sync: Option<String>,
    /// Records held, all origins together.
    pub records: u64,
}

/// Dashboards already made, by who may see them, kept while the index shows the same state and
/// the minute is the same: every signed-in user of this node sees the same records (visibility
/// admits nodes, not users), so a busy portal builds each dashboard about once per index commit.
/// The federation's health is never kept: it changes without the index.
#[derive(Debug, Default)]
pub(crate) struct DashboardMemo(Mutex<HashMap<&'static str, (MemoKey, Dashboard)>>);

/// What a kept dashboard depends on: the index's generation and the minute.
type MemoKey = (u64, i64);

impl DashboardMemo {
    fn get(&self, audience: &'static str, key: MemoKey) -> Option<Dashboard> {
        let memo = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        memo.get(audience).filter(|(kept, _)| *kept == key).map(|(_, dashboard)| dashboard.clone())
    }

    fn keep(&self, audience: &'static str, key: MemoKey, dashboard: &Dashboard) {
        let mut memo = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        memo.insert(audience, (key, dashboard.clone()));
    }
}

/// The audience a viewer shares with others, for the memo (peers have no dashboard to keep).
fn shared_audience(viewer: &Viewer) -> Option<&'static str> {
    match viewer {
        Viewer::Anonymous => Some("anonymous"),
        Viewer::Local(_) => Some("local"),
        Viewer::Peer(_) => None,
    }
}

impl Node {
    /// The dashboard as `viewer` may see it at `now`.
    pub fn dashboard(&self, viewer: &Viewer, now: OffsetDateTime) -> Result<Dashboard, NodeError> {
        let key = (self.index.generation(), now.unix_timestamp().div_euclid(60));
        let audience = shared_audience(viewer);
        if let Some(kept) = audience.and_then(|audience| self.dashboard_memo.get(audience, key)) {
            return Ok(Dashboard { health: self.health()?, ..kept });
        }
        let dashboard = self.make_dashboard(viewer, now)?;
        if let Some(audience) = audience {
            self.dashboard_memo.keep(audience, key, &dashboard);
        }
        Ok(dashboard)
    }

    /// The dashboard made afresh.
    pub fn make_dashboard(
        &self,
        viewer: &Viewer,
        now: OffsetDateTime,
    ) -> Result<Dashboard, NodeError> {
        Ok(Dashboard {
            upcoming: self.upcoming_meetings(viewer, now, UPCOMING)?,
            recent: self.recent_documents(viewer, RECENT)?,
            consultations: self.open_consultations(viewer, now, CONSULTATIONS)?,
            groups: self.groups_by_name(viewer)?,
            health: self.health()?,
        })
    }

    /// Current meetings whose end (or start, when no end is given) is after `now`, not
    /// cancelled, soonest first — found through the index, which knows when each starts and
    /// ends, so the cost does not grow with the archive.
    pub fn upcoming_meetings(
        &self,
        viewer: &Viewer,
        now: OffsetDateTime,
        limit: usize,
    ) -> Result<Vec<Item<MeetingBody>>, NodeError> {
        let request = SearchRequest {
            kind: Some(Kind::Meeting.as_str().to_owned()),
            current_only: true,
            ends_after: Some(now),
            soonest_starting: true,
            limit: limit + CANCELLED_SLACK,
            ..SearchRequest::default()
        };
        let mut meetings = self.items_of_hits::<MeetingBody>(viewer, &request)?;
        meetings.retain(|m| m.body.status.as_deref() != Some("cancelled"));
        meetings.truncate(limit);
        Ok(meetings)
    }

    /// The records of a search's hits, as `T`.
    fn items_of_hits<T: serde::de::DeserializeOwned>(
        &self,
        viewer: &Viewer,
        request: &SearchRequest,
    ) -> Result<Vec<Item<T>>, NodeError> {
        let mut items = Vec::new();
        for hit in self.search(viewer, request)?.hits {
            let Ok(id) = hit.id.parse() else { continue };
            if let Some(item) = self.item::<T>(viewer, &id)? {
                items.push(item);
            }
        }
        Ok(items)
    }

    /// The newest current versions of documents.
    pub fn recent_documents(&self, viewer: &Viewer, limit: usize) -> Result<Vec<Hit>, NodeError> {
        let request = SearchRequest {
            kind: Some(Kind::Document.as_str().to_owned()),
            current_only: true,
            newest_first: true,
            limit,
            ..SearchRequest::default()
        };
        Ok(self.search(viewer, &request)?.hits)
    }

    /// Current drafts under consultation whose comment period is open at `now`, closing soonest
    /// first.
    pub fn open_consultations(
        &self,
        viewer: &Viewer,
        now: OffsetDateTime,
        limit: usize,
    ) -> Result<Vec<(Item<DocumentBody>, OffsetDateTime)>, NodeError> {
        let request = SearchRequest {
            kind: Some(Kind::Document.as_str().to_owned()),
            status: Some("consultation".to_owned()),
            current_only: true,
            ends_after: Some(now),
            limit: CONSULTATIONS_READ,
            ..SearchRequest::default()
        };
        let mut open = Vec::new();
        for item in self.items_of_hits::<DocumentBody>(viewer, &request)? {
            let closes = item.body.comment_until.as_deref().and_then(closes_at);
            if let Some(closes) = closes.filter(|closes| *closes > now) {
                open.push((item, closes));
            }
        }
        open.sort_by_key(|(_, closes)| *closes);
        open.truncate(limit);
        Ok(open)
    }

    /// The working groups `viewer` may see, by name.
    pub fn groups_by_name(
        &self,
        viewer: &Viewer,
    ) -> Result<Vec<Item<WorkingGroupBody>>, NodeError> {
        let mut groups = self.current_of_kind::<WorkingGroupBody>(viewer, Kind::WorkingGroup)?;
        groups.sort_by_key(|g| g.body.name.to_lowercase());
        Ok(groups)
    }

    /// The federation at a glance.
    pub fn health(&self) -> Result<Health, NodeError> {
        let origins = self.store.origins()?;
        let mut records = 0;
        for origin in &origins {
            records += self.head_of(origin)?.map_or(0, |(seq, _)| seq);
        }
        let peers = self.federation.peer_statuses();
        Ok(Health {
            organisations: origins.len(),
            peers: peers.len(),
            reachable: peers.iter().filter(|p| p.reachable).count(),
            last_sync: peers.iter().filter_map(|p| p.last_sync.clone()).max(),
            records,
        })
    }
}
