//! The text stage: splits a document's text into sentences with byte offsets.
//!
//! Owns one thing: where sentences start and end. Every later stage (extraction, search, evidence)
//! refers to text by the byte spans this crate produces, so a span is always a valid `&text[start..end]`
//! slice with no leading or trailing white space.
//!
//! The boundaries come from Unicode's sentence rules (UAX #29, via `unicode-segmentation`), which handle
//! quotation marks and closing brackets after a full stop, lower-case continuations and paragraph breaks.
//! Lines of pure ASCII, most of an English news archive, take a fast path of our own that applies the
//! same rules with a 128-entry table (see [`ascii`]); a test checks it against the crate on random text.
//! It exists because the crate's per-character table search was a fifth of ingestion time.
//! UAX #29 knows nothing of abbreviations, so a small pass of our own joins the pieces it cuts after
//! "Gen.", "Sept. 10", "U.S. Secretary" or "John F. Kennedy". That pass is the only hand-written rule set
//! here; it is written by hand because no maintained crate carries English news abbreviations.

mod ascii;

use serde::Serialize;
use unicode_segmentation::UnicodeSegmentation;

/// A sentence as a byte span of the text it was cut from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
}

impl Sentence {
    /// The sentence's text within `text`, the string it was segmented from.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// Abbreviations after which a capitalised word or a number usually continues the same sentence:
/// titles before names, months before day numbers, and a few others. Compared case-sensitively,
/// without the final full stop.
const CONTINUING_ABBREVIATIONS: &[&str] = &[
    "Gen", "Lt", "Col", "Maj", "Capt", "Cpt", "Sgt", "Cpl", "Adm", "Brig", "Cmdr", "Dr", "Mr", "Mrs", "Ms", "Prof",
    "Sen", "Rep", "Gov", "Pres", "Amb", "Rev", "Sheikh", "St", "Mt", "Ft", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
    "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No", "Nos", "Vol", "Art", "Para", "approx", "vs", "cf", "Jr", "Sr",
    "Inc", "Corp", "Ltd", "Co", "e.g", "i.e", "a.m", "p.m", "Fig",
];

/// Words that, capitalised after an initialism such as "U.S.", almost always open a new sentence.
const SENTENCE_OPENERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "In",
    "On",
    "At",
    "But",
    "And",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "However",
    "Meanwhile",
    "According",
    "After",
    "Before",
    "When",
    "While",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "Some",
    "Many",
    "Most",
    "No",
    "If",
    "As",
    "Since",
    "Earlier",
    "Later",
    "Last",
    "Yesterday",
    "Today",
    "Also",
    "So",
    "Yet",
    "Still",
    "Both",
    "Several",
];

/// Splits `text` into sentences. Spans are trimmed of white space and never empty.
pub fn sentences(text: &str) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::with_capacity(text.len() / 120 + 1);
    for (start, end) in uax29_pieces(text) {
        let Some(span) = trim_span(text, start, end) else {
            continue;
        };
        if let Some(last) = out.last_mut()
            && continues_previous(text, *last, span)
        {
            last.end = span.end;
            continue;
        }
        out.push(span);
    }
    out
}

/// UAX #29 sentence pieces as byte ranges. A line feed always ends a piece and no rule looks across one,
/// so each line is segmented on its own: by the ASCII fast path when it is ASCII, else by the crate.
fn uax29_pieces(text: &str) -> Vec<(usize, usize)> {
    let mut pieces = Vec::new();
    let mut line_start = 0;
    while line_start < text.len() {
        let line_end = text[line_start..].find('\n').map(|i| line_start + i + 1).unwrap_or(text.len());
        let line = &text[line_start..line_end];
        if line.is_ascii() {
            ascii::pieces(line.as_bytes(), line_start, &mut pieces);
        } else {
            pieces.extend(line.split_sentence_bound_indices().map(|(o, p)| (line_start + o, line_start + o + p.len())));
        }
        line_start = line_end;
    }
    pieces
}

fn trim_span(text: &str, start: usize, end: usize) -> Option<Sentence> {
    let piece = &text[start..end];
    let trimmed_start = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if trimmed.is_empty() {
        return None;
    }
    let start = start + trimmed_start;
    Some(Sentence { start, end: start + trimmed.len() })
}

/// Whether `next` is the rest of a sentence that UAX #29 cut after an abbreviation ending `prev`.
fn continues_previous(text: &str, prev: Sentence, next: Sentence) -> bool {
    let gap = &text[prev.end..next.start];
    // A paragraph break always ends a sentence.
    if gap.contains('\n') || gap.contains('\u{2029}') {
        return false;
    }
    let prev_text = prev.text(text);
    let Some(before_dot) = prev_text.strip_suffix('.') else {
        return false;
    };
    let last_word =
        before_dot.rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“').next().unwrap_or("");
    let next_word: &str = next.text(text).split(|c: char| c.is_whitespace() || c == ',').next().unwrap_or("");
    let next_starts_with_digit = next_word.starts_with(|c: char| c.is_ascii_digit());

    if CONTINUING_ABBREVIATIONS.contains(&last_word) {
        // "etc." and months can end a sentence; a title before a name or a month before a day cannot.
        return next_starts_with_digit || !SENTENCE_OPENERS.contains(&next_word);
    }
    // A single capital initial, as in "John F. Kennedy" or "Bashar al-Assad's brother Maher A. al-Assad".
    if last_word.len() == 1 && last_word.chars().all(|c| c.is_ascii_uppercase()) {
        return !SENTENCE_OPENERS.contains(&next_word);
    }
    // Dotted initialisms: U.S., U.N., U.K., E.U.
    if is_dotted_initialism(last_word) {
        return next_starts_with_digit || !SENTENCE_OPENERS.contains(&next_word);
    }
    false
}

/// "U.S" or "U.N" (the final full stop already removed): single letters joined by full stops.
fn is_dotted_initialism(word: &str) -> bool {
    let mut letters = 0;
    for part in word.split('.') {
        if part.chars().count() != 1 || !part.chars().all(char::is_alphabetic) {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).iter().map(|s| s.text(text)).collect()
    }

    #[test]
    fn splits_plain_sentences_and_trims() {
        assert_eq!(
            split("  One thing happened.  Then another!\n\nA third? "),
            vec!["One thing happened.", "Then another!", "A third?"]
        );
    }

    #[test]
    fn keeps_titles_and_months_with_what_follows() {
        assert_eq!(
            split("Gen. Ivanov spoke on Sept. 10 in Geneva. He left."),
            vec!["Gen. Ivanov spoke on Sept. 10 in Geneva.", "He left."]
        );
        assert_eq!(split("Dr. Haddad and Lt. Col. Smith met."), vec!["Dr. Haddad and Lt. Col. Smith met."]);
    }

    #[test]
    fn initialisms_continue_unless_a_new_sentence_opens() {
        assert_eq!(
            split("The U.S. Secretary of State arrived. The talks began."),
            vec!["The U.S. Secretary of State arrived.", "The talks began."]
        );
        assert_eq!(
            split("Aid came from the U.N. The convoy waited."),
            vec!["Aid came from the U.N.", "The convoy waited."]
        );
        assert_eq!(split("U.S. officials said so."), vec!["U.S. officials said so."]);
    }

    #[test]
    fn quotations_close_with_their_sentence() {
        let text = "“We will commit. We will hold,” he said. “Nothing else.” Then silence.";
        assert_eq!(
            split(text),
            vec!["“We will commit.", "We will hold,” he said.", "“Nothing else.”", "Then silence."]
        );
    }

    #[test]
    fn paragraph_breaks_end_sentences_even_after_abbreviations() {
        assert_eq!(
            split("A headline without a stop\nThe body starts here."),
            vec!["A headline without a stop", "The body starts here."]
        );
        assert_eq!(split("Talks with the U.S.\nRussia replied."), vec!["Talks with the U.S.", "Russia replied."]);
    }

    #[test]
    fn spans_are_valid_slices_of_multibyte_text() {
        let text = "قال المرصد إن الغارات توقفت. Ma‘arrat an Nu‘mān was calm. Done";
        let spans = sentences(text);
        assert_eq!(spans.len(), 3);
        for s in &spans {
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            assert!(!s.text(text).trim().is_empty());
        }
    }

    #[test]
    fn empty_and_blank_texts_have_no_sentences() {
        assert!(sentences("").is_empty());
        assert!(sentences(" \n\t ").is_empty());
    }
}
