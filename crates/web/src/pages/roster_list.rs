//! 党员名册: the roster as a table (cards on a phone) with the filters a secretary asks for —
//! name, 正式/预备, gender, age band, position — sortable columns in natural order, page numbers
//! with the total, and the 台账 download of exactly what is listed.

use super::layout::Chrome;
use super::orgs::positions_label;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::lists::{Choices, Listing, choices, page_number};
use crate::state::AppState;
use app::roster::listing::{AGE_BANDS, RosterFilter, age_on};
use app::roster::orgs as org_rules;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use domain::access::Action;
use domain::member::POSITIONS;
use serde::Deserialize;

pub struct ListRow {
    pub id: i64,
    pub name: String,
    pub org: String,
    pub gender: String,
    pub age: String,
    pub member_type: String,
    pub joined: String,
    pub positions: String,
}

#[derive(Template)]
#[template(path = "members/list.html")]
struct ListPage {
    chrome: Chrome,
    q: String,
    org: Option<i64>,
    rows: Vec<ListRow>,
    list: Listing,
    member_types: Choices,
    genders: Choices,
    ages: Choices,
    positions: Choices,
    /// The orgs of the caller's roster to narrow to (none when there are too many to list:
    /// the org's own page links here).
    orgs: Choices,
    sorts: Choices,
    may_export: bool,
}

#[derive(Deserialize)]
pub struct ListQuery {
    /// The org whose subtree to list, as text (serde reads a flattened query's values as
    /// strings only).
    #[serde(default)]
    org: String,
    /// As text ([`page_number`]).
    #[serde(default)]
    page: String,
    #[serde(flatten)]
    filter: RosterFilter,
}

impl ListQuery {
    /// The org asked for; text that is no org id is a bad request.
    fn org(&self) -> Result<Option<i64>> {
        match self.org.trim() {
            "" => Ok(None),
            id => id
                .parse()
                .map(Some)
                .map_err(|_| Error::bad_request("invalid_query", "error.bad_request")),
        }
    }
}

/// At most this many orgs are offered in the org filter.
const ORGS_LISTED: usize = 300;

/// The orgs of the caller's roster scope, in tree order, for the org filter; none when there
/// are more than [`ORGS_LISTED`].
async fn org_choices(state: &AppState, user: &CurrentUser, chosen: Option<i64>) -> Result<Choices> {
    let mut orgs = Vec::new();
    for root in user.access.roots(Action::ViewRoster) {
        orgs.extend(store::ledger::orgs_under(state.db.read(), &root).await?);
        if orgs.len() > ORGS_LISTED {
            return Ok(Vec::new());
        }
    }
    Ok(orgs
        .into_iter()
        .map(|e| {
            let id = e.org.id;
            (id.to_string(), e.org.name, Some(id) == chosen)
        })
        .collect())
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(query): Query<ListQuery>,
) -> Result<Html<String>> {
    let org = query.org()?;
    let roots = org_rules::scope(&state, &user, org, Action::ViewRoster).await?;
    let t = chrome.t;
    let mut filter = query.filter;
    filter.q = filter.q.trim().to_owned();
    let today = state.zone.today(state.now());
    let members = store::ledger::roster_under(state.db.read(), &roots, false).await?;
    let members = filter.select(members, today);
    let mut list = Listing::new(
        "/members",
        Vec::new(),
        vec![
            ("org", org.map(|o| o.to_string()).unwrap_or_default()),
            ("q", filter.q.clone()),
            ("member_type", filter.member_type.clone()),
            ("gender", filter.gender.clone()),
            ("age", filter.age.clone()),
            ("position", filter.position.clone()),
        ],
        &filter.sort,
        &filter.dir,
        page_number(&query.page),
    );
    let rows = list
        .page(t, members)
        .into_iter()
        .map(|m| ListRow {
            id: m.id,
            age: m
                .birth_date
                .as_deref()
                .and_then(|b| age_on(b, today))
                .map(|a| a.to_string())
                .unwrap_or_default(),
            gender: if m.gender.is_empty() {
                String::new()
            } else {
                t.s(&format!("member.gender.{}", m.gender)).to_owned()
            },
            member_type: t.s(&format!("member.type.{}", m.member_type)).to_owned(),
            joined: m.joined_party.clone().unwrap_or_default(),
            positions: positions_label(t, &m.positions),
            org: m.org_name,
            name: m.name,
        })
        .collect();
    let positions: Vec<&str> = POSITIONS.iter().map(|(code, _)| *code).collect();
    let orgs = org_choices(&state, &user, org).await?;
    let page = ListPage {
        q: filter.q.clone(),
        org,
        rows,
        member_types: choices(
            t,
            &["full", "probationary"],
            "member.type.",
            &filter.member_type,
        ),
        genders: choices(t, &["male", "female"], "member.gender.", &filter.gender),
        ages: choices(t, &AGE_BANDS, "age_band.", &filter.age),
        positions: choices(t, &positions, "position.", &filter.position),
        orgs,
        sorts: choices(
            t,
            &app::roster::listing::SORTS,
            "roster.sort.",
            &filter.sort,
        ),
        may_export: user.access.can_somewhere(Action::ExportLedgers),
        list,
        chrome,
    };
    Ok(Html(page.render()?))
}
