//! Small pieces shared by pages: filter menus, dates, "due for a session".

use maud::{Markup, html};
use uti_core::model::{Initiative, SessionKind};
use uti_core::prose::kind_name;

/// A labelled filter `<select>` whose first option, "any", is the empty value.
pub fn select<'a>(
    id: &str,
    label: &str,
    any: &str,
    options: impl IntoIterator<Item = (&'a str, &'a str)>,
    selected: &str,
) -> Markup {
    html! {
        div {
            label for=(id) { (label) }
            select id=(id) name=(id) {
                option value="" { (any) }
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    }
}

/// The session kinds as (value, name) options.
pub fn kind_options(lang: uti_core::Lang) -> impl Iterator<Item = (&'static str, &'static str)> {
    SessionKind::ALL
        .iter()
        .map(move |k| (k.as_str(), kind_name(*k, lang)))
}

/// Plain strings as options whose value is their text.
pub fn text_options<'a>(
    items: impl IntoIterator<Item = &'a String>,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    items.into_iter().map(|s| (s.as_str(), s.as_str()))
}

/// The date of an initiative's latest session, if any.
pub fn last_session(initiative: &Initiative) -> Option<uti_core::values::IsoDate> {
    initiative.sessions().iter().map(|s| s.date).max()
}

/// Today's date (UTC).
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Whether an initiative is due for its next session: none yet, or none in
/// the last 12 months.
pub fn due(initiative: &Initiative, today: time::Date) -> bool {
    match last_session(initiative) {
        None => true,
        Some(date) => (today - date.date()).whole_days() > 365,
    }
}

/// Links to the previous and next page of a list paged with `?pagina=N`
/// (from 1), with where the reader is; nothing when there is one page.
pub fn pager(path: &str, page: usize, pages: usize, lang: uti_core::Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    html! {
        @if pages > 1 {
            nav.pages aria-label=(t("Pagina's", "Pages")) {
                (t("Pagina", "Page")) " " (page) " " (t("van", "of")) " " (pages) ": "
                @if page > 1 { a href={ (path) "?pagina=" (page - 1) } { (t("vorige", "previous")) } " " }
                @if page < pages { a href={ (path) "?pagina=" (page + 1) } { (t("volgende", "next")) } }
            }
        }
    }
}
