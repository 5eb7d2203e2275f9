//! When two roster entries are the same person.
//!
//! The rule: the same name and the same phone; or, when either has no phone, the same name and
//! the same birth date. It is symmetric, so which of two rows comes first does not matter, and
//! it is looked up in hash maps, so checking a 100,000-row file against a city's roster is a
//! pass over each.

use super::problem::SameBy;
use std::collections::HashMap;

/// People seen so far, each with a value to report (a row number, an org name).
#[derive(Debug)]
pub struct Seen<V> {
    by_phone: HashMap<(String, String), V>,
    by_birth: HashMap<(String, Option<String>), V>,
    by_birth_without_phone: HashMap<(String, Option<String>), V>,
}

impl<V> Default for Seen<V> {
    fn default() -> Self {
        Seen {
            by_phone: HashMap::new(),
            by_birth: HashMap::new(),
            by_birth_without_phone: HashMap::new(),
        }
    }
}

impl<V: Clone> Seen<V> {
    /// Someone seen before who is the same person, and by which rule.
    pub fn find(
        &self,
        name: &str,
        phone: Option<&str>,
        birth: Option<&str>,
    ) -> Option<(V, SameBy)> {
        let birth_key = (name.to_owned(), birth.map(str::to_owned));
        match phone {
            Some(phone) => self
                .by_phone
                .get(&(name.to_owned(), phone.to_owned()))
                .map(|v| (v.clone(), SameBy::Phone))
                .or_else(|| {
                    self.by_birth_without_phone
                        .get(&birth_key)
                        .map(|v| (v.clone(), SameBy::BirthDate))
                }),
            None => self
                .by_birth
                .get(&birth_key)
                .map(|v| (v.clone(), SameBy::BirthDate)),
        }
    }

    /// Remembers a person; the first one seen under a key is the one reported.
    pub fn add(&mut self, name: &str, phone: Option<&str>, birth: Option<&str>, value: V) {
        let birth_key = (name.to_owned(), birth.map(str::to_owned));
        match phone {
            Some(phone) => {
                self.by_phone
                    .entry((name.to_owned(), phone.to_owned()))
                    .or_insert_with(|| value.clone());
            }
            None => {
                self.by_birth_without_phone
                    .entry(birth_key.clone())
                    .or_insert_with(|| value.clone());
            }
        }
        self.by_birth.entry(birth_key).or_insert(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_name_and_phone_or_same_name_and_birth_when_a_phone_is_missing() {
        let mut seen = Seen::default();
        seen.add("张三", Some("13800000001"), Some("1990-01-01"), 2);
        seen.add("李四", None, Some("1985-05-05"), 3);
        assert_eq!(
            seen.find("张三", Some("13800000001"), None),
            Some((2, SameBy::Phone))
        );
        // Different phones: two people, whatever their birth dates.
        assert_eq!(
            seen.find("张三", Some("13800000002"), Some("1990-01-01")),
            None
        );
        // No phone: the birth date decides, against rows with or without one.
        assert_eq!(
            seen.find("张三", None, Some("1990-01-01")),
            Some((2, SameBy::BirthDate))
        );
        assert_eq!(
            seen.find("李四", Some("13800000003"), Some("1985-05-05")),
            Some((3, SameBy::BirthDate))
        );
        assert_eq!(seen.find("李四", None, Some("1985-05-06")), None);
        assert_eq!(seen.find("王五", None, None), None);
    }
}
