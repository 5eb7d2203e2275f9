//! A member's meetings as a calendar file (添加到日历): the planned ones and those of the last
//! 90 days, cancelled ones kept as cancelled so a calendar that imported them strikes them out.

use super::calendar::{Event, ics};
use super::{kinds, mine};
use crate::error::Result;
use crate::{Actor, App};
use catalogue::T;
use domain::activity::ActivityState;

/// The UID of activity `id` in every feed: stable across edits, so a calendar updates the
/// event rather than adding a second one.
pub fn uid(id: i64) -> String {
    format!("activity-{id}@zhibu")
}

/// The member's calendar, in the reader's language.
pub async fn calendar(app: &App, actor: &Actor, t: T) -> Result<String> {
    let items = mine::calendar_items(app, actor).await?;
    let all = kinds::all(app).await?;
    let events: Vec<Event> = items
        .iter()
        .map(|a| Event {
            uid: uid(a.activity_id),
            starts_at: a.starts_at,
            ends_at: a.ends_at,
            title: t.f(
                "activity.mine.event_title",
                &[
                    ("kind", &kinds::label_of(t, &all, &a.kind)),
                    ("title", &a.title),
                ],
            ),
            place: a.place.clone(),
            description: a.org_name.clone(),
            url: Some(app.link(&format!("/activities/{}", a.activity_id))),
            cancelled: a.state == ActivityState::Cancelled,
            updated_at: a.updated_at,
        })
        .collect();
    Ok(ics(t.s("activity.mine.calendar_name"), &events))
}
