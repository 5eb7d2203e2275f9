//! What the records say for each sourced field of a campaign report: the branch's figures
//! from [`super::figures::compute`], its featured reflections and the photos of its sessions,
//! each shaped as the field's answer and checked by the form, so a value read back from a
//! draft compares equal to the value the records gave.
//!
//! Values are data, not sentences: names and titles as recorded, dates as YYYY-MM-DD, kinds
//! by the names the deployment gave them, lists joined with "、". They read the same whoever
//! opens the report, so a value stays "from the records" until the branch changes it.

use super::figures::{self, BranchProgress};
use crate::App;
use crate::error::Result;
use domain::activity_content::Kind;
use domain::form::{Field, FieldKind, FormDefinition, Mode, RecordKind, Source};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use store::campaigns::{Campaign, StoredMaterial};
use store::report_records::{self, RecordQuery};
use store::study::{self, ReflectionQuery};

/// Photos filled in at most: a report shows a selection, not an album.
pub const PHOTOS_FILLED: i64 = 24;
/// The form's hard cap on a table's rows.
const MAX_ROWS: usize = 1000;
/// How names in one cell are joined, as Chinese lists are written.
const JOIN: &str = "、";

/// The value the records give each sourced field of `form` for branch `org_id` in campaign
/// `c`, by field key; `None` where the records give nothing (no photos yet, no rate without
/// attendance). Empty when the org is not a branch taking part.
pub async fn values_for(
    app: &App,
    c: &Campaign,
    org_id: i64,
    form: &FormDefinition,
) -> Result<BTreeMap<String, Option<Value>>> {
    let sourced: Vec<(&Field, Source)> = form
        .fields()
        .iter()
        .filter_map(|f| f.source().map(|s| (f, s)))
        .collect();
    let mut out = BTreeMap::new();
    if sourced.is_empty() {
        return Ok(out);
    }
    let facts = figures::compute(app, c, Some(&[org_id])).await?;
    let Some(branch) = facts.branches.iter().find(|b| b.org.id == org_id) else {
        return Ok(out);
    };
    let kinds = crate::activities::kinds::all(app).await?;
    for (field, source) in sourced {
        let raw = match source {
            Source::SessionsHeld => Some(json!(branch.sessions.len())),
            Source::AttendanceRate => branch.figures.attendance_rate().map(|r| json!(r)),
            Source::Sessions => sessions(branch, &kinds),
            Source::MaterialsCovered => covered(field, branch, &facts.materials),
            Source::LeadFirst => leads(branch, &facts.materials),
            Source::VolunteerHours => Some(json!(hours(branch.figures.volunteer_minutes))),
            Source::ScienceEvents => Some(json!(branch.figures.science_events())),
            Source::Reflections => reflections(app, c.id, org_id).await?,
            Source::Photos => photos(app, c.id, org_id).await?,
        };
        let raw = raw.map(|v| fit(field, v));
        out.insert(
            field.key().to_owned(),
            raw.and_then(|v| normalised(form, field, v)),
        );
    }
    Ok(out)
}

/// Minutes as hours, one decimal.
fn hours(minutes: i64) -> f64 {
    (minutes as f64 / 6.0).round() / 10.0
}

/// The value as the field's answer after the form's own check (numbers as stored, blank rows
/// dropped); `None` when the field cannot hold it (a form whose columns differ, say).
fn normalised(form: &FormDefinition, field: &Field, value: Value) -> Option<Value> {
    let key = field.key();
    let answers = form.check(&json!({ key: value }), Mode::Draft).ok()?;
    answers.get(key).cloned()
}

/// A list of ids for a field that links several records, the first for one that links one.
fn fit(field: &Field, value: Value) -> Value {
    match (field.kind(), value) {
        (
            FieldKind::RecordLink {
                multiple: false, ..
            },
            Value::Array(ids),
        ) => ids.into_iter().next().unwrap_or(Value::Null),
        (_, v) => v,
    }
}

fn kind_name(kinds: &[Kind], code: &str) -> String {
    crate::activities::kinds::find(kinds, code).map_or_else(|| code.to_owned(), |k| k.name.clone())
}

/// Each held session: date, kind, title, 领学人, 应到, 实到.
fn sessions(branch: &BranchProgress, kinds: &[Kind]) -> Option<Value> {
    let rows: Vec<Value> = branch
        .sessions
        .iter()
        .take(MAX_ROWS)
        .map(|s| {
            json!({
                "date": s.day.to_string(),
                "kind": kind_name(kinds, &s.kind),
                "title": s.title,
                "leader": s.leader,
                "expected": s.expected,
                "present": s.present,
            })
        })
        .collect();
    (!rows.is_empty()).then_some(Value::Array(rows))
}

/// The materials studied in at least one session, in the campaign's order: one a line in a
/// long text, joined with "、" in a short one.
fn covered(field: &Field, branch: &BranchProgress, materials: &[StoredMaterial]) -> Option<Value> {
    let titles: Vec<&str> = materials
        .iter()
        .filter(|m| {
            branch
                .leads
                .iter()
                .any(|l| l.material_id == m.id && l.first_session.is_some())
        })
        .map(|m| m.title.as_str())
        .collect();
    if titles.is_empty() {
        return None;
    }
    let sep = match field.kind() {
        FieldKind::LongText { .. } => "\n",
        _ => JOIN,
    };
    Some(json!(titles.join(sep)))
}

/// 先学领学 per material: the first session's day and 领学人, the leaders who studied it
/// before that day and those who had not, and whether it was done.
fn leads(branch: &BranchProgress, materials: &[StoredMaterial]) -> Option<Value> {
    let rows: Vec<Value> = materials
        .iter()
        .filter_map(|m| {
            let lead = branch.leads.iter().find(|l| l.material_id == m.id)?;
            let names = |ok: bool| {
                lead.leaders
                    .iter()
                    .filter(|(_, _, studied)| *studied == ok)
                    .map(|(_, name, _)| name.as_str())
                    .collect::<Vec<_>>()
                    .join(JOIN)
            };
            let (day, leader) = match &lead.first_session {
                Some((day, _, leader)) => (json!(day.to_string()), json!(leader)),
                None => (Value::Null, Value::Null),
            };
            Some(json!({
                "material": m.title,
                "first_day": day,
                "leader": leader,
                "studied_first": names(true),
                "not_yet": names(false),
                "done": lead.done,
            }))
        })
        .collect();
    (!rows.is_empty()).then_some(Value::Array(rows))
}

/// The branch's featured reflections in the campaign, by id.
async fn reflections(app: &App, campaign_id: i64, org_id: i64) -> Result<Option<Value>> {
    let q = ReflectionQuery {
        campaign_id,
        org_ids: &[org_id],
        featured_only: true,
        ..ReflectionQuery::default()
    };
    let mut ids: Vec<i64> = study::reflections(app.db.read(), q)
        .await?
        .iter()
        .map(|r| r.id)
        .collect();
    ids.sort_unstable();
    Ok((!ids.is_empty()).then(|| json!(ids)))
}

/// Photos of the branch's sessions in the campaign, latest sessions first, at most
/// [`PHOTOS_FILLED`].
async fn photos(app: &App, campaign_id: i64, org_id: i64) -> Result<Option<Value>> {
    let q = RecordQuery {
        kind: RecordKind::ActivityPhoto,
        org_id,
        campaign_id: Some(campaign_id),
        ids: &[],
        took_place: true,
        limit: PHOTOS_FILLED,
    };
    let ids: Vec<i64> = report_records::find(app.db.read(), q)
        .await?
        .iter()
        .map(|r| r.id)
        .collect();
    Ok((!ids.is_empty()).then(|| json!(ids)))
}
