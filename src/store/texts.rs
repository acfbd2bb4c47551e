//! Extracted text by file hash: `texts/<2 hex>/<64 hex>.json`, one small JSON document per file
//! (the extraction outcome), written atomically. Extraction is deterministic per file, so the
//! index is rebuilt without extracting anything twice.

use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::model::Sha256;

/// The directory of extraction outcomes.
#[derive(Debug, Clone)]
pub struct TextCache {
    root: PathBuf,
}

impl TextCache {
    /// Opens (creating) the directory.
    pub fn open(root: &Path) -> io::Result<TextCache> {
        std::fs::create_dir_all(root)?;
        Ok(TextCache { root: root.to_path_buf() })
    }

    fn path(&self, sha256: &Sha256) -> PathBuf {
        let hex = sha256.to_string();
        self.root.join(&hex[..2]).join(format!("{hex}.json"))
    }

    /// The stored outcome for a file, if any (an unreadable entry counts as absent).
    pub fn get<T: DeserializeOwned>(&self, sha256: &Sha256) -> Option<T> {
        let bytes = std::fs::read(self.path(sha256)).ok()?;
        serde_json::from_slice(&bytes).ok()
    }

    /// Stores the outcome for a file (write to a temporary name, then rename).
    pub fn put<T: Serialize>(&self, sha256: &Sha256, outcome: &T) -> io::Result<()> {
        let path = self.path(sha256);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension(format!("tmp{}", rand::random::<u32>()));
        std::fs::write(&tmp, serde_json::to_vec(outcome).map_err(io::Error::other)?)?;
        std::fs::rename(&tmp, &path)
    }

    /// Forgets a file's text (its bytes were retracted).
    pub fn remove(&self, sha256: &Sha256) -> io::Result<()> {
        match std::fs::remove_file(self.path(sha256)) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_forgets() {
        let dir = tempfile::tempdir().unwrap();
        let cache = TextCache::open(dir.path()).unwrap();
        let sha = Sha256([3; 32]);
        assert_eq!(cache.get::<String>(&sha), None);
        cache.put(&sha, &"text".to_string()).unwrap();
        assert_eq!(cache.get::<String>(&sha).as_deref(), Some("text"));
        cache.remove(&sha).unwrap();
        assert_eq!(cache.get::<String>(&sha), None);
    }
}
