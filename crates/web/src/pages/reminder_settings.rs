//! 催办设置: the deployment's reminder ladder and calendar, for a committee administrator over
//! the whole tree. A refused form comes back as typed, with what is wrong.

use super::layout::Chrome;
use crate::auth::CurrentUser;
use crate::error::Result;
use crate::state::AppState;
use app::reminders::settings;
use app::tasks::rules;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use domain::reminder_ladder::{
    Calendar, Ladder, LadderProblem, parse_dates, parse_ladder, parse_time,
};
use serde::Deserialize;
use std::collections::BTreeSet;

/// The form's fields, as typed.
#[derive(Debug, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    before_days: String,
    #[serde(default)]
    on_the_day: Option<String>,
    #[serde(default)]
    while_overdue: Option<String>,
    #[serde(default)]
    escalate_after_days: String,
    #[serde(default)]
    quiet_start: String,
    #[serde(default)]
    quiet_end: String,
    #[serde(default)]
    weekends_work: Option<String>,
    #[serde(default)]
    holidays: String,
    #[serde(default)]
    extra_working_days: String,
}

fn lines(dates: &BTreeSet<jiff::civil::Date>) -> String {
    dates
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn hhmm(t: jiff::civil::Time) -> String {
    t.strftime("%H:%M").to_string()
}

impl SettingsForm {
    fn of(ladder: &Ladder, calendar: &Calendar) -> SettingsForm {
        let days: Vec<String> = ladder.before_days.iter().map(u32::to_string).collect();
        let on = |b: bool| b.then(|| "on".to_owned());
        SettingsForm {
            before_days: days.join(", "),
            on_the_day: on(ladder.on_the_day),
            while_overdue: on(ladder.while_overdue),
            escalate_after_days: ladder
                .escalate_after_days
                .map(|d| d.to_string())
                .unwrap_or_default(),
            quiet_start: hhmm(calendar.quiet_start),
            quiet_end: hhmm(calendar.quiet_end),
            weekends_work: on(calendar.weekends_work),
            holidays: lines(&calendar.holidays),
            extra_working_days: lines(&calendar.extra_working_days),
        }
    }

    fn parse(&self) -> std::result::Result<(Ladder, Calendar), LadderProblem> {
        let ladder = parse_ladder(
            &self.before_days,
            self.on_the_day.is_some(),
            self.while_overdue.is_some(),
            &self.escalate_after_days,
        )?;
        let calendar = Calendar {
            quiet_start: parse_time(&self.quiet_start)?,
            quiet_end: parse_time(&self.quiet_end)?,
            weekends_work: self.weekends_work.is_some(),
            holidays: parse_dates(&self.holidays)?,
            extra_working_days: parse_dates(&self.extra_working_days)?,
        };
        Ok((ladder, calendar))
    }
}

#[derive(Template)]
#[template(path = "tasks/reminder_settings.html")]
struct SettingsPage {
    chrome: Chrome,
    form: SettingsForm,
    error: Option<String>,
    saved: bool,
}

#[derive(Debug, Deserialize)]
pub struct SettingsQuery {
    done: Option<String>,
}

/// `GET /settings/reminders`
pub async fn show(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<SettingsQuery>,
) -> Result<Html<String>> {
    rules::require_categories_admin(&state, &user).await?;
    let (ladder, calendar) = settings::deployment(&state).await?;
    let page = SettingsPage {
        form: SettingsForm::of(&ladder, &calendar),
        error: None,
        saved: q.done.as_deref() == Some("saved"),
        chrome,
    };
    Ok(Html(page.render()?))
}

/// `POST /settings/reminders`
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Form(form): Form<SettingsForm>,
) -> Result<Response> {
    rules::require_categories_admin(&state, &user).await?;
    let outcome = match form.parse() {
        Ok((ladder, calendar)) => settings::set_deployment(&state, &user, ladder, calendar)
            .await?
            .map(|_| ()),
        Err(p) => Err(p),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to("/settings/reminders?done=saved").into_response()),
        Err(p) => {
            let page = SettingsPage {
                error: Some(chrome.t.problem(&p)),
                form,
                saved: false,
                chrome,
            };
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page.render()?)).into_response())
        }
    }
}
