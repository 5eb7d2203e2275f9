//! 关联学习活动: the box on an activity's page that puts it in a campaign its branch takes part
//! in, with the materials (or chapters) it studied — what the dashboard, 先学领学 and the
//! report read. Those who record the branch's activities see the choices; others see the link.

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::pages::layout::Chrome;
use crate::state::AppState;
use app::campaigns::sessions;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use serde::Deserialize;
use store::activities::Activity;

/// One thing studied to tick: `value` is `<campaign>/<material>` or
/// `<campaign>/<material>:<chapter>`.
pub struct StudyChoice {
    pub value: String,
    pub label: String,
    pub checked: bool,
    /// A chapter, shown indented under its material.
    pub chapter: bool,
}

pub struct CampaignChoice {
    pub id: i64,
    pub theme: String,
    pub chosen: bool,
    pub studied: Vec<StudyChoice>,
}

/// What the activity page shows of campaigns.
pub struct CampaignBox {
    /// The campaign it is in: id and theme, and what it studied as text.
    pub current: Option<(i64, String, Vec<String>)>,
    /// The open campaigns it may be put in (those who record it only).
    pub choices: Vec<CampaignChoice>,
}

/// The box for activity `a`; `None` when there is nothing to show.
pub async fn campaign_box(
    state: &AppState,
    user: &CurrentUser,
    a: &Activity,
    records: bool,
) -> Result<Option<CampaignBox>> {
    let linked = sessions::of_activity(state, user, a.id).await?;
    let mut current = None;
    let mut studied_now: Vec<(i64, Option<usize>)> = Vec::new();
    if let Some((c, studied)) = linked {
        let materials = store::campaigns::materials(state.db.read(), c.id, true).await?;
        let names = studied
            .iter()
            .filter_map(|(m, ch)| {
                let found = materials.iter().find(|x| x.id == *m)?;
                Some(match ch.and_then(|i| found.chapters.get(i)) {
                    Some(chapter) => format!("{} · {chapter}", found.title),
                    None => found.title.clone(),
                })
            })
            .collect();
        current = Some((c.id, c.theme.clone(), names));
        studied_now = studied;
    }
    let mut choices = Vec::new();
    if records && a.state != domain::activity::ActivityState::Cancelled {
        for (c, materials) in sessions::choices(state, &a.org_path).await? {
            let chosen = current.as_ref().is_some_and(|(id, ..)| *id == c.id);
            let mut studied = Vec::new();
            for m in &materials {
                studied.push(StudyChoice {
                    value: format!("{}/{}", c.id, m.id),
                    label: m.title.clone(),
                    checked: chosen && studied_now.contains(&(m.id, None)),
                    chapter: false,
                });
                for (i, ch) in m.chapters.iter().enumerate() {
                    studied.push(StudyChoice {
                        value: format!("{}/{}:{i}", c.id, m.id),
                        label: ch.clone(),
                        checked: chosen && studied_now.contains(&(m.id, Some(i))),
                        chapter: true,
                    });
                }
            }
            choices.push(CampaignChoice {
                id: c.id,
                theme: c.theme,
                chosen,
                studied,
            });
        }
    }
    if current.is_none() && choices.is_empty() {
        return Ok(None);
    }
    Ok(Some(CampaignBox { current, choices }))
}

#[derive(Debug, Default, Deserialize)]
pub struct LinkForm {
    /// The campaign chosen; empty: none.
    #[serde(default)]
    campaign: String,
    /// `<campaign>/<material>` or `<campaign>/<material>:<chapter>`, for every campaign shown;
    /// only the chosen campaign's count.
    #[serde(default)]
    studied: Vec<String>,
}

/// What was ticked for campaign `chosen`.
fn studied_of(chosen: i64, ticked: &[String]) -> Vec<(i64, Option<usize>)> {
    ticked
        .iter()
        .filter_map(|v| {
            let (c, rest) = v.split_once('/')?;
            if c.parse::<i64>().ok()? != chosen {
                return None;
            }
            Some(match rest.split_once(':') {
                Some((m, ch)) => (m.parse().ok()?, Some(ch.parse().ok()?)),
                None => (rest.parse().ok()?, None),
            })
        })
        .collect()
}

/// `POST /activities/{id}/campaign`
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(v): Form<LinkForm>,
) -> Result<Response> {
    let chosen = v.campaign.trim().parse::<i64>().ok();
    let studied = chosen
        .map(|c| studied_of(c, &v.studied))
        .unwrap_or_default();
    match sessions::link(&state, &user, id, chosen, studied).await? {
        Ok(()) => Ok(Redirect::to(&format!("/activities/{id}#campaign")).into_response()),
        Err(r) => {
            let message = chrome.t.problem(&r);
            Ok(crate::pages::activities::show_refused(&state, &user, chrome, id, message).await?)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_the_chosen_campaigns_ticks_count() {
        let ticked = [
            "3/7".to_owned(),
            "3/8:2".to_owned(),
            "4/9".to_owned(),
            "3/x".to_owned(),
        ];
        assert_eq!(super::studied_of(3, &ticked), vec![(7, None), (8, Some(2))]);
        assert_eq!(super::studied_of(5, &ticked), vec![]);
    }
}
