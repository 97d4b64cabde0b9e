//! The extract stage: turns a document into the facts a ceasefire monitor needs, each tied to the
//! words it came from.
//!
//! Owns: time expressions and their resolution against the publication date ([`time`]), counts
//! ([`numbers`]), and the records extracted from a document ([`records`]): events in ACLED's taxonomy,
//! agreements with their provisions, conditions and status, quotes with speakers, casualty and
//! displacement figures, and mentions of actors, people, places and times, all with evidence spans.
//! Extraction reads a document and a knowledge pack and touches no store.

pub mod agreements;
mod context;
mod cues;
pub mod events;
pub mod figures;
pub mod names;
pub mod numbers;
pub mod quotes;
pub mod records;
mod relevance;
pub mod salience;
pub mod theatre;
pub mod time;
pub mod totals;

/// The last `max` bytes of `text`, cut on a character boundary: what a rule anchored at the end (`...$`)
/// needs to see, without searching a whole sentence for each number or name in it.
pub(crate) fn tail(text: &str, max: usize) -> &str {
    let mut from = text.len().saturating_sub(max);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    &text[from..]
}

/// Compiles one of the extraction rules' patterns, with ASCII word boundaries: the rules' words are
/// ASCII, and a Unicode `\b` makes the regex crate's fast automaton give up at the first curly quote
/// or accented letter of a text, which news text always has.
///
/// A word letter `\w` is a Latin one (`cues::latin_words`): under the rules' counted repetitions
/// (`(?:\w+\s+){0,6}$`) Unicode's `\w` makes the lazy automaton build new states on nearly every clause,
/// tens of thousands of instructions per search (callgrind); English reports' words are Latin, accents
/// included, and a word in another script ends a count as a punctuation mark does.
///
/// The lazy automaton gets room to keep its states: the larger rules (the time expressions) otherwise
/// refill a small cache over and over.
pub(crate) fn re(pattern: &str) -> Result<regex::Regex, regex::Error> {
    let pattern = cues::latin_words(&pattern.replace(r"\b", r"(?-u:\b)"));
    regex::RegexBuilder::new(&pattern).dfa_size_limit(32 << 20).build()
}

use serde_json::json;
use truce_ingest::Document;
use truce_pack::{Entity, Pack, Packs};

pub use context::DocContext;
pub use records::Record;
use records::{DocumentRecord, MentionRecord};

/// Extracts records from documents with the knowledge packs of a run, each document with the pack of
/// the theatre it is about.
pub struct Extractor {
    packs: Packs,
}

impl Extractor {
    /// An extractor with one pack.
    pub fn new(pack: Pack) -> Extractor {
        Extractor { packs: Packs::from(pack) }
    }

    /// An extractor with several packs (the first reads a document that points to none).
    pub fn with_packs(packs: Packs) -> Extractor {
        Extractor { packs }
    }

    pub fn packs(&self) -> &Packs {
        &self.packs
    }

    /// The document read with the pack of its theatre. The pack whose cue words it names most is read
    /// first; when that is not the document's theatre, or another theatre's country leads the countries
    /// it names, the packs of the named countries are tried, strongest first, and the first whose
    /// theatre the document is in reads it. With one pack, that pack.
    pub fn context<'a>(&'a self, doc: &'a Document) -> DocContext<'a> {
        if self.packs.len() == 1 {
            return DocContext::read(doc, self.packs.first(), true);
        }
        let (guess, pointed) = self.packs.for_text(doc.title.as_deref(), &doc.text);
        let ctx = DocContext::read(doc, guess, pointed);
        let leader = ctx.countries.first().and_then(|c| self.packs.for_country(c.country));
        if ctx.in_theatre && leader.is_none_or(|p| std::ptr::eq(p, guess)) {
            return ctx;
        }
        let mut tried = vec![guess];
        for c in &ctx.countries {
            let Some(p) = self.packs.for_country(c.country) else { continue };
            if tried.iter().any(|t| std::ptr::eq(*t, p)) {
                continue;
            }
            let other = DocContext::read(doc, p, true);
            if other.in_theatre {
                return other;
            }
            tried.push(p);
        }
        ctx
    }

    /// [`Extractor::extract`], with a fault in the rules turned into an error naming the document, so
    /// that one bad document does not end a batch.
    pub fn try_extract(&self, doc: &Document, duplicate_of: Option<&str>) -> Result<Vec<Record>, String> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.extract(doc, duplicate_of))).map_err(|panic| {
            let why = panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("unknown fault");
            format!("extraction failed on document {:?}: {why}", doc.id)
        })
    }

    /// Every record of one document: the document itself, its mentions, events, agreements, quotes
    /// and figures.
    pub fn extract(&self, doc: &Document, duplicate_of: Option<&str>) -> Vec<Record> {
        let ctx = self.context(doc);
        let (relevant, relevance) = relevance::relevance(&ctx);
        let mut out = vec![Record::Document(DocumentRecord {
            doc: doc.id.clone(),
            title: doc.title.clone(),
            published: doc.published.as_ref().map(|p| p.to_string()),
            published_basis: doc.published.as_ref().map(|p| p.basis.clone()).unwrap_or_else(|| "unknown".into()),
            duplicate_of: duplicate_of.map(str::to_owned),
            source: doc.source.clone(),
            theatre: ctx.in_theatre.then(|| ctx.pack.meta.id.clone()),
            country: ctx.country,
            countries: ctx.countries.clone(),
            relevant,
            relevance,
        })];
        out.extend(mentions(&ctx).into_iter().map(Record::Mention));
        // A page that reports no armed conflict has no events and no agreements, whatever its words.
        if relevant {
            let events = events::extract(&ctx);
            let agreements = agreements::extract(&ctx, &events);
            out.extend(events.into_iter().map(Record::Event));
            out.extend(agreements.into_iter().map(Record::Agreement));
        }
        out.extend(quotes::extract(&ctx).into_iter().map(Record::Quote));
        out.extend(figures::extract(&ctx).into_iter().map(Record::Figure));
        out
    }
}

/// Every actor, person, place, zone, agreement and time expression of the document, resolved.
fn mentions(ctx: &DocContext) -> Vec<MentionRecord> {
    let mut out = Vec::new();
    let on = ctx.published;
    for m in &ctx.names {
        let text = ctx.text[m.start..m.end].to_owned();
        let (mention_type, resolved) = if let Some(r) = ctx.pack.person_from_entries(&m.entries, on) {
            (
                "person",
                json!({"id": r.person.id, "name": r.person.name, "role": r.role.map(|x| &x.title), "affiliation": r.role.and_then(|x| x.actor.clone()), "by_role": r.by_role}),
            )
        } else if let Some(r) = ctx.actor(m) {
            ("actor", json!({"id": r.actor.id, "name": r.actor.name, "type": r.actor.kind, "via": r.via}))
        } else if let Some(place) = ctx.place_of(m) {
            (
                "place",
                json!({"id": place.id, "name": place.name, "kind": place.kind, "latitude": place.point[1], "longitude": place.point[0], "country": place.country, "admin1": place.admin1, "admin2": place.admin2, "precision": place.precision, "fuzzy": m.fuzzy}),
            )
        } else if let Some((name, kind, end)) = ctx.world_actor(m) {
            // "Afghan security forces": the state's forces, named by the world layer.
            let text = ctx.text[m.start..end].to_owned();
            out.push(MentionRecord {
                doc: ctx.doc.id.clone(),
                mention_type: "actor",
                text,
                start: m.start,
                end,
                resolved: json!({"name": name, "type": kind, "via": "world"}),
                unresolved: None,
            });
            continue;
        } else if let Some(c) = m.entries.iter().find_map(|e| match e.entity {
            Entity::Demonym(c) => Some(&truce_pack::World::get().countries[c as usize]),
            _ => None,
        }) {
            // "Palestinian factions", "Houthi rebels": a group the text names by nationality, unknown.
            if let Some((_, end)) = ctx.noun_after(m, names::GROUPS_BY_NATIONALITY.iter().copied()) {
                out.push(MentionRecord {
                    doc: ctx.doc.id.clone(),
                    mention_type: "organisation",
                    text: ctx.text[m.start..end].to_owned(),
                    start: m.start,
                    end,
                    resolved: serde_json::Value::Null,
                    unresolved: Some(format!("no pack or world entry; a group named by nationality ({})", c.name)),
                });
                continue;
            }
            ("nationality", json!({"country": c.alpha2, "name": c.name}))
        } else if ctx.pack.actor_from_entries(&m.entries, on).is_some() {
            // A description the pack resolves only in its theatre ("rebels" in Donbas): a group, unknown.
            out.push(MentionRecord {
                doc: ctx.doc.id.clone(),
                mention_type: "organisation",
                text,
                start: m.start,
                end: m.end,
                resolved: serde_json::Value::Null,
                unresolved: Some("a description; the pack that knows it applies in another theatre".into()),
            });
            continue;
        } else if let Some(e) = m.entries.iter().find(|e| matches!(e.entity, Entity::Zone(_) | Entity::Agreement(_))) {
            match e.entity {
                Entity::Zone(i) => ("zone", json!({"id": ctx.pack.zones[i].id, "name": ctx.pack.zones[i].name})),
                Entity::Agreement(i) => {
                    ("agreement", json!({"id": ctx.pack.agreements[i].id, "name": ctx.pack.agreements[i].name}))
                }
                _ => continue,
            }
        } else {
            continue;
        };
        out.push(MentionRecord {
            doc: ctx.doc.id.clone(),
            mention_type,
            text,
            start: m.start,
            end: m.end,
            resolved,
            unresolved: None,
        });
    }
    for times in &ctx.times {
        for t in times {
            out.push(MentionRecord {
                unresolved: None,
                doc: ctx.doc.id.clone(),
                mention_type: "time",
                text: t.text.clone(),
                start: t.start,
                end: t.end,
                resolved: json!({"kind": t.kind, "from": t.from, "to": t.to, "time": t.time.map(|x| x.to_string()), "duration_hours": t.duration_hours, "precision": t.precision, "future": t.future}),
            });
        }
    }
    for n in &ctx.unlisted {
        out.push(MentionRecord {
            doc: ctx.doc.id.clone(),
            mention_type: n.kind.as_str(),
            text: ctx.text[n.start..n.end].to_owned(),
            start: n.start,
            end: n.end,
            resolved: serde_json::Value::Null,
            unresolved: Some(format!("no pack or world entry; {}", n.cue)),
        });
    }
    out.sort_by_key(|m| m.start);
    out
}
