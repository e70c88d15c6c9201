//! The crate's marks and words are not the wire: a security scheme or a response whose only
//! change is a maintainer's mark (`x-faceauth-source`, `x-faceauth-inferred`) or a description
//! breaks nothing, while the one mark that decides every method's error type
//! (`x-faceauth-coded-envelope`) is the major Rust change it is. Run on the real specs, edited.

use faceauth_diff::{diff, SpecPair};

fn spec(vendor: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../specs")
        .join(format!("{vendor}.yaml"));
    std::fs::read_to_string(path).unwrap()
}

/// The changes between `base` and `head` of `vendor`, as (kind, old client, semver) text.
fn verdicts(vendor: &str, base: &str, head: &str) -> Vec<(String, String, String, String)> {
    let report = diff(&[SpecPair {
        vendor,
        base: Some(base),
        head: Some(head),
    }])
    .unwrap();
    let json = serde_json::to_value(&report).unwrap();
    json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let text = |key: &str| c[key].as_str().unwrap_or_default().to_owned();
            (
                text("kind"),
                text("old_client"),
                text("semver"),
                text("detail"),
            )
        })
        .collect()
}

fn replace_once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?}");
    text.replace(from, to)
}

#[test]
fn a_mark_on_a_security_scheme_or_a_response_breaks_nothing() {
    let base = spec("progeny");
    let head = replace_once(
        &base,
        "      bearerFormat: JWT\n",
        "      bearerFormat: JWT\n      x-faceauth-verbatim: a new mark\n",
    );
    assert_eq!(
        verdicts("progeny", &base, &head),
        [(
            "extension_changed".to_owned(),
            "unaffected".to_owned(),
            "none".to_owned(),
            "security scheme `bearerAuth`: a mark changed".to_owned()
        )]
    );

    let base = spec("verisoul");
    let marked = base.replacen(
        "        '429':\n",
        "        '429':\n          x-faceauth-inferred: a new reason\n",
        1,
    );
    assert_ne!(marked, base, "a 429 response to mark");
    let found = verdicts("verisoul", &base, &marked);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (
            found[0].0.as_str(),
            found[0].1.as_str(),
            found[0].2.as_str()
        ),
        ("extension_changed", "unaffected", "none")
    );
}

#[test]
fn the_coded_envelope_mark_is_a_major_rust_change_that_old_clients_do_not_see() {
    let head = spec("advance");
    let mark = "x-faceauth-coded-envelope:\n  code: code\n  message: message\n  success: SUCCESS\n  credential-refused: IAM_FAILED\n";
    let base = replace_once(&head, mark, "");
    assert_eq!(
        verdicts("advance", &base, &head),
        [(
            "extension_changed".to_owned(),
            "unaffected".to_owned(),
            "major".to_owned(),
            "`x-faceauth-coded-envelope` changed: every method's error type follows it".to_owned()
        )]
    );
}
