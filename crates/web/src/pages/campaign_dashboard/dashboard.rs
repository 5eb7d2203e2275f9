//! `GET /campaigns/{id}/dashboard?under=` — per org of the level looked at, the figures of
//! the branches below it: activities held by kind, attendance, materials covered, 先学领学,
//! members studying, reflections, volunteer time, science events, requirements met; the
//! totals; members who studied each material. Rows that are not branches drill down, branch
//! rows open the branch's page; breadcrumbs lead back up. `GET …/dashboard.xlsx` is the
//! same as a workbook.

use super::{day_label, embedded_json, hours, rate_label, share};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::ledger::download;
use crate::links::with_query;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::activities::kinds;
use app::campaigns::dashboard::{self as use_case, Dashboard};
use app::campaigns::dashboard_export;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use domain::campaign_progress::Figures;
use serde::Deserialize;
use serde_json::json;

#[derive(Debug, Default, Deserialize)]
pub struct DashboardQuery {
    #[serde(default)]
    under: String,
}

/// The org asked for in `under`; empty is the top, anything but a number a bad request.
fn under_asked(q: &DashboardQuery) -> Result<Option<i64>> {
    match q.under.trim() {
        "" => Ok(None),
        s => s
            .parse()
            .map(Some)
            .map_err(|_| Error::bad_request("invalid_query", "error.bad_request")),
    }
}

pub struct Crumb {
    pub label: String,
    pub href: Option<String>,
}

/// One line of the table: an org of the level, or the totals.
pub struct Line {
    pub org_id: i64,
    pub name: String,
    pub href: Option<String>,
    /// "branch" or "group" (drills down), for the row's label.
    pub kind_label: String,
    pub branches: u32,
    pub held: Vec<u32>,
    pub held_total: u32,
    pub expected: u32,
    pub present: u32,
    pub rate: String,
    pub materials_covered: u32,
    pub lead_first: u32,
    pub members: u32,
    pub studying: u32,
    pub study_hours: String,
    pub reflections: u32,
    pub featured: u32,
    pub volunteer_hours: String,
    pub science: u32,
    pub requirements_met: String,
}

pub struct MaterialLine {
    pub title: String,
    pub studied: u32,
    pub share: String,
}

#[derive(Template)]
#[template(path = "campaign_dashboard/dashboard.html")]
struct DashboardPage {
    chrome: Chrome,
    heading: String,
    theme: String,
    period: String,
    campaign_href: String,
    crumbs: Vec<Crumb>,
    level: String,
    export: String,
    kinds: Vec<String>,
    lines: Vec<Line>,
    totals: Line,
    materials: Vec<MaterialLine>,
    summary: Vec<(String, String)>,
    chart_json: String,
    echarts: &'static str,
}

fn line(t: T, d: &Dashboard, org_id: i64, name: &str, href: Option<String>, f: &Figures) -> Line {
    let held: Vec<u32> = d
        .kind_codes
        .iter()
        .map(|k| f.held_by_kind.get(k).copied().unwrap_or(0))
        .collect();
    Line {
        org_id,
        name: name.to_owned(),
        kind_label: String::new(),
        href,
        branches: f.branches,
        held_total: f.held(),
        held,
        expected: f.expected,
        present: f.present,
        rate: rate_label(f),
        materials_covered: f.materials_covered,
        lead_first: f.lead_first_done,
        members: f.members,
        studying: f.members_studying,
        study_hours: hours(f.study_minutes),
        reflections: f.reflections,
        featured: f.featured,
        volunteer_hours: hours(f.volunteer_minutes),
        science: f.science_events(),
        requirements_met: t.f(
            "campaign_dashboard.of",
            &[
                ("n", &f.requirements_met.to_string()),
                ("total", &f.branches.to_string()),
            ],
        ),
    }
}

fn dashboard_href(id: i64, under: Option<i64>) -> String {
    let base = format!("/campaigns/{id}/dashboard");
    match under {
        Some(u) => with_query(&base, &[("under", &u.to_string())]),
        None => base,
    }
}

fn crumbs(t: T, d: &Dashboard) -> Vec<Crumb> {
    let id = d.campaign.id;
    let mut out = Vec::new();
    if !d.top_is_one && !d.trail.is_empty() {
        out.push(Crumb {
            label: t.s("campaign_dashboard.top").to_owned(),
            href: Some(dashboard_href(id, None)),
        });
    }
    let last = d.trail.len().saturating_sub(1);
    for (i, s) in d.trail.iter().enumerate() {
        out.push(Crumb {
            label: s.name.clone(),
            href: (i < last).then(|| dashboard_href(id, Some(s.org_id))),
        });
    }
    out
}

/// What the charts draw, from the same figures as the tables.
fn chart_data(t: T, d: &Dashboard, lines: &[Line]) -> serde_json::Value {
    let names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
    let kinds: Vec<serde_json::Value> = d
        .kind_codes
        .iter()
        .enumerate()
        .map(|(i, code)| {
            json!({
                "name": kinds::label_of(t, &d.kinds, code),
                "values": lines.iter().map(|l| l.held[i]).collect::<Vec<_>>(),
            })
        })
        .collect();
    let rates: Vec<Option<f64>> = d.rows.iter().map(|r| r.figures.attendance_rate()).collect();
    json!({
        "rows": names,
        "held": {"title": t.s("campaign_dashboard.chart.held"), "series": kinds},
        "rate": {"title": t.s("campaign_dashboard.chart.rate"), "name": t.s("campaign_dashboard.col.rate"), "values": rates},
        "materials": {
            "title": t.s("campaign_dashboard.chart.materials"),
            "name": t.s("campaign_dashboard.col.material_studied"),
            "names": d.materials.iter().map(|m| m.title.as_str()).collect::<Vec<_>>(),
            "values": d.materials.iter().map(|m| d.totals.studied_by_material.get(&m.id).copied().unwrap_or(0)).collect::<Vec<_>>(),
        },
    })
}

fn page_of(chrome: Chrome, d: &Dashboard) -> DashboardPage {
    let t = chrome.t;
    let id = d.campaign.id;
    let lines: Vec<Line> = d
        .rows
        .iter()
        .map(|r| {
            let href = if r.is_branch {
                format!("/campaigns/{id}/branches/{}", r.org_id)
            } else {
                dashboard_href(id, Some(r.org_id))
            };
            let mut l = line(t, d, r.org_id, &r.name, Some(href), &r.figures);
            l.kind_label = t
                .s(if r.is_branch {
                    "campaign_dashboard.row.branch"
                } else {
                    "campaign_dashboard.row.drill"
                })
                .to_owned();
            l
        })
        .collect();
    let totals = line(t, d, 0, t.s("campaign_dashboard.total"), None, &d.totals);
    let f = &d.totals;
    let (met, of) = d.requirements_met();
    let summary = vec![
        (
            t.s("campaign_dashboard.col.branches").to_owned(),
            f.branches.to_string(),
        ),
        (
            t.s("campaign_dashboard.col.held").to_owned(),
            f.held().to_string(),
        ),
        (t.s("campaign_dashboard.col.rate").to_owned(), rate_label(f)),
        (
            t.s("campaign_dashboard.col.requirements_met").to_owned(),
            t.f(
                "campaign_dashboard.of",
                &[("n", &met.to_string()), ("total", &of.to_string())],
            ),
        ),
        (
            t.s("campaign_dashboard.col.members_studying").to_owned(),
            f.members_studying.to_string(),
        ),
        (
            t.s("campaign_dashboard.col.reflections").to_owned(),
            f.reflections.to_string(),
        ),
        (
            t.s("campaign_dashboard.col.volunteer_hours").to_owned(),
            hours(f.volunteer_minutes),
        ),
        (
            t.s("campaign_dashboard.col.science").to_owned(),
            f.science_events().to_string(),
        ),
    ];
    let materials = d
        .materials
        .iter()
        .map(|m| {
            let n = f.studied_by_material.get(&m.id).copied().unwrap_or(0);
            MaterialLine {
                title: m.title.clone(),
                studied: n,
                share: share(n, f.members),
            }
        })
        .collect();
    let level = match &d.under {
        Some(u) => u.name.clone(),
        None => t.s("campaign_dashboard.top").to_owned(),
    };
    let chart_json = embedded_json(&chart_data(t, d, &lines));
    let under = d
        .under
        .as_ref()
        .filter(|_| !d.top_is_one || d.trail.len() > 1);
    DashboardPage {
        heading: t.f(
            "campaign_dashboard.heading",
            &[("theme", d.campaign.theme.as_str())],
        ),
        theme: d.campaign.theme.clone(),
        period: t.f(
            "campaign_dashboard.period",
            &[
                ("from", &day_label(t, d.campaign.starts_on)),
                ("to", &day_label(t, d.campaign.ends_on)),
            ],
        ),
        campaign_href: format!("/campaigns/{id}"),
        crumbs: crumbs(t, d),
        level,
        export: match under {
            Some(u) => with_query(
                &format!("/campaigns/{id}/dashboard.xlsx"),
                &[("under", &u.org_id.to_string())],
            ),
            None => format!("/campaigns/{id}/dashboard.xlsx"),
        },
        kinds: d
            .kind_codes
            .iter()
            .map(|c| kinds::label_of(t, &d.kinds, c))
            .collect(),
        lines,
        totals,
        materials,
        summary,
        chart_json,
        echarts: crate::assets::ECHARTS_PATH,
        chrome,
    }
}

/// `GET /campaigns/{id}/dashboard?under=`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<DashboardQuery>,
) -> Result<Html<String>> {
    let under = under_asked(&q)?;
    let d = use_case::dashboard(&state, &user, id, under).await?;
    Ok(Html(page_of(chrome, &d).render()?))
}

/// `GET /campaigns/{id}/dashboard.xlsx?under=`
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
    Query(q): Query<DashboardQuery>,
) -> Result<Response> {
    let under = under_asked(&q)?;
    let e = dashboard_export::export(&state, &user, id, under).await?;
    let theme = e
        .shown()
        .map(|d| d.campaign.theme.clone())
        .unwrap_or_default();
    let stamp = crate::ledger::exports::stamp(&state);
    let name = t.f(
        "campaign_dashboard.file",
        &[("theme", theme.as_str()), ("stamp", stamp.as_str())],
    );
    let ascii = format!("campaign-{id}-dashboard-{stamp}.xlsx");
    let bytes = crate::ledger::exports::blocking(move || dashboard_export::workbook(t, &e)).await?;
    Ok(download::xlsx(bytes, &download::file_safe(&name), &ascii))
}
