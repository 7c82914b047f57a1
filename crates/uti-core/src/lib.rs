//! The domain of uti, free of IO: the dataset format `uti-dataset/1`
//! ([`model`], read by [`decode`], written by [`file`]), the analysis
//! `uti-analysis/1` ([`analysis`]) and its sentences ([`prose`]), and the
//! synthetic datasets for benchmarks ([`generate`]).

/// Small enums that are written as fixed strings (session kind, level, ...).
#[macro_use]
mod string_enum;

/// The analysis across initiatives (`uti-analysis/1`).
pub mod analysis;
/// Accessible, self-contained SVG charts: radar of a plot, use of each type, co-occurrence.
pub mod charts;
/// Two sessions side by side, and what changed between versions of one session.
pub mod compare;
/// Reading a parser's output into a [`model::Dataset`], streaming, collecting every error with its place.
pub mod decode;
/// Errors in a dataset file, with place and message in Dutch or English.
pub mod error;
/// Bytes to dataset and back: YAML and JSON, with limits for hostile files.
pub mod file;
/// Synthetic datasets of any size, for benchmarks.
pub mod generate;
/// The regional landscape: organisations, relations, agenda and coalitions
/// in the dataset; overlaps, peers, coverage, the network map and its
/// exports, and search.
pub mod landscape;
/// The user's language.
pub mod lang;
/// The domain types: dataset, initiative, session, CIMO chain, plot.
pub mod model;
/// YAML and JSON parser errors as a kind, a line and a column, worded in Dutch or English.
pub mod parse_error;
/// Dutch (or English) sentences that summarise an analysis.
pub mod prose;
/// Portraits and reports as a document model, with Markdown and HTML renderers.
pub mod report;
/// Search across the dataset that matches Dutch word forms.
pub mod search;
/// A document tree that refuses repeated keys.
pub mod strict;
/// The two syntaxes of a dataset file.
pub mod syntax;
/// Validated values: slugs and ISO dates.
pub mod values;

pub use lang::Lang;
