//! Themes and shared challenges: both lists with where each is used
//! (`/themas`), one term with the chains that name it
//! (`/themas/{thema|uitdaging}/{id}`), and for researchers and admins the
//! forms to create, edit, merge and delete them; the same operations in
//! the JSON API (`/api/terms`). Every change is checked on the server:
//! the role, the CSRF token, the dataset's rules (as on import) and, for
//! an edit, the version the user started from.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome, csrf_field};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Value, json};
use uti_core::Lang;
use uti_core::error::Problem;
use uti_core::model::{Term, TermKind};
use uti_core::prose::{date_text, kind_name};
use uti_store::terms::{FieldProblem, check_term, kind_word};
use uti_store::{StoreError, StoredTerm, TermError, Via};

use uti_core::prose::level_name;

// ------------------------------------------------------------- words ----

/// The kind as written in page URLs: `thema` or `uitdaging`.
pub fn url_kind(kind: TermKind) -> &'static str {
    match kind {
        TermKind::Theme => "thema",
        TermKind::Challenge => "uitdaging",
    }
}

/// Reads the kind of a page URL (`thema`, `uitdaging`).
fn page_kind(text: &str) -> Option<TermKind> {
    TermKind::ALL.iter().copied().find(|k| url_kind(*k) == text)
}

/// Reads the kind of an API path: `theme` or `challenge` (the Dutch URL
/// words are accepted too).
pub(super) fn api_kind(text: &str) -> Option<TermKind> {
    TermKind::parse(text).or_else(|| page_kind(text))
}

/// The page of a term.
fn term_path(kind: TermKind, id: &str) -> String {
    format!("/themas/{}/{id}", url_kind(kind))
}

/// `het thema` / `de uitdaging` (or English).
fn the(kind: TermKind, lang: Lang) -> &'static str {
    match kind {
        TermKind::Theme => lang.pick("het thema", "the theme"),
        TermKind::Challenge => lang.pick("de uitdaging", "the challenge"),
    }
}

/// The heading of a list.
fn list_title(kind: TermKind, lang: Lang) -> &'static str {
    match kind {
        TermKind::Theme => lang.pick("Thema's", "Themes"),
        TermKind::Challenge => lang.pick("Gedeelde uitdagingen", "Shared challenges"),
    }
}

/// "Nieuw thema" / "Nieuwe uitdaging".
fn new_title(kind: TermKind, lang: Lang) -> &'static str {
    match kind {
        TermKind::Theme => lang.pick("Nieuw thema", "New theme"),
        TermKind::Challenge => lang.pick("Nieuwe uitdaging", "New challenge"),
    }
}

/// The first letter in upper case.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `1 keten` / `3 ketens`.
fn chains_text(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Nl, 1) => "1 keten".into(),
        (Lang::Nl, n) => format!("{n} ketens"),
        (Lang::En, 1) => "1 chain".into(),
        (Lang::En, n) => format!("{n} chains"),
    }
}

/// `1 initiatief` / `3 initiatieven`.
fn initiatives_text(n: usize, lang: Lang) -> String {
    match (lang, n) {
        (Lang::Nl, 1) => "1 initiatief".into(),
        (Lang::Nl, n) => format!("{n} initiatieven"),
        (Lang::En, 1) => "1 initiative".into(),
        (Lang::En, n) => format!("{n} initiatives"),
    }
}

// -------------------------------------------------------------- forms ---

/// The fields of the form for a new or edited term.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TermForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The id (new terms only; an edit keeps the id of the URL).
    #[serde(default)]
    pub id: String,
    /// The name.
    #[serde(default)]
    pub name: String,
    /// The description.
    #[serde(default)]
    pub description: String,
    /// The sources, one per line.
    #[serde(default)]
    pub sources: String,
    /// The version the edit started from.
    #[serde(default)]
    pub version: String,
}

impl TermForm {
    /// The form filled in with a stored term.
    fn of(term: &Term, version: i64) -> TermForm {
        TermForm {
            id: term.id.to_string(),
            name: term.name.clone(),
            description: term.description.clone().unwrap_or_default(),
            sources: term.sources.as_deref().unwrap_or_default().join("\n"),
            version: version.to_string(),
            ..TermForm::default()
        }
    }

    /// The term as a dataset document: trimmed, empty description and
    /// sources left out, one source per non-empty line.
    fn document(&self) -> Value {
        let mut doc = serde_json::Map::new();
        doc.insert("id".into(), json!(self.id.trim()));
        doc.insert("name".into(), json!(self.name.trim()));
        if !self.description.trim().is_empty() {
            doc.insert("description".into(), json!(self.description.trim()));
        }
        let sources: Vec<&str> = self
            .sources
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !sources.is_empty() {
            doc.insert("sources".into(), json!(sources));
        }
        Value::Object(doc)
    }
}

/// The merge form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MergeForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The id of the term that remains.
    #[serde(default)]
    pub into: String,
}

/// A form with only the CSRF token (delete).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CsrfOnly {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
}

/// The status message after a change (POST-redirect-GET).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Notice {
    /// What happened: `aangemaakt`, `opgeslagen`, `samengevoegd`, `verwijderd`.
    #[serde(default)]
    pub melding: String,
    /// For a merge: how many chains changed.
    #[serde(default)]
    pub ketens: Option<usize>,
    /// For a merge or deletion: the id of the term that is gone.
    #[serde(default)]
    pub van: String,
    /// Which page of the uses to show (from 1).
    #[serde(default)]
    pub pagina: Option<usize>,
}

/// How many uses one page of a term shows.
const USES_PAGE: usize = 100;

/// Errors of a form, by field (`""` for the form as a whole).
#[derive(Debug, Clone, Default)]
struct Problems(Vec<(String, String)>);

impl Problems {
    fn add(&mut self, field: &str, message: String) {
        self.0.push((field.to_owned(), sentence(&message)));
    }

    fn from_fields(problems: &[FieldProblem], lang: Lang) -> Problems {
        let mut out = Problems::default();
        for p in problems {
            let field = p
                .field
                .as_deref()
                .filter(|f| matches!(*f, "id" | "name" | "description" | "sources"))
                .unwrap_or("");
            let message = match (field, &p.problem) {
                ("name", Problem::EmptyText) => lang
                    .pick(
                        "De naam is leeg; vul een naam in.",
                        "The name is empty; please enter a name.",
                    )
                    .to_owned(),
                _ => p.problem.message(lang),
            };
            out.add(field, message);
        }
        out
    }

    fn of(&self, field: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
            .collect()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The label of a field.
fn field_label(field: &str, lang: Lang) -> &'static str {
    match field {
        "id" => "Id",
        "name" => lang.pick("Naam", "Name"),
        "description" => lang.pick("Omschrijving", "Description"),
        "sources" => lang.pick("Bronnen", "Sources"),
        "into" => lang.pick("Voeg samen met…", "Merge into…"),
        _ => "",
    }
}

/// The list of errors at the top of a form, each linked to its field.
fn summary(prefix: &str, problems: &Problems, lang: Lang) -> Markup {
    html! {
        @if !problems.is_empty() {
            div.notice role="alert" id={ (prefix) "-fouten" } {
                p { strong { (lang.pick("Er is niets opgeslagen. Verbeter het volgende:", "Nothing was saved. Please fix the following:")) } }
                ul {
                    @for (field, message) in &problems.0 {
                        li {
                            @if field.is_empty() { (message) } @else {
                                a href={ "#" (prefix) "-" (field) } { (field_label(field, lang)) } ": " (message)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A labelled input or text area with its hint and its errors beside it.
fn field(
    prefix: &str,
    name: &str,
    lang: Lang,
    value: &str,
    hint: Option<&str>,
    rows: Option<u8>,
    problems: &Problems,
) -> Markup {
    let id = format!("{prefix}-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-fout");
    let errors = problems.of(name);
    let mut described = Vec::new();
    if hint.is_some() {
        described.push(hint_id.clone());
    }
    if !errors.is_empty() {
        described.push(error_id.clone());
    }
    let described = (!described.is_empty()).then(|| described.join(" "));
    let invalid = (!errors.is_empty()).then_some("true");
    html! {
        div.field {
            label for=(id) { (field_label(name, lang)) }
            @if let Some(h) = hint { p.muted id=(hint_id) { (h) } }
            @if !errors.is_empty() {
                p.error id=(error_id) {
                    @for (i, m) in errors.iter().enumerate() {
                        @if i > 0 { br; }
                        (m)
                    }
                }
            }
            @if let Some(rows) = rows {
                textarea id=(id) name=(name) rows=(rows) cols="60" aria-invalid=[invalid] aria-describedby=[described.clone()] { (value) }
            } @else {
                input id=(id) name=(name) type="text" size="40" value=(value) aria-invalid=[invalid] aria-describedby=[described];
            }
        }
    }
}

/// The form for a new term of `kind` (on the list page).
fn new_form(kind: TermKind, chrome: &Chrome, form: &TermForm, problems: &Problems) -> Markup {
    let lang = chrome.lang;
    let t = |nl, en| chrome.t(nl, en);
    let prefix = format!("nieuw-{}", url_kind(kind));
    html! {
        section.new-term aria-labelledby={ (prefix) "-titel" } {
            h3 id={ (prefix) "-titel" } { (new_title(kind, lang)) }
            (summary(&prefix, problems, lang))
            form method="post" action={ "/themas/" (url_kind(kind)) } {
                (csrf_field(chrome))
                (field(&prefix, "id", lang, &form.id, Some(t("Kleine letters en cijfers, gescheiden door enkele streepjes, bijvoorbeeld leren-op-de-werkplek. De id verandert later niet meer.", "Lower-case letters and digits separated by single dashes, for example learning-at-work. The id cannot change later.")), None, problems))
                (field(&prefix, "name", lang, &form.name, None, None, problems))
                (field(&prefix, "description", lang, &form.description, None, Some(4), problems))
                (field(&prefix, "sources", lang, &form.sources, Some(t("Eén bron per regel, bijvoorbeeld Kuijpers & Draaisma, 2020.", "One source per line, for example Kuijpers & Draaisma, 2020.")), Some(3), problems))
                button type="submit" { (new_title(kind, lang)) " " (t("toevoegen", "add")) }
            }
        }
    }
}

// ----------------------------------------------------------- the list ---

/// `GET /themas`.
pub async fn list(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(notice): Query<Notice>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/themas");
    crate::kernel::error::respond(list_page(&state, &chrome, &notice, None).await, &chrome)
}

/// What `viewer` may read of a term's uses: a contact does not see the
/// draft sessions of other initiatives.
pub(super) fn readable(viewer: &Viewer, term: &mut StoredTerm) {
    if viewer.user.role == uti_store::Role::Contact {
        term.hide_drafts(&viewer.user.initiatives);
    }
}

/// [`readable`] for both lists.
pub(super) fn readable_lists(viewer: &Viewer, lists: &mut uti_store::TermLists) {
    for term in lists.themes.iter_mut().chain(lists.challenges.iter_mut()) {
        readable(viewer, term);
    }
}

/// The list page, with a new-term form filled in again after an error.
async fn list_page(
    state: &AppState,
    chrome: &Chrome,
    notice: &Notice,
    failed: Option<(TermKind, &TermForm, &Problems)>,
) -> Result<Markup, AppError> {
    let lang = chrome.lang;
    let t = |nl, en| chrome.t(nl, en);
    let mut lists = super::usage::term_lists(state).await?;
    if let Some(v) = &chrome.viewer {
        readable_lists(v, &mut lists);
    }
    let editor = chrome.viewer.as_ref().is_some_and(Viewer::can_edit);
    let title = t(
        "Thema's en gedeelde uitdagingen",
        "Themes and shared challenges",
    );
    let body = html! {
        h1 { (title) }
        p { (t("Thema's komen uit de literatuurstudies; gedeelde uitdagingen uit de analyse over de initiatieven heen. Redeneerketens (CIMO) verwijzen ernaar.", "Themes come from the literature studies; shared challenges from the analysis across initiatives. CIMO chains refer to them.")) }
        @if notice.melding == "verwijderd" && !notice.van.is_empty() {
            p.notice role="status" { (sentence(&format!("{} `{}` {}", t("de term", "the term"), notice.van, t("is verwijderd.", "was deleted.")))) }
        }
        @for kind in TermKind::ALL {
            @let terms = match kind { TermKind::Theme => &lists.themes, TermKind::Challenge => &lists.challenges };
            @let section_id = match kind { TermKind::Theme => "themas", TermKind::Challenge => "uitdagingen" };
            section aria-labelledby=(section_id) {
                h2 id=(section_id) { (list_title(*kind, lang)) }
                @if terms.is_empty() {
                    p.muted {
                        (match kind {
                            TermKind::Theme => t("Er zijn nog geen thema's.", "There are no themes yet."),
                            TermKind::Challenge => t("Er zijn nog geen gedeelde uitdagingen.", "There are no shared challenges yet."),
                        })
                        " "
                        @if editor {
                            (t("Voeg er hieronder een toe, of importeer een dataset met uti import.", "Add one below, or import a dataset with uti import."))
                        } @else {
                            (t("Een onderzoeker of beheerder kan ze toevoegen.", "A researcher or administrator can add them."))
                        }
                    }
                } @else {
                    (term_table(*kind, terms, section_id, lang))
                }
                @if editor {
                    @let empty = (TermForm::default(), Problems::default());
                    @let (form, problems) = match failed {
                        Some((k, f, p)) if k == *kind => (f, p),
                        _ => (&empty.0, &empty.1),
                    };
                    (new_form(*kind, chrome, form, problems))
                }
            }
        }
    };
    Ok(layout::page(chrome, title, body))
}

/// The table of one list.
fn term_table(kind: TermKind, terms: &[StoredTerm], labelled_by: &str, lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    html! {
        table aria-labelledby=(labelled_by) {
            thead {
                tr {
                    th scope="col" { (t("Naam", "Name")) }
                    th scope="col" { "Id" }
                    th scope="col" { (t("Omschrijving", "Description")) }
                    th scope="col" { (t("Bronnen", "Sources")) }
                    th scope="col" class="num" { (t("Ketens", "Chains")) }
                    th scope="col" class="num" { (t("Initiatieven", "Initiatives")) }
                }
            }
            tbody {
                @for s in terms {
                    tr {
                        th scope="row" { a href=(term_path(kind, s.term.id.as_str())) { (s.term.name) } }
                        td { code { (s.term.id) } }
                        td { (s.term.description.as_deref().unwrap_or("")) }
                        td {
                            @if let Some(sources) = &s.term.sources {
                                ul { @for src in sources { li { (src) } } }
                            }
                        }
                        td.num { (s.chains()) }
                        td.num { (s.initiatives().len()) }
                    }
                }
            }
        }
    }
}

/// `POST /themas/{kind}`: a new term.
pub async fn create(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(kind): Path<String>,
    Form(form): Form<TermForm>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/themas");
    let Some(kind) = page_kind(&kind) else {
        return AppError::NotFound.page(&chrome);
    };
    if let Err(e) = viewer.authorize_change(Some(&form.csrf)) {
        return AppError::from(e).page(&chrome);
    }
    let term = match check_term(&form.document()) {
        Ok(term) => term,
        Err(TermError::Invalid(p)) => {
            let problems = Problems::from_fields(&p, lang);
            return refuse_new(
                &state,
                &chrome,
                kind,
                &form,
                StatusCode::BAD_REQUEST,
                &problems,
            )
            .await;
        }
        Err(e) => return AppError::BadRequest(e.message(lang)).page(&chrome),
    };
    let id = term.id.to_string();
    match state
        .store
        .create_term(kind, term, &viewer.actor(Via::Web))
        .await
    {
        Ok(_) => {
            Redirect::to(&format!("{}?melding=aangemaakt", term_path(kind, &id))).into_response()
        }
        Err(StoreError::Term(e @ TermError::Exists { .. })) => {
            let mut problems = Problems::default();
            problems.add("id", e.message(lang));
            refuse_new(
                &state,
                &chrome,
                kind,
                &form,
                StatusCode::CONFLICT,
                &problems,
            )
            .await
        }
        Err(StoreError::Term(TermError::Invalid(p))) => {
            let problems = Problems::from_fields(&p, lang);
            refuse_new(
                &state,
                &chrome,
                kind,
                &form,
                StatusCode::BAD_REQUEST,
                &problems,
            )
            .await
        }
        Err(e) => app_error(e, lang).page(&chrome),
    }
}

/// The list page again, with the refused new term in its form.
async fn refuse_new(
    state: &AppState,
    chrome: &Chrome,
    kind: TermKind,
    form: &TermForm,
    status: StatusCode,
    problems: &Problems,
) -> Response {
    match list_page(
        state,
        chrome,
        &Notice::default(),
        Some((kind, form, problems)),
    )
    .await
    {
        Ok(markup) => (status, markup).into_response(),
        Err(e) => e.page(chrome),
    }
}

// ---------------------------------------------------------- one term ---

/// What the detail page shows besides the stored term.
#[derive(Default)]
struct DetailState<'a> {
    notice: Option<&'a Notice>,
    /// The edit form as the user filled it in, with its errors.
    edit: Option<(&'a TermForm, Problems)>,
    /// The stored term when an edit came too late (409).
    stale: Option<(Term, i64)>,
    /// An error of the merge form.
    merge_problem: Option<String>,
    /// An error of the delete form.
    delete_problem: Option<String>,
}

/// `GET /themas/{kind}/{id}`.
pub async fn detail(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path((kind, id)): Path<(String, String)>,
    Query(notice): Query<Notice>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/themas/{kind}/{id}"));
    let Some(kind) = page_kind(&kind) else {
        return AppError::NotFound.page(&chrome);
    };
    let view = DetailState {
        notice: Some(&notice),
        ..DetailState::default()
    };
    crate::kernel::error::respond(detail_page(&state, &chrome, kind, &id, view).await, &chrome)
}

async fn detail_page(
    state: &AppState,
    chrome: &Chrome,
    kind: TermKind,
    id: &str,
    view: DetailState<'_>,
) -> Result<Markup, AppError> {
    let lang = chrome.lang;
    let t = |nl, en| chrome.t(nl, en);
    let mut all = super::usage::terms(state, kind).await?;
    if let Some(v) = &chrome.viewer {
        for s in &mut all {
            readable(v, s);
        }
    }
    let stored = all
        .iter()
        .find(|s| s.term.id.as_str() == id)
        .ok_or(AppError::NotFound)?;
    let term = &stored.term;
    let others: Vec<&StoredTerm> = all.iter().filter(|s| s.term.id.as_str() != id).collect();
    let editor = chrome.viewer.as_ref().is_some_and(Viewer::can_edit);
    let chains = stored.chains();
    let initiatives = stored.initiatives();
    let pages = chains.div_ceil(USES_PAGE).max(1);
    let page = view
        .notice
        .and_then(|n| n.pagina)
        .unwrap_or(1)
        .clamp(1, pages)
        - 1;
    let first = page * USES_PAGE;
    let filled;
    let (edit_form, edit_problems) = match &view.edit {
        Some((form, problems)) => (*form, problems.clone()),
        None => {
            filled = TermForm::of(term, stored.version);
            (&filled, Problems::default())
        }
    };
    let body = html! {
        p { a href="/themas" { "← " (t("Thema's en uitdagingen", "Themes and challenges")) } }
        h1 { (term.name) }
        p.muted { (sentence(kind_word(kind, lang))) " · id " code { (term.id) } " · " (t("versie", "version")) " " (stored.version) }
        @if let Some(n) = view.notice {
            @match n.melding.as_str() {
                "aangemaakt" => p.notice role="status" { (sentence(the(kind, lang))) " " (t("is aangemaakt.", "was created.")) },
                "opgeslagen" => p.notice role="status" { (t("De wijzigingen zijn opgeslagen.", "The changes were saved.")) },
                "samengevoegd" => p.notice role="status" {
                    (sentence(kind_word(kind, lang))) " " code { (n.van) } " "
                    (t("is hiermee samengevoegd en verwijderd; ", "was merged into this one and deleted; "))
                    (chains_text(n.ketens.unwrap_or(0), lang)) " "
                    @if n.ketens == Some(1) { (t("is aangepast.", "changed.")) } @else { (t("zijn aangepast.", "changed.")) }
                },
                _ => {}
            }
        }
        dl {
            dt { (t("Omschrijving", "Description")) }
            dd { @if let Some(d) = &term.description { (d) } @else { span.muted { (t("Geen omschrijving.", "No description.")) } } }
            dt { (t("Bronnen", "Sources")) }
            dd {
                @if let Some(sources) = &term.sources {
                    ul { @for s in sources { li { (s) } } }
                } @else { span.muted { (t("Geen bronnen.", "No sources.")) } }
            }
        }
        section aria-labelledby="gebruik" {
            h2 id="gebruik" { (t("Waar gebruikt", "Where it is used")) }
            @if chains == 0 {
                p { (t("Geen enkele redeneerketen noemt ", "No CIMO chain names ")) (the(kind, lang)) "." }
            } @else {
                p { (t("Genoemd in ", "Named in ")) (chains_text(chains, lang)) " " (t("van", "of")) " " (initiatives_text(initiatives.len(), lang)) "." }
                table aria-labelledby="gebruik" {
                    thead { tr {
                        th scope="col" { (t("Initiatief", "Initiative")) }
                        th scope="col" { (t("Sessie", "Session")) }
                        th scope="col" { (t("Niveau", "Level")) }
                    } }
                    tbody {
                        @for u in stored.uses.iter().skip(first).take(USES_PAGE) {
                            tr {
                                td { a href={ "/initiatieven/" (u.initiative_id) } { (u.initiative_name) } }
                                td { (date_text(u.date, lang)) " (" (kind_name(u.session_kind, lang)) ")" }
                                td { (level_name(u.level, lang)) }
                            }
                        }
                    }
                }
                @if chains > USES_PAGE {
                    nav.pages aria-label=(t("Pagina's van het gebruik", "Pages of the uses")) {
                        p {
                            (t("Ketens ", "Chains ")) (first + 1) "–" ((first + USES_PAGE).min(chains)) " " (t("van", "of")) " " (chains) ". "
                            @if page > 0 {
                                a href={ (term_path(kind, id)) "?pagina=" (page) "#gebruik" } rel="prev" { (t("Vorige", "Previous")) }
                                " "
                            }
                            @if first + USES_PAGE < chains {
                                a href={ (term_path(kind, id)) "?pagina=" (page + 2) "#gebruik" } rel="next" { (t("Volgende", "Next")) }
                            }
                        }
                    }
                }
            }
        }
        @if editor {
            section aria-labelledby="bewerken" {
                h2 id="bewerken" { (t("Bewerken", "Edit")) }
                @if let Some((current, version)) = &view.stale {
                    div.notice role="alert" id="bewerken-conflict" {
                        p { strong { (t("Iemand anders heeft dit intussen gewijzigd; uw wijziging is niet opgeslagen.", "Someone else changed this in the meantime; your change was not saved.")) } }
                        p { (t("Nu opgeslagen (versie ", "Stored now (version ")) (version) "):" }
                        dl {
                            dt { (t("Naam", "Name")) } dd { (current.name) }
                            dt { (t("Omschrijving", "Description")) } dd { (current.description.as_deref().unwrap_or("—")) }
                            dt { (t("Bronnen", "Sources")) } dd { @if let Some(s) = &current.sources { (s.join("; ")) } @else { "—" } }
                        }
                        p { (t("Hieronder staat uw invoer. Sla opnieuw op om die alsnog te bewaren, of neem de opgeslagen waarden over.", "Your input is below. Save again to keep it anyway, or take over the stored values.")) }
                    }
                }
                (summary("bewerk", &edit_problems, lang))
                form method="post" action=(term_path(kind, id)) {
                    (csrf_field(chrome))
                    input type="hidden" name="version" value=(view.stale.as_ref().map_or(edit_form.version.clone(), |(_, v)| v.to_string()));
                    (field("bewerk", "name", lang, &edit_form.name, None, None, &edit_problems))
                    (field("bewerk", "description", lang, &edit_form.description, None, Some(4), &edit_problems))
                    (field("bewerk", "sources", lang, &edit_form.sources, Some(t("Eén bron per regel.", "One source per line.")), Some(3), &edit_problems))
                    button type="submit" { (t("Wijzigingen opslaan", "Save changes")) }
                }
            }
            section aria-labelledby="samenvoegen" {
                h2 id="samenvoegen" { (t("Samenvoegen", "Merge")) }
                @if others.is_empty() {
                    p.muted { (t("Er is geen andere ", "There is no other ")) (kind_word(kind, lang)) (t(" om mee samen te voegen.", " to merge into.")) }
                } @else {
                    form method="post" action={ (term_path(kind, id)) "/samenvoegen" } {
                        (csrf_field(chrome))
                        div.field {
                            label for="samenvoegen-into" { (field_label("into", lang)) }
                            @if let Some(p) = &view.merge_problem {
                                p.error id="samenvoegen-into-fout" { (p) }
                            }
                            @let described = if view.merge_problem.is_some() { "samenvoegen-uitleg samenvoegen-into-fout" } else { "samenvoegen-uitleg" };
                            select id="samenvoegen-into" name="into"
                                aria-describedby=(described)
                                aria-invalid=[view.merge_problem.as_ref().map(|_| "true")] {
                                @for o in &others {
                                    option value=(o.term.id) { (o.term.name) " (" (o.term.id) ")" }
                                }
                            }
                        }
                        p id="samenvoegen-uitleg" {
                            (t("Samenvoegen verandert ", "Merging changes ")) strong { (chains_text(chains, lang)) }
                            @match lang {
                                Lang::Nl => { ": elke keten die " (the(kind, lang)) " noemt, noemt daarna de gekozen term. De bronnen komen erbij, en „" (term.name) "” wordt verwijderd." }
                                Lang::En => { ": every chain that names " (the(kind, lang)) " names the chosen one instead. The sources are added to it, and “" (term.name) "” is deleted." }
                            }
                        }
                        button type="submit" { (t("Samenvoegen", "Merge")) }
                    }
                }
            }
            @if let Some(p) = &view.delete_problem {
                section aria-labelledby="verwijderen" {
                    h2 id="verwijderen" { (t("Verwijderen", "Delete")) }
                    p.error role="alert" { (p) }
                }
            } @else if chains == 0 {
                section aria-labelledby="verwijderen" {
                    h2 id="verwijderen" { (t("Verwijderen", "Delete")) }
                    p id="verwijderen-uitleg" { (t("Geen enkele keten noemt ", "No chain names ")) (the(kind, lang)) (t("; verwijderen verandert dus geen ketens.", "; deleting it changes no chains.")) }
                    form method="post" action={ (term_path(kind, id)) "/verwijderen" } {
                        (csrf_field(chrome))
                        button type="submit" aria-describedby="verwijderen-uitleg" { (t("Verwijderen", "Delete")) }
                    }
                }
            }
        }
    };
    Ok(layout::page(chrome, &term.name, body))
}

/// The term's page again, with what went wrong, and the status code.
async fn detail_again(
    state: &AppState,
    chrome: &Chrome,
    kind: TermKind,
    id: &str,
    status: StatusCode,
    view: DetailState<'_>,
) -> Response {
    match detail_page(state, chrome, kind, id, view).await {
        Ok(markup) => (status, markup).into_response(),
        Err(e) => e.page(chrome),
    }
}

/// `POST /themas/{kind}/{id}`: saves an edit.
pub async fn update(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path((kind_text, id)): Path<(String, String)>,
    Form(mut form): Form<TermForm>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/themas/{kind_text}/{id}"));
    let Some(kind) = page_kind(&kind_text) else {
        return AppError::NotFound.page(&chrome);
    };
    if let Err(e) = viewer.authorize_change(Some(&form.csrf)) {
        return AppError::from(e).page(&chrome);
    }
    form.id = id.clone();
    let Ok(version) = form.version.trim().parse::<i64>() else {
        return AppError::BadRequest(
            lang.pick(
                "Het formulier mist zijn versie; laad de pagina opnieuw.",
                "The form lacks its version; reload the page.",
            )
            .into(),
        )
        .page(&chrome);
    };
    let term = match check_term(&form.document()) {
        Ok(term) => term,
        Err(TermError::Invalid(p)) => {
            let view = DetailState {
                edit: Some((&form, Problems::from_fields(&p, lang))),
                ..DetailState::default()
            };
            return detail_again(&state, &chrome, kind, &id, StatusCode::BAD_REQUEST, view).await;
        }
        Err(e) => return AppError::BadRequest(e.message(lang)).page(&chrome),
    };
    match state
        .store
        .update_term(kind, term, version, &viewer.actor(Via::Web))
        .await
    {
        Ok(_) => {
            Redirect::to(&format!("{}?melding=opgeslagen", term_path(kind, &id))).into_response()
        }
        Err(StoreError::Term(TermError::Stale {
            current, version, ..
        })) => {
            let view = DetailState {
                edit: Some((&form, Problems::default())),
                stale: Some((current, version)),
                ..DetailState::default()
            };
            detail_again(&state, &chrome, kind, &id, StatusCode::CONFLICT, view).await
        }
        Err(e) => app_error(e, lang).page(&chrome),
    }
}

/// `POST /themas/{kind}/{id}/samenvoegen`: merges this term into another.
pub async fn merge(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path((kind_text, id)): Path<(String, String)>,
    Form(form): Form<MergeForm>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/themas/{kind_text}/{id}"));
    let Some(kind) = page_kind(&kind_text) else {
        return AppError::NotFound.page(&chrome);
    };
    if let Err(e) = viewer.authorize_change(Some(&form.csrf)) {
        return AppError::from(e).page(&chrome);
    }
    let into = form.into.trim();
    match state
        .store
        .merge_terms(kind, &id, into, &viewer.actor(Via::Web))
        .await
    {
        Ok(summary) => Redirect::to(&format!(
            "{}?melding=samengevoegd&ketens={}&van={id}",
            term_path(kind, into),
            summary.chains
        ))
        .into_response(),
        Err(StoreError::Term(TermError::Unknown { id: missing, .. })) if missing == id => {
            AppError::NotFound.page(&chrome)
        }
        Err(StoreError::Term(
            e @ (TermError::Unknown { .. } | TermError::MergeIntoItself { .. } | TermError::Busy),
        )) => {
            let status = if matches!(e, TermError::Busy) {
                StatusCode::CONFLICT
            } else {
                StatusCode::BAD_REQUEST
            };
            let view = DetailState {
                merge_problem: Some(e.message(lang)),
                ..DetailState::default()
            };
            detail_again(&state, &chrome, kind, &id, status, view).await
        }
        Err(e) => app_error(e, lang).page(&chrome),
    }
}

/// `POST /themas/{kind}/{id}/verwijderen`: deletes an unused term.
pub async fn delete(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path((kind_text, id)): Path<(String, String)>,
    Form(form): Form<CsrfOnly>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/themas/{kind_text}/{id}"));
    let Some(kind) = page_kind(&kind_text) else {
        return AppError::NotFound.page(&chrome);
    };
    if let Err(e) = viewer.authorize_change(Some(&form.csrf)) {
        return AppError::from(e).page(&chrome);
    }
    match state
        .store
        .delete_term(kind, &id, &viewer.actor(Via::Web))
        .await
    {
        Ok(()) => Redirect::to(&format!("/themas?melding=verwijderd&van={id}")).into_response(),
        Err(StoreError::Term(e @ TermError::InUse { .. })) => {
            let view = DetailState {
                delete_problem: Some(e.message(lang)),
                ..DetailState::default()
            };
            detail_again(&state, &chrome, kind, &id, StatusCode::CONFLICT, view).await
        }
        Err(e) => app_error(e, lang).page(&chrome),
    }
}

/// How a refusal of the store is answered.
pub(super) fn app_error(e: StoreError, lang: Lang) -> AppError {
    match e {
        StoreError::Term(e) => match e {
            TermError::Unknown { .. } => AppError::NotFound,
            TermError::Invalid(_) | TermError::MergeIntoItself { .. } => {
                AppError::BadRequest(e.message(lang))
            }
            TermError::Exists { .. }
            | TermError::Stale { .. }
            | TermError::InUse { .. }
            | TermError::Busy => AppError::Conflict(e.message(lang)),
        },
        other => AppError::Store(other),
    }
}
