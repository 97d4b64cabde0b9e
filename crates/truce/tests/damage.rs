//! Damaged and foreign store files: every command that reads damage fails naming the store and the
//! table, `truce check` places the damage, and a database that is not Truce's is left untouched.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// A store holding the seed articles, checkpointed so that every page is in the main file.
fn seeded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let out = run(&db, &["ingest", "-q", seeds().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).unwrap();
    drop(conn);
    (dir, db)
}

fn root_page(db: &Path, table: &str) -> (u64, u64) {
    let conn = rusqlite::Connection::open(db).unwrap();
    let root: i64 =
        conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = ?1", [table], |r| r.get(0)).unwrap();
    let size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    (root as u64, size as u64)
}

fn overwrite(db: &Path, at: u64, bytes: &[u8]) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(db).unwrap();
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(bytes).unwrap();
}

#[test]
fn a_sound_store_checks_ok() {
    let (_dir, db) = seeded();
    let out = run(&db, &["check"]);
    assert!(out.status.success(), "{}", stdout(&out));
    assert!(stdout(&out).contains("ok: no damage found"));
    let report = json(&run(&db, &["--json", "check"]));
    assert_eq!(report["documents"], 5);
    assert_eq!(report["problems"].as_array().unwrap().len(), 0);
}

#[test]
fn a_zeroed_page_fails_reads_naming_store_and_table() {
    let (_dir, db) = seeded();
    let (root, size) = root_page(&db, "documents");
    overwrite(&db, (root - 1) * size, &vec![0; size as usize]);
    let docs = run(&db, &["docs"]);
    assert_eq!(docs.status.code(), Some(1), "{}", stdout(&docs));
    let message = stderr(&docs);
    assert!(message.contains(&db.display().to_string()) && message.contains("table documents is damaged"), "{message}");
    let check = run(&db, &["--json", "check"]);
    assert_eq!(check.status.code(), Some(1));
    let problems = json(&check)["problems"].as_array().unwrap().clone();
    assert!(problems.iter().any(|p| p["table"] == "documents"), "{problems:?}");
}

#[test]
fn flipped_bytes_inside_a_text_are_found_by_their_hash() {
    let (_dir, db) = seeded();
    // Twenty bytes from the middle of one stored text, changed wherever the file holds them.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let text: String = conn.query_row("SELECT text FROM documents WHERE rowid = 1", [], |r| r.get(0)).unwrap();
    drop(conn);
    let middle =
        (text.len() / 2..text.len()).find(|i| text.is_char_boundary(*i) && text[*i..].starts_with(' ')).unwrap();
    let needle = text.as_bytes()[middle..middle + 20].to_vec();
    let data = std::fs::read(&db).unwrap();
    let mut changed = 0;
    for (at, _) in data.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle.as_slice()) {
        overwrite(&db, at as u64 + 1, b"#");
        changed += 1;
    }
    assert!(changed > 0);
    let check = run(&db, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stdout(&check));
    assert!(stdout(&check).contains("is not the text that was stored"), "{}", stdout(&check));
    let report = json(&run(&db, &["--json", "check"]));
    let damaged: Vec<&str> =
        report["problems"].as_array().unwrap().iter().filter_map(|p| p["detail"].as_str()?.split('"').nth(1)).collect();
    assert!(!damaged.is_empty(), "{report}");
    let show = run(&db, &["show", damaged[0]]);
    assert_eq!(show.status.code(), Some(1));
    assert!(stderr(&show).contains("table documents is damaged"), "{}", stderr(&show));
}

#[test]
fn a_broken_header_is_named() {
    let (_dir, db) = seeded();
    overwrite(&db, 0, b"not a database!!");
    let out = run(&db, &["status"]);
    assert_eq!(out.status.code(), Some(1));
    let message = stderr(&out);
    assert!(message.contains(&db.display().to_string()) && message.contains("not a database"), "{message}");
}

#[test]
fn another_programs_database_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("other.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x');").unwrap();
    drop(conn);
    for args in [&["docs"][..], &["ingest", "-q", seeds().to_str().unwrap()]] {
        let out = run(&db, args);
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("not a Truce store"), "{}", stderr(&out));
    }
    let conn = rusqlite::Connection::open(&db).unwrap();
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0)).unwrap();
    assert_eq!(tables, 1, "nothing was added to it");
}
