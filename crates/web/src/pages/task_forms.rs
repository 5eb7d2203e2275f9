//! 新建任务 and 修改任务: the task form with its report-form editor (`static/tasks.js` builds
//! the fields; the JSON textarea works by hand without it), saving a draft or saving and
//! assigning (下发) at once. A task made from a notice's section starts in `task_from_notice`.

use super::layout::Chrome;
use super::org_picker::{self, OrgPicker, TASK_TARGETS, Ticked};
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::state::AppState;
use crate::tasks::refusals::task_problems;
use app::authz::{self, Object};
use app::roster::orgs as org_rules;
use app::tasks::input::{TaskInput, TaskProblems};
use app::tasks::rules::{self, FromNotice};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::Problem;
use domain::access::Action;
use domain::form::FieldType;
use domain::task::{RECURRENCES, TaskChange, TaskProblem, TaskStatus};
use serde::Deserialize;
use store::tasks::Task;

/// The task's fields as the form holds them (what was typed, kept when refused).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TaskFormBody {
    #[serde(default)]
    pub org_id: Option<i64>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub recurrence: String,
    #[serde(default)]
    pub deadline: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub due_days: String,
    #[serde(default)]
    pub form: String,
    /// save (a draft), or assign (save and 下发 to the targets)
    #[serde(default)]
    pub intent: String,
    #[serde(default)]
    pub subtree: Vec<i64>,
    #[serde(default)]
    pub org: Vec<i64>,
    /// The name searched for in the targets picker (`intent=find_orgs`).
    #[serde(default)]
    pub org_q: String,
    #[serde(default)]
    pub notice_id: Option<i64>,
    #[serde(default)]
    pub notice_section: String,
}

/// Messages beside each field of the form.
#[derive(Default)]
pub struct Problems {
    pub general: Option<String>,
    pub title: Vec<String>,
    pub description: Vec<String>,
    pub category: Vec<String>,
    pub recurrence: Vec<String>,
    pub deadline: Vec<String>,
    pub due_days: Vec<String>,
    pub targets: Vec<String>,
    pub form: Vec<String>,
}

impl Problems {
    fn of(t: T, problems: &TaskProblems) -> Problems {
        let mut out = Problems {
            general: Some(t.s("task.problem.invalid").to_owned()),
            ..Problems::default()
        };
        // The same messages the API gives, field by field.
        if let Error::Client { problems: list, .. } = task_problems(problems) {
            for issue in list {
                let args: Vec<(&str, &str)> = issue
                    .message
                    .args
                    .iter()
                    .map(|(k, v)| (*k, v.as_str()))
                    .collect();
                let text = t.f(issue.message.key, &args);
                let slot = match issue.field.as_str() {
                    "title" => &mut out.title,
                    "description" => &mut out.description,
                    "category" => &mut out.category,
                    "recurrence" => &mut out.recurrence,
                    "deadline" => &mut out.deadline,
                    "due_days" => &mut out.due_days,
                    "targets" => &mut out.targets,
                    _ => &mut out.form,
                };
                slot.push(text);
            }
        }
        out
    }

    fn task(t: T, p: TaskProblem) -> Problems {
        let text = t.s(p.message_key()).to_owned();
        let mut out = Problems::default();
        match p.field() {
            Some("targets") => out.targets.push(text),
            _ => out.general = Some(text),
        }
        out
    }
}

pub struct Choice {
    pub value: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "tasks/form.html")]
struct FormPage {
    chrome: Chrome,
    heading: String,
    action: String,
    /// The assigning orgs to choose from (a new task only).
    orgs: Vec<(i64, String)>,
    v: TaskFormBody,
    categories: Vec<String>,
    recurrences: Vec<Choice>,
    /// Assigned already: recurrence and first day stay as they were.
    recurrence_locked: bool,
    /// The targets picker (new tasks and drafts).
    can_assign: bool,
    picker: OrgPicker,
    field_types: Vec<Choice>,
    editor_text: String,
    notice_title: Option<String>,
    p: Problems,
}

/// The orgs whose tasks the caller manages (党小组 assign nothing).
/// The report form a new task starts with: one required text.
pub(super) fn starting_form(t: T, help: &str) -> String {
    let mut field = serde_json::json!({
        "key": "summary", "label": t.s("task_pages.default_field"), "type": "long_text",
        "required": true
    });
    if !help.is_empty() {
        field["help"] = serde_json::Value::String(help.to_owned());
    }
    pretty(&serde_json::json!({ "fields": [field] }))
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// The words of the form editor, for the script.
fn editor_text(t: T) -> String {
    let keys = [
        "add_field",
        "add_column",
        "remove",
        "up",
        "down",
        "label",
        "key",
        "key_hint",
        "type",
        "required",
        "help",
        "options",
        "min",
        "max",
        "unit",
        "integer",
        "max_length",
        "max_files",
        "multiple",
        "columns",
        "record_kind",
        "min_choices",
        "max_choices",
        "min_rows",
        "max_rows",
        "field",
        "column",
        "json_invalid",
    ];
    let map: serde_json::Map<String, serde_json::Value> = keys
        .iter()
        .map(|k| {
            (
                (*k).to_owned(),
                serde_json::Value::String(t.s(&format!("task_pages.editor.{k}")).to_owned()),
            )
        })
        .collect();
    serde_json::Value::Object(map).to_string()
}

pub(super) async fn page(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    task: Option<&Task>,
    v: TaskFormBody,
    p: Problems,
    notice_title: Option<String>,
) -> Result<String> {
    let t = chrome.t;
    let orgs = match task {
        Some(_) => Vec::new(),
        None => {
            let orgs = org_picker::own_orgs(state, user, Action::ManageTasks, v.org_id).await?;
            if orgs.is_empty() {
                return Err(Error::not_found());
            }
            orgs
        }
    };
    let status = task.map(|t| t.status).unwrap_or(TaskStatus::Draft);
    let can_assign = status == TaskStatus::Draft;
    let picker = if can_assign {
        let ticked = Ticked {
            subtrees: &v.subtree,
            orgs: &v.org,
            query: &v.org_q,
            sign_by: "",
        };
        // The assigning org receives nothing: the one chosen, or the first the select offers.
        let except = task
            .map(|t| t.org_id)
            .or(v.org_id)
            .or(orgs.first().map(|o| o.0));
        OrgPicker::build(state, user, t, TASK_TARGETS, ticked, except).await?
    } else {
        OrgPicker::default()
    };
    let (heading, action) = match task {
        Some(task) => (
            t.f("task_pages.edit_heading", &[("title", &task.title)]),
            format!("/tasks/{}/edit", task.id),
        ),
        None => (t.s("task_pages.new").to_owned(), "/tasks/new".to_owned()),
    };
    Ok(FormPage {
        heading,
        action,
        orgs,
        categories: rules::categories(state).await?,
        recurrences: RECURRENCES
            .iter()
            .map(|r| Choice {
                value: r.as_str().to_owned(),
                label: t.s(r.message_key()).to_owned(),
            })
            .collect(),
        recurrence_locked: status != TaskStatus::Draft,
        can_assign,
        picker,
        field_types: FieldType::ALL
            .iter()
            .map(|f| Choice {
                value: f.as_str().to_owned(),
                label: t.s(&format!("task_pages.type.{}", f.as_str())).to_owned(),
            })
            .collect(),
        editor_text: editor_text(t),
        notice_title,
        v,
        p,
        chrome,
    }
    .render()?)
}

/// `GET /tasks/new`
pub async fn new(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
) -> Result<Html<String>> {
    let t = chrome.t;
    let v = TaskFormBody {
        recurrence: "once".to_owned(),
        form: starting_form(t, ""),
        ..TaskFormBody::default()
    };
    Ok(Html(
        page(&state, &user, chrome, None, v, Problems::default(), None).await?,
    ))
}

impl TaskFormBody {
    /// The org is the one chosen (the template's org select).
    pub fn is_org(&self, id: &i64) -> bool {
        self.org_id == Some(*id)
    }

    fn input(&self) -> (TaskInput, bool) {
        let (form, json_ok) = match serde_json::from_str::<serde_json::Value>(&self.form) {
            Ok(v) => (v, true),
            Err(_) => (serde_json::Value::Null, false),
        };
        (
            TaskInput {
                title: self.title.clone(),
                description: self.description.clone(),
                category: self.category.clone(),
                recurrence: self.recurrence.clone(),
                deadline: self.deadline.clone(),
                starts_on: self.starts_on.clone(),
                due_days: self.due_days.clone(),
                form,
            },
            json_ok,
        )
    }

    /// The orgs chosen in the targets picker, with their subtrees or alone.
    async fn targets(&self, state: &AppState) -> Result<Vec<(store::orgs::Org, bool)>> {
        org_picker::ticked_targets(state, &self.subtree, &self.org).await
    }
}

/// The intent of the picker's search button: show the form again with the orgs found, save
/// nothing.
const FIND_ORGS: &str = "find_orgs";

/// Checks the typed task; the problems beside their fields when it is wrong.
async fn check(
    state: &AppState,
    t: T,
    v: &TaskFormBody,
) -> Result<std::result::Result<app::tasks::input::TaskDraft, Problems>> {
    let categories = rules::categories(state).await?;
    let (input, json_ok) = v.input();
    Ok(match input.parse(state, &categories) {
        Ok(draft) => Ok(draft),
        Err(problems) => {
            let mut p = Problems::of(t, &problems);
            if !json_ok {
                p.form = vec![t.s("task_pages.form_json_invalid").to_owned()];
            }
            Err(p)
        }
    })
}

fn refused(html: String) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response()
}

/// Assigns a saved draft when asked to; answers where to go, or the page again.
async fn assign_if_asked(
    state: &AppState,
    user: &CurrentUser,
    chrome: Chrome,
    id: i64,
    v: TaskFormBody,
) -> Result<Response> {
    if v.intent != "assign" {
        return Ok(Redirect::to(&format!("/tasks/{id}")).into_response());
    }
    let task = store::tasks::by_id(state.db.read(), id)
        .await?
        .ok_or_else(Error::not_found)?;
    let targets = v.targets(state).await?;
    match rules::publish(state, user, &task, &targets).await? {
        Ok(_) => Ok(Redirect::to(&format!("/tasks/{id}")).into_response()),
        Err(problem) => {
            // The draft is saved: the page goes on as its edit form, targets marked.
            let p = Problems::task(chrome.t, problem);
            Ok(refused(
                page(state, user, chrome, Some(&task), v, p, None).await?,
            ))
        }
    }
}

/// The notice a new task is made from, when the caller may make tasks of it.
pub(super) async fn source_notice(
    state: &AppState,
    user: &CurrentUser,
    id: i64,
) -> Result<store::notices::Notice> {
    let loaded = app::notices::rules::load(state, user, id).await?;
    let notice = loaded.notice;
    authz::require(
        state,
        user,
        Action::ManageTasks,
        &notice.org_path,
        Object {
            kind: "notice",
            id,
            org_id: Some(notice.org_id),
        },
    )
    .await?;
    Ok(notice)
}

/// `POST /tasks/new`: save a draft, or save and assign.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Form(v): Form<TaskFormBody>,
) -> Result<Response> {
    let t = chrome.t;
    let org = org_rules::load(
        &state,
        &user,
        v.org_id.ok_or_else(Error::not_found)?,
        Action::ManageTasks,
    )
    .await?;
    let notice = match v.notice_id {
        Some(id) => Some(source_notice(&state, &user, id).await?),
        None => None,
    };
    if v.intent == FIND_ORGS {
        let title = notice.map(|n| n.title);
        let html = page(&state, &user, chrome, None, v, Problems::default(), title).await?;
        return Ok(Html(html).into_response());
    }
    let draft = match check(&state, t, &v).await? {
        Ok(d) => d,
        Err(p) => {
            let title = notice.map(|n| n.title);
            return Ok(refused(
                page(&state, &user, chrome, None, v, p, title).await?,
            ));
        }
    };
    let from = notice.as_ref().map(|n| FromNotice {
        notice_id: n.id,
        section: v.notice_section.trim(),
    });
    let id = rules::create(&state, &user, &org, &draft, from).await?;
    assign_if_asked(&state, &user, chrome, id, v).await
}

/// The form's values of a saved task.
async fn values_of(state: &AppState, task: &Task) -> Result<TaskFormBody> {
    let form = store::tasks::form(state.db.read(), task.id, task.form_version)
        .await?
        .and_then(|f| serde_json::from_str::<serde_json::Value>(&f).ok())
        .map(|f| pretty(&f))
        .unwrap_or_default();
    Ok(TaskFormBody {
        org_id: Some(task.org_id),
        title: task.title.clone(),
        description: task.description.clone(),
        category: task.category.clone(),
        recurrence: task.recurrence.as_str().to_owned(),
        deadline: task
            .deadline
            .map(|d| state.zone.local_input(d))
            .unwrap_or_default(),
        starts_on: task.starts_on.clone(),
        due_days: task.due_days.to_string(),
        form,
        ..TaskFormBody::default()
    })
}

/// `GET /tasks/{id}/edit`
pub async fn edit(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> Result<Response> {
    let task = rules::load_as_assigner(&state, &user, id).await?;
    if task.status.allows(TaskChange::Edit).is_err() {
        return Ok(Redirect::to(&format!("/tasks/{id}")).into_response());
    }
    let v = values_of(&state, &task).await?;
    Ok(Html(
        page(
            &state,
            &user,
            chrome,
            Some(&task),
            v,
            Problems::default(),
            None,
        )
        .await?,
    )
    .into_response())
}

/// `POST /tasks/{id}/edit`: save (a changed form becomes a new version), and assign a draft
/// when asked.
pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(mut v): Form<TaskFormBody>,
) -> Result<Response> {
    let t = chrome.t;
    let task = rules::load_as_assigner(&state, &user, id).await?;
    v.org_id = Some(task.org_id);
    if v.intent == FIND_ORGS {
        let html = page(
            &state,
            &user,
            chrome,
            Some(&task),
            v,
            Problems::default(),
            None,
        )
        .await?;
        return Ok(Html(html).into_response());
    }
    let draft = match check(&state, t, &v).await? {
        Ok(d) => d,
        Err(p) => {
            return Ok(refused(
                page(&state, &user, chrome, Some(&task), v, p, None).await?,
            ));
        }
    };
    if let Err(problem) = rules::update(&state, &user, &task, &draft).await? {
        let p = Problems::task(t, problem);
        return Ok(refused(
            page(&state, &user, chrome, Some(&task), v, p, None).await?,
        ));
    }
    assign_if_asked(&state, &user, chrome, id, v).await
}
