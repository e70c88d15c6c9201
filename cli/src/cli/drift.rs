//! `faceauth drift --traffic FILE`: checks recorded responses against the specs, with the same
//! drift kinds and reports as the live check, without calling any vendor. The file is what a
//! client's `TrafficRecorder` writes (one JSON line per response), or a HAR file as browsers and
//! proxies export it.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use faceauth_clients::conformance::report::{self, CaseResult, Report, RunKind};
use faceauth_clients::conformance::{self, response_drift, Spec};
use faceauth_clients::Vendor;
use serde_json::Value;

use super::reports::ReportArgs;
use super::{usage_error, EXIT_FAILED};

/// Check recorded responses (a traffic recorder's JSON lines, or a HAR file) against the specs.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  faceauth drift --traffic traffic.jsonl                     lines a TrafficRecorder wrote
  faceauth drift --traffic session.har --sarif drift.sarif   a browser's or proxy's export

Exit status: 0 no new drift, 1 drift (or an expired accept entry), 2 unreadable file or usage error.")]
pub struct Args {
    /// The recorded responses: JSON lines written by a client's `TrafficRecorder`, or a HAR file.
    #[arg(long, value_name = "FILE")]
    traffic: PathBuf,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    reports: ReportArgs,
}

/// One recorded response, as the specs need it.
struct Recorded {
    /// Where it is in the file (`line 3`, `entry 2`).
    place: String,
    vendor: Vendor,
    operation: String,
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

pub async fn run(args: Args) -> ExitCode {
    let (accept, outputs) = match args.reports.prepare() {
        Ok(prepared) => prepared,
        Err(reason) => return usage_error(&reason),
    };
    let source = args.traffic.display().to_string();
    let text = match std::fs::read_to_string(&args.traffic) {
        Ok(text) => text,
        Err(e) => return usage_error(&format!("cannot read {source}: {e}")),
    };
    let (recorded, ignored) = match parse(&text) {
        Ok(parsed) => parsed,
        Err(reason) => return usage_error(&format!("{source}: {reason}")),
    };
    let mut specs: BTreeMap<Vendor, Spec> = BTreeMap::new();
    let mut report = Report::new(RunKind::Traffic {
        source: source.clone(),
    });
    for record in &recorded {
        let spec = match specs.get(&record.vendor) {
            Some(spec) => spec,
            None => match Spec::load(record.vendor) {
                Ok(spec) => specs.entry(record.vendor).or_insert(spec),
                Err(reason) => return usage_error(&reason),
            },
        };
        let Some(operation) = spec
            .operations()
            .into_iter()
            .find(|o| o.id == record.operation)
        else {
            return usage_error(&format!(
                "{source}: {}: {} has no operation {:?}",
                record.place, record.vendor, record.operation
            ));
        };
        let drift = response_drift(
            spec,
            &operation,
            record.status,
            record.content_type.as_deref(),
            &record.body,
        );
        let name = format!("{} ({})", operation.id, record.place);
        let mut case =
            CaseResult::from_drift(spec, &operation, &name, Some(record.status), None, drift);
        case.outcome = Some(format!("HTTP {}", record.status));
        report.cases.push(case);
    }
    if let Some(accept) = &accept {
        accept.apply(&mut report, report::accept::today());
    }
    print(&report, &recorded, ignored, args.json);
    if let Err(reason) = report.write(&outputs) {
        eprintln!("faceauth: {reason}");
        return ExitCode::from(EXIT_FAILED);
    }
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    }
}

/// The recorded responses of a traffic file, and how many HAR entries were not a vendor's call.
fn parse(text: &str) -> Result<(Vec<Recorded>, usize), String> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        if let Ok(har) = serde_json::from_str::<Value>(trimmed) {
            if har.get("log").is_some() {
                return from_har(&har);
            }
        }
    }
    let mut recorded = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let place = format!("line {}", index + 1);
        let record: Value = serde_json::from_str(line)
            .map_err(|e| format!("{place}: not a JSON line of a traffic recorder: {e}"))?;
        recorded.push(from_line(&record, place)?);
    }
    if recorded.is_empty() {
        return Err("holds no recorded response".to_owned());
    }
    Ok((recorded, 0))
}

/// One line of a `TrafficRecorder`.
fn from_line(record: &Value, place: String) -> Result<Recorded, String> {
    let field = |name: &str| {
        record
            .get(name)
            .ok_or_else(|| format!("{place}: no {name:?}"))
    };
    let vendor: Vendor = field("vendor")?
        .as_str()
        .unwrap_or_default()
        .parse()
        .map_err(|e: faceauth_clients::UnknownVendor| format!("{place}: {e}"))?;
    let operation = field("operation")?
        .as_str()
        .ok_or_else(|| format!("{place}: \"operation\" is not a string"))?
        .to_owned();
    let status = field("status")?
        .as_u64()
        .and_then(|s| u16::try_from(s).ok())
        .ok_or_else(|| format!("{place}: \"status\" is not an HTTP status"))?;
    let content_type = record["headers"]["content-type"]
        .as_str()
        .map(str::to_owned);
    let body = match (record.get("body"), record.get("body_text")) {
        (Some(json), _) => serde_json::to_vec(json).map_err(|e| e.to_string())?,
        (None, Some(text)) => text.as_str().unwrap_or_default().as_bytes().to_vec(),
        (None, None) => Vec::new(),
    };
    Ok(Recorded {
        place,
        vendor,
        operation,
        status,
        content_type,
        body,
    })
}

/// The entries of a HAR 1.2 file that call a vendor's documented server and path.
fn from_har(har: &Value) -> Result<(Vec<Recorded>, usize), String> {
    let entries = har["log"]["entries"]
        .as_array()
        .ok_or("a HAR file without log.entries")?;
    let specs: Vec<Spec> = Vendor::ALL
        .iter()
        .map(|v| Spec::load(*v))
        .collect::<Result<_, _>>()?;
    let mut recorded = Vec::new();
    let mut ignored = 0;
    for (index, entry) in entries.iter().enumerate() {
        let place = format!("entry {}", index + 1);
        let method = entry["request"]["method"].as_str().unwrap_or_default();
        let url = entry["request"]["url"]
            .as_str()
            .ok_or_else(|| format!("{place}: no request.url"))?;
        let Some((spec, operation)) = specs.iter().find_map(|spec| {
            matching_operation(spec, method, url).map(|operation| (spec, operation))
        }) else {
            ignored += 1;
            continue;
        };
        let response = &entry["response"];
        let status = response["status"]
            .as_u64()
            .and_then(|s| u16::try_from(s).ok())
            .ok_or_else(|| format!("{place}: no response.status"))?;
        let header = |name: &str| {
            response["headers"].as_array().and_then(|headers| {
                headers.iter().find_map(|h| {
                    (h["name"].as_str()?.eq_ignore_ascii_case(name))
                        .then(|| h["value"].as_str().map(str::to_owned))
                        .flatten()
                })
            })
        };
        let content = &response["content"];
        let content_type = header("content-type").or_else(|| {
            content["mimeType"]
                .as_str()
                .filter(|m| !m.is_empty())
                .map(str::to_owned)
        });
        let text = content["text"].as_str().unwrap_or_default();
        let body = if content["encoding"] == "base64" {
            use base64::Engine as _;
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|e| format!("{place}: response.content.text is not base64: {e}"))?
        } else {
            text.as_bytes().to_vec()
        };
        recorded.push(Recorded {
            place,
            vendor: spec.vendor,
            operation: operation.id,
            status,
            content_type,
            body,
        });
    }
    Ok((recorded, ignored))
}

/// The operation of `spec` that `method url` calls: the URL starts with one of the spec's
/// servers, and the rest of its path matches the operation's path template.
fn matching_operation(spec: &Spec, method: &str, url: &str) -> Option<conformance::SpecOperation> {
    let url = url.split(['?', '#']).next().unwrap_or(url);
    spec.server_urls().iter().find_map(|server| {
        let path = url.strip_prefix(server.trim_end_matches('/'))?;
        spec.operations().into_iter().find(|operation| {
            operation.method.eq_ignore_ascii_case(method) && path_matches(&operation.path, path)
        })
    })
}

/// `/account/{account_id}` matches `/account/abc`; a trailing slash must match as written.
fn path_matches(template: &str, path: &str) -> bool {
    let (template, path): (Vec<&str>, Vec<&str>) =
        (template.split('/').collect(), path.split('/').collect());
    template.len() == path.len()
        && template
            .iter()
            .zip(&path)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

fn print(report: &Report, recorded: &[Recorded], ignored: usize, json: bool) {
    let totals = report.totals();
    if json {
        let rows: Vec<Value> = report
            .cases
            .iter()
            .map(|case| {
                serde_json::json!({
                    "vendor": case.vendor,
                    "operation": case.operation,
                    "record": case.name,
                    "status": case.status,
                    "passed": !case.failed(),
                    "drift": case.findings.iter().map(|f| serde_json::json!({
                        "kind": f.kind.id(), "at": f.at, "message": f.message,
                        "accepted": f.accepted.is_some(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::json!({"responses": rows, "ignored_entries": ignored, "drifted": totals.failed})
        );
        return;
    }
    println!(
        "{:<10} {:<44} {:>6}  result",
        "vendor", "response", "status"
    );
    for case in &report.cases {
        let result = if case.failed() {
            "DRIFT"
        } else if case.findings.is_empty() {
            "ok"
        } else {
            "accepted"
        };
        println!(
            "{:<10} {:<44} {:>6}  {result}",
            case.vendor.name(),
            case.name,
            case.status.map(|s| s.to_string()).unwrap_or_default()
        );
        for finding in &case.findings {
            println!("    {}", finding.line());
        }
    }
    println!(
        "summary: {} recorded responses checked, {} drifted, {} passed{}",
        recorded.len(),
        totals.failed,
        recorded.len() - totals.failed,
        if ignored > 0 {
            format!("; {ignored} HAR entries call no vendor's documented API (ignored)")
        } else {
            String::new()
        }
    );
}
