//! Table-driven cases for the time resolver, written for Truce: each sentence, the publication date it
//! is read against, and the first time expression it must yield (or none).
//!
//! Expected values: `YYYY-MM-DD` for a day, `FROM/TO` for a span, `+THH:MM` when a time of day is
//! known, `dur:HOURS` for a duration (`dur:unstated` for a vague one or another thing's length), `none` for no time at all.

use jiff::civil::Date;
use truce_extract::time::{Clock, TimeKind, find_times};

/// Friday 2 August 2019; Saturday 10 September 2016; Saturday 18 May 2019; Tuesday 6 August 2019;
/// Friday 7 April 2017; Thursday 5 March 2020.
const CASES: &[(&str, &str, &str)] = &[
    // Weekdays, past by default (same day counts).
    ("Airstrikes halted on Friday.", "2019-08-02", "2019-08-02"),
    ("Airstrikes halted on Thursday.", "2019-08-02", "2019-08-01"),
    ("Rebels attacked on Wednesday.", "2019-08-02", "2019-07-31"),
    ("Clashes erupted on Tuesday.", "2019-08-02", "2019-07-30"),
    ("The town fell on Monday.", "2019-08-02", "2019-07-29"),
    ("Shelling resumed on Sunday.", "2019-08-02", "2019-07-28"),
    ("The convoy arrived on Saturday.", "2019-08-02", "2019-07-27"),
    ("On Monday, the government resumed strikes.", "2019-08-06", "2019-08-05"),
    ("The envoy spoke on Tuesday.", "2019-08-06", "2019-08-06"),
    ("Warplanes struck Sunday, residents said.", "2019-08-06", "2019-08-04"),
    ("The deal was hailed on Saturday.", "2016-09-10", "2016-09-10"),
    ("Talks ended Friday night.", "2016-09-10", "2016-09-09+T22:00"),
    ("A strike hit the base on Friday morning.", "2017-04-07", "2017-04-07+T08:00"),
    ("Fighting raged on Thursday evening.", "2017-04-07", "2017-04-06+T19:00"),
    ("Protesters gathered on Wednesday afternoon.", "2017-04-07", "2017-04-05+T15:00"),
    // Numeric dates, day first.
    ("Updated 23.10.2017 at noon.", "2017-10-24", "2017-10-23+T12:00"),
    ("Posted 5-04-2016, the toll rose.", "2016-04-06", "2016-04-05"),
    ("Filed 09/10/2014 from Beirut.", "2014-10-09", "2014-10-09"),
    ("Filed 04/23/2017 from Beirut.", "2017-04-23", "2017-04-23"),
    ("The score was 31.13.2016 in the table.", "2016-05-01", "none"),
    // Weekdays pointing forward.
    ("A ceasefire effective from sundown on Monday.", "2016-09-10", "2016-09-12+T19:00"),
    ("The truce will start on Monday.", "2016-09-10", "2016-09-12"),
    ("Talks are due to resume on Wednesday.", "2019-08-02", "2019-08-07"),
    ("The delegations will meet next Tuesday.", "2019-08-02", "2019-08-06"),
    ("Patrols begin on Sunday.", "2020-03-05", "2020-03-08"),
    ("The ceasefire starting on Friday holds.", "2020-03-05", "2020-03-06"),
    ("It was agreed last Monday.", "2019-08-02", "2019-07-29"),
    // "May" the modal points forward; "May" the name or month does not.
    ("Strikes may resume on Monday.", "2019-08-06", "2019-08-12"),
    ("Theresa May said strikes resumed on Monday.", "2019-08-06", "2019-08-05"),
    // "from" opens a span only right before the expression.
    ("Rebels seized the base from government forces on Sunday.", "2019-08-06", "2019-08-04"),
    ("The truce holds from Monday.", "2019-08-02", "2019-08-05"),
    ("It was agreed last Friday.", "2019-08-02", "2019-07-26"),
    ("He will return this Sunday.", "2019-08-02", "2019-08-04"),
    // Two weekdays are a span of days, in the past by default.
    ("Air strikes killed 20 on Friday and Saturday.", "2019-08-04", "2019-08-02/2019-08-03"),
    ("Clashes raged on Monday and Tuesday.", "2019-08-02", "2019-07-29/2019-07-30"),
    ("Talks will run from Monday to Wednesday.", "2019-08-02", "2019-08-05/2019-08-07"),
    // Today, tonight, yesterday and parts of days.
    ("A ceasefire starting from tonight.", "2019-08-01", "2019-08-01+T21:00"),
    ("Shelling continued today.", "2019-08-02", "2019-08-02"),
    ("Three were killed yesterday.", "2019-08-02", "2019-08-01"),
    ("Talks resume tomorrow.", "2019-08-02", "2019-08-03"),
    ("Explosions were heard last night.", "2019-08-02", "2019-08-01+T22:00"),
    ("Jets struck this morning.", "2019-08-02", "2019-08-02+T08:00"),
    ("The rally is planned for this evening.", "2019-08-02", "2019-08-02+T19:00"),
    ("Raids continued overnight.", "2019-08-02", "2019-08-02+T00:00"),
    ("No warplanes have flown since midnight.", "2019-08-02", "2019-08-02+T00:00"),
    ("Attacks halted after midnight.", "2019-05-18", "2019-05-18+T00:00"),
    ("The guns fell silent at midnight.", "2016-02-27", "2016-02-27+T00:00"),
    ("Fighting stopped at dawn.", "2019-08-02", "2019-08-02+T05:30"),
    ("The truce starts at noon.", "2017-07-09", "2017-07-09+T12:00"),
    ("The ceasefire begins at sundown.", "2016-09-12", "2016-09-12+T19:00"),
    ("A convoy moved at sunset.", "2019-12-21", "2019-12-21+T16:30"),
    // Clock times.
    ("The truce took effect at 00:01 on 6 March.", "2020-03-05", "2020-03-06+T00:01"),
    ("The ceasefire began at 19:00 local time.", "2016-09-12", "2016-09-12+T19:00"),
    ("Strikes resumed at 7 pm.", "2019-08-05", "2019-08-05+T19:00"),
    ("Shelling started at 6:30 a.m.", "2019-08-05", "2019-08-05+T06:30"),
    ("It began at 1900 GMT.", "2016-09-12", "2016-09-12+T19:00"),
    ("At 12 am the guns stopped.", "2016-02-27", "2016-02-27+T00:00"),
    ("At 11:45 pm rockets hit the city.", "2019-08-02", "2019-08-02+T23:45"),
    // Absolute dates, every common form.
    ("On September 17, 2018, the two leaders met.", "2019-08-02", "2018-09-17"),
    ("The memorandum of 17 September 2018 set a zone.", "2019-08-02", "2018-09-17"),
    ("Signed on 4 May 2017 in Astana.", "2019-08-02", "2017-05-04"),
    ("Signed on May 4, 2017 in Astana.", "2019-08-02", "2017-05-04"),
    ("On Saturday, May 18, the commander spoke.", "2019-05-18", "2019-05-18"),
    ("A convoy entered Idlib on May 17.", "2019-05-18", "2019-05-17"),
    ("On the 5th of March 2020 the leaders met.", "2020-06-01", "2020-03-05"),
    ("The 5th March 2020 protocol held.", "2020-06-01", "2020-03-05"),
    ("Talks took place on Sept. 9.", "2016-09-10", "2016-09-09"),
    ("The attack of Aug 21 2013 killed hundreds.", "2017-04-07", "2013-08-21"),
    ("Published 2019-08-02 in Beirut.", "2019-08-03", "2019-08-02"),
    ("On Tuesday, 22 November 2016 a photo emerged.", "2016-11-23", "2016-11-22"),
    ("The meeting on December 29 set the truce.", "2016-12-31", "2016-12-29"),
    ("A meeting on January 3 followed.", "2017-01-05", "2017-01-03"),
    ("On December 30 the truce began.", "2017-01-05", "2016-12-30"),
    ("The offensive of 30 April 2019 broke the deal.", "2019-08-02", "2019-04-30"),
    ("By 10 October 2018 heavy weapons had to go.", "2019-08-02", "2018-10-10"),
    ("Radical groups were to leave by October 15, 2018.", "2019-08-02", "2018-10-15"),
    ("The patrols started March 15.", "2020-03-20", "2020-03-15"),
    ("Joint patrols will start on March 15.", "2020-03-05", "2020-03-15"),
    ("The talks on August 1-2 ended.", "2019-08-06", "2019-08-01"),
    ("In a statement dated 2 August, the guarantors spoke.", "2019-08-06", "2019-08-02"),
    ("The Feb. 27 truce held.", "2016-03-10", "2016-02-27"),
    // Months.
    ("That deal fell apart in April.", "2019-08-02", "2019-04-01/2019-04-30"),
    ("The memorandum they signed last September still stands.", "2019-08-02", "2018-09-01/2018-09-30"),
    ("A truce agreed in February has been broken.", "2016-09-10", "2016-02-01/2016-02-29"),
    ("Under fire since the end of April.", "2019-08-02", "2019-04-01/2019-08-02"),
    ("The protests began in March 2011.", "2019-08-02", "2011-03-01/2011-03-31"),
    ("Since March 2011 the war has killed thousands.", "2019-08-02", "2011-03-01/2019-08-02"),
    ("In early May the offensive began.", "2019-08-02", "2019-05-01/2019-05-31"),
    ("By late July the front had moved.", "2019-08-02", "2019-07-01/2019-07-31"),
    ("The offensive in mid-June stalled.", "2019-08-02", "2019-06-01/2019-06-30"),
    ("The conference may take place in October.", "2019-08-06", "2019-10-01/2019-10-31"),
    ("The vote will be held in November.", "2019-08-06", "2019-11-01/2019-11-30"),
    ("Talks were held in December.", "2019-08-06", "2018-12-01/2018-12-31"),
    ("The memorandum of September 2018 stands.", "2019-08-06", "2018-09-01/2018-09-30"),
    ("During January the siege tightened.", "2017-04-07", "2017-01-01/2017-01-31"),
    ("Last March the town was retaken.", "2017-04-07", "2017-03-01/2017-03-31"),
    ("Last May the town was retaken.", "2017-04-07", "2016-05-01/2016-05-31"),
    ("Next month the talks resume.", "2019-08-02", "2019-09-01/2019-09-30"),
    ("Earlier this month the army advanced.", "2019-08-06", "2019-08-01/2019-08-06"),
    ("This month has been quiet.", "2019-08-06", "2019-08-01/2019-08-31"),
    ("Last month 500 died.", "2019-08-06", "2019-07-01/2019-07-31"),
    ("Earlier in the month shells fell.", "2019-08-06", "2019-08-01/2019-08-06"),
    // Weeks and years.
    ("Last week the rebels withdrew.", "2019-08-02", "2019-07-22/2019-07-28"),
    ("This week the envoy visited.", "2019-08-02", "2019-07-29/2019-08-04"),
    ("Earlier this week the talks opened.", "2019-08-02", "2019-07-29/2019-08-02"),
    ("Next week patrols begin.", "2019-08-02", "2019-08-05/2019-08-11"),
    ("Last year the deal was signed.", "2019-08-02", "2018-01-01/2018-12-31"),
    ("This year the war entered its ninth year.", "2019-08-02", "2019-01-01/2019-12-31"),
    ("Earlier this year the front was calm.", "2019-08-02", "2019-01-01/2019-08-02"),
    ("The war has raged since 2011.", "2019-08-02", "2011-01-01/2019-08-02"),
    ("In 2016 the city fell.", "2019-08-02", "2016-01-01/2016-12-31"),
    ("By 2018 the rebels held only Idlib.", "2019-08-02", "2018-01-01/2018-12-31"),
    ("The 2016 agreement collapsed.", "2019-08-02", "2016-01-01/2016-12-31"),
    ("In early 2012 the fighting spread.", "2019-08-02", "2012-01-01/2012-12-31"),
    ("It happened in the summer of 2013.", "2019-08-02", "2013-01-01/2013-12-31"),
    // Spans back from the publication date.
    ("Over the past 13 days, the army pushed north.", "2019-05-18", "2019-05-05/2019-05-18"),
    ("Over the past week 40 people died.", "2019-08-02", "2019-07-26/2019-08-02"),
    ("In the past 24 hours no strikes were seen.", "2019-08-02", "2019-08-01/2019-08-02"),
    ("During the last three days the truce held.", "2019-08-02", "2019-07-30/2019-08-02"),
    ("The previous two weeks were quiet.", "2019-08-02", "2019-07-19/2019-08-02"),
    ("In the past few days shelling rose.", "2019-08-02", "2019-07-30/2019-08-02"),
    ("In the last month 200 died.", "2019-08-02", "2019-07-02/2019-08-02"),
    ("Two days ago the town fell.", "2019-08-02", "2019-07-31"),
    ("Three weeks ago talks collapsed.", "2019-08-02", "2019-07-12"),
    ("A week ago the convoy left.", "2019-08-02", "2019-07-26"),
    ("Ten days ago a strike hit the market.", "2019-08-02", "2019-07-23"),
    // Durations.
    ("A ceasefire was held for 72 hours.", "2019-05-18", "dur:72"),
    ("The truce will last for a week.", "2019-08-02", "dur:168"),
    ("A 72-hour truce was announced.", "2019-05-18", "dur:72"),
    ("Withdraw within 24 hours.", "2019-08-02", "dur:24"),
    ("Respect the ceasefire for seven days.", "2016-09-10", "dur:168"),
    ("An extension for 48 hours followed.", "2016-09-12", "dur:48"),
    ("A three-day truce began.", "2019-08-02", "dur:72"),
    ("A 30-day ceasefire was demanded.", "2018-02-24", "dur:720"),
    ("After seven days of calm, joint strikes begin.", "2016-09-10", "dur:168"),
    ("For six months the zone should hold.", "2017-05-04", "dur:4380"),
    ("A humanitarian pause lasting five hours.", "2018-02-27", "dur:5"),
    ("For the next 48 hours both sides hold fire.", "2016-09-12", "dur:48"),
    ("After ten days of quiet, aid moved.", "2016-09-12", "dur:240"),
    ("The deal came after a day of negotiations.", "2012-11-21", "dur:unstated"),
    ("Talks went on for two weeks of haggling.", "2012-11-21", "dur:unstated"),
    ("The land had for years been out of reach.", "2012-11-23", "dur:unstated"),
    ("Fighting raged for days before the truce.", "2012-11-23", "dur:unstated"),
    // Without a publication date, only absolute dates resolve.
    ("On Friday airstrikes halted.", "", "unresolved"),
    ("On September 17, 2018 the leaders met.", "", "2018-09-17"),
    ("In 2016 the city fell.", "", "2016-01-01/2016-12-31"),
    ("Earlier this month the army advanced.", "", "unresolved"),
    // Traps: numbers that are not times.
    ("The 13th round of talks opened.", "2019-08-02", "none"),
    ("Traffic resumed on the M5 highway.", "2019-08-02", "none"),
    ("Rebels must retreat 20 kilometres.", "2019-08-02", "none"),
    ("Resolution 2254 calls for a ceasefire.", "2019-08-02", "none"),
    ("Nearly 2,000 combatants were killed.", "2019-08-02", "none"),
    ("A zone 15-20 km deep was agreed.", "2019-08-02", "none"),
    ("$1 a month makes a difference.", "2019-08-02", "none"),
    ("The conflict has killed 370,000 people.", "2019-08-02", "none"),
    ("We might see a minor violation.", "2019-08-02", "none"),
    ("Some 2000 people fled the town.", "2019-08-02", "none"),
    ("Five documents were developed.", "2016-09-10", "none"),
    ("The group has 3000 fighters.", "2019-08-02", "none"),
    ("A 1.5 million population lives there.", "2019-08-02", "none"),
    ("The T4 air base was hit.", "2019-08-02", "none"),
    ("Section 7 of the memorandum applies.", "2019-08-02", "none"),
    ("Route 60 was closed.", "2019-08-02", "none"),
    ("Brigade 47 withdrew.", "2019-08-02", "none"),
    ("A 12.7 mm machine gun fired.", "2019-08-02", "none"),
    ("Over 400,000 people were displaced.", "2019-08-02", "none"),
    ("They may advance further.", "2019-08-02", "none"),
    ("The UN may send observers.", "2019-08-02", "none"),
    ("Article 5 of the agreement.", "2019-08-02", "none"),
    ("Up to 1000 families returned.", "2019-08-02", "none"),
    ("A 24-member committee met.", "2019-08-02", "none"),
];

fn render(sentence: &str, reference: &str) -> String {
    let reference: Option<Date> = if reference.is_empty() { None } else { Some(reference.parse().unwrap()) };
    // The Syria pack's clock: Damascus.
    let clock = Clock { tz: jiff::tz::TimeZone::get("Asia/Damascus").unwrap(), point: [36.29, 33.51] };
    let Some(m) = find_times(sentence, reference, &clock).into_iter().next() else { return "none".into() };
    if m.kind == TimeKind::Duration {
        return m.duration_hours.map_or("dur:unstated".to_string(), |h| format!("dur:{h}"));
    }
    let Some(resolved) = m.resolved() else { return "unresolved".into() };
    match m.time {
        Some(t) if m.kind == TimeKind::Point || m.text.to_lowercase().contains("midnight") => {
            format!("{resolved}+T{:02}:{:02}", t.hour(), t.minute())
        }
        _ => resolved,
    }
}

#[test]
fn the_time_table() {
    assert!(CASES.len() >= 150, "{} cases", CASES.len());
    let mut failures = Vec::new();
    for (sentence, reference, want) in CASES {
        let got = render(sentence, reference);
        if got != *want {
            failures.push(format!("{sentence:?} @ {reference}: want {want}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases fail:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}
