//! `truce ingest`, `docs`, `search` and `show` on the real corpora and on bad input.

mod common;

use std::collections::HashMap;
use std::io::Write;
use std::process::Stdio;

use common::*;

#[test]
fn ingests_the_seeds_and_fakes_with_no_failure_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let seeds = seeds();
    let fakes = fakes();
    let args = ["--json", "ingest", seeds.to_str().unwrap(), fakes.to_str().unwrap()];
    let first = run(&db, &args);
    assert!(first.status.success(), "{}", stderr(&first));
    let summary = json(&first);
    let read = summary["ingested"].as_u64().unwrap() + summary["duplicates"].as_u64().unwrap();
    assert_eq!(read, 504, "{summary}");
    assert_eq!(summary["failed"], 0);
    assert!(summary["near_duplicates"].as_u64().unwrap() > 0, "FA-KES holds republished stories: {summary}");

    let again = run(&db, &args);
    assert!(again.status.success());
    let summary = json(&again);
    assert_eq!((summary["ingested"].as_u64(), summary["duplicates"].as_u64()), (Some(0), Some(504)), "{summary}");
}

#[test]
fn seed_publication_dates_come_from_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    assert!(run(&db, &["ingest", seeds().to_str().unwrap()]).status.success());
    let docs = json(&run(&db, &["docs", "--json"]));
    let manifest = std::fs::read_to_string(seeds().join("manifest.jsonl")).unwrap();
    let mut checked = 0;
    for line in manifest.lines() {
        let entry: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = entry["file"].as_str().unwrap().trim_end_matches(".txt");
        let doc = docs.as_array().unwrap().iter().find(|d| d["id"] == id).unwrap();
        assert_eq!(doc["published"], entry["published"], "{id}");
        assert_eq!(doc["published_basis"], "manifest");
        assert_eq!(doc["title"], entry["title"]);
        checked += 1;
    }
    assert_eq!(checked, 5);
}

/// FA-KES articles carry no date field; most open with a dateline. For each article with a year in its
/// first 40 characters, the date read must be one whose year, month and day all stand in that opening.
/// (The crowd's incident date is no check: incidents often precede publication by days or weeks.)
#[test]
fn fakes_datelines_give_the_publication_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    run(&db, &["ingest", fakes().to_str().unwrap()]);
    let docs = json(&run(&db, &["docs", "--json"]));
    let by_id: HashMap<&str, &serde_json::Value> =
        docs.as_array().unwrap().iter().map(|d| (d["id"].as_str().unwrap(), d)).collect();
    let (mut with_dateline, mut right) = (0, 0);
    for line in std::fs::read_to_string(fakes()).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        // An exact copy of another article is stored once, under the first id.
        let Some(doc) = by_id.get(v["id"].as_str().unwrap()) else { continue };
        let opening: String = v["text"].as_str().unwrap().chars().take(40).collect::<String>().to_lowercase();
        let numbers: Vec<&str> = opening.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty()).collect();
        if !numbers.iter().any(|n| n.len() >= 4 && n.contains("20")) {
            continue;
        }
        with_dateline += 1;
        let Some(date) = doc["published"].as_str().and_then(|p| p.get(..10)?.parse::<jiff::civil::Date>().ok()) else {
            continue;
        };
        let year = date.year().to_string();
        let month_name = jiff::fmt::strtime::format("%b", date).unwrap().to_lowercase();
        let in_opening = |n: i8| {
            numbers.iter().any(|x| x.trim_start_matches('0') == n.to_string() || x.contains(&format!("{n:02}")))
        };
        if opening.contains(&year)
            && in_opening(date.day())
            && (opening.contains(&month_name) || in_opening(date.month()))
        {
            right += 1;
        }
    }
    eprintln!("datelines: {right} of {with_dateline} read right");
    assert!(with_dateline > 300, "{with_dateline}");
    let share = right as f64 / with_dateline as f64;
    assert!(share >= 0.90, "{right} of {with_dateline} datelines read right ({share:.3})");
}

#[test]
fn bad_inputs_are_named_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("good.txt"), "Calm in the north\n\nAir strikes stopped on Friday, a monitor said.")
        .unwrap();
    std::fs::write(input.join("photo.jpg"), b"\xff\xd8\xff\xe0\0\x10JFIF\0\x01\x01\0\0\x01").unwrap();
    std::fs::write(input.join("empty.txt"), b"").unwrap();
    std::fs::write(input.join("big.txt"), "word ".repeat(400)).unwrap();
    std::fs::write(
        input.join("latin1.txt"),
        b"Cessez-le-feu \xe0 Gen\xe8ve: les frappes a\xe9riennes ont cess\xe9 vendredi.",
    )
    .unwrap();
    std::fs::write(input.join("hostile.html"), "<html><body><script>alert(1)</script><p>Shelling continued on the southern edge of the zone on Saturday, residents said, as the truce frayed.</p><iframe src=x></iframe></body></html>").unwrap();
    std::fs::write(
        input.join("batch.jsonl"),
        "{\"id\": \"j1\", \"text\": \"Strikes resumed on Monday.\"}\n{not json}\n",
    )
    .unwrap();
    let db = dir.path().join("truce.db");
    // Inside a directory a photo is passed over as not a format Truce reads; named, it is read and refused.
    let photo = input.join("photo.jpg");
    let out = run(&db, &["ingest", "--max-bytes", "1000", input.to_str().unwrap(), photo.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "exit status 1 when anything failed");
    assert!(stderr(&out).contains("note: 1 file(s) in the directories given are not a format Truce reads"));
    assert!(
        stderr(&out)
            .lines()
            .any(|l| l.starts_with("note: ") && l.contains("photo.jpg: passed over: .jpg is not a format Truce reads")),
        "every skipped file is named with its reason: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    for (file, why) in [
        ("photo.jpg", "binary"),
        ("empty.txt", "empty"),
        ("big.txt", "over the limit"),
        ("batch.jsonl:2", "malformed JSON"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(file) && l.contains(why)),
            "no error line for {file} ({why}) in:\n{err}"
        );
    }
    let text = stdout(&out);
    assert_eq!(text.lines().next().unwrap(), "ingested 4, duplicates 0, near-duplicates 0, failed 4");
    assert!(text.lines().nth(1).unwrap().starts_with("assessed 4 document(s)"), "{text}");
    let docs = json(&run(&db, &["docs", "--json"]));
    let latin1 = docs.as_array().unwrap().iter().find(|d| d["id"] == "latin1").unwrap();
    assert_eq!(latin1["encoding"], "windows-1252");
    let html = json(&run(&db, &["show", "hostile", "--json"]));
    assert!(!html["text"].as_str().unwrap().contains("alert"));
}

#[test]
fn jsonl_on_standard_input_then_search_and_show() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let mut child = truce(&db).args(["ingest", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            b"{\"id\": \"s1\", \"title\": \"Truce\", \"text\": \"GENEVA, Sept 10 (Reuters) - The deal of 2016 was struck. Warplanes stopped flying over Aleppo.\"}\n",
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(stdout(&out).lines().next().unwrap(), "ingested 1, duplicates 0, near-duplicates 0, failed 0");

    let hits = json(&run(&db, &["search", "warplanes", "--json"]));
    let hit = &hits[0];
    assert_eq!(hit["document"], "s1");
    assert_eq!(hit["sentence"], "Warplanes stopped flying over Aleppo.");
    assert_eq!(hit["matches"][0], serde_json::json!([0, 9]));
    let text = stdout(&run(&db, &["search", "aleppo"]));
    assert!(text.contains("s1  2016-09-10  Truce") && text.contains("**Aleppo**"), "{text}");

    let shown = json(&run(&db, &["show", "s1", "--json"]));
    assert_eq!(shown["published_basis"], "dateline (year from the text)");
    assert_eq!(shown["input"], "-");
    let missing = run(&db, &["show", "nope"]);
    assert!(!missing.status.success() && stderr(&missing).contains("no document with id \"nope\""));
}

#[test]
fn quiet_prints_nothing_and_db_flag_beats_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let env_db = dir.path().join("env.db");
    let flag_db = dir.path().join("flag.db");
    let out = truce(&env_db)
        .args(["--quiet", "--db", flag_db.to_str().unwrap(), "ingest", seeds().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    assert!(flag_db.exists() && !env_db.exists());
}

/// Escape sequences never reach a terminal: reading removes them from every field (noting it), and
/// `docs`, `show` and `search` escape any a store still holds (written here behind Truce's back).
#[test]
fn terminal_output_carries_no_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let input = dir.path().join("escapes.jsonl");
    let doc = serde_json::json!({
        "id": "esc", "title": "Truce\u{1b}]0;owned\u{7} in Idlib", "published": "2019-02-30",
        "text": format!("{}\u{1b}[2J", "The ceasefire held in the north, monitors said. ".repeat(40)),
    });
    std::fs::write(&input, format!("{doc}\n")).unwrap();
    let out = run(&db, &["ingest", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("\"2019-02-30\" is not a date"), "{}", stderr(&out));
    let shown = stdout(&run(&db, &["show", "esc"]));
    assert!(!shown.contains('\u{1b}') && shown.contains("note:       2 control character(s) removed from `title`"));

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute("UPDATE documents SET title = 'Held\u{1b}[31m red', text = text || '\u{9b}2J' WHERE id = 'esc'", [])
        .unwrap();
    drop(conn);
    for args in [&["docs"][..], &["show", "esc"], &["search", "ceasefire"]] {
        let out = stdout(&run(&db, args));
        assert!(!out.chars().any(|c| c == '\u{1b}' || c == '\u{9b}'), "{args:?}: {out:?}");
    }
    assert!(stdout(&run(&db, &["docs"])).contains(r"Held\u{1b}[31m red"));
}

/// Documents are prepared and extracted on every core and stored in input order: the store is the same
/// for one job or several, row for row (documents, their records, the assessment's events).
#[test]
fn the_store_is_the_same_for_any_number_of_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let mut tables = Vec::new();
    for jobs in ["1", "3"] {
        let db = dir.path().join(format!("jobs-{jobs}.db"));
        let out = run(&db, &["ingest", "-q", "--jobs", jobs, fakes().to_str().unwrap(), seeds().to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        tables.push(rows(
            &db,
            &[
                "SELECT rowid || ' ' || id || ' ' || coalesce(duplicate_of, '') || ' ' || text FROM documents ORDER BY rowid",
                "SELECT doc || ' ' || kind || ' ' || data FROM records ORDER BY rowid",
                "SELECT id || ' ' || data FROM assess_events ORDER BY id",
            ],
        ));
    }
    assert!(tables[0].len() > 20_000, "{} rows", tables[0].len());
    assert_same_rows(&tables[0], &tables[1], "--jobs 3 against --jobs 1");
}
