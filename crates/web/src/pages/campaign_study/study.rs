//! 我的学习 in one campaign: each material as a checklist of what is studied and what is left,
//! a form to log self-study (a material as a whole or one chapter) and one for online study
//! elsewhere (学习强国 …, with its link), the member's entries with a withdraw button, and the
//! campaign's sessions they sat in. A refused entry comes back in its form as typed, the
//! problem beside its field.

use super::{Problems, day_label, refused};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::campaigns::access;
use app::campaigns::study::{self, Progress};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::campaign::{CampaignProblem, CampaignState, MAX_STUDY_MINUTES};
use domain::campaign_study::{StudyInput, StudySource};
use jiff::civil::Date;
use serde::Deserialize;
use store::campaigns::{Campaign, StoredMaterial};

/// A study form as sent and as shown again.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct StudyForm {
    /// `self` or `online`: which of the two forms sent it.
    #[serde(default)]
    pub source: String,
    /// `<material id>` for the whole material, `<material id>:<chapter index>` for a chapter.
    #[serde(default)]
    pub material: String,
    #[serde(default)]
    pub day: String,
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub link: String,
    #[serde(default)]
    pub note: String,
}

impl StudyForm {
    fn blank(source: &str, day: Date) -> StudyForm {
        StudyForm {
            source: source.to_owned(),
            day: day.to_string(),
            ..StudyForm::default()
        }
    }

    /// The option of the material select that is chosen.
    pub fn is_choice(&self, value: &str) -> bool {
        self.material == value
    }

    /// What was typed, as the use case takes it; a field that cannot be read is its problem.
    fn input(&self, t: T) -> std::result::Result<StudyInput, Problems> {
        let source = if self.source == "online" {
            StudySource::Online
        } else {
            StudySource::SelfStudy
        };
        let refuse = |p: CampaignProblem| Problems::of(t, &app::campaigns::Refused::Rule(p));
        let chosen = self.material.trim();
        let (material_id, chapter) = match chosen.split_once(':') {
            _ if chosen.is_empty() => (None, None),
            Some((m, c)) => (
                Some(
                    m.parse()
                        .map_err(|_| refuse(CampaignProblem::UnknownMaterial))?,
                ),
                Some(
                    c.parse()
                        .map_err(|_| refuse(CampaignProblem::UnknownChapter))?,
                ),
            ),
            None => (
                Some(
                    chosen
                        .parse()
                        .map_err(|_| refuse(CampaignProblem::UnknownMaterial))?,
                ),
                None,
            ),
        };
        let Ok(day) = self.day.trim().parse::<Date>() else {
            let text = t.s("study.api.invalid_date").to_owned();
            return Err(Problems::at_field(t, "day", text));
        };
        // Anything but a whole number of minutes is refused as the rule refuses 0.
        let minutes = self.minutes.trim().parse::<u32>().unwrap_or(0);
        Ok(StudyInput {
            material_id,
            chapter,
            day,
            minutes,
            source,
            link: self.link.clone(),
            note: self.note.clone(),
        })
    }
}

/// A chapter on the checklist.
pub struct ChapterRow {
    pub title: String,
    pub by_self: bool,
    pub in_session: bool,
}

/// A material on the checklist.
pub struct MaterialRow {
    pub title: String,
    pub link: String,
    pub done: bool,
    pub whole_by_self: bool,
    pub whole_in_session: bool,
    pub chapters: Vec<ChapterRow>,
    /// 篇目 2/3, empty without chapters.
    pub count: String,
    pub minutes: String,
}

/// One of the member's entries.
pub struct LogRow {
    pub id: i64,
    pub day: String,
    pub what: String,
    pub online: bool,
    pub link: String,
    pub minutes: String,
    pub note: String,
}

/// A session sat in.
pub struct SessionRow {
    pub activity_id: i64,
    pub when: String,
    pub kind: String,
    pub title: String,
    pub leader: String,
    pub studied: String,
}

#[derive(Template)]
#[template(path = "campaign_study/study.html")]
struct StudyPage {
    chrome: Chrome,
    c: Campaign,
    period: String,
    /// Why the actor has no progress here (not a member, not taking part, a draft).
    refusal: Option<String>,
    /// A withdraw refused.
    error: Option<String>,
    open: bool,
    summary: String,
    done_label: String,
    materials: Vec<MaterialRow>,
    left: Vec<String>,
    logs: Vec<LogRow>,
    sessions: Vec<SessionRow>,
    choices: Vec<(String, String)>,
    min_day: String,
    max_day: String,
    max_minutes: u32,
    own: StudyForm,
    own_p: Problems,
    online: StudyForm,
    online_p: Problems,
}

fn minutes_label(t: T, n: i64) -> String {
    t.f("study.page.minutes_short", &[("n", &n.to_string())])
}

/// The select's options: each material as a whole, then each of its chapters.
fn choices(t: T, materials: &[StoredMaterial]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for m in materials {
        out.push((
            m.id.to_string(),
            t.f("study.page.whole_option", &[("title", &m.title)]),
        ));
        for (i, ch) in m.chapters.iter().enumerate() {
            out.push((
                format!("{}:{i}", m.id),
                t.f(
                    "study.page.chapter_option",
                    &[("title", &m.title), ("chapter", ch)],
                ),
            ));
        }
    }
    out
}

/// The progress as the page shows it.
async fn rows(
    state: &AppState,
    t: T,
    p: &Progress,
) -> Result<(Vec<MaterialRow>, Vec<LogRow>, Vec<SessionRow>)> {
    let materials = p
        .materials
        .iter()
        .map(|m| MaterialRow {
            title: m.material.title.clone(),
            link: m.material.link.clone(),
            done: m.done(),
            whole_by_self: m.whole_by_self,
            whole_in_session: m.whole_in_session,
            chapters: m
                .chapters
                .iter()
                .map(|c| ChapterRow {
                    title: c.title.clone(),
                    by_self: c.by_self,
                    in_session: c.in_session,
                })
                .collect(),
            count: if m.chapters.is_empty() {
                String::new()
            } else {
                t.f(
                    "study.page.chapters_count",
                    &[
                        ("done", &m.chapters_studied().to_string()),
                        ("all", &m.chapters.len().to_string()),
                    ],
                )
            },
            minutes: minutes_label(t, m.minutes),
        })
        .collect();
    let all = store::campaigns::materials(state.db.read(), p.campaign.id, true).await?;
    let title_of = |id: i64, chapter: Option<usize>| -> String {
        let Some(m) = all.iter().find(|m| m.id == id) else {
            return String::new();
        };
        match chapter.and_then(|c| m.chapters.get(c)) {
            Some(ch) => t.f(
                "study.page.chapter_option",
                &[("title", &m.title), ("chapter", ch)],
            ),
            None => t.f("study.page.whole_option", &[("title", &m.title)]),
        }
    };
    let logs = p
        .logs
        .iter()
        .map(|l| LogRow {
            id: l.id,
            day: day_label(t, l.day),
            what: match l.material_id {
                Some(m) => title_of(m, l.chapter),
                None => t.s("study.page.online").to_owned(),
            },
            online: l.source == StudySource::Online,
            link: l.link.clone(),
            minutes: minutes_label(t, l.minutes),
            note: l.note.clone(),
        })
        .collect();
    let kinds = app::activities::kinds::all(state).await?;
    let sessions = p
        .sessions
        .iter()
        .map(|s| SessionRow {
            activity_id: s.activity_id,
            when: state.zone.date_time(s.starts_at, t.locale),
            kind: crate::pages::activities::kind_label(t, &kinds, &s.kind),
            title: s.title.clone(),
            leader: s.leader.clone(),
            studied: s
                .studied
                .iter()
                .map(|(m, c)| title_of(*m, *c))
                .collect::<Vec<_>>()
                .join("；"),
        })
        .collect();
    Ok((materials, logs, sessions))
}

/// The page, with a form sent back as typed (`typed`) or a withdraw refused (`error`).
async fn render(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    id: i64,
    typed: Option<(StudyForm, Problems)>,
    error: Option<String>,
) -> Result<String> {
    let t = chrome.t;
    let answer = study::progress(state, user, id).await?;
    let (c, _) = access::readable(state, user, id).await?;
    let today = state.zone.civil_date(state.now());
    let max = today.min(c.ends_on);
    let (mut own, mut own_p) = (StudyForm::blank("self", max), Problems::default());
    let (mut online, mut online_p) = (StudyForm::blank("online", max), Problems::default());
    match typed {
        Some((f, p)) if f.source == "online" => (online, online_p) = (f, p),
        Some((f, p)) => (own, own_p) = (f, p),
        None => {}
    }
    let mut page = StudyPage {
        period: t.f(
            "study.page.period",
            &[
                ("start", &day_label(t, c.starts_on)),
                ("end", &day_label(t, c.ends_on)),
            ],
        ),
        refusal: None,
        error,
        open: c.state == CampaignState::Open,
        summary: String::new(),
        done_label: String::new(),
        materials: Vec::new(),
        left: Vec::new(),
        logs: Vec::new(),
        sessions: Vec::new(),
        choices: Vec::new(),
        min_day: c.starts_on.to_string(),
        max_day: max.to_string(),
        max_minutes: MAX_STUDY_MINUTES,
        own,
        own_p,
        online,
        online_p,
        c,
        chrome,
    };
    match answer {
        Err(r) => page.refusal = Some(t.problem(&r)),
        Ok(p) => {
            let standing: Vec<StoredMaterial> =
                p.materials.iter().map(|m| m.material.clone()).collect();
            page.choices = choices(t, &standing);
            page.summary = t.f(
                "study.page.summary_minutes",
                &[
                    ("minutes", &p.total_minutes.to_string()),
                    ("online", &p.online_minutes.to_string()),
                ],
            );
            page.done_label = t.f(
                "study.page.summary_done",
                &[
                    (
                        "done",
                        &p.materials.iter().filter(|m| m.done()).count().to_string(),
                    ),
                    ("all", &p.materials.len().to_string()),
                ],
            );
            page.left = p
                .left
                .iter()
                .map(|l| match &l.chapter {
                    Some((_, ch)) => t.f(
                        "study.page.chapter_option",
                        &[("title", &l.title), ("chapter", ch)],
                    ),
                    None => l.title.clone(),
                })
                .collect();
            (page.materials, page.logs, page.sessions) = rows(state, t, &p).await?;
        }
    }
    Ok(page.render()?)
}

/// `GET /campaigns/{id}/study`
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    Ok(Html(render(&state, &user, chrome, id, None, None).await?))
}

/// `POST /campaigns/{id}/study`: either form; back to the page, the entry on top.
pub async fn log(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<StudyForm>,
) -> Result<Response> {
    let t = chrome.t;
    let problems = match f.input(t) {
        Err(p) => p,
        Ok(input) => match study::log(&state, &user, id, input).await? {
            Ok(_) => {
                return Ok(Redirect::to(&format!("/campaigns/{id}/study#entries")).into_response());
            }
            Err(r) => Problems::of(t, &r),
        },
    };
    let html = render(&state, &user, chrome, id, Some((f, problems)), None).await?;
    Ok(refused(html))
}

/// `POST /study-logs/{id}/withdraw`: one's own entry; back to the page.
pub async fn withdraw(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    let answer = study::withdraw(&state, &user, id).await?;
    // Only the writer gets here: another's entry answered 404 above.
    let log = store::study::log_by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    let campaign = log.campaign_id;
    match answer {
        Ok(()) => Ok(Redirect::to(&format!("/campaigns/{campaign}/study#entries")).into_response()),
        Err(r) => {
            let message = chrome.t.problem(&r);
            let html = render(&state, &user, chrome, campaign, None, Some(message)).await?;
            Ok(refused(html))
        }
    }
}
