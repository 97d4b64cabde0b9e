//! `truce extract`: records from inputs, printed, without touching a store.

use std::collections::HashMap;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use truce_extract::Extractor;
use truce_ingest::{Document, Fingerprint, NEAR_DUPLICATE_THRESHOLD, ReadOptions, parse_date_field, read_inputs};

use crate::parallel::{Chunk, Pool};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Json,
}

/// Copies seen so far in one run: exact texts and MinHash bands, to fill `duplicate_of`.
#[derive(Default)]
pub struct CopyTracker {
    exact: HashMap<u128, String>,
    bands: HashMap<u64, (String, [u32; truce_ingest::SIGNATURE_LEN])>,
}

impl CopyTracker {
    /// The first document this one copies, if any; records this one otherwise.
    pub fn copy_of(&mut self, id: &str, text: &str) -> Option<String> {
        let fp = Fingerprint::of(text);
        if let Some(first) = self.exact.get(&fp.exact) {
            return Some(first.clone());
        }
        self.exact.insert(fp.exact, id.to_owned());
        let keys = fp.band_keys();
        let near = keys
            .iter()
            .filter_map(|k| self.bands.get(k))
            .map(|(first, sig)| (fp.similarity(sig), first))
            .filter(|(s, _)| *s >= NEAR_DUPLICATE_THRESHOLD)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, first)| first.clone());
        if near.is_none() {
            for k in keys {
                self.bands.entry(k).or_insert_with(|| (id.to_owned(), fp.signature));
            }
        }
        near
    }
}

pub fn run(
    extractor: &Extractor,
    paths: &[String],
    published: Option<&str>,
    format: Format,
    max_bytes: usize,
    pool: &Pool,
) -> anyhow::Result<ExitCode> {
    let fallback = match published {
        Some(p) => Some(
            parse_date_field(p, "given on the command line")
                .ok_or_else(|| anyhow::anyhow!("--published {p:?} is not a date"))?,
        ),
        None => None,
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut copies = CopyTracker::default();
    let mut failed = 0;
    let mut all = Vec::new();
    // Copy detection runs here in input order; extraction a chunk at a time on the pool, printed in order.
    let mut chunk: Chunk<(Document, Option<String>)> = Chunk::default();
    let mut print = |documents: Vec<(Document, Option<String>)>, failed: &mut usize| -> anyhow::Result<()> {
        let extracted = pool.map(documents, |(doc, copy_of)| {
            let records = extractor.try_extract(&doc, copy_of.as_deref());
            (doc, records)
        });
        for (doc, records) in extracted {
            let records = match records {
                Ok(records) => records,
                Err(message) => {
                    let line = doc.origin.line.map(|l| format!(":{l}")).unwrap_or_default();
                    eprintln!("error: {}{line}: {message}", doc.origin.input);
                    *failed += 1;
                    continue;
                }
            };
            for record in records {
                match format {
                    Format::Jsonl => {
                        serde_json::to_writer(&mut out, &record)?;
                        out.write_all(b"\n")?;
                    }
                    Format::Json => all.push(record),
                }
            }
        }
        Ok(())
    };
    for item in read_inputs(paths, ReadOptions { max_bytes, ..ReadOptions::default() }) {
        let mut doc = match item {
            Ok(doc) => doc,
            Err(e) => {
                eprintln!("error: {e}");
                failed += 1;
                continue;
            }
        };
        if doc.published.is_none() {
            doc.published = fallback.clone();
        }
        let copy_of = copies.copy_of(&doc.id, &doc.text);
        // The same document again under its own id (a repeated input line): its records are out already,
        // and one document has one record per event.
        if copy_of.as_deref() == Some(doc.id.as_str()) {
            eprintln!("note: {}: read again under the same id; its records are printed once", doc.id);
            continue;
        }
        let bytes = doc.text.len();
        if chunk.push((doc, copy_of), bytes) {
            print(chunk.take(), &mut failed)?;
        }
    }
    print(chunk.take(), &mut failed)?;
    if format == Format::Json {
        serde_json::to_writer_pretty(&mut out, &all)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
