//! `faceauth overlay apply OVERLAY SPEC`: an OpenAPI Overlay applied to a spec file in place,
//! changing only the lines its actions touch (`faceauth_propose::apply`), so that a pull
//! request's diff is the change and nothing else. The file is rewritten whole or left as it was.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use faceauth_propose::apply::{apply, Options};

use super::{input_error, EXIT_WRITE};

/// Edit specs with OpenAPI Overlay documents.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand, Debug)]
enum Action {
    Apply(ApplyArgs),
}

/// Apply an Overlay 1.0 or 1.1 document to a spec file in place: comments, key order, quoting and
/// blank lines outside the nodes its actions change stay byte for byte.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  faceauth overlay apply proposed/verisoul.overlay.yaml specs/verisoul.yaml
  faceauth overlay apply fix.yaml specs/signzy.yaml --output /tmp/signzy.yaml

Exit status: 0 applied (or nothing to change); 2 refused, the file untouched: the overlay is not
an Overlay 1.0/1.1 document, a target is not RFC 9535 JSONPath or selects nothing (unless
--allow-empty-targets), an update is incompatible with its node, or the result is not an OpenAPI
document; 5 the file could not be written (it is left as it was).")]
struct ApplyArgs {
    /// The Overlay document (YAML or JSON).
    overlay: PathBuf,
    /// The OpenAPI document to change, in place.
    spec: PathBuf,
    /// Write the result here instead of over SPEC.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// A target that selects nothing changes nothing (Overlay 1.1's rule); by default it is an
    /// error, since it most often means a typo or a spec that moved.
    #[arg(long)]
    allow_empty_targets: bool,
}

/// Runs `faceauth overlay`.
pub async fn run(args: Args) -> ExitCode {
    match args.action {
        Action::Apply(args) => run_apply(&args),
    }
}

fn run_apply(args: &ApplyArgs) -> ExitCode {
    let name = |path: &Path| path.display().to_string();
    let read = |path: &Path| faceauth_spec::load::read(path, &name(path));
    let (overlay, spec) = match (read(&args.overlay), read(&args.spec)) {
        (Ok(overlay), Ok(spec)) => (overlay, spec),
        (Err(e), _) | (_, Err(e)) => return input_error(&e),
    };
    let options = Options {
        allow_empty_targets: args.allow_empty_targets,
    };
    let applied = match apply(
        &name(&args.overlay),
        &overlay,
        &name(&args.spec),
        &spec,
        &options,
    ) {
        Ok(applied) => applied,
        Err(e) => return input_error(&format!("{e} (nothing written)")),
    };
    // In place through a symbolic link: the file it names is edited, the link stays.
    let destination = match &args.output {
        Some(output) => output.clone(),
        None => std::fs::canonicalize(&args.spec).unwrap_or_else(|_| args.spec.clone()),
    };
    let selected: usize = applied.selected.iter().sum();
    let unchanged = applied.text == spec;
    if args.output.is_some() || !unchanged {
        let file = [(destination.clone(), applied.text.into_bytes())];
        if let Err(e) = faceauth_reports::files::write_whole(&file) {
            eprintln!("faceauth: {e}");
            return ExitCode::from(EXIT_WRITE);
        }
    }
    eprintln!(
        "faceauth: {} action(s) of {} applied to {}: {selected} node(s) selected{}",
        applied.selected.len(),
        name(&args.overlay),
        destination.display(),
        if unchanged { ", nothing changed" } else { "" },
    );
    ExitCode::SUCCESS
}
