//! Compiles the world layer's names (`world/*.tsv`) into an FST from folded name to a range of a
//! postings array (the places, aliases and demonyms the name may mean), both written to OUT_DIR and
//! embedded by `src/world.rs`.

#[path = "src/fold.rs"]
#[allow(dead_code)]
mod fold;
#[path = "src/world_names.rs"]
#[allow(dead_code)]
mod world_names;

use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() {
    for f in ["world/countries.tsv", "world/admin1.tsv", "world/cities.tsv", "src/fold.rs", "src/world_names.rs"] {
        println!("cargo:rerun-if-changed={f}");
    }
    // The packs are embedded by `include_dir!`, which tells Cargo nothing: a changed pack file must
    // rebuild the crate (Cargo scans a directory given here for any change).
    println!("cargo:rerun-if-changed=../../packs");
    let read = |f: &str| std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{f}: {e}"));
    let (countries, divisions, cities) =
        (read("world/countries.tsv"), read("world/admin1.tsv"), read("world/cities.tsv"));
    let mut names: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    world_names::each_name(&countries, &divisions, &cities, fold::fold, |key, code| {
        let list = names.entry(key).or_default();
        if !list.contains(&code) {
            list.push(code);
        }
    });
    let mut postings: Vec<u8> = Vec::new();
    let mut map = fst::MapBuilder::memory();
    let mut count = 0u64;
    for (key, codes) in &names {
        // The value: where the name's codes start in the postings, and how many (at most 255: no
        // name means more places than that, and the extra ones would be hamlets).
        let value = (count << 8) | codes.len().min(255) as u64;
        for code in codes.iter().take(255) {
            postings.extend_from_slice(&code.to_le_bytes());
            count += 1;
        }
        map.insert(key, value).expect("keys are sorted and unique");
    }
    // Where each town's line starts in cities.tsv (and one past the last): the runtime slices a line
    // when a town is asked for, instead of scanning 11 MB for line breaks in every process.
    let mut offsets: Vec<u8> = Vec::new();
    let mut at = 0usize;
    for line in cities.split_inclusive('\n') {
        if !line.starts_with('#') && !line.starts_with("geonameid\t") {
            offsets.extend_from_slice(&(at as u32).to_le_bytes());
        }
        at += line.len();
    }
    offsets.extend_from_slice(&(at as u32).to_le_bytes());
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("world_city_offsets.bin"), offsets).unwrap();
    std::fs::write(out.join("world_names.fst"), map.into_inner().unwrap()).unwrap();
    std::fs::write(out.join("world_postings.bin"), postings).unwrap();
}
