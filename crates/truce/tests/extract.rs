//! `truce extract` as a user runs it: inputs in, records out, no store touched.

mod common;

use std::io::Write;
use std::process::Stdio;

use common::*;

#[test]
fn a_document_read_twice_under_its_id_gives_its_records_once() {
    let dir = tempfile::tempdir().unwrap();
    let line = "{\"id\": \"r1\", \"published\": \"2019-08-02\", \"text\": \"Air strikes killed six people in Idlib on Thursday.\"}\n";
    let mut child = truce(&dir.path().join("unused.db"))
        .args(["extract", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(format!("{line}{line}").as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let records: Vec<serde_json::Value> = stdout(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let of_kind = |k: &str| records.iter().filter(|r| r["kind"] == k).count();
    assert_eq!(of_kind("document"), 1);
    assert_eq!(of_kind("event"), 1);
    assert!(stderr(&out).contains("r1: read again under the same id"), "{}", stderr(&out));
    assert!(!dir.path().join("unused.db").exists(), "extract touches no store");
}
