//! The specs themselves: every example validates against its schema (a real JSON Schema validator,
//! formats included), every operation documents its requests and each response status, every
//! example that is not the document's text verbatim says how it was derived, and the servers the
//! clients offer are the ones the specs list.

use faceauth_clients::{advance, progeny, signzy, verisoul, Vendor};
use faceauth_conformance::{SchemaValidator, Spec};
use serde_json::{json, Value};

fn specs() -> Vec<Spec> {
    Vendor::ALL
        .into_iter()
        .map(|v| Spec::load(v).expect("the spec parses"))
        .collect()
}

/// Validates every example of `spec`; returns one line per violation.
fn example_violations(spec: &Spec) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut violations = Vec::new();
    let mut check = |place: String, schema: &Value, value: &Value| {
        checked += 1;
        match SchemaValidator::new(spec, schema) {
            Ok(validator) => violations.extend(
                validator
                    .violations(value)
                    .into_iter()
                    .map(|v| format!("{place}: {v}")),
            ),
            Err(e) => violations.push(format!("{place}: {e}")),
        }
    };
    for (path, item) in spec.document["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let at = format!("{} {method} {path}", spec.vendor);
            for (media_type, media) in op["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flatten()
            {
                for (name, example) in media["examples"].as_object().into_iter().flatten() {
                    check(
                        format!("{at} request {media_type} example {name}"),
                        &media["schema"],
                        &example["value"],
                    );
                }
            }
            for param in op["parameters"].as_array().into_iter().flatten() {
                for (name, example) in param["examples"].as_object().into_iter().flatten() {
                    check(
                        format!("{at} parameter {} example {name}", param["name"]),
                        &param["schema"],
                        &example["value"],
                    );
                }
            }
            for (status, response) in op["responses"].as_object().into_iter().flatten() {
                for (media_type, media) in response["content"].as_object().into_iter().flatten() {
                    for (name, example) in media["examples"].as_object().into_iter().flatten() {
                        check(
                            format!("{at} response {status} {media_type} example {name}"),
                            &media["schema"],
                            &example["value"],
                        );
                    }
                }
                for (header, h) in response["headers"].as_object().into_iter().flatten() {
                    for (name, example) in h["examples"].as_object().into_iter().flatten() {
                        check(
                            format!("{at} response {status} header {header} example {name}"),
                            &h["schema"],
                            &example["value"],
                        );
                    }
                }
            }
        }
    }
    (checked, violations)
}

#[test]
fn every_example_validates_against_its_schema() {
    for spec in specs() {
        let (checked, violations) = example_violations(&spec);
        // Every named example, counted a second way: through the runner's model of the spec.
        let documented: usize = spec
            .operations()
            .iter()
            .map(|op| {
                op.request_examples.len()
                    + op.parameters
                        .iter()
                        .map(|p| p.examples.len())
                        .sum::<usize>()
                    + op.responses.len()
            })
            .sum();
        assert!(documented > 0, "{}", spec.vendor);
        assert_eq!(
            checked, documented,
            "{}: every named example is validated",
            spec.vendor
        );
        assert!(violations.is_empty(), "{violations:#?}");
    }
}

#[test]
fn the_validator_rejects_what_the_schemas_forbid() {
    let verisoul = Spec::load(Vendor::Verisoul).unwrap();
    let request = json!({"$ref": "#/components/schemas/EnrollRequest"});
    let validator = SchemaValidator::new(&verisoul, &request).unwrap();
    // A missing required field, and a session id that is not a UUID (formats are checked).
    let missing =
        validator.violations(&json!({"session_id": "0007b793-ae5d-45a2-8d9f-4a5b573c3271"}));
    assert!(
        missing.iter().any(|v| v.contains("account_id")),
        "{missing:?}"
    );
    let not_uuid = validator.violations(&json!({"session_id": "nope", "account_id": "a"}));
    assert!(
        not_uuid.iter().any(|v| v.contains("/session_id")),
        "{not_uuid:?}"
    );

    // An enum value the spec does not list.
    let error = json!({"$ref": "#/components/schemas/EnrollErrorResponse"});
    let validator = SchemaValidator::new(&verisoul, &error).unwrap();
    assert!(!validator
        .violations(&json!({"error": "session_exploded"}))
        .is_empty());

    // `nullable: true` admits null, and only where it is declared.
    let advance = Spec::load(Vendor::Advance).unwrap();
    let envelope = json!({"$ref": "#/components/schemas/SaveEnrollResponse"});
    let validator = SchemaValidator::new(&advance, &envelope).unwrap();
    let mut body = json!({"code": "SUCCESS", "message": "OK", "data": null, "extra": null,
                          "transactionId": "t", "pricingStrategy": "FREE"});
    assert!(validator.violations(&body).is_empty());
    body["message"] = Value::Null;
    assert!(!validator.violations(&body).is_empty());
}

#[test]
fn every_operation_documents_its_requests_and_each_response_status() {
    for spec in specs() {
        for op in spec.operations() {
            let at = format!("{} {}", spec.vendor, op.id);
            assert!(
                !op.id.is_empty(),
                "{} {}: no operationId",
                op.method,
                op.path
            );
            if op.request_media_type.is_some() {
                assert!(!op.request_examples.is_empty(), "{at}: no request example");
            }
            let documented = spec.operation_object(&op);
            for param in documented["parameters"].as_array().into_iter().flatten() {
                if param["required"] == true {
                    assert!(
                        param["examples"].as_object().is_some_and(|e| !e.is_empty()),
                        "{at}: required parameter {} has no example",
                        param["name"]
                    );
                }
            }
            let statuses = documented["responses"].as_object().unwrap();
            for (status, response) in statuses {
                let status: u16 = status.parse().expect("numeric statuses");
                // A status documented with neither body nor headers (Verisoul's 429) has nothing
                // to exemplify: `tests/rate_limits.rs` serves it to every operation instead.
                if response.get("content").is_none() && response.get("headers").is_none() {
                    assert!(status >= 400, "{at}: a bodiless success {status}");
                    continue;
                }
                assert!(
                    op.responses.iter().any(|r| r.status == status),
                    "{at}: response {status} has no example"
                );
            }
            for response in &op.responses {
                // A body is a named component; a response without one (a redirect) is its headers.
                assert!(
                    response.schema_ref.is_some()
                        || (response.media_type.is_empty() && !response.headers.is_empty()),
                    "{at}: response {} is not a named component",
                    response.status
                );
            }
        }
    }
}

/// An example whose value is not the document's text keeps that text in `x-faceauth-verbatim`.
/// The value must be that text with only the derivations the example's description names: a
/// missing opening brace restored, and "a/b" choice templates replaced by one of their choices.
#[test]
fn every_derived_example_is_its_verbatim_text_with_only_the_named_repairs() {
    let mut derived = 0;
    for spec in specs() {
        visit_examples(&spec.document, &mut |example| {
            let Some(verbatim) = example.get("x-faceauth-verbatim").and_then(Value::as_str) else {
                return;
            };
            derived += 1;
            let description = example["description"].as_str().unwrap_or_default();
            // Literal repairs of the text (a missing comma, a placeholder that is not JSON), each
            // named in `x-faceauth-repairs` as {from, to} and explained in the description.
            let mut repaired = verbatim.to_owned();
            for repair in example["x-faceauth-repairs"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let (from, to) = (
                    repair["from"].as_str().unwrap(),
                    repair["to"].as_str().unwrap(),
                );
                assert!(repaired.contains(from), "the repair {from:?} applies");
                assert!(
                    description.contains("repair"),
                    "the description explains the repairs"
                );
                repaired = repaired.replacen(from, to, 1);
            }
            let verbatim = repaired.as_str();
            let text: Value = match serde_json::from_str(verbatim) {
                Ok(v) => v,
                Err(_) => {
                    assert!(
                        description.contains("opening brace"),
                        "the verbatim text is not JSON and the description does not say why"
                    );
                    serde_json::from_str(&format!("{{{verbatim}"))
                        .expect("the verbatim text with its opening brace restored is JSON")
                }
            };
            assert_template_instance(&text, &example["value"]);
        });
    }
    let recorded: usize = specs()
        .iter()
        .map(|spec| {
            faceauth_conformance::spec_source(spec.vendor)
                .matches("x-faceauth-verbatim:")
                .count()
        })
        .sum();
    assert!(recorded > 0);
    assert_eq!(
        derived, recorded,
        "every example with a verbatim text was checked against it"
    );
}

fn visit_examples(value: &Value, f: &mut dyn FnMut(&Value)) {
    match value {
        Value::Object(map) => {
            if let Some(examples) = map.get("examples").and_then(Value::as_object) {
                examples.values().for_each(&mut *f);
            }
            map.values().for_each(|v| visit_examples(v, f));
        }
        Value::Array(items) => items.iter().for_each(|v| visit_examples(v, f)),
        _ => {}
    }
}

fn assert_template_instance(template: &Value, value: &Value) {
    match (template, value) {
        (Value::Object(t), Value::Object(v)) => {
            assert_eq!(
                t.keys().collect::<Vec<_>>(),
                v.keys().collect::<Vec<_>>(),
                "same fields"
            );
            for (key, tv) in t {
                assert_template_instance(tv, &v[key]);
            }
        }
        (Value::String(t), Value::String(v)) if t != v => assert!(
            t.split('/').any(|choice| choice == v),
            "{v:?} is not one of the template's choices {t:?}"
        ),
        (t, v) => assert_eq!(t, v),
    }
}

#[test]
fn the_clients_offer_exactly_the_documented_servers() {
    fn pairs<S: Copy>(
        all: &[S],
        name: fn(S) -> &'static str,
        url: fn(S) -> &'static str,
    ) -> Vec<(String, String)> {
        all.iter()
            .map(|&s| (name(s).to_owned(), url(s).to_owned()))
            .collect()
    }
    let offered = [
        (
            Vendor::Signzy,
            pairs(
                signzy::Server::ALL,
                signzy::Server::name,
                signzy::Server::url,
            ),
        ),
        (
            Vendor::Verisoul,
            pairs(
                verisoul::Server::ALL,
                verisoul::Server::name,
                verisoul::Server::url,
            ),
        ),
        (
            Vendor::Advance,
            pairs(
                advance::Server::ALL,
                advance::Server::name,
                advance::Server::url,
            ),
        ),
        (
            Vendor::Progeny,
            pairs(
                progeny::Server::ALL,
                progeny::Server::name,
                progeny::Server::url,
            ),
        ),
    ];
    for (vendor, offered) in offered {
        let spec = Spec::load(vendor).unwrap();
        // The spec's own servers, then those only some paths or operations list, each once.
        let mut lists = vec![&spec.document["servers"]];
        for item in spec.document["paths"].as_object().unwrap().values() {
            lists.push(&item["servers"]);
            lists.extend(item.as_object().unwrap().values().map(|op| &op["servers"]));
        }
        let mut documented: Vec<(String, String)> = Vec::new();
        for server in lists.into_iter().filter_map(Value::as_array).flatten() {
            // A server's name is the first word of its description.
            let name = server["description"]
                .as_str()
                .unwrap()
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap()
                .to_lowercase();
            let url = server["url"].as_str().unwrap().to_owned();
            if !documented.iter().any(|(_, known)| *known == url) {
                documented.push((name, url));
            }
        }
        assert_eq!(offered, documented, "{vendor}");
    }
}
