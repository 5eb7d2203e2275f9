//! 组织: the tree page, an org's page, search.

use super::layout::Chrome;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use domain::access::Action;
use serde::Deserialize;
use store::members::RosterFilter;
use store::orgs;

pub struct ChildRow {
    pub id: i64,
    pub name: String,
    pub closed: bool,
    pub members: i64,
    pub grandchildren: Vec<ChildRow>,
}

pub struct RosterRow {
    pub id: i64,
    pub name: String,
    pub positions: String,
    pub probationary: bool,
}

#[derive(Template)]
#[template(path = "orgs/show.html")]
struct OrgPage {
    chrome: Chrome,
    org: orgs::Org,
    kind_label: String,
    crumbs: Vec<(i64, String)>,
    member_count: i64,
    children: Vec<ChildRow>,
    can_manage: bool,
    can_view_roster: bool,
    can_manage_roster: bool,
    /// The caller registers this org's group-chat robots.
    can_manage_channels: bool,
    can_export: bool,
    roster: Vec<RosterRow>,
    /// The org's next and last activities, when the caller reads its records.
    activities: Option<(Vec<ActivityRow>, Vec<ActivityRow>)>,
}

/// One activity on the org page.
pub struct ActivityRow {
    pub id: i64,
    pub when: String,
    pub kind: String,
    pub title: String,
}

/// The org's upcoming and recent activities as rows, if the caller reads them.
async fn activity_rows(
    state: &AppState,
    user: &CurrentUser,
    chrome: &Chrome,
    org: &orgs::Org,
) -> Result<Option<(Vec<ActivityRow>, Vec<ActivityRow>)>> {
    let Some(found) = app::activities::listing::of_branch(state, user, org).await? else {
        return Ok(None);
    };
    let kinds = app::activities::kinds::all(state).await?;
    let t = chrome.t;
    let rows = |list: Vec<store::activities::Activity>| -> Vec<ActivityRow> {
        list.into_iter()
            .map(|a| ActivityRow {
                id: a.id,
                when: state.zone.date_time(a.content.starts_at, t.locale),
                kind: app::activities::kinds::label_of(t, &kinds, &a.content.kind),
                title: a.content.title,
            })
            .collect()
    };
    Ok(Some((rows(found.upcoming), rows(found.recent))))
}

pub struct FoundOrg {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub closed: bool,
}

#[derive(Template)]
#[template(path = "orgs/index.html")]
struct IndexPage {
    chrome: Chrome,
    q: String,
    result_note: String,
    orgs: Vec<FoundOrg>,
}

#[derive(Deserialize)]
pub struct IndexQuery {
    #[serde(default)]
    q: String,
}

/// The id at the end of a materialised path.
fn id_of(path: &str) -> Option<i64> {
    path.trim_end_matches('/').rsplit('/').next()?.parse().ok()
}

pub async fn index(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(query): Query<IndexQuery>,
) -> Result<Response> {
    let roots = user.access.roots(Action::ViewOrgs);
    if roots.is_empty() {
        return Err(Error::not_found());
    }
    let q = query.q.trim().chars().take(50).collect::<String>();
    let t = chrome.t;
    let found = if q.is_empty() {
        if let [only] = roots.as_slice() {
            let id = id_of(only).ok_or_else(Error::not_found)?;
            return Ok(Redirect::to(&format!("/orgs/{id}")).into_response());
        }
        let ids: Vec<i64> = roots.iter().filter_map(|r| id_of(r)).collect();
        orgs::by_ids(state.db.read(), &ids).await?
    } else {
        orgs::search(state.db.read(), &roots, &q, 200).await?
    };
    let page = IndexPage {
        result_note: t.f("org.found", &[("n", &found.len().to_string())]),
        orgs: found
            .into_iter()
            .map(|o| FoundOrg {
                id: o.id,
                kind: t.s(o.kind.message_key()).to_owned(),
                closed: !o.is_open(),
                name: o.name,
            })
            .collect(),
        q,
        chrome,
    };
    Ok(Html(page.render()?).into_response())
}

fn child_row(s: orgs::OrgSummary) -> ChildRow {
    ChildRow {
        id: s.org.id,
        closed: !s.org.is_open(),
        name: s.org.name,
        members: s.members,
        grandchildren: Vec::new(),
    }
}

/// Position codes as the reader's words, joined: "书记、组织委员".
pub fn positions_label(t: crate::i18n::T, codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| t.s(&format!("position.{c}")).to_owned())
        .collect::<Vec<_>>()
        .join(t.s("field.list_joiner"))
}

pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    let org = app::roster::orgs::load(&state, &user, id, Action::ViewOrgs).await?;
    let db = state.db.read();
    let summary = orgs::summary(db, id).await?.ok_or_else(Error::not_found)?;
    let mut children = Vec::new();
    for child in orgs::children(db, id).await? {
        let has_children = child.children > 0;
        let mut row = child_row(child);
        if has_children {
            row.grandchildren = orgs::children(db, row.id)
                .await?
                .into_iter()
                .map(child_row)
                .collect();
        }
        children.push(row);
    }
    let ancestors: Vec<i64> = org
        .ancestor_ids()
        .into_iter()
        .filter(|a| *a != id)
        .collect();
    let crumbs = orgs::by_ids(db, &ancestors)
        .await?
        .into_iter()
        .filter(|a| user.access.can(Action::ViewOrgs, &a.path))
        .map(|a| (a.id, a.name))
        .collect();
    let t = chrome.t;
    let can_view_roster = user.access.can(Action::ViewRoster, &org.path);
    let roster = if can_view_roster {
        let filter = RosterFilter {
            org_id: Some(id),
            ..Default::default()
        };
        let (members, _) =
            store::members::list(db, std::slice::from_ref(&org.path), &filter, 500, 0).await?;
        members
            .into_iter()
            .map(|m| RosterRow {
                id: m.id,
                positions: positions_label(t, &m.positions),
                probationary: m.member_type == "probationary",
                name: m.name,
            })
            .collect()
    } else {
        Vec::new()
    };
    let activities = activity_rows(&state, &user, &chrome, &org).await?;
    let page = OrgPage {
        activities,
        kind_label: t.s(org.kind.message_key()).to_owned(),
        crumbs,
        member_count: summary.members,
        children,
        can_manage: user.access.can(Action::ManageOrgs, &org.path),
        can_view_roster,
        can_manage_roster: user.access.can(Action::ManageRoster, &org.path),
        can_manage_channels: user.access.can(Action::ManageChannels, &org.path),
        can_export: user.access.can(Action::ExportLedgers, &org.path),
        roster,
        org,
        chrome,
    };
    Ok(Html(page.render()?))
}
