//! The regional landscape, computed from the dataset alone: who does what
//! for whom, with which organisations, and what follows from that.

/// Coverage matrices and their gaps.
pub mod coverage;
/// Where each organisation takes part.
pub mod index;
/// Partners linked to organisation records by name and kind.
pub mod link;
/// The landscape's records in the dataset.
pub mod model;
/// The overlap finder: pairs of initiatives with the same target groups,
/// sectors, organisations and LLO types, ranked by points, with reasons.
pub mod overlaps;
/// Peer suggestions: initiatives that share a challenge, mechanism or
/// theme while they work in different sectors or for different target
/// groups, for meet-ups, peer consultation and peer review.
pub mod peers;
