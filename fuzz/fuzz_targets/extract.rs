//! Bytes as a document's text (lossy UTF-8) through the whole extractor with the built-in Syria pack.
//! The first byte says whether the document has a publication date and which one (`0` none, `1`
//! 10 September 2016, `2` 2 August 2019, `3` 5 March 2020, counting modulo 4), so rules that read
//! dates run both ways. `Extractor::extract` is called, not `try_extract`, which would hide a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use truce_extract::Extractor;
use truce_ingest::{Document, Format, Origin, parse_date_field};

fn extractor() -> &'static Extractor {
    static EXTRACTOR: OnceLock<Extractor> = OnceLock::new();
    EXTRACTOR.get_or_init(|| Extractor::new(truce_pack::Pack::builtin("syria").expect("the built-in Syria pack")))
}

const DATES: [Option<&str>; 4] = [None, Some("2016-09-10"), Some("2019-08-02"), Some("2020-03-05")];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(bytes).into_owned();
    let origin =
        Origin { input: "fuzz".into(), line: None, format: Format::Text, encoding: "UTF-8", bytes: bytes.len() };
    let mut doc = Document::new("fuzz".into(), text, origin);
    doc.language = Some("en".into());
    doc.published = DATES[selector as usize % DATES.len()].and_then(|d| parse_date_field(d, "fuzz"));
    let records = extractor().extract(&doc, None);
    assert!(!records.is_empty(), "every document yields at least its own record");
});
