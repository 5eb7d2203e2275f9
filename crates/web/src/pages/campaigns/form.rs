//! 新建 / 修改学习活动: one form for a campaign's heading — theme, period, text, required
//! activities, the orgs taking part (the tree picker) and, for a new one, its first materials
//! one per line. Made from a notice, it arrives pre-filled from the notice's study section.
//! A refusal shows the form again with everything typed.

use super::{Problems, refused};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::pages::layout::Chrome;
use crate::pages::org_picker::{self, OrgPicker, Ticked};
use crate::state::AppState;
use app::campaigns::campaigns::{self as use_case, Draft};
use app::campaigns::from_notice;
use app::campaigns::materials::MaterialInput;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::access::Action;
use domain::campaign::{MaterialKind, Requirement};
use serde::Deserialize;
use store::campaigns::Campaign;

/// Who may pick the orgs taking part, and the label of a whole subtree.
const TAKING_PART: (Action, &str) = (Action::ManageCampaigns, "campaign_pages.whole_subtree");
/// Requirement rows offered beyond those filled in.
const SPARE_ROWS: usize = 2;
/// The intent of the picker's search button: show the form again, save nothing.
const FIND_ORGS: &str = "find_orgs";

/// The form as sent and as shown again: every value as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FormBody {
    #[serde(default)]
    pub org_id: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub description: String,
    /// Required activities, row by row.
    #[serde(default)]
    pub req_kind: Vec<String>,
    #[serde(default)]
    pub req_count: Vec<String>,
    #[serde(default)]
    pub req_note: Vec<String>,
    /// A new campaign's first materials, one title per line.
    #[serde(default)]
    pub materials: String,
    #[serde(default)]
    pub notice_id: String,
    #[serde(default)]
    pub version: String,
    /// The picker: whole subtrees and single orgs ticked, the name searched for.
    #[serde(default)]
    pub subtree: Vec<i64>,
    #[serde(default)]
    pub org: Vec<i64>,
    #[serde(default)]
    pub org_q: String,
    #[serde(default)]
    pub intent: String,
}

/// One requirement row as shown.
pub struct ReqRow {
    pub kind: String,
    pub count: String,
    pub note: String,
}

impl FormBody {
    fn of(c: &Campaign, org_ids: Vec<i64>) -> FormBody {
        FormBody {
            org_id: c.org_id.to_string(),
            theme: c.theme.clone(),
            starts_on: c.starts_on.to_string(),
            ends_on: c.ends_on.to_string(),
            description: c.description.clone(),
            req_kind: c.requirements.iter().map(|r| r.kind.clone()).collect(),
            req_count: c.requirements.iter().map(|r| r.count.to_string()).collect(),
            req_note: c.requirements.iter().map(|r| r.note.clone()).collect(),
            version: c.version.to_string(),
            subtree: org_ids,
            ..FormBody::default()
        }
    }

    fn rows(&self) -> Vec<ReqRow> {
        let at = |v: &[String], i: usize| v.get(i).cloned().unwrap_or_default();
        let filled = self.req_kind.len().max(self.req_count.len());
        (0..filled + SPARE_ROWS)
            .map(|i| ReqRow {
                kind: at(&self.req_kind, i),
                count: at(&self.req_count, i),
                note: at(&self.req_note, i),
            })
            .collect()
    }

    /// The requirement rows that ask for something (a kind chosen); a count that is no
    /// number is 0, which the rule refuses.
    fn requirements(&self) -> Vec<Requirement> {
        self.rows()
            .into_iter()
            .filter(|r| !r.kind.trim().is_empty())
            .map(|r| Requirement {
                kind: r.kind.trim().to_owned(),
                count: r.count.trim().parse().unwrap_or(0),
                note: r.note,
            })
            .collect()
    }

    fn materials(&self) -> Vec<MaterialInput> {
        self.materials
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|title| MaterialInput {
                kind: MaterialKind::guess(title),
                title: title.to_owned(),
                link: String::new(),
                chapters: Vec::new(),
            })
            .collect()
    }

    /// The draft, or the field whose date is no date.
    fn draft(&self) -> std::result::Result<Draft, &'static str> {
        let date = |field: &'static str, s: &str| s.trim().parse().map_err(|_| field);
        let mut org_ids = self.subtree.clone();
        org_ids.extend(&self.org);
        Ok(Draft {
            theme: self.theme.clone(),
            starts_on: date("starts_on", &self.starts_on)?,
            ends_on: date("ends_on", &self.ends_on)?,
            description: self.description.clone(),
            requirements: self.requirements(),
            org_ids,
        })
    }

    fn org(&self) -> Option<i64> {
        self.org_id.trim().parse().ok()
    }

    fn notice(&self) -> Option<i64> {
        self.notice_id.trim().parse().ok()
    }

    pub fn is_org(&self, id: &i64) -> bool {
        self.org() == Some(*id)
    }
}

/// A campaign made from a notice: the notice's title, and its sections to choose from
/// (index, heading, the one used).
type FromNotice = (String, Vec<(usize, String, bool)>);

#[derive(Template)]
#[template(path = "campaigns/form.html")]
struct FormPage {
    chrome: Chrome,
    heading: String,
    action: String,
    back: String,
    /// The committees the person runs campaigns for (a new campaign).
    orgs: Vec<(i64, String)>,
    kinds: Vec<(String, String)>,
    rows: Vec<ReqRow>,
    picker: OrgPicker,
    is_new: bool,
    /// Made from a notice: its title, and the sections to choose from.
    notice_title: Option<String>,
    sections: Vec<(usize, String, bool)>,
    v: FormBody,
    p: Problems,
}

async fn page(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    campaign: Option<&Campaign>,
    mut v: FormBody,
    p: Problems,
    notice: Option<FromNotice>,
) -> Result<String> {
    let t = chrome.t;
    let orgs = match campaign {
        Some(_) => Vec::new(),
        None => {
            let orgs = org_picker::own_orgs(state, user, Action::ManageCampaigns, v.org()).await?;
            if !v.org().is_some_and(|o| orgs.iter().any(|(id, _)| *id == o)) {
                let Some((first, _)) = orgs.first() else {
                    return Err(Error::not_found());
                };
                v.org_id = first.to_string();
            }
            orgs
        }
    };
    let all = app::activities::kinds::all(state).await?;
    let kinds = all
        .iter()
        .filter(|k| k.active || v.req_kind.contains(&k.code))
        .map(|k| {
            (
                k.code.clone(),
                app::activities::kinds::label_of(t, &all, &k.code),
            )
        })
        .collect();
    let ticked = Ticked {
        subtrees: &v.subtree,
        orgs: &v.org,
        query: &v.org_q,
        sign_by: "",
    };
    let mut picker = OrgPicker::build(state, user, t, TAKING_PART, ticked, None).await?;
    if v.subtree.is_empty() && v.org.is_empty() {
        picker = picker.with_roots_ticked();
    }
    let (heading, action, back) = match campaign {
        Some(c) => (
            t.f("campaign_pages.edit_heading", &[("theme", &c.theme)]),
            format!("/campaigns/{}/edit", c.id),
            format!("/campaigns/{}", c.id),
        ),
        None => (
            t.s("campaign_pages.new_heading").to_owned(),
            "/campaigns/new".to_owned(),
            "/campaigns".to_owned(),
        ),
    };
    let (notice_title, sections) = match notice {
        Some((title, sections)) => (Some(title), sections),
        None => (None, Vec::new()),
    };
    Ok(FormPage {
        rows: v.rows(),
        is_new: campaign.is_none(),
        chrome,
        heading,
        action,
        back,
        orgs,
        kinds,
        picker,
        notice_title,
        sections,
        v,
        p,
    }
    .render()?)
}

/// `GET /campaigns/new`
pub async fn new(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    app::authz::require_somewhere(&state, &user, Action::ManageCampaigns, "campaign").await?;
    let today = state.zone.civil_date(state.now());
    let v = FormBody {
        starts_on: today.to_string(),
        ends_on: today
            .checked_add(jiff::Span::new().days(60))
            .unwrap_or(today)
            .to_string(),
        ..FormBody::default()
    };
    Ok(Html(
        page(&state, &user, chrome, None, v, Problems::default(), None).await?,
    ))
}

#[derive(Debug, Default, Deserialize)]
pub struct SectionQuery {
    #[serde(default)]
    section: Option<usize>,
}

/// `GET /notices/{id}/campaign/new?section=N`: a new campaign pre-filled from the notice's
/// study section (by default the first whose heading speaks of 学习).
pub async fn from_notice(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<SectionQuery>,
) -> Result<Html<String>> {
    let proposal = from_notice::proposal(&state, &user, id, q.section).await?;
    let v = FormBody {
        org_id: proposal.org_id.to_string(),
        theme: proposal.theme.clone(),
        starts_on: proposal.starts_on.to_string(),
        ends_on: proposal.ends_on.to_string(),
        description: proposal.description.clone(),
        materials: proposal
            .materials
            .iter()
            .map(|m| m.title.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        notice_id: proposal.notice_id.to_string(),
        ..FormBody::default()
    };
    let sections = proposal
        .sections
        .iter()
        .map(|(i, label)| (*i, label.clone(), *i == proposal.section))
        .collect();
    let html = page(
        &state,
        &user,
        chrome,
        None,
        v,
        Problems::default(),
        Some((proposal.notice_title.clone(), sections)),
    )
    .await?;
    Ok(Html(html))
}

/// `POST /campaigns/new`
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Form(v): Form<FormBody>,
) -> Result<Response> {
    let t = chrome.t;
    let Some(org) = v.org() else {
        return Err(Error::not_found());
    };
    if v.intent == FIND_ORGS {
        let html = page(&state, &user, chrome, None, v, Problems::default(), None).await?;
        return Ok(Html(html).into_response());
    }
    let draft = match v.draft() {
        Ok(d) => d,
        Err(field) => {
            let p = Problems::at_field(t, field, "campaign.problem.date");
            return Ok(refused(
                page(&state, &user, chrome, None, v, p, None).await?,
            ));
        }
    };
    let made = use_case::create(&state, &user, org, draft, v.materials(), v.notice()).await?;
    match made {
        Ok(id) => Ok(Redirect::to(&format!("/campaigns/{id}")).into_response()),
        Err(r) => {
            let p = Problems::of(t, &r);
            Ok(refused(
                page(&state, &user, chrome, None, v, p, None).await?,
            ))
        }
    }
}

/// `GET /campaigns/{id}/edit`
pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Html<String>> {
    let c = app::campaigns::access::manageable(&state, &user, id).await?;
    let orgs = store::campaigns::orgs_of(state.db.read(), id)
        .await?
        .into_iter()
        .map(|(id, _, _)| id)
        .collect();
    let v = FormBody::of(&c, orgs);
    Ok(Html(
        page(
            &state,
            &user,
            chrome,
            Some(&c),
            v,
            Problems::default(),
            None,
        )
        .await?,
    ))
}

/// `POST /campaigns/{id}/edit`
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(v): Form<FormBody>,
) -> Result<Response> {
    let t = chrome.t;
    let c = app::campaigns::access::manageable(&state, &user, id).await?;
    if v.intent == FIND_ORGS {
        let html = page(
            &state,
            &user,
            chrome,
            Some(&c),
            v,
            Problems::default(),
            None,
        )
        .await?;
        return Ok(Html(html).into_response());
    }
    let draft = match v.draft() {
        Ok(d) => d,
        Err(field) => {
            let p = Problems::at_field(t, field, "campaign.problem.date");
            return Ok(refused(
                page(&state, &user, chrome, Some(&c), v, p, None).await?,
            ));
        }
    };
    let seen = v.version.trim().parse().ok();
    match use_case::edit(&state, &user, id, seen, draft).await? {
        Ok(_) => Ok(Redirect::to(&format!("/campaigns/{id}")).into_response()),
        Err(r) => {
            let p = Problems::of(t, &r);
            Ok(refused(
                page(&state, &user, chrome, Some(&c), v, p, None).await?,
            ))
        }
    }
}
