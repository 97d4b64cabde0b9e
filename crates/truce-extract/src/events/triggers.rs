//! Trigger words: the ACLED class each names, what it says by itself (`TriggerClass`), how
//! specific it is, and finding them in a clause.

use super::*;

/// One kind of trigger: ACLED event type, sub-event type, what the word says by itself, how specific it
/// is among the words of its class, and its words.
pub(super) struct TriggerKind {
    pub(super) event_type: &'static str,
    pub(super) sub_event_type: &'static str,
    pub(super) class: TriggerClass,
    /// Orders triggers in one clause: the most specific names the event ("barrel bombs" before "attack").
    /// Only the order matters; what a trigger needs to make an event is its class.
    pub(super) rank: u8,
    pub(super) pattern: &'static str,
}

impl TriggerKind {
    pub(super) fn specificity(&self) -> Specificity {
        Specificity { rank: self.rank, class: self.class }
    }
}

/// What a trigger word says by itself, which decides what else its clause needs to be an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TriggerClass {
    /// "killed", "dead", "wounded": an event only with a toll or a word of killing; its kind comes from
    /// the rest of the document.
    Killing,
    /// "strikes", "hit", "pounded": an air strike only when aimed at something ("strikes on Idlib") or
    /// told with a word of killing.
    Strike,
    /// "attack", "assault", "offensive": violence of a kind the document tells elsewhere ("the attack"
    /// is the event just reported); an event by itself only with a toll.
    Attack,
    /// "arrested", "protests", "convoys entered": an event by itself that names no kind of violence.
    Development,
    /// "air strikes", "clashes", "car bomb": names its kind of violence, is an event by itself, and lends
    /// its kind to the vaguer mentions around it.
    Specific,
}

impl TriggerClass {
    /// Names a kind of violence that "the attack" or "killed" may borrow.
    pub fn names_kind(self) -> bool {
        self == TriggerClass::Specific
    }

    /// Makes an event with no toll.
    pub fn stands_alone(self) -> bool {
        matches!(self, TriggerClass::Specific | TriggerClass::Development)
    }

    /// Can be reported as stopping ("the shelling stopped"); "deaths stopped" is no halt of anything.
    pub fn can_cease(self) -> bool {
        self != TriggerClass::Killing
    }

    /// Too vague to be an event without a word of killing: "strikes", "killed".
    pub fn vague(self) -> bool {
        matches!(self, TriggerClass::Strike | TriggerClass::Killing)
    }
}

/// How specific an event's trigger is: its rank orders triggers and merged reports; its class says what
/// the event can stand on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Specificity {
    pub rank: u8,
    pub class: TriggerClass,
}

/// A bare strike word aimed at a place ("resumed strikes on Idlib") tells more than "bombing" and less
/// than "shelling": an air strike of its own.
pub(super) const AIMED_STRIKE: Specificity = Specificity { rank: 72, class: TriggerClass::Specific };

pub(super) const TRIGGERS: &[TriggerKind] = &[
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Chemical weapon",
        class: TriggerClass::Specific,
        rank: 95,
        pattern: r"chemical\s+(?:weapons?\s+)?attacks?|chemical\s+weapons?|toxic\s+gas(?:es)?|poison(?:ous)?\s+gas|chlorine(?:\s+gas)?|sarin|nerve\s+agents?|gas\s+attacks?|suffocation",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Suicide bomb",
        class: TriggerClass::Specific,
        rank: 90,
        pattern: r"suicide\s+(?:bomb(?:er|ers|ing|ings|s)?|attacks?|attackers?|car\s+bomb(?:ing)?s?|blasts?|truck\s+bombs?|vests?|bombers?)|blew\s+(?:himself|herself|themselves)\s+up|self-detonat\w*|martyrdom\s+operation",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Air/drone strike",
        class: TriggerClass::Specific,
        rank: 80,
        pattern: r"air\s*strikes?|air\s*-\s*strikes?|air\s+raids?|airstrike|air\s+attacks?|aerial\s+(?:bombardment|attacks?|strikes?|bombing)|barrel[\s-]+bombs?|drone\s+strikes?|warplanes?|war\s+planes?|fighter\s+jets?|jets|helicopters?|gunships?|aircraft|air\s+force\s+(?:strikes?|raids?)|bombing\s+raids?|raids?|air\s+campaign",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Shelling/artillery/missile attack",
        class: TriggerClass::Specific,
        rank: 75,
        pattern: r"shell(?:ing|ings|ed|s)|artillery|mortars?|rockets?|missiles?|bombardments?|bombarded|tank\s+fire|ground\s+fire|cannon\s+fire|projectiles?|grad\s+rockets|cluster\s+(?:munitions|bombs)|surface-to-surface",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Remote explosive/landmine/IED",
        class: TriggerClass::Specific,
        rank: 70,
        pattern: r"(?:car|motorcycle|motorbike|truck|vehicle)\s+bombers?|car\s+bombs?|car\s+bombings?|bomb\s+blasts?|(?:roadside|improvised|planted)\s+(?:bombs?|explosives?)|ieds?|land\s*mines?|mines?\s+(?:blast|explosion)|explosive\s+devices?|booby[\s-]+trapped|explosions?|blasts?|bombings?|bombs?|detonat\w+|exploded",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Grenade",
        class: TriggerClass::Specific,
        rank: 72,
        pattern: r"grenades?",
    },
    TriggerKind {
        event_type: "Violence against civilians",
        sub_event_type: "Attack",
        class: TriggerClass::Specific,
        rank: 65,
        pattern: r"executed|executions?|beheaded|beheadings?|massacred?|massacres|shot\s+dead|gunned\s+down|slaughtered|tortured\s+to\s+death|lynched|summarily\s+killed",
    },
    TriggerKind {
        event_type: "Violence against civilians",
        sub_event_type: "Abduction/forced disappearance",
        class: TriggerClass::Specific,
        rank: 64,
        pattern: r"kidnapp?(?:ed|ing|ings)|abduct(?:ed|ion|ions|ing)|taken\s+hostage|forcibly\s+disappeared",
    },
    TriggerKind {
        event_type: "Battles",
        sub_event_type: "Government regains territory",
        class: TriggerClass::Specific,
        rank: 60,
        pattern: r"recaptur(?:ed|e|es|ing)|retook|retake|regain(?:ed|s)?\s+control|took\s+back|taken\s+back|liberat(?:ed|ing|ion)|restored\s+control|(?:have|had|has|took|taken|gained)\s+control\s+over|control\s+over\s+several|advanced\s+(?:to|into)",
    },
    TriggerKind {
        event_type: "Battles",
        sub_event_type: "Non-state actor overtakes territory",
        class: TriggerClass::Specific,
        rank: 58,
        pattern: r"seized|seizes|captured|captures|overran|overruns|overrun|took\s+control|takes\s+control|stormed|storms|fell\s+to|falls\s+to",
    },
    TriggerKind {
        event_type: "Battles",
        sub_event_type: "Armed clash",
        class: TriggerClass::Specific,
        rank: 50,
        pattern: r"clash(?:es|ed)?|fighting|fought|battles?|gun\s*battles?|firefights?|ambush(?:ed)?|skirmish(?:es)?|combat|counter-?attacks?|repell?ed|repulsed|fended\s+off|sniper\s+fire|gunfire|shootings?|gunmen\s+opened\s+fire|opened\s+fire|shot",
    },
    // "attack", "assault", "offensive": violence of a kind the rest of the document tells.
    TriggerKind {
        event_type: "Battles",
        sub_event_type: "Armed clash",
        class: TriggerClass::Attack,
        rank: 25,
        pattern: r"attack(?:ed|s|ing)?|assaults?|offensive|campaign",
    },
    TriggerKind {
        event_type: "Strategic developments",
        sub_event_type: "Arrests",
        class: TriggerClass::Development,
        rank: 40,
        pattern: r"arrested|arrest\s+campaign|detained|rounded\s+up",
    },
    TriggerKind {
        event_type: "Protests",
        sub_event_type: "Peaceful protest",
        class: TriggerClass::Development,
        rank: 40,
        pattern: r"protest(?:s|ers|ed|ing)?|demonstrat(?:ion|ions|ors|ed)|rall(?:y|ies|ied)|sit-ins?",
    },
    TriggerKind {
        event_type: "Strategic developments",
        sub_event_type: "Other",
        class: TriggerClass::Development,
        rank: 30,
        pattern: r"(?:military\s+)?convoys?\s+(?:enters?|entered|arrived|crossed)|deploy(?:ed|ing)\s+(?:hesco|troops|reinforcements|forces)|fortif(?:y|ying|ied)|sent\s+reinforcements|set\s+up\s+(?:an?\s+)?observation\s+posts?",
    },
    // "killed" alone: an event whose kind the rest of the document must tell.
    TriggerKind {
        event_type: "",
        sub_event_type: "",
        class: TriggerClass::Killing,
        rank: 10,
        pattern: r"killed|killing|kills|dead|died|deaths?|lost\s+their\s+lives|(?:claim|took|take|claimed|claims|claiming|taking)\s+the\s+lives|martyred|slain|death\s+toll|casualties|wounded|injured",
    },
    TriggerKind {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Air/drone strike",
        class: TriggerClass::Strike,
        rank: 20,
        pattern: r"strikes?|struck|bombed|bombing\s+campaign|pounded|targeted|hit",
    },
];

pub(super) static TRIGGER_REGEXES: LazyLock<Vec<Regex>> =
    LazyLock::new(|| TRIGGERS.iter().map(|t| crate::re(&trigger_pattern(t)).unwrap()).collect());

/// A trigger's words as a pattern, with ASCII word boundaries as [`crate::re`] gives every rule.
pub(super) fn trigger_pattern(t: &TriggerKind) -> String {
    format!(r"(?i)(?-u:\b)(?:{})(?-u:\b)", t.pattern)
}

/// A trigger found in a clause.
#[derive(Debug, Clone, Copy)]
pub(super) struct Trigger {
    pub(super) kind: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Trigger words in figurative or physical senses that tell no political violence: the word, and the
/// words right after it that make it so ("debris fell to Earth", "fighting back tears", "fighting
/// wildfires", "fighting back against online criticism"). Cases in the unit test below.
const FIGURATIVE: &[(&str, &str)] = &[
    (
        r"fell|falls?",
        r"^\s+to\s+(?:earth|the\s+(?:ground|floor|sea|bottom|earth)|(?:a|an|its|their|the)\s+(?:new\s+)?(?:low|lowest|record)|\$?\d)",
    ),
    (
        r"fighting|fights?|fought|battl(?:e|es|ed|ing)",
        r"^\s+(?:back\s+)?(?:tears|cancer|(?:wild)?fires?|blazes?|flames|the\s+(?:flames|fire|fires|blaze|virus|disease|pandemic|urge)|corruption|poverty|disease|illness|addiction|obesity|an?\s+(?:illness|disease|addiction))\b",
    ),
    // "fighting for his life" (in hospital), "what he was fighting for," (a cause, its object moved away).
    (
        r"fighting|fights?|fought",
        r"^\s+for(?:\s*(?:[,.;”\x22’]|$)|\s+(?:his|her|their|our|my|your)\s+(?:li(?:fe|ves)|country|freedom|rights|family|children|future)\b)",
    ),
    (
        r"fighting|fights?|fought",
        r"^\s+back\s+(?:after|against)\s+(?:an?\s+|the\s+|her\s+|his\s+|their\s+)?(?:online\s+)?(?:photos?|posts?|videos?|tweets?|comments?|criticism|backlash|claims|allegations|trolls|critics|rumou?rs|reports)\b",
    ),
];

/// Whether the trigger `word`, followed by `after`, is used in a sense [`FIGURATIVE`] lists.
fn figurative(word: &str, after: &str) -> bool {
    static TABLE: LazyLock<Vec<(Regex, Regex)>> = LazyLock::new(|| {
        FIGURATIVE
            .iter()
            .map(|(w, a)| (crate::re(&format!(r"(?i)^(?:{w})$")).unwrap(), crate::re(&format!("(?i){a}")).unwrap()))
            .collect()
    });
    TABLE.iter().any(|(w, a)| w.is_match(word) && a.is_match(after))
}

pub(super) fn triggers_in(clause: &str) -> Vec<Trigger> {
    // One pass over the clause tells which kinds occur at all; only those are searched for positions.
    static ANY_TRIGGER: LazyLock<regex::RegexSet> = LazyLock::new(|| {
        regex::RegexSetBuilder::new(TRIGGERS.iter().map(trigger_pattern)).dfa_size_limit(32 << 20).build().unwrap()
    });
    let mut found = Vec::new();
    for kind in ANY_TRIGGER.matches(clause).iter() {
        for m in TRIGGER_REGEXES[kind].find_iter(clause) {
            let word = m.as_str().split_whitespace().next().unwrap_or("");
            if figurative(word, &clause[m.start() + word.len()..]) {
                continue;
            }
            found.push(Trigger { kind, start: m.start(), end: m.end() });
        }
    }
    found
}

/// "bombing" by aircraft is an air strike, not a planted bomb.
pub(super) fn best_is_air_bombing(clause: &str, t: Trigger) -> bool {
    static AIR: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:warplanes?|aircraft|jets?|air|aerial|helicopters?|regime|russian|coalition|barrel)\b")
            .unwrap()
    });
    let word = clause[t.start..t.end].to_ascii_lowercase();
    (word.starts_with("bombing") || word == "bombs" || word == "bomb") && AIR.is_match(clause)
}

#[cfg(test)]
mod figurative_tests {
    use super::triggers_in;

    /// (clause, whether it holds a trigger): the figurative senses of `FIGURATIVE` and the literal ones
    /// beside them.
    const CASES: &[(&str, bool)] = &[
        ("some of the debris fell to Earth over the desert", false),
        ("the currency fell to a record low", false),
        ("the town fell to the rebels", true),
        ("a nurse is fighting back tears", false),
        ("crews were fighting wildfires in the hills", false),
        ("a veteran is fighting back after a photo she posted", false),
        ("the rebels are fighting back after losing the town", true),
        ("fighting raged in the old city", true),
        ("the boy was fighting for his life in hospital", false),
        ("this is what he was fighting for, his son said", false),
        ("rebels were fighting for control of the airport", true),
    ];

    #[test]
    fn figurative_senses_are_no_triggers() {
        for (clause, trigger) in CASES {
            assert_eq!(!triggers_in(clause).is_empty(), *trigger, "{clause}");
        }
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
