//! Which extractor reads a file. Magic bytes win over the declared media type for binary
//! containers (`%PDF-`, a zip, an OLE2 compound file); the media type decides among text
//! formats; a generic or unknown type falls back to sniffing HTML or plain text.

use super::plain;

/// The signature of an OLE2 compound file (legacy Office, and password-protected OOXML).
const OLE2_MAGIC: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
/// How far into the file `%PDF-` may start (some files carry a BOM or junk first).
const PDF_HEADER_WINDOW: usize = 1024;
/// Declared types whose files must carry magic bytes: without them the file is broken, and
/// reading its bytes as text would index garbage.
const CONTAINER_TYPES: &[&str] = &[
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.oasis.opendocument.text",
    "application/zip",
];
/// How much of a text file is inspected for HTML markers.
const HTML_SNIFF_BYTES: usize = 1024;

/// A file format this module can read, or a container to look inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PDF.
    Pdf,
    /// A zip: DOCX or ODT, decided by its members.
    Zip,
    /// An OLE2 compound file: encrypted OOXML or a legacy binary document.
    Ole2,
    /// HTML or XHTML.
    Html,
    /// Plain text.
    Plain,
    /// Nothing readable.
    Unknown,
}

/// The format of `bytes`, declared as `media_type`.
pub fn format(bytes: &[u8], media_type: &str) -> Format {
    if let Some(format) = by_magic(bytes) {
        return format;
    }
    let media_type = essence(media_type);
    match media_type.as_str() {
        "text/html" | "application/xhtml+xml" => Format::Html,
        _ if media_type.starts_with("text/") => Format::Plain,
        _ if CONTAINER_TYPES.contains(&media_type.as_str()) => Format::Unknown,
        _ if looks_like_html(bytes) => Format::Html,
        _ if plain::looks_like_text(bytes) => Format::Plain,
        _ => Format::Unknown,
    }
}

fn by_magic(bytes: &[u8]) -> Option<Format> {
    let head = &bytes[..bytes.len().min(PDF_HEADER_WINDOW)];
    if bytes.starts_with(OLE2_MAGIC) {
        Some(Format::Ole2)
    } else if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some(Format::Zip)
    } else if head.windows(5).any(|window| window == b"%PDF-") {
        Some(Format::Pdf)
    } else {
        None
    }
}

/// The lowercased `type/subtype` of a media type, without parameters.
fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether the start of `bytes` looks like an HTML page: `<!doctype html`, `<html`, `<head`
/// or `<body` early on. Works on UTF-8 and ASCII-compatible bytes; UTF-16 pages are decoded first.
fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(HTML_SNIFF_BYTES * 4)];
    let decoded = plain::decode(head);
    let lower: String = decoded.chars().take(HTML_SNIFF_BYTES).collect::<String>().to_lowercase();
    ["<!doctype html", "<html", "<head", "<body"].iter().any(|marker| lower.contains(marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_beats_the_media_type() {
        assert_eq!(format(b"%PDF-1.4\n", "text/plain"), Format::Pdf);
        assert_eq!(format(b"\xef\xbb\xbf%PDF-1.4\n", "application/octet-stream"), Format::Pdf);
        assert_eq!(format(b"PK\x03\x04....", "application/pdf"), Format::Zip);
        assert_eq!(format(OLE2_MAGIC, "application/msword"), Format::Ole2);
    }

    #[test]
    fn text_formats_follow_the_media_type_or_content() {
        assert_eq!(format(b"<p>hi</p>", "text/html; charset=utf-8"), Format::Html);
        assert_eq!(format(b"hello", "text/plain"), Format::Plain);
        assert_eq!(format(b"<!DOCTYPE html><p>x", "application/octet-stream"), Format::Html);
        assert_eq!(format(b"just words", "application/octet-stream"), Format::Plain);
        assert_eq!(format(b"\x00\x01\x02\x03", "application/octet-stream"), Format::Unknown);
        assert_eq!(format(b"1 0 obj << >> endobj", "application/pdf"), Format::Unknown);
    }
}
