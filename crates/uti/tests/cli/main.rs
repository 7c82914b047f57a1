//! End-to-end tests of the `uti` binary: it is run as a user would run it,
//! against real SQLite files and a real PostgreSQL server.

mod analyse;
mod api_contract;
mod checks;
mod compare;
mod data;
mod drafts;
mod durability;
mod editing;
mod errors;
mod faults;
mod hardening;
mod history;
mod hostile;
mod http;
mod landscape;
mod landscape_edit;
mod landscape_views;
mod mail;
mod report;
mod report_docx;
mod report_pdf;
mod report_versions;
mod report_web;
mod roundtrip;
mod search;
mod serve;
mod support;
mod tables;
mod terms;
mod throttle;
mod user;
mod web;
