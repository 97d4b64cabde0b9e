//! The names the world layer answers to, read from its tables. Shared by `build.rs`, which folds them
//! into an FST compiled into the binary (so that no process pays for indexing half a million names at
//! start-up), and by `world.rs`, which reads the same tables for the records the names point to.

/// The Arabic article and its assimilated forms as GeoNames writes them at the start of a name
/// ("Al Hudaydah"), which English news often leaves out.
const ARABIC_ARTICLES: &[&str] =
    &["al", "ad", "adh", "ar", "as", "ash", "at", "ath", "az", "an", "el", "ed", "es", "ez"];

/// Words of directions, of which some countries name their divisions ("West", "Centre", "North East"):
/// such a division has no name in running text.
const DIRECTION_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "centre",
    "center",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "region",
    "province",
    "capital",
    "district",
    "coast",
];

/// What a name refers to, as a tagged index: the tag in the top two bits.
pub const PLACE: u32 = 0;
pub const ALIAS: u32 = 1;
pub const DEMONYM: u32 = 2;

pub fn encode(tag: u32, index: u32) -> u32 {
    (tag << 30) | index
}

pub fn decode(code: u32) -> (u32, u32) {
    (code >> 30, code & ((1 << 30) - 1))
}

/// Rows of an embedded table: the comment line naming the source and the header line skipped.
pub fn rows(table: &str) -> impl Iterator<Item = Vec<&str>> {
    table.lines().filter(|l| !l.starts_with('#')).skip(1).map(|l| l.split('\t').collect())
}

pub fn list(field: &str) -> impl Iterator<Item = &str> {
    field.split('|').filter(|s| !s.is_empty())
}

/// Every (folded key, code) of the world's names. Places are numbered countries first, then divisions,
/// then towns, in table order.
pub fn each_name(
    countries: &str,
    divisions: &str,
    cities: &str,
    fold: fn(&str) -> String,
    mut add: impl FnMut(String, u32),
) {
    let mut keys = |name: &str, code: u32| {
        let key = fold(name);
        if key.len() < 2 {
            return;
        }
        if let Some((article, rest)) = key.split_once(' ')
            && ARABIC_ARTICLES.contains(&article)
            && rest.len() >= 4
        {
            add(rest.to_owned(), code);
        }
        add(key, code);
    };
    let mut n = 0u32;
    for f in rows(countries) {
        for name in list(f[4]) {
            keys(name, encode(PLACE, n));
        }
        for demonym in list(f[5]) {
            keys(demonym, encode(DEMONYM, n));
        }
        n += 1;
    }
    for f in rows(divisions) {
        if !fold(f[2]).split(' ').all(|w| DIRECTION_WORDS.contains(&w)) {
            keys(f[2], encode(PLACE, n));
        }
        n += 1;
    }
    for f in rows(cities) {
        keys(f[1], encode(PLACE, n));
        if !f[2].is_empty() {
            keys(f[2], encode(PLACE, n));
        }
        for alternate in list(f[3]) {
            keys(alternate, encode(ALIAS, n));
        }
        n += 1;
    }
}
