//! The streaming walk over one WordprocessingML or OpenDocument XML part, matching elements by
//! local name so any namespace prefix works (`w:`, `ns0:`, ISO-strict namespaces).
//!
//! DOCX: only `t` runs are text; deleted and moved-from runs, field codes, ruby guides and
//! `mc:Fallback` copies of text boxes are skipped. ODT: text inside `text:p` and `text:h`,
//! without tracked deletions. Paragraphs and table rows end lines, cells are separated.

use std::io::BufRead;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::reader::Reader;

use super::error::ExtractError;
use super::text::TextBuilder;

/// Which vocabulary an XML part speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// WordprocessingML (DOCX).
    Word,
    /// OpenDocument text (ODT).
    Odf,
}

/// What an element means for the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Its content is text (`w:t`).
    Text,
    /// Its content is text and it ends a line (`text:p`, `text:h`).
    TextBlock,
    /// Its whole subtree is ignored.
    Skip,
    /// Ends a line when it closes (a paragraph, a table row).
    Line,
    /// Separates cells when it closes.
    Cell,
    /// A tab character.
    Tab,
    /// A line break.
    Break,
    /// A space (`text:s`).
    Space,
    /// A non-breaking hyphen (`w:noBreakHyphen`).
    Hyphen,
    /// Nothing to do.
    Other,
}

fn role(dialect: Dialect, local_name: &str) -> Role {
    match (dialect, local_name) {
        (Dialect::Word, "t") => Role::Text,
        (Dialect::Word, "del" | "moveFrom" | "rt" | "Fallback" | "instrText" | "delText") => {
            Role::Skip
        }
        (Dialect::Word, "p" | "tr") => Role::Line,
        (Dialect::Word, "tc") => Role::Cell,
        (Dialect::Word, "tab" | "ptab") => Role::Tab,
        (Dialect::Word, "br" | "cr") => Role::Break,
        (Dialect::Word, "noBreakHyphen") => Role::Hyphen,
        (Dialect::Odf, "p" | "h") => Role::TextBlock,
        (Dialect::Odf, "tracked-changes" | "note-citation") => Role::Skip,
        (Dialect::Odf, "table-row") => Role::Line,
        (Dialect::Odf, "table-cell") => Role::Cell,
        (Dialect::Odf, "tab") => Role::Tab,
        (Dialect::Odf, "line-break") => Role::Break,
        (Dialect::Odf, "s") => Role::Space,
        _ => Role::Other,
    }
}

/// Where the walk is: how deep inside text elements and inside a skipped subtree.
#[derive(Debug, Default)]
struct WalkState {
    in_text: usize,
    skipping: usize,
}

/// Streams one XML part into `builder`.
pub fn walk(
    reader: &mut dyn BufRead,
    part: &str,
    dialect: Dialect,
    builder: &mut TextBuilder,
) -> Result<(), ExtractError> {
    let mut xml = Reader::from_reader(reader);
    xml.config_mut().check_end_names = false;
    let mut buffer = Vec::new();
    let mut state = WalkState::default();
    while !builder.is_full() {
        let event = xml.read_event_into(&mut buffer).map_err(|error| xml_error(part, &error))?;
        match event {
            Event::Eof => break,
            Event::Start(tag) => start(&mut state, role(dialect, local(&tag)), builder),
            Event::End(tag) => end(&mut state, role(dialect, tag.local_name().as_ref()), builder),
            Event::Empty(tag) => empty(&state, role(dialect, local(&tag)), builder),
            Event::Text(text) if state.collecting() => builder.push_str(&text.xml10_content()),
            Event::CData(text) if state.collecting() => builder.push_str(&text.xml10_content()),
            Event::GeneralRef(reference) if state.collecting() => {
                push_reference(&reference, builder)
            }
            _ => {}
        }
        buffer.clear();
    }
    Ok(())
}

/// A read failure below the XML (the zip reader refusing a member) is a container error; the
/// rest is malformed XML.
fn xml_error(part: &str, error: &quick_xml::Error) -> ExtractError {
    match error {
        quick_xml::Error::Io(io) => ExtractError::Zip(io.to_string().to_lowercase()),
        other => {
            ExtractError::Xml { part: part.to_owned(), message: other.to_string().to_lowercase() }
        }
    }
}

fn local<'a>(tag: &'a BytesStart<'_>) -> &'a str {
    tag.local_name().into_inner()
}

impl WalkState {
    fn collecting(&self) -> bool {
        self.skipping == 0 && self.in_text > 0
    }
}

fn start(state: &mut WalkState, role: Role, builder: &mut TextBuilder) {
    if state.skipping > 0 || role == Role::Skip {
        state.skipping += 1;
        return;
    }
    match role {
        Role::Text | Role::TextBlock => state.in_text += 1,
        Role::Tab | Role::Break | Role::Space | Role::Hyphen => mark(role, builder),
        _ => {}
    }
}

fn end(state: &mut WalkState, role: Role, builder: &mut TextBuilder) {
    if state.skipping > 0 {
        state.skipping -= 1;
        return;
    }
    match role {
        Role::Text => state.in_text = state.in_text.saturating_sub(1),
        Role::TextBlock => {
            state.in_text = state.in_text.saturating_sub(1);
            builder.line_break();
        }
        Role::Line => builder.line_break(),
        Role::Cell => builder.space(),
        _ => {}
    }
}

fn empty(state: &WalkState, role: Role, builder: &mut TextBuilder) {
    if state.skipping > 0 {
        return;
    }
    match role {
        Role::Tab | Role::Break | Role::Space | Role::Hyphen => mark(role, builder),
        Role::TextBlock | Role::Line => builder.line_break(),
        _ => {}
    }
}

/// The character an empty marker element stands for.
fn mark(role: Role, builder: &mut TextBuilder) {
    match role {
        Role::Tab => builder.push_char('\t'),
        Role::Break => builder.line_break(),
        Role::Space => builder.space(),
        Role::Hyphen => builder.push_char('-'),
        _ => {}
    }
}

/// `&amp;`, `&#x4E16;` …: predefined entities and character references.
fn push_reference(reference: &BytesRef<'_>, builder: &mut TextBuilder) {
    if let Ok(Some(c)) = reference.resolve_char_ref() {
        builder.push_char(c);
    } else if let Some(text) =
        quick_xml::escape::resolve_predefined_entity(&reference.xml10_content())
    {
        builder.push_str(text);
    }
}
