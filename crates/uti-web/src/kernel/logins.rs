//! Logins checked a moment ago.

use super::snapshot::FRESH;
use super::viewer::Viewer;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Logins (session cookies and API tokens) checked a moment ago, so that a
/// page costs no database round trip. An entry is trusted for
/// [`FRESH`]: a logout or a revoked token on this server
/// takes effect at once ([`LoginCache::forget`]), one elsewhere (another
/// server, the command line) within that time.
#[derive(Debug, Default, Clone)]
pub struct LoginCache(Arc<Mutex<HashMap<String, (Instant, Viewer)>>>);

/// At most this many logins are remembered; beyond it the cache starts over.
const LOGIN_CACHE_SIZE: usize = 10_000;

impl LoginCache {
    pub(crate) fn get(&self, key: &str) -> Option<Viewer> {
        let cache = self.0.lock().expect("login cache");
        cache
            .get(key)
            .filter(|(at, _)| at.elapsed() < FRESH)
            .map(|(_, v)| v.clone())
    }

    pub(crate) fn put(&self, key: String, viewer: &Viewer) {
        let mut cache = self.0.lock().expect("login cache");
        if cache.len() >= LOGIN_CACHE_SIZE {
            cache.clear();
        }
        cache.insert(key, (Instant::now(), viewer.clone()));
    }

    /// Forgets a login session (at logout).
    pub fn forget_session(&self, session: &str) {
        self.0
            .lock()
            .expect("login cache")
            .remove(&format!("c{session}"));
    }
}
