//! The plain table `faceauth diff` prints: one row per change (vendor, operation, kind, the two
//! verdicts, file:line, Rust items) with what changed on the line below, then the verdict.

use super::super::{DiffReport, OldClient};
use super::{operation, place};

pub(in super::super) fn render(report: &DiffReport) -> String {
    let header = [
        "VENDOR",
        "OPERATION",
        "KIND",
        "OLD CLIENT",
        "SEMVER",
        "LOCATION",
        "RUST ITEMS",
    ];
    let rows: Vec<[String; 7]> = report
        .changes
        .iter()
        .map(|c| {
            [
                c.vendor.clone(),
                operation(c).to_owned(),
                c.kind.id().to_owned(),
                c.old_client.as_str().to_owned(),
                c.semver.as_str().to_owned(),
                place(c),
                c.rust_items.join(", "),
            ]
        })
        .collect();
    let mut widths = header.map(str::len);
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut text = String::new();
        for (i, cell) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                text.push_str(cell);
            } else {
                text.push_str(&format!("{cell:<width$}  ", width = widths[i]));
            }
        }
        text.trim_end().to_owned() + "\n"
    };
    let mut out = String::new();
    if !rows.is_empty() {
        out.push_str(&line(&header.map(str::to_owned)));
        for (row, change) in rows.iter().zip(&report.changes) {
            out.push_str(&line(row));
            out.push_str(&format!("    {}\n", change.detail));
        }
        out.push('\n');
    }
    let old_clients = match report.old_client {
        OldClient::Breaks => "old clients break",
        OldClient::Unaffected => "old clients unaffected",
    };
    out.push_str(&match report.changes.len() {
        0 => format!("no change: semver none, {old_clients}\n"),
        n => format!(
            "{n} change{}: semver {}, {old_clients}\n",
            if n == 1 { "" } else { "s" },
            report.semver.as_str()
        ),
    });
    if let Some(version) = &report.version {
        out.push_str(&format!("version: {}\n", version.summary()));
    }
    out
}
