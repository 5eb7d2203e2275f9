//! Creating, editing, moving, closing and reopening orgs.

use crate::Actor;
use crate::App;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use domain::OrgKind;
use domain::access::Action;
use domain::drafts::{FieldErrors, OrgInput};
use domain::org::{MoveProblem, check_move};
use store::orgs::{self, NewOrg, Org, OrgDetails};

/// Loads an org the user may do `action` on, or answers 404 (audited when it exists).
pub async fn load(state: &App, user: &Actor, id: i64, action: Action) -> Result<Org> {
    let org = orgs::by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    let object = Object {
        kind: "org",
        id,
        org_id: Some(id),
    };
    authz::require(state, user, action, &org.path, object).await?;
    Ok(org)
}

/// Why an org write was refused, beyond field problems.
#[derive(Debug)]
pub enum OrgRefusal {
    Fields(FieldErrors),
    Move(MoveProblem),
    /// The parent is closed: nothing new goes under it.
    ParentClosed,
    /// The action would touch the root of the user's own grant.
    OwnRoot,
}

impl domain::Problem for OrgRefusal {
    /// A move's problems share one code: the API has always answered `invalid_move`.
    fn code(&self) -> &'static str {
        match self {
            OrgRefusal::Fields(_) => "invalid_fields",
            OrgRefusal::Move(_) => "invalid_move",
            OrgRefusal::ParentClosed => "parent_closed",
            OrgRefusal::OwnRoot => "own_root",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            OrgRefusal::Fields(_) => "error.invalid_fields",
            OrgRefusal::Move(p) => p.message_key(),
            OrgRefusal::ParentClosed => "org.parent_closed",
            OrgRefusal::OwnRoot => "org.own_root",
        }
    }
}

/// Creates an org of `kind` under `parent`.
pub async fn create(
    state: &App,
    user: &Actor,
    parent: &Org,
    kind: OrgKind,
    input: &OrgInput,
) -> Result<std::result::Result<i64, OrgRefusal>> {
    let draft = match input.parse() {
        Ok(d) => d,
        Err(e) => return Ok(Err(OrgRefusal::Fields(e))),
    };
    if !parent.is_open() {
        return Ok(Err(OrgRefusal::ParentClosed));
    }
    if !parent.kind.may_contain(kind) {
        return Ok(Err(OrgRefusal::Move(MoveProblem::WrongKind)));
    }
    let mut w = state.write(user).await?;
    let id = orgs::create(
        &mut w.tx,
        NewOrg {
            parent_id: Some(parent.id),
            kind,
            name: &draft.name,
            short_name: &draft.short_name,
            society: &draft.society,
            contact_person: &draft.contact_person,
            contact_phone: &draft.contact_phone,
            sort_order: 0,
        },
        w.now,
    )
    .await?;
    w.commit("org.create", ("org", id), id, draft.name.clone())
        .await?;
    Ok(Ok(id))
}

/// Changes an org's details.
pub async fn update(
    state: &App,
    user: &Actor,
    org: &Org,
    input: &OrgInput,
) -> Result<std::result::Result<(), OrgRefusal>> {
    let draft = match input.parse() {
        Ok(d) => d,
        Err(e) => return Ok(Err(OrgRefusal::Fields(e))),
    };
    let mut w = state.write(user).await?;
    orgs::update_details(
        &mut w.tx,
        org.id,
        OrgDetails {
            name: &draft.name,
            short_name: &draft.short_name,
            society: &draft.society,
            contact_person: &draft.contact_person,
            contact_phone: &draft.contact_phone,
        },
    )
    .await?;
    let detail = if org.name == draft.name {
        String::new()
    } else {
        format!("{} → {}", org.name, draft.name)
    };
    w.commit("org.update", ("org", org.id), org.id, detail)
        .await?;
    Ok(Ok(()))
}

/// Moves `org` under `new_parent`. Both the org's current parent and the new parent must be
/// within the user's ManageOrgs scope, so nobody moves the root of their own grant.
pub async fn move_under(
    state: &App,
    user: &Actor,
    org: &Org,
    new_parent: &Org,
) -> Result<std::result::Result<(), OrgRefusal>> {
    if !parent_in_scope(user, org) {
        return Ok(Err(OrgRefusal::OwnRoot));
    }
    if let Err(problem) = check_move(
        &org.path,
        org.kind,
        &new_parent.path,
        new_parent.kind,
        new_parent.is_open(),
    ) {
        return Ok(Err(OrgRefusal::Move(problem)));
    }
    let mut w = state.write(user).await?;
    let new_path = orgs::move_subtree(
        &mut w.tx,
        org.id,
        &org.path,
        new_parent.id,
        &new_parent.path,
    )
    .await?;
    w.commit(
        "org.move",
        ("org", org.id),
        org.id,
        format!("{} → {new_path}", org.path),
    )
    .await?;
    Ok(Ok(()))
}

fn parent_in_scope(user: &Actor, org: &Org) -> bool {
    let parent_path = org.path[..org.path.len() - 1]
        .rfind('/')
        .map(|i| &org.path[..=i])
        .unwrap_or("/");
    org.parent_id.is_some() && user.access.can(Action::ManageOrgs, parent_path)
}

/// Closes (`open = false`) or reopens an org. A closed org keeps its history and drops out of
/// new assignments.
pub async fn set_open(
    state: &App,
    user: &Actor,
    org: &Org,
    open: bool,
) -> Result<std::result::Result<(), OrgRefusal>> {
    if !parent_in_scope(user, org) {
        return Ok(Err(OrgRefusal::OwnRoot));
    }
    let mut w = state.write(user).await?;
    orgs::set_status(
        &mut w.tx,
        org.id,
        if open {
            domain::org::OrgStatus::Open
        } else {
            domain::org::OrgStatus::Closed
        },
    )
    .await?;
    let action = if open { "org.reopen" } else { "org.close" };
    w.commit(action, ("org", org.id), org.id, "").await?;
    Ok(Ok(()))
}

/// The orgs named as a notice's or task's targets, each with whether its whole subtree is
/// meant, read in one query; 404 when an id names no org, 422 `duplicate_target` when one is
/// named twice (a target is stored once per org: the second would break a unique key and
/// leave the meaning — alone or with its subtree — to chance). Whether the caller may send to
/// each is the publishing rule's to check.
pub async fn targets(state: &App, named: &[(i64, bool)]) -> Result<Vec<(Org, bool)>> {
    let mut seen = std::collections::HashSet::with_capacity(named.len());
    if let Some((id, _)) = named.iter().find(|(id, _)| !seen.insert(*id)) {
        return Err(
            Error::unprocessable("duplicate_target", "error.duplicate_target")
                .arg("id", id.to_string()),
        );
    }
    let ids: Vec<i64> = named.iter().map(|(id, _)| *id).collect();
    let found: std::collections::HashMap<i64, Org> = orgs::by_ids(state.db.read(), &ids)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    named
        .iter()
        .map(|(id, subtree)| {
            let org = found.get(id).cloned().ok_or_else(Error::not_found)?;
            Ok((org, *subtree))
        })
        .collect()
}

/// The subtrees a list searches: the org asked for (authorised for `action`, else 404), or
/// every subtree where the user may do `action`; 404 when there is none.
pub async fn scope(
    state: &App,
    user: &Actor,
    org: Option<i64>,
    action: Action,
) -> Result<Vec<String>> {
    let roots = match org {
        Some(id) => vec![load(state, user, id, action).await?.path],
        None => user.access.roots(action),
    };
    if roots.is_empty() {
        return Err(Error::not_found());
    }
    Ok(roots)
}
