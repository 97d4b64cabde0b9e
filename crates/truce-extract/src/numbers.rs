//! Counts as news write them ("at least 29", "nearly 2,000", "some three million", "dozens",
//! "hundreds of thousands"), valued by ACLED's conservative rule: a lower bound is the number itself,
//! "dozens" is 12, "hundreds" 100, "thousands" 1,000.

use std::sync::LazyLock;

use regex::Regex;

/// A count found in a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Count {
    pub start: usize,
    pub end: usize,
    pub value: u64,
    /// exact, about, at_least, more_than, nearly, up_to, dozens, hundreds, thousands.
    pub qualifier: &'static str,
}

const WORDS: &str = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a\s+hundred|a\s+dozen|dozen";

static COUNT: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(&format!(
        r"(?i)\b(?P<q>at\s+least|more\s+than|over|nearly|almost|about|around|some|approximately|an\s+estimated|estimated|up\s+to|close\s+to|roughly|as\s+many\s+as|no\s+fewer\s+than|at\s+most|less\s+than|fewer\s+than)?\s*(?P<n>(?:tens|hundreds)\s+of\s+thousands|dozens|hundreds|thousands|scores|(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+(?:million|thousand))?|(?:{WORDS})(?:[\s-](?:{WORDS}|one|two|three|four|five|six|seven|eight|nine))*(?:\s+(?:thousand|million))?)\b"
    ))
    .unwrap()
});

fn word_value(w: &str) -> Option<u64> {
    Some(match w {
        "one" | "a" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" | "dozen" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

/// The largest count of people, places or things a report can mean: past the world's population a
/// number is a typo, an identifier or hostile input ("killed 99999999999999999999 people"), not a count.
pub const MAX_PLAUSIBLE_COUNT: f64 = 10_000_000_000.0;

/// The value of a number written in digits or words; `None` past any plausible count.
pub fn value_of(number: &str) -> Option<(u64, &'static str)> {
    let n = number.to_ascii_lowercase();
    let n = n.split_whitespace().collect::<Vec<_>>().join(" ");
    let fixed = match n.as_str() {
        "dozens" => Some((12, "dozens")),
        "scores" => Some((20, "dozens")),
        "hundreds" => Some((100, "hundreds")),
        "thousands" => Some((1000, "thousands")),
        "tens of thousands" => Some((10_000, "thousands")),
        "hundreds of thousands" => Some((100_000, "hundreds")),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    let (base, multiplier) = if let Some(b) = n.strip_suffix(" million") {
        (b, 1_000_000.0)
    } else if let Some(b) = n.strip_suffix(" thousand") {
        (b, 1_000.0)
    } else {
        (n.as_str(), 1.0)
    };
    if let Ok(v) = base.replace(',', "").parse::<f64>() {
        let value = v * multiplier;
        // A float cast to u64 saturates silently: refuse what no count reaches instead.
        return (value.is_finite() && (0.0..=MAX_PLAUSIBLE_COUNT).contains(&value))
            .then(|| (value.round() as u64, "exact"));
    }
    // Words: "twenty-nine", "a hundred", "three hundred", "a dozen".
    let mut total = 0u64;
    let mut current = 0u64;
    for w in base.split([' ', '-']).filter(|w| !w.is_empty() && *w != "and") {
        if w == "hundred" {
            current = current.max(1) * 100;
        } else if w == "a" {
            current += 0;
        } else {
            current += word_value(w)?;
        }
    }
    total += current;
    if base.starts_with("a ") && total == 0 {
        total = 1;
    }
    if total == 0 {
        return None;
    }
    Some(((total as f64 * multiplier).round() as u64, "exact"))
}

fn qualifier_of(q: &str) -> &'static str {
    match q.to_ascii_lowercase().split_whitespace().collect::<Vec<_>>().join(" ").as_str() {
        "at least" | "no fewer than" => "at_least",
        "more than" | "over" => "more_than",
        "nearly" | "almost" | "close to" => "nearly",
        "about" | "around" | "some" | "approximately" | "an estimated" | "estimated" | "roughly" => "about",
        "up to" | "as many as" | "at most" | "less than" | "fewer than" => "up_to",
        _ => "exact",
    }
}

/// Every count in `text`, with its qualifier.
pub fn counts(text: &str) -> Vec<Count> {
    let mut out = Vec::new();
    for c in COUNT.captures_iter(text) {
        let n = c.name("n").unwrap();
        let Some((value, own)) = value_of(n.as_str()) else { continue };
        let qualifier = match c.name("q") {
            Some(q) => qualifier_of(q.as_str()),
            None => own,
        };
        let whole = c.get(0).unwrap();
        let start = c.name("q").map(|q| q.start()).unwrap_or(n.start());
        out.push(Count { start, end: whole.end(), value, qualifier });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_past_any_plausible_count_are_not_counts() {
        assert_eq!(value_of("99999999999999999999"), None);
        assert_eq!(value_of("20000000 million"), None);
        assert_eq!(value_of("1e400"), None);
        assert_eq!(value_of("13 million"), Some((13_000_000, "exact")));
        assert!(counts("the strike killed 99999999999999999999 people").is_empty());
    }

    fn first(text: &str) -> (u64, &'static str) {
        let c = counts(text)[0];
        (c.value, c.qualifier)
    }

    #[test]
    fn reads_counts_and_their_qualifiers() {
        assert_eq!(first("killed at least one person"), (1, "at_least"));
        assert_eq!(first("displacing more than 400,000 people"), (400_000, "more_than"));
        assert_eq!(first("killing hundreds"), (100, "hundreds"));
        assert_eq!(first("some three million residents"), (3_000_000, "about"));
        assert_eq!(first("nearly 2,000 combatants"), (2000, "nearly"));
        assert_eq!(first("an estimated 400,000 lives"), (400_000, "about"));
        assert_eq!(first("dozens of civilians"), (12, "dozens"));
        assert_eq!(first("twenty-nine fighters"), (29, "exact"));
        assert_eq!(first("1.5 million people"), (1_500_000, "exact"));
        assert_eq!(first("a dozen soldiers"), (12, "exact"));
        assert_eq!(first("hundreds of thousands fled"), (100_000, "hundreds"));
        assert_eq!(first("Thirty Killed in strikes"), (30, "exact"));
    }
}
