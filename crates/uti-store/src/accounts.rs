//! Users, their roles, login sessions and API tokens. The web server keeps
//! no state of its own: everything a request needs to know who is asking
//! is read here, so several servers can share one PostgreSQL database.

use crate::secrets::{digest, random_hex};
use crate::{AccountError, Store, StoreError, text};
use sqlx::Row;
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
    /// Wrong name or password.
    Refused,
    /// Too many failed attempts: try again after this many seconds.
    Locked(i64),
}

/// Failed logins allowed before a name is locked for a while.
pub const FREE_ATTEMPTS: i64 = 5;
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

    /// Sets a new password hash, unlocks the user and ends their sessions.
    pub async fn user_set_password(
        &self,
        name: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(self.sql(
            "UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0 WHERE name = ?",
        ))
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
        tx.commit().await?;
        Ok(())
    }

    /// Checks a name and password; on success opens a login session. After
    /// [`FREE_ATTEMPTS`] failures in a row the name is locked, for a time
    /// that doubles with each further failure (at most an hour).
    pub async fn login(&self, name: &str, password: &str) -> Result<Login, StoreError> {
        let now = now();
        let row = sqlx::query(
            self.sql("SELECT password_hash, failed_logins, locked_until FROM users WHERE name = ?"),
        )
        .bind(name)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            // As slow as a wrong password, so names cannot be probed by timing.
            crate::secrets::verify_password(password, crate::secrets::dummy_hash());
            return Ok(Login::Refused);
        };
        let locked_until: i64 = row.try_get("locked_until")?;
        if locked_until > now {
            return Ok(Login::Locked(locked_until - now));
        }
        let hash = text(&row, "password_hash")?;
        if !crate::secrets::verify_password(password, &hash) {
            let failed = row.try_get::<i64, _>("failed_logins")? + 1;
            let lock = if failed >= FREE_ATTEMPTS {
                now + (30_i64 << (failed - FREE_ATTEMPTS).min(7)).min(3600)
            } else {
                0
            };
            sqlx::query(
                self.sql("UPDATE users SET failed_logins = ?, locked_until = ? WHERE name = ?"),
            )
            .bind(failed)
            .bind(lock)
            .bind(name)
            .execute(&self.pool)
            .await?;
            return Ok(if lock > 0 {
                Login::Locked(lock - now)
            } else {
                Login::Refused
            });
        }
        let session = random_hex();
        let csrf = random_hex();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            self.sql("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE name = ?"),
        )
        .bind(name)
        .execute(&mut *tx)
        .await?;
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
