//! The dashboard's pages, rendered on the server by askama templates (`templates/`), which escape
//! every value: ingested text is hostile and is never inserted as HTML. The pages' data for scripts
//! travels in `data-` attributes (escaped like any other) or through the API; no page has inline script.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use truce_assess::compliance::Verdict;
use truce_assess::input::Evidence;
use truce_assess::persist::read;
use truce_report::status::{self, VerdictFilter};
use truce_report::{Brief, StatusRow};
use truce_store::{SqliteStore, Store};

use crate::AppState;
use crate::api::{self, Day, EventQuery};
use crate::error::ApiError;

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(overview))
        .route("/agreements/{id}", get(agreement))
        .route("/events", get(events))
        .route("/documents/{id}", get(document))
}

fn render(page: impl Template) -> Result<Response, ApiError> {
    let html = page.render().map_err(|e| ApiError::internal(format!("rendering a page: {e}")))?;
    Ok(Html(html).into_response())
}

/// The link to the sentence a piece of evidence quotes, highlighted on its document's page.
#[derive(Debug, Clone)]
pub(crate) struct EvidenceLink {
    pub href: String,
    pub doc: String,
    pub sentence: String,
}

impl EvidenceLink {
    fn of(e: &Evidence) -> EvidenceLink {
        EvidenceLink {
            href: format!("/documents/{}?mark={}-{}#mark", url_segment(&e.doc), e.start, e.end),
            doc: e.doc.clone(),
            sentence: e.sentence.clone(),
        }
    }
}

/// A path segment with everything but unreserved characters percent-encoded.
pub fn url_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn doc_href(doc: &str) -> String {
    format!("/documents/{}", url_segment(doc))
}

/// An address an article gave, as a link only when it is a web address: `javascript:` and its kind are
/// shown as text.
fn web_address(url: Option<&str>) -> Option<String> {
    url.filter(|u| {
        let lower = u.trim_start().to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    })
    .map(str::to_owned)
}

// ---- Overview ----

/// The width of the status bands' drawing, in SVG units.
const BAND_WIDTH: f64 = 600.0;
/// How many weeks the violations-per-party chart shows, the last one against those before it.
const WEEKS_SHOWN: usize = 8;

#[derive(Template)]
#[template(path = "overview.html")]
struct OverviewPage {
    rows: Vec<AgreementRow>,
    axis_start: String,
    axis_end: String,
    weeks: Vec<String>,
    parties: Vec<PartyWeeks>,
    last_report: Option<String>,
    documents: u64,
    /// The confidence a violation needs to be counted, printed beside the counts.
    threshold: String,
}

struct AgreementRow {
    row: StatusRow,
    href: String,
    violations: u64,
    segments: Vec<Segment>,
}

/// A stretch of an agreement's status band.
struct Segment {
    x: String,
    width: String,
    status: String,
    title: String,
}

struct PartyWeeks {
    party: String,
    unattributed: bool,
    bars: Vec<Bar>,
    this_week: u64,
    before: String,
    trend: &'static str,
}

struct Bar {
    x: usize,
    y: String,
    height: String,
    title: String,
}

fn date(s: &str) -> Option<jiff::civil::Date> {
    s.get(..10)?.parse().ok()
}

fn days_between(a: jiff::civil::Date, b: jiff::civil::Date) -> f64 {
    a.until(b).map(|s| s.get_days() as f64).unwrap_or(0.0)
}

async fn overview(State(state): State<Arc<AppState>>) -> Result<Response, ApiError> {
    let page = state.read(overview_page).await?;
    render(page)
}

fn overview_page(store: &SqliteStore, _packs: &truce_pack::Packs) -> Result<OverviewPage, ApiError> {
    let (rows, timelines): (Vec<StatusRow>, Vec<_>) =
        status::status_rows_with_timelines(store, None)?.into_iter().unzip();
    let last_report = rows.iter().filter_map(|r| r.last_report.clone()).max();
    // The weekly chart shows the weeks up to the last report: only their violations are read.
    let first_week = last_report
        .as_deref()
        .and_then(date)
        .and_then(|d| d.checked_sub(jiff::Span::new().days(7 * WEEKS_SHOWN as i64)).ok())
        .map(|d| d.to_string());
    let violations =
        status::violations(store, VerdictFilter { since: first_week.as_deref(), ..VerdictFilter::default() })?;
    // One time axis for every band: from the first transition to the last report.
    let days = timelines.iter().flatten().filter_map(|t| date(&t.date));
    let start = days.clone().min();
    let end = days.chain(last_report.as_deref().and_then(date)).max();
    let (start, end) = match (start, end) {
        (Some(s), Some(e)) => (s, e.max(s.tomorrow().unwrap_or(s))),
        _ => {
            let today = jiff::Zoned::now().date();
            (today, today)
        }
    };
    let span = days_between(start, end).max(1.0);
    let x = |d: jiff::civil::Date| days_between(start, d).clamp(0.0, span) / span * BAND_WIDTH;
    let rows = rows
        .into_iter()
        .zip(&timelines)
        .map(|(row, timeline)| {
            let mut segments = Vec::new();
            for (k, t) in timeline.iter().enumerate() {
                let Some(from) = date(&t.date) else { continue };
                let until = timeline[k + 1..].iter().find_map(|n| date(&n.date)).unwrap_or(end);
                let (x0, x1) = (x(from), x(until));
                segments.push(Segment {
                    x: format!("{x0:.1}"),
                    width: format!("{:.1}", (x1 - x0).max(2.0)),
                    status: t.status.clone(),
                    title: format!("{} from {}: {}", t.status, t.date, t.basis),
                });
            }
            AgreementRow {
                href: format!("/agreements/{}", url_segment(&row.agreement)),
                violations: row.violations_by_party.values().sum(),
                segments,
                row,
            }
        })
        .collect();
    let (weeks, parties) = party_weeks(&violations, last_report.as_deref().and_then(date));
    Ok(OverviewPage {
        rows,
        axis_start: start.to_string(),
        axis_end: end.to_string(),
        weeks,
        parties,
        last_report,
        documents: store.document_count()?,
        threshold: format!("{:.2}", truce_assess::compliance::VIOLATION_THRESHOLD),
    })
}

/// Violations per party in each of the [`WEEKS_SHOWN`] weeks that end on `as_of` (the last report: a
/// monitor's "this week" is that of its newest news, not of the clock), with the last week against
/// the mean of those before it.
fn party_weeks(violations: &[Verdict], as_of: Option<jiff::civil::Date>) -> (Vec<String>, Vec<PartyWeeks>) {
    let Some(as_of) = as_of.or_else(|| violations.iter().filter_map(|v| date(&v.date)).max()) else {
        return (Vec::new(), Vec::new());
    };
    let week_of = |d: jiff::civil::Date| -> Option<usize> {
        let back = days_between(d, as_of);
        if back < 0.0 {
            return None;
        }
        let w = (back / 7.0).floor() as usize;
        (w < WEEKS_SHOWN).then(|| WEEKS_SHOWN - 1 - w)
    };
    let mut counts: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for v in violations.iter().filter(|v| v.counted()) {
        if let Some(w) = date(&v.date).and_then(week_of) {
            counts.entry(v.party.clone()).or_insert_with(|| vec![0; WEEKS_SHOWN])[w] += 1;
        }
    }
    let weeks: Vec<String> = (0..WEEKS_SHOWN)
        .map(|w| {
            let end = as_of.checked_sub(jiff::Span::new().days(7 * (WEEKS_SHOWN - 1 - w) as i64)).unwrap_or(as_of);
            format!("week to {end}")
        })
        .collect();
    let top = counts.values().flatten().copied().max().unwrap_or(1).max(1) as f64;
    let parties = counts
        .into_iter()
        .map(|(party, counts)| {
            let this_week = counts[WEEKS_SHOWN - 1];
            let before = counts[..WEEKS_SHOWN - 1].iter().sum::<u64>() as f64 / (WEEKS_SHOWN - 1) as f64;
            let bars = counts
                .iter()
                .zip(&weeks)
                .enumerate()
                .map(|(k, (&c, week))| {
                    let h = c as f64 / top * 30.0;
                    Bar {
                        x: k * 12,
                        y: format!("{:.1}", 30.0 - h),
                        height: format!("{h:.1}"),
                        title: format!("{c} in the {week}"),
                    }
                })
                .collect();
            let trend = if this_week as f64 > before {
                "up"
            } else if (this_week as f64) < before {
                "down"
            } else {
                "same"
            };
            PartyWeeks {
                unattributed: party == "unattributed",
                party,
                this_week,
                before: format!("{before:.1}"),
                trend,
                bars,
            }
        })
        .collect();
    (weeks, parties)
}

// ---- Agreement ----

#[derive(Template)]
#[template(path = "agreement.html")]
struct AgreementPage {
    brief: Brief,
    timeline: Vec<TransitionView>,
    conditions: Vec<ConditionView>,
    verdicts: Vec<VerdictView>,
    terms: Vec<TermView>,
    quotes: Vec<QuoteView>,
    sources: Vec<SourceView>,
    /// The agreement's zones as a GeoJSON FeatureCollection, for the map's script.
    zones: String,
    /// Where the map's script reads the agreement's events.
    events_url: String,
    /// Event id to verdict kind, for the map's colours.
    verdict_kinds: String,
}

struct TransitionView {
    status: String,
    date: String,
    basis: String,
    evidence: Vec<EvidenceLink>,
}

struct ConditionView {
    text: String,
    state: String,
    since: Option<String>,
    detail: String,
    evidence: Vec<EvidenceLink>,
}

struct VerdictView {
    kind: String,
    date: String,
    party: String,
    unattributed: bool,
    provision: String,
    place: String,
    sub_event_type: String,
    confidence: String,
    sources: usize,
    basis: String,
    evidence: Vec<EvidenceLink>,
}

struct TermView {
    field: String,
    value: String,
    registry: bool,
    documents: Vec<(String, String)>,
}

struct QuoteView {
    text: String,
    speaker: String,
    evidence: Vec<EvidenceLink>,
}

struct SourceView {
    href: String,
    doc: String,
    title: String,
    outlet: String,
    published: String,
    url: Option<String>,
    stored: bool,
}

fn links(evidence: &[Evidence]) -> Vec<EvidenceLink> {
    evidence.iter().map(EvidenceLink::of).collect()
}

async fn agreement(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path(id) = id?;
    let page = state
        .read(move |store, packs| {
            let brief = truce_report::brief::brief(store, &id, None)?;
            let zones: Vec<serde_json::Value> = packs
                .agreement(&id)
                .map(|a| {
                    packs
                        .zones()
                        .filter(|z| a.zones.contains(&z.id) || z.established_by.as_deref() == Some(id.as_str()))
                        .filter(|z| z.geojson.get("geometry").is_some_and(|g| !g.is_null()))
                        .map(|z| {
                            let mut f = z.geojson.clone();
                            if let Some(p) = f.get_mut("properties").and_then(|p| p.as_object_mut()) {
                                p.insert("name".into(), z.name.clone().into());
                                p.insert("precision".into(), z.precision_note.clone().into());
                            }
                            f
                        })
                        .collect()
                })
                .unwrap_or_default();
            let zones = serde_json::json!({"type": "FeatureCollection", "features": zones}).to_string();
            let kinds: BTreeMap<String, &str> =
                brief.verdicts.iter().map(|v| (v.event.to_string(), v.kind.as_str())).collect();
            let verdict_kinds = serde_json::to_string(&kinds).unwrap_or_default();
            Ok(AgreementPage {
                timeline: brief
                    .timeline
                    .iter()
                    .map(|t| TransitionView {
                        status: t.status.clone(),
                        date: t.date.clone(),
                        basis: t.basis.clone(),
                        evidence: links(&t.evidence),
                    })
                    .collect(),
                conditions: brief
                    .conditions
                    .iter()
                    .map(|c| ConditionView {
                        text: c.text.clone(),
                        state: c.state.clone(),
                        since: c.since.clone(),
                        detail: c.detail.clone(),
                        evidence: links(&c.evidence),
                    })
                    .collect(),
                verdicts: brief.verdicts.iter().map(verdict_view).collect(),
                terms: brief
                    .terms
                    .iter()
                    .map(|t| TermView {
                        field: t.field.clone(),
                        value: t.shown(),
                        registry: t.registry,
                        documents: t.documents.iter().map(|d| (doc_href(d), d.clone())).collect(),
                    })
                    .collect(),
                quotes: brief
                    .quotes
                    .iter()
                    .map(|q| QuoteView {
                        text: q.text.clone(),
                        speaker: q.speaker.clone().unwrap_or_else(|| "unattributed".into()),
                        evidence: links(&q.evidence),
                    })
                    .collect(),
                sources: brief
                    .sources
                    .iter()
                    .map(|s| SourceView {
                        href: doc_href(&s.doc),
                        doc: s.doc.clone(),
                        title: s.title.clone().unwrap_or_default(),
                        outlet: s.outlet.clone().unwrap_or_default(),
                        published: s.published.clone().unwrap_or_default(),
                        url: web_address(s.url.as_deref()),
                        stored: s.stored,
                    })
                    .collect(),
                events_url: format!(
                    "/api/v1/events?format=geojson&limit={}&agreement={}",
                    api::MAX_PAGE,
                    url_segment(&id)
                ),
                zones,
                verdict_kinds,
                brief,
            })
        })
        .await?;
    render(page)
}

fn verdict_view(v: &Verdict) -> VerdictView {
    VerdictView {
        kind: v.kind.clone(),
        date: v.date.clone(),
        unattributed: v.party == "unattributed",
        party: v.party.clone(),
        provision: v.provision.clone(),
        place: v.place.clone(),
        sub_event_type: v.sub_event_type.clone(),
        confidence: format!("{:.2}", v.confidence),
        sources: v.sources,
        basis: v.basis.join("; "),
        evidence: links(&v.evidence),
    }
}

// ---- Events ----

#[derive(Template)]
#[template(path = "events.html")]
struct EventsPage {
    query: EventQuery,
    total: u64,
    /// Where the script reads the events (the page's own filter, as GeoJSON).
    data_url: String,
    /// ACLED's event types, offered by the filter form.
    event_types: Vec<&'static str>,
    agreements: Vec<String>,
    limit: u64,
}

/// The filter's values as a query string, in the order of the form.
fn query_string(q: &EventQuery) -> String {
    let pairs = [
        ("since", q.since.as_ref().map(|d| d.0.clone())),
        ("until", q.until.as_ref().map(|d| d.0.clone())),
        ("country", q.country.clone()),
        ("admin1", q.admin1.clone()),
        ("event_type", q.event_type.clone()),
        ("sub_event_type", q.sub_event_type.clone()),
        ("actor", q.actor.clone()),
        ("agreement", q.agreement.clone()),
        ("bbox", q.bbox.clone()),
    ];
    pairs
        .into_iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| format!("{k}={}", url_segment(&v))))
        .collect::<Vec<_>>()
        .join("&")
}

/// The form sends every field, filled or not: an empty one is no condition.
#[derive(Debug, Deserialize)]
struct EventForm {
    since: Option<String>,
    until: Option<String>,
    country: Option<String>,
    admin1: Option<String>,
    event_type: Option<String>,
    sub_event_type: Option<String>,
    actor: Option<String>,
    agreement: Option<String>,
    bbox: Option<String>,
}

impl EventForm {
    fn query(self) -> Result<EventQuery, ApiError> {
        let some = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        let day = |v: Option<String>| -> Result<Option<Day>, ApiError> {
            some(v)
                .map(|s| {
                    s.parse::<jiff::civil::Date>()
                        .map(|d| Day(d.to_string()))
                        .map_err(|_| ApiError::bad_request(format!("{s:?} is not a date of the form YYYY-MM-DD")))
                })
                .transpose()
        };
        Ok(EventQuery {
            since: day(self.since)?,
            until: day(self.until)?,
            country: some(self.country),
            admin1: some(self.admin1),
            event_type: some(self.event_type),
            sub_event_type: some(self.sub_event_type),
            actor: some(self.actor),
            agreement: some(self.agreement),
            bbox: some(self.bbox),
        })
    }
}

impl EventsPage {
    /// The page's filter as a query string, for its export links.
    fn filter_query(&self) -> String {
        query_string(&self.query)
    }
}

async fn events(
    State(state): State<Arc<AppState>>,
    form: Result<Query<EventForm>, QueryRejection>,
) -> Result<Response, ApiError> {
    let query = form?.0.query()?;
    query.filter()?;
    let page = state
        .read(move |store, _| {
            let conn = store.connection();
            let total = read::count_events(conn, query.filter()?)?;
            let agreements = status::status_rows(store)?.into_iter().map(|r| r.agreement).collect();
            let filter = query_string(&query);
            Ok(EventsPage {
                data_url: format!(
                    "/api/v1/events?format=geojson&limit={}{}{filter}",
                    api::MAX_PAGE,
                    if filter.is_empty() { "" } else { "&" }
                ),
                total,
                event_types: truce_pack::taxonomy::event_types().collect(),
                agreements,
                limit: api::MAX_PAGE,
                query,
            })
        })
        .await?;
    render(page)
}

// ---- Document ----

#[derive(Template)]
#[template(path = "document.html")]
struct DocumentPage {
    id: String,
    title: String,
    published: String,
    source: String,
    url: Option<String>,
    url_text: Option<String>,
    duplicate_of: Option<(String, String)>,
    notes: Vec<String>,
    pieces: Vec<Piece>,
    records: Vec<RecordLine>,
    kinds: Vec<(&'static str, usize)>,
}

/// A stretch of the text with the same highlights throughout.
struct Piece {
    text: String,
    /// CSS classes: `s-KIND` for the sentence-wide records covering it, `w-KIND` for a word's.
    classes: String,
    /// The record it links to: the narrowest covering it.
    record: Option<usize>,
    /// The first stretch of the span asked for (`?mark=`), which the link lands on.
    mark_anchor: bool,
    marked: bool,
}

struct RecordLine {
    n: usize,
    kind: String,
    label: String,
    span: String,
    summary: String,
}

/// The kinds the page highlights, in the order of its legend: the records of a sentence or more,
/// then the words a mention covers.
const HIGHLIGHT_KINDS: &[&str] = &["event", "agreement", "quote", "figure", "actor", "place", "time", "zone"];

#[derive(Debug, Deserialize)]
struct MarkQuery {
    mark: Option<String>,
}

async fn document(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    mark: Result<Query<MarkQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let (Path(id), Query(mark)) = (id?, mark?);
    let mark = mark.mark.as_deref().and_then(|m| {
        let (a, b) = m.split_once('-')?;
        Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?))
    });
    let view = state.read(move |store, _| api::document_view(store, &id)).await?;
    render(document_page(view, mark))
}

/// One highlighted span: where, what kind, which record.
struct Highlight {
    start: usize,
    end: usize,
    kind: &'static str,
    word: bool,
    record: usize,
}

fn document_page(view: api::DocumentView, mark: Option<(usize, usize)>) -> DocumentPage {
    let doc = &view.document;
    let text = &doc.text;
    let valid = |s: usize, e: usize| s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e);
    let mut highlights = Vec::new();
    let mut records = Vec::new();
    for (n, r) in view.records.iter().enumerate() {
        let kind = if r.kind == "mention" {
            r.data.get("type").and_then(|t| t.as_str()).unwrap_or("mention")
        } else {
            &r.kind
        };
        let Some(kind) = HIGHLIGHT_KINDS.iter().copied().find(|k| *k == kind) else { continue };
        let word = r.kind == "mention";
        let mut spans: Vec<(usize, usize)> = Vec::new();
        if let Some(evidence) = r.data.get("evidence").and_then(|e| e.as_array()) {
            for e in evidence {
                let same_doc = e.get("doc").and_then(|d| d.as_str()).is_none_or(|d| d == doc.summary.id);
                if let (true, Some(s), Some(t)) =
                    (same_doc, e.get("start").and_then(|v| v.as_u64()), e.get("end").and_then(|v| v.as_u64()))
                {
                    spans.push((s as usize, t as usize));
                }
            }
        }
        if let (Some(s), Some(e)) = (r.start, r.end)
            && spans.is_empty()
        {
            spans.push((s, e));
        }
        spans.retain(|&(s, e)| valid(s, e));
        for &(start, end) in &spans {
            highlights.push(Highlight { start, end, kind, word, record: n });
        }
        let label = r
            .data
            .get("text")
            .or_else(|| r.data.get("name"))
            .or_else(|| r.data.get("sub_event_type"))
            .or_else(|| r.data.get("measure"))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned();
        records.push(RecordLine {
            n,
            kind: kind.to_owned(),
            label,
            span: spans.first().map(|(s, e)| format!("bytes {s}..{e}")).unwrap_or_else(|| "no span".into()),
            summary: record_summary(kind, &r.data),
        });
    }
    let mut cuts: BTreeSet<usize> = [0, text.len()].into();
    for h in &highlights {
        cuts.insert(h.start);
        cuts.insert(h.end);
    }
    if let Some((s, e)) = mark.filter(|&(s, e)| valid(s, e)) {
        cuts.insert(s);
        cuts.insert(e);
    }
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut pieces = Vec::new();
    let mut anchored = false;
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        let covering: Vec<&Highlight> = highlights.iter().filter(|h| h.start <= s && e <= h.end).collect();
        let mut classes: BTreeSet<String> = BTreeSet::new();
        for h in &covering {
            classes.insert(format!("{}-{}", if h.word { "w" } else { "s" }, h.kind));
        }
        let marked = mark.is_some_and(|(ms, me)| ms <= s && e <= me);
        let record = covering.iter().min_by_key(|h| h.end - h.start).map(|h| h.record);
        pieces.push(Piece {
            text: text[s..e].to_owned(),
            classes: classes.into_iter().collect::<Vec<_>>().join(" "),
            record,
            mark_anchor: marked && !anchored,
            marked,
        });
        anchored |= marked;
    }
    let kinds = HIGHLIGHT_KINDS
        .iter()
        .map(|k| (*k, records.iter().filter(|r| r.kind == *k).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    let summary = &doc.summary;
    DocumentPage {
        id: summary.id.clone(),
        title: summary.title.clone().unwrap_or_else(|| summary.id.clone()),
        published: summary
            .published
            .clone()
            .map(|p| format!("{p} ({})", summary.published_basis))
            .unwrap_or_else(|| "unknown".into()),
        source: summary.source.clone().unwrap_or_else(|| "unknown".into()),
        url: web_address(doc.url.as_deref()),
        url_text: doc.url.clone(),
        duplicate_of: summary.duplicate_of.as_ref().map(|d| (doc_href(d), d.clone())),
        notes: summary.notes.clone(),
        pieces,
        records,
        kinds,
    }
}

/// A record in a line, from its typed fields as the store keeps them.
fn record_summary(kind: &str, data: &serde_json::Value) -> String {
    let field = |k: &str| -> Option<String> {
        match data.get(k)? {
            serde_json::Value::Null => None,
            serde_json::Value::String(s) => Some(s.clone()),
            other => Some(other.to_string()),
        }
    };
    let parts: Vec<String> = match kind {
        "event" => {
            ["status", "event_type", "sub_event_type", "event_date", "location", "actor1", "actor2", "fatalities"]
                .iter()
                .filter_map(|k| field(k).map(|v| format!("{k}: {v}")))
                .collect()
        }
        "agreement" => ["agreement_id", "type", "status", "announced", "effective_from", "parties"]
            .iter()
            .filter_map(|k| field(k).map(|v| format!("{k}: {v}")))
            .collect(),
        "quote" => vec![format!("speaker: {}", field("speaker").unwrap_or_else(|| "unattributed".into()))],
        "figure" => ["measure", "value", "qualifier", "who", "source"]
            .iter()
            .filter_map(|k| field(k).map(|v| format!("{k}: {v}")))
            .collect(),
        _ => {
            let resolved = data.get("resolved").filter(|r| !r.is_null());
            match resolved {
                Some(r) => vec![format!(
                    "resolved: {}",
                    r.get("name")
                        .or_else(|| r.get("id"))
                        .and_then(|v| v.as_str())
                        .map(str::to_owned)
                        .unwrap_or_else(|| r.to_string())
                )],
                None => vec!["not resolved".into()],
            }
        }
    };
    parts.join(" · ")
}
