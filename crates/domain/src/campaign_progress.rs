//! How far a branch has come in a campaign: the figures the committee's dashboard shows per
//! branch and rolls up the tree, and the to-do list a branch sees.

use crate::campaign::Requirement;
use std::collections::BTreeMap;

/// One branch's figures in a campaign (or the sum over a subtree).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Figures {
    /// Branches counted (1 for a branch; the sum for a subtree).
    pub branches: u32,
    /// Held (or confirmed) activities linked to the campaign, by kind code.
    pub held_by_kind: BTreeMap<String, u32>,
    /// Attendance over those activities: expected members (应到) and present (实到).
    pub expected: u32,
    pub present: u32,
    pub volunteer_minutes: i64,
    /// Materials studied in at least one session (summed over branches in a rollup).
    pub materials_covered: u32,
    /// Materials whose 先学领学 was done.
    pub lead_first_done: u32,
    /// Members on the roster now.
    pub members: u32,
    /// Members who studied each material (self-study or present at a session on it), by
    /// material id.
    pub studied_by_material: BTreeMap<i64, u32>,
    /// Members with any study logged or attended.
    pub members_studying: u32,
    pub study_minutes: i64,
    pub reflections: u32,
    pub featured: u32,
    /// Branches whose every requirement is met.
    pub requirements_met: u32,
}

/// The kind code of 科普活动, counted apart on the dashboard.
pub const SCIENCE_KIND: &str = "science_outreach";

impl Figures {
    pub fn held(&self) -> u32 {
        self.held_by_kind.values().sum()
    }

    pub fn science_events(&self) -> u32 {
        self.held_by_kind.get(SCIENCE_KIND).copied().unwrap_or(0)
    }

    /// 实到 / 应到 in per cent, one decimal; `None` with nobody expected.
    pub fn attendance_rate(&self) -> Option<f64> {
        (self.expected > 0)
            .then(|| (self.present as f64 * 1000.0 / self.expected as f64).round() / 10.0)
    }

    /// Adds another branch's (or subtree's) figures, for a rollup.
    pub fn add(&mut self, o: &Figures) {
        self.branches += o.branches;
        for (k, n) in &o.held_by_kind {
            *self.held_by_kind.entry(k.clone()).or_default() += n;
        }
        self.expected += o.expected;
        self.present += o.present;
        self.volunteer_minutes += o.volunteer_minutes;
        self.materials_covered += o.materials_covered;
        self.lead_first_done += o.lead_first_done;
        self.members += o.members;
        for (k, n) in &o.studied_by_material {
            *self.studied_by_material.entry(*k).or_default() += n;
        }
        self.members_studying += o.members_studying;
        self.study_minutes += o.study_minutes;
        self.reflections += o.reflections;
        self.featured += o.featured;
        self.requirements_met += o.requirements_met;
    }
}

/// One requirement and how far a branch has come with it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RequirementStanding {
    pub kind: String,
    pub count: u32,
    pub held: u32,
    pub note: String,
}

impl RequirementStanding {
    pub fn met(&self) -> bool {
        self.held >= self.count
    }
}

/// Each requirement beside what the branch held.
pub fn requirements_standing(
    requirements: &[Requirement],
    held_by_kind: &BTreeMap<String, u32>,
) -> Vec<RequirementStanding> {
    requirements
        .iter()
        .map(|r| RequirementStanding {
            kind: r.kind.clone(),
            count: r.count,
            held: held_by_kind.get(&r.kind).copied().unwrap_or(0),
            note: r.note.clone(),
        })
        .collect()
}

/// Every requirement met (a campaign without requirements asks none).
pub fn all_met(standing: &[RequirementStanding]) -> bool {
    standing.iter().all(RequirementStanding::met)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_roll_up_and_give_rates() {
        let mut a = Figures {
            branches: 1,
            expected: 10,
            present: 9,
            ..Figures::default()
        };
        a.held_by_kind.insert("theme_day".into(), 2);
        a.studied_by_material.insert(7, 4);
        let mut b = Figures {
            branches: 1,
            expected: 5,
            present: 2,
            ..Figures::default()
        };
        b.held_by_kind.insert("theme_day".into(), 1);
        b.held_by_kind.insert(SCIENCE_KIND.into(), 1);
        b.studied_by_material.insert(7, 1);
        let mut sum = Figures::default();
        sum.add(&a);
        sum.add(&b);
        assert_eq!(sum.branches, 2);
        assert_eq!(sum.held(), 4);
        assert_eq!(sum.science_events(), 1);
        assert_eq!(sum.studied_by_material[&7], 5);
        assert_eq!(sum.attendance_rate(), Some(73.3));
        assert_eq!(Figures::default().attendance_rate(), None);
    }

    #[test]
    fn requirements_are_met_by_held_activities_of_their_kind() {
        let reqs = vec![
            Requirement {
                kind: "theme_day".into(),
                count: 1,
                note: String::new(),
            },
            Requirement {
                kind: "party_lecture".into(),
                count: 2,
                note: "书记讲党课".into(),
            },
        ];
        let mut held = BTreeMap::new();
        held.insert("theme_day".to_owned(), 1);
        held.insert("party_lecture".to_owned(), 1);
        let s = requirements_standing(&reqs, &held);
        assert!(s[0].met());
        assert!(!s[1].met());
        assert!(!all_met(&s));
        held.insert("party_lecture".to_owned(), 2);
        assert!(all_met(&requirements_standing(&reqs, &held)));
        assert!(all_met(&[]));
    }
}
