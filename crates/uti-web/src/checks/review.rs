//! One portrait in a round (`/checks/portret/{check}` for the logged-in,
//! `/controle/{token}` for a personal link): the portrait as it will be
//! published, section by section, with what was said beside each section,
//! and the forms of whoever reads it. The contact comments, suggests a
//! text and answers; the researcher replies, accepts or rejects
//! suggestions, puts a new version to the contact, makes or revokes
//! personal links, confirms an earlier approval and publishes.
//!
//! Every form posts to `{base}/{action}` and comes back to the section it
//! was about. Text from contacts is always escaped; comments are Markdown,
//! read by the same safe reader as the report's texts.
#![allow(clippy::result_large_err)]

use super::sections::{self, Section, Target};
use super::{Access, access, date_words, may_use, when};
use crate::kernel::AppState;
use crate::kernel::auth::{MaybeViewer, Viewer};
use crate::kernel::error::AppError;
use crate::kernel::form::Fields;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use std::collections::HashMap;
use uti_core::Lang;
use uti_core::report::{self, Options, Report};
use uti_core::values::IsoDate;
use uti_store::checks::{
    Check, NewNote, Note, NoteKind, Refused, Side, Status, SuggestionState, Verdict,
};
use uti_store::history::{Actor, Via};
use uti_store::publications::{self, Approval, Subject};

/// Longest comment, suggestion or remark: 20,000 characters.
pub const MAX_TEXT: usize = 20_000;

/// The query of the page: a notice after an action.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// What was just done (or went wrong), as a code.
    pub melding: Option<String>,
}

/// The notice of an action's code: whether it went well, and what to say.
pub fn notice_of(code: &str, lang: Lang) -> (bool, &'static str) {
    notice(code, lang).unwrap_or((false, lang.pick("Dat ging niet.", "That did not work.")))
}

fn notice(code: &str, lang: Lang) -> Option<(bool, &'static str)> {
    let t = |nl, en| lang.pick(nl, en);
    Some(match code {
        "opmerking" => (
            true,
            t(
                "Uw opmerking is opgeslagen.",
                "Your comment has been saved.",
            ),
        ),
        "voorstel" => (
            true,
            t(
                "Uw voorstel is opgeslagen. De onderzoeker beslist of het wordt overgenomen.",
                "Your suggestion has been saved. The researcher decides whether to take it over.",
            ),
        ),
        "antwoord" => (
            true,
            t(
                "Uw antwoord is opgeslagen. U kunt het wijzigen zolang de onderzoeker er nog niet mee aan de slag is.",
                "Your answer has been saved. You can change it until the researcher starts working on it.",
            ),
        ),
        "reactie" => (
            true,
            t("Uw antwoord is geplaatst.", "Your reply has been posted."),
        ),
        "overgenomen" => (
            true,
            t(
                "Het voorstel is overgenomen in de gegevens.",
                "The suggestion has been taken over into the data.",
            ),
        ),
        "afgewezen" => (
            true,
            t(
                "Het voorstel is afgewezen; de reden staat erbij.",
                "The suggestion has been rejected; the reason is shown with it.",
            ),
        ),
        "opnieuw" => (
            true,
            t(
                "De nieuwe versie is aan het initiatief voorgelegd.",
                "The new version has been put to the initiative.",
            ),
        ),
        "bevestigd" => (
            true,
            t(
                "U hebt bevestigd dat het akkoord ook voor de huidige versie geldt.",
                "You have confirmed that the approval holds for the current version.",
            ),
        ),
        "ingetrokken" => (
            true,
            t(
                "De persoonlijke links zijn ingetrokken; ze werken niet meer.",
                "The personal links have been revoked; they no longer work.",
            ),
        ),
        "gepubliceerd" => (
            true,
            t(
                "Het portret is gepubliceerd.",
                "The portrait has been published.",
            ),
        ),
        "teruggetrokken" => (
            true,
            t(
                "De publicatie is teruggetrokken.",
                "The publication has been withdrawn.",
            ),
        ),
        "leeg" => (
            false,
            t("Vul eerst een tekst in.", "Please write something first."),
        ),
        "te-lang" => (
            false,
            t(
                "De tekst is te lang (meer dan 20.000 tekens).",
                "The text is too long (over 20,000 characters).",
            ),
        ),
        "gelijk" => (
            false,
            t(
                "Het voorstel is gelijk aan de huidige tekst; pas de tekst aan.",
                "The suggestion is the same as the current text; change the text.",
            ),
        ),
        "kies-antwoord" => (
            false,
            t(
                "Kies een antwoord: akkoord, akkoord met wijzigingen of wijzigingen nodig.",
                "Choose an answer: approved, approved with changes or changes needed.",
            ),
        ),
        "vast" => (
            false,
            t(
                "De onderzoeker is al met uw reactie aan de slag; uw antwoord staat vast tot er een nieuwe versie komt.",
                "The researcher is already working on your response; your answer stands until a new version comes.",
            ),
        ),
        "besloten" => (
            false,
            t(
                "Over dit voorstel is al besloten.",
                "This suggestion has already been decided.",
            ),
        ),
        "reden" => (
            false,
            t(
                "Geef een reden: het initiatief heeft deze versie niet goedgekeurd.",
                "Give a reason: the initiative has not approved this version.",
            ),
        ),
        "verouderd" => (
            false,
            t(
                "Iemand anders heeft dit portret intussen bijgewerkt. Bekijk de stand hieronder en probeer het opnieuw.",
                "Someone else updated this portrait in the meantime. Look at the state below and try again.",
            ),
        ),
        "tekst-gewijzigd" => (
            false,
            t(
                "De tekst is gewijzigd sinds het voorstel werd gedaan; het voorstel is niet overgenomen. Neem het zo nodig met de hand over in de sessie.",
                "The text has changed since the suggestion was made; it has not been taken over. Take it over by hand in the session if needed.",
            ),
        ),
        "ongeldig" => (
            false,
            t(
                "Het voorstel past niet in de gegevens (bijvoorbeeld een lege context); het is niet overgenomen.",
                "The suggestion does not fit the data (an empty context, say); it has not been taken over.",
            ),
        ),
        _ => return None,
    })
}

/// `GET /checks/portret/{check}`: for researchers and the initiative's contacts.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let base = format!("/checks/portret/{id}");
    let chrome = Chrome::new(lang, &viewer, &base);
    let result = async {
        may_use(&viewer)?;
        let check = load(&state, &id).await?;
        let who = access(&viewer, &check)?;
        render(&state, &chrome, &who, &check, &base, q.melding.as_deref()).await
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// `GET /controle/{token}`: the check a personal link opens, for anyone
/// who has the link; any other token gets [`refused_link`].
pub async fn link_page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(token): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let base = format!("/controle/{token}");
    let mut chrome = Chrome::anonymous(lang);
    chrome.path = base.clone();
    let result = async {
        let Some(check) = state.store.check_by_link(&token).await? else {
            return Ok(refused_link(&chrome));
        };
        render(
            &state,
            &chrome,
            &Access::Link(token.clone()),
            &check,
            &base,
            q.melding.as_deref(),
        )
        .await
        .map(IntoResponse::into_response)
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// The one answer for a personal link that does not work: expired,
/// revoked or never made. Says nothing about which.
pub fn refused_link(chrome: &Chrome) -> Response {
    // The same page whatever the token: not even the address differs.
    let chrome = &Chrome::anonymous(chrome.lang);
    let t = |nl, en| chrome.t(nl, en);
    (
        StatusCode::NOT_FOUND,
        layout::page(
            chrome,
            t("Deze link werkt niet", "This link does not work"),
            html! {
                h1 { (t("Deze link werkt niet", "This link does not work")) }
                p { (t("De link is verlopen, ingetrokken of niet juist overgenomen. Vraag de onderzoeker die u het portret voorlegde om een nieuwe link.", "The link has expired, has been revoked or was not copied correctly. Ask the researcher who sent you the portrait for a new link.")) }
            },
        ),
    )
        .into_response()
}

async fn load(state: &AppState, id: &str) -> Result<Check, AppError> {
    let n: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    state.store.check(n).await?.ok_or(AppError::NotFound)
}

/// The portrait as the contact reads it: from the data as sent, dated the
/// day it was sent.
pub fn sent_portrait(check: &Check, lang: Lang) -> Result<Report, AppError> {
    let data = publications::read_data(&check.data)?;
    let date = day_of(check.sent_at);
    report::portrait(&data, &check.initiative_id, &Options::new(lang, date))
        .ok_or(AppError::NotFound)
}

/// The day (UTC) of a time in seconds since 1970.
pub fn day_of(at: i64) -> IsoDate {
    let d = time::OffsetDateTime::from_unix_timestamp(at)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        .date();
    IsoDate::from_ymd(d.year(), u8::from(d.month()), d.day()).expect("a real date")
}

/// Markdown from a contact or researcher, read safely (no HTML, only
/// http(s) and mailto links) and rendered like the report's texts.
pub fn markdown(text: &str, report: &Report) -> Markup {
    let blocks: Vec<_> = uti_core::report::written::parse(text)
        .into_iter()
        .map(|b| match b {
            // Headings inside a comment would break the page's outline.
            uti_core::report::Block::Heading(h) => uti_core::report::plain(h.text),
            other => other,
        })
        .collect();
    PreEscaped(uti_core::report::html::blocks_html(report, &blocks))
}

/// A suggestion as a difference by words: removed words struck through,
/// added words marked.
pub fn difference(original: &str, proposed: &str, lang: Lang) -> Markup {
    let diff = similar::TextDiff::configure().diff_words(original, proposed);
    html! {
        p.diff {
            @for change in diff.iter_all_changes() {
                @match change.tag() {
                    similar::ChangeTag::Equal => (change.value()),
                    similar::ChangeTag::Delete => del title=(lang.pick("weg", "removed")) { (change.value()) },
                    similar::ChangeTag::Insert => ins title=(lang.pick("nieuw", "added")) { (change.value()) },
                }
            }
        }
    }
}

fn status_line(check: &Check, lang: Lang) -> Markup {
    html! {
        span.badge.status { (check.status.label(lang)) }
    }
}

/// The current data of the portrait, and what its approval is.
async fn live(state: &AppState, check: &Check) -> Result<(Option<String>, Approval), AppError> {
    let snapshot = state.snapshot.get(&state.store).await?;
    let live = super::current_data(snapshot.dataset_with_drafts(), &check.initiative_id);
    let fp = live.as_ref().map(|(_, f)| f.clone());
    let approval = publications::approval(Some(check), fp.as_deref().unwrap_or(""));
    Ok((fp, approval))
}

async fn render(
    state: &AppState,
    chrome: &Chrome,
    who: &Access,
    check: &Check,
    base: &str,
    melding: Option<&str>,
) -> Result<Response, AppError> {
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    let round = state
        .store
        .round(check.round_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let report = sent_portrait(check, lang)?;
    let data = publications::read_data(&check.data)?;
    let initiative = data
        .initiatives()
        .first()
        .cloned()
        .ok_or(AppError::NotFound)?;
    let targets = sections::targets(&initiative, lang);
    let notes = state.store.notes(check.id).await?;
    let mut by_section: HashMap<&str, Vec<&Note>> = HashMap::new();
    for n in &notes {
        by_section.entry(n.section.as_str()).or_default().push(n);
    }
    let staff = who.is_staff();
    let (live_fp, approval) = if staff {
        live(state, check).await?
    } else {
        (None, Approval::NotSent)
    };
    let published = if staff {
        state.store.published_portrait(&check.initiative_id).await?
    } else {
        None
    };
    let events = if staff {
        state.store.check_events(check.id).await?
    } else {
        Vec::new()
    };
    let links = if staff {
        state.store.links(check.id).await?
    } else {
        Vec::new()
    };
    let can_answer = !staff && check.handled_at.is_none() && check.status != Status::Gepubliceerd;
    let title = match lang {
        Lang::Nl => format!("Portret ter controle: {}", report.title),
        Lang::En => format!("Portrait for checking: {}", report.title),
    };
    let note = melding.and_then(|m| notice(m, lang));
    let csrf = html! { (layout::csrf_field(chrome)) };
    let body = html! {
        @if staff {
            p.crumbs { a href={ "/checks/ronde/" (round.id) } { "← " (round.title) } }
        } @else if matches!(who, Access::Contact(_)) {
            p.crumbs { a href="/checks" { "← " (t("Mijn portretten ter controle", "My portraits for checking")) } }
        }
        h1 { (title) }
        @if let Some((good, text)) = note {
            @if good { p.notice role="status" { (text) } }
            @else { div.error-summary role="alert" tabindex="-1" id="melding" { p { (text) } } }
        }
        dl.meta {
            dt { (t("Status", "Status")) } dd { (status_line(check, lang)) }
            dt { (t("Reageren kan tot en met", "Respond by")) } dd { (date_words(&round.closes_on, lang)) }
            dt { (t("Voorgelegd", "Sent")) } dd {
                (when(check.sent_at, lang))
                @if check.sent_count > 1 { " (" (t("versie", "version")) " " (check.sent_count) ")" }
            }
            @if let Some(v) = check.verdict {
                dt { (t("Antwoord", "Answer")) }
                dd { (v.label(lang)) @if let Some(at) = check.verdict_at { " (" (when(at, lang)) ")" } }
            }
        }
        @if !round.message.trim().is_empty() {
            section.round-message aria-labelledby="bericht" {
                h2 id="bericht" { (t("Bericht van de onderzoekers", "Message from the researchers")) }
                (markdown(&round.message, &report))
            }
        }
        @if !staff {
            p { (t("Hieronder staat het portret precies zoals het gepubliceerd wordt. Klopt er iets niet? Plaats bij het onderdeel een opmerking of stel een andere tekst voor. Sluit af met uw antwoord onderaan de pagina.", "Below is the portrait exactly as it will be published. Is something not right? Leave a comment on the part, or suggest another text. Finish with your answer at the bottom of the page.")) }
        }
        @if staff {
            (staff_panel(chrome, check, base, &approval, live_fp.as_deref(), published.as_ref(), &links, state.settings.mail.is_some()))
        }
        article.portrait-check {
            p.label { (report.label.clone().unwrap_or_default()) }
            @for section in sections::sections(&report) {
                (section_view(chrome, who, check, base, &report, &section, &targets, by_section.get(section.id.as_str()).map(Vec::as_slice).unwrap_or(&[]), can_answer, &csrf))
            }
        }
        @if !staff {
            (verdict_form(chrome, check, base, can_answer, &csrf))
        }
        @if staff && !events.is_empty() {
            section aria-labelledby="verloop" {
                h2 id="verloop" { (t("Verloop", "History")) }
                ol.timeline {
                    @for e in &events {
                        li { (when(e.at, lang)) ": " (event_words(&e.what, lang)) " — " (e.actor) " (" (e.status.label(lang)) ")" }
                    }
                }
            }
        }
    };
    Ok(layout::page(chrome, &title, body).into_response())
}

fn event_words(what: &str, lang: Lang) -> &'static str {
    let t = |nl, en| lang.pick(nl, en);
    match what {
        "sent" => t("voorgelegd", "sent"),
        "resent" => t("nieuwe versie voorgelegd", "new version sent"),
        "note" => t("reactie geplaatst", "response posted"),
        "verdict" => t("antwoord gegeven", "answer given"),
        "accepted" => t("voorstel overgenomen", "suggestion accepted"),
        "rejected" => t("voorstel afgewezen", "suggestion rejected"),
        "reply" => t("beantwoord", "replied"),
        "confirmed" => t(
            "akkoord bevestigd voor de huidige versie",
            "approval confirmed for the current version",
        ),
        "reminded" => t("herinnering gestuurd", "reminder sent"),
        "published" => t("gepubliceerd", "published"),
        "withdrawn" => t("publicatie teruggetrokken", "publication withdrawn"),
        "link" => t("persoonlijke link gemaakt", "personal link made"),
        "mailed" => t("link verstuurd per e-mail", "link sent by e-mail"),
        "revoked" => t("persoonlijke links ingetrokken", "personal links revoked"),
        _ => t("gewijzigd", "changed"),
    }
}

#[allow(clippy::too_many_arguments)]
fn section_view(
    chrome: &Chrome,
    who: &Access,
    check: &Check,
    base: &str,
    report: &Report,
    section: &Section<'_>,
    targets: &[Target],
    notes: &[&Note],
    can_answer: bool,
    csrf: &Markup,
) -> Markup {
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    let mine: Vec<&Target> = targets.iter().filter(|x| x.section == section.id).collect();
    let comments: Vec<&&Note> = notes
        .iter()
        .filter(|n| n.kind == NoteKind::Comment)
        .collect();
    let suggestions: Vec<&&Note> = notes
        .iter()
        .filter(|n| n.kind == NoteKind::Suggestion)
        .collect();
    let replies = |id: i64| notes.iter().filter(move |n| n.parent_id == Some(id));
    let anchor = format!("sec-{}", section.id);
    let name = if section.title.is_empty() {
        t("Inleiding", "Introduction").to_owned()
    } else {
        section.title.clone()
    };
    let contact = !who.is_staff();
    html! {
        section.check-section id=(anchor) {
            div.portrait-text {
                (PreEscaped(uti_core::report::html::blocks_html(report, section.blocks)))
            }
            aside.responses aria-label={ (t("Reacties bij", "Responses on")) " " (name) } {
                @for c in &comments {
                    div.note {
                        p.who { strong { (c.author) } " · " (when(c.created_at, lang))
                            @if c.fingerprint != check.fingerprint { " · " span.badge { (t("bij een eerdere versie", "on an earlier version")) } } }
                        (markdown(&c.body, report))
                        @for r in replies(c.id) {
                            div.note.reply {
                                p.who { strong { (r.author) } @if r.side == Side::Researcher { " (" (t("onderzoeker", "researcher")) ")" } " · " (when(r.created_at, lang)) }
                                (markdown(&r.body, report))
                            }
                        }
                        @if who.is_staff() {
                            form method="post" action={ (base) "/reactie" } {
                                (csrf)
                                input type="hidden" name="parent" value=(c.id);
                                input type="hidden" name="section" value=(section.id);
                                label for={ "antwoord-" (c.id) } { (t("Antwoord", "Reply")) }
                                textarea id={ "antwoord-" (c.id) } name="body" rows="2" maxlength=(MAX_TEXT) {}
                                button.secondary type="submit" { (t("Antwoord plaatsen", "Post reply")) }
                            }
                        }
                    }
                }
                @for s in &suggestions {
                    div.note.suggestion {
                        p.who { strong { (s.author) } " " (t("stelt voor", "suggests")) " · " (when(s.created_at, lang))
                            @if s.fingerprint != check.fingerprint { " · " span.badge { (t("bij een eerdere versie", "on an earlier version")) } } }
                        @if let Some(label) = s.target.as_deref().and_then(|p| targets.iter().find(|x| x.path == p)).map(|x| x.label.clone()) {
                            p.small { (label) }
                        }
                        (difference(s.original.as_deref().unwrap_or(""), s.proposed.as_deref().unwrap_or(""), lang))
                        @if !s.body.trim().is_empty() { (markdown(&s.body, report)) }
                        @match s.state {
                            Some(SuggestionState::Accepted) => p { span.badge { (t("overgenomen", "accepted")) } @if let Some(b) = &s.decided_by { " " (t("door", "by")) " " (b) } },
                            Some(SuggestionState::Rejected) => p { span.badge { (t("afgewezen", "rejected")) } @if let Some(r) = &s.reason { ": " (r) } },
                            _ => {
                                @if who.is_staff() {
                                    div.actions {
                                        form method="post" action={ (base) "/overnemen" } {
                                            (csrf)
                                            input type="hidden" name="note" value=(s.id);
                                            button type="submit" { (t("Overnemen", "Accept")) }
                                        }
                                        form method="post" action={ (base) "/afwijzen" } {
                                            (csrf)
                                            input type="hidden" name="note" value=(s.id);
                                            label for={ "reden-" (s.id) } { (t("Reden van afwijzen", "Reason for rejecting")) }
                                            input id={ "reden-" (s.id) } name="reason" type="text" required maxlength="2000";
                                            button.secondary type="submit" { (t("Afwijzen", "Reject")) }
                                        }
                                    }
                                } @else {
                                    p { span.badge { (t("nog niet besloten", "not decided yet")) } }
                                }
                            }
                        }
                    }
                }
                @if contact && can_answer {
                    details {
                        summary { (t("Opmerking plaatsen", "Leave a comment")) }
                        form method="post" action={ (base) "/opmerking" } {
                            (csrf)
                            input type="hidden" name="section" value=(section.id);
                            label for={ "opm-" (section.id) } { (t("Uw opmerking bij", "Your comment on")) " " (name) }
                            textarea id={ "opm-" (section.id) } name="body" rows="3" required maxlength=(MAX_TEXT) {}
                            button type="submit" { (t("Opmerking opslaan", "Save comment")) }
                        }
                    }
                    @for target in &mine {
                        details {
                            summary { (t("Andere tekst voorstellen", "Suggest another text")) ": " (target.label) }
                            form method="post" action={ (base) "/voorstel" } {
                                (csrf)
                                input type="hidden" name="section" value=(section.id);
                                input type="hidden" name="target" value=(target.path);
                                @let field = format!("vs-{}", target.path.replace('/', "-"));
                                label for=(field) { (t("Uw tekst", "Your text")) }
                                textarea id=(field) name="proposed" rows="5" required maxlength=(MAX_TEXT) { (target.text) }
                                label for={ (field) "-toel" } { (t("Toelichting (niet verplicht)", "Explanation (optional)")) }
                                textarea id={ (field) "-toel" } name="body" rows="2" maxlength=(MAX_TEXT) {}
                                button type="submit" { (t("Voorstel opslaan", "Save suggestion")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn verdict_form(
    chrome: &Chrome,
    check: &Check,
    base: &str,
    can_answer: bool,
    csrf: &Markup,
) -> Markup {
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    html! {
        section.verdict aria-labelledby="antwoord" id="uw-antwoord" {
            h2 id="antwoord" { (t("Uw antwoord", "Your answer")) }
            @if can_answer {
                form method="post" action={ (base) "/antwoord" } {
                    (csrf)
                    fieldset {
                        legend { (t("Klopt het portret?", "Is the portrait correct?")) }
                        @for v in Verdict::ALL {
                            div {
                                input type="radio" name="verdict" id={ "v-" (v.as_str()) } value=(v.as_str()) checked[check.verdict == Some(v)];
                                label for={ "v-" (v.as_str()) } { (v.label(lang)) }
                            }
                        }
                    }
                    label for="remark" { (t("Afsluitende opmerking (niet verplicht)", "Closing remark (optional)")) }
                    textarea id="remark" name="remark" rows="3" maxlength=(MAX_TEXT) { (check.verdict_remark.clone().unwrap_or_default()) }
                    button type="submit" { (t("Antwoord versturen", "Send answer")) }
                }
            } @else {
                @if let Some(v) = check.verdict {
                    p { (t("U antwoordde:", "You answered:")) " " strong { (v.label(lang)) } }
                    @if let Some(r) = &check.verdict_remark { p { (r) } }
                }
                p { (t("De onderzoeker is met uw reactie aan de slag; uw antwoord staat vast tot er een nieuwe versie komt.", "The researcher is working on your response; your answer stands until a new version comes.")) }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn staff_panel(
    chrome: &Chrome,
    check: &Check,
    base: &str,
    approval: &Approval,
    live_fp: Option<&str>,
    published: Option<&publications::Publication>,
    links: &[uti_store::checks::Link],
    mail: bool,
) -> Markup {
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    let changed = live_fp.is_some_and(|fp| fp != check.fingerprint);
    let now = uti_store::accounts::now();
    html! {
        section.panel aria-labelledby="acties" {
            h2 id="acties" { (t("Voor de onderzoeker", "For the researcher")) }
            @if *approval == Approval::ChangedSince {
                div.conflict {
                    p { (t("Het initiatief gaf akkoord op een eerdere versie; het portret is sindsdien gewijzigd. Beslis of het akkoord nog geldt, of leg de nieuwe versie opnieuw voor.", "The initiative approved an earlier version; the portrait has changed since. Decide whether the approval still holds, or put the new version to them.")) }
                    form method="post" action={ (base) "/bevestigen" } {
                        (layout::csrf_field(chrome))
                        button.secondary type="submit" { (t("Akkoord geldt ook voor de huidige versie", "The approval holds for the current version")) }
                    }
                }
            }
            @if changed {
                p.notice { (t("De gegevens achter het portret zijn gewijzigd sinds het werd voorgelegd.", "The data behind the portrait has changed since it was sent.")) }
                form method="post" action={ (base) "/opnieuw" } {
                    (layout::csrf_field(chrome))
                    input type="hidden" name="version" value=(check.version);
                    button type="submit" { (t("Nieuwe versie voorleggen", "Put the new version to them")) }
                }
            }
            h3 { (t("Persoonlijke link", "Personal link")) }
            @if mail {
                p { (t("Voor een contactpersoon zonder account: de link opent alleen de controle van dit portret. Geef een e-mailadres en uti stuurt de link daarheen, of laat het leeg en kopieer de link en stuur hem zelf.", "For a contact without an account: the link opens only this portrait's check. Give an e-mail address and uti sends the link there, or leave it empty, copy the link and send it yourself.")) }
            } @else {
                p { (t("Voor een contactpersoon zonder account: de link opent alleen de controle van dit portret. Er is geen e-mailserver ingesteld; kopieer de link en stuur hem zelf.", "For a contact without an account: the link opens only this portrait's check. No mail server is set up; copy the link and send it yourself.")) }
            }
            @if !links.is_empty() {
                ul {
                    @for l in links {
                        li {
                            code { (l.hint) "…" } " — "
                            @if l.revoked_at.is_some() { (t("ingetrokken", "revoked")) }
                            @else if l.expires_at <= now { (t("verlopen", "expired")) }
                            @else { (t("geldig tot", "valid until")) " " (when(l.expires_at, lang)) }
                        }
                    }
                }
            }
            div.actions {
                form method="post" action={ (base) "/link" } {
                    (layout::csrf_field(chrome))
                    label for="dagen" { (t("Geldig (dagen)", "Valid (days)")) }
                    input id="dagen" name="days" type="number" min="1" max="365" value=(uti_store::checks::LINK_DAYS);
                    @if mail {
                        label for="email" { (t("E-mailadres van de contactpersoon", "E-mail address of the contact")) " " (t("(niet verplicht)", "(optional)")) }
                        p.hint id="email-uitleg" { (t("uti stuurt de link naar dit adres; het adres wordt niet bewaard.", "uti sends the link to this address; the address is not kept.")) }
                        input id="email" name="email" type="email" maxlength="254" autocomplete="off" aria-describedby="email-uitleg";
                    }
                    button type="submit" { (t("Link maken", "Make link")) }
                }
                @if links.iter().any(|l| l.revoked_at.is_none() && l.expires_at > now) {
                    form method="post" action={ (base) "/intrekken" } {
                        (layout::csrf_field(chrome))
                        button.danger type="submit" { (t("Links intrekken", "Revoke links")) }
                    }
                }
            }
            h3 { (t("Publicatie", "Publication")) }
            @if let Some(p) = published {
                p { (t("Gepubliceerd op", "Published on")) " " (when(p.published_at, lang)) " " (t("door", "by")) " " (p.published_by)
                    @if let Some(r) = &p.reason { ". " (t("Reden zonder akkoord", "Reason without approval")) ": " (r) } "." }
            }
            form method="post" action={ (base) "/publiceren" } {
                (layout::csrf_field(chrome))
                @if let Some(obstacle) = approval.obstacle(lang) {
                    p { (t("Let op", "Note")) ": " (obstacle) "." }
                    label for="reden-publ" { (t("Reden om toch te publiceren (verplicht)", "Reason to publish anyway (required)")) }
                    input id="reden-publ" name="reason" type="text" required maxlength="2000";
                }
                button type="submit" { @if published.is_some() { (t("Opnieuw publiceren (huidige versie)", "Publish again (current version)")) } @else { (t("Publiceren", "Publish")) } }
            }
            @if published.is_some() {
                form method="post" action={ (base) "/terugtrekken" } {
                    (layout::csrf_field(chrome))
                    button.danger type="submit" { (t("Publicatie terugtrekken", "Withdraw publication")) }
                }
            }
        }
    }
}

/// `POST /checks/portret/{check}/{action}`.
pub async fn act(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    headers: axum::http::HeaderMap,
    Path((id, action)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let host = link_origin(&state, &headers);
    let base = format!("/checks/portret/{id}");
    let chrome = Chrome::new(lang, &viewer, &base);
    let fields = Fields(fields);
    let result = async {
        may_use(&viewer)?;
        let check = load(&state, &id).await?;
        let who = access(&viewer, &check)?;
        viewer.check_csrf(Some(fields.get("csrf")))?;
        if action == "link" && who.is_staff() {
            return new_link(&state, &chrome, &check, &fields, &host).await;
        }
        perform(&state, &who, &check, &action, &fields, &base, lang).await
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// `POST /controle/{token}/{action}`: only the contact's actions.
pub async fn link_act(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    MaybeViewer(_): MaybeViewer,
    Path((token, action)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let base = format!("/controle/{token}");
    let mut chrome = Chrome::anonymous(lang);
    chrome.path = base.clone();
    let result = async {
        let Some(check) = state.store.check_by_link(&token).await? else {
            return Ok(refused_link(&chrome));
        };
        perform(
            &state,
            &Access::Link(token.clone()),
            &check,
            &action,
            &Fields(fields),
            &base,
            lang,
        )
        .await
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// The address the site is reached at, for links to copy: `--public-url`
/// when given, else the request's own host.
pub fn link_origin(state: &AppState, headers: &axum::http::HeaderMap) -> String {
    if let Some(url) = &state.settings.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            h.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b".-:[]".contains(&b))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// The address a new link is to be sent to (`email` of the form or the
/// API), checked: none when empty; refused when it is no address, or when
/// no mail server is set up.
pub fn link_address(
    state: &AppState,
    text: Option<&str>,
    lang: Lang,
) -> Result<Option<lettre::Address>, AppError> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Ok(None);
    }
    if state.settings.mail.is_none() {
        return Err(AppError::Conflict(
            lang.pick(
                "Er is geen e-mailserver ingesteld; uti kan de link niet versturen. Maak de link zonder e-mailadres, kopieer hem en stuur hem zelf.",
                "No mail server is set up; uti cannot send the link. Make the link without an e-mail address, copy it and send it yourself.",
            )
            .into(),
        ));
    }
    crate::kernel::mail::address(text).map(Some).ok_or_else(|| {
        AppError::BadRequest(match lang {
            Lang::Nl => format!("'{text}' is geen e-mailadres (bijvoorbeeld naam@initiatief.nl)."),
            Lang::En => {
                format!("'{text}' is not an e-mail address (for example name@initiative.org).")
            }
        })
    })
}

/// A personal link just made.
#[derive(Debug)]
pub struct MadeLink {
    /// The address to open it at.
    pub url: String,
    /// When it stops working (seconds since 1970).
    pub expires_at: i64,
    /// Whether it went out by e-mail.
    pub mail: Mailed,
}

/// Whether a new link went out by e-mail.
#[derive(Debug, PartialEq, Eq)]
pub enum Mailed {
    /// No address was given.
    NotAsked,
    /// Sent to this address.
    Sent(String),
    /// Not sent to this address, for this reason (in words).
    Failed(String, String),
}

/// Makes a personal link for `check`, valid for `days` days, and sends
/// it to `to` when given (see [`link_address`]). A failed send loses
/// nothing: the link is made and given back to copy, with the reason.
/// The address is not stored; the history records that a link was mailed.
pub async fn make_link(
    state: &AppState,
    check: &Check,
    days: i64,
    author: &str,
    origin: &str,
    to: Option<lettre::Address>,
    lang: Lang,
) -> Result<MadeLink, AppError> {
    let token = match state.store.create_link(check.id, days, author).await? {
        Ok(token) => token,
        Err(_) => return Err(AppError::NotFound),
    };
    let url = format!("{origin}/controle/{token}");
    let expires_at = uti_store::accounts::now() + days * 86_400;
    let (Some(to), Some(mail)) = (to, state.settings.mail.as_ref()) else {
        return Ok(MadeLink {
            url,
            expires_at,
            mail: Mailed::NotAsked,
        });
    };
    let round = state
        .store
        .round(check.round_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let name = publications::read_data(&check.data)?
        .initiatives()
        .first()
        .map(|i| i.name.clone())
        .unwrap_or_else(|| check.initiative_id.clone());
    let (subject, body) = link_mail(&name, &round, &url, expires_at, lang);
    let shown = to.to_string();
    let mail = match mail.send(&to, &subject, &body).await {
        Ok(()) => {
            state.store.link_mailed(check.id, author).await?;
            Mailed::Sent(shown)
        }
        Err(e) => {
            tracing::warn!(check = check.id, server = %mail.server, error = %e, "a personal link could not be sent by e-mail");
            Mailed::Failed(shown, e.words(lang))
        }
    };
    Ok(MadeLink {
        url,
        expires_at,
        mail,
    })
}

/// The mail that brings a personal link: subject and plain text.
fn link_mail(
    name: &str,
    round: &uti_store::checks::Round,
    url: &str,
    expires_at: i64,
    lang: Lang,
) -> (String, String) {
    let closes = date_words(&round.closes_on, lang);
    let expires = when(expires_at, lang);
    let message = round.message.trim();
    match lang {
        Lang::Nl => {
            let mut body = format!(
                "Beste contactpersoon van {name},\n\n\
                 Wij leggen u het portret van {name} voor zoals het gepubliceerd zal worden, \
                 met de vraag het te controleren op feitelijke fouten. U kunt per onderdeel \
                 een opmerking plaatsen of een andere tekst voorstellen, en geeft tot slot uw antwoord.\n\n"
            );
            if !message.is_empty() {
                body.push_str(&format!("Bericht van de onderzoekers:\n\n{message}\n\n"));
            }
            body.push_str(&format!(
                "Open het portret met deze persoonlijke link (u hebt geen account nodig):\n{url}\n\n\
                 Reageren kan tot en met {closes}.\n\
                 De link werkt tot {expires} (UTC). Stuur hem niet door: wie de link heeft, kan op het portret reageren.\n"
            ));
            (format!("Portret ter controle: {name}"), body)
        }
        Lang::En => {
            let mut body = format!(
                "Dear contact of {name},\n\n\
                 We put the portrait of {name} to you as it will be published, asking you \
                 to check it for factual errors. You can comment on each part or suggest \
                 another text, and finally give your answer.\n\n"
            );
            if !message.is_empty() {
                body.push_str(&format!("Message from the researchers:\n\n{message}\n\n"));
            }
            body.push_str(&format!(
                "Open the portrait with this personal link (you need no account):\n{url}\n\n\
                 You can respond until {closes}.\n\
                 The link works until {expires} (UTC). Do not pass it on: whoever has the link can respond to the portrait.\n"
            ));
            (format!("Portrait to check: {name}"), body)
        }
    }
}

/// Makes a personal link (and sends it, when an address is given) and
/// shows it once, to copy.
async fn new_link(
    state: &AppState,
    chrome: &Chrome,
    check: &Check,
    fields: &Fields,
    origin: &str,
) -> Result<Response, AppError> {
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    let days: i64 = fields.get("days").trim().parse().unwrap_or(0);
    if !(1..=365).contains(&days) {
        return Err(AppError::BadRequest(
            t(
                "Geef de geldigheid in dagen, van 1 tot en met 365.",
                "Give the validity in days, from 1 to 365.",
            )
            .into(),
        ));
    }
    let to = link_address(state, Some(fields.get("email")), lang)?;
    let author = chrome
        .viewer
        .as_ref()
        .map(|v| v.user.name.clone())
        .unwrap_or_default();
    let made = make_link(state, check, days, &author, origin, to, lang).await?;
    let back = format!("/checks/portret/{}", check.id);
    let title = match made.mail {
        Mailed::Sent(_) => t("Persoonlijke link verstuurd", "Personal link sent"),
        _ => t("Persoonlijke link gemaakt", "Personal link made"),
    };
    let once = t(
        "De link wordt maar één keer getoond: alleen een versleutelde vorm wordt bewaard.",
        "It is shown only once: only a hashed form is kept.",
    );
    Ok(layout::page(
        chrome,
        title,
        html! {
            h1 { (title) }
            @match &made.mail {
                Mailed::Sent(to) => {
                    p.notice role="status" { (t("De link is verstuurd naar", "The link has been sent to")) " " (to) ". " (t("Het adres wordt niet bewaard. U kunt de link hieronder ook kopiëren.", "The address is not kept. You can also copy the link below.")) " " (once) }
                }
                Mailed::Failed(to, why) => {
                    div.error-summary role="alert" tabindex="-1" id="melding" {
                        p { (t("De link kon niet per e-mail worden verstuurd naar", "The link could not be sent by e-mail to")) " " (to) ": " (why) "." }
                        p { (t("De link is wel gemaakt en werkt: kopieer hem nu en stuur hem zelf.", "The link has been made and works: copy it now and send it yourself.")) " " (once) }
                    }
                }
                Mailed::NotAsked => {
                    p.notice role="status" { (t("Kopieer de link nu en stuur hem aan de contactpersoon van het initiatief.", "Copy the link now and send it to the initiative's contact.")) " " (once) }
                    @if state.settings.mail.is_none() {
                        p { (t("Er is geen e-mailserver ingesteld, dus uti verstuurt de link niet zelf.", "No mail server is set up, so uti does not send the link itself.")) }
                    }
                }
            }
            label for="link" { (t("Link", "Link")) }
            input id="link" type="text" readonly value=(made.url) size="80";
            p { (t("Geldig tot", "Valid until")) " " (when(made.expires_at, lang)) "." }
            p { a href=(back) { "← " (t("Terug naar het portret", "Back to the portrait")) } }
        },
    )
    .into_response())
}

fn back(base: &str, code: &str, section: Option<&str>) -> Response {
    let anchor = match section {
        Some(s) if !s.is_empty() => format!("#sec-{s}"),
        _ => String::new(),
    };
    Redirect::to(&format!("{base}?melding={code}{anchor}")).into_response()
}

/// What went wrong in an action, for the page: the code of the notice.
#[derive(Debug)]
pub enum Outcome {
    /// Done, with the notice's code.
    Done(&'static str),
    /// Not done, with the notice's code.
    Refused(&'static str),
}

/// Does one action on a check for whoever may do it; shared by the pages
/// and the API.
pub async fn perform(
    state: &AppState,
    who: &Access,
    check: &Check,
    action: &str,
    fields: &Fields,
    base: &str,
    lang: Lang,
) -> Result<Response, AppError> {
    let section = fields.get("section");
    let section = (!section.is_empty()).then_some(section);
    let outcome = outcome(state, who, check, action, fields, lang, Via::Web).await?;
    Ok(match outcome {
        Outcome::Done(code) | Outcome::Refused(code) => back(base, code, section),
    })
}

fn text_ok(text: &str) -> Result<(), &'static str> {
    if text.trim().is_empty() {
        Err("leeg")
    } else if text.chars().count() > MAX_TEXT {
        Err("te-lang")
    } else {
        Ok(())
    }
}

/// Does an action and says how it went.
pub async fn outcome(
    state: &AppState,
    who: &Access,
    check: &Check,
    action: &str,
    fields: &Fields,
    lang: Lang,
    via: Via,
) -> Result<Outcome, AppError> {
    use Outcome::{Done, Refused as No};
    let author = who.author(lang);
    let staff = who.is_staff();
    let section = fields.get("section").to_owned();
    let refused = |r: Refused| match r {
        Refused::NotFound => Err(AppError::NotFound),
        Refused::Stale => Ok(No("verouderd")),
        Refused::Handled => Ok(No("vast")),
        Refused::Decided => Ok(No("besloten")),
    };
    match (action, staff) {
        ("opmerking", _) => {
            let body = fields.get("body");
            if let Err(code) = text_ok(body) {
                return Ok(No(code));
            }
            let note = NewNote {
                section,
                kind: NoteKind::Comment,
                parent_id: None,
                side: if staff {
                    Side::Researcher
                } else {
                    Side::Contact
                },
                author,
                body: body.to_owned(),
                suggestion: None,
            };
            match state.store.add_note(check.id, &note).await? {
                Ok(_) => Ok(Done("opmerking")),
                Err(r) => refused(r),
            }
        }
        ("voorstel", false) => {
            let proposed = fields.get("proposed");
            if let Err(code) = text_ok(proposed) {
                return Ok(No(code));
            }
            if fields.get("body").chars().count() > MAX_TEXT {
                return Ok(No("te-lang"));
            }
            let data = publications::read_data(&check.data)?;
            let initiative = data.initiatives().first().ok_or(AppError::NotFound)?;
            let path = fields.get("target");
            let Some((original, _)) = sections::current(initiative, path) else {
                return Err(AppError::BadRequest(
                    lang.pick(
                        "Dit onderdeel van het portret bestaat niet.",
                        "This part of the portrait does not exist.",
                    )
                    .into(),
                ));
            };
            if original.trim() == proposed.trim() {
                return Ok(No("gelijk"));
            }
            let target = sections::targets(initiative, lang)
                .into_iter()
                .find(|t| t.path == path);
            let note = NewNote {
                section: target.map(|t| t.section).unwrap_or(section),
                kind: NoteKind::Suggestion,
                parent_id: None,
                side: Side::Contact,
                author,
                body: fields.get("body").to_owned(),
                suggestion: Some((path.to_owned(), original, proposed.trim().to_owned())),
            };
            match state.store.add_note(check.id, &note).await? {
                Ok(_) => Ok(Done("voorstel")),
                Err(r) => refused(r),
            }
        }
        ("antwoord", false) => {
            let Some(verdict) = Verdict::parse(fields.get("verdict")) else {
                return Ok(No("kies-antwoord"));
            };
            let remark = fields.get("remark");
            if remark.chars().count() > MAX_TEXT {
                return Ok(No("te-lang"));
            }
            match state
                .store
                .set_verdict(check.id, verdict, remark, &author)
                .await?
            {
                Ok(_) => Ok(Done("antwoord")),
                Err(r) => refused(r),
            }
        }
        ("reactie", true) => {
            let body = fields.get("body");
            if let Err(code) = text_ok(body) {
                return Ok(No(code));
            }
            let parent: Option<i64> = fields.get("parent").parse().ok();
            let parent_note = match parent {
                Some(p) => state
                    .store
                    .note(p)
                    .await?
                    .filter(|n| n.check_id == check.id),
                None => None,
            };
            let note = NewNote {
                section: parent_note.as_ref().map_or(section, |n| n.section.clone()),
                kind: NoteKind::Reply,
                parent_id: parent_note.map(|n| n.id),
                side: Side::Researcher,
                author,
                body: body.to_owned(),
                suggestion: None,
            };
            match state.store.add_note(check.id, &note).await? {
                Ok(_) => Ok(Done("reactie")),
                Err(r) => refused(r),
            }
        }
        ("overnemen", true) => {
            accept(state, check, fields.get("note"), &Actor::new(author, via)).await
        }
        ("afwijzen", true) => {
            let reason = fields.get("reason");
            if let Err(code) = text_ok(reason) {
                return Ok(No(code));
            }
            let note = note_of(state, check, fields.get("note")).await?;
            match state
                .store
                .decide_suggestion(note.id, false, reason, &author)
                .await?
            {
                Ok(()) => Ok(Done("afgewezen")),
                Err(r) => refused(r),
            }
        }
        ("opnieuw", true) => {
            let snapshot = state.snapshot.get_own(&state.store).await?;
            let (data, fingerprint) =
                super::current_data(snapshot.dataset_with_drafts(), &check.initiative_id)
                    .ok_or(AppError::NotFound)?;
            let version: i64 = fields.get("version").parse().unwrap_or(check.version);
            let portrait = uti_store::checks::Portrait {
                initiative_id: check.initiative_id.clone(),
                data,
                fingerprint,
            };
            match state
                .store
                .resend(check.id, &portrait, version, &author)
                .await?
            {
                Ok(()) => Ok(Done("opnieuw")),
                Err(r) => refused(r),
            }
        }
        ("bevestigen", true) => {
            let (fp, _) = live(state, check).await?;
            let fp = fp.ok_or(AppError::NotFound)?;
            match state.store.confirm_approval(check.id, &fp, &author).await? {
                Ok(()) => Ok(Done("bevestigd")),
                Err(r) => refused(r),
            }
        }
        ("intrekken", true) => {
            state.store.revoke_links(check.id, &author).await?;
            Ok(Done("ingetrokken"))
        }
        ("publiceren", true) => {
            publish(
                state,
                &check.initiative_id,
                fields.get("reason"),
                &author,
                lang,
            )
            .await
        }
        ("terugtrekken", true) => {
            let subject = portrait_subject(state, &check.initiative_id).await?;
            state.store.unpublish(&subject, &author).await?;
            Ok(Done("teruggetrokken"))
        }
        _ => Err(AppError::NotFound),
    }
}

async fn note_of(state: &AppState, check: &Check, id: &str) -> Result<Note, AppError> {
    let n: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    state
        .store
        .note(n)
        .await?
        .filter(|n| n.check_id == check.id)
        .ok_or(AppError::NotFound)
}

/// Takes a suggestion over into the data: a guarded edit of the
/// initiative or the session its text lives in, refused when the text
/// changed since the suggestion was made.
async fn accept(
    state: &AppState,
    check: &Check,
    id: &str,
    by: &Actor,
) -> Result<Outcome, AppError> {
    use Outcome::{Done, Refused as No};
    let note = note_of(state, check, id).await?;
    if note.kind != NoteKind::Suggestion {
        return Err(AppError::NotFound);
    }
    if note.state != Some(SuggestionState::Open) {
        return Ok(No("besloten"));
    }
    let (path, original, proposed) = match (&note.target, &note.original, &note.proposed) {
        (Some(p), Some(o), Some(n)) => (p.as_str(), o.as_str(), n.as_str()),
        _ => return Err(AppError::NotFound),
    };
    let stored = state
        .store
        .initiative(&check.initiative_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut initiative = stored.initiative.clone();
    match sections::current(&initiative, path) {
        Some((now, _)) if now.trim() == original.trim() => {}
        _ => return Ok(No("tekst-gewijzigd")),
    }
    let Some(place) = sections::apply(&mut initiative, path, proposed) else {
        return Ok(No("tekst-gewijzigd"));
    };
    let saved = match place {
        sections::Place::Own => {
            let terms = state.store.term_ids().await?;
            let mut own = initiative.clone();
            own.sessions = None;
            let value =
                serde_json::to_value(&own).map_err(|e| AppError::BadRequest(e.to_string()))?;
            if uti_core::decode::initiative("", &value, terms.themes, terms.challenges).is_err() {
                return Ok(No("ongeldig"));
            }
            match state
                .store
                .update_initiative(&own, stored.version, by)
                .await?
            {
                Some(uti_store::Saved::Done { .. }) => Some(true),
                Some(uti_store::Saved::Stale { .. }) => Some(false),
                None => None,
            }
        }
        sections::Place::Session(n) => {
            let session = initiative.sessions()[n].clone();
            let value =
                serde_json::to_value(&session).map_err(|e| AppError::BadRequest(e.to_string()))?;
            match crate::initiatives::session::check(state, &value).await? {
                Ok(valid) => match state
                    .store
                    .save_session(
                        &check.initiative_id,
                        Some(n),
                        &valid,
                        stored.session_versions[n],
                        by,
                    )
                    .await?
                {
                    Some(uti_store::Saved::Done { .. }) => Some(true),
                    Some(uti_store::Saved::Stale { .. }) => Some(false),
                    None => None,
                },
                Err(_) => return Ok(No("ongeldig")),
            }
        }
    };
    match saved {
        Some(true) => {}
        Some(false) => return Ok(No("verouderd")),
        None => return Err(AppError::NotFound),
    }
    match state
        .store
        .decide_suggestion(note.id, true, "", &by.name)
        .await?
    {
        Ok(()) => Ok(Done("overgenomen")),
        Err(Refused::Decided) => Ok(No("besloten")),
        Err(_) => Err(AppError::NotFound),
    }
}

/// The initiative's portrait as it would be published now.
pub async fn portrait_subject(state: &AppState, id: &str) -> Result<Subject, AppError> {
    let snapshot = state.snapshot.get_own(&state.store).await?;
    let initiative = snapshot
        .dataset_with_drafts()
        .initiatives()
        .iter()
        .find(|i| i.id.as_str() == id)
        .ok_or(AppError::NotFound)?;
    let (data, fingerprint) =
        super::current_data(snapshot.dataset_with_drafts(), id).ok_or(AppError::NotFound)?;
    Ok(Subject::Portrait {
        id: id.to_owned(),
        name: initiative.name.clone(),
        data,
        fingerprint,
    })
}

/// Publishes an initiative's current portrait: without approval only
/// with a reason.
pub async fn publish(
    state: &AppState,
    id: &str,
    reason: &str,
    by: &str,
    _lang: Lang,
) -> Result<Outcome, AppError> {
    let subject = portrait_subject(state, id).await?;
    let Subject::Portrait { fingerprint, .. } = &subject else {
        unreachable!("a portrait")
    };
    let latest = state.store.latest_check(id).await?;
    let approved = publications::approval(latest.as_ref(), fingerprint) == Approval::Approved;
    if !approved && reason.trim().is_empty() {
        return Ok(Outcome::Refused("reden"));
    }
    state
        .store
        .publish(&subject, approved, (!approved).then_some(reason), by)
        .await?;
    Ok(Outcome::Done("gepubliceerd"))
}
