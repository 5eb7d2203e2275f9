//! Checking the hash chain end to end: every event hashes to what it says, follows the one
//! before it, and the chain ends where the head row says it does.
//!
//! The walk goes in seq order in batches, so a log of millions of events is checked in constant
//! memory. It stops at the head read when it began: events written meanwhile (the server keeps
//! running) are left for the next check rather than mistaken for a broken end.

use super::{Content, chain_hash};
use crate::db::Db;
use crate::error::Result;
use domain::Timestamp;
use sqlx::Row;
use std::fmt;

/// Events hashed per round trip: large enough that the round trips do not dominate, small
/// enough that a batch is a few hundred kilobytes.
const BATCH: i64 = 2_000;

/// What is wrong at the first broken point of the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The event's fields no longer hash to its stored hash: it was edited after it was
    /// recorded.
    ContentChanged,
    /// The event's `prev_hash` is not the hash of the event before it: an earlier event was
    /// replaced (with its hash recomputed) or the order was tampered with.
    PrevHashMismatch,
    /// No event has this seq: it was deleted.
    Missing,
    /// The chain does not end where `audit_head` says: `head_seq` is what the head records,
    /// `last_seq` the last event found.
    HeadMismatch { head_seq: i64, last_seq: i64 },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::ContentChanged => {
                f.write_str("content changed: the event no longer matches its hash")
            }
            Problem::PrevHashMismatch => f.write_str(
                "prev_hash mismatch: the event does not follow the hash of the event before it",
            ),
            Problem::Missing => f.write_str("missing: no event has this seq (a gap in the chain)"),
            Problem::HeadMismatch { head_seq, last_seq } => write!(
                f,
                "head mismatch: the chain head records seq {head_seq} but the events end at \
                 seq {last_seq} or their last hash differs"
            ),
        }
    }
}

/// The first broken event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Break {
    pub seq: i64,
    /// When and what the event recorded, if it is there to read.
    pub at: Option<Timestamp>,
    pub action: Option<String>,
    pub problem: Problem,
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyReport {
    /// Every event checked out; `events` were checked, starting after `anchor_seq` (0 unless
    /// old events were pruned).
    Intact {
        events: i64,
        anchor_seq: i64,
    },
    Broken(Break),
}

async fn head(db: &Db) -> Result<(i64, String)> {
    let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(db.read())
        .await?;
    Ok((row.try_get("seq")?, row.try_get("hash")?))
}

impl Break {
    /// A break where no event is there to read.
    fn at_seq(seq: i64, problem: Problem) -> Break {
        Break {
            seq,
            at: None,
            action: None,
            problem,
        }
    }
}

/// Walks the whole chain and reports the first broken event, or how many events checked out.
pub async fn verify(db: &Db) -> Result<VerifyReport> {
    let (head_seq, head_hash) = head(db).await?;
    let anchor = sqlx::query("SELECT seq, hash FROM audit_anchor WHERE id = 1")
        .fetch_one(db.read())
        .await?;
    let anchor_seq: i64 = anchor.try_get("seq")?;
    let mut walk = Walk {
        prev_hash: anchor.try_get("hash")?,
        last_seq: anchor_seq,
        events: 0,
    };
    loop {
        let rows = sqlx::query(
            "SELECT seq, at, account_id, username, ip, action, object_type, object_id, org_id, \
             result, detail, prev_hash, hash FROM audit_events \
             WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3",
        )
        .bind(walk.last_seq)
        .bind(head_seq)
        .bind(BATCH)
        .fetch_all(db.read())
        .await?;
        if rows.is_empty() {
            break;
        }
        for r in &rows {
            if let Some(broken) = walk.step(r)? {
                return Ok(VerifyReport::Broken(broken));
            }
        }
    }
    if walk.last_seq < head_seq {
        // The events at the end were removed.
        return Ok(VerifyReport::Broken(Break::at_seq(
            walk.last_seq + 1,
            Problem::Missing,
        )));
    }
    if walk.prev_hash != head_hash {
        let problem = Problem::HeadMismatch {
            head_seq,
            last_seq: walk.last_seq,
        };
        return Ok(VerifyReport::Broken(Break::at_seq(head_seq, problem)));
    }
    if let Some(broken) = beyond_head(db).await? {
        return Ok(VerifyReport::Broken(broken));
    }
    Ok(VerifyReport::Intact {
        events: walk.events,
        anchor_seq,
    })
}

/// Where the walk has got to: the last event that checked out and its hash.
struct Walk {
    prev_hash: String,
    last_seq: i64,
    events: i64,
}

impl Walk {
    /// Checks the next event: the break it shows, or none (and the walk moves past it).
    fn step(&mut self, r: &sqlx::any::AnyRow) -> Result<Option<Break>> {
        let seq: i64 = r.try_get("seq")?;
        if seq != self.last_seq + 1 {
            return Ok(Some(Break::at_seq(self.last_seq + 1, Problem::Missing)));
        }
        let at: i64 = r.try_get("at")?;
        let action: String = r.try_get("action")?;
        let stored_prev: String = r.try_get("prev_hash")?;
        let stored_hash: String = r.try_get("hash")?;
        let text = |column: &str| -> Result<String> { Ok(r.try_get(column)?) };
        let (username, ip) = (text("username")?, text("ip")?);
        let (object_type, object_id) = (text("object_type")?, text("object_id")?);
        let (result, detail) = (text("result")?, text("detail")?);
        let content = Content {
            at,
            account_id: r.try_get("account_id")?,
            username: &username,
            ip: &ip,
            action: &action,
            object_type: &object_type,
            object_id: &object_id,
            org_id: r.try_get("org_id")?,
            result: &result,
            detail: &detail,
        };
        // Content first: an edited event is the finding, not the mismatch it causes next.
        let problem = if chain_hash(&stored_prev, seq, &content) != stored_hash {
            Some(Problem::ContentChanged)
        } else if stored_prev != self.prev_hash {
            Some(Problem::PrevHashMismatch)
        } else {
            None
        };
        if let Some(problem) = problem {
            return Ok(Some(Break {
                seq,
                at: Some(Timestamp(at)),
                action: Some(action),
                problem,
            }));
        }
        self.prev_hash = stored_hash;
        self.last_seq = seq;
        self.events += 1;
        Ok(None)
    }
}

/// Events past the head are either written since the walk began (the head has moved on too)
/// or put there behind the application's back.
async fn beyond_head(db: &Db) -> Result<Option<Break>> {
    let beyond: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM audit_events")
        .fetch_one(db.read())
        .await?;
    let (head_now, _) = head(db).await?;
    Ok(beyond.filter(|max| *max > head_now).map(|max_seq| {
        let problem = Problem::HeadMismatch {
            head_seq: head_now,
            last_seq: max_seq,
        };
        Break::at_seq(head_now + 1, problem)
    }))
}
