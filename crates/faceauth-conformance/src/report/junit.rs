//! JUnit XML: one `<testsuite>` per vendor, one `<testcase>` per case (an example, or a live
//! operation), a `<failure>` carrying the finding lines; skipped cases `<skipped>`; accepted
//! findings in `<system-out>`, marked ACCEPTED. The accept file's entries are a suite of their own:
//! an expired entry fails, a stale one is skipped with the reason.
//!
//! For a run over the documented examples, each suite's `<properties>` count its examples by
//! where they come from (`examples.verbatim`, `examples.repaired`, `examples.third_party`,
//! `examples.constructed`), and each case says its own (`provenance`).

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::{CaseResult, EntryState, Provenance, Report};
use faceauth_clients::Vendor;

pub(super) fn render(report: &Report) -> String {
    let mut xml = Writer::new_with_indent(Vec::new(), b' ', 2);
    let totals = report.totals();
    let entry_failures = totals.expired_entries;
    let entry_cases = report.accept_entries.len();
    let w = &mut xml;
    emit(w, Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    let tests = (report.cases.len() + entry_cases).to_string();
    let failures = (totals.failed + entry_failures).to_string();
    let skipped = (totals.skipped + totals.stale_entries).to_string();
    emit(
        w,
        Event::Start(BytesStart::new("testsuites").with_attributes([
            ("name", "faceauth conformance"),
            ("tests", tests.as_str()),
            ("failures", failures.as_str()),
            ("errors", "0"),
            ("skipped", skipped.as_str()),
        ])),
    );
    for vendor in Vendor::ALL {
        let cases: Vec<&CaseResult> = report.cases.iter().filter(|c| c.vendor == vendor).collect();
        if cases.is_empty() {
            continue;
        }
        let tests = cases.len().to_string();
        let failures = cases.iter().filter(|c| c.failed()).count().to_string();
        let skipped = cases
            .iter()
            .filter(|c| c.skipped.is_some())
            .count()
            .to_string();
        emit(
            w,
            Event::Start(BytesStart::new("testsuite").with_attributes([
                ("name", vendor.name()),
                ("tests", tests.as_str()),
                ("failures", failures.as_str()),
                ("errors", "0"),
                ("skipped", skipped.as_str()),
            ])),
        );
        if let Some(counts) = report.provenance(Some(vendor)) {
            emit(w, Event::Start(BytesStart::new("properties")));
            for kind in Provenance::ALL {
                let name = format!("examples.{}", kind.label().replace('-', "_"));
                let count = counts.count(kind).to_string();
                emit(
                    w,
                    Event::Empty(
                        BytesStart::new("property")
                            .with_attributes([("name", name.as_str()), ("value", count.as_str())]),
                    ),
                );
            }
            emit(w, Event::End(BytesEnd::new("properties")));
        }
        for case in cases {
            testcase(w, case);
        }
        emit(w, Event::End(BytesEnd::new("testsuite")));
    }
    if !report.accept_entries.is_empty() {
        let file = report.accept_file.as_deref().unwrap_or("accept file");
        emit(
            w,
            Event::Start(BytesStart::new("testsuite").with_attributes([
                ("name", format!("accepted drift ({file})").as_str()),
                ("tests", entry_cases.to_string().as_str()),
                ("failures", entry_failures.to_string().as_str()),
                ("errors", "0"),
                ("skipped", totals.stale_entries.to_string().as_str()),
            ])),
        );
        for entry in &report.accept_entries {
            let name = entry.describe();
            let start = BytesStart::new("testcase")
                .with_attributes([("name", name.as_str()), ("classname", "accept")]);
            let (tag, message) = match entry.state {
                EntryState::Expired => (
                    "failure",
                    format!("expired on {}: {}", entry.expires, entry.reason),
                ),
                EntryState::Stale => (
                    "skipped",
                    format!("stale: matches nothing that was checked ({})", entry.reason),
                ),
                EntryState::Matched | EntryState::NotChecked => {
                    emit(w, Event::Empty(start));
                    continue;
                }
            };
            emit(w, Event::Start(start));
            emit(
                w,
                Event::Empty(
                    BytesStart::new(tag).with_attributes([("message", clean(&message).as_str())]),
                ),
            );
            emit(w, Event::End(BytesEnd::new("testcase")));
        }
        emit(w, Event::End(BytesEnd::new("testsuite")));
    }
    emit(w, Event::End(BytesEnd::new("testsuites")));
    let mut text = String::from_utf8(xml.into_inner()).expect("the writer writes UTF-8");
    text.push('\n');
    text
}

fn testcase(w: &mut Writer<Vec<u8>>, case: &CaseResult) {
    let classname = format!("{}.{}", case.vendor, case.operation);
    let mut start = BytesStart::new("testcase").with_attributes([
        ("name", case.name.as_str()),
        ("classname", classname.as_str()),
    ]);
    if let Some(location) = &case.location {
        start.push_attribute(("file", location.file.as_str()));
        if let Some(line) = location.line {
            start.push_attribute(("line", line.to_string().as_str()));
        }
    }
    let accepted: Vec<String> = case
        .findings
        .iter()
        .filter(|f| f.accepted.is_some())
        .map(|f| f.line())
        .collect();
    if case.skipped.is_none() && case.findings.is_empty() && case.provenance.is_none() {
        emit(w, Event::Empty(start));
        return;
    }
    emit(w, Event::Start(start));
    if let Some(provenance) = case.provenance {
        emit(w, Event::Start(BytesStart::new("properties")));
        emit(
            w,
            Event::Empty(
                BytesStart::new("property")
                    .with_attributes([("name", "provenance"), ("value", provenance.label())]),
            ),
        );
        emit(w, Event::End(BytesEnd::new("properties")));
    }
    if let Some(reason) = &case.skipped {
        emit(
            w,
            Event::Empty(
                BytesStart::new("skipped").with_attributes([("message", clean(reason).as_str())]),
            ),
        );
    }
    if case.failed() {
        let new: Vec<&super::Finding> = case
            .findings
            .iter()
            .filter(|f| f.accepted.is_none())
            .collect();
        let message = format!(
            "{} new finding(s): {}",
            new.len(),
            new.iter()
                .map(|f| f.kind.id())
                .collect::<Vec<_>>()
                .join(", ")
        );
        let kind = new[0].kind.id();
        emit(
            w,
            Event::Start(BytesStart::new("failure").with_attributes([
                ("message", clean(&message).as_str()),
                ("type", kind.as_str()),
            ])),
        );
        let body: Vec<String> = case.findings.iter().map(|f| f.line()).collect();
        emit(w, Event::Text(BytesText::new(&clean(&body.join("\n")))));
        emit(w, Event::End(BytesEnd::new("failure")));
    }
    if !accepted.is_empty() {
        emit(w, Event::Start(BytesStart::new("system-out")));
        emit(w, Event::Text(BytesText::new(&clean(&accepted.join("\n")))));
        emit(w, Event::End(BytesEnd::new("system-out")));
    }
    emit(w, Event::End(BytesEnd::new("testcase")));
}

fn emit(w: &mut Writer<Vec<u8>>, event: Event<'_>) {
    w.write_event(event)
        .expect("writing XML into memory does not fail");
}

/// Text without the characters XML 1.0 cannot hold even escaped (control characters other than
/// tab and newline), which a vendor's response may contain.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}
