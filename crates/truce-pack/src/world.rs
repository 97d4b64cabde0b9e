//! The world layer under every pack: countries (ISO 3166-1 codes, names and short forms, demonyms,
//! capitals, ACLED's region), their first-level divisions and GeoNames' cities1000, built by
//! `scripts/build-world.py` from registry packages into `crates/truce-pack/world/` and compiled into the
//! binary. A pack knows its theatre in depth; the world layer lets Truce say in which country anything
//! else happened, or that it does not know.
//!
//! The tables are parsed once per process, on first use, borrowing from the embedded text; a world
//! place becomes a `Place` record only when a document first names it.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::fold::fold;
use crate::model::{Place, PlaceKind};
use crate::world_names::{self, list, rows};

static COUNTRIES: &str = include_str!("../world/countries.tsv");
static DIVISIONS: &str = include_str!("../world/admin1.tsv");
static CITIES: &str = include_str!("../world/cities.tsv");
/// Folded name → `(start << 8) | count` into the postings (built by `build.rs`).
static NAMES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/world_names.fst"));
/// The codes (`world_names::encode`) the names point to, as little-endian u32.
static POSTINGS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/world_postings.bin"));
/// Where each town's line of `CITIES` starts, and one past the last, as little-endian u32.
static CITY_OFFSETS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/world_city_offsets.bin"));

/// A country of ISO 3166-1.
#[derive(Debug)]
pub struct Country {
    pub alpha2: &'static str,
    pub alpha3: &'static str,
    pub numeric: &'static str,
    /// The common English name ("Ukraine", "Palestine").
    pub name: &'static str,
    /// Every name news may use for it, the common name first.
    pub names: Vec<&'static str>,
    /// "Ukrainian", "Israeli".
    pub demonyms: Vec<&'static str>,
    pub capital: &'static str,
    /// `[longitude, latitude]`, a rough centre.
    pub point: [f64; 2],
    /// ACLED's region ("Middle East", "Europe", "South Asia").
    pub region: &'static str,
    /// ACLED's name for it ("Turkey" where the common name is "Türkiye").
    pub acled_name: &'static str,
}

/// A first-level division (GeoNames admin1).
#[derive(Debug)]
pub struct Division {
    pub country: &'static str,
    pub code: &'static str,
    pub name: &'static str,
    pub point: [f64; 2],
}

/// A populated place of GeoNames cities1000, read from its line of the table when asked: parsing
/// 135,000 rows up front would cost every process tens of milliseconds for the few towns a batch names.
#[derive(Debug, Clone, Copy)]
struct City(&'static str);

/// The number of towns, and the `i`th one's line (without its line break).
fn city_count() -> usize {
    CITY_OFFSETS.len() / 4 - 1
}

fn city(i: usize) -> City {
    let offset = |k: usize| {
        let b = &CITY_OFFSETS[k * 4..k * 4 + 4];
        u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize
    };
    City(CITIES[offset(i)..offset(i + 1)].trim_end_matches('\n'))
}

impl City {
    fn fields(self) -> [&'static str; 10] {
        let mut f = [""; 10];
        for (slot, field) in f.iter_mut().zip(self.0.split('\t')) {
            *slot = field;
        }
        f
    }
}

/// What a name in the world layer refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WorldName {
    /// A place by its own name: index into the world's places (countries, then divisions, then towns).
    Place(u32),
    /// A town by one of GeoNames' alternate names, which hold old names and other languages' forms
    /// ("Molotov" for Perm, "Hamas" for Hamm): credible only where the document names its country.
    Alias(u32),
    /// A demonym ("Ukrainian") of a country (index into the countries).
    Demonym(u16),
}

/// The world layer. `World::get()` gives the one built from the embedded tables.
pub struct World {
    pub countries: Vec<Country>,
    pub divisions: Vec<Division>,
    by_alpha2: HashMap<&'static str, u16>,
    division_by_code: HashMap<(&'static str, &'static str), u32>,
    names: fst::Map<&'static [u8]>,
    places: Vec<OnceLock<Box<Place>>>,
}

fn point(lat: &str, lon: &str) -> [f64; 2] {
    [lon.parse().unwrap_or(0.0), lat.parse().unwrap_or(0.0)]
}

impl World {
    /// The world of the embedded tables, parsed on first use.
    pub fn get() -> &'static World {
        static WORLD: OnceLock<World> = OnceLock::new();
        WORLD.get_or_init(World::parse)
    }

    fn parse() -> World {
        let countries: Vec<Country> = rows(COUNTRIES)
            .map(|f| Country {
                alpha2: f[0],
                alpha3: f[1],
                numeric: f[2],
                name: f[3],
                names: list(f[4]).collect(),
                demonyms: list(f[5]).collect(),
                capital: f[6],
                point: point(f[7], f[8]),
                region: f[9],
                acled_name: f.get(10).copied().unwrap_or(f[3]),
            })
            .collect();
        let divisions: Vec<Division> = rows(DIVISIONS)
            .map(|f| Division { country: f[0], code: f[1], name: f[2], point: point(f[3], f[4]) })
            .collect();

        let by_alpha2 = countries.iter().enumerate().map(|(i, c)| (c.alpha2, i as u16)).collect();
        let division_by_code = divisions.iter().enumerate().map(|(i, d)| ((d.country, d.code), i as u32)).collect();
        let first_city = countries.len() + divisions.len();
        let names = fst::Map::new(NAMES).expect("build.rs wrote a valid FST");
        let places = (0..first_city + city_count()).map(|_| OnceLock::new()).collect();
        World { countries, divisions, by_alpha2, division_by_code, names, places }
    }

    /// What a name may refer to (the name is folded here).
    pub fn lookup(&self, name: &str) -> Vec<WorldName> {
        self.lookup_folded(&fold(name))
    }

    /// What a name already folded (`fold::fold`) may refer to.
    pub fn lookup_folded(&self, key: &str) -> Vec<WorldName> {
        if key.is_empty() {
            return Vec::new();
        }
        let Some(value) = self.names.get(key) else { return Vec::new() };
        let (start, count) = ((value >> 8) as usize, (value & 0xff) as usize);
        POSTINGS[start * 4..(start + count) * 4]
            .chunks_exact(4)
            .map(|b| {
                let (tag, index) = world_names::decode(u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
                match tag {
                    world_names::DEMONYM => WorldName::Demonym(index as u16),
                    world_names::ALIAS => WorldName::Alias(index),
                    _ => WorldName::Place(index),
                }
            })
            .collect()
    }

    pub fn country(&self, alpha2: &str) -> Option<&Country> {
        self.by_alpha2.get(alpha2).map(|&i| &self.countries[i as usize])
    }

    /// The country of a place, by index into the world's places.
    pub fn country_of_place(&self, place: u32) -> &Country {
        let i = place as usize;
        let cc = if i < self.countries.len() {
            return &self.countries[i];
        } else if i < self.countries.len() + self.divisions.len() {
            self.divisions[i - self.countries.len()].country
        } else {
            city(i - self.countries.len() - self.divisions.len()).fields()[6]
        };
        self.country(cc).unwrap_or(&self.countries[0])
    }

    /// Whether a world place is a country.
    pub fn is_country(&self, place: u32) -> bool {
        (place as usize) < self.countries.len()
    }

    /// What kind of place a world place is, from its number alone (no record is made).
    pub fn kind_of(&self, place: u32) -> PlaceKind {
        let i = place as usize;
        if i < self.countries.len() {
            PlaceKind::Country
        } else if i < self.countries.len() + self.divisions.len() {
            PlaceKind::Governorate
        } else {
            PlaceKind::Town
        }
    }

    /// Whether a world place is a town that is a capital or has at least `population` people.
    pub fn is_major(&self, place: u32, population: u32) -> bool {
        let first_city = self.countries.len() + self.divisions.len();
        (place as usize).checked_sub(first_city).filter(|&i| i < city_count()).map(city).is_some_and(|c| {
            let f = c.fields();
            f[9] == "PPLC" || f[8].parse::<u32>().is_ok_and(|p| p >= population)
        })
    }

    /// A world place as a `Place` record (made on first use and kept for the process).
    pub fn place(&self, place: u32) -> &Place {
        self.places[place as usize].get_or_init(|| Box::new(self.make_place(place as usize)))
    }

    fn make_place(&self, i: usize) -> Place {
        let first_city = self.countries.len() + self.divisions.len();
        if let Some(c) = self.countries.get(i) {
            return Place {
                id: format!("world:{}", c.alpha2),
                name: c.name.to_owned(),
                kind: PlaceKind::Country,
                point: c.point,
                line: None,
                precision: 4,
                country: c.alpha2.to_owned(),
                admin1: None,
                admin2: None,
                spans: Vec::new(),
                population: 0,
                geonames_id: None,
                feature_code: None,
                aliases: c.names.iter().map(|n| n.to_string()).collect(),
            };
        }
        if i < first_city {
            let d = &self.divisions[i - self.countries.len()];
            return Place {
                id: format!("world:{}.{}", d.country, d.code),
                name: d.name.to_owned(),
                kind: PlaceKind::Governorate,
                point: d.point,
                line: None,
                precision: 3,
                country: d.country.to_owned(),
                admin1: Some(d.name.to_owned()),
                admin2: None,
                spans: Vec::new(),
                population: 0,
                geonames_id: None,
                feature_code: Some("ADM1".into()),
                aliases: vec![d.name.to_owned()],
            };
        }
        let [geonameid, name, asciiname, alternates, lat, lon, country, admin1, population, feature_code] =
            city(i - first_city).fields();
        let admin1 = self.division_by_code.get(&(country, admin1)).map(|&d| self.divisions[d as usize].name);
        let geonameid: u64 = geonameid.parse().unwrap_or(0);
        Place {
            id: format!("geonames:{geonameid}"),
            name: name.to_owned(),
            kind: PlaceKind::Town,
            point: point(lat, lon),
            line: None,
            // A place that resolves to no division keeps its country at a lower precision.
            precision: if admin1.is_some() { 1 } else { 3 },
            country: country.to_owned(),
            admin1: admin1.map(str::to_owned),
            admin2: None,
            spans: Vec::new(),
            population: population.parse().unwrap_or(0),
            geonames_id: Some(geonameid),
            feature_code: Some(feature_code.to_owned()),
            aliases: std::iter::once(name)
                .chain((!asciiname.is_empty()).then_some(asciiname))
                .chain(list(alternates))
                .map(str::to_owned)
                .collect(),
        }
    }

    /// Divisions whose name has the consonant skeleton of `name` ("Logar" for GeoNames' "Lowgar",
    /// "Hilmand" for "Helmand"), as places: for a name the text calls a province or an oblast.
    pub fn divisions_like(&self, name: &str) -> Vec<u32> {
        static SKELETONS: OnceLock<HashMap<String, Vec<u32>>> = OnceLock::new();
        let first = self.countries.len() as u32;
        let table = SKELETONS.get_or_init(|| {
            let mut t: HashMap<String, Vec<u32>> = HashMap::new();
            for (i, d) in self.divisions.iter().enumerate() {
                let sk = crate::fold::skeleton(&fold(d.name));
                if sk.len() >= 3 {
                    t.entry(sk).or_default().push(first + i as u32);
                }
            }
            t
        });
        table.get(&crate::fold::skeleton(&fold(name))).cloned().unwrap_or_default()
    }

    /// Whether a folded word opens some country's name or demonym ("united", "ukrainian"): the
    /// prefilter that spares the n-gram lookups inside every capitalised run.
    pub fn opens_country_name(&self, word: &str) -> bool {
        static FIRST_WORDS: OnceLock<std::collections::HashSet<String>> = OnceLock::new();
        FIRST_WORDS
            .get_or_init(|| {
                self.countries
                    .iter()
                    .flat_map(|c| c.names.iter().chain(&c.demonyms))
                    .filter_map(|n| fold(n).split(' ').next().map(str::to_owned))
                    .collect()
            })
            .contains(word)
    }

    /// The division of `country` named `name`, as a place.
    pub fn division_place(&self, country: &str, name: &str) -> Option<&Place> {
        let i = self.divisions.iter().position(|d| d.country == country && d.name == name)?;
        Some(self.place((self.countries.len() + i) as u32))
    }

    /// A country as a place (precision 4).
    pub fn country_place(&self, alpha2: &str) -> Option<&Place> {
        self.by_alpha2.get(alpha2).map(|&i| self.place(u32::from(i)))
    }

    /// The country that a name or a demonym refers to, by its alpha-2 code ("Ukrainian" → "UA").
    pub fn country_named(&self, name: &str) -> Option<&Country> {
        self.lookup(name).iter().find_map(|w| match *w {
            WorldName::Demonym(c) => Some(&self.countries[c as usize]),
            WorldName::Place(p) if self.is_country(p) => Some(&self.countries[p as usize]),
            WorldName::Place(_) | WorldName::Alias(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn countries_have_codes_names_demonyms_and_regions() {
        let w = World::get();
        assert_eq!(w.countries.len(), 250);
        let ua = w.country("UA").unwrap();
        assert_eq!(
            (ua.alpha3, ua.numeric, ua.name, ua.capital, ua.region),
            ("UKR", "804", "Ukraine", "Kyiv", "Europe")
        );
        assert_eq!(w.country_named("Ukrainian").unwrap().alpha2, "UA");
        assert_eq!(w.country_named("Israeli").unwrap().alpha2, "IL");
        assert_eq!(w.country_named("Afghan").unwrap().alpha2, "AF");
        assert_eq!(w.country_named("the United States").map(|c| c.alpha2), None, "articles are the caller's");
        assert_eq!(w.country_named("United States").unwrap().alpha2, "US");
        assert_eq!(w.country("IR").unwrap().region, "Middle East", "ACLED places Iran in the Middle East");
        assert_eq!(w.country("AF").unwrap().region, "South Asia");
        assert_eq!(w.country("TR").unwrap().acled_name, "Turkey", "ACLED's spelling, not the common name");
        assert_eq!(w.country_named("Turkey").unwrap().alpha2, "TR");
    }

    #[test]
    fn every_town_line_is_found_by_its_offset() {
        let rows: Vec<&str> = CITIES.lines().filter(|l| !l.starts_with('#')).skip(1).collect();
        assert_eq!(city_count(), rows.len());
        for i in [0, 1, rows.len() / 2, rows.len() - 1] {
            assert_eq!(city(i).0, rows[i]);
        }
    }

    #[test]
    fn the_compiled_names_are_the_tables_names() {
        let w = World::get();
        let mut checked = 0;
        let mut n = 0usize;
        world_names::each_name(COUNTRIES, DIVISIONS, CITIES, fold, |key, code| {
            n += 1;
            if !n.is_multiple_of(97) {
                return;
            }
            let (tag, index) = world_names::decode(code);
            let expected = match tag {
                world_names::DEMONYM => WorldName::Demonym(index as u16),
                world_names::ALIAS => WorldName::Alias(index),
                _ => WorldName::Place(index),
            };
            let found = w.lookup(&key);
            // A name of more than 255 places keeps the first 255 (see build.rs).
            assert!(found.contains(&expected) || found.len() == 255, "{key}: {expected:?} not in {found:?}");
            checked += 1;
        });
        assert!(checked > 3000, "{checked}");
    }

    #[test]
    fn cities_resolve_with_their_division_and_country() {
        let w = World::get();
        let place = |name: &str, cc: &str| {
            w.lookup(name)
                .iter()
                .filter_map(|n| match *n {
                    WorldName::Place(p) | WorldName::Alias(p) => Some(w.place(p)),
                    WorldName::Demonym(_) => None,
                })
                .find(|p| p.country == cc && p.kind == PlaceKind::Town)
                .unwrap_or_else(|| panic!("{name} in {cc}"))
        };
        let gaza = place("Gaza City", "PS");
        assert_eq!(gaza.admin1.as_deref(), Some("Gaza Strip"));
        assert_eq!(gaza.precision, 1);
        let kiev = place("Kiev", "UA");
        assert_eq!(kiev.name, "Kyiv");
        assert_eq!(place("Donetsk", "UA").admin1.as_deref(), Some("Donetsk"));
        assert_eq!(place("Lashkar Gah", "AF").admin1.as_deref(), Some("Helmand"));
        let logar: Vec<&str> = w.divisions_like("Logar").into_iter().map(|p| w.place(p).name.as_str()).collect();
        assert!(logar.contains(&"Lowgar"), "{logar:?}");
        assert!(place("Hodeida", "YE").admin1.is_some());
        assert_eq!(place("Hudaydah", "YE").name, "Al Ḩudaydah", "the article comes and goes");
        assert!(w.lookup("Cairo").iter().any(|n| matches!(*n, WorldName::Place(p) if w.is_major(p, 1_000_000))));
    }
}
