//! What a branch owes: for one kind of activity and its expected frequency, how many periods
//! have asked for one so far, how many were met, and the light the committee's board shows.

use crate::activity::Frequency;
use crate::supervision::Light;

/// How far into a year we are: the month running (1–12), or the year not begun / over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearPoint {
    NotBegun,
    Month(u32),
    Over,
}

impl YearPoint {
    /// The last month that has begun (0 when none).
    fn begun(self) -> u32 {
        match self {
            YearPoint::NotBegun => 0,
            YearPoint::Month(m) => m.clamp(1, 12),
            YearPoint::Over => 12,
        }
    }

    /// Whether month `m` is over.
    fn past(self, m: u32) -> bool {
        match self {
            YearPoint::NotBegun => false,
            YearPoint::Month(now) => m < now,
            YearPoint::Over => true,
        }
    }
}

/// Asked versus held over some months, and the light of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// Periods that have asked for one so far (the running one included).
    pub expected: u32,
    /// Of those, the periods with at least one held.
    pub met: u32,
    /// Activities held in those months.
    pub held: u32,
    pub light: Light,
}

/// The standing of one kind in the months `first..=last` (1–12) of a year, given how many
/// were held in each month (`per_month[0]` is January) and where the year is. Kinds held as
/// needed owe nothing and have no standing.
pub fn standing(
    frequency: Frequency,
    per_month: &[u32; 12],
    first: u32,
    last: u32,
    now: YearPoint,
) -> Option<Standing> {
    let period_months = match frequency {
        Frequency::Monthly => 1,
        Frequency::Quarterly => 3,
        Frequency::HalfYearly => 6,
        Frequency::Yearly => 12,
        Frequency::AsNeeded => return None,
    };
    let (first, last) = (first.clamp(1, 12), last.clamp(1, 12));
    let mut s = Standing {
        expected: 0,
        met: 0,
        held: 0,
        light: Light::Green,
    };
    let mut worst = Light::Green;
    // The periods that touch the months asked about, each judged over its whole length up to
    // now: a yearly kind held in March counts for a board of the third quarter.
    let mut start = (first - 1) / period_months * period_months + 1;
    while start <= last {
        let end = start + period_months - 1;
        if start <= now.begun() {
            let held: u32 = (start..=end.min(now.begun()))
                .map(|m| per_month[(m - 1) as usize])
                .sum();
            s.expected += 1;
            s.held += held;
            let light = if held > 0 {
                s.met += 1;
                Light::Green
            } else if now.past(end) {
                Light::Red
            } else if now.begun() == end {
                Light::Yellow
            } else {
                Light::Grey
            };
            worst = worst.min(light);
        } else if s.expected == 0 {
            worst = worst.min(Light::Grey);
        }
        start = end + 1;
    }
    s.light = worst;
    Some(s)
}

/// The months of quarter `q` (1–4).
pub fn quarter_months(q: u32) -> (u32, u32) {
    let q = q.clamp(1, 4);
    (q * 3 - 2, q * 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(list: &[(u32, u32)]) -> [u32; 12] {
        let mut m = [0; 12];
        for (month, n) in list {
            m[(*month - 1) as usize] = *n;
        }
        m
    }

    #[test]
    fn a_monthly_kind_goes_red_for_a_month_missed() {
        let held = months(&[(7, 1), (9, 2)]);
        let s = standing(Frequency::Monthly, &held, 7, 9, YearPoint::Month(9)).unwrap();
        assert_eq!((s.expected, s.met, s.held, s.light), (3, 2, 3, Light::Red));
        let s = standing(Frequency::Monthly, &held, 7, 9, YearPoint::Month(8)).unwrap();
        assert_eq!((s.expected, s.met, s.light), (2, 1, Light::Yellow));
        let s = standing(Frequency::Monthly, &held, 7, 9, YearPoint::Month(7)).unwrap();
        assert_eq!((s.expected, s.met, s.light), (1, 1, Light::Green));
        let s = standing(Frequency::Monthly, &held, 10, 12, YearPoint::Month(9)).unwrap();
        assert_eq!((s.expected, s.light), (0, Light::Grey));
    }

    #[test]
    fn a_quarterly_kind_is_grey_then_yellow_then_red() {
        let none = [0; 12];
        let at = |m| standing(Frequency::Quarterly, &none, 4, 6, YearPoint::Month(m)).unwrap();
        assert_eq!(at(4).light, Light::Grey);
        assert_eq!(at(6).light, Light::Yellow);
        assert_eq!(at(7).light, Light::Red);
        let held = months(&[(5, 1)]);
        let s = standing(Frequency::Quarterly, &held, 4, 6, YearPoint::Over).unwrap();
        assert_eq!((s.expected, s.met, s.light), (1, 1, Light::Green));
    }

    #[test]
    fn a_yearly_kind_counts_the_whole_year_and_as_needed_owes_nothing() {
        let held = months(&[(3, 1)]);
        let s = standing(Frequency::Yearly, &held, 7, 9, YearPoint::Month(8)).unwrap();
        assert_eq!((s.expected, s.met, s.light), (1, 1, Light::Green));
        let none = [0; 12];
        let s = standing(Frequency::Yearly, &none, 1, 12, YearPoint::Over).unwrap();
        assert_eq!(s.light, Light::Red);
        let s = standing(Frequency::Yearly, &none, 1, 12, YearPoint::Month(12)).unwrap();
        assert_eq!(s.light, Light::Yellow);
        assert_eq!(
            standing(Frequency::AsNeeded, &none, 1, 12, YearPoint::Over),
            None
        );
        let s = standing(Frequency::HalfYearly, &none, 1, 12, YearPoint::NotBegun).unwrap();
        assert_eq!((s.expected, s.light), (0, Light::Grey));
    }

    #[test]
    fn the_whole_year_of_a_monthly_kind() {
        let held = months(&[(1, 1), (2, 1), (3, 1), (5, 1)]);
        let s = standing(Frequency::Monthly, &held, 1, 12, YearPoint::Over).unwrap();
        assert_eq!((s.expected, s.met, s.held), (12, 4, 4));
        assert_eq!(quarter_months(3), (7, 9));
    }
}
