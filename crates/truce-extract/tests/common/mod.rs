//! What the data-driven tests share: the cases of a case file, and a document made from a case's text.

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

/// The `[[case]]` tables of a case file (`file` names it in errors), each read as `C`; a key the case
/// type does not know is an error, as in the tables themselves.
#[allow(dead_code)] // Every test binary includes this module; not every one reads a case file.
pub fn cases<C: serde::de::DeserializeOwned>(text: &str, file: &str) -> Vec<C> {
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct CaseFile<C> {
        case: Vec<C>,
    }
    let parsed: CaseFile<C> = toml::from_str(text).unwrap_or_else(|e| panic!("{file} does not parse: {e}"));
    parsed.case
}
