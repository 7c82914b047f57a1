//! A history entry in words: what changed between its "before" and its
//! "after". Sessions use the change descriptions of the session editor
//! ([`uti_core::compare::changes`]); an initiative's own fields are
//! compared key by key; an initiative recorded whole (created with
//! sessions, or by an import) also lists its sessions' changes, place by
//! place.

use serde_json::{Map, Value};
use uti_core::Lang;
use uti_core::compare::quote;
use uti_core::model::Session;
use uti_core::prose::{date_text, kind_name};
use uti_store::Entry;
use uti_store::history::{Action, Record};

/// The action as a word: `gewijzigd`, `teruggezet`, ...
pub fn action_word(action: Action, lang: Lang) -> &'static str {
    match action {
        Action::Created => lang.pick("toegevoegd", "added"),
        Action::Changed => lang.pick("gewijzigd", "changed"),
        Action::Deleted => lang.pick("verwijderd", "removed"),
        Action::Replaced => lang.pick("vervangen", "replaced"),
        Action::Restored => lang.pick("teruggezet", "restored"),
        Action::Merged => lang.pick("samengevoegd", "merged"),
    }
}

/// A session named for people: `12 maart 2025 (beoogd ontwerp)`.
pub fn session_name(session: &Session, lang: Lang) -> String {
    format!(
        "{} ({})",
        date_text(session.date, lang),
        kind_name(session.kind, lang)
    )
}

/// What record an entry is about, for people: `Sessie van 12 maart 2025
/// (beoogd ontwerp)`, `Initiatief`.
pub fn subject(entry: &Entry, lang: Lang) -> String {
    match entry.record {
        Record::Session => {
            let session = parse::<Session>(entry.after.as_deref())
                .or_else(|| parse::<Session>(entry.before.as_deref()));
            match session {
                Some(s) => format!(
                    "{} {}",
                    lang.pick("Sessie van", "Session of"),
                    session_name(&s, lang)
                ),
                None => lang.pick("Sessie", "Session").to_owned(),
            }
        }
        Record::Initiative => {
            let whole =
                has_sessions(entry.before.as_deref()) || has_sessions(entry.after.as_deref());
            if whole {
                lang.pick("Initiatief met sessies", "Initiative with sessions")
            } else {
                lang.pick("Gegevens van het initiatief", "The initiative's details")
            }
            .to_owned()
        }
        Record::Term => format!(
            "{} {}",
            lang.pick("Thema of uitdaging", "Theme or challenge"),
            entry.record_key.as_deref().unwrap_or("")
        ),
        Record::ReportText => format!(
            "{} {}",
            lang.pick("Rapporttekst", "Report text"),
            entry.record_key.as_deref().unwrap_or("")
        ),
        Record::Network => lang.pick("Netwerknaam", "Network name").to_owned(),
        Record::Landscape => format!(
            "{} {}",
            lang.pick("Landschap:", "Landscape:"),
            entry.record_key.as_deref().unwrap_or("")
        ),
    }
}

fn parse<T: serde::de::DeserializeOwned>(doc: Option<&str>) -> Option<T> {
    doc.and_then(|d| serde_json::from_str(d).ok())
}

fn has_sessions(doc: Option<&str>) -> bool {
    parse::<Map<String, Value>>(doc).is_some_and(|m| m.contains_key("sessions"))
}

/// The changes of an entry, one sentence each.
pub fn changes(entry: &Entry, lang: Lang) -> Vec<String> {
    let mut out = match entry.record {
        Record::Session => session_changes(entry.before.as_deref(), entry.after.as_deref(), lang),
        Record::Initiative => initiative_changes(entry, lang),
        Record::Term | Record::Landscape => object_changes(
            &parse(entry.before.as_deref()).unwrap_or_default(),
            &parse(entry.after.as_deref()).unwrap_or_default(),
            lang,
        ),
        Record::ReportText | Record::Network => {
            let text = |d: Option<&str>| parse::<String>(d).unwrap_or_default();
            vec![format!(
                "{} → {}",
                quote(&text(entry.before.as_deref())),
                quote(&text(entry.after.as_deref()))
            )]
        }
    };
    if let Some(from) = entry.restored_from {
        out.insert(
            0,
            match lang {
                Lang::Nl => format!("Teruggezet naar de versie na wijziging {from}."),
                Lang::En => format!("Restored to the version after change {from}."),
            },
        );
    }
    if out.is_empty() {
        out.push(
            lang.pick(
                "Geen inhoudelijke verschillen.",
                "No differences in content.",
            )
            .to_owned(),
        );
    }
    out
}

fn session_changes(before: Option<&str>, after: Option<&str>, lang: Lang) -> Vec<String> {
    match (parse::<Session>(before), parse::<Session>(after)) {
        (Some(a), Some(b)) => uti_core::compare::changes(&a, &b)
            .iter()
            .map(|c| c.describe(lang))
            .collect(),
        (None, Some(b)) => vec![format!(
            "{}: {}",
            lang.pick("Sessie toegevoegd", "Session added"),
            session_name(&b, lang)
        )],
        (Some(a), None) => vec![format!(
            "{}: {}",
            lang.pick("Sessie verwijderd", "Session removed"),
            session_name(&a, lang)
        )],
        (None, None) => Vec::new(),
    }
}

fn initiative_changes(entry: &Entry, lang: Lang) -> Vec<String> {
    let mut before: Map<String, Value> = parse(entry.before.as_deref()).unwrap_or_default();
    let mut after: Map<String, Value> = parse(entry.after.as_deref()).unwrap_or_default();
    let whole = before.contains_key("sessions") || after.contains_key("sessions");
    let sessions = |m: &mut Map<String, Value>| -> Vec<Value> {
        match m.remove("sessions") {
            Some(Value::Array(list)) => list,
            _ => Vec::new(),
        }
    };
    let (old, new) = (sessions(&mut before), sessions(&mut after));
    let mut out = if entry.before.is_none() {
        let name = after.get("name").and_then(Value::as_str).unwrap_or("");
        vec![format!(
            "{}: {}",
            lang.pick("Initiatief aangemaakt", "Initiative created"),
            quote(name)
        )]
    } else {
        object_changes(&before, &after, lang)
    };
    if whole {
        let docs = |v: Option<&Value>| v.map(Value::to_string);
        for n in 0..old.len().max(new.len()) {
            let lines = session_changes(
                docs(old.get(n)).as_deref(),
                docs(new.get(n)).as_deref(),
                lang,
            );
            let session = new
                .get(n)
                .or(old.get(n))
                .and_then(|v| serde_json::from_value::<Session>(v.clone()).ok());
            let both = old.get(n).is_some() && new.get(n).is_some();
            for line in lines {
                out.push(match (&session, both) {
                    (Some(s), true) => format!(
                        "{} {}: {line}",
                        lang.pick("Sessie van", "Session of"),
                        session_name(s, lang)
                    ),
                    _ => line,
                });
            }
        }
    }
    out
}

/// A key of an initiative or term for people.
fn field_label(key: &str, lang: Lang) -> String {
    match key {
        "id" => "Id",
        "name" => lang.pick("Naam", "Name"),
        "short_name" => lang.pick("Afkorting", "Short name"),
        "sectors" => lang.pick("Sectoren", "Sectors"),
        "target_groups" => lang.pick("Doelgroepen", "Target groups"),
        "problem" => lang.pick("Vraagstuk in context", "Problem in context"),
        "website" => "Website",
        "partners" => "Partners",
        "description" => lang.pick("Omschrijving", "Description"),
        "sources" => lang.pick("Bronnen", "Sources"),
        other => other,
    }
    .to_owned()
}

/// An item of a list for people: a string, or the `name` of an object.
fn item_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) => match (m.get("name"), m.get("kind")) {
            (Some(Value::String(n)), Some(Value::String(k))) => format!("{n} ({k})"),
            (Some(Value::String(n)), _) => n.clone(),
            _ => v.to_string(),
        },
        other => other.to_string(),
    }
}

/// The changes between two JSON objects, key by key, in the order of the
/// newer one (then the keys it dropped).
fn object_changes(
    before: &Map<String, Value>,
    after: &Map<String, Value>,
    lang: Lang,
) -> Vec<String> {
    let keys = after
        .keys()
        .chain(before.keys().filter(|k| !after.contains_key(*k)));
    let mut out = Vec::new();
    for key in keys {
        let label = field_label(key, lang);
        match (before.get(key), after.get(key)) {
            (Some(a), Some(b)) if a == b => {}
            (Some(Value::Array(a)), Some(Value::Array(b))) => {
                let texts = |l: &[Value]| l.iter().map(item_text).collect::<Vec<_>>();
                let (a, b) = (texts(a), texts(b));
                let added: Vec<&String> = b.iter().filter(|x| !a.contains(x)).collect();
                let removed: Vec<&String> = a.iter().filter(|x| !b.contains(x)).collect();
                for x in &added {
                    out.push(format!(
                        "{label}: {} {}",
                        quote(x),
                        lang.pick("toegevoegd", "added")
                    ));
                }
                for x in &removed {
                    out.push(format!(
                        "{label}: {} {}",
                        quote(x),
                        lang.pick("verwijderd", "removed")
                    ));
                }
                if added.is_empty() && removed.is_empty() {
                    out.push(format!(
                        "{label}: {}",
                        lang.pick("volgorde gewijzigd", "order changed")
                    ));
                }
            }
            (Some(a), Some(b)) => out.push(format!(
                "{label}: {} → {}",
                quote(&item_text(a)),
                quote(&item_text(b))
            )),
            (None, Some(b)) => out.push(format!(
                "{label} {}: {}",
                lang.pick("toegevoegd", "added"),
                quote(&list_text(b))
            )),
            (Some(a), None) => out.push(format!(
                "{label} {} ({} {})",
                lang.pick("verwijderd", "removed"),
                lang.pick("was", "was"),
                quote(&list_text(a))
            )),
            (None, None) => {}
        }
    }
    out
}

fn list_text(v: &Value) -> String {
    match v {
        Value::Array(items) => items.iter().map(item_text).collect::<Vec<_>>().join(", "),
        other => item_text(other),
    }
}

/// A moment in Dutch time (Europe/Amsterdam: CET, CEST from the last Sunday
/// of March to the last Sunday of October, 01:00 UTC): `12 maart 2026,
/// 14:05`.
pub fn moment(unix: i64, lang: Lang) -> String {
    let Ok(utc) = time::OffsetDateTime::from_unix_timestamp(unix) else {
        return unix.to_string();
    };
    let year = utc.year();
    let last_sunday = |month: time::Month| -> time::OffsetDateTime {
        let mut day = time::Date::from_calendar_date(year, month, 31).unwrap_or(time::Date::MIN);
        while day.weekday() != time::Weekday::Sunday {
            day = day.previous_day().unwrap_or(day);
        }
        day.with_hms(1, 0, 0).map_or(utc, |d| d.assume_utc())
    };
    let summer = utc >= last_sunday(time::Month::March) && utc < last_sunday(time::Month::October);
    let local = utc + time::Duration::hours(if summer { 2 } else { 1 });
    let date = uti_core::values::IsoDate::from_ymd(local.year(), local.month() as u8, local.day());
    let day = date.map_or_else(|| local.date().to_string(), |d| date_text(d, lang));
    format!("{day}, {:02}:{:02}", local.hour(), local.minute())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_in_dutch_time() {
        // 2026-01-15 12:00 UTC is 13:00 in winter; 2026-07-15 12:00 UTC is 14:00.
        assert_eq!(moment(1_768_478_400, Lang::Nl), "15 januari 2026, 13:00");
        assert_eq!(moment(1_784_116_800, Lang::Nl), "15 juli 2026, 14:00");
        // The change to summer time: 2026-03-29 01:00 UTC.
        assert_eq!(moment(1_774_745_999, Lang::Nl), "29 maart 2026, 01:59");
        assert_eq!(moment(1_774_746_000, Lang::Nl), "29 maart 2026, 03:00");
    }

    #[test]
    fn own_fields_are_compared_key_by_key() {
        let a: Map<String, Value> =
            serde_json::from_str(r#"{"id":"x","name":"Oud","sectors":["zorg"]}"#).unwrap();
        let b: Map<String, Value> = serde_json::from_str(
            r#"{"id":"x","name":"Nieuw","sectors":["zorg","techniek"],"website":"https://x.nl"}"#,
        )
        .unwrap();
        assert_eq!(
            object_changes(&a, &b, Lang::Nl),
            vec![
                "Naam: “Oud” → “Nieuw”",
                "Sectoren: “techniek” toegevoegd",
                "Website toegevoegd: “https://x.nl”",
            ]
        );
    }
}
