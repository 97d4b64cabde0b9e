//! Direct quotations and who said them.
//!
//! A quotation is the text between quotation marks (curly or straight, paired within a paragraph). Its
//! speaker is found, in order: in the attribution after it ("...," said Ahmad Toma; "...," he told Al
//! Jazeera), in the attribution before it (Lavrov said: "..."), as the source of reported speech around
//! a partial quote (the envoy called the deal a "rare chance"; ..., according to X), or,
//! for a paragraph that is only a quotation, as the speaker of the quotation before it. "He" and "she"
//! are the last speaker named.

use std::sync::LazyLock;

use regex::Regex;
use truce_pack::{Entity, NameMatch};

use crate::context::DocContext;
use crate::records::{Fields, Provenance, QuoteRecord};

/// Words that cannot describe a speaker before their name: "of Deir Sharqi it said" names a place.
const FUNCTION_WORDS: [&str; 16] =
    ["of", "in", "from", "at", "on", "to", "into", "near", "the", "and", "but", "or", "it", "he", "she", "they"];

/// Verbs that introduce speech.
const SPEECH: &str = r"said|says|say|told|added|stressed|noted|explained|warned|asked|insisted|declared|stated|announced|argued|cautioned|continued|emphasised|emphasized|reiterated|pointed\s+out|wrote|tweeted|quoted|cited|described|called|urged|affirmed|confirmed|claimed|replied|responded|remarked|commented|concluded";

// The speaker's words are matched without a count ("{1,120}") and cut to their length in code
// (`WHO_CHARS`, `first_chars`, `last_chars`): a counted repetition of a class this wide makes the lazy
// automaton build new states for nearly every document (callgrind), and for these anchored rules the
// cut gives the same span.

/// The most characters a speaker's words take, by rule: after the verb ("said X"), before it in the
/// sentence opening after the quotation ("X said"), before it in the sentence, closing the sentence.
const WHO_CHARS: [usize; 4] = [120, 100, 120, 80];
/// The most characters of the object of "quoted"/"cited" ("Sputnik quoted a field officer").
const OBJECT_CHARS: usize = 100;

static AFTER_VERB_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(&format!(r"(?i)^[\s,]*(?:{SPEECH})\b(?:\s+(?:in|on|at|during)\s+[^,.]{{0,40}})?\s+(?P<who>[^,.;:]+)"))
        .unwrap()
});
static AFTER_NAME_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(&format!(r"(?i)^[\s,]*(?P<who>[^,.;:“”\x22]+?)\s+(?P<verb>was\s+quoted\s+as\s+saying|(?:{SPEECH}))\b(?P<object>\s+[^,.;:]+)?")).unwrap()
});
static BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(&format!(r"(?i)(?P<who>[^,.;:“”\x22]+?)\s+(?:{SPEECH})\b(?:\s+\w+){{0,3}}?(?:\s+that)?\s*[:,]?\s*$"))
        .unwrap()
});
/// "..., the Pentagon said in a statement": an attribution closing the sentence.
static SENTENCE_FINAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(&format!(r"(?i),\s*(?P<who>[^,.;:“”\x22]{{2,}}?)\s+(?:{SPEECH})\b[^,.;]{{0,60}}[.!?]?\s*$")).unwrap()
});
/// A pronoun as the subject of speech before a quotation: "He added that ...", "he described it as".
static PRONOUN_SPEAKS: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(&format!(r"(?i)\b(?:he|she)\s+(?:\w+\s+)?(?:{SPEECH}|welcomed|rejected|dismissed|hailed)\b")).unwrap()
});
/// Words of speech or attribution anywhere in a sentence.
static ATTRIBUTED: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(&format!(r"(?i)\b(?:{SPEECH}|according\s+to|statement|communiqu[eé]|states)\b")).unwrap()
});
static ACCORDING_TO: LazyLock<Regex> =
    LazyLock::new(|| crate::re(r"(?i)\baccording\s+to\s+(?P<who>[^,.;]{2,100})").unwrap());
static PRONOUN: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(
        r"(?i)^(?:he|she|they|the\s+(?:official|spokesman|spokeswoman|commander|envoy|minister|diplomat|source))\b",
    )
    .unwrap()
});

/// A quoted span: byte offsets of the words inside the marks.
#[derive(Debug, Clone, Copy)]
struct Span {
    open: usize,
    close: usize,
    paragraph: usize,
}

pub fn extract(ctx: &DocContext) -> Vec<QuoteRecord> {
    let spans = quoted_spans(ctx.text);
    let mut out = Vec::new();
    let mut last_speaker: Option<(String, Option<String>, Option<String>, Provenance)> = None;
    let mut previous_paragraph_speaker: Option<(usize, Speaker)> = None;
    for (n, span) in spans.iter().enumerate() {
        let inner = ctx.text[span.open..span.close].trim();
        let inner = inner.trim_end_matches([',', ' ']);
        if inner.split_whitespace().count() < 2 || !inner.chars().any(char::is_alphabetic) {
            continue;
        }
        // A quoted name ("National Front for Liberation") is a name, not a quotation.
        if !ctx.pack.lookup(inner).is_empty() {
            continue;
        }
        // Short words in quotation marks with no one speaking are scare quotes.
        let sentence = ctx.sentence_at(span.open).map(|i| ctx.sentence_text(i)).unwrap_or("");
        if inner.split_whitespace().count() <= 5 && !ATTRIBUTED.is_match(sentence) {
            continue;
        }
        let speaker = attribute(ctx, &spans, n, &last_speaker, &previous_paragraph_speaker);
        let mut fields = Fields::new();
        fields.insert("text", Provenance::span(span.open, span.close));
        let (speaker_name, speaker_id, affiliation) = match &speaker {
            Some((name, id, affiliation, prov)) => {
                fields.insert("speaker", prov.clone());
                (Some(name.clone()), id.clone(), affiliation.clone())
            }
            None => (None, None, None),
        };
        if let Some(s) = speaker.clone() {
            last_speaker = Some(s.clone());
            previous_paragraph_speaker = Some((span.paragraph, s));
        }
        let sentence = ctx.sentence_at(span.open).unwrap_or(0);
        out.push(QuoteRecord {
            doc: ctx.doc.id.clone(),
            text: inner.to_owned(),
            speaker: speaker_name,
            speaker_id,
            affiliation,
            evidence: vec![ctx.evidence(sentence)],
            fields,
        });
    }
    out
}

/// Quoted spans, pairing opening and closing marks within a paragraph.
fn quoted_spans(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut paragraph = 0;
    let mut open: Option<(usize, char)> = None;
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        if c == '\n' {
            // A quotation that runs on into the next paragraph has no closing mark here; its words up to
            // the paragraph's end are a quotation all the same.
            if let Some((start, '“')) = open
                && i > start
            {
                spans.push(Span { open: start, close: i, paragraph });
            }
            paragraph += 1;
            open = None;
        }
        match (c, open) {
            ('“', _) => open = Some((i + c.len_utf8(), '“')),
            // Copy-edited text mixes marks: a curly opening may close with a straight mark.
            ('”' | '"', Some((start, _))) => {
                spans.push(Span { open: start, close: i, paragraph });
                open = None;
            }
            ('"', None) if !prev.is_alphanumeric() => open = Some((i + 1, '"')),
            _ => {}
        }
        prev = c;
    }
    spans
}

type Speaker = (String, Option<String>, Option<String>, Provenance);

fn attribute(
    ctx: &DocContext,
    spans: &[Span],
    n: usize,
    last: &Option<Speaker>,
    previous: &Option<(usize, Speaker)>,
) -> Option<Speaker> {
    let span = spans[n];
    let close_mark = span.close + ctx.text[span.close..].chars().next().map(char::len_utf8).unwrap_or(0);
    let open_mark = span.open - ctx.text[..span.open].chars().next_back().map(char::len_utf8).unwrap_or(0);
    // Lines and sentence ends come from tables of the document: a scan from each quotation to the
    // nearest line feed is quadratic in a long text with few line breaks.
    let line_start = ctx.line_start(open_mark);
    let line_end = ctx.line_end(close_mark);
    // Attribution after the quote, up to the next quote or the end of the sentence.
    // The next quotation's opening mark, whatever its width (a straight mark is one byte, a curly one three).
    let next_open = spans
        .get(n + 1)
        .filter(|s| s.paragraph == span.paragraph)
        .map(|s| s.open - ctx.text[..s.open].chars().next_back().map_or(0, char::len_utf8))
        .unwrap_or(line_end);
    let after_end = ctx.sentence_end(close_mark).min(next_open.max(close_mark)).min(line_end);
    let after = &ctx.text[close_mark..after_end];
    // "He" is whoever was named last: a person the pack knows, or the speaker of the quotation before
    // when that one was named later (a doctor, a spokesman the pack does not list).
    let named_at = |s: &Speaker| match s.3 {
        Provenance::Span { span } => Some(span[0]),
        Provenance::Inferred { .. } => None,
    };
    let last_named_before = |at: usize| match (last_person_before(ctx, at), last) {
        (Some(known), Some(spoke)) if named_at(spoke) > named_at(&known) && named_at(spoke) < Some(at) => {
            Some(spoke.clone())
        }
        (Some(known), _) => Some(known),
        (None, spoke) => spoke.clone(),
    };
    // A pronoun's person is named before its sentence: in "He added that X was “...”" X is not "he".
    let sentence_start =
        ctx.sentence_at(open_mark).map(|i| ctx.sentences[i].start).unwrap_or(line_start).max(line_start);
    let last_person = last_named_before(sentence_start);
    let last = &last_person;
    if let Some(c) = AFTER_VERB_FIRST.captures(after) {
        let who = first_chars(c.name("who").unwrap(), WHO_CHARS[0]);
        if let Some(s) = speaker_from(ctx, close_mark + who.0, close_mark + who.1, last) {
            return Some(s);
        }
    } else if let Some(c) = AFTER_NAME_FIRST.captures(after).filter(|c| c["who"].chars().count() <= WHO_CHARS[1]) {
        let verb = c.name("verb").unwrap().as_str().to_ascii_lowercase();
        // "Sputnik quoted a field officer": the one quoted is the speaker.
        let who = match (verb.as_str(), c.name("object")) {
            ("quoted" | "cited", Some(object)) => first_chars(object, OBJECT_CHARS),
            _ => {
                let who = c.name("who").unwrap();
                (who.start(), who.end())
            }
        };
        let first_word = c.name("who").unwrap().as_str().split_whitespace().next().unwrap_or("").to_ascii_lowercase();
        if !["and", "but", "while", "as", "which", "who"].contains(&first_word.as_str())
            && let Some(s) = speaker_from(ctx, close_mark + who.0, close_mark + who.1, last)
        {
            return Some(s);
        }
    }
    if let Some(c) = ACCORDING_TO.captures(after) {
        let who = c.name("who").unwrap();
        if let Some(s) = speaker_from(ctx, close_mark + who.start(), close_mark + who.end(), last) {
            return Some(s);
        }
    }
    let sentence_close = ctx.sentence_end(close_mark);
    if let Some(c) = SENTENCE_FINAL
        .captures(&ctx.text[close_mark..sentence_close.max(close_mark)])
        .filter(|c| c["who"].chars().count() <= WHO_CHARS[3])
    {
        let who = c.name("who").unwrap();
        if let Some(s) = speaker_from(ctx, close_mark + who.start(), close_mark + who.end(), last) {
            return Some(s);
        }
    }
    // Attribution before the quote, within its sentence.
    let before = &ctx.text[sentence_start..open_mark];
    if let Some(c) = BEFORE.captures(before) {
        let who = last_chars(c.name("who").unwrap(), WHO_CHARS[2]);
        if let Some(s) = speaker_from(ctx, sentence_start + who.0, sentence_start + who.1, last) {
            return Some(s);
        }
    }
    // "He added that ... “...”": the pronoun is the last person named before its sentence.
    if PRONOUN_SPEAKS.is_match(before) && last.is_some() {
        return last.clone().map(|(n, id, a, _)| {
            (n, id, a, Provenance::inferred("a pronoun: the last person named before the quotation"))
        });
    }
    // Reported speech around a partial quote: the first person or body named in the sentence.
    if !before.trim().is_empty() || !after.trim().is_empty() {
        let s_end = ctx.sentence_end(close_mark);
        if let Some(s) = first_named_speaker(ctx, sentence_start, s_end.max(close_mark), (open_mark, close_mark)) {
            return Some(s);
        }
    }
    // A paragraph that is only a quotation continues the speaker of the paragraph before.
    if before.trim().is_empty()
        && let Some((paragraph, speaker)) = previous
        && *paragraph + 2 >= span.paragraph
    {
        return Some(speaker.clone());
    }
    None
}

/// The speaker named in `start..end` of the text: a person or body the pack knows (its full name), a
/// pronoun (the last speaker), or the words themselves when they name someone the pack does not know.
fn speaker_from(ctx: &DocContext, start: usize, end: usize, last: &Option<Speaker>) -> Option<Speaker> {
    let words = ctx.text[start..end].trim();
    let trimmed_start = start + (ctx.text[start..end].len() - ctx.text[start..end].trim_start().len());
    if PRONOUN.is_match(words) {
        return last.clone().map(|(n, id, a, _)| {
            (n, id, a, Provenance::inferred("a pronoun: the last person named before the quotation"))
        });
    }
    // A description ("an officer of the government forces", "a military source") is the speaker as such.
    let lower = words.to_ascii_lowercase();
    if (lower.starts_with("a ") || lower.starts_with("an ")) && lower.contains(" of ") {
        return Some((words.to_owned(), None, None, Provenance::span(trimmed_start, trimmed_start + words.len())));
    }
    if let Some(s) = known_speaker(ctx, start, end) {
        return Some(s);
    }
    // Someone the pack does not know: a capitalised name at the start of the words, or after at most two
    // lower-case words that say what they are ("activist Bahaa Halabi", "local resident Abu Ali").
    let particle = |w: &str| ["al-", "bin", "de", "el-", "abu"].iter().any(|p| w.starts_with(p));
    let described = words
        .split_whitespace()
        .take(2)
        .take_while(|w| {
            w.chars().next().is_some_and(char::is_lowercase)
                && !particle(w)
                && !FUNCTION_WORDS.contains(&w.to_ascii_lowercase().as_str())
        })
        .count();
    for skip in [0, described] {
        let Some(first) = words.split_whitespace().nth(skip) else { continue };
        let at = if skip == 0 { 0 } else { words.find(first).unwrap_or(0) };
        let name: String = words[at..]
            .split_whitespace()
            .take_while(|w| w.chars().next().is_some_and(|c| c.is_uppercase()) || particle(w))
            .collect::<Vec<_>>()
            .join(" ");
        if name.split_whitespace().count() >= 2 {
            let (from, len) = (trimmed_start + at, name.len());
            return Some((name, None, None, Provenance::span(from, from + len)));
        }
    }
    // A description ("an officer of the government forces", "a military source").
    let lower = words.to_ascii_lowercase();
    if lower.starts_with("a ") || lower.starts_with("an ") {
        return Some((words.to_owned(), None, None, Provenance::span(trimmed_start, trimmed_start + words.len())));
    }
    None
}

/// The span of a match's first `n` characters: a greedy or start-anchored speaker rule without a count
/// gives the span that the count would have.
fn first_chars(m: regex::Match, n: usize) -> (usize, usize) {
    let len = m.as_str().char_indices().nth(n).map_or(m.len(), |(i, _)| i);
    (m.start(), m.start() + len)
}

/// The span of a match's last `n` characters: an end-anchored rule's leftmost start with a count is the
/// start of these.
fn last_chars(m: regex::Match, n: usize) -> (usize, usize) {
    let from = m.as_str().char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i);
    (m.start() + from, m.end())
}

/// Who states what follows `end` in `start..end` (a sentence up to a condition): the subject of the
/// last verb of speech or of setting terms there ("Prime Minister X warned of more strikes if ..."). A
/// person the pack knows gives the side they speak for, an actor itself; someone it does not know is
/// named as written. A pronoun names nobody here.
pub(crate) fn stating_subject(ctx: &DocContext, start: usize, end: usize) -> Option<String> {
    static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(&format!(
            r"(?i)(?P<who>[^,.;:“”\x22]{{1,120}}?)\s+(?:{SPEECH}|threatened|demanded|offered|vowed|pledged)\b"
        ))
        .unwrap()
    });
    let text = &ctx.text[start..end];
    let who = SUBJECT.captures_iter(text).filter_map(|c| c.name("who")).last()?;
    let (name, _, affiliation, _) = speaker_from(ctx, start + who.start(), start + who.end(), &None)?;
    Some(affiliation.unwrap_or(name))
}

/// The last person named before `offset`, within a few paragraphs: who "he said" refers to.
fn last_person_before(ctx: &DocContext, offset: usize) -> Option<Speaker> {
    let from = offset.saturating_sub(1500);
    let first = ctx.names.partition_point(|n| n.start < from);
    let upto = ctx.names.partition_point(|n| n.start < offset);
    ctx.names[first..upto].iter().rev().find_map(|m| {
        let r = ctx.pack.person_from_entries(&m.entries, ctx.published).filter(|r| !r.by_role)?;
        let affiliation =
            r.role.and_then(|x| x.actor.as_deref()).and_then(|a| ctx.pack.actor(a)).map(|a| a.name.clone());
        Some((
            ctx.fullest_name(&r.person.id, &r.person.name),
            Some(r.person.id.clone()),
            affiliation,
            Provenance::span(m.start, m.end),
        ))
    })
}

/// A person or actor the pack knows, named in `start..end`: people before bodies, earliest first, unless
/// a body opening the words is the subject of a verb before the person ("Russia has supported Mr. X,
/// saying ..."): a body named words apart from a person is no title of theirs ("Russian Foreign
/// Minister X").
fn known_speaker(ctx: &DocContext, start: usize, end: usize) -> Option<Speaker> {
    let on = ctx.published;
    let names: Vec<&NameMatch> = ctx.names_in(start, end).collect();
    let first_person = names.iter().find_map(|m| Some((*m, ctx.pack.person_from_entries(&m.entries, on)?)));
    // Only the first name can open the words; it is the subject when two or more lower-case words part
    // it from the first person.
    let body_subject = match (names.first(), &first_person) {
        (Some(b), Some((p, _))) => {
            b.end <= p.start
                && matches!(ctx.text[start..b.start].trim(), "" | "The" | "the")
                && ctx.actor(b).is_some()
                && ctx.text[b.end..p.start].split_whitespace().filter(|w| w.starts_with(char::is_lowercase)).count()
                    >= 2
        }
        _ => false,
    };
    if let Some((m, r)) = first_person.filter(|_| !body_subject) {
        let affiliation =
            r.role.and_then(|x| x.actor.as_deref()).and_then(|a| ctx.pack.actor(a)).map(|a| a.name.clone());
        return Some((
            ctx.fullest_name(&r.person.id, &r.person.name),
            Some(r.person.id.clone()),
            affiliation,
            Provenance::span(m.start, m.end),
        ));
    }
    for m in &names {
        if m.entries.iter().any(|e| matches!(e.entity, Entity::Place(_)))
            && !m.entries.iter().any(|e| matches!(e.entity, Entity::Actor(_)))
        {
            continue;
        }
        if let Some(r) = ctx.actor(m) {
            let actor = r.actor.speaks_for.as_deref().and_then(|s| ctx.pack.actor(s)).unwrap_or(r.actor);
            return Some((actor.name.clone(), Some(actor.id.clone()), None, Provenance::span(m.start, m.end)));
        }
    }
    None
}

/// The first person (else body) named in the sentence outside the quote, for reported speech.
fn first_named_speaker(ctx: &DocContext, start: usize, end: usize, quote: (usize, usize)) -> Option<Speaker> {
    let before = known_speaker(ctx, start, quote.0);
    let after = known_speaker(ctx, quote.1, end);
    match (&before, &after) {
        (Some((_, _, _, Provenance::Span { .. })), _) => before,
        _ => after.or(before),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_quotation_marks_within_paragraphs() {
        let text = "“One,” he said. \"Two\" and “three\nfour” end.";
        let spans: Vec<&str> = quoted_spans(text).iter().map(|s| &text[s.open..s.close]).collect();
        assert_eq!(spans, vec!["One,", "Two", "three"]);
    }

    /// A cut counts characters, not bytes, from the start or from the end of the match.
    #[test]
    fn speaker_spans_are_cut_by_characters() {
        let text = "so Ḥamāh’s governor said";
        let m = regex::Regex::new("Ḥ.*r").unwrap().find(text).unwrap();
        let first = first_chars(m, 5);
        assert_eq!(&text[first.0..first.1], "Ḥamāh");
        let last = last_chars(m, 8);
        assert_eq!(&text[last.0..last.1], "governor");
        assert_eq!(first_chars(m, 100), (m.start(), m.end()));
        assert_eq!(last_chars(m, 100), (m.start(), m.end()));
    }
}
