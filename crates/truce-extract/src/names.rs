//! Names no pack or world entry lists: capitalised spans of running text typed by the words around
//! them (a title before a person, "the X Brigade", "spokesman for X", "in the town of X") or by their
//! own shape (an acronym), or simply recurring as a proper name. Each becomes a `mention` record with
//! `resolved: null` and the reason, and event actors use an organisation's name as the text gives it
//! ("Hamas" is a party even where no pack lists it) rather than dropping it.

use truce_pack::{Entity, World, is_common_capitalised, opens_sentence};

use crate::context::{DocContext, SortedSpans};

/// What kind of name a span is, as far as the text says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Organisation,
    Person,
    Place,
    /// A proper name the text gives no type for.
    Name,
}

impl NameKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NameKind::Organisation => "organisation",
            NameKind::Person => "person",
            NameKind::Place => "place",
            NameKind::Name => "name",
        }
    }
}

/// A name of the text that no pack or world entry knows.
#[derive(Debug, Clone)]
pub struct Unlisted {
    pub start: usize,
    pub end: usize,
    pub kind: NameKind,
    /// The cue that gave the kind ("title before", "group word", "recurs").
    pub cue: &'static str,
}

/// Last words that make a name an organisation or an armed group ("Islamic Jihad", "the Azov
/// Battalion", "Ansar Allah Movement").
const GROUP_HEADS: &[&str] = &[
    "front",
    "brigade",
    "brigades",
    "army",
    "movement",
    "party",
    "council",
    "forces",
    "force",
    "militia",
    "militias",
    "battalion",
    "battalions",
    "group",
    "organisation",
    "organization",
    "committee",
    "committees",
    "authority",
    "ministry",
    "union",
    "alliance",
    "coalition",
    "jihad",
    "corps",
    "guard",
    "guards",
    "division",
    "regiment",
    "agency",
    "command",
    "police",
    "republic",
    "government",
    "network",
    "legion",
    "mission",
    "office",
    "service",
];

/// Words right before a name that make it a person ("President Petro Poroshenko", "spokesman Fawzi
/// Barhoum").
pub(crate) const PERSON_TITLES: &[&str] = &[
    "president",
    "minister",
    "secretary",
    "general",
    "gen.",
    "col.",
    "colonel",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "leader",
    "commander",
    "envoy",
    "king",
    "prince",
    "sheikh",
    "chancellor",
    "ambassador",
    "senator",
    "mayor",
    "governor",
    "chief",
    "premier",
    "official",
    "negotiator",
    "mediator",
];

/// Words after a name that make it an organisation or armed group ("Hamas militants", "Taliban
/// fighters", "Houthi rebels").
const GROUP_MEMBERS_AFTER: &[&str] = &[
    "militants",
    "fighters",
    "rebels",
    "forces",
    "insurgents",
    "gunmen",
    "militia",
    "militiamen",
    "spokesman",
    "spokeswoman",
    "leaders",
    "leadership",
    "commanders",
    "commander",
    "members",
    "officials",
    "movement",
    "delegation",
    "negotiators",
    "positions",
    "group",
    "'s military wing",
    "'s armed wing",
];

/// Nouns after a nationality that make a group of it ("Palestinian factions", "Houthi rebels"), not a
/// state's force.
pub const GROUPS_BY_NATIONALITY: &[&str] = &[
    "factions",
    "groups",
    "militants",
    "militias",
    "militia",
    "rebels",
    "separatists",
    "fighters",
    "insurgents",
    "gunmen",
];

/// Words before a name that make it an organisation ("leader of X", "members of X", "backed by X").
const GROUP_BEFORE: &[&str] = &[
    "leader of",
    "spokesman for",
    "spokeswoman for",
    "members of",
    "fighters of",
    "forces of",
    "militants of",
    "head of",
];

/// Words before a name that make it a place.
const PLACE_BEFORE: &[&str] = &["town of", "city of", "village of", "district of", "province of", "region of", "near"];

/// Words after a name that make it a person: "X said", "X told".
const PERSON_AFTER: &[&str] = &[" said", " told", " says", " added", ", who"];

/// Capitalised words of page furniture, abbreviations and headings that name nothing.
const NOT_NAMES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "dr",
    "the",
    "an",
    "a",
    "photos",
    "photo",
    "video",
    "videos",
    "replay",
    "story",
    "more",
    "gmt",
    "utc",
    "llc",
    "inc",
    "ltd",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "read",
    "image",
    "caption",
    "copyright",
    "advertisement",
    "related",
    "watch",
    "share",
    "live",
    "update",
    "updated",
];

/// Endings of a hyphenated adjective, no name ("Saudi-led", "Iranian-backed").
const ADJECTIVE_ENDINGS: &[&str] = &["-led", "-backed", "-based", "-held", "-run", "-controlled", "-allied", "-born"];

/// Person titles written before a name with no comma, inside the capitalised run ("Mr Poroshenko").
pub(crate) const TITLE_WORDS: &[&str] = &["Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr."];

/// A proper name named this many times (not opening a sentence) is a name even with no cue.
const RECURS: usize = 3;

/// Every capitalised span of `text` that no found name covers, with its kind.
pub(crate) fn unlisted(ctx: &DocContext) -> Vec<Unlisted> {
    let (text, furniture) = (ctx.text, &ctx.furniture);
    let world = World::get();
    // A name is known when it resolves here: a pack record, a nationality or country, or a world place
    // the document may mean. A world town's name the document cannot mean ("Hamas", an alternate name
    // of Hamm) is free for the recogniser.
    let known = SortedSpans::new(
        ctx.names
            .iter()
            .filter(|m| {
                m.entries.iter().any(|e| match e.entity {
                    Entity::World(p) => world.is_country(p),
                    Entity::WorldAlias(_) => false,
                    _ => true,
                }) || ctx.place_of(m).is_some()
            })
            .map(|m| (m.start, m.end))
            .collect(),
    );
    let mut candidates: Vec<(usize, usize, bool, bool)> = Vec::new();
    for &(start, end) in &ctx.capitalised_runs {
        if known.overlaps(start, end) || furniture.overlaps(start, end) {
            continue;
        }
        let mut start = start;
        let mut span = &text[start..end];
        // "The Azov Battalion": the article is no part of the name.
        for article in ["The ", "A ", "An "] {
            if let Some(rest) = span.strip_prefix(article) {
                start += article.len();
                span = rest;
            }
        }
        // "Spokesman Fawzi Barhoum", "Mr Poroshenko": a title opening the run is no part of the name,
        // and says it is a person's.
        let mut titled = false;
        while let Some((first, rest)) = span.split_once(' ') {
            let lower = first.to_ascii_lowercase();
            if !(TITLE_WORDS.contains(&first) || PERSON_TITLES.contains(&lower.as_str())) {
                break;
            }
            start += first.len() + 1;
            span = rest;
            titled = true;
        }
        let span = span.strip_suffix("'s").or_else(|| span.strip_suffix("’s")).unwrap_or(span);
        let span = span.trim_end_matches(['\'', '’']);
        let end = start + span.len();
        let folded = truce_pack::fold::fold(span);
        // "Palestinians", "Ukrainians": a nationality's people, not a name.
        let people = folded.strip_suffix('s').is_some_and(|one| world.country_named(one).is_some());
        if span.len() < 2
            || is_common_capitalised(&folded)
            || folded.split(' ').all(|w| NOT_NAMES.contains(&w))
            || people
            || ADJECTIVE_ENDINGS.iter().any(|e| span.ends_with(e))
            || !span.chars().any(char::is_alphabetic)
        {
            continue;
        }
        let opens_sentence = opens_sentence(text, start);
        candidates.push((start, end, opens_sentence, titled));
    }
    // How often each name recurs where it is not a sentence's first word.
    let mut recurring: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for &(s, e, opens, _) in &candidates {
        if !opens {
            *recurring.entry(&text[s..e]).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for (start, end, opens_sentence, titled) in candidates {
        let span = &text[start..end];
        let words = span.split(' ').count();
        let before = crate::tail(&text[..start], 40).to_ascii_lowercase();
        let before = before.trim_end();
        let before = before.strip_suffix(" the").unwrap_or(before);
        let after = ctx.after(end, 24).to_ascii_lowercase();
        let after_word = |w: &str| {
            after.strip_prefix(' ').unwrap_or(&after).starts_with(w.trim_start_matches(' '))
                && (w.starts_with('\'') || after.starts_with(' '))
        };
        let last = span.rsplit(' ').next().unwrap_or(span).to_ascii_lowercase();
        let acronym = truce_pack::is_acronym(span) && span.chars().filter(|c| c.is_uppercase()).count() >= 2;
        let ends_with = |list: &[&str]| {
            list.iter()
                .any(|w| before.ends_with(w) && before[..before.len() - w.len()].ends_with([' ', '(']) || before == *w)
        };
        let (kind, cue) = if titled {
            (NameKind::Person, "title before")
        } else if GROUP_HEADS.contains(&last.as_str()) && words >= 2 {
            (NameKind::Organisation, "group word")
        } else if acronym {
            (NameKind::Organisation, "acronym")
        } else if GROUP_MEMBERS_AFTER.iter().any(|w| after_word(w)) {
            (NameKind::Organisation, "members after")
        } else if ends_with(GROUP_BEFORE) {
            (NameKind::Organisation, "group before")
        } else if ends_with(PERSON_TITLES) && words >= 1 {
            (NameKind::Person, "title before")
        } else if ends_with(PLACE_BEFORE) {
            (NameKind::Place, "place words before")
        } else if (2..=4).contains(&words) && PERSON_AFTER.iter().any(|w| after.starts_with(w)) {
            (NameKind::Person, "speaks")
        } else if !opens_sentence && recurring.get(span).copied().unwrap_or(0) >= RECURS {
            (NameKind::Name, "recurs")
        } else {
            continue;
        };
        // A lone capitalised word opening a sentence is a name only with a cue of its own.
        if opens_sentence && words == 1 && cue == "recurs" {
            continue;
        }
        out.push(Unlisted { start, end, kind, cue });
    }
    out
}
