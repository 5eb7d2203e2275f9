//! 通知列表: 收文 (what the caller's orgs received) and 发文 (what they issued), each a list of
//! the shared component — search by title or 文号, state and date filters, sortable columns,
//! page numbers — and its 台账 download of exactly what is listed.

use super::layout::Chrome;
use crate::auth::CurrentUser;
use crate::error::{Error, Result};
use crate::i18n::T;
use crate::ledger::download;
use crate::lists::{Choices, Listing, choices, page_number};
use crate::state::AppState;
use app::ledger::xlsx::{self, Column, Value};
use app::notices::listing::{ISSUED_STATES, NoticeFilter, READ_AT_MOST, RECEIVED_STATES};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::{Html, Response};
use domain::access::Action;
use domain::notice::NoticeStatus;
use serde::Deserialize;
use store::notices::{self, Issued, Received};

pub struct Row {
    pub id: i64,
    pub title: String,
    pub doc_number: String,
    pub when: String,
    /// The receiving org (收文, when the caller reads for several) or the issuing org (发文).
    pub org: String,
    pub unread: bool,
    /// State tags: (label, css class).
    pub tags: Vec<(String, &'static str)>,
    /// 发文: "已签收 6/14，已阅 9".
    pub counts: String,
}

#[derive(Template)]
#[template(path = "notices/list.html")]
struct ListPage {
    chrome: Chrome,
    can_issue: bool,
    /// A committee administrator over the whole tree: the notice settings are linked.
    can_configure: bool,
    /// Both tabs are the caller's (they receive and issue).
    tabs: bool,
    /// "inbox" or "issued".
    view: &'static str,
    rows: Vec<Row>,
    list: Listing,
    filter: NoticeFilter,
    states: Choices,
    sorts: Choices,
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    view: String,
    /// As text ([`page_number`]).
    #[serde(default)]
    page: String,
    #[serde(flatten)]
    filter: NoticeFilter,
}

/// Which list the caller asked for, among those they have.
fn view_of(asked: &str, reads: bool, issues: bool) -> Result<&'static str> {
    match (asked, reads, issues) {
        (_, false, false) => Err(Error::not_found()),
        ("issued", _, true) | (_, false, true) => Ok("issued"),
        _ => Ok("inbox"),
    }
}

/// The received notices the caller lists: what their orgs received, not what they issued.
async fn received(state: &AppState, user: &CurrentUser, f: &NoticeFilter) -> Result<Vec<Received>> {
    let roots = user.access.roots(Action::ReadNotices);
    let rows = notices::inbox(state.db.read(), &roots, READ_AT_MOST, 0).await?;
    // Notices the caller issued arrive nowhere in their own inbox.
    let rows = rows
        .into_iter()
        .filter(|r| !user.access.can(Action::IssueNotices, &r.notice.org_path))
        .collect();
    Ok(f.received(rows, &state.zone))
}

async fn issued(state: &AppState, user: &CurrentUser, f: &NoticeFilter) -> Result<Vec<Issued>> {
    let roots = user.access.roots(Action::IssueNotices);
    let rows = notices::issued(state.db.read(), &roots, READ_AT_MOST, 0).await?;
    Ok(f.issued(rows, &state.zone))
}

fn inbox_row(state: &AppState, t: T, r: Received, multi: bool) -> Row {
    let n = &r.notice;
    let mut tags = Vec::new();
    if r.unread() {
        tags.push((t.s("notice.unread").to_owned(), "unread-tag"));
    }
    if r.changed() {
        tags.push((t.s("notice.changed").to_owned(), "warn"));
    }
    tags.push(if n.status == NoticeStatus::Withdrawn {
        (t.s("notice.status.withdrawn").to_owned(), "closed")
    } else if r.signed_revision == Some(n.revision) {
        (t.s("notice.signed").to_owned(), "current")
    } else {
        (t.s("notice.not_signed").to_owned(), "")
    });
    Row {
        id: n.id,
        title: n.title.clone(),
        doc_number: n.doc_number.clone(),
        when: n
            .published_at
            .map(|p| state.zone.date_time(p, t.locale))
            .unwrap_or_default(),
        org: if multi {
            r.org_name.clone()
        } else {
            String::new()
        },
        unread: r.unread(),
        tags,
        counts: String::new(),
    }
}

fn issued_row(state: &AppState, t: T, i: Issued) -> Row {
    let n = &i.notice;
    let counts = if n.status == NoticeStatus::Draft {
        String::new()
    } else {
        t.f(
            "notice.counts",
            &[
                ("signed", &i.signed.to_string()),
                ("total", &i.recipients.to_string()),
                ("opened", &i.opened.to_string()),
            ],
        )
    };
    Row {
        id: n.id,
        title: n.title.clone(),
        doc_number: n.doc_number.clone(),
        when: state
            .zone
            .date_time(n.published_at.unwrap_or(n.updated_at), t.locale),
        org: n.org_name.clone(),
        unread: false,
        tags: vec![(t.s(n.status.message_key()).to_owned(), "")],
        counts,
    }
}

pub async fn list(
    State(state): State<AppState>,
    user: CurrentUser,
    chrome: Chrome,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>> {
    let t = chrome.t;
    let reads = user.access.can_somewhere(Action::ReadNotices);
    let issues = user.access.can_somewhere(Action::IssueNotices);
    let mut view = view_of(&q.view, reads, issues)?;
    let f = &q.filter;
    // Not asked which: the received notices, unless there are none (a committee at the top
    // receives nothing; it issues).
    let mut found = None;
    if q.view.is_empty() && reads && issues {
        let inbox = received(&state, &user, f).await?;
        if inbox.is_empty() {
            view = "issued";
        } else {
            found = Some(inbox);
        }
    }
    let mut list = Listing::new(
        "/notices",
        vec![("view", view.to_owned())],
        vec![
            ("q", f.q.trim().to_owned()),
            ("state", f.state.clone()),
            ("from", f.from.clone()),
            ("to", f.to.clone()),
        ],
        &f.sort,
        &f.dir,
        page_number(&q.page),
    );
    let rows = if view == "inbox" {
        let found = match found {
            Some(rows) => rows,
            None => received(&state, &user, f).await?,
        };
        let orgs: std::collections::BTreeSet<i64> = found.iter().map(|r| r.org_id).collect();
        let multi = orgs.len() > 1;
        let page = list.page(t, found);
        page.into_iter()
            .map(|r| inbox_row(&state, t, r, multi))
            .collect()
    } else {
        let page = list.page(t, issued(&state, &user, f).await?);
        page.into_iter().map(|i| issued_row(&state, t, i)).collect()
    };
    let (values, prefix): (&[&str], &str) = if view == "inbox" {
        (&RECEIVED_STATES, "notice.filter.")
    } else {
        (&ISSUED_STATES, "notice.status.")
    };
    let can_configure = issues && app::notices::settings::may_configure(&state, &user).await?;
    let page = ListPage {
        can_issue: issues,
        can_configure,
        tabs: reads && issues,
        view,
        rows,
        states: choices(t, values, prefix, &f.state),
        sorts: choices(t, &app::notices::listing::SORTS, "notice.sort.", &f.sort),
        filter: f.clone(),
        list,
        chrome,
    };
    Ok(Html(page.render()?))
}

/// `GET /notices/export.xlsx`: 收文台账 or 发文台账 of exactly what the list shows (every page).
pub async fn export(
    State(state): State<AppState>,
    user: CurrentUser,
    t: T,
    Query(q): Query<ListQuery>,
) -> Result<Response> {
    let reads = user.access.can_somewhere(Action::ReadNotices);
    let issues = user.access.can_somewhere(Action::IssueNotices);
    let view = view_of(&q.view, reads, issues)?;
    let when = |at| Value::when(&state.zone, at);
    let (name, rows): (&str, Vec<Vec<Value>>) = if view == "inbox" {
        let found = received(&state, &user, &q.filter).await?;
        let rows = found
            .into_iter()
            .enumerate()
            .map(|(i, r)| {
                let signed = r.signed_revision == Some(r.notice.revision);
                vec![
                    Value::Number((i + 1) as f64),
                    Value::Text(r.notice.doc_number.clone()),
                    Value::Text(r.notice.title.clone()),
                    Value::Text(r.notice.org_name.clone()),
                    Value::Text(r.org_name.clone()),
                    when(r.notice.published_at),
                    Value::Text(t.s(r.notice.status.message_key()).to_owned()),
                    when(if signed { r.signed_at } else { None }),
                ]
            })
            .collect();
        ("notice.ledger.inbox", rows)
    } else {
        let found = issued(&state, &user, &q.filter).await?;
        let rows = found
            .into_iter()
            .enumerate()
            .map(|(i, n)| {
                vec![
                    Value::Number((i + 1) as f64),
                    Value::Text(n.notice.doc_number.clone()),
                    Value::Text(n.notice.title.clone()),
                    Value::Text(n.notice.org_name.clone()),
                    when(n.notice.published_at),
                    Value::Text(t.s(n.notice.status.message_key()).to_owned()),
                    Value::Number(n.recipients as f64),
                    Value::Number(n.signed as f64),
                ]
            })
            .collect();
        ("notice.ledger.issued", rows)
    };
    let columns = if view == "inbox" {
        Column::titled(
            t,
            &[
                ("ledger.col_serial", 6.0),
                ("notice.field.doc_number", 24.0),
                ("notice.field.title", 50.0),
                ("notice.field.issuer", 28.0),
                ("notice.ledger.received_by", 28.0),
                ("notice.ledger.published", 18.0),
                ("ledger.col_status", 10.0),
                ("notice.ledger.signed_at", 18.0),
            ],
        )
    } else {
        Column::titled(
            t,
            &[
                ("ledger.col_serial", 6.0),
                ("notice.field.doc_number", 24.0),
                ("notice.field.title", 50.0),
                ("notice.field.issuer", 28.0),
                ("notice.ledger.published", 18.0),
                ("ledger.col_status", 10.0),
                ("notice.ledger.recipients", 10.0),
                ("notice.ledger.signed", 10.0),
            ],
        )
    };
    let title = t.s(name).to_owned();
    let bytes =
        crate::ledger::exports::blocking(move || xlsx::table(&title, &columns, &rows)).await?;
    let date = crate::ledger::exports::stamp(&state);
    let file = format!("{}-{date}.xlsx", t.s(name));
    Ok(download::xlsx(
        bytes,
        &file,
        &format!("notices-{view}-{date}.xlsx"),
    ))
}
