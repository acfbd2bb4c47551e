//! The interface's languages: Fluent message files (`locales/<tag>/*.ftl`, compiled into the
//! binary by fluent-templates), the reader's language — the account's preference, then the
//! `plenary_lang` cookie, then `Accept-Language`, then English — and dates, times, numbers and
//! file sizes written the way that language writes them. Adding a language is adding its
//! directory of message files: its name, its direction and its formats are messages too.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};
use jiff::ZonedDateTime as Zoned;
use jiff::tz::TimeZone;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Pages put user text in `<bdi>` themselves; marks inside attribute values would show.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The language every other falls back to.
const FALLBACK: &str = "en";

/// A language of the interface.
#[derive(Debug, Clone)]
pub struct Language {
    /// Its BCP 47 tag, as the message directory is named.
    pub tag: String,
    /// Its name in itself (`language-name`).
    pub name: String,
    /// `ltr` or `rtl` (`language-direction`).
    pub dir: String,
    id: LanguageIdentifier,
}

/// Every language of the interface, English first, the others by tag.
pub fn languages() -> &'static [Language] {
    static ALL: OnceLock<Vec<Language>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut all: Vec<Language> = LOCALES
            .locales()
            .map(|id| Language {
                tag: id.to_string(),
                name: LOCALES.lookup(id, "language-name"),
                dir: LOCALES.lookup(id, "language-direction"),
                id: id.clone(),
            })
            .collect();
        all.sort_by_key(|l| (l.tag != FALLBACK, l.tag.clone()));
        all
    })
}

/// The interface language matching `tag` (by primary subtag), if there is one.
pub fn supported(tag: &str) -> Option<&'static Language> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    languages().iter().find(|l| l.tag.eq_ignore_ascii_case(tag.trim()) || l.tag == primary)
}

/// The language to speak: the first of the choices that is supported, else the best match of
/// `Accept-Language`, else English.
pub fn choose(choices: &[Option<&str>], accept_language: Option<&str>) -> &'static Language {
    choices
        .iter()
        .flatten()
        .find_map(|tag| supported(tag))
        .or_else(|| accept_language.and_then(from_accept_language))
        .or_else(|| supported(FALLBACK))
        .unwrap_or(&languages()[0])
}

/// The supported language an `Accept-Language` header ranks highest.
fn from_accept_language(header: &str) -> Option<&'static Language> {
    let mut ranked: Vec<(u16, usize, &str)> = header
        .split(',')
        .take(32)
        .enumerate()
        .filter_map(|(position, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let quality =
                pieces.find_map(|p| p.trim().strip_prefix("q=")).map_or(Some(1000), |q| {
                    q.trim().parse::<f32>().ok().map(|q| (q * 1000.0) as u16)
                })?;
            (quality > 0 && !tag.is_empty()).then_some((quality, position, tag))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().find_map(|(_, _, tag)| supported(tag))
}

/// Messages and formats in one language: what templates call to write any text.
#[derive(Debug, Clone)]
pub struct Tr {
    language: &'static Language,
}

impl Tr {
    /// Messages in `language`.
    pub fn new(language: &'static Language) -> Tr {
        Tr { language }
    }

    /// The language.
    pub fn language(&self) -> &'static Language {
        self.language
    }

    /// The BCP 47 tag (`lang` attribute).
    pub fn tag(&self) -> &str {
        &self.language.tag
    }

    /// `ltr` or `rtl` (`dir` attribute).
    pub fn dir(&self) -> &str {
        &self.language.dir
    }

    /// Message `key`.
    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(&self.language.id, key)
    }

    /// Message `key` with string arguments.
    pub fn t_args(&self, key: &str, args: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(value.to_string())))
            .collect();
        LOCALES.lookup_with_args(&self.language.id, key, &args)
    }

    /// Message `key` for a count: `$count` selects the plural form, `$n` is the count written
    /// in this language.
    pub fn count(&self, key: &str, count: u64) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert("count".into(), FluentValue::from(count));
        args.insert("n".into(), FluentValue::from(self.number(count)));
        LOCALES.lookup_with_args(&self.language.id, key, &args)
    }

    /// Whether this language has message `key` of its own or by fallback.
    pub fn has(&self, key: &str) -> bool {
        LOCALES.try_lookup(&self.language.id, key).is_some()
    }

    /// An integer with this language's digit grouping (`number-group-separator`).
    pub fn number(&self, value: u64) -> String {
        let digits = value.to_string();
        let separator = self.t("number-group-separator");
        let mut out = String::new();
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push_str(&separator);
            }
            out.push(digit);
        }
        out
    }

    /// A file size in bytes, kB, MB or GB (decimal), one decimal in this language's writing.
    pub fn size(&self, bytes: u64) -> String {
        const UNITS: [(u64, &str); 3] =
            [(1_000_000_000, "size-gb"), (1_000_000, "size-mb"), (1_000, "size-kb")];
        for (scale, unit) in UNITS {
            if bytes >= scale {
                let tenths = (bytes * 10 + scale / 2) / scale;
                let value = format!(
                    "{}{}{}",
                    self.number(tenths / 10),
                    self.t("number-decimal-separator"),
                    tenths % 10
                );
                return self.t_args(unit, &[("value", &value)]);
            }
        }
        self.count("size-bytes", bytes)
    }

    /// The calendar date of `at` (`date-long`: day, month name, year).
    pub fn date(&self, at: &Zoned) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        args.insert("day".into(), FluentValue::from(at.day().to_string()));
        args.insert("month".into(), FluentValue::from(i64::from(at.month())));
        args.insert("year".into(), FluentValue::from(at.year().to_string()));
        LOCALES.lookup_with_args(&self.language.id, "date-long", &args)
    }

    /// The time of day of `at`, on the 24-hour clock.
    pub fn time(&self, at: &Zoned) -> String {
        let hm = format!("{:02}:{:02}", at.hour(), at.minute());
        self.t_args("time-short", &[("time", &hm)])
    }

    /// Date and time of `at`, with the zone's abbreviation.
    pub fn date_time(&self, at: &Zoned) -> String {
        let zone = at.time_zone().iana_name().unwrap_or("UTC").to_owned();
        self.t_args(
            "date-time",
            &[("date", &self.date(at)), ("time", &self.time(at)), ("zone", &zone)],
        )
    }
}

/// `at` (RFC 3339) in time zone `zone` (IANA name; UTC when unknown), if it parses.
pub fn zoned(at: &str, zone: Option<&str>) -> Option<Zoned> {
    let timestamp: jiff::Timestamp = at.parse().ok()?;
    let zone = zone.and_then(|name| TimeZone::get(name).ok()).unwrap_or(TimeZone::UTC);
    Some(timestamp.to_zoned_datetime(zone))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_french_and_arabic_are_there() {
        for (tag, dir) in [("en", "ltr"), ("fr", "ltr"), ("ar", "rtl")] {
            let language = supported(tag).unwrap_or_else(|| panic!("{tag} is missing"));
            assert_eq!(language.dir, dir, "{tag}");
            assert!(!language.name.starts_with("Unknown"), "{tag}");
        }
        assert_eq!(languages()[0].tag, "en");
    }

    #[test]
    fn the_account_then_the_cookie_then_the_browser_choose() {
        assert_eq!(choose(&[Some("fr"), Some("en")], Some("ar")).tag, "fr");
        assert_eq!(choose(&[None, Some("ar")], Some("fr")).tag, "ar");
        assert_eq!(choose(&[None, Some("xx")], Some("de;q=0.9, fr-CA;q=0.8, en;q=0.1")).tag, "fr");
        assert_eq!(choose(&[], Some("en;q=0.2, fr;q=0.9")).tag, "fr");
        assert_eq!(choose(&[], Some("fr;q=0, *;q=0.1")).tag, "en");
        assert_eq!(choose(&[], Some(";;;,q=abc")).tag, "en");
        assert_eq!(choose(&[], None).tag, "en");
    }

    #[test]
    fn numbers_and_sizes_follow_the_language() {
        let en = Tr::new(supported("en").unwrap());
        let fr = Tr::new(supported("fr").unwrap());
        assert_eq!(en.number(1_234_567), "1,234,567");
        assert_eq!(fr.number(1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(en.number(999), "999");
        assert_eq!(en.size(1_843_217), "1.8 MB");
        assert_eq!(fr.size(1_843_217), "1,8\u{a0}Mo");
        assert_eq!(en.size(1), "1 byte");
        assert_eq!(en.count("size-bytes", 512), "512 bytes");
    }

    #[test]
    fn dates_are_written_in_the_language_and_the_zone() {
        let at = zoned("2026-12-04T15:30:00Z", Some("Europe/Paris")).unwrap();
        let en = Tr::new(supported("en").unwrap());
        let fr = Tr::new(supported("fr").unwrap());
        assert_eq!(en.date(&at), "4 December 2026");
        assert_eq!(fr.date(&at), "4 décembre 2026");
        assert_eq!(en.time(&at), "16:30");
        assert_eq!(en.date_time(&at), "4 December 2026, 16:30 (Europe/Paris)");
        let utc = zoned("2026-12-04T15:30:00Z", Some("Nowhere/Invalid")).unwrap();
        assert_eq!(en.time(&utc), "15:30");
        assert!(zoned("yesterday", None).is_none());
    }
}
