//! Words and their search keys: a word matches another when their keys are
//! equal. The key is the Snowball Dutch stem (lower case, accents off),
//! with a final `s` taken off the stem as well, so that plural forms the
//! stemmer keeps apart meet again (fiets and fietsen, coalitie and
//! coalities, proces and processen).

use rust_stemmers::{Algorithm, Stemmer};
use std::ops::Range;
use std::sync::OnceLock;

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Dutch))
}

/// The words of a text: each a run of letters and digits, with its place
/// (byte range) in the text.
pub fn words(text: &str) -> impl Iterator<Item = (Range<usize>, &str)> {
    let mut start = None;
    let mut chars = text.char_indices().peekable();
    std::iter::from_fn(move || {
        loop {
            let (at, c) = match chars.next() {
                Some(next) => next,
                None => {
                    return start.take().map(|s| (s..text.len(), &text[s..]));
                }
            };
            if c.is_alphanumeric() {
                start.get_or_insert(at);
            } else if let Some(s) = start.take() {
                return Some((s..at, &text[s..at]));
            }
        }
    })
}

/// The search key of one word.
pub fn key(word: &str) -> String {
    let lower = word.to_lowercase();
    let mut stem = stemmer().stem(&lower).into_owned();
    while stem.len() > 3 && stem.ends_with('s') {
        stem.pop();
    }
    stem
}

/// Words too common to narrow a search (ignored unless a query has
/// nothing else).
pub const STOP_WORDS: &[&str] = &[
    "de", "het", "een", "en", "van", "in", "op", "te", "voor", "met", "aan", "is", "dat", "die",
    "er", "zijn", "of", "om", "bij", "naar", "the", "a", "an", "and", "of", "to", "for", "with",
];

/// The keys a query asks for, each once, in the order typed; the stop
/// words left out unless there is nothing else.
pub fn query_keys(query: &str) -> Vec<String> {
    let all: Vec<(&str, String)> = words(query).map(|(_, w)| (w, key(w))).collect();
    let meaningful: Vec<&(&str, String)> = all
        .iter()
        .filter(|(w, _)| !STOP_WORDS.contains(&w.to_lowercase().as_str()))
        .collect();
    let chosen: Vec<&(&str, String)> = if meaningful.is_empty() {
        all.iter().collect()
    } else {
        meaningful
    };
    let mut keys: Vec<String> = Vec::new();
    for (_, k) in chosen {
        if !keys.contains(k) {
            keys.push(k.clone());
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_word_forms_share_a_key() {
        for (a, b) in [
            ("fiets", "fietsen"),
            ("werkgever", "werkgevers"),
            ("begeleiding", "begeleiden"),
            ("opleiding", "opleidingen"),
            ("coalitie", "coalities"),
            ("Statushouders", "statushouder"),
            ("proces", "processen"),
            ("één", "een"),
        ] {
            assert_eq!(key(a), key(b), "{a} ~ {b}");
        }
        assert_ne!(key("zorg"), key("werkgever"));
    }

    #[test]
    fn words_are_runs_of_letters_and_digits_with_their_place() {
        let text = "Werkgevers, ROC-Midden en 2026: één!";
        let found: Vec<&str> = words(text).map(|(_, w)| w).collect();
        assert_eq!(found, ["Werkgevers", "ROC", "Midden", "en", "2026", "één"]);
        let (place, _) = words(text).last().unwrap();
        assert_eq!(&text[place], "één");
    }

    #[test]
    fn a_query_skips_stop_words_unless_it_has_nothing_else() {
        assert_eq!(query_keys("de fietsen en de fiets"), [key("fiets")]);
        assert_eq!(query_keys("de"), ["de"]);
        assert!(query_keys("  ,, ").is_empty());
    }
}
