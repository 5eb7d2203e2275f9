//! 导入名册: checking a roster spreadsheet, row by row, before anything is written.
//!
//! Pure: the file's bytes, the orgs the importer may name and today's date go in; the members
//! to create and every problem, by row and column, come out. The header is the first row that
//! names a 姓名 column among the first few (a title row above it is allowed); rows that are
//! entirely blank are skipped; columns nobody asked for (序号, 备注, 状态) are ignored, so a
//! roster exported from zhibu can be filled in and imported again.

use super::cell::Cell;
use super::columns::{Field, Header};
use super::org_index::{Lookup, OrgIndex, OrgRef};
use super::problem::{Kind, Problem};
use super::roster_row::RowReader;
use super::same_person::Seen;
use super::table::{self, FileProblem, Flow};
use domain::member::{FieldProblem, PlainDate};
use std::panic::AssertUnwindSafe;

/// The most data rows one import takes.
pub const MAX_ROWS: usize = 200_000;
/// How many rows may stand above the header (titles, notes) before the first is taken as it.
const HEADER_SEARCH: u32 = 10;

/// What a row is checked against.
pub struct Rules<'a> {
    pub orgs: &'a OrgIndex,
    /// The org chosen for the whole file: rows without an org go there, and rows naming one
    /// must name it or an org under it.
    pub target: Option<&'a OrgRef>,
    pub today: PlainDate,
}

/// A row that passed, ready to write.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub row: u32,
    pub org_id: i64,
    pub name: String,
    pub gender: &'static str,
    pub birth_date: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub member_type: &'static str,
    pub joined_party: Option<String>,
    pub positions: Vec<&'static str>,
}

/// Problems kept in a check: those a report lists. More are counted, not kept: a small file
/// whose every cell is one long shared string would otherwise keep its value, and the header's,
/// once per cell — gigabytes for a file of under a megabyte.
pub const MAX_KEPT: usize = super::MAX_LISTED;

/// The outcome of checking a file.
#[derive(Debug, Default)]
pub struct Checked {
    /// Data rows read.
    pub rows: usize,
    pub members: Vec<Candidate>,
    /// The first [`MAX_KEPT`] problems found, in reading order.
    pub problems: Vec<Problem>,
    /// All problems found, kept or not.
    pub problem_count: usize,
    /// The 姓名 header as written, for problems about whole people (duplicates).
    pub name_header: Option<String>,
}

impl Checked {
    fn file_problem(p: FileProblem) -> Checked {
        Checked {
            problems: vec![Problem::file(p)],
            problem_count: 1,
            ..Checked::default()
        }
    }

    /// Counts `p`, and keeps it while fewer than [`MAX_KEPT`] are kept.
    pub fn add(&mut self, p: Problem) {
        self.problem_count += 1;
        if self.problems.len() < MAX_KEPT {
            self.problems.push(p);
        }
    }

    pub fn ok(&self) -> bool {
        self.problem_count == 0
    }
}

/// Checks the file. A reader that panics on a malformed file makes the file unreadable, not
/// the request a server error.
pub fn check(bytes: &[u8], rules: &Rules<'_>) -> Checked {
    let mut checker = Checker {
        rules,
        header: None,
        first: None,
        scanned: 0,
        stopped: None,
        out: Checked::default(),
        seen: Seen::default(),
    };
    // Reading and checking stay on one thread: handing rows to a second one was not faster
    // on a 2-vCPU machine (docs/PERFORMANCE.md).
    let read = std::panic::catch_unwind(AssertUnwindSafe(|| {
        table::read(bytes, &mut |n, cells| checker.row(n, &cells))
    }))
    .unwrap_or(Err(FileProblem::NotSpreadsheet));
    checker.finish(read)
}

struct Checker<'r, 'a> {
    rules: &'r Rules<'a>,
    header: Option<Header>,
    /// The first non-blank row, taken as the header if no row names 姓名.
    first: Option<(u32, Vec<Cell>)>,
    scanned: u32,
    /// Why reading stopped early, when it did.
    stopped: Option<Stop>,
    out: Checked,
    seen: Seen<u32>,
}

enum Stop {
    BadHeader,
    TooManyRows,
}

impl Checker<'_, '_> {
    fn row(&mut self, n: u32, cells: &[Cell]) -> Flow {
        if self.header.is_some() {
            self.out.rows += 1;
            if self.out.rows > MAX_ROWS {
                self.stopped = Some(Stop::TooManyRows);
                return Flow::Stop;
            }
            self.data_row(n, cells);
            return Flow::Continue;
        }
        if self.first.is_none() {
            self.first = Some((n, cells.to_vec()));
        }
        self.scanned += 1;
        let header = Header::read(n, cells);
        if header.index(Field::Name).is_some() {
            return self.accept(header);
        }
        if self.scanned >= HEADER_SEARCH {
            return self.accept_first();
        }
        Flow::Continue
    }

    fn accept_first(&mut self) -> Flow {
        let (n, cells) = self.first.take().unwrap_or_default();
        self.accept(Header::read(n, &cells))
    }

    /// Takes `header`, reporting missing and repeated columns; stops when a required one is
    /// missing, since no row could then be read.
    fn accept(&mut self, header: Header) -> Flow {
        let mut required = vec![Field::Name];
        if self.rules.target.is_none() {
            required.push(Field::Org);
        }
        let missing: Vec<Field> = required
            .into_iter()
            .filter(|f| header.index(*f).is_none())
            .collect();
        for field in &missing {
            self.out.add(Problem {
                row: Some(header.row),
                field: Some(*field),
                header: None,
                kind: Kind::MissingColumn,
            });
        }
        for (field, text) in &header.repeated {
            self.out.add(Problem {
                row: Some(header.row),
                field: Some(*field),
                header: Some(text.clone()),
                kind: Kind::RepeatedColumn,
            });
        }
        self.out.name_header = header.text(Field::Name).map(str::to_owned);
        self.header = Some(header);
        if missing.is_empty() {
            Flow::Continue
        } else {
            self.stopped = Some(Stop::BadHeader);
            Flow::Stop
        }
    }

    fn finish(mut self, read: Result<(), FileProblem>) -> Checked {
        if let Err(p) = read {
            return Checked::file_problem(p);
        }
        match self.stopped {
            Some(Stop::TooManyRows) => return Checked::file_problem(FileProblem::TooManyRows),
            Some(Stop::BadHeader) => {
                self.out.members.clear();
                return self.out;
            }
            None => {}
        }
        if self.header.is_none() {
            if self.first.is_none() {
                return Checked::file_problem(FileProblem::Empty);
            }
            if self.accept_first() == Flow::Stop {
                return self.out;
            }
        }
        if self.out.rows == 0 {
            return Checked::file_problem(FileProblem::HeaderOnly);
        }
        self.out
    }

    fn data_row(&mut self, n: u32, cells: &[Cell]) {
        let Some(header) = self.header.as_ref() else {
            return;
        };
        let mut row = RowReader {
            n,
            header,
            cells,
            today: self.rules.today,
            problems: Vec::new(),
        };
        let name = row.name();
        let org = match self.org_of(&row.text(Field::Org)) {
            Ok(id) => Some(id),
            Err(kind) => row.problem(Field::Org, kind),
        };
        let gender = row.gender();
        let birth_date = row.date(Field::BirthDate);
        let joined_party = row.date(Field::JoinedParty);
        let phone = row.phone();
        let email = row.email();
        let member_type = row.member_type();
        let positions = row.positions();

        let problems = std::mem::take(&mut row.problems);
        let complete = problems.is_empty();
        for p in problems {
            self.out.add(p);
        }
        let (
            Some(name),
            Some(org_id),
            Some(gender),
            Some(birth_date),
            Some(joined_party),
            Some(phone),
            Some(email),
            Some(member_type),
            true,
        ) = (
            name,
            org,
            gender,
            birth_date,
            joined_party,
            phone,
            email,
            member_type,
            complete,
        )
        else {
            return;
        };
        if let Some((first, by)) =
            self.seen
                .find_or_add(&name, phone.as_deref(), birth_date.as_deref(), n)
        {
            self.out.add(Problem {
                row: Some(n),
                field: Some(Field::Name),
                header: self.out.name_header.clone(),
                kind: Kind::SameAsRow(first, by),
            });
            return;
        }
        self.out.members.push(Candidate {
            row: n,
            org_id,
            name,
            gender,
            birth_date,
            phone,
            email,
            member_type,
            joined_party,
            positions,
        });
    }

    /// The org a row names, or the target when it names none.
    fn org_of(&self, raw: &str) -> Result<i64, Kind> {
        let target = self.rules.target;
        if raw.is_empty() {
            return match target {
                Some(t) => Ok(t.id),
                None => Err(Kind::Field(FieldProblem::Missing, String::new())),
            };
        }
        match self.rules.orgs.lookup(raw) {
            Lookup::Found(o) if o.open => Ok(o.id),
            Lookup::Found(_) => Err(Kind::ClosedOrg(raw.to_owned())),
            Lookup::Unknown => Err(match target {
                Some(t) => Kind::UnknownOrgUnder(raw.to_owned(), t.name.clone()),
                None => Kind::UnknownOrg(raw.to_owned()),
            }),
            Lookup::Ambiguous(names) => Err(Kind::AmbiguousOrg(raw.to_owned(), names)),
        }
    }
}

/// Reports every checked row that is someone already on the roster (`people`: the importer's
/// whole scope, not only the target org, so nobody is entered twice in two branches).
pub fn against_roster(checked: &mut Checked, people: &[store::roster_import::Person]) {
    let mut roster: Seen<&str> = Seen::default();
    for p in people {
        roster.add(
            &p.name,
            p.phone.as_deref(),
            p.birth_date.as_deref(),
            &p.org_name,
        );
    }
    // Built only while they are kept (see [`MAX_KEPT`]); the rest are counted.
    let room = MAX_KEPT.saturating_sub(checked.problems.len());
    let mut found = Vec::new();
    let mut more = 0;
    for m in &checked.members {
        let Some((org, by)) = roster.find(&m.name, m.phone.as_deref(), m.birth_date.as_deref())
        else {
            continue;
        };
        if found.len() < room {
            found.push(Problem {
                row: Some(m.row),
                field: Some(Field::Name),
                header: checked.name_header.clone(),
                kind: Kind::OnRoster(org.to_owned(), by),
            });
        } else {
            more += 1;
        }
    }
    for p in found {
        checked.add(p);
    }
    checked.problem_count += more;
}

#[cfg(test)]
#[path = "roster_import_tests.rs"]
mod tests;
