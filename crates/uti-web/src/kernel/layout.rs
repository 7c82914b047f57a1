//! The frame of every page: language, skip link, navigation, the user's
//! name with log-out, and the language switch.

use super::i18n::code;
use super::viewer::Viewer;
use maud::{DOCTYPE, Markup, html};
use uti_core::Lang;

/// What the frame of a page needs to know.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The page language.
    pub lang: Lang,
    /// The logged-in user, if any.
    pub viewer: Option<Viewer>,
    /// The current path, to mark the navigation and return after a switch.
    pub path: String,
}

impl Chrome {
    /// The frame for someone not logged in.
    pub fn anonymous(lang: Lang) -> Chrome {
        Chrome {
            lang,
            viewer: None,
            path: "/".into(),
        }
    }

    /// The frame for a logged-in user at `path`.
    pub fn new(lang: Lang, viewer: &Viewer, path: &str) -> Chrome {
        Chrome {
            lang,
            viewer: Some(viewer.clone()),
            path: path.to_owned(),
        }
    }

    /// The CSRF token to put in forms.
    pub fn csrf(&self) -> &str {
        self.viewer
            .as_ref()
            .and_then(|v| v.csrf.as_deref())
            .unwrap_or("")
    }

    /// Dutch or English.
    pub fn t<'a>(&self, nl: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(nl, en)
    }
}

/// A hidden CSRF field for a form.
pub fn csrf_field(chrome: &Chrome) -> Markup {
    html! { input type="hidden" name="csrf" value=(chrome.csrf()); }
}

/// A whole page.
pub fn page(chrome: &Chrome, title: &str, body: impl maud::Render) -> Markup {
    let t = |nl, en| chrome.t(nl, en);
    let reader = chrome
        .viewer
        .as_ref()
        .is_some_and(|v| v.user.role == uti_store::Role::Reader);
    let nav = [
        ("/", t("Overzicht", "Overview")),
        ("/analyse", t("Analyse", "Analysis")),
        ("/landschap", t("Landschap", "Landscape")),
        ("/rapport", t("Rapportage", "Reports")),
        (
            "/themas",
            t("Thema's en uitdagingen", "Themes and challenges"),
        ),
        ("/gegevens", t("Import en export", "Import and export")),
        ("/checks", t("Factcheck", "Fact check")),
        ("/openbaar", t("Openbaar", "Public")),
        ("/api/docs", t("API", "API")),
    ];
    let other = match chrome.lang {
        Lang::Nl => ("en", "English"),
        Lang::En => ("nl", "Nederlands"),
    };
    html! {
        (DOCTYPE)
        html lang=(code(chrome.lang)) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " – uti" }
                link rel="stylesheet" href=(super::assets::STYLESHEET.href());
                link rel="icon" type="image/svg+xml" href=(super::assets::FAVICON.href());
                script src=(super::assets::SCRIPT.href()) defer {}
            }
            body {
                a.skip href="#inhoud" { (t("Naar de inhoud", "Skip to content")) }
                header.site {
                    a.brand href="/" { "uti" }
                    @if chrome.viewer.is_some() {
                        nav aria-label=(t("Hoofdmenu", "Main menu")) {
                            ul {
                                @for (href, label) in nav.into_iter().filter(|(h, _)| !(reader && *h == "/checks")) {
                                    li {
                                        @if chrome.path == href {
                                            a href=(href) aria-current="page" { (label) }
                                        } @else {
                                            a href=(href) { (label) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if chrome.viewer.is_some() {
                        form.search role="search" aria-label=(t("Zoeken in alles", "Search everything")) method="get" action="/zoeken" {
                            label.sr-only for="zoek" { (t("Zoeken in alles", "Search everything")) }
                            input id="zoek" type="search" name="q" placeholder=(t("Zoeken…", "Search…"));
                            " "
                            button type="submit" { (t("Zoek", "Search")) }
                        }
                    }
                    div.account {
                        form method="get" action="/taal" {
                            input type="hidden" name="next" value=(chrome.path);
                            button type="submit" name="lang" value=(other.0) lang=(other.0) { (other.1) }
                        }
                        @if let Some(viewer) = &chrome.viewer {
                            span { (viewer.user.name) " (" (viewer.user.role.label(chrome.lang)) ")" }
                            form method="post" action="/logout" {
                                (csrf_field(chrome))
                                button type="submit" { (t("Uitloggen", "Log out")) }
                            }
                        }
                    }
                }
                main id="inhoud" tabindex="-1" {
                    (body)
                }
            }
        }
    }
}

/// A whole page around a body that is shared between requests (rendered
/// once per revision): the body is sent from the shared copy, not copied
/// into each answer, so that many readers of a large page cost little memory.
pub fn page_around(
    chrome: &Chrome,
    title: &str,
    body: std::sync::Arc<String>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    const MARK: &str = "\u{0}uti-body\u{0}";
    let frame = page(chrome, title, maud::PreEscaped(MARK)).into_string();
    let (head, tail) = frame.split_once(MARK).expect("the mark is in the frame");
    let parts = [
        bytes::Bytes::copy_from_slice(head.as_bytes()),
        super::snapshot::Snapshot::bytes(body),
        bytes::Bytes::copy_from_slice(tail.as_bytes()),
    ];
    let stream = futures_util::stream::iter(parts.map(Ok::<_, std::convert::Infallible>));
    (
        [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
        axum::body::Body::from_stream(stream),
    )
        .into_response()
}
