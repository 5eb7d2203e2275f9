//! Every "no" a campaign use case answers besides not found.

use domain::Problem;
use domain::campaign::CampaignProblem;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Rule(CampaignProblem),
    /// Someone saved a newer version since the form was opened.
    Stale {
        current: i64,
    },
}

impl From<CampaignProblem> for Refused {
    fn from(p: CampaignProblem) -> Refused {
        Refused::Rule(p)
    }
}

impl Refused {
    /// The form field the problem belongs to.
    pub fn field(&self) -> Option<&'static str> {
        use CampaignProblem as P;
        match self {
            Refused::Rule(P::ThemeRequired) => Some("theme"),
            Refused::Rule(P::TooLong { field, .. }) => Some(field),
            Refused::Rule(P::EndBeforeStart) => Some("ends_on"),
            Refused::Rule(P::TitleRequired) => Some("title"),
            Refused::Rule(P::TooManyChapters | P::ChaptersKept) => Some("chapters"),
            Refused::Rule(P::MinutesInvalid) => Some("minutes"),
            Refused::Rule(P::StudyInFuture | P::StudyOutsidePeriod) => Some("day"),
            Refused::Rule(
                P::TooManyRequirements | P::UnknownKind | P::CountInvalid | P::DuplicateKind,
            ) => Some("requirements"),
            Refused::Rule(P::UnknownChapter) => Some("chapter"),
            Refused::Rule(P::UnknownMaterial) => Some("material_id"),
            Refused::Rule(P::BodyRequired) => Some("body"),
            Refused::Rule(P::LinkInvalid) => Some("link"),
            _ => None,
        }
    }
}

impl Problem for Refused {
    fn code(&self) -> &'static str {
        match self {
            Refused::Rule(p) => p.code(),
            Refused::Stale { .. } => "stale_version",
        }
    }

    fn message_key(&self) -> &'static str {
        match self {
            Refused::Rule(p) => p.message_key(),
            Refused::Stale { .. } => "campaign.problem.stale",
        }
    }

    fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Refused::Rule(p) => p.args(),
            Refused::Stale { current } => vec![("version", current.to_string())],
        }
    }
}
