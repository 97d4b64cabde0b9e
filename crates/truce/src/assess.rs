//! The analyst's commands: each asks `truce-report` for its value and prints it.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use clap::ValueEnum;
use truce_assess::Assessor;
use truce_assess::compliance::VIOLATION_THRESHOLD;
use truce_assess::persist::read::{self, EventFilter, Named};
use truce_pack::Packs;
use truce_report::status::AsOf;
use truce_report::{ReportError, export, lookup, status};
use truce_store::SqliteStore;

/// Brings the stored assessment up to date (incrementally, or from scratch with `full`).
pub fn update(store: &mut SqliteStore, packs: &Packs, full: bool) -> Result<truce_assess::UpdateSummary> {
    let assessor = Assessor::new(packs);
    if full { assessor.rebuild(store.connection_mut()) } else { assessor.update(store.connection_mut()) }
}

/// A report's error as the command line reports it: an agreement the store lacks is a usage error.
pub fn cli_error(e: ReportError) -> anyhow::Error {
    match e {
        e @ (ReportError::UnknownAgreement { .. } | ReportError::UnknownName { .. }) => crate::usage(e.to_string()),
        e => e.into(),
    }
}

/// `truce status`: every agreement, its current status and the numbers behind it.
pub fn status(store: &SqliteStore, json: bool, on: Option<AsOf>) -> Result<()> {
    let rows: Vec<status::StatusRow> =
        status::status_rows_with_timelines(store, on).map_err(cli_error)?.into_iter().map(|(row, _)| row).collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if rows.is_empty() {
        println!("no agreements assessed yet: ingest some reports first");
    }
    for a in &rows {
        let violations: Vec<String> = a.violations_by_party.iter().map(|(p, n)| format!("{p} {n}")).collect();
        let link = match (&a.led_to, &a.proposed_as) {
            (Some(to), _) => format!("  led to {to}"),
            (None, Some(from)) => format!("  proposed as {from}"),
            _ => String::new(),
        };
        let mut counted = match (violations.is_empty(), a.judged.is_empty()) {
            (true, true) => "not judged (no provision to judge)".to_owned(),
            (true, false) => "none".to_owned(),
            (false, _) => violations.join(", "),
        };
        if a.violations_below_threshold > 0 {
            let _ = write!(counted, " (+{} below)", a.violations_below_threshold);
        }
        println!(
            "{:<32} {:<10} since {:<22} violations ≥{:.2}: {:<34} adherence: {:<3} last report {}{link}{recorded}",
            a.agreement,
            a.status,
            a.since.as_deref().unwrap_or("-"),
            a.violation_threshold,
            counted,
            a.adherence,
            a.last_report.as_deref().unwrap_or("-"),
            recorded = a.recorded.as_deref().map(|r| format!("  {r}")).unwrap_or_default(),
        );
    }
    Ok(())
}

/// `truce timeline AGREEMENT`: each status transition with its basis and evidence.
pub fn timeline(store: &SqliteStore, packs: &Packs, id: &str, on: Option<&str>, json: bool) -> Result<()> {
    let a = status::timeline(store, packs, id, on).map_err(cli_error)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&a)?);
        return Ok(());
    }
    println!("{} — {}", a.agreement, a.name);
    let print = |transitions: &[truce_assess::compliance::Transition]| {
        for t in transitions {
            println!("  {:<22} {:<10} {}", t.date, t.status, t.basis);
            for e in &t.evidence {
                println!("      [{} {}..{}] {}", e.doc, e.start, e.end, e.sentence);
            }
        }
    };
    print(&a.timeline);
    if !a.recorded.is_empty() {
        println!("  recorded by the registry (hindsight, not the monitored status):");
        print(&a.recorded);
    }
    if !a.baseline.is_empty() {
        println!("  before it began (baseline, not counted):");
        print(&a.baseline);
    }
    for c in a.conditions.iter().chain(&a.obligations) {
        println!("  condition: {} — {} ({})", c.text, c.state, c.detail);
    }
    Ok(())
}

/// `truce violations`: the verdicts, filtered.
pub fn violations(store: &SqliteStore, filter: status::VerdictFilter, json: bool) -> Result<()> {
    let vs = status::violations(store, filter).map_err(cli_error)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&vs)?);
        return Ok(());
    }
    for v in &vs {
        let below = if v.counted() { "" } else { " (below the threshold: not counted)" };
        println!(
            "{}  {:<28} {:<20} {:<22} {:<36} {:<24} confidence {:.2}{below}",
            v.date, v.agreement, v.provision, v.party, v.sub_event_type, v.place, v.confidence
        );
        if let Some(e) = v.evidence.first() {
            println!("      [{} {}..{}] {}", e.doc, e.start, e.end, e.sentence);
        }
    }
    if vs.is_empty() {
        println!("no violations");
    } else {
        let below = vs.iter().filter(|v| !v.counted()).count();
        println!(
            "{} violation(s): {} at confidence {VIOLATION_THRESHOLD:.2} or above (counted), {below} below it (listed, not counted)",
            vs.len(),
            vs.len() - below
        );
    }
    Ok(())
}

/// Every name an event filter gives (agreement, country, governorate, actor, class) known to the store
/// or the packs, or the usage error naming the nearest.
pub fn check_names(store: &SqliteStore, packs: &Packs, filter: &EventFilter) -> Result<()> {
    if let Some(id) = filter.agreement {
        lookup::check_agreement(store, id).map_err(cli_error)?;
    }
    for (what, value) in [
        (Named::Country, filter.country),
        (Named::Admin1, filter.admin1),
        (Named::Actor, filter.actor),
        (Named::EventType, filter.event_type),
        (Named::SubEventType, filter.sub_event_type),
    ] {
        if let Some(value) = value {
            lookup::check_name(store, packs, what, value).map_err(cli_error)?;
        }
    }
    Ok(())
}

/// `truce events`: merged events, filtered.
pub fn events(store: &SqliteStore, filter: EventFilter, json: bool) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        return export::events_json(store, filter, &mut out).map_err(cli_error);
    }
    use std::io::Write;
    read::each_event(store.connection(), filter, |e| {
        writeln!(
            out,
            "#{:<5} {}  {:<8} {:<36} {:<24} {:<24} killed {:<5} sources {} reports {}",
            e.id,
            e.event_date.as_deref().unwrap_or("undated"),
            e.status,
            e.sub_event_type,
            e.location.as_deref().unwrap_or("-"),
            e.actor1.as_deref().unwrap_or("unattributed"),
            e.fatalities.map(|f| f.to_string()).unwrap_or("-".into()),
            e.independent_sources,
            e.mentions.len()
        )?;
        Ok(())
    })?;
    out.flush()?;
    Ok(())
}

#[derive(Clone, Copy, ValueEnum)]
pub enum BriefFormat {
    Md,
    Html,
    Json,
}

/// `truce brief`: the analyst's page on one agreement (an index of all without one), every statement
/// with its evidence.
pub fn brief(store: &SqliteStore, agreement: Option<&str>, format: BriefFormat, on: Option<AsOf>) -> Result<()> {
    let text = match agreement {
        Some(id) => {
            let page = truce_report::brief::brief(store, id, on).map_err(cli_error)?;
            match format {
                BriefFormat::Md => page.markdown(),
                BriefFormat::Html => page.html(),
                BriefFormat::Json => serde_json::to_string_pretty(&page)? + "\n",
            }
        }
        None => {
            let index = truce_report::brief::brief_index(store, on).map_err(cli_error)?;
            match format {
                BriefFormat::Md => index.markdown(),
                BriefFormat::Html => index.html(),
                BriefFormat::Json => serde_json::to_string_pretty(&index)? + "\n",
            }
        }
    };
    print!("{text}");
    Ok(())
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    AcledCsv,
    Geojson,
    Jsonl,
}

/// `truce export`: events as ACLED CSV, GeoJSON (events and the pack's zones) or JSONL.
pub fn export(
    store: &SqliteStore,
    packs: &Packs,
    format: ExportFormat,
    include_undated: bool,
    filter: EventFilter,
) -> Result<()> {
    let format = match format {
        ExportFormat::AcledCsv => export::ExportFormat::AcledCsv,
        ExportFormat::Geojson => export::ExportFormat::Geojson,
        ExportFormat::Jsonl => export::ExportFormat::Jsonl,
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    export::export(store, packs, filter, format, include_undated, &mut out).map_err(cli_error)
}

/// The demo's example reports, compiled into the binary so that an installed `truce demo` runs anywhere.
static EXAMPLES: include_dir::Dir<'static> = include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../examples/reports");

/// Writes the built-in example reports into `dir` (a temporary directory) and returns where they are.
pub fn write_examples(dir: &Path) -> Result<std::path::PathBuf> {
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports)?;
    for file in EXAMPLES.files() {
        std::fs::write(reports.join(file.path()), file.contents())?;
    }
    Ok(reports)
}
