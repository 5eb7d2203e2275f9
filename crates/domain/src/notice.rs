//! 通知: a notice's life — draft, published, withdrawn — and who receives it.

use crate::OrgKind;
use crate::problem::Problem;

/// Where a notice is in its life. Withdrawal is a state: the notice stays readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeStatus {
    Draft,
    Published,
    Withdrawn,
}

/// A change asked of a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeChange {
    Edit,
    Publish,
    Withdraw,
}

/// Why a change is not possible in the notice's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeProblem {
    AlreadyPublished,
    Withdrawn,
    NotPublished,
    NoRecipients,
    ReasonRequired,
    /// The deployment asks for 签发 and the current revision has not been signed off.
    SignoffRequired,
}

impl Problem for NoticeProblem {
    fn code(&self) -> &'static str {
        match self {
            NoticeProblem::AlreadyPublished => "already_published",
            NoticeProblem::Withdrawn => "withdrawn",
            NoticeProblem::NotPublished => "not_published",
            NoticeProblem::NoRecipients => "no_recipients",
            NoticeProblem::ReasonRequired => "reason_required",
            NoticeProblem::SignoffRequired => "signoff_required",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            NoticeProblem::AlreadyPublished => "notice.problem.already_published",
            NoticeProblem::Withdrawn => "notice.problem.withdrawn",
            NoticeProblem::NotPublished => "notice.problem.not_published",
            NoticeProblem::NoRecipients => "notice.problem.no_recipients",
            NoticeProblem::ReasonRequired => "notice.problem.reason_required",
            NoticeProblem::SignoffRequired => "notice.problem.signoff_required",
        }
    }
}

impl NoticeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeStatus::Draft => "draft",
            NoticeStatus::Published => "published",
            NoticeStatus::Withdrawn => "withdrawn",
        }
    }

    pub fn parse(s: &str) -> Option<NoticeStatus> {
        match s {
            "draft" => Some(NoticeStatus::Draft),
            "published" => Some(NoticeStatus::Published),
            "withdrawn" => Some(NoticeStatus::Withdrawn),
            _ => None,
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            NoticeStatus::Draft => "notice.status.draft",
            NoticeStatus::Published => "notice.status.published",
            NoticeStatus::Withdrawn => "notice.status.withdrawn",
        }
    }

    /// Whether `change` is allowed now. Editing a published notice is allowed: it makes a new
    /// revision that recipients see as changed.
    pub fn allows(self, change: NoticeChange) -> Result<(), NoticeProblem> {
        use NoticeChange::*;
        use NoticeStatus::*;
        match (self, change) {
            (Withdrawn, _) => Err(NoticeProblem::Withdrawn),
            (Draft, Edit | Publish) | (Published, Edit | Withdraw) => Ok(()),
            (Published, Publish) => Err(NoticeProblem::AlreadyPublished),
            (Draft, Withdraw) => Err(NoticeProblem::NotPublished),
        }
    }
}

/// Which orgs of a chosen subtree receive a notice: every level that acts on it (committees,
/// general branches, branches), not party groups, and never the issuing org itself.
pub fn receives(kind: OrgKind, is_issuer: bool) -> bool {
    !is_issuer && kind != OrgKind::Group
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_life_of_a_notice() {
        use NoticeChange::*;
        use NoticeStatus::*;
        assert_eq!(Draft.allows(Publish), Ok(()));
        assert_eq!(Draft.allows(Withdraw), Err(NoticeProblem::NotPublished));
        assert_eq!(Published.allows(Edit), Ok(()));
        assert_eq!(
            Published.allows(Publish),
            Err(NoticeProblem::AlreadyPublished)
        );
        assert_eq!(Withdrawn.allows(Edit), Err(NoticeProblem::Withdrawn));
        for s in [Draft, Published, Withdrawn] {
            assert_eq!(NoticeStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn groups_and_the_issuer_do_not_receive() {
        assert!(receives(OrgKind::Branch, false));
        assert!(!receives(OrgKind::Branch, true));
        assert!(!receives(OrgKind::Group, false));
    }
}
