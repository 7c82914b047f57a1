//! Creating an initiative and editing its own fields (name, problem in
//! context, target groups, sectors, partners). Sessions are edited in the
//! session editor. The rules of the dataset format apply; a stale edit is
//! refused with what changed, and the user's input stays in the form.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::form::{self, FieldErrors, Fields, lines};
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome, csrf_field};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde_json::{Map, Value, json};
use uti_core::Lang;
use uti_core::model::{Initiative, PartnerKind, PartnerRole};
use uti_core::prose::partner_kind_name;
use uti_store::{Saved, StoreError, Via};

/// The initiative as the form holds it.
#[derive(Debug, Clone, Default)]
struct Draft {
    id: String,
    name: String,
    short_name: String,
    sectors: String,
    target_groups: String,
    problem: String,
    website: String,
    /// Name, kind and role (`partner` when the data give none).
    partners: Vec<(String, String, String)>,
}

impl Draft {
    fn from_initiative(i: &Initiative) -> Draft {
        Draft {
            id: i.id.to_string(),
            name: i.name.clone(),
            short_name: i.short_name.clone().unwrap_or_default(),
            sectors: i.sectors.as_deref().unwrap_or_default().join("\n"),
            target_groups: i.target_groups.as_deref().unwrap_or_default().join("\n"),
            problem: i.problem.clone().unwrap_or_default(),
            website: i.website.clone().unwrap_or_default(),
            partners: i
                .partners
                .iter()
                .flatten()
                .map(|p| {
                    (
                        p.name.clone(),
                        p.kind.as_str().to_owned(),
                        p.role.unwrap_or(PartnerRole::Partner).as_str().to_owned(),
                    )
                })
                .collect(),
        }
    }

    /// The form as posted; a new initiative without an id gets one made
    /// from its name (shown in the form when the save fails).
    fn from_fields(f: &Fields) -> Draft {
        let mut partners = Vec::new();
        let mut n = 0;
        while f.0.iter().any(|(k, _)| *k == format!("partners.{n}.name")) {
            partners.push((
                f.get(&format!("partners.{n}.name")).to_owned(),
                f.get(&format!("partners.{n}.kind")).to_owned(),
                f.get(&format!("partners.{n}.role")).to_owned(),
            ));
            n += 1;
        }
        let id = match f.get("id") {
            "" => uti_core::prose::slug_from_name(f.get("name")),
            id => id.to_owned(),
        };
        Draft {
            id,
            name: f.get("name").to_owned(),
            short_name: f.get("short_name").to_owned(),
            sectors: f.get("sectors").to_owned(),
            target_groups: f.get("target_groups").to_owned(),
            problem: f.get("problem").to_owned(),
            website: f.get("website").to_owned(),
            partners,
        }
    }

    /// The document of the dataset format; partner rows without a name are left out.
    fn to_value(&self) -> (Value, Vec<usize>) {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("name".into(), json!(self.name));
        for (key, value) in [
            ("short_name", &self.short_name),
            ("problem", &self.problem),
            ("website", &self.website),
        ] {
            if !value.is_empty() {
                m.insert(key.into(), json!(value));
            }
        }
        for (key, value) in [
            ("sectors", &self.sectors),
            ("target_groups", &self.target_groups),
        ] {
            if !lines(value).is_empty() {
                m.insert(key.into(), json!(lines(value)));
            }
        }
        // Which form row each stored partner came from, to place errors.
        let rows: Vec<usize> = (0..self.partners.len())
            .filter(|&n| !self.partners[n].0.is_empty())
            .collect();
        if !rows.is_empty() {
            m.insert(
                "partners".into(),
                json!(
                    rows.iter()
                        .map(|&n| {
                            let (name, kind, role) = &self.partners[n];
                            let mut p = json!({"name": name, "kind": kind});
                            // The default role is left out, as the data had it.
                            if !role.is_empty() && role != PartnerRole::Partner.as_str() {
                                p["role"] = json!(role);
                            }
                            p
                        })
                        .collect::<Vec<_>>()
                ),
            );
        }
        (Value::Object(m), rows)
    }
}

fn field_label(field: &str, lang: Lang) -> String {
    let t = |nl: &str, en: &str| lang.pick(nl, en).to_owned();
    match field.split('.').collect::<Vec<_>>().as_slice() {
        ["id"] => t("Id", "Id"),
        ["name"] => t("Naam", "Name"),
        ["short_name"] => t("Afkorting", "Abbreviation"),
        ["sectors", ..] => t("Sectoren", "Sectors"),
        ["target_groups", ..] => t("Doelgroepen", "Target groups"),
        ["problem"] => t("Vraagstuk in context", "Problem in context"),
        ["website"] => t("Website", "Website"),
        ["partners", n, ..] => format!(
            "{} {}",
            t("Partner", "Partner"),
            n.parse::<usize>().map_or(0, |n| n + 1)
        ),
        _ => field.to_owned(),
    }
}

/// What is wrong with an initiative's website, if anything: it must be a
/// web address (`http:` or `https:`), which the page shows as a link. A
/// rule of the editors and the API; an import takes what the file says.
pub fn website_error(i: &Initiative) -> Option<uti_core::error::Problem> {
    i.website
        .as_deref()
        .filter(|w| !uti_core::values::is_web_address(w))
        .map(|w| uti_core::error::Problem::BadWebsite(w.to_owned()))
}

/// Checks the draft by the dataset rules; errors placed on the form's fields.
fn check(draft: &Draft, terms: &uti_store::TermIds, lang: Lang) -> Result<Initiative, FieldErrors> {
    let (value, rows) = draft.to_value();
    let mut errors = FieldErrors::new(lang);
    match uti_core::decode::initiative("", &value, terms.themes.clone(), terms.challenges.clone()) {
        Ok(i) => match website_error(&i) {
            None => Ok(i),
            Some(problem) => {
                errors.add("website", problem.message(lang));
                Err(errors)
            }
        },
        Err(e) => {
            // Partner errors point at the stored list; map them back to form rows.
            let mut fields: Vec<String> = [
                "id",
                "name",
                "short_name",
                "sectors",
                "target_groups",
                "problem",
                "website",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            for k in 0..rows.len() {
                fields.push(format!("partners.{k}"));
            }
            let mut placed = FieldErrors::new(lang);
            placed.place(&e, &fields, lang);
            for field in fields {
                let target = match field.strip_prefix("partners.") {
                    Some(k) => format!("partners.{}", rows[k.parse::<usize>().unwrap_or(0)]),
                    None => field.clone(),
                };
                for m in placed.of(&field) {
                    errors.add(&target, m.clone());
                }
            }
            for m in placed.of("") {
                errors.add("", m.clone());
            }
            Err(errors)
        }
    }
}

/// `GET /initiatieven/nieuw`.
pub async fn new_form(
    State(_state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/initiatieven/nieuw");
    if !viewer.can_edit() {
        return AppError::Forbidden.page(&chrome);
    }
    let draft = Draft {
        partners: vec![Default::default(); 2],
        ..Draft::default()
    };
    render(&chrome, None, &draft, &FieldErrors::default(), None).into_response()
}

/// `GET /initiatieven/{id}/bewerken`.
pub async fn edit_form(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/initiatieven/{id}/bewerken"));
    let result = async {
        if !viewer.can_edit() {
            return Err(AppError::Forbidden);
        }
        let stored = state
            .store
            .initiative(&id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut draft = Draft::from_initiative(&stored.initiative);
        draft.partners.push(Default::default());
        Ok(render(
            &chrome,
            Some(stored.version),
            &draft,
            &FieldErrors::default(),
            None,
        ))
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// `POST /initiatieven/nieuw` and `POST /initiatieven/{id}/bewerken`.
pub async fn submit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    path: Option<Path<String>>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let existing = path.map(|Path(id)| id);
    let here = match &existing {
        Some(id) => format!("/initiatieven/{id}/bewerken"),
        None => "/initiatieven/nieuw".to_owned(),
    };
    let chrome = Chrome::new(lang, &viewer, &here);
    let fields = Fields(fields);
    let result = async {
        viewer.authorize_change(Some(fields.get("csrf")))?;
        let mut draft = Draft::from_fields(&fields);
        if let Some(id) = &existing {
            // The id is not editable: it is what others refer to.
            draft.id = id.clone();
        }
        let version: Option<i64> = existing
            .as_ref()
            .map(|_| fields.get("version").parse().unwrap_or(0));
        if fields.get("action") == "add-partner" {
            draft.partners.push(Default::default());
            return Ok(
                render(&chrome, version, &draft, &FieldErrors::default(), None).into_response(),
            );
        }
        let terms = state.store.term_ids().await?;
        let initiative = match check(&draft, &terms, lang) {
            Ok(i) => i,
            Err(errors) => {
                return Ok(render(&chrome, version, &draft, &errors, None).into_response());
            }
        };
        let id = initiative.id.to_string();
        match version {
            None => match state
                .store
                .create_initiative(&initiative, &viewer.actor(Via::Web))
                .await
            {
                Ok(()) => Ok(Redirect::to(&format!(
                    "/initiatieven/{id}?melding=initiatief-aangemaakt"
                ))
                .into_response()),
                Err(StoreError::Conflicts(_)) => {
                    let mut errors = FieldErrors::new(lang);
                    errors.add(
                        "id",
                        match lang {
                            Lang::Nl => format!(
                                "Er is al een initiatief met de id ‘{id}’; kies een andere."
                            ),
                            Lang::En => format!(
                                "There is already an initiative with the id ‘{id}’; choose another."
                            ),
                        },
                    );
                    Ok(render(&chrome, None, &draft, &errors, None).into_response())
                }
                Err(e) => Err(e.into()),
            },
            Some(version) => match state
                .store
                .update_initiative(&initiative, version, &viewer.actor(Via::Web))
                .await?
            {
                None => Err(AppError::NotFound),
                Some(Saved::Done { .. }) => Ok(Redirect::to(&format!(
                    "/initiatieven/{id}?melding=initiatief-opgeslagen"
                ))
                .into_response()),
                Some(Saved::Stale { current }) => {
                    let (current, now) = current.ok_or(AppError::NotFound)?;
                    let notice = stale_notice(&current, &initiative, lang);
                    Ok(render(
                        &chrome,
                        Some(now),
                        &draft,
                        &FieldErrors::default(),
                        Some(notice),
                    )
                    .into_response())
                }
            },
        }
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// What differs between the stored initiative and the one the user sent.
fn stale_notice(stored: &Initiative, mine: &Initiative, lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    let mut differ = Vec::new();
    let a = serde_json::to_value(stored).unwrap_or_default();
    let b = serde_json::to_value(mine).unwrap_or_default();
    for key in [
        "name",
        "short_name",
        "sectors",
        "target_groups",
        "problem",
        "website",
        "partners",
    ] {
        if a.get(key) != b.get(key) {
            differ.push((
                field_label(key, lang),
                a.get(key)
                    .map(show)
                    .unwrap_or_else(|| t("(leeg)", "(empty)").into()),
            ));
        }
    }
    html! {
        div.conflict role="alert" tabindex="-1" id="conflict" {
            h2 { (t("Niet opgeslagen: iemand anders heeft dit initiatief intussen gewijzigd", "Not saved: someone else changed this initiative in the meantime")) }
            p { (t("Zo staat het er nu, waar het verschilt van uw invoer:", "This is what is stored now, where it differs from your input:")) }
            @if differ.is_empty() { p { (t("(geen verschillen met uw invoer)", "(no differences from your input)")) } }
            dl { @for (label, value) in &differ { dt { (label) } dd { (value) } } }
            p { (t("Uw invoer staat nog in het formulier. Sla opnieuw op om die vast te leggen; daarmee vervangt u de versie van de ander.", "Your input is still in the form. Save again to store it; that replaces the other version.")) }
        }
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(|i| match i {
                Value::Object(o) => format!(
                    "{} ({})",
                    o.get("name").and_then(Value::as_str).unwrap_or(""),
                    o.get("kind").and_then(Value::as_str).unwrap_or("")
                ),
                other => show(other),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

fn render(
    chrome: &Chrome,
    version: Option<i64>,
    draft: &Draft,
    e: &FieldErrors,
    conflict: Option<Markup>,
) -> Markup {
    let lang = chrome.lang;
    let t = |nl, en| chrome.t(nl, en);
    let (title, action) = match version {
        None => (
            t("Nieuw initiatief", "New initiative").to_owned(),
            "/initiatieven/nieuw".to_owned(),
        ),
        Some(_) => (
            format!("{} {}", t("Bewerken:", "Edit:"), draft.name),
            format!("/initiatieven/{}/bewerken", draft.id),
        ),
    };
    let kinds: Vec<(&str, &str)> = PartnerKind::ALL
        .iter()
        .map(|k| (k.as_str(), partner_kind_name(*k, lang)))
        .collect();
    let roles: Vec<(&str, &str)> = PartnerRole::ALL
        .iter()
        .map(|r| (r.as_str(), uti_core::prose::partner_role_name(*r, lang)))
        .collect();
    let body = html! {
        p { a href=(if version.is_some() { format!("/initiatieven/{}", draft.id) } else { "/".into() }) { "← " (t("Terug", "Back")) } }
        h1 { (title) }
        @if let Some(c) = conflict { (c) }
        (e.summary(lang, |f| field_label(f, lang)))
        form method="post" action=(action) novalidate {
            (csrf_field(chrome))
            @if let Some(v) = version { input type="hidden" name="version" value=(v); }
            button.sr-only type="submit" name="action" value="save" tabindex="-1" { (t("Opslaan", "Save")) }
            p.hint { (t("Velden met (verplicht) moeten worden ingevuld; de rest kan later.", "Fields marked (required) must be filled in; the rest can wait.")) }
            (form::required_input(e, "name", t("Naam", "Name"), &draft.name, None, lang))
            @if version.is_none() {
                div data-slug-from=(form::field_id("name")) {
                    (form::required_input(e, "id", t("Id", "Id"), &draft.id, Some(t("Wordt uit de naam gemaakt; pas hem gerust aan. Kleine letters, cijfers en streepjes, bijv. leerhuis-techniek. Na het aanmaken ligt hij vast: andere gegevens verwijzen ernaar.", "Made from the name; feel free to change it. Lower-case letters, digits and dashes, e.g. leerhuis-techniek. Fixed once created: other data refer to it.")), lang))
                }
            }
            (form::input(e, "short_name", t("Afkorting", "Abbreviation"), "text", &draft.short_name, None))
            (form::textarea(e, "problem", t("Vraagstuk in context", "Problem in context"), &draft.problem, None, 5))
            (form::textarea(e, "target_groups", t("Doelgroepen", "Target groups"), &draft.target_groups, Some(t("Eén per regel.", "One per line.")), 3))
            (form::textarea(e, "sectors", t("Sectoren", "Sectors"), &draft.sectors, Some(t("Eén per regel, bijv. zorg.", "One per line, e.g. zorg.")), 3))
            (form::input(e, "website", t("Website", "Website"), "url", &draft.website, Some(t("Het volledige adres, bijv. https://www.voorbeeld.nl.", "The full address, e.g. https://www.example.org."))))
            fieldset {
                legend { (t("Partners", "Partners")) }
                p.hint { (t("Laat de naam leeg om een partner weg te laten.", "Leave the name empty to leave a partner out.")) }
                @for (n, (name, kind, role)) in draft.partners.iter().enumerate() {
                    div.row {
                        (form::input(e, &format!("partners.{n}.name"), &format!("{} {}: {}", t("Partner", "Partner"), n + 1, t("naam", "name")), "text", name, None))
                        (form::select(e, &format!("partners.{n}.kind"), &format!("{} {}: {}", t("Partner", "Partner"), n + 1, t("soort", "kind")), kinds.iter().copied(), kind))
                        (form::select(e, &format!("partners.{n}.role"), &format!("{} {}: {}", t("Partner", "Partner"), n + 1, t("rol", "role")), roles.iter().copied(), role))
                    }
                    (form::field_errors(e, &format!("partners.{n}")))
                }
                button.secondary type="submit" name="action" value="add-partner" { "+ " (t("Partner toevoegen", "Add a partner")) }
            }
            div.buttons {
                button type="submit" name="action" value="save" { (if version.is_some() { t("Opslaan", "Save") } else { t("Initiatief aanmaken", "Create the initiative") }) }
            }
        }
    };
    layout::page(chrome, &title, body)
}
