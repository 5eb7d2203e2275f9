//! The delivery worker: sends the queued emails and robot posts, each attempt's outcome kept,
//! failures tried again with growing waits and given up after the last.
//!
//! A delivery is claimed (marked `sending` with a lease) in one statement before it is sent, so
//! two servers never send it twice; a server that dies mid-send leaves the lease to run out and
//! the delivery is tried again — a message may then arrive twice, never not at all.

use super::words::words;
use crate::{App, Result};
use catalogue::T;
use domain::{Locale, Timestamp};
use std::time::Duration;
use store::channels::{self, Delivery, Outcome};
use store::messages::Message;

/// How often the worker looks for deliveries that are due.
pub const EVERY: Duration = Duration::from_secs(15);

/// The waits before each retry; after the last, the delivery has failed.
const BACKOFF_MINUTES: [i64; 5] = [1, 5, 30, 120, 360];

/// How long a claimed delivery is left to its sender before another may take it.
const LEASE_MS: i64 = 5 * 60_000;

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

/// Sends every delivery that is due, a batch at a time.
pub async fn pass(app: &App) -> Result<Pass> {
    let mut done = Pass::default();
    loop {
        let now = app.now();
        let mut tx = app.db.begin().await?;
        let batch = channels::claim_due(&mut tx, now, LEASE_MS, 20).await?;
        store::commit(tx).await?;
        if batch.is_empty() {
            return Ok(done);
        }
        for d in &batch {
            let result = send(app, d).await;
            let now = app.now();
            let outcome = match &result {
                Ok(answer) => {
                    done.sent += 1;
                    Outcome::Sent(answer)
                }
                Err(error) => match BACKOFF_MINUTES.get(usize::try_from(d.attempts).unwrap_or(0)) {
                    Some(wait) => {
                        done.retrying += 1;
                        Outcome::Retry(Timestamp(now.millis() + wait * 60_000), error)
                    }
                    None => {
                        done.failed += 1;
                        Outcome::Failed(error)
                    }
                },
            };
            let mut tx = app.db.begin().await?;
            channels::record(&mut tx, d.id, outcome, now).await?;
            store::commit(tx).await?;
        }
    }
}

/// The delivery's words in `locale`.
fn said(app: &App, d: &Delivery, locale: Locale) -> (String, String, String) {
    let message = Message {
        id: 0,
        kind: d.kind.clone(),
        args: d.args.clone(),
        link: d.link.clone(),
        created_at: d.created_at,
        read_at: None,
    };
    let shown = words(T::new(locale), &app.zone, &message);
    (shown.title, shown.body, app.link(&d.link))
}

async fn send(app: &App, d: &Delivery) -> std::result::Result<String, String> {
    match d.channel.as_str() {
        "email" => {
            let Some(mailer) = &app.channels.mailer else {
                return Err("email is not configured on this server".to_owned());
            };
            let locale = match d.account_id {
                Some(id) => account_locale(app, id).await,
                None => Locale::ZhCn,
            };
            let (title, body, link) = said(app, d, locale);
            let text = format!("{body}\n\n{link}\n");
            mailer.send(&d.target, &title, &text).await
        }
        "robot" => {
            let target = match d.robot_id {
                Some(id) => store::channels::robot_target(app.db.read(), id)
                    .await
                    .map_err(|e| format!("reading the robot: {e}"))?,
                None => None,
            };
            let Some(robot) = target else {
                return Err("the robot no longer exists".to_owned());
            };
            // Robots speak the deployment's language: a group has many readers.
            let (title, body, link) = said(app, d, Locale::ZhCn);
            let post = crate::channels::robots::Post {
                kind: &d.kind,
                title: &title,
                body: &body,
                link: &link,
            };
            let now = app.now().millis();
            let request = crate::channels::robots::request(
                &robot.kind,
                &robot.url,
                &robot.secret,
                &post,
                now,
            );
            crate::channels::robots::post(&robot.kind, &request, app.channels.webhooks).await
        }
        other => Err(format!("unknown channel {other}")),
    }
}

async fn account_locale(app: &App, account_id: i64) -> Locale {
    match store::accounts::by_id(app.db.read(), account_id).await {
        Ok(Some(a)) => a.locale.unwrap_or_default(),
        _ => Locale::ZhCn,
    }
}

/// Runs a pass every [`EVERY`] until the server stops.
pub async fn run(app: App) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        match pass(&app).await {
            Ok(p) if p.sent + p.retrying + p.failed > 0 => {
                tracing::info!(
                    sent = p.sent,
                    retrying = p.retrying,
                    failed = p.failed,
                    "deliveries"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "sending the queued deliveries"),
        }
    }
}
