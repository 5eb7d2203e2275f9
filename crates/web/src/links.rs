//! Links with a query string. Every value is encoded by `serde_urlencoded`, the same library the
//! `Query` extractor decodes with, so a value comes back exactly as it went out — a period key,
//! or a search text with `&`, `=`, `%`, spaces or Chinese in it.

/// `path?name=value&…`, the pairs in the order given; just `path` when there are none.
pub fn with_query(path: &str, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return path.to_owned();
    }
    let query =
        serde_urlencoded::to_string(pairs).expect("pairs of strings always have a form encoding");
    format!("{path}?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Back {
        period: String,
        q: String,
    }

    #[test]
    fn a_value_with_reserved_characters_and_chinese_comes_back_as_it_was() {
        let awkward = "50% & more = 学习 情况";
        let link = with_query("/tasks/7", &[("period", "2026-W48"), ("q", awkward)]);
        let (path, query) = link.split_once('?').expect("the link has a query");
        assert_eq!(path, "/tasks/7");
        assert!(!query.contains(' ') && !query.contains('学'), "{query}");
        let back: Back = serde_urlencoded::from_str(query).expect("the query decodes");
        assert_eq!(
            back,
            Back {
                period: "2026-W48".into(),
                q: awkward.into()
            }
        );
    }

    #[test]
    fn a_link_without_pairs_is_the_path() {
        assert_eq!(with_query("/members", &[]), "/members");
    }
}
