//! Time expressions in news text, resolved against the publication date.
//!
//! Hand-written on top of jiff (calendar arithmetic, the tz database): no crate resolves the relative,
//! tense-dependent time of news reports ("on Friday" is the past Friday in a report of what happened,
//! "from sundown on Monday" is the coming Monday in an announcement). Numbers that are not times ("the
//! 13th round", "M5", "20 kilometres", "Resolution 2254") are not matched.

use std::sync::LazyLock;

use jiff::ToSpan;
use jiff::civil::{Date, Time, Weekday};
use regex::Regex;
use serde::Serialize;
use truce_ingest::month_number;

/// How precisely a time is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    Minute,
    PartOfDay,
    Day,
    Week,
    Month,
    Year,
    Range,
}

/// What a time expression denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeKind {
    /// A day or an instant ("on Friday", "at 19:00 on 12 September").
    Point,
    /// A span of days ("earlier this month", "the past 13 days", "since March 2011").
    Interval,
    /// A length of time ("for 72 hours").
    Duration,
}

/// A time expression found in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeMention {
    /// Byte span in the text searched.
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: TimeKind,
    /// First and last day denoted, when they can be resolved.
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// Time of day, when the text gives one (local to the theatre).
    pub time: Option<Time>,
    pub duration_hours: Option<f64>,
    pub precision: Precision,
    /// Whether the expression was read as pointing to the future of the publication date.
    pub future: bool,
}

impl TimeMention {
    /// `YYYY-MM-DD`, or `YYYY-MM-DD/YYYY-MM-DD` for a span.
    pub fn resolved(&self) -> Option<String> {
        let (from, to) = (self.from?, self.to?);
        Some(if from == to { from.to_string() } else { format!("{from}/{to}") })
    }
}

const MONTH: &str = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
const WEEKDAY: &str = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day";
const NUMBER: &str = r"(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty|forty|forty-eight|seventy-two|few|several)";
const UNIT: &str = r"(?:hours?|days?|weeks?|months?|years?)";

/// Every pattern, tried together; the named group that matched says which form it is.
static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let p = [
        r"(?P<iso>\b(?:19|20)\d\d-\d\d-\d\d\b)".to_string(),
        // "23.10.2017", "5-04-2016", "09/10/2014": day first, as agencies outside the United States write.
        r"(?P<num>\b(?P<num_a>\d{1,2})(?P<num_sep>[./-])(?P<num_b>\d{1,2})[./-](?P<num_y>(?:19|20)\d\d)\b)".to_string(),
        format!(
            r"(?P<mdy>\b(?:(?P<mdy_wd>{WEEKDAY}),?\s+)?(?P<mdy_m>{MONTH})\s+(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<mdy_y>(?:19|20)\d\d)\b)?)"
        ),
        format!(
            r"(?P<dmy>\b(?:(?P<dmy_wd>{WEEKDAY}),?\s+)?(?:the\s+)?(?P<dmy_d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmy_m>{MONTH})(?:,?\s+(?P<dmy_y>(?:19|20)\d\d)\b)?)"
        ),
        format!(r"(?P<ago>\b(?P<ago_n>{NUMBER})\s+(?P<ago_u>{UNIT})\s+ago\b)"),
        format!(
            r"(?P<past>\b(?:(?:in|over|during|for)\s+)?(?:the\s+(?:past|last|previous)\s+(?:(?P<past_n>{NUMBER})\s+)?(?P<past_u>{UNIT})|(?:past|last|previous)\s+(?P<past_n2>{NUMBER})\s+(?P<past_u2>{UNIT})))"
        ),
        format!(
            r"(?P<dur>\b(?:for|within|after|lasting)\s+(?:a\s+period\s+of\s+|the\s+next\s+|up\s+to\s+)?(?P<dur_n>{NUMBER})?\s*(?P<dur_u>{UNIT})\b)"
        ),
        r"(?P<adj>\b(?P<adj_n>\d{1,3}|one|two|three|four|five|six|seven|ten|thirty|forty-eight|seventy-two)-(?P<adj_u>hour|day|week|month)\b)".to_string(),
        format!(
            r"(?P<rel>\b(?P<rel_w>last|this|next|earlier\s+this|earlier\s+in\s+the|later\s+this|coming)\s+(?P<rel_x>{WEEKDAY}|week(?:end)?|month|year|morning|afternoon|evening|night|{MONTH}|spring|summer|autumn|winter)\b)"
        ),
        format!(
            r"(?P<mon>\b(?P<mon_ctx>in|since|during|by|until|from|early|late|mid-?|the\s+end\s+of|end\s+of|the\s+beginning\s+of|the\s+start\s+of|start\s+of|beginning\s+of|the\s+middle\s+of)\s+(?:the\s+)?(?:(?:early|late|mid-?)\s*)?(?P<mon_m>{MONTH})(?:\s+(?P<mon_y>(?:19|20)\d\d))?\b)"
        ),
        format!(r"(?P<my>\b(?P<my_m>{MONTH})\s+(?P<my_y>(?:19|20)\d\d)\b)"),
        // "on Friday and Saturday", "from Monday to Wednesday": two weekdays are a span of days.
        format!(
            r"(?P<wd>\b(?:on\s+)?(?P<wd_d>{WEEKDAY})(?:\s+(?:and|to|through|until)\s+(?P<wd_e>{WEEKDAY}))?(?:\s+(?P<wd_p>morning|afternoon|evening|night))?\b)"
        ),
        r"(?P<day>\b(?:today|tonight|yesterday|tomorrow|overnight|this\s+morning|this\s+afternoon|this\s+evening|last\s+night)\b)".to_string(),
        r"(?P<clock>\b(?:at\s+)?(?P<clock_h>[01]?\d|2[0-3])[:.](?P<clock_m>[0-5]\d)\s*(?P<clock_ap>a\.?m\.?|p\.?m\.?)?(?:\s*\(?(?:local\s+time|gmt|utc)\)?)?)".to_string(),
        r"(?P<clock2>\b(?:at\s+)?(?P<clock2_h>1[0-2]|0?[1-9])\s*(?P<clock2_ap>a\.m\.|p\.m\.|am|pm)(?:\W|$))".to_string(),
        r"(?P<mil>\b(?:at\s+)?(?P<mil_h>[01]\d|2[0-3])(?P<mil_m>[0-5]\d)\s*(?:gmt|utc|hrs|hours\s+local|local\s+time)\b)".to_string(),
        r"(?P<tod>\b(?:since|after|before|until|from|at|by)?\s*(?:the\s+)?(?P<tod_w>midnight|noon|midday|dawn|daybreak|sundown|sunset|sunrise|dusk)\b)".to_string(),
        r"(?P<year>\b(?P<year_ctx>in|since|of|by|until|from|during|early|late|mid-?|end\s+of|start\s+of|beginning\s+of|spring|summer|autumn|fall|winter)\s+(?P<year_y>(?:19[89]|20[0-3])\d)\b)".to_string(),
        r"(?P<yearonly>\b(?P<yo_y>(?:19[89]|20[0-3])\d)\b)".to_string(),
    ];
    crate::re(&format!("(?i){}", p.join("|"))).unwrap()
});

/// Words before an expression that point it to the future of the publication date. The modal "may" is
/// matched in lower case only: "6 May 2014" is a month.
static FUTURE_CUE: LazyLock<Regex> = LazyLock::new(|| {
    // Modals and schedules reach across the clause ("will meet in Geneva on Tuesday"); words that open a
    // span ("from", "starting", "until", "next") only right before the expression ("from Monday"), not
    // anywhere earlier ("seized it from Daesh on Sunday").
    crate::re(r"(?i)\b(?:will|would|shall|(?-i:may)|might|could|effective|take\s+effect|takes\s+effect|come\s+into\s+force|due|set\s+to|scheduled|expected|plans?\s+to|to\s+be\s+held|is\s+to|are\s+to)\b[^.;]*$|\b(?:from|starting|start|starts|begin|begins|until|next|coming)\s+(?:(?:sundown|sunset|dawn|midnight|noon|midday|tonight|early|late|the|on|at|from|\d{1,2}(?::\d\d)?|[ap]\.?m\.?|local|time|hours?|morning|evening|night),?\s+){0,3}$").unwrap()
});

/// Words before an expression that point it to the past even inside an announcement.
static PAST_CUE: LazyLock<Regex> =
    LazyLock::new(|| crate::re(r"(?i)\b(?:since|ago|last|earlier|was|were|had|did|have\s+been)\b\W*$").unwrap());

/// A day number (and year) right after a month that a context word introduced: "by October 15, 2018".
static DAY_AFTER_MONTH: LazyLock<Regex> =
    LazyLock::new(|| crate::re(r"^\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+((?:19|20)\d\d)\b)?").unwrap());

fn weekday_of(name: &str) -> Option<Weekday> {
    Some(match name.to_ascii_lowercase().get(..3)? {
        "mon" => Weekday::Monday,
        "tue" => Weekday::Tuesday,
        "wed" => Weekday::Wednesday,
        "thu" => Weekday::Thursday,
        "fri" => Weekday::Friday,
        "sat" => Weekday::Saturday,
        "sun" => Weekday::Sunday,
        _ => return None,
    })
}

/// "three" → 3, "a" → 1, "several" → 3, "few" → 3, "seventy-two" → 72: the counts of a duration.
pub fn small_number(word: &str) -> Option<i64> {
    match word.to_ascii_lowercase().as_str() {
        "a" | "an" => Some(1),
        "few" | "several" => Some(3),
        w => crate::numbers::value_of(w).map(|(v, _)| v as i64),
    }
}

fn unit_hours(unit: &str) -> f64 {
    match unit.to_ascii_lowercase().trim_end_matches('s') {
        "hour" => 1.0,
        "day" => 24.0,
        "week" => 168.0,
        "month" => 730.0,
        _ => 8760.0,
    }
}

fn month_range(year: i16, month: i8) -> Option<(Date, Date)> {
    let first = Date::new(year, month, 1).ok()?;
    Some((first, first.last_of_month()))
}

fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(n.days()).ok()
}

/// The latest date with `weekday` not after `reference` (0 to 6 days back), or the first not before it.
fn weekday_near(reference: Date, weekday: Weekday, future: bool) -> Date {
    let back = (reference.weekday().to_monday_zero_offset() - weekday.to_monday_zero_offset()).rem_euclid(7) as i64;
    if future {
        let ahead = (7 - back) % 7;
        add_days(reference, ahead).unwrap_or(reference)
    } else {
        add_days(reference, -back).unwrap_or(reference)
    }
}

/// A month-day without year: the nearest past occurrence (a few days of slack for datelines), or the
/// nearest future one.
fn month_day_near(reference: Date, month: i8, day: i8, future: bool) -> Option<Date> {
    let this_year = Date::new(reference.year(), month, day).ok();
    let candidates: Vec<Date> = [reference.year() - 1, reference.year(), reference.year() + 1]
        .iter()
        .filter_map(|y| Date::new(*y, month, day).ok())
        .collect();
    if future {
        candidates.into_iter().find(|d| *d >= add_days(reference, -1).unwrap_or(reference))
    } else {
        let limit = add_days(reference, 7).unwrap_or(reference);
        candidates.into_iter().rev().find(|d| *d <= limit).or(this_year)
    }
}

/// The theatre's clock: its time zone, and a point of it for the sun ("from sundown").
#[derive(Debug, Clone)]
pub struct Clock {
    pub tz: jiff::tz::TimeZone,
    /// `[longitude, latitude]`.
    pub point: [f64; 2],
}

/// Local sunset at the theatre's point on `date` (NOAA's solar equations: the equation of time and
/// the declination from the fractional year, the sun's disc and refraction at 90.833°), to the nearest
/// half hour, as announcements round it ("from sundown, 19:00" for a sunset at 18:46). Polar days and
/// nights give 19:00.
fn sunset(date: Date, clock: &Clock) -> Time {
    use std::f64::consts::PI;
    let [lon, lat] = clock.point;
    // The fractional year at about 18:00 UTC, near sunset in most theatres.
    let g = 2.0 * PI / 365.0 * (date.day_of_year() as f64 - 1.0 + 0.25);
    let equation_of_time = 229.18
        * (0.000075 + 0.001868 * g.cos()
            - 0.032077 * g.sin()
            - 0.014615 * (2.0 * g).cos()
            - 0.040849 * (2.0 * g).sin());
    let declination = 0.006918 - 0.399912 * g.cos() + 0.070257 * g.sin() - 0.006758 * (2.0 * g).cos()
        + 0.000907 * (2.0 * g).sin()
        - 0.002697 * (3.0 * g).cos()
        + 0.00148 * (3.0 * g).sin();
    let phi = lat.to_radians();
    let cos_hour = 90.833_f64.to_radians().cos() / (phi.cos() * declination.cos()) - phi.tan() * declination.tan();
    if !(-1.0..=1.0).contains(&cos_hour) {
        return Time::new(19, 0, 0, 0).unwrap();
    }
    let utc_minutes = 720.0 - 4.0 * (lon - cos_hour.acos().to_degrees()) - equation_of_time;
    let offset = date.at(12, 0, 0, 0).to_zoned(clock.tz.clone()).map(|z| z.offset().seconds() / 60).unwrap_or(0) as f64;
    let minutes = (((utc_minutes + offset) / 30.0).round() * 30.0).rem_euclid(24.0 * 60.0);
    Time::new((minutes / 60.0) as i8, (minutes % 60.0) as i8, 0, 0).unwrap_or(Time::midnight())
}

fn part_of_day(word: &str) -> Time {
    match word.to_ascii_lowercase().as_str() {
        "morning" => Time::new(8, 0, 0, 0),
        "afternoon" => Time::new(15, 0, 0, 0),
        "evening" => Time::new(19, 0, 0, 0),
        _ => Time::new(22, 0, 0, 0),
    }
    .unwrap_or(Time::midnight())
}

/// Finds and resolves the time expressions of `text` (a sentence, for tense to be read right) against
/// the publication date `reference`, in the theatre's zone `tz`.
pub fn find_times(text: &str, reference: Option<Date>, clock: &Clock) -> Vec<TimeMention> {
    let mut out: Vec<TimeMention> = Vec::new();
    for caps in PATTERN.captures_iter(text) {
        let whole = caps.get(0).unwrap();
        let (start, end) = (whole.start(), whole.end());
        let before = &text[..start];
        if is_trap(before, &text[end..], whole.as_str()) {
            continue;
        }
        let future = FUTURE_CUE.is_match(before) && !PAST_CUE.is_match(before);
        let g = |name: &str| caps.name(name).map(|m| m.as_str());
        let mut m = TimeMention {
            start,
            end,
            text: whole.as_str().to_owned(),
            kind: TimeKind::Point,
            from: None,
            to: None,
            time: None,
            duration_hours: None,
            precision: Precision::Day,
            future,
        };
        let set_day = |m: &mut TimeMention, d: Option<Date>| {
            m.from = d;
            m.to = d;
        };
        if let Some(iso) = g("iso") {
            set_day(&mut m, iso.parse().ok());
        } else if g("num").is_some() {
            let part = |n: &str| g(n).and_then(|v| v.parse::<i8>().ok()).unwrap_or(0);
            let (a, b) = (part("num_a"), part("num_b"));
            // Day first unless only the other order is a date ("04/23/2017").
            let (d, mo) = if b > 12 && a <= 12 && g("num_sep") == Some("/") { (b, a) } else { (a, b) };
            let Some(y) = g("num_y").and_then(|y| y.parse::<i16>().ok()) else { continue };
            let Ok(date) = Date::new(y, mo, d) else { continue };
            set_day(&mut m, Some(date));
        } else if g("mdy").is_some() || g("dmy").is_some() {
            let (mo, d, y) = if g("mdy").is_some() {
                (g("mdy_m"), g("mdy_d"), g("mdy_y"))
            } else {
                (g("dmy_m"), g("dmy_d"), g("dmy_y"))
            };
            let (Some(mo), Some(d)) = (mo.and_then(month_number), d.and_then(|d| d.parse::<i8>().ok())) else {
                continue;
            };
            // "May 5" is a date; "may 5" in "may 5 people..." is not: a lower-case "may" needs a year.
            let month_word = g("mdy_m").or(g("dmy_m")).unwrap_or("");
            if month_word.eq_ignore_ascii_case("may") && !month_word.starts_with('M') {
                continue;
            }
            let date = match y.and_then(|y| y.parse::<i16>().ok()) {
                Some(y) => Date::new(y, mo, d).ok(),
                None => reference.and_then(|r| month_day_near(r, mo, d, future)),
            };
            if Date::new(2000, mo, d).is_err() {
                continue;
            }
            set_day(&mut m, date);
        } else if g("ago").is_some() {
            let n = g("ago_n").and_then(small_number).unwrap_or(1);
            let unit = g("ago_u").unwrap_or("day");
            let days = (unit_hours(unit) / 24.0 * n as f64).round() as i64;
            set_day(&mut m, reference.and_then(|r| add_days(r, -days)));
            m.precision = if unit.starts_with('d') {
                Precision::Day
            } else if unit.starts_with('w') {
                Precision::Week
            } else {
                Precision::Month
            };
        } else if g("past").is_some() {
            let n = g("past_n").or(g("past_n2")).and_then(small_number).unwrap_or(1);
            let days = (unit_hours(g("past_u").or(g("past_u2")).unwrap_or("day")) / 24.0 * n as f64).ceil() as i64;
            m.kind = TimeKind::Interval;
            m.precision = Precision::Range;
            m.from = reference.and_then(|r| add_days(r, -days));
            m.to = reference;
        } else if g("dur").is_some() || g("adj").is_some() {
            let (n, unit) = if g("dur").is_some() { (g("dur_n"), g("dur_u")) } else { (g("adj_n"), g("adj_u")) };
            m.kind = TimeKind::Duration;
            m.precision = Precision::Range;
            if duration_is_stated(n, unit, &text[end..]) {
                let n = n.and_then(small_number).unwrap_or(1);
                m.duration_hours = Some(unit_hours(unit.unwrap_or("day")) * n as f64);
            }
        } else if g("rel").is_some() {
            let word = g("rel_w").unwrap_or("").to_ascii_lowercase();
            let what = g("rel_x").unwrap_or("").to_ascii_lowercase();
            let Some(r) = reference else {
                m.precision = Precision::Range;
                out.push(m);
                continue;
            };
            resolve_relative(&mut m, r, &word, &what);
        } else if g("mon").is_some() || g("my").is_some() {
            let (mo, y) = if g("mon").is_some() { (g("mon_m"), g("mon_y")) } else { (g("my_m"), g("my_y")) };
            let Some(mo) = mo.and_then(month_number) else { continue };
            let ctx = g("mon_ctx").unwrap_or("").to_ascii_lowercase();
            if y.is_none()
                && let Some(day) = DAY_AFTER_MONTH.captures(&text[end..])
                && let Ok(d) = day[1].parse::<i8>()
            {
                let date = match day.get(2).and_then(|y| y.as_str().parse::<i16>().ok()) {
                    Some(year) => Date::new(year, mo, d).ok(),
                    None => reference.and_then(|r| month_day_near(r, mo, d, future)),
                };
                m.end = end + day.get(0).unwrap().end();
                m.text = text[start..m.end].to_owned();
                set_day(&mut m, date);
                out.push(m);
                continue;
            }
            let since = ctx == "since" || before.trim_end().to_ascii_lowercase().ends_with("since");
            let year = match y.and_then(|y| y.parse::<i16>().ok()) {
                Some(y) => Some(y),
                None => reference.map(|r| {
                    if future {
                        if mo >= r.month() { r.year() } else { r.year() + 1 }
                    } else if mo <= r.month() {
                        r.year()
                    } else {
                        r.year() - 1
                    }
                }),
            };
            m.precision = Precision::Month;
            if let Some((first, last)) = year.and_then(|y| month_range(y, mo)) {
                m.from = Some(first);
                m.to = Some(last);
            }
            if since {
                m.kind = TimeKind::Interval;
                m.precision = Precision::Range;
                m.to = reference.or(m.to);
            }
        } else if let Some(wd) = g("wd_d").and_then(weekday_of) {
            if let (Some(r), Some(last)) = (reference, g("wd_e").and_then(weekday_of)) {
                // The span's days in order: in the past its last day is the nearest, in the future its first.
                let length = (last.to_monday_zero_offset() - wd.to_monday_zero_offset()).rem_euclid(7) as i64;
                let (from, to) = if future {
                    let from = weekday_near(r, wd, true);
                    (from, add_days(from, length).unwrap_or(from))
                } else {
                    let to = weekday_near(r, last, false);
                    (add_days(to, -length).unwrap_or(to), to)
                };
                m.from = Some(from);
                m.to = Some(to);
                m.kind = TimeKind::Interval;
                m.precision = Precision::Range;
            } else {
                set_day(&mut m, reference.map(|r| weekday_near(r, wd, future)));
                if let Some(p) = g("wd_p") {
                    m.time = Some(part_of_day(p));
                    m.precision = Precision::PartOfDay;
                }
            }
        } else if let Some(word) = g("day") {
            let w = word.to_ascii_lowercase();
            let (offset, time) = match w.split_whitespace().collect::<Vec<_>>().as_slice() {
                ["today"] => (0, None),
                ["tonight"] => (0, Some(Time::new(21, 0, 0, 0).unwrap())),
                ["yesterday"] => (-1, None),
                ["tomorrow"] => (1, None),
                ["overnight"] => (0, Some(Time::midnight())),
                ["last", _] => (-1, Some(part_of_day("night"))),
                [_, p] => (0, Some(part_of_day(p))),
                _ => (0, None),
            };
            set_day(&mut m, reference.and_then(|r| add_days(r, offset)));
            m.time = time;
            if time.is_some() {
                m.precision = Precision::PartOfDay;
            }
        } else if g("clock").is_some() || g("clock2").is_some() || g("mil").is_some() {
            let (h, mi, ap) = if g("clock").is_some() {
                (g("clock_h"), g("clock_m"), g("clock_ap"))
            } else if g("clock2").is_some() {
                (g("clock2_h"), Some("00"), g("clock2_ap"))
            } else {
                (g("mil_h"), g("mil_m"), None)
            };
            let mut hour: i8 = h.and_then(|h| h.parse().ok()).unwrap_or(0);
            let minute: i8 = mi.and_then(|m| m.parse().ok()).unwrap_or(0);
            if ap.is_some_and(|a| a.to_ascii_lowercase().starts_with('p')) && hour < 12 {
                hour += 12;
            }
            if ap.is_some_and(|a| a.to_ascii_lowercase().starts_with('a')) && hour == 12 {
                hour = 0;
            }
            // "1.5" or "3.30" alone could be a number; require a clock context.
            if g("clock").is_some()
                && ap.is_none()
                && !whole.as_str().contains(':')
                && !whole.as_str().to_ascii_lowercase().starts_with("at")
            {
                continue;
            }
            m.time = Time::new(hour, minute, 0, 0).ok();
            m.precision = Precision::Minute;
            set_day(&mut m, reference);
        } else if let Some(word) = g("tod_w") {
            let w = word.to_ascii_lowercase();
            let prefix = whole.as_str().to_ascii_lowercase();
            let day = reference;
            let time = match w.as_str() {
                "midnight" => Time::midnight(),
                "noon" | "midday" => Time::new(12, 0, 0, 0).unwrap(),
                "dawn" | "daybreak" | "sunrise" => Time::new(5, 30, 0, 0).unwrap(),
                _ => day.map(|d| sunset(d, clock)).unwrap_or(Time::new(19, 0, 0, 0).unwrap()),
            };
            m.time = Some(time);
            m.precision =
                if w == "midnight" || w == "noon" || w == "midday" { Precision::Minute } else { Precision::PartOfDay };
            if prefix.starts_with("since") {
                m.kind = TimeKind::Interval;
            }
            set_day(&mut m, day);
        } else if let Some(y) = g("year_y").or(g("yo_y")) {
            let year: i16 = y.parse().unwrap_or(2000);
            if g("yearonly").is_some() && !year_alone_ok(before, &text[end..]) {
                continue;
            }
            m.precision = Precision::Year;
            m.from = Date::new(year, 1, 1).ok();
            m.to = Date::new(year, 12, 31).ok();
            if g("year_ctx").is_some_and(|c| c.eq_ignore_ascii_case("since")) {
                m.kind = TimeKind::Interval;
                m.precision = Precision::Range;
                m.to = reference.or(m.to);
            }
        } else {
            continue;
        }
        out.push(m);
    }
    merge_clock_with_day(text, out, clock)
}

fn resolve_relative(m: &mut TimeMention, r: Date, word: &str, what: &str) {
    let week_start = |d: Date| add_days(d, -(d.weekday().to_monday_zero_offset() as i64)).unwrap_or(d);
    if let Some(wd) = weekday_of(what).filter(|_| what.ends_with("day")) {
        let day = match word {
            "last" => add_days(weekday_near(r, wd, false), if r.weekday() == wd { -7 } else { 0 }),
            "next" | "coming" => add_days(weekday_near(r, wd, true), if r.weekday() == wd { 7 } else { 0 }),
            _ => Some(weekday_near(r, wd, m.future)),
        };
        m.from = day;
        m.to = day;
        return;
    }
    if let Some(mo) = month_number(what) {
        {
            let year = match word {
                "last" => {
                    if mo < r.month() {
                        r.year()
                    } else {
                        r.year() - 1
                    }
                }
                "next" | "coming" => {
                    if mo > r.month() {
                        r.year()
                    } else {
                        r.year() + 1
                    }
                }
                _ => r.year(),
            };
            if let Some((a, b)) = month_range(year, mo) {
                m.from = Some(a);
                m.to = Some(b);
                m.precision = Precision::Month;
            }
            return;
        }
    }
    m.kind = TimeKind::Interval;
    match (word, what) {
        ("last", "night") => {
            m.kind = TimeKind::Point;
            m.from = add_days(r, -1);
            m.to = m.from;
            m.time = Some(part_of_day("night"));
            m.precision = Precision::PartOfDay;
        }
        ("this", "morning" | "afternoon" | "evening" | "night") => {
            m.kind = TimeKind::Point;
            m.from = Some(r);
            m.to = Some(r);
            m.time = Some(part_of_day(what));
            m.precision = Precision::PartOfDay;
        }
        ("last", "week") => {
            m.from = add_days(week_start(r), -7);
            m.to = add_days(week_start(r), -1);
            m.precision = Precision::Week;
        }
        ("last", "weekend") => {
            m.from = add_days(week_start(r), -2);
            m.to = add_days(week_start(r), -1);
            m.precision = Precision::Range;
        }
        ("this" | "later this", "week" | "weekend") | ("earlier this", "week") => {
            m.from = Some(week_start(r));
            m.to = if word == "earlier this" { Some(r) } else { add_days(week_start(r), 6) };
            m.precision = Precision::Week;
        }
        ("next" | "coming", "week") => {
            m.from = add_days(week_start(r), 7);
            m.to = add_days(week_start(r), 13);
            m.precision = Precision::Week;
        }
        ("last", "month") => {
            let prev = r.first_of_month().checked_sub(1.day()).unwrap_or(r);
            m.from = Some(prev.first_of_month());
            m.to = Some(prev);
            m.precision = Precision::Month;
        }
        ("this" | "earlier this" | "earlier in the" | "later this", "month") => {
            m.from = Some(r.first_of_month());
            m.to = if word == "earlier this" || word == "earlier in the" { Some(r) } else { Some(r.last_of_month()) };
            m.precision = if word.starts_with("earlier") { Precision::Range } else { Precision::Month };
        }
        ("next" | "coming", "month") => {
            let next = r.last_of_month().checked_add(1.day()).unwrap_or(r);
            m.from = Some(next);
            m.to = Some(next.last_of_month());
            m.precision = Precision::Month;
        }
        ("last", "year") => {
            m.from = Date::new(r.year() - 1, 1, 1).ok();
            m.to = Date::new(r.year() - 1, 12, 31).ok();
            m.precision = Precision::Year;
        }
        (_, "year") => {
            let y = if word == "next" || word == "coming" { r.year() + 1 } else { r.year() };
            m.from = Date::new(y, 1, 1).ok();
            m.to = if word.starts_with("earlier") { Some(r) } else { Date::new(y, 12, 31).ok() };
            m.precision = if word.starts_with("earlier") { Precision::Range } else { Precision::Year };
        }
        _ => {
            m.precision = Precision::Range;
        }
    }
}

/// What a length "of" may measure and still be a truce's own length: "after seven days of calm" is the
/// clock of a truce, "after a day of negotiations" or "for two weeks of fighting" the length of
/// something else.
const LENGTH_OF_A_TRUCE: [&str; 8] =
    ["calm", "quiet", "ceasefire", "cease-fire", "truce", "cessation", "peace", "reduced"];

/// Whether a duration expression states a length at all: "for years" or "for days" (a plural unit with
/// no number) is vague, and "a day of negotiations" measures what follows "of" unless that is the calm
/// of a truce (`LENGTH_OF_A_TRUCE`).
fn duration_is_stated(number: Option<&str>, unit: Option<&str>, after: &str) -> bool {
    if number.is_none() && unit.is_some_and(|u| u.ends_with('s')) {
        return false;
    }
    let after = after.trim_start();
    let Some(rest) = after.strip_prefix("of ").or_else(|| after.strip_prefix("of\u{a0}")) else { return true };
    let next: String = rest
        .trim_start_matches(|c: char| c.is_whitespace())
        .chars()
        .take_while(|c| c.is_alphabetic() || *c == '-')
        .collect::<String>()
        .to_ascii_lowercase();
    LENGTH_OF_A_TRUCE.contains(&next.as_str())
}

/// Numbers that look like times but are not.
fn is_trap(before: &str, after: &str, matched: &str) -> bool {
    let b = before.trim_end().to_ascii_lowercase();
    let a = after.trim_start().to_ascii_lowercase();
    // "Resolution 2254", "No. 2016", "M5", "$2016".
    if b.ends_with("resolution") || b.ends_with("no.") || b.ends_with('$') || b.ends_with('#') || b.ends_with("number")
    {
        return true;
    }
    // "20 kilometres", "2,000 combatants": a number followed by a unit or noun is a quantity.
    let starts_digit = matched.chars().next().is_some_and(|c| c.is_ascii_digit());
    let unit = ["km", "kilomet", "mile", "meter", "metre", "percent", "%", "people", "civilians", "killed", "dead"];
    starts_digit
        && !matched.contains(':')
        && unit.iter().any(|u| a.starts_with(u))
        && !matched.chars().any(|c| c.is_alphabetic())
}

/// A bare four-digit year only where it reads as one: at the end of a clause, or before a comma, a
/// closing bracket or a word that follows years ("2016 agreement" is a year, "2016 people" is not).
fn year_alone_ok(before: &str, after: &str) -> bool {
    let b = before.trim_end();
    if b.ends_with(|c: char| c.is_ascii_digit() || c == ',') {
        return false;
    }
    let a = after.trim_start();
    match a.chars().next() {
        None => true,
        Some(c) if !c.is_alphanumeric() => !a.starts_with(",000") && !a.starts_with('%'),
        Some(_) => {
            let next: String =
                a.chars().take_while(|c| c.is_alphabetic() || *c == '-').collect::<String>().to_ascii_lowercase();
            [
                "agreement",
                "deal",
                "truce",
                "ceasefire",
                "cease-fire",
                "war",
                "offensive",
                "memorandum",
                "talks",
                "election",
                "elections",
                "attack",
                "uprising",
                "protests",
                "revolution",
                "summit",
                "accord",
                "resolution",
                "report",
                "campaign",
                "battle",
                "siege",
                "and",
                "to",
                "until",
                "when",
            ]
            .contains(&next.as_str())
        }
    }
}

/// "from sundown on Monday", "at 00:01 on 6 March": a time of day next to a day becomes one instant.
fn merge_clock_with_day(text: &str, mentions: Vec<TimeMention>, clock: &Clock) -> Vec<TimeMention> {
    let mut out: Vec<TimeMention> = Vec::with_capacity(mentions.len());
    for m in mentions {
        if let Some(prev) = out.last_mut() {
            let gap = text[prev.end.min(m.start)..m.start].trim().to_ascii_lowercase();
            let joinable =
                gap.is_empty() || gap == "on" || gap == "," || gap == "of" || gap == "on the" || gap == "that";
            let prev_is_clock =
                prev.time.is_some() && prev.precision <= Precision::PartOfDay && prev.kind != TimeKind::Duration;
            let m_is_clock = m.time.is_some() && m.precision <= Precision::PartOfDay && m.kind != TimeKind::Duration;
            let m_is_day = m.precision == Precision::Day && m.time.is_none() && m.kind == TimeKind::Point;
            let prev_is_day = prev.precision == Precision::Day && prev.time.is_none() && prev.kind == TimeKind::Point;
            if joinable && prev_is_clock && m_is_day {
                let sundown = prev.text.to_ascii_lowercase().contains("sundown")
                    || prev.text.to_ascii_lowercase().contains("sunset");
                prev.from = m.from;
                prev.to = m.to;
                if sundown && let Some(d) = m.from {
                    prev.time = Some(sunset(d, clock));
                }
                prev.future |= m.future;
                prev.end = m.end;
                prev.text = text[prev.start..prev.end].to_owned();
                continue;
            }
            if joinable && prev_is_day && m_is_clock {
                prev.time = m.time;
                prev.precision = m.precision;
                prev.end = m.end;
                prev.text = text[prev.start..prev.end].to_owned();
                continue;
            }
        }
        out.push(m);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sunset by the theatre's point and zone, against published times (timeanddate.com): Kabul on the
    /// 2018 Eid ceasefire's first day 19:07, Kyiv at midsummer 2019 21:12, Gaza on 26 July 2014 19:43.
    #[test]
    fn sundown_follows_the_theatres_sun() {
        let at = |zone: &str, point: [f64; 2], date: &str| {
            let clock = Clock { tz: jiff::tz::TimeZone::get(zone).unwrap(), point };
            sunset(date.parse().unwrap(), &clock).to_string()
        };
        assert_eq!(at("Asia/Kabul", [69.17, 34.53], "2018-06-15"), "19:00:00");
        assert_eq!(at("Europe/Kyiv", [30.52, 50.45], "2019-06-21"), "21:00:00");
        assert_eq!(at("Asia/Gaza", [34.47, 31.5], "2014-07-26"), "19:30:00");
        assert_eq!(at("Asia/Damascus", [36.29, 33.51], "2016-09-12"), "19:00:00");
    }
}
