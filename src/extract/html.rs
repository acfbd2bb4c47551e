//! HTML: decoded like plain text (see [`super::plain::decode`]), parsed with `scraper`
//! (html5ever), and walked with an explicit stack rather than recursion. Script, style,
//! noscript and template contents are skipped; block elements end lines. Nesting deeper than
//! [`MAX_DEPTH`] is refused before parsing, so a pathological page cannot exhaust the stack.

use std::collections::HashMap;

use scraper::{Html, Node};

use super::error::ExtractError;
use super::plain;
use super::text::TextBuilder;

/// The deepest element nesting accepted (estimated from the raw markup before parsing).
pub const MAX_DEPTH: usize = 4096;

/// Elements whose content is never text a reader sees.
const SKIPPED: &[&str] =
    &["script", "style", "noscript", "template", "head", "object", "embed", "iframe"];

/// Elements that start and end a line of their own.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "title",
    "tr",
    "ul",
];

/// The visible text of an HTML page, normalised.
pub fn extract(bytes: &[u8], max_chars: usize) -> Result<String, ExtractError> {
    let source = plain::decode(bytes);
    let depth = estimated_depth(&source);
    if depth > MAX_DEPTH {
        return Err(ExtractError::TooDeep { limit: MAX_DEPTH });
    }
    let document = Html::parse_document(&source);
    let mut builder = TextBuilder::new(max_chars);
    push_title(&document, &mut builder);
    walk(&document, &mut builder);
    if builder.is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(builder.finish())
}

/// The `<title>` first, as its own paragraph (the walk skips `<head>`).
fn push_title(document: &Html, builder: &mut TextBuilder) {
    let title =
        document.tree.root().descendants().find(
            |node| matches!(node.value(), Node::Element(element) if element.name() == "title"),
        );
    if let Some(title) = title {
        for node in title.descendants() {
            if let Node::Text(text) = node.value() {
                builder.push_str(text);
            }
        }
        builder.paragraph_break();
    }
}

/// Depth-first walk of the document with an explicit stack: `(node, closing)` pairs, where a
/// closing entry ends the element's block once its children are done.
fn walk(document: &Html, builder: &mut TextBuilder) {
    let mut stack = vec![(document.tree.root(), false)];
    let mut preformatted = 0usize;
    while let Some((node, closing)) = stack.pop() {
        if builder.is_full() {
            return;
        }
        if closing {
            preformatted = preformatted.saturating_sub(usize::from(is_preformatted(node.value())));
            close(node.value(), builder);
            continue;
        }
        match node.value() {
            Node::Text(text) if preformatted > 0 => builder.push_str(text),
            Node::Text(text) => push_collapsed(text, builder),
            Node::Element(element) if SKIPPED.contains(&element.name()) => {}
            value @ (Node::Element(_) | Node::Document | Node::Fragment) => {
                preformatted += usize::from(is_preformatted(value));
                open(value, builder);
                stack.push((node, true));
                stack.extend(node.children().rev().map(|child| (child, false)));
            }
            _ => {}
        }
    }
}

/// Outside `<pre>`, line ends in the source are spaces like any other whitespace.
fn push_collapsed(text: &str, builder: &mut TextBuilder) {
    for c in text.chars() {
        if c.is_whitespace() { builder.space() } else { builder.push_char(c) }
    }
}

fn is_preformatted(node: &Node) -> bool {
    matches!(node, Node::Element(element) if matches!(element.name(), "pre" | "textarea" | "listing"))
}

fn open(node: &Node, builder: &mut TextBuilder) {
    if let Node::Element(element) = node {
        match element.name() {
            "br" => builder.line_break(),
            "td" | "th" => builder.push_char('\t'),
            name if BLOCKS.contains(&name) => builder.line_break(),
            _ => {}
        }
    }
}

fn close(node: &Node, builder: &mut TextBuilder) {
    if let Node::Element(element) = node {
        match element.name() {
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "pre" | "blockquote" => {
                builder.paragraph_break();
            }
            name if BLOCKS.contains(&name) => builder.line_break(),
            "td" | "th" => builder.space(),
            _ => {}
        }
    }
}

/// An estimate of element nesting from the raw markup: a stack of open tag names, where an end
/// tag closes back to its matching start tag (a stray end tag closes nothing) and void or
/// optional-end elements (`<br>`, `<p>`, `<li>` …) never count. Stops once past [`MAX_DEPTH`].
fn estimated_depth(source: &str) -> usize {
    let bytes = source.as_bytes();
    let mut open: Vec<Vec<u8>> = Vec::new();
    let mut counts: HashMap<Vec<u8>, usize> = HashMap::new();
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| b == b'<') {
        at += offset + 1;
        let closing = bytes.get(at) == Some(&b'/');
        let name = tag_name(&bytes[at + usize::from(closing)..]).to_ascii_lowercase();
        if name.is_empty() || is_implicit(&name) {
            continue;
        }
        if !closing {
            if !self_closed(&bytes[at..]) {
                *counts.entry(name.clone()).or_default() += 1;
                open.push(name);
                if open.len() > MAX_DEPTH {
                    break;
                }
            }
        } else if counts.get(&name).is_some_and(|&n| n > 0) {
            // Close back to the matching start tag; amortised by the pushes.
            while let Some(top) = open.pop() {
                let done = top == name;
                if let Some(n) = counts.get_mut(&top) {
                    *n = n.saturating_sub(1);
                }
                if done {
                    break;
                }
            }
        }
    }
    open.len()
}

/// The tag name at the start of `tag` (empty when it is not a tag: `<!--`, `< `, `<3`).
fn tag_name(tag: &[u8]) -> &[u8] {
    if !tag.first().is_some_and(u8::is_ascii_alphabetic) {
        return &[];
    }
    let end = tag.iter().position(|b| !b.is_ascii_alphanumeric()).unwrap_or(tag.len());
    &tag[..end]
}

/// Elements that are void or whose end tag may be left out, so they need not nest.
fn is_implicit(name: &[u8]) -> bool {
    const IMPLICIT: &[&[u8]] = &[
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"param",
        b"source",
        b"track",
        b"wbr",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"td",
        b"tr",
        b"th",
        b"option",
        b"tbody",
        b"thead",
        b"colgroup",
    ];
    IMPLICIT.contains(&name)
}

/// Whether the tag starting at `tag` ends with `/>` (looking at most 1 KiB ahead).
fn self_closed(tag: &[u8]) -> bool {
    let end = tag.iter().take(1024).position(|&b| b == b'>');
    end.is_some_and(|end| end > 0 && tag[end - 1] == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_scripts_and_breaks_blocks() {
        let page = b"<html><head><title>T</title><script>var x;</script></head>\
            <body><p>One\n  <b>two</b></p><div>three</div><style>p{}</style>four\
            <pre>a\n b</pre><table><tr><td>c1</td>\n<td>c2</td></tr></table></body></html>";
        let text = extract(page, 1000).ok();
        assert_eq!(text.as_deref(), Some("T\n\nOne two\n\nthree\nfour\na\nb\n\nc1\tc2"));
    }

    #[test]
    fn refuses_pathological_nesting() {
        let page = "<div>".repeat(MAX_DEPTH + 1);
        assert!(matches!(extract(page.as_bytes(), 1000), Err(ExtractError::TooDeep { .. })));
    }
}
