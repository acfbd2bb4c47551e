//! Text extraction from attached files (PDF, DOCX, ODT, HTML, plain text). Untrusted files are
//! parsed in a separate worker process (`plenary extract-worker`, hidden) with memory, CPU and
//! wall-clock limits, so a hostile or broken file can cost at most one killed child process.
//! A file that yields no text is recorded as unavailable with the reason; extraction never
//! fails the caller.
//!
//! | file | owns |
//! |---|---|
//! | `mod.rs` | [`Limits`], [`Outcome`], [`extract_isolated`] (the node's entry), [`extract_bytes`] (in-process dispatch) |
//! | `isolated.rs` | the parent side: spawn, timeout, bounded output, crash → reason |
//! | `worker.rs` | the worker: its command line, self-imposed rlimits, JSON on stdout |
//! | `sniff.rs` | which extractor reads a file (magic bytes, media type, content) |
//! | `pdf.rs` | PDF via `pdf_oxide`: empty-password unlock, page limit, image-only detection |
//! | `office.rs` | DOCX and ODT packages: which parts hold text, in what order |
//! | `office_xml.rs` | the streaming `quick-xml` walk over one DOCX/ODT part |
//! | `zip_guard.rs` | zip members read under the inflate budget and ratio cap |
//! | `html.rs` | HTML via `scraper`, nesting guard, iterative text walk |
//! | `plain.rs` | charset decoding (BOM, strict UTF-8, UTF-16, `chardetng`) and plain text |
//! | `text.rs` | output normalisation and the character budget |
//! | `error.rs` | the typed errors and how they read as reasons |

mod error;
mod html;
mod isolated;
mod office;
mod office_xml;
mod pdf;
mod plain;
mod sniff;
mod text;
pub mod worker;
mod zip_guard;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use error::ExtractError;
use sniff::Format;

/// HTML parsing takes many times the page's size in memory (about 75× for a page of tiny
/// paragraphs); pages larger than the worker's memory limit divided by this are refused with a
/// reason rather than left to exhaust it.
const HTML_MEMORY_FACTOR: u64 = 32;

/// Bounds on one extraction.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Limits {
    /// Largest input file read.
    pub max_input_bytes: u64,
    /// Most characters of text kept.
    pub max_output_chars: usize,
    /// Most bytes inflated from a zip container (DOCX, ODT), across its members. (PDF streams
    /// are bounded by pdf_oxide's own cap of 100 MB each and by `memory_bytes`.)
    pub max_decompressed_bytes: u64,
    /// Largest inflate ratio tolerated for one zip member.
    pub max_ratio: u64,
    /// Most PDF pages read.
    pub max_pages: usize,
    /// Wall-clock time for one file.
    pub timeout: Duration,
    /// Address-space limit of the worker process.
    pub memory_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 256 << 20,
            max_output_chars: 4_000_000,
            max_decompressed_bytes: 256 << 20,
            max_ratio: 200,
            max_pages: 2_000,
            timeout: Duration::from_secs(60),
            memory_bytes: 1 << 30,
        }
    }
}

/// What extraction produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Text was found.
    Text {
        /// The text, normalised to UTF-8.
        text: String,
    },
    /// No text could be had; why (encrypted, image-only, broken, too large, timed out …).
    Unavailable {
        /// A short lowercase reason.
        reason: String,
    },
}

/// Extracts text from `path` in a worker process started from `exe` (the `plenary` binary).
///
/// The worker is killed after `limits.timeout`; a crash, a kill, a timeout or unreadable output
/// all come back as [`Outcome::Unavailable`] with the reason. This never panics.
pub async fn extract_isolated(
    exe: &Path,
    path: &Path,
    media_type: &str,
    limits: &Limits,
) -> Outcome {
    isolated::run(exe, path, media_type, limits).await
}

/// The binary that runs extraction workers: this process's own executable.
pub fn worker_executable() -> Option<PathBuf> {
    std::env::current_exe().ok()
}

/// Extracts text from `bytes` in this process. The worker calls this; tests and benchmarks may
/// too, but the node must use [`extract_isolated`]: a hostile file can overflow the stack or
/// exhaust memory inside a parser, which no in-process guard can stop. Panics inside a parser
/// are caught and reported.
pub fn extract_bytes(bytes: &[u8], media_type: &str, limits: &Limits) -> Outcome {
    let result =
        std::panic::catch_unwind(AssertUnwindSafe(|| extract_text(bytes, media_type, limits)));
    match result {
        Ok(Ok(text)) => Outcome::Text { text },
        Ok(Err(error)) => Outcome::Unavailable { reason: error.reason() },
        Err(panic) => Outcome::Unavailable { reason: panic_reason(panic.as_ref()) },
    }
}

/// Dispatches on the sniffed format.
fn extract_text(bytes: &[u8], media_type: &str, limits: &Limits) -> Result<String, ExtractError> {
    let size = bytes.len() as u64;
    if size > limits.max_input_bytes {
        return Err(ExtractError::TooLarge { size, limit: limits.max_input_bytes });
    }
    let text = match sniff::format(bytes, media_type) {
        Format::Pdf => pdf::extract(bytes, limits)?,
        Format::Zip => office::extract(bytes, limits)?,
        Format::Ole2 => return Err(ole2_error(bytes)),
        Format::Html => {
            let limit = limits.memory_bytes / HTML_MEMORY_FACTOR;
            if size > limit {
                return Err(ExtractError::TooLarge { size, limit });
            }
            html::extract(bytes, limits.max_output_chars)?
        }
        Format::Plain => plain::extract(bytes, limits.max_output_chars)?,
        Format::Unknown => {
            let message = format!("unrecognised content (declared {media_type})");
            return Err(ExtractError::Unsupported(message));
        }
    };
    if text.trim().is_empty() {
        return Err(ExtractError::NoText);
    }
    Ok(text)
}

/// An OLE2 file holding an `EncryptionInfo` stream is password-protected OOXML; any other is a
/// legacy binary Office document, which this module does not read.
fn ole2_error(bytes: &[u8]) -> ExtractError {
    let marker: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
    if bytes.windows(marker.len()).any(|window| window == marker.as_slice()) {
        ExtractError::Encrypted
    } else {
        ExtractError::Unsupported("legacy ole2 office document".into())
    }
}

fn panic_reason(panic: &(dyn std::any::Any + Send)) -> String {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    error::bounded_reason(&format!("extractor panicked: {message}"))
}
