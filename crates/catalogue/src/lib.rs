//! The message catalogue: every string shown to people, in zh-CN and en.
//!
//! Each language is a set of flat JSON files embedded in the binary, one per area of the
//! product (`locales/<lang>/<area>.json`), merged at first use; a key defined twice panics. A
//! key missing from a catalogue shows as the key itself and is logged; tests keep the languages
//! holding the same keys and every key used in code and templates present.

use domain::Locale;
use std::collections::HashMap;
use std::sync::LazyLock;

type Catalog = HashMap<String, String>;

/// The catalogue files of a language, by area. Add an area here in both languages.
macro_rules! catalogue_files {
    ($lang:literal: $($area:literal),+ $(,)?) => {
        &[$(($area, include_str!(concat!("../locales/", $lang, "/", $area, ".json")))),+]
    };
}

const ZH_CN_FILES: &[(&str, &str)] = catalogue_files!("zh-CN": "core", "notices", "notice_api", "roster", "audit", "accounts", "ledger", "official", "tasks", "task_pages", "org_picker", "messages", "activities", "activity_pages", "activity_views", "activity_api", "campaigns", "campaign_pages", "campaign_study", "campaign_report", "campaign_dashboard");
const EN_FILES: &[(&str, &str)] = catalogue_files!("en": "core", "notices", "notice_api", "roster", "audit", "accounts", "ledger", "official", "tasks", "task_pages", "org_picker", "messages", "activities", "activity_pages", "activity_views", "activity_api", "campaigns", "campaign_pages", "campaign_study", "campaign_report", "campaign_dashboard");

fn load(lang: &str, files: &[(&str, &str)]) -> Catalog {
    let mut catalog = Catalog::new();
    for (area, json) in files {
        let part: Catalog = serde_json::from_str(json)
            .unwrap_or_else(|e| panic!("catalogue {lang}/{area}.json is not valid JSON: {e}"));
        for (key, message) in part {
            if catalog.insert(key.clone(), message).is_some() {
                panic!("catalogue {lang}: key {key} is defined twice");
            }
        }
    }
    catalog
}

static ZH_CN: LazyLock<Catalog> = LazyLock::new(|| load("zh-CN", ZH_CN_FILES));
static EN: LazyLock<Catalog> = LazyLock::new(|| load("en", EN_FILES));

fn catalog(locale: Locale) -> &'static Catalog {
    match locale {
        Locale::ZhCn => &ZH_CN,
        Locale::En => &EN,
    }
}

/// Every key of a catalogue, for tests.
pub fn catalog_keys(locale: Locale) -> Vec<&'static str> {
    let mut keys: Vec<&str> = catalog(locale).keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

/// A translator for one language; templates call `t.s("key")`.
#[derive(Debug, Clone, Copy, Default)]
pub struct T {
    pub locale: Locale,
}

impl T {
    pub fn new(locale: Locale) -> T {
        T { locale }
    }

    /// The message for `key`.
    pub fn s<'a>(&self, key: &'a str) -> &'a str
    where
        'static: 'a,
    {
        match catalog(self.locale).get(key) {
            Some(message) => message.as_str(),
            None => {
                tracing::warn!(key, locale = self.locale.as_str(), "missing message");
                key
            }
        }
    }

    /// The message for `key` if the catalogue has one: for keys made from data (an audit
    /// event's action code), where a missing key is expected and falls back to the data.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        catalog(self.locale).get(key).map(String::as_str)
    }

    /// The message for `key` with `{name}` placeholders filled in.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut message = self.s(key).to_owned();
        for (name, value) in args {
            message = message.replace(&format!("{{{name}}}"), value);
        }
        message
    }

    /// A rule's refusal, in this language, with its values filled in.
    pub fn problem(&self, problem: &impl domain::Problem) -> String {
        let args = problem.args();
        let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_str())).collect();
        self.f(problem.message_key(), &args)
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.locale.as_str()
    }
}

/// Handlers take the request's language as an argument; the language middleware put it there.
#[cfg(feature = "axum")]
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for T {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<T>().copied().unwrap_or_default())
    }
}
