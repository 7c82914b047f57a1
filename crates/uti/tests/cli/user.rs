//! `uti user`: accounts from the command line, and every refusal with a
//! clear message that changes nothing.

use crate::support::{Env, Run};

fn list(env: &Env) -> String {
    env.ok(&["user", "list"]).stdout
}

fn refused(run: &Run, message: &str) {
    assert!(!run.success, "should have been refused:\n{}", run.stdout);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains(message),
        "expected `{message}` in:\n{}",
        run.stderr
    );
}

#[test]
fn users_are_added_listed_and_changed() {
    let env = Env::sqlite();
    assert!(list(&env).contains("Nog geen gebruikers"));
    let added = env.ok(&["user", "add", "anna", "--role", "researcher"]);
    assert!(
        added
            .stdout
            .contains("Gebruiker anna toegevoegd als onderzoeker."),
        "{}",
        added.stdout
    );
    let password = added
        .stdout
        .lines()
        .find_map(|l| l.strip_prefix("Wachtwoord: "))
        .expect("a made password is printed");
    assert_eq!(password.len(), 23, "{password}");
    env.run_with_stdin(
        &[
            "user",
            "add",
            "piet",
            "--role",
            "contact",
            "--initiative",
            "leerhuis",
            "--password-stdin",
        ],
        "een lang wachtwoord\n",
    );
    assert_eq!(list(&env), "anna\tresearcher\npiet\tcontact\tleerhuis\n");
    env.ok(&["user", "set-role", "piet", "reader"]);
    assert_eq!(
        list(&env),
        "anna\tresearcher\npiet\treader\n",
        "a reader keeps no initiatives"
    );
}

#[test]
fn a_taken_name_is_refused_and_the_user_kept() {
    let env = Env::sqlite();
    env.ok(&["user", "add", "anna", "--role", "admin"]);
    let run = env.run(&["user", "add", "anna", "--role", "reader"]);
    refused(&run, "gebruiker anna bestaat al");
    assert_eq!(list(&env), "anna\tadmin\n");
}

#[test]
fn an_unknown_user_is_named_by_every_command() {
    let env = Env::sqlite();
    for args in [
        &["user", "set-role", "niemand", "reader"][..],
        &["user", "reset-password", "niemand"],
        &["user", "token", "niemand"],
    ] {
        refused(&env.run(args), "gebruiker niemand bestaat niet");
    }
    let english = env.run(&["--lang", "en", "user", "token", "niemand"]);
    refused(&english, "no user niemand");
}

#[test]
fn bad_passwords_names_and_initiative_links_are_refused() {
    let env = Env::sqlite();
    let short = env.run_with_stdin(
        &["user", "add", "anna", "--role", "admin", "--password-stdin"],
        "kort\n",
    );
    refused(&short, "het wachtwoord is te kort: ten minste 10 tekens");
    refused(
        &env.run(&["user", "add", "piet", "--role", "contact"]),
        "een contactpersoon hoort bij ten minste één initiatief",
    );
    refused(
        &env.run(&[
            "user",
            "add",
            "kees",
            "--role",
            "researcher",
            "--initiative",
            "leerhuis",
        ]),
        "--initiative geldt alleen voor de rol contact",
    );
    refused(
        &env.run(&["user", "add", "<script>", "--role", "reader"]),
        "een gebruikersnaam bestaat uit 1 tot 64 letters",
    );
    assert!(
        list(&env).contains("Nog geen gebruikers"),
        "a refusal stored a user"
    );
}
