//! `faceauth conformance`: every documented example through the typed clients against the
//! embedded mock, or each operation's documented request against a live server with the response
//! checked field by field against the spec.

use std::process::ExitCode;

use faceauth_clients::{BaseUrl, KnownSecrets, Vendor};
use faceauth_conformance::coverage::VendorCoverage;
use faceauth_conformance::report::{self, CaseResult, Report, RunKind};
use faceauth_conformance::{self as conformance, check_live, parse_params, LiveSelection, Spec};
use serde::Serialize;

use super::reports::ReportArgs;
use super::{
    credential_from_env, parse_base_url, parse_vendor, usage_error, EXIT_FAILED,
    EXIT_NOTHING_CHECKED, EXIT_WRITE,
};

/// Check the typed clients against every documented example (embedded mock), or a live server
/// against the specs (--base-url).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  faceauth conformance                               all vendors, embedded mock
  faceauth conformance --vendor signzy --json        one vendor, JSON report
  FACEAUTH_VERISOUL_API_KEY=... faceauth conformance --vendor verisoul \\
      --base-url https://api.sandbox.verisoul.ai     live drift check, read-only operations
  ... --operation enrollFaceMatch                    also run a named operation that writes

  ... --junit j.xml --sarif s.sarif --markdown m.md  CI reports beside the table
  ... --accept accepted-drift.yaml                   known drift reported, not failing

Exit status: 0 nothing new failed or drifted, 1 something did (or an accept-file entry expired),
2 usage error (nothing sent), 4 nothing was checked (every operation skipped), 5 a report could
not be written, 130/143 stopped by SIGINT/SIGTERM.")]
pub struct Args {
    /// Check only this vendor (repeatable); every vendor by default.
    #[arg(long = "vendor", value_name = "NAME", value_parser = parse_vendor)]
    vendors: Vec<Vendor>,
    /// Check this live server instead of the embedded mock (exactly one --vendor). The credential
    /// comes from the vendor's environment variables (listed below).
    #[arg(long, value_name = "URL", value_parser = parse_base_url())]
    base_url: Option<BaseUrl>,
    /// With --base-url: run only this operation (repeatable); a named operation runs even if it
    /// changes the vendor's state.
    #[arg(long = "operation", value_name = "OPERATION_ID", requires = "base_url")]
    operations: Vec<String>,
    /// With --base-url: also run the operations that change the vendor's state (enrol, create,
    /// delete).
    #[arg(long, requires = "base_url")]
    include_writes: bool,
    /// With --base-url: a value for a read's input (a body field or parameter: the id of an
    /// existing user, session, task...), instead of its environment variable (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE", requires = "base_url")]
    params: Vec<String>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    reports: ReportArgs,
}

pub async fn run(args: Args) -> ExitCode {
    let mut vendors = if args.vendors.is_empty() {
        Vendor::built().collect()
    } else {
        args.vendors.clone()
    };
    vendors.dedup();
    // Everything that can be wrong with the command line is found before anything is sent.
    let (accept, outputs) = match args.reports.prepare(&[]) {
        Ok(prepared) => prepared,
        Err(reason) => return usage_error(&reason),
    };
    let (mut report, secrets) = match &args.base_url {
        None => match against_mock(&vendors).await {
            Ok(report) => (report, KnownSecrets::default()),
            Err(reason) => {
                eprintln!("faceauth: {reason}");
                return ExitCode::from(EXIT_FAILED);
            }
        },
        Some(base_url) => {
            let [vendor] = vendors.as_slice() else {
                return usage_error("--base-url checks one vendor: give exactly one --vendor");
            };
            match against_live(*vendor, base_url, &args).await {
                Ok(report) => (report, secrets_from_env(*vendor)),
                Err(reason) => return usage_error(&reason),
            }
        }
    };
    if let Some(accept) = &accept {
        accept.apply(&mut report, report::accept::today());
    }
    report.redact(&secrets);
    match &report.run {
        RunKind::Live { .. } => print_live(&report, args.json),
        _ => print_mock(&report, args.json, vendors.len()),
    }
    if let Err(reason) = report.write(&outputs) {
        eprintln!("faceauth: {reason}");
        return ExitCode::from(EXIT_WRITE);
    }
    // A check of nothing is not a pass: a live run whose every operation was skipped (no input
    // for any read, a vendor with no read) or a mock run without an example says so.
    if report.totals().cases == 0 {
        eprintln!(
            "faceauth: nothing was checked ({} skipped): a check of nothing is not a pass",
            report.totals().skipped
        );
        return ExitCode::from(EXIT_NOTHING_CHECKED);
    }
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    }
}

/// The values of the vendor's credential variables: no report may contain them (the live check
/// has scrubbed those its clients knew, the tokens they were issued included).
fn secrets_from_env(vendor: Vendor) -> KnownSecrets {
    let names = faceauth_conformance::credential_vars(vendor).secret_vars();
    let secrets = KnownSecrets::default();
    for value in names.iter().filter_map(|n| std::env::var(n).ok()) {
        secrets.add(&value);
    }
    secrets
}

#[derive(Serialize)]
struct OperationRow {
    vendor: Vendor,
    operation: String,
    examples: usize,
    passed: usize,
    failed: usize,
    failures: Vec<FailedExample>,
}

#[derive(Serialize)]
struct FailedExample {
    example: String,
    #[serde(skip)]
    accepted_only: bool,
    reasons: Vec<String>,
}

async fn against_mock(vendors: &[Vendor]) -> Result<Report, String> {
    let mut report = Report::new(RunKind::Mock);
    for &vendor in vendors {
        eprintln!("checking {vendor} against the embedded mock ...");
        let spec = Spec::load(vendor).map_err(|e| e.to_string())?;
        for check in conformance::check_spec(&spec).await {
            report
                .cases
                .push(CaseResult::from_example_check(&spec, &check));
        }
        report.coverage.push(VendorCoverage::from_spec(&spec));
    }
    Ok(report)
}

fn print_mock(report: &Report, json: bool, vendors: usize) {
    let mut rows: Vec<OperationRow> = Vec::new();
    for case in &report.cases {
        record(&mut rows, case);
    }
    let totals = report.totals();
    let examples = report.provenance(None).unwrap_or_default();
    if json {
        let json = serde_json::json!({
            "mode": "mock",
            "operations": rows,
            "summary": {
                "examples": totals.cases,
                "passed": totals.passed,
                "failed": totals.failed,
                "accepted": totals.accepted,
                "verbatim": examples.verbatim,
                "repaired": examples.repaired,
                "third_party": examples.third_party,
                "constructed": examples.constructed,
            },
            "coverage": report.coverage,
            "accept": accept_json(report),
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).expect("a report serialises")
        );
        return;
    }
    print_table(&rows);
    print_entries(report);
    outln!(
        "summary: {} examples, {} passed, {} failed ({} vendors, {} operations; examples: {examples}{})",
        totals.cases,
        totals.passed,
        totals.failed,
        vendors,
        rows.len(),
        accepted_note(report),
    );
}

/// The accept file's outcome for --json: each entry and its state.
fn accept_json(report: &Report) -> serde_json::Value {
    match &report.accept_file {
        None => serde_json::Value::Null,
        Some(file) => serde_json::json!({ "file": file, "entries": report.accept_entries }),
    }
}

/// `; 2 accepted, 1 stale entry` for the summary line, when an accept file was given.
fn accepted_note(report: &Report) -> String {
    if report.accept_file.is_none() {
        return String::new();
    }
    let t = report.totals();
    format!(
        "; {} accepted, {} expired entries, {} stale entries",
        t.accepted, t.expired_entries, t.stale_entries
    )
}

fn print_entries(report: &Report) {
    use faceauth_conformance::report::EntryState;
    for entry in &report.accept_entries {
        match entry.state {
            EntryState::Expired => outln!(
                "EXPIRED accept entry {}: expired on {} ({})",
                entry.describe(),
                entry.expires,
                entry.reason
            ),
            EntryState::Stale => outln!(
                "STALE accept entry {}: matches nothing that was checked; remove it",
                entry.describe()
            ),
            _ => {}
        }
    }
}

fn record(rows: &mut Vec<OperationRow>, case: &CaseResult) {
    let at = rows
        .iter()
        .position(|r| r.vendor == case.vendor && r.operation == case.operation)
        .unwrap_or_else(|| {
            rows.push(OperationRow {
                vendor: case.vendor,
                operation: case.operation.clone(),
                examples: 0,
                passed: 0,
                failed: 0,
                failures: Vec::new(),
            });
            rows.len() - 1
        });
    let row = &mut rows[at];
    row.examples += 1;
    if case.findings.is_empty() {
        row.passed += 1;
    } else {
        if case.failed() {
            row.failed += 1;
        }
        row.failures.push(FailedExample {
            example: format!("{}__{}__{}", case.vendor, case.operation, case.name),
            accepted_only: case.accepted_only(),
            reasons: case.findings.iter().map(|f| f.line()).collect(),
        });
    }
}

fn print_table(rows: &[OperationRow]) {
    outln!(
        "{:<10} {:<36} {:>8} {:>7} {:>7}",
        "vendor",
        "operation",
        "examples",
        "passed",
        "failed"
    );
    for row in rows {
        outln!(
            "{:<10} {:<36} {:>8} {:>7} {:>7}",
            row.vendor.name(),
            row.operation,
            row.examples,
            row.passed,
            row.failed
        );
        for failure in &row.failures {
            let mark = if failure.accepted_only {
                "ACCEPTED"
            } else {
                "FAIL"
            };
            outln!("    {mark} {}", failure.example);
            for reason in &failure.reasons {
                outln!("         {reason}");
            }
        }
    }
}

async fn against_live(vendor: Vendor, base_url: &BaseUrl, args: &Args) -> Result<Report, String> {
    let mut operations = Vec::new();
    for name in &args.operations {
        let operation = vendor.operation(name).ok_or_else(|| {
            let known: Vec<&str> = vendor.operations().iter().map(|op| op.id).collect();
            format!(
                "{vendor} has no operation {name:?}; one of: {}",
                known.join(", ")
            )
        })?;
        operations.push(operation);
    }
    let selection = LiveSelection {
        operations,
        include_writes: args.include_writes,
        params: parse_params(&args.params).map_err(|e| e.to_string())?,
    };
    let credential = credential_from_env(vendor)?;
    let env = |name: &str| std::env::var(name).ok();
    let mut progress = |operation: &faceauth_clients::OperationMeta| {
        eprintln!("calling {operation} at {base_url} ...")
    };
    check_live(
        vendor,
        base_url,
        credential,
        &selection,
        &env,
        &mut progress,
    )
    .await
    .map_err(|e| e.to_string())
}

fn print_live(report: &Report, json: bool) {
    let RunKind::Live { vendor, base_url } = &report.run else {
        return;
    };
    let run: Vec<&CaseResult> = report
        .cases
        .iter()
        .filter(|c| c.skipped.is_none())
        .collect();
    let skipped: Vec<(&str, &str)> = report
        .cases
        .iter()
        .filter_map(|c| Some((c.operation.as_str(), c.skipped.as_deref()?)))
        .collect();
    let totals = report.totals();
    if json {
        let rows: Vec<serde_json::Value> = run
            .iter()
            .map(|case| {
                let drift: Vec<serde_json::Value> = case
                    .findings
                    .iter()
                    .filter(|f| matches!(f.kind, report::FindingKind::Drift(_)))
                    .map(|f| {
                        serde_json::json!({
                            "kind": f.kind.short_id(),
                            "at": f.at,
                            "detail": f.message,
                            "location": f.location,
                            "accepted": f.accepted,
                        })
                    })
                    .collect();
                // What failed besides drift (a refused credential, a call not made), in words.
                let failures: Vec<&str> = case
                    .findings
                    .iter()
                    .filter(|f| !matches!(f.kind, report::FindingKind::Drift(_)))
                    .map(|f| f.message.as_str())
                    .collect();
                serde_json::json!({
                    "operation": case.operation,
                    "status": case.status,
                    "outcome": case.outcome,
                    "drift": drift,
                    "failures": failures,
                    "passed": !case.failed(),
                })
            })
            .collect();
        let json = serde_json::json!({
            "mode": "live",
            "vendor": vendor,
            "base_url": base_url,
            "operations": rows,
            "skipped": skipped
                .iter()
                .map(|(operation, reason)| serde_json::json!({"operation": operation, "reason": reason}))
                .collect::<Vec<_>>(),
            "summary": {
                "operations": totals.cases,
                "passed": totals.cases - totals.failed,
                "failed": totals.failed,
                "accepted": totals.accepted,
            },
            "accept": accept_json(report),
        });
        outln!(
            "{}",
            serde_json::to_string_pretty(&json).expect("a report serialises")
        );
        return;
    }
    outln!("{:<36} {:<8} outcome", "operation", "result");
    for case in &run {
        let result = if case.failed() {
            "DRIFT"
        } else if case.accepted_only() {
            "accepted"
        } else {
            "ok"
        };
        outln!(
            "{:<36} {:<8} {}",
            case.operation,
            result,
            case.outcome.as_deref().unwrap_or_default()
        );
        for finding in &case.findings {
            outln!("    {}", finding.line());
        }
    }
    for (operation, reason) in &skipped {
        outln!("skipped {operation}: {reason}");
    }
    print_entries(report);
    outln!(
        "summary: {} operations checked against {base_url}, {} passed, {} drifted or failed{}",
        totals.cases,
        totals.cases - totals.failed,
        totals.failed,
        accepted_note(report),
    );
}
