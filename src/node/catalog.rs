//! What pages and feeds list beyond one record: the current versions of meetings and working
//! groups a viewer may see, the organisations this node knows, a document's versions and
//! language editions, and the records that refer to one. Every read applies the viewer's
//! visibility and leaves out retracted bodies and this node's records that are not yet durable.

use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use super::error::NodeError;
use super::{Node, Viewer};
use crate::model::bodies::{self, DocumentBody, NodeBody};
use crate::model::record::parse_utc_timestamp;
use crate::model::{Kind, NodeId, RecordId};
use crate::store::StoredRecord;

/// One visible record with its body read as `T`.
#[derive(Debug, Clone)]
pub struct Item<T> {
    /// Record id.
    pub id: RecordId,
    /// Who published it.
    pub origin: NodeId,
    /// When it was signed (RFC 3339).
    pub created_at: String,
    /// The body.
    pub body: T,
}

/// An organisation this node holds a log of.
#[derive(Debug, Clone)]
pub struct Organisation {
    /// Its node id.
    pub id: NodeId,
    /// What its newest node record says (absent if withheld or unreadable).
    pub about: Option<NodeBody>,
    /// How many records of its log this node holds.
    pub records: u64,
}

/// One version of a lineage, as a version list shows it.
#[derive(Debug, Clone)]
pub struct Version {
    /// Record id.
    pub id: RecordId,
    /// When it was signed.
    pub created_at: String,
    /// The body, when the viewer may see it and it is not retracted.
    pub body: Option<DocumentBody>,
    /// Whether it is the lineage's current version.
    pub current: bool,
    /// Whether the origin retracted it.
    pub retracted: bool,
}

/// Most records a listing of one kind reads (a guard against a hostile log).
const MAX_OF_KIND: usize = 100_000;

impl Node {
    /// The current version of every lineage of `kind` whose current version `viewer` may see,
    /// read as `T` (bodies that do not fit are left out).
    pub fn current_of_kind<T: DeserializeOwned>(
        &self,
        viewer: &Viewer,
        kind: Kind,
    ) -> Result<Vec<Item<T>>, NodeError> {
        let mut out = Vec::new();
        for origin in self.store.origins()? {
            for (_, id) in self.store.kind_after(kind, &origin, 0, MAX_OF_KIND)? {
                let newer = self.store.superseded_by(&id)?;
                if newer.iter().any(|n| self.settled_id(n)) {
                    continue;
                }
                if let Some(item) = self.item(viewer, &id)? {
                    out.push(item);
                }
            }
        }
        Ok(out)
    }

    /// Record `id` as an item, if `viewer` may see its body and it fits `T`.
    pub fn item<T: DeserializeOwned>(
        &self,
        viewer: &Viewer,
        id: &RecordId,
    ) -> Result<Option<Item<T>>, NodeError> {
        let Some(stored) = self.visible(viewer, id)? else { return Ok(None) };
        Ok(item_of(*id, stored))
    }

    /// Every organisation this node holds a log of, by acronym.
    pub fn organisations(&self) -> Result<Vec<Organisation>, NodeError> {
        let mut out = Vec::new();
        for origin in self.store.origins()? {
            out.push(self.organisation(&origin)?);
        }
        out.sort_by_key(|org| org.about.as_ref().map(|a| a.acronym.to_lowercase()));
        Ok(out)
    }

    /// What this node knows of organisation `id` (node records are public by rule of the
    /// protocol: anyone may learn who signs).
    pub fn organisation(&self, id: &NodeId) -> Result<Organisation, NodeError> {
        let records = self.head_of(id)?.map_or(0, |(seq, _)| seq);
        let latest = self.store.latest_of_kind(Kind::Node, id)?;
        let body = match latest {
            Some(latest) => self.store.record(&latest)?.and_then(|s| s.record.body),
            None => None,
        };
        Ok(Organisation { id: *id, about: body.as_ref().and_then(bodies::read), records })
    }

    /// The acronym of organisation `id`, if this node knows it.
    pub fn acronym_of(&self, id: &NodeId) -> Option<String> {
        self.organisation(id).ok()?.about.map(|about| about.acronym)
    }

    /// Every version of the lineage of document `id` this node holds, oldest first; bodies only
    /// where `viewer` may see them.
    pub fn versions(&self, viewer: &Viewer, id: &RecordId) -> Result<Vec<Version>, NodeError> {
        let Some(stored) = self.visible(viewer, id)? else { return Ok(Vec::new()) };
        let root = self.lineage_root(&stored)?;
        let current = self.current_version(&root)?;
        let mut out = Vec::new();
        for version in self.lineage_members(&root)? {
            let Some(stored) = self.store.record(&version)? else { continue };
            if !self.is_settled(&stored.record.header) {
                continue;
            }
            let readable = self.may_see(viewer, &stored.record.header)?;
            out.push(Version {
                id: version,
                created_at: stored.record.header.created_at.clone(),
                body: stored.record.body.as_ref().filter(|_| readable).and_then(bodies::read),
                current: version == current,
                retracted: self.store.retraction_of(&version)?.is_some(),
            });
        }
        out.sort_by(|a, b| a.created_at.cmp(&b.created_at));
        Ok(out)
    }

    /// Every record reachable from `root` through supersessions (`root` included).
    fn lineage_members(&self, root: &RecordId) -> Result<Vec<RecordId>, NodeError> {
        let mut members = vec![*root];
        let mut next = 0;
        while next < members.len() && members.len() < 10_000 {
            for newer in self.store.superseded_by(&members[next])? {
                if !members.contains(&newer) {
                    members.push(newer);
                }
            }
            next += 1;
        }
        Ok(members)
    }

    /// The current version of every language edition of the work document `id` belongs to
    /// (its own lineage included), as `viewer` may see them, by language.
    pub fn editions(
        &self,
        viewer: &Viewer,
        id: &RecordId,
    ) -> Result<Vec<Item<DocumentBody>>, NodeError> {
        let Some(stored) = self.visible(viewer, id)? else { return Ok(Vec::new()) };
        let root = self.lineage_root(&stored)?;
        let work = self.work_of(&root)?;
        let mut lineages = vec![work];
        for version in self.lineage_members(&work)? {
            for reference in self.store.references_to(&version)? {
                if !reference.is("edition_of", Kind::Document) {
                    continue;
                }
                let Some(source) = self.store.record(&reference.source)? else { continue };
                if source.record.header.kind == Kind::Document {
                    let edition = self.lineage_root(&source)?;
                    if !lineages.contains(&edition) {
                        lineages.push(edition);
                    }
                }
            }
        }
        let mut out = Vec::new();
        for lineage in lineages {
            let current = self.current_version(&lineage)?;
            if let Some(item) = self.item::<DocumentBody>(viewer, &current)? {
                out.push(item);
            }
        }
        out.sort_by(|a, b| a.body.language.cmp(&b.body.language));
        Ok(out)
    }

    /// The lineage root of the work a lineage is an edition of (itself when it names none).
    fn work_of(&self, root: &RecordId) -> Result<RecordId, NodeError> {
        for version in self.lineage_members(root)? {
            let body = self.store.record(&version)?.and_then(|s| s.record.body);
            let target =
                body.as_ref().and_then(bodies::read::<DocumentBody>).and_then(|d| d.edition_of);
            if let Some(target) = target
                && let Some(stored) = self.store.record(&target)?
            {
                return self.lineage_root(&stored);
            }
        }
        Ok(*root)
    }

    /// The records of `kind` whose body names `id` in `field`, as `viewer` may see them,
    /// oldest first.
    pub fn referring<T: DeserializeOwned>(
        &self,
        viewer: &Viewer,
        id: &RecordId,
        field: &str,
        kind: Kind,
    ) -> Result<Vec<Item<T>>, NodeError> {
        let mut out = Vec::new();
        for reference in self.store.references_to(id)? {
            if !reference.is(field, kind) {
                continue;
            }
            let Some(stored) = self.visible(viewer, &reference.source)? else { continue };
            if stored.record.header.kind == kind
                && let Some(item) = item_of(reference.source, stored)
            {
                out.push(item);
            }
        }
        out.sort_by(|a: &Item<T>, b| a.created_at.cmp(&b.created_at));
        Ok(out)
    }
}

fn item_of<T: DeserializeOwned>(id: RecordId, stored: StoredRecord) -> Option<Item<T>> {
    let header = stored.record.header;
    let body = bodies::read(stored.record.body.as_ref()?)?;
    Some(Item { id, origin: header.origin, created_at: header.created_at, body })
}

/// When a comment period given as `comment_until` closes: a timestamp as written, a date at the
/// end of that day (UTC).
pub fn closes_at(comment_until: &str) -> Option<OffsetDateTime> {
    if let Some(at) = parse_utc_timestamp(comment_until) {
        return Some(at);
    }
    let day = parse_utc_timestamp(&format!("{comment_until}T00:00:00Z"))?;
    Some(day + time::Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::closes_at;

    #[test]
    fn a_date_closes_at_the_end_of_its_day() {
        let closes = closes_at("2027-01-31").unwrap();
        assert_eq!(closes, closes_at("2027-02-01T00:00:00Z").unwrap());
        assert!(closes_at("31/01/2027").is_none());
    }
}
