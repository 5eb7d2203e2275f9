//! 新建账号: an account for a member (by their branch or committee administrator) or for
//! nobody in particular (by a system administrator). Its first password is generated, shown
//! once, and must be changed at the first login.

use super::grants::{self as grant_rules, OrgChoice};
use super::problems;
use crate::Actor;
use crate::App;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use crate::passwords::{generate as password_gen, hash as password_hash};
use domain::access::Action;
use domain::member::Name;
use domain::{NewPassword, Role, Username};
use store::accounts::{self, NewAccount};
use store::members::{self, Member};
use store::orgs::Org;
use store::{StoreError, grants};

/// What the person asked for.
#[derive(Debug, Clone, Default)]
pub struct NewAccountInput {
    pub username: String,
    /// Defaults to the member's name.
    pub display_name: Option<String>,
    pub member_id: Option<i64>,
    /// The first role; for a member's account it defaults to `member` over the member's org.
    pub role: Option<String>,
    /// The org of the first role; defaults to the member's org.
    pub org_id: Option<i64>,
}

/// A created account and its first password, which is shown this once.
pub struct Created {
    pub id: i64,
    pub username: Username,
    pub password: NewPassword,
}

/// The longest display name, as for a person's name on the roster.
const NAME_MAX: usize = 50;

/// The member an account would be linked to, if `user` manages that member's accounts:
/// otherwise 404 (audited when the member exists).
pub async fn member(state: &App, user: &Actor, id: i64) -> Result<Member> {
    let member = members::by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    let object = Object {
        kind: "member",
        id,
        org_id: Some(member.org_id),
    };
    authz::require(
        state,
        user,
        Action::ManageMemberAccounts,
        &member.org_path,
        object,
    )
    .await?;
    Ok(member)
}

/// Whether `user` may create accounts linked to nobody.
pub fn creates_unlinked(user: &Actor) -> bool {
    user.access.can_somewhere(Action::ManageAllAccounts)
}

/// Whether `user` may create accounts at all.
pub fn creates_any(user: &Actor) -> bool {
    creates_unlinked(user) || user.access.can_somewhere(Action::ManageMemberAccounts)
}

/// The first role and org a new account may be given: for a member's account, `member` over
/// the member's org (which managing the member's accounts allows) and whatever `user` grants.
pub struct FirstRoleChoices {
    pub roles: Vec<Role>,
    pub orgs: Vec<OrgChoice>,
}

pub async fn first_role_choices(
    state: &App,
    user: &Actor,
    member: Option<&Member>,
) -> Result<FirstRoleChoices> {
    let offered = grant_rules::choices(state, &user.access).await?;
    let mut roles = offered.roles;
    let mut orgs = offered.orgs;
    if let Some(m) = member {
        if !roles.contains(&Role::Member) {
            roles.push(Role::Member);
        }
        if !orgs.iter().any(|o| o.id == m.org_id) {
            orgs.insert(
                0,
                OrgChoice {
                    id: m.org_id,
                    name: m.org_name.clone(),
                    depth: 0,
                },
            );
        }
    }
    Ok(FirstRoleChoices { roles, orgs })
}

/// Creates the account, its first grant and their audit events in one transaction.
pub async fn create(state: &App, user: &Actor, input: &NewAccountInput) -> Result<Created> {
    let member = linked_member(state, user, input).await?;
    let username = Username::parse(&input.username).map_err(problems::username)?;
    let display_name = display_name(input, member.as_ref())?;
    let first_grant = first_grant(state, user, input, member.as_ref()).await?;
    if accounts::by_username(state.db.read(), username.as_str())
        .await?
        .is_some()
    {
        return Err(problems::username_taken(username.as_str()));
    }
    if let Some(m) = &member
        && accounts::of_member(state.db.read(), m.id).await?.is_some()
    {
        return Err(problems::member_has_account());
    }
    let password = password_gen::generate_for(username.as_str());
    let hash = password_hash::hash(password.expose().to_owned()).await?;
    let id = save(
        state,
        user,
        &username,
        &display_name,
        &hash,
        member.as_ref(),
        first_grant.as_ref(),
    )
    .await?;
    Ok(Created {
        id,
        username,
        password,
    })
}

/// The member the account is for, checked (still on the roster, in reach); `None` for an
/// account of nobody on the roster, which only some may create.
async fn linked_member(
    state: &App,
    user: &Actor,
    input: &NewAccountInput,
) -> Result<Option<Member>> {
    let member = match input.member_id {
        Some(id) => Some(member(state, user, id).await?),
        None if creates_unlinked(user) => None,
        None if creates_any(user) => return Err(problems::member_required()),
        None => {
            let object = Object {
                kind: "account",
                id: 0,
                org_id: None,
            };
            authz::deny(state, user, Action::ManageAllAccounts, object).await?;
            return Err(Error::not_found());
        }
    };
    if member
        .as_ref()
        .is_some_and(|m| m.status != domain::member::MemberStatus::Active)
    {
        return Err(problems::member_left());
    }
    Ok(member)
}

/// The name typed, else the member's; one of them is needed, and it must be a proper name.
fn display_name(input: &NewAccountInput, member: Option<&Member>) -> Result<Name> {
    let typed = input
        .display_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty());
    let name = match (typed, member) {
        (Some(n), _) => n.to_owned(),
        (None, Some(m)) => m.name.clone(),
        (None, None) => return Err(problems::display_name()),
    };
    Name::parse(&name, NAME_MAX).map_err(problems::display_name_refused)
}

/// Writes the account and its first grant with their audit events, in one transaction.
async fn save(
    state: &App,
    user: &Actor,
    username: &Username,
    display_name: &Name,
    hash: &str,
    member: Option<&Member>,
    first_grant: Option<&(Role, Org)>,
) -> Result<i64> {
    let mut w = state.write(user).await?;
    let created = accounts::create(
        &mut w.tx,
        NewAccount {
            username: username.as_str(),
            display_name: display_name.as_str(),
            password_hash: hash,
            member_id: member.map(|m| m.id),
            must_change_password: true,
        },
        w.now,
    )
    .await;
    let id = match created {
        Ok(id) => id,
        // Someone took the name between the check and the write.
        Err(StoreError::Conflict(_)) => {
            return Err(problems::username_taken(username.as_str()));
        }
        Err(e) => return Err(e.into()),
    };
    let org_id = member
        .map(|m| m.org_id)
        .or(first_grant.map(|(_, org)| org.id));
    let detail = match member {
        Some(m) => format!("username {username}, member {}", m.id),
        None => format!("username {username}"),
    };
    w.record("account.create", ("account", id), org_id, detail)
        .await?;
    if let Some((role, org)) = first_grant {
        let grant =
            grants::create(&mut w.tx, id, *role, org.id, Some(user.account.id), w.now).await?;
        let detail = format!(
            "account {id} ({username}) role {} org {}",
            role.as_str(),
            org.id
        );
        w.record("grant.create", ("grant", grant), org.id, detail)
            .await?;
    }
    w.finish().await?;
    Ok(id)
}

/// The first grant, checked: `member` over the member's own org needs only the right to manage
/// the member's accounts; anything else needs the right to grant it.
async fn first_grant(
    state: &App,
    user: &Actor,
    input: &NewAccountInput,
    member: Option<&Member>,
) -> Result<Option<(Role, Org)>> {
    let role = match input
        .role
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(r) => grant_rules::parse_role(r)?,
        None if member.is_some() => Role::Member,
        None => return Ok(None),
    };
    let org_id = input.org_id.or(member.map(|m| m.org_id));
    let org = grant_rules::org(state, org_id).await?;
    let own_member_grant = role == Role::Member && member.is_some_and(|m| m.org_id == org.id);
    if !own_member_grant {
        grant_rules::check(state, user, role, &org).await?;
    }
    Ok(Some((role, org)))
}

/// A member an account could be made for, found by name.
pub struct Candidate {
    pub member: Member,
    /// The member already has an account.
    pub has_account: bool,
}

/// How many members a name search offers.
const CANDIDATES: i64 = 20;

/// Members under the subtrees where `user` manages member accounts whose name contains `q`.
pub async fn find_members(state: &App, user: &Actor, q: &str) -> Result<Vec<Candidate>> {
    let q = q.trim();
    let roots = user.access.roots(Action::ManageMemberAccounts);
    if q.is_empty() || roots.is_empty() {
        return Ok(Vec::new());
    }
    let filter = members::RosterFilter {
        org_id: None,
        name: Some(q.to_owned()),
        include_left: false,
    };
    let (found, _) = members::list(state.db.read(), &roots, &filter, CANDIDATES, 0).await?;
    let mut out = Vec::with_capacity(found.len());
    for member in found {
        let has_account = accounts::of_member(state.db.read(), member.id)
            .await?
            .is_some();
        out.push(Candidate {
            member,
            has_account,
        });
    }
    Ok(out)
}
