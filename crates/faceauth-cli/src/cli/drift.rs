//! `faceauth drift --traffic FILE|-`: checks recorded responses against the specs, with the same
//! drift kinds and reports as the live check, without calling any vendor. The file is what a
//! client's `TrafficRecorder` writes (one JSON line per response), or a HAR file as browsers and
//! proxies export it, read as a stream: memory stays flat whatever its size, and each operation's
//! schema is compiled once.

use std::borrow::Cow;
use std::io::{BufReader, IsTerminal as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use faceauth_clients::{KnownSecrets, Vendor};
use faceauth_conformance::report::{self, Report, RunKind, TrafficRow, TrafficTally};
use faceauth_conformance::DriftChecker;
use serde_json::Value;

use super::drift_decode::Decoder;
use super::drift_propose::Proposals;
use super::drift_summary::{self, DriftSummary};
use super::reports::ReportArgs;
use super::traffic::progress::Progress;
use super::traffic::{self, Recorded};
use super::{input_error, usage_error, EXIT_FAILED, EXIT_NOTHING_CHECKED, EXIT_WRITE};

/// Check recorded responses (a traffic recorder's JSON lines, or a HAR file) against the specs.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  faceauth drift --traffic traffic.jsonl                     lines a TrafficRecorder wrote
  faceauth drift --traffic session.har --sarif drift.sarif   a browser's or proxy's export
  zcat traffic.jsonl.gz | faceauth drift --traffic -         from standard input
  faceauth drift --traffic traffic.jsonl --specs pr/specs    against a pull request's specs
  faceauth drift --traffic traffic.jsonl --propose proposed  an Overlay per vendor with new drift
  faceauth drift --traffic shard-3.jsonl --summary-out s3.json   one shard of many, then:
  faceauth drift --merge s*.json --propose proposed          the report and proposal of the whole

The file is read as a stream (a line, or a HAR entry, at a time). The report has one case per
operation and status, each distinct finding listed once with how many responses had it.
Report paths are checked before anything is read, and reports are written whole or not at all.

Exit status: 0 no new drift, 1 drift (or an expired accept entry), 2 usage error or unreadable
file (one line: which line or entry, and why; no report written), 4 nothing to check (no
recorded response of a vendor's documented operation; no report written), 5 a report could not
be written, 130/143 stopped by SIGINT/SIGTERM.")]
pub struct Args {
    /// The recorded responses: JSON lines written by a client's `TrafficRecorder`, or a HAR file;
    /// `-` for standard input.
    #[arg(
        long,
        value_name = "FILE",
        required_unless_present = "merge",
        conflicts_with = "merge"
    )]
    traffic: Option<PathBuf>,
    /// Also write this run's summary to FILE (counts, places and shapes; no recorded value), for
    /// `--merge` to join with the summaries of the traffic's other shards.
    #[arg(long = "summary-out", value_name = "FILE")]
    summary_out: Option<PathBuf>,
    /// Instead of reading traffic, merge the summaries `--summary-out` wrote for the shards of
    /// one traffic file, given in the shards' order: the report and the proposal are those of
    /// one run over the whole file (give the shard runs the same --accept file as this one).
    #[arg(long, value_name = "SUMMARY", num_args = 1.., conflicts_with = "summary_out")]
    merge: Vec<PathBuf>,
    /// Check against the specs in DIR (`DIR/<vendor>.yaml`, every vendor the tool has) instead
    /// of the ones built in: a pull request's specs, or a proposal applied, without a rebuild.
    #[arg(long = "specs", value_name = "DIR")]
    specs_dir: Option<PathBuf>,
    /// For each vendor with new drift, write `DIR/<vendor>.overlay.yaml`: an OpenAPI Overlay
    /// whose actions make its spec admit the recorded responses (no recorded value in it).
    #[arg(long = "propose", value_name = "DIR")]
    propose_dir: Option<PathBuf>,
    /// Also decode each recorded response with the typed client this binary was built with (its
    /// documented request sent to a replay server on loopback that answers with the recording):
    /// exit 1 if one cannot be decoded. Built from a proposal's specs, this shows the clients
    /// it generates take the traffic that called for it.
    #[arg(long, conflicts_with = "merge")]
    decode: bool,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    reports: ReportArgs,
}

pub async fn run(args: Args) -> ExitCode {
    let from_stdin = args.traffic.as_ref().is_some_and(|t| t.as_os_str() == "-");
    let mut inputs: Vec<&Path> = args.merge.iter().map(PathBuf::as_path).collect();
    if let Some(traffic) = args.traffic.as_deref().filter(|_| !from_stdin) {
        inputs.push(traffic);
    }
    // Everything that can be wrong with the command line is found before anything is read.
    let (accept, outputs) = match args.reports.prepare(&inputs) {
        Ok(prepared) => prepared,
        Err(reason) => return usage_error(&reason),
    };
    if let Some(out) = &args.summary_out {
        if out.is_dir()
            || inputs
                .iter()
                .any(|input| faceauth_reports::files::same_file(input, out))
        {
            return usage_error(&format!(
                "--summary-out {}: a directory or an input, not a file to write",
                out.display()
            ));
        }
    }
    let source = match (&args.traffic, from_stdin) {
        (_, true) => "standard input".to_owned(),
        (Some(traffic), false) => traffic.display().to_string(),
        (None, _) => format!("{} summaries", args.merge.len()),
    };
    let today = report::accept::today();
    let mut checker = match &args.specs_dir {
        Some(dir) => DriftChecker::with_specs_dir(dir),
        None => DriftChecker::new(),
    };
    // Specs from a folder are read (and refused, in one line) before any traffic is.
    if args.specs_dir.is_some() {
        for vendor in Vendor::built() {
            if let Err(e) = checker.spec(vendor) {
                return input_error(&format!("--specs: {e}"));
            }
        }
    }
    let mut tally = TrafficTally::new(accept.as_ref(), today);
    // Shapes are summarised for a proposal, and for a summary another run may propose from.
    let mut proposals =
        (args.propose_dir.is_some() || args.summary_out.is_some()).then(Proposals::default);
    let secrets = run_secrets();
    let mut decoder = None;
    if args.decode {
        match Decoder::start().await {
            Ok(started) => decoder = Some(started),
            Err(e) => return input_error(&format!("--decode: no replay server on loopback: {e}")),
        }
    }
    // The traffic's name in the proposal's evidence: the file's, or the shards' files'.
    let traffic_name;
    let ignored;
    if let Some(traffic) = &args.traffic {
        let read = if from_stdin {
            check_stream(
                std::io::stdin().lock(),
                None,
                &mut checker,
                &mut tally,
                proposals.as_mut(),
                decoder.as_mut(),
                &secrets,
            )
        } else {
            match std::fs::File::open(traffic) {
                Ok(file) => {
                    let size = file.metadata().ok().map(|m| m.len());
                    let reader = BufReader::with_capacity(READ_BUFFER, file);
                    check_stream(
                        reader,
                        size,
                        &mut checker,
                        &mut tally,
                        proposals.as_mut(),
                        decoder.as_mut(),
                        &secrets,
                    )
                }
                Err(e) => Err(format!("cannot read it: {e}")),
            }
        };
        let read = match read {
            Ok(read) => read,
            Err(reason) => return input_error(&format!("{source}: {reason}")),
        };
        traffic_name = traffic.file_name().map_or("standard input".into(), |n| {
            n.to_string_lossy().into_owned()
        });
        ignored = read.ignored_entries;
        if let (Some(out), Some(proposals)) = (&args.summary_out, &proposals) {
            let summary = DriftSummary::new(&traffic_name, &read, &tally, proposals);
            if let Err(reason) = summary.write(out) {
                eprintln!("faceauth: --summary-out: {reason}");
                return ExitCode::from(EXIT_WRITE);
            }
        }
    } else {
        let merged = match drift_summary::merge(&args.merge, &mut tally, proposals.as_mut()) {
            Ok(merged) => merged,
            Err(reason) => return input_error(&reason),
        };
        traffic_name = merged.traffic.join(", ");
        ignored = merged.ignored_entries;
    }
    if tally.checked() == 0 {
        let what = if ignored > 0 {
            format!("none of its {ignored} HAR entries calls a vendor's documented API")
        } else {
            "it holds no recorded response".to_owned()
        };
        eprintln!("faceauth: {source}: nothing to check: {what}; no report written");
        return ExitCode::from(EXIT_NOTHING_CHECKED);
    }
    let rows = tally.rows().to_vec();
    let (checked, drifted) = (tally.checked(), tally.drifted());
    let mut report = match tally.into_report(&mut checker, RunKind::Traffic { source }) {
        Ok(report) => report,
        Err(reason) => return usage_error(&reason),
    };
    if let Some(accept) = &accept {
        accept.apply(&mut report, today);
    }
    let summary = Summary {
        checked,
        drifted,
        ignored,
    };
    print(&report, &rows, &summary, args.json);
    let undecodable = decoder.as_ref().map_or(0, |d| d.print(args.json));
    if let Err(reason) = report.write(&outputs) {
        eprintln!("faceauth: {reason}");
        return ExitCode::from(EXIT_WRITE);
    }
    if let (Some(proposals), Some(dir)) = (&proposals, &args.propose_dir) {
        match proposals.write(dir, &report, &rows, &mut checker, &traffic_name, &secrets) {
            Ok((written, left)) => {
                for path in written {
                    eprintln!("faceauth: proposed {}", path.display());
                }
                for why in left {
                    eprintln!("faceauth: not proposed: {why}");
                }
            }
            Err(reason) => {
                eprintln!("faceauth: {reason}");
                return ExitCode::from(EXIT_WRITE);
            }
        }
    }
    if report.passed() && undecodable == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    }
}

/// The read buffer: large enough that a line rarely spans two fills.
const READ_BUFFER: usize = 256 * 1024;

/// Checks every recorded response of `reader`, counting each in `tally`.
fn check_stream(
    reader: impl std::io::BufRead,
    size: Option<u64>,
    checker: &mut DriftChecker,
    tally: &mut TrafficTally<'_>,
    mut proposals: Option<&mut Proposals>,
    mut decoder: Option<&mut Decoder>,
    secrets: &KnownSecrets,
) -> Result<traffic::Summary, String> {
    let stderr = std::io::stderr();
    let terminal = stderr.is_terminal().then(|| stderr.lock());
    let mut progress = Progress::new(terminal, size, "responses");
    let mut check = |record: Recorded<'_>| {
        for secret in &record.sent_secrets {
            secrets.add_issued(secret);
        }
        if let Some(proposals) = proposals.as_deref_mut() {
            proposals.observe(
                checker,
                record.operation,
                record.status,
                record.place,
                record.content_type,
                &record.body,
            );
        }
        if let Some(decoder) = decoder.as_deref_mut() {
            decoder.decode(
                checker,
                record.operation,
                record.status,
                record.content_type,
                &record.body,
            );
        }
        let mut drift = checker
            .check(
                record.operation,
                record.status,
                record.content_type,
                record.body,
            )
            .map_err(|e| e.to_string())?;
        // A response may echo a credential anywhere, a field's name included: no finding
        // (its place, its text) carries one into a report, in any spelling.
        for finding in &mut drift {
            if let Cow::Owned(at) = secrets.scrub(&finding.at) {
                finding.at = at;
            }
            if let Cow::Owned(detail) = secrets.scrub(&finding.detail) {
                finding.detail = detail;
            }
        }
        tally.add_at(
            record.operation,
            record.status,
            record.place,
            record.time,
            drift,
        );
        Ok(())
    };
    let mut tick = |pieces: u64, bytes: u64| progress.tick(pieces, bytes);
    let read = traffic::read(reader, &mut check, &mut tick);
    progress.finish();
    read.map_err(|e| e.to_string())
}

/// The secrets drift knows before reading: the credentials in this environment (the variables
/// `faceauth conformance` and `call` read), which recorded responses may echo. Those a HAR
/// entry's request sent are added as each is read.
fn run_secrets() -> KnownSecrets {
    let secrets = KnownSecrets::default();
    for vendor in Vendor::ALL {
        for var in faceauth_conformance::credential_vars(vendor).secret_vars() {
            if let Ok(value) = std::env::var(var) {
                secrets.add(&value);
            }
        }
    }
    secrets
}

struct Summary {
    checked: u64,
    drifted: u64,
    ignored: u64,
}

fn print(report: &Report, rows: &[TrafficRow], summary: &Summary, json: bool) {
    // The report has one case per row, in the same order.
    let cases = rows.iter().zip(&report.cases);
    if json {
        let operations: Vec<Value> = cases
            .map(|(row, case)| {
                serde_json::json!({
                    "vendor": row.vendor(),
                    "operation": row.operation.id,
                    "status": row.status,
                    "responses": row.responses,
                    "drifted": row.drifted,
                    "first": row.first.to_string(),
                    "passed": !case.failed(),
                    "drift": row.findings().zip(&case.findings).map(|((drift, count, first), finding)| serde_json::json!({
                        "kind": finding.kind.id(),
                        "at": finding.at,
                        "message": drift.to_string(),
                        "responses": count,
                        "first": first.to_string(),
                        "accepted": finding.accepted.is_some(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        outln!(
            "{}",
            serde_json::json!({
                "checked": summary.checked,
                "drifted": summary.drifted,
                "passed": summary.checked - summary.drifted,
                "ignored_entries": summary.ignored,
                "operations": operations,
            })
        );
        return;
    }
    outln!(
        "{:<10} {:<36} {:>6} {:>10} {:>8}  result",
        "vendor",
        "operation",
        "status",
        "responses",
        "drifted"
    );
    for (row, case) in cases {
        let result = if case.failed() {
            "DRIFT"
        } else if case.findings.is_empty() {
            "ok"
        } else {
            "accepted"
        };
        outln!(
            "{:<10} {:<36} {:>6} {:>10} {:>8}  {result}",
            row.vendor().name(),
            row.operation.id,
            row.status,
            row.responses,
            row.drifted,
        );
        for finding in &case.findings {
            outln!("    {}", finding.line());
        }
    }
    outln!(
        "summary: {} recorded responses checked, {} drifted, {} passed{}",
        summary.checked,
        summary.drifted,
        summary.checked - summary.drifted,
        if summary.ignored > 0 {
            format!(
                "; {} HAR entries call no vendor's documented API (ignored)",
                summary.ignored
            )
        } else {
            String::new()
        }
    );
}
