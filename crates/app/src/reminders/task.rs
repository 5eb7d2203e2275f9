//! 催办 by a person: reminding the orgs of a task's period that still owe their report.

use super::outbox::{self, Said};
use super::reporting_roles;
use crate::channels::Channels;
use crate::tasks::rules::Loaded;
use crate::{Actor, App, Result};
use domain::access::Action;
use domain::reminder::{Audience, Note, ReminderProblem, owes};
use domain::task::TaskStatus;
use store::reminders::{self, About, NewReminder, Report};
use store::tasks::PeriodRow;

/// How often each org of a board's page was reminded about the period, and when last.
pub async fn tallies(
    app: &App,
    period: &PeriodRow,
    org_ids: &[i64],
) -> Result<std::collections::HashMap<i64, reminders::Tally>> {
    let about = About::Report {
        task_id: period.task_id,
        period: &period.period,
    };
    Ok(reminders::tallies(app.db.read(), about, org_ids).await?)
}

/// What a reminder did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sent {
    /// Orgs reminded.
    pub orgs: usize,
    /// Orgs chosen that have handed in (or are not assignees): left alone.
    pub skipped: usize,
    /// Orgs reminded that have no account to receive it in zhibu (the board still shows the
    /// reminder; someone must phone them).
    pub unreached: usize,
    /// Inbox messages written.
    pub messages: usize,
}

/// The message kind of a reminder about a report.
pub const TASK_REMINDER: &str = "task_reminder";

/// Reminds the orgs of `audience` that owe the period's report, with the sender's `note`. The
/// caller is the task's assigning side (checked here: anyone else is refused as for any task
/// they may not manage).
pub async fn remind(
    app: &App,
    actor: &Actor,
    loaded: &Loaded,
    period: &PeriodRow,
    audience: &Audience,
    note: &str,
) -> Result<std::result::Result<Sent, ReminderProblem>> {
    let task = &loaded.task;
    if !loaded.is_assigner() {
        let object = crate::authz::Object {
            kind: "task",
            id: task.id,
            org_id: Some(task.org_id),
        };
        crate::authz::deny(app, actor, Action::ManageTasks, object).await?;
    }
    if task.status != TaskStatus::Open {
        return Ok(Err(ReminderProblem::TaskNotOpen));
    }
    let note = match Note::parse(note) {
        Ok(n) => n,
        Err(p) => return Ok(Err(p)),
    };
    let mut w = app.write(actor).await?;
    let (chosen, asked) = match audience {
        Audience::Orgs(ids) => {
            let found = reminders::reports_of(&mut w.tx, task.id, &period.period, ids).await?;
            (found, ids.len())
        }
        other => {
            let found =
                reminders::reports_in(&mut w.tx, task.id, &period.period, &other.states()).await?;
            let n = found.len();
            (found, n)
        }
    };
    let owing: Vec<Report> = chosen.into_iter().filter(|r| owes(r.state)).collect();
    if owing.is_empty() {
        return Ok(Err(ReminderProblem::NothingOwed));
    }
    let mut sent = Sent {
        orgs: owing.len(),
        skipped: asked.saturating_sub(owing.len()),
        ..Sent::default()
    };
    let roles = reporting_roles();
    for report in &owing {
        let to = (report, &note, roles.as_slice());
        let reached = deliver(&mut w, &app.channels, actor, loaded, period, to).await?;
        sent.messages += reached;
        if reached == 0 {
            sent.unreached += 1;
        }
    }
    let detail = serde_json::json!({
        "period": period.period,
        "orgs": owing.iter().map(|r| r.org_id).collect::<Vec<_>>(),
        "note": note.as_str(),
    })
    .to_string();
    w.commit("task.remind", ("task", task.id), task.org_id, detail)
        .await?;
    Ok(Ok(sent))
}

/// Writes one org's reminder and its inbox messages; answers how many accounts it reached.
async fn deliver(
    w: &mut crate::Write<'_>,
    channels: &Channels,
    actor: &Actor,
    loaded: &Loaded,
    period: &PeriodRow,
    (report, note, roles): (&Report, &Note, &[&str]),
) -> Result<usize> {
    let task = &loaded.task;
    let reminder = NewReminder {
        about: About::Report {
            task_id: task.id,
            period: &period.period,
        },
        org_id: report.org_id,
        rung: "manual",
        state: report.state.as_str(),
        note: note.as_str(),
        sent_by: Some(actor.account.id),
        once_key: None,
    };
    let Some(id) = reminders::insert(&mut w.tx, &reminder, w.now).await? else {
        return Ok(0);
    };
    let accounts = reminders::recipients(&mut w.tx, report.org_id, roles).await?;
    let args = serde_json::json!({
        "task": task.title,
        "from": task.org_name,
        "org": report.org_name,
        "period": period.period,
        "deadline": period.deadline.millis().to_string(),
        "note": note.as_str(),
    })
    .to_string();
    let link = report_link(task.id, report.org_id, &period.period);
    let said = Said {
        kind: TASK_REMINDER,
        args: &args,
        link: &link,
        reminder_id: id,
        org_id: report.org_id,
    };
    outbox::to_accounts(w, channels, &accounts, said).await?;
    outbox::to_robots(w, said).await?;
    let reached = accounts.len();
    reminders::set_recipients(&mut w.tx, id, i64::try_from(reached).unwrap_or(i64::MAX)).await?;
    Ok(reached)
}

/// The report's page. Period keys are made by zhibu (`2026-12`, `2026-W49`, `once`): letters,
/// digits and dashes, nothing to encode.
pub(super) fn report_link(task_id: i64, org_id: i64, period: &str) -> String {
    let period: String = period
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    format!("/tasks/{task_id}/reports/{org_id}?period={period}")
}
