//! The theatres' packs as data: every case of `tests/cases/packs.toml`, a headline-style report of one
//! theatre, is read with every built-in pack and checked for the theatre it is read in, the country,
//! the agreement the pack's registry links, its status and parties, and an event's actor. A failure
//! prints the case and the records the report gave.

mod common;

use std::sync::OnceLock;

use serde::Deserialize;
use serde_json::Value;
use truce_extract::Extractor;
use truce_extract::records::Record;

const CASES: &str = include_str!("cases/packs.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    published: String,
    text: String,
    theatre: String,
    country: Option<String>,
    agreement: Option<String>,
    status: Option<String>,
    #[serde(default)]
    parties: Vec<String>,
    actor: Option<String>,
}

fn extractor() -> &'static Extractor {
    static E: OnceLock<Extractor> = OnceLock::new();
    E.get_or_init(|| Extractor::with_packs(truce_pack::Packs::builtin_all().expect("the built-in packs load")))
}

fn records(case: &Case) -> Vec<Value> {
    let doc = common::document(&case.text, None, &case.published);
    extractor()
        .extract(&doc, None)
        .into_iter()
        .filter(|r| matches!(r, Record::Document(_) | Record::Event(_) | Record::Agreement(_)))
        .map(|r| serde_json::to_value(&r).expect("a record serialises"))
        .collect()
}

/// What is wrong with the records of one case, if anything.
fn check(case: &Case, records: &[Value]) -> Vec<String> {
    let mut wrong = Vec::new();
    let doc = records.iter().find(|r| r["kind"] == "document").expect("a document record");
    if doc["theatre"] != case.theatre.as_str() {
        wrong.push(format!("theatre {} (want {})", doc["theatre"], case.theatre));
    }
    if let Some(c) = &case.country
        && doc["country"] != c.as_str()
    {
        wrong.push(format!("country {} (want {c})", doc["country"]));
    }
    let agreements: Vec<&Value> = records.iter().filter(|r| r["kind"] == "agreement").collect();
    let chosen = match &case.agreement {
        Some(id) => {
            let found = agreements.iter().find(|a| a["agreement_id"] == id.as_str()).copied();
            if found.is_none() {
                wrong.push(format!("no agreement {id}"));
            }
            found
        }
        None => agreements.first().copied(),
    };
    if let Some(a) = chosen {
        if let Some(s) = &case.status
            && a["status"] != s.as_str()
        {
            wrong.push(format!("status {} (want {s})", a["status"]));
        }
        let parties: Vec<&str> = a["parties"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        for p in &case.parties {
            if !parties.contains(&p.as_str()) {
                wrong.push(format!("party {p} missing from {parties:?}"));
            }
        }
    } else if case.status.is_some() || !case.parties.is_empty() {
        wrong.push("no agreement to check".into());
    }
    if let Some(actor) = &case.actor
        && !records.iter().any(|r| r["kind"] == "event" && r["actor1"] == actor.as_str())
    {
        wrong.push(format!("no event by {actor}"));
    }
    wrong
}

#[test]
fn every_theatre_reads_its_own_reports() {
    let cases: Vec<Case> = common::cases(CASES, "tests/cases/packs.toml");
    let mut per_theatre: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut failures = Vec::new();
    for case in &cases {
        *per_theatre.entry(case.theatre.as_str()).or_default() += 1;
        let records = records(case);
        let wrong = check(case, &records);
        if !wrong.is_empty() {
            let shown: Vec<String> = records.iter().map(|r| r.to_string()).collect();
            failures.push(format!("{}\n  {}\n  records: {}", case.text, wrong.join("; "), shown.join("\n    ")));
        }
    }
    for (theatre, n) in &per_theatre {
        assert!(*n >= 10, "{theatre}: {n} cases, at least ten per theatre");
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}
