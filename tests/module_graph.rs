//! The library's modules depend one way: no circle among the top-level modules of `src/` (each
//! file `src/x.rs` or folder `src/x/` is one), nor among the files of one folder (a folder inside
//! it, `src/x/y/`, one node there, and its own files a folder of their own), and the runtime
//! reaches nothing above it (no vendor module, no conformance runner, nothing that names every
//! vendor). The generated code of each vendor (`$OUT_DIR/<vendor>.rs`) counts as its vendor's.
//!
//! The graph is read from the code as text: every `crate::` (and `$crate::`) path, `use crate::{..}`
//! group and `super::` path, with the names `lib.rs` re-exports resolved to the module that defines
//! them. A reference that cannot be resolved fails the test, so the reader cannot miss an edge
//! silently.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const VENDORS: [&str; 4] = ["signzy", "verisoul", "advance", "progeny"];

/// What the runtime may depend on: the crate's leaf modules.
const BELOW_RUNTIME: [&str; 13] = [
    "coded_envelope",
    "error",
    "image",
    "observer",
    "operation",
    "options",
    "recorder",
    "redact",
    "response",
    "secret",
    "server",
    "transport",
    "vendor",
];

/// One file's code with comments removed, and the unit and folder it belongs to.
struct Source {
    unit: String,
    /// `(folder, file stem)` for a file inside a folder unit (`("runtime", "send")`,
    /// `("conformance/mock", "form")`).
    inner: Option<(String, String)>,
    code: String,
}

fn sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &mut files);
    let mut sources: Vec<Source> = files
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "lib.rs"))
        .map(|file| {
            let relative = file.strip_prefix(&src).unwrap();
            let parts: Vec<String> = relative
                .iter()
                .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_owned())
                .collect();
            let unit = parts[0].clone();
            let inner = (parts.len() > 1).then(|| {
                let (stem, folders) = parts.split_last().unwrap();
                (folders.join("/"), stem.clone())
            });
            Source {
                unit,
                inner,
                code: without_comments(&std::fs::read_to_string(&file).unwrap()),
            }
        })
        .collect();
    for vendor in VENDORS {
        let generated = Path::new(env!("OUT_DIR")).join(format!("{vendor}.rs"));
        sources.push(Source {
            unit: vendor.to_owned(),
            inner: Some((vendor.to_owned(), "mod".to_owned())),
            code: without_comments(&std::fs::read_to_string(generated).unwrap()),
        });
    }
    sources
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The code without `//` comments (doc comments included: their examples use the public paths).
fn without_comments(code: &str) -> String {
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first path segment of every `crate::` / `$crate::` path, grouped imports included.
fn crate_paths(code: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().last();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        found.extend(paths_at(&code[at + "crate::".len()..]));
    }
    found
}

/// The paths written at the start of `rest`: `a::b::C` or a group `{a::b, C, d::{e, f}}`.
fn paths_at(rest: &str) -> Vec<Vec<String>> {
    if let Some(group) = rest.strip_prefix('{') {
        let mut depth = 0;
        let mut end = group.len();
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    end = i;
                    break;
                }
                '}' => depth -= 1,
                _ => {}
            }
        }
        let mut items = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        let inner = &group[..end];
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    items.push(&inner[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        items.push(&inner[start..]);
        return items
            .into_iter()
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .flat_map(paths_at)
            .collect();
    }
    let path: Vec<String> = rest
        .split("::")
        .map(|segment| {
            segment
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .take_while(|segment| !segment.is_empty())
        .collect();
    if path.is_empty() {
        Vec::new()
    } else {
        vec![path]
    }
}

/// `pub use module::{A, B};` lines of `lib.rs`: each public name to the module defining it.
fn reexports() -> BTreeMap<String, String> {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let lib = without_comments(&lib);
    let mut names = BTreeMap::new();
    for statement in lib.split(';') {
        let statement = statement.trim();
        let Some(rest) = statement.strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, items)) = rest.split_once("::") else {
            continue;
        };
        for path in paths_at(items) {
            names.insert(path.last().unwrap().clone(), module.to_owned());
        }
    }
    names
}

/// The top-level modules of `lib.rs`.
fn modules() -> BTreeSet<String> {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    lib.lines()
        .filter_map(|line| {
            let line = line.trim();
            let rest = line
                .strip_prefix("pub mod ")
                .or_else(|| line.strip_prefix("mod "))?;
            Some(rest.trim_end_matches(';').trim().to_owned())
        })
        .collect()
}

fn unit_graph() -> BTreeMap<String, BTreeSet<String>> {
    let (modules, reexports) = (modules(), reexports());
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut unresolved = Vec::new();
    for source in sources() {
        let edges = graph.entry(source.unit.clone()).or_default();
        for path in crate_paths(&source.code) {
            let first = &path[0];
            let target = if modules.contains(first) {
                first.clone()
            } else if let Some(module) = reexports.get(first) {
                if !modules.contains(module) {
                    // A name re-exported from another crate (`secrecy::SecretString`).
                    continue;
                }
                module.clone()
            } else {
                unresolved.push(format!("{}: crate::{}", source.unit, path.join("::")));
                continue;
            };
            if target != source.unit {
                edges.insert(target);
            }
        }
    }
    assert!(
        unresolved.is_empty(),
        "references the graph cannot place: {unresolved:#?}"
    );
    graph
}

/// Every circle of `graph` (Tarjan's strongly connected components of more than one node, or a
/// node with an edge to itself).
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(s: &mut State<'a>, node: &'a str) {
        s.index.insert(node, s.next);
        s.low.insert(node, s.next);
        s.next += 1;
        s.stack.push(node);
        s.on_stack.insert(node);
        let edges: Vec<&'a str> = s
            .graph
            .get(node)
            .map(|e| e.iter().map(String::as_str).collect())
            .unwrap_or_default();
        for next in edges {
            if !s.index.contains_key(next) {
                visit(s, next);
                let low = s.low[node].min(s.low[next]);
                s.low.insert(node, low);
            } else if s.on_stack.contains(next) {
                let low = s.low[node].min(s.index[next]);
                s.low.insert(node, low);
            }
        }
        if s.low[node] == s.index[node] {
            let mut component = Vec::new();
            while let Some(top) = s.stack.pop() {
                s.on_stack.remove(top);
                component.push(top.to_owned());
                if top == node {
                    break;
                }
            }
            let self_loop = s.graph.get(node).is_some_and(|e| e.contains(node));
            if component.len() > 1 || self_loop {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.found
}

#[test]
fn the_top_level_modules_form_no_circle() {
    let graph = unit_graph();
    assert!(graph.len() > 15, "the reader found the modules: {graph:#?}");
    assert_eq!(circles(&graph), Vec::<Vec<String>>::new(), "{graph:#?}");
}

#[test]
fn the_runtime_reaches_nothing_above_it() {
    let graph = unit_graph();
    let above: Vec<&String> = graph["runtime"]
        .iter()
        .filter(|unit| !BELOW_RUNTIME.contains(&unit.as_str()))
        .collect();
    assert_eq!(above, Vec::<&String>::new(), "the runtime depends on these");
    // And the vendor modules reach the runtime, not the other way round.
    for vendor in VENDORS {
        assert!(graph[vendor].contains("runtime"), "{vendor}");
        for above in ["any_client", "registry"] {
            assert!(!graph[vendor].contains(above), "{vendor} -> {above}");
        }
    }
}

#[test]
fn the_files_of_each_folder_form_no_circle() {
    let sources = sources();
    let mut folders: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    // `super::name` in a file of a folder: a sibling file, or a name its `mod.rs` re-exports.
    let mut mod_reexports: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for source in &sources {
        let Some((folder, "mod")) = source.inner.as_ref().map(|(f, s)| (f, s.as_str())) else {
            continue;
        };
        for statement in source.code.split(';') {
            let statement = statement.trim();
            let rest = statement
                .strip_prefix("pub use ")
                .or_else(|| statement.strip_prefix("pub(crate) use "))
                .or_else(|| statement.strip_prefix("use "));
            let Some((module, items)) = rest.and_then(|r| r.split_once("::")) else {
                continue;
            };
            for path in paths_at(items) {
                mod_reexports
                    .entry(folder.clone())
                    .or_default()
                    .insert(path.last().unwrap().clone(), module.to_owned());
            }
        }
    }
    for source in &sources {
        let Some((folder, file)) = &source.inner else {
            continue;
        };
        let siblings = folders.entry(folder.clone()).or_default();
        let edges = siblings.entry(file.clone()).or_default();
        for (at, _) in source.code.match_indices("super::") {
            if source.code[..at].ends_with("super::") {
                continue;
            }
            for path in paths_at(&source.code[at + "super::".len()..]) {
                let first = &path[0];
                let target = mod_reexports
                    .get(folder)
                    .and_then(|names| names.get(first))
                    .cloned()
                    .unwrap_or_else(|| first.clone());
                // A sibling file, or a folder inside this one; else a name defined in `mod.rs`
                // itself (or the generated code it includes).
                let is_node = sources.iter().any(|s| match &s.inner {
                    Some((f, stem)) => {
                        (f == folder && *stem == target) || *f == format!("{folder}/{target}")
                    }
                    None => false,
                });
                let target = if is_node { target } else { "mod".to_owned() };
                if target != *file {
                    edges.insert(target);
                }
            }
        }
    }
    for (folder, graph) in &folders {
        // `mod.rs` declares its files and re-exports them: that is the folder's interface, not a
        // dependency of theirs; a circle through it is a file using what another file uses it for.
        let without_declarations: BTreeMap<String, BTreeSet<String>> = graph
            .iter()
            .map(|(file, edges)| {
                let edges = if file == "mod" {
                    BTreeSet::new()
                } else {
                    edges.clone()
                };
                (file.clone(), edges)
            })
            .collect();
        assert_eq!(
            circles(&without_declarations),
            Vec::<Vec<String>>::new(),
            "src/{folder}/: {graph:#?}"
        );
    }
}
