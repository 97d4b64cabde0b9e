//! Checks across a pack's files: every reference names a record that exists, and no alias names two
//! records at once.

use std::collections::{HashMap, HashSet};

use crate::fold::fold;
use crate::load::Records;
use crate::model::{PlaceKind, Validity, ZoneShape};
use crate::{Problem, Source};

/// Finds the line of `id = "<id>"` (or `"id": "<id>"`) in a pack file, for reporting.
struct Locator<'a> {
    source: &'a dyn Source,
    cache: HashMap<&'static str, String>,
}

impl Locator<'_> {
    fn line(&mut self, file: &'static str, id: &str) -> usize {
        let text = self.cache.entry(file).or_insert_with(|| self.source.read(file).unwrap_or_default());
        [format!("id = \"{id}\""), format!("\"id\": \"{id}\"")]
            .iter()
            .find_map(|needle| text.find(needle.as_str()))
            .map(|at| text[..at].matches('\n').count() + 1)
            .unwrap_or(1)
    }
}

pub fn cross_references(records: &Records, source: &dyn Source, problems: &mut Vec<Problem>) {
    let mut locate = Locator { source, cache: HashMap::new() };
    let actor_ids: HashSet<&str> = records.actors.iter().map(|a| a.id.as_str()).collect();
    let place_ids: HashSet<&str> = records.places.iter().map(|p| p.id.as_str()).collect();
    let road_ids: HashSet<&str> =
        records.places.iter().filter(|p| p.kind == PlaceKind::Road).map(|p| p.id.as_str()).collect();
    let zone_ids: HashSet<&str> = records.zones.iter().map(|z| z.id.as_str()).collect();
    let agreement_ids: HashSet<&str> = records.agreements.iter().map(|a| a.id.as_str()).collect();

    let mut report = |file: &'static str, id: &str, message: String, locate: &mut Locator| {
        let line = locate.line(file, id);
        problems.push(Problem { file: file.into(), line, message });
    };

    for actor in &records.actors {
        let refs = actor
            .part_of
            .iter()
            .chain(&actor.backs)
            .chain(&actor.backed_by)
            .chain(&actor.members)
            .chain(&actor.speaks_for)
            .chain(&actor.predecessor)
            .chain(&actor.successor);
        for r in refs {
            if !actor_ids.contains(r.as_str()) {
                report(
                    "actors.toml",
                    &actor.id,
                    format!("actor {:?} refers to unknown actor {r:?}", actor.id),
                    &mut locate,
                );
            }
        }
    }
    for person in &records.people {
        for role in &person.roles {
            if let Some(a) = &role.actor
                && !actor_ids.contains(a.as_str())
            {
                report(
                    "people.toml",
                    &person.id,
                    format!("person {:?}: role {:?} names unknown actor {a:?}", person.id, role.title),
                    &mut locate,
                );
            }
        }
    }
    for zone in &records.zones {
        if let ZoneShape::Band { inside_of, along, .. } = &zone.shape {
            let area = records.zones.iter().find(|z| &z.id == inside_of);
            if !area.is_some_and(|z| matches!(z.shape, ZoneShape::Area(_))) {
                report(
                    "zones.geojson",
                    &zone.id,
                    format!("zone {:?}: inside_of {inside_of:?} is not an area zone", zone.id),
                    &mut locate,
                );
            }
            let line = records.zones.iter().find(|z| &z.id == along);
            if !line.is_some_and(|z| matches!(z.shape, ZoneShape::Line(_))) {
                report(
                    "zones.geojson",
                    &zone.id,
                    format!("zone {:?}: along {along:?} is not a line zone", zone.id),
                    &mut locate,
                );
            }
        }
        if let Some(a) = &zone.established_by
            && !agreement_ids.contains(a.as_str())
        {
            report(
                "zones.geojson",
                &zone.id,
                format!("zone {:?}: established_by names unknown agreement {a:?}", zone.id),
                &mut locate,
            );
        }
    }
    for agreement in &records.agreements {
        let id = agreement.id.as_str();
        let actors = agreement
            .parties
            .iter()
            .chain(&agreement.guarantors)
            .chain(&agreement.mediators)
            .chain(&agreement.excluded)
            .chain(agreement.provisions.iter().flat_map(|p| p.binds.iter().chain(&p.against)));
        for a in actors {
            if !actor_ids.contains(a.as_str()) {
                report("agreements.toml", id, format!("agreement {id:?} refers to unknown actor {a:?}"), &mut locate);
            }
        }
        for z in agreement.zones.iter().chain(agreement.provisions.iter().filter_map(|p| p.zone.as_ref())) {
            if !zone_ids.contains(z.as_str()) && !place_ids.contains(z.as_str()) {
                report("agreements.toml", id, format!("agreement {id:?} refers to unknown zone {z:?}"), &mut locate);
            }
        }
        for p in agreement
            .places
            .iter()
            .chain(agreement.provisions.iter().filter_map(|p| p.place.as_ref()))
            .chain(&agreement.venue)
        {
            if !place_ids.contains(p.as_str()) {
                report("agreements.toml", id, format!("agreement {id:?} refers to unknown place {p:?}"), &mut locate);
            }
        }
        for r in agreement.provisions.iter().flat_map(|p| &p.roads) {
            if !road_ids.contains(r.as_str()) {
                report("agreements.toml", id, format!("agreement {id:?} refers to unknown road {r:?}"), &mut locate);
            }
        }
        for p in agreement.provisions.iter().flat_map(|p| &p.prohibited) {
            if crate::taxonomy::EventClass::parse(p).is_none() {
                report(
                    "agreements.toml",
                    id,
                    format!(
                        "agreement {id:?} prohibits {p:?}, which is neither an ACLED event type nor \"type/sub-event type\""
                    ),
                    &mut locate,
                );
            }
        }
        for c in &agreement.conditions {
            if let Some(other) = c.trigger.get("agreement").and_then(|v| v.as_str())
                && !agreement_ids.contains(other)
            {
                report(
                    "agreements.toml",
                    id,
                    format!("agreement {id:?}: a condition names unknown agreement {other:?}"),
                    &mut locate,
                );
            }
        }
    }

    // Aliases that name two actors at once.
    let mut actor_aliases: HashMap<String, Vec<(&str, Validity)>> = HashMap::new();
    for actor in &records.actors {
        let plain = actor.aliases.iter().map(|a| (a, actor.valid));
        let timed = actor.timed_aliases.iter().chain(&actor.generic).map(|t| (&t.alias, t.valid));
        for (alias, valid) in plain.chain(timed) {
            actor_aliases.entry(fold(alias)).or_default().push((&actor.id, valid));
        }
    }
    overlaps(actor_aliases, "actors.toml", "actors", &mut locate, &mut report);

    let mut person_aliases: HashMap<String, Vec<(&str, Validity)>> = HashMap::new();
    for person in &records.people {
        for alias in &person.aliases {
            person_aliases.entry(fold(alias)).or_default().push((&person.id, Validity::default()));
        }
        for role in &person.roles {
            for alias in &role.aliases {
                person_aliases.entry(fold(alias)).or_default().push((&person.id, role.valid));
            }
        }
    }
    overlaps(person_aliases, "people.toml", "people", &mut locate, &mut report);

    let mut place_aliases: HashMap<(String, PlaceKind), Vec<&str>> = HashMap::new();
    for place in records.places.iter().filter(|p| p.geonames_id.is_none()) {
        for alias in &place.aliases {
            let ids = place_aliases.entry((fold(alias), place.kind)).or_default();
            if !ids.contains(&place.id.as_str()) {
                ids.push(&place.id);
            }
        }
    }
    let mut sorted: Vec<_> = place_aliases.into_iter().filter(|(_, ids)| ids.len() > 1).collect();
    sorted.sort();
    for ((alias, _), ids) in sorted {
        report("places.toml", ids[1], format!("alias {alias:?} names places {} and {}", ids[0], ids[1]), &mut locate);
    }

    let mut agreement_aliases: HashMap<String, Vec<&str>> = HashMap::new();
    for agreement in &records.agreements {
        for alias in &agreement.aliases {
            agreement_aliases.entry(fold(alias)).or_default().push(&agreement.id);
        }
    }
    let mut sorted: Vec<_> =
        agreement_aliases.into_iter().filter(|(_, ids)| ids.len() > 1 && ids[0] != ids[1]).collect();
    sorted.sort();
    for (alias, ids) in sorted {
        report(
            "agreements.toml",
            ids[1],
            format!("alias {alias:?} names agreements {} and {}", ids[0], ids[1]),
            &mut locate,
        );
    }
}

type Report<'r> = dyn FnMut(&'static str, &str, String, &mut Locator) + 'r;

fn overlaps(
    aliases: HashMap<String, Vec<(&str, Validity)>>,
    file: &'static str,
    what: &str,
    locate: &mut Locator,
    report: &mut Report,
) {
    let mut sorted: Vec<_> = aliases.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (alias, owners) in sorted {
        for (i, (a, va)) in owners.iter().enumerate() {
            for (b, vb) in &owners[i + 1..] {
                if a != b && va.overlaps(vb) {
                    report(file, b, format!("alias {alias:?} names {what} {a} and {b} at the same time"), locate);
                }
            }
        }
    }
}
