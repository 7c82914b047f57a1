use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest slug the dataset format allows.
pub const SLUG_MAX: usize = 64;

/// An identifier in the dataset: `[a-z0-9]+(-[a-z0-9]+)*`, at most 64 characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slug(String);

/// Why a text is not a slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlugError {
    /// Longer than [`SLUG_MAX`].
    TooLong,
    /// Empty, or characters or dashes outside the pattern.
    Pattern,
}

impl Slug {
    /// Checks a text against the slug pattern.
    pub fn parse(text: &str) -> Result<Slug, SlugError> {
        if text.len() > SLUG_MAX {
            return Err(SlugError::TooLong);
        }
        let ok = !text.is_empty()
            && text.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            });
        if ok {
            Ok(Slug(text.to_owned()))
        } else {
            Err(SlugError::Pattern)
        }
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Slug {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Slug::parse(&value).map_err(|_| format!("not a slug: {value:?}"))
    }
}

impl From<Slug> for String {
    fn from(value: Slug) -> String {
        value.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a text is a web address a browser can open: `http://` or
/// `https://`, then a host with a dot (or `localhost`), no spaces.
pub fn is_web_address(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    let name = host.split(':').next().unwrap_or("");
    !text.chars().any(char::is_whitespace)
        && (name == "localhost"
            || (name.contains('.')
                && !name.starts_with('.')
                && !name.ends_with('.')
                && name
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || c == '.')))
}

/// A real calendar date written as `YYYY-MM-DD`. Ordering follows the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IsoDate(time::Date);

impl IsoDate {
    /// Reads `YYYY-MM-DD`; refuses other shapes and dates that do not exist.
    pub fn parse(text: &str) -> Option<IsoDate> {
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape_ok {
            return None;
        }
        let year: i32 = text[0..4].parse().ok()?;
        let month: u8 = text[5..7].parse().ok()?;
        let day: u8 = text[8..10].parse().ok()?;
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(IsoDate)
    }

    /// Reads a date written day first, as Dutch users write it:
    /// `15-01-2027` or `5-1-2027` (also with `/` or `.`); `None` for
    /// another shape or a date that does not exist.
    pub fn parse_day_first(text: &str) -> Option<IsoDate> {
        let text = text.trim();
        let sep = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let parts: Vec<&str> = text.split(sep).collect();
        let [d, m, y] = parts.as_slice() else {
            return None;
        };
        let digits = |p: &str, min: usize, max: usize| {
            (min..=max).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
        };
        if !(digits(d, 1, 2) && digits(m, 1, 2) && digits(y, 4, 4)) {
            return None;
        }
        IsoDate::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// Reads `YYYY-MM-DD` or a date written day first ([`Self::parse_day_first`]).
    pub fn parse_lenient(text: &str) -> Option<IsoDate> {
        IsoDate::parse(text.trim()).or_else(|| IsoDate::parse_day_first(text))
    }

    /// The date from its parts, if it exists.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<IsoDate> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(IsoDate)
    }

    /// The calendar date.
    pub fn date(self) -> time::Date {
        self.0
    }
}

impl TryFrom<String> for IsoDate {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        IsoDate::parse(&value).ok_or_else(|| format!("not a date: {value:?}"))
    }
}

impl From<IsoDate> for String {
    fn from(value: IsoDate) -> String {
        value.to_string()
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_addresses_are_http_or_https_with_a_host() {
        for ok in [
            "https://example.org",
            "http://www.voorbeeld.nl/pad?x=1",
            "https://localhost:8080/",
        ] {
            assert!(is_web_address(ok), "{ok}");
        }
        for bad in [
            "niet een url",
            "www.voorbeeld.nl",
            "ftp://example.org",
            "https://",
            "https://nohost",
            "https://a b.nl",
            "javascript:alert(1)",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn dates_written_day_first_are_read_and_impossible_ones_refused() {
        let iso = |t: &str| IsoDate::parse_lenient(t).map(|d| d.to_string());
        assert_eq!(iso("15-01-2027").as_deref(), Some("2027-01-15"));
        assert_eq!(iso("5-1-2027").as_deref(), Some("2027-01-05"));
        assert_eq!(iso("05/01/2027").as_deref(), Some("2027-01-05"));
        assert_eq!(iso("2027-01-15").as_deref(), Some("2027-01-15"));
        assert_eq!(iso("31-02-2027"), None);
        assert_eq!(iso("15-01-27"), None);
        assert_eq!(iso("2027-1-15"), None);
        assert_eq!(iso("morgen"), None);
    }

    #[test]
    fn slugs_follow_the_pattern() {
        assert!(Slug::parse("leerhuis-techniek").is_ok());
        assert!(Slug::parse("a1-b2-c3").is_ok());
        for bad in ["", "-a", "a-", "a--b", "A", "a_b", "é", "a b"] {
            assert_eq!(Slug::parse(bad), Err(SlugError::Pattern), "{bad:?}");
        }
        assert_eq!(Slug::parse(&"a".repeat(65)), Err(SlugError::TooLong));
        assert!(Slug::parse(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn only_real_dates_in_iso_shape_are_dates() {
        assert_eq!(
            IsoDate::parse("2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-1-01",
            "24-01-01",
            "2024/01/01",
            "2024-01-01T00:00",
        ] {
            assert!(IsoDate::parse(bad).is_none(), "{bad}");
        }
    }
}
