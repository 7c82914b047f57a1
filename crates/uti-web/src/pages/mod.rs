//! The HTML pages, one module per page.

/// The analysis of the network.
pub mod analysis;
/// One initiative.
pub mod initiative;
/// Logging in and out, and the language switch.
pub mod login;
/// The network at a glance.
pub mod overview;

use uti_core::model::Initiative;

/// The date of an initiative's latest session, if any.
pub fn last_session(initiative: &Initiative) -> Option<uti_core::values::IsoDate> {
    initiative.sessions().iter().map(|s| s.date).max()
}

/// Today's date (UTC).
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

/// Whether an initiative is due for its next session: none yet, or none in
/// the last 12 months.
pub fn due(initiative: &Initiative, today: time::Date) -> bool {
    match last_session(initiative) {
        None => true,
        Some(date) => (today - date.date()).whole_days() > 365,
    }
}
