//! The message catalogue: every string shown to people, in zh-CN and en.
//!
//! Catalogues are flat JSON objects embedded in the binary (`locales/*.json`). A key missing
//! from a catalogue shows as the key itself and is logged; a test keeps the two catalogues
//! holding the same keys and every key used in code and templates present.

pub mod negotiate;

pub use negotiate::negotiate;

use domain::Locale;
use std::collections::HashMap;
use std::sync::LazyLock;

type Catalog = HashMap<String, String>;

fn load(name: &str, json: &str) -> Catalog {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("catalogue {name} is not valid JSON: {e}"))
}

static ZH_CN: LazyLock<Catalog> =
    LazyLock::new(|| load("zh-CN", include_str!("../../locales/zh-CN.json")));
static EN: LazyLock<Catalog> = LazyLock::new(|| load("en", include_str!("../../locales/en.json")));

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

    /// The message for `key` with `{name}` placeholders filled in.
    pub fn f(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut message = self.s(key).to_owned();
        for (name, value) in args {
            message = message.replace(&format!("{{{name}}}"), value);
        }
        message
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn lang(&self) -> &'static str {
        self.locale.as_str()
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for T {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts.extensions.get::<T>().copied().unwrap_or_default())
    }
}
