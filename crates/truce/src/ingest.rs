//! `truce ingest`: read inputs, segment and fingerprint them, and store them in batches.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use truce_extract::{Extractor, Record};
use truce_ingest::{Document, InputError, Inputs, ReadOptions, read_inputs};

use crate::parallel::{Chunk, Pool};
use truce_store::{AddOutcome, PreparedDocument, RecordRow, RunSummary, Store};

/// How many documents go into one transaction, at most.
const BATCH_DOCS: usize = 4096;
/// How long a batch may wait before it is committed, so that a slow trickle of input is still stored.
const BATCH_AGE: Duration = Duration::from_millis(250);

/// What to report while ingesting.
#[derive(Debug, Clone, Copy)]
pub struct Reporting {
    /// Show a progress bar (drawn only when standard error is a terminal).
    pub progress: bool,
    /// Print notes (a revised document stored under a new id) on standard error.
    pub notes: bool,
}

/// What runs between batches once enough documents are stored: the assessment, so that a long ingest
/// that is killed keeps the assessment of every block it finished (the rest is assessed by the next run).
pub struct Between<'a, S> {
    /// Documents stored (committed) before `run` is called again.
    pub every: usize,
    pub run: &'a mut dyn FnMut(&mut S) -> anyhow::Result<()>,
}

/// Ingests `paths` into `store`, one transaction per batch. Failures are printed on standard error and
/// recorded with the run, and the batch goes on.
/// How many passed-over files an ingest names one by one before it counts the rest: a directory of
/// a thousand PDFs gets a screenful, not a thousand lines.
const PASSED_OVER_NAMED: usize = 20;

pub fn ingest<S: Store>(
    store: &mut S,
    paths: &[String],
    options: ReadOptions,
    reporting: Reporting,
    extractor: Option<&Extractor>,
    pool: &Pool,
    between: Option<Between<'_, S>>,
) -> anyhow::Result<RunSummary> {
    ingest_inputs(store, paths, read_inputs(paths, options), reporting, extractor, pool, between, None)
}

/// What one ingestion did to each document, for a caller that answers for each (the API's
/// `POST /api/v1/documents`) rather than printing.
#[derive(Debug, Default)]
pub struct Collected {
    pub outcomes: Vec<AddOutcome>,
    pub errors: Vec<String>,
    pub notes: Vec<String>,
}

/// Ingests the documents of `inputs` (the run names them `names`), as [`ingest`] does; with
/// `collected`, each outcome, error and note is also kept there.
#[allow(clippy::too_many_arguments)]
pub fn ingest_inputs<S: Store>(
    store: &mut S,
    names: &[String],
    mut inputs: Inputs,
    reporting: Reporting,
    extractor: Option<&Extractor>,
    pool: &Pool,
    between: Option<Between<'_, S>>,
    collected: Option<&mut Collected>,
) -> anyhow::Result<RunSummary> {
    let paths = names;
    let run = store.begin_run("ingest", paths)?;
    let mut job = Ingestion {
        store,
        between,
        stored_since: 0,
        run,
        bar: progress_bar(reporting.progress, paths),
        bytes_read: 0,
        reporting,
        summary: RunSummary::default(),
        batch: Vec::with_capacity(BATCH_DOCS),
        batch_started: Instant::now(),
        collected,
    };
    // Documents are read here in order and prepared (segmented, fingerprinted, extracted) a chunk at a
    // time on every core; they reach the batch in their input order whatever the number of jobs.
    let mut chunk = Chunk::default();
    for item in inputs.by_ref() {
        match item {
            Ok(document) => {
                job.bytes_read += document.origin.bytes as u64;
                let bytes = document.text.len();
                if chunk.push(document, bytes) {
                    job.prepare(chunk.take(), extractor, pool)?;
                }
            }
            Err(failure) => job.fail(&failure)?,
        }
    }
    job.prepare(chunk.take(), extractor, pool)?;
    job.flush()?;
    job.bar.finish_and_clear();
    if !inputs.other_formats().is_empty() && job.reporting.notes {
        let passed = inputs.other_formats();
        for path in passed.iter().take(PASSED_OVER_NAMED) {
            let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or("no extension".into());
            eprintln!("note: {}: passed over: {ext} is not a format Truce reads", path.display());
        }
        if passed.len() > PASSED_OVER_NAMED {
            eprintln!("note: and {} more file(s) passed over", passed.len() - PASSED_OVER_NAMED);
        }
        eprintln!(
            "note: {} file(s) in the directories given are not a format Truce reads and were passed over (--ext reads more)",
            passed.len()
        );
    }
    job.store.finish_run(run, &job.summary)?;
    Ok(job.summary)
}

struct Ingestion<'s, 'b, 'c, S> {
    store: &'s mut S,
    between: Option<Between<'b, S>>,
    /// Documents stored since `between` last ran.
    stored_since: usize,
    run: i64,
    bar: ProgressBar,
    reporting: Reporting,
    summary: RunSummary,
    /// Input bytes behind the documents read so far: the progress bar's position.
    bytes_read: u64,
    batch: Vec<PreparedDocument>,
    batch_started: Instant,
    collected: Option<&'c mut Collected>,
}

impl<S: Store> Ingestion<'_, '_, '_, S> {
    /// Prepares a chunk of documents on the pool, then batches them in order (committing as batches fill).
    fn prepare(&mut self, documents: Vec<Document>, extractor: Option<&Extractor>, pool: &Pool) -> anyhow::Result<()> {
        let prepared = pool.map(documents, |document| {
            let mut prepared = PreparedDocument::new(document);
            if let Some(extractor) = extractor {
                match extractor.try_extract(&prepared.document, None) {
                    Ok(records) => prepared.records = record_rows(records)?,
                    // Not stored: a later run with fixed rules must see it as new.
                    Err(message) => return Ok(Err((prepared, message))),
                }
            }
            anyhow::Ok(Ok(prepared))
        });
        for outcome in prepared {
            match outcome? {
                Ok(prepared) => {
                    if self.batch.is_empty() {
                        self.batch_started = Instant::now();
                    }
                    self.batch.push(prepared);
                }
                Err((prepared, message)) => {
                    let origin = &prepared.document.origin;
                    self.fail(&InputError { input: origin.input.clone(), line: origin.line, message })?;
                }
            }
            if self.batch.len() >= BATCH_DOCS || self.batch_started.elapsed() >= BATCH_AGE {
                self.flush()?;
            }
        }
        Ok(())
    }

    fn fail(&mut self, failure: &InputError) -> anyhow::Result<()> {
        self.summary.failed += 1;
        if let Some(c) = &mut self.collected {
            c.errors.push(failure.to_string());
        }
        self.bar.suspend(|| eprintln!("error: {}", crate::output::safe(&failure.to_string(), false)));
        self.store.record_failure(self.run, failure)?;
        Ok(())
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        if self.batch.is_empty() {
            return Ok(());
        }
        let outcomes = self.store.add_documents(self.run, &self.batch)?;
        for (prepared, outcome) in self.batch.iter().zip(&outcomes) {
            self.summary.count(outcome);
            if let Some(c) = &mut self.collected {
                c.outcomes.push(outcome.clone());
                if outcome.stored_id().is_some() {
                    c.notes.extend(prepared.document.notes.iter().cloned());
                }
            }
            if self.reporting.notes && outcome.stored_id().is_some() {
                let origin = &prepared.document.origin;
                let line = origin.line.map(|l| format!(":{l}")).unwrap_or_default();
                for note in &prepared.document.notes {
                    let input = crate::output::safe(&origin.input, false);
                    self.bar.suspend(|| eprintln!("note: {input}{line}: {note}"));
                }
            }
            if let Some(stored) = outcome.stored_id()
                && stored != prepared.document.id
                && self.reporting.notes
            {
                let origin = &prepared.document.origin;
                let line = origin.line.map(|l| format!(":{l}")).unwrap_or_default();
                self.bar.suspend(|| {
                    eprintln!(
                        "note: {}{line}: id {:?} already holds another text; this version is stored as {stored:?}",
                        crate::output::safe(&origin.input, false),
                        prepared.document.id
                    )
                });
            }
        }
        self.stored_since += outcomes.iter().filter(|o| o.stored_id().is_some()).count();
        self.batch.clear();
        if let Some(between) = &mut self.between
            && self.stored_since >= between.every
        {
            (between.run)(self.store)?;
            self.stored_since = 0;
        }
        let s = &self.summary;
        self.bar.set_position(self.bytes_read);
        self.bar.set_message(s.to_string());
        Ok(())
    }
}

/// Extracted records as the store keeps them: kind, span of the first evidence, JSON.
pub fn record_rows(records: Vec<Record>) -> anyhow::Result<Vec<RecordRow>> {
    records
        .into_iter()
        .map(|r| {
            let (start, end) = match &r {
                Record::Mention(m) => (Some(m.start), Some(m.end)),
                Record::Event(e) => e.evidence.first().map(|v| (Some(v.start), Some(v.end))).unwrap_or_default(),
                Record::Agreement(a) => a.evidence.first().map(|v| (Some(v.start), Some(v.end))).unwrap_or_default(),
                Record::Quote(q) => q.evidence.first().map(|v| (Some(v.start), Some(v.end))).unwrap_or_default(),
                Record::Figure(f) => f.evidence.first().map(|v| (Some(v.start), Some(v.end))).unwrap_or_default(),
                Record::Document(_) => (None, None),
            };
            Ok(RecordRow { kind: r.kind().to_owned(), start, end, data: serde_json::to_string(&r)? })
        })
        .collect()
}

/// The progress bar: over the inputs' bytes, with a total and an ETA when their size is known (files
/// and directories), a running count otherwise (standard input).
fn progress_bar(enabled: bool, paths: &[String]) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    let total = input_bytes(paths);
    // Drawn on standard error only when it is a terminal: a pipe stays quiet.
    let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
    let template = if total.is_some() {
        "{spinner} {elapsed_precise} [{bar:24}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta} left) {msg}"
    } else {
        "{spinner} {elapsed_precise} {bytes} ({bytes_per_sec}) {msg}"
    };
    bar.set_style(
        ProgressStyle::with_template(template)
            .unwrap_or_else(|_| ProgressStyle::default_spinner())
            .progress_chars("=> "),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// The size of the inputs in bytes, walking directories; `None` when one is standard input.
fn input_bytes(paths: &[String]) -> Option<u64> {
    fn size(path: &std::path::Path, depth: usize) -> u64 {
        // The paths given are followed when they are links; links found inside are not.
        let meta = if depth == 0 { std::fs::metadata(path) } else { std::fs::symlink_metadata(path) };
        match meta {
            Ok(m) if m.is_file() => m.len(),
            // A bounded walk: the reader detects link loops itself, the estimate need not.
            Ok(m) if m.is_dir() && depth < 64 => std::fs::read_dir(path)
                .map(|entries| entries.filter_map(Result::ok).map(|e| size(&e.path(), depth + 1)).sum())
                .unwrap_or(0),
            _ => 0,
        }
    }
    if paths.iter().any(|p| p == "-") {
        return None;
    }
    Some(paths.iter().map(|p| size(std::path::Path::new(p), 0)).sum())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_progress_total_is_the_inputs_size_unless_one_is_standard_input() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.txt"), "12345").unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/b.jsonl"), "123").unwrap();
        let root = dir.path().display().to_string();
        assert_eq!(super::input_bytes(std::slice::from_ref(&root)), Some(8));
        assert_eq!(super::input_bytes(&[root, "-".into()]), None);
    }
}
