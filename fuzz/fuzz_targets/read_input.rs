//! Bytes as a file of every format Truce reads: the first byte picks the format (counted from `'0'`,
//! so seeds stay readable: `0` `.txt`, `1` `.md`, `2` `.html`, `3` `.jsonl`, `4` an unknown extension
//! that is sniffed), the rest is the file. Each input is
//! written to a file of this process's own and read through `read_inputs`, the ingest loop's reader,
//! so decoding, front matter, HTML extraction, JSONL records, datelines and cleaning all run as they
//! do on a user's files. The decoder and the date readers are also called on the bytes directly, so
//! every dateline form is tried on every text, not only where a format looks for one.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use truce_ingest::{ReadOptions, read_inputs};

const EXTENSIONS: [&str; 5] = ["txt", "md", "html", "jsonl", "dat"];

/// A directory of this process's own (libFuzzer's `-jobs`/`-fork` run several processes at once).
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("truce-fuzz-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let ext = EXTENSIONS[selector.wrapping_sub(b'0') as usize % EXTENSIONS.len()];
    let path = scratch().join(format!("doc.{ext}"));
    std::fs::write(&path, bytes).expect("write the input");
    let options = ReadOptions { max_bytes: 1 << 20, ..ReadOptions::default() };
    for result in read_inputs(&[path.display().to_string()], options) {
        if let Ok(doc) = result {
            // Every span of later stages refers to the text: the dateline's must be a slice of it.
            if let Some((start, end)) = doc.dateline {
                assert!(doc.text.get(start..end).is_some(), "dateline {start}..{end} is not a slice of the text");
            }
        }
    }
    let _ = std::fs::remove_file(&path);

    if let Ok(decoded) = truce_ingest::decode(bytes) {
        let text = decoded.text.as_str();
        let _ = truce_ingest::parse_date_field(text, "fuzz");
        for found in [
            truce_ingest::dateline_at_start(text),
            truce_ingest::dateline_in_opening(text),
            truce_ingest::dateline_without_year(text),
        ]
        .into_iter()
        .flatten()
        {
            assert!(text.get(found.start..found.end).is_some(), "dateline span is not a slice of the text");
        }
    }
});
