//! `docs/layout.md` lists every Rust source file of the repository, by folder, and nothing else:
//! a file added, moved or removed without the list following fails here.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The files the layout's list names: a line `folder/` opens a folder (none: the root), an
/// indented line's first word is a file in it.
fn listed() -> BTreeSet<String> {
    let doc = std::fs::read_to_string(root().join("docs/layout.md")).unwrap();
    let block = doc
        .split("```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("docs/layout.md has the list in a text block");
    let mut folder = String::new();
    let mut files = BTreeSet::new();
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        let first = line.split_whitespace().next().unwrap();
        if line.starts_with(' ') {
            files.insert(format!("{folder}{first}"));
        } else {
            assert!(first.ends_with('/'), "a folder line ends with /: {line:?}");
            folder = first.to_owned();
        }
    }
    files
}

/// Every `.rs` file of the repository, outside the build output and version control.
fn on_disk() -> BTreeSet<String> {
    fn walk(dir: &Path, root: &Path, found: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            if name == "target" || name.starts_with('.') {
                continue;
            }
            if path.is_dir() {
                walk(&path, root, found);
            } else if name.ends_with(".rs") {
                let relative = path.strip_prefix(root).unwrap();
                found.insert(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let root = root().canonicalize().unwrap();
    let mut found = BTreeSet::new();
    walk(&root, &root, &mut found);
    found
}

#[test]
fn the_layout_lists_every_source_file_and_only_those() {
    let (listed, on_disk) = (listed(), on_disk());
    let missing: Vec<&String> = on_disk.difference(&listed).collect();
    let stale: Vec<&String> = listed.difference(&on_disk).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "docs/layout.md leaves out {missing:#?}\nand names files that do not exist: {stale:#?}"
    );
    assert!(listed.len() > 150, "{}", listed.len());
}
