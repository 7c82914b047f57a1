//! Keeping data safe: a backup taken while the server runs is a complete,
//! consistent copy, and SQLite runs in WAL mode. (Imports and servers
//! killed at random moments: `faults.rs`.)

use crate::support::{Env, data, serve};

#[test]
fn a_backup_taken_while_the_server_runs_is_a_complete_database() {
    let env = Env::sqlite();
    env.ok(&["import", data("voorbeeldnetwerk.yaml").to_str().unwrap()]);
    let (mut server, _) = serve(&env, &[]);
    let run = env.ok(&["backup", "--out", "kopie.db"]);
    assert!(
        run.stderr.contains("Back-up geschreven naar kopie.db"),
        "{}",
        run.stderr
    );
    let copy = env
        .ok(&[
            "--database",
            env.path("kopie.db").to_str().unwrap(),
            "export",
        ])
        .stdout;
    assert_eq!(copy, env.export());
    let again = env.run(&["backup", "--out", "kopie.db"]);
    assert!(
        again.code == Some(1) && again.stderr.contains("bestaat al"),
        "a backup never overwrites: {}",
        again.stderr
    );
    env.ok(&["backup", "--out", "kopie.yaml"]);
    assert_eq!(
        std::fs::read_to_string(env.path("kopie.yaml")).unwrap(),
        env.export()
    );
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn the_sqlite_database_runs_in_wal_mode() {
    let env = Env::sqlite();
    env.ok(&["import", data("voorbeeldnetwerk.yaml").to_str().unwrap()]);
    let header = std::fs::read(env.path("uti.db")).unwrap();
    // Bytes 18 and 19 of the header are 2 for WAL (1 for the rollback journal).
    assert_eq!(
        (header[18], header[19]),
        (2, 2),
        "the database is not in WAL mode"
    );
}
