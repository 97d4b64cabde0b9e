//! The store stage: where documents, their sentences and their provenance are kept.
//!
//! Owns: the [`Store`] trait, the backend-neutral record types, and the embedded SQLite backend
//! ([`SqliteStore`]). A PostgreSQL backend is to implement the same trait.
//!
//! Invariants:
//! - a document is stored whole (document row, every sentence, its full-text index entries, its
//!   fingerprint bands and provenance) or not at all: each batch is one transaction;
//! - re-adding a document that is already stored changes nothing but its provenance;
//! - an exact copy (same text, white space aside) is never stored twice; a near copy is stored with
//!   `duplicate_of` naming the first copy of its story (never a copy of a copy).

mod highlight;
mod sqlite;

pub use sqlite::SqliteStore;

use serde::Serialize;
use truce_ingest::{Document, Fingerprint, InputError};
use truce_text::Sentence;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("{path}: schema version {found} is newer than this build of truce knows ({known})")]
    TooNew { path: String, found: i64, known: i64 },
    #[error("{path}: schema version {found} is not one truce writes; the store is damaged or not Truce's")]
    BadVersion { path: String, found: i64 },
    #[error("{path}: not a Truce store ({why}); truce leaves it as it is")]
    NotTruce { path: String, why: String },
    #[error("{path}: the schema lacks {missing}; the store is damaged or was changed by another program")]
    Schema { path: String, missing: String },
    #[error("{path}: table {table} is damaged: {detail}; `truce check` tells more")]
    Damaged { path: String, table: String, detail: String },
    #[error("search query {query:?} is not valid: {message}")]
    BadQuery { query: String, message: String },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// Whether an error (anywhere in a chain) says the store file is damaged: a read that went through
/// `Connection` directly and could not name its table.
pub fn is_damage(e: &(dyn std::error::Error + 'static)) -> bool {
    let sqlite = e.downcast_ref::<rusqlite::Error>().or(match e.downcast_ref::<StoreError>() {
        Some(StoreError::Damaged { .. }) => return true,
        Some(StoreError::Sqlite(s) | StoreError::Open { source: s, .. }) => Some(s),
        _ => None,
    });
    sqlite
        .and_then(rusqlite::Error::sqlite_error_code)
        .is_some_and(|code| matches!(code, rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase))
}

/// What `truce check` found: SQLite's own check of the file, and Truce's of its contents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckReport {
    pub path: String,
    pub schema_version: i64,
    pub documents: u64,
    /// Problems, each with the table it is in when that is known; empty for a sound store.
    pub problems: Vec<Problem>,
}

/// One problem found by [`SqliteStore::check`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    pub table: Option<String>,
    pub detail: String,
}

/// A document ready to store: its text, sentence spans and fingerprint.
#[derive(Debug, Clone)]
pub struct PreparedDocument {
    pub document: Document,
    pub sentences: Vec<Sentence>,
    pub fingerprint: Fingerprint,
    /// What extraction found in the document, stored with it when it is stored.
    pub records: Vec<RecordRow>,
}

/// One extracted record, as the store keeps it: its kind, the span of its first evidence, and its JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordRow {
    pub kind: String,
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub data: String,
}

impl PreparedDocument {
    pub fn new(document: Document) -> PreparedDocument {
        let sentences = truce_text::sentences(&document.text);
        let fingerprint = Fingerprint::of(&document.text);
        PreparedDocument { document, sentences, fingerprint, records: Vec::new() }
    }
}

/// What happened to one document offered to the store.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum AddOutcome {
    /// Stored as a new story, under `id` (the document's own id, or `id~N` when that id was already
    /// taken by a different text: a revised article keeps both versions).
    Stored { id: String },
    /// Stored under `id`, as a near copy of an earlier document's story.
    NearDuplicate { id: String, of: String, similarity: f64 },
    /// Not stored: the same text is already stored under another id.
    ExactDuplicate { of: String },
    /// Not stored: this very document (same id, same text) is already stored.
    Unchanged,
}

impl AddOutcome {
    /// The id the document was stored under, if it was stored.
    pub fn stored_id(&self) -> Option<&str> {
        match self {
            AddOutcome::Stored { id } | AddOutcome::NearDuplicate { id, .. } => Some(id),
            _ => None,
        }
    }
}

/// Counts of one ingestion run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    pub ingested: u64,
    pub duplicates: u64,
    pub near_duplicates: u64,
    pub failed: u64,
}

impl RunSummary {
    pub fn count(&mut self, outcome: &AddOutcome) {
        match outcome {
            AddOutcome::Stored { .. } => self.ingested += 1,
            AddOutcome::NearDuplicate { .. } => {
                self.ingested += 1;
                self.near_duplicates += 1;
            }
            AddOutcome::ExactDuplicate { .. } | AddOutcome::Unchanged => self.duplicates += 1,
        }
    }
}

impl std::fmt::Display for RunSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ingested {}, duplicates {}, near-duplicates {}, failed {}",
            self.ingested, self.duplicates, self.near_duplicates, self.failed
        )
    }
}

/// A stored document as listed by `truce docs`.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DocumentSummary {
    pub id: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub published_basis: String,
    pub source: Option<String>,
    pub language: Option<String>,
    pub input: String,
    pub input_line: Option<i64>,
    pub format: String,
    pub encoding: String,
    pub sentences: i64,
    pub duplicate_of: Option<String>,
    /// What reading repaired or could not use (see `truce_ingest::Document::notes`).
    pub notes: Vec<String>,
}

/// A stored document with its text.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StoredDocument {
    #[serde(flatten)]
    pub summary: DocumentSummary,
    pub text: String,
    pub url: Option<String>,
}

/// Filters for listing documents.
#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    pub since: Option<String>,
    pub until: Option<String>,
    pub source: Option<String>,
    pub limit: Option<usize>,
}

/// One sentence that matched a search.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SearchHit {
    pub document: String,
    pub title: Option<String>,
    pub published: Option<String>,
    /// Byte span of the sentence in the document's text.
    pub start: i64,
    pub end: i64,
    pub sentence: String,
    /// Byte spans, within `sentence`, of the words the query matched.
    pub matches: Vec<(usize, usize)>,
}

/// A place of a GeoNames dump, as the store keeps it, with the lookup keys (folded name, consonant
/// skeleton) of each of its names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GazetteerEntry {
    pub geonameid: i64,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub feature_code: String,
    pub country: String,
    pub admin1: String,
    pub population: i64,
    pub alternatenames: Vec<String>,
    #[serde(skip)]
    pub keys: Vec<(String, String)>,
}

/// Where Truce keeps what it has read.
pub trait Store {
    /// Opens an ingestion run; its id is recorded with every document and failure of the run.
    fn begin_run(&mut self, command: &str, inputs: &[String]) -> Result<i64>;
    /// Closes a run with its counts.
    fn finish_run(&mut self, run: i64, summary: &RunSummary) -> Result<()>;
    /// Adds a batch of documents in one transaction: all are stored, or none.
    fn add_documents(&mut self, run: i64, batch: &[PreparedDocument]) -> Result<Vec<AddOutcome>>;
    /// Records an input that could not be read.
    fn record_failure(&mut self, run: i64, failure: &InputError) -> Result<()>;
    /// Full-text search over sentences, best matches first.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>>;
    /// Lists stored documents, newest publication first.
    fn documents(&self, filter: &DocumentFilter) -> Result<Vec<DocumentSummary>>;
    /// One document by id.
    fn document(&self, id: &str) -> Result<Option<StoredDocument>>;
    /// Number of stored documents.
    fn document_count(&self) -> Result<u64>;
}
