//! Search for a viewer: the viewer's audience (the visibility terms they are admitted to) goes
//! into the query itself, so hits, totals, facets and snippets only ever cover what they may see.

use std::collections::HashMap;

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

impl Node {
    /// Searches what `viewer` may see.
    pub fn search(
        &self,
        viewer: &Viewer,
        request: &SearchRequest,
    ) -> Result<SearchPage, NodeError> {
        let audience = self.audience(viewer)?;
        let results = self.index.search(request, &audience)?;
        let mut names: HashMap<String, Option<String>> = HashMap::new();
        let mut hits = results.hits;
        for hit in &mut hits {
            hit.origin_name = match names.get(&hit.origin) {
                Some(name) => name.clone(),
                None => {
                    let name = self.origin_name(&hit.origin)?;
                    names.insert(hit.origin.clone(), name.clone());
                    name
                }
            };
        }
        Ok(SearchPage { total: results.total, hits, facets: results.facets })
    }

    /// The visibility terms `viewer` is admitted to.
    fn audience(&self, viewer: &Viewer) -> Result<Audience, NodeError> {
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
        terms.extend(self.groups_admitting(&node)?.into_iter().map(|g| format!("group:{g}")));
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
