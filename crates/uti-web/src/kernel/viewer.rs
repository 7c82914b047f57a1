//! The logged-in user of a request and what their role allows.

use std::fmt;
use uti_store::{Actor, Role, User, Via};

/// Why a change is refused before it is looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The role does not allow changes.
    Forbidden,
    /// The CSRF token was missing or wrong.
    Csrf,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refusal::Forbidden => "forbidden",
            Refusal::Csrf => "csrf",
        })
    }
}

/// The logged-in user of a request.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// The user.
    pub user: User,
    /// The CSRF token of the login session (none for API tokens).
    pub csrf: Option<String>,
}

impl Viewer {
    /// Checks the CSRF token sent with a change. Calls with an API token
    /// carry no cookie, so they need none.
    pub fn check_csrf(&self, sent: Option<&str>) -> Result<(), Refusal> {
        match &self.csrf {
            None => Ok(()),
            Some(expected) if sent.is_some_and(|s| same(s, expected)) => Ok(()),
            Some(_) => Err(Refusal::Csrf),
        }
    }

    /// Whether the user may read the draft sessions of an initiative: every
    /// role may, except an initiative contact, who may only for their own.
    pub fn sees_drafts_of(&self, initiative: &str) -> bool {
        self.user.role != Role::Contact || self.user.initiatives.iter().any(|i| i == initiative)
    }

    /// Whether the user may read the notes (transcripts) of an
    /// initiative's sessions: every role may, except an initiative
    /// contact, who may only for their own.
    pub fn sees_notes_of(&self, initiative: &str) -> bool {
        self.sees_drafts_of(initiative)
    }

    /// Whether the user may change the dataset (researcher or admin).
    pub fn can_edit(&self) -> bool {
        self.user.role >= Role::Researcher
    }

    /// Checks a change of the dataset: the role first (a contact or reader
    /// gets 403 whatever they send), then the CSRF token (a form's `csrf`
    /// field, or the API's [`CSRF_HEADER`]).
    pub fn authorize_change(&self, sent_csrf: Option<&str>) -> Result<(), Refusal> {
        if !self.can_edit() {
            return Err(Refusal::Forbidden);
        }
        self.check_csrf(sent_csrf)
    }

    /// The user as the author of a change made through `via` (recorded in
    /// the history).
    pub fn actor(&self, via: Via) -> Actor {
        Actor::new(self.user.name.clone(), via)
    }
}

/// Compares two secrets in time that does not depend on where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
