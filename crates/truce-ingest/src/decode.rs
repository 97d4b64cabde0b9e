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
}

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
        return finish(&text, encoding);
    }
    if looks_like_utf16_without_bom(bytes) {
        return Err(DecodeError::Undecodable("UTF-16 without a byte-order mark".into()));
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return finish(text, UTF_8);
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
    finish(&text, encoding)
}

fn finish(text: &str, encoding: &'static Encoding) -> Result<Decoded, DecodeError> {
    if text.chars().any(is_binary_control) {
        return Err(DecodeError::Binary);
    }
    let text = nfc(text);
    if text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(Decoded { text, encoding: encoding.name() })
}

/// Control characters that never occur in text files (tab, newlines and form feed excepted).
fn is_binary_control(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r' | '\u{0c}')) || c == '\u{7f}'
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
        assert_eq!(decode(&with_bom).unwrap(), Decoded { text: "Idlib".into(), encoding: "UTF-8" });
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let text = "هدنة في إدلب";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
        assert_eq!(decode(&le).unwrap(), Decoded { text: text.into(), encoding: "UTF-16LE" });
        assert_eq!(decode(&be).unwrap(), Decoded { text: text.into(), encoding: "UTF-16BE" });
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
}
