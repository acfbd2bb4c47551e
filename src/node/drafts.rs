//! The rules an editor's draft is held to before it is published, beyond what `publish` itself
//! checks: which record a new version may start from (this node's own, current, unretracted
//! version of the same kind), what a language edition may point at, and which records a body
//! may name (documents on an agenda, a working group) — each a record the editor may see. The
//! publishing forms ask these questions; so could any other caller.

use serde::de::DeserializeOwned;

use super::catalog::Item;
use super::error::NodeError;
use super::{Node, Viewer};
use crate::model::bodies::{self, DocumentBody};
use crate::model::{Kind, RecordId, Visibility};

/// A version an editor may supersede, with what a new version starts from.
#[derive(Debug, Clone)]
pub struct Revisable<T> {
    /// The version and its body.
    pub item: Item<T>,
    /// Who may see it (the new version keeps it unless the editor changes it).
    pub visibility: Visibility,
}

impl Node {
    /// The version `id` a new version of `kind` may supersede: it must be visible to `viewer`
    /// and of `kind` (else not found), this node's own, the current version of its lineage and
    /// not retracted (else forbidden, saying why).
    pub fn revisable<T: DeserializeOwned>(
        &self,
        viewer: &Viewer,
        id: &RecordId,
        kind: Kind,
    ) -> Result<Revisable<T>, NodeError> {
        let source = self.source_of::<T>(viewer, id, kind)?;
        if source.item.origin != self.id() {
            return Err(NodeError::NotOrigin { action: "supersede", target: *id });
        }
        if self.store.retraction_of(id)?.is_some() {
            return Err(NodeError::Forbidden(format!("{id} is retracted")));
        }
        let current = self.current_version(id)?;
        if current != *id {
            return Err(NodeError::Forbidden(format!(
                "{id} is not the current version; the current version is {current}"
            )));
        }
        Ok(source)
    }

    /// The document a language edition is made from: any document `viewer` may see.
    pub fn edition_source(
        &self,
        viewer: &Viewer,
        id: &RecordId,
    ) -> Result<Revisable<DocumentBody>, NodeError> {
        self.source_of(viewer, id, Kind::Document)
    }

    /// Record `id` with its body read as `T`, if it is of `kind` and `viewer` may see it.
    fn source_of<T: DeserializeOwned>(
        &self,
        viewer: &Viewer,
        id: &RecordId,
        kind: Kind,
    ) -> Result<Revisable<T>, NodeError> {
        let stored = self
            .visible(viewer, id)?
            .filter(|stored| stored.record.header.kind == kind)
            .ok_or_else(|| NodeError::record_not_found(id))?;
        let body = stored.record.body.as_ref().and_then(bodies::read::<T>);
        let body = body.ok_or_else(|| NodeError::record_not_found(id))?;
        let header = stored.record.header;
        Ok(Revisable {
            item: Item { id: *id, origin: header.origin, created_at: header.created_at, body },
            visibility: header.visibility,
        })
    }

    /// Refuses a language edition of `of` in `language` when `of` is not a document `viewer`
    /// may see or is already in that language (an edition is the same work in another one).
    pub fn check_edition(
        &self,
        viewer: &Viewer,
        of: &RecordId,
        language: &str,
    ) -> Result<(), NodeError> {
        let source = self.edition_source(viewer, of).map_err(|_| NodeError::InvalidReference {
            field: "/body/edition_of".into(),
            reason: format!("{of} is not a document you may see"),
        })?;
        if source.item.body.language.eq_ignore_ascii_case(language) {
            return Err(NodeError::InvalidInput {
                field: "/body/language".into(),
                reason: format!(
                    "the original is already in {language}; an edition is in another language"
                ),
            });
        }
        Ok(())
    }

    /// Whether record `id` is of `kind`, held here and visible to `viewer` (a document named on
    /// an agenda, a working group a record belongs to).
    pub fn holds_visible(
        &self,
        viewer: &Viewer,
        id: &RecordId,
        kind: Kind,
    ) -> Result<bool, NodeError> {
        Ok(self.visible(viewer, id)?.is_some_and(|stored| stored.record.header.kind == kind))
    }
}
