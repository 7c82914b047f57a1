//! `uti serve`: the web application.

use super::{Context, Failure};
use crate::cli::ServeArgs;
use uti_core::Lang;
use uti_store::ImportOptions;

/// The fictional example network, built into the binary for `--demo`.
const EXAMPLE: &str = include_str!("../../../../data/voorbeeldnetwerk.yaml");

pub async fn run(context: &Context, args: ServeArgs) -> Result<(), Failure> {
    let lang = context.lang;
    let mail = mail(lang, args.smtp_url.as_deref(), args.smtp_from.as_deref())?;
    let store = context.open().await?;
    if args.demo
        && store
            .is_empty()
            .await
            .map_err(|e| context.store_failure(e))?
    {
        let dataset = uti_core::file::parse(
            "voorbeeldnetwerk.yaml",
            EXAMPLE.as_bytes(),
            uti_core::file::Syntax::Yaml,
        )
        .map_err(|e| Failure(e.errors.iter().map(|x| x.message(lang)).collect()))?;
        store
            .import(
                vec![dataset],
                ImportOptions::default(),
                &uti_store::Actor::system_user(uti_store::Via::Cli),
                &|_, _| {},
            )
            .await
            .map_err(|e| context.store_failure(e))?;
        eprintln!(
            "{}",
            lang.pick(
                "De database was leeg: het fictieve voorbeeldnetwerk is geladen.",
                "The database was empty: the fictional example network has been loaded.",
            )
        );
    }
    if args.demo
        && !store
            .has_users()
            .await
            .map_err(|e| context.store_failure(e))?
    {
        let password = uti_store::secrets::random_password();
        store
            .user_add(
                "demo",
                uti_store::Role::Admin,
                &uti_store::secrets::hash_password(&password),
                &[],
            )
            .await
            .map_err(|e| context.store_failure(e))?;
        eprintln!(
            "{}",
            match lang {
                Lang::Nl =>
                    format!("Demo-beheerder aangemaakt. Log in als: demo, wachtwoord: {password}"),
                Lang::En =>
                    format!("Demo administrator created. Log in as: demo, password: {password}"),
            }
        );
    }
    if let Some(m) = &mail {
        eprintln!(
            "{}",
            match lang {
                Lang::Nl => format!(
                    "Persoonlijke links kunnen per e-mail worden verstuurd via {} (afzender {}).",
                    m.server,
                    m.from()
                ),
                Lang::En => format!(
                    "Personal links can be sent by e-mail through {} (sender {}).",
                    m.server,
                    m.from()
                ),
            }
        );
    }
    let listener = tokio::net::TcpListener::bind(&args.bind)
        .await
        .map_err(|e| {
            Failure::line(match lang {
                Lang::Nl => format!("kan niet luisteren op {}: {e}", args.bind),
                Lang::En => format!("cannot listen on {}: {e}", args.bind),
            })
        })?;
    let address = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or(args.bind.clone());
    eprintln!(
        "{}",
        match lang {
            Lang::Nl => format!(
                "uti draait op http://{address} (database: {}). Stoppen met Ctrl-C.",
                context.location
            ),
            Lang::En => format!(
                "uti is running at http://{address} (database: {}). Stop with Ctrl-C.",
                context.location
            ),
        }
    );
    let trusted_proxies = trusted_proxies(lang, &args.trusted_proxies)?;
    let settings = uti_web::Settings {
        public_url: args.public_url.clone(),
        trusted_proxies,
        mail,
    };
    let limits = uti_web::Limits {
        grace: std::time::Duration::from_secs(args.shutdown_grace),
        header_read: std::time::Duration::from_secs(args.header_timeout.max(1)),
    };
    uti_web::serve_with(listener, store, settings, limits, stop_signal(lang))
        .await
        .map_err(|e| Failure::line(e.to_string()))?;
    eprintln!("{}", lang.pick("uti is gestopt.", "uti has stopped."));
    Ok(())
}

/// Completes on SIGTERM (a service manager stopping us) or Ctrl-C.
async fn stop_signal(lang: Lang) {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        () = terminate => {}
    }
    eprintln!(
        "{}",
        lang.pick(
            "Stoppen: geen nieuwe verbindingen; lopende verzoeken worden afgemaakt.",
            "Stopping: no new connections; requests under way are finished.",
        )
    );
}

/// The addresses of `--trusted-proxy`, each refused in words when it is none.
fn trusted_proxies(lang: Lang, given: &[String]) -> Result<Vec<std::net::IpAddr>, Failure> {
    given
        .iter()
        .map(|text| {
            text.trim()
                .parse::<std::net::IpAddr>()
                .map(|ip| ip.to_canonical())
                .map_err(|_| {
                    Failure::line(match lang {
                        Lang::Nl => format!("--trusted-proxy: {text} is geen IP-adres"),
                        Lang::En => format!("--trusted-proxy: {text} is not an IP address"),
                    })
                })
        })
        .collect()
}

/// The mail server of `--smtp-url` and `--smtp-from`, refused in words
/// (never repeating the URL, which may hold a password).
fn mail(
    lang: Lang,
    url: Option<&str>,
    from: Option<&str>,
) -> Result<Option<uti_web::MailSettings>, Failure> {
    match url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(url) => uti_web::MailSettings::new(url, from, lang)
            .map(Some)
            .map_err(Failure::line),
        None if from.is_some_and(|f| !f.trim().is_empty()) => Err(Failure::line(lang.pick(
            "--smtp-from zonder --smtp-url: geef ook de mailserver, of laat --smtp-from weg.",
            "--smtp-from without --smtp-url: give the mail server too, or leave --smtp-from out.",
        ))),
        None => Ok(None),
    }
}
