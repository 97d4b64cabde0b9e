//! GeoNames rows: the pack's own gazetteer file and full GeoNames dumps (`allCountries.txt`, `SY.txt`,
//! `cities500.txt`), read as a stream.

use std::collections::HashMap;
use std::io::BufRead;

use crate::Problem;
use crate::model::{Place, PlaceKind};

/// One populated place of GeoNames.
#[derive(Debug, Clone, PartialEq)]
pub struct GazetteerRow {
    pub geonameid: u64,
    pub name: String,
    pub asciiname: String,
    pub alternatenames: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub feature_class: String,
    pub feature_code: String,
    pub country: String,
    pub admin1: String,
    pub population: u64,
}

/// The columns of a GeoNames dump line (19, tab-separated), or of a pack's gazetteer file (the ten
/// named in its header line).
const DUMP_COLUMNS: usize = 19;

/// Reads GeoNames rows from a dump or a pack gazetteer file, line by line. Comment lines (`#`) and a
/// header line are skipped; a malformed line is an error naming its line number.
pub struct GeonamesReader<R> {
    reader: R,
    line: usize,
    header: Option<Vec<String>>,
    buf: String,
}

impl<R: BufRead> GeonamesReader<R> {
    pub fn new(reader: R) -> Self {
        GeonamesReader { reader, line: 0, header: None, buf: String::new() }
    }
}

impl<R: BufRead> Iterator for GeonamesReader<R> {
    type Item = Result<GazetteerRow, (usize, String)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            self.buf.clear();
            self.line += 1;
            match self.reader.read_line(&mut self.buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return Some(Err((self.line, format!("read error: {e}")))),
            }
            let line = self.buf.trim_end_matches(['\n', '\r']);
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line.starts_with("geonameid\t") {
                self.header = Some(line.split('\t').map(str::to_owned).collect());
                continue;
            }
            return Some(parse_row(line, self.header.as_deref()).map_err(|m| (self.line, m)));
        }
    }
}

fn parse_row(line: &str, header: Option<&[String]>) -> Result<GazetteerRow, String> {
    let fields: Vec<&str> = line.split('\t').collect();
    let get = |name: &str, dump_index: usize| -> Option<&str> {
        match header {
            Some(h) => h.iter().position(|c| c == name).and_then(|i| fields.get(i).copied()),
            None => fields.get(dump_index).copied(),
        }
    };
    if header.is_none() && fields.len() < DUMP_COLUMNS {
        return Err(format!("{} columns; a GeoNames dump line has {DUMP_COLUMNS}", fields.len()));
    }
    let number = |name: &str, i: usize| -> Result<f64, String> {
        get(name, i).ok_or(format!("no {name}"))?.parse::<f64>().map_err(|e| format!("{name}: {e}"))
    };
    let lat = number("latitude", 4)?;
    let lon = number("longitude", 5)?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coordinates out of range: {lat}, {lon}"));
    }
    Ok(GazetteerRow {
        geonameid: get("geonameid", 0).unwrap_or("").parse().map_err(|e| format!("geonameid: {e}"))?,
        name: get("name", 1).unwrap_or("").to_owned(),
        asciiname: get("asciiname", 2).unwrap_or("").to_owned(),
        alternatenames: get("alternatenames", 3)
            .unwrap_or("")
            .split(',')
            .filter(|n| !n.is_empty())
            .map(str::to_owned)
            .collect(),
        lat,
        lon,
        feature_class: get("feature_class", 6).unwrap_or("P").to_owned(),
        feature_code: get("feature_code", 7).unwrap_or("").to_owned(),
        country: get("country_code", 8).unwrap_or("").to_owned(),
        admin1: get("admin1_code", 10).unwrap_or("").to_owned(),
        population: get("population", 14).unwrap_or("0").parse().unwrap_or(0),
    })
}

/// Parses a whole gazetteer file held in memory.
pub fn parse_tsv(text: &str, file: &str, problems: &mut Vec<Problem>) -> Vec<GazetteerRow> {
    let mut rows = Vec::new();
    for item in GeonamesReader::new(text.as_bytes()) {
        match item {
            Ok(row) => rows.push(row),
            Err((line, message)) => problems.push(Problem { file: file.to_owned(), line, message }),
        }
    }
    rows
}

/// Words that begin place names ("Tall Tawil", "Deir Hafer") and, alone, are no name at all: an alternate
/// name that is only one of these would match every hill and monastery in the news.
const GENERIC_TOPONYMS: &[&str] = &[
    "tal", "tall", "tell", "tel", "jabal", "jebel", "ain", "ayn", "kafr", "kfar", "deir", "dayr", "bab", "khan",
    "qasr", "sheikh", "shaykh", "harat", "hayy", "new", "old", "west", "east", "north", "south", "city", "town",
    "camp", "qaryat",
];

/// Whether an alternate name is worth indexing: Latin or Arabic script, not a code, not a bare generic word.
pub fn useful_name(name: &str) -> bool {
    // ASCII is tested before Unicode's alphabetic table, and the script before folding (a Unicode
    // decomposition): GeoNames gives a town dozens of alternate names, and these tests run at start-up.
    let alphabetic = |c: char| c.is_ascii_alphabetic() || (!c.is_ascii() && c.is_alphabetic());
    let latin_or_arabic = |c: char| {
        c.is_ascii()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
            || ('\u{0600}'..='\u{06FF}').contains(&c)
            || !c.is_alphabetic()
    };
    name.chars().all(latin_or_arabic)
        && name.chars().filter(|&c| alphabetic(c)).count() >= 4
        && !GENERIC_TOPONYMS.contains(&crate::fold::fold(name).as_str())
}

/// Turns gazetteer rows into town records, naming each one's governorate (from its GeoNames admin1
/// code) and district (the nearest district seat in that governorate).
pub fn add_towns(places: &mut Vec<Place>, rows: Vec<GazetteerRow>, admin1_codes: &HashMap<String, String>) {
    let seats: Vec<(String, String, [f64; 2])> = places
        .iter()
        .filter(|p| p.kind == PlaceKind::District)
        .map(|p| (p.admin1.clone().unwrap_or_default(), p.name.clone(), p.point))
        .collect();
    for row in rows {
        places.push(town_from_row(row, admin1_codes, &seats));
    }
}

/// One town record from a GeoNames row; `seats` are (governorate, district, point) of district seats.
pub fn town_from_row(
    row: GazetteerRow,
    admin1_codes: &HashMap<String, String>,
    seats: &[(String, String, [f64; 2])],
) -> Place {
    let in_theatre = admin1_codes.contains_key(&row.admin1) && !seats.is_empty();
    let admin1 = if in_theatre { admin1_codes.get(&row.admin1).cloned() } else { None };
    let point = [row.lon, row.lat];
    let admin2 = admin1.as_ref().and_then(|gov| {
        seats
            .iter()
            .filter(|(g, _, _)| g == gov)
            .min_by(|a, b| distance2(a.2, point).total_cmp(&distance2(b.2, point)))
            .map(|(_, name, _)| name.clone())
    });
    let mut aliases = vec![row.name.clone()];
    for name in std::iter::once(&row.asciiname).chain(row.alternatenames.iter()) {
        if useful_name(name) && !aliases.contains(name) {
            aliases.push(name.clone());
        }
    }
    Place {
        id: format!("geonames:{}", row.geonameid),
        name: row.name,
        kind: PlaceKind::Town,
        point,
        line: None,
        precision: 1,
        country: row.country,
        admin1,
        admin2,
        spans: Vec::new(),
        population: row.population,
        geonames_id: Some(row.geonameid),
        feature_code: Some(row.feature_code),
        aliases,
    }
}

fn distance2(a: [f64; 2], b: [f64; 2]) -> f64 {
    let dx = (a[0] - b[0]) * (a[1].to_radians().cos());
    let dy = a[1] - b[1];
    dx * dx + dy * dy
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_dump_lines_and_pack_files() {
        let dump = "170017\tDar‘ā\tDar`a\tDaraa,Deraa,درعا\t32.6189\t36.1021\tP\tPPLA\tSY\t\t06\t\t\t\t97969\t\t\tAsia/Damascus\t2012-01-19\n";
        let row = GeonamesReader::new(dump.as_bytes()).next().unwrap().unwrap();
        assert_eq!((row.geonameid, row.admin1.as_str(), row.population), (170017, "06", 97969));
        assert_eq!(row.alternatenames, vec!["Daraa", "Deraa", "درعا"]);
        let pack = "# comment\ngeonameid\tname\tlatitude\tlongitude\tcountry_code\tadmin1_code\n1\tTown\t35.0\t36.0\tSY\t12\n2\tBad\tnorth\t36.0\tSY\t12\n";
        let items: Vec<_> = GeonamesReader::new(pack.as_bytes()).collect();
        assert_eq!(items[0].as_ref().unwrap().admin1, "12");
        assert_eq!(items[1].as_ref().unwrap_err().0, 4);
        let short = GeonamesReader::new("1\tx\n".as_bytes()).next().unwrap();
        assert!(short.unwrap_err().1.contains("columns"));
    }

    #[test]
    fn keeps_latin_and_arabic_names_only() {
        assert!(useful_name("Ma‘arrat an Nu‘mān"));
        assert!(useful_name("معرة النعمان"));
        assert!(!useful_name("Мааррат"));
        assert!(!useful_name("AB"));
        assert!(!useful_name("Tall"));
        assert!(useful_name("Tall Tawil"));
    }
}
