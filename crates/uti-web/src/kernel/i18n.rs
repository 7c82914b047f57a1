//! The page language: Dutch unless the user chose English (a cookie set
//! by the language switch), or the request asks with `?lang=en`.

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use std::convert::Infallible;
use uti_core::Lang;

/// Name of the cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "uti_taal";

/// The language of this request.
#[derive(Debug, Clone, Copy)]
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PageLang(lang_of(parts.uri.query(), &parts.headers)))
    }
}

/// The language asked for by `?lang=`, else by the cookie, else Dutch.
pub fn lang_of(query: Option<&str>, headers: &HeaderMap) -> Lang {
    let query = query.unwrap_or("");
    if query.split('&').any(|p| p == "lang=en") {
        return Lang::En;
    }
    if query.split('&').any(|p| p == "lang=nl") {
        return Lang::Nl;
    }
    match CookieJar::from_headers(headers)
        .get(LANG_COOKIE)
        .map(|c| c.value())
    {
        Some("en") => Lang::En,
        _ => Lang::Nl,
    }
}

/// The `lang` attribute value.
pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    }
}
