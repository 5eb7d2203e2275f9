//! The audit log as the audit page, its export and the API ask for it: the filter people
//! type, and the words events are shown with. Who may read which part is `app::audit_log`.

use crate::error::Error;
use crate::i18n::T;
use app::Zone;
use serde::{Deserialize, Serialize};
use store::audit::{ActionMatch, Outcome};
use utoipa::IntoParams;

pub use app::audit_log::{Criteria, MAX_PER_PAGE, PER_PAGE, filter, require_auditor, scope};

/// The filter as it arrives in the query string: every field text, empty meaning "any", so a
/// half-filled form still arrives and a mistake is named rather than refused wholesale.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// First day, `YYYY-MM-DD`, in the deployment's time zone.
    #[serde(default)]
    pub from: String,
    /// Last day (inclusive), `YYYY-MM-DD`, in the deployment's time zone.
    #[serde(default)]
    pub to: String,
    /// Username recorded with the event.
    #[serde(default)]
    pub account: String,
    /// Action code (`login`), or a prefix ending in `*` (`session.*`).
    #[serde(default)]
    pub action: String,
    /// Org id: events of that org and everything under it.
    #[serde(default)]
    pub org: String,
    /// `success`, `failure` or `denied`.
    #[serde(default)]
    pub result: String,
    /// Page number, from 1.
    #[serde(default)]
    pub page: String,
    /// Events per page, 1 to 200 (default 50).
    #[serde(default)]
    pub per_page: String,
}

/// What was wrong with a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterProblem {
    Date,
    Range,
    Account,
    Action,
    Org,
    Result,
    Page,
}

impl domain::Problem for FilterProblem {
    /// One code for every filter: the API has always answered `invalid_filter`.
    fn code(&self) -> &'static str {
        "invalid_filter"
    }

    fn message_key(&self) -> &'static str {
        match self {
            FilterProblem::Date => "audit.invalid_date",
            FilterProblem::Range => "audit.invalid_range",
            FilterProblem::Account | FilterProblem::Action => "audit.invalid_action",
            FilterProblem::Org => "audit.invalid_org",
            FilterProblem::Result => "audit.invalid_result",
            FilterProblem::Page => "audit.invalid_page",
        }
    }
}

impl FilterProblem {
    /// The API's error for it.
    pub fn error(self) -> Error {
        Error::problem(&self)
    }
}

fn given(s: &str) -> Option<&str> {
    let s = s.trim();
    (!s.is_empty()).then_some(s)
}

fn number(s: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
    s.parse::<i64>().ok().filter(|n| range.contains(n))
}

impl AuditQuery {
    /// Parses the filter, dates read as days in `zone`.
    pub fn parse(&self, zone: &Zone) -> Result<Criteria, FilterProblem> {
        let day = |s: &str| zone.day_bounds(s).ok_or(FilterProblem::Date);
        let from = given(&self.from)
            .map(day)
            .transpose()?
            .map(|(start, _)| start);
        let to = given(&self.to).map(day).transpose()?.map(|(_, end)| end);
        if let (Some(from), Some(to)) = (from, to)
            && to <= from
        {
            return Err(FilterProblem::Range);
        }
        // Usernames are stored lower-case, as typed at login (bounded the same way).
        let username = given(&self.account).map(|a| a.to_lowercase());
        if username.as_ref().is_some_and(|u| u.chars().count() > 64) {
            return Err(FilterProblem::Account);
        }
        let action = match given(&self.action) {
            None => None,
            Some(a) => {
                let (code, prefix) = match a.strip_suffix('*') {
                    Some(p) => (p, true),
                    None => (a, false),
                };
                let valid = code.len() <= 64
                    && code.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_'
                    });
                if !valid {
                    return Err(FilterProblem::Action);
                }
                match (code.is_empty(), prefix) {
                    // `*` alone matches everything.
                    (true, _) => None,
                    (false, true) => Some(ActionMatch::Prefix(code.to_owned())),
                    (false, false) => Some(ActionMatch::Exact(code.to_owned())),
                }
            }
        };
        let org_id = given(&self.org)
            .map(|o| number(o, 1..=i64::MAX).ok_or(FilterProblem::Org))
            .transpose()?;
        let result = given(&self.result)
            .map(|r| Outcome::parse(r).ok_or(FilterProblem::Result))
            .transpose()?;
        let page = given(&self.page)
            .map(|p| number(p, 1..=1_000_000).ok_or(FilterProblem::Page))
            .transpose()?
            .unwrap_or(1);
        let per_page = given(&self.per_page)
            .map(|p| number(p, 1..=MAX_PER_PAGE).ok_or(FilterProblem::Page))
            .transpose()?
            .unwrap_or(PER_PAGE);
        Ok(Criteria {
            from,
            to,
            username,
            action,
            org_id,
            result,
            page,
            per_page,
        })
    }

    /// The query string of this filter on another page (`page`), or without a page at all
    /// (`None`), for links that keep the filter.
    pub fn query_string(&self, page: Option<i64>) -> String {
        let mut q = self.clone();
        q.page = page.map(|p| p.to_string()).unwrap_or_default();
        let pairs: Vec<(&str, &str)> = [
            ("from", q.from.trim()),
            ("to", q.to.trim()),
            ("account", q.account.trim()),
            ("action", q.action.trim()),
            ("org", q.org.trim()),
            ("result", q.result.trim()),
            ("per_page", q.per_page.trim()),
            ("page", q.page.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// The name of an action (`login` → 登录), if the catalogue has one; actions added later show
/// their code.
pub fn action_name(t: T, code: &str) -> Option<&'static str> {
    t.get(&crate::audit_actions::key("action", code))
}

/// The name of a recorded result.
pub fn result_name(t: T, result: &str) -> String {
    t.get(&format!("audit.result_{result}"))
        .unwrap_or(result)
        .to_owned()
}

/// What an event was about: `账号 3`, `会话 12`.
pub fn object_name(t: T, kind: &str, id: &str) -> String {
    let kind = t.get(&format!("audit.object_{kind}")).unwrap_or(kind);
    match (kind.is_empty(), id.is_empty()) {
        (true, _) => id.to_owned(),
        (false, true) => kind.to_owned(),
        (false, false) => format!("{kind} {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone() -> Zone {
        Zone::parse("Asia/Shanghai").unwrap()
    }

    #[test]
    fn an_empty_form_searches_everything_on_the_first_page() {
        let c = AuditQuery::default().parse(&zone()).unwrap();
        assert_eq!((c.page, c.per_page, c.offset()), (1, PER_PAGE, 0));
        assert!(c.from.is_none() && c.action.is_none() && c.result.is_none());
    }

    #[test]
    fn filters_parse_into_what_they_mean() {
        let q = AuditQuery {
            from: "2022-08-05".into(),
            to: "2022-08-05".into(),
            account: " Admin ".into(),
            action: "session.*".into(),
            org: "7".into(),
            result: "denied".into(),
            page: "3".into(),
            per_page: "20".into(),
        };
        let c = q.parse(&zone()).unwrap();
        assert_eq!(
            c.to.unwrap().millis() - c.from.unwrap().millis(),
            86_400_000
        );
        assert_eq!(c.username.as_deref(), Some("admin"));
        assert_eq!(c.action, Some(ActionMatch::Prefix("session.".into())));
        assert_eq!(c.org_id, Some(7));
        assert_eq!(c.result, Some(Outcome::Denied));
        assert_eq!(c.offset(), 40);
        let exact = AuditQuery {
            action: "login".into(),
            ..AuditQuery::default()
        };
        assert_eq!(
            exact.parse(&zone()).unwrap().action,
            Some(ActionMatch::Exact("login".into()))
        );
    }

    #[test]
    fn mistakes_are_named() {
        let bad = |q: AuditQuery| q.parse(&zone()).unwrap_err();
        let d = AuditQuery::default;
        assert_eq!(
            bad(AuditQuery {
                from: "5/8/2022".into(),
                ..d()
            }),
            FilterProblem::Date
        );
        assert_eq!(
            bad(AuditQuery {
                from: "2022-08-06".into(),
                to: "2022-08-05".into(),
                ..d()
            }),
            FilterProblem::Range
        );
        assert_eq!(
            bad(AuditQuery {
                action: "DROP TABLE".into(),
                ..d()
            }),
            FilterProblem::Action
        );
        assert_eq!(
            bad(AuditQuery {
                org: "-1".into(),
                ..d()
            }),
            FilterProblem::Org
        );
        assert_eq!(
            bad(AuditQuery {
                result: "ok".into(),
                ..d()
            }),
            FilterProblem::Result
        );
        assert_eq!(
            bad(AuditQuery {
                per_page: "5000".into(),
                ..d()
            }),
            FilterProblem::Page
        );
    }

    #[test]
    fn links_keep_the_filter_and_change_the_page() {
        let q = AuditQuery {
            account: "admin".into(),
            action: "session.*".into(),
            page: "2".into(),
            ..AuditQuery::default()
        };
        assert_eq!(
            q.query_string(Some(3)),
            "account=admin&action=session.*&page=3"
        );
        assert_eq!(q.query_string(None), "account=admin&action=session.*");
    }

    #[test]
    fn events_are_named_in_the_readers_language() {
        let zh = T::new(domain::Locale::ZhCn);
        assert_eq!(action_name(zh, "login"), Some("登录"));
        assert_eq!(action_name(zh, "zz.not_yet_named"), None);
        assert_eq!(result_name(zh, "denied"), "拒绝");
        assert_eq!(object_name(zh, "session", "12"), "会话 12");
        assert_eq!(object_name(zh, "", ""), "");
    }
}
