//! Agreements: every mention of a ceasefire, truce, memorandum, deal or communiqué, linked to the pack's
//! registry where the text, its dates and its places point to one record, with the status the text
//! asserts, provisions, conditions, parties and clock.
//!
//! Linking, in order: a registry alias ("the Sochi memorandum"); a venue or a date that fits a record
//! ("a September accord struck in Sochi", "a truce agreed in February"); a duration that fits ("for 72
//! hours"); for a concluded agreement, recency (the ceasefire announced days before the report); for
//! "the deal" or "the agreement", the last agreement mentioned. A proposal never links by recency alone:
//! a ceasefire under negotiation is not the one in force. What links to nothing gets a stable id of its
//! own, from the theatre, the main place, the month and the kind.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use jiff::civil::Date;
use regex::Regex;
use truce_pack::{Agreement, Entity, PlaceKind};

use crate::context::{DocContext, SortedSpans};
use crate::records::{
    AgreementPlace, AgreementRecord, Condition, EventRecord, Evidence, Fields, Provenance, Provision,
};
use crate::time::{Precision, TimeKind};

static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:(?P<modifier>cease-?fire|truce|buffer[- ]zone|de-?escalation|peace|security)\s+)?(?P<head>cease-?fires?|truces?|cessations?\s+of\s+hostilities|memorand(?:um|a)(?:\s+of\s+understanding)?|deals?|accords?|agreements?|communiqu[eé]s?|(?:final|joint)\s+(?:statement|declaration)s?|protocols?|humanitarian\s+pauses?|armistices?|arrangements?|understandings?)\b").unwrap()
});

/// Words that make a mention not about a real agreement: "in agreement with", "no deal".
static NOT_AN_AGREEMENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:in\s+agreement|agreement\s+(?:with|that)\s+(?:him|her|them|us)|trade|arms|oil|business|nuclear|grain|gas)\s*$").unwrap()
});

/// A truce in the passive of agreeing, right after its mention: "a ceasefire could be agreed on Friday"
/// (a modal: `modal` is the group), "the truce was reached".
static PASSIVE_AGREED: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^\s+(?:(?P<modal>could|would|will|might|may|can)\s+)?(?:be|have\s+been|has\s+been|had\s+been|was|were|is)\s+(?:agreed|reached|signed|struck|concluded)\b").unwrap()
});

/// What a plain "deal" or "accord" is about when its clause goes on to say so ("to curb Tehran's nuclear
/// program", "on trade and tariffs"): not a truce.
static OTHER_SUBJECT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^[^,.;:]{0,80}?\b(?:nuclear|trade|tariffs?|climate|emissions|oil|gas|arms\s+(?:sales|control)|debt|loans?|visas?|fisheries)\b").unwrap()
});

/// The statuses a mention can be given (the record vocabulary), as the table names them.
const STATUSES: &[&str] = &["proposed", "agreed", "in_effect", "violated", "collapsed", "ended"];

/// One row of `data/status_cues.toml` as written.
#[derive(serde::Deserialize)]
struct CueRow {
    label: String,
    status: String,
    #[serde(default)]
    scope: Option<String>,
    pattern: String,
    unless: Option<String>,
    #[cfg_attr(not(test), allow(dead_code))]
    #[serde(default)]
    cases: Vec<(String, String)>,
}

/// A status cue, compiled: see `data/status_cues.toml`, which says what each field means.
struct StatusCue {
    #[cfg_attr(not(test), allow(dead_code))]
    label: String,
    status: &'static str,
    before_only: bool,
    pattern: Regex,
    unless: Option<Regex>,
}

fn read_status_cues(text: &str) -> Vec<(StatusCue, Vec<(String, String)>)> {
    #[derive(serde::Deserialize)]
    struct CueFile {
        cue: Vec<CueRow>,
    }
    let file: CueFile = toml::from_str(text).expect("data/status_cues.toml is valid TOML (a unit test reads it)");
    // `crate::re` counts words in Latin letters, which keeps the cues' counted repetitions cheap.
    let words = |p: &str| crate::re(&format!(r"(?i)\b(?:{p})\b")).expect("a status cue's pattern compiles");
    file.cue
        .into_iter()
        .map(|row| {
            let status = STATUSES
                .iter()
                .find(|s| **s == row.status)
                .unwrap_or_else(|| panic!("status cue {:?}: unknown status {:?}", row.label, row.status));
            let cue = StatusCue {
                status,
                before_only: row.scope.as_deref() == Some("before"),
                pattern: words(&row.pattern),
                unless: row.unless.as_deref().map(words),
                label: row.label,
            };
            (cue, row.cases)
        })
        .collect()
}

/// The status cues, in the order they are tried.
static STATUS_CUES: LazyLock<Vec<StatusCue>> = LazyLock::new(|| {
    read_status_cues(include_str!("../data/status_cues.toml")).into_iter().map(|(cue, _)| cue).collect()
});

/// The status the first cue that fires gives: `before` is the clause up to the mention, `clause` the
/// whole clause around it.
fn asserted_status(before: &str, clause: &str) -> Option<&'static str> {
    STATUS_CUES.iter().find_map(|cue| {
        let scope = if cue.before_only { before.trim_end() } else { clause };
        let fires = cue.pattern.is_match(scope) && !cue.unless.as_ref().is_some_and(|u| u.is_match(scope));
        fires.then_some(cue.status)
    })
}

/// Words that make a mention hypothetical: no status asserted, and no new agreement minted from it. The
/// shared modals and conditional words ([`crate::cues`]) but not the future ("the truce will start" is
/// agreed), and the negations of an agreement.
static IRREALIS: LazyLock<Regex> = LazyLock::new(|| {
    use crate::cues::{HEDGES, IF_WORDS};
    crate::re(&format!(r"(?i)\b(?:{HEDGES}|may|{IF_WORDS}|not\s+specifically|was\s+not|were\s+not|did\s+not|no\s+(?:cease|truce|deal))\b")).unwrap()
});

/// A condition and its antecedent: a connective ([`crate::cues::CONDITION_CONNECTIVES`]) and what it requires.
static CONDITION: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(&format!(r"(?i)\b(?:{})\s+(?P<requires>[^.;]{{5,160}})", crate::cues::CONDITION_CONNECTIVES)).unwrap()
});

struct ProvisionPattern {
    kind: &'static str,
    pattern: &'static str,
}

const PROVISIONS: &[ProvisionPattern] = &[
    ProvisionPattern {
        kind: "withdraw_heavy_weapons",
        pattern: r"withdr[ae]w\w*\s+(?:[\w-]+\s+){0,4}?(?:heavy[\w\s-]{0,30}?weapon|weaponry)|heavy\s+weapons?\s+(?:out|withdrawn|removed|pulled)|heavy\s+weapons\s+from",
    },
    ProvisionPattern {
        kind: "withdraw_forces",
        pattern: r"(?:retreat|withdr[ae]w|pull(?:ed|ing)?\s+back|pull(?:ed|ing)?\s+out|withdrawal)\w*\s+(?:(?:of\s+)?(?:its\s+|their\s+)?(?:forces|troops|fighters|from|\d+)|\d+)|must\s+withdraw|withdraws\s+from|withdrawal\s+of\s+(?:[a-z]+\s+)?(?:government\s+)?forces",
    },
    ProvisionPattern {
        kind: "demilitarized_zone",
        pattern: r"buffer[- ]zone|demilitari[sz]ed\s+(?:zone|areas?)|(?:zone|area)\s+(?:is\s+)?\d+(?:-\d+)?\s*(?:kilomet|km)",
    },
    ProvisionPattern {
        kind: "halt_air_strikes",
        pattern: r"(?:stop|halt|cease|end|suspend)\w*\s+(?:\w+\s+){0,3}(?:air\s*strikes|strikes|bombing|flying|combat\s+missions)|persuade\s+the\s+(?:[a-z]+\s+)?air\s+force\s+to\s+stop",
    },
    ProvisionPattern {
        kind: "halt_rocket_fire",
        pattern: r"(?:stop|halt|cease|end|suspend)\w*\s+(?:\w+\s+){0,3}?(?:rocket|mortar|missile)s?(?:\s+(?:fire|attacks|launches))?|(?:stop|halt|cease)\w*\s+firing\s+(?:rockets|mortars|missiles)",
    },
    ProvisionPattern {
        kind: "prisoner_exchange",
        pattern: r"(?:exchange|swap|releas)\w*\s+(?:of\s+)?(?:[\w-]+\s+){0,2}?(?:prisoners|detainees|hostages|captives|abductees)|(?:prisoner|detainee|hostage)\s+(?:exchange|swap|release)s?",
    },
    ProvisionPattern {
        kind: "humanitarian_access",
        pattern: r"humanitarian\s+(?:access|aid|assistance|corridors?|convoys?)|aid\s+deliveries|access\s+to\s+besieged",
    },
    ProvisionPattern {
        kind: "joint_strikes",
        pattern: r"joint(?:ly)?\s+(?:\w+\s+){0,5}?(?:air\s*)?strikes|coordinat\w+\s+(?:air\s*)?strikes|cooperating\s+with\s+joint|joint\s+implementation\s+cent",
    },
    ProvisionPattern { kind: "joint_patrols", pattern: r"joint\s+(?:\w+\s+)?patrols|coordinated\s+patrols" },
    ProvisionPattern {
        kind: "separate_from",
        pattern: r"separate\s+(?:themselves\s+)?from|separation\s+(?:of|between)|separate\s+between",
    },
    ProvisionPattern {
        kind: "reopen_road",
        pattern: r"reopen\w*\s+(?:the\s+)?(?:m4|m5|road|highway|routes?)|transit\s+on\s+the|restor\w+\s+(?:of\s+)?traffic",
    },
    ProvisionPattern { kind: "observation_posts", pattern: r"observation\s+posts?" },
];

static PROVISION_REGEXES: LazyLock<Vec<Regex>> =
    LazyLock::new(|| PROVISIONS.iter().map(|p| crate::re(&format!(r"(?i)\b(?:{})", p.pattern)).unwrap()).collect());
static DISTANCE: LazyLock<Regex> =
    LazyLock::new(|| crate::re(r"(?i)\b(\d{1,3})(?:\s*-\s*(\d{1,3}))?\s*(?:kilomet(?:er|re)s?|km)\b").unwrap());

/// A sentence that goes on describing a zone just named.
static ZONE_CONTINUATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"^(?:The|This|That|Its|It)\s+(?:(?:buffer|demilitari[sz]ed)\s+)?(?:zone|area|strip|band|is|will)\b")
        .unwrap()
});

/// A sentence that says what an agreement just named provides.
static STIPULATES: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^(?:[^.]{0,40},\s*)?(?:it|the (?:deal|agreement|memorandum|accord|truce|ceasefire))\s+(?:stipulates|provides|calls|requires|envisages|sets out|foresees)\b").unwrap()
});

/// Every distance in kilometres a text gives, both ends of a range included.
fn distances(text: &str) -> Vec<f64> {
    let mut out = Vec::new();
    for c in DISTANCE.captures_iter(text) {
        for g in [c.get(1), c.get(2)].into_iter().flatten() {
            if let Ok(v) = g.as_str().parse::<f64>()
                && !out.contains(&v)
            {
                out.push(v);
            }
        }
    }
    out
}

/// The class of an agreement type, as the yardstick counts them: the first five are one class.
fn type_class(kind: &str) -> &'static str {
    match kind {
        "ceasefire" | "truce" | "cessation_of_hostilities" | "humanitarian_pause" | "de_escalation" => "ceasefire",
        "memorandum" | "protocol" => "memorandum",
        "communique" => "communique",
        _ => "",
    }
}

/// The type a keyword names; deals, accords and agreements name none.
fn keyword_type(head: &str) -> Option<&'static str> {
    let h = head.to_ascii_lowercase();
    Some(if h.starts_with("cease") && !h.starts_with("cessation") {
        "ceasefire"
    } else if h.starts_with("truce") || h.starts_with("armistice") {
        "truce"
    } else if h.starts_with("cessation") {
        "cessation_of_hostilities"
    } else if h.starts_with("memorand") {
        "memorandum"
    } else if h.starts_with("communiq") || h.contains("statement") || h.contains("declaration") {
        "communique"
    } else if h.starts_with("humanitarian") {
        "humanitarian_pause"
    } else if h.starts_with("protocol") {
        "protocol"
    } else {
        return None;
    })
}

/// One mention of an agreement in the text.
#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    sentence: usize,
    kind: Option<&'static str>,
    /// A registry record named by alias.
    registry: Option<usize>,
    status: Option<&'static str>,
    definite: bool,
    hypothetical: bool,
    /// What the words of the mention say sets this agreement apart from others of its kind.
    variant: Option<Variant>,
}

/// What sets an agreement apart from others of its kind in one report, read from the words that name
/// it: "a 72-hour truce" and "a five-day extension" are the main line of one conflict's truces, each its
/// own record; "a lasting truce" and "the 2012 cease-fire" are beside it (the deal still sought, an
/// earlier one), and a mention that says none of this never joins them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Variant {
    /// A stated length, in hours.
    Hours(u32),
    Extension,
    /// "a lasting", "long-term", "permanent", "broader", "open-ended" truce: the deal being sought.
    LongTerm,
    /// An agreement of an earlier year than the report's.
    Past(i16),
}

impl Variant {
    /// Beside the truce the report follows, not on its line.
    fn is_side(self) -> bool {
        matches!(self, Variant::LongTerm | Variant::Past(_))
    }

    fn suffix(self) -> String {
        match self {
            Variant::Hours(h) => format!("-{h}h"),
            Variant::Extension => "-extension".into(),
            Variant::LongTerm => "-long-term".into(),
            Variant::Past(_) => String::new(),
        }
    }
}

/// The variant the words before a mention (and the mention itself) give it; durations come from the
/// time expressions read for the sentence.
fn variant_of(ctx: &DocContext, start: usize, end: usize, sentence: usize) -> Option<Variant> {
    static SIDE_WORDS: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:(?P<long>lasting|long-?term|longer-?term|permanent|durable|sustainable|broader|open-?ended|comprehensive)|(?P<year>(?:19|20)\d\d))\b(?:\s+[\w'’-]+){0,2}\s*$").unwrap()
    });
    static EXTENSION: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\bextension\s+(?:of|to)\s+(?:the\s+|a\s+|its\s+)?(?:[\w'’-]+\s+){0,3}$").unwrap()
    });
    let before = crate::tail(&ctx.text[ctx.sentences[sentence].start..start], 40);
    let named = &ctx.text[start..end];
    if EXTENSION.is_match(before) || named.to_ascii_lowercase().contains("extension") {
        return Some(Variant::Extension);
    }
    if let Some(c) = SIDE_WORDS.captures(before) {
        if c.name("long").is_some() {
            return Some(Variant::LongTerm);
        }
        if let Some(y) = c.name("year").and_then(|y| y.as_str().parse::<i16>().ok())
            && ctx.published.is_some_and(|p| y < p.year())
        {
            return Some(Variant::Past(y));
        }
    }
    // "a 72-hour truce", "the three-day truce", "a truce of 72 hours".
    ctx.times.get(sentence).into_iter().flatten().filter(|t| t.kind == TimeKind::Duration).find_map(|t| {
        // Within the mention, or ending at most two words before it ("a 72-hour humanitarian truce").
        let adjoins = t.end <= end
            && t.end + 24 >= start
            && ctx.text.get(t.end.min(start)..start).is_some_and(|gap| gap.split_whitespace().count() <= 2);
        let after = t.start >= end
            && ctx.text.get(end..t.start).is_some_and(|gap| {
                let gap = gap.trim().to_ascii_lowercase();
                matches!(gap.as_str(), "of" | "for" | "lasting")
            });
        let hours = t.duration_hours?;
        (adjoins || after).then_some(Variant::Hours(hours.round() as u32))
    })
}

pub fn extract(ctx: &DocContext, events: &[EventRecord]) -> Vec<AgreementRecord> {
    let mentions = mentions(ctx);
    let fighting = fighting_sides(events);
    // Resolve each mention to a registry record, an earlier mention's agreement, or a new one.
    let mut links: Vec<(Mention, Link)> = Vec::new();
    let mut recent = Recent::default();
    let debug = std::env::var_os("TRUCE_DEBUG_AGREEMENTS").is_some();
    for m in mentions {
        let link = link(ctx, &m, &links, &recent);
        if debug {
            let s = ctx.sentences[m.sentence];
            eprintln!(
                "{:?} {:?} -> {:?}\n    {:?}",
                &ctx.text[m.start..m.end],
                m.status,
                link.as_ref().map(|l| l.id(ctx)),
                s.text(ctx.text)
            );
        }
        if let Some(link) = link {
            if let Link::New { class, variant: Some(v), .. } = link
                && !v.is_side()
            {
                name_the_line(&mut links, class, v);
            }
            // An agreement beside the one followed (a lasting truce sought, an earlier one) is joined only
            // by the words that named it, never by "the truce".
            if !matches!(link, Link::New { variant: Some(v), .. } if v.is_side()) {
                recent.note(links.len(), m.kind, link.class(ctx));
            }
            links.push((m, link));
        }
    }
    // A headline's "truce" comes before the body names the deal: a new agreement that was never proposed
    // joins the one registry agreement of its kind the article names later.
    // What the registry links after each link are, per class, from the back in one pass: none, one
    // record throughout, or several (a scan of every later link per link is quadratic).
    #[derive(Clone, Copy)]
    enum Later {
        One(usize),
        Several,
    }
    let mut later_at: Vec<HashMap<&'static str, Later>> = vec![HashMap::new(); links.len()];
    let mut later: HashMap<&'static str, Later> = HashMap::new();
    for k in (0..links.len()).rev() {
        later_at[k] = later.clone();
        if let Link::Registry(i) = links[k].1 {
            let class = type_class(&ctx.pack.agreements[i].kind);
            let next = match later.get(class) {
                None => Later::One(i),
                Some(Later::One(j)) if *j == i => Later::One(i),
                Some(_) => Later::Several,
            };
            later.insert(class, next);
        }
    }
    // Classes of the new agreements before `k`, as they stand once the earlier ones have been relinked.
    let mut new_before: HashSet<&'static str> = HashSet::new();
    for k in 0..links.len() {
        let Link::New { class, variant, .. } = links[k].1 else { continue };
        if variant.is_some_and(Variant::is_side) {
            continue;
        }
        if links[k].0.status == Some("proposed") || links[k].0.hypothetical {
            new_before.insert(class);
            continue;
        }
        if let Some(Later::One(i)) = later_at[k].get(class)
            && !new_before.contains(class)
        {
            links[k].1 = Link::Registry(*i);
            continue;
        }
        new_before.insert(class);
    }
    let mut groups: BTreeMap<String, Vec<&(Mention, Link)>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    // The first truce of a class on the report's main line keeps the plain id, as another report that
    // does not give its length names it ("the truce" of the next day's report); a second one, an
    // extension and those beside the line carry what sets them apart.
    let mut plain: HashMap<&'static str, Option<Variant>> = HashMap::new();
    for (_, l) in &links {
        if let Link::New { class, variant, .. } = l
            && !variant.is_some_and(Variant::is_side)
        {
            plain.entry(class).or_insert(*variant);
        }
    }
    for l in &links {
        let id = match &l.1 {
            Link::New { class, variant, .. } if plain.get(class) == Some(variant) => minted_id(ctx, class, None),
            // Only a proposal starts a second truce of a class that no words set apart.
            Link::New { class, variant: None, .. } => format!("{}-proposal", minted_id(ctx, class, None)),
            link => link.id(ctx),
        };
        if !groups.contains_key(&id) {
            order.push(id.clone());
        }
        groups.entry(id).or_default().push(l);
    }
    // The agreement named first is the one the article is about: obligations it states without naming
    // an agreement are that one's terms.
    order.iter().enumerate().filter_map(|(k, id)| record(ctx, id, &groups[id], k == 0, fighting.as_ref())).collect()
}

/// The two sides the report's fighting is between: the pair of actors that most of its occurred events
/// set against each other (the first told on a tie), with the words that named them in the first.
#[derive(Debug, Clone)]
struct FightingSides {
    sides: [String; 2],
    span: (usize, usize),
}

fn fighting_sides(events: &[EventRecord]) -> Option<FightingSides> {
    let mut pairs: Vec<([&str; 2], usize, (usize, usize))> = Vec::new();
    for e in events.iter().filter(|e| e.status == "occurred") {
        let (Some(a), Some(b)) = (e.actor1.as_deref(), e.actor2.as_deref()) else { continue };
        if a == b {
            continue;
        }
        let key = if a < b { [a, b] } else { [b, a] };
        let span = e.evidence.first().map_or((0, 0), |ev| (ev.start, ev.end));
        match pairs.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, n, _)) => *n += 1,
            None => pairs.push((key, 1, span)),
        }
    }
    // The most events, then the first told: `max_by_key` keeps the last of equals, so reversed.
    let (key, _, span) = pairs.iter().rev().max_by_key(|(_, n, _)| *n)?;
    Some(FightingSides { sides: [key[0].to_owned(), key[1].to_owned()], span: *span })
}

/// The first stated length of a truce of `class` names the one the report has followed so far
/// ("a temporary cease-fire ... the three-day truce took effect"): its earlier mentions take it, unless
/// another length already names a truce of that class.
fn name_the_line(links: &mut [(Mention, Link)], class: &'static str, variant: Variant) {
    let named = links
        .iter()
        .any(|(_, l)| matches!(l, Link::New { class: c, variant: Some(v), .. } if *c == class && !v.is_side()));
    if named {
        return;
    }
    for (_, l) in links.iter_mut() {
        if let Link::New { class: c, variant: v @ None, .. } = l
            && *c == class
        {
            *v = Some(variant);
        }
    }
}

#[derive(Debug, Clone)]
enum Link {
    Registry(usize),
    New { class: &'static str, kind: &'static str, variant: Option<Variant> },
}

/// The latest links, per class and of mentions without a kind, kept as links are made: linking a
/// mention to the last agreement of its kind looks back in constant time instead of scanning every
/// earlier link (quadratic in a long document).
#[derive(Default)]
struct Recent {
    any: Option<usize>,
    of_class: HashMap<&'static str, usize>,
    kindless: Option<usize>,
}

impl Recent {
    fn note(&mut self, k: usize, kind: Option<&'static str>, class: &'static str) {
        self.any = Some(k);
        self.of_class.insert(class, k);
        if kind.is_none() {
            self.kindless = Some(k);
        }
    }

    /// The latest link of `class`; any latest link when `class` is empty.
    fn of(&self, class: &str) -> Option<usize> {
        if class.is_empty() { self.any } else { self.of_class.get(class).copied() }
    }
}

impl Link {
    fn class(&self, ctx: &DocContext) -> &'static str {
        match self {
            Link::Registry(i) => type_class(&ctx.pack.agreements[*i].kind),
            Link::New { class, .. } => class,
        }
    }

    fn id(&self, ctx: &DocContext) -> String {
        match self {
            Link::Registry(i) => ctx.pack.agreements[*i].id.clone(),
            Link::New { class, variant, .. } => minted_id(ctx, class, *variant),
        }
    }
}

fn mentions(ctx: &DocContext) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    for m in &ctx.names {
        if let Some(Entity::Agreement(i)) =
            m.entries.iter().map(|e| e.entity).find(|e| matches!(e, Entity::Agreement(_)))
        {
            let sentence = ctx.sentence_at(m.start).unwrap_or(0);
            let alias = &ctx.text[m.start..m.end];
            // "a three-day truce" names the registry's May 2019 truce only in its own days: outside
            // them the words describe another truce, read as the keyword they are.
            // An agreement announced after the report cannot be the one it names: the words are read
            // as the keyword they are ("a hostage deal" before the deal of that name).
            let registered = &ctx.pack.agreements[i];
            let later = matches!((ctx.published, registered.announced), (Some(p), Some(a)) if a > p);
            if later || (describes_only(alias) && !current(registered, ctx.published)) {
                let head = alias.rsplit([' ', '-']).next().unwrap_or(alias);
                if let Some(kind) = keyword_type(head) {
                    out.push(mention_at(ctx, m.start, m.end, sentence, Some(kind), None));
                }
                continue;
            }
            out.push(mention_at(ctx, m.start, m.end, sentence, None, Some(i)));
        }
    }
    // Keywords cannot overlap each other (matches of one pattern within disjoint sentences), so only the
    // names' mentions are searched.
    let named = SortedSpans::new(out.iter().map(|m| (m.start, m.end)).collect());
    for (i, s) in ctx.sentences.iter().enumerate() {
        let sentence = s.text(ctx.text);
        for c in KEYWORD.captures_iter(sentence) {
            let whole = c.get(0).unwrap();
            let (start, end) = (s.start + whole.start(), s.start + whole.end());
            if named.overlaps(start, end) {
                continue;
            }
            if NOT_AN_AGREEMENT.is_match(&sentence[..whole.start()]) {
                continue;
            }
            let head = c.name("head").unwrap().as_str();
            // The head noun names the kind: a "ceasefire deal" is a deal.
            let kind = keyword_type(head);
            // "deal" or "agreement" with no agreement word nearby is not about a ceasefire.
            if kind.is_none() && !peace_context(sentence) && !names_a_party_or_zone(ctx, s.start, s.end) {
                continue;
            }
            // "an accord with Iran ... to curb Tehran's nuclear program": a plain deal whose own clause
            // says it is about something else than fighting.
            if kind.is_none() && c.name("modifier").is_none() && OTHER_SUBJECT_AFTER.is_match(&sentence[whole.end()..])
            {
                continue;
            }
            out.push(mention_at(ctx, start, end, i, kind, None));
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

/// The words of an alias that names no place, party, venue or date, only what kind of truce it is and
/// for how long ("72-hour truce", "three-day ceasefire", "ceasefire for 72 hours").
const DESCRIPTIVE_WORDS: &[&str] = &[
    "a",
    "the",
    "for",
    "of",
    "ceasefire",
    "cease",
    "fire",
    "truce",
    "pause",
    "humanitarian",
    "temporary",
    "hour",
    "hours",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "months",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "twelve",
    "fourteen",
    "twenty",
    "twenty-four",
    "forty-eight",
    "seventy-two",
];

/// Whether an alias only describes a kind of truce (see `DESCRIPTIVE_WORDS`).
fn describes_only(alias: &str) -> bool {
    alias.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).all(|w| {
        let w = w.to_ascii_lowercase();
        w.chars().all(|c| c.is_ascii_digit()) || DESCRIPTIVE_WORDS.contains(&w.as_str())
    })
}

/// Days around a registry agreement's own (from its announcement or start to its last recorded change)
/// within which a report's descriptive words may mean it: retrospectives come later, so more after.
const CURRENT_BEFORE_DAYS: i64 = 3;
const CURRENT_AFTER_DAYS: i64 = 30;

/// Whether a report published on `published` falls in the agreement's own days; an undated report or
/// an undated agreement may mean it.
fn current(a: &Agreement, published: Option<jiff::civil::Date>) -> bool {
    let Some(p) = published else { return true };
    let first = a.announced.or(a.start_local.map(|t| t.date()));
    let last = a.status_history.iter().map(|c| c.date).chain(a.end).chain(first).max();
    let (Some(first), Some(last)) = (first, last) else { return true };
    // A civil date's difference is counted in days.
    let days_since = |d: jiff::civil::Date| p.since(d).map(|s| i64::from(s.get_days())).unwrap_or(0);
    days_since(first) >= -CURRENT_BEFORE_DAYS && days_since(last) <= CURRENT_AFTER_DAYS
}

fn peace_context(sentence: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:cease-?fire|truce|hostilities|buffer|demilitari|de-?escalation|withdraw|signed|talks|opposition|regime|government|zone|ceasefire)\b").unwrap()
    });
    RE.is_match(sentence)
}

/// Whether a sentence names a state, an armed group, a governorate or a zone of the pack: "the deal
/// between Russia and Turkey", "the Idlib deal". The pack's data says which names these are, not this
/// code.
fn names_a_party_or_zone(ctx: &DocContext, start: usize, end: usize) -> bool {
    ctx.names_in(start, end).any(|n| {
        n.entries.iter().any(|e| match e.entity {
            Entity::Zone(_) | Entity::Agreement(_) => true,
            Entity::Actor(i) => {
                matches!(ctx.pack.actors[i].kind.as_str(), "state" | "state_armed_forces" | "rebel_group")
            }
            Entity::Place(i) => ctx.pack.places[i].kind == truce_pack::PlaceKind::Governorate,
            _ => false,
        })
    })
}

fn mention_at(
    ctx: &DocContext,
    start: usize,
    end: usize,
    sentence: usize,
    kind: Option<&'static str>,
    registry: Option<usize>,
) -> Mention {
    let s = ctx.sentences[sentence];
    let text = s.text(ctx.text);
    // The clause around the mention: status words far away in a long sentence are about something else.
    // A mention found across a sentence boundary ("statement of?the 13th round": the segmenter ends the
    // sentence at "?") runs past its sentence: the clause is read within the sentence it starts in. Both
    // ends are character boundaries of the document, and so of the sentence once clamped to it.
    let rel_start = start.saturating_sub(s.start).min(text.len());
    let rel_end = end.saturating_sub(s.start).clamp(rel_start, text.len());
    let read = read_status(text, rel_start, rel_end);
    let (before, status, hypothetical) = (read.before, read.status, read.hypothetical);
    let lower_before = before.trim_end().to_ascii_lowercase();
    let definite = ["the", "this", "that", "its", "latest"].iter().any(|w| lower_before.ends_with(w));
    let variant = variant_of(ctx, start, end, sentence);
    Mention { start, end, sentence, kind, registry, status, definite, hypothetical, variant }
}

/// What a sentence says of the agreement mentioned at `start..end` (byte offsets in it).
struct StatusRead<'a> {
    /// The clause up to the mention.
    before: &'a str,
    status: Option<&'static str>,
    /// "would", "if", "unless"... around the mention: no status asserted.
    hypothetical: bool,
}

fn read_status(text: &str, start: usize, end: usize) -> StatusRead<'_> {
    let (cs, ce) = clause_around(text, start, end);
    let clause = &text[cs..ce];
    let before = &text[cs..start];
    let hypothetical =
        IRREALIS.is_match(before) || IRREALIS.is_match(&text[end..ce].chars().take(30).collect::<String>());
    // "... to discuss the details of the cease-fire, which began to take hold last week": a relative
    // clause on the mention says where it stands whatever the mood of the clause around it.
    static RELATIVE: LazyLock<Regex> = LazyLock::new(|| crate::re(r"^\s*,?\s*(?:which|that)\s+[^,;]*").unwrap());
    // "a plan including international ceasefire monitoring": the truce word names what another thing is
    // about; what the clause says is said of that thing.
    static MODIFIES: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^[\s-]*(?:monitoring|monitors|observers|mechanisms?|lines?|commission|committee)\b").unwrap()
    });
    if MODIFIES.is_match(&text[end..ce]) {
        return StatusRead { before, status: None, hypothetical };
    }
    // "said a ceasefire could be agreed on Friday": a truce expected, not a hypothesis: proposed.
    if PASSIVE_AGREED.captures(&text[end..ce]).is_some_and(|c| c.name("modal").is_some()) {
        return StatusRead { before, status: Some("proposed"), hypothetical: false };
    }
    if let Some(rel) = RELATIVE.find(&text[end..ce])
        && !IRREALIS.is_match(rel.as_str())
        && let Some(status) = asserted_status("", &text[start..end + rel.end()])
    {
        return StatusRead { before, status: Some(status), hypothetical: false };
    }
    let status = if hypothetical { None } else { asserted_status(before, clause) };
    StatusRead { before, status, hypothetical }
}

fn clause_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let breaks = [";", " but ", " while ", " although ", ". "];
    let mut cs = 0;
    for b in breaks {
        if let Some(i) = text[..start].rfind(b) {
            cs = cs.max(i + b.len());
        }
    }
    let mut ce = text.len();
    for b in breaks {
        if let Some(i) = text[end..].find(b) {
            ce = ce.min(end + i);
        }
    }
    (cs, ce)
}

/// Links a mention to the registry, to an agreement mentioned earlier, or to a new agreement.
fn link(ctx: &DocContext, m: &Mention, earlier: &[(Mention, Link)], recent: &Recent) -> Option<Link> {
    // The registry is the theatre's: a Gaza truce is never the Syrian one of the same week.
    if let Some(i) = m.registry.filter(|_| ctx.in_theatre) {
        return Some(Link::Registry(i));
    }
    let class = m.kind.map(type_class).unwrap_or("");
    let mut best: Option<(i32, usize)> = None;
    for (i, a) in ctx.pack.agreements.iter().enumerate().filter(|_| ctx.in_theatre) {
        let score = registry_score(ctx, m, a, class);
        if score >= 4 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    // Strong evidence (a venue and a date, a date and a duration) names a record outright.
    if let Some((score, i)) = best
        && score >= 6
    {
        return Some(Link::Registry(i));
    }
    // "a 72-hour truce", "a lasting truce", "the 2012 cease-fire": the agreement the same words named
    // earlier, else a new one (the stated length of the truce followed so far is given to it, in
    // `extract`).
    if let Some(variant) = m.variant
        && best.is_none()
    {
        let class = if class.is_empty() { "ceasefire" } else { class };
        let same = earlier
            .iter()
            .rev()
            .find(|(_, l)| matches!(l, Link::New { class: c, variant: Some(v), .. } if *c == class && *v == variant));
        if let Some((_, l)) = same {
            return Some(l.clone());
        }
        return Some(Link::New { class, kind: m.kind.unwrap_or("ceasefire"), variant: Some(variant) });
    }
    // "That deal", "the communique": the agreement of that kind last mentioned, before a guess from recency;
    // but "the cease-fire agreed to last month" names the registry's agreement of that month even after a
    // truce the report had not yet placed (that one then joins it, in `extract`).
    if m.definite
        && let Some(k) = recent.of(class)
        && !(matches!(earlier[k].1, Link::New { .. })
            && m.status != Some("proposed")
            && best.is_some_and(|(_, i)| dates_in_sentence(ctx, m, &ctx.pack.agreements[i]) > 0))
    {
        return Some(earlier[k].1.clone());
    }
    if let Some((_, i)) = best {
        return Some(Link::Registry(i));
    }
    // "the deal", "the ceasefire", a bare "agreement": the last agreement of a compatible kind.
    if m.definite || m.kind.is_none() || m.hypothetical {
        let previous = if class.is_empty() { recent.any } else { recent.of(class).max(recent.kindless) };
        if let Some(k) = previous {
            return Some(earlier[k].1.clone());
        }
    }
    if m.hypothetical || m.kind.is_none() {
        return None;
    }
    // An article follows one ceasefire at a time: a mention with nothing new to say about which joins
    // the agreement of its kind already mentioned; only a proposal starts another.
    if m.status != Some("proposed")
        && let Some(k) = recent.of_class.get(class)
    {
        return Some(earlier[*k].1.clone());
    }
    Some(Link::New {
        class: if class.is_empty() { "ceasefire" } else { class },
        kind: m.kind.unwrap_or("ceasefire"),
        variant: m.variant,
    })
}

/// How much a report published within so many days of a registry agreement's announcement says that
/// its concluded ceasefire is that one: in the days after it, the news is of that agreement
/// (enough alone to link, 4); later it only adds to other evidence.
const RECENCY: &[(i32, i32)] = &[(4, 4), (10, 3), (45, 1)];

fn registry_score(ctx: &DocContext, m: &Mention, a: &Agreement, class: &str) -> i32 {
    let a_class = type_class(&a.kind);
    if !class.is_empty() && class != a_class {
        return i32::MIN;
    }
    let published = ctx.published;
    // An agreement announced after the report cannot be the one it mentions.
    if let (Some(p), Some(ann)) = (published, a.announced)
        && ann > p
    {
        return i32::MIN;
    }
    let s = ctx.sentences[m.sentence];
    let mut score = 0;
    // A venue named in the sentence.
    if let Some(venue) = &a.venue {
        let venue_named = ctx
            .names_in(s.start, s.end)
            .any(|n| n.entries.iter().any(|e| matches!(e.entity, Entity::Place(i) if ctx.pack.places[i].id == *venue)));
        if venue_named {
            score += 2;
        }
    }
    // Each date in the sentence that holds the announcement or the start.
    score += 4 * dates_in_sentence(ctx, m, a) as i32;
    for t in &ctx.times[m.sentence] {
        if t.kind == TimeKind::Duration {
            // A length describes a truce; it names this one only in its own days.
            if let (Some(h), Some(ah)) = (t.duration_hours, a.duration_hours)
                && (h - ah).abs() < 0.5
                && current(a, published)
            {
                score += 3;
            }
        }
    }
    // Recency: a concluded agreement announced days before the report. Never for a proposal or a
    // hypothetical ceasefire ("any ceasefire unless..."), and a deal or an agreement is not a communiqué.
    if m.status != Some("proposed")
        && !m.hypothetical
        && !(m.kind.is_none() && a_class == "communique")
        && let (Some(p), Some(ann)) = (published, a.announced)
    {
        let days = (p - ann).get_days();
        if let Some((_, points)) = RECENCY.iter().find(|(within, _)| (0..=*within).contains(&days)) {
            score += points;
        }
    }
    // Places of the sentence within the agreement's scope.
    let in_scope = ctx.names_in(s.start, s.end).any(|n| {
        n.entries.iter().any(|e| match e.entity {
            Entity::Place(i) => {
                let place = &ctx.pack.places[i];
                a.places.contains(&place.id)
                    || a.zones.iter().any(|z| {
                        ctx.pack
                            .zone_test(z, place.point, place.precision)
                            .is_some_and(|t| t.inside != truce_pack::Inside::No)
                    })
            }
            _ => false,
        })
    });
    if in_scope {
        score += 1;
    }
    score
}

/// How many times of the mention's sentence (a day, a week, a month; not a year) hold the agreement's
/// announcement or start: "the cease-fire agreed to last month".
fn dates_in_sentence(ctx: &DocContext, m: &Mention, a: &Agreement) -> usize {
    let dates: Vec<Date> = a.announced.into_iter().chain(a.start_local.map(|d| d.date())).collect();
    ctx.times[m.sentence]
        .iter()
        .filter(|t| {
            t.kind != TimeKind::Duration
                && t.precision >= Precision::Day
                && t.precision != Precision::Year
                && matches!((t.from, t.to), (Some(from), Some(to)) if dates.iter().any(|d| *d >= from && *d <= to))
        })
        .count()
}

/// A stable id for an agreement the pack does not know: theatre, main place, ISO week of the report (an
/// earlier agreement's year), kind, and what sets it apart ("-72h", "-long-term", "-extension").
fn minted_id(ctx: &DocContext, class: &str, variant: Option<Variant>) -> String {
    let place = crate::events::main_place(ctx)
        .map(|p| {
            if p.kind == PlaceKind::Governorate {
                p.id
            } else {
                p.admin1.unwrap_or(p.id).to_lowercase().replace(' ', "-")
            }
        })
        .unwrap_or_else(|| "national".into());
    let period = match variant {
        Some(Variant::Past(year)) => format!("{year:04}"),
        // A news week, not a month: one kind of truce in one place is reported for days, while a month
        // holds several (a 72-hour truce, its extension, a new one after it collapsed). Joining the
        // reports of one agreement across weeks is for the assessment, which sees them all.
        _ => ctx
            .published
            .map(|d| {
                let week = d.iso_week_date();
                format!("{:04}-w{:02}", week.year(), week.week())
            })
            .unwrap_or_else(|| "undated".into()),
    };
    let suffix = variant.map(Variant::suffix).unwrap_or_default();
    // Outside every theatre the id names no pack: the world layer's place ("world:UA.05") says where.
    let theatre = match (ctx.in_theatre, place.starts_with("world:")) {
        (true, _) => format!("{}-", ctx.pack.meta.id),
        (false, true) => String::new(),
        (false, false) => "world-".to_owned(),
    };
    format!("{theatre}{place}-{period}-{class}{suffix}")
}

fn record(
    ctx: &DocContext,
    id: &str,
    mentions: &[&(Mention, Link)],
    main: bool,
    fighting: Option<&FightingSides>,
) -> Option<AgreementRecord> {
    let registry = match mentions[0].1 {
        Link::Registry(i) => Some(&ctx.pack.agreements[i]),
        Link::New { .. } => None,
    };
    // A new agreement needs at least one mention that is not hypothetical.
    if registry.is_none() && mentions.iter().all(|(m, _)| m.hypothetical) {
        return None;
    }
    // "the 1978 Camp David peace agreement": a deal of an earlier year that no mention calls a truce
    // (a ceasefire, a cessation, a pause) is history the report recalls, not an agreement it monitors.
    if registry.is_none()
        && matches!(mentions[0].1, Link::New { variant: Some(Variant::Past(_)), .. })
        && mentions.iter().all(|(m, _)| m.kind.is_none())
    {
        return None;
    }
    let mut fields = Fields::new();
    let first = &mentions[0].0;
    fields.insert(
        "agreement_id",
        match registry {
            Some(_) => Provenance::span(first.start, first.end),
            None => Provenance::inferred(
                "an agreement the pack's registry does not hold: a new id from place, week, kind and the words that set it apart",
            ),
        },
    );
    // A collapse or a violation the text reports is the latest state; otherwise the state most
    // mentions assert (a party's conditional "yes" to a proposal does not conclude it).
    let status_rank = |s: &str| {
        ["proposed", "agreed", "in_effect", "violated", "ended", "collapsed"].iter().position(|x| *x == s).unwrap_or(0)
    };
    let mut votes: Vec<(&'static str, usize, (usize, usize))> = Vec::new();
    for (m, _) in mentions {
        if let Some(s) = m.status {
            match votes.iter_mut().find(|v| v.0 == s) {
                Some(v) => v.1 += 1,
                None => votes.push((s, 1, (m.start, m.end))),
            }
        }
    }
    let status: Option<(&'static str, usize, usize)> = votes
        .iter()
        .max_by_key(|(s, n, _)| (status_rank(s) >= 3, *n, status_rank(s)))
        .map(|(s, _, span)| (*s, span.0, span.1));
    // "negotiators to agree on a longer-term truce": a lasting truce is agreed only once it holds or
    // is broken; until then what is agreed about it is the talks.
    let sought = matches!(mentions[0].1, Link::New { variant: Some(Variant::LongTerm), .. });
    let status = status.map(|(s, a, b)| (if sought && s == "agreed" { "proposed" } else { s }, a, b));
    let status = match status {
        Some((s, a, b)) => {
            fields.insert("status", Provenance::span(a, b));
            s
        }
        None if sought => {
            fields.insert(
                "status",
                Provenance::inferred("the text asserts no state of a lasting truce: one named so is still sought"),
            );
            "proposed"
        }
        None => {
            fields.insert(
                "status",
                Provenance::inferred("the text asserts no state; an agreement mentioned is taken as agreed"),
            );
            "agreed"
        }
    };
    let sentences: Vec<usize> = {
        let mut v: Vec<usize> = mentions.iter().map(|(m, _)| m.sentence).collect();
        v.dedup();
        v
    };
    let evidence: Vec<Evidence> = sentences.iter().map(|&s| ctx.evidence(s)).collect();
    let kind = match (registry, &mentions[0].1) {
        (Some(a), _) => a.kind.clone(),
        (None, Link::New { kind, .. }) => kind.to_string(),
        _ => "ceasefire".into(),
    };
    // An earlier year's agreement ("the 2012 cease-fire") was not announced on the report's day.
    let earlier = matches!(mentions[0].1, Link::New { variant: Some(Variant::Past(_)), .. });
    let announced = registry
        .and_then(|a| a.announced)
        .map(|d| d.to_string())
        .or_else(|| ctx.published.filter(|_| !earlier).map(|d| d.to_string()));
    fields.insert(
        "announced",
        match registry {
            Some(_) => Provenance::inferred("the registry's announcement date"),
            None if earlier => Provenance::inferred("unknown: an agreement of an earlier year than the report's"),
            None => Provenance::inferred("the publication date"),
        },
    );
    let (effective_from, duration_hours) = clock(ctx, &sentences, registry, &mut fields);
    let effective_day = if effective_from.is_none() { start_day(ctx, &sentences, &mut fields) } else { None };
    // "during a three-day cease-fire" in June 2018, told in 2020: a length the text states, from the
    // truce's start, ran out before the report; a truce told as agreed or in effect is then over.
    // A registered truce's own length must be the one stated: another length in its sentences is
    // another truce's ("a 48-hour ceasefire" beside an open-ended cessation).
    let stated_length = matches!(fields.get("duration_hours"), Some(Provenance::Span { .. }))
        && registry
            .is_none_or(|a| matches!((a.duration_hours, duration_hours), (Some(r), Some(h)) if (r - h).abs() < 0.5));
    let start = effective_from.as_deref().or(effective_day.as_deref()).and_then(|d| d.get(..10)?.parse::<Date>().ok());
    let status = match (status, stated_length, start, duration_hours, ctx.published) {
        ("agreed" | "in_effect", true, Some(start), Some(hours), Some(published))
            if start
                .checked_add(jiff::Span::new().days((hours / 24.0).ceil() as i64))
                .is_ok_and(|end| end < published) =>
        {
            fields.insert(
                "status",
                Provenance::inferred(format!(
                    "its stated length ({hours} hours from {start}) ran out before the report ({published})"
                )),
            );
            "ended"
        }
        (s, ..) => s,
    };
    let parties = parties(ctx, mentions, registry, fighting, &mut fields);
    let provisions = provisions(ctx, &sentences, main);
    let conditions = conditions(ctx, &sentences, mentions);
    let scope = scope(ctx, &sentences);
    let place = match registry {
        Some(_) => None,
        None => crate::events::main_place(ctx).map(|p| {
            fields.insert("place", Provenance::inferred("the document's main place"));
            AgreementPlace { name: p.name, country: p.country, admin1: p.admin1 }
        }),
    };
    Some(AgreementRecord {
        doc: ctx.doc.id.clone(),
        agreement_id: id.to_owned(),
        registry: registry.is_some(),
        name: registry.map(|a| a.name.clone()),
        kind,
        declaration: registry.map(|a| a.declaration.clone()),
        announced,
        effective_from,
        effective_day,
        duration_hours,
        scope,
        parties,
        guarantors: registry
            .map(|a| a.guarantors.iter().filter_map(|g| ctx.pack.actor(g)).map(|g| g.name.clone()).collect())
            .unwrap_or_default(),
        provisions,
        conditions,
        status,
        place,
        evidence,
        fields,
    })
}

/// When the agreement takes effect (with its UTC offset) and for how long: from the text where it says,
/// else from the registry.
fn clock(
    ctx: &DocContext,
    sentences: &[usize],
    registry: Option<&Agreement>,
    fields: &mut Fields,
) -> (Option<String>, Option<f64>) {
    static START_CUE: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:from|starting|start|effective|as\s+of|since|after|begins?|began|at|(?:took|take|takes|taking|came|come|comes|went|go|goes|going)\s+(?:into\s+)?(?:effect|force|hold))\b[^.;]{0,40}$")
            .unwrap()
    });
    let mut effective = None;
    let mut duration = None;
    for &s in sentences {
        for t in &ctx.times[s] {
            if t.kind == TimeKind::Duration && duration.is_none() {
                duration = t.duration_hours;
                fields.insert("duration_hours", Provenance::span(t.start, t.end));
                continue;
            }
            let before = &ctx.text[ctx.sentences[s].start..t.start];
            if effective.is_none()
                && t.time.is_some()
                && t.kind != TimeKind::Duration
                && START_CUE.is_match(before)
                && let Some(day) = t.from
                && let Some(local) = t.time.map(|time| day.to_datetime(time))
            {
                // "8 a.m. (0500 GMT)": the offset the text gives beats the theatre's zone.
                // "midnight tonight", "00.01 tonight", "from midnight on Saturday": a start announced for
                // the night is the first minutes of the next day.
                let tonight =
                    ctx.text[t.end..].trim_start().get(..7).is_some_and(|w| w.eq_ignore_ascii_case("tonight"));
                let midnight = ctx.text[t.start..t.end].to_ascii_lowercase().contains("midnight");
                let local = if t.future && local.hour() < 4 && (midnight || tonight) {
                    local.checked_add(jiff::Span::new().days(1)).unwrap_or(local)
                } else {
                    local
                };
                if let Some((offset, shift, end)) = bracketed_offset(&ctx.text[t.end..], local) {
                    let local = local.checked_add(jiff::Span::new().minutes(shift)).unwrap_or(local);
                    // "at 8 a.m. (0500 GMT) on Tuesday": the day named after the brackets is the day.
                    let after = t.end + end;
                    let day_after = ctx.times[s].iter().find(|d| {
                        d.start >= after
                            && ctx.text[after..d.start].trim().is_empty()
                            && d.kind == TimeKind::Point
                            && d.precision == Precision::Day
                    });
                    let local = match day_after.and_then(|d| d.from) {
                        Some(day) => day.to_datetime(local.time()),
                        None => local,
                    };
                    let end = day_after.map_or(after, |d| d.end);
                    effective = Some(format_local(local, offset));
                    fields.insert("effective_from", Provenance::span(t.start, end));
                } else if let Some(zoned) = ctx.pack.local_to_zoned(local) {
                    effective = Some(truce_pack::format_offset(&zoned));
                    fields.insert("effective_from", Provenance::span(t.start, t.end));
                }
            }
        }
    }
    if effective.is_none()
        && let Some(start) = registry.and_then(|a| a.start.clone())
    {
        effective = Some(start);
        fields.insert("effective_from", Provenance::inferred("the registry's start time"));
    }
    if duration.is_none() {
        duration = registry.and_then(|a| a.duration_hours);
    }
    (effective, duration)
}

/// Ordinals of a truce's day: "holding for a second day" on Wednesday began on Tuesday.
const DAY_ORDINALS: &[(&str, i64)] = &[
    ("second", 2),
    ("2nd", 2),
    ("third", 3),
    ("3rd", 3),
    ("fourth", 4),
    ("4th", 4),
    ("fifth", 5),
    ("5th", 5),
    ("sixth", 6),
    ("6th", 6),
    ("seventh", 7),
    ("7th", 7),
];

/// The day an agreement began when the text gives the day but no clock: a start cue before a day
/// ("took effect on Tuesday", "began on Friday"), or the day of its Nth day ("was holding for a second
/// day on Wednesday": it began on Tuesday).
fn start_day(ctx: &DocContext, sentences: &[usize], fields: &mut Fields) -> Option<String> {
    static BEGAN: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:(?:took|take|takes|came|comes|went|goes)\s+(?:into\s+)?(?:effect|force|hold)|began|begins|started|starts|went\s+into\s+effect)[\s,]*(?:on\s*)?$").unwrap()
    });
    static NTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:holding|held|in\s+(?:place|effect|force)|observed|lasted|calm)\s+(?:for\s+)?(?:a|its|the)\s+(?P<n>second|2nd|third|3rd|fourth|4th|fifth|5th|sixth|6th|seventh|7th)\s+(?:straight\s+|consecutive\s+|successive\s+)?day\b").unwrap()
    });
    for &s in sentences {
        let sentence = ctx.sentences[s];
        let day_of = |t: &crate::time::TimeMention| {
            (t.kind == TimeKind::Point && t.precision == Precision::Day).then_some(t.from).flatten()
        };
        for t in &ctx.times[s] {
            let Some(day) = day_of(t) else { continue };
            let before = &ctx.text[sentence.start..t.start];
            if BEGAN.is_match(before) {
                fields.insert("effective_day", Provenance::span(t.start, t.end));
                return Some(day.to_string());
            }
        }
        let text = sentence.text(ctx.text);
        if let Some(c) = NTH_DAY.captures(text) {
            let nth = c.name("n")?;
            let n = DAY_ORDINALS.iter().find(|(w, _)| w.eq_ignore_ascii_case(nth.as_str())).map(|(_, n)| *n)?;
            let at = sentence.start + c.get(0)?.end();
            // The day it is in its Nth day: the day named right after, or the report's own day.
            let on = ctx.times[s].iter().find(|t| t.start >= at && t.start <= at + 12).and_then(day_of);
            let Some(on) = on else { continue };
            let began = on.checked_sub(jiff::Span::new().days(n - 1)).ok()?;
            fields.insert("effective_day", Provenance::span(sentence.start + c.get(0)?.start(), at));
            return Some(began.to_string());
        }
    }
    None
}

/// Zones news give a clock in, in brackets after the local time: a fixed offset in hours, or an IANA
/// zone where the offset depends on the date ("ET" is EST in winter, EDT in summer).
const ZONE_ABBREVIATIONS: &[(&str, ZoneOf)] = &[
    ("GMT", ZoneOf::Fixed(0)),
    ("UTC", ZoneOf::Fixed(0)),
    ("EST", ZoneOf::Fixed(-5)),
    ("EDT", ZoneOf::Fixed(-4)),
    ("ET", ZoneOf::Iana("America/New_York")),
    ("EASTERN", ZoneOf::Iana("America/New_York")),
    ("CET", ZoneOf::Fixed(1)),
    ("CEST", ZoneOf::Fixed(2)),
    ("BST", ZoneOf::Fixed(1)),
    ("PST", ZoneOf::Fixed(-8)),
    ("PDT", ZoneOf::Fixed(-7)),
];

#[derive(Clone, Copy)]
enum ZoneOf {
    Fixed(i32),
    Iana(&'static str),
}

/// The offset of a local clock time the text gives again in another zone right after it, in brackets:
/// "8 a.m. (0500 GMT)" is +03:00, "9 p.m. (2 p.m. EST)" +02:00, "midnight Cairo time (2101 GMT)"
/// +03:00. With the minutes to add to the local time when the bracket is the more exact ("midnight"
/// for 00:01: 1), and the bytes it took after `after`'s start.
fn bracketed_offset(after: &str, local: jiff::civil::DateTime) -> Option<(i32, i32, usize)> {
    static BRACKET: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\s*(?:(?:[a-z][\w'’-]+\s+)?(?:local\s+)?time\s*)?\(\s*(?P<h>\d{1,2})(?:[:.]?(?P<m>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?)?\s*(?P<z>GMT|UTC|EST|EDT|ET|Eastern(?:\s+(?:time|standard\s+time|daylight\s+time))?|CET|CEST|BST|PST|PDT)\b[^)]{0,20}\)").unwrap()
    });
    let c = BRACKET.captures(after)?;
    let mut hour: i32 = c["h"].parse().ok()?;
    let minute: i32 = c.name("m").map_or(Some(0), |m| m.as_str().parse().ok())?;
    if let Some(ampm) = c.name("ampm") {
        let pm = ampm.as_str().to_ascii_lowercase().starts_with('p');
        hour = hour % 12 + if pm { 12 } else { 0 };
    }
    if hour > 23 || minute > 59 {
        return None;
    }
    let zone = c["z"].split_whitespace().next().unwrap_or("").to_ascii_uppercase();
    let (_, of) = ZONE_ABBREVIATIONS.iter().find(|(name, _)| *name == zone)?;
    let zone_offset_minutes = match of {
        ZoneOf::Fixed(h) => h * 60,
        ZoneOf::Iana(name) => {
            let tz = jiff::tz::TimeZone::get(name).ok()?;
            local.to_zoned(tz).ok()?.offset().seconds() / 60
        }
    };
    // The same instant told twice: local = other + (local offset - other offset), within a day.
    let local_minutes = local.hour() as i32 * 60 + local.minute() as i32;
    let other_minutes = hour * 60 + minute;
    let mut offset = local_minutes - other_minutes + zone_offset_minutes;
    while offset > 14 * 60 {
        offset -= 24 * 60;
    }
    while offset < -12 * 60 {
        offset += 24 * 60;
    }
    // Offsets are whole quarter hours: "midnight (2101 GMT)" is the bracket's exact minute, 00:01.
    let exact = (offset as f64 / 15.0).round() as i32 * 15;
    Some((exact, exact - offset, c.get(0)?.end()))
}

/// A local date and time with an offset in minutes, as ISO 8601.
fn format_local(local: jiff::civil::DateTime, offset_minutes: i32) -> String {
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    format!(
        "{}T{:02}:{:02}{sign}{:02}:{:02}",
        local.date(),
        local.hour(),
        local.minute(),
        offset_minutes.abs() / 60,
        offset_minutes.abs() % 60
    )
}

/// A name that may be a side of an agreement: one the pack or the world knows, or one no pack lists,
/// kept as the text gives it ("Hamas", "the Taliban", "pro-Russian separatists").
#[derive(Clone, Copy)]
struct SideName<'c> {
    start: usize,
    end: usize,
    known: Option<&'c truce_pack::NameMatch>,
    /// A capitalised name the text gives no other sign of being a side: taken only where the words
    /// around it say it is one ("a truce between Israel and Hamas").
    weak: bool,
}

/// Groups a text names by what they are rather than by a name: outside a pack's theatre they are kept
/// as written, with the words that say whose they are ("pro-Russian separatists", "separatist rebels").
static GROUP_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"\b(?:[Pp]ro-[A-Z][a-z]+\s+)?(?:[Ss]eparatist\s+)?(?:separatists|rebels|insurgents)\b").unwrap()
});

/// Every name of the document that may be a side, in order: the names the pack or the world know, the
/// organisations and recurring names no pack lists (each occurrence, also within a compound such as
/// "Hamas-Israel"), and group phrases where no name stands.
fn side_names<'c>(ctx: &'c DocContext) -> Vec<SideName<'c>> {
    use crate::names::NameKind;
    // A world town's name the document cannot mean ("Hamas", an alternate name of Hamm) is no name here,
    // as for the recogniser of names no pack lists.
    let world = truce_pack::World::get();
    let means = |n: &truce_pack::NameMatch| {
        n.entries.iter().any(|e| match e.entity {
            Entity::World(p) => world.is_country(p),
            Entity::WorldAlias(_) => false,
            _ => true,
        }) || ctx.place_of(n).is_some()
    };
    let mut out: Vec<SideName> = ctx
        .names
        .iter()
        .filter(|n| means(n))
        .map(|n| SideName { start: n.start, end: n.end, known: Some(n), weak: false })
        .collect();
    let taken = SortedSpans::new(out.iter().map(|s| (s.start, s.end)).collect());
    // A recurring name that is also the last word of a person's name ("President Morsi" ... "Morsi") is
    // the person's.
    let mut surnames: HashSet<&str> = ctx
        .unlisted
        .iter()
        .filter(|u| u.kind == NameKind::Person)
        .filter_map(|u| ctx.text[u.start..u.end].rsplit(' ').next())
        .collect();
    // "Egyptian President Mohammed Morsi": a run with a title in it ends in a person's name, whatever
    // the name it opens with.
    for &(start, end) in &ctx.capitalised_runs {
        let words: Vec<&str> = ctx.text[start..end].split(' ').collect();
        let titled = words[..words.len().saturating_sub(1)].iter().any(|w| {
            crate::names::TITLE_WORDS.contains(w)
                || crate::names::PERSON_TITLES.contains(&w.to_ascii_lowercase().as_str())
        });
        if titled && let Some(last) = words.last() {
            surnames.insert(last.strip_suffix("'s").or_else(|| last.strip_suffix("’s")).unwrap_or(last));
        }
    }
    let sides: HashSet<&str> = ctx
        .unlisted
        .iter()
        .filter(|u| matches!(u.kind, NameKind::Organisation | NameKind::Name))
        .map(|u| &ctx.text[u.start..u.end])
        .filter(|t| !surnames.contains(t))
        .collect();
    let mut extra: Vec<(usize, usize)> = Vec::new();
    for &(start, end) in &ctx.capitalised_runs {
        let run = &ctx.text[start..end];
        let mut at = start;
        for part in run.split(['-', ' ']) {
            let part_start = at;
            at += part.len() + 1;
            let part = part.strip_suffix("'s").or_else(|| part.strip_suffix("’s")).unwrap_or(part);
            let whole = sides.contains(run) && part_start == start;
            if whole {
                extra.push((start, end));
                break;
            }
            if sides.contains(part) && !taken.overlaps(part_start, part_start + part.len()) {
                extra.push((part_start, part_start + part.len()));
            }
        }
    }
    if !ctx.in_theatre {
        for m in GROUP_PHRASE.find_iter(ctx.text) {
            extra.push((m.start(), m.end()));
        }
    }
    let added = SortedSpans::new(extra.clone());
    for (start, end) in extra {
        if !taken.overlaps(start, end) {
            out.push(SideName { start, end, known: None, weak: false });
        }
    }
    // Every other capitalised name, weakly.
    let mut weak: Vec<(usize, usize)> = Vec::new();
    for &(start, end) in &ctx.capitalised_runs {
        let run = &ctx.text[start..end];
        let (start, run) = match run.strip_prefix("The ") {
            Some(rest) => (start + 4, rest),
            None => (start, run),
        };
        let run = run.strip_suffix("'s").or_else(|| run.strip_suffix("’s")).unwrap_or(run);
        let end = start + run.len();
        if run.len() > 1
            && !truce_pack::is_common_capitalised(&truce_pack::fold::fold(run))
            && !taken.overlaps(start, end)
            && !added.overlaps(start, end)
        {
            weak.push((start, end));
        }
    }
    out.extend(weak.iter().map(|&(start, end)| SideName { start, end, known: None, weak: true }));
    out.sort_by_key(|s| (s.start, s.end));
    out
}

/// The canonical name of a side: the pack's actor, the world's state ("Israel"; a nationality only where
/// it modifies the agreement word, "an Egyptian-brokered truce"), or a name no pack lists as written.
fn side_name(ctx: &DocContext, s: &SideName, modifier: bool) -> Option<String> {
    let Some(n) = s.known else {
        let text = &ctx.text[s.start..s.end];
        return Some(text.strip_prefix("the ").unwrap_or(text).to_owned());
    };
    if let Some(r) = ctx.actor(n) {
        return matches!(
            r.actor.kind.as_str(),
            "state"
                | "rebel_group"
                | "jihadist_group"
                | "coalition"
                | "political_opposition"
                | "international_organisation"
        )
        .then(|| r.actor.name.clone());
    }
    let world = truce_pack::World::get();
    n.entries.iter().find_map(|e| match e.entity {
        Entity::World(p) if world.is_country(p) => Some(world.countries[p as usize].name.to_owned()),
        Entity::Demonym(c) if modifier => Some(world.countries[c as usize].name.to_owned()),
        Entity::Unlisted(i) if ctx.unlisted[i as usize].kind == crate::names::NameKind::Organisation => {
            Some(ctx.text[n.start..n.end].to_owned())
        }
        _ => None,
    })
}

/// The parties of an agreement as the text gives them, first found first: names modifying a mention
/// ("a Turkish-Russian deal", "the Hamas-Israel truce"), sides "between" whom talks or a deal are
/// ("talks between Russia and Turkey"), those said to agree to, accept, observe or propose it in the
/// clause of an agreement word ("the government has agreed to a truce"), and those it is "with" or
/// "brokered by". Names no pack lists are kept as the text gives them. Where the text names none, the
/// registry's parties, marked inferred.
fn parties(
    ctx: &DocContext,
    mentions: &[&(Mention, Link)],
    registry: Option<&Agreement>,
    fighting: Option<&FightingSides>,
    fields: &mut Fields,
) -> Vec<String> {
    static AGREE_VERB: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(
            r"(?i)\b(?:agree[sd]?|agreed\s+to|approved|accepted|accepts?|signed|concluded|announced|declared|clinch(?:ed)?|began\s+observing|observ(?:e|es|ed|ing)|proposed|offered|called\s+for|calls\s+for|urged|brokered|mediated|reached|struck|wants?|wanted|rejected|rejects|refused|seeks?|sought|demand(?:s|ed)?|committed\s+to|respect(?:s|ed)?|abide\s+by)\b",
        )
        .unwrap()
    });
    static BETWEEN: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:negotiations?|talks|deal|agreement|accord|truce|cease-?fire)\s+between\s+((?:the\s+)?[^,.;:]{1,40}?\s+and\s+(?:the\s+)?[^,.;:\s]+(?:\s+[^,.;:\s]+)?)")
            .unwrap()
    });
    // "a truce with Israel", "the ceasefire brokered by Egypt": the side or broker named right after.
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\s*(?:(?:agreement|deal|proposal|plan)\s+)?(?:with|(?:brokered|mediated|proposed)\s+by)\s+(?:the\s+)?").unwrap()
    });
    let sides = side_names(ctx);
    let sides_in = |from: usize, to: usize| {
        let first = sides.partition_point(|s| s.start < from);
        sides[first..].iter().take_while(move |s| s.start < to).filter(move |s| s.end <= to)
    };
    let mut out: Vec<(String, (usize, usize))> = Vec::new();
    // Names are checked for bystanders (a base, a border, a broker), except the sides "between" whom a
    // deal is: a bystander to an event, but here what is looked for.
    let add_side = |out: &mut Vec<(String, (usize, usize))>, s: &SideName, checked: bool, modifier: bool| {
        if checked && (s.weak || s.known.is_some_and(|n| ctx.is_bystander(n))) {
            return;
        }
        if let Some(name) = side_name(ctx, s, modifier)
            && !out.iter().any(|(have, _)| *have == name)
        {
            out.push((name, (s.start, s.end)));
        }
    };
    // What may stand between a name and the agreement word it modifies: "the Turkish-Russian buffer-zone
    // deal", "a US-brokered truce", "Israel's temporary 'ceasefire'", "a 72-hour truce".
    let filler = |gap: &str| {
        gap.split(|c: char| c.is_whitespace() || c == '-').filter(|w| !w.is_empty()).all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’');
            let w = w.strip_prefix(['\'', '’']).unwrap_or(w);
            w.is_empty()
                || w.chars().all(|c| c.is_ascii_digit())
                || matches!(
                    w.to_ascii_lowercase().as_str(),
                    "the"
                        | "a"
                        | "an"
                        | "and"
                        | "'s"
                        | "’s"
                        | "s"
                        | "buffer"
                        | "zone"
                        | "peace"
                        | "de"
                        | "escalation"
                        | "security"
                        | "cease"
                        | "fire"
                        | "ceasefire"
                        | "truce"
                        | "brokered"
                        | "backed"
                        | "sponsored"
                        | "led"
                        | "mediated"
                        | "new"
                        | "latest"
                        | "temporary"
                        | "unilateral"
                        | "humanitarian"
                        | "hour"
                        | "day"
                        | "week"
                        | "month"
                        | "one"
                        | "two"
                        | "three"
                        | "four"
                        | "five"
                        | "seven"
                        | "point"
                )
        })
    };
    let mut sentences: Vec<usize> = Vec::new();
    let mut taken: HashSet<usize> = HashSet::new();
    for (m, _) in mentions {
        let s = ctx.sentences[m.sentence];
        // Names inside the mention ("the Turkish-Russian deal" as the registry knows it), then those
        // before it joined to it by filler only, nearest first.
        let near: Vec<&SideName> = sides_in(s.start.max(m.start.saturating_sub(60)), m.end).collect();
        let mut joined_at = m.start;
        for side in near.iter().rev() {
            if side.start >= m.start {
                if let Some(n) = side.known {
                    // A name the pack knows whole ("the Turkish-Russian deal") hides the names within it.
                    let whole = &ctx.text[n.start..n.end];
                    let mut at = 0;
                    for word in whole.split(|c: char| c.is_whitespace() || c == '-') {
                        let start = n.start + at + whole[at..].find(word).unwrap_or(0);
                        at = start - n.start + word.len();
                        let entries = ctx.pack.lookup(word);
                        if !word.is_empty() && entries.iter().any(|e| matches!(e.entity, Entity::Actor(_))) {
                            let inner = truce_pack::NameMatch { start, end: start + word.len(), entries, fuzzy: false };
                            let inner_side = SideName { start, end: inner.end, known: Some(&inner), weak: false };
                            add_side(&mut out, &inner_side, true, true);
                        }
                    }
                }
                add_side(&mut out, side, true, true);
            } else if side.end <= joined_at && filler(&ctx.text[side.end..joined_at]) {
                // "the Syria ceasefire deal" says where, not who: a place's name is scope.
                if !side.known.is_some_and(|n| n.entries.iter().any(|e| matches!(e.entity, Entity::Place(_)))) {
                    add_side(&mut out, side, true, true);
                }
                joined_at = side.start;
            } else {
                break;
            }
        }
        // "a truce with Israel", "brokered by Egypt".
        if let Some(after) = AFTER.find(&ctx.text[m.end..s.end.max(m.end)])
            && let Some(side) = sides_in(m.end + after.end(), s.end).next()
            && side.start == m.end + after.end()
        {
            add_side(&mut out, side, true, false);
        }
        if taken.insert(m.sentence) {
            sentences.push(m.sentence);
        }
    }
    // The mentions of each sentence, for the verbs there: one agreement mentioned all through a long
    // document must not be scanned whole for every verb.
    let mut in_sentence: HashMap<usize, Vec<&Mention>> = HashMap::new();
    for (m, _) in mentions {
        in_sentence.entry(m.sentence).or_default().push(m);
    }
    for &i in &sentences {
        let s = ctx.sentences[i];
        let text = s.text(ctx.text);
        // The sides are after "between": "Negotiations between Russia and Turkey" has no side "Negotiations".
        for between in BETWEEN.captures_iter(text).filter_map(|c| c.get(1)) {
            for side in sides_in(s.start + between.start(), s.start + between.end()) {
                add_side(&mut out, side, false, false);
            }
        }
        // "Poroshenko and rebel leaders said a ceasefire could be agreed on Friday": the speakers of a
        // truce in the passive of agreeing are its sides.
        static SPEAKERS_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
            crate::re(r"(?i)\b(?:said|say|says|announced|expect(?:s|ed)?|hope[sd]?|believe[sd]?)\s+(?:that\s+)?(?:a|an|the)?\s*$").unwrap()
        });
        for m in in_sentence.get(&i).into_iter().flatten() {
            if !PASSIVE_AGREED.is_match(&ctx.text[m.end..s.end.max(m.end)]) {
                continue;
            }
            if let Some(verb) = SPEAKERS_BEFORE.find(&ctx.text[s.start..m.start]) {
                let verb_at = s.start + verb.start();
                for side in sides_in(s.start, verb_at) {
                    if !ctx.text[side.end..verb_at].contains([',', ';', ':']) {
                        add_side(&mut out, side, true, false);
                    }
                }
            }
        }
        for verb in AGREE_VERB.find_iter(text) {
            let (verb_at, verb_end) = (s.start + verb.start(), s.start + verb.end());
            // The verb must take this agreement as its object ("has agreed to a truce"), with no other
            // agreement word between: "agreed to a truce on condition that a buffer-zone deal ..." gives
            // the truce its party, not the deal; "strikes against agreed targets" gives none.
            let object = in_sentence.get(&i).into_iter().flatten().any(|m| {
                m.start >= verb_end
                    && m.start - verb_end <= 80
                    && !KEYWORD.is_match(&ctx.text[verb_end..m.start])
                    && ctx
                        .names_in(verb_end, m.start)
                        .all(|n| !n.entries.iter().any(|e| matches!(e.entity, Entity::Agreement(_))))
            });
            if !object {
                continue;
            }
            for side in sides_in(s.start.max(verb_at.saturating_sub(60)), verb_at) {
                // The subject of the verb in its own clause: "Syria's civil war: US and Russia clinch" names
                // Syria outside it.
                let between = &ctx.text[side.end..verb_at];
                // "Israel must abide by the agreements" binds its subject; "Turkey has an obligation to
                // ... respect the ceasefire" is a demand on it: a verb of compliance takes only a subject
                // next to it (a modal at most), others one within the clause.
                let words = between.split_whitespace().count();
                let compliance =
                    matches!(verb.as_str().get(..4).map(str::to_ascii_lowercase).as_deref(), Some("resp" | "abid"));
                let reach = if compliance { 2 } else { 8 };
                if words <= reach && !between.contains([':', ';', '(', ')']) {
                    add_side(&mut out, side, true, false);
                }
            }
        }
    }
    // A registered agreement's parties and guarantors that the report names by name are its parties in
    // this report too: the registry says who they are to the deal, the text that they are in the story.
    // A mediator counts only where the agreement's own sentences name it (a broker of the deal, not an
    // observer the story mentions elsewhere).
    if let Some(a) = registry {
        let in_sentences = |m: &truce_pack::NameMatch| {
            sentences.iter().any(|&i| ctx.sentences[i].start <= m.start && m.end <= ctx.sentences[i].end)
        };
        let roles =
            a.parties.iter().chain(&a.guarantors).map(|id| (id, false)).chain(a.mediators.iter().map(|id| (id, true)));
        for (id, mediator) in roles {
            let named = ctx.names.iter().find(|m| {
                (!mediator || in_sentences(m))
                    && ctx.actor(m).is_some_and(|r| r.via != truce_pack::Via::Generic && r.actor.id == *id)
            });
            if let (Some(m), Some(actor)) = (named, ctx.pack.actor(id))
                && !out.iter().any(|(have, _)| *have == actor.name)
            {
                out.push((actor.name.clone(), (m.start, m.end)));
            }
        }
    }
    if let Some((_, span)) = out.first() {
        fields.insert("parties", Provenance::span(span.0, span.1));
        return out.into_iter().map(|(name, _)| name).collect();
    }
    let Some(a) = registry else {
        // "violations on both sides", "the warring parties": the agreement's own words say it is between
        // the sides of the fighting, and the report's events say who they are.
        static BOTH_SIDES: LazyLock<Regex> = LazyLock::new(|| {
            crate::re(r"(?i)\b(?:both|the\s+two|all\s+the|the\s+warring|warring)\s+(?:sides|parties|camps|factions)\b")
                .unwrap()
        });
        let said = sentences.iter().find_map(|&i| {
            let s = ctx.sentences[i];
            BOTH_SIDES.find(s.text(ctx.text)).map(|m| (s.start + m.start(), s.start + m.end()))
        });
        if let (Some((from, to)), Some(f)) = (said, fighting) {
            fields.insert(
                "parties",
                Provenance::inferred(format!(
                    "“{}” (bytes {from}..{to}): the two sides the report's fighting is between (bytes {}..{})",
                    &ctx.text[from..to],
                    f.span.0,
                    f.span.1
                )),
            );
            return f.sides.to_vec();
        }
        return Vec::new();
    };
    fields.insert("parties", Provenance::inferred("the registry's parties: the text names none"));
    a.parties.iter().filter_map(|p| ctx.pack.actor(p)).map(|p| p.name.clone()).collect()
}

fn provisions(ctx: &DocContext, sentences: &[usize], main: bool) -> Vec<Provision> {
    // "The fighters would have to pull back 20 km from areas set under an older deal. They must also take
    // their heavy guns away", "Washington has to get the groups it backs to separate
    // from ...", "Moscow and Washington will set up joint strikes": obligations and undertakings stated
    // before any agreement is named.
    static OBLIGED: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:would|will)\s+have\s+to\b|\b(?:are|is|were|was)\s+(?:also\s+)?(?:required|obliged)\s+to\b|\bmust\b|\b(?:has|have|needs?)\s+to\b|\b(?:will|would)\b").unwrap()
    });
    let mut out: Vec<Provision> = Vec::new();
    // "... the Sochi memorandum. Among other matters, it stipulates that ...": a sentence that goes on to
    // say what the agreement just named provides belongs to it.
    let mut scanned: Vec<usize> = sentences.to_vec();
    // A set beside the list: membership is asked for every sentence of the document.
    let mut is_scanned: HashSet<usize> = scanned.iter().copied().collect();
    for &s in sentences {
        if let Some(next) = ctx.sentences.get(s + 1)
            && !is_scanned.contains(&(s + 1))
            && STIPULATES.is_match(next.text(ctx.text))
        {
            scanned.push(s + 1);
            is_scanned.insert(s + 1);
        }
    }
    if main {
        for (i, sent) in ctx.sentences.iter().enumerate() {
            let text = sent.text(ctx.text);
            let Some(obliged) = OBLIGED.find(text) else { continue };
            // A bare "will" undertakes something only when a side is named with it.
            let bare_modal = matches!(obliged.as_str().to_ascii_lowercase().as_str(), "will" | "would");
            let side_named = ctx.names_in(sent.start, sent.end).any(|n| {
                ctx.actor(n).is_some_and(|r| {
                    matches!(r.actor.kind.as_str(), "state" | "rebel_group" | "jihadist_group" | "coalition")
                })
            });
            if bare_modal && !side_named {
                continue;
            }
            let named_before = KEYWORD.find(text).is_some_and(|k| k.start() < obliged.start())
                || ctx
                    .names_in(sent.start, sent.start + obliged.start())
                    .any(|n| n.entries.iter().any(|e| matches!(e.entity, Entity::Agreement(_))));
            if !named_before && is_scanned.insert(i) {
                scanned.push(i);
            }
        }
    }
    for &s in &scanned {
        let sent = ctx.sentences[s];
        let text = sent.text(ctx.text);
        for (k, re) in PROVISION_REGEXES.iter().enumerate() {
            for m in re.find_iter(text) {
                let kind = PROVISIONS[k].kind;
                if let Some(p) = out.iter().find(|p| p.kind == kind)
                    && (!p.distances_km.is_empty() || !matches!(kind, "withdraw_forces" | "demilitarized_zone"))
                {
                    continue;
                }
                let mut window_end = (m.end() + 80).min(text.len());
                while !text.is_char_boundary(window_end) {
                    window_end -= 1;
                }
                let window = &text[m.start()..window_end];
                let distances_km = if matches!(kind, "withdraw_forces" | "demilitarized_zone") {
                    let mut found = distances(window);
                    if found.is_empty() {
                        found = distances(text);
                    }
                    // "... a demilitarised zone. The zone is 15 km deep ...": the next sentence describes it.
                    if found.is_empty()
                        && let Some(next) = ctx.sentences.get(s + 1)
                        && ZONE_CONTINUATION.is_match(next.text(ctx.text))
                    {
                        found = distances(next.text(ctx.text));
                    }
                    found
                } else {
                    Vec::new()
                };
                let distance_km = distances_km.iter().copied().reduce(f64::max);
                let after_days = if kind == "joint_strikes" {
                    ctx.times[s]
                        .iter()
                        .find(|t| t.kind == TimeKind::Duration)
                        .and_then(|t| t.duration_hours)
                        .map(|h| (h / 24.0).round() as u32)
                } else {
                    None
                };
                if let Some(p) = out.iter_mut().find(|p| p.kind == kind) {
                    // A later sentence gives the width an earlier mention of the same provision left out.
                    if !distances_km.is_empty() {
                        p.distance_km = distance_km;
                        p.distances_km = distances_km;
                    }
                    continue;
                }
                out.push(Provision {
                    kind,
                    distance_km,
                    distances_km,
                    after_days,
                    by: None,
                    span: [sent.start + m.start(), sent.start + m.end()],
                });
            }
        }
    }
    out
}

fn conditions(ctx: &DocContext, sentences: &[usize], mentions: &[&(Mention, Link)]) -> Vec<Condition> {
    // "If the regime commits, we will commit": the condition ends where the promise begins.
    static CONSEQUENT: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i),\s*[“\x22]?(?:then\s+)?(?:[\w’'-]+\s+){1,4}?(?:will|would|shall|can|could)\b").unwrap()
    });
    // "If the truce holds, it will be a shining achievement": what follows judges the truce, nobody's
    // commitment hangs on it; "if X had not been included, ..." looks back at what did not happen.
    static PREDICTION: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\s*,?\s*[“\x22]?\s*(?:then\s+)?(?:it|this|that)\s+(?:will|would|could|can|may|might)\s+(?:not\s+)?(?:be|provide|mean|give|prove|open|help|make|create|offer|pave)\b").unwrap()
    });
    static COUNTERFACTUAL: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\bhad\s+(?:not\s+|never\s+)?(?:been|made|included|happened|signed)\b").unwrap()
    });
    // "... is implemented, state news agency SANA reported": the source is not part of the condition.
    static SOURCE: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i),?\s*[^,]{0,50}?\b(?:said|says|reported|reports|told|according\s+to)\b").unwrap()
    });
    let mut out: Vec<Condition> = Vec::new();
    // The agreement's mentions (an empty one counts as its first byte), searched for every keyword.
    let spans = SortedSpans::new(mentions.iter().map(|(m, _)| (m.start, m.end.max(m.start + 1))).collect());
    let ours = |at: usize| spans.holds(at);
    for &s in sentences {
        let sent = ctx.sentences[s];
        let text = sent.text(ctx.text);
        for c in CONDITION.captures_iter(text) {
            let whole = c.get(0).unwrap();
            let mut requires = c["requires"].trim().trim_end_matches(',');
            for cut in [&*CONSEQUENT, &*SOURCE] {
                if let Some(m) = cut.find(requires)
                    && m.start() > 0
                {
                    requires = &requires[..m.start()];
                }
            }
            // "officials, who spoke on condition of anonymity": a source's terms with a reporter, not
            // a party's terms for a truce.
            static SOURCE_TERMS: LazyLock<Regex> = LazyLock::new(|| {
                crate::re(r"(?i)^(?:anonymity|not\s+being\s+(?:named|identified)|(?:he|she|they|it)\s+(?:not\s+be|was\s+not|were\s+not|be\s+not)\s+(?:named|identified|quoted))\b").unwrap()
            });
            if SOURCE_TERMS.is_match(requires) || COUNTERFACTUAL.is_match(requires) {
                continue;
            }
            // `requires` is a slice of `text`: where it ends there.
            let requires_end = requires.as_ptr() as usize - text.as_ptr() as usize + requires.len();
            if PREDICTION.is_match(&text[requires_end..]) {
                continue;
            }
            let requires_at = sent.start + c.name("requires").unwrap().start();
            // "A truce on condition that the Sochi deal is implemented" is a condition of the truce, not of
            // the deal it names.
            let named_inside = spans.starts_in(requires_at, requires_at + requires.len());
            let other_before = KEYWORD.find_iter(&text[..whole.start()]).any(|k| !ours(sent.start + k.start()))
                || ctx
                    .names_in(sent.start, sent.start + whole.start())
                    .any(|n| n.entries.iter().any(|e| matches!(e.entity, Entity::Agreement(_))) && !ours(n.start));
            if named_inside && other_before {
                continue;
            }
            let party = party_before(ctx, s, sent.start + whole.start());
            out.push(Condition {
                party,
                requires: requires.to_owned(),
                span: [sent.start + whole.start(), sent.start + whole.end()],
            });
        }
    }
    out
}

/// Who sets a condition: the last side named before it in its sentence, else the subject of a verb of
/// speech there (`quotes::stating_subject`), else the side of the last person or side named in the two
/// sentences before (the speaker of a quoted "if ..., we will ...").
fn party_before(ctx: &DocContext, sentence: usize, at: usize) -> Option<String> {
    let side = |n: &truce_pack::NameMatch| -> Option<String> {
        if let Some(r) = ctx.actor(n)
            && !matches!(r.actor.kind.as_str(), "news_agency" | "monitor")
        {
            return Some(r.actor.name.clone());
        }
        let person = ctx.pack.person_from_entries(&n.entries, ctx.published)?;
        let actor = person.role.and_then(|r| r.actor.as_deref()).and_then(|a| ctx.pack.actor(a))?;
        Some(actor.name.clone())
    };
    let sent = ctx.sentences[sentence];
    if let Some(p) = ctx.names_in(sent.start, at).filter_map(&side).last() {
        return Some(p);
    }
    // "Prime Minister X warned of more strikes if ...": the speaker the sentence names, as written when
    // no pack knows them; unattributed would hide who set the terms.
    if let Some(p) = crate::quotes::stating_subject(ctx, sent.start, at) {
        return Some(p);
    }
    let from = ctx.sentences[sentence.saturating_sub(2)].start;
    ctx.names_in(from, sent.start).filter_map(side).last()
}

/// Governorates and zones the agreement's sentences name.
fn scope(ctx: &DocContext, sentences: &[usize]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for &s in sentences {
        let sent = ctx.sentences[s];
        for n in ctx.names_in(sent.start, sent.end) {
            for e in &n.entries {
                let name = match e.entity {
                    Entity::Zone(i) => Some(ctx.pack.zones[i].name.clone()),
                    Entity::Place(i) if ctx.pack.places[i].kind == PlaceKind::Governorate => {
                        Some(ctx.pack.places[i].name.clone())
                    }
                    _ => None,
                };
                if let Some(name) = name
                    && !out.contains(&name)
                {
                    out.push(name);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clock time told again in another zone in brackets gives its offset, whatever the theatre.
    #[test]
    fn a_clock_given_again_in_another_zone_gives_the_offset() {
        // (what follows the local time, the local time, the offset in minutes).
        const CASES: &[(&str, &str, Option<i32>)] = &[
            (" (0500 GMT) Tuesday", "2014-08-05T08:00", Some(180)),
            ("(2 p.m. EST)", "2012-11-21T21:00", Some(120)),
            (" (1 a.m. ET)", "2014-08-05T08:00", Some(180)),
            (" (1 a.m. ET)", "2015-02-15T08:00", Some(120)),
            (" (2101 GMT)", "2014-08-26T00:01", Some(180)),
            (" (22:00 UTC) on Saturday", "2015-02-15T00:00", Some(120)),
            (" Cairo time (2101 GMT)", "2014-08-26T00:00", Some(180)),
            (" local time (0500 GMT)", "2014-08-05T08:00", Some(180)),
            (" (in Gaza)", "2014-08-05T08:00", None),
            (" Tuesday (0500 GMT)", "2014-08-05T08:00", None),
        ];
        for (after, local, want) in CASES {
            let local: jiff::civil::DateTime = local.parse().unwrap();
            assert_eq!(bracketed_offset(after, local).map(|(o, _, _)| o), *want, "{local} {after:?}");
        }
        // The bracket is exact to the minute: "midnight (2101 GMT)" begins at 00:01.
        let midnight: jiff::civil::DateTime = "2014-08-26T00:00".parse().unwrap();
        assert_eq!(bracketed_offset(" (2101 GMT)", midnight).map(|(o, s, _)| (o, s)), Some((180, 1)));
        assert_eq!(format_local("2012-11-21T21:00".parse().unwrap(), 120), "2012-11-21T21:00+02:00");
        assert_eq!(format_local("2020-01-01T09:30".parse().unwrap(), -270), "2020-01-01T09:30-04:30");
    }

    /// Every case of every status cue, read as a mention in its sentence is: the whole table decides.
    #[test]
    fn status_cues_give_their_cases() {
        let rows = read_status_cues(include_str!("../data/status_cues.toml"));
        let mut labels = std::collections::BTreeSet::new();
        for (cue, cases) in &rows {
            labels.insert(cue.label.as_str());
            assert!(!cases.is_empty(), "status cue {:?} has no case", cue.label);
            for (sentence, want) in cases {
                let (Some(open), Some(close)) = (sentence.find('['), sentence.find(']')) else {
                    panic!("case {sentence:?}: the mention must be in [brackets]")
                };
                let text = format!("{}{}{}", &sentence[..open], &sentence[open + 1..close], &sentence[close + 1..]);
                let got = read_status(&text, open, close - 1).status.unwrap_or("none");
                assert_eq!(got, want, "cue {:?}: {sentence}", cue.label);
            }
        }
        for label in ["holding", "strained", "broken", "collapsed", "ended", "extended", "renewed", "proposed"] {
            assert!(labels.contains(label), "no {label} cue");
        }
    }
}
