//! The campaign dashboard's pages: `GET /campaigns/{id}/dashboard` (the committee's view by
//! level, with drill-down, breadcrumbs and charts over its tables), its workbook
//! `GET /campaigns/{id}/dashboard.xlsx`, and `GET /campaigns/{id}/branches/{org_id}` (a
//! branch's progress and its to-do list). The tables are the page; the charts (ECharts, served
//! from the binary) are drawn over them by `campaign_dashboard.js` from figures the page embeds
//! as JSON, and nothing is lost without script.

mod branch;
mod dashboard;

use crate::i18n::T;
use crate::routes::Routes;
use domain::Locale;
use domain::campaign_progress::Figures;
use jiff::civil::Date;

pub fn routes() -> Routes {
    Routes::new()
        .get("/campaigns/{id}/dashboard", dashboard::show)
        .get("/campaigns/{id}/dashboard.xlsx", dashboard::export)
        .get("/campaigns/{id}/branches/{org_id}", branch::show)
}

/// A civil date as people read it: 2022年8月5日, or 2022-08-05 in English.
pub(crate) fn day_label(t: T, d: Date) -> String {
    match t.locale {
        Locale::ZhCn => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Locale::En => d.to_string(),
    }
}

/// Minutes as hours to one decimal (`1.5`), without a trailing `.0`.
pub(crate) fn hours(minutes: i64) -> String {
    let h = (minutes as f64 / 6.0).round() / 10.0;
    if h.fract() == 0.0 {
        format!("{h:.0}")
    } else {
        format!("{h:.1}")
    }
}

/// 实到 ÷ 应到 as people read it (`87.5%`), or a dash when nobody was expected.
pub(crate) fn rate_label(f: &Figures) -> String {
    match f.attendance_rate() {
        Some(r) if r.fract() == 0.0 => format!("{r:.0}%"),
        Some(r) => format!("{r:.1}%"),
        None => "—".to_owned(),
    }
}

/// The share `part` of `whole` in per cent, no decimals; a dash of nothing.
pub(crate) fn share(part: u32, whole: u32) -> String {
    if whole == 0 {
        "—".to_owned()
    } else {
        format!("{:.0}%", f64::from(part) * 100.0 / f64::from(whole))
    }
}

/// JSON to embed in a `<script type="application/json">` element: `<`, `>` and `&` written as
/// escapes, so no value (an org's name) can close the element or open a comment.
pub(crate) fn embedded_json(v: &serde_json::Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(hours(90), "1.5");
        assert_eq!(hours(120), "2");
        assert_eq!(share(1, 3), "33%");
        assert_eq!(share(0, 0), "—");
        let f = Figures {
            expected: 8,
            present: 7,
            ..Figures::default()
        };
        assert_eq!(rate_label(&f), "87.5%");
        assert_eq!(rate_label(&Figures::default()), "—");
        let zh = T::new(Locale::ZhCn);
        assert_eq!(day_label(zh, jiff::civil::date(2022, 8, 5)), "2022年8月5日");
    }

    #[test]
    fn embedded_json_cannot_close_its_element() {
        let v = serde_json::json!({"name": "</script><!-- & "});
        let s = embedded_json(&v);
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&'),
            "{s}"
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }
}
