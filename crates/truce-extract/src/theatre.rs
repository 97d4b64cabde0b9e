//! Which countries a document is about, and whether it is about the pack's theatre: a pack's generic
//! phrases ("the regime", "rebels"), its places and its registry apply only inside its theatre, so that
//! a Donbas article's "rebels" are not the Syrian opposition and a Gaza strike is not placed in Syria.

use serde::Serialize;
use truce_pack::{Entity, NameMatch, Pack, PlaceKind, World};
use truce_text::Sentence;

/// How much a name says that the document is about a country, by what it names. A small town says
/// nothing (towns share names across the world); a pack's place says its country.
const COUNTRY_EVIDENCE: &[(NameKind, f64)] = &[
    (NameKind::Country, 1.0),
    (NameKind::Demonym, 1.0),
    (NameKind::Division, 0.7),
    (NameKind::MajorCity, 0.5),
    (NameKind::PackPlace, 0.7),
    (NameKind::PackActor, 0.7),
];

/// Where in the document a name is, and how much more it counts there: the title and the opening
/// sentences say what an article is about; the page's tag list too.
const POSITION_WEIGHT: &[(Position, f64)] = &[
    (Position::Title, 3.0),
    (Position::Opening, 2.0),
    (Position::Lead, 1.5),
    (Position::Body, 1.0),
    (Position::Tags, 1.0),
];

/// A city this large (or a capital) says its country; a smaller one does not.
const MAJOR_CITY_POPULATION: u32 = 100_000;

/// The theatre holds when its countries' evidence is at least this share of the strongest country's.
const THEATRE_SHARE: f64 = 0.25;

/// How strongly a document names a country, and where (byte spans of the text; the title's names
/// count without a span).
#[derive(Debug, Clone, Serialize)]
pub struct CountryEvidence {
    pub country: &'static str,
    pub weight: f64,
    /// The first few names that gave it.
    pub spans: Vec<(usize, usize)>,
}

/// How many spans a country's evidence keeps.
const SPANS_KEPT: usize = 5;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameKind {
    Country,
    Demonym,
    Division,
    MajorCity,
    PackPlace,
    /// An armed party or government of the pack's theatre, by its name ("Sudan's army", "the Houthis").
    PackActor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Title,
    Opening,
    Lead,
    Body,
    Tags,
}

fn weight<K: PartialEq + Copy>(table: &[(K, f64)], key: K) -> f64 {
    table.iter().find(|(k, _)| *k == key).map_or(0.0, |(_, w)| *w)
}

/// The countries one name points to, each with the kind of evidence. A country, a demonym or a pack's
/// place is strong evidence; a division or a large town (by its own name) only names a country the
/// strong evidence names, or the one country of all its candidates.
fn evidence(pack: &Pack, m: &NameMatch) -> (Vec<(&'static str, NameKind)>, bool) {
    let world = World::get();
    let mut strong: Vec<(&'static str, NameKind)> = Vec::new();
    let mut weak: Vec<(&'static str, NameKind)> = Vec::new();
    for e in &m.entries {
        let (list, found) = match e.entity {
            Entity::Demonym(c) => (&mut strong, (world.countries[c as usize].alpha2, NameKind::Demonym)),
            Entity::World(p) => {
                let country = world.country_of_place(p).alpha2;
                match world.kind_of(p) {
                    PlaceKind::Country => (&mut strong, (country, NameKind::Country)),
                    PlaceKind::Governorate => (&mut weak, (country, NameKind::Division)),
                    _ if world.is_major(p, MAJOR_CITY_POPULATION) => (&mut weak, (country, NameKind::MajorCity)),
                    _ => continue,
                }
            }
            Entity::Place(i) if !m.fuzzy => match world.country(&pack.places[i].country) {
                Some(c) => (&mut strong, (c.alpha2, NameKind::PackPlace)),
                None => continue,
            },
            // A party of the theatre named by name (never a description: "rebels" are everywhere) says
            // the theatre's country.
            Entity::Actor(i) if !m.fuzzy && !e.generic => {
                let home = pack.actors[i].country.as_deref().filter(|c| pack.meta.countries.iter().any(|t| t == c));
                match home.and_then(|c| world.country(c)) {
                    Some(c) => (&mut strong, (c.alpha2, NameKind::PackActor)),
                    None => continue,
                }
            }
            _ => continue,
        };
        if !list.iter().any(|(c, _)| *c == found.0) {
            list.push(found);
        }
    }
    if strong.is_empty() { (weak, true) } else { (strong, false) }
}

/// The countries a document names, with the weight of the evidence, strongest first. A name that may
/// be in several countries shares its weight among them.
pub(crate) fn countries(
    pack: &Pack,
    sentences: &[Sentence],
    names: &[NameMatch],
    title: &[NameMatch],
    tags: &[NameMatch],
) -> Vec<CountryEvidence> {
    let positioned = title.iter().map(|m| (m, Position::Title)).chain(tags.iter().map(|m| (m, Position::Tags))).chain(
        names.iter().map(|m| {
            let sentence = sentences.partition_point(|s| s.end <= m.start);
            let position = match sentence {
                0 => Position::Opening,
                1 | 2 => Position::Lead,
                _ => Position::Body,
            };
            (m, position)
        }),
    );
    let mut tally: Vec<CountryEvidence> = Vec::new();
    let mut weak_names = Vec::new();
    let add = |tally: &mut Vec<CountryEvidence>, m: &NameMatch, found: &[(&'static str, NameKind)], position| {
        let share = 1.0 / found.len().max(1) as f64;
        for &(country, kind) in found {
            let weight = weight(COUNTRY_EVIDENCE, kind) * weight(POSITION_WEIGHT, position) * share;
            let i = match tally.iter().position(|t| t.country == country) {
                Some(i) => i,
                None => {
                    tally.push(CountryEvidence { country, weight: 0.0, spans: Vec::new() });
                    tally.len() - 1
                }
            };
            let t = &mut tally[i];
            t.weight += weight;
            if position != Position::Title && t.spans.len() < SPANS_KEPT {
                t.spans.push((m.start, m.end));
            }
        }
    };
    for (m, position) in positioned {
        let (found, weak) = evidence(pack, m);
        if weak {
            weak_names.push((m, found, position));
        } else {
            add(&mut tally, m, &found, position);
        }
    }
    for (m, found, position) in weak_names {
        let named: Vec<_> = found.iter().copied().filter(|(c, _)| tally.iter().any(|t| t.country == *c)).collect();
        if !named.is_empty() {
            add(&mut tally, m, &named, position);
        } else if found.len() == 1 {
            add(&mut tally, m, &found, position);
        }
    }
    for t in &mut tally {
        t.weight = (t.weight * 100.0).round() / 100.0;
        t.spans.sort();
    }
    tally.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.country.cmp(b.country)));
    tally
}

/// Whether the document is in the pack's theatre, and the country it is mainly about. A document that
/// names no country at all is read as the pack's when nothing points elsewhere (`pointed`: the pack is
/// the only one of the run, or the text names its cue words); else it is in no theatre.
pub(crate) fn decide(pack: &Pack, countries: &[CountryEvidence], pointed: bool) -> (bool, Option<&'static str>) {
    let world = World::get();
    let home: Option<&'static str> = pack.meta.countries.first().and_then(|c| world.country(c)).map(|c| c.alpha2);
    // A pack without countries applies everywhere, as it did before theatres.
    if pack.meta.countries.is_empty() {
        return (true, countries.first().map(|c| c.country));
    }
    let Some(first) = countries.first() else { return if pointed { (true, home) } else { (false, None) } };
    let (top, top_weight) = (first.country, first.weight);
    let theatre: f64 =
        countries.iter().filter(|c| pack.meta.countries.iter().any(|t| t == c.country)).map(|c| c.weight).sum();
    if theatre > 0.0 && theatre >= THEATRE_SHARE * top_weight { (true, home) } else { (false, Some(top)) }
}
