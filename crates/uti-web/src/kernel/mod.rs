//! The shared kernel: what every feature uses, and which imports no
//! feature. Layered without circles: `i18n` → `viewer` → `layout` →
//! `error` → `json`, `extract`, `form`, `widgets`; `viewer` → `snapshot` → `logins`
//! → `state` → `auth` (the extractors, which need all of them); `state` →
//! `client` (where a request comes from), `mail` (sending e-mail, which
//! imports nothing of the kernel).

/// The static files, under content-hashed names.
pub mod assets;
/// Who is asking: the extractors for the login session or API token.
pub mod auth;
/// Where a request comes from: the client address the login throttle counts.
pub mod client;
/// The dataset format as OpenAPI schemas, for the API's documentation.
pub mod dataset_schema;
/// Error pages and JSON errors.
pub mod error;
/// The extractors of API requests (JSON body, query, path), refusing in
/// the API's error shape and the request's language.
pub mod extract;
/// Field helpers of the editing forms: errors beside their field.
pub mod form;
/// The page language.
pub mod i18n;
/// Reading the JSON body of an API change.
pub mod json;
/// The frame of every page.
pub mod layout;
/// Logins checked a moment ago.
pub mod logins;
/// Sending e-mail through the SMTP server of `uti serve --smtp-url`.
pub mod mail;
/// What the server counts for Prometheus.
pub mod metrics;
/// The dataset and its analysis, cached per revision.
pub mod snapshot;
/// What every handler gets.
pub mod state;
/// The logged-in user and what their role allows.
pub mod viewer;
/// Small pieces shared by pages.
pub mod widgets;

pub use state::AppState;
