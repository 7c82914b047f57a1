//! The whole dataset and its analysis, parsed once and shared by requests
//! until the database's revision moves.
//!
//! Freshness: a change made through this server is seen by the very next
//! request (the store counts its own commits). A change made elsewhere
//! (another server on the same PostgreSQL database, or the command line)
//! is seen within [`FRESH`]: the revision is read from the database at
//! most that often, so that a page costs no database round trip at all.

use super::viewer::Viewer;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uti_core::analysis::{Analysis, analyse};
use uti_core::model::{Dataset, Initiative};
use uti_store::{Role, Store, StoreError};

/// How long a check of the database's revision (or of a login) is trusted.
pub const FRESH: Duration = Duration::from_secs(1);

/// The dataset at one revision, with its analysis.
#[derive(Debug)]
pub struct Snapshot {
    /// The revision it was read at.
    pub revision: i64,
    /// The dataset, drafts included.
    dataset: Dataset,
    /// Its analysis.
    analysis: Analysis,
    /// The dataset without draft sessions and its analysis, made when an
    /// initiative contact first asks (only if there are drafts).
    published: std::sync::OnceLock<(Dataset, Analysis)>,
    /// Every sector named by an initiative, sorted (for filters).
    pub sectors: BTreeSet<String>,
    /// Every target group named by an initiative, sorted (for filters).
    pub target_groups: BTreeSet<String>,
    /// Where each initiative is in `dataset.initiatives`, by id.
    by_id: HashMap<String, usize>,
    /// Whether any session is a draft (looked up once, not per request).
    has_drafts: bool,
    /// Parts of pages that depend only on this revision (and the language),
    /// rendered once: see [`Snapshot::fragment`].
    fragments: Mutex<HashMap<String, Arc<String>>>,
}

impl Snapshot {
    /// Reads the snapshot of the store's current revision.
    async fn read(store: &Store) -> Result<Snapshot, StoreError> {
        // The revision first: if a change lands in between, the snapshot
        // is newer than its number says and is simply read again.
        let revision = store.revision().await?;
        let dataset = store.dataset().await?;
        let analysis = analyse(&dataset);
        let mut sectors = BTreeSet::new();
        let mut target_groups = BTreeSet::new();
        let mut by_id = HashMap::new();
        for (n, i) in dataset.initiatives().iter().enumerate() {
            sectors.extend(i.sectors.iter().flatten().cloned());
            target_groups.extend(i.target_groups.iter().flatten().cloned());
            by_id.insert(i.id.to_string(), n);
        }
        let has_drafts = dataset.has_drafts();
        Ok(Snapshot {
            revision,
            dataset,
            analysis,
            sectors,
            target_groups,
            has_drafts,
            by_id,
            published: std::sync::OnceLock::new(),
            fragments: Mutex::default(),
        })
    }

    /// A piece of HTML that depends only on this revision and `key` (say,
    /// the unfiltered analysis in one language): made by `make` the first
    /// time, then shared.
    pub fn fragment(&self, key: &str, make: impl FnOnce() -> String) -> Arc<String> {
        if let Some(f) = self.fragments.lock().expect("fragments").get(key) {
            return f.clone();
        }
        let made = Arc::new(make());
        self.fragments
            .lock()
            .expect("fragments")
            .insert(key.to_owned(), made.clone());
        made
    }

    /// What `viewer` may read: everything, except for an initiative
    /// contact the draft sessions (of every initiative: the network-wide
    /// views are shared by all contacts; their own drafts show on their
    /// initiative's page, see [`Snapshot::initiative`]).
    pub fn readable(&self, viewer: &Viewer) -> Readable<'_> {
        if viewer.user.role != Role::Contact || !self.has_drafts {
            return Readable {
                dataset: &self.dataset,
                analysis: &self.analysis,
                drafts_hidden: false,
            };
        }
        let (dataset, analysis) = self.published.get_or_init(|| {
            let dataset = self.dataset.without_drafts(&[]);
            let analysis = analyse(&dataset);
            (dataset, analysis)
        });
        Readable {
            dataset,
            analysis,
            drafts_hidden: true,
        }
    }

    /// One initiative by id, as `viewer` may read it: without its draft
    /// sessions for a contact of another initiative.
    pub fn initiative(&self, viewer: &Viewer, id: &str) -> Option<&Initiative> {
        let n = *self.by_id.get(id)?;
        let dataset = if viewer.sees_drafts_of(id) {
            &self.dataset
        } else {
            self.readable(viewer).dataset
        };
        dataset.initiatives().get(n)
    }
}

/// The part of a snapshot one viewer may read.
#[derive(Debug, Clone, Copy)]
pub struct Readable<'a> {
    /// The dataset.
    pub dataset: &'a Dataset,
    /// Its analysis.
    pub analysis: &'a Analysis,
    /// Whether draft sessions were left out.
    pub drafts_hidden: bool,
}

#[derive(Debug)]
struct Held {
    snapshot: Arc<Snapshot>,
    /// When the database's revision was last found equal to the snapshot's.
    checked: Instant,
    /// The store's count of its own changes at that check.
    local_changes: u64,
}

/// The latest snapshot read, if any; one reader at a time reloads it.
#[derive(Debug, Default, Clone)]
pub struct SnapshotCache {
    held: Arc<Mutex<Option<Held>>>,
    reload: Arc<tokio::sync::Mutex<()>>,
}

impl SnapshotCache {
    fn fresh(&self, local_changes: u64) -> Option<Arc<Snapshot>> {
        let held = self.held.lock().expect("cache lock");
        held.as_ref()
            .filter(|h| h.local_changes == local_changes && h.checked.elapsed() < FRESH)
            .map(|h| h.snapshot.clone())
    }

    /// The snapshot of the current revision, read when needed.
    pub async fn get(&self, store: &Store) -> Result<Arc<Snapshot>, StoreError> {
        let local_changes = store.local_changes();
        if let Some(s) = self.fresh(local_changes) {
            return Ok(s);
        }
        // One request checks and reloads; the others wait for its result.
        let _reloading = self.reload.lock().await;
        if let Some(s) = self.fresh(local_changes) {
            return Ok(s);
        }
        let revision = store.revision().await?;
        let current = self
            .held
            .lock()
            .expect("cache lock")
            .as_ref()
            .filter(|h| h.snapshot.revision == revision)
            .map(|h| h.snapshot.clone());
        let snapshot = match current {
            Some(s) => s,
            None => Arc::new(Snapshot::read(store).await?),
        };
        *self.held.lock().expect("cache lock") = Some(Held {
            snapshot: snapshot.clone(),
            checked: Instant::now(),
            local_changes,
        });
        Ok(snapshot)
    }
}
