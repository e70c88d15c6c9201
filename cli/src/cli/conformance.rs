//! `faceauth conformance`: every documented example through the typed clients against the
//! embedded mock, or each operation's documented request against a live server with the response
//! checked field by field against the spec.

use std::process::ExitCode;

use faceauth_clients::conformance::{
    self, call_operation, response_drift, CallTarget, Drift, ExampleCheck, OutcomeKind, Spec,
};
use faceauth_clients::hooks::ResponseLog;
use faceauth_clients::{BaseUrl, Vendor};
use serde::Serialize;

use super::{credential_from_env, parse_base_url, parse_vendor, usage_error, EXIT_FAILED};

/// Check the typed clients against every documented example (embedded mock), or a live server
/// against the specs (--base-url).
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  faceauth conformance                               all vendors, embedded mock
  faceauth conformance --vendor signzy --json        one vendor, JSON report
  FACEAUTH_VERISOUL_API_KEY=... faceauth conformance --vendor verisoul \\
      --base-url https://api.sandbox.verisoul.ai     live drift check, read-only operations
  ... --operation enrollFaceMatch                    also run a named operation that writes

Exit status: 0 nothing failed or drifted, 1 something did, 2 usage error (nothing sent).")]
pub struct Args {
    /// Check only this vendor (repeatable); every vendor by default.
    #[arg(long = "vendor", value_name = "NAME", value_parser = parse_vendor)]
    vendors: Vec<Vendor>,
    /// Check this live server instead of the embedded mock (exactly one --vendor). The credential
    /// comes from the vendor's environment variable (see the README).
    #[arg(long, value_name = "URL", value_parser = parse_base_url)]
    base_url: Option<BaseUrl>,
    /// With --base-url: run only this operation (repeatable); a named operation runs even if it
    /// changes the vendor's state.
    #[arg(long = "operation", value_name = "OPERATION_ID", requires = "base_url")]
    operations: Vec<String>,
    /// With --base-url: also run the operations that change the vendor's state (enrol, create,
    /// delete).
    #[arg(long, requires = "base_url")]
    include_writes: bool,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    json: bool,
}

pub async fn run(args: Args) -> ExitCode {
    let mut vendors = if args.vendors.is_empty() {
        Vendor::ALL.to_vec()
    } else {
        args.vendors.clone()
    };
    vendors.dedup();
    let passed = match &args.base_url {
        None => against_mock(&vendors, args.json).await,
        Some(base_url) => {
            let [vendor] = vendors.as_slice() else {
                return usage_error("--base-url checks one vendor: give exactly one --vendor");
            };
            match against_live(*vendor, base_url, &args).await {
                Ok(passed) => passed,
                Err(reason) => return usage_error(&reason),
            }
        }
    };
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    }
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
    reasons: Vec<String>,
}

#[derive(Serialize)]
struct Summary {
    examples: usize,
    passed: usize,
    failed: usize,
}

async fn against_mock(vendors: &[Vendor], json: bool) -> bool {
    let mut rows: Vec<OperationRow> = Vec::new();
    for &vendor in vendors {
        eprintln!("checking {vendor} against the embedded mock ...");
        let spec = match Spec::load(vendor) {
            Ok(spec) => spec,
            Err(e) => {
                eprintln!("faceauth: {e}");
                return false;
            }
        };
        for check in conformance::check_spec(&spec).await {
            record(&mut rows, check);
        }
    }
    let summary = Summary {
        examples: rows.iter().map(|r| r.examples).sum(),
        passed: rows.iter().map(|r| r.passed).sum(),
        failed: rows.iter().map(|r| r.failed).sum(),
    };
    if json {
        let report = serde_json::json!({ "mode": "mock", "operations": rows, "summary": summary });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a report serialises")
        );
    } else {
        print_table(&rows);
        println!(
            "summary: {} examples, {} passed, {} failed ({} vendors, {} operations)",
            summary.examples,
            summary.passed,
            summary.failed,
            vendors.len(),
            rows.len()
        );
    }
    summary.failed == 0 && summary.examples > 0
}

fn record(rows: &mut Vec<OperationRow>, check: ExampleCheck) {
    let at = rows
        .iter()
        .position(|r| r.vendor == check.vendor && r.operation == check.operation)
        .unwrap_or_else(|| {
            rows.push(OperationRow {
                vendor: check.vendor,
                operation: check.operation.clone(),
                examples: 0,
                passed: 0,
                failed: 0,
                failures: Vec::new(),
            });
            rows.len() - 1
        });
    let row = &mut rows[at];
    row.examples += 1;
    if check.passed() {
        row.passed += 1;
    } else {
        row.failed += 1;
        row.failures.push(FailedExample {
            example: check.name(),
            reasons: check.failures,
        });
    }
}

fn print_table(rows: &[OperationRow]) {
    println!(
        "{:<10} {:<36} {:>8} {:>7} {:>7}",
        "vendor", "operation", "examples", "passed", "failed"
    );
    for row in rows {
        println!(
            "{:<10} {:<36} {:>8} {:>7} {:>7}",
            row.vendor.name(),
            row.operation,
            row.examples,
            row.passed,
            row.failed
        );
        for failure in &row.failures {
            println!("    FAIL {}", failure.example);
            for reason in &failure.reasons {
                println!("         {reason}");
            }
        }
    }
}

#[derive(Serialize)]
struct LiveRow {
    operation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<u16>,
    outcome: String,
    drift: Vec<Drift>,
    passed: bool,
}

/// Whether an operation changes the vendor's state: anything but GET, unless the spec marks it
/// `x-faceauth-safe` (authenticate, verify, search).
fn is_write(spec: &Spec, operation: &conformance::Operation) -> bool {
    let op = spec.operation_object(operation);
    operation.method != "GET" && op["x-faceauth-safe"] != true
}

async fn against_live(vendor: Vendor, base_url: &BaseUrl, args: &Args) -> Result<bool, String> {
    let spec = Spec::load(vendor)?;
    let operations = spec.operations();
    for name in &args.operations {
        if !operations.iter().any(|op| op.id == *name) {
            let known: Vec<&str> = operations.iter().map(|op| op.id.as_str()).collect();
            return Err(format!(
                "{vendor} has no operation {name:?}; one of: {}",
                known.join(", ")
            ));
        }
    }
    let credential = credential_from_env(vendor)?;
    let log = ResponseLog::default();
    let target = CallTarget {
        base_url: base_url.clone(),
        credential,
        response_log: Some(log.clone()),
    };

    let mut rows = Vec::new();
    let mut skipped = Vec::new();
    for operation in &operations {
        let selected = if args.operations.is_empty() {
            args.include_writes || !is_write(&spec, operation)
        } else {
            args.operations.contains(&operation.id)
        };
        if !selected {
            skipped.push(operation.id.clone());
            continue;
        }
        eprintln!("calling {vendor} {} at {base_url} ...", operation.id);
        let Some(request) = operation.requests().into_iter().next() else {
            continue;
        };
        log.take();
        let (outcome, mut drift, status) =
            match call_operation(vendor, &target, &operation.id, &request).await {
                Err(why) => (format!("not sent: {why}"), Vec::new(), None),
                Ok(typed) => {
                    let raw = log.take().pop();
                    let status = raw.as_ref().map(|raw| raw.status);
                    let drift = raw
                        .as_ref()
                        .map(|raw| {
                            let content_type = raw
                                .headers
                                .get("content-type")
                                .and_then(|v| v.to_str().ok());
                            response_drift(&spec, operation, raw.status, content_type, &raw.body)
                        })
                        .unwrap_or_default();
                    let outcome = match &typed.kind {
                        OutcomeKind::Success => "success".to_owned(),
                        OutcomeKind::DocumentedError => "documented error".to_owned(),
                        OutcomeKind::Failed(why) => format!("failed: {why}"),
                    };
                    (outcome, drift, status)
                }
            };
        drift.sort_by(|a, b| a.at.cmp(&b.at));
        let passed =
            drift.is_empty() && !outcome.starts_with("failed") && !outcome.starts_with("not sent");
        rows.push(LiveRow {
            operation: operation.id.clone(),
            status,
            outcome,
            drift,
            passed,
        });
    }

    let failed = rows.iter().filter(|r| !r.passed).count();
    if args.json {
        let report = serde_json::json!({
            "mode": "live",
            "vendor": vendor,
            "base_url": base_url.as_str(),
            "operations": rows,
            "skipped_writes": skipped,
            "summary": { "operations": rows.len(), "passed": rows.len() - failed, "failed": failed },
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&report).expect("a report serialises")
        );
    } else {
        println!("{:<36} {:<8} outcome", "operation", "result");
        for row in &rows {
            let result = if row.passed { "ok" } else { "DRIFT" };
            println!("{:<36} {:<8} {}", row.operation, result, row.outcome);
            for drift in &row.drift {
                println!("    {drift}");
            }
        }
        if !skipped.is_empty() {
            println!(
                "skipped (they change the vendor's state; name them with --operation or pass --include-writes): {}",
                skipped.join(", ")
            );
        }
        println!(
            "summary: {} operations checked against {base_url}, {} passed, {failed} drifted or failed",
            rows.len(),
            rows.len() - failed
        );
    }
    Ok(failed == 0)
}
