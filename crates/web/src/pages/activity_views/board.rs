//! `GET /activities/board` — the committee's view of branch life (督查) for a subtree and one
//! quarter: per owed kind the lights and the rate, the roll-up by child org with drill-down,
//! and the branches most behind first with a light per kind, each linking to its ledger; and
//! `POST /activities/board/remind`, the 催办 of the branches behind.

use super::{Choice, org_asked, year_asked, year_choices};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::links::with_query;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::activities::board::{self, Board};
use app::activities::{board_remind, kinds};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::OrgKind;
use domain::access::Action;
use domain::supervision::{Light, LightCounts};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct BoardQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    quarter: String,
    /// After a 催办: branches reminded, and of them how many nobody reads it for.
    reminded: Option<usize>,
    unreached: Option<usize>,
}

pub struct KindTotal {
    pub code: String,
    pub name: String,
    pub frequency: String,
    pub lights: [i64; 4],
    pub rate: String,
}

pub struct RollupLine {
    pub name: String,
    pub href: Option<String>,
    pub branches: usize,
    pub light: &'static str,
    pub light_label: String,
    pub lights: [i64; 4],
}

pub struct Cell {
    pub light: &'static str,
    pub light_label: String,
    /// "2/3": held against the periods asked so far.
    pub text: String,
}

pub struct BranchLine {
    pub org_id: i64,
    pub name: String,
    pub ledger: String,
    pub light: &'static str,
    pub light_label: String,
    pub cells: Vec<Cell>,
}

#[derive(Template)]
#[template(path = "activity_views/board.html")]
struct BoardPage {
    chrome: Chrome,
    heading: String,
    org_id: i64,
    years: Vec<Choice>,
    quarters: Vec<Choice>,
    year: i16,
    quarter: u32,
    kinds: Vec<String>,
    totals: Vec<KindTotal>,
    rollup: Vec<RollupLine>,
    branches: Vec<BranchLine>,
    up: Option<String>,
    can_remind: bool,
    /// The kinds' settings, for those who record activities over the whole tree.
    kinds_settings: bool,
    behind: usize,
    done: Option<String>,
}

fn counts(c: &LightCounts) -> [i64; 4] {
    [c.red, c.yellow, c.grey, c.green]
}

fn light_words(t: T, l: Light) -> String {
    t.s(app::activities::ledger_export::light_key(l)).to_owned()
}

fn board_href(org: i64, year: i16, quarter: u32) -> String {
    with_query(
        "/activities/board",
        &[
            ("org", &org.to_string()),
            ("year", &year.to_string()),
            ("quarter", &quarter.to_string()),
        ],
    )
}

/// The org the board opens on: the first the person views branch life over.
fn default_org(user: &CurrentUser) -> Option<i64> {
    user.grants
        .iter()
        .find(|g| user.access.can(Action::ViewActivities, &g.org_path))
        .map(|g| g.org_id)
}

/// The quarter asked for, else this one in this year (the last of a past year, the first of
/// one to come).
fn quarter_asked(state: &AppState, asked: &str, year: i16) -> Result<u32> {
    if let Some(q) = asked
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|q| (1..=4).contains(q))
    {
        return Ok(q);
    }
    if !asked.trim().is_empty() {
        return Err(Error::bad_request("invalid_query", "error.bad_request"));
    }
    let today = state.zone.civil_date(state.now());
    Ok(match today.year().cmp(&year) {
        std::cmp::Ordering::Equal => (today.month() as u32 - 1) / 3 + 1,
        std::cmp::Ordering::Greater => 4,
        std::cmp::Ordering::Less => 1,
    })
}

fn page_of(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    b: Board,
    q: &BoardQuery,
) -> BoardPage {
    let t = chrome.t;
    let (year, quarter) = (b.year, b.quarter);
    let totals = b
        .kinds
        .iter()
        .enumerate()
        .map(|(i, k)| KindTotal {
            code: k.code.clone(),
            name: kinds::label(t, k),
            frequency: t.s(k.frequency.message_key()).to_owned(),
            lights: b.totals.get(i).map(counts).unwrap_or_default(),
            rate: format!("{:.1}%", b.rate(i)),
        })
        .collect();
    let rollup = b
        .rollup
        .iter()
        .map(|r| {
            let worst = r.lights.worst().unwrap_or(Light::Grey);
            RollupLine {
                name: r.org.name.clone(),
                href: (r.org.kind != OrgKind::Branch).then(|| board_href(r.org.id, year, quarter)),
                branches: r.branches,
                light: worst.as_str(),
                light_label: light_words(t, worst),
                lights: counts(&r.lights),
            }
        })
        .collect();
    let branches: Vec<BranchLine> = b
        .branches
        .iter()
        .map(|l| BranchLine {
            org_id: l.org.id,
            name: l.org.name.clone(),
            ledger: with_query(
                "/activities/ledger",
                &[("org", &l.org.id.to_string()), ("year", &year.to_string())],
            ),
            light: l.light.as_str(),
            light_label: light_words(t, l.light),
            cells: l
                .standings
                .iter()
                .map(|s| Cell {
                    light: s.light.as_str(),
                    light_label: light_words(t, s.light),
                    text: format!("{}/{}", s.held, s.expected),
                })
                .collect(),
        })
        .collect();
    let behind = branches.iter().filter(|l| l.light == "red").count();
    let done = q.reminded.map(|n| {
        let mut s = t.f("activity.board.reminded", &[("n", &n.to_string())]);
        if let Some(u) = q.unreached.filter(|u| *u > 0) {
            s.push(' ');
            s.push_str(&t.f("activity.board.unreached", &[("n", &u.to_string())]));
        }
        s
    });
    let up = b
        .org
        .parent_id
        .filter(|_| {
            user.grants
                .iter()
                .any(|g| b.org.path.starts_with(&g.org_path) && g.org_path != b.org.path)
        })
        .map(|p| board_href(p, year, quarter));
    BoardPage {
        heading: t.f(
            "activity.board.heading",
            &[
                ("org", b.org.name.as_str()),
                ("year", &year.to_string()),
                ("quarter", &quarter.to_string()),
            ],
        ),
        org_id: b.org.id,
        years: year_choices(state, t, year),
        quarters: (1..=4)
            .map(|n| Choice {
                value: n.to_string(),
                label: t.f("activity.board.quarter", &[("n", &n.to_string())]),
                selected: n == quarter,
            })
            .collect(),
        year,
        quarter,
        kinds: b.kinds.iter().map(|k| kinds::label(t, k)).collect(),
        totals,
        rollup,
        can_remind: board_remind::may_remind(user, &b.org.path),
        kinds_settings: false,
        behind,
        branches,
        up,
        done,
        chrome,
    }
}

/// `GET /activities/board?org=&year=&quarter=`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<BoardQuery>,
) -> Result<Html<String>> {
    let year = year_asked(&state, &q.year)?;
    let quarter = quarter_asked(&state, &q.quarter, year)?;
    let org_id = match org_asked(&q.org)? {
        Some(id) => id,
        None => default_org(&user).ok_or_else(Error::not_found)?,
    };
    let b = board::board(&state, &user, org_id, year, quarter).await?;
    let mut page = page_of(&state, &user, chrome, b, &q);
    page.kinds_settings =
        app::authz::can_whole_tree(&state, &user, Action::RecordActivities).await?;
    Ok(Html(page.render()?))
}

#[derive(Debug, Deserialize)]
pub struct RemindForm {
    org: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    quarter: String,
}

/// `POST /activities/board/remind`: an inbox message to each branch behind.
pub async fn remind(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(form): Form<RemindForm>,
) -> Result<Response> {
    let year = year_asked(&state, &form.year)?;
    let quarter = quarter_asked(&state, &form.quarter, year)?;
    let org_id = org_asked(&form.org)?.ok_or_else(Error::not_found)?;
    let sent = board_remind::remind_behind(&state, &user, org_id, year, quarter).await?;
    let back = with_query(
        "/activities/board",
        &[
            ("org", &org_id.to_string()),
            ("year", &year.to_string()),
            ("quarter", &quarter.to_string()),
            ("reminded", &sent.orgs.to_string()),
            ("unreached", &sent.unreached.to_string()),
        ],
    );
    Ok(Redirect::to(&back).into_response())
}
