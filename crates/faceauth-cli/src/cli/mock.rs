//! `faceauth mock`: serves the vendors' APIs from their specs' examples until interrupted.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use faceauth_clients::Vendor;
use faceauth_mock::{self as mock, MockCredential, MockLimits, MockOptions};

use super::{parse_vendor, usage_error, SecretValueParser};

/// Serve the vendors' APIs from their specs: documented examples for valid requests, documented
/// errors or a 422 naming each violation for invalid ones.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Each vendor is served under /<vendor>; the base URLs are printed at start.
A request may pick a documented response with `Prefer: code=400` or `Prefer: example=NAME`
(`; for=OPERATION` for one operation only); --list-examples prints every name.

Credentials (--credential VENDOR=VALUE, repeatable; a vendor given none accepts any credential):
  signzy=NAME:PASSWORD        the login's customer name and password (login issues tokens)
  signzy=TOKEN                a static access token (a value without ':')
  verisoul=KEY                the API key (x-api-key), taken whole
  advance=ACCESS_KEY:SECRET_KEY  the signed token call issues tokens (signature checked)
  advance=TOKEN               a static access token
  progeny=USERNAME:PASSWORD   token/obtain and token/refresh issue token pairs
  progeny=TOKEN               a static access token
A vendor given credentials accepts only them and the tokens it issued for them, each for the
lifetime the vendor documents (ADVANCE.AI periodSecond, Progeny 5 minutes, Signzy until logout),
at most --token-ttl. A refused credential is answered as the vendor documents it (ADVANCE.AI
IAM_FAILED, Progeny's token/obtain 401), else with a 401 marked `x-faceauth-mock: credential
refused`. No refusal repeats the secret.

Body properties the schema does not list are accepted and named in the response header
x-faceauth-mock-extra-properties; --strict refuses them (422, or the documented bad request).

State: the mock remembers what the specs' x-faceauth-state marks declare (who was created and
enrolled, with which face; the ids it issued; the tasks it started) and answers without Prefer
with the answer the state calls for (header x-faceauth-mock: from state): the face enrolled
matches, any other does not, a deleted user is not enrolled. A Progeny task answers PENDING to
its first --task-polls polls and until --task-delay has passed, then its result. The reserved
test faces (--print-test-faces DIR) get the documented failures no enrolment can: no face
found, a face too small. GET /__faceauth/state shows the state, PUT /__faceauth/state sets it,
POST /__faceauth/reset forgets it; --state FILE starts from a file (its JSON Schema:
--print-state-schema). At most --state-cap resources per vendor (a create past it gets 507,
counted). --stateless answers every valid request with its first documented success,
whatever came before.

Slow and hostile clients: a request head must arrive within --header-read-timeout (an idle
connection is closed after it too; each connection is looked at four times per timeout, so it
is closed within a quarter timeout past it), a body within --body-read-timeout (then 408); past
--max-connections a new connection gets 503 with Retry-After and is closed; a request whose body
would take all unfinished bodies past --max-unfinished-body-mib gets 503 with Retry-After. When
no descriptor is left, accepting waits (5 ms doubling to 1 s) instead of spinning. The counts
are printed when the mock stops.

Examples:
  faceauth mock                          all vendors on a free port
  faceauth mock --port 8080 --vendor progeny
  faceauth mock --credential verisoul=test-key --credential signzy=acme:pw --token-ttl 5
  curl -s -H 'x-api-key: k' -H 'content-type: application/json' \\
       -d '{\"session_id\":\"0007b793-ae5d-45a2-8d9f-4a5b573c3271\",\"account_id\":\"a\"}' \\
       http://127.0.0.1:8080/verisoul/liveness/enroll"
)]
pub struct Args {
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Serve only this vendor (repeatable); every vendor by default.
    #[arg(long = "vendor", value_name = "NAME", value_parser = parse_vendor)]
    vendors: Vec<Vendor>,
    /// Accept only this credential for its vendor (repeatable; see below).
    #[arg(long = "credential", value_name = "VENDOR=VALUE", value_parser = parse_credential())]
    credentials: Vec<MockCredential>,
    /// Tokens the mock issues expire after at most this many seconds (for tests of expiry).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    token_ttl: Option<u64>,
    /// Seconds a client may take to send a request's head (and stay idle between requests).
    #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    header_read_timeout: u64,
    /// Seconds a client may take to send a request's body.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    body_read_timeout: u64,
    /// Connections open at once; one more is answered 503 and closed.
    #[arg(long, value_name = "N", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    max_connections: u64,
    /// MiB of request bodies all unfinished requests together may hold.
    #[arg(long, value_name = "MIB", default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=65_536))]
    max_unfinished_body_mib: u64,
    /// Print every documented answer a request can choose with `Prefer: example=NAME;
    /// for=OPERATION` (vendor, operation, status, name, summary), of every vendor or those
    /// given with --vendor, and exit without serving.
    #[arg(long)]
    list_examples: bool,
    /// Refuse body properties the schema does not list (by default accepted and named in the
    /// x-faceauth-mock-extra-properties response header).
    #[arg(long)]
    strict: bool,
    /// Remember nothing: every valid request gets its operation's first documented success (or
    /// the answer Prefer names), whatever came before.
    #[arg(long)]
    stateless: bool,
    /// The most resources each vendor's state holds; a create past it is answered 507 and
    /// counted.
    #[arg(long, value_name = "N", default_value_t = faceauth_mock::DEFAULT_STATE_CAP as u64, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    state_cap: u64,
    /// How many polls a task answers pending before its result.
    #[arg(long, value_name = "N", default_value_t = faceauth_mock::DEFAULT_TASK_POLLS, value_parser = clap::value_parser!(u32).range(0..=1_000_000))]
    task_polls: u32,
    /// How long after it starts a task answers pending at least, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=86_400_000))]
    task_delay: u64,
    /// Start from the state in this JSON file (the shape GET /__faceauth/state shows; its JSON
    /// Schema: --print-state-schema).
    #[arg(long = "state", value_name = "FILE")]
    state_file: Option<std::path::PathBuf>,
    /// Write the reserved test faces into DIR (created if missing), say what each stands for,
    /// and exit without serving.
    #[arg(long, value_name = "DIR")]
    print_test_faces: Option<std::path::PathBuf>,
    /// Print the JSON Schema of a state file (--state, PUT /__faceauth/state) and exit.
    #[arg(long)]
    print_state_schema: bool,
    /// Serve the specs in DIR (`DIR/<vendor>.yaml`) instead of the ones built in: a pull
    /// request's specs, or a proposal applied, without a rebuild.
    #[arg(long = "specs", value_name = "DIR")]
    specs_dir: Option<std::path::PathBuf>,
}

/// `--print-test-faces DIR`: each reserved test face written into `dir`, one line each.
fn print_test_faces(dir: &std::path::Path) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return usage_error(&format!("--print-test-faces {}: {e}", dir.display()));
    }
    for face in faceauth_mock::TEST_FACES {
        let path = dir.join(face.file_name);
        if let Err(e) = std::fs::write(&path, face.bytes) {
            return usage_error(&format!("--print-test-faces {}: {e}", path.display()));
        }
        outln!("{}  {}: {}", path.display(), face.name, face.stands_for);
    }
    ExitCode::SUCCESS
}

/// `--state FILE` read and parsed (bounded, as every file the tool reads); `Err` is one line.
fn read_state_file(path: &std::path::Path) -> Result<faceauth_mock::StateSeed, String> {
    let shown = path.display();
    let text = faceauth_spec::load::read(path, &shown.to_string()).map_err(|e| e.reason())?;
    serde_json::from_str(&text).map_err(|e| format!("--state {shown}: not a state: {e}"))
}

/// `--list-examples`: one line per documented answer, in columns.
fn list_examples(vendors: &[Vendor]) -> ExitCode {
    let mut rows = vec![[
        "vendor".to_owned(),
        "operation".to_owned(),
        "status".to_owned(),
        "example".to_owned(),
        "summary".to_owned(),
    ]];
    for &vendor in vendors {
        let answers = match mock::documented_answers(vendor) {
            Ok(answers) => answers,
            Err(reason) => return usage_error(&reason),
        };
        rows.extend(answers.into_iter().map(|a| {
            [
                vendor.name().to_owned(),
                a.operation,
                a.status.to_string(),
                a.name,
                a.summary,
            ]
        }));
    }
    let widths: Vec<usize> = (0..4)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let mut line = String::new();
        for (i, width) in widths.iter().enumerate() {
            line.push_str(&format!("{:<width$}  ", row[i]));
        }
        line.push_str(&row[4]);
        outln!("{}", line.trim_end());
    }
    eprintln!("choose one with the header `Prefer: example=NAME; for=OPERATION`");
    ExitCode::SUCCESS
}

/// Parses `--credential VENDOR=VALUE` without quoting the value, a secret, in its error.
fn parse_credential() -> SecretValueParser<MockCredential> {
    SecretValueParser(|text: &str| {
        text.parse()
            .map_err(|e: faceauth_mock::CredentialError| e.to_string())
    })
}

pub async fn run(args: Args) -> ExitCode {
    let vendors: Vec<Vendor> = if args.vendors.is_empty() {
        Vendor::built().collect()
    } else {
        args.vendors
    };
    if args.list_examples {
        return list_examples(&vendors);
    }
    if args.print_state_schema {
        outln!("{}", faceauth_mock::STATE_SCHEMA.trim_end());
        return ExitCode::SUCCESS;
    }
    if let Some(dir) = &args.print_test_faces {
        return print_test_faces(dir);
    }
    // Read before the mock starts: a bad file stops it before it serves anything.
    let seed = match &args.state_file {
        Some(path) if args.stateless => {
            return usage_error(&format!(
                "--state {} with --stateless: a stateless mock holds nothing",
                path.display()
            ))
        }
        Some(path) => match read_state_file(path) {
            Ok(seed) => Some(seed),
            Err(reason) => return usage_error(&reason),
        },
        None => None,
    };
    let limits = MockLimits {
        header_read_timeout: Duration::from_secs(args.header_read_timeout),
        body_read_timeout: Duration::from_secs(args.body_read_timeout),
        max_connections: args.max_connections as usize,
        max_unfinished_body_bytes: (args.max_unfinished_body_mib as usize) << 20,
    };
    let mut options = MockOptions::default()
        .strict(args.strict)
        .limits(limits)
        .stateless(args.stateless)
        .state_cap(args.state_cap as usize)
        .task_progress(args.task_polls, Duration::from_millis(args.task_delay));
    if let Some(dir) = &args.specs_dir {
        options = options.specs_dir(dir);
    }
    for credential in args.credentials {
        options = options.credential(credential);
    }
    if let Some(seconds) = args.token_ttl {
        options = options.token_ttl(Duration::from_secs(seconds));
    }
    // Caught before the mock says it serves, so that a signal sent on that line stops it cleanly.
    let mut stop_signals = super::StopSignals::listen();
    let address = SocketAddr::new(args.host, args.port);
    let running = match mock::start_with(address, &vendors, options).await {
        Ok(running) => running,
        Err(reason) => return usage_error(&reason),
    };
    if let (Some(seed), Some(path)) = (&seed, &args.state_file) {
        if let Err(reason) = running.set_state(seed) {
            return usage_error(&format!("--state {}: {reason}", path.display()));
        }
    }
    for &vendor in &vendors {
        outln!("{vendor} {}", running.base_url(vendor));
    }
    eprintln!("serving on {}; Ctrl-C or SIGTERM stops", running.address());
    let stop = stop_signals.next().await;
    let load = running.load();
    eprintln!(
        "faceauth: mock stopped by {}; refused {} connections past --max-connections and {} requests past --max-unfinished-body-mib; {} heads and {} bodies timed out; accepting failed {} times",
        stop.name(),
        load.refused_connections,
        load.refused_for_memory,
        load.header_timeouts,
        load.body_timeouts,
        load.accept_errors
    );
    ExitCode::SUCCESS
}
