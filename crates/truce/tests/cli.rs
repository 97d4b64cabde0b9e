//! The command line's manners: help and an example for every command, exit status 0 ok, 1 failure,
//! 2 usage or not found, dates checked by the parser, read commands that never create a store, and
//! `ingest DIR` reading only the formats it knows, never its own store.

mod common;

use common::*;

/// Every command a user can run, as its words.
const COMMANDS: &[&[&str]] = &[
    &["ingest"],
    &["extract"],
    &["search"],
    &["docs"],
    &["show"],
    &["check"],
    &["kb", "actors"],
    &["kb", "people"],
    &["kb", "places"],
    &["kb", "zones"],
    &["kb", "agreements"],
    &["pack", "check"],
    &["pack", "list"],
    &["gazetteer", "import"],
    &["assess"],
    &["status"],
    &["timeline"],
    &["violations"],
    &["events"],
    &["brief"],
    &["export"],
    &["demo"],
    &["bench", "ingest"],
    &["bench", "extract"],
    &["bench", "assess"],
    &["bench", "pack"],
];

#[test]
fn every_command_has_an_example_and_every_argument_a_description() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    for command in COMMANDS {
        let mut args = command.to_vec();
        args.push("-h");
        let out = run(&db, &args);
        assert!(out.status.success(), "{command:?}");
        let help = stdout(&out);
        assert!(help.contains("Example: truce"), "{command:?} has no example:\n{help}");
        let lines: Vec<&str> = help.lines().collect();
        let mut in_arguments = false;
        for (i, line) in lines.iter().enumerate() {
            if line.ends_with(':') && !line.starts_with(' ') {
                in_arguments = *line == "Arguments:" || *line == "Options:";
                continue;
            }
            let item = line.trim_start();
            let indent = line.len() - item.len();
            if !(in_arguments && (2..=6).contains(&indent) && item.starts_with(['-', '<', '['])) {
                continue;
            }
            // The description follows on the line, or (when the help is too wide) on the next one.
            let description = match item.split_once("  ") {
                Some((_, d)) => d.trim(),
                None => lines
                    .get(i + 1)
                    .filter(|next| next.len() - next.trim_start().len() > indent)
                    .map_or("", |n| n.trim()),
            };
            assert!(
                !description.is_empty() && !description.starts_with('['),
                "{command:?}: {item:?} has no description"
            );
        }
    }
    assert!(!dir.path().join("t.db").exists(), "help creates no store");
}

#[test]
fn exit_status_says_usage_or_failure() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    // Not there: a store, a date, a pack, an option.
    for (args, says) in [
        (&["status"][..], "no store at"),
        (&["docs"], "no store at"),
        (&["brief"], "no store at"),
        (&["docs", "--since", "2019-02-30"], "not a date"),
        (&["timeline", "idlib-2019-08", "--on", "yesterday"], "not a date"),
        (&["--pack", "atlantis", "docs"], "neither a built-in pack"),
        (&["--json", "brief"], "--json is not an option of brief"),
    ] {
        let out = run(&missing, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert!(!missing.exists(), "read commands create no store");

    let db = dir.path().join("truce.db");
    assert!(run(&db, &["ingest", "-q", seeds().to_str().unwrap()]).status.success());
    for (args, says) in [(&["show", "nope"][..], "no document with id"), (&["timeline", "nope"], "no agreement")] {
        let out = run(&db, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    let assess = run(&db, &["assess", "--full"]);
    assert!(stdout(&assess).starts_with("assessed 5 document(s) from scratch:"), "a sentence: {}", stdout(&assess));
    // An input that is not there is a typo, told before any store is made.
    let fresh = dir.path().join("fresh.db");
    let absent = dir.path().join("absent.txt");
    let out = run(&fresh, &["ingest", "-q", seeds().to_str().unwrap(), absent.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(absent.to_str().unwrap()), "names the file: {}", stderr(&out));
    assert!(!fresh.exists(), "no store made for a missing input");
    // A failure of the work, not of the asking: an input that cannot be read.
    let unreadable = dir.path().join("locked");
    std::fs::create_dir(&unreadable).unwrap();
    std::fs::write(unreadable.join("report.html"), vec![0u8; 64]).unwrap();
    let out = run(&db, &["ingest", "-q", unreadable.join("report.html").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
}

/// Each filter's names checked against the store and the pack: (arguments, exit status, what stderr says).
const FILTER_CASES: &[(&[&str], i32, &str)] = &[
    (&["violations", "--agreement", "idlib-2019"], 2, "nearest: idlib-2019-08"),
    (&["violations", "--party", "Goverment of Syria"], 2, "nearest: Government of Syria"),
    (&["violations", "--since", "2019-09-01", "--on", "2019-08-01"], 2, "--on 2019-08-01 is before --since 2019-09-01"),
    (&["events", "--admin1", "Idleb"], 2, "nearest: Idlib"),
    (&["events", "--sub-event-type", "air strike"], 2, "nearest: Air/drone strike"),
    (&["events", "--agreement", "no-such"], 2, "no agreement \"no-such\""),
    (&["events", "--actor", "Nobody At All"], 2, "no actor"),
    (&["events", "--country", "XX"], 2, "no country"),
    (
        &["events", "--since", "2019-08-10", "--until", "2019-08-01"],
        2,
        "--until 2019-08-01 is before --since 2019-08-10",
    ),
    (&["docs", "--since", "2019-08-10", "--until", "2019-08-01"], 2, "--until 2019-08-01 is before --since"),
    (&["events", "--since", "10/08/2019"], 2, "'--since <SINCE>'"),
    (&["events", "--since", "10/08/2019"], 2, "YYYY-MM-DD"),
    // Known names that match nothing in a range are an empty answer, not an error.
    (&["events", "--admin1", "Idlib", "--country", "sy", "--since", "1990-01-01", "--until", "1990-01-02"], 0, ""),
    (&["violations", "--party", "unattributed", "--agreement", "idlib-2019-08"], 0, ""),
    (&["events", "--agreement", "idlib-2019-08", "--sub-event-type", "Air/drone strike"], 0, ""),
];

#[test]
fn filters_name_what_they_cannot_find_and_errors_are_json_with_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    assert!(run(&db, &["ingest", "-q", seeds().to_str().unwrap()]).status.success());
    for (args, code, says) in FILTER_CASES {
        let out = run(&db, args);
        assert_eq!(out.status.code(), Some(*code), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
        // The same with --json: one JSON object on stderr, with the same exit status and message.
        let mut with_json = vec!["--json"];
        with_json.extend_from_slice(args);
        let out = run(&db, &with_json);
        assert_eq!(out.status.code(), Some(*code), "{with_json:?}");
        if *code != 0 {
            let error: serde_json::Value = serde_json::from_str(stderr(&out).trim())
                .unwrap_or_else(|e| panic!("{with_json:?}: {e}: {}", stderr(&out)));
            assert_eq!(error["exit"], *code);
            assert!(error["error"].as_str().unwrap().contains(says), "{with_json:?}: {error}");
        }
    }
    let events = run(&db, &["--json", "events", "--agreement", "idlib-2019-08"]);
    assert!(!json(&events).as_array().unwrap().is_empty(), "the agreement's judged events");
}

#[test]
fn ingest_of_a_directory_reads_known_formats_and_never_its_own_store() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    let report = "Shelling hit the outskirts of the town on Friday, residents said, two days into the truce.";
    std::fs::write(inputs.join("a.txt"), report).unwrap();
    std::fs::write(inputs.join("b.xml"), format!("<html><body><p>{report} A second report.</p></body></html>"))
        .unwrap();
    std::fs::write(inputs.join("photo.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]).unwrap();
    let db = inputs.join("truce.db");
    let first = run(&db, &["--json", "ingest", inputs.to_str().unwrap()]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert_eq!(json(&first)["ingested"], 1, "only a.txt: {}", stderr(&first));
    assert!(
        stderr(&first).contains("1 file(s) in the directories given are not a format Truce reads")
            || stderr(&first).contains("2 file(s) in the directories given are not a format Truce reads")
    );
    // Again, now that the store and its WAL are in the directory, and with --ext xml.
    let second = run(&db, &["--json", "ingest", "--ext", "xml", inputs.to_str().unwrap()]);
    assert!(second.status.success(), "the store's own files are not read: {}", stderr(&second));
    assert_eq!(json(&second)["ingested"], 1, "b.xml: {}", stderr(&second));
    assert_eq!(json(&second)["failed"], 0);
}
