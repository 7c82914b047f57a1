//! Sending e-mail, when `uti serve --smtp-url` (and `--smtp-from`) say
//! how: `smtp://user:password@host:587` (STARTTLS, required),
//! `smtps://user:password@host:465` (TLS from the first byte), or
//! `smtp://host:2525?tls=none` (plain, for a relay on this machine).
//! Certificates are checked against the Mozilla roots built into the
//! binary. The password is kept only inside the transport: nothing here
//! shows or logs it, and the settings print as the server without it.
//!
//! Plain text only; what a mail says is up to the feature that sends it.

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;
use uti_core::Lang;

/// How long one conversation with the mail server may take, well within
/// the request's own time limit.
const TIMEOUT: Duration = Duration::from_secs(20);

/// How the connection to the mail server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain, then STARTTLS, which must succeed (`smtp://`).
    StartTls,
    /// TLS from the start (`smtps://`).
    Tls,
    /// No encryption (`smtp://...?tls=none`).
    None,
}

/// The mail server and the sender, from `--smtp-url` and `--smtp-from`.
#[derive(Clone)]
pub struct MailSettings {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The server as it may be shown: scheme, host and port, no login.
    pub server: String,
    /// How the connection is protected.
    pub security: Security,
}

impl std::fmt::Debug for MailSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailSettings")
            .field("server", &self.server)
            .field("security", &self.security)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

/// An e-mail address as typed, checked; `None` when it is none.
pub fn address(text: &str) -> Option<Address> {
    let text = text.trim();
    if text.is_empty() || text.len() > 254 {
        return None;
    }
    text.parse().ok()
}

impl MailSettings {
    /// Reads `--smtp-url` and `--smtp-from`; the error says in `lang`
    /// what is wrong, without repeating the URL (it may hold a password).
    /// Without `--smtp-from` the URL's user name is the sender, when it
    /// is an e-mail address.
    pub fn new(url: &str, from: Option<&str>, lang: Lang) -> Result<Self, String> {
        let fail = |nl: &str, en: &str| format!("--smtp-url: {}", lang.pick(nl, en));
        let example = lang.pick(
            "bijvoorbeeld smtp://gebruiker:wachtwoord@mail.example.nl:587 (STARTTLS), smtps://gebruiker:wachtwoord@mail.example.nl (TLS) of smtp://127.0.0.1:2525?tls=none (onversleuteld, voor een server op deze machine)",
            "for example smtp://user:password@mail.example.org:587 (STARTTLS), smtps://user:password@mail.example.org (TLS) or smtp://127.0.0.1:2525?tls=none (unencrypted, for a server on this machine)",
        );
        let parsed = url::Url::parse(url.trim()).map_err(|_| {
            fail(
                &format!("dit is geen geldige URL; {example}."),
                &format!("this is not a valid URL; {example}."),
            )
        })?;
        let host = match parsed.host() {
            Some(url::Host::Domain(d)) if !d.is_empty() => d.to_owned(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            _ => {
                return Err(fail(
                    &format!("de URL noemt geen mailserver; {example}."),
                    &format!("the URL names no mail server; {example}."),
                ));
            }
        };
        let mut tls = None;
        for (key, value) in parsed.query_pairs() {
            if key == "tls" && tls.is_none() {
                tls = Some(value.to_ascii_lowercase());
            } else {
                return Err(fail(
                    &format!(
                        "onbekende instelling '{key}' in de URL; alleen tls=starttls of tls=none kan."
                    ),
                    &format!(
                        "unknown setting '{key}' in the URL; only tls=starttls or tls=none is possible."
                    ),
                ));
            }
        }
        let security = match (parsed.scheme(), tls.as_deref()) {
            ("smtp", None | Some("starttls" | "required")) => Security::StartTls,
            ("smtp", Some("none")) => Security::None,
            ("smtps", None) => Security::Tls,
            ("smtp" | "smtps", Some(_)) => {
                return Err(fail(
                    "tls= is starttls of none, en alleen bij smtp://; smtps:// is altijd TLS.",
                    "tls= is starttls or none, and only with smtp://; smtps:// is always TLS.",
                ));
            }
            (scheme, _) => {
                return Err(fail(
                    &format!("het schema is smtp of smtps, niet '{scheme}'; {example}."),
                    &format!("the scheme is smtp or smtps, not '{scheme}'; {example}."),
                ));
            }
        };
        let port = parsed.port().unwrap_or(match security {
            Security::StartTls => 587,
            Security::Tls => 465,
            Security::None => 25,
        });
        let decode = |s: &str| {
            percent_decode(s).ok_or_else(|| {
                fail(
                    "de gebruikersnaam of het wachtwoord is geen geldige UTF-8 na %-decodering.",
                    "the user name or password is not valid UTF-8 after %-decoding.",
                )
            })
        };
        let user = decode(parsed.username())?;
        let password = parsed.password().map(decode).transpose()?;
        // (An address in an smtp:// URL comes as a "domain": the scheme is
        // not one the URL standard knows.)
        let loopback = host.eq_ignore_ascii_case("localhost")
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        let credentials = match (user.is_empty(), password) {
            (true, None) => None,
            (false, Some(password)) => Some(Credentials::new(user.clone(), password)),
            _ => {
                return Err(fail(
                    "geef gebruikersnaam en wachtwoord samen (gebruiker:wachtwoord@), of geen van beide.",
                    "give user name and password together (user:password@), or neither.",
                ));
            }
        };
        if credentials.is_some() && security == Security::None && !loopback {
            return Err(fail(
                "met tls=none zou het wachtwoord onversleuteld over het netwerk gaan; gebruik STARTTLS (zonder tls=none) of smtps://.",
                "with tls=none the password would cross the network unencrypted; use STARTTLS (without tls=none) or smtps://.",
            ));
        }
        let from = match from.map(str::trim).filter(|f| !f.is_empty()) {
            Some(text) => text.parse::<Mailbox>().map_err(|_| {
                format!(
                    "--smtp-from: {}",
                    lang.pick(
                        &format!("'{text}' is geen e-mailadres (bijvoorbeeld uti@example.nl of \"Onderzoek <uti@example.nl>\")."),
                        &format!("'{text}' is not an e-mail address (for example uti@example.org or \"Research <uti@example.org>\")."),
                    )
                )
            })?,
            None => match address(&user) {
                Some(a) => Mailbox::new(None, a),
                None => {
                    return Err(lang
                        .pick(
                            "--smtp-from is nodig bij --smtp-url: het adres waarvan de e-mail komt (de gebruikersnaam in de URL is geen e-mailadres).",
                            "--smtp-from is needed with --smtp-url: the address the mail comes from (the user name in the URL is not an e-mail address).",
                        )
                        .to_owned());
                }
            },
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
            .port(port)
            .timeout(Some(TIMEOUT));
        let tls_parameters = || {
            TlsParameters::new(host.clone()).map_err(|_| {
                fail(
                    "met deze servernaam kan geen TLS-verbinding worden opgezet.",
                    "no TLS connection can be set up with this server name.",
                )
            })
        };
        builder = match security {
            Security::StartTls => builder.tls(Tls::Required(tls_parameters()?)),
            Security::Tls => builder.tls(Tls::Wrapper(tls_parameters()?)),
            Security::None => builder.tls(Tls::None),
        };
        if let Some(c) = credentials {
            builder = builder.credentials(c);
        }
        let shown_host = match parsed.host() {
            Some(url::Host::Ipv6(ip)) => format!("[{ip}]"),
            _ => host,
        };
        Ok(MailSettings {
            transport: builder.build(),
            from,
            server: format!("{}://{shown_host}:{port}", parsed.scheme()),
            security,
        })
    }

    /// The sender, as shown in a mail's `From`.
    pub fn from(&self) -> String {
        self.from.to_string()
    }

    /// Sends one plain-text mail to `to`.
    pub async fn send(&self, to: &Address, subject: &str, body: &str) -> Result<(), SendError> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to.clone()))
            .message_id(None)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body.to_owned())
            .map_err(|_| SendError::Message)?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(SendError::Smtp)
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Why a mail was not sent.
#[derive(Debug)]
pub enum SendError {
    /// The mail could not be put together (an address the server would refuse).
    Message,
    /// The mail server refused it, or could not be reached.
    Smtp(lettre::transport::smtp::Error),
}

impl SendError {
    /// What went wrong, in words for the user (no library English).
    pub fn words(&self, lang: Lang) -> String {
        let t = |nl: &str, en: &str| lang.pick(nl, en).to_owned();
        let SendError::Smtp(e) = self else {
            return t(
                "het bericht kon niet worden opgesteld",
                "the message could not be put together",
            );
        };
        let code = e.status().map(|c| c.to_string());
        if e.is_timeout() {
            t(
                "de mailserver antwoordde niet op tijd",
                "the mail server did not answer in time",
            )
        } else if e.is_tls() {
            t(
                "de beveiligde verbinding met de mailserver kwam niet tot stand",
                "the secure connection to the mail server could not be made",
            )
        } else if e.is_permanent() {
            match (lang, code) {
                (Lang::Nl, Some(c)) => format!("de mailserver weigerde het bericht (code {c})"),
                (Lang::En, Some(c)) => format!("the mail server refused the message (code {c})"),
                _ => t(
                    "de mailserver weigerde het bericht",
                    "the mail server refused the message",
                ),
            }
        } else if e.is_transient() {
            match (lang, code) {
                (Lang::Nl, Some(c)) => {
                    format!("de mailserver kon het bericht nu niet aannemen (code {c})")
                }
                (Lang::En, Some(c)) => {
                    format!("the mail server could not take the message now (code {c})")
                }
                _ => t(
                    "de mailserver kon het bericht nu niet aannemen",
                    "the mail server could not take the message now",
                ),
            }
        } else {
            t(
                "de mailserver was niet bereikbaar",
                "the mail server could not be reached",
            )
        }
    }
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Message => f.write_str("message could not be built"),
            SendError::Smtp(e) => write!(f, "{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn made(url: &str, from: Option<&str>) -> Result<MailSettings, String> {
        MailSettings::new(url, from, Lang::Nl)
    }

    #[test]
    fn urls_give_the_server_and_its_security() {
        let m = made("smtp://u%40x.nl:geheim%21@mail.example.nl", None).unwrap();
        assert_eq!(m.server, "smtp://mail.example.nl:587");
        assert_eq!(m.security, Security::StartTls);
        assert_eq!(m.from(), "u@x.nl");
        let m = made("smtps://u:p@mail.example.nl", Some("uti@x.nl")).unwrap();
        assert_eq!(
            (m.server.as_str(), m.security),
            ("smtps://mail.example.nl:465", Security::Tls)
        );
        let m = made(
            "smtp://127.0.0.1:2525?tls=none",
            Some("Onderzoek <uti@x.nl>"),
        )
        .unwrap();
        assert_eq!(m.security, Security::None);
        assert_eq!(m.from(), "Onderzoek <uti@x.nl>");
        let shown = format!("{m:?}");
        assert!(shown.contains("127.0.0.1:2525"), "{shown}");
    }

    #[test]
    fn the_password_is_never_shown() {
        let m = made("smtp://user:zeer-geheim@mail.example.nl", Some("a@b.nl")).unwrap();
        assert!(!format!("{m:?}").contains("zeer-geheim"));
        for bad in [
            "smtp://user:zeer-geheim@mail.example.nl?tls=nee",
            "http://user:zeer-geheim@mail.example.nl",
            "smtp://user:zeer-geheim@mail.example.nl:99999",
            "smtp://user:zeer-geheim@mail.example.nl?tls=none",
        ] {
            let e = made(bad, Some("a@b.nl")).unwrap_err();
            assert!(!e.contains("zeer-geheim"), "{e}");
            assert!(e.starts_with("--smtp-url: "), "{e}");
        }
    }

    #[test]
    fn wrong_settings_say_what_is_wrong() {
        assert!(
            made("mail.example.nl", Some("a@b.nl"))
                .unwrap_err()
                .contains("geen geldige URL")
        );
        assert!(
            made("http://mail.example.nl", Some("a@b.nl"))
                .unwrap_err()
                .contains("'http'")
        );
        assert!(
            made("smtps://h?tls=none", Some("a@b.nl"))
                .unwrap_err()
                .contains("altijd TLS")
        );
        assert!(
            made("smtp://h?poort=1", Some("a@b.nl"))
                .unwrap_err()
                .contains("'poort'")
        );
        assert!(
            made("smtp://user@h", Some("a@b.nl"))
                .unwrap_err()
                .contains("samen")
        );
        assert!(
            made("smtp://h", None)
                .unwrap_err()
                .starts_with("--smtp-from is nodig")
        );
        assert!(
            made("smtp://h", Some("geen adres"))
                .unwrap_err()
                .contains("'geen adres' is geen e-mailadres")
        );
        // A password over plain SMTP only to this machine.
        assert!(made("smtp://u:p@localhost:25?tls=none", Some("a@b.nl")).is_ok());
        assert!(
            made("smtp://u:p@10.0.0.1:25?tls=none", Some("a@b.nl"))
                .unwrap_err()
                .contains("onversleuteld")
        );
        assert_eq!(
            MailSettings::new("smtp://h", Some("x"), Lang::En).unwrap_err(),
            "--smtp-from: 'x' is not an e-mail address (for example uti@example.org or \"Research <uti@example.org>\")."
        );
    }

    #[test]
    fn addresses_are_checked() {
        assert!(address(" contact@initiatief.nl ").is_some());
        for bad in ["", "geen", "a@", "@b.nl", "a b@c.nl"] {
            assert!(address(bad).is_none(), "{bad}");
        }
    }
}
