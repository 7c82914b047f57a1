//! Pieces shared by the editing forms: the posted fields, errors placed
//! beside the field they belong to (and summarised at the top, with
//! links), and labelled inputs that point to their error.
//!
//! A form field is named after its place in the dataset format
//! (`date`, `llo.opleiden`, `cimo.2.interventions`), so an error of the
//! dataset rules, whose path is `cimo[2].interventions[0]`, finds its field.

use maud::{Markup, html};
use std::collections::BTreeMap;
use uti_core::Lang;
use uti_core::decode::DecodeErrors;
use uti_core::error::{Place, Step};

/// The fields of a posted form, in order (a name may come more than once).
#[derive(Debug, Clone, Default)]
pub struct Fields(pub Vec<(String, String)>);

impl Fields {
    /// The first value of a field, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Every value of a field (checkboxes), non-empty ones only.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }
}

/// Splits a text area into its non-empty lines.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The errors of a form, by field name; `""` holds those of the form as a whole.
#[derive(Debug, Clone, Default)]
pub struct FieldErrors {
    by_field: BTreeMap<String, Vec<String>>,
    /// Field names in the order the errors were added (for the summary).
    order: Vec<String>,
    /// The language of the messages (for the screen reader's "Fout:").
    lang: Lang,
}

impl FieldErrors {
    /// No errors yet, to be worded in `lang`.
    pub fn new(lang: Lang) -> FieldErrors {
        FieldErrors {
            lang,
            ..FieldErrors::default()
        }
    }

    /// Adds an error to a field.
    pub fn add(&mut self, field: &str, message: String) {
        if !self.by_field.contains_key(field) {
            self.order.push(field.to_owned());
        }
        self.by_field
            .entry(field.to_owned())
            .or_default()
            .push(message);
    }

    /// Places the errors of the dataset rules on the fields they concern:
    /// the longest of `fields` that the error's path starts with, or the
    /// form as a whole.
    pub fn place(&mut self, errors: &DecodeErrors, fields: &[String], lang: Lang) {
        self.lang = lang;
        for e in &errors.errors {
            let key = match &e.place {
                Place::Path(steps) => field_key(steps),
                _ => String::new(),
            };
            let field = fields
                .iter()
                .filter(|f| key == **f || key.starts_with(&format!("{f}.")))
                .max_by_key(|f| f.len())
                .cloned()
                .unwrap_or_default();
            self.add(&field, e.problem_message(lang));
        }
        if errors.more > 0 {
            self.add(
                "",
                format!(
                    "{} {}",
                    errors.more,
                    lang.pick("fouten meer", "more errors")
                ),
            );
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.by_field.is_empty()
    }

    /// The errors of one field.
    pub fn of(&self, field: &str) -> &[String] {
        self.by_field.get(field).map_or(&[], Vec::as_slice)
    }

    /// The summary at the top of the form: every error, linked to its
    /// field. It takes the focus when the page loads (WCAG 3.3.1), so that
    /// a failed save is heard and seen first.
    pub fn summary(&self, lang: Lang, label: impl Fn(&str) -> String) -> Markup {
        html! {
            @if !self.is_empty() {
                div.error-summary id="fouten" role="alert" aria-labelledby="fouten-titel" tabindex="-1" autofocus {
                    h2 id="fouten-titel" { (lang.pick("Er is iets niet in orde", "Something needs fixing")) }
                    p { (lang.pick("Er is niets opgeslagen. Verbeter het volgende en sla opnieuw op:", "Nothing was saved. Fix the following and save again:")) }
                    ul {
                        @for field in &self.order {
                            @for message in self.of(field) {
                                li {
                                    @if field.is_empty() { (message) } @else {
                                        a href={ "#" (field_id(field)) } { (label(field)) ": " (message) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The dataset path of an error as a field name: `cimo[2].interventions[0]`
/// becomes `cimo.2.interventions.0`.
fn field_key(steps: &[Step]) -> String {
    steps
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.clone(),
            Step::Index(i) => i.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// The HTML id of a field: `f-cimo-2-interventions`.
pub fn field_id(field: &str) -> String {
    format!("f-{}", field.replace(['.', '_'], "-"))
}

/// The id of a field's error message.
fn error_id(field: &str) -> String {
    format!("{}-fout", field_id(field))
}

/// The error messages of a field, to put right under its label.
pub fn field_errors(errors: &FieldErrors, field: &str) -> Markup {
    html! {
        @if !errors.of(field).is_empty() {
            p.error id=(error_id(field)) {
                @for (i, m) in errors.of(field).iter().enumerate() {
                    @if i > 0 { br; }
                    span.sr-only { (errors.lang.pick("Fout: ", "Error: ")) } (m)
                }
            }
        }
    }
}

/// The attributes that tie an input to its error: `aria-invalid` and
/// `aria-describedby`, as (invalid, describedby) values.
pub fn aria(
    errors: &FieldErrors,
    field: &str,
    hint: Option<&str>,
) -> (Option<&'static str>, Option<String>) {
    let has = !errors.of(field).is_empty();
    let mut ids = Vec::new();
    if let Some(h) = hint {
        ids.push(h.to_owned());
    }
    if has {
        ids.push(error_id(field));
    }
    (
        has.then_some("true"),
        (!ids.is_empty()).then(|| ids.join(" ")),
    )
}

/// The mark of a required field, beside its label: "(verplicht)" in words,
/// so that it needs no legend. Screen readers hear "required" from the
/// field's `aria-required` instead, and the label keeps its plain name.
pub fn required_mark(lang: Lang) -> Markup {
    html! { " " span.required aria-hidden="true" { (lang.pick("(verplicht)", "(required)")) } }
}

/// A labelled one-line input.
pub fn input(
    errors: &FieldErrors,
    field: &str,
    label: &str,
    kind: &str,
    value: &str,
    hint: Option<&str>,
) -> Markup {
    input_with(errors, field, label, kind, value, hint, None)
}

/// A labelled one-line input that must be filled in: marked so in its
/// label (in `lang`) and with `aria-required`.
pub fn required_input(
    errors: &FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    lang: Lang,
) -> Markup {
    input_with(errors, field, label, "text", value, hint, Some(lang))
}

fn input_with(
    errors: &FieldErrors,
    field: &str,
    label: &str,
    kind: &str,
    value: &str,
    hint: Option<&str>,
    required: Option<Lang>,
) -> Markup {
    let id = field_id(field);
    let hint_id = hint.map(|_| format!("{id}-hint"));
    let (invalid, described) = aria(errors, field, hint_id.as_deref());
    html! {
        div.field {
            label for=(id) { (label) }
            @if let Some(lang) = required { (required_mark(lang)) }
            @if let (Some(h), Some(hid)) = (hint, &hint_id) { p.hint id=(hid) { (h) } }
            (field_errors(errors, field))
            input type=(kind) id=(id) name=(field) value=(value) aria-invalid=[invalid] aria-describedby=[described] aria-required=[required.map(|_| "true")];
        }
    }
}

/// A labelled text area.
pub fn textarea(
    errors: &FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    rows: u8,
) -> Markup {
    textarea_with(errors, field, label, value, hint, rows, None)
}

/// A labelled text area that must be filled in (see [`required_input`]).
pub fn required_textarea(
    errors: &FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    rows: u8,
    lang: Lang,
) -> Markup {
    textarea_with(errors, field, label, value, hint, rows, Some(lang))
}

fn textarea_with(
    errors: &FieldErrors,
    field: &str,
    label: &str,
    value: &str,
    hint: Option<&str>,
    rows: u8,
    required: Option<Lang>,
) -> Markup {
    let id = field_id(field);
    let hint_id = hint.map(|_| format!("{id}-hint"));
    let (invalid, described) = aria(errors, field, hint_id.as_deref());
    html! {
        div.field {
            label for=(id) { (label) }
            @if let Some(lang) = required { (required_mark(lang)) }
            @if let (Some(h), Some(hid)) = (hint, &hint_id) { p.hint id=(hid) { (h) } }
            (field_errors(errors, field))
            textarea id=(id) name=(field) rows=(rows) aria-invalid=[invalid] aria-describedby=[described] aria-required=[required.map(|_| "true")] { (value) }
        }
    }
}

/// A labelled `<select>` of (value, text) options.
pub fn select<'a>(
    errors: &FieldErrors,
    field: &str,
    label: &str,
    options: impl IntoIterator<Item = (&'a str, &'a str)>,
    selected: &str,
) -> Markup {
    let id = field_id(field);
    let (invalid, described) = aria(errors, field, None);
    html! {
        div.field {
            label for=(id) { (label) }
            (field_errors(errors, field))
            select id=(id) name=(field) aria-invalid=[invalid] aria-describedby=[described] {
                @for (value, text) in options {
                    option value=(value) selected[value == selected] { (text) }
                }
            }
        }
    }
}
