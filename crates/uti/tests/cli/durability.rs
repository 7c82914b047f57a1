//! Keeping data safe: a killed import leaves the database as it was, and a
//! backup taken while the server runs is a complete, consistent copy.

use crate::support::{Env, backends, data, serve};
use std::process::Stdio;
use std::time::Duration;

#[test]
fn an_import_killed_with_sigkill_leaves_the_database_exactly_as_before() {
    for backend in backends() {
        let (env, before) = Env::seeded(backend);
        killed_import_changes_nothing(&env, &before);
    }
}

fn killed_import_changes_nothing(env: &Env, before: &str) {
    env.ok(&["generate", "--initiatives", "20000", "--out", "big.yaml"]);

    let mut killed_while_running = 0;
    for delay_ms in [300u64, 900, 1800, 3000] {
        let mut child = env
            .cmd(&["import", "big.yaml"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL on Unix
            killed_while_running += 1;
        }
        child.wait().unwrap();
        let after = env.export();
        if after != before {
            // Only a finished import may change the database, and then wholly.
            assert!(
                after.contains("init-019999"),
                "{:?}: a partial import is visible after a kill at {delay_ms} ms",
                env.backend
            );
            return;
        }
    }
    assert!(
        killed_while_running >= 2,
        "{:?}: the import finished too quickly to test a kill",
        env.backend
    );
}

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
