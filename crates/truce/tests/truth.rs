//! What Truce says follows from evidence that can carry it (issue "tell the truth"), checked on a store
//! of every shared corpus: the seeds, FA-KES dev and the world-news agreement set.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

/// The store of all three corpora, ingested once for every test of this file.
fn corpora() -> &'static Path {
    static STORE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, db) = STORE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("truce.db");
        let agreements = shared().join("corpus/agreements-dev/docs.jsonl");
        let out = run(
            &db,
            &["ingest", "-q", seeds().to_str().unwrap(), fakes().to_str().unwrap(), agreements.to_str().unwrap()],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        (dir, db)
    });
    db
}

/// The first day a transition's date can mean: "2016-09" is read as its first day.
fn first_day(date: &str) -> String {
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.get(..10).unwrap_or(date).to_owned(),
    }
}

/// No agreement's status changes before it was announced: whatever reports say of days before that
/// is the baseline, listed apart.
#[test]
fn no_status_changes_before_the_announcement() {
    let db = corpora();
    let status = json(&run(db, &["--json", "status"]));
    let mut checked = 0;
    for row in status.as_array().unwrap() {
        let id = row["agreement"].as_str().unwrap();
        let t = json(&run(db, &["--json", "timeline", id]));
        let timeline = t["timeline"].as_array().unwrap();
        let Some(announced) = timeline.iter().find(|x| x["status"] == "announced" || x["status"] == "proposed") else {
            continue;
        };
        let began = first_day(announced["date"].as_str().unwrap());
        for x in timeline {
            let day = x["date"].as_str().unwrap();
            // A month or year that holds the announcement day is not before it.
            assert!(
                first_day(day) >= began || began.starts_with(day),
                "{id}: {} on {day}, before it was announced on {began}: {x}",
                x["status"]
            );
        }
        for x in t["baseline"].as_array().unwrap() {
            assert!(x["basis"].as_str().unwrap().contains("baseline"), "{id}: {x}");
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} agreements with an announcement");
    // The two that the issue saw collapse before they existed.
    let row = |id: &str| status.as_array().unwrap().iter().find(|r| r["agreement"] == id).unwrap().clone();
    assert!(first_day(row("coh-2016-02")["since"].as_str().unwrap()).as_str() >= "2016-02-22");
    assert!(row("us-russia-2016-09")["since"].as_str().unwrap() >= "2016-09-10");
    // The July 2016 collapse of another, local truce is not September's: an alias of an agreement
    // announced after a report is not read as naming it, so whatever is baseline predates the
    // announcement, and the seven-day condition is not counted from before its start.
    let t = json(&run(db, &["--json", "timeline", "us-russia-2016-09"]));
    assert!(t["baseline"].as_array().unwrap().iter().all(|x| x["date"].as_str().unwrap() < "2016-09-10"), "{t:#}");
    for c in t["conditions"].as_array().unwrap() {
        assert!(!c["detail"].as_str().unwrap().contains("day -"), "{c}");
    }
}

/// "A cease-fire that ended a month of war was holding", "a truce ... ended the worst cross-border
/// fighting": truces that hold, in the Gaza articles of 2012 and 2014, never read collapsed.
#[test]
fn truces_that_ended_the_fighting_hold() {
    let dir = tempfile::tempdir().unwrap();
    let input = shared().join("corpus/agreements-dev/docs.jsonl");
    let out = run(&dir.path().join("unused.db"), &["extract", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    for doc in ["abp-hLJTwX29AEClgy3a", "abp-3JsrGQIS1sKhKcra"] {
        let statuses: Vec<String> = stdout(&out)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|r| r["kind"] == "agreement" && r["doc"] == doc)
            .map(|r| r["status"].as_str().unwrap().to_owned())
            .collect();
        assert!(statuses.iter().any(|s| s == "in_effect"), "{doc}: {statuses:?}");
        assert!(!statuses.iter().any(|s| s == "collapsed"), "{doc}: {statuses:?}");
    }
    // And in the store: the 2012 truce (the Gaza registry's, or minted) is not collapsed.
    let status = json(&run(corpora(), &["--json", "status"]));
    let gaza_2012: Vec<&serde_json::Value> = status
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| {
            let id = r["agreement"].as_str().unwrap();
            id == "gaza-ceasefire-2012-11" || id.contains("PS.GZ-2012-w")
        })
        .collect();
    assert!(!gaza_2012.is_empty());
    assert!(gaza_2012.iter().all(|r| r["status"] != "collapsed"), "{gaza_2012:?}");
}

/// Every document id a JSON answer cites (any "doc" field, at any depth).
fn cited(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v.as_str()) {
                    ("doc", Some(doc)) => out.push(doc.to_owned()),
                    _ => cited(v, out),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| cited(v, out)),
        _ => {}
    }
}

/// `--on DAY` sees only the documents published on or before the day: on status, timeline, brief,
/// violations and events, nothing cited was published later, and no agreement made later is listed.
#[test]
fn as_of_a_day_nothing_published_later_shows() {
    let db = corpora();
    let day = "2016-09-16";
    let later: std::collections::HashSet<String> =
        rows(db, &["SELECT id FROM documents WHERE published_date IS NULL OR published_date > '2016-09-16'"])
            .into_iter()
            .collect();
    let check = |args: &[&str]| {
        // brief has a --format of its own and refuses --json.
        let mut all = if args[0] == "brief" { vec![] } else { vec!["--json"] };
        all.extend_from_slice(args);
        all.extend_from_slice(&["--on", day]);
        let out = json(&run(db, &all));
        let mut docs = Vec::new();
        cited(&out, &mut docs);
        let leaked: Vec<&String> = docs.iter().filter(|d| later.contains(*d)).collect();
        assert!(leaked.is_empty(), "{args:?} --on {day} cites documents published later: {leaked:?}");
        out
    };
    let status = check(&["status"]);
    let ids: Vec<&str> = status.as_array().unwrap().iter().map(|r| r["agreement"].as_str().unwrap()).collect();
    assert!(ids.contains(&"us-russia-2016-09") && ids.contains(&"coh-2016-02"), "{ids:?}");
    for made_later in ["russia-turkey-2016-12", "moscow-2020-03", "idlib-2019-08"] {
        assert!(!ids.contains(&made_later), "{made_later} listed as of {day}");
    }
    for r in status.as_array().unwrap() {
        assert!(r["last_report"].as_str().is_none_or(|l| l <= day), "{r}");
    }
    let t = check(&["timeline", "us-russia-2016-09"]);
    assert_eq!(transition_of(&t, "collapsed"), None, "the collapse of the 19th is not known on the 16th: {t:#}");
    check(&["brief", "--agreement", "us-russia-2016-09", "--format", "json"]);
    let v = check(&["violations", "--agreement", "us-russia-2016-09"]);
    assert!(v.as_array().unwrap().iter().all(|x| x["date"].as_str().unwrap() <= day), "{v:#}");
    // The violations known on the 16th are the ones known on the 20th up to the 16th, some fewer.
    let later_view =
        json(&run(db, &["--json", "violations", "--agreement", "us-russia-2016-09", "--on", "2016-09-20"]));
    assert!(later_view.as_array().unwrap().len() >= v.as_array().unwrap().len());
    // Events: each one some report published by then tells.
    let mut events_args = vec!["--json", "events", "--on", day];
    events_args.extend_from_slice(&["--since", "2016-09-01"]);
    let events = json(&run(db, &events_args));
    assert!(!events.as_array().unwrap().is_empty());
    for e in events.as_array().unwrap() {
        let reported =
            e["mentions"].as_array().unwrap().iter().any(|m| m["published"].as_str().is_some_and(|p| p <= day));
        assert!(reported, "{}", e["id"]);
    }
}

fn transition_of<'a>(t: &'a serde_json::Value, status: &str) -> Option<&'a serde_json::Value> {
    t["timeline"].as_array().unwrap().iter().find(|x| x["status"] == status)
}
