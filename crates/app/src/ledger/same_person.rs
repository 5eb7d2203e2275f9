//! When two roster entries are the same person.
//!
//! The rule: the same name and the same phone; or, when either has no phone, the same name and
//! the same birth date. It is symmetric, so which of two rows comes first does not matter, and
//! it is looked up in hash maps, so checking a 100,000-row file against a city's roster is a
//! pass over each.

use super::problem::SameBy;
use std::collections::HashMap;
use std::collections::hash_map::Entry;

/// People seen so far, each with a value to report (a row number, an org name). Keys are the
/// name and the phone or birth date in one string, so a row costs two hash lookups and two
/// small allocations (measured to matter at 100,000 rows).
#[derive(Debug)]
pub struct Seen<V> {
    by_phone: HashMap<String, V>,
    by_birth: HashMap<String, V>,
    by_birth_without_phone: HashMap<String, V>,
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

/// `name` and `other` as one key; U+001F (unit separator) appears in neither.
fn key(name: &str, other: Option<&str>) -> String {
    let other = other.unwrap_or_default();
    let mut k = String::with_capacity(name.len() + 1 + other.len());
    k.push_str(name);
    k.push('\u{1f}');
    k.push_str(other);
    k
}

impl<V: Clone> Seen<V> {
    /// Someone seen before who is the same person, and by which rule.
    pub fn find(
        &self,
        name: &str,
        phone: Option<&str>,
        birth: Option<&str>,
    ) -> Option<(V, SameBy)> {
        let by_birth = |map: &HashMap<String, V>| {
            map.get(&key(name, birth))
                .map(|v| (v.clone(), SameBy::BirthDate))
        };
        match phone {
            Some(_) => self
                .by_phone
                .get(&key(name, phone))
                .map(|v| (v.clone(), SameBy::Phone))
                .or_else(|| {
                    (!self.by_birth_without_phone.is_empty())
                        .then(|| by_birth(&self.by_birth_without_phone))
                        .flatten()
                }),
            None => by_birth(&self.by_birth),
        }
    }

    /// The person seen before, as [`Seen::find`]; or, when there is none, remembers this one.
    pub fn find_or_add(
        &mut self,
        name: &str,
        phone: Option<&str>,
        birth: Option<&str>,
        value: V,
    ) -> Option<(V, SameBy)> {
        if !self.by_birth_without_phone.is_empty()
            && let found @ Some(_) = self.find(name, phone, birth)
        {
            return found;
        }
        let birth_key = key(name, birth);
        match phone {
            Some(_) => match self.by_phone.entry(key(name, phone)) {
                Entry::Occupied(e) => return Some((e.get().clone(), SameBy::Phone)),
                Entry::Vacant(e) => {
                    e.insert(value.clone());
                }
            },
            None => {
                if let Some(v) = self.by_birth.get(&birth_key) {
                    return Some((v.clone(), SameBy::BirthDate));
                }
                self.by_birth_without_phone
                    .insert(birth_key.clone(), value.clone());
            }
        }
        self.by_birth.entry(birth_key).or_insert(value);
        None
    }

    /// Remembers a person; the first one seen under a key is the one reported.
    pub fn add(&mut self, name: &str, phone: Option<&str>, birth: Option<&str>, value: V) {
        let birth_key = key(name, birth);
        match phone {
            Some(_) => {
                self.by_phone
                    .entry(key(name, phone))
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

    #[test]
    fn find_or_add_answers_as_find_then_add() {
        let mut seen = Seen::default();
        assert_eq!(
            seen.find_or_add("张三", Some("1"), Some("1990-01-01"), 2),
            None
        );
        assert_eq!(
            seen.find_or_add("张三", Some("1"), None, 3),
            Some((2, SameBy::Phone))
        );
        assert_eq!(
            seen.find_or_add("张三", Some("2"), Some("1990-01-01"), 4),
            None
        );
        assert_eq!(
            seen.find_or_add("张三", None, Some("1990-01-01"), 5),
            Some((2, SameBy::BirthDate))
        );
        assert_eq!(seen.find_or_add("李四", None, None, 6), None);
        assert_eq!(
            seen.find_or_add("李四", Some("3"), None, 7),
            Some((6, SameBy::BirthDate))
        );
        assert_eq!(
            seen.find_or_add("李四", None, None, 8),
            Some((6, SameBy::BirthDate))
        );
    }
}
