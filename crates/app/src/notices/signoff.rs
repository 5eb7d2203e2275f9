//! 签发 before a notice goes out, when the deployment asks for it: a draft's revision is sent
//! for review (送审), reviewed (核稿) and signed off (签发) by someone other than its writer,
//! and publishing checks that the current revision was.

use super::settings;
use crate::error::Result;
use crate::{Actor, App, Write};
use domain::notice::{NoticeProblem, NoticeStatus};
use domain::notice_signoff::{self as rule, Act, SignoffProblem, Stage};
use store::notice_signoffs::{self as signoffs, Author, NewSignoff, Signoff};
use store::notices::Notice;

/// A notice's 签发 as its page and the API show it.
#[derive(Debug)]
pub struct Trail {
    /// The deployment asks for 签发 before publishing.
    pub required: bool,
    /// Where the current revision stands.
    pub stage: Stage,
    pub revision: i64,
    /// 拟稿人 of the current revision.
    pub author: Option<Author>,
    /// Every act on every revision, oldest first; those on earlier revisions were voided by
    /// the edits that followed them.
    pub acts: Vec<Signoff>,
}

impl Trail {
    /// The acts on the current revision.
    pub fn current(&self) -> impl Iterator<Item = &Signoff> {
        self.acts.iter().filter(|s| s.revision == self.revision)
    }

    /// The acts an edit voided.
    pub fn voided(&self) -> impl Iterator<Item = &Signoff> {
        self.acts.iter().filter(|s| s.revision != self.revision)
    }

    /// Whether `account` wrote the current revision, and so may not decide on it.
    pub fn wrote(&self, account: i64) -> bool {
        self.author
            .as_ref()
            .is_some_and(|a| a.account_id == Some(account))
    }
}

/// The 签发 trail of `notice` (already loaded for the caller).
pub async fn trail(app: &App, notice: &Notice) -> Result<Trail> {
    let db = app.db.read();
    let acts = signoffs::of_notice(db, notice.id).await?;
    let current = acts.iter().filter(|s| s.revision == notice.revision);
    Ok(Trail {
        required: settings::signoff_required(app).await?,
        stage: Stage::of(current.map(|s| s.act)),
        revision: notice.revision,
        author: signoffs::author(db, notice.id, notice.revision).await?,
        acts,
    })
}

/// Does `act` on the draft `notice` (loaded on its issuer side: the caller issues notices for
/// its org) as `actor`, who read revision `seen` (none: the current one). Answers the stage it
/// leads to, or why not: the draft edited since it was read, a step out of turn, a decision on
/// one's own revision, a return without a reason.
pub async fn act(
    app: &App,
    actor: &Actor,
    notice: &Notice,
    seen: Option<i64>,
    act: Act,
    typed_reason: &str,
) -> Result<std::result::Result<Stage, SignoffProblem>> {
    if !settings::signoff_required(app).await? {
        return Ok(Err(SignoffProblem::Off));
    }
    let reason = match rule::reason_for(act, typed_reason) {
        Ok(r) => r,
        Err(p) => return Ok(Err(p)),
    };
    let mut w = app.write(actor).await?;
    // Checked on the held row, not the copy loaded before: an edit or publishing in between
    // would otherwise slip past.
    let (revision, status) = signoffs::hold(&mut w.tx, notice.id).await?;
    if status != NoticeStatus::Draft {
        return Ok(Err(SignoffProblem::NotDraft));
    }
    if seen.is_some_and(|s| s != revision) {
        return Ok(Err(SignoffProblem::Stale { current: revision }));
    }
    let author = signoffs::author(&mut *w.tx, notice.id, revision).await?;
    let wrote = author.and_then(|a| a.account_id);
    if let Err(p) = rule::may_decide(act, wrote, actor.account.id) {
        return Ok(Err(p));
    }
    let done = signoffs::of_revision(&mut *w.tx, notice.id, revision).await?;
    let stage = match Stage::of(done).after(act) {
        Ok(s) => s,
        Err(p) => return Ok(Err(p)),
    };
    let new = NewSignoff {
        notice_id: notice.id,
        revision,
        act,
        reason: &reason,
        by: actor.account.id,
    };
    signoffs::record(&mut w.tx, new, w.now).await?;
    let detail = match reason.as_str() {
        "" => format!("revision {revision}"),
        reason => format!("revision {revision}: {reason}"),
    };
    w.commit(
        act.audit_action(),
        ("notice", notice.id),
        notice.org_id,
        detail,
    )
    .await?;
    Ok(Ok(stage))
}

/// Whether the draft may go out as far as 签发 is concerned: with the deployment asking for
/// it, its current revision must be signed off. Read before the issuer confirms whom it
/// reaches; [`cleared`] checks again where it is published.
pub async fn may_publish(
    app: &App,
    notice: &Notice,
) -> Result<std::result::Result<(), NoticeProblem>> {
    if !settings::signoff_required(app).await? {
        return Ok(Ok(()));
    }
    let acts = signoffs::of_revision(app.db.read(), notice.id, notice.revision).await?;
    Ok(signed_off(Stage::of(acts)))
}

/// [`may_publish`] inside the publishing write, holding the notice so that no edit slips in
/// between the check and publishing.
pub async fn cleared(
    w: &mut Write<'_>,
    notice: &Notice,
) -> Result<std::result::Result<(), NoticeProblem>> {
    if !settings::signoff_required_in(&mut w.tx).await? {
        return Ok(Ok(()));
    }
    let (revision, _) = signoffs::hold(&mut w.tx, notice.id).await?;
    let acts = signoffs::of_revision(&mut *w.tx, notice.id, revision).await?;
    Ok(signed_off(Stage::of(acts)))
}

fn signed_off(stage: Stage) -> std::result::Result<(), NoticeProblem> {
    match stage {
        Stage::SignedOff => Ok(()),
        _ => Err(NoticeProblem::SignoffRequired),
    }
}
