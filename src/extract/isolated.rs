//! The parent's side of a worker: spawn `plenary extract-worker`, read at most a bounded
//! amount of its stdout (and a little stderr, to name crashes), kill it at the timeout, and
//! turn every way it can end into an [`Outcome`]. Nothing here panics or waits without bound.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt};
use tokio::process::Command;

use super::error::bounded_reason;
use super::{Limits, Outcome, worker};

/// Extra stdout allowed beyond the text itself (JSON framing and escapes).
const OUTPUT_SLACK_BYTES: usize = 64 << 10;
/// How much of the worker's stderr is kept to explain a crash.
const STDERR_BYTES: usize = 8 << 10;
/// `SIGKILL`: what the parent's kill (or the kernel) sends.
const SIGKILL: i32 = 9;
/// `SIGXCPU`: the CPU limit was reached.
const SIGXCPU: i32 = 24;

/// Runs one extraction in a worker process (see the module docs).
pub async fn run(exe: &Path, path: &Path, media_type: &str, limits: &Limits) -> Outcome {
    let mut command = Command::new(exe);
    command
        .arg("extract-worker")
        .args(worker::command_args(path, media_type, limits))
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(error) => return unavailable(&format!("cannot start the extractor: {error}")),
    };
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        return unavailable("cannot read the extractor's output");
    };
    let output_cap = limits.max_output_chars.saturating_mul(4).saturating_add(OUTPUT_SLACK_BYTES);
    let finished = async {
        let (out, err, status) = tokio::join!(
            read_capped(stdout, output_cap),
            read_capped(stderr, STDERR_BYTES),
            child.wait()
        );
        (out, err, status)
    };
    let result = tokio::time::timeout(limits.timeout, finished).await;
    match result {
        Ok((out, err, Ok(status))) => interpret(status, &out, &err, limits),
        Ok((_, _, Err(error))) => unavailable(&format!("cannot wait for the extractor: {error}")),
        Err(_) => {
            // kill_on_drop would do it too; killing and reaping now frees the slot at once.
            let _ = child.kill().await;
            unavailable(&format!("timed out after {}", human_duration(limits.timeout)))
        }
    }
}

/// What a worker's stream said: at most `cap` bytes, and whether it said more. The rest is
/// drained so the worker never blocks on a full pipe.
struct Captured {
    bytes: Vec<u8>,
    overflowed: bool,
}

async fn read_capped(mut stream: impl AsyncRead + Unpin, cap: usize) -> Captured {
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 << 10];
    let mut overflowed = false;
    loop {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = cap.saturating_sub(bytes.len());
                bytes.extend_from_slice(&chunk[..n.min(room)]);
                overflowed |= n > room;
            }
        }
    }
    Captured { bytes, overflowed }
}

/// The outcome of a worker that exited (or was killed by a signal).
fn interpret(status: ExitStatus, out: &Captured, err: &Captured, limits: &Limits) -> Outcome {
    if !status.success() {
        let stderr = String::from_utf8_lossy(&err.bytes);
        tracing::debug!(%status, stderr = %stderr.trim(), "extraction worker failed");
    }
    if let Some(signal) = status.signal() {
        return unavailable(&crash_reason(Some(signal), &err.bytes, limits));
    }
    if !status.success() {
        return unavailable(&crash_reason(None, &err.bytes, limits));
    }
    if out.overflowed {
        return unavailable("extractor output exceeded its limit");
    }
    parse_outcome(&out.bytes)
}

/// The last non-empty stdout line as an [`Outcome`] (a library printing to stdout before it
/// cannot confuse us).
fn parse_outcome(stdout: &[u8]) -> Outcome {
    let text = String::from_utf8_lossy(stdout);
    let last_line = text.lines().rev().find(|line| !line.trim().is_empty());
    match last_line.map(serde_json::from_str::<Outcome>) {
        Some(Ok(Outcome::Unavailable { reason })) => unavailable(&reason),
        Some(Ok(outcome)) => outcome,
        Some(Err(_)) => unavailable("extractor produced unreadable output"),
        None => unavailable("extractor produced no output"),
    }
}

/// Names a crash from the signal and what the Rust runtime printed before aborting.
fn crash_reason(signal: Option<i32>, stderr: &[u8], limits: &Limits) -> String {
    let stderr = String::from_utf8_lossy(stderr);
    if stderr.contains("has overflowed its stack") || stderr.contains("stack overflow") {
        return "extractor crashed: stack overflow".into();
    }
    if stderr.contains("memory allocation of") || stderr.contains("out of memory") {
        return format!("out of memory (limit {} MiB)", limits.memory_bytes >> 20);
    }
    match signal {
        Some(SIGXCPU) => "cpu time limit exceeded".into(),
        Some(SIGKILL) => "extractor killed (signal 9)".into(),
        Some(signal) => format!("extractor crashed (signal {signal})"),
        None => "extractor failed".into(),
    }
}

fn unavailable(reason: &str) -> Outcome {
    Outcome::Unavailable { reason: bounded_reason(reason) }
}

/// `60 s`, `1.5 s`, `5 ms`.
fn human_duration(duration: Duration) -> String {
    if duration >= Duration::from_secs(1) && duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else if duration >= Duration::from_secs(1) {
        format!("{:.1} s", duration.as_secs_f64())
    } else {
        format!("{} ms", duration.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_last_json_line() {
        let out = b"noise from a library\n{\"status\":\"text\",\"text\":\"hi\"}\n";
        assert_eq!(parse_outcome(out), Outcome::Text { text: "hi".into() });
        assert!(matches!(parse_outcome(b"garbage"), Outcome::Unavailable { .. }));
    }

    #[test]
    fn names_crashes() {
        let limits = Limits::default();
        let overflow = b"thread 'main' has overflowed its stack\nfatal runtime error";
        assert_eq!(crash_reason(Some(6), overflow, &limits), "extractor crashed: stack overflow");
        let oom = b"memory allocation of 1048576 bytes failed\n";
        assert_eq!(crash_reason(Some(6), oom, &limits), "out of memory (limit 1024 MiB)");
        assert_eq!(crash_reason(Some(11), b"", &limits), "extractor crashed (signal 11)");
        assert_eq!(human_duration(Duration::from_secs(60)), "60 s");
        assert_eq!(human_duration(Duration::from_millis(5)), "5 ms");
    }
}
