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

/// Words that make a figure the conflict's running total rather than one event's toll.
fn is_conflict_total(sentence: &str) -> bool {
    let s = sentence.to_lowercase();
    [
        "since it started",
        "since it began",
        "since the start",
        "since the war began",
        "since the conflict began",
        "so far",
        "to date",
        "in total",
    ]
    .iter()
    .any(|w| s.contains(w))
        || ((s.contains("the conflict has") || s.contains("the war has") || s.contains("civil war has"))
            && (s.contains("killed") || s.contains("claimed") || s.contains("displaced")))
}

/// Groups the conflict totals of each measure; a group whose documents give different values is a conflict.
pub fn conflicts(figures: &[(FigureIn, Option<String>)]) -> Vec<FigureConflict> {
    let mut out: Vec<FigureConflict> = Vec::new();
    for (f, published) in figures {
        let Some(e) = f.evidence.first() else { continue };
        if f.place.is_some() || !is_conflict_total(&e.sentence) {
            continue;
        }
        let claim = FigureClaim {
            value: f.value,
            qualifier: f.qualifier.clone(),
            source: f.source.clone(),
            doc: f.doc.clone(),
            published: published.clone(),
            evidence: e.clone(),
        };
        match out.iter_mut().find(|c| c.measure == f.measure) {
            Some(c) => c.claims.push(claim),
            None => out.push(FigureConflict {
                measure: f.measure.clone(),
                scope: "the whole conflict".into(),
                claims: vec![claim],
            }),
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
}
