//! `truce`, the command line of the Truce ceasefire monitor.
//!
//! Owns argument parsing and presentation only; the work is done by the stage crates
//! (`truce-ingest`, `truce-text`, `truce-extract`, `truce-store`, `truce-assess`).

mod assess;
mod bench;
mod bench_assess;
mod extract;
mod ingest;
mod kb;
mod output;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use truce_ingest::ReadOptions;
use truce_store::{DocumentFilter, SqliteStore, Store};

#[derive(Parser)]
#[command(name = "truce", version, about = "Truce reads news of ceasefires and tells whether they hold.")]
struct Cli {
    /// The store: a SQLite file, created if missing.
    #[arg(long, global = true, env = "TRUCE_DB", default_value = "truce.db")]
    db: PathBuf,
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// The knowledge pack: the id of a built-in pack, or a pack directory.
    #[arg(long, global = true, env = "TRUCE_PACK", default_value = "syria")]
    pack: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles into the store: files, directories (recursively) and `-` for JSONL on stdin.
    Ingest {
        #[arg(required = true)]
        paths: Vec<String>,
        /// Largest file (or JSONL record) accepted, in bytes.
        #[arg(long, default_value_t = 20 * 1024 * 1024)]
        max_bytes: usize,
        /// Store documents only, without extracting events, agreements, quotes and figures.
        #[arg(long)]
        no_extract: bool,
    },
    /// Print the records extracted from inputs (events, agreements, quotes, figures, mentions), without
    /// touching a store.
    Extract {
        #[arg(required = true)]
        paths: Vec<String>,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: extract::Format,
        /// Publication date for documents that carry none (YYYY-MM-DD).
        #[arg(long)]
        published: Option<String>,
        #[arg(long, default_value_t = 20 * 1024 * 1024)]
        max_bytes: usize,
    },
    /// Full-text search over stored sentences.
    Search {
        query: String,
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// List stored documents, newest first.
    Docs {
        /// Only documents published on or after this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Only documents published on or before this date (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// Only documents from this outlet.
        #[arg(long)]
        source: Option<String>,
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Print one stored document with its metadata.
    Show { id: String },
    /// Check the store: SQLite's integrity check (problems placed in their tables), every stored text
    /// against the hash it was stored with, and references between tables. Exit 1 when damaged.
    Check,
    /// What Truce knows: actors, people, places, zones and agreements of the pack.
    #[command(subcommand)]
    Kb(kb::KbCommand),
    /// Check and list knowledge packs.
    #[command(subcommand)]
    Pack(kb::PackCommand),
    /// Extend the gazetteer with a GeoNames dump.
    #[command(subcommand)]
    Gazetteer(kb::GazetteerCommand),
    /// Bring the assessment up to date with the stored documents (ingest does this itself).
    Assess {
        /// Recompute everything rather than only what new documents touch.
        #[arg(long)]
        full: bool,
    },
    /// Every agreement: its status, since when, violations by party, adherence, last report.
    Status,
    /// One agreement's status transitions, conditions and deadlines, with evidence.
    Timeline {
        agreement: String,
        /// Judge the deadlines as of this date (YYYY-MM-DD) instead of the latest report.
        #[arg(long)]
        on: Option<String>,
    },
    /// Violations found, newest last.
    Violations {
        #[arg(long)]
        agreement: Option<String>,
        /// The party's name as Truce prints it ("Government of Syria"), or "unattributed".
        #[arg(long)]
        party: Option<String>,
        /// Only from this date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
    },
    /// Events merged across reports.
    Events {
        #[arg(long)]
        since: Option<String>,
        #[arg(long)]
        until: Option<String>,
        /// Governorate (ACLED admin1), e.g. Idlib.
        #[arg(long)]
        admin1: Option<String>,
        /// ACLED sub-event type, e.g. "Air/drone strike".
        #[arg(long)]
        sub_event_type: Option<String>,
    },
    /// An analyst's one-page report on one agreement (or all that reports mention).
    Brief {
        #[arg(long)]
        agreement: Option<String>,
        #[arg(long, value_enum, default_value = "md")]
        format: assess::BriefFormat,
    },
    /// Export events: ACLED-style CSV, GeoJSON (events and zones) or JSONL.
    Export {
        #[arg(long, value_enum)]
        format: assess::ExportFormat,
    },
    /// Ingest the example reports in `examples/` and print the status and a brief.
    Demo {
        /// The example reports (default: the checkout's `examples/`).
        #[arg(long)]
        examples: Option<PathBuf>,
    },
    /// Measure Truce's speed.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

fn main() -> ExitCode {
    // `truce status | head` should stop quietly when the reader goes away, as Unix tools do; Rust
    // ignores SIGPIPE by default and would panic on the failed write instead.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any other thread exists; SIG_DFL is a valid action.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let message = format!("{e:#}");
            eprintln!("error: {}", output::safe(&message, false));
            // A damaged file seen by a read that does not name its table: say what to run.
            let corrupt = e.chain().any(truce_store::is_damage);
            if corrupt && !message.contains("truce check") {
                eprintln!("note: the store file is damaged; `truce check` says where");
            }
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Ingest { paths, max_bytes, no_extract } => {
            let mut store = SqliteStore::open(&cli.db)?;
            let reporting = ingest::Reporting { progress: !cli.quiet && !cli.json, notes: !cli.quiet };
            let extractor =
                if no_extract { None } else { Some(truce_extract::Extractor::new(kb::load_pack(&cli.pack)?)) };
            let summary = ingest::ingest(&mut store, &paths, ReadOptions { max_bytes }, reporting, extractor.as_ref())?;
            let assessed = match &extractor {
                Some(x) => Some(assess::update(&mut store, x.pack(), false)?),
                None => None,
            };
            if cli.json {
                // The ingest summary's fields, plus what the assessment did.
                let mut out = serde_json::to_value(summary)?;
                out["assess"] = serde_json::to_value(&assessed)?;
                println!("{}", serde_json::to_string(&out)?);
            } else if !cli.quiet {
                println!("{summary}");
                if let Some(a) = assessed {
                    println!(
                        "assessed {} document(s): {} event report(s), {} new event(s), {} merged, {} agreement(s) reassessed",
                        a.documents, a.event_mentions, a.events_new, a.events_merged, a.agreements_reassessed
                    );
                }
            }
            Ok(if summary.failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
        }
        Command::Extract { paths, format, published, max_bytes } => {
            let extractor = truce_extract::Extractor::new(kb::load_pack(&cli.pack)?);
            extract::run(&extractor, &paths, published.as_deref(), format, max_bytes)
        }
        Command::Search { query, limit } => {
            let store = SqliteStore::open(&cli.db)?;
            let hits = store.search(&query, limit)?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&hits)?);
            } else {
                output::print_hits(&hits, std::io::stdout().is_terminal());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Docs { since, until, source, limit } => {
            let store = SqliteStore::open(&cli.db)?;
            let docs = store.documents(&DocumentFilter { since, until, source, limit })?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&docs)?);
            } else {
                output::print_documents(&docs);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let store = SqliteStore::open(&cli.db)?;
            let report = store.check()?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                output::print_check(&report);
            }
            Ok(if report.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Show { id } => {
            let store = SqliteStore::open(&cli.db)?;
            let Some(doc) = store.document(&id)? else {
                anyhow::bail!("no document with id {id:?} in {}", cli.db.display());
            };
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&doc)?);
            } else {
                output::print_document(&doc);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Kb(command) => kb::run_kb(command, &kb::load_pack(&cli.pack)?, &cli.db, cli.json),
        Command::Pack(command) => kb::run_pack(command, cli.json),
        Command::Gazetteer(command) => kb::run_gazetteer(command, &cli.db, cli.json, cli.quiet),
        Command::Assess { full } => {
            let pack = kb::load_pack(&cli.pack)?;
            let mut store = SqliteStore::open(&cli.db)?;
            let summary = assess::update(&mut store, &pack, full)?;
            if cli.json {
                println!("{}", serde_json::to_string(&summary)?);
            } else if !cli.quiet {
                println!("{summary:?}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Status => assess::status(&SqliteStore::open(&cli.db)?, cli.json).map(|_| ExitCode::SUCCESS),
        Command::Timeline { agreement, on } => {
            // The pack (65 ms to load) is needed only to judge deadlines at another date.
            let pack = match on {
                Some(_) => Some(kb::load_pack(&cli.pack)?),
                None => None,
            };
            assess::timeline(&SqliteStore::open(&cli.db)?, pack.as_ref(), &agreement, on.as_deref(), cli.json)
                .map(|_| ExitCode::SUCCESS)
        }
        Command::Violations { agreement, party, since } => assess::violations(
            &SqliteStore::open(&cli.db)?,
            agreement.as_deref(),
            party.as_deref(),
            since.as_deref(),
            cli.json,
        )
        .map(|_| ExitCode::SUCCESS),
        Command::Events { since, until, admin1, sub_event_type } => assess::events(
            &SqliteStore::open(&cli.db)?,
            since.as_deref(),
            until.as_deref(),
            admin1.as_deref(),
            sub_event_type.as_deref(),
            cli.json,
        )
        .map(|_| ExitCode::SUCCESS),
        Command::Brief { agreement, format } => {
            assess::brief(&SqliteStore::open(&cli.db)?, agreement.as_deref(), format).map(|_| ExitCode::SUCCESS)
        }
        Command::Export { format } => {
            assess::export(&SqliteStore::open(&cli.db)?, &kb::load_pack(&cli.pack)?, format).map(|_| ExitCode::SUCCESS)
        }
        Command::Demo { examples } => {
            let dir = examples.unwrap_or_else(assess::examples_dir);
            let mut store = SqliteStore::open(&cli.db)?;
            let extractor = truce_extract::Extractor::new(kb::load_pack(&cli.pack)?);
            let reporting = ingest::Reporting { progress: false, notes: !cli.quiet };
            let paths = vec![dir.display().to_string()];
            let summary =
                ingest::ingest(&mut store, &paths, ReadOptions { max_bytes: 1 << 20 }, reporting, Some(&extractor))?;
            assess::update(&mut store, extractor.pack(), false)?;
            println!("{summary}\n");
            assess::status(&store, false)?;
            println!();
            assess::brief(&store, Some("idlib-2019-08"), assess::BriefFormat::Md)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(command) => bench::run(command, cli.json, &cli.pack),
    }
}
