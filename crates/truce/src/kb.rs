//! `truce kb`, `truce pack` and `truce gazetteer`: looking into and extending what Truce knows.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use jiff::civil::Date;
use serde::Serialize;
use serde_json::json;
use truce_pack::fold::{fold, skeleton};
use truce_pack::gazetteer::{GazetteerRow, GeonamesReader, useful_name};
use truce_pack::{Pack, Packs, Place, PlaceKind};
use truce_store::{GazetteerEntry, SqliteStore};

#[derive(Subcommand)]
pub enum KbCommand {
    /// Actors: all, or those a name resolves to and those whose names contain it.
    #[command(after_help = "Example: truce kb actors 'Tahrir al-Sham' --on 2019-08-01")]
    Actors {
        /// A name, in any of its spellings; every actor when absent.
        query: Option<String>,
        /// Resolve names as of this date (YYYY-MM-DD): time-bounded names and lineages depend on it.
        #[arg(long)]
        on: Option<Date>,
    },
    /// People, with the role each held on the date.
    #[command(after_help = "Example: truce kb people Lavrov --on 2016-09-09")]
    People {
        /// A name; every person when absent.
        query: Option<String>,
        /// The date whose roles are shown (YYYY-MM-DD).
        #[arg(long)]
        on: Option<Date>,
    },
    /// Places a name may refer to, best first, with coordinates, governorate, district and precision.
    #[command(after_help = "Example: truce kb places 'Khan Sheikhoun'")]
    Places {
        /// A place name, in any transliteration.
        query: String,
        /// Most candidates to list.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Zones, with their geometry, precision notes and sources.
    #[command(after_help = "Example: truce kb zones --json")]
    Zones,
    /// The registry of agreements.
    #[command(after_help = "Example: truce kb agreements sochi")]
    Agreements {
        /// Words of the agreement's id or name; every agreement when absent.
        query: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum PackCommand {
    /// Validate a pack directory; every problem is reported with file and line.
    #[command(after_help = "Example: truce pack check packs/syria")]
    Check {
        /// The pack directory (the one holding pack.toml).
        dir: PathBuf,
    },
    /// The packs built into this binary.
    #[command(after_help = "Example: truce pack list")]
    List,
    /// Write a skeleton pack for a new theatre that `pack check` accepts (docs/packs.md walks on from it).
    #[command(after_help = "Example: truce pack new libya --country LY --timezone Africa/Tripoli")]
    New {
        /// The pack's id: lower case, the directory's name.
        id: String,
        /// The theatre's country (ISO 3166-1 alpha-2).
        #[arg(long)]
        country: String,
        /// The theatre's IANA time zone (agreement clocks are read in it).
        #[arg(long, default_value = "UTC")]
        timezone: String,
        /// Where the pack's directory is made.
        #[arg(long, default_value = "packs")]
        dir: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum GazetteerCommand {
    /// Load a GeoNames dump (allCountries.txt, SY.txt, cities500.txt format) into the store.
    #[command(after_help = "Example: truce gazetteer import SY.txt --countries SY,TR,LB")]
    Import {
        /// The dump: GeoNames' tab-separated table.
        file: PathBuf,
        /// Countries to keep (ISO codes, comma-separated); default: every country of the file.
        #[arg(long, value_delimiter = ',')]
        countries: Vec<String>,
    },
}

/// Refuses a `--pack` that names neither a built-in pack nor a pack directory, whatever the command.
pub fn known_pack(spec: &str) -> anyhow::Result<()> {
    for one in spec.split(',') {
        if !(one == ALL_PACKS
            || Path::new(one).join("pack.toml").is_file()
            || Pack::builtin_ids().iter().any(|id| id == one))
        {
            return Err(crate::usage(format!(
                "--pack {one:?} is neither a built-in pack ({}) nor a directory with a pack.toml",
                Pack::builtin_ids().join(", ")
            )));
        }
    }
    Ok(())
}

/// Loads the packs of `--pack`: a comma-separated list of built-in ids, pack directories and `all`
/// (every built-in pack), in the order given (the first reads a document that points to no theatre).
pub fn load_packs(spec: &str) -> anyhow::Result<Packs> {
    let mut packs = Vec::new();
    for one in spec.split(',') {
        if one == ALL_PACKS {
            for id in Pack::builtin_ids() {
                packs.push(load_pack(&id)?);
            }
        } else {
            packs.push(load_pack(one)?);
        }
    }
    Ok(Packs::new(packs))
}

/// The `--pack` value that names every built-in pack.
pub const ALL_PACKS: &str = "all";

fn pack_error(e: truce_pack::PackError) -> anyhow::Error {
    // One line: the error printer escapes line breaks.
    let problems: Vec<String> = e.problems.iter().map(|p| p.to_string()).collect();
    anyhow::anyhow!("pack {} cannot be loaded: {}", e.pack, problems.join("; "))
}

/// Loads a pack: an id of a built-in pack, or a directory.
pub fn load_pack(spec: &str) -> anyhow::Result<Pack> {
    let result = if Path::new(spec).join("pack.toml").is_file() { Pack::load_dir(spec) } else { Pack::builtin(spec) };
    result.map_err(pack_error)
}

pub fn run_pack(command: PackCommand, json: bool) -> anyhow::Result<ExitCode> {
    match command {
        PackCommand::Check { dir } => {
            let problems = Pack::check_dir(&dir);
            if json {
                println!("{}", serde_json::to_string_pretty(&problems)?);
            } else {
                for p in &problems {
                    println!("{}: {p}", dir.display());
                }
                if problems.is_empty() {
                    let pack = Pack::load_dir(&dir).map_err(|e| anyhow::anyhow!("{e}"))?;
                    println!("{}: ok: {}", dir.display(), pack.summary());
                } else {
                    println!("{} problem(s)", problems.len());
                }
            }
            Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        PackCommand::New { id, country, timezone, dir } => {
            let valid = !id.is_empty() && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid {
                return Err(crate::usage(format!("pack id {id:?}: lower-case letters, digits and hyphens only")));
            }
            let Some(c) = truce_pack::World::get().country(&country) else {
                return Err(crate::usage(format!("--country {country:?} is not an ISO 3166-1 alpha-2 code")));
            };
            let target = dir.join(&id);
            if target.exists() {
                return Err(crate::usage(format!("{} exists already", target.display())));
            }
            std::fs::create_dir_all(&target).with_context(|| target.display().to_string())?;
            for (file, text) in truce_pack::skeleton::skeleton(&id, c, &timezone) {
                let path = target.join(file);
                std::fs::write(&path, text).with_context(|| path.display().to_string())?;
            }
            let problems = Pack::check_dir(&target);
            for p in &problems {
                eprintln!("{}: {p}", target.display());
            }
            if json {
                println!("{}", serde_json::json!({"pack": id, "dir": target, "problems": problems}));
            } else if problems.is_empty() {
                println!(
                    "{}: a skeleton pack for {}; `truce pack check {}` accepts it",
                    target.display(),
                    c.name,
                    target.display()
                );
                if timezone == "UTC" {
                    println!("note: the time zone is UTC; set the theatre's own in pack.toml");
                }
            }
            Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        PackCommand::List => {
            let ids = Pack::builtin_ids();
            if json {
                println!("{}", serde_json::to_string(&ids)?);
            } else {
                ids.iter().for_each(|id| println!("{id}"));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn run_gazetteer(command: GazetteerCommand, db: &Path, json: bool, quiet: bool) -> anyhow::Result<ExitCode> {
    let GazetteerCommand::Import { file, countries } = command;
    let reader = BufReader::with_capacity(1 << 20, File::open(&file).with_context(|| file.display().to_string())?);
    let mut store = SqliteStore::open(db)?;
    let (mut imported, mut skipped, mut failed) = (0usize, 0usize, 0usize);
    let mut batch = Vec::with_capacity(10_000);
    for item in GeonamesReader::new(reader) {
        match item {
            Ok(row) if row.feature_class == "P" && (countries.is_empty() || countries.contains(&row.country)) => {
                batch.push(entry_of(row));
                if batch.len() == batch.capacity() {
                    imported += store.import_gazetteer(&batch)?;
                    batch.clear();
                }
            }
            Ok(_) => skipped += 1,
            Err((line, message)) => {
                failed += 1;
                eprintln!("error: {}:{line}: {message}", file.display());
            }
        }
    }
    imported += store.import_gazetteer(&batch)?;
    let total = store.gazetteer_count()?;
    if json {
        println!("{}", json!({"imported": imported, "skipped": skipped, "failed": failed, "gazetteer_places": total}));
    } else if !quiet {
        println!(
            "imported {imported} places, skipped {skipped} (not populated places or other countries), failed {failed}; {total} in the store"
        );
    }
    Ok(if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn entry_of(row: GazetteerRow) -> GazetteerEntry {
    let mut keys: Vec<(String, String)> = Vec::new();
    for name in std::iter::once(&row.name).chain(std::iter::once(&row.asciiname)).chain(row.alternatenames.iter()) {
        if !useful_name(name) {
            continue;
        }
        let folded = fold(name);
        let key = (folded.clone(), skeleton(&folded));
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    GazetteerEntry {
        geonameid: row.geonameid as i64,
        name: row.name,
        latitude: row.lat,
        longitude: row.lon,
        feature_code: row.feature_code,
        country: row.country,
        admin1: row.admin1,
        population: row.population as i64,
        alternatenames: row.alternatenames,
        keys,
    }
}

#[derive(Serialize)]
struct PlaceOut<'a> {
    id: &'a str,
    name: &'a str,
    kind: PlaceKind,
    latitude: f64,
    longitude: f64,
    admin1: Option<&'a str>,
    admin2: Option<&'a str>,
    precision: u8,
    country: &'a str,
    geonames_id: Option<u64>,
    matched: &'a str,
    source: &'a str,
}

/// `truce kb`: what the packs of the run hold, pack by pack, and how a name resolves in them.
pub fn run_kb(command: KbCommand, packs: &Packs, db: &Path, json: bool) -> anyhow::Result<ExitCode> {
    match command {
        KbCommand::Actors { query, on } => {
            let mut rows: Vec<serde_json::Value> = Vec::new();
            if let Some(q) = &query
                && let Some(r) = packs.iter().find_map(|pack| pack.resolve_actor(q, on))
            {
                rows.push(json!({"resolved": true, "via": r.via, "actor": r.actor}));
            }
            let q = query.as_deref().map(fold).unwrap_or_default();
            for actor in packs.actors() {
                let names = std::iter::once(&actor.name)
                    .chain(&actor.aliases)
                    .chain(actor.timed_aliases.iter().map(|t| &t.alias));
                let hit = q.is_empty() || names.clone().any(|n| fold(n).contains(&q)) || actor.id.contains(&q);
                if hit && !rows.iter().any(|r| r["actor"]["id"] == actor.id.as_str()) {
                    rows.push(json!({"resolved": false, "actor": actor}));
                }
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for r in &rows {
                    let a = &r["actor"];
                    let mark = if r["resolved"] == true {
                        format!("=> (via {}) ", r["via"].as_str().unwrap_or(""))
                    } else {
                        String::new()
                    };
                    println!(
                        "{mark}{:<38} {:<28} {:<22} side {:<14} {}",
                        a["id"].as_str().unwrap_or(""),
                        a["name"].as_str().unwrap_or(""),
                        a["type"].as_str().unwrap_or(""),
                        a["side"].as_str().unwrap_or("-"),
                        a["acled"].as_str().unwrap_or("")
                    );
                }
                println!("{} actors", rows.len());
            }
        }
        KbCommand::People { query, on } => {
            let mut rows: Vec<serde_json::Value> = Vec::new();
            if let Some(q) = &query
                && let Some(r) = packs.iter().find_map(|pack| pack.resolve_person(q, on))
            {
                rows.push(json!({"resolved": true, "by_role": r.by_role, "role": r.role, "person": r.person}));
            }
            let q = query.as_deref().map(fold).unwrap_or_default();
            for person in packs.iter().flat_map(|pack| pack.people.iter()) {
                let hit =
                    q.is_empty() || std::iter::once(&person.name).chain(&person.aliases).any(|n| fold(n).contains(&q));
                if hit && !rows.iter().any(|r| r["person"]["id"] == person.id.as_str()) {
                    rows.push(json!({"resolved": false, "role": person.role_on(on), "person": person}));
                }
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&rows)?);
            } else {
                for r in &rows {
                    let mark = if r["resolved"] == true { "=> " } else { "" };
                    println!(
                        "{mark}{:<28} {:<30} {} ({})",
                        r["person"]["id"].as_str().unwrap_or(""),
                        r["person"]["name"].as_str().unwrap_or(""),
                        r["role"]["title"].as_str().unwrap_or("-"),
                        r["role"]["actor"].as_str().unwrap_or("-")
                    );
                }
                println!("{} people", rows.len());
            }
        }
        KbCommand::Places { query, limit } => {
            let mut candidates: Vec<_> = packs.iter().flat_map(|pack| pack.places_named(&query)).collect();
            candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
            let mut out: Vec<PlaceOut> =
                candidates.iter().take(limit).map(|c| place_out(c.place, c.matched, "pack")).collect();
            let imported = imported_places(db, packs, &query, limit)?;
            for (place, matched) in &imported {
                if out.len() < limit
                    && !out.iter().any(|o| o.geonames_id.is_some() && o.geonames_id == place.geonames_id)
                {
                    out.push(place_out(place, matched, "store"));
                }
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                for p in &out {
                    println!(
                        "{:<26} {:<11} {:>9.5} {:>9.5}  {:<12} {:<18} precision {}  [{}, {}]",
                        p.name,
                        format!("{:?}", p.kind).to_lowercase(),
                        p.latitude,
                        p.longitude,
                        p.admin1.unwrap_or(p.country),
                        p.admin2.unwrap_or("-"),
                        p.precision,
                        p.matched,
                        p.source
                    );
                }
                if out.is_empty() {
                    println!("no place named {query:?}");
                }
            }
            if out.is_empty() {
                return Ok(ExitCode::FAILURE);
            }
        }
        KbCommand::Zones => {
            if json {
                let features: Vec<&serde_json::Value> = packs.zones().map(|z| &z.geojson).collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json!({"type": "FeatureCollection", "features": features}))?
                );
            } else {
                for z in packs.zones() {
                    println!("{:<28} {:<9} {}\n    {}", z.id, z.kind, z.name, z.precision_note);
                }
            }
        }
        KbCommand::Agreements { query } => {
            let q = query.as_deref().map(fold).unwrap_or_default();
            let chosen: Vec<&truce_pack::Agreement> = packs
                .agreements()
                .filter(|a| {
                    q.is_empty()
                        || a.id.contains(&q)
                        || fold(&a.name).contains(&q)
                        || a.aliases.iter().any(|n| fold(n).contains(&q) || q.contains(&fold(n)))
                })
                .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&chosen)?);
            } else {
                for a in &chosen {
                    let status =
                        a.status_history.last().map(|s| format!("{} since {}", s.status, s.date)).unwrap_or_default();
                    println!(
                        "{:<22} {:<24} announced {:<10}  start {:<22} (UTC {})  {}\n    {}",
                        a.id,
                        a.kind,
                        a.announced.map(|d| d.to_string()).unwrap_or_default(),
                        a.start.as_deref().unwrap_or("-"),
                        a.start_utc.map(|t| t.to_string()).unwrap_or_else(|| "-".into()),
                        status,
                        a.name
                    );
                }
                println!("{} agreements", chosen.len());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn place_out<'a>(place: &'a Place, matched: &'a str, source: &'a str) -> PlaceOut<'a> {
    PlaceOut {
        id: &place.id,
        name: &place.name,
        kind: place.kind,
        latitude: place.point[1],
        longitude: place.point[0],
        admin1: place.admin1.as_deref(),
        admin2: place.admin2.as_deref(),
        precision: place.precision,
        country: &place.country,
        geonames_id: place.geonames_id,
        matched,
        source,
    }
}

/// Places imported into the store with `truce gazetteer import`, as pack places (governorate and
/// district from the pack). Nothing when the store does not exist.
fn imported_places(db: &Path, packs: &Packs, query: &str, limit: usize) -> anyhow::Result<Vec<(Place, &'static str)>> {
    if !db.exists() {
        return Ok(Vec::new());
    }
    let store = SqliteStore::open(db)?;
    let folded = fold(query);
    let sk = skeleton(&folded);
    let entries = store.gazetteer_lookup(&folded, if sk.chars().count() >= 3 { &sk } else { "" }, limit)?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let matched = if e.alternatenames.iter().chain(std::iter::once(&e.name)).any(|n| fold(n) == folded) {
                "exact"
            } else {
                "skeleton"
            };
            let row = GazetteerRow {
                geonameid: e.geonameid as u64,
                name: e.name,
                asciiname: String::new(),
                alternatenames: e.alternatenames,
                lat: e.latitude,
                lon: e.longitude,
                feature_class: "P".into(),
                feature_code: e.feature_code,
                country: e.country,
                admin1: e.admin1,
                population: e.population as u64,
            };
            // The governorate and district come from the pack of the town's country.
            let pack = packs.for_country(&row.country).unwrap_or(packs.first());
            (pack.town_from_row(row), matched)
        })
        .collect())
}
