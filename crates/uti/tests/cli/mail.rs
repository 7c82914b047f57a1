//! Personal links sent by e-mail (`uti serve --smtp-url`, `--smtp-from`),
//! against a small SMTP server in the test itself: the mail reaches the
//! address with the subject, the round's message, the dates and a link
//! that opens the check; a refused send says so and the link still works;
//! the address is not kept; without mail settings an address is refused;
//! wrong settings stop the server in words that never show the password.

use crate::http::{Client, Response, form};
use crate::support::{Backend, Env, KillOnDrop, backends, serve_command};
use crate::web::Site;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One mail as the server received it.
#[derive(Debug, Clone)]
struct Mail {
    from: String,
    to: Vec<String>,
    /// Headers and body, as sent (dot-stuffing undone).
    data: String,
}

impl Mail {
    fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let prefix = format!("{}:", name.to_ascii_lowercase());
        head.split("\r\n")
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_owned())
    }

    /// The body, decoded from quoted-printable when it is so encoded.
    fn body(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        match self.header("Content-Transfer-Encoding").as_deref() {
            None | Some("7bit" | "8bit") => body.to_owned(),
            Some("quoted-printable") => quoted_printable(body),
            Some(other) => panic!("unexpected encoding {other}: {}", self.data),
        }
    }
}

fn quoted_printable(text: &str) -> String {
    let text = text.replace("=\r\n", "");
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], text.get(i + 1..i + 3)) {
            (b'=', Some(hex)) if u8::from_str_radix(hex, 16).is_ok() => {
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap().replace("\r\n", "\n")
}

/// A minimal SMTP server on 127.0.0.1 that keeps what it receives, and
/// refuses (550) every recipient whose address begins with `weiger`.
struct Smtp {
    port: u16,
    mails: Arc<Mutex<Vec<Mail>>>,
}

impl Smtp {
    fn start() -> Smtp {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mails = Arc::new(Mutex::new(Vec::new()));
        let kept = mails.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let kept = kept.clone();
                std::thread::spawn(move || converse(stream, &kept));
            }
        });
        Smtp { port, mails }
    }

    /// The mails received so far, waiting up to 10 s for `n` of them.
    fn received(&self, n: usize) -> Vec<Mail> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mails = self.mails.lock().unwrap().clone();
            if mails.len() >= n || Instant::now() > deadline {
                return mails;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn converse(stream: TcpStream, kept: &Mutex<Vec<Mail>>) {
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut out = stream.try_clone().unwrap();
    let mut lines = BufReader::new(stream);
    let mut say = |text: &str| out.write_all(format!("{text}\r\n").as_bytes()).is_ok();
    say("220 localhost ESMTP test");
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        let argument = |c: &str| {
            c.split_once(':')
                .map(|(_, a)| a.trim().trim_start_matches('<'))
                .and_then(|a| a.split('>').next())
                .unwrap_or("")
                .to_owned()
        };
        let ok = if upper.starts_with("EHLO") {
            say("250-localhost") && say("250 8BITMIME")
        } else if upper.starts_with("HELO") || upper == "NOOP" {
            say("250 OK")
        } else if upper == "RSET" {
            from.clear();
            to.clear();
            say("250 OK")
        } else if upper.starts_with("MAIL FROM:") {
            from = argument(&command);
            say("250 OK")
        } else if upper.starts_with("RCPT TO:") {
            let address = argument(&command);
            if address.starts_with("weiger") {
                say("550 5.1.1 mailbox unavailable")
            } else {
                to.push(address);
                say("250 OK")
            }
        } else if upper == "DATA" {
            say("354 end with <CRLF>.<CRLF>");
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            kept.lock().unwrap().push(Mail {
                from: std::mem::take(&mut from),
                to: std::mem::take(&mut to),
                data,
            });
            say("250 OK queued")
        } else if upper == "QUIT" {
            say("221 bye");
            return;
        } else {
            say("502 not implemented")
        };
        if !ok {
            return;
        }
    }
}

fn body(r: &Response) -> Value {
    serde_json::from_str(&r.body).unwrap_or_else(|e| panic!("{e}: {}", r.body))
}

/// Starts a round for one portrait; gives its check.
fn start(rik: &Client, initiative: &str) -> i64 {
    let r = rik.json(
        "POST",
        "/api/checks/rounds",
        &json!({"initiative": initiative, "closes_on": "2027-01-15", "title": "Ronde 1", "message": "Graag vóór 15 januari; het gaat om de feiten."}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    body(&r)["checks"][0]["id"].as_i64().unwrap()
}

/// The path (`/controle/...`) of the first personal link in a text.
fn link_path(text: &str) -> String {
    let at = text.find("/controle/").expect("a /controle/ link");
    text[at..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
        .collect()
}

/// The link a page shows to copy.
fn shown_link(page: &str) -> String {
    let at = page.find("id=\"link\"").expect("the link to copy");
    link_path(&page[at..])
}

#[test]
fn a_link_goes_out_by_mail_and_the_address_is_not_kept() {
    for backend in backends() {
        a_link_goes_out_by_mail(backend);
    }
}

fn a_link_goes_out_by_mail(backend: Backend) {
    let smtp = Smtp::start();
    let url = format!("smtp://127.0.0.1:{}?tls=none", smtp.port);
    let site = Site::with(
        backend,
        &[
            "--smtp-url",
            &url,
            "--smtp-from",
            "Onderzoek <uti@onderzoek.example>",
        ],
    );
    let rik = site.login("rik");
    let anon = Client::anonymous(&site.address);
    let check = start(&rik, "zorgpioniers");

    // Through the API.
    let r = rik.json(
        "POST",
        &format!("/api/checks/{check}/links"),
        &json!({"days": 7, "email": "contact@zorgpioniers.example"}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let made = body(&r);
    assert_eq!(made["sent_to"], "contact@zorgpioniers.example");
    assert_eq!(made["mail_error"], Value::Null);
    let mails = smtp.received(1);
    assert_eq!(mails.len(), 1, "{mails:?}");
    let mail = &mails[0];
    assert_eq!(mail.to, ["contact@zorgpioniers.example"]);
    assert_eq!(mail.from, "uti@onderzoek.example");
    assert_eq!(
        mail.header("Subject").as_deref(),
        Some("Portret ter controle: Zorgpioniers Voorbeeldregio")
    );
    assert_eq!(
        mail.header("To").as_deref(),
        Some("contact@zorgpioniers.example")
    );
    assert!(
        mail.header("From")
            .unwrap()
            .contains("uti@onderzoek.example"),
        "{}",
        mail.data
    );
    let text = mail.body();
    assert!(text.contains(made["url"].as_str().unwrap()), "{text}");
    assert!(
        text.contains("Graag vóór 15 januari; het gaat om de feiten."),
        "{text}"
    );
    assert!(
        text.contains("Reageren kan tot en met 15 januari 2027."),
        "{text}"
    );
    assert!(text.contains("De link werkt tot "), "{text}");
    let opened = anon.get(&link_path(&text));
    assert_eq!(opened.status, 200, "{}", opened.body);
    assert!(opened.body.contains("Zorgpioniers Voorbeeldregio"));

    // Through the form on the check's page.
    let page = rik.get(&format!("/checks/portret/{check}"));
    assert!(
        page.body.contains("E-mailadres van de contactpersoon"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("Er is geen e-mailserver ingesteld"));
    let csrf = rik.csrf();
    let r = rik.post_form(
        &format!("/checks/portret/{check}/link"),
        &form(&[
            ("csrf", &csrf),
            ("days", "3"),
            ("email", "tweede@zorgpioniers.example"),
        ]),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body
            .contains("De link is verstuurd naar tweede@zorgpioniers.example."),
        "{}",
        r.body
    );
    let mails = smtp.received(2);
    assert_eq!(mails.len(), 2, "{mails:?}");
    assert_eq!(mails[1].to, ["tweede@zorgpioniers.example"]);
    let sent = link_path(&mails[1].body());
    assert_eq!(shown_link(&r.body), sent, "the page shows the link it sent");
    assert_eq!(anon.get(&sent).status, 200);

    // Without an address the form makes a link to copy and sends nothing.
    let r = rik.post_form(
        &format!("/checks/portret/{check}/link"),
        &form(&[("csrf", &csrf), ("days", "3"), ("email", "")]),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Kopieer de link nu"), "{}", r.body);
    assert_eq!(anon.get(&shown_link(&r.body)).status, 200);

    // A refused send says so; the link is made and works all the same.
    let r = rik.post_form(
        &format!("/checks/portret/{check}/link"),
        &form(&[
            ("csrf", &csrf),
            ("days", "3"),
            ("email", "weiger@zorgpioniers.example"),
        ]),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body.contains("De link kon niet per e-mail worden verstuurd naar weiger@zorgpioniers.example: de mailserver weigerde het bericht (code 550)."),
        "{}",
        r.body
    );
    assert!(r.body.contains("De link is wel gemaakt en werkt"));
    assert_eq!(anon.get(&shown_link(&r.body)).status, 200);
    let r = rik.json(
        "POST",
        &format!("/api/checks/{check}/links"),
        &json!({"email": "weiger@zorgpioniers.example"}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(body(&r)["sent_to"], Value::Null);
    assert_eq!(
        body(&r)["mail_error"],
        "de mailserver weigerde het bericht (code 550)"
    );
    assert_eq!(smtp.received(2).len(), 2, "nothing was delivered");

    // No address, no link: a wrong address is refused before anything is made.
    let links_before = rik
        .get(&format!("/checks/portret/{check}"))
        .body
        .matches("geldig tot")
        .count();
    let r = rik.json(
        "POST",
        &format!("/api/checks/{check}/links"),
        &json!({"email": "geen adres"}),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        body(&r)["error"]["message"]
            .as_str()
            .unwrap()
            .contains("'geen adres' is geen e-mailadres"),
        "{}",
        r.body
    );
    let r = rik.post_form(
        &format!("/checks/portret/{check}/link"),
        &form(&[("csrf", &csrf), ("days", "3"), ("email", "ook@geen@adres")]),
    );
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("is geen e-mailadres"), "{}", r.body);
    let page = rik.get(&format!("/checks/portret/{check}")).body;
    assert_eq!(page.matches("geldig tot").count(), links_before);

    // The history says a link was mailed, twice; it names no address.
    assert_eq!(
        page.matches("link verstuurd per e-mail").count(),
        2,
        "{page}"
    );
    assert!(!page.contains("zorgpioniers.example"), "{page}");
    let api = rik.get(&format!("/api/checks/{check}"));
    assert!(!api.body.contains("zorgpioniers.example"), "{}", api.body);

    // The address is nowhere in the database.
    if backend == Backend::Sqlite {
        let dump = std::process::Command::new("sqlite3")
            .arg(site.env.path("uti.db"))
            .arg(".dump")
            .output()
            .expect("the sqlite3 tool runs (scripts/test-services.sh installs it)");
        assert!(dump.status.success());
        let dump = String::from_utf8_lossy(&dump.stdout);
        assert!(dump.contains("check_links"), "a dump of the tables");
        assert!(!dump.contains("zorgpioniers.example"));
    }
}

#[test]
fn without_a_mail_server_the_link_is_copied_and_an_address_is_refused() {
    let site = Site::new();
    let rik = site.login("rik");
    let check = start(&rik, "zorgpioniers");
    let page = rik.get(&format!("/checks/portret/{check}")).body;
    assert!(
        page.contains("Er is geen e-mailserver ingesteld; kopieer de link en stuur hem zelf."),
        "{page}"
    );
    assert!(!page.contains("E-mailadres van de contactpersoon"));
    let r = rik.json(
        "POST",
        &format!("/api/checks/{check}/links"),
        &json!({"email": "contact@zorgpioniers.example"}),
    );
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(
        body(&r)["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Er is geen e-mailserver ingesteld; "),
        "{}",
        r.body
    );
    let r = rik.json("POST", &format!("/api/checks/{check}/links"), &json!({}));
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(body(&r)["sent_to"], Value::Null);
    let csrf = rik.csrf();
    let r = rik.post_form(
        &format!("/checks/portret/{check}/link"),
        &form(&[("csrf", &csrf), ("days", "3")]),
    );
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body
            .contains("Er is geen e-mailserver ingesteld, dus uti verstuurt de link niet zelf."),
        "{}",
        r.body
    );
}

#[test]
fn wrong_mail_settings_stop_the_server_and_the_password_is_never_shown() {
    let env = Env::sqlite();
    env.ok(&[
        "import",
        crate::support::data("voorbeeldnetwerk.yaml")
            .to_str()
            .unwrap(),
    ]);
    for (args, says) in [
        (
            vec![
                "--smtp-url",
                "smtp://u:zeer-geheim@mail.example.nl?tls=nee",
                "--smtp-from",
                "a@b.nl",
            ],
            "fout: --smtp-url: tls= is starttls of none",
        ),
        (
            vec!["--smtp-url", "http://u:zeer-geheim@mail.example.nl"],
            "fout: --smtp-url: het schema is smtp of smtps, niet 'http'",
        ),
        (
            vec!["--smtp-url", "smtp://u:zeer-geheim@mail.example.nl"],
            "fout: --smtp-from is nodig bij --smtp-url",
        ),
        (
            vec![
                "--smtp-url",
                "smtp://u:zeer-geheim@mail.example.nl",
                "--smtp-from",
                "geen adres",
            ],
            "fout: --smtp-from: 'geen adres' is geen e-mailadres",
        ),
        (
            vec!["--smtp-from", "a@b.nl"],
            "fout: --smtp-from zonder --smtp-url",
        ),
    ] {
        let mut all = vec!["serve", "--bind", "127.0.0.1:0"];
        all.extend(args);
        let run = env.run(&all);
        assert_eq!(run.code, Some(1), "{all:?}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{all:?}: {}", run.stderr);
        assert!(!run.stderr.contains("zeer-geheim"), "{}", run.stderr);
    }
    // In the environment too, and the server says where mail goes,
    // without the password.
    let smtp = Smtp::start();
    let mut command = env.cmd(&["serve", "--bind", "127.0.0.1:0"]);
    command.env(
        "UTI_SMTP_URL",
        format!(
            "smtp://onderzoek%40voorbeeld.nl:zeer-geheim@127.0.0.1:{}?tls=none",
            smtp.port
        ),
    );
    let (child, _, said) = serve_command(command);
    let child = KillOnDrop(child);
    let said = said.join("\n");
    assert!(
        said.contains(&format!(
            "Persoonlijke links kunnen per e-mail worden verstuurd via smtp://127.0.0.1:{} (afzender onderzoek@voorbeeld.nl).",
            smtp.port
        )),
        "{said}"
    );
    assert!(!said.contains("zeer-geheim"), "{said}");
    drop(child);
    let help = env.ok(&["serve", "--help"]).stdout;
    assert!(help.contains("--smtp-url"), "{help}");
}
