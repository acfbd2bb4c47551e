//! Plain text, and the charset decoding HTML shares with it: a byte-order mark wins (UTF-8,
//! UTF-16LE/BE), then strict UTF-8, then UTF-16 recognised by its NUL pattern, then `chardetng`'s
//! guess decoded with `encoding_rs` (windows-1252/Latin-1, cp866, windows-1256, Shift_JIS …).
//! A declared charset is never trusted: pages lie about it.

use std::borrow::Cow;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use super::error::ExtractError;
use super::text::TextBuilder;

/// How many leading bytes the UTF-16 and "is this text?" heuristics look at.
const SNIFF_BYTES: usize = 8192;

/// The text of a plain-text file, normalised.
pub fn extract(bytes: &[u8], max_chars: usize) -> Result<String, ExtractError> {
    let text = decode(bytes);
    let mut builder = TextBuilder::new(max_chars);
    builder.push_str(&text);
    if builder.is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(builder.finish())
}

/// `bytes` decoded to UTF-8 (see the module docs for the order of checks); never fails, since
/// the legacy decoders replace what they cannot map.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let body = bytes.get(bom_length..).unwrap_or_default();
        return encoding.decode_without_bom_handling(body).0;
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(text);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding.decode_without_bom_handling(bytes).0;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Allow).decode_without_bom_handling(bytes).0
}

/// UTF-16 without a byte-order mark: mostly-ASCII text leaves NULs in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    if odd * 10 >= pairs * 3 && even * 100 <= pairs {
        Some(UTF_16LE)
    } else if even * 10 >= pairs * 3 && odd * 100 <= pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Whether `bytes` plausibly hold text (used when the media type says nothing): a byte-order
/// mark, or no NULs and few control characters in the first few kilobytes.
pub fn looks_like_text(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some() || utf16_without_bom(bytes).is_some() {
        return true;
    }
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return false;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x1b))
        .count();
    controls * 100 <= head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_encoding() {
        assert_eq!(decode(b"\xef\xbb\xbfcaf\xc3\xa9"), "café");
        assert_eq!(decode(b"\xff\xfec\0a\0f\0\xe9\0"), "café");
        let utf16: Vec<u8> = "le café noir".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&utf16), "le café noir");
        let latin1 = decode(b"Le caf\xe9 est tr\xe8s bon, d\xe9j\xe0 pr\xeat.");
        assert_eq!(latin1, "Le café est très bon, déjà prêt.");
    }

    #[test]
    fn tells_text_from_binary() {
        assert!(looks_like_text(b"hello\nworld"));
        assert!(!looks_like_text(b"\x00\x01\x02\x03binary"));
    }
}
