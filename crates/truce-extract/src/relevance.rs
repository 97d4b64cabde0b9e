//! Whether a document reports armed conflict at all: a recipe, a product review, a story, a game's plot
//! or a sports page yields no events and no agreements, whatever its words ("shells of various nuts", "a
//! battle against winter"). An article about fighting or a ceasefire speaks of it throughout; a page that
//! uses such a word in passing does not.

use std::sync::LazyLock;

use regex::Regex;

use crate::context::DocContext;

/// Words of fighting, its actors and its ending (a table of patterns, not of documents). A sentence
/// speaks of armed conflict with one of these...
static CONFLICT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:kill(?:s|ed|ing)?|wounded|air\s*strikes?|airstrikes?|air\s*raids?|shell(?:ing|ed)|bombard(?:ment|ed)|clash(?:es|ed)|militants?|rebels?|troops|soldiers|insurgents?|cease-?fire|truce|hostilities|humanitarian\s+pauses?|armistices?|artillery|rockets?|missiles?|gunmen|militias?|jihadists?|army|military|fighters|casualties|chemical\s+(?:attacks?|weapons?)|massacres?|besieged|siege|suicide\s+bomb\w*|car\s+bombs?|terrorists?|jets|warplanes|helicopters|bombs|seiz(?:e|es|ed|ing)|captur(?:e|es|ed|ing)|pounded|memorandum|de-?escalation|buffer\s+zones?|demilitari[sz]ed)\b").unwrap()
});

/// ...or with two of these, which other pages use alone ("a cyber attack", "a war of words", "sales
/// forces", "dead links").
static WEAK_CONFLICT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:attack(?:s|ed)?|war|forces|armed|strikes|dead|injured|violence|raids?|bomb(?:s|ing|ed)?|fighting|offensive)\b").unwrap()
});

/// Whether a sentence (or title) speaks of armed conflict.
fn speaks_of_conflict(text: &str) -> bool {
    CONFLICT_WORDS.is_match(text) || WEAK_CONFLICT_WORDS.find_iter(text).nth(1).is_some()
}

/// The pack's actor types that are armed forces (a state's name is as common in economic news).
const FIGHTING_KINDS: &[&str] = &[
    "state_armed_forces",
    "rebel_group",
    "jihadist_group",
    "pro_government_militia",
    "foreign_militia",
    "private_military_company",
];

/// Whether a span names an agreement or zone of the pack, or an armed force by its proper name.
fn names_conflict(ctx: &DocContext, start: usize, end: usize) -> bool {
    ctx.names_in(start, end).any(|m| {
        m.entries.iter().any(|e| match e.entity {
            truce_pack::Entity::Agreement(_) | truce_pack::Entity::Zone(_) => true,
            truce_pack::Entity::Actor(i) => !e.generic && FIGHTING_KINDS.contains(&ctx.pack.actors[i].kind.as_str()),
            _ => false,
        })
    })
}

/// A document of this many counted sentences or fewer (a headline, a dispatch) reports fighting with
/// any one word of it.
const SHORT: usize = 3;

/// An article about armed conflict names it in at least this share of its sentences (of four words or
/// more); a page using such a word in passing stays below it.
pub const MIN_SHARE: f64 = 0.1;

/// Sentences shorter than this many words (headings, captions, menu items) are not counted.
const MIN_WORDS: usize = 4;

/// Whether the document reports armed conflict, and why (or why not).
pub(crate) fn relevance(ctx: &DocContext) -> (bool, String) {
    let mut counted = 0usize;
    let mut naming = 0usize;
    let mut weak = 0usize;
    for (i, s) in ctx.sentences.iter().enumerate() {
        let text = ctx.sentence_text(i);
        if text.split_whitespace().count() < MIN_WORDS {
            continue;
        }
        counted += 1;
        naming += usize::from(speaks_of_conflict(text) || names_conflict(ctx, s.start, s.end));
        weak += usize::from(WEAK_CONFLICT_WORDS.is_match(text));
    }
    // A title that names fighting counts as one more such sentence: a short dispatch is its headline.
    if let Some(title) = &ctx.doc.title
        && speaks_of_conflict(title)
    {
        counted += 1;
        naming += 1;
    }
    let share = naming as f64 / counted.max(1) as f64;
    let relevant = (naming > 0 && share >= MIN_SHARE) || (counted <= SHORT && naming + weak > 0);
    let why = format!(
        "{naming} of {counted} sentences speak of fighting, its actors or a ceasefire ({:.0} %; {} {:.0} %)",
        share * 100.0,
        if relevant { "at least" } else { "below" },
        MIN_SHARE * 100.0
    );
    (relevant, why)
}
