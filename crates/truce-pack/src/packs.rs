//! Several theatres at once: the packs a run reads with, in the order given.
//!
//! Extraction reads each document with one pack, the theatre it is about ([`Packs::for_text`] guesses
//! it from the packs' cue words; the extractor confirms it from the countries the text names). The
//! assessment and the reports see every pack's registry, actors and zones through the lookups here, so
//! an agreement minted or registered in any theatre is judged with its own pack's knowledge.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::{Actor, Agreement, Pack, Zone, ZoneTest};

/// How much more a cue in the title counts than one in the text: a title says what a report is about.
const TITLE_CUE_WEIGHT: usize = 3;

/// The packs of a run; the first is where a document with no cue of any pack is read.
pub struct Packs {
    packs: Vec<Pack>,
    /// Every pack's cue words, each pattern tagged with its pack (`cue_pack`), in any case.
    cues: Option<AhoCorasick>,
    cue_pack: Vec<usize>,
    /// The registries' proper names, as written, each tagged with its pack (`name_pack`).
    agreement_names: Option<AhoCorasick>,
    name_pack: Vec<usize>,
}

impl Packs {
    /// The packs in the order given; a pack id given twice is kept once.
    pub fn new(packs: Vec<Pack>) -> Packs {
        let mut kept: Vec<Pack> = Vec::with_capacity(packs.len());
        for p in packs {
            if !kept.iter().any(|k| k.meta.id == p.meta.id) {
                kept.push(p);
            }
        }
        let (mut words, mut cue_pack) = (Vec::new(), Vec::new());
        let (mut names, mut name_pack) = (Vec::new(), Vec::new());
        for (i, p) in kept.iter().enumerate() {
            for c in &p.meta.cues {
                words.push(c.as_str());
                cue_pack.push(i);
            }
            // The registry's proper names ("Minsk II", "Jeddah ceasefire"), as written, point to their
            // theatre as its cue words do; a descriptive alias ("humanitarian pause") points nowhere.
            for alias in p.agreements.iter().flat_map(|a| &a.aliases).filter(|a| a.chars().any(char::is_uppercase)) {
                names.push(alias.as_str());
                name_pack.push(i);
            }
        }
        // One pass over a text counts every pack's cues: a pack more is a few patterns, not a pass more.
        let build = |patterns: &[&str], any_case: bool| {
            (kept.len() > 1 && !patterns.is_empty()).then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(any_case)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(patterns)
                    .expect("cue words build an automaton")
            })
        };
        let (cues, agreement_names) = (build(&words, true), build(&names, false));
        Packs { packs: kept, cues, cue_pack, agreement_names, name_pack }
    }

    /// Every pack built into the binary, in the order of their ids.
    pub fn builtin_all() -> Result<Packs, crate::PackError> {
        let packs = Pack::builtin_ids().iter().map(|id| Pack::builtin(id)).collect::<Result<Vec<_>, _>>()?;
        Ok(Packs::new(packs))
    }

    pub fn len(&self) -> usize {
        self.packs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.packs.is_empty()
    }

    /// The packs in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Pack> {
        self.packs.iter()
    }

    /// The first pack: the theatre of a document that points to none.
    pub fn first(&self) -> &Pack {
        &self.packs[0]
    }

    /// The pack with this id.
    pub fn get(&self, id: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.meta.id == id)
    }

    /// The pack whose theatre holds this country (ISO alpha-2), the first if several do.
    pub fn for_country(&self, alpha2: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.meta.countries.iter().any(|c| c == alpha2))
    }

    /// The pack whose cue words (and registered agreements' proper names) a text and its title name most
    /// (a title's count triple), the first on a tie, and whether any cue was named (else the first pack,
    /// unnamed). Cues match as whole words, or with an `s` after them.
    pub fn for_text(&self, title: Option<&str>, text: &str) -> (&Pack, bool) {
        let Some(cues) = &self.cues else { return (self.first(), self.packs.len() == 1) };
        let mut tally = vec![0usize; self.packs.len()];
        let mut count = |s: &str, weight: usize| {
            let bytes = s.as_bytes();
            let found = cues.find_iter(s).map(|m| (m, self.cue_pack[m.pattern().as_usize()]));
            let named = self
                .agreement_names
                .iter()
                .flat_map(|n| n.find_iter(s))
                .map(|m| (m, self.name_pack[m.pattern().as_usize()]));
            for (m, pack) in found.chain(named) {
                let before = m.start().checked_sub(1).map(|i| bytes[i]);
                // A plural or a possessive that lost its apostrophe counts: "Syrians", "Syrias".
                let end = if bytes.get(m.end()) == Some(&b's') { m.end() + 1 } else { m.end() };
                let after = bytes.get(end).copied();
                let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
                if !word(before) && !word(after) {
                    tally[pack] += weight;
                }
            }
        };
        if let Some(t) = title {
            count(t, TITLE_CUE_WEIGHT);
        }
        count(text, 1);
        let best = tally.iter().enumerate().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(&a.0))).map_or(0, |(i, _)| i);
        (&self.packs[best], tally[best] > 0)
    }

    /// The pack that registers this agreement.
    pub fn pack_of_agreement(&self, id: &str) -> Option<&Pack> {
        self.packs.iter().find(|p| p.agreement(id).is_some())
    }

    pub fn agreement(&self, id: &str) -> Option<&Agreement> {
        self.packs.iter().find_map(|p| p.agreement(id))
    }

    /// Every registered agreement, pack by pack.
    pub fn agreements(&self) -> impl Iterator<Item = &Agreement> {
        self.packs.iter().flat_map(|p| p.agreements.iter())
    }

    /// The actor with this id: the first pack's that has it (packs that share an actor give it the same
    /// id and name, which `pack check` of the builtin packs tests).
    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.packs.iter().find_map(|p| p.actor(id))
    }

    /// The actor whose canonical name is `name`, in any pack.
    pub fn actor_named(&self, name: &str) -> Option<&Actor> {
        self.packs.iter().find_map(|p| p.actor_named(name))
    }

    /// Canonical names of actor ids; an unknown id stands for itself.
    pub fn actor_names(&self, ids: &[String]) -> Vec<String> {
        ids.iter().map(|i| self.actor(i).map(|a| a.name.clone()).unwrap_or_else(|| i.clone())).collect()
    }

    /// Every actor, each id once (the first pack's record).
    pub fn actors(&self) -> impl Iterator<Item = &Actor> {
        let mut seen = std::collections::HashSet::new();
        self.packs.iter().flat_map(|p| p.actors.iter()).filter(move |a| seen.insert(a.id.as_str()))
    }

    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.packs.iter().find_map(|p| p.zone(id))
    }

    /// Every zone, pack by pack.
    pub fn zones(&self) -> impl Iterator<Item = &Zone> {
        self.packs.iter().flat_map(|p| p.zones.iter())
    }

    /// [`Pack::zone_test`] in the pack that has the zone.
    pub fn zone_test(&self, zone_id: &str, point: [f64; 2], precision: u8) -> Option<ZoneTest> {
        self.packs.iter().find_map(|p| p.zone_test(zone_id, point, precision))
    }

    /// Every pack's countries, each once, in order.
    pub fn countries(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for c in self.packs.iter().flat_map(|p| p.meta.countries.iter()) {
            if !out.contains(c) {
                out.push(c.clone());
            }
        }
        out
    }

    /// The ids of the packs, in order, joined by commas.
    pub fn ids(&self) -> String {
        self.packs.iter().map(|p| p.meta.id.as_str()).collect::<Vec<_>>().join(",")
    }
}

impl From<Pack> for Packs {
    fn from(pack: Pack) -> Packs {
        Packs::new(vec![pack])
    }
}

impl<'a> IntoIterator for &'a Packs {
    type Item = &'a Pack;
    type IntoIter = std::slice::Iter<'a, Pack>;
    fn into_iter(self) -> Self::IntoIter {
        self.packs.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Packs {
        Packs::builtin_all().expect("the builtin packs load")
    }

    /// Every pack knows the world's news outlets (world/news.toml) as outlets, and one a pack lists itself
    /// keeps the pack's record.
    #[test]
    fn every_pack_knows_the_news_outlets() {
        let packs = builtin();
        for pack in packs.iter() {
            for (name, id) in [("AP", "associated-press"), ("Reuters", "reuters"), ("BBC", "bbc")] {
                let actor = pack
                    .lookup(name)
                    .iter()
                    .find_map(|e| match e.entity {
                        crate::Entity::Actor(i) => Some(&pack.actors[i]),
                        _ => None,
                    })
                    .unwrap_or_else(|| panic!("{}: {name}", pack.meta.id));
                assert_eq!((actor.id.as_str(), actor.kind.as_str()), (id, "news_agency"), "{}", pack.meta.id);
            }
        }
        let syria = packs.iter().find(|p| p.meta.id == "syria").unwrap();
        assert_eq!(syria.actors.iter().filter(|a| a.id == "reuters").count(), 1);
    }

    /// (title, text, the pack chosen, whether a cue named it)
    const CHOICES: &[(&str, &str, &str, bool)] = &[
        ("Truce holds in Idlib", "Shelling stopped across the province.", "syria", true),
        ("Rockets fired from Gaza", "Israeli jets struck back overnight.", "gaza", true),
        ("", "Two Syrians were killed in Deir Ezzor.", "syria", true),
        ("", "Hamas accepted the Egyptian proposal; Israel did not reply.", "gaza", true),
        // A title counts three times: a Syrian story that names Israel in passing stays Syrian.
        ("Assad's forces advance near Hama", "Israel was not involved, Israeli officials said.", "syria", true),
        ("", "A recipe for bread with no conflict in it.", "", false),
        // A registered agreement's proper name points to its theatre, as written only.
        ("", "The Jeddah ceasefire was extended by five days.", "sudan", true),
        ("", "A nationwide cessation of hostilities took effect at midnight.", "", false),
    ];

    #[test]
    fn a_text_is_read_with_the_pack_its_cues_name() {
        let packs = builtin();
        for &(title, text, want, pointed) in CHOICES {
            let (pack, named) = packs.for_text(Some(title).filter(|t| !t.is_empty()), text);
            assert_eq!(named, pointed, "{text}");
            if pointed {
                assert_eq!(pack.meta.id, want, "{text}");
            } else {
                assert!(std::ptr::eq(pack, packs.first()), "{text}: the first pack when none is named");
            }
        }
    }

    #[test]
    fn lookups_reach_every_pack_and_shared_actors_agree() {
        let packs = builtin();
        assert!(packs.len() >= 2);
        assert!(packs.agreement("gaza-ceasefire-2012-11").is_some());
        assert!(packs.agreement("coh-2016-02").is_some());
        assert_eq!(packs.pack_of_agreement("gaza-ceasefire-2012-11").map(|p| p.meta.id.as_str()), Some("gaza"));
        // An actor two packs define has one name, so a record reads the same whichever pack made it.
        for pack in &packs {
            for a in &pack.actors {
                assert_eq!(
                    packs.actor(&a.id).map(|x| x.name.as_str()),
                    Some(a.name.as_str()),
                    "{} in {}",
                    a.id,
                    pack.meta.id
                );
            }
        }
        let ids: Vec<&str> = packs.actors().map(|a| a.id.as_str()).collect();
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(ids.len(), unique.len(), "each actor once");
    }

    #[test]
    fn a_pack_given_twice_is_kept_once() {
        let p = || Pack::builtin("syria").unwrap();
        let packs = Packs::new(vec![p(), p()]);
        assert_eq!(packs.len(), 1);
        assert_eq!(packs.for_text(None, "Gaza").0.meta.id, "syria");
    }
}
