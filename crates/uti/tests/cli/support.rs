//! Helpers: a fresh working directory and database per test, and the
//! `uti` binary run in it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repository's `data/` folder.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .join(name)
}

/// Which database a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Both backends. PostgreSQL comes from `UTI_TEST_POSTGRES_URL` (set by
/// `scripts/test`); without it the PostgreSQL half is skipped with a
/// message, except under `CI=true`, where that is a failure.
pub fn backends() -> Vec<Backend> {
    if std::env::var("UTI_TEST_POSTGRES_URL").is_ok() {
        vec![Backend::Sqlite, Backend::Postgres]
    } else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "UTI_TEST_POSTGRES_URL is not set: under CI the PostgreSQL tests are mandatory (run scripts/test)"
        );
        eprintln!(
            "note: UTI_TEST_POSTGRES_URL not set; PostgreSQL half skipped (run scripts/test)"
        );
        vec![Backend::Sqlite]
    }
}

/// A working directory with its own, empty database.
pub struct Env {
    pub dir: tempfile::TempDir,
    pub database: String,
    pub backend: Backend,
}

impl Env {
    /// A fresh SQLite database in a fresh directory.
    pub fn sqlite() -> Env {
        Env::new(Backend::Sqlite)
    }

    /// A fresh database of the given backend.
    pub fn new(backend: Backend) -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = match backend {
            Backend::Sqlite => dir.path().join("uti.db").display().to_string(),
            Backend::Postgres => fresh_postgres_database(),
        };
        Env {
            dir,
            database,
            backend,
        }
    }

    /// A path inside the working directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes a file in the working directory and returns its path.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, content).expect("write test file");
        path
    }

    /// `uti ARGS` in this directory, against this database.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_uti"));
        cmd.current_dir(self.dir.path())
            .env("UTI_DATABASE_URL", &self.database)
            .env_remove("UTI_LANG")
            .args(args);
        cmd
    }

    /// Runs `uti ARGS` and returns what it did.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = self.cmd(args).output().expect("run uti");
        Run::from(output)
    }

    /// Runs `uti ARGS` and insists that it succeeded.
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert!(run.success, "uti {args:?} failed:\n{}", run.stderr);
        run
    }

    /// Runs `uti ARGS` with `input` on standard input.
    pub fn run_with_stdin(&self, args: &[&str], input: &str) -> Run {
        use std::io::Write;
        let mut child = self
            .cmd(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run uti");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        Run::from(child.wait_with_output().expect("run uti"))
    }

    /// A fresh database of the backend holding [`MINIMAL`], and its export.
    pub fn seeded(backend: Backend) -> (Env, String) {
        let env = Env::new(backend);
        env.write("base.yaml", MINIMAL);
        env.ok(&["import", "base.yaml"]);
        let before = env.export();
        (env, before)
    }

    /// Runs one SQL statement on this database directly, as another
    /// program would; returns the rows, each as its columns (integers or
    /// text) joined by `|`.
    pub fn sql(&self, query: &'static str) -> Vec<String> {
        use sqlx::Row;
        let location = uti_store::Location::parse(Some(&self.database));
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let store = uti_store::Store::open(&location).await.unwrap();
            let rows = sqlx::query(query).fetch_all(store.pool()).await.unwrap();
            store.close().await;
            rows.iter()
                .map(|row| {
                    (0..row.columns().len())
                        .map(|i| match row.try_get::<i64, _>(i) {
                            Ok(n) => n.to_string(),
                            Err(_) => row.get::<String, _>(i),
                        })
                        .collect::<Vec<_>>()
                        .join("|")
                })
                .collect()
        })
    }

    /// The whole stored dataset as YAML.
    pub fn export(&self) -> String {
        self.ok(&["export"]).stdout
    }
}

/// What a run of `uti` did.
#[derive(Debug)]
pub struct Run {
    pub success: bool,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            success: o.status.success(),
            code: o.status.code(),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Creates an empty PostgreSQL database for one test and returns its URL.
fn fresh_postgres_database() -> String {
    let base = std::env::var("UTI_TEST_POSTGRES_URL").expect("UTI_TEST_POSTGRES_URL");
    let name = format!(
        "uti_t_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let status = Command::new("psql")
        .arg(&base)
        .args([
            "-q",
            "-c",
            &format!("DROP DATABASE IF EXISTS {name}"),
            "-c",
            &format!("CREATE DATABASE {name}"),
        ])
        .status()
        .expect("psql");
    assert!(status.success(), "could not create test database {name}");
    match base.rfind('/') {
        Some(i) => format!("{}/{name}", &base[..i]),
        None => panic!("UTI_TEST_POSTGRES_URL has no database part: {base}"),
    }
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A minimal valid dataset with one initiative, to build cases on.
pub const MINIMAL: &str = "format: uti-dataset/1
initiatives:
  - id: leerhuis
    name: Leerhuis
";

/// Starts `uti serve` on a free port and returns it with its address.
pub fn serve(env: &Env, extra: &[&str]) -> (std::process::Child, String) {
    let (child, address, _) = serve_with_log(env, extra);
    (child, address)
}

/// [`serve`], also returning what the server said before it listened.
pub fn serve_with_log(env: &Env, extra: &[&str]) -> (std::process::Child, String, Vec<String>) {
    let mut args = vec!["serve", "--bind", "127.0.0.1:0"];
    args.extend_from_slice(extra);
    serve_command(env.cmd(&args))
}

/// Starts a prepared `uti serve` command (its own environment, say) and
/// returns it with its address and what it said before it listened.
pub fn serve_command(mut command: Command) -> (std::process::Child, String, Vec<String>) {
    let mut said = Vec::new();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        if let Some(rest) = line.split("http://").nth(1) {
            let address = rest.split_whitespace().next().unwrap().to_owned();
            std::thread::spawn(move || for _ in lines {});
            return (child, address, said);
        }
        said.push(line);
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("uti serve did not say where it listens");
}

/// A child process (a server) that is killed when dropped, so that a
/// failing test leaves no server running.
pub struct KillOnDrop(pub std::process::Child);

impl std::ops::Deref for KillOnDrop {
    type Target = std::process::Child;
    fn deref(&self) -> &std::process::Child {
        &self.0
    }
}

impl std::ops::DerefMut for KillOnDrop {
    fn deref_mut(&mut self) -> &mut std::process::Child {
        &mut self.0
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}
