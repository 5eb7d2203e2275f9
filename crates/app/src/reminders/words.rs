//! 消息 in words: a stored message (kind + values) turned into a title and a body in the
//! reader's language, the same for the inbox page, the API, email and group-chat robots.

use crate::Zone;
use catalogue::T;
use domain::Timestamp;
use std::collections::HashMap;
use store::messages::Message;

/// A message as people read it.
#[derive(Debug, Clone)]
pub struct Shown {
    pub title: String,
    pub body: String,
}

/// The message's title and body; a kind this build does not know shows a generic line (its
/// link still leads to the page).
pub fn words(t: T, zone: &Zone, m: &Message) -> Shown {
    let args: HashMap<String, String> = serde_json::from_str(&m.args).unwrap_or_default();
    let get = |k: &str| args.get(k).map(String::as_str).unwrap_or("");
    match m.kind.as_str() {
        super::notice::NOTICE_REMINDER => {
            let args = [
                ("notice", get("notice")),
                ("from", get("from")),
                ("org", get("org")),
            ];
            let mut body = t.f("messages.notice_reminder.body", &args);
            let deadline = deadline_of(t, zone, get("deadline"));
            if !deadline.is_empty() {
                body.push(' ');
                body.push_str(&t.f("messages.sign_by", &[("deadline", &deadline)]));
            }
            with_rung_and_note(t, &mut body, get("rung"), get("note"));
            Shown {
                title: t.f("messages.notice_reminder.title", &args),
                body,
            }
        }
        super::notice::NOTICE_ESCALATION => {
            let deadline = deadline_of(t, zone, get("deadline"));
            let args = [
                ("notice", get("notice")),
                ("org", get("org")),
                ("deadline", &deadline),
            ];
            Shown {
                title: t.f("messages.notice_escalation.title", &args),
                body: t.f("messages.notice_escalation.body", &args),
            }
        }
        super::ladder::TASK_ESCALATION => {
            let deadline = deadline_of(t, zone, get("deadline"));
            Shown {
                title: t.f(
                    "messages.task_escalation.title",
                    &[("org", get("org")), ("task", get("task"))],
                ),
                body: t.f(
                    "messages.task_escalation.body",
                    &[
                        ("org", get("org")),
                        ("task", get("task")),
                        ("deadline", &deadline),
                    ],
                ),
            }
        }
        super::task::TASK_REMINDER => {
            let deadline = deadline_of(t, zone, get("deadline"));
            let title = t.f("messages.task_reminder.title", &[("task", get("task"))]);
            let mut body = t.f(
                "messages.task_reminder.body",
                &[
                    ("from", get("from")),
                    ("org", get("org")),
                    ("task", get("task")),
                    ("deadline", &deadline),
                ],
            );
            with_rung_and_note(t, &mut body, get("rung"), get("note"));
            Shown { title, body }
        }
        crate::activities::board_remind::ACTIVITY_REMINDER => {
            let args = [
                ("from", get("from")),
                ("org", get("org")),
                ("kinds", get("kinds")),
                ("year", get("year")),
                ("quarter", get("quarter")),
            ];
            Shown {
                title: t.f("activity.board.reminder_title", &args),
                body: t.f("activity.board.reminder_body", &args),
            }
        }
        _ => Shown {
            title: t.s("messages.unknown").to_owned(),
            body: String::new(),
        },
    }
}

fn deadline_of(t: T, zone: &Zone, millis: &str) -> String {
    millis
        .parse::<i64>()
        .map(|ms| zone.date_time(Timestamp(ms), t.locale))
        .unwrap_or_default()
}

/// What the ladder's rung says: how near the deadline is, or that it has passed.
fn rung_line(t: T, rung: &str) -> Option<String> {
    if let Some(n) = rung.strip_prefix("before_") {
        return Some(t.f("messages.rung.before", &[("n", n)]));
    }
    match rung {
        "on_the_day" => Some(t.s("messages.rung.on_the_day").to_owned()),
        r if r.starts_with("overdue_") => Some(t.s("messages.rung.overdue").to_owned()),
        _ => None,
    }
}

/// The ladder's line and the sender's note, each on a line of its own.
fn with_rung_and_note(t: T, body: &mut String, rung: &str, note: &str) {
    if let Some(line) = rung_line(t, rung) {
        body.push('\n');
        body.push_str(&line);
    }
    if !note.is_empty() {
        body.push('\n');
        body.push_str(&t.f("messages.note", &[("note", note)]));
    }
}
