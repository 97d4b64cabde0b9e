//! The analyst's commands over the assessment: status, timeline, violations, events, brief, export.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use clap::ValueEnum;
use truce_assess::compliance::Assessment;
use truce_assess::persist::read;
use truce_assess::{Assessor, Event};
use truce_pack::Pack;
use truce_store::SqliteStore;

/// Brings the stored assessment up to date (incrementally, or from scratch with `full`).
pub fn update(store: &mut SqliteStore, pack: &Pack, full: bool) -> Result<truce_assess::UpdateSummary> {
    let assessor = Assessor::new(pack);
    if full { assessor.rebuild(store.connection_mut()) } else { assessor.update(store.connection_mut()) }
}

fn assessment(store: &SqliteStore, id: &str) -> Result<Assessment> {
    match read::assessment(store.connection(), id)? {
        Some(a) => Ok(a),
        None => {
            let known: Vec<String> = read::assessments(store.connection())?.into_iter().map(|a| a.id).collect();
            Err(crate::usage(format!("no agreement {id:?} in the store; known: {}", known.join(", "))))
        }
    }
}

/// `truce status`: every agreement, its current status and the numbers behind it.
pub fn status(store: &SqliteStore, json: bool) -> Result<()> {
    // The registry's agreements no report has touched are not news.
    let all: Vec<Assessment> = read::assessments(store.connection())?
        .into_iter()
        .filter(|a| !a.view.documents.is_empty() || !a.violations_by_party.is_empty() || a.adherence > 0)
        .collect();
    if json {
        let rows: Vec<serde_json::Value> = all
            .iter()
            .map(|a| {
                serde_json::json!({
                    "agreement": a.id, "name": a.name, "status": a.status, "since": a.since,
                    "violations_by_party": a.violations_by_party, "adherence": a.adherence,
                    "conditions": a.conditions, "last_report": a.last_report,
                    "documents": a.view.documents.len(), "conflicts": a.view.conflicts,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    if all.is_empty() {
        println!("no agreements assessed yet: ingest some reports first");
    }
    for a in &all {
        let violations: Vec<String> = a.violations_by_party.iter().map(|(p, n)| format!("{p} {n}")).collect();
        println!(
            "{:<32} {:<10} since {:<22} violations: {:<34} adherence: {:<3} last report {}",
            a.id,
            a.status,
            a.since.as_deref().unwrap_or("-"),
            if violations.is_empty() { "none".to_owned() } else { violations.join(", ") },
            a.adherence,
            a.last_report.as_deref().unwrap_or("-"),
        );
    }
    Ok(())
}

/// `truce timeline AGREEMENT`: each status transition with its basis and evidence.
pub fn timeline(store: &SqliteStore, pack: Option<&Pack>, id: &str, on: Option<&str>, json: bool) -> Result<()> {
    let mut a = assessment(store, id)?;
    if let (Some(day), Some(pack)) = (on, pack) {
        // Judged again as it stood that day: nothing later shows, deadlines not yet due are pending.
        a = read::assessment_on(store.connection(), pack, id, day)?.unwrap_or(a);
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"agreement": a.id, "timeline": a.timeline, "conditions": a.conditions, "obligations": a.obligations})
            )?
        );
        return Ok(());
    }
    println!("{} — {}", a.id, a.name);
    for t in &a.timeline {
        println!("  {:<22} {:<10} {}", t.date, t.status, t.basis);
        for e in &t.evidence {
            println!("      [{} {}..{}] {}", e.doc, e.start, e.end, e.sentence);
        }
    }
    for c in a.conditions.iter().chain(&a.obligations) {
        println!("  condition: {} — {} ({})", c.text, c.state, c.detail);
    }
    Ok(())
}

/// `truce violations`: the verdicts, filtered.
pub fn violations(
    store: &SqliteStore,
    agreement: Option<&str>,
    party: Option<&str>,
    since: Option<&str>,
    json: bool,
) -> Result<()> {
    let ends: std::collections::HashMap<String, Option<String>> =
        read::assessments(store.connection())?.into_iter().map(|a| (a.id, a.ended_on)).collect();
    let vs: Vec<_> = read::verdicts(store.connection(), "violation", agreement, party, since)?
        .into_iter()
        .filter(|v| truce_assess::compliance::within(&v.date, ends.get(&v.agreement).cloned().flatten().as_deref()))
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&vs)?);
        return Ok(());
    }
    for v in &vs {
        println!(
            "{}  {:<28} {:<22} {:<36} {:<24} confidence {:.2}",
            v.date, v.agreement, v.party, v.sub_event_type, v.place, v.confidence
        );
        if let Some(e) = v.evidence.first() {
            println!("      [{} {}..{}] {}", e.doc, e.start, e.end, e.sentence);
        }
    }
    if vs.is_empty() {
        println!("no violations");
    }
    Ok(())
}

/// `truce events`: merged events, filtered.
pub fn events(
    store: &SqliteStore,
    since: Option<&str>,
    until: Option<&str>,
    admin1: Option<&str>,
    kind: Option<&str>,
    json: bool,
) -> Result<()> {
    let filter = read::EventFilter { since, until, admin1, sub_event_type: kind };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    use std::io::Write;
    if json {
        // A JSON array written element by element: the events are never all in memory.
        let mut first = true;
        read::each_event(store.connection(), filter, |e| {
            out.write_all(if first { b"[\n" } else { b",\n" })?;
            first = false;
            // Indented as an element of the array, as `to_string_pretty` of the whole array would be.
            for (k, line) in serde_json::to_string_pretty(&e)?.lines().enumerate() {
                write!(out, "{}  {line}", if k == 0 { "" } else { "\n" })?;
            }
            Ok(())
        })?;
        out.write_all(if first { b"[]\n" } else { b"\n]\n" })?;
        out.flush()?;
        return Ok(());
    }
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
}

/// `truce brief`: the analyst's one-page report, in Markdown (or HTML), every statement with its evidence.
pub fn brief(store: &SqliteStore, agreement: Option<&str>, format: BriefFormat) -> Result<()> {
    let mut md = String::new();
    match agreement {
        Some(id) => brief_one(store, &assessment(store, id)?, &mut md)?,
        None => brief_index(store, &mut md)?,
    }
    let figures = read::figure_conflicts(store.connection())?;
    if !figures.is_empty() {
        md.push_str("## Figures that disagree\n\n");
        for f in &figures {
            let claims: Vec<String> = f
                .claims
                .iter()
                .map(|c| {
                    format!(
                        "{} {} ({}, {}) {}",
                        c.qualifier.replace('_', " "),
                        c.value,
                        t(c.source.as_deref().unwrap_or("the outlet")),
                        c.published.as_deref().unwrap_or("undated"),
                        cite(&c.evidence)
                    )
                })
                .collect();
            let _ = writeln!(md, "- {} in {}: {}", t(&f.measure), t(&f.scope), claims.join(" versus "));
        }
        md.push('\n');
    }
    let contradictions = read::contradictions(store.connection())?;
    if !contradictions.is_empty() {
        md.push_str("## Contradictory reports\n\n");
        for c in &contradictions {
            let _ = writeln!(
                md,
                "- {} on {} in {} (events #{} and #{})",
                t(&c.what),
                t(&c.date),
                t(&c.place),
                c.ceased,
                c.occurred
            );
        }
        md.push('\n');
    }
    match format {
        BriefFormat::Md => print!("{md}"),
        BriefFormat::Html => print!("{}", markdown_to_html(&md)),
    }
    Ok(())
}

/// A field's name as a person writes it: `duration_hours` is the duration (its value carries the unit).
fn field_label(field: &str) -> String {
    field.trim_end_matches("_hours").trim_end_matches("_km").replace('_', " ")
}

/// A field's value as a person writes it: text without JSON quotes, whole numbers without ".0", hours
/// and kilometres with their unit.
fn plain_value(field: &str, value: &serde_json::Value) -> String {
    let number = |n: f64| if n.fract() == 0.0 { format!("{n:.0}") } else { format!("{n}") };
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Number(n) => {
            let n = number(n.as_f64().unwrap_or_default());
            match field {
                f if f.ends_with("_hours") => format!("{n} hours"),
                f if f.ends_with("_km") => format!("{n} km"),
                _ => n,
            }
        }
        serde_json::Value::Array(items) => items.iter().map(|v| plain_value(field, v)).collect::<Vec<_>>().join(", "),
        serde_json::Value::Null => "unknown".to_owned(),
        other => other.to_string(),
    }
}

fn cite(e: &truce_assess::input::Evidence) -> String {
    format!("[{} {}..{}]", t(&e.doc), e.start, e.end)
}

/// Without an agreement named, the brief is an index: one line per agreement the reports mention,
/// with its status and the command that gives its page (a page per agreement would run to thousands
/// of words).
fn brief_index(store: &SqliteStore, md: &mut String) -> Result<()> {
    let reported: Vec<Assessment> =
        read::assessments(store.connection())?.into_iter().filter(|a| !a.view.documents.is_empty()).collect();
    let _ = writeln!(
        md,
        "# Agreements in the reports
"
    );
    let _ = writeln!(md, "{} agreement(s); `truce brief --agreement ID` gives one page each.\n", reported.len());
    for a in &reported {
        let violations: u64 = a.violations_by_party.values().sum();
        let _ = writeln!(
            md,
            "- **{}** {}: {} since {}; {} violation(s), {} report(s) of adherence; last report {}",
            t(&a.id),
            t(&a.name),
            t(&a.status),
            t(a.since.as_deref().unwrap_or("unknown")),
            violations,
            a.adherence,
            t(a.last_report.as_deref().unwrap_or("none"))
        );
    }
    md.push('\n');
    Ok(())
}

fn brief_one(store: &SqliteStore, a: &Assessment, md: &mut String) -> Result<()> {
    let v = &a.view;
    let _ = writeln!(md, "# {}\n", t(&a.name));
    let _ = writeln!(
        md,
        "**Status: {}** since {} (last report {}).\n",
        a.status,
        a.since.as_deref().unwrap_or("unknown"),
        a.last_report.as_deref().unwrap_or("none")
    );
    md.push_str("## What was agreed\n\n");
    for (field, d) in &v.fields {
        let by = if d.how == "registry" { "knowledge pack".to_owned() } else { t(d.docs.join(", ")) };
        let _ = writeln!(md, "- {}: {} ({by})", t(field_label(field)), t(plain_value(field, &d.value)));
    }
    if !v.parties.is_empty() {
        let _ = writeln!(md, "- parties: {}", t(v.parties.join(", ")));
    }
    if !v.guarantors.is_empty() {
        let _ = writeln!(md, "- guarantors: {}", t(v.guarantors.join(", ")));
    }
    for p in &v.provisions {
        let widths: Vec<String> = p.distances.iter().map(|(d, w)| format!("{w} km in {}", t(d))).collect();
        let _ = writeln!(
            md,
            "- provision {} (in {}){}",
            t(&p.kind),
            t(p.docs.join(", ")),
            if widths.is_empty() { String::new() } else { format!(": {}", widths.join("; ")) }
        );
    }
    md.push_str("\n## Conditions\n\n");
    for c in &v.conditions {
        let _ = writeln!(
            md,
            "- stated: {} requires that {} [{} {}..{}]",
            t(c.party.as_deref().unwrap_or("a party")),
            t(&c.requires),
            t(&c.doc),
            c.span[0],
            c.span[1]
        );
    }
    for c in a.conditions.iter().chain(&a.obligations) {
        let ev: Vec<String> = c.evidence.iter().map(cite).collect();
        let _ = writeln!(md, "- **{}**: {} — {} {}", t(&c.state), t(&c.text), t(&c.detail), ev.join(" "));
    }
    md.push_str("\n## What happened\n\n");
    for step in &a.timeline {
        let ev: Vec<String> = step.evidence.iter().map(|e| format!("{} “{}”", cite(e), t(&e.sentence))).collect();
        let _ = writeln!(md, "- {} **{}** — {} {}", t(&step.date), t(&step.status), t(&step.basis), ev.join(" "));
    }
    md.push_str("\n## Violations and adherence\n\n");
    let mut verdicts = read::verdicts(store.connection(), "violation", Some(&a.id), None, None)?;
    verdicts.extend(read::verdicts(store.connection(), "adherence", Some(&a.id), None, None)?);
    verdicts.retain(|v| truce_assess::compliance::within(&v.date, a.ended_on.as_deref()));
    for x in verdicts.iter().take(40) {
        let e = x.evidence.first().map(|e| format!("{} “{}”", cite(e), t(&e.sentence))).unwrap_or_default();
        // Adherence is what did not happen: "held", never a sentence that reads as if a strike happened.
        let what = if x.kind == "adherence" {
            format!("{} held: no {} reported at {}", t(&x.party), t(x.sub_event_type.to_lowercase()), t(&x.place))
        } else {
            format!("violation by {}: {} at {}", t(&x.party), t(&x.sub_event_type), t(&x.place))
        };
        let _ =
            writeln!(md, "- {} {what} (confidence {:.2}; {}) {}", t(&x.date), x.confidence, t(x.basis.join("; ")), e);
    }
    if verdicts.is_empty() {
        md.push_str("- none reported\n");
    }
    // What was said about it: quotations whose sentence is one the agreement's mentions come from.
    md.push_str("\n## What was said\n\n");
    let mut said = 0;
    for doc in &v.documents {
        for q in read::quotes_of(store.connection(), doc)? {
            let Some(e) = q["evidence"].get(0) else { continue };
            let (start, end) = (e["start"].as_u64().unwrap_or(0) as usize, e["end"].as_u64().unwrap_or(0) as usize);
            if !v.mentions.iter().any(|m| m.doc == *doc && m.start < end && start < m.end) {
                continue;
            }
            let speaker = t(q["speaker"].as_str().unwrap_or("unnamed speaker"));
            let affiliation = q["affiliation"].as_str().map(|a| format!(", {}", t(a))).unwrap_or_default();
            let _ = writeln!(
                md,
                "- {speaker}{affiliation}: “{}” [{} {start}..{end}]",
                t(q["text"].as_str().unwrap_or("")),
                t(doc)
            );
            said += 1;
        }
    }
    if said == 0 {
        md.push_str("- no quotation about it\n");
    }
    // Every document the page cites, whether it names the agreement or only reports an event judged
    // against it, with what it is.
    let mut cited: std::collections::BTreeSet<&str> = v.documents.iter().map(String::as_str).collect();
    let evidence = a
        .timeline
        .iter()
        .flat_map(|x| &x.evidence)
        .chain(a.conditions.iter().chain(&a.obligations).flat_map(|c| &c.evidence));
    cited.extend(evidence.map(|e| e.doc.as_str()));
    cited.extend(verdicts.iter().take(40).filter_map(|x| x.evidence.first()).map(|e| e.doc.as_str()));
    cited.extend(v.conditions.iter().map(|c| c.doc.as_str()));
    cited.extend(v.claims.iter().map(|c| c.evidence.doc.as_str()));
    md.push_str("\n## Sources\n\n");
    for id in &cited {
        let about = match truce_store::Store::document(store, id) {
            Ok(Some(d)) => format!(
                "{} — {}, {}",
                t(d.summary.title.as_deref().unwrap_or("untitled")),
                t(d.summary.source.as_deref().unwrap_or("outlet unknown")),
                t(d.summary.published.as_deref().unwrap_or("undated"))
            ),
            _ => "not in the store".to_owned(),
        };
        let _ = writeln!(md, "- {}: {about}", t(id));
    }
    md.push_str("\n## Who said what about its status\n\n");
    for c in &v.claims {
        let names: Vec<&str> = c.sources.iter().map(|s| s.name.as_str()).collect();
        let _ = writeln!(
            md,
            "- {} says {} ({}, {}) {}",
            t(names.join(" and ")),
            t(&c.status),
            t(c.date.as_deref().unwrap_or("undated")),
            t(&c.date_basis),
            cite(&c.evidence)
        );
    }
    md.push_str("\n## Open contradictions\n\n");
    for c in &v.conflicts {
        let values: Vec<String> =
            c.values.iter().map(|(val, docs)| format!("{} ({})", t(val), t(docs.join(", ")))).collect();
        let _ = writeln!(md, "- {}: {}", t(&c.field), values.join(" versus "));
    }
    if v.conflicts.is_empty() {
        md.push_str("- none\n");
    }
    md.push('\n');
    Ok(())
}

/// A small Markdown-to-HTML rendering for the brief's own subset (headings, bullets, bold); the brief is
/// generated by us, so a full Markdown parser would be overkill. Text is escaped.
fn markdown_to_html(md: &str) -> String {
    let bold = inline_html;
    let mut html =
        String::from("<!doctype html><html><head><meta charset=\"utf-8\"><title>Truce brief</title></head><body>\n");
    let mut in_list = false;
    for line in md.lines() {
        if let Some(item) = line.strip_prefix("- ") {
            if !in_list {
                html.push_str("<ul>\n");
                in_list = true;
            }
            let _ = writeln!(html, "<li>{}</li>", bold(item));
            continue;
        }
        if in_list {
            html.push_str("</ul>\n");
            in_list = false;
        }
        if let Some(h) = line.strip_prefix("## ") {
            let _ = writeln!(html, "<h2>{}</h2>", bold(h));
        } else if let Some(h) = line.strip_prefix("# ") {
            let _ = writeln!(html, "<h1>{}</h1>", bold(h));
        } else if !line.is_empty() {
            let _ = writeln!(html, "<p>{}</p>", bold(line));
        }
    }
    if in_list {
        html.push_str("</ul>\n");
    }
    html.push_str("</body></html>\n");
    html
}

/// Text from a document or a record, made literal in Markdown: every character CommonMark or HTML
/// could read as markup is backslash-escaped (CommonMark shows `\<svg onload=...>` as text), and line
/// breaks become spaces so that a value cannot start a heading or a list item of its own. An underscore
/// inside a word (`004_5c82`) cannot open emphasis, so it stays as it is and ids stay readable.
fn t(s: impl AsRef<str>) -> String {
    let s = s.as_ref();
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let in_word = |x: Option<char>| x.is_some_and(char::is_alphanumeric);
        match c {
            '_' if in_word(prev) && in_word(next) => out.push(c),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '#' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// One line of the brief's Markdown as HTML: `**` toggles bold, a backslash makes the next character
/// literal, and every character is HTML-escaped.
fn inline_html(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut strong = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        let literal = match c {
            '\\' => chars.next().unwrap_or('\\'),
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                out.push_str(if strong { "</strong>" } else { "<strong>" });
                strong = !strong;
                continue;
            }
            c => c,
        };
        match literal {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    if strong {
        out.push_str("</strong>");
    }
    out
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ExportFormat {
    AcledCsv,
    Geojson,
    Jsonl,
}

/// ACLED's column names, in ACLED's order, for the columns Truce fills.
const ACLED_COLUMNS: &[&str] = &[
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
];

/// `truce export`: events as ACLED CSV, GeoJSON (events and the pack's zones) or JSONL.
pub fn export(store: &SqliteStore, pack: &Pack, format: ExportFormat, include_undated: bool) -> Result<()> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    use std::io::Write;
    // Row by row: one event in memory at a time, whatever the store holds.
    let each = |f: &mut dyn FnMut(Event) -> Result<()>| read::each_event(store.connection(), Default::default(), f);
    match format {
        ExportFormat::Jsonl => each(&mut |e| {
            writeln!(out, "{}", serde_json::to_string(&e)?)?;
            Ok(())
        })?,
        ExportFormat::AcledCsv => {
            writeln!(out, "{}", ACLED_COLUMNS.join(","))?;
            each(&mut |e| {
                // An ACLED row is an event that happened on a known day.
                if e.status == "occurred" && (include_undated || e.event_date.is_some()) {
                    writeln!(
                        out,
                        "{}",
                        acled_row(pack, &e).iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",")
                    )?;
                }
                Ok(())
            })?;
        }
        ExportFormat::Geojson => {
            let mut first = true;
            let mut feature =
                |out: &mut std::io::BufWriter<std::io::StdoutLock>, f: &serde_json::Value| -> Result<()> {
                    out.write_all(if first { b"" } else { b"," })?;
                    first = false;
                    serde_json::to_writer(&mut *out, f)?;
                    Ok(())
                };
            out.write_all(br#"{"type":"FeatureCollection","features":["#)?;
            each(&mut |e| {
                let (Some(lon), Some(lat)) = (e.longitude, e.latitude) else { return Ok(()) };
                let f = serde_json::json!({
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [lon, lat]},
                    "properties": {
                        "layer": "event", "id": e.id, "status": e.status, "event_date": e.event_date,
                        "event_type": e.event_type, "sub_event_type": e.sub_event_type, "actor1": e.actor1,
                        "actor2": e.actor2, "location": e.location, "geo_precision": e.geo_precision,
                        "fatalities": e.fatalities, "sources": e.independent_sources,
                    }
                });
                feature(&mut out, &f)
            })?;
            for z in &pack.zones {
                let mut f = z.geojson.clone();
                if let Some(props) = f.get_mut("properties").and_then(|p| p.as_object_mut()) {
                    props.insert("layer".into(), "zone".into());
                    props.insert("name".into(), z.name.clone().into());
                }
                if f.get("geometry").is_some_and(|g| !g.is_null()) {
                    feature(&mut out, &f)?;
                }
            }
            out.write_all(b"]}\n")?;
        }
    }
    out.flush()?;
    Ok(())
}

fn acled_row(pack: &Pack, e: &Event) -> Vec<String> {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let disorder =
        if e.event_type == "Protests" || e.event_type == "Riots" { "Demonstrations" } else { "Political violence" };
    let time_precision = match e.date_precision.as_str() {
        "day" | "minute" | "hour" => "1",
        "week" | "range" => "2",
        _ => "3",
    };
    let sources: Vec<String> = {
        let mut v: Vec<String> = e.mentions.iter().flat_map(|m| m.sources.iter().map(|s| s.name.clone())).collect();
        v.dedup();
        v
    };
    let notes = e.mentions.first().and_then(|m| m.evidence.first()).map(|x| x.sentence.clone()).unwrap_or_default();
    vec![
        format!("{}{}", pack.meta.id.to_uppercase(), e.id),
        s(&e.event_date),
        e.event_date.as_deref().and_then(|d| d.get(..4)).unwrap_or("").to_owned(),
        time_precision.into(),
        disorder.into(),
        e.event_type.clone(),
        e.sub_event_type.clone(),
        acled_actor(pack, &e.actor1),
        acled_actor(pack, &e.actor2),
        pack.meta.name.clone(),
        s(&e.admin1),
        s(&e.location),
        e.latitude.map(|v| format!("{v:.4}")).unwrap_or_default(),
        e.longitude.map(|v| format!("{v:.4}")).unwrap_or_default(),
        e.geo_precision.map(|v| v.to_string()).unwrap_or_default(),
        sources.join("; "),
        notes,
        e.fatalities.unwrap_or(0).to_string(),
    ]
}

/// ACLED's name for an actor where the pack gives one ("Military Forces of Syria (2000-)").
fn acled_actor(pack: &Pack, name: &Option<String>) -> String {
    let Some(name) = name else { return String::new() };
    pack.actor_named(name).and_then(|a| a.acled.clone()).unwrap_or_else(|| name.clone())
}

fn csv_field(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f.to_owned() }
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
