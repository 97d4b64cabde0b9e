//! Assessment acceptance on the seed articles: ingest them into a real SQLite store and check the
//! picture `truce status`, `timeline`, `violations`, `brief` and `export` give of each ceasefire.

mod common;

use std::path::Path;

use common::*;

fn seeded() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let out = run(&db, &["ingest", "-q", seeds().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    (dir, db)
}

fn timeline(db: &Path, id: &str) -> serde_json::Value {
    json(&run(db, &["--json", "timeline", id]))
}

fn transition<'a>(t: &'a serde_json::Value, status: &str) -> Option<&'a serde_json::Value> {
    t["timeline"].as_array().unwrap().iter().find(|x| x["status"] == status)
}

#[test]
fn august_2019_idlib_truce() {
    let (_dir, db) = seeded();
    let t = timeline(&db, "idlib-2019-08");
    let announced = transition(&t, "announced").expect("announced");
    assert_eq!(announced["date"], "2019-08-01");
    assert!(announced["basis"].as_str().unwrap().contains("SANA"), "{announced}");
    assert_eq!(transition(&t, "in_effect").unwrap()["date"], "2019-08-01T21:00+03:00");
    let strained = transition(&t, "strained").expect("violations on 2 August strain it");
    assert_eq!(strained["date"], "2019-08-02");
    let collapsed = transition(&t, "collapsed").expect("collapsed");
    assert_eq!(collapsed["date"], "2019-08-05");
    assert!(collapsed["evidence"][0]["sentence"].as_str().unwrap().contains("resumed strikes"));
    // Conditional: on the Sochi memorandum, and the opposition's reciprocal condition.
    let conditions = t["conditions"].as_array().unwrap();
    assert!(conditions.iter().any(|c| c["text"].as_str().unwrap().contains("Sochi")), "{conditions:?}");
    assert!(conditions.iter().any(|c| c["text"].as_str().unwrap().contains("if the government did")));

    // Violations on 2 August are unattributed (shelling; ground fire near Qardaha).
    let v = json(&run(&db, &["--json", "violations", "--agreement", "idlib-2019-08"]));
    let v = v.as_array().unwrap();
    assert!(
        v.iter().any(|x| x["date"] == "2019-08-02"
            && x["party"] == "unattributed"
            && x["place"].as_str().unwrap().contains("Qard")),
        "{v:?}"
    );
    assert!(v.iter().filter(|x| x["date"] == "2019-08-02").all(|x| x["party"] == "unattributed"));
    // The government's resumed strikes of 5 August break the truce: no stated length had ended it
    // before ("after two days of negotiations" is the talks' length).
    assert!(v.iter().any(|x| x["date"] == "2019-08-05" && x["party"] == "Government of Syria"), "{v:?}");

    // Air strikes halted on 2 August: adherence, reported by the Observatory and the Civil Defence.
    let events = json(&run(&db, &["--json", "events", "--since", "2019-08-02", "--until", "2019-08-02"]));
    let halted = events
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["status"] == "ceased" && e["sub_event_type"] == "Air/drone strike")
        .expect("air strikes halted");
    let sources: Vec<&str> =
        halted["mentions"][0]["sources"].as_array().unwrap().iter().map(|s| s["key"].as_str().unwrap()).collect();
    assert!(
        sources.contains(&"syrian-observatory-for-human-rights") && sources.contains(&"syrian-civil-defence"),
        "{sources:?}"
    );
    let status = json(&run(&db, &["--json", "status"]));
    let idlib = status.as_array().unwrap().iter().find(|a| a["agreement"] == "idlib-2019-08").unwrap();
    assert_eq!(idlib["status"], "collapsed");
    assert!(idlib["adherence"].as_u64().unwrap() >= 1);
}

#[test]
fn sochi_memorandum_is_one_agreement_with_its_width_conflict_and_collapse() {
    let (_dir, db) = seeded();
    let t = timeline(&db, "sochi-2018-09");
    let status = json(&run(&db, &["--json", "status"]));
    let sochi = status.as_array().unwrap().iter().find(|a| a["agreement"] == "sochi-2018-09").unwrap();
    assert_eq!(sochi["documents"], 4, "{sochi}");
    let width =
        sochi["conflicts"].as_array().unwrap().iter().find(|c| c["field"] == "width_km").expect("width conflict");
    let values: Vec<&str> = width["values"].as_array().unwrap().iter().map(|v| v[0].as_str().unwrap()).collect();
    assert!(values.contains(&"20") && values.iter().any(|v| v.starts_with("15")), "{values:?}");
    let collapsed = transition(&t, "collapsed").expect("fell apart in April");
    assert_eq!(collapsed["date"], "2019-04");
    // Deadlines at each date: pending before 10 October 2018, judged after.
    let early = json(&run(&db, &["--json", "timeline", "sochi-2018-09", "--on", "2018-10-01"]));
    let heavy = |t: &serde_json::Value| {
        t["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["text"].as_str().unwrap().contains("10 October"))
            .unwrap()["state"]
            .clone()
    };
    assert_eq!(heavy(&early), "pending");
    assert_ne!(heavy(&t), "pending");
    assert!(transition(&early, "collapsed").is_none());
}

#[test]
fn september_2016_arrangement_starts_at_sundown_with_its_seven_day_condition_pending() {
    let (_dir, db) = seeded();
    let seven_days = |t: &serde_json::Value| {
        t["conditions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["text"].as_str().unwrap().contains("seven"))
            .unwrap()
            .clone()
    };
    // As it stood when the seeds were written (10 September): the seven days had not begun.
    let then = json(&run(&db, &["--json", "timeline", "us-russia-2016-09", "--on", "2016-09-11"]));
    assert_eq!(transition(&then, "in_effect"), None, "it started on the 12th");
    assert_eq!(seven_days(&then)["state"], "pending", "{then}");
    assert!(seven_days(&then)["detail"].as_str().unwrap().contains("0 of 7"));
    // Today: it began at sundown on the 12th; the seeds end before its first day, so the seven days are
    // unobserved, and the registry's record that it collapsed on the 19th is hindsight, kept apart.
    let t = timeline(&db, "us-russia-2016-09");
    assert_eq!(transition(&t, "in_effect").unwrap()["date"], "2016-09-12T19:00+03:00");
    assert_eq!(seven_days(&t)["state"], "pending", "{t}");
    assert_eq!(transition(&t, "collapsed"), None, "{t}");
    let recorded = t["recorded"].as_array().unwrap();
    assert!(recorded.iter().any(|r| r["status"] == "collapsed"
        && r["date"] == "2016-09-19"
        && r["basis"].as_str().unwrap().starts_with("the pack's registry")));
}

/// The registry's record of how an agreement ended is hindsight beside the monitored status, which
/// follows the reports: Sochi collapsed in April 2019 by a report (and the August violations of another
/// truce do not revive it), the August 2019 truce by its reports; as of a date, nothing later shows.
#[test]
fn the_registry_record_is_hindsight_and_the_past_does_not_see_the_future() {
    let (_dir, db) = seeded();
    let status = json(&run(&db, &["--json", "status"]));
    let row = |id: &str| status.as_array().unwrap().iter().find(|a| a["agreement"] == id).unwrap().clone();
    for (id, state, since) in [("sochi-2018-09", "collapsed", "2019-04"), ("idlib-2019-08", "collapsed", "2019-08-05")]
    {
        assert_eq!((row(id)["status"].as_str().unwrap(), row(id)["since"].as_str().unwrap()), (state, since), "{id}");
        assert!(!row(id)["basis"].as_str().unwrap().contains("registry"), "{id}: {}", row(id));
    }
    // No status comes from the registry's record; each record is shown beside the status.
    for r in status.as_array().unwrap() {
        assert!(!r["basis"].as_str().unwrap_or("").starts_with("the pack's registry:"), "{r}");
    }
    assert_eq!(row("coh-2016-02")["recorded"], "recorded: collapsed 2016-04-22 (registry)");
    let early = json(&run(&db, &["--json", "timeline", "coh-2016-02", "--on", "2016-03-05"]));
    let statuses: Vec<&str> =
        early["timeline"].as_array().unwrap().iter().map(|t| t["status"].as_str().unwrap()).collect();
    assert!(!statuses.contains(&"collapsed"), "{statuses:?}");
    let aug = json(&run(&db, &["--json", "timeline", "idlib-2019-08", "--on", "2019-08-01"]));
    let dates: Vec<&str> = aug["timeline"].as_array().unwrap().iter().map(|t| t["date"].as_str().unwrap()).collect();
    assert!(dates.iter().all(|d| &d[..10] <= "2019-08-01"), "{dates:?}");
    for c in aug["conditions"].as_array().unwrap() {
        assert!(c["since"].as_str().is_none_or(|s| s <= "2019-08-01"), "a condition judged later: {c}");
    }
}

#[test]
fn a_relayed_claim_counts_as_its_speaker() {
    let (_dir, db) = seeded();
    let t = json(&run(&db, &["--json", "status"]));
    let may = t.as_array().unwrap().iter().find(|a| a["agreement"] == "idlib-2019-05-72h").unwrap();
    assert_eq!(may["documents"], 1);
    let brief = stdout(&run(&db, &["brief", "--agreement", "idlib-2019-05-72h"]));
    assert!(
        brief.contains("field officer of the Assad forces (quoted by Sputnik)")
            || brief.contains("(quoted by Sputnik)"),
        "{brief}"
    );
}

#[test]
fn brief_and_exports() {
    let (_dir, db) = seeded();
    let brief = stdout(&run(&db, &["brief", "--agreement", "idlib-2019-08"]));
    assert!(brief.contains("**Status: collapsed**") && brief.contains("## Open contradictions"), "{brief}");
    assert!(
        brief.contains("004_5c82e2da5f2ff8c7 (Al-Monitor), bytes 5369..5483: “"),
        "every statement cites its evidence"
    );
    assert!(
        brief.contains("**Status: collapsed** since 2019-08-05: reported collapsed"),
        "the status and why: {brief}"
    );
    assert!(brief.contains("Ahmad Toma, Syrian opposition: “If the regime commits"), "what the parties said");
    // Every document the page cites is in its list of sources.
    let (_, sources) = brief.split_once("## Sources").expect("a sources section");
    let (sources, notes) = sources.split_once("[^1]:").expect("footnotes");
    for note in notes.split("[^").skip(1) {
        let cited = note.split_once("]: ").unwrap().1.split([' ', ',']).next().unwrap();
        assert!(sources.contains(&format!("- {cited}: ")), "{cited} is cited but not among the sources");
    }
    let page = json(&run(&db, &["brief", "--agreement", "idlib-2019-08", "--format", "json"]));
    assert_eq!(page["status"], "collapsed");
    assert_eq!(page["sources"].as_array().unwrap().len(), sources.lines().filter(|l| l.starts_with("- ")).count());
    // Values as a person writes them: no JSON quotes, no "48.0", no signed distances, adherence as "held".
    assert!(brief.contains("- announced: 2019-08-01 ("), "{brief}");
    // "Agreed upon after two days of negotiations" measures the talks, not the truce: the August 2019
    // truce was open-ended, and the page states no length.
    assert!(!brief.contains("- duration:") && !brief.contains("ran out"), "{brief}");
    assert!(!brief.contains("\"2019") && !brief.contains(".0 hours") && !brief.contains("-0 km"), "{brief}");
    assert!(!brief.contains("km from its edge") && brief.contains("km inside its edge"), "{brief}");
    assert!(brief.contains("Government of Syria held: no air/drone strike reported"), "{brief}");
    // The war's toll as two reports give it, each with its date and source.
    let all = stdout(&run(&db, &["brief"]));
    assert!(all.contains("370000") && all.contains("400000") && all.contains("2016-09-10"), "{all}");
    // Without an agreement named, an index of one line each, not every page run together.
    assert!(all.starts_with("# Agreements in the reports") && all.contains("- **idlib-2019-08** "), "{all}");
    assert!(all.split_whitespace().count() < 1500, "{} words", all.split_whitespace().count());
    let html = stdout(&run(&db, &["brief", "--agreement", "idlib-2019-08", "--format", "html"]));
    assert!(html.starts_with("<!doctype html>") && html.contains("<h1>") && html.contains("<style>"), "{html}");
    assert!(html.contains("footnote-definition") && html.contains("@media print"), "{html}");
    let csv = stdout(&run(&db, &["export", "--format", "acled-csv"]));
    let header = csv.lines().next().unwrap();
    assert!(
        header
            .starts_with("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1")
    );
    assert!(csv.lines().count() > 5);
    // Every row has a date (column 2), unless undated events are asked for as well.
    let dated = |csv: &str| csv.lines().skip(1).filter(|l| l.split(',').nth(1).is_some_and(|d| !d.is_empty())).count();
    assert_eq!(dated(&csv), csv.lines().count() - 1, "{csv}");
    let with_undated = stdout(&run(&db, &["export", "--format", "acled-csv", "--include-undated"]));
    let events = json(&run(&db, &["--json", "events"]));
    let undated =
        events.as_array().unwrap().iter().filter(|e| e["status"] == "occurred" && e["event_date"].is_null()).count();
    assert_eq!(with_undated.lines().count(), csv.lines().count() + undated);
    assert_eq!(dated(&with_undated), dated(&csv));
    assert!(csv.contains(",Military Forces of Syria (2000-2024),"), "ACLED's actor names: {csv}");
    let geo = json(&run(&db, &["export", "--format", "geojson"]));
    let features = geo["features"].as_array().unwrap();
    assert!(features.iter().any(|f| f["properties"]["layer"] == "zone"));
    assert!(features.iter().any(|f| f["properties"]["layer"] == "event" && f["geometry"]["type"] == "Point"));
}

#[test]
fn reassessment_is_incremental_and_matches_a_full_rebuild() {
    let (_dir, db) = seeded();
    let before = json(&run(&db, &["--json", "status"]));
    // Nothing new: nothing reassessed.
    let again = json(&run(&db, &["--json", "assess"]));
    assert_eq!(again["documents"], 0);
    let full = json(&run(&db, &["--json", "assess", "--full"]));
    assert_eq!(full["documents"], 5);
    assert_eq!(json(&run(&db, &["--json", "status"])), before);
}

#[test]
fn demo_runs_on_the_examples() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(&dir.path().join("demo.db"), &["demo"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("ingested 11"), "{text}");
    assert!(text.contains("idlib-2019-08") && text.contains("collapsed"));
    assert!(text.contains("# Conditional ceasefire in the Idlib de-escalation zone"));
}

/// Words from an article are text in a brief, never markup: a page's `<svg onload=...>` or a
/// Markdown link in a reported sentence comes out escaped in Markdown and in HTML.
#[test]
fn briefs_show_hostile_markup_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let input = dir.path().join("hostile.jsonl");
    let doc = serde_json::json!({
        "id": "hostile_1",
        "source": "Example Wire",
        "published": "2019-08-03",
        "title": "Truce in Idlib",
        "text": "A ceasefire in Idlib took effect on Thursday, the government said. Shelling <svg onload=alert(1)> \
                 killed two **civilians** in Khan Sheikhoun on Friday, breaking the ceasefire, according to the \
                 [Observatory](javascript:alert(1))."
    });
    std::fs::write(&input, format!("{doc}\n")).unwrap();
    let out = run(&db, &["ingest", "-q", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let status = json(&run(&db, &["--json", "status"]));
    let id = status.as_array().unwrap().iter().find(|a| a["documents"] != 0).expect("an agreement")["agreement"]
        .as_str()
        .unwrap()
        .to_owned();
    let md = stdout(&run(&db, &["brief", "--agreement", &id]));
    assert!(md.contains(r"Shelling \<svg onload=alert(1)\>"), "{md}");
    assert!(md.contains(r"\[Observatory\](javascript:alert(1))") && md.contains(r"\*\*civilians\*\*"), "{md}");
    assert!(!md.replace(r"\<", "").contains('<'), "no unescaped angle bracket: {md}");
    let html = stdout(&run(&db, &["brief", "--agreement", &id, "--format", "html"]));
    assert!(html.contains("Shelling &lt;svg onload=alert(1)&gt;") && !html.contains("<svg"), "{html}");
    assert!(html.contains("**civilians**") && !html.contains("javascript:alert(1)\""), "{html}");
    assert!(!html.contains("href=\"javascript"), "{html}");
}

/// An update writes and judges the events it touched every few thousand documents, so that memory
/// stays bounded on a first ingest of millions: flushing after every document or never in between gives
/// the same events, verdicts, agreements and contradictions.
#[test]
fn flushing_often_or_once_gives_the_same_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let out = run(&db, &["ingest", "-q", fakes().to_str().unwrap(), seeds().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let packs = truce_pack::Packs::from(truce_pack::Pack::builtin("syria").unwrap());
    let mut tables = Vec::new();
    for every in [1, 7, 100_000] {
        let mut store = truce_store::SqliteStore::open(&db).unwrap();
        let summary =
            truce_assess::Assessor::new(&packs).flushing_every(every).rebuild(store.connection_mut()).unwrap();
        assert!(summary.events_merged > 100, "FA-KES reports merge: {summary:?}");
        tables.push(rows(
            &db,
            &[
                "SELECT id || ' ' || data FROM assess_events ORDER BY id",
                "SELECT agreement || ' ' || event || ' ' || kind || ' ' || party || ' ' || data FROM assess_verdicts
                 ORDER BY agreement, event, kind, party, data",
                "SELECT id || ' ' || coalesce(status, '') || ' ' || coalesce(assessment, '') FROM assess_agreements
                 ORDER BY id",
                "SELECT data FROM assess_contradictions ORDER BY ceased, occurred",
            ],
        ));
    }
    assert!(tables[0].len() > 1000, "{} rows", tables[0].len());
    for (every, t) in [7, 100_000].iter().zip(&tables[1..]) {
        assert_same_rows(&tables[0], t, &format!("flushing every {every} documents against every document"));
    }
}

/// ACLED codes only events of a known day: undated events leave the CSV unless asked for.
#[test]
fn acled_rows_are_dated_unless_undated_events_are_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let input = shared().join("corpus/agreements-dev/docs.jsonl");
    let out = run(&db, &["ingest", "-q", input.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let csv = stdout(&run(&db, &["export", "--format", "acled-csv"]));
    let all = stdout(&run(&db, &["export", "--format", "acled-csv", "--include-undated"]));
    let undated = |csv: &str| csv.lines().skip(1).filter(|l| l.split(',').nth(1) == Some("")).count();
    assert_eq!(undated(&csv), 0, "{csv}");
    assert!(undated(&all) > 0 && all.lines().count() == csv.lines().count() + undated(&all), "{all}");
}

/// The May 2019 negotiations are a proposal, shown as proposed beside the 72-hour truce they led to.
#[test]
fn a_proposal_is_proposed_and_linked_to_the_truce_it_led_to() {
    let (_dir, db) = seeded();
    let rows = json(&run(&db, &["--json", "status"]));
    let row = |id: &str| rows.as_array().unwrap().iter().find(|a| a["agreement"] == id).cloned().unwrap();
    let proposal = row("syria-hama-2019-w20-ceasefire");
    assert_eq!(proposal["status"], "proposed", "{proposal}");
    assert_eq!(proposal["led_to"], "idlib-2019-05-72h", "{proposal}");
    assert_eq!(row("idlib-2019-05-72h")["proposed_as"], "syria-hama-2019-w20-ceasefire");
    // Every other agreement was agreed: none is a proposal. As the seeds tell it, the February 2016
    // cessation was broken, September's began, Sochi collapsed; the registry's record of the 2016
    // collapses stands beside, not in, those statuses.
    for (id, status, since, recorded) in [
        ("coh-2016-02", "strained", "2016-09", Some("recorded: collapsed 2016-04-22 (registry)")),
        ("us-russia-2016-09", "in_effect", "2016-09-12", Some("recorded: collapsed 2016-09-19 (registry)")),
        ("sochi-2018-09", "collapsed", "2019-04", Some("recorded: collapsed 2019-04-30 (registry)")),
    ] {
        let r = row(id);
        assert_eq!(r["status"], status, "{r}");
        assert!(r["since"].as_str().unwrap().starts_with(since), "{r}");
        assert_eq!(r["recorded"].as_str(), recorded, "{r}");
    }
    let brief = stdout(&run(&db, &["brief", "--agreement", "syria-hama-2019-w20-ceasefire"]));
    assert!(brief.contains("**Status: proposed**") && brief.contains("It led to **idlib-2019-05-72h**"), "{brief}");
}

/// ACLED's codebook columns (2023 onwards), in its order, with the values each may take: the export
/// loads as ACLED data.
#[test]
fn acled_export_follows_the_codebook() {
    const CODEBOOK: &[&str] = &[
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "inter1",
        "actor2",
        "assoc_actor_2",
        "inter2",
        "interaction",
        "civilian_targeting",
        "iso",
        "region",
        "country",
        "admin1",
        "admin2",
        "admin3",
        "location",
        "latitude",
        "longitude",
        "geo_precision",
        "source",
        "source_scale",
        "notes",
        "fatalities",
        "tags",
        "timestamp",
    ];
    const EVENT_TYPES: &[&str] = &[
        "Battles",
        "Protests",
        "Riots",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Strategic developments",
    ];
    let unix_now = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let before = unix_now();
    let (_dir, db) = seeded();
    let csv = stdout(&run(&db, &["export", "--format", "acled-csv"]));
    let after = unix_now();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, CODEBOOK);
    let col = |name: &str| CODEBOOK.iter().position(|c| *c == name).unwrap();
    let mut rows = 0;
    for row in reader.records() {
        let row = row.expect("a well-formed CSV row");
        rows += 1;
        let get = |name: &str| row.get(col(name)).unwrap().to_owned();
        let date: jiff::civil::Date = get("event_date").parse().expect("an ISO date");
        assert_eq!(get("year"), date.year().to_string());
        assert!(["1", "2", "3"].contains(&get("time_precision").as_str()));
        assert!(
            ["Political violence", "Demonstrations", "Strategic developments"].contains(&get("disorder_type").as_str())
        );
        assert!(EVENT_TYPES.contains(&get("event_type").as_str()), "{row:?}");
        for inter in ["inter1", "inter2"] {
            assert!(get(inter).is_empty() || (1..=8).contains(&get(inter).parse::<u8>().unwrap()), "{row:?}");
        }
        let interaction = get("interaction");
        assert!(interaction.is_empty() || interaction.parse::<u8>().is_ok_and(|i| (10..=88).contains(&i)), "{row:?}");
        assert!(["", "Civilian targeting"].contains(&get("civilian_targeting").as_str()));
        for (c, lo, hi) in [("latitude", -90.0, 90.0), ("longitude", -180.0, 180.0)] {
            let v = get(c);
            assert!(v.is_empty() || v.parse::<f64>().is_ok_and(|x| (lo..=hi).contains(&x)), "{row:?}");
        }
        assert!(get("geo_precision").is_empty() || ["1", "2", "3"].contains(&get("geo_precision").as_str()));
        get("fatalities").parse::<u64>().expect("fatalities are a count");
        // When the row was written (by this test's ingest), not when its reports were published.
        assert!(get("timestamp").parse::<i64>().is_ok_and(|t| before - 1 <= t && t <= after + 1), "{row:?}");
        assert!(get("event_id_cnty").ends_with(|c: char| c.is_ascii_digit()));
        assert!(!get("notes").is_empty() && !get("source").is_empty(), "{row:?}");
    }
    assert!(rows > 5, "{csv}");
}

#[test]
fn running_totals_that_differ_are_listed_and_event_tolls_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let lines = [
        serde_json::json!({"id": "total-a", "published": "2018-03-01", "source": "Wire A",
            "text": "The war has killed more than 370,000 people since it began, a monitor said on Thursday."}),
        // A day later (a toll that grew over a month would be no disagreement).
        serde_json::json!({"id": "total-b", "published": "2018-03-02", "source": "Wire B",
            "text": "The conflict has so far claimed some 400,000 lives, according to the United Nations."}),
        serde_json::json!({"id": "toll-c", "published": "2018-04-02", "source": "Wire C",
            "text": "An air strike killed 12 people in Ariha on Monday, rescuers said."}),
    ];
    // Two ingests: the totals are kept by incremental assessment, document by document.
    for range in [&lines[..1], &lines[1..]] {
        let part = dir.path().join("part.jsonl");
        std::fs::write(&part, range.iter().map(|l| l.to_string()).collect::<Vec<_>>().join("\n")).unwrap();
        let out = run(&db, &["ingest", "-q", part.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let figures = |db: &Path| json(&run(db, &["brief", "--format", "json"]))["figures"].clone();
    let incremental = figures(&db);
    let conflicts = incremental.as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{incremental}");
    let claims = conflicts[0]["claims"].as_array().unwrap();
    let values: Vec<u64> = claims.iter().map(|c| c["value"].as_u64().unwrap()).collect();
    assert_eq!(values, [370_000, 400_000]);
    assert_eq!(claims[1]["published"], "2018-03-02");
    assert!(claims[0]["evidence"]["sentence"].as_str().unwrap().contains("since it began"));
    // A full rebuild finds the same.
    let out = run(&db, &["assess", "--full"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(figures(&db), incremental);
    // A store assessed before the totals were kept gets them from its migration.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TABLE assess_figures; DROP INDEX records_quote_speaker; ALTER TABLE assess_events DROP COLUMN written;
         PRAGMA user_version = 9;",
    )
    .unwrap();
    drop(conn);
    // The migration's claims were made before claims carried their country and who they count: the
    // same reports, values and days.
    let essentials = |f: serde_json::Value| -> Vec<(serde_json::Value, serde_json::Value, serde_json::Value)> {
        f.as_array().unwrap()[0]["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["doc"].clone(), c["value"].clone(), c["published"].clone()))
            .collect()
    };
    assert_eq!(essentials(figures(&db)), essentials(incremental));
}

/// A government air strike inside Aleppo during the September 2016 arrangement breaks both its
/// nationwide halt to fighting and its sub-type prohibition of air strikes; shelling breaks only the
/// first.
#[test]
fn an_aleppo_air_strike_during_the_september_2016_truce_violates_halt_air_strikes() {
    let (dir, db) = seeded();
    let reports = dir.path().join("reports.jsonl");
    let line = |id: &str, what: &str| {
        serde_json::json!({
            "id": id,
            "title": "Attacks on rebel-held Aleppo despite the truce",
            "published": "2016-09-14",
            "source": "Test Wire",
            "text": format!("ALEPPO, Syria (Test Wire) - {what} the rebel-held eastern districts of Aleppo on Wednesday, killing three civilians, a monitor said, despite the truce brokered by the United States and Russia."),
        })
        .to_string()
    };
    std::fs::write(
        &reports,
        [
            line("air", "Syrian government warplanes carried out air strikes on"),
            line("shells", "Syrian government artillery shelled"),
        ]
        .join("\n"),
    )
    .unwrap();
    let out = run(&db, &["ingest", "-q", reports.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v = json(&run(&db, &["--json", "violations", "--agreement", "us-russia-2016-09"]));
    let provisions = |sub: &str| -> Vec<String> {
        let mut p: Vec<String> = v
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["sub_event_type"] == sub && x["date"] == "2016-09-14")
            .map(|x| {
                assert_eq!(x["party"], "Government of Syria", "{x}");
                x["provision"].as_str().unwrap().to_owned()
            })
            .collect();
        p.sort();
        p
    };
    assert_eq!(provisions("Air/drone strike"), ["cease_hostilities", "halt_air_strikes"], "{v:#}");
    assert_eq!(provisions("Shelling/artillery/missile attack"), ["cease_hostilities"], "{v:#}");
}

/// Twice the signed area of a GeoJSON ring (positive when counter-clockwise).
fn ring_area(ring: &serde_json::Value) -> f64 {
    let points: Vec<(f64, f64)> =
        ring.as_array().unwrap().iter().map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap())).collect();
    points.windows(2).map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1).sum()
}

/// GeoJSON as RFC 7946 asks: an area's outer ring counter-clockwise and its holes clockwise (the
/// Syria pack writes Idlib's clockwise); an export holds the theatre's zones only when it covers the
/// theatre (none beside Ukrainian events alone), and an agreement's export its own zones.
#[test]
fn geojson_rings_turn_as_rfc_7946_asks_and_zones_stay_in_their_theatre() {
    let (dir, db) = seeded();
    let report = dir.path().join("kharkiv.jsonl");
    let line = serde_json::json!({
        "id": "kharkiv", "title": "Shelling in Kharkiv", "published": "2022-03-01", "source": "Test Wire",
        "text": "KHARKIV, Ukraine (Test Wire) - Russian artillery shelled the centre of Kharkiv on Tuesday, killing two civilians, Ukrainian officials said.",
    });
    std::fs::write(&report, line.to_string()).unwrap();
    let out = run(&db, &["ingest", "-q", report.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let layer = |geo: &serde_json::Value, layer: &str| -> Vec<serde_json::Value> {
        geo["features"].as_array().unwrap().iter().filter(|f| f["properties"]["layer"] == layer).cloned().collect()
    };
    let all = json(&run(&db, &["export", "--format", "geojson"]));
    let zones = layer(&all, "zone");
    let mut areas = 0;
    for z in &zones {
        if z["geometry"]["type"] == "Polygon" {
            let rings = z["geometry"]["coordinates"].as_array().unwrap();
            assert!(ring_area(&rings[0]) > 0.0, "outer ring clockwise: {}", z["properties"]["id"]);
            assert!(
                rings[1..].iter().all(|h| ring_area(h) < 0.0),
                "a hole counter-clockwise: {}",
                z["properties"]["id"]
            );
            areas += 1;
        }
    }
    assert!(areas >= 1, "{zones:?}");
    let ukraine = json(&run(&db, &["export", "--format", "geojson", "--country", "ua"]));
    assert!(!layer(&ukraine, "event").is_empty(), "{ukraine:#}");
    assert!(layer(&ukraine, "event").iter().all(|e| e["properties"]["country"] == "UA"), "{ukraine:#}");
    assert!(layer(&ukraine, "zone").is_empty(), "Syrian zones beside Ukrainian events: {ukraine:#}");
    let idlib = json(&run(&db, &["export", "--format", "geojson", "--agreement", "idlib-2019-08"]));
    let ids: Vec<String> = layer(&idlib, "zone").iter().map(|z| z["properties"]["id"].to_string()).collect();
    assert_eq!(ids, ["\"idlib-de-escalation-area\""], "{idlib:#}");
    let csv = run(&db, &["export", "--format", "acled-csv", "--since", "2020-01-01", "--until", "2019-01-01"]);
    assert_eq!(csv.status.code(), Some(2), "{}", stderr(&csv));
}

/// The brief attributes right: an inferred day says so and whence, a source's anonymity is no
/// condition, and two sources that say opposite things of one day are an open contradiction naming
/// both.
#[test]
fn the_brief_marks_inferences_and_lists_opposite_claims_with_both_sources() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let reports = dir.path().join("two.jsonl");
    let line = |id: &str, source: &str, text: &str| {
        serde_json::json!({"id": id, "title": "The truce", "published": "2014-08-06", "source": source, "text": text})
            .to_string()
    };
    std::fs::write(
        &reports,
        [
            line("wire-a", "Wire A", "GAZA CITY (Wire A) - A truce between Israel and Hamas was holding on Wednesday, two officials said, speaking on condition of anonymity."),
            line("wire-b", "Wire B", "GAZA CITY (Wire B) - The truce between Israel and Hamas collapsed on Wednesday as rockets were fired at Israeli towns."),
        ]
        .join("\n"),
    )
    .unwrap();
    // Read with the Syria pack alone: no registry knows this truce, so its announcement is inferred.
    let out = run(&db, &["--pack", "syria", "ingest", "-q", reports.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let status = json(&run(&db, &["--pack", "syria", "--json", "status"]));
    let id = status[0]["agreement"].as_str().unwrap().to_owned();
    let brief = stdout(&run(&db, &["--pack", "syria", "brief", "--agreement", &id]));
    assert!(brief.contains("- announced: 2014-08-06 (inferred: the publication date of wire-a, wire-b)"), "{brief}");
    assert!(brief.contains("**announced** — inferred: the publication date"), "{brief}");
    assert!(brief.contains("## Conditions\n\n- none reported"), "a source's anonymity is no condition: {brief}");
    assert!(
        brief.contains("- status on 2014-08-06: Wire A says in effect [^1] versus Wire B says collapsed [^2]"),
        "{brief}"
    );
    assert!(!brief.contains("## Open contradictions\n\n- none"), "{brief}");
}

/// An agreement the registry does not hold is judged too: by its wording (a truce halts fire, a
/// worded halt to air strikes is its own provision with its sentence), where the reports place it,
/// from the day after an unclocked start; one strike is one violation whatever it breaks.
#[test]
fn a_truce_no_pack_knows_is_judged_by_its_wording() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("truce.db");
    let reports = dir.path().join("gaza.jsonl");
    let line = |id: &str, published: &str, text: &str| {
        serde_json::json!({"id": id, "title": "Gaza", "published": published, "source": "Test Wire", "text": text})
            .to_string()
    };
    std::fs::write(
        &reports,
        [
            line("gz-a", "2014-08-05", "GAZA CITY, Gaza Strip (Test Wire) - Israel and Hamas agreed to a three-day truce in Gaza that took effect at 8 a.m. on Tuesday. Under the truce Israel will halt air strikes on the Gaza Strip."),
            line("gz-b", "2014-08-07", "GAZA CITY, Gaza Strip (Test Wire) - Israeli warplanes carried out an air strike on Gaza City on Thursday, killing two people despite the truce, witnesses said."),
        ]
        .join("\n"),
    )
    .unwrap();
    // With the Syria pack alone no registry knows the truce.
    let out = run(&db, &["--pack", "syria", "ingest", "-q", reports.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let status = json(&run(&db, &["--pack", "syria", "--json", "status"]));
    let row = &status[0];
    assert!(row["judged"].as_array().unwrap().iter().any(|j| j == "halt_air_strikes"), "{row:#}");
    assert_eq!(row["violations_by_party"]["Israel"], 1, "{row:#}");
    let violations = json(&run(&db, &["--pack", "syria", "--json", "violations"]));
    let provisions: Vec<&str> =
        violations.as_array().unwrap().iter().map(|v| v["provision"].as_str().unwrap()).collect();
    assert_eq!(provisions, ["cease_hostilities", "halt_air_strikes"], "{violations:#}");
    let id = row["agreement"].as_str().unwrap();
    let brief = stdout(&run(&db, &["--pack", "syria", "brief", "--agreement", id]));
    assert!(brief.contains("- provision: halt air strikes (in gz-a; judged against events)"), "{brief}");
    assert!(brief.contains("- judged against events: cease hostilities, halt air strikes"), "{brief}");

    // With every pack, the Gaza registry holds the truce of those days (it records no terms), and it
    // is judged by its wording all the same: the strike breaks it.
    let all = dir.path().join("all.db");
    let out = run(&all, &["ingest", "-q", reports.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let status = json(&run(&all, &["--json", "status"]));
    let row = status
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["agreement"] == "gaza-truce-2014-08-05")
        .expect("the registry's truce");
    assert_eq!(row["violations_by_party"]["Israel"], 1, "{row:#}");
}
