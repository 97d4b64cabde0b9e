//! Prints the names the Syria pack finds in a text: `cargo run -p truce-pack --example names -- "TEXT"`.
fn main() {
    let text = std::env::args().nth(1).expect("usage: names TEXT");
    let pack = truce_pack::Pack::builtin("syria").expect("the Syria pack loads");
    for m in pack.find_names(&text) {
        println!("{:>4}..{:<4} {:?} {:?}", m.start, m.end, &text[m.start..m.end], m.entries);
    }
}
