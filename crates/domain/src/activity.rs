//! Branch life on record (issue 14): the kinds of activity a branch holds (三会一课, 主题党日,
//! training …) with how often each is expected, an activity's states, and the attendance
//! figures, always computed from the marks, never typed.

use crate::Problem;

/// How often a kind of activity is expected of a branch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    Monthly,
    Quarterly,
    HalfYearly,
    Yearly,
    /// Held when there is cause; nothing is owed.
    AsNeeded,
}

impl Frequency {
    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Monthly => "monthly",
            Frequency::Quarterly => "quarterly",
            Frequency::HalfYearly => "half_yearly",
            Frequency::Yearly => "yearly",
            Frequency::AsNeeded => "as_needed",
        }
    }

    pub const ALL: [Frequency; 5] = [
        Frequency::Monthly,
        Frequency::Quarterly,
        Frequency::HalfYearly,
        Frequency::Yearly,
        Frequency::AsNeeded,
    ];

    pub fn message_key(self) -> &'static str {
        match self {
            Frequency::Monthly => "activity.frequency.monthly",
            Frequency::Quarterly => "activity.frequency.quarterly",
            Frequency::HalfYearly => "activity.frequency.half_yearly",
            Frequency::Yearly => "activity.frequency.yearly",
            Frequency::AsNeeded => "activity.frequency.as_needed",
        }
    }

    pub fn parse(s: &str) -> Option<Frequency> {
        Some(match s {
            "monthly" => Frequency::Monthly,
            "quarterly" => Frequency::Quarterly,
            "half_yearly" => Frequency::HalfYearly,
            "yearly" => Frequency::Yearly,
            "as_needed" => Frequency::AsNeeded,
            _ => return None,
        })
    }

    /// Months in one expected period.
    fn months(self) -> Option<u32> {
        match self {
            Frequency::Monthly => Some(1),
            Frequency::Quarterly => Some(3),
            Frequency::HalfYearly => Some(6),
            Frequency::Yearly => Some(12),
            Frequency::AsNeeded => None,
        }
    }

    /// How many are owed for a year by the end of month `upto` (1–12): the periods that have
    /// ended or are running (the running one counts: it is owed by its end).
    pub fn expected_by(self, upto: u32) -> u32 {
        match self.months() {
            Some(m) => upto.clamp(1, 12).div_ceil(m),
            None => 0,
        }
    }

    /// The period (from 0) month `month` (1–12) falls in, for counting what was held per period.
    pub fn period_of(self, month: u32) -> Option<u32> {
        self.months().map(|m| (month.clamp(1, 12) - 1) / m)
    }
}

/// The kinds a deployment starts with: (code, name, frequency). The list is a setting; these
/// follow the usual rules (支委会 and 主题党日 monthly, 党员大会 and 党课 quarterly, 组织生活会 and
/// 民主评议 yearly).
pub const DEFAULT_KINDS: [(&str, &str, Frequency); 13] = [
    ("general_meeting", "支部党员大会", Frequency::Quarterly),
    ("committee_meeting", "支部委员会", Frequency::Monthly),
    ("group_meeting", "党小组会", Frequency::Monthly),
    ("party_lecture", "党课", Frequency::Quarterly),
    ("theme_day", "主题党日", Frequency::Monthly),
    ("life_meeting", "组织生活会", Frequency::Yearly),
    ("member_review", "民主评议党员", Frequency::Yearly),
    ("training", "培训", Frequency::AsNeeded),
    ("seminar", "理论研讨", Frequency::AsNeeded),
    ("research", "课题研究", Frequency::AsNeeded),
    ("science_outreach", "科普活动", Frequency::AsNeeded),
    ("volunteer", "志愿服务", Frequency::AsNeeded),
    ("other", "其他", Frequency::AsNeeded),
];

/// Where an activity stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityState {
    /// Planned ahead (计划).
    Planned,
    /// Held and being recorded (已召开).
    Held,
    /// Confirmed by the branch secretary: locked; corrections are versions with a reason.
    Confirmed,
    /// Called off, with a reason (取消).
    Cancelled,
}

impl ActivityState {
    pub fn as_str(self) -> &'static str {
        match self {
            ActivityState::Planned => "planned",
            ActivityState::Held => "held",
            ActivityState::Confirmed => "confirmed",
            ActivityState::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityState> {
        Some(match s {
            "planned" => ActivityState::Planned,
            "held" => ActivityState::Held,
            "confirmed" => ActivityState::Confirmed,
            "cancelled" => ActivityState::Cancelled,
            _ => return None,
        })
    }

    /// Whether it took place (held, confirmed or not yet): what ledgers count.
    pub fn took_place(self) -> bool {
        matches!(self, ActivityState::Held | ActivityState::Confirmed)
    }

    pub fn message_key(self) -> &'static str {
        match self {
            ActivityState::Planned => "activity.state.planned",
            ActivityState::Held => "activity.state.held",
            ActivityState::Confirmed => "activity.state.confirmed",
            ActivityState::Cancelled => "activity.state.cancelled",
        }
    }
}

/// What is asked of an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityChange {
    /// Change the plan or the record without changing where it stands.
    Edit,
    Record,
    Confirm,
    Cancel,
    Correct,
}

/// Why an activity change is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivityProblem {
    /// Confirmed: only a correction with a reason changes it.
    Locked,
    Cancelled,
    /// Only a held activity is confirmed, only a confirmed one corrected.
    NotYet,
    ReasonRequired,
}

impl Problem for ActivityProblem {
    fn code(&self) -> &'static str {
        match self {
            ActivityProblem::Locked => "activity_locked",
            ActivityProblem::Cancelled => "activity_cancelled",
            ActivityProblem::NotYet => "activity_not_held",
            ActivityProblem::ReasonRequired => "reason_required",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            ActivityProblem::Locked => "activity.problem.locked",
            ActivityProblem::Cancelled => "activity.problem.cancelled",
            ActivityProblem::NotYet => "activity.problem.not_held",
            ActivityProblem::ReasonRequired => "activity.problem.reason_required",
        }
    }
}

impl ActivityState {
    /// The state `change` leads to, or why it may not happen now.
    pub fn after(self, change: ActivityChange) -> Result<ActivityState, ActivityProblem> {
        use ActivityChange as C;
        use ActivityState as S;
        match (self, change) {
            (S::Cancelled, _) => Err(ActivityProblem::Cancelled),
            (S::Planned | S::Held, C::Edit) => Ok(self),
            (S::Planned | S::Held, C::Record) => Ok(S::Held),
            (S::Planned | S::Held, C::Cancel) => Ok(S::Cancelled),
            (S::Held, C::Confirm) => Ok(S::Confirmed),
            (S::Confirmed, C::Correct) => Ok(S::Confirmed),
            (S::Confirmed, _) => Err(ActivityProblem::Locked),
            (S::Planned, C::Confirm) | (S::Planned | S::Held, C::Correct) => {
                Err(ActivityProblem::NotYet)
            }
        }
    }
}

/// One member's mark for an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// 出席
    Present,
    /// 请假 (with a reason, kept beside the mark)
    Leave,
    /// 缺席
    Absent,
    /// 列席: a guest from another branch, outside the figures.
    Guest,
}

impl Mark {
    pub const ALL: [Mark; 4] = [Mark::Present, Mark::Leave, Mark::Absent, Mark::Guest];

    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Present => "present",
            Mark::Leave => "leave",
            Mark::Absent => "absent",
            Mark::Guest => "guest",
        }
    }

    pub fn parse(s: &str) -> Option<Mark> {
        Mark::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn message_key(self) -> &'static str {
        match self {
            Mark::Present => "activity.mark.present",
            Mark::Leave => "activity.mark.leave",
            Mark::Absent => "activity.mark.absent",
            Mark::Guest => "activity.mark.guest",
        }
    }
}

/// 应到 / 实到 / 请假 / 缺席 and the attendance rate, computed from the marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    pub expected: u32,
    pub present: u32,
    pub leave: u32,
    pub absent: u32,
    pub guests: u32,
}

impl Figures {
    /// The figures of `marks`, the branch's members on its roster that day (guests apart). A
    /// member without a mark counts as absent: 应到 is the roster, not the marks.
    pub fn of(members_on_roster: u32, marks: &[Mark]) -> Figures {
        let count = |m: Mark| marks.iter().filter(|x| **x == m).count() as u32;
        let (present, leave) = (count(Mark::Present), count(Mark::Leave));
        Figures {
            expected: members_on_roster,
            present,
            leave,
            absent: members_on_roster.saturating_sub(present + leave),
            guests: count(Mark::Guest),
        }
    }

    /// 实到 ÷ 应到, in percent (0 when nobody was expected).
    pub fn rate(&self) -> f64 {
        if self.expected == 0 {
            0.0
        } else {
            f64::from(self.present) * 100.0 / f64::from(self.expected)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_owed_by_a_month_counts_the_running_period() {
        assert_eq!(Frequency::Monthly.expected_by(5), 5);
        assert_eq!(Frequency::Quarterly.expected_by(1), 1);
        assert_eq!(Frequency::Quarterly.expected_by(4), 2);
        assert_eq!(Frequency::Quarterly.expected_by(12), 4);
        assert_eq!(Frequency::Yearly.expected_by(7), 1);
        assert_eq!(Frequency::AsNeeded.expected_by(12), 0);
        assert_eq!(Frequency::Quarterly.period_of(6), Some(1));
        assert_eq!(Frequency::AsNeeded.period_of(6), None);
        for (code, _, f) in DEFAULT_KINDS {
            assert!(!code.is_empty());
            assert_eq!(Frequency::parse(f.as_str()), Some(f));
        }
    }

    #[test]
    fn a_confirmed_record_is_locked_but_for_a_correction() {
        use ActivityChange as C;
        use ActivityState as S;
        assert_eq!(S::Planned.after(C::Record), Ok(S::Held));
        assert_eq!(S::Held.after(C::Confirm), Ok(S::Confirmed));
        assert_eq!(S::Planned.after(C::Confirm), Err(ActivityProblem::NotYet));
        assert_eq!(S::Confirmed.after(C::Record), Err(ActivityProblem::Locked));
        assert_eq!(S::Confirmed.after(C::Correct), Ok(S::Confirmed));
        assert_eq!(
            S::Cancelled.after(C::Record),
            Err(ActivityProblem::Cancelled)
        );
        assert_eq!(S::Held.after(C::Cancel), Ok(S::Cancelled));
    }

    #[test]
    fn figures_come_from_the_marks_and_the_roster() {
        use Mark::*;
        let f = Figures::of(
            10,
            &[Present, Present, Present, Leave, Absent, Guest, Guest],
        );
        assert_eq!(
            f,
            Figures {
                expected: 10,
                present: 3,
                leave: 1,
                absent: 6,
                guests: 2
            }
        );
        assert!((f.rate() - 30.0).abs() < 1e-9);
        assert_eq!(Figures::of(0, &[Guest]).rate(), 0.0);
    }
}
