//! The worker process (`plenary extract-worker`, hidden): it limits itself first (address
//! space, CPU seconds, no core dumps, no file writes), reads one file, extracts in-process with
//! [`super::extract_bytes`], and prints the [`super::Outcome`] as one line of JSON on stdout.
//! Anything that kills it instead (stack overflow, memory exhaustion, the parent's timeout) is
//! interpreted by the parent (`isolated.rs`). This file also owns the command line, both
//! how it is parsed ([`WorkerArgs`]) and how the parent builds it ([`command_args`]).

use std::ffi::OsString;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use rlimit::Resource;

use super::error::ExtractError;
use super::{Limits, Outcome, extract_bytes};

/// Arguments of the hidden `extract-worker` command.
#[derive(clap::Args, Debug)]
pub struct WorkerArgs {
    /// Declared media type of the file (sniffed when generic or wrong)
    #[arg(long, default_value = "application/octet-stream")]
    pub media_type: String,
    /// Largest input read, in bytes
    #[arg(long, default_value_t = Limits::default().max_input_bytes)]
    pub max_input_bytes: u64,
    /// Most characters of text kept
    #[arg(long, default_value_t = Limits::default().max_output_chars)]
    pub max_output_chars: usize,
    /// Most bytes inflated from zip members
    #[arg(long, default_value_t = Limits::default().max_decompressed_bytes)]
    pub max_decompressed_bytes: u64,
    /// Largest inflate ratio of one zip member
    #[arg(long, default_value_t = Limits::default().max_ratio)]
    pub max_ratio: u64,
    /// Most PDF pages read
    #[arg(long, default_value_t = Limits::default().max_pages)]
    pub max_pages: usize,
    /// Wall-clock budget in milliseconds (the CPU limit is derived from it)
    #[arg(long, default_value_t = 60_000)]
    pub timeout_ms: u64,
    /// Address-space limit in bytes
    #[arg(long, default_value_t = Limits::default().memory_bytes)]
    pub memory_bytes: u64,
    /// The file to read
    pub file: PathBuf,
}

impl WorkerArgs {
    /// The limits these arguments describe.
    pub fn limits(&self) -> Limits {
        Limits {
            max_input_bytes: self.max_input_bytes,
            max_output_chars: self.max_output_chars,
            max_decompressed_bytes: self.max_decompressed_bytes,
            max_ratio: self.max_ratio,
            max_pages: self.max_pages,
            timeout: Duration::from_millis(self.timeout_ms),
            memory_bytes: self.memory_bytes,
        }
    }
}

/// The arguments after `extract-worker` that make a worker read `file` under `limits`.
pub fn command_args(file: &Path, media_type: &str, limits: &Limits) -> Vec<OsString> {
    let timeout_ms = u64::try_from(limits.timeout.as_millis()).unwrap_or(u64::MAX);
    let mut args: Vec<OsString> = [
        ("--media-type", media_type.to_owned()),
        ("--max-input-bytes", limits.max_input_bytes.to_string()),
        ("--max-output-chars", limits.max_output_chars.to_string()),
        ("--max-decompressed-bytes", limits.max_decompressed_bytes.to_string()),
        ("--max-ratio", limits.max_ratio.to_string()),
        ("--max-pages", limits.max_pages.to_string()),
        ("--timeout-ms", timeout_ms.to_string()),
        ("--memory-bytes", limits.memory_bytes.to_string()),
    ]
    .into_iter()
    .map(|(flag, value)| OsString::from(format!("{flag}={value}")))
    .collect();
    args.push("--".into());
    args.push(file.as_os_str().to_owned());
    args
}

/// Runs one extraction and prints its outcome as JSON on stdout.
pub fn run(args: &WorkerArgs) -> ExitCode {
    let limits = args.limits();
    let outcome = match limit_self(&limits) {
        Ok(()) => match read_input(&args.file, limits.max_input_bytes) {
            Ok(bytes) => extract_bytes(&bytes, &args.media_type, &limits),
            Err(error) => Outcome::Unavailable { reason: error.reason() },
        },
        Err(error) => Outcome::Unavailable {
            reason: format!("cannot limit the extractor's resources: {error}"),
        },
    };
    print_outcome(&outcome)
}

/// Address space, CPU seconds (the wall-clock budget rounded up, plus one), no core files, no
/// file writes (so stdout must be a pipe, as the parent makes it). A limit can only be lowered:
/// an existing lower hard limit is kept.
fn limit_self(limits: &Limits) -> std::io::Result<()> {
    let timeout = limits.timeout;
    let cpu_seconds = timeout.as_secs() + u64::from(timeout.subsec_nanos() > 0) + 1;
    lower(Resource::AS, limits.memory_bytes)?;
    lower(Resource::CPU, cpu_seconds)?;
    lower(Resource::CORE, 0)?;
    lower(Resource::FSIZE, 0)
}

fn lower(resource: Resource, wanted: u64) -> std::io::Result<()> {
    let (_, hard) = resource.get()?;
    let value = wanted.min(hard);
    resource.set(value, value)
}

/// The file's bytes, refused past `limit` and read with a fallible reservation so a memory
/// limit below the file size is reported rather than aborting.
fn read_input(path: &Path, limit: u64) -> Result<Vec<u8>, ExtractError> {
    let file = File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(ExtractError::TooLarge { size, limit });
    }
    let mut bytes = Vec::new();
    let capacity = usize::try_from(size).map_err(|_| ExtractError::OutOfMemory)?;
    bytes.try_reserve_exact(capacity).map_err(|_| ExtractError::OutOfMemory)?;
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ExtractError::TooLarge { size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

fn print_outcome(outcome: &Outcome) -> ExitCode {
    let Ok(json) = serde_json::to_string(outcome) else { return ExitCode::FAILURE };
    let mut stdout = std::io::stdout().lock();
    match writeln!(stdout, "{json}").and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}
