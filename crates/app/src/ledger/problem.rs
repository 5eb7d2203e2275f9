//! What can be wrong with an import, where, and how it reads in the user's language.

use super::columns::Field;
use super::table::FileProblem;
use catalogue::T;
use domain::Problem as _;
use domain::member::{FieldProblem, POSITIONS};

/// Which rule a duplicate broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameBy {
    /// Same name and phone.
    Phone,
    /// Same name and birth date, a phone missing.
    BirthDate,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    File(FileProblem),
    MissingColumn,
    RepeatedColumn,
    /// A field rule refused the value (the value as written).
    Field(FieldProblem, String),
    Gender(String),
    MemberType(String),
    Position(String),
    UnknownOrg(String),
    /// The target org the row must lie under, when one was chosen.
    UnknownOrgUnder(String, String),
    AmbiguousOrg(String, Vec<String>),
    ClosedOrg(String),
    SameAsRow(u32, SameBy),
    OnRoster(String, SameBy),
}

/// One problem: the row as the spreadsheet numbers it (none for the whole file) and the
/// column (none for the whole row or file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub row: Option<u32>,
    pub field: Option<Field>,
    /// The column's header as the file writes it, when the file has one.
    pub header: Option<String>,
    pub kind: Kind,
}

impl Problem {
    pub fn file(p: FileProblem) -> Problem {
        Problem {
            row: None,
            field: None,
            header: None,
            kind: Kind::File(p),
        }
    }

    /// Stable code for the API.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            Kind::File(p) => match p {
                FileProblem::NoFile => "no_file",
                FileProblem::Empty => "empty_file",
                FileProblem::HeaderOnly => "header_only",
                FileProblem::NotSpreadsheet => "not_a_spreadsheet",
                FileProblem::Encoding => "unknown_encoding",
                FileProblem::TooManyRows => "too_many_rows",
                FileProblem::TooLarge => "too_large",
                FileProblem::Unpacked => "too_large_unpacked",
                FileProblem::TooManyCells => "too_many_cells",
            },
            Kind::MissingColumn => "missing_column",
            Kind::RepeatedColumn => "repeated_column",
            Kind::Field(p, _) => p.code(),
            Kind::Gender(_) | Kind::MemberType(_) | Kind::Position(_) => "unknown",
            Kind::UnknownOrg(_) | Kind::UnknownOrgUnder(..) => "unknown_org",
            Kind::AmbiguousOrg(..) => "ambiguous_org",
            Kind::ClosedOrg(_) => "closed_org",
            Kind::SameAsRow(..) => "duplicate_in_file",
            Kind::OnRoster(..) => "duplicate_in_roster",
        }
    }

    /// The column's name for people: as the file writes it, else the roster's label.
    pub fn column(&self, t: T) -> Option<String> {
        match (&self.header, self.field) {
            (Some(h), _) => Some(h.clone()),
            (None, Some(f)) => Some(t.s(f.label_key()).to_owned()),
            (None, None) => None,
        }
    }

    /// The problem in plain words.
    pub fn message(&self, t: T) -> String {
        let column = self.column(t).unwrap_or_default();
        match &self.kind {
            Kind::File(p) => file_message(*p, t),
            Kind::MissingColumn => t.f("ledger.missing_column", &[("column", &column)]),
            Kind::RepeatedColumn => t.f("ledger.repeated_column", &[("column", &column)]),
            Kind::Field(FieldProblem::Missing, _) => t.s("ledger.required").to_owned(),
            Kind::Field(p, value) => with_value(t, t.s(p.message_key()), value),
            Kind::Gender(v) => with_value(t, t.s("ledger.gender_values"), v),
            Kind::MemberType(v) => with_value(t, t.s("ledger.member_type_values"), v),
            Kind::Position(v) => {
                let allowed: Vec<&str> = POSITIONS
                    .iter()
                    .map(|(code, _)| t.s(super::labels::position_key(code)))
                    .collect();
                t.f(
                    "ledger.unknown_position",
                    &[
                        ("value", v),
                        ("allowed", &allowed.join(t.s("field.list_joiner"))),
                    ],
                )
            }
            Kind::UnknownOrg(v) => t.f("ledger.unknown_org", &[("value", v)]),
            Kind::UnknownOrgUnder(v, target) => t.f(
                "ledger.unknown_org_under",
                &[("value", v), ("target", target)],
            ),
            Kind::AmbiguousOrg(v, names) => t.f(
                "ledger.ambiguous_org",
                &[
                    ("value", v),
                    ("orgs", &names.join(t.s("field.list_joiner"))),
                ],
            ),
            Kind::ClosedOrg(v) => t.f("ledger.closed_org", &[("value", v)]),
            Kind::SameAsRow(row, by) => t.f(
                match by {
                    SameBy::Phone => "ledger.same_as_row_phone",
                    SameBy::BirthDate => "ledger.same_as_row_birth",
                },
                &[("row", &row.to_string())],
            ),
            Kind::OnRoster(org, by) => t.f(
                match by {
                    SameBy::Phone => "ledger.on_roster_phone",
                    SameBy::BirthDate => "ledger.on_roster_birth",
                },
                &[("org", org)],
            ),
        }
    }
}

fn with_value(t: T, message: &str, value: &str) -> String {
    t.f(
        "ledger.with_value",
        &[("message", message), ("value", value)],
    )
}

fn file_message(p: FileProblem, t: T) -> String {
    match p {
        FileProblem::NoFile => t.s("ledger.file_missing").to_owned(),
        FileProblem::Empty => t.s("ledger.file_empty").to_owned(),
        FileProblem::HeaderOnly => t.s("ledger.file_header_only").to_owned(),
        FileProblem::NotSpreadsheet => t.s("ledger.file_not_spreadsheet").to_owned(),
        FileProblem::Encoding => t.s("ledger.file_encoding").to_owned(),
        FileProblem::TooManyRows => t.f(
            "ledger.file_too_many_rows",
            &[("max", &super::roster_import::MAX_ROWS.to_string())],
        ),
        FileProblem::TooLarge => t.f(
            "ledger.file_too_large",
            &[("max", &(super::MAX_UPLOAD / (1024 * 1024)).to_string())],
        ),
        FileProblem::Unpacked => t.f(
            "ledger.file_unpacks_too_large",
            &[(
                "max",
                &(super::bounds::MAX_UNPACKED_BYTES / (1024 * 1024)).to_string(),
            )],
        ),
        FileProblem::TooManyCells => t.f(
            "ledger.file_too_many_cells",
            &[("max", &super::bounds::MAX_CELLS.to_string())],
        ),
    }
}
