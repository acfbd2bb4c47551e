//! The webhook outbox: which newly held records deserve a notice (see [`Node::notice_of`]), the
//! signed JSON each notice carries, and the deliveries still owed, kept in the `outbox` tree so
//! a restart loses none. Records are taken in arrival order from a durable cursor, so a
//! follower that lagged behind the node's events, or was stopped, misses nothing. A failed
//! delivery waits 1 s, doubling to 5 min, and is dropped (with a warning) 24 h after it was
//! queued. The HTTP side lives in the wiring (`crate::webhook`); nothing here blocks the writer.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::Node;
use super::error::NodeError;
use super::inbox::InboxItem;
use crate::model::record::format_utc_timestamp;
use crate::model::{Kind, RecordId};
use crate::store::{Batch, Entry, TreeName, encode};

/// What the signature covers before the timestamp and the body.
pub const WEBHOOK_CONTEXT: &str = "plenary-webhook-v1";
/// Key of the outbox's cursor: the highest arrival already judged.
const CURSOR_KEY: &[u8] = b"cursor";
/// Prefix of deliveries: `d` ‖ record id.
const DELIVERY_PREFIX: u8 = b'd';
/// Records judged per pass.
const CHUNK: usize = 500;
/// Deliveries handed out per pass.
const DUE_PER_PASS: usize = 100;
/// First wait after a failure.
const FIRST_RETRY_MS: i64 = 1_000;
/// Longest wait between attempts.
const MAX_RETRY_MS: i64 = 300_000;
/// How long a notice is tried before it is dropped.
const GIVE_UP_AFTER_MS: i64 = 24 * 3_600_000;

/// The JSON a webhook receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notice {
    /// `comment`, `consultation`, `survey` or `invitation`.
    pub event: String,
    /// The record the notice is about.
    pub record: RecordId,
    /// The record's kind.
    pub kind: String,
    /// The organisation that signed it (node id).
    pub origin: String,
    /// Its title (a comment: the document's).
    pub title: String,
    /// Where to read it on this node's portal.
    pub link: String,
    /// When it was signed (RFC 3339).
    pub signed_at: String,
    /// The node sending the notice (whose key signs it).
    pub node: String,
}

/// A delivery owed.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Pending {
    /// The exact body to POST.
    body: String,
    /// When it was queued (Unix ms).
    queued_ms: i64,
    /// Attempts made.
    attempts: u32,
    /// Earliest next attempt (Unix ms).
    due_ms: i64,
}

/// One delivery to attempt now.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// The record the notice is about (the delivery's key).
    pub record: RecordId,
    /// The exact body to POST.
    pub body: Vec<u8>,
    /// Attempts made before this one.
    pub attempts: u32,
}

/// What became of a failed delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Tried again after this many milliseconds.
    After(i64),
    /// Older than 24 h: dropped.
    Dropped,
}

/// The headers that authenticate a notice.
#[derive(Debug, Clone)]
pub struct Signed {
    /// `Plenary-Node`: this node's id.
    pub node: String,
    /// `Plenary-Timestamp`: RFC 3339 UTC.
    pub timestamp: String,
    /// `Plenary-Signature`: unpadded base64url Ed25519 over
    /// `plenary-webhook-v1\n<timestamp>\n<body>`.
    pub signature: String,
}

/// The bytes a webhook signature covers.
pub fn signed_bytes(timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut message = format!("{WEBHOOK_CONTEXT}\n{timestamp}\n").into_bytes();
    message.extend_from_slice(body);
    message
}

/// The wait after `attempts` failures: 1 s doubling, at most 5 min.
pub fn retry_wait_ms(attempts: u32) -> i64 {
    let doublings = attempts.saturating_sub(1).min(20);
    FIRST_RETRY_MS.saturating_mul(1i64 << doublings).min(MAX_RETRY_MS)
}

fn unix_ms(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

fn delivery_key(record: &RecordId) -> Vec<u8> {
    let mut key = vec![DELIVERY_PREFIX];
    key.extend_from_slice(record.as_bytes());
    key
}

fn decode_pending(bytes: &[u8]) -> Result<Pending, NodeError> {
    serde_json::from_slice(bytes).map_err(|err| {
        NodeError::Store(crate::store::StoreError::Corrupt {
            tree: TreeName::Outbox.as_str(),
            reason: err.to_string(),
        })
    })
}

impl Node {
    /// Judges every record that arrived since the outbox's cursor and queues a notice for each
    /// that deserves one; returns how many were queued. The first call on a node starts the
    /// cursor at the newest arrival (a new webhook is not sent the past).
    pub fn queue_notices(&self, now: OffsetDateTime) -> Result<usize, NodeError> {
        let Some(mut cursor) = self.outbox_cursor()? else {
            let mut batch = Batch::default();
            batch.put(TreeName::Outbox, CURSOR_KEY, self.store.last_arrival()?.to_be_bytes());
            self.write(&batch)?;
            return Ok(0);
        };
        let mut queued = 0;
        loop {
            let chunk = self.store.arrivals_after(cursor, CHUNK)?;
            let Some(&(last, _)) = chunk.last() else { return Ok(queued) };
            let mut batch = Batch::default();
            for (_, id) in &chunk {
                if let Some(item) = self.notice_of(id, now)? {
                    let pending = self.pending_of(&item, now)?;
                    batch.put(TreeName::Outbox, delivery_key(id), encode(&pending));
                    queued += 1;
                }
            }
            batch.put(TreeName::Outbox, CURSOR_KEY, last.to_be_bytes());
            self.write(&batch)?;
            cursor = last;
        }
    }

    fn outbox_cursor(&self) -> Result<Option<u64>, NodeError> {
        let bytes = self.store.engine().get(TreeName::Outbox, CURSOR_KEY)?;
        Ok(bytes.and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok()).map(u64::from_be_bytes))
    }

    fn pending_of(&self, item: &InboxItem, now: OffsetDateTime) -> Result<Pending, NodeError> {
        let kind = self.store.record(&item.id)?.map_or(Kind::Node, |s| s.record.header.kind);
        let notice = Notice {
            event: item.kind.as_str().to_owned(),
            record: item.id,
            kind: kind.as_str().to_owned(),
            origin: item.origin.to_string(),
            title: item.title.clone(),
            link: format!("{}{}", self.settings.public_url().trim_end_matches('/'), item.link),
            signed_at: item.signed_at.clone(),
            node: self.id.to_string(),
        };
        let body = serde_json::to_string(&notice)
            .map_err(|err| NodeError::invalid("notice", err.to_string()))?;
        let at = unix_ms(now);
        Ok(Pending { body, queued_ms: at, attempts: 0, due_ms: at })
    }

    /// Deliveries whose time has come, oldest record key first (at most 100 per call).
    pub fn due_deliveries(&self, now: OffsetDateTime) -> Result<Vec<Delivery>, NodeError> {
        let now = unix_ms(now);
        let mut due = Vec::new();
        for (key, value) in self.pending()? {
            let Some(record) = key.get(1..).and_then(|id| <[u8; 32]>::try_from(id).ok()) else {
                continue;
            };
            let pending = decode_pending(&value)?;
            if pending.due_ms <= now && due.len() < DUE_PER_PASS {
                let body = pending.body.into_bytes();
                due.push(Delivery { record: RecordId(record), body, attempts: pending.attempts });
            }
        }
        Ok(due)
    }

    /// Milliseconds until the next delivery is due (0: one is due now), if any is owed.
    pub fn next_delivery_in(&self, now: OffsetDateTime) -> Result<Option<i64>, NodeError> {
        let now = unix_ms(now);
        let mut soonest: Option<i64> = None;
        for (_, value) in self.pending()? {
            let due = decode_pending(&value)?.due_ms;
            soonest = Some(soonest.map_or(due, |s| s.min(due)));
        }
        Ok(soonest.map(|due| due.saturating_sub(now).max(0)))
    }

    /// How many deliveries are owed.
    pub fn deliveries_owed(&self) -> Result<usize, NodeError> {
        Ok(self.pending()?.len())
    }

    fn pending(&self) -> Result<Vec<Entry>, NodeError> {
        let start = [DELIVERY_PREFIX];
        let end = [DELIVERY_PREFIX + 1];
        Ok(self.store.engine().range(TreeName::Outbox, &start, Some(&end), usize::MAX)?)
    }

    /// Forgets a delivery the receiver accepted.
    pub fn delivered(&self, record: &RecordId) -> Result<(), NodeError> {
        let mut batch = Batch::default();
        batch.remove(TreeName::Outbox, delivery_key(record));
        self.write(&batch)
    }

    /// Records a failed attempt: the delivery waits longer, or is dropped 24 h after queueing.
    pub fn delivery_failed(
        &self,
        record: &RecordId,
        now: OffsetDateTime,
    ) -> Result<Retry, NodeError> {
        let key = delivery_key(record);
        let Some(bytes) = self.store.engine().get(TreeName::Outbox, &key)? else {
            return Ok(Retry::Dropped);
        };
        let mut pending = decode_pending(&bytes)?;
        let now = unix_ms(now);
        let mut batch = Batch::default();
        if now.saturating_sub(pending.queued_ms) >= GIVE_UP_AFTER_MS {
            batch.remove(TreeName::Outbox, key);
            self.write(&batch)?;
            return Ok(Retry::Dropped);
        }
        pending.attempts = pending.attempts.saturating_add(1);
        let wait = retry_wait_ms(pending.attempts);
        pending.due_ms = now.saturating_add(wait);
        batch.put(TreeName::Outbox, key, encode(&pending));
        self.write(&batch)?;
        Ok(Retry::After(wait))
    }

    /// Signs a webhook body with this node's key at `now`.
    pub fn sign_webhook(&self, body: &[u8], now: OffsetDateTime) -> Signed {
        let timestamp = format_utc_timestamp(now);
        let signature = self.key.sign(&signed_bytes(&timestamp, body));
        Signed { node: self.id.to_string(), timestamp, signature }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_one_second_doubling_to_five_minutes() {
        let waits: Vec<i64> = (1..=11).map(retry_wait_ms).collect();
        assert_eq!(
            waits,
            [
                1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000,
                300_000
            ]
        );
        assert_eq!(retry_wait_ms(u32::MAX), MAX_RETRY_MS);
    }

    #[test]
    fn the_signature_covers_context_timestamp_and_body() {
        let bytes = signed_bytes("2027-01-01T00:00:00Z", b"{\"a\":1}");
        assert_eq!(bytes, b"plenary-webhook-v1\n2027-01-01T00:00:00Z\n{\"a\":1}");
    }
}
