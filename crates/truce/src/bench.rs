//! `truce bench`: throughput measurements on a synthetic corpus grown from real articles.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use clap::Subcommand;
use serde::{Deserialize, Serialize};
use truce_ingest::ReadOptions;
use truce_store::SqliteStore;

#[derive(Subcommand)]
pub enum BenchCommand {
    /// Ingest a corpus grown to N documents from a JSONL of real articles into a fresh store: read +
    /// decode + segment + dedup + store, and with --full extraction and assessment too, as `truce
    /// ingest` does.
    #[command(
        after_help = "Example: truce bench ingest --source ../shared/corpus/fakes-dev/docs.jsonl --docs 20000\n         truce bench ingest --source ../shared/corpus/fakes-dev/docs.jsonl --docs 10000 --full --jobs 2"
    )]
    Ingest {
        /// JSONL of articles to grow the corpus from (e.g. ../shared/corpus/fakes-dev/docs.jsonl).
        #[arg(long)]
        source: PathBuf,
        /// Number of documents in the grown corpus.
        #[arg(long, default_value_t = 100_000)]
        docs: usize,
        /// Keep the corpus and the store in this directory instead of a temporary one.
        #[arg(long)]
        keep: Option<PathBuf>,
        /// Extract and assess as well (the whole of `truce ingest`).
        #[arg(long)]
        full: bool,
        /// Threads that prepare and extract documents.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..))]
        jobs: u16,
    },
    /// Extract records from a corpus grown to N documents (read + decode + segment + extract), on one
    /// thread, and run spaCy's small English pipeline (named entities only) on the same texts as the peer.
    #[command(
        after_help = "Example: truce bench extract --source ../shared/corpus/fakes-dev/docs.jsonl --docs 2000 --spacy-docs 0"
    )]
    Extract {
        /// JSONL of articles to grow the corpus from (e.g. ../shared/corpus/fakes-dev/docs.jsonl).
        #[arg(long)]
        source: PathBuf,
        /// Number of documents in the grown corpus.
        #[arg(long, default_value_t = 100_000)]
        docs: usize,
        /// Documents spaCy processes (its rate is measured on these; 0 skips the peer).
        #[arg(long, default_value_t = 2000)]
        spacy_docs: usize,
    },
    /// Build a store of synthetic events over synthetic agreements; time `status`, `timeline` and the
    /// incremental reassessment after ingesting one more article.
    #[command(after_help = "Example: truce bench assess --events 100000")]
    Assess {
        /// Synthetic events in the store.
        #[arg(long, default_value_t = 1_000_000)]
        events: usize,
        /// Synthetic agreements they are judged against.
        #[arg(long, default_value_t = 100)]
        agreements: usize,
        /// The article ingested last (a file).
        #[arg(long, default_value = "../shared/corpus/seeds/001_0babc60a79826984.txt")]
        article: String,
        /// Keep the store at this path instead of a temporary file.
        #[arg(long)]
        keep: Option<std::path::PathBuf>,
    },
    /// Serve the store given by --db and time the API's list and filter endpoints and the dashboard's
    /// pages (p50, p99, max), against the bars of 50 ms (API) and 200 ms (overview) at p99.
    #[command(
        after_help = "Example: truce bench ingest --source ../shared/corpus/fakes-dev/docs.jsonl --docs 100000 --full --jobs 2 --keep big\n         truce --db big/bench.db bench serve --requests 200"
    )]
    Serve {
        /// Timed requests per endpoint (after a few to warm up).
        #[arg(long, default_value_t = 200)]
        requests: usize,
    },
    /// Load and index the knowledge pack repeatedly; report the load time.
    #[command(after_help = "Example: truce bench pack --runs 50")]
    Pack {
        /// How many times the pack is loaded.
        #[arg(long, default_value_t = 20)]
        runs: usize,
    },
}

#[derive(Deserialize)]
struct SourceArticle {
    id: String,
    title: Option<String>,
    text: String,
    source: Option<String>,
}

#[derive(Serialize)]
struct GrownArticle<'a> {
    id: String,
    title: Option<&'a str>,
    text: String,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct IngestBenchReport {
    documents: usize,
    input_bytes: u64,
    text_bytes: u64,
    full: bool,
    jobs: u16,
    seconds: f64,
    /// User and system time of every thread of the process during the ingest.
    cpu_seconds: f64,
    cpu_ms_per_document: f64,
    /// Of `seconds`, the assessment's (with --full).
    assess_seconds: f64,
    store_bytes_per_text_byte: f64,
    documents_per_second: f64,
    megabytes_per_second: f64,
    peak_memory_mb: f64,
    stored: u64,
    near_duplicates: u64,
    duplicates: u64,
    failed: u64,
    store_bytes: u64,
}

pub fn run(command: BenchCommand, json: bool, pack: &str, db: &Path) -> anyhow::Result<ExitCode> {
    match command {
        BenchCommand::Serve { requests } => {
            anyhow::ensure!(db.exists(), "no store at {}", db.display());
            crate::bench_serve::run(db, crate::kb::load_packs(pack)?, requests, json)
        }
        BenchCommand::Extract { source, docs, spacy_docs } => {
            let dir = tempdir()?;
            let corpus = dir.join("corpus.jsonl");
            let (input_bytes, _) = grow_corpus(&source, docs, &corpus)?;
            let extractor = truce_extract::Extractor::with_packs(crate::kb::load_packs(pack)?);
            let started = Instant::now();
            let mut records = 0usize;
            let mut events = 0usize;
            let mut read = 0usize;
            for doc in truce_ingest::read_inputs(&[corpus.to_string_lossy().into_owned()], ReadOptions::default()) {
                let Ok(doc) = doc else { continue };
                read += 1;
                for r in extractor.extract(&doc, None) {
                    records += 1;
                    events += usize::from(r.kind() == "event");
                }
            }
            let seconds = started.elapsed().as_secs_f64();
            let peak_memory_mb = peak_memory_bytes().unwrap_or(0) as f64 / 1e6;
            let truce_rate = read as f64 / seconds;
            let spacy = if spacy_docs > 0 { spacy_peer(&corpus, spacy_docs) } else { None };
            let spacy_rate = spacy.as_ref().and_then(|s| s["documents_per_second"].as_f64());
            let _ = std::fs::remove_dir_all(&dir);
            let report = serde_json::json!({
                "documents": read,
                "input_bytes": input_bytes,
                "seconds": seconds,
                "documents_per_second": truce_rate,
                "megabytes_per_second": input_bytes as f64 / 1e6 / seconds,
                "records": records,
                "events": events,
                "peak_memory_mb": peak_memory_mb,
                "spacy": spacy,
                "ratio_to_spacy": spacy_rate.map(|s| truce_rate / s),
            });
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!(
                    "extract: {read} documents in {seconds:.2} s: {truce_rate:.0} documents/s, {:.1} MB/s, {records} records ({events} events), peak memory {peak_memory_mb:.0} MB",
                    input_bytes as f64 / 1e6 / seconds
                );
                match spacy_rate {
                    Some(rate) => println!(
                        "spaCy en_core_web_sm (NER only, one process): {rate:.0} documents/s on {} documents; Truce is {:.1}x faster",
                        spacy.as_ref().and_then(|s| s["documents"].as_u64()).unwrap_or(0),
                        truce_rate / rate
                    ),
                    None => println!(
                        "spaCy peer not measured ({})",
                        spacy.map(|s| s.to_string()).unwrap_or_else(|| "skipped".into())
                    ),
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Assess { events, agreements, article, keep } => {
            let r = crate::bench_assess::run(pack, events, agreements, &article, keep.as_deref())?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!(
                    "assess: {} events, {} agreements, {} verdicts, built in {:.1} s; status {:.1} ms, timeline {:.2} ms (medians of 11), one more article ingested and reassessed in {:.0} ms",
                    r.events, r.agreements, r.verdicts, r.load_seconds, r.status_ms, r.timeline_ms, r.incremental_ms
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Pack { runs } => {
            let mut times = Vec::with_capacity(runs);
            let mut loaded = None;
            for _ in 0..runs.max(1) {
                let started = Instant::now();
                loaded = Some(crate::kb::load_packs(pack)?);
                times.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            times.sort_by(f64::total_cmp);
            let packs = loaded.expect("at least one run");
            let total = |f: fn(&truce_pack::Pack) -> usize| packs.iter().map(f).sum::<usize>();
            let report = serde_json::json!({
                "pack": packs.ids(),
                "runs": times.len(),
                "median_ms": times[times.len() / 2],
                "min_ms": times[0],
                "max_ms": times[times.len() - 1],
                "actors": total(|p| p.actors.len()),
                "people": total(|p| p.people.len()),
                "places": total(|p| p.places.len()),
                "zones": total(|p| p.zones.len()),
                "agreements": total(|p| p.agreements.len()),
                "names": total(|p| p.name_count()),
            });
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!(
                    "pack {}: load and index in {:.1} ms (median of {}; min {:.1}, max {:.1}); {}",
                    packs.ids(),
                    times[times.len() / 2],
                    times.len(),
                    times[0],
                    times[times.len() - 1],
                    packs.iter().map(|p| format!("{}: {}", p.meta.id, p.summary())).collect::<Vec<_>>().join("; ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        BenchCommand::Ingest { source, docs, keep, full, jobs } => {
            let temp;
            let dir: &Path = match &keep {
                Some(dir) => {
                    std::fs::create_dir_all(dir)?;
                    dir
                }
                None => {
                    temp = tempdir()?;
                    &temp
                }
            };
            let corpus = dir.join("corpus.jsonl");
            let (input_bytes, text_bytes) = grow_corpus(&source, docs, &corpus)?;
            let db = dir.join("bench.db");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
            }
            let extractor =
                if full { Some(truce_extract::Extractor::with_packs(crate::kb::load_packs(pack)?)) } else { None };
            let mut store = SqliteStore::open(&db)?;
            let reporting = crate::ingest::Reporting { progress: false, notes: false };
            let started = Instant::now();
            let cpu_before = cpu_seconds();
            let mut assess_seconds = 0.0;
            let mut assess = |store: &mut SqliteStore| -> anyhow::Result<()> {
                if let Some(x) = &extractor {
                    let t = Instant::now();
                    crate::assess::update(store, x.packs(), false)?;
                    assess_seconds += t.elapsed().as_secs_f64();
                }
                Ok(())
            };
            let summary = crate::ingest::ingest(
                &mut store,
                &[corpus.to_string_lossy().into_owned()],
                ReadOptions::default(),
                reporting,
                extractor.as_ref(),
                &crate::parallel::Pool::new(Some(usize::from(jobs)))?,
                Some(crate::ingest::Between { every: crate::DEFAULT_ASSESS_EVERY, run: &mut assess }),
            )?;
            assess(&mut store)?;
            let seconds = started.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - cpu_before;
            drop(store);
            let store_bytes: u64 = ["", "-wal"]
                .iter()
                .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", db.display())).ok())
                .map(|m| m.len())
                .sum();
            let report = IngestBenchReport {
                documents: docs,
                input_bytes,
                text_bytes,
                full,
                jobs,
                seconds,
                cpu_seconds: cpu,
                cpu_ms_per_document: cpu * 1000.0 / docs as f64,
                assess_seconds,
                store_bytes_per_text_byte: store_bytes as f64 / text_bytes as f64,
                documents_per_second: docs as f64 / seconds,
                megabytes_per_second: input_bytes as f64 / 1e6 / seconds,
                peak_memory_mb: peak_memory_bytes().unwrap_or(0) as f64 / 1e6,
                stored: summary.ingested,
                near_duplicates: summary.near_duplicates,
                duplicates: summary.duplicates,
                failed: summary.failed,
                store_bytes,
            };
            if keep.is_none() {
                let _ = std::fs::remove_dir_all(dir);
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                println!(
                    "ingest{}: {} documents ({:.1} MB) in {:.2} s ({:.1} CPU-s, {:.2} CPU-ms per document{}; {} job(s)): \
                     {:.0} documents/s, {:.1} MB/s, peak memory {:.0} MB; stored {} ({} near-duplicates), duplicates {}, \
                     failed {}; store {:.0} MB, {:.1} bytes per byte of text",
                    if report.full { " --full" } else { "" },
                    report.documents,
                    report.input_bytes as f64 / 1e6,
                    report.seconds,
                    report.cpu_seconds,
                    report.cpu_ms_per_document,
                    if report.full { format!(", assessment {:.1} s", report.assess_seconds) } else { String::new() },
                    report.jobs,
                    report.documents_per_second,
                    report.megabytes_per_second,
                    report.peak_memory_mb,
                    report.stored,
                    report.near_duplicates,
                    report.duplicates,
                    report.failed,
                    report.store_bytes as f64 / 1e6,
                    report.store_bytes_per_text_byte
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Runs `scripts/spacy_bench.py` on the first `docs` documents of the corpus.
fn spacy_peer(corpus: &Path, docs: usize) -> Option<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/spacy_bench.py");
    let out = std::process::Command::new("python3")
        .arg(&script)
        .arg(corpus)
        .args(["--docs", &docs.to_string()])
        .env("OMP_NUM_THREADS", "1")
        .output()
        .ok()?;
    let line = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(line.lines().last()?).ok()
}

fn tempdir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("truce-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Writes `count` documents with distinct ids to `out`: the source articles as they are, then articles
/// made of the first third of one source article, the middle of a second and the last third of a third,
/// chosen by a fixed pseudo-random sequence, so that texts are distinct and their vocabulary and length
/// are those of real reporting.
/// Returns the corpus's bytes and its texts' bytes.
fn grow_corpus(source: &Path, count: usize, out: &Path) -> anyhow::Result<(u64, u64)> {
    let reader = BufReader::new(File::open(source).with_context(|| format!("{}", source.display()))?);
    let mut articles = Vec::new();
    for line in reader.lines() {
        let line = line?;
        if !line.trim().is_empty() {
            articles
                .push(serde_json::from_str::<SourceArticle>(&line).with_context(|| format!("{}", source.display()))?);
        }
    }
    anyhow::ensure!(!articles.is_empty(), "{}: no articles", source.display());
    let mut writer = BufWriter::new(File::create(out)?);
    let mut bytes = 0u64;
    let mut text_bytes = 0u64;
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for n in 0..count {
        let first = &articles[n % articles.len()];
        let round = n / articles.len();
        let text = if round == 0 {
            first.text.clone()
        } else {
            let mut pick = || {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                &articles[(state >> 33) as usize % articles.len()].text
            };
            let (second, third) = (pick(), pick());
            let a = &first.text[..cut_at_sentence(&first.text, 1, 3)];
            let b = &second[cut_at_sentence(second, 1, 3)..cut_at_sentence(second, 2, 3)];
            let c = &third[cut_at_sentence(third, 2, 3)..];
            format!("{a} {b} {c}")
        };
        let grown = GrownArticle {
            id: format!("{}-{round}", first.id),
            title: first.title.as_deref(),
            text,
            source: first.source.as_deref(),
        };
        let line = serde_json::to_string(&grown)?;
        bytes += line.len() as u64 + 1;
        text_bytes += grown.text.len() as u64;
        writeln!(writer, "{line}")?;
    }
    writer.flush()?;
    Ok((bytes, text_bytes))
}

/// A byte offset near `numerator/denominator` of `text`, just after a full stop when one follows.
fn cut_at_sentence(text: &str, numerator: usize, denominator: usize) -> usize {
    let mut at = text.len() * numerator / denominator;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text[at..].find(". ").map(|i| at + i + 1).unwrap_or(at)
}

/// User and system CPU time of the whole process (every thread) so far.
fn cpu_seconds() -> f64 {
    #[cfg(unix)]
    {
        // SAFETY: getrusage fills the struct it is given and reads nothing else.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } == 0 {
            let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
            return t(usage.ru_utime) + t(usage.ru_stime);
        }
    }
    f64::NAN
}

/// The process's peak resident memory (Linux `VmHWM`), in bytes.
pub fn peak_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}
