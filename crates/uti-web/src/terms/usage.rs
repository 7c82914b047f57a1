//! Where each theme and challenge is used, found in the dataset held in
//! memory rather than by reading every session from the database: the
//! lists stay quick at any size of network.

use crate::kernel::AppState;
use crate::kernel::error::AppError;
use std::collections::HashMap;
use uti_core::model::{Dataset, TermKind};
use uti_store::{StoredTerm, TermLists, TermUse};

/// Fills in `uses` of each term: every chain of `dataset` that names it,
/// in the order of the dataset (drafts included, marked; hide them per
/// viewer afterwards).
pub fn fill_uses(dataset: &Dataset, terms: &mut [&mut StoredTerm]) {
    let index: HashMap<(TermKind, &str), usize> = terms
        .iter()
        .enumerate()
        .map(|(n, t)| ((t.kind, t.term.id.as_str()), n))
        .collect();
    let mut found: Vec<Vec<TermUse>> = vec![Vec::new(); terms.len()];
    for initiative in dataset.initiatives() {
        for session in initiative.sessions() {
            for chain in session.chains() {
                for kind in TermKind::ALL {
                    for id in chain.terms(*kind) {
                        if let Some(&n) = index.get(&(*kind, id.as_str())) {
                            found[n].push(TermUse {
                                initiative_id: initiative.id.to_string(),
                                initiative_name: initiative.name.clone(),
                                date: session.date,
                                session_kind: session.kind,
                                level: chain.level,
                                draft: session.draft,
                            });
                        }
                    }
                }
            }
        }
    }
    for (term, uses) in terms.iter_mut().zip(found) {
        term.uses = uses;
    }
}

/// Both lists with their uses.
pub async fn term_lists(state: &AppState) -> Result<TermLists, AppError> {
    let mut lists = state.store.term_lists().await?;
    let snapshot = state.snapshot.get(&state.store).await?;
    let mut all: Vec<&mut StoredTerm> = lists
        .themes
        .iter_mut()
        .chain(lists.challenges.iter_mut())
        .collect();
    fill_uses(snapshot.dataset_with_drafts(), &mut all);
    Ok(lists)
}

/// The terms of one kind with their uses.
pub async fn terms(state: &AppState, kind: TermKind) -> Result<Vec<StoredTerm>, AppError> {
    let mut terms = state.store.terms(kind).await?;
    let snapshot = state.snapshot.get(&state.store).await?;
    fill_uses(
        snapshot.dataset_with_drafts(),
        &mut terms.iter_mut().collect::<Vec<_>>(),
    );
    Ok(terms)
}

/// One term with its uses, if it exists.
pub async fn term(
    state: &AppState,
    kind: TermKind,
    id: &str,
) -> Result<Option<StoredTerm>, AppError> {
    let Some(mut term) = state.store.term(kind, id).await? else {
        return Ok(None);
    };
    let snapshot = state.snapshot.get(&state.store).await?;
    fill_uses(snapshot.dataset_with_drafts(), &mut [&mut term]);
    Ok(Some(term))
}
