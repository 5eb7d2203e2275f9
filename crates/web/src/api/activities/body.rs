//! What a client sends about an activity: its content fields, read into the core's
//! [`Typed`] with the times parsed in the deployment's zone.

use crate::auth::CurrentUser;
use crate::error::{Error, FieldIssue, Message, Result};
use crate::state::AppState;
use domain::activity_content::Typed;
use serde::Deserialize;
use utoipa::ToSchema;

/// An activity's content as sent.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ContentBody {
    /// A kind's code from `GET /api/v1/activity-kinds` (`committee_meeting`, `theme_day` …).
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    /// RFC 3339 (`2026-05-12T14:30:00+08:00`) or local time in the deployment's zone
    /// (`2026-05-12T14:30`).
    #[serde(default)]
    pub starts_at: String,
    /// Like `starts_at`; empty or absent when open-ended.
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online: bool,
    /// 主持人
    #[serde(default)]
    pub host: String,
    /// 记录人
    #[serde(default)]
    pub recorder: String,
    /// 主讲人
    #[serde(default)]
    pub speaker: String,
    #[serde(default)]
    pub topic: String,
    /// 领学人: who studied first and led.
    #[serde(default)]
    pub leader: String,
    #[serde(default)]
    pub led_content: String,
    #[serde(default)]
    pub agenda: String,
    /// 会议记录, Markdown-style (headings, lists); raw HTML is shown as text.
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub resolutions: String,
    #[serde(default)]
    pub outcomes: String,
    /// The notice it answers (one the caller issued or received).
    #[serde(default)]
    pub notice_id: Option<i64>,
}

fn bad_time(field: &'static str) -> Error {
    let key = "activity.api.invalid_time";
    Error::unprocessable("invalid_time", key).problems(vec![FieldIssue {
        field: field.to_owned(),
        code: "invalid_time",
        message: Message::new(key),
    }])
}

impl ContentBody {
    /// The content as the use cases take it; a time that cannot be read is refused here, a
    /// notice the caller cannot see answers 404.
    pub async fn typed(self, state: &AppState, user: &CurrentUser) -> Result<Typed> {
        let time = |field: &'static str, s: &str| -> Result<Option<domain::Timestamp>> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            // A bare date reads as the end of that day for a deadline; a start needs its hour.
            if s.trim().len() == 10 {
                return Err(bad_time(field));
            }
            state
                .zone
                .parse_deadline(s)
                .map(Some)
                .ok_or_else(|| bad_time(field))
        };
        let starts_at = time("starts_at", &self.starts_at)?;
        let ends_at = time("ends_at", &self.ends_at)?;
        if let Some(id) = self.notice_id {
            app::notices::rules::load(state, user, id).await?;
        }
        Ok(Typed {
            kind: self.kind,
            title: self.title,
            starts_at,
            ends_at,
            place: self.place,
            online: self.online,
            host: self.host,
            recorder: self.recorder,
            speaker: self.speaker,
            topic: self.topic,
            leader: self.leader,
            led_content: self.led_content,
            agenda: self.agenda,
            minutes: self.minutes,
            resolutions: self.resolutions,
            outcomes: self.outcomes,
            notice_id: self.notice_id,
        })
    }
}
