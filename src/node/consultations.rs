//! Consultations: a document lineage's comment rounds and the comments on each, as a viewer may
//! see them. A round is a version of the lineage that carries `comment_until`; its comments are
//! the `comment` records naming that exact version in `about` (the `references` tree), threaded
//! by `in_reply_to`, each with its organisation, whether its signature verifies and whether it
//! was signed late (at or after the round closed — kept, never dropped). Retracted or withheld
//! comments do not appear; a reply whose parent the viewer cannot see stands at the top level.
//!
//! Built for thousands of comments: each organisation and each audience is looked up once per
//! read, signature checks are remembered by record id (records are immutable), a round's
//! threaded comments are kept per audience until anything new arrives, and threading is
//! linear. Threads nest at most [`MAX_DEPTH`] deep; deeper replies join their ancestor's
//! replies at that depth, so no peer can make a reader recurse without bound.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::Ordering;

use serde::Serialize;
use time::OffsetDateTime;

use super::catalog::closes_at;
use super::error::NodeError;
use super::reads::verify;
use super::{Node, Viewer};
use crate::model::bodies::{self, CommentBody, DocumentBody};
use crate::model::record::{format_utc_timestamp, parse_utc_timestamp};
use crate::model::{Header, Kind, NodeId, Record, RecordId, Visibility};

/// Deepest nesting of replies (a root comment is at depth 0).
pub const MAX_DEPTH: usize = 6;

/// Most signature checks remembered before the memo starts afresh.
const MEMO_ENTRIES: usize = 200_000;

/// A lineage's consultation: its rounds, oldest first.
#[derive(Debug, Clone, Serialize)]
pub struct Consultation {
    /// Every version circulated for comment that the viewer may see.
    pub rounds: Vec<Round>,
}

/// One version circulated for comment.
#[derive(Debug, Clone, Serialize)]
pub struct Round {
    /// The version's record id.
    pub id: RecordId,
    /// When the version was signed (the round opened).
    pub opened_at: String,
    /// Who it was circulated to.
    pub audience: Visibility,
    /// The end of the comment period as written (a date or a timestamp).
    pub comment_until: String,
    /// When the period closes (RFC 3339), when `comment_until` reads as a time.
    pub closes_at: Option<String>,
    /// Whether comments are taken now: the current version, not yet closed.
    pub open: bool,
    /// Whether it is the lineage's current version (else superseded).
    pub current: bool,
    /// Its comments, threaded, oldest first at each level.
    pub comments: Vec<Comment>,
}

/// Who wrote a comment.
#[derive(Debug, Clone, Serialize)]
pub struct OrganisationName {
    /// Full name.
    pub name: String,
    /// Short name.
    pub acronym: String,
}

/// One comment with its replies.
#[derive(Debug, Clone, Serialize)]
pub struct Comment {
    /// Record id.
    pub id: RecordId,
    /// The commenter's node.
    pub origin: NodeId,
    /// Its organisation, when this node knows it.
    pub organisation: Option<OrganisationName>,
    /// When it was signed (RFC 3339).
    pub created_at: String,
    /// Whether its signature and body hash verify.
    pub verified: bool,
    /// Signed at or after the round closed.
    pub late: bool,
    /// The part of the document it is about.
    pub section: Option<String>,
    /// Its language.
    pub language: Option<String>,
    /// The comment.
    pub text: String,
    /// The comment it answers.
    pub in_reply_to: Option<RecordId>,
    /// Answers to it, oldest first.
    pub replies: Vec<Comment>,
}

impl Round {
    /// Its comments in reading order (each followed by its replies) with their depth.
    pub fn in_order(&self) -> Vec<(usize, &Comment)> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, &Comment)> =
            self.comments.iter().rev().map(|c| (0, c)).collect();
        while let Some((depth, comment)) = stack.pop() {
            out.push((depth, comment));
            stack.extend(comment.replies.iter().rev().map(|r| (depth + 1, r)));
        }
        out
    }
}

impl Comment {
    /// The organisation's acronym, or the start of its node id when unknown.
    pub fn acronym(&self) -> String {
        match &self.organisation {
            Some(org) => org.acronym.clone(),
            None => self.origin.to_string().chars().take(8).collect(),
        }
    }
}

/// What consultation reads keep: signature checks by record id (a stored record never
/// changes), and each round's threaded comments per audience until anything new arrives.
#[derive(Debug, Default)]
pub struct ConsultationMemo {
    verified: Mutex<HashMap<RecordId, bool>>,
    rounds: Mutex<HashMap<RoundKey, (Holdings, Vec<Comment>)>>,
}

/// A kept round: its version and the audience it was read for.
type RoundKey = (RecordId, &'static str);

/// What a kept round depends on: the last arrival and this node's durable watermark.
type Holdings = (u64, u64);

/// Most rounds kept before the memo starts afresh.
const MEMO_ROUNDS: usize = 64;

impl ConsultationMemo {
    /// Whether `record` (stored under `id`) verifies, checked once.
    fn check(&self, id: &RecordId, record: &Record) -> bool {
        if let Some(known) = lock(&self.verified).get(id).copied() {
            return known;
        }
        let verified = verify(record);
        let mut memo = lock(&self.verified);
        if memo.len() >= MEMO_ENTRIES {
            memo.clear();
        }
        memo.insert(*id, verified);
        verified
    }

    fn round(&self, key: &RoundKey, holdings: Holdings) -> Option<Vec<Comment>> {
        let memo = lock(&self.rounds);
        memo.get(key).filter(|(kept, _)| *kept == holdings).map(|(_, comments)| comments.clone())
    }

    fn keep(&self, key: RoundKey, holdings: Holdings, comments: &[Comment]) {
        let mut memo = lock(&self.rounds);
        if memo.len() >= MEMO_ROUNDS {
            memo.clear();
        }
        memo.insert(key, (holdings, comments.to_vec()));
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The audience a viewer shares with others (every local user sees what this node is
/// admitted to); peers are not kept.
fn shared_audience(viewer: &Viewer) -> Option<&'static str> {
    match viewer {
        Viewer::Anonymous => Some("anonymous"),
        Viewer::Local(_) => Some("local"),
        Viewer::Peer(_) => None,
    }
}

/// A comment read from the store, before threading.
struct Loose {
    comment: Comment,
    parent: Option<RecordId>,
    /// Its place in this node's arrival order (orders comments signed in the same second).
    arrival: u64,
}

/// What one read looks up once: organisations and whether an audience admits the viewer.
#[derive(Default)]
struct Lookups {
    organisations: HashMap<NodeId, Option<OrganisationName>>,
    audiences: Vec<(NodeId, Visibility, bool)>,
}

impl Node {
    /// The consultation of the lineage document `id` belongs to, as `viewer` may see it
    /// (unknown or invisible record: not found).
    pub fn consultation(&self, viewer: &Viewer, id: &RecordId) -> Result<Consultation, NodeError> {
        let stored = self.visible(viewer, id)?.ok_or_else(|| NodeError::record_not_found(id))?;
        if stored.record.header.kind != Kind::Document {
            return Ok(Consultation { rounds: Vec::new() });
        }
        let now = OffsetDateTime::now_utc();
        let mut lookups = Lookups::default();
        let mut rounds = Vec::new();
        for version in self.versions(viewer, id)? {
            let Some(until) = version.body.as_ref().and_then(|b| b.comment_until.clone()) else {
                continue;
            };
            let Some(header) = self.store.record(&version.id)?.map(|s| s.record.header) else {
                continue;
            };
            let closes = closes_at(&until);
            let comments = self.round_comments(viewer, &version.id, closes, &mut lookups)?;
            rounds.push(Round {
                id: version.id,
                opened_at: header.created_at,
                audience: header.visibility,
                closes_at: closes.map(format_utc_timestamp),
                open: version.current && !version.retracted && closes.is_some_and(|c| now < c),
                current: version.current,
                comment_until: until,
                comments,
            });
        }
        Ok(Consultation { rounds })
    }

    /// Whether document `id` (as `viewer` sees it) is open for comment now.
    pub fn open_round(&self, viewer: &Viewer, id: &RecordId) -> Result<bool, NodeError> {
        let Some(stored) = self.visible(viewer, id)? else { return Ok(false) };
        let body = stored.record.body.as_ref().and_then(bodies::read::<DocumentBody>);
        let closes = body.and_then(|b| b.comment_until).and_then(|until| closes_at(&until));
        let current = self.current_version(id)? == *id;
        let retracted = self.store.retraction_of(id)?.is_some();
        Ok(current && !retracted && closes.is_some_and(|c| OffsetDateTime::now_utc() < c))
    }

    /// The comments on version `round` that `viewer` may see, threaded (kept until anything
    /// new arrives).
    fn round_comments(
        &self,
        viewer: &Viewer,
        round: &RecordId,
        closes: Option<OffsetDateTime>,
        lookups: &mut Lookups,
    ) -> Result<Vec<Comment>, NodeError> {
        let Some(audience) = shared_audience(viewer) else {
            return self.read_round_comments(viewer, round, closes, lookups);
        };
        let holdings = (self.store.last_arrival()?, self.durable_own_seq.load(Ordering::SeqCst));
        let key = (*round, audience);
        if let Some(kept) = self.consultation_memo.round(&key, holdings) {
            return Ok(kept);
        }
        let comments = self.read_round_comments(viewer, round, closes, lookups)?;
        self.consultation_memo.keep(key, holdings, &comments);
        Ok(comments)
    }

    /// The comments on version `round` that `viewer` may see, threaded, read from the store.
    fn read_round_comments(
        &self,
        viewer: &Viewer,
        round: &RecordId,
        closes: Option<OffsetDateTime>,
        lookups: &mut Lookups,
    ) -> Result<Vec<Comment>, NodeError> {
        let mut loose = Vec::new();
        for reference in self.store.references_to(round)? {
            if !reference.is("about", Kind::Comment) {
                continue;
            }
            let source = reference.source;
            let Some(stored) = self.store.record(&source)? else { continue };
            let header = &stored.record.header;
            if header.kind != Kind::Comment
                || !self.is_settled(header)
                || !self.admits_cached(viewer, header, lookups)?
            {
                continue;
            }
            let Some(body) = stored.record.body.as_ref().and_then(bodies::read::<CommentBody>)
            else {
                continue; // withheld or retracted
            };
            let signed = parse_utc_timestamp(&header.created_at);
            let comment = Comment {
                id: source,
                origin: header.origin,
                organisation: self.organisation_cached(&header.origin, lookups),
                created_at: header.created_at.clone(),
                verified: self.consultation_memo.check(&source, &stored.record),
                late: closes.zip(signed).is_some_and(|(closes, signed)| signed >= closes),
                section: body.section,
                language: body.language,
                text: body.text,
                in_reply_to: body.in_reply_to,
                replies: Vec::new(),
            };
            loose.push(Loose { comment, parent: body.in_reply_to, arrival: stored.arrival });
        }
        Ok(thread(loose))
    }

    /// [`Node::may_see`], asked once per origin and audience.
    fn admits_cached(
        &self,
        viewer: &Viewer,
        header: &Header,
        lookups: &mut Lookups,
    ) -> Result<bool, NodeError> {
        let known = lookups.audiences.iter().find(|(origin, visibility, _)| {
            *origin == header.origin && *visibility == header.visibility
        });
        if let Some((_, _, admitted)) = known {
            return Ok(*admitted);
        }
        let admitted = self.may_see(viewer, header)?;
        lookups.audiences.push((header.origin, header.visibility.clone(), admitted));
        Ok(admitted)
    }

    /// The name and acronym of organisation `origin`, looked up once.
    fn organisation_cached(
        &self,
        origin: &NodeId,
        lookups: &mut Lookups,
    ) -> Option<OrganisationName> {
        lookups
            .organisations
            .entry(*origin)
            .or_insert_with(|| {
                let about = self.organisation(origin).ok()?.about?;
                Some(OrganisationName { name: about.name, acronym: about.acronym })
            })
            .clone()
    }
}

/// Threads comments by `in_reply_to`: replies under their parent (oldest first — by signed
/// time, then by arrival), a reply whose
/// parent is not among them at the top level, nesting capped at [`MAX_DEPTH`]. Linear in the
/// number of comments, without recursion.
fn thread(mut loose: Vec<Loose>) -> Vec<Comment> {
    loose.sort_by(|a, b| {
        (&a.comment.created_at, a.arrival).cmp(&(&b.comment.created_at, b.arrival))
    });
    let index: HashMap<RecordId, usize> =
        loose.iter().enumerate().map(|(n, l)| (l.comment.id, n)).collect();
    let parent_of: Vec<Option<usize>> =
        loose.iter().map(|l| l.parent.and_then(|p| index.get(&p).copied())).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); loose.len()];
    let mut roots = Vec::new();
    for (n, parent) in parent_of.iter().enumerate() {
        match parent {
            Some(p) if *p != n => children[*p].push(n),
            _ => roots.push(n),
        }
    }
    // Breadth first from the roots: each comment's depth and the comment it is shown under.
    let mut shown_under: Vec<Option<usize>> = vec![None; loose.len()];
    let mut depth = vec![0usize; loose.len()];
    let mut order: Vec<usize> = roots.clone();
    let mut next = 0;
    while next < order.len() {
        let n = order[next];
        next += 1;
        for &child in &children[n] {
            if depth[n] < MAX_DEPTH {
                shown_under[child] = Some(n);
                depth[child] = depth[n] + 1;
            } else {
                shown_under[child] = shown_under[n];
                depth[child] = depth[n];
            }
            order.push(child);
        }
    }
    assemble(loose, &order, &shown_under)
}

/// Moves each comment under the one it is shown under, deepest first; the rest are the roots.
fn assemble(loose: Vec<Loose>, order: &[usize], shown_under: &[Option<usize>]) -> Vec<Comment> {
    let mut slots: Vec<Option<Comment>> = loose.into_iter().map(|l| Some(l.comment)).collect();
    let mut replies: Vec<Vec<(usize, Comment)>> = vec![Vec::new(); slots.len()];
    for &n in order.iter().rev() {
        let Some(mut comment) = slots.get_mut(n).and_then(Option::take) else { continue };
        let mut own = std::mem::take(&mut replies[n]);
        own.sort_by_key(|(position, _)| *position); // positions follow the sorted order
        comment.replies = own.into_iter().map(|(_, reply)| reply).collect();
        match shown_under[n] {
            Some(parent) => replies[parent].push((n, comment)),
            None => slots[n] = Some(comment),
        }
    }
    // The roots (and anything no root reaches, which only a cycle could make), in time order.
    slots.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loose(n: u8, parent: Option<u8>, at: &str) -> Loose {
        Loose {
            comment: Comment {
                id: RecordId([n; 32]),
                origin: NodeId([1; 32]),
                organisation: None,
                created_at: at.to_owned(),
                verified: true,
                late: false,
                section: None,
                language: None,
                text: format!("comment {n}"),
                in_reply_to: parent.map(|p| RecordId([p; 32])),
                replies: Vec::new(),
            },
            parent: parent.map(|p| RecordId([p; 32])),
            arrival: u64::from(n),
        }
    }

    fn ids(comments: &[Comment]) -> Vec<u8> {
        comments.iter().map(|c| c.id.0[0]).collect()
    }

    #[test]
    fn replies_nest_under_their_parent_in_time_order() {
        let threaded = thread(vec![
            loose(3, Some(1), "2026-01-03T00:00:00Z"),
            loose(1, None, "2026-01-01T00:00:00Z"),
            loose(2, None, "2026-01-02T00:00:00Z"),
            loose(4, Some(1), "2026-01-02T12:00:00Z"),
            loose(5, Some(9), "2026-01-04T00:00:00Z"),
        ]);
        assert_eq!(ids(&threaded), [1, 2, 5], "a reply to an unseen parent stands alone");
        assert_eq!(ids(&threaded[0].replies), [4, 3]);
        assert!(threaded[1].replies.is_empty());
    }

    #[test]
    fn deep_chains_stop_nesting_at_the_cap() {
        let mut chain = vec![loose(0, None, "2026-01-01T00:00:00Z")];
        for n in 1..50u8 {
            chain.push(loose(n, Some(n - 1), &format!("2026-01-01T00:00:{n:02}Z")));
        }
        let threaded = thread(chain);
        assert_eq!(threaded.len(), 1);
        let mut level = &threaded[0];
        let mut depth = 0;
        while let Some(first) = level.replies.first() {
            level = first;
            depth += 1;
        }
        assert_eq!(depth, MAX_DEPTH);
        fn count(c: &[Comment]) -> usize {
            c.iter().map(|c| 1 + count(&c.replies)).sum()
        }
        assert_eq!(count(&threaded), 50, "no comment is lost");
    }
}
