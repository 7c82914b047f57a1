//! Users, their roles, login sessions and API tokens (failed logins are
//! throttled in [`crate::throttle`]). The web server keeps no state of its
//! own: everything a request needs to know who is asking is read here, so
//! several servers can share one PostgreSQL database.

use crate::secrets::{digest, random_hex};
use crate::{AccountError, Store, StoreError, text};
use sqlx::any::AnyRow;

/// What a user may do. Checked by the web server on every page and API call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Reads only.
    Reader,
    /// Speaks for one or more initiatives; reads everything except other
    /// initiatives' drafts, edits nothing.
    Contact,
    /// Reads and edits all data.
    Researcher,
    /// Everything, users included.
    Admin,
}

impl Role {
    /// Every role, weakest first.
    pub const ALL: [Role; 4] = [Role::Reader, Role::Contact, Role::Researcher, Role::Admin];

    /// The word on the command line and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Researcher => "researcher",
            Role::Contact => "contact",
            Role::Reader => "reader",
        }
    }

    /// Reads `admin`, `researcher`, `contact` or `reader`.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// The role's name for people, in Dutch or English.
    pub fn label(self, lang: uti_core::Lang) -> &'static str {
        match self {
            Role::Admin => lang.pick("beheerder", "administrator"),
            Role::Researcher => lang.pick("onderzoeker", "researcher"),
            Role::Contact => lang.pick("contactpersoon initiatief", "initiative contact"),
            Role::Reader => lang.pick("lezer", "reader"),
        }
    }
}

/// A user as the rest of the program sees it (no password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The login name.
    pub name: String,
    /// What the user may do.
    pub role: Role,
    /// For an initiative contact: the initiatives they speak for, sorted.
    pub initiatives: Vec<String>,
}

/// The outcome of a login attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    /// Welcome: the new session's secret id (for the cookie) and CSRF token.
    Ok {
        /// The user.
        user: User,
        /// The session id to hand to the browser; only its digest is stored.
        session: String,
        /// The CSRF token of this session.
        csrf: String,
    },
    /// Wrong name or password: one answer for both.
    Refused,
    /// Too many failed attempts from this client (or for this name from a
    /// client that failed itself): try again after this long. Not checked,
    /// and said alike whether the name exists or not.
    Throttled(std::time::Duration),
}
/// How long a login session lasts without use, in seconds (12 hours).
pub const SESSION_SECONDS: i64 = 12 * 3600;

/// Seconds since 1970.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Store {
    /// Adds a user; refused if the name is taken.
    pub async fn user_add(
        &self,
        name: &str,
        role: Role,
        password_hash: &str,
        initiatives: &[String],
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let taken = sqlx::query(self.sql("SELECT 1 AS one FROM users WHERE name = ?"))
            .bind(name)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if taken {
            return Err(AccountError::Exists(name.to_owned()).into());
        }
        sqlx::query(
            self.sql(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
            ),
        )
        .bind(name)
        .bind(role.as_str())
        .bind(password_hash)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        self.link(&mut tx, name, initiatives).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn link(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        name: &str,
        initiatives: &[String],
    ) -> Result<(), StoreError> {
        sqlx::query(self.sql("DELETE FROM user_initiatives WHERE user_name = ?"))
            .bind(name)
            .execute(&mut **tx)
            .await?;
        for id in initiatives {
            sqlx::query(
                self.sql("INSERT INTO user_initiatives (user_name, initiative_id) VALUES (?, ?)"),
            )
            .bind(name)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }

    /// Every user, by name.
    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query("SELECT name, role FROM users ORDER BY name")
            .fetch_all(&self.pool)
            .await?;
        let links = sqlx::query(
            "SELECT user_name, initiative_id FROM user_initiatives ORDER BY user_name, initiative_id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut linked: std::collections::HashMap<String, Vec<String>> = Default::default();
        for link in &links {
            linked
                .entry(text(link, "user_name")?)
                .or_default()
                .push(text(link, "initiative_id")?);
        }
        let mut users = Vec::with_capacity(rows.len());
        for row in rows {
            let name = text(&row, "name")?;
            let initiatives = linked.remove(&name).unwrap_or_default();
            users.push(User {
                role: role_of(&row)?,
                name,
                initiatives,
            });
        }
        Ok(users)
    }

    /// One user, if the name exists.
    pub async fn user(&self, name: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(self.sql("SELECT name, role FROM users WHERE name = ?"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await?;
        self.user_of_row(row).await
    }

    /// The user of a row with `name` and `role`. Only an initiative contact
    /// is linked to initiatives, so only then a second query reads them.
    async fn user_of_row(&self, row: Option<AnyRow>) -> Result<Option<User>, StoreError> {
        let Some(row) = row else { return Ok(None) };
        let name = text(&row, "name")?;
        let role = role_of(&row)?;
        let initiatives = if role == Role::Contact {
            sqlx::query(self.sql(
                "SELECT initiative_id FROM user_initiatives WHERE user_name = ? ORDER BY initiative_id",
            ))
            .bind(&name)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| text(r, "initiative_id"))
            .collect::<Result<_, _>>()?
        } else {
            Vec::new()
        };
        Ok(Some(User {
            name,
            role,
            initiatives,
        }))
    }

    /// Sets a user's role and, when given, their initiatives.
    pub async fn user_set_role(
        &self,
        name: &str,
        role: Role,
        initiatives: Option<&[String]>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(self.sql("UPDATE users SET role = ? WHERE name = ?"))
            .bind(role.as_str())
            .bind(name)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(AccountError::Unknown(name.to_owned()).into());
        }
        if let Some(initiatives) = initiatives {
            self.link(&mut tx, name, initiatives).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sets a new password hash, ends the user's sessions and forgives every
    /// failed login for the name, so that no throttle holds it back.
    pub async fn user_set_password(
        &self,
        name: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(self.sql("UPDATE users SET password_hash = ? WHERE name = ?"))
            .bind(password_hash)
            .bind(name)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(AccountError::Unknown(name.to_owned()).into());
        }
        sqlx::query(self.sql("DELETE FROM login_sessions WHERE user_name = ?"))
            .bind(name)
            .execute(&mut *tx)
            .await?;
        self.throttle_forgive_name(&mut tx, name).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Checks a name and password tried from `client` (the web server
    /// passes the client's address; any text that tells clients apart
    /// will do) and on success opens a login session. Every attempt passes
    /// the login throttle first ([`crate::throttle`]), for known and
    /// unknown names alike; a refusal is the same for both, and as slow,
    /// since an unknown name is checked against a dummy hash.
    pub async fn login(
        &self,
        name: &str,
        password: &str,
        client: &str,
    ) -> Result<Login, StoreError> {
        let keys = crate::throttle::Keys::new(name, client);
        if let Some(wait) = self.throttle_begin(&keys).await? {
            return Ok(Login::Throttled(std::time::Duration::from_millis(
                wait.unsigned_abs(),
            )));
        }
        let hash = sqlx::query(self.sql("SELECT password_hash FROM users WHERE name = ?"))
            .bind(name)
            .fetch_optional(&self.pool)
            .await?
            .map(|row| text(&row, "password_hash"))
            .transpose()?;
        // Argon2 is slow on purpose: checked off the async threads, so a
        // burst of attempts does not hold up other requests.
        let password = password.to_owned();
        let checked = tokio::task::spawn_blocking(move || {
            let known = hash.is_some();
            let hash = hash.as_deref().unwrap_or(crate::secrets::dummy_hash());
            crate::secrets::verify_password(&password, hash) && known
        })
        .await;
        let matches = match checked {
            Ok(matches) => matches,
            Err(e) => match e.try_into_panic() {
                Ok(panic) => std::panic::resume_unwind(panic),
                Err(_) => false,
            },
        };
        if !matches {
            self.throttle_refused(&keys).await?;
            return Ok(Login::Refused);
        }
        let now = now();
        let session = random_hex();
        let csrf = random_hex();
        let mut tx = self.begin_write().await?;
        self.throttle_forgive(&mut tx, &keys).await?;
        sqlx::query(self.sql("DELETE FROM login_sessions WHERE expires_at < ?"))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(self.sql(
            "INSERT INTO login_sessions (id_hash, user_name, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        ))
        .bind(digest(&session))
        .bind(name)
        .bind(&csrf)
        .bind(now)
        .bind(now + SESSION_SECONDS)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let user = self
            .user(name)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("user {name} vanished")))?;
        Ok(Login::Ok {
            user,
            session,
            csrf,
        })
    }

    /// The user and CSRF token of a live login session.
    pub async fn session_user(&self, session: &str) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query(self.sql(
            "SELECT u.name, u.role, s.csrf FROM login_sessions s JOIN users u ON u.name = s.user_name \
             WHERE s.id_hash = ? AND s.expires_at > ?",
        ))
        .bind(digest(session))
        .bind(now())
        .fetch_optional(&self.pool)
        .await?;
        let csrf = row.as_ref().map(|r| text(r, "csrf")).transpose()?;
        Ok(self.user_of_row(row).await?.zip(csrf))
    }

    /// Ends a login session.
    pub async fn logout(&self, session: &str) -> Result<(), StoreError> {
        sqlx::query(self.sql("DELETE FROM login_sessions WHERE id_hash = ?"))
            .bind(digest(session))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Makes a new personal API token for a user and returns it; only its
    /// digest is stored, so it can be shown this once.
    pub async fn token_create(&self, name: &str) -> Result<String, StoreError> {
        if self.user(name).await?.is_none() {
            return Err(AccountError::Unknown(name.to_owned()).into());
        }
        let token = format!("uti_{}", random_hex());
        sqlx::query(self.sql(
            "INSERT INTO api_tokens (id_hash, user_name, prefix, created_at) VALUES (?, ?, ?, ?)",
        ))
        .bind(digest(&token))
        .bind(name)
        .bind(&token[..12])
        .bind(now())
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    /// Revokes a user's tokens: all of them, or those starting with `prefix`.
    /// Returns how many were revoked.
    pub async fn token_revoke(&self, name: &str, prefix: Option<&str>) -> Result<u64, StoreError> {
        let tokens = sqlx::query(self.sql(
            "SELECT id_hash, prefix FROM api_tokens WHERE user_name = ? AND revoked_at IS NULL",
        ))
        .bind(name)
        .fetch_all(&self.pool)
        .await?;
        let mut revoked = 0;
        for row in tokens {
            let own = text(&row, "prefix")?;
            if prefix.is_none_or(|p| own.starts_with(p) || p.starts_with(&own)) {
                sqlx::query(self.sql("UPDATE api_tokens SET revoked_at = ? WHERE id_hash = ?"))
                    .bind(now())
                    .bind(text(&row, "id_hash")?)
                    .execute(&self.pool)
                    .await?;
                revoked += 1;
            }
        }
        Ok(revoked)
    }

    /// The user a live (not revoked) API token belongs to.
    pub async fn token_user(&self, token: &str) -> Result<Option<User>, StoreError> {
        let row = sqlx::query(self.sql(
            "SELECT u.name, u.role FROM api_tokens t JOIN users u ON u.name = t.user_name \
             WHERE t.id_hash = ? AND t.revoked_at IS NULL",
        ))
        .bind(digest(token))
        .fetch_optional(&self.pool)
        .await?;
        self.user_of_row(row).await
    }

    /// Whether any user exists (the demo creates one when none does).
    pub async fn has_users(&self) -> Result<bool, StoreError> {
        Ok(sqlx::query("SELECT 1 AS one FROM users LIMIT 1")
            .fetch_optional(&self.pool)
            .await?
            .is_some())
    }
}

fn role_of(row: &AnyRow) -> Result<Role, StoreError> {
    let role = text(row, "role")?;
    Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("unknown role {role}")))
}
