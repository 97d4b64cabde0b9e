//! Reading a pack's files into records, with every problem reported by file and line.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use jiff::civil::Date;
use serde::Deserialize;
use toml::Spanned;

use crate::gazetteer::{self, GazetteerRow};
use crate::model::*;
use crate::{PackMeta, Problem, Source as PackSource};

/// Everything read from a pack, before indexing.
pub struct Records {
    pub meta: PackMeta,
    pub actors: Vec<Actor>,
    pub people: Vec<Person>,
    pub places: Vec<Place>,
    pub zones: Vec<Zone>,
    pub agreements: Vec<Agreement>,
    /// GeoNames admin1 code → governorate name.
    pub admin1_codes: HashMap<String, String>,
}

/// Collects problems while reading one file.
struct FileProblems<'a> {
    file: &'a str,
    text: &'a str,
    problems: &'a mut Vec<Problem>,
}

impl FileProblems<'_> {
    fn at(&mut self, offset: usize, message: impl Into<String>) {
        let line = self.text[..offset.min(self.text.len())].matches('\n').count() + 1;
        self.problems.push(Problem { file: self.file.to_owned(), line, message: message.into() });
    }

    fn date(&mut self, value: &Option<Spanned<String>>) -> Option<Date> {
        let v = value.as_ref()?;
        match v.get_ref().parse::<Date>() {
            Ok(d) => Some(d),
            Err(e) => {
                self.at(v.span().start, format!("{:?} is not a date (YYYY-MM-DD): {e}", v.get_ref()));
                None
            }
        }
    }

    fn validity(&mut self, from: &Option<Spanned<String>>, until: &Option<Spanned<String>>) -> Validity {
        let v = Validity { from: self.date(from), until: self.date(until) };
        if let (Some(f), Some(u)) = (v.from, v.until)
            && f >= u
        {
            self.at(from.as_ref().unwrap().span().start, format!("date range reversed or empty: from {f} until {u}"));
        }
        v
    }
}

fn parse_toml<'de, T: Deserialize<'de>>(file: &str, text: &'de str, problems: &mut Vec<Problem>) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1).unwrap_or(1);
            let message = e.message().to_owned();
            problems.push(Problem { file: file.to_owned(), line, message });
            None
        }
    }
}

// ----------------------------------------------------------------- raw forms of the files

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    id: String,
    name: String,
    timezone: String,
    #[serde(default)]
    cues: Vec<String>,
    /// The theatre's countries, when no gazetteer selection names them.
    #[serde(default)]
    countries: Vec<String>,
    period: Option<RawPeriod>,
    gazetteer: Option<RawGazetteer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    from: Option<Spanned<String>>,
    until: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGazetteer {
    file: String,
    #[serde(default)]
    countries: Vec<String>,
    #[serde(default)]
    neighbours: Vec<String>,
    neighbour_bbox: Option<[f64; 4]>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorsFile {
    #[serde(default)]
    actor: Vec<RawActor>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    id: Spanned<String>,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    acled: Option<String>,
    side: Option<String>,
    country: Option<String>,
    part_of: Option<Spanned<String>>,
    #[serde(default)]
    backs: Vec<Spanned<String>>,
    #[serde(default)]
    backed_by: Vec<Spanned<String>>,
    #[serde(default)]
    members: Vec<Spanned<String>>,
    speaks_for: Option<Spanned<String>>,
    predecessor: Option<Spanned<String>>,
    successor: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    until: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    generic: Vec<Spanned<String>>,
    #[serde(default)]
    names: Vec<RawTimedNames>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTimedNames {
    /// ACLED's name for the actor in this era ("Military Forces of the United States (2017-2021)").
    acled: Option<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    generic: Vec<Spanned<String>>,
    from: Option<Spanned<String>>,
    until: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeopleFile {
    #[serde(default)]
    person: Vec<RawPerson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPerson {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    roles: Vec<RawRole>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRole {
    title: String,
    actor: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    until: Option<Spanned<String>>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacesFile {
    #[serde(default)]
    governorate: Vec<RawPlace>,
    #[serde(default)]
    district: Vec<RawPlace>,
    #[serde(default)]
    area: Vec<RawPlace>,
    #[serde(default)]
    place: Vec<RawPlace>,
    #[serde(default)]
    road: Vec<RawPlace>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    id: Spanned<String>,
    name: String,
    governorate: Option<Spanned<String>>,
    #[serde(default)]
    spans: Vec<Spanned<String>>,
    geonames_admin1: Option<String>,
    centroid: Option<[f64; 2]>,
    seat: Option<[f64; 2]>,
    point: Option<[f64; 2]>,
    line: Option<Vec<[f64; 2]>>,
    precision: Option<u8>,
    country: Option<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    arabic: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgreementsFile {
    #[serde(default)]
    agreement: Vec<RawAgreement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgreement {
    id: Spanned<String>,
    name: String,
    #[serde(rename = "type")]
    kind: String,
    declaration: String,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    #[serde(default)]
    parties: Vec<Spanned<String>>,
    #[serde(default)]
    guarantors: Vec<Spanned<String>>,
    #[serde(default)]
    mediators: Vec<Spanned<String>>,
    announced: Option<Spanned<String>>,
    venue: Option<Spanned<String>>,
    start: Option<RawStart>,
    duration_hours: Option<f64>,
    end: Option<Spanned<String>>,
    #[serde(default)]
    scope: RawScope,
    #[serde(default)]
    excluded: Vec<Spanned<String>>,
    monitoring: Option<String>,
    #[serde(default)]
    status_history: Vec<StatusChange>,
    #[serde(default)]
    sources: Vec<Source>,
    #[serde(default)]
    provision: Vec<Spanned<Provision>>,
    #[serde(default)]
    condition: Vec<Condition>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStart {
    local: Spanned<String>,
    zone: Option<String>,
    precision: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawScope {
    #[serde(default)]
    national: bool,
    #[serde(default)]
    zones: Vec<Spanned<String>>,
    #[serde(default)]
    places: Vec<Spanned<String>>,
}

const AGREEMENT_TYPES: &[&str] = &[
    "ceasefire",
    "truce",
    "cessation_of_hostilities",
    "humanitarian_pause",
    "de_escalation",
    "memorandum",
    "communique",
    "protocol",
];
const DECLARATIONS: &[&str] = &["unilateral", "bilateral", "multilateral"];
const RULES: &[&str] = &["prohibition", "obligation", "mechanism"];
const STATUSES: &[&str] = &["proposed", "agreed", "in_effect", "violated", "strained", "collapsed", "ended"];

fn strings(values: &[Spanned<String>]) -> Vec<String> {
    values.iter().map(|v| v.get_ref().clone()).collect()
}

/// Reads every file of a pack. Problems are appended to `problems`; records with problems are still
/// returned where they can be, so that one run reports everything.
/// Where the theatre's sun is read: the capital of its first country (world layer), else the mean of
/// its governorates, else 0°N 0°E.
fn theatre_point(meta: &PackMeta, places: &[Place]) -> [f64; 2] {
    let world = crate::World::get();
    let capital = meta.countries.first().and_then(|cc| {
        let country = world.country(cc)?;
        world.lookup(country.capital).into_iter().find_map(|n| match n {
            crate::WorldName::Place(p) if world.place(p).country == *cc => Some(world.place(p).point),
            _ => None,
        })
    });
    let governorates: Vec<[f64; 2]> =
        places.iter().filter(|p| p.kind == PlaceKind::Governorate).map(|p| p.point).collect();
    capital.unwrap_or_else(|| {
        let n = governorates.len().max(1) as f64;
        [governorates.iter().map(|p| p[0]).sum::<f64>() / n, governorates.iter().map(|p| p[1]).sum::<f64>() / n]
    })
}

pub fn read(source: &dyn PackSource, problems: &mut Vec<Problem>) -> Option<Records> {
    let meta_text = source.read("pack.toml")?;
    let raw_meta: RawMeta = parse_toml("pack.toml", &meta_text, problems)?;
    let mut p = FileProblems { file: "pack.toml", text: &meta_text, problems };
    let period = raw_meta.period.as_ref().map(|r| p.validity(&r.from, &r.until)).unwrap_or_default();
    let time_zone = match jiff::tz::TimeZone::get(&raw_meta.timezone) {
        Ok(tz) => tz,
        Err(e) => {
            let at = meta_text.find(&raw_meta.timezone).unwrap_or(0);
            p.at(at, format!("unknown time zone {:?}: {e}", raw_meta.timezone));
            jiff::tz::TimeZone::UTC
        }
    };
    let countries = match &raw_meta.gazetteer {
        Some(g) if raw_meta.countries.is_empty() => g.countries.clone(),
        _ => raw_meta.countries.clone(),
    };
    for c in &countries {
        if crate::World::get().country(c).is_none() {
            let at = meta_text.find(&format!("\"{c}\"")).unwrap_or(0);
            p.at(at, format!("unknown country {c:?}: the theatre's countries are ISO 3166-1 alpha-2 codes"));
        }
    }
    let meta = PackMeta {
        id: raw_meta.id,
        name: raw_meta.name,
        timezone: raw_meta.timezone,
        time_zone,
        period,
        cues: raw_meta.cues,
        countries,
        gazetteer_countries: raw_meta.gazetteer.as_ref().map(|g| g.countries.clone()).unwrap_or_default(),
        point: [0.0, 0.0],
    };

    let mut actors = source.read("actors.toml").map(|t| read_actors(&t, problems)).unwrap_or_default();
    add_world_outlets(&mut actors);
    let people = source.read("people.toml").map(|t| read_people(&t, problems)).unwrap_or_default();
    let (mut places, admin1_codes) = source
        .read("places.toml")
        .map(|t| read_places(&t, meta.countries.first().map_or("", String::as_str), problems))
        .unwrap_or_default();
    if let Some(g) = &raw_meta.gazetteer {
        match source.read(&g.file) {
            Some(text) => {
                let rows = gazetteer::parse_tsv(&text, &g.file, problems);
                let rows = rows.into_iter().filter(|r| in_scope(r, g)).collect::<Vec<_>>();
                gazetteer::add_towns(&mut places, rows, &admin1_codes);
            }
            None => problems.push(Problem {
                file: "pack.toml".into(),
                line: 1,
                message: format!("gazetteer file {} is missing", g.file),
            }),
        }
    }
    let zones = source.read("zones.geojson").map(|t| crate::zones::read(&t, problems)).unwrap_or_default();
    let agreements = source.read("agreements.toml").map(|t| read_agreements(&t, &meta, problems)).unwrap_or_default();

    let mut meta = meta;
    meta.point = theatre_point(&meta, &places);
    let records = Records { meta, actors, people, places, zones, agreements, admin1_codes };
    crate::check::cross_references(&records, source, problems);
    Some(records)
}

fn in_scope(row: &GazetteerRow, g: &RawGazetteer) -> bool {
    if g.countries.contains(&row.country) {
        return true;
    }
    if !g.neighbours.contains(&row.country) {
        return false;
    }
    match g.neighbour_bbox {
        Some([south, west, north, east]) => (south..=north).contains(&row.lat) && (west..=east).contains(&row.lon),
        None => true,
    }
}

/// The news outlets every pack knows (world/news.toml), after the pack's own actors: an outlet the pack
/// lists itself, by id or by any of the outlet's names, keeps the pack's record.
fn add_world_outlets(actors: &mut Vec<Actor>) {
    static OUTLETS: LazyLock<Vec<Actor>> = LazyLock::new(|| {
        let mut problems = Vec::new();
        let outlets = read_actors(include_str!("../world/news.toml"), &mut problems);
        assert!(problems.is_empty(), "world/news.toml: {problems:?}");
        outlets
    });
    let taken: HashSet<&str> = actors
        .iter()
        .flat_map(|a| {
            std::iter::once(a.name.as_str())
                .chain(a.aliases.iter().map(String::as_str))
                .chain(a.generic.iter().map(|g| g.alias.as_str()))
                .chain(a.timed_aliases.iter().map(|g| g.alias.as_str()))
        })
        .collect();
    let ids: HashSet<&str> = actors.iter().map(|a| a.id.as_str()).collect();
    let new: Vec<Actor> = OUTLETS
        .iter()
        .filter(|o| !ids.contains(o.id.as_str()) && !o.aliases.iter().any(|n| taken.contains(n.as_str())))
        .cloned()
        .collect();
    actors.extend(new);
}

fn read_actors(text: &str, problems: &mut Vec<Problem>) -> Vec<Actor> {
    let Some(file) = parse_toml::<ActorsFile>("actors.toml", text, problems) else { return Vec::new() };
    let mut p = FileProblems { file: "actors.toml", text, problems };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for raw in file.actor {
        if !seen.insert(raw.id.get_ref().clone()) {
            p.at(raw.id.span().start, format!("duplicate actor id {:?}", raw.id.get_ref()));
        }
        let valid = p.validity(&raw.from, &raw.until);
        let mut generic: Vec<TimedAlias> =
            raw.generic.iter().map(|g| TimedAlias { alias: g.get_ref().clone(), valid: Validity::default() }).collect();
        let mut timed_aliases = Vec::new();
        let mut acled_eras = Vec::new();
        for names in &raw.names {
            let v = p.validity(&names.from, &names.until);
            acled_eras.extend(names.acled.iter().map(|a| TimedAlias { alias: a.clone(), valid: v }));
            timed_aliases.extend(names.aliases.iter().map(|a| TimedAlias { alias: a.get_ref().clone(), valid: v }));
            generic.extend(names.generic.iter().map(|a| TimedAlias { alias: a.get_ref().clone(), valid: v }));
        }
        out.push(Actor {
            id: raw.id.into_inner(),
            name: raw.name,
            kind: raw.kind,
            acled: raw.acled,
            acled_eras,
            side: raw.side,
            country: raw.country,
            part_of: raw.part_of.map(Spanned::into_inner),
            backs: strings(&raw.backs),
            backed_by: strings(&raw.backed_by),
            members: strings(&raw.members),
            speaks_for: raw.speaks_for.map(Spanned::into_inner),
            predecessor: raw.predecessor.map(Spanned::into_inner),
            successor: raw.successor.map(Spanned::into_inner),
            valid,
            aliases: strings(&raw.aliases),
            generic,
            timed_aliases,
        });
    }
    out
}

fn read_people(text: &str, problems: &mut Vec<Problem>) -> Vec<Person> {
    let Some(file) = parse_toml::<PeopleFile>("people.toml", text, problems) else { return Vec::new() };
    let mut p = FileProblems { file: "people.toml", text, problems };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for raw in file.person {
        if !seen.insert(raw.id.get_ref().clone()) {
            p.at(raw.id.span().start, format!("duplicate person id {:?}", raw.id.get_ref()));
        }
        let roles = raw
            .roles
            .iter()
            .map(|r| Role {
                title: r.title.clone(),
                actor: r.actor.as_ref().map(|a| a.get_ref().clone()),
                valid: p.validity(&r.from, &r.until),
                aliases: strings(&r.aliases),
            })
            .collect();
        out.push(Person { id: raw.id.into_inner(), name: raw.name, aliases: strings(&raw.aliases), roles });
    }
    out
}

/// Places of `places.toml`, and the GeoNames admin1 code → governorate name table they define.
fn read_places(text: &str, home_country: &str, problems: &mut Vec<Problem>) -> (Vec<Place>, HashMap<String, String>) {
    let Some(file) = parse_toml::<PlacesFile>("places.toml", text, problems) else { return Default::default() };
    let mut p = FileProblems { file: "places.toml", text, problems };
    let mut out = Vec::new();
    let mut governorate_names: HashMap<String, String> = HashMap::new();
    let mut admin1_codes = HashMap::new();
    for g in &file.governorate {
        governorate_names.insert(g.id.get_ref().clone(), g.name.clone());
        if let Some(code) = &g.geonames_admin1 {
            admin1_codes.insert(code.clone(), g.name.clone());
        }
    }
    let mut seen = HashSet::new();
    let groups = [
        (PlaceKind::Governorate, &file.governorate),
        (PlaceKind::District, &file.district),
        (PlaceKind::Area, &file.area),
        (PlaceKind::Town, &file.place),
        (PlaceKind::Road, &file.road),
    ];
    for (kind, raws) in groups {
        for raw in raws {
            let at = raw.id.span().start;
            if !seen.insert(raw.id.get_ref().clone()) {
                p.at(at, format!("duplicate place id {:?}", raw.id.get_ref()));
            }
            let point = raw
                .point
                .or(raw.centroid)
                .or(raw.seat)
                .or_else(|| raw.line.as_ref().and_then(|l| l.get(l.len() / 2).copied()));
            let Some(point) = point else {
                p.at(at, format!("place {:?} has no point, centroid, seat or line", raw.id.get_ref()));
                continue;
            };
            for coordinate in std::iter::once(&point).chain(raw.line.iter().flatten()) {
                if !(-180.0..=180.0).contains(&coordinate[0]) || !(-90.0..=90.0).contains(&coordinate[1]) {
                    p.at(at, format!("coordinate {coordinate:?} is not [longitude, latitude]"));
                }
            }
            if kind == PlaceKind::Road && raw.line.as_ref().is_none_or(|l| l.len() < 2) {
                p.at(at, "a road needs a line of at least two points");
            }
            let admin1 = match (&raw.governorate, kind) {
                (_, PlaceKind::Governorate) => Some(raw.name.clone()),
                (Some(g), _) if g.get_ref().is_empty() => None,
                (Some(g), _) => match governorate_names.get(g.get_ref()) {
                    Some(name) => Some(name.clone()),
                    None => {
                        p.at(g.span().start, format!("unknown governorate {:?}", g.get_ref()));
                        None
                    }
                },
                (None, _) => None,
            };
            let mut spans = Vec::new();
            for g in &raw.spans {
                match governorate_names.get(g.get_ref()) {
                    Some(name) => spans.push(name.clone()),
                    None => p.at(g.span().start, format!("unknown governorate {:?}", g.get_ref())),
                }
            }
            let in_theatre = raw.country.is_none();
            let kind = if kind == PlaceKind::Town && !in_theatre { PlaceKind::Venue } else { kind };
            let precision = raw.precision.unwrap_or(match kind {
                PlaceKind::Governorate => 3,
                PlaceKind::District => 2,
                PlaceKind::Area | PlaceKind::Road => 2,
                _ => 1,
            });
            let mut aliases = strings(&raw.aliases);
            aliases.extend(strings(&raw.arabic));
            if !aliases.contains(&raw.name) {
                aliases.insert(0, raw.name.clone());
            }
            out.push(Place {
                id: raw.id.get_ref().clone(),
                name: raw.name.clone(),
                kind,
                point,
                line: raw.line.clone(),
                precision,
                country: raw.country.clone().unwrap_or_else(|| home_country.to_owned()),
                admin1,
                admin2: (kind == PlaceKind::District).then(|| raw.name.clone()),
                spans,
                population: 0,
                geonames_id: None,
                feature_code: None,
                aliases,
            });
        }
    }
    (out, admin1_codes)
}

fn read_agreements(text: &str, meta: &PackMeta, problems: &mut Vec<Problem>) -> Vec<Agreement> {
    let Some(file) = parse_toml::<AgreementsFile>("agreements.toml", text, problems) else { return Vec::new() };
    let mut p = FileProblems { file: "agreements.toml", text, problems };
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for raw in file.agreement {
        let at = raw.id.span().start;
        if !seen.insert(raw.id.get_ref().clone()) {
            p.at(at, format!("duplicate agreement id {:?}", raw.id.get_ref()));
        }
        if !AGREEMENT_TYPES.contains(&raw.kind.as_str()) {
            p.at(at, format!("type {:?} is not one of {}", raw.kind, AGREEMENT_TYPES.join(", ")));
        }
        if !DECLARATIONS.contains(&raw.declaration.as_str()) {
            p.at(at, format!("declaration {:?} is not one of {}", raw.declaration, DECLARATIONS.join(", ")));
        }
        for provision in &raw.provision {
            if !RULES.contains(&provision.get_ref().rule.as_str()) {
                p.at(
                    provision.span().start,
                    format!("provision kind {:?} is not one of {}", provision.get_ref().rule, RULES.join(", ")),
                );
            }
        }
        for change in &raw.status_history {
            if !STATUSES.contains(&change.status.as_str()) {
                p.at(at, format!("status {:?} is not one of {}", change.status, STATUSES.join(", ")));
            }
        }
        if raw.status_history.windows(2).any(|w| w[0].date > w[1].date) {
            p.at(at, "status_history is not in date order");
        }
        let announced = p.date(&raw.announced);
        let end = p.date(&raw.end);
        let (mut start_local, mut start, mut start_utc) = (None, None, None);
        if let Some(s) = &raw.start {
            match s.local.get_ref().parse::<jiff::civil::DateTime>() {
                Ok(local) => {
                    let tz = match &s.zone {
                        Some(name) => jiff::tz::TimeZone::get(name).unwrap_or_else(|_| meta.time_zone.clone()),
                        None => meta.time_zone.clone(),
                    };
                    match local.to_zoned(tz) {
                        Ok(zoned) => {
                            start_local = Some(local);
                            start = Some(format_offset(&zoned));
                            start_utc = Some(zoned.timestamp());
                        }
                        Err(e) => {
                            p.at(s.local.span().start, format!("start {local} does not exist in the time zone: {e}"))
                        }
                    }
                }
                Err(e) => {
                    p.at(s.local.span().start, format!("start {:?} is not YYYY-MM-DDTHH:MM: {e}", s.local.get_ref()))
                }
            }
        }
        if let (Some(a), Some(e)) = (announced, end)
            && e < a
        {
            p.at(at, format!("ends ({e}) before it is announced ({a})"));
        }
        out.push(Agreement {
            id: raw.id.into_inner(),
            name: raw.name,
            kind: raw.kind,
            declaration: raw.declaration,
            aliases: strings(&raw.aliases),
            parties: strings(&raw.parties),
            guarantors: strings(&raw.guarantors),
            mediators: strings(&raw.mediators),
            announced,
            venue: raw.venue.map(Spanned::into_inner),
            start_local,
            start,
            start_utc,
            start_precision: raw.start.as_ref().and_then(|s| s.precision.clone()),
            duration_hours: raw.duration_hours,
            end,
            national: raw.scope.national,
            zones: strings(&raw.scope.zones),
            places: strings(&raw.scope.places),
            excluded: strings(&raw.excluded),
            monitoring: raw.monitoring,
            provisions: raw.provision.into_iter().map(Spanned::into_inner).collect(),
            conditions: raw.condition,
            status_history: raw.status_history,
            sources: raw.sources,
        });
    }
    out
}

/// `2016-09-12T19:00+03:00`: local time with its UTC offset, as agreements are reported.
pub fn format_offset(zoned: &jiff::Zoned) -> String {
    let secs = zoned.offset().seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    format!(
        "{}T{:02}:{:02}{sign}{:02}:{:02}",
        zoned.date(),
        zoned.hour(),
        zoned.minute(),
        secs.abs() / 3600,
        secs.abs() % 3600 / 60
    )
}
