//! Bodies a relay withheld: records this node holds header-only although their audience names
//! it (or a working group it may belong to) — a relay outside the audience can pass on only the
//! header. The writer marks such records in the store (`bodiless`) as they arrive and unmarks
//! them when their body arrives or the origin retracts them. The sync layer asks
//! [`Node::bodies_awaited`] for them, fetches each from its origin directly (at the address the
//! origin's signed node record gives) and hands the copy to ingest, which installs the body
//! only if it hashes to the header's `body_hash` and passes the rules, as a new arrival — so
//! the index, the memos and the notices take it up like any news.

use crate::model::{NodeId, RecordId};
use crate::store::{Batch, Store};

use super::Node;
use super::error::NodeError;

/// A record to ask its origin for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Awaited {
    /// Its origin.
    pub origin: NodeId,
    /// Its seq in the origin's log.
    pub seq: u64,
    /// Its id.
    pub id: RecordId,
    /// The origin's address, from its newest node record.
    pub url: String,
}

impl Node {
    /// Up to `limit` records awaiting their body that this node may see now and whose origin
    /// gives an address. Marks that no longer apply (the body arrived, the record is gone, or
    /// the audience no longer admits this node) are dropped on the way.
    pub fn bodies_awaited(&self, limit: usize) -> Result<Vec<Awaited>, NodeError> {
        let mut out = Vec::new();
        for (origin, seq, id) in self.store.bodiless(limit)? {
            let stored = self.store.record(&id)?;
            let admitted = match &stored {
                Some(held) if held.record.body.is_none() => {
                    self.may_see(&super::Viewer::Peer(self.id()), &held.record.header)?
                }
                _ => false,
            };
            if !admitted {
                self.forget_body(&origin, seq)?;
                continue;
            }
            let url = self.organisation(&origin)?.about.and_then(|about| about.url);
            if let Some(url) = url {
                out.push(Awaited { origin, seq, id, url });
            }
        }
        Ok(out)
    }

    /// Stops awaiting the body of `origin`'s record `seq` (its origin withholds it from this
    /// node too).
    pub fn forget_body(&self, origin: &NodeId, seq: u64) -> Result<(), NodeError> {
        let mut batch = Batch::default();
        Store::unstage_bodiless(&mut batch, origin, seq);
        self.store.apply(&batch)?;
        Ok(())
    }

    /// Wakes whoever fetches awaited bodies: a record arrived without its body.
    pub(crate) fn note_bodiless(&self, committed: &super::commit::Committed) {
        if !committed.already_held && committed.record.body.is_none() {
            self.withheld.notify_one();
        }
    }

    /// Resolves when a record may have arrived without its body since the last call.
    pub async fn bodiless_arrived(&self) {
        self.withheld.notified().await;
    }
}
