//! Helpers shared by the command-line tests: the built binary, the shared corpora, temporary stores.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `../shared` beside the checkout, which CI provides.
pub fn shared() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(dir.is_dir(), "{}: the tests need ../shared beside the checkout", dir.display());
    dir.canonicalize().unwrap()
}

pub fn seeds() -> PathBuf {
    shared().join("corpus/seeds")
}

pub fn fakes() -> PathBuf {
    shared().join("corpus/fakes-dev/docs.jsonl")
}

/// The `truce` binary with its store at `db`.
pub fn truce(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_truce"));
    command.env("TRUCE_DB", db).env_remove("RUST_LOG");
    command
}

pub fn run(db: &Path, args: &[&str]) -> Output {
    truce(db).args(args).output().expect("truce runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", stdout(output), stderr(output)))
}

/// Every row the queries give (each selects one text column), in their order.
#[allow(dead_code)]
pub fn rows(db: &Path, queries: &[&str]) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = Vec::new();
    for query in queries {
        let mut stmt = conn.prepare(query).unwrap();
        out.extend(stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(Result::unwrap));
    }
    out
}

/// Asserts that two lists of rows are equal, showing the first that differs (cut short) if not.
#[allow(dead_code)]
pub fn assert_same_rows(expected: &[String], got: &[String], what: &str) {
    let cut = |s: &str| s.chars().take(200).collect::<String>();
    let first_difference = expected.iter().zip(got).position(|(a, b)| a != b);
    assert!(
        first_difference.is_none() && expected.len() == got.len(),
        "{what}: {} rows against {}; first difference {:?}",
        expected.len(),
        got.len(),
        first_difference.map(|k| (cut(&expected[k]), cut(&got[k])))
    );
}
