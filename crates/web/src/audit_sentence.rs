//! An audit event as people read it: one sentence in the reader's language (who did what to
//! which object, the object linked when the reader may open its page), and the event's detail
//! as a list of fields when it was recorded as a JSON object.
//!
//! A sentence is built as pieces rather than as one string of markup: the names, codes and
//! details in it were recorded from what people typed, and the template escapes every piece.

use crate::audit_actions::key;
use crate::i18n::T;
use domain::access::{Access, Action};
use serde_json::Value;
use store::audit::AuditEvent;

/// A stretch of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    /// The person (or the server) who acted, shown in bold.
    pub who: bool,
    /// The page of the object the event was about, when the reader may open it.
    pub href: Option<String>,
}

impl Piece {
    fn text(text: impl Into<String>) -> Piece {
        Piece {
            text: text.into(),
            who: false,
            href: None,
        }
    }
}

/// Which kinds of object the reader may open the pages of, so the audit page offers no link
/// that would only answer 404 (and record the refusal as another event). 三员分立 keeps an
/// audit administrator off every business page and system roles are held alone, so an
/// auditor today sees objects named but not linked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Links {
    orgs: bool,
    members: bool,
    notices: bool,
    tasks: bool,
    accounts: bool,
}

impl Links {
    pub fn of(access: &Access) -> Links {
        let can = |action| access.can_somewhere(action);
        Links {
            orgs: can(Action::ViewOrgs),
            members: can(Action::ViewRoster),
            notices: can(Action::ReadNotices) || can(Action::IssueNotices),
            tasks: can(Action::ManageTasks) || can(Action::ReportTasks),
            accounts: can(Action::ManageAllAccounts)
                || can(Action::ManageMemberAccounts)
                || can(Action::GrantAllRoles),
        }
    }

    /// The page of an object, for the kinds that have one (see `pages::router`).
    fn href(self, kind: &str, id: &str) -> Option<String> {
        let path = match kind {
            "org" if self.orgs => "orgs",
            "member" if self.members => "members",
            "notice" if self.notices => "notices",
            "task" if self.tasks => "tasks",
            "account" if self.accounts => "accounts",
            _ => return None,
        };
        Some(format!("/{path}/{id}"))
    }
}

/// The event as a sentence: `audit.sentence_<code>` with `{who}` and `{object}` filled in, or
/// for a code the catalogue does not know (an action added later), a sentence naming the code.
pub fn sentence(t: T, e: &AuditEvent, links: Links) -> Vec<Piece> {
    let object = object(t, &e.object_type, &e.object_id, links);
    let template = match t.get(&key("sentence", &e.action)) {
        Some(template) => template,
        None if object.is_some() => t.s("audit.unknown_action"),
        None => t.s("audit.unknown_action_bare"),
    };
    let who = Piece {
        text: who(t, e),
        who: true,
        href: None,
    };
    fill(template, |name| match name {
        "who" => Some(who.clone()),
        "object" => Some(object.clone().unwrap_or_else(|| Piece::text(""))),
        "code" => Some(Piece::text(e.action.as_str())),
        _ => None,
    })
}

/// Who acted: `周示例（admin）`, the username alone when the account is gone or has no other
/// name (or never existed: a failed login records what was typed), or the server itself.
pub fn who(t: T, e: &AuditEvent) -> String {
    // The server's own jobs and its command line record no account and no address; a login
    // attempt typed as `system` has an address.
    if e.account_id.is_none() && e.ip.is_empty() {
        match e.username.as_str() {
            "system" => return t.s("audit.who_system").to_owned(),
            "cli" => return t.s("audit.who_cli").to_owned(),
            _ => {}
        }
    }
    match e.account_name.as_deref() {
        Some(name) if !name.trim().is_empty() && name != e.username => {
            let pieces = fill(t.s("audit.who"), |field| match field {
                "name" => Some(Piece::text(name)),
                "username" => Some(Piece::text(e.username.as_str())),
                _ => None,
            });
            pieces.into_iter().map(|p| p.text).collect()
        }
        _ => e.username.clone(),
    }
}

/// What the event was about: `通知 #12`, the kind alone when it has no id (`审计日志`), linked
/// when the reader may open its page; `None` when the event names no object.
fn object(t: T, kind: &str, id: &str, links: Links) -> Option<Piece> {
    let id = id.trim();
    let has_id = !id.is_empty() && id != "0";
    let label = t.get(&format!("audit.object_{kind}")).unwrap_or(kind);
    let text = match (kind.is_empty(), has_id) {
        (true, false) => return None,
        (true, true) => id.to_owned(),
        (false, false) => label.to_owned(),
        (false, true) => t.f("audit.object_ref", &[("kind", label), ("id", id)]),
    };
    let numeric = has_id && id.bytes().all(|b| b.is_ascii_digit());
    Some(Piece {
        text,
        who: false,
        href: numeric.then(|| links.href(kind, id)).flatten(),
    })
}

/// `template` cut at its `{name}` placeholders, each replaced by what `value` answers; a
/// placeholder it does not know stays as written. Values are never searched for placeholders.
fn fill(template: &str, mut value: impl FnMut(&str) -> Option<Piece>) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(len) = rest[open..].find('}') else {
            break;
        };
        text.push_str(&rest[..open]);
        let placeholder = &rest[open..=open + len];
        match value(&placeholder[1..len]) {
            Some(piece) => {
                if !text.is_empty() {
                    pieces.push(Piece::text(std::mem::take(&mut text)));
                }
                if !piece.text.is_empty() {
                    pieces.push(piece);
                }
            }
            None => text.push_str(placeholder),
        }
        rest = &rest[open + len + 1..];
    }
    text.push_str(rest);
    if !text.is_empty() {
        pieces.push(Piece::text(text));
    }
    pieces
}

/// An event's detail as the page shows it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Detail {
    /// Free text, as recorded.
    pub text: Option<String>,
    /// The fields of a detail recorded as a JSON object (keys as recorded).
    pub fields: Vec<(String, String)>,
}

/// Reads a recorded detail: a JSON object becomes its fields, anything else stays text.
pub fn detail(raw: &str) -> Detail {
    let raw = raw.trim();
    if raw.is_empty() {
        return Detail::default();
    }
    if raw.starts_with('{')
        && let Ok(Value::Object(map)) = serde_json::from_str::<Value>(raw)
        && !map.is_empty()
    {
        let mut fields = Vec::new();
        flatten("", &map, &mut fields);
        return Detail { text: None, fields };
    }
    Detail {
        text: Some(raw.to_owned()),
        fields: Vec::new(),
    }
}

/// The fields of `map` in key order, a nested object's fields named by their path
/// (`ladder.before_days`) so no value is a block of JSON.
fn flatten(prefix: &str, map: &serde_json::Map<String, Value>, fields: &mut Vec<(String, String)>) {
    for (key, value) in map {
        let name = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            Value::Object(inner) if !inner.is_empty() => flatten(&name, inner, fields),
            _ => fields.push((name, value_text(value))),
        }
    }
}

/// A field's value as text: strings as they are, a list of plain values joined, anything
/// else nested as compact JSON.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Array(items)
            if !items.is_empty() && items.iter().all(|i| !i.is_array() && !i.is_object()) =>
        {
            items.iter().map(value_text).collect::<Vec<_>>().join(", ")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::{Locale, Timestamp};

    fn event(action: &str, object: (&str, &str)) -> AuditEvent {
        AuditEvent {
            seq: 1,
            at: Timestamp(0),
            account_id: Some(1),
            account_name: Some("周示例".into()),
            username: "admin".into(),
            ip: "127.0.0.1".into(),
            action: action.into(),
            object_type: object.0.into(),
            object_id: object.1.into(),
            org_id: None,
            org_name: None,
            result: "success".into(),
            detail: String::new(),
        }
    }

    fn plain(pieces: &[Piece]) -> String {
        pieces.iter().map(|p| p.text.as_str()).collect()
    }

    const ALL: Links = Links {
        orgs: true,
        members: true,
        notices: true,
        tasks: true,
        accounts: true,
    };

    #[test]
    fn an_event_reads_as_a_sentence_in_the_readers_language() {
        let e = event("notice.publish", ("notice", "12"));
        let zh = sentence(T::new(Locale::ZhCn), &e, Links::default());
        assert_eq!(plain(&zh), "周示例（admin）发布了通知 #12");
        assert!(zh[0].who && zh.iter().all(|p| p.href.is_none()));
        let en = sentence(T::new(Locale::En), &e, ALL);
        assert_eq!(plain(&en), "周示例 (admin) published notice #12");
        let linked: Vec<_> = en.iter().filter_map(|p| p.href.as_deref()).collect();
        assert_eq!(linked, ["/notices/12"]);
    }

    #[test]
    fn unknown_codes_odd_objects_and_the_server_still_read() {
        let zh = T::new(Locale::ZhCn);
        let e = event("zz.future", ("robot", "3"));
        assert_eq!(
            plain(&sentence(zh, &e, ALL)),
            "周示例（admin）执行了操作 zz.future（群机器人 #3）"
        );
        let e = event("zz.future", ("", ""));
        assert_eq!(
            plain(&sentence(zh, &e, ALL)),
            "周示例（admin）执行了操作 zz.future"
        );
        let mut e = event("audit.prune", ("audit_log", "0"));
        (e.account_id, e.account_name, e.username, e.ip) =
            (None, None, "system".into(), String::new());
        assert_eq!(
            plain(&sentence(zh, &e, ALL)),
            "系统清理了超过保存期的审计日志"
        );
        // Typed at the login form, with an address: not the server.
        let mut e = event("login", ("account", ""));
        (e.account_id, e.account_name, e.username) = (None, None, "system".into());
        assert_eq!(who(zh, &e), "system");
        // A name is never read as a placeholder.
        let mut e = event("org.create", ("org", "{who}"));
        e.account_name = Some("{username}".into());
        let s = sentence(zh, &e, ALL);
        assert_eq!(plain(&s), "{username}（admin）新建了组织 #{who}");
        assert!(s.iter().all(|p| p.href.is_none()), "only numeric ids link");
    }

    #[test]
    fn a_json_detail_is_a_list_of_fields_and_anything_else_text() {
        let d = detail(
            r#"{"period": "2026-W48", "rungs": ["d3", "d1"], "orgs": 4, "x": {"a": 1}, "y": [{"b": 2}]}"#,
        );
        assert_eq!(d.text, None);
        assert_eq!(
            d.fields,
            [
                ("orgs".to_owned(), "4".to_owned()),
                ("period".to_owned(), "2026-W48".to_owned()),
                ("rungs".to_owned(), "d3, d1".to_owned()),
                ("x.a".to_owned(), "1".to_owned()),
                ("y".to_owned(), r#"[{"b":2}]"#.to_owned()),
            ]
        );
        assert_eq!(
            detail("wrong password").text.as_deref(),
            Some("wrong password")
        );
        assert_eq!(detail("{not json").text.as_deref(), Some("{not json"));
        assert_eq!(detail("[1,2]").text.as_deref(), Some("[1,2]"));
        assert_eq!(detail("  "), Detail::default());
    }
}
