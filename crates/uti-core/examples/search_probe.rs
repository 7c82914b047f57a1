//! Times the search index on a dataset file: `cargo run --release -p
//! uti-core --example search_probe -- FILE [QUERY...]`.
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("a dataset file");
    let queries: Vec<String> = args.collect();
    let d = uti_core::file::read_file(std::path::Path::new(&file), 1 << 30).expect("valid");
    let t = Instant::now();
    let index = uti_core::search::Index::build(&d, None);
    eprintln!("build {:?}", t.elapsed());
    for q in &queries {
        let t = Instant::now();
        let mut n = 0;
        let rounds = 50;
        for _ in 0..rounds {
            n = index
                .search(q, 20, |_| uti_core::search::Access::ALL)
                .groups
                .iter()
                .map(|g| g.total)
                .sum();
        }
        let search = t.elapsed() / rounds;
        let found = index.search(q, 20, |_| uti_core::search::Access::ALL);
        let t = Instant::now();
        for _ in 0..rounds {
            for h in found.hits() {
                std::hint::black_box(h.snippet(&found.keys));
            }
        }
        eprintln!(
            "{q:30} hits {n:6} search {search:?} snippets(200) {:?}",
            t.elapsed() / rounds
        );
    }
}
