//! Adding, editing, transferring members and marking them as having left; and what of a
//! member a reader may see.

use crate::Actor;
use crate::App;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use domain::access::Action;
use domain::drafts::{FieldErrors, MemberDraft, MemberInput};
use store::members::{self, Member, MemberFields, NewMember};
use store::orgs::Org;

/// Loads a member the user may do `action` on, or answers 404 (audited when it exists).
/// Reading one's own record needs no grant.
pub async fn load(state: &App, user: &Actor, id: i64, action: Action) -> Result<Member> {
    let member = members::by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    let own = user.account.member_id == Some(id)
        && matches!(action, Action::ViewRoster | Action::ViewPersonal);
    if !own {
        let object = Object {
            kind: "member",
            id,
            org_id: Some(member.org_id),
        };
        authz::require(state, user, action, &member.org_path, object).await?;
    }
    Ok(member)
}

/// Loads a member for showing (the page or the API): as [`load`] for `ViewRoster`, and when
/// the guarded fields (phone, birth date, email) will be shown to someone other than the member,
/// the viewing is recorded (`member.view`): who looked at whose personal data is a question an
/// auditor asks.
pub async fn view(state: &App, user: &Actor, id: i64) -> Result<Member> {
    let member = load(state, user, id, Action::ViewRoster).await?;
    if sees_personal(user, &member) && user.account.member_id != Some(member.id) {
        let w = state.write(user).await?;
        w.commit(
            "member.view",
            ("member", member.id),
            member.org_id,
            "personal data shown",
        )
        .await?;
    }
    Ok(member)
}

/// Whether `user` may see the guarded fields (phone, birth date, email) of `member`.
pub fn sees_personal(user: &Actor, member: &Member) -> bool {
    user.account.member_id == Some(member.id)
        || user.access.can(Action::ViewPersonal, &member.org_path)
}

/// The member as `user` may see it: guarded fields blanked unless allowed.
pub fn visible(user: &Actor, mut member: Member) -> Member {
    if !sees_personal(user, &member) {
        member.phone = None;
        member.birth_date = None;
        member.email = None;
    }
    member
}

fn fields(d: &MemberDraft) -> (Option<String>, Option<String>) {
    (
        d.birth_date.map(|x| x.to_string()),
        d.joined_party.map(|x| x.to_string()),
    )
}

/// Why a member write was refused, beyond field problems.
#[derive(Debug)]
pub enum MemberRefusal {
    Fields(FieldErrors),
    OrgClosed,
    SameOrg,
}

impl domain::Problem for MemberRefusal {
    fn code(&self) -> &'static str {
        match self {
            MemberRefusal::Fields(_) => "invalid_fields",
            MemberRefusal::OrgClosed => "org_closed",
            MemberRefusal::SameOrg => "same_org",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            MemberRefusal::Fields(_) => "error.invalid_fields",
            MemberRefusal::OrgClosed => "member.org_closed",
            MemberRefusal::SameOrg => "member.same_org",
        }
    }
}

/// Adds a member to `org` (already authorised for ManageRoster by the caller's `load`).
pub async fn create(
    state: &App,
    user: &Actor,
    org: &Org,
    input: &MemberInput,
) -> Result<std::result::Result<i64, MemberRefusal>> {
    let draft = match input.parse(state.today()) {
        Ok(d) => d,
        Err(e) => return Ok(Err(MemberRefusal::Fields(e))),
    };
    if !org.is_open() {
        return Ok(Err(MemberRefusal::OrgClosed));
    }
    let (birth, joined) = fields(&draft);
    let mut w = state.write(user).await?;
    let id = members::create(
        &mut w.tx,
        NewMember {
            org_id: org.id,
            name: &draft.name,
            gender: draft.gender.map(|g| g.as_str()).unwrap_or(""),
            birth_date: birth.as_deref(),
            phone: draft.phone.as_deref(),
            email: draft.email.as_deref(),
            member_type: draft.member_type.as_str(),
            joined_party: joined.as_deref(),
        },
        w.now,
    )
    .await?;
    for p in &draft.positions {
        members::add_position(&mut w.tx, id, p).await?;
    }
    w.commit("member.create", ("member", id), org.id, draft.name.clone())
        .await?;
    Ok(Ok(id))
}

/// Changes a member's fields; the previous version is kept.
pub async fn update(
    state: &App,
    user: &Actor,
    member: &Member,
    input: &MemberInput,
) -> Result<std::result::Result<(), MemberRefusal>> {
    let draft = match input.parse(state.today()) {
        Ok(d) => d,
        Err(e) => return Ok(Err(MemberRefusal::Fields(e))),
    };
    let (birth, joined) = fields(&draft);
    let mut w = state.write(user).await?;
    members::update(
        &mut w.tx,
        member.id,
        MemberFields {
            name: &draft.name,
            gender: draft.gender.map(|g| g.as_str()).unwrap_or(""),
            birth_date: birth.as_deref(),
            phone: draft.phone.as_deref(),
            email: draft.email.as_deref(),
            member_type: draft.member_type.as_str(),
            joined_party: joined.as_deref(),
        },
        &draft.positions,
        Some(user.account.id),
        w.now,
    )
    .await?;
    w.commit("member.update", ("member", member.id), member.org_id, "")
        .await?;
    Ok(Ok(()))
}

/// Moves a member to `to` (both orgs authorised by the caller); the move is kept in history.
pub async fn transfer(
    state: &App,
    user: &Actor,
    member: &Member,
    to: &Org,
    note: &str,
) -> Result<std::result::Result<(), MemberRefusal>> {
    if to.id == member.org_id {
        return Ok(Err(MemberRefusal::SameOrg));
    }
    if !to.is_open() {
        return Ok(Err(MemberRefusal::OrgClosed));
    }
    let note: String = note.trim().chars().take(200).collect();
    let mut w = state.write(user).await?;
    members::transfer(
        &mut w.tx,
        member.id,
        member.org_id,
        to.id,
        &note,
        Some(user.account.id),
        w.now,
    )
    .await?;
    w.commit(
        "member.transfer",
        ("member", member.id),
        to.id,
        format!("{} → {}", member.org_id, to.id),
    )
    .await?;
    Ok(Ok(()))
}

/// Marks a member as having left the roster, or back on it.
pub async fn set_active(state: &App, user: &Actor, member: &Member, active: bool) -> Result<()> {
    let mut w = state.write(user).await?;
    members::set_status(
        &mut w.tx,
        member.id,
        if active {
            domain::member::MemberStatus::Active
        } else {
            domain::member::MemberStatus::Left
        },
        Some(user.account.id),
        w.now,
    )
    .await?;
    let action = if active {
        "member.rejoin"
    } else {
        "member.leave"
    };
    w.commit(action, ("member", member.id), member.org_id, "")
        .await?;
    Ok(())
}
