// The assets are embedded by `include_dir!`, which cargo does not know to watch: a changed or added
// file must rebuild the crate.
fn main() {
    println!("cargo:rerun-if-changed=assets");
}
