//! The schema a [`Shape`] calls for, in OpenAPI 3.0's form: the smallest that admits every value
//! seen. A property is never made required by inference, and no enum is closed by it.

use serde_json::{json, Map, Value};

use crate::shape::Shape;

impl Shape {
    /// The OpenAPI 3.0 schema that admits every value seen here: `integer` unless a fraction was
    /// seen (then `number`), a string's `format` only when every string had it, objects with
    /// every property seen (none required), arrays with their items' schema, `nullable: true`
    /// where a `null` was seen, and `anyOf` where values of several types were.
    ///
    /// ```
    /// use faceauth_propose::{Sensitivity, Shape};
    /// use serde_json::json;
    ///
    /// let mut shape = Shape::default();
    /// shape.observe(&json!(1), &Sensitivity::default());
    /// shape.observe(&json!("1"), &Sensitivity::default());
    /// assert_eq!(shape.schema(), json!({"anyOf": [{"type": "integer"}, {"type": "string"}]}));
    /// ```
    pub fn schema(&self) -> Value {
        let mut kinds: Vec<Value> = Vec::new();
        if self.booleans > 0 {
            kinds.push(json!({"type": "boolean"}));
        }
        match (self.integers > 0, self.fractions > 0) {
            (_, true) => kinds.push(json!({"type": "number"})),
            (true, false) => kinds.push(json!({"type": "integer"})),
            (false, false) => {}
        }
        if let Some(strings) = &self.strings {
            let mut schema = Map::new();
            schema.insert("type".into(), json!("string"));
            if let Some(format) = strings.formats.iter().next() {
                schema.insert("format".into(), json!(format.name()));
            }
            kinds.push(Value::Object(schema));
        }
        if let Some(arrays) = &self.arrays {
            kinds.push(json!({"type": "array", "items": arrays.items.schema()}));
        }
        if let Some(objects) = &self.objects {
            let properties: Map<String, Value> = objects
                .properties
                .iter()
                .map(|(name, member)| (name.clone(), member.shape.schema()))
                .collect();
            kinds.push(json!({"type": "object", "properties": properties}));
        }
        let mut schema = match kinds.len() {
            1 => kinds.pop().expect("one kind"),
            // Nothing but nulls, or nothing known (deeper than the summary goes): any value.
            0 => json!({}),
            _ => json!({ "anyOf": kinds }),
        };
        if self.nulls > 0 {
            schema["nullable"] = json!(true);
        }
        schema
    }
}
