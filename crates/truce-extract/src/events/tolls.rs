//! Tolls: how many an event killed, as ACLED counts them.

use super::*;

pub(super) fn has_fatality_word(clause: &str) -> bool {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| crate::re(r"(?i)\b(?:killed|killing|kills?|dead|died|wounded|injured)\b").unwrap());
    RE.is_match(clause)
}

/// One part of a toll given in parts: "nine soldiers" of "nine soldiers and four rebels were killed".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TollPart {
    pub value: u64,
    /// Who they were, as the text says.
    pub who: String,
    /// The words of the part (count and who), in bytes of the clause it was read from.
    pub span: [usize; 2],
}

/// Words that end a part's "who": a verb, a preposition or a joining word, not the people counted.
const NOT_WHO: &[&str] = &[
    "were",
    "was",
    "have",
    "has",
    "had",
    "are",
    "is",
    "been",
    "being",
    "killed",
    "died",
    "dead",
    "wounded",
    "injured",
    "in",
    "on",
    "at",
    "by",
    "during",
    "when",
    "after",
    "before",
    "and",
    "including",
    "among",
    "of",
    "from",
    "with",
    "while",
    "as",
    "who",
    "the",
];

/// How many words a part's "who" may have: "four rebel fighters", not a clause.
const MAX_WHO_WORDS: usize = 3;

/// A toll the text gives in parts joined by "and" or commas: "nine soldiers and four rebels were killed",
/// "killed five soldiers, three rebels and two civilians". ACLED counts the sum; the parts say who.
/// "including" and "among them" give a part of a total, not another part (see [`fatalities`]).
pub fn toll_parts(clause: &str) -> Option<Vec<TollPart>> {
    static KILLED_NEXT: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\s*,?\s*(?:(?:were|was|have\s+been|had\s+been|are|have|had)\s+)?(?:(?:all|reportedly|also)\s+)?(?:killed|dead|died|lost\s+their\s+lives|perished|slain)\b").unwrap()
    });
    static KILLED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:kill(?:ed|ing|s)?|leaving|left)\s+(?:(?:at\s+least|some)\s+)?$").unwrap()
    });
    let found = counts(clause);
    let mut i = 0;
    while i < found.len() {
        let mut parts: Vec<TollPart> = Vec::new();
        let mut j = i;
        loop {
            let c = found[j];
            let rest = &clause[c.end..];
            // The words after the count, up to a word that is not who they were.
            let mut who_end = 0;
            let mut words = 0;
            for (at, word) in rest.split_inclusive(char::is_whitespace).scan(0, |at, w| {
                let start = *at;
                *at += w.len();
                Some((start, w))
            }) {
                let bare = word.trim();
                if bare.is_empty() {
                    continue;
                }
                let clean = bare.trim_end_matches(',');
                let lower = clean.to_ascii_lowercase();
                if words == MAX_WHO_WORDS
                    || NOT_WHO.contains(&lower.as_str())
                    || !clean.chars().all(|ch| ch.is_alphabetic() || ch == '-' || ch == '\'' || ch == '’')
                {
                    break;
                }
                words += 1;
                who_end = at + word.trim_end().trim_end_matches(',').len();
                if bare.ends_with(',') {
                    break;
                }
            }
            if words == 0 {
                break;
            }
            let who = rest[..who_end].trim().to_owned();
            parts.push(TollPart { value: c.value, who, span: [c.start, c.end + who_end] });
            // Joined to the next count by "and" or a comma?
            let Some(next) = found.get(j + 1).filter(|n| n.start >= c.end + who_end) else { break };
            let join = &clause[c.end + who_end..next.start];
            let join = join.trim().trim_start_matches(',').trim();
            if !(join.is_empty() && clause[c.end + who_end..next.start].contains(',')
                || join.eq_ignore_ascii_case("and"))
            {
                break;
            }
            j += 1;
        }
        // "seven people, among them four women and two children": parts of a total, not a toll in parts.
        static PART_OF_TOTAL: LazyLock<Regex> = LazyLock::new(|| {
            crate::re(r"(?i)\b(?:among\s+them|including|among\s+whom|of\s+whom|of\s+them|incl\.)\s*$").unwrap()
        });
        // "leaving 50 dead and 200 others wounded": the last part is not of the dead.
        static NOT_KILLED_NEXT: LazyLock<Regex> = LazyLock::new(|| {
            crate::re(r"(?i)^\s*(?:(?:were|was|have\s+been|had\s+been)\s+)?(?:wounded|injured|hurt|missing|arrested|detained|displaced)\b").unwrap()
        });
        let others = parts.iter().skip(1).any(|p| p.who.to_ascii_lowercase().starts_with("other"));
        if parts.len() >= 2 && !others && !PART_OF_TOTAL.is_match(crate::tail(&clause[..found[i].start], 40)) {
            let first = found[i].start;
            let last = parts.last().map_or(0, |p| p.span[1]);
            let after = &clause[last..];
            if !NOT_KILLED_NEXT.is_match(after)
                && (KILLED_NEXT.is_match(after) || KILLED_BEFORE.is_match(crate::tail(&clause[..first], 60)))
            {
                return Some(parts);
            }
        }
        i = j + 1;
    }
    None
}

/// The fatalities a clause reports: a count tied to "killed", "dead", "died" (not "wounded"); a toll
/// given in parts ([`toll_parts`]) is their sum.
pub fn fatalities(clause: &str) -> Option<(u64, usize, usize)> {
    toll(clause).map(|(value, start, end, _)| (value, start, end))
}

/// [`fatalities`], with the parts of a toll given in parts (none otherwise), read once.
pub(super) fn toll(clause: &str) -> Option<(u64, usize, usize, Vec<TollPart>)> {
    if let Some(parts) = toll_parts(clause) {
        let sum = parts.iter().map(|p| p.value).sum();
        let (start, end) = (parts[0].span[0], parts[parts.len() - 1].span[1]);
        return Some((sum, start, end, parts));
    }
    single_toll(clause).map(|(value, start, end)| (value, start, end, Vec::new()))
}

/// A toll told as one count.
fn single_toll(clause: &str) -> Option<(u64, usize, usize)> {
    static KILLED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\s*(?:[A-Za-z'’-]+\s+){0,4}?(?:(?:were|was|have\s+been|had\s+been|are|is|being)\s+)?(?:killed|dead|died|lost\s+their\s+lives|perished|martyred|slain|killed\s+and|deaths)\b").unwrap()
    });
    static KILLED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:kill(?:ed|ing|s)?|execut(?:ed|es|ing)|behead(?:ed|ing|s)|massacr(?:ed|es|ing)|(?:claim(?:ed|s|ing)?|t(?:ook|ake|akes|aking))\s+the\s+lives\s+of|death\s+toll\s+(?:[\w-]+\s+){0,12}?(?:(?:rose|risen|rises|climbed|jumped)\s+to|to|at|of|reached|reaches)|left|leaving|toll\s+rose\s+to)\s+(?:(?:another|a\s+further|further|some|the|a\s+total\s+of|more\s+than|well|including)\s+)?$").unwrap()
    });
    static NOT_DEATHS: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\s*(?:(?:others?|other|more|people|civilians|persons|children|soldiers|fighters)\s+){0,2}(?:(?:were|was|have\s+been|had\s+been)\s+)?(?:wounded|injured|hurt|missing|displaced|arrested|detained|rescued|evacuated|families|homes|houses|buildings)\b").unwrap()
    });
    // "Nine civilians, among them four children, were killed": the total, not the part.
    static TOTAL_OF_PART: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\s*(?:[A-Za-z'’-]+,?\s+){0,2}?(?:among\s+them|including|among\s+whom|of\s+whom|of\s+them)\b")
            .unwrap()
    });
    // "Nine villagers, two nurses and a teacher among them, were killed": the verb comes late.
    static KILLED_LATER: LazyLock<Regex> =
        LazyLock::new(|| crate::re(r"(?i)^[^.;:]{0,80}?\b(?:were|was|have\s+been|had\s+been)\s+killed\b").unwrap());
    let mut total: Option<(u64, usize, usize)> = None;
    let mut loose: Option<(u64, usize, usize)> = None;
    for count in counts(clause) {
        let after = &clause[count.end..];
        let before = crate::tail(&clause[..count.start], 120);
        // "killed 30 people injured 90": the verb before a number makes it the dead, whatever follows.
        static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
            crate::re(r"(?i)^\s*(?:kilomet|km|miles|percent|%|years?|months?|days?|hours?|weeks?|times)").unwrap()
        });
        // ... but in a headline's "Woman killed, 30 injured" the verb belongs to the noun before it.
        static VICTIM_KILLED: LazyLock<Regex> = LazyLock::new(|| {
            crate::re(r"(?i)\b(?:civilians?|woman|women|child|children|kids?|boys?|girls?|people|persons?|man|men|soldiers?|fighters?|members?|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+killed\s+$").unwrap()
        });
        let verb_before = KILLED_BEFORE.is_match(before);
        let killed_before = verb_before && !VICTIM_KILLED.is_match(before);
        // "no one was killed" counts nobody.
        let lower_tail = before.trim_end().to_ascii_lowercase();
        if lower_tail == "no" || lower_tail.ends_with(" no") {
            continue;
        }
        if count.value == 0
            || count.value > 5000
            || UNIT_AFTER.is_match(after)
            || NOT_DEATHS.is_match(after) && !killed_before
        {
            continue;
        }
        if TOTAL_OF_PART.is_match(after) && total.is_none() && !KILLED_AFTER.is_match(after) {
            // "killed 18 civilians, including 10 children": the verb before makes it the toll.
            if verb_before {
                return Some((count.value, count.start, count.end));
            }
            total = Some((count.value, count.start, count.end));
            continue;
        }
        // Years are not counts.
        if (1900..2100).contains(&count.value)
            && count.qualifier == "exact"
            && !clause[count.start..count.end].contains(',')
        {
            continue;
        }
        let found = Some(total.filter(|t| t.0 >= count.value).unwrap_or((count.value, count.start, count.end)));
        if verb_before {
            return found;
        }
        if let Some(m) = KILLED_AFTER.find(after) {
            // "buses carrying people evacuated from two besieged towns killed 43": a number several words
            // before "killed" yields to one the verb governs directly.
            let words_between = after[..m.end()]
                .split_whitespace()
                .filter(|w| {
                    !matches!(
                        w.to_ascii_lowercase().as_str(),
                        "were" | "was" | "have" | "has" | "had" | "been" | "are" | "is" | "being"
                    )
                })
                .count()
                .saturating_sub(1);
            if words_between <= 1 {
                // "Eleven farmers including three boys were killed", "14 farmers and two boys have been
                // killed": the first number of the phrase stands.
                if let Some(l) = loose
                    && l.0 >= count.value
                {
                    return Some(l);
                }
                return found;
            }
            loose = loose.or(found);
        }
    }
    loose.or_else(|| total.filter(|t| KILLED_LATER.is_match(&clause[t.2..]))).or_else(|| {
        // "The group's commander was killed in an air strike": one person, no number.
        static ONE_KILLED: LazyLock<Regex> = LazyLock::new(|| {
            crate::re(r"(?i)\b(?:a|an|the|its|his|their)\s+(?:[A-Za-z0-9’',-]+\s+){0,9}?(?:was|has\s+been)\s+(?:[A-Za-z]+\s+)?(?:killed|shot\s+dead|assassinated)\b").unwrap()
        });
        static NOBODY: LazyLock<Regex> =
            LazyLock::new(|| crate::re(r"(?i)\b(?:no\s+one|nobody|none|no\s+\w+)\s+(?:was|has\s+been)\b").unwrap());
        // Most clauses say nothing of the kind: a plain search first.
        if !(clause.contains("killed") || clause.contains("dead") || clause.contains("assassinated")) {
            return None;
        }
        let m = ONE_KILLED.find(clause)?;
        (!NOBODY.is_match(clause)).then_some((1, m.start(), m.end()))
    })
}
