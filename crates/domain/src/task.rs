//! 任务: work assigned to orgs — its life (draft, open, closed), its category, how often it
//! recurs and the periods (报送周期) each recurrence makes, each with its own deadline.
//!
//! Dates here are calendar dates in the deployment's zone; turning a deadline date into an
//! instant (the end of that day) happens at the edge, where the zone is known.

use crate::problem::Problem;
use jiff::ToSpan;
use jiff::civil::Date;

/// Where a task is in its life. Closing is ODK's "closing": after it nothing more is accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStatus {
    /// Written, not yet sent to anyone; the author may still change everything.
    Draft,
    /// Assigned: orgs see it and report; after a deadline reports are accepted, marked late.
    Open,
    /// No more reports or edits; reviewing what came in stays possible.
    Closed,
}

/// A change asked of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskChange {
    Edit,
    Publish,
    Close,
    Reopen,
    Report,
}

/// Why a change is not possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskProblem {
    NotDraft,
    NotOpen,
    Closed,
    NotClosed,
    NoAssignees,
    TitleRequired,
    TitleTooLong,
    DescriptionTooLong,
    DeadlineRequired,
    DeadlineInvalid,
    UnknownCategory,
    UnknownRecurrence,
    DueDaysInvalid,
    /// A category list that is empty, too long, or has an empty, overlong or repeated entry.
    CategoriesInvalid,
}

impl TaskProblem {
    /// The form field a problem belongs to, for showing it beside that field.
    pub fn field(self) -> Option<&'static str> {
        use TaskProblem::*;
        match self {
            TitleRequired | TitleTooLong => Some("title"),
            DescriptionTooLong => Some("description"),
            DeadlineRequired | DeadlineInvalid => Some("deadline"),
            UnknownCategory => Some("category"),
            UnknownRecurrence => Some("recurrence"),
            DueDaysInvalid => Some("due_days"),
            NoAssignees => Some("targets"),
            _ => None,
        }
    }
}

impl Problem for TaskProblem {
    fn code(&self) -> &'static str {
        use TaskProblem::*;
        match self {
            NotDraft => "task_not_draft",
            NotOpen => "task_not_open",
            Closed => "task_closed",
            NotClosed => "task_not_closed",
            NoAssignees => "no_assignees",
            TitleRequired => "title_required",
            TitleTooLong => "title_too_long",
            DescriptionTooLong => "description_too_long",
            DeadlineRequired => "deadline_required",
            DeadlineInvalid => "invalid_deadline",
            UnknownCategory => "unknown_category",
            UnknownRecurrence => "unknown_recurrence",
            DueDaysInvalid => "invalid_due_days",
            CategoriesInvalid => "invalid_categories",
        }
    }

    fn message_key(&self) -> &'static str {
        use TaskProblem::*;
        match self {
            NotDraft => "task.problem.task_not_draft",
            NotOpen => "task.problem.task_not_open",
            Closed => "task.problem.task_closed",
            NotClosed => "task.problem.task_not_closed",
            NoAssignees => "task.problem.no_assignees",
            TitleRequired => "task.problem.title_required",
            TitleTooLong => "task.problem.title_too_long",
            DescriptionTooLong => "task.problem.description_too_long",
            DeadlineRequired => "task.problem.deadline_required",
            DeadlineInvalid => "task.problem.invalid_deadline",
            UnknownCategory => "task.problem.unknown_category",
            UnknownRecurrence => "task.problem.unknown_recurrence",
            DueDaysInvalid => "task.problem.invalid_due_days",
            CategoriesInvalid => "task.problem.invalid_categories",
        }
    }
}

impl TaskStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Draft => "draft",
            TaskStatus::Open => "open",
            TaskStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<TaskStatus> {
        match s {
            "draft" => Some(TaskStatus::Draft),
            "open" => Some(TaskStatus::Open),
            "closed" => Some(TaskStatus::Closed),
            _ => None,
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            TaskStatus::Draft => "task.status.draft",
            TaskStatus::Open => "task.status.open",
            TaskStatus::Closed => "task.status.closed",
        }
    }

    pub fn allows(self, change: TaskChange) -> Result<(), TaskProblem> {
        use TaskChange::*;
        use TaskStatus::*;
        match (self, change) {
            (Draft, Edit | Publish) | (Open, Edit | Close | Report) | (Closed, Reopen) => Ok(()),
            (Draft, Close | Report) => Err(TaskProblem::NotOpen),
            (Draft, Reopen) | (Open, Reopen) => Err(TaskProblem::NotClosed),
            (Open, Publish) => Err(TaskProblem::NotDraft),
            (Closed, _) => Err(TaskProblem::Closed),
        }
    }
}

/// The categories a deployment starts with; the list is a setting and may be changed.
pub const DEFAULT_CATEGORIES: &[&str] = &[
    "学习",
    "疫情防控",
    "安全稳定",
    "网络安全",
    "科普",
    "志愿服务",
    "其他",
];

/// Reads the configured category list (one per line), falling back to the defaults.
pub fn categories_from_setting(setting: Option<&str>) -> Vec<String> {
    let list: Vec<String> = setting
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    if list.is_empty() {
        DEFAULT_CATEGORIES.iter().map(|c| (*c).to_owned()).collect()
    } else {
        list
    }
}

/// Checks a new category list: 1 to 50 entries, each 1 to 20 characters without control
/// characters, none repeated. Answers the list trimmed, in the order given.
pub fn parse_categories(list: &[String]) -> Result<Vec<String>, TaskProblem> {
    let out: Vec<String> = list.iter().map(|c| c.trim().to_owned()).collect();
    let bad =
        |c: &String| c.is_empty() || c.chars().count() > 20 || c.chars().any(char::is_control);
    let mut seen = std::collections::HashSet::new();
    if out.is_empty()
        || out.len() > 50
        || out.iter().any(bad)
        || !out.iter().all(|c| seen.insert(c))
    {
        return Err(TaskProblem::CategoriesInvalid);
    }
    Ok(out)
}

/// How often a task asks for a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recurrence {
    Once,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

pub const RECURRENCES: [Recurrence; 5] = [
    Recurrence::Once,
    Recurrence::Weekly,
    Recurrence::Monthly,
    Recurrence::Quarterly,
    Recurrence::Yearly,
];

/// One reporting period of a task: a key that names it in storage and URLs, and its days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    /// `once`, `2026-W48`, `2026-11`, `2026-Q4` or `2026`.
    pub key: String,
    /// First and last day, inclusive (both equal to the deadline's day for a one-off task).
    pub starts: Date,
    pub ends: Date,
}

/// The key of a one-off task's single period.
pub const ONCE: &str = "once";

impl Recurrence {
    pub fn as_str(self) -> &'static str {
        match self {
            Recurrence::Once => "once",
            Recurrence::Weekly => "weekly",
            Recurrence::Monthly => "monthly",
            Recurrence::Quarterly => "quarterly",
            Recurrence::Yearly => "yearly",
        }
    }

    pub fn parse(s: &str) -> Option<Recurrence> {
        RECURRENCES.into_iter().find(|r| r.as_str() == s.trim())
    }

    pub fn message_key(self) -> &'static str {
        match self {
            Recurrence::Once => "task.recurrence.once",
            Recurrence::Weekly => "task.recurrence.weekly",
            Recurrence::Monthly => "task.recurrence.monthly",
            Recurrence::Quarterly => "task.recurrence.quarterly",
            Recurrence::Yearly => "task.recurrence.yearly",
        }
    }

    /// The period that contains `day`.
    pub fn period_containing(self, day: Date) -> Period {
        match self {
            Recurrence::Once => Period {
                key: ONCE.to_owned(),
                starts: day,
                ends: day,
            },
            Recurrence::Weekly => {
                let offset = day.weekday().to_monday_zero_offset() as i64;
                let starts = day.saturating_sub(offset.days());
                let iso = starts.iso_week_date();
                Period {
                    key: format!("{}-W{:02}", iso.year(), iso.week()),
                    starts,
                    ends: starts.saturating_add(6.days()),
                }
            }
            Recurrence::Monthly => {
                let starts = day.first_of_month();
                Period {
                    key: format!("{}-{:02}", day.year(), day.month()),
                    starts,
                    ends: day.last_of_month(),
                }
            }
            Recurrence::Quarterly => {
                let quarter = (day.month() - 1) / 3;
                let starts = Date::new(day.year(), quarter * 3 + 1, 1).unwrap_or(day);
                let ends = starts.saturating_add(2.months()).last_of_month();
                Period {
                    key: format!("{}-Q{}", day.year(), quarter + 1),
                    starts,
                    ends,
                }
            }
            Recurrence::Yearly => Period {
                key: format!("{}", day.year()),
                starts: day.first_of_year(),
                ends: day.last_of_year(),
            },
        }
    }

    /// The period after `p` (a one-off task has none).
    pub fn next(self, p: &Period) -> Option<Period> {
        match self {
            Recurrence::Once => None,
            _ => p
                .ends
                .checked_add(1.day())
                .ok()
                .map(|d| self.period_containing(d)),
        }
    }

    /// Every period from the one containing `first` up to the one containing `last`, oldest
    /// first, at most `limit` of the newest.
    pub fn periods_between(self, first: Date, last: Date, limit: usize) -> Vec<Period> {
        let mut out = Vec::new();
        let mut p = self.period_containing(first);
        loop {
            if p.starts > last {
                break;
            }
            out.push(p.clone());
            match self.next(&p) {
                Some(n) => p = n,
                None => break,
            }
        }
        let skip = out.len().saturating_sub(limit);
        out.split_off(skip)
    }
}

/// The day a recurring period's report is due: `due_days` after the period's last day
/// (0 = the last day itself; 5 = the 5th of the next month for a monthly report).
pub fn due_day(period: &Period, due_days: i64) -> Date {
    period.ends.saturating_add(due_days.days())
}

/// The longest allowed gap between a period's end and its deadline.
pub const MAX_DUE_DAYS: i64 = 366;

/// Checks a task's title and description as typed.
pub fn check_text(title: &str, description: &str) -> Result<(String, String), TaskProblem> {
    let title = title.trim();
    if title.is_empty() {
        return Err(TaskProblem::TitleRequired);
    }
    if title.chars().count() > 200 || title.chars().any(char::is_control) {
        return Err(TaskProblem::TitleTooLong);
    }
    let description = description.trim();
    if description.chars().count() > 20_000 {
        return Err(TaskProblem::DescriptionTooLong);
    }
    Ok((title.to_owned(), description.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_life_of_a_task() {
        use TaskChange::*;
        use TaskStatus::*;
        assert_eq!(Draft.allows(Publish), Ok(()));
        assert_eq!(Draft.allows(Report), Err(TaskProblem::NotOpen));
        assert_eq!(Open.allows(Report), Ok(()));
        assert_eq!(Open.allows(Publish), Err(TaskProblem::NotDraft));
        assert_eq!(Closed.allows(Report), Err(TaskProblem::Closed));
        assert_eq!(Closed.allows(Reopen), Ok(()));
        for s in [Draft, Open, Closed] {
            assert_eq!(TaskStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn periods_have_stable_keys_and_days() {
        let day = date(2026, 11, 26);
        let w = Recurrence::Weekly.period_containing(day);
        assert_eq!(w.key, "2026-W48");
        assert_eq!((w.starts, w.ends), (date(2026, 11, 23), date(2026, 11, 29)));
        let m = Recurrence::Monthly.period_containing(day);
        assert_eq!((m.key.as_str(), m.ends), ("2026-11", date(2026, 11, 30)));
        let q = Recurrence::Quarterly.period_containing(day);
        assert_eq!(q.key, "2026-Q4");
        assert_eq!((q.starts, q.ends), (date(2026, 10, 1), date(2026, 12, 31)));
        let y = Recurrence::Yearly.period_containing(day);
        assert_eq!((y.key.as_str(), y.starts), ("2026", date(2026, 1, 1)));
        // ISO weeks at a year's turn belong to the year of their Monday's week-year.
        let w1 = Recurrence::Weekly.period_containing(date(2027, 1, 1));
        assert_eq!(w1.key, "2026-W53");
        assert_eq!(Recurrence::Once.period_containing(day).key, ONCE);
    }

    #[test]
    fn periods_follow_each_other() {
        let months = Recurrence::Monthly.periods_between(date(2026, 11, 15), date(2027, 2, 1), 10);
        let keys: Vec<&str> = months.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["2026-11", "2026-12", "2027-01", "2027-02"]);
        let last_two = Recurrence::Monthly.periods_between(date(2026, 1, 1), date(2026, 12, 1), 2);
        assert_eq!(last_two[0].key, "2026-11");
        assert_eq!(
            Recurrence::Once
                .periods_between(date(2026, 1, 1), date(2027, 1, 1), 10)
                .len(),
            1
        );
        let q = Recurrence::Quarterly.period_containing(date(2026, 11, 1));
        assert_eq!(due_day(&q, 10), date(2027, 1, 10));
    }

    #[test]
    fn categories_come_from_the_setting_or_the_defaults() {
        assert_eq!(
            categories_from_setting(None).len(),
            DEFAULT_CATEGORIES.len()
        );
        assert_eq!(
            categories_from_setting(Some(" 学习 \n\n党费\n")),
            ["学习", "党费"]
        );
        let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            parse_categories(&list(&[" 党费 ", "学习"])),
            Ok(list(&["党费", "学习"]))
        );
        for bad in [
            list(&[]),
            list(&["学习", "学习"]),
            list(&[""]),
            list(&[&"长".repeat(21)]),
        ] {
            assert_eq!(parse_categories(&bad), Err(TaskProblem::CategoriesInvalid));
        }
    }

    #[test]
    fn titles_are_checked() {
        assert_eq!(check_text("  ", ""), Err(TaskProblem::TitleRequired));
        assert_eq!(
            check_text(&"长".repeat(201), ""),
            Err(TaskProblem::TitleTooLong)
        );
        assert_eq!(
            check_text(" 报送 ", " x "),
            Ok(("报送".to_owned(), "x".to_owned()))
        );
    }
}
