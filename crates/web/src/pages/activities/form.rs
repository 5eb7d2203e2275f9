//! 计划活动 / 记录活动 / 修改 / 更正: one form for an activity's content. A new activity is
//! planned ahead or recorded as held; a planned or held one is edited (the version seen goes
//! along, so a save over someone else's is refused, the typing kept); a confirmed record is
//! corrected with its reason.

use super::{kind_label, refused};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::activities::records::{self, Start};
use app::activities::{Refused, access, kinds};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::OrgKind;
use domain::access::Action;
use domain::activity::ActivityState;
use domain::activity_content::Typed;
use serde::Deserialize;
use store::activities::Activity;

/// The form as sent and as shown again: every value as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FormBody {
    #[serde(default)]
    pub org_id: String,
    /// `plan` or `record` (a new activity).
    #[serde(default)]
    pub mode: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online: String,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub recorder: String,
    #[serde(default)]
    pub speaker: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub leader: String,
    #[serde(default)]
    pub led_content: String,
    #[serde(default)]
    pub agenda: String,
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub resolutions: String,
    #[serde(default)]
    pub outcomes: String,
    #[serde(default)]
    pub notice_id: String,
    /// The version the form showed (edit and correct).
    #[serde(default)]
    pub version: String,
    /// Why a confirmed record is corrected.
    #[serde(default)]
    pub reason: String,
    /// Editing a planned activity: it took place (save as held).
    #[serde(default)]
    pub held: String,
}

impl FormBody {
    fn of(state: &AppState, a: &Activity) -> FormBody {
        let c = &a.content;
        FormBody {
            org_id: a.org_id.to_string(),
            kind: c.kind.clone(),
            title: c.title.clone(),
            starts_at: state.zone.local_input(c.starts_at),
            ends_at: c
                .ends_at
                .map(|e| state.zone.local_input(e))
                .unwrap_or_default(),
            place: c.place.clone(),
            online: if c.online { "on".into() } else { String::new() },
            host: c.host.clone(),
            recorder: c.recorder.clone(),
            speaker: c.speaker.clone(),
            topic: c.topic.clone(),
            leader: c.leader.clone(),
            led_content: c.led_content.clone(),
            agenda: c.agenda.clone(),
            minutes: c.minutes.clone(),
            resolutions: c.resolutions.clone(),
            outcomes: c.outcomes.clone(),
            notice_id: c.notice_id.map(|n| n.to_string()).unwrap_or_default(),
            version: a.version.to_string(),
            ..FormBody::default()
        }
    }

    fn typed(&self, state: &AppState, notices: &[(i64, String)]) -> Typed {
        // Only a notice the branch received is linked (the select offers no other).
        let notice_id = self
            .notice_id
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|n| notices.iter().any(|(id, _)| id == n));
        Typed {
            kind: self.kind.clone(),
            title: self.title.clone(),
            starts_at: state.zone.parse_deadline(&self.starts_at),
            ends_at: state.zone.parse_deadline(&self.ends_at),
            place: self.place.clone(),
            online: !self.online.is_empty(),
            host: self.host.clone(),
            recorder: self.recorder.clone(),
            speaker: self.speaker.clone(),
            topic: self.topic.clone(),
            leader: self.leader.clone(),
            led_content: self.led_content.clone(),
            agenda: self.agenda.clone(),
            minutes: self.minutes.clone(),
            resolutions: self.resolutions.clone(),
            outcomes: self.outcomes.clone(),
            notice_id,
        }
    }

    fn org(&self) -> Option<i64> {
        self.org_id.trim().parse().ok()
    }

    fn seen(&self) -> Option<i64> {
        self.version.trim().parse().ok()
    }

    /// The org is the one chosen (the template's select).
    pub fn is_org(&self, id: &i64) -> bool {
        self.org() == Some(*id)
    }

    pub fn is_notice(&self, id: &i64) -> bool {
        self.notice_id.trim() == id.to_string()
    }
}

/// A refusal: above the form, and beside its field when it has one.
#[derive(Default)]
pub struct Problems {
    pub general: Option<String>,
    field: Option<(&'static str, String)>,
}

impl Problems {
    fn of(t: T, r: &Refused) -> Problems {
        let text = t.problem(r);
        match r.field() {
            Some(f) => Problems {
                general: Some(t.s("activity.form.invalid").to_owned()),
                field: Some((f, text)),
            },
            None => Problems {
                general: Some(text),
                field: None,
            },
        }
    }

    /// The message beside `field`, if it is the one refused.
    pub fn at(&self, field: &str) -> Option<&str> {
        self.field
            .as_ref()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// What the form does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    New(Start),
    Edit(ActivityState),
    Correct,
}

#[derive(Template)]
#[template(path = "activities/form.html")]
struct FormPage {
    chrome: Chrome,
    heading: String,
    action: String,
    /// The branches to choose from (a new activity).
    orgs: Vec<(i64, String)>,
    kinds: Vec<(String, String)>,
    notices: Vec<(i64, String)>,
    /// The branch's members, offered for host, recorder, speaker and 领学人.
    names: Vec<String>,
    /// Editing a planned activity: it may be saved as held.
    may_hold: bool,
    correcting: bool,
    back: String,
    v: FormBody,
    p: Problems,
}

/// The orgs the person records for, open and not a 党小组 (a group's meetings are its
/// branch's records).
async fn recording_orgs(
    state: &AppState,
    user: &CurrentUser,
    chosen: Option<i64>,
) -> Result<Vec<(i64, String)>> {
    let mut out: Vec<(i64, String, bool)> = Vec::new();
    for root in user.access.roots(Action::RecordActivities) {
        for o in store::orgs::list_under(state.db.read(), &root, 2000, 0).await? {
            if o.is_open() && o.kind != OrgKind::Group && !out.iter().any(|(id, ..)| *id == o.id) {
                out.push((o.id, o.name, o.kind == OrgKind::Branch));
            }
        }
    }
    // The chosen org first, then branches (who record most) before the committees above.
    out.sort_by(|a, b| {
        let rank = |o: &(i64, String, bool)| (Some(o.0) != chosen, !o.2);
        rank(a)
            .cmp(&rank(b))
            .then_with(|| domain::natural::cmp(&a.1, &b.1))
    });
    Ok(out.into_iter().map(|(id, name, _)| (id, name)).collect())
}

/// The notices `org_id` received, newest first (for 响应通知).
async fn received(state: &AppState, org_id: i64) -> Result<Vec<(i64, String)>> {
    let Some(org) = store::orgs::by_id(state.db.read(), org_id).await? else {
        return Ok(Vec::new());
    };
    let rows =
        store::notices::inbox(state.db.read(), std::slice::from_ref(&org.path), 200, 0).await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.org_id == org_id)
        .map(|r| (r.notice.id, r.notice.title))
        .collect())
}

/// The names of `org_id`'s members.
async fn member_names(state: &AppState, org_id: i64) -> Result<Vec<String>> {
    let Some(org) = store::orgs::by_id(state.db.read(), org_id).await? else {
        return Ok(Vec::new());
    };
    let filter = store::members::RosterFilter {
        org_id: Some(org_id),
        ..Default::default()
    };
    let (members, _) = store::members::list(
        state.db.read(),
        std::slice::from_ref(&org.path),
        &filter,
        1000,
        0,
    )
    .await?;
    Ok(members.into_iter().map(|m| m.name).collect())
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    purpose: Purpose,
    activity: Option<&Activity>,
    mut v: FormBody,
    p: Problems,
) -> Result<String> {
    let t = chrome.t;
    let all = kinds::all(state).await?;
    let (orgs, org_id) = match activity {
        Some(a) => (Vec::new(), a.org_id),
        None => {
            let orgs = recording_orgs(state, user, v.org()).await?;
            let Some(first) = orgs.first().map(|o| o.0) else {
                return Err(Error::not_found());
            };
            let chosen = v.org().filter(|o| orgs.iter().any(|(id, _)| id == o));
            let chosen = chosen.unwrap_or(first);
            v.org_id = chosen.to_string();
            (orgs, chosen)
        }
    };
    let kinds = all
        .iter()
        .filter(|k| k.active || k.code == v.kind)
        .map(|k| (k.code.clone(), kind_label(t, &all, &k.code)))
        .collect();
    let (heading, action, back) = match (purpose, activity) {
        (Purpose::New(Start::Plan), _) => (
            t.s("activity.form.plan_heading").to_owned(),
            "/activities/new".to_owned(),
            "/activities".to_owned(),
        ),
        (Purpose::New(Start::Record), _) => (
            t.s("activity.form.record_heading").to_owned(),
            "/activities/new".to_owned(),
            "/activities".to_owned(),
        ),
        (Purpose::Correct, Some(a)) => (
            t.f(
                "activity.form.correct_heading",
                &[("title", &a.content.title)],
            ),
            format!("/activities/{}/correct", a.id),
            format!("/activities/{}", a.id),
        ),
        (_, Some(a)) => (
            t.f("activity.form.edit_heading", &[("title", &a.content.title)]),
            format!("/activities/{}/edit", a.id),
            format!("/activities/{}", a.id),
        ),
        (_, None) => return Err(Error::not_found()),
    };
    Ok(FormPage {
        heading,
        action,
        orgs,
        kinds,
        notices: received(state, org_id).await?,
        names: member_names(state, org_id).await?,
        may_hold: purpose == Purpose::Edit(ActivityState::Planned),
        correcting: purpose == Purpose::Correct,
        back,
        v,
        p,
        chrome,
    }
    .render()?)
}

/// `?org=…&mode=plan|record`
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    org: String,
    #[serde(default)]
    mode: String,
}

fn start_of(mode: &str) -> Start {
    if mode == "plan" {
        Start::Plan
    } else {
        Start::Record
    }
}

/// `GET /activities/new`
pub async fn new(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<NewQuery>,
) -> Result<Html<String>> {
    let start = start_of(&q.mode);
    let v = FormBody {
        org_id: q.org,
        mode: if start == Start::Plan {
            "plan"
        } else {
            "record"
        }
        .to_owned(),
        ..FormBody::default()
    };
    let purpose = Purpose::New(start);
    Ok(Html(
        page(&state, &user, chrome, purpose, None, v, Problems::default()).await?,
    ))
}

/// `POST /activities/new`
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Form(v): Form<FormBody>,
) -> Result<Response> {
    let org_id = v.org().ok_or_else(Error::not_found)?;
    let start = start_of(&v.mode);
    let notices = received(&state, org_id).await?;
    let typed = v.typed(&state, &notices);
    match records::add(&state, &user, org_id, typed, start).await? {
        Ok(id) => Ok(Redirect::to(&format!("/activities/{id}")).into_response()),
        Err(r) => {
            let p = Problems::of(chrome.t, &r);
            let purpose = Purpose::New(start);
            Ok(refused(
                page(&state, &user, chrome, purpose, None, v, p).await?,
            ))
        }
    }
}

/// `GET /activities/{id}/edit`: a planned or held activity (else back to the record).
pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    let a = access::recordable(&state, &user, id).await?;
    if !matches!(a.state, ActivityState::Planned | ActivityState::Held) {
        return Ok(Redirect::to(&format!("/activities/{id}")).into_response());
    }
    let v = FormBody::of(&state, &a);
    let purpose = Purpose::Edit(a.state);
    let html = page(
        &state,
        &user,
        chrome,
        purpose,
        Some(&a),
        v,
        Problems::default(),
    )
    .await?;
    Ok(Html(html).into_response())
}

/// `POST /activities/{id}/edit`
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(v): Form<FormBody>,
) -> Result<Response> {
    let a = access::recordable(&state, &user, id).await?;
    let notices = received(&state, a.org_id).await?;
    let typed = v.typed(&state, &notices);
    let held = !v.held.is_empty();
    match records::edit(&state, &user, id, v.seen(), typed, held).await? {
        Ok(_) => Ok(Redirect::to(&format!("/activities/{id}")).into_response()),
        Err(r) => {
            let p = Problems::of(chrome.t, &r);
            let purpose = Purpose::Edit(a.state);
            Ok(refused(
                page(&state, &user, chrome, purpose, Some(&a), v, p).await?,
            ))
        }
    }
}

/// `GET /activities/{id}/correct`: a confirmed record (else back to it).
pub async fn correct_form(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    let a = access::recordable(&state, &user, id).await?;
    if a.state != ActivityState::Confirmed {
        return Ok(Redirect::to(&format!("/activities/{id}")).into_response());
    }
    let v = FormBody::of(&state, &a);
    let html = page(
        &state,
        &user,
        chrome,
        Purpose::Correct,
        Some(&a),
        v,
        Problems::default(),
    )
    .await?;
    Ok(Html(html).into_response())
}

/// `POST /activities/{id}/correct`
pub async fn correct(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(v): Form<FormBody>,
) -> Result<Response> {
    let a = access::recordable(&state, &user, id).await?;
    let notices = received(&state, a.org_id).await?;
    let typed = v.typed(&state, &notices);
    match records::correct(&state, &user, id, v.seen(), typed, &v.reason).await? {
        Ok(_) => Ok(Redirect::to(&format!("/activities/{id}")).into_response()),
        Err(r) => {
            let p = Problems::of(chrome.t, &r);
            Ok(refused(
                page(&state, &user, chrome, Purpose::Correct, Some(&a), v, p).await?,
            ))
        }
    }
}
