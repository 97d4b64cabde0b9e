//! Marking the words of a sentence that a full-text query matched.
//!
//! The sentence index is contentless (its text lives once, in the document), so FTS5's `highlight()`
//! cannot be used; this folds words the way the index's tokenizer does (`unicode61`, diacritics
//! removed, case folded) and compares them with the query's terms.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The terms of an FTS5 query, folded, with a flag for prefix terms (`cease*`).
pub struct QueryTerms {
    terms: Vec<(String, bool)>,
}

const OPERATORS: &[&str] = &["AND", "OR", "NOT", "NEAR"];

impl QueryTerms {
    pub fn of(query: &str) -> QueryTerms {
        let mut terms = Vec::new();
        for raw in query.split(|c: char| c.is_whitespace() || matches!(c, '"' | '(' | ')' | '+' | '^' | ',')) {
            if raw.is_empty() || OPERATORS.contains(&raw) || raw.starts_with("NEAR/") {
                continue;
            }
            // A column filter such as `text:word`.
            let raw = raw.rsplit(':').next().unwrap_or(raw);
            let prefix = raw.ends_with('*');
            for word in words(raw.trim_end_matches('*')) {
                terms.push((fold(word.2), prefix));
            }
        }
        QueryTerms { terms }
    }

    /// Byte spans of the words of `sentence` that match a term.
    pub fn matches(&self, sentence: &str) -> Vec<(usize, usize)> {
        words(sentence)
            .filter(|(_, _, word)| {
                let folded = fold(word);
                self.terms.iter().any(
                    |(term, prefix)| {
                        if *prefix { folded.starts_with(term.as_str()) } else { folded == *term }
                    },
                )
            })
            .map(|(start, end, _)| (start, end))
            .collect()
    }
}

/// Words as unicode61 sees them: runs of letters, digits and marks.
fn words(text: &str) -> impl Iterator<Item = (usize, usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let in_word = c.is_alphanumeric() || is_combining_mark(c);
        match (in_word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len(), &text[s..]));
    }
    out.into_iter()
}

fn fold(word: &str) -> String {
    word.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked<'a>(query: &str, sentence: &'a str) -> Vec<&'a str> {
        QueryTerms::of(query).matches(sentence).into_iter().map(|(s, e)| &sentence[s..e]).collect()
    }

    #[test]
    fn marks_words_prefixes_and_phrases_folding_case_and_diacritics() {
        assert_eq!(marked("warplanes", "No Warplanes flew; warplanes rested."), vec!["Warplanes", "warplanes"]);
        assert_eq!(marked("cease*", "The ceasefire and cease-fire held."), vec!["ceasefire", "cease"]);
        assert_eq!(marked("\"ground fire\" AND killed", "Ground fire killed one."), vec!["Ground", "fire", "killed"]);
        assert_eq!(marked("qardahah", "Near Al Qardāḩah town."), vec!["Qardāḩah"]);
        assert_eq!(marked("text:Idlib OR Hama", "Idlib and Hama."), vec!["Idlib", "Hama"]);
    }
}
