//! The files on disk: `<data dir>/files/ab/cdef…`, named by the SM3 hash of their content, so
//! the same content is stored once and a name never points at other bytes.
//!
//! An upload is streamed to `files/tmp/` while it is hashed, synced to disk, and only then
//! renamed into place: a crash leaves at most a temporary file, never half a stored one.

use super::sniff::{self, Kind};
use axum::body::Bytes;
use sm3::{Digest, Sm3};
use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// Where files are kept, and how large an upload may be.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
    limit: u64,
}

/// An upload written to a temporary file, hashed and sniffed, not yet kept. Dropping it
/// removes the temporary file.
#[derive(Debug)]
pub struct Incoming {
    pub hash: String,
    pub size: u64,
    /// `None` when the content is of no accepted kind.
    pub kind: Option<Kind>,
    temp: PathBuf,
}

impl FileStore {
    /// Files under `data_dir/files`, uploads up to `limit` bytes.
    pub fn new(data_dir: &Path, limit: u64) -> FileStore {
        FileStore {
            root: data_dir.join("files"),
            limit,
        }
    }

    /// The largest upload accepted, in bytes.
    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Where the content with `hash` is kept; `None` for anything that is not a hash (a
    /// stored value is never trusted to make a path).
    fn path_of(&self, hash: &str) -> Option<PathBuf> {
        let is_hash = hash.len() == 64
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        is_hash.then(|| self.root.join(&hash[..2]).join(&hash[2..]))
    }

    /// A writer on a blocking thread: send it the pieces of an upload, drop the sender, and
    /// await the join handle for the written, hashed, sniffed file.
    pub fn writer(
        &self,
    ) -> (
        mpsc::Sender<Bytes>,
        tokio::task::JoinHandle<io::Result<Incoming>>,
    ) {
        let (tx, rx) = mpsc::channel::<Bytes>(8);
        let tmp = self.root.join("tmp");
        let handle = tokio::task::spawn_blocking(move || write_temp(&tmp, rx));
        (tx, handle)
    }

    /// Moves an upload into place (or drops it when the same content is already kept).
    pub async fn keep(&self, incoming: Incoming) -> io::Result<()> {
        let target = self
            .path_of(&incoming.hash)
            .ok_or_else(|| io::Error::other("not a content hash"))?;
        tokio::task::spawn_blocking(move || {
            let dir = target.parent().expect("a hash path has a directory");
            std::fs::create_dir_all(dir)?;
            if !target.exists() {
                std::fs::rename(&incoming.temp, &target)?;
                // The rename itself must survive a power cut.
                File::open(dir)?.sync_all()?;
            }
            drop(incoming);
            Ok(())
        })
        .await
        .map_err(io::Error::other)?
    }

    /// Keeps bytes made in memory (a processed photo, the demo's drawings) and answers their
    /// hash: written to a temporary file, synced, then renamed into place, as uploads are.
    /// Blocking: call it off the async threads.
    pub fn keep_bytes(&self, bytes: &[u8]) -> io::Result<String> {
        let hash: String = Sm3::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let target = self
            .path_of(&hash)
            .ok_or_else(|| io::Error::other("not a content hash"))?;
        if target.exists() {
            return Ok(hash);
        }
        let tmp = self.root.join("tmp");
        std::fs::create_dir_all(&tmp)?;
        let temp = tmp.join(temp_name());
        let written = (|| {
            let mut file = File::create(&temp)?;
            file.write_all(bytes)?;
            file.sync_all()?;
            let dir = target.parent().expect("a hash path has a directory");
            std::fs::create_dir_all(dir)?;
            std::fs::rename(&temp, &target)?;
            File::open(dir)?.sync_all()
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written.map(|()| hash)
    }

    /// The content with `hash`, opened to be streamed (see [`super::stream`]).
    pub async fn open(&self, hash: &str) -> io::Result<Stored> {
        let path = self
            .path_of(hash)
            .ok_or_else(|| io::Error::other("not a content hash"))?;
        tokio::task::spawn_blocking(move || {
            let file = File::open(path)?;
            let size = file.metadata()?.len();
            Ok(Stored { file, size })
        })
        .await
        .map_err(io::Error::other)?
    }

    /// The content with `hash`, whole: for tests and small reads only; a download streams.
    #[cfg(test)]
    pub async fn read(&self, hash: &str) -> io::Result<Vec<u8>> {
        let mut stored = self.open(hash).await?;
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut stored.file, &mut bytes)?;
        Ok(bytes)
    }
}

/// A kept file opened for reading, and its size.
#[derive(Debug)]
pub struct Stored {
    pub file: File,
    pub size: u64,
}

impl Drop for Incoming {
    fn drop(&mut self) {
        // Gone already when it was kept.
        let _ = std::fs::remove_file(&self.temp);
    }
}

fn temp_name() -> String {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system's random source");
    format!(
        "{}.part",
        bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

fn write_temp(dir: &Path, mut pieces: mpsc::Receiver<Bytes>) -> io::Result<Incoming> {
    std::fs::create_dir_all(dir)?;
    let temp = dir.join(temp_name());
    let mut file = File::create(&temp)?;
    // From here on, an error removes the temporary file with `incoming`.
    let mut incoming = Incoming {
        hash: String::new(),
        size: 0,
        kind: None,
        temp,
    };
    let mut hasher = Sm3::new();
    while let Some(piece) = pieces.blocking_recv() {
        hasher.update(&piece);
        file.write_all(&piece)?;
        incoming.size += piece.len() as u64;
    }
    file.sync_all()?;
    incoming.hash = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    incoming.kind = sniff::sniff(File::open(&incoming.temp)?)?;
    Ok(incoming)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_same_content_is_kept_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path(), 1024);
        let mut hashes = Vec::new();
        for _ in 0..2 {
            let (tx, done) = store.writer();
            tx.send(Bytes::from_static(b"%PDF-1.4\n")).await.unwrap();
            tx.send(Bytes::from_static(b"1 0 obj")).await.unwrap();
            drop(tx);
            let incoming = done.await.unwrap().unwrap();
            assert_eq!(incoming.size, 16);
            assert_eq!(incoming.kind, Some(sniff::PDF));
            hashes.push(incoming.hash.clone());
            store.keep(incoming).await.unwrap();
        }
        assert_eq!(hashes[0], hashes[1]);
        assert_eq!(store.read(&hashes[0]).await.unwrap(), b"%PDF-1.4\n1 0 obj");
        let tmp: Vec<_> = std::fs::read_dir(dir.path().join("files/tmp"))
            .unwrap()
            .collect();
        assert!(tmp.is_empty(), "no temporary file is left behind");
        let stored = dir
            .path()
            .join("files")
            .join(&hashes[0][..2])
            .join(&hashes[0][2..]);
        assert!(stored.is_file());
        assert!(store.read("../../etc/passwd").await.is_err());
        let kept = store.keep_bytes(b"%PDF-1.4\n1 0 obj").unwrap();
        assert_eq!(kept, hashes[0], "bytes kept in memory hash as uploads do");
    }
}
