//! One record per agreement from all its mentions: every field with the documents that give it, the
//! conflicts between them, and the status claims the texts make with their dates.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use truce_pack::Packs;

use crate::events::Conflict;
use crate::input::{AgreementIn, AgreementPlace, ConditionIn, DocRecords, Evidence};
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
    /// The publication date of the document that makes the claim: `--on` sees it from then on.
    #[serde(default)]
    pub published: Option<String>,
    pub sources: Vec<SourceRef>,
    pub evidence: Evidence,
}

/// When a claim dates its status, for one agreement (see [`AgreementView::claim_time`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimTime {
    /// A day, a month ("2016-09") or a year, as precise as the evidence.
    pub date: String,
    /// How it was dated: `stated (day)`, `published`, or why the report's date stands for it.
    pub basis: String,
    /// The whole period stated lies before the agreement began: baseline only.
    pub before_it_began: bool,
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
    /// The sentence that gave it, in each document that does (first mention per document).
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

/// A value with the documents that give it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Decided {
    pub value: serde_json::Value,
    /// `registry` (the knowledge packs), `stated` (the text says it) or `inferred: REASON` (no text
    /// says it: "inferred: the publication date"). A stated value replaces an inferred one, and
    /// inferred values never contradict anything.
    pub how: String,
    pub docs: Vec<String>,
    /// The words the first stating document used ("three-day", "indefinite"), as the brief shows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written: Option<String>,
    /// The sentence of the first stating document that holds those words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

impl Decided {
    /// With the words of the mention's span for `field` and the sentence that holds them, when the
    /// extractor gave a span inside one of the mention's evidence sentences.
    fn with_words(mut self, a: &AgreementIn, field: &str) -> Decided {
        let span = a
            .fields
            .get(field)
            .and_then(|p| p.get("span"))
            .and_then(|s| s.as_array())
            .and_then(|s| Some((s.first()?.as_u64()? as usize, s.get(1)?.as_u64()? as usize)));
        if let Some((start, end)) = span
            && let Some(e) = a.evidence.iter().find(|e| e.start <= start && end <= e.end)
        {
            self.written = e.sentence.get(start - e.start..end - e.start).map(str::to_owned);
            self.evidence = Some(e.clone());
        }
        self
    }

    /// Whether no text states it.
    pub fn inferred(&self) -> bool {
        self.how.starts_with("inferred")
    }
}

/// All mentions of one agreement as one record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AgreementView {
    pub id: String,
    pub name: String,
    pub registry: bool,
    pub fields: BTreeMap<String, Decided>,
    pub parties: Vec<String>,
    /// Sides no report names as parties, inferred from the fighting its reports tell ("violations on both
    /// sides"): shown as inferred, never bound as named parties are.
    #[serde(default)]
    pub presumed_parties: Vec<String>,
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
    /// Where the reports place it, for an agreement the registry does not hold: each document's main
    /// place, once.
    #[serde(default)]
    pub places: Vec<AgreementPlace>,
}

impl AgreementView {
    /// The view before any mention: what the pack's registry says, if it knows the agreement.
    pub fn new(packs: &Packs, id: &str, name: Option<&str>) -> AgreementView {
        let mut view = AgreementView {
            id: id.to_owned(),
            name: name.unwrap_or(id).to_owned(),
            registry: false,
            fields: BTreeMap::new(),
            parties: Vec::new(),
            presumed_parties: Vec::new(),
            guarantors: Vec::new(),
            scope: Vec::new(),
            provisions: Vec::new(),
            conditions: Vec::new(),
            claims: Vec::new(),
            conflicts: Vec::new(),
            documents: Vec::new(),
            last_report: None,
            mentions: Vec::new(),
            places: Vec::new(),
        };
        if let Some(a) = packs.agreement(id) {
            view.registry = true;
            view.name = a.name.clone();
            view.parties = packs.actor_names(&a.parties);
            view.guarantors = packs.actor_names(&a.guarantors);
            view.scope = a.zones.iter().filter_map(|z| packs.zone(z)).map(|z| z.name.clone()).collect();
            let registry = |v: serde_json::Value| Decided { value: v, how: "registry".into(), ..Decided::default() };
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
    pub fn absorb(&mut self, packs: &Packs, doc: &DocRecords, a: &AgreementIn) {
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
            ("effective_day", a.effective_day.clone().map(Into::into)),
            ("duration_hours", a.duration_hours.map(Into::into)),
        ] {
            let Some(value) = value else { continue };
            // A value the text states competes with the registry's; one the extractor copied from the
            // registry only confirms it.
            if self.registry && !spanned(field) {
                continue;
            }
            let inferred = a.fields.get(field).and_then(|p| p.get("inferred")).and_then(|r| r.as_str());
            let stated = Decided {
                value: value.clone(),
                how: match inferred {
                    Some(reason) => format!("inferred: {reason}"),
                    None => "stated".into(),
                },
                docs: vec![a.doc.clone()],
                ..Decided::default()
            }
            .with_words(a, field);
            // A field has at most one conflict, listing each value once with every document that gives
            // it (a store of many reports would otherwise repeat the pair for each new report). Only
            // values the text states conflict: an inferred one yields to any stated one.
            let conflict = self.conflicts.iter_mut().find(|c| c.field == field);
            match self.fields.get_mut(field) {
                Some(d) if d.inferred() && stated.inferred() => {
                    // Two inferences (two publication days): the earliest bounds it, with its documents.
                    if value == d.value {
                        if !d.docs.contains(&a.doc) {
                            d.docs.push(a.doc.clone());
                        }
                    } else if value.as_str() < d.value.as_str() {
                        *d = stated;
                    }
                }
                Some(d) if d.inferred() => *d = stated,
                Some(_) if stated.inferred() => {}
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
                    self.fields.insert(field.into(), stated);
                }
            }
        }
        // Parties the extractor inferred (its provenance says so) are presumed until a report names them.
        let inferred = a.fields.get("parties").is_some_and(|f| f.get("inferred").is_some());
        for p in a.parties.iter().chain(&a.guarantors) {
            if self.registry {
                continue;
            }
            if a.guarantors.contains(p) {
                if !self.guarantors.contains(p) {
                    self.guarantors.push(p.clone());
                }
            } else if inferred {
                if !self.parties.contains(p) && !self.presumed_parties.contains(p) {
                    self.presumed_parties.push(p.clone());
                }
            } else if !self.parties.contains(p) {
                self.presumed_parties.retain(|q| q != p);
                self.parties.push(p.clone());
            }
        }
        for s in &a.scope {
            if !self.scope.contains(s) {
                self.scope.push(s.clone());
            }
        }
        if let Some(place) = a.place.as_ref().filter(|p| !self.registry && !self.places.contains(p)) {
            self.places.push(place.clone());
        }
        for p in &a.provisions {
            let view = match self.provisions.iter_mut().position(|v| v.kind == p.kind) {
                Some(i) => &mut self.provisions[i],
                None => {
                    self.provisions.push(ProvisionView {
                        kind: p.kind.clone(),
                        docs: Vec::new(),
                        distances: Vec::new(),
                        evidence: Vec::new(),
                    });
                    self.provisions.last_mut().unwrap()
                }
            };
            if !view.docs.contains(&a.doc) {
                view.docs.push(a.doc.clone());
                let said = a.evidence.iter().find(|e| e.start <= p.span[0] && p.span[1] <= e.end);
                view.evidence.extend(said.cloned());
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
        self.claim(packs, doc, a);
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
    fn claim(&mut self, packs: &Packs, doc: &DocRecords, a: &AgreementIn) {
        let Some(span) = a.fields.get("status").and_then(|p| p.get("span")).and_then(|s| s.as_array()) else {
            return;
        };
        let (start, end) = (span[0].as_u64().unwrap_or(0) as usize, span[1].as_u64().unwrap_or(0) as usize);
        let Some(sentence) = a.evidence.iter().find(|e| e.start <= start && end <= e.end) else { return };
        let (date, basis) = match doc.time_within(sentence.start, sentence.end) {
            Some((d, precision)) => (Some(d), format!("stated ({precision})")),
            None => (doc.document.published.clone(), "published".to_owned()),
        };
        let mut sources = sources_of(packs, doc, std::slice::from_ref(sentence));
        if sources.is_empty() {
            sources.push(outlet(doc));
        }
        self.claims.push(StatusClaim {
            status: a.status.clone(),
            date,
            date_basis: basis,
            doc: a.doc.clone(),
            published: doc.document.published.clone(),
            sources,
            evidence: sentence.clone(),
        });
    }

    /// The day the agreement was announced, or failing that the day it took effect: a claim about it
    /// dated earlier cannot be about it (see [`AgreementView::first_claim`]).
    pub fn began(&self) -> Option<&str> {
        ["announced", "effective_from", "effective_day"]
            .iter()
            .find_map(|f| self.fields.get(*f).and_then(|d| d.value.as_str()))
            .and_then(|d| d.get(..10))
    }

    /// When a claim dates the status it reports, as far as this agreement can tell: the day, month or
    /// year the sentence gives; but a period that begins before the agreement and ends after its start
    /// ("earlier this year", "in September") only says the status was reached by the report's
    /// publication, so it is dated then. `None` for an undated claim.
    pub fn claim_time(&self, c: &StatusClaim) -> Option<ClaimTime> {
        let date = c.date.as_deref()?;
        let (shown, last) = match c.date_basis.as_str() {
            "stated (month)" => (date.get(..7).unwrap_or(date).to_owned(), format!("{}-31", date.get(..7)?)),
            "stated (year)" => (date.get(..4).unwrap_or(date).to_owned(), format!("{}-12-31", date.get(..4)?)),
            "stated (range)" => (date.to_owned(), c.published.clone().unwrap_or_else(|| date.to_owned())),
            _ => (date.to_owned(), date.to_owned()),
        };
        let first = date.get(..10).unwrap_or(date);
        let basis = c.date_basis.clone();
        Some(match self.began() {
            Some(began) if last.as_str() < began => ClaimTime { date: shown, basis, before_it_began: true },
            Some(began) if first < began => match c.published.as_deref() {
                Some(p) => ClaimTime {
                    date: p.get(..10).unwrap_or(p).to_owned(),
                    basis: format!("by its report's date: the period stated begins before it began on {began}"),
                    before_it_began: false,
                },
                None => ClaimTime { date: shown, basis, before_it_began: true },
            },
            _ => ClaimTime { date: shown, basis, before_it_began: false },
        })
    }

    /// Whether a claim is dated before the agreement began: baseline, never evidence of its status.
    pub fn before_it_began(&self, claim: &StatusClaim) -> bool {
        self.claim_time(claim).is_some_and(|t| t.before_it_began)
    }

    /// The first claim of a status, by its date, among the claims dated on or after the day it began.
    pub fn first_claim(&self, status: &str) -> Option<&StatusClaim> {
        self.claims
            .iter()
            .filter_map(|c| Some((c, self.claim_time(c)?)))
            .filter(|(c, t)| c.status == status && !t.before_it_began)
            .min_by(|(_, a), (_, b)| a.date.cmp(&b.date))
            .map(|(c, _)| c)
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
                country: None,
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
            effective_day: None,
            duration_hours: None,
            scope: Vec::new(),
            parties: Vec::new(),
            guarantors: Vec::new(),
            provisions: Vec::new(),
            conditions: Vec::new(),
            status: "agreed".into(),
            place: None,
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
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        let mut view = AgreementView::new(&packs, "minted", None);
        for (id, day) in ANNOUNCED_CASES {
            view.absorb(&packs, &doc(id), &mention(id, day));
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

    /// Parties the extractor inferred are presumed until a report names them, and a truce's worded rules
    /// bind only the parties reports name (the presumed ones are judged as anyone fighting there).
    #[test]
    fn inferred_parties_are_presumed_until_a_report_names_them() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        let mut view = AgreementView::new(&packs, "minted", None);
        let mut inferred = mention("a", "2020-03-05");
        inferred.parties = vec!["Government of Syria".into(), "Syrian opposition".into()];
        inferred.fields.insert("parties".into(), serde_json::json!({"inferred": "“both sides”"}));
        view.absorb(&packs, &doc("a"), &inferred);
        assert!(view.parties.is_empty());
        assert_eq!(view.presumed_parties, ["Government of Syria", "Syrian opposition"]);
        let mut named = mention("b", "2020-03-05");
        named.parties = vec!["Syrian opposition".into()];
        named.fields.insert("parties".into(), serde_json::json!({"span": [0, 5]}));
        view.absorb(&packs, &doc("b"), &named);
        assert_eq!(view.parties, ["Syrian opposition"]);
        assert_eq!(view.presumed_parties, ["Government of Syria"]);
    }

    /// (claimed date, how the sentence dates it, publication, the date the claim is given, before the
    /// agreement began on 2016-09-10?).
    const CLAIM_TIME_CASES: &[(&str, &str, &str, &str, bool)] = &[
        // A day before the announcement: another truce, or misdated.
        ("2016-07-02", "stated (day)", "2016-07-02", "2016-07-02", true),
        ("2016-09-19", "stated (day)", "2016-10-05", "2016-09-19", false),
        // A month wholly before it; a month that holds its start says "by the report", not the 1st.
        ("2016-08-01", "stated (month)", "2016-10-05", "2016-08", true),
        ("2016-09-01", "stated (month)", "2016-10-05", "2016-10-05", false),
        ("2016-10-01", "stated (month)", "2016-11-20", "2016-10", false),
        ("2016-01-01", "stated (year)", "2016-12-01", "2016-12-01", false),
        ("2015-01-01", "stated (year)", "2016-12-01", "2015", true),
        // "Earlier this year": from New Year to the report.
        ("2016-01-01", "stated (range)", "2016-09-22", "2016-09-22", false),
        ("2016-01-01", "stated (range)", "2016-06-01", "2016-01-01", true),
        ("2016-09-20", "published", "2016-09-20", "2016-09-20", false),
    ];

    #[test]
    fn claims_are_dated_for_the_agreement_they_are_about() {
        let packs = Packs::from(truce_pack::Pack::builtin("syria").unwrap());
        let view = AgreementView::new(&packs, "us-russia-2016-09", None);
        assert_eq!(view.began(), Some("2016-09-10"));
        for (date, basis, published, want, before) in CLAIM_TIME_CASES {
            let claim = StatusClaim {
                status: "collapsed".into(),
                date: Some((*date).into()),
                date_basis: (*basis).into(),
                doc: "d".into(),
                published: Some((*published).into()),
                sources: Vec::new(),
                evidence: Evidence { doc: "d".into(), start: 0, end: 1, sentence: String::new() },
            };
            let t = view.claim_time(&claim).unwrap();
            assert_eq!((t.date.as_str(), t.before_it_began), (*want, *before), "{date} {basis} published {published}");
        }
    }
}
