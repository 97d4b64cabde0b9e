//! Segmentation measured on the seed articles in `../shared/corpus/seeds` (read at test time).

use std::path::PathBuf;

fn seeds() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/seeds");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (the tests need ../shared beside the checkout)", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    out
}

/// Sentence counts checked by reading the segmented seeds line by line.
const EXPECTED_COUNTS: &[(&str, usize)] = &[
    ("000_223a2ec2f18323c2", 26),
    ("001_0babc60a79826984", 16),
    ("002_0ded4383b175c00b", 35),
    ("003_e7cecda89e75a628", 39),
    ("004_5c82e2da5f2ff8c7", 85),
];

#[test]
fn seed_sentence_counts_match_a_reading_by_hand() {
    let seeds = seeds();
    assert_eq!(seeds.len(), EXPECTED_COUNTS.len());
    for ((name, text), (want_name, want)) in seeds.iter().zip(EXPECTED_COUNTS) {
        assert_eq!(name, want_name);
        assert_eq!(truce_text::sentences(text).len(), *want, "{name}");
    }
}

#[test]
fn seed_sentences_are_clean_spans_that_never_cross_a_paragraph() {
    for (name, text) in seeds() {
        for s in truce_text::sentences(&text) {
            let sentence = s.text(&text);
            assert_eq!(sentence, sentence.trim(), "{name}: untrimmed span {}..{}", s.start, s.end);
            assert!(!sentence.contains('\n'), "{name}: sentence crosses a line break at {}..{}", s.start, s.end);
            // A wrong split after an abbreviation leaves a sentence that starts in lower case (unless it
            // starts a line of its own) or ends on a title.
            let starts_line = text[..s.start].trim_end_matches([' ', '\t']).ends_with('\n') || s.start == 0;
            assert!(starts_line || !sentence.starts_with(|c: char| c.is_lowercase()), "{name}: {sentence:?}");
            for title in ["Gen.", "Dr.", "Mr.", "Lt.", "Col.", "Sen."] {
                assert!(!sentence.ends_with(&format!(" {title}")), "{name}: {sentence:?}");
            }
        }
    }
}
