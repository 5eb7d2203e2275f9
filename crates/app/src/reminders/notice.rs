//! 催办 of a notice's 签收: reminding the recipients that have not signed, by a person from
//! the receipts page, and the 签收时限 the ladder chases.

use super::outbox::{self, Said};
use super::task::Sent;
use crate::channels::Channels;
use crate::{Actor, App, Result, Write};
use domain::Timestamp;
use domain::access::Action;
use domain::notice::NoticeStatus;
use domain::reminder::{Note, NoticeAudience, ReminderProblem};
use std::collections::HashMap;
use store::notice_reminders::{self, Unsigned};
use store::notices::Notice;
use store::reminders::{self, About, NewReminder, Tally};

/// The message kinds of reminders about a notice.
pub const NOTICE_REMINDER: &str = "notice_reminder";
pub const NOTICE_ESCALATION: &str = "notice_escalation";

/// The roles whose holders at an org sign its notices (and hear reminders to).
pub fn signing_roles() -> Vec<&'static str> {
    super::roles_allowing(Action::SignNotices)
}

/// The roles whose holders at a parent org hear that an org under it has not signed.
pub fn issuing_roles() -> Vec<&'static str> {
    super::roles_allowing(Action::IssueNotices)
}

/// Reminds the recipients of `notice` (loaded as its issuer by the caller) in `audience` that
/// have not signed, with the sender's `note`.
pub async fn remind(
    app: &App,
    actor: &Actor,
    notice: &Notice,
    audience: &NoticeAudience,
    note: &str,
) -> Result<std::result::Result<Sent, ReminderProblem>> {
    if notice.status != NoticeStatus::Published {
        return Ok(Err(ReminderProblem::NoticeNotPublished));
    }
    let note = match Note::parse(note) {
        Ok(n) => n,
        Err(p) => return Ok(Err(p)),
    };
    let mut w = app.write(actor).await?;
    let (owing, asked) = match audience {
        NoticeAudience::Orgs(ids) => {
            let found = notice_reminders::unsigned(&mut w.tx, notice.id, Some(ids)).await?;
            (found, ids.len())
        }
        NoticeAudience::Unsigned | NoticeAudience::Unread => {
            let mut found = notice_reminders::unsigned(&mut w.tx, notice.id, None).await?;
            if *audience == NoticeAudience::Unread {
                found.retain(|u| !u.opened);
            }
            let n = found.len();
            (found, n)
        }
    };
    if owing.is_empty() {
        return Ok(Err(ReminderProblem::NothingOwed));
    }
    let mut sent = Sent {
        orgs: owing.len(),
        skipped: asked.saturating_sub(owing.len()),
        ..Sent::default()
    };
    let sign_by = notice_reminders::sign_by(&mut *w.tx, notice.id).await?;
    for org in &owing {
        let to = Deliver {
            notice,
            sign_by,
            org,
            rung: "manual",
            note: note.as_str(),
            sent_by: Some(actor.account.id),
            once_key: None,
            escalate: false,
            known: None,
        };
        if let Some(reached) = deliver(&mut w, &app.channels, to).await? {
            sent.messages += reached;
            if reached == 0 {
                sent.unreached += 1;
            }
        }
    }
    let detail = serde_json::json!({
        "orgs": owing.iter().map(|u| u.org_id).collect::<Vec<_>>(),
        "note": note.as_str(),
    })
    .to_string();
    w.commit(
        "notice.remind",
        ("notice", notice.id),
        notice.org_id,
        detail,
    )
    .await?;
    Ok(Ok(sent))
}

/// One reminder about a notice to one org.
pub(super) struct Deliver<'a> {
    pub notice: &'a Notice,
    pub sign_by: Option<Timestamp>,
    pub org: &'a Unsigned,
    pub rung: &'a str,
    pub note: &'a str,
    pub sent_by: Option<i64>,
    pub once_key: Option<&'a str>,
    /// To the parent org's issuers rather than the org's signers.
    pub escalate: bool,
    /// The org's signers and whether it has a robot, when read beforehand for many orgs at
    /// once; `None`: looked up here.
    pub known: Option<(&'a [i64], bool)>,
}

/// Writes the reminder and its messages; answers how many accounts it reached, or `None` when
/// its `once_key` was claimed before.
pub(super) async fn deliver(
    w: &mut Write<'_>,
    channels: &Channels,
    d: Deliver<'_>,
) -> Result<Option<usize>> {
    let reminder = NewReminder {
        about: About::Notice {
            notice_id: d.notice.id,
        },
        org_id: d.org.org_id,
        rung: d.rung,
        state: d.org.state(),
        note: d.note,
        sent_by: d.sent_by,
        once_key: d.once_key,
    };
    let Some(id) = reminders::insert(&mut w.tx, &reminder, w.now).await? else {
        return Ok(None);
    };
    let (kind, accounts) = if d.escalate {
        let roles = issuing_roles();
        let to =
            store::reminder_schedule::parent_recipients(&mut w.tx, d.org.org_id, &roles).await?;
        (NOTICE_ESCALATION, to)
    } else {
        let to = match d.known {
            Some((accounts, _)) => accounts.to_vec(),
            None => reminders::recipients(&mut w.tx, d.org.org_id, &signing_roles()).await?,
        };
        (NOTICE_REMINDER, to)
    };
    let args = serde_json::json!({
        "notice": d.notice.title,
        "from": d.notice.org_name,
        "org": d.org.org_name,
        "deadline": d.sign_by.map(|t| t.millis().to_string()).unwrap_or_default(),
        "rung": d.rung,
        "note": d.note,
    })
    .to_string();
    let link = format!("/notices/{}", d.notice.id);
    let said = Said {
        kind,
        args: &args,
        link: &link,
        reminder_id: id,
        org_id: d.org.org_id,
    };
    outbox::to_accounts(w, channels, &accounts, said).await?;
    if !d.escalate && d.known.is_none_or(|(_, robots)| robots) {
        outbox::to_robots(w, said).await?;
    }
    let n = accounts.len();
    reminders::set_recipients(&mut w.tx, id, i64::try_from(n).unwrap_or(i64::MAX)).await?;
    Ok(Some(n))
}

/// Sets the notice's 签收时限 (or clears it with `None`); the issuer only (checked by the
/// caller's load). A time already past is refused: nobody could meet it.
pub async fn set_sign_by(
    app: &App,
    actor: &Actor,
    notice: &Notice,
    sign_by: Option<Timestamp>,
) -> Result<std::result::Result<(), SignByProblem>> {
    if notice.status == NoticeStatus::Withdrawn {
        return Ok(Err(SignByProblem::Withdrawn));
    }
    if sign_by.is_some_and(|t| t <= app.now()) {
        return Ok(Err(SignByProblem::Past));
    }
    let mut w = app.write(actor).await?;
    notice_reminders::set_sign_by(&mut w.tx, notice.id, sign_by).await?;
    let detail = sign_by.map_or_else(|| "none".to_owned(), crate::rfc3339);
    w.commit(
        "notice.sign_by",
        ("notice", notice.id),
        notice.org_id,
        detail,
    )
    .await?;
    Ok(Ok(()))
}

/// Reads a 签收时限 as people write it (`2026-12-10`, the end of that day, or `2026-12-10
/// 17:00`); blank is none. A time already past is refused: nobody could meet it.
pub fn read_sign_by(
    app: &App,
    text: &str,
) -> std::result::Result<Option<Timestamp>, SignByProblem> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let at = app
        .zone
        .parse_deadline(text)
        .ok_or(SignByProblem::Invalid)?;
    if at <= app.now() {
        return Err(SignByProblem::Past);
    }
    Ok(Some(at))
}

/// Why a 签收时限 was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignByProblem {
    Invalid,
    Past,
    Withdrawn,
}

impl domain::Problem for SignByProblem {
    fn code(&self) -> &'static str {
        match self {
            SignByProblem::Invalid => "invalid_sign_by",
            SignByProblem::Past => "sign_by_past",
            SignByProblem::Withdrawn => "withdrawn",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            SignByProblem::Invalid => "reminders.sign_by_invalid",
            SignByProblem::Past => "reminders.sign_by_past",
            SignByProblem::Withdrawn => "notice.problem.withdrawn",
        }
    }
}

/// How often each recipient org was reminded to sign, and when last.
pub async fn tallies(app: &App, notice_id: i64, org_ids: &[i64]) -> Result<HashMap<i64, Tally>> {
    let about = About::Notice { notice_id };
    Ok(reminders::tallies(app.db.read(), about, org_ids).await?)
}
