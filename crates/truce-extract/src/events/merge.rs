//! Reports of one event within a document merged into one record, and the record written.

use super::*;

/// Merges reports of one event: same status and event type, compatible dates and places.
pub(super) fn merge(ctx: &DocContext, candidates: Vec<Candidate>) -> Vec<EventRecord> {
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
                // Every toll reported for the event is kept; which stands is decided once all are in.
                if let Some(toll) = &c.fatalities {
                    e.tolls.push((toll.0, toll.1.clone(), c.fatality_parts.clone()));
                }
                if e.fatalities.is_none() {
                    e.fatalities = c.fatalities;
                    e.fatality_parts = c.fatality_parts.clone();
                }
                if c.actor_score > e.actor_score {
                    e.attribution = c.attribution.clone();
                    e.actor1 = c.actor1;
                    e.actor_score = c.actor_score;
                    if c.actor2.is_some() {
                        e.actor2 = c.actor2.clone();
                    }
                }
                // The same actor, attributed in this report: the attribution stands with it.
                if e.attribution.is_none()
                    && let Some((a, _)) = &c.attribution
                    && e.actor1.as_ref().is_some_and(|x| x.0 == a.actor)
                {
                    e.attribution = c.attribution.clone();
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
            None => {
                let mut first = c.clone();
                first.tolls = c.fatalities.iter().map(|t| (t.0, t.1.clone(), c.fatality_parts.clone())).collect();
                events.push((first, vec![c.sentence]));
            }
        }
    }
    for (e, _) in &mut events {
        settle_toll(ctx, e);
    }
    borrow_agents(ctx, &mut events);
    let mut records: Vec<EventRecord> =
        events.into_iter().map(|(c, sentences)| to_record(ctx, c, &sentences)).collect();
    crate::salience::mark_main(ctx, &mut records);
    records
}

/// Which of an event's reported tolls stands. The first told stands (later ones are often a part, a
/// sub-event or a running count), unless a later report updates it upward ("the toll rose to 126", "a
/// new toll of 40"). Tolls that different sources give for the same dead ("20, the Observatory said";
/// "25, civil defence said") compete: all are kept on the record (`fatalities_reported`) so that no
/// figure is hidden. The first told still stands rather than ACLED's lowest: on FA-KES dev half the
/// competitions found are tolls of a different scope (a village's dead against a province's), and
/// the lowest cost 0.02 of top-event toll accuracy (0.752 against 0.732).
fn settle_toll(ctx: &DocContext, e: &mut Candidate) {
    static UPDATE: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\b(?:rose|risen|rises|rising|climbed|jumped|increased|updated|updating|revised|new\s+(?:death\s+)?toll|raised)\b[^.;]{0,40}$").unwrap()
    });
    let mut values: Vec<u64> = e.tolls.iter().map(|t| t.0).collect();
    values.sort_unstable();
    values.dedup();
    if values.len() < 2 {
        return;
    }
    let before = |p: &Provenance| match p {
        Provenance::Span { span } => crate::tail(&ctx.text[..span[0]], 80),
        Provenance::Inferred { .. } => "",
    };
    let first = e.tolls[0].0;
    let update = e.tolls.iter().skip(1).rposition(|t| t.0 > first && UPDATE.is_match(before(&t.1))).map(|i| i + 1);
    if let Some(i) = update {
        let (value, prov, parts) = e.tolls[i].clone();
        e.fatalities = Some((value, prov));
        e.fatality_parts = parts;
        return;
    }
    // "14 of the dead were rebels", "among 19 people killed across the province": a part of the toll
    // or a larger count, not a competing figure for it.
    static PART_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\s*(?:[\w'’-]+\s+){0,2}?(?:of|among)\s+(?:the\s+|its\s+|their\s+)?(?:dead|killed|victims|them|whom|ranks|casualties|fatalities)\b").unwrap()
    });
    static AMONG_BEFORE: LazyLock<Regex> = LazyLock::new(|| crate::re(r"(?i)\bamong\s+$").unwrap());
    let whole = |t: &(u64, Provenance, Vec<TollPart>)| match &t.1 {
        Provenance::Span { span } => {
            !PART_AFTER.is_match(&ctx.text[span[1]..]) && !AMONG_BEFORE.is_match(crate::tail(&ctx.text[..span[0]], 20))
        }
        Provenance::Inferred { .. } => false,
    };
    // The whole tolls of named sources that count the same dead as the first told; they compete when
    // two sources give two of them.
    let same_count = |a: u64, b: u64| a.min(b) as f64 >= COMPETING_SHARE * a.max(b) as f64;
    let sourced: Vec<(usize, String)> = e
        .tolls
        .iter()
        .enumerate()
        .filter(|(_, t)| whole(t) && same_count(t.0, first))
        .filter_map(|(i, t)| toll_source(ctx, &t.1).map(|s| (i, s)))
        .collect();
    let competing = sourced.iter().any(|(i, s)| sourced.iter().any(|(j, r)| r != s && e.tolls[*i].0 != e.tolls[*j].0));
    if !competing {
        return;
    }
    let mut keep: Vec<usize> = sourced.iter().map(|(i, _)| *i).collect();
    if !keep.contains(&0) {
        keep.insert(0, 0);
    }
    e.toll_sources = keep.iter().map(|i| sourced.iter().find(|(j, _)| j == i).map(|(_, s)| s.clone())).collect();
    e.tolls = keep.iter().map(|&i| e.tolls[i].clone()).collect();
    e.toll_conflict = true;
}

/// Two sources' tolls count the same dead when the lower is at least this share of the higher; further
/// apart, one counts a part or a wider toll (a town's dead against a province's).
const COMPETING_SHARE: f64 = 0.5;

/// Who gives the toll at `prov`: a name in its sentence said to say so ("the Observatory said", "according
/// to civil defence"), resolved; none when the sentence names no source.
fn toll_source(ctx: &DocContext, prov: &Provenance) -> Option<String> {
    static SAYS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)^\W{0,3}(?:[\w'’-]+\s+){0,3}?(?:said|says|reported|reports|told|stated|counted|documented|put\s+the)\b").unwrap()
    });
    static ACCORDING_TO: LazyLock<Regex> =
        LazyLock::new(|| crate::re(r"(?i)\baccording\s+to\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}$").unwrap());
    let Provenance::Span { span } = prov else { return None };
    let s = ctx.sentences[ctx.sentence_at(span[0])?];
    ctx.names_in(s.start, s.end).find_map(|m| {
        let says = SAYS_AFTER.is_match(&ctx.text[m.end..s.end]) || ACCORDING_TO.is_match(&ctx.text[s.start..m.start]);
        if !says {
            return None;
        }
        if let Some(r) = ctx.pack.person_from_entries(&m.entries, ctx.published) {
            return Some(r.person.name.clone());
        }
        ctx.actor(m).filter(|r| r.actor.kind != "civilians").map(|r| r.actor.name.clone())
    })
}

/// An article about one air campaign names the attacker once ("Russian jets pounded ...") and then reports
/// more strikes without naming it again: an event with no agent takes the agent the article gives most
/// often for events of the same sub-event type, marked as inferred.
pub(super) fn borrow_agents(ctx: &DocContext, events: &mut [(Candidate, Vec<usize>)]) {
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
pub(super) fn generic_explosion(a: &Candidate, b: &Candidate) -> bool {
    let generic = |c: &Candidate| c.sub_event_type == "Remote explosive/landmine/IED" || c.specificity.class.vague();
    a.event_type == "Explosions/Remote violence" && a.status == "occurred" && (generic(a) || generic(b))
}

pub(super) fn dates_compatible(a: &Candidate, b: &Candidate) -> bool {
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

pub(super) fn places_compatible(a: &Candidate, b: &Candidate) -> bool {
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

pub(super) fn to_record(ctx: &DocContext, c: Candidate, sentences: &[usize]) -> EventRecord {
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
    let attribution = c.attribution.map(|(a, prov)| {
        fields.insert("attribution", prov);
        a
    });
    // Differing tolls of one event, each with its words: the conflict the record's toll settles.
    let fatalities_reported: Vec<ReportedToll> = if c.toll_conflict {
        let mut seen: Vec<u64> = Vec::new();
        c.tolls
            .iter()
            .zip(&c.toll_sources)
            .filter(|(t, _)| {
                let new = !seen.contains(&t.0);
                seen.push(t.0);
                new
            })
            .filter_map(|(t, source)| match &t.1 {
                Provenance::Span { span } => Some(ReportedToll { value: t.0, source: source.clone(), span: *span }),
                Provenance::Inferred { .. } => None,
            })
            .collect()
    } else {
        Vec::new()
    };
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
        attribution,
        fatalities,
        fatalities_parts: c.fatality_parts,
        fatalities_reported,
        main: false,
        background: c.background,
        salience: None,
        evidence,
        fields,
    }
}
