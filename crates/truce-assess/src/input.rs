//! The extraction records the assessment reads, as stored JSON, grouped by document.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct Evidence {
    pub doc: String,
    pub start: usize,
    pub end: usize,
    pub sentence: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DocumentIn {
    pub doc: String,
    pub title: Option<String>,
    pub published: Option<String>,
    pub duplicate_of: Option<String>,
    pub source: Option<String>,
    /// The country the document is about (ISO alpha-2), from its theatre's evidence.
    #[serde(default)]
    pub country: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventIn {
    pub doc: String,
    pub status: String,
    pub event_type: String,
    pub sub_event_type: String,
    pub event_date: Option<String>,
    pub event_date_end: Option<String>,
    pub date_precision: String,
    pub location: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[serde(default)]
    pub country: Option<String>,
    pub admin1: Option<String>,
    #[serde(default)]
    pub admin2: Option<String>,
    pub geo_precision: Option<u8>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    /// actor1 as someone's claim or accusation (`docs/records.md`); absent in records extracted before.
    #[serde(default)]
    pub attribution: Option<AttributionIn>,
    pub fatalities: Option<u64>,
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// Who the text says did an event through a claim, and who claims it.
#[derive(Debug, Clone, Deserialize)]
pub struct AttributionIn {
    pub actor: String,
    pub source: Option<String>,
    /// `claimed` (the actor's own), `accused` or `blamed` (another's).
    pub cue: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProvisionIn {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub distances_km: Vec<f64>,
    pub span: [usize; 2],
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ConditionIn {
    pub party: Option<String>,
    pub requires: String,
    pub span: [usize; 2],
}

#[derive(Debug, Clone, Deserialize)]
pub struct AgreementIn {
    pub doc: String,
    pub agreement_id: String,
    pub registry: bool,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: String,
    pub declaration: Option<String>,
    pub announced: Option<String>,
    pub effective_from: Option<String>,
    /// The start day where the text gives no clock; absent in records extracted before it was read.
    #[serde(default)]
    pub effective_day: Option<String>,
    pub duration_hours: Option<f64>,
    pub scope: Vec<String>,
    pub parties: Vec<String>,
    pub guarantors: Vec<String>,
    pub provisions: Vec<ProvisionIn>,
    pub conditions: Vec<ConditionIn>,
    pub status: String,
    /// Where the reports place an agreement the registry does not hold (the document's main place).
    #[serde(default)]
    pub place: Option<AgreementPlace>,
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// The place of an agreement the registry does not hold, as extraction gave it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementPlace {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub admin1: Option<String>,
}

/// A quotation as extraction stored it: the words, who said them and where.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct QuoteIn {
    pub doc: String,
    pub text: String,
    pub speaker: Option<String>,
    pub affiliation: Option<String>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct MentionIn {
    #[serde(rename = "type")]
    pub kind: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub resolved: serde_json::Value,
}

/// Everything extraction found in one document.
#[derive(Debug, Clone)]
pub struct DocRecords {
    pub document: DocumentIn,
    pub events: Vec<EventIn>,
    pub agreements: Vec<AgreementIn>,
    pub mentions: Vec<MentionIn>,
    pub figures: Vec<crate::figures::FigureIn>,
}

impl DocRecords {
    /// The day a time mention inside `start..end` resolves to, with its precision: how a status claim
    /// ("fell apart in April", "On Monday, the government resumed strikes") gets its date.
    pub fn time_within(&self, start: usize, end: usize) -> Option<(String, String)> {
        self.mentions.iter().filter(|m| m.kind == "time" && m.start >= start && m.end <= end).find_map(|m| {
            let from = m.resolved.get("from")?.as_str()?;
            let precision = m.resolved.get("precision")?.as_str().unwrap_or("day");
            Some((from.to_owned(), precision.to_owned()))
        })
    }
}

/// Groups stored records (JSON, in document order) into documents. Records of unknown kinds are skipped,
/// so that a newer extractor's store still assesses.
pub fn group<'a>(records: impl IntoIterator<Item = &'a str>) -> anyhow::Result<Vec<DocRecords>> {
    /// The two fields that say where a record goes, read first; the record is then read straight into
    /// its type. A `serde_json::Value` tree of every record was most of the assessment's reading cost.
    #[derive(Deserialize)]
    struct Head {
        kind: Option<serde_json::Value>,
        doc: Option<serde_json::Value>,
    }
    let mut out: Vec<DocRecords> = Vec::new();
    for json in records {
        let head: Head = serde_json::from_str(json)?;
        let kind = head.kind.as_ref().and_then(|k| k.as_str()).unwrap_or("");
        let doc = head.doc.as_ref().and_then(|k| k.as_str()).unwrap_or("");
        if kind == "document" {
            out.push(DocRecords {
                document: serde_json::from_str(json)?,
                events: Vec::new(),
                agreements: Vec::new(),
                mentions: Vec::new(),
                figures: Vec::new(),
            });
            continue;
        }
        let Some(d) = out.iter_mut().rev().find(|d| d.document.doc == doc) else { continue };
        match kind {
            "event" => d.events.push(serde_json::from_str(json)?),
            "agreement" => d.agreements.push(serde_json::from_str(json)?),
            "mention" => d.mentions.push(serde_json::from_str(json)?),
            "figure" => d.figures.push(serde_json::from_str(json)?),
            _ => {}
        }
    }
    Ok(out)
}
