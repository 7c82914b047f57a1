//! The whole dataset and its analysis, parsed once and shared by requests
//! until the database's revision moves.
//!
//! Freshness: a change made through this server is in the snapshot before
//! the request that made it answers (the store counts its own commits, and
//! the `read_your_writes` layer waits for the catch-up). A change made
//! elsewhere (another server on the same database, the command line) is
//! seen within [`FRESH`] and a catch-up: the revision is checked at most
//! that often, in the background, so that a page costs no database round
//! trip and never waits for a reload.

use super::metrics::Metrics;
use super::viewer::Viewer;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::watch;
use uti_core::analysis::{Analysis, analyse};
use uti_core::model::{Dataset, Initiative};
use uti_store::{Role, Since, Store, StoreError};

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
    /// Its search index (drafts included: each document says whether it
    /// is one).
    pub search: uti_core::search::Index,
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
    /// Values that depend only on this revision and a key (the overlap
    /// pairs, the search index), made once: see [`Snapshot::derived`].
    derived: Mutex<HashMap<String, Arc<dyn std::any::Any + Send + Sync>>>,
}

impl Snapshot {
    /// Makes the snapshot of `dataset` at `revision`: its analysis, the
    /// filter lists, the index by id, and (when there are drafts) the
    /// dataset and analysis without drafts. Pure computation: run it off
    /// the async threads. The search index reuses what `previous` indexed
    /// of the initiatives that did not change.
    fn build(revision: i64, dataset: Dataset, previous: Option<Arc<Snapshot>>) -> Snapshot {
        let analysis = analyse(&dataset);
        let search = uti_core::search::Index::build(
            &dataset,
            previous.as_deref().map(|p| (&p.dataset, &p.search)),
        );
        let mut sectors = BTreeSet::new();
        let mut target_groups = BTreeSet::new();
        let mut by_id = HashMap::new();
        for (n, i) in dataset.initiatives().iter().enumerate() {
            sectors.extend(i.sectors.iter().flatten().cloned());
            target_groups.extend(i.target_groups.iter().flatten().cloned());
            by_id.insert(i.id.to_string(), n);
        }
        let has_drafts = dataset.has_drafts();
        let published = std::sync::OnceLock::new();
        if has_drafts {
            let without = dataset.without_drafts(&[]);
            let analysis = analyse(&without);
            let _ = published.set((without, analysis));
        }
        Snapshot {
            revision,
            dataset,
            analysis,
            search,
            sectors,
            target_groups,
            has_drafts,
            by_id,
            published,
            fragments: Mutex::default(),
            derived: Mutex::default(),
        }
    }

    /// Reads the whole dataset at the store's current revision.
    async fn read(store: &Store) -> Result<Snapshot, StoreError> {
        // The revision first: if a change lands in between, the snapshot
        // is newer than its number says, and the next check reads that
        // change again (reading an initiative twice does no harm).
        let revision = store.revision().await?;
        let dataset = store.dataset().await?;
        Ok(built(revision, dataset, None).await)
    }

    /// The snapshot of the store's current revision made from this one by
    /// reading only what changed since: `None` when nothing did.
    async fn caught_up(self: &Arc<Self>, store: &Store) -> Result<Option<Snapshot>, StoreError> {
        let (revision, since) = store.changes_since(self.revision).await?;
        match since {
            Since::Nothing if revision == self.revision => Ok(None),
            Since::Everything => Ok(Some(Snapshot::read(store).await?)),
            Since::Nothing => Ok(Some(
                built(revision, self.dataset.clone(), Some(self.clone())).await,
            )),
            Since::Initiatives(ids) => {
                let mut changed = Vec::with_capacity(ids.len());
                for id in ids {
                    let stored = store.initiative(&id).await?;
                    changed.push((id, stored.map(|s| s.initiative)));
                }
                let old = self.clone();
                let previous = self.clone();
                let dataset = tokio::task::spawn_blocking(move || {
                    let mut dataset = old.dataset.clone();
                    replace_initiatives(&mut dataset, &old.by_id, changed);
                    dataset
                })
                .await
                .expect("the dataset is copied without panicking");
                Ok(Some(built(revision, dataset, Some(previous)).await))
            }
        }
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

    /// A value that depends only on this revision and `key` (which names
    /// its type too): made by `make` the first time, then shared. Two
    /// requests that ask at once may both make it; one copy is kept.
    pub fn derived<T: std::any::Any + Send + Sync>(
        &self,
        key: &str,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        let found = self.derived.lock().expect("derived").get(key).cloned();
        if let Some(Ok(value)) = found.map(|v| v.downcast::<T>()) {
            return value;
        }
        let made = Arc::new(make());
        self.derived
            .lock()
            .expect("derived")
            .insert(key.to_owned(), made.clone());
        made
    }

    /// A fragment as the bytes of an answer, shared, not copied.
    pub fn bytes(fragment: Arc<String>) -> bytes::Bytes {
        /// The shared text as bytes.
        struct Shared(Arc<String>);
        impl AsRef<[u8]> for Shared {
            fn as_ref(&self) -> &[u8] {
                self.0.as_bytes()
            }
        }
        bytes::Bytes::from_owner(Shared(fragment))
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
        // Made by `build` whenever there are drafts; made here only if not.
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

    /// The whole dataset, drafts included, for a view that then hides what
    /// each viewer may not read (such as theme usage, whose entries carry
    /// their session's draft mark).
    pub fn dataset_with_drafts(&self) -> &Dataset {
        &self.dataset
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

/// [`Snapshot::build`] on a blocking thread.
async fn built(revision: i64, dataset: Dataset, previous: Option<Arc<Snapshot>>) -> Snapshot {
    tokio::task::spawn_blocking(move || Snapshot::build(revision, dataset, previous))
        .await
        .expect("a snapshot is built without panicking")
}

/// Puts the changed initiatives in place: replaced where they were, new
/// ones at the end (where a new initiative is stored), removed ones gone.
fn replace_initiatives(
    dataset: &mut Dataset,
    by_id: &HashMap<String, usize>,
    changed: Vec<(String, Option<Initiative>)>,
) {
    let list = dataset.initiatives.get_or_insert_with(Vec::new);
    let mut removed = BTreeSet::new();
    for (id, initiative) in changed {
        match (by_id.get(&id).copied(), initiative) {
            (Some(n), Some(i)) if n < list.len() => list[n] = i,
            (Some(n), None) if n < list.len() => {
                removed.insert(n);
            }
            (_, Some(i)) => list.push(i),
            (_, None) => {}
        }
    }
    if !removed.is_empty() {
        let mut n = 0;
        list.retain(|_| {
            n += 1;
            !removed.contains(&(n - 1))
        });
    }
    if list.is_empty() {
        dataset.initiatives = None;
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
    /// The store's count of its own changes when that check began.
    local_changes: u64,
}

/// The latest snapshot, shared by every request of this server.
///
/// No request waits for another's rebuild: when the snapshot may be stale
/// (this server committed a change, or [`FRESH`] has passed since the
/// database's revision was checked) a background task catches up, reading
/// only the initiatives that changed ([`Store::changes_since`]), while
/// requests go on with the snapshot they have. Only the very first request
/// waits for the first read, and a request that changed the dataset waits
/// (in the `read_your_writes` layer) until the snapshot holds its change,
/// so its next page shows it.
#[derive(Debug, Clone)]
pub struct SnapshotCache {
    held: Arc<Mutex<Option<Held>>>,
    /// Whether a catch-up task is running.
    refreshing: Arc<AtomicBool>,
    /// Raised after every catch-up, for the requests that wait for one.
    generation: Arc<watch::Sender<u64>>,
    /// The first read, made by one request while the others wait.
    first: Arc<tokio::sync::Mutex<()>>,
    metrics: Metrics,
}

impl SnapshotCache {
    /// An empty cache that reports its reloads to `metrics`.
    pub fn new(metrics: &Metrics) -> SnapshotCache {
        SnapshotCache {
            held: Arc::default(),
            refreshing: Arc::default(),
            generation: Arc::new(watch::channel(0).0),
            first: Arc::default(),
            metrics: metrics.clone(),
        }
    }

    /// The snapshot held, and whether it is known to be current.
    fn current(&self, local_changes: u64) -> Option<(Arc<Snapshot>, bool)> {
        let held = self.held.lock().expect("cache lock");
        held.as_ref().map(|h| {
            let fresh = h.local_changes == local_changes && h.checked.elapsed() < FRESH;
            (h.snapshot.clone(), fresh)
        })
    }

    /// The snapshot to answer with: the one held (a catch-up starts in the
    /// background when it may be stale); only when none is held yet, the
    /// first read.
    pub async fn get(&self, store: &Store) -> Result<Arc<Snapshot>, StoreError> {
        let local_changes = store.local_changes();
        if let Some((snapshot, fresh)) = self.current(local_changes) {
            if !fresh {
                self.catch_up(store);
            }
            return Ok(snapshot);
        }
        let _first = self.first.lock().await;
        if let Some((snapshot, _)) = self.current(local_changes) {
            return Ok(snapshot);
        }
        let started = Instant::now();
        let snapshot = Arc::new(Snapshot::read(store).await?);
        self.hold(snapshot.clone(), local_changes, started);
        self.keep_checking(store);
        Ok(snapshot)
    }

    /// Checks the database's revision twice per [`FRESH`] in the background
    /// (until the store is closed), so that a change made elsewhere is in
    /// the snapshot within about a second without any request asking.
    fn keep_checking(&self, store: &Store) {
        let cache = self.clone();
        let store = store.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(FRESH / 2);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if store.pool().is_closed() {
                    break;
                }
                cache.catch_up(&store);
            }
        });
    }

    /// The snapshot with every change this server has committed so far,
    /// for a page rendered right after its own change (waits for the
    /// catch-up, at most a few seconds).
    pub async fn get_own(&self, store: &Store) -> Result<Arc<Snapshot>, StoreError> {
        self.wait_for(store, store.local_changes(), Duration::from_secs(10))
            .await;
        self.get(store).await
    }

    /// Waits (at most `limit`) until the snapshot includes this server's
    /// change number `local_changes`, so that the writer's next page shows
    /// its own change.
    pub async fn wait_for(&self, store: &Store, local_changes: u64, limit: Duration) {
        let deadline = tokio::time::Instant::now() + limit;
        let mut generation = self.generation.subscribe();
        loop {
            let caught = self
                .held
                .lock()
                .expect("cache lock")
                .as_ref()
                .is_none_or(|h| h.local_changes >= local_changes);
            if caught {
                return;
            }
            self.catch_up(store);
            if tokio::time::timeout_at(deadline, generation.changed())
                .await
                .is_err()
            {
                tracing::warn!("the snapshot did not catch up with a change in time");
                return;
            }
        }
    }

    fn hold(&self, snapshot: Arc<Snapshot>, local_changes: u64, started: Instant) {
        self.metrics
            .snapshot_reload
            .observe(started.elapsed().as_secs_f64());
        self.metrics.snapshot_revision.set(snapshot.revision);
        *self.held.lock().expect("cache lock") = Some(Held {
            snapshot,
            checked: Instant::now(),
            local_changes,
        });
    }

    /// Starts a background catch-up unless one is running.
    fn catch_up(&self, store: &Store) {
        if self.refreshing.swap(true, Ordering::AcqRel) {
            return;
        }
        let cache = self.clone();
        let store = store.clone();
        tokio::spawn(async move {
            loop {
                cache.catch_up_once(&store).await;
                cache.refreshing.store(false, Ordering::Release);
                // A change committed while this one ran needs another round,
                // unless a new task took over meanwhile.
                let behind = cache
                    .held
                    .lock()
                    .expect("cache lock")
                    .as_ref()
                    .is_some_and(|h| h.local_changes != store.local_changes());
                if !behind || cache.refreshing.swap(true, Ordering::AcqRel) {
                    break;
                }
            }
        });
    }

    async fn catch_up_once(&self, store: &Store) {
        let local_changes = store.local_changes();
        let Some(held) = self
            .held
            .lock()
            .expect("cache lock")
            .as_ref()
            .map(|h| h.snapshot.clone())
        else {
            return;
        };
        let started = Instant::now();
        match held.caught_up(store).await {
            Ok(Some(snapshot)) => self.hold(Arc::new(snapshot), local_changes, started),
            Ok(None) => {
                if let Some(h) = self.held.lock().expect("cache lock").as_mut() {
                    h.checked = Instant::now();
                    h.local_changes = local_changes;
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "catching up with the database failed; serving the snapshot held");
            }
        }
        self.generation.send_modify(|g| *g += 1);
    }
}
