//! The reminder scheduler's pass: for every period with reports still owed (and every notice
//! not yet signed by its 签收时限), the rung of the ladder that is due now, sent once to each
//! org that owes.
//!
//! Computed from the state each time, never from what the last pass did: a server that was
//! down sends, when it is back, the one reminder that fits the moment. Each (report, rung) is
//! claimed by a unique key in the database when its reminder is written, so two servers on one
//! database, or a pass and a person at the same moment, never send it twice.

use super::outbox::{self, Said};
use super::settings::{deployment, ladder_of};
use super::task::{TASK_REMINDER, report_link};
use super::{managing_roles, reporting_roles};
use crate::channels::Channels;
use crate::{App, Result, Write};
use domain::Timestamp;
use domain::reminder::owes;
use domain::reminder_ladder::{Calendar, Ladder, Moment, Rung, due};
use domain::submission::SubmissionState;
use std::time::Duration;
use store::reminder_schedule::{self, LivePeriod};
use store::reminders::{self, About, NewReminder};

/// How often the scheduler looks for reminders that are due.
pub const EVERY: Duration = Duration::from_secs(60);

/// How long after its deadline a report is still chased by the ladder.
const CHASE_FOR_DAYS: i64 = 60;

/// The message kind of an escalation to the parent org.
pub const TASK_ESCALATION: &str = "task_escalation";

/// What a pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    /// Periods with reports owed that were looked at (notices are not counted).
    pub periods: usize,
    /// Reminders written (each one org, one rung).
    pub reminders: usize,
    pub messages: usize,
}

/// One pass over every period with reports owed.
pub async fn pass(app: &App) -> Result<Pass> {
    let now = app.now();
    let (ladder, calendar) = deployment(app).await?;
    let since = Timestamp(now.millis() - CHASE_FOR_DAYS * 86_400_000);
    let live = reminder_schedule::live_periods(app.db.read(), since).await?;
    let mut done = Pass {
        periods: live.len(),
        ..Pass::default()
    };
    let moment = Moment {
        today: app.zone.civil_date(now),
        time: app.zone.civil_time(now),
        past_deadline: false,
    };
    for period in &live {
        let own = ladder_of(period.ladder.as_deref(), &ladder);
        let rungs = rungs_for(app, &own, &calendar, period, moment, now);
        if rungs.is_empty() {
            continue;
        }
        let (sent, messages) = send(app, period, &rungs).await?;
        done.reminders += sent;
        done.messages += messages;
    }
    let (sent, messages) = super::notice_ladder::pass(app, &ladder, &calendar, moment).await?;
    done.reminders += sent;
    done.messages += messages;
    Ok(done)
}

fn rungs_for(
    app: &App,
    ladder: &Ladder,
    calendar: &Calendar,
    period: &LivePeriod,
    moment: Moment,
    now: Timestamp,
) -> Vec<Rung> {
    let deadline_day = app.zone.civil_date(period.deadline);
    let assigned_day = app.zone.civil_date(period.opened_at);
    let moment = Moment {
        past_deadline: now > period.deadline,
        ..moment
    };
    due(ladder, calendar, deadline_day, assigned_day, moment)
}

/// Sends the due rungs of one period to each org that owes, in one transaction with one audit
/// event; answers (reminders, messages) written. Nothing claimed: nothing written.
async fn send(app: &App, period: &LivePeriod, rungs: &[Rung]) -> Result<(usize, usize)> {
    let owed = [
        SubmissionState::Returned,
        SubmissionState::NotStarted,
        SubmissionState::Draft,
    ];
    let about = About::Report {
        task_id: period.task_id,
        period: &period.period,
    };
    // What is left to send, read without the write lock: most minutes, nothing.
    let mut todo = Vec::new();
    {
        let mut conn = app
            .db
            .read()
            .acquire()
            .await
            .map_err(store::StoreError::from)?;
        let reports =
            reminders::reports_in(&mut conn, period.task_id, &period.period, &owed).await?;
        for rung in rungs {
            let done = reminders::already_sent(&mut conn, about, &rung.key()).await?;
            todo.extend(
                reports
                    .iter()
                    .filter(|r| owes(r.state) && !done.contains(&r.org_id))
                    .map(|r| (*rung, r.clone())),
            );
        }
    }
    if todo.is_empty() {
        return Ok((0, 0));
    }
    // Under the write lock, the reports owed again (one handed in since the read is left
    // alone); a reminder another server sent meanwhile is refused by its claim.
    let mut w = app.system_write().await?;
    let still: std::collections::HashSet<i64> =
        reminders::reports_in(&mut w.tx, period.task_id, &period.period, &owed)
            .await?
            .iter()
            .filter(|r| owes(r.state))
            .map(|r| r.org_id)
            .collect();
    let orgs: Vec<i64> = todo.iter().map(|(_, r)| r.org_id).collect();
    let reach = Reach {
        accounts: reminders::recipients_of_orgs(&mut w.tx, &orgs, &reporting_roles()).await?,
        robots: store::channels::orgs_with_robots(&mut w.tx, &orgs).await?,
    };
    let (mut sent, mut written) = (0, 0);
    for (rung, report) in todo.iter().filter(|(_, r)| still.contains(&r.org_id)) {
        if let Some(n) = claim(&mut w, &app.channels, &reach, period, report, *rung).await? {
            sent += 1;
            written += n;
        }
    }
    if sent == 0 {
        return Ok((0, 0));
    }
    let keys: Vec<String> = rungs.iter().map(Rung::key).collect();
    let detail = serde_json::json!({"period": period.period, "rungs": keys, "orgs": sent});
    let object = ("task", period.task_id);
    w.commit(
        "task.remind_auto",
        object,
        period.task_org_id,
        detail.to_string(),
    )
    .await?;
    Ok((sent, written))
}

/// Whom a period's reminders reach, read once for all its orgs: the accounts at each org, and
/// the orgs with a robot.
struct Reach {
    accounts: std::collections::HashMap<i64, Vec<i64>>,
    robots: std::collections::HashSet<i64>,
}

/// Claims (report, rung) and, when it was not claimed before, writes the reminder and its
/// messages; answers how many messages, or `None` when it had been sent already.
async fn claim(
    w: &mut Write<'_>,
    channels: &Channels,
    reach: &Reach,
    period: &LivePeriod,
    report: &reminders::Report,
    rung: Rung,
) -> Result<Option<usize>> {
    let key = rung.key();
    let once_key = format!(
        "task:{}:{}:{}:{key}",
        period.task_id, period.period, report.org_id
    );
    let reminder = NewReminder {
        about: About::Report {
            task_id: period.task_id,
            period: &period.period,
        },
        org_id: report.org_id,
        rung: &key,
        state: report.state.as_str(),
        note: "",
        sent_by: None,
        once_key: Some(&once_key),
    };
    let Some(id) = reminders::insert(&mut w.tx, &reminder, w.now).await? else {
        return Ok(None);
    };
    let (kind, accounts) = match rung {
        Rung::Escalate => {
            let roles = managing_roles();
            let to = reminder_schedule::parent_recipients(&mut w.tx, report.org_id, &roles).await?;
            (TASK_ESCALATION, to)
        }
        _ => {
            let to = reach
                .accounts
                .get(&report.org_id)
                .cloned()
                .unwrap_or_default();
            (TASK_REMINDER, to)
        }
    };
    let args = serde_json::json!({
        "task": period.task_title,
        "from": period.task_org_name,
        "org": report.org_name,
        "period": period.period,
        "deadline": period.deadline.millis().to_string(),
        "rung": key,
        "note": "",
    })
    .to_string();
    let link = report_link(period.task_id, report.org_id, &period.period);
    let said = Said {
        kind,
        args: &args,
        link: &link,
        reminder_id: id,
        org_id: report.org_id,
    };
    outbox::to_accounts(w, channels, &accounts, said).await?;
    if !matches!(rung, Rung::Escalate) && reach.robots.contains(&report.org_id) {
        outbox::to_robots(w, said).await?;
    }
    let n = accounts.len();
    reminders::set_recipients(&mut w.tx, id, i64::try_from(n).unwrap_or(i64::MAX)).await?;
    Ok(Some(n))
}

/// Runs a pass every [`EVERY`] until the server stops.
pub async fn run(app: App) {
    let mut tick = tokio::time::interval(EVERY);
    loop {
        tick.tick().await;
        match pass(&app).await {
            Ok(p) if p.reminders > 0 => {
                tracing::info!(
                    reminders = p.reminders,
                    messages = p.messages,
                    "reminders sent"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "sending the reminders that are due"),
        }
    }
}
