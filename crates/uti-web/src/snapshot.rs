//! The whole dataset and its analysis, parsed once and shared by requests
//! until the database's revision moves. The revision is read from the
//! database on every use, so a server never serves figures older than the
//! data, also when another server changed it.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use uti_core::analysis::{Analysis, analyse};
use uti_core::model::Dataset;
use uti_store::{Store, StoreError};

/// The dataset at one revision, with its analysis.
#[derive(Debug)]
pub struct Snapshot {
    /// The revision it was read at.
    pub revision: i64,
    /// The dataset.
    pub dataset: Dataset,
    /// Its analysis.
    pub analysis: Analysis,
    /// Every sector named by an initiative, sorted (for filters).
    pub sectors: BTreeSet<String>,
    /// Every target group named by an initiative, sorted (for filters).
    pub target_groups: BTreeSet<String>,
}

/// The latest snapshot read, if any.
#[derive(Debug, Default, Clone)]
pub struct SnapshotCache(Arc<Mutex<Option<Arc<Snapshot>>>>);

impl SnapshotCache {
    /// The snapshot of the current revision, read when needed.
    pub async fn get(&self, store: &Store) -> Result<Arc<Snapshot>, StoreError> {
        let revision = store.revision().await?;
        if let Some(held) = self.0.lock().expect("cache lock").as_ref()
            && held.revision == revision
        {
            return Ok(held.clone());
        }
        let dataset = store.dataset().await?;
        let analysis = analyse(&dataset);
        let mut sectors = BTreeSet::new();
        let mut target_groups = BTreeSet::new();
        for i in dataset.initiatives() {
            sectors.extend(i.sectors.iter().flatten().cloned());
            target_groups.extend(i.target_groups.iter().flatten().cloned());
        }
        let fresh = Arc::new(Snapshot {
            revision,
            dataset,
            analysis,
            sectors,
            target_groups,
        });
        *self.0.lock().expect("cache lock") = Some(fresh.clone());
        Ok(fresh)
    }
}
