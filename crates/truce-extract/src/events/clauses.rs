//! Clauses and the cues that decide whether one reports an event: irrealis, conditions, halts
//! (`ceased`), aggregates over a war, events told in passing, anaphora.

use super::*;

/// Words that make what follows a condition ([`crate::cues::CONDITION_CONNECTIVES`]).
pub(super) static CONDITIONAL: LazyLock<Regex> =
    LazyLock::new(|| crate::re(&format!(r"(?i)\b(?:{})\b", crate::cues::CONDITION_CONNECTIVES)).unwrap());

/// Words that make a clause not a report of something that happened: the shared modals and conditional
/// words ([`crate::cues`]), and what only an event needs to be real: no threat, plan, aim or obligation,
/// no denial, no appeal or demand, no fear or risk of it.
pub(super) static IRREALIS: LazyLock<Regex> = LazyLock::new(|| {
    use crate::cues::{FUTURES, HEDGES, IF_WORDS};
    crate::re(&format!(r"(?i)\b(?:{HEDGES}|{FUTURES}|may|{IF_WORDS}|threaten(?:s|ed|ing)?\s+to|plan(?:s|ned|ning)?\s+to|vow(?:s|ed)?\s+to|warn(?:s|ed)?\s+(?:of|against|that)|intend(?:s|ed)?\s+to|aim(?:s|ed)?\s+to|(?:have|has|had)\s+to|required\s+to|obliged\s+to|to\s+(?:prevent|avoid|stop|halt|end)|in\s+order\s+to|denied|denies|deny|did\s+not|didn't|do\s+not|does\s+not|never|no\s+evidence|refus(?:ed|es|e)\s+to|called\s+(?:on|for)|urg(?:ed|es)|demand(?:ed|s)?|condition(?:s|al)?|ready\s+to|prepar(?:ing|ed)\s+(?:to|for)|expected\s+to|capability|capable|avoid|potential|risk\s+of|fear(?:s|ed)?|possible|possibility|purportedly\s+to|designed\s+to|meant\s+to|accused\b.{{0,40}}\bof\s+planning|to\s+(?:assist|help)|(?:assist|help)\s+in|efforts?\s+to|(?:the\s+)?fight\s+against|in\s+the\s+fight)\b")).unwrap()
});

/// Whether `text` has an irrealis word ([`IRREALIS`]). A capitalised "May" inside the text or before a
/// number is the month ("On May 3, air strikes killed ...") or a name, not the modal.
pub(super) fn irrealis(text: &str) -> bool {
    IRREALIS.find_iter(text).any(|m| {
        let word = m.as_str();
        let month = word == "May"
            && (text[..m.start()].trim().chars().any(char::is_alphanumeric)
                || text[m.end()..].trim_start().starts_with(|c: char| c.is_ascii_digit()));
        !month
    })
}

/// A modal right after a trigger noun: "warplanes may bomb the town", "strikes could resume".
pub(super) static MODAL_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(&format!(r"^\s+(?:{}|{}|(?-i:may))\s", crate::cues::HEDGES, crate::cues::FUTURES)).unwrap()
});

/// A modal before a halt makes it a promise or a possibility ("would stop shelling", "could halt the
/// raids"), not a halt that happened ([`crate::cues`]).
pub(super) static PROMISE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(&format!(r"(?i)\b(?:{}|{}|(?-i:may))\b", crate::cues::HEDGES, crate::cues::FUTURES)).unwrap()
});

/// Words that report something stopping: a `ceased` event.
pub(super) static CEASED: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:halt(?:ed|s)?|stopp(?:ed)|stops|ceased|suspended|paused|subsided|no\s+longer|calm(?:ed)?|quiet|lull|(?:have|has)\s+stopped|no\s+(?:more\s+)?(?:war)?planes|no\s+(?:more\s+)?(?:air\s*strikes|strikes|shelling|bombing|raids|jets|helicopters))\b").unwrap()
});

/// Aggregates over the war, not events: "the conflict has so far cost 350,000 lives".
pub(super) static AGGREGATE: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)(?:conflict|war|fighting|uprising|crisis)\s+(?:has|have|had|which\s+has)\s+(?:so\s+far\s+)?(?:killed|claimed|left)|since\s+(?:it\s+(?:started|began|erupted)|the\s+(?:start|beginning|outbreak)|(?:early|mid-?|late\s+)?(?:(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+)?(?:19|20)\d\d\b)|death\s+toll\s+(?:in|of|from)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:conflict|war)|(?:so\s+far\s+)?this\s+year|in\s+total|overall\s+death|documented\s+the\s+(?:deaths|killing)|per\s+cent|percent|\b(?:days|weeks|months|years)\s+of\s+(?:(?:heavy|intense|fierce|escalated|renewed|sporadic|deadly|bloody|relentless|continued|constant|cross-border)\s+)?(?:air\s*strikes|raids|fighting|bombing|bombardment|clashes|shelling|violence|war|conflict|siege)|\b(?:since|over\s+the\s+(?:past|last))\s+(?:\w+\s+){0,2}(?:days|weeks|months|years)|so\s+far|to\s+date|in\s+all|the\s+(?:total|overall)\s+(?:death\s+)?toll|(?:monthly|weekly|annual|yearly)\s+(?:toll|report)|\bsince\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|last|early|the\s+(?:start|beginning)|then|january|february|march|april|may|june|july|august|september|october|november|december)\b|\bsince\s+(?:the\s+)?[\w\s-]{1,40}?\s+(?:began|started|erupted|was\s+launched|broke\s+off|broke\s+down|collapsed|ended)\b|\b(?:the\s+)?(?:deaths|toll|dead|casualties)\s+(?:include|includes|included)\b|\bin\s+recent\s+(?:days|weeks|months)\b|\bover\s+the\s+(?:weekend|past\s+few\s+days)\b").unwrap()
});

/// Another event mentioned in passing, as the context of the one reported: "just a day after dozens were
/// killed in ...", "the attack came days after ...", "died of wounds they had sustained in air strikes"
/// (the strike told before, the death a toll's update). ACLED codes such an event from its own reports.
pub(super) static IN_PASSING: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i)\b(?:(?:just|only|barely)\s+)?(?:a|one|two|three|four|five|several|few|\d+)?\s*(?:day|days|hours?|weeks?|months?)\s+(?:after|before)\b|\b(?:comes?|came|coming)\s+(?:(?:just|only|less\s+than|more\s+than|barely|nearly|almost|about)\s+)?(?:a|an|one|two|three|four|five|six|several|few|\d+)?\s*(?:day|days|hours?|weeks?|months?)?\s*(?:after|before)\b|\bin\s+the\s+wake\s+of\b|\bweeks?\s+after\b|\bthe\s+previous\s+(?:day|week)\b|\bearlier\s+(?:this|last)\s+(?:week|month)\b|\b(?:a|one|two|three|four|five|several|few|\d+)\s+(?:days?|weeks?)\s+ago\b|\bthe\s+same\s+(?:neighbou?rhood|area|town|village|district|city)\b|\b(?:wounds|injuries)\s+(?:\w+\s+){0,2}had\s+(?:sustained|suffered|received)\b").unwrap()
});

/// Clause breaks inside a sentence: one event each.
pub(super) static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    crate::re(r"(?i),?\s+\bbut\b\s+|;\s+|,?\s+\bwhile\b\s+|,?\s+\bwhereas\b\s+|,?\s+\balthough\b\s+|\s+—\s+|,\s+and\s+(?:that\s+)?|\s+(?:came|comes|come|coming)\s+as\s+").unwrap()
});

pub(super) fn clauses(sentence: &str) -> Vec<(usize, usize)> {
    // "The assault comes two weeks after IS killed 270 ...": what follows is another event, told in
    // passing; it opens a clause of its own (where it is then dropped) so that its toll and place stay
    // out of the event before it.
    static PASSING_BREAK: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)(?:\s(?:comes?|came|coming)\s+(?:(?:just|only|less\s+than|more\s+than|barely|nearly|almost|about)\s+)?(?:a|an|one|two|three|four|five|six|several|few|\d+)?\s*(?:days?|hours?|weeks?|months?)?\s*(?:after|before)|\sin\s+the\s+wake\s+of|,\s*(?:(?:just|only|barely|some)\s+)?(?:a|an|one|two|three|four|five|six|several|few|\d+)\s+(?:days?|weeks?|months?)\s+(?:after|before))\b").unwrap()
    });
    let mut breaks: Vec<(usize, usize)> = CLAUSE_BREAK.find_iter(sentence).map(|m| (m.start(), m.end())).collect();
    breaks.extend(PASSING_BREAK.find_iter(sentence).map(|m| (m.start(), m.start() + 1)));
    // "... killed 43 on Saturday as US-backed fighters advanced on Raqqa": what happened meanwhile is
    // another event, with its own place.
    static MEANWHILE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
        crate::re(r"(?i)\s+as\s+(?:[\w'’-]+\s+){1,5}?(?:advanced|advance|pushed|pressed|launched|continued|battled|fought|clashed|stormed|moved|closed\s+in|tightened|pounded)\b").unwrap()
    });
    breaks.extend(MEANWHILE_BREAK.find_iter(sentence).map(|m| (m.start(), m.start() + 1)));
    breaks.sort_unstable();
    let mut out = Vec::new();
    let mut start = 0;
    for (from, to) in breaks {
        if from < start {
            continue;
        }
        if from > start {
            out.push((start, from));
        }
        start = to;
    }
    if start < sentence.len() {
        out.push((start, sentence.len()));
    }
    out
}

/// The sentence with the dateline and any page furniture blanked out (same byte length), so that "Sun 10
/// Jul 2016 29 Rebels Dead" reads 29, not 10.
pub(super) fn masked_sentence(ctx: &DocContext, i: usize) -> String {
    let s = ctx.sentences[i];
    let mut text = ctx.sentence_text(i).to_owned();
    for &(fs, fe) in ctx.doc.dateline.iter().chain(ctx.furniture_in(s.start, s.end)) {
        if !(fs < s.end && fe > s.start) {
            continue;
        }
        let (a, b) = (fs.max(s.start) - s.start, fe.min(s.end) - s.start);
        if text.is_char_boundary(a) && text.is_char_boundary(b) {
            let blank = " ".repeat(text[a..b].len());
            text.replace_range(a..b, &blank);
        }
    }
    text
}

/// "the attack", "this assault": a generic word with a definite article refers back.
pub(super) fn is_anaphoric(before: &str, word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    let generic = w.starts_with("attack") || w.starts_with("assault") || w == "offensive";
    let b = before.trim_end().to_ascii_lowercase();
    generic && ["the", "this", "that", "deadly", "latest"].iter().any(|d| b.ends_with(d))
}
