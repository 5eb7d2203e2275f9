//! `GET /campaigns/{id}/branches/{org_id}` — one branch in a campaign: what the campaign
//! still asks of it (待办) first, then its figures, the required activities with how many it
//! held, its sessions, 先学领学 per material and the members who studied each.

use super::{day_label, embedded_json, hours, rate_label, share};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::activities::kinds;
use app::campaigns::branch_view::{self, BranchView};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use serde_json::json;

pub struct TodoLine {
    pub text: String,
    pub href: Option<String>,
}

pub struct RequirementLine {
    pub kind: String,
    pub count: u32,
    pub held: u32,
    pub met: bool,
    pub met_label: String,
    pub note: String,
}

pub struct SessionLine {
    pub activity_id: i64,
    pub date: String,
    pub kind: String,
    pub title: String,
    pub leader: String,
    pub attendance: String,
    pub materials: String,
}

pub struct LeadLine {
    pub title: String,
    pub first: Option<(String, i64, String)>,
    /// Each leader that day and whether they studied first.
    pub leaders: Vec<(String, bool)>,
    pub done: bool,
    pub state_label: String,
}

pub struct StudiedLine {
    pub title: String,
    pub studied: u32,
    pub share: String,
}

#[derive(Template)]
#[template(path = "campaign_dashboard/branch.html")]
struct BranchPage {
    chrome: Chrome,
    heading: String,
    theme: String,
    dashboard: String,
    campaign_href: String,
    todo: Vec<TodoLine>,
    todo_heading: String,
    summary: Vec<(String, String)>,
    requirements: Vec<RequirementLine>,
    sessions: Vec<SessionLine>,
    leads: Vec<LeadLine>,
    studied: Vec<StudiedLine>,
    chart_json: String,
    echarts: &'static str,
}

fn todo_lines(t: T, v: &BranchView) -> Vec<TodoLine> {
    let mut out = Vec::new();
    for r in &v.todo.requirements {
        out.push(TodoLine {
            text: t.f(
                "campaign_dashboard.todo.requirement",
                &[
                    ("kind", &kinds::label_of(t, &v.kinds, &r.kind)),
                    ("count", &r.count.to_string()),
                    ("held", &r.held.to_string()),
                ],
            ),
            href: None,
        });
    }
    for (_, title) in &v.todo.unstudied {
        out.push(TodoLine {
            text: t.f("campaign_dashboard.todo.unstudied", &[("title", title)]),
            href: None,
        });
    }
    for g in &v.todo.lead_first {
        let who = if g.not_studied.is_empty() {
            t.s("campaign_dashboard.todo.no_leader").to_owned()
        } else {
            g.not_studied.join("、")
        };
        out.push(TodoLine {
            text: t.f(
                "campaign_dashboard.todo.lead_first",
                &[
                    ("title", &g.title),
                    ("date", &day_label(t, g.day)),
                    ("who", &who),
                ],
            ),
            href: Some(format!("/activities/{}", g.activity_id)),
        });
    }
    for r in &v.todo.reports {
        out.push(TodoLine {
            text: t.f(
                "campaign_dashboard.todo.report",
                &[("title", &r.title), ("state", t.s(r.state.message_key()))],
            ),
            href: Some(format!("/tasks/{}", r.task_id)),
        });
    }
    out
}

fn page_of(chrome: Chrome, v: &BranchView) -> BranchPage {
    let t = chrome.t;
    let id = v.campaign.id;
    let f = &v.progress.figures;
    let title_of = |m: i64| {
        v.materials
            .iter()
            .find(|x| x.id == m)
            .map(|x| x.title.clone())
            .unwrap_or_default()
    };
    let summary = vec![
        (
            t.s("campaign_dashboard.col.held").to_owned(),
            f.held().to_string(),
        ),
        (t.s("campaign_dashboard.col.rate").to_owned(), rate_label(f)),
        (
            t.s("campaign_dashboard.col.materials_covered").to_owned(),
            t.f(
                "campaign_dashboard.of",
                &[
                    ("n", &f.materials_covered.to_string()),
                    ("total", &v.materials.len().to_string()),
                ],
            ),
        ),
        (
            t.s("campaign_dashboard.col.lead_first").to_owned(),
            t.f(
                "campaign_dashboard.of",
                &[
                    ("n", &f.lead_first_done.to_string()),
                    ("total", &v.materials.len().to_string()),
                ],
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
    let requirements = v
        .progress
        .requirements
        .iter()
        .map(|r| RequirementLine {
            kind: kinds::label_of(t, &v.kinds, &r.kind),
            count: r.count,
            held: r.held,
            met: r.met(),
            met_label: t
                .s(if r.met() {
                    "campaign_dashboard.met"
                } else {
                    "campaign_dashboard.not_met"
                })
                .to_owned(),
            note: r.note.clone(),
        })
        .collect();
    let sessions = v
        .progress
        .sessions
        .iter()
        .map(|s| SessionLine {
            activity_id: s.activity_id,
            date: day_label(t, s.day),
            kind: kinds::label_of(t, &v.kinds, &s.kind),
            title: s.title.clone(),
            leader: s.leader.clone(),
            attendance: format!("{}/{}", s.present, s.expected),
            materials: s
                .material_ids
                .iter()
                .map(|m| title_of(*m))
                .collect::<Vec<_>>()
                .join("；"),
        })
        .collect();
    let leads = v
        .progress
        .leads
        .iter()
        .map(|l| LeadLine {
            title: title_of(l.material_id),
            first: l
                .first_session
                .as_ref()
                .map(|(d, a, who)| (day_label(t, *d), *a, who.clone())),
            leaders: l.leaders.iter().map(|(_, n, s)| (n.clone(), *s)).collect(),
            done: l.done,
            state_label: t
                .s(match (&l.first_session, l.done) {
                    (None, _) => "campaign_dashboard.lead.no_session",
                    (Some(_), true) => "campaign_dashboard.lead.done",
                    (Some(_), false) => "campaign_dashboard.lead.not_done",
                })
                .to_owned(),
        })
        .collect();
    let studied: Vec<StudiedLine> = v
        .materials
        .iter()
        .map(|m| {
            let n = f.studied_by_material.get(&m.id).copied().unwrap_or(0);
            StudiedLine {
                title: m.title.clone(),
                studied: n,
                share: share(n, f.members),
            }
        })
        .collect();
    let chart = json!({
        "materials": {
            "title": t.s("campaign_dashboard.chart.materials"),
            "name": t.s("campaign_dashboard.col.material_studied"),
            "names": studied.iter().map(|s| s.title.as_str()).collect::<Vec<_>>(),
            "values": studied.iter().map(|s| s.studied).collect::<Vec<_>>(),
        },
    });
    let todo = todo_lines(t, v);
    let days = v.todo.days_left;
    let todo_heading = if days >= 0 {
        t.f(
            "campaign_dashboard.todo.heading",
            &[
                ("date", &day_label(t, v.todo.ends_on)),
                ("days", &days.to_string()),
            ],
        )
    } else {
        t.f(
            "campaign_dashboard.todo.heading_past",
            &[("date", &day_label(t, v.todo.ends_on))],
        )
    };
    BranchPage {
        heading: v.org.name.clone(),
        theme: v.campaign.theme.clone(),
        dashboard: format!("/campaigns/{id}/dashboard"),
        campaign_href: format!("/campaigns/{id}"),
        todo,
        todo_heading,
        summary,
        requirements,
        sessions,
        leads,
        studied,
        chart_json: embedded_json(&chart),
        echarts: crate::assets::ECHARTS_PATH,
        chrome,
    }
}

/// `GET /campaigns/{id}/branches/{org_id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path((id, org_id)): Path<(i64, i64)>,
) -> Result<Html<String>> {
    let v = branch_view::branch(&state, &user, id, org_id).await?;
    Ok(Html(page_of(chrome, &v).render()?))
}
