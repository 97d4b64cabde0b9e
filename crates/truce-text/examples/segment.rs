//! Prints the sentences of a file, one per line with its byte span: `cargo run -p truce-text --example segment FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: segment FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    for s in truce_text::sentences(&text) {
        println!("{:>6}..{:<6} {}", s.start, s.end, s.text(&text));
    }
}
