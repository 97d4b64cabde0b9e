//! Figures that disagree: the war's toll as different reports give it ("more than 370,000 killed" in one,
//! "an estimated 400,000" in another), each kept with its date and source, none preferred.

use serde::{Deserialize, Serialize};

use crate::input::Evidence;

#[derive(Debug, Clone, Deserialize)]
pub struct FigureIn {
    pub doc: String,
    pub measure: String,
    pub value: u64,
    pub qualifier: String,
    pub who: Option<String>,
    pub place: Option<String>,
    pub source: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// One report's figure.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FigureClaim {
    pub value: u64,
    pub qualifier: String,
    pub source: Option<String>,
    pub doc: String,
    pub published: Option<String>,
    pub evidence: Evidence,
}

/// Reports that give different values for the same total.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FigureConflict {
    pub measure: String,
    pub scope: String,
    pub claims: Vec<FigureClaim>,
}

/// Phrases that make a figure the conflict's running total rather than one event's toll, wherever they
/// stand in its sentence ("the war has so far claimed ...", "... since it began").
pub const RUNNING_TOTAL_PHRASES: &[&str] = &[
    "since it started",
    "since it began",
    "since the start",
    "since the war began",
    "since the conflict began",
    "so far",
    "to date",
    "in total",
];

/// A war as the subject of a toll ("the war has killed ..."): a running total when a [`TOLL_VERBS`]
/// word is in the same sentence, without any of [`RUNNING_TOTAL_PHRASES`].
pub const WAR_AS_SUBJECT: &[&str] = &["the conflict has", "the war has", "civil war has"];

/// The verbs that make [`WAR_AS_SUBJECT`] a toll.
pub const TOLL_VERBS: &[&str] = &["killed", "claimed", "displaced"];

/// Whether a figure's sentence gives the conflict's running total (the tables above).
pub fn is_running_total(sentence: &str) -> bool {
    let s = sentence.to_lowercase();
    RUNNING_TOTAL_PHRASES.iter().any(|w| s.contains(w))
        || (WAR_AS_SUBJECT.iter().any(|w| s.contains(w)) && TOLL_VERBS.iter().any(|w| s.contains(w)))
}

/// A figure as a claim about the conflict's running total, when it is one: no place of its own and a
/// sentence that [`is_running_total`].
pub fn running_total(f: &FigureIn, published: Option<&str>) -> Option<FigureClaim> {
    let e = f.evidence.first()?;
    if f.place.is_some() || !is_running_total(&e.sentence) {
        return None;
    }
    Some(FigureClaim {
        value: f.value,
        qualifier: f.qualifier.clone(),
        source: f.source.clone(),
        doc: f.doc.clone(),
        published: published.map(str::to_owned),
        evidence: e.clone(),
    })
}

/// Groups running totals by measure (in the order given); a measure whose claims give different values
/// is a conflict, one where every report agrees is not.
pub fn group_conflicts(claims: impl IntoIterator<Item = (String, FigureClaim)>) -> Vec<FigureConflict> {
    let mut out: Vec<FigureConflict> = Vec::new();
    for (measure, claim) in claims {
        match out.iter_mut().find(|c| c.measure == measure) {
            Some(c) => c.claims.push(claim),
            None => out.push(FigureConflict { measure, scope: "the whole conflict".into(), claims: vec![claim] }),
        }
    }
    out.retain(|c| {
        let mut values: Vec<u64> = c.claims.iter().map(|x| x.value).collect();
        values.sort_unstable();
        values.dedup();
        values.len() > 1
    });
    out
}

/// The conflicts among the given figures: [`running_total`] of each, then [`group_conflicts`].
pub fn conflicts(figures: &[(FigureIn, Option<String>)]) -> Vec<FigureConflict> {
    group_conflicts(
        figures.iter().filter_map(|(f, published)| Some((f.measure.clone(), running_total(f, published.as_deref())?))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figure(doc: &str, value: u64, sentence: &str) -> (FigureIn, Option<String>) {
        let evidence = vec![Evidence { doc: doc.into(), start: 0, end: sentence.len(), sentence: sentence.into() }];
        let f = FigureIn {
            doc: doc.into(),
            measure: "killed".into(),
            value,
            qualifier: "about".into(),
            who: None,
            place: None,
            source: None,
            evidence,
        };
        (f, Some("2020-01-01".into()))
    }

    #[test]
    fn totals_that_differ_are_a_conflict_and_event_tolls_are_not() {
        let figures = [
            figure("a", 370_000, "Since it began the war has cost upward of 370,000 lives."),
            figure("b", 400_000, "The conflict has so far claimed some 400,000 lives."),
            figure("c", 12, "An air strike killed 12 people in Ariha on Monday."),
        ];
        let c = conflicts(&figures);
        assert_eq!(c.len(), 1);
        let values: Vec<u64> = c[0].claims.iter().map(|x| x.value).collect();
        assert_eq!(values, [370_000, 400_000]);
        // The same total twice is no conflict.
        let same = [
            figure("a", 400_000, "The war has killed 400,000."),
            figure("b", 400_000, "The conflict has so far killed 400,000."),
        ];
        assert!(conflicts(&same).is_empty());
    }

    /// Each row of the tables, as a sentence that must read as a running total, and event tolls that
    /// must not.
    #[test]
    fn every_cue_reads_as_a_running_total() {
        for phrase in RUNNING_TOTAL_PHRASES {
            let sentence = format!("More than 400,000 people have been killed {phrase}, the monitor said.");
            assert!(is_running_total(&sentence), "{phrase}");
        }
        for subject in WAR_AS_SUBJECT {
            for verb in TOLL_VERBS {
                let sentence = format!("In eight years {subject} {verb} more than 400,000.");
                assert!(is_running_total(&sentence), "{subject} {verb}");
            }
        }
        for toll in [
            "An air strike killed 12 people in Ariha on Monday.",
            "The war has dragged on for eight years.",
            "Shelling displaced 3,000 families from the town.",
        ] {
            assert!(!is_running_total(toll), "{toll}");
        }
    }
}
