//! Reading zip members (DOCX, ODT) under the inflate limits: one budget of
//! [`super::Limits::max_decompressed_bytes`] shared by every member read, and a ratio cap
//! ([`super::Limits::max_ratio`]) checked against the declared sizes before a member is opened
//! and against the bytes actually inflated while it is read. Members are streamed through a
//! counting reader, so a bomb is stopped after at most one buffer past the limit.

use std::io::{self, BufRead, BufReader, Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use super::error::ExtractError;

/// Members inflating to less than this are never refused for their ratio: a bomb needs size,
/// and small, highly repetitive XML parts are common.
const RATIO_FLOOR: u64 = 1 << 20;
/// Read buffer for streamed members.
const BUFFER_BYTES: usize = 64 << 10;

/// A zip archive in memory, read under inflate limits.
pub struct GuardedZip<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes that may still be inflated, across all members.
    budget: u64,
    /// The total budget, for messages.
    limit: u64,
    max_ratio: u64,
}

impl<'a> GuardedZip<'a> {
    /// Opens the archive in `bytes` (reads the central directory only).
    pub fn open(bytes: &'a [u8], limit: u64, max_ratio: u64) -> Result<Self, ExtractError> {
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
        Ok(GuardedZip { archive, budget: limit, limit, max_ratio })
    }

    /// The member named `name`, ignoring ASCII case (OPC part names are case-insensitive).
    pub fn find(&self, name: &str) -> Option<String> {
        let name = name.trim_start_matches('/');
        if self.archive.index_for_name(name).is_some() {
            return Some(name.to_owned());
        }
        self.archive
            .file_names()
            .filter_map(Result::ok)
            .find(|candidate| candidate.eq_ignore_ascii_case(name))
            .map(|candidate| candidate.into_owned())
    }

    /// The whole member `name`, if it exists, read under the limits and at most `cap` bytes.
    pub fn read_small(&mut self, name: &str, cap: u64) -> Result<Option<Vec<u8>>, ExtractError> {
        let Some(name) = self.find(name) else { return Ok(None) };
        self.stream(&name, |reader| {
            let mut bytes = Vec::new();
            reader.take(cap).read_to_end(&mut bytes)?;
            Ok(bytes)
        })
        .map(Some)
    }

    /// Runs `read` over member `name` streamed through the limits. When `read` fails because a
    /// limit tripped, that limit is the error returned, whatever `read` made of it.
    pub fn stream<T>(
        &mut self,
        name: &str,
        read: impl FnOnce(&mut dyn BufRead) -> Result<T, ExtractError>,
    ) -> Result<T, ExtractError> {
        let (limit, max_ratio, budget) = (self.limit, self.max_ratio, self.budget);
        let file = self.archive.by_name(name).map_err(zip_error)?;
        check_declared(name, file.size(), file.compressed_size(), budget, limit, max_ratio)?;
        let compressed = file.compressed_size();
        let guard = Guard { inner: file, read: 0, budget, compressed, max_ratio, tripped: None };
        let mut reader = BufReader::with_capacity(BUFFER_BYTES, guard);
        let result = read(&mut reader);
        let guard = reader.into_inner();
        self.budget = self.budget.saturating_sub(guard.read);
        match guard.tripped {
            Some(Trip::Budget) => Err(ExtractError::InflateLimit { member: name.into(), limit }),
            Some(Trip::Ratio) => Err(ExtractError::Ratio { member: name.into(), max_ratio }),
            None => result,
        }
    }
}

/// Refuses a member whose declared sizes already break the limits.
fn check_declared(
    name: &str,
    size: u64,
    compressed: u64,
    budget: u64,
    limit: u64,
    max_ratio: u64,
) -> Result<(), ExtractError> {
    if size > budget {
        return Err(ExtractError::InflateLimit { member: name.into(), limit });
    }
    if size > RATIO_FLOOR && size / compressed.max(1) > max_ratio {
        return Err(ExtractError::Ratio { member: name.into(), max_ratio });
    }
    Ok(())
}

/// Which limit a [`Guard`] hit.
#[derive(Debug, Clone, Copy)]
enum Trip {
    Budget,
    Ratio,
}

/// Counts inflated bytes and fails the read once a limit is passed.
struct Guard<R> {
    inner: R,
    read: u64,
    budget: u64,
    compressed: u64,
    max_ratio: u64,
    tripped: Option<Trip>,
}

impl<R: Read> Read for Guard<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.tripped.is_some() {
            return Err(io::Error::other("zip limit reached"));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.budget {
            self.tripped = Some(Trip::Budget);
        } else if self.read > RATIO_FLOOR && self.read / self.compressed.max(1) > self.max_ratio {
            self.tripped = Some(Trip::Ratio);
        }
        match self.tripped {
            Some(_) => Err(io::Error::other("zip limit reached")),
            None => Ok(n),
        }
    }
}

/// A zip failure as an extraction error: a password → encrypted, else a broken container.
fn zip_error(error: ZipError) -> ExtractError {
    match error {
        ZipError::UnsupportedArchive(message) if message == ZipError::PASSWORD_REQUIRED => {
            ExtractError::Encrypted
        }
        ZipError::FileNotFound => ExtractError::MissingPart("zip member not found".into()),
        other => ExtractError::Zip(other.to_string().to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(bytes: Vec<u8>, budget: u64, compressed: u64) -> Guard<Cursor<Vec<u8>>> {
        Guard {
            inner: Cursor::new(bytes),
            read: 0,
            budget,
            compressed,
            max_ratio: 100,
            tripped: None,
        }
    }

    #[test]
    fn trips_on_the_inflated_bytes_whatever_the_sizes_declared() {
        let mut over_budget = guard(vec![0; 3 << 20], 2 << 20, 1 << 20);
        assert!(io::copy(&mut over_budget, &mut io::sink()).is_err());
        assert!(matches!(over_budget.tripped, Some(Trip::Budget)));
        assert!(over_budget.read <= (2 << 20) + BUFFER_BYTES as u64);

        let mut over_ratio = guard(vec![0; 3 << 20], 1 << 30, 10_000);
        assert!(io::copy(&mut over_ratio, &mut io::sink()).is_err());
        assert!(matches!(over_ratio.tripped, Some(Trip::Ratio)));

        let mut small = guard(vec![0; 4096], 1 << 20, 1);
        assert_eq!(io::copy(&mut small, &mut io::sink()).ok(), Some(4096));
    }

    #[test]
    fn refuses_declared_sizes_over_the_limits() {
        assert!(check_declared("a", 10 << 20, 1 << 10, 1 << 30, 1 << 30, 100).is_err());
        assert!(check_declared("a", 10 << 20, 1 << 20, 1 << 30, 1 << 30, 100).is_ok());
        assert!(check_declared("a", 10 << 20, 1 << 20, 1 << 20, 1 << 30, 100).is_err());
    }
}
