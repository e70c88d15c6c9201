//! Summaries merge: the summaries of any split of a stream of values, merged in any order, equal
//! the summary of the whole stream (what lets traffic larger than one machine be summarised shard
//! by shard), and the schema every recorded value calls for admits each of them.

use faceauth_propose::{Sensitivity, Shape};
use proptest::prelude::*;
use serde_json::{json, Value};

/// JSON values shaped like vendors' responses: a few property names (some secret-named, so that
/// sensitivity is exercised), codes, ids, dates, numbers, nulls, nesting.
fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-1000i64..1000).prop_map(|n| json!(n)),
        (-1000.0f64..1000.0).prop_map(|x| json!(x)),
        prop::sample::select(vec![
            "PASS", "FAIL", "REVIEW", "A", "B", "C", "D", "E", "F", "G"
        ])
        .prop_map(|s| json!(s)),
        Just(json!("58bf8a18-b10b-409d-91d6-fdd358408dff")),
        Just(json!("2024-08-08T03:36:48Z")),
        Just(json!("2024-08-08")),
        Just(json!("https://example.com/face.jpg")),
        "[a-z ]{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "id", "score", "status", "apiKey", "data", "items", "note"
                ])
                .prop_map(str::to_owned),
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn summary(values: &[Value]) -> Shape {
    let mut shape = Shape::default();
    for value in values {
        shape.observe(value, &Sensitivity::default());
    }
    shape
}

proptest! {
    #[test]
    fn merged_summaries_of_any_split_equal_the_summary_of_the_whole(
        values in prop::collection::vec(value(), 0..24),
        cuts in prop::collection::vec(0usize..24, 0..5),
        reverse in any::<bool>(),
    ) {
        let whole = summary(&values);
        let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(values.len())).collect();
        cuts.sort();
        let mut parts = Vec::new();
        let mut start = 0;
        for cut in cuts.into_iter().chain([values.len()]) {
            parts.push(summary(&values[start..cut.max(start)]));
            start = cut.max(start);
        }
        if reverse {
            parts.reverse();
        }
        let mut merged = Shape::default();
        for part in &parts {
            merged.merge(part);
        }
        prop_assert_eq!(&merged, &whole);
        // A summary written and read back is the same summary.
        let text = serde_json::to_string(&merged).unwrap();
        prop_assert_eq!(serde_json::from_str::<Shape>(&text).unwrap(), whole);
    }

    #[test]
    fn the_inferred_schema_admits_every_value_seen(values in prop::collection::vec(value(), 1..16)) {
        let schema = summary(&values).schema();
        // OpenAPI 3.0's `nullable` read as JSON Schema: null added to the admitted types.
        let validator = jsonschema::validator_for(&as_json_schema(schema.clone())).unwrap();
        for value in &values {
            prop_assert!(validator.is_valid(value), "{} refuses {}", schema, value);
        }
    }
}

/// An OpenAPI 3.0 schema as plain JSON Schema: `nullable: true` becomes `anyOf [.., null]`.
fn as_json_schema(schema: Value) -> Value {
    match schema {
        Value::Object(mut map) => {
            let nullable = map.remove("nullable") == Some(json!(true));
            for (_, child) in map.iter_mut() {
                *child = as_json_schema(child.take());
            }
            if let Some(Value::Array(kinds)) = map.get_mut("anyOf") {
                for kind in kinds.iter_mut() {
                    *kind = as_json_schema(kind.take());
                }
            }
            let schema = Value::Object(map);
            match nullable {
                true => json!({"anyOf": [schema, {"type": "null"}]}),
                false => schema,
            }
        }
        other => other,
    }
}
