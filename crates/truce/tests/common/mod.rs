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
