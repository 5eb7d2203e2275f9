//! The campaign dashboard as a workbook (台账): one sheet per level on the way down to the one
//! shown (each org of the level with the sum of the branches below it, and the total), a
//! sheet of every branch below with its own figures, and the materials with how many
//! members studied each. Taking it away is an audit event (`campaign.export`).

use super::dashboard::{self, Dashboard, Row};
use crate::activities::kinds;
use crate::error::Result;
use crate::ledger::xlsx::{Column, Value, titled_sheet};
use crate::{Actor, App};
use catalogue::T;
use domain::campaign_progress::Figures;
use rust_xlsxwriter::{Workbook, XlsxError};

/// What the workbook holds: the levels from the top down to the one shown, and every branch
/// below the one shown with the orgs above it.
pub struct Export {
    pub levels: Vec<Dashboard>,
    pub branches: Vec<(Row, Vec<String>)>,
}

impl Export {
    /// The level shown (the last).
    pub fn shown(&self) -> Option<&Dashboard> {
        self.levels.last()
    }
}

/// The export of campaign `id`'s dashboard at `under`, recorded in the audit log.
pub async fn export(
    app: &App,
    actor: &Actor,
    campaign_id: i64,
    under: Option<i64>,
) -> Result<Export> {
    let shown = dashboard::dashboard(app, actor, campaign_id, under).await?;
    let mut levels = Vec::new();
    if shown.under.is_some() && !shown.top_is_one {
        levels.push(dashboard::dashboard(app, actor, campaign_id, None).await?);
    }
    let above: Vec<i64> = shown
        .trail
        .iter()
        .rev()
        .skip(1)
        .rev()
        .map(|s| s.org_id)
        .collect();
    for org in above {
        levels.push(dashboard::dashboard(app, actor, campaign_id, Some(org)).await?);
    }
    let branches = dashboard::every_branch(app, &shown).await?;
    let c = shown.campaign.clone();
    levels.push(shown);
    let detail = serde_json::json!({
        "campaign": c.id,
        "under": under,
        "levels": levels.len(),
        "branches": branches.len(),
    })
    .to_string();
    let w = app.write(actor).await?;
    w.commit(
        "campaign.export",
        ("campaign", c.id),
        Some(c.org_id),
        detail,
    )
    .await?;
    Ok(Export { levels, branches })
}

/// Hours to one decimal place from minutes.
fn hours(minutes: i64) -> f64 {
    (minutes as f64 / 6.0).round() / 10.0
}

fn columns(t: T, d: &Dashboard, first: &[(&str, f64)]) -> Vec<Column> {
    let mut out = Column::titled(t, first);
    for code in &d.kind_codes {
        out.push(Column::new(&kinds::label_of(t, &d.kinds, code), 10.0));
    }
    out.extend(Column::titled(
        t,
        &[
            ("campaign_dashboard.col.held", 8.0),
            ("campaign_dashboard.col.expected", 8.0),
            ("campaign_dashboard.col.present", 8.0),
            ("campaign_dashboard.col.rate", 9.0),
            ("campaign_dashboard.col.materials_covered", 10.0),
            ("campaign_dashboard.col.lead_first", 10.0),
            ("campaign_dashboard.col.members", 8.0),
            ("campaign_dashboard.col.members_studying", 8.0),
            ("campaign_dashboard.col.study_hours", 10.0),
            ("campaign_dashboard.col.reflections", 8.0),
            ("campaign_dashboard.col.featured", 8.0),
            ("campaign_dashboard.col.volunteer_hours", 10.0),
            ("campaign_dashboard.col.science", 8.0),
            ("campaign_dashboard.col.requirements_met", 10.0),
        ],
    ));
    for m in &d.materials {
        out.push(Column::new(
            &t.f("campaign_dashboard.col.studied", &[("title", &m.title)]),
            14.0,
        ));
    }
    out
}

fn figures_cells(d: &Dashboard, f: &Figures) -> Vec<Value> {
    let n = |v: u32| Value::Number(v.into());
    let mut out: Vec<Value> = d
        .kind_codes
        .iter()
        .map(|k| n(f.held_by_kind.get(k).copied().unwrap_or(0)))
        .collect();
    out.extend([
        n(f.held()),
        n(f.expected),
        n(f.present),
        f.attendance_rate()
            .map(Value::Number)
            .unwrap_or(Value::Text(String::new())),
        n(f.materials_covered),
        n(f.lead_first_done),
        n(f.members),
        n(f.members_studying),
        Value::Number(hours(f.study_minutes)),
        n(f.reflections),
        n(f.featured),
        Value::Number(hours(f.volunteer_minutes)),
        n(f.science_events()),
        n(f.requirements_met),
    ]);
    for m in &d.materials {
        out.push(n(f.studied_by_material.get(&m.id).copied().unwrap_or(0)));
    }
    out
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique by its
/// number.
fn sheet_name(n: usize, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if "[]:*?/\\'".contains(c) { ' ' } else { c })
        .collect();
    let mut s = format!("{n} {}", clean.trim());
    while s.chars().count() > 31 {
        s.pop();
    }
    s
}

/// The workbook of `e`.
pub fn workbook(t: T, e: &Export) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let Some(shown) = e.shown() else {
        return book.save_to_buffer();
    };
    let heading = t.f(
        "campaign_dashboard.heading",
        &[("theme", shown.campaign.theme.as_str())],
    );
    let mut n = 0;
    for d in &e.levels {
        n += 1;
        let level_name = d
            .under
            .as_ref()
            .map(|u| u.name.clone())
            .unwrap_or_else(|| t.s("campaign_dashboard.top").to_owned());
        let cols = columns(
            t,
            d,
            &[
                ("campaign_dashboard.col.serial", 6.0),
                ("campaign_dashboard.col.org", 28.0),
                ("campaign_dashboard.col.branches", 8.0),
            ],
        );
        let mut rows: Vec<Vec<Value>> = Vec::new();
        for (i, r) in d.rows.iter().enumerate() {
            let mut row = vec![
                Value::Number((i + 1) as f64),
                Value::Text(r.name.clone()),
                Value::Number(r.figures.branches.into()),
            ];
            row.extend(figures_cells(d, &r.figures));
            rows.push(row);
        }
        let mut total = vec![
            Value::Text(String::new()),
            Value::Text(t.s("campaign_dashboard.total").to_owned()),
            Value::Number(d.totals.branches.into()),
        ];
        total.extend(figures_cells(d, &d.totals));
        rows.push(total);
        let title = format!("{heading} · {level_name}");
        titled_sheet(&mut book, &sheet_name(n, &level_name), &title, &cols, &rows)?;
    }
    // Every branch below the level shown.
    let cols = columns(
        t,
        shown,
        &[
            ("campaign_dashboard.col.serial", 6.0),
            ("campaign_dashboard.col.above", 30.0),
            ("campaign_dashboard.col.branch", 28.0),
        ],
    );
    let rows: Vec<Vec<Value>> = e
        .branches
        .iter()
        .enumerate()
        .map(|(i, (r, above))| {
            let mut row = vec![
                Value::Number((i + 1) as f64),
                Value::Text(above.join(" / ")),
                Value::Text(r.name.clone()),
            ];
            row.extend(figures_cells(shown, &r.figures));
            row
        })
        .collect();
    n += 1;
    let name = t.s("campaign_dashboard.sheet.branches");
    titled_sheet(&mut book, &sheet_name(n, name), &heading, &cols, &rows)?;
    // The materials.
    let cols = Column::titled(
        t,
        &[
            ("campaign_dashboard.col.serial", 6.0),
            ("campaign_dashboard.col.material", 40.0),
            ("campaign_dashboard.col.material_studied", 12.0),
        ],
    );
    let rows: Vec<Vec<Value>> = shown
        .materials
        .iter()
        .enumerate()
        .map(|(i, m)| {
            vec![
                Value::Number((i + 1) as f64),
                Value::Text(m.title.clone()),
                Value::Number(
                    shown
                        .totals
                        .studied_by_material
                        .get(&m.id)
                        .copied()
                        .unwrap_or(0)
                        .into(),
                ),
            ]
        })
        .collect();
    n += 1;
    let name = t.s("campaign_dashboard.sheet.materials");
    titled_sheet(&mut book, &sheet_name(n, name), &heading, &cols, &rows)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_short_numbered_and_clean() {
        assert_eq!(sheet_name(2, "科协/学会[一]"), "2 科协 学会 一");
        let long = "很".repeat(40);
        assert_eq!(sheet_name(1, &long).chars().count(), 31);
        assert_eq!(hours(90), 1.5);
    }
}
