//! `truce bench serve`: the latency of the API's list and filter endpoints and of the dashboard's pages
//! on a store the user gives (build a large one with `truce bench ingest --full --keep DIR`).
//!
//! The server runs in this process on a loopback port and is asked over HTTP by one client on a kept-
//! alive connection, request after request, so that each figure is one request's whole time as a
//! browser would wait for it (routing, the store's query, serialising, the socket), not a throughput.
//! The filters' values come from the store itself (the middle event's day, division, actor and point;
//! the agreement with the most verdicts), so that every filter selects something.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

/// Requests before the timed ones: the first fill SQLite's page cache and prepare the statements.
const WARM_UP: usize = 5;
/// The bars the serve issue sets: list and filter endpoints, and the dashboard's overview page.
const API_P99_BAR_MS: f64 = 50.0;
const OVERVIEW_P99_BAR_MS: f64 = 200.0;

#[derive(Serialize)]
struct Latency {
    name: String,
    path: String,
    status: u16,
    bytes: usize,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    /// The bar this request is held to, when the issue sets one.
    bar_p99_ms: Option<f64>,
}

#[derive(Serialize)]
struct ServeBenchReport {
    documents: u64,
    events: u64,
    requests_each: usize,
    latencies: Vec<Latency>,
}

pub fn run(db: &Path, packs: truce_pack::Packs, requests: usize, json: bool) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(requests >= 1, "--requests must be at least 1");
    let running = truce_serve::start(truce_serve::ServeConfig {
        db: db.to_owned(),
        packs,
        addr: "127.0.0.1:0".parse()?,
        token: None,
        ingest: None,
    })?;
    let base = format!("http://{}", running.addr);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into();
    let get_json = |path: &str| -> anyhow::Result<Value> {
        let mut response = agent.get(&format!("{base}{path}")).call()?;
        Ok(response.body_mut().with_config().limit(1 << 30).read_json()?)
    };

    // The filters' values, from the store.
    let first = get_json("/api/v1/events?limit=1")?;
    let total = first["total"].as_u64().unwrap_or(0);
    anyhow::ensure!(total > 0, "{}: the store has no events to filter; ingest with extraction first", db.display());
    let middle = get_json(&format!("/api/v1/events?limit=1&offset={}", total / 2))?["events"][0].clone();
    let documents = get_json("/api/v1/documents?limit=1000")?.as_array().map_or(0, |d| d.len()) as u64;
    let agreements = get_json("/api/v1/agreements")?;
    let agreement = agreements
        .as_array()
        .and_then(|rows| {
            rows.iter().max_by_key(|r| r["violations"].as_u64().unwrap_or(0) + r["adherence"].as_u64().unwrap_or(0))
        })
        .and_then(|r| r["agreement"].as_str())
        .map(str::to_owned);
    let text = |v: &Value| v.as_str().map(truce_serve::percent_encode);
    let mut cases: Vec<(&str, String, Option<f64>)> = vec![
        ("agreements", "/api/v1/agreements".into(), Some(API_P99_BAR_MS)),
        ("events, first page", "/api/v1/events?limit=100".into(), Some(API_P99_BAR_MS)),
        ("events, middle page", format!("/api/v1/events?limit=100&offset={}", total / 2), Some(API_P99_BAR_MS)),
        ("documents", "/api/v1/documents?limit=100".into(), Some(API_P99_BAR_MS)),
        ("search", "/api/v1/search?q=ceasefire&limit=20".into(), Some(API_P99_BAR_MS)),
    ];
    if let Some(day) = middle["event_date"].as_str().and_then(|d| d.parse::<jiff::civil::Date>().ok()) {
        let since = day.checked_sub(jiff::Span::new().days(15)).unwrap_or(day);
        let until = day.checked_add(jiff::Span::new().days(15)).unwrap_or(day);
        cases.push((
            "events, a month",
            format!("/api/v1/events?since={since}&until={until}&limit=100"),
            Some(API_P99_BAR_MS),
        ));
        cases.push((
            "events, a month as GeoJSON",
            format!("/api/v1/events?since={since}&until={until}&limit=1000&format=geojson"),
            Some(API_P99_BAR_MS),
        ));
    }
    if let Some(c) = text(&middle["country"]) {
        cases.push(("events, a country", format!("/api/v1/events?country={c}&limit=100"), Some(API_P99_BAR_MS)));
    }
    if let Some(a) = text(&middle["admin1"]) {
        cases.push(("events, a division", format!("/api/v1/events?admin1={a}&limit=100"), Some(API_P99_BAR_MS)));
    }
    if let Some(t) = text(&middle["sub_event_type"]) {
        cases.push((
            "events, a sub-event type",
            format!("/api/v1/events?sub_event_type={t}&limit=100"),
            Some(API_P99_BAR_MS),
        ));
    }
    let actor = [&middle, &first["events"][0]].into_iter().find_map(|e| text(&e["actor1"]));
    if let Some(a) = actor {
        cases.push(("events, an actor", format!("/api/v1/events?actor={a}&limit=100"), Some(API_P99_BAR_MS)));
    }
    if let (Some(lat), Some(lon)) = (middle["latitude"].as_f64(), middle["longitude"].as_f64()) {
        let bbox = format!("{:.2},{:.2},{:.2},{:.2}", lon - 0.5, lat - 0.5, lon + 0.5, lat + 0.5);
        cases.push(("events, a box of 1°", format!("/api/v1/events?bbox={bbox}&limit=100"), Some(API_P99_BAR_MS)));
    }
    if let Some(id) = &agreement {
        let id = truce_serve::percent_encode(id);
        cases.push(("events, an agreement", format!("/api/v1/events?agreement={id}&limit=100"), Some(API_P99_BAR_MS)));
        cases.push(("an agreement's violations", format!("/api/v1/agreements/{id}/violations"), Some(API_P99_BAR_MS)));
        cases.push(("an agreement (brief)", format!("/api/v1/agreements/{id}"), None));
        cases.push(("page: an agreement", format!("/agreements/{id}"), None));
    }
    cases.push(("figures that differ", "/api/v1/figures".into(), Some(API_P99_BAR_MS)));
    cases.push(("quotes", "/api/v1/quotes?limit=100".into(), Some(API_P99_BAR_MS)));
    // No speaker is called this: every quotation is read, the filter's worst case.
    cases.push(("quotes, an absent speaker", "/api/v1/quotes?speaker=no-such-speaker".into(), Some(API_P99_BAR_MS)));
    cases.push(("page: overview", "/".into(), Some(OVERVIEW_P99_BAR_MS)));
    cases.push(("page: events", "/events".into(), None));

    let mut latencies = Vec::new();
    for (name, path, bar) in cases {
        let url = format!("{base}{path}");
        let mut times = Vec::with_capacity(requests);
        let (mut status, mut bytes) = (0, 0);
        for n in 0..WARM_UP + requests {
            let started = Instant::now();
            let mut response = agent.get(&url).call()?;
            let body = response.body_mut().with_config().limit(1 << 30).read_to_vec()?;
            let elapsed = started.elapsed();
            status = response.status().as_u16();
            bytes = body.len();
            if n >= WARM_UP {
                times.push(elapsed.as_secs_f64() * 1000.0);
            }
        }
        anyhow::ensure!(status == 200, "{path} answered {status}");
        times.sort_by(f64::total_cmp);
        latencies.push(Latency {
            name: name.to_owned(),
            path,
            status,
            bytes,
            p50_ms: percentile(&times, 0.50),
            p99_ms: percentile(&times, 0.99),
            max_ms: *times.last().unwrap_or(&0.0),
            bar_p99_ms: bar,
        });
    }
    running.stop()?;
    let report = ServeBenchReport { documents, events: total, requests_each: requests, latencies };
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} events ({} documents listed, at most 1000), {} requests each after {WARM_UP} to warm up",
            report.events, report.documents, requests
        );
        println!("{:<30} {:>9} {:>9} {:>9} {:>10}  bar", "request", "p50 ms", "p99 ms", "max ms", "bytes");
        for l in &report.latencies {
            let bar = match l.bar_p99_ms {
                Some(b) if l.p99_ms <= b => format!("p99 ≤ {b} ms: met"),
                Some(b) => format!("p99 ≤ {b} ms: MISSED"),
                None => String::new(),
            };
            println!("{:<30} {:>9.2} {:>9.2} {:>9.2} {:>10}  {bar}", l.name, l.p50_ms, l.p99_ms, l.max_ms, l.bytes);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The value below which `share` of the sorted `times` lie (nearest rank).
fn percentile(sorted: &[f64], share: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((share * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::percentile;

    /// Nearest-rank percentiles: (times, share, expected).
    const PERCENTILE_CASES: &[(&[f64], f64, f64)] =
        &[(&[1.0, 2.0, 3.0, 4.0], 0.5, 2.0), (&[1.0, 2.0, 3.0, 4.0], 0.99, 4.0), (&[5.0], 0.99, 5.0), (&[], 0.5, 0.0)];

    #[test]
    fn percentiles_are_nearest_rank() {
        for (times, share, expected) in PERCENTILE_CASES {
            assert_eq!(percentile(times, *share), *expected, "{times:?} at {share}");
        }
    }
}
