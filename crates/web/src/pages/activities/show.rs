//! 活动记录: one activity with everything on record — content, minutes, attendance and its
//! figures, photos and files, every version — and the steps the reader may take from here
//! (edit, 已召开, 确认, 更正, 取消, a member's own 确认出席).

use super::{kind_label, rate_label, refused, state_class};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::files::accept::size_label;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::activities::access::{self, Reach};
use app::activities::records::{self, Step};
use app::activities::{Refused, attendance, kinds, media};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::Problem;
use domain::Timestamp;
use domain::activity::{ActivityState, Figures, Mark};
use serde::Deserialize;
use store::activities::{Activity, Version};
use store::activity_attendance::Attendee;

/// One version in the history.
pub struct VersionRow {
    /// 第 2 版
    pub label: String,
    pub who: String,
    pub when: String,
    pub reason: String,
    /// The fields that changed from the version before, as people name them.
    pub changed: String,
}

/// One attendee as the record lists them.
pub struct AttendeeRow {
    pub name: String,
    pub org_name: String,
    pub mark: String,
    pub mark_class: &'static str,
    pub reason: String,
    pub hours: String,
    pub self_confirmed: bool,
}

#[derive(Template)]
#[template(path = "activities/show.html")]
struct ShowPage {
    chrome: Chrome,
    errors: Vec<String>,
    a: Activity,
    kind: String,
    version_label: String,
    state: String,
    state_class: &'static str,
    when: String,
    confirmed_at: String,
    minutes_html: String,
    notice: Option<(i64, String)>,
    figures: Figures,
    rate: String,
    attendees: Vec<AttendeeRow>,
    photos: Vec<store::activity_media::Photo>,
    files: Vec<(store::activity_media::ActivityFile, String)>,
    versions: Vec<VersionRow>,
    records: bool,
    shared: bool,
    can_edit: bool,
    can_hold: bool,
    can_confirm: bool,
    can_correct: bool,
    can_cancel: bool,
    /// Photos and files may still be added or removed.
    media_open: bool,
    /// The reader may confirm their own attendance now.
    can_attend: bool,
    attended: bool,
    /// The campaign it is in, and those it may be put in.
    campaign: Option<crate::pages::campaigns::link::CampaignBox>,
}

/// The catalogue key naming a content field (as the form labels it).
fn field_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "kind" => "activity.page.kind",
        "title" => "activity.form.title",
        "starts_at" => "activity.form.starts_at",
        "ends_at" => "activity.form.ends_at",
        "place" => "activity.form.place",
        "online" => "activity.form.online",
        "host" => "activity.form.host",
        "recorder" => "activity.form.recorder",
        "speaker" => "activity.form.speaker",
        "topic" => "activity.form.topic",
        "leader" => "activity.form.leader",
        "led_content" => "activity.form.led_content",
        "agenda" => "activity.form.agenda",
        "minutes" => "activity.form.minutes",
        "resolutions" => "activity.form.resolutions",
        "outcomes" => "activity.form.outcomes",
        "notice_id" => "activity.form.notice",
        "attendance" => "activity.page.attendance",
        _ => return None,
    })
}

/// The history, newest first, each version saying which fields it changed.
fn version_rows(state: &AppState, chrome: &Chrome, versions: &[Version]) -> Vec<VersionRow> {
    let t = chrome.t;
    let empty = serde_json::Map::new();
    let mut rows = Vec::new();
    let mut before: Option<&serde_json::Map<String, serde_json::Value>> = None;
    for v in versions {
        let now = v.content.as_object().unwrap_or(&empty);
        let changed = match before {
            None => t.s("activity.page.first_version").to_owned(),
            Some(b) => {
                let mut keys: Vec<&str> = now
                    .keys()
                    .chain(b.keys())
                    .map(String::as_str)
                    .filter(|k| now.get(*k) != b.get(*k))
                    .collect();
                keys.dedup();
                let mut names: Vec<&str> = Vec::new();
                for k in keys {
                    if let Some(key) = field_key(k) {
                        let name = t.s(key);
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                }
                if names.is_empty() {
                    t.s("activity.page.nothing_changed").to_owned()
                } else {
                    names.join("、")
                }
            }
        };
        rows.push(VersionRow {
            label: t.f("activity.page.version", &[("n", &v.version.to_string())]),
            who: v.saved_by_name.clone(),
            when: state.zone.date_time(v.saved_at, t.locale),
            reason: v.reason.clone(),
            changed,
        });
        before = Some(now);
    }
    rows.reverse();
    rows
}

pub(super) fn attendee_rows(chrome: &Chrome, list: &[Attendee]) -> Vec<AttendeeRow> {
    let t = chrome.t;
    list.iter()
        .map(|a| AttendeeRow {
            name: a.name.clone(),
            org_name: a.org_name.clone(),
            mark: t.s(a.mark.message_key()).to_owned(),
            mark_class: match a.mark {
                Mark::Present => "ok",
                Mark::Leave => "warn",
                Mark::Absent => "bad",
                Mark::Guest => "current",
            },
            reason: a.reason.clone(),
            hours: if a.volunteer_minutes > 0 {
                hours_text(a.volunteer_minutes)
            } else {
                String::new()
            },
            self_confirmed: a.self_confirmed,
        })
        .collect()
}

/// `1.5` hours from 90 minutes.
pub(super) fn hours_text(minutes: i64) -> String {
    let h = minutes as f64 / 60.0;
    let h = (h * 100.0).round() / 100.0;
    if h.fract() == 0.0 {
        format!("{h:.0}")
    } else {
        format!("{h}")
    }
}

/// How long before the start a member may confirm they are there (as the use case allows).
const EARLY_MILLIS: i64 = 30 * 60 * 1000;

pub(super) async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    id: i64,
    errors: Vec<String>,
) -> Result<String> {
    let t = chrome.t;
    let (a, reach) = access::readable(state, user, id).await?;
    let all = kinds::all(state).await?;
    let list = store::activity_attendance::of_activity(state.db.read(), id).await?;
    let figures = attendance::figures(&list);
    let (photos, files) = media::of(state, &a).await?;
    let versions = store::activities::versions(state.db.read(), id).await?;
    let notice = match a.content.notice_id {
        Some(n) => store::notices::by_id(state.db.read(), n)
            .await?
            .map(|notice| (n, notice.title)),
        None => None,
    };
    let records = reach == Reach::Records;
    let open = matches!(a.state, ActivityState::Planned | ActivityState::Held);
    let me = user.account.member_id;
    let mine = list
        .iter()
        .find(|l| Some(l.member_id) == me && l.mark != Mark::Guest);
    let now = state.now();
    let can_attend = match mine {
        Some(m) => {
            open && !m.self_confirmed
                && kinds::choices(state, a.org_id).await?.self_attendance
                && now >= Timestamp(a.content.starts_at.0 - EARLY_MILLIS)
        }
        None => false,
    };
    let campaign = crate::pages::campaigns::link::campaign_box(state, user, &a, records).await?;
    let page = ShowPage {
        campaign,
        errors,
        kind: kind_label(t, &all, &a.content.kind),
        version_label: t.f("activity.page.version", &[("n", &a.version.to_string())]),
        state: t.s(a.state.message_key()).to_owned(),
        state_class: state_class(a.state),
        when: {
            let start = state.zone.date_time(a.content.starts_at, t.locale);
            match a.content.ends_at {
                // The same day says its date once: 2025年6月1日 09:00 – 11:00.
                Some(e)
                    if state.zone.civil_date(e) == state.zone.civil_date(a.content.starts_at) =>
                {
                    format!("{start} – {}", state.zone.civil_time(e).strftime("%H:%M"))
                }
                Some(e) => format!("{start} – {}", state.zone.date_time(e, t.locale)),
                None => start,
            }
        },
        confirmed_at: a
            .confirmed_at
            .map(|c| state.zone.date_time(c, t.locale))
            .unwrap_or_default(),
        minutes_html: crate::markup::minutes_html(&a.content.minutes),
        notice,
        rate: rate_label(&figures),
        figures,
        attendees: attendee_rows(&chrome, &list),
        photos,
        files: files
            .into_iter()
            .map(|f| {
                let size = size_label(f.size.max(0) as u64);
                (f, size)
            })
            .collect(),
        versions: version_rows(state, &chrome, &versions),
        records,
        shared: reach == Reach::Shared,
        can_edit: records && open,
        can_hold: records && a.state == ActivityState::Planned,
        can_confirm: records && a.state == ActivityState::Held,
        can_correct: records && a.state == ActivityState::Confirmed,
        can_cancel: records && open,
        media_open: records && open,
        can_attend,
        attended: mine.is_some_and(|m| m.self_confirmed),
        a,
        chrome,
    };
    Ok(page.render()?)
}

/// `GET /activities/{id}`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    Ok(Html(render(&state, &user, chrome, id, Vec::new()).await?))
}

/// The record again after a step: back to it, or shown with the refusal.
async fn after(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    id: i64,
    done: std::result::Result<(), Refused>,
) -> Result<Response> {
    match done {
        Ok(()) => Ok(Redirect::to(&format!("/activities/{id}")).into_response()),
        Err(r) => {
            let message = chrome.t.problem(&r);
            tracing::debug!(code = r.code(), "activity step refused");
            Ok(refused(
                render(state, user, chrome, id, vec![message]).await?,
            ))
        }
    }
}

/// `POST /activities/{id}/held`: it took place as planned.
pub async fn held(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    let done = records::step(&state, &user, id, Step::Held)
        .await?
        .map(drop);
    after(&state, &user, chrome, id, done).await
}

/// `POST /activities/{id}/confirm`: the secretary locks the record.
pub async fn confirm(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    let done = records::step(&state, &user, id, Step::Confirm)
        .await?
        .map(drop);
    after(&state, &user, chrome, id, done).await
}

#[derive(Debug, Default, Deserialize)]
pub struct CancelBody {
    #[serde(default)]
    reason: String,
}

/// `POST /activities/{id}/cancel` with its reason.
pub async fn cancel(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(b): Form<CancelBody>,
) -> Result<Response> {
    let done = records::step(&state, &user, id, Step::Cancel(b.reason))
        .await?
        .map(drop);
    after(&state, &user, chrome, id, done).await
}

#[derive(Debug, Default, Deserialize)]
pub struct AttendBody {
    /// Where the button was (a member's own page): back there, not to a record the member
    /// may not read.
    #[serde(default)]
    back: String,
}

/// `POST /activities/{id}/attend`: a member confirms they are there.
pub async fn attend(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(b): Form<AttendBody>,
) -> Result<Response> {
    let done = attendance::confirm_own(&state, &user, id).await?;
    if done.is_ok() && !b.back.is_empty() {
        let back = crate::pages::safe_local_path(&b.back);
        return Ok(Redirect::to(&back).into_response());
    }
    after(&state, &user, chrome, id, done).await
}
