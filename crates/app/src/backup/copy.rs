//! Copying a backup's files: a directory tree, the audit key (kept 0600), the checkpoints up to
//! their last complete line (the server may be appending one).

use anyhow::Context;
use std::path::Path;

/// Copies the tree at `from` (absent: nothing) to `to`; answers how many files it copied.
/// Temporary uploads (`tmp/`) are left out.
pub fn tree(from: &Path, to: &Path) -> anyhow::Result<u64> {
    if !from.exists() {
        return Ok(0);
    }
    std::fs::create_dir_all(to).with_context(|| format!("creating {}", to.display()))?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from).with_context(|| format!("reading {}", from.display()))? {
        let entry = entry?;
        let name = entry.file_name();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if name == "tmp" {
                continue;
            }
            copied += tree(&entry.path(), &to.join(&name))?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(&name))
                .with_context(|| format!("copying {}", entry.path().display()))?;
            copied += 1;
        }
    }
    Ok(copied)
}

/// Copies the audit key, readable by its owner only; answers whether there was one.
pub fn key(from: &Path, to: &Path) -> anyhow::Result<bool> {
    if !from.exists() {
        return Ok(false);
    }
    let bytes = std::fs::read(from).with_context(|| format!("reading {}", from.display()))?;
    write_private(to, &bytes)?;
    Ok(true)
}

/// Writes `bytes` to a new file only its owner may read.
pub fn write_private(to: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(to)
        .with_context(|| format!("writing {}", to.display()))?;
    file.write_all(bytes)?;
    file.sync_all()?;
    Ok(())
}

/// Copies a text file up to its last newline (absent: nothing).
pub fn complete_lines(from: &Path, to: &Path) -> anyhow::Result<()> {
    if !from.exists() {
        return Ok(());
    }
    let bytes = std::fs::read(from).with_context(|| format!("reading {}", from.display()))?;
    let end = bytes.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    std::fs::write(to, &bytes[..end]).with_context(|| format!("writing {}", to.display()))?;
    Ok(())
}

/// Flushes a directory's entries to disk.
pub fn sync_dir(dir: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    std::fs::File::open(dir)?.sync_all()?;
    let _ = dir;
    Ok(())
}
