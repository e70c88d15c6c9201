//! JUnit XML: one `<testsuite>` per vendor with one `<testcase>` per change (classname
//! `<vendor>.<operationId>`, or `<vendor>.spec` for a change of the spec itself; `file` and
//! `line` of the change). A change fails when a version check was made and the head's version is
//! not enough for it; its verdicts are in `<system-out>`. The version check is a suite of its own.

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use faceauth_reports::junit::{clean, emit};

use super::super::{Change, DiffReport};

pub(in super::super) fn render(report: &DiffReport) -> String {
    let failed = |c: &Change| report.version.as_ref().is_some_and(|v| !v.allows(c.semver));
    let mut vendors: Vec<&str> = Vec::new();
    for change in &report.changes {
        if !vendors.contains(&change.vendor.as_str()) {
            vendors.push(&change.vendor);
        }
    }
    let version_failed = report.version.as_ref().is_some_and(|v| !v.sufficient);
    let tests = report.changes.len() + usize::from(report.version.is_some());
    let failures =
        report.changes.iter().filter(|c| failed(c)).count() + usize::from(version_failed);
    let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
    let w = &mut xml;
    emit(w, Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    emit(
        w,
        Event::Start(BytesStart::new("testsuites").with_attributes([
            ("name", "faceauth diff"),
            ("tests", tests.to_string().as_str()),
            ("failures", failures.to_string().as_str()),
            ("errors", "0"),
        ])),
    );
    for vendor in vendors {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.vendor == vendor)
            .collect();
        let failures = changes.iter().filter(|c| failed(c)).count();
        emit(
            w,
            Event::Start(BytesStart::new("testsuite").with_attributes([
                ("name", vendor),
                ("tests", changes.len().to_string().as_str()),
                ("failures", failures.to_string().as_str()),
                ("errors", "0"),
            ])),
        );
        for change in changes {
            let classname = format!(
                "{}.{}",
                change.vendor,
                change.operation.as_deref().unwrap_or("spec")
            );
            let name = format!("{}: {}", change.kind.id(), change.detail);
            let mut start = BytesStart::new("testcase").with_attributes([
                ("name", name.as_str()),
                ("classname", classname.as_str()),
                ("file", change.location.file.as_str()),
            ]);
            if let Some(line) = change.location.line {
                start.push_attribute(("line", line.to_string().as_str()));
            }
            emit(w, Event::Start(start));
            if let (true, Some(version)) = (failed(change), &report.version) {
                let message = format!(
                    "needs a {} bump: {}",
                    change.semver.as_str(),
                    version.summary()
                );
                emit(
                    w,
                    Event::Start(BytesStart::new("failure").with_attributes([
                        ("message", message.as_str()),
                        ("type", "spec-diff/version_bump"),
                    ])),
                );
                emit(w, Event::Text(BytesText::new(&clean(&message))));
                emit(w, Event::End(BytesEnd::new("failure")));
            }
            let verdicts = format!(
                "old_client: {}\nsemver: {}\nrust_items: {}\nlocation: {}",
                change.old_client.as_str(),
                change.semver.as_str(),
                change.rust_items.join(", "),
                change.location.pointer
            );
            emit(w, Event::Start(BytesStart::new("system-out")));
            emit(w, Event::Text(BytesText::new(&clean(&verdicts))));
            emit(w, Event::End(BytesEnd::new("system-out")));
            emit(w, Event::End(BytesEnd::new("testcase")));
        }
        emit(w, Event::End(BytesEnd::new("testsuite")));
    }
    if let Some(version) = &report.version {
        emit(
            w,
            Event::Start(BytesStart::new("testsuite").with_attributes([
                ("name", "version"),
                ("tests", "1"),
                ("failures", if version_failed { "1" } else { "0" }),
                ("errors", "0"),
            ])),
        );
        let start = BytesStart::new("testcase").with_attributes([
            ("name", "Cargo.toml version"),
            ("classname", "version"),
            ("file", "Cargo.toml"),
        ]);
        if version_failed {
            emit(w, Event::Start(start));
            let message = version.summary();
            emit(
                w,
                Event::Start(BytesStart::new("failure").with_attributes([
                    ("message", message.as_str()),
                    ("type", "spec-diff/version_bump"),
                ])),
            );
            emit(w, Event::Text(BytesText::new(&clean(&message))));
            emit(w, Event::End(BytesEnd::new("failure")));
            emit(w, Event::End(BytesEnd::new("testcase")));
        } else {
            emit(w, Event::Empty(start));
        }
        emit(w, Event::End(BytesEnd::new("testsuite")));
    }
    emit(w, Event::End(BytesEnd::new("testsuites")));
    let mut text = String::from_utf8(xml.into_inner()).expect("the writer writes UTF-8");
    text.push('\n');
    text
}
