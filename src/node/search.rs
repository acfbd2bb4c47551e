//! Search for a viewer: the viewer's audience (the visibility terms they are admitted to) goes
//! into the query itself, so hits, totals, facets and snippets only ever cover what they may see.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;

use serde::Serialize;

use super::documents::LOCAL_AUDIENCE;
use super::error::NodeError;
use super::{Node, Viewer};
use crate::index::{Audience, FacetValue, Hit, SearchRequest};
use crate::model::{Kind, NodeId, RecordId};

/// A page of search results with the publishing node's name on each hit.
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage {
    /// Matching records the viewer may see.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
    /// Counts per value for kind, origin, lang, group and status.
    pub facets: std::collections::BTreeMap<String, Vec<FacetValue>>,
}

/// What every search looks up in the store — the working groups admitting the viewer's node
/// and the names of the hits' origins — kept while the store is unchanged (a node with many
/// working groups would otherwise read and decode every group record for every query).
#[derive(Debug, Default)]
pub(crate) struct SearchMemo(Mutex<Memo>);

#[derive(Debug, Default)]
struct Memo {
    /// The store's last arrival when these were read.
    arrival: u64,
    groups: HashMap<NodeId, Vec<RecordId>>,
    names: HashMap<String, Option<String>>,
}

impl SearchMemo {
    /// Runs `f` on the memo, emptied first if the store has changed since it was filled.
    fn with<T>(&self, arrival: u64, f: impl FnOnce(&mut Memo) -> T) -> T {
        let mut memo = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if memo.arrival != arrival {
            *memo = Memo { arrival, ..Memo::default() };
        }
        f(&mut memo)
    }

    /// The value `map` holds for `key`, else `compute`d and remembered.
    fn get_or<K: Eq + Hash + Clone, V: Clone>(
        &self,
        arrival: u64,
        map: fn(&mut Memo) -> &mut HashMap<K, V>,
        key: &K,
        compute: impl FnOnce() -> Result<V, NodeError>,
    ) -> Result<V, NodeError> {
        if let Some(known) = self.with(arrival, |memo| map(memo).get(key).cloned()) {
            return Ok(known);
        }
        let value = compute()?;
        self.with(arrival, |memo| map(memo).insert(key.clone(), value.clone()));
        Ok(value)
    }
}

impl Node {
    /// Searches what `viewer` may see.
    pub fn search(
        &self,
        viewer: &Viewer,
        request: &SearchRequest,
    ) -> Result<SearchPage, NodeError> {
        let arrival = self.store.last_arrival()?;
        let audience = self.audience(viewer, arrival)?;
        let results = self.index.search(request, &audience)?;
        let mut hits = results.hits;
        for hit in &mut hits {
            let origin = &hit.origin;
            hit.origin_name = self.search_memo.get_or(
                arrival,
                |memo| &mut memo.names,
                origin,
                || self.origin_name(origin),
            )?;
        }
        Ok(SearchPage { total: results.total, hits, facets: results.facets })
    }

    /// The visibility terms `viewer` is admitted to, with the store at `arrival`.
    fn audience(&self, viewer: &Viewer, arrival: u64) -> Result<Audience, NodeError> {
        let (node, mut terms) = match viewer {
            Viewer::Anonymous => return Ok(Audience { terms: vec!["public".into()] }),
            Viewer::Local(_) => (self.id, vec![LOCAL_AUDIENCE.to_owned()]),
            Viewer::Peer(node) => {
                let terms = [
                    "public".to_owned(),
                    "partners".to_owned(),
                    format!("node:{node}"),
                    format!("origin:{node}"),
                ];
                (*node, terms.to_vec())
            }
        };
        let groups = self.search_memo.get_or(
            arrival,
            |memo| &mut memo.groups,
            &node,
            || self.groups_admitting(&node),
        )?;
        terms.extend(groups.into_iter().map(|g| format!("group:{g}")));
        Ok(Audience { terms })
    }

    /// Every working-group record id (any version) whose group admits `node`.
    fn groups_admitting(&self, node: &NodeId) -> Result<Vec<RecordId>, NodeError> {
        let mut admitted = Vec::new();
        for origin in self.store.origins()? {
            for (_, id) in self.store.kind_after(Kind::WorkingGroup, &origin, 0, usize::MAX)? {
                if self.group_members(&id)?.contains(node) {
                    admitted.push(id);
                }
            }
        }
        Ok(admitted)
    }

    /// The terms the index makes of `text` in `language` (diagnostics and tests).
    pub fn analyze(&self, language: &str, text: &str) -> Vec<String> {
        self.index.analyze(language, text)
    }

    fn origin_name(&self, origin: &str) -> Result<Option<String>, NodeError> {
        let Ok(origin) = origin.parse::<NodeId>() else { return Ok(None) };
        let Some(id) = self.store.latest_of_kind(Kind::Node, &origin)? else { return Ok(None) };
        let body = self.store.record(&id)?.and_then(|stored| stored.record.body);
        Ok(body.and_then(|b| b.get("acronym").and_then(|a| a.as_str()).map(str::to_owned)))
    }
}
