//! `<data>/serve.lock`: every running server holds a shared lock on it, a restore an exclusive
//! one. So a restore finds out that a server is running on the data (and refuses), and a server
//! cannot start in the middle of a restore. The operating system drops the lock when the
//! process ends, however it ends.

use anyhow::{Context, bail};
use std::fs::{File, TryLockError};
use std::path::Path;

/// The lock file's name in the data directory.
pub const LOCK_FILE: &str = "serve.lock";

/// A held lock; released when dropped.
#[derive(Debug)]
pub struct DataLock {
    _file: File,
}

fn open(data_dir: &Path) -> anyhow::Result<File> {
    std::fs::create_dir_all(data_dir)
        .with_context(|| format!("creating the data directory {}", data_dir.display()))?;
    let path = data_dir.join(LOCK_FILE);
    std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))
}

impl DataLock {
    /// The server's lock: shared with other servers, refused during a restore.
    pub fn serving(data_dir: &Path) -> anyhow::Result<DataLock> {
        let file = open(data_dir)?;
        match file.try_lock_shared() {
            Ok(()) => Ok(DataLock { _file: file }),
            Err(TryLockError::WouldBlock) => bail!(
                "a restore is under way in {} (it holds {LOCK_FILE}); start the \
                 server when it has finished",
                data_dir.display()
            ),
            Err(TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("locking {}", data_dir.join(LOCK_FILE).display()))
            }
        }
    }

    /// The restore's lock: refused while any server runs on the data.
    pub fn restoring(data_dir: &Path) -> anyhow::Result<DataLock> {
        let file = open(data_dir)?;
        match file.try_lock() {
            Ok(()) => Ok(DataLock { _file: file }),
            Err(TryLockError::WouldBlock) => bail!(
                "a zhibu server is running on {} (it holds {LOCK_FILE}): stop it before \
                 restoring; a restore never replaces the data under a running server",
                data_dir.display()
            ),
            Err(TryLockError::Error(e)) => {
                Err(e).with_context(|| format!("locking {}", data_dir.join(LOCK_FILE).display()))
            }
        }
    }
}
