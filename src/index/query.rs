//! From what a person types to a tantivy query: bounded in length, nesting and terms before
//! parsing (so a hostile query costs nothing), Chinese runs segmented into words, field prefixes
//! mapped onto the per-language fields (`title:`, `body:`, `symbol:`, `kind:` …; any other
//! `word:` is searched as text), and document symbols such as `OECD/GOV/RPC(2017)5/REV1`
//! matched exactly.

use tantivy::Term;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Query, QueryParser, TermQuery};
use tantivy::query_grammar::{Occur, UserInputAst, UserInputLeaf, UserInputLiteral};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TokenizerManager;

use super::IndexError;
use super::analysis::{analyzer_name, is_cjk, terms};
use super::schema::{Fields, field_languages};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Deepest nesting of parentheses accepted.
pub const MAX_NESTING: usize = 8;
/// Most terms (leaves) in one query.
pub const MAX_TERMS: usize = 64;

/// Field names a query may use as prefixes.
const EXACT_FIELDS: [&str; 5] = ["kind", "origin", "lang", "status", "group"];

fn bad(reason: impl Into<String>) -> IndexError {
    IndexError::BadQuery(reason.into())
}

/// Builds the query for `text`; `prefer` boosts one language's fields (the reader's language).
pub fn build(
    text: &str,
    fields: &Fields,
    parser: &QueryParser,
    tokenizers: &TokenizerManager,
    prefer: Option<&str>,
) -> Result<Box<dyn Query>, IndexError> {
    let text = text.trim();
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(bad(format!("query longer than {MAX_QUERY_CHARS} characters")));
    }
    if text.is_empty() {
        return Ok(Box::new(AllQuery));
    }
    check_structure(text)?;
    let mut parser = std::borrow::Cow::Borrowed(parser);
    if let Some(language) = prefer.filter(|l| fields.title.contains_key(l)) {
        parser.to_mut().set_field_boost(fields.body[language], 2.0);
    }
    if looks_like_symbol(text) {
        return Ok(symbol_query(text, fields, &parser));
    }
    let segmented = count_repeats(&segment_chinese(text, tokenizers));
    let ast = tantivy::query_grammar::parse_query(&segmented)
        .map_err(|_| bad("the query does not parse"))?;
    let mut leaves = 0;
    let ast = rewrite(ast, &mut leaves, 0)?;
    parser.build_query_from_user_input_ast(ast).map_err(|err| bad(err.to_string()))
}

/// Refuses unbalanced quotes or parentheses and excessive nesting before any parser sees it.
fn check_structure(text: &str) -> Result<(), IndexError> {
    let (mut depth, mut quoted) = (0usize, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(bad(format!("parentheses nested deeper than {MAX_NESTING}")));
                }
            }
            ')' if !quoted => {
                depth = depth.checked_sub(1).ok_or_else(|| bad("unbalanced parentheses"))?
            }
            _ => {}
        }
    }
    if quoted {
        return Err(bad("unbalanced quotes"));
    }
    if depth != 0 {
        return Err(bad("unbalanced parentheses"));
    }
    Ok(())
}

/// A lone token with a slash and no spaces or field prefix is taken for a document symbol.
fn looks_like_symbol(text: &str) -> bool {
    !text.contains(char::is_whitespace)
        && text.contains('/')
        && !text.contains(':')
        && !text.contains('"')
}

/// Exact symbol match (strongly boosted) or the symbol's words as a phrase in the text.
fn symbol_query(text: &str, fields: &Fields, parser: &QueryParser) -> Box<dyn Query> {
    let exact = TermQuery::new(
        Term::from_field_text(fields.symbol, &text.to_lowercase()),
        IndexRecordOption::Basic,
    );
    let should = tantivy::query::Occur::Should;
    let mut clauses: Vec<(tantivy::query::Occur, Box<dyn Query>)> =
        vec![(should, Box::new(BoostQuery::new(Box::new(exact), 10.0)))];
    if let Ok(phrase) = parser.parse_query(&format!("\"{text}\"")) {
        clauses.push((should, phrase));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// In a query of plain words, a word said several times counts that many times (`a b a` →
/// `a^2 b`): the parser would keep one copy, and in long natural-language queries repetition
/// carries meaning (on the CISI and CACM judgements this raised MAP by about a sixth;
/// BENCHMARKS.md). Queries with any syntax are left alone.
fn count_repeats(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let plain =
        |w: &&str| w.chars().all(char::is_alphanumeric) && !matches!(*w, "AND" | "OR" | "NOT");
    if words.len() < 2 || !words.iter().all(plain) {
        return text.to_owned();
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for word in words {
        match counts.iter_mut().find(|(seen, _)| seen.to_lowercase() == word.to_lowercase()) {
            Some((_, count)) => *count += 1,
            None => counts.push((word, 1)),
        }
    }
    let terms: Vec<String> = counts
        .into_iter()
        .map(|(word, count)| if count == 1 { word.to_owned() } else { format!("{word}^{count}") })
        .collect();
    terms.join(" ")
}

/// Puts spaces between the words of every unquoted Chinese run, so each word is a term rather
/// than the whole run becoming one exact phrase.
fn segment_chinese(text: &str, tokenizers: &TokenizerManager) -> String {
    if !text.chars().any(is_cjk) {
        return text.to_owned();
    }
    let (mut out, mut run, mut quoted) = (String::new(), String::new(), false);
    let analyzer = analyzer_name("zh");
    let flush = |run: &mut String, out: &mut String| {
        if !run.is_empty() {
            out.push(' ');
            out.push_str(&terms(tokenizers, &analyzer, run).join(" "));
            out.push(' ');
            run.clear();
        }
    };
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if is_cjk(c) && !quoted {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Maps field prefixes onto schema fields and bounds the query's size.
fn rewrite(
    ast: UserInputAst,
    leaves: &mut usize,
    depth: usize,
) -> Result<UserInputAst, IndexError> {
    if depth > MAX_NESTING * 2 {
        return Err(bad("query nested too deeply"));
    }
    match ast {
        UserInputAst::Clause(clauses) => {
            let rewritten = clauses
                .into_iter()
                .map(|(occur, sub)| Ok((occur, rewrite(sub, leaves, depth + 1)?)))
                .collect::<Result<Vec<_>, IndexError>>()?;
            Ok(UserInputAst::Clause(complete_negation(rewritten)))
        }
        UserInputAst::Boost(inner, boost) => {
            Ok(UserInputAst::Boost(Box::new(rewrite(*inner, leaves, depth + 1)?), boost))
        }
        UserInputAst::Leaf(leaf) => {
            *leaves += 1;
            if *leaves > MAX_TERMS {
                return Err(bad(format!("more than {MAX_TERMS} terms")));
            }
            rewrite_leaf(*leaf)
        }
    }
}

/// A clause of exclusions only ("NOT x", or "a AND NOT b" whose right side parses as one)
/// would match nothing in tantivy; people mean "everything except", so add "everything".
fn complete_negation(
    clauses: Vec<(Option<Occur>, UserInputAst)>,
) -> Vec<(Option<Occur>, UserInputAst)> {
    let only_exclusions =
        !clauses.is_empty() && clauses.iter().all(|(occur, _)| *occur == Some(Occur::MustNot));
    if !only_exclusions {
        return clauses;
    }
    let everything = (Some(Occur::Must), UserInputAst::Leaf(Box::new(UserInputLeaf::All)));
    std::iter::once(everything).chain(clauses).collect()
}

fn rewrite_leaf(leaf: UserInputLeaf) -> Result<UserInputAst, IndexError> {
    match leaf {
        UserInputLeaf::Literal(literal) => rewrite_literal(literal),
        UserInputLeaf::All => Ok(UserInputAst::Leaf(Box::new(UserInputLeaf::All))),
        _ => Err(bad(
            "ranges, sets, regexes and existence tests are not supported; use the from/to and filter parameters",
        )),
    }
}

fn rewrite_literal(literal: UserInputLiteral) -> Result<UserInputAst, IndexError> {
    let Some(name) = literal.field_name.clone() else {
        return Ok(UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))));
    };
    let per_language = |prefix: &str| {
        let copies = field_languages().map(|language| {
            let mut copy = literal.clone();
            copy.field_name = Some(format!("{prefix}_{language}"));
            (Some(Occur::Should), UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(copy))))
        });
        Ok(UserInputAst::Clause(copies.collect()))
    };
    match name.as_str() {
        "title" => per_language("title"),
        "body" | "text" => per_language("body"),
        "symbol" => {
            let mut exact = literal;
            exact.phrase = exact.phrase.to_lowercase();
            Ok(UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(exact))))
        }
        field if EXACT_FIELDS.contains(&field) => {
            Ok(UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal))))
        }
        // "Article 1: …" or "Note: …" in pasted text is not a field prefix: search both words.
        _ => {
            let words = [name, literal.phrase.clone()].map(|phrase| {
                let plain = UserInputLiteral { field_name: None, phrase, ..literal.clone() };
                (Some(Occur::Should), UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(plain))))
            });
            Ok(UserInputAst::Clause(words.into()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_is_checked_before_parsing() {
        assert!(check_structure("a (b c)").is_ok());
        assert!(check_structure("\"unbalanced").is_err());
        assert!(check_structure("(a").is_err());
        assert!(check_structure("a)").is_err());
        assert!(check_structure(&"(".repeat(9).to_string()).is_err());
        assert!(check_structure("\"(((((((((((\"").is_ok(), "parentheses inside quotes are text");
    }

    #[test]
    fn repeated_plain_words_count() {
        assert_eq!(count_repeats("flow heat Flow flow"), "flow^3 heat");
        assert_eq!(count_repeats("flow heat"), "flow heat");
        assert_eq!(count_repeats("flow AND flow"), "flow AND flow", "syntax is left alone");
        assert_eq!(count_repeats("\"a a\" a"), "\"a a\" a");
    }

    #[test]
    fn symbols_are_recognised() {
        assert!(looks_like_symbol("OECD/GOV/RPC(2017)5/REV1"));
        assert!(!looks_like_symbol("regulatory policy"));
        assert!(!looks_like_symbol("title:a/b"));
    }
}
