//! Extraction quality, measured with the yardstick in `../shared/eval` (`score.py`), against floors set
//! just under what Truce reaches. Raise a floor when extraction improves; a drop below one fails CI.

mod common;

use std::process::Command;

use common::*;

/// Runs `truce extract` on `inputs` and `score.py` on its output; returns the scorer's JSON.
fn score(gold: &str, inputs: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let pred = dir.path().join("pred.jsonl");
    let mut args = vec!["extract"];
    args.extend_from_slice(inputs);
    let out = run(&dir.path().join("unused.db"), &args);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::write(&pred, &out.stdout).unwrap();
    let scored = Command::new("python3")
        .arg(shared().join("eval/score.py"))
        .arg(shared().join("eval").join(gold))
        .arg(&pred)
        .arg("--json")
        .output()
        .expect("python3 runs the scorer");
    assert!(scored.status.success(), "{}", String::from_utf8_lossy(&scored.stderr));
    serde_json::from_slice(&scored.stdout).unwrap()
}

fn at_least(name: &str, value: &serde_json::Value, floor: f64) {
    let v = value.as_f64().unwrap_or_else(|| panic!("{name}: no figure ({value})"));
    eprintln!("{name} = {v:.3} (floor {floor})");
    assert!(v >= floor, "{name} = {v:.3}, below its floor {floor}");
}

#[test]
fn seeds_meet_their_floors() {
    let seeds = seeds();
    let s = score("seeds.gold.jsonl", &[seeds.to_str().unwrap()]);
    at_least("event F1", &s["event"]["f1"], 0.90);
    at_least("agreement F1", &s["agreement"]["f1"], 0.90);
    at_least("agreement status", &s["agreement"]["fields"]["status"]["accuracy"], 0.90);
    at_least("agreement coreference F1", &s["agreement"]["coreference_f1"], 0.90);
    at_least("agreement provisions", &s["agreement"]["fields"]["provisions"]["accuracy"], 0.85);
    at_least("agreement conditions", &s["agreement"]["fields"]["conditions"]["accuracy"], 0.80);
    // The scorer's alias table gives "Syrian government" to another name, so the government as a party
    // never matches: 6 of 10 is the most the parties can reach while that stands.
    at_least("agreement parties", &s["agreement"]["fields"]["parties"]["accuracy"], 0.55);
    at_least("figure F1", &s["figure"]["f1"], 0.95);
    at_least("quote F1", &s["quote"]["f1"], 0.95);
    at_least("quote speaker", &s["quote"]["fields"]["speaker"]["accuracy"], 0.90);
}

#[test]
fn fakes_dev_meets_its_floors() {
    let fakes = fakes();
    let s = score("fakes-dev.gold.jsonl", &[fakes.to_str().unwrap()]);
    // The top event is the one marked `main` (salience.rs): 0.916, 0.695, 0.906, 0.770, 0.752.
    at_least("governorate", &s["admin1"]["top"], 0.90);
    at_least("date", &s["date"]["top"], 0.68);
    at_least("cause", &s["cause"]["top"], 0.89);
    at_least("actor", &s["actor"]["top"], 0.76);
    at_least("killed", &s["killed"]["top"], 0.73);
    let per_doc = s["events_per_doc"].as_f64().unwrap();
    eprintln!("events per document = {per_doc}");
    assert!(per_doc <= 4.0, "{per_doc} events per document: flooding");
}

/// Ceasefires outside Syria (Gaza, Ukraine, Afghanistan, Yemen), read with every built-in pack: held at
/// least where they stand (0.725 F1, 37 of 48 matched).
#[test]
fn agreements_dev_meets_its_floors() {
    let input = shared().join("corpus/agreements-dev/docs.jsonl");
    let s = score("agreements-dev.gold.jsonl", &[input.to_str().unwrap()]);
    at_least("agreement F1", &s["agreement"]["f1"], 0.70);
    // Coreference is scored over matched agreements only; the theatres' registries link reports of one
    // agreement across documents (0.702).
    at_least("agreement coreference F1", &s["agreement"]["coreference_f1"], 0.68);
    // 20 right of 37 matched: the agreements the packs and "both sides" let match are those whose status
    // the text states least plainly.
    at_least("agreement status", &s["agreement"]["fields"]["status"]["accuracy"], 0.52);
    // A registered agreement's parties and guarantors the report names, its mediators named in its own
    // sentences, the speakers of a truce that could be agreed, both sides of the fighting (17 of 37).
    at_least("agreement parties", &s["agreement"]["fields"]["parties"]["accuracy"], 0.44);
    // Clocks with a bracketed zone ("8 a.m. (0500 GMT)") and start days without one: 4 of 5.
    at_least("agreement effective_from", &s["agreement"]["fields"]["effective_from"]["accuracy"], 0.75);
}

/// Pages that are not news of fighting (offtopic-dev) yield few events: a ceiling just over today's
/// count, so that a rule which starts reading events into recipes and product pages fails.
#[test]
fn offtopic_pages_yield_few_events() {
    let dir = tempfile::tempdir().unwrap();
    let pages = shared().join("corpus/offtopic-dev");
    let out = run(&dir.path().join("unused.db"), &["extract", pages.to_str().unwrap()]);
    let events = stdout(&out).lines().filter(|l| l.starts_with(r#"{"kind":"event""#)).count();
    let agreements = stdout(&out).lines().filter(|l| l.starts_with(r#"{"kind":"agreement""#)).count();
    eprintln!("offtopic-dev events = {events}, agreements = {agreements}");
    // Two are protests that happened (a rally in Seoul), which ACLED codes too; the issue's bar is two.
    assert!(events <= 2, "{events} events from off-topic pages");
    assert_eq!(agreements, 0, "agreements from off-topic pages");
}

/// The countries an event of an agreements-dev article may be in, by the theatre of the article's
/// agreements (the prefix of their `ref` in the gold): a Gaza article's events are in Israel or
/// Palestine, and so on.
const THEATRE_COUNTRIES: &[(&str, &[&str])] =
    &[("gaza", &["PS", "IL"]), ("ukraine", &["UA"]), ("afg", &["AF"]), ("yemen", &["YE"]), ("syria", &["SY"])];

/// Outside Syria no event lands in Syria, and most carry their real country (issue 9's bar: 80 %).
#[test]
fn events_outside_syria_carry_their_own_country() {
    let mut theatre_of: std::collections::HashMap<String, &[&str]> = Default::default();
    let gold = std::fs::read_to_string(shared().join("eval/agreements-dev.gold.jsonl")).unwrap();
    for line in gold.lines() {
        let g: serde_json::Value = serde_json::from_str(line).unwrap();
        let (Some(doc), Some(r)) = (g["doc"].as_str(), g["ref"].as_str()) else { continue };
        let prefix = r.split('-').next().unwrap();
        if let Some((_, countries)) = THEATRE_COUNTRIES.iter().find(|(p, _)| *p == prefix) {
            theatre_of.insert(doc.to_owned(), countries);
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let input = shared().join("corpus/agreements-dev/docs.jsonl");
    let out = run(&dir.path().join("unused.db"), &["extract", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (mut events, mut in_syria, mut right) = (0, 0, 0);
    for line in stdout(&out).lines() {
        let r: serde_json::Value = serde_json::from_str(line).unwrap();
        if r["kind"] != "event" {
            continue;
        }
        let Some(countries) = theatre_of.get(r["doc"].as_str().unwrap()) else { continue };
        if countries.contains(&"SY") {
            continue;
        }
        events += 1;
        let country = r["country"].as_str();
        in_syria += usize::from(country == Some("SY"));
        right += usize::from(country.is_some_and(|c| countries.contains(&c)));
    }
    let share = right as f64 / events.max(1) as f64;
    eprintln!("agreements-dev outside Syria: {events} events, {in_syria} in Syria, right country {share:.3}");
    assert!(events >= 50, "{events} events: the measure needs events");
    assert_eq!(in_syria, 0, "events of non-Syrian articles placed in Syria");
    at_least("right country outside Syria", &serde_json::json!(share), 0.96);
}

/// Names no pack lists: the share of the gold parties of agreements-dev's non-Syrian articles that
/// Truce finds as actor or organisation mentions (`scripts/party-coverage.py`, which also runs spaCy's
/// small English model as the peer when it is installed), held just under today's figure; and no
/// agreement of those articles links to the Syrian registry.
#[test]
fn names_no_pack_lists_cover_the_parties_outside_syria() {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/party-coverage.py");
    let out = Command::new("python3")
        .arg(script)
        .args(["--truce", env!("CARGO_BIN_EXE_truce")])
        .output()
        .expect("python3 runs the coverage script");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    at_least("party names found outside Syria", &s["truce"], 0.95);
    at_least("party proper names found outside Syria", &s["truce_proper_names"], 0.9);
    assert_eq!(s["registry_links_outside_theatre"], 0, "{s}");
}
