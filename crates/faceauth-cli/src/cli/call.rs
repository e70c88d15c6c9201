//! `faceauth call`: one call through a vendor's typed client.

use std::io::Read;
use std::process::ExitCode;

use faceauth_clients::{BaseUrl, FaceImage, OperationMeta, Vendor, Verdict};
use faceauth_conformance::{
    call_operation, CallTarget, ExampleRequest, OutcomeKind, ResponseLog, Spec,
};
use serde_json::Value;

use super::{
    credential_from_env, parse_base_url, parse_vendor, usage_error, EXIT_CREDENTIAL, EXIT_FAILED,
    EXIT_PENDING, EXIT_TRANSPORT,
};

/// How much of an undocumented response body is shown.
const BODY_EXCERPT: usize = 300;

/// Make one call through a vendor's typed client and print the typed response as JSON.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "The body is parsed into the generated request type before anything is sent.
The credential comes from the vendor's environment variables (listed below).

Examples:
  FACEAUTH_VERISOUL_API_KEY=... faceauth call verisoul enrollFaceMatch --body enroll.json
  echo '{...}' | faceauth call advance saveEnroll --body - --server singapore
  faceauth call progeny registerFace --body form.json --image selfie.jpg
  faceauth call advance compareFaces --body form.json --server indonesia \
      --image firstImage=id-card.jpg --image secondImage=selfie.jpg
  faceauth call progeny getTask --param id=58bf8a18-b10b-409d-91d6-fdd358408dff
  faceauth call verisoul getAccount --param account_id=... --record traffic.jsonl

Exit status: 0 documented success, 1 refused (a documented error, or a body whose code or
verdict refuses: printed as JSON, the refusal on stderr), 2 usage error or invalid input
(nothing sent), 3 transport failure or undocumented response, 6 the credential refused (no
token could be had, HTTP 401 or 403, ADVANCE.AI's IAM_FAILED), 7 not finished yet (a task still
running), 130/143 stopped by SIGINT/SIGTERM."
)]
pub struct Args {
    /// The vendor: signzy, verisoul, advance or progeny.
    #[arg(value_parser = parse_vendor)]
    vendor: Vendor,
    /// The operation's operationId in the vendor's spec.
    operation: String,
    /// The JSON request body, from a file or `-` for standard input.
    #[arg(long, value_name = "FILE|-")]
    body: Option<String>,
    /// A path or query parameter (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// A face image to upload (PNG or JPEG), for multipart operations: `FILE` where the form has
    /// one file part, `PART=FILE` for each part where it has several (repeatable).
    #[arg(long = "image", value_name = "[PART=]FILE")]
    images: Vec<String>,
    /// The server's base URL; the vendor's first documented server by default.
    #[arg(long, value_name = "URL", value_parser = parse_base_url(), conflicts_with = "server")]
    base_url: Option<BaseUrl>,
    /// A documented server by name (listed below; the first is the default).
    #[arg(long, value_name = "NAME")]
    server: Option<String>,
    /// Append the response to FILE as a traffic line (redacted, as a client's `TrafficRecorder`
    /// writes it), for `faceauth drift --traffic FILE`.
    #[arg(long, value_name = "FILE")]
    record: Option<std::path::PathBuf>,
}

pub async fn run(args: Args) -> ExitCode {
    let (operation, target, request, log) = match prepare(&args) {
        Ok(prepared) => prepared,
        Err(reason) => return usage_error(&reason),
    };
    let outcome = match call_operation(&target, operation, &request).await {
        Ok(outcome) => outcome,
        // The input did not fit the generated types: nothing was sent.
        Err(reason) => return usage_error(&format!("{operation}: {reason}")),
    };
    // Whatever the vendor echoed of the credential (or of a token issued for this call) is
    // printed as `[redacted]`.
    let secrets = &target.secrets;
    let print = |value: &Option<Value>| {
        let mut value = value.clone().unwrap_or(Value::Null);
        secrets.scrub_json(&mut value);
        outln!(
            "{}",
            serde_json::to_string_pretty(&value).expect("JSON serialises")
        );
    };
    // The exit status is what the answer says happened, whatever status carried it: a body that
    // refuses (ADVANCE.AI's codes in an HTTP 200, a task whose liveness check failed) exits 1
    // like a documented error.
    if let Some(verdict) = &outcome.verdict {
        print(&outcome.reserialized);
        return match verdict {
            Verdict::Success => ExitCode::SUCCESS,
            Verdict::Pending => ExitCode::from(EXIT_PENDING),
            Verdict::Refused(refusal) => {
                // A documented 401 or 403, or the vendor's code for a refused credential in
                // the body (ADVANCE.AI's IAM_FAILED in an HTTP 200).
                let credential = matches!(outcome.status, Some(401 | 403))
                    || refusal.code.as_deref().is_some_and(|code| {
                        Some(code) == operation.vendor.credential_refusal_code()
                    });
                eprintln!(
                    "faceauth: {} refused{}: {}",
                    operation.id,
                    if credential { " the credential" } else { "" },
                    secrets.scrub(&refusal.to_string())
                );
                ExitCode::from(if credential {
                    EXIT_CREDENTIAL
                } else {
                    EXIT_FAILED
                })
            }
        };
    }
    // A refused credential has its own code: no token could be obtained, or the vendor
    // answered 401 or 403.
    let credential_refused = matches!(&outcome.kind, OutcomeKind::Failed(why)
        if why.kind == faceauth_clients::ErrorKind::Credential
            || matches!(why.status, Some(401 | 403)));
    // Neither a documented success nor a documented error (only those carry a verdict).
    let message = match &outcome.kind {
        OutcomeKind::Failed(why) => secrets.scrub(&why.message).into_owned(),
        _ => "the answer carries no verdict".to_owned(),
    };
    match log.take().pop() {
        Some(raw) => {
            // Scrubbed whole, then cut: a secret across the cut leaves no prefix.
            let text = String::from_utf8_lossy(&raw.body);
            let text = secrets.scrub(&text);
            let excerpt: String = text.chars().take(BODY_EXCERPT).collect();
            let more = if text.chars().count() > BODY_EXCERPT {
                " ..."
            } else {
                ""
            };
            // The last response may be a login's or a token request's, not the operation's.
            let what = if credential_refused {
                format!(
                    "the credential for {} was refused (HTTP {})",
                    operation.id, raw.status
                )
            } else {
                format!(
                    "HTTP {} is not a documented response of {}",
                    raw.status, operation.id
                )
            };
            eprintln!("faceauth: {what}: {message}; body: {excerpt}{more}");
        }
        None if credential_refused => {
            eprintln!(
                "faceauth: the credential for {} was refused: {message}",
                operation.id
            )
        }
        None => eprintln!("faceauth: {message}"),
    }
    ExitCode::from(if credential_refused {
        EXIT_CREDENTIAL
    } else {
        EXIT_TRANSPORT
    })
}

/// What `prepare` gives the call.
type Prepared = (
    &'static OperationMeta,
    CallTarget,
    ExampleRequest,
    ResponseLog,
);

/// Everything checked before sending: operation, body, parameters, image, server, credential.
fn prepare(args: &Args) -> Result<Prepared, String> {
    // The operationId comes in as text: parsed here, once.
    let Some(meta) = args.vendor.operation(&args.operation) else {
        let known: Vec<&str> = args.vendor.operations().iter().map(|op| op.id).collect();
        return Err(format!(
            "{} has no operation {:?}; one of: {}",
            args.vendor,
            args.operation,
            known.join(", ")
        ));
    };
    let spec = Spec::load(args.vendor).map_err(|e| e.to_string())?;
    let operations = spec.operations();
    let operation = operations
        .iter()
        .find(|op| op.meta == Some(meta))
        .ok_or_else(|| format!("{meta}: not in the spec the crate was built from"))?;

    let body = match &args.body {
        None => None,
        Some(source) => {
            let text = if source == "-" {
                let mut text = String::new();
                std::io::stdin()
                    .read_to_string(&mut text)
                    .map_err(|e| format!("cannot read the body from standard input: {e}"))?;
                text
            } else {
                std::fs::read_to_string(source)
                    .map_err(|e| format!("cannot read the body from {source}: {e}"))?
            };
            Some(
                serde_json::from_str::<Value>(&text)
                    .map_err(|e| format!("the body is not JSON: {e}"))?,
            )
        }
    };
    if operation.request_media_type.is_some() && body.is_none() {
        return Err(format!(
            "{} takes a body: pass --body FILE or --body -",
            operation.id
        ));
    }

    let mut params = Vec::new();
    for param in &args.params {
        let (name, text) = param
            .split_once('=')
            .ok_or_else(|| format!("--param {param:?} is not NAME=VALUE"))?;
        let documented = operation
            .parameters
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| format!("{} has no parameter {name:?}", operation.id))?;
        params.push((name.to_owned(), documented.value_from_text(text)));
    }

    let images = images_by_part(&args.images, &operation.id, &operation.file_parts)?;

    let base_url = match (&args.base_url, &args.server) {
        (Some(url), _) => url.clone(),
        (None, Some(name)) => {
            let servers = args.vendor.servers();
            let (_, url) = servers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    let names: Vec<&str> = servers.iter().map(|(n, _)| *n).collect();
                    format!(
                        "{} has no server {name:?}; one of: {}",
                        args.vendor,
                        names.join(", ")
                    )
                })?;
            BaseUrl::parse(url).map_err(|e| e.to_string())?
        }
        (None, None) => BaseUrl::parse(args.vendor.servers()[0].1).map_err(|e| e.to_string())?,
    };
    // A documented server the operation's page does not list: the client would refuse it; say so
    // here, as a bad argument. Any other base URL (--base-url) is the caller's to choose.
    if args.base_url.is_none() && !meta.served_by(base_url.as_str()) {
        return Err(format!(
            "{} is not documented on {base_url}; its pages list: {} (or pass --base-url)",
            meta.id,
            meta.servers.join(", ")
        ));
    }
    let credential = if !meta.needs_credential {
        // Not sent; the client still needs a value.
        faceauth_conformance::Credential::Static("unused".into())
    } else {
        credential_from_env(args.vendor)?
    };
    let log = ResponseLog::default();
    let recorder = match &args.record {
        Some(path) => Some(
            faceauth_clients::TrafficRecorder::append_to(path)
                .map_err(|e| format!("--record {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let target = CallTarget {
        base_url,
        credential,
        response_log: Some(log.clone()),
        recorder,
        secrets: faceauth_clients::KnownSecrets::default(),
    };
    let request = ExampleRequest {
        name: "command line".to_owned(),
        body,
        params,
        images,
    };
    Ok((meta, target, request, log))
}

/// Each `--image` read from its file, with the form part it goes in: `PART=FILE` names one of the
/// operation's file parts; a bare `FILE` is the operation's one file part.
fn images_by_part(
    arguments: &[String],
    operation: &str,
    file_parts: &[String],
) -> Result<Vec<(String, FaceImage)>, String> {
    let mut images: Vec<(String, FaceImage)> = Vec::new();
    for argument in arguments {
        let (part, path) = match argument.split_once('=') {
            Some((part, path)) if file_parts.iter().any(|p| p == part) => (part.to_owned(), path),
            _ => match file_parts {
                [] => {
                    return Err(format!(
                        "{operation} uploads no image: --image is not for it"
                    ))
                }
                [only] => (only.clone(), argument.as_str()),
                several => {
                    return Err(format!(
                    "{operation} uploads {} images: pass each as --image PART=FILE, PART one of {}",
                    several.len(),
                    several.join(", ")
                ))
                }
            },
        };
        if images.iter().any(|(given, _)| *given == part) {
            return Err(format!("--image gives the part {part} twice"));
        }
        let image = FaceImage::from_file(path).map_err(|e| format!("{path}: {e}"))?;
        images.push((part, image));
    }
    Ok(images)
}
