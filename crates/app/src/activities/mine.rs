//! A member's own page: the meetings to attend, those attended, and the hours volunteered.

use crate::error::Result;
use crate::{Actor, App};
use domain::Timestamp;
use domain::activity::{ActivityState, Mark};
use std::time::Duration;
use store::activity_attendance::{self as attendance, MemberActivity};

const DAY: Duration = Duration::from_secs(24 * 3600);

/// What a member sees of their own branch life.
#[derive(Debug, Clone, Default)]
pub struct Mine {
    /// Planned (or under way) from a day ago on, earliest first.
    pub upcoming: Vec<MemberActivity>,
    /// Held in the last year, latest first.
    pub past: Vec<MemberActivity>,
    /// Of those, attended (出席).
    pub attended: usize,
    /// Volunteer time this year, in minutes.
    pub volunteer_minutes: i64,
    /// The account is linked to a member at all.
    pub linked: bool,
}

/// The member's activities from a year back to a year ahead.
pub async fn mine(app: &App, actor: &Actor) -> Result<Mine> {
    let Some(member_id) = actor.account.member_id else {
        return Ok(Mine::default());
    };
    let now = app.now();
    let list = attendance::of_member(
        app.db.read(),
        member_id,
        now.minus(DAY * 366),
        now.plus(DAY * 366),
    )
    .await?;
    let year = app.zone.civil_date(now).year();
    let mut mine = Mine {
        linked: true,
        ..Mine::default()
    };
    for a in list {
        if a.state.took_place() {
            if app.zone.civil_date(a.starts_at).year() == year {
                mine.volunteer_minutes += a.volunteer_minutes;
            }
            if a.mark == Mark::Present {
                mine.attended += 1;
            }
            mine.past.push(a);
        } else if a.state == ActivityState::Planned && a.starts_at >= now.minus(DAY) {
            mine.upcoming.push(a);
        }
    }
    mine.past.reverse();
    Ok(mine)
}

/// The member's planned activities and those of the last 90 days, for a calendar.
pub async fn calendar_items(app: &App, actor: &Actor) -> Result<Vec<MemberActivity>> {
    let Some(member_id) = actor.account.member_id else {
        return Ok(Vec::new());
    };
    let now: Timestamp = app.now();
    Ok(attendance::of_member(
        app.db.read(),
        member_id,
        now.minus(DAY * 90),
        now.plus(DAY * 400),
    )
    .await?)
}
