//! The report stage: what Truce tells a reader, as typed values that the command line prints and the
//! HTTP server serves, so that both say the same thing.
//!
//! Owns: the status rows of every agreement (with the proposal an agreement came from), an agreement's
//! timeline as of a date, violation lists, the analyst's brief (built as a [`brief::Brief`] value and
//! rendered as Markdown with footnotes, as a printable HTML page, or as JSON), and the exports of
//! merged events (ACLED's CSV with all of its columns, GeoJSON with the pack's zones, JSON lines), each
//! written row by row. It reads the assessment through `truce_assess::persist::read` and never
//! indexes JSON by string: every value it shows comes from a typed record.

pub mod brief;
pub mod export;
pub mod lookup;
pub mod status;
mod text;

pub use brief::{Brief, BriefIndex};
pub use export::{ACLED_COLUMNS, AcledRow, ExportFormat};
pub use status::{StatusRow, Timeline};

/// What can go wrong making a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The agreement named is not in the store (a usage error: the reader asked for something absent).
    #[error("no agreement {id:?} in the store{}", nearest_ones(known))]
    UnknownAgreement { id: String, known: Vec<String> },
    /// A name given to a filter that neither the store nor the pack knows (a usage error, as above).
    #[error("no {what} {name:?} in the store or the pack{}", nearest_ones(nearest))]
    UnknownName { what: &'static str, name: String, nearest: Vec<String> },
    /// The store could not be read.
    #[error(transparent)]
    Read(#[from] anyhow::Error),
    /// The report could not be written.
    #[error("writing the report: {0}")]
    Write(#[from] std::io::Error),
}

impl From<rusqlite::Error> for ReportError {
    fn from(e: rusqlite::Error) -> Self {
        ReportError::Read(e.into())
    }
}

impl From<serde_json::Error> for ReportError {
    fn from(e: serde_json::Error) -> Self {
        ReportError::Write(e.into())
    }
}

/// "; nearest: a, b" for an error message, or nothing when nothing is known.
fn nearest_ones(names: &[String]) -> String {
    if names.is_empty() { String::new() } else { format!("; nearest: {}", names.join(", ")) }
}

pub type Result<T, E = ReportError> = std::result::Result<T, E>;
