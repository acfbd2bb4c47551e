//! The index schema: one title and one body field per analyzed language (and one for all other
//! languages), exact fields for filters and visibility, a facet field, the creation date, and a
//! stored summary and excerpt of each hit so results need no second lookup. Full texts are
//! indexed, not stored: snippets come from the excerpt, which keeps hit rendering cheap.

use std::collections::BTreeMap;

use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use super::analysis::{ANALYZED, OTHER, SYMBOL_ANALYZER, analyzer_name};

/// Every field, by role.
#[derive(Debug, Clone)]
pub struct Fields {
    /// Record id (hex): the key documents are replaced and deleted by.
    pub id: Field,
    /// Record kind.
    pub kind: Field,
    /// Origin node id.
    pub origin: Field,
    /// Language tag's primary subtag (or the detected language).
    pub lang: Field,
    /// Working group record id.
    pub group: Field,
    /// Document status.
    pub status: Field,
    /// `current` or `superseded`.
    pub version: Field,
    /// Visibility terms: `public`, `partners`, `node:<id>`, `group:<id>`, `origin:<id>`.
    pub audience: Field,
    /// Creation time.
    pub created: Field,
    /// When what the record describes begins (a meeting's start).
    pub starts: Field,
    /// When what the record describes ends (a meeting's end, a consultation's close).
    pub ends: Field,
    /// `/kind/…`, `/origin/…`, `/lang/…`, `/group/…`, `/status/…`, `/year/…`.
    pub facets: Field,
    /// The symbol, whole and lowercased, for exact symbol search.
    pub symbol: Field,
    /// JSON summary of the hit (kind, origin, title, created_at, lang, symbol, current).
    pub summary: Field,
    /// The opening of the document's main text (stored, not indexed): the snippet source.
    pub excerpt: Field,
    /// Title fields by language suffix.
    pub title: BTreeMap<&'static str, Field>,
    /// Body fields by language suffix.
    pub body: BTreeMap<&'static str, Field>,
}

/// Every language suffix that has fields: the analyzed ones and [`OTHER`].
pub fn field_languages() -> impl Iterator<Item = &'static str> {
    ANALYZED.into_iter().chain(std::iter::once(OTHER))
}

impl Fields {
    /// Builds the schema and its field handles.
    pub fn build() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let text = |language: &str| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(&analyzer_name(language))
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            TextOptions::default().set_indexing_options(indexing)
        };
        let mut title = BTreeMap::new();
        let mut body = BTreeMap::new();
        for language in field_languages() {
            title.insert(
                language,
                builder.add_text_field(&format!("title_{language}"), text(language)),
            );
            body.insert(
                language,
                builder.add_text_field(&format!("body_{language}"), text(language)),
            );
        }
        let symbol_indexing = TextFieldIndexing::default()
            .set_tokenizer(SYMBOL_ANALYZER)
            .set_index_option(IndexRecordOption::Basic);
        let fields = Fields {
            id: builder.add_text_field("id", STRING | STORED),
            kind: builder.add_text_field("kind", STRING),
            origin: builder.add_text_field("origin", STRING),
            lang: builder.add_text_field("lang", STRING),
            group: builder.add_text_field("group", STRING),
            status: builder.add_text_field("status", STRING),
            version: builder.add_text_field("version", STRING),
            audience: builder.add_text_field("audience", STRING),
            created: builder.add_date_field("created", INDEXED | FAST),
            starts: builder.add_date_field("starts", INDEXED | FAST),
            // Filtered by range only, through its terms: a fast-field range would scan every
            // document's value, where the postings of the few records with an end are small.
            ends: builder.add_date_field("ends", INDEXED),
            facets: builder.add_facet_field("facets", FacetOptions::default()),
            symbol: builder.add_text_field(
                "symbol",
                TextOptions::default().set_indexing_options(symbol_indexing),
            ),
            summary: builder.add_text_field("summary", STORED),
            excerpt: builder.add_text_field("excerpt", STORED),
            title,
            body,
        };
        (builder.build(), fields)
    }

    /// Every text field the free-text query searches, with its boost: the body fields, which
    /// also hold the title. One field per language halves the postings a term query walks
    /// (the title fields remain for `title:` queries), and on the Cranfield, CISI and CACM
    /// judgements it ranks as well as separate unboosted title and body fields and better than
    /// boosting titles (BENCHMARKS.md).
    pub fn searched(&self) -> Vec<(Field, f32)> {
        self.body.values().map(|f| (*f, 1.0)).collect()
    }
}
