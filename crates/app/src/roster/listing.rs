//! The roster as a list: the filters a branch secretary asks for (name, 正式/预备, gender, age
//! band, position, org), sorted by any column in natural order. The roster page and its 台账
//! export go through the same [`RosterFilter::select`], so a download holds exactly the rows
//! the page listed.

use domain::member::PlainDate;
use serde::Deserialize;
use std::cmp::Ordering;
use store::members::Member;

/// Age bands, as party statistics count them.
pub const AGE_BANDS: [&str; 5] = ["to35", "36to45", "46to55", "56to65", "from66"];

/// Columns the roster sorts by.
pub const SORTS: [&str; 6] = ["name", "org", "gender", "age", "type", "joined"];

/// The filters as they come from the query string; empty means "any".
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RosterFilter {
    /// Name contains.
    #[serde(default)]
    pub q: String,
    /// `full` (正式党员) or `probationary` (预备党员).
    #[serde(default)]
    pub member_type: String,
    /// `male` or `female`.
    #[serde(default)]
    pub gender: String,
    /// One of `to35`, `36to45`, `46to55`, `56to65`, `from66`.
    #[serde(default)]
    pub age: String,
    /// A position code (`secretary` …).
    #[serde(default)]
    pub position: String,
    /// One of [`SORTS`], default org then name.
    #[serde(default)]
    pub sort: String,
    /// `desc` for descending.
    #[serde(default)]
    pub dir: String,
}

/// Whole years from `birth` (YYYY-MM-DD) to `today`, if the date reads.
pub fn age_on(birth: &str, today: PlainDate) -> Option<i32> {
    let d = PlainDate::parse(birth).ok()?;
    let before_birthday = (today.month, today.day) < (d.month, d.day);
    Some(today.year - d.year - i32::from(before_birthday))
}

fn in_band(band: &str, age: i32) -> bool {
    match band {
        "to35" => age <= 35,
        "36to45" => (36..=45).contains(&age),
        "46to55" => (46..=55).contains(&age),
        "56to65" => (56..=65).contains(&age),
        "from66" => age >= 66,
        _ => true,
    }
}

impl RosterFilter {
    /// Whether `m` passes every filter set (an age band leaves out those without a birth date).
    pub fn matches(&self, m: &Member, today: PlainDate) -> bool {
        let q = self.q.trim();
        (q.is_empty() || m.name.contains(q))
            && (self.member_type.is_empty() || m.member_type == self.member_type)
            && (self.gender.is_empty() || m.gender == self.gender)
            && (self.position.is_empty() || m.positions.contains(&self.position))
            && (self.age.is_empty()
                || m.birth_date
                    .as_deref()
                    .and_then(|b| age_on(b, today))
                    .is_some_and(|a| in_band(&self.age, a)))
    }

    /// The members passing the filters, in the order asked for.
    pub fn select(&self, members: Vec<Member>, today: PlainDate) -> Vec<Member> {
        let mut kept: Vec<Member> = members
            .into_iter()
            .filter(|m| self.matches(m, today))
            .collect();
        let order = |a: &Member, b: &Member| -> Ordering {
            let names = || domain::natural::cmp(&a.name, &b.name);
            match self.sort.as_str() {
                "name" => names(),
                "gender" => a.gender.cmp(&b.gender).then_with(names),
                // Older first ascending: by birth date, those without one last.
                "age" => dated(&a.birth_date, &b.birth_date).then_with(names),
                "type" => a.member_type.cmp(&b.member_type).then_with(names),
                "joined" => dated(&a.joined_party, &b.joined_party).then_with(names),
                "org" => domain::natural::cmp(&a.org_name, &b.org_name).then_with(names),
                // The tree's order, then as entered (a branch lists its secretary first).
                _ => a.org_path.cmp(&b.org_path).then(a.id.cmp(&b.id)),
            }
        };
        kept.sort_by(|a, b| {
            let o = order(a, b);
            if self.dir == "desc" { o.reverse() } else { o }
        });
        kept
    }
}

/// Dates compared as written (YYYY-MM-DD), missing ones after every date.
fn dated(a: &Option<String>, b: &Option<String>) -> Ordering {
    match (a.as_deref(), b.as_deref()) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> PlainDate {
        PlainDate {
            year: 2026,
            month: 12,
            day: 7,
        }
    }

    #[test]
    fn ages_count_whole_years_to_the_birthday() {
        assert_eq!(age_on("1990-12-07", today()), Some(36));
        assert_eq!(age_on("1990-12-08", today()), Some(35));
        assert_eq!(age_on("not a date", today()), None);
        assert!(in_band("to35", 35) && !in_band("to35", 36));
        assert!(in_band("from66", 66) && !in_band("56to65", 66));
    }
}
