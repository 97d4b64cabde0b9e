//! Conflict events in ACLED's taxonomy: who did what to whom, where and when, with fatalities.
//!
//! The rules are ours, written for news of war: a clause holds at most one event, named by its most
//! specific trigger ("barrel bombs" before "attack"); a clause that reports something stopping is a
//! `ceased` event; hypotheticals, obligations, conditions, denials and plans are no events at all.
//! Reports of one event within a document merge into one record with several evidence spans.
//!
//! One step per module, in the order a sentence goes through them: `clauses` cuts it and says which
//! clauses cannot report an event; `triggers` finds the words that name one and what each says by
//! itself; `actors`, `places`, `dates` and `tolls` read who, where, when and how many; `merge`
//! joins the reports of one event and writes its record. This file holds the candidate event and the
//! order of the steps.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use truce_pack::{Entity, NameMatch, Place, Via};

use crate::context::DocContext;
use crate::numbers::counts;
use crate::records::{Attribution, AttributionCue, EventRecord, Evidence, Fields, Provenance, ReportedToll};
use crate::time::{Precision, TimeKind, TimeMention};

mod actors;
mod clauses;
mod dates;
mod merge;
mod places;
mod tolls;
mod triggers;

use actors::*;
use clauses::*;
use dates::*;
use merge::*;
use places::*;
use tolls::*;
use triggers::*;

pub use places::main_place;
pub use tolls::{TollPart, fatalities, toll_parts};
pub use triggers::{Specificity, TriggerClass};

/// An event as extracted from one clause, before merging.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub sentence: usize,
    pub status: &'static str,
    pub event_type: &'static str,
    pub sub_event_type: &'static str,
    pub specificity: Specificity,
    pub trigger: (usize, usize),
    pub date: Option<(String, Option<String>, &'static str, Provenance)>,
    pub place: Option<(&'static str, Place, u8, Provenance)>,
    pub actor1: Option<(String, Provenance)>,
    pub actor2: Option<(String, Provenance)>,
    pub fatalities: Option<(u64, Provenance)>,
    /// The parts of a toll given in parts ("nine soldiers and four rebels"), whose sum is `fatalities`.
    pub fatality_parts: Vec<TollPart>,
    /// Every toll the merged reports give, in the order told (`merge::settle_toll` picks one).
    pub tolls: Vec<(u64, Provenance, Vec<TollPart>)>,
    /// The reports give differing tolls and none updates the others: a conflict the record keeps.
    pub toll_conflict: bool,
    /// Who gives each of `tolls` when they conflict.
    pub toll_sources: Vec<Option<String>>,
    /// "the attack": a reference back to an event the document reports, of the document's main kind.
    pub anaphoric: bool,
    /// How sure the choice of actor1 is (higher is surer).
    pub actor_score: i32,
    /// actor1 as someone's claim or accusation (`actors::attribute`), with the span of its cue.
    pub attribution: Option<(Attribution, Provenance)>,
    /// With no attacker named, the second side named as suffering ("45 IS militants and 20 Kurdish
    /// fighters were killed"): if the event proves a clash, the two are its sides.
    pub other_side: Option<(String, Provenance)>,
    /// Ended well before the report (`dates::is_background`): kept with its own fields, never main.
    pub background: bool,
}

/// Every event of a document, merged per distinct event.
pub fn extract(ctx: &DocContext) -> Vec<EventRecord> {
    let mut candidates = Vec::new();
    for i in 0..ctx.sentences.len() {
        candidates.extend(sentence_events(ctx, i));
    }
    let dominant = dominant_kind(&candidates);
    for i in 0..candidates.len() {
        // "The blast struck the crossing. The attack killed 32": an anaphoric mention is the event just
        // reported, if the sentence before reported one of a specific kind.
        // Candidates come in sentence order, so the search back stops at the sentence before: a scan to
        // the document's start for every anaphoric mention would be quadratic in its length.
        if candidates[i].anaphoric
            && let Some(previous) =
                candidates[..i].iter().rev().take_while(|p| p.sentence + 1 >= candidates[i].sentence).find(|p| {
                    p.sentence < candidates[i].sentence
                        && p.specificity.class.names_kind()
                        && p.status == "occurred"
                        && !p.event_type.is_empty()
                })
        {
            let (t, s, specificity) = (previous.event_type, previous.sub_event_type, previous.specificity);
            candidates[i].event_type = t;
            candidates[i].sub_event_type = s;
            // "the attack", "Saturday's attack": that event told again, kept so that what it adds (a place,
            // a toll) joins it. "Their offensive" is another matter.
            let (from, trigger) = (ctx.sentences[candidates[i].sentence].start, candidates[i].trigger);
            let before = ctx.text[from..trigger.0].trim_end().to_ascii_lowercase();
            if is_anaphoric(&before, &ctx.text[trigger.0..trigger.1])
                || before.ends_with("day's")
                || before.ends_with("days")
            {
                candidates[i].specificity = specificity;
            }
            continue;
        }
        let c = &mut candidates[i];
        if c.event_type.is_empty() || c.anaphoric {
            match dominant {
                Some((t, s)) => {
                    c.event_type = t;
                    c.sub_event_type = s;
                }
                None => {
                    c.event_type = "Battles";
                    c.sub_event_type = "Armed clash";
                }
            }
        }
    }
    for c in &mut candidates {
        grounded_without_air_force(ctx, c);
        // "Three SDF soldiers were killed fighting IS": in a clash both sides fight; with no one named as
        // the attacker, the first side named is actor1, as ACLED codes battles.
        if c.sub_event_type == "Armed clash" && c.actor1.is_none() && c.actor2.is_some() {
            if c.specificity.class.names_kind() {
                c.actor1 = c.actor2.take();
                c.actor_score = 0;
            } else if let Some(other) = c.other_side.take() {
                // The first side named suffering is then the first of the clash: the order named.
                c.actor1 = c.actor2.take();
                c.actor2 = Some(other);
                c.actor_score = 0;
            }
        }
    }
    candidates.retain(|c| c.status == "ceased" || c.fatalities.is_some() || c.specificity.class.stands_alone());
    for c in &mut candidates {
        c.background = is_background(ctx, c);
    }
    // A recalled event is kept when the text dates it to the day; one dated by a month or a year ("the
    // conflict that began in March 2011", "the assault launched in April") is context, not an event.
    candidates.retain(|c| !c.background || c.date.as_ref().is_some_and(|d| d.2 == "day" && d.1.is_none()));
    for c in &mut candidates {
        // A toll over several days is a tally, not one event's fatalities.
        if c.date.as_ref().is_some_and(|d| d.1.as_ref().is_some_and(|end| days_between(&d.0, end) > 2)) {
            c.fatalities = None;
            c.fatality_parts.clear();
        }
    }
    merge(ctx, candidates)
}

/// The most specific kind of violence the document reports, for clauses that only say "killed".
fn dominant_kind(candidates: &[Candidate]) -> Option<(&'static str, &'static str)> {
    // How many candidates share each sub-event type, counted once rather than once per candidate.
    let mut support_of: HashMap<&str, usize> = HashMap::new();
    for c in candidates {
        *support_of.entry(c.sub_event_type).or_default() += 1;
    }
    let mut best: Option<(&Candidate, usize)> = None;
    for c in candidates
        .iter()
        .filter(|c| !c.event_type.is_empty() && c.specificity.class.names_kind() && c.status == "occurred")
    {
        let support = support_of[c.sub_event_type];
        let better = match best {
            None => true,
            Some((b, n)) => {
                (support, c.specificity, std::cmp::Reverse(c.sentence))
                    > (n, b.specificity, std::cmp::Reverse(b.sentence))
            }
        };
        if better {
            best = Some((c, support));
        }
    }
    best.map(|(c, _)| (c.event_type, c.sub_event_type))
}

fn sentence_events(ctx: &DocContext, i: usize) -> Vec<Candidate> {
    let base = ctx.sentences[i].start;
    let masked = masked_sentence(ctx, i);
    let sentence = masked.as_str();
    if AGGREGATE.is_match(sentence) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (cs, ce) in clauses(sentence) {
        let clause = &sentence[cs..ce];
        let mut triggers = triggers_in(clause);
        // A capitalised trigger word inside a longer name of an actor or person is part of the name ("the
        // National Front for Liberation"); a lower-case one still tells the event ("Russian warplanes").
        let (at, upto) = (base + cs, base + ce);
        triggers.retain(|t| {
            let (ts, te) = (at + t.start, at + t.end);
            !clause[t.start..].starts_with(|c: char| c.is_uppercase())
                || !ctx.names_in(at, upto).any(|n| {
                    n.start <= ts
                        && te <= n.end
                        && n.end - n.start > te - ts
                        && n.entries
                            .iter()
                            .any(|e| matches!(e.entity, Entity::Actor(_) | Entity::Person(_)) && !e.generic)
                })
        });
        // The most specific trigger names the event; "killed" alone only when nothing else does.
        let Some(best) =
            triggers.iter().max_by_key(|t| (TRIGGERS[t.kind].specificity(), std::cmp::Reverse(t.start))).copied()
        else {
            continue;
        };
        // Anti-tank and guided missiles are weapons of ground battle: with a clash word, the event is a clash.
        static GROUND_WEAPON: LazyLock<Regex> =
            LazyLock::new(|| crate::re(r"(?i)\b(?:anti-?(?:armou?r|tank)|guided|tow)\s*$").unwrap());
        let best = match triggers
            .iter()
            .find(|t| TRIGGERS[t.kind].class.names_kind() && TRIGGERS[t.kind].sub_event_type == "Armed clash")
        {
            Some(clash)
                if TRIGGERS[best.kind].sub_event_type == "Shelling/artillery/missile attack"
                    && GROUND_WEAPON.is_match(&clause[..best.start]) =>
            {
                *clash
            }
            _ => best,
        };
        let kind = &TRIGGERS[best.kind];
        let before_trigger = &clause[..best.start];
        let ceased =
            CEASED.is_match(clause) && kind.class.can_cease() && !clause.to_ascii_lowercase().contains("resum");
        if !ceased && (irrealis(before_trigger) || MODAL_AFTER.is_match(&clause[best.end..])) {
            continue;
        }
        // "would abide only if the government halted its bombardment" states a condition, not a halt;
        // "said they would stop shelling" a promise.
        if ceased && (CONDITIONAL.is_match(before_trigger) || PROMISE.is_match(before_trigger)) {
            continue;
        }
        if !ceased && IN_PASSING.is_match(before_trigger) {
            continue;
        }
        // A trigger word inside an agreement's name ("the de-escalation") or a quote of intent is not an event.
        // "resumed strikes on Idlib", "pounded rebel positions": a bare strike word aimed at something is an
        // air strike even with no toll.
        static AIMED: LazyLock<Regex> = LazyLock::new(|| crate::re(r"(?i)^\s+(?:on|against|targeting)\s+\S").unwrap());
        let aimed = kind.class == TriggerClass::Strike && AIMED.is_match(&clause[best.end..]);
        if !ceased && kind.class.vague() && !has_fatality_word(clause) && !aimed {
            continue;
        }
        let abs = |s: usize| base + cs + s;
        let mut c = Candidate {
            sentence: i,
            status: if ceased { "ceased" } else { "occurred" },
            event_type: kind.event_type,
            sub_event_type: kind.sub_event_type,
            specificity: if aimed { AIMED_STRIKE } else { kind.specificity() },
            trigger: (abs(best.start), abs(best.end)),
            date: None,
            place: None,
            actor1: None,
            actor2: None,
            fatalities: None,
            actor_score: i32::MIN,
            attribution: None,
            fatality_parts: Vec::new(),
            tolls: Vec::new(),
            toll_conflict: false,
            toll_sources: Vec::new(),
            other_side: None,
            background: false,
            anaphoric: (kind.class == TriggerClass::Attack && !ceased)
                || kind.sub_event_type == "Armed clash" && is_anaphoric(before_trigger, &clause[best.start..best.end]),
        };
        // A halt to "attacks on areas" is a halt to bombardment.
        if kind.class == TriggerClass::Attack && ceased {
            c.event_type = "Explosions/Remote violence";
            c.sub_event_type = "Shelling/artillery/missile attack";
        }
        if kind.sub_event_type == "Remote explosive/landmine/IED" && best_is_air_bombing(clause, best) {
            c.sub_event_type = "Air/drone strike";
        }
        if !ceased {
            // "A war that has killed 4,100": a running total is a figure of the conflict, no event's toll.
            // A toll in parts keeps its parts, spans made the document's.
            if let Some((v, s, e, parts)) =
                toll(clause).filter(|t| crate::totals::running_total(crate::totals::toll_phrase(clause, t.2)).is_none())
            {
                c.fatalities = Some((v, Provenance::span(abs(s), abs(e))));
                c.fatality_parts =
                    parts.into_iter().map(|p| TollPart { span: [abs(p.span[0]), abs(p.span[1])], ..p }).collect();
            }
            // "Another 327 civilians have been killed in fighting": a perfect with no day is a running total.
            static PERFECT: LazyLock<Regex> = LazyLock::new(|| {
                crate::re(r"(?i)\b(?:have|has)\s+(?:so\s+far\s+)?(?:been\s+killed|died)\b|\bhas\s+reported\b").unwrap()
            });
            let dated = ctx.times[i]
                .iter()
                .any(|t| t.kind == TimeKind::Point && t.start >= abs(0) && t.end <= abs(clause.len()));
            // The lead reports the news in the perfect ("dozens have been killed"); later, it sums up.
            if PERFECT.is_match(clause) && !dated && i >= 2 {
                c.fatalities = None;
                c.fatality_parts.clear();
            }
        }
        if c.event_type.is_empty() && c.fatalities.is_none() {
            continue;
        }
        let same_kind: Vec<(usize, usize)> = triggers
            .iter()
            .filter(|t| TRIGGERS[t.kind].sub_event_type == kind.sub_event_type)
            .map(|t| (abs(t.start), abs(t.end)))
            .collect();
        assign_actors(ctx, &mut c, abs(0), abs(clause.len()), (abs(best.start), abs(best.end)), &same_kind);
        attribute(ctx, &mut c, i, (abs(0), abs(clause.len())), (abs(best.start), abs(best.end)));
        c.place = place_for(ctx, i, abs(0), abs(clause.len()));
        c.date = date_for(ctx, i, abs(0), abs(clause.len()));
        if c.date.as_ref().is_some_and(|d| d.2 == "future") {
            continue;
        }
        if c.event_type == "Battles" && c.sub_event_type.contains("territory") {
            let towns = towns_taken(ctx, i, abs(0), abs(clause.len()));
            if towns.len() > 1 || towns.len() == 1 && c.place.as_ref().is_none_or(|p| p.2 > 1) {
                for (place, precision, prov) in towns {
                    let mut one = c.clone();
                    one.place = Some(("clause", place, precision, prov));
                    out.push(one);
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}
