//! 签发: the path a notice's draft takes before it goes out when the deployment asks for it —
//! 拟稿 (written), 送审 (sent for review), 核稿 (reviewed) and 签发 (signed off), each decision
//! an approval or a return (退回修改) with its reason.
//!
//! What was done is kept as acts on one revision and never changed. Where a revision stands is
//! read from its own acts alone, so an edit — a new revision, with no acts yet — voids every
//! approval of the text it replaced without anything being rewritten.

use crate::problem::Problem;

/// The two steps that decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// 核稿
    Review,
    /// 签发
    Signoff,
}

impl Step {
    pub fn as_str(self) -> &'static str {
        match self {
            Step::Review => "review",
            Step::Signoff => "signoff",
        }
    }
}

/// What a deciding step answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approved,
    /// 退回修改, always with a reason.
    Returned,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Returned => "returned",
        }
    }
}

/// One act on a revision, as kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    /// 送审: the draft is handed over for review.
    Sent,
    Decided(Step, Decision),
}

impl Act {
    /// The stored `(step, decision)` pair; anything else is not an act.
    pub fn parse(step: &str, decision: &str) -> Option<Act> {
        let decision = match decision {
            "sent" => return (step == "send").then_some(Act::Sent),
            "approved" => Decision::Approved,
            "returned" => Decision::Returned,
            _ => return None,
        };
        match step {
            "review" => Some(Act::Decided(Step::Review, decision)),
            "signoff" => Some(Act::Decided(Step::Signoff, decision)),
            _ => None,
        }
    }

    /// What a person asked for: `send`, or `review` / `signoff` with `approved` or `returned`
    /// (a decision given with `send` is ignored: there is nothing to decide).
    pub fn asked(step: &str, decision: &str) -> Option<Act> {
        match step.trim() {
            "send" => Some(Act::Sent),
            step => Act::parse(step, decision.trim()).filter(|a| *a != Act::Sent),
        }
    }

    pub fn step_str(self) -> &'static str {
        match self {
            Act::Sent => "send",
            Act::Decided(step, _) => step.as_str(),
        }
    }

    pub fn decision_str(self) -> &'static str {
        match self {
            Act::Sent => "sent",
            Act::Decided(_, decision) => decision.as_str(),
        }
    }

    /// The audit log's action code.
    pub fn audit_action(self) -> &'static str {
        use {Decision::*, Step::*};
        match self {
            Act::Sent => "notice.send_for_review",
            Act::Decided(Review, Approved) => "notice.review_approve",
            Act::Decided(Review, Returned) => "notice.review_return",
            Act::Decided(Signoff, Approved) => "notice.signoff_approve",
            Act::Decided(Signoff, Returned) => "notice.signoff_return",
        }
    }

    /// The catalogue key naming the act in a trail (送审, 核稿通过, 退回修改 …).
    pub fn message_key(self) -> &'static str {
        use {Decision::*, Step::*};
        match self {
            Act::Sent => "notice.signoff.act.sent",
            Act::Decided(Review, Approved) => "notice.signoff.act.reviewed",
            Act::Decided(Review, Returned) => "notice.signoff.act.review_returned",
            Act::Decided(Signoff, Approved) => "notice.signoff.act.signed_off",
            Act::Decided(Signoff, Returned) => "notice.signoff.act.signoff_returned",
        }
    }

    /// Deciding needs another hand than the one that wrote the revision (four-eyes).
    pub fn decides(self) -> bool {
        matches!(self, Act::Decided(..))
    }

    pub fn returned(self) -> bool {
        matches!(self, Act::Decided(_, Decision::Returned))
    }
}

/// Where a revision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// 拟稿: nothing done on this revision yet.
    Drafting,
    /// 待核稿
    AwaitingReview,
    /// 待签发
    AwaitingSignoff,
    /// 已签发: it may go out.
    SignedOff,
    /// 已退回: returned at a step; the drafter edits it (or sends it again).
    Returned(Step),
}

impl Stage {
    /// Where a revision stands after its acts, oldest first. An act that does not follow from
    /// the stage before it (none is ever written) leaves the stage as it was.
    pub fn of(acts: impl IntoIterator<Item = Act>) -> Stage {
        acts.into_iter().fold(Stage::Drafting, |stage, act| {
            stage.after(act).unwrap_or(stage)
        })
    }

    /// The stage `act` leads to, or why it cannot be done now.
    pub fn after(self, act: Act) -> Result<Stage, SignoffProblem> {
        use Stage::*;
        use Step::*;
        match (self, act) {
            (Drafting | Returned(_), Act::Sent) => Ok(AwaitingReview),
            (_, Act::Sent) => Err(SignoffProblem::AlreadySent),
            (Drafting | Returned(_), Act::Decided(..)) => Err(SignoffProblem::NotSent),
            (AwaitingReview, Act::Decided(Review, d)) => Ok(match d {
                Decision::Approved => AwaitingSignoff,
                Decision::Returned => Returned(Review),
            }),
            (AwaitingReview, Act::Decided(Signoff, _)) => Err(SignoffProblem::NotReviewed),
            (AwaitingSignoff, Act::Decided(Signoff, d)) => Ok(match d {
                Decision::Approved => SignedOff,
                Decision::Returned => Returned(Signoff),
            }),
            (AwaitingSignoff | SignedOff, Act::Decided(..)) => Err(SignoffProblem::AlreadyDecided),
        }
    }

    /// The step waiting for a decision, if one is.
    pub fn waits_for(self) -> Option<Step> {
        match self {
            Stage::AwaitingReview => Some(Step::Review),
            Stage::AwaitingSignoff => Some(Step::Signoff),
            _ => None,
        }
    }

    /// Whether it may be sent (送审) now.
    pub fn may_send(self) -> bool {
        matches!(self, Stage::Drafting | Stage::Returned(_))
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Drafting => "drafting",
            Stage::AwaitingReview => "awaiting_review",
            Stage::AwaitingSignoff => "awaiting_signoff",
            Stage::SignedOff => "signed_off",
            Stage::Returned(_) => "returned",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            Stage::Drafting => "notice.signoff.stage.drafting",
            Stage::AwaitingReview => "notice.signoff.stage.awaiting_review",
            Stage::AwaitingSignoff => "notice.signoff.stage.awaiting_signoff",
            Stage::SignedOff => "notice.signoff.stage.signed_off",
            Stage::Returned(_) => "notice.signoff.stage.returned",
        }
    }
}

/// The longest reason (or approver's comment) kept.
pub const MAX_REASON_CHARS: usize = 500;

/// The reason or comment given with `act`, trimmed: a return needs one the drafter can act
/// on; an approval may carry a comment (意见); sending carries nothing.
pub fn reason_for(act: Act, typed: &str) -> Result<String, SignoffProblem> {
    let reason = typed.trim();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(SignoffProblem::ReasonTooLong);
    }
    match act {
        Act::Sent => Ok(String::new()),
        a if a.returned() && reason.is_empty() => Err(SignoffProblem::ReasonRequired),
        _ => Ok(reason.to_owned()),
    }
}

/// Four-eyes: nobody reviews, signs or returns a revision they wrote themselves.
pub fn may_decide(act: Act, author: Option<i64>, by: i64) -> Result<(), SignoffProblem> {
    if act.decides() && author == Some(by) {
        return Err(SignoffProblem::OwnRevision);
    }
    Ok(())
}

/// Why a 签发 act is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignoffProblem {
    /// The deployment does not ask for 签发.
    Off,
    /// Only a draft is reviewed and signed off.
    NotDraft,
    /// Asked for something other than send, review or signoff, approved or returned.
    UnknownAct,
    NotSent,
    AlreadySent,
    /// 签发 before 核稿.
    NotReviewed,
    /// The step was decided already.
    AlreadyDecided,
    OwnRevision,
    ReasonRequired,
    ReasonTooLong,
    /// The draft was edited since the caller read it: `current` is the revision now.
    Stale {
        current: i64,
    },
}

impl Problem for SignoffProblem {
    fn code(&self) -> &'static str {
        match self {
            SignoffProblem::Off => "signoff_off",
            SignoffProblem::NotDraft => "not_a_draft",
            SignoffProblem::UnknownAct => "invalid_step",
            SignoffProblem::NotSent => "not_sent_for_review",
            SignoffProblem::AlreadySent => "already_sent_for_review",
            SignoffProblem::NotReviewed => "not_reviewed",
            SignoffProblem::AlreadyDecided => "already_decided",
            SignoffProblem::OwnRevision => "own_revision",
            SignoffProblem::ReasonRequired => "reason_required",
            SignoffProblem::ReasonTooLong => "reason_too_long",
            SignoffProblem::Stale { .. } => "stale_revision",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            SignoffProblem::Off => "notice.signoff.problem.off",
            SignoffProblem::NotDraft => "notice.signoff.problem.not_a_draft",
            SignoffProblem::UnknownAct => "notice.signoff.problem.invalid_step",
            SignoffProblem::NotSent => "notice.signoff.problem.not_sent",
            SignoffProblem::AlreadySent => "notice.signoff.problem.already_sent",
            SignoffProblem::NotReviewed => "notice.signoff.problem.not_reviewed",
            SignoffProblem::AlreadyDecided => "notice.signoff.problem.already_decided",
            SignoffProblem::OwnRevision => "notice.signoff.problem.own_revision",
            SignoffProblem::ReasonRequired => "notice.signoff.problem.reason_required",
            SignoffProblem::ReasonTooLong => "notice.signoff.problem.reason_too_long",
            SignoffProblem::Stale { .. } => "notice.signoff.problem.stale",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            SignoffProblem::Stale { current } => vec![("revision", current.to_string())],
            SignoffProblem::ReasonTooLong => vec![("max", MAX_REASON_CHARS.to_string())],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision::*;
    use Step::*;

    #[test]
    fn a_draft_is_sent_reviewed_and_signed_off() {
        let acts = [
            Act::Sent,
            Act::Decided(Review, Approved),
            Act::Decided(Signoff, Approved),
        ];
        assert_eq!(Stage::of([]), Stage::Drafting);
        assert_eq!(Stage::of(acts[..1].iter().copied()), Stage::AwaitingReview);
        assert_eq!(Stage::of(acts[..2].iter().copied()), Stage::AwaitingSignoff);
        assert_eq!(Stage::of(acts), Stage::SignedOff);
    }

    #[test]
    fn steps_come_in_order_and_once() {
        let d = Stage::Drafting;
        assert_eq!(
            d.after(Act::Decided(Review, Approved)),
            Err(SignoffProblem::NotSent)
        );
        let r = Stage::AwaitingReview;
        assert_eq!(
            r.after(Act::Decided(Signoff, Approved)),
            Err(SignoffProblem::NotReviewed)
        );
        assert_eq!(r.after(Act::Sent), Err(SignoffProblem::AlreadySent));
        let s = Stage::AwaitingSignoff;
        assert_eq!(
            s.after(Act::Decided(Review, Approved)),
            Err(SignoffProblem::AlreadyDecided)
        );
        assert_eq!(
            Stage::SignedOff.after(Act::Decided(Signoff, Approved)),
            Err(SignoffProblem::AlreadyDecided)
        );
    }

    #[test]
    fn a_returned_draft_may_be_sent_again() {
        let returned = Stage::of([Act::Sent, Act::Decided(Signoff, Returned)]);
        assert_eq!(
            returned,
            Stage::AwaitingReview,
            "an act out of turn is ignored"
        );
        let returned = Stage::of([
            Act::Sent,
            Act::Decided(Review, Approved),
            Act::Decided(Signoff, Returned),
        ]);
        assert_eq!(returned, Stage::Returned(Signoff));
        assert_eq!(returned.after(Act::Sent), Ok(Stage::AwaitingReview));
    }

    #[test]
    fn a_return_needs_a_reason_and_nobody_decides_on_their_own_text() {
        let back = Act::Decided(Review, Returned);
        assert_eq!(reason_for(back, "  "), Err(SignoffProblem::ReasonRequired));
        assert_eq!(
            reason_for(back, " 请核对时限 "),
            Ok("请核对时限".to_owned())
        );
        assert_eq!(
            reason_for(Act::Decided(Review, Approved), ""),
            Ok(String::new())
        );
        assert_eq!(
            reason_for(back, &"字".repeat(MAX_REASON_CHARS + 1)),
            Err(SignoffProblem::ReasonTooLong)
        );
        assert_eq!(
            may_decide(back, Some(7), 7),
            Err(SignoffProblem::OwnRevision)
        );
        assert_eq!(may_decide(back, Some(7), 8), Ok(()));
        assert_eq!(may_decide(Act::Sent, Some(7), 7), Ok(()));
    }

    #[test]
    fn acts_round_trip_through_their_stored_names() {
        for act in [
            Act::Sent,
            Act::Decided(Review, Approved),
            Act::Decided(Review, Returned),
            Act::Decided(Signoff, Approved),
            Act::Decided(Signoff, Returned),
        ] {
            assert_eq!(Act::parse(act.step_str(), act.decision_str()), Some(act));
        }
        assert_eq!(Act::parse("send", "approved"), None);
        assert_eq!(Act::parse("review", "sent"), None);
        assert_eq!(Act::asked("send", "approved"), Some(Act::Sent));
        assert_eq!(Act::asked("review", "sent"), None);
        assert_eq!(Act::asked("publish", "approved"), None);
    }
}
