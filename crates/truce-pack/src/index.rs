//! The compiled index of a pack: every name of every record, found in running text by two Aho-Corasick
//! automata (one over folded text for names, one case-sensitive for acronyms such as "US" or "IS", which
//! folded would match common words), and places by point in an R-tree.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rstar::RTree;
use rstar::primitives::GeomWithData;

use crate::fold::{FoldedText, fold, skeleton};
use crate::model::{Actor, Agreement, Person, Place, PlaceKind, Validity, Zone};

/// What a name names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Entity {
    Actor(usize),
    Person(usize),
    Place(usize),
    Zone(usize),
    Agreement(usize),
    /// A place of the world layer (`World::place`) by its own name: a country, a division or a town.
    World(u32),
    /// A town of the world layer by one of its alternate names (`WorldName::Alias`).
    WorldAlias(u32),
    /// A country's demonym ("Ukrainian"), by index into `World::countries`.
    Demonym(u16),
    /// A name no pack or world entry lists, found by the extraction's name recogniser: an index into
    /// its document's table of such names.
    Unlisted(u32),
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

/// Words that end a place's name without being part of the world layer's name for it ("Donetsk
/// Oblast", "Helmand Province", "Gaza City" where GeoNames says "Gaza"). The first five name divisions.
const DIVISION_WORDS: &[&str] = &["oblast", "province", "region", "governorate", "district", "city", "county", "state"];

/// Names of the world layer in capitalised runs of the text: a whole run (or a run less a trailing
/// division word) may name any world place; countries and demonyms are found inside longer runs too
/// ("Israeli Prime Minister", "the Ukraine crisis"). A run the pack's automata matched exactly keeps
/// the pack's records and gains the world's; a run the pack matched in part is the pack's. A single
/// capitalised word opening a sentence names no town ("Police said", "Said that"): towns named like
/// words are common, countries are not. A country's name is the country, not the hamlets named after
/// it.
fn add_world_names(text: &str, runs: &[(usize, usize)], out: &mut Vec<NameMatch>) {
    let world = crate::World::get();
    let mut found: Vec<NameMatch> = Vec::new();
    let entry = |entity| NameEntry { entity, generic: false, valid: Validity::default(), role: None };
    let entries_of = |names: &[crate::WorldName], places: bool| -> Vec<NameEntry> {
        names
            .iter()
            .filter_map(|n| match *n {
                crate::WorldName::Place(p) if places || world.is_country(p) => Some(Entity::World(p)),
                crate::WorldName::Alias(p) if places => Some(Entity::WorldAlias(p)),
                crate::WorldName::Demonym(c) => Some(Entity::Demonym(c)),
                crate::WorldName::Place(_) | crate::WorldName::Alias(_) => None,
            })
            .map(entry)
            .collect()
    };
    // Each word is folded once; a span's key is its words' folds joined by spaces, as `fold` would
    // give it (the words of a run are separated by single spaces).
    let key = |folded: &[String]| folded.join(" ");
    for &(run_start, run_end) in runs {
        let run = &text[run_start..run_end];
        let run = run.strip_suffix("'s").or_else(|| run.strip_suffix("’s")).unwrap_or(run);
        let words: Vec<(usize, usize)> = word_spans(run).map(|(s, e)| (run_start + s, run_start + e)).collect();
        if words.is_empty() {
            continue;
        }
        let folded: Vec<String> = words.iter().map(|&(s, e)| fold(&text[s..e])).collect();
        let opens_sentence = opens_sentence(text, run_start);
        // The whole run, or less a trailing division word: any place.
        let mut whole = words.len();
        if whole > 1 && DIVISION_WORDS.contains(&folded[whole - 1].as_str()) {
            whole -= 1;
        }
        let whole_span = (words[0].0, words[whole - 1].1);
        let whole_name = &text[whole_span.0..whole_span.1];
        let whole_key = key(&folded[..whole]);
        let common = COMMON_CAPITALISED.contains(&whole_key.as_str());
        let mut entries = if common { Vec::new() } else { entries_of(&world.lookup_folded(&whole_key), true) };
        if entries.iter().any(|e| matches!(e.entity, Entity::World(p) if world.is_country(p))) {
            entries.retain(|e| match e.entity {
                Entity::World(p) | Entity::WorldAlias(p) => world.kind_of(p) != crate::PlaceKind::Town,
                _ => true,
            });
        }
        if whole == 1 && opens_sentence {
            entries.retain(|e| match e.entity {
                Entity::World(p) => world.is_country(p),
                Entity::WorldAlias(_) => false,
                _ => true,
            });
        }
        // "Logar province", "Donetsk Oblast": a division the text names as one, by its consonants when
        // GeoNames spells it otherwise ("Lowgar").
        let called_division = words.len() > whole
            || DIVISION_WORDS[..5].iter().any(|w| {
                let after = text[whole_span.1..].trim_start_matches(' ');
                after.get(..w.len()).is_some_and(|a| a.eq_ignore_ascii_case(w))
            });
        if entries.is_empty() && called_division && !common {
            entries = world.divisions_like(whole_name).into_iter().map(|p| entry(Entity::World(p))).collect();
        }
        if !entries.is_empty() {
            found.push(NameMatch { start: whole_span.0, end: words[words.len() - 1].1, entries, fuzzy: false });
            continue;
        }
        // Inside a longer run: countries and demonyms, longest first.
        let mut i = 0;
        while i < words.len() {
            if !world.opens_country_name(folded[i].split(' ').next().unwrap_or("")) {
                i += 1;
                continue;
            }
            let mut hit = None;
            for n in (1..=3.min(words.len() - i)).rev() {
                let (s, e) = (words[i].0, words[i + n - 1].1);
                let entries = entries_of(&world.lookup_folded(&key(&folded[i..i + n])), false);
                if !entries.is_empty() {
                    hit = Some((n, NameMatch { start: s, end: e, entries, fuzzy: false }));
                    break;
                }
            }
            // "Egyptian-brokered", "Saudi-led": a nationality hyphened to a participle.
            if hit.is_none()
                && let Some((first, _)) = folded[i].split_once(' ')
                && let Some(hyphen) = text[words[i].0..words[i].1].find('-')
            {
                let entries = entries_of(&world.lookup_folded(first), false);
                if !entries.is_empty() {
                    hit = Some((1, NameMatch { start: words[i].0, end: words[i].0 + hyphen, entries, fuzzy: false }));
                }
            }
            match hit {
                Some((n, m)) => {
                    found.push(m);
                    i += n;
                }
                None => i += 1,
            }
        }
    }
    if found.is_empty() {
        return;
    }
    // Merge: the same span as a pack match adds the world's records to it; an overlap leaves the pack's.
    let mut extra = Vec::new();
    for m in found {
        let k = out.partition_point(|o| o.end <= m.start);
        match out.get_mut(k) {
            Some(o) if o.start == m.start && o.end == m.end => o.entries.extend(m.entries),
            Some(o) if o.start < m.end => {}
            _ => extra.push(m),
        }
    }
    out.extend(extra);
    out.sort_by_key(|m| m.start);
}

/// Whether a name at `at` opens a sentence, a line, or an agency's dispatch ("(AP) — Hamas"): its
/// capital says nothing about it being a name.
pub fn opens_sentence(text: &str, at: usize) -> bool {
    text[..at]
        .trim_end_matches([' ', '"', '“', '\'', '('])
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':' | '-' | '—'))
}

/// Byte spans of the words of a capitalised run (split at spaces).
fn word_spans(run: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = 0;
    run.split(' ').filter_map(move |w| {
        let start = at;
        at += w.len() + 1;
        (!w.is_empty()).then_some((start, start + w.len()))
    })
}

/// Whether a folded word is one of the capitalised words that name nothing (days, months, titles).
pub fn is_common_capitalised(folded: &str) -> bool {
    COMMON_CAPITALISED.contains(&folded)
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
    "kurdish",
];

/// Byte spans of runs of capitalised words, joined by Arabic articles ("Qalaat Al-Madiq", "Jisr
/// al-Shughur", "Kafr Nabudah"), that do not open a sentence with a single common word.
pub fn capitalised_runs(text: &str) -> Vec<(usize, usize)> {
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
    pub fn build(
        actors: &[Actor],
        people: &[Person],
        places: &[Place],
        zones: &[Zone],
        agreements: &[Agreement],
    ) -> Index {
        let mut names: HashMap<String, Vec<NameEntry>> = HashMap::new();
        let mut exact_names: HashMap<String, Vec<NameEntry>> = HashMap::new();
        // `folded` is the alias already folded, where the caller needed that too (a place's skeleton);
        // an acronym is matched as written.
        let mut add = |alias: &str, folded: Option<String>, entry: NameEntry| {
            if is_acronym(alias) {
                let list = exact_names.entry(alias.to_owned()).or_default();
                if !list.contains(&entry) {
                    list.push(entry);
                }
                return;
            }
            let key = folded.unwrap_or_else(|| fold(alias));
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

        for (i, actor) in actors.iter().enumerate() {
            add(&actor.name, None, plain(Entity::Actor(i), actor.valid));
            for alias in &actor.aliases {
                add(alias, None, plain(Entity::Actor(i), actor.valid));
            }
            for t in &actor.timed_aliases {
                add(&t.alias, None, plain(Entity::Actor(i), t.valid));
            }
            for t in &actor.generic {
                add(&t.alias, None, NameEntry { entity: Entity::Actor(i), generic: true, valid: t.valid, role: None });
            }
        }
        for (i, person) in people.iter().enumerate() {
            add(&person.name, None, plain(Entity::Person(i), Validity::default()));
            for alias in &person.aliases {
                add(alias, None, plain(Entity::Person(i), Validity::default()));
            }
            for (r, role) in person.roles.iter().enumerate() {
                for alias in &role.aliases {
                    add(
                        alias,
                        None,
                        NameEntry { entity: Entity::Person(i), generic: true, valid: role.valid, role: Some(r) },
                    );
                }
            }
        }
        let mut place_skeletons: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, place) in places.iter().enumerate() {
            for alias in &place.aliases {
                let folded = fold(alias);
                let sk = skeleton(&folded);
                add(alias, Some(folded), plain(Entity::Place(i), Validity::default()));
                if sk.chars().count() >= 2 {
                    let list = place_skeletons.entry(sk).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
        for (i, zone) in zones.iter().enumerate() {
            add(&zone.name, None, plain(Entity::Zone(i), Validity::default()));
            for alias in &zone.aliases {
                add(alias, None, plain(Entity::Zone(i), Validity::default()));
            }
        }
        for (i, agreement) in agreements.iter().enumerate() {
            for alias in &agreement.aliases {
                add(alias, None, plain(Entity::Agreement(i), Validity::default()));
            }
        }

        let mut folded_patterns: Vec<String> = names.keys().cloned().collect();
        folded_patterns.sort();
        // Standard semantics with overlapping search: a candidate that fails the word-boundary test must not
        // hide a valid one that overlaps it ("the un" inside "the united nations"). The noncontiguous NFA:
        // converting it to the contiguous one costs some 20 M instructions at start-up for the Syria pack
        // and saves nothing measurable per article (callgrind, scripts/cost-guard.sh).
        let folded_automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(&folded_patterns)
            .expect("name patterns build an automaton");
        let mut exact_patterns: Vec<String> = exact_names.keys().cloned().collect();
        exact_patterns.sort();
        let exact_automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&exact_patterns)
            .expect("acronym patterns build an automaton");
        let places_by_point = RTree::bulk_load(
            places
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
        self.find_with_runs(text).0
    }

    /// `find`, and the text's capitalised runs it searched (`capitalised_runs`), for callers that
    /// read them again (the name recogniser).
    pub fn find_with_runs(&self, text: &str) -> (Vec<NameMatch>, Vec<(usize, usize)>) {
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
        let runs = capitalised_runs(text);
        self.add_fuzzy_places(text, &runs, &mut out);
        add_world_names(text, &runs, &mut out);
        (out, runs)
    }

    /// Capitalised names not found by exact spelling, looked up by consonant skeleton among places of
    /// the theatre ("Qalaat Al-Madiq" for GeoNames' "Qal‘at al Maḑīq").
    fn add_fuzzy_places(&self, text: &str, runs: &[(usize, usize)], out: &mut Vec<NameMatch>) {
        let mut found = Vec::new();
        // The exact matches are sorted by start and do not overlap, so their ends rise too: the first
        // ending after a run's start is the only one that can overlap it. A binary search instead of a
        // scan of every match for every capitalised run, which was quadratic in the text's length.
        debug_assert!(out.windows(2).all(|w| w[0].end <= w[1].start));
        for &(run_start, run_end) in runs {
            let k = out.partition_point(|m| m.end <= run_start);
            if out.get(k).is_some_and(|m| m.start < run_end) {
                continue;
            }
            let run = &text[run_start..run_end];
            let sk = skeleton(&fold(run));
            // A nationality ("Syrian", "Russian") is no misspelt village, whatever its consonants.
            if sk.chars().count() < 4
                || COMMON_CAPITALISED.contains(&fold(run).as_str())
                || crate::World::get().country_named(run).is_some()
            {
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
