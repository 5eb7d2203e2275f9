//! The report that fills itself. A task tied to a campaign has fields with a source (see
//! `domain::form::Source`); when the reporting org opens its report, each such field that is
//! still empty, or still holds the value the records gave last time (`report_record_fills`),
//! is set from the records as they are now, and the value recorded. A field the org changed is
//! its own and left alone. Once handed in, a version never changes: what the records say now
//! is only shown beside it ([`drift`]).

use super::reports::{self, Report, Role};
use super::rules::Loaded;
use crate::campaigns::report::values_for;
use crate::error::{Error, Result};
use crate::{Actor, App};
use domain::form::{Answers, Field, FormDefinition, Mode};
use domain::submission::{SubmissionState, after_draft};
use domain::task::TaskChange;
use serde_json::Value;
use std::collections::BTreeMap;
use store::campaigns::{self, Campaign};
use store::record_fills;
use store::submissions::{self, Submission, Version};

/// The campaign task `task_id` reports on, if any.
async fn campaign_of(app: &App, task_id: i64) -> Result<Option<Campaign>> {
    match campaigns::campaign_of_task(app.db.read(), task_id).await? {
        Some(id) => Ok(campaigns::by_id(app.db.read(), id).await?),
        None => Ok(None),
    }
}

fn has_sources(form: &FormDefinition) -> bool {
    form.fields().iter().any(|f| f.source().is_some())
}

/// The answers the org is working on: the draft, else the latest version handed in, checked
/// against the current form (a draft of an older form keeps what still fits).
fn working_copy(
    s: &Submission,
    latest: Option<&Version>,
    form: &FormDefinition,
) -> Option<Answers> {
    let json = s.draft.as_deref().or(latest.map(|v| v.data.as_str()));
    let value = match json {
        Some(j) => serde_json::from_str(j).ok()?,
        None => Value::Null,
    };
    form.check(&value, Mode::Draft).ok()
}

/// The value last filled in for a field: `None` never filled, `Some(None)` filled as empty.
fn last_fill(fills: &BTreeMap<String, Value>, key: &str) -> Option<Option<Value>> {
    fills.get(key).map(|v| (!v.is_null()).then(|| v.clone()))
}

/// A sourced field is still the records' when it is empty or holds the value last filled in.
fn untouched(current: Option<&Value>, fill: Option<&Option<Value>>) -> bool {
    match current {
        None => true,
        Some(v) => fill.is_some_and(|f| f.as_ref() == Some(v)),
    }
}

/// Fills `report` from the records, when it is the caller's to write (the reporting side, the
/// task open, the report not standing handed in) and its task is tied to a campaign; answers
/// the report as it now stands. Writes only when something changed, in one transaction with
/// its audit event; a save by someone else in between wins (this open fills nothing).
pub async fn prefill(app: &App, user: &Actor, loaded: &Loaded, report: Report) -> Result<Report> {
    let task = &loaded.task;
    let s = &report.submission;
    let writable = matches!(
        s.state,
        SubmissionState::NotStarted | SubmissionState::Draft | SubmissionState::Returned
    );
    if report.role != Role::Reporter || !writable || task.status.allows(TaskChange::Report).is_err()
    {
        return Ok(report);
    }
    let form = reports::form(app, task.id, task.form_version).await?;
    if !has_sources(&form) {
        return Ok(report);
    }
    let Some(campaign) = campaign_of(app, task.id).await? else {
        return Ok(report);
    };
    let versions = submissions::versions(app.db.read(), s.id).await?;
    let Some(current) = working_copy(s, versions.last(), &form) else {
        return Ok(report);
    };
    let now = values_for(app, &campaign, s.org_id, &form).await?;
    let fills = record_fills::of_report(app.db.read(), task.id, s.org_id).await?;
    let mut answers = match current.as_json() {
        Value::Object(map) => map.clone(),
        _ => Default::default(),
    };
    let mut filled: Vec<(String, Option<Value>)> = Vec::new();
    for (key, value) in &now {
        let fill = last_fill(&fills, key);
        if !untouched(current.get(key), fill.as_ref()) || current.get(key) == value.as_ref() {
            continue;
        }
        match value {
            Some(v) => answers.insert(key.clone(), v.clone()),
            None => answers.remove(key),
        };
        filled.push((key.clone(), value.clone()));
    }
    if filled.is_empty() {
        return Ok(report);
    }
    let data =
        serde_json::to_string(&Value::Object(answers)).map_err(|e| Error::Internal(e.into()))?;
    let mut w = app.write(user).await?;
    let saved = submissions::save_draft(
        &mut w.tx,
        s,
        &data,
        task.form_version,
        after_draft(s.state),
        user.account.id,
        w.now,
    )
    .await?;
    if !saved {
        return reload(app, report).await;
    }
    for (key, value) in &filled {
        let v = value.clone().unwrap_or(Value::Null);
        record_fills::put(&mut w.tx, task.id, s.org_id, key, &v, w.now).await?;
    }
    let keys: Vec<&str> = filled.iter().map(|(k, _)| k.as_str()).collect();
    let detail = format!("task {} {} {}", task.id, s.period, keys.join(","));
    w.commit("submission.prefill", ("submission", s.id), s.org_id, detail)
        .await?;
    reload(app, report).await
}

async fn reload(app: &App, report: Report) -> Result<Report> {
    let submission = submissions::by_id(app.db.read(), report.submission.id)
        .await?
        .ok_or_else(Error::not_found)?;
    Ok(Report {
        submission,
        role: report.role,
    })
}

/// For each sourced field of `form` (task `task_id` tied to a campaign), whether `answers`
/// still hold what the records gave (true: it refreshes on the next open) or the org changed
/// it (false). Empty for a task without a campaign.
pub async fn from_records(
    app: &App,
    task_id: i64,
    org_id: i64,
    form: &FormDefinition,
    answers: &Value,
) -> Result<BTreeMap<String, bool>> {
    let mut out = BTreeMap::new();
    if !has_sources(form)
        || campaigns::campaign_of_task(app.db.read(), task_id)
            .await?
            .is_none()
    {
        return Ok(out);
    }
    let Ok(checked) = form.check(answers, Mode::Draft) else {
        return Ok(out);
    };
    let fills = record_fills::of_report(app.db.read(), task_id, org_id).await?;
    for field in form.fields().iter().filter(|f| f.source().is_some()) {
        let key = field.key();
        let fill = last_fill(&fills, key);
        out.insert(key.to_owned(), untouched(checked.get(key), fill.as_ref()));
    }
    Ok(out)
}

/// A sourced field whose records changed since the version handed in.
#[derive(Debug, Clone)]
pub struct Drift {
    /// The field, in the form of the version handed in.
    pub field: Field,
    pub handed_in: Option<Value>,
    /// What the records give now.
    pub now: Option<Value>,
}

/// The sourced fields of the latest version of `s` whose records now give another value than
/// the one handed in — and, for a field the org wrote itself, another value than the records
/// gave when it was filled in (its own words are not a change of the records). Empty when
/// nothing was handed in or the task is not tied to a campaign.
pub async fn drift(
    app: &App,
    task_id: i64,
    s: &Submission,
    versions: &[Version],
) -> Result<Vec<Drift>> {
    let Some(latest) = versions.last() else {
        return Ok(Vec::new());
    };
    let form = reports::form(app, task_id, latest.form_version).await?;
    if !has_sources(&form) {
        return Ok(Vec::new());
    }
    let Some(campaign) = campaign_of(app, task_id).await? else {
        return Ok(Vec::new());
    };
    let value: Value = serde_json::from_str(&latest.data).unwrap_or(Value::Null);
    let Ok(handed) = form.check(&value, Mode::Draft) else {
        return Ok(Vec::new());
    };
    let now = values_for(app, &campaign, s.org_id, &form).await?;
    let fills = record_fills::of_report(app.db.read(), task_id, s.org_id).await?;
    let mut out = Vec::new();
    for field in form.fields() {
        let Some(value) = now.get(field.key()) else {
            continue;
        };
        let given = handed.get(field.key());
        let fill = last_fill(&fills, field.key());
        if value.as_ref() != given && fill.as_ref().is_none_or(|f| f != value) {
            out.push(Drift {
                field: field.clone(),
                handed_in: given.cloned(),
                now: value.clone(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_field_is_the_records_while_empty_or_as_filled() {
        let mut fills = BTreeMap::new();
        fills.insert("n".to_owned(), json!(3));
        fills.insert("e".to_owned(), Value::Null);
        assert_eq!(last_fill(&fills, "n"), Some(Some(json!(3))));
        assert_eq!(last_fill(&fills, "e"), Some(None));
        assert_eq!(last_fill(&fills, "x"), None);
        // Empty: the records' to fill, whatever was filled before.
        assert!(untouched(None, None));
        assert!(untouched(None, last_fill(&fills, "n").as_ref()));
        // As filled: still the records'; anything else: the org's own.
        assert!(untouched(Some(&json!(3)), last_fill(&fills, "n").as_ref()));
        assert!(!untouched(Some(&json!(4)), last_fill(&fills, "n").as_ref()));
        assert!(!untouched(Some(&json!(3)), None));
        assert!(!untouched(Some(&json!(3)), last_fill(&fills, "e").as_ref()));
    }
}
