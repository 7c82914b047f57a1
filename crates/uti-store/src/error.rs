use uti_core::Lang;

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
}

impl Conflict {
    /// The conflict as a sentence in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Conflict::InitiativeExists(id), Lang::Nl) => {
                format!(
                    "initiatief `{id}` bestaat al in de database; gebruik --replace om het als geheel te vervangen"
                )
            }
            (Conflict::InitiativeExists(id), Lang::En) => {
                format!(
                    "initiative `{id}` already exists in the database; use --replace to replace it as a whole"
                )
            }
            (Conflict::InitiativeTwice(id), Lang::Nl) => {
                format!("initiatief `{id}` staat in meer dan één bestand")
            }
            (Conflict::InitiativeTwice(id), Lang::En) => {
                format!("initiative `{id}` is in more than one file")
            }
            (Conflict::TermTwice { kind, id }, Lang::Nl) => {
                let what = if *kind == "theme" {
                    "thema"
                } else {
                    "uitdaging"
                };
                format!("{what} `{id}` staat in meer dan één bestand, met een verschillende inhoud")
            }
            (Conflict::TermTwice { kind, id }, Lang::En) => {
                format!("{kind} `{id}` is in more than one file, with different content")
            }
            (Conflict::TermDiffers { kind, id }, Lang::Nl) => {
                let what = if *kind == "theme" {
                    "thema"
                } else {
                    "uitdaging"
                };
                format!(
                    "{what} `{id}` bestaat al met een andere inhoud; gebruik --replace om het te vervangen"
                )
            }
            (Conflict::TermDiffers { kind, id }, Lang::En) => {
                format!(
                    "{kind} `{id}` already exists with other content; use --replace to replace it"
                )
            }
        }
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
}
