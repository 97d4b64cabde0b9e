//! The records of a pack, as Truce uses them once loaded and checked.

use jiff::civil::Date;
use serde::Serialize;

/// A date range, `from` inclusive and `until` exclusive; an open end is unbounded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Validity {
    pub from: Option<Date>,
    pub until: Option<Date>,
}

impl Validity {
    /// Whether the range holds `on`; with no date known, every range does.
    pub fn holds(&self, on: Option<Date>) -> bool {
        let Some(d) = on else { return true };
        self.from.is_none_or(|f| d >= f) && self.until.is_none_or(|u| d < u)
    }

    pub fn overlaps(&self, other: &Validity) -> bool {
        let starts_before_other_ends = match (self.from, other.until) {
            (Some(f), Some(u)) => f < u,
            _ => true,
        };
        let other_starts_before_this_ends = match (other.from, self.until) {
            (Some(f), Some(u)) => f < u,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_this_ends
    }
}

/// An armed group, state, organisation or outlet.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// ACLED's name outside every era of `acled_eras`.
    pub acled: Option<String>,
    /// ACLED's names by era (state forces are named by government: "Military Forces of the United
    /// States (2017-2021)"), from `[[actor.names]]` with `acled`.
    pub acled_eras: Vec<TimedAlias>,
    pub side: Option<String>,
    pub country: Option<String>,
    pub part_of: Option<String>,
    pub backs: Vec<String>,
    pub backed_by: Vec<String>,
    pub members: Vec<String>,
    pub speaks_for: Option<String>,
    pub predecessor: Option<String>,
    pub successor: Option<String>,
    pub valid: Validity,
    pub aliases: Vec<String>,
    /// Descriptions that name the actor only in context ("the regime"), each with when it applies.
    pub generic: Vec<TimedAlias>,
    /// Names the actor bore for a time only.
    pub timed_aliases: Vec<TimedAlias>,
}

impl Actor {
    /// ACLED's name for the actor on `day`: the era's name when one holds it, else the undated one.
    pub fn acled_on(&self, day: Option<Date>) -> Option<&str> {
        let era = day.and_then(|d| self.acled_eras.iter().find(|e| e.valid.holds(Some(d))));
        era.map(|e| e.alias.as_str()).or(self.acled.as_deref())
    }
}

/// An alias that holds for a time.
#[derive(Debug, Clone, Serialize)]
pub struct TimedAlias {
    pub alias: String,
    pub valid: Validity,
}

/// A person, with the roles that tie them to actors.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub roles: Vec<Role>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Role {
    pub title: String,
    pub actor: Option<String>,
    pub valid: Validity,
    /// Descriptions of whoever holds the role ("the Russian envoy").
    pub aliases: Vec<String>,
}

impl Person {
    /// The role held on a date, the latest first when several hold.
    pub fn role_on(&self, on: Option<Date>) -> Option<&Role> {
        self.roles.iter().rev().find(|r| r.valid.holds(on)).or(self.roles.last())
    }
}

/// What kind of place a record is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlaceKind {
    /// A whole country (the world layer's; ACLED precision 4 in Truce's records).
    Country,
    Governorate,
    District,
    Area,
    Town,
    Road,
    Venue,
}

/// A place with a point (and a line, for roads).
#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub id: String,
    pub name: String,
    pub kind: PlaceKind,
    /// `[longitude, latitude]`.
    pub point: [f64; 2],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<Vec<[f64; 2]>>,
    /// ACLED geo-precision: 1 a town, 2 near a town or a small area, 3 a governorate or region, 4 a country.
    pub precision: u8,
    pub country: String,
    /// Governorate (admin level 1) name, for places in the theatre.
    pub admin1: Option<String>,
    /// District (admin level 2) name, for places in the theatre.
    pub admin2: Option<String>,
    /// For a region over several governorates ("northern Syria"): their names. `admin1` is the likeliest
    /// one; a place in any of them may be the region's named spot.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<String>,
    pub population: u64,
    pub geonames_id: Option<u64>,
    pub feature_code: Option<String>,
    pub aliases: Vec<String>,
}

/// The geometry of a zone.
#[derive(Debug, Clone)]
pub enum ZoneShape {
    Area(geo::Polygon<f64>),
    Line(geo::LineString<f64>),
    /// Inside `inside_of`, within `depth_km_max` of the line `along` (certainly within `depth_km_min`).
    Band {
        inside_of: String,
        along: String,
        depth_km_min: f64,
        depth_km_max: f64,
    },
    /// Within `half_width_km` of the line.
    Corridor {
        line: geo::LineString<f64>,
        half_width_km: f64,
    },
}

/// A zone an agreement covers.
#[derive(Debug, Clone, Serialize)]
pub struct Zone {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub aliases: Vec<String>,
    pub established_by: Option<String>,
    pub precision_note: String,
    pub sources: Vec<String>,
    #[serde(skip)]
    pub shape: ZoneShape,
    /// The zone's GeoJSON feature as written in the pack, an area's rings turned as RFC 7946 asks
    /// (outer counter-clockwise, holes clockwise).
    pub geojson: serde_json::Value,
}

/// An agreement of the registry.
#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub id: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub declaration: String,
    pub aliases: Vec<String>,
    pub parties: Vec<String>,
    pub guarantors: Vec<String>,
    pub mediators: Vec<String>,
    pub announced: Option<Date>,
    /// Where it was agreed or signed (a place id).
    pub venue: Option<String>,
    /// Start in the theatre's local time, and the same instant with its UTC offset.
    pub start_local: Option<jiff::civil::DateTime>,
    pub start: Option<String>,
    pub start_utc: Option<jiff::Timestamp>,
    pub start_precision: Option<String>,
    pub duration_hours: Option<f64>,
    pub end: Option<Date>,
    pub national: bool,
    pub zones: Vec<String>,
    pub places: Vec<String>,
    pub excluded: Vec<String>,
    pub monitoring: Option<String>,
    pub provisions: Vec<Provision>,
    pub conditions: Vec<Condition>,
    pub status_history: Vec<StatusChange>,
    pub sources: Vec<Source>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Provision {
    #[serde(rename = "type")]
    pub kind: String,
    /// prohibition, obligation or mechanism.
    #[serde(rename = "kind")]
    pub rule: String,
    #[serde(default)]
    pub binds: Vec<String>,
    #[serde(default)]
    pub prohibited: Vec<String>,
    #[serde(default)]
    pub exceptions: Vec<String>,
    #[serde(default)]
    pub against: Vec<String>,
    pub zone: Option<String>,
    pub place: Option<String>,
    #[serde(default)]
    pub roads: Vec<String>,
    pub deadline: Option<Date>,
    pub from: Option<Date>,
    pub after_days: Option<u32>,
    pub distance_km_min: Option<f64>,
    pub distance_km_max: Option<f64>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Condition {
    pub trigger: toml::Table,
    pub effect: toml::Table,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct StatusChange {
    pub status: String,
    pub date: Date,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Source {
    pub title: String,
    pub publisher: Option<String>,
    pub date: Option<Date>,
    pub url: Option<String>,
}
