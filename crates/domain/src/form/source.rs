//! Where a field's answer can come from besides the person filling it in: a [`Source`] names a
//! figure of the records (a campaign's sessions, its attendance rate, its featured reflections…)
//! that fills the field when the reporting org opens its report, until the org changes it.
//! And the kinds of record a `record_link` field can name ([`RecordKind`]).

use serde::{Serialize, Serializer};

use super::definition::FieldKind;

/// A figure of the records that fills a field. The list is fixed: each one is computed by the
/// application from one campaign's records of the reporting org.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// How many of the campaign's sessions the org held (a number).
    SessionsHeld,
    /// 实到 / 应到 over those sessions, in per cent (a number).
    AttendanceRate,
    /// Each session: date, kind, title, 领学人, 应到, 实到 (a table; columns `date`, `kind`,
    /// `title`, `leader`, `expected`, `present`).
    Sessions,
    /// The materials studied in at least one session, one a line (text).
    MaterialsCovered,
    /// 先学领学 per material (a table; columns `material`, `first_day`, `leader`,
    /// `studied_first`, `not_yet`, `done`).
    LeadFirst,
    /// Volunteer service time in hours, one decimal (a number).
    VolunteerHours,
    /// Science-popularisation events held (a number).
    ScienceEvents,
    /// The org's featured reflections (a record link to `reflection`).
    Reflections,
    /// Photos of the sessions (a record link to `activity_photo`).
    Photos,
}

impl Source {
    pub const ALL: [Source; 9] = [
        Source::SessionsHeld,
        Source::AttendanceRate,
        Source::Sessions,
        Source::MaterialsCovered,
        Source::LeadFirst,
        Source::VolunteerHours,
        Source::ScienceEvents,
        Source::Reflections,
        Source::Photos,
    ];

    /// The `"source"` string of the definition JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::SessionsHeld => "campaign.sessions_held",
            Source::AttendanceRate => "campaign.attendance_rate",
            Source::Sessions => "campaign.sessions",
            Source::MaterialsCovered => "campaign.materials_covered",
            Source::LeadFirst => "campaign.lead_first",
            Source::VolunteerHours => "campaign.volunteer_hours",
            Source::ScienceEvents => "campaign.science_events",
            Source::Reflections => "campaign.reflections",
            Source::Photos => "campaign.photos",
        }
    }

    pub fn parse(input: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.as_str() == input)
    }

    /// Whether a field of `kind` can hold this figure: a count in a number, a list of
    /// sessions in a table, photos in a link to photos…
    pub fn fits(self, kind: &FieldKind) -> bool {
        match self {
            Source::SessionsHeld
            | Source::AttendanceRate
            | Source::VolunteerHours
            | Source::ScienceEvents => matches!(kind, FieldKind::Number { .. }),
            Source::Sessions | Source::LeadFirst => matches!(kind, FieldKind::Table { .. }),
            Source::MaterialsCovered => {
                matches!(
                    kind,
                    FieldKind::ShortText { .. } | FieldKind::LongText { .. }
                )
            }
            Source::Reflections => links_to(kind, RecordKind::Reflection),
            Source::Photos => links_to(kind, RecordKind::ActivityPhoto),
        }
    }
}

fn links_to(kind: &FieldKind, wanted: RecordKind) -> bool {
    matches!(kind, FieldKind::RecordLink { record_kind, .. } if RecordKind::parse(record_kind) == Some(wanted))
}

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The kinds of record a `record_link` field can name. A form may name another kind (the
/// definition only asks for a well-formed key), but no answer to it is ever accepted: there
/// is no such record to be the org's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// 活动: an activity of the reporting org.
    Activity,
    /// A photo, still shown, of one of the reporting org's activities.
    ActivityPhoto,
    /// 心得体会: a written reflection of a member of the reporting org.
    Reflection,
}

impl RecordKind {
    pub const ALL: [RecordKind; 3] = [
        RecordKind::Activity,
        RecordKind::ActivityPhoto,
        RecordKind::Reflection,
    ];

    /// The `record_kind` string of the definition JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Activity => "activity",
            RecordKind::ActivityPhoto => "activity_photo",
            RecordKind::Reflection => "reflection",
        }
    }

    pub fn parse(input: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.as_str() == input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_record_kinds_round_trip_their_names() {
        for s in Source::ALL {
            assert_eq!(Source::parse(s.as_str()), Some(s));
        }
        assert_eq!(Source::parse("campaign.unknown"), None);
        for k in RecordKind::ALL {
            assert_eq!(RecordKind::parse(k.as_str()), Some(k));
        }
        assert_eq!(RecordKind::parse("meeting"), None);
    }

    #[test]
    fn a_source_fits_only_its_kind_of_field() {
        let number = FieldKind::Number {
            unit: String::new(),
            min: None,
            max: None,
            integer: false,
        };
        let text = FieldKind::LongText { max_length: 10 };
        let photos = FieldKind::RecordLink {
            record_kind: "activity_photo".into(),
            multiple: true,
        };
        assert!(Source::SessionsHeld.fits(&number));
        assert!(!Source::SessionsHeld.fits(&text));
        assert!(Source::MaterialsCovered.fits(&text));
        assert!(Source::Photos.fits(&photos));
        assert!(!Source::Reflections.fits(&photos));
        assert!(!Source::Sessions.fits(&number));
    }
}
