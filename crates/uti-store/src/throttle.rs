//! The login throttle: a growing delay after failed logins, which tells
//! nothing about which names exist and lets no one lock another out.
//!
//! Failures are counted in the table `login_throttle`, shared by every
//! server on the database, in three kinds of row:
//!
//! - per **address** (the client's IP address, an IPv6 client by its /64
//!   network): all failures from there, for any name;
//! - per **name**: all failures for that name, from any address;
//! - per **name from one address**: what a successful login forgives.
//!
//! Known and unknown names are counted alike, so the answers (and, since
//! an unknown name is checked against a dummy hash, their timing) are the
//! same for both. Keys are SHA-256 digests, never the plain name or
//! address; a row whose last failure is [`FORGET_AFTER_SECONDS`] old is
//! forgotten and deleted on the way. The digests are pseudonyms, not
//! anonymity (there are few IPv4 addresses to try), which is why the rows
//! live only a day.
//!
//! After [`FREE_ATTEMPTS`] failures a counter asks for a delay before the
//! next attempt, from the last refusal: 1 s, then 2 s, 4 s … at most
//! [`MAX_DELAY_SECONDS`]. An attempt during a delay is answered with the
//! time left, is not checked and counts as nothing.
//!
//! - The **address** counter delays every attempt from that address.
//! - The **name** counter delays an attempt for that name only from an
//!   address that has failed itself (its address counter is above zero).
//!   This is the choice that keeps the owner in: an attacker elsewhere,
//!   however many failures they cause, never delays the owner on an
//!   address without failures; but an attacker who spreads guesses over
//!   many addresses gets one unthrottled guess per fresh address, and
//!   from then on that address waits for the name's delay too. A rate
//!   limit per name for everyone would let an attacker take every slot
//!   and so lock the owner out after all.
//!
//! An attempt is counted as a failure *before* its password is checked
//! (in one transaction that holds the three rows), so that parallel
//! attempts cannot slip through a delay together. A successful login then
//! forgives the failures of that name from that address: they are taken
//! off the address and name counters and the pair's row is deleted;
//! failures from elsewhere, or for other names, stay. A new password
//! (`uti user reset-password`) forgives every failure for the name.

use crate::secrets::digest;
use crate::{Store, StoreError, text};
use sqlx::Row;

/// Failed attempts allowed per address and per name before a delay.
pub const FREE_ATTEMPTS: i64 = 5;
/// The longest delay between attempts, in seconds (5 minutes).
pub const MAX_DELAY_SECONDS: i64 = 300;
/// A counter without a new failure for this long is forgotten (a day).
pub const FORGET_AFTER_SECONDS: i64 = 24 * 3600;

/// How long to wait after the last of `failures` failures, in milliseconds:
/// nothing for the first [`FREE_ATTEMPTS`], then 1 s, doubling with each
/// further failure up to [`MAX_DELAY_SECONDS`].
pub fn delay_ms(failures: i64) -> i64 {
    if failures < FREE_ATTEMPTS {
        return 0;
    }
    (1000_i64 << (failures - FREE_ATTEMPTS).min(20)).min(MAX_DELAY_SECONDS * 1000)
}

/// Milliseconds since 1970.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// The keys of one login attempt: digests of the name and of the client.
#[derive(Debug, Clone)]
pub(crate) struct Keys {
    name: String,
    address: String,
}

impl Keys {
    /// The keys of `name` tried from `client`.
    pub(crate) fn new(name: &str, client: &str) -> Keys {
        Keys {
            name: name_key(name),
            address: digest(&format!("uti login address\n{client}")),
        }
    }
}

fn name_key(name: &str) -> String {
    digest(&format!("uti login name\n{name}"))
}

/// One row of `login_throttle`, as it counts now.
#[derive(Debug, Clone, Copy, Default)]
struct Counter {
    failures: i64,
    last_failed_at: i64,
}

impl Counter {
    /// The counter at `now`: one that was left alone for a day counts nothing.
    fn at(self, now: i64) -> Counter {
        if self.last_failed_at < now - FORGET_AFTER_SECONDS * 1000 {
            Counter::default()
        } else {
            self
        }
    }

    /// When the next attempt is allowed. Without a delay that is at once,
    /// not at the last failure: a parallel attempt's refusal may be later
    /// than the moment this attempt began.
    fn allowed_at(self) -> i64 {
        match delay_ms(self.failures) {
            0 => 0,
            delay => self.last_failed_at + delay,
        }
    }
}

impl Store {
    /// Starts a login attempt: when no counter asks for a delay, counts it
    /// as a failure (until [`Store::throttle_forgive`]) and returns `None`;
    /// otherwise counts nothing and returns the milliseconds to wait.
    pub(crate) async fn throttle_begin(&self, keys: &Keys) -> Result<Option<i64>, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        // Makes (or just touches) the three rows, which holds them until
        // the commit, in key order, so that two attempts never wait for
        // each other in a circle. '' sorts before every digest.
        sqlx::query(self.sql(
            "INSERT INTO login_throttle (name_key, address_key, failures, last_failed_at) \
             VALUES ('', ?, 0, 0), (?, '', 0, 0), (?, ?, 0, 0) \
             ON CONFLICT (name_key, address_key) DO UPDATE SET failures = login_throttle.failures",
        ))
        .bind(&keys.address)
        .bind(&keys.name)
        .bind(&keys.name)
        .bind(&keys.address)
        .execute(&mut *tx)
        .await?;
        let rows = sqlx::query(self.sql(
            "SELECT name_key, address_key, failures, last_failed_at FROM login_throttle \
             WHERE (name_key = '' AND address_key = ?) OR (name_key = ? AND address_key IN ('', ?))",
        ))
        .bind(&keys.address)
        .bind(&keys.name)
        .bind(&keys.address)
        .fetch_all(&mut *tx)
        .await?;
        let (mut address, mut name, mut pair) = Default::default();
        for row in &rows {
            let counter = Counter {
                failures: row.try_get("failures")?,
                last_failed_at: row.try_get("last_failed_at")?,
            }
            .at(now);
            match (
                text(row, "name_key")?.is_empty(),
                text(row, "address_key")?.is_empty(),
            ) {
                (true, _) => address = counter,
                (false, true) => name = counter,
                (false, false) => pair = counter,
            }
        }
        let mut allowed_at = address.allowed_at();
        if address.failures > 0 {
            allowed_at = allowed_at.max(name.allowed_at());
        }
        if allowed_at > now {
            tx.rollback().await?;
            return Ok(Some(allowed_at - now));
        }
        for (counter, name_key, address_key) in [
            (address, "", keys.address.as_str()),
            (name, keys.name.as_str(), ""),
            (pair, keys.name.as_str(), keys.address.as_str()),
        ] {
            sqlx::query(self.sql(
                "UPDATE login_throttle SET failures = ?, last_failed_at = ? \
                 WHERE name_key = ? AND address_key = ?",
            ))
            .bind(counter.failures + 1)
            .bind(now)
            .bind(name_key)
            .bind(address_key)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        // Housekeeping, outside the attempt's transaction: an error here
        // (say, PostgreSQL ending it in a rare lock cycle with a login on
        // an old row) loses nothing, as the next attempt tries again and
        // old rows count nothing meanwhile.
        let _ = sqlx::query(self.sql("DELETE FROM login_throttle WHERE last_failed_at < ?"))
            .bind(now - FORGET_AFTER_SECONDS * 1000)
            .execute(&self.pool)
            .await;
        Ok(None)
    }

    /// After a refused attempt: its failure counts from now, when the check
    /// ended, so that a delay is the time between a refusal and the next
    /// attempt, however long the check took. One row per statement, each
    /// on its own, so this holds no two rows at once.
    pub(crate) async fn throttle_refused(&self, keys: &Keys) -> Result<(), StoreError> {
        let now = now_ms();
        for (name_key, address_key) in [
            ("", keys.address.as_str()),
            (keys.name.as_str(), ""),
            (keys.name.as_str(), keys.address.as_str()),
        ] {
            sqlx::query(self.sql(
                "UPDATE login_throttle SET last_failed_at = ? \
                 WHERE name_key = ? AND address_key = ? AND last_failed_at < ?",
            ))
            .bind(now)
            .bind(name_key)
            .bind(address_key)
            .bind(now)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// After a successful login: forgives the failures of that name from
    /// that address, on the address and name counters too.
    pub(crate) async fn throttle_forgive(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        keys: &Keys,
    ) -> Result<(), StoreError> {
        let failures: Option<i64> = sqlx::query(
            self.sql("SELECT failures FROM login_throttle WHERE name_key = ? AND address_key = ?"),
        )
        .bind(&keys.name)
        .bind(&keys.address)
        .fetch_optional(&mut **tx)
        .await?
        .map(|row| row.try_get("failures"))
        .transpose()?;
        let Some(failures) = failures else {
            return Ok(());
        };
        // In key order, as in `throttle_begin`: the address, the name, the pair.
        self.take_off(tx, "", &keys.address, failures).await?;
        self.take_off(tx, &keys.name, "", failures).await?;
        sqlx::query(self.sql("DELETE FROM login_throttle WHERE name_key = ? AND address_key = ?"))
            .bind(&keys.name)
            .bind(&keys.address)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Forgives every failure for a name, from every address: its new
    /// password is not what was guessed.
    pub(crate) async fn throttle_forgive_name(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        name: &str,
    ) -> Result<(), StoreError> {
        let name_key = name_key(name);
        let pairs = sqlx::query(self.sql(
            "SELECT address_key, failures FROM login_throttle \
             WHERE name_key = ? AND address_key <> '' ORDER BY address_key",
        ))
        .bind(&name_key)
        .fetch_all(&mut **tx)
        .await?;
        for row in &pairs {
            let failures: i64 = row.try_get("failures")?;
            self.take_off(tx, "", &text(row, "address_key")?, failures)
                .await?;
        }
        sqlx::query(self.sql("DELETE FROM login_throttle WHERE name_key = ?"))
            .bind(&name_key)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Takes `failures` off one counter (never below zero) and deletes it
    /// when it counts nothing any more.
    async fn take_off(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        name_key: &str,
        address_key: &str,
        failures: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(self.sql(
            "UPDATE login_throttle SET failures = CASE WHEN failures > ? THEN failures - ? ELSE 0 END \
             WHERE name_key = ? AND address_key = ?",
        ))
        .bind(failures)
        .bind(failures)
        .bind(name_key)
        .bind(address_key)
        .execute(&mut **tx)
        .await?;
        sqlx::query(self.sql(
            "DELETE FROM login_throttle WHERE name_key = ? AND address_key = ? AND failures <= 0",
        ))
        .bind(name_key)
        .bind(address_key)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delay_starts_after_the_free_attempts_doubles_and_stops_at_the_most() {
        let delays: Vec<i64> = (0..=16).map(delay_ms).collect();
        assert_eq!(&delays[..5], &[0; 5]);
        assert_eq!(&delays[5..10], &[1000, 2000, 4000, 8000, 16000]);
        assert_eq!(delays[13], 256_000);
        assert_eq!(delays[14], MAX_DELAY_SECONDS * 1000);
        assert_eq!(delay_ms(i64::MAX), MAX_DELAY_SECONDS * 1000);
    }

    #[test]
    fn a_counter_left_alone_for_a_day_counts_nothing() {
        let now = 10 * FORGET_AFTER_SECONDS * 1000;
        let old = Counter {
            failures: 9,
            last_failed_at: now - FORGET_AFTER_SECONDS * 1000 - 1,
        };
        assert_eq!(old.at(now).failures, 0);
        let recent = Counter {
            failures: 9,
            last_failed_at: now - 1000,
        };
        assert_eq!(recent.at(now).allowed_at(), now - 1000 + 16_000);
    }

    #[test]
    fn free_attempts_are_allowed_at_once_even_after_a_later_refusal() {
        let now = 10 * FORGET_AFTER_SECONDS * 1000;
        let refused_meanwhile = Counter {
            failures: FREE_ATTEMPTS - 1,
            last_failed_at: now + 5,
        };
        assert_eq!(refused_meanwhile.at(now).allowed_at(), 0);
    }

    #[test]
    fn keys_are_digests_that_keep_names_and_addresses_apart() {
        let a = Keys::new("rik", "127.0.0.1");
        let b = Keys::new("127.0.0.1", "rik");
        assert_ne!(a.name, b.address);
        assert_eq!(a.name.len(), 64);
        assert!(!a.name.contains("rik"));
        assert_eq!(a.name, Keys::new("rik", "10.0.0.1").name);
    }
}
