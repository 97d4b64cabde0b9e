//! Compliance: the provisions of each agreement as rules over events, the verdicts they give
//! (violation or adherence, by whom, how sure), the state of conditions and deadlines, and the status
//! timeline with the evidence for every transition.

use std::collections::BTreeMap;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use truce_pack::{Inside, Packs};

use crate::agreements::AgreementView;
use crate::events::Event;
use crate::input::Evidence;

/// The one threshold on a violation's confidence: violations at least this sure are counted (the
/// counts by party, strain, a broken condition, reciprocity); less sure ones (an unattributed report
/// from one source of a place only maybe in the zone) are listed, marked below it, and counted apart.
/// Every count it decides is printed beside it.
pub const VIOLATION_THRESHOLD: f64 = 0.2;

/// How surely an actor the words name is bound by an agreement whose reports name no party: a
/// truce "in Gaza" binds who fights in Gaza, but the reports leave open whether this actor signed.
const UNNAMED_PARTIES_NAMED_ACTOR: f64 = 0.6;

/// The same, for an actor the extractor inferred rather than read.
const UNNAMED_PARTIES_INFERRED_ACTOR: f64 = 0.45;

/// How much an accusation by another ("rebels accused Russian jets of ...") says that the accused did
/// it, when no report of the event tells so itself: in a war each side accuses the other, so it halves
/// what a report's own telling would give.
const ACCUSED_ONLY: f64 = 0.5;

/// How surely an event placed in a country falls under a nationwide provision: the country of a named
/// place is rarely wrong, but a place outside every zone may be across a border the report blurs.
const NATIONWIDE_PLACE_CONFIDENCE: f64 = 0.9;

/// A provision as a rule: events of the `prohibited` types inside the zones (or governorates) between
/// `from` and `until` by a bound party, or by no named party, break it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rule {
    pub agreement: String,
    pub provision: String,
    pub text: String,
    /// Names of the bound parties.
    pub binds: Vec<String>,
    /// Names of the groups the agreement does not cover.
    pub excluded: Vec<String>,
    pub zones: Vec<String>,
    pub admin1: Vec<String>,
    /// The countries (ISO alpha-2) a nationwide provision covers, when it names no zone.
    #[serde(default)]
    pub countries: Vec<String>,
    pub prohibited: Vec<String>,
    pub from: Date,
    pub until: Option<Date>,
}

/// The rules of an agreement: the registry's prohibitions, or for an agreement the registry lacks (or
/// holds without prohibitions), a halt to fighting by its parties in the governorates its mentions name.
pub fn rules(packs: &Packs, view: &AgreementView) -> Vec<Rule> {
    let Some(from) = effective_day(view) else { return Vec::new() };
    let mut until = view
        .fields
        .get("duration_hours")
        .and_then(|d| d.value.as_f64())
        .map(|h| from.saturating_add(((h / 24.0).ceil() as i64).days()));
    // The registry's known end, or the collapse it records, closes the window: what happened after an
    // agreement was over cannot break it (the record stays out of the monitored status all the same).
    if let Some(a) = packs.agreement(&view.id) {
        let recorded_end = a.status_history.iter().filter(|c| c.status == "collapsed" || c.status == "ended");
        for end in a.end.into_iter().chain(recorded_end.map(|c| c.date)) {
            until = Some(until.map_or(end, |u| u.min(end)));
        }
    }
    // A report that it collapsed ends what it binds.
    if let Some(day) = view
        .first_claim("collapsed")
        .and_then(|c| view.claim_time(c))
        .and_then(|t| t.date.get(..10).and_then(|d| d.parse().ok()))
    {
        until = Some(until.map_or(day, |u: Date| u.min(day)));
    }
    let mut out = Vec::new();
    // A registered agreement with no prohibition of its own (the registry records its dates, not its
    // terms) is judged by its wording, like one the registry lacks: a truce halts fire.
    match packs.agreement(&view.id).filter(|a| a.provisions.iter().any(|p| p.rule == "prohibition")) {
        Some(a) => {
            for p in a.provisions.iter().filter(|p| p.rule == "prohibition") {
                let zones = match &p.zone {
                    Some(z) => vec![z.clone()],
                    None => a.zones.clone(),
                };
                let admin1 = if zones.is_empty() && !a.national { view.scope.clone() } else { Vec::new() };
                let countries = match packs.pack_of_agreement(&a.id) {
                    Some(theatre) if zones.is_empty() && a.national => theatre.meta.countries.clone(),
                    _ => Vec::new(),
                };
                out.push(Rule {
                    agreement: view.id.clone(),
                    provision: p.kind.clone(),
                    text: p.text.clone(),
                    binds: packs.actor_names(if p.binds.is_empty() { &a.parties } else { &p.binds }),
                    excluded: packs.actor_names(&a.excluded),
                    zones,
                    admin1,
                    countries,
                    prohibited: p.prohibited.clone(),
                    from: p.from.unwrap_or(from),
                    until,
                });
            }
        }
        None => out.extend(worded_rules(packs, view, from, until)),
    }
    out
}

/// What breaks a provision an agreement's wording gives, when the registry does not hold it: each the
/// ACLED classes it prohibits. A ceasefire or truce halts fire whatever else it says; a halt to air
/// strikes is broken by one. Provisions no event class shows (aid access, withdrawal, a prisoner
/// exchange, a zone's lines) are listed with their sentence and not judged: no report of an event can
/// break them.
pub const WORDED_PROHIBITIONS: &[(&str, &[&str])] = &[
    ("cease_hostilities", &["Battles", "Explosions/Remote violence"]),
    ("halt_air_strikes", &["Explosions/Remote violence/Air/drone strike"]),
    ("halt_rocket_fire", &["Explosions/Remote violence/Shelling/artillery/missile attack"]),
];

/// The kinds of agreement that halt fire by their name.
const HALTS_FIRE: &[&str] = &["ceasefire", "truce", "cessation_of_hostilities"];

/// The rules of an agreement the registry does not hold: its worded provisions
/// ([`WORDED_PROHIBITIONS`]), binding its parties (or, with none named, whoever fires), where the
/// reports place it: the pack's governorates its mentions name, else the divisions of the documents'
/// main places, else their countries. An agreement only proposed binds nobody.
fn worded_rules(packs: &Packs, view: &AgreementView, from: Date, until: Option<Date>) -> Vec<Rule> {
    // As its status reads it: a deal every report calls a proposal is one; one the reports name as a
    // fact ("agreed to a truce") and say nothing more of is announced, and binds.
    let proposed = !view.claims.is_empty() && view.claims.iter().all(|c| c.status == "proposed");
    if proposed {
        return Vec::new();
    }
    let mut admin1: Vec<String> = view
        .scope
        .iter()
        .filter(|s| {
            packs
                .iter()
                .flat_map(|p| p.places.iter())
                .any(|p| &p.name == *s && p.kind == truce_pack::model::PlaceKind::Governorate)
        })
        .cloned()
        .collect();
    for a in view.places.iter().filter_map(|p| p.admin1.as_ref()) {
        if !admin1.contains(a) {
            admin1.push(a.clone());
        }
    }
    let mut countries: Vec<String> = Vec::new();
    if admin1.is_empty() {
        for p in &view.places {
            if !countries.contains(&p.country) {
                countries.push(p.country.clone());
            }
        }
    }
    // A registered agreement of a whole theatre binds in the theatre's countries.
    let registered = packs.agreement(&view.id);
    if admin1.is_empty()
        && countries.is_empty()
        && let (Some(a), Some(theatre)) = (registered, packs.pack_of_agreement(&view.id))
        && a.national
    {
        countries = theatre.meta.countries.clone();
    }
    if admin1.is_empty() && countries.is_empty() {
        return Vec::new();
    }
    // With no clock, the day it was agreed cannot order the fighting of that day before or after it
    // (the report of a truce tells the strikes that led to it): it binds from the next day.
    let from = match view.fields.get("effective_from") {
        Some(_) => from,
        None => from.tomorrow().unwrap_or(from),
    };
    let kind =
        view.fields.get("type").and_then(|v| v.value.as_str()).or(registered.map(|a| a.kind.as_str())).unwrap_or("");
    let named = view.mentions.first();
    let mut out = Vec::new();
    for &(provision, prohibited) in WORDED_PROHIBITIONS {
        let said = match view.provisions.iter().find(|p| p.kind == provision) {
            Some(p) => p.evidence.first().or(named),
            None if provision == "cease_hostilities" && HALTS_FIRE.contains(&kind) => named,
            None => continue,
        };
        out.push(Rule {
            agreement: view.id.clone(),
            provision: provision.into(),
            text: said.map(|e| e.sentence.clone()).unwrap_or_else(|| format!("a {kind} halts fire")),
            binds: view.parties.clone(),
            excluded: Vec::new(),
            zones: Vec::new(),
            admin1: admin1.clone(),
            countries: countries.clone(),
            prohibited: prohibited.iter().map(|c| (*c).to_owned()).collect(),
            from,
            until,
        });
    }
    out
}

/// West, south, east, north bounds of where a rule's events can be (its zones with a margin for cross-line
/// fire and imprecise places), or the whole globe when its zones have no geometry.
pub fn rule_bbox(packs: &Packs, rule: &Rule) -> [f64; 4] {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for z in &rule.zones {
        let Some(zb) = zone_bbox(packs, z, 0) else { return [-180.0, -90.0, 180.0, 90.0] };
        b = [b[0].min(zb[0]), b[1].min(zb[1]), b[2].max(zb[2]), b[3].max(zb[3])];
    }
    if rule.zones.is_empty() {
        return [-180.0, -90.0, 180.0, 90.0];
    }
    // Half a degree: a governorate's centroid may lie that far out, and cross-line fire lands 25 km out.
    [b[0] - 0.5, b[1] - 0.5, b[2] + 0.5, b[3] + 0.5]
}

fn zone_bbox(packs: &Packs, id: &str, depth: u8) -> Option<[f64; 4]> {
    let zone = packs.zone(id)?;
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    fn walk(v: &serde_json::Value, b: &mut [f64; 4]) {
        if let Some(a) = v.as_array() {
            if let (Some(x), Some(y)) = (a.first().and_then(|x| x.as_f64()), a.get(1).and_then(|y| y.as_f64())) {
                *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            } else {
                a.iter().for_each(|x| walk(x, b));
            }
        }
    }
    if let Some(coords) = zone.geojson.get("geometry").and_then(|g| g.get("coordinates")) {
        walk(coords, &mut b);
    }
    if b[0] == f64::MAX {
        let parent = zone.geojson.get("properties").and_then(|p| p.get("inside_of")).and_then(|v| v.as_str())?;
        return if depth < 3 { zone_bbox(packs, parent, depth + 1) } else { None };
    }
    Some(b)
}

/// The first day the agreement binds: its start day (from its clock, else the day the text gives it,
/// else its announcement), or the next day when it starts in the evening (an event reported for that
/// day most likely came before the start).
pub fn effective_day(view: &AgreementView) -> Option<Date> {
    let text = ["effective_from", "effective_day", "announced"]
        .iter()
        .find_map(|f| view.fields.get(*f))?
        .value
        .as_str()?
        .to_owned();
    let day: Date = text.get(..10)?.parse().ok()?;
    let hour: u8 = text.get(11..13).and_then(|h| h.parse().ok()).unwrap_or(0);
    Some(if hour >= 12 { day.tomorrow().ok()? } else { day })
}

/// One judgement of one event against one rule.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Verdict {
    pub agreement: String,
    pub provision: String,
    /// `violation` or `adherence`.
    pub kind: String,
    /// The party, or "unattributed".
    pub party: String,
    pub event: i64,
    pub date: String,
    pub place: String,
    pub sub_event_type: String,
    /// From attribution, corroboration and how surely the place is in the zone, 0 to 1.
    pub confidence: f64,
    pub basis: Vec<String>,
    pub sources: usize,
    pub evidence: Vec<Evidence>,
}

impl Verdict {
    /// Whether it counts: adherence always, a violation at [`VIOLATION_THRESHOLD`] or above.
    pub fn counted(&self) -> bool {
        self.kind != "violation" || self.confidence >= VIOLATION_THRESHOLD
    }
}

/// Judges one event against one rule.
pub fn evaluate(packs: &Packs, rule: &Rule, event: &Event) -> Option<Verdict> {
    if !truce_pack::taxonomy::prohibits(&rule.prohibited, &event.event_type, &event.sub_event_type) {
        return None;
    }
    let day: Date = event.event_date.as_deref()?.parse().ok()?;
    if day < rule.from || rule.until.is_some_and(|u| day > u) {
        return None;
    }
    // On the first day, only a day the words give can put an event after the start: one dated by its
    // report ("the truce follows four weeks of fighting", published that day) may be what came before.
    if day == rule.from && !event.mentions.iter().any(|m| m.date_stated) {
        return None;
    }
    let mut basis = Vec::new();
    // Where: inside a zone (surely or maybe), or in a governorate of the scope.
    let mut place_p: f64 = 0.0;
    if let (Some(lat), Some(lon)) = (event.latitude, event.longitude) {
        for z in &rule.zones {
            let Some(test) = packs.zone_test(z, [lon, lat], event.geo_precision.unwrap_or(3)) else { continue };
            let p = match test.inside {
                Inside::Yes => 1.0,
                Inside::Maybe => test.probability.max(0.3),
                // Fire across the line lands just outside the zone it comes from.
                Inside::No if test.edge_distance_km.abs() <= 25.0 && event.geo_precision == Some(1) => 0.3,
                Inside::No => 0.0,
            };
            if p > place_p {
                place_p = p;
                basis.push(format!("{:.0}% inside {z} ({})", p * 100.0, edge_words(test.edge_distance_km)));
            }
        }
    }
    if place_p == 0.0 && event.admin1.as_ref().is_some_and(|a| rule.admin1.contains(a)) {
        place_p = if event.geo_precision == Some(3) { 0.6 } else { 0.9 };
        basis.push(format!("in {}, which the agreement covers", event.admin1.as_deref().unwrap_or("")));
    }
    if place_p == 0.0 && event.country.as_ref().is_some_and(|c| rule.countries.contains(c)) {
        place_p = NATIONWIDE_PLACE_CONFIDENCE;
        basis.push(format!("in {}, which the agreement covers nationwide", event.country.as_deref().unwrap_or("")));
    }
    if place_p == 0.0 {
        return None;
    }
    // Who: a bound party, nobody named, or someone the rule does not cover.
    let excluded = |a: &Option<String>| a.as_ref().is_some_and(|n| rule.excluded.contains(n));
    if excluded(&event.actor1) || excluded(&event.actor2) {
        return None;
    }
    let (party, attribution) = match &event.actor1 {
        None => ("unattributed".to_owned(), 0.5),
        Some(a) if rule.binds.contains(a) => {
            let named = event.mentions.iter().any(|m| m.actor1_named);
            (a.clone(), if named { 0.95 } else { 0.75 })
        }
        // The reports name no party to it: whoever fires where it holds is presumed bound, less surely
        // than a party the agreement names.
        Some(a) if rule.binds.is_empty() => {
            let named = event.mentions.iter().any(|m| m.actor1_named);
            (a.clone(), if named { UNNAMED_PARTIES_NAMED_ACTOR } else { UNNAMED_PARTIES_INFERRED_ACTOR })
        }
        Some(_) => return None,
    };
    basis.push(match party.as_str() {
        "unattributed" => "no party named".to_owned(),
        p => format!("{p} is bound"),
    });
    // Who did it only as someone's accusation: said so beside the verdict, and less sure.
    let of_party: Vec<&crate::events::EventMention> =
        event.mentions.iter().filter(|m| m.actor1.as_deref() == Some(party.as_str())).collect();
    let accused = !of_party.is_empty() && of_party.iter().all(|m| m.accused_by.is_some());
    let attribution = if accused {
        let mut by: Vec<&str> = of_party.iter().filter_map(|m| m.accused_by.as_deref()).collect();
        by.sort_unstable();
        by.dedup();
        basis.push(format!("{party} only as accused by {}", by.join(", ")));
        attribution * ACCUSED_ONLY
    } else {
        attribution
    };
    let corroboration = match event.independent_sources {
        0 | 1 => 0.7,
        2 => 0.85,
        _ => 1.0,
    };
    basis.push(format!("{} independent source(s)", event.independent_sources));
    let kind = match event.status.as_str() {
        "occurred" => "violation",
        "ceased" => "adherence",
        _ => return None,
    };
    Some(Verdict {
        agreement: rule.agreement.clone(),
        provision: rule.provision.clone(),
        kind: kind.into(),
        party,
        event: event.id,
        date: day.to_string(),
        place: event.location.clone().or(event.admin1.clone()).unwrap_or_default(),
        sub_event_type: event.sub_event_type.clone(),
        confidence: ((attribution * corroboration * place_p) * 100.0).round() / 100.0,
        basis,
        sources: event.independent_sources,
        evidence: event.mentions.iter().flat_map(|m| m.evidence.first().cloned()).take(3).collect(),
    })
}

/// Verdicts of one kind on one day, for the timeline.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DayTally {
    pub date: String,
    pub kind: String,
    pub party: String,
    pub count: u64,
    pub confidence: f64,
    /// The surest verdict of the day, as evidence.
    pub example: Verdict,
}

impl DayTally {
    /// Whether these verdicts count: adherence always, violations at [`VIOLATION_THRESHOLD`] or above
    /// (a day's verdicts are tallied apart on each side of it, so one sure verdict never lifts others).
    pub fn counted(&self) -> bool {
        self.kind != "violation" || self.confidence >= VIOLATION_THRESHOLD
    }
}

/// A change of status and why.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Transition {
    pub status: String,
    pub date: String,
    pub basis: String,
    pub evidence: Vec<Evidence>,
}

/// A condition or deadline and its state.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ConditionState {
    pub text: String,
    /// `met`, `unmet`, `broken`, `pending` or `unknown`.
    pub state: String,
    pub since: Option<String>,
    pub detail: String,
    pub evidence: Vec<Evidence>,
}

/// Everything the commands show of an agreement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Assessment {
    pub id: String,
    pub name: String,
    pub status: String,
    pub since: Option<String>,
    pub timeline: Vec<Transition>,
    /// Violations at [`VIOLATION_THRESHOLD`] or above, by party.
    pub violations_by_party: BTreeMap<String, u64>,
    /// Violations below the threshold: listed, not counted.
    #[serde(default)]
    pub violations_below_threshold: u64,
    /// The provisions judged against events (its rules'); none means no report of an event can tell
    /// whether it holds, which `status` says rather than "violations: none".
    #[serde(default)]
    pub judged: Vec<String>,
    pub adherence: u64,
    pub conditions: Vec<ConditionState>,
    pub obligations: Vec<ConditionState>,
    pub last_report: Option<String>,
    /// When it collapsed or ran out; verdicts after it are not counted.
    pub ended_on: Option<String>,
    /// What reports said of its status for days before it began: the baseline to compare with, never
    /// a transition of its own.
    #[serde(default)]
    pub baseline: Vec<Transition>,
    /// What the pack's registry records of its later life (violated, collapsed, ended), in hindsight:
    /// beside the monitored status, never in it.
    #[serde(default)]
    pub recorded: Vec<Transition>,
    pub view: AgreementView,
}

impl Assessment {
    /// What the registry records of its later life, as one phrase beside the monitored status:
    /// "recorded: collapsed 2016-04-22 (registry)", from the latest record.
    pub fn recorded_line(&self) -> Option<String> {
        let last = self.recorded.iter().max_by(|a, b| a.date.cmp(&b.date))?;
        Some(format!("recorded: {} {} (registry)", last.status.replace('_', " "), last.date))
    }
}

/// Judges an agreement from its view and the verdicts on it, day by day.
pub fn assess(
    packs: &Packs,
    view: &AgreementView,
    days: &[DayTally],
    status_of: &dyn Fn(&str) -> Option<String>,
) -> Assessment {
    judge(packs, view, days, status_of, None)
}

/// The agreement as it stood at the end of `day`: status claims dated later, verdicts on later days and
/// the registry's later history are left out, so nothing that happened after the day shows; deadlines
/// not yet due are pending.
pub fn assess_on(
    packs: &Packs,
    view: &AgreementView,
    days: &[DayTally],
    status_of: &dyn Fn(&str) -> Option<String>,
    day: &str,
) -> Assessment {
    let on_or_before = |date: &str| date.get(..10).unwrap_or(date) <= day;
    let mut view = view.clone();
    view.claims.retain(|c| c.date.as_deref().is_some_and(on_or_before));
    view.last_report = view.last_report.map(|l| if on_or_before(&l) { l } else { day.to_owned() });
    let days: Vec<DayTally> = days.iter().filter(|d| on_or_before(&d.date)).cloned().collect();
    let mut a = judge(packs, &view, &days, status_of, Some(day));
    a.obligations = obligations(packs, &view, Some(day));
    a
}

fn judge(
    packs: &Packs,
    view: &AgreementView,
    days: &[DayTally],
    status_of: &dyn Fn(&str) -> Option<String>,
    until: Option<&str>,
) -> Assessment {
    let mut timeline: Vec<Transition> = Vec::new();
    let registry = packs.agreement(&view.id);
    let field = |f: &str| view.fields.get(f).and_then(|d| d.value.as_str().map(str::to_owned));
    let field_basis = |f: &str| {
        view.fields.get(f).map(|d| match d.how.as_str() {
            "registry" => "the pack's registry".to_owned(),
            how if d.inferred() => format!("{how} of {}", d.docs.join(", ")),
            _ => format!("stated in {}", d.docs.join(", ")),
        })
    };
    // The evidence of a field is the sentence that states it, else a mention in a document that gives
    // it: never a sentence of another report than the one its basis names.
    let field_evidence = |f: &str| -> Vec<Evidence> {
        let Some(d) = view.fields.get(f) else { return Vec::new() };
        d.evidence
            .clone()
            .or_else(|| view.mentions.iter().find(|m| d.docs.contains(&m.doc)).cloned())
            .or_else(|| view.mentions.first().cloned())
            .into_iter()
            .collect()
    };
    if let Some(d) = field("announced") {
        // The earliest report in a document that gives the day that it was agreed is the evidence of
        // the announcement, with who made it.
        // (The registry's day is the pack's: any report that it was agreed corroborates it.)
        let stated_in = view.fields.get("announced").filter(|d| d.how != "registry").map(|d| d.docs.clone());
        let agreed = view
            .claims
            .iter()
            .filter(|c| c.status == "agreed" && c.date.is_some())
            .filter(|c| stated_in.as_ref().is_none_or(|docs| docs.contains(&c.evidence.doc)))
            .min_by(|a, b| a.date.cmp(&b.date));
        let (basis, evidence) = match agreed {
            Some(c) => (
                format!(
                    "{}; reported by {}",
                    field_basis("announced").unwrap_or_default(),
                    c.sources.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")
                ),
                vec![c.evidence.clone()],
            ),
            None => (field_basis("announced").unwrap_or_default(), field_evidence("announced")),
        };
        // A deal no report says was agreed, and the registry does not know, is a proposal: negotiations
        // "to reach a ceasefire" are not a ceasefire in force.
        let proposal = !view.registry && !view.claims.is_empty() && view.claims.iter().all(|c| c.status == "proposed");
        let status = if proposal { "proposed" } else { "announced" };
        timeline.push(Transition { status: status.into(), date: d, basis, evidence });
    }
    let from = effective_day(view);
    if let Some(start) = field("effective_from") {
        timeline.push(Transition {
            status: "in_effect".into(),
            date: start,
            basis: field_basis("effective_from").unwrap_or_default(),
            evidence: field_evidence("effective_from"),
        });
    }
    let violations: Vec<&DayTally> =
        days.iter().filter(|d| d.kind == "violation" && d.confidence >= VIOLATION_THRESHOLD).collect();
    let explicit_collapse = view.first_claim("collapsed");
    let collapse_day = explicit_collapse.and_then(|c| view.claim_time(c)).map(|t| t.date);
    if let Some(v) = violations.first()
        && collapse_day.as_ref().is_none_or(|c| &v.date <= c)
    {
        timeline.push(Transition {
            status: "strained".into(),
            date: v.date.clone(),
            basis: format!("{} violation(s) by {} ({})", v.count, v.party, v.example.sub_event_type),
            evidence: v.example.evidence.clone(),
        });
    } else if let Some(c) = view.first_claim("violated") {
        timeline.push(Transition {
            status: "strained".into(),
            date: claim_time(view, c).date,
            basis: format!("reported violated ({})", claim_time(view, c).basis),
            evidence: vec![c.evidence.clone()],
        });
    }
    let reported = |status: &str, c: &crate::agreements::StatusClaim| Transition {
        status: status.into(),
        date: claim_time(view, c).date,
        basis: format!(
            "reported {status} ({}; {})",
            claim_time(view, c).basis,
            c.sources.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")
        ),
        evidence: vec![c.evidence.clone()],
    };
    if let Some(c) = explicit_collapse {
        timeline.push(reported("collapsed", c));
    } else if let Some(c) = view.first_claim("ended") {
        timeline.push(reported("ended", c));
    } else if let Some((day, evidence)) = sustained(&violations) {
        timeline.push(Transition {
            status: "collapsed".into(),
            date: day,
            basis: "inferred: violations on three days within a week (sustained hostilities)".into(),
            evidence,
        });
    } else if let (Some(from), Some(h)) = (
        from,
        registry.and_then(|a| a.duration_hours).or(view.fields.get("duration_hours").and_then(|d| d.value.as_f64())),
    ) {
        let end = from.saturating_add(((h / 24.0).ceil() as i64).days());
        let end_day = end.to_string();
        // A report published after that day that still finds the truce in effect, or broken, says its
        // clock did not end it (a first stage's "48 hours", an open-ended truce): no expiry is inferred.
        let alive_after = view.claims.iter().any(|c| {
            LIVE_STATUSES.contains(&c.status.as_str()) && c.published.as_deref().is_some_and(|p| p > end_day.as_str())
        });
        if !alive_after && view.last_report.as_deref().is_some_and(|l| l >= end_day.as_str()) {
            timeline.push(Transition {
                status: "ended".into(),
                date: end.to_string(),
                basis: format!("its {h} hours ran out"),
                evidence: Vec::new(),
            });
        }
    }
    // The registry's dates of the agreement's own making (agreed, in effect) are its terms and join the
    // timeline; what it records of later (violated, collapsed, ended) is hindsight, kept apart in
    // `recorded`: the monitored status follows from the reports alone.
    let history = registry.map(|a| a.status_history.as_slice()).unwrap_or_default();
    let mut recorded: Vec<Transition> = Vec::new();
    for change in history.iter().filter(|c| until.is_none_or(|u| c.date.to_string().as_str() <= u)) {
        let Some(status) = REGISTRY_STATUS.iter().find(|(from, _)| *from == change.status).map(|(_, to)| *to) else {
            continue;
        };
        let basis = match &change.note {
            Some(note) => format!("the pack's registry: {note}"),
            None => "the pack's registry".to_owned(),
        };
        // Recorded hindsight keeps the registry's own word ("violated").
        let hindsight = HINDSIGHT.contains(&status);
        let status = if hindsight { change.status.as_str() } else { status };
        let t = Transition { status: status.into(), date: change.date.to_string(), basis, evidence: Vec::new() };
        if hindsight { recorded.push(t) } else { timeline.push(t) }
    }
    if let Some(end) = registry.and_then(|a| a.end).filter(|e| until.is_none_or(|u| e.to_string().as_str() <= u))
        && !recorded.iter().any(|t| t.status == "collapsed" || t.status == "ended")
    {
        recorded.push(Transition {
            status: "ended".into(),
            date: end.to_string(),
            basis: "the pack's registry: its known end".into(),
            evidence: Vec::new(),
        });
    }
    let day = |t: &Transition| t.date.get(..10).unwrap_or(&t.date).to_owned();
    // Earliest first; on one day, a report's transition (with its evidence) before the registry's.
    timeline.sort_by(|a, b| {
        day(a).cmp(&day(b)).then(order(&a.status).cmp(&order(&b.status))).then(b.evidence.len().cmp(&a.evidence.len()))
    });
    if let Some(u) = until {
        timeline.retain(|t| day(t).as_str() <= u);
    }
    timeline = settled(timeline);
    let (status, since) = match timeline.last() {
        Some(t) => (t.status.clone(), Some(t.date.clone())),
        None => ("proposed".to_owned(), None),
    };
    let collapsed_on: Option<String> =
        timeline.iter().find(|t| t.status == "collapsed").map(|t| t.date.get(..10).unwrap_or(&t.date).to_owned());
    // A ceasefire that is over can no longer be broken: verdicts after its end, as the reports or the
    // registry's record give it, do not count.
    let ended_on: Option<String> = timeline
        .iter()
        .chain(&recorded)
        .filter(|t| t.status == "collapsed" || t.status == "ended")
        .map(|t| t.date.get(..10).unwrap_or(&t.date).to_owned())
        .min();
    let mut violations_by_party: BTreeMap<String, u64> = BTreeMap::new();
    let mut violations_below_threshold = 0;
    let mut adherence = 0;
    for d in days.iter().filter(|d| within(&d.date, ended_on.as_deref())) {
        if !d.counted() {
            violations_below_threshold += d.count;
        } else if d.kind == "violation" {
            *violations_by_party.entry(d.party.clone()).or_default() += d.count;
        } else {
            adherence += d.count;
        }
    }
    let last_report = [view.last_report.clone(), days.iter().map(|d| d.date.clone()).max()].into_iter().flatten().max();
    let baseline = baseline(view);
    Assessment {
        id: view.id.clone(),
        name: view.name.clone(),
        status,
        since,
        conditions: conditions(packs, view, from, days, (last_report.as_deref(), collapsed_on.as_deref()), status_of),
        obligations: obligations(packs, view, last_report.as_deref()),
        timeline,
        violations_by_party,
        violations_below_threshold,
        judged: {
            let mut judged: Vec<String> = rules(packs, view).into_iter().map(|r| r.provision).collect();
            judged.dedup();
            judged
        },
        adherence,
        last_report,
        ended_on,
        baseline,
        recorded,
        view: view.clone(),
    }
}

/// Registry statuses that record what happened after the agreement was made: shown as "recorded", never
/// as the monitored status.
const HINDSIGHT: &[&str] = &["strained", "collapsed", "ended"];

/// The claims of a status (violated, collapsed, in effect) dated before the agreement began, as the
/// baseline: a truce that "broke down" before this one was announced was another truce, or the claim
/// is misdated.
fn baseline(view: &AgreementView) -> Vec<Transition> {
    let Some(began) = view.began() else { return Vec::new() };
    let mut out: Vec<Transition> = view
        .claims
        .iter()
        .filter(|c| view.before_it_began(c))
        .filter_map(|c| {
            let status = REGISTRY_STATUS.iter().find(|(from, _)| *from == c.status).map(|(_, to)| *to)?;
            (!matches!(status, "proposed" | "announced")).then(|| Transition {
                status: status.into(),
                date: claim_time(view, c).date,
                basis: format!(
                    "dated before it began on {began} ({}; {}): baseline, not its status",
                    c.date_basis,
                    c.sources.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(", ")
                ),
                evidence: vec![c.evidence.clone()],
            })
        })
        .collect();
    out.sort_by(|a, b| a.date.cmp(&b.date));
    out
}

/// A dated claim's time for this agreement (claims reach the timeline only through `first_claim` and
/// the baseline, which keep dated ones).
/// Statuses a report gives a truce that is still running: one of them published after a stated length
/// has run out refutes the expiry that length would imply.
const LIVE_STATUSES: [&str; 2] = ["in_effect", "violated"];

fn claim_time(view: &AgreementView, c: &crate::agreements::StatusClaim) -> crate::agreements::ClaimTime {
    view.claim_time(c).unwrap_or_else(|| crate::agreements::ClaimTime {
        date: String::new(),
        basis: c.date_basis.clone(),
        before_it_began: false,
    })
}

/// Whether a day falls on or before an end given to a day, a month ("2019-04") or a year.
pub fn within(day: &str, end: Option<&str>) -> bool {
    end.is_none_or(|e| day <= e || day.starts_with(e))
}

fn order(status: &str) -> u8 {
    match status {
        "proposed" => 0,
        "announced" => 1,
        "in_effect" => 2,
        "strained" => 3,
        _ => 4,
    }
}

/// Where a point lies against a zone's edge, as a person says it: the signed distance is positive
/// inside, and a rounded zero has no sign.
fn edge_words(signed_km: f64) -> String {
    let km = signed_km.abs().round();
    if km == 0.0 {
        "at its edge".to_owned()
    } else if signed_km > 0.0 {
        format!("{km:.0} km inside its edge")
    } else {
        format!("{km:.0} km outside its edge")
    }
}

/// Registry statuses (`status_history` in a packs) as timeline statuses.
const REGISTRY_STATUS: &[(&str, &str)] = &[
    ("proposed", "proposed"),
    ("agreed", "announced"),
    ("in_effect", "in_effect"),
    ("violated", "strained"),
    ("collapsed", "collapsed"),
    ("ended", "ended"),
];

/// One transition per status, the earliest (a month, "2019-04", sorts before its days), and nothing
/// after the agreement's end: a ceasefire that collapsed in April is not strained in August.
fn settled(sorted: Vec<Transition>) -> Vec<Transition> {
    let mut out: Vec<Transition> = Vec::new();
    for t in sorted {
        if out.iter().any(|o| o.status == t.status) {
            continue;
        }
        let ended = out.iter().any(|o| o.status == "collapsed" || o.status == "ended");
        if ended {
            break;
        }
        out.push(t);
    }
    out
}

/// The third day with violations within seven days: sustained hostilities end a ceasefire.
fn sustained(violations: &[&DayTally]) -> Option<(String, Vec<Evidence>)> {
    let mut days: Vec<Date> = violations.iter().filter_map(|v| v.date.parse().ok()).collect();
    days.dedup();
    for w in days.windows(3) {
        if w[0].until(w[2]).ok()?.get_days() <= 6 {
            let ev = violations.iter().find(|v| v.date == w[2].to_string()).map(|v| v.example.evidence.clone());
            return Some((w[2].to_string(), ev.unwrap_or_default()));
        }
    }
    None
}

/// The state of each condition: days of adherence counted from the events, reciprocity from who
/// violated and who held, dependence on another agreement from that agreement's status.
fn conditions(
    packs: &Packs,
    view: &AgreementView,
    from: Option<Date>,
    days: &[DayTally],
    (last_report, collapsed_on): (Option<&str>, Option<&str>),
    status_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<ConditionState> {
    let mut out = Vec::new();
    let stated: Vec<Evidence> = view
        .conditions
        .iter()
        .filter_map(|c| {
            view.mentions.iter().find(|e| e.doc == c.doc && e.start <= c.span[0] && c.span[1] <= e.end).cloned()
        })
        .collect();
    let Some(a) = packs.agreement(&view.id) else {
        for c in &view.conditions {
            out.push(ConditionState {
                text: format!("{}: {}", c.party.as_deref().unwrap_or("a party"), c.requires),
                state: "unknown".into(),
                since: None,
                detail: "stated in the reports; no rule in the pack to evaluate it".into(),
                evidence: stated.iter().filter(|e| e.doc == c.doc).cloned().collect(),
            });
        }
        return out;
    };
    for c in &a.conditions {
        let trigger = c.trigger.get("type").and_then(|t| t.as_str()).unwrap_or("");
        let state = match trigger {
            "adherence_days" | "adherence_hours" => {
                let n = c
                    .trigger
                    .get("days")
                    .and_then(|d| d.as_integer())
                    .map(|d| d * 24)
                    .or(c.trigger.get("hours").and_then(|h| h.as_integer()))
                    .unwrap_or(0);
                let days_needed = (n as f64 / 24.0).ceil() as i64;
                adherence_window(from, days_needed, days, last_report, collapsed_on)
            }
            "reciprocity" => {
                let party = c
                    .trigger
                    .get("party")
                    .and_then(|p| p.as_str())
                    .and_then(|p| packs.actor(p))
                    .map(|a| a.name.clone());
                let by = |kind: &str| {
                    days.iter().find(|d| d.kind == kind && d.counted() && Some(&d.party) == party.as_ref())
                };
                match (by("violation"), by("adherence")) {
                    (Some(v), _) => state(
                        "broken",
                        Some(v.date.clone()),
                        format!("{} violated on {}", v.party, v.date),
                        v.example.evidence.clone(),
                    ),
                    (None, Some(h)) => state(
                        "met",
                        Some(h.date.clone()),
                        format!("{} held: no {} reported", h.party, h.example.sub_event_type.to_lowercase()),
                        h.example.evidence.clone(),
                    ),
                    (None, None) => {
                        state("pending", None, "no report yet of what the other side did".into(), Vec::new())
                    }
                }
            }
            "implementation" => {
                let other = c.trigger.get("agreement").and_then(|x| x.as_str()).unwrap_or("");
                match status_of(other) {
                    Some(s) if s == "collapsed" || s == "ended" => {
                        state("unmet", None, format!("{other} is {s}"), Vec::new())
                    }
                    Some(s) => state("pending", None, format!("{other} is {s}"), Vec::new()),
                    None => state("unknown", None, format!("no reports on {other}"), Vec::new()),
                }
            }
            _ => state("unknown", None, format!("no rule to evaluate a '{trigger}' condition"), Vec::new()),
        };
        let mut s = state;
        s.text = c.text.clone();
        if s.evidence.is_empty() {
            s.evidence = stated.clone();
        }
        out.push(s);
    }
    out
}

fn state(state: &str, since: Option<String>, detail: String, evidence: Vec<Evidence>) -> ConditionState {
    ConditionState { text: String::new(), state: state.into(), since, detail, evidence }
}

/// Whether `needed` days from `from` passed without a violation, as far as the reports go.
fn adherence_window(
    from: Option<Date>,
    needed: i64,
    days: &[DayTally],
    last_report: Option<&str>,
    collapsed_on: Option<&str>,
) -> ConditionState {
    let Some(from) = from else { return state("unknown", None, "no start date".into(), Vec::new()) };
    let end = from.saturating_add(needed.days());
    let broken = days.iter().find(|d| {
        d.kind == "violation"
            && d.confidence >= VIOLATION_THRESHOLD
            && d.date.as_str() >= from.to_string().as_str()
            && d.date.as_str() < end.to_string().as_str()
    });
    if let Some(v) = broken {
        return state(
            "broken",
            Some(v.date.clone()),
            format!("violation by {} on {}, day {} of {needed}", v.party, v.date, day_index(from, &v.date)),
            v.example.evidence.clone(),
        );
    }
    // An agreement that collapsed before the days were up never met the condition.
    if let Some(c) = collapsed_on
        && c < end.to_string().as_str()
    {
        return state(
            "unmet",
            Some(c.to_owned()),
            format!("the agreement collapsed on {c}, day {} of {needed}", day_index(from, c)),
            Vec::new(),
        );
    }
    let last: Option<Date> = last_report.and_then(|l| l.get(..10)?.parse().ok());
    match last {
        Some(l) if l >= end => state(
            "met",
            Some(end.to_string()),
            format!("{needed} days from {from} without a reported violation"),
            Vec::new(),
        ),
        Some(l) if l >= from => state(
            "pending",
            None,
            format!(
                "{} of {needed} days observed without a reported violation (reports up to {l})",
                day_index(from, &l.to_string())
            ),
            Vec::new(),
        ),
        _ => state(
            "pending",
            None,
            format!("0 of {needed} days observed: the reports end before it starts on {from}"),
            Vec::new(),
        ),
    }
}

fn day_index(from: Date, day: &str) -> i64 {
    day.parse::<Date>().ok().and_then(|d| from.until(d).ok()).map(|s| i64::from(s.get_days()) + 1).unwrap_or(0)
}

/// Obligations with deadlines at the latest report: pending before the deadline, after it met or unmet
/// when a report says so, unknown otherwise.
pub fn obligations(packs: &Packs, view: &AgreementView, as_of: Option<&str>) -> Vec<ConditionState> {
    let Some(a) = packs.agreement(&view.id) else { return Vec::new() };
    // A report that the agreement was violated after the deadline says the obligation was not met; one
    // that it collapsed much later says nothing about the deadline.
    let violated_after = |deadline: &str| {
        view.claims.iter().find(|c| c.status == "violated" && c.date.as_deref().is_some_and(|d| d >= deadline))
    };
    a.provisions
        .iter()
        .filter_map(|p| {
            let deadline = p.deadline?.to_string();
            let mut s = match as_of {
                Some(now) if now < deadline.as_str() => state("pending", None, format!("due {deadline}"), Vec::new()),
                _ => match violated_after(&deadline) {
                    Some(c) => state(
                        "unmet",
                        c.date.clone(),
                        format!("due {deadline}; reported {} on {}", c.status, c.date.as_deref().unwrap_or("")),
                        vec![c.evidence.clone()],
                    ),
                    None => {
                        state("unknown", None, format!("due {deadline}; no report says whether it was met"), Vec::new())
                    }
                },
            };
            s.text = p.text.clone();
            Some(s)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use truce_pack::taxonomy::{ACLED_TAXONOMY, EventClass};

    /// An event reported by one source, in a governorate, by `actor`, of one ACLED class.
    fn event(event_type: &str, sub_event_type: &str, actor: Option<&str>) -> Event {
        Event {
            id: 1,
            status: "occurred".into(),
            event_type: event_type.into(),
            sub_event_type: sub_event_type.into(),
            event_date: Some("2016-09-13".into()),
            event_date_end: None,
            date_precision: "day".into(),
            location: Some("Aleppo".into()),
            latitude: None,
            longitude: None,
            country: Some("SY".into()),
            admin1: Some("Aleppo".into()),
            admin2: None,
            geo_precision: Some(1),
            actor1: actor.map(Into::into),
            actor2: None,
            fatalities: None,
            decided: BTreeMap::new(),
            conflicts: Vec::new(),
            mentions: Vec::new(),
            independent_sources: 1,
            written: None,
        }
    }

    /// A provision of the registry as a rule over the governorate of Aleppo, with no end.
    fn aleppo_rule(packs: &Packs, a: &truce_pack::Agreement, p: &truce_pack::Provision) -> Rule {
        Rule {
            agreement: a.id.clone(),
            provision: p.kind.clone(),
            text: p.text.clone(),
            binds: packs.actor_names(if p.binds.is_empty() { &a.parties } else { &p.binds }),
            excluded: Vec::new(),
            zones: Vec::new(),
            admin1: vec!["Aleppo".into()],
            countries: Vec::new(),
            prohibited: p.prohibited.clone(),
            from: "2000-01-01".parse().unwrap(),
            until: None,
        }
    }

    /// Every prohibition in every shipped packs, as a rule over the governorate of Aleppo: an event of
    /// each ACLED class breaks it exactly when the prohibition names the class's type or the class.
    #[test]
    fn every_pack_prohibition_matches_its_classes_and_no_other() {
        let mut checked = 0;
        for id in truce_pack::Pack::builtin_ids() {
            let packs = Packs::from(truce_pack::Pack::builtin(&id).unwrap());
            for a in packs.agreements() {
                for p in a.provisions.iter().filter(|p| p.rule == "prohibition") {
                    let rule = aleppo_rule(&packs, a, p);
                    let binds = rule.binds.clone();
                    let classes: Vec<EventClass> =
                        p.prohibited.iter().map(|c| EventClass::parse(c).expect("pack check rejects it")).collect();
                    for (t, subs) in ACLED_TAXONOMY {
                        for s in *subs {
                            let named = classes.iter().any(|c| c.covers(t, s));
                            let verdict = evaluate(&packs, &rule, &event(t, s, binds.first().map(String::as_str)));
                            assert_eq!(
                                verdict.is_some(),
                                named,
                                "{} {} ({:?}) against {t}/{s}",
                                a.id,
                                p.kind,
                                p.prohibited
                            );
                            if let Some(v) = verdict {
                                assert_eq!((v.kind.as_str(), v.provision.as_str()), ("violation", p.kind.as_str()));
                            }
                        }
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked >= 10, "only {checked} prohibitions in the packs");
    }

    /// The sub-type prohibitions the issue names, one by one.
    #[test]
    fn sub_type_prohibitions_are_judged() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        // (agreement, provision, type, sub-type, broken?).
        const CASES: &[(&str, &str, &str, &str, bool)] = &[
            ("us-russia-2016-09", "halt_air_strikes", "Explosions/Remote violence", "Air/drone strike", true),
            (
                "us-russia-2016-09",
                "halt_air_strikes",
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
                false,
            ),
            ("coh-2016-02", "no_territorial_gains", "Battles", "Government regains territory", true),
            ("coh-2016-02", "no_territorial_gains", "Battles", "Non-state actor overtakes territory", true),
            ("coh-2016-02", "no_territorial_gains", "Battles", "Armed clash", false),
        ];
        for (agreement, provision, t, s, broken) in CASES {
            let a = packs.agreement(agreement).unwrap();
            let p = a.provisions.iter().find(|p| p.kind == *provision).unwrap();
            let rule = aleppo_rule(&packs, a, p);
            let verdict = evaluate(&packs, &rule, &event(t, s, Some(&rule.binds[0])));
            assert_eq!(verdict.is_some(), *broken, "{agreement} {provision} against {t}/{s}");
        }
    }

    /// An actor known only from another's accusation is judged less surely than one a report names
    /// itself, and the verdict says who accuses.
    #[test]
    fn an_accusation_is_not_a_finding() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        let a = packs.agreement("us-russia-2016-09").unwrap();
        let p = a.provisions.iter().find(|p| p.kind == "halt_air_strikes").unwrap();
        let rule = aleppo_rule(&packs, a, p);
        let party = rule.binds[0].clone();
        let mention = |accused_by: Option<&str>| crate::events::EventMention {
            doc: "d".into(),
            published: Some("2016-09-14".into()),
            status: "occurred".into(),
            sub_event_type: "Air/drone strike".into(),
            event_date: Some("2016-09-13".into()),
            date_stated: true,
            location: Some("Aleppo".into()),
            geo_precision: Some(1),
            actor1: Some(party.clone()),
            actor1_named: true,
            accused_by: accused_by.map(Into::into),
            fatalities: None,
            sources: Vec::new(),
            self_report: false,
            evidence: Vec::new(),
        };
        let strike = |accused_by: Option<&str>| {
            let mut e = event("Explosions/Remote violence", "Air/drone strike", Some(&party));
            e.mentions = vec![mention(accused_by)];
            e
        };
        let told = evaluate(&packs, &rule, &strike(None)).expect("a violation");
        let accused = evaluate(&packs, &rule, &strike(Some("Rebels"))).expect("still a violation");
        assert!((accused.confidence - told.confidence * ACCUSED_ONLY).abs() < 0.011, "{accused:?} against {told:?}");
        assert!(accused.basis.iter().any(|b| b.contains("only as accused by Rebels")), "{:?}", accused.basis);
        assert!(!told.basis.iter().any(|b| b.contains("accused")), "{:?}", told.basis);
    }

    /// The one threshold decides every count: a day's violation below it is counted apart, strains
    /// nothing and breaks no condition; at or above it, it does all three.
    #[test]
    fn one_threshold_decides_what_counts() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        let view = AgreementView::new(&packs, "us-russia-2016-09", None);
        let a = packs.agreement("us-russia-2016-09").unwrap();
        let p = a.provisions.iter().find(|p| p.kind == "halt_air_strikes").unwrap();
        let rule = aleppo_rule(&packs, a, p);
        let mut example =
            evaluate(&packs, &rule, &event("Explosions/Remote violence", "Air/drone strike", Some(&rule.binds[0])))
                .unwrap();
        // (confidence, counted by party, counted apart, strained).
        const CASES: &[(f64, u64, u64, bool)] = &[
            (0.13, 0, 1, false),
            (VIOLATION_THRESHOLD - 0.01, 0, 1, false),
            (VIOLATION_THRESHOLD, 1, 0, true),
            (0.67, 1, 0, true),
        ];
        for &(confidence, by_party, below, strained) in CASES {
            example.confidence = confidence;
            let day = DayTally {
                date: example.date.clone(),
                kind: "violation".into(),
                party: example.party.clone(),
                count: 1,
                confidence,
                example: example.clone(),
            };
            assert_eq!(day.counted(), by_party == 1, "{confidence}");
            assert_eq!(example.counted(), by_party == 1, "{confidence}");
            let judged = assess(&packs, &view, &[day], &|_| None);
            assert_eq!(judged.violations_by_party.values().sum::<u64>(), by_party, "{confidence}");
            assert_eq!(judged.violations_below_threshold, below, "{confidence}");
            let strain = judged.timeline.iter().any(|t| t.status == "strained" && t.basis.contains("violation"));
            assert_eq!(strain, strained, "{confidence}: {:?}", judged.timeline);
            let broken = judged.conditions.iter().any(|c| c.state == "broken");
            assert_eq!(broken, strained, "{confidence}: {:?}", judged.conditions);
        }
    }

    /// An agreement the registry does not hold is judged by its wording where the reports place it:
    /// a truce halts fire, a worded halt to air strikes is its own rule with the sentence that gave it,
    /// an aid provision is listed but judges nothing, and a proposal binds nobody.
    #[test]
    fn a_minted_truce_is_judged_by_its_wording_where_the_reports_place_it() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        for class in WORDED_PROHIBITIONS.iter().flat_map(|(_, c)| c.iter()) {
            assert!(EventClass::parse(class).is_some(), "{class} is no ACLED class");
        }
        let said =
            |sentence: &str| Evidence { doc: "d".into(), start: 0, end: sentence.len(), sentence: sentence.into() };
        let mut view = AgreementView::new(&packs, "syria-world:PS.GZ-2014-08-truce", None);
        view.fields.insert(
            "type".into(),
            crate::agreements::Decided { value: "truce".into(), how: "stated".into(), ..Default::default() },
        );
        view.fields.insert(
            "effective_from".into(),
            crate::agreements::Decided {
                value: "2014-08-05T08:00+03:00".into(),
                how: "stated".into(),
                ..Default::default()
            },
        );
        view.mentions.push(said("A three-day truce took hold in Gaza."));
        view.places.push(crate::input::AgreementPlace {
            name: "Gaza".into(),
            country: "PS".into(),
            admin1: Some("Gaza Strip".into()),
        });
        for (kind, sentence) in [
            ("halt_air_strikes", "Israel will halt air strikes on Gaza."),
            ("humanitarian_access", "Aid convoys will enter."),
        ] {
            view.provisions.push(crate::agreements::ProvisionView {
                kind: kind.into(),
                docs: vec!["d".into()],
                distances: Vec::new(),
                evidence: vec![said(sentence)],
            });
        }
        view.claims.push(crate::agreements::StatusClaim {
            status: "in_effect".into(),
            date: Some("2014-08-05".into()),
            date_basis: "stated (day)".into(),
            doc: "d".into(),
            published: Some("2014-08-05".into()),
            sources: Vec::new(),
            evidence: said("A three-day truce took hold in Gaza."),
        });
        let rules = rules(&packs, &view);
        let kinds: Vec<&str> = rules.iter().map(|r| r.provision.as_str()).collect();
        assert_eq!(kinds, ["cease_hostilities", "halt_air_strikes"]);
        assert_eq!(rules[1].text, "Israel will halt air strikes on Gaza.");
        assert_eq!(rules[0].admin1, ["Gaza Strip"]);
        // Proposed only: nobody is bound.
        view.claims[0].status = "proposed".into();
        assert!(super::rules(&packs, &view).is_empty());
    }

    /// A stated length ends a truce once its last day has passed, unless a report published after that
    /// day still finds it in effect or broken (`LIVE_STATUSES`).
    #[test]
    fn a_stated_length_ends_a_truce_unless_a_later_report_finds_it_running() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        let said =
            |sentence: &str| Evidence { doc: "d".into(), start: 0, end: sentence.len(), sentence: sentence.into() };
        let stated =
            |value: serde_json::Value| crate::agreements::Decided { value, how: "stated".into(), ..Default::default() };
        let claim = |status: &str, published: &str| crate::agreements::StatusClaim {
            status: status.into(),
            date: Some(published.into()),
            date_basis: "published".into(),
            doc: "d".into(),
            published: Some(published.into()),
            sources: Vec::new(),
            evidence: said("The truce was tested."),
        };
        // (status a later report gives, published, whether the truce reads ended).
        const CASES: &[(&str, &str, bool)] = &[
            ("in_effect", "2014-08-05", true),
            ("in_effect", "2014-08-09", false),
            ("violated", "2014-08-09", false),
            ("proposed", "2014-08-09", true),
        ];
        for &(status, published, ended) in CASES {
            let mut view = AgreementView::new(&packs, "syria-world:PS.GZ-2014-08-truce", None);
            view.fields.insert("effective_from".into(), stated("2014-08-05T08:00+03:00".into()));
            view.fields.insert("duration_hours".into(), stated(72.0.into()));
            view.last_report = Some("2014-08-10".into());
            view.claims.push(claim(status, published));
            let judged = assess(&packs, &view, &[], &|_| None);
            let ran_out = judged.timeline.iter().any(|t| t.status == "ended" && t.basis.contains("ran out"));
            assert_eq!(ran_out, ended, "{status} {published}: {:?}", judged.timeline);
        }
    }
}
