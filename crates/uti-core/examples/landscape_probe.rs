//! Times the overlap finder and the peer suggestions on a dataset file:
//! `cargo run --release -p uti-core --example landscape_probe -- FILE`.
use std::time::Instant;
use uti_core::Lang;

fn main() {
    let file = std::env::args().nth(1).expect("a dataset file");
    let d = uti_core::file::read_file(std::path::Path::new(&file), 1 << 30).expect("valid");
    for _ in 0..2 {
        let t = Instant::now();
        let o = uti_core::landscape::overlaps::overlaps(&d, Lang::Nl);
        eprintln!("overlaps {} in {:?}", o.len(), t.elapsed());
        let t = Instant::now();
        let p = uti_core::landscape::peers::peers(&d, Lang::Nl);
        eprintln!("peers {} in {:?}", p.len(), t.elapsed());
    }
}
