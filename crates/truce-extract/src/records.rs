//! The records extraction emits, in the format `../shared/eval/README.md` describes, with evidence and
//! field-level provenance on every record.

use std::collections::BTreeMap;

use serde::Serialize;

/// Where a record came from: the document, the byte span, and the sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evidence {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub sentence: String,
}

/// Where one field's value came from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Provenance {
    /// The byte span of the words that gave it.
    Span { span: [usize; 2] },
    /// How it was inferred when no words gave it.
    Inferred { inferred: String },
}

impl Provenance {
    pub fn span(start: usize, end: usize) -> Provenance {
        Provenance::Span { span: [start, end] }
    }

    pub fn inferred(reason: impl Into<String>) -> Provenance {
        Provenance::Inferred { inferred: reason.into() }
    }
}

pub type Fields = BTreeMap<&'static str, Provenance>;

#[derive(Debug, Clone, Serialize)]
pub struct DocumentRecord {
    pub doc: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub published_basis: String,
    pub duplicate_of: Option<String>,
    pub source: Option<String>,
    /// The pack whose theatre the document is about, or none: its generic phrases, places and registry
    /// then do not apply.
    pub theatre: Option<String>,
    /// The country the document is mainly about (alpha-2), if it names any.
    pub country: Option<&'static str>,
    /// Every country it names, with the weight of the evidence and the first spans that name it.
    pub countries: Vec<crate::theatre::CountryEvidence>,
    /// Whether the document reports armed conflict (`relevance.rs`); if not, it has no events and no
    /// agreements.
    pub relevant: bool,
    /// Why: how many of its sentences speak of fighting, its actors or a ceasefire.
    pub relevance: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MentionRecord {
    pub doc: String,
    /// actor, person, place, zone, agreement, nationality, time; for names no pack or world entry knows,
    /// organisation, person, place or name (type unknown).
    #[serde(rename = "type")]
    pub mention_type: &'static str,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// What it resolved to: an actor or person id with name, a place with coordinates and precision, a
    /// resolved time with its precision; `null` for a name no pack or world entry knows.
    pub resolved: serde_json::Value,
    /// Why a name stayed unresolved ("no pack or world entry"), for mentions found by the name
    /// recogniser, with the cue that gave its type.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unresolved: Option<String>,
}

/// One toll a report gives for an event, and its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportedToll {
    pub value: u64,
    /// Who gives it; absent for a toll the report tells in its own voice.
    pub source: Option<String>,
    pub span: [usize; 2],
}

/// An actor named as the author of an event by a claim: its own (`claimed`) or another's (`accused`,
/// `blamed`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attribution {
    /// Who is said to have done it.
    pub actor: String,
    /// Who says so, as resolved or as the text names them; absent when the text does not say ("the
    /// attack was blamed on the regime").
    pub source: Option<String>,
    pub cue: AttributionCue,
}

/// How a text attributes an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttributionCue {
    /// The actor claims it: "claimed responsibility for", "claimed by".
    Claimed,
    /// Someone accuses the actor: "accused X of", "blamed X for".
    Accused,
    /// Someone lays it on the actor: "blamed ... on X".
    Blamed,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventRecord {
    pub doc: String,
    pub status: &'static str,
    pub event_type: &'static str,
    pub sub_event_type: &'static str,
    pub event_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_date_end: Option<String>,
    pub date_precision: &'static str,
    pub location: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// The place's country (ISO 3166-1 alpha-2), from the gazetteer or pack entry it resolved to.
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub geo_precision: Option<u8>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    /// Who the text says did it when it says so through someone's claim or accusation ("rebels accused
    /// Russian jets of ...", "blamed on the regime", "IS claimed responsibility"): actor1 is then that
    /// actor, and this says who claims it. Absent when the text simply tells who did it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution: Option<Attribution>,
    pub fatalities: Option<u64>,
    /// A toll the text gives in parts ("nine soldiers and four rebels were killed"): each part's count,
    /// who they were and its span; `fatalities` is their sum.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fatalities_parts: Vec<crate::events::TollPart>,
    /// Differing tolls that different sources give for this event's dead, none updating another ("20,
    /// the Observatory said", "25, civil defence said"), each with its words; `fatalities` is the first
    /// told (`merge::settle_toll` says why).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fatalities_reported: Vec<ReportedToll>,
    /// Whether this is the event the document is mainly about (`salience.rs`): exactly one per document
    /// that reports an occurred event.
    pub main: bool,
    /// Ended more than a week before the report: what the report recalls, not what it reports. Kept
    /// with its own place, date and cause; never main.
    pub background: bool,
    /// How salient the event is and why; none for an event that did not occur ("strikes halted").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salience: Option<crate::salience::Salience>,
    pub evidence: Vec<Evidence>,
    pub fields: Fields,
}

#[derive(Debug, Clone, Serialize)]
pub struct Provision {
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Every width or depth the text gives, in the order given ("15 km deep in Idlib and 20 km in the
    /// Ghab plain", "15-20 km"): the assessment compares them across reports.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub distances_km: Vec<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    pub span: [usize; 2],
}

#[derive(Debug, Clone, Serialize)]
pub struct Condition {
    pub party: Option<String>,
    pub requires: String,
    pub span: [usize; 2],
}

#[derive(Debug, Clone, Serialize)]
pub struct AgreementRecord {
    pub doc: String,
    pub agreement_id: String,
    /// Whether the id is the pack registry's or minted for an agreement the pack does not know.
    pub registry: bool,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub declaration: Option<String>,
    pub announced: Option<String>,
    pub effective_from: Option<String>,
    /// The local day it began when the text gives the day but no clock ("took effect on Tuesday", "was
    /// holding for a second day on Wednesday"); absent when `effective_from` holds the start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_day: Option<String>,
    pub duration_hours: Option<f64>,
    pub scope: Vec<String>,
    pub parties: Vec<String>,
    pub guarantors: Vec<String>,
    pub provisions: Vec<Provision>,
    pub conditions: Vec<Condition>,
    pub status: &'static str,
    /// Where the reports place an agreement the registry does not hold: the document's main place
    /// (its `fields` say `inferred`). The assessment judges the agreement's events there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<AgreementPlace>,
    pub evidence: Vec<Evidence>,
    pub fields: Fields,
}

/// The place of an agreement the registry does not hold.
#[derive(Debug, Clone, Serialize)]
pub struct AgreementPlace {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub admin1: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FigureRecord {
    pub doc: String,
    pub measure: &'static str,
    pub value: u64,
    pub qualifier: &'static str,
    pub who: Option<String>,
    pub place: Option<String>,
    pub period: Option<String>,
    /// The cue of `data/running_totals.toml` that makes it the conflict's count to date ("war as
    /// subject"), when one does: a figure of the conflict, never an event's toll. Always written (null
    /// when none), so that a reader tells a record made before it from one no cue fired on.
    pub running_total: Option<&'static str>,
    pub source: Option<String>,
    pub evidence: Vec<Evidence>,
    pub fields: Fields,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteRecord {
    pub doc: String,
    pub text: String,
    pub speaker: Option<String>,
    pub speaker_id: Option<String>,
    pub affiliation: Option<String>,
    pub evidence: Vec<Evidence>,
    pub fields: Fields,
}

/// One extracted record.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    Document(DocumentRecord),
    Mention(MentionRecord),
    Event(EventRecord),
    Agreement(AgreementRecord),
    Figure(FigureRecord),
    Quote(QuoteRecord),
}

impl Record {
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Document(_) => "document",
            Record::Mention(_) => "mention",
            Record::Event(_) => "event",
            Record::Agreement(_) => "agreement",
            Record::Figure(_) => "figure",
            Record::Quote(_) => "quote",
        }
    }

    pub fn doc(&self) -> &str {
        match self {
            Record::Document(r) => &r.doc,
            Record::Mention(r) => &r.doc,
            Record::Event(r) => &r.doc,
            Record::Agreement(r) => &r.doc,
            Record::Figure(r) => &r.doc,
            Record::Quote(r) => &r.doc,
        }
    }
}
