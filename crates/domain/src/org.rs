//! 组织: the kinds of node in the organisation tree.

use serde::{Deserialize, Serialize};

/// 党委/委员会, 党总支, 党支部, 党小组.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Committee,
    GeneralBranch,
    Branch,
    Group,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::Committee,
        OrgKind::GeneralBranch,
        OrgKind::Branch,
        OrgKind::Group,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Committee => "committee",
            OrgKind::GeneralBranch => "general_branch",
            OrgKind::Branch => "branch",
            OrgKind::Group => "group",
        }
    }

    pub fn parse(s: &str) -> Option<OrgKind> {
        OrgKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl OrgKind {
    /// Which kinds may sit directly under this one: a committee holds general branches and
    /// branches (and sub-committees), a general branch holds branches, a branch holds groups.
    pub fn may_contain(self, child: OrgKind) -> bool {
        match self {
            OrgKind::Committee => child != OrgKind::Group,
            OrgKind::GeneralBranch => child == OrgKind::Branch,
            OrgKind::Branch => child == OrgKind::Group,
            OrgKind::Group => false,
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            OrgKind::Committee => "org.kind.committee",
            OrgKind::GeneralBranch => "org.kind.general_branch",
            OrgKind::Branch => "org.kind.branch",
            OrgKind::Group => "org.kind.group",
        }
    }
}

/// Why an org cannot be moved where asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveProblem {
    /// Under itself or one of its own descendants.
    IntoItself,
    /// The new parent's kind cannot hold this kind.
    WrongKind,
    /// The new parent is closed.
    ParentClosed,
}

impl crate::Problem for MoveProblem {
    fn code(&self) -> &'static str {
        match self {
            MoveProblem::IntoItself => "into_itself",
            MoveProblem::WrongKind => "wrong_kind",
            MoveProblem::ParentClosed => "parent_closed",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            MoveProblem::IntoItself => "org.move.into_itself",
            MoveProblem::WrongKind => "org.move.wrong_kind",
            MoveProblem::ParentClosed => "org.parent_closed",
        }
    }
}

/// Checks a move of the org at `path` (of `kind`) under `parent_path` (of `parent_kind`).
pub fn check_move(
    path: &str,
    kind: OrgKind,
    parent_path: &str,
    parent_kind: OrgKind,
    parent_open: bool,
) -> Result<(), MoveProblem> {
    if parent_path.starts_with(path) {
        return Err(MoveProblem::IntoItself);
    }
    if !parent_kind.may_contain(kind) {
        return Err(MoveProblem::WrongKind);
    }
    if !parent_open {
        return Err(MoveProblem::ParentClosed);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_org_cannot_move_under_itself_or_under_the_wrong_kind() {
        use OrgKind::*;
        assert_eq!(
            check_move("/1/7/", Branch, "/1/7/9/", Group, true),
            Err(MoveProblem::IntoItself)
        );
        assert_eq!(
            check_move("/1/7/", Branch, "/1/7/", Branch, true),
            Err(MoveProblem::IntoItself)
        );
        assert_eq!(
            check_move("/1/7/", Branch, "/1/8/", Branch, true),
            Err(MoveProblem::WrongKind)
        );
        assert_eq!(
            check_move("/1/7/", Branch, "/1/8/", GeneralBranch, false),
            Err(MoveProblem::ParentClosed)
        );
        assert_eq!(
            check_move("/1/7/", Branch, "/1/8/", GeneralBranch, true),
            Ok(())
        );
        assert_eq!(
            check_move("/1/7/", Branch, "/1/70/", Committee, true),
            Ok(())
        );
    }

    #[test]
    fn kinds_round_trip() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.as_str()), Some(k));
        }
    }
}

/// Whether an org takes part: a closed org keeps its history and drops out of new assignments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgStatus {
    Open,
    Closed,
}

impl OrgStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgStatus::Open => "open",
            OrgStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<OrgStatus> {
        match s {
            "open" => Some(OrgStatus::Open),
            "closed" => Some(OrgStatus::Closed),
            _ => None,
        }
    }
}
