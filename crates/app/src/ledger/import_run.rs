//! Running a roster import against the database: the one procedure behind the page, the API
//! and the CLI.
//!
//! The file is checked on a blocking thread (reading 100,000 rows is CPU work) against the orgs
//! of the importer's scope, loaded once; then against the people already on the roster, loaded
//! with one query. Only a file with no problem at all, and only when a commit is asked for, is
//! written: every row and one audit event in one transaction. The roster check is repeated
//! inside that transaction so the rows it approves are the rows it writes beside.

use super::columns::Field;
use super::org_index::{OrgIndex, OrgRef};
use super::problem::{Kind, Problem};
use super::roster_import::{Checked, Rules, against_roster, check};
use domain::Timestamp;
use domain::member::PlainDate;
use store::Db;
use store::audit::{AuditEntry, Outcome};
use store::roster_import::{self as rows, ImportRow};

/// Who imports, as the audit log names them, and the subtrees they may import into.
pub struct Importer<'a> {
    pub account_id: Option<i64>,
    pub username: &'a str,
    pub ip: &'a str,
    /// Materialised paths of the subtrees the importer manages.
    pub roots: Vec<String>,
}

pub struct ImportRequest {
    pub bytes: Vec<u8>,
    pub file_name: String,
    /// The org every row goes to (or under), when one was chosen.
    pub target_org: Option<i64>,
    /// Write the rows when the file is clean; otherwise only check.
    pub commit: bool,
    pub today: PlainDate,
    pub now: Timestamp,
}

#[derive(Debug)]
pub struct ImportReport {
    /// Data rows in the file.
    pub rows: usize,
    /// The first problems found (at most [`super::MAX_LISTED`]), by row.
    pub problems: Vec<Problem>,
    /// All problems found.
    pub problem_count: usize,
    pub committed: bool,
}

impl ImportReport {
    /// A report of the one problem that stopped the import before any row was read.
    pub fn refused(problem: Problem) -> ImportReport {
        ImportReport {
            rows: 0,
            problems: vec![problem],
            problem_count: 1,
            committed: false,
        }
    }

    pub fn ok(&self) -> bool {
        self.problem_count == 0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The chosen org does not exist or lies outside the importer's scope.
    #[error("the chosen org is not in the importer's scope")]
    TargetNotFound,
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("checking the file failed: {0}")]
    Task(String),
}

fn report(checked: Checked, committed: bool) -> ImportReport {
    let mut problems = checked.problems;
    problems.sort_by_key(|p| p.row);
    ImportReport {
        rows: checked.rows,
        problems,
        problem_count: checked.problem_count,
        committed,
    }
}

async fn target_org(db: &Db, who: &Importer<'_>, id: i64) -> Result<OrgRef, ImportError> {
    let org = store::orgs::by_id(db.read(), id)
        .await?
        .filter(|o| who.roots.iter().any(|r| domain::access::within(&o.path, r)))
        .ok_or(ImportError::TargetNotFound)?;
    Ok(OrgRef {
        id: org.id,
        open: org.is_open(),
        path: org.path,
        name: org.name,
    })
}

/// Checks the file (on a blocking thread: reading a large spreadsheet is CPU work) against the
/// orgs under the target, or under the importer's scope when the file names its orgs.
async fn check_file(
    db: &Db,
    who: &Importer<'_>,
    target: Option<OrgRef>,
    bytes: Vec<u8>,
    today: PlainDate,
) -> Result<Checked, ImportError> {
    let roots = match &target {
        Some(t) => vec![t.path.clone()],
        None => who.roots.clone(),
    };
    let mut orgs = Vec::new();
    for root in &roots {
        orgs.extend(store::orgs::list_under(db.read(), root, i64::MAX, 0).await?);
    }
    let index = OrgIndex::new(orgs);
    tokio::task::spawn_blocking(move || {
        let rules = Rules {
            orgs: &index,
            target: target.as_ref(),
            today,
        };
        check(&bytes, &rules)
    })
    .await
    .map_err(|e| ImportError::Task(e.to_string()))
}

fn import_rows(checked: &Checked) -> Vec<ImportRow<'_>> {
    checked
        .members
        .iter()
        .map(|m| ImportRow {
            org_id: m.org_id,
            name: &m.name,
            gender: m.gender,
            birth_date: m.birth_date.as_deref(),
            phone: m.phone.as_deref(),
            email: m.email.as_deref(),
            member_type: m.member_type,
            joined_party: m.joined_party.as_deref(),
            positions: &m.positions,
        })
        .collect()
}

pub async fn run(
    db: &Db,
    who: &Importer<'_>,
    req: ImportRequest,
) -> Result<ImportReport, ImportError> {
    let started = std::time::Instant::now();
    let target = match req.target_org {
        Some(id) => Some(target_org(db, who, id).await?),
        None => None,
    };
    if let Some(t) = target.as_ref().filter(|t| !t.open) {
        let problem = Problem {
            row: None,
            field: Some(Field::Org),
            header: None,
            kind: Kind::ClosedOrg(t.name.clone()),
        };
        return Ok(ImportReport::refused(problem));
    }
    let mut checked = check_file(db, who, target.clone(), req.bytes, req.today).await?;
    tracing::debug!(rows = checked.rows, problems = checked.problem_count, elapsed = ?started.elapsed(), "import: file checked");
    if !checked.ok() {
        return Ok(report(checked, false));
    }
    if !req.commit {
        let people = rows::people_under(db.read(), &who.roots).await?;
        against_roster(&mut checked, &people);
        return Ok(report(checked, false));
    }

    let mut tx = db.begin().await?;
    let people = rows::people_under(&mut *tx, &who.roots).await?;
    against_roster(&mut checked, &people);
    tracing::debug!(people = people.len(), elapsed = ?started.elapsed(), "import: roster checked");
    if !checked.ok() {
        return Ok(report(checked, false));
    }
    let new_rows = import_rows(&checked);
    let written = rows::insert(&mut tx, &new_rows, req.now).await?;
    tracing::debug!(written, elapsed = ?started.elapsed(), "import: rows inserted");
    drop(new_rows);
    store::audit::commit_with(
        tx,
        AuditEntry {
            at: req.now,
            account_id: who.account_id,
            username: who.username,
            ip: who.ip,
            action: "members.import",
            object_type: "org",
            object_id: target
                .as_ref()
                .map(|t| t.id.to_string())
                .unwrap_or_default(),
            org_id: target.as_ref().map(|t| t.id),
            outcome: Outcome::Success,
            detail: serde_json::json!({ "rows": written, "file": req.file_name }).to_string(),
        },
    )
    .await?;
    tracing::debug!(elapsed = ?started.elapsed(), "import: committed");
    Ok(report(checked, true))
}
