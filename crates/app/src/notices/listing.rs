//! The notice lists as a person narrows them: 收文 (received) and 发文 (issued), searched by
//! title or 文号, filtered by state and date, sorted by date, title or 文号 (natural order).
//! The list pages and their 台账 downloads go through the same selection.

use crate::zone::Zone;
use domain::Timestamp;
use domain::notice::NoticeStatus;
use serde::Deserialize;
use std::cmp::Ordering;
use store::notices::{Issued, Notice, Received};

/// How many notices a list reads before narrowing (a committee issues a few hundred a year).
pub const READ_AT_MOST: i64 = 5000;

/// States an issued notice is filtered by.
pub const ISSUED_STATES: [&str; 3] = ["draft", "published", "withdrawn"];
/// States a received notice is filtered by (as the receiving org stands with it).
pub const RECEIVED_STATES: [&str; 4] = ["unread", "unsigned", "signed", "withdrawn"];
/// Columns a notice list sorts by.
pub const SORTS: [&str; 3] = ["date", "title", "doc_number"];

/// The filters as they come from the query string; empty means "any".
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NoticeFilter {
    /// Title or 文号 contains.
    #[serde(default)]
    pub q: String,
    /// One of [`ISSUED_STATES`] or [`RECEIVED_STATES`].
    #[serde(default)]
    pub state: String,
    /// Published (a draft: last changed) on or after this day, YYYY-MM-DD.
    #[serde(default)]
    pub from: String,
    /// … and on or before this day.
    #[serde(default)]
    pub to: String,
    /// One of [`SORTS`]; default newest first.
    #[serde(default)]
    pub sort: String,
    /// `desc` for descending.
    #[serde(default)]
    pub dir: String,
}

/// The day a notice is listed under: when it went out, or a draft's last change.
fn listed_at(n: &Notice) -> Timestamp {
    n.published_at.unwrap_or(n.updated_at)
}

impl NoticeFilter {
    fn shared(&self, n: &Notice, zone: &Zone) -> bool {
        let q = self.q.trim();
        let day = zone.iso_date(listed_at(n));
        (q.is_empty() || n.title.contains(q) || n.doc_number.contains(q))
            && (self.from.is_empty() || day.as_str() >= self.from.as_str())
            && (self.to.is_empty() || day.as_str() <= self.to.as_str())
    }

    fn order(&self, a: &Notice, b: &Notice) -> Ordering {
        let o = match self.sort.as_str() {
            "title" => domain::natural::cmp(&a.title, &b.title),
            "doc_number" => domain::natural::cmp(&a.doc_number, &b.doc_number),
            "date" => listed_at(a).cmp(&listed_at(b)),
            // Newest first.
            _ => listed_at(b).cmp(&listed_at(a)),
        }
        .then(b.id.cmp(&a.id));
        if self.dir == "desc" { o.reverse() } else { o }
    }

    /// The issued notices passing the filters, in the order asked for.
    pub fn issued(&self, rows: Vec<Issued>, zone: &Zone) -> Vec<Issued> {
        let state = NoticeStatus::parse(&self.state);
        let mut kept: Vec<Issued> = rows
            .into_iter()
            .filter(|i| self.shared(&i.notice, zone))
            .filter(|i| state.is_none_or(|s| i.notice.status == s))
            .collect();
        kept.sort_by(|a, b| self.order(&a.notice, &b.notice));
        kept
    }

    /// The received notices passing the filters, in the order asked for.
    pub fn received(&self, rows: Vec<Received>, zone: &Zone) -> Vec<Received> {
        let mut kept: Vec<Received> = rows
            .into_iter()
            .filter(|r| self.shared(&r.notice, zone) && self.receipt_state(r))
            .collect();
        kept.sort_by(|a, b| self.order(&a.notice, &b.notice));
        kept
    }

    fn receipt_state(&self, r: &Received) -> bool {
        let withdrawn = r.notice.status == NoticeStatus::Withdrawn;
        let signed = r.signed_revision == Some(r.notice.revision);
        match self.state.as_str() {
            "unread" => r.unread() && !withdrawn,
            "unsigned" => !signed && !withdrawn,
            "signed" => signed,
            "withdrawn" => withdrawn,
            _ => true,
        }
    }
}
