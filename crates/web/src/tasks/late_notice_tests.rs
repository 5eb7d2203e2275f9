//! The 通报's sentences for every combination of states: it never says all have reported while
//! someone owes a report.

use super::{Sentence, sentences};
use app::tasks::board::{Line, line};
use domain::Timestamp;
use domain::submission::SubmissionState::{self, *};
use store::submissions::BoardRow;

const DEADLINE: Timestamp = Timestamp(1_000_000);

fn org(name: &str, state: SubmissionState, late: bool, now: Timestamp) -> Line {
    let row = BoardRow {
        org_id: 1,
        org_name: name.to_owned(),
        org_path: "/1/".to_owned(),
        state,
        submitted_at: None,
        first_submitted_at: None,
        late,
        changed_since_approval: false,
    };
    line(row, DEADLINE, now)
}

const BEFORE: Timestamp = Timestamp(500_000);
const AFTER: Timestamp = Timestamp(2_000_000);

#[test]
fn four_of_fourteen_before_the_deadline_is_not_all_in() {
    let mut lines: Vec<Line> = (0..4)
        .map(|i| org(&format!("甲{i}"), Submitted, false, BEFORE))
        .collect();
    lines.extend((0..10).map(|i| org(&format!("乙{i}"), NotStarted, false, BEFORE)));
    let said = sentences(&lines);
    assert!(!said.contains(&Sentence::AllIn));
    assert!(matches!(&said[0], Sentence::Pending(l) if l.len() == 10));
    assert_eq!(said.last(), Some(&Sentence::ClosingBeforeDeadline));
}

#[test]
fn every_combination_says_what_is_so() {
    let cases: Vec<(Vec<Line>, Vec<Sentence<'static>>)> = vec![
        // All approved on time.
        (
            vec![
                org("甲", Approved, false, AFTER),
                org("乙", Submitted, false, AFTER),
            ],
            vec![Sentence::AllIn],
        ),
        // All in, one late: named, and still all in.
        (
            vec![
                org("甲", Approved, true, AFTER),
                org("乙", Submitted, false, AFTER),
            ],
            vec![Sentence::Late(vec!["甲"]), Sentence::AllIn],
        ),
        // Overdue after the deadline, a draft counts as not handed in.
        (
            vec![
                org("甲", Draft, false, AFTER),
                org("乙", Approved, false, AFTER),
            ],
            vec![Sentence::Overdue(vec!["甲"]), Sentence::Closing],
        ),
        // Returned: to be handed in again, and the closing asks for it.
        (
            vec![
                org("甲", Returned, false, BEFORE),
                org("乙", Approved, false, BEFORE),
            ],
            vec![Sentence::Returned(vec!["甲"]), Sentence::Closing],
        ),
        // Before the deadline, some not started: pending, not overdue.
        (
            vec![
                org("甲", NotStarted, false, BEFORE),
                org("乙", Submitted, false, BEFORE),
            ],
            vec![
                Sentence::Pending(vec!["甲"]),
                Sentence::ClosingBeforeDeadline,
            ],
        ),
        // Everything at once.
        (
            vec![
                org("甲", NotStarted, false, AFTER),
                org("乙", Returned, true, AFTER),
                org("丙", Approved, true, AFTER),
            ],
            vec![
                Sentence::Overdue(vec!["甲"]),
                Sentence::Late(vec!["乙", "丙"]),
                Sentence::Returned(vec!["乙"]),
                Sentence::Closing,
            ],
        ),
    ];
    for (lines, expected) in cases {
        assert_eq!(sentences(&lines), expected);
    }
}
