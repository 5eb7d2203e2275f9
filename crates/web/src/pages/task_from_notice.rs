//! 据此创建任务: a new task prefilled from a section of a notice that asks for something back
//! (title, text, detected deadline, a guessed category), and the links to it on the notice page.

use super::layout::Chrome;
use super::task_forms::{Problems, TaskFormBody, page, source_notice, starting_form};
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::tasks::rules;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use domain::access::Action;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
pub struct SectionQuery {
    #[serde(default)]
    pub section: Option<usize>,
}

/// A category guessed from a section title's words, if the deployment has it.
fn guess_category(title: &str, categories: &[String]) -> String {
    let guesses = [
        ("网络安全", "网络安全"),
        ("网信", "网络安全"),
        ("疫情", "疫情防控"),
        ("防控", "疫情防控"),
        ("安全", "安全稳定"),
        ("稳定", "安全稳定"),
        ("学习", "学习"),
        ("科普", "科普"),
        ("志愿", "志愿服务"),
    ];
    guesses
        .iter()
        .find(|(word, cat)| title.contains(word) && categories.iter().any(|c| c == cat))
        .map(|(_, cat)| (*cat).to_owned())
        .or_else(|| categories.iter().find(|c| *c == "其他").cloned())
        .unwrap_or_default()
}

/// A section's text with the sections under it, as a task's description.
fn section_text(s: &gongwen::Section, out: &mut Vec<String>) {
    if !s.body.trim().is_empty() {
        out.push(s.body.trim().to_owned());
    }
    for child in &s.children {
        out.push(format!(
            "{}{}",
            app::notices::view::heading_number(child),
            child.title
        ));
        section_text(child, out);
    }
}

/// `GET /notices/{id}/tasks/new?section=N`: a new task prefilled from the notice's Nth section
/// (in document order, from 0).
pub async fn from_notice(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<SectionQuery>,
) -> Result<Html<String>> {
    let t = chrome.t;
    let notice = source_notice(&state, &user, id).await?;
    let (draft, _) = app::notices::rules::draft_of(&state, &notice, notice.revision).await?;
    let wanted = q.section.unwrap_or(0);
    let mut found: Option<(&gongwen::Section, String)> = None;
    let mut i = 0;
    gongwen::Section::walk(&draft.sections, |s, path| {
        if i == wanted {
            found = Some((s, path.to_owned()));
        }
        i += 1;
    });
    let categories = rules::categories(&state).await?;
    // A notice without that section (or without sections) gives the task its own title.
    let (title, text, path, help) = match found {
        Some((section, path)) => {
            let mut text = Vec::new();
            section_text(section, &mut text);
            let help: String = section.actions.join("；").chars().take(1000).collect();
            let title = section
                .title
                .trim()
                .trim_end_matches(['。', '；', '：'])
                .to_owned();
            (title, text.join("\n"), path, help)
        }
        None => (
            notice.title.clone(),
            draft.preamble.trim().to_owned(),
            String::new(),
            draft.actions.join("；").chars().take(1000).collect(),
        ),
    };
    let within = |p: &Option<String>| {
        path.is_empty()
            || p.as_deref()
                .is_some_and(|p| p == path || p.starts_with(&format!("{path}/")))
    };
    let deadline = draft
        .deadlines
        .iter()
        .filter(|d| within(&d.section))
        .find_map(|d| d.date)
        .map(|d| format!("{d}T23:59"))
        .unwrap_or_default();
    let v = TaskFormBody {
        org_id: Some(notice.org_id),
        category: guess_category(&title, &categories),
        title,
        description: text,
        recurrence: "once".to_owned(),
        deadline,
        form: starting_form(t, &help),
        notice_id: Some(notice.id),
        notice_section: path,
        ..TaskFormBody::default()
    };
    Ok(Html(
        page(
            &state,
            &user,
            chrome,
            None,
            v,
            Problems::default(),
            Some(notice.title),
        )
        .await?,
    ))
}

/// A section's 据此创建任务: where to make a task of it, and the tasks already made of it.
pub struct SectionTasks {
    pub href: String,
    /// The tasks made from this section so far: (link, title).
    pub made: Vec<(String, String)>,
}

/// Per section, in document order: a link to make a task of it if it asks for something back
/// and the caller manages tasks of the notice's org, with the tasks made of it (`made`, from
/// [`app::tasks::rules::made_from_notice`]).
pub fn section_task_links(
    user: &CurrentUser,
    notice: &store::notices::Notice,
    draft: &gongwen::NoticeDraft,
    made: &[store::tasks::Task],
) -> Vec<Option<SectionTasks>> {
    let allowed = user.access.can(Action::ManageTasks, &notice.org_path);
    let mut links = Vec::new();
    gongwen::Section::walk(&draft.sections, |s, path| {
        let i = links.len();
        links.push((allowed && !s.actions.is_empty()).then(|| {
            SectionTasks {
                href: format!("/notices/{}/tasks/new?section={i}", notice.id),
                made: made
                    .iter()
                    .filter(|t| t.notice_section == path)
                    .map(|t| (format!("/tasks/{}", t.id), t.title.clone()))
                    .collect(),
            }
        }));
    });
    links
}

#[cfg(test)]
mod tests {
    use super::guess_category;

    #[test]
    fn categories_are_guessed_from_titles() {
        let cats: Vec<String> = domain::task::DEFAULT_CATEGORIES
            .iter()
            .map(|c| (*c).to_owned())
            .collect();
        assert_eq!(guess_category("开展网络安全自查整改", &cats), "网络安全");
        assert_eq!(guess_category("深入开展主题学习活动", &cats), "学习");
        assert_eq!(guess_category("做好安全稳定工作", &cats), "安全稳定");
        assert_eq!(guess_category("其它事项", &cats), "其他");
    }
}
