//! The HTTP API under `/api/v1`, and its OpenAPI document, generated from the handlers below.
//!
//! Every bound a request can break (page size, offset, date format, bounding box) is declared in the
//! schema and checked here; breaking one is a 400 with the one error body.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use truce_assess::compliance::Verdict;
use truce_assess::events::Event;
use truce_assess::figures::FigureConflict;
use truce_assess::input::QuoteIn;
use truce_assess::persist::read::{self, EventFilter};
use truce_report::status::{self, VerdictFilter};
use truce_report::{Brief, ExportFormat, StatusRow, Timeline};
use truce_store::{DocumentFilter, DocumentSummary, SearchHit, Store, StoredDocument};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::error::{ApiError, ErrorBody};
use crate::{AppState, IngestAnswer, Submission};

/// The most events one page gives: enough for a map of a theatre's month, few enough to send at once.
pub const MAX_PAGE: u64 = 10_000;
/// The furthest a page may start: beyond it, narrow the filter (an offset is read past, row by row).
pub const MAX_OFFSET: u64 = 1_000_000;
/// The most hits a search or a list of quotes or documents gives.
pub const MAX_HITS: u64 = 1_000;

pub(crate) fn routes(state: &Arc<AppState>) -> Router<Arc<AppState>> {
    let mut router = Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/agreements", get(agreements))
        .route("/api/v1/agreements/{id}", get(agreement))
        .route("/api/v1/agreements/{id}/timeline", get(agreement_timeline))
        .route("/api/v1/agreements/{id}/violations", get(agreement_violations))
        .route("/api/v1/violations", get(violations))
        .route("/api/v1/events", get(events))
        .route("/api/v1/events/{id}", get(event))
        .route("/api/v1/export/acled.csv", get(export_acled))
        .route("/api/v1/export/events.geojson", get(export_geojson))
        .route("/api/v1/documents/{id}", get(document))
        .route("/api/v1/search", get(search))
        .route("/api/v1/quotes", get(quotes))
        .route("/api/v1/figures", get(figures));
    // No token, no write endpoint: the route does not exist, rather than existing and refusing.
    let documents_route = if state.token.is_some() && state.ingest.is_some() {
        get(documents).post(post_document)
    } else {
        get(documents)
    };
    router = router.route("/api/v1/documents", documents_route);
    router
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Truce",
        description = "A ceasefire monitor's findings: agreements and how they hold, merged conflict events, \
                       the documents they come from with every extracted span, and exports. Every value \
                       names the document and byte span it came from.",
        license(name = "MIT OR Apache-2.0")
    ),
    paths(
        agreements, agreement, agreement_timeline, agreement_violations, violations, events, event,
        export_acled, export_geojson, documents, document, search, quotes, figures, post_document
    ),
    components(schemas(ErrorBody, EventFormat)),
    modifiers(&BearerToken),
    tags(
        (name = "agreements", description = "Ceasefires and truces, their terms, status and violations"),
        (name = "events", description = "Conflict events merged across reports (ACLED's taxonomy)"),
        (name = "documents", description = "Stored articles, their text and what was extracted from it"),
        (name = "exports", description = "The filtered events as files"),
    )
)]
pub(crate) struct ApiDoc;

struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The schema of this server: without a token it has no write endpoint, so its schema has none.
async fn openapi_json(State(state): State<Arc<AppState>>) -> Json<utoipa::openapi::OpenApi> {
    let mut schema = ApiDoc::openapi();
    if state.token.is_none() || state.ingest.is_none() {
        if let Some(item) = schema.paths.paths.get_mut("/api/v1/documents") {
            item.post = None;
        }
    }
    Json(schema)
}

/// A calendar day, `YYYY-MM-DD`, checked when the query is read.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(value_type = String, format = Date, example = "2019-08-31")]
pub(crate) struct Day(pub String);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let s = String::deserialize(d)?;
        s.parse::<jiff::civil::Date>()
            .map(|day| Day(day.to_string()))
            .map_err(|_| serde::de::Error::custom(format!("{s:?} is not a date of the form YYYY-MM-DD")))
    }
}

fn day(d: &Option<Day>) -> Option<&str> {
    d.as_ref().map(|d| d.0.as_str())
}

/// Checks a count against its declared bounds.
fn bounded(name: &str, value: u64, min: u64, max: u64) -> Result<u64, ApiError> {
    if value < min || value > max {
        return Err(ApiError::bad_request(format!("{name} must be between {min} and {max}, not {value}")));
    }
    Ok(value)
}

#[utoipa::path(get, path = "/api/v1/agreements", tag = "agreements",
    responses(
        (status = 200, description = "Every agreement the reports touched, with its status", body = Vec<StatusRow>),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn agreements(State(state): State<Arc<AppState>>) -> Result<Json<Vec<StatusRow>>, ApiError> {
    state.read(|store, _| Ok(status::status_rows(store)?)).await.map(Json)
}

#[utoipa::path(get, path = "/api/v1/agreements/{id}", tag = "agreements",
    params(("id" = String, Path, description = "The agreement's id, as the list gives it")),
    responses(
        (status = 200, description = "What was agreed, its status timeline with evidence, violations, \
            adherence, sources and contradictions", body = Brief),
        (status = 400, description = "A malformed request", body = ErrorBody),
        (status = 404, description = "No such agreement", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn agreement(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<Brief>, ApiError> {
    let Path(id) = id?;
    state.read(move |store, _| Ok(truce_report::brief::brief(store, &id, None)?)).await.map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct OnQuery {
    /// Show the agreement as it stood at the end of this day.
    #[param(value_type = Option<String>, format = Date)]
    on: Option<Day>,
}

#[utoipa::path(get, path = "/api/v1/agreements/{id}/timeline", tag = "agreements",
    params(("id" = String, Path, description = "The agreement's id"), OnQuery),
    responses(
        (status = 200, description = "Status transitions with their evidence, conditions and deadlines", body = Timeline),
        (status = 400, description = "A malformed date", body = ErrorBody),
        (status = 404, description = "No such agreement", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn agreement_timeline(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<OnQuery>, QueryRejection>,
) -> Result<Json<Timeline>, ApiError> {
    let (Path(id), Query(query)) = (id?, query?);
    state.read(move |store, packs| Ok(status::timeline(store, packs, &id, day(&query.on))?)).await.map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct VerdictQuery {
    /// Only this party's violations ("unattributed" for those no report attributes).
    party: Option<String>,
    /// Only violations on or after this day.
    #[param(value_type = Option<String>, format = Date)]
    since: Option<Day>,
}

#[utoipa::path(get, path = "/api/v1/agreements/{id}/violations", tag = "agreements",
    params(("id" = String, Path, description = "The agreement's id"), VerdictQuery),
    responses(
        (status = 200, description = "The agreement's violations, oldest first, each with its party (or \
            unattributed), confidence, independent sources and evidence", body = Vec<Verdict>),
        (status = 400, description = "A malformed date", body = ErrorBody),
        (status = 404, description = "No such agreement", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn agreement_violations(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
    query: Result<Query<VerdictQuery>, QueryRejection>,
) -> Result<Json<Vec<Verdict>>, ApiError> {
    let (Path(id), Query(query)) = (id?, query?);
    state
        .read(move |store, _| {
            status::assessment_summary(store, &id)?;
            let filter = VerdictFilter {
                agreement: Some(&id),
                party: query.party.as_deref(),
                since: day(&query.since),
                on: None,
            };
            Ok(status::violations(store, filter)?)
        })
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/violations", tag = "agreements",
    params(VerdictQuery),
    responses(
        (status = 200, description = "Every agreement's violations, oldest first", body = Vec<Verdict>),
        (status = 400, description = "A malformed date", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn violations(
    State(state): State<Arc<AppState>>,
    query: Result<Query<VerdictQuery>, QueryRejection>,
) -> Result<Json<Vec<Verdict>>, ApiError> {
    let Query(query) = query?;
    state
        .read(move |store, _| {
            let filter =
                VerdictFilter { agreement: None, party: query.party.as_deref(), since: day(&query.since), on: None };
            Ok(status::violations(store, filter)?)
        })
        .await
        .map(Json)
}

/// How a list of events is written.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, ToSchema, PartialEq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum EventFormat {
    #[default]
    Json,
    Geojson,
}

/// Which events: every filter left out is no condition.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventQuery {
    /// First day (events on or after it).
    #[param(value_type = Option<String>, format = Date)]
    pub since: Option<Day>,
    /// Last day (events on or before it).
    #[param(value_type = Option<String>, format = Date)]
    pub until: Option<Day>,
    /// ISO 3166-1 alpha-2 country code.
    #[param(pattern = "^[A-Z]{2}$")]
    pub country: Option<String>,
    /// First-level division, as the events name it ("Idlib").
    pub admin1: Option<String>,
    /// ACLED event type ("Explosions/Remote violence").
    pub event_type: Option<String>,
    /// ACLED sub-event type ("Air/drone strike").
    pub sub_event_type: Option<String>,
    /// Either actor, as the pack's key or as the reports name it.
    pub actor: Option<String>,
    /// Only events with a verdict against this agreement.
    pub agreement: Option<String>,
    /// `west,south,east,north` in degrees (RFC 7946's order): events with a point inside. A west edge
    /// east of the east edge is a box across the antimeridian; a south edge north of the north edge is
    /// refused.
    #[param(
        pattern = r"^-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?),-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?),-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?),-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)$",
        example = "35.5,35.0,37.5,36.5"
    )]
    pub bbox: Option<String>,
}

impl EventQuery {
    /// The store's filter, once every value is checked.
    pub(crate) fn filter(&self) -> Result<EventFilter<'_>, ApiError> {
        if let Some(c) = &self.country
            && !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(ApiError::bad_request(format!("country must be two capital letters (ISO 3166-1), not {c:?}")));
        }
        let bbox = self.bbox.as_deref().map(parse_bbox).transpose()?;
        Ok(EventFilter {
            since: day(&self.since),
            until: day(&self.until),
            country: self.country.as_deref(),
            admin1: self.admin1.as_deref(),
            event_type: self.event_type.as_deref(),
            sub_event_type: self.sub_event_type.as_deref(),
            actor: self.actor.as_deref(),
            agreement: self.agreement.as_deref(),
            bbox,
            reported_by: None,
            page: None,
        })
    }
}

/// A longitude as the schema admits it: -180 to 180 in plain decimals, no exponent, sign or leading zero.
const LONGITUDE: &str = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)";
/// A latitude as the schema admits it: -90 to 90, written as a longitude is.
const LATITUDE: &str = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)";

/// The four edges of a bounding box, checked against the same pattern the schema declares (the
/// schema's copy is spelt out in `EventQuery`, since an attribute cannot name a constant; a unit
/// test holds the two together).
fn parse_bbox(s: &str) -> Result<[f64; 4], ApiError> {
    static BBOX: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(&format!("^{LONGITUDE},{LATITUDE},{LONGITUDE},{LATITUDE}$")).expect("the bbox pattern")
    });
    let bad =
        |why: &str| ApiError::bad_request(format!("bbox must be west,south,east,north in degrees ({why}), not {s:?}"));
    if !BBOX.is_match(s) {
        return Err(bad("longitudes -180 to 180, latitudes -90 to 90, plain decimals"));
    }
    let numbers: Vec<f64> =
        s.split(',').map(|n| n.parse::<f64>()).collect::<Result<_, _>>().map_err(|_| bad("numbers"))?;
    let [west, south, east, north] = <[f64; 4]>::try_from(numbers).map_err(|_| bad("four numbers"))?;
    if south > north {
        return Err(bad("the south edge is north of the north edge"));
    }
    Ok([west, south, east, north])
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageQuery {
    /// How many events to skip.
    #[param(minimum = 0, maximum = 1_000_000)]
    #[serde(default)]
    offset: u64,
    /// At most how many events to give.
    #[param(minimum = 1, maximum = 10_000)]
    #[serde(default = "default_page")]
    limit: u64,
    /// `json` (a page of events) or `geojson` (a FeatureCollection of those with a point).
    #[serde(default)]
    #[param(inline)]
    format: EventFormat,
}

fn default_page() -> u64 {
    100
}

/// A page of events.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EventPage {
    /// How many events the filter admits in all.
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
    pub events: Vec<Event>,
}

/// A page of events as GeoJSON: one point feature per event with a place (`total`, `offset` and
/// `limit` are foreign members that say which page it is).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct EventFeatures {
    #[serde(rename = "type")]
    #[schema(example = "FeatureCollection")]
    pub kind: &'static str,
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
    #[schema(value_type = Vec<Object>)]
    pub features: Vec<serde_json::Value>,
}

#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(EventQuery, PageQuery),
    responses(
        (status = 200, description = "A page of merged events in order of day and id", content(
            (EventPage = "application/json"),
            (EventFeatures = "application/geo+json"),
        )),
        (status = 400, description = "A value out of its bounds", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn events(
    State(state): State<Arc<AppState>>,
    query: Result<Query<EventQuery>, QueryRejection>,
    page: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let (Query(query), Query(page)) = (query?, page?);
    let offset = bounded("offset", page.offset, 0, MAX_OFFSET)?;
    let limit = bounded("limit", page.limit, 1, MAX_PAGE)?;
    query.filter()?;
    let format = page.format;
    state
        .read(move |store, packs| {
            let filter = query.filter()?;
            let conn = store.connection();
            let total = read::count_events(conn, filter)?;
            let events = read::events(conn, EventFilter { page: Some((offset, limit)), ..filter })?;
            Ok(match format {
                EventFormat::Json => Json(EventPage { total, offset, limit, events }).into_response(),
                EventFormat::Geojson => {
                    let features =
                        events.iter().filter_map(|e| truce_report::export::event_feature(packs, e)).collect();
                    let body = EventFeatures { kind: "FeatureCollection", total, offset, limit, features };
                    ([(header::CONTENT_TYPE, "application/geo+json")], Json(body)).into_response()
                }
            })
        })
        .await
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events",
    params(("id" = i64, Path, description = "The event's id")),
    responses(
        (status = 200, description = "One merged event with every report of it", body = Event),
        (status = 400, description = "An id that is not a number", body = ErrorBody),
        (status = 404, description = "No such event", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn event(
    State(state): State<Arc<AppState>>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Event>, ApiError> {
    let Path(id) = id?;
    state
        .read(move |store, _| {
            read::event(store.connection(), id)?.ok_or_else(|| ApiError::not_found(format!("no event {id}")))
        })
        .await
        .map(Json)
}

/// The filtered events written whole in one of the export formats.
async fn export(
    state: Arc<AppState>,
    query: EventQuery,
    format: ExportFormat,
    content_type: &'static str,
    file: &'static str,
) -> Result<Response, ApiError> {
    query.filter()?;
    let body = state
        .read(move |store, packs| {
            let mut out = Vec::new();
            truce_report::export::export(store, packs, query.filter()?, format, false, &mut out)?;
            Ok(out)
        })
        .await?;
    let disposition = format!("attachment; filename=\"{file}\"");
    Ok(([(header::CONTENT_TYPE, content_type.to_owned()), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response())
}

#[utoipa::path(get, path = "/api/v1/export/acled.csv", tag = "exports",
    params(EventQuery),
    responses(
        (status = 200, description = "The filtered events that happened on a known day, as ACLED's CSV with all its columns",
            content_type = "text/csv", body = String),
        (status = 400, description = "A value out of its bounds", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn export_acled(
    State(state): State<Arc<AppState>>,
    query: Result<Query<EventQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    export(state, query?.0, ExportFormat::AcledCsv, "text/csv; charset=utf-8", "truce-acled.csv").await
}

#[utoipa::path(get, path = "/api/v1/export/events.geojson", tag = "exports",
    params(EventQuery),
    responses(
        (status = 200, description = "The filtered events with a point, and the pack's zones, as one FeatureCollection",
            content_type = "application/geo+json", body = Object),
        (status = 400, description = "A value out of its bounds", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn export_geojson(
    State(state): State<Arc<AppState>>,
    query: Result<Query<EventQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    export(state, query?.0, ExportFormat::Geojson, "application/geo+json", "truce-events.geojson").await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct DocumentQuery {
    /// Published on or after this day.
    #[param(value_type = Option<String>, format = Date)]
    since: Option<Day>,
    /// Published on or before this day.
    #[param(value_type = Option<String>, format = Date)]
    until: Option<Day>,
    /// Only this outlet.
    source: Option<String>,
    /// At most how many documents, newest first.
    #[param(minimum = 1, maximum = 1000)]
    #[serde(default = "default_page")]
    limit: u64,
}

#[utoipa::path(get, path = "/api/v1/documents", tag = "documents",
    params(DocumentQuery),
    responses(
        (status = 200, description = "Stored documents, newest first", body = Vec<DocumentSummary>),
        (status = 400, description = "A value out of its bounds", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn documents(
    State(state): State<Arc<AppState>>,
    query: Result<Query<DocumentQuery>, QueryRejection>,
) -> Result<Json<Vec<DocumentSummary>>, ApiError> {
    let Query(query) = query?;
    let limit = bounded("limit", query.limit, 1, MAX_HITS)?;
    state
        .read(move |store, _| {
            let filter = DocumentFilter {
                since: query.since.map(|d| d.0),
                until: query.until.map(|d| d.0),
                source: query.source,
                limit: Some(limit as usize),
            };
            Ok(store.documents(&filter)?)
        })
        .await
        .map(Json)
}

/// One stored document with what was extracted from it.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct DocumentView {
    pub document: StoredDocument,
    /// Every record, in text order: its kind, the byte span of its first evidence in `document.text`
    /// (none for a record of the whole document), and the record itself.
    pub records: Vec<RecordView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct RecordView {
    pub kind: String,
    pub start: Option<usize>,
    pub end: Option<usize>,
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
}

/// A document and its records, or 404.
pub(crate) fn document_view(store: &truce_store::SqliteStore, id: &str) -> Result<DocumentView, ApiError> {
    let missing = || ApiError::not_found(format!("no document {id:?} in the store"));
    let document = store.document(id)?.ok_or_else(missing)?;
    let records = store
        .document_records(id)?
        .ok_or_else(missing)?
        .into_iter()
        .map(|r| {
            let data = serde_json::from_str(&r.data)
                .map_err(|e| ApiError::internal(format!("a record of {id:?} is not JSON: {e}")))?;
            Ok(RecordView { kind: r.kind, start: r.start, end: r.end, data })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(DocumentView { document, records })
}

#[utoipa::path(get, path = "/api/v1/documents/{id}", tag = "documents",
    params(("id" = String, Path, description = "The document's id")),
    responses(
        (status = 200, description = "The document's text and every record extracted from it, with spans", body = DocumentView),
        (status = 400, description = "A malformed request", body = ErrorBody),
        (status = 404, description = "No such document", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn document(
    State(state): State<Arc<AppState>>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<DocumentView>, ApiError> {
    let Path(id) = id?;
    state.read(move |store, _| document_view(store, &id)).await.map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SearchQuery {
    /// Words to find (SQLite FTS5 syntax, or plain words).
    #[param(min_length = 1, max_length = 1000)]
    q: String,
    /// At most how many sentences.
    #[param(minimum = 1, maximum = 1000)]
    #[serde(default = "default_hits")]
    limit: u64,
}

fn default_hits() -> u64 {
    20
}

#[utoipa::path(get, path = "/api/v1/search", tag = "documents",
    params(SearchQuery),
    responses(
        (status = 200, description = "Sentences that match, best first, with the matched words' spans", body = Vec<SearchHit>),
        (status = 400, description = "An empty or unreadable query, or a value out of its bounds", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn search(
    State(state): State<Arc<AppState>>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<Vec<SearchHit>>, ApiError> {
    let Query(query) = query?;
    let limit = bounded("limit", query.limit, 1, MAX_HITS)?;
    if query.q.trim().is_empty() || query.q.len() > 1000 {
        return Err(ApiError::bad_request("q must be 1 to 1000 characters of words"));
    }
    state.read(move |store, _| Ok(store.search(&query.q, limit as usize)?)).await.map(Json)
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct QuoteQuery {
    /// Only this document's quotations.
    doc: Option<String>,
    /// Only quotations whose speaker's name contains this (any case).
    speaker: Option<String>,
    /// At most how many.
    #[param(minimum = 1, maximum = 1000)]
    #[serde(default = "default_page")]
    limit: u64,
}

#[utoipa::path(get, path = "/api/v1/quotes", tag = "documents",
    params(QuoteQuery),
    responses(
        (status = 200, description = "Quotations with their speakers (or none, when unattributed) and evidence", body = Vec<QuoteIn>),
        (status = 400, description = "A value out of its bounds", body = ErrorBody),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn quotes(
    State(state): State<Arc<AppState>>,
    query: Result<Query<QuoteQuery>, QueryRejection>,
) -> Result<Json<Vec<QuoteIn>>, ApiError> {
    let Query(query) = query?;
    let limit = bounded("limit", query.limit, 1, MAX_HITS)? as usize;
    state
        .read(move |store, _| {
            Ok(read::quotes(store.connection(), query.doc.as_deref(), query.speaker.as_deref(), limit)?)
        })
        .await
        .map(Json)
}

#[utoipa::path(get, path = "/api/v1/figures", tag = "documents",
    responses(
        (status = 200, description = "Totals that reports give differently, each claim with its date and source", body = Vec<FigureConflict>),
        (status = 500, description = "The store could not be read", body = ErrorBody),
    ))]
async fn figures(State(state): State<Arc<AppState>>) -> Result<Json<Vec<FigureConflict>>, ApiError> {
    state.read(|store, _| Ok(read::figure_conflicts(store.connection())?)).await.map(Json)
}

/// A document to ingest, as `truce ingest` reads a JSON line.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NewDocument {
    /// The id to store it under (derived from the text when left out).
    id: Option<String>,
    title: Option<String>,
    /// The plain text; give this or `html`.
    text: Option<String>,
    /// The page's HTML, read as `truce ingest` reads a page.
    html: Option<String>,
    url: Option<String>,
    /// When it was published (`2019-08-31` or RFC 3339).
    published: Option<String>,
    /// The outlet.
    source: Option<String>,
    /// Its language (ISO 639-1), when known.
    language: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct PageUrl {
    /// The page's address, for an HTML body.
    url: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/documents", tag = "documents",
    params(PageUrl),
    request_body(description = "A document as JSON, or an HTML page (`text/html`) with its address in `url`",
        content((NewDocument = "application/json"), (String = "text/html"))),
    security(("token" = [])),
    responses(
        (status = 200, description = "What ingesting it did: stored, duplicates, errors, notes", body = IngestAnswer),
        (status = 400, description = "A body that is not a document", body = ErrorBody),
        (status = 401, description = "No token, or not the server's", body = ErrorBody),
        (status = 413, description = "A body over the size limit", body = ErrorBody),
        (status = 415, description = "Neither JSON nor HTML", body = ErrorBody),
        (status = 500, description = "The store could not be written", body = ErrorBody),
    ))]
async fn post_document(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    url: Result<Query<PageUrl>, QueryRejection>,
    body: Bytes,
) -> Result<Json<IngestAnswer>, ApiError> {
    let Query(url) = url?;
    let expected = state.token.as_deref().unwrap_or_default();
    let given =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if !given.is_some_and(|g| constant_time_eq(g.as_bytes(), expected.as_bytes())) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this endpoint needs the server's token: Authorization: Bearer TOKEN",
        ));
    }
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let document: NewDocument = match mime.as_str() {
        "application/json" => serde_json::from_slice(&body)
            .map_err(|e| ApiError::bad_request(format!("the body is not a document: {e}")))?,
        "text/html" => {
            let html = String::from_utf8_lossy(&body).into_owned();
            NewDocument { html: Some(html), url: url.url, ..NewDocument::default() }
        }
        other => {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("the body must be application/json or text/html, not {other:?}"),
            ));
        }
    };
    if document.text.is_none() == document.html.is_none() {
        return Err(ApiError::bad_request("a document has one of text and html"));
    }
    let jsonl = serde_json::to_vec(&document).map_err(|e| ApiError::internal(e.to_string()))?;
    let ingest = state.ingest.clone().ok_or_else(|| ApiError::not_found("this server takes no documents"))?;
    state
        .write(move |store, _| Ok(ingest(store, Submission { name: "POST /api/v1/documents".into(), jsonl })?))
        .await
        .map(Json)
}

/// Compares a secret without leaving how many bytes matched in the time it takes.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern the schema declares is the one the server enforces.
    #[test]
    fn the_schema_declares_the_bbox_pattern_the_server_checks() {
        let schema = serde_json::to_value(ApiDoc::openapi()).unwrap();
        let params = schema["paths"]["/api/v1/events"]["get"]["parameters"].as_array().unwrap();
        let bbox = params.iter().find(|p| p["name"] == "bbox").unwrap();
        assert_eq!(bbox["schema"]["pattern"], format!("^{LONGITUDE},{LATITUDE},{LONGITUDE},{LATITUDE}$"));
    }

    /// Each case: a bbox as given, and the edges read from it (none: refused).
    const BBOX_CASES: &[(&str, Option<[f64; 4]>)] = &[
        ("35.5,35.0,37.5,36.5", Some([35.5, 35.0, 37.5, 36.5])),
        ("-180,-90,180,90", Some([-180.0, -90.0, 180.0, 90.0])),
        ("170,-20,-170,20", Some([170.0, -20.0, -170.0, 20.0])), // across the antimeridian
        ("0,10,1,5", None),                                      // south of north
        ("181,0,1,1", None),
        ("0,91,1,1", None),
        ("01.5,0,1,1", None),
        ("1e1,0,1,1", None),
        ("+1,0,1,1", None),
        ("1,2,3", None),
        ("1, 2,3,4", None),
    ];

    #[test]
    fn bounding_boxes_are_read_or_refused() {
        for (given, expected) in BBOX_CASES {
            assert_eq!(parse_bbox(given).ok(), *expected, "{given}");
        }
    }
}
