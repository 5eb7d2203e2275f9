//! 消息: an account's own inbox. Nobody reads another's: every query is by the caller's account.

use crate::{Actor, App, Error, Result};
use store::messages::{self, Message};

/// The most messages on one page.
pub const PAGE: i64 = 50;

pub async fn unread(app: &App, actor: &Actor) -> Result<i64> {
    Ok(messages::unread(app.db.read(), actor.account.id).await?)
}

/// A page of the caller's messages, newest first.
pub async fn page(app: &App, actor: &Actor, unread_only: bool, page: i64) -> Result<Vec<Message>> {
    let offset = page.max(0).saturating_mul(PAGE);
    Ok(messages::page(app.db.read(), actor.account.id, unread_only, PAGE, offset).await?)
}

/// Opens one of the caller's messages: marks it read and answers it (its link is where the
/// reader goes next). Another account's message is not found.
pub async fn open(app: &App, actor: &Actor, id: i64) -> Result<Message> {
    let message = messages::get(app.db.read(), actor.account.id, id)
        .await?
        .ok_or_else(Error::not_found)?;
    if message.read_at.is_none() {
        mark_read(app, actor, id).await?;
    }
    Ok(message)
}

/// Marks one of the caller's messages read; false when it was read already (nothing
/// written then). Audited like every write: when a reminder was seen is a fact a review of
/// 督办 asks about.
pub async fn mark_read(app: &App, actor: &Actor, id: i64) -> Result<bool> {
    let mut w = app.write(actor).await?;
    if !messages::mark_read(&mut w.tx, actor.account.id, id, w.now).await? {
        return Ok(false);
    }
    w.commit("message.read", ("message", id), None, "").await?;
    Ok(true)
}

/// Marks all the caller's messages read; answers how many were unread.
pub async fn mark_all_read(app: &App, actor: &Actor) -> Result<u64> {
    let mut w = app.write(actor).await?;
    let n = messages::mark_all_read(&mut w.tx, actor.account.id, w.now).await?;
    if n == 0 {
        return Ok(0);
    }
    let account = actor.account.id;
    w.commit(
        "message.read_all",
        ("account", account),
        None,
        format!("{n} messages"),
    )
    .await?;
    Ok(n)
}
