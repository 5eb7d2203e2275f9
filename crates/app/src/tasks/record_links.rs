//! Answers that link to records (`record_link` fields): an org may name only its own —
//! its activities, the photos of its activities still shown, its members' written reflections —
//! and the fill-in page offers those to choose from (a campaign's report, the campaign's).

use crate::App;
use crate::error::Result;
use domain::form::{Answers, FieldKind, FormDefinition, RecordKind};
use std::collections::BTreeMap;
use store::report_records::{self, LinkedRecord, RecordQuery};

/// How many records a field offers to choose from: the latest ones (those already chosen are
/// offered too, wherever they fall).
pub const OFFERED: i64 = 100;

/// The keys of the record-link fields whose answer names a record that is not `org_id`'s own
/// (or a kind of record zhibu does not keep, which nobody can own).
pub async fn refused_fields(
    app: &App,
    form: &FormDefinition,
    answers: &Answers,
    org_id: i64,
) -> Result<Vec<String>> {
    let mut refused = Vec::new();
    for field in form.fields() {
        let FieldKind::RecordLink { record_kind, .. } = field.kind() else {
            continue;
        };
        let ids = ids_of(answers.get(field.key()));
        if ids.is_empty() {
            continue;
        }
        let own = match RecordKind::parse(record_kind) {
            Some(kind) => report_records::own(app.db.read(), kind, org_id, &ids).await?,
            None => Vec::new(),
        };
        if ids.iter().any(|id| !own.contains(id)) {
            refused.push(field.key().to_owned());
        }
    }
    Ok(refused)
}

/// The ids a stored record-link answer holds (one, or a list).
pub fn ids_of(value: Option<&serde_json::Value>) -> Vec<i64> {
    let mut ids: Vec<i64> = match value {
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(|v| v.as_i64()).collect(),
        Some(v) => v.as_i64().into_iter().collect(),
        None => Vec::new(),
    };
    ids.dedup();
    ids
}

/// What each record-link field of `form` offers `org_id` to choose from: its latest records of
/// the field's kind that took place (for task `task_id` tied to a campaign, the campaign's),
/// then any record the answers already name that is the org's own. By field key.
pub async fn choices(
    app: &App,
    task_id: i64,
    org_id: i64,
    form: &FormDefinition,
    answers: &serde_json::Value,
) -> Result<BTreeMap<String, Vec<LinkedRecord>>> {
    let mut out = BTreeMap::new();
    let links: Vec<_> = form
        .fields()
        .iter()
        .filter_map(|f| match f.kind() {
            FieldKind::RecordLink { record_kind, .. } => {
                RecordKind::parse(record_kind).map(|k| (f, k))
            }
            _ => None,
        })
        .collect();
    if links.is_empty() {
        return Ok(out);
    }
    let campaign_id = store::campaigns::campaign_of_task(app.db.read(), task_id).await?;
    let checked = form.check(answers, domain::form::Mode::Draft).ok();
    for (field, kind) in links {
        let q = RecordQuery {
            kind,
            org_id,
            campaign_id,
            ids: &[],
            took_place: true,
            limit: OFFERED,
        };
        let mut list = report_records::find(app.db.read(), q).await?;
        let chosen = ids_of(checked.as_ref().and_then(|a| a.get(field.key())));
        let missing: Vec<i64> = chosen
            .into_iter()
            .filter(|id| list.iter().all(|r| r.id != *id))
            .collect();
        if !missing.is_empty() {
            list.extend(named(app, org_id, kind, &missing).await?);
        }
        out.insert(field.key().to_owned(), list);
    }
    Ok(out)
}

/// The records of `kind` among `ids` that are `org_id`'s own, for showing an answer by name
/// (another org's record stays an id: its title is not the reader's to see).
pub async fn named(
    app: &App,
    org_id: i64,
    kind: RecordKind,
    ids: &[i64],
) -> Result<Vec<LinkedRecord>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = RecordQuery {
        kind,
        org_id,
        campaign_id: None,
        ids,
        took_place: false,
        limit: ids.len() as i64,
    };
    Ok(report_records::find(app.db.read(), q).await?)
}

/// The records the answers in `answers` name (each checked against its form), by name where
/// they are `org_id`'s own: what read-only views show.
pub async fn named_in(
    app: &App,
    org_id: i64,
    answers: &[(&FormDefinition, &serde_json::Value)],
) -> Result<Vec<LinkedRecord>> {
    let mut wanted: BTreeMap<&'static str, (RecordKind, Vec<i64>)> = BTreeMap::new();
    for (form, value) in answers {
        let Ok(checked) = form.check(value, domain::form::Mode::Draft) else {
            continue;
        };
        for (kind, id) in checked.references(form).record_ids {
            if let Some(kind) = RecordKind::parse(&kind) {
                let slot = wanted.entry(kind.as_str()).or_insert((kind, Vec::new()));
                if !slot.1.contains(&id) {
                    slot.1.push(id);
                }
            }
        }
    }
    let mut out = Vec::new();
    for (kind, ids) in wanted.into_values() {
        out.extend(named(app, org_id, kind, &ids).await?);
    }
    Ok(out)
}
