//! `GET /me/activities` — a member's own branch life: the meetings ahead (confirming their own
//! attendance where the branch allows it), those attended this year with their marks, and
//! the hours volunteered; `GET /me/activities.ics` — the meetings as a calendar file.

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::activities::{kinds, mine, mine_calendar};
use askama::Template;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};
use domain::activity::Mark;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::time::Duration;
use store::activity_media::OrgChoices;

/// A member may confirm they are there from half an hour before the start (as the use case).
const EARLY: Duration = Duration::from_secs(30 * 60);

pub struct Line {
    pub id: i64,
    pub when: String,
    pub place: String,
    pub kind: String,
    pub title: String,
    pub org: String,
    pub mark: &'static str,
    pub mark_label: String,
    /// The record opens for the member (their branch shares its records).
    pub readable: bool,
    /// The member may confirm their own attendance now.
    pub can_attend: bool,
    pub attended: bool,
}

#[derive(Template)]
#[template(path = "activity_views/mine.html")]
struct MinePage {
    chrome: Chrome,
    linked: bool,
    upcoming: Vec<Line>,
    past: Vec<Line>,
    attended: String,
    hours: String,
}

fn line(
    state: &AppState,
    t: T,
    all: &[domain::activity_content::Kind],
    a: &store::activity_attendance::MemberActivity,
    choices: Option<&OrgChoices>,
    upcoming: bool,
) -> Line {
    let self_attendance = upcoming && choices.is_some_and(|c| c.self_attendance);
    let mut when = state.zone.date_time(a.starts_at, t.locale);
    if let Some(end) = a.ends_at {
        when.push_str(" – ");
        when.push_str(&state.zone.date_time(end, t.locale));
    }
    let now = state.now();
    let attended = a.marked && a.mark == Mark::Present;
    Line {
        id: a.activity_id,
        when,
        place: a.place.clone(),
        kind: kinds::label_of(t, all, &a.kind),
        title: a.title.clone(),
        org: a.org_name.clone(),
        mark: a.mark.as_str(),
        mark_label: if a.marked {
            t.s(a.mark.message_key()).to_owned()
        } else {
            t.s("activity.mine.not_marked").to_owned()
        },
        readable: choices.is_some_and(|c| c.share_records),
        can_attend: self_attendance
            && !attended
            && a.mark != Mark::Guest
            && now >= a.starts_at.minus(EARLY),
        attended,
    }
}

/// `GET /me/activities`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    let t = chrome.t;
    let m = mine::mine(&state, &user).await?;
    let all = kinds::all(&state).await?;
    // Each branch's choices, read once: whether its records open for members, and whether
    // they confirm their own attendance.
    let mut choices: HashMap<i64, OrgChoices> = HashMap::new();
    for a in m.upcoming.iter().chain(&m.past) {
        if let Entry::Vacant(e) = choices.entry(a.org_id) {
            e.insert(kinds::choices(&state, a.org_id).await?);
        }
    }
    let year = state.zone.civil_date(state.now()).year();
    let upcoming = m
        .upcoming
        .iter()
        .map(|a| line(&state, t, &all, a, choices.get(&a.org_id), true))
        .collect();
    let this_year: Vec<_> = m
        .past
        .iter()
        .filter(|a| state.zone.civil_date(a.starts_at).year() == year)
        .collect();
    let attended = this_year.iter().filter(|a| a.mark == Mark::Present).count();
    let page = MinePage {
        linked: m.linked,
        upcoming,
        past: this_year
            .iter()
            .map(|a| line(&state, t, &all, a, choices.get(&a.org_id), false))
            .collect(),
        attended: t.f(
            "activity.mine.attended_count",
            &[
                ("n", &attended.to_string()),
                ("of", &this_year.len().to_string()),
            ],
        ),
        hours: t.f(
            "activity.mine.hours_value",
            &[("h", &format!("{:.1}", m.volunteer_minutes as f64 / 60.0))],
        ),
        chrome,
    };
    Ok(Html(page.render()?))
}

/// `GET /me/activities.ics`
pub async fn calendar(State(state): State<AppState>, user: CurrentUser, t: T) -> Result<Response> {
    let body = mine_calendar::calendar(&state, &user, t).await?;
    Ok((
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"zhibu-activities.ics\"",
            ),
            (CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response())
}
