//! Cue words that more than one rule reads, defined once: the modals, conditional words and condition
//! connectives that make a clause say something did not happen, or not yet, or only if. Each rule builds
//! its pattern from these groups and names, beside it, the words only it adds and why.

/// Modals of possibility and obligation: a clause with one ("would strike", "must withdraw") asserts
/// nothing that happened. "may" is apart: capitalised, it is also the month.
pub(crate) const HEDGES: &str = r"would|could|might|should|must";

/// Modals of the future: an event that "will" happen has not; an agreement that "will" start is still an
/// agreement, so only the event rules read these.
pub(crate) const FUTURES: &str = r"shall|will";

/// Words that make what follows a condition or an open question.
pub(crate) const IF_WORDS: &str = r"if|unless|whether";

/// Connectives that open the antecedent of a condition ("on condition that", "as long as", "in return
/// for"); `if` and `unless` among them.
pub(crate) const CONDITION_CONNECTIVES: &str = r"on\s+(?:the\s+)?condition\s+(?:that|of)|conditional\s+on|provided\s+(?:that)?|only\s+if|if|unless|as\s+long\s+as|depends\s+on|dependent\s+on|contingent\s+(?:up)?on|in\s+(?:return|exchange)\s+for";

/// The letters of a word in a rule that counts words (`(?:[\w-]+\s+){0,12}`), to put inside a class in
/// place of `\w`: ASCII letters and digits, `_`, and the accented Latin letters of names (Latin-1 and Latin
/// Extended-A/B). Unicode's `\w` under a counted repetition makes the lazy DFA build new states on every
/// clause (callgrind: tens of thousands of instructions per search); this class keeps it small. A word in
/// another script ends the count, as a punctuation mark does; English reports' words are in this class.
pub(crate) const LATIN_WORD_CHAR: &str = r"0-9A-Za-z_\u{C0}-\u{D6}\u{D8}-\u{F6}\u{F8}-\u{24F}";

/// `pattern` with every `\w` read as a Latin word letter (`LATIN_WORD_CHAR`): inside a class the ranges
/// take its place, outside a class of them does. A class that holds them is exempt from case folding
/// (`(?-i:…)`): it has both cases of its letters already, and folding under `(?i)` would only add far
/// letters (the Kelvin sign, Latin Extended-C) whose UTF-8 forms multiply the automaton under counted
/// repetitions. Written by hand because the regex crate has no switch for it (`(?-u:\w)` would drop the
/// accented letters of names) and the pattern language needs only this much: an escape is two
/// characters, a class opens at an unescaped `[` and closes at the next unescaped `]` (one right after the
/// opening `[` or `[^` is a literal). Nested classes are not written in Truce's rules.
pub(crate) fn latin_words(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 64);
    // The class being read, and whether it holds `\w`; text goes to it while it is open.
    let mut class: Option<(String, bool)> = None;
    fn into<'a>(out: &'a mut String, class: &'a mut Option<(String, bool)>) -> &'a mut String {
        class.as_mut().map_or(out, |(text, _)| text)
    }
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('w') => match class.as_mut() {
                    Some((text, holds_word)) => {
                        text.push_str(LATIN_WORD_CHAR);
                        *holds_word = true;
                    }
                    None => {
                        out.push_str("(?-i:[");
                        out.push_str(LATIN_WORD_CHAR);
                        out.push_str("])");
                    }
                },
                Some(e) => {
                    let target = into(&mut out, &mut class);
                    target.push('\\');
                    target.push(e);
                }
                None => into(&mut out, &mut class).push('\\'),
            },
            '[' if class.is_none() => {
                let mut text = String::from("[");
                if chars.peek() == Some(&'^') {
                    chars.next();
                    text.push('^');
                }
                // A `]` right after the opening is a literal.
                if chars.peek() == Some(&']') {
                    chars.next();
                    text.push(']');
                }
                class = Some((text, false));
            }
            ']' if class.is_some() => {
                let (text, holds_word) = class.take().expect("in a class");
                if holds_word {
                    out.push_str("(?-i:");
                }
                out.push_str(&text);
                out.push(']');
                if holds_word {
                    out.push(')');
                }
            }
            _ => into(&mut out, &mut class).push(c),
        }
    }
    // An unclosed class is the regex parser's error to report.
    if let Some((text, _)) = class {
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each group is a valid alternation of words that match as words, and the groups do not repeat
    /// one another's words.
    #[test]
    fn groups_are_distinct_alternations() {
        let groups = [HEDGES, FUTURES, IF_WORDS, "may"];
        for g in groups {
            assert!(crate::re(&format!(r"(?i)\b(?:{g})\b")).is_ok(), "{g}");
        }
        let words: Vec<&str> = groups.iter().flat_map(|g| g.split('|')).collect();
        let mut unique = words.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), words.len(), "a word in two groups: {words:?}");
        let connective = crate::re(&format!(r"(?i)\b(?:{CONDITION_CONNECTIVES})\b")).unwrap();
        let latin_word = crate::re(&format!(r"^[{LATIN_WORD_CHAR}]+$")).unwrap();
        for (word, is) in
            [("Sheikh", true), ("Gül", true), ("Łódź", true), ("al_3", true), ("حلب", false), ("two-day", false)]
        {
            assert_eq!(latin_word.is_match(word), is, "{word}");
        }
        for (text, is) in [
            ("on condition that the shelling stops", true),
            ("as long as the other side complies", true),
            ("in return for the release of prisoners", true),
            ("conditioned by nothing", false),
            ("the truce held", false),
        ] {
            assert_eq!(connective.is_match(text), is, "{text}");
        }
    }

    /// `\w` becomes the Latin class outside a class and its ranges inside one; escapes and literal
    /// brackets are left alone.
    #[test]
    fn latin_words_replaces_word_classes() {
        const L: &str = LATIN_WORD_CHAR;
        for (pattern, expected) in [
            (r"\w+", format!("(?-i:[{L}])+")),
            (r"[\w'’-]+", format!("(?-i:[{L}'’-])+")),
            (r"(?:\w+\s+)?[\w'’-]+\[\w", format!(r"(?:(?-i:[{L}])+\s+)?(?-i:[{L}'’-])+\[(?-i:[{L}])")),
            (r"[]\w]\W\\w", format!(r"(?-i:[]{L}])\W\\w")),
            (r"[^\w\s]", format!(r"(?-i:[^{L}\s])")),
            (r"[a-z]\b", r"[a-z]\b".to_string()),
            (r"no words", "no words".to_string()),
        ] {
            assert_eq!(latin_words(pattern), expected, "{pattern}");
            assert!(crate::re(pattern).is_ok(), "{pattern}");
        }
        // Under `(?i)` the class still matches both cases.
        let word = crate::re(r"(?i)^\w+ ÉTÉ$").unwrap();
        assert!(word.is_match("GÜL été") && word.is_match("gül ÉTÉ"));
        let word = crate::re(r"^\w+$").unwrap();
        assert!(word.is_match("Gül") && !word.is_match("حلب"));
    }
}
