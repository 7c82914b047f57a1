//! `uti user`: accounts of the web workspace, from the command line.

use super::{Context, Failure};
use crate::cli::UserCommand;
use std::io::BufRead as _;
use uti_core::Lang;
use uti_store::secrets::{hash_password, random_password};
use uti_store::{Role, Store};

/// Shortest password accepted.
pub const MIN_PASSWORD: usize = 10;

pub async fn run(context: &Context, command: UserCommand) -> Result<(), Failure> {
    let lang = context.lang;
    let store = context.open().await?;
    let result = match command {
        UserCommand::Add {
            name,
            role,
            initiatives,
            password_stdin,
        } => add(context, &store, &name, &role, &initiatives, password_stdin).await,
        UserCommand::List => list(context, &store).await,
        UserCommand::SetRole {
            name,
            role,
            initiatives,
        } => {
            let role = role_of(&role);
            check_initiatives(lang, role, &initiatives)?;
            // Only a contact is linked to initiatives.
            store
                .user_set_role(&name, role, Some(&initiatives))
                .await
                .map_err(|e| context.store_failure(e))?;
            println!(
                "{}",
                match lang {
                    Lang::Nl => format!("{name} is nu {}.", role.label(lang)),
                    Lang::En => format!("{name} is now {}.", role.label(lang)),
                }
            );
            Ok(())
        }
        UserCommand::ResetPassword {
            name,
            password_stdin,
        } => {
            let (password, made) = password(lang, password_stdin)?;
            store
                .user_set_password(&name, &hash_password(&password))
                .await
                .map_err(|e| context.store_failure(e))?;
            if made {
                println!(
                    "{}",
                    match lang {
                        Lang::Nl => format!("Nieuw wachtwoord voor {name}: {password}"),
                        Lang::En => format!("New password for {name}: {password}"),
                    }
                );
            } else {
                println!(
                    "{}",
                    lang.pick("Wachtwoord gewijzigd.", "Password changed.")
                );
            }
            Ok(())
        }
        UserCommand::Token { name, revoke } => token(context, &store, &name, revoke).await,
    };
    store.close().await;
    result
}

async fn add(
    context: &Context,
    store: &Store,
    name: &str,
    role: &str,
    initiatives: &[String],
    password_stdin: bool,
) -> Result<(), Failure> {
    let lang = context.lang;
    let role = role_of(role);
    let valid_name = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if !valid_name {
        return Err(Failure::line(lang.pick(
            "een gebruikersnaam bestaat uit 1 tot 64 letters, cijfers of . - _ @",
            "a user name is 1 to 64 letters, digits or . - _ @",
        )));
    }
    check_initiatives(lang, role, initiatives)?;
    let (password, made) = password(lang, password_stdin)?;
    store
        .user_add(name, role, &hash_password(&password), initiatives)
        .await
        .map_err(|e| context.store_failure(e))?;
    println!(
        "{}",
        match lang {
            Lang::Nl => format!("Gebruiker {name} toegevoegd als {}.", role.label(lang)),
            Lang::En => format!("User {name} added as {}.", role.label(lang)),
        }
    );
    if made {
        println!(
            "{}",
            match lang {
                Lang::Nl => format!("Wachtwoord: {password}"),
                Lang::En => format!("Password: {password}"),
            }
        );
    }
    Ok(())
}

async fn list(context: &Context, store: &Store) -> Result<(), Failure> {
    let lang = context.lang;
    let users = store.users().await.map_err(|e| context.store_failure(e))?;
    if users.is_empty() {
        println!(
            "{}",
            lang.pick(
                "Nog geen gebruikers. Voeg er een toe met: uti user add NAAM --role admin",
                "No users yet. Add one with: uti user add NAME --role admin",
            )
        );
    }
    for user in users {
        let mut line = format!("{}\t{}", user.name, user.role.as_str());
        if !user.initiatives.is_empty() {
            line.push('\t');
            line.push_str(&user.initiatives.join(", "));
        }
        println!("{line}");
    }
    Ok(())
}

async fn token(
    context: &Context,
    store: &Store,
    name: &str,
    revoke: Option<String>,
) -> Result<(), Failure> {
    let lang = context.lang;
    if let Some(prefix) = revoke {
        let prefix = (!prefix.is_empty()).then_some(prefix.as_str());
        let n = store
            .token_revoke(name, prefix)
            .await
            .map_err(|e| context.store_failure(e))?;
        println!(
            "{}",
            match lang {
                Lang::Nl => format!("{n} token(s) van {name} ingetrokken."),
                Lang::En => format!("{n} token(s) of {name} revoked."),
            }
        );
        return Ok(());
    }
    let token = store
        .token_create(name)
        .await
        .map_err(|e| context.store_failure(e))?;
    println!("{token}");
    eprintln!(
        "{}",
        lang.pick(
            "Bewaar dit token: het wordt niet opnieuw getoond. Gebruik: Authorization: Bearer TOKEN. Intrekken: uti user token NAAM --revoke",
            "Keep this token: it is not shown again. Use: Authorization: Bearer TOKEN. Revoke: uti user token NAME --revoke",
        )
    );
    Ok(())
}

fn role_of(text: &str) -> Role {
    Role::parse(text).expect("clap checks the role")
}

fn check_initiatives(lang: Lang, role: Role, initiatives: &[String]) -> Result<(), Failure> {
    match (role, initiatives.is_empty()) {
        (Role::Contact, true) => Err(Failure::line(lang.pick(
            "een contactpersoon hoort bij ten minste één initiatief: geef --initiative ID",
            "an initiative contact belongs to at least one initiative: give --initiative ID",
        ))),
        (Role::Contact, false) | (_, true) => Ok(()),
        (_, false) => Err(Failure::line(lang.pick(
            "--initiative geldt alleen voor de rol contact",
            "--initiative applies to the role contact only",
        ))),
    }
}

/// The password from standard input, or a new one (then `true`).
fn password(lang: Lang, from_stdin: bool) -> Result<(String, bool), Failure> {
    if !from_stdin {
        return Ok((random_password(), true));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::line(e.to_string()))?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.chars().count() < MIN_PASSWORD {
        return Err(Failure::line(match lang {
            Lang::Nl => format!("het wachtwoord is te kort: ten minste {MIN_PASSWORD} tekens"),
            Lang::En => format!("the password is too short: at least {MIN_PASSWORD} characters"),
        }));
    }
    Ok((password, false))
}
