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

/// Extraction runs on a pool of threads, a chunk of documents at a time; the records come out in input
/// order, byte for byte the same for one thread or several.
#[test]
fn records_are_the_same_for_any_number_of_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("unused.db");
    let inputs = [fakes(), seeds()];
    let inputs: Vec<&str> = inputs.iter().map(|p| p.to_str().unwrap()).collect();
    let mut outputs = Vec::new();
    for jobs in ["1", "3"] {
        let mut args = vec!["extract", "--jobs", jobs];
        args.extend(&inputs);
        let out = run(&db, &args);
        assert!(out.status.success(), "{}", stderr(&out));
        outputs.push(stdout(&out));
    }
    assert!(outputs[0].lines().count() > 20_000, "{} records", outputs[0].lines().count());
    assert!(outputs[0] == outputs[1], "--jobs 3 prints other records than --jobs 1");
}
