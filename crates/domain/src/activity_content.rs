//! What a person types about an activity (title, times, place, who hosted and led, agenda,
//! minutes …) checked into [`Content`], and the configured kinds of activity ([`Kind`]).

use crate::Problem;
use crate::Timestamp;
use crate::activity::{DEFAULT_KINDS, Frequency};
use serde::{Deserialize, Serialize};

/// One kind of activity as the deployment lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kind {
    /// Stable code (`committee_meeting`); records keep it.
    pub code: String,
    /// The name people read (支部委员会).
    pub name: String,
    #[serde(with = "frequency_text")]
    pub frequency: Frequency,
    /// Offered for new records; a retired kind stays readable on old ones.
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

mod frequency_text {
    use crate::activity::Frequency;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(f: &Frequency, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(f.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Frequency, D::Error> {
        let s = String::deserialize(d)?;
        Frequency::parse(&s).ok_or_else(|| serde::de::Error::custom("unknown frequency"))
    }
}

/// The kinds a deployment starts with.
pub fn default_kinds() -> Vec<Kind> {
    DEFAULT_KINDS
        .iter()
        .map(|(code, name, frequency)| Kind {
            code: (*code).to_owned(),
            name: (*name).to_owned(),
            frequency: *frequency,
            active: true,
        })
        .collect()
}

/// The configured kinds (stored as JSON), or the defaults when none are configured or the
/// stored list cannot be read.
pub fn kinds_from_setting(setting: Option<&str>) -> Vec<Kind> {
    setting
        .and_then(|s| serde_json::from_str::<Vec<Kind>>(s).ok())
        .filter(|k| !k.is_empty())
        .unwrap_or_else(default_kinds)
}

/// Checks a new list of kinds: 1 to 50, codes of `a-z0-9_` (1–40) never repeated, names of
/// 1–30 characters. Kinds already used by records must stay listed (the caller checks).
pub fn parse_kinds(list: Vec<Kind>) -> Result<Vec<Kind>, ContentProblem> {
    let mut seen = std::collections::HashSet::new();
    let code_ok = |c: &str| {
        !c.is_empty()
            && c.len() <= 40
            && c.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    };
    let out: Vec<Kind> = list
        .into_iter()
        .map(|k| Kind {
            code: k.code.trim().to_owned(),
            name: k.name.trim().to_owned(),
            ..k
        })
        .collect();
    let bad = |k: &Kind| {
        !code_ok(&k.code)
            || k.name.is_empty()
            || k.name.chars().count() > 30
            || k.name.chars().any(char::is_control)
    };
    if out.is_empty()
        || out.len() > 50
        || out.iter().any(bad)
        || !out.iter().all(|k| seen.insert(k.code.clone()))
    {
        return Err(ContentProblem::KindsInvalid);
    }
    Ok(out)
}

/// An activity's content as typed, before checking.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Typed {
    pub kind: String,
    pub title: String,
    pub starts_at: Option<Timestamp>,
    pub ends_at: Option<Timestamp>,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub online: bool,
    #[serde(default)]
    pub host: String,
    #[serde(default)]
    pub recorder: String,
    #[serde(default)]
    pub speaker: String,
    #[serde(default)]
    pub topic: String,
    #[serde(default)]
    pub leader: String,
    #[serde(default)]
    pub led_content: String,
    #[serde(default)]
    pub agenda: String,
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub resolutions: String,
    #[serde(default)]
    pub outcomes: String,
    #[serde(default)]
    pub notice_id: Option<i64>,
}

/// An activity's content, checked: what a record and each of its versions hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Content {
    pub kind: String,
    pub title: String,
    pub starts_at: Timestamp,
    pub ends_at: Option<Timestamp>,
    pub place: String,
    pub online: bool,
    pub host: String,
    pub recorder: String,
    pub speaker: String,
    pub topic: String,
    /// 领学人: who studied first and led.
    pub leader: String,
    /// What the 领学人 presented.
    pub led_content: String,
    pub agenda: String,
    /// 会议记录: Markdown-style text (headings, lists), shown without raw HTML.
    pub minutes: String,
    pub resolutions: String,
    /// Research findings, published results.
    pub outcomes: String,
    /// The notice it answers.
    pub notice_id: Option<i64>,
}

/// The longest a short field (names, place, title) and a long one (minutes …) may be.
pub const SHORT_MAX: usize = 200;
pub const LONG_MAX: usize = 50_000;
/// The longest an activity may last.
pub const LONGEST_MILLIS: i64 = 31 * 24 * 3600 * 1000;

/// Why typed content is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentProblem {
    TitleRequired,
    UnknownKind,
    StartRequired,
    EndBeforeStart,
    TooLong { field: &'static str, max: usize },
    KindsInvalid,
}

impl ContentProblem {
    /// The form field the problem belongs to.
    pub fn field(self) -> Option<&'static str> {
        match self {
            ContentProblem::TitleRequired => Some("title"),
            ContentProblem::UnknownKind => Some("kind"),
            ContentProblem::StartRequired => Some("starts_at"),
            ContentProblem::EndBeforeStart => Some("ends_at"),
            ContentProblem::TooLong { field, .. } => Some(field),
            ContentProblem::KindsInvalid => None,
        }
    }
}

impl Problem for ContentProblem {
    fn code(&self) -> &'static str {
        match self {
            ContentProblem::TitleRequired => "title_required",
            ContentProblem::UnknownKind => "unknown_kind",
            ContentProblem::StartRequired => "start_required",
            ContentProblem::EndBeforeStart => "end_before_start",
            ContentProblem::TooLong { .. } => "too_long",
            ContentProblem::KindsInvalid => "invalid_kinds",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            ContentProblem::TitleRequired => "activity.problem.title_required",
            ContentProblem::UnknownKind => "activity.problem.unknown_kind",
            ContentProblem::StartRequired => "activity.problem.start_required",
            ContentProblem::EndBeforeStart => "activity.problem.end_before_start",
            ContentProblem::TooLong { .. } => "activity.problem.too_long",
            ContentProblem::KindsInvalid => "activity.problem.kinds_invalid",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ContentProblem::TooLong { field, max } => {
                vec![("field", (*field).to_owned()), ("max", max.to_string())]
            }
            _ => Vec::new(),
        }
    }
}

fn short(field: &'static str, s: &str) -> Result<String, ContentProblem> {
    let s: String = s.trim().chars().filter(|c| !c.is_control()).collect();
    if s.chars().count() > SHORT_MAX {
        return Err(ContentProblem::TooLong {
            field,
            max: SHORT_MAX,
        });
    }
    Ok(s)
}

fn long(field: &'static str, s: &str) -> Result<String, ContentProblem> {
    // Line breaks and tabs are kept: minutes are typed line by line.
    let s: String = s
        .trim()
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    if s.chars().count() > LONG_MAX {
        return Err(ContentProblem::TooLong {
            field,
            max: LONG_MAX,
        });
    }
    Ok(s)
}

impl Typed {
    /// Checks what was typed against the kinds on offer (`kinds`; a record keeping a retired
    /// kind passes `current_kind`).
    pub fn check(
        self,
        kinds: &[Kind],
        current_kind: Option<&str>,
    ) -> Result<Content, ContentProblem> {
        let kind = self.kind.trim();
        let offered = kinds.iter().any(|k| k.code == kind && k.active);
        if !offered && current_kind != Some(kind) {
            return Err(ContentProblem::UnknownKind);
        }
        let title = short("title", &self.title)?;
        if title.is_empty() || crate::text::is_only_invisible(&title) {
            return Err(ContentProblem::TitleRequired);
        }
        let starts_at = self.starts_at.ok_or(ContentProblem::StartRequired)?;
        if let Some(end) = self.ends_at
            && (end.0 < starts_at.0 || end.0 - starts_at.0 > LONGEST_MILLIS)
        {
            return Err(ContentProblem::EndBeforeStart);
        }
        Ok(Content {
            kind: kind.to_owned(),
            title,
            starts_at,
            ends_at: self.ends_at,
            place: short("place", &self.place)?,
            online: self.online,
            host: short("host", &self.host)?,
            recorder: short("recorder", &self.recorder)?,
            speaker: short("speaker", &self.speaker)?,
            topic: short("topic", &self.topic)?,
            leader: short("leader", &self.leader)?,
            led_content: long("led_content", &self.led_content)?,
            agenda: long("agenda", &self.agenda)?,
            minutes: long("minutes", &self.minutes)?,
            resolutions: long("resolutions", &self.resolutions)?,
            outcomes: long("outcomes", &self.outcomes)?,
            notice_id: self.notice_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed() -> Typed {
        Typed {
            kind: "theme_day".into(),
            title: " 8月主题党日 ".into(),
            starts_at: Some(Timestamp(1_000_000)),
            minutes: "# 议程\r\n- 学习\r\n".into(),
            ..Typed::default()
        }
    }

    #[test]
    fn typed_content_is_trimmed_and_checked() {
        let kinds = default_kinds();
        let c = typed().check(&kinds, None).unwrap();
        assert_eq!(c.title, "8月主题党日");
        assert_eq!(c.minutes, "# 议程\n- 学习");
        let bad = Typed {
            kind: "nope".into(),
            ..typed()
        };
        assert_eq!(bad.check(&kinds, None), Err(ContentProblem::UnknownKind));
        let early_end = Typed {
            ends_at: Some(Timestamp(999_999)),
            ..typed()
        };
        assert_eq!(
            early_end.check(&kinds, None),
            Err(ContentProblem::EndBeforeStart)
        );
        let blank = Typed {
            title: "\u{200B}".into(),
            ..typed()
        };
        assert_eq!(
            blank.check(&kinds, None),
            Err(ContentProblem::TitleRequired)
        );
        let long_place = Typed {
            place: "地".repeat(SHORT_MAX + 1),
            ..typed()
        };
        assert_eq!(
            long_place.check(&kinds, None).unwrap_err().field(),
            Some("place")
        );
    }

    #[test]
    fn a_retired_kind_stays_on_its_records() {
        let mut kinds = default_kinds();
        kinds[4].active = false;
        assert_eq!(
            typed().check(&kinds, None),
            Err(ContentProblem::UnknownKind)
        );
        assert!(typed().check(&kinds, Some("theme_day")).is_ok());
    }

    #[test]
    fn the_kinds_setting_round_trips_and_is_checked() {
        let kinds = default_kinds();
        let json = serde_json::to_string(&kinds).unwrap();
        assert_eq!(kinds_from_setting(Some(&json)), kinds);
        assert_eq!(kinds_from_setting(Some("garbage")), kinds);
        assert_eq!(kinds_from_setting(None), kinds);
        let mut twice = default_kinds();
        twice.push(twice[0].clone());
        assert_eq!(parse_kinds(twice), Err(ContentProblem::KindsInvalid));
        let mut bad_code = default_kinds();
        bad_code[0].code = "Bad Code".into();
        assert_eq!(parse_kinds(bad_code), Err(ContentProblem::KindsInvalid));
        assert!(parse_kinds(default_kinds()).is_ok());
    }
}
