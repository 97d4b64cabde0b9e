//! UAX #29 sentence boundaries for ASCII text, by table.
//!
//! The rules are those of Unicode Standard Annex #29, section 5.1 (SB3–SB11). ASCII has no Extend,
//! Format, OLetter or Sep characters, which leaves the rules below. Equivalence with
//! `unicode-segmentation` is tested on random text in this module's tests.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Cr,
    Lf,
    Sp,
    Lower,
    Upper,
    Numeric,
    ATerm,
    STerm,
    Close,
    SContinue,
    Other,
}

const fn class_of(b: u8) -> Class {
    match b {
        b'\r' => Class::Cr,
        b'\n' => Class::Lf,
        b'\t' | 0x0b | 0x0c | b' ' => Class::Sp,
        b'a'..=b'z' => Class::Lower,
        b'A'..=b'Z' => Class::Upper,
        b'0'..=b'9' => Class::Numeric,
        b'.' => Class::ATerm,
        b'!' | b'?' => Class::STerm,
        b'"' | b'\'' | b'(' | b')' | b'[' | b']' | b'{' | b'}' => Class::Close,
        b',' | b'-' | b':' | b';' => Class::SContinue,
        _ => Class::Other,
    }
}

const fn table() -> [Class; 128] {
    let mut t = [Class::Other; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = class_of(i as u8);
        i += 1;
    }
    t
}
const TABLE: [Class; 128] = table();

fn class(b: u8) -> Class {
    TABLE[(b & 0x7f) as usize]
}

/// Where we are after a sentence terminator: `SATerm Close*` or `SATerm Close* Sp*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    Nothing,
    Close { aterm: bool },
    Space { aterm: bool },
}

/// Appends the pieces of the ASCII `line` (offsets shifted by `base`) to `out`.
pub(crate) fn pieces(line: &[u8], base: usize, out: &mut Vec<(usize, usize)>) {
    let mut start = 0;
    let mut after = After::Nothing;
    // SB8 looks ahead from each position after a full stop to the first decisive character; where the
    // last look found one, every position before it finds the same, so a run of spaces or digits after a
    // full stop is read once, not once per position (quadratic in the run's length).
    let mut decisive: Option<(usize, Option<Class>)> = None;
    for i in 1..line.len() {
        let prev = class(line[i - 1]);
        let next = class(line[i]);
        after = match (after, prev) {
            (_, Class::ATerm) => After::Close { aterm: true },
            (_, Class::STerm) => After::Close { aterm: false },
            (After::Close { aterm }, Class::Close) => After::Close { aterm },
            (After::Close { aterm } | After::Space { aterm }, Class::Sp) => After::Space { aterm },
            _ => After::Nothing,
        };
        if is_break(line, i, prev, next, after, &mut decisive) {
            out.push((base + start, base + i));
            start = i;
        }
    }
    if start < line.len() {
        out.push((base + start, base + line.len()));
    }
}

fn is_break(
    line: &[u8],
    i: usize,
    prev: Class,
    next: Class,
    after: After,
    decisive: &mut Option<(usize, Option<Class>)>,
) -> bool {
    let is_para_sep = |c: Class| matches!(c, Class::Cr | Class::Lf);
    // SB3, SB4
    if prev == Class::Cr && next == Class::Lf {
        return false;
    }
    if is_para_sep(prev) {
        return true;
    }
    let (aterm, spaced) = match after {
        // SB998: no break inside a sentence.
        After::Nothing => return false,
        After::Close { aterm } => (aterm, false),
        After::Space { aterm } => (aterm, true),
    };
    // SB6: ATerm × Numeric
    if prev == Class::ATerm && next == Class::Numeric {
        return false;
    }
    // SB7: (Upper | Lower) ATerm × Upper
    if prev == Class::ATerm
        && next == Class::Upper
        && i >= 2
        && matches!(class(line[i - 2]), Class::Upper | Class::Lower)
    {
        return false;
    }
    // SB8: ATerm Close* Sp* × (¬(OLetter | Upper | Lower | ParaSep | SATerm))* Lower
    if aterm {
        let first_decisive = match *decisive {
            Some((at, c)) if at >= i => c,
            _ => {
                let found = line[i..].iter().position(|b| {
                    matches!(
                        class(*b),
                        Class::Upper | Class::Lower | Class::Cr | Class::Lf | Class::ATerm | Class::STerm
                    )
                });
                let found = found.map_or((line.len(), None), |p| (i + p, Some(class(line[i + p]))));
                *decisive = Some(found);
                found.1
            }
        };
        if first_decisive == Some(Class::Lower) {
            return false;
        }
    }
    // SB8a: SATerm Close* Sp* × (SContinue | SATerm)
    if matches!(next, Class::SContinue | Class::ATerm | Class::STerm) {
        return false;
    }
    // SB9: SATerm Close* × (Close | Sp | ParaSep)
    if !spaced && next == Class::Close {
        return false;
    }
    // SB9, SB10: SATerm Close* Sp* × (Sp | ParaSep)
    if next == Class::Sp || is_para_sep(next) {
        return false;
    }
    // SB11: SATerm Close* Sp* ParaSep? ÷
    true
}

#[cfg(test)]
mod tests {
    use unicode_segmentation::UnicodeSegmentation;

    fn fast(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        super::pieces(text.as_bytes(), 0, &mut out);
        out
    }

    fn reference(text: &str) -> Vec<(usize, usize)> {
        text.split_sentence_bound_indices().map(|(o, p)| (o, o + p.len())).collect()
    }

    #[test]
    fn agrees_with_unicode_segmentation_on_random_ascii() {
        // Characters weighted so that terminators, quotes, spaces and case changes meet often.
        const ALPHABET: &[u8] = b"aaaabbbcdeAABBCDZ0011..!?\"')(]  ,;:-\r\n\t#$%";
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..20_000 {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let len = (state >> 59) as usize + 1;
            let mut text = String::new();
            for _ in 0..len {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                text.push(ALPHABET[(state >> 33) as usize % ALPHABET.len()] as char);
            }
            // A line of the caller never holds a line feed except at its end.
            let line = match text.find('\n') {
                Some(i) => &text[..=i],
                None => &text,
            };
            assert_eq!(fast(line), reference(line), "{line:?}");
        }
    }

    #[test]
    fn agrees_on_news_like_text() {
        let text = "Gen. Smith said (in Geneva) that U.S. officials met. \"It holds,\" he said! Did it? \
                    No. 5 was hit at 3.30 p.m. on Friday... The end.";
        assert_eq!(fast(text), reference(text));
    }
}
