//! `truce`, the command line of the Truce ceasefire monitor.
//!
//! Owns argument parsing and presentation only; the work is done by the stage crates
//! (`truce-ingest`, `truce-text`, `truce-extract`, `truce-store`, `truce-assess`).

mod assess;
mod bench;
mod bench_assess;
mod bench_serve;
mod extract;
mod ingest;
mod kb;
mod output;
mod parallel;
mod serve;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use truce_assess::persist::read::Named;
use truce_ingest::ReadOptions;
use truce_report::status::AsOf;
use truce_store::{DocumentFilter, SqliteStore, Store};

/// mimalloc rather than glibc's allocator: extraction allocates many small strings and vectors, and
/// glibc's malloc and free were a quarter of start-up's instructions (callgrind, scripts/cost-guard.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Stored documents between two assessments of one ingest (`--assess-every`).
pub const DEFAULT_ASSESS_EVERY: usize = 20_000;

/// An error of the asking, not of the work: a store, document, agreement or pack that is not there, an
/// option a command does not take. Exit status 2, as for the argument parser's own errors; every other
/// failure is 1.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Usage(message.into()))
}

/// A calendar date given on the command line, checked by the argument parser: `2019-08-01`.
fn day(value: &str) -> Result<String, String> {
    value
        .parse::<jiff::civil::Date>()
        .map(|d| d.to_string())
        .map_err(|_| format!("{value:?} is not a date of the form YYYY-MM-DD"))
}

/// Which events to list or export: the filters `events` and `export` share.
#[derive(clap::Args, Debug)]
struct EventArgs {
    /// Only events on or after this date (YYYY-MM-DD).
    #[arg(long, value_parser = day)]
    since: Option<String>,
    /// Only events on or before this date (YYYY-MM-DD).
    #[arg(long, value_parser = day)]
    until: Option<String>,
    /// Governorate (ACLED admin1), e.g. Idlib.
    #[arg(long)]
    admin1: Option<String>,
    /// Country, as its ISO 3166-1 alpha-2 code, e.g. SY.
    #[arg(long)]
    country: Option<String>,
    /// ACLED event type, e.g. "Explosions/Remote violence".
    #[arg(long)]
    event_type: Option<String>,
    /// ACLED sub-event type, e.g. "Air/drone strike".
    #[arg(long)]
    sub_event_type: Option<String>,
    /// Either actor, as the pack's id or the name Truce prints, e.g. "Government of Syria".
    #[arg(long)]
    actor: Option<String>,
    /// Only events judged against this agreement (a violation or adherence; its id, as `truce status` lists it).
    #[arg(long)]
    agreement: Option<String>,
    /// As of this date (YYYY-MM-DD): only events some document published by then reports.
    #[arg(long, value_parser = day)]
    on: Option<String>,
}

impl EventArgs {
    /// The filter, once the dates are checked to be in order (the country code upper-cased by the caller).
    fn filter<'a>(&'a self, country: Option<&'a str>) -> anyhow::Result<truce_assess::persist::read::EventFilter<'a>> {
        in_order(("--since", &self.since), ("--until", &self.until))?;
        Ok(truce_assess::persist::read::EventFilter {
            since: self.since.as_deref(),
            until: self.until.as_deref(),
            country,
            admin1: self.admin1.as_deref(),
            event_type: self.event_type.as_deref(),
            sub_event_type: self.sub_event_type.as_deref(),
            actor: self.actor.as_deref(),
            agreement: self.agreement.as_deref(),
            reported_by: self.on.as_deref(),
            ..Default::default()
        })
    }
}

/// Two dates of one command that must come in order (a range's start and end): an error naming both
/// flags and dates when the second is before the first.
fn in_order(first: (&str, &Option<String>), second: (&str, &Option<String>)) -> anyhow::Result<()> {
    if let ((a, Some(from)), (b, Some(to))) = (first, second)
        && to < from
    {
        return Err(usage(format!("{b} {to} is before {a} {from}: nothing could match")));
    }
    Ok(())
}

/// The store of a command that reads one: it must exist (only `ingest`, `demo` and `gazetteer import`
/// create a store).
fn existing_store(db: &std::path::Path) -> anyhow::Result<SqliteStore> {
    if !db.exists() {
        return Err(usage(format!(
            "no store at {}: `truce ingest` creates one, and --db (or TRUCE_DB) names another",
            db.display()
        )));
    }
    Ok(SqliteStore::open(db)?)
}

/// The store's own files, which `ingest DIR` must not read when the store lives inside DIR.
fn store_files(db: &std::path::Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm", "-journal"].iter().map(|suffix| PathBuf::from(format!("{}{suffix}", db.display()))).collect()
}

#[derive(Parser)]
#[command(
    name = "truce",
    version,
    about = "Truce reads news of ceasefires and tells whether they hold.",
    after_help = "Start with `truce demo`, or `truce ingest ARTICLES...` then `truce status`.\nExit status: 0 ok, 1 failure, 2 usage or not found."
)]
struct Cli {
    /// The store: a SQLite file (`ingest`, `demo` and `gazetteer import` create it when missing).
    #[arg(long, global = true, env = "TRUCE_DB", default_value = "truce.db")]
    db: PathBuf,
    /// Print machine-readable JSON instead of text (commands with a --format of their own refuse it).
    #[arg(long, global = true)]
    json: bool,
    /// Print nothing but errors.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// The knowledge packs: `all` (every built-in pack), or built-in ids and pack directories, comma-separated.
    #[arg(long, global = true, env = "TRUCE_PACK", default_value = "all")]
    pack: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Read articles into the store: files, directories (recursively) and `-` for JSONL on stdin.
    #[command(after_help = "Example: truce ingest reports/ wire.jsonl\n         some-feed-tool | truce ingest -")]
    Ingest {
        /// Files (.txt .md .html .jsonl, others sniffed), directories (their files of those formats) and `-`.
        #[arg(required = true)]
        paths: Vec<String>,
        /// Another file extension to read inside directories (repeatable: --ext xml --ext php), sniffed as text or HTML.
        #[arg(long = "ext", value_name = "EXT")]
        extensions: Vec<String>,
        /// Largest file (or JSONL record) accepted, in bytes.
        #[arg(long, default_value_t = 20 * 1024 * 1024)]
        max_bytes: usize,
        /// Store documents only, without extracting events, agreements, quotes and figures.
        #[arg(long)]
        no_extract: bool,
        /// Threads that prepare and extract documents (default: one per core); the store is the same
        /// for any number.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Assess after every N stored documents as well as at the end, so that an ingest that is
        /// stopped keeps the assessment of what it finished.
        #[arg(long, default_value_t = DEFAULT_ASSESS_EVERY as u64, value_parser = clap::value_parser!(u64).range(1..))]
        assess_every: u64,
    },
    /// Print the records extracted from inputs (events, agreements, quotes, figures, mentions), without
    /// touching a store.
    #[command(after_help = "Example: truce extract --published 2019-08-02 article.txt")]
    Extract {
        /// Files, directories and `-`, as for `ingest`.
        #[arg(required = true)]
        paths: Vec<String>,
        /// How to print the records.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: extract::Format,
        /// Publication date for documents that carry none (YYYY-MM-DD).
        #[arg(long, value_parser = day)]
        published: Option<String>,
        /// Largest file (or JSONL record) accepted, in bytes.
        #[arg(long, default_value_t = 20 * 1024 * 1024)]
        max_bytes: usize,
        /// Threads that extract documents (default: one per core); records come out in input order
        /// for any number.
        #[arg(long, value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
    },
    /// Full-text search over stored sentences.
    #[command(
        after_help = "Example: truce search 'ceasefire Idlib'\n         truce search '\"buffer zone\" OR \"demilitarised zone\"'"
    )]
    Search {
        /// Words (all must occur), "quoted phrases", OR, NOT, and prefix* as SQLite FTS5 reads them.
        query: String,
        /// Most sentences to print.
        #[arg(long, default_value_t = 20)]
        limit: usize,
    },
    /// List stored documents, newest first.
    #[command(after_help = "Example: truce docs --since 2019-08-01 --source Reuters")]
    Docs {
        /// Only documents published on or after this date (YYYY-MM-DD).
        #[arg(long, value_parser = day)]
        since: Option<String>,
        /// Only documents published on or before this date (YYYY-MM-DD).
        #[arg(long, value_parser = day)]
        until: Option<String>,
        /// Only documents from this outlet.
        #[arg(long)]
        source: Option<String>,
        /// Most documents to list.
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Print one stored document with its metadata and reading notes.
    #[command(after_help = "Example: truce show 004_5c82e2da5f2ff8c7")]
    Show {
        /// The document's id, as `truce docs` lists it.
        id: String,
    },
    /// Check the store: SQLite's integrity check (problems placed in their tables), every stored text
    /// against the hash it was stored with, and references between tables. Exit 1 when damaged.
    #[command(after_help = "Example: truce --db shared.db check")]
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
    #[command(after_help = "Example: truce assess --full")]
    Assess {
        /// Recompute everything rather than only what new documents touch.
        #[arg(long)]
        full: bool,
    },
    /// Every agreement: its status, since when, violations by party, adherence, last report.
    #[command(after_help = "Example: truce status --json\n         truce status --on 2016-09-15")]
    Status {
        /// As of this date (YYYY-MM-DD): only the documents published on or before it are seen.
        #[arg(long, value_parser = day)]
        on: Option<String>,
    },
    /// One agreement's status transitions, conditions and deadlines, with evidence.
    #[command(after_help = "Example: truce timeline idlib-2019-08 --on 2019-08-03")]
    Timeline {
        /// The agreement's id, as `truce status` lists it.
        agreement: String,
        /// As of this date (YYYY-MM-DD): only the documents published on or before it are seen, and
        /// deadlines not yet due are pending.
        #[arg(long, value_parser = day)]
        on: Option<String>,
    },
    /// Violations found, newest last.
    #[command(after_help = "Example: truce violations --agreement idlib-2019-08 --party unattributed")]
    Violations {
        /// Only violations of this agreement (its id, as `truce status` lists it).
        #[arg(long)]
        agreement: Option<String>,
        /// The party's name as Truce prints it ("Government of Syria"), or "unattributed".
        #[arg(long)]
        party: Option<String>,
        /// Only from this date (YYYY-MM-DD).
        #[arg(long, value_parser = day)]
        since: Option<String>,
        /// As of this date (YYYY-MM-DD): violations up to it that documents published by then report.
        #[arg(long, value_parser = day)]
        on: Option<String>,
    },
    /// Events merged across reports.
    #[command(
        after_help = "Example: truce events --admin1 Idlib --since 2019-08-01 --sub-event-type 'Air/drone strike'"
    )]
    Events {
        #[command(flatten)]
        filter: EventArgs,
    },
    /// An analyst's one-page report on one agreement (or all that reports mention).
    #[command(after_help = "Example: truce brief --agreement idlib-2019-08 --format html > brief.html")]
    Brief {
        /// The agreement (its id, as `truce status` lists it); every agreement reports mention when absent.
        #[arg(long)]
        agreement: Option<String>,
        /// Markdown with footnotes, a standalone printable HTML page, or the same content as JSON.
        #[arg(long, value_enum, default_value = "md")]
        format: assess::BriefFormat,
        /// As of this date (YYYY-MM-DD): only the documents published on or before it are seen.
        #[arg(long, value_parser = day)]
        on: Option<String>,
    },
    /// Export events: ACLED-style CSV, GeoJSON (events and zones) or JSONL.
    #[command(after_help = "Example: truce export --format acled-csv > events.csv")]
    Export {
        /// ACLED-style CSV, GeoJSON (events and the pack's zones) or one JSON event per line.
        #[arg(long, value_enum)]
        format: assess::ExportFormat,
        /// ACLED CSV: also the events with no date (not ACLED rows: ACLED codes only dated events).
        #[arg(long)]
        include_undated: bool,
        #[command(flatten)]
        filter: EventArgs,
    },
    /// Serve the dashboard and the HTTP API (OpenAPI at /api/v1/openapi.json) until Ctrl-C.
    #[command(
        after_help = "Example: truce --db demo.db serve\n         truce serve --addr 0.0.0.0:8080 --token-file ~/.truce-token"
    )]
    Serve {
        /// Where to listen: loopback by default; another address warns that anyone reaching it reads the store.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// A file holding the bearer token of the write endpoint (POST /api/v1/documents); without it there is none.
        #[arg(long)]
        token_file: Option<PathBuf>,
    },
    /// Ingest the example reports (built into the binary) and print the status and a brief.
    #[command(after_help = "Example: truce --db demo.db demo")]
    Demo {
        /// Read the example reports from this directory instead of the built-in ones.
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
    // With --json a script reads the errors too: the parser's own as well as the work's.
    let json = std::env::args_os().skip(1).take_while(|a| a != "--").any(|a| a == "--json");
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if json && e.use_stderr() => {
            // The parser's message without its "error: " and its pointer to --help.
            let rendered = e.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            let message = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("{}", serde_json::json!({ "error": message, "kind": e.kind().to_string(), "exit": 2 }));
            return ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let message = format!("{e:#}");
            // A damaged file seen by a read that does not name its table: say what to run.
            let corrupt = e.chain().any(truce_store::is_damage);
            let note = (corrupt && !message.contains("truce check"))
                .then_some("the store file is damaged; `truce check` says where");
            let code: u8 = if e.downcast_ref::<Usage>().is_some() { 2 } else { 1 };
            if json {
                let mut out = serde_json::json!({ "error": message, "exit": code });
                if let Some(note) = note {
                    out["note"] = note.into();
                }
                eprintln!("{out}");
            } else {
                eprintln!("error: {}", output::safe(&message, false));
                if let Some(note) = note {
                    eprintln!("note: {note}");
                }
            }
            ExitCode::from(code)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    kb::known_pack(&cli.pack)?;
    if cli.json {
        let refusing = match &cli.command {
            Command::Brief { .. } => Some("brief (its --format chooses Markdown, HTML or JSON)"),
            Command::Export { .. } => Some("export (its --format chooses the output)"),
            Command::Extract { .. } => Some("extract (it prints JSON lines; --format chooses another form)"),
            Command::Demo { .. } => Some("demo"),
            Command::Serve { .. } => Some("serve (its API answers in JSON)"),
            _ => None,
        };
        if let Some(command) = refusing {
            return Err(usage(format!("--json is not an option of {command}")));
        }
    }
    match cli.command {
        Command::Ingest { paths, extensions, max_bytes, no_extract, jobs, assess_every } => {
            let pool = parallel::Pool::new(jobs.map(usize::from))?;
            // A path that is not there is a typo to fix before anything is written, not a failure to
            // report after a store was made for nothing.
            let missing: Vec<&str> =
                paths.iter().map(String::as_str).filter(|p| *p != "-" && !std::path::Path::new(p).exists()).collect();
            if !missing.is_empty() {
                return Err(usage(format!("no such file or directory: {} (nothing was ingested)", missing.join(", "))));
            }
            let mut store = SqliteStore::open(&cli.db)?;
            let reporting = ingest::Reporting { progress: !cli.quiet && !cli.json, notes: !cli.quiet };
            let extractor =
                if no_extract { None } else { Some(truce_extract::Extractor::with_packs(kb::load_packs(&cli.pack)?)) };
            let options = ReadOptions { max_bytes, extensions, skip: store_files(&cli.db) };
            let mut assessed = truce_assess::UpdateSummary::default();
            let mut assess_block = |store: &mut SqliteStore| -> anyhow::Result<()> {
                if let Some(x) = &extractor {
                    assessed += assess::update(store, x.packs(), false)?;
                }
                Ok(())
            };
            let between = ingest::Between { every: assess_every as usize, run: &mut assess_block };
            let summary =
                ingest::ingest(&mut store, &paths, options, reporting, extractor.as_ref(), &pool, Some(between))?;
            let assessed = match &extractor {
                Some(x) => {
                    assessed += assess::update(&mut store, x.packs(), false)?;
                    Some(assessed)
                }
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
        Command::Extract { paths, format, published, max_bytes, jobs } => {
            let extractor = truce_extract::Extractor::with_packs(kb::load_packs(&cli.pack)?);
            let pool = parallel::Pool::new(jobs.map(usize::from))?;
            extract::run(&extractor, &paths, published.as_deref(), format, max_bytes, &pool)
        }
        Command::Search { query, limit } => {
            let store = existing_store(&cli.db)?;
            let hits = store.search(&query, limit)?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&hits)?);
            } else {
                output::print_hits(&hits, std::io::stdout().is_terminal());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Docs { since, until, source, limit } => {
            in_order(("--since", &since), ("--until", &until))?;
            let store = existing_store(&cli.db)?;
            let docs = store.documents(&DocumentFilter { since, until, source, limit })?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&docs)?);
            } else {
                output::print_documents(&docs);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check => {
            let store = existing_store(&cli.db)?;
            let report = store.check()?;
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                output::print_check(&report);
            }
            Ok(if report.problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Show { id } => {
            let store = existing_store(&cli.db)?;
            let Some(doc) = store.document(&id)? else {
                return Err(usage(format!("no document with id {id:?} in {}", cli.db.display())));
            };
            if cli.json {
                println!("{}", serde_json::to_string_pretty(&doc)?);
            } else {
                output::print_document(&doc);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Kb(command) => kb::run_kb(command, &kb::load_packs(&cli.pack)?, &cli.db, cli.json),
        Command::Pack(command) => kb::run_pack(command, cli.json),
        Command::Gazetteer(command) => kb::run_gazetteer(command, &cli.db, cli.json, cli.quiet),
        Command::Assess { full } => {
            let packs = kb::load_packs(&cli.pack)?;
            let mut store = existing_store(&cli.db)?;
            let summary = assess::update(&mut store, &packs, full)?;
            if cli.json {
                println!("{}", serde_json::to_string(&summary)?);
            } else if !cli.quiet {
                println!(
                    "assessed {} document(s){}: {} event report(s), {} new event(s), {} merged, {} agreement(s) reassessed, {} verdict(s)",
                    summary.documents,
                    if full { " from scratch" } else { "" },
                    summary.event_mentions,
                    summary.events_new,
                    summary.events_merged,
                    summary.agreements_reassessed,
                    summary.verdicts
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Status { on } => {
            let (store, packs) = (existing_store(&cli.db)?, kb::load_packs(&cli.pack)?);
            let on = on.as_deref().map(|day| AsOf { packs: &packs, day });
            assess::status(&store, cli.json, on).map(|_| ExitCode::SUCCESS)
        }
        Command::Timeline { agreement, on } => {
            let store = existing_store(&cli.db)?;
            assess::timeline(&store, &kb::load_packs(&cli.pack)?, &agreement, on.as_deref(), cli.json)
                .map(|_| ExitCode::SUCCESS)
        }
        Command::Violations { agreement, party, since, on } => {
            in_order(("--since", &since), ("--on", &on))?;
            let (store, packs) = (existing_store(&cli.db)?, kb::load_packs(&cli.pack)?);
            if let Some(party) = &party {
                truce_report::lookup::check_name(&store, &packs, Named::Party, party).map_err(assess::cli_error)?;
            }
            let filter = truce_report::status::VerdictFilter {
                agreement: agreement.as_deref(),
                party: party.as_deref(),
                since: since.as_deref(),
                on: on.as_deref().map(|day| AsOf { packs: &packs, day }),
            };
            assess::violations(&store, filter, cli.json).map(|_| ExitCode::SUCCESS)
        }
        Command::Events { filter } => {
            let (store, packs) = (existing_store(&cli.db)?, kb::load_packs(&cli.pack)?);
            let country = filter.country.as_deref().map(str::to_uppercase);
            let filter = filter.filter(country.as_deref())?;
            assess::check_names(&store, &packs, &filter)?;
            assess::events(&store, filter, cli.json).map(|_| ExitCode::SUCCESS)
        }
        Command::Brief { agreement, format, on } => {
            let (store, packs) = (existing_store(&cli.db)?, kb::load_packs(&cli.pack)?);
            let on = on.as_deref().map(|day| AsOf { packs: &packs, day });
            assess::brief(&store, agreement.as_deref(), format, on).map(|_| ExitCode::SUCCESS)
        }
        Command::Export { format, include_undated, filter } => {
            let (store, packs) = (existing_store(&cli.db)?, kb::load_packs(&cli.pack)?);
            let country = filter.country.as_deref().map(str::to_uppercase);
            let filter = filter.filter(country.as_deref())?;
            assess::check_names(&store, &packs, &filter)?;
            assess::export(&store, &packs, format, include_undated, filter).map(|_| ExitCode::SUCCESS)
        }
        Command::Serve { addr, token_file } => {
            existing_store(&cli.db)?;
            serve::serve(cli.db.clone(), &cli.pack, addr, token_file.as_deref()).map(|_| ExitCode::SUCCESS)
        }
        Command::Demo { examples } => {
            let unpacked = tempfile::tempdir()?;
            let dir = match examples {
                Some(dir) => dir,
                None => assess::write_examples(unpacked.path())?,
            };
            let mut store = SqliteStore::open(&cli.db)?;
            let extractor = truce_extract::Extractor::with_packs(kb::load_packs(&cli.pack)?);
            let reporting = ingest::Reporting { progress: false, notes: !cli.quiet };
            let paths = vec![dir.display().to_string()];
            let options = ReadOptions { max_bytes: 1 << 20, extensions: Vec::new(), skip: store_files(&cli.db) };
            let summary = ingest::ingest(
                &mut store,
                &paths,
                options,
                reporting,
                Some(&extractor),
                &parallel::Pool::new(None)?,
                None,
            )?;
            assess::update(&mut store, extractor.packs(), false)?;
            println!("{summary}\n");
            assess::status(&store, false, None)?;
            println!();
            // The brief of the agreement with the most documents: the demo's headline, whatever its pack.
            let rows = truce_report::status::status_rows(&store)?;
            if let Some(row) = rows.iter().max_by_key(|r| (r.documents, std::cmp::Reverse(r.agreement.clone()))) {
                assess::brief(&store, Some(&row.agreement), assess::BriefFormat::Md, None)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Bench(command) => bench::run(command, cli.json, &cli.pack, &cli.db),
    }
}
