//! Which language a request is answered in: the account's setting, else the `zhibu_lang`
//! cookie (the switcher on the login page), else `Accept-Language`, else Simplified Chinese.

use axum::http::HeaderMap;
use axum::http::header::ACCEPT_LANGUAGE;
use axum_extra::extract::CookieJar;
use domain::Locale;

pub const LANG_COOKIE: &str = "zhibu_lang";

pub fn negotiate(account_locale: Option<Locale>, headers: &HeaderMap) -> Locale {
    account_locale
        .or_else(|| {
            CookieJar::from_headers(headers)
                .get(LANG_COOKIE)
                .and_then(|c| Locale::parse(c.value()))
        })
        .or_else(|| {
            headers
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or_default()
}
