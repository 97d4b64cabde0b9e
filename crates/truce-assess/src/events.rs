//! One event from many reports: which mentions are the same event, how each field of the merged event
//! was decided, and where reports disagree.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use truce_pack::{Packs, haversine_km};

use crate::input::{DocRecords, EventIn, Evidence};
use crate::sources::{SourceRef, independent, sources_of};

/// One report of the event: the document and the words.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct EventMention {
    pub doc: String,
    pub published: Option<String>,
    pub status: String,
    pub sub_event_type: String,
    pub event_date: Option<String>,
    /// Whether the words date it (true), or its day was inferred (the publication date, an earlier
    /// sentence's); mentions assessed before this was kept read as inferred.
    #[serde(default)]
    pub date_stated: bool,
    pub location: Option<String>,
    pub geo_precision: Option<u8>,
    pub actor1: Option<String>,
    /// Whether actor1 was named in the words (true) or inferred.
    pub actor1_named: bool,
    /// actor1 is another's accusation, not the report's own telling: who accuses ("an unnamed source"
    /// when the text names no one). Absent where the report tells who did it, or the actor claims it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accused_by: Option<String>,
    pub fatalities: Option<u64>,
    pub sources: Vec<SourceRef>,
    /// The source speaks for one of the event's parties: a party reporting on itself.
    pub self_report: bool,
    pub evidence: Vec<Evidence>,
}

/// A disagreement between reports of one event, kept rather than resolved.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Conflict {
    pub field: String,
    /// Each value with the documents that give it.
    pub values: Vec<(String, Vec<String>)>,
}

/// An event as the reports of it together say.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Event {
    pub id: i64,
    pub status: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub event_date: Option<String>,
    pub event_date_end: Option<String>,
    pub date_precision: String,
    pub location: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The place's country (ISO 3166-1 alpha-2); absent in events assessed before it was recorded.
    #[serde(default)]
    pub country: Option<String>,
    pub admin1: Option<String>,
    #[serde(default)]
    pub admin2: Option<String>,
    pub geo_precision: Option<u8>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub fatalities: Option<u64>,
    /// How each field was decided ("the one report", "most precise of 3 reports", "lowest of 2 reports").
    pub decided: BTreeMap<String, String>,
    pub conflicts: Vec<Conflict>,
    pub mentions: Vec<EventMention>,
    pub independent_sources: usize,
    /// When the store last wrote the event (Unix seconds; ACLED's `timestamp`): a column of its own,
    /// kept out of the record so that one assessment gives the same records whenever it runs.
    #[serde(skip)]
    pub written: Option<i64>,
}

impl Event {
    /// The event one report describes.
    pub fn from_mention(id: i64, packs: &Packs, doc: &DocRecords, e: &EventIn) -> Event {
        let mut event = Event {
            id,
            status: e.status.clone(),
            event_type: e.event_type.clone(),
            sub_event_type: e.sub_event_type.clone(),
            event_date: e.event_date.clone(),
            event_date_end: e.event_date_end.clone(),
            date_precision: e.date_precision.clone(),
            location: e.location.clone(),
            latitude: e.latitude,
            longitude: e.longitude,
            country: e.country.clone(),
            admin1: e.admin1.clone(),
            admin2: e.admin2.clone(),
            geo_precision: e.geo_precision,
            actor1: e.actor1.clone(),
            actor2: e.actor2.clone(),
            fatalities: e.fatalities,
            decided: BTreeMap::new(),
            conflicts: Vec::new(),
            mentions: Vec::new(),
            independent_sources: 0,
            written: None,
        };
        event.mentions.push(mention(packs, doc, e));
        event.decide();
        event
    }

    /// The day the event happened on, for indexing: its first day.
    pub fn day(&self) -> Option<&str> {
        self.event_date.as_deref()
    }

    /// Whether a report describes this event (see [`EventKey::compatible`]).
    pub fn compatible(&self, e: &EventIn) -> bool {
        self.key().compatible(e)
    }

    /// The fields that decide whether a report describes this event.
    pub fn key(&self) -> EventKey {
        EventKey {
            id: self.id,
            status: self.status.clone(),
            event_type: self.event_type.clone(),
            sub_event_type: self.sub_event_type.clone(),
            event_date: self.event_date.clone(),
            event_date_end: self.event_date_end.clone(),
            admin1: self.admin1.clone(),
            latitude: self.latitude,
            longitude: self.longitude,
            geo_precision: self.geo_precision,
            actor1: self.actor1.clone(),
        }
    }

    /// Adds one more report of this event.
    pub fn absorb(&mut self, packs: &Packs, doc: &DocRecords, e: &EventIn) {
        self.add_report(packs, doc, e);
        self.decide();
    }

    /// Adds one more report without settling the fields that depend on all of them ([`Event::decide`]):
    /// an update settles each event it touched once, not once per report, which was quadratic in the
    /// number of reports of a much-reported event.
    pub(crate) fn add_report(&mut self, packs: &Packs, doc: &DocRecords, e: &EventIn) {
        if self.mentions.iter().any(|m| m.doc == e.doc && m.evidence == e.evidence) {
            return;
        }
        // The most precise place and date stand; the others stay in the mentions.
        if e.geo_precision.unwrap_or(9) < self.geo_precision.unwrap_or(9) {
            self.location = e.location.clone();
            self.latitude = e.latitude;
            self.longitude = e.longitude;
            self.country = e.country.clone().or(self.country.take());
            self.admin1 = e.admin1.clone().or(self.admin1.take());
            self.admin2 = e.admin2.clone();
            self.geo_precision = e.geo_precision;
        }
        if precision_rank(&e.date_precision) < precision_rank(&self.date_precision) {
            self.event_date = e.event_date.clone();
            self.event_date_end = e.event_date_end.clone();
            self.date_precision = e.date_precision.clone();
        }
        if self.actor1.is_none() {
            self.actor1 = e.actor1.clone();
        }
        if self.actor2.is_none() {
            self.actor2 = e.actor2.clone();
        }
        self.mentions.push(mention(packs, doc, e));
    }

    /// Settles fatalities (ACLED's conservative rule: the lowest reported toll) and records how every
    /// field was decided and where reports disagree.
    pub(crate) fn decide(&mut self) {
        let n = self.mentions.len();
        let all: Vec<SourceRef> = self.mentions.iter().flat_map(|m| m.sources.clone()).collect();
        self.independent_sources = independent(&all);
        self.decided.clear();
        self.conflicts.clear();
        let how = |many: &str| if n == 1 { "the one report".to_owned() } else { format!("{many} of {n} reports") };
        self.decided.insert("event_date".into(), how("most precise"));
        self.decided.insert("location".into(), how("most precise"));
        self.decided.insert("actor1".into(), how("first named"));
        let tolls: Vec<u64> = self.mentions.iter().filter_map(|m| m.fatalities).collect();
        self.fatalities = tolls.iter().copied().min();
        if !tolls.is_empty() {
            self.decided.insert("fatalities".into(), how("lowest (ACLED's conservative rule)"));
        }
        for (field, value) in [
            (
                "fatalities",
                (|m: &EventMention| m.fatalities.map(|v| v.to_string())) as fn(&EventMention) -> Option<String>,
            ),
            ("event_date", |m| m.event_date.clone()),
            ("actor1", |m| m.actor1.clone().filter(|_| m.actor1_named)),
        ] {
            let mut values: Vec<(String, Vec<String>)> = Vec::new();
            for m in &self.mentions {
                let Some(v) = value(m) else { continue };
                match values.iter_mut().find(|(x, _)| *x == v) {
                    Some((_, docs)) if !docs.contains(&m.doc) => docs.push(m.doc.clone()),
                    Some(_) => {}
                    None => values.push((v, vec![m.doc.clone()])),
                }
            }
            if values.len() > 1 {
                self.conflicts.push(Conflict { field: field.into(), values });
            }
        }
    }

    /// Whether every report of the event comes from a party to it.
    pub fn self_reported(&self) -> bool {
        self.mentions.iter().all(|m| m.self_report)
    }
}

/// What deciding whether a report describes an event reads, and nothing more. The store keeps it in
/// columns beside the event, so that candidates are compared without reading (or copying) their reports,
/// which grow with every merge.
#[derive(Debug, Clone, PartialEq)]
pub struct EventKey {
    pub id: i64,
    pub status: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub event_date: Option<String>,
    pub event_date_end: Option<String>,
    pub admin1: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geo_precision: Option<u8>,
    pub actor1: Option<String>,
}

impl EventKey {
    /// Whether a report describes this event: the same kind and status, dates that overlap, places
    /// compatible within their precision, and actors that do not contradict.
    pub fn compatible(&self, e: &EventIn) -> bool {
        if self.status != e.status || self.event_type != e.event_type || self.sub_event_type != e.sub_event_type {
            return false;
        }
        // Each report's own span is its slack: a month-precise report covers the month (its end), a
        // day-precise one its day only (two reports naming different days are two events).
        let span = |from: &Option<String>, to: &Option<String>| -> Option<(Date, Date)> {
            let from: Date = from.as_deref()?.parse().ok()?;
            let to: Date = to.as_deref().and_then(|t| t.parse().ok()).unwrap_or(from);
            Some((from, to))
        };
        match (span(&self.event_date, &self.event_date_end), span(&e.event_date, &e.event_date_end)) {
            (Some((a0, a1)), Some((b0, b1))) if a1 < b0 || b1 < a0 => return false,
            _ => {}
        }
        if self.admin1.is_some() && e.admin1.is_some() && self.admin1 != e.admin1 {
            return false;
        }
        if let (Some(lat), Some(lon), Some(lat2), Some(lon2)) = (self.latitude, self.longitude, e.latitude, e.longitude)
        {
            let reach = radius(self.geo_precision) + radius(e.geo_precision);
            if haversine_km([lon, lat], [lon2, lat2]) > reach {
                return false;
            }
        }
        !matches!((named(&self.actor1), named(&e.actor1)), (Some(a), Some(b)) if a != b)
    }
}

fn named(a: &Option<String>) -> Option<&str> {
    a.as_deref().filter(|s| !s.is_empty())
}

fn mention(packs: &Packs, doc: &DocRecords, e: &EventIn) -> EventMention {
    let sources = sources_of(packs, doc, &e.evidence);
    let party_names: Vec<&str> = [&e.actor1, &e.actor2].into_iter().flatten().map(String::as_str).collect();
    let self_report = sources.iter().any(|s| {
        s.speaks_for.as_deref().and_then(|id| packs.actor(id)).is_some_and(|a| party_names.contains(&a.name.as_str()))
    });
    EventMention {
        doc: e.doc.clone(),
        published: doc.document.published.clone(),
        status: e.status.clone(),
        sub_event_type: e.sub_event_type.clone(),
        event_date: e.event_date.clone(),
        date_stated: e.fields.get("event_date").is_some_and(|p| p.get("span").is_some()),
        location: e.location.clone(),
        geo_precision: e.geo_precision,
        actor1: e.actor1.clone(),
        actor1_named: e.fields.get("actor1").is_some_and(|p| p.get("span").is_some()),
        accused_by: e
            .attribution
            .as_ref()
            .filter(|a| a.cue != "claimed" && e.actor1.as_ref() == Some(&a.actor))
            .map(|a| a.source.clone().unwrap_or_else(|| "an unnamed source".into())),
        fatalities: e.fatalities,
        sources,
        self_report,
        evidence: e.evidence.clone(),
    }
}

/// How far a place of ACLED precision `p` may be from where it is said to be, in km.
fn radius(p: Option<u8>) -> f64 {
    match p {
        Some(1) => 5.0,
        Some(2) => 25.0,
        _ => 120.0,
    }
}

fn precision_rank(p: &str) -> u8 {
    match p {
        "minute" | "hour" => 0,
        "day" => 1,
        "week" => 2,
        "range" => 3,
        "month" => 4,
        "year" => 5,
        _ => 6,
    }
}

/// Two events that say opposite things of one place and day: strikes halted against strikes went on.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Contradiction {
    pub what: String,
    pub ceased: i64,
    pub occurred: i64,
    pub date: String,
    pub place: String,
}

/// Pairs a `ceased` event with an `occurred` event of the same sub-event type on the same day in a
/// compatible place.
pub fn contradiction(a: &Event, b: &Event) -> Option<Contradiction> {
    let (ceased, occurred) = match (a.status.as_str(), b.status.as_str()) {
        ("ceased", "occurred") => (a, b),
        ("occurred", "ceased") => (b, a),
        _ => return None,
    };
    if ceased.sub_event_type != occurred.sub_event_type || ceased.event_date.is_none() {
        return None;
    }
    if ceased.event_date != occurred.event_date || ceased.admin1 != occurred.admin1 {
        return None;
    }
    // "Strikes halted" by one party is not contradicted by another party's strikes.
    if let (Some(x), Some(y)) = (&ceased.actor1, &occurred.actor1)
        && x != y
    {
        return None;
    }
    Some(Contradiction {
        what: format!("{} reported halted and reported carried out", ceased.sub_event_type),
        ceased: ceased.id,
        occurred: occurred.id,
        date: ceased.event_date.clone().unwrap_or_default(),
        place: ceased.admin1.clone().or(ceased.location.clone()).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::DocumentIn;

    fn report(doc: &str, date: &str, lat: f64, actor: Option<&str>, killed: Option<u64>) -> EventIn {
        EventIn {
            doc: doc.into(),
            status: "occurred".into(),
            event_type: "Explosions/Remote violence".into(),
            sub_event_type: "Air/drone strike".into(),
            event_date: Some(date.into()),
            event_date_end: None,
            date_precision: "day".into(),
            location: Some("Ariha".into()),
            latitude: Some(lat),
            longitude: Some(36.6),
            country: Some("SY".into()),
            admin1: Some("Idlib".into()),
            admin2: None,
            geo_precision: Some(1),
            actor1: actor.map(Into::into),
            actor2: None,
            attribution: None,
            fatalities: killed,
            evidence: vec![Evidence { doc: doc.into(), start: 0, end: 5, sentence: format!("{doc} says") }],
            fields: Default::default(),
        }
    }

    fn doc(id: &str, outlet: &str) -> DocRecords {
        DocRecords {
            document: DocumentIn {
                doc: id.into(),
                title: None,
                published: None,
                duplicate_of: None,
                country: None,
                source: Some(outlet.into()),
            },
            events: Vec::new(),
            agreements: Vec::new(),
            mentions: Vec::new(),
            figures: Vec::new(),
        }
    }

    #[test]
    fn reports_merge_when_compatible_and_keep_their_disagreements() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        let a = report("a", "2019-08-05", 35.8, Some("Government of Syria"), Some(10));
        let b = report("b", "2019-08-05", 35.81, None, Some(8));
        let mut event = Event::from_mention(1, &packs, &doc("a", "Wire A"), &a);
        assert!(event.compatible(&b));
        event.absorb(&packs, &doc("b", "Wire B"), &b);
        assert_eq!(event.fatalities, Some(8), "ACLED's conservative rule: the lowest toll");
        assert_eq!(event.independent_sources, 2);
        assert!(event.conflicts.iter().any(|c| c.field == "fatalities"));
        // Another day, another place 50 km away, or another named attacker: another event.
        assert!(!event.compatible(&report("c", "2019-08-06", 35.8, None, None)));
        assert!(!event.compatible(&report("c", "2019-08-05", 36.3, None, None)));
        assert!(!event.compatible(&report("c", "2019-08-05", 35.8, Some("Russia"), None)));
    }

    #[test]
    fn strikes_halted_and_strikes_carried_out_the_same_day_are_a_contradiction() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        let mut halted = report("a", "2019-08-02", 35.8, Some("Government of Syria"), None);
        halted.status = "ceased".into();
        let halted = Event::from_mention(1, &packs, &doc("a", "Wire A"), &halted);
        let struck =
            Event::from_mention(2, &packs, &doc("b", "Wire B"), &report("b", "2019-08-02", 35.9, None, Some(3)));
        let c = contradiction(&halted, &struck).expect("flagged");
        assert_eq!((c.ceased, c.occurred, c.date.as_str()), (1, 2, "2019-08-02"));
        // Another day, or another party's strikes, contradict nothing.
        let later = Event::from_mention(3, &packs, &doc("c", "Wire C"), &report("c", "2019-08-03", 35.8, None, None));
        assert!(contradiction(&halted, &later).is_none());
        let russian =
            Event::from_mention(4, &packs, &doc("d", "Wire D"), &report("d", "2019-08-02", 35.8, Some("Russia"), None));
        assert!(contradiction(&halted, &russian).is_none());
    }

    #[test]
    fn a_wire_copy_is_its_original_source() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        let mut copy = doc("b", "Other outlet");
        copy.document.duplicate_of = Some("a".into());
        let original = doc("a", "Wire A");
        let mut event = Event::from_mention(1, &packs, &original, &report("a", "2019-08-05", 35.8, None, None));
        event.absorb(&packs, &copy, &report("b", "2019-08-05", 35.8, None, None));
        assert_eq!(event.mentions.len(), 2);
        assert_eq!(event.mentions[1].sources[0].key, "story:a");
        assert_eq!(event.independent_sources, 1, "a copy is no second source");
    }
}
