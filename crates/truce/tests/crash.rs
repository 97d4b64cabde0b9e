//! Crash safety: `truce ingest` killed with SIGKILL at different moments leaves a sound store holding only
//! whole documents, and a re-run completes the batch.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use common::*;

/// Writes `count` distinct articles (FA-KES texts, each with its own closing line) as JSONL.
fn write_corpus(path: &Path, count: usize) {
    let texts: Vec<String> = std::fs::read_to_string(fakes())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["text"].as_str().unwrap().to_owned())
        .collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for k in 0..count {
        let text = format!("{} Bulletin number {k} ends here.", texts[k % texts.len()]);
        writeln!(out, "{}", serde_json::json!({"id": format!("c{k}"), "text": text})).unwrap();
    }
}

/// Checks the store at `db` and returns how many documents it holds.
fn check_store(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(integrity, "ok");
    drop(conn);
    // A kill can land between two migrations (each is its own transaction, so the file is at some
    // version); the next process completes them, as opening the store here does.
    drop(truce_store::SqliteStore::open(db).expect("a killed store opens and migrates"));
    let conn = rusqlite::Connection::open(db).unwrap();
    // Every document has exactly the sentences it was stored with, and nothing refers to a missing document.
    let torn: i64 = conn
        .query_row(
            "SELECT count(*) FROM documents d WHERE d.sentence_count !=
                (SELECT count(*) FROM sentences s WHERE s.rowid BETWEEN d.first_sentence AND d.first_sentence + d.sentence_count - 1 AND s.doc = d.rowid)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(torn, 0, "documents stored without all their sentences");
    let orphans: i64 = conn
        .query_row(
            "SELECT (SELECT count(*) FROM sentences WHERE doc NOT IN (SELECT rowid FROM documents))
                  + (SELECT count(*) FROM minhash_bands WHERE doc NOT IN (SELECT rowid FROM documents))
                  + (SELECT count(*) FROM provenance WHERE doc NOT IN (SELECT rowid FROM documents))",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0, "rows of documents that were never stored");
    conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0)).unwrap()
}

#[test]
fn killed_ingests_leave_whole_documents_and_a_rerun_completes() {
    const DOCS: usize = 6000;
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    write_corpus(&corpus, DOCS);
    let db = dir.path().join("truce.db");

    let mut stored_before = 0;
    let mut killed_mid_run = 0;
    for delay_ms in [60, 150, 300, 500, 800, 1200, 1800] {
        let mut child = truce(&db)
            .args(["--quiet", "ingest", corpus.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let finished = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        let stored = check_store(&db);
        assert!(stored >= stored_before, "a kill lost committed documents: {stored} < {stored_before}");
        if !finished && (stored as usize) < DOCS {
            killed_mid_run += 1;
        }
        stored_before = stored;
    }
    assert!(killed_mid_run >= 3, "only {killed_mid_run} kills landed mid-run; the test did not exercise crashes");

    let rerun = run(&db, &["--json", "ingest", corpus.to_str().unwrap()]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let summary = json(&rerun);
    assert_eq!(summary["ingested"].as_u64().unwrap() + summary["duplicates"].as_u64().unwrap(), DOCS as u64);
    assert_eq!(check_store(&db), DOCS as i64);
}

/// A long ingest assesses every `--assess-every` stored documents, each block committed: killed after
/// some blocks, the store keeps their assessment, and the next run assesses only the rest, to the same
/// status as an ingest that was never stopped.
#[test]
fn a_killed_ingest_keeps_the_assessment_of_its_finished_blocks() {
    let dir = tempfile::tempdir().unwrap();
    let killed = dir.path().join("killed.db");
    let whole = dir.path().join("whole.db");
    let fakes = fakes();
    let input = fakes.to_str().unwrap();
    let mut child = truce(&killed)
        .args(["ingest", "-q", "--jobs", "1", "--assess-every", "50", input])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first blocks' assessment to be committed, then kill the run mid-way.
    let mut assessed = 0i64;
    for _ in 0..2400 {
        std::thread::sleep(Duration::from_millis(25));
        if let Ok(conn) = rusqlite::Connection::open(&killed) {
            assessed = conn.query_row("SELECT count(*) FROM assess_docs", [], |r| r.get(0)).unwrap_or(0);
            if assessed >= 100 {
                break;
            }
        }
    }
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(still_running && assessed >= 100, "assessed {assessed} documents before the end of the run");
    let kept: i64 = rusqlite::Connection::open(&killed)
        .unwrap()
        .query_row("SELECT count(*) FROM assess_docs", [], |r| r.get(0))
        .unwrap();
    assert!(kept >= assessed, "the killed run kept {kept} assessed documents of {assessed}");
    // The rest: the same input again stores what was not stored and assesses what was not assessed.
    let out = run(&killed, &["--json", "ingest", input]);
    assert!(out.status.success(), "{}", stderr(&out));
    let resumed = json(&out);
    assert!(resumed["assess"]["documents"].as_i64().unwrap() < 499, "{resumed}");
    let out = run(&whole, &["ingest", "-q", input]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(json(&run(&killed, &["--json", "status"])), json(&run(&whole, &["--json", "status"])));
}
