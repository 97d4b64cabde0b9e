//! Where: the place a clause names, towns taken, and the document's main place.

use super::*;

/// "near Qardaha", "outskirts of Aleppo": the place is a reference point, not the spot.
pub(super) static NEAR: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:near|outskirts\s+of|around|close\s+to|(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of|countryside\s+of|vicinity\s+of|kilometres?\s+from|km\s+from|miles?\s+from)\s+(?:the\s+)?(?:\w+\s+){0,6}$").unwrap()
});

/// Towns named as taken: in the clause, or listed in the next sentence when it reports no event of its
/// own ("... took several areas. Among them are the towns of X and Y"). ACLED codes one event per town.
pub(super) fn towns_taken(ctx: &DocContext, sentence: usize, start: usize, end: usize) -> Vec<(Place, u8, Provenance)> {
    let mut ranges = vec![(start, end)];
    if let Some(next) = ctx.sentences.get(sentence + 1)
        && ctx.paragraph.get(sentence + 1) == ctx.paragraph.get(sentence)
        && triggers_in(next.text(ctx.text)).iter().all(|t| TRIGGERS[t.kind].class.vague())
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

/// The place of an event: a place of the theatre in the clause, else in the sentence, else the last one
/// named earlier in the paragraph, else the document's main place.
pub(super) fn place_for(
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
pub(super) fn stated_governorate<'p>(ctx: &DocContext<'p>, after: usize) -> Option<&'p Place> {
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
pub(super) const OTHER_COUNTRY_SHARE: f64 = 0.3;

/// How much less a place outside the document's country scores as an event's place, against one in it
/// (a precision step is 3): "struck Idlib, the Kremlin in Moscow said" is in Idlib.
pub(super) const OTHER_COUNTRY_PENALTY: i32 = 7;

pub fn main_place(ctx: &DocContext) -> Option<Place> {
    ctx.main_place.get_or_init(|| compute_main_place(ctx)).clone()
}

pub(super) fn compute_main_place(ctx: &DocContext) -> Option<Place> {
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
