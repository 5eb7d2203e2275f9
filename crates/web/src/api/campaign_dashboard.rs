//! `/api/v1/campaigns/{id}/dashboard` and `/api/v1/campaigns/{id}/branches/{org_id}`: a
//! campaign's figures by level of the tree (the committee's dashboard, drill-down with
//! `under`), and one branch's progress with its to-do list — what the pages show, for
//! integrations. Those who run the campaign see all of it; those who view some taking-part
//! subtree's records see that part; anyone else gets 404.

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::routes::Routes;
use crate::state::AppState;
use app::campaigns::branch_view;
use app::campaigns::dashboard as use_case;
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Path, Query, State};
use domain::campaign_progress::{Figures, RequirementStanding};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

type ErrorBody = crate::api::openapi::ErrorBody;

pub fn routes() -> Routes {
    Routes::new()
        .get("/api/v1/campaigns/{id}/dashboard", dashboard)
        .get("/api/v1/campaigns/{id}/branches/{org_id}", branch)
}

/// A branch's figures in a campaign, or their sum over a subtree.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignFiguresView {
    /// Branches counted.
    pub branches: u32,
    /// Activities held (or confirmed) in the campaign, by kind code.
    pub held_by_kind: BTreeMap<String, u32>,
    pub held: u32,
    /// 应到 and 实到 over those activities.
    pub expected: u32,
    pub present: u32,
    /// 实到 ÷ 应到 in per cent to one decimal; null with nobody expected.
    pub attendance_rate: Option<f64>,
    pub volunteer_minutes: i64,
    /// 科普活动 held.
    pub science_events: u32,
    /// Materials studied in at least one session (summed over branches).
    pub materials_covered: u32,
    /// Materials whose 先学领学 was done (summed over branches).
    pub lead_first_done: u32,
    /// Members on the roster now.
    pub members: u32,
    /// Members who studied each material (self-study or present at a session on it), by
    /// material id.
    pub studied_by_material: BTreeMap<String, u32>,
    /// Members with any study logged or attended.
    pub members_studying: u32,
    pub study_minutes: i64,
    /// Reflections (心得体会) written, and of them featured.
    pub reflections: u32,
    pub featured: u32,
    /// Branches meeting every required activity.
    pub requirements_met: u32,
}

impl From<&Figures> for CampaignFiguresView {
    fn from(f: &Figures) -> CampaignFiguresView {
        CampaignFiguresView {
            branches: f.branches,
            held_by_kind: f.held_by_kind.clone(),
            held: f.held(),
            expected: f.expected,
            present: f.present,
            attendance_rate: f.attendance_rate(),
            volunteer_minutes: f.volunteer_minutes,
            science_events: f.science_events(),
            materials_covered: f.materials_covered,
            lead_first_done: f.lead_first_done,
            members: f.members,
            studied_by_material: f
                .studied_by_material
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect(),
            members_studying: f.members_studying,
            study_minutes: f.study_minutes,
            reflections: f.reflections,
            featured: f.featured,
            requirements_met: f.requirements_met,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardRowView {
    pub org_id: i64,
    pub org_name: String,
    /// A branch (its page: `/api/v1/campaigns/{id}/branches/{org_id}`); else drill down with
    /// `under=org_id`.
    pub is_branch: bool,
    /// The sum over the branches below it.
    pub figures: CampaignFiguresView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardOrgView {
    pub org_id: i64,
    pub org_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardMaterialView {
    pub id: i64,
    pub title: String,
    /// Members who studied it, over the level's branches.
    pub studied: u32,
}

/// A campaign's figures at one level of the tree.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignDashboardView {
    pub campaign_id: i64,
    pub theme: String,
    /// The org whose children are the rows; null at the top (the orgs the caller sees).
    pub under: Option<DashboardOrgView>,
    /// From the top down to `under`.
    pub trail: Vec<DashboardOrgView>,
    pub rows: Vec<DashboardRowView>,
    pub totals: CampaignFiguresView,
    /// The kind codes held below or required.
    pub kinds: Vec<String>,
    pub materials: Vec<DashboardMaterialView>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// An org of the campaign's tree: its children become the rows. Default: the top.
    pub under: Option<i64>,
}

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}/dashboard", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign"), DashboardQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "Per org of the level, the sum of the branches below it, and the totals", body = CampaignDashboardView),
        (status = 404, description = "Not a campaign the caller runs or views a part of, or `under` not in the part they see", body = ErrorBody),
    )
)]
pub async fn dashboard(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<DashboardQuery>,
) -> Result<Json<CampaignDashboardView>> {
    let d = use_case::dashboard(&state, &user, id, q.under).await?;
    let org = |s: &use_case::Step| DashboardOrgView {
        org_id: s.org_id,
        org_name: s.name.clone(),
    };
    Ok(Json(CampaignDashboardView {
        campaign_id: d.campaign.id,
        theme: d.campaign.theme.clone(),
        under: d.under.as_ref().map(org),
        trail: d.trail.iter().map(org).collect(),
        rows: d
            .rows
            .iter()
            .map(|r| DashboardRowView {
                org_id: r.org_id,
                org_name: r.name.clone(),
                is_branch: r.is_branch,
                figures: (&r.figures).into(),
            })
            .collect(),
        totals: (&d.totals).into(),
        kinds: d.kind_codes.clone(),
        materials: d
            .materials
            .iter()
            .map(|m| DashboardMaterialView {
                id: m.id,
                title: m.title.clone(),
                studied: d
                    .totals
                    .studied_by_material
                    .get(&m.id)
                    .copied()
                    .unwrap_or(0),
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RequirementStandingView {
    pub kind: String,
    pub count: u32,
    pub held: u32,
    pub met: bool,
    pub note: String,
}

impl From<&RequirementStanding> for RequirementStandingView {
    fn from(r: &RequirementStanding) -> RequirementStandingView {
        RequirementStandingView {
            kind: r.kind.clone(),
            count: r.count,
            held: r.held,
            met: r.met(),
            note: r.note.clone(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BranchSessionView {
    pub activity_id: i64,
    /// YYYY-MM-DD in the deployment's zone.
    pub date: String,
    pub starts_at: String,
    pub kind: String,
    pub title: String,
    /// 领学人 as recorded.
    pub leader: String,
    pub expected: u32,
    pub present: u32,
    pub material_ids: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FirstSessionView {
    pub date: String,
    pub activity_id: i64,
    /// 领学人 of that session.
    pub leader: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LeaderView {
    pub member_id: i64,
    pub name: String,
    /// Had studied the material (every chapter) by the day of the first session.
    pub studied_first: bool,
}

/// 先学领学 for one material.
#[derive(Debug, Serialize, ToSchema)]
pub struct LeadFirstView {
    pub material_id: i64,
    /// Null until a session has studied it.
    pub first_session: Option<FirstSessionView>,
    /// Those leading the branch (书记, 副书记, 支委) that day.
    pub leaders: Vec<LeaderView>,
    pub done: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnstudiedView {
    pub material_id: i64,
    pub title: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LeadGapView {
    pub material_id: i64,
    pub title: String,
    pub date: String,
    pub activity_id: i64,
    /// Leaders that day who had not studied it first (empty: nobody led the branch then).
    pub not_studied: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OwedReportView {
    pub task_id: i64,
    pub title: String,
    pub period: String,
    pub deadline: String,
    /// not_started, draft or returned
    pub state: String,
}

/// What the campaign still asks of the branch.
#[derive(Debug, Serialize, ToSchema)]
pub struct TodoView {
    pub requirements: Vec<RequirementStandingView>,
    pub unstudied: Vec<UnstudiedView>,
    pub lead_first: Vec<LeadGapView>,
    pub reports: Vec<OwedReportView>,
    /// The campaign's last day, YYYY-MM-DD.
    pub ends_on: String,
    /// Days from today to it (negative once past).
    pub days_left: i64,
}

/// One branch's progress in a campaign.
#[derive(Debug, Serialize, ToSchema)]
pub struct BranchProgressView {
    pub campaign_id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub figures: CampaignFiguresView,
    pub requirements: Vec<RequirementStandingView>,
    pub sessions: Vec<BranchSessionView>,
    pub lead_first: Vec<LeadFirstView>,
    pub todo: TodoView,
}

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}/branches/{org_id}", tag = "campaigns",
    params(("id" = i64, Path, description = "The campaign"), ("org_id" = i64, Path, description = "A branch taking part")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The branch's figures, requirements, sessions, 先学领学 and to-do list", body = BranchProgressView),
        (status = 404, description = "Not a campaign the caller runs or a branch whose records they view", body = ErrorBody),
    )
)]
pub async fn branch(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, org_id)): Path<(i64, i64)>,
) -> Result<Json<BranchProgressView>> {
    let v = branch_view::branch(&state, &user, id, org_id).await?;
    let p = &v.progress;
    let title = |m: i64| {
        v.materials
            .iter()
            .find(|x| x.id == m)
            .map(|x| x.title.clone())
            .unwrap_or_default()
    };
    Ok(Json(BranchProgressView {
        campaign_id: v.campaign.id,
        org_id: v.org.id,
        org_name: v.org.name.clone(),
        figures: (&p.figures).into(),
        requirements: p.requirements.iter().map(Into::into).collect(),
        sessions: p
            .sessions
            .iter()
            .map(|s| BranchSessionView {
                activity_id: s.activity_id,
                date: s.day.to_string(),
                starts_at: rfc3339(s.starts_at),
                kind: s.kind.clone(),
                title: s.title.clone(),
                leader: s.leader.clone(),
                expected: s.expected,
                present: s.present,
                material_ids: s.material_ids.clone(),
            })
            .collect(),
        lead_first: p
            .leads
            .iter()
            .map(|l| LeadFirstView {
                material_id: l.material_id,
                first_session: l
                    .first_session
                    .as_ref()
                    .map(|(d, a, who)| FirstSessionView {
                        date: d.to_string(),
                        activity_id: *a,
                        leader: who.clone(),
                    }),
                leaders: l
                    .leaders
                    .iter()
                    .map(|(id, name, s)| LeaderView {
                        member_id: *id,
                        name: name.clone(),
                        studied_first: *s,
                    })
                    .collect(),
                done: l.done,
            })
            .collect(),
        todo: TodoView {
            requirements: v.todo.requirements.iter().map(Into::into).collect(),
            unstudied: v
                .todo
                .unstudied
                .iter()
                .map(|(id, _)| UnstudiedView {
                    material_id: *id,
                    title: title(*id),
                })
                .collect(),
            lead_first: v
                .todo
                .lead_first
                .iter()
                .map(|g| LeadGapView {
                    material_id: g.material_id,
                    title: g.title.clone(),
                    date: g.day.to_string(),
                    activity_id: g.activity_id,
                    not_studied: g.not_studied.clone(),
                })
                .collect(),
            reports: v
                .todo
                .reports
                .iter()
                .map(|r| OwedReportView {
                    task_id: r.task_id,
                    title: r.title.clone(),
                    period: r.period.clone(),
                    deadline: rfc3339(r.deadline),
                    state: r.state.as_str().to_owned(),
                })
                .collect(),
            ends_on: v.todo.ends_on.to_string(),
            days_left: v.todo.days_left,
        },
    }))
}
