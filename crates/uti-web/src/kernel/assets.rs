//! The static files the binary serves (no CDN: the network may be closed),
//! under names that carry a hash of their content, so that browsers may
//! keep them for a year and still get a new one when it changes.

use sha2::{Digest, Sha256};
use std::sync::LazyLock;

/// A file built into the binary.
#[derive(Debug)]
pub struct Asset {
    /// The name without hash, e.g. `uti.css` (also served, revalidated by ETag).
    pub name: &'static str,
    /// The name with the content's hash, e.g. `uti.3f2a9c1b0d4e.css`.
    pub hashed: String,
    /// Its media type.
    pub content_type: &'static str,
    /// Its content.
    pub body: &'static str,
    /// A strong ETag of its content.
    pub etag: String,
}

impl Asset {
    fn new(name: &'static str, content_type: &'static str, body: &'static str) -> Asset {
        let digest = Sha256::digest(body.as_bytes());
        let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
        Asset {
            name,
            hashed: format!("{stem}.{hex}.{ext}"),
            content_type,
            body,
            etag: format!("\"{hex}\""),
        }
    }

    /// Where pages link to it: `/static/` and the hashed name.
    pub fn href(&self) -> String {
        format!("/static/{}", self.hashed)
    }
}

/// The stylesheet of every page.
pub static STYLESHEET: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        "uti.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/uti.css"),
    )
});

/// The script of every page: small enhancements (an id made from a name
/// while typing, focus on the error summary); the pages work without it.
pub static SCRIPT: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        "uti.js",
        "text/javascript; charset=utf-8",
        include_str!("../../assets/uti.js"),
    )
});

/// The icon of every page (also answered at `/favicon.ico`).
pub static FAVICON: LazyLock<Asset> = LazyLock::new(|| {
    Asset::new(
        "favicon.svg",
        "image/svg+xml",
        include_str!("../../assets/favicon.svg"),
    )
});

/// Every static file, for the route that serves them.
pub fn all() -> [&'static Asset; 3] {
    [&STYLESHEET, &SCRIPT, &FAVICON]
}
