//! One data row of a roster file, read field by field.
//!
//! Each reader answers the field's stored value, or `None` after noting the problem, so a row
//! reports every wrong cell at once rather than only the first.

use super::cell::Cell;
use super::columns::{Field, Header};
use super::problem::{Kind, Problem};
use catalogue::T;
use domain::Locale;
use domain::member::{Email, Gender, MemberType, Name, Phone, PlainDate, parse_position};
use std::borrow::Cow;

const NAME_MAX: usize = 50;

const GENDERS: &[(&str, &str)] = &[
    ("male", "member.gender.male"),
    ("female", "member.gender.female"),
];
const MEMBER_TYPES: &[(&str, &str)] = &[
    ("full", "member.type.full"),
    ("probationary", "member.type.probationary"),
];

/// A row's cells under the file's header, and the problems found in them so far.
pub(super) struct RowReader<'a> {
    pub n: u32,
    pub header: &'a Header,
    pub cells: &'a [Cell],
    pub today: PlainDate,
    pub problems: Vec<Problem>,
}

impl<'a> RowReader<'a> {
    pub fn text(&self, field: Field) -> Cow<'a, str> {
        self.header.cell(self.cells, field).text()
    }

    /// Notes that `field` is wrong in this row; answers `None` for the field's value.
    pub fn problem<V>(&mut self, field: Field, kind: Kind) -> Option<V> {
        self.problems.push(Problem {
            row: Some(self.n),
            field: Some(field),
            header: self.header.text(field).map(str::to_owned),
            kind,
        });
        None
    }

    pub fn name(&mut self) -> Option<String> {
        let raw = self.text(Field::Name);
        match Name::parse(&raw, NAME_MAX) {
            Ok(name) => Some(name.as_str().to_owned()),
            Err(p) => self.problem(Field::Name, Kind::Field(p, raw.into_owned())),
        }
    }

    /// The gender's code; blank is allowed (stored as "").
    pub fn gender(&mut self) -> Option<&'static str> {
        let raw = self.text(Field::Gender);
        if raw.is_empty() {
            return Some("");
        }
        let parsed = Gender::parse(&raw).ok().map(Gender::as_str);
        choice(&raw, parsed, GENDERS)
            .or_else(|| self.problem(Field::Gender, Kind::Gender(raw.into_owned())))
    }

    /// A date column: blank is none; a date after today is wrong.
    pub fn date(&mut self, field: Field) -> Option<Option<String>> {
        let cell = self.header.cell(self.cells, field);
        if cell.is_blank() {
            return Some(None);
        }
        match cell.date().and_then(|d| d.not_after(self.today)) {
            Ok(d) => Some(Some(d.to_string())),
            Err(p) => self.problem(field, Kind::Field(p, cell.text().into_owned())),
        }
    }

    pub fn phone(&mut self) -> Option<Option<String>> {
        let raw = self.text(Field::Phone);
        if raw.is_empty() {
            return Some(None);
        }
        match Phone::parse(&raw) {
            Ok(p) => Some(Some(p.as_str().to_owned())),
            Err(p) => self.problem(Field::Phone, Kind::Field(p, raw.into_owned())),
        }
    }

    pub fn email(&mut self) -> Option<Option<String>> {
        let raw = self.text(Field::Email);
        if raw.is_empty() {
            return Some(None);
        }
        match Email::parse(&raw) {
            Ok(e) => Some(Some(e.as_str().to_owned())),
            Err(p) => self.problem(Field::Email, Kind::Field(p, raw.into_owned())),
        }
    }

    /// The member type's code; blank means a full member.
    pub fn member_type(&mut self) -> Option<&'static str> {
        let raw = self.text(Field::MemberType);
        if raw.is_empty() {
            return Some(MemberType::Full.as_str());
        }
        let parsed = MemberType::parse(&raw).ok().map(MemberType::as_str);
        choice(&raw, parsed, MEMBER_TYPES)
            .or_else(|| self.problem(Field::MemberType, Kind::MemberType(raw.into_owned())))
    }

    /// The positions held, each once, in the order written; a position nobody knows is noted
    /// and the rest are kept.
    pub fn positions(&mut self) -> Vec<&'static str> {
        let raw = self.text(Field::Positions);
        let labels = position_labels();
        let mut positions: Vec<&'static str> = Vec::new();
        for part in raw
            .split(['、', ',', '，', ';', '；', '\n'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match choice(part, parse_position(part).ok(), &labels) {
                Some(code) if !positions.contains(&code) => positions.push(code),
                Some(_) => {}
                None => {
                    self.problem::<()>(Field::Positions, Kind::Position(part.to_owned()));
                }
            }
        }
        positions
    }
}

fn position_labels() -> [(&'static str, &'static str); 6] {
    domain::member::POSITIONS.map(|(code, _)| (code, super::labels::position_key(code)))
}

/// The code for `raw`: the domain's own reading when it has one, else the value whose label,
/// in either language, `raw` is (so a file exported in English imports again).
fn choice(
    raw: &str,
    parsed: Option<&'static str>,
    labels: &[(&'static str, &'static str)],
) -> Option<&'static str> {
    parsed.or_else(|| {
        let want = raw.trim().to_lowercase();
        [Locale::ZhCn, Locale::En].into_iter().find_map(|locale| {
            let t = T::new(locale);
            labels
                .iter()
                .find(|(_, key)| t.s(key).to_lowercase() == want)
                .map(|(code, _)| *code)
        })
    })
}
