//! The assessment kept in the store, and brought up to date by what new documents add.
//!
//! Incremental by design: a new document's event mentions are merged into the events stored near them
//! (same sub-event type, dates within a few days, found by index); only the events it touches are judged
//! again; only the agreements whose verdicts or mentions changed are reassessed; an agreement's verdicts
//! are recomputed in full only when its rules change (a report of its collapse moves its end).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::{Context, Result};
use jiff::ToSpan;
use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use truce_pack::Pack;

use crate::agreements::AgreementView;
use crate::compliance::{self, Assessment, DayTally, Rule, Verdict};
use crate::events::{Event, contradiction};
use crate::input::{DocRecords, group};

/// What one update did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct UpdateSummary {
    pub documents: usize,
    pub event_mentions: usize,
    pub events_new: usize,
    pub events_merged: usize,
    pub agreements_reassessed: usize,
    pub verdicts: usize,
}

/// Runs the assessment against a store with the pack it was extracted with.
pub struct Assessor<'p> {
    pack: &'p Pack,
}

impl<'p> Assessor<'p> {
    pub fn new(pack: &'p Pack) -> Assessor<'p> {
        Assessor { pack }
    }

    /// Forgets the stored assessment and assesses every document again, in one transaction: readers see
    /// the old assessment until the new one is committed, and a rebuild that is killed leaves the old one.
    pub fn rebuild(&self, conn: &mut Connection) -> Result<UpdateSummary> {
        let tx = write_transaction(conn)?;
        tx.execute_batch(
            "DELETE FROM assess_docs; DELETE FROM assess_events; DELETE FROM assess_verdicts;
             DELETE FROM assess_agreements; DELETE FROM assess_contradictions;",
        )?;
        let summary = self.update_in(&tx)?;
        tx.commit()?;
        Ok(summary)
    }

    /// Assesses the documents stored since the last update.
    pub fn update(&self, conn: &mut Connection) -> Result<UpdateSummary> {
        let tx = write_transaction(conn)?;
        let summary = self.update_in(&tx)?;
        tx.commit()?;
        Ok(summary)
    }

    fn update_in(&self, tx: &Transaction) -> Result<UpdateSummary> {
        let new_docs: Vec<i64> = {
            let mut stmt = tx.prepare(
                "SELECT rowid FROM documents WHERE rowid NOT IN (SELECT doc FROM assess_docs) ORDER BY rowid",
            )?;
            stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        let mut summary = UpdateSummary { documents: new_docs.len(), ..Default::default() };
        if new_docs.is_empty() {
            return Ok(summary);
        }
        let mut work = Work::load(tx, self.pack)?;
        let mut records = tx.prepare("SELECT data FROM records WHERE doc = ?1 ORDER BY rowid")?;
        for doc in &new_docs {
            let rows: Vec<String> = records.query_map([doc], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
            for d in group(rows.iter().map(String::as_str)).with_context(|| format!("records of document {doc}"))? {
                work.add_document(tx, &d, &mut summary)?;
            }
            tx.execute("INSERT OR IGNORE INTO assess_docs (doc) VALUES (?1)", [doc])?;
        }
        drop(records);
        work.finish(tx, &mut summary)?;
        Ok(summary)
    }
}

/// A transaction that holds the write lock from its start, so that an assessment running beside another
/// writer waits for it (busy timeout) instead of failing when it first writes after reading.
fn write_transaction(conn: &mut Connection) -> Result<Transaction<'_>> {
    Ok(conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
}

/// The state of one update: the agreements (all of them, a few hundred at most), the events it touched.
struct Work<'p> {
    pack: &'p Pack,
    views: BTreeMap<String, AgreementView>,
    rules: BTreeMap<String, Vec<Rule>>,
    changed_views: BTreeSet<String>,
    touched: HashMap<i64, Event>,
    next_id: i64,
}

impl<'p> Work<'p> {
    fn load(tx: &Transaction, pack: &'p Pack) -> Result<Work<'p>> {
        let mut views = BTreeMap::new();
        let mut rules = BTreeMap::new();
        let mut stmt = tx.prepare("SELECT id, view, rules FROM assess_agreements")?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        for row in rows {
            let (id, view, r) = row?;
            views.insert(id.clone(), serde_json::from_str(&view)?);
            rules.insert(id, serde_json::from_str(&r)?);
        }
        let next_id = tx.query_row("SELECT coalesce(max(id), 0) + 1 FROM assess_events", [], |r| r.get(0))?;
        // The registry's agreements are judged from the first update on, mentioned or not: their rules
        // come from the pack, so a first mention does not make every past event be judged again.
        let mut changed_views = BTreeSet::new();
        for a in &pack.agreements {
            if !views.contains_key(&a.id) {
                views.insert(a.id.clone(), AgreementView::new(pack, &a.id, None));
                changed_views.insert(a.id.clone());
            }
        }
        Ok(Work { pack, views, rules, changed_views, touched: HashMap::new(), next_id })
    }

    fn add_document(&mut self, tx: &Transaction, d: &DocRecords, summary: &mut UpdateSummary) -> Result<()> {
        for a in &d.agreements {
            let view = self
                .views
                .entry(a.agreement_id.clone())
                .or_insert_with(|| AgreementView::new(self.pack, &a.agreement_id, a.name.as_deref()));
            view.absorb(self.pack, d, a);
            self.changed_views.insert(a.agreement_id.clone());
        }
        for e in &d.events {
            summary.event_mentions += 1;
            let mut merged = false;
            if let Some(day) = e.event_date.as_deref().and_then(|s| s.parse::<Date>().ok()) {
                let (lo, hi) = (day.saturating_sub(3.days()).to_string(), day.saturating_add(3.days()).to_string());
                let mut stmt = tx.prepare_cached(
                    "SELECT id, data FROM assess_events WHERE sub_event_type = ?1 AND day BETWEEN ?2 AND ?3",
                )?;
                let rows: Vec<(i64, String)> = stmt
                    .query_map(params![e.sub_event_type, lo, hi], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?;
                for (id, data) in rows {
                    let event = match self.touched.get(&id) {
                        Some(ev) => ev.clone(),
                        None => serde_json::from_str(&data)?,
                    };
                    if event.compatible(e) {
                        let mut event = event;
                        event.absorb(self.pack, d, e);
                        self.save_event(tx, &event)?;
                        self.touched.insert(id, event);
                        summary.events_merged += 1;
                        merged = true;
                        break;
                    }
                }
            }
            if !merged {
                let event = Event::from_mention(self.next_id, self.pack, d, e);
                self.next_id += 1;
                self.save_event(tx, &event)?;
                self.touched.insert(event.id, event);
                summary.events_new += 1;
            }
        }
        Ok(())
    }

    fn save_event(&self, tx: &Transaction, e: &Event) -> Result<()> {
        save_event(tx, e)
    }

    fn finish(mut self, tx: &Transaction, summary: &mut UpdateSummary) -> Result<()> {
        // Rules of the agreements whose mentions changed; an agreement whose rules moved is judged again
        // over all events in its window.
        let mut reassess: BTreeSet<String> = self.changed_views.clone();
        for id in &self.changed_views {
            let new_rules = compliance::rules(self.pack, &self.views[id]);
            let old = self.rules.get(id).map(serde_json::to_string).transpose()?;
            if old.as_deref() != Some(serde_json::to_string(&new_rules)?.as_str()) {
                tx.execute("DELETE FROM assess_verdicts WHERE agreement = ?1", [id])?;
                for rule in &new_rules {
                    let until = rule.until.map(|u| u.to_string()).unwrap_or_else(|| "9999".into());
                    // Only events in the rule's window and near its zones (by bounding box) are read.
                    let [w, s, e, n] = compliance::rule_bbox(self.pack, rule);
                    let mut stmt = tx.prepare_cached(
                        "SELECT data FROM assess_events WHERE day BETWEEN ?1 AND ?2 AND (?3 IS NULL OR admin1 = ?3 OR ?3 = '')
                         AND (latitude IS NULL OR (latitude BETWEEN ?4 AND ?5 AND longitude BETWEEN ?6 AND ?7))",
                    )?;
                    let admin1: Option<&str> =
                        if rule.zones.is_empty() && rule.admin1.len() == 1 { Some(&rule.admin1[0]) } else { None };
                    let events: Vec<String> = stmt
                        .query_map(params![rule.from.to_string(), until, admin1, s, n, w, e], |r| r.get(0))?
                        .collect::<rusqlite::Result<_>>()?;
                    for data in events {
                        let event: Event = serde_json::from_str(&data)?;
                        if self.touched.contains_key(&event.id) {
                            continue; // judged below with every rule
                        }
                        if let Some(v) = compliance::evaluate(self.pack, rule, &event) {
                            insert_verdict(tx, &v)?;
                            summary.verdicts += 1;
                        }
                    }
                }
                self.rules.insert(id.clone(), new_rules);
            }
        }
        // The touched events, against every rule.
        let mut ids: Vec<i64> = self.touched.keys().copied().collect();
        ids.sort_unstable();
        for id in &ids {
            let event = &self.touched[id];
            let before: Vec<String> = tx
                .prepare_cached("SELECT DISTINCT agreement FROM assess_verdicts WHERE event = ?1")?
                .query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            reassess.extend(before);
            tx.execute("DELETE FROM assess_verdicts WHERE event = ?1", [id])?;
            for rules in self.rules.values() {
                for rule in rules {
                    if let Some(v) = compliance::evaluate(self.pack, rule, event) {
                        reassess.insert(v.agreement.clone());
                        insert_verdict(tx, &v)?;
                        summary.verdicts += 1;
                    }
                }
            }
            self.contradictions(tx, event)?;
        }
        summary.agreements_reassessed += reassess_agreements(tx, self.pack, &self.views, &self.rules, reassess)?;
        Ok(())
    }
}

impl Assessor<'_> {
    /// Judges every stored agreement again from its stored verdicts (after a bulk load).
    pub fn reassess_all(&self, conn: &mut Connection) -> Result<usize> {
        let tx = write_transaction(conn)?;
        let work = Work::load(&tx, self.pack)?;
        let ids: BTreeSet<String> = work.views.keys().cloned().collect();
        let n = reassess_agreements(&tx, self.pack, &work.views, &work.rules, ids)?;
        tx.commit()?;
        Ok(n)
    }
}

/// Stores an agreement's view and rules as they stand, before it is judged.
pub fn save_view(tx: &Transaction, view: &AgreementView, rules: &[Rule]) -> Result<()> {
    tx.execute(
        "INSERT OR REPLACE INTO assess_agreements (id, rules, view) VALUES (?1, ?2, ?3)",
        params![view.id, serde_json::to_string(rules)?, serde_json::to_string(view)?],
    )?;
    Ok(())
}

/// Stores a merged event (bulk loads use this directly).
pub fn save_event(tx: &Transaction, e: &Event) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR REPLACE INTO assess_events (id, sub_event_type, day, admin1, status, latitude, longitude, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        e.id,
        e.sub_event_type,
        e.day(),
        e.admin1,
        e.status,
        e.latitude,
        e.longitude,
        serde_json::to_string(e)?
    ])?;
    Ok(())
}

/// Judges the given agreements from their views and stored verdicts; those others depend on first.
fn reassess_agreements(
    tx: &Transaction,
    pack: &Pack,
    views: &BTreeMap<String, AgreementView>,
    rules: &BTreeMap<String, Vec<Rule>>,
    ids: BTreeSet<String>,
) -> Result<usize> {
    let mut done = 0;
    {
        let mut order: Vec<String> = ids.into_iter().collect();
        order.sort_by_key(|id| pack.agreement(id).map(|a| !a.conditions.is_empty()));
        for id in order {
            let Some(view) = views.get(&id) else { continue };
            let days = day_tallies(tx, &id)?;
            let status_of = |other: &str| -> Option<String> {
                tx.query_row("SELECT status FROM assess_agreements WHERE id = ?1", [other], |r| r.get(0))
                    .optional()
                    .ok()
                    .flatten()
            };
            let assessment: Assessment = compliance::assess(pack, view, &days, &status_of);
            tx.execute(
                "INSERT OR REPLACE INTO assess_agreements (id, status, since, rules, view, assessment)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    assessment.status,
                    assessment.since,
                    serde_json::to_string(rules.get(&id).map(Vec::as_slice).unwrap_or(&[]))?,
                    serde_json::to_string(view)?,
                    serde_json::to_string(&assessment)?
                ],
            )?;
            done += 1;
        }
    }
    Ok(done)
}

impl Work<'_> {
    /// Flags ceased-versus-occurred reports of the same kind, day and governorate.
    fn contradictions(&self, tx: &Transaction, event: &Event) -> Result<()> {
        let Some(day) = event.day() else { return Ok(()) };
        let mut stmt = tx.prepare_cached(
            "SELECT data FROM assess_events WHERE sub_event_type = ?1 AND day = ?2 AND status != ?3 AND id != ?4",
        )?;
        let others: Vec<String> = stmt
            .query_map(params![event.sub_event_type, day, event.status, event.id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        for data in others {
            let other: Event = serde_json::from_str(&data)?;
            if let Some(c) = contradiction(event, &other) {
                tx.execute(
                    "INSERT OR REPLACE INTO assess_contradictions (ceased, occurred, data) VALUES (?1, ?2, ?3)",
                    params![c.ceased, c.occurred, serde_json::to_string(&c)?],
                )?;
            }
        }
        Ok(())
    }
}

pub fn insert_verdict(tx: &Transaction, v: &Verdict) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO assess_verdicts (agreement, event, kind, party, day, confidence, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![v.agreement, v.event, v.kind, v.party, v.date, v.confidence, serde_json::to_string(v)?])?;
    Ok(())
}

/// Verdicts on an agreement, tallied by day, kind and party, each with its surest verdict.
fn day_tallies(conn: &Connection, agreement: &str) -> Result<Vec<DayTally>> {
    // SQLite returns the bare column `data` from the row that holds max(confidence).
    let mut stmt = conn.prepare_cached(
        "SELECT day, kind, party, count(*), max(confidence), data FROM assess_verdicts
         WHERE agreement = ?1 GROUP BY day, kind, party ORDER BY day, kind, party",
    )?;
    let rows = stmt.query_map([agreement], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, f64>(4)?,
            r.get::<_, String>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (date, kind, party, count, confidence, data) = row?;
        out.push(DayTally {
            date,
            kind,
            party,
            count: count as u64,
            confidence,
            example: serde_json::from_str(&data)?,
        });
    }
    Ok(out)
}

/// Read side: what the commands show.
pub mod read {
    use super::*;

    /// Runs a query whose first column is a JSON document and parses every row.
    fn json_rows<T: serde::de::DeserializeOwned>(
        stmt: &mut rusqlite::Statement,
        params: impl rusqlite::Params,
    ) -> Result<Vec<T>> {
        let rows: Vec<String> = stmt.query_map(params, |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        rows.iter().map(|r| Ok(serde_json::from_str(r)?)).collect()
    }
    use crate::events::Contradiction;

    /// Every agreement's assessment, by id.
    pub fn assessments(conn: &Connection) -> Result<Vec<Assessment>> {
        let mut stmt =
            conn.prepare_cached("SELECT assessment FROM assess_agreements WHERE assessment IS NOT NULL ORDER BY id")?;
        json_rows(&mut stmt, [])
    }

    /// One agreement's assessment.
    pub fn assessment(conn: &Connection, id: &str) -> Result<Option<Assessment>> {
        let row: Option<String> =
            conn.query_row("SELECT assessment FROM assess_agreements WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        row.map(|r| Ok(serde_json::from_str(&r)?)).transpose()
    }

    /// One agreement as it stood at the end of `day` (see `compliance::assess_on`), judged again from
    /// its stored view and verdicts; agreements it depends on are taken as they stood that day too.
    pub fn assessment_on(conn: &Connection, pack: &Pack, id: &str, day: &str) -> Result<Option<Assessment>> {
        let view: Option<String> =
            conn.query_row("SELECT view FROM assess_agreements WHERE id = ?1", [id], |r| r.get(0)).optional()?;
        let Some(view) = view else { return Ok(None) };
        let view: AgreementView = serde_json::from_str(&view)?;
        let days = day_tallies(conn, id)?;
        // One level deep: an agreement a condition refers to is judged on the day without its own
        // dependencies (packs do not chain conditions further).
        let status_of = |other: &str| -> Option<String> {
            let view: String =
                conn.query_row("SELECT view FROM assess_agreements WHERE id = ?1", [other], |r| r.get(0)).ok()?;
            let view: AgreementView = serde_json::from_str(&view).ok()?;
            let days = day_tallies(conn, other).ok()?;
            Some(compliance::assess_on(pack, &view, &days, &|_| None, day).status)
        };
        Ok(Some(compliance::assess_on(pack, &view, &days, &status_of, day)))
    }

    /// Verdicts, filtered.
    pub fn verdicts(
        conn: &Connection,
        kind: &str,
        agreement: Option<&str>,
        party: Option<&str>,
        since: Option<&str>,
    ) -> Result<Vec<Verdict>> {
        let mut stmt = conn.prepare_cached(
            "SELECT data FROM assess_verdicts WHERE kind = ?1 AND (?2 IS NULL OR agreement = ?2)
             AND (?3 IS NULL OR party = ?3) AND (?4 IS NULL OR day >= ?4) ORDER BY day, agreement, event",
        )?;
        json_rows(&mut stmt, params![kind, agreement, party, since])
    }

    /// Merged events, filtered.
    pub fn events(
        conn: &Connection,
        since: Option<&str>,
        until: Option<&str>,
        admin1: Option<&str>,
        sub_event_type: Option<&str>,
    ) -> Result<Vec<Event>> {
        let mut stmt = conn.prepare_cached(
            "SELECT data FROM assess_events WHERE (?1 IS NULL OR day >= ?1) AND (?2 IS NULL OR day <= ?2)
             AND (?3 IS NULL OR admin1 = ?3) AND (?4 IS NULL OR sub_event_type = ?4) ORDER BY day, id",
        )?;
        json_rows(&mut stmt, params![since, until, admin1, sub_event_type])
    }

    /// Totals that reports give differently, with each report's date and source.
    pub fn figure_conflicts(conn: &Connection) -> Result<Vec<crate::figures::FigureConflict>> {
        let mut stmt = conn.prepare_cached(
            "SELECT f.data, json_extract(d.data, '$.published') FROM records f
             LEFT JOIN records d ON d.doc = f.doc AND d.kind = 'document'
             WHERE f.kind = 'figure' ORDER BY f.doc, f.rowid",
        )?;
        let rows: Vec<(String, Option<String>)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let figures: Vec<(crate::figures::FigureIn, Option<String>)> = rows
            .into_iter()
            .filter_map(|(data, published)| Some((serde_json::from_str(&data).ok()?, published)))
            .collect();
        Ok(crate::figures::conflicts(&figures))
    }

    /// The quotations extracted from one document (JSON records), in text order.
    pub fn quotes_of(conn: &Connection, doc: &str) -> Result<Vec<serde_json::Value>> {
        let mut stmt = conn.prepare_cached(
            "SELECT r.data FROM records r JOIN documents d ON d.rowid = r.doc
             WHERE d.id = ?1 AND r.kind = 'quote' ORDER BY r.start",
        )?;
        json_rows(&mut stmt, [doc])
    }

    /// Ceased-versus-occurred contradictions.
    pub fn contradictions(conn: &Connection) -> Result<Vec<Contradiction>> {
        let mut stmt = conn.prepare_cached("SELECT data FROM assess_contradictions ORDER BY ceased")?;
        json_rows(&mut stmt, [])
    }
}
