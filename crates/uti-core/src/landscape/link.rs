//! Partners become organisations: a partner without an `organisation` (or
//! with one that does not exist) is linked to the organisation of the same
//! name and kind, which is made when there is none. Names are compared
//! without case, diacritics or extra spaces ("ROC  Midden" = "roc midden").

use crate::landscape::model::Organisation;
use crate::model::{Initiative, PartnerKind};
use crate::values::Slug;
use std::collections::{HashMap, HashSet};

/// The key two partners share when they are one organisation.
pub fn same_key(name: &str, kind: PartnerKind) -> (String, PartnerKind) {
    let folded = crate::prose::collation_key(name);
    let words: Vec<&str> = folded.split_whitespace().collect();
    (words.join(" "), kind)
}

/// Links every partner of `initiatives` to an organisation of `known`,
/// adding organisations as needed; gives the added ones, in the order met.
pub fn link_partners(known: &[Organisation], initiatives: &mut [Initiative]) -> Vec<Organisation> {
    let mut by_key: HashMap<(String, PartnerKind), Slug> = known
        .iter()
        .map(|o| (same_key(&o.name, o.kind), o.id.clone()))
        .collect();
    let mut ids: HashSet<String> = known.iter().map(|o| o.id.to_string()).collect();
    let mut added = Vec::new();
    for initiative in initiatives {
        for partner in initiative.partners.iter_mut().flatten() {
            if partner
                .organisation
                .as_ref()
                .is_some_and(|id| ids.contains(id.as_str()))
            {
                continue;
            }
            let key = same_key(&partner.name, partner.kind);
            let id = match by_key.get(&key) {
                Some(id) => id.clone(),
                None => {
                    let id = new_id(&partner.name, &ids);
                    ids.insert(id.to_string());
                    by_key.insert(key, id.clone());
                    added.push(Organisation {
                        id: id.clone(),
                        name: partner.name.trim().to_owned(),
                        kind: partner.kind,
                        sector: None,
                        place: None,
                        website: None,
                    });
                    id
                }
            };
            partner.organisation = Some(id);
        }
    }
    added
}

/// An id made from the name that no organisation has yet.
fn new_id(name: &str, taken: &HashSet<String>) -> Slug {
    let mut base = crate::prose::slug_from_name(name);
    if base.is_empty() {
        base = "organisatie".to_owned();
    }
    base.truncate(58);
    let base = base.trim_end_matches('-').to_owned();
    let mut candidate = base.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    Slug::parse(&candidate).unwrap_or_else(|_| Slug::parse("organisatie").expect("a slug"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Partner;

    fn initiative(id: &str, partners: &[(&str, PartnerKind)]) -> Initiative {
        Initiative {
            id: Slug::parse(id).unwrap(),
            name: id.into(),
            short_name: None,
            sectors: None,
            target_groups: None,
            problem: None,
            website: None,
            partners: Some(
                partners
                    .iter()
                    .map(|(n, k)| Partner {
                        name: (*n).into(),
                        kind: *k,
                        organisation: None,
                        role: None,
                    })
                    .collect(),
            ),
            sessions: None,
        }
    }

    #[test]
    fn same_name_and_kind_is_one_organisation_and_ids_stay_unique() {
        let mut list = vec![
            initiative(
                "a",
                &[
                    ("ROC Midden", PartnerKind::Onderwijs),
                    ("Gemeente Utrecht", PartnerKind::Overheid),
                ],
            ),
            initiative(
                "b",
                &[
                    ("roc  midden", PartnerKind::Onderwijs),
                    ("ROC Midden", PartnerKind::Werkgever),
                ],
            ),
        ];
        let added = link_partners(&[], &mut list);
        let ids: Vec<&str> = added.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["roc-midden", "gemeente-utrecht", "roc-midden-2"]);
        fn of(list: &[Initiative], i: usize, p: usize) -> String {
            list[i].partners.as_ref().unwrap()[p]
                .organisation
                .as_ref()
                .unwrap()
                .to_string()
        }
        assert_eq!(of(&list, 0, 0), of(&list, 1, 0));
        assert_ne!(of(&list, 1, 0), of(&list, 1, 1));
        // A second pass adds nothing and keeps the links.
        let again = link_partners(&added, &mut list);
        assert!(again.is_empty());
        assert_eq!(of(&list, 1, 1), "roc-midden-2");
    }
}
