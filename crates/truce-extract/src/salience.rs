//! Which event a report is about: each occurred event gets a salience score with the reasons that
//! gave it, and the highest is the document's `main` event (exactly one per document that reports an
//! occurred event). Reads the merged event records and the document's title; changes no other field.
//!
//! A report tells of its own event with its own toll, often in its title, and comes back to it; an
//! aside ("comes two weeks after a strike that killed 40") is told once. Ties go to the event told
//! first: a news report opens with its news.

use serde::Serialize;

use crate::context::DocContext;
use crate::records::EventRecord;

/// Why an event is salient, and how much each reason weighs. The weights are hand weights chosen on
/// FA-KES dev by a grid over these reasons (scored with the incident scorer's top-event fields); a
/// stated date, a named actor and a place in the lead weighed nothing there beyond the tie-break, so
/// they are not reasons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The event has a toll of its own: a report counts the dead of what it reports.
    OwnToll,
    /// Its toll is a number the title states ("Air strikes kill 70 ...").
    TollInTitle,
    /// Another sentence reports it again (counted for at most [`MAX_REPEATS`] sentences).
    ReportedAgain,
    /// It is told before every other event: this decides ties and weighs nothing otherwise.
    ToldFirst,
}

impl Reason {
    pub fn weight(self) -> u32 {
        match self {
            Reason::OwnToll => 4,
            Reason::TollInTitle => 2,
            Reason::ReportedAgain => 1,
            Reason::ToldFirst => 0,
        }
    }
}

/// How many further sentences reporting an event count toward its salience: a running battle told in
/// thirty sentences is not thirty times the news.
pub const MAX_REPEATS: usize = 2;

/// An event's salience: the sum of its reasons' weights.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct Salience {
    pub score: u32,
    pub reasons: Vec<Reason>,
}

/// Scores every occurred event of one document and marks the main one.
pub fn mark_main(ctx: &DocContext, events: &mut [EventRecord]) {
    let title_counts: Vec<u64> = ctx
        .doc
        .title
        .as_deref()
        .map(|t| crate::numbers::counts(t).iter().map(|c| c.value).collect())
        .unwrap_or_default();
    let told_first = events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.status == "occurred")
        .min_by_key(|(_, e)| first_start(e))
        .map(|(i, _)| i);
    for (i, e) in events.iter_mut().enumerate() {
        e.main = false;
        if e.status != "occurred" || e.background {
            e.salience = None;
            continue;
        }
        let mut reasons = Vec::new();
        if let Some(toll) = e.fatalities {
            reasons.push(Reason::OwnToll);
            if title_counts.contains(&toll) {
                reasons.push(Reason::TollInTitle);
            }
        }
        reasons.extend(std::iter::repeat_n(Reason::ReportedAgain, e.evidence.len().saturating_sub(1).min(MAX_REPEATS)));
        if told_first == Some(i) {
            reasons.push(Reason::ToldFirst);
        }
        let score = reasons.iter().map(|r| r.weight()).sum();
        e.salience = Some(Salience { score, reasons });
    }
    let main = events
        .iter()
        .enumerate()
        .filter_map(|(i, e)| e.salience.as_ref().map(|s| (i, s.score, first_start(e))))
        .max_by_key(|&(_, score, start)| (score, std::cmp::Reverse(start)))
        .map(|(i, _, _)| i);
    if let Some(i) = main {
        events[i].main = true;
    }
}

fn first_start(e: &EventRecord) -> usize {
    e.evidence.iter().map(|x| x.start).min().unwrap_or(usize::MAX)
}
