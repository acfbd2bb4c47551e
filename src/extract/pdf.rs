//! PDF through `pdf_oxide`, page by page up to [`super::Limits::max_pages`]. An encrypted file
//! is read only if it opens with the empty user password (pdf_oxide tries it when opening; we
//! try again explicitly); otherwise it is reported as encrypted, because pdf_oxide would
//! return empty text rather than an error. Pages that fail are skipped; a document whose pages
//! yield nothing is "no text layer". pdf_oxide bounds each inflated stream itself (100 MB,
//! ratio 100); the worker's address-space limit bounds the rest.

use pdf_oxide::{Error as PdfError, PdfDocument};

use super::Limits;
use super::error::ExtractError;
use super::text::TextBuilder;

/// The text of a PDF, pages separated by blank lines.
pub fn extract(bytes: &[u8], limits: &Limits) -> Result<String, ExtractError> {
    let document = PdfDocument::from_bytes(bytes.to_vec()).map_err(pdf_error)?;
    unlock(&document)?;
    let pages = document.page_count().map_err(pdf_error)?;
    let mut builder = TextBuilder::new(limits.max_output_chars);
    let mut last_error = None;
    let mut failed = 0;
    let wanted = pages.min(limits.max_pages);
    for page in 0..wanted {
        match document.extract_text(page) {
            Ok(text) => {
                builder.push_str(&text);
                builder.paragraph_break();
            }
            Err(error) => {
                failed += 1;
                last_error = Some(error);
            }
        }
        if builder.is_full() {
            break;
        }
    }
    if !builder.is_empty() {
        return Ok(builder.finish());
    }
    match last_error {
        Some(error) if failed == wanted => Err(pdf_error(error)),
        _ => Err(ExtractError::NoTextLayer),
    }
}

/// Fails with [`ExtractError::Encrypted`] unless the document is readable: not encrypted, or
/// opened with the empty user password.
fn unlock(document: &PdfDocument) -> Result<(), ExtractError> {
    if !document.is_encrypted() || document.is_authenticated() {
        return Ok(());
    }
    match document.authenticate(b"") {
        Ok(true) if document.is_authenticated() => Ok(()),
        _ => Err(ExtractError::Encrypted),
    }
}

/// pdf_oxide's error as a reason: its message up to the first nested detail (some carry a
/// debug dump of the bytes that failed to parse).
fn pdf_error(error: PdfError) -> ExtractError {
    match error {
        PdfError::EncryptedPdf => ExtractError::Encrypted,
        other => {
            let message = other.to_string().to_lowercase();
            let head = message.split(['(', '{', '[']).next().unwrap_or_default();
            ExtractError::Pdf(head.trim().trim_end_matches(':').to_owned())
        }
    }
}
