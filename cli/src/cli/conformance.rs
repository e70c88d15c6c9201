//! `faceauth conformance`: every documented example through the typed clients against the
//! embedded mock, or each operation's documented request against a live server with the response
//! checked field by field against the spec.

use std::process::ExitCode;

use faceauth_clients::conformance::coverage::VendorCoverage;
use faceauth_clients::conformance::report::{self, CaseResult, Provenance, Report, RunKind};
use faceauth_clients::conformance::{
    self, call_operation, response_drift, CallTarget, FailureKind, OutcomeKind, Spec,
};
use faceauth_clients::hooks::ResponseLog;
use faceauth_clients::{BaseUrl, Vendor};
use serde::Serialize;

use super::reports::ReportArgs;
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

  ... --junit j.xml --sarif s.sarif --markdown m.md  CI reports beside the table
  ... --accept accepted-drift.yaml                   known drift reported, not failing

Exit status: 0 nothing new failed or drifted, 1 something did (or an accept-file entry expired),
2 usage error (nothing sent).")]
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
        Vendor::ALL.to_vec()
    } else {
        args.vendors.clone()
    };
    vendors.dedup();
    // Everything that can be wrong with the command line is found before anything is sent.
    let (accept, outputs) = match args.reports.prepare() {
        Ok(prepared) => prepared,
        Err(reason) => return usage_error(&reason),
    };
    let (mut report, secrets) = match &args.base_url {
        None => match against_mock(&vendors).await {
            Ok(report) => (report, Vec::new()),
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
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    report.redact(&secrets);
    match &report.run {
        RunKind::Live { .. } => print_live(&report, args.json),
        _ => print_mock(&report, args.json, vendors.len()),
    }
    if let Err(reason) = report.write(&outputs) {
        eprintln!("faceauth: {reason}");
        return ExitCode::from(EXIT_FAILED);
    }
    let nothing_checked = report.totals().cases == 0 && report.run == RunKind::Mock;
    if report.passed() && !nothing_checked {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    }
}

/// The values of the vendor's credential variables: no report may contain them.
fn secrets_from_env(vendor: Vendor) -> Vec<String> {
    let names: &[&str] = match vendor {
        Vendor::Signzy => &["FACEAUTH_SIGNZY_ACCESS_TOKEN", "FACEAUTH_SIGNZY_PASSWORD"],
        Vendor::Verisoul => &["FACEAUTH_VERISOUL_API_KEY"],
        Vendor::Advance => &[
            "FACEAUTH_ADVANCE_ACCESS_TOKEN",
            "FACEAUTH_ADVANCE_ACCESS_KEY",
            "FACEAUTH_ADVANCE_SECRET_KEY",
        ],
        Vendor::Progeny => &["FACEAUTH_PROGENY_ACCESS_TOKEN", "FACEAUTH_PROGENY_PASSWORD"],
    };
    names.iter().filter_map(|n| std::env::var(n).ok()).collect()
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
        let spec = Spec::load(vendor)?;
        for check in conformance::check_spec(&spec).await {
            report
                .cases
                .push(CaseResult::from_example_check(&spec, &check));
        }
        report.coverage.push(VendorCoverage::of(&spec));
    }
    Ok(report)
}

fn print_mock(report: &Report, json: bool, vendors: usize) {
    let mut rows: Vec<OperationRow> = Vec::new();
    for case in &report.cases {
        record(&mut rows, case);
    }
    let totals = report.totals();
    let constructed = report
        .cases
        .iter()
        .filter(|c| c.provenance == Some(Provenance::Constructed))
        .count();
    if json {
        let json = serde_json::json!({
            "mode": "mock",
            "operations": rows,
            "summary": {
                "examples": totals.cases,
                "passed": totals.passed,
                "failed": totals.failed,
                "accepted": totals.accepted,
                "verbatim": totals.cases - constructed,
                "constructed": constructed,
            },
            "coverage": report.coverage,
            "accept": accept_json(report),
        });
        println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("a report serialises")
        );
        return;
    }
    print_table(&rows);
    print_entries(report);
    println!(
        "summary: {} examples, {} passed, {} failed ({} vendors, {} operations; {} examples verbatim from the vendors, {constructed} constructed{})",
        totals.cases,
        totals.passed,
        totals.failed,
        vendors,
        rows.len(),
        totals.cases - constructed,
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
    use faceauth_clients::conformance::report::EntryState;
    for entry in &report.accept_entries {
        match entry.state {
            EntryState::Expired => println!(
                "EXPIRED accept entry {}: expired on {} ({})",
                entry.describe(),
                entry.expires,
                entry.reason
            ),
            EntryState::Stale => println!(
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
            let mark = if failure.accepted_only {
                "ACCEPTED"
            } else {
                "FAIL"
            };
            println!("    {mark} {}", failure.example);
            for reason in &failure.reasons {
                println!("         {reason}");
            }
        }
    }
}

/// How a live check may call an operation, from the spec's `x-faceauth-read-only` mark: only an
/// operation the vendor's documents show to change nothing carries one, with the reason, the
/// inputs it needs from the account under test (each from `--param` or its environment
/// variable), and the body fields a live request sets so that it changes nothing.
struct ReadOnly {
    inputs: Vec<(String, String)>,
    set: Vec<(String, serde_json::Value)>,
}

impl ReadOnly {
    fn of(spec: &Spec, operation: &conformance::Operation) -> Option<Self> {
        let mark = spec
            .operation_object(operation)
            .get("x-faceauth-read-only")?;
        let pairs = |key: &str| {
            mark.get(key)
                .and_then(serde_json::Value::as_object)
                .map(|map| map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_else(Vec::new)
        };
        Some(Self {
            inputs: pairs("inputs")
                .into_iter()
                .map(|(name, var)| (name, var.as_str().unwrap_or_default().to_owned()))
                .collect(),
            set: pairs("set"),
        })
    }
}

/// `NAME=VALUE` pairs of `--param`.
fn parse_params(params: &[String]) -> Result<Vec<(String, String)>, String> {
    params
        .iter()
        .map(|param| {
            param
                .split_once('=')
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .ok_or_else(|| format!("--param {param:?} is not NAME=VALUE"))
        })
        .collect()
}

/// The request a live check sends: the operation's first documented request, with the read's
/// `set` fields and every input given (`--param`, else its environment variable). An input the
/// read needs and nobody gave is an error: the operation is skipped with that reason.
fn live_request(
    operation: &conformance::Operation,
    read_only: Option<&ReadOnly>,
    params: &[(String, String)],
) -> Result<conformance::ExampleRequest, String> {
    let mut request = operation
        .requests()
        .into_iter()
        .next()
        .ok_or("the spec documents no request for it")?;
    let given = |name: &str, var: Option<&str>| {
        params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .or_else(|| {
                var.and_then(|var| std::env::var(var).ok())
                    .filter(|v| !v.is_empty())
            })
    };
    let mut missing = Vec::new();
    let inputs: Vec<(String, Option<String>)> = match read_only {
        Some(read) => read
            .inputs
            .iter()
            .map(|(name, var)| {
                let value = given(name, Some(var));
                if value.is_none() {
                    missing.push(format!("{name} (--param {name}=... or {var})"));
                }
                (name.clone(), value)
            })
            .collect(),
        None => params
            .iter()
            .map(|(name, value)| (name.clone(), Some(value.clone())))
            .collect(),
    };
    if !missing.is_empty() {
        return Err(format!(
            "needs values from the account under test: {}",
            missing.join(", ")
        ));
    }
    let set = read_only.map(|r| r.set.clone()).unwrap_or_default();
    let values = inputs
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, serde_json::Value::String(v))))
        .chain(set);
    for (name, value) in values {
        if let Some(parameter) = operation.parameters.iter().find(|p| p.name == name) {
            let value = parameter.value_from_text(value.as_str().unwrap_or_default());
            request.params.retain(|(n, _)| *n != name);
            request.params.push((name, value));
        } else if let Some(body) = request.body.as_mut().and_then(|b| b.as_object_mut()) {
            body.insert(name, value);
        } else {
            return Err(format!("has no parameter or body field {name:?}"));
        }
    }
    Ok(request)
}

async fn against_live(vendor: Vendor, base_url: &BaseUrl, args: &Args) -> Result<Report, String> {
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
    let params = parse_params(&args.params)?;
    let credential = credential_from_env(vendor)?;
    let log = ResponseLog::default();
    let target = CallTarget {
        base_url: base_url.clone(),
        credential,
        response_log: Some(log.clone()),
    };

    let mut report = Report::new(RunKind::Live {
        vendor,
        base_url: base_url.as_str().to_owned(),
    });
    for operation in &operations {
        let read_only = ReadOnly::of(&spec, operation);
        let selected = if args.operations.is_empty() {
            args.include_writes || read_only.is_some()
        } else {
            args.operations.contains(&operation.id)
        };
        if !selected {
            let reason = if !args.operations.is_empty() {
                "not named with --operation".to_owned()
            } else {
                "a write: the vendor's documents do not show that it changes nothing (no x-faceauth-read-only); name it with --operation or pass --include-writes".to_owned()
            };
            report
                .cases
                .push(CaseResult::skipped(&spec, operation, &reason));
            continue;
        }
        let request = match live_request(operation, read_only.as_ref(), &params) {
            Ok(request) => request,
            Err(reason) => {
                report
                    .cases
                    .push(CaseResult::skipped(&spec, operation, &reason));
                continue;
            }
        };
        eprintln!("calling {vendor} {} at {base_url} ...", operation.id);
        log.take();
        let (outcome, failure, mut drift, status) =
            match call_operation(vendor, &target, &operation.id, &request).await {
                Err(why) => (
                    format!("not sent: {why}"),
                    Some((FailureKind::NotCalled, format!("not sent: {why}"))),
                    Vec::new(),
                    None,
                ),
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
                    let (outcome, failure) = match &typed.kind {
                        OutcomeKind::Success => ("success".to_owned(), None),
                        OutcomeKind::DocumentedError => ("documented error".to_owned(), None),
                        OutcomeKind::Failed(why) => {
                            let why = without_evidence(why, status);
                            (
                                format!("failed: {why}"),
                                Some((
                                    FailureKind::ResponseOutcome,
                                    format!("the typed client failed: {why}"),
                                )),
                            )
                        }
                    };
                    (outcome, failure, drift, status)
                }
            };
        drift.sort_by(|a, b| a.at.cmp(&b.at));
        let mut case =
            CaseResult::from_drift(&spec, operation, &operation.id, status, failure, drift);
        case.outcome = Some(outcome);
        report.cases.push(case);
    }
    Ok(report)
}

/// How a typed call failed, without the evidence the error keeps (its reason quotes values, its
/// excerpt the body): a vendor's response may hold a token or image bytes, and the output and
/// reports must not. The drift lines say what in the body differs.
/// `the response body does not match the spec (invalid type ...): HTTP 200 (...): {...}` becomes
/// `the response body does not match the spec (HTTP 200)`.
fn without_evidence(why: &str, status: Option<u16>) -> String {
    let head = why.split([':', '(']).next().unwrap_or(why).trim();
    match status {
        Some(status) => format!("{head} (HTTP {status})"),
        None => head.to_owned(),
    }
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
                serde_json::json!({
                    "operation": case.operation,
                    "status": case.status,
                    "outcome": case.outcome,
                    "drift": drift,
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
        println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("a report serialises")
        );
        return;
    }
    println!("{:<36} {:<8} outcome", "operation", "result");
    for case in &run {
        let result = if case.failed() {
            "DRIFT"
        } else if case.accepted_only() {
            "accepted"
        } else {
            "ok"
        };
        println!(
            "{:<36} {:<8} {}",
            case.operation,
            result,
            case.outcome.as_deref().unwrap_or_default()
        );
        for finding in &case.findings {
            println!("    {}", finding.line());
        }
    }
    for (operation, reason) in &skipped {
        println!("skipped {operation}: {reason}");
    }
    print_entries(report);
    println!(
        "summary: {} operations checked against {base_url}, {} passed, {} drifted or failed{}",
        totals.cases,
        totals.cases - totals.failed,
        totals.failed,
        accepted_note(report),
    );
}
