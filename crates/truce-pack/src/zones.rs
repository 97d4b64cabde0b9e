//! Zones: reading their GeoJSON, and asking whether a place lies inside one, how far from its edge, and
//! how sure that answer is given how precisely the place is known.
//!
//! Distances are computed in a local equirectangular projection around the place (kilometres east and
//! north), which at the scale of a theatre (a few hundred km) errs by well under 1 %.

use geo::orient::{Direction, Orient};
use geo::{Contains, Coord, Distance, Euclidean, LineString, MapCoords, Point, Polygon};
use serde::Serialize;

use crate::Problem;
use crate::model::{Zone, ZoneShape};

/// Whether a place is inside a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Inside {
    Yes,
    Maybe,
    No,
}

/// The answer to "is this place in that zone?".
#[derive(Debug, Clone, Serialize)]
pub struct ZoneTest {
    pub zone: String,
    pub inside: Inside,
    /// Distance from the zone's edge in km (for a band or corridor, from its centre line), positive inside.
    pub edge_distance_km: f64,
    /// Probability that the place is inside, given the place's uncertainty radius.
    pub probability: f64,
    /// The uncertainty radius used, in km.
    pub radius_km: f64,
}

/// How far a place of a given ACLED geo-precision may be from its point, in km.
pub fn radius_for_precision(precision: u8) -> f64 {
    match precision {
        0 | 1 => 2.0,
        2 => 10.0,
        3 => 50.0,
        _ => 250.0,
    }
}

fn project(origin: [f64; 2]) -> impl Fn(Coord<f64>) -> Coord<f64> + Copy {
    let kx = 111.320 * origin[1].to_radians().cos();
    let ky = 110.574;
    move |c: Coord<f64>| Coord { x: (c.x - origin[0]) * kx, y: (c.y - origin[1]) * ky }
}

/// Distance in km from `point` ([lon, lat]) to a line.
pub fn km_to_line(point: [f64; 2], line: &LineString<f64>) -> f64 {
    let projected = line.map_coords(project(point));
    Euclidean.distance(&Point::new(0.0, 0.0), &projected)
}

/// Whether `point` is inside `polygon`, and its distance in km to the polygon's outer edge.
pub fn polygon_relation(point: [f64; 2], polygon: &Polygon<f64>) -> (bool, f64) {
    let inside = polygon.contains(&Point::new(point[0], point[1]));
    (inside, km_to_line(point, polygon.exterior()))
}

/// Turns a signed distance (positive inside) and an uncertainty radius into an answer.
pub fn judge(zone: &str, signed_km: f64, radius_km: f64) -> ZoneTest {
    let probability = (0.5 + signed_km / (2.0 * radius_km)).clamp(0.0, 1.0);
    let inside = if signed_km >= radius_km {
        Inside::Yes
    } else if signed_km <= -radius_km {
        Inside::No
    } else {
        Inside::Maybe
    };
    ZoneTest { zone: zone.to_owned(), inside, edge_distance_km: signed_km, probability, radius_km }
}

/// Reads `zones.geojson`: a FeatureCollection whose features carry `id`, `name`, `kind` (area, line,
/// band, corridor) and the kind's parameters in their properties.
pub fn read(text: &str, problems: &mut Vec<Problem>) -> Vec<Zone> {
    let file = "zones.geojson";
    let line_of = |needle: &str| text.find(needle).map(|at| text[..at].matches('\n').count() + 1).unwrap_or(1);
    let collection: geojson::FeatureCollection = match text.parse::<geojson::GeoJson>() {
        Ok(geojson::GeoJson::FeatureCollection(fc)) => fc,
        Ok(_) => {
            problems.push(Problem { file: file.into(), line: 1, message: "not a GeoJSON FeatureCollection".into() });
            return Vec::new();
        }
        Err(e) => {
            problems.push(Problem { file: file.into(), line: 1, message: format!("not valid GeoJSON: {e}") });
            return Vec::new();
        }
    };
    let mut zones = Vec::new();
    for mut feature in collection.features {
        let props = feature.properties.clone().unwrap_or_default();
        let text_prop = |k: &str| props.get(k).and_then(|v| v.as_str()).map(str::to_owned);
        let number = |k: &str| props.get(k).and_then(|v| v.as_f64());
        let Some(id) = text_prop("id") else {
            problems.push(Problem { file: file.into(), line: 1, message: "a feature has no \"id\" property".into() });
            continue;
        };
        let line = line_of(&format!("\"{id}\""));
        let mut problem = |message: String| problems.push(Problem { file: file.into(), line, message });
        let kind = text_prop("kind").unwrap_or_default();
        let geometry = feature.geometry.as_ref().map(|g| geo::Geometry::<f64>::try_from(g.clone()));
        let shape = match (kind.as_str(), geometry) {
            ("area", Some(Ok(geo::Geometry::Polygon(p)))) => match polygon_problem(&p) {
                Some(m) => {
                    problem(format!("zone {id:?}: invalid geometry: {m}"));
                    continue;
                }
                None => {
                    // RFC 7946 §3.1.6: the outer ring counter-clockwise, holes clockwise. Packs are
                    // written by hand, so the ring is turned rather than the pack refused.
                    let p = p.orient(Direction::Default);
                    feature.geometry = Some(geojson::Geometry::from(&geo::Geometry::Polygon(p.clone())));
                    ZoneShape::Area(p)
                }
            },
            ("line", Some(Ok(geo::Geometry::LineString(l)))) if l.0.len() >= 2 => ZoneShape::Line(l),
            ("corridor", Some(Ok(geo::Geometry::LineString(l)))) if l.0.len() >= 2 => match number("half_width_km") {
                Some(w) if w > 0.0 => ZoneShape::Corridor { line: l, half_width_km: w },
                _ => {
                    problem(format!("zone {id:?}: a corridor needs a positive \"half_width_km\""));
                    continue;
                }
            },
            ("band", None) => {
                match (text_prop("inside_of"), text_prop("along"), number("depth_km_min"), number("depth_km_max")) {
                    (Some(inside_of), Some(along), Some(min), Some(max)) if 0.0 < min && min <= max => {
                        ZoneShape::Band { inside_of, along, depth_km_min: min, depth_km_max: max }
                    }
                    (.., Some(min), Some(max)) if min > max => {
                        problem(format!("zone {id:?}: depth range reversed: {min} > {max} km"));
                        continue;
                    }
                    _ => {
                        problem(format!(
                            "zone {id:?}: a band needs \"inside_of\", \"along\", \"depth_km_min\" and \"depth_km_max\""
                        ));
                        continue;
                    }
                }
            }
            (_, Some(Err(e))) => {
                problem(format!("zone {id:?}: invalid geometry: {e}"));
                continue;
            }
            (kind, _) => {
                problem(format!(
                    "zone {id:?}: kind {kind:?} does not fit its geometry (area: Polygon, line or corridor: LineString, band: none)"
                ));
                continue;
            }
        };
        zones.push(Zone {
            name: text_prop("name").unwrap_or_else(|| id.clone()),
            kind,
            aliases: string_list(props.get("aliases")),
            established_by: text_prop("established_by"),
            precision_note: text_prop("precision_note").unwrap_or_default(),
            sources: string_list(props.get("sources")),
            shape,
            geojson: serde_json::to_value(&feature).unwrap_or_default(),
            id,
        });
    }
    zones
}

fn string_list(value: Option<&serde_json::Value>) -> Vec<String> {
    value
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// What is wrong with a polygon, if anything: too few points, out-of-range coordinates, a self-crossing ring.
fn polygon_problem(polygon: &Polygon<f64>) -> Option<String> {
    let ring = polygon.exterior();
    if ring.0.len() < 4 {
        return Some(format!("a ring needs at least 4 positions, it has {}", ring.0.len()));
    }
    if let Some(c) = ring.0.iter().find(|c| !(-180.0..=180.0).contains(&c.x) || !(-90.0..=90.0).contains(&c.y)) {
        return Some(format!("coordinate [{}, {}] is not [longitude, latitude]", c.x, c.y));
    }
    use geo::Validation;
    polygon.check_validation().err().map(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judges_with_the_uncertainty_radius() {
        assert_eq!(judge("z", 10.0, 2.0).inside, Inside::Yes);
        assert_eq!(judge("z", -10.0, 2.0).inside, Inside::No);
        let edge = judge("z", 1.0, 10.0);
        assert_eq!(edge.inside, Inside::Maybe);
        assert!((edge.probability - 0.55).abs() < 1e-9);
    }

    #[test]
    fn distances_are_in_kilometres() {
        // A meridian line: one degree of longitude at 35°N is about 91 km.
        let line = LineString::from(vec![(36.0, 34.0), (36.0, 36.0)]);
        let d = km_to_line([37.0, 35.0], &line);
        assert!((d - 91.2).abs() < 0.5, "{d}");
    }

    #[test]
    fn bad_geometry_and_parameters_are_reported_by_line() {
        let text = r#"{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"id": "bow", "kind": "area"},
   "geometry": {"type": "Polygon", "coordinates": [[[0,0],[1,1],[1,0],[0,1],[0,0]]]}},
  {"type": "Feature", "properties": {"id": "band", "kind": "band", "inside_of": "a", "along": "b", "depth_km_min": 20, "depth_km_max": 15}, "geometry": null},
  {"type": "Feature", "properties": {"id": "road", "kind": "corridor"}, "geometry": {"type": "LineString", "coordinates": [[0,0],[1,1]]}}
]}"#;
        let mut problems = Vec::new();
        let zones = read(text, &mut problems);
        assert!(zones.is_empty());
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, vec![2, 4, 5], "{problems:?}");
        assert!(problems[0].message.contains("invalid geometry"));
        assert!(problems[1].message.contains("reversed"));
        assert!(problems[2].message.contains("half_width_km"));
    }
}
