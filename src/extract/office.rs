//! DOCX and ODT packages: zip containers read through [`GuardedZip`] (inflate budget and ratio
//! cap), which parts hold text, and in what order; each XML part is then streamed through
//! [`super::office_xml::walk`].
//!
//! DOCX: the main part is the one `[Content_Types].xml` names (then the `_rels/.rels` office
//! document, then `word/document.xml`); footnotes, endnotes, comments, headers, footers and
//! `altChunk` web pages follow it. Password-protected DOCX is not a zip (see `mod.rs`).
//! ODT: `content.xml`, unless the manifest says the parts are encrypted.

use std::io::BufRead;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::Limits;
use super::error::ExtractError;
use super::office_xml::{Dialect, walk};
use super::text::TextBuilder;
use super::zip_guard::GuardedZip;

/// Most bytes read from a small bookkeeping part (`[Content_Types].xml`, `.rels`, `mimetype`).
const SMALL_PART_BYTES: u64 = 1 << 20;
/// Content types (suffixes) of the DOCX parts read after the main one, in reading order. HTML
/// parts are `altChunk` imports: content Word stores as a web page inside the package.
const SECONDARY_PARTS: &[&str] = &[
    "wordprocessingml.footnotes+xml",
    "wordprocessingml.endnotes+xml",
    "wordprocessingml.comments+xml",
    "wordprocessingml.header+xml",
    "wordprocessingml.footer+xml",
    "text/html",
    "application/xhtml+xml",
];

/// The text of a DOCX or ODT file (any other zip is refused).
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let mut zip = GuardedZip::open(bytes, limits.max_decompressed_bytes, limits.max_ratio)?;
    let (dialect, parts) = match docx_parts(&mut zip)? {
        Some(parts) => (Dialect::Word, parts),
        None if is_odf(&mut zip)? => {
            if odf_is_encrypted(&mut zip)? {
                return Err(ExtractError::Encrypted);
            }
            (Dialect::Odf, vec!["content.xml".to_owned()])
        }
        None => {
            return Err(ExtractError::Unsupported(
                "zip archive that is neither docx nor odt".into(),
            ));
        }
    };
    let mut builder = TextBuilder::new(limits.max_output_chars);
    let (main, rest) = parts.split_first().ok_or(ExtractError::NoText)?;
    read_main_part(&mut zip, main, dialect, &mut builder)?;
    for part in rest {
        read_secondary_part(&mut zip, part, dialect, &mut builder)?;
    }
    if builder.is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(builder.finish())
}

/// The main part must exist and parse, though text read before a syntax error is kept.
fn read_main_part(
    zip: &mut GuardedZip<'_>,
    part: &str,
    dialect: Dialect,
    builder: &mut TextBuilder,
) -> Result<(), ExtractError> {
    let name = zip.find(part).ok_or_else(|| ExtractError::MissingPart(part.to_owned()))?;
    match zip.stream(&name, |reader| walk(reader, &name, dialect, builder)) {
        Err(ExtractError::Xml { .. }) if !builder.is_empty() => Ok(()),
        other => other,
    }
}

/// Notes, comments, headers: a missing or malformed one is skipped; limits still stop us.
fn read_secondary_part(
    zip: &mut GuardedZip<'_>,
    part: &str,
    dialect: Dialect,
    builder: &mut TextBuilder,
) -> Result<(), ExtractError> {
    let Some(name) = zip.find(part) else { return Ok(()) };
    builder.paragraph_break();
    let read = if is_html(&name) {
        zip.stream(&name, |reader| read_html(reader, builder))
    } else {
        zip.stream(&name, |reader| walk(reader, &name, dialect, builder))
    };
    match read {
        Err(error @ (ExtractError::InflateLimit { .. } | ExtractError::Ratio { .. })) => Err(error),
        Err(ExtractError::Encrypted) => Err(ExtractError::Encrypted),
        _ => Ok(()),
    }
}

fn is_html(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".htm", ".html", ".xhtml", ".mht"].iter().any(|extension| lower.ends_with(extension))
}

/// An `altChunk` web page, through the HTML extractor, into what is left of the text budget.
fn read_html(reader: &mut dyn BufRead, builder: &mut TextBuilder) -> Result<(), ExtractError> {
    let mut page = Vec::new();
    reader.read_to_end(&mut page)?;
    let text = super::html::extract(&page, builder.remaining())?;
    builder.push_str(&text);
    Ok(())
}

/// The DOCX parts to read (main first), or `None` when this zip is not a word-processing
/// document.
fn docx_parts(zip: &mut GuardedZip<'_>) -> Result<Option<Vec<String>>, ExtractError> {
    let overrides = match zip.read_small("[Content_Types].xml", SMALL_PART_BYTES)? {
        Some(bytes) => content_type_overrides(&bytes),
        None => Vec::new(),
    };
    let Some(main) = main_part(zip, &overrides)? else { return Ok(None) };
    let mut parts = vec![main];
    for wanted in SECONDARY_PARTS {
        let mut found: Vec<String> = overrides
            .iter()
            .filter(|(_, kind)| kind.ends_with(wanted))
            .map(|(part, _)| part.clone())
            .collect();
        found.sort();
        parts.extend(found);
    }
    Ok(Some(parts))
}

/// The main document part: the one `[Content_Types].xml` declares, else the `officeDocument`
/// relationship's target (unless declared as another kind, such as a workbook), else
/// `word/document.xml`.
fn main_part(
    zip: &mut GuardedZip<'_>,
    overrides: &[(String, String)],
) -> Result<Option<String>, ExtractError> {
    let is_word = |kind: &str| kind.contains("wordprocessingml");
    let declared = overrides.iter().find(|(_, kind)| is_word(kind) && kind.ends_with(".main+xml"));
    if let Some((part, _)) = declared {
        return Ok(Some(part.clone()));
    }
    if let Some(target) = office_document_target(zip)? {
        let kind = overrides.iter().find(|(part, _)| part.eq_ignore_ascii_case(&target));
        if kind.is_none_or(|(_, kind)| is_word(kind)) && zip.find(&target).is_some() {
            return Ok(Some(target));
        }
    }
    Ok(zip.find("word/document.xml"))
}

/// `(part name, content type)` of every `<Override>` in `[Content_Types].xml`.
fn content_type_overrides(bytes: &[u8]) -> Vec<(String, String)> {
    let mut overrides = Vec::new();
    each_start_tag(bytes, |tag| {
        if tag.local_name().as_ref() == "Override" {
            let part = attribute(tag, "PartName");
            let kind = attribute(tag, "ContentType");
            if let (Some(part), Some(kind)) = (part, kind) {
                overrides.push((part.trim_start_matches('/').to_owned(), kind));
            }
        }
    });
    overrides
}

/// The target of the `officeDocument` relationship in `_rels/.rels`.
fn office_document_target(zip: &mut GuardedZip<'_>) -> Result<Option<String>, ExtractError> {
    let Some(bytes) = zip.read_small("_rels/.rels", SMALL_PART_BYTES)? else { return Ok(None) };
    let mut target = None;
    each_start_tag(&bytes, |tag| {
        let is_office =
            attribute(tag, "Type").is_some_and(|kind| kind.ends_with("/officeDocument"));
        if target.is_none() && tag.local_name().as_ref() == "Relationship" && is_office {
            target = attribute(tag, "Target").map(|t| t.trim_start_matches('/').to_owned());
        }
    });
    Ok(target)
}

/// Whether the zip is an OpenDocument file: a `mimetype` member naming one, or `content.xml`.
fn is_odf(zip: &mut GuardedZip<'_>) -> Result<bool, ExtractError> {
    if let Some(mimetype) = zip.read_small("mimetype", SMALL_PART_BYTES)? {
        return Ok(mimetype.starts_with(b"application/vnd.oasis.opendocument"));
    }
    Ok(zip.find("content.xml").is_some())
}

/// An OpenDocument file saved with a password lists `encryption-data` in its manifest (its
/// parts are then ciphertext, not XML).
fn odf_is_encrypted(zip: &mut GuardedZip<'_>) -> Result<bool, ExtractError> {
    let manifest = zip.read_small("META-INF/manifest.xml", SMALL_PART_BYTES)?;
    Ok(manifest.is_some_and(|bytes| bytes.windows(15).any(|w| w == b"encryption-data")))
}

/// Calls `visit` on every start or empty tag of a small XML document (errors end the scan).
fn each_start_tag(bytes: &[u8], mut visit: impl FnMut(&BytesStart<'_>)) {
    let mut reader = Reader::from_reader(bytes);
    let mut buffer = Vec::new();
    loop {
        match reader.read_event_into(&mut buffer) {
            Ok(Event::Start(tag) | Event::Empty(tag)) => visit(&tag),
            Ok(Event::Eof) | Err(_) => return,
            Ok(_) => {}
        }
        buffer.clear();
    }
}

/// The unescaped value of the attribute whose local name is `name`.
fn attribute(tag: &BytesStart<'_>, name: &str) -> Option<String> {
    tag.attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .find(|attr| attr.key.local_name().as_ref() == name)
        .and_then(|attr| {
            attr.normalized_value(XmlVersion::Implicit1_0).ok().map(|value| value.into_owned())
        })
}
