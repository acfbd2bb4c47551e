//! Files by SHA-256. An upload streams into a temporary file while it is hashed and counted, is
//! fsynced, then renamed to `sha256/<2 hex>/<64 hex>` and the directory fsynced, so a file is
//! either wholly present under its hash or absent. Temporary files left by a crash are removed at
//! open. A file fetched from a peer grows in `partial/<64 hex>` across attempts (a transfer
//! resumes where the last one broke off, even after a restart) and is installed under its hash
//! only once the whole of it hashes to the name.

use std::io;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use sha2::Digest;
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use crate::model::Sha256;

/// A file just stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored {
    /// Its SHA-256.
    pub sha256: Sha256,
    /// Its length.
    pub size: u64,
    /// Whether this call added it (false: the store held it already).
    pub new: bool,
}

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

    fn partial_path(&self, sha256: &Sha256) -> PathBuf {
        self.root.join("partial").join(sha256.to_string())
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
        let stored = self.put_stream_noting(chunks, limit).await?;
        Ok((stored.sha256, stored.size))
    }

    /// [`BlobStore::put_stream`], also saying whether the file was new here (so a caller whose
    /// next step fails can remove what it alone added).
    pub async fn put_stream_noting<S, E>(&self, chunks: S, limit: u64) -> Result<Stored, BlobError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let tmp_path =
            self.tmp_dir().join(format!("upload-{}", hex::encode(rand::random::<[u8; 16]>())));
        let result = self.write_tmp(chunks, limit, &tmp_path).await;
        match result {
            Ok((sha256, size)) => {
                let new = self.install(&tmp_path, &sha256).await?;
                Ok(Stored { sha256, size, new })
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

    /// Moves a durable temp file under its hash; false when the file was already there.
    async fn install(&self, tmp_path: &Path, sha256: &Sha256) -> Result<bool, BlobError> {
        let target = self.path(sha256);
        let dir = target.parent().map(Path::to_path_buf).unwrap_or_else(|| self.files_dir());
        tokio::fs::create_dir_all(&dir).await?;
        if tokio::fs::try_exists(&target).await? {
            tokio::fs::remove_file(tmp_path).await?;
            return Ok(false);
        }
        tokio::fs::rename(tmp_path, &target).await?;
        let dir_handle = tokio::fs::File::open(&dir).await?;
        dir_handle.sync_all().await?;
        Ok(true)
    }

    /// The SHA-256 and size of a stream of at most `limit` bytes, stored nowhere (checking a
    /// file someone holds against the records that list it).
    pub async fn digest<S, E>(mut chunks: S, limit: u64) -> Result<(Sha256, u64), BlobError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let mut hasher = sha2::Sha256::new();
        let mut size = 0u64;
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.map_err(|err| BlobError::Interrupted(err.to_string()))?;
            size += chunk.len() as u64;
            if size > limit {
                return Err(BlobError::TooLarge { limit });
            }
            hasher.update(&chunk);
        }
        Ok((Sha256(hasher.finalize().into()), size))
    }

    /// How many bytes of `sha256` an interrupted transfer left (0 when none).
    pub fn partial_len(&self, sha256: &Sha256) -> u64 {
        std::fs::metadata(self.partial_path(sha256)).map_or(0, |m| m.len())
    }

    /// Appends `chunks` to the partial file of `sha256`, which must hold exactly `from` bytes
    /// (0 starts it afresh), refusing to grow it past `size`. Returns the length reached.
    pub async fn append_partial<S, E>(
        &self,
        sha256: &Sha256,
        mut chunks: S,
        from: u64,
        size: u64,
    ) -> Result<u64, BlobError>
    where
        S: Stream<Item = Result<Bytes, E>> + Unpin,
        E: std::fmt::Display,
    {
        let path = self.partial_path(sha256);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        let mut options = tokio::fs::OpenOptions::new();
        options.create(true).write(true);
        let mut file = options.open(&path).await?;
        file.set_len(from).await?;
        file.seek(io::SeekFrom::Start(from)).await?;
        let mut length = from;
        let mut outcome = Ok(());
        while let Some(chunk) = chunks.next().await {
            let chunk = match chunk {
                Ok(chunk) => chunk,
                Err(err) => {
                    outcome = Err(BlobError::Interrupted(err.to_string()));
                    break;
                }
            };
            length += chunk.len() as u64;
            if length > size {
                drop(file);
                let _ = tokio::fs::remove_file(&path).await;
                return Err(BlobError::TooLarge { limit: size });
            }
            file.write_all(&chunk).await?;
        }
        // What arrived before an interruption is kept for the next attempt.
        file.flush().await?;
        outcome.map(|()| length)
    }

    /// Installs the complete partial file of `sha256` under its hash once its bytes hash to
    /// it; a partial file that does not is deleted (the next transfer starts afresh).
    pub async fn install_partial(&self, sha256: &Sha256) -> Result<u64, BlobError> {
        let path = self.partial_path(sha256);
        let (actual, size) = hash_file(&path).await?;
        if actual != *sha256 {
            let _ = tokio::fs::remove_file(&path).await;
            return Err(BlobError::HashMismatch { expected: *sha256, actual });
        }
        tokio::fs::File::open(&path).await?.sync_all().await?;
        self.install(&path, sha256).await?;
        Ok(size)
    }

    /// Removes partial files of everything `keep` rejects (files no longer wanted).
    pub fn prune_partials(&self, keep: impl Fn(&Sha256) -> bool) -> io::Result<()> {
        let dir = self.root.join("partial");
        let Ok(entries) = std::fs::read_dir(&dir) else { return Ok(()) };
        for entry in entries {
            let entry = entry?;
            let name = entry.file_name();
            let wanted = name
                .to_str()
                .and_then(|n| n.parse::<Sha256>().ok())
                .is_some_and(|sha256| keep(&sha256));
            if !wanted {
                std::fs::remove_file(entry.path())?;
            }
        }
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

/// The SHA-256 and length of a file on disk, read in a blocking task.
async fn hash_file(path: &Path) -> io::Result<(Sha256, u64)> {
    let path = path.to_path_buf();
    let hashed = tokio::task::spawn_blocking(move || {
        let mut file = std::fs::File::open(path)?;
        let mut hasher = sha2::Sha256::new();
        let size = io::copy(&mut file, &mut hasher)?;
        Ok::<_, io::Error>((Sha256(hasher.finalize().into()), size))
    });
    hashed.await.map_err(io::Error::other)?
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

    #[tokio::test]
    async fn a_partial_transfer_resumes_and_installs_only_when_it_hashes_right() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path()).unwrap();
        let sha = Sha256::of(b"hello world\n");
        assert_eq!(blobs.append_partial(&sha, chunks(&[b"hello "]), 0, 12).await.unwrap(), 6);
        // A restart keeps partial files (unlike temporary uploads).
        let blobs = BlobStore::open(dir.path()).unwrap();
        assert_eq!(blobs.partial_len(&sha), 6);
        assert_eq!(blobs.append_partial(&sha, chunks(&[b"world\n"]), 6, 12).await.unwrap(), 12);
        assert_eq!(blobs.install_partial(&sha).await.unwrap(), 12);
        assert_eq!(std::fs::read(blobs.path(&sha)).unwrap(), b"hello world\n");
        assert_eq!(blobs.partial_len(&sha), 0);

        let other = Sha256::of(b"other");
        let err = blobs.append_partial(&other, chunks(&[b"toolong"]), 0, 5).await.unwrap_err();
        assert!(matches!(err, BlobError::TooLarge { limit: 5 }));
        assert_eq!(blobs.partial_len(&other), 0, "an oversized transfer leaves nothing");
        blobs.append_partial(&other, chunks(&[b"wrong"]), 0, 5).await.unwrap();
        let err = blobs.install_partial(&other).await.unwrap_err();
        assert!(matches!(err, BlobError::HashMismatch { .. }));
        assert_eq!(blobs.size(&other), None);
        assert_eq!(blobs.partial_len(&other), 0, "a wrong file is deleted, not resumed");
    }

    #[tokio::test]
    async fn partials_no_longer_wanted_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let blobs = BlobStore::open(dir.path()).unwrap();
        let (keep, drop) = (Sha256::of(b"keep"), Sha256::of(b"drop"));
        blobs.append_partial(&keep, chunks(&[b"ke"]), 0, 4).await.unwrap();
        blobs.append_partial(&drop, chunks(&[b"dr"]), 0, 4).await.unwrap();
        blobs.prune_partials(|sha| *sha == keep).unwrap();
        assert_eq!((blobs.partial_len(&keep), blobs.partial_len(&drop)), (2, 0));
    }
}
