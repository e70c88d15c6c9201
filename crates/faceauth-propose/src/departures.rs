//! The departures of summarised bodies from a schema, found from their [`Shape`] as the drift
//! check would have found them from the bodies: for an undocumented status whose bodies take the
//! schema of another status of the operation (one type per kind of answer, as the generated
//! clients decode), what that schema must admit besides.

use faceauth_spec::lines::escape;
use serde_json::Value;

use crate::found::{Departure, Found};
use crate::shape::{admits, Shape};
use crate::target::Place;

/// Each departure of the values `shape` summarises from the schema at `place` (a JSON pointer
/// into the body for each, as the drift check names them; array items at index 0).
pub(crate) fn of(spec: &Value, place: Place<'_>, shape: &Shape) -> Vec<Found> {
    let mut found = Vec::new();
    walk(spec, place, shape, String::new(), &mut found);
    found
}

fn walk(spec: &Value, place: Place<'_>, shape: &Shape, at: String, found: &mut Vec<Found>) {
    let Some(place) = place.resolved(spec) else {
        return;
    };
    let schema = place.node;
    // Unions are the drift check's to read, not a summary's.
    if ["allOf", "anyOf", "oneOf"]
        .iter()
        .any(|k| schema.get(k).is_some())
    {
        return;
    }
    if shape.nulls > 0 && schema["nullable"] != Value::Bool(true) {
        push(found, Departure::WrongType, &at, shape.nulls);
    }
    let documented = schema["type"].as_str();
    let admits = |kind: &str| admits(documented, kind);
    let other: u64 = shape
        .kinds()
        .iter()
        .filter(|(kind, _)| !admits(kind))
        .map(|(_, n)| n)
        .sum();
    push(found, Departure::WrongType, &at, other);
    if let (Some(listed), Some(codes)) = (
        schema["enum"].as_array(),
        shape.strings.as_ref().and_then(|s| s.codes.as_ref()),
    ) {
        if codes
            .iter()
            .any(|code| !listed.iter().any(|l| l.as_str() == Some(code.as_str())))
        {
            let strings = shape.strings.as_ref().map_or(0, |s| s.count);
            push(found, Departure::UnknownEnumValue, &at, strings);
        }
    }
    if let Some(members) = shape.objects.as_deref() {
        if admits("object") {
            let open = schema
                .get("additionalProperties")
                .is_some_and(|a| a != &Value::Bool(false));
            for (name, member) in members.properties.iter() {
                let inner = format!("{at}/{}", escape(name));
                match schema["properties"].get(name) {
                    Some(_) => {
                        if let Some(below) = Place::at(spec, &place.keys)
                            .and_then(|p| p.below(spec, &format!("/{}", escape(name))))
                        {
                            walk(spec, below, &member.shape, inner, found);
                        }
                    }
                    None if !open => {
                        push(found, Departure::UndocumentedField, &inner, member.present)
                    }
                    None => {}
                }
            }
            for name in schema["required"].as_array().into_iter().flatten() {
                let Some(name) = name.as_str() else { continue };
                let present = members.properties.get(name).map_or(0, |m| m.present);
                let inner = format!("{at}/{}", escape(name));
                push(
                    found,
                    Departure::MissingRequiredField,
                    &inner,
                    members.count.saturating_sub(present),
                );
            }
        }
    }
    if let Some(items) = shape.arrays.as_deref() {
        if admits("array") {
            if let Some(below) = Place::at(spec, &place.keys).and_then(|p| p.below(spec, "/0")) {
                walk(spec, below, &items.items, format!("{at}/0"), found);
            }
        }
    }
}

fn push(found: &mut Vec<Found>, departure: Departure, at: &str, responses: u64) {
    if responses > 0 {
        found.push(Found {
            departure,
            at: at.to_owned(),
            responses,
            // The status's times stand for its departures' (the summary keeps no time).
            times: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shape::Sensitivity;
    use serde_json::json;

    #[test]
    fn a_summary_departs_from_a_schema_as_its_bodies_would() {
        let spec = json!({"components": {"schemas": {"E": {
            "type": "object", "required": ["code", "id"],
            "properties": {
                "code": {"type": "string", "enum": ["a", "b"]},
                "id": {"type": "string"},
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/I"}}}},
            "I": {"type": "object", "properties": {"n": {"type": "integer"}}}}}});
        let mut shape = Shape::default();
        for body in [
            json!({"code": "c", "id": null, "items": [{"n": 1.5}]}),
            json!({"code": "a", "extra": 1}),
        ] {
            shape.observe(&body, &Sensitivity::default());
        }
        let keys: Vec<String> = ["components", "schemas", "E"].map(String::from).to_vec();
        let found = of(&spec, Place::at(&spec, &keys).unwrap(), &shape);
        let listed: Vec<(Departure, &str, u64)> = found
            .iter()
            .map(|f| (f.departure, f.at.as_str(), f.responses))
            .collect();
        assert_eq!(
            listed,
            [
                (Departure::UnknownEnumValue, "/code", 2),
                (Departure::UndocumentedField, "/extra", 1),
                (Departure::WrongType, "/id", 1),
                (Departure::WrongType, "/items/0/n", 1),
                (Departure::MissingRequiredField, "/id", 1),
            ]
        );
    }
}
