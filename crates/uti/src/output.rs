//! Writing results: to standard output, or safely to a file (a temporary
//! file beside it, renamed into place, so a failure never leaves half a file).

use std::io::Write;
use std::path::Path;

/// Writes `content` to `out` atomically, or to standard output.
pub fn write_output(out: Option<&Path>, content: &[u8]) -> std::io::Result<()> {
    match out {
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(content)?;
            stdout.flush()
        }
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut tmp = tempfile_in(dir, path)?;
            let result = (|| {
                tmp.1.write_all(content)?;
                tmp.1.sync_all()?;
                std::fs::rename(&tmp.0, path)
            })();
            if result.is_err() {
                let _ = std::fs::remove_file(&tmp.0);
            }
            result
        }
    }
}

fn tempfile_in(dir: &Path, target: &Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("uti");
    for attempt in 0..100u32 {
        let candidate = dir.join(format!(".{name}.{}.{attempt}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&candidate)
        {
            Ok(file) => return Ok((candidate, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no temporary file name free"))
}
