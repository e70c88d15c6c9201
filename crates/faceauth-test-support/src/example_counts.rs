//! A second reader of the specs' examples, independent of the conformance runner's `Spec` model,
//! its example pointers and its `Provenance`: it walks each spec's YAML with serde_yaml and counts
//! the cases the conformance runner checks (each request example, or one request made of the
//! parameters' examples; then each response example, or each named set of a bodiless response's
//! header examples) by their marks. The CLI's counts must equal these exactly.

use serde_yaml::Value;

/// The methods an OpenAPI path item can hold, in the order the runner visits them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One vendor's examples, counted by their marks.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ExampleCounts {
    /// The operations.
    pub operations: usize,
    /// Every case the runner checks.
    pub examples: usize,
    /// No mark: the vendor's text as printed.
    pub verbatim: usize,
    /// `x-faceauth-verbatim` or `x-faceauth-repairs`.
    pub repaired: usize,
    /// `x-faceauth-third-party: true`.
    pub third_party: usize,
    /// `x-faceauth-constructed: true`, or a case without any example.
    pub constructed: usize,
}

impl ExampleCounts {
    /// Counts a case made of these example objects, by the mark furthest from the vendor's text.
    fn count(&mut self, examples: &[&Value]) {
        self.examples += 1;
        let marked = |key: &str| examples.iter().any(|e| e.get(key).is_some());
        let marked_true = |key: &str| {
            examples
                .iter()
                .any(|e| e.get(key).and_then(Value::as_bool) == Some(true))
        };
        if examples.is_empty() || marked_true("x-faceauth-constructed") {
            self.constructed += 1;
        } else if marked_true("x-faceauth-third-party") {
            self.third_party += 1;
        } else if marked("x-faceauth-verbatim") || marked("x-faceauth-repairs") {
            self.repaired += 1;
        } else {
            self.verbatim += 1;
        }
    }

    /// The counts of every vendor added up.
    pub fn sum(all: impl IntoIterator<Item = ExampleCounts>) -> Self {
        all.into_iter().fold(Self::default(), |a, b| Self {
            operations: a.operations + b.operations,
            examples: a.examples + b.examples,
            verbatim: a.verbatim + b.verbatim,
            repaired: a.repaired + b.repaired,
            third_party: a.third_party + b.third_party,
            constructed: a.constructed + b.constructed,
        })
    }
}

/// `specs/<vendor>.yaml`, read from the repository.
fn spec(vendor: &str) -> Value {
    serde_yaml::from_str(&crate::specs::text(vendor)).unwrap()
}

/// The named example objects of a media type or parameter, in order.
fn named(holder: &Value) -> Vec<(String, &Value)> {
    holder
        .get("examples")
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
        .map(|(name, example)| (name.as_str().unwrap().to_owned(), example))
        .collect()
}

/// Counts `vendor`'s examples (`signzy`, `verisoul`, `advance`, `progeny`).
pub fn example_counts(vendor: &str) -> ExampleCounts {
    let doc = spec(vendor);
    let mut counts = ExampleCounts::default();
    for (_, item) in doc["paths"].as_mapping().unwrap() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            counts.operations += 1;
            // The request: each body example; or, without a body, one request made of each
            // parameter's example named as the first one found, else its first.
            let body = op
                .get("requestBody")
                .and_then(|b| b.get("content"))
                .and_then(Value::as_mapping)
                .and_then(|content| content.iter().next());
            match body {
                Some((_, media)) => {
                    let examples = named(media);
                    if examples.is_empty() {
                        counts.count(&[]);
                    }
                    for (_, example) in examples {
                        counts.count(&[example]);
                    }
                }
                None => {
                    let parameters: Vec<&Value> = op
                        .get("parameters")
                        .and_then(Value::as_sequence)
                        .into_iter()
                        .flatten()
                        .collect();
                    let first_name = parameters
                        .iter()
                        .find_map(|p| named(p).into_iter().next().map(|(n, _)| n));
                    let examples: Vec<&Value> = parameters
                        .iter()
                        .filter_map(|p| {
                            let examples = named(p);
                            let same = examples
                                .iter()
                                .find(|(n, _)| Some(n) == first_name.as_ref());
                            same.or(examples.first()).map(|(_, e)| *e)
                        })
                        .collect();
                    counts.count(&examples);
                }
            }
            // The responses: each example of each documented status (a number); a response
            // without a body, each name its headers' examples use.
            for (status, response) in op["responses"].as_mapping().unwrap() {
                let numeric = match status {
                    Value::Number(_) => true,
                    Value::String(s) => s.parse::<u16>().is_ok(),
                    _ => false,
                };
                if !numeric {
                    continue;
                }
                let content = response.get("content").and_then(Value::as_mapping);
                if let Some(content) = content.filter(|c| !c.is_empty()) {
                    for (_, media) in content {
                        for (_, example) in named(media) {
                            counts.count(&[example]);
                        }
                    }
                    continue;
                }
                let headers: Vec<&Value> = response
                    .get("headers")
                    .and_then(Value::as_mapping)
                    .into_iter()
                    .flatten()
                    .map(|(_, h)| h)
                    .collect();
                let mut names: Vec<String> = Vec::new();
                for header in &headers {
                    for (name, _) in named(header) {
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                }
                for name in names {
                    let examples: Vec<&Value> = headers
                        .iter()
                        .filter_map(|h| h.get("examples").and_then(|e| e.get(name.as_str())))
                        .collect();
                    counts.count(&examples);
                }
            }
        }
    }
    counts
}

/// Every response example of the built vendors' specs (each example of a response with a body,
/// each named set of a bodiless response's header examples), and how many of them declare a
/// refusal (`x-faceauth-outcome: refused` or `{refused: CODE}`; a bodiless response declares it
/// on the response).
pub fn response_outcomes(vendors: &[&str]) -> (usize, usize) {
    let mut examples = 0;
    let mut refusals = 0;
    let refused = |mark: Option<&Value>| match mark {
        Some(Value::String(word)) => word == "refused",
        Some(Value::Mapping(map)) => map.contains_key("refused"),
        _ => false,
    };
    for vendor in vendors {
        let doc = spec(vendor);
        for (_, item) in doc["paths"].as_mapping().unwrap() {
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                for (status, response) in op["responses"].as_mapping().unwrap() {
                    if status.as_str().is_some_and(|s| s.parse::<u16>().is_err()) {
                        continue;
                    }
                    let content = response.get("content").and_then(Value::as_mapping);
                    if let Some(content) = content.filter(|c| !c.is_empty()) {
                        for (_, media) in content {
                            for (_, example) in named(media) {
                                examples += 1;
                                refusals += usize::from(refused(example.get("x-faceauth-outcome")));
                            }
                        }
                        continue;
                    }
                    let mut names: Vec<String> = Vec::new();
                    for (_, header) in response
                        .get("headers")
                        .and_then(Value::as_mapping)
                        .into_iter()
                        .flatten()
                    {
                        for (name, _) in named(header) {
                            if !names.contains(&name) {
                                names.push(name);
                            }
                        }
                    }
                    examples += names.len();
                    if refused(response.get("x-faceauth-outcome")) {
                        refusals += names.len();
                    }
                }
            }
        }
    }
    (examples, refusals)
}

/// The cases a run over the documented examples checks for `vendors`, counted by this reader.
pub fn example_count(vendors: &[&str]) -> usize {
    vendors.iter().map(|v| example_counts(v).examples).sum()
}
