//! `truce ingest`: read inputs, segment and fingerprint them, and store them in batches.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use truce_extract::{Extractor, Record};
use truce_ingest::{InputError, ReadOptions, read_inputs};
use truce_store::{PreparedDocument, RecordRow, RunSummary, Store};

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

/// Ingests `paths` into `store`, one transaction per batch. Failures are printed on standard error and
/// recorded with the run, and the batch goes on.
pub fn ingest(
    store: &mut dyn Store,
    paths: &[String],
    options: ReadOptions,
    reporting: Reporting,
    extractor: Option<&Extractor>,
) -> anyhow::Result<RunSummary> {
    let run = store.begin_run("ingest", paths)?;
    let mut job = Ingestion {
        store,
        run,
        bar: progress_bar(reporting.progress),
        reporting,
        summary: RunSummary::default(),
        batch: Vec::with_capacity(BATCH_DOCS),
        batch_started: Instant::now(),
    };
    for item in read_inputs(paths, options) {
        match item {
            Ok(document) => {
                if job.batch.is_empty() {
                    job.batch_started = Instant::now();
                }
                let mut prepared = PreparedDocument::new(document);
                if let Some(extractor) = extractor {
                    match extractor.try_extract(&prepared.document, None) {
                        Ok(records) => prepared.records = record_rows(records)?,
                        Err(message) => {
                            // Not stored: a later run with fixed rules must see it as new.
                            let origin = &prepared.document.origin;
                            job.fail(&InputError { input: origin.input.clone(), line: origin.line, message })?;
                            continue;
                        }
                    }
                }
                job.batch.push(prepared);
            }
            Err(failure) => job.fail(&failure)?,
        }
        if job.batch.len() >= BATCH_DOCS || (!job.batch.is_empty() && job.batch_started.elapsed() >= BATCH_AGE) {
            job.flush()?;
        }
    }
    job.flush()?;
    job.bar.finish_and_clear();
    job.store.finish_run(run, &job.summary)?;
    Ok(job.summary)
}

struct Ingestion<'s> {
    store: &'s mut dyn Store,
    run: i64,
    bar: ProgressBar,
    reporting: Reporting,
    summary: RunSummary,
    batch: Vec<PreparedDocument>,
    batch_started: Instant,
}

impl Ingestion<'_> {
    fn fail(&mut self, failure: &InputError) -> anyhow::Result<()> {
        self.summary.failed += 1;
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
        self.batch.clear();
        let s = &self.summary;
        self.bar.set_position(s.ingested + s.duplicates + s.failed);
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

fn progress_bar(enabled: bool) -> ProgressBar {
    if !enabled {
        return ProgressBar::hidden();
    }
    // Drawn on standard error only when it is a terminal: a pipe stays quiet.
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {elapsed_precise} {pos} documents ({per_sec}) {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}
