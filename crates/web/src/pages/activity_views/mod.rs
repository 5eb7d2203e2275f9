//! The views over branch life (活动): the 三会一课 ledger of a branch and its workbook, the
//! committee's board (督查), a member's own page with its calendar file, and the settings of
//! the kinds and of each branch's choices. The records themselves live under
//! `/activities/{id}` (`pages::activities`).

mod board;
mod ledger;
mod mine;
mod org_settings;
mod settings;

use crate::error::{Error, Result};
use crate::i18n::T;
use crate::routes::Routes;
use crate::state::AppState;

pub fn routes() -> Routes {
    Routes::new()
        .get("/activities/ledger", ledger::show)
        .get("/activities/ledger.xlsx", ledger::export)
        .get("/activities/board", board::show)
        .post("/activities/board/remind", board::remind)
        .get("/me/activities", mine::show)
        .get("/me/activities.ics", mine::calendar)
        .get("/settings/activities", settings::show)
        .post("/settings/activities", settings::save)
        .get("/orgs/{id}/activity-settings", org_settings::show)
        .post("/orgs/{id}/activity-settings", org_settings::save)
}

/// An option of a `<select>` switcher.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The year asked for (`year=2022`), or this year in the deployment's zone; a year outside
/// 2000–2100 or no number is a bad request.
fn year_asked(state: &AppState, asked: &str) -> Result<i16> {
    let this = state.zone.civil_date(state.now()).year();
    match asked.trim() {
        "" => Ok(this),
        s => s
            .parse::<i16>()
            .ok()
            .filter(|y| (2000..=2100).contains(y))
            .ok_or_else(|| Error::bad_request("invalid_year", "activity.problem.year")),
    }
}

/// An org id asked for in a query (`org=12`); empty is none, anything else a bad request.
fn org_asked(asked: &str) -> Result<Option<i64>> {
    match asked.trim() {
        "" => Ok(None),
        s => s
            .parse()
            .map(Some)
            .map_err(|_| Error::bad_request("invalid_query", "error.bad_request")),
    }
}

/// The years to switch between: five back, one ahead, and the one shown.
fn year_choices(state: &AppState, t: T, shown: i16) -> Vec<Choice> {
    let this = state.zone.civil_date(state.now()).year();
    let mut years: Vec<i16> = ((this - 5)..=(this + 1)).collect();
    if !years.contains(&shown) {
        years.push(shown);
        years.sort_unstable();
    }
    years
        .into_iter()
        .rev()
        .map(|y| Choice {
            value: y.to_string(),
            label: t.f("activity.ledger.year", &[("year", &y.to_string())]),
            selected: y == shown,
        })
        .collect()
}
