//! Highlighted snippets for hits: a fragment of each hit's stored excerpt around the first place
//! the query's terms occur, with `<mark>` around every matching word and the text escaped.
//!
//! Only a window of the excerpt is examined: the first likely match is found with one
//! case-blind scan for the terms (stems are usually prefixes of the words they match), and
//! only the words around it are analysed. For the stemmed languages the words are matched with
//! [`TermMatcher`] (only words that begin like a term are stemmed); for the others with
//! tantivy's snippet generator and the field's own analyzer.

use std::collections::BTreeMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use tantivy::Searcher;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;

use super::analysis::TermMatcher;
use super::{IndexError, floor_char_boundary};

/// Characters in a snippet.
const SNIPPET_CHARS: usize = 220;
/// Bytes examined before and after a likely match.
const WINDOW_BEFORE: usize = 100;
const WINDOW_AFTER: usize = 260;
/// Bytes of context kept before the first match in a fragment.
const CONTEXT_BEFORE: usize = 60;

/// Snippets for one field's hits of one query.
pub(super) struct Highlighter {
    marker: Marker,
    /// The analysed query terms (usually prefixes of the words they match) and their
    /// capitalised forms, ignoring ASCII case: finds where in a text a match may be before
    /// analysing any of it.
    locator: Option<AhoCorasick>,
}

enum Marker {
    Stemmed(TermMatcher),
    Generic(Box<SnippetGenerator>),
}

impl Highlighter {
    /// For the terms of `query` in `field`, whose text is in `language`.
    pub(super) fn new(
        searcher: &Searcher,
        query: &dyn Query,
        field: Field,
        language: &str,
    ) -> Result<Highlighter, IndexError> {
        let mut terms: Vec<String> = Vec::new();
        query.query_terms(&mut |term, _| {
            if let (true, Some(text)) = (term.field() == field, term.value().as_str())
                && !terms.iter().any(|t| t == text)
            {
                terms.push(text.to_owned());
            }
        });
        let locator = locator(&terms);
        let marker = match TermMatcher::new(language, &terms) {
            Some(matcher) => Marker::Stemmed(matcher),
            None => Marker::Generic(Box::new(generator(searcher, field, terms)?)),
        };
        Ok(Highlighter { marker, locator })
    }

    /// The highlighted fragment around the first match in the excerpt, or the excerpt's
    /// opening when no term matched.
    pub(super) fn snippet_html(&mut self, excerpt: &str) -> String {
        let (start, window) = match_window(excerpt, first_match(self.locator.as_ref(), excerpt));
        let html = match &mut self.marker {
            Marker::Stemmed(matcher) => marked(excerpt, start, window, &matcher.find(window)),
            Marker::Generic(generator) => generated(generator, window, start),
        };
        html.unwrap_or_else(|| {
            let opening: String = excerpt.chars().take(SNIPPET_CHARS).collect();
            escape_html(&opening)
        })
    }
}

/// tantivy's generator for the other languages, weighting rarer terms higher as tantivy does.
fn generator(
    searcher: &Searcher,
    field: Field,
    terms: Vec<String>,
) -> Result<SnippetGenerator, IndexError> {
    let mut weighted = BTreeMap::new();
    for text in terms {
        let frequency = searcher.doc_freq(&tantivy::Term::from_field_text(field, &text))?;
        if frequency > 0 {
            weighted.insert(text, 1.0 / (1.0 + frequency as f32));
        }
    }
    let analyzer = searcher.index().tokenizer_for_field(field)?;
    Ok(SnippetGenerator::new(weighted, analyzer, field, SNIPPET_CHARS))
}

fn generated(generator: &SnippetGenerator, window: &str, start: usize) -> Option<String> {
    let mut snippet = generator.snippet(window);
    if snippet.highlighted().is_empty() {
        return None;
    }
    snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
    let html = snippet.to_html();
    Some(if start > 0 { format!("…{html}") } else { html })
}

/// The fragment of `window` (at byte `start` of `excerpt`) from a little before its first match,
/// [`SNIPPET_CHARS`] long, with every match in it marked; `None` without matches.
fn marked(excerpt: &str, start: usize, window: &str, matches: &[Range<usize>]) -> Option<String> {
    let first = matches.first()?;
    let from = fragment_start(window, first.start);
    let to = fragment_end(window, from, first.end);
    let mut html = String::with_capacity(to - from + 64);
    if start + from > 0 {
        html.push('…');
    }
    let mut at = from;
    for found in matches.iter().filter(|m| m.start >= from && m.end <= to) {
        push_escaped(&mut html, &window[at..found.start]);
        html.push_str("<mark>");
        push_escaped(&mut html, &window[found.clone()]);
        html.push_str("</mark>");
        at = found.end;
    }
    push_escaped(&mut html, &window[at..to]);
    if start + to < excerpt.len() {
        html.push('…');
    }
    Some(html)
}

/// A word start at most [`CONTEXT_BEFORE`] bytes before `first`.
fn fragment_start(window: &str, first: usize) -> usize {
    let earliest = floor_char_boundary(window, first.saturating_sub(CONTEXT_BEFORE));
    if earliest == 0 {
        return 0;
    }
    window[earliest..first].find(char::is_whitespace).map_or(first, |space| earliest + space + 1)
}

/// Where a fragment from `from` ends: after [`SNIPPET_CHARS`] characters, moved back to the end
/// of a word when that cuts one, but never before `first_end`.
fn fragment_end(window: &str, from: usize, first_end: usize) -> usize {
    let Some((cut, _)) = window[from..].char_indices().nth(SNIPPET_CHARS) else {
        return window.len();
    };
    let cut = from + cut;
    match window.get(first_end..cut).and_then(|tail| tail.rfind(char::is_whitespace)) {
        Some(space) => first_end + space,
        None => cut.max(first_end),
    }
}

fn locator(terms: &[String]) -> Option<AhoCorasick> {
    let patterns = terms.iter().filter(|t| !t.is_empty()).flat_map(|t| [t.clone(), capitalized(t)]);
    let mut builder = AhoCorasick::builder();
    // Built per query and used on ten excerpts: a faster automaton would cost more to build
    // than it saves.
    builder.ascii_case_insensitive(true).kind(Some(AhoCorasickKind::NoncontiguousNFA));
    builder.build(patterns).ok()
}

/// Where in `text` the first term the locator knows occurs (0 when none does).
fn first_match(locator: Option<&AhoCorasick>, text: &str) -> usize {
    locator.and_then(|l| l.find(text)).map_or(0, |found| found.start())
}

/// The window of `text` around byte `first`.
fn match_window(text: &str, first: usize) -> (usize, &str) {
    let start = floor_char_boundary(text, first.saturating_sub(WINDOW_BEFORE));
    let end = floor_char_boundary(text, first + WINDOW_AFTER);
    (start, &text[start..end])
}

fn capitalized(term: &str) -> String {
    let mut chars = term.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// `text` with HTML's special characters escaped.
pub(super) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['<', '>', '&', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_surrounds_the_first_match() {
        let text = format!("{}Congestion control matters.{}", "x ".repeat(2000), "y ".repeat(2000));
        fn window_of<'t>(text: &'t str, term: &str) -> (usize, &'t str) {
            let locator = locator(&[term.to_owned()]);
            match_window(text, first_match(locator.as_ref(), text))
        }
        let (start, window) = window_of(&text, "congest");
        assert!(start > 0 && window.contains("Congestion control"));
        assert!(window.len() <= WINDOW_BEFORE + WINDOW_AFTER);
        let shouted = format!("{}CONGESTED", "x ".repeat(500));
        let (start, window) = window_of(&shouted, "congest");
        assert!(start > 0 && window.ends_with("CONGESTED"), "{window}");
        let (start, window) = window_of("Права человека", "прав");
        assert_eq!((start, window), (0, "Права человека"));
        assert_eq!(window_of("short", "absent").1, "short");
    }

    fn snippet(language: &str, terms: &[&str], excerpt: &str) -> String {
        let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        let mut highlighter = Highlighter {
            marker: Marker::Stemmed(TermMatcher::new(language, &terms).unwrap()),
            locator: locator(&terms),
        };
        highlighter.snippet_html(excerpt)
    }

    #[test]
    fn every_match_in_the_fragment_is_marked_and_the_text_escaped() {
        let html = snippet("en", &["tariff"], "On <b>tariffs</b> & a Tariff's \"reach\".");
        assert_eq!(
            html,
            "On &lt;b&gt;<mark>tariffs</mark>&lt;/b&gt; &amp; a <mark>Tariff</mark>&#39;s &quot;reach&quot;."
        );
    }

    #[test]
    fn a_fragment_starts_near_its_first_match_and_says_what_it_cut() {
        let excerpt = format!(
            "{} the congestion window grows. {}",
            "Opening words. ".repeat(40),
            "z ".repeat(400)
        );
        let html = snippet("en", &["congest"], &excerpt);
        assert!(html.starts_with('…') && html.ends_with('…'), "{html}");
        assert!(html.contains("<mark>congestion</mark> window grows"), "{html}");
        let visible: String = html.replace("<mark>", "").replace("</mark>", "");
        assert!(visible.chars().count() <= SNIPPET_CHARS + 2, "{visible}");
        assert!(!visible.contains("Openin…") && !visible.starts_with("…ds"), "{visible}");
    }

    #[test]
    fn without_a_match_the_opening_is_shown() {
        let excerpt = "Nothing here matches. ".repeat(30);
        let html = snippet("en", &["congest"], &excerpt);
        assert_eq!(html, excerpt.chars().take(SNIPPET_CHARS).collect::<String>());
    }
}
