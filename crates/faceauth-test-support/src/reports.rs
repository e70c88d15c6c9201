//! Checks of written reports with real parsers: JUnit XML parsed (roxmltree, independent of the
//! writer), SARIF validated against the official SARIF 2.1.0 JSON schema (vendored from the
//! `@microsoft/jest-sarif` npm package: `schemas/sarif-schema-2.1.0.json`, OASIS rtm.5).

use serde_json::Value;

/// Every testcase of a JUnit document as (classname, name, failure text, skipped message,
/// system-out).
#[derive(Debug, Clone)]
pub struct TestCase {
    pub classname: String,
    pub name: String,
    pub file: Option<String>,
    pub line: Option<u32>,
    pub failure: Option<String>,
    pub failure_type: Option<String>,
    pub skipped: Option<String>,
    pub system_out: Option<String>,
    /// The case's `provenance` property (runs over the documented examples).
    pub provenance: Option<String>,
}

pub fn junit_cases(xml: &str) -> Vec<TestCase> {
    let doc = roxmltree::Document::parse(xml).expect("the JUnit report is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let cases: Vec<TestCase> = root
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|n| {
            let child = |tag: &str| n.children().find(|c| c.has_tag_name(tag));
            TestCase {
                classname: n.attribute("classname").unwrap_or_default().to_owned(),
                name: n.attribute("name").unwrap_or_default().to_owned(),
                file: n.attribute("file").map(str::to_owned),
                line: n.attribute("line").map(|l| l.parse().unwrap()),
                failure: child("failure").map(|f| f.text().unwrap_or_default().to_owned()),
                failure_type: child("failure").and_then(|f| f.attribute("type").map(str::to_owned)),
                skipped: child("skipped")
                    .map(|s| s.attribute("message").unwrap_or_default().to_owned()),
                system_out: child("system-out").map(|s| s.text().unwrap_or_default().to_owned()),
                provenance: child("properties")
                    .and_then(|p| property(p, "provenance"))
                    .map(str::to_owned),
            }
        })
        .collect();
    // The counts the suites declare are the counts they hold.
    let tests: usize = root.attribute("tests").unwrap().parse().unwrap();
    let failures: usize = root.attribute("failures").unwrap().parse().unwrap();
    assert_eq!(tests, cases.len(), "declared tests");
    assert_eq!(
        failures,
        cases.iter().filter(|c| c.failure.is_some()).count(),
        "declared failures"
    );
    cases
}

/// The value of the `<property name=..>` of a `<properties>` node.
fn property<'a>(properties: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    properties
        .children()
        .find(|p| p.has_tag_name("property") && p.attribute("name") == Some(name))
        .and_then(|p| p.attribute("value"))
}

/// Each `<testsuite>`'s name and its `<properties>` as (name, value) pairs, in order.
pub fn junit_suite_properties(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    let doc = roxmltree::Document::parse(xml).expect("the JUnit report is well-formed XML");
    doc.root_element()
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .map(|suite| {
            let properties = suite
                .children()
                .find(|c| c.has_tag_name("properties"))
                .map(|p| {
                    p.children()
                        .filter(|c| c.has_tag_name("property"))
                        .map(|c| {
                            let attribute = |a| c.attribute(a).unwrap_or_default().to_owned();
                            (attribute("name"), attribute("value"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            (
                suite.attribute("name").unwrap_or_default().to_owned(),
                properties,
            )
        })
        .collect()
}

/// Validates a SARIF log against the SARIF 2.1.0 schema; panics with every violation.
pub fn assert_valid_sarif(sarif: &Value) {
    let schema: Value = serde_json::from_str(include_str!("../schemas/sarif-schema-2.1.0.json"))
        .expect("the vendored schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the SARIF log is not valid SARIF 2.1.0: {errors:#?}"
    );
    assert_eq!(sarif["version"], "2.1.0");
}

/// The text of line `line` (1-based) of `text`, trimmed.
pub fn line_text(text: &str, line: u32) -> &str {
    text.lines()
        .nth(line as usize - 1)
        .unwrap_or_default()
        .trim()
}
