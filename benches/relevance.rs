//! Search relevance on the classic test collections (Cranfield, CISI, CACM) from the shared
//! corpus, for `plenary::index` against plain tantivy (default analyzer, BM25, no boosts) on the
//! same documents and the same queries in the same run: MAP over the top 1000, nDCG@10 (graded
//! where the collection has grades), P@10 and the indexing time of both. After the main table it
//! runs diagnostic variants — plain tantivy indexes configured like ours (a replica that must
//! reproduce ours' top 10) with one thing changed: the title boost, the per-language fields,
//! stemming, ASCII folding, one combined field, query length, repeated query words — to show what
//! in `src/index` moves relevance and by how much.
//!
//! `PLENARY_CORPUS=/path/to/shared/corpus cargo bench --bench relevance` (full), or with
//! `-- --smoke` (the first 10 queries of each collection, all documents; for CI).
//!
//! Decisions (also printed with the results):
//! - Cranfield grades 1..4 are relevant with gain `5 - grade` (1 = complete answer → 4); the 225
//!   grade −1 lines are undocumented and treated as not relevant (unjudged). Cranfield queries
//!   are numbered 1..225 in file order, as the qrels number them, not by their `.I`.
//! - CISI and CACM judgements are binary (gain 1); CACM's closing `.I 0` sentinel is skipped.
//! - A query is its `.T` and `.W` text. Only queries with at least one relevant document count.
//! - Sanitising, identical for every system: every character that is not a letter, digit or
//!   whitespace becomes a space, the text is lowercased, the words and/or/not are dropped (so no
//!   query operator survives in any case), and the query is cut to its first `MAX_TERMS` words
//!   and `MAX_QUERY_CHARS` characters, the most `SearchIndex::search` accepts (it refuses longer
//!   queries: 29 of CISI's 76 judged queries and 2 of CACM's 52 are longer). Variants run the
//!   uncut queries.
//! - Depth 1000: ours is paged 100 at a time (`MAX_LIMIT`), well inside its 10 000 depth cap.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use plenary::index::{
    Audience, Fields, IndexDoc, MAX_QUERY_CHARS, MAX_TERMS, SearchIndex, SearchRequest, analysis,
};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TEXT, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

/// Results evaluated per query (MAP depth).
const DEPTH: usize = 1000;
/// Page size for `SearchIndex::search` (its `MAX_LIMIT`).
const PAGE: usize = 100;
/// Rank cut-off of nDCG and precision.
const CUTOFF: usize = 10;
/// Queries per collection in smoke mode.
const SMOKE_QUERIES: usize = 10;
/// Writer heap of every index in this benchmark.
const WRITER_HEAP: usize = 64 << 20;

/// One SMART-format record: `.I` id, `.T` title, `.W` text (other fields ignored).
#[derive(Debug, Default)]
struct Record {
    id: u32,
    title: String,
    text: String,
}

/// How a collection numbers its queries in the judgements.
#[derive(Clone, Copy)]
enum QueryIds {
    /// 1, 2, 3 … in file order (Cranfield: its `.I` numbers are not what the qrels use).
    FileOrder,
    /// The `.I` number.
    Declared,
}

/// Where a collection lives and how to read it.
struct Spec {
    name: &'static str,
    dir: &'static str,
    docs: &'static str,
    queries: &'static str,
    qrels: &'static str,
    query_ids: QueryIds,
    /// The gain of a judgement line's third column, `None` when it does not count as relevant.
    gain: fn(&str) -> Option<f64>,
    graded: bool,
    /// Documents, queries, judged queries (parser sanity check).
    expected: (usize, usize, usize),
}

fn cranfield_gain(grade: &str) -> Option<f64> {
    match grade.parse::<i32>() {
        Ok(grade @ 1..=4) => Some(f64::from(5 - grade)),
        _ => None,
    }
}

fn binary_gain(_: &str) -> Option<f64> {
    Some(1.0)
}

const SPECS: [Spec; 3] = [
    Spec {
        name: "Cranfield",
        dir: "cranfield",
        docs: "cran.all.1400",
        queries: "cran.qry",
        qrels: "cranqrel",
        query_ids: QueryIds::FileOrder,
        gain: cranfield_gain,
        graded: true,
        expected: (1400, 225, 225),
    },
    Spec {
        name: "CISI",
        dir: "cisi",
        docs: "CISI.ALL",
        queries: "CISI.QRY",
        qrels: "CISI.REL",
        query_ids: QueryIds::Declared,
        gain: binary_gain,
        graded: false,
        expected: (1460, 112, 76),
    },
    Spec {
        name: "CACM",
        dir: "cacm",
        docs: "cacm.all",
        queries: "query.text",
        qrels: "qrels.text",
        query_ids: QueryIds::Declared,
        gain: binary_gain,
        graded: false,
        expected: (3204, 64, 52),
    },
];

/// Parses a SMART file: `.I n` starts a record, `.T` and `.W` start the fields kept (repeated
/// fields are appended), any other `.X` marker starts a field that is skipped.
fn parse_smart(text: &str) -> Vec<Record> {
    #[derive(PartialEq)]
    enum Target {
        Title,
        Text,
        Skip,
    }
    let mut records: Vec<Record> = Vec::new();
    let mut into = Target::Skip;
    for line in text.lines() {
        let mut chars = line.chars();
        let marker = match (chars.next(), chars.next(), chars.next()) {
            (Some('.'), Some(c), None) if c.is_ascii_uppercase() => Some(c),
            (Some('.'), Some(c), Some(s)) if c.is_ascii_uppercase() && s.is_whitespace() => Some(c),
            _ => None,
        };
        match marker {
            Some('I') => {
                let id = line[2..].trim().parse().expect("a .I line without a number");
                records.push(Record { id, ..Record::default() });
                into = Target::Skip;
            }
            Some('T') => into = Target::Title,
            Some('W') => into = Target::Text,
            Some(_) => into = Target::Skip,
            None => {
                let Some(record) = records.last_mut() else { continue };
                let field = match into {
                    Target::Title => &mut record.title,
                    Target::Text => &mut record.text,
                    Target::Skip => continue,
                };
                field.push_str(line);
                field.push('\n');
            }
        }
    }
    for record in &mut records {
        record.title = record.title.trim().to_owned();
        record.text = record.text.trim().to_owned();
    }
    records
}

/// Judgements: query number → document number → gain (relevant documents only).
type Qrels = HashMap<u32, HashMap<u32, f64>>;

fn parse_qrels(text: &str, gain: fn(&str) -> Option<f64>) -> Qrels {
    let mut qrels = Qrels::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let columns: Vec<&str> = line.split_whitespace().collect();
        let number = |i: usize| -> u32 {
            columns[i].parse().unwrap_or_else(|_| panic!("bad judgement line {line:?}"))
        };
        let (query, doc) = (number(0), number(1));
        if let Some(gain) = gain(columns.get(2).copied().unwrap_or_default()) {
            qrels.entry(query).or_default().insert(doc, gain);
        }
    }
    qrels
}

/// A query as every system receives it.
struct Query {
    number: u32,
    /// Sanitised and cut to what `SearchIndex::search` accepts.
    text: String,
    /// Sanitised, not cut.
    full: String,
}

/// Letters, digits and whitespace only, lowercase, without the words and/or/not. Returns the
/// sanitised words.
fn sanitise(text: &str) -> Vec<String> {
    let kept: String = text
        .chars()
        .map(|c| if c.is_alphanumeric() || c.is_whitespace() { c } else { ' ' })
        .collect();
    kept.to_lowercase()
        .split_whitespace()
        .filter(|w| !matches!(*w, "and" | "or" | "not"))
        .map(str::to_owned)
        .collect()
}

/// The first `MAX_TERMS` words, and no more than `MAX_QUERY_CHARS` characters.
fn cut(words: &[String]) -> String {
    let mut out = String::new();
    for word in words.iter().take(MAX_TERMS) {
        if out.chars().count() + 1 + word.chars().count() > MAX_QUERY_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// One collection, read and checked.
struct Collection {
    spec: &'static Spec,
    docs: Vec<Record>,
    /// Queries with at least one relevant document (in smoke mode, among the first 10).
    queries: Vec<Query>,
    qrels: Qrels,
    parsed_queries: usize,
    judged_queries: usize,
    cut_queries: usize,
}

fn load(root: &Path, spec: &'static Spec, smoke: bool) -> Result<Collection, String> {
    let read = |file: &str| {
        let path = root.join(spec.dir).join(file);
        std::fs::read_to_string(&path).map_err(|err| format!("{}: {err}", path.display()))
    };
    let docs = parse_smart(&read(spec.docs)?);
    let mut raw_queries = parse_smart(&read(spec.queries)?);
    // CACM's query file ends with an empty `.I 0` sentinel.
    raw_queries.retain(|q| !(q.id == 0 && q.title.is_empty() && q.text.is_empty()));
    let qrels = parse_qrels(&read(spec.qrels)?, spec.gain);
    let mut queries = Vec::new();
    let mut judged_queries = 0;
    let mut cut_queries = 0;
    for (position, raw) in raw_queries.iter().enumerate() {
        let number = match spec.query_ids {
            QueryIds::FileOrder => u32::try_from(position + 1).expect("query count fits u32"),
            QueryIds::Declared => raw.id,
        };
        if qrels.get(&number).is_none_or(HashMap::is_empty) {
            continue;
        }
        judged_queries += 1;
        if smoke && position >= SMOKE_QUERIES {
            continue;
        }
        let words = sanitise(&format!("{}\n{}", raw.title, raw.text));
        let text = cut(&words);
        let full = words.join(" ");
        if text != full {
            cut_queries += 1;
        }
        queries.push(Query { number, text, full });
    }
    let found = (docs.len(), raw_queries.len(), judged_queries);
    if found != spec.expected {
        return Err(format!(
            "{}: parsed (documents, queries, judged queries) = {found:?}, expected {:?}",
            spec.name, spec.expected
        ));
    }
    Ok(Collection {
        spec,
        docs,
        queries,
        qrels,
        parsed_queries: raw_queries.len(),
        judged_queries,
        cut_queries,
    })
}

/// Document numbers, best first, for each query, and what producing them cost.
struct Run {
    index_time: Duration,
    search_time: Duration,
    rankings: Vec<Vec<u32>>,
}

/// The system under test: `plenary::index::SearchIndex`, paged through `search` to `DEPTH`.
fn run_ours(docs: &[Record], queries: &[&str]) -> Run {
    let index = SearchIndex::in_memory(WRITER_HEAP).expect("in-memory index");
    let start = Instant::now();
    for doc in docs {
        let doc = IndexDoc {
            id: doc.id.to_string(),
            kind: "document".into(),
            origin: "eval".into(),
            lang: "en".into(),
            title: doc.title.clone(),
            texts: vec![("en".into(), doc.text.clone())],
            current: true,
            audience: vec!["public".into()],
            ..Default::default()
        };
        index.upsert(&doc).expect("upsert");
    }
    let position = docs.len() as u64;
    let position = plenary::index::Position { indexed_up_to: position, written_up_to: position };
    index.commit(position).expect("commit");
    let index_time = start.elapsed();
    assert_eq!(index.num_docs(), docs.len() as u64, "every document is searchable");
    let audience = Audience { terms: vec!["public".into()] };
    let start = Instant::now();
    let rankings = queries
        .iter()
        .map(|text| {
            let mut ranking = Vec::new();
            if text.is_empty() {
                return ranking;
            }
            for offset in (0..DEPTH).step_by(PAGE) {
                let request = SearchRequest {
                    text: (*text).to_owned(),
                    limit: PAGE,
                    offset,
                    facets: false,
                    ..Default::default()
                };
                let results = index
                    .search(&request, &audience)
                    .unwrap_or_else(|err| panic!("ours refused {text:?}: {err}"));
                let page = results.hits.len();
                ranking.extend(results.hits.iter().map(|h| h.id.parse::<u32>().expect("doc id")));
                if page < PAGE || offset + PAGE >= results.total {
                    break;
                }
            }
            ranking
        })
        .collect();
    Run { index_time, search_time: start.elapsed(), rankings }
}

/// How a plain tantivy index is laid out.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    /// `title` and `body`, one analyzer.
    TwoFields,
    /// Title and body together in `body`, the only field searched.
    OneField,
    /// plenary's own schema (`Fields::build`, a title and a body field per language) with
    /// plenary's analyzers; documents fill `title_en` and `body_en`, and with `title_in_body`
    /// the title goes into `body_en` too and only the body fields are searched, as
    /// `SearchIndex` does.
    Plenary,
}

/// A plain tantivy configuration: the baseline or a diagnostic variant.
struct Variant {
    label: &'static str,
    layout: Layout,
    /// Tokenizer of the fields (`TwoFields` and `OneField` only): tantivy's `default` or `en_stem`, or
    /// plenary's `plenary_en`.
    analyzer: &'static str,
    title_boost: f32,
    /// Run the uncut sanitised queries instead of the ones cut to the query limits.
    full_queries: bool,
    /// Say each distinct query word once, boosted by how often the query repeats it (tantivy's
    /// parser otherwise counts a repeated word once).
    term_counts: bool,
    /// `Plenary` layout: the title is indexed in the body field too, and only bodies searched.
    title_in_body: bool,
}

const BASELINE: Variant = Variant {
    label: "baseline: plain tantivy (`default` analyzer, BM25, no boosts)",
    layout: Layout::TwoFields,
    analyzer: "default",
    title_boost: 1.0,
    full_queries: false,
    term_counts: false,
    title_in_body: false,
};

const REPLICA: Variant = Variant {
    label: "replica of ours (plenary schema + analyzers, title inside the body field, repeated words counted)",
    layout: Layout::Plenary,
    analyzer: "plenary_en",
    title_boost: 1.0,
    full_queries: false,
    term_counts: true,
    title_in_body: true,
};

/// Ours with separate title and body fields and repeats ignored, as the first versions were.
const SEPARATE: Variant = Variant { title_in_body: false, term_counts: false, ..REPLICA };

const VARIANTS: [Variant; 17] = [
    REPLICA,
    Variant {
        label: "separate title and body fields, title ×3 (first version)",
        title_boost: 3.0,
        ..SEPARATE
    },
    Variant { label: "separate fields, title ×2", title_boost: 2.0, ..SEPARATE },
    Variant { label: "separate fields, title ×1.5", title_boost: 1.5, ..SEPARATE },
    Variant { label: "separate fields, title ×1 (second version)", ..SEPARATE },
    Variant { label: "separate fields, title ×0.5", title_boost: 0.5, ..SEPARATE },
    Variant { label: "separate fields, title ×0.25", title_boost: 0.25, ..SEPARATE },
    Variant {
        label: "one field, title + body together (`plenary_en`)",
        layout: Layout::OneField,
        ..REPLICA
    },
    Variant {
        label: "one field, title + body together (`default`)",
        layout: Layout::OneField,
        ..BASELINE
    },
    Variant {
        label: "ours without the other-language fields (2 fields, `plenary_en`)",
        layout: Layout::TwoFields,
        ..REPLICA
    },
    Variant {
        label: "ours without ASCII folding (2 fields, tantivy `en_stem`)",
        layout: Layout::TwoFields,
        analyzer: "en_stem",
        ..REPLICA
    },
    Variant {
        label: "ours without stemming (2 fields, `default`)",
        layout: Layout::TwoFields,
        ..BASELINE
    },
    Variant { label: "baseline, uncut queries", full_queries: true, ..BASELINE },
    Variant { label: "baseline, repeated query words boosted", term_counts: true, ..BASELINE },
    Variant {
        label: "ours without counting repeated words (third version)",
        term_counts: false,
        ..REPLICA
    },
    Variant {
        label: "separate fields, title ×0.5, repeated query words boosted",
        title_boost: 0.5,
        term_counts: true,
        ..SEPARATE
    },
    Variant { label: "ours, uncut queries", full_queries: true, ..REPLICA },
];

/// An index built for one variant.
struct Plain {
    reader: IndexReader,
    parser: QueryParser,
    id: Field,
}

fn build_plain(variant: &Variant, docs: &[Record]) -> (Plain, Duration) {
    let (index, id, title, body, parser_fields) = match variant.layout {
        Layout::TwoFields | Layout::OneField => {
            let mut builder = Schema::builder();
            let options = if variant.analyzer == "default" {
                TEXT
            } else {
                let indexing = TextFieldIndexing::default()
                    .set_tokenizer(variant.analyzer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions);
                TextOptions::default().set_indexing_options(indexing)
            };
            let id = builder.add_text_field("id", STRING | STORED);
            let title = builder.add_text_field("title", options.clone());
            let body = builder.add_text_field("body", options);
            let index = Index::create_in_ram(builder.build());
            if variant.analyzer.starts_with("plenary") {
                analysis::register(index.tokenizers());
            }
            let searched = if variant.layout == Layout::OneField {
                vec![(body, 1.0)]
            } else {
                vec![(title, variant.title_boost), (body, 1.0)]
            };
            (index, id, title, body, searched)
        }
        Layout::Plenary => {
            let (schema, fields) = Fields::build();
            let index = Index::create_in_ram(schema);
            analysis::register(index.tokenizers());
            let bodies = fields.body.values().map(|f| (*f, 1.0));
            let parser_fields = if variant.title_in_body {
                bodies.collect()
            } else {
                fields.title.values().map(|f| (*f, variant.title_boost)).chain(bodies).collect()
            };
            (index, fields.id, fields.title["en"], fields.body["en"], parser_fields)
        }
    };
    let start = Instant::now();
    let mut writer = index.writer_with_num_threads(1, WRITER_HEAP).expect("writer");
    for doc in docs {
        let mut out = TantivyDocument::default();
        out.add_text(id, doc.id.to_string());
        if variant.layout == Layout::OneField {
            out.add_text(body, format!("{}\n{}", doc.title, doc.text));
        } else if variant.title_in_body {
            out.add_text(title, &doc.title);
            out.add_text(body, &doc.title);
            out.add_text(body, &doc.text);
        } else {
            out.add_text(title, &doc.title);
            out.add_text(body, &doc.text);
        }
        writer.add_document(out).expect("add document");
    }
    writer.commit().expect("commit");
    let index_time = start.elapsed();
    let reader =
        index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().expect("reader");
    assert_eq!(reader.searcher().num_docs(), docs.len() as u64, "every document is searchable");
    let mut parser =
        QueryParser::for_index(&index, parser_fields.iter().map(|(f, _)| *f).collect());
    for (field, boost) in parser_fields {
        if boost != 1.0 {
            parser.set_field_boost(field, boost);
        }
    }
    (Plain { reader, parser, id }, index_time)
}

/// `a b a` → `a^2 b`: each distinct word once, boosted by its count.
fn with_term_counts(text: &str) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for word in text.split_whitespace() {
        match counts.iter_mut().find(|(w, _)| *w == word) {
            Some((_, n)) => *n += 1,
            None => counts.push((word, 1)),
        }
    }
    let words: Vec<String> = counts
        .into_iter()
        .map(|(w, n)| if n == 1 { w.to_owned() } else { format!("{w}^{n}") })
        .collect();
    words.join(" ")
}

fn run_plain(variant: &Variant, docs: &[Record], queries: &[&str]) -> Run {
    let (plain, index_time) = build_plain(variant, docs);
    let searcher = plain.reader.searcher();
    let start = Instant::now();
    let rankings = queries
        .iter()
        .map(|text| {
            if text.is_empty() {
                return Vec::new();
            }
            let text =
                if variant.term_counts { with_term_counts(text) } else { (*text).to_owned() };
            let query = plain
                .parser
                .parse_query(&text)
                .unwrap_or_else(|err| panic!("tantivy refused {text:?}: {err}"));
            let top = searcher
                .search(&query, &TopDocs::with_limit(DEPTH).order_by_score())
                .expect("search");
            top.into_iter()
                .map(|(_, address)| {
                    let doc: TantivyDocument = searcher.doc(address).expect("stored doc");
                    let id = doc.get_first(plain.id).and_then(|v| v.as_str()).expect("id");
                    id.parse::<u32>().expect("doc id")
                })
                .collect()
        })
        .collect();
    Run { index_time, search_time: start.elapsed(), rankings }
}

/// Mean scores over a collection's evaluated queries.
#[derive(Clone, Copy, Default)]
struct Scores {
    map: f64,
    ndcg: f64,
    p10: f64,
}

/// Average precision over `DEPTH`, nDCG@`CUTOFF` and P@`CUTOFF` of one ranking.
fn score_query(ranking: &[u32], relevant: &HashMap<u32, f64>) -> Scores {
    let ranking = &ranking[..ranking.len().min(DEPTH)];
    let (mut found, mut precision_sum, mut dcg, mut top_hits) = (0usize, 0.0, 0.0, 0usize);
    for (i, doc) in ranking.iter().enumerate() {
        let rank = i + 1;
        let Some(gain) = relevant.get(doc) else { continue };
        found += 1;
        precision_sum += found as f64 / rank as f64;
        if rank <= CUTOFF {
            dcg += gain / (rank as f64 + 1.0).log2();
            top_hits += 1;
        }
    }
    let mut ideal: Vec<f64> = relevant.values().copied().collect();
    ideal.sort_by(|a, b| b.total_cmp(a));
    let idcg: f64 =
        ideal.iter().take(CUTOFF).enumerate().map(|(i, g)| g / (i as f64 + 2.0).log2()).sum();
    Scores {
        map: precision_sum / relevant.len() as f64,
        ndcg: if idcg > 0.0 { dcg / idcg } else { 0.0 },
        p10: top_hits as f64 / CUTOFF as f64,
    }
}

fn evaluate(collection: &Collection, run: &Run) -> Scores {
    let mut total = Scores::default();
    for (query, ranking) in collection.queries.iter().zip(&run.rankings) {
        let scores = score_query(ranking, &collection.qrels[&query.number]);
        total.map += scores.map;
        total.ndcg += scores.ndcg;
        total.p10 += scores.p10;
    }
    let n = collection.queries.len().max(1) as f64;
    Scores { map: total.map / n, ndcg: total.ndcg / n, p10: total.p10 / n }
}

/// Everything measured on one collection.
struct Outcome {
    ours: Scores,
    ours_run: Run,
    baseline: Scores,
    baseline_run: Run,
    variants: Vec<Scores>,
    /// Queries whose top 10 / whole ranking the replica reproduces exactly.
    replica_same_top10: usize,
    replica_same_all: usize,
    /// Queries whose ranking the replica reproduces as a set (differing only in tie order).
    replica_same_set: usize,
    /// Queries where paging through ours returned a document twice.
    ours_paging_duplicates: usize,
}

fn measure(collection: &Collection) -> Outcome {
    let cut: Vec<&str> = collection.queries.iter().map(|q| q.text.as_str()).collect();
    let full: Vec<&str> = collection.queries.iter().map(|q| q.full.as_str()).collect();
    let ours_run = run_ours(&collection.docs, &cut);
    let baseline_run = run_plain(&BASELINE, &collection.docs, &cut);
    let ours_paging_duplicates = ours_run
        .rankings
        .iter()
        .filter(|r| {
            let ids = sorted(r);
            ids.windows(2).any(|w| w[0] == w[1])
        })
        .count();
    let mut variants = Vec::new();
    let (mut replica_same_top10, mut replica_same_all, mut replica_same_set) = (0, 0, 0);
    for variant in &VARIANTS {
        let queries = if variant.full_queries { &full } else { &cut };
        let run = run_plain(variant, &collection.docs, queries);
        if variant.label == REPLICA.label {
            for (a, b) in run.rankings.iter().zip(&ours_run.rankings) {
                replica_same_top10 += usize::from(a.iter().take(CUTOFF).eq(b.iter().take(CUTOFF)));
                replica_same_all += usize::from(a == b);
                replica_same_set += usize::from(sorted(a) == sorted(b));
            }
        }
        variants.push(evaluate(collection, &run));
    }
    Outcome {
        ours: evaluate(collection, &ours_run),
        ours_run,
        baseline: evaluate(collection, &baseline_run),
        baseline_run,
        variants,
        replica_same_top10,
        replica_same_all,
        replica_same_set,
        ours_paging_duplicates,
    }
}

fn sorted(ranking: &[u32]) -> Vec<u32> {
    let mut ids = ranking.to_vec();
    ids.sort_unstable();
    ids
}

fn ratio(ours: f64, baseline: f64) -> String {
    if baseline > 0.0 { format!("{:.3}×", ours / baseline) } else { "–".into() }
}

fn millis(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn main_table(collections: &[Collection], outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    out.push_str(
        "| collection | docs | queries | MAP ours | MAP baseline | ratio | nDCG@10 ours \
         | nDCG@10 baseline | ratio | P@10 ours | P@10 baseline | indexing ours | indexing \
         baseline |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for (c, o) in collections.iter().zip(outcomes) {
        writeln!(
            out,
            "| {} | {} | {} | {:.4} | {:.4} | {} | {:.4} | {:.4} | {} | {:.4} | {:.4} | {} | {} |",
            c.spec.name,
            c.docs.len(),
            c.queries.len(),
            o.ours.map,
            o.baseline.map,
            ratio(o.ours.map, o.baseline.map),
            o.ours.ndcg,
            o.baseline.ndcg,
            ratio(o.ours.ndcg, o.baseline.ndcg),
            o.ours.p10,
            o.baseline.p10,
            millis(o.ours_run.index_time),
            millis(o.baseline_run.index_time),
        )
        .unwrap();
    }
    out
}

fn variant_table(collections: &[Collection], outcomes: &[Outcome]) -> String {
    let mut out = String::from("| configuration |");
    for c in collections {
        write!(out, " {0} MAP | {0} nDCG@10 |", c.spec.name).unwrap();
    }
    out.push_str("\n|---|");
    out.push_str(&"---:|---:|".repeat(collections.len()));
    out.push('\n');
    let cell = |s: Scores, base: Scores| {
        format!(
            " {:.4} ({}) | {:.4} ({}) |",
            s.map,
            ratio(s.map, base.map),
            s.ndcg,
            ratio(s.ndcg, base.ndcg)
        )
    };
    out.push_str("| **ours** (`SearchIndex`) |");
    for o in outcomes {
        out.push_str(&cell(o.ours, o.baseline));
    }
    out.push_str(&format!("\n| {} |", BASELINE.label));
    for o in outcomes {
        out.push_str(&cell(o.baseline, o.baseline));
    }
    out.push('\n');
    for (i, variant) in VARIANTS.iter().enumerate() {
        write!(out, "| {} |", variant.label).unwrap();
        for o in outcomes {
            out.push_str(&cell(o.variants[i], o.baseline));
        }
        out.push('\n');
    }
    out
}

fn corpus_root() -> Result<PathBuf, String> {
    let Some(root) = std::env::var_os("PLENARY_CORPUS") else {
        return Err("PLENARY_CORPUS is not set: set it to the shared corpus directory (the one \
                    holding 06-ir-relevance/), e.g. \
                    PLENARY_CORPUS=../shared/corpus cargo bench --bench relevance"
            .into());
    };
    let root = PathBuf::from(root);
    for candidate in [root.join("06-ir-relevance"), root.clone()] {
        if candidate.join("cranfield").is_dir() {
            return Ok(candidate);
        }
    }
    Err(format!(
        "PLENARY_CORPUS is set to {}, which holds neither 06-ir-relevance/ nor cranfield/",
        root.display()
    ))
}

fn main() -> ExitCode {
    let started = Instant::now();
    let smoke = std::env::args().any(|a| a == "--smoke");
    let root = match corpus_root() {
        Ok(root) => root,
        Err(message) => {
            eprintln!("relevance: {message}");
            return ExitCode::from(2);
        }
    };
    let mut collections = Vec::new();
    for spec in &SPECS {
        match load(&root, spec, smoke) {
            Ok(c) => collections.push(c),
            Err(message) => {
                eprintln!("relevance: {message}");
                return ExitCode::FAILURE;
            }
        }
    }
    let mode = if smoke { "smoke: first 10 queries of each collection" } else { "full" };
    println!("# Relevance ({mode}; corpus {})\n", root.display());
    for c in &collections {
        println!(
            "- {}: {} documents, {} queries parsed, {} with ≥1 relevant document, {} evaluated \
             ({} cut to {MAX_TERMS} words / {MAX_QUERY_CHARS} chars){}",
            c.spec.name,
            c.docs.len(),
            c.parsed_queries,
            c.judged_queries,
            c.queries.len(),
            c.cut_queries,
            if c.spec.graded { "; graded gains 5 − grade, grade −1 not relevant" } else { "" },
        );
    }
    println!(
        "- depth {DEPTH} (ours paged {PAGE} at a time); queries: .T + .W, non-alphanumerics → \
         space, lowercased, and/or/not dropped, cut to the query limits; same text for every \
         system\n"
    );
    let outcomes: Vec<Outcome> = collections.iter().map(measure).collect();
    println!("{}", main_table(&collections, &outcomes));
    for (c, o) in collections.iter().zip(&outcomes) {
        let per_query = |run: &Run| run.search_time.as_secs_f64() * 1000.0 / c.queries.len() as f64;
        let n = c.queries.len();
        println!(
            "- {}: search time per query (top {DEPTH}) ours {:.2} ms, baseline {:.2} ms; the \
             replica of ours reproduces its top 10 on {}/{n} queries, its whole ranking on {}/{n} \
             and the same set of documents on {}/{n}; ours' pages repeated a document on {} \
             queries",
            c.spec.name,
            per_query(&o.ours_run),
            per_query(&o.baseline_run),
            o.replica_same_top10,
            o.replica_same_all,
            o.replica_same_set,
            o.ours_paging_duplicates,
        );
    }
    let verdict: Vec<String> = collections
        .iter()
        .zip(&outcomes)
        .map(|(c, o)| {
            let met = o.ours.map >= o.baseline.map && o.ours.ndcg >= o.baseline.ndcg;
            format!("{} {}", c.spec.name, if met { "met" } else { "NOT met" })
        })
        .collect();
    println!("- goal (ours ≥ baseline on MAP and nDCG@10): {}\n", verdict.join(", "));
    println!("## Variants (plain tantivy; ratios against the baseline)\n");
    println!("{}", variant_table(&collections, &outcomes));
    println!("total time {:.1} s", started.elapsed().as_secs_f64());
    ExitCode::SUCCESS
}
