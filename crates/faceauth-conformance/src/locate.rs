//! Where in a spec a check's evidence is: the node of a documented example, and the schema node a
//! drifted response field departs from. Reports turn these JSON pointers into lines.

use serde_json::Value;

use super::runner::Case;
use super::spec::{Spec, SpecOperation};
use faceauth_spec::lines::escape;

impl Spec {
    /// The pointer of the operation's object (`/paths/~1liveness~1enroll/post`).
    pub fn operation_pointer(&self, operation: &SpecOperation) -> String {
        format!(
            "/paths/{}/{}",
            escape(&operation.path),
            operation.method.to_ascii_lowercase()
        )
    }

    /// The pointers of the example nodes a check is about: one for a body or response example,
    /// one per parameter example for a request made of parameters only. Empty if the example is
    /// not in the spec.
    pub fn example_pointers(&self, operation: &SpecOperation, case: &Case) -> Vec<String> {
        let op_pointer = self.operation_pointer(operation);
        let op = self.operation_object(operation);
        match case {
            Case::Request { example } => {
                if let Some((media_type, media)) = op["requestBody"]["content"]
                    .as_object()
                    .and_then(|c| c.iter().next())
                {
                    let base = format!("{op_pointer}/requestBody/content/{}", escape(media_type));
                    return example_in(media, &base, example).into_iter().collect();
                }
                // Parameters only: each parameter's example of that name, or its first one.
                op["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .filter_map(|(i, p)| {
                        let base = format!("{op_pointer}/parameters/{i}");
                        example_in(p, &base, example).or_else(|| first_example_in(p, &base))
                    })
                    .collect()
            }
            Case::Response { status, example } => {
                let response = &op["responses"][status.to_string()];
                let body = response["content"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .find_map(|(media_type, media)| {
                        let base = format!(
                            "{op_pointer}/responses/{status}/content/{}",
                            escape(media_type)
                        );
                        example_in(media, &base, example)
                    });
                if body.is_some() {
                    return body.into_iter().collect();
                }
                // A response without a body (a redirect): its headers' examples of that name.
                response["headers"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .filter_map(|(name, header)| {
                        let base =
                            format!("{op_pointer}/responses/{status}/headers/{}", escape(name));
                        example_in(header, &base, example)
                    })
                    .collect()
            }
        }
    }

    /// Where the example nodes of a check come from, read from their marks (see
    /// [`Provenance`](super::Provenance)): the furthest from the vendor's text among them.
    pub fn provenance(&self, example_pointers: &[String]) -> super::Provenance {
        super::Provenance::of_examples(
            example_pointers
                .iter()
                .filter_map(|p| self.document.pointer(p)),
        )
    }

    /// The pointer of the schema node that a response's field at `at` (a JSON pointer into the
    /// body) is checked against: the deepest node the path reaches through `$ref`, `properties`,
    /// `items` and `allOf`/`oneOf`/`anyOf`. For a field the schema does not list, that is the
    /// object that does not list it. Without a documented response for `status`, the operation's
    /// `responses`.
    pub fn schema_pointer(
        &self,
        operation: &SpecOperation,
        status: Option<u16>,
        at: &str,
    ) -> String {
        let op_pointer = self.operation_pointer(operation);
        let responses = &self.operation_object(operation)["responses"];
        let key = status.and_then(|status| {
            [
                status.to_string(),
                format!("{}XX", status / 100),
                "default".to_owned(),
            ]
            .into_iter()
            .find(|k| responses.get(k).is_some())
        });
        let Some(key) = key else {
            return format!("{op_pointer}/responses");
        };
        let Some((media_type, _)) = responses[&key]["content"]
            .as_object()
            .and_then(|c| c.iter().next())
        else {
            return format!("{op_pointer}/responses/{key}");
        };
        let mut pointer = format!(
            "{op_pointer}/responses/{key}/content/{}/schema",
            escape(media_type)
        );
        for segment in at.split('/').skip(1) {
            pointer = self.resolve_refs(pointer);
            match self.child_schema(&pointer, segment) {
                Some(child) => pointer = child,
                None => break,
            }
        }
        pointer
    }

    /// Follows `$ref`s from the schema at `pointer` to the node that has the keywords.
    fn resolve_refs(&self, mut pointer: String) -> String {
        for _ in 0..16 {
            match self
                .document
                .pointer(&pointer)
                .and_then(|s| s["$ref"].as_str())
            {
                Some(reference) if reference.starts_with("#/") => {
                    pointer = reference[1..].to_owned();
                }
                _ => break,
            }
        }
        pointer
    }

    /// The subschema of the schema at `pointer` (refs resolved) that holds `segment` (a property
    /// name or an array index).
    fn child_schema(&self, pointer: &str, segment: &str) -> Option<String> {
        let schema = self.document.pointer(pointer)?;
        if schema["properties"].get(unescape(segment)).is_some() {
            return Some(format!("{pointer}/properties/{segment}"));
        }
        if segment.parse::<usize>().is_ok() && schema.get("items").is_some() {
            return Some(format!("{pointer}/items"));
        }
        for combinator in ["allOf", "oneOf", "anyOf"] {
            for (i, _) in schema[combinator]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                let branch = self.resolve_refs(format!("{pointer}/{combinator}/{i}"));
                if let Some(child) = self.child_schema(&branch, segment) {
                    return Some(child);
                }
            }
        }
        None
    }
}

/// The pointer of the named example in a media type or parameter object at `base`.
fn example_in(holder: &Value, base: &str, name: &str) -> Option<String> {
    if holder["examples"].get(name).is_some() {
        return Some(format!("{base}/examples/{}", escape(name)));
    }
    (name == "example" && holder.get("example").is_some()).then(|| format!("{base}/example"))
}

/// The pointer of the first example of a parameter at `base`.
fn first_example_in(holder: &Value, base: &str) -> Option<String> {
    if let Some((name, _)) = holder["examples"].as_object().and_then(|e| e.iter().next()) {
        return Some(format!("{base}/examples/{}", escape(name)));
    }
    holder.get("example").map(|_| format!("{base}/example"))
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}
