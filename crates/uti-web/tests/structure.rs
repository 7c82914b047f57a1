//! The shape of the code: no module of any crate in the workspace imports
//! one that (directly or through others) imports it back, the web crate's
//! shared kernel imports no feature, and every feature has its router.
//!
//! Module dependencies are read from the source: `crate::a::b` and
//! `super::x` paths outside comments and test modules, resolved to the
//! longest module they name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read source folder") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a source file holds: `a::b` for `src/a/b.rs` or
/// `src/a/b/mod.rs`, the empty path for `lib.rs` and `main.rs`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without comments and without its test module.
fn code(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("#[cfg(test)]") {
            break;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        out.push_str(line.split(" // ").next().unwrap_or(""));
        out.push('\n');
    }
    out
}

/// The paths that follow `prefix` in `code`, such as `kernel::auth::Viewer`
/// after `crate::`.
fn paths_after<'a>(code: &'a str, prefix: &str) -> Vec<Vec<&'a str>> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let segments: Vec<&str> = rest[..end].split("::").filter(|s| !s.is_empty()).collect();
        out.push(segments);
    }
    out
}

/// The longest module among `modules` that `base` followed by `segments` names.
fn resolve(modules: &BTreeSet<String>, base: &[String], segments: &[&str]) -> String {
    let mut best = base.join("::");
    let mut path: Vec<String> = base.to_vec();
    for s in segments {
        path.push((*s).to_owned());
        let joined = path.join("::");
        if modules.contains(&joined) {
            best = joined;
        } else {
            break;
        }
    }
    best
}

/// Module → the modules it uses, for one crate.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut all = Vec::new();
    files(src, &mut all);
    let modules: BTreeSet<String> = all.iter().map(|f| module_of(src, f)).collect();
    let mut edges = BTreeMap::new();
    for file in &all {
        let module = module_of(src, file);
        let text = code(&std::fs::read_to_string(file).expect("read source"));
        let mut uses = BTreeSet::new();
        for segments in paths_after(&text, "crate::") {
            uses.insert(resolve(&modules, &[], &segments));
        }
        let parent: Vec<String> = module
            .split("::")
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>();
        let parent = &parent[..parent.len().saturating_sub(1)];
        for segments in paths_after(&text, "super::") {
            if segments.is_empty() || segments == ["*"] {
                continue;
            }
            uses.insert(resolve(&modules, parent, &segments));
        }
        uses.remove(&module);
        edges.insert(module, uses);
    }
    edges
}

/// A cycle in `edges`, if there is one.
fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        done: &mut BTreeSet<String>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut found = stack[at..].to_vec();
            found.push(node.to_owned());
            return Some(found);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, edges, done, stack) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        if let Some(c) = visit(node, edges, &mut done, &mut Vec::new()) {
            return Some(c);
        }
    }
    None
}

/// The top-level modules of the web crate that are not features: the
/// kernel below them, the layers around them, the connection loop.
const INFRASTRUCTURE: &[&str] = &["kernel", "layers", "server"];

fn crates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[test]
fn no_crate_has_an_import_circle() {
    let mut checked = 0;
    for entry in std::fs::read_dir(crates_dir()).expect("crates folder") {
        let src = entry.expect("entry").path().join("src");
        if !src.is_dir() {
            continue;
        }
        let edges = graph(&src);
        assert!(
            edges.len() > 1 || src.join("lib.rs").exists() || src.join("main.rs").exists(),
            "no modules read in {}",
            src.display()
        );
        if let Some(c) = cycle(&edges) {
            panic!(
                "import circle in {}: {}",
                src.display(),
                c.iter()
                    .map(|m| if m.is_empty() { "(crate root)" } else { m })
                    .collect::<Vec<_>>()
                    .join(" → ")
            );
        }
        checked += 1;
    }
    assert!(checked >= 6, "only {checked} crates checked");
}

#[test]
fn the_kernel_imports_no_feature_and_features_have_routers() {
    let src = crates_dir().join("uti-web/src");
    let edges = graph(&src);
    let features: Vec<&String> = edges
        .keys()
        .filter(|m| !m.is_empty() && !m.contains("::") && !INFRASTRUCTURE.contains(&m.as_str()))
        .collect();
    assert!(features.len() >= 6, "features found: {features:?}");
    for (module, uses) in &edges {
        if module == "kernel" || module.starts_with("kernel::") {
            for used in uses {
                assert!(
                    used == "kernel" || used.starts_with("kernel::"),
                    "the kernel module {module} imports {used}, which is not part of the kernel"
                );
            }
        }
    }
    for feature in features {
        let text = std::fs::read_to_string(src.join(feature).join("mod.rs"))
            .unwrap_or_else(|_| panic!("feature {feature} is a folder with mod.rs"));
        assert!(
            text.contains("pub fn router()"),
            "feature {feature} has no router()"
        );
    }
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("lib.rs");
    assert!(
        !lib.contains(".route("),
        "lib.rs composes feature routers and adds layers; it defines no routes itself"
    );
}
