//! 审计锚点: the chain's head written outside the database, signed with a key the database
//! never sees.
//!
//! The chain alone proves that an event was not edited in place. Someone holding the database
//! could still delete the newest events and move the head back (the rest is a valid chain), or
//! rewrite an event and recompute every hash after it (a valid chain again). A checkpoint — the
//! head's seq and hash and the time, signed with HMAC-SM3 under a key kept outside the
//! database — appended to a file outside the database catches both: after a truncation the
//! events no longer reach the checkpoint's seq; after a rewrite the hash at its seq differs.
//! Only the newest checkpoint needs a look in the database: a rewrite before it changes its
//! hash too, or breaks the chain where [`super::verify`] finds it. Every line's signature is
//! checked, so a checkpoint cannot be forged or edited without the key.

use super::hex;
use crate::db::Db;
use crate::error::{Result, StoreError};
use domain::Timestamp;
use sm3::{Digest, Sm3};
use sqlx::Row;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The key's file in the data directory (when not given by `ZHIBU_AUDIT_KEY`).
pub const KEY_FILE: &str = "audit.key";
/// The checkpoints' file in the data directory: one signed line per checkpoint.
pub const CHECKPOINT_FILE: &str = "audit-checkpoints";

/// The key checkpoints are signed with: at least 32 bytes.
#[derive(Clone)]
pub struct AuditKey(Vec<u8>);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(…)")
    }
}

fn invalid(what: impl Into<String>) -> StoreError {
    StoreError::Invalid(what.into())
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim();
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

impl AuditKey {
    /// A key written as hex (64 or more digits).
    pub fn from_hex(text: &str) -> Result<AuditKey> {
        match from_hex(text) {
            Some(bytes) if bytes.len() >= 32 => Ok(AuditKey(bytes)),
            _ => Err(invalid(
                "ZHIBU_AUDIT_KEY / audit.key: the audit key must be at least 64 hex digits",
            )),
        }
    }

    /// The key given (`ZHIBU_AUDIT_KEY`), else the one in `dir/audit.key`; when neither
    /// exists and `create`, a new random key is written there, readable by the owner only.
    pub fn load(given: Option<&str>, dir: &Path, create: bool) -> Result<Option<AuditKey>> {
        if let Some(text) = given {
            return AuditKey::from_hex(text).map(Some);
        }
        let path = dir.join(KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => return AuditKey::from_hex(&text).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(invalid(format!("reading {}: {e}", path.display()))),
        }
        if !create {
            return Ok(None);
        }
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| invalid(format!("a random audit key: {e}")))?;
        std::fs::create_dir_all(dir)
            .map_err(|e| invalid(format!("creating {}: {e}", dir.display())))?;
        let mut file = owner_only()
            .create_new(true)
            .write(true)
            .open(&path)
            .map_err(|e| invalid(format!("creating {}: {e}", path.display())))?;
        writeln!(file, "{}", hex(&bytes))
            .and_then(|()| file.sync_all())
            .map_err(|e| invalid(format!("writing {}: {e}", path.display())))?;
        Ok(Some(AuditKey(bytes.to_vec())))
    }

    /// HMAC-SM3 (RFC 2104 over SM3, 64-byte blocks) of `message`, in hex.
    fn sign(&self, message: &str) -> String {
        let mut block = [0u8; 64];
        if self.0.len() > 64 {
            block[..32].copy_from_slice(&Sm3::digest(&self.0));
        } else {
            block[..self.0.len()].copy_from_slice(&self.0);
        }
        let pad = |byte: u8| block.map(|b| b ^ byte);
        let inner = Sm3::new()
            .chain_update(pad(0x36))
            .chain_update(message.as_bytes())
            .finalize();
        let outer = Sm3::new()
            .chain_update(pad(0x5c))
            .chain_update(inner)
            .finalize();
        hex(&outer)
    }
}

fn owner_only() -> std::fs::OpenOptions {
    let mut options = std::fs::OpenOptions::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
}

/// The head of the chain as a checkpoint saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    pub at: Timestamp,
}

impl Checkpoint {
    fn signed_text(&self) -> String {
        format!(
            "zhibu audit checkpoint v1|{}|{}|{}",
            self.seq,
            self.hash,
            self.at.millis()
        )
    }

    fn line(&self, key: &AuditKey) -> String {
        let mac = key.sign(&self.signed_text());
        format!("{} {} {} {mac}\n", self.seq, self.hash, self.at.millis())
    }

    /// A line read back, if it parses and its signature is right.
    fn parse(line: &str, key: &AuditKey) -> Option<Checkpoint> {
        let mut parts = line.split(' ');
        let seq = parts.next()?.parse().ok()?;
        let hash = parts.next()?.to_owned();
        let at = Timestamp(parts.next()?.parse().ok()?);
        let mac = parts.next()?;
        let c = Checkpoint { seq, hash, at };
        (parts.next().is_none() && key.sign(&c.signed_text()) == mac).then_some(c)
    }
}

fn file(dir: &Path) -> PathBuf {
    dir.join(CHECKPOINT_FILE)
}

/// Every checkpoint in `dir`, oldest first; `Err(line)` names the first line that is not a
/// checkpoint signed with `key`.
fn read_all(dir: &Path, key: &AuditKey) -> Result<std::result::Result<Vec<Checkpoint>, usize>> {
    let path = file(dir);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Ok(Vec::new())),
        Err(e) => return Err(invalid(format!("reading {}: {e}", path.display()))),
    };
    let mut all = Vec::new();
    for (i, line) in text.lines().enumerate() {
        match Checkpoint::parse(line, key) {
            Some(c) => all.push(c),
            None => return Ok(Err(i + 1)),
        }
    }
    Ok(Ok(all))
}

async fn head(db: &Db) -> Result<(i64, String)> {
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(db.read())
        .await?;
    Ok((row.try_get("seq")?, row.try_get("hash")?))
}

/// Appends a checkpoint of the current head to `dir`'s file, unless the head has not moved
/// since the last one (or no event was ever recorded); answers the checkpoint written.
pub async fn write(
    db: &Db,
    key: &AuditKey,
    dir: &Path,
    now: Timestamp,
) -> Result<Option<Checkpoint>> {
    let (seq, hash) = head(db).await?;
    if seq == 0 {
        return Ok(None);
    }
    if let Ok(all) = read_all(dir, key)?
        && all
            .last()
            .is_some_and(|last| last.seq == seq && last.hash == hash)
    {
        return Ok(None);
    }
    let c = Checkpoint { seq, hash, at: now };
    let path = file(dir);
    let mut out = owner_only()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| invalid(format!("opening {}: {e}", path.display())))?;
    out.write_all(c.line(key).as_bytes())
        .and_then(|()| out.sync_all())
        .map_err(|e| invalid(format!("writing {}: {e}", path.display())))?;
    Ok(Some(c))
}

/// What the checkpoints say about the log in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckpointReport {
    /// No checkpoint was ever written.
    None,
    /// The log reaches the newest checkpoint, with the hash it saw; `count` checkpoints read.
    Agrees { count: usize, newest: Checkpoint },
    /// Line `line` of the checkpoint file is not a checkpoint signed with this key.
    Forged { line: usize },
    /// The log ends at `last_seq`, short of the newest checkpoint: its newest events were
    /// deleted (and the head moved back).
    Truncated { newest: Checkpoint, last_seq: i64 },
    /// The event at the newest checkpoint's seq no longer has the hash it saw: events up to
    /// there were rewritten and the chain recomputed (or replaced after a truncation).
    Rewritten { newest: Checkpoint },
}

/// Checks the log against the checkpoints in `dir`. Checkpoints older than the pruning
/// anchor (`anchor_seq`) are of events legitimately removed.
pub async fn check(
    db: &Db,
    key: &AuditKey,
    dir: &Path,
    anchor_seq: i64,
) -> Result<CheckpointReport> {
    let all = match read_all(dir, key)? {
        Ok(all) => all,
        Err(line) => return Ok(CheckpointReport::Forged { line }),
    };
    let count = all.len();
    let Some(newest) = all.into_iter().max_by_key(|c| c.seq) else {
        return Ok(CheckpointReport::None);
    };
    if newest.seq <= anchor_seq {
        return Ok(CheckpointReport::Agrees { count, newest });
    }
    let stored: Option<String> = sqlx::query_scalar("SELECT hash FROM audit_events WHERE seq = $1")
        .bind(newest.seq)
        .fetch_optional(db.read())
        .await?;
    Ok(match stored {
        Some(hash) if hash == newest.hash => CheckpointReport::Agrees { count, newest },
        Some(_) => CheckpointReport::Rewritten { newest },
        None => {
            let last: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM audit_events")
                .fetch_one(db.read())
                .await?;
            CheckpointReport::Truncated {
                newest,
                last_seq: last.unwrap_or(anchor_seq),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_sm3_agrees_with_openssl() {
        // python3: hmac.new(bytes([7]) * n, b"x", "sm3").hexdigest()
        assert_eq!(
            AuditKey(vec![7u8; 32]).sign("x"),
            "ab7019cb40ba25af148dc19de485d066eac72e6f4e62fd4cb404f6f6bd863a26"
        );
        assert_eq!(
            AuditKey(vec![7u8; 70]).sign("x"),
            "39192103e25a8856b230806195721838d774bc970eec6edfe14619780682841f"
        );
    }

    #[test]
    fn a_checkpoint_signed_with_another_key_or_edited_is_refused() {
        let key = AuditKey(vec![7u8; 32]);
        let c = Checkpoint {
            seq: 5,
            hash: "ab".repeat(32),
            at: Timestamp(1),
        };
        let line = c.line(&key);
        assert_eq!(Checkpoint::parse(line.trim_end(), &key), Some(c.clone()));
        let other = AuditKey(vec![8u8; 32]);
        assert_eq!(Checkpoint::parse(line.trim_end(), &other), None);
        let edited = line.replacen("5 ", "4 ", 1);
        assert_eq!(Checkpoint::parse(edited.trim_end(), &key), None);
        assert_eq!(key.sign("x").len(), 64);
    }

    #[test]
    fn a_key_is_at_least_32_bytes_of_hex() {
        assert!(AuditKey::from_hex(&"0a".repeat(32)).is_ok());
        assert!(AuditKey::from_hex(&"0a".repeat(31)).is_err());
        assert!(AuditKey::from_hex("zz").is_err());
    }
}
