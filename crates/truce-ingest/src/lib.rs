//! The ingest stage: turns input files and JSONL streams into [`Document`]s with provenance.
//!
//! Owns: walking inputs (files, directories, `-` for JSONL on standard input), reading each format
//! (`.txt`, `.md` with front matter, `.html`, `.jsonl`), decoding bytes of any common encoding to NFC
//! text, finding the publication date (manifest, metadata, dateline) and fingerprinting the text for
//! copy detection. It does not store anything: the caller decides what to keep.
//!
//! Invariants: a [`Document`]'s `text` is NFC-normalised UTF-8 and is the text every later byte span
//! refers to; a bad input yields an [`InputError`] naming it (and its line, for JSONL) and the iterator
//! goes on with the next input.

mod clean;
mod dateline;
mod decode;
mod fingerprint;
mod html;
mod inputs;

pub use clean::MAX_ID_BYTES;
pub use dateline::{
    Dateline, Published, dateline_at_start, dateline_in_opening, dateline_without_year, month_number, parse_date_field,
};
pub use decode::{DecodeError, Decoded, decode, nfc};
pub use fingerprint::{BANDS, Fingerprint, NEAR_DUPLICATE_THRESHOLD, SIGNATURE_LEN, exact_hash};
pub use html::{HtmlArticle, extract as extract_html};
pub use inputs::{Inputs, ReadOptions, read_inputs, read_jsonl_bytes};

use std::fmt;

/// The format an input was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Jsonl,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Jsonl => "jsonl",
        }
    }
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The path as given (or found under a given directory), or `-` for standard input.
    pub input: String,
    /// 1-based line number within a JSONL input.
    pub line: Option<usize>,
    pub format: Format,
    /// The encoding the bytes were decoded from.
    pub encoding: &'static str,
    /// Size of the input (the line, for JSONL) in bytes.
    pub bytes: usize,
}

/// One article, decoded and normalised, ready for segmentation and storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Stable identifier: the file name without extension, or the `id` of a JSONL record.
    pub id: String,
    pub title: Option<String>,
    /// NFC-normalised text; all byte spans of later stages refer to it.
    pub text: String,
    pub url: Option<String>,
    /// The outlet or agency.
    pub source: Option<String>,
    pub language: Option<String>,
    /// Publication date and how it was found; `None` when nothing says (later stages must not guess).
    pub published: Option<Published>,
    /// Byte span of the dateline the date was read from, if it was.
    pub dateline: Option<(usize, usize)>,
    /// What reading repaired or could not use, each in a sentence: a cut character dropped, control
    /// characters removed, a title cut, a `published` value that is not a date. Stored with the
    /// document and shown by `truce show`.
    pub notes: Vec<String>,
    pub origin: Origin,
}

impl Document {
    /// A document of `text` with nothing else known: no metadata, no date, no notes.
    pub fn new(id: String, text: String, origin: Origin) -> Document {
        Document {
            id,
            title: None,
            text,
            url: None,
            source: None,
            language: None,
            published: None,
            dateline: None,
            notes: Vec::new(),
            origin,
        }
    }
}

/// An input that could not be read, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub input: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.input, line, self.message),
            None => write!(f, "{}: {}", self.input, self.message),
        }
    }
}

impl std::error::Error for InputError {}
