//! 催办: whom a reminder goes to and what it may say.
//!
//! A reminder is only for an org that still owes its report — not started, a draft, or sent
//! back — so an org that has handed in is never chased, however the audience was chosen.

use crate::Problem;
use crate::submission::SubmissionState;
use crate::text::{is_bidi_control, is_only_invisible};

/// The longest note a sender may add, in characters.
pub const NOTE_MAX: usize = 500;

/// Whether a report in `state` is still owed.
pub fn owes(state: SubmissionState) -> bool {
    matches!(
        state,
        SubmissionState::NotStarted | SubmissionState::Draft | SubmissionState::Returned
    )
}

/// Which orgs of a period a reminder is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    /// The orgs ticked on the board.
    Orgs(Vec<i64>),
    /// Every org whose report is still owed.
    Owing,
    /// Every org whose report is in this owed state.
    State(SubmissionState),
}

impl Audience {
    /// Reads the board's choice: `owing`, a state that owes (`not_started`, `draft`,
    /// `returned`), or `orgs` with the ids ticked.
    pub fn parse(scope: &str, orgs: &[i64]) -> Result<Audience, ReminderProblem> {
        match scope.trim() {
            "" | "orgs" if !orgs.is_empty() => Ok(Audience::Orgs(orgs.to_vec())),
            "" | "orgs" => Err(ReminderProblem::NobodyChosen),
            "owing" => Ok(Audience::Owing),
            other => match SubmissionState::parse(other) {
                Some(s) if owes(s) => Ok(Audience::State(s)),
                _ => Err(ReminderProblem::UnknownScope),
            },
        }
    }

    /// The states a reminder to this audience may go to.
    pub fn states(&self) -> Vec<SubmissionState> {
        match self {
            Audience::State(s) => vec![*s],
            Audience::Orgs(_) | Audience::Owing => vec![
                SubmissionState::Returned,
                SubmissionState::NotStarted,
                SubmissionState::Draft,
            ],
        }
    }
}

/// Which recipients of a notice a reminder to sign is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeAudience {
    /// The orgs ticked on the receipts page.
    Orgs(Vec<i64>),
    /// Every recipient that has not signed.
    Unsigned,
    /// Every recipient nobody of which has opened it.
    Unread,
}

impl NoticeAudience {
    /// Reads the receipts page's choice: `orgs` with the ids ticked, `unsigned` or `unread`.
    pub fn parse(scope: &str, orgs: &[i64]) -> Result<NoticeAudience, ReminderProblem> {
        match scope.trim() {
            "" | "orgs" if !orgs.is_empty() => Ok(NoticeAudience::Orgs(orgs.to_vec())),
            "" | "orgs" => Err(ReminderProblem::NobodyChosen),
            "unsigned" => Ok(NoticeAudience::Unsigned),
            "unread" => Ok(NoticeAudience::Unread),
            _ => Err(ReminderProblem::UnknownScope),
        }
    }
}

/// The sender's words: trimmed, at most [`NOTE_MAX`] characters, no text-direction controls;
/// empty is allowed (the reminder says what is owed by itself).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Note(String);

impl Note {
    pub fn parse(input: &str) -> Result<Note, ReminderProblem> {
        let text = input.trim();
        if text.chars().count() > NOTE_MAX {
            return Err(ReminderProblem::NoteTooLong);
        }
        if text.chars().any(is_bidi_control) || (!text.is_empty() && is_only_invisible(text)) {
            return Err(ReminderProblem::NoteUnreadable);
        }
        Ok(Note(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a reminder was not sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderProblem {
    /// No org was ticked.
    NobodyChosen,
    /// The audience named is not one a reminder can go to.
    UnknownScope,
    /// Every org chosen has handed in (or none is an assignee of the task).
    NothingOwed,
    NoteTooLong,
    NoteUnreadable,
    /// The task is not open: a draft has nobody to remind, a closed task takes nothing more.
    TaskNotOpen,
    /// The notice is not published (a draft, or withdrawn): nobody is to sign it.
    NoticeNotPublished,
}

impl Problem for ReminderProblem {
    fn code(&self) -> &'static str {
        match self {
            ReminderProblem::NobodyChosen => "nobody_chosen",
            ReminderProblem::UnknownScope => "unknown_scope",
            ReminderProblem::NothingOwed => "nothing_owed",
            ReminderProblem::NoteTooLong => "note_too_long",
            ReminderProblem::NoteUnreadable => "note_unreadable",
            ReminderProblem::TaskNotOpen => "task_not_open",
            ReminderProblem::NoticeNotPublished => "notice_not_published",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            ReminderProblem::NobodyChosen => "reminders.problem.nobody_chosen",
            ReminderProblem::UnknownScope => "reminders.problem.unknown_scope",
            ReminderProblem::NothingOwed => "reminders.problem.nothing_owed",
            ReminderProblem::NoteTooLong => "reminders.problem.note_too_long",
            ReminderProblem::NoteUnreadable => "reminders.problem.note_unreadable",
            ReminderProblem::TaskNotOpen => "reminders.problem.task_not_open",
            ReminderProblem::NoticeNotPublished => "reminders.problem.notice_not_published",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ReminderProblem::NoteTooLong => vec![("max", NOTE_MAX.to_string())],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_reports_still_owed_are_chased() {
        use SubmissionState::*;
        let owed: Vec<_> = crate::submission::STATES
            .into_iter()
            .filter(|s| owes(*s))
            .collect();
        assert_eq!(owed, vec![NotStarted, Draft, Returned]);
    }

    #[test]
    fn the_audience_is_read_from_the_boards_choice() {
        assert_eq!(
            Audience::parse("orgs", &[3, 4]),
            Ok(Audience::Orgs(vec![3, 4]))
        );
        assert_eq!(Audience::parse("", &[]), Err(ReminderProblem::NobodyChosen));
        assert_eq!(Audience::parse("owing", &[]), Ok(Audience::Owing));
        assert_eq!(
            Audience::parse("returned", &[]),
            Ok(Audience::State(SubmissionState::Returned))
        );
        // An org that has handed in is not an audience, nor is nonsense.
        assert_eq!(
            Audience::parse("submitted", &[]),
            Err(ReminderProblem::UnknownScope)
        );
        assert_eq!(
            Audience::parse("everyone", &[]),
            Err(ReminderProblem::UnknownScope)
        );
    }

    #[test]
    fn a_note_is_bounded_and_readable() {
        assert_eq!(
            Note::parse("  请今天报送 ").map(|n| n.0),
            Ok("请今天报送".into())
        );
        assert_eq!(Note::parse("").map(|n| n.0), Ok(String::new()));
        assert_eq!(
            Note::parse(&"催".repeat(NOTE_MAX + 1)),
            Err(ReminderProblem::NoteTooLong)
        );
        assert!(Note::parse(&"催".repeat(NOTE_MAX)).is_ok());
        assert_eq!(
            Note::parse("abc\u{202e}def"),
            Err(ReminderProblem::NoteUnreadable)
        );
        assert_eq!(
            Note::parse("\u{200b}\u{200b}"),
            Err(ReminderProblem::NoteUnreadable)
        );
    }
}
