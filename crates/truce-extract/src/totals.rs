//! Running totals: whether a toll is the count of a war, an offensive or a stretch of days to date
//! rather than one event's fatalities, by the cue table `data/running_totals.toml` (which says what
//! each field means). Events drop such tolls; figures keep them, marked with the cue that fired.

use std::sync::LazyLock;

use regex::Regex;

/// One row of `data/running_totals.toml` as written.
#[derive(serde::Deserialize)]
struct CueRow {
    label: String,
    pattern: String,
    unless: Option<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    #[serde(default)]
    cases: Vec<(String, bool)>,
}

/// A running-total cue, compiled.
struct TotalCue {
    label: String,
    pattern: Regex,
    unless: Option<Regex>,
}

fn read_cues(text: &str) -> Vec<(TotalCue, Vec<(String, bool)>)> {
    #[derive(serde::Deserialize)]
    struct CueFile {
        cue: Vec<CueRow>,
    }
    let file: CueFile = toml::from_str(text).expect("data/running_totals.toml is valid TOML (a unit test reads it)");
    let words = |p: &str| crate::re(&format!(r"(?i)\b(?:{p})\b")).expect("a running-total cue's pattern compiles");
    file.cue
        .into_iter()
        .map(|row| {
            let cue =
                TotalCue { label: row.label, pattern: words(&row.pattern), unless: row.unless.as_deref().map(words) };
            (cue, row.cases)
        })
        .collect()
}

static CUES: LazyLock<Vec<TotalCue>> =
    LazyLock::new(|| read_cues(include_str!("../data/running_totals.toml")).into_iter().map(|(c, _)| c).collect());

/// The label of the first cue that reads `phrase` as a running total.
pub fn running_total(phrase: &str) -> Option<&'static str> {
    CUES.iter()
        .find(|c| c.pattern.is_match(phrase) && !c.unless.as_ref().is_some_and(|u| u.is_match(phrase)))
        .map(|c| c.label.as_str())
}

/// The phrase a count at `start..end` of `text` stands in: from the start of `text` (a clause or a
/// sentence) to the next comma or semicolon after the count, or the end.
pub fn toll_phrase(text: &str, end: usize) -> &str {
    let rest = &text[end..];
    let stop = rest.find([',', ';']).unwrap_or(rest.len());
    &text[..end + stop]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn running_total_cues_give_their_cases() {
        let rows = read_cues(include_str!("../data/running_totals.toml"));
        let mut checked = 0;
        for (cue, cases) in &rows {
            assert!(!cases.is_empty(), "cue {:?} has no cases", cue.label);
            for (phrase, total) in cases {
                assert_eq!(running_total(phrase).is_some(), *total, "{:?}: {phrase:?}", cue.label);
                if *total {
                    checked += 1;
                }
            }
        }
        assert!(checked >= 10);
    }

    #[test]
    fn the_phrase_of_a_count_ends_at_its_comma() {
        let s = "Nine people died on Sunday, which brings the total number of deaths in the province to 240.";
        let at = |n: &str| s.find(n).unwrap() + n.len();
        assert_eq!(running_total(toll_phrase(s, at("Nine"))), None);
        assert_eq!(running_total(toll_phrase(s, at("240"))), Some("to date"));
    }
}
