//! One list component for every page that lists things: the total, page numbers, sortable
//! column headers and the export link, all keeping the filters in force (`templates/list/`).
//!
//! A page filters and sorts its rows (in the use case, so that its download holds the same
//! rows), then hands them to [`Listing::page`] for the page asked for. Links carry every filter
//! as query pairs, so a list is a plain GET: bookmarkable, shareable, and working without
//! JavaScript.

use crate::i18n::T;
use crate::links::with_query;

/// Rows per page.
pub const PER_PAGE: usize = 50;

/// A filter's choices for a `<select>`: (value, label, chosen).
pub type Choices = Vec<(String, String, bool)>;

/// The choices of one filter, labelled by the catalogue keys `{prefix}{value}`, the one in
/// force marked.
pub fn choices(t: T, values: &[&str], prefix: &str, chosen: &str) -> Choices {
    values
        .iter()
        .map(|v| {
            let label = t.s(&format!("{prefix}{v}")).to_owned();
            ((*v).to_owned(), label, *v == chosen)
        })
        .collect()
}

/// The page asked for in a query (`page=2`), 1 when absent or unreadable. Lists take it as
/// text: serde reads a flattened query's values as strings only.
pub fn page_number(asked: &str) -> usize {
    asked.trim().parse().unwrap_or(1)
}

/// One page number in the pager: a link, the current page, or a gap (`…`).
pub struct PageLink {
    pub label: String,
    pub href: Option<String>,
    pub current: bool,
}

/// A list's query: its path, the filters in force, the sort and the page (from 1).
pub struct Listing {
    path: String,
    /// Pairs every link keeps that are not filters a person set (which list, which org).
    context: Vec<(&'static str, String)>,
    filters: Vec<(&'static str, String)>,
    sort: String,
    desc: bool,
    page: usize,
    total: usize,
    pages: usize,
    /// "共 123 条 · 第 2/3 页"
    pub summary: String,
    pub links: Vec<PageLink>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Listing {
    /// The list at `path` (with its `context` pairs) with the `filters` in force (empty values
    /// left out), sorted by `sort` (`dir` = "desc" for descending), showing page `page` (from 1;
    /// 0 reads as 1).
    pub fn new(
        path: &str,
        context: Vec<(&'static str, String)>,
        filters: Vec<(&'static str, String)>,
        sort: &str,
        dir: &str,
        page: usize,
    ) -> Listing {
        Listing {
            path: path.to_owned(),
            context: context.into_iter().filter(|(_, v)| !v.is_empty()).collect(),
            filters: filters.into_iter().filter(|(_, v)| !v.is_empty()).collect(),
            sort: sort.to_owned(),
            desc: dir == "desc",
            page: page.max(1),
            total: 0,
            pages: 1,
            summary: String::new(),
            links: Vec::new(),
            prev: None,
            next: None,
        }
    }

    /// The rows of the page asked for (the last page when it asked past the end), setting the
    /// total, the summary and the page links.
    pub fn page<R>(&mut self, t: T, rows: Vec<R>) -> Vec<R> {
        self.total = rows.len();
        self.pages = self.total.div_ceil(PER_PAGE).max(1);
        self.page = self.page.min(self.pages);
        self.summary = t.f(
            "list.summary",
            &[
                ("total", &self.total.to_string()),
                ("page", &self.page.to_string()),
                ("pages", &self.pages.to_string()),
            ],
        );
        self.links = self.page_links();
        self.prev = (self.page > 1).then(|| self.page_href(self.page - 1));
        self.next = (self.page < self.pages).then(|| self.page_href(self.page + 1));
        rows.into_iter()
            .skip((self.page - 1) * PER_PAGE)
            .take(PER_PAGE)
            .collect()
    }

    /// Whether any filter is in force (an empty result then says "nothing matches").
    pub fn filtered(&self) -> bool {
        !self.filters.is_empty()
    }

    fn pairs(&self, sort: &str, desc: bool, page: Option<usize>) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = self
            .context
            .iter()
            .chain(&self.filters)
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect();
        if !sort.is_empty() {
            pairs.push(("sort".into(), sort.to_owned()));
            if desc {
                pairs.push(("dir".into(), "desc".into()));
            }
        }
        if let Some(p) = page.filter(|p| *p > 1) {
            pairs.push(("page".into(), p.to_string()));
        }
        pairs
    }

    fn href_at(&self, path: &str, pairs: &[(String, String)]) -> String {
        let borrowed: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        with_query(path, &borrowed)
    }

    fn page_href(&self, page: usize) -> String {
        self.href_at(&self.path, &self.pairs(&self.sort, self.desc, Some(page)))
    }

    /// Page numbers around the current one, the first and the last, gaps as `…`.
    fn page_links(&self) -> Vec<PageLink> {
        let (page, pages) = (self.page, self.pages);
        let mut links = Vec::new();
        let mut last = 0;
        for p in 1..=pages {
            let near = p == 1 || p == pages || p.abs_diff(page) <= 2;
            if !near {
                continue;
            }
            if p > last + 1 {
                links.push(PageLink {
                    label: "…".into(),
                    href: None,
                    current: false,
                });
            }
            links.push(PageLink {
                label: p.to_string(),
                href: (p != page).then(|| self.page_href(p)),
                current: p == page,
            });
            last = p;
        }
        links
    }

    /// The header link of column `key`: sorts by it, or turns the order round when it already
    /// does; back to the first page.
    pub fn sort_href(&self, key: &str) -> String {
        let desc = self.sort == key && !self.desc;
        self.href_at(&self.path, &self.pairs(key, desc, None))
    }

    /// `aria-sort` of column `key`.
    pub fn aria_sort(&self, key: &str) -> &'static str {
        match (self.sort == key, self.desc) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }

    /// The mark after a sorted column's name.
    pub fn sort_mark(&self, key: &str) -> &'static str {
        match self.aria_sort(key) {
            "ascending" => "▲",
            "descending" => "▼",
            _ => "",
        }
    }

    /// The download of exactly what is listed (every page), at `path`.
    pub fn export_href(&self, path: &str) -> String {
        self.href_at(path, &self.pairs(&self.sort, self.desc, None))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(page: usize) -> Listing {
        Listing::new(
            "/members",
            Vec::new(),
            vec![("q", "王".into()), ("gender", String::new())],
            "name",
            "",
            page,
        )
    }

    #[test]
    fn pages_keep_the_filters_and_the_sort() {
        let mut l = listing(2);
        let rows = l.page(T::default(), (0..120).collect::<Vec<_>>());
        assert_eq!(rows.first(), Some(&50));
        assert_eq!(rows.len(), 50);
        assert_eq!(l.prev.as_deref(), Some("/members?q=%E7%8E%8B&sort=name"));
        assert_eq!(
            l.next.as_deref(),
            Some("/members?q=%E7%8E%8B&sort=name&page=3")
        );
        assert_eq!(
            l.sort_href("name"),
            "/members?q=%E7%8E%8B&sort=name&dir=desc"
        );
        assert_eq!(l.sort_href("age"), "/members?q=%E7%8E%8B&sort=age");
        assert_eq!(
            l.export_href("/members/export.xlsx"),
            "/members/export.xlsx?q=%E7%8E%8B&sort=name"
        );
        assert_eq!(l.aria_sort("name"), "ascending");
    }

    #[test]
    fn far_pages_fold_into_gaps_and_a_page_past_the_end_is_the_last() {
        let mut l = listing(99);
        let rows = l.page(T::default(), (0..1000).collect::<Vec<_>>());
        assert_eq!(rows.first(), Some(&950));
        let labels: Vec<&str> = l.links.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["1", "…", "18", "19", "20"]);
        assert!(
            l.links
                .last()
                .is_some_and(|p| p.current && p.href.is_none())
        );
    }
}
