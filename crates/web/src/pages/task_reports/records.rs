//! The records on a report's page: what each record-link field offers to choose from, which
//! fields the records fill (and whether the org changed them since), the records the answers
//! name, and — once handed in — the fields whose records have changed since (记录已变化).

use super::parse;
use crate::error::Result;
use crate::i18n::T;
use crate::pages::task_fields::{self, Names, RecordShown, ShownAnswer, all_shown};
use crate::state::AppState;
use app::tasks::prefill::{self, Drift};
use app::tasks::record_links;
use domain::form::FormDefinition;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use store::submissions::{Submission, Version};

/// The records a page needs.
#[derive(Default)]
pub struct OnPage {
    /// By record-link field: the org's records to choose from.
    pub choices: BTreeMap<String, Vec<RecordShown>>,
    /// By sourced field: still the records' (true) or changed by the org (false).
    pub from_records: BTreeMap<String, bool>,
    /// The records the versions, the answers shown and the records' new values name.
    pub named: Vec<RecordShown>,
}

/// What a page needs to show a report: see [`OnPage`]. Choices and marks only for a form
/// the caller fills in.
#[expect(
    clippy::too_many_arguments,
    reason = "the records a report page shows come from all of these"
)]
pub async fn gather(
    state: &AppState,
    t: T,
    s: &Submission,
    form: &FormDefinition,
    answers: &Value,
    forms: &HashMap<i64, FormDefinition>,
    versions: &[Version],
    drift: &[Drift],
    filling: bool,
) -> Result<OnPage> {
    let kinds = app::activities::kinds::all(state).await?;
    let mut page = OnPage::default();
    if filling {
        let choices = record_links::choices(state, s.task_id, s.org_id, form, answers).await?;
        page.choices = choices
            .iter()
            .map(|(k, list)| (k.clone(), all_shown(state, t, &kinds, list)))
            .collect();
        page.from_records =
            prefill::from_records(state, s.task_id, s.org_id, form, answers).await?;
    }
    let datas: Vec<Value> = versions.iter().map(|v| parse(&v.data)).collect();
    let news: Vec<(FormDefinition, Value)> = drift
        .iter()
        .filter_map(|d| {
            let form = FormDefinition::parse(&json!({ "fields": [d.field.clone()] })).ok()?;
            let mut answer = serde_json::Map::new();
            answer.insert(d.field.key().to_owned(), d.now.clone()?);
            Some((form, Value::Object(answer)))
        })
        .collect();
    let mut sets: Vec<(&FormDefinition, &Value)> = vec![(form, answers)];
    for (v, data) in versions.iter().zip(&datas) {
        if let Some(f) = forms.get(&v.form_version) {
            sets.push((f, data));
        }
    }
    sets.extend(news.iter().map(|(f, v)| (f, v)));
    let named = record_links::named_in(state, s.org_id, &sets).await?;
    page.named = all_shown(state, t, &kinds, &named);
    Ok(page)
}

/// A field whose records changed since the version handed in: what was handed in, what the
/// records give now.
pub struct DriftShown {
    pub label: String,
    pub handed_in: ShownAnswer,
    pub now: ShownAnswer,
}

impl DriftShown {
    /// Both sides, handed in first, for the template to draw alike.
    pub fn sides(&self) -> [&ShownAnswer; 2] {
        [&self.handed_in, &self.now]
    }
}

/// The drifted fields as the page shows them.
pub fn drift_shown(t: T, names: &Names, drift: &[Drift]) -> Vec<DriftShown> {
    drift
        .iter()
        .map(|d| DriftShown {
            label: d.field.label().to_owned(),
            handed_in: task_fields::shown_answer(t, names, &d.field, d.handed_in.as_ref()),
            now: task_fields::shown_answer(t, names, &d.field, d.now.as_ref()),
        })
        .collect()
}
