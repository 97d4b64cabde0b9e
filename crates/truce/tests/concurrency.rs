//! Many writers on one SQLite store: three `truce ingest` processes started at once on a new store, with
//! readers polling it, store every document exactly once and none of them is refused.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use common::*;

/// Writes articles `from..to` (FA-KES texts, each with its own closing line, so none is a copy) as JSONL.
fn write_part(path: &Path, texts: &[String], from: usize, to: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for k in from..to {
        let text = format!("{} Dispatch {k} closes the file.", texts[k % texts.len()]);
        writeln!(out, "{}", serde_json::json!({"id": format!("w{k}"), "text": text})).unwrap();
    }
}

#[test]
fn three_writers_and_readers_lose_nothing() {
    let texts: Vec<String> = std::fs::read_to_string(fakes())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].as_str().unwrap().to_owned())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    const PER_WRITER: usize = 80;
    let parts: Vec<_> = (0..3)
        .map(|w| {
            let path = dir.path().join(format!("part{w}.jsonl"));
            write_part(&path, &texts, w * PER_WRITER, (w + 1) * PER_WRITER);
            path
        })
        .collect();
    // All three open the new store at once: the migrations must not race.
    let writers: Vec<_> = parts
        .iter()
        .map(|p| {
            truce(&db)
                .args(["ingest", "--quiet", p.to_str().unwrap()])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut reads = 0;
    let mut writers: Vec<_> = writers.into_iter().map(Some).collect();
    let mut outputs = Vec::new();
    while writers.iter().any(Option::is_some) {
        for slot in writers.iter_mut() {
            if let Some(child) = slot
                && child.try_wait().unwrap().is_some()
            {
                outputs.push(slot.take().unwrap().wait_with_output().unwrap());
            }
        }
        // Readers beside the writers: each read succeeds once a writer has created the store (before
        // that, a reader is right to say there is none; the store may still be empty at first).
        if !db.exists() {
            std::thread::sleep(std::time::Duration::from_millis(20));
            continue;
        }
        for args in [&["docs", "--json", "--limit", "5"][..], &["status", "--json"][..]] {
            let out = run(&db, args);
            assert!(out.status.success(), "reader {args:?} failed while writers ran: {}", stderr(&out));
            reads += 1;
        }
    }
    for out in &outputs {
        assert!(out.status.success(), "a writer failed: {}", stderr(out));
    }
    assert!(reads >= 2);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let (docs, distinct): (i64, i64) = conn
        .query_row("SELECT count(*), count(DISTINCT id) FROM documents", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap();
    assert_eq!(docs, 3 * PER_WRITER as i64, "every document stored");
    assert_eq!(distinct, docs, "none stored twice");
    let revisions: i64 =
        conn.query_row("SELECT count(*) FROM documents WHERE id LIKE '%~%'", [], |r| r.get(0)).unwrap();
    assert_eq!(revisions, 0);
    let failed: i64 = conn.query_row("SELECT count(*) FROM input_errors", [], |r| r.get(0)).unwrap();
    assert_eq!(failed, 0);
    // The assessment saw every document, whichever writer assessed it.
    let assessed: i64 = conn.query_row("SELECT count(*) FROM assess_docs", [], |r| r.get(0)).unwrap();
    assert_eq!(assessed, docs);
}

/// `assess --full` swaps the new assessment in at once: killed at any moment it leaves the old one,
/// and a reader while it runs sees the old one, never an empty or half-built assessment.
#[test]
fn killed_full_rebuilds_leave_the_assessment_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let out = run(&db, &["ingest", "-q", seeds().to_str().unwrap(), fakes().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let before = stdout(&run(&db, &["--json", "status"]));
    assert!(before.contains("idlib-2019-08"), "{before}");

    // How long a full rebuild takes here, to kill the next ones at fractions of it.
    let started = std::time::Instant::now();
    assert!(run(&db, &["-q", "assess", "--full"]).status.success());
    let full = started.elapsed();
    assert_eq!(stdout(&run(&db, &["--json", "status"])), before, "a rebuild gives the same status");

    for tenth in [1, 3, 5, 7, 9] {
        let mut child = truce(&db).args(["-q", "assess", "--full"]).stdout(Stdio::null()).spawn().unwrap();
        std::thread::sleep(full * tenth / 10);
        let during = stdout(&run(&db, &["--json", "status"]));
        child.kill().unwrap();
        let _ = child.wait();
        assert_eq!(during, before, "a reader during the rebuild ({tenth}/10) sees the old assessment");
        assert_eq!(stdout(&run(&db, &["--json", "status"])), before, "killed at {tenth}/10 of a rebuild");
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
}
