//! `uti serve`: the main job of the README, on a fresh directory.

use crate::support::{Env, serve};
use std::io::{Read, Write};

fn get(address: &str, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn serve_with_demo_on_an_empty_database_shows_the_fictional_example_network() {
    let env = Env::sqlite();
    let (mut server, address) = serve(&env, &["--demo"]);
    let page = get(&address, "/");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(
        page.contains("Leernetwerk Voorbeeldregio (fictief)"),
        "{page}"
    );
    assert!(page.contains("Zorgpioniers Voorbeeldregio"), "{page}");
    assert!(page.contains("lang=\"nl\""));
}

#[test]
fn html_in_the_data_shows_as_text() {
    let env = Env::sqlite();
    let file = env.write(
        "x.yaml",
        "format: uti-dataset/1\ninitiatives:\n  - id: x\n    name: \"<script>alert(1)</script>\"\n",
    );
    env.ok(&["import", file.to_str().unwrap()]);
    let (mut server, address) = serve(&env, &[]);
    let page = get(&address, "/");
    server.kill().unwrap();
    server.wait().unwrap();
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}
