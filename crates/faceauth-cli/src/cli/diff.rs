//! `faceauth diff --base DIR|GIT-REV [--head DIR]`: what a spec edit does to callers and to the
//! wire. Compares the specs vendor by vendor (the engine is the library's
//! `conformance::spec_diff`), prints each change with its kind, its `old_client` and `semver`
//! verdicts and the Rust items it touches, and writes the Markdown, SARIF and JUnit reports. With
//! a git revision as the base, the crate's version in Cargo.toml there and at the head is held
//! against the bump the changes need.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use faceauth_clients::Vendor;
use faceauth_diff::{self as spec_diff, DiffReport, SpecPair};
use faceauth_reports::files::ReportKind;
use faceauth_reports::Outputs;

use super::{input_error, usage_error, EXIT_FAILED, EXIT_NOTHING_CHECKED, EXIT_WRITE};

/// Compare two versions of the specs: each change's kind, what it does to old releases, the
/// SemVer bump it needs and the Rust items it touches.
#[derive(clap::Args, Debug)]
#[command(after_help = "Examples:
  faceauth diff --base main                      the working tree's specs/ against main's (and the version bump)
  faceauth diff --base v0.1.0 --markdown pr.md   a pull-request comment, with CHANGELOG.md entries
  faceauth diff --base /tmp/old-specs --head specs --json

Exit status: 0 done (with a git revision as the base: the version in Cargo.toml is bumped enough),
1 the version is not bumped enough for the changes, 2 usage error or a spec refused (not YAML,
not OpenAPI 3.0, a vendor the project lacks, a reference cycle, aliases, too deep or too large),
4 no spec on either side, 5 a report could not be written, 130/143 stopped by a signal.")]
pub struct Args {
    /// The specs before the change: a folder of <vendor>.yaml files, or a git revision (its
    /// specs/, read with `git show REV:specs/<vendor>.yaml`; then Cargo.toml's version at REV and
    /// at the head is checked against the needed bump).
    #[arg(long, value_name = "DIR|GIT-REV")]
    base: String,
    /// The specs after the change [default: the working tree's specs/].
    #[arg(long, value_name = "DIR")]
    head: Option<PathBuf>,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    json: bool,
    /// Also write a Markdown report (for a pull-request comment), ending with CHANGELOG.md entries.
    #[arg(long, value_name = "FILE")]
    markdown: Option<PathBuf>,
    /// Also write a SARIF 2.1.0 log: each change at its line of the spec file.
    #[arg(long, value_name = "FILE")]
    sarif: Option<PathBuf>,
    /// Also write a JUnit XML report: a testcase per change, failed when the version bump is not
    /// enough for it.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
}

/// Where the base specs come from.
enum Base {
    Dir(PathBuf),
    Git { root: PathBuf, revision: String },
}

pub async fn run(args: Args) -> ExitCode {
    match compare(&args) {
        Ok(report) => finish(&args, &report),
        Err(Stop::Nothing) => {
            eprintln!("faceauth: {NOTHING_TO_COMPARE}");
            ExitCode::from(EXIT_NOTHING_CHECKED)
        }
        // A YAML parser's message can span lines; the error is one.
        Err(Stop::Usage(reason)) => usage_error(&reason.replace('\n', " ")),
        Err(Stop::Input(reason)) => input_error(&reason.replace('\n', " ")),
    }
}

/// Why a diff did not run.
enum Stop {
    /// The command line is wrong (a `--base` that is neither a folder nor a revision).
    Usage(String),
    /// A spec or a manifest it reads cannot be used.
    Input(String),
    /// Neither version has a spec.
    Nothing,
}

impl From<String> for Stop {
    fn from(reason: String) -> Self {
        Self::Usage(reason)
    }
}

/// A reason about what was read, not about the command line.
fn input(reason: impl std::fmt::Display) -> Stop {
    Stop::Input(reason.to_string())
}

/// Reads both versions and compares them; every error is a usage error.
fn compare(args: &Args) -> Result<DiffReport, Stop> {
    let root = git(Path::new("."), &["rev-parse", "--show-toplevel"])
        .ok()
        .map(|top| PathBuf::from(top.trim()));
    let base = if Path::new(&args.base).is_dir() {
        Base::Dir(PathBuf::from(&args.base))
    } else {
        let root = root.clone().ok_or_else(|| {
            format!(
                "--base {}: not a directory, and not in a git repository to read a revision from",
                args.base
            )
        })?;
        let commit = format!("{}^{{commit}}", args.base);
        git(&root, &["rev-parse", "--verify", "--quiet", &commit]).map_err(|_| {
            format!(
                "--base {}: neither a directory nor a git revision of {}",
                args.base,
                root.display()
            )
        })?;
        Base::Git {
            root,
            revision: args.base.clone(),
        }
    };
    let head_dir = match (&args.head, &root) {
        (Some(dir), _) => dir.clone(),
        (None, Some(root)) => root.join("specs"),
        (None, None) => PathBuf::from("specs"),
    };
    if !head_dir.is_dir() {
        return Err(Stop::Usage(match &args.head {
            Some(_) => format!("--head {}: not a directory", head_dir.display()),
            None => format!(
                "no specs/ folder at {}: give --head DIR",
                head_dir.display()
            ),
        }));
    }
    // The reports may not overwrite a spec read (a report path naming one, through a link too).
    let mut inputs: Vec<PathBuf> = spec_paths(&head_dir)?;
    if let Base::Dir(dir) = &base {
        inputs.extend(spec_paths(dir)?);
    }
    let inputs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    outputs(args).check(&inputs).map_err(|e| e.to_string())?;
    let head_specs = specs_in_dir(&head_dir).map_err(input)?;
    let base_specs = match &base {
        Base::Dir(dir) => specs_in_dir(dir).map_err(input)?,
        Base::Git { root, revision } => specs_at_revision(root, revision).map_err(input)?,
    };
    // A spec for a vendor the project does not have is refused: its name would make a diff of
    // a file nobody generates from.
    for name in base_specs.keys().chain(head_specs.keys()) {
        if name.parse::<Vendor>().is_err() {
            let known: Vec<&str> = Vendor::ALL.iter().map(|v| v.name()).collect();
            return Err(input(format!(
                "specs/{name}.yaml: not a vendor of this project (one of: {})",
                known.join(", ")
            )));
        }
    }
    if base_specs.is_empty() && head_specs.is_empty() {
        return Err(Stop::Nothing);
    }
    let mut vendors: Vec<&String> = base_specs.keys().chain(head_specs.keys()).collect();
    vendors.sort_by_key(|name| {
        let known = Vendor::ALL.iter().position(|v| v.name() == name.as_str());
        (known.unwrap_or(Vendor::ALL.len()), name.to_string())
    });
    vendors.dedup();
    let pairs: Vec<SpecPair<'_>> = vendors
        .iter()
        .map(|vendor| SpecPair {
            vendor,
            base: base_specs.get(*vendor).map(String::as_str),
            head: head_specs.get(*vendor).map(String::as_str),
        })
        .collect();
    let mut report = spec_diff::diff(&pairs).map_err(input)?;
    if let Base::Git { root, revision } = &base {
        let base_manifest = git(root, &["show", &format!("{revision}:Cargo.toml")])
            .map_err(|e| input(format!("cannot read Cargo.toml at {revision}: {e}")))?;
        let head_path = head_dir.join("..").join("Cargo.toml");
        let head_manifest = std::fs::read_to_string(&head_path)
            .map_err(|e| input(format!("cannot read {}: {e}", head_path.display())))?;
        let base_version = package_version(&base_manifest)
            .map_err(|e| input(format!("Cargo.toml at {revision}: {e}")))?;
        let head_version = package_version(&head_manifest)
            .map_err(|e| input(format!("{}: {e}", head_path.display())))?;
        report
            .check_version(&base_version, &head_version)
            .map_err(input)?;
    }
    Ok(report)
}

/// Prints and writes the reports; the exit code says whether the version bump is enough.
fn finish(args: &Args, report: &DiffReport) -> ExitCode {
    if args.json {
        outln!(
            "{}",
            serde_json::to_string_pretty(report).expect("a report serialises")
        );
    } else {
        out!("{}", report.to_table());
    }
    // Every report whole or none, as conformance and drift write theirs.
    let written = outputs(args).write(|kind| {
        Ok(match kind {
            ReportKind::Junit => report.to_junit().into_bytes(),
            ReportKind::Sarif => serde_json::to_string_pretty(&report.to_sarif())
                .expect("a SARIF log serialises")
                .into_bytes(),
            ReportKind::Markdown => report.to_markdown().into_bytes(),
        })
    });
    if let Err(reason) = written {
        eprintln!("faceauth: {reason}");
        return ExitCode::from(EXIT_WRITE);
    }
    if report.passed() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    }
}

fn outputs(args: &Args) -> Outputs {
    Outputs {
        junit: args.junit.clone(),
        sarif: args.sarif.clone(),
        markdown: args.markdown.clone(),
    }
}

/// The error of a diff with no spec on either side: a check of nothing is not a pass.
const NOTHING_TO_COMPARE: &str = "no spec to compare: neither version has a specs/<vendor>.yaml";

/// The paths of the `<vendor>.yaml` files of a folder.
fn spec_paths(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    Ok(entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect())
}

/// Every `<vendor>.yaml` of a folder, by vendor.
fn specs_in_dir(dir: &Path) -> Result<BTreeMap<String, String>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut specs = BTreeMap::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let (Some(stem), Some("yaml")) = (
            path.file_stem().and_then(|s| s.to_str()),
            path.extension().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        // Bounded: a spec past faceauth_spec's size is refused without being held.
        let text = faceauth_spec::load::read(&path, &path.display().to_string())
            .map_err(|e| e.to_string())?;
        specs.insert(stem.to_owned(), text);
    }
    Ok(specs)
}

/// Every `specs/<vendor>.yaml` at a git revision, by vendor.
fn specs_at_revision(root: &Path, revision: &str) -> Result<BTreeMap<String, String>, String> {
    let listing = git(
        root,
        &["ls-tree", "--name-only", &format!("{revision}:specs")],
    )
    .map_err(|e| format!("--base {revision}: no specs/ folder there ({e})"))?;
    let mut specs = BTreeMap::new();
    for name in listing.lines() {
        let Some(vendor) = name.strip_suffix(".yaml") else {
            continue;
        };
        let object = format!("{revision}:specs/{name}");
        // Bounded: the blob's size is asked first, and one past faceauth_spec's is not shown.
        let bytes: usize = git(root, &["cat-file", "-s", &object])?
            .trim()
            .parse()
            .map_err(|_| format!("git cat-file -s {object}: not a size"))?;
        if bytes > faceauth_spec::load::MAX_SPEC_BYTES {
            return Err(faceauth_spec::load::LoadError::TooLarge {
                file: format!("specs/{name} (base)"),
                bytes,
            }
            .to_string());
        }
        let text = git(root, &["show", &object])?;
        specs.insert(vendor.to_owned(), text);
    }
    Ok(specs)
}

/// `package.version` of a Cargo.toml.
fn package_version(manifest: &str) -> Result<String, String> {
    let doc: toml_edit::Document<String> = manifest
        .parse()
        .map_err(|e: toml_edit::TomlError| format!("not TOML: {}", e.to_string().trim()))?;
    doc.get("package")
        .and_then(|p| p.get("version"))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .ok_or_else(|| "no package.version".to_owned())
}

/// Runs git in `dir`; its stdout, or its first line of stderr as the error.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        String::from_utf8(output.stdout).map_err(|_| "git printed non-UTF-8 text".to_owned())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr
            .lines()
            .next()
            .unwrap_or("git failed")
            .trim()
            .to_owned())
    }
}
