//! What can be wrong with a dataset file, where, and how to say it.
//! Every message names the file, the place and what was expected, in the
//! user's language.

use crate::lang::Lang;
use crate::parse_error::ParseError;
use std::fmt::{self, Write as _};

/// One step of a path into the document: a key or a list index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A key of a map.
    Key(String),
    /// A position in a list (from 0).
    Index(usize),
}

/// Where in a file an error is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole.
    File,
    /// A line and column (from 1), for syntax errors.
    LineColumn {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// A path such as `initiatives[3].sessions[0].llo.opleiden`.
    Path(Vec<Step>),
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::File => Ok(()),
            Place::LineColumn { line, column } => write!(f, "{line}:{column}"),
            Place::Path(steps) => f.write_str(&path_text(steps)),
        }
    }
}

/// Writes a path the way the documentation shows it: `a[0].b`.
pub fn path_text(steps: &[Step]) -> String {
    let mut out = String::new();
    for step in steps {
        match step {
            Step::Key(key) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(i) => {
                let _ = write!(out, "[{i}]");
            }
        }
    }
    out
}

/// What kind of value a key should hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// A map of keys to values.
    Map,
    /// A list.
    List,
    /// A piece of text.
    Text,
    /// A whole number of zero or more.
    Count,
    /// A score: 0, 1 or 2.
    Score,
    /// `true` or `false`.
    Bool,
}

impl Expected {
    fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Expected::Map, Lang::Nl) => "een map (sleutels met waarden)",
            (Expected::Map, Lang::En) => "a map (keys with values)",
            (Expected::List, Lang::Nl) => "een lijst",
            (Expected::List, Lang::En) => "a list",
            (Expected::Text, Lang::Nl) => "tekst",
            (Expected::Text, Lang::En) => "text",
            (Expected::Count, Lang::Nl) => "een geheel getal van 0 of meer",
            (Expected::Count, Lang::En) => "a whole number of 0 or more",
            (Expected::Score, Lang::Nl) => "0, 1 of 2",
            (Expected::Score, Lang::En) => "0, 1 or 2",
            (Expected::Bool, Lang::Nl) => "true of false",
            (Expected::Bool, Lang::En) => "true or false",
        }
    }
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file could not be read.
    Unreadable(String),
    /// The file is larger than the limit.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file name does not end in `.yaml`, `.yml` or `.json`.
    UnknownExtension,
    /// The bytes are not UTF-8.
    NotUtf8,
    /// The YAML or JSON syntax is broken (or, rarely, a value does not fit
    /// the reader); what the parser found, in our own words.
    Syntax(ParseError),
    /// A map that names the same key twice.
    DuplicateKey(String),
    /// A `.json` file that is not JSON but looks like YAML.
    YamlInJsonFile,
    /// The `format` key is missing.
    FormatMissing,
    /// The `format` key has another value.
    FormatUnknown(String),
    /// A required key is missing.
    MissingKey(String),
    /// A key that the format does not know.
    UnknownKey {
        /// The key.
        key: String,
        /// The keys allowed here.
        allowed: Vec<&'static str>,
        /// The allowed key it most resembles.
        suggestion: Option<&'static str>,
    },
    /// A value of the wrong type.
    WrongType {
        /// What should be there.
        expected: Expected,
        /// What is there (`tekst`, `een lijst`, ...), already worded.
        found: Found,
    },
    /// Text that is empty.
    EmptyText,
    /// A list that must hold at least one entry is empty.
    EmptyList,
    /// Not a slug.
    BadSlug(String),
    /// A slug longer than 64 characters.
    SlugTooLong(String),
    /// An id that was used before.
    DuplicateId {
        /// The id.
        id: String,
        /// Where it was first used.
        first: String,
    },
    /// A reference to a record that the file does not define.
    UnknownReference {
        /// The list it should be in: `themes`, `challenges`, `organisations`,
        /// `initiatives` or `goals`.
        list: &'static str,
        /// The id.
        id: String,
    },
    /// An LLO score other than 0, 1 or 2.
    BadScore(String),
    /// A value outside a fixed list.
    NotOneOf {
        /// The value found.
        value: String,
        /// The values allowed.
        allowed: &'static [&'static str],
    },
    /// A date that is not `YYYY-MM-DD` or does not exist.
    BadDate(String),
    /// A website that is not an `http:` or `https:` address (a rule of the
    /// editors and the API, not of an import).
    BadWebsite(String),
    /// A relation from an initiative to itself.
    SelfRelation(String),
    /// The same relation (from, kind, to) twice.
    DuplicateRelation {
        /// Where it was first given.
        first: String,
    },
    /// An end date before the start date.
    EndBeforeStart,
}

/// The kind of value found where another was expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Nothing (null).
    Null,
    /// true or false.
    Bool,
    /// A number.
    Number,
    /// Text.
    Text,
    /// A list.
    List,
    /// A map.
    Map,
}

impl Found {
    fn describe(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Found::Null, Lang::Nl) => "niets (null)",
            (Found::Null, Lang::En) => "nothing (null)",
            (Found::Bool, Lang::Nl) => "waar/onwaar",
            (Found::Bool, Lang::En) => "true/false",
            (Found::Number, Lang::Nl) => "een getal",
            (Found::Number, Lang::En) => "a number",
            (Found::Text, Lang::Nl) => "tekst",
            (Found::Text, Lang::En) => "text",
            (Found::List, Lang::Nl) => "een lijst",
            (Found::List, Lang::En) => "a list",
            (Found::Map, Lang::Nl) => "een map",
            (Found::Map, Lang::En) => "a map",
        }
    }
}

/// One error in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetError {
    /// The file, as the user named it.
    pub file: String,
    /// Where in the file.
    pub place: Place,
    /// What is wrong.
    pub problem: Problem,
}

/// A value as the messages quote it: between single quotes, never in
/// backticks (the messages are read by people, not programmers).
fn quoted(text: &str) -> String {
    format!("‘{text}’")
}

fn or_list(items: &[&str], lang: Lang) -> String {
    let quoted: Vec<String> = items.iter().map(|i| quoted(i)).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), lang.pick("of", "or")),
    }
}

/// What a field holds, as the object of "Vul ... in" / "Enter ...", for
/// the keys a person fills in a form.
fn field_noun(key: &str, lang: Lang) -> Option<&'static str> {
    Some(match key {
        "name" => lang.pick("een naam", "a name"),
        "id" => lang.pick("een id", "an id"),
        "short_name" => lang.pick("een afkorting", "an abbreviation"),
        "problem" => lang.pick("het vraagstuk", "the problem"),
        "website" => lang.pick("een website", "a website"),
        "context" => lang.pick("de context", "the context"),
        "date" => lang.pick("een datum", "a date"),
        "participants" => lang.pick("een aantal", "a number"),
        "description" => lang.pick("een beschrijving", "a description"),
        "network" => lang.pick("de naam van het netwerk", "the name of the network"),
        "notes" | "werkplekleren_notes" => lang.pick("een toelichting", "a note"),
        _ => return None,
    })
}

/// The last key of a path (`cimo[2].context` gives `context`), and whether
/// an index follows it (an item of that list).
fn last_key(steps: &[Step]) -> Option<(&str, bool)> {
    let mut item = false;
    for step in steps.iter().rev() {
        match step {
            Step::Index(_) => item = true,
            Step::Key(k) => return Some((k.as_str(), item)),
        }
    }
    None
}

/// Whether a text has the shape of a date (`2023-02-30`, `30-02-2023`),
/// so that a date that does not exist is told apart from one written
/// another way.
fn date_shaped(text: &str) -> bool {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let digits = |p: &str, min: usize, max: usize| {
        (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    match parts.as_slice() {
        [y, m, d] if digits(y, 4, 4) => digits(m, 1, 2) && digits(d, 1, 2),
        [d, m, y] => digits(d, 1, 2) && digits(m, 1, 2) && digits(y, 4, 4),
        _ => false,
    }
}

impl Problem {
    /// The problem as a sentence in the given language.
    pub fn message(&self, lang: Lang) -> String {
        self.message_at(&[], lang)
    }

    /// The problem as a sentence, worded for the field at the end of
    /// `steps` where that helps ("Vul een naam in.").
    pub fn message_at(&self, steps: &[Step], lang: Lang) -> String {
        use Lang::{En, Nl};
        let key = last_key(steps);
        let noun = key
            .filter(|(_, item)| !item)
            .and_then(|(k, _)| field_noun(k, lang));
        match (self, lang) {
            (Problem::Unreadable(why), _) => unreadable(why, lang),
            (Problem::TooLarge { size, limit }, Nl) => format!(
                "Het bestand is te groot ({} MiB); de grens is {} MiB (te verhogen met --max-size).",
                size >> 20,
                limit >> 20
            ),
            (Problem::TooLarge { size, limit }, En) => format!(
                "The file is too large ({} MiB); the limit is {} MiB (raise it with --max-size).",
                size >> 20,
                limit >> 20
            ),
            (Problem::UnknownExtension, Nl) => {
                "Onbekende bestandsnaam: de naam moet eindigen op .yaml, .yml of .json.".into()
            }
            (Problem::UnknownExtension, En) => {
                "Unknown file name: the name must end in .yaml, .yml or .json.".into()
            }
            (Problem::NotUtf8, Nl) => "Het bestand is geen geldige UTF-8-tekst.".into(),
            (Problem::NotUtf8, En) => "The file is not valid UTF-8 text.".into(),
            (Problem::Syntax(e), Nl) => format!("Ongeldige {}: {}", e.syntax_name(), e.message(lang)),
            (Problem::Syntax(e), En) => format!("Invalid {}: {}", e.syntax_name(), e.message(lang)),
            (Problem::DuplicateKey(k), Nl) => {
                format!("De sleutel {} staat twee keer in dezelfde map; geef elke sleutel één keer.", quoted(k))
            }
            (Problem::DuplicateKey(k), En) => {
                format!("The key {} appears twice in the same map; give each key once.", quoted(k))
            }
            (Problem::YamlInJsonFile, Nl) => {
                "Dit bestand heet .json maar bevat geen JSON (het lijkt YAML); geef het de extensie .yaml.".into()
            }
            (Problem::YamlInJsonFile, En) => {
                "This file is named .json but does not hold JSON (it looks like YAML); name it .yaml.".into()
            }
            (Problem::FormatMissing, Nl) => "De sleutel ‘format’ ontbreekt; zet bovenaan format: uti-dataset/1.".into(),
            (Problem::FormatMissing, En) => "The key ‘format’ is missing; put format: uti-dataset/1 at the top.".into(),
            (Problem::FormatUnknown(found), Nl) => {
                format!("Onbekend formaat {}; dit programma leest uti-dataset/1.", quoted(found))
            }
            (Problem::FormatUnknown(found), En) => {
                format!("Unknown format {}; this program reads uti-dataset/1.", quoted(found))
            }
            (Problem::MissingKey(k), Nl) => match field_noun(k, lang) {
                Some(noun) => format!("Vul {noun} in (de verplichte sleutel {} ontbreekt).", quoted(k)),
                None => format!("De verplichte sleutel {} ontbreekt.", quoted(k)),
            },
            (Problem::MissingKey(k), En) => match field_noun(k, lang) {
                Some(noun) => format!("Enter {noun} (the required key {} is missing).", quoted(k)),
                None => format!("The required key {} is missing.", quoted(k)),
            },
            (Problem::UnknownKey { key, allowed, suggestion }, _) => {
                let mut text = match lang {
                    Nl => format!("Onbekende sleutel {}", quoted(key)),
                    En => format!("Unknown key {}", quoted(key)),
                };
                if let Some(s) = suggestion {
                    let _ = write!(text, "{}{}?)", lang.pick(" (bedoelt u ", " (did you mean "), quoted(s));
                }
                let _ = write!(text, "; {} {}.", lang.pick("toegestaan zijn", "allowed are"), or_list(allowed, lang));
                text
            }
            (Problem::WrongType { expected: Expected::Count, found }, _) => match (key, lang) {
                (Some(("participants", false)), Nl) => "Vul een aantal in, bijvoorbeeld 6.".into(),
                (Some(("participants", false)), En) => "Enter a number, for example 6.".into(),
                (_, Nl) => format!("Vul een geheel getal in (0 of meer), bijvoorbeeld 6; er staat nu {}.", found.describe(lang)),
                (_, En) => format!("Enter a whole number (0 or more), for example 6; it is now {}.", found.describe(lang)),
            },
            (Problem::WrongType { expected, found }, Nl) => {
                format!("Hier hoort {}, maar er staat {}.", expected.describe(lang), found.describe(lang))
            }
            (Problem::WrongType { expected, found }, En) => {
                format!("This should be {}, but it is {}.", expected.describe(lang), found.describe(lang))
            }
            (Problem::EmptyText, Nl) => match noun {
                Some(noun) => format!("Vul {noun} in."),
                None => "Deze tekst is leeg; vul hem in of laat hem weg.".into(),
            },
            (Problem::EmptyText, En) => match noun {
                Some(noun) => format!("Enter {noun}."),
                None => "This text is empty; fill it in or leave it out.".into(),
            },
            (Problem::EmptyList, Nl) => match key {
                Some(("interventions", _)) => "Vul ten minste één interventie in.".into(),
                _ => "Deze lijst is leeg; geef ten minste één item.".into(),
            },
            (Problem::EmptyList, En) => match key {
                Some(("interventions", _)) => "Enter at least one intervention.".into(),
                _ => "This list is empty; give at least one entry.".into(),
            },
            (Problem::BadSlug(v), Nl) if v.trim().is_empty() => "Vul een id in.".into(),
            (Problem::BadSlug(v), En) if v.trim().is_empty() => "Enter an id.".into(),
            (Problem::BadSlug(v), Nl) => format!(
                "{} kan geen id zijn: gebruik alleen kleine letters, cijfers en losse streepjes, bijvoorbeeld leerhuis-techniek.",
                quoted(v)
            ),
            (Problem::BadSlug(v), En) => format!(
                "{} cannot be an id: use only lower-case letters, digits and single dashes, for example leerhuis-techniek.",
                quoted(v)
            ),
            (Problem::SlugTooLong(v), Nl) => format!("De id {} is te lang; gebruik ten hoogste 64 tekens.", quoted(v)),
            (Problem::SlugTooLong(v), En) => format!("The id {} is too long; use at most 64 characters.", quoted(v)),
            (Problem::DuplicateId { id, first }, Nl) => {
                format!("De id {} is al in gebruik, bij {first}; kies een andere.", quoted(id))
            }
            (Problem::DuplicateId { id, first }, En) => {
                format!("The id {} is already in use, at {first}; choose another.", quoted(id))
            }
            (Problem::UnknownReference { list, id }, Nl) => {
                let what = match *list {
                    "themes" => "thema",
                    "challenges" => "uitdaging",
                    "organisations" => "organisatie",
                    "initiatives" => "initiatief",
                    _ => "doel",
                };
                format!("Er is geen {what} met id {}; kies er een uit de lijst {list}.", quoted(id))
            }
            (Problem::UnknownReference { list, id }, En) => {
                let what = match *list {
                    "themes" => "theme",
                    "challenges" => "challenge",
                    "organisations" => "organisation",
                    "initiatives" => "initiative",
                    _ => "goal",
                };
                format!("There is no {what} with id {}; choose one from the list {list}.", quoted(id))
            }
            (Problem::SelfRelation(id), Nl) => {
                format!("Een relatie verbindt twee verschillende initiatieven; hier staat twee keer {}.", quoted(id))
            }
            (Problem::SelfRelation(id), En) => {
                format!("A relation joins two different initiatives; this one names {} twice.", quoted(id))
            }
            (Problem::DuplicateRelation { first }, Nl) => {
                format!("Deze relatie staat er al, bij {first}; geef elke relatie één keer.")
            }
            (Problem::DuplicateRelation { first }, En) => {
                format!("This relation is already given, at {first}; give each relation once.")
            }
            (Problem::EndBeforeStart, Nl) => "De einddatum ligt vóór de begindatum.".into(),
            (Problem::EndBeforeStart, En) => "The end date is before the start date.".into(),
            (Problem::BadScore(v), Nl) => format!("{} is geen score; kies 0, 1 of 2.", quoted(v)),
            (Problem::BadScore(v), En) => format!("{} is not a score; choose 0, 1 or 2.", quoted(v)),
            (Problem::NotOneOf { value, allowed }, Nl) if value.trim().is_empty() => {
                format!("Kies {}.", or_list(allowed, lang))
            }
            (Problem::NotOneOf { value, allowed }, En) if value.trim().is_empty() => {
                format!("Choose {}.", or_list(allowed, lang))
            }
            (Problem::NotOneOf { value, allowed }, Nl) => {
                format!("Onbekende waarde {}; kies {}.", quoted(value), or_list(allowed, lang))
            }
            (Problem::NotOneOf { value, allowed }, En) => {
                format!("Unknown value {}; choose {}.", quoted(value), or_list(allowed, lang))
            }
            (Problem::BadDate(v), Nl) if v.trim().is_empty() => {
                "Vul een datum in, bijvoorbeeld 2024-03-12.".into()
            }
            (Problem::BadDate(v), En) if v.trim().is_empty() => {
                "Enter a date, for example 2024-03-12.".into()
            }
            (Problem::BadDate(v), Nl) if date_shaped(v) && crate::values::IsoDate::parse_day_first(v).is_some() => {
                let iso = crate::values::IsoDate::parse_day_first(v).map(|d| d.to_string()).unwrap_or_default();
                format!("Schrijf de datum {} als jaar-maand-dag: {iso}.", quoted(v))
            }
            (Problem::BadDate(v), En) if date_shaped(v) && crate::values::IsoDate::parse_day_first(v).is_some() => {
                let iso = crate::values::IsoDate::parse_day_first(v).map(|d| d.to_string()).unwrap_or_default();
                format!("Write the date {} as year-month-day: {iso}.", quoted(v))
            }
            (Problem::BadDate(v), Nl) if date_shaped(v) => {
                format!("De datum {} bestaat niet; kijk de dag en de maand na.", quoted(v))
            }
            (Problem::BadDate(v), En) if date_shaped(v) => {
                format!("The date {} does not exist; check the day and the month.", quoted(v))
            }
            (Problem::BadDate(v), Nl) => {
                format!("{} is geen datum; schrijf jaar-maand-dag, bijvoorbeeld 2024-03-12.", quoted(v))
            }
            (Problem::BadDate(v), En) => {
                format!("{} is not a date; write year-month-day, for example 2024-03-12.", quoted(v))
            }
            (Problem::BadWebsite(v), Nl) => format!(
                "{} is geen webadres; schrijf het volledige adres, bijvoorbeeld https://www.voorbeeld.nl.",
                quoted(v)
            ),
            (Problem::BadWebsite(v), En) => format!(
                "{} is not a web address; write the full address, for example https://www.example.org.",
                quoted(v)
            ),
        }
    }
}

impl DatasetError {
    /// The problem as a sentence, worded for the field its path ends in
    /// (what a form shows beside the field).
    pub fn problem_message(&self, lang: Lang) -> String {
        match &self.place {
            Place::Path(steps) => self.problem.message_at(steps, lang),
            _ => self.problem.message(lang),
        }
    }

    /// `file: place: message`, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        let text = self.problem_message(lang);
        match &self.place {
            Place::File => format!("{}: {text}", self.file),
            Place::LineColumn { line, column } => {
                format!("{}:{line}:{column}: {text}", self.file)
            }
            Place::Path(steps) if steps.is_empty() => format!("{}: {text}", self.file),
            Place::Path(steps) => format!("{}: {}: {text}", self.file, path_text(steps)),
        }
    }
}

/// The closest allowed key to a misspelt one, if it is close enough.
pub fn suggest(key: &str, allowed: &[&'static str]) -> Option<&'static str> {
    allowed
        .iter()
        .map(|a| (edit_distance(key, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let old = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = old;
        }
    }
    row[b.len()]
}

/// Why a file could not be read, from the kind of the operating system's
/// error (`NotFound`), in words: never the system's own English.
fn unreadable(kind: &str, lang: Lang) -> String {
    let why = match (kind, lang) {
        ("NotFound", Lang::Nl) => "het bestaat niet (kijk de naam en de map na)",
        ("NotFound", Lang::En) => "it does not exist (check the name and the folder)",
        ("PermissionDenied", Lang::Nl) => "u hebt geen recht om het te lezen",
        ("PermissionDenied", Lang::En) => "you have no permission to read it",
        ("IsADirectory", Lang::Nl) => "dit is een map, geen bestand",
        ("IsADirectory", Lang::En) => "this is a folder, not a file",
        (_, Lang::Nl) => "het besturingssysteem gaf een leesfout",
        (_, Lang::En) => "the operating system reported a read error",
    };
    match lang {
        Lang::Nl => format!("Kan het bestand niet lezen: {why}."),
        Lang::En => format!("Cannot read the file: {why}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_misspelt_key_gets_a_suggestion() {
        assert_eq!(
            suggest("intervention", &["interventions", "mechanisms"]),
            Some("interventions")
        );
        assert_eq!(
            suggest("werkplekleer", &["werkplekleren", "lessons"]),
            Some("werkplekleren")
        );
        assert_eq!(suggest("colour", &["level", "context"]), None);
    }

    #[test]
    fn paths_read_as_in_the_documentation() {
        let steps = vec![
            Step::Key("initiatives".into()),
            Step::Index(3),
            Step::Key("sessions".into()),
            Step::Index(0),
            Step::Key("llo".into()),
            Step::Key("opleiden".into()),
        ];
        assert_eq!(path_text(&steps), "initiatives[3].sessions[0].llo.opleiden");
    }
}
