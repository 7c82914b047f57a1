//! The page language: Dutch unless the user chose English (a cookie set
//! by the language switch), or the request asks with `?lang=en`.

use axum::extract::FromRequestParts;
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
        let query = parts.uri.query().unwrap_or("");
        if query.split('&').any(|p| p == "lang=en") {
            return Ok(PageLang(Lang::En));
        }
        if query.split('&').any(|p| p == "lang=nl") {
            return Ok(PageLang(Lang::Nl));
        }
        let jar = CookieJar::from_headers(&parts.headers);
        Ok(PageLang(match jar.get(LANG_COOKIE).map(|c| c.value()) {
            Some("en") => Lang::En,
            _ => Lang::Nl,
        }))
    }
}

/// The `lang` attribute value.
pub fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "nl",
        Lang::En => "en",
    }
}
