//! Exports of merged events, each written row by row (one event in memory at a time): ACLED's CSV
//! with all of its columns, GeoJSON (events and the pack's zones), JSON lines and a JSON array.

use std::io::Write;

use serde::Serialize;
use truce_assess::Event;
use truce_assess::persist::read::{self, EventFilter};
use truce_pack::Packs;
use truce_store::SqliteStore;

use crate::Result;

/// The forms `truce export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    AcledCsv,
    Geojson,
    Jsonl,
}

/// ACLED's columns, in the order and spelling of its codebook (2023 onwards).
pub const ACLED_COLUMNS: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

/// One row of ACLED's CSV; the fields are [`ACLED_COLUMNS`], in that order (a test holds them equal).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AcledRow {
    pub event_id_cnty: String,
    pub event_date: String,
    pub year: String,
    pub time_precision: u8,
    pub disorder_type: &'static str,
    pub event_type: String,
    pub sub_event_type: String,
    pub actor1: String,
    pub assoc_actor_1: String,
    pub inter1: Option<u8>,
    pub actor2: String,
    pub assoc_actor_2: String,
    pub inter2: Option<u8>,
    pub interaction: Option<u8>,
    pub civilian_targeting: &'static str,
    pub iso: Option<u16>,
    pub region: String,
    pub country: String,
    pub admin1: String,
    pub admin2: String,
    pub admin3: String,
    pub location: String,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    pub geo_precision: Option<u8>,
    pub source: String,
    pub source_scale: String,
    pub notes: String,
    pub fatalities: u64,
    pub tags: String,
    pub timestamp: Option<i64>,
}

/// ACLED's 'inter' codes by the pack's actor type: 1 state forces, 2 rebel groups, 3 political
/// militias, 4 identity militias, 7 civilians, 8 external or other forces. A state's forces acting in
/// another country are external forces (8), as ACLED codes them.
pub const INTER_BY_ACTOR_TYPE: &[(&str, u8)] = &[
    ("state", 1),
    ("state_armed_forces", 1),
    ("police", 1),
    ("rebel_group", 2),
    ("jihadist_group", 2),
    ("political_opposition", 2),
    ("pro_government_militia", 3),
    ("unidentified", 3),
    ("foreign_militia", 8),
    ("coalition", 8),
    ("private_military_company", 8),
    ("international_organisation", 8),
    ("civilians", 7),
    ("humanitarian", 7),
    ("ngo", 7),
    ("monitor", 7),
    ("news_agency", 7),
];

/// An actor's name in every export: ACLED's name for the era of the event's day where the pack gives
/// one ("Military Forces of the United States (2009-2017)" in 2016), else the pack's name, so that the
/// CSV and the GeoJSON name an actor alike.
pub fn actor_name(packs: &Packs, name: Option<&str>, day: Option<&str>) -> String {
    let Some(name) = name else { return String::new() };
    let day = day.and_then(|d| d.get(..10)?.parse().ok());
    packs.actor_named(name).and_then(|a| a.acled_on(day)).map_or_else(|| name.to_owned(), str::to_owned)
}

/// How the world layer names a country's state actors outside every pack (the extractor's table of
/// state nouns gives these forms): each is ACLED's state forces, inter 1.
const WORLD_STATE_FORMS: &[&str] = &["Military Forces of ", "Police Forces of ", "Government of ", ""];

/// The ACLED 'inter' code of an actor named in an event of `country`: from the pack's actor type, else
/// for a state the world layer names, 1 at home and 8 abroad ("Military Forces of Russia" in Ukraine).
fn inter(packs: &Packs, name: Option<&str>, country: Option<&str>) -> Option<u8> {
    let name = name?;
    let Some(actor) = packs.actor_named(name) else {
        let world = truce_pack::World::get();
        let state = WORLD_STATE_FORMS.iter().find_map(|form| world.country_named(name.strip_prefix(form)?))?;
        return Some(if country.is_some_and(|c| c != state.alpha2) { 8 } else { 1 });
    };
    let code = INTER_BY_ACTOR_TYPE.iter().find(|(kind, _)| *kind == actor.kind)?.1;
    let home = actor.country.as_deref().or_else(|| packs.actor(actor.part_of.as_deref()?)?.country.as_deref());
    Some(if code == 1 && country.is_some() && home.is_some() && home != country { 8 } else { code })
}

/// ACLED's interaction code: the two 'inter' codes, the lower first; one actor alone is its code and 0.
fn interaction(a: Option<u8>, b: Option<u8>) -> Option<u8> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b) * 10 + a.max(b)),
        (Some(a), None) | (None, Some(a)) => Some(a * 10),
        (None, None) => None,
    }
}

/// The ACLED row of an event.
pub fn acled_row(packs: &Packs, e: &Event) -> AcledRow {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let disorder =
        if e.event_type == "Protests" || e.event_type == "Riots" { "Demonstrations" } else { "Political violence" };
    let time_precision = match e.date_precision.as_str() {
        "day" | "minute" | "hour" => 1,
        "week" | "range" => 2,
        _ => 3,
    };
    let codes = e.country.as_deref().and_then(|c| truce_pack::World::get().country(c));
    let mut sources: Vec<String> = Vec::new();
    for name in e.mentions.iter().flat_map(|m| m.sources.iter().map(|s| s.name.clone())) {
        if !sources.contains(&name) {
            sources.push(name);
        }
    }
    let (inter1, inter2) = (
        inter(packs, e.actor1.as_deref(), e.country.as_deref()),
        inter(packs, e.actor2.as_deref(), e.country.as_deref()),
    );
    let civilians = e.event_type == "Violence against civilians" || inter2 == Some(7);
    let first = e.mentions.first().and_then(|m| m.evidence.first());
    let notes = match first {
        Some(x) => format!(
            "{}{} ({} report(s), {} independent source(s))",
            e.event_date.as_deref().map(|d| format!("On {d}: ")).unwrap_or_default(),
            x.sentence,
            e.mentions.len(),
            e.independent_sources
        ),
        None => String::new(),
    };
    // ACLED's timestamp is when the row was last changed: when the store last wrote the event.
    let timestamp = e.written;
    let id_prefix = codes.map(|c| c.alpha3.to_owned()).unwrap_or_else(|| packs.first().meta.id.to_uppercase());
    AcledRow {
        event_id_cnty: format!("{id_prefix}{}", e.id),
        event_date: s(&e.event_date),
        year: e.event_date.as_deref().and_then(|d| d.get(..4)).unwrap_or("").to_owned(),
        time_precision,
        disorder_type: disorder,
        event_type: e.event_type.clone(),
        sub_event_type: e.sub_event_type.clone(),
        actor1: actor_name(packs, e.actor1.as_deref(), e.event_date.as_deref()),
        assoc_actor_1: String::new(),
        inter1,
        actor2: actor_name(packs, e.actor2.as_deref(), e.event_date.as_deref()),
        assoc_actor_2: String::new(),
        inter2,
        interaction: interaction(inter1, inter2),
        civilian_targeting: if civilians { "Civilian targeting" } else { "" },
        iso: codes.and_then(|c| c.numeric.parse().ok()),
        region: codes.map(|c| c.region.to_owned()).unwrap_or_default(),
        country: codes.map(|c| c.acled_name.to_owned()).or(e.country.clone()).unwrap_or_default(),
        admin1: s(&e.admin1),
        admin2: s(&e.admin2),
        admin3: String::new(),
        location: s(&e.location),
        latitude: e.latitude.map(|v| format!("{v:.4}")),
        longitude: e.longitude.map(|v| format!("{v:.4}")),
        geo_precision: e.geo_precision,
        source: sources.join("; "),
        source_scale: source_scale(packs, e),
        notes,
        fatalities: e.fatalities.unwrap_or(0),
        tags: String::new(),
        timestamp,
    }
}

/// ACLED's source scale from the outlets the pack knows: an outlet of the event's country (or speaking
/// for one of its actors) is national, one of another country international; outlets the pack does not
/// place leave it unknown rather than guessed.
fn source_scale(packs: &Packs, e: &Event) -> String {
    let mut scales: Vec<&str> = Vec::new();
    for s in e.mentions.iter().flat_map(|m| &m.sources) {
        let Some(outlet) = packs.actor_named(&s.name) else { continue };
        let home = outlet.country.as_deref().or_else(|| packs.actor(outlet.speaks_for.as_deref()?)?.country.as_deref());
        let scale = match (home, e.country.as_deref()) {
            (Some(h), Some(c)) if h == c => "National",
            (Some(_), Some(_)) => "International",
            _ => continue,
        };
        if !scales.contains(&scale) {
            scales.push(scale);
        }
    }
    scales.sort_by_key(|s| *s != "National");
    scales.join("-")
}

/// The GeoJSON feature of an event with a point.
pub fn event_feature(packs: &Packs, e: &Event) -> Option<serde_json::Value> {
    let (lon, lat) = (e.longitude?, e.latitude?);
    Some(serde_json::json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "layer": "event", "id": e.id, "status": e.status, "event_date": e.event_date,
            "event_type": e.event_type, "sub_event_type": e.sub_event_type,
            "actor1": actor_name(packs, e.actor1.as_deref(), e.event_date.as_deref()), "actor2": actor_name(packs, e.actor2.as_deref(), e.event_date.as_deref()),
            "location": e.location, "country": e.country, "admin1": e.admin1, "geo_precision": e.geo_precision,
            "fatalities": e.fatalities, "sources": e.independent_sources,
        }
    }))
}

/// Writes the events the filter admits in `format`. ACLED rows are events that happened on a known
/// day (with `include_undated`, undated ones too).
pub fn export(
    store: &SqliteStore,
    packs: &Packs,
    filter: EventFilter,
    format: ExportFormat,
    include_undated: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let conn = store.connection();
    match format {
        ExportFormat::Jsonl => read::each_event(conn, filter, |e| {
            serde_json::to_writer(&mut *out, &e)?;
            out.write_all(b"\n")?;
            Ok(())
        })?,
        ExportFormat::AcledCsv => {
            // The header is written by hand so that an export with no rows still has it.
            let mut csv = csv::WriterBuilder::new().has_headers(false).from_writer(&mut *out);
            csv.write_record(ACLED_COLUMNS).map_err(std::io::Error::from)?;
            read::each_event(conn, filter, |e| {
                if e.status == "occurred" && (include_undated || e.event_date.is_some()) {
                    csv.serialize(acled_row(packs, &e))?;
                }
                Ok(())
            })?;
            csv.flush()?;
        }
        ExportFormat::Geojson => {
            let mut first = true;
            let mut feature = |out: &mut dyn Write, f: &serde_json::Value| -> std::io::Result<()> {
                out.write_all(if first { b"" } else { b"," })?;
                first = false;
                serde_json::to_writer(&mut *out, f)?;
                Ok(())
            };
            out.write_all(br#"{"type":"FeatureCollection","features":["#)?;
            let mut countries: Vec<String> = Vec::new();
            read::each_event(conn, filter, |e| {
                if let Some(c) = e.country.as_ref().filter(|c| !countries.contains(c)) {
                    countries.push(c.clone());
                }
                if let Some(f) = event_feature(packs, &e) {
                    feature(out, &f)?;
                }
                Ok(())
            })?;
            for z in zones_covered(packs, filter, &countries) {
                let mut f = z.geojson.clone();
                if let Some(props) = f.get_mut("properties").and_then(|p| p.as_object_mut()) {
                    props.insert("layer".into(), "zone".into());
                    props.insert("name".into(), z.name.clone().into());
                }
                if f.get("geometry").is_some_and(|g| !g.is_null()) {
                    feature(out, &f)?;
                }
            }
            out.write_all(b"]}\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

/// The pack's zones an export of the filtered events covers: an agreement's own zones when the filter
/// names one the registry knows; otherwise every zone of each theatre that holds the country of some
/// exported event (`countries`: a Gaza export holds no Syrian zone).
fn zones_covered<'a>(packs: &'a Packs, filter: EventFilter, countries: &[String]) -> Vec<&'a truce_pack::Zone> {
    if let Some(a) = filter.agreement.and_then(|id| packs.agreement(id)) {
        return packs.zones().filter(|z| a.zones.contains(&z.id)).collect();
    }
    packs
        .iter()
        .filter(|p| p.meta.countries.iter().any(|c| countries.contains(c)))
        .flat_map(|p| p.zones.iter())
        .collect()
}

/// Writes the events the filter admits as one JSON array, element by element: the events are never all
/// in memory. Indented as `to_string_pretty` of the whole array would be.
pub fn events_json(store: &SqliteStore, filter: EventFilter, out: &mut dyn Write) -> Result<()> {
    let mut first = true;
    read::each_event(store.connection(), filter, |e| {
        out.write_all(if first { b"[\n" } else { b",\n" })?;
        first = false;
        for (k, line) in serde_json::to_string_pretty(&e)?.lines().enumerate() {
            write!(out, "{}  {line}", if k == 0 { "" } else { "\n" })?;
        }
        Ok(())
    })?;
    out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The row's fields are ACLED's columns, in ACLED's order.
    #[test]
    fn row_fields_are_the_columns() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        let e: Event = serde_json::from_value(serde_json::json!({
            "id": 7, "status": "occurred", "event_type": "Battles", "sub_event_type": "Armed clash",
            "event_date": "2019-08-02", "date_precision": "day", "location": "Idlib", "latitude": 35.9,
            "longitude": 36.6, "country": "SY", "admin1": "Idlib", "geo_precision": 1,
            "actor1": "Government of Syria", "actor2": null, "fatalities": 3, "decided": {}, "conflicts": [],
            "mentions": [], "independent_sources": 1
        }))
        .unwrap();
        let row = acled_row(&packs, &e);
        let value = serde_json::to_value(&row).unwrap();
        let keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        let mut columns = ACLED_COLUMNS.to_vec();
        columns.sort();
        let mut sorted = keys.clone();
        sorted.sort();
        assert_eq!(sorted, columns);
        assert_eq!((row.inter1, row.interaction), (Some(1), Some(10)));
        assert_eq!(interaction(Some(2), Some(1)), Some(12));
        // The world layer's codes: ISO 3166-1 numeric, the country's name, ACLED's region.
        assert_eq!((row.iso, row.country.as_str(), row.region.as_str()), (Some(760), "Syria", "Middle East"));
        assert!(row.event_id_cnty.starts_with("SYR"), "{}", row.event_id_cnty);
    }

    /// An event of a day, in a country, between two actors, as the store gives it.
    fn event(day: &str, country: &str, actor1: &str, actor2: Option<&str>) -> Event {
        serde_json::from_value(serde_json::json!({
            "id": 1, "status": "occurred", "event_type": "Explosions/Remote violence",
            "sub_event_type": "Air/drone strike", "event_date": day, "date_precision": "day", "country": country,
            "admin1": null, "geo_precision": 2, "actor1": actor1, "actor2": actor2, "fatalities": null,
            "decided": {}, "conflicts": [], "mentions": [], "independent_sources": 1
        }))
        .unwrap()
    }

    /// Actor names carry ACLED's era for the event's day, inter codes come from the pack or, for a
    /// state no pack lists, the world layer (abroad is 8), and the timestamp is the store's writing.
    #[test]
    fn names_by_era_inter_codes_and_the_time_a_row_was_written() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        /// Day, country, actor1, actor2, ACLED's actor1, inter1, inter2.
        type Case =
            (&'static str, &'static str, &'static str, Option<&'static str>, &'static str, Option<u8>, Option<u8>);
        const CASES: &[Case] = &[
            (
                "2016-09-20",
                "SY",
                "United States",
                None,
                "Military Forces of the United States (2009-2017)",
                Some(8),
                None,
            ),
            (
                "2018-04-14",
                "SY",
                "United States",
                None,
                "Military Forces of the United States (2017-2021)",
                Some(8),
                None,
            ),
            ("2021-02-25", "SY", "United States", None, "Military Forces of the United States (2021-)", Some(8), None),
            ("2019-08-02", "SY", "Government of Syria", None, "Military Forces of Syria (2000-2024)", Some(1), None),
            (
                "2022-03-01",
                "UA",
                "Military Forces of Russia",
                Some("Military Forces of Ukraine"),
                "Military Forces of Russia",
                Some(8),
                Some(1),
            ),
            ("2022-03-01", "UA", "Government of Ukraine", None, "Government of Ukraine", Some(1), None),
        ];
        for &(day, country, actor1, actor2, acled, inter1, inter2) in CASES {
            let mut e = event(day, country, actor1, actor2);
            e.written = Some(1_790_000_000);
            let row = acled_row(&packs, &e);
            assert_eq!(row.actor1, acled, "{day} {actor1}");
            assert_eq!((row.inter1, row.inter2), (inter1, inter2), "{day} {actor1} {actor2:?}");
            assert_eq!(row.timestamp, Some(1_790_000_000));
        }
    }

    /// The theatres' packs give their armed parties inter codes: Hamas and the Taliban are rebel groups
    /// (2), Israel's forces in Gaza are external (8), the Houthis and the RSF rebel groups.
    #[test]
    fn the_theatres_parties_have_inter_codes() {
        let packs = Packs::builtin_all().unwrap();
        const CASES: &[(&str, &str, &str, Option<u8>)] = &[
            ("2014-08-05", "PS", "Hamas", Some(2)),
            ("2014-08-05", "PS", "Israel", Some(8)),
            ("2014-08-05", "IL", "Israel", Some(1)),
            ("2020-03-04", "AF", "Taliban", Some(2)),
            ("2022-04-02", "YE", "Houthis", Some(2)),
            ("2023-05-20", "SD", "Rapid Support Forces", Some(2)),
        ];
        for &(day, country, actor, inter) in CASES {
            let row = acled_row(&packs, &event(day, country, actor, None));
            assert_eq!(row.inter1, inter, "{actor} in {country}");
        }
    }
}
