//! `GET /activities/ledger` — 三会一课台账 of one branch for one year: kind × month with what
//! each kind's frequency asks against what was met, then every activity that took place with
//! its attendance; printable on A4 landscape. `GET /activities/ledger.xlsx` — the same as a
//! workbook.

use super::{Choice, org_asked, year_asked, year_choices};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::ledger::download;
use crate::links::with_query;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::activities::ledger::{self, Ledger};
use app::activities::ledger_export::{self, light_key};
use app::activities::{kinds, scope};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct LedgerQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    year: String,
}

pub struct KindLine {
    pub code: String,
    pub name: String,
    pub frequency: String,
    /// Held in each month; empty for none (the table reads better with blanks).
    pub months: Vec<String>,
    pub held: u32,
    /// "2 / 3": periods met of those asked so far; empty for kinds held as needed.
    pub met: String,
    pub light: &'static str,
    pub light_label: String,
}

pub struct RecordLine {
    pub id: i64,
    pub date: String,
    pub kind: String,
    pub title: String,
    pub host: String,
    pub expected: u32,
    pub present: u32,
    pub leave: u32,
    pub absent: u32,
    pub rate: String,
    /// The figures in one line, for a phone's card.
    pub figures: String,
    pub state: &'static str,
    pub state_label: String,
}

#[derive(Template)]
#[template(path = "activity_views/ledger.html")]
struct LedgerPage {
    chrome: Chrome,
    heading: String,
    org_id: i64,
    years: Vec<Choice>,
    /// Other branches to switch to; empty when the person reads one only (or too many).
    orgs: Vec<Choice>,
    months: Vec<String>,
    lines: Vec<KindLine>,
    records: Vec<RecordLine>,
    records_count: String,
    export: String,
    board: Option<String>,
    /// The branch's own choices, for those who record its activities.
    settings: Option<String>,
    printed: String,
}

/// The ledger asked for: the org named (or the person's own) and the year.
async fn load(
    state: &AppState,
    user: &CurrentUser,
    q: &LedgerQuery,
) -> Result<(Ledger, Vec<store::orgs::Org>)> {
    let year = year_asked(state, &q.year)?;
    let listed = scope::ledger_orgs(state, user).await?;
    let org_id = match org_asked(&q.org)? {
        Some(id) => id,
        None => scope::default_org(user, &listed).ok_or_else(Error::not_found)?,
    };
    let ledger = ledger::ledger(state, user, org_id, year).await?;
    Ok((ledger, listed))
}

fn kind_line(t: T, l: &ledger::Line) -> KindLine {
    let (met, light, light_label) = match &l.standing {
        Some(s) => (
            format!("{} / {}", s.met, s.expected),
            s.light.as_str(),
            t.s(light_key(s.light)).to_owned(),
        ),
        None => (
            String::new(),
            "none",
            t.s("activity.ledger.as_needed").to_owned(),
        ),
    };
    KindLine {
        code: l.kind.code.clone(),
        name: kinds::label(t, &l.kind),
        frequency: t.s(l.kind.frequency.message_key()).to_owned(),
        months: l
            .per_month
            .iter()
            .map(|n| {
                if *n == 0 {
                    String::new()
                } else {
                    n.to_string()
                }
            })
            .collect(),
        held: l.held,
        met,
        light,
        light_label,
    }
}

/// `GET /activities/ledger?org=&year=`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<LedgerQuery>,
) -> Result<Html<String>> {
    let (ledger, listed) = load(&state, &user, &q).await?;
    let t = chrome.t;
    let all: Vec<_> = ledger.lines.iter().map(|l| l.kind.clone()).collect();
    let records = ledger
        .records
        .iter()
        .map(|(a, f)| RecordLine {
            id: a.id,
            date: state.zone.date_time(a.content.starts_at, t.locale),
            kind: kinds::label_of(t, &all, &a.content.kind),
            title: a.content.title.clone(),
            host: a.content.host.clone(),
            expected: f.expected,
            present: f.present,
            leave: f.leave,
            absent: f.absent,
            rate: format!("{:.1}%", f.rate()),
            figures: t.f(
                "activity.ledger.figures",
                &[
                    ("present", &f.present.to_string()),
                    ("expected", &f.expected.to_string()),
                    ("leave", &f.leave.to_string()),
                    ("absent", &f.absent.to_string()),
                    ("rate", &format!("{:.1}%", f.rate())),
                ],
            ),
            state: a.state.as_str(),
            state_label: t.s(a.state.message_key()).to_owned(),
        })
        .collect();
    let year = ledger.year.to_string();
    let org = ledger.org.id.to_string();
    let orgs = if listed.len() > 1 && listed.len() <= scope::LISTED {
        listed
            .iter()
            .map(|o| Choice {
                value: o.id.to_string(),
                label: o.name.clone(),
                selected: o.id == ledger.org.id,
            })
            .collect()
    } else {
        Vec::new()
    };
    let views = user
        .access
        .can(domain::access::Action::ViewActivities, &ledger.org.path);
    let page = LedgerPage {
        heading: ledger_export::title(t, &ledger),
        org_id: ledger.org.id,
        settings: user
            .access
            .can(domain::access::Action::RecordActivities, &ledger.org.path)
            .then(|| format!("/orgs/{}/activity-settings", ledger.org.id)),
        years: year_choices(&state, t, ledger.year),
        orgs,
        months: (1..=12)
            .map(|m| t.f("activity.ledger.month", &[("m", &m.to_string())]))
            .collect(),
        lines: ledger.lines.iter().map(|l| kind_line(t, l)).collect(),
        records_count: t.f(
            "activity.ledger.records_count",
            &[("n", &ledger.records.len().to_string())],
        ),
        records,
        export: with_query("/activities/ledger.xlsx", &[("org", &org), ("year", &year)]),
        board: views.then(|| with_query("/activities/board", &[("year", &year)])),
        printed: t.f(
            "activity.ledger.printed",
            &[("date", &state.zone.date_time(state.now(), t.locale))],
        ),
        chrome,
    };
    Ok(Html(page.render()?))
}

/// `GET /activities/ledger.xlsx?org=&year=`
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Query(q): Query<LedgerQuery>,
) -> Result<Response> {
    let (ledger, _) = load(&state, &user, &q).await?;
    ledger_export::recorded(&state, &user, &ledger).await?;
    let name = format!(
        "{}-{}.xlsx",
        ledger_export::title(t, &ledger),
        crate::ledger::exports::stamp(&state)
    );
    let ascii = format!(
        "activities-{}-{}-{}.xlsx",
        ledger.org.id,
        ledger.year,
        crate::ledger::exports::stamp(&state)
    );
    let app = state.app.clone();
    let bytes = crate::ledger::exports::blocking(move || {
        ledger_export::workbook(t, &app.zone, &ledger, |id| {
            app.link(&format!("/activities/{id}"))
        })
    })
    .await?;
    Ok(download::xlsx(bytes, &download::file_safe(&name), &ascii))
}
