//! The live check: each selected operation's documented request sent to a vendor's server, and
//! the response checked field by field against the spec. Read-only by default: only operations
//! the vendor's documents show to change nothing (`x-faceauth-read-only`, in the operation
//! table as [`OperationMeta::read_only`]) and not to cost money (no `may_be_billed`: see
//! [`OperationMeta::in_default_live_set`]) run unless named or writes are allowed.

use faceauth_spec::extension::{live_set, ReadOnlyMark, LIVE_SET, READ_ONLY};
use serde_json::Value;

use super::report::{CaseResult, Report, RunKind};
use super::{call_operation, response_drift, CallTarget, ExampleRequest, OutcomeKind};
use super::{FailureKind, ResponseLog, Spec, SpecOperation};
use faceauth_clients::{BaseUrl, Credential, OperationMeta, Vendor};

/// Which operations a live check runs, and the values the reads look up.
#[derive(Debug, Clone, Default)]
pub struct LiveSelection {
    /// Run only these (they run even if they change the vendor's state); empty: the read-only
    /// operations, and the writes too with `include_writes`.
    pub operations: Vec<&'static OperationMeta>,
    /// Also run the operations that change the vendor's state.
    pub include_writes: bool,
    /// Values for the reads' inputs (a body field or parameter), by name: these win over the
    /// environment variables the spec names.
    pub params: Vec<(String, String)>,
}

/// Parses `NAME=VALUE` pairs (`--param`).
pub fn parse_params(params: &[String]) -> Result<Vec<(String, String)>, crate::Error> {
    params
        .iter()
        .map(|param| {
            param
                .split_once('=')
                .map(|(name, value)| (name.to_owned(), value.to_owned()))
                .ok_or_else(|| crate::Error::Parameter {
                    given: param.clone(),
                })
        })
        .collect()
}

/// Checks `vendor`'s live server at `base_url` with `credential`. `env` reads an environment
/// variable (a read's input when no param gives it); `progress` is told of each operation before
/// it is sent.
pub async fn check_live(
    vendor: Vendor,
    base_url: &BaseUrl,
    credential: Credential,
    selection: &LiveSelection,
    env: &dyn Fn(&str) -> Option<String>,
    progress: &mut dyn FnMut(&OperationMeta),
) -> Result<Report, crate::Error> {
    let spec = Spec::load(vendor)?;
    let log = ResponseLog::default();
    let target = CallTarget {
        base_url: base_url.clone(),
        credential,
        response_log: Some(log.clone()),
        recorder: None,
        secrets: faceauth_clients::KnownSecrets::default(),
    };
    let mut report = Report::new(RunKind::Live {
        vendor,
        base_url: base_url.as_str().to_owned(),
    });
    for operation in spec.operations() {
        let Some(meta) = operation.meta else {
            continue;
        };
        let selected = if selection.operations.is_empty() {
            selection.include_writes || meta.in_default_live_set()
        } else {
            selection.operations.contains(&meta)
        };
        if !selected {
            let billed = meta.read_only.as_ref().and_then(|r| r.may_be_billed);
            let reason = match billed {
                _ if !selection.operations.is_empty() => "not named with --operation".to_owned(),
                Some(why) => format!(
                    "may be billed: {why}; name it with --operation or pass --include-writes"
                ),
                None => "a write: the vendor's documents do not show that it changes nothing (no x-faceauth-read-only); name it with --operation or pass --include-writes".to_owned(),
            };
            report
                .cases
                .push(CaseResult::skipped(&spec, &operation, &reason));
            continue;
        }
        let object = spec.operation_object(&operation);
        let request = match live_request(&operation, object, &selection.params, env) {
            Ok(request) => request,
            Err(reason) => {
                report
                    .cases
                    .push(CaseResult::skipped(&spec, &operation, &reason));
                continue;
            }
        };
        progress(meta);
        log.take();
        let (outcome, failure, mut drift, status) = match call_operation(&target, meta, &request)
            .await
        {
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
                        response_drift(&spec, &operation, raw.status, content_type, &raw.body)
                    })
                    .unwrap_or_default();
                let (outcome, failure) = match &typed.kind {
                    OutcomeKind::Success => ("success".to_owned(), None),
                    OutcomeKind::DocumentedError => ("documented error".to_owned(), None),
                    // A refused credential is not drift: the row says so, with the vendor's
                    // reason (its code and message, which quote no body; the report is
                    // scrubbed of the run's secrets below).
                    OutcomeKind::Failed(failed)
                        if failed.kind == faceauth_clients::ErrorKind::Credential
                            || matches!(failed.status, Some(401 | 403)) =>
                    {
                        let reason = match failed.kind {
                            faceauth_clients::ErrorKind::Credential => failed
                                .message
                                .strip_prefix("no credential, not sent: ")
                                .unwrap_or(&failed.message)
                                .to_owned(),
                            _ => failed.summary(),
                        };
                        (
                            "credential refused".to_owned(),
                            Some((
                                FailureKind::Credential,
                                format!("the vendor refused the credential: {reason}"),
                            )),
                        )
                    }
                    // The summary, not the message: the message quotes the body, which
                    // may hold a token or image bytes. The drift lines say what differs.
                    OutcomeKind::Failed(failed) => (
                        format!("failed: {}", failed.summary()),
                        Some((
                            FailureKind::ResponseOutcome,
                            format!("the typed client failed: {}", failed.summary()),
                        )),
                    ),
                };
                // The last response of a refused token request is the token call's, not
                // the operation's: nothing of it is the operation's drift.
                let refused_before_the_call = matches!(&typed.kind,
                        OutcomeKind::Failed(failed) if failed.kind == faceauth_clients::ErrorKind::Credential);
                if refused_before_the_call {
                    (outcome, failure, Vec::new(), None)
                } else {
                    (outcome, failure, drift, status)
                }
            }
        };
        drift.sort_by(|a, b| a.at.cmp(&b.at));
        let mut case =
            CaseResult::from_drift(&spec, &operation, &operation.id, status, failure, drift);
        case.outcome = Some(outcome);
        report.cases.push(case);
    }
    // A vendor that echoes the credential or an issued token into a field the drift lines
    // quote: the report never holds one.
    report.redact(&target.secrets);
    Ok(report)
}

/// The request a live check sends: the operation's first documented request, with its live `set`
/// fields (`x-faceauth-live-set`) and every input a read needs (`params`, else its environment
/// variable). An input the read needs and nobody gave is an error: the operation is skipped with
/// that reason.
fn live_request(
    operation: &SpecOperation,
    operation_object: &Value,
    params: &[(String, String)],
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<ExampleRequest, String> {
    // The live check's own marks, read from the spec through the vocabulary (the clients carry
    // only what their runtime needs of them).
    let read_only = match operation_object.get(READ_ONLY) {
        Some(mark) => Some(ReadOnlyMark::parse(mark).map_err(|e| e.to_string())?),
        None => None,
    };
    let live_set = match operation_object.get(LIVE_SET) {
        Some(set) => live_set(set).map_err(|e| e.to_string())?,
        None => Vec::new(),
    };
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
            .or_else(|| var.and_then(env).filter(|v| !v.is_empty()))
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
    let set = live_set.into_iter().map(|(name, json)| {
        let value = serde_json::from_str(&json).unwrap_or(Value::String(json));
        (name, value)
    });
    let values = inputs
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, Value::String(v))))
        .chain(set);
    for (name, value) in values {
        if let Some(parameter) = operation.parameters.iter().find(|p| p.name == name) {
            let text = match &value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            let value = parameter.value_from_text(&text);
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
