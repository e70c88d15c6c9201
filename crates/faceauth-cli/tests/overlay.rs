//! `faceauth overlay apply`: in place, byte for byte outside the change, or refused in one line
//! with the file untouched.

mod support;

use std::path::Path;
use std::process::Output;

use support::{run, stderr};

fn apply(args: &[&str]) -> Output {
    run(&[&["overlay", "apply"], args].concat(), &[], None)
}

/// The real Signzy spec and an overlay with `actions`, in a folder of their own.
fn setup(dir: &Path, actions: &str) -> (String, String, String) {
    let spec = dir.join("signzy.yaml");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/signzy.yaml"),
    )
    .unwrap();
    std::fs::write(&spec, &text).unwrap();
    let overlay = dir.join("change.overlay.yaml");
    std::fs::write(
        &overlay,
        format!("overlay: 1.1.0\ninfo: {{title: A change, version: '1'}}\nactions:\n{actions}"),
    )
    .unwrap();
    (
        overlay.to_str().unwrap().to_owned(),
        spec.to_str().unwrap().to_owned(),
        text,
    )
}

#[test]
fn an_overlay_changes_its_lines_and_keeps_every_other_byte() {
    let dir = tempfile::tempdir().unwrap();
    let (overlay, spec, before) = setup(
        dir.path(),
        "- target: $.info\n  update:\n    x-reviewed: true\n\
         - target: $.info.title\n  update: Signzy Deep Face Auth (reviewed)\n",
    );
    let output = apply(&[&overlay, &spec]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    let after = std::fs::read_to_string(&spec).unwrap();
    let title = before
        .lines()
        .find(|l| l.starts_with("  title: "))
        .expect("the spec has a title line");
    let changed: Vec<String> = similar::TextDiff::from_lines(&before, &after)
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", c.tag(), c.value().trim_end()))
        .collect();
    assert_eq!(
        changed,
        [
            format!("-{title}"),
            "+  title: Signzy Deep Face Auth (reviewed)".to_owned(),
            "+  x-reviewed: true".to_owned(),
        ],
        "{changed:#?}"
    );

    // Applied again, the update changes nothing the second time but the title is already
    // there: the file is left as it was.
    let output = apply(&[&overlay, &spec]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("nothing changed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), after);
}

#[test]
fn each_refusal_is_one_line_exit_2_and_the_file_untouched() {
    let cases = [
        (
            "- target: $.paths['/nowhere']\n  remove: true\n",
            "/actions/0/target `$.paths['/nowhere']` selects nothing in",
        ),
        (
            "- target: $.paths[\n  remove: true\n",
            "/actions/0/target `$.paths[`:",
        ),
        (
            "- target: $.info\n  remove: true\n",
            "not an OpenAPI document after the overlay: no `info` with a `title` and a `version` string",
        ),
        (
            "- target: $.info\n  update:\n    title: {nested: true}\n",
            "an object cannot be merged into a primitive at /info/title",
        ),
        ("- target: $.info\n  replace: true\n", "/actions/0/replace: not a field of this Overlay version"),
    ];
    for (actions, reason) in cases {
        let dir = tempfile::tempdir().unwrap();
        let (overlay, spec, before) = setup(dir.path(), actions);
        let output = apply(&[&overlay, &spec]);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{actions}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
        assert!(
            stderr(&output).contains(reason),
            "{reason}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).ends_with("(nothing written)\n"),
            "{}",
            stderr(&output)
        );
        assert_eq!(std::fs::read_to_string(&spec).unwrap(), before, "{actions}");
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 2, "no temporary file left beside the spec");
    }
}

#[test]
fn an_empty_target_may_be_allowed_and_then_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (overlay, spec, before) = setup(
        dir.path(),
        "- target: $.paths['/nowhere']\n  remove: true\n",
    );
    let output = apply(&[&overlay, &spec, "--allow-empty-targets"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("0 node(s) selected, nothing changed"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), before);
}

#[test]
fn output_writes_elsewhere_and_a_hostile_overlay_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let (overlay, spec, before) = setup(
        dir.path(),
        "- target: $.info\n  update: {x-reviewed: true}\n",
    );
    let out = dir.path().join("out.yaml");
    let output = apply(&[&overlay, &spec, "--output", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), before);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("\n  x-reviewed: true\n"));

    // A document of aliases that would expand past any memory: refused at its first alias.
    let bomb = dir.path().join("bomb.yaml");
    let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for level in 0..9 {
        text.push_str(&format!(
            "b{level}: &b{level} [*{prev}, *{prev}, *{prev}]\n",
            prev = if level == 0 {
                "a".to_owned()
            } else {
                format!("b{}", level - 1)
            }
        ));
    }
    std::fs::write(&bomb, text).unwrap();
    let output = apply(&[bomb.to_str().unwrap(), &spec]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("alias"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&spec).unwrap(), before);
}
