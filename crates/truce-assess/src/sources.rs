//! Who says so: the source behind each report, and which reports are independent of each other.
//!
//! A report counts as the source it relays ("the Syrian Observatory said", "state news agency SANA
//! reported") when its sentence names one; otherwise as the outlet that published it. Copies of one wire
//! story (`duplicate_of`) are the original's outlet. A source that speaks for a party to the event is a
//! self-report.

use serde::{Deserialize, Serialize};
use truce_pack::Packs;

use crate::input::{DocRecords, Evidence};

/// One source behind a report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
pub struct SourceRef {
    /// What makes two reports one source: a pack actor id, or `outlet:NAME` / `doc:ID`.
    pub key: String,
    pub name: String,
    /// `attributed` (the text names it) or `outlet` (the publisher).
    pub basis: String,
    /// The party to the conflict this source speaks for, when it speaks for one (state media).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaks_for: Option<String>,
}

/// Words that make a party's name its voice: "state media" reports for the state.
const PARTY_VOICE: &[&str] =
    &["media", "television", " tv", "agency", "source", "ministry", "spokes", "statement", "official"];

/// Actor types that report rather than fight.
fn is_reporter(kind: &str) -> bool {
    matches!(kind, "monitor" | "news_agency" | "humanitarian" | "media")
}

/// The sources behind a report whose evidence is `evidence`, in document `doc`.
pub fn sources_of(packs: &Packs, doc: &DocRecords, evidence: &[Evidence]) -> Vec<SourceRef> {
    let mut out: Vec<SourceRef> = Vec::new();
    for e in evidence {
        for m in &doc.mentions {
            if m.start < e.start || m.end > e.end {
                continue;
            }
            let actor_id = match m.kind.as_str() {
                "actor" => m.resolved.get("id").and_then(|v| v.as_str()),
                // "Ahmad Sheikho of the Civil Defence said": a person speaks for the body they belong to.
                "person" => m.resolved.get("affiliation").and_then(|v| v.as_str()),
                _ => None,
            };
            let Some(actor) = actor_id.and_then(|id| packs.actor(id)) else { continue };
            // "state media", "a military source", "the defence ministry": a party's own voice.
            let own_voice = m.kind == "actor"
                && !is_reporter(&actor.kind)
                && PARTY_VOICE.iter().any(|w| m.text.to_lowercase().contains(w));
            if !(is_reporter(&actor.kind) || own_voice) || out.iter().any(|s| s.key == actor.id) {
                continue;
            }
            out.push(SourceRef {
                key: actor.id.clone(),
                name: if own_voice { format!("{} ({})", m.text, actor.name) } else { actor.name.clone() },
                basis: "attributed".into(),
                speaks_for: if own_voice { Some(actor.id.clone()) } else { actor.speaks_for.clone() },
            });
        }
    }
    // "Sputnik quoted a field officer": the claim is the officer's, relayed by the outlet that names them.
    let mut relays: Vec<String> = Vec::new();
    for e in evidence {
        for c in RELAYED.captures_iter(&e.sentence) {
            let relay = c["relay"].trim();
            relays.push(relay.to_owned());
            let speaker = c["speaker"].trim();
            let key = format!("relay:{}:{}", relay.to_lowercase(), speaker.to_lowercase());
            if !out.iter().any(|s| s.key == key) {
                out.push(SourceRef {
                    key,
                    name: format!("{speaker} (quoted by {relay})"),
                    basis: "relayed".into(),
                    speaks_for: None,
                });
            }
        }
    }
    // The relaying outlet is not a second source of the same claim.
    out.retain(|s| s.basis != "attributed" || !relays.iter().any(|r| r.contains(&s.name)));
    if out.is_empty() {
        out.push(outlet(doc));
    }
    out
}

/// "<Outlet> quoted|cited a <speaker>": an unnamed speaker relayed by a named outlet.
static RELAYED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?P<relay>\b[A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3})\s+(?:quoted|cited)\s+(?:an?|the)\s+(?P<speaker>(?:[a-z]+\s+){0,2}(?:officer|source|official|commander|spokesman|spokesperson))\b").unwrap()
});

/// The story a document tells, as a source: copies of one wire story (`duplicate_of`) are one source
/// whichever outlet reprinted them.
pub fn outlet(doc: &DocRecords) -> SourceRef {
    let d = &doc.document;
    let root = d.duplicate_of.as_deref().unwrap_or(&d.doc);
    SourceRef {
        key: format!("story:{root}"),
        name: d.source.clone().unwrap_or_else(|| format!("document {root}")),
        basis: "outlet".into(),
        speaks_for: None,
    }
}

/// How many independent sources the list holds.
pub fn independent(sources: &[SourceRef]) -> usize {
    let mut keys: Vec<&str> = sources.iter().map(|s| s.key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.len()
}
