//! `faceauth`: runs the conformance check of the typed clients against an embedded mock or a live
//! vendor, serves the vendors' APIs from their specs, and makes single typed calls.
//!
//! A thin layer over the library: the commands are in `src/cli/`, one file each.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::Cli::parse_args() {
        Ok(args) => args,
        Err(e) if !e.use_stderr() => {
            // --help and --version.
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        // No subcommand: say which there are, in one line (clap would print the help as the
        // error, the name twice).
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return cli::usage_error("a command is needed: conformance, diff, drift, mock or call");
        }
        Err(e) => return cli::usage_error(&cli::first_line(&e.to_string())),
    };
    if !args.serves() {
        cli::exit_on_stop_signal();
    }
    // On one core (a container's limit, or `taskset` as the mock benchmark pins it) a
    // current-thread runtime: the same work without the multi-thread scheduler's cross-thread
    // bookkeeping, which cost the mock about a tenth of its throughput there.
    let one_core = std::thread::available_parallelism().is_ok_and(|n| n.get() == 1);
    let mut builder = if one_core {
        tokio::runtime::Builder::new_current_thread()
    } else {
        tokio::runtime::Builder::new_multi_thread()
    };
    let runtime = match builder.enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("faceauth: cannot start the async runtime: {e}");
            return ExitCode::from(cli::EXIT_TRANSPORT);
        }
    };
    runtime.block_on(cli::run(args))
}
