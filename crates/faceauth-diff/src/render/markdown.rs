//! Markdown for a pull-request comment: the verdict, the version check, a table of the changes
//! (each with its `file:line`), what each kind present means, and the entries to paste under
//! `## [Unreleased]` in CHANGELOG.md (Keep a Changelog's sections), between two markers so that
//! a script can cut them out.

use std::collections::BTreeMap;

use super::super::{Change, ChangeKind, DiffReport, OldClient, Semver};
use super::{operation, place};

/// The markers around the changelog entries.
pub(in super::super) const CHANGELOG_START: &str = "<!-- changelog:start -->";
pub(in super::super) const CHANGELOG_END: &str = "<!-- changelog:end -->";

pub(in super::super) fn render(report: &DiffReport) -> String {
    let mut out = String::from("## Spec diff\n\n");
    let old_clients = match report.old_client {
        OldClient::Breaks => "**break**",
        OldClient::Unaffected => "are unaffected",
    };
    out.push_str(&format!(
        "Semver: **{}**; old clients {old_clients}; {} change{}.\n\n",
        report.semver.as_str(),
        report.changes.len(),
        if report.changes.len() == 1 { "" } else { "s" }
    ));
    if let Some(version) = &report.version {
        let mark = if version.sufficient { "✅" } else { "❌" };
        out.push_str(&format!("Version: {mark} {}\n\n", version.summary()));
    }
    if report.changes.is_empty() {
        out.push_str("No change.\n");
        return out;
    }
    out.push_str(
        "| vendor | operation | kind | old client | semver | Rust items | where | what |\n",
    );
    out.push_str("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for change in &report.changes {
        let items: Vec<String> = change.rust_items.iter().map(|i| format!("`{i}`")).collect();
        out.push_str(&format!(
            "| {} | {} | `{}` | {} | {} | {} | `{}` | {} |\n",
            change.vendor,
            operation(change),
            change.kind.id(),
            change.old_client.as_str(),
            change.semver.as_str(),
            items.join("<br>"),
            place(change),
            cell(&change.detail)
        ));
    }
    let mut kinds: Vec<ChangeKind> = report.changes.iter().map(|c| c.kind).collect();
    kinds.sort();
    kinds.dedup();
    out.push_str("\n<details><summary>What each kind means</summary>\n\n");
    for kind in kinds {
        out.push_str(&format!("- `{}`: {}\n", kind.id(), kind.reason()));
    }
    out.push_str("\n</details>\n\n");
    out.push_str(&changelog(report));
    out
}

/// Keep a Changelog's section for a change; `None` for what a changelog leaves out (examples,
/// texts no generated item carries).
fn section(change: &Change) -> Option<&'static str> {
    use ChangeKind as K;
    Some(match change.kind {
        K::OperationAdded
        | K::OptionalParameterAdded
        | K::OptionalRequestFieldAdded
        | K::OptionalResponseFieldAdded
        | K::RequiredResponseFieldAdded
        | K::EnumValueAdded
        | K::ResponseStatusAdded
        | K::ServerAdded
        | K::SchemaAdded => "Added",
        K::OperationRemoved
        | K::ParameterRemoved
        | K::RequestFieldRemoved
        | K::ResponseFieldRemoved
        | K::EnumValueRemoved
        | K::ResponseStatusRemoved
        | K::ServerRemoved
        | K::SchemaRemoved => "Removed",
        K::SecurityChanged => "Security",
        K::ExampleChanged => return None,
        _ if change.semver == Semver::None => return None,
        _ => "Changed",
    })
}

/// The entries for CHANGELOG.md's Unreleased section: one line per change, a change seen through
/// several operations once with all of them.
fn changelog(report: &DiffReport) -> String {
    let mut sections: BTreeMap<usize, (&str, Vec<String>)> = BTreeMap::new();
    let order = ["Added", "Changed", "Removed", "Security"];
    let mut merged: Vec<(&Change, Vec<&str>)> = Vec::new();
    let mut left_out = 0;
    for change in &report.changes {
        if section(change).is_none() {
            left_out += 1;
            continue;
        }
        let same = |c: &&Change| {
            c.vendor == change.vendor
                && c.kind == change.kind
                && c.detail == change.detail
                && c.location.pointer == change.location.pointer
        };
        match merged.iter_mut().find(|(c, _)| same(c)) {
            Some((_, operations)) => operations.extend(change.operation.as_deref()),
            None => merged.push((change, change.operation.as_deref().into_iter().collect())),
        }
    }
    for (change, operations) in merged {
        let name = section(change).expect("left-out changes are not merged");
        let index = order.iter().position(|s| *s == name).unwrap_or(order.len());
        let through = if operations.is_empty() {
            String::new()
        } else {
            let list: Vec<String> = operations.iter().map(|o| format!("`{o}`")).collect();
            format!(" ({})", list.join(", "))
        };
        let breaking = if change.semver == Semver::Major {
            "**Breaking:** "
        } else {
            ""
        };
        let old = if change.old_client == OldClient::Breaks {
            "; releases before this one break against the vendor"
        } else {
            ""
        };
        let line = format!(
            "- {breaking}{}{through}: {}{old}.",
            change.vendor,
            change.detail.trim_end_matches('.')
        );
        sections
            .entry(index)
            .or_insert((name, Vec::new()))
            .1
            .push(line);
    }
    let mut out = String::from("### Changelog entries\n\n");
    out.push_str("For `## [Unreleased]` in CHANGELOG.md:\n\n");
    out.push_str(CHANGELOG_START);
    out.push('\n');
    for (name, lines) in sections.values() {
        out.push_str(&format!("### {name}\n\n"));
        for line in lines {
            out.push_str(line);
            out.push('\n');
        }
        out.push('\n');
    }
    out.push_str(CHANGELOG_END);
    out.push('\n');
    if left_out > 0 {
        out.push_str(&format!(
            "\n{left_out} change{} to examples or texts no generated item carries left out.\n",
            if left_out == 1 { "" } else { "s" }
        ));
    }
    out
}

/// Text for a table cell: no line break, no unescaped pipe.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
