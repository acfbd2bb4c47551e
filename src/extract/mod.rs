//! Text extraction from attached files (PDF, DOCX, ODT, HTML, plain text). Untrusted files are
//! parsed in a separate worker process (`plenary extract-worker`, hidden) with memory, CPU and
//! wall-clock limits, so a hostile or broken file can cost at most one killed child process.
//! A file that yields no text is recorded as unavailable with the reason; extraction never
//! fails the caller.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Bounds on one extraction.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Limits {
    /// Largest input file read.
    pub max_input_bytes: u64,
    /// Most characters of text kept.
    pub max_output_chars: usize,
    /// Most bytes inflated from a zip container (DOCX, ODT) or compressed streams.
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
pub async fn extract_isolated(
    exe: &Path,
    path: &Path,
    media_type: &str,
    limits: &Limits,
) -> Outcome {
    let _ = (exe, path, media_type, limits);
    Outcome::Unavailable { reason: "extraction not built yet".into() }
}

/// The binary that runs extraction workers: this process's own executable.
pub fn worker_executable() -> Option<PathBuf> {
    std::env::current_exe().ok()
}

pub mod worker {
    //! The worker process's entry point (`plenary extract-worker`).

    use std::process::ExitCode;

    /// Arguments of the hidden `extract-worker` command.
    #[derive(clap::Args, Debug)]
    pub struct WorkerArgs {
        /// The file to read
        pub file: std::path::PathBuf,
    }

    /// Runs one extraction and prints its outcome as JSON on stdout.
    pub fn run(args: &WorkerArgs) -> ExitCode {
        let _ = args;
        ExitCode::FAILURE
    }
}
