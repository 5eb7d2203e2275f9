//! `POST /campaigns/{id}/report-task`: the campaign page's button that makes the campaign's
//! report task (the standard study-report form, filled from each branch's records) and opens it.

use crate::auth::CurrentUser;
use crate::error::Result;
use crate::i18n::T;
use crate::routes::Routes;
use crate::state::AppState;
use app::campaigns::report::create_task;
use axum::extract::{Path, State};
use axum::response::Redirect;
use axum_extra::extract::Form;
use serde::Deserialize;

/// The report task's page route.
pub fn routes() -> Routes {
    Routes::new().post("/campaigns/{id}/report-task", create)
}

#[derive(Debug, Deserialize)]
pub struct ReportTaskForm {
    /// The last day to report, `YYYY-MM-DD`.
    #[serde(default)]
    deadline: String,
}

/// Makes the report task and goes to it; a refusal (no deadline, a draft campaign) is shown
/// as a page naming the problem.
pub async fn create(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Path(id): Path<i64>,
    Form(form): Form<ReportTaskForm>,
) -> Result<Redirect> {
    let task_id = create_task(&state, &user, t, id, &form.deadline)
        .await?
        .map_err(crate::api::campaign_report_refused)?;
    Ok(Redirect::to(&format!("/tasks/{task_id}")))
}
