//! A small HTTP/1.1 client for the web tests: one request per connection,
//! so what is checked is exactly what goes over the wire.

use std::io::{Read, Write};

/// A response.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body as text (invalid UTF-8 replaced).
    pub body: String,
    /// The body as sent (after de-chunking).
    pub bytes: Vec<u8>,
}

impl Response {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends one request and reads the whole response.
pub fn request(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Response {
    request_from(None, address, method, path, headers, body)
}

/// [`request`] from a chosen local address, such as `127.0.0.2`: Linux
/// routes all of 127.0.0.0/8 to the loopback, so a test can be several
/// clients.
pub fn request_from(
    source: Option<&str>,
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> Response {
    let mut stream = match source {
        None => std::net::TcpStream::connect(address).unwrap(),
        Some(source) => {
            let server: std::net::SocketAddr = address.parse().unwrap();
            let local: std::net::SocketAddr = format!("{source}:0").parse().unwrap();
            let socket = socket2::Socket::new(
                socket2::Domain::for_address(server),
                socket2::Type::STREAM,
                None,
            )
            .unwrap();
            socket.bind(&local.into()).unwrap();
            socket.connect(&server.into()).unwrap();
            socket.into()
        }
    };
    send_head(&mut stream, address, method, path, headers, body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse(&raw).unwrap_or_else(|| panic!("no status line in {:?}", String::from_utf8_lossy(&raw)))
}

/// [`request`] for a server that may be failing: `Err` says what went
/// wrong (refused, reset before a status line, no answer within `timeout`)
/// instead of panicking. A response cut off after its status line is
/// returned as far as it came.
pub fn try_request(
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    timeout: std::time::Duration,
) -> Result<Response, String> {
    let started = std::time::Instant::now();
    let socket: std::net::SocketAddr = address.parse().map_err(|e| format!("{address}: {e}"))?;
    let mut stream = std::net::TcpStream::connect_timeout(&socket, timeout)
        .map_err(|e| format!("connecting failed: {e}"))?;
    stream.set_read_timeout(Some(timeout)).unwrap();
    stream.set_write_timeout(Some(timeout)).unwrap();
    send_head(&mut stream, address, method, path, headers, body);
    let mut raw = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    let late = |raw: &[u8]| {
        format!(
            "no complete answer within {:.1} s ({} bytes came)",
            started.elapsed().as_secs_f64(),
            raw.len()
        )
    };
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buffer[..n]),
            // A signal (a test's child process ending) interrupted the read.
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                return Err(late(&raw));
            }
            Err(e) => {
                if raw.is_empty() {
                    return Err(format!("reading failed: {e}"));
                }
                break;
            }
        }
        if started.elapsed() > timeout {
            return Err(late(&raw));
        }
    }
    parse(&raw).ok_or_else(|| {
        format!(
            "no status line in {:?}",
            String::from_utf8_lossy(&raw[..raw.len().min(200)])
        )
    })
}

/// Writes the request line, the headers and the body.
fn send_head(
    stream: &mut std::net::TcpStream,
    address: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) {
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    // A server that is going away may close before reading it all.
    let _ = stream.write_all(head.as_bytes());
    if let Some(body) = body {
        // A server may refuse a large body before reading it all.
        let _ = stream.write_all(body.as_bytes());
    }
}

/// The response in `raw`, if it has a status line.
fn parse(raw: &[u8]) -> Option<Response> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = raw.get(split + 4..).unwrap_or_default();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())?;
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect::<Vec<_>>();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    let bytes = if chunked {
        dechunk(body)
    } else {
        body.to_vec()
    };
    Some(Response {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    })
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&body[..end]);
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        let rest = &body[end + 2..];
        if n == 0 || rest.len() < n {
            break;
        }
        out.extend_from_slice(&rest[..n]);
        body = rest[n..].strip_prefix(b"\r\n").unwrap_or(&rest[n..]);
    }
    out
}

/// A browser-like session on the server: a cookie after logging in.
#[derive(Clone)]
pub struct Client {
    pub address: String,
    pub cookie: Option<String>,
}

impl Client {
    pub fn anonymous(address: &str) -> Client {
        Client {
            address: address.to_owned(),
            cookie: None,
        }
    }

    /// Logs in with the form; panics unless it succeeds.
    pub fn login(address: &str, name: &str, password: &str) -> Client {
        let r = Client::anonymous(address)
            .post_form("/login", &format!("name={name}&password={password}&next=/"));
        assert_eq!(r.status, 303, "login of {name} failed: {}", r.body);
        let cookie = r
            .header("set-cookie")
            .and_then(|c| c.split(';').next())
            .expect("a session cookie")
            .to_owned();
        Client {
            address: address.to_owned(),
            cookie: Some(cookie),
        }
    }

    pub fn get(&self, path: &str) -> Response {
        self.send("GET", path, &[], None)
    }

    pub fn post_form(&self, path: &str, body: &str) -> Response {
        self.send(
            "POST",
            path,
            &[("Content-Type", "application/x-www-form-urlencoded")],
            Some(body),
        )
    }

    /// Posts a `multipart/form-data` form, as a browser sends a file
    /// upload: the text `fields`, then `file` as (field, file name, content).
    pub fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &str)>,
    ) -> Response {
        let boundary = "----uti-test-grens-7d3f0a";
        let mut body = String::new();
        for (name, value) in fields {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            ));
        }
        if let Some((name, file_name, content)) = file {
            body.push_str(&format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n{content}\r\n"
            ));
        }
        body.push_str(&format!("--{boundary}--\r\n"));
        let content_type = format!("multipart/form-data; boundary={boundary}");
        self.send(
            "POST",
            path,
            &[("Content-Type", &content_type)],
            Some(&body),
        )
    }

    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&str>,
    ) -> Response {
        let mut all: Vec<(&str, &str)> = headers.to_vec();
        if let Some(cookie) = &self.cookie {
            all.push(("Cookie", cookie));
        }
        request(&self.address, method, path, &all, body)
    }

    /// Sends JSON to the API with this session's CSRF token in
    /// `X-CSRF-Token` (as a page's script would).
    pub fn json(&self, method: &str, path: &str, body: &serde_json::Value) -> Response {
        let csrf = self.csrf();
        self.send(
            method,
            path,
            &[
                ("Content-Type", "application/json"),
                ("X-CSRF-Token", &csrf),
            ],
            Some(&body.to_string()),
        )
    }

    /// Posts a form as a page does: the session's CSRF token, then `fields`.
    pub fn post_fields(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        let csrf = self.csrf();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_form(path, &form(&all))
    }

    /// The CSRF token of this session, from /api/me.
    pub fn csrf(&self) -> String {
        let me: serde_json::Value = serde_json::from_str(&self.get("/api/me").body).unwrap();
        me["csrf_token"].as_str().unwrap().to_owned()
    }
}

/// Percent-encodes form fields as a browser does.
pub fn form(fields: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        let mut out = String::new();
        for b in s.bytes() {
            match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    out.push(b as char)
                }
                b' ' => out.push('+'),
                _ => out.push_str(&format!("%{b:02X}")),
            }
        }
        out
    };
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}
