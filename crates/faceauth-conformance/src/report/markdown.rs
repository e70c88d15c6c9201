//! Markdown for a CI job summary (GitHub's `$GITHUB_STEP_SUMMARY`, GitLab and others render it):
//! the verdict, a table per vendor and operation, each new and accepted finding with its place in
//! the spec, the accept file's expired and stale entries, and what the examples cover.

use std::fmt::Write;

use super::{CaseResult, EntryState, Report, RunKind};

pub(super) fn render(report: &Report) -> String {
    let mut md = String::new();
    let totals = report.totals();
    let title = match &report.run {
        RunKind::Mock => "embedded mock, every documented example".to_owned(),
        RunKind::Live { vendor, base_url } => format!("{vendor} live at {}", esc(base_url)),
        RunKind::Traffic { source } => format!("recorded traffic from {}", esc(source)),
    };
    let _ = writeln!(md, "## faceauth conformance: {title}\n");
    let verdict = if report.passed() {
        "✅ **passed**"
    } else {
        "❌ **failed**"
    };
    let _ = write!(
        md,
        "{verdict}: {} cases, {} passed, {} failed, {} accepted, {} skipped",
        totals.cases, totals.passed, totals.failed, totals.accepted, totals.skipped
    );
    if let Some(examples) = report.provenance(None) {
        let _ = write!(md, " (examples: {examples})");
    }
    if totals.expired_entries + totals.stale_entries > 0 {
        let _ = write!(
            md,
            "; accept file: {} expired, {} stale",
            totals.expired_entries, totals.stale_entries
        );
    }
    md.push_str("\n\n| vendor | operation | cases | passed | failed | accepted | skipped |\n");
    md.push_str("| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    let mut rows: Vec<(String, String, Vec<&CaseResult>)> = Vec::new();
    for case in &report.cases {
        match rows
            .iter_mut()
            .find(|(v, o, _)| *v == case.vendor.name() && *o == case.operation)
        {
            Some(row) => row.2.push(case),
            None => rows.push((
                case.vendor.name().to_owned(),
                case.operation.clone(),
                vec![case],
            )),
        }
    }
    for (vendor, operation, cases) in &rows {
        let count = |f: &dyn Fn(&CaseResult) -> bool| cases.iter().filter(|c| f(c)).count();
        let _ = writeln!(
            md,
            "| {vendor} | {operation} | {} | {} | {} | {} | {} |",
            count(&|c| c.skipped.is_none()),
            count(&|c| c.skipped.is_none() && c.findings.is_empty()),
            count(&|c| c.failed()),
            count(&|c| c.accepted_only()),
            count(&|c| c.skipped.is_some()),
        );
    }

    findings_section(&mut md, report, "New findings", false);
    findings_section(&mut md, report, "Accepted drift", true);

    let skipped: Vec<&CaseResult> = report
        .cases
        .iter()
        .filter(|c| c.skipped.is_some())
        .collect();
    if !skipped.is_empty() {
        md.push_str("\n### Skipped\n\n");
        for case in skipped {
            let _ = writeln!(
                md,
                "- {} `{}`: {}",
                case.vendor,
                case.operation,
                esc(case.skipped.as_deref().unwrap_or_default())
            );
        }
    }

    let entries: Vec<_> = report
        .accept_entries
        .iter()
        .filter(|e| matches!(e.state, EntryState::Expired | EntryState::Stale))
        .collect();
    if !entries.is_empty() {
        let file = report.accept_file.as_deref().unwrap_or("the accept file");
        let _ = writeln!(md, "\n### Accept file `{}`\n", esc(file));
        for entry in entries {
            let (what, mark) = match entry.state {
                EntryState::Expired => (format!("expired on {}", entry.expires), "❌"),
                _ => (
                    "stale: matches nothing that was checked; remove it".to_owned(),
                    "⚠️",
                ),
            };
            let line = entry
                .line
                .map(|l| format!(" (line {l})"))
                .unwrap_or_default();
            let _ = writeln!(
                md,
                "- {mark} {}{line}: {what}. Reason given: {}",
                esc(&entry.describe()),
                esc(&entry.reason)
            );
        }
    }

    if !report.coverage.is_empty() {
        md.push_str("\n### Coverage of the specs by their examples\n\n");
        md.push_str("| vendor | examples | verbatim | repaired | third-party | constructed | statuses without an example | response properties no example shows |\n");
        md.push_str("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for c in &report.coverage {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                c.vendor,
                c.examples,
                c.provenance.verbatim,
                c.provenance.repaired,
                c.provenance.third_party,
                c.provenance.constructed,
                c.statuses_without_example.len(),
                c.properties_without_example.len()
            );
        }
        for c in &report.coverage {
            if c.statuses_without_example.is_empty() && c.properties_without_example.is_empty() {
                continue;
            }
            let _ = writeln!(
                md,
                "\n<details><summary>{}: what no example shows</summary>\n",
                c.vendor
            );
            for s in &c.statuses_without_example {
                let _ = writeln!(md, "- `{}` HTTP {}: no example", s.operation, s.status);
            }
            for p in &c.properties_without_example {
                let _ = writeln!(
                    md,
                    "- `{}` HTTP {}: `{}`",
                    p.operation,
                    p.status,
                    esc(&p.property)
                );
            }
            md.push_str("\n</details>\n");
        }
    }
    md
}

fn findings_section(md: &mut String, report: &Report, title: &str, accepted: bool) {
    let mut lines = Vec::new();
    for case in &report.cases {
        for finding in case
            .findings
            .iter()
            .filter(|f| f.accepted.is_some() == accepted)
        {
            let place = finding
                .location
                .as_ref()
                .map(|l| match l.line {
                    Some(line) => format!(" ({}:{line})", l.file),
                    None => format!(" ({})", l.file),
                })
                .unwrap_or_default();
            let why = finding
                .accepted
                .as_ref()
                .map(|a| format!(" — accepted until {}: {}", a.expires, esc(&a.reason)))
                .unwrap_or_default();
            lines.push(format!(
                "- {} `{}` {}: `{}` {}{place}{why}",
                case.vendor,
                case.operation,
                esc(&case.name),
                finding.kind.id(),
                esc(&finding.message),
            ));
        }
    }
    if !lines.is_empty() {
        let _ = writeln!(md, "\n### {title}\n");
        for line in lines {
            md.push_str(&line);
            md.push('\n');
        }
    }
}

/// Text that renders as itself in a table cell or a list item.
fn esc(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', " ")
}
