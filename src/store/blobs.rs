//! Files by SHA-256. An upload streams into a temporary file while it is hashed and counted, is
//! fsynced, then renamed to `sha256/<2 hex>/<64 hex>` and the directory fsynced, so a file is
//! either wholly present under its hash or absent. Temporary files left by a crash are removed at
//! open.

use std::io;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use sha2::Digest;
use tokio::io::AsyncWriteExt;

use crate::model::Sha256;

/// Why a file was not stored.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// More bytes arrived than the limit allows.
    #[error("file exceeds the limit of {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// The bytes that arrived do not hash to what was expected.
    #[error("file bytes hash to {actual}, expected {expected}")]
    HashMismatch {
        /// What the caller said.
        expected: Sha256,
        /// What arrived.
        actual: Sha256,
    },
    /// The upload stream failed (client went away, timeout).
    #[error("upload interrupted: {0}")]
    Interrupted(String),
    /// Disk I/O failed.
    #[error("file store i/o: {0}")]
    Io(#[from] io::Error),
}

/// The content-addressed file directory.
#[derive(Debug, Clone)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    /// Opens (creating) the directory and removes temporary files a crash left behind.
    pub fn open(root: &Path) -> io::Result<BlobStore> {
        let store = BlobStore { root: root.to_path_buf() };
        std::fs::create_dir_all(store.files_dir())?;
        let tmp = store.tmp_dir();
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp)?;
        }
        std::fs::create_dir_all(&tmp)?;
        Ok(store)
    }

    fn files_dir(&self) -> PathBuf {
        self.root.join("sha256")
    }

    fn tmp_dir(&self) -> PathBuf {
        self.root.join("tmp")
    }

    /// Where the file with this hash lives (whether or not it exists).
    pub fn path(&self, sha256: &Sha256) -> PathBuf {
        let hex = sha256.to_string();
        self.files_dir().join(&hex[..2]).join(hex)
    }

    /// The size of the stored file, if present.
    pub fn size(&self, sha256: &Sha256) -> Option<u64> {
        std::fs::metadata(self.path(sha256)).ok().filter(|m| m.is_file()).map(|m| m.len())
    }

    /// Streams `chunks` to disk, refusing more than `limit` bytes; returns hash and size once
    /// the file is durable under its hash.
    pub async fn put_stream<S, E>(&self, chunks: S, limit: u64) -> Result<(Sha256, u64), BlobError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let tmp_path =
            self.tmp_dir().join(format!("upload-{}", hex::encode(rand::random::<[u8; 16]>())));
        let result = self.write_tmp(chunks, limit, &tmp_path).await;
        match result {
            Ok((sha256, size)) => {
                self.install(&tmp_path, &sha256).await?;
                Ok((sha256, size))
            }
            Err(err) => {
                let _ = tokio::fs::remove_file(&tmp_path).await;
                Err(err)
            }
        }
    }

    /// Stores bytes already in memory and checks them against `expected` when given.
    pub async fn put_bytes(
        &self,
        bytes: Bytes,
        expected: Option<Sha256>,
    ) -> Result<Sha256, BlobError> {
        let actual = Sha256::of(&bytes);
        if let Some(expected) = expected.filter(|e| *e != actual) {
            return Err(BlobError::HashMismatch { expected, actual });
        }
        let stream = futures_util::stream::iter([Ok::<Bytes, io::Error>(bytes)]);
        self.put_stream(stream, u64::MAX).await.map(|(sha256, _)| sha256)
    }

    async fn write_tmp<S, E>(
        &self,
        mut chunks: S,
        limit: u64,
        tmp_path: &Path,
    ) -> Result<(Sha256, u64), BlobError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let mut file = tokio::fs::File::create(tmp_path).await?;
        let mut hasher = sha2::Sha256::new();
        let mut size = 0u64;
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|err| BlobError::Interrupted(err.to_string()))?;
            size += chunk.len() as u64;
            if size > limit {
                return Err(BlobError::TooLarge { limit });
            }
            hasher.update(&chunk);
            file.write_all(&chunk).await?;
        }
        file.sync_all().await?;
        Ok((Sha256(hasher.finalize().into()), size))
    }

    async fn install(&self, tmp_path: &Path, sha256: &Sha256) -> Result<(), BlobError> {
        let target = self.path(sha256);
        let dir = target.parent().map(Path::to_path_buf).unwrap_or_else(|| self.files_dir());
        tokio::fs::create_dir_all(&dir).await?;
        if tokio::fs::try_exists(&target).await? {
            tokio::fs::remove_file(tmp_path).await?;
            return Ok(());
        }
        tokio::fs::rename(tmp_path, &target).await?;
        let dir_handle = tokio::fs::File::open(&dir).await?;
        dir_handle.sync_all().await?;
        Ok(())
    }

    /// Deletes a file's bytes (retractions); absent files are fine.
    pub fn delete(&self, sha256: &Sha256) -> io::Result<()> {
        match std::fs::remove_file(self.path(sha256)) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => Err(err),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: &[&'static [u8]]) -> impl Stream<Item = Result<Bytes, io::Error>> + Unpin {
        futures_util::stream::iter(
            parts.iter().map(|p| Ok(Bytes::from_static(p))).collect::<Vec<_>>(),
        )
    }

    #[tokio::test]
    async fn stores_by_hash_and_matches_sha256sum() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path()).unwrap();
        let (sha, size) = blobs.put_stream(chunks(&[b"hello ", b"world\n"]), 100).await.unwrap();
        // `printf 'hello world\n' | sha256sum`
        assert_eq!(
            sha.to_string(),
            "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447"
        );
        assert_eq!(size, 12);
        assert_eq!(std::fs::read(blobs.path(&sha)).unwrap(), b"hello world\n");
        assert_eq!(blobs.size(&sha), Some(12));
    }

    #[tokio::test]
    async fn too_large_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path()).unwrap();
        let err = blobs.put_stream(chunks(&[b"12345", b"67890"]), 8).await.unwrap_err();
        assert!(matches!(err, BlobError::TooLarge { limit: 8 }));
        assert_eq!(std::fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
        assert_eq!(std::fs::read_dir(dir.path().join("sha256")).unwrap().count(), 0);
    }

    #[tokio::test]
    async fn reopening_clears_temporary_files() {
        let dir = tempfile::tempdir().unwrap();
        BlobStore::open(dir.path()).unwrap();
        std::fs::write(dir.path().join("tmp/upload-stale"), b"half").unwrap();
        BlobStore::open(dir.path()).unwrap();
        assert_eq!(std::fs::read_dir(dir.path().join("tmp")).unwrap().count(), 0);
    }

    #[tokio::test]
    async fn put_bytes_checks_the_expected_hash() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path()).unwrap();
        let err =
            blobs.put_bytes(Bytes::from_static(b"x"), Some(Sha256([0; 32]))).await.unwrap_err();
        assert!(matches!(err, BlobError::HashMismatch { .. }));
    }
}
