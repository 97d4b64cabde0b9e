//! What the data-driven tests share: a document made from a case's text.

use truce_ingest::{Document, Format, Origin, parse_date_field};

/// A document with this text, title and publication day, as `truce extract` would read it from a
/// JSONL line with no dateline.
pub fn document(text: &str, title: Option<&str>, published: &str) -> Document {
    Document {
        id: "case".into(),
        title: title.map(str::to_owned),
        text: text.into(),
        url: None,
        source: None,
        language: Some("en".into()),
        published: parse_date_field(published, "test"),
        dateline: None,
        notes: Vec::new(),
        origin: Origin { input: "test".into(), line: None, format: Format::Text, encoding: "UTF-8", bytes: text.len() },
    }
}
