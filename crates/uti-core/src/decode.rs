//! Reads a parsed document (a JSON value tree, which YAML also parses into)
//! into a [`Dataset`], checking every rule of `uti-dataset/1` and collecting
//! every error with its path, so the user can mend a file in one go.

use crate::error::{DatasetError, Expected, Found, Place, Problem, Step, suggest};
use crate::model::*;
use crate::values::{IsoDate, Slug, SlugError};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

/// At most this many errors are kept per file; the rest are counted.
pub const MAX_ERRORS: usize = 100;

/// The errors found in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeErrors {
    /// The first [`MAX_ERRORS`] errors, in document order.
    pub errors: Vec<DatasetError>,
    /// How many more there were.
    pub more: usize,
}

/// Reads a dataset straight from a parser, decoding each initiative as it
/// arrives and dropping its document tree, so memory stays near the size of
/// the resulting [`Dataset`]. The outer `Result` is the parser's (syntax) error.
pub struct DatasetSeed {
    decoder: Decoder,
}

impl DatasetSeed {
    /// A reader for the file named `file`.
    pub fn new(file: &str) -> DatasetSeed {
        DatasetSeed {
            decoder: Decoder::new(file),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for DatasetSeed {
    type Value = Result<Dataset, DecodeErrors>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(TopVisitor {
            decoder: self.decoder,
        })
    }
}

struct TopVisitor {
    decoder: Decoder,
}

impl TopVisitor {
    fn not_a_map(mut self, found: Found) -> Result<Dataset, DecodeErrors> {
        self.decoder.fail(
            &Path::ROOT,
            Problem::WrongType {
                expected: Expected::Map,
                found,
            },
        );
        self.decoder.finish(None)
    }
}

impl<'de> serde::de::Visitor<'de> for TopVisitor {
    type Value = Result<Dataset, DecodeErrors>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a dataset map")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(self.not_a_map(Found::Bool))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(self.not_a_map(Found::Number))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(self.not_a_map(Found::Number))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(self.not_a_map(Found::Number))
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(self.not_a_map(Found::Text))
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(self.not_a_map(Found::Null))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(self.not_a_map(Found::Null))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(self.not_a_map(Found::List))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(
        mut self,
        mut map: A,
    ) -> Result<Self::Value, A::Error> {
        let mut rest = Map::new();
        let mut terms: [Option<Vec<Term>>; 2] = [None, None];
        let mut initiatives = None;
        while let Some(key) = map.next_key::<String>()? {
            if rest.contains_key(&key) || (key == "initiatives" && initiatives.is_some()) {
                return Err(serde::de::Error::custom(format!(
                    "{}{key}",
                    crate::strict::DUPLICATE
                )));
            }
            if key == "initiatives" {
                initiatives = Some(map.next_value_seed(InitiativesSeed {
                    decoder: &mut self.decoder,
                })?);
                continue;
            }
            let crate::strict::Strict(value) = map.next_value()?;
            if let Some(kind) = term_kind(&key) {
                // Read the vocabularies as soon as they come, so that
                // references after them are checked at once.
                terms[kind.index()] = self.decoder.terms(Some(&value), &Path::ROOT, kind);
                rest.insert(key, Value::Null);
            } else {
                rest.insert(key, value);
            }
        }
        let [themes, challenges] = terms;
        let dataset = self
            .decoder
            .assemble(&rest, themes, challenges, initiatives);
        Ok(self.decoder.finish(dataset))
    }
}

/// The landscape's top-level keys.
mod landscape;

fn term_kind(key: &str) -> Option<TermKind> {
    match key {
        "themes" => Some(TermKind::Theme),
        "challenges" => Some(TermKind::Challenge),
        _ => None,
    }
}

/// Checks one session given as a document (from the session editor or the
/// API) by the rules of `uti-dataset/1`. References are checked against the
/// stored `themes` and `challenges` ids. Error paths start at the session
/// (`cimo[1].interventions`); `file` names the source in messages.
pub fn session(
    file: &str,
    value: &Value,
    themes: HashSet<String>,
    challenges: HashSet<String>,
) -> Result<Session, DecodeErrors> {
    let mut decoder = Decoder::known_terms(file, themes, challenges);
    let session = decoder.session(value, &Path::ROOT);
    decoder.finish_one(session)
}

/// Checks one initiative given as a document, sessions included, like
/// [`session`]. Error paths start at the initiative (`sessions[0].date`).
pub fn initiative(
    file: &str,
    value: &Value,
    themes: HashSet<String>,
    challenges: HashSet<String>,
) -> Result<Initiative, DecodeErrors> {
    let mut decoder = Decoder::known_terms(file, themes, challenges);
    let initiative = decoder.initiative(value, &Path::ROOT);
    decoder.finish_one(initiative)
}

/// The `initiatives` list, decoded one initiative at a time.
struct InitiativesSeed<'a> {
    decoder: &'a mut Decoder,
}

impl<'de> serde::de::DeserializeSeed<'de> for InitiativesSeed<'_> {
    type Value = Option<Vec<Initiative>>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for InitiativesSeed<'_> {
    type Value = Option<Vec<Initiative>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of initiatives")
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(self.decoder.not_a_list(Found::Bool))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(self.decoder.not_a_list(Found::Number))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(self.decoder.not_a_list(Found::Number))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(self.decoder.not_a_list(Found::Number))
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(self.decoder.not_a_list(Found::Text))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(self.decoder.not_a_list(Found::Map))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let root = Path::ROOT;
        let list_path = root.key("initiatives");
        let mut out = Vec::new();
        let mut ok = true;
        let mut i = 0;
        while let Some(crate::strict::Strict(value)) = seq.next_element()? {
            match self.decoder.one_initiative(&value, &list_path.index(i)) {
                Some(initiative) => out.push(initiative),
                None => ok = false,
            }
            i += 1;
        }
        Ok(ok.then_some(out))
    }
}

/// A path into the document, kept on the stack; turned into [`Step`]s only
/// when an error needs it.
#[derive(Clone, Copy)]
struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Option<Seg<'a>>,
}

#[derive(Clone, Copy)]
enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Path<'a> {
    const ROOT: Path<'static> = Path {
        parent: None,
        step: None,
    };

    fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Some(Seg::Key(key)),
        }
    }

    fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            step: Some(Seg::Index(index)),
        }
    }

    fn steps(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(p) = at {
            match p.step {
                Some(Seg::Key(k)) => steps.push(Step::Key(k.to_owned())),
                Some(Seg::Index(i)) => steps.push(Step::Index(i)),
                None => {}
            }
            at = p.parent;
        }
        steps.reverse();
        steps
    }
}

/// A whole number of zero or more, also when written with a zero fraction
/// (`2.0`): JSON and YAML readers keep those as floats, but they are the
/// same number.
fn whole(value: &Value) -> Option<u64> {
    value.as_u64().or_else(|| {
        value
            .as_f64()
            .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 9.0e15)
            .map(|f| f as u64)
    })
}

fn found(value: &Value) -> Found {
    match value {
        Value::Null => Found::Null,
        Value::Bool(_) => Found::Bool,
        Value::Number(_) => Found::Number,
        Value::String(_) => Found::Text,
        Value::Array(_) => Found::List,
        Value::Object(_) => Found::Map,
    }
}

const TOP_KEYS: &[&str] = &[
    "format",
    "network",
    "themes",
    "challenges",
    "initiatives",
    "organisations",
    "relations",
    "agenda",
    "coalitions",
];
const TERM_KEYS: &[&str] = &["id", "name", "description", "sources"];
const INITIATIVE_KEYS: &[&str] = &[
    "id",
    "name",
    "short_name",
    "sectors",
    "target_groups",
    "problem",
    "website",
    "partners",
    "sessions",
];
const PARTNER_KEYS: &[&str] = &["name", "kind", "organisation", "role"];
const SESSION_KEYS: &[&str] = &[
    "date",
    "kind",
    "participants",
    "notes",
    "cimo",
    "llo",
    "llo_notes",
    "werkplekleren",
    "werkplekleren_notes",
    "lessons",
    "draft",
];
const CHAIN_KEYS: &[&str] = &[
    "level",
    "context",
    "interventions",
    "mechanisms",
    "outcomes",
    "challenges",
    "themes",
];

struct Decoder {
    file: String,
    errors: Vec<DatasetError>,
    more: usize,
    themes: HashSet<String>,
    challenges: HashSet<String>,
    /// Whether `themes` / `challenges` have been read (they may follow the initiatives).
    themes_known: bool,
    challenges_known: bool,
    /// References met before their list was read: checked at the end.
    pending: Vec<(TermKind, String, Vec<Step>)>,
    /// Initiative ids seen so far, with their place.
    initiative_ids: HashMap<String, Vec<Step>>,
    /// Partners' organisation references, checked when the organisations are read.
    pending_organisations: Vec<(String, Vec<Step>)>,
}

impl Decoder {
    fn fail(&mut self, path: &Path<'_>, problem: Problem) {
        self.push(Place::Path(path.steps()), problem);
    }

    /// The value as a map whose keys are all among `allowed`.
    fn map<'v>(
        &mut self,
        value: &'v Value,
        path: &Path<'_>,
        allowed: &'static [&'static str],
    ) -> Option<&'v Map<String, Value>> {
        let Value::Object(map) = value else {
            self.fail(
                path,
                Problem::WrongType {
                    expected: Expected::Map,
                    found: found(value),
                },
            );
            return None;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                self.fail(
                    &path.key(key),
                    Problem::UnknownKey {
                        key: key.clone(),
                        allowed: allowed.to_vec(),
                        suggestion: suggest(key, allowed),
                    },
                );
            }
        }
        Some(map)
    }

    /// A required key; null counts as missing.
    fn required<'v>(
        &mut self,
        map: &'v Map<String, Value>,
        path: &Path<'_>,
        key: &str,
    ) -> Option<&'v Value> {
        match map.get(key) {
            None | Some(Value::Null) => {
                self.fail(path, Problem::MissingKey(key.to_owned()));
                None
            }
            Some(v) => Some(v),
        }
    }

    fn text(&mut self, value: &Value, path: &Path<'_>, non_empty: bool) -> Option<String> {
        match value {
            Value::String(s) if non_empty && s.trim().is_empty() => {
                self.fail(path, Problem::EmptyText);
                None
            }
            Value::String(s) => Some(s.clone()),
            other => {
                self.fail(
                    path,
                    Problem::WrongType {
                        expected: Expected::Text,
                        found: found(other),
                    },
                );
                None
            }
        }
    }

    fn required_text(
        &mut self,
        map: &Map<String, Value>,
        path: &Path<'_>,
        key: &str,
    ) -> Option<String> {
        let value = self.required(map, path, key)?;
        self.text(value, &path.key(key), true)
    }

    fn optional_text(
        &mut self,
        map: &Map<String, Value>,
        path: &Path<'_>,
        key: &str,
    ) -> Option<String> {
        match map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => self.text(v, &path.key(key), false),
        }
    }

    /// A list whose items are each read by `item`; `None` if absent or wrong.
    fn list<T>(
        &mut self,
        value: Option<&Value>,
        path: &Path<'_>,
        mut item: impl FnMut(&mut Self, &Value, &Path<'_>) -> Option<T>,
    ) -> Option<Vec<T>> {
        match value? {
            Value::Null => None,
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, v) in items.iter().enumerate() {
                    match item(self, v, &path.index(i)) {
                        Some(x) => out.push(x),
                        None => ok = false,
                    }
                }
                ok.then_some(out)
            }
            other => {
                self.fail(
                    path,
                    Problem::WrongType {
                        expected: Expected::List,
                        found: found(other),
                    },
                );
                None
            }
        }
    }

    fn text_list(
        &mut self,
        map: &Map<String, Value>,
        path: &Path<'_>,
        key: &str,
        non_empty: bool,
    ) -> Option<Vec<String>> {
        self.list(map.get(key), &path.key(key), |d, v, p| {
            d.text(v, p, non_empty)
        })
    }

    fn slug(&mut self, value: &Value, path: &Path<'_>) -> Option<Slug> {
        let text = self.text(value, path, false)?;
        match Slug::parse(&text) {
            Ok(slug) => Some(slug),
            Err(SlugError::TooLong) => {
                self.fail(path, Problem::SlugTooLong(text));
                None
            }
            Err(SlugError::Pattern) => {
                self.fail(path, Problem::BadSlug(text));
                None
            }
        }
    }

    /// An ISO date that exists.
    fn date(&mut self, value: &Value, path: &Path<'_>) -> Option<IsoDate> {
        let text = self.text(value, path, false)?;
        let date = IsoDate::parse(&text);
        if date.is_none() {
            self.fail(path, Problem::BadDate(text));
        }
        date
    }

    fn one_of<T>(
        &mut self,
        value: &Value,
        path: &Path<'_>,
        parse: fn(&str) -> Option<T>,
        allowed: &'static [&'static str],
    ) -> Option<T> {
        let text = self.text(value, path, false)?;
        let parsed = parse(&text);
        if parsed.is_none() {
            self.fail(
                path,
                Problem::NotOneOf {
                    value: text,
                    allowed,
                },
            );
        }
        parsed
    }

    /// Ids must be unique in their list; returns false (after reporting) for a repeat.
    fn unique(
        &mut self,
        seen: &mut HashMap<String, Vec<Step>>,
        id: &Slug,
        path: &Path<'_>,
    ) -> bool {
        if let Some(first) = seen.get(id.as_str()) {
            let first = crate::error::path_text(first);
            self.fail(
                &path.key("id"),
                Problem::DuplicateId {
                    id: id.to_string(),
                    first,
                },
            );
            false
        } else {
            seen.insert(id.to_string(), path.steps());
            true
        }
    }

    fn new(file: &str) -> Decoder {
        Decoder {
            file: file.to_owned(),
            errors: Vec::new(),
            more: 0,
            themes: HashSet::new(),
            challenges: HashSet::new(),
            themes_known: false,
            challenges_known: false,
            pending: Vec::new(),
            initiative_ids: HashMap::new(),
            pending_organisations: Vec::new(),
        }
    }

    /// A decoder for a single record, with the term ids already known.
    fn known_terms(file: &str, themes: HashSet<String>, challenges: HashSet<String>) -> Decoder {
        Decoder {
            themes,
            challenges,
            themes_known: true,
            challenges_known: true,
            ..Decoder::new(file)
        }
    }

    /// The result of decoding a single record.
    fn finish_one<T>(self, value: Option<T>) -> Result<T, DecodeErrors> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(DecodeErrors {
                errors: self.errors,
                more: self.more,
            }),
        }
    }

    fn push(&mut self, place: Place, problem: Problem) {
        if self.errors.len() < MAX_ERRORS {
            self.errors.push(DatasetError {
                file: self.file.clone(),
                place,
                problem,
            });
        } else {
            self.more += 1;
        }
    }

    /// Checks the references that came before their list, and gives the result.
    fn finish(mut self, dataset: Option<Dataset>) -> Result<Dataset, DecodeErrors> {
        for (kind, id, steps) in std::mem::take(&mut self.pending) {
            let known = match kind {
                TermKind::Theme => self.themes.contains(&id),
                TermKind::Challenge => self.challenges.contains(&id),
            };
            if !known {
                let list = if kind == TermKind::Theme {
                    "themes"
                } else {
                    "challenges"
                };
                self.push(Place::Path(steps), Problem::UnknownReference { list, id });
            }
        }
        match dataset {
            Some(d) if self.errors.is_empty() => Ok(d),
            _ => Err(DecodeErrors {
                errors: self.errors,
                more: self.more,
            }),
        }
    }

    fn not_a_list(&mut self, found: Found) -> Option<Vec<Initiative>> {
        let root = Path::ROOT;
        self.fail(
            &root.key("initiatives"),
            Problem::WrongType {
                expected: Expected::List,
                found,
            },
        );
        None
    }

    /// One initiative, with the check that its id is new.
    fn one_initiative(&mut self, value: &Value, path: &Path<'_>) -> Option<Initiative> {
        let initiative = self.initiative(value, path)?;
        let mut seen = std::mem::take(&mut self.initiative_ids);
        let new = self.unique(&mut seen, &initiative.id, path);
        self.initiative_ids = seen;
        new.then_some(initiative)
    }

    /// Checks `format`, unknown keys and `network`, and puts the dataset together.
    fn assemble(
        &mut self,
        map: &Map<String, Value>,
        themes: Option<Vec<Term>>,
        challenges: Option<Vec<Term>>,
        initiatives: Option<Option<Vec<Initiative>>>,
    ) -> Option<Dataset> {
        let root = Path::ROOT;
        let format_error = match map.get("format") {
            None | Some(Value::Null) => Some((Vec::new(), Problem::FormatMissing)),
            Some(Value::String(f)) if f == FORMAT => None,
            Some(other) => {
                let shown = other
                    .as_str()
                    .map(str::to_owned)
                    .unwrap_or_else(|| other.to_string());
                Some((
                    vec![Step::Key("format".into())],
                    Problem::FormatUnknown(shown),
                ))
            }
        };
        if let Some((steps, problem)) = format_error {
            // With an unknown format, nothing else can be judged.
            self.errors.clear();
            self.more = 0;
            self.pending.clear();
            self.push(Place::Path(steps), problem);
            return None;
        }
        let mut keys = map.clone();
        keys.insert("initiatives".into(), Value::Null);
        let _ = self.map(&Value::Object(keys), &root, TOP_KEYS);
        let network = self.optional_text(map, &root, "network");
        let landscape = self.landscape(map);
        Some(Dataset {
            format: FORMAT.to_owned(),
            network,
            themes,
            challenges,
            initiatives: initiatives.flatten(),
            organisations: landscape.organisations,
            relations: landscape.relations,
            agenda: landscape.agenda,
            coalitions: landscape.coalitions,
        })
    }

    fn terms(
        &mut self,
        value: Option<&Value>,
        root: &Path<'_>,
        kind: TermKind,
    ) -> Option<Vec<Term>> {
        let key = match kind {
            TermKind::Theme => "themes",
            TermKind::Challenge => "challenges",
        };
        let mut seen = HashMap::new();
        let terms = self.list(value, &root.key(key), |d, v, p| {
            let m = d.map(v, p, TERM_KEYS)?;
            let id = d.required(m, p, "id").and_then(|v| d.slug(v, &p.key("id")));
            let name = d.required_text(m, p, "name");
            let description = d.optional_text(m, p, "description");
            let sources = d.text_list(m, p, "sources", false);
            let id = id?;
            if !d.unique(&mut seen, &id, p) {
                return None;
            }
            Some(Term {
                id,
                name: name?,
                description,
                sources,
            })
        });
        // References are checked against every id that was declared, even if
        // another entry of the list was wrong, so that errors do not cascade.
        let ids: HashSet<String> = seen.into_keys().collect();
        match kind {
            TermKind::Theme => {
                self.themes = ids;
                self.themes_known = true;
            }
            TermKind::Challenge => {
                self.challenges = ids;
                self.challenges_known = true;
            }
        }
        terms
    }

    fn initiative(&mut self, value: &Value, path: &Path<'_>) -> Option<Initiative> {
        let m = self.map(value, path, INITIATIVE_KEYS)?;
        let id = self
            .required(m, path, "id")
            .and_then(|v| self.slug(v, &path.key("id")));
        let name = self.required_text(m, path, "name");
        let short_name = self.optional_text(m, path, "short_name");
        let sectors = self.text_list(m, path, "sectors", false);
        let target_groups = self.text_list(m, path, "target_groups", false);
        let problem = self.optional_text(m, path, "problem");
        let website = self.optional_text(m, path, "website");
        let partners = self.list(m.get("partners"), &path.key("partners"), |d, v, p| {
            let pm = d.map(v, p, PARTNER_KEYS)?;
            let name = d.required_text(pm, p, "name");
            let kind = d
                .required(pm, p, "kind")
                .and_then(|v| d.one_of(v, &p.key("kind"), PartnerKind::parse, PartnerKind::NAMES));
            let (organisation, role) = d.partner_link(pm, p);
            Some(Partner {
                name: name?,
                kind: kind?,
                organisation,
                role,
            })
        });
        let sessions = self.list(m.get("sessions"), &path.key("sessions"), Self::session);
        Some(Initiative {
            id: id?,
            name: name?,
            short_name,
            sectors,
            target_groups,
            problem,
            website,
            partners,
            sessions,
        })
    }

    fn session(&mut self, value: &Value, path: &Path<'_>) -> Option<Session> {
        let m = self.map(value, path, SESSION_KEYS)?;
        let date = self
            .required(m, path, "date")
            .and_then(|v| self.date(v, &path.key("date")));
        let kind = self.required(m, path, "kind").and_then(|v| {
            self.one_of(v, &path.key("kind"), SessionKind::parse, SessionKind::NAMES)
        });
        let participants = match m.get("participants") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let count = whole(v).and_then(|n| u32::try_from(n).ok());
                if count.is_none() {
                    self.fail(
                        &path.key("participants"),
                        Problem::WrongType {
                            expected: Expected::Count,
                            found: found(v),
                        },
                    );
                }
                count
            }
        };
        let notes = self.optional_text(m, path, "notes");
        let cimo = self.list(m.get("cimo"), &path.key("cimo"), Self::chain);
        let llo = match m.get("llo") {
            None | Some(Value::Null) => None,
            Some(v) => self.plot(v, &path.key("llo")),
        };
        let llo_notes = match m.get("llo_notes") {
            None | Some(Value::Null) => None,
            Some(v) => self.llo_notes(v, &path.key("llo_notes")),
        };
        let werkplekleren = match m.get("werkplekleren") {
            None | Some(Value::Null) => None,
            Some(v) => self.one_of(
                v,
                &path.key("werkplekleren"),
                Werkplekleren::parse,
                Werkplekleren::NAMES,
            ),
        };
        let werkplekleren_notes = self.optional_text(m, path, "werkplekleren_notes");
        let lessons = self.text_list(m, path, "lessons", false);
        let draft = match m.get("draft") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(v) => {
                self.fail(
                    &path.key("draft"),
                    Problem::WrongType {
                        expected: Expected::Bool,
                        found: found(v),
                    },
                );
                false
            }
        };
        Some(Session {
            date: date?,
            kind: kind?,
            participants,
            notes,
            cimo,
            llo,
            llo_notes,
            werkplekleren,
            werkplekleren_notes,
            lessons,
            draft,
        })
    }

    fn chain(&mut self, value: &Value, path: &Path<'_>) -> Option<Chain> {
        let m = self.map(value, path, CHAIN_KEYS)?;
        let level = self
            .required(m, path, "level")
            .and_then(|v| self.one_of(v, &path.key("level"), Level::parse, Level::NAMES));
        let context = self.required_text(m, path, "context");
        let interventions = self.required(m, path, "interventions").and_then(|v| {
            let p = path.key("interventions");
            let list = self.list(Some(v), &p, |d, v, p| d.text(v, p, true))?;
            if list.is_empty() {
                self.fail(&p, Problem::EmptyList);
                return None;
            }
            Some(list)
        });
        let mechanisms = self.text_list(m, path, "mechanisms", false);
        let outcomes = self.text_list(m, path, "outcomes", false);
        let challenges = self.references(m, path, TermKind::Challenge);
        let themes = self.references(m, path, TermKind::Theme);
        Some(Chain {
            level: level?,
            context: context?,
            interventions: interventions?,
            mechanisms,
            outcomes,
            challenges,
            themes,
        })
    }

    fn references(
        &mut self,
        m: &Map<String, Value>,
        path: &Path<'_>,
        kind: TermKind,
    ) -> Option<Vec<Slug>> {
        let list = match kind {
            TermKind::Theme => "themes",
            TermKind::Challenge => "challenges",
        };
        self.list(m.get(list), &path.key(list), |d, v, p| {
            let id = d.slug(v, p)?;
            let known = match kind {
                TermKind::Theme if !d.themes_known => None,
                TermKind::Challenge if !d.challenges_known => None,
                TermKind::Theme => Some(d.themes.contains(id.as_str())),
                TermKind::Challenge => Some(d.challenges.contains(id.as_str())),
            };
            let Some(known) = known else {
                // Its list comes later in the file: check at the end.
                d.pending.push((kind, id.to_string(), p.steps()));
                return Some(id);
            };
            if !known {
                d.fail(
                    p,
                    Problem::UnknownReference {
                        list,
                        id: id.to_string(),
                    },
                );
                return None;
            }
            Some(id)
        })
    }

    fn plot(&mut self, value: &Value, path: &Path<'_>) -> Option<Plot> {
        let m = self.map(value, path, LloType::NAMES)?;
        let mut scores = Vec::with_capacity(5);
        for kind in LloType::ALL {
            let key = kind.as_str();
            let Some(v) = self.required(m, path, key) else {
                continue;
            };
            let score = whole(v)
                .and_then(|n| u8::try_from(n).ok())
                .and_then(Score::new);
            match score {
                Some(s) => scores.push(s),
                None => {
                    let shown = v
                        .as_str()
                        .map(|s| format!("\"{s}\""))
                        .unwrap_or_else(|| v.to_string());
                    self.fail(&path.key(key), Problem::BadScore(shown));
                }
            }
        }
        let scores: [Score; 5] = scores.try_into().ok()?;
        Some(Plot::from_scores(scores))
    }

    fn llo_notes(&mut self, value: &Value, path: &Path<'_>) -> Option<BTreeMap<LloType, String>> {
        let m = self.map(value, path, LloType::NAMES)?;
        let mut notes = BTreeMap::new();
        let mut ok = true;
        for (key, v) in m {
            let Some(kind) = LloType::parse(key) else {
                continue;
            };
            if v.is_null() {
                continue;
            }
            match self.text(v, &path.key(key), false) {
                Some(text) => {
                    notes.insert(kind, text);
                }
                None => ok = false,
            }
        }
        ok.then_some(notes)
    }
}
