//! `truce kb`, `truce pack check` and `truce gazetteer import`.

mod common;

use common::*;

#[test]
fn kb_places_prints_the_resolved_place_with_coordinates_admin1_and_precision() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let places = json(&run(&db, &["kb", "places", "Qardaha", "--json"]));
    let best = &places[0];
    assert_eq!(best["admin1"], "Latakia");
    assert_eq!(best["precision"], 1);
    assert!((best["latitude"].as_f64().unwrap() - 35.456).abs() < 0.01);
    assert!((best["longitude"].as_f64().unwrap() - 36.059).abs() < 0.01);
    let unknown = run(&db, &["kb", "places", "Xqzzyville"]);
    assert!(!unknown.status.success());
}

#[test]
fn kb_lists_actors_people_zones_and_agreements_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let actors = json(&run(&db, &["kb", "actors", "Nusra", "--on", "2019-08-02", "--json"]));
    assert_eq!(actors[0]["actor"]["id"], "hayat-tahrir-al-sham");
    assert_eq!(actors[0]["via"], "lineage");
    let all = json(&run(&db, &["kb", "actors", "--json"]));
    assert!(all.as_array().unwrap().len() >= 80);
    let people = json(&run(&db, &["kb", "people", "the Russian envoy", "--on", "2019-08-01", "--json"]));
    assert_eq!(people[0]["person"]["id"], "alexander-lavrentiev");
    let zones = json(&run(&db, &["kb", "zones", "--json"]));
    assert_eq!(zones["type"], "FeatureCollection");
    assert!(zones["features"].as_array().unwrap().iter().any(|f| f["properties"]["id"] == "sochi-demilitarised-zone"));
    let agreements = json(&run(&db, &["kb", "agreements", "--json"]));
    let us = agreements.as_array().unwrap().iter().find(|a| a["id"] == "us-russia-2016-09").unwrap();
    assert_eq!(us["start"], "2016-09-12T19:00+03:00");
}

#[test]
fn pack_check_passes_the_shipped_pack_and_names_problems_in_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packs/syria");
    let ok = run(&db, &["pack", "check", shipped.to_str().unwrap()]);
    assert!(ok.status.success(), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("ok:"));
    let broken = dir.path().join("broken");
    std::fs::create_dir(&broken).unwrap();
    std::fs::write(broken.join("pack.toml"), "id = \"b\"\nname = \"B\"\ntimezone = \"Mars/Olympus\"\n").unwrap();
    let bad = run(&db, &["pack", "check", broken.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).contains("pack.toml:3: unknown time zone"), "{}", stdout(&bad));
}

#[test]
fn an_imported_geonames_dump_adds_villages_to_place_lookups() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let dump = dir.path().join("SY.txt");
    // Two villages below the shipped gazetteer's population floor (invented names), a non-place, a bad line.
    std::fs::write(
        &dump,
        "9000001\tTell Zahrun\tTell Zahrun\tTal Zahroun,تل زهرون\t35.5000\t36.5500\tP\tPPL\tSY\t\t12\t\t\t\t300\t\t\tAsia/Damascus\t2020-01-01\n\
         9000002\tKhirbat Wardan\tKhirbat Wardan\t\t35.2000\t36.6000\tP\tPPL\tSY\t\t10\t\t\t\t150\t\t\tAsia/Damascus\t2020-01-01\n\
         9000003\tJabal Wardan\tJabal Wardan\t\t35.2100\t36.6100\tT\tMT\tSY\t\t10\t\t\t\t0\t\t\tAsia/Damascus\t2020-01-01\n\
         not a geonames line\n",
    )
    .unwrap();
    let out = run(&db, &["--json", "gazetteer", "import", dump.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "the bad line is reported");
    assert!(stderr(&out).contains("SY.txt:4"));
    let summary = json(&out);
    assert_eq!((summary["imported"].as_u64(), summary["skipped"].as_u64()), (Some(2), Some(1)));
    let found = json(&run(&db, &["kb", "places", "Tal Zahroun", "--json"]));
    let village = found.as_array().unwrap().iter().find(|p| p["source"] == "store").expect("the imported village");
    assert_eq!((village["name"].as_str(), village["admin1"].as_str()), (Some("Tell Zahrun"), Some("Idlib")));
    assert!(village["admin2"].is_string());
    let by_skeleton = json(&run(&db, &["kb", "places", "Khirbet Wardan", "--json"]));
    assert!(by_skeleton.as_array().unwrap().iter().any(|p| p["name"] == "Khirbat Wardan" && p["admin1"] == "Hama"));
}
