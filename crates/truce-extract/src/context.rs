//! What every extractor needs to know about one document: its sentences and paragraphs, the names and
//! times in each sentence, and the publication date they are read against.

use jiff::civil::Date;
use truce_ingest::Document;
use truce_pack::{Entity, NameMatch, Pack, Place, PlaceKind, World};
use truce_text::Sentence;

use crate::records::Evidence;
use crate::time::{TimeMention, find_times};

/// A country named at least this share of the main country's weight is a home country too.
const HOME_SHARE: f64 = 0.5;

/// Towns abroad: one this large (or a capital) is a place wherever its country is named; one of a
/// million is known without its country.
const MAJOR_TOWN: u32 = 100_000;
const WELL_KNOWN_TOWN: u32 = 1_000_000;

/// A state's actors by the noun after its demonym or name, with ACLED's form of their name and the
/// actor type (longer nouns first: "security forces" before "forces").
const STATE_NOUNS: &[(&str, &str, &str)] = &[
    ("security forces", "Military Forces of {}", "state_armed_forces"),
    ("armed forces", "Military Forces of {}", "state_armed_forces"),
    ("air force", "Military Forces of {}", "state_armed_forces"),
    ("troops", "Military Forces of {}", "state_armed_forces"),
    ("forces", "Military Forces of {}", "state_armed_forces"),
    ("soldiers", "Military Forces of {}", "state_armed_forces"),
    ("army", "Military Forces of {}", "state_armed_forces"),
    ("military", "Military Forces of {}", "state_armed_forces"),
    ("navy", "Military Forces of {}", "state_armed_forces"),
    ("warplanes", "Military Forces of {}", "state_armed_forces"),
    ("jets", "Military Forces of {}", "state_armed_forces"),
    ("artillery", "Military Forces of {}", "state_armed_forces"),
    ("police", "Police Forces of {}", "state_armed_forces"),
    ("government", "Government of {}", "state"),
    ("authorities", "Government of {}", "state"),
];

/// Words before a name that say it is a place.
const LOCATIVE: &[&str] = &[
    " in ",
    " near ",
    " at ",
    " from ",
    " outside ",
    " around ",
    " into ",
    "town of ",
    "city of ",
    "village of ",
    " to ",
];

pub struct DocContext<'a> {
    pub doc: &'a Document,
    pub pack: &'a Pack,
    pub text: &'a str,
    pub published: Option<Date>,
    pub sentences: Vec<Sentence>,
    /// Paragraph number of each sentence (paragraphs are separated by blank lines or single line breaks).
    pub paragraph: Vec<usize>,
    /// Names found in the whole text, in order.
    pub names: Vec<NameMatch>,
    /// Time expressions per sentence, with offsets in the document's text.
    pub times: Vec<Vec<TimeMention>>,
    /// Page furniture inside the text, as byte ranges: a scraped "Tags Syria Aleppo Russia ..." list run
    /// into the lead. Names and words there are nobody's and nowhere's.
    pub furniture: SortedSpans,
    /// The names in the furniture: what the article is about, never who acted in a sentence or where.
    tag_names: Vec<NameMatch>,
    /// Actors the text names by a proper name (not a description), with how often: computed on first use.
    named_actors: std::cell::OnceCell<Vec<(&'a truce_pack::Actor, usize)>>,
    /// The document's main place (`events::main_place`), computed once: every event with no place of its
    /// own falls back on it, and computing it reads every name of the document.
    pub(crate) main_place: std::cell::OnceCell<Option<Place>>,
    /// Capitalised names of the text that no pack or world entry knows (`names::unlisted`).
    pub unlisted: Vec<crate::names::Unlisted>,
    /// The text's runs of capitalised words (`truce_pack::capitalised_runs`), found once.
    pub(crate) capitalised_runs: Vec<(usize, usize)>,
    /// The names of the title (searched like the text's).
    pub title_names: Vec<NameMatch>,
    /// The countries the document names (alpha-2) with how strongly (`theatre::COUNTRY_EVIDENCE`),
    /// strongest first.
    pub countries: Vec<crate::theatre::CountryEvidence>,
    /// Whether the document is about the pack's theatre: the pack's names, generic phrases and places
    /// apply only then; elsewhere places come from the world layer and descriptions stay unresolved.
    pub in_theatre: bool,
    /// The country the document is mainly about: the theatre's in the theatre, else the strongest named.
    pub country: Option<&'static str>,
    /// Byte offsets of every line feed, for the line around an offset by binary search (a scan back to
    /// the previous line feed per quotation is quadratic in a text with few line breaks).
    newlines: std::cell::OnceCell<Vec<usize>>,
    /// Byte offsets of every `.`, `!`, `?` and line feed: where [`DocContext::sentence_end`] stops.
    terminators: std::cell::OnceCell<Vec<usize>>,
    /// Each person's name as this document spells it in full, computed in one pass over the names.
    full_names: std::cell::OnceCell<std::collections::HashMap<&'a str, &'a str>>,
}

impl<'a> DocContext<'a> {
    /// The document read with `pack`, the only pack of the run.
    pub fn new(doc: &'a Document, pack: &'a Pack) -> DocContext<'a> {
        DocContext::read(doc, pack, true)
    }

    /// The document read with `pack`; `pointed`: the pack is the run's only one or the text names its
    /// cues, so a text that names no country is in its theatre (`theatre::decide`).
    pub(crate) fn read(doc: &'a Document, pack: &'a Pack, pointed: bool) -> DocContext<'a> {
        let text = doc.text.as_str();
        let sentences = truce_text::sentences(text);
        let mut paragraph = Vec::with_capacity(sentences.len());
        let mut p = 0;
        let mut last_end = 0;
        for s in &sentences {
            if text[last_end..s.start].contains('\n') {
                p += 1;
            }
            paragraph.push(p);
            last_end = s.end;
        }
        let published = doc.published.as_ref().map(|p| p.date);
        let clock = crate::time::Clock { tz: pack.meta.time_zone.clone(), point: pack.meta.point };
        let times: Vec<Vec<TimeMention>> = sentences
            .iter()
            .map(|s| {
                let mut found = find_times(s.text(text), published, &clock);
                for t in &mut found {
                    t.start += s.start;
                    t.end += s.start;
                }
                // The dateline is the publication date, not a time the text reports.
                if let Some((ds, de)) = doc.dateline {
                    found.retain(|t| t.end <= ds || t.start >= de);
                }
                found
            })
            .collect();
        // Searched for every name: by binary search, not by a scan of every range.
        let furniture = SortedSpans::new(tag_lists(text));
        let outside = |start: usize, end: usize| !furniture.overlaps(start, end);
        let (mut names, capitalised_runs) = pack.find_names_and_runs(text);
        let mut tag_names = Vec::new();
        let mut times = times;
        if !furniture.is_empty() {
            (names, tag_names) = names.into_iter().partition(|n| outside(n.start, n.end));
            for found in &mut times {
                found.retain(|t| outside(t.start, t.end));
            }
        }
        let title_names = doc.title.as_deref().map(|t| pack.find_names(t)).unwrap_or_default();
        let countries = crate::theatre::countries(pack, &sentences, &names, &title_names, &tag_names);
        let (in_theatre, country) = crate::theatre::decide(pack, &countries, pointed);
        let mut ctx = DocContext {
            doc,
            pack,
            text,
            published,
            sentences,
            paragraph,
            names,
            times,
            furniture,
            tag_names,
            title_names,
            unlisted: Vec::new(),
            capitalised_runs,
            countries,
            in_theatre,
            country,
            named_actors: std::cell::OnceCell::new(),
            main_place: std::cell::OnceCell::new(),
            newlines: std::cell::OnceCell::new(),
            terminators: std::cell::OnceCell::new(),
            full_names: std::cell::OnceCell::new(),
        };
        ctx.unlisted = crate::names::unlisted(&ctx);
        // Unlisted organisations act like named ones ("Hamas militants fired"): they join the names.
        let mut added = false;
        for (i, n) in ctx.unlisted.iter().enumerate() {
            // Only an armed group by its cue ("Hamas militants", "the Azov Battalion", "fighters of X");
            // an acronym is as often a broadcaster or a monitor ("CNN", "OSCE").
            if n.kind != crate::names::NameKind::Organisation || n.cue == "acronym" {
                continue;
            }
            let entry = truce_pack::NameEntry {
                entity: Entity::Unlisted(i as u32),
                generic: false,
                valid: Default::default(),
                role: None,
            };
            match ctx.names.iter_mut().find(|m| m.start == n.start && m.end == n.end) {
                Some(m) => m.entries.push(entry),
                None => {
                    ctx.names.push(NameMatch { start: n.start, end: n.end, entries: vec![entry], fuzzy: false });
                    added = true;
                }
            }
        }
        if added {
            ctx.names.sort_by_key(|m| m.start);
        }
        ctx
    }

    /// The furniture ranges that overlap `start..end`, in order.
    pub fn furniture_in(&self, start: usize, end: usize) -> impl Iterator<Item = &(usize, usize)> {
        self.furniture.meeting(start, end)
    }

    /// Where the line holding byte `offset` starts: after the last line feed before `offset`, else 0.
    pub fn line_start(&self, offset: usize) -> usize {
        let newlines = self.newlines();
        let k = newlines.partition_point(|&n| n < offset);
        if k == 0 { 0 } else { newlines[k - 1] + 1 }
    }

    /// The first line feed at or after `offset`, else the text's length.
    pub fn line_end(&self, offset: usize) -> usize {
        let newlines = self.newlines();
        let k = newlines.partition_point(|&n| n < offset);
        newlines.get(k).copied().unwrap_or(self.text.len())
    }

    fn newlines(&self) -> &[usize] {
        self.newlines.get_or_init(|| memchr_all(self.text, |b| b == b'\n'))
    }

    /// One past the first `.`, `!`, `?` or line feed at or after `from`, else the text's length.
    pub fn sentence_end(&self, from: usize) -> usize {
        let terminators =
            self.terminators.get_or_init(|| memchr_all(self.text, |b| matches!(b, b'.' | b'!' | b'?' | b'\n')));
        let k = terminators.partition_point(|&t| t < from);
        terminators.get(k).map_or(self.text.len(), |t| t + 1)
    }

    /// A person's name as this document spells it in full ("Abu Subbhi Nahass"): the longest mention of
    /// two words or more that names them (the first of equal length), else the pack's name. The table is
    /// built in one pass, so that each quotation does not read every name of the document again.
    pub fn fullest_name(&self, person_id: &str, pack_name: &str) -> String {
        let table = self.full_names.get_or_init(|| {
            let mut best: std::collections::HashMap<&'a str, &'a str> = std::collections::HashMap::new();
            for m in &self.names {
                let Some(r) = self.pack.person_from_entries(&m.entries, self.published) else { continue };
                if r.by_role {
                    continue;
                }
                let text = &self.text[m.start..m.end];
                if text.split_whitespace().count() < 2 {
                    continue;
                }
                let slot = best.entry(r.person.id.as_str()).or_insert(text);
                if text.len() > slot.len() {
                    *slot = text;
                }
            }
            best
        });
        table.get(person_id).copied().unwrap_or(pack_name).to_owned()
    }

    /// The actor of `kind` the text names most often by a proper name ("the Islamic State group"), which
    /// a description of that kind ("the jihadists") then means.
    pub fn most_named(&self, kind: &str) -> Option<&'a truce_pack::Actor> {
        self.named().iter().filter(|(a, _)| a.kind == kind).max_by_key(|(_, n)| *n).map(|(a, _)| *a)
    }

    /// The actors of the given kinds the text names by a proper name, with how often.
    pub fn named_of_kinds(&self, kinds: &[&str]) -> Vec<(&'a truce_pack::Actor, usize)> {
        self.named().iter().filter(|(a, _)| kinds.contains(&a.kind.as_str())).copied().collect()
    }

    fn named(&self) -> &Vec<(&'a truce_pack::Actor, usize)> {
        self.named_actors.get_or_init(|| {
            let mut out: Vec<(&'a truce_pack::Actor, usize)> = Vec::new();
            // The page's tags count as names the article gives: they say what it is about.
            for m in self.names.iter().chain(&self.tag_names) {
                if self.is_bystander(m) {
                    continue;
                }
                let Some(r) = self.actor(m) else { continue };
                if r.via == truce_pack::Via::Generic {
                    continue;
                }
                match out.iter_mut().find(|(a, _)| a.id == r.actor.id) {
                    Some(x) => x.1 += 1,
                    None => out.push((r.actor, 1)),
                }
            }
            out
        })
    }

    /// Whether a name stands for a bystander here, not for someone acting: a place (a dateline in capitals
    /// like "BEIRUT", a base as in "the Britain-based monitor", a border or a destination as in "the border
    /// with Turkey", "fled into Turkey") or the broker of a deal ("a truce brokered by the United States").
    /// Countries are actors and places at once; these uses never make them the agent of an event.
    pub fn is_bystander(&self, m: &NameMatch) -> bool {
        let surface = &self.text[m.start..m.end];
        let dateline = (surface.len() >= 4
            && surface.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
            && m.entries.iter().any(|e| matches!(e.entity, Entity::Place(_))))
            || self.doc.dateline.is_some_and(|(start, end)| m.start >= start && m.end <= end)
            || self.in_dateline_opening(m);
        let after = self.after(m.end, 40);
        let based = after.starts_with("-based") || after.starts_with(" based");
        // "the western Syrian city", "the Turkish border", "Syrian civilians": a nationality that
        // describes a place or people.
        static DESCRIBED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            crate::re(r"(?i)^\s+(?:city|cities|town|towns|village|villages|province|capital|border|frontier|side|territory|soil|coast|coastline|desert|countryside|people|civilians|children|refugees|families|nationals|citizens)\b").unwrap()
        });
        let based = based || (surface.chars().next().is_some_and(char::is_uppercase) && DESCRIBED.is_match(after));
        let before = self.before(m.start, 40).trim_end().to_ascii_lowercase();
        let before = before.strip_suffix(" the").unwrap_or(&before);
        let bystander = [
            "border with",
            "borders with",
            "borders",
            "bordering",
            "crossing with",
            "into",
            "inside",
            "towards",
            "toward",
            "across",
            "fled to",
            "flee to",
            "fleeing to",
            "entered",
            "brokered by",
            "mediated by",
            "sponsored by",
            "guaranteed by",
        ]
        .iter()
        .any(|w| before.strip_suffix(w).is_some_and(|rest| rest.ends_with(' ')));
        // "brokered by the US and Russia": the second broker too.
        static CO_BROKER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            crate::re(r"(?:brokered|mediated|sponsored|guaranteed)\s+by\s+(?:the\s+)?[\w.\-]+(?:\s+[\w.\-]+)?\s+and$")
                .unwrap()
        });
        // "from Britain", "in Turkey": a country after "in" or "from" is where, when the name ends a phrase
        // ("in Russian air strikes" is another matter).
        static PHRASE_END: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            crate::re(r"^(?:\s*[.,;:)]|\s*$|\s+(?:and|or|to|the|on|in|where|which|who|with|since|during|after|before|for|as|but|near)\b)").unwrap()
        });
        let located = (before.ends_with(" in") || before.ends_with(" from") || before == "in" || before == "from")
            && PHRASE_END.is_match(after);
        // "buses moving under a deal struck between the regime and rebels": a deal's sides, not the event's.
        static DEAL_SIDE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            crate::re(r"(?:deal|agreement|truce|cease-?fire|accord|talks|negotiations)\s+(?:[\w-]+\s+){0,2}?between(?:\s+(?:the\s+)?[\w.\-]+(?:\s+[\w.\-]+)?\s+and)?$").unwrap()
        });
        dateline || based || bystander || located || CO_BROKER.is_match(before) || DEAL_SIDE.is_match(before)
    }

    /// "DONETSK, Ukraine (Reuters) -", "DONETSK, Ukraine -": a name in a dateline opening, before the
    /// agency and the dash, is where the story was filed.
    fn in_dateline_opening(&self, m: &NameMatch) -> bool {
        static OPENING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            crate::re(r"^\s*[A-Z][A-Z\s'.-]+,\s+[A-Za-z\s.]{2,40}\s*(?:\((?:[A-Za-z\s]{2,30})\)\s*)?[-–—]").unwrap()
        });
        m.start < 80 && OPENING.find(self.text).is_some_and(|o| m.end <= o.end())
    }

    /// Up to `max` bytes of text before `at`, cut on a character boundary.
    pub fn before(&self, at: usize, max: usize) -> &'a str {
        crate::tail(&self.text[..at], max)
    }

    /// Up to `max` bytes of text after `at`, cut on a character boundary.
    pub fn after(&self, at: usize, max: usize) -> &'a str {
        let mut to = (at + max).min(self.text.len());
        while !self.text.is_char_boundary(to) {
            to -= 1;
        }
        &self.text[at..to]
    }

    pub fn sentence_text(&self, i: usize) -> &'a str {
        self.sentences[i].text(self.text)
    }

    pub fn evidence(&self, sentence: usize) -> Evidence {
        let s = self.sentences[sentence];
        Evidence { doc: self.doc.id.clone(), start: s.start, end: s.end, sentence: s.text(self.text).to_owned() }
    }

    /// The sentence holding byte `offset`.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= offset);
        (i < self.sentences.len() && self.sentences[i].start <= offset).then_some(i)
    }

    /// Names within a byte range.
    pub fn names_in(&self, start: usize, end: usize) -> impl Iterator<Item = &NameMatch> {
        let first = self.names.partition_point(|n| n.start < start);
        self.names[first..].iter().take_while(move |n| n.start < end).filter(move |n| n.end <= end)
    }

    /// The best place a name match of the text refers to: a place of the theatre first, then the
    /// highest-ranked, with the words around the name deciding between places that share it.
    pub fn place_of(&self, m: &NameMatch) -> Option<&'a Place> {
        self.best_place(m, true)
    }

    /// The best place a name match found outside the text (in the title) refers to.
    pub fn place_of_title_name(&self, m: &NameMatch) -> Option<&'a Place> {
        self.best_place(m, false)
    }

    /// The pack's actor a name refers to on the document's date. A pack's descriptions ("the regime",
    /// "rebels", "government forces", and any alias the text writes in lower case, such as "opposition
    /// groups") mean its theatre's actors only in its theatre; elsewhere they stay unresolved rather
    /// than become the Syrian opposition in Donbas. Proper names resolve anywhere.
    pub fn actor(&self, m: &NameMatch) -> Option<truce_pack::ActorResolution<'a>> {
        let r = self.pack.actor_from_entries(&m.entries, self.published)?;
        let description = r.via == truce_pack::Via::Generic
            || !self.text[m.start..m.end].chars().next().is_some_and(char::is_uppercase);
        (self.in_theatre || !description).then_some(r)
    }

    /// The state actor a world name stands for where no pack actor does: a demonym or a country's name
    /// followed by a state noun ("Ukrainian troops", "the Yemeni government", "Afghan security forces")
    /// by the noun's row of `STATE_NOUNS`; a country's name alone ("Israel said") is the country; a
    /// demonym alone is a nationality, no actor.
    pub fn world_actor(&self, m: &NameMatch) -> Option<(String, &'static str, usize)> {
        let world = World::get();
        let (country, demonym) = m.entries.iter().find_map(|e| match e.entity {
            Entity::Demonym(c) => Some((&world.countries[c as usize], true)),
            Entity::World(p) if world.is_country(p) => Some((&world.countries[p as usize], false)),
            _ => None,
        })?;
        match self.noun_after(m, STATE_NOUNS.iter().map(|(noun, _, _)| *noun)) {
            Some((i, end)) => Some((STATE_NOUNS[i].1.replace("{}", country.name), STATE_NOUNS[i].2, end)),
            None if !demonym => Some((country.name.to_owned(), "state", m.end)),
            // "Palestinian rocket fire" is not the Palestinian state's: a nationality says who, not which
            // force, and stays no actor.
            None => None,
        }
    }

    /// The first of `nouns` right after a name (after a possessive "'s"), as its index and the end of
    /// the noun: "Ukrainian troops", "Israel's military".
    pub fn noun_after<'n>(&self, m: &NameMatch, nouns: impl Iterator<Item = &'n str>) -> Option<(usize, usize)> {
        let after = self.after(m.end, 24);
        let possessive = ["'s", "’s"].iter().find(|p| after.starts_with(**p)).map_or(0, |p| p.len());
        let rest = after[possessive..].strip_prefix(' ')?;
        let lower = rest.to_ascii_lowercase();
        nouns.enumerate().find_map(|(i, noun)| {
            let tail = lower.strip_prefix(noun)?;
            tail.chars().next().is_none_or(|c| !c.is_alphanumeric()).then(|| (i, m.end + possessive + 1 + noun.len()))
        })
    }

    /// Whether a country is one the document is mainly about: its main country; outside the theatre,
    /// also one named at least half as strongly as the first (a Gaza article is about Israel and
    /// Palestine). In the theatre, only the theatre's countries are home.
    pub fn is_home(&self, country: &str) -> bool {
        if self.country == Some(country) {
            return true;
        }
        if self.in_theatre {
            return self.pack.meta.countries.iter().any(|c| c == country);
        }
        let top = self.countries.first().map_or(0.0, |c| c.weight);
        self.countries.iter().any(|c| c.country == country && c.weight >= HOME_SHARE * top)
    }

    /// Whether the pack's places may be meant: in the theatre, or where the document names a theatre
    /// country at all (an article mostly about Moscow's view still places "Aleppo" in Syria).
    fn pack_places_apply(&self) -> bool {
        self.in_theatre || self.countries.iter().any(|c| self.pack.meta.countries.iter().any(|t| t == c.country))
    }

    /// A world place this document may mean: a country always; in the theatre, not a place of a
    /// country whose towns the pack's gazetteer holds (the pack knows those); a division of a country the document names; a town
    /// of a home country; a town elsewhere by its own name if it is large, or is a capital, or the
    /// words before it say it is a place ("in", "near", "the town of"), and its country is named or it
    /// is a capital or a city of a million ("talks in Cairo"). Towns named like words or people are
    /// common ("Arab", "Police", "Anton"); an alternate name ("Molotov" for Perm) only in a home country.
    fn world_place(&self, m: &NameMatch, w: u32, alias: bool, in_text: bool) -> Option<&'a Place> {
        let world = World::get();
        let place = world.place(w);
        if place.kind == PlaceKind::Country {
            return Some(place);
        }
        if self.in_theatre && self.pack.meta.gazetteer_countries.contains(&place.country) {
            return None;
        }
        let named = self.countries.iter().any(|c| c.country == place.country);
        if place.kind != PlaceKind::Town {
            return named.then_some(place);
        }
        if self.is_home(&place.country) {
            return Some(place);
        }
        if alias {
            return None;
        }
        let locative = in_text && {
            let before = self.before(m.start, 24).to_ascii_lowercase();
            LOCATIVE.iter().any(|w| before.ends_with(w))
        };
        let large = world.is_major(w, MAJOR_TOWN);
        let well_known = world.is_major(w, WELL_KNOWN_TOWN);
        ((named && (large || locative)) || well_known).then_some(place)
    }

    fn best_place(&self, m: &NameMatch, in_text: bool) -> Option<&'a Place> {
        let pack: &'a Pack = self.pack;
        // "Mallah farms in Aleppo": of places sharing a name, the one in a governorate the sentence names.
        let ambiguous = in_text && m.entries.iter().filter(|e| matches!(e.entity, Entity::Place(_))).count() > 1;
        let named_governorates: Vec<&str> = if ambiguous {
            let s = self.sentences[self.sentence_at(m.start).unwrap_or(0)];
            self.names_in(s.start, s.end)
                .filter(|n| n.start != m.start)
                .flat_map(|n| n.entries.iter())
                .filter_map(|e| match e.entity {
                    Entity::Place(i) if pack.places[i].kind == truce_pack::PlaceKind::Governorate => {
                        pack.places[i].admin1.as_deref()
                    }
                    _ => None,
                })
                .collect()
        } else {
            Vec::new()
        };
        // "the city of Homs", "Deir Ezzor city": the town, not the governorate of the same name.
        let before = if in_text { self.before(m.start, 16).to_ascii_lowercase() } else { String::new() };
        let wants_town = ["city of ", "town of ", "village of "].iter().any(|w| before.ends_with(w))
            || in_text && self.after(m.end, 8).to_ascii_lowercase().starts_with(" city");
        let mut best: Option<(&'a Place, f64)> = None;
        for e in &m.entries {
            let place: &'a Place = match e.entity {
                Entity::Place(i) if self.pack_places_apply() => &pack.places[i],
                Entity::World(w) | Entity::WorldAlias(w) => {
                    match self.world_place(m, w, matches!(e.entity, Entity::WorldAlias(_)), in_text) {
                        Some(place) => place,
                        None => continue,
                    }
                }
                _ => continue,
            };
            let in_named = place.admin1.as_deref().is_some_and(|a| named_governorates.contains(&a));
            let town = wants_town && place.kind == truce_pack::PlaceKind::Town;
            let home = if self.country == Some(place.country.as_str()) {
                3000.0
            } else if self.countries.iter().any(|c| c.country == place.country) {
                1500.0
            } else {
                0.0
            };
            let score = pack.place_rank(place)
                + if place.admin1.is_some() { 1000.0 } else { 0.0 }
                + if in_named { 2000.0 } else { 0.0 }
                + if town { 5000.0 } else { 0.0 }
                + home;
            if best.is_none_or(|(_, s)| score > s) {
                best = Some((place, score));
            }
        }
        let best = best.map(|(p, _)| p)?;
        // A district named after its seat: the bare name means the town.
        if best.kind == truce_pack::PlaceKind::District
            && let Some(town) =
                pack.places_named(&best.name).into_iter().map(|c| c.place).find(|p| {
                    p.kind == truce_pack::PlaceKind::Town && truce_pack::haversine_km(p.point, best.point) < 5.0
                })
        {
            return Some(town);
        }
        Some(best)
    }
}

/// Byte spans sorted by start, with the running maximum of their ends: which spans meet a range is then
/// a binary search, not a scan of every span (rules ask it for every name, keyword or offset of a long
/// document).
#[derive(Debug, Default)]
pub struct SortedSpans {
    spans: Vec<(usize, usize)>,
    max_end: Vec<usize>,
}

impl SortedSpans {
    pub fn new(mut spans: Vec<(usize, usize)>) -> SortedSpans {
        spans.sort_unstable();
        let max_end = spans
            .iter()
            .scan(0, |max, &(_, end)| {
                *max = (*max).max(end);
                Some(*max)
            })
            .collect();
        SortedSpans { spans, max_end }
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// Whether any span overlaps `start..end`.
    pub fn overlaps(&self, start: usize, end: usize) -> bool {
        let upto = self.spans.partition_point(|&(s, _)| s < end);
        upto > 0 && self.max_end[upto - 1] > start
    }

    /// Whether any span holds the byte at `at`.
    pub fn holds(&self, at: usize) -> bool {
        self.overlaps(at, at + 1)
    }

    /// Whether any span starts in `from..to`.
    pub fn starts_in(&self, from: usize, to: usize) -> bool {
        let k = self.spans.partition_point(|&(s, _)| s < from);
        self.spans.get(k).is_some_and(|&(s, _)| s < to)
    }

    /// The spans that overlap `start..end`, in order of start.
    pub fn meeting(&self, start: usize, end: usize) -> impl Iterator<Item = &(usize, usize)> {
        // Spans starting at or after `end` cannot overlap; nor can those before the first whose running
        // maximum end passes `start`, since none of them ends after `start`.
        let upto = self.spans.partition_point(|&(s, _)| s < end);
        let from = self.max_end[..upto].partition_point(|&e| e <= start);
        self.spans[from..upto].iter().filter(move |&&(s, e)| start < e && s < end)
    }
}

/// The offsets of the bytes of `text` that `hit` accepts, in order.
fn memchr_all(text: &str, hit: impl Fn(u8) -> bool) -> Vec<usize> {
    text.bytes().enumerate().filter(|&(_, b)| hit(b)).map(|(i, _)| i).collect()
}

/// "Tags Syria Hama Turkey Raids At least nine people died ...": a scraped page's tag
/// list run into the lead. It ends where a sentence opens ("At least", "A ...", a capitalised word then
/// lower-case words), and is never longer than twelve words, so that a lead is never lost for long.
fn tag_lists(text: &str) -> Vec<(usize, usize)> {
    static TAGS: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| crate::re(r"\b(?:Tags|TAGS|Keywords)\s*:?\s+[A-Z]").unwrap());
    static OPENING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        crate::re(r"\s(?:(?:At\s+least|More\s+than|Nearly|Dozens\s+of|Hundreds\s+of|Scores\s+of)\b|(?:A|An|The|In|On|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|\d+)\s+[a-z]|[A-Z][a-z]+(?:\s+[a-z][a-z’'-]*){3})").unwrap()
    });
    let mut out = Vec::new();
    for tags in TAGS.find_iter(text) {
        let from = tags.start();
        let body = tags.end() - 1;
        // At most twelve words of tags.
        let limit = text[body..].split_whitespace().take(12).map(|w| w.len() + 1).sum::<usize>().min(text.len() - body);
        let mut window_end = body + limit;
        while !text.is_char_boundary(window_end) {
            window_end -= 1;
        }
        let end = OPENING.find(&text[body..window_end]).map_or(window_end, |m| body + m.start());
        out.push((from, end));
    }
    out
}
