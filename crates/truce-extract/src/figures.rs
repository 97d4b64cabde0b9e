//! Figures: how many were killed, wounded, displaced; how many live somewhere or fled abroad; with the
//! qualifier the text gives ("at least", "nearly"), who they are, and who says so.

use std::sync::LazyLock;

use regex::Regex;

use crate::context::DocContext;
use crate::numbers::counts;
use crate::records::{Fields, FigureRecord, Provenance};

/// Words after a count that say what it measures: "300,000 people were displaced", "1,500 fighters".
static MEASURE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^\s*(?:(?P<who>[A-Za-z][\w’'-]*(?:\s+[a-z][\w’'-]*){0,3}?)\s+)?(?:(?:were|was|have\s+been|had\s+been|are|is|being|got)\s+)?(?:(?P<killed>killed|dead|died|lost\s+their\s+lives|perished|slain|martyred|deaths|lives\b)|(?P<wounded>wounded|injured|hurt)|(?P<displaced>displaced|fled|uprooted|forced\s+(?:to\s+flee|from\s+their\s+homes))|(?P<residents>residents|inhabitants|live\s+(?:in|there))|(?P<refugees>refugees))\b").unwrap()
});
/// Words before a count that say what it measures: "killing hundreds", "displacing more than 400,000".
static MEASURE_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:(?P<killed>kill(?:ed|ing|s)|claimed\s+the\s+lives\s+of|claimed|death\s+toll\s+(?:\w+\s+){0,3}?(?:to|at|of|reached)|toll\s+(?:rose|climbed)\s+to|total\s+(?:number\s+of\s+)?(?:deaths|dead|fatalities)(?:\s+[\w-]+){0,3}?\s+(?:to|at|of|reached))|(?P<wounded>wound(?:ed|ing|s)|injur(?:ed|ing|es))|(?P<displaced>displac(?:ed|ing|es)|uproot(?:ed|ing))|(?P<residents>hosts?|home\s+to|population\s+of)|(?P<refugees>sheltering))\s+(?:(?:an?|the|some)\s+)?(?:[a-z]+\s+){0,1}$").unwrap()
});
/// A count inside a list that repeats the measure of the count before it: "killing almost 1,500
/// fighters, among them over 600 government troops".
static INCLUDING: LazyLock<Regex> =
    LazyLock::new(|| crate::re(r"(?i)\b(?:including|among\s+them|among\s+whom|of\s+them|of\s+whom)\s+$").unwrap());
/// A source of the figure: "according to the Syrian Observatory", "..., the UN said".
static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)(?:according\s+to\s+(?:the\s+)?(?P<a>[^,.;]{3,80}))|(?:,\s*(?:the\s+)?(?P<b>[A-Z][^,.;]{2,80}?)\s+(?:said|says|reported|reports)\b)").unwrap()
});

pub fn extract(ctx: &DocContext) -> Vec<FigureRecord> {
    let mut out = Vec::new();
    for (i, s) in ctx.sentences.iter().enumerate() {
        let sentence = s.text(ctx.text);
        let mut previous: Option<&'static str> = None;
        for count in counts(sentence) {
            if (1900..2100).contains(&count.value)
                && count.qualifier == "exact"
                && !sentence[count.start..count.end].contains(',')
            {
                continue;
            }
            let before = crate::tail(&sentence[..count.start], 120);
            let after = &sentence[count.end..];
            // "The six days of shelling killed 75": a length of time is no figure.
            static TIME_AFTER: LazyLock<Regex> =
                LazyLock::new(|| crate::re(r"(?i)^[\s-]*(?:days?|weeks?|months?|years?|hours?)\b").unwrap());
            if TIME_AFTER.is_match(after) {
                continue;
            }
            let (measure, who) = if let Some(c) = MEASURE_AFTER.captures(after) {
                (measure_of(&c), c.name("who").map(|w| w.as_str().to_owned()))
            } else if let Some(c) = MEASURE_BEFORE.captures(before) {
                // "killed 950 fighters, 40 civilians": the word, without the comma that ends it.
                let who = after
                    .split_whitespace()
                    .next()
                    .map(|w| w.trim_end_matches([',', '.', ';', ':']))
                    .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_alphabetic()))
                    .map(str::to_owned);
                (measure_of(&c), who)
            } else if INCLUDING.is_match(before) && previous.is_some() {
                let who: String = after.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
                (previous, Some(who))
            } else {
                (None, None)
            };
            let Some(measure) = measure else { continue };
            previous = Some(measure);
            let start = s.start + count.start;
            let end = s.start + count.end;
            let mut fields = Fields::new();
            fields.insert("value", Provenance::span(start, end));
            let source = SOURCE
                .captures(sentence)
                .and_then(|c| c.name("a").or(c.name("b")))
                .map(|m| m.as_str().trim().to_owned());
            out.push(FigureRecord {
                doc: ctx.doc.id.clone(),
                measure,
                value: count.value,
                qualifier: count.qualifier,
                who: who.map(|w| w.trim().to_owned()).filter(|w| !w.is_empty()),
                place: None,
                period: None,
                running_total: crate::totals::running_total(crate::totals::toll_phrase(sentence, count.end)),
                source,
                evidence: vec![ctx.evidence(i)],
                fields,
            });
        }
    }
    out
}

fn measure_of(c: &regex::Captures) -> Option<&'static str> {
    ["killed", "wounded", "displaced", "residents", "refugees"].into_iter().find(|m| c.name(m).is_some())
}
