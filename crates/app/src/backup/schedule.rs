//! Scheduled backups (`serve --backup-dir DIR --backup-keep N`): a backup every interval into
//! `DIR/zhibu-YYYYMMDDTHHMMSSmmmZ`, the newest N kept. When the next one is due is computed from
//! the newest backup in DIR, so a restarted server catches up at once when one was missed.
//! Several servers sharing one DIR would each take theirs: give each its own DIR, or schedule
//! on one server only.

use super::{MANIFEST_FILE, Source, Taken, take};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use store::Db;

/// The start of every scheduled backup's name.
pub const PREFIX: &str = "zhibu-";
/// Daily, unless told otherwise.
pub const DEFAULT_EVERY: Duration = Duration::from_secs(24 * 3600);

/// Where, how often, how many.
#[derive(Debug, Clone)]
pub struct Schedule {
    pub dir: PathBuf,
    /// How many backups to keep (at least 1).
    pub keep: usize,
    pub every: Duration,
    pub source: Source,
}

fn millis(t: SystemTime) -> i64 {
    t.duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

fn name_at(t: SystemTime) -> String {
    let ms = millis(t);
    let stamp = jiff::Timestamp::from_millisecond(ms)
        .map(|ts| ts.strftime("%Y%m%dT%H%M%S").to_string())
        .unwrap_or_default();
    format!("{PREFIX}{stamp}{:03}Z", ms.rem_euclid(1000))
}

/// The complete scheduled backups in `dir`, oldest first.
pub fn backups(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with(PREFIX) && !name.ends_with(".partial") && entry.file_type()?.is_dir() {
            found.push(entry.path());
        }
    }
    found.sort();
    Ok(found)
}

/// Removes the oldest backups beyond the newest `keep`; answers what it removed.
pub fn prune(dir: &Path, keep: usize) -> anyhow::Result<Vec<PathBuf>> {
    let all = backups(dir)?;
    let excess = all.len().saturating_sub(keep.max(1));
    let mut removed = Vec::new();
    for old in all.into_iter().take(excess) {
        std::fs::remove_dir_all(&old).with_context(|| format!("removing {}", old.display()))?;
        removed.push(old);
    }
    Ok(removed)
}

/// How long until the next backup is due: now when there is none or the newest is older than
/// the interval.
pub fn due_in(schedule: &Schedule) -> anyhow::Result<Duration> {
    let Some(newest) = backups(&schedule.dir)?.pop() else {
        return Ok(Duration::ZERO);
    };
    let taken = std::fs::metadata(newest.join(MANIFEST_FILE))?.modified()?;
    let age = SystemTime::now()
        .duration_since(taken)
        .unwrap_or(Duration::ZERO);
    Ok(schedule.every.saturating_sub(age))
}

/// Takes one scheduled backup and prunes the old ones.
pub async fn once(db: &Db, schedule: &Schedule) -> anyhow::Result<Taken> {
    std::fs::create_dir_all(&schedule.dir)
        .with_context(|| format!("creating the backup directory {}", schedule.dir.display()))?;
    let now = SystemTime::now();
    let dest = schedule.dir.join(name_at(now));
    let taken = take(db, &schedule.source, &dest, domain::Timestamp(millis(now))).await?;
    for old in prune(&schedule.dir, schedule.keep)? {
        tracing::info!(removed = %old.display(), "old scheduled backup removed");
    }
    Ok(taken)
}

/// Takes a backup whenever one is due, until the server stops.
pub async fn run(db: Db, schedule: Schedule) {
    loop {
        let wait = due_in(&schedule).unwrap_or_else(|e| {
            tracing::error!(error = %format!("{e:#}"), "scheduled backup: reading the backup directory");
            schedule.every
        });
        tokio::time::sleep(wait).await;
        match once(&db, &schedule).await {
            Ok(t) => {
                tracing::info!(dest = %t.dest.display(), files = t.files, "scheduled backup taken")
            }
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "scheduled backup failed; trying again after the interval");
                tokio::time::sleep(schedule.every).await;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_time_and_pruning_keeps_the_newest() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_millis(1_796_608_800_123);
        let name = name_at(t);
        assert!(name.starts_with("zhibu-2026"), "{name}");
        assert!(name.ends_with("123Z"), "{name}");
        let dir = std::env::temp_dir().join(format!("zhibu-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for n in 1..=4 {
            std::fs::create_dir_all(dir.join(format!("{PREFIX}2026120{n}T000000000Z"))).unwrap();
        }
        std::fs::create_dir_all(dir.join(format!("{PREFIX}20261209T000000000Z.partial"))).unwrap();
        std::fs::create_dir_all(dir.join("other")).unwrap();
        let removed = prune(&dir, 2).unwrap();
        assert_eq!(removed.len(), 2);
        let kept: Vec<String> = backups(&dir)
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            kept,
            ["zhibu-20261203T000000000Z", "zhibu-20261204T000000000Z"]
        );
        assert!(dir.join("other").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
