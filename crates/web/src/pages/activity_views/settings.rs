//! `GET/POST /settings/activities` — the kinds of activity on offer (code, name, expected
//! frequency, in use or retired), for those who record activities over the whole tree. A kind
//! some record uses cannot be removed, only retired; the form comes back with what was typed
//! and the reason.

use super::Choice;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::activities::kinds;
use app::authz;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::access::Action;
use domain::activity::Frequency;
use domain::activity_content::Kind;
use serde::Deserialize;

/// One row of the form, as typed.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub code: String,
    pub name: String,
    pub frequency: String,
    pub active: bool,
    pub remove: bool,
    /// A kind already saved: its code is kept as it is.
    pub saved: bool,
    /// The catalogue's name of a default kind, shown beside it.
    pub hint: String,
}

#[derive(Template)]
#[template(path = "activity_views/kinds.html")]
struct KindsPage {
    chrome: Chrome,
    rows: Vec<Row>,
    frequencies: Vec<Choice>,
    error: Option<String>,
    saved: bool,
}

impl KindsPage {
    fn frequency_choices(&self, chosen: &str) -> Vec<Choice> {
        self.frequencies
            .iter()
            .map(|c| Choice {
                value: c.value.clone(),
                label: c.label.clone(),
                selected: c.value == chosen,
            })
            .collect()
    }
}

fn frequencies(t: T) -> Vec<Choice> {
    Frequency::ALL
        .iter()
        .map(|f| Choice {
            value: f.as_str().to_owned(),
            label: t.s(f.message_key()).to_owned(),
            selected: false,
        })
        .collect()
}

fn rows_of(t: T, list: &[Kind]) -> Vec<Row> {
    list.iter()
        .map(|k| Row {
            code: k.code.clone(),
            name: k.name.clone(),
            frequency: k.frequency.as_str().to_owned(),
            active: k.active,
            remove: false,
            saved: true,
            hint: hint(t, k),
        })
        .collect()
}

/// The reader's-language name of a default kind when it differs from the stored name.
fn hint(t: T, k: &Kind) -> String {
    let shown = kinds::label(t, k);
    if shown == k.name {
        String::new()
    } else {
        shown
    }
}

impl Row {
    /// A new row left empty: no kind asked for.
    fn is_blank(&self) -> bool {
        self.code.is_empty() && self.name.trim().is_empty()
    }
}

fn blank() -> Row {
    Row {
        frequency: Frequency::AsNeeded.as_str().to_owned(),
        active: true,
        ..Row::default()
    }
}

#[derive(Debug, Deserialize)]
pub struct SettingsQuery {
    done: Option<String>,
}

/// `GET /settings/activities`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<SettingsQuery>,
) -> Result<Html<String>> {
    authz::require_whole_tree(&state, &user, Action::RecordActivities).await?;
    let t = chrome.t;
    let mut rows = rows_of(t, &kinds::all(&state).await?);
    rows.push(blank());
    let page = KindsPage {
        rows,
        frequencies: frequencies(t),
        error: None,
        saved: q.done.as_deref() == Some("saved"),
        chrome,
    };
    Ok(Html(page.render()?))
}

/// The rows of the form: fields named `code.3`, `name.3` … per row, as a checkbox sends
/// nothing when unticked.
fn typed_rows(pairs: &[(String, String)]) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    for (key, value) in pairs {
        let Some((field, n)) = key.split_once('.') else {
            continue;
        };
        let Ok(n) = n.parse::<usize>() else {
            continue;
        };
        if n >= 100 {
            continue;
        }
        if rows.len() <= n {
            rows.resize_with(n + 1, Row::default);
        }
        let row = &mut rows[n];
        match field {
            "code" => row.code = value.trim().to_owned(),
            "name" => row.name = value.clone(),
            "frequency" => row.frequency = value.clone(),
            "active" => row.active = true,
            "remove" => row.remove = true,
            "saved" => row.saved = true,
            _ => {}
        }
    }
    rows
}

/// The kinds the rows ask for: removed rows and blank new ones left out.
fn kinds_of(rows: &[Row]) -> Vec<Kind> {
    rows.iter()
        .filter(|r| !r.remove && !r.is_blank())
        .map(|r| Kind {
            code: r.code.clone(),
            name: r.name.clone(),
            frequency: Frequency::parse(&r.frequency).unwrap_or(Frequency::AsNeeded),
            active: r.active,
        })
        .collect()
}

/// `POST /settings/activities`: saves the list, or (`intent=add`) shows one more blank row.
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    authz::require_whole_tree(&state, &user, Action::RecordActivities).await?;
    let t = chrome.t;
    let mut rows = typed_rows(&pairs);
    let adding = pairs.iter().any(|(k, v)| k == "intent" && v == "add");
    let error = if adding {
        None
    } else {
        match kinds::set(&state, &user, kinds_of(&rows)).await? {
            Ok(_) => return Ok(Redirect::to("/settings/activities?done=saved").into_response()),
            Err(p) => Some(t.problem(&p)),
        }
    };
    if adding || rows.last().is_none_or(|r| r.saved || !r.code.is_empty()) {
        rows.push(blank());
    }
    let page = KindsPage {
        rows,
        frequencies: frequencies(t),
        error,
        saved: false,
        chrome,
    };
    let status = if page.error.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    Ok((status, Html(page.render()?)).into_response())
}
