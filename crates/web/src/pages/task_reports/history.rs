//! A report's history as the page lists it: every version handed in, read-only, and every
//! review.

use crate::error::Result;
use crate::i18n::T;
use crate::pages::task_fields::{self, Names, ShownAnswer};
use crate::state::AppState;
use domain::form::FormDefinition;
use domain::submission::SubmissionState;
use std::collections::HashMap;
use store::submissions::Version;

use super::parse;

/// A version as the page lists it.
pub struct VersionShown {
    pub number: i64,
    pub title: String,
    pub by: String,
    pub at: String,
    pub late: bool,
    pub answers: Vec<ShownAnswer>,
}

pub struct ReviewShown {
    pub version_label: String,
    pub returned: bool,
    pub decision: String,
    pub reason: String,
    pub reviewer: String,
    pub at: String,
}

/// Every version handed in and every review, oldest first.
pub(super) async fn history(
    state: &AppState,
    submission_id: i64,
) -> Result<(Vec<Version>, Vec<store::submissions::Review>)> {
    let versions = store::submissions::versions(state.db.read(), submission_id).await?;
    let reviews = store::submissions::reviews(state.db.read(), submission_id).await?;
    Ok((versions, reviews))
}

/// A returned report shows why: the latest return.
pub(super) fn last_return<'a>(
    s: &store::submissions::Submission,
    reviews: &'a [store::submissions::Review],
) -> Option<&'a store::submissions::Review> {
    if s.state != SubmissionState::Returned {
        return None;
    }
    reviews.iter().rev().find(|r| r.decision == "return")
}

fn version_label(t: T, n: i64) -> String {
    t.f("task_pages.version_n", &[("n", &n.to_string())])
}

pub(super) fn review_shown(state: &AppState, t: T, r: &store::submissions::Review) -> ReviewShown {
    let returned = r.decision == "return";
    ReviewShown {
        version_label: version_label(t, r.version),
        returned,
        decision: t
            .s(if returned {
                "task_pages.decision_return"
            } else {
                "task_pages.decision_approve"
            })
            .to_owned(),
        reason: r.reason.clone(),
        reviewer: r.reviewer_shown.clone(),
        at: state.zone.date_time(r.reviewed_at, t.locale),
    }
}

/// Every version handed in, newest first.
pub(super) fn versions_shown(
    state: &AppState,
    t: T,
    names: &Names,
    forms: &HashMap<i64, FormDefinition>,
    versions: &[Version],
) -> Vec<VersionShown> {
    versions
        .iter()
        .rev()
        .map(|v| version_shown(state, t, names, forms, v))
        .collect()
}

fn version_shown(
    state: &AppState,
    t: T,
    names: &Names,
    forms: &HashMap<i64, FormDefinition>,
    v: &Version,
) -> VersionShown {
    VersionShown {
        number: v.version,
        title: version_label(t, v.version),
        by: v.submitted_by_shown.clone(),
        at: state.zone.date_time(v.submitted_at, t.locale),
        late: v.late,
        answers: forms
            .get(&v.form_version)
            .map(|f| task_fields::shown_answers(t, names, f, &parse(&v.data)))
            .unwrap_or_default(),
    }
}
