//! 活动列表: the activities a person may see — filtered by branch, kind, state and year,
//! latest first, a page at a time — with the plan and record buttons for those who record.

use super::{kind_label, rate_label, state_class};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::lists::{Choices, Listing, choices, page_number};
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::activities::attendance::figures_of_marks;
use app::activities::kinds;
use app::activities::listing::{self, ActivityFilter};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Html;
use domain::access::Action;
use domain::activity::ActivityState;
use serde::Deserialize;
use std::collections::HashMap;

const STATES: [&str; 4] = ["planned", "held", "confirmed", "cancelled"];

/// The list's query, as text (a query's values arrive as strings; unreadable ones are
/// ignored).
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    state: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    page: String,
}

impl ListQuery {
    fn filter(&self) -> ActivityFilter {
        ActivityFilter {
            org: self.org.trim().parse().ok(),
            kind: Some(self.kind.trim().to_owned()).filter(|k| !k.is_empty()),
            state: ActivityState::parse(self.state.trim()).map(|s| s.as_str().to_owned()),
            year: self.year.trim().parse().ok(),
        }
    }
}

/// One row of the list.
pub struct Row {
    id: i64,
    when: String,
    kind: String,
    title: String,
    org_name: String,
    state: String,
    state_class: &'static str,
    /// `实到 8 / 应到 9 · 88.9%` once it took place.
    rate: String,
}

#[derive(Template)]
#[template(path = "activities/list.html")]
struct ListPage {
    chrome: Chrome,
    records: bool,
    /// The org the plan / record buttons start with (the one filtered on).
    org_query: String,
    rows: Vec<Row>,
    list: Listing,
    orgs: Choices,
    kinds: Choices,
    states: Choices,
    years: Choices,
}

/// Whether the account sees any activities at all (the top menu's 活动).
fn may_see(user: &CurrentUser) -> bool {
    [
        Action::ViewActivities,
        Action::RecordActivities,
        Action::ReadSharedActivities,
    ]
    .into_iter()
    .any(|a| user.access.can_somewhere(a))
}

/// `GET /activities`
pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>> {
    if !may_see(&user) {
        return Err(Error::not_found());
    }
    let t = chrome.t;
    let filter = q.filter();
    let found = listing::list(&state, &user, &filter).await?;
    // The branches to filter on are those with activities the person sees, whichever is chosen.
    let every_org = if filter.org.is_some() {
        let wider = ActivityFilter {
            org: None,
            ..filter.clone()
        };
        listing::list(&state, &user, &wider).await?
    } else {
        Vec::new()
    };
    let mut orgs: Vec<(i64, String)> = found
        .iter()
        .chain(&every_org)
        .map(|a| (a.org_id, a.org_name.clone()))
        .collect();
    orgs.sort_by(|a, b| domain::natural::cmp(&a.1, &b.1).then(a.0.cmp(&b.0)));
    orgs.dedup_by_key(|o| o.0);
    let all_kinds = kinds::all(&state).await?;
    let filters = vec![
        ("org", filter.org.map(|o| o.to_string()).unwrap_or_default()),
        ("kind", filter.kind.clone().unwrap_or_default()),
        ("state", filter.state.clone().unwrap_or_default()),
        (
            "year",
            filter.year.map(|y| y.to_string()).unwrap_or_default(),
        ),
    ];
    let mut list = Listing::new(
        "/activities",
        Vec::new(),
        filters,
        "",
        "",
        page_number(&q.page),
    );
    let shown = list.page(t, found);
    let ids: Vec<i64> = shown
        .iter()
        .filter(|a| a.state.took_place())
        .map(|a| a.id)
        .collect();
    let mut marks: HashMap<i64, Vec<domain::activity::Mark>> = HashMap::new();
    for (id, mark, _) in store::activity_attendance::marks_of(state.db.read(), &ids).await? {
        marks.entry(id).or_default().push(mark);
    }
    let rows = shown
        .iter()
        .map(|a| {
            let rate = match marks.get(&a.id) {
                Some(m) if a.state.took_place() => {
                    let f = figures_of_marks(m);
                    t.f(
                        "activity.page.rate_short",
                        &[
                            ("present", &f.present.to_string()),
                            ("expected", &f.expected.to_string()),
                            ("rate", &rate_label(&f)),
                        ],
                    )
                }
                _ => String::new(),
            };
            Row {
                id: a.id,
                when: state.zone.date_time(a.content.starts_at, t.locale),
                kind: kind_label(t, &all_kinds, &a.content.kind),
                title: a.content.title.clone(),
                org_name: a.org_name.clone(),
                state: t.s(a.state.message_key()).to_owned(),
                state_class: state_class(a.state),
                rate,
            }
        })
        .collect();
    let this_year = state.zone.civil_date(state.now()).year();
    let chosen_year = filter.year.map(|y| y.to_string()).unwrap_or_default();
    let years = (0..6)
        .map(|n| {
            let y = (this_year - n).to_string();
            (y.clone(), y.clone(), y == chosen_year)
        })
        .collect();
    let chosen_org = filter.org.unwrap_or(0);
    let chosen_kind = filter.kind.clone().unwrap_or_default();
    let page = ListPage {
        records: user.access.can_somewhere(Action::RecordActivities),
        org_query: filter.org.map(|o| format!("&org={o}")).unwrap_or_default(),
        rows,
        orgs: orgs
            .into_iter()
            .map(|(id, name)| (id.to_string(), name, id == chosen_org))
            .collect(),
        kinds: all_kinds
            .iter()
            .map(|k| {
                let label = kind_label(t, &all_kinds, &k.code);
                (k.code.clone(), label, k.code == chosen_kind)
            })
            .collect(),
        states: choices(
            t,
            &STATES,
            "activity.state.",
            filter.state.as_deref().unwrap_or(""),
        ),
        years,
        list,
        chrome,
    };
    Ok(Html(page.render()?))
}
