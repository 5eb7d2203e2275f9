//! Records a report links to (`record_link` fields), as pages show them: an activity by its
//! date, kind and title with a link to it; a photo as its thumbnail, linked to the photo; a
//! reflection by its title and author.

use crate::i18n::T;
use crate::state::AppState;
use domain::activity_content::Kind;
use domain::form::RecordKind;
use store::report_records::LinkedRecord;

/// One record as a page shows it, among the choices of a field or in an answer.
#[derive(Debug, Clone)]
pub struct RecordShown {
    /// The record kind (`activity`, `activity_photo`, `reflection`).
    pub kind: &'static str,
    pub id: i64,
    pub title: String,
    /// The date and what else tells it apart (the kind of activity, the author…).
    pub detail: String,
    /// Where it opens; empty when it has no page of its own.
    pub href: String,
    /// A photo's thumbnail; empty for other records.
    pub thumb: String,
    /// A reflection the branch featured.
    pub featured: bool,
    /// Chosen in the answer (on the fill-in form).
    pub checked: bool,
}

impl RecordShown {
    /// The record in one line, for lists of names and changes: `2026-03-05 主题党日`.
    pub fn line(&self) -> String {
        if self.detail.is_empty() {
            self.title.clone()
        } else {
            format!("{} {}", self.detail, self.title)
        }
    }
}

/// `r` as pages show it; dates as YYYY-MM-DD in the deployment's zone, kinds by their names.
pub fn shown(state: &AppState, t: T, kinds: &[Kind], r: &LinkedRecord) -> RecordShown {
    let day = state.zone.iso_date(r.at);
    let activity = r.activity_id.unwrap_or(r.id);
    let (title, detail, href, thumb) = match r.kind {
        RecordKind::Activity => (
            r.title.clone(),
            format!(
                "{day} {}",
                app::activities::kinds::label_of(t, kinds, &r.detail)
            ),
            format!("/activities/{}", r.id),
            String::new(),
        ),
        RecordKind::ActivityPhoto => (
            if r.detail.is_empty() {
                r.title.clone()
            } else {
                r.detail.clone()
            },
            format!("{day} {}", r.title),
            format!("/activities/{activity}/photos/{}", r.id),
            format!("/activities/{activity}/photos/{}/thumb", r.id),
        ),
        RecordKind::Reflection => (
            r.title.clone(),
            format!("{day} {}", r.detail),
            String::new(),
            String::new(),
        ),
    };
    RecordShown {
        kind: r.kind.as_str(),
        id: r.id,
        title,
        detail,
        href,
        thumb,
        featured: r.featured,
        checked: false,
    }
}

/// Every record in `list` as pages show it.
pub fn all_shown(
    state: &AppState,
    t: T,
    kinds: &[Kind],
    list: &[LinkedRecord],
) -> Vec<RecordShown> {
    list.iter().map(|r| shown(state, t, kinds, r)).collect()
}
