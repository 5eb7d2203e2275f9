//! What a person submits to create or change an org or a member, checked as a whole: either
//! every field is valid, or the answer lists each field with its problem.

use crate::member::{
    Email, FieldProblem, Gender, MemberType, Name, Phone, PlainDate, parse_position,
};

/// Field name and problem, in form order.
pub type FieldErrors = Vec<(&'static str, FieldProblem)>;

/// Raw org fields as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct OrgInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    #[serde(default)]
    pub society: String,
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub contact_phone: String,
}

/// Org fields that passed their checks.
#[derive(Debug, Clone)]
pub struct OrgDraft {
    pub name: String,
    pub short_name: String,
    pub society: String,
    pub contact_person: String,
    pub contact_phone: String,
}

fn optional_text(input: &str, max: usize) -> Result<String, FieldProblem> {
    let t = input.trim();
    crate::member::check_visible(t)?;
    if t.chars().count() > max || t.chars().any(char::is_control) {
        Err(FieldProblem::TooLong)
    } else {
        Ok(t.to_owned())
    }
}

impl OrgInput {
    pub fn parse(&self) -> Result<OrgDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut check = |field: &'static str, r: Result<String, FieldProblem>| match r {
            Ok(v) => v,
            Err(p) => {
                errors.push((field, p));
                String::new()
            }
        };
        let name = check(
            "name",
            Name::parse(&self.name, 100).map(|n| n.as_str().to_owned()),
        );
        let short_name = check("short_name", optional_text(&self.short_name, 50));
        let society = check("society", optional_text(&self.society, 100));
        let contact_person = check("contact_person", optional_text(&self.contact_person, 50));
        let contact_phone = check(
            "contact_phone",
            if self.contact_phone.trim().is_empty() {
                Ok(String::new())
            } else {
                Phone::parse(&self.contact_phone).map(|p| p.as_str().to_owned())
            },
        );
        if errors.is_empty() {
            Ok(OrgDraft {
                name,
                short_name,
                society,
                contact_person,
                contact_phone,
            })
        } else {
            Err(errors)
        }
    }
}

/// Raw member fields as typed.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct MemberInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub birth_date: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub member_type: String,
    #[serde(default)]
    pub joined_party: String,
    /// Position codes or names, as a list.
    #[serde(default)]
    pub positions: Vec<String>,
}

/// Member fields that passed their checks.
#[derive(Debug, Clone)]
pub struct MemberDraft {
    pub name: String,
    pub gender: Option<Gender>,
    pub birth_date: Option<PlainDate>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub member_type: MemberType,
    pub joined_party: Option<PlainDate>,
    pub positions: Vec<&'static str>,
}

impl MemberInput {
    /// Checks every field; dates may not lie after `today`.
    pub fn parse(&self, today: PlainDate) -> Result<MemberDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = Name::parse(&self.name, 50)
            .map(|n| n.as_str().to_owned())
            .unwrap_or_else(|p| {
                errors.push(("name", p));
                String::new()
            });
        let optional = |_field: &'static str, raw: &str| -> Option<String> {
            (!raw.trim().is_empty()).then(|| raw.to_owned())
        };
        let gender = optional("gender", &self.gender).and_then(|g| {
            Gender::parse(&g)
                .map_err(|p| errors.push(("gender", p)))
                .ok()
        });
        let birth_date = optional("birth_date", &self.birth_date).and_then(|d| {
            PlainDate::parse(&d)
                .and_then(|d| d.not_after(today))
                .map_err(|p| errors.push(("birth_date", p)))
                .ok()
        });
        let phone = optional("phone", &self.phone).and_then(|p| {
            Phone::parse(&p)
                .map(|p| p.as_str().to_owned())
                .map_err(|e| errors.push(("phone", e)))
                .ok()
        });
        let email = optional("email", &self.email).and_then(|e| {
            Email::parse(&e)
                .map(|e| e.as_str().to_owned())
                .map_err(|p| errors.push(("email", p)))
                .ok()
        });
        let member_type = match optional("member_type", &self.member_type) {
            None => MemberType::Full,
            Some(t) => MemberType::parse(&t).unwrap_or_else(|p| {
                errors.push(("member_type", p));
                MemberType::Full
            }),
        };
        let joined_party = optional("joined_party", &self.joined_party).and_then(|d| {
            PlainDate::parse(&d)
                .and_then(|d| d.not_after(today))
                .map_err(|p| errors.push(("joined_party", p)))
                .ok()
        });
        let mut positions = Vec::new();
        for p in self.positions.iter().filter(|p| !p.trim().is_empty()) {
            match parse_position(p) {
                Ok(code) if !positions.contains(&code) => positions.push(code),
                Ok(_) => {}
                Err(problem) => errors.push(("positions", problem)),
            }
        }
        if errors.is_empty() {
            Ok(MemberDraft {
                name,
                gender,
                birth_date,
                phone,
                email,
                member_type,
                joined_party,
                positions,
            })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> PlainDate {
        PlainDate::new(2026, 11, 25).unwrap()
    }

    #[test]
    fn a_good_member_passes_and_blanks_are_absent() {
        let input = MemberInput {
            name: "李示例".into(),
            gender: "女".into(),
            birth_date: "1990/5/4".into(),
            member_type: "预备党员".into(),
            positions: vec!["书记".into(), "secretary".into()],
            ..Default::default()
        };
        let d = input.parse(today()).unwrap();
        assert_eq!(d.gender, Some(Gender::Female));
        assert_eq!(d.birth_date.unwrap().to_string(), "1990-05-04");
        assert_eq!(d.phone, None);
        assert_eq!(d.member_type, MemberType::Probationary);
        assert_eq!(d.positions, vec!["secretary"]);
    }

    #[test]
    fn every_bad_field_is_named() {
        let input = MemberInput {
            name: " ".into(),
            phone: "123".into(),
            birth_date: "2030-01-01".into(),
            email: "x".into(),
            positions: vec!["队长".into()],
            ..Default::default()
        };
        let errors = input.parse(today()).unwrap_err();
        assert_eq!(
            errors,
            vec![
                ("name", FieldProblem::Missing),
                ("birth_date", FieldProblem::FutureDate),
                ("phone", FieldProblem::Phone),
                ("email", FieldProblem::Email),
                ("positions", FieldProblem::Unknown),
            ]
        );
    }

    #[test]
    fn org_fields_are_checked() {
        let bad = OrgInput {
            name: "".into(),
            contact_phone: "12".into(),
            ..Default::default()
        };
        assert_eq!(
            bad.parse().unwrap_err(),
            vec![
                ("name", FieldProblem::Missing),
                ("contact_phone", FieldProblem::Phone)
            ]
        );
        let good = OrgInput {
            name: " 重庆市示例学会党支部 ".into(),
            ..Default::default()
        };
        assert_eq!(good.parse().unwrap().name, "重庆市示例学会党支部");
    }

    #[test]
    fn org_text_fields_refuse_hidden_characters() {
        let hidden = OrgInput {
            name: "示例\u{202E}党支部".into(),
            short_name: "\u{2066}示例".into(),
            society: "\u{200B}".into(),
            contact_person: "张\u{200D}三".into(),
            ..Default::default()
        };
        assert_eq!(
            hidden.parse().unwrap_err(),
            vec![
                ("name", FieldProblem::BidiControl),
                ("short_name", FieldProblem::BidiControl),
                ("society", FieldProblem::Invisible),
            ]
        );
    }
}
