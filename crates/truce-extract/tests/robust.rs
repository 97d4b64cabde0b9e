//! The rules never fault on real text bent out of shape: the FA-KES articles and the seeds with
//! multi-byte characters wedged next to every name and number, cut at odd places, or run together.

use truce_extract::Extractor;
use truce_ingest::{ReadOptions, read_inputs};

fn shared() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// Variants of a text that have broken byte-offset arithmetic before: a dash or an accented letter
/// before every capital and digit, the text cut mid-word, and the text without any line breaks.
fn variants(text: &str) -> Vec<String> {
    let mut dashed = String::with_capacity(text.len() * 2);
    let mut accented = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_uppercase() || c.is_ascii_digit() {
            dashed.push_str("– ");
            accented.push('é');
        }
        dashed.push(c);
        accented.push(c);
    }
    let mut cut = text.len() * 2 / 3;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    vec![dashed, accented, text[..cut].to_owned(), text.replace('\n', " ")]
}

#[test]
fn bent_texts_never_fault_the_rules() {
    let extractor = Extractor::new(truce_pack::Pack::builtin("syria").unwrap());
    let inputs = [shared().join("corpus/seeds"), shared().join("corpus/fakes-dev/docs.jsonl")];
    let paths: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    let mut checked = 0;
    for doc in read_inputs(&paths, ReadOptions::default()).filter_map(Result::ok).take(150) {
        for text in variants(&doc.text) {
            let mut bent = doc.clone();
            bent.text = text;
            if let Err(e) = extractor.try_extract(&bent, None) {
                panic!("{e}");
            }
            checked += 1;
        }
    }
    assert!(checked >= 400, "only {checked} texts checked");
}

/// Texts a fuzzer or a reader turned up that once faulted a rule, each now a case of its own.
const FAULTED_BEFORE: &[&str] = &[
    // An agreement mention that runs across a sentence the segmenter ends at a bare question mark.
    "final statement of?the 13th round",
    "The joint statement of?the third round of talks",
    // A straight quotation mark after a two-byte letter: the next quotation's opening mark was taken
    // to be three bytes wide (a curly one), and the attribution window ended inside the "é" (fuzz).
    "\"we hold it\"é \"ok\" said Ali.",
];

#[test]
fn texts_that_faulted_before_extract_cleanly() {
    let extractor = Extractor::new(truce_pack::Pack::builtin("syria").unwrap());
    for text in FAULTED_BEFORE {
        let doc = truce_ingest::Document {
            id: "case".into(),
            title: None,
            text: (*text).into(),
            url: None,
            source: None,
            language: Some("en".into()),
            published: truce_ingest::parse_date_field("2019-08-01", "test"),
            dateline: None,
            notes: Vec::new(),
            origin: truce_ingest::Origin {
                input: "test".into(),
                line: None,
                format: truce_ingest::Format::Text,
                encoding: "UTF-8",
                bytes: text.len(),
            },
        };
        if let Err(message) = extractor.try_extract(&doc, None) {
            panic!("{text:?}: {message}");
        }
    }
}
