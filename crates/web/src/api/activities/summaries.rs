//! What is read across activities: the 三会一课 ledger of a branch, the committee's board, a
//! member's own activities; and the settings: the kinds of activity and a branch's choices.

use super::records::check_year;
use super::views::{FiguresView, SummaryView};
use crate::api::ApiJson;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::activities::{board, kinds, ledger, mine};
use app::authz::{self, Object};
use app::zone::rfc3339;
use axum::Json;
use axum::extract::{Path, Query, State};
use domain::access::Action;
use domain::activity_content::Kind;
use domain::activity_standing::Standing;
use domain::supervision::LightCounts;
use serde::{Deserialize, Serialize};
use store::activity_media::OrgChoices;
use utoipa::{IntoParams, ToSchema};

type ErrorBody = crate::api::openapi::ErrorBody;

/// A kind of activity.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct KindView {
    /// Stable: a–z, 0–9 and `_`, 1–40 characters.
    pub code: String,
    /// 1–30 characters.
    pub name: String,
    /// monthly, quarterly, half_yearly, yearly or as_needed
    pub frequency: String,
    /// Offered for new records (a retired kind stays on its records).
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

impl From<&Kind> for KindView {
    fn from(k: &Kind) -> KindView {
        KindView {
            code: k.code.clone(),
            name: k.name.clone(),
            frequency: k.frequency.as_str().to_owned(),
            active: k.active,
        }
    }
}

/// Asked versus met so far.
#[derive(Serialize, ToSchema)]
pub struct StandingView {
    /// Periods that have asked for one so far (the running one included).
    pub expected: u32,
    /// Of those, the periods with at least one held.
    pub met: u32,
    pub held: u32,
    /// green, grey (not yet due), yellow (due this period) or red (a period missed)
    pub light: String,
}

impl From<&Standing> for StandingView {
    fn from(s: &Standing) -> StandingView {
        StandingView {
            expected: s.expected,
            met: s.met,
            held: s.held,
            light: s.light.as_str().to_owned(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LedgerLine {
    pub kind: KindView,
    /// Held (held or confirmed) in each month, January first.
    pub per_month: Vec<u32>,
    pub held: u32,
    /// Null for kinds held as needed.
    pub standing: Option<StandingView>,
}

#[derive(Serialize, ToSchema)]
pub struct LedgerRecord {
    #[serde(flatten)]
    #[schema(inline)]
    pub activity: SummaryView,
    pub figures: FiguresView,
}

/// 三会一课台账 of a branch for a year.
#[derive(Serialize, ToSchema)]
pub struct LedgerView {
    pub org_id: i64,
    pub org_name: String,
    pub year: i16,
    pub lines: Vec<LedgerLine>,
    /// The activities that took place, earliest first (planned and cancelled ones are not).
    pub records: Vec<LedgerRecord>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityLedgerQuery {
    pub org: i64,
    /// 1900–2999; default this year.
    pub year: Option<i16>,
}

fn this_year(state: &AppState) -> i16 {
    state.zone.civil_date(state.now()).year()
}

#[utoipa::path(
    get, path = "/api/v1/activities/ledger", tag = "activities", params(ActivityLedgerQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "Per kind and month what took place, against the expected frequency so far", body = LedgerView),
        (status = 404, description = "Not an org whose records the caller may read", body = ErrorBody),
    )
)]
pub async fn ledger(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ActivityLedgerQuery>,
) -> Result<Json<LedgerView>> {
    check_year(q.year)?;
    let year = q.year.unwrap_or_else(|| this_year(&state));
    let l = ledger::ledger(&state, &user, q.org, year).await?;
    Ok(Json(LedgerView {
        org_id: l.org.id,
        org_name: l.org.name.clone(),
        year: l.year,
        lines: l
            .lines
            .iter()
            .map(|line| LedgerLine {
                kind: KindView::from(&line.kind),
                per_month: line.per_month.to_vec(),
                held: line.held,
                standing: line.standing.as_ref().map(StandingView::from),
            })
            .collect(),
        records: l
            .records
            .iter()
            .map(|(a, f)| LedgerRecord {
                activity: SummaryView::from(a),
                figures: (*f).into(),
            })
            .collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct LightCountsView {
    pub red: i64,
    pub yellow: i64,
    pub grey: i64,
    pub green: i64,
}

impl From<&LightCounts> for LightCountsView {
    fn from(c: &LightCounts) -> LightCountsView {
        LightCountsView {
            red: c.red,
            yellow: c.yellow,
            grey: c.grey,
            green: c.green,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct BoardBranch {
    pub org_id: i64,
    pub org_name: String,
    /// The branch's worst light.
    pub light: String,
    /// One per kind of the board, in its order.
    pub standings: Vec<StandingView>,
}

#[derive(Serialize, ToSchema)]
pub struct BoardRollup {
    pub org_id: i64,
    pub org_name: String,
    pub branches: i64,
    pub lights: LightCountsView,
    pub per_kind: Vec<LightCountsView>,
}

#[derive(Serialize, ToSchema)]
pub struct BoardTotal {
    pub kind: String,
    pub lights: LightCountsView,
    /// Of the branches, the percentage that met every period so far.
    pub rate: f64,
}

/// The committee's view of who is behind, for one quarter.
#[derive(Serialize, ToSchema)]
pub struct ActivityBoardView {
    pub org_id: i64,
    pub org_name: String,
    pub year: i16,
    pub quarter: u32,
    /// The kinds owed (those held as needed are left out).
    pub kinds: Vec<KindView>,
    /// Most behind first.
    pub branches: Vec<BoardBranch>,
    /// Per child org of `org`, its branches' lights.
    pub rollup: Vec<BoardRollup>,
    pub totals: Vec<BoardTotal>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityBoardQuery {
    pub org: i64,
    /// 1900–2999; default this year.
    pub year: Option<i16>,
    /// 1–4; default the quarter running.
    pub quarter: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/v1/activities/board", tag = "activities", params(ActivityBoardQuery), security(("bearer" = [])),
    responses(
        (status = 200, description = "The branches under `org` with their lights per kind", body = ActivityBoardView),
        (status = 404, description = "Not an org whose records the caller views", body = ErrorBody),
    )
)]
pub async fn board(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<ActivityBoardQuery>,
) -> Result<Json<ActivityBoardView>> {
    check_year(q.year)?;
    let year = q.year.unwrap_or_else(|| this_year(&state));
    let quarter = q
        .quarter
        .unwrap_or_else(|| (state.zone.civil_date(state.now()).month() as u32).div_ceil(3));
    if !(1..=4).contains(&quarter) {
        return Err(Error::bad_request(
            "invalid_quarter",
            "activity.api.invalid_quarter",
        ));
    }
    let b = board::board(&state, &user, q.org, year, quarter).await?;
    Ok(Json(ActivityBoardView {
        org_id: b.org.id,
        org_name: b.org.name.clone(),
        year: b.year,
        quarter: b.quarter,
        kinds: b.kinds.iter().map(KindView::from).collect(),
        branches: b
            .branches
            .iter()
            .map(|l| BoardBranch {
                org_id: l.org.id,
                org_name: l.org.name.clone(),
                light: l.light.as_str().to_owned(),
                standings: l.standings.iter().map(StandingView::from).collect(),
            })
            .collect(),
        rollup: b
            .rollup
            .iter()
            .map(|r| BoardRollup {
                org_id: r.org.id,
                org_name: r.org.name.clone(),
                branches: r.branches as i64,
                lights: (&r.lights).into(),
                per_kind: r.per_kind.iter().map(LightCountsView::from).collect(),
            })
            .collect(),
        totals: b
            .kinds
            .iter()
            .zip(&b.totals)
            .enumerate()
            .map(|(i, (k, t))| BoardTotal {
                kind: k.code.clone(),
                lights: t.into(),
                rate: b.rate(i),
            })
            .collect(),
    }))
}

/// An activity the caller's member is on.
#[derive(Serialize, ToSchema)]
pub struct MyActivity {
    pub activity_id: i64,
    pub org_name: String,
    pub kind: String,
    pub title: String,
    pub state: String,
    pub starts_at: String,
    pub ends_at: Option<String>,
    pub place: String,
    /// present, leave, absent or guest
    pub mark: String,
    pub marked: bool,
    pub hours: f64,
}

impl From<&store::activity_attendance::MemberActivity> for MyActivity {
    fn from(a: &store::activity_attendance::MemberActivity) -> MyActivity {
        MyActivity {
            activity_id: a.activity_id,
            org_name: a.org_name.clone(),
            kind: a.kind.clone(),
            title: a.title.clone(),
            state: a.state.as_str().to_owned(),
            starts_at: rfc3339(a.starts_at),
            ends_at: a.ends_at.map(rfc3339),
            place: a.place.clone(),
            mark: a.mark.as_str().to_owned(),
            marked: a.marked,
            hours: a.volunteer_minutes as f64 / 60.0,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MineView {
    /// The account is linked to a member (else the lists are empty).
    pub linked: bool,
    /// Planned from a day ago on, earliest first.
    pub upcoming: Vec<MyActivity>,
    /// Took place in the last year, latest first.
    pub past: Vec<MyActivity>,
    /// Of those, attended (出席).
    pub attended: i64,
    /// Volunteer time this year.
    pub volunteer_hours: f64,
}

#[utoipa::path(
    get, path = "/api/v1/me/activities", tag = "activities", security(("bearer" = [])),
    responses((status = 200, description = "The activities the caller's member is expected at or a guest of", body = MineView))
)]
pub async fn mine(State(state): State<AppState>, user: CurrentUser) -> Result<Json<MineView>> {
    let m = mine::mine(&state, &user).await?;
    Ok(Json(MineView {
        linked: m.linked,
        upcoming: m.upcoming.iter().map(MyActivity::from).collect(),
        past: m.past.iter().map(MyActivity::from).collect(),
        attended: m.attended as i64,
        volunteer_hours: m.volunteer_minutes as f64 / 60.0,
    }))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct KindsBody {
    /// In the order pickers show them.
    pub kinds: Vec<KindView>,
}

#[utoipa::path(
    get, path = "/api/v1/activity-kinds", tag = "activities", security(("bearer" = [])),
    responses(
        (status = 200, description = "The kinds of activity, retired ones included", body = KindsBody),
        (status = 404, description = "The caller sees no activity records anywhere", body = ErrorBody),
    )
)]
pub async fn kinds(State(state): State<AppState>, user: CurrentUser) -> Result<Json<KindsBody>> {
    let sees = [
        Action::ViewActivities,
        Action::RecordActivities,
        Action::ReadSharedActivities,
    ];
    if !sees.iter().any(|a| user.access.can_somewhere(*a)) {
        let object = Object {
            kind: "settings",
            id: 0,
            org_id: None,
        };
        authz::deny(&state, &user, Action::ViewActivities, object).await?;
        return Err(Error::not_found());
    }
    let list = kinds::all(&state).await?;
    Ok(Json(KindsBody {
        kinds: list.iter().map(KindView::from).collect(),
    }))
}

#[utoipa::path(
    put, path = "/api/v1/activity-kinds", tag = "activities", security(("bearer" = [])),
    request_body = KindsBody,
    responses(
        (status = 200, description = "Saved", body = KindsBody),
        (status = 404, description = "Only who records activities over the whole tree changes the list", body = ErrorBody),
        (status = 422, description = "invalid_kinds: 1 to 50, codes of a–z, 0–9, _ used once, names of 1–30 characters, frequencies as listed; a kind some record uses is kept (retire it instead)", body = ErrorBody),
    )
)]
pub async fn set_kinds(
    State(state): State<AppState>,
    user: CurrentUser,
    ApiJson(body): ApiJson<KindsBody>,
) -> Result<Json<KindsBody>> {
    let mut list = Vec::with_capacity(body.kinds.len());
    for k in body.kinds {
        let Some(frequency) = domain::activity::Frequency::parse(k.frequency.trim()) else {
            let p = domain::activity_content::ContentProblem::KindsInvalid;
            return Err(Error::problem(&p));
        };
        list.push(Kind {
            code: k.code,
            name: k.name,
            frequency,
            active: k.active,
        });
    }
    let saved = kinds::set(&state, &user, list)
        .await?
        .map_err(|p| Error::problem(&p))?;
    Ok(Json(KindsBody {
        kinds: saved.iter().map(KindView::from).collect(),
    }))
}

/// A branch's choices about its records.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SettingsBody {
    /// Members read the branch's records (minutes, attendance).
    pub share_records: bool,
    /// Members confirm their own attendance from their phones.
    pub self_attendance: bool,
}

impl From<OrgChoices> for SettingsBody {
    fn from(c: OrgChoices) -> SettingsBody {
        SettingsBody {
            share_records: c.share_records,
            self_attendance: c.self_attendance,
        }
    }
}

#[utoipa::path(
    get, path = "/api/v1/orgs/{id}/activity-settings", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The org")),
    responses(
        (status = 200, description = "The org's choices (both off unless set)", body = SettingsBody),
        (status = 404, description = "Not an org whose records the caller may read", body = ErrorBody),
    )
)]
pub async fn settings(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
) -> Result<Json<SettingsBody>> {
    let org = ledger::readable_org(&state, &user, id).await?;
    Ok(Json(kinds::choices(&state, org.id).await?.into()))
}

#[utoipa::path(
    put, path = "/api/v1/orgs/{id}/activity-settings", tag = "activities", security(("bearer" = [])),
    params(("id" = i64, Path, description = "The org")),
    request_body = SettingsBody,
    responses(
        (status = 200, description = "Saved", body = SettingsBody),
        (status = 404, description = "Not an org whose activities the caller records", body = ErrorBody),
        (status = 422, description = "invalid_body: a field missing or not a boolean", body = ErrorBody),
    )
)]
pub async fn set_settings(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<SettingsBody>,
) -> Result<Json<SettingsBody>> {
    let choices = OrgChoices {
        share_records: body.share_records,
        self_attendance: body.self_attendance,
    };
    kinds::set_choices(&state, &user, id, choices).await?;
    Ok(Json(kinds::choices(&state, id).await?.into()))
}
