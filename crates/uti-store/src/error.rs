use uti_core::Lang;
use uti_core::model::Dataset;

/// Why an import was refused because of what is already stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conflict {
    /// An initiative with this id exists (and `--replace` was not given).
    InitiativeExists(String),
    /// The same initiative id comes in twice, from two files.
    InitiativeTwice(String),
    /// Two files define a theme or challenge differently.
    TermTwice {
        /// `theme` or `challenge`.
        kind: &'static str,
        /// Its id.
        id: String,
    },
    /// A theme or challenge exists with other content.
    TermDiffers {
        /// `theme` or `challenge`.
        kind: &'static str,
        /// Its id.
        id: String,
    },
    /// Two files hold a landscape record (organisation, relation, goal,
    /// activity, coalition) with the same id and different content.
    RecordTwice {
        /// `organisation`, `relation`, `goal`, `activity` or `coalition`.
        kind: &'static str,
        /// Its id.
        id: String,
    },
    /// A landscape record exists with other content.
    RecordDiffers {
        /// As in [`Conflict::RecordTwice`].
        kind: &'static str,
        /// Its id.
        id: String,
    },
}

/// A landscape record's kind for people.
fn record_word(kind: &str, lang: Lang) -> &'static str {
    match (kind, lang) {
        ("organisation", Lang::Nl) => "organisatie",
        ("relation", Lang::Nl) => "relatie",
        ("goal", Lang::Nl) => "doel",
        ("activity", Lang::Nl) => "activiteit",
        (_, Lang::Nl) => "ontwikkelcoalitie",
        ("organisation", Lang::En) => "organisation",
        ("relation", Lang::En) => "relation",
        ("goal", Lang::En) => "goal",
        ("activity", Lang::En) => "activity",
        (_, Lang::En) => "development coalition",
    }
}

impl Conflict {
    /// The conflict as a sentence in the given language, with the remedy
    /// of the command line (`--replace`) where there is one.
    pub fn message(&self, lang: Lang) -> String {
        let fact = self.fact(lang);
        match (self, lang) {
            (Conflict::InitiativeExists(_), Lang::Nl) => {
                format!("{fact}; gebruik --replace om het als geheel te vervangen")
            }
            (Conflict::InitiativeExists(_), Lang::En) => {
                format!("{fact}; use --replace to replace it as a whole")
            }
            (Conflict::TermDiffers { .. } | Conflict::RecordDiffers { .. }, Lang::Nl) => {
                format!("{fact}; gebruik --replace om het te vervangen")
            }
            (Conflict::TermDiffers { .. } | Conflict::RecordDiffers { .. }, Lang::En) => {
                format!("{fact}; use --replace to replace it")
            }
            _ => fact,
        }
    }

    /// What clashes, without a remedy: each interface names its own
    /// (`--replace` on the command line, a checkbox in the browser).
    pub fn fact(&self, lang: Lang) -> String {
        let term = |kind: &str| match (kind, lang) {
            ("theme", Lang::Nl) => "thema",
            (_, Lang::Nl) => "uitdaging",
            ("theme", Lang::En) => "theme",
            (_, Lang::En) => "challenge",
        };
        match (self, lang) {
            (Conflict::InitiativeExists(id), Lang::Nl) => {
                format!("initiatief ‘{id}’ bestaat al in de database")
            }
            (Conflict::InitiativeExists(id), Lang::En) => {
                format!("initiative ‘{id}’ already exists in the database")
            }
            (Conflict::InitiativeTwice(id), Lang::Nl) => {
                format!("initiatief ‘{id}’ staat in meer dan één bestand")
            }
            (Conflict::InitiativeTwice(id), Lang::En) => {
                format!("initiative ‘{id}’ is in more than one file")
            }
            (Conflict::TermTwice { kind, id }, Lang::Nl) => format!(
                "{} ‘{id}’ staat in meer dan één bestand, met een verschillende inhoud",
                term(kind)
            ),
            (Conflict::TermTwice { kind, id }, Lang::En) => format!(
                "{} ‘{id}’ is in more than one file, with different content",
                term(kind)
            ),
            (Conflict::TermDiffers { kind, id }, Lang::Nl) => {
                format!("{} ‘{id}’ bestaat al met een andere inhoud", term(kind))
            }
            (Conflict::TermDiffers { kind, id }, Lang::En) => {
                format!("{} ‘{id}’ already exists with other content", term(kind))
            }
            (Conflict::RecordTwice { kind, id }, Lang::Nl) => format!(
                "{} ‘{id}’ staat in meer dan één bestand, met een verschillende inhoud",
                record_word(kind, lang)
            ),
            (Conflict::RecordTwice { kind, id }, Lang::En) => format!(
                "{} ‘{id}’ is in more than one file, with different content",
                record_word(kind, lang)
            ),
            (Conflict::RecordDiffers { kind, id }, Lang::Nl) => {
                format!(
                    "{} ‘{id}’ bestaat al met een andere inhoud",
                    record_word(kind, lang)
                )
            }
            (Conflict::RecordDiffers { kind, id }, Lang::En) => {
                format!(
                    "{} ‘{id}’ already exists with other content",
                    record_word(kind, lang)
                )
            }
        }
    }
}

/// Which file holds which ids, to name the place a [`Conflict`] comes from
/// (`initiatives[3].id`): the import itself only knows the ids.
#[derive(Debug, Clone, Default)]
pub struct Origins {
    /// Per file: its name, then the ids of its initiatives, themes and challenges.
    files: Vec<(String, [Vec<String>; 3])>,
}

impl Origins {
    /// The ids of each dataset, under the name of its file.
    pub fn of<'a>(files: impl IntoIterator<Item = (String, &'a Dataset)>) -> Origins {
        let ids = |list: &mut dyn Iterator<Item = &str>| list.map(str::to_owned).collect();
        Origins {
            files: files
                .into_iter()
                .map(|(file, d)| {
                    (
                        file,
                        [
                            ids(&mut d.initiatives().iter().map(|i| i.id.as_str())),
                            ids(&mut d.themes().iter().map(|t| t.id.as_str())),
                            ids(&mut d.challenges().iter().map(|t| t.id.as_str())),
                        ],
                    )
                })
                .collect(),
        }
    }

    /// The file and the place (`initiatives[3].id`) a conflict comes from;
    /// a duplicate across files is named where it comes the second time.
    pub fn place(&self, conflict: &Conflict) -> Option<(&str, String)> {
        let (list, key, id) = match conflict {
            Conflict::InitiativeExists(id) | Conflict::InitiativeTwice(id) => {
                (0, "initiatives", id)
            }
            Conflict::TermDiffers { kind, id } | Conflict::TermTwice { kind, id } => {
                if *kind == "theme" {
                    (1, "themes", id)
                } else {
                    (2, "challenges", id)
                }
            }
            Conflict::RecordTwice { .. } | Conflict::RecordDiffers { .. } => return None,
        };
        let want = |n: usize| -> Option<(&str, String)> {
            let (file, ids) = &self.files[n];
            let i = ids[list].iter().position(|x| x == id)?;
            Some((file.as_str(), format!("{key}[{i}].id")))
        };
        let order: Vec<usize> = match conflict {
            Conflict::InitiativeTwice(_) | Conflict::TermTwice { .. } => {
                (0..self.files.len()).rev().collect()
            }
            _ => (0..self.files.len()).collect(),
        };
        order.into_iter().find_map(want)
    }
}

/// Why a user command was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountError {
    /// A user of that name exists already.
    Exists(String),
    /// No user of that name.
    Unknown(String),
}

impl AccountError {
    /// The refusal as a sentence in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (AccountError::Exists(n), Lang::Nl) => format!("gebruiker {n} bestaat al"),
            (AccountError::Exists(n), Lang::En) => format!("user {n} already exists"),
            (AccountError::Unknown(n), Lang::Nl) => format!("gebruiker {n} bestaat niet"),
            (AccountError::Unknown(n), Lang::En) => format!("no user {n}"),
        }
    }
}

impl From<AccountError> for StoreError {
    fn from(e: AccountError) -> Self {
        StoreError::Account(e)
    }
}

/// An error of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be reached or opened.
    #[error("cannot open the database {location}: {source}")]
    Connect {
        /// Where (password hidden).
        location: String,
        /// Why.
        source: sqlx::Error,
    },
    /// A query failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// Migrations failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The import clashes with stored data; nothing was stored.
    #[error("import refused: {0:?}")]
    Conflicts(Vec<Conflict>),
    /// A user command refers to a user that does (not) exist.
    #[error("account: {0:?}")]
    Account(AccountError),
    /// Stored data could not be read back.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// An operation this backend does not offer.
    #[error("not supported: {0}")]
    Unsupported(&'static str),
    /// A change of a theme or challenge was refused; nothing was stored.
    #[error("term: {0:?}")]
    Term(crate::terms::TermError),
    /// A change of the landscape was refused; nothing was stored.
    #[error("landscape: {0:?}")]
    Landscape(crate::landscape_edit::LandscapeError),
}

impl StoreError {
    /// Whether the database could not be reached (down, restarting, no
    /// free connection in time): worth trying again in a moment, unlike a
    /// refused or broken request.
    pub fn is_unavailable(&self) -> bool {
        let e = match self {
            StoreError::Connect { .. } => return true,
            StoreError::Database(e) => e,
            _ => return false,
        };
        match e {
            sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Protocol(_) => true,
            // PostgreSQL shutting down or starting up (class 57P: operator
            // intervention; 08: connection exception).
            sqlx::Error::Database(db) => db
                .code()
                .is_some_and(|c| c.starts_with("57P") || c.starts_with("08")),
            _ => false,
        }
    }
}
