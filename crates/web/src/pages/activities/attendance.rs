//! 考勤: one row per member with three big toggles (出席 / 请假 / 缺席; 请假 asks for its
//! reason), volunteer hours for 志愿服务, guests (列席) found by name among the members the
//! recorder sees outside the branch, and the reason a confirmed record's attendance changes.
//! Everything is sent at once; the figures on top are the server's.

use super::show::hours_text;
use super::{rate_label, refused};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::activities::attendance::{self, MarkInput};
use app::activities::{Refused, access};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::access::Action;
use domain::activity::{ActivityState, Figures, Mark};
use serde::Deserialize;
use store::activities::Activity;
use store::activity_attendance::Attendee;

/// One member's row as shown (and as typed when refused).
pub struct MarkRow {
    pub member_id: i64,
    pub name: String,
    /// `present` / `leave` / `absent`, or empty when nobody marked it yet.
    pub mark: String,
    pub reason: String,
    pub hours: String,
    pub self_confirmed: bool,
    /// The reason is missing beside a 请假.
    pub needs_reason: bool,
}

#[derive(Template)]
#[template(path = "activities/attendance.html")]
struct AttendancePage {
    chrome: Chrome,
    error: Option<String>,
    a: Activity,
    figures: Figures,
    rate: String,
    rows: Vec<MarkRow>,
    guests: Vec<(String, String)>,
    /// Members found outside the branch to add as guests: (id, name, org).
    found: Vec<(i64, String, String)>,
    guest_q: String,
    /// The recorder sees members outside the branch (a committee's staff).
    may_add_guests: bool,
    volunteer: bool,
    correcting: bool,
    correction_reason: String,
    marks: Vec<(&'static str, String)>,
}

impl MarkRow {
    fn of(a: &Attendee) -> MarkRow {
        MarkRow {
            member_id: a.member_id,
            name: a.name.clone(),
            mark: if a.marked || a.self_confirmed {
                a.mark.as_str().to_owned()
            } else {
                String::new()
            },
            reason: a.reason.clone(),
            hours: if a.volunteer_minutes > 0 {
                hours_text(a.volunteer_minutes)
            } else {
                String::new()
            },
            self_confirmed: a.self_confirmed,
            needs_reason: false,
        }
    }

    pub fn is(&self, mark: &str) -> bool {
        self.mark == mark
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct GuestQuery {
    #[serde(default)]
    guest_q: String,
}

/// Members outside the activity's branch that the recorder sees, matching `q` (at most 20).
async fn find_guests(
    state: &AppState,
    user: &CurrentUser,
    a: &Activity,
    q: &str,
) -> Result<Vec<(i64, String, String)>> {
    let q = q.trim();
    if q.is_empty() {
        return Ok(Vec::new());
    }
    let filter = store::members::RosterFilter {
        name: Some(q.to_owned()),
        ..Default::default()
    };
    let roots = user.access.roots(Action::ViewRoster);
    let (members, _) = store::members::list(state.db.read(), &roots, &filter, 40, 0).await?;
    Ok(members
        .into_iter()
        .filter(|m| m.org_id != a.org_id)
        .take(20)
        .map(|m| (m.id, m.name, m.org_name))
        .collect())
}

#[expect(
    clippy::too_many_arguments,
    reason = "the page again with everything typed"
)]
async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    a: Activity,
    typed: Option<Vec<MarkRow>>,
    guest_q: String,
    correction_reason: String,
    error: Option<String>,
) -> Result<String> {
    let t = chrome.t;
    let list = store::activity_attendance::of_activity(state.db.read(), a.id).await?;
    let figures = attendance::figures(&list);
    let rows = typed.unwrap_or_else(|| {
        list.iter()
            .filter(|l| l.mark != Mark::Guest)
            .map(MarkRow::of)
            .collect()
    });
    let guests = list
        .iter()
        .filter(|l| l.mark == Mark::Guest)
        .map(|l| (l.name.clone(), l.org_name.clone()))
        .collect();
    let found = find_guests(state, user, &a, &guest_q).await?;
    let may_add_guests = user
        .access
        .roots(Action::ViewRoster)
        .iter()
        .any(|r| *r != a.org_path);
    Ok(AttendancePage {
        error,
        rate: rate_label(&figures),
        figures,
        rows,
        guests,
        found,
        guest_q,
        may_add_guests,
        volunteer: a.content.kind == "volunteer",
        correcting: a.state == ActivityState::Confirmed,
        correction_reason,
        marks: [Mark::Present, Mark::Leave, Mark::Absent]
            .into_iter()
            .map(|m| (m.as_str(), t.s(m.message_key()).to_owned()))
            .collect(),
        a,
        chrome,
    }
    .render()?)
}

/// `GET /activities/{id}/attendance` (`?guest_q=` finds guests to add)
pub async fn form(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<GuestQuery>,
) -> Result<Response> {
    let a = access::recordable(&state, &user, id).await?;
    if a.state == ActivityState::Cancelled {
        return Ok(Redirect::to(&format!("/activities/{id}")).into_response());
    }
    let html = render(
        &state,
        &user,
        chrome,
        a,
        None,
        q.guest_q,
        String::new(),
        None,
    )
    .await?;
    Ok(Html(html).into_response())
}

/// What was sent: `member` per row, `mark_<id>`, `reason_<id>`, `hours_<id>`, `guest` per
/// guest to add, and `correction_reason`.
struct Sent {
    rows: Vec<MarkRow>,
    guests: Vec<i64>,
    correction_reason: String,
}

fn read(pairs: &[(String, String)], known: &[Attendee]) -> Sent {
    let get = |key: String| {
        pairs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let mut rows = Vec::new();
    for (k, v) in pairs {
        if k != "member" {
            continue;
        }
        let Ok(id) = v.trim().parse::<i64>() else {
            continue;
        };
        let Some(a) = known.iter().find(|a| a.member_id == id) else {
            continue;
        };
        let mark = get(format!("mark_{id}"));
        let reason = get(format!("reason_{id}"));
        rows.push(MarkRow {
            needs_reason: mark == "leave" && reason.trim().is_empty(),
            member_id: id,
            name: a.name.clone(),
            mark,
            reason,
            hours: get(format!("hours_{id}")),
            self_confirmed: a.self_confirmed,
        });
    }
    Sent {
        rows,
        guests: pairs
            .iter()
            .filter(|(k, _)| k == "guest")
            .filter_map(|(_, v)| v.trim().parse().ok())
            .collect(),
        correction_reason: get("correction_reason".to_owned()),
    }
}

/// `POST /activities/{id}/attendance`: every mark at once; back to the record.
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let a = access::recordable(&state, &user, id).await?;
    let known = store::activity_attendance::of_activity(state.db.read(), id).await?;
    let sent = read(&pairs, &known);
    let mut marks: Vec<MarkInput> = Vec::new();
    let mut hours_bad = false;
    for r in sent.rows.iter().filter(|r| !r.mark.is_empty()) {
        let hours = match r.hours.trim() {
            "" => None,
            h => match h.parse::<f64>() {
                Ok(h) => Some(h),
                Err(_) => {
                    hours_bad = true;
                    None
                }
            },
        };
        marks.push(MarkInput {
            member_id: r.member_id,
            mark: r.mark.clone(),
            reason: r.reason.clone(),
            hours,
        });
    }
    marks.extend(sent.guests.iter().map(|g| MarkInput {
        member_id: *g,
        mark: Mark::Guest.as_str().to_owned(),
        reason: String::new(),
        hours: None,
    }));
    let answer = if hours_bad {
        Err(Refused::HoursInvalid)
    } else {
        let reason = Some(sent.correction_reason.as_str()).filter(|r| !r.trim().is_empty());
        attendance::mark(&state, &user, id, &marks, reason)
            .await?
            .map(drop)
    };
    match answer {
        Ok(()) => Ok(Redirect::to(&format!("/activities/{id}")).into_response()),
        Err(r) => {
            let message = chrome.t.problem(&r);
            let html = render(
                &state,
                &user,
                chrome,
                a,
                Some(sent.rows),
                String::new(),
                sent.correction_reason,
                Some(message),
            )
            .await?;
            Ok(refused(html))
        }
    }
}
