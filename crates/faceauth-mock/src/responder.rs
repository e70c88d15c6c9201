//! Answers one vendor's requests from its spec: documented examples for valid requests, a
//! documented error or a 401/422 naming each violation for the others, and the credentials the
//! mock was given checked (see [`credentials`](super::credentials)).

use std::borrow::Cow;

use bytes::Bytes;
use http::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use http::Method;
use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::credentials::{iam_failed_body, Fields, Refusal, TokenCall, VendorCredentials};
use super::extra_properties::{self, EXTRA_PROPERTIES_HEADER};
use super::form::FormSchema;
use super::reply::{PreparedResponse, Reply};
use super::request_json::{more_values_than, JsonTree, RequestJson, MAX_BODY_VALUES};
use super::state::{
    self, AnswerState, Applied, Polled, PreparedState, Rendered, RequestValues, Resolved, Seeded,
    StateSnapshot, StateStore, Touch, VendorSeed,
};
use super::test_faces::FaceValue;
use super::{MockAnswer, MockError, MockOptions, MockRequest, RequestView, MOCK_HEADER};
use faceauth_clients::Vendor;
use faceauth_conformance::SchemaValidator;
use faceauth_conformance::{CredentialScheme, Spec, SpecOperation};
use faceauth_spec::extension::{
    self, Locator, LocatorPlace, StateAction, StateMark, TimestampWindow,
};

/// Answers one vendor's requests from its spec. Everything a request is checked against
/// (validators, form schemas, documented bodies) is prepared once, when the responder is built.
pub struct SpecResponder {
    vendor: Vendor,
    /// `/<vendor>`, the prefix of every path it serves.
    prefix: String,
    credential: Option<CredentialScheme>,
    /// The credential's header name, parsed once.
    credential_header: Option<http::header::HeaderName>,
    /// The credentials it accepts, if it was given any (else any credential is accepted).
    accepted: Option<VendorCredentials>,
    /// Undocumented properties are violations (else accepted and listed).
    strict: bool,
    /// What the vendor remembers between requests (`None`: stateless, every valid request gets
    /// its operation's first documented success).
    state: Option<StateStore>,
    /// The resource kinds the spec declares (a seed may set), each with the names of the values
    /// the mock issues for it.
    kinds: BTreeMap<String, Vec<String>>,
    operations: Vec<PreparedOperation>,
}

/// Prism's header for choosing a documented response, parsed once.
static PREFER: http::header::HeaderName = http::header::HeaderName::from_static("prefer");

/// One operation, ready to answer.
struct PreparedOperation {
    operation: SpecOperation,
    /// Its method, parsed once.
    method: Method,
    /// Its path, split once.
    template: PathTemplate,
    /// The JSON body's validators.
    json_body: Option<JsonBody>,
    /// The multipart form's schema.
    form: Option<FormSchema>,
    parameters: Vec<PreparedParameter>,
    /// The documented response given to an invalid request, if the spec names one.
    invalid_request: Option<usize>,
    /// The documented responses given to a request whose only fault is a missing field or
    /// parameter: the field's name (`*` for any) and the response.
    missing_field: Vec<(String, usize)>,
    /// Whether it issues or forgets tokens.
    token_call: Option<TokenCall>,
    /// A body timestamp it accepts only near the current time, and the documented response
    /// that refuses one outside (`x-faceauth-timestamp-window`).
    timestamp_window: Option<(TimestampWindow, usize)>,
    /// Each documented response, ready to send.
    responses: Vec<PreparedResponse>,
    /// The resource it touches and the answer to each state (`x-faceauth-state`), its answers
    /// found among its own and its task's poll's examples.
    state: Option<PreparedState>,
}

/// A JSON body's schema, twice: as OpenAPI reads it (undocumented properties allowed unless
/// forbidden), and with every object closed, which names the undocumented ones; the closed one
/// also over the mock's own reading of a body ([`JsonTree`]), for the quick check.
struct JsonBody {
    lenient: SchemaValidator,
    listed_only: SchemaValidator,
    listed_only_tree: jsonschema::Validator<RequestJson>,
}

struct PreparedParameter {
    parameter: faceauth_conformance::Parameter,
    required: bool,
    validator: SchemaValidator,
}

impl SpecResponder {
    /// A responder for `spec`'s operations, as `faceauth mock` without options serves them.
    pub fn new(spec: Spec) -> Result<Self, MockError> {
        Self::with_options(spec, &MockOptions::default())
    }

    /// A responder for `spec`'s operations with `options` (credentials, token lifetime,
    /// strictness).
    pub fn with_options(spec: Spec, options: &MockOptions) -> Result<Self, MockError> {
        let operations = spec
            .operations()
            .into_iter()
            .map(|operation| {
                let id = operation.id.clone();
                prepare(&spec, operation).map_err(|reason| MockError::Operation {
                    vendor: spec.vendor,
                    operation: id,
                    reason,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (mut operations, marks): (Vec<PreparedOperation>, Vec<Option<StateMark>>) =
            operations.into_iter().unzip();
        let specified: Vec<(&SpecOperation, Option<&StateMark>)> = operations
            .iter()
            .zip(&marks)
            .map(|(prepared, mark)| (&prepared.operation, mark.as_ref()))
            .collect();
        let states = (0..operations.len())
            .map(|at| match &marks[at] {
                Some(mark) => state::prepare(&specified, at, mark.clone())
                    .map(Some)
                    .map_err(|reason| MockError::Operation {
                        vendor: spec.vendor,
                        operation: operations[at].operation.id.clone(),
                        reason: format!("at `{}`: {reason}", extension::STATE),
                    }),
                None => Ok(None),
            })
            .collect::<Result<Vec<_>, _>>()?;
        for (operation, state) in operations.iter_mut().zip(states) {
            operation.state = state;
        }
        let mut kinds: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for mark in marks.iter().flatten() {
            if matches!(
                mark.does,
                StateAction::Poll | StateAction::Compare | StateAction::Start
            ) {
                continue;
            }
            let issued = kinds.entry(mark.resource.clone()).or_default();
            issued.extend(mark.issues.values().cloned());
            issued.sort();
            issued.dedup();
        }
        Ok(Self {
            vendor: spec.vendor,
            prefix: format!("/{}", spec.vendor.name()),
            credential: spec.credential_scheme(),
            credential_header: spec
                .credential_scheme()
                .map(|scheme| http::header::HeaderName::try_from(scheme.header.as_str()))
                .transpose()
                .map_err(|e| MockError::CredentialHeader {
                    vendor: spec.vendor,
                    reason: e.to_string(),
                })?,
            accepted: VendorCredentials::new(spec.vendor, &options.credentials, options.token_ttl),
            strict: options.strict,
            state: (!options.stateless).then(|| {
                StateStore::new(options.state_cap, options.task_polls, options.task_delay)
            }),
            kinds,
            operations,
        })
    }

    fn find(&self, method: &Method, path: &str) -> Result<&PreparedOperation, MockAnswer> {
        let exact = self
            .operations
            .iter()
            .find(|p| p.method == *method && p.template.matches(path));
        if let Some(prepared) = exact {
            return Ok(prepared);
        }
        let on_path: Vec<&PreparedOperation> = self
            .operations
            .iter()
            .filter(|p| p.template.matches(path))
            .collect();
        if on_path.is_empty() {
            let documented: Vec<String> = self
                .operations
                .iter()
                .map(|p| format!("{} {}", p.operation.method, p.operation.path))
                .collect();
            return Err(problem(
                404,
                "not found",
                &format!("no documented operation at {path}"),
                json!({ "documented": documented }),
            ));
        }
        Err(problem(
            405,
            "method not allowed",
            &format!("{method} is not documented for {path}"),
            json!({ "allowed": on_path.iter().map(|p| &p.operation.method).collect::<Vec<_>>() }),
        ))
    }
}

/// `operation` ready to answer, but for its state, and its `x-faceauth-state` mark as read (its
/// answers are found once every operation is prepared: a task's are its poll's).
fn prepare(
    spec: &Spec,
    operation: SpecOperation,
) -> Result<(PreparedOperation, Option<StateMark>), String> {
    let op = spec.operation_object(&operation);
    let at = |what: &str| what.to_owned();
    let mut json_body = None;
    let mut form = None;
    if let Some(media_type) = &operation.request_media_type {
        let schema = &op["requestBody"]["content"][media_type]["schema"];
        match media_type.as_str() {
            "application/json" => {
                json_body = Some(JsonBody {
                    lenient: SchemaValidator::new(spec, schema).map_err(|e| e.to_string())?,
                    listed_only: SchemaValidator::strict(spec, schema)
                        .map_err(|e| e.to_string())?,
                    listed_only_tree: SchemaValidator::strict_for(spec, schema)
                        .map_err(|e| e.to_string())?,
                })
            }
            "multipart/form-data" => {
                form = Some(
                    FormSchema::new(spec, &resolved(spec, schema)).map_err(|e| e.to_string())?,
                )
            }
            _ => {}
        }
    }
    let parameters = operation
        .parameters
        .iter()
        .map(|parameter| {
            let required = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["name"] == parameter.name.as_str() && p["required"] == true);
            Ok(PreparedParameter {
                parameter: parameter.clone(),
                required,
                validator: SchemaValidator::new(spec, &parameter.schema)
                    .map_err(|e| e.to_string())?,
            })
        })
        .collect::<Result<_, String>>()?;
    let example = |name: &str| {
        operation
            .responses
            .iter()
            .position(|r| r.example.name == name)
            .ok_or_else(|| at(&format!("no documented example named {name}")))
    };
    let invalid_request = match op["x-faceauth-invalid-request-example"].as_str() {
        Some(name) => Some(example(name)?),
        None => None,
    };
    let missing_field = op["x-faceauth-missing-field-examples"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(field, name)| {
            let name = name
                .as_str()
                .ok_or_else(|| at("x-faceauth-missing-field-examples: an example name"))?;
            Ok((field.clone(), example(name)?))
        })
        .collect::<Result<_, String>>()?;
    // The spec's operationId read once, here, into its entry in the generated table.
    let token_call = spec.vendor.operation(&operation.id).and_then(TokenCall::of);
    for name in token_call
        .map(TokenCall::documented_refusals)
        .unwrap_or_default()
    {
        example(name)?;
    }
    let timestamp_window = match op.get(extension::TIMESTAMP_WINDOW) {
        Some(mark) => {
            let window = TimestampWindow::parse(mark)
                .map_err(|e| at(&format!("{}: {e}", extension::TIMESTAMP_WINDOW)))?;
            let index = example(&window.example)?;
            Some((window, index))
        }
        None => None,
    };
    let state_mark = match op.get(extension::STATE) {
        Some(mark) => Some(StateMark::parse(mark)?),
        None => None,
    };
    let responses = operation
        .responses
        .iter()
        .map(|r| PreparedResponse::new(r).map_err(|e| at(&e)))
        .collect::<Result<_, _>>()?;
    let method = Method::from_bytes(operation.method.as_bytes())
        .map_err(|_| at(&format!("{} is not an HTTP method", operation.method)))?;
    let prepared = PreparedOperation {
        template: PathTemplate::new(&operation.path),
        method,
        operation,
        json_body,
        form,
        parameters,
        invalid_request,
        missing_field,
        token_call,
        timestamp_window,
        responses,
        state: None,
    };
    Ok((prepared, state_mark))
}

impl SpecResponder {
    /// The vendor this responder serves.
    pub fn vendor(&self) -> Vendor {
        self.vendor
    }

    /// The answer to `request`, whose path starts with `/<vendor>`.
    pub fn respond(&self, request: &MockRequest) -> MockAnswer {
        self.reply(&request.view()).into_answer()
    }

    /// Whether `path` is under this vendor's prefix (`/<vendor>` or `/<vendor>/...`).
    pub(super) fn serves(&self, path: &str) -> bool {
        path.strip_prefix(self.prefix.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    }

    /// The reply to `request`, whose path starts with `/<vendor>`.
    pub(super) fn reply(&self, request: &RequestView<'_>) -> Reply<'_> {
        let path = request.path.strip_prefix(&self.prefix).unwrap_or_default();
        // The spec writes methods in upper case; a request's is matched whatever its case.
        let upper_case;
        let method = match request
            .method
            .as_str()
            .bytes()
            .any(|b| b.is_ascii_lowercase())
        {
            false => request.method,
            true => {
                upper_case =
                    Method::from_bytes(request.method.as_str().to_ascii_uppercase().as_bytes())
                        .unwrap_or_else(|_| request.method.clone());
                &upper_case
            }
        };
        let prepared = match self.find(method, path) {
            Ok(prepared) => prepared,
            Err(answer) => return answer.into(),
        };

        // The credential first: a missing one, then (with credentials given) a refused one.
        let read = ReadHeaders::of(request.headers, self.credential_header.as_ref());
        if let (false, Some(scheme)) = (prepared.operation.public, &self.credential) {
            let sent = read
                .credential
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix(scheme.prefix.as_str()))
                .filter(|v| !v.is_empty());
            let Some(sent) = sent else {
                let reason = format!(
                    "missing credential: the {} header must carry {}<credential>",
                    scheme.header, scheme.prefix
                );
                return match documented_status(&prepared.operation, 401) {
                    Some(index) => prepared.answer(index),
                    None => problem(401, "credential missing", &reason, json!({})).into(),
                };
            };
            if let Some(accepted) = &self.accepted {
                if let Err(refusal) = accepted.check_call(&scheme.header, sent) {
                    return prepared.refuse(refusal);
                }
            }
        }

        let checked = self.check(prepared, request, path, &read);
        if !checked.violations.is_empty() {
            return prepared.invalid(&checked);
        }

        let mut issued = Vec::new();
        if let (Some(call), Some(accepted)) = (prepared.token_call, &self.accepted) {
            let fields: &dyn Fields = match &checked.body {
                Body::Tree(tree) => tree,
                Body::Json(value) => value,
                Body::Form(parts) => parts,
                Body::None => &Value::Null,
            };
            // A timestamp outside the window is refused before the signature is looked at: a
            // signature made long ago cannot be replayed.
            if let Some((window, refused)) = &prepared.timestamp_window {
                let sent = fields
                    .field(&window.field)
                    .and_then(|text| text.trim().parse::<i64>().ok());
                if !sent.is_some_and(|sent| window.admits(sent, now_millis())) {
                    let mut reply = prepared.answer(*refused);
                    reply.add_header(MOCK_HEADER, "timestamp refused");
                    return reply;
                }
            }
            match accepted.token_call(call, fields) {
                Ok(set) => issued = set,
                Err(refusal) => return prepared.refuse(refusal),
            }
        }

        // Without `Prefer`, the state the earlier requests left decides the documented answer.
        let from_state = match read.prefer {
            false => self.stateful_reply(prepared, request, path, &checked),
            true => None,
        };
        let mut reply = match from_state {
            Some(reply) => reply,
            None => match choose_response(&prepared.operation, request, read.prefer) {
                Ok(index)
                    if !issued.is_empty() && prepared.operation.responses[index].status < 400 =>
                {
                    prepared.answer_with(index, &issued)
                }
                Ok(index) => prepared.answer(index),
                Err(why) => problem(422, "no documented response", &why, json!({})).into(),
            },
        };
        if !checked.undocumented.is_empty() {
            reply.add_header(
                EXTRA_PROPERTIES_HEADER,
                extra_properties::header_value(&checked.undocumented),
            );
        }
        reply
    }
}

impl SpecResponder {
    /// The answer the state gives `request`, where the operation touches a resource and the
    /// request names its key; `None` to answer as a stateless mock does.
    fn stateful_reply<'s>(
        &'s self,
        prepared: &'s PreparedOperation,
        request: &RequestView<'_>,
        path: &str,
        checked: &Checked<'_>,
    ) -> Option<Reply<'s>> {
        let (store, state) = (self.state.as_ref()?, prepared.state.as_ref()?);
        let mark = &state.mark;
        let body = |name: &str| -> Option<Cow<'_, str>> {
            match &checked.body {
                Body::Tree(tree) => tree.member(name)?.text(),
                Body::Json(value) => match value.get(name)? {
                    Value::String(text) => Some(Cow::Borrowed(text)),
                    Value::Null => None,
                    other => Some(Cow::Owned(other.to_string())),
                },
                Body::Form(parts) => {
                    let part = parts.iter().find(|part| part.name == name.as_bytes())?;
                    match part.file_name {
                        // A file is a face: known by a digest of its bytes, never kept.
                        Some(_) => Some(Cow::Owned(state::face_digest(part.value).to_string())),
                        None => part.text().map(Cow::Borrowed),
                    }
                }
                Body::None => None,
            }
        };
        let path_parameter = |name: &str| prepared.template.parameter(path, name);
        let query_parameter = |name: &str| request.query_parameter(name);
        let values = RequestValues {
            body: &body,
            path: &path_parameter,
            query: &query_parameter,
        };
        let no_values = BTreeMap::new();
        // A reserved test face gets its documented outcome whatever the state, and changes none.
        for (test_face, field, answer) in &state.test_faces {
            let is_it = match &checked.body {
                Body::Form(parts) => parts
                    .iter()
                    .find(|part| part.name == field.as_bytes())
                    .is_some_and(|part| match part.file_name {
                        Some(_) => test_face.is(FaceValue::File(part.value)),
                        None => part
                            .text()
                            .is_some_and(|t| test_face.is(FaceValue::Text(t))),
                    }),
                Body::Tree(tree) => tree
                    .member(field)
                    .and_then(|node| node.as_str())
                    .is_some_and(|text| test_face.is(FaceValue::Text(text))),
                Body::Json(value) => value
                    .get(field.as_str())
                    .and_then(Value::as_str)
                    .is_some_and(|text| test_face.is(FaceValue::Text(text))),
                Body::None => false,
            };
            if is_it {
                return Some(self.deliver(store, prepared, state, answer, no_values));
            }
        }
        // A face is known by a digest of what stands for it (the same for every operation).
        let face_at = |locator: Option<&Locator>| {
            let locator = locator?;
            // An uploaded file is known by its bytes; anything else by its text.
            if let (LocatorPlace::Body, Body::Form(parts)) = (locator.place, &checked.body) {
                let part = parts
                    .iter()
                    .find(|part| part.name == locator.name.as_bytes());
                if let Some(part) = part.filter(|part| part.file_name.is_some()) {
                    return Some(state::face_digest(part.value));
                }
            }
            state::locate(locator, &values).map(|face| state::face_digest(face.as_bytes()))
        };
        let face = face_at(mark.face.as_ref());
        let answer_state = match (mark.does, &mark.key) {
            (StateAction::Start, _) => AnswerState::Done,
            (StateAction::Compare, _) => {
                let against = face_at(mark.against.as_ref());
                match face.is_some() && face == against {
                    true => AnswerState::Done,
                    false => AnswerState::OtherFace,
                }
            }
            (_, None) => return None,
            (StateAction::Poll, Some(key)) => {
                let key = state::locate(key, &values)?;
                let reply = match store.poll(&mark.resource, &key) {
                    Polled::Pending => {
                        self.render(prepared, state, state.pending.as_ref()?, &no_values)
                    }
                    Polled::Done(rendered) => rendered_reply(rendered),
                    Polled::Absent => match &state.absent {
                        Some(absent) => self.render(prepared, state, absent, &no_values),
                        None => not_held(&mark.resource),
                    },
                };
                return Some(reply.chosen_by_state());
            }
            (_, Some(key)) => {
                let key = state::locate(key, &values);
                if key.is_none() && mark.issued_key().is_none() {
                    return None;
                }
                let sent = state
                    .keep
                    .iter()
                    .filter_map(|name| {
                        let value = match body(name) {
                            Some(value) => value.into_owned(),
                            None => path_parameter(name).or_else(|| query_parameter(name))?,
                        };
                        Some((name.clone(), value))
                    })
                    .collect();
                match store.apply(state, Touch { key, face, sent }) {
                    Applied::Full => return Some(state_full()),
                    Applied::Answer {
                        state: chosen,
                        values,
                    } => {
                        let Some(answer) = state.answer(chosen) else {
                            return Some(not_held(&mark.resource).chosen_by_state());
                        };
                        return Some(self.deliver(store, prepared, state, answer, values));
                    }
                }
            }
        };
        let answer = state.answer(answer_state)?;
        Some(self.deliver(store, prepared, state, answer, no_values))
    }

    /// Sends `answer`, with the values the mark puts in it; for an operation that starts a task,
    /// starts it with `answer` as its result and sends the accepted answer naming it.
    fn deliver<'s>(
        &'s self,
        store: &StateStore,
        prepared: &'s PreparedOperation,
        state: &PreparedState,
        answer: &Resolved,
        mut values: BTreeMap<String, String>,
    ) -> Reply<'s> {
        let (Some(task), Some(poll), Some(accepted)) =
            (&state.mark.task, state.poll, &state.accepted)
        else {
            return self
                .render(prepared, state, answer, &values)
                .chosen_by_state();
        };
        let result = self.rendered(prepared, state, answer, &values);
        let polled_kind = self.operations[poll]
            .state
            .as_ref()
            .map_or("task", |polled| polled.mark.resource.as_str());
        let like = state.issued_like.get(&task.id).map_or("", String::as_str);
        let Some(id) = store.start_task(polled_kind, like, result) else {
            return state_full();
        };
        values.insert(task.id.clone(), id);
        self.render(prepared, state, accepted, &values)
            .chosen_by_state()
    }

    /// `answer` with the values the mark puts in it (echoed, issued, the task's id), ready to send.
    fn render<'s>(
        &'s self,
        prepared: &'s PreparedOperation,
        state: &PreparedState,
        answer: &Resolved,
        values: &BTreeMap<String, String>,
    ) -> Reply<'s> {
        match answer {
            Resolved::Own(index) if !state::puts_values(&state.mark) => prepared.answer(*index),
            Resolved::Own(index) => {
                let rendered = self.rendered(prepared, state, answer, values);
                let mut reply = prepared.answer(*index);
                if let Reply::Documented { body, .. } = &mut reply {
                    *body = Bytes::from(
                        serde_json::to_vec(&rendered.body).expect("JSON values serialise"),
                    );
                }
                reply
            }
            _ => rendered_reply(self.rendered(prepared, state, answer, values)),
        }
    }

    /// `answer`'s status and body, with the values the mark puts in it.
    fn rendered(
        &self,
        prepared: &PreparedOperation,
        state: &PreparedState,
        answer: &Resolved,
        values: &BTreeMap<String, String>,
    ) -> Rendered {
        let documented = |operation: &PreparedOperation, index: usize| {
            let response = &operation.operation.responses[index];
            Rendered {
                status: response.status,
                body: response.example.value.clone(),
                example: Some(response.example.name.clone()),
            }
        };
        let mut rendered = match answer {
            Resolved::Own(index) => documented(prepared, *index),
            Resolved::Poll(index) => match state.poll {
                Some(poll) => documented(&self.operations[poll], *index),
                None => documented(prepared, *index),
            },
            Resolved::Written { status, body } => Rendered {
                status: *status,
                body: body.clone(),
                example: None,
            },
        };
        state::put_values(&state.mark, &mut rendered.body, values);
        rendered
    }
    /// What this vendor's state holds (`None` when the mock is stateless).
    pub fn state(&self) -> Option<StateSnapshot> {
        self.state.as_ref().map(StateStore::snapshot)
    }

    /// Replaces what this vendor's state holds with `seed` (checked first: nothing changes if
    /// it is refused). `Err` says what is wrong, and where in the seed.
    pub fn set_state(&self, seed: &VendorSeed) -> Result<(), String> {
        let prepared = self.prepare_state(seed)?;
        self.install_state(prepared);
        Ok(())
    }

    /// `seed` checked and built for [`SpecResponder::install_state`], changing nothing yet
    /// (`None`: a stateless responder given nothing to hold).
    pub(crate) fn prepare_state(&self, seed: &VendorSeed) -> Result<Option<Seeded>, String> {
        match &self.state {
            Some(store) => store.prepare_seed(&seed.resources, &self.kinds).map(Some),
            None if seed.resources.is_empty() => Ok(None),
            None => Err("the mock is stateless (--stateless)".to_owned()),
        }
    }

    /// Replaces what this vendor's state holds with a seed [`SpecResponder::prepare_state`] built.
    pub(crate) fn install_state(&self, seeded: Option<Seeded>) {
        if let (Some(store), Some(seeded)) = (&self.state, seeded) {
            store.install(seeded);
        }
    }

    /// Forgets everything this vendor's state holds.
    pub fn reset_state(&self) {
        if let Some(store) = &self.state {
            store.reset();
        }
    }
}

impl PreparedOperation {
    fn answer(&self, index: usize) -> Reply<'_> {
        Reply::documented(&self.operation.responses[index], &self.responses[index])
    }

    /// The documented response `index` with the values of `set` (JSON pointers) in its body: the
    /// tokens a token call issued.
    fn answer_with(&self, index: usize, set: &[(&'static str, Value)]) -> Reply<'_> {
        let mut body = self.operation.responses[index].example.value.clone();
        for (pointer, value) in set {
            if let Some(place) = body.pointer_mut(pointer) {
                *place = value.clone();
            }
        }
        let mut reply = self.answer(index);
        if let Reply::Documented { body: sent, .. } = &mut reply {
            *sent = Bytes::from(serde_json::to_vec(&body).expect("JSON values serialise"));
        }
        reply
    }

    /// The answer to a refused credential, marked as such.
    fn refuse(&self, refusal: Refusal) -> Reply<'_> {
        let mut reply = match refusal {
            Refusal::Documented(name) => {
                match self
                    .operation
                    .responses
                    .iter()
                    .position(|r| r.example.name == name)
                {
                    Some(index) => self.answer(index),
                    None => {
                        problem(401, "credential refused", "credential refused", json!({})).into()
                    }
                }
            }
            Refusal::IamFailed(message) => Reply::Own(MockAnswer {
                status: 200,
                content_type: "application/json".to_owned(),
                body: Bytes::from(
                    serde_json::to_vec(&iam_failed_body(message)).expect("JSON values serialise"),
                ),
                headers: Vec::new(),
            }),
            Refusal::Unauthorized(reason) => match documented_status(&self.operation, 401) {
                Some(index) => self.answer(index),
                None => return problem(401, "credential refused", &reason, json!({})).into(),
            },
        };
        reply.add_header(MOCK_HEADER, "credential refused");
        reply
    }

    /// The answer to an invalid request: the documented answer to its missing field where the
    /// spec names one, else the documented answer to an invalid request, else the mock's 422.
    fn invalid(&self, checked: &Checked<'_>) -> Reply<'_> {
        let only_missing = checked.missing.len() == checked.violations.len();
        if only_missing {
            let for_field = |field: &str| {
                self.missing_field
                    .iter()
                    .find(|(name, _)| name == field)
                    .or_else(|| self.missing_field.iter().find(|(name, _)| name == "*"))
                    .map(|(_, index)| *index)
            };
            let mut indexes = checked.missing.iter().map(|field| for_field(field));
            if let Some(Some(first)) = indexes.next() {
                if indexes.all(|index| index == Some(first)) {
                    return self.answer(first);
                }
            }
        }
        if let Some(index) = self.invalid_request {
            return self.answer(index);
        }
        problem(
            422,
            "invalid request",
            "the request does not match the spec",
            json!({ "violations": checked.violations }),
        )
        .into()
    }
}

/// The request's body as read for the checks, kept for a token call and the state.
enum Body<'a> {
    /// A body the quick check passed.
    Tree(JsonTree<'a>),
    /// A body with undocumented properties (or one the tree did not take).
    Json(Value),
    Form(Vec<super::form::Part<'a>>),
    None,
}

/// What the checks found.
struct Checked<'a> {
    /// Each violation, named.
    violations: Vec<String>,
    /// The required fields and parameters that are missing (each one of the violations).
    missing: Vec<String>,
    /// The body's properties its schema does not list, as pointers (accepted unless strict).
    undocumented: Vec<String>,
    body: Body<'a>,
}

/// The request headers the responder reads, found in one pass over the request's few headers
/// (three hashed lookups cost more than comparing their names once); the first value of each.
struct ReadHeaders<'a> {
    credential: Option<&'a HeaderValue>,
    content_type: Option<&'a HeaderValue>,
    /// Whether a `Prefer` header was sent (its values are read only then).
    prefer: bool,
}

impl<'a> ReadHeaders<'a> {
    fn of(headers: &'a HeaderMap, credential: Option<&HeaderName>) -> Self {
        let mut read = Self {
            credential: None,
            content_type: None,
            prefer: false,
        };
        for (name, value) in headers {
            if *name == CONTENT_TYPE {
                read.content_type.get_or_insert(value);
            } else if Some(name) == credential {
                read.credential.get_or_insert(value);
            } else if *name == PREFER {
                read.prefer = true;
            }
        }
        read
    }
}

impl SpecResponder {
    /// Checks `request` against `prepared`; `path` is its path without the vendor prefix.
    fn check<'a>(
        &self,
        prepared: &PreparedOperation,
        request: &RequestView<'a>,
        path: &str,
        read: &ReadHeaders<'_>,
    ) -> Checked<'a> {
        let operation = &prepared.operation;
        let mut found = Checked {
            violations: Vec::new(),
            missing: Vec::new(),
            undocumented: Vec::new(),
            body: Body::None,
        };

        for prepared_param in &prepared.parameters {
            let param = &prepared_param.parameter;
            let sent = match param.location.as_str() {
                "query" => request.query_parameter(&param.name),
                "path" => prepared.template.parameter(path, &param.name),
                _ => continue,
            };
            match sent {
                None if prepared_param.required => {
                    found.violations.push(format!(
                        "{} parameter `{}` is missing",
                        param.location, param.name
                    ));
                    found.missing.push(param.name.clone());
                }
                None => {}
                Some(text) => {
                    for v in prepared_param
                        .validator
                        .violations(&param.value_from_text(&text))
                    {
                        found.violations.push(format!(
                            "{} parameter `{}`: {v}",
                            param.location, param.name
                        ));
                    }
                }
            }
        }

        let Some(media_type) = &operation.request_media_type else {
            return found;
        };
        // Compared as bytes: a media type is ASCII, and checking that the whole value is (as
        // `to_str` does) is a scan of every byte of a boundary for nothing.
        let content_type = read
            .content_type
            .map(HeaderValue::as_bytes)
            .unwrap_or_default();
        if !content_type.starts_with(media_type.as_bytes()) {
            found.violations.push(format!(
                "content type {:?}, documented {media_type}",
                String::from_utf8_lossy(content_type)
            ));
            return found;
        }
        if let Some(schemas) = &prepared.json_body {
            // The quick check first, on the body read as a tree that borrows its strings: most
            // bodies are valid and list nothing undocumented.
            match JsonTree::parse(request.body) {
                Ok(tree) if schemas.listed_only_tree.is_valid(tree.root()) => {
                    found.body = Body::Tree(tree);
                    return found;
                }
                // (A tree holds at most MAX_BODY_VALUES: read again as a `Value`, it is as small.)
                Ok(_) => {}
                // A body the tree did not take is counted before it is read as a `Value`, which
                // would hold every value of it.
                Err(_) if more_values_than(request.body, MAX_BODY_VALUES) => {
                    found.violations.push(format!(
                        "the body holds more than {MAX_BODY_VALUES} JSON values"
                    ));
                    return found;
                }
                Err(_) => {}
            }
            // Otherwise read again as a `Value`, which names what is wrong (or undocumented).
            match serde_json::from_slice::<Value>(request.body) {
                Err(e) => found.violations.push(format!("the body is not JSON: {e}")),
                Ok(body) => {
                    // The quick check first: most bodies are valid and list nothing undocumented.
                    if !schemas.listed_only.is_valid(&body) {
                        let checked_with = match self.strict {
                            true => &schemas.listed_only,
                            false => &schemas.lenient,
                        };
                        for error in checked_with.errors(&body) {
                            if let jsonschema::error::ValidationErrorKind::Required { property } =
                                error.kind()
                            {
                                found.missing.push(match property.as_str() {
                                    Some(name) => name.to_owned(),
                                    None => property.to_string(),
                                });
                            }
                            found
                                .violations
                                .push(format!("body {}", faceauth_conformance::violation(&error)));
                        }
                        if found.violations.is_empty() {
                            found.undocumented =
                                extra_properties::undocumented(&schemas.listed_only, &body);
                        }
                    }
                    found.body = Body::Json(body);
                }
            }
        } else if let Some(form) = &prepared.form {
            let (check, parts) = form.check(content_type, request.body, self.strict);
            // Most forms are valid: nothing to move.
            if !check.violations.is_empty() {
                found.violations.extend(check.violations);
                found.missing.extend(check.missing);
            }
            found.undocumented = check.undocumented;
            found.body = Body::Form(parts);
        }
        found
    }
}

/// Milliseconds since the epoch, now.
fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn documented_status(operation: &SpecOperation, status: u16) -> Option<usize> {
    operation.responses.iter().position(|r| r.status == status)
}

/// Picks the response a `Prefer` header asks for, or the first documented success.
///
/// `Prefer: code=NNN` and `Prefer: example=NAME` pick a documented response; `for=OPERATION_ID`
/// scopes them to one operation (an application sets one header on its HTTP client, and its
/// token requests go through the same client). Unscoped preferences are not applied to the
/// operations sent without the credential (logins, token requests), so that a test of an
/// enrolment's refusal does not also refuse its login; scoped ones are.
fn choose_response(
    operation: &SpecOperation,
    request: &RequestView<'_>,
    prefer_sent: bool,
) -> Result<usize, String> {
    // Without the header (most requests), no list of preferences is built.
    let prefer: Vec<(String, String)> = match prefer_sent {
        false => Vec::new(),
        true => request
            .headers
            .get_all(&PREFER)
            .into_iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split([',', ';']))
            .filter_map(|p| p.trim().split_once('='))
            .map(|(k, v)| {
                (
                    k.trim().to_ascii_lowercase(),
                    v.trim().trim_matches('"').to_owned(),
                )
            })
            .collect(),
    };
    let value_of = |key: &str| {
        prefer
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    let scope = value_of("for");
    let applies = match &scope {
        Some(operation_id) => *operation_id == operation.id,
        None => !operation.public,
    };
    let (wanted_code, wanted_example) = if applies {
        (value_of("code"), value_of("example"))
    } else {
        (None, None)
    };
    let found = if wanted_code.is_none() && wanted_example.is_none() {
        operation.responses.iter().position(|r| r.status < 400)
    } else {
        operation.responses.iter().position(|r| {
            wanted_code
                .as_ref()
                .is_none_or(|c| r.status.to_string() == *c)
                && wanted_example.as_ref().is_none_or(|e| r.example.name == *e)
        })
    };
    found.ok_or_else(|| {
        let asked: Vec<String> = [("code", &wanted_code), ("example", &wanted_example)]
            .into_iter()
            .filter_map(|(key, value)| Some(format!("{key}={}", value.as_ref()?)))
            .collect();
        format!(
            "no documented answer of {} has {}; its documented answers (Prefer: example=NAME; for={}): {}",
            operation.id,
            asked.join(" and "),
            operation.id,
            operation
                .responses
                .iter()
                .map(|r| format!("{} (HTTP {})", r.example.name, r.status))
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

/// An answer the state made (a task's, one the mark writes out), ready to send.
fn rendered_reply<'r>(rendered: Rendered) -> Reply<'r> {
    let mut headers = Vec::new();
    if let Some(name) = rendered.example {
        headers.push((super::reply::EXAMPLE_HEADER.to_owned(), name));
    }
    Reply::Own(MockAnswer {
        status: rendered.status,
        content_type: "application/json".to_owned(),
        body: Bytes::from(serde_json::to_vec(&rendered.body).expect("JSON values serialise")),
        headers,
    })
}

/// The mock's answer to an operation on a resource it does not hold, where the vendor documents
/// no answer to give.
fn not_held<'r>(resource: &str) -> Reply<'r> {
    problem(
        404,
        "not in state",
        &format!("the mock holds no such {resource}, and the vendor documents no answer for one it does not have"),
        json!({}),
    )
    .into()
}

/// The mock's answer to a create past its state cap.
fn state_full<'r>() -> Reply<'r> {
    problem(
        507,
        "state full",
        "the mock holds as many resources as its state cap allows (--state-cap); reset it or raise the cap",
        json!({}),
    )
    .into()
}

/// An answer of the mock itself (not a documented one): JSON naming what is wrong, and the
/// [`MOCK_HEADER`] header saying which kind of answer it is (`kind`).
pub(super) fn problem(status: u16, kind: &str, error: &str, details: Value) -> MockAnswer {
    let mut body = json!({ "error": error, "from": "faceauth mock" });
    if let (Value::Object(body), Value::Object(details)) = (&mut body, details) {
        body.extend(details);
    }
    MockAnswer {
        status,
        content_type: "application/json".to_owned(),
        body: Bytes::from(serde_json::to_vec(&body).expect("JSON values serialise")),
        headers: vec![(MOCK_HEADER.to_owned(), kind.to_owned())],
    }
}

/// A spec path, prepared once for matching request paths (`{name}` matches one segment) and
/// reading their parameters.
enum PathTemplate {
    /// A path without parameters: compared whole.
    Literal(Box<str>),
    /// A path split at `/`.
    Segments(Vec<Segment>),
}

enum Segment {
    Literal(Box<str>),
    /// `{name}`: the parameter's name.
    Parameter(Box<str>),
}

impl PathTemplate {
    fn new(template: &str) -> Self {
        let segments: Vec<Segment> = template
            .split('/')
            .map(
                |t| match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                    Some(name) => Segment::Parameter(name.into()),
                    None => Segment::Literal(t.into()),
                },
            )
            .collect();
        match segments.iter().all(|s| matches!(s, Segment::Literal(_))) {
            true => Self::Literal(template.into()),
            false => Self::Segments(segments),
        }
    }

    /// Whether `path` (without the vendor prefix) matches: every literal equal, every parameter
    /// not empty.
    fn matches(&self, path: &str) -> bool {
        match self {
            Self::Literal(literal) => **literal == *path,
            Self::Segments(template) => {
                let mut segments = path.split('/');
                template.iter().all(|t| match (t, segments.next()) {
                    (_, None) => false,
                    (Segment::Literal(literal), Some(segment)) => **literal == *segment,
                    (Segment::Parameter(_), Some(segment)) => !segment.is_empty(),
                }) && segments.next().is_none()
            }
        }
    }

    /// The value of path parameter `name` in `path` (without the vendor prefix), which matches.
    fn parameter(&self, path: &str, name: &str) -> Option<String> {
        let Self::Segments(template) = self else {
            return None;
        };
        let at = template
            .iter()
            .position(|t| matches!(t, Segment::Parameter(p) if **p == *name))?;
        path.split('/').nth(at).map(str::to_owned)
    }
}

fn resolved(spec: &Spec, schema: &Value) -> Value {
    match schema["$ref"].as_str() {
        Some(reference) => spec.resolve(reference).cloned().unwrap_or(Value::Null),
        None => schema.clone(),
    }
}
