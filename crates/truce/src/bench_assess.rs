//! `truce bench assess`: a store of synthetic events over synthetic agreements, then the times of
//! `status`, `timeline` and of the incremental reassessment after one more article.

use std::time::Instant;

use anyhow::Result;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;
use truce_assess::agreements::{Decided, StatusClaim};
use truce_assess::compliance::{self, Rule};
use truce_assess::input::{DocRecords, DocumentIn, EventIn, Evidence};
use truce_assess::persist::{self, read};
use truce_assess::{AgreementView, Assessor, Event};
use truce_pack::{Pack, Packs};
use truce_store::SqliteStore;

#[derive(Serialize)]
pub struct AssessBenchReport {
    pub events: usize,
    pub agreements: usize,
    pub verdicts: usize,
    pub load_seconds: f64,
    pub status_ms: f64,
    pub timeline_ms: f64,
    pub incremental_ms: f64,
    pub incremental_article: String,
}

/// A small deterministic generator (xorshift): the benchmark must build the same store every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const KINDS: &[(&str, &str)] = &[
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Violence against civilians", "Attack"),
];

pub fn run(
    pack_id: &str,
    events: usize,
    agreements: usize,
    article: &str,
    db: Option<&std::path::Path>,
) -> Result<AssessBenchReport> {
    let loaded = crate::kb::load_packs(pack_id)?;
    // The synthetic store is drawn from one theatre: the pack with the largest registry, whose rules
    // the benchmark exercises most.
    let pack: &Pack = loaded.iter().max_by_key(|p| p.agreements.len()).expect("at least one pack");
    let packs = &Packs::from(crate::kb::load_pack(&pack.meta.id).or_else(|_| crate::kb::load_pack(pack_id))?);
    let dir = tempfile::tempdir()?;
    let path = db.map(|p| p.to_path_buf()).unwrap_or_else(|| dir.path().join("bench.db"));
    let _ = std::fs::remove_file(&path);
    let mut store = SqliteStore::open(&path)?;
    let towns: Vec<&truce_pack::Place> =
        pack.places.iter().filter(|p| p.kind == truce_pack::PlaceKind::Town && p.admin1.is_some()).collect();
    // Four of the pack's fighting actors: a state first, as the parties of the synthetic agreement.
    let mut fighters: Vec<&truce_pack::Actor> =
        pack.actors.iter().filter(|a| matches!(a.kind.as_str(), "state" | "rebel_group" | "jihadist_group")).collect();
    fighters.sort_by_key(|a| a.kind != "state");
    let actors: Vec<&str> = fighters.iter().take(4).map(|a| a.name.as_str()).collect();
    anyhow::ensure!(actors.len() >= 2, "pack {pack_id} has fewer than two fighting actors to benchmark with");
    let start: Date = "2016-01-01".parse()?;
    let days = 5 * 365;
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let doc = DocRecords {
        document: DocumentIn {
            doc: "synthetic".into(),
            title: None,
            published: None,
            duplicate_of: None,
            country: None,
            source: Some("synthetic wire".into()),
        },
        events: Vec::new(),
        agreements: Vec::new(),
        mentions: Vec::new(),
        figures: Vec::new(),
    };
    let began = Instant::now();
    let mut verdicts = 0;
    {
        let conn = store.connection_mut();
        let tx = conn.transaction()?;
        // Agreements: each over one governorate for 30 days, bound to two parties.
        let mut all_rules: Vec<Rule> = Vec::new();
        // The pack's own agreements, as a first update would store them.
        for a in &pack.agreements {
            let view = AgreementView::new(packs, &a.id, None);
            let rules = compliance::rules(packs, &view);
            persist::save_view(&tx, &view, &rules)?;
            all_rules.extend(rules);
        }
        let boxes: Vec<[f64; 4]> = all_rules.iter().map(|r| compliance::rule_bbox(packs, r)).collect();
        for i in 0..agreements {
            let town = towns[rng.below(towns.len() as u64) as usize];
            let from = start.saturating_add((rng.below(days - 30) as i64).days());
            let mut view =
                AgreementView::new(packs, &format!("synthetic-{i:03}"), Some(&format!("Synthetic ceasefire {i}")));
            view.fields.insert(
                "type".into(),
                Decided {
                    value: "ceasefire".into(),
                    how: "stated".into(),
                    docs: vec!["synthetic".into()],
                    ..Decided::default()
                },
            );
            view.fields.insert(
                "announced".into(),
                Decided {
                    value: from.to_string().into(),
                    how: "stated".into(),
                    docs: vec!["synthetic".into()],
                    ..Decided::default()
                },
            );
            view.fields.insert(
                "effective_from".into(),
                Decided {
                    value: format!("{from}T00:00+03:00").into(),
                    how: "stated".into(),
                    docs: vec!["synthetic".into()],
                    ..Decided::default()
                },
            );
            view.fields.insert(
                "duration_hours".into(),
                Decided {
                    value: (30.0 * 24.0).into(),
                    how: "stated".into(),
                    docs: vec!["synthetic".into()],
                    ..Decided::default()
                },
            );
            view.scope = vec![town.admin1.clone().unwrap_or_default()];
            view.parties = vec![actors[0].into(), actors[1].into()];
            view.documents = vec!["synthetic".into()];
            view.last_report = Some(from.saturating_add(40.days()).to_string());
            view.claims.push(StatusClaim {
                status: "agreed".into(),
                date: Some(from.to_string()),
                date_basis: "stated (day)".into(),
                doc: "synthetic".into(),
                published: Some(from.to_string()),
                sources: Vec::new(),
                evidence: Evidence {
                    doc: "synthetic".into(),
                    start: 0,
                    end: 10,
                    sentence: "A ceasefire was agreed.".into(),
                },
            });
            let rules = compliance::rules(packs, &view);
            persist::save_view(&tx, &view, &rules)?;
            all_rules.extend(rules);
        }
        for id in 1..=events {
            let town = towns[rng.below(towns.len() as u64) as usize];
            let (event_type, sub) = KINDS[rng.below(KINDS.len() as u64) as usize];
            let day = start.saturating_add((rng.below(days) as i64).days()).to_string();
            let actor =
                if rng.below(4) == 0 { None } else { Some(actors[rng.below(actors.len() as u64) as usize].to_owned()) };
            let e = EventIn {
                doc: "synthetic".into(),
                status: if rng.below(10) == 0 { "ceased".into() } else { "occurred".into() },
                event_type: event_type.into(),
                sub_event_type: sub.into(),
                event_date: Some(day),
                event_date_end: None,
                date_precision: "day".into(),
                location: Some(town.name.clone()),
                latitude: Some(town.point[1]),
                longitude: Some(town.point[0]),
                country: Some(town.country.clone()),
                admin1: town.admin1.clone(),
                admin2: town.admin2.clone(),
                geo_precision: Some(1),
                actor1: actor,
                actor2: None,
                attribution: None,
                fatalities: Some(rng.below(5)),
                evidence: vec![Evidence {
                    doc: "synthetic".into(),
                    start: 0,
                    end: 20,
                    sentence: "A synthetic report.".into(),
                }],
                fields: Default::default(),
            };
            let event = Event::from_mention(id as i64, packs, &doc, &e);
            persist::save_event(&tx, &event)?;
            let (lat, lon) = (town.point[1], town.point[0]);
            for (rule, b) in all_rules.iter().zip(&boxes) {
                let near = lon >= b[0] && lat >= b[1] && lon <= b[2] && lat <= b[3];
                let covered = if rule.zones.is_empty() { rule.admin1.first() == event.admin1.as_ref() } else { near };
                if covered && let Some(v) = compliance::evaluate(packs, rule, &event) {
                    persist::insert_verdict(&tx, &v)?;
                    verdicts += 1;
                }
            }
        }
        tx.commit()?;
    }
    Assessor::new(packs).reassess_all(store.connection_mut())?;
    let load_seconds = began.elapsed().as_secs_f64();
    drop(store);

    // status: open the store, read and render every agreement (what `truce status --json` does).
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let mut status_times = Vec::new();
    let mut timeline_times = Vec::new();
    for _ in 0..11 {
        let t = Instant::now();
        let store = SqliteStore::open(&path)?;
        let all = read::assessments(store.connection())?;
        let rendered = serde_json::to_string(
            &all.iter().map(|a| (&a.id, &a.status, &a.since, &a.violations_by_party)).collect::<Vec<_>>(),
        )?;
        std::hint::black_box(rendered);
        status_times.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let store = SqliteStore::open(&path)?;
        let one = read::assessment(store.connection(), "synthetic-050")?;
        std::hint::black_box(serde_json::to_string(&one.map(|a| a.timeline))?);
        timeline_times.push(t.elapsed().as_secs_f64() * 1e3);
    }

    // One more article: ingest with extraction, then the incremental update.
    let mut store = SqliteStore::open(&path)?;
    let extractor = truce_extract::Extractor::with_packs(crate::kb::load_packs(pack_id)?);
    let t = Instant::now();
    crate::ingest::ingest(
        &mut store,
        &[article.to_owned()],
        truce_ingest::ReadOptions { max_bytes: 1 << 24, ..Default::default() },
        crate::ingest::Reporting { progress: false, notes: false },
        Some(&extractor),
        &crate::parallel::Pool::new(Some(1))?,
        None,
    )?;
    Assessor::new(packs).update(store.connection_mut())?;
    let incremental_ms = t.elapsed().as_secs_f64() * 1e3;
    Ok(AssessBenchReport {
        events,
        agreements,
        verdicts,
        load_seconds,
        status_ms: median(status_times),
        timeline_ms: median(timeline_times),
        incremental_ms,
        incremental_article: article.to_owned(),
    })
}
