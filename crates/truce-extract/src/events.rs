//! Conflict events in ACLED's taxonomy: who did what to whom, where and when, with fatalities.
//!
//! The rules are ours, written for news of war: a clause holds at most one event, named by its most
//! specific trigger ("barrel bombs" before "attack"); a clause that reports something stopping is a
//! `ceased` event; hypotheticals, obligations, conditions, denials and plans are no events at all.
//! Reports of one event within a document merge into one record with several evidence spans.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use truce_pack::{Entity, NameMatch, Place, Via};

use crate::context::DocContext;
use crate::numbers::counts;
use crate::records::{EventRecord, Evidence, Fields, Provenance};
use crate::time::{Precision, TimeKind, TimeMention};

/// One kind of trigger: ACLED event type, sub-event type, how specific it is, and its words.
struct TriggerKind {
    event_type: &'static str,
    sub_event_type: &'static str,
    specificity: u8,
    pattern: &'static str,
}

const TRIGGERS: &[TriggerKind] = &[
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Chemical weapon",
        specificity: 95,
        pattern: r"chemical\s+(?:weapons?\s+)?attacks?|chemical\s+weapons?|toxic\s+gas(?:es)?|poison(?:ous)?\s+gas|chlorine(?:\s+gas)?|sarin|nerve\s+agents?|gas\s+attacks?|suffocation",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Suicide bomb",
        specificity: 90,
        pattern: r"suicide\s+(?:bomb(?:er|ers|ing|ings|s)?|attacks?|attackers?|car\s+bomb(?:ing)?s?|blasts?|truck\s+bombs?|vests?|bombers?)|blew\s+(?:himself|herself|themselves)\s+up|self-detonat\w*|martyrdom\s+operation",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Air/drone strike",
        specificity: 80,
        pattern: r"air\s*strikes?|air\s*-\s*strikes?|air\s+raids?|airstrike|air\s+attacks?|aerial\s+(?:bombardment|attacks?|strikes?|bombing)|barrel[\s-]+bombs?|drone\s+strikes?|warplanes?|war\s+planes?|fighter\s+jets?|jets|helicopters?|gunships?|aircraft|air\s+force\s+(?:strikes?|raids?)|bombing\s+raids?|raids?|air\s+campaign",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Shelling/artillery/missile attack",
        specificity: 75,
        pattern: r"shell(?:ing|ings|ed|s)|artillery|mortars?|rockets?|missiles?|bombardments?|bombarded|tank\s+fire|ground\s+fire|cannon\s+fire|projectiles?|grad\s+rockets|cluster\s+(?:munitions|bombs)|surface-to-surface",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Remote explosive/landmine/IED",
        specificity: 70,
        pattern: r"(?:car|motorcycle|motorbike|truck|vehicle)\s+bombers?|car\s+bombs?|car\s+bombings?|bomb\s+blasts?|(?:roadside|improvised|planted)\s+(?:bombs?|explosives?)|ieds?|land\s*mines?|mines?\s+(?:blast|explosion)|explosive\s+devices?|booby[\s-]+trapped|explosions?|blasts?|bombings?|bombs?|detonat\w+|exploded",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Grenade",
        specificity: 72,
        pattern: r"grenades?",
    },
    TriggerKind {
        event_type: "Violence against civilians",
        sub_event_type: "Attack",
        specificity: 65,
        pattern: r"executed|executions?|beheaded|beheadings?|massacred?|massacres|shot\s+dead|gunned\s+down|slaughtered|tortured\s+to\s+death|lynched|summarily\s+killed",
    },
    TriggerKind {
        event_type: "Violence against civilians",
        sub_event_type: "Abduction/forced disappearance",
        specificity: 64,
        pattern: r"kidnapp?(?:ed|ing|ings)|abduct(?:ed|ion|ions|ing)|taken\s+hostage|forcibly\s+disappeared",
    },
    TriggerKind {
        event_type: "Battles",
        sub_event_type: "Government regains territory",
        specificity: 60,
        pattern: r"recaptur(?:ed|e|es|ing)|retook|retake|regain(?:ed|s)?\s+control|took\s+back|taken\s+back|liberat(?:ed|ing|ion)|restored\s+control|(?:have|had|has|took|taken|gained)\s+control\s+over|control\s+over\s+several|advanced\s+(?:to|into)",
    },
    TriggerKind {
        event_type: "Battles",
        sub_event_type: "Non-state actor overtakes territory",
        specificity: 58,
        pattern: r"seized|seizes|captured|captures|overran|overruns|overrun|took\s+control|takes\s+control|stormed|storms|fell\s+to|falls\s+to",
    },
    TriggerKind {
        event_type: "Battles",
        sub_event_type: "Armed clash",
        specificity: 50,
        pattern: r"clash(?:es|ed)?|fighting|fought|battles?|gun\s*battles?|firefights?|ambush(?:ed)?|skirmish(?:es)?|combat|counter-?attacks?|repell?ed|repulsed|fended\s+off|sniper\s+fire|gunfire|shootings?|gunmen\s+opened\s+fire|opened\s+fire|shot",
    },
    // "attack", "assault", "offensive": violence of a kind the rest of the document tells.
    TriggerKind {
        event_type: "Battles",
        sub_event_type: "Armed clash",
        specificity: 25,
        pattern: r"attack(?:ed|s|ing)?|assaults?|offensive|campaign",
    },
    TriggerKind {
        event_type: "Strategic developments",
        sub_event_type: "Arrests",
        specificity: 40,
        pattern: r"arrested|arrest\s+campaign|detained|rounded\s+up",
    },
    TriggerKind {
        event_type: "Protests",
        sub_event_type: "Peaceful protest",
        specificity: 40,
        pattern: r"protest(?:s|ers|ed|ing)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies|ied)|sit-ins?",
    },
    TriggerKind {
        event_type: "Strategic developments",
        sub_event_type: "Other",
        specificity: 30,
        pattern: r"(?:military\s+)?convoys?\s+(?:enters?|entered|arrived|crossed)|deploy(?:ed|ing)\s+(?:hesco|troops|reinforcements|forces)|fortif(?:y|ying|ied)|sent\s+reinforcements|set\s+up\s+(?:an?\s+)?observation\s+posts?",
    },
    // "killed" alone: an event whose kind the rest of the document must tell.
    TriggerKind {
        event_type: "",
        sub_event_type: "",
        specificity: 10,
        pattern: r"killed|killing|kills|dead|died|deaths?|lost\s+their\s+lives|(?:claim|took|take|claimed|claims|claiming|taking)\s+the\s+lives|martyred|slain|death\s+toll|casualties|wounded|injured",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Air/drone strike",
        specificity: 20,
        pattern: r"strikes?|struck|bombed|bombing\s+campaign|pounded|targeted|hit",
    },
];

static TRIGGER_REGEXES: LazyLock<Vec<Regex>> =
    LazyLock::new(|| TRIGGERS.iter().map(|t| crate::re(&trigger_pattern(t)).unwrap()).collect());

/// A trigger's words as a pattern, with ASCII word boundaries as [`crate::re`] gives every rule.
fn trigger_pattern(t: &TriggerKind) -> String {
    format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", t.pattern)
}

/// Words that make what follows a condition.
static CONDITIONAL: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:if|unless|provided\s+that|as\s+long\s+as|on\s+(?:the\s+)?condition)\b").unwrap()
});

/// Words that make a clause not a report of something that happened.
static IRREALIS: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:would|could|might|should|must|shall|will|may|if|unless|whether|threaten(?:s|ed|ing)?\s+to|plan(?:s|ned|ning)?\s+to|vow(?:s|ed)?\s+to|warn(?:s|ed)?\s+(?:of|against|that)|intend(?:s|ed)?\s+to|aim(?:s|ed)?\s+to|(?:have|has|had)\s+to|required\s+to|obliged\s+to|to\s+(?:prevent|avoid|stop|halt|end)|in\s+order\s+to|denied|denies|deny|did\s+not|didn't|do\s+not|does\s+not|never|no\s+evidence|refus(?:ed|es|e)\s+to|called\s+(?:on|for)|urg(?:ed|es)|demand(?:ed|s)?|condition(?:s|al)?|ready\s+to|prepar(?:ing|ed)\s+(?:to|for)|expected\s+to|capability|capable|avoid|potential|risk\s+of|fear(?:s|ed)?|possible|possibility|purportedly\s+to|designed\s+to|meant\s+to|accused\b.{0,40}\bof\s+planning|to\s+(?:assist|help)|(?:assist|help)\s+in|efforts?\s+to|(?:the\s+)?fight\s+against|in\s+the\s+fight)\b").unwrap()
});

/// Whether `text` has an irrealis word ([`IRREALIS`]). A capitalised "May" inside the text or before a
/// number is the month ("On May 3, air strikes killed ...") or a name, not the modal.
fn irrealis(text: &str) -> bool {
    IRREALIS.find_iter(text).any(|m| {
        let word = m.as_str();
        let month = word == "May"
            && (text[..m.start()].trim().chars().any(char::is_alphanumeric)
                || text[m.end()..].trim_start().starts_with(|c: char| c.is_ascii_digit()));
        !month
    })
}

/// A modal right after a trigger noun: "warplanes may bomb the town", "strikes could resume".
static MODAL_AFTER: LazyLock<Regex> =
    LazyLock::new(|| crate::re(r"^\s+(?:would|could|might|(?-i:may)|will|should|shall|must)\s").unwrap());

/// Words that report something stopping: a `ceased` event.
static CEASED: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:halt(?:ed|s)?|stopp(?:ed)|stops|ceased|suspended|paused|subsided|no\s+longer|calm(?:ed)?|quiet|lull|(?:have|has)\s+stopped|no\s+(?:more\s+)?(?:war)?planes|no\s+(?:more\s+)?(?:air\s*strikes|strikes|shelling|bombing|raids|jets|helicopters))\b").unwrap()
});

/// Aggregates over the war, not events: "the conflict has so far cost 350,000 lives".
static AGGREGATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)(?:conflict|war|fighting|uprising|crisis)\s+(?:has|have|had|which\s+has)\s+(?:so\s+far\s+)?(?:killed|claimed|left)|since\s+(?:it\s+(?:started|began|erupted)|the\s+(?:start|beginning|outbreak)|(?:early|mid-?|late\s+)?(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+)?(?:19|20)\d\d\b)|death\s+toll\s+(?:in|of|from)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:conflict|war)|(?:so\s+far\s+)?this\s+year|in\s+total|overall\s+death|documented\s+the\s+(?:deaths|killing)|per\s+cent|percent|\b(?:days|weeks|months|years)\s+of\s+(?:air\s*strikes|raids|fighting|bombing|bombardment|clashes|shelling|violence|war|conflict|siege)|\b(?:since|over\s+the\s+(?:past|last))\s+(?:\w+\s+){0,2}(?:days|weeks|months|years)|so\s+far|to\s+date|in\s+all|the\s+(?:total|overall)\s+(?:death\s+)?toll|(?:monthly|weekly|annual|yearly)\s+(?:toll|report)|\bsince\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|last|early|the\s+(?:start|beginning)|then|january|february|march|april|may|june|july|august|september|october|november|december)\b|\bsince\s+(?:the\s+)?[\w\s-]{1,40}?\s+(?:began|started|erupted|was\s+launched|broke\s+off|broke\s+down|collapsed|ended)\b|\b(?:the\s+)?(?:deaths|toll|dead|casualties)\s+(?:include|includes|included)\b|\bin\s+recent\s+(?:days|weeks|months)\b|\bover\s+the\s+(?:weekend|past\s+few\s+days)\b").unwrap()
});

/// Another event mentioned in passing, as the context of the one reported: "just a day after dozens were
/// killed in ...", "the attack came days after ...". ACLED codes such an event from its own reports.
static IN_PASSING: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:(?:just|only|barely)\s+)?(?:a|one|two|three|four|five|several|few|\d+)?\s*(?:day|days|hours?|weeks?|months?)\s+(?:after|before)\b|\b(?:comes?|came|coming)\s+(?:(?:just|only|less\s+than|more\s+than|barely|nearly|almost|about)\s+)?(?:a|an|one|two|three|four|five|six|several|few|\d+)?\s*(?:day|days|hours?|weeks?|months?)?\s*(?:after|before)\b|\bin\s+the\s+wake\s+of\b|\bweeks?\s+after\b|\bthe\s+previous\s+(?:day|week)\b|\bearlier\s+(?:this|last)\s+(?:week|month)\b|\b(?:a|one|two|three|four|five|several|few|\d+)\s+(?:days?|weeks?)\s+ago\b|\bthe\s+same\s+(?:neighbou?rhood|area|town|village|district|city)\b").unwrap()
});

/// Clause breaks inside a sentence: one event each.
static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i),?\s+\bbut\b\s+|;\s+|,?\s+\bwhile\b\s+|,?\s+\bwhereas\b\s+|,?\s+\balthough\b\s+|\s+—\s+|,\s+and\s+(?:that\s+)?|\s+(?:came|comes|come|coming)\s+as\s+").unwrap()
});

/// "near Qardaha", "outskirts of Aleppo": the place is a reference point, not the spot.
static NEAR: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:near|outskirts\s+of|around|close\s+to|(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|countryside\s+of|vicinity\s+of|kilometres?\s+from|km\s+from|miles?\s+from)\s+(?:the\s+)?(?:\w+\s+){0,6}$").unwrap()
});

/// Words before an actor that make it a source, not an agent: "according to the Observatory".
static ATTRIBUTION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)(?:according\s+to|told|quoted|cited|citing|reported\s+by|said\s+by|to)\s+(?:the\s+)?$").unwrap()
});
static ATTRIBUTION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^\s*(?:,\s*)?(?:[\w'’-]+\s+){0,3}?(?:said|says|say|reported|reports|announced|claimed|claims|stated|told|added|quoted|cited|confirmed|documented|accused|accuses|blamed|blames|warned|denied|insisted|estimated|condemned|condemns|denounced|urged|called\s+for|put\s+the\s+(?:death\s+)?toll)\b").unwrap()
});
/// "Opposition officials", "government sources", "state media": people who speak for an actor, named
/// as the source of a report, not as whoever acted.
static SPEAKERS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^\s+(?:officials?|spokes(?:man|woman|person|men)|sources?|media|activists?|negotiators?|delegations?|representatives?|envoys?|statement|authorities|ministry|minister)\b").unwrap()
});
static SELF_CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^\s*,?\s*(?:said|says|claimed|claims|announced|admitted)\s+(?:that\s+)?(?:it|its|they|their)\b")
        .unwrap()
});
/// A trigger found in a clause.
#[derive(Debug, Clone, Copy)]
struct Trigger {
    kind: usize,
    start: usize,
    end: usize,
}

/// An event as extracted from one clause, before merging.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub sentence: usize,
    pub status: &'static str,
    pub event_type: &'static str,
    pub sub_event_type: &'static str,
    pub specificity: u8,
    pub trigger: (usize, usize),
    pub date: Option<(String, Option<String>, &'static str, Provenance)>,
    pub place: Option<(&'static str, Place, u8, Provenance)>,
    pub actor1: Option<(String, Provenance)>,
    pub actor2: Option<(String, Provenance)>,
    pub fatalities: Option<(u64, Provenance)>,
    /// "the attack": a reference back to an event the document reports, of the document's main kind.
    pub anaphoric: bool,
    /// How sure the choice of actor1 is (higher is surer).
    pub actor_score: i32,
    /// With no attacker named, the second side named as suffering ("45 IS militants and 20 Kurdish
    /// fighters were killed"): if the event proves a clash, the two are its sides.
    pub other_side: Option<(String, Provenance)>,
    /// Ended well before the report ([`is_background`]): kept with its own fields, never main.
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
                        && p.specificity >= 50
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
            if c.specificity >= 50 {
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
    candidates.retain(|c| c.status == "ceased" || c.fatalities.is_some() || c.specificity >= 30);
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
        }
    }
    merge(ctx, candidates)
}

/// Rebels and jihadists have no warplanes: a group without an air force named with an air strike
/// ("air strikes on the rebel-held town", "raids on the Islamic State's capital") is its target, not
/// its author. Drones are the exception: armed groups fly them.
fn grounded_without_air_force(ctx: &DocContext, c: &mut Candidate) {
    if c.sub_event_type != "Air/drone strike"
        || ctx.text[c.trigger.0..c.trigger.1].to_ascii_lowercase().contains("drone")
    {
        return;
    }
    let Some((name, _)) = &c.actor1 else { return };
    let flies = ctx
        .pack
        .actor_named(name)
        .is_none_or(|a| matches!(a.kind.as_str(), "state" | "state_armed_forces" | "coalition"));
    if flies {
        return;
    }
    let target = c.actor1.take();
    if c.actor2.is_none() {
        c.actor2 = target;
    }
    c.actor_score = i32::MIN;
}

/// Events that ended well before the report are background, not what the report reports: ACLED codes
/// an event from the reports of its occurrence.
fn is_background(ctx: &DocContext, c: &Candidate) -> bool {
    const BACKGROUND_DAYS: i64 = 7;
    let (Some(published), Some(date)) = (ctx.published, &c.date) else { return false };
    let end = date.1.as_deref().unwrap_or(&date.0);
    end.parse::<jiff::civil::Date>().is_ok_and(|end| (published - end).get_days() as i64 > BACKGROUND_DAYS)
}

fn days_between(a: &str, b: &str) -> i64 {
    match (a.parse::<jiff::civil::Date>(), b.parse::<jiff::civil::Date>()) {
        (Ok(a), Ok(b)) => (b - a).get_days() as i64,
        _ => 0,
    }
}

/// The most specific kind of violence the document reports, for clauses that only say "killed".
fn dominant_kind(candidates: &[Candidate]) -> Option<(&'static str, &'static str)> {
    // How many candidates share each sub-event type, counted once rather than once per candidate.
    let mut support_of: HashMap<&str, usize> = HashMap::new();
    for c in candidates {
        *support_of.entry(c.sub_event_type).or_default() += 1;
    }
    let mut best: Option<(&Candidate, usize)> = None;
    for c in candidates.iter().filter(|c| !c.event_type.is_empty() && c.specificity >= 50 && c.status == "occurred") {
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

fn clauses(sentence: &str) -> Vec<(usize, usize)> {
    // "The assault comes two weeks after IS killed 270 ...": what follows is another event, told in
    // passing; it opens a clause of its own (where it is then dropped) so that its toll and place stay
    // out of the event before it.
    static PASSING_BREAK: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\s(?:(?:comes?|came|coming)\s+(?:(?:just|only|less\s+than|more\s+than|barely|nearly|almost|about)\s+)?(?:a|an|one|two|three|four|five|six|several|few|\d+)?\s*(?:days?|hours?|weeks?|months?)?\s*(?:after|before)|in\s+the\s+wake\s+of)\b").unwrap()
    });
    let mut breaks: Vec<(usize, usize)> = CLAUSE_BREAK.find_iter(sentence).map(|m| (m.start(), m.end())).collect();
    breaks.extend(PASSING_BREAK.find_iter(sentence).map(|m| (m.start(), m.start() + 1)));
    // "... killed 43 on Saturday as US-backed fighters advanced on Raqqa": what happened meanwhile is
    // another event, with its own place.
    static MEANWHILE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\s+as\s+(?:[\w'’-]+\s+){1,5}?(?:advanced|advance|pushed|pressed|launched|continued|battled|fought|clashed|stormed|moved|closed\s+in|tightened|pounded)\b").unwrap()
    });
    breaks.extend(MEANWHILE_BREAK.find_iter(sentence).map(|m| (m.start(), m.start() + 1)));
    breaks.sort_unstable();
    let mut out = Vec::new();
    let mut start = 0;
    for (from, to) in breaks {
        if from < start {
            continue;
        }
        if from > start {
            out.push((start, from));
        }
        start = to;
    }
    if start < sentence.len() {
        out.push((start, sentence.len()));
    }
    out
}

fn triggers_in(clause: &str) -> Vec<Trigger> {
    // One pass over the clause tells which kinds occur at all; only those are searched for positions.
    static ANY_TRIGGER: LazyLock<regex::RegexSet> = LazyLock::new(|| {
        regex::RegexSetBuilder::new(TRIGGERS.iter().map(trigger_pattern)).dfa_size_limit(32 << 20).build().unwrap()
    });
    let mut found = Vec::new();
    for kind in ANY_TRIGGER.matches(clause).iter() {
        for m in TRIGGER_REGEXES[kind].find_iter(clause) {
            found.push(Trigger { kind, start: m.start(), end: m.end() });
        }
    }
    found
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
            triggers.iter().max_by_key(|t| (TRIGGERS[t.kind].specificity, std::cmp::Reverse(t.start))).copied()
        else {
            continue;
        };
        // Anti-tank and guided missiles are weapons of ground battle: with a clash word, the event is a clash.
        static GROUND_WEAPON: LazyLock<Regex> =
            LazyLock::new(|| crate::re(r"(?i)\b(?:anti-?(?:armou?r|tank)|guided|tow)\s*$").unwrap());
        let best = match triggers.iter().find(|t| TRIGGERS[t.kind].specificity == 50) {
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
            CEASED.is_match(clause) && kind.specificity >= 20 && !clause.to_ascii_lowercase().contains("resum");
        if !ceased && (irrealis(before_trigger) || MODAL_AFTER.is_match(&clause[best.end..])) {
            continue;
        }
        // "would abide only if the government halted its bombardment" states a condition, not a halt.
        if ceased && CONDITIONAL.is_match(before_trigger) {
            continue;
        }
        if !ceased && IN_PASSING.is_match(before_trigger) {
            continue;
        }
        // A trigger word inside an agreement's name ("the de-escalation") or a quote of intent is not an event.
        // "resumed strikes on Idlib", "pounded rebel positions": a bare strike word aimed at something is an
        // air strike even with no toll.
        static AIMED: LazyLock<Regex> = LazyLock::new(|| crate::re(r"(?i)^\s+(?:on|against|targeting)\s+\S").unwrap());
        let aimed = kind.specificity == 20 && AIMED.is_match(&clause[best.end..]);
        if !ceased && kind.specificity <= 20 && !has_fatality_word(clause) && !aimed {
            continue;
        }
        let abs = |s: usize| base + cs + s;
        let mut c = Candidate {
            sentence: i,
            status: if ceased { "ceased" } else { "occurred" },
            event_type: kind.event_type,
            sub_event_type: kind.sub_event_type,
            // A strike aimed at a place tells more than "bombing" and less than "shelling".
            specificity: if aimed { 72 } else { kind.specificity },
            trigger: (abs(best.start), abs(best.end)),
            date: None,
            place: None,
            actor1: None,
            actor2: None,
            fatalities: None,
            actor_score: i32::MIN,
            other_side: None,
            background: false,
            anaphoric: (kind.specificity == 25 && !ceased)
                || kind.sub_event_type == "Armed clash" && is_anaphoric(before_trigger, &clause[best.start..best.end]),
        };
        // A halt to "attacks on areas" is a halt to bombardment.
        if kind.specificity == 25 && ceased {
            c.event_type = "Explosions/Remote violence";
            c.sub_event_type = "Shelling/artillery/missile attack";
        }
        if kind.sub_event_type == "Remote explosive/landmine/IED" && best_is_air_bombing(clause, best) {
            c.sub_event_type = "Air/drone strike";
        }
        if !ceased {
            // "A war that has killed 4,100": a running total is a figure of the conflict, no event's toll.
            c.fatalities = fatalities(clause)
                .filter(|&(_, _, end)| crate::totals::running_total(crate::totals::toll_phrase(clause, end)).is_none())
                .map(|(v, s, e)| (v, Provenance::span(abs(s), abs(e))));
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

/// Towns named as taken: in the clause, or listed in the next sentence when it reports no event of its
/// own ("... took several areas. Among them are the towns of X and Y"). ACLED codes one event per town.
fn towns_taken(ctx: &DocContext, sentence: usize, start: usize, end: usize) -> Vec<(Place, u8, Provenance)> {
    let mut ranges = vec![(start, end)];
    if let Some(next) = ctx.sentences.get(sentence + 1)
        && ctx.paragraph.get(sentence + 1) == ctx.paragraph.get(sentence)
        && triggers_in(next.text(ctx.text)).iter().all(|t| TRIGGERS[t.kind].specificity <= 20)
    {
        ranges.push((next.start, next.end));
    }
    let mut out: Vec<(Place, u8, Provenance)> = Vec::new();
    for (a, b) in ranges {
        for m in ctx.names_in(a, b) {
            let Some(place) = ctx.place_of(m) else { continue };
            if place.admin1.is_none() || place.precision != 1 || out.iter().any(|(p, _, _)| p.id == place.id) {
                continue;
            }
            let precision = if m.fuzzy { 2 } else { 1 };
            out.push((place.clone(), precision, Provenance::span(m.start, m.end)));
        }
    }
    out
}

/// The sentence with the dateline and any page furniture blanked out (same byte length), so that "Sun 10
/// Jul 2016 29 Rebels Dead" reads 29, not 10.
fn masked_sentence(ctx: &DocContext, i: usize) -> String {
    let s = ctx.sentences[i];
    let mut text = ctx.sentence_text(i).to_owned();
    for &(fs, fe) in ctx.doc.dateline.iter().chain(ctx.furniture_in(s.start, s.end)) {
        if !(fs < s.end && fe > s.start) {
            continue;
        }
        let (a, b) = (fs.max(s.start) - s.start, fe.min(s.end) - s.start);
        if text.is_char_boundary(a) && text.is_char_boundary(b) {
            let blank = " ".repeat(text[a..b].len());
            text.replace_range(a..b, &blank);
        }
    }
    text
}

/// "the attack", "this assault": a generic word with a definite article refers back.
fn is_anaphoric(before: &str, word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    let generic = w.starts_with("attack") || w.starts_with("assault") || w == "offensive";
    let b = before.trim_end().to_ascii_lowercase();
    generic && ["the", "this", "that", "deadly", "latest"].iter().any(|d| b.ends_with(d))
}

fn has_fatality_word(clause: &str) -> bool {
    static RE: LazyLock<Regex> =
        LazyLock::new(|| crate::re(r"(?i)\b(?:killed|killing|kills?|dead|died|wounded|injured)\b").unwrap());
    RE.is_match(clause)
}

/// "bombing" by aircraft is an air strike, not a planted bomb.
fn best_is_air_bombing(clause: &str, t: Trigger) -> bool {
    static AIR: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:warplanes?|aircraft|jets?|air|aerial|helicopters?|regime|russian|coalition|barrel)\b")
            .unwrap()
    });
    let word = clause[t.start..t.end].to_ascii_lowercase();
    (word.starts_with("bombing") || word == "bombs" || word == "bomb") && AIR.is_match(clause)
}

/// The fatalities a clause reports: a count tied to "killed", "dead", "died" (not "wounded").
pub fn fatalities(clause: &str) -> Option<(u64, usize, usize)> {
    static KILLED_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\s*(?:[A-Za-z'’-]+\s+){0,4}?(?:(?:were|was|have\s+been|had\s+been|are|is|being)\s+)?(?:killed|dead|died|lost\s+their\s+lives|perished|martyred|slain|killed\s+and|deaths)\b").unwrap()
    });
    static KILLED_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:kill(?:ed|ing|s)?|execut(?:ed|es|ing)|behead(?:ed|ing|s)|massacr(?:ed|es|ing)|(?:claim(?:ed|s|ing)?|t(?:ook|ake|akes|aking))\s+the\s+lives\s+of|death\s+toll\s+(?:[\w-]+\s+){0,12}?(?:(?:rose|risen|rises|climbed|jumped)\s+to|to|at|of|reached|reaches)|left|leaving|toll\s+rose\s+to)\s+(?:(?:another|a\s+further|further|some|the|a\s+total\s+of|more\s+than|well|including)\s+)?$").unwrap()
    });
    static NOT_DEATHS: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\s*(?:(?:others?|other|more|people|civilians|persons|children|soldiers|fighters)\s+){0,2}(?:(?:were|was|have\s+been|had\s+been)\s+)?(?:wounded|injured|hurt|missing|displaced|arrested|detained|rescued|evacuated|families|homes|houses|buildings)\b").unwrap()
    });
    // "Nine civilians, among them four children, were killed": the total, not the part.
    static TOTAL_OF_PART: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\s*(?:[A-Za-z'’-]+\s+){0,2}?(?:among\s+them|including|among\s+whom|of\s+whom|of\s+them)\b")
            .unwrap()
    });
    // "Nine villagers, two nurses and a teacher among them, were killed": the verb comes late.
    static KILLED_LATER: LazyLock<Regex> =
        LazyLock::new(|| crate::re(r"(?i)^[^.;:]{0,80}?\b(?:were|was|have\s+been|had\s+been)\s+killed\b").unwrap());
    let mut total: Option<(u64, usize, usize)> = None;
    let mut loose: Option<(u64, usize, usize)> = None;
    for count in counts(clause) {
        let after = &clause[count.end..];
        let before = crate::tail(&clause[..count.start], 120);
        // "killed 30 people injured 90": the verb before a number makes it the dead, whatever follows.
        static UNIT_AFTER: LazyLock<Regex> = LazyLock::new(|| {
            crate::re(r"(?i)^\s*(?:kilomet|km|miles|percent|%|years?|months?|days?|hours?|weeks?|times)").unwrap()
        });
        // ... but in a headline's "Woman killed, 30 injured" the verb belongs to the noun before it.
        static VICTIM_KILLED: LazyLock<Regex> = LazyLock::new(|| {
            crate::re(r"(?i)\b(?:civilians?|woman|women|child|children|kids?|boys?|girls?|people|persons?|man|men|soldiers?|fighters?|members?|\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+killed\s+$").unwrap()
        });
        let verb_before = KILLED_BEFORE.is_match(before);
        let killed_before = verb_before && !VICTIM_KILLED.is_match(before);
        // "no one was killed" counts nobody.
        let lower_tail = before.trim_end().to_ascii_lowercase();
        if lower_tail == "no" || lower_tail.ends_with(" no") {
            continue;
        }
        if count.value == 0
            || count.value > 5000
            || UNIT_AFTER.is_match(after)
            || NOT_DEATHS.is_match(after) && !killed_before
        {
            continue;
        }
        if TOTAL_OF_PART.is_match(after) && total.is_none() && !KILLED_AFTER.is_match(after) {
            // "killed 18 civilians, including 10 children": the verb before makes it the toll.
            if verb_before {
                return Some((count.value, count.start, count.end));
            }
            total = Some((count.value, count.start, count.end));
            continue;
        }
        // Years are not counts.
        if (1900..2100).contains(&count.value)
            && count.qualifier == "exact"
            && !clause[count.start..count.end].contains(',')
        {
            continue;
        }
        let found = Some(total.filter(|t| t.0 >= count.value).unwrap_or((count.value, count.start, count.end)));
        if verb_before {
            return found;
        }
        if let Some(m) = KILLED_AFTER.find(after) {
            // "buses carrying people evacuated from two besieged towns killed 43": a number several words
            // before "killed" yields to one the verb governs directly.
            let words_between = after[..m.end()]
                .split_whitespace()
                .filter(|w| {
                    !matches!(
                        w.to_ascii_lowercase().as_str(),
                        "were" | "was" | "have" | "has" | "had" | "been" | "are" | "is" | "being"
                    )
                })
                .count()
                .saturating_sub(1);
            if words_between <= 1 {
                // "Eleven farmers including three boys were killed", "14 farmers and two boys have been
                // killed": the first number of the phrase stands.
                if let Some(l) = loose
                    && l.0 >= count.value
                {
                    return Some(l);
                }
                return found;
            }
            loose = loose.or(found);
        }
    }
    loose.or_else(|| total.filter(|t| KILLED_LATER.is_match(&clause[t.2..]))).or_else(|| {
        // "The group's commander was killed in an air strike": one person, no number.
        static ONE_KILLED: LazyLock<Regex> = LazyLock::new(|| {
            crate::re(r"(?i)\b(?:a|an|the|its|his|their)\s+(?:[A-Za-z0-9’',-]+\s+){0,9}?(?:was|has\s+been)\s+(?:[A-Za-z]+\s+)?(?:killed|shot\s+dead|assassinated)\b").unwrap()
        });
        static NOBODY: LazyLock<Regex> =
            LazyLock::new(|| crate::re(r"(?i)\b(?:no\s+one|nobody|none|no\s+\w+)\s+(?:was|has\s+been)\b").unwrap());
        // Most clauses say nothing of the kind: a plain search first.
        if !(clause.contains("killed") || clause.contains("dead") || clause.contains("assassinated")) {
            return None;
        }
        let m = ONE_KILLED.find(clause)?;
        (!NOBODY.is_match(clause)).then_some((1, m.start(), m.end()))
    })
}

/// An actor named as the victim: "rebels were killed", "Ten soldiers died".
static VICTIM_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^[\s,]*(?:[\w'’-]+\s+){0,4}?(?:(?:were|was|have\s+been|had\s+been|are|is|being|got)\s+(?:\w+\s+)?(?:killed|wounded|injured|executed|targeted|hit|attacked|struck|shelled|bombed|ambushed|captured|kidnapped|abducted)|(?:died|perished))\b|^\s*(?:dead|killed|wounded|injured)\b|^\s*(?:[\w'’-]+\s+){0,2}?(?:terrorists?|militants?|fighters?|members?|rebels?|soldiers?|troops|jihadists?|gunmen|commanders?|civilians?|insurgents?|extremists?)\s+(?:(?:were|are|have\s+been)\s+)?(?:killed|dead|wounded|injured|eliminated)\b").unwrap()
});
/// "The army killed a commander": a bare "killed" followed by its object is the active verb of the name
/// before it, which is then the agent, not the victim ("15 soldiers killed in ...").
static ACTIVE_VERB_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^\s*(?:killed|wounded|injured)\s+(?:a|an|the|at\s+least|more\s+than|over|about|nearly|almost|around|some|several|dozens|scores|hundreds|\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|his|her|its|their)\b").unwrap()
});

fn is_victim_after(after: &str) -> bool {
    VICTIM_AFTER.is_match(after) && !ACTIVE_VERB_AFTER.is_match(after)
}

/// A group noun before a name: "units of the army", "members of the Islamic State group".
static GROUP_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:units?|members?|fighters?|forces|troops|elements|militants|soldiers|militiamen|warplanes|jets|aircraft)\s+of\s+(?:the\s+)?$").unwrap()
});

/// Words right before an actor that make it the victim or target.
static VICTIM_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:killing|killed|kills|kill|eliminates|eliminated|targeting|targeted|against|on|at|hit|hitting|struck|striking|among|of|in|from|wounding|injuring|executed|executing|besieged)\s+(?:the\s+|a\s+|an\s+|some\s+|several\s+|(?:at\s+least\s+|more\s+than\s+|over\s+|about\s+|nearly\s+|almost\s+|around\s+)?(?:\d[\d,]*|dozens\s+of|scores\s+of|hundreds\s+of)\s+)?(?:[\w-]+\s+){0,2}$").unwrap()
});

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Agent(i32),
    Counterparty(i32),
    Patient(i32),
}

/// Picks the agent (actor1) and target (actor2) of the event among the actors named in the clause:
/// "by X" and a name right before the trigger are agents, "X were killed" and "killing X" are victims,
/// "clashes with X" is the other side, who did the killing when the subject is the victim.
fn assign_actors(
    ctx: &DocContext,
    c: &mut Candidate,
    start: usize,
    end: usize,
    trigger: (usize, usize),
    same_kind: &[(usize, usize)],
) {
    let mut roles: Vec<(Role, String, Provenance)> = Vec::new();
    for m in ctx.names_in(start, end) {
        // A name right before any word of the event's kind modifies it: "Syrian government air strikes".
        // "ISIS terrorists and injured others" joins two verbs; the name modifies neither.
        let modifier = same_kind.iter().any(|t| {
            let Some(between) = ctx.text.get(m.end..t.0) else { return false };
            between.split_whitespace().count() <= 1
                && !between.contains(',')
                && !matches!(between.trim().to_ascii_lowercase().as_str(), "and" | "or" | "as" | "while")
        });
        let Some((name, kind, generic)) = actor_of(ctx, m, modifier) else { continue };
        if !can_act(kind) {
            continue;
        }
        let mut before = crate::tail(&ctx.text[start..m.start], 120);
        // "Units of the army killed ...": the name stands where its group noun stands, so what comes
        // before the noun ("killing members of the army") decides the role.
        if let Some(group) = GROUP_OF.find(before) {
            before = &before[..group.start()];
        }
        let after = &ctx.text[m.end..end];
        // "IS said it killed 50 fighters": a side claiming its own act is its author.
        if SELF_CLAIM.is_match(after) && m.end <= trigger.0 {
            roles.push((Role::Agent(8), name, Provenance::span(m.start, m.end)));
            continue;
        }
        if ATTRIBUTION_BEFORE.is_match(before) || ATTRIBUTION_AFTER.is_match(after) || SPEAKERS_AFTER.is_match(after) {
            continue;
        }
        // "rebel-held areas", "areas controlled by the opposition", "forces backed by Russia" describe
        // territory or support, not who acted.
        let lower_before = before.trim_end().to_ascii_lowercase();
        let lower_before = lower_before.strip_suffix(" the").map(str::to_owned).unwrap_or(lower_before);
        if ctx.is_bystander(m) {
            continue;
        }
        if after.starts_with("-held")
            || after.starts_with("-controlled")
            || after.starts_with("-run")
            || after.starts_with("-dominated")
            || [
                "held by",
                "controlled by",
                "backed by",
                "supported by",
                "loyal to",
                "allied to",
                "allied with",
                "run by",
                "dominated by",
            ]
            .iter()
            .any(|w| lower_before.ends_with(w))
        {
            continue;
        }
        let penalty = if generic { 2 } else { 0 };
        let role = if lower_before.ends_with(" by") || lower_before.ends_with(" by the") || lower_before == "by" {
            Role::Agent(9 - penalty)
        } else if ["believed to be", "thought to be", "suspected to be", "said to be", "identified as"]
            .iter()
            .any(|w| lower_before.ends_with(w))
            && m.start < trigger.0 + 80
        {
            // "jets believed to be Russian killed ...": the name the attacker is given.
            Role::Agent(9 - penalty)
        } else if m.start < trigger.1 && trigger.0 < m.end || modifier && !is_victim_after(after) {
            // The name holds the trigger ("coalition air strikes") or modifies one ("Russian warplanes").
            Role::Agent(10 - penalty)
        } else if m.end <= trigger.0
            && ctx.text[m.end..trigger.0].split_whitespace().count() <= 2
            && !ctx.text[m.end..trigger.0].contains(',')
            && !is_victim_after(after)
            && !VICTIM_BEFORE.is_match(before)
        {
            // A name right before the trigger modifies it: "U.S. air strikes", "regime barrel bombs".
            Role::Agent(10 - ctx.text[m.end..trigger.0].split_whitespace().count() as i32 - penalty)
        } else if m.start >= trigger.1
            && (lower_before.ends_with(" with")
                || lower_before.ends_with(" with the")
                || lower_before.ends_with(" between"))
        {
            Role::Counterparty(6 - penalty)
        } else if is_victim_after(after) || VICTIM_BEFORE.is_match(before) {
            Role::Patient(5 - penalty)
        } else if m.end <= trigger.0 {
            let between = &ctx.text[m.end..trigger.0];
            let words = between.split_whitespace().count() as i32;
            if words <= 2 && !between.contains(',') {
                Role::Agent(10 - words - penalty)
            } else {
                Role::Agent(5 - words.min(4) - penalty)
            }
        } else {
            let words = ctx.text[trigger.1..m.start].split_whitespace().count() as i32;
            Role::Patient(4 - words.min(4) - penalty)
        };
        roles.push((role, name, Provenance::span(m.start, m.end)));
    }
    let best = |want: fn(Role) -> Option<i32>| -> Option<(String, Provenance, i32)> {
        roles
            .iter()
            .filter_map(|(r, n, p)| want(*r).map(|s| (s, n, p)))
            .max_by_key(|(s, _, _)| *s)
            .map(|(s, n, p)| (n.clone(), p.clone(), s))
    };
    let mut agent = best(|r| if let Role::Agent(s) = r { Some(s) } else { None });
    // "Government forces and jihadists have clashed": the first named is actor1, the second actor2.
    let coordinated = roles.windows(2).find(|w| {
        matches!((w[0].0, w[1].0), (Role::Agent(_), Role::Agent(_)))
            && match (&w[0].2, &w[1].2) {
                (Provenance::Span { span: a }, Provenance::Span { span: b }) => {
                    let between = ctx.text[a[1]..b[0]].trim().to_ascii_lowercase();
                    between == "and" || between == "," || between == "and the"
                }
                _ => false,
            }
    });
    let mut second: Option<(String, Provenance, i32)> = None;
    if let Some(w) = coordinated {
        let by_name = |n: &str| ctx.pack.actor_named(n);
        let backs = |patron: &str, client: &str| {
            by_name(client)
                .zip(by_name(patron))
                .is_some_and(|(c, p)| c.backed_by.contains(&p.id) || p.backs.contains(&c.id))
        };
        if backs(&w[1].1, &w[0].1) {
            // "Hezbollah and Syrian regime forces shelled ...": allies acting together; the backed state
            // is the main actor, as ACLED codes it.
            agent = Some((w[0].1.clone(), w[0].2.clone(), 8));
        } else if backs(&w[0].1, &w[1].1) {
            agent = Some((w[1].1.clone(), w[1].2.clone(), 8));
        } else {
            agent = Some((w[0].1.clone(), w[0].2.clone(), 8));
            second = Some((w[1].1.clone(), w[1].2.clone(), 8));
        }
    }
    let counterparty = best(|r| if let Role::Counterparty(s) = r { Some(s) } else { None });
    let patient = best(|r| if let Role::Patient(s) = r { Some(s) } else { None });
    let patient = second.or(patient);
    let (mut actor1, mut actor2) = match (agent, counterparty, patient) {
        (Some(a), cp, p) => (Some(a), cp.or(p)),
        (None, Some(cp), p) => (Some(cp), p),
        (None, None, p) => {
            // "SDF fighters were killed fighting IS": in a clash the sides named are its two actors, the
            // first named first.
            let mut sides = roles.iter().filter(|(r, _, _)| matches!(r, Role::Patient(_)));
            let first = sides.next().map(|(_, n, prov)| (n.clone(), prov.clone(), 0));
            let other = first
                .as_ref()
                .and_then(|f| sides.find(|(_, n, _)| *n != f.0))
                .map(|(_, n, prov)| (n.clone(), prov.clone(), 0));
            if c.sub_event_type == "Armed clash" && other.is_some() {
                (first, other)
            } else {
                c.other_side = other.map(|(n, prov, _)| (n, prov));
                (None, p)
            }
        }
    };
    if actor1.is_none() {
        let clause = ctx.text[start..end].to_ascii_lowercase();
        if (clause.contains("barrel bomb") || clause.contains("helicopter"))
            && let Some(gov) = government(ctx)
        {
            actor1 = Some((gov, Provenance::inferred("barrel bombs and helicopters are the government's"), 1));
        }
    }
    if actor1.as_ref().map(|a| &a.0) == actor2.as_ref().map(|a| &a.0) {
        actor2 = None;
    }
    c.actor_score = actor1.as_ref().map(|a| a.2).unwrap_or(i32::MIN);
    c.actor1 = actor1.map(|(n, p, _)| (n, p));
    c.actor2 = actor2.map(|(n, p, _)| (n, p));
}

/// The government of the theatre's country, in the theatre only.
fn government(ctx: &DocContext) -> Option<String> {
    let home = ctx.pack.meta.countries.first().filter(|_| ctx.in_theatre)?;
    ctx.pack.actors.iter().find(|a| a.kind == "state" && a.country.as_ref() == Some(home)).map(|a| a.name.clone())
}

/// The actor a name match refers to on the document's date: its canonical name, type, and whether the
/// match was a generic description.
fn actor_of<'p>(ctx: &DocContext<'p>, m: &NameMatch, modifier: bool) -> Option<(String, &'p str, bool)> {
    let Some(r) = ctx.actor(m) else {
        // No pack actor: the world's state actors ("Ukrainian troops"), or an organisation no pack
        // lists ("Hamas"), named as the text names them.
        if let Some((name, kind, _)) = ctx.world_actor(m) {
            return Some((name, kind, false));
        }
        return m.entries.iter().find_map(|e| match e.entity {
            Entity::Unlisted(_) => Some((ctx.text[m.start..m.end].to_owned(), "unlisted", false)),
            _ => None,
        });
    };
    // A place name that is also a generic actor ("Damascus", "Syria") is a place, unless it modifies the
    // trigger ("Syria air raids", "Damascus bombardment").
    if r.via == Via::Generic && !modifier && m.entries.iter().any(|e| matches!(e.entity, Entity::Place(_))) {
        return None;
    }
    let mut actor = match &r.actor.speaks_for {
        Some(_) => return None,
        None => r.actor,
    };
    // "Jihadists" in an article about the Islamic State group are the Islamic State group.
    if r.via == Via::Generic
        && actor.kind == "jihadist_group"
        && let Some(named) = ctx.most_named(&actor.kind)
    {
        actor = named;
    }
    Some((actor.name.clone(), actor.kind.as_str(), r.via == Via::Generic))
}

fn can_act(kind: &str) -> bool {
    !matches!(
        kind,
        "monitor"
            | "news_agency"
            | "humanitarian"
            | "ngo"
            | "civilians"
            | "international_organisation"
            | "political_opposition"
    )
}

/// "TV channel Al-Mayadin", "Aleppo Today TV": a broadcaster or paper named after a place is no place.
fn names_a_medium(ctx: &DocContext, m: &NameMatch) -> bool {
    let before = ctx.before(m.start, 24).trim_end().to_ascii_lowercase();
    let after = ctx.after(m.end, 24).to_ascii_lowercase();
    ["channel", "tv", "television", "broadcaster", "newspaper", "daily", "website", "radio"]
        .iter()
        .any(|w| before.ends_with(&format!(" {w}")))
        || [" tv", " television", " channel", " radio", " newspaper", " news agency"]
            .iter()
            .any(|w| after.starts_with(w))
}

/// The place of an event: a place of the theatre in the clause, else in the sentence, else the last one
/// named earlier in the paragraph, else the document's main place.
fn place_for(
    ctx: &DocContext,
    sentence: usize,
    start: usize,
    end: usize,
) -> Option<(&'static str, Place, u8, Provenance)> {
    let pick = |from: usize, to: usize| -> Option<(Place, u8, Provenance)> {
        let mut best: Option<(Place, u8, Provenance, i32)> = None;
        for m in ctx.names_in(from, to) {
            let Some(place) = ctx.place_of(m) else { continue };
            if place.admin1.is_none() || place.precision > 3 || names_a_medium(ctx, m) {
                continue;
            }
            // A name that is also an actor ("Damascus" the government) counts as a place only after a preposition.
            let actorish = m.entries.iter().any(|e| matches!(e.entity, Entity::Actor(_)));
            let before = ctx.before(m.start, m.start.saturating_sub(from).min(12)).to_ascii_lowercase();
            let preposition = ["in ", "at ", "on ", "near ", "of ", "to ", "from ", "into ", "across "]
                .iter()
                .any(|p| before.ends_with(p));
            if actorish && !preposition {
                continue;
            }
            let near = NEAR.is_match(crate::tail(&ctx.text[from..m.start], 120));
            let mut precision = if near && place.precision == 1 { 2 } else { place.precision };
            // "Mallah Farms in Aleppo" where the gazetteer knows only a Mallah elsewhere: the village is
            // unknown, so the event is placed in the governorate the text gives, at lower precision.
            let mut place = place;
            if let Some(g) = stated_governorate(ctx, m.end)
                && g.admin1 != place.admin1
            {
                place = g;
                precision = 2;
            }
            // Towns before areas before governorates; a spelling found only by its consonants counts less.
            let abroad = ctx.country.is_some() && !ctx.is_home(&place.country);
            let score = 10
                - precision as i32 * 3
                - if m.fuzzy { 7 } else { 0 }
                - if abroad { OTHER_COUNTRY_PENALTY } else { 0 };
            if best.as_ref().is_none_or(|b| score > b.3) {
                best = Some((place.clone(), precision, Provenance::span(m.start, m.end), score));
            }
        }
        best.map(|(p, precision, prov, _)| (p, precision, prov))
    };
    if let Some((p, prec, prov)) = pick(start, end) {
        return Some(("clause", p, prec, prov));
    }
    // Another clause's place is another event's ("airstrikes halted, but ground fire killed one near X").
    let s = ctx.sentences[sentence];
    let single_clause = start <= s.start + 2 && end + 2 >= s.end;
    if single_clause && let Some((p, prec, prov)) = pick(s.start, s.end) {
        return Some(("sentence", p, prec, prov));
    }
    for back in (sentence.saturating_sub(3)..sentence).rev() {
        if ctx.paragraph[back] != ctx.paragraph[sentence] && back + 1 < sentence {
            break;
        }
        let b = ctx.sentences[back];
        if let Some((p, prec, _)) = pick(b.start, b.end) {
            let prec = prec.max(2);
            return Some((
                "earlier",
                p,
                prec,
                Provenance::inferred("the place named in an earlier sentence of the paragraph"),
            ));
        }
    }
    if let Some(p) = main_place(ctx) {
        let prec = p.precision.max(3);
        return Some(("document", p, prec, Provenance::inferred("the document's main place")));
    }
    // No place in the document: its country, at a country's precision, never a guessed town.
    let country = truce_pack::World::get().country_place(ctx.country?)?.clone();
    Some(("country", country, 4, Provenance::inferred("the country the document is about")))
}

/// The governorate a text gives right after a place name: "X in Aleppo", "X farms in rural Hama".
fn stated_governorate<'p>(ctx: &DocContext<'p>, after: usize) -> Option<&'p Place> {
    static IN_GOVERNORATE: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^(?:\s+(?:farms?|area|village|town|district|neighbou?rhood|countryside|suburbs?)){0,1}\s*,?\s+(?:in|of)\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|central|rural|northeastern|northwestern|southeastern|southwestern)\s+)?$").unwrap()
    });
    let window_end = (after + 48).min(ctx.text.len());
    ctx.names_in(after, window_end).find_map(|n| {
        let gap = ctx.text.get(after..n.start)?;
        if !IN_GOVERNORATE.is_match(gap) {
            return None;
        }
        n.entries.iter().find_map(|e| match e.entity {
            Entity::Place(i) if ctx.pack.places[i].kind == truce_pack::PlaceKind::Governorate => {
                Some(&ctx.pack.places[i])
            }
            _ => None,
        })
    })
}

/// The governorate the document is mostly about: the title and opening sentences weigh most. Computed
/// once per document: it reads every name, and every event without a place of its own asks for it.
/// How much a place outside the document's country counts toward its main place.
const OTHER_COUNTRY_SHARE: f64 = 0.3;

/// How much less a place outside the document's country scores as an event's place, against one in it
/// (a precision step is 3): "struck Idlib, the Kremlin in Moscow said" is in Idlib.
const OTHER_COUNTRY_PENALTY: i32 = 7;

pub fn main_place(ctx: &DocContext) -> Option<Place> {
    ctx.main_place.get_or_init(|| compute_main_place(ctx)).clone()
}

fn compute_main_place(ctx: &DocContext) -> Option<Place> {
    let mut tally: Vec<(String, f64, Place)> = Vec::new();
    for (m, in_title) in ctx.title_names.iter().map(|m| (m, true)).chain(ctx.names.iter().map(|m| (m, false))) {
        let place = if in_title { ctx.place_of_title_name(m) } else { ctx.place_of(m) };
        let Some(place) = place else { continue };
        let Some(admin1) = &place.admin1 else { continue };
        if place.precision > 3 {
            continue;
        }
        let sentence = if in_title { 0 } else { ctx.sentence_at(m.start).unwrap_or(usize::MAX) };
        let weight = match (in_title, sentence) {
            (true, _) => 4.0,
            (_, 0) => 3.0,
            (_, 1 | 2) => 2.0,
            _ => 1.0,
        };
        // Talks in Cairo about Gaza: places outside the document's country count for less.
        let weight = if ctx.is_home(&place.country) { weight } else { weight * OTHER_COUNTRY_SHARE };
        match tally.iter_mut().find(|t| &t.0 == admin1) {
            Some(t) => t.1 += weight,
            None => {
                let gov = ctx
                    .pack
                    .places
                    .iter()
                    .find(|p| {
                        p.kind == truce_pack::PlaceKind::Governorate && &p.name == admin1 && p.country == place.country
                    })
                    .or_else(|| truce_pack::World::get().division_place(&place.country, admin1))
                    .cloned();
                tally.push((admin1.clone(), weight, gov.unwrap_or_else(|| place.clone())));
            }
        }
    }
    tally.into_iter().max_by(|a, b| a.1.total_cmp(&b.1)).map(|t| t.2)
}

type DateChoice = (String, Option<String>, &'static str, Provenance);

/// The date of an event: a time expression in the clause, else the sentence, else an earlier sentence
/// of the paragraph; else the publication date. Expressions read as future make the event a plan.
fn date_for(ctx: &DocContext, sentence: usize, start: usize, end: usize) -> Option<DateChoice> {
    let usable = |t: &&TimeMention| t.kind != TimeKind::Duration && t.from.is_some() && t.precision <= Precision::Range;
    let render = |t: &TimeMention, how: &'static str| -> DateChoice {
        let from = t.from.unwrap();
        let to = t.to.filter(|to| *to != from).map(|d| d.to_string());
        let precision = if t.future { "future" } else { how };
        let _ = how;
        (from.to_string(), to, precision_name(t.precision, precision), Provenance::span(t.start, t.end))
    };
    let in_clause = ctx.times[sentence].iter().filter(usable).find(|t| t.start >= start && t.end <= end);
    if let Some(t) = in_clause {
        if t.future {
            return Some((String::new(), None, "future", Provenance::span(t.start, t.end)));
        }
        return Some(render(t, "text"));
    }
    if let Some(t) = ctx.times[sentence].iter().filter(usable).find(|t| !t.future) {
        return Some(render(t, "text"));
    }
    for back in (sentence.saturating_sub(2)..sentence).rev() {
        if ctx.paragraph[back] != ctx.paragraph[sentence] {
            break;
        }
        if let Some(t) = ctx.times[back].iter().filter(usable).find(|t| !t.future && t.kind == TimeKind::Point) {
            let (d, to, p, _) = render(t, "text");
            return Some((d, to, p, Provenance::inferred("the date of an earlier sentence of the paragraph")));
        }
    }
    ctx.published
        .map(|d| (d.to_string(), None, "day", Provenance::inferred("the publication date: the text gives no other")))
}

fn precision_name(p: Precision, how: &'static str) -> &'static str {
    if how == "future" {
        return "future";
    }
    match p {
        Precision::Minute | Precision::PartOfDay | Precision::Day => "day",
        Precision::Week => "week",
        Precision::Month => "month",
        Precision::Year => "year",
        Precision::Range => "range",
    }
}

/// Merges reports of one event: same status and event type, compatible dates and places.
fn merge(ctx: &DocContext, candidates: Vec<Candidate>) -> Vec<EventRecord> {
    let mut events: Vec<(Candidate, Vec<usize>)> = Vec::new();
    for c in candidates {
        let same = events.iter_mut().find(|(e, _)| {
            e.status == c.status
                && e.background == c.background
                && e.event_type == c.event_type
                && (e.sub_event_type == c.sub_event_type || generic_explosion(e, &c))
                && dates_compatible(e, &c)
                && places_compatible(e, &c)
                && (e.actor1.is_none()
                    || c.actor1.is_none()
                    || e.actor1.as_ref().map(|a| &a.0) == c.actor1.as_ref().map(|a| &a.0))
        });
        match same {
            Some((e, sentences)) => {
                sentences.push(c.sentence);
                if c.specificity > e.specificity {
                    e.sub_event_type = c.sub_event_type;
                    e.specificity = c.specificity;
                }
                // The first report of the toll stands: later ones are often cumulative or of other events.
                if e.fatalities.is_none() {
                    e.fatalities = c.fatalities;
                }
                if c.actor_score > e.actor_score {
                    e.actor1 = c.actor1;
                    e.actor_score = c.actor_score;
                    if c.actor2.is_some() {
                        e.actor2 = c.actor2.clone();
                    }
                }
                if e.actor2.is_none() && c.actor2.as_ref().map(|a| &a.0) != e.actor1.as_ref().map(|a| &a.0) {
                    e.actor2 = c.actor2.clone();
                }
                if let Some(p) = c.place
                    && e.place.as_ref().is_none_or(|ep| p.2 < ep.2 && p.0 != "document")
                {
                    e.place = Some(p);
                }
                if e.date.as_ref().is_none_or(|d| matches!(d.3, Provenance::Inferred { .. }))
                    && c.date.as_ref().is_some_and(|d| matches!(d.3, Provenance::Span { .. }))
                {
                    e.date = c.date;
                }
            }
            None => events.push((c.clone(), vec![c.sentence])),
        }
    }
    borrow_agents(ctx, &mut events);
    let mut records: Vec<EventRecord> =
        events.into_iter().map(|(c, sentences)| to_record(ctx, c, &sentences)).collect();
    crate::salience::mark_main(ctx, &mut records);
    records
}

/// An article about one air campaign names the attacker once ("Russian jets pounded ...") and then reports
/// more strikes without naming it again: an event with no agent takes the agent the article gives most
/// often for events of the same sub-event type, marked as inferred.
fn borrow_agents(ctx: &DocContext, events: &mut [(Candidate, Vec<usize>)]) {
    // The agents named for each sub-event type, with how often, kept up to date as agents are borrowed
    // (a borrowed agent counts for the events after it, as it did when each event counted them all
    // again, which was quadratic in the number of events).
    let mut named: HashMap<&'static str, Vec<(String, usize)>> = HashMap::new();
    let count = |named: &mut HashMap<&'static str, Vec<(String, usize)>>, kind: &'static str, name: &str| {
        let counts = named.entry(kind).or_default();
        match counts.iter_mut().find(|(n, _)| n == name) {
            Some(c) => c.1 += 1,
            None => counts.push((name.to_owned(), 1)),
        }
    };
    for (e, _) in events.iter() {
        if let Some((name, _)) = &e.actor1 {
            count(&mut named, e.sub_event_type, name);
        }
    }
    for (event, _) in events.iter_mut() {
        if event.actor1.is_some() || event.status != "occurred" {
            continue;
        }
        let kind = event.sub_event_type;
        let counts: &[(String, usize)] = named.get(kind).map_or(&[], Vec::as_slice);
        // An air strike with no attacker named anywhere for it: the one air force the article names, if
        // it names exactly one.
        if counts.is_empty() && kind == "Air/drone strike" {
            let air_forces = ctx.named_of_kinds(&["state", "state_armed_forces", "coalition"]);
            if let [(actor, _)] = air_forces.as_slice() {
                let name = actor.name.clone();
                if event.actor2.as_ref().is_none_or(|a| a.0 != name) {
                    count(&mut named, kind, &name);
                    event.actor1 = Some((name, Provenance::inferred("the only air force the article names")));
                }
            }
            continue;
        }
        // Only an unambiguous agent is borrowed: two attackers named for the same kind of event leave it open.
        if let [(name, _)] = counts {
            let name = name.to_string();
            let victim = event.actor2.as_ref().is_some_and(|a| a.0 == name);
            if !victim {
                count(&mut named, kind, &name);
                event.actor1 =
                    Some((name, Provenance::inferred("the agent the article names for events of this kind")));
            }
        }
    }
}

/// "explosion", "blast" or "bombs" in a report of a suicide bombing, a chemical attack or an air strike are
/// that event, not another.
fn generic_explosion(a: &Candidate, b: &Candidate) -> bool {
    let generic = |c: &Candidate| c.sub_event_type == "Remote explosive/landmine/IED" || c.specificity <= 20;
    a.event_type == "Explosions/Remote violence" && a.status == "occurred" && (generic(a) || generic(b))
}

fn dates_compatible(a: &Candidate, b: &Candidate) -> bool {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => {
            let span = |d: &DateChoice| (d.0.clone(), d.1.clone().unwrap_or_else(|| d.0.clone()));
            let (a0, a1) = span(x);
            let (b0, b1) = span(y);
            // Overlap, with a day of slack either way (ISO dates compare as strings).
            let slack = |d: &str, days: i64| -> String {
                d.parse::<jiff::civil::Date>()
                    .ok()
                    .and_then(|d| d.checked_add(jiff::Span::new().days(days)).ok())
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            };
            a0 <= slack(&b1, 1) && b0 <= slack(&a1, 1)
        }
        _ => true,
    }
}

fn places_compatible(a: &Candidate, b: &Candidate) -> bool {
    match (&a.place, &b.place) {
        (Some(x), Some(y)) => {
            // A region over several governorates ("northern Syria") holds a place in any of them.
            let covers = |region: &Place, p: &Place| p.admin1.as_ref().is_some_and(|g| region.spans.contains(g));
            if x.1.admin1 != y.1.admin1 && !covers(&x.1, &y.1) && !covers(&y.1, &x.1) {
                return false;
            }
            // Two different towns are two events.
            !(x.1.precision == 1 && y.1.precision == 1 && x.1.id != y.1.id && x.0 != "document" && y.0 != "document")
        }
        _ => true,
    }
}

fn to_record(ctx: &DocContext, c: Candidate, sentences: &[usize]) -> EventRecord {
    let mut fields = Fields::new();
    fields.insert("event_type", Provenance::span(c.trigger.0, c.trigger.1));
    fields.insert("status", Provenance::span(c.trigger.0, c.trigger.1));
    let mut evidence: Vec<Evidence> = Vec::new();
    // A set of the sentences taken: an event told in thousands of sentences (a long document with one
    // running battle) would otherwise compare each with every one before it.
    let mut seen: HashSet<usize> = HashSet::new();
    for &s in sentences {
        if seen.insert(ctx.sentences[s].start) {
            evidence.push(ctx.evidence(s));
        }
    }
    let (event_date, event_date_end, date_precision) = match c.date {
        Some((d, to, p, prov)) => {
            fields.insert("event_date", prov);
            (Some(d), to, p)
        }
        None => (None, None, "unknown"),
    };
    let (location, latitude, longitude, country, admin1, admin2, geo_precision) = match c.place {
        Some((_, place, precision, prov)) => {
            fields.insert("location", prov);
            (
                Some(place.name.clone()),
                Some(place.point[1]),
                Some(place.point[0]),
                Some(place.country.clone()),
                place.admin1.clone(),
                place.admin2.clone(),
                Some(precision),
            )
        }
        None => (None, None, None, None, None, None, None),
    };
    let actor1 = c.actor1.map(|(name, prov)| {
        fields.insert("actor1", prov);
        name
    });
    let actor2 = c.actor2.map(|(name, prov)| {
        fields.insert("actor2", prov);
        name
    });
    let fatalities = c.fatalities.map(|(v, prov)| {
        fields.insert("fatalities", prov);
        v
    });
    EventRecord {
        doc: ctx.doc.id.clone(),
        status: c.status,
        event_type: c.event_type,
        sub_event_type: c.sub_event_type,
        event_date,
        event_date_end,
        date_precision,
        location,
        latitude,
        longitude,
        country,
        admin1,
        admin2,
        geo_precision,
        actor1,
        actor2,
        fatalities,
        main: false,
        background: c.background,
        salience: None,
        evidence,
        fields,
    }
}

#[cfg(test)]
mod taxonomy_tests {
    use super::TRIGGERS;
    use truce_pack::taxonomy::EventClass;

    /// Each trigger gives an ACLED class (the bare "killed" trigger excepted: its kind comes from the
    /// rest of the document), so a pack's prohibition can name it.
    #[test]
    fn every_trigger_gives_an_acled_class() {
        for t in TRIGGERS.iter().filter(|t| !t.event_type.is_empty()) {
            let class = format!("{}/{}", t.event_type, t.sub_event_type);
            assert!(EventClass::parse(&class).is_some(), "{class} is not in ACLED's taxonomy");
        }
    }
}
