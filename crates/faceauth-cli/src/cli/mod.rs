//! The commands of `faceauth` and what they share: arguments, exit codes, credentials.

/// `println!` for what a command prints on stdout. A reader that went away (`faceauth … | head`)
/// is not the command's failure: the rest of the output is dropped, never a panic, and the
/// command ends with its own verdict (its exit status keeps its meaning).
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` for stdout, as [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cli::write_out(format_args!($($arg)*))
    };
}

mod call;
mod conformance;
mod diff;
mod drift;
mod drift_decode;
mod drift_propose;
mod drift_summary;
mod mock;
mod overlay;
mod reports;
mod traffic;

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use faceauth_clients::{BaseUrl, Vendor};
use faceauth_conformance::Credential;

/// Exit code: a documented error response (`call`), or drift / failed examples (`conformance`).
pub const EXIT_FAILED: u8 = 1;
/// Exit code: the command line is wrong; nothing was sent.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: transport failure or undocumented response (`call`).
pub const EXIT_TRANSPORT: u8 = 3;
/// Exit code: `drift` found nothing to check (an empty file, a HAR file without a vendor's
/// call): a check of nothing is not a pass.
pub const EXIT_NOTHING_CHECKED: u8 = 4;
/// Exit code: a report could not be written (a full disk, a folder gone); no report of the run
/// was left half-written, and the check's own verdict is not known from the status.
pub const EXIT_WRITE: u8 = 5;
/// Exit code: `call`: the vendor refused the credential (a refused login or token request, HTTP
/// 401 or 403, ADVANCE.AI's `IAM_FAILED`).
pub const EXIT_CREDENTIAL: u8 = 6;
/// Exit code: `call`: the vendor has not finished (a task still running); ask again later.
pub const EXIT_PENDING: u8 = 7;

/// Typed clients for face enrolment and authentication APIs, checked against the vendors'
/// documented examples.
#[derive(Parser, Debug)]
#[command(
    name = "faceauth",
    version,
    about,
    after_help = "Examples:
  faceauth conformance                      check every documented example against the embedded mock
  faceauth conformance --vendor verisoul --base-url https://api.sandbox.verisoul.ai
  faceauth diff --base main                 what the spec edits since main do to callers, and the version bump
  faceauth drift --traffic traffic.jsonl    check recorded responses (or a HAR file) against the specs
  faceauth mock --port 8080                 serve all four vendors' APIs from their specs
  faceauth call verisoul enrollFaceMatch --body enroll.json
  faceauth overlay apply proposed/verisoul.overlay.yaml specs/verisoul.yaml

Exit status: 0 success; 1 drift, a failed example, a bump too small (diff) or a documented
refusal (call); 2 usage error or unreadable input (nothing sent, no report written); 3 transport
failure or undocumented response (call); 4 nothing to check; 5 a report (overlay: the spec) could
not be written; 6 the credential refused (call); 7 a task still running (call); 130 / 143
stopped by SIGINT / SIGTERM. Report paths (--junit, --sarif, --markdown) are checked before anything is sent or
read: a writable file, not a directory, not an input."
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Conformance(conformance::Args),
    Diff(diff::Args),
    Drift(drift::Args),
    Mock(mock::Args),
    Call(call::Args),
    Overlay(overlay::Args),
}

/// Runs the command; the exit code says how it ended.
pub async fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Conformance(args) => conformance::run(args).await,
        Command::Diff(args) => diff::run(args).await,
        Command::Drift(args) => drift::run(args).await,
        Command::Mock(args) => mock::run(args).await,
        Command::Call(args) => call::run(args).await,
        Command::Overlay(args) => overlay::run(args).await,
    }
}

impl Cli {
    /// The command line parsed, with the help of `call` and `conformance` naming each vendor's
    /// credential variables and servers (from the tables the commands read them with).
    pub fn parse_args() -> Result<Self, clap::Error> {
        use clap::{CommandFactory as _, FromArgMatches as _};
        let extend = |command: clap::Command, servers: bool| {
            let before = command
                .get_after_help()
                .map(|h| h.to_string())
                .unwrap_or_default();
            command.after_help(format!("{before}\n\n{}", vendor_help(servers)))
        };
        let mut command = Self::command()
            .mut_subcommand("call", |c| extend(c, true))
            .mut_subcommand("conformance", |c| extend(c, false));
        let matches = command.try_get_matches_from_mut(std::env::args_os())?;
        Self::from_arg_matches(&matches).map_err(|e| e.format(&mut command))
    }

    /// Whether the command is a server that stops on a signal by itself (the mock, exit 0).
    pub fn serves(&self) -> bool {
        matches!(self.command, Command::Mock(_))
    }
}

/// Each built vendor's credential variables (and, with `servers`, its documented servers), for
/// the help of the commands that read them.
fn vendor_help(servers: bool) -> String {
    use faceauth_conformance::{credential_vars, LongLived};
    let mut text = String::from("Credentials, from the environment (the vendor's own only):\n");
    for vendor in Vendor::built() {
        let vars = credential_vars(vendor);
        let long_lived = vars.long_lived.map(|(kind, first, second)| {
            let what = match kind {
                LongLived::Login => "the login",
                LongLived::AccessKey => "the signed token call",
                LongLived::Password => "the token call",
            };
            format!(", or {first} and {second} ({what} obtains tokens)")
        });
        text.push_str(&format!(
            "  {:<9} {}{}\n",
            vendor.name(),
            vars.static_var,
            long_lived.unwrap_or_default()
        ));
    }
    if servers {
        text.push_str("\nServers (--server NAME; the first is the default):\n");
        for vendor in Vendor::built() {
            let names: Vec<&str> = vendor.servers().iter().map(|(name, _)| *name).collect();
            text.push_str(&format!("  {:<9} {}\n", vendor.name(), names.join(", ")));
        }
    }
    text.trim_end().to_owned()
}

/// A signal that asks `faceauth` to stop.
#[derive(Debug, Clone, Copy)]
pub enum Stop {
    /// SIGINT (Ctrl-C).
    Interrupt,
    /// SIGTERM (what CI runners and `kill` send).
    Terminate,
}

impl Stop {
    /// The signal's name.
    pub fn name(self) -> &'static str {
        match self {
            Stop::Interrupt => "SIGINT",
            Stop::Terminate => "SIGTERM",
        }
    }

    /// 128 + the signal's number, as a shell reports a process the signal ended.
    fn exit_code(self) -> i32 {
        match self {
            Stop::Interrupt => 130,
            Stop::Terminate => 143,
        }
    }
}

/// From now on, a signal to stop (Ctrl-C, SIGTERM) ends `faceauth` with 128 + the signal's
/// number once any report being written is whole or gone, so that an interrupted run leaves no
/// temporary file and no half-written report.
///
/// The signals are awaited on a thread of their own: a command may be blocked reading (a
/// traffic file on standard input, a spec from a pipe) where its own task could not see them.
/// Returns once they are caught, so that none arrives before and takes its default action.
pub fn exit_on_stop_signal() {
    let (caught, ready) = std::sync::mpsc::channel();
    let watcher = std::thread::Builder::new()
        .name("faceauth-signals".to_owned())
        .spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                let _ = caught.send(());
                return;
            };
            runtime.block_on(async move {
                let mut signals = StopSignals::listen();
                let _ = caught.send(());
                let stop = signals.next().await;
                let _no_write_in_progress = faceauth_reports::files::finish_writes();
                eprintln!(
                    "faceauth: stopped by {}; no report was left half-written",
                    stop.name()
                );
                std::process::exit(stop.exit_code());
            });
        });
    if watcher.is_ok() {
        let _ = ready.recv();
    }
}

/// The signals that ask `faceauth` to stop, caught from [`StopSignals::listen`] on (made within
/// a Tokio runtime).
pub struct StopSignals {
    #[cfg(unix)]
    caught: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl StopSignals {
    /// Catches SIGINT and SIGTERM from now on; where they cannot be caught, [`Self::next`] never
    /// resolves and a signal has its default action.
    pub fn listen() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let caught = signal(SignalKind::interrupt())
                .and_then(|interrupt| Ok((interrupt, signal(SignalKind::terminate())?)))
                .ok();
            Self { caught }
        }
        #[cfg(not(unix))]
        Self {}
    }

    /// Resolves with the next signal to stop.
    pub async fn next(&mut self) -> Stop {
        #[cfg(unix)]
        {
            let Some((interrupt, terminate)) = &mut self.caught else {
                return std::future::pending().await;
            };
            tokio::select! {
                Some(()) = interrupt.recv() => Stop::Interrupt,
                Some(()) = terminate.recv() => Stop::Terminate,
                else => std::future::pending().await,
            }
        }
        #[cfg(not(unix))]
        match tokio::signal::ctrl_c().await {
            Ok(()) => Stop::Interrupt,
            Err(_) => std::future::pending().await,
        }
    }
}

/// Prints a one-line reason and returns the usage exit code.
pub fn usage_error(reason: &(impl std::fmt::Display + ?Sized)) -> ExitCode {
    eprintln!("faceauth: {reason} (see faceauth --help)");
    ExitCode::from(EXIT_USAGE)
}

/// Whether stdout's reader went away: nothing more is written to it.
static STDOUT_GONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Writes to stdout (see [`outln!`]); a write that fails ends all further output, silently.
pub fn write_out(text: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    use std::sync::atomic::Ordering;
    if STDOUT_GONE.load(Ordering::Relaxed) {
        return;
    }
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_fmt(text)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        STDOUT_GONE.store(true, Ordering::Relaxed);
    }
}

/// Prints a one-line reason for input that cannot be used (a spec refused, a traffic file that
/// cannot be read) and returns the usage exit code: the command line was right, so it sends no
/// one to the help.
pub fn input_error(reason: &(impl std::fmt::Display + ?Sized)) -> ExitCode {
    eprintln!("faceauth: {reason}");
    ExitCode::from(EXIT_USAGE)
}

/// A clap message as one line, without its `error: ` prefix: the first line, and the one after
/// it when the first only announces it ("... were not provided:").
pub fn first_line(message: &str) -> String {
    let mut lines = message.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or_default();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    match (first.ends_with(':'), lines.next()) {
        (true, Some(detail)) => format!("{first} {detail}"),
        _ => first.to_owned(),
    }
}

/// Parses a vendor name for clap: one this `faceauth` was built with.
fn parse_vendor(name: &str) -> Result<Vendor, String> {
    let vendor: Vendor = name
        .parse()
        .map_err(|e: faceauth_clients::UnknownVendor| e.to_string())?;
    if !vendor.is_built() {
        let built: Vec<&str> = Vendor::built().map(Vendor::name).collect();
        return Err(format!(
            "this faceauth was built without the {vendor} feature; it has: {}",
            built.join(", ")
        ));
    }
    Ok(vendor)
}

/// A clap value parser that never quotes the value it refuses: clap's own message for a plain
/// `fn(&str) -> Result<_, String>` parser would, and the values it serves carry secrets (a URL's
/// `user:password@`, a mock's credential). Its error is `--FLAG: <reason>`, the reason from
/// `parse`, which must not repeat the secret either.
#[derive(Clone)]
pub(super) struct SecretValueParser<T>(pub(super) fn(&str) -> Result<T, String>);

impl<T: Clone + Send + Sync + 'static> clap::builder::TypedValueParser for SecretValueParser<T> {
    type Value = T;

    fn parse_ref(
        &self,
        _command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        let flag = arg.and_then(clap::Arg::get_long).unwrap_or("value");
        let refused = |reason: String| {
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("--{flag}: {reason}\n"),
            )
        };
        let text = value
            .to_str()
            .ok_or_else(|| refused("not valid UTF-8".to_owned()))?;
        (self.0)(text).map_err(refused)
    }
}

/// The base URL parser for `--base-url`: the library's error shows the URL with its user
/// information replaced.
fn parse_base_url() -> SecretValueParser<BaseUrl> {
    SecretValueParser(|url| BaseUrl::parse(url).map_err(|e| e.to_string()))
}

/// The vendor's credential from the environment (see the README): a static key or token, or the
/// long-lived secret the client obtains its tokens with.
fn credential_from_env(vendor: Vendor) -> Result<Credential, String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let vars = faceauth_conformance::credential_vars(vendor);
    vars.read(var).ok_or_else(|| vars.hint())
}
