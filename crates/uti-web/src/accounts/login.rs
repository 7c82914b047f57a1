//! Logging in (name and password), logging out, and the language switch.

use crate::kernel::AppState;
use crate::kernel::auth::{MaybeViewer, Viewer, secure_context, session_cookie};
use crate::kernel::client::ClientAddress;
use crate::kernel::error::AppError;
use crate::kernel::i18n::{LANG_COOKIE, PageLang};
use crate::kernel::layout::{self, Chrome};
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use maud::{Markup, html};
use serde::Deserialize;
use uti_core::Lang;
use uti_store::Login;

/// Where to go after logging in: a path on this site only.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
}

/// The query of the login page.
#[derive(Debug, Deserialize, Default)]
pub struct NextQuery {
    /// Where to return afterwards.
    pub next: Option<String>,
}

/// `GET /login`.
pub async fn form(
    PageLang(lang): PageLang,
    MaybeViewer(viewer): MaybeViewer,
    Query(q): Query<NextQuery>,
) -> Response {
    if viewer.is_some() {
        return Redirect::to(&safe_next(q.next.as_deref())).into_response();
    }
    login_page(lang, &safe_next(q.next.as_deref()), "", None).into_response()
}

fn login_page(lang: Lang, next: &str, name: &str, problem: Option<String>) -> Markup {
    let chrome = Chrome {
        lang,
        viewer: None,
        path: "/login".into(),
    };
    let t = |nl, en| lang.pick(nl, en);
    let body = html! {
        h1 { (t("Inloggen", "Log in")) }
        @if let Some(p) = &problem {
            p.error id="loginfout" role="alert" { (p) }
        }
        form method="post" action="/login" {
            input type="hidden" name="next" value=(next);
            div.field {
                label for="name" { (t("Gebruikersnaam", "User name")) }
                input id="name" name="name" type="text" autocomplete="username" required value=(name)
                    aria-describedby=[problem.as_ref().map(|_| "loginfout")];
            }
            div.field {
                label for="password" { (t("Wachtwoord", "Password")) }
                input id="password" name="password" type="password" autocomplete="current-password" required
                    aria-describedby=[problem.as_ref().map(|_| "loginfout")];
            }
            button type="submit" { (t("Inloggen", "Log in")) }
        }
        p.muted { (t("Geen account? Vraag het de beheerder van uti in uw netwerk.", "No account? Ask the administrator of uti in your network.")) }
        p { a href="/openbaar" { (t("Gepubliceerde portretten en rapporten lezen zonder in te loggen", "Read the published portraits and reports without logging in")) } }
    };
    layout::page(&chrome, t("Inloggen", "Log in"), body)
}

/// The login form's fields.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    /// User name.
    #[serde(default)]
    pub name: String,
    /// Password.
    #[serde(default)]
    pub password: String,
    /// Where to go afterwards.
    pub next: Option<String>,
}

/// `POST /login`. Known and unknown names get the same answers: 401 for a
/// wrong name or password, 429 with the seconds to wait while the login
/// throttle holds this client back (see `uti_store::throttle`).
pub async fn submit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    ClientAddress(client): ClientAddress,
    headers: HeaderMap,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = safe_next(form.next.as_deref());
    // A login posted from another site's page never gets here: the
    // `same_origin_changes` layer refuses every such change.
    match state
        .store
        .login(form.name.trim(), &form.password, &client)
        .await
    {
        Ok(Login::Ok { session, .. }) => {
            let secure = state.settings.https() || secure_context(&headers);
            let jar = jar.add(session_cookie(session, secure));
            (jar, Redirect::to(&next)).into_response()
        }
        Ok(Login::Refused) => (
            StatusCode::UNAUTHORIZED,
            login_page(
                lang,
                &next,
                &form.name,
                Some(
                    lang.pick(
                        "Onbekende gebruikersnaam of onjuist wachtwoord.",
                        "Unknown user name or wrong password.",
                    )
                    .into(),
                ),
            ),
        )
            .into_response(),
        Ok(Login::Throttled(wait)) => {
            // Whole seconds, rounded up: never "0 seconds".
            let seconds = wait.as_millis().div_ceil(1000).max(1);
            (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, HeaderValue::from(seconds as u64))],
                login_page(lang, &next, &form.name, Some(wait_message(lang, seconds))),
            )
                .into_response()
        }
        Err(e) => AppError::Store(e).page(&Chrome::anonymous(lang)),
    }
}

/// "Too many attempts", with the seconds to wait.
fn wait_message(lang: Lang, seconds: u128) -> String {
    match (lang, seconds) {
        (Lang::Nl, 1) => "Te veel pogingen; probeer het over 1 seconde opnieuw.".to_owned(),
        (Lang::Nl, n) => format!("Te veel pogingen; probeer het over {n} seconden opnieuw."),
        (Lang::En, 1) => "Too many attempts; try again in 1 second.".to_owned(),
        (Lang::En, n) => format!("Too many attempts; try again in {n} seconds."),
    }
}

/// The log-out form.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    /// The session's CSRF token.
    pub csrf: Option<String>,
}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    jar: CookieJar,
    Form(form): Form<CsrfForm>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/");
    if let Err(e) = viewer.check_csrf(form.csrf.as_deref()) {
        return AppError::from(e).page(&chrome);
    }
    if let Some(cookie) = jar.get(crate::kernel::auth::SESSION_COOKIE) {
        state.logins.forget_session(cookie.value());
        if let Err(e) = state.store.logout(cookie.value()).await {
            return AppError::Store(e).page(&chrome);
        }
    }
    let jar = jar.remove(Cookie::build(crate::kernel::auth::SESSION_COOKIE).path("/"));
    (jar, Redirect::to("/login")).into_response()
}

/// The language switch's query.
#[derive(Debug, Deserialize)]
pub struct LangQuery {
    /// `nl` or `en`.
    pub lang: Option<String>,
    /// Where to go back to.
    pub next: Option<String>,
}

/// `GET /taal?lang=en&next=/path`: remembers the language in a cookie.
pub async fn switch(jar: CookieJar, Query(q): Query<LangQuery>) -> Response {
    let lang = if q.lang.as_deref() == Some("en") {
        "en"
    } else {
        "nl"
    };
    let mut cookie = Cookie::new(LANG_COOKIE, lang);
    cookie.set_path("/");
    cookie.set_same_site(SameSite::Lax);
    cookie.set_max_age(time::Duration::days(365));
    (jar.add(cookie), Redirect::to(&safe_next(q.next.as_deref()))).into_response()
}
