//! What every handler gets.

use super::logins::LoginCache;
use super::snapshot::SnapshotCache;
use uti_store::Store;

/// What every handler gets.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The dataset and analysis of the current revision.
    pub snapshot: SnapshotCache,
    /// Logins checked a moment ago.
    pub logins: LoginCache,
    /// Proxies whose `X-Forwarded-For` names the client (see
    /// [`super::client`]); empty when the server faces clients directly.
    pub trusted_proxies: std::sync::Arc<[std::net::IpAddr]>,
}
