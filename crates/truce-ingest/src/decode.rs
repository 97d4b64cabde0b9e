//! Bytes to text: encoding detection, decoding and Unicode normalisation.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};
use unicode_normalization::{UnicodeNormalization, is_nfc_quick};

/// Text decoded from bytes, with the name of the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, normalised to Unicode NFC.
    pub text: String,
    /// The WHATWG name of the source encoding ("UTF-8", "UTF-16LE", "windows-1256", ...).
    pub encoding: &'static str,
    /// What was repaired on the way, for the document's notes: a cut character dropped, stray
    /// control bytes removed.
    pub notes: Vec<String>,
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty input")]
    Empty,
    #[error("binary content (NUL bytes or control characters), not text")]
    Binary,
    #[error("undecodable text: {0}")]
    Undecodable(String),
    #[error("not text in any encoding: read as {0} it is {1}")]
    Implausible(&'static str, String),
}

/// When bytes count as binary rather than text with a few strays: more than one control character
/// (tab, line breaks and form feed aside) per this many characters. Real pages carry the odd stray
/// (two `\x1d` in 180 KB, a DEL in an attribute); binary formats carry them on every line.
const CHARS_PER_STRAY_CONTROL: usize = 1000;

/// How much of a text read in a legacy encoding may be neither letters, digits, white space nor
/// punctuation: random bytes read as windows-1252 are a third symbols (`¤¦§¨©ª«¬®¯°±`), prose a few
/// per mille (`°`, `€`, `©`).
const MAX_SYMBOL_SHARE: f64 = 0.03;

/// Prose has white space (spaces between words, or at least line breaks between paragraphs in scripts
/// written without spaces): one per this many characters at the least.
const MAX_CHARS_PER_SPACE: usize = 200;

/// Bytes that are UTF-8 but for a few corrupt sequences are read as UTF-8 with the sequences replaced
/// (and a note), not handed to a legacy-encoding guess that would turn every Arabic letter into two
/// Latin ones: at most one invalid sequence per this many bytes, and ten valid multi-byte characters
/// for each invalid one.
const BYTES_PER_INVALID_UTF8: usize = 1000;

/// Decodes bytes of unknown encoding.
///
/// A byte-order mark decides first (UTF-8, UTF-16LE/BE). Otherwise bytes that are valid UTF-8 are UTF-8;
/// bytes that are not are handed to chardetng, which guesses among the legacy encodings a news archive
/// holds (windows-1256 for Arabic, windows-1252 for Western European). A guess that still produces
/// replacement characters or control characters is refused rather than stored as mojibake.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors {
            return Err(DecodeError::Undecodable(format!("invalid {} after its byte-order mark", encoding.name())));
        }
        return finish(&text, encoding, Vec::new());
    }
    if looks_like_utf16_without_bom(bytes) {
        return Err(DecodeError::Undecodable("UTF-16 without a byte-order mark".into()));
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish(text, UTF_8, Vec::new());
    }
    if let Some((text, notes)) = nearly_utf8(bytes) {
        return finish(&text, UTF_8, notes);
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, Utf8Detection::Deny);
    if encoding == UTF_8 || encoding == UTF_16LE || encoding == UTF_16BE {
        return Err(DecodeError::Undecodable("invalid UTF-8 and no legacy encoding fits".into()));
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::Undecodable(format!("invalid UTF-8, and not valid {} either", encoding.name())));
    }
    if let Some(why) = implausible(&text) {
        return Err(DecodeError::Implausible(encoding.name(), why));
    }
    finish(&text, encoding, Vec::new())
}

/// UTF-8 with a character cut at the end (a truncated download), or with a few corrupt sequences:
/// read as UTF-8, the cut tail dropped and corrupt sequences replaced by U+FFFD, each with a note.
fn nearly_utf8(bytes: &[u8]) -> Option<(String, Vec<String>)> {
    let mut text = String::with_capacity(bytes.len());
    let (mut invalid, mut multibyte, mut cut_tail) = (0usize, 0usize, 0usize);
    let mut chunks = bytes.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        text.push_str(chunk.valid());
        multibyte += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        let bad = chunk.invalid();
        if bad.is_empty() {
            continue;
        }
        // The last chunk's invalid bytes are a cut character when they start a sequence that the end
        // of input interrupted (a lead byte and fewer continuation bytes than it announces).
        let is_last = chunks.peek().is_none();
        if is_last && std::str::from_utf8(bad).is_err_and(|e| e.error_len().is_none()) {
            cut_tail = bad.len();
        } else {
            invalid += 1;
            text.push('\u{fffd}');
        }
    }
    let plausible = invalid == 0 || (invalid * BYTES_PER_INVALID_UTF8 <= bytes.len() && multibyte >= 10 * invalid);
    if !plausible {
        return None;
    }
    let mut notes = Vec::new();
    if cut_tail > 0 {
        notes.push(format!("the input ends inside a UTF-8 character: its {cut_tail} byte(s) were dropped"));
    }
    if invalid > 0 {
        notes.push(format!("{invalid} invalid UTF-8 sequence(s) replaced by U+FFFD"));
    }
    Some((text, notes))
}

/// Why a legacy-encoding reading is not prose, if it is not: too many symbols, or no white space.
fn implausible(text: &str) -> Option<String> {
    let (mut chars, mut symbols, mut spaces) = (0usize, 0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        if c.is_whitespace() {
            spaces += 1;
        } else if !(c.is_alphanumeric() || c.is_ascii_punctuation() || is_prose_punctuation(c)) {
            symbols += 1;
        }
    }
    if chars == 0 {
        return None;
    }
    let share = symbols as f64 / chars as f64;
    if share > MAX_SYMBOL_SHARE {
        return Some(format!("{:.0} % symbols, not letters", share * 100.0));
    }
    if chars > MAX_CHARS_PER_SPACE && spaces * MAX_CHARS_PER_SPACE < chars {
        return Some(format!("{chars} characters with {spaces} spaces or line breaks"));
    }
    None
}

/// Punctuation of prose beyond ASCII: quotation marks, dashes, ellipsis, the CJK and Arabic marks.
fn is_prose_punctuation(c: char) -> bool {
    matches!(c, '\u{2010}'..='\u{2027}' | '«' | '»' | '¡' | '¿' | '·' | '\u{3000}'..='\u{303f}' | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '،' | '؛' | '؟' | '٪' | '\u{a0}')
}

fn finish(text: &str, encoding: &'static Encoding, mut notes: Vec<String>) -> Result<Decoded, DecodeError> {
    let (text, note) = without_stray_controls(text)?;
    notes.extend(note);
    let text = nfc(&text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded { text, encoding: encoding.name(), notes })
}

/// The text without its stray control characters, and a note saying how many went; refused as binary
/// when they are more than strays. The same rule for bytes read from a file and for a JSON string,
/// where `\u001b` arrives as an escape.
pub(crate) fn without_stray_controls(text: &str) -> Result<(std::borrow::Cow<'_, str>, Option<String>), DecodeError> {
    let strays = text.chars().filter(|c| is_binary_control(*c)).count();
    if strays == 0 {
        return Ok((text.into(), None));
    }
    if strays * CHARS_PER_STRAY_CONTROL > text.chars().count() {
        return Err(DecodeError::Binary);
    }
    Ok((
        text.replace(is_binary_control, "").into(),
        Some(format!("{strays} stray control character(s) removed from the text")),
    ))
}

/// Control characters that never occur in text files (tab, newlines and form feed excepted): C0, DEL
/// and C1 (U+0080 to U+009F, which an 8-bit terminal reads as escape sequences).
pub(crate) fn is_binary_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{0c}')
}

/// Many NULs in alternating positions: UTF-16 text that lost its byte-order mark.
fn looks_like_utf16_without_bom(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(512)];
    if sample.len() < 8 {
        return false;
    }
    let even_nuls = sample.iter().step_by(2).filter(|b| **b == 0).count();
    let odd_nuls = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
    let half = sample.len() / 2;
    (even_nuls * 10 > half * 8 && odd_nuls == 0) || (odd_nuls * 10 > half * 8 && even_nuls == 0)
}

/// NFC normalisation, skipping the copy for the common case of text that is already NFC.
pub fn nfc(text: &str) -> String {
    match is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text.to_owned(),
        _ => text.nfc().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("Idlib truce".as_bytes()).unwrap().encoding, "UTF-8");
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice("Idlib".as_bytes());
        assert_eq!(decode(&with_bom).unwrap(), Decoded { text: "Idlib".into(), encoding: "UTF-8", notes: vec![] });
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let text = "هدنة في إدلب";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&le).unwrap(), Decoded { text: text.into(), encoding: "UTF-16LE", notes: vec![] });
        assert_eq!(decode(&be).unwrap(), Decoded { text: text.into(), encoding: "UTF-16BE", notes: vec![] });
    }

    #[test]
    fn windows_1256_arabic_is_detected() {
        let text = "أعلنت الحكومة السورية وقف إطلاق النار في محافظة إدلب اعتبارا من منتصف الليل، وقال المرصد السوري إن الغارات الجوية توقفت.";
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
        assert!(!unmappable);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "windows-1256");
        assert_eq!(decoded.text, text);
    }

    #[test]
    fn windows_1252_is_detected() {
        let text = "Le cessez-le-feu négocié à Genève est entré en vigueur à 19 heures, a déclaré le ministre français des Affaires étrangères.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(text);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "windows-1252");
        assert_eq!(decoded.text, text);
    }

    #[test]
    fn normalises_to_nfc() {
        // "Qal‘at al Maḑīq" written with combining marks.
        let decomposed = "Qal‘at al Mad\u{0327}i\u{0304}q";
        let decoded = decode(decomposed.as_bytes()).unwrap();
        assert_eq!(decoded.text, "Qal‘at al Maḑīq");
    }

    #[test]
    fn refuses_binary_and_empty() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"  \n "), Err(DecodeError::Empty));
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Err(DecodeError::Binary));
        assert_eq!(decode(b"text with a bell \x07 in it"), Err(DecodeError::Binary));
        let utf16_no_bom: Vec<u8> = "plain words here".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert!(matches!(decode(&utf16_no_bom), Err(DecodeError::Undecodable(_))));
    }

    #[test]
    fn utf8_cut_inside_a_character_is_utf8_without_the_tail() {
        let text = "قصف قرب القرداحة";
        let bytes = text.as_bytes();
        let cut = &bytes[..bytes.len() - 1];
        let decoded = decode(cut).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.text, text.strip_suffix('ة').unwrap());
        assert!(decoded.notes[0].contains("ends inside a UTF-8 character"), "{:?}", decoded.notes);
    }

    #[test]
    fn a_few_corrupt_sequences_in_utf8_are_replaced_not_read_as_a_legacy_encoding() {
        let text = "وقال المرصد السوري إن الغارات الجوية توقفت في ريف إدلب الجنوبي. ".repeat(30);
        let mut bytes = text.into_bytes();
        bytes[500] = 0xFF;
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        // The byte replaced a letter's lead byte, so its continuation byte is corrupt too.
        assert_eq!(decoded.text.matches('\u{fffd}').count(), 2);
        assert!(decoded.notes[0].contains("invalid UTF-8"), "{:?}", decoded.notes);
    }

    #[test]
    fn random_high_bytes_are_not_a_windows_1252_article() {
        // A fixed linear congruential sequence over 0x80..=0xFF: reproducible noise.
        let mut state = 12345u32;
        let noise: Vec<u8> = (0..200_000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                0x80 | (state >> 16) as u8
            })
            .collect();
        let refused = decode(&noise);
        assert!(matches!(refused, Err(DecodeError::Implausible(..)) | Err(DecodeError::Undecodable(_))), "{refused:?}");
    }

    #[test]
    fn stray_control_bytes_in_a_long_page_are_removed_and_noted() {
        let mut page = "<p>The truce held through the night, residents said.</p>\n".repeat(200);
        page.insert(3000, '\u{1d}');
        page.insert(6000, '\u{7f}');
        let decoded = decode(page.as_bytes()).unwrap();
        assert!(!decoded.text.contains(['\u{1d}', '\u{7f}']));
        assert_eq!(decoded.notes, vec!["2 stray control character(s) removed from the text".to_string()]);
    }
}
