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
    /// The extractor's running-total cue: `Some(None)` when it read the figure and no cue fired, `None`
    /// for a record extracted before figures carried it (the sentence is then read here).
    #[serde(default, deserialize_with = "present")]
    pub running_total: Option<Option<String>>,
}

/// A field that is there, even as null: `Some(None)`, where an absent one is `None`.
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
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
    /// The country the report is about (its theatre's evidence): totals of different wars never meet.
    #[serde(default)]
    pub country: Option<String>,
    /// Who the total counts, as the text names them ("Palestinians", "civilians"); none is people.
    #[serde(default)]
    pub who: Option<String>,
}

/// Reports that give different values for the same total.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FigureConflict {
    pub measure: String,
    pub scope: String,
    pub claims: Vec<FigureClaim>,
}

/// Whether a figure's sentence gives the conflict's running total, by the extractor's cue table
/// (`truce-extract/data/running_totals.toml`), for figure records extracted before they carried the
/// cue themselves.
pub fn is_running_total(sentence: &str) -> bool {
    truce_extract::totals::running_total(sentence).is_some()
}

/// A figure as a claim about the conflict's running total, when it is one: no place of its own, and
/// the extractor's cue (or, for an older record, its sentence) makes it one.
pub fn running_total(f: &FigureIn, published: Option<&str>, country: Option<&str>) -> Option<FigureClaim> {
    let e = f.evidence.first()?;
    let total = match &f.running_total {
        Some(cue) => cue.is_some(),
        None => is_running_total(&e.sentence),
    };
    if f.place.is_some() || !total {
        return None;
    }
    Some(FigureClaim {
        value: f.value,
        qualifier: f.qualifier.clone(),
        source: f.source.clone(),
        doc: f.doc.clone(),
        published: published.map(str::to_owned),
        evidence: e.clone(),
        country: country.map(str::to_owned),
        who: f.who.clone(),
    })
}

/// Who a total counts, folded so that "Palestinian lives" and "Palestinians" are one group and an
/// unnamed count, "people" and "lives" another.
fn counted(who: Option<&str>) -> String {
    let w = who.unwrap_or("").trim().to_lowercase();
    let w = w.strip_suffix('s').unwrap_or(&w).to_owned();
    match w.as_str() {
        "" | "people" | "person" | "live" | "life" => "people".into(),
        _ => w,
    }
}

/// Two reports of one total this many days apart speak of the same moment: different values are two
/// answers to one question (a toll reported on Monday and on Tuesday).
pub const SAME_MOMENT_DAYS: i64 = 3;

/// A running total only grows: a later report that gives less than an earlier one disagrees with it,
/// within this many days (four years: one war's reports; a war in the same country years later counts
/// from zero again). A later report that gives more is the toll growing, no disagreement.
pub const DECLINE_WITHIN_DAYS: i64 = 4 * 365;

/// Groups running totals by what they count (measure, country, who), and finds the reports of a group
/// that disagree ([`SAME_MOMENT_DAYS`], [`DECLINE_WITHIN_DAYS`]): each group's disagreeing reports, from
/// more than one document, are one conflict. An undated total answers no other.
pub fn group_conflicts(claims: impl IntoIterator<Item = (String, FigureClaim)>) -> Vec<FigureConflict> {
    let day = |c: &FigureClaim| c.published.as_deref()?.get(..10)?.parse::<jiff::civil::Date>().ok();
    /// What a total counts: its measure, country and who.
    type Counted = (String, Option<String>, String);
    let mut groups: Vec<(Counted, Vec<FigureClaim>)> = Vec::new();
    for (measure, claim) in claims {
        if day(&claim).is_none() {
            continue;
        }
        let key = (measure, claim.country.clone(), counted(claim.who.as_deref()));
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, g)) => g.push(claim),
            None => groups.push((key, vec![claim])),
        }
    }
    let disagree = |a: &FigureClaim, b: &FigureClaim| {
        let (Some(da), Some(db)) = (day(a), day(b)) else { return false };
        let apart = (db - da).get_days().abs() as i64;
        let (earlier, later) = if da <= db { (a, b) } else { (b, a) };
        a.doc != b.doc
            && a.value != b.value
            && (apart <= SAME_MOMENT_DAYS || (apart <= DECLINE_WITHIN_DAYS && later.value < earlier.value))
    };
    let mut out = Vec::new();
    for ((measure, country, who), mut claims) in groups {
        claims.sort_by_key(|c| day(c));
        let involved: Vec<FigureClaim> =
            claims.iter().filter(|a| claims.iter().any(|b| disagree(a, b))).cloned().collect();
        let (Some(first), Some(last)) = (involved.first(), involved.last()) else { continue };
        let date = |c: &FigureClaim| c.published.as_deref().and_then(|p| p.get(..10)).unwrap_or("").to_owned();
        let (first, last) = (date(first), date(last));
        let place = country.as_deref().map(|c| format!(" in {c}")).unwrap_or_default();
        let until = if last != first { format!(" to {last}") } else { String::new() };
        let named = involved.iter().find_map(|c| c.who.clone()).unwrap_or(who);
        out.push(FigureConflict {
            measure,
            scope: format!("{named}{place}, reported {first}{until}"),
            claims: involved,
        });
    }
    out
}

/// The conflicts among the given figures: [`running_total`] of each, then [`group_conflicts`].
pub fn conflicts(figures: &[(FigureIn, Option<String>, Option<String>)]) -> Vec<FigureConflict> {
    group_conflicts(figures.iter().filter_map(|(f, published, country)| {
        Some((f.measure.clone(), running_total(f, published.as_deref(), country.as_deref())?))
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A figure of one report, published on 2020-01-01 about no country in particular.
    fn figure(doc: &str, value: u64, sentence: &str) -> (FigureIn, Option<String>, Option<String>) {
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
            running_total: None,
        };
        (f, Some("2020-01-01".into()), None)
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

    /// Totals meet only when they count the same people in the same country within
    /// [`RUNNING_TOTAL_GAP_DAYS`] of each other, from different reports, with dates.
    #[test]
    fn totals_of_other_wars_people_or_years_are_no_conflict() {
        let at = |doc: &str, value: u64, day: Option<&str>, country: Option<&str>, who: Option<&str>| {
            let (mut f, _, _) = figure(doc, value, "The war has killed them.");
            f.who = who.map(Into::into);
            (f, day.map(Into::into), country.map(Into::into))
        };
        // (the two reports, whether they conflict).
        let cases = [
            (
                at("a", 161, Some("2012-11-22"), Some("PS"), Some("Palestinians")),
                at("b", 167, Some("2012-11-23"), Some("PS"), Some("Palestinian")),
                true,
            ),
            (
                at("a", 161, Some("2012-11-22"), Some("PS"), Some("Palestinians")),
                at("b", 1900, Some("2014-08-05"), Some("PS"), Some("Palestinians")),
                false,
            ),
            (
                at("a", 161, Some("2012-11-22"), Some("PS"), Some("Palestinians")),
                at("b", 5, Some("2012-11-22"), Some("PS"), Some("Israelis")),
                false,
            ),
            (
                at("a", 2600, Some("2014-09-01"), Some("UA"), None),
                at("b", 1900, Some("2014-08-30"), Some("PS"), None),
                false,
            ),
            (
                at("a", 370_000, Some("2018-03-01"), None, Some("people")),
                at("b", 400_000, Some("2018-03-02"), None, None),
                true,
            ),
            // A toll that grows is no disagreement; one that shrinks is, within one war's years.
            (
                at("a", 370_000, Some("2018-03-01"), None, Some("people")),
                at("b", 400_000, Some("2018-04-01"), None, None),
                false,
            ),
            (
                at("a", 1030, Some("2014-07-28"), Some("PS"), Some("Palestinians")),
                at("b", 1900, Some("2014-08-05"), Some("PS"), Some("Palestinians")),
                false,
            ),
            (
                at("a", 400_000, Some("2016-09-10"), Some("SY"), None),
                at("b", 370_000, Some("2019-08-01"), Some("SY"), None),
                true,
            ),
            (
                at("a", 2100, Some("2014-08-26"), Some("PS"), Some("Palestinians")),
                at("b", 250, Some("2021-05-21"), Some("PS"), Some("Palestinians")),
                false,
            ),
            (at("a", 370_000, None, None, None), at("b", 400_000, None, None, None), false),
            (
                at("a", 161, Some("2012-11-22"), Some("PS"), None),
                at("a", 71, Some("2012-11-22"), Some("PS"), None),
                false,
            ),
        ];
        for (first, second, conflict) in cases {
            let found = conflicts(&[first.clone(), second.clone()]);
            assert_eq!(
                !found.is_empty(),
                conflict,
                "{:?} against {:?}: {found:?}",
                (first.0.value, &first.1),
                (second.0.value, &second.1)
            );
        }
    }

    /// A figure the extractor marked decides by its mark; one extracted before the mark, by its sentence.
    #[test]
    fn the_extractors_mark_decides_and_old_records_are_read_again() {
        let (mut f, published, _) =
            figure("a", 240, "Nine died on Sunday, which brings the total number of deaths to 240.");
        f.running_total = Some(Some("to date".into()));
        assert!(running_total(&f, published.as_deref(), None).is_some());
        f.running_total = Some(None);
        assert!(running_total(&f, published.as_deref(), None).is_none());
        f.running_total = None;
        assert!(running_total(&f, published.as_deref(), None).is_some());
        let old: FigureIn = serde_json::from_value(serde_json::json!({
            "doc": "a", "measure": "killed", "value": 1, "qualifier": "exact", "who": null, "place": null,
            "source": null, "evidence": []
        }))
        .unwrap();
        assert_eq!(old.running_total, None);
    }
}
