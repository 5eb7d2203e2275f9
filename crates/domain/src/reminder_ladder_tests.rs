//! The ladder walked day by day around a deadline.

use super::*;
use jiff::civil::{date, time};

fn at(d: Date, h: i8, past_deadline: bool) -> Moment {
    Moment {
        today: d,
        time: time(h, 0, 0, 0),
        past_deadline,
    }
}

/// Deadline Friday 2026-12-11; assigned Monday 2026-11-30.
const DEADLINE: Date = date(2026, 12, 11);
const ASSIGNED: Date = date(2026, 11, 30);

fn due_on(d: Date, h: i8) -> Vec<Rung> {
    let past = d > DEADLINE;
    due(
        &Ladder::default(),
        &Calendar::default(),
        DEADLINE,
        ASSIGNED,
        at(d, h, past),
    )
}

#[test]
fn the_default_ladder_walks_from_three_days_before_to_escalation() {
    assert_eq!(due_on(date(2026, 12, 7), 10), vec![]);
    assert_eq!(due_on(date(2026, 12, 8), 10), vec![Rung::Before(3)]);
    // Two days left: still the 3-day rung (sent once by its key), not yet the 1-day one.
    assert_eq!(due_on(date(2026, 12, 9), 10), vec![Rung::Before(3)]);
    assert_eq!(due_on(date(2026, 12, 10), 10), vec![Rung::Before(1)]);
    assert_eq!(due_on(DEADLINE, 10), vec![Rung::OnTheDay]);
    // Saturday and Sunday are not working days: no overdue reminder.
    assert_eq!(due_on(date(2026, 12, 12), 10), vec![]);
    assert_eq!(due_on(date(2026, 12, 13), 10), vec![]);
    let monday = date(2026, 12, 14);
    assert_eq!(
        due_on(monday, 10),
        vec![Rung::Overdue(monday), Rung::Escalate]
    );
}

#[test]
fn quiet_hours_hold_back_all_but_the_deadline_day() {
    assert_eq!(due_on(date(2026, 12, 10), 23), vec![]);
    assert_eq!(due_on(date(2026, 12, 10), 7), vec![]);
    assert_eq!(due_on(date(2026, 12, 10), 8), vec![Rung::Before(1)]);
    assert_eq!(due_on(DEADLINE, 23), vec![Rung::OnTheDay]);
    assert_eq!(due_on(date(2026, 12, 14), 22), vec![]);
}

#[test]
fn nothing_on_the_day_of_assignment() {
    let ladder = Ladder::default();
    let cal = Calendar::default();
    // Assigned the day before the deadline: the 1-day rung would fall on that same day.
    let assigned = date(2026, 12, 10);
    let m = at(assigned, 10, false);
    assert_eq!(due(&ladder, &cal, DEADLINE, assigned, m), vec![]);
    assert_eq!(
        due(&ladder, &cal, DEADLINE, assigned, at(DEADLINE, 10, false)),
        vec![Rung::OnTheDay]
    );
}

#[test]
fn a_deadline_at_a_time_of_day_is_overdue_after_it_the_same_day() {
    let ladder = Ladder::default();
    let cal = Calendar::default();
    let m = at(DEADLINE, 18, true);
    assert_eq!(
        due(&ladder, &cal, DEADLINE, ASSIGNED, m),
        vec![Rung::Overdue(DEADLINE)]
    );
}

#[test]
fn holidays_and_make_up_days_decide_the_working_days() {
    let mut cal = Calendar::default();
    let new_year = date(2027, 1, 1); // a Friday
    cal.holidays.insert(new_year);
    let make_up = date(2027, 1, 2); // a Saturday worked instead
    cal.extra_working_days.insert(make_up);
    assert!(!cal.is_working_day(new_year));
    assert!(cal.is_working_day(make_up));
    assert!(cal.is_working_day(date(2027, 1, 4)));
    assert!(!cal.is_working_day(date(2027, 1, 3)));
    cal.weekends_work = true;
    assert!(cal.is_working_day(date(2027, 1, 3)));
}

#[test]
fn quiet_hours_may_run_over_midnight_or_not_at_all() {
    let mut cal = Calendar::default();
    assert!(cal.is_quiet(time(23, 30, 0, 0)) && cal.is_quiet(time(3, 0, 0, 0)));
    assert!(!cal.is_quiet(time(12, 0, 0, 0)));
    cal.quiet_start = time(12, 0, 0, 0);
    cal.quiet_end = time(14, 0, 0, 0);
    assert!(cal.is_quiet(time(13, 0, 0, 0)) && !cal.is_quiet(time(14, 0, 0, 0)));
    cal.quiet_end = cal.quiet_start;
    assert!(!cal.is_quiet(time(13, 0, 0, 0)));
}

#[test]
fn a_ladder_set_by_someone_is_checked_and_ordered() {
    let l = Ladder {
        before_days: vec![1, 7, 3, 3],
        ..Ladder::default()
    };
    assert_eq!(l.checked().unwrap().before_days, vec![7, 3, 1]);
    let zero = Ladder {
        before_days: vec![0],
        ..Ladder::default()
    };
    assert_eq!(zero.checked(), Err(LadderProblem::Days));
    let never = Ladder {
        escalate_after_days: Some(400),
        ..Ladder::default()
    };
    assert_eq!(never.checked(), Err(LadderProblem::Days));
}

#[test]
fn rung_keys_are_stable() {
    assert_eq!(Rung::Before(3).key(), "before_3");
    assert_eq!(Rung::OnTheDay.key(), "on_the_day");
    assert_eq!(
        Rung::Overdue(date(2026, 12, 14)).key(),
        "overdue_2026-12-14"
    );
    assert_eq!(Rung::Escalate.key(), "escalate");
}

#[test]
fn the_settings_form_is_read_as_people_type_it() {
    assert_eq!(parse_days("3，1"), Ok(vec![3, 1]));
    assert_eq!(parse_days(" 7、3 1 "), Ok(vec![7, 3, 1]));
    assert_eq!(parse_days(""), Ok(vec![]));
    assert_eq!(parse_days("三"), Err(LadderProblem::Days));
    assert_eq!(parse_time("22:00"), Ok(time(22, 0, 0, 0)));
    assert_eq!(parse_time("25:00"), Err(LadderProblem::Time));
    let dates = parse_dates("2027-01-01\n2027-02-17, 2027-02-18").unwrap();
    assert_eq!(dates.len(), 3);
    assert_eq!(parse_dates("2027-13-01"), Err(LadderProblem::Date));
}
