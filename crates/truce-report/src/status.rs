//! Status rows, timelines and violation lists.

use std::collections::BTreeMap;

use jiff::ToSpan;
use serde::Serialize;
use truce_assess::compliance::{Assessment, ConditionState, Transition, VIOLATION_THRESHOLD, Verdict, within};
use truce_assess::events::Conflict;
use truce_assess::persist::read;
use truce_pack::Packs;
use truce_store::SqliteStore;

use crate::Result;

/// One agreement as `truce status` shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatusRow {
    pub agreement: String,
    pub name: String,
    pub status: String,
    pub since: Option<String>,
    /// Why it has that status: the basis of its last transition.
    pub basis: Option<String>,
    /// Violations at `violation_threshold` or above, by party.
    pub violations_by_party: BTreeMap<String, u64>,
    /// Violations less sure than `violation_threshold`: listed by `violations`, not counted.
    pub violations_below_threshold: u64,
    /// The confidence a violation needs to be counted (the same for every agreement).
    pub violation_threshold: f64,
    /// The provisions judged against events; empty when none can be (no violation count means anything).
    pub judged: Vec<String>,
    pub adherence: u64,
    pub conditions: Vec<ConditionState>,
    pub last_report: Option<String>,
    /// How many documents mention it.
    pub documents: usize,
    pub conflicts: Vec<Conflict>,
    /// What the pack's registry records of its later life, beside the monitored status ("recorded:
    /// collapsed 2016-04-22 (registry)").
    pub recorded: Option<String>,
    /// For a proposal: the agreement it led to (see [`led_to`]).
    pub led_to: Option<String>,
    /// For an agreement: the proposal it came from.
    pub proposed_as: Option<String>,
}

/// The longest a proposal waits for the agreement it led to: negotiations reported in one article
/// end in the truce a later article announces, within two weeks in the cases the seeds show.
pub const PROPOSAL_LEADS_WITHIN_DAYS: i64 = 14;

/// A day to show things as of (`--on`): only the documents published on or before it are seen, and
/// the pack judges the agreements again from them.
#[derive(Clone, Copy)]
pub struct AsOf<'a> {
    pub packs: &'a Packs,
    pub day: &'a str,
}

impl std::fmt::Debug for AsOf<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "as of {}", self.day)
    }
}

/// Every agreement's assessment without mentions and claims, as stored or as of a day.
pub(crate) fn summaries(store: &SqliteStore, on: Option<AsOf>) -> Result<Vec<Assessment>> {
    let conn = store.connection();
    let stored = read::assessment_summaries(conn)?;
    let Some(on) = on else { return Ok(stored) };
    let mut out = Vec::new();
    for a in stored {
        // An agreement announced after the day did not exist yet.
        if a.view.began().is_some_and(|b| b > on.day) {
            continue;
        }
        if let Some(mut a) = read::assessment_on(conn, on.packs, &a.id, on.day)? {
            a.view.mentions = Vec::new();
            a.view.claims = Vec::new();
            out.push(a);
        }
    }
    Ok(out)
}

/// Every agreement the reports touched, by id, with its proposal links.
pub fn status_rows(store: &SqliteStore) -> Result<Vec<StatusRow>> {
    Ok(status_rows_with_timelines(store, None)?.into_iter().map(|(row, _)| row).collect())
}

/// [`status_rows`], each with its agreement's status timeline (the dashboard's status bands), read in
/// one pass over the assessments; as of a day when `on` is given.
pub fn status_rows_with_timelines(store: &SqliteStore, on: Option<AsOf>) -> Result<Vec<(StatusRow, Vec<Transition>)>> {
    // The registry's agreements no report has touched are not news. Rows need no mention or claim.
    let all: Vec<Assessment> = summaries(store, on)?
        .into_iter()
        .filter(|a| !a.view.documents.is_empty() || !a.violations_by_party.is_empty() || a.adherence > 0)
        .collect();
    let links = proposal_links(&all);
    Ok(all
        .iter()
        .zip(&links)
        .map(|(a, link)| {
            let row = StatusRow {
                agreement: a.id.clone(),
                name: a.name.clone(),
                status: a.status.clone(),
                since: a.since.clone(),
                basis: a.timeline.last().map(|t| t.basis.clone()),
                violations_by_party: a.violations_by_party.clone(),
                violations_below_threshold: a.violations_below_threshold,
                violation_threshold: VIOLATION_THRESHOLD,
                judged: a.judged.clone(),
                adherence: a.adherence,
                conditions: a.conditions.clone(),
                last_report: a.last_report.clone(),
                documents: a.view.documents.len(),
                conflicts: a.view.conflicts.clone(),
                recorded: a.recorded_line(),
                led_to: link.map(|b| b.id.clone()),
                proposed_as: proposed_as(a, &all, &links).map(|p| p.id.clone()),
            };
            (row, a.timeline.clone())
        })
        .collect())
}

/// Each agreement's [`led_to`], in the order of `all`.
pub(crate) fn proposal_links(all: &[Assessment]) -> Vec<Option<&Assessment>> {
    all.iter().map(|a| led_to(a, all)).collect()
}

/// The proposal `a` came from, given every agreement's [`led_to`] (from [`proposal_links`]).
pub(crate) fn proposed_as<'a>(
    a: &Assessment,
    all: &'a [Assessment],
    links: &[Option<&Assessment>],
) -> Option<&'a Assessment> {
    all.iter().zip(links).find(|(_, l)| l.is_some_and(|x| x.id == a.id)).map(|(p, _)| p)
}

/// The agreement a proposal led to: one that was agreed (not merely proposed) of the same kind, on the
/// proposal's day or within [`PROPOSAL_LEADS_WITHIN_DAYS`] after it, told in a document that also
/// tells the proposal. The earliest such agreement; none when the proposal is not a proposal.
pub fn led_to<'a>(proposal: &Assessment, all: &'a [Assessment]) -> Option<&'a Assessment> {
    if proposal.status != "proposed" {
        return None;
    }
    let field = |a: &Assessment, f: &str| a.view.fields.get(f).and_then(|d| d.value.as_str().map(str::to_owned));
    let day = |a: &Assessment| field(a, "announced").and_then(|d| d.get(..10)?.parse::<jiff::civil::Date>().ok());
    let from = day(proposal)?;
    let until = from.checked_add(PROPOSAL_LEADS_WITHIN_DAYS.days()).ok()?;
    let kind = field(proposal, "type");
    all.iter()
        .filter(|a| a.id != proposal.id && a.status != "proposed")
        .filter(|a| kind.is_none() || field(a, "type").is_none() || field(a, "type") == kind)
        .filter(|a| day(a).is_some_and(|d| from <= d && d <= until))
        .filter(|a| a.view.documents.iter().any(|d| proposal.view.documents.contains(d)))
        .min_by_key(|a| day(a))
}

/// One agreement's assessment, or the usage error that names the ones the store has.
pub fn assessment(store: &SqliteStore, id: &str) -> Result<Assessment> {
    known(store, id, read::assessment(store.connection(), id)?)
}

/// One agreement's assessment without its view's mentions and claims, for what needs its status, dates
/// and counts only; an unknown id is the same error as [`assessment`]'s.
pub fn assessment_summary(store: &SqliteStore, id: &str) -> Result<Assessment> {
    known(store, id, read::assessment_summary(store.connection(), id)?)
}

fn known(store: &SqliteStore, id: &str, found: Option<Assessment>) -> Result<Assessment> {
    match found {
        Some(a) => Ok(a),
        None => Err(crate::lookup::unknown_agreement(store, id)?),
    }
}

/// One agreement's status transitions, conditions and deadlines.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Timeline {
    pub agreement: String,
    pub name: String,
    /// The day it is shown as of, when not the latest report.
    pub on: Option<String>,
    pub status: String,
    pub since: Option<String>,
    pub timeline: Vec<Transition>,
    /// What reports said of its status for days before it began: compared with, never counted.
    pub baseline: Vec<Transition>,
    /// What the pack's registry records of its later life: hindsight, beside the status.
    pub recorded: Vec<Transition>,
    pub conditions: Vec<ConditionState>,
    pub obligations: Vec<ConditionState>,
}

/// The timeline of `id`, as it stood at the end of `on` when given: nothing reported later shows and
/// deadlines not yet due are pending (the pack is needed to judge it again).
pub fn timeline(store: &SqliteStore, packs: &Packs, id: &str, on: Option<&str>) -> Result<Timeline> {
    let conn = store.connection();
    let mut a = assessment(store, id)?;
    if let Some(day) = on {
        a = read::assessment_on(conn, packs, id, day)?.unwrap_or(a);
    }
    Ok(Timeline {
        agreement: a.id,
        name: a.name,
        on: on.map(str::to_owned),
        status: a.status,
        since: a.since,
        timeline: a.timeline,
        baseline: a.baseline,
        recorded: a.recorded,
        conditions: a.conditions,
        obligations: a.obligations,
    })
}

/// Which verdicts to list; a filter left out is no condition.
#[derive(Debug, Default, Clone, Copy)]
pub struct VerdictFilter<'a> {
    pub agreement: Option<&'a str>,
    pub party: Option<&'a str>,
    pub since: Option<&'a str>,
    /// As known at the end of a day: verdicts up to it on events reported by then, and the ends of the
    /// agreements as the reports of then give them.
    pub on: Option<AsOf<'a>>,
}

/// The violations the filter admits, oldest first; none after the end of the agreement they break (a
/// ceasefire that is over can no longer be broken).
pub fn violations(store: &SqliteStore, filter: VerdictFilter) -> Result<Vec<Verdict>> {
    let conn = store.connection();
    let reported_by = filter.on.map(|o| o.day);
    // One agreement's: its end is asked of the store, which then reads none after it.
    if let Some(id) = filter.agreement {
        crate::lookup::check_agreement(store, id)?;
        let end = match filter.on {
            Some(on) => read::assessment_on(conn, on.packs, id, on.day)?.and_then(|a| a.ended_on),
            None => read::assessment_summary(conn, id)?.and_then(|a| a.ended_on),
        };
        return Ok(read::verdicts(
            conn,
            "violation",
            Some(id),
            filter.party,
            filter.since,
            end.as_deref(),
            reported_by,
        )?);
    }
    let ends: BTreeMap<String, Option<String>> =
        summaries(store, filter.on)?.into_iter().map(|a| (a.id, a.ended_on)).collect();
    Ok(read::verdicts(conn, "violation", None, filter.party, filter.since, None, reported_by)?
        .into_iter()
        .filter(|v| within(&v.date, ends.get(&v.agreement).cloned().flatten().as_deref()))
        .collect())
}
