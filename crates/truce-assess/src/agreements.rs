//! One record per agreement from all its mentions: every field with the documents that give it, the
//! conflicts between them, and the status claims the texts make with their dates.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use truce_pack::Pack;

use crate::events::Conflict;
use crate::input::{AgreementIn, ConditionIn, DocRecords, Evidence};
use crate::sources::{SourceRef, outlet, sources_of};

/// What one text says of the agreement's state: "fell apart in April", "breaking the cease-fire".
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatusClaim {
    pub status: String,
    /// The date the claim is about: a time in the same sentence, else the publication date.
    pub date: Option<String>,
    /// `stated` (the sentence dates it, with its precision) or `published` (the report's date).
    pub date_basis: String,
    pub doc: String,
    pub sources: Vec<SourceRef>,
    pub evidence: Evidence,
}

/// A condition as a text states it, with the document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatedCondition {
    pub party: Option<String>,
    pub requires: String,
    pub doc: String,
    pub span: [usize; 2],
}

/// A provision's widths as each document gives them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProvisionView {
    #[serde(rename = "type")]
    pub kind: String,
    pub docs: Vec<String>,
    /// Each document's widths in km ("15-20", "20").
    pub distances: Vec<(String, String)>,
}

/// A value with the documents that give it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Decided {
    pub value: serde_json::Value,
    /// `registry` (the knowledge pack) or `N of M mentions`.
    pub how: String,
    pub docs: Vec<String>,
}

/// All mentions of one agreement as one record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AgreementView {
    pub id: String,
    pub name: String,
    pub registry: bool,
    pub fields: BTreeMap<String, Decided>,
    pub parties: Vec<String>,
    pub guarantors: Vec<String>,
    pub scope: Vec<String>,
    pub provisions: Vec<ProvisionView>,
    pub conditions: Vec<StatedCondition>,
    /// Left out of [`crate::persist::read::assessment_summaries`].
    #[serde(default)]
    pub claims: Vec<StatusClaim>,
    pub conflicts: Vec<Conflict>,
    pub documents: Vec<String>,
    /// The latest publication date among the documents that mention it.
    pub last_report: Option<String>,
    /// Left out of [`crate::persist::read::assessment_summaries`].
    #[serde(default)]
    pub mentions: Vec<Evidence>,
}

impl AgreementView {
    /// The view before any mention: what the pack's registry says, if it knows the agreement.
    pub fn new(pack: &Pack, id: &str, name: Option<&str>) -> AgreementView {
        let mut view = AgreementView {
            id: id.to_owned(),
            name: name.unwrap_or(id).to_owned(),
            registry: false,
            fields: BTreeMap::new(),
            parties: Vec::new(),
            guarantors: Vec::new(),
            scope: Vec::new(),
            provisions: Vec::new(),
            conditions: Vec::new(),
            claims: Vec::new(),
            conflicts: Vec::new(),
            documents: Vec::new(),
            last_report: None,
            mentions: Vec::new(),
        };
        if let Some(a) = pack.agreement(id) {
            view.registry = true;
            view.name = a.name.clone();
            view.parties = pack.actor_names(&a.parties);
            view.guarantors = pack.actor_names(&a.guarantors);
            view.scope = a.zones.iter().filter_map(|z| pack.zone(z)).map(|z| z.name.clone()).collect();
            let registry = |v: serde_json::Value| Decided { value: v, how: "registry".into(), docs: Vec::new() };
            view.fields.insert("type".into(), registry(a.kind.clone().into()));
            view.fields.insert("declaration".into(), registry(a.declaration.clone().into()));
            if let Some(d) = a.announced {
                view.fields.insert("announced".into(), registry(d.to_string().into()));
            }
            if let Some(s) = &a.start {
                view.fields.insert("effective_from".into(), registry(s.clone().into()));
            }
            if let Some(h) = a.duration_hours {
                view.fields.insert("duration_hours".into(), registry(h.into()));
            }
        }
        view
    }

    /// Adds one document's mention of the agreement.
    pub fn absorb(&mut self, pack: &Pack, doc: &DocRecords, a: &AgreementIn) {
        if !self.documents.contains(&a.doc) {
            self.documents.push(a.doc.clone());
        }
        self.mentions.extend(a.evidence.iter().cloned());
        if doc.document.published > self.last_report {
            self.last_report = doc.document.published.clone();
        }
        let spanned = |field: &str| a.fields.get(field).is_some_and(|p| p.get("span").is_some());
        for (field, value) in [
            ("type", Some(serde_json::Value::from(a.kind.clone()))),
            ("declaration", a.declaration.clone().map(Into::into)),
            ("announced", a.announced.clone().map(Into::into)),
            ("effective_from", a.effective_from.clone().map(Into::into)),
            ("duration_hours", a.duration_hours.map(Into::into)),
        ] {
            let Some(value) = value else { continue };
            // A value the text states competes with the registry's; one the extractor copied from the
            // registry only confirms it.
            if self.registry && !spanned(field) {
                continue;
            }
            // A field has at most one conflict, listing each value once with every document that gives
            // it (a store of many reports would otherwise repeat the pair for each new report).
            let conflict = self.conflicts.iter_mut().find(|c| c.field == field);
            match self.fields.get_mut(field) {
                Some(d) if d.value == value => {
                    if !d.docs.contains(&a.doc) {
                        d.docs.push(a.doc.clone());
                    }
                    if let Some(c) = conflict {
                        add_document(&mut c.values, value.to_string(), &a.doc);
                    }
                }
                Some(d) => match conflict {
                    Some(c) => add_document(&mut c.values, value.to_string(), &a.doc),
                    None => self.conflicts.push(Conflict {
                        field: field.into(),
                        values: vec![(d.value.to_string(), d.docs.clone()), (value.to_string(), vec![a.doc.clone()])],
                    }),
                },
                None => {
                    self.fields
                        .insert(field.into(), Decided { value, how: "stated".into(), docs: vec![a.doc.clone()] });
                }
            }
        }
        for p in a.parties.iter().chain(&a.guarantors) {
            let list = if a.guarantors.contains(p) { &mut self.guarantors } else { &mut self.parties };
            if !list.contains(p) && !self.registry {
                list.push(p.clone());
            }
        }
        for s in &a.scope {
            if !self.scope.contains(s) {
                self.scope.push(s.clone());
            }
        }
        for p in &a.provisions {
            let view = match self.provisions.iter_mut().position(|v| v.kind == p.kind) {
                Some(i) => &mut self.provisions[i],
                None => {
                    self.provisions.push(ProvisionView {
                        kind: p.kind.clone(),
                        docs: Vec::new(),
                        distances: Vec::new(),
                    });
                    self.provisions.last_mut().unwrap()
                }
            };
            if !view.docs.contains(&a.doc) {
                view.docs.push(a.doc.clone());
            }
            if !p.distances_km.is_empty() {
                let mut d = p.distances_km.clone();
                d.sort_by(f64::total_cmp);
                let text = d.iter().map(|v| format!("{v}")).collect::<Vec<_>>().join("-");
                if !view.distances.iter().any(|(doc, t)| doc == &a.doc && t == &text) {
                    view.distances.push((a.doc.clone(), text));
                }
            }
        }
        self.width_conflicts();
        for c in &a.conditions {
            self.conditions.push(condition(a, c));
        }
        self.claim(pack, doc, a);
    }

    /// Widths that differ between documents: "15 km" against "20 km".
    fn width_conflicts(&mut self) {
        self.conflicts.retain(|c| c.field != "width_km");
        let mut values: Vec<(String, Vec<String>)> = Vec::new();
        for p in &self.provisions {
            for (doc, text) in &p.distances {
                match values.iter_mut().find(|(v, _)| v == text) {
                    Some((_, docs)) if !docs.contains(doc) => docs.push(doc.clone()),
                    Some(_) => {}
                    None => values.push((text.clone(), vec![doc.clone()])),
                }
            }
        }
        if values.len() > 1 {
            self.conflicts.push(Conflict { field: "width_km".into(), values });
        }
    }

    /// The status the mention asserts, dated by a time in the sentence that asserts it.
    fn claim(&mut self, pack: &Pack, doc: &DocRecords, a: &AgreementIn) {
        let Some(span) = a.fields.get("status").and_then(|p| p.get("span")).and_then(|s| s.as_array()) else {
            return;
        };
        let (start, end) = (span[0].as_u64().unwrap_or(0) as usize, span[1].as_u64().unwrap_or(0) as usize);
        let Some(sentence) = a.evidence.iter().find(|e| e.start <= start && end <= e.end) else { return };
        let (date, basis) = match doc.time_within(sentence.start, sentence.end) {
            Some((d, precision)) => (Some(d), format!("stated ({precision})")),
            None => (doc.document.published.clone(), "published".to_owned()),
        };
        let mut sources = sources_of(pack, doc, std::slice::from_ref(sentence));
        if sources.is_empty() {
            sources.push(outlet(doc));
        }
        self.claims.push(StatusClaim {
            status: a.status.clone(),
            date,
            date_basis: basis,
            doc: a.doc.clone(),
            sources,
            evidence: sentence.clone(),
        });
    }

    /// The first claim of a status, by its date.
    pub fn first_claim(&self, status: &str) -> Option<&StatusClaim> {
        self.claims.iter().filter(|c| c.status == status && c.date.is_some()).min_by(|a, b| a.date.cmp(&b.date))
    }
}

fn condition(a: &AgreementIn, c: &ConditionIn) -> StatedCondition {
    StatedCondition { party: c.party.clone(), requires: c.requires.clone(), doc: a.doc.clone(), span: c.span }
}

/// Adds `doc` to the documents that give `value` in a conflict's list, or the value with it.
fn add_document(values: &mut Vec<(String, Vec<String>)>, value: String, doc: &str) {
    match values.iter_mut().find(|(v, _)| *v == value) {
        Some((_, docs)) => {
            if !docs.iter().any(|d| d == doc) {
                docs.push(doc.to_owned());
            }
        }
        None => values.push((value, vec![doc.to_owned()])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::DocumentIn;

    fn doc(id: &str) -> DocRecords {
        DocRecords {
            document: DocumentIn {
                doc: id.into(),
                title: None,
                published: Some("2020-03-06".into()),
                duplicate_of: None,
                source: None,
            },
            events: Vec::new(),
            agreements: Vec::new(),
            mentions: Vec::new(),
            figures: Vec::new(),
        }
    }

    fn mention(doc: &str, announced: &str) -> AgreementIn {
        AgreementIn {
            doc: doc.into(),
            agreement_id: "minted".into(),
            registry: false,
            name: None,
            kind: "ceasefire".into(),
            declaration: None,
            announced: Some(announced.into()),
            effective_from: None,
            duration_hours: None,
            scope: Vec::new(),
            parties: Vec::new(),
            guarantors: Vec::new(),
            provisions: Vec::new(),
            conditions: Vec::new(),
            status: "agreed".into(),
            evidence: Vec::new(),
            fields: Default::default(),
        }
    }

    /// Reports in order (document, announced day), and the one conflict they make: each value once,
    /// with every document that gives it.
    const ANNOUNCED_CASES: &[(&str, &str)] =
        &[("a", "2020-03-05"), ("b", "2020-03-06"), ("c", "2020-03-06"), ("d", "2020-03-05"), ("e", "2020-03-07")];

    #[test]
    fn a_field_has_one_conflict_listing_each_value_with_its_documents() {
        let pack = Pack::builtin("syria").unwrap();
        let mut view = AgreementView::new(&pack, "minted", None);
        for (id, day) in ANNOUNCED_CASES {
            view.absorb(&pack, &doc(id), &mention(id, day));
        }
        let announced: Vec<&Conflict> = view.conflicts.iter().filter(|c| c.field == "announced").collect();
        assert_eq!(announced.len(), 1, "{:?}", view.conflicts);
        let values: Vec<(String, Vec<String>)> = announced[0].values.clone();
        let owned = |v: &str, docs: &[&str]| (format!("\"{v}\""), docs.iter().map(|d| d.to_string()).collect());
        assert_eq!(
            values,
            vec![owned("2020-03-05", &["a", "d"]), owned("2020-03-06", &["b", "c"]), owned("2020-03-07", &["e"])]
        );
    }
}
