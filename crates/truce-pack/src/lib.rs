//! Knowledge packs: what Truce knows about a theatre of war, as data a user can review and extend.
//!
//! Owns: the pack format (a directory of TOML, TSV and GeoJSON files, documented in `docs/packs.md`),
//! loading and checking it (every problem reported with file and line), and the compiled index that the
//! extraction and assessment stages query: actors and people by name and date (time-bounded names,
//! lineages such as al-Nusra → Jabhat Fatah al-Sham → Hayat Tahrir al-Sham, role descriptions such as
//! "the Russian envoy"), places by name across transliterations and by point, zones by geometry, and the
//! registry of agreements.
//!
//! The packs under `packs/` in the repository are built into the binary; `Pack::load_dir` reads any
//! other, so a new theatre is a new directory, not new code.

mod check;
pub mod fold;
pub mod gazetteer;
mod index;
mod load;
pub mod model;
mod packs;
pub mod skeleton;
pub mod taxonomy;
mod world;
// Half of it is build.rs's: the names' rules, which the library only reads back from the FST.
#[allow(dead_code)]
mod world_names;
pub mod zones;

use std::fmt;
use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};
use jiff::civil::Date;
use serde::Serialize;

pub use index::{Entity, NameEntry, NameMatch, capitalised_runs, is_acronym, is_common_capitalised, opens_sentence};
pub use load::format_offset;
pub use model::*;
pub use packs::Packs;
pub use world::{Country, Division, World, WorldName};
pub use zones::{Inside, ZoneTest, radius_for_precision};

use fold::{fold, skeleton};
use index::Index;

/// The packs shipped with Truce, compiled into the binary.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../packs");

/// A problem found in a pack, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// A pack that could not be loaded, with every problem found.
#[derive(Debug, thiserror::Error)]
#[error("pack {pack}: {} problem(s), first: {}", problems.len(), problems.first().map(|p| p.to_string()).unwrap_or_default())]
pub struct PackError {
    pub pack: String,
    pub problems: Vec<Problem>,
}

/// Where a pack's files are read from.
pub trait Source {
    fn read(&self, file: &str) -> Option<String>;
}

struct DirSource(PathBuf);

impl Source for DirSource {
    fn read(&self, file: &str) -> Option<String> {
        std::fs::read_to_string(self.0.join(file)).ok()
    }
}

struct EmbeddedSource(&'static Dir<'static>);

impl Source for EmbeddedSource {
    fn read(&self, file: &str) -> Option<String> {
        let path = self.0.path().join(file);
        self.0.get_file(path).and_then(|f| f.contents_utf8()).map(str::to_owned)
    }
}

/// A theatre's identity and clock.
#[derive(Debug, Clone)]
pub struct PackMeta {
    pub id: String,
    pub name: String,
    pub timezone: String,
    pub time_zone: jiff::tz::TimeZone,
    pub period: Validity,
    /// Words that point an article to this theatre.
    pub cues: Vec<String>,
    /// The theatre's countries (ISO alpha-2; the gazetteer's `countries`): a place of the pack that names
    /// no country is in the first.
    pub countries: Vec<String>,
    /// The countries whose every town the pack's gazetteer holds (its `[gazetteer] countries`).
    pub gazetteer_countries: Vec<String>,
    /// A point of the theatre (`[longitude, latitude]`), where its clock's sun sets ("from sundown"):
    /// the world layer's capital of its first country, else the mean of its governorates.
    pub point: [f64; 2],
}

/// A loaded, checked and indexed pack.
pub struct Pack {
    pub meta: PackMeta,
    pub actors: Vec<Actor>,
    pub people: Vec<Person>,
    pub places: Vec<Place>,
    pub zones: Vec<Zone>,
    pub agreements: Vec<Agreement>,
    admin1_codes: std::collections::HashMap<String, String>,
    /// Built at first use: a process reads most documents with one or two theatres' packs, and building
    /// an index (an Aho–Corasick automaton over every folded name) is most of what loading a pack costs.
    index: std::sync::OnceLock<Index>,
}

/// How a name was resolved to an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// A name the actor bore on that date.
    Name,
    /// A name of a predecessor, followed to the actor that carried the lineage on that date.
    Lineage,
    /// A generic description ("the regime").
    Generic,
}

/// An actor a name resolved to.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ActorResolution<'p> {
    pub actor: &'p Actor,
    pub via: Via,
}

/// A person a name resolved to, with the role they held on the date.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct PersonResolution<'p> {
    pub person: &'p Person,
    pub role: Option<&'p Role>,
    /// Named by a role description ("the Russian envoy") rather than by name.
    pub by_role: bool,
}

/// A place a name may refer to, ranked.
#[derive(Debug, Clone, Serialize)]
pub struct PlaceCandidate<'p> {
    pub place: &'p Place,
    /// `exact` (a spelling the pack or gazetteer knows) or `skeleton` (same consonants).
    pub matched: &'static str,
    pub score: f64,
}

impl Pack {
    /// Loads the pack in directory `dir`.
    pub fn load_dir(dir: impl AsRef<Path>) -> Result<Pack, PackError> {
        let dir = dir.as_ref();
        Pack::load(&DirSource(dir.to_path_buf()), &dir.display().to_string())
    }

    /// Loads a pack built into the binary.
    pub fn builtin(id: &str) -> Result<Pack, PackError> {
        let dir = BUILTIN.get_dir(id).ok_or_else(|| PackError {
            pack: id.into(),
            problems: vec![Problem { file: id.into(), line: 0, message: "no such built-in pack".into() }],
        })?;
        Pack::load(&EmbeddedSource(dir), id)
    }

    /// The ids of the packs built into the binary.
    pub fn builtin_ids() -> Vec<String> {
        let mut ids: Vec<String> = BUILTIN.dirs().map(|d| d.path().display().to_string()).collect();
        ids.sort();
        ids
    }

    /// Every problem of the pack in `dir`; empty for a sound pack.
    pub fn check_dir(dir: impl AsRef<Path>) -> Vec<Problem> {
        let dir = dir.as_ref();
        match Pack::load(&DirSource(dir.to_path_buf()), &dir.display().to_string()) {
            // The index is built at first use; a check builds it too, so that a pack it accepts loads.
            Ok(pack) => {
                pack.name_count();
                Vec::new()
            }
            Err(e) => e.problems,
        }
    }

    fn load(source: &dyn Source, name: &str) -> Result<Pack, PackError> {
        let mut problems = Vec::new();
        if source.read("pack.toml").is_none() {
            problems.push(Problem {
                file: "pack.toml".into(),
                line: 0,
                message: "missing: a pack directory must hold pack.toml".into(),
            });
        }
        let records = load::read(source, &mut problems);
        match records {
            Some(mut records) if problems.is_empty() => {
                add_governorate_forms(&mut records.places);
                Ok(Pack {
                    meta: records.meta,
                    actors: records.actors,
                    people: records.people,
                    places: records.places,
                    zones: records.zones,
                    agreements: records.agreements,
                    admin1_codes: records.admin1_codes,
                    index: std::sync::OnceLock::new(),
                })
            }
            _ => Err(PackError { pack: name.into(), problems }),
        }
    }

    /// A town record for a GeoNames row read elsewhere (an imported dump), with the governorate and
    /// district this pack gives it.
    pub fn town_from_row(&self, row: gazetteer::GazetteerRow) -> Place {
        let seats: Vec<(String, String, [f64; 2])> = self
            .places
            .iter()
            .filter(|p| p.kind == PlaceKind::District)
            .map(|p| (p.admin1.clone().unwrap_or_default(), p.name.clone(), p.point))
            .collect();
        let country_in_theatre =
            self.places.iter().any(|p| p.kind == PlaceKind::Governorate && p.country == row.country);
        let codes = if country_in_theatre { self.admin1_codes.clone() } else { Default::default() };
        gazetteer::town_from_row(row, &codes, &seats)
    }

    /// "89 actors, 60 people, ...": what the pack holds, in one line.
    pub fn summary(&self) -> String {
        format!(
            "{} actors, {} people, {} places, {} zones, {} agreements, {} names",
            self.actors.len(),
            self.people.len(),
            self.places.len(),
            self.zones.len(),
            self.agreements.len(),
            self.name_count()
        )
    }

    fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(&self.actors, &self.people, &self.places, &self.zones, &self.agreements))
    }

    /// Number of distinct names the index knows.
    pub fn name_count(&self) -> usize {
        self.index().name_count()
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    /// The actor whose canonical name (as records print it) is `name`.
    pub fn actor_named(&self, name: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.name == name)
    }

    /// Canonical names of actor ids; an unknown id stands for itself.
    pub fn actor_names(&self, ids: &[String]) -> Vec<String> {
        ids.iter().map(|i| self.actor(i).map(|a| a.name.clone()).unwrap_or_else(|| i.clone())).collect()
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.people.iter().find(|p| p.id == id)
    }

    pub fn place(&self, id: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.id == id)
    }

    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.zones.iter().find(|z| z.id == id)
    }

    pub fn agreement(&self, id: &str) -> Option<&Agreement> {
        self.agreements.iter().find(|a| a.id == id)
    }

    /// Every name of the pack found in `text`.
    pub fn find_names(&self, text: &str) -> Vec<NameMatch> {
        self.index().find(text)
    }

    /// Every name of the pack found in `text`, and the capitalised runs searched for them.
    pub fn find_names_and_runs(&self, text: &str) -> (Vec<NameMatch>, Vec<(usize, usize)>) {
        self.index().find_with_runs(text)
    }

    /// The records a name refers to.
    pub fn lookup(&self, name: &str) -> Vec<NameEntry> {
        self.index().lookup(name)
    }

    /// Resolves a name to an actor as of `on` (the article's date, if known).
    pub fn resolve_actor(&self, name: &str, on: Option<Date>) -> Option<ActorResolution<'_>> {
        self.actor_from_entries(&self.lookup(name), on)
    }

    /// Chooses among the entries of a name the actor it refers to on `on`: a specific name before a
    /// generic one; a name whose time has passed followed along its lineage.
    pub fn actor_from_entries(&self, entries: &[NameEntry], on: Option<Date>) -> Option<ActorResolution<'_>> {
        let actors =
            || entries.iter().filter_map(|e| if let Entity::Actor(i) = e.entity { Some((i, e)) } else { None });
        for generic in [false, true] {
            let mut candidates = actors().filter(|(_, e)| e.generic == generic);
            if let Some((i, _)) = actors().filter(|(_, e)| e.generic == generic).find(|(_, e)| e.valid.holds(on)) {
                let actor = &self.actors[i];
                if actor.valid.holds(on) || generic {
                    return Some(ActorResolution { actor, via: if generic { Via::Generic } else { Via::Name } });
                }
                return Some(self.follow_lineage(actor, on));
            }
            if let Some((i, _)) = candidates.next() {
                // A description is tied to its time ("jihadists" meant HTS from 2017): on a date outside
                // it, it names nobody; undated, it is still only a description.
                if generic {
                    if on.is_some() {
                        return None;
                    }
                    return Some(ActorResolution { actor: &self.actors[i], via: Via::Generic });
                }
                return Some(self.follow_lineage(&self.actors[i], on));
            }
        }
        None
    }

    fn follow_lineage<'p>(&'p self, actor: &'p Actor, on: Option<Date>) -> ActorResolution<'p> {
        let mut current = actor;
        let mut moved = false;
        for _ in 0..8 {
            let (Some(d), Some(until)) = (on, current.valid.until) else { break };
            if d < until {
                break;
            }
            match current.successor.as_deref().and_then(|s| self.actor(s)) {
                Some(next) => {
                    current = next;
                    moved = true;
                }
                None => break,
            }
        }
        ActorResolution { actor: current, via: if moved { Via::Lineage } else { Via::Name } }
    }

    /// Resolves a name or role description to a person as of `on`.
    pub fn resolve_person(&self, name: &str, on: Option<Date>) -> Option<PersonResolution<'_>> {
        self.person_from_entries(&self.lookup(name), on)
    }

    pub fn person_from_entries(&self, entries: &[NameEntry], on: Option<Date>) -> Option<PersonResolution<'_>> {
        let people = entries.iter().filter(|e| matches!(e.entity, Entity::Person(_)));
        let chosen =
            people.clone().find(|e| e.role.is_none()).or_else(|| people.clone().find(|e| e.valid.holds(on)))?;
        let Entity::Person(i) = chosen.entity else { return None };
        let person = &self.people[i];
        let role = match chosen.role {
            Some(r) => person.roles.get(r),
            None => person.role_on(on),
        };
        Some(PersonResolution { person, role, by_role: chosen.role.is_some() })
    }

    /// Places a name may refer to, best first: spellings the pack or the gazetteer knows, then places
    /// whose names share the name's consonant skeleton.
    pub fn places_named(&self, name: &str) -> Vec<PlaceCandidate<'_>> {
        let mut out: Vec<PlaceCandidate> = Vec::new();
        for entry in self.lookup(name) {
            if let Entity::Place(i) = entry.entity
                && !out.iter().any(|c| std::ptr::eq(c.place, &self.places[i]))
            {
                out.push(PlaceCandidate {
                    place: &self.places[i],
                    matched: "exact",
                    score: 1000.0 + place_rank(&self.places[i]),
                });
            }
        }
        let sk = skeleton(&fold(name));
        if let Some(ids) = self.index().place_skeletons.get(&sk) {
            for &i in ids {
                if !out.iter().any(|c| std::ptr::eq(c.place, &self.places[i])) {
                    out.push(PlaceCandidate {
                        place: &self.places[i],
                        matched: "skeleton",
                        score: place_rank(&self.places[i]),
                    });
                }
            }
        }
        // A district is named after its seat: the bare name means the town.
        let districts: Vec<(f64, [f64; 2])> =
            out.iter().filter(|c| c.place.kind == PlaceKind::District).map(|c| (c.score, c.place.point)).collect();
        for c in out.iter_mut().filter(|c| c.place.kind == PlaceKind::Town) {
            if let Some((score, _)) = districts.iter().find(|(_, p)| haversine_km(*p, c.place.point) < 5.0) {
                c.score = c.score.max(score + 1.0);
            }
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        out
    }

    /// How likely a place is the one a bare name means (higher is likelier).
    pub fn place_rank(&self, place: &Place) -> f64 {
        place_rank(place)
    }

    /// The `n` places nearest a point ([lon, lat]), nearest first, with their distance in km.
    pub fn nearest_places(&self, point: [f64; 2], n: usize) -> Vec<(&Place, f64)> {
        self.index()
            .places_by_point
            .nearest_neighbor_iter(&point)
            .take(n)
            .map(|g| {
                let place = &self.places[g.data];
                (place, haversine_km(point, place.point))
            })
            .collect()
    }

    /// Whether a point ([lon, lat]) known to ACLED precision `precision` lies in zone `zone_id`.
    pub fn zone_test(&self, zone_id: &str, point: [f64; 2], precision: u8) -> Option<ZoneTest> {
        let zone = self.zone(zone_id)?;
        let radius = radius_for_precision(precision);
        let signed = match &zone.shape {
            ZoneShape::Area(polygon) => {
                let (inside, d) = zones::polygon_relation(point, polygon);
                if inside { d } else { -d }
            }
            ZoneShape::Line(line) => -zones::km_to_line(point, line),
            ZoneShape::Corridor { line, half_width_km } => half_width_km - zones::km_to_line(point, line),
            ZoneShape::Band { inside_of, along, depth_km_min, depth_km_max } => {
                let area = self.zone(inside_of)?;
                let line = self.zone(along)?;
                let (ZoneShape::Area(polygon), ZoneShape::Line(contact)) = (&area.shape, &line.shape) else {
                    return None;
                };
                let (inside, edge) = zones::polygon_relation(point, polygon);
                let from_line = zones::km_to_line(point, contact);
                if !inside {
                    -edge.min(from_line)
                } else {
                    // Certainly inside up to the shallow depth; the deep end is uncertain.
                    let mut test = zones::judge(zone_id, depth_km_min - from_line, radius);
                    if from_line > *depth_km_min && from_line <= *depth_km_max {
                        test.inside = Inside::Maybe;
                        test.probability =
                            test.probability.max((depth_km_max - from_line) / (depth_km_max - depth_km_min) * 0.5);
                    }
                    return Some(test);
                }
            }
        };
        Some(zones::judge(zone_id, signed, radius))
    }

    /// Converts a local time of the theatre to an instant with its offset.
    pub fn local_to_zoned(&self, local: jiff::civil::DateTime) -> Option<jiff::Zoned> {
        local.to_zoned(self.meta.time_zone.clone()).ok()
    }
}

/// How likely a place is the one a bare name means: governorates before towns of the same name, cities
/// before villages, the theatre before abroad.
fn place_rank(place: &Place) -> f64 {
    let kind = match place.kind {
        PlaceKind::Country => 550.0,
        PlaceKind::Governorate => 500.0,
        PlaceKind::Area => 420.0,
        PlaceKind::District => 350.0,
        PlaceKind::Road => 200.0,
        PlaceKind::Venue => 150.0,
        PlaceKind::Town => {
            300.0
                + match place.feature_code.as_deref() {
                    Some("PPLC") => 150.0,
                    Some("PPLA") => 120.0,
                    Some("PPLA2") => 80.0,
                    Some("PPLA3") => 40.0,
                    _ => 0.0,
                }
                + (place.population as f64 + 1.0).log10() * 10.0
        }
    };
    let home = if place.admin1.is_some() { 50.0 } else { 0.0 };
    kind + home
}

/// Great-circle distance in km.
pub fn haversine_km(a: [f64; 2], b: [f64; 2]) -> f64 {
    let (lat1, lat2) = (a[1].to_radians(), b[1].to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b[0] - a[0]).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

const DIRECTIONS: &[(&str, &[&str], f64, f64)] = &[
    ("north", &["northern", "north"], 0.0, 1.0),
    ("south", &["southern", "south"], 0.0, -1.0),
    ("east", &["eastern", "east"], 1.0, 0.0),
    ("west", &["western", "west"], -1.0, 0.0),
    ("northeast", &["northeastern", "north-eastern", "northeast", "north-east"], 1.0, 1.0),
    ("northwest", &["northwestern", "north-western", "northwest", "north-west"], -1.0, 1.0),
    ("southeast", &["southeastern", "south-eastern", "southeast", "south-east"], 1.0, -1.0),
    ("southwest", &["southwestern", "south-western", "southwest", "south-west"], -1.0, -1.0),
];

/// Adds, for every governorate, the area records news use: "rural Hama", "the Hama countryside",
/// "northern rural Hama", "the southern Idlib countryside"... Directional areas sit halfway from the
/// governorate's centre to the edge of its towns in that direction; all have precision 3.
fn add_governorate_forms(places: &mut Vec<Place>) {
    let governorates: Vec<Place> = places.iter().filter(|p| p.kind == PlaceKind::Governorate).cloned().collect();
    for gov in governorates {
        let towns =
            places.iter().filter(|p| p.kind == PlaceKind::Town && p.admin1.as_deref() == Some(gov.name.as_str()));
        let (mut west, mut south, mut east, mut north) = (gov.point[0], gov.point[1], gov.point[0], gov.point[1]);
        for t in towns {
            west = west.min(t.point[0]);
            east = east.max(t.point[0]);
            south = south.min(t.point[1]);
            north = north.max(t.point[1]);
        }
        let names: Vec<String> = std::iter::once(gov.name.clone())
            .chain(gov.aliases.iter().filter(|a| !a.contains(' ') && a.is_ascii() && *a != &gov.name).cloned())
            .collect();
        let rural_forms = |d: &str, n: &str| -> Vec<String> {
            if d.is_empty() {
                vec![
                    format!("rural {n}"),
                    format!("{n} countryside"),
                    format!("countryside of {n}"),
                    format!("rural parts of {n}"),
                    format!("{n} suburbs"),
                    format!("outskirts of {n}"),
                    format!("{n} outskirts"),
                    format!("{n}'s countryside"),
                ]
            } else {
                vec![
                    format!("{d} rural {n}"),
                    format!("rural {d} {n}"),
                    format!("{d} {n} countryside"),
                    format!("{d} countryside of {n}"),
                    format!("{d} rural parts of {n}"),
                    format!("{d} parts of {n}"),
                    format!("{d} {n}"),
                    format!("{d} {n} province"),
                    format!("{d} {n} governorate"),
                    format!("{d} outskirts of {n}"),
                ]
            }
        };
        let mut add = |id: String, name: String, point: [f64; 2], aliases: Vec<String>| {
            places.push(Place {
                id,
                name,
                kind: PlaceKind::Area,
                point,
                line: None,
                precision: 3,
                country: gov.country.clone(),
                admin1: gov.admin1.clone(),
                admin2: None,
                spans: Vec::new(),
                population: 0,
                geonames_id: None,
                feature_code: None,
                aliases,
            });
        };
        let aliases: Vec<String> = names.iter().flat_map(|n| rural_forms("", n)).collect();
        add(format!("rural-{}", gov.id), format!("rural {}", gov.name), gov.point, aliases);
        for (dir, words, dx, dy) in DIRECTIONS {
            let x = if *dx > 0.0 {
                (gov.point[0] + east) / 2.0
            } else if *dx < 0.0 {
                (gov.point[0] + west) / 2.0
            } else {
                gov.point[0]
            };
            let y = if *dy > 0.0 {
                (gov.point[1] + north) / 2.0
            } else if *dy < 0.0 {
                (gov.point[1] + south) / 2.0
            } else {
                gov.point[1]
            };
            let aliases: Vec<String> =
                words.iter().flat_map(|w| names.iter().flat_map(move |n| rural_forms(w, n))).collect();
            add(format!("rural-{}-{dir}", gov.id), format!("{dir}ern rural {}", gov.name), [x, y], aliases);
        }
        // "Idlib province", "the province of Idlib" name the governorate itself.
        if let Some(g) = places.iter_mut().find(|p| p.id == gov.id) {
            for n in &names {
                for form in [
                    format!("{n} province"),
                    format!("{n} governorate"),
                    format!("province of {n}"),
                    format!("governorate of {n}"),
                ] {
                    if !g.aliases.contains(&form) {
                        g.aliases.push(form);
                    }
                }
            }
        }
    }
}
