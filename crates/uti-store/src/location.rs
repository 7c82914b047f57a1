use std::fmt;

/// The default database: an SQLite file in the working directory.
pub const DEFAULT_SQLITE_FILE: &str = "uti.db";

/// Which database engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// Where the database is, as the user gave it.
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file (created when missing).
    Sqlite(std::path::PathBuf),
    /// A `postgres://` URL (may hold a password, so never printed whole).
    Postgres(String),
}

impl Location {
    /// Reads `postgres://...`, `postgresql://...`, `sqlite:PATH`, `sqlite://PATH`
    /// or a plain file path. Nothing means [`DEFAULT_SQLITE_FILE`].
    pub fn parse(text: Option<&str>) -> Location {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return Location::Sqlite(DEFAULT_SQLITE_FILE.into());
        };
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            return Location::Postgres(text.to_owned());
        }
        let path = text
            .strip_prefix("sqlite://")
            .or_else(|| text.strip_prefix("sqlite:"))
            .unwrap_or(text);
        let path = path.split('?').next().unwrap_or(path);
        Location::Sqlite(path.into())
    }

    /// The backend this location selects.
    pub fn backend(&self) -> Backend {
        match self {
            Location::Sqlite(_) => Backend::Sqlite,
            Location::Postgres(_) => Backend::Postgres,
        }
    }

    /// The URL for sqlx.
    pub fn url(&self) -> String {
        match self {
            Location::Sqlite(path) => format!("sqlite://{}?mode=rwc", path.display()),
            Location::Postgres(url) => url.clone(),
        }
    }
}

/// Shows the location without any password.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Sqlite(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => {
                // postgres://user:secret@host/db -> postgres://user:***@host/db
                match (url.find("://"), url.rfind('@')) {
                    (Some(s), Some(at)) if at > s => {
                        let creds = &url[s + 3..at];
                        let user = creds.split(':').next().unwrap_or("");
                        let hidden = if creds.contains(':') {
                            format!("{user}:***")
                        } else {
                            user.to_owned()
                        };
                        write!(f, "{}{hidden}{}", &url[..s + 3], &url[at..])
                    }
                    _ => f.write_str(url),
                }
            }
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_in_the_url_is_never_shown() {
        let l = Location::parse(Some("postgres://uti:geheim@localhost:5432/uti"));
        assert_eq!(l.to_string(), "postgres://uti:***@localhost:5432/uti");
        assert!(!format!("{l:?}").contains("geheim"));
    }

    #[test]
    fn plain_paths_and_sqlite_urls_select_sqlite() {
        assert_eq!(Location::parse(None), Location::Sqlite("uti.db".into()));
        assert_eq!(
            Location::parse(Some("sqlite://x/y.db")),
            Location::Sqlite("x/y.db".into())
        );
        assert_eq!(Location::parse(Some("data.db")).backend(), Backend::Sqlite);
        assert_eq!(
            Location::parse(Some("postgresql://h/db")).backend(),
            Backend::Postgres
        );
    }
}
