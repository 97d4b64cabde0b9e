//! Who did it and to whom: agents, victims, sources of a claim, and the roles of the names in a
//! clause.

use super::*;

/// Words before an actor that make it a source, not an agent: "according to the Observatory".
pub(super) static ATTRIBUTION_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)(?:according\s+to|told|quoted|cited|citing|reported\s+by|said\s+by|to)\s+(?:the\s+)?$").unwrap()
});

pub(super) static ATTRIBUTION_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^\s*(?:,\s*)?(?:[\w'’-]+\s+){0,3}?(?:said|says|say|reported|reports|announced|claimed|claims|stated|told|added|quoted|cited|confirmed|documented|accused|accuses|blamed|blames|warned|denied|insisted|estimated|condemned|condemns|denounced|urged|called\s+for|put\s+the\s+(?:death\s+)?toll)\b").unwrap()
});

/// "Opposition officials", "government sources", "state media": people who speak for an actor, named
/// as the source of a report, not as whoever acted.
pub(super) static SPEAKERS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^\s+(?:officials?|spokes(?:man|woman|person|men)|sources?|media|activists?|negotiators?|delegations?|representatives?|envoys?|statement|authorities|ministry|minister)\b").unwrap()
});

pub(super) static SELF_CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^\s*,?\s*(?:said|says|claimed|claims|announced|admitted)\s+(?:that\s+)?(?:it|its|they|their)\b")
        .unwrap()
});

/// Rebels and jihadists have no warplanes: a group without an air force named with an air strike
/// ("air strikes on the rebel-held town", "raids on the Islamic State's capital") is its target, not
/// its author. Drones are the exception: armed groups fly them.
pub(super) fn grounded_without_air_force(ctx: &DocContext, c: &mut Candidate) {
    if c.sub_event_type != "Air/drone strike"
        || ctx.text[c.trigger.0..c.trigger.1].to_ascii_lowercase().contains("drone")
    {
        return;
    }
    let Some((name, _)) = &c.actor1 else { return };
    let flies = ctx
        .pack
        .actor_named(name)
        .is_none_or(|a| matches!(a.kind.as_str(), "state" | "state_armed_forces" | "coalition"));
    if flies {
        return;
    }
    let target = c.actor1.take();
    if c.actor2.is_none() {
        c.actor2 = target;
    }
    c.actor_score = i32::MIN;
}

/// An actor named as the victim: "rebels were killed", "Ten soldiers died".
pub(super) static VICTIM_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^[\s,]*(?:[\w'’-]+\s+){0,4}?(?:(?:were|was|have\s+been|had\s+been|are|is|being|got)\s+(?:\w+\s+)?(?:killed|wounded|injured|executed|targeted|hit|attacked|struck|shelled|bombed|ambushed|captured|kidnapped|abducted)|(?:died|perished))\b|^\s*(?:dead|killed|wounded|injured)\b|^\s*(?:[\w'’-]+\s+){0,2}?(?:terrorists?|militants?|fighters?|members?|rebels?|soldiers?|troops|jihadists?|gunmen|commanders?|civilians?|insurgents?|extremists?)\s+(?:(?:were|are|have\s+been)\s+)?(?:killed|dead|wounded|injured|eliminated)\b").unwrap()
});

/// "The army killed a commander": a bare "killed" followed by its object is the active verb of the name
/// before it, which is then the agent, not the victim ("15 soldiers killed in ...").
pub(super) static ACTIVE_VERB_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^\s*(?:killed|wounded|injured)\s+(?:a|an|the|at\s+least|more\s+than|over|about|nearly|almost|around|some|several|dozens|scores|hundreds|\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|his|her|its|their)\b").unwrap()
});

pub(super) fn is_victim_after(after: &str) -> bool {
    VICTIM_AFTER.is_match(after) && !ACTIVE_VERB_AFTER.is_match(after)
}

/// A group noun before a name: "units of the army", "members of the Islamic State group".
pub(super) static GROUP_OF: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:units?|members?|fighters?|forces|troops|elements|militants|soldiers|militiamen|warplanes|jets|aircraft)\s+of\s+(?:the\s+)?$").unwrap()
});

/// Words right before an actor that make it the victim or target.
pub(super) static VICTIM_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:killing|killed|kills|kill|eliminates|eliminated|targeting|targeted|against|on|at|hit|hitting|struck|striking|among|of|in|from|wounding|injuring|executed|executing|besieged)\s+(?:the\s+|a\s+|an\s+|some\s+|several\s+|(?:at\s+least\s+|more\s+than\s+|over\s+|about\s+|nearly\s+|almost\s+|around\s+)?(?:\d[\d,]*|dozens\s+of|scores\s+of|hundreds\s+of)\s+)?(?:[\w-]+\s+){0,2}$").unwrap()
});

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Agent(i32),
    Counterparty(i32),
    Patient(i32),
}

/// Picks the agent (actor1) and target (actor2) of the event among the actors named in the clause:
/// "by X" and a name right before the trigger are agents, "X were killed" and "killing X" are victims,
/// "clashes with X" is the other side, who did the killing when the subject is the victim.
pub(super) fn assign_actors(
    ctx: &DocContext,
    c: &mut Candidate,
    start: usize,
    end: usize,
    trigger: (usize, usize),
    same_kind: &[(usize, usize)],
) {
    let mut roles: Vec<(Role, String, Provenance)> = Vec::new();
    // Where the last "pro-X" actor's name ended: "pro-government fighters" are the government's, not
    // whom "fighters" alone would mean. ("US-led coalition" is the coalition: only "pro-" says so.)
    let mut pro_ended: Option<usize> = None;
    for m in ctx.names_in(start, end) {
        // A name right before any word of the event's kind modifies it: "Syrian government air strikes".
        // "ISIS terrorists and injured others" joins two verbs; the name modifies neither.
        let modifier = same_kind.iter().any(|t| {
            let Some(between) = ctx.text.get(m.end..t.0) else { return false };
            between.split_whitespace().count() <= 1
                && !between.contains(',')
                && !matches!(between.trim().to_ascii_lowercase().as_str(), "and" | "or" | "as" | "while")
        });
        let Some((name, kind, generic)) = actor_of(ctx, m, modifier) else { continue };
        let modified = pro_ended.is_some_and(|e| e <= m.start && ctx.text[e..m.start].trim().is_empty());
        pro_ended = ctx.text[m.start..m.end].get(..4).is_some_and(|w| w.eq_ignore_ascii_case("pro-")).then_some(m.end);
        if !can_act(kind) || generic && modified {
            continue;
        }
        let mut before = crate::tail(&ctx.text[start..m.start], 120);
        // "Units of the army killed ...": the name stands where its group noun stands, so what comes
        // before the noun ("killing members of the army") decides the role.
        if let Some(group) = GROUP_OF.find(before) {
            before = &before[..group.start()];
        }
        let after = &ctx.text[m.end..end];
        // "IS said it killed 50 fighters": a side claiming its own act is its author.
        if SELF_CLAIM.is_match(after) && m.end <= trigger.0 {
            roles.push((Role::Agent(8), name, Provenance::span(m.start, m.end)));
            continue;
        }
        if ATTRIBUTION_BEFORE.is_match(before) || ATTRIBUTION_AFTER.is_match(after) || SPEAKERS_AFTER.is_match(after) {
            continue;
        }
        // "rebel-held areas", "areas controlled by the opposition", "forces backed by Russia" describe
        // territory or support, not who acted.
        let lower_before = before.trim_end().to_ascii_lowercase();
        let lower_before = lower_before.strip_suffix(" the").map(str::to_owned).unwrap_or(lower_before);
        if ctx.is_bystander(m) {
            continue;
        }
        if after.starts_with("-held")
            || after.starts_with("-controlled")
            || after.starts_with("-run")
            || after.starts_with("-dominated")
            || [
                "held by",
                "controlled by",
                "backed by",
                "supported by",
                "loyal to",
                "allied to",
                "allied with",
                "run by",
                "dominated by",
            ]
            .iter()
            .any(|w| lower_before.ends_with(w))
        {
            continue;
        }
        let penalty = if generic { 2 } else { 0 };
        let role = if lower_before.ends_with(" by") || lower_before.ends_with(" by the") || lower_before == "by" {
            Role::Agent(9 - penalty)
        } else if ["believed to be", "thought to be", "suspected to be", "said to be", "identified as"]
            .iter()
            .any(|w| lower_before.ends_with(w))
            && m.start < trigger.0 + 80
        {
            // "jets believed to be Russian killed ...": the name the attacker is given.
            Role::Agent(9 - penalty)
        } else if m.start < trigger.1 && trigger.0 < m.end || modifier && !is_victim_after(after) {
            // The name holds the trigger ("coalition air strikes") or modifies one ("Russian warplanes").
            Role::Agent(10 - penalty)
        } else if m.end <= trigger.0
            && ctx.text[m.end..trigger.0].split_whitespace().count() <= 2
            && !ctx.text[m.end..trigger.0].contains(',')
            && !is_victim_after(after)
            && !VICTIM_BEFORE.is_match(before)
        {
            // A name right before the trigger modifies it: "U.S. air strikes", "regime barrel bombs".
            Role::Agent(10 - ctx.text[m.end..trigger.0].split_whitespace().count() as i32 - penalty)
        } else if m.start >= trigger.1
            && (lower_before.ends_with(" with")
                || lower_before.ends_with(" with the")
                || lower_before.ends_with(" between"))
        {
            Role::Counterparty(6 - penalty)
        } else if is_victim_after(after) || VICTIM_BEFORE.is_match(before) {
            Role::Patient(5 - penalty)
        } else if m.end <= trigger.0 {
            let between = &ctx.text[m.end..trigger.0];
            let words = between.split_whitespace().count() as i32;
            if words <= 2 && !between.contains(',') {
                Role::Agent(10 - words - penalty)
            } else {
                Role::Agent(5 - words.min(4) - penalty)
            }
        } else {
            let words = ctx.text[trigger.1..m.start].split_whitespace().count() as i32;
            Role::Patient(4 - words.min(4) - penalty)
        };
        roles.push((role, name, Provenance::span(m.start, m.end)));
    }
    let best = |want: fn(Role) -> Option<i32>| -> Option<(String, Provenance, i32)> {
        roles
            .iter()
            .filter_map(|(r, n, p)| want(*r).map(|s| (s, n, p)))
            .max_by_key(|(s, _, _)| *s)
            .map(|(s, n, p)| (n.clone(), p.clone(), s))
    };
    let mut agent = best(|r| if let Role::Agent(s) = r { Some(s) } else { None });
    // "Government forces and jihadists have clashed": the first named is actor1, the second actor2.
    let coordinated = roles.windows(2).find(|w| {
        matches!((w[0].0, w[1].0), (Role::Agent(_), Role::Agent(_)))
            && match (&w[0].2, &w[1].2) {
                (Provenance::Span { span: a }, Provenance::Span { span: b }) => {
                    let between = ctx.text[a[1]..b[0]].trim().to_ascii_lowercase();
                    between == "and" || between == "," || between == "and the"
                }
                _ => false,
            }
    });
    let mut second: Option<(String, Provenance, i32)> = None;
    if let Some(w) = coordinated {
        let by_name = |n: &str| ctx.pack.actor_named(n);
        let backs = |patron: &str, client: &str| {
            by_name(client)
                .zip(by_name(patron))
                .is_some_and(|(c, p)| c.backed_by.contains(&p.id) || p.backs.contains(&c.id))
        };
        if backs(&w[1].1, &w[0].1) {
            // "Hezbollah and Syrian regime forces shelled ...": allies acting together; the backed state
            // is the main actor, as ACLED codes it.
            agent = Some((w[0].1.clone(), w[0].2.clone(), 8));
        } else if backs(&w[0].1, &w[1].1) {
            agent = Some((w[1].1.clone(), w[1].2.clone(), 8));
        } else {
            agent = Some((w[0].1.clone(), w[0].2.clone(), 8));
            second = Some((w[1].1.clone(), w[1].2.clone(), 8));
        }
    }
    let counterparty = best(|r| if let Role::Counterparty(s) = r { Some(s) } else { None });
    let patient = best(|r| if let Role::Patient(s) = r { Some(s) } else { None });
    let patient = second.or(patient);
    let (actor1, mut actor2) = match (agent, counterparty, patient) {
        (Some(a), cp, p) => (Some(a), cp.or(p)),
        (None, Some(cp), p) => (Some(cp), p),
        (None, None, p) => {
            // "SDF fighters were killed fighting IS": in a clash the sides named are its two actors, the
            // first named first.
            let mut sides = roles.iter().filter(|(r, _, _)| matches!(r, Role::Patient(_)));
            let first = sides.next().map(|(_, n, prov)| (n.clone(), prov.clone(), 0));
            let other = first
                .as_ref()
                .and_then(|f| sides.find(|(_, n, _)| *n != f.0))
                .map(|(_, n, prov)| (n.clone(), prov.clone(), 0));
            if c.sub_event_type == "Armed clash" && other.is_some() {
                (first, other)
            } else {
                c.other_side = other.map(|(n, prov, _)| (n, prov));
                (None, p)
            }
        }
    };
    // No actor is presumed from a weapon or a place ("barrel bombs are the government's"): an event no
    // one is named for stays unattributed.
    if actor1.as_ref().map(|a| &a.0) == actor2.as_ref().map(|a| &a.0) {
        actor2 = None;
    }
    c.actor_score = actor1.as_ref().map(|a| a.2).unwrap_or(i32::MIN);
    c.actor1 = actor1.map(|(n, p, _)| (n, p));
    c.actor2 = actor2.map(|(n, p, _)| (n, p));
}

/// The actor a name match refers to on the document's date: its canonical name, type, and whether the
/// match was a generic description.
pub(super) fn actor_of<'p>(ctx: &DocContext<'p>, m: &NameMatch, modifier: bool) -> Option<(String, &'p str, bool)> {
    let Some(r) = ctx.actor(m) else {
        // No pack actor: the world's state actors ("Ukrainian troops"), or an organisation no pack
        // lists ("Hamas"), named as the text names them.
        if let Some((name, kind, _)) = ctx.world_actor(m) {
            return Some((name, kind, false));
        }
        return m.entries.iter().find_map(|e| match e.entity {
            Entity::Unlisted(_) => Some((ctx.text[m.start..m.end].to_owned(), "unlisted", false)),
            _ => None,
        });
    };
    // A place name that is also a generic actor ("Damascus", "Syria") is a place, unless it modifies the
    // trigger ("Syria air raids", "Damascus bombardment").
    if r.via == Via::Generic && !modifier && m.entries.iter().any(|e| matches!(e.entity, Entity::Place(_))) {
        return None;
    }
    let mut actor = match &r.actor.speaks_for {
        Some(_) => return None,
        None => r.actor,
    };
    // "Jihadists" in an article about the Islamic State group are the Islamic State group.
    if r.via == Via::Generic
        && actor.kind == "jihadist_group"
        && let Some(named) = ctx.most_named(&actor.kind)
    {
        actor = named;
    }
    Some((actor.name.clone(), actor.kind.as_str(), r.via == Via::Generic))
}

pub(super) fn can_act(kind: &str) -> bool {
    !matches!(
        kind,
        "monitor"
            | "news_agency"
            | "humanitarian"
            | "ngo"
            | "civilians"
            | "international_organisation"
            | "political_opposition"
    )
}

/// "TV channel Al-Mayadin", "Aleppo Today TV": a broadcaster or paper named after a place is no place.
pub(super) fn names_a_medium(ctx: &DocContext, m: &NameMatch) -> bool {
    let before = ctx.before(m.start, 24).trim_end().to_ascii_lowercase();
    let after = ctx.after(m.end, 24).to_ascii_lowercase();
    ["channel", "tv", "television", "broadcaster", "newspaper", "daily", "website", "radio"]
        .iter()
        .any(|w| before.ends_with(&format!(" {w}")))
        || [" tv", " television", " channel", " radio", " newspaper", " news agency"]
            .iter()
            .any(|w| after.starts_with(w))
}

/// "accused Russian jets of bombing", "blamed the rebels for the attack": the accused right after the
/// verb, then what they are accused of.
static ACCUSE: LazyLock<Regex> =
    LazyLock::new(|| crate::re(r"(?i)\b(?:accus(?:ed|es|ing)|blam(?:ed|es|ing)|held)\s+(?:the\s+)?$").unwrap());
static ACCUSED_OF: LazyLock<Regex> =
    LazyLock::new(|| crate::re(r"(?i)^(?:\s+[\w'’-]+){0,3}?\s+(?:of|for|responsible\s+for)\b").unwrap());
/// "blamed the bombing on the regime", "was blamed on government forces": laid on whoever follows "on".
static BLAME: LazyLock<Regex> = LazyLock::new(|| crate::re(r"(?i)\b(?:blam(?:ed|es|ing)|pinned|pins)\b").unwrap());
static ON: LazyLock<Regex> = LazyLock::new(|| crate::re(r"(?i)\bon\s+(?:the\s+)?$").unwrap());
/// "IS claimed responsibility for", "the group took credit for": the subject claims the act.
static CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)^\s+(?:has\s+|have\s+|had\s+)?(?:claimed|claims|claiming|took|takes|accepted|admitted)\s+(?:responsibility|credit)\b")
        .unwrap()
});
/// "an attack claimed by IS": the claimant after the trigger.
static CLAIMED_BY: LazyLock<Regex> = LazyLock::new(|| crate::re(r"(?i)\bclaimed\s+by\s+(?:the\s+)?$").unwrap());
/// A verb of attribution in the passive ("was blamed on"): no source named.
static PASSIVE: LazyLock<Regex> = LazyLock::new(|| crate::re(r"(?i)\b(?:was|were|is|are|been|being)\s+$").unwrap());

/// An actor named as the event's author by a claim or an accusation in its sentence: actor1 becomes
/// that actor, and the record keeps who says so, so that an accusation never passes for a finding. A
/// name attributed so is never the event's victim.
pub(super) fn attribute(
    ctx: &DocContext,
    c: &mut Candidate,
    sentence: usize,
    clause: (usize, usize),
    trigger: (usize, usize),
) {
    let s = ctx.sentences[sentence];
    // Most sentences attribute nothing: one pass for the cue words before any name is resolved.
    static ANY_CUE: LazyLock<Regex> =
        LazyLock::new(|| crate::re(r"(?i)\b(?:accus|blam|held|pinned|pins|claim|responsib|credit)").unwrap());
    if !ANY_CUE.is_match(s.text(ctx.text)) {
        return;
    }
    let actors: Vec<(&NameMatch, String)> = ctx
        .names_in(s.start, s.end)
        .filter_map(|m| {
            actor_of(ctx, m, false)
                .or_else(|| actor_of(ctx, m, true))
                .filter(|(_, kind, _)| can_act(kind))
                .map(|(n, _, _)| (m, n))
        })
        .collect();
    let found = actors.iter().find_map(|(m, name)| {
        let before = crate::tail(&ctx.text[s.start..m.start], 160);
        let after = &ctx.text[m.end..s.end];
        // The name is in the trigger's clause: "accused X of bombing A, while shelling hit B" accuses X
        // of the bombing, not the shelling. (The cue may stand before the clause: "blamed" opens it.)
        let in_clause = m.start >= clause.0 && m.end <= clause.1;
        // The accused may hold the trigger: "accused Russian jets of ...".
        if m.start <= trigger.0
            && in_clause
            && let Some(cue) = ACCUSE.find(before)
            && ACCUSED_OF.is_match(after)
        {
            let cue_at = m.start - (before.len() - cue.start());
            return Some((m, name, AttributionCue::Accused, (cue_at, m.end), source(ctx, s.start, cue_at)));
        }
        if m.start >= trigger.1
            && in_clause
            && ON.is_match(before)
            && let Some(blame) = BLAME.find_iter(&ctx.text[s.start..m.start]).last()
        {
            let cue_at = s.start + blame.start();
            // "was blamed on", "strikes blamed on": a passive names no one who blames.
            let participle = cue_at >= trigger.1 && ctx.text[trigger.1..cue_at].split_whitespace().count() == 0;
            let source = if participle || PASSIVE.is_match(&ctx.text[s.start..cue_at]) {
                None
            } else {
                source(ctx, s.start, cue_at)
            };
            return Some((m, name, AttributionCue::Blamed, (cue_at, m.end), source));
        }
        if m.end <= trigger.0
            && in_clause
            && let Some(claim) = CLAIM.find(after)
        {
            return Some((m, name, AttributionCue::Claimed, (m.start, m.end + claim.end()), Some(name.clone())));
        }
        if m.start >= trigger.1 && in_clause && CLAIMED_BY.is_match(before) {
            let cue_at = m.start - CLAIMED_BY.find(before).map_or(0, |x| before.len() - x.start());
            return Some((m, name, AttributionCue::Claimed, (cue_at, m.end), Some(name.clone())));
        }
        None
    });
    let Some((m, name, cue, span, source)) = found else { return };
    if c.actor2.as_ref().is_some_and(|a| a.0 == *name) {
        c.actor2 = None;
    }
    if c.actor2.as_ref().is_some_and(|a| Some(&a.0) == source.as_ref()) && cue != AttributionCue::Claimed {
        c.actor2 = None;
    }
    c.actor1 = Some((name.clone(), Provenance::span(m.start, m.end)));
    c.actor_score = c.actor_score.max(7);
    let attribution = Attribution { actor: name.clone(), source, cue };
    c.attribution = Some((attribution, Provenance::span(span.0, span.1)));
}

/// Who makes a claim whose verb starts at `cue`: the actor or person named last before it in its
/// clause, or else the few words standing as its subject ("Activists", "French President Francois
/// Hollande"); none when the verb has no subject of its own.
fn source(ctx: &DocContext, from: usize, cue: usize) -> Option<String> {
    let before = &ctx.text[from..cue];
    let clause_start = before.rfind([',', ';', ':', '(', '"', '“']).map_or(from, |i| from + i + 1);
    // The subject's words: after a relative pronoun, without the auxiliaries and adverbs before the verb
    // ("the group has repeatedly accused").
    let mut words: Vec<&str> = ctx.text[clause_start..cue].split_whitespace().collect();
    if let Some(i) = words.iter().rposition(|w| matches!(w.to_ascii_lowercase().as_str(), "that" | "which" | "who")) {
        words.drain(..=i);
    }
    while words.last().is_some_and(|w| SUBJECT_TAIL.contains(&w.to_ascii_lowercase().as_str())) {
        words.pop();
    }
    let pronoun = words
        .first()
        .is_some_and(|w| matches!(w.to_ascii_lowercase().as_str(), "he" | "she" | "it" | "they" | "we" | "i"));
    let subject = (!words.is_empty() && words.len() <= MAX_SUBJECT_WORDS && !pronoun).then(|| words.join(" "));
    if let Some(m) = ctx.names_in(clause_start, cue).last() {
        if let Some(r) = ctx.pack.person_from_entries(&m.entries, ctx.published) {
            return Some(r.person.name.clone());
        }
        match actor_of(ctx, m, false) {
            Some((name, _, false)) => return Some(name),
            // A description ("activists", "Washington", "French President ...") is given as the text
            // gives it, not as whom it may mean.
            Some((_, _, true)) => return subject.or_else(|| Some(ctx.text[m.start..m.end].to_owned())),
            None => {}
        }
    }
    subject
}

/// A subject longer than this is a clause, not a name of who says so.
const MAX_SUBJECT_WORDS: usize = 5;

/// Words between a subject and its verb of attribution that are not the subject.
const SUBJECT_TAIL: &[&str] =
    &["has", "have", "had", "also", "repeatedly", "again", "previously", "already", "strongly", "openly", "publicly"];
