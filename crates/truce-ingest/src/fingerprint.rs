//! Fingerprints for finding copies: an exact hash of the normalised text, and a MinHash signature of its
//! word shingles for near-copies (the same wire story under another outlet's headline and trailer).
//!
//! MinHash with banded locality-sensitive hashing (Broder 1997; Leskovec, Rajaraman and Ullman, ch. 3).
//! Written here rather than taken from a crate because the band keys and signatures must be persisted in
//! the store and looked up there across runs, and must stay bit-identical across versions: the hashes are
//! xxh3 (a fixed, specified algorithm) and a splitmix64 finaliser, both frozen.

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

/// Number of MinHash values in a signature.
pub const SIGNATURE_LEN: usize = 64;
/// Bands × rows = `SIGNATURE_LEN`. With 16 bands of 4 rows, a pair with Jaccard similarity 0.7 becomes
/// a candidate with probability 0.99, a pair at 0.3 with probability 0.12 (and is then rejected by the
/// full-signature estimate).
pub const BANDS: usize = 16;
const ROWS: usize = SIGNATURE_LEN / BANDS;
/// Words per shingle.
const SHINGLE_WORDS: usize = 5;
/// Estimated Jaccard similarity of shingle sets at or above which two texts are the same story.
pub const NEAR_DUPLICATE_THRESHOLD: f64 = 0.6;

/// The fingerprint of one document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprint {
    /// 128-bit hash of the text with white space collapsed: equal for exact copies.
    pub exact: u128,
    /// MinHash signature over word shingles.
    pub signature: [u32; SIGNATURE_LEN],
}

impl Fingerprint {
    pub fn of(text: &str) -> Fingerprint {
        Fingerprint { exact: exact_hash(text), signature: minhash(text) }
    }

    /// One key per band; two texts that share any key are candidate near-duplicates.
    pub fn band_keys(&self) -> [u64; BANDS] {
        let mut keys = [0u64; BANDS];
        for (band, key) in keys.iter_mut().enumerate() {
            let mut bytes = [0u8; 4 * ROWS + 1];
            bytes[0] = band as u8;
            for (row, value) in self.signature[band * ROWS..(band + 1) * ROWS].iter().enumerate() {
                bytes[1 + row * 4..1 + row * 4 + 4].copy_from_slice(&value.to_le_bytes());
            }
            // The store keeps keys as SQLite integers, which are signed 64-bit.
            *key = xxh3_64(&bytes) & 0x7fff_ffff_ffff_ffff;
        }
        keys
    }

    /// Estimated Jaccard similarity of the two texts' shingle sets.
    pub fn similarity(&self, other: &[u32; SIGNATURE_LEN]) -> f64 {
        let same = self.signature.iter().zip(other.iter()).filter(|(a, b)| a == b).count();
        same as f64 / SIGNATURE_LEN as f64
    }

    pub fn signature_bytes(&self) -> Vec<u8> {
        self.signature.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    pub fn signature_from_bytes(bytes: &[u8]) -> Option<[u32; SIGNATURE_LEN]> {
        if bytes.len() != SIGNATURE_LEN * 4 {
            return None;
        }
        let mut sig = [0u32; SIGNATURE_LEN];
        for (i, chunk) in bytes.chunks_exact(4).enumerate() {
            sig[i] = u32::from_le_bytes(chunk.try_into().ok()?);
        }
        Some(sig)
    }
}

/// The hash that identifies a text whatever its white-space layout (the store checks stored texts
/// against it).
pub fn exact_hash(text: &str) -> u128 {
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    xxh3_128(collapsed.as_bytes())
}

/// splitmix64's finaliser, a bijective mix used to combine word hashes into shingle hashes.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Multipliers (odd) and addends of the `SIGNATURE_LEN` hash functions `h -> (a*h + b) >> 32` on the
/// 64-bit shingle hash (multiply-shift hashing, Dietzfelbinger et al. 1997): one multiply-add per slot,
/// which the compiler vectorises across slots.
const fn coefficients() -> ([u64; SIGNATURE_LEN], [u64; SIGNATURE_LEN]) {
    let mut a = [0u64; SIGNATURE_LEN];
    let mut b = [0u64; SIGNATURE_LEN];
    let mut state = 0x853c_49e6_748f_ea9bu64;
    let mut i = 0;
    while i < SIGNATURE_LEN {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        a[i] = state | 1;
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        b[i] = state;
        i += 1;
    }
    (a, b)
}
const COEFFICIENTS: ([u64; SIGNATURE_LEN], [u64; SIGNATURE_LEN]) = coefficients();

fn minhash(text: &str) -> [u32; SIGNATURE_LEN] {
    let words: Vec<u64> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().any(|b| b.is_ascii_uppercase()) {
                xxh3_64(w.to_lowercase().as_bytes())
            } else {
                xxh3_64(w.as_bytes())
            }
        })
        .collect();
    let shingles: Vec<u64> = if words.len() < SHINGLE_WORDS {
        vec![words.iter().fold(0u64, |acc, w| mix(acc ^ w))]
    } else {
        words
            .windows(SHINGLE_WORDS)
            .map(|window| window.iter().fold(0u64, |acc, w| mix(acc.rotate_left(7) ^ w)))
            .collect()
    };
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, checked just above.
        return unsafe { signature_avx2(&shingles) };
    }
    signature_of(&shingles)
}

/// The same computation compiled for AVX2, where 64-bit multiplies vectorise four at a time.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn signature_avx2(shingles: &[u64]) -> [u32; SIGNATURE_LEN] {
    signature_of(shingles)
}

#[inline(always)]
fn signature_of(shingles: &[u64]) -> [u32; SIGNATURE_LEN] {
    let mut signature = [u32::MAX; SIGNATURE_LEN];
    let (mul, add_to) = &COEFFICIENTS;
    for &shingle in shingles {
        for i in 0..SIGNATURE_LEN {
            let h = (mul[i].wrapping_mul(shingle).wrapping_add(add_to[i]) >> 32) as u32;
            signature[i] = signature[i].min(h);
        }
    }
    signature
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORY: &str = "Air strikes on the north-western province stopped on Friday morning after negotiators \
        meeting in the Kazakh capital agreed to a conditional ceasefire, a war monitor said. The monitor, \
        which has observers on the ground, said no warplanes had flown over the area \
        since midnight, although shelling continued along the southern edge of the zone. Ground fire \
        killed one man in a village near the coast, state media reported, blaming fighters in the zone. \
        The opposition delegation said it would respect the truce if government forces did the same, \
        and that it had already withdrawn its heavy weapons from the front line last year. The agreement \
        requires fighters to pull back twenty kilometres from the demilitarised zone set up by Turkey \
        and Russia, a condition that rebel leaders have rejected in the past.";

    #[test]
    fn exact_hash_ignores_white_space_layout_only() {
        assert_eq!(Fingerprint::of("a  b\n\nc").exact, Fingerprint::of("a b c").exact);
        assert_ne!(Fingerprint::of("a b c").exact, Fingerprint::of("a b d").exact);
    }

    #[test]
    fn a_republished_wire_story_is_a_near_duplicate() {
        let original = format!("Truce takes hold in Idlib\n\n{STORY}");
        let copy = format!(
            "Calm returns to north-west Syria as deal holds\n\n{STORY}\n\nFollow our live coverage on social media. \
             Copyright 2019 Example Agency."
        );
        let a = Fingerprint::of(&original);
        let b = Fingerprint::of(&copy);
        assert!(a.similarity(&b.signature) >= NEAR_DUPLICATE_THRESHOLD, "{}", a.similarity(&b.signature));
        let shared_bands = a.band_keys().iter().filter(|k| b.band_keys().contains(k)).count();
        assert!(shared_bands > 0);
    }

    #[test]
    fn a_lightly_edited_copy_is_still_a_near_duplicate() {
        let edited = STORY
            .replace("a war monitor said", "the Observatory, based in Britain, said")
            .replace("state media reported", "the official news agency reported");
        let a = Fingerprint::of(STORY);
        let b = Fingerprint::of(&edited);
        assert!(a.similarity(&b.signature) >= NEAR_DUPLICATE_THRESHOLD, "{}", a.similarity(&b.signature));
    }

    #[test]
    fn a_different_story_on_the_same_subject_is_not() {
        let other = "The ceasefire in the north-western province collapsed on Monday when government \
            warplanes resumed strikes on towns in the south of the zone, a war monitor said. Rescue workers \
            pulled bodies from the rubble of a market, and thousands of families fled towards the Turkish \
            border, where camps are already full. The government accused fighters of failing to withdraw \
            from the demilitarised zone, the condition it had set for the truce, and of shelling a coastal \
            village. Turkey and Russia, which agreed the zone last year, said they would keep talking.";
        let a = Fingerprint::of(STORY);
        let b = Fingerprint::of(other);
        assert!(a.similarity(&b.signature) < 0.2, "{}", a.similarity(&b.signature));
    }

    #[test]
    fn signatures_round_trip_through_bytes() {
        let fp = Fingerprint::of(STORY);
        assert_eq!(Fingerprint::signature_from_bytes(&fp.signature_bytes()), Some(fp.signature));
        assert_eq!(Fingerprint::signature_from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn signatures_ignore_case_and_punctuation() {
        let fp = Fingerprint::of("the quick brown fox jumps over the lazy dog");
        let again = Fingerprint::of("The quick brown fox jumps over the lazy dog.");
        assert_eq!(fp.signature, again.signature);
        assert!(fp.band_keys().iter().all(|k| *k <= i64::MAX as u64));
    }
}
