//! Bytes to a dataset and back. The extension (`.yaml`, `.yml`, `.json`)
//! says which syntax a file uses. Hostile input is refused cleanly: files
//! over a size limit, invalid UTF-8, YAML alias bombs and deep nesting (the
//! parsers' own limits) all end in an error, never a panic.

use crate::decode::{DatasetSeed, DecodeErrors};
use crate::error::{DatasetError, Place, Problem};
use crate::model::Dataset;
use crate::parse_error::{ParseError, ParseErrorKind, Position};
use serde::de::DeserializeSeed;
use std::path::Path;

/// Files larger than this are refused unless the user raises the limit.
pub const DEFAULT_MAX_SIZE: u64 = 256 << 20;

pub use crate::syntax::Syntax;

fn single(file: &str, place: Place, problem: Problem) -> DecodeErrors {
    DecodeErrors {
        errors: vec![DatasetError {
            file: file.to_owned(),
            place,
            problem,
        }],
        more: 0,
    }
}

/// Reads and checks a dataset file from disk.
pub fn read_file(path: &Path, max_size: u64) -> Result<Dataset, DecodeErrors> {
    let name = path.display().to_string();
    let Some(syntax) = Syntax::of_path(path) else {
        return Err(single(&name, Place::File, Problem::UnknownExtension));
    };
    let size = std::fs::metadata(path)
        .map_err(|e| {
            single(
                &name,
                Place::File,
                Problem::Unreadable(format!("{:?}", e.kind())),
            )
        })?
        .len();
    if size > max_size {
        return Err(single(
            &name,
            Place::File,
            Problem::TooLarge {
                size,
                limit: max_size,
            },
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        single(
            &name,
            Place::File,
            Problem::Unreadable(format!("{:?}", e.kind())),
        )
    })?;
    parse(&name, &bytes, syntax)
}

/// Parses and checks a dataset from bytes in the given syntax.
pub fn parse(file: &str, bytes: &[u8], syntax: Syntax) -> Result<Dataset, DecodeErrors> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let (line, column) = line_column(bytes, e.valid_up_to());
            return Err(single(
                file,
                Place::LineColumn { line, column },
                Problem::NotUtf8,
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match syntax {
        Syntax::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            let parsed = DatasetSeed::new(file)
                .deserialize(&mut de)
                .and_then(|d| de.end().map(|()| d));
            match parsed {
                Ok(decoded) => decoded,
                Err(e) => {
                    let parsed = ParseError::from_json(&e);
                    let place = place_of(&parsed);
                    let problem = match parsed.kind {
                        ParseErrorKind::DuplicateKey(Some(key)) => Problem::DuplicateKey(key),
                        _ if !text.trim_start().starts_with(['{', '['])
                            && looks_like_yaml(text) =>
                        {
                            Problem::YamlInJsonFile
                        }
                        _ => Problem::Syntax(parsed),
                    };
                    Err(single(file, place, problem))
                }
            }
        }
        Syntax::Yaml => {
            let parsed = serde_saphyr::with_deserializer_from_str_with_options(
                text,
                yaml_options(text.len()),
                |de| DatasetSeed::new(file).deserialize(de),
            );
            match parsed {
                Ok(decoded) => decoded,
                Err(e) => {
                    let parsed = ParseError::from_yaml(&e);
                    let place = place_of(&parsed);
                    let problem = match parsed.kind {
                        ParseErrorKind::DuplicateKey(Some(key)) => Problem::DuplicateKey(key),
                        _ => Problem::Syntax(parsed),
                    };
                    Err(single(file, place, problem))
                }
            }
        }
    }
}

/// A parser's line and column, or the whole file if it gave none.
fn place_of(e: &ParseError) -> Place {
    match e.position {
        Some(Position { line, column }) => Place::LineColumn { line, column },
        None => Place::File,
    }
}

/// The YAML reader streams events straight into the decoder, so memory
/// stays near the size of the dataset itself. Its limits on aliases,
/// anchors and nesting stay as they are; the limits on the number of
/// events and nodes grow with the file, which is bounded by the size limit.
fn yaml_options(len: usize) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = budget.max_events.max(len);
    budget.max_nodes = budget.max_nodes.max(len);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len);
    budget.max_reader_input_bytes = None;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    // YAML 1.2: `yes`, `no`, `on` and `off` are text, as in JSON-minded tools.
    options.strict_booleans = true;
    options
}

/// A JSON parse failed: does the text parse as a YAML map instead?
fn looks_like_yaml(text: &str) -> bool {
    matches!(
        serde_saphyr::from_str_with_options::<serde_json::Value>(text, yaml_options(text.len())),
        Ok(serde_json::Value::Object(_))
    )
}

fn line_column(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    (line, offset - start + 1)
}

/// Writes a dataset in the given syntax. Key order follows the
/// specification; writing the same dataset twice gives the same bytes.
pub fn write(dataset: &Dataset, syntax: Syntax) -> String {
    match syntax {
        Syntax::Yaml => {
            yaml11_safe(&serde_norway::to_string(dataset).expect("a dataset always serialises"))
        }
        Syntax::Json => {
            let mut out =
                serde_json::to_string_pretty(dataset).expect("a dataset always serialises");
            out.push('\n');
            out
        }
    }
}

/// Whether a YAML 1.1 reader (PyYAML, older tools) would read this plain
/// scalar as something other than text: `yes`, `off`, `y`, or numbers with
/// `_` or `:` (`1_000`, `1:20`). The YAML 1.2 writer leaves those plain
/// because YAML 1.2 reads them as text; quoting them costs nothing.
fn yaml11_non_text(value: &str) -> bool {
    // Not `true`, `false`, `null` or `~`: the writer quotes those when
    // they are text, so a plain one is a real boolean or null.
    const WORDS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF",
    ];
    if WORDS.contains(&value) {
        return true;
    }
    let digits = value.trim_start_matches(['-', '+']);
    !digits.is_empty()
        && digits.bytes().any(|b| b.is_ascii_digit())
        && digits.bytes().any(|b| b == b'_' || b == b':')
        && digits
            .bytes()
            .all(|b| b.is_ascii_hexdigit() || b"_:.xXoO+-".contains(&b))
}

/// Quotes the plain scalars of the writer's output that a YAML 1.1
/// reader would not read as text (see [`yaml11_non_text`]), so that every
/// YAML reader gets the same dataset.
fn yaml11_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let mut rest = body.trim_start_matches(' ');
        while let Some(r) = rest.strip_prefix("- ") {
            rest = r;
        }
        let value = match rest.split_once(": ") {
            Some((key, v))
                if !key.is_empty()
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') =>
            {
                v
            }
            _ => rest,
        };
        if !value.is_empty() && yaml11_non_text(value) && body.ends_with(value) {
            let at = body.len() - value.len();
            out.push_str(&body[..at]);
            out.push('\'');
            out.push_str(value);
            out.push('\'');
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_a_yaml_1_1_reader_would_misread_are_quoted_and_read_back_the_same() {
        let json = r#"{"format":"uti-dataset/1","network":"yes","initiatives":[{"id":"a","name":"1_000","short_name":"190:20:30","sectors":["off","N","zorg: ja","-1_0","gewoon","true","True"],"sessions":[{"date":"2024-01-01","kind":"afsluitend","draft":true,"participants":12}]}]}"#;
        let d = parse("f", json.as_bytes(), Syntax::Json).expect("valid");
        let text = write(&d, Syntax::Yaml);
        for quoted in ["'yes'", "'1_000'", "'190:20:30'", "'off'", "'N'", "'-1_0'"] {
            assert!(text.contains(quoted), "{quoted} in {text}");
        }
        assert!(text.contains("- gewoon\n"), "{text}");
        assert!(
            text.contains("draft: true\n"),
            "a boolean stays a boolean: {text}"
        );
        assert!(text.contains("participants: 12\n"), "{text}");
        let back = parse("f", text.as_bytes(), Syntax::Yaml).expect("reads back");
        assert_eq!(back, d);
        assert_eq!(write(&back, Syntax::Yaml), text, "the same bytes again");
    }

    fn problem(text: &str, syntax: Syntax) -> (Place, Problem) {
        let e = parse("f", text.as_bytes(), syntax).unwrap_err();
        (e.errors[0].place.clone(), e.errors[0].problem.clone())
    }

    #[test]
    fn a_repeated_key_is_refused_in_yaml_and_in_json() {
        let yaml = "format: uti-dataset/1\ninitiatives:\n  - id: a\n    name: A\n    name: B\n";
        assert_eq!(
            problem(yaml, Syntax::Yaml).1,
            Problem::DuplicateKey("name".into())
        );
        let json = r#"{"format":"uti-dataset/1","format":"uti-dataset/1"}"#;
        assert_eq!(
            problem(json, Syntax::Json).1,
            Problem::DuplicateKey("format".into())
        );
    }

    #[test]
    fn invalid_utf8_is_placed_by_line_and_column() {
        let e = parse(
            "f",
            b"format: uti-dataset/1\nnetwork: a\xffb\n",
            Syntax::Yaml,
        )
        .unwrap_err();
        assert_eq!(e.errors[0].problem, Problem::NotUtf8);
        assert_eq!(
            e.errors[0].place,
            Place::LineColumn {
                line: 2,
                column: 11
            }
        );
    }

    #[test]
    fn a_written_dataset_reads_back_the_same() {
        let d = crate::generate::generate(
            crate::generate::Shape {
                initiatives: 20,
                sessions: 3,
                chains: 2,
            },
            3,
        );
        for syntax in [Syntax::Yaml, Syntax::Json] {
            let text = write(&d, syntax);
            assert_eq!(parse("f", text.as_bytes(), syntax).unwrap(), d);
        }
    }
}
