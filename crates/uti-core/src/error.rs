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
    /// A reference to a theme or challenge that the file does not define.
    UnknownReference {
        /// `themes` or `challenges`.
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

fn or_list(items: &[&str], lang: Lang) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), lang.pick("of", "or")),
    }
}

impl Problem {
    /// The problem as a sentence in the given language.
    pub fn message(&self, lang: Lang) -> String {
        use Lang::{En, Nl};
        match (self, lang) {
            (Problem::Unreadable(why), Nl) => format!("kan het bestand niet lezen: {why}"),
            (Problem::Unreadable(why), En) => format!("cannot read the file: {why}"),
            (Problem::TooLarge { size, limit }, Nl) => format!(
                "het bestand is te groot ({} MiB); de grens is {} MiB (te verhogen met --max-size)",
                size >> 20,
                limit >> 20
            ),
            (Problem::TooLarge { size, limit }, En) => format!(
                "the file is too large ({} MiB); the limit is {} MiB (raise it with --max-size)",
                size >> 20,
                limit >> 20
            ),
            (Problem::UnknownExtension, Nl) => {
                "onbekende bestandsnaam; verwacht een naam die eindigt op .yaml, .yml of .json".into()
            }
            (Problem::UnknownExtension, En) => {
                "unknown file name; expected a name ending in .yaml, .yml or .json".into()
            }
            (Problem::NotUtf8, Nl) => "het bestand is geen geldige UTF-8-tekst".into(),
            (Problem::NotUtf8, En) => "the file is not valid UTF-8 text".into(),
            (Problem::Syntax(e), Nl) => format!("ongeldige {}: {}", e.syntax_name(), e.message(lang)),
            (Problem::Syntax(e), En) => format!("invalid {}: {}", e.syntax_name(), e.message(lang)),
            (Problem::DuplicateKey(key), Nl) => {
                format!("de sleutel `{key}` staat twee keer in dezelfde map; verwacht elke sleutel één keer")
            }
            (Problem::DuplicateKey(key), En) => {
                format!("the key `{key}` appears twice in the same map; expected each key once")
            }
            (Problem::YamlInJsonFile, Nl) => {
                "dit bestand heet .json maar bevat geen JSON (het lijkt YAML); geef het de extensie .yaml".into()
            }
            (Problem::YamlInJsonFile, En) => {
                "this file is named .json but does not hold JSON (it looks like YAML); name it .yaml".into()
            }
            (Problem::FormatMissing, Nl) => "de sleutel `format` ontbreekt; verwacht `format: uti-dataset/1`".into(),
            (Problem::FormatMissing, En) => "the key `format` is missing; expected `format: uti-dataset/1`".into(),
            (Problem::FormatUnknown(found), Nl) => {
                format!("onbekend formaat `{found}`; verwacht `uti-dataset/1`")
            }
            (Problem::FormatUnknown(found), En) => {
                format!("unknown format `{found}`; expected `uti-dataset/1`")
            }
            (Problem::MissingKey(key), Nl) => format!("verplichte sleutel `{key}` ontbreekt"),
            (Problem::MissingKey(key), En) => format!("required key `{key}` is missing"),
            (Problem::UnknownKey { key, allowed, suggestion }, _) => {
                let mut text = match lang {
                    Nl => format!("onbekende sleutel `{key}`"),
                    En => format!("unknown key `{key}`"),
                };
                if let Some(s) = suggestion {
                    let _ = write!(text, "{}`{s}`?", lang.pick(" (bedoelt u ", " (did you mean "));
                    text.push(')');
                }
                let _ = write!(text, "; {} {}", lang.pick("toegestaan zijn", "allowed are"), or_list(allowed, lang));
                text
            }
            (Problem::WrongType { expected, found }, Nl) => {
                format!("verwacht {}, maar gevonden: {}", expected.describe(lang), found.describe(lang))
            }
            (Problem::WrongType { expected, found }, En) => {
                format!("expected {}, found {}", expected.describe(lang), found.describe(lang))
            }
            (Problem::EmptyText, Nl) => "de tekst is leeg; verwacht een niet-lege tekst".into(),
            (Problem::EmptyText, En) => "the text is empty; expected non-empty text".into(),
            (Problem::EmptyList, Nl) => "de lijst is leeg; verwacht ten minste één item".into(),
            (Problem::EmptyList, En) => "the list is empty; expected at least one entry".into(),
            (Problem::BadSlug(v), Nl) => format!(
                "`{v}` is geen geldige id; verwacht kleine letters en cijfers, gescheiden door enkele streepjes (bijv. `leerhuis-techniek`)"
            ),
            (Problem::BadSlug(v), En) => format!(
                "`{v}` is not a valid id; expected lower-case letters and digits separated by single dashes (e.g. `leerhuis-techniek`)"
            ),
            (Problem::SlugTooLong(v), Nl) => format!("de id `{v}` is langer dan 64 tekens"),
            (Problem::SlugTooLong(v), En) => format!("the id `{v}` is longer than 64 characters"),
            (Problem::DuplicateId { id, first }, Nl) => {
                format!("de id `{id}` komt dubbel voor; hij staat al bij {first}")
            }
            (Problem::DuplicateId { id, first }, En) => {
                format!("the id `{id}` is used twice; it is already used at {first}")
            }
            (Problem::UnknownReference { list, id }, Nl) => {
                let what = if *list == "themes" { "onbekend thema" } else { "onbekende uitdaging" };
                format!("verwijzing naar {what} `{id}`; verwacht een id uit `{list}`")
            }
            (Problem::UnknownReference { list, id }, En) => {
                let what = if *list == "themes" { "theme" } else { "challenge" };
                format!("reference to unknown {what} `{id}`; expected an id from `{list}`")
            }
            (Problem::BadScore(v), Nl) => format!("score `{v}` is ongeldig; verwacht 0, 1 of 2"),
            (Problem::BadScore(v), En) => format!("score `{v}` is not valid; expected 0, 1 or 2"),
            (Problem::NotOneOf { value, allowed }, Nl) => {
                format!("onbekende waarde `{value}`; verwacht {}", or_list(allowed, lang))
            }
            (Problem::NotOneOf { value, allowed }, En) => {
                format!("unknown value `{value}`; expected {}", or_list(allowed, lang))
            }
            (Problem::BadDate(v), Nl) => {
                format!("`{v}` is geen bestaande datum; verwacht JJJJ-MM-DD, bijv. 2024-03-12")
            }
            (Problem::BadDate(v), En) => {
                format!("`{v}` is not a real date; expected YYYY-MM-DD, e.g. 2024-03-12")
            }
        }
    }
}

impl DatasetError {
    /// `file: place: message`, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match &self.place {
            Place::File => format!("{}: {}", self.file, self.problem.message(lang)),
            Place::LineColumn { line, column } => format!(
                "{}:{line}:{column}: {}",
                self.file,
                self.problem.message(lang)
            ),
            Place::Path(steps) if steps.is_empty() => {
                format!("{}: {}", self.file, self.problem.message(lang))
            }
            Place::Path(steps) => format!(
                "{}: {}: {}",
                self.file,
                path_text(steps),
                self.problem.message(lang)
            ),
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
