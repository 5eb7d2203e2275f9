//! Where a reminder goes once written: each account's inbox (and its email, when the account
//! turned email on and the deployment can send mail), and the org's group-chat robots. The
//! deliveries are queued in the reminder's transaction and sent after it by the delivery worker.

use crate::channels::Channels;
use crate::{Result, Write};
use store::channels::{self, NewDelivery};
use store::messages::{self, NewMessage};

/// What a message says, as stored.
#[derive(Debug, Clone, Copy)]
pub struct Said<'a> {
    pub kind: &'a str,
    pub args: &'a str,
    pub link: &'a str,
    pub reminder_id: i64,
    /// The org the reminder is about, for listing its deliveries.
    pub org_id: i64,
}

/// Writes the message into each account's inbox, queueing an email for those who want one;
/// answers how many inboxes it reached.
pub async fn to_accounts(
    w: &mut Write<'_>,
    channels: &Channels,
    accounts: &[i64],
    said: Said<'_>,
) -> Result<usize> {
    for &account_id in accounts {
        let message = NewMessage {
            account_id,
            kind: said.kind,
            args: said.args,
            link: said.link,
            reminder_id: Some(said.reminder_id),
        };
        let id = messages::insert(&mut w.tx, &message, w.now).await?;
        if channels.mailer.is_none() {
            continue;
        }
        if let Some(address) = channels::email_of(&mut w.tx, account_id).await? {
            let delivery = NewDelivery {
                channel: "email",
                kind: said.kind,
                args: said.args,
                link: said.link,
                message_id: Some(id),
                account_id: Some(account_id),
                robot_id: None,
                org_id: Some(said.org_id),
                target: &address,
            };
            channels::queue(&mut w.tx, &delivery, w.now).await?;
        }
    }
    Ok(accounts.len())
}

/// Queues a post to each active robot of the org the reminder is for; answers how many.
pub async fn to_robots(w: &mut Write<'_>, said: Said<'_>) -> Result<usize> {
    let robots = channels::robots_of(&mut *w.tx, said.org_id).await?;
    for robot in &robots {
        let delivery = NewDelivery {
            channel: "robot",
            kind: said.kind,
            args: said.args,
            link: said.link,
            message_id: None,
            account_id: None,
            robot_id: Some(robot.id),
            org_id: Some(said.org_id),
            target: &robot.name,
        };
        channels::queue(&mut w.tx, &delivery, w.now).await?;
    }
    Ok(robots.len())
}
