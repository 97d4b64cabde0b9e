//! When: the date a clause gives its event, or the news day; and whether an event is background.

use super::*;

/// Events that ended well before the report are background, not what the report reports: ACLED codes
/// an event from the reports of its occurrence.
pub(super) fn is_background(ctx: &DocContext, c: &Candidate) -> bool {
    const BACKGROUND_DAYS: i64 = 7;
    let (Some(published), Some(date)) = (ctx.published, &c.date) else { return false };
    let end = date.1.as_deref().unwrap_or(&date.0);
    end.parse::<jiff::civil::Date>().is_ok_and(|end| (published - end).get_days() as i64 > BACKGROUND_DAYS)
}

pub(super) fn days_between(a: &str, b: &str) -> i64 {
    match (a.parse::<jiff::civil::Date>(), b.parse::<jiff::civil::Date>()) {
        (Ok(a), Ok(b)) => (b - a).get_days() as i64,
        _ => 0,
    }
}

pub(super) type DateChoice = (String, Option<String>, &'static str, Provenance);

/// The date of an event: a time expression in the clause, else the sentence, else an earlier sentence
/// of the paragraph; else the publication date. Expressions read as future make the event a plan.
pub(super) fn date_for(ctx: &DocContext, sentence: usize, start: usize, end: usize) -> Option<DateChoice> {
    let usable = |t: &&TimeMention| t.kind != TimeKind::Duration && t.from.is_some() && t.precision <= Precision::Range;
    let render = |t: &TimeMention, how: &'static str| -> DateChoice {
        let from = t.from.unwrap();
        let to = t.to.filter(|to| *to != from).map(|d| d.to_string());
        let precision = if t.future { "future" } else { how };
        let _ = how;
        (from.to_string(), to, precision_name(t.precision, precision), Provenance::span(t.start, t.end))
    };
    let in_clause = ctx.times[sentence].iter().filter(usable).find(|t| t.start >= start && t.end <= end);
    if let Some(t) = in_clause {
        if t.future {
            return Some((String::new(), None, "future", Provenance::span(t.start, t.end)));
        }
        return Some(render(t, "text"));
    }
    if let Some(t) = ctx.times[sentence].iter().filter(usable).find(|t| !t.future) {
        return Some(render(t, "text"));
    }
    for back in (sentence.saturating_sub(2)..sentence).rev() {
        if ctx.paragraph[back] != ctx.paragraph[sentence] {
            break;
        }
        if let Some(t) = ctx.times[back].iter().filter(usable).find(|t| !t.future && t.kind == TimeKind::Point) {
            let (d, to, p, _) = render(t, "text");
            return Some((d, to, p, Provenance::inferred("the date of an earlier sentence of the paragraph")));
        }
    }
    ctx.published
        .map(|d| (d.to_string(), None, "day", Provenance::inferred("the publication date: the text gives no other")))
}

pub(super) fn precision_name(p: Precision, how: &'static str) -> &'static str {
    if how == "future" {
        return "future";
    }
    match p {
        Precision::Minute | Precision::PartOfDay | Precision::Day => "day",
        Precision::Week => "week",
        Precision::Month => "month",
        Precision::Year => "year",
        Precision::Range => "range",
    }
}
