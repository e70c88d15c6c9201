//! Key-path differences between a documented JSON body and what the typed value gives back.

use serde_json::Value;

/// Every place where `actual` differs from `documented`, as one line each
/// (`$.error.faceThumbnail: documented "url", got nothing`). Empty when they are equal.
pub fn json_differences(documented: &Value, actual: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk("$", documented, actual, &mut out);
    out
}

fn walk(path: &str, documented: &Value, actual: &Value, out: &mut Vec<String>) {
    match (documented, actual) {
        (Value::Object(d), Value::Object(a)) => {
            for (key, dv) in d {
                let child = format!("{path}.{key}");
                match a.get(key) {
                    Some(av) => walk(&child, dv, av, out),
                    None => out.push(format!("{child}: documented {dv}, dropped by the types")),
                }
            }
            for (key, av) in a {
                if !d.contains_key(key) {
                    out.push(format!(
                        "{path}.{key}: not documented, added by the types as {av}"
                    ));
                }
            }
        }
        (Value::Array(d), Value::Array(a)) if d.len() == a.len() => {
            for (i, (dv, av)) in d.iter().zip(a).enumerate() {
                walk(&format!("{path}[{i}]"), dv, av, out);
            }
        }
        (d, a) if numbers_equal(d, a) || d == a => {}
        (d, a) => out.push(format!("{path}: documented {d}, got {a}")),
    }
}

/// `2.0` and `2` are the same number to a JSON reader.
fn numbers_equal(d: &Value, a: &Value) -> bool {
    match (d.as_f64(), a.as_f64()) {
        (Some(x), Some(y)) => d.is_number() && a.is_number() && x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_dropped_added_and_changed_fields() {
        let documented = json!({"a": 1, "b": {"c": "x", "d": null}, "e": [1, 2]});
        let actual = json!({"a": 1.0, "b": {"c": "y"}, "e": [1, 3], "f": true});
        assert_eq!(
            json_differences(&documented, &actual),
            vec![
                "$.b.c: documented \"x\", got \"y\"",
                "$.b.d: documented null, dropped by the types",
                "$.e[1]: documented 2, got 3",
                "$.f: not documented, added by the types as true",
            ]
        );
        assert!(json_differences(&documented, &documented).is_empty());
    }
}
