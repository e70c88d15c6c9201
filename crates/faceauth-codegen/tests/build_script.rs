//! build.rs on broken specs: each failure names the spec file and the place in it, and a shape
//! that makes progenitor panic is reported as an error, not as a bare panic.
//!
//! These are the real build script's functions: faceauth-clients' `build.rs` calls this crate.

use faceauth_codegen as build_script;

use std::path::Path;

/// Runs the build script's generation on a project whose only spec is `spec`, named `file`.
fn generate(file: &str, spec: &str) -> Vec<String> {
    let root = tempfile::tempdir().expect("a temporary directory");
    std::fs::create_dir(root.path().join("specs")).unwrap();
    std::fs::write(root.path().join("specs").join(file), spec).unwrap();
    let out = tempfile::tempdir().unwrap();
    build_script::generate_all(root.path(), out.path(), &|_| true)
}

fn assert_one_failure(failures: &[String], expected_parts: &[&str]) {
    assert_eq!(failures.len(), 1, "expected one failure, got {failures:#?}");
    for part in expected_parts {
        assert!(
            failures[0].contains(part),
            "the failure {:?} does not say {part:?}",
            failures[0]
        );
    }
}

const HEADER: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn yaml_syntax_error_names_the_spec_line_and_column() {
    let failures = generate(
        "acme.yaml",
        &format!("{HEADER}paths:\n  /x:\n    post: [unclosed\n"),
    );
    assert_one_failure(
        &failures,
        &["specs/acme.yaml", "not valid YAML", "line", "column"],
    );
}

#[test]
fn a_shape_openapi_does_not_allow_names_its_path() {
    let failures = generate(
        "acme.yaml",
        &format!("{HEADER}paths:\n  /x:\n    post:\n      operationId: x\n      responses: 12\n"),
    );
    assert_one_failure(
        &failures,
        &[
            "specs/acme.yaml",
            "at `paths./x.post.responses`",
            "not a valid OpenAPI",
        ],
    );
}

#[test]
fn openapi_3_1_is_refused_at_its_version() {
    let failures = generate(
        "acme.yaml",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    assert_one_failure(
        &failures,
        &["specs/acme.yaml", "at `openapi`", "3.0.x only"],
    );
}

#[test]
fn an_inline_response_body_is_refused_at_its_place() {
    let spec = format!(
        "{HEADER}paths:\n  /x:\n    post:\n      operationId: x\n      responses:\n        '400':\n          description: bad\n          content:\n            application/json:\n              schema: {{type: object}}\n"
    );
    assert_one_failure(
        &generate("acme.yaml", &spec),
        &[
            "specs/acme.yaml",
            "at `paths./x.post.responses.400.content.application/json.schema`",
            "named component",
        ],
    );
}

#[test]
fn a_missing_operation_id_names_the_spec_and_the_operation() {
    // The dispatch (and progenitor) need an operationId on every operation.
    let spec = format!(
        "{HEADER}paths:\n  /x:\n    get:\n      responses:\n        '204': {{description: none}}\n"
    );
    assert_one_failure(
        &generate("acme.yaml", &spec),
        &["specs/acme.yaml", "at `paths./x.get`", "operationId"],
    );
}

#[test]
fn a_generator_error_names_the_spec() {
    // progenitor refuses two operations with the same operationId.
    let spec = format!(
        "{HEADER}paths:\n  /x:\n    get:\n      operationId: same\n      responses:\n        '204': {{description: none}}\n  /y:\n    get:\n      operationId: same\n      responses:\n        '204': {{description: none}}\n"
    );
    assert_one_failure(
        &generate("acme.yaml", &spec),
        &["specs/acme.yaml", "progenitor cannot generate"],
    );
}

#[test]
fn a_generator_panic_becomes_an_error_naming_the_spec() {
    // Two error statuses with different body types make progenitor 0.15 panic.
    let spec = format!(
        "{HEADER}paths:\n  /x:\n    get:\n      operationId: x\n      responses:\n        '200': {{description: ok}}\n        '400': {{description: a, content: {{application/json: {{schema: {{$ref: '#/components/schemas/A'}}}}}}}}\n        '404': {{description: b, content: {{application/json: {{schema: {{$ref: '#/components/schemas/B'}}}}}}}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{a: {{type: string}}}}}}\n    B: {{type: object, properties: {{b: {{type: integer}}}}}}\n"
    );
    assert_one_failure(
        &generate("acme.yaml", &spec),
        &["specs/acme.yaml", "progenitor panicked"],
    );
}

#[test]
fn a_vendor_whose_feature_is_off_is_not_generated() {
    let root = tempfile::tempdir().unwrap();
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    std::fs::create_dir(root.path().join("specs")).unwrap();
    for vendor in ["signzy", "verisoul"] {
        std::fs::copy(
            specs.join(format!("{vendor}.yaml")),
            root.path().join("specs").join(format!("{vendor}.yaml")),
        )
        .unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    // As cargo sets it with `--no-default-features --features verisoul`.
    let vendors = ["signzy".to_owned(), "verisoul".to_owned()];
    let wanted = |vendor: &str| {
        build_script::vendor_built(vendor, &vendors, |name| name == "CARGO_FEATURE_VERISOUL")
    };
    let failures = build_script::generate_all(root.path(), out.path(), &wanted);
    assert_eq!(failures, Vec::<String>::new());
    let mut written: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    // The client, and the spec's rustdoc sections of its one hand-written operation.
    assert_eq!(written, ["verisoul.redirectToFaceMatch.md", "verisoul.rs"]);
}

#[test]
fn with_no_vendor_feature_every_vendor_is_built() {
    let vendors: Vec<String> = ["signzy", "verisoul", "advance", "progeny"]
        .map(str::to_owned)
        .to_vec();
    let built = |set: &[&str]| -> Vec<&str> {
        vendors
            .iter()
            .map(String::as_str)
            .filter(|v| build_script::vendor_built(v, &vendors, |name| set.contains(&name)))
            .collect()
    };
    // `default-features = false` and no vendor named (a TLS feature, or none): all four.
    assert_eq!(built(&[]), ["signzy", "verisoul", "advance", "progeny"]);
    assert_eq!(
        built(&["CARGO_FEATURE_RUSTLS"]),
        ["signzy", "verisoul", "advance", "progeny"]
    );
    // Vendors named: those only.
    assert_eq!(built(&["CARGO_FEATURE_VERISOUL"]), ["verisoul"]);
    assert_eq!(
        built(&["CARGO_FEATURE_PROGENY", "CARGO_FEATURE_SIGNZY"]),
        ["signzy", "progeny"]
    );
}

/// A spec is untrusted input: a reference cycle, an alias or a nesting no spec needs fails the
/// build with the spec's name and the place, before progenitor sees it (which would recurse
/// without end, or expand without bound).
#[test]
fn hostile_specs_fail_the_build_with_the_place() {
    let cycle = format!("{HEADER}paths:\n  /x:\n    post:\n      operationId: x\n      requestBody: {{$ref: '#'}}\n      responses: {{}}\n");
    assert_one_failure(
        &generate("acme.yaml", &cycle),
        &[
            "specs/acme.yaml",
            "a $ref cycle at /paths/~1x/post/requestBody: `#`",
        ],
    );
    let alias = format!("{HEADER}paths: {{}}\nx: &a [1, 2]\ny: [*a, *a]\n");
    assert_one_failure(
        &generate("acme.yaml", &alias),
        &["specs/acme.yaml", "a YAML alias at line 5"],
    );
    let deep = format!(
        "{HEADER}paths: {{}}\nx: {}1{}\n",
        "[".repeat(5_000),
        "]".repeat(5_000)
    );
    assert_one_failure(
        &generate("acme.yaml", &deep),
        &["specs/acme.yaml", "nested deeper than 64 levels (line 4)"],
    );
}
