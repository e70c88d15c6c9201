//! The Overlay actions proposed for each kind of departure, against Verisoul's real spec: each
//! targets the schema node the departure is from (through its `$ref`), says what it adds and
//! carries its evidence; what Overlay 1.0 cannot express is said, not proposed; and a secret a
//! response echoed as a property name or a code never reaches a proposal.

use faceauth_propose::{actions, overlay, Case, Departure, Found, Sensitivity, Shape};
use faceauth_test_support::specs;
use serde_json::{json, Value};

fn shape(bodies: &[Value]) -> Shape {
    let mut shape = Shape::default();
    for body in bodies {
        shape.observe(body, &Sensitivity::default());
    }
    shape
}

fn case<'a>(
    path: &'a str,
    method: &'a str,
    status: u16,
    shape: &'a Shape,
    responses: u64,
) -> Case<'a> {
    Case {
        operation: "enrollFaceMatch",
        path,
        method,
        status,
        media: "application/json",
        shape,
        responses,
        bodies: responses,
        times: None,
        traffic: "traffic.jsonl",
    }
}

fn found(departure: Departure, at: &str, responses: u64) -> Found {
    Found {
        departure,
        at: at.to_owned(),
        responses,
        times: None,
    }
}

#[test]
fn each_departure_gets_the_action_that_admits_it_at_its_schema_node() {
    let spec = specs::document("verisoul");
    let enrolled = specs::documented_success("verisoul", "enrollFaceMatch");
    let mut scored = enrolled.clone();
    scored["liveness_score"] = json!(0.97);
    let mut whole = enrolled.clone();
    whole["liveness_score"] = json!(1);
    let bodies = [scored, whole, enrolled];
    let summary = shape(&bodies);
    let (proposed, left) = actions(
        &spec,
        &case("/liveness/enroll", "post", 200, &summary, 3),
        &[found(Departure::UndocumentedField, "/liveness_score", 2)],
        &|_| true,
    );
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(proposed.len(), 1);
    assert_eq!(
        proposed[0].target,
        "$['components']['schemas']['EnrollResponse']"
    );
    assert_eq!(
        proposed[0].update.clone().unwrap(),
        json!({"properties": {"liveness_score": {"type": "number",
            "description": "Observed in recorded traffic; the vendor's documents do not list it."}}})
    );
    assert_eq!(
        proposed[0].observed,
        json!({"responses": 2, "of": 3, "traffic": "traffic.jsonl"})
    );

    // An enum value, a null where none is allowed, a status never documented.
    let mut verified = specs::documented_success("verisoul", "verifyFace");
    verified["decision"] = json!("Uncertain");
    verified["session_data"]["device"]["category"] = Value::Null;
    let summary = shape(&[verified]);
    let (proposed, left) = actions(
        &spec,
        &case("/liveness/verify-face", "post", 200, &summary, 1),
        &[
            found(Departure::UnknownEnumValue, "/decision", 1),
            found(Departure::WrongType, "/session_data/device/category", 1),
        ],
        &|_| true,
    );
    assert!(left.is_empty(), "{left:?}");
    let targets: Vec<(&str, &Value)> = proposed
        .iter()
        .map(|a| (a.target.as_str(), a.update.as_ref().unwrap()))
        .collect();
    assert_eq!(
        targets,
        [
            ("$['components']['schemas']['VerifyFaceResponse']['properties']['decision']['enum']", &json!(["Uncertain"])),
            ("$['components']['schemas']['VerifyFaceResponse']['properties']['session_data']['properties']['device']['properties']['category']", &json!({"nullable": true})),
        ]
    );
    let unavailable = shape(&[json!({"message": "down for maintenance"})]);
    let (proposed, _) = actions(
        &spec,
        &case("/liveness/enroll", "post", 503, &unavailable, 1),
        &[found(Departure::UndocumentedStatus, "", 1)],
        &|_| true,
    );
    // The operation's errors take one named schema (the generated client decodes one error
    // type per operation; two fail the build): the new status takes it too, widened to admit
    // what its bodies showed.
    let shown: Vec<(&str, &Value)> = proposed
        .iter()
        .map(|a| (a.target.as_str(), a.update.as_ref().unwrap()))
        .collect();
    let observed = "Observed in recorded traffic; the vendor's documents do not list it.";
    assert_eq!(
        shown,
        [
            (
                "$['components']['schemas']['EnrollErrorResponse']",
                &json!({"properties": {"message": {"type": "string", "description": observed}}})
            ),
            (
                "$['paths']['/liveness/enroll']['post']['responses']",
                &json!({"503": {
                    "description": "Observed in recorded traffic; the vendor's documents do not list this status.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EnrollErrorResponse"}}}}})
            ),
        ]
    );
    // An operation documenting no error body: the bodies get a schema of their own, named.
    let (named, _) = actions(
        &spec,
        &Case {
            operation: "verifyUniquenessFaceMatch",
            ..case("/liveness/verify-uniqueness", "post", 503, &unavailable, 1)
        },
        &[found(Departure::UndocumentedStatus, "", 1)],
        &|_| true,
    );
    assert_eq!(named.len(), 2);
    assert_eq!(named[0].target, "$['components']['schemas']");
    let component = &named[0].update.as_ref().unwrap()["VerifyUniquenessFaceMatch503Response"];
    assert_eq!(
        component["properties"],
        json!({"message": {"type": "string"}})
    );
    assert_eq!(
        named[1].update.as_ref().unwrap()["503"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/VerifyUniquenessFaceMatch503Response"})
    );
    // The document is an Overlay 1.0 document naming the spec it extends.
    let document = overlay(
        "specs/verisoul.yaml",
        "Proposed from traffic.jsonl",
        &proposed,
    );
    assert_eq!(document["overlay"], "1.0.0");
    assert_eq!(document["extends"], "specs/verisoul.yaml");
    assert_eq!(document["actions"][1]["x-faceauth-observed"]["of"], 1);

    // A required field some responses lack: its entry of `required` removed, which takes 1.1.
    let mut lacking = specs::documented_success("verisoul", "enrollFaceMatch");
    lacking.as_object_mut().unwrap().remove("request_id");
    let summary = shape(&[lacking]);
    let (proposed, left) = actions(
        &spec,
        &case("/liveness/enroll", "post", 200, &summary, 4),
        &[found(Departure::MissingRequiredField, "/request_id", 1)],
        &|_| true,
    );
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(
        proposed[0].target,
        "$['components']['schemas']['EnrollResponse']['required'][?@ == 'request_id']"
    );
    assert_eq!(proposed[0].update, None);
    assert_eq!(
        proposed[0].description,
        "No longer require `request_id`: 1 of 4 responses lacked it"
    );
    let document = overlay("specs/verisoul.yaml", "t", &proposed);
    assert_eq!(document["overlay"], "1.1.0");
    assert_eq!(document["actions"][0]["remove"], true);
}

#[test]
fn what_overlay_1_0_cannot_say_is_left_and_an_echoed_secret_is_never_proposed() {
    let spec = specs::document("verisoul");
    let mut verified = specs::documented_success("verisoul", "verifyFace");
    verified["decision"] = json!(42);
    verified["sk_live_CANARY"] = json!(true);
    let summary = shape(&[verified]);
    let (proposed, left) = actions(
        &spec,
        &case("/liveness/verify-face", "post", 200, &summary, 1),
        &[
            found(Departure::WrongType, "/decision", 1),
            found(Departure::UndocumentedField, "/sk_live_CANARY", 1),
        ],
        &|text| !text.contains("CANARY"),
    );
    assert!(proposed.is_empty(), "{proposed:?}");
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(left[0].contains("anyOf"), "{}", left[0]);
    assert!(!left.concat().contains("CANARY"), "{left:?}");
}
