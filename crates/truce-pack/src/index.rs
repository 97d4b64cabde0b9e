//! The compiled index of a pack: every name of every record, found in running text by two Aho-Corasick
//! automata (one over folded text for names, one case-sensitive for acronyms such as "US" or "IS", which
//! folded would match common words), and places by point in an R-tree.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rstar::RTree;
use rstar::primitives::GeomWithData;

use crate::fold::{FoldedText, fold, skeleton};
use crate::load::Records;
use crate::model::{PlaceKind, Validity};

/// What a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Actor(usize),
    Person(usize),
    Place(usize),
    Zone(usize),
    Agreement(usize),
}

/// One record a name can refer to, and on what terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NameEntry {
    pub entity: Entity,
    /// A description rather than a name ("the regime"): used only when nothing more specific is near.
    pub generic: bool,
    /// When the name refers to the record.
    pub valid: Validity,
    /// For a person named by a role description, the index of the role.
    pub role: Option<usize>,
}

/// A name found in a text.
#[derive(Debug, Clone)]
pub struct NameMatch {
    /// Byte span in the original text.
    pub start: usize,
    pub end: usize,
    pub entries: Vec<NameEntry>,
    /// Found by consonant skeleton (a spelling the pack does not list), not by an exact spelling.
    pub fuzzy: bool,
}

pub struct Index {
    /// Folded name → records.
    pub names: HashMap<String, Vec<NameEntry>>,
    /// Consonant skeleton → places (for lookups that survive transliteration).
    pub place_skeletons: HashMap<String, Vec<usize>>,
    folded_patterns: Vec<String>,
    folded_automaton: AhoCorasick,
    exact_patterns: Vec<String>,
    exact_automaton: AhoCorasick,
    /// Exact (case-sensitive) acronym → records.
    exact_names: HashMap<String, Vec<NameEntry>>,
    pub places_by_point: RTree<GeomWithData<[f64; 2], usize>>,
}

/// Capitalised words that are not names of places, however their consonants fall.
const COMMON_CAPITALISED: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "president",
    "minister",
    "general",
    "colonel",
    "however",
    "meanwhile",
    "according",
    "government",
    "opposition",
    "ministry",
    "council",
    "source",
    "sources",
    "reuters",
    "islamic",
    "national",
    "international",
    "ceasefire",
    "syrian",
    "russian",
    "turkish",
    "iranian",
    "american",
    "kurdish",
];

/// Byte spans of runs of capitalised words, joined by Arabic articles ("Qalaat Al-Madiq", "Jisr
/// al-Shughur", "Kafr Nabudah"), that do not open a sentence with a single common word.
fn capitalised_runs(text: &str) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let in_word = c.is_alphanumeric() || c == '-' || c == '\'' || c == '’' || c == '‘';
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    let is_capital = |w: &str| w.chars().next().is_some_and(|c| c.is_uppercase());
    let is_connector = |w: &str| {
        let lower = w.to_lowercase();
        ["al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "ez", "es"].contains(&lower.trim_end_matches('-'))
            || ["al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "az-", "an-", "ed-", "ez-", "es-"]
                .iter()
                .any(|p| lower.starts_with(p))
    };
    let mut i = 0;
    while i < words.len() {
        let (s, _) = words[i];
        let w = &text[words[i].0..words[i].1];
        if !is_capital(w) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 1 < words.len() {
            let gap = &text[words[j].1..words[j + 1].0];
            let next = &text[words[j + 1].0..words[j + 1].1];
            if gap != " " || !(is_capital(next) || is_connector(next)) {
                break;
            }
            j += 1;
        }
        // Trim a trailing connector.
        while j > i && is_connector(&text[words[j].0..words[j].1]) && !text[words[j].0..words[j].1].contains('-') {
            j -= 1;
        }
        runs.push((s, words[j].1));
        i = j + 1;
    }
    runs
}

/// An acronym: short, no lower-case letter ("US", "U.S.", "HTS", "T4"). Matched case-sensitively.
pub fn is_acronym(alias: &str) -> bool {
    let letters = alias.chars().filter(|c| c.is_alphabetic()).count();
    alias.chars().count() <= 6 && letters >= 1 && !alias.chars().any(char::is_lowercase)
}

impl Index {
    pub fn build(records: &Records) -> Index {
        let mut names: HashMap<String, Vec<NameEntry>> = HashMap::new();
        let mut exact_names: HashMap<String, Vec<NameEntry>> = HashMap::new();
        let mut add = |alias: &str, entry: NameEntry| {
            if is_acronym(alias) {
                let list = exact_names.entry(alias.to_owned()).or_default();
                if !list.contains(&entry) {
                    list.push(entry);
                }
                return;
            }
            let key = fold(alias);
            if key.is_empty() {
                return;
            }
            // Scraped text often loses apostrophes ("Assads forces" for "Assad's forces"): a possessive
            // alias also matches its run-together form.
            if key.contains(" s ") || key.ends_with(" s") {
                let joined = format!("{key} ").replace(" s ", "s ").trim_end().to_owned();
                let list = names.entry(joined).or_default();
                if !list.contains(&entry) {
                    list.push(entry);
                }
            }
            let list = names.entry(key).or_default();
            if !list.contains(&entry) {
                list.push(entry);
            }
        };
        let plain = |entity, valid| NameEntry { entity, generic: false, valid, role: None };

        for (i, actor) in records.actors.iter().enumerate() {
            add(&actor.name, plain(Entity::Actor(i), actor.valid));
            for alias in &actor.aliases {
                add(alias, plain(Entity::Actor(i), actor.valid));
            }
            for t in &actor.timed_aliases {
                add(&t.alias, plain(Entity::Actor(i), t.valid));
            }
            for t in &actor.generic {
                add(&t.alias, NameEntry { entity: Entity::Actor(i), generic: true, valid: t.valid, role: None });
            }
        }
        for (i, person) in records.people.iter().enumerate() {
            add(&person.name, plain(Entity::Person(i), Validity::default()));
            for alias in &person.aliases {
                add(alias, plain(Entity::Person(i), Validity::default()));
            }
            for (r, role) in person.roles.iter().enumerate() {
                for alias in &role.aliases {
                    add(
                        alias,
                        NameEntry { entity: Entity::Person(i), generic: true, valid: role.valid, role: Some(r) },
                    );
                }
            }
        }
        let mut place_skeletons: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, place) in records.places.iter().enumerate() {
            for alias in &place.aliases {
                add(alias, plain(Entity::Place(i), Validity::default()));
                let sk = skeleton(&fold(alias));
                if sk.chars().count() >= 2 {
                    let list = place_skeletons.entry(sk).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
        for (i, zone) in records.zones.iter().enumerate() {
            add(&zone.name, plain(Entity::Zone(i), Validity::default()));
            for alias in &zone.aliases {
                add(alias, plain(Entity::Zone(i), Validity::default()));
            }
        }
        for (i, agreement) in records.agreements.iter().enumerate() {
            for alias in &agreement.aliases {
                add(alias, plain(Entity::Agreement(i), Validity::default()));
            }
        }

        let mut folded_patterns: Vec<String> = names.keys().cloned().collect();
        folded_patterns.sort();
        // Standard semantics with overlapping search: a candidate that fails the word-boundary test must not
        // hide a valid one that overlaps it ("the un" inside "the united nations").
        let folded_automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&folded_patterns)
            .expect("name patterns build an automaton");
        let mut exact_patterns: Vec<String> = exact_names.keys().cloned().collect();
        exact_patterns.sort();
        let exact_automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&exact_patterns)
            .expect("acronym patterns build an automaton");
        let places_by_point = RTree::bulk_load(
            records
                .places
                .iter()
                .enumerate()
                .filter(|(_, p)| p.kind != PlaceKind::Road)
                .map(|(i, p)| GeomWithData::new(p.point, i))
                .collect(),
        );
        Index {
            names,
            place_skeletons,
            folded_patterns,
            folded_automaton,
            exact_patterns,
            exact_automaton,
            exact_names,
            places_by_point,
        }
    }

    /// Number of distinct names indexed.
    pub fn name_count(&self) -> usize {
        self.folded_patterns.len() + self.exact_patterns.len()
    }

    /// Every name of the pack in `text`, longest first where names overlap, at word boundaries.
    pub fn find(&self, text: &str) -> Vec<NameMatch> {
        let folded = FoldedText::new(text);
        let bytes = folded.text.as_bytes();
        // (start, end, pattern, folded?) of every match at word boundaries, in original-text offsets.
        let mut candidates: Vec<(usize, usize, usize, bool)> = Vec::new();
        for m in self.folded_automaton.find_overlapping_iter(&folded.text) {
            let before_ok = m.start() == 0 || bytes[m.start() - 1] == b' ';
            let after_ok = m.end() == bytes.len() || bytes[m.end()] == b' ';
            if before_ok && after_ok {
                let (start, end) = folded.original_span(m.start(), m.end(), text);
                candidates.push((start, end, m.pattern().as_usize(), true));
            }
        }
        for m in self.exact_automaton.find_overlapping_iter(text) {
            let before_ok = text[..m.start()].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
            let after_ok = text[m.end()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
            if before_ok && after_ok {
                candidates.push((m.start(), m.end(), m.pattern().as_usize(), false));
            }
        }
        // Leftmost, then longest; a folded name wins over an acronym of the same span.
        candidates.sort_by_key(|&(start, end, _, folded)| (start, std::cmp::Reverse(end), !folded));
        let mut out: Vec<NameMatch> = Vec::new();
        let mut covered_to = 0;
        for (start, end, pattern, is_folded) in candidates {
            if start < covered_to {
                continue;
            }
            covered_to = end;
            let entries = if is_folded {
                self.names[&self.folded_patterns[pattern]].clone()
            } else {
                self.exact_names[&self.exact_patterns[pattern]].clone()
            };
            out.push(NameMatch { start, end, entries, fuzzy: false });
        }
        self.add_fuzzy_places(text, &mut out);
        out
    }

    /// Capitalised names not found by exact spelling, looked up by consonant skeleton among places of
    /// the theatre ("Qalaat Al-Madiq" for GeoNames' "Qal‘at al Maḑīq").
    fn add_fuzzy_places(&self, text: &str, out: &mut Vec<NameMatch>) {
        let mut found = Vec::new();
        // The exact matches are sorted by start and do not overlap, so their ends rise too: the first
        // ending after a run's start is the only one that can overlap it. A binary search instead of a
        // scan of every match for every capitalised run, which was quadratic in the text's length.
        debug_assert!(out.windows(2).all(|w| w[0].end <= w[1].start));
        for (run_start, run_end) in capitalised_runs(text) {
            let k = out.partition_point(|m| m.end <= run_start);
            if out.get(k).is_some_and(|m| m.start < run_end) {
                continue;
            }
            let run = &text[run_start..run_end];
            let sk = skeleton(&fold(run));
            if sk.chars().count() < 4 || COMMON_CAPITALISED.contains(&fold(run).as_str()) {
                continue;
            }
            if let Some(places) = self.place_skeletons.get(&sk) {
                let entries = places
                    .iter()
                    .map(|&i| NameEntry {
                        entity: Entity::Place(i),
                        generic: false,
                        valid: Validity::default(),
                        role: None,
                    })
                    .collect();
                found.push(NameMatch { start: run_start, end: run_end, entries, fuzzy: true });
            }
        }
        out.extend(found);
        out.sort_by_key(|m| m.start);
    }

    /// The records a whole name refers to (folded, or exactly for an acronym).
    pub fn lookup(&self, name: &str) -> Vec<NameEntry> {
        let mut out = self.exact_names.get(name.trim()).cloned().unwrap_or_default();
        if let Some(entries) = self.names.get(&fold(name)) {
            out.extend(entries.iter().copied());
        }
        if out.is_empty()
            && let Some(stripped) = fold(name).strip_prefix("the ")
            && let Some(entries) = self.names.get(stripped)
        {
            out.extend(entries.iter().copied());
        }
        out
    }
}
