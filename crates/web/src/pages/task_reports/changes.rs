//! What changed in a report's latest version: against the approved version when it was
//! approved before, else against the version before it; each change in the words and names
//! the rest of the page uses.

use super::parse;
use crate::i18n::T;
use crate::pages::task_fields::{self, FileShown, Names};
use domain::form::{FieldType, FormDefinition, Mode, diff};
use std::collections::HashMap;
use store::submissions::Version;

pub struct ChangeShown {
    pub label: String,
    pub before: String,
    pub after: String,
    /// A files field's files before and after, each a download link.
    pub before_files: Vec<FileShown>,
    pub after_files: Vec<FileShown>,
}

/// The changes of the latest version against the approved one (when it was approved before)
/// or the one before it, with the heading naming which.
pub(super) fn latest_changes(
    t: T,
    names: &Names,
    approved: Option<i64>,
    versions: &[Version],
    forms: &HashMap<i64, FormDefinition>,
) -> (String, Vec<ChangeShown>) {
    let Some(new) = versions.last() else {
        return (String::new(), Vec::new());
    };
    let base = match approved {
        Some(a) if a < new.version => a,
        _ => new.version - 1,
    };
    let Some(old) = versions.iter().find(|v| v.version == base) else {
        return (String::new(), Vec::new());
    };
    let (Some(old_def), Some(new_def)) =
        (forms.get(&old.form_version), forms.get(&new.form_version))
    else {
        return (String::new(), Vec::new());
    };
    let read = |def: &FormDefinition, data: &str| {
        def.check(&parse(data), Mode::Draft)
            .unwrap_or_else(|_| def.empty_answers())
    };
    let (old_answers, new_answers) = (read(old_def, &old.data), read(new_def, &new.data));
    let changes = diff(old_def, &old_answers, new_def, &new_answers)
        .into_iter()
        .map(|c| {
            // Yes/no, members, files and records read as words and names, as everywhere else
            // on the page; files are links too.
            let field = new_def.field(&c.key).or_else(|| old_def.field(&c.key));
            let (old, new) = (old_answers.get(&c.key), new_answers.get(&c.key));
            let kind = c.kind();
            let (before, after) = match (kind, field) {
                (
                    FieldType::YesNo
                    | FieldType::MemberPicker
                    | FieldType::Files
                    | FieldType::RecordLink,
                    Some(f),
                ) => (
                    task_fields::readable(t, names, f, old),
                    task_fields::readable(t, names, f, new),
                ),
                _ => (c.before, c.after),
            };
            let (before_files, after_files) = if kind == FieldType::Files {
                (
                    task_fields::files_shown(names, old),
                    task_fields::files_shown(names, new),
                )
            } else {
                (Vec::new(), Vec::new())
            };
            ChangeShown {
                label: c.label,
                before,
                after,
                before_files,
                after_files,
            }
        })
        .collect();
    let heading = t.f(
        if approved == Some(base) {
            "task_pages.changes_since_approved"
        } else {
            "task_pages.changes_since"
        },
        &[
            ("new", &new.version.to_string()),
            ("old", &base.to_string()),
        ],
    );
    (heading, changes)
}
