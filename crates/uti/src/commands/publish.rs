//! `uti publish` and `uti unpublish`: a portrait or report version on the
//! public site, or off it. A portrait is published as it is now, only when
//! its initiative approved this very version (in the fact-check round);
//! otherwise only with `--reason`, which is recorded. A report version
//! likewise, when every portrait in it was approved.

use super::{Context, Failure};
use crate::cli::PublishArgs;
use uti_core::Lang;
use uti_store::publications::{Approval, Subject};

fn who(args: &PublishArgs) -> String {
    args.by
        .clone()
        .filter(|b| !b.trim().is_empty())
        .or_else(|| std::env::var("USER").ok().filter(|u| !u.is_empty()))
        .unwrap_or_else(|| "cli".to_owned())
}

pub async fn run(context: &Context, args: PublishArgs, publish: bool) -> Result<(), Failure> {
    let lang = context.lang;
    let store = context.open().await?;
    let by = who(&args);
    let reason = args
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    if !publish && reason.is_some() {
        return Err(Failure::line(lang.pick(
            "--reason hoort bij uti publish, niet bij uti unpublish",
            "--reason belongs to uti publish, not to uti unpublish",
        )));
    }
    let fail = |e| context.store_failure(e);
    let (subject, obstacle): (Subject, Option<String>) = match (
        &args.initiative,
        args.report_version,
    ) {
        (Some(id), _) => {
            let Some((subject, approval)) = store.portrait_now(id).await.map_err(fail)? else {
                return Err(Failure::line(match lang {
                    Lang::Nl => format!("er is geen initiatief `{id}` in de database"),
                    Lang::En => format!("there is no initiative `{id}` in the database"),
                }));
            };
            let obstacle = (approval != Approval::Approved)
                .then(|| approval.obstacle(lang).unwrap_or_default().to_owned());
            (subject, obstacle)
        }
        (None, Some(n)) => {
            let Some((subject, missing)) = store.version_now(n).await.map_err(fail)? else {
                return Err(Failure::line(match lang {
                    Lang::Nl => format!("er is geen rapportversie {n}"),
                    Lang::En => format!("there is no report version {n}"),
                }));
            };
            let obstacle = (!missing.is_empty()).then(|| match lang {
                Lang::Nl => format!(
                    "niet elk portret in deze versie is door het initiatief goedgekeurd ({} niet: {})",
                    missing.len(),
                    missing.join(", ")
                ),
                Lang::En => format!(
                    "not every portrait in this version was approved by its initiative ({} not: {})",
                    missing.len(),
                    missing.join(", ")
                ),
            });
            (subject, obstacle)
        }
        (None, None) => unreachable!("clap requires --initiative or --report-version"),
    };
    let name = match &subject {
        Subject::Portrait { name, .. } => match lang {
            Lang::Nl => format!("het portret van {name}"),
            Lang::En => format!("the portrait of {name}"),
        },
        Subject::ReportVersion { name, .. } => name.clone(),
    };
    if !publish {
        let done = store.unpublish(&subject, &by).await.map_err(fail)?;
        store.close().await;
        if !done {
            return Err(Failure::line(match lang {
                Lang::Nl => format!("{name} is niet gepubliceerd; er is niets teruggetrokken"),
                Lang::En => format!("{name} is not published; nothing was withdrawn"),
            }));
        }
        eprintln!(
            "{}",
            match lang {
                Lang::Nl => format!("Publicatie van {name} teruggetrokken."),
                Lang::En => format!("Publication of {name} withdrawn."),
            }
        );
        return Ok(());
    }
    if let (Some(obstacle), None) = (&obstacle, reason) {
        store.close().await;
        return Err(Failure(vec![
            match lang {
                Lang::Nl => format!("niet gepubliceerd: {obstacle}"),
                Lang::En => format!("not published: {obstacle}"),
            },
            lang.pick(
                "Publiceer na akkoord van het initiatief, of geef met --reason TEKST op waarom het toch moet; die reden wordt vastgelegd.",
                "Publish after the initiative's approval, or say with --reason TEXT why it must be published anyway; the reason is recorded.",
            )
            .to_owned(),
        ]));
    }
    let approved = obstacle.is_none();
    let published = store
        .publish(
            &subject,
            approved,
            if approved { None } else { reason },
            &by,
        )
        .await
        .map_err(fail)?;
    store.close().await;
    let place = match &subject {
        Subject::Portrait { id, .. } => format!("/openbaar/portretten/{id}"),
        Subject::ReportVersion { number, .. } => format!("/openbaar/rapporten/{number}"),
    };
    eprintln!(
        "{}",
        match (lang, published.approved) {
            (Lang::Nl, true) => format!("{name} is gepubliceerd op {place}."),
            (Lang::En, true) => format!("{name} has been published at {place}."),
            (Lang::Nl, false) =>
                format!("{name} is zonder akkoord gepubliceerd op {place}; de reden is vastgelegd."),
            (Lang::En, false) => format!(
                "{name} has been published without approval at {place}; the reason has been recorded."
            ),
        }
    );
    Ok(())
}
