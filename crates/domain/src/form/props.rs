//! Reading the properties of one JSON object of a definition: wrong types are reported under
//! the object's path, and properties nobody read are reported at the end.

use serde_json::{Map, Value};

use super::is_key;
use super::parse::problem;
use super::problems::{DefinitionProblem, DefinitionRule as Rule};

/// How many options a choice field may offer, and how long each may be.
const MAX_OPTIONS: usize = 100;
const MAX_OPTION: usize = 200;

/// Reads the properties of one JSON object, reporting wrong types under the object's path and,
/// at the end, any property nobody asked for.
pub(super) struct Props<'a, 'p> {
    obj: &'a Map<String, Value>,
    pub(super) path: String,
    pub(super) problems: &'p mut Vec<DefinitionProblem>,
    read: Vec<&'static str>,
}

impl<'a, 'p> Props<'a, 'p> {
    pub(super) fn new(
        obj: &'a Map<String, Value>,
        path: String,
        problems: &'p mut Vec<DefinitionProblem>,
    ) -> Props<'a, 'p> {
        Props {
            obj,
            path,
            problems,
            read: Vec::new(),
        }
    }

    fn sub_path(&self, name: &str) -> String {
        if self.path.is_empty() {
            name.to_owned()
        } else {
            format!("{}.{name}", self.path)
        }
    }

    pub(super) fn problem(&mut self, name: &str, rule: Rule) {
        let path = self.sub_path(name);
        problem(self.problems, &path, rule);
    }

    /// A required identifier matching [`is_key`]; empty when missing or bad (and reported).
    pub(super) fn key(&mut self, name: &'static str) -> String {
        match self.string(name, true) {
            Some(s) if is_key(s) => s.to_owned(),
            Some(_) => {
                self.problem(name, Rule::BadKey);
                String::new()
            }
            None => String::new(),
        }
    }

    /// The property, with null treated as absent (editors often send `"max": null`).
    fn get(&mut self, name: &'static str, required: bool) -> Option<&'a Value> {
        self.read.push(name);
        let v = self.obj.get(name).filter(|v| !v.is_null());
        if v.is_none() && required {
            self.problem(name, Rule::Missing);
        }
        v
    }

    fn typed<T>(
        &mut self,
        name: &'static str,
        required: bool,
        expected: &'static str,
        read: impl FnOnce(&'a Value) -> Option<T>,
    ) -> Option<T> {
        let v = self.get(name, required)?;
        let t = read(v);
        if t.is_none() {
            self.problem(name, Rule::WrongType { expected });
        }
        t
    }

    pub(super) fn string(&mut self, name: &'static str, required: bool) -> Option<&'a str> {
        self.typed(name, required, "string", Value::as_str)
    }

    pub(super) fn list(&mut self, name: &'static str, required: bool) -> Option<&'a Vec<Value>> {
        self.typed(name, required, "list", Value::as_array)
    }

    pub(super) fn bool(&mut self, name: &'static str) -> bool {
        self.typed(name, false, "boolean", Value::as_bool)
            .unwrap_or(false)
    }

    pub(super) fn number(&mut self, name: &'static str) -> Option<f64> {
        self.typed(name, false, "number", Value::as_f64)
    }

    /// A non-negative whole number (a limit or count).
    pub(super) fn count(&mut self, name: &'static str) -> Option<usize> {
        self.typed(name, false, "whole_number", |v| {
            v.as_u64().and_then(|n| usize::try_from(n).ok())
        })
    }

    /// Trimmed text of at most `max` characters; required text must not be blank.
    pub(super) fn text(&mut self, name: &'static str, required: bool, max: usize) -> String {
        let Some(s) = self.string(name, required) else {
            return String::new();
        };
        let s = s.trim();
        if required && s.is_empty() {
            self.problem(name, Rule::Empty);
        } else if s.chars().count() > max {
            self.problem(name, Rule::TooLong { max });
        }
        s.to_owned()
    }

    pub(super) fn max_length(&mut self, default: usize, cap: usize) -> usize {
        let n = self.count("max_length");
        if n == Some(0) {
            self.problem("max_length", Rule::LimitTooSmall { min: 1 });
        }
        self.limit_range("max_length", n, cap);
        n.unwrap_or(default)
    }

    pub(super) fn limit_range(&mut self, name: &str, n: Option<usize>, cap: usize) {
        if n.is_some_and(|n| n > cap) {
            self.problem(name, Rule::LimitTooLarge { max: cap });
        }
    }

    /// 1–100 distinct non-blank options of at most 200 characters, trimmed. Returns an empty
    /// list when there is a problem, which callers read as "don't judge counts against it".
    pub(super) fn options(&mut self) -> Vec<String> {
        let Some(list) = self.list("options", true) else {
            return Vec::new();
        };
        if list.is_empty() {
            self.problem("options", Rule::TooFew { min: 1 });
            return Vec::new();
        }
        if list.len() > MAX_OPTIONS {
            self.problem("options", Rule::TooMany { max: MAX_OPTIONS });
            return Vec::new();
        }
        let before = self.problems.len();
        let mut options: Vec<String> = Vec::with_capacity(list.len());
        for (i, item) in list.iter().enumerate() {
            let name = format!("options[{i}]");
            let Some(s) = item.as_str() else {
                self.problem(&name, Rule::WrongType { expected: "string" });
                continue;
            };
            let s = s.trim();
            if s.is_empty() {
                self.problem(&name, Rule::Empty);
            } else if s.chars().count() > MAX_OPTION {
                self.problem(&name, Rule::TooLong { max: MAX_OPTION });
            } else if options.iter().any(|o| o == s) {
                self.problem(&name, Rule::DuplicateOption);
            }
            options.push(s.to_owned());
        }
        if self.problems.len() == before {
            options
        } else {
            Vec::new()
        }
    }

    /// Reports properties nobody read. Nulls are let through: editors that send every setting
    /// of every type, unset ones as null, mean no harm.
    pub(super) fn finish(self) {
        for (name, value) in self.obj {
            if !value.is_null() && !self.read.contains(&name.as_str()) {
                let path = self.sub_path(name);
                problem(self.problems, &path, Rule::UnknownProperty);
            }
        }
    }
}
