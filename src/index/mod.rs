//! The full-text index (tantivy): the only module that touches tantivy. It knows documents and
//! queries, not records: the node decides what a record's document is (text, language,
//! audience, current or superseded) and hands over [`IndexDoc`]s; this module analyses, stores,
//! commits with a durable position, and searches.
//!
//! Each commit carries a payload `{"schema": N, "indexed_up_to": P, "written_up_to": W}`: the
//! node's arrival position up to which every record is complete in the index, and the highest
//! one whose document may be in it (documents still waiting for file text are written but not
//! complete). It is written atomically with the index content, so after a crash the node catches
//! up from the store after `P`, and adds documents after `W` without looking for old copies.

pub mod analysis;
mod query;
mod schema;
mod search;
mod snippet;
mod stem;

use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::schema::Facet;
use tantivy::{DateTime, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use time::OffsetDateTime;

pub use query::{MAX_NESTING, MAX_QUERY_CHARS, MAX_TERMS};
pub use schema::Fields;
pub use search::{Audience, FacetValue, Hit, SearchRequest, SearchResults};

/// Bumped whenever the schema or analysis changes; an index of another version is rebuilt.
pub const SCHEMA_VERSION: u32 = 5;

/// Threads that analyse documents (tokenising and stemming is the cost of indexing).
pub const INDEXING_THREADS: usize = 2;

/// Bytes of a document's main text kept for snippets.
const EXCERPT_BYTES: usize = 16 * 1024;

/// Why the index refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The query is malformed or too large (the caller's fault).
    #[error("bad query: {0}")]
    BadQuery(String),
    /// tantivy failed.
    #[error("index: {0}")]
    Engine(#[from] tantivy::TantivyError),
    /// The index directory could not be opened.
    #[error("index directory: {0}")]
    Directory(String),
    /// A stored value does not decode.
    #[error("index content does not decode: {0}")]
    Corrupt(String),
}

/// One record's document, as the node derives it.
#[derive(Debug, Clone, Default)]
pub struct IndexDoc {
    /// Record id (hex).
    pub id: String,
    /// Record kind.
    pub kind: String,
    /// Origin node id.
    pub origin: String,
    /// The record's language (primary subtag, or detected; "und" when unknown).
    pub lang: String,
    /// Creation time.
    pub created: Option<OffsetDateTime>,
    /// RFC 3339 creation time as signed.
    pub created_at: String,
    /// When what it describes begins (a meeting's start).
    pub starts: Option<OffsetDateTime>,
    /// When what it describes ends (a meeting's end, a consultation's close).
    pub ends: Option<OffsetDateTime>,
    /// Title or name.
    pub title: String,
    /// Body text by language tag (each goes to that language's field; the first is the main
    /// text, whose language the title shares).
    pub texts: Vec<(String, String)>,
    /// Document symbol.
    pub symbol: Option<String>,
    /// Working group record id.
    pub group: Option<String>,
    /// Document status.
    pub status: Option<String>,
    /// False when another version supersedes it.
    pub current: bool,
    /// Visibility terms (see [`Audience`]).
    pub audience: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Payload {
    schema: u32,
    #[serde(flatten)]
    position: Position,
}

/// How far the index follows the node's arrival order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// Every record up to here is in the index with all its text.
    pub indexed_up_to: u64,
    /// No record after here has a document in the index.
    pub written_up_to: u64,
}

/// An open index with one writer and a reader reloaded after each commit (at once) and after
/// each background merge (by tantivy, within a second).
pub struct SearchIndex {
    index: Index,
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it — or recreating it when it holds another schema
    /// version or cannot be opened, in which case its position is 0 and the node rebuilds it.
    pub fn open(dir: &Path, writer_heap_bytes: usize) -> Result<SearchIndex, IndexError> {
        std::fs::create_dir_all(dir).map_err(|err| IndexError::Directory(err.to_string()))?;
        match Self::open_existing(dir, writer_heap_bytes) {
            Ok(Some(index)) => return Ok(index),
            Ok(None) => {}
            Err(err) => {
                tracing::warn!(error = %err, "index unusable; rebuilding it from the store")
            }
        }
        std::fs::remove_dir_all(dir).map_err(|err| IndexError::Directory(err.to_string()))?;
        std::fs::create_dir_all(dir).map_err(|err| IndexError::Directory(err.to_string()))?;
        let directory =
            MmapDirectory::open(dir).map_err(|err| IndexError::Directory(err.to_string()))?;
        let (schema, _) = Fields::build();
        Self::assemble(Index::create(directory, schema, Default::default())?, writer_heap_bytes)
    }

    fn open_existing(
        dir: &Path,
        writer_heap_bytes: usize,
    ) -> Result<Option<SearchIndex>, IndexError> {
        let directory =
            MmapDirectory::open(dir).map_err(|err| IndexError::Directory(err.to_string()))?;
        if !Index::exists(&directory).map_err(|err| IndexError::Directory(err.to_string()))? {
            return Ok(None);
        }
        let index = Index::open(directory)?;
        let current = payload(&index)?.is_some_and(|p| p.schema == SCHEMA_VERSION);
        let empty_new = index.load_metas()?.payload.is_none();
        if !current && !empty_new {
            return Ok(None);
        }
        Self::assemble(index, writer_heap_bytes).map(Some)
    }

    /// An index in memory (tests and benchmarks).
    pub fn in_memory(writer_heap_bytes: usize) -> Result<SearchIndex, IndexError> {
        let (schema, _) = Fields::build();
        Self::assemble(Index::create_in_ram(schema), writer_heap_bytes)
    }

    fn assemble(index: Index, writer_heap_bytes: usize) -> Result<SearchIndex, IndexError> {
        analysis::register(index.tokenizers());
        analysis::warm_up(index.tokenizers());
        let (_, fields) = Fields::build();
        let reader =
            index.reader_builder().reload_policy(ReloadPolicy::OnCommitWithDelay).try_into()?;
        let writer = background_writer(&index, writer_heap_bytes)?;
        writer.set_merge_policy(live_merge_policy());
        Ok(SearchIndex { index, fields, reader, writer: Mutex::new(writer) })
    }

    /// The committed position (zero for a new index).
    pub fn position(&self) -> Result<Position, IndexError> {
        Ok(payload(&self.index)?.map_or(Position::default(), |p| p.position))
    }

    fn writer(&self) -> Result<std::sync::MutexGuard<'_, IndexWriter>, IndexError> {
        self.writer.lock().map_err(|_| IndexError::Corrupt("index writer poisoned".into()))
    }

    /// Adds or replaces the document of `doc.id`.
    pub fn upsert(&self, doc: &IndexDoc) -> Result<(), IndexError> {
        let writer = self.writer()?;
        writer.delete_term(Term::from_field_text(self.fields.id, &doc.id));
        writer.add_document(self.document(doc)?)?;
        Ok(())
    }

    /// Adds the document of a record known to have none in the index yet (cheaper than
    /// [`SearchIndex::upsert`]: no delete to apply at the next commit).
    pub fn add(&self, doc: &IndexDoc) -> Result<(), IndexError> {
        self.writer()?.add_document(self.document(doc)?)?;
        Ok(())
    }

    /// Removes the document of record `id`.
    pub fn delete(&self, id: &str) -> Result<(), IndexError> {
        self.writer()?.delete_term(Term::from_field_text(self.fields.id, id));
        Ok(())
    }

    /// Removes every document (a rebuild follows).
    pub fn clear(&self) -> Result<(), IndexError> {
        let mut writer = self.writer()?;
        // `delete_all_documents` drops committed segments only: discard uncommitted documents
        // first, or they would be committed beside the rebuilt ones.
        writer.rollback()?;
        writer.delete_all_documents()?;
        drop(writer);
        self.commit(Position::default())
    }

    /// Makes everything written durable with `position`, then shows it to searches.
    pub fn commit(&self, position: Position) -> Result<(), IndexError> {
        let payload = serde_json::to_string(&Payload { schema: SCHEMA_VERSION, position })
            .map_err(|err| IndexError::Corrupt(err.to_string()))?;
        let mut writer = self.writer()?;
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
        drop(writer);
        self.reader.reload()?;
        Ok(())
    }

    /// Bulk mode (a rebuild or a long catch-up) leaves segments unmerged while documents pour
    /// in, for throughput; [`SearchIndex::compact`] then merges them once. Live mode merges as
    /// segments accumulate.
    pub fn set_bulk_mode(&self, bulk: bool) -> Result<(), IndexError> {
        let policy: Box<dyn tantivy::indexer::MergePolicy> =
            if bulk { Box::new(tantivy::indexer::NoMergePolicy) } else { live_merge_policy() };
        self.writer()?.set_merge_policy(policy);
        Ok(())
    }

    /// Merges every segment into one (after a rebuild or a long catch-up); blocks until done.
    pub fn compact(&self) -> Result<(), IndexError> {
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() < 2 {
            return Ok(());
        }
        let merged = self.writer()?.merge(&segments);
        merged.wait()?;
        self.reader.reload()?;
        Ok(())
    }

    /// Shows searches the index as last committed or merged.
    pub fn refresh(&self) -> Result<(), IndexError> {
        self.reader.reload()?;
        Ok(())
    }

    /// Number of segments searches visit (diagnostics).
    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// Which committed (or merged) state searches see now: it changes whenever what a search
    /// can find may have changed.
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    /// Number of documents visible to searches.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// The analyzers' terms for `text` in `language` (diagnostics and tests).
    pub fn analyze(&self, language: &str, text: &str) -> Vec<String> {
        analysis::terms(self.index.tokenizers(), &analysis::analyzer_name(language), text)
    }

    fn document(&self, doc: &IndexDoc) -> Result<TantivyDocument, IndexError> {
        let fields = &self.fields;
        let mut out = TantivyDocument::default();
        // The title is analysed like the main text (whose tag the node chose), else by its
        // record's language.
        let title_language =
            analysis::field_language(doc.texts.first().map_or(&doc.lang, |(l, _)| l));
        out.add_text(fields.id, &doc.id);
        out.add_text(fields.title[title_language], &doc.title);
        out.add_text(fields.body[title_language], &doc.title);
        for (language, text) in &doc.texts {
            out.add_text(fields.body[analysis::field_language(language)], text);
        }
        out.add_text(fields.excerpt, excerpt(&doc.texts));
        self.add_exact(&mut out, doc);
        let dates =
            [(fields.created, doc.created), (fields.starts, doc.starts), (fields.ends, doc.ends)];
        for (field, at) in dates {
            if let Some(at) = at {
                out.add_date(field, DateTime::from_utc(at));
            }
        }
        let summary = search::Summary {
            kind: doc.kind.clone(),
            origin: doc.origin.clone(),
            title: doc.title.clone(),
            created_at: doc.created_at.clone(),
            lang: doc.lang.clone(),
            field_lang: doc
                .texts
                .first()
                .map_or(title_language, |(l, _)| analysis::field_language(l))
                .to_owned(),
            symbol: doc.symbol.clone(),
            current: doc.current,
        };
        out.add_text(
            fields.summary,
            serde_json::to_string(&summary).map_err(|err| IndexError::Corrupt(err.to_string()))?,
        );
        Ok(out)
    }

    fn add_exact(&self, out: &mut TantivyDocument, doc: &IndexDoc) {
        let fields = &self.fields;
        let version = if doc.current { "current" } else { "superseded" };
        let dimensions = [
            ("kind", fields.kind, Some(doc.kind.as_str())),
            ("origin", fields.origin, Some(doc.origin.as_str())),
            ("lang", fields.lang, Some(doc.lang.as_str())),
            ("group", fields.group, doc.group.as_deref()),
            ("status", fields.status, doc.status.as_deref()),
        ];
        for (name, field, value) in dimensions {
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                out.add_text(field, value);
                out.add_facet(fields.facets, Facet::from_path([name, value]));
            }
        }
        if let Some(created) = doc.created {
            out.add_facet(fields.facets, Facet::from_path(["year", &created.year().to_string()]));
        }
        out.add_text(fields.version, version);
        for term in &doc.audience {
            out.add_text(fields.audience, term);
        }
        if let Some(symbol) = &doc.symbol {
            out.add_text(fields.symbol, symbol);
        }
    }
}

/// The opening of all texts (main text first, then files), at most [`EXCERPT_BYTES`].
fn excerpt(texts: &[(String, String)]) -> String {
    let mut out = String::new();
    for (_, text) in texts {
        if out.len() >= EXCERPT_BYTES {
            break;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let room = EXCERPT_BYTES.saturating_sub(out.len());
        out.push_str(&text[..floor_char_boundary(text, room)]);
    }
    out
}

/// The largest index ≤ `at` that is a character boundary of `text`.
fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0)
}

/// Niceness of the threads that analyse and merge documents: on a busy node, acknowledging
/// writes and answering searches come first and the index catches up after.
pub const INDEXING_NICENESS: i32 = 10;

/// Lowers the calling thread's priority to [`INDEXING_NICENESS`]. Linux niceness is per thread
/// and inherited by the threads a thread starts — tantivy starts its analysing and merging
/// threads from the thread that creates the writer or commits — so every thread that writes
/// the index calls this first.
pub fn lower_current_thread_priority() {
    if let Err(err) = rustix::process::setpriority_process(None, INDEXING_NICENESS) {
        tracing::warn!(error = %err, "cannot lower the indexing threads' priority");
    }
}

/// Creates the index writer from a thread with lowered priority (see
/// [`lower_current_thread_priority`]).
fn background_writer(index: &Index, heap_bytes: usize) -> Result<IndexWriter, IndexError> {
    std::thread::scope(|scope| {
        let created = scope.spawn(|| {
            lower_current_thread_priority();
            index.writer_with_num_threads(INDEXING_THREADS, heap_bytes)
        });
        created
            .join()
            .map_err(|_| IndexError::Corrupt("index writer creation panicked".into()))?
            .map_err(IndexError::from)
    })
}

/// tantivy's log merge policy (segments of a size are merged once eight accumulate): merging
/// sooner made queries slightly faster but took a quarter of the CPU during write bursts.
fn live_merge_policy() -> Box<dyn tantivy::indexer::MergePolicy> {
    Box::new(tantivy::merge_policy::LogMergePolicy::default())
}

fn payload(index: &Index) -> Result<Option<Payload>, IndexError> {
    let metas = index.load_metas()?;
    Ok(metas.payload.as_deref().and_then(|p| serde_json::from_str(p).ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, text: &str) -> IndexDoc {
        IndexDoc {
            id: id.into(),
            kind: "document".into(),
            origin: "o".into(),
            lang: "en".into(),
            title: title.into(),
            texts: vec![("en".into(), text.into())],
            current: true,
            audience: vec!["public".into()],
            ..Default::default()
        }
    }

    fn search(index: &SearchIndex, text: &str) -> Vec<String> {
        let request = SearchRequest { text: text.into(), limit: 10, ..Default::default() };
        let audience = Audience { terms: vec!["public".into()] };
        index.search(&request, &audience).unwrap().hits.into_iter().map(|h| h.id).collect()
    }

    #[test]
    fn phrases_match_in_order_only() {
        let index = SearchIndex::in_memory(32 << 20).unwrap();
        index
            .upsert(&doc("a", "Consultation", "Consulting the public on draft regulations."))
            .unwrap();
        index.upsert(&doc("b", "Other", "Regulations that are not a draft.")).unwrap();
        let position = Position { indexed_up_to: 2, written_up_to: 2 };
        index.commit(position).unwrap();
        assert_eq!(search(&index, "\"draft regulations\""), ["a"]);
        assert_eq!(index.position().unwrap(), position);
    }

    // Regression: clearing must also drop documents written since the last commit.
    #[test]
    fn clear_drops_uncommitted_documents_too() {
        let index = SearchIndex::in_memory(32 << 20).unwrap();
        index.add(&doc("a", "Committed", "Quinoa one.")).unwrap();
        index.commit(Position { indexed_up_to: 1, written_up_to: 1 }).unwrap();
        index.add(&doc("b", "Uncommitted", "Quinoa two.")).unwrap();
        index.clear().unwrap();
        index.add(&doc("a", "Committed", "Quinoa one.")).unwrap();
        index.commit(Position { indexed_up_to: 1, written_up_to: 1 }).unwrap();
        assert_eq!(search(&index, "quinoa"), ["a"]);
    }
}
