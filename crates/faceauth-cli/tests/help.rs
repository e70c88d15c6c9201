//! The words of the command: what `faceauth` says with no command, what each help names (the
//! credential variables and the servers, not "see the README"), and which errors send the reader
//! to the help (a wrong command line) and which do not (input that cannot be used).

mod support;

use std::process::{Command, Output};

use faceauth_clients::Vendor;
use faceauth_conformance::credential_vars;
use support::{stderr, FACEAUTH};

fn run(args: &[&str]) -> Output {
    Command::new(FACEAUTH).args(args).output().unwrap()
}

fn stdout_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn no_command_is_one_line_naming_the_commands() {
    let output = run(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "faceauth: a command is needed: conformance, diff, drift, mock or call (see faceauth --help)\n"
    );
}

#[test]
fn call_and_conformance_help_name_every_credential_variable_and_server() {
    for command in ["call", "conformance"] {
        let help = stdout_of(&run(&[command, "--help"]));
        assert!(!help.contains("README"), "{command}: {help}");
        for vendor in Vendor::built() {
            for var in credential_vars(vendor).all() {
                assert!(help.contains(var), "{command} --help names {var}: {help}");
            }
            if command == "call" {
                let servers: Vec<&str> = vendor.servers().iter().map(|(n, _)| *n).collect();
                let line = format!("  {:<9} {}", vendor.name(), servers.join(", "));
                assert!(
                    help.contains(&line),
                    "{command} --help lists {line:?}: {help}"
                );
            }
        }
    }
}

#[test]
fn report_help_says_what_a_testcase_is_per_command() {
    let help = stdout_of(&run(&["drift", "--help"]));
    assert!(
        help.contains("per operation (live) or per operation and status (drift)"),
        "{help}"
    );
    assert!(!help.contains("per recorded response"), "{help}");
}

/// A wrong command line ends with the pointer to the help; input that cannot be used (a traffic
/// file that is not there, a spec that is not OpenAPI) does not: the command line was right.
#[test]
fn only_usage_errors_send_the_reader_to_the_help() {
    let hint = "(see faceauth --help)";
    let usage = run(&["drift", "--no-such-flag"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(
        stderr(&usage).trim_end().ends_with(hint),
        "{}",
        stderr(&usage)
    );

    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.jsonl");
    let unreadable = run(&["drift", "--traffic", missing.to_str().unwrap()]);
    assert_eq!(unreadable.status.code(), Some(2));
    assert!(
        !stderr(&unreadable).contains(hint),
        "{}",
        stderr(&unreadable)
    );

    let (base, head) = (dir.path().join("base"), dir.path().join("head"));
    std::fs::create_dir(&base).unwrap();
    std::fs::create_dir(&head).unwrap();
    std::fs::write(head.join("verisoul.yaml"), "hello: world\n").unwrap();
    let refused = run(&[
        "diff",
        "--base",
        base.to_str().unwrap(),
        "--head",
        head.to_str().unwrap(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    let said = stderr(&refused);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(said.contains("not an OpenAPI 3.0 document"), "{said}");
    assert!(!said.contains(hint), "{said}");
}

/// A reader that stops reading (`faceauth … | head -1`) is not a crash: the rest of the output is
/// dropped and the command ends with its own status (a panic would print a backtrace and exit
/// 101).
#[test]
fn a_reader_that_goes_away_ends_the_output_not_the_command() {
    use std::process::Stdio;
    let mut child = Command::new(FACEAUTH)
        .args(["mock", "--list-examples"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reader is gone before the first line: every write finds the pipe closed.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}
