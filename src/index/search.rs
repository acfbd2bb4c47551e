//! Running a search: the user's query AND the viewer's audience AND the filters, collected into
//! a page of hits with highlighted snippets, a total and facet counts — all computed over what
//! the viewer may see, so nothing about hidden records leaks through counts or snippets.

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, Count, FacetCollector, FacetCounts, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DateTime, DocAddress, Order, Searcher, TantivyDocument, Term};
use time::OffsetDateTime;

use super::snippet::Highlighter;
use super::{IndexError, SearchIndex, query};

/// Largest page.
pub const MAX_LIMIT: usize = 100;
/// Deepest page (offset + limit).
pub const MAX_DEPTH: usize = 10_000;
/// Facet values reported per dimension.
const FACET_VALUES: usize = 20;
/// Facet dimensions, in response order.
pub const FACETS: [&str; 6] = ["kind", "origin", "lang", "group", "status", "year"];

/// What to search for and how to narrow it.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// Free text (may be empty: everything visible, newest first by score tie).
    pub text: String,
    /// Only this kind.
    pub kind: Option<String>,
    /// Only this origin.
    pub origin: Option<String>,
    /// Only this language (primary subtag).
    pub lang: Option<String>,
    /// Only this working group.
    pub group: Option<String>,
    /// Only this status.
    pub status: Option<String>,
    /// Created at or after.
    pub from: Option<OffsetDateTime>,
    /// Created before.
    pub to: Option<OffsetDateTime>,
    /// Only current versions.
    pub current_only: bool,
    /// Boost this language's fields (the reader's language).
    pub prefer_lang: Option<String>,
    /// Page size.
    pub limit: usize,
    /// Page start.
    pub offset: usize,
    /// Whether to count facets.
    pub facets: bool,
    /// Newest first instead of by relevance.
    pub newest_first: bool,
    /// Soonest first by when what the records describe starts (overrides the others).
    pub soonest_starting: bool,
    /// Only records whose described end is after this time (open consultations, meetings not
    /// over).
    pub ends_after: Option<OffsetDateTime>,
    /// Whether hits carry highlighted snippets (lists that show none skip their cost).
    pub snippets: bool,
}

/// Who is searching, as visibility terms: a record matches if any of its audience terms is here.
#[derive(Debug, Clone)]
pub struct Audience {
    /// Terms such as `public`, `partners`, `node:<id>`, `group:<id>`, `origin:<id>`.
    pub terms: Vec<String>,
}

/// One hit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Hit {
    /// Record id.
    pub id: String,
    /// Kind.
    pub kind: String,
    /// Origin node id.
    pub origin: String,
    /// Title (or name).
    pub title: String,
    /// HTML fragment with `<mark>` around matches; text is escaped.
    pub snippet: String,
    /// Relevance.
    pub score: f32,
    /// RFC 3339 creation time.
    pub created_at: String,
    /// Language (primary subtag).
    pub lang: String,
    /// Document symbol.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    /// False for superseded versions.
    pub current: bool,
    /// The origin's name (its acronym), which the node fills in: the index does not know it.
    #[serde(default)]
    pub origin_name: Option<String>,
}

/// A page of results.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// Matching records the viewer may see.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
    /// Counts per value for kind, origin, lang, group, status and year (empty when not asked).
    pub facets: BTreeMap<String, Vec<FacetValue>>,
}

/// One facet value and its count.
#[derive(Debug, Clone, Serialize)]
pub struct FacetValue {
    /// The value.
    pub value: String,
    /// How many matching records have it.
    pub count: u64,
}

/// What the stored summary of a document holds (see [`super::IndexDoc`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Summary {
    pub kind: String,
    pub origin: String,
    pub title: String,
    pub created_at: String,
    pub lang: String,
    pub field_lang: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
    pub current: bool,
}

/// Whether every live document has `value` in `field` (only answerable without deletions).
fn matches_every_document(searcher: &Searcher, field: Field, value: &str) -> bool {
    let term = Term::from_field_text(field, value);
    searcher.segment_readers().iter().all(|segment| {
        let frequency =
            segment.inverted_index(field).ok().and_then(|index| index.doc_freq(&term).ok());
        segment.num_deleted_docs() == 0 && frequency == Some(segment.max_doc())
    })
}

/// Whether any segment has a term in `field`.
fn holds_text(searcher: &Searcher, field: Field) -> bool {
    searcher.segment_readers().iter().any(|segment| {
        segment.inverted_index(field).is_ok_and(|index| index.terms().num_terms() > 0)
    })
}

fn exact(field: Field, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
}

fn filter(query: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
}

impl SearchIndex {
    /// Searches as `audience`.
    pub fn search(
        &self,
        request: &SearchRequest,
        audience: &Audience,
    ) -> Result<SearchResults, IndexError> {
        let limit = request.limit.clamp(1, MAX_LIMIT);
        if request.offset + limit > MAX_DEPTH {
            return Err(IndexError::BadQuery(format!(
                "results beyond {MAX_DEPTH} are not served; narrow the query"
            )));
        }
        let tokenizers = self.index.tokenizers();
        let prefer = request.prefer_lang.as_deref();
        let searcher = self.reader.searcher();
        let parser = self.parser(&searcher);
        let text_query = query::build(&request.text, &self.fields, &parser, tokenizers, prefer)?;
        let filters = self.filters(&searcher, request, audience);
        // Ranking alone can skip postings (block-max WAND) when the query is a bare disjunction
        // of words; a filter or a phrase makes it visit every candidate anyway.
        let prunable = filters.is_empty() && !positional(text_query.as_ref());
        let query: Box<dyn Query> = if filters.is_empty() {
            text_query
        } else {
            let mut clauses = filters;
            clauses.push((Occur::Must, text_query));
            Box::new(BooleanQuery::new(clauses))
        };
        let facets = request.facets.then(|| {
            let mut collector = FacetCollector::for_field("facets");
            for dimension in FACETS {
                collector.add_facet(format!("/{dimension}").as_str());
            }
            collector
        });
        let top = TopDocs::with_limit(limit).and_offset(request.offset);
        let (top, total, facet_counts) = if request.newest_first {
            let newest = top.order_by_fast_field::<DateTime>("created", Order::Desc);
            let ((top, total), counts) =
                searcher.search(query.as_ref(), &((newest, Count), facets))?;
            (top.into_iter().map(|(_, address)| (0.0, address)).collect(), total, counts)
        } else {
            collect(&searcher, query.as_ref(), prunable, top.order_by_score(), facets)?
        };
        let hits = self.hits(&searcher, query.as_ref(), top, request.snippets)?;
        let facets = facet_counts.map(|counts| facet_map(&counts)).unwrap_or_default();
        Ok(SearchResults { total, hits, facets })
    }

    /// The parser for free text over the searched fields that hold any text: a language no
    /// record uses costs as much to parse and evaluate as one in use, and a word searched in
    /// one field alone is counted from its document frequency instead of by visiting matches.
    fn parser(&self, searcher: &Searcher) -> QueryParser {
        let searched = self.fields.searched();
        let live: Vec<(Field, f32)> =
            searched.iter().copied().filter(|(field, _)| holds_text(searcher, *field)).collect();
        let fields = if live.is_empty() { searched } else { live };
        let mut parser =
            QueryParser::for_index(searcher.index(), fields.iter().map(|(f, _)| *f).collect());
        for (field, boost) in fields {
            parser.set_field_boost(field, boost);
        }
        parser
    }

    /// The clauses that narrow the text query to what the audience may see and the filters ask.
    fn filters(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
        audience: &Audience,
    ) -> Vec<(Occur, Box<dyn Query>)> {
        let fields = &self.fields;
        let mut clauses = Vec::new();
        // A filter every document passes is dropped: intersecting with it costs a seek per match.
        let needed = |field: Field, value: &str| !matches_every_document(searcher, field, value);
        match audience.terms.as_slice() {
            [only] if !needed(fields.audience, only) => {}
            terms => {
                let admitted: Vec<(Occur, Box<dyn Query>)> = terms
                    .iter()
                    .map(|term| (Occur::Should, exact(fields.audience, term)))
                    .collect();
                clauses.push(filter(Box::new(BooleanQuery::new(admitted))));
            }
        }
        let exact_filters = [
            (fields.kind, request.kind.as_deref()),
            (fields.origin, request.origin.as_deref()),
            (fields.lang, request.lang.as_deref()),
            (fields.group, request.group.as_deref()),
            (fields.status, request.status.as_deref()),
            (fields.version, request.current_only.then_some("current")),
        ];
        for (field, value) in exact_filters {
            if let Some(value) = value.filter(|value| needed(field, value)) {
                clauses.push(filter(exact(field, value)));
            }
        }
        if let Some(after) = request.ends_after {
            let after = Term::from_field_date_for_search(fields.ends, DateTime::from_utc(after));
            let range = RangeQuery::new(Bound::Excluded(after), Bound::Unbounded);
            clauses.push(filter(Box::new(range)));
        }
        if request.from.is_some() || request.to.is_some() {
            let bound = |at: Option<OffsetDateTime>, make: fn(Term) -> Bound<Term>| {
                at.map_or(Bound::Unbounded, |at| {
                    make(Term::from_field_date_for_search(fields.created, DateTime::from_utc(at)))
                })
            };
            let range = RangeQuery::new(
                bound(request.from, Bound::Included),
                bound(request.to, Bound::Excluded),
            );
            clauses.push(filter(Box::new(range)));
        }
        clauses
    }

    fn hits(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        top: Vec<(f32, DocAddress)>,
        snippets: bool,
    ) -> Result<Vec<Hit>, IndexError> {
        let mut highlighters: HashMap<String, Highlighter> = HashMap::new();
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("");
            let id = text(self.fields.id).to_owned();
            let summary: Summary = serde_json::from_str(text(self.fields.summary))
                .map_err(|err| IndexError::Corrupt(err.to_string()))?;
            let excerpt = text(self.fields.excerpt);
            let language = summary.field_lang.as_str();
            let snippet = match self.fields.body.get(language).filter(|_| snippets) {
                Some(field) => {
                    if !highlighters.contains_key(language) {
                        let highlighter = Highlighter::new(searcher, query, *field, language)?;
                        highlighters.insert(language.to_owned(), highlighter);
                    }
                    highlighters.get_mut(language).map(|h| h.snippet_html(excerpt))
                }
                None => None,
            };
            hits.push(Hit {
                id,
                kind: summary.kind,
                origin: summary.origin,
                title: summary.title,
                snippet: snippet.unwrap_or_default(),
                score,
                created_at: summary.created_at,
                lang: summary.lang,
                symbol: summary.symbol,
                current: summary.current,
                origin_name: None,
            });
        }
        Ok(hits)
    }
}

type Collected = (Vec<(f32, DocAddress)>, usize, Option<FacetCounts>);

/// Whether `query` checks word positions (has a phrase).
fn positional(query: &dyn Query) -> bool {
    let mut positional = false;
    query.query_terms(&mut |_, positions| positional |= positions);
    positional
}

/// The page, the total and the facet counts of `query`. A `prunable` query is ranked in a pass
/// that skips blocks of postings that cannot reach the page, then counted in a pass that does
/// not score (counting while ranking would score every match); any other visits every
/// candidate anyway, so one pass does all.
fn collect(
    searcher: &Searcher,
    query: &dyn Query,
    prunable: bool,
    top: impl Collector<Fruit = Vec<(f32, DocAddress)>>,
    facets: Option<FacetCollector>,
) -> Result<Collected, IndexError> {
    if !prunable {
        let ((top, total), counts) = searcher.search(query, &((top, Count), facets))?;
        return Ok((top, total, counts));
    }
    let top = searcher.search(query, &top)?;
    let (total, counts) = match facets {
        Some(facets) => {
            let (total, counts) = searcher.search(query, &(Count, facets))?;
            (total, Some(counts))
        }
        None => (searcher.search(query, &Count)?, None),
    };
    Ok((top, total, counts))
}

fn facet_map(counts: &FacetCounts) -> BTreeMap<String, Vec<FacetValue>> {
    let mut map = BTreeMap::new();
    for dimension in FACETS {
        let prefix = format!("/{dimension}");
        let values = counts
            .top_k(prefix.as_str(), FACET_VALUES)
            .into_iter()
            .map(|(facet, count)| {
                let path = facet.to_path();
                FacetValue { value: path.last().map(|s| s.to_string()).unwrap_or_default(), count }
            })
            .collect();
        map.insert(dimension.to_owned(), values);
    }
    map
}
