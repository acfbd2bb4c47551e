//! Why a file yielded no text. Every extractor returns these; [`super::extract_bytes`] turns them
//! into [`super::Outcome::Unavailable`] with the error's (short, lowercase) message as the reason.

/// The longest reason kept; a parser's message can be long and is only a hint.
const MAX_REASON_CHARS: usize = 200;

/// Why extraction stopped without text.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// The file is larger than [`super::Limits::max_input_bytes`] (or a per-format cap).
    #[error("file too large ({size} bytes, limit {limit})")]
    TooLarge {
        /// Its size.
        size: u64,
        /// The limit in force.
        limit: u64,
    },
    /// The file is encrypted and opens with no password we may try.
    #[error("encrypted: a password is needed")]
    Encrypted,
    /// A PDF whose pages carry no text (scanned pages, drawings).
    #[error("no text layer (image-only?)")]
    NoTextLayer,
    /// A document that parsed but holds no text.
    #[error("no text found")]
    NoText,
    /// A format this module does not read (or not what it claims to be).
    #[error("unsupported format: {0}")]
    Unsupported(String),
    /// The PDF parser refused the file.
    #[error("broken pdf: {0}")]
    Pdf(String),
    /// The zip container of a DOCX/ODT could not be read.
    #[error("broken zip container: {0}")]
    Zip(String),
    /// An XML part of a DOCX/ODT is malformed.
    #[error("broken xml in {part}: {message}")]
    Xml {
        /// The zip member.
        part: String,
        /// The parser's message.
        message: String,
    },
    /// A DOCX/ODT lacks the part that holds its text.
    #[error("missing part: {0}")]
    MissingPart(String),
    /// Inflating zip members would pass [`super::Limits::max_decompressed_bytes`].
    #[error("zip member {member} inflates past the limit of {limit} bytes")]
    InflateLimit {
        /// The member being read.
        member: String,
        /// The limit in force.
        limit: u64,
    },
    /// A zip member inflates more than [`super::Limits::max_ratio`] times its compressed size.
    #[error("zip member {member} has a compression ratio above {max_ratio}")]
    Ratio {
        /// The member being read.
        member: String,
        /// The limit in force.
        max_ratio: u64,
    },
    /// HTML nested deeper than the parser is allowed to go.
    #[error("html nested too deeply (over {limit} levels)")]
    TooDeep {
        /// The limit in force.
        limit: usize,
    },
    /// Memory could not be reserved for the input.
    #[error("out of memory reading the input")]
    OutOfMemory,
    /// The input could not be read.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
}

impl ExtractError {
    /// The reason recorded in [`super::Outcome::Unavailable`]: the message, bounded in length.
    pub fn reason(&self) -> String {
        bounded_reason(&self.to_string())
    }
}

/// `message` cut to [`MAX_REASON_CHARS`] on a character boundary, on one line.
pub(crate) fn bounded_reason(message: &str) -> String {
    let one_line: String = message.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    match one_line.char_indices().nth(MAX_REASON_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}
