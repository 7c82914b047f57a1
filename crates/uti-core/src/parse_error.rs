//! What a YAML or JSON parser reported, in words a researcher can act on.
//!
//! serde_json and serde-saphyr speak English (`while parsing a block
//! mapping, did not find expected key`). [`ParseError`] turns their errors
//! into a kind, a line and a column, and the names they carry (a field, a
//! bracket), without any of their text; [`ParseError::message`] words it in
//! Dutch or English. The parsers' own words are kept in
//! [`ParseError::detail`] and appear only in English, and only where we do
//! not recognise the case.
//!
//! Callers with a parser error in hand and no place of their own to show it
//! (a JSON request body) use [`json_body_message`], [`json_message`] or
//! [`yaml_message`], which say where as "regel 3, kolom 5".

use crate::lang::Lang;
use crate::syntax::Syntax;
use std::fmt::Write as _;

/// A line and a column in the parsed text, both from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
}

/// What a parser stopped on, as a language-independent value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The syntax that was being read.
    pub syntax: Syntax,
    /// What is wrong.
    pub kind: ParseErrorKind,
    /// Where, if the parser said.
    pub position: Option<Position>,
    /// The parser's own (English) words, without their position. Shown
    /// only in English, and only for [`ParseErrorKind::Other`].
    pub detail: String,
}

/// The kind of a value, as found in the text or as expected there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Nothing (`null`, or an empty YAML value).
    Null,
    /// `true` or `false`.
    Bool,
    /// A whole number.
    Integer,
    /// A whole number of zero or more.
    Count,
    /// A number with decimals.
    Float,
    /// Any number.
    Number,
    /// Text.
    Text,
    /// A list.
    List,
    /// A map (JSON: an object).
    Map,
    /// Something else.
    Other,
}

/// A container the text ended in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A list (`[`).
    List,
    /// A map or object (`{`).
    Map,
    /// Text in double quotes.
    Text,
}

/// What is wrong, whichever parser found it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseErrorKind {
    /// The text ends in the middle of something.
    UnexpectedEnd(Option<Container>),
    /// More follows after the complete value.
    TrailingCharacters,
    /// A value is expected here.
    ExpectedValue,
    /// A JSON key without double quotes.
    KeyMustBeString,
    /// A key without its `:`.
    ExpectedColon,
    /// A `,` or the closing bracket is expected.
    ExpectedCommaOrEnd {
        /// `]` or `}`.
        close: char,
    },
    /// A comma after the last value of a list or object.
    TrailingComma,
    /// A `"` is expected.
    ExpectedQuote,
    /// A bare word that is not `true`, `false` or `null`.
    UnknownWord,
    /// A tab or line break inside quoted text.
    ControlCharacter,
    /// A backslash code (`\x`, `\u...`) that does not exist.
    InvalidEscape,
    /// A number that is not written correctly.
    InvalidNumber,
    /// A number too large to hold.
    NumberOutOfRange,
    /// Lists and maps nested too deeply.
    TooDeep,
    /// Too many aliases (`*name`) for a safe read.
    TooManyAliases,
    /// Too much data for a safe read.
    TooLarge,
    /// The bytes are not UTF-8.
    NotUtf8,
    /// A tab where YAML allows only spaces.
    Tab,
    /// YAML: a key is expected here (often an indentation slip).
    ExpectedKey,
    /// YAML: a key where none may be.
    KeyNotAllowed,
    /// YAML: a `:` where none may be (often unquoted text with a colon).
    ColonNotAllowed,
    /// YAML: a space is required after this character (`:` or `-`), or here.
    MissingSpace(Option<char>),
    /// YAML: the indentation is wrong.
    BadIndentation,
    /// YAML: a list item (`- `) where none may be.
    ListItemNotAllowed,
    /// YAML: a new list item (`- `) is expected here (often an indentation slip).
    ExpectedListItem,
    /// Quoted text that is never closed.
    UnclosedQuote,
    /// Something after the closing quote.
    AfterQuote,
    /// A bracket that is never closed.
    UnclosedBracket {
        /// `[` or `{`.
        open: char,
    },
    /// A bracket closed by the other kind.
    MismatchedBracket {
        /// `[` or `{`.
        open: char,
        /// `]` or `}`.
        close: char,
    },
    /// A closing bracket with nothing to close.
    MisplacedBracket,
    /// A character that YAML reserves (`@`, `` ` ``, ...).
    UnexpectedCharacter(char),
    /// YAML: a `#` comment without a space before it.
    CommentNotSeparated,
    /// YAML: an alias (`*name`) to an anchor that does not exist.
    UnknownAnchor,
    /// YAML: more than one document (`---`).
    MultipleDocuments,
    /// A map that names the same key twice.
    DuplicateKey(Option<String>),
    /// A value of the wrong kind.
    WrongType {
        /// What should be there, if we can say.
        expected: Option<ValueKind>,
        /// What is there.
        found: ValueKind,
    },
    /// A value of the right kind but not allowed.
    InvalidValue {
        /// The value as written, for numbers, text and booleans.
        value: Option<String>,
        /// What should be there, if we can say.
        expected: Option<ValueKind>,
    },
    /// A list with the wrong number of items.
    InvalidLength(usize),
    /// A required field is missing.
    MissingField(String),
    /// A field that is not known here.
    UnknownField {
        /// The field.
        field: String,
        /// The fields allowed here.
        allowed: Vec<String>,
    },
    /// A value outside a fixed list.
    UnknownVariant {
        /// The value.
        value: String,
        /// The values allowed.
        allowed: Vec<String>,
    },
    /// A field given twice.
    DuplicateField(String),
    /// Anything we do not recognise.
    Other,
}

impl ParseError {
    /// Classifies a serde_json error by its category and its message.
    pub fn from_json(e: &serde_json::Error) -> ParseError {
        let detail = strip_position(&e.to_string()).to_owned();
        let kind = match e.classify() {
            serde_json::error::Category::Eof => match detail.as_str() {
                "EOF while parsing a list" => ParseErrorKind::UnexpectedEnd(Some(Container::List)),
                "EOF while parsing an object" => {
                    ParseErrorKind::UnexpectedEnd(Some(Container::Map))
                }
                "EOF while parsing a string" => {
                    ParseErrorKind::UnexpectedEnd(Some(Container::Text))
                }
                _ => ParseErrorKind::UnexpectedEnd(None),
            },
            serde_json::error::Category::Io => ParseErrorKind::Other,
            serde_json::error::Category::Syntax | serde_json::error::Category::Data => {
                classify_text(&detail)
            }
        };
        // serde_json counts a column 0 before the first character of a line.
        let position = (e.line() > 0).then(|| Position {
            line: e.line(),
            column: e.column().max(1),
        });
        ParseError {
            syntax: Syntax::Json,
            kind,
            position,
            detail,
        }
    }

    /// Classifies a serde-saphyr error by its variant (and, for scanner
    /// errors, the scanner's error kind).
    pub fn from_yaml(e: &serde_saphyr::Error) -> ParseError {
        let inner = original(e);
        let position = e
            .location()
            .or_else(|| inner.location())
            .filter(|loc| loc.line() > 0)
            .map(|loc| Position {
                line: usize::try_from(loc.line()).unwrap_or(usize::MAX),
                column: usize::try_from(loc.column().max(1)).unwrap_or(usize::MAX),
            });
        let detail = yaml_detail(inner);
        ParseError {
            syntax: Syntax::Yaml,
            kind: yaml_kind(inner, &detail),
            position,
            detail,
        }
    }

    /// What is wrong, as a sentence without the place, in the given language.
    pub fn message(&self, lang: Lang) -> String {
        self.kind.message(self.syntax, lang, &self.detail)
    }

    /// [`ParseError::message`] followed by the place: `... (regel 3, kolom 5)`.
    pub fn message_at(&self, lang: Lang) -> String {
        let mut text = self.message(lang);
        if let Some(Position { line, column }) = self.position {
            let _ = match lang {
                Lang::Nl => write!(text, " (regel {line}, kolom {column})"),
                Lang::En => write!(text, " (line {line}, column {column})"),
            };
        }
        text
    }

    /// `YAML` or `JSON`.
    pub fn syntax_name(&self) -> &'static str {
        match self.syntax {
            Syntax::Yaml => "YAML",
            Syntax::Json => "JSON",
        }
    }
}

/// The message for a JSON request body that could not be read, with line
/// and column: "De inhoud is geen geldige JSON: een sleutel moet tussen
/// dubbele aanhalingstekens staan (zoals `"naam"`) (regel 1, kolom 2)".
/// When the JSON itself is fine but does not fit (a missing or unknown
/// field, a value of the wrong kind), it starts "De inhoud klopt niet:".
/// English with [`Lang::En`]. Never contains serde_json's English in Dutch.
pub fn json_body_message(e: &serde_json::Error, lang: Lang) -> String {
    let parsed = ParseError::from_json(e);
    let lead = if e.is_data() {
        lang.pick("De inhoud klopt niet", "The body is not as expected")
    } else {
        lang.pick(
            "De inhoud is geen geldige JSON",
            "The body is not valid JSON",
        )
    };
    format!("{lead}: {}", parsed.message_at(lang))
}

/// [`json_body_message`] for a body read field by field (with
/// `serde_path_to_error`), naming the field where the value does not fit:
/// "De inhoud klopt niet: bij `version`: verwacht een geheel getal, maar
/// gevonden: tekst (regel 1, kolom 15)". `field` is the path of the value
/// (`session.date`, `terms[0]`); at the top (empty or `.`) nothing is
/// named, and a missing or unknown field names itself.
pub fn json_field_message(e: &serde_json::Error, field: &str, lang: Lang) -> String {
    let parsed = ParseError::from_json(e);
    let names_itself = matches!(
        parsed.kind,
        ParseErrorKind::MissingField(_) | ParseErrorKind::UnknownField { .. }
    );
    if !e.is_data() || field.is_empty() || field == "." || names_itself {
        return json_body_message(e, lang);
    }
    format!(
        "{}: {} ‘{field}’: {}",
        lang.pick("De inhoud klopt niet", "The body is not as expected"),
        lang.pick("bij", "at"),
        parsed.message_at(lang)
    )
}

/// The message for one value of a query or a path that could not be read
/// (`?version=abc`), without naming the parameter: serde's own messages
/// (`invalid type`, `unknown variant`, `missing field`, ...) and those of
/// the standard number and yes/no parsers (`invalid digit found in
/// string`), worded in Dutch or English: "ongeldige waarde `abc`; verwacht
/// een geheel getal". `detail` is the deserializer's message, `value` the
/// text as sent (when known), `expected` what the reader wanted (a type
/// name such as `i64`, when known). Never the parsers' English in Dutch.
pub fn value_message(
    detail: &str,
    value: Option<&str>,
    expected: Option<&str>,
    lang: Lang,
) -> String {
    use ParseErrorKind as K;
    let expected = expected.and_then(expected_kind);
    let invalid = |kind: ValueKind| K::InvalidValue {
        value: value.map(str::to_owned),
        expected: Some(expected.unwrap_or(kind)),
    };
    let kind = match detail.trim() {
        "invalid digit found in string" | "cannot parse integer from empty string" => {
            invalid(ValueKind::Integer)
        }
        "number too large to fit in target type" | "number too small to fit in target type" => {
            K::NumberOutOfRange
        }
        "invalid float literal" => invalid(ValueKind::Number),
        "provided string was not `true` or `false`" => invalid(ValueKind::Bool),
        other => match classify_text(other) {
            K::Other => match value {
                Some(_) => K::InvalidValue {
                    value: value.map(str::to_owned),
                    expected,
                },
                None => K::Other,
            },
            K::InvalidValue {
                value: None,
                expected: e,
            } => K::InvalidValue {
                value: value.map(str::to_owned),
                expected: e,
            },
            kind => kind,
        },
    };
    // No parser text in a message: an unrecognised case is worded alone.
    kind.message(Syntax::Json, lang, "")
}

/// The message for JSON text that could not be read, with line and column:
/// "ongeldige JSON: de tekst houdt onverwacht op ... (regel 2, kolom 1)".
pub fn json_message(e: &serde_json::Error, lang: Lang) -> String {
    with_syntax(&ParseError::from_json(e), lang)
}

/// The message for YAML text that could not be read, with line and column:
/// "ongeldige YAML: tabs zijn niet toegestaan voor inspringen; gebruik
/// spaties (regel 3, kolom 1)".
pub fn yaml_message(e: &serde_saphyr::Error, lang: Lang) -> String {
    with_syntax(&ParseError::from_yaml(e), lang)
}

fn with_syntax(e: &ParseError, lang: Lang) -> String {
    format!(
        "{} {}: {}",
        lang.pick("Ongeldige", "Invalid"),
        e.syntax_name(),
        e.message_at(lang)
    )
}

impl ValueKind {
    fn describe(self, syntax: Syntax, lang: Lang) -> &'static str {
        use Lang::{En, Nl};
        match (self, lang) {
            (ValueKind::Null, Nl) => "leeg (null)",
            (ValueKind::Null, En) => "nothing (null)",
            (ValueKind::Bool, Nl) => "een ja/nee-waarde (true of false)",
            (ValueKind::Bool, En) => "a yes/no value (true or false)",
            (ValueKind::Integer, Nl) => "een geheel getal",
            (ValueKind::Integer, En) => "a whole number",
            (ValueKind::Count, Nl) => "een geheel getal van 0 of meer",
            (ValueKind::Count, En) => "a whole number of 0 or more",
            (ValueKind::Float, Nl) => "een getal met decimalen",
            (ValueKind::Float, En) => "a number with decimals",
            (ValueKind::Number, Nl) => "een getal",
            (ValueKind::Number, En) => "a number",
            (ValueKind::Text, Nl) => "tekst",
            (ValueKind::Text, En) => "text",
            (ValueKind::List, Nl) => "een lijst",
            (ValueKind::List, En) => "a list",
            (ValueKind::Map, Nl) if syntax == Syntax::Json => "een object (sleutels met waarden)",
            (ValueKind::Map, En) if syntax == Syntax::Json => "an object (keys with values)",
            (ValueKind::Map, Nl) => "een map (sleutels met waarden)",
            (ValueKind::Map, En) => "a map (keys with values)",
            (ValueKind::Other, Nl) => "iets anders",
            (ValueKind::Other, En) => "something else",
        }
    }
}

fn or_list(items: &[String], lang: Lang) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("‘{i}’")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join(", "), lang.pick("of", "or")),
    }
}

impl ParseErrorKind {
    /// The kind as a sentence without the place. `detail` is the parser's
    /// text, added in English to a case we do not recognise.
    fn message(&self, syntax: Syntax, lang: Lang, detail: &str) -> String {
        use Lang::{En, Nl};
        use ParseErrorKind as K;
        let json = syntax == Syntax::Json;
        let map_word = match (json, lang) {
            (true, Nl) => "het object",
            (true, En) => "the object",
            (false, Nl) => "de map",
            (false, En) => "the map",
        };
        match (self, lang) {
            (K::UnexpectedEnd(None), Nl) => {
                "de tekst houdt onverwacht op; ontbreekt er iets aan het eind?".into()
            }
            (K::UnexpectedEnd(None), En) => {
                "the text ends unexpectedly; is something missing at the end?".into()
            }
            (K::UnexpectedEnd(Some(Container::List)), Nl) => {
                "de tekst houdt onverwacht op midden in een lijst; ontbreekt de afsluitende ‘]’?"
                    .into()
            }
            (K::UnexpectedEnd(Some(Container::List)), En) => {
                "the text ends in the middle of a list; is the closing ‘]’ missing?".into()
            }
            (K::UnexpectedEnd(Some(Container::Map)), Nl) => format!(
                "de tekst houdt onverwacht op midden in {}; ontbreekt de afsluitende ‘}}’?",
                if json { "een object" } else { "een map" }
            ),
            (K::UnexpectedEnd(Some(Container::Map)), En) => format!(
                "the text ends in the middle of {}; is the closing ‘}}’ missing?",
                if json { "an object" } else { "a map" }
            ),
            (K::UnexpectedEnd(Some(Container::Text)), Nl) => {
                "de tekst houdt onverwacht op midden in een tekst tussen aanhalingstekens; ontbreekt het afsluitende ‘\"’?".into()
            }
            (K::UnexpectedEnd(Some(Container::Text)), En) => {
                "the text ends in the middle of quoted text; is the closing ‘\"’ missing?".into()
            }
            (K::TrailingCharacters, Nl) => {
                "na het einde van de gegevens staat nog iets; haal het weg (of staat er een haakje te veel?)".into()
            }
            (K::TrailingCharacters, En) => {
                "something follows the end of the data; remove it (or is there a bracket too many?)".into()
            }
            (K::ExpectedValue, Nl) if json => {
                "hier wordt een waarde verwacht: tekst tussen dubbele aanhalingstekens, een getal, true, false, null, een lijst ‘[...]’ of een object ‘{...}’".into()
            }
            (K::ExpectedValue, En) if json => {
                "a value is expected here: text in double quotes, a number, true, false, null, a list ‘[...]’ or an object ‘{...}’".into()
            }
            (K::ExpectedValue, Nl) => "hier wordt een waarde verwacht".into(),
            (K::ExpectedValue, En) => "a value is expected here".into(),
            (K::KeyMustBeString, Nl) => {
                "een sleutel moet tussen dubbele aanhalingstekens staan (zoals ‘\"naam\"’)".into()
            }
            (K::KeyMustBeString, En) => {
                "a key must be in double quotes (like ‘\"name\"’)".into()
            }
            (K::ExpectedColon, Nl) => "na een sleutel hoort een dubbele punt (‘:’)".into(),
            (K::ExpectedColon, En) => "a key must be followed by a colon (‘:’)".into(),
            (K::ExpectedCommaOrEnd { close }, Nl) => {
                let what = if *close == ']' { "de lijst" } else { map_word };
                format!("hier hoort een komma (‘,’) of het einde van {what} (‘{close}’)")
            }
            (K::ExpectedCommaOrEnd { close }, En) => {
                let what = if *close == ']' { "the list" } else { map_word };
                format!("a comma (‘,’) or the end of {what} (‘{close}’) is expected here")
            }
            (K::TrailingComma, Nl) => "na de laatste waarde mag geen komma staan".into(),
            (K::TrailingComma, En) => "no comma may follow the last value".into(),
            (K::ExpectedQuote, Nl) => "hier hoort een dubbel aanhalingsteken (‘\"’)".into(),
            (K::ExpectedQuote, En) => "a double quote (‘\"’) is expected here".into(),
            (K::UnknownWord, Nl) => {
                "onbekend woord; bedoelt u ‘true’, ‘false’ of ‘null’? Tekst hoort tussen dubbele aanhalingstekens".into()
            }
            (K::UnknownWord, En) => {
                "unknown word; did you mean ‘true’, ‘false’ or ‘null’? Text belongs in double quotes".into()
            }
            (K::ControlCharacter, Nl) => {
                "tekst tussen aanhalingstekens mag geen tab of regeleinde bevatten; schrijf ‘\\t’ of ‘\\n’".into()
            }
            (K::ControlCharacter, En) => {
                "quoted text may not hold a tab or line break; write ‘\\t’ or ‘\\n’".into()
            }
            (K::InvalidEscape, Nl) => {
                "ongeldige code na een backslash (‘\\’); schrijf ‘\\\\’ voor een backslash zelf".into()
            }
            (K::InvalidEscape, En) => {
                "invalid code after a backslash (‘\\’); write ‘\\\\’ for a backslash itself".into()
            }
            (K::InvalidNumber, Nl) => "dit is geen correct geschreven getal".into(),
            (K::InvalidNumber, En) => "this number is not written correctly".into(),
            (K::NumberOutOfRange, Nl) => "dit getal is te groot".into(),
            (K::NumberOutOfRange, En) => "this number is too large".into(),
            (K::TooDeep, Nl) => {
                "de gegevens zijn te diep genest (te veel lijsten of maps in elkaar)".into()
            }
            (K::TooDeep, En) => "the data is nested too deeply (too many lists or maps inside each other)".into(),
            (K::TooManyAliases, Nl) => {
                "het bestand gebruikt te veel verwijzingen (‘*naam’) om veilig te lezen".into()
            }
            (K::TooManyAliases, En) => {
                "the file uses too many aliases (‘*name’) to be read safely".into()
            }
            (K::TooLarge, Nl) => "het bestand bevat te veel gegevens om veilig te lezen".into(),
            (K::TooLarge, En) => "the file holds too much data to be read safely".into(),
            (K::NotUtf8, Nl) => "de tekst is geen geldige UTF-8".into(),
            (K::NotUtf8, En) => "the text is not valid UTF-8".into(),
            (K::Tab, Nl) => "tabs zijn niet toegestaan voor inspringen; gebruik spaties".into(),
            (K::Tab, En) => "tabs are not allowed for indentation; use spaces".into(),
            (K::ExpectedKey, Nl) => {
                "hier wordt een sleutel verwacht (zoals ‘naam:’); controleer de inspringing".into()
            }
            (K::ExpectedKey, En) => {
                "a key is expected here (like ‘name:’); check the indentation".into()
            }
            (K::KeyNotAllowed, Nl) => {
                "hier kan geen sleutel staan; controleer de inspringing".into()
            }
            (K::KeyNotAllowed, En) => "a key cannot stand here; check the indentation".into(),
            (K::ColonNotAllowed, Nl) => {
                "hier kan geen dubbele punt (‘:’) staan; zet tekst met een dubbele punt tussen aanhalingstekens, of controleer de inspringing".into()
            }
            (K::ColonNotAllowed, En) => {
                "a colon (‘:’) cannot stand here; put text with a colon in quotes, or check the indentation".into()
            }
            (K::MissingSpace(Some(c)), Nl) => format!("na ‘{c}’ hoort een spatie"),
            (K::MissingSpace(Some(c)), En) => format!("‘{c}’ must be followed by a space"),
            (K::MissingSpace(None), Nl) => "hier hoort een spatie".into(),
            (K::MissingSpace(None), En) => "a space is expected here".into(),
            (K::BadIndentation, Nl) => "de inspringing klopt hier niet".into(),
            (K::BadIndentation, En) => "the indentation is wrong here".into(),
            (K::ListItemNotAllowed, Nl) => {
                "hier kan geen lijstitem (‘- ’) staan; controleer de inspringing".into()
            }
            (K::ListItemNotAllowed, En) => {
                "a list item (‘- ’) cannot stand here; check the indentation".into()
            }
            (K::ExpectedListItem, Nl) => {
                "hier wordt een nieuw lijstitem (‘- ’) verwacht; controleer de inspringing".into()
            }
            (K::ExpectedListItem, En) => {
                "a new list item (‘- ’) is expected here; check the indentation".into()
            }
            (K::UnclosedQuote, Nl) => {
                "de aanhalingstekens worden niet gesloten; ontbreekt het afsluitende aanhalingsteken?".into()
            }
            (K::UnclosedQuote, En) => {
                "the quotes are never closed; is the closing quote missing?".into()
            }
            (K::AfterQuote, Nl) => {
                "na het afsluitende aanhalingsteken staat nog tekst; zet de hele tekst tussen aanhalingstekens".into()
            }
            (K::AfterQuote, En) => {
                "text follows the closing quote; put all of the text in quotes".into()
            }
            (K::UnclosedBracket { open }, Nl) => {
                format!("het haakje ‘{open}’ wordt niet gesloten; ontbreekt er een ‘{}’?", closing(*open))
            }
            (K::UnclosedBracket { open }, En) => {
                format!("the bracket ‘{open}’ is never closed; is a ‘{}’ missing?", closing(*open))
            }
            (K::MismatchedBracket { open, close }, Nl) => format!(
                "het haakje ‘{open}’ wordt gesloten met ‘{close}’; verwacht ‘{}’",
                closing(*open)
            ),
            (K::MismatchedBracket { open, close }, En) => format!(
                "the bracket ‘{open}’ is closed by ‘{close}’; expected ‘{}’",
                closing(*open)
            ),
            (K::MisplacedBracket, Nl) => {
                "dit haakje sluit niets af; staat er een haakje te veel?".into()
            }
            (K::MisplacedBracket, En) => {
                "this bracket closes nothing; is there a bracket too many?".into()
            }
            (K::UnexpectedCharacter(c), Nl) => format!(
                "het teken {} kan hier niet staan; zet de tekst tussen aanhalingstekens",
                shown_char(*c)
            ),
            (K::UnexpectedCharacter(c), En) => format!(
                "the character {} cannot stand here; put the text in quotes",
                shown_char(*c)
            ),
            (K::CommentNotSeparated, Nl) => "voor een opmerking (‘#’) hoort een spatie".into(),
            (K::CommentNotSeparated, En) => "a comment (‘#’) must follow a space".into(),
            (K::UnknownAnchor, Nl) => {
                "verwijzing (‘*naam’) naar een anker (‘&naam’) dat niet bestaat".into()
            }
            (K::UnknownAnchor, En) => {
                "alias (‘*name’) to an anchor (‘&name’) that does not exist".into()
            }
            (K::MultipleDocuments, Nl) => {
                "het bestand bevat meer dan één YAML-document (gescheiden door ‘---’); verwacht er één".into()
            }
            (K::MultipleDocuments, En) => {
                "the file holds more than one YAML document (separated by ‘---’); expected one".into()
            }
            (K::DuplicateKey(Some(key)), Nl) => format!(
                "de sleutel ‘{key}’ staat twee keer in {map_word}; verwacht elke sleutel één keer"
            ),
            (K::DuplicateKey(Some(key)), En) => {
                format!("the key ‘{key}’ appears twice in {map_word}; expected each key once")
            }
            (K::DuplicateKey(None), Nl) => format!(
                "een sleutel staat twee keer in {map_word}; verwacht elke sleutel één keer"
            ),
            (K::DuplicateKey(None), En) => {
                format!("a key appears twice in {map_word}; expected each key once")
            }
            (K::WrongType { expected: Some(e), found }, Nl) => format!(
                "hier hoort {}, maar er staat {}",
                e.describe(syntax, lang),
                found.describe(syntax, lang)
            ),
            (K::WrongType { expected: Some(e), found }, En) => format!(
                "this should be {}, but it is {}",
                e.describe(syntax, lang),
                found.describe(syntax, lang)
            ),
            (K::WrongType { expected: None, found }, Nl) => format!(
                "deze waarde past hier niet (gevonden: {})",
                found.describe(syntax, lang)
            ),
            (K::WrongType { expected: None, found }, En) => format!(
                "this value does not fit here (found {})",
                found.describe(syntax, lang)
            ),
            (K::InvalidValue { value, expected }, _) => {
                let mut text = match (value, lang) {
                    (Some(v), Nl) => format!("‘{v}’ past hier niet"),
                    (Some(v), En) => format!("‘{v}’ does not fit here"),
                    (None, Nl) => "deze waarde past hier niet".to_owned(),
                    (None, En) => "this value does not fit here".to_owned(),
                };
                if let Some(e) = expected {
                    let _ = write!(
                        text,
                        "; {} {}",
                        lang.pick("hier hoort", "this should be"),
                        e.describe(syntax, lang)
                    );
                }
                text
            }
            (K::InvalidLength(n), Nl) => format!("verkeerd aantal items ({n})"),
            (K::InvalidLength(n), En) => format!("wrong number of entries ({n})"),
            (K::MissingField(f), Nl) => format!("verplicht veld ‘{f}’ ontbreekt"),
            (K::MissingField(f), En) => format!("required field ‘{f}’ is missing"),
            (K::UnknownField { field, allowed }, _) => {
                let mut text = match lang {
                    Nl => format!("onbekend veld ‘{field}’"),
                    En => format!("unknown field ‘{field}’"),
                };
                if allowed.is_empty() {
                    text.push_str(lang.pick("; hier zijn geen velden toegestaan", "; no fields are allowed here"));
                } else {
                    let _ = write!(
                        text,
                        "; {} {}",
                        lang.pick("toegestaan zijn", "allowed are"),
                        or_list(allowed, lang)
                    );
                }
                text
            }
            (K::UnknownVariant { value, allowed }, _) => {
                let mut text = match lang {
                    Nl => format!("onbekende waarde ‘{value}’"),
                    En => format!("unknown value ‘{value}’"),
                };
                if !allowed.is_empty() {
                    let _ = write!(
                        text,
                        "; {} {}",
                        lang.pick("kies", "choose"),
                        or_list(allowed, lang)
                    );
                }
                text
            }
            (K::DuplicateField(f), Nl) => format!("het veld ‘{f}’ staat er twee keer"),
            (K::DuplicateField(f), En) => format!("the field ‘{f}’ is given twice"),
            (K::Other, Nl) => "de opmaak klopt hier niet".into(),
            (K::Other, En) if detail.is_empty() => "the syntax is not right here".into(),
            (K::Other, En) => format!("the syntax is not right here: {detail}"),
        }
    }
}

/// `@` in backticks; a backtick itself in single quotes.
fn shown_char(c: char) -> String {
    match c {
        '`' => "'`'".to_owned(),
        c => format!("‘{}’", c.escape_default()),
    }
}

fn closing(open: char) -> char {
    match open {
        '[' => ']',
        '{' => '}',
        '(' => ')',
        other => other,
    }
}

/// The parsers end their messages with " at line X column Y" (serde_json)
/// or " at line X, column Y" (serde-saphyr); the place is shown apart.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) => &message[..i],
        None => message,
    }
}

/// The error itself, without alias or snippet wrappers.
fn original(mut e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error, .. }
    | serde_saphyr::Error::WithSnippet { error, .. } = e
    {
        e = error;
    }
    e
}

/// serde-saphyr's message without its position, control characters escaped.
fn yaml_detail(e: &serde_saphyr::Error) -> String {
    use serde_saphyr::MessageFormatter as _;
    let text = serde_saphyr::UserMessageFormatter.format_message(e);
    text.chars()
        .flat_map(|c| {
            let escaped: Vec<char> = if c.is_control() {
                c.escape_debug().collect()
            } else {
                vec![c]
            };
            escaped
        })
        .collect()
}

fn yaml_kind(e: &serde_saphyr::Error, detail: &str) -> ParseErrorKind {
    use ParseErrorKind as K;
    use serde_saphyr::Error as E;
    match e {
        E::Message { msg, .. } => classify_text(msg),
        E::ExternalMessage { source, msg, .. } => match source.as_ref() {
            serde_saphyr::ExternalMessageSource::Parser(scan) => scan_kind(scan.kind(), msg),
            _ => classify_text(msg),
        },
        E::Eof { .. } => K::UnexpectedEnd(None),
        E::MultipleDocuments { .. } => K::MultipleDocuments,
        E::InvalidBooleanStrict { .. } => K::WrongType {
            expected: Some(ValueKind::Bool),
            found: ValueKind::Text,
        },
        E::NullIntoString { .. } => K::WrongType {
            expected: Some(ValueKind::Text),
            found: ValueKind::Null,
        },
        E::AliasReplayCounterOverflow { .. }
        | E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. } => K::TooManyAliases,
        E::AliasReplayStackDepthExceeded { .. } => K::TooDeep,
        E::Budget { breach, .. } => match breach {
            serde_saphyr::budget::BudgetBreach::Depth { .. } => K::TooDeep,
            serde_saphyr::budget::BudgetBreach::Aliases { .. }
            | serde_saphyr::budget::BudgetBreach::Anchors { .. } => K::TooManyAliases,
            serde_saphyr::budget::BudgetBreach::Documents { .. } => K::MultipleDocuments,
            _ => K::TooLarge,
        },
        E::UnknownAnchor { .. } => K::UnknownAnchor,
        E::Unexpected { expected, .. } => match expected_kind(expected) {
            Some(kind) => K::WrongType {
                expected: Some(kind),
                found: ValueKind::Other,
            },
            None => classify_text(detail),
        },
        E::InvalidScalar { ty, .. } => K::InvalidValue {
            value: None,
            expected: expected_kind(ty),
        },
        E::NonFiniteFloat { .. } => K::InvalidNumber,
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => K::WrongType {
            expected: expected_kind(expected),
            found: found_kind(unexpected).0,
        },
        E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => K::InvalidValue {
            value: found_kind(unexpected).1,
            expected: expected_kind(expected),
        },
        E::SerdeInvalidLength { len, .. } => K::InvalidLength(*len),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => K::UnknownVariant {
            value: variant.clone(),
            allowed: expected.iter().map(|s| (*s).to_owned()).collect(),
        },
        E::SerdeUnknownField {
            field, expected, ..
        } => K::UnknownField {
            field: field.clone(),
            allowed: expected.iter().map(|s| (*s).to_owned()).collect(),
        },
        E::SerdeMissingField { field, .. } => K::MissingField((*field).to_owned()),
        E::DuplicateMappingKey { key, .. } => K::DuplicateKey(key.clone()),
        E::IndentationError { .. } | E::FoldedBlockScalarMustIndentContent { .. } => {
            K::BadIndentation
        }
        E::InvalidUtf8Input => K::NotUtf8,
        _ => classify_text(detail),
    }
}

fn scan_kind(kind: &serde_saphyr::granit_parser::ErrorKind, msg: &str) -> ParseErrorKind {
    use ParseErrorKind as K;
    use serde_saphyr::granit_parser::ErrorKind as S;
    match kind {
        S::UnexpectedEofFlowSequence => K::UnexpectedEnd(Some(Container::List)),
        S::UnexpectedEofFlowMapping | S::UnexpectedEofImplicitFlowMapping => {
            K::UnexpectedEnd(Some(Container::Map))
        }
        S::UnexpectedEofBlockSequence | S::UnexpectedEofBlockMapping | S::UnexpectedEof => {
            K::UnexpectedEnd(None)
        }
        S::UnknownAnchor => K::UnknownAnchor,
        S::ExpectedNodeContent | S::UnexpectedEndOfPlainScalar => K::ExpectedValue,
        S::ExpectedBlockMappingKey => K::ExpectedKey,
        S::ExpectedFlowMappingSeparator => K::ExpectedCommaOrEnd { close: '}' },
        S::ExpectedFlowSequenceSeparator => K::ExpectedCommaOrEnd { close: ']' },
        S::ExpectedBlockSequenceEntry => K::ExpectedListItem,
        S::BlockSequenceEntryNotAllowed | S::BlockEntryInFlowCollection => K::ListItemNotAllowed,
        S::SimpleKeyExpected | S::InvalidSimpleKey => K::ExpectedColon,
        S::InvalidIndentation
        | S::InvalidBlockScalarIndent
        | S::InvalidQuotedScalarIndent
        | S::InvalidFlowScalarIndent
        | S::ZeroBlockScalarIndent => K::BadIndentation,
        S::UnexpectedCharacter { character } => K::UnexpectedCharacter(*character),
        S::TabNotAllowed
        | S::TabInBlockIndentation
        | S::TabInIndentation
        | S::TabAtBlockScalarStart
        | S::TabInPlainScalar => K::Tab,
        S::CommentNotSeparated => K::CommentNotSeparated,
        S::MisplacedFlowCollectionEnd => K::MisplacedBracket,
        S::MismatchedFlowCollectionEnd { open, close } => K::MismatchedBracket {
            open: *open,
            close: *close,
        },
        S::UnclosedFlowCollection { open } => K::UnclosedBracket { open: *open },
        S::RecursionLimitExceeded => K::TooDeep,
        S::UnclosedQuotedScalar | S::DocumentIndicatorInQuotedScalar => K::UnclosedQuote,
        S::InvalidTrailingSingleQuotedScalar | S::InvalidTrailingDoubleQuotedScalar => {
            K::AfterQuote
        }
        S::UnknownQuotedScalarEscape
        | S::InvalidQuotedScalarHexEscape
        | S::InvalidLowSurrogateHexEscape
        | S::InvalidLowSurrogate
        | S::MissingLowSurrogate
        | S::UnpairedLowSurrogate
        | S::InvalidUnicodeEscape => K::InvalidEscape,
        S::MappingKeyNotAllowed => K::KeyNotAllowed,
        S::MappingValueNotAllowed
        | S::InvalidColonPlacement
        | S::FlowMappingValueAdjacentCollection => K::ColonNotAllowed,
        S::InvalidMappingValueWhitespace => K::MissingSpace(Some(':')),
        S::InvalidBlockEntryWhitespace => K::MissingSpace(Some('-')),
        S::ExpectedWhitespace => K::MissingSpace(None),
        S::InvalidDocumentEnd => K::TrailingCharacters,
        S::MultipleDocumentsUnsupported => K::MultipleDocuments,
        S::InputDecoding { .. } => K::NotUtf8,
        S::InputByteLimitExceeded { .. } => K::TooLarge,
        S::Custom(text) => classify_text(text),
        _ => classify_text(msg),
    }
}

/// Recognises the common messages of serde, serde_json and the YAML
/// scanner by their text.
fn classify_text(text: &str) -> ParseErrorKind {
    use ParseErrorKind as K;
    let text = strip_position(text.trim());
    if let Some(key) = crate::strict::duplicate_key(text) {
        return K::DuplicateKey(Some(key));
    }
    // serde's own messages (serde::de::Error's default methods).
    if let Some(rest) = text.strip_prefix("invalid type: ") {
        let (found, expected) = split_expected(rest);
        return K::WrongType {
            expected: expected.and_then(expected_kind),
            found: found_kind(found).0,
        };
    }
    if let Some(rest) = text.strip_prefix("invalid value: ") {
        let (found, expected) = split_expected(rest);
        return K::InvalidValue {
            value: found_kind(found).1,
            expected: expected.and_then(expected_kind),
        };
    }
    if let Some(rest) = text.strip_prefix("invalid length ") {
        let (len, _) = split_expected(rest);
        return match len.parse() {
            Ok(n) => K::InvalidLength(n),
            Err(_) => K::Other,
        };
    }
    if let Some(rest) = text.strip_prefix("missing field `") {
        return K::MissingField(rest.strip_suffix('`').unwrap_or(rest).to_owned());
    }
    if let Some(rest) = text.strip_prefix("duplicate field `") {
        return K::DuplicateField(rest.strip_suffix('`').unwrap_or(rest).to_owned());
    }
    if let Some(rest) = text.strip_prefix("unknown field `") {
        let (field, allowed) = name_and_names(rest);
        return K::UnknownField { field, allowed };
    }
    if let Some(rest) = text.strip_prefix("unknown variant `") {
        let (value, allowed) = name_and_names(rest);
        return K::UnknownVariant { value, allowed };
    }
    // serde_json's syntax errors.
    match text {
        "EOF while parsing a list" => return K::UnexpectedEnd(Some(Container::List)),
        "EOF while parsing an object" => return K::UnexpectedEnd(Some(Container::Map)),
        "EOF while parsing a string" => return K::UnexpectedEnd(Some(Container::Text)),
        "EOF while parsing a value" => return K::UnexpectedEnd(None),
        "expected `:`" => return K::ExpectedColon,
        "expected `,` or `]`" => return K::ExpectedCommaOrEnd { close: ']' },
        "expected `,` or `}`" => return K::ExpectedCommaOrEnd { close: '}' },
        "expected ident" => return K::UnknownWord,
        "expected value" => return K::ExpectedValue,
        "expected `\"`" => return K::ExpectedQuote,
        "invalid escape"
        | "lone leading surrogate in hex escape"
        | "unexpected end of hex escape"
        | "invalid unicode code point" => return K::InvalidEscape,
        "invalid number" => return K::InvalidNumber,
        "number out of range" => return K::NumberOutOfRange,
        "control character (\\u0000-\\u001F) found while parsing a string" => {
            return K::ControlCharacter;
        }
        "key must be a string" => return K::KeyMustBeString,
        "trailing comma" => return K::TrailingComma,
        "trailing characters" => return K::TrailingCharacters,
        "recursion limit exceeded" => return K::TooDeep,
        _ => {}
    }
    // The YAML scanner's, should one reach us as plain text.
    let yaml = [
        ("did not find expected key", K::ExpectedKey),
        ("tabs disallowed", K::Tab),
        ("tab cannot be used", K::Tab),
        ("found a tab", K::Tab),
        ("mapping values are not allowed", K::ColonNotAllowed),
        ("unexpected end of", K::UnexpectedEnd(None)),
        ("unexpected eof", K::UnexpectedEnd(None)),
        ("unclosed quote", K::UnclosedQuote),
        ("unknown anchor", K::UnknownAnchor),
        ("did not find expected node content", K::ExpectedValue),
        ("did not find expected '-' indicator", K::ExpectedListItem),
        (
            "block sequence entries are not allowed",
            K::ListItemNotAllowed,
        ),
        ("could not find expected ':'", K::ExpectedColon),
        ("simple key expected", K::ExpectedColon),
        ("invalid indentation", K::BadIndentation),
        ("duplicate key", K::DuplicateKey(None)),
        ("duplicate mapping key", K::DuplicateKey(None)),
        ("recursion limit", K::TooDeep),
    ];
    let lower = text.to_ascii_lowercase();
    for (needle, kind) in yaml {
        if lower.contains(&needle.to_ascii_lowercase()) {
            return kind;
        }
    }
    K::Other
}

/// `X, expected Y` → (`X`, `Y`); the last ", expected " splits, since a
/// quoted value may hold the words itself.
fn split_expected(text: &str) -> (&str, Option<&str>) {
    match text.rfind(", expected ") {
        Some(i) => (&text[..i], Some(&text[i + ", expected ".len()..])),
        None => (text, None),
    }
}

/// `name`, expected `a` or `b` → ("name", ["a", "b"]); the text starts
/// just after the first backtick.
fn name_and_names(text: &str) -> (String, Vec<String>) {
    let (name, rest) = match text.find("`, ") {
        Some(i) => (&text[..i], &text[i + 3..]),
        None => (text.strip_suffix('`').unwrap_or(text), ""),
    };
    let names = rest
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect();
    (name.to_owned(), names)
}

/// serde's `Unexpected` as displayed (`string "x"`, `integer `5``, `map`)
/// → its kind, and the value as written for scalars.
fn found_kind(text: &str) -> (ValueKind, Option<String>) {
    let ticked = |prefix: &str| {
        text.strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_owned())
    };
    if let Some(v) = ticked("boolean ") {
        return (ValueKind::Bool, Some(v));
    }
    if let Some(v) = ticked("integer ") {
        return (ValueKind::Integer, Some(v));
    }
    if let Some(v) = ticked("floating point ") {
        return (ValueKind::Float, Some(v));
    }
    if let Some(v) = ticked("character ") {
        return (ValueKind::Text, Some(v));
    }
    if let Some(v) = text.strip_prefix("string ") {
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or(v);
        return (ValueKind::Text, Some(v.to_owned()));
    }
    let kind = match text {
        "null" | "unit value" | "unit" => ValueKind::Null,
        "sequence" => ValueKind::List,
        "map" => ValueKind::Map,
        "byte array" => ValueKind::Text,
        _ => ValueKind::Other,
    };
    (kind, None)
}

/// A visitor's "expecting" text (`a string`, `u32`, `struct Change`) → a kind.
fn expected_kind(text: &str) -> Option<ValueKind> {
    let t = text.trim().to_ascii_lowercase();
    let t = t.as_str();
    let kind = match t {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => ValueKind::Count,
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "an integer" | "integer" => {
            ValueKind::Integer
        }
        "f32" | "f64" | "a number" | "number" | "a float" | "float" => ValueKind::Number,
        "a boolean" | "boolean" | "bool" => ValueKind::Bool,
        "unit" | "null" => ValueKind::Null,
        "a character" | "char" | "character" => ValueKind::Text,
        _ if t.contains("string") || t.contains("scalar") => ValueKind::Text,
        _ if t.contains("sequence")
            || t.contains("tuple")
            || t.contains("array")
            || t.starts_with("a list") =>
        {
            ValueKind::List
        }
        _ if t.contains("map") || t.starts_with("struct") || t.contains("object") => ValueKind::Map,
        _ => return None,
    };
    Some(kind)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// Words of the parsers' English that must never reach a Dutch message.
    const ENGLISH: &[&str] = &[
        "expected",
        "while parsing",
        "found",
        "disallowed",
        "invalid",
        "missing",
        "unknown field",
        "unknown variant",
        "at line",
        "column",
        "eof",
        "trailing",
        "mapping",
        "scalar",
        "not allowed",
        "must be",
        "duplicate",
        "unclosed",
        "recursion",
        "limit",
        "character",
        "escape",
        "number",
        "string",
        "sequence",
        "indicator",
        "anchor",
        "syntax",
    ];

    fn assert_dutch(text: &str) {
        let lower = text.to_lowercase();
        for word in ENGLISH {
            assert!(
                !lower.contains(word),
                "English ‘{word}’ in a Dutch message: {text}"
            );
        }
    }

    /// The error is at ‘line:column’ and reads ‘nl’ and ‘en’ (place apart).
    #[track_caller]
    fn check(e: &ParseError, line: usize, column: usize, nl: &str, en: &str) {
        assert_eq!(e.position, Some(Position { line, column }), "{e:?}");
        assert_eq!(e.message(Lang::Nl), nl, "{e:?}");
        assert_eq!(e.message(Lang::En), en, "{e:?}");
        assert_dutch(&e.message_at(Lang::Nl));
        assert!(
            e.message_at(Lang::Nl)
                .ends_with(&format!(" (regel {line}, kolom {column})")),
            "{}",
            e.message_at(Lang::Nl)
        );
        assert!(
            e.message_at(Lang::En)
                .ends_with(&format!(" (line {line}, column {column})")),
            "{}",
            e.message_at(Lang::En)
        );
    }

    fn json(text: &str) -> ParseError {
        ParseError::from_json(&serde_json::from_str::<serde_json::Value>(text).unwrap_err())
    }

    fn yaml(text: &str) -> ParseError {
        ParseError::from_yaml(&serde_saphyr::from_str::<serde_json::Value>(text).unwrap_err())
    }

    /// A typed request, as the web crate reads them.
    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Change {
        version: u32,
        name: String,
        #[serde(default)]
        kind: Option<Kind>,
        #[serde(default)]
        draft: Option<bool>,
        #[serde(default)]
        tags: Option<Vec<String>>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(rename_all = "kebab-case")]
    enum Kind {
        BeoogdOntwerp,
        Afsluitend,
    }

    fn json_change(text: &str) -> ParseError {
        ParseError::from_json(&serde_json::from_str::<Change>(text).unwrap_err())
    }

    fn yaml_change(text: &str) -> ParseError {
        ParseError::from_yaml(&serde_saphyr::from_str::<Change>(text).unwrap_err())
    }

    fn dataset_error(text: &str, syntax: Syntax) -> crate::error::DatasetError {
        crate::file::parse("data", text.as_bytes(), syntax)
            .unwrap_err()
            .errors
            .remove(0)
    }

    // ------------------------------------------------------------ JSON syntax

    #[test]
    fn json_a_key_without_quotes() {
        let e = json("{naam: 1}");
        assert_eq!(e.kind, ParseErrorKind::KeyMustBeString);
        check(
            &e,
            1,
            2,
            "een sleutel moet tussen dubbele aanhalingstekens staan (zoals ‘\"naam\"’)",
            "a key must be in double quotes (like ‘\"name\"’)",
        );
        assert_eq!(
            e.message_at(Lang::Nl),
            "een sleutel moet tussen dubbele aanhalingstekens staan (zoals ‘\"naam\"’) (regel 1, kolom 2)"
        );
    }

    #[test]
    fn json_a_key_without_its_colon() {
        check(
            &json("{\"a\" 1}"),
            1,
            6,
            "na een sleutel hoort een dubbele punt (‘:’)",
            "a key must be followed by a colon (‘:’)",
        );
    }

    #[test]
    fn json_a_missing_comma() {
        check(
            &json("[1 2]"),
            1,
            4,
            "hier hoort een komma (‘,’) of het einde van de lijst (‘]’)",
            "a comma (‘,’) or the end of the list (‘]’) is expected here",
        );
        check(
            &json("{\n  \"a\": 1\n  \"b\": 2\n}"),
            3,
            3,
            "hier hoort een komma (‘,’) of het einde van het object (‘}’)",
            "a comma (‘,’) or the end of the object (‘}’) is expected here",
        );
    }

    #[test]
    fn json_a_comma_after_the_last_value() {
        for (text, column) in [("[1,]", 4), ("{\"a\":1,}", 8)] {
            check(
                &json(text),
                1,
                column,
                "na de laatste waarde mag geen komma staan",
                "no comma may follow the last value",
            );
        }
    }

    #[test]
    fn json_a_missing_value() {
        check(
            &json("[,]"),
            1,
            2,
            "hier wordt een waarde verwacht: tekst tussen dubbele aanhalingstekens, een getal, true, false, null, een lijst ‘[...]’ of een object ‘{...}’",
            "a value is expected here: text in double quotes, a number, true, false, null, a list ‘[...]’ or an object ‘{...}’",
        );
    }

    #[test]
    fn json_something_after_the_end() {
        check(
            &json("{\"a\":1}}"),
            1,
            8,
            "na het einde van de gegevens staat nog iets; haal het weg (of staat er een haakje te veel?)",
            "something follows the end of the data; remove it (or is there a bracket too many?)",
        );
    }

    #[test]
    fn json_text_that_ends_too_soon() {
        check(
            &json("{\"a\":"),
            1,
            5,
            "de tekst houdt onverwacht op; ontbreekt er iets aan het eind?",
            "the text ends unexpectedly; is something missing at the end?",
        );
        check(
            &json("[1,2"),
            1,
            4,
            "de tekst houdt onverwacht op midden in een lijst; ontbreekt de afsluitende ‘]’?",
            "the text ends in the middle of a list; is the closing ‘]’ missing?",
        );
        // serde_json's column 0 before the first character becomes 1.
        check(
            &json("{\n"),
            2,
            1,
            "de tekst houdt onverwacht op midden in een object; ontbreekt de afsluitende ‘}’?",
            "the text ends in the middle of an object; is the closing ‘}’ missing?",
        );
        check(
            &json("\"abc"),
            1,
            4,
            "de tekst houdt onverwacht op midden in een tekst tussen aanhalingstekens; ontbreekt het afsluitende ‘\"’?",
            "the text ends in the middle of quoted text; is the closing ‘\"’ missing?",
        );
        check(
            &json(""),
            1,
            1,
            "de tekst houdt onverwacht op; ontbreekt er iets aan het eind?",
            "the text ends unexpectedly; is something missing at the end?",
        );
    }

    #[test]
    fn json_a_tab_inside_quotes() {
        check(
            &json("\"a\tb\""),
            1,
            3,
            "tekst tussen aanhalingstekens mag geen tab of regeleinde bevatten; schrijf ‘\\t’ of ‘\\n’",
            "quoted text may not hold a tab or line break; write ‘\\t’ or ‘\\n’",
        );
    }

    #[test]
    fn json_a_wrong_backslash_code() {
        for (text, column) in [("\"\\q\"", 3), ("\"\\ud800\"", 8)] {
            check(
                &json(text),
                1,
                column,
                "ongeldige code na een backslash (‘\\’); schrijf ‘\\\\’ voor een backslash zelf",
                "invalid code after a backslash (‘\\’); write ‘\\\\’ for a backslash itself",
            );
        }
    }

    #[test]
    fn json_wrong_numbers_and_words() {
        check(
            &json("[01]"),
            1,
            3,
            "dit is geen correct geschreven getal",
            "this number is not written correctly",
        );
        check(
            &json("[1e999]"),
            1,
            6,
            "dit getal is te groot",
            "this number is too large",
        );
        check(
            &json("[trux]"),
            1,
            5,
            "onbekend woord; bedoelt u ‘true’, ‘false’ of ‘null’? Tekst hoort tussen dubbele aanhalingstekens",
            "unknown word; did you mean ‘true’, ‘false’ or ‘null’? Text belongs in double quotes",
        );
    }

    #[test]
    fn json_nesting_too_deep() {
        let e = json(&"[".repeat(200));
        assert_eq!(e.kind, ParseErrorKind::TooDeep);
        check(
            &e,
            1,
            128,
            "de gegevens zijn te diep genest (te veel lijsten of maps in elkaar)",
            "the data is nested too deeply (too many lists or maps inside each other)",
        );
    }

    // ------------------------------------------------------------ JSON data

    #[test]
    fn json_a_missing_field() {
        check(
            &json_change("{\"name\":\"x\"}"),
            1,
            12,
            "verplicht veld ‘version’ ontbreekt",
            "required field ‘version’ is missing",
        );
    }

    #[test]
    fn json_an_unknown_field() {
        check(
            &json_change("{\"version\":1,\"name\":\"x\",\"x\":1}"),
            1,
            27,
            "onbekend veld ‘x’; toegestaan zijn ‘version’, ‘name’, ‘kind’, ‘draft’ of ‘tags’",
            "unknown field ‘x’; allowed are ‘version’, ‘name’, ‘kind’, ‘draft’ or ‘tags’",
        );
    }

    #[test]
    fn json_a_value_of_the_wrong_type() {
        check(
            &json_change("{\"version\":\"1\",\"name\":\"x\"}"),
            1,
            14,
            "hier hoort een geheel getal van 0 of meer, maar er staat tekst",
            "this should be a whole number of 0 or more, but it is text",
        );
        check(
            &json_change("{\"version\":1,\"name\":null}"),
            1,
            24,
            "hier hoort tekst, maar er staat leeg (null)",
            "this should be text, but it is nothing (null)",
        );
        check(
            &json_change("{\"version\":1,\"name\":[1]}"),
            1,
            20,
            "hier hoort tekst, maar er staat een lijst",
            "this should be text, but it is a list",
        );
        check(
            &json_change("{\"version\":1.5,\"name\":\"x\"}"),
            1,
            14,
            "hier hoort een geheel getal van 0 of meer, maar er staat een getal met decimalen",
            "this should be a whole number of 0 or more, but it is a number with decimals",
        );
        check(
            &json_change("{\"version\":1,\"name\":\"x\",\"draft\":\"ja\"}"),
            1,
            36,
            "hier hoort een ja/nee-waarde (true of false), maar er staat tekst",
            "this should be a yes/no value (true or false), but it is text",
        );
        check(
            &json_change("{\"version\":1,\"name\":\"x\",\"tags\":{}}"),
            1,
            31,
            "hier hoort een lijst, maar er staat een object (sleutels met waarden)",
            "this should be a list, but it is an object (keys with values)",
        );
    }

    #[test]
    fn json_a_value_out_of_range_or_list() {
        check(
            &json_change("{\"version\":-1,\"name\":\"x\"}"),
            1,
            13,
            "‘-1’ past hier niet; hier hoort een geheel getal van 0 of meer",
            "‘-1’ does not fit here; this should be a whole number of 0 or more",
        );
        check(
            &json_change("{\"version\":1,\"name\":\"x\",\"kind\":\"nee\"}"),
            1,
            36,
            "onbekende waarde ‘nee’; kies ‘beoogd-ontwerp’ of ‘afsluitend’",
            "unknown value ‘nee’; choose ‘beoogd-ontwerp’ or ‘afsluitend’",
        );
        check(
            &json_change("{\"version\":1,\"version\":2,\"name\":\"x\"}"),
            1,
            22,
            "het veld ‘version’ staat er twee keer",
            "the field ‘version’ is given twice",
        );
        check(
            &json_change("[1]"),
            1,
            3,
            "verkeerd aantal items (1)",
            "wrong number of entries (1)",
        );
    }

    #[test]
    fn json_an_unrecognised_error_is_still_dutch() {
        /// Text that a visitor refuses with a message of its own.
        #[derive(Debug)]
        struct Odd;
        struct OddVisitor;
        impl serde::de::Visitor<'_> for OddVisitor {
            type Value = Odd;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("odd text")
            }
            fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Odd, E> {
                Err(E::custom("the moon is not in phase"))
            }
        }
        impl<'de> Deserialize<'de> for Odd {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Odd, D::Error> {
                d.deserialize_str(OddVisitor)
            }
        }
        let e = ParseError::from_json(&serde_json::from_str::<Odd>("\n  \"x\"").unwrap_err());
        assert_eq!(e.kind, ParseErrorKind::Other);
        check(
            &e,
            2,
            5,
            "de opmaak klopt hier niet",
            "the syntax is not right here: the moon is not in phase",
        );
    }

    // ------------------------------------------------------------ YAML syntax

    #[test]
    fn yaml_a_tab_for_indentation() {
        let e = yaml("a:\n\tb: 1\n");
        assert_eq!(e.kind, ParseErrorKind::Tab);
        check(
            &e,
            2,
            2,
            "tabs zijn niet toegestaan voor inspringen; gebruik spaties",
            "tabs are not allowed for indentation; use spaces",
        );
    }

    #[test]
    fn yaml_a_key_where_the_indentation_slipped() {
        let e = yaml("a:\n  b: 1\n c: 2\n");
        assert_eq!(e.kind, ParseErrorKind::ExpectedKey);
        check(
            &e,
            3,
            2,
            "hier wordt een sleutel verwacht (zoals ‘naam:’); controleer de inspringing",
            "a key is expected here (like ‘name:’); check the indentation",
        );
        assert_eq!(
            e.message_at(Lang::Nl),
            "hier wordt een sleutel verwacht (zoals ‘naam:’); controleer de inspringing (regel 3, kolom 2)"
        );
    }

    #[test]
    fn yaml_a_key_without_its_colon() {
        check(
            &yaml("a: 1\nb\nc: 2\n"),
            2,
            1,
            "na een sleutel hoort een dubbele punt (‘:’)",
            "a key must be followed by a colon (‘:’)",
        );
    }

    #[test]
    fn yaml_a_colon_inside_unquoted_text() {
        check(
            &yaml("name: Leerhuis: Techniek\n"),
            1,
            15,
            "hier kan geen dubbele punt (‘:’) staan; zet tekst met een dubbele punt tussen aanhalingstekens, of controleer de inspringing",
            "a colon (‘:’) cannot stand here; put text with a colon in quotes, or check the indentation",
        );
    }

    #[test]
    fn yaml_a_list_item_expected_or_out_of_place() {
        check(
            &yaml("a:\n  - b\n  c: 1\n"),
            3,
            3,
            "hier wordt een nieuw lijstitem (‘- ’) verwacht; controleer de inspringing",
            "a new list item (‘- ’) is expected here; check the indentation",
        );
        check(
            &yaml("a: [b, - c]\n"),
            1,
            8,
            "hier kan geen lijstitem (‘- ’) staan; controleer de inspringing",
            "a list item (‘- ’) cannot stand here; check the indentation",
        );
    }

    #[test]
    fn yaml_quotes_and_brackets_left_open() {
        check(
            &yaml("a: \"abc\nb: 1\n"),
            1,
            4,
            "de aanhalingstekens worden niet gesloten; ontbreekt het afsluitende aanhalingsteken?",
            "the quotes are never closed; is the closing quote missing?",
        );
        check(
            &yaml("a: [1, 2\n"),
            1,
            4,
            "het haakje ‘[’ wordt niet gesloten; ontbreekt er een ‘]’?",
            "the bracket ‘[’ is never closed; is a ‘]’ missing?",
        );
        check(
            &yaml("a: [1, 2}\n"),
            1,
            4,
            "het haakje ‘[’ wordt gesloten met ‘}’; verwacht ‘]’",
            "the bracket ‘[’ is closed by ‘}’; expected ‘]’",
        );
        check(
            &yaml("a: \"x\" y\n"),
            1,
            8,
            "na het afsluitende aanhalingsteken staat nog tekst; zet de hele tekst tussen aanhalingstekens",
            "text follows the closing quote; put all of the text in quotes",
        );
    }

    #[test]
    fn yaml_reserved_characters_and_comments() {
        check(
            &yaml("a: @x\n"),
            1,
            4,
            "het teken ‘@’ kan hier niet staan; zet de tekst tussen aanhalingstekens",
            "the character ‘@’ cannot stand here; put the text in quotes",
        );
        check(
            &yaml("a: `x\n"),
            1,
            4,
            "het teken '`' kan hier niet staan; zet de tekst tussen aanhalingstekens",
            "the character '`' cannot stand here; put the text in quotes",
        );
        check(
            &yaml("a: \"x\"#c\n"),
            1,
            7,
            "voor een opmerking (‘#’) hoort een spatie",
            "a comment (‘#’) must follow a space",
        );
        check(
            &yaml("a: \"\\q\"\n"),
            1,
            4,
            "ongeldige code na een backslash (‘\\’); schrijf ‘\\\\’ voor een backslash zelf",
            "invalid code after a backslash (‘\\’); write ‘\\\\’ for a backslash itself",
        );
    }

    #[test]
    fn yaml_anchors_keys_and_documents() {
        check(
            &yaml("a: *x\n"),
            1,
            4,
            "verwijzing (‘*naam’) naar een anker (‘&naam’) dat niet bestaat",
            "alias (‘*name’) to an anchor (‘&name’) that does not exist",
        );
        let e = yaml("a: 1\na: 2\n");
        assert_eq!(e.kind, ParseErrorKind::DuplicateKey(Some("a".into())));
        check(
            &e,
            2,
            1,
            "de sleutel ‘a’ staat twee keer in de map; verwacht elke sleutel één keer",
            "the key ‘a’ appears twice in the map; expected each key once",
        );
        check(
            &yaml("a: 1\n---\nb: 2\n"),
            3,
            1,
            "het bestand bevat meer dan één YAML-document (gescheiden door ‘---’); verwacht er één",
            "the file holds more than one YAML document (separated by ‘---’); expected one",
        );
    }

    // ------------------------------------------------------------ YAML data

    #[test]
    fn yaml_missing_and_unknown_fields() {
        check(
            &yaml_change("name: x\n"),
            1,
            1,
            "verplicht veld ‘version’ ontbreekt",
            "required field ‘version’ is missing",
        );
        check(
            &yaml_change("version: 1\nname: x\nx: 1\n"),
            3,
            1,
            "onbekend veld ‘x’; toegestaan zijn ‘version’, ‘name’, ‘kind’, ‘draft’ of ‘tags’",
            "unknown field ‘x’; allowed are ‘version’, ‘name’, ‘kind’, ‘draft’ or ‘tags’",
        );
        check(
            &yaml_change("version: 1\nname: x\nkind: nee\n"),
            3,
            7,
            "onbekende waarde ‘nee’; kies ‘beoogd-ontwerp’ of ‘afsluitend’",
            "unknown value ‘nee’; choose ‘beoogd-ontwerp’ or ‘afsluitend’",
        );
    }

    #[test]
    fn yaml_values_of_the_wrong_type() {
        check(
            &yaml_change("version: 1\nname: ~\n"),
            2,
            7,
            "hier hoort tekst, maar er staat leeg (null)",
            "this should be text, but it is nothing (null)",
        );
        check(
            &yaml_change("version: -1\nname: x\n"),
            1,
            10,
            "deze waarde past hier niet; hier hoort een geheel getal van 0 of meer",
            "this value does not fit here; this should be a whole number of 0 or more",
        );
        check(
            &yaml_change("version: 1\nname: x\ntags: {}\n"),
            3,
            7,
            "hier hoort een lijst, maar er staat iets anders",
            "this should be a list, but it is something else",
        );
    }

    // ------------------------------------------------------------ through the file reader

    #[test]
    fn a_dataset_with_tab_indentation_is_placed_and_worded() {
        let e = dataset_error(
            "format: uti-dataset/1\ninitiatives:\n\t- id: a\n",
            Syntax::Yaml,
        );
        let nl = e.message(Lang::Nl);
        assert_eq!(
            nl,
            "data:3:2: Ongeldige YAML: tabs zijn niet toegestaan voor inspringen; gebruik spaties"
        );
        assert_dutch(&nl);
        assert_eq!(
            e.message(Lang::En),
            "data:3:2: Invalid YAML: tabs are not allowed for indentation; use spaces"
        );
    }

    #[test]
    fn a_dataset_key_without_a_colon_is_placed_and_worded() {
        let e = dataset_error(
            "format: uti-dataset/1\ninitiatives:\n  - id: techniek\n    name Leerhuis\n    sessions: []\n",
            Syntax::Yaml,
        );
        let nl = e.message(Lang::Nl);
        assert_eq!(
            nl,
            "data:4:5: Ongeldige YAML: na een sleutel hoort een dubbele punt (‘:’)"
        );
        assert_dutch(&nl);
    }

    #[test]
    fn a_dataset_key_out_of_line_is_placed_and_worded() {
        let e = dataset_error(
            "format: uti-dataset/1\ninitiatives:\n  - id: techniek\n    name: Leerhuis Techniek\n   sessions: []\n",
            Syntax::Yaml,
        );
        assert_eq!(
            e.message(Lang::Nl),
            "data:5:4: Ongeldige YAML: hier wordt een nieuw lijstitem (‘- ’) verwacht; controleer de inspringing"
        );
        let e = dataset_error(
            "format: uti-dataset/1\ninitiatives:\n  - id: techniek\n    name: Leerhuis Techniek\n    sessions:\n      - date: 2024-03-12\n        kind: beoogd-ontwerp\n        llo:\n          opleiden: 2\n         community: 1\n",
            Syntax::Yaml,
        );
        assert_eq!(
            e.message(Lang::Nl),
            "data:10:10: Ongeldige YAML: hier wordt een sleutel verwacht (zoals ‘naam:’); controleer de inspringing"
        );
    }

    #[test]
    fn a_dataset_with_an_unquoted_colon_is_placed_and_worded() {
        let e = dataset_error(
            "format: uti-dataset/1\ninitiatives:\n  - id: techniek\n    name: Leerhuis: Techniek\n",
            Syntax::Yaml,
        );
        assert_eq!(
            e.message(Lang::Nl),
            "data:4:19: Ongeldige YAML: hier kan geen dubbele punt (‘:’) staan; zet tekst met een dubbele punt tussen aanhalingstekens, of controleer de inspringing"
        );
    }

    #[test]
    fn a_broken_json_dataset_is_placed_and_worded() {
        let e = dataset_error(
            "{\n  \"format\": \"uti-dataset/1\",\n  \"initiatives\": [,]\n}\n",
            Syntax::Json,
        );
        let nl = e.message(Lang::Nl);
        assert!(
            nl.starts_with("data:3:19: Ongeldige JSON: hier wordt een waarde verwacht"),
            "{nl}"
        );
        assert_dutch(&nl);
        let e = dataset_error("{format: 1}", Syntax::Json);
        assert_eq!(
            e.message(Lang::Nl),
            "data:1:2: Ongeldige JSON: een sleutel moet tussen dubbele aanhalingstekens staan (zoals ‘\"naam\"’)"
        );
    }

    #[test]
    fn hostile_yaml_is_refused_in_dutch() {
        let deep = dataset_error(&"[".repeat(100_000), Syntax::Yaml);
        let nl = deep.message(Lang::Nl);
        assert!(
            nl.contains("Ongeldige YAML: de gegevens zijn te diep genest"),
            "{nl}"
        );
        assert_dutch(&nl);
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d"), ("f", "e")] {
            let refs = vec![format!("*{prev}"); 10].join(", ");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        bomb.push_str(&format!("g: [{}]\n", ["*f"; 10].join(", ")));
        let e = dataset_error(&bomb, Syntax::Yaml);
        let nl = e.message(Lang::Nl);
        assert!(
            nl.contains("Ongeldige YAML: het bestand bevat te veel gegevens om veilig te lezen"),
            "{nl}"
        );
        assert_dutch(&nl);
    }

    // ------------------------------------------------------------ for callers

    #[test]
    fn a_json_body_message_says_what_and_where() {
        let e = serde_json::from_str::<serde_json::Value>("{a:1}").unwrap_err();
        let nl = json_body_message(&e, Lang::Nl);
        assert_eq!(
            nl,
            "De inhoud is geen geldige JSON: een sleutel moet tussen dubbele aanhalingstekens staan (zoals ‘\"naam\"’) (regel 1, kolom 2)"
        );
        assert_dutch(&nl);
        assert_eq!(
            json_body_message(&e, Lang::En),
            "The body is not valid JSON: a key must be in double quotes (like ‘\"name\"’) (line 1, column 2)"
        );
        let e = serde_json::from_str::<Change>("{\"name\":\"x\"}").unwrap_err();
        assert_eq!(
            json_body_message(&e, Lang::Nl),
            "De inhoud klopt niet: verplicht veld ‘version’ ontbreekt (regel 1, kolom 12)"
        );
        assert_eq!(
            json_body_message(&e, Lang::En),
            "The body is not as expected: required field ‘version’ is missing (line 1, column 12)"
        );
    }

    #[test]
    fn a_field_of_a_json_body_is_named_where_its_value_does_not_fit() {
        let e =
            serde_json::from_str::<Change>("{\"version\": \"twee\", \"name\": \"x\"}").unwrap_err();
        let nl = json_field_message(&e, "version", Lang::Nl);
        assert!(
            nl.starts_with("De inhoud klopt niet: bij ‘version’: hier hoort een geheel getal van 0 of meer, maar er staat tekst"),
            "{nl}"
        );
        assert!(nl.ends_with("(regel 1, kolom 18)"), "{nl}");
        assert_dutch(&nl);
        let en = json_field_message(&e, "version", Lang::En);
        assert!(en.starts_with("The body is not as expected: at ‘version’: this should be a whole number of 0 or more, but it is text"), "{en}");
        // A missing field names itself; a syntax error has no field.
        let e = serde_json::from_str::<Change>("{\"name\":\"x\"}").unwrap_err();
        assert_eq!(
            json_field_message(&e, ".", Lang::Nl),
            json_body_message(&e, Lang::Nl)
        );
        let e = serde_json::from_str::<Change>("{\"version\": 1,}").unwrap_err();
        assert_eq!(
            json_field_message(&e, "version", Lang::Nl),
            json_body_message(&e, Lang::Nl)
        );
    }

    #[test]
    fn a_query_or_path_value_is_worded_without_the_parsers_english() {
        let digit = "abc".parse::<i64>().unwrap_err().to_string();
        let nl = value_message(&digit, Some("abc"), Some("i64"), Lang::Nl);
        assert_eq!(nl, "‘abc’ past hier niet; hier hoort een geheel getal");
        assert_dutch(&nl);
        assert_eq!(
            value_message(&digit, Some("abc"), Some("usize"), Lang::En),
            "‘abc’ does not fit here; this should be a whole number of 0 or more"
        );
        let big = "99999999999999999999"
            .parse::<i64>()
            .unwrap_err()
            .to_string();
        assert_eq!(
            value_message(&big, None, None, Lang::Nl),
            "dit getal is te groot"
        );
        let yes = "misschien".parse::<bool>().unwrap_err().to_string();
        assert_eq!(
            value_message(&yes, Some("misschien"), None, Lang::Nl),
            "‘misschien’ past hier niet; hier hoort een ja/nee-waarde (true of false)"
        );
        let variant = serde_json::from_str::<Kind>("\"later\"")
            .unwrap_err()
            .to_string();
        let nl = value_message(&variant, Some("later"), None, Lang::Nl);
        assert_eq!(
            nl,
            "onbekende waarde ‘later’; kies ‘beoogd-ontwerp’ of ‘afsluitend’"
        );
        assert_dutch(&nl);
        assert_eq!(
            value_message("missing field `version`", None, None, Lang::Nl),
            "verplicht veld ‘version’ ontbreekt"
        );
        // Something we do not know is worded without the parser's text.
        let odd = value_message("something odd happened", None, None, Lang::En);
        assert_eq!(odd, "the syntax is not right here");
        assert_eq!(
            value_message("something odd happened", Some("x"), Some("u32"), Lang::Nl),
            "‘x’ past hier niet; hier hoort een geheel getal van 0 of meer"
        );
    }

    #[test]
    fn json_and_yaml_messages_name_the_syntax_and_the_place() {
        let e = serde_json::from_str::<serde_json::Value>("[1,]").unwrap_err();
        assert_eq!(
            json_message(&e, Lang::Nl),
            "Ongeldige JSON: na de laatste waarde mag geen komma staan (regel 1, kolom 4)"
        );
        let e = serde_saphyr::from_str::<serde_json::Value>("a:\n\tb: 1\n").unwrap_err();
        assert_eq!(
            yaml_message(&e, Lang::Nl),
            "Ongeldige YAML: tabs zijn niet toegestaan voor inspringen; gebruik spaties (regel 2, kolom 2)"
        );
        assert_eq!(
            yaml_message(&e, Lang::En),
            "Invalid YAML: tabs are not allowed for indentation; use spaces (line 2, column 2)"
        );
    }

    #[test]
    fn serde_texts_are_read_apart() {
        assert_eq!(
            classify_text("unknown field `x`, there are no fields"),
            ParseErrorKind::UnknownField {
                field: "x".into(),
                allowed: vec![]
            }
        );
        assert_eq!(
            classify_text("invalid type: string \"a, expected b\", expected u32"),
            ParseErrorKind::WrongType {
                expected: Some(ValueKind::Count),
                found: ValueKind::Text
            }
        );
        assert_eq!(
            classify_text(
                "while parsing a block mapping, did not find expected key at line 3 column 5"
            ),
            ParseErrorKind::ExpectedKey
        );
        assert_eq!(
            classify_text("tabs disallowed within this context"),
            ParseErrorKind::Tab
        );
        assert_eq!(
            classify_text("found unexpected end of stream"),
            ParseErrorKind::UnexpectedEnd(None)
        );
    }
}
