//! A campaign's report task (及时报送学习情况): made by the committee that runs the campaign,
//! assigned to the branches taking part, with a standard study-report form whose fields say
//! which figure of the records fills them (see [`values_for`]); the branch adds only what the
//! records cannot know. Made, assigned and tied to the campaign in one transaction.

use super::access;
use crate::authz::{self, Object};
use crate::error::{Error, Result};
use crate::tasks::input::TaskInput;
use crate::tasks::rules;
use crate::{Actor, App};
use catalogue::T;
use domain::access::Action;
use domain::campaign::{CampaignProblem, CampaignState};
use domain::form::Source;
use domain::task::{DEFAULT_CATEGORIES, TaskProblem};
use serde_json::{Value, json};
use store::campaigns;

pub use super::report_values::values_for;

/// Why a report task was not made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportTaskRefused {
    /// The campaign is a draft: nobody takes part yet.
    Campaign(CampaignProblem),
    /// The task's own rules: a deadline missing or unreadable, no org to assign…
    Task(Vec<TaskProblem>),
}

/// One field of the standard form: key, label key, type and settings, source.
fn field(t: T, key: &str, kind: Value, source: Option<Source>) -> Value {
    let mut f = json!({
        "key": key,
        "label": t.s(&format!("campaign_report.field.{key}")),
    });
    if let (Some(obj), Some(settings)) = (f.as_object_mut(), kind.as_object()) {
        obj.extend(settings.clone());
        if let Some(s) = source {
            obj.insert("source".into(), json!(s.as_str()));
        }
    }
    f
}

fn column(t: T, table: &str, key: &str, kind: Value) -> Value {
    let mut c = json!({
        "key": key,
        "label": t.s(&format!("campaign_report.column.{table}.{key}")),
    });
    if let (Some(obj), Some(settings)) = (c.as_object_mut(), kind.as_object()) {
        obj.extend(settings.clone());
    }
    c
}

/// The standard study-report form, its labels in `t`'s language: the figures the records give
/// (each with its source), then what the branch writes itself.
pub fn standard_form(t: T) -> Value {
    let count =
        |unit: &str| json!({"type": "number", "integer": true, "min": 0, "unit": t.s(unit)});
    let whole = json!({"type": "number", "integer": true, "min": 0});
    let text = json!({"type": "short_text"});
    let sessions = [
        ("date", json!({"type": "date"})),
        ("kind", text.clone()),
        ("title", text.clone()),
        ("leader", text.clone()),
        ("expected", whole.clone()),
        ("present", whole),
    ];
    let leads = [
        ("material", text.clone()),
        ("first_day", json!({"type": "date"})),
        ("leader", text.clone()),
        ("studied_first", text.clone()),
        ("not_yet", text),
        ("done", json!({"type": "yes_no"})),
    ];
    let table = |name: &str, cols: &[(&str, Value)]| {
        let columns: Vec<Value> = cols
            .iter()
            .map(|(k, kind)| column(t, name, k, kind.clone()))
            .collect();
        json!({"type": "table", "columns": columns})
    };
    let links = |kind: &str| json!({"type": "record_link", "record_kind": kind, "multiple": true});
    let long = json!({"type": "long_text", "required": true});
    json!({"fields": [
        field(t, "sessions_held", count("campaign_report.unit.times"), Some(Source::SessionsHeld)),
        field(t, "attendance_rate",
            json!({"type": "number", "min": 0, "max": 100, "unit": t.s("campaign_report.unit.percent")}),
            Some(Source::AttendanceRate)),
        field(t, "sessions", table("sessions", &sessions), Some(Source::Sessions)),
        field(t, "materials_covered", json!({"type": "long_text"}), Some(Source::MaterialsCovered)),
        field(t, "lead_first", table("lead_first", &leads), Some(Source::LeadFirst)),
        field(t, "volunteer_hours",
            json!({"type": "number", "min": 0, "unit": t.s("campaign_report.unit.hours")}),
            Some(Source::VolunteerHours)),
        field(t, "science_events", count("campaign_report.unit.times"), Some(Source::ScienceEvents)),
        field(t, "reflections", links("reflection"), Some(Source::Reflections)),
        field(t, "photos", links("activity_photo"), Some(Source::Photos)),
        field(t, "other_practices", long.clone(), None),
        field(t, "problems", long.clone(), None),
        field(t, "next_steps", long, None),
    ]})
}

/// The category a report task files under: 学习 when the deployment lists it, else its first.
fn category(list: &[String]) -> String {
    list.iter()
        .find(|c| c.as_str() == DEFAULT_CATEGORIES[0])
        .or_else(|| list.first())
        .cloned()
        .unwrap_or_default()
}

/// Makes campaign `campaign_id`'s report task, due at the end of `deadline` (YYYY-MM-DD),
/// assigned to the orgs taking part (each with its subtree, so their branches report), and
/// ties it to the campaign. Only its committee, when it also assigns tasks there. Answers the
/// task's id.
pub async fn create_task(
    app: &App,
    actor: &Actor,
    t: T,
    campaign_id: i64,
    deadline: &str,
) -> Result<std::result::Result<i64, ReportTaskRefused>> {
    let c = access::manageable(app, actor, campaign_id).await?;
    let object = Object {
        kind: "campaign",
        id: c.id,
        org_id: Some(c.org_id),
    };
    authz::require(app, actor, Action::ManageTasks, &c.org_path, object).await?;
    if c.state == CampaignState::Draft {
        return Ok(Err(ReportTaskRefused::Campaign(
            CampaignProblem::CampaignNotOpen,
        )));
    }
    let deadline = deadline.trim();
    // Only a bare day is asked for; a time would be another form of deadline.
    if !deadline.is_empty() && deadline.parse::<jiff::civil::Date>().is_err() {
        return Ok(Err(ReportTaskRefused::Task(vec![
            TaskProblem::DeadlineInvalid,
        ])));
    }
    let categories = rules::categories(app).await?;
    let input = TaskInput {
        title: t.f("campaign_report.task_title", &[("theme", &c.theme)]),
        description: t.f(
            "campaign_report.task_description",
            &[
                ("starts", &c.starts_on.to_string()),
                ("ends", &c.ends_on.to_string()),
            ],
        ),
        category: category(&categories),
        deadline: deadline.to_owned(),
        form: standard_form(t),
        ..TaskInput::default()
    };
    let draft = match input.parse(app, &categories) {
        Ok(d) => d,
        Err(p) if p.form.is_empty() => return Ok(Err(ReportTaskRefused::Task(p.task))),
        Err(p) => {
            return Err(Error::Internal(anyhow::anyhow!(
                "the standard report form is invalid: {:?}",
                p.form
            )));
        }
    };
    let committee = store::orgs::by_id(app.db.read(), c.org_id)
        .await?
        .ok_or_else(Error::not_found)?;
    let mut targets = Vec::new();
    for (id, _, _) in campaigns::orgs_of(app.db.read(), c.id).await? {
        if let Some(org) = store::orgs::by_id(app.db.read(), id).await? {
            targets.push((org, true));
        }
    }
    authz::require_each_org(app, actor, Action::ManageTasks, &targets).await?;

    let mut w = app.write(actor).await?;
    let task_id = rules::create_in(&mut w, actor, &committee, &draft, None).await?;
    let task = store::tasks::by_id(&mut *w.tx, task_id)
        .await?
        .ok_or_else(Error::not_found)?;
    if let Err(p) = rules::publish_in(app, &mut w, &task, &targets).await? {
        return Ok(Err(ReportTaskRefused::Task(vec![p])));
    }
    campaigns::tie_task(&mut w.tx, c.id, task_id).await?;
    w.commit(
        "campaign.report_task",
        ("campaign", c.id),
        c.org_id,
        format!("task {task_id}"),
    )
    .await?;
    Ok(Ok(task_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Locale;
    use domain::form::FormDefinition;

    #[test]
    fn the_standard_form_is_valid_in_both_languages_and_sources_every_figure() {
        for locale in [Locale::ZhCn, Locale::En] {
            let t = T::new(locale);
            let form = FormDefinition::parse(&standard_form(t)).expect("a valid form");
            let sources: Vec<Source> = form.fields().iter().filter_map(|f| f.source()).collect();
            assert_eq!(sources, Source::ALL);
            for f in form.fields() {
                assert!(!f.label().starts_with("campaign_report."), "{}", f.label());
                for c in f.columns() {
                    assert!(!c.label().starts_with("campaign_report."), "{}", c.label());
                }
            }
            // What the branch writes itself is asked for.
            let own: Vec<&str> = form
                .fields()
                .iter()
                .filter(|f| f.source().is_none())
                .map(|f| f.key())
                .collect();
            assert_eq!(own, ["other_practices", "problems", "next_steps"]);
        }
        assert_eq!(category(&["党费".into(), "学习".into()]), "学习");
        assert_eq!(category(&["党费".into()]), "党费");
    }
}
