//! `uti serve`: the main job of the README, on a fresh directory.

use crate::http::Client;
use crate::support::{Env, serve_with_log};

#[test]
fn serve_with_demo_on_an_empty_database_shows_the_fictional_example_network() {
    let env = Env::sqlite();
    let (mut server, address, said) = serve_with_log(&env, &["--demo"]);
    let anonymous = Client::anonymous(&address);
    let refused = anonymous.get("/").status;
    let login = anonymous.get("/login");
    let password = said
        .iter()
        .find_map(|l| l.split("wachtwoord: ").nth(1))
        .unwrap_or_else(|| panic!("no demo password in {said:?}"))
        .trim()
        .to_owned();
    let page = Client::login(&address, "demo", &password).get("/");
    server.kill().unwrap();
    server.wait().unwrap();
    assert_eq!(refused, 303);
    assert!(login.body.contains("Inloggen"), "{}", login.body);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Leernetwerk Voorbeeldregio (fictief)"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Fictief voorbeeldnetwerk"));
    assert!(page.body.contains("Zorgpioniers Voorbeeldregio"));
    assert!(page.body.contains("lang=\"nl\""));
}
