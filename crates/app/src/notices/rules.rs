//! Who may do what with a notice, and each change in one transaction with its audit event.

use crate::Actor;
use crate::App;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use domain::access::Action;
use domain::notice::{NoticeChange, NoticeProblem, NoticeStatus};
use gongwen::NoticeDraft;

use store::notices::{self, Content, Notice, Received};
use store::orgs::Org;

/// How the caller stands to a notice.
#[derive(Debug)]
pub enum Side {
    /// Their grant covers the issuing org: they write, publish, withdraw, see receipts.
    Issuer,
    /// Orgs in their scope received it: the rows they may open and sign for.
    Recipient(Vec<Received>),
}

/// A notice with the caller's standing to it.
#[derive(Debug)]
pub struct Loaded {
    pub notice: Notice,
    pub side: Side,
}

impl Loaded {
    pub fn status(&self) -> NoticeStatus {
        self.notice.status
    }

    pub fn is_issuer(&self) -> bool {
        matches!(self.side, Side::Issuer)
    }
}

/// Loads a notice the caller issued or received, or answers 404 (audited when it exists).
pub async fn load(state: &App, user: &Actor, id: i64) -> Result<Loaded> {
    let notice = notices::by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    if user.access.can(Action::IssueNotices, &notice.org_path) {
        return Ok(Loaded {
            notice,
            side: Side::Issuer,
        });
    }
    if notice.status != NoticeStatus::Draft {
        let roots = user.access.roots(Action::ReadNotices);
        let received = notices::received_under(state.db.read(), id, &roots).await?;
        if !received.is_empty() {
            return Ok(Loaded {
                notice,
                side: Side::Recipient(received),
            });
        }
    }
    let object = Object {
        kind: "notice",
        id,
        org_id: Some(notice.org_id),
    };
    authz::deny(state, user, Action::ReadNotices, object).await?;
    Err(Error::not_found())
}

/// Loads a notice the caller may change (its issuer side), or answers 404.
pub async fn load_as_issuer(state: &App, user: &Actor, id: i64) -> Result<Notice> {
    let loaded = load(state, user, id).await?;
    if !loaded.is_issuer() {
        let object = Object {
            kind: "notice",
            id,
            org_id: Some(loaded.notice.org_id),
        };
        authz::deny(state, user, Action::IssueNotices, object).await?;
    }
    Ok(loaded.notice)
}

fn content<'a>(draft: &'a NoticeDraft, json: &'a str, source: &'a str) -> Content<'a> {
    Content {
        title: draft.title.as_deref().unwrap_or(""),
        doc_number: draft.doc_number.as_ref().map(|d| d.text()).unwrap_or(""),
        json,
        source,
    }
}

fn to_json(draft: &NoticeDraft) -> Result<String> {
    serde_json::to_string(draft).map_err(|e| Error::Internal(e.into()))
}

/// Saves a new draft issued by `org` (already authorised for IssueNotices by the caller).
pub async fn create(
    state: &App,
    user: &Actor,
    org: &Org,
    draft: &NoticeDraft,
    source: &str,
) -> Result<i64> {
    let json = to_json(draft)?;
    let mut w = state.write(user).await?;
    let id = notices::create(
        &mut w.tx,
        org.id,
        content(draft, &json, source),
        user.account.id,
        w.now,
    )
    .await?;
    let title = draft.title.clone().unwrap_or_default();
    w.commit("notice.create", ("notice", id), org.id, title)
        .await?;
    Ok(id)
}

/// Saves an edit as a new revision. Recipients of a published notice see it as changed.
pub async fn revise(
    state: &App,
    user: &Actor,
    notice: &Notice,
    draft: &NoticeDraft,
    source: &str,
) -> Result<std::result::Result<i64, NoticeProblem>> {
    let status = notice.status;
    if let Err(problem) = status.allows(NoticeChange::Edit) {
        return Ok(Err(problem));
    }
    let json = to_json(draft)?;
    let mut w = state.write(user).await?;
    let revision = notices::revise(
        &mut w.tx,
        notice.id,
        content(draft, &json, source),
        user.account.id,
        w.now,
    )
    .await?;
    let detail = format!("revision {revision}");
    w.commit(
        "notice.revise",
        ("notice", notice.id),
        notice.org_id,
        detail,
    )
    .await?;
    Ok(Ok(revision))
}

/// The names of the orgs publishing to `targets` would reach, in tree order, for the issuer
/// to confirm; each target must lie within the caller's IssueNotices scope, as for [`publish`].
pub async fn would_reach(
    state: &App,
    user: &Actor,
    notice: &Notice,
    targets: &[(Org, bool)],
) -> Result<Vec<String>> {
    authz::require_each_org(state, user, Action::IssueNotices, targets).await?;
    let roots: Vec<String> = targets
        .iter()
        .filter(|(_, subtree)| *subtree)
        .map(|(o, _)| o.path.clone())
        .collect();
    let alone: Vec<i64> = targets
        .iter()
        .filter(|(_, subtree)| !*subtree)
        .map(|(o, _)| o.id)
        .collect();
    Ok(store::would_reach(state.db.read(), &roots, &alone, notice.org_id).await?)
}

/// Publishes a draft to `targets` (org, with its subtree). Each target must lie within the
/// caller's IssueNotices scope, and when the deployment asks for 签发 the current revision
/// must be signed off; answers how many orgs received it.
pub async fn publish(
    state: &App,
    user: &Actor,
    notice: &Notice,
    targets: &[(Org, bool)],
) -> Result<std::result::Result<i64, NoticeProblem>> {
    let status = notice.status;
    if let Err(problem) = status.allows(NoticeChange::Publish) {
        return Ok(Err(problem));
    }
    authz::require_each_org(state, user, Action::IssueNotices, targets).await?;
    if targets.is_empty() {
        return Ok(Err(NoticeProblem::NoRecipients));
    }
    let mut w = state.write(user).await?;
    if let Err(problem) = super::signoff::cleared(&mut w, notice).await? {
        return Ok(Err(problem));
    }
    let chosen: Vec<(i64, bool)> = targets.iter().map(|(o, s)| (o.id, *s)).collect();
    notices::set_targets(&mut w.tx, notice.id, &chosen).await?;
    let count = notices::publish(&mut w.tx, notice.id, notice.org_id, w.now).await?;
    if count == 0 {
        // Dropping the transaction undoes the targets and the state change.
        return Ok(Err(NoticeProblem::NoRecipients));
    }
    let detail = format!("{count} recipients");
    w.commit(
        "notice.publish",
        ("notice", notice.id),
        notice.org_id,
        detail,
    )
    .await?;
    Ok(Ok(count))
}

/// Withdraws a published notice with a reason; it stays readable, marked withdrawn.
pub async fn withdraw(
    state: &App,
    user: &Actor,
    notice: &Notice,
    reason: &str,
) -> Result<std::result::Result<(), NoticeProblem>> {
    let status = notice.status;
    if let Err(problem) = status.allows(NoticeChange::Withdraw) {
        return Ok(Err(problem));
    }
    let reason: String = reason.trim().chars().take(500).collect();
    if reason.is_empty() {
        return Ok(Err(NoticeProblem::ReasonRequired));
    }
    let mut w = state.write(user).await?;
    notices::withdraw(&mut w.tx, notice.id, &reason, w.now).await?;
    w.commit(
        "notice.withdraw",
        ("notice", notice.id),
        notice.org_id,
        reason,
    )
    .await?;
    Ok(Ok(()))
}

/// Records that the caller's orgs opened the current revision (only the first opening of each
/// revision is a write). An org has read a notice when someone who signs for it opened it: a
/// member's reading does not count for the branch unless the deployment says so
/// (`App::member_reads_count`).
pub async fn mark_opened(
    state: &App,
    user: &Actor,
    notice: &Notice,
    received: &[Received],
) -> Result<()> {
    let fresh: Vec<&Received> = received
        .iter()
        .filter(|r| r.opened_revision.is_none_or(|o| o < notice.revision))
        .filter(|r| state.member_reads_count || user.access.can(Action::SignNotices, &r.org_path))
        .collect();
    if fresh.is_empty() {
        return Ok(());
    }
    let mut w = state.write(user).await?;
    for r in &fresh {
        notices::mark_opened(
            &mut w.tx,
            notice.id,
            r.org_id,
            user.account.id,
            notice.revision,
            w.now,
        )
        .await?;
    }
    let orgs = fresh
        .iter()
        .map(|r| r.org_id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let detail = format!("orgs {orgs}");
    w.commit(
        "notice.open",
        ("notice", notice.id),
        fresh[0].org_id,
        detail,
    )
    .await?;
    Ok(())
}

/// Signs (签收) the current revision for the recipient org `org_id`, which must be one the
/// caller may sign for. Answers false when it was already signed.
pub async fn sign(
    state: &App,
    user: &Actor,
    loaded: &Loaded,
    org_id: i64,
) -> Result<std::result::Result<bool, NoticeProblem>> {
    if loaded.status() == NoticeStatus::Withdrawn {
        return Ok(Err(NoticeProblem::Withdrawn));
    }
    let notice = &loaded.notice;
    let row = match &loaded.side {
        Side::Recipient(rows) => rows.iter().find(|r| r.org_id == org_id),
        Side::Issuer => None,
    };
    let Some(row) = row else {
        let object = Object {
            kind: "notice",
            id: notice.id,
            org_id: Some(org_id),
        };
        authz::deny(state, user, Action::SignNotices, object).await?;
        return Err(Error::not_found());
    };
    let org = store::orgs::by_id(state.db.read(), row.org_id)
        .await?
        .ok_or_else(Error::not_found)?;
    let object = Object {
        kind: "notice",
        id: notice.id,
        org_id: Some(org.id),
    };
    authz::require(state, user, Action::SignNotices, &org.path, object).await?;
    let mut w = state.write(user).await?;
    let signed = notices::sign(
        &mut w.tx,
        notice.id,
        org.id,
        user.account.id,
        notice.revision,
        w.now,
    )
    .await?;
    if signed {
        let detail = format!("revision {}", notice.revision);
        w.commit("notice.sign", ("notice", notice.id), org.id, detail)
            .await?;
    }
    // Already signed: nothing was written, and dropping `w` ends the transaction.
    Ok(Ok(signed))
}

/// The structured content of a stored revision.
pub async fn draft_of(
    state: &App,
    notice: &Notice,
    revision: i64,
) -> Result<(NoticeDraft, String)> {
    let (json, source, _) = notices::revision(state.db.read(), notice.id, revision)
        .await?
        .ok_or_else(Error::not_found)?;
    let draft = serde_json::from_str(&json)
        .map_err(|e| Error::Internal(anyhow::Error::new(e).context("reading a stored notice")))?;
    Ok((draft, source))
}
