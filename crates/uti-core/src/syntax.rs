//! The two syntaxes of a dataset file, YAML and JSON, and how a file
//! name or a word names one.

use std::path::Path;

/// The two syntaxes of the dataset format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// YAML (`.yaml`, `.yml`).
    Yaml,
    /// JSON (`.json`).
    Json,
}

impl Syntax {
    /// The syntax a file name's extension announces.
    pub fn of_path(path: &Path) -> Option<Syntax> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(Syntax::Yaml),
            "json" => Some(Syntax::Json),
            _ => None,
        }
    }

    /// Reads `yaml` or `json`.
    pub fn parse(text: &str) -> Option<Syntax> {
        match text.to_ascii_lowercase().as_str() {
            "yaml" | "yml" => Some(Syntax::Yaml),
            "json" => Some(Syntax::Json),
            _ => None,
        }
    }
}
