//! The actions the audit log records, grouped as the audit page's 操作 filter offers them.
//!
//! Every action code the application writes (`w.commit("notice.publish", …)`,
//! `AuditEntry { action: "login", … }`) is listed here once, so the filter is a list people
//! pick from rather than codes they must know. Each has a name (`audit.action_<code>`, dots
//! as underscores) and a sentence (`audit.sentence_<code>`) in both catalogues; a test below
//! checks that every code it finds in the sources that write events is listed. An event whose
//! code is not listed (one written by an older or newer version) still shows, as a sentence
//! naming its code.

use crate::i18n::T;

/// (group, the actions in it), in the order the filter offers them. The group's name is
/// `audit.group_<group>`.
pub const GROUPS: &[(&str, &[&str])] = &[
    (
        "sign_in",
        &[
            "login",
            "logout",
            "session.end",
            "session.expire",
            "account.lock",
            "account.change_password",
            "account.set_locale",
            "access.denied",
        ],
    ),
    (
        "accounts",
        &[
            "account.create",
            "account.disable",
            "account.enable",
            "account.reset_password",
            "grant.create",
            "grant.revoke",
        ],
    ),
    (
        "roster",
        &[
            "org.create",
            "org.update",
            "org.move",
            "org.close",
            "org.reopen",
            "member.create",
            "member.update",
            "member.transfer",
            "member.leave",
            "member.rejoin",
            "member.view",
            "members.import",
            "ledger.export",
        ],
    ),
    (
        "notices",
        &[
            "notice.create",
            "notice.revise",
            "notice.attach",
            "notice.detach",
            "notice.publish",
            "notice.withdraw",
            "notice.open",
            "notice.sign",
            "notice.attachment_download",
            "notice.sign_by",
            "notice.remind",
            "notice.remind_auto",
            "notice.send_for_review",
            "notice.review_approve",
            "notice.review_return",
            "notice.signoff_approve",
            "notice.signoff_return",
            "settings.notice_signoff",
        ],
    ),
    (
        "tasks",
        &[
            "task.create",
            "task.update",
            "task.publish",
            "task.close",
            "task.reopen",
            "task.period_open",
            "task.reminder_ladder",
            "task.remind",
            "task.remind_auto",
            "submission.draft",
            "submission.submit",
            "submission.file",
            "submission.approve",
            "submission.return",
            "report.file_download",
            "settings.task_categories",
        ],
    ),
    (
        "activities",
        &[
            "activity.plan",
            "activity.record",
            "activity.edit",
            "activity.confirm",
            "activity.cancel",
            "activity.correct",
            "activity.attendance",
            "activity.attend",
            "activity.photo",
            "activity.file",
            "activity.remove_media",
            "activity.kinds",
            "activity.choices",
            "activity.remind",
        ],
    ),
    (
        "messages",
        &[
            "message.read",
            "message.read_all",
            "channels.email",
            "channels.email_test",
            "robot.add",
            "robot.remove",
            "robot.test",
            "settings.reminders",
        ],
    ),
    (
        "campaigns",
        &[
            "campaign.create",
            "campaign.edit",
            "campaign.open",
            "campaign.close",
            "campaign.material.add",
            "campaign.material.edit",
            "campaign.material.remove",
            "activity.campaign",
        ],
    ),
    (
        "system",
        &["setup", "demo.load", "audit.export", "audit.prune"],
    ),
    (
        "campaign_study",
        &[
            "study.log",
            "study.withdraw",
            "reflection.write",
            "reflection.edit",
            "reflection.withdraw",
            "reflection.comment",
            "reflection.feature",
            "reflection.unfeature",
        ],
    ),
    (
        "campaign_report",
        &["campaign.report_task", "submission.prefill"],
    ),
    ("campaign_dashboard", &["campaign.export"]),
];

/// Every listed action code.
pub fn all() -> impl Iterator<Item = &'static str> {
    GROUPS.iter().flat_map(|(_, codes)| codes.iter().copied())
}

/// A catalogue key of an action: `audit.<kind>_<code>` with the code's dots as underscores.
pub fn key(kind: &str, code: &str) -> String {
    format!("audit.{kind}_{}", code.replace('.', "_"))
}

/// One choice of the filter.
pub struct ActionChoice {
    /// What the filter sends: the code itself (an exact match).
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A group of choices, shown as an `<optgroup>`.
pub struct ActionGroup {
    pub label: String,
    pub choices: Vec<ActionChoice>,
}

/// The filter's choices in the reader's language, with `current` (what the query string says)
/// selected. A value that is no listed code — a prefix such as `session.*` from a link, or the
/// code of an action added later — is offered first as it is, so the form sends it back
/// unchanged rather than silently widening the search.
pub fn choices(t: T, current: &str) -> (Option<ActionChoice>, Vec<ActionGroup>) {
    let current = current.trim();
    let typed = (!current.is_empty() && !all().any(|c| c == current)).then(|| ActionChoice {
        value: current.to_owned(),
        label: t.f("audit.action_typed", &[("code", current)]),
        selected: true,
    });
    let groups = GROUPS
        .iter()
        .map(|(group, codes)| ActionGroup {
            label: t.s(&key("group", group)).to_owned(),
            choices: codes
                .iter()
                .map(|code| ActionChoice {
                    value: (*code).to_owned(),
                    label: t.get(&key("action", code)).unwrap_or(code).to_owned(),
                    selected: *code == current,
                })
                .collect(),
        })
        .collect();
    (typed, groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::Locale;
    use std::collections::BTreeSet;
    use std::path::Path;

    /// Dotted literals in the sources that write audit events which are neither action codes
    /// nor catalogue keys.
    const NOT_ACTIONS: &[&str] = &["sessions.html", "task.categories", "zhibu.db"];

    /// The non-test sources under `dir`.
    fn sources(dir: &Path, found: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let text = text.split("#[cfg(test)]").next().unwrap_or("").to_owned();
                found.push((path.display().to_string(), text));
            }
        }
    }

    fn dotted_code(s: &str) -> bool {
        s.contains('.')
            && !s.starts_with('.')
            && !s.ends_with('.')
            && !s.contains("..")
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
    }

    #[test]
    fn every_action_the_sources_write_is_listed_and_every_listed_one_is_written() {
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        // Codes named by a domain type (a 签发 act) are written by the app through it.
        for dir in ["app/src", "web/src", "store/src", "zhibu/src", "domain/src"] {
            sources(&crates.join(dir), &mut files);
        }
        assert!(files.len() > 50, "the scan found too few files");
        let keys: BTreeSet<&str> = crate::i18n::catalog_keys(Locale::ZhCn)
            .into_iter()
            .collect();
        let listed: BTreeSet<&str> = all().collect();
        let mut unlisted = BTreeSet::new();
        let mut written = BTreeSet::new();
        for (path, text) in &files {
            let literals: Vec<&str> = text.split('"').skip(1).step_by(2).collect();
            if !path.ends_with("audit_actions.rs") {
                written.extend(literals.iter().filter(|l| listed.contains(*l)));
            }
            let writes_events = ["AuditEntry {", ".commit(", ".record(", "commit_with("]
                .iter()
                .any(|w| text.contains(w));
            if writes_events {
                unlisted.extend(literals.into_iter().filter(|l| {
                    dotted_code(l)
                        && !listed.contains(l)
                        && !keys.contains(l)
                        && !NOT_ACTIONS.contains(l)
                }));
            }
        }
        assert!(
            unlisted.is_empty(),
            "action codes written but not offered by the audit page's filter (add them to \
             GROUPS with a name and a sentence, or to NOT_ACTIONS if they are no action): \
             {unlisted:?}"
        );
        let stale: Vec<_> = listed.difference(&written).collect();
        assert!(stale.is_empty(), "listed but never written: {stale:?}");
    }

    #[test]
    fn every_action_is_listed_once_with_a_name_and_a_sentence_in_both_languages() {
        let mut seen = BTreeSet::new();
        for code in all() {
            assert!(seen.insert(code), "{code} is listed twice");
            for locale in [Locale::ZhCn, Locale::En] {
                let t = T::new(locale);
                for kind in ["action", "sentence"] {
                    assert!(t.get(&key(kind, code)).is_some(), "{kind} of {code}");
                }
                let sentence = t.get(&key("sentence", code)).unwrap_or_default();
                assert!(sentence.contains("{who}"), "{code}: {sentence}");
            }
        }
        for (group, _) in GROUPS {
            assert!(T::new(Locale::En).get(&key("group", group)).is_some());
        }
    }

    #[test]
    fn the_filter_offers_names_and_keeps_a_value_it_does_not_list() {
        let zh = T::new(Locale::ZhCn);
        let (typed, groups) = choices(zh, "notice.publish");
        assert!(typed.is_none());
        let chosen: Vec<_> = groups
            .iter()
            .flat_map(|g| &g.choices)
            .filter(|c| c.selected)
            .collect();
        assert_eq!(chosen.len(), 1);
        assert_eq!(
            (chosen[0].value.as_str(), chosen[0].label.as_str()),
            ("notice.publish", "发布通知")
        );
        let (typed, _) = choices(zh, "session.*");
        let typed = typed.unwrap();
        assert_eq!(typed.value, "session.*");
        assert!(typed.label.contains("session.*") && typed.selected);
        assert!(choices(zh, " ").0.is_none());
    }
}
