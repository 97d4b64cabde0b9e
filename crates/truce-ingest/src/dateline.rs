//! Publication dates: from metadata strings and from the dateline that opens an article.
//!
//! Hand-written because no crate reads news datelines: "Wed 05 Apr 2017", "GENEVA, Sept 10 (Reuters) -",
//! "MOSCOW, February 15. /TASS/.", "Posted on April 4 2017 by ...", "Last updated at Apr 232017" (the
//! day glued to the year by a scraper), "24.08.2013". Calendar arithmetic is jiff's.

use std::fmt;
use std::sync::LazyLock;

use jiff::civil::{Date, Time};
use jiff::tz::Offset;
use regex::Regex;

/// A publication date, with the time and UTC offset when the source gives them, and how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub date: Date,
    pub time: Option<Time>,
    pub offset: Option<Offset>,
    /// Where the date came from: "manifest", "jsonl: published", "meta: article:published_time",
    /// "front matter: date", "dateline", "dateline (year from the text)", ...
    pub basis: String,
}

impl Published {
    pub fn on(date: Date, basis: impl Into<String>) -> Published {
        Published { date, time: None, offset: None, basis: basis.into() }
    }

    /// The date alone, `YYYY-MM-DD`.
    pub fn date_string(&self) -> String {
        self.date.to_string()
    }
}

impl fmt::Display for Published {
    /// `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS]±HH:MM` when time (and offset) are known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.date)?;
        if let Some(time) = self.time {
            write!(f, "T{:02}:{:02}", time.hour(), time.minute())?;
            if time.second() != 0 {
                write!(f, ":{:02}", time.second())?;
            }
            if let Some(offset) = self.offset {
                let secs = offset.seconds();
                let sign = if secs < 0 { '-' } else { '+' };
                write!(f, "{sign}{:02}:{:02}", secs.abs() / 3600, secs.abs() % 3600 / 60)?;
            }
        }
        Ok(())
    }
}

/// A dateline found at the start of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    pub published: Published,
    /// Byte span of the dateline in the text.
    pub start: usize,
    pub end: usize,
}

const MONTH: &str = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
const WEEKDAY: &str = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{0,6}\.?,?\s+)?";
const PREFIX: &str = r"(?:(?:posted\s+on|published(?:\s+on)?|date\s+of\s+publication|(?:last\s+)?updated(?:\s+at|\s+on)?|first\s+published(?:\s+on)?)\s*:?\s*)?";

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*{PREFIX}{WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH},?\s+(?P<year>(?:19|20)\d\d)\b"
    ))
    .unwrap()
});
static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*{PREFIX}{WEEKDAY}{MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s*(?P<year>(?:19|20)\d\d)(?:\b|[A-Z])"
    ))
    .unwrap()
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^\s*{PREFIX}{WEEKDAY}(?:(?P<y1>(?:19|20)\d\d)-(?P<m1>\d\d)-(?P<d1>\d\d)|(?P<d2>\d{{1,2}})[./-](?P<m2>\d{{1,2}})[./-](?P<y2>(?:19|20)\d\d))"
    ))
    .unwrap()
});
/// "GENEVA, Sept 10 (Reuters) -", "MOSCOW, February 15. /TASS/.", "Fri Apr 29": no year.
static WIRE_NO_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^\s*(?:[A-Z][A-Za-z .'-]{{1,40}}(?:\s*\([^)]{{1,30}}\))?,\s*)?(?i:{WEEKDAY}{MONTH})\s+(?P<day>\d{{1,2}})\b"
    ))
    .unwrap()
});
/// A time right after the date: "at 0914", "10:59", "1849 UTC+3", "18:49 GMT".
static TIME_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:at\s+(?P<h1>\d{1,2}):?(?P<m1>\d\d)\b|(?P<h2>\d{1,2}):(?P<m2>\d\d)\b|(?P<h3>\d\d)(?P<m3>\d\d)\s*(?:UTC|GMT)\b)(?:\s*(?:UTC|GMT)?\s*(?P<off>[+-]\d{1,2})(?::?(?P<offm>\d\d))?\b)?")
        .unwrap()
});
static YEAR_IN_TEXT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:19[89]\d|20[0-4]\d)\b").unwrap());

/// The month an English month name or its abbreviation names ("Sept." and "september" are 9).
pub fn month_number(name: &str) -> Option<i8> {
    let lower = name.trim_end_matches('.').to_ascii_lowercase();
    let key = lower.get(..3)?;
    let n = match key {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn date_of(year: &str, month: i8, day: &str) -> Option<Date> {
    Date::new(year.parse().ok()?, month, day.parse().ok()?).ok()
}

/// Reads a dateline at the very start of `text` (leading white space and a "Posted on"-style prefix allowed).
pub fn dateline_at_start(text: &str) -> Option<Dateline> {
    let head = &text[..floor_char_boundary(text, 200)];
    let (date, end) = full_date_at_start(head)?;
    let mut published = Published::on(date, "dateline");
    let end = attach_time(head, end, &mut published);
    let start = text.len() - text.trim_start().len();
    Some(Dateline { published, start, end })
}

fn full_date_at_start(head: &str) -> Option<(Date, usize)> {
    for re in [&*DAY_MONTH_YEAR, &*MONTH_DAY_YEAR] {
        if let Some(c) = re.captures(head) {
            let month = month_number(&c["month"])?;
            if let Some(date) = date_of(&c["year"], month, &c["day"]) {
                return Some((date, c.name("year").unwrap().end()));
            }
        }
    }
    let c = NUMERIC.captures(head)?;
    let (y, m, d) = match (c.name("y1"), c.name("y2")) {
        (Some(y), _) => (y.as_str(), &c["m1"], &c["d1"]),
        (_, Some(y)) => (y.as_str(), &c["m2"], &c["d2"]),
        _ => return None,
    };
    Some((date_of(y, m.parse().ok()?, d)?, c.get(0).unwrap().end()))
}

fn attach_time(head: &str, date_end: usize, published: &mut Published) -> usize {
    let Some(c) = TIME_AFTER.captures(&head[date_end..]) else {
        return date_end;
    };
    let (h, m) = [("h1", "m1"), ("h2", "m2"), ("h3", "m3")]
        .iter()
        .find_map(|(h, m)| Some((c.name(h)?.as_str(), c.name(m)?.as_str())))
        .unwrap_or(("", ""));
    let (Ok(hour), Ok(minute)) = (h.parse::<i8>(), m.parse::<i8>()) else {
        return date_end;
    };
    let Ok(time) = Time::new(hour, minute, 0, 0) else {
        return date_end;
    };
    published.time = Some(time);
    if let Some(off) = c.name("off") {
        let hours: i32 = off.as_str().parse().unwrap_or(0);
        let minutes: i32 = c.name("offm").and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
        let seconds = hours * 3600 + hours.signum() * minutes * 60;
        published.offset = Offset::from_seconds(seconds).ok();
    }
    date_end + c.get(0).unwrap().end()
}

/// A full date with its weekday in the opening of a text, after a headline or a credit: "... killed
/// NGO AFP Sunday 30 Mar 2014 Clashes left ...". A weekday, day, month and year together are a dateline
/// wherever an agency's copy puts them in its first lines.
static WEEKDAY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]{{0,6}},?\s+(?:(?P<d1>\d{{1,2}})\s+{MONTH}|(?P<m2>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+(?P<d2>\d{{1,2}}),?)\s+(?P<year>(?:19|20)\d\d)\b"
    ))
    .unwrap()
});

/// The words after which a date dates an event rather than the report.
const DATING_PREPOSITIONS: &[&str] =
    &["on", "since", "from", "in", "until", "till", "of", "by", "before", "after", "to", "and", "between", "at"];

/// A weekday-led full date within the first 300 characters (see [`WEEKDAY_DATE`]).
pub fn dateline_in_opening(text: &str) -> Option<Dateline> {
    let head = &text[..floor_char_boundary(text, 300)];
    let c = WEEKDAY_DATE.captures(head)?;
    let month = month_number(c.name("month").or(c.name("m2"))?.as_str())?;
    let day = c.name("d1").or(c.name("d2"))?.as_str();
    let date = date_of(&c["year"], month, day)?;
    let whole = c.get(0).unwrap();
    Some(Dateline {
        published: Published::on(date, "dateline (in the opening)"),
        start: whole.start(),
        end: whole.end(),
    })
}

/// A full date standing alone within the first 300 characters, after a headline, a byline or a clock:
/// "... in Aleppo city 6 October 2016 Aleppo SANA-", "Middle East 1449 09.04.2017Get short URL",
/// "Military 07-08-2013 0147 PM". The forms are those of a dateline at the start, tried at each word;
/// a date after a preposition ("on August 21 2013 the regime fired") dates what the sentence tells, not
/// the report, and is passed over. The weakest dateline, tried after a wire dateline without a year.
pub fn date_alone_in_opening(text: &str) -> Option<Dateline> {
    let head = &text[..floor_char_boundary(text, 300)];
    let mut previous_word = "";
    let mut in_word = false;
    for (start, c) in head.char_indices() {
        let starts_word = c.is_alphanumeric() && !in_word;
        in_word = c.is_alphanumeric();
        if !starts_word {
            continue;
        }
        if !DATING_PREPOSITIONS.iter().any(|p| p.eq_ignore_ascii_case(previous_word))
            && let Some((date, end)) = full_date_at_start(&head[start..])
        {
            return Some(Dateline {
                published: Published::on(date, "dateline (a date alone in the opening)"),
                start,
                end: start + end,
            });
        }
        let rest = &head[start..];
        previous_word = &rest[..rest.find(|ch: char| !ch.is_alphanumeric()).unwrap_or(rest.len())];
    }
    None
}

/// A dateline with day and month but no year ("GENEVA, Sept 10 (Reuters) -"). The year is taken from the
/// latest year the text mentions, when that makes a valid date; the basis says so. Without any year in
/// the text there is no date: later stages must not guess.
pub fn dateline_without_year(text: &str) -> Option<Dateline> {
    let head = &text[..floor_char_boundary(text, 120)];
    let c = WIRE_NO_YEAR.captures(head)?;
    let month = month_number(&c["month"])?;
    let year = YEAR_IN_TEXT.find_iter(text).filter_map(|m| m.as_str().parse::<i16>().ok()).max()?;
    let date = Date::new(year, month, c["day"].parse().ok()?).ok()?;
    let start = text.len() - text.trim_start().len();
    Some(Dateline {
        published: Published::on(date, "dateline (year from the text)"),
        start,
        end: c.get(0).unwrap().end(),
    })
}

/// Parses a date from a metadata field: ISO 8601 (date, date-time, with or without offset) or a free-form
/// date such as "August 1, 2019" or "01.08.2019".
pub fn parse_date_field(value: &str, basis: &str) -> Option<Published> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if let Ok(ts) = value.parse::<jiff::Timestamp>() {
        // An instant with an offset: keep the local date and time the source wrote, with its offset.
        if let Ok(zoned) = jiff::fmt::temporal::Pieces::parse(value) {
            let offset = match zoned.offset() {
                Some(jiff::fmt::temporal::PiecesOffset::Numeric(n)) => Some(n.offset()),
                Some(jiff::fmt::temporal::PiecesOffset::Zulu) => Some(Offset::UTC),
                _ => None,
            };
            let offset = offset.unwrap_or(Offset::UTC);
            let dt = offset.to_datetime(ts);
            return Some(Published {
                date: dt.date(),
                time: Some(dt.time()),
                offset: Some(offset),
                basis: basis.into(),
            });
        }
    }
    if let Ok(dt) = value.parse::<jiff::civil::DateTime>() {
        let time = if value.len() > 10 { Some(dt.time()) } else { None };
        return Some(Published { date: dt.date(), time, offset: None, basis: basis.into() });
    }
    let (date, end) = full_date_at_start(value)?;
    let mut published = Published::on(date, basis);
    attach_time(value, end, &mut published);
    Some(published)
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    if index >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_start(text: &str) -> Option<String> {
        dateline_at_start(text).map(|d| d.published.to_string())
    }

    #[test]
    fn reads_the_common_dateline_forms() {
        let cases = [
            ("Wed 05 Apr 2017 Strikes hit the town", "2017-04-05"),
            ("Fri 07 Apr 2017 at 0914 Governor says", "2017-04-07T09:14"),
            ("Thursday 31 July 2014 10:59 Coalition says", "2014-07-31T10:59"),
            ("12 February 2015 Casualties mount", "2015-02-12"),
            ("Posted on April 4 2017 by a correspondent", "2017-04-04"),
            ("Published February 23 2015 Ten children", "2015-02-23"),
            ("Date of publication 5 July 2016 A convoy left", "2016-07-05"),
            ("Last updated at Apr 232017 An attack", "2017-04-23"),
            ("August 22 2013 1849 UTC+3 Shelling went on", "2013-08-22T18:49+03:00"),
            ("Fri Sep 27 2013 Bomb blast kills", "2013-09-27"),
            ("Fri Apr 29 2016 Talks resume", "2016-04-29"),
            ("15-09-2013 Militants attack", "2013-09-15"),
            ("24.08.2013 State media accused", "2013-08-24"),
            ("21.08.2013Get short URL", "2013-08-21"),
            ("2019-08-01 Truce announced", "2019-08-01"),
            ("Tuesday, 22nd November 2016: a photo", "2016-11-22"),
            ("September 9, 2016 — Geneva", "2016-09-09"),
        ];
        for (text, want) in cases {
            assert_eq!(at_start(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn numbers_that_are_not_datelines_are_ignored() {
        for text in [
            "5 people killed 40 others hurt in mortar fire",
            "10 dead after strikes on hospitals",
            "The 13th round of talks opened in 2019",
            "Resolution 2254 was adopted",
            "31 February 2016 is not a day",
        ] {
            assert_eq!(at_start(text), None, "{text}");
        }
    }

    #[test]
    fn wire_datelines_take_their_year_from_the_text() {
        let text = "GENEVA, Sept 10 (Reuters) - The deal announced on Saturday builds on the February 2016 truce.";
        let d = dateline_without_year(text).unwrap();
        assert_eq!(d.published.to_string(), "2016-09-10");
        assert_eq!(d.published.basis, "dateline (year from the text)");
        let tass = "MOSCOW, February 15. /TASS/. Talks on the 2017 memorandum went on.";
        assert_eq!(dateline_without_year(tass).unwrap().published.to_string(), "2017-02-15");
        assert_eq!(dateline_without_year("GENEVA, Sept 10 (Reuters) - no year anywhere"), None);
    }

    #[test]
    fn a_weekday_date_in_the_opening_is_a_dateline() {
        let text = "Dozens of fighters dead NGO AFP Sunday 30 Mar 2014 Clashes left dozens of fighters dead.";
        let d = dateline_in_opening(text).unwrap();
        assert_eq!(d.published.to_string(), "2014-03-30");
        assert_eq!(&text[d.start..d.end], "Sunday 30 Mar 2014");
        assert_eq!(dateline_in_opening("Talks on Sunday were held in March 2014 in Geneva."), None);
        for (text, want) in [
            ("Five killed in rocket attacks on the city 6 October 2016 Homs NEWS- Shells fell", "2016-10-06"),
            ("Army repels attack near Daraa Agency Jane Roe Middle East 1449 09.04.2017Get short URL 12", "2017-04-09"),
            ("Troops ambush fighters Middle East Military 07-08-2013 0147 PM A unit killed", "2013-08-07"),
        ] {
            assert_eq!(date_alone_in_opening(text).map(|d| d.published.to_string()).as_deref(), Some(want), "{text}");
        }
        for text in [
            "Background: On August 21 2013 rockets hit the suburbs, killing hundreds.",
            "The toll rose since 6 October 2016 in the city.",
            "Resolution 2254 was adopted by 15 votes",
        ] {
            assert_eq!(date_alone_in_opening(text), None, "{text}");
        }
    }

    #[test]
    fn metadata_fields_in_iso_and_free_forms() {
        let p = parse_date_field("2019-08-01T20:00:00+03:00", "meta").unwrap();
        assert_eq!(p.to_string(), "2019-08-01T20:00+03:00");
        assert_eq!(parse_date_field("2019-08-01T17:00:00Z", "meta").unwrap().to_string(), "2019-08-01T17:00+00:00");
        assert_eq!(parse_date_field("2019-08-01", "meta").unwrap().to_string(), "2019-08-01");
        assert_eq!(parse_date_field("August 1, 2019", "meta").unwrap().to_string(), "2019-08-01");
        assert_eq!(parse_date_field("soon", "meta"), None);
    }
}
